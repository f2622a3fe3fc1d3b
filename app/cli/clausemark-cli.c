/* clausemark-cli.c: the command line's entry point: the command table, option parsing and dispatch (the commands live in cm-cli-*.c). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cm-cli.h"

/* Dispatch ------------------------------------------------------------- */

static const GOptionEntry format_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format"), N_("FORMAT") },
  { NULL }
};

static const GOptionEntry tag_entries[] = {
  { "item", 0, 0, G_OPTION_ARG_STRING, &opt_item, N_("Checklist item id"), N_("ID") },
  { "assessment", 0, 0, G_OPTION_ARG_STRING, &opt_assessment, N_("strong, partial, weak, absent, harmful or not-applicable"), N_("LEVEL") },
  { "quote", 0, 0, G_OPTION_ARG_STRING, &opt_quote, N_("Exact words of the clause"), N_("TEXT") },
  { "page", 0, 0, G_OPTION_ARG_INT, &opt_page, N_("Page the quote is on"), N_("N") },
  { "note", 0, 0, G_OPTION_ARG_STRING, &opt_note, N_("Note (or rationale, for a verdict)"), N_("TEXT") },
  { "author", 0, 0, G_OPTION_ARG_STRING, &opt_author, N_("Reviewer name"), N_("NAME") },
  { NULL }
};

static const GOptionEntry export_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Output file"), N_("OUT") },
  { "author", 0, 0, G_OPTION_ARG_STRING, &opt_author, N_("Reviewer name"), N_("NAME") },
  { NULL }
};

static const GOptionEntry ocr_entries[] = {
  { "pages", 0, 0, G_OPTION_ARG_STRING, &opt_pages, N_("Pages to recognize (default: every page without a text layer)"), N_("LIST") },
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force, N_("Recognize pages again even when their OCR text is cached"), NULL },
  { "language", 0, 0, G_OPTION_ARG_STRING, &opt_language, N_("Language of the pages, as the OCR engine names it: eng, spa, eng+spa (default: eng)"), N_("CODE") },
  { NULL }
};

static const GOptionEntry author_entries[] = {
  { "author", 0, 0, G_OPTION_ARG_STRING, &opt_author, N_("Reviewer name"), N_("NAME") },
  { NULL }
};

static const Command commands[] = {
  { "info", "FILE.pdf", N_("Pages, title, SHA-256, text layer, sidecar and annotation count"), cmd_info, NULL },
  { "checklist", "", N_("Print the checklist"), cmd_checklist, format_entries },
  { "tag", "FILE.pdf", N_("Tag a quoted clause with a checklist item and assessment"), cmd_tag, tag_entries },
  { "untag", "FILE.pdf ID", N_("Delete an annotation"), cmd_untag, author_entries },
  { "verdict", "FILE.pdf", N_("Set the verdict of a checklist item"), cmd_verdict, tag_entries },
  { "list", "FILE.pdf", N_("List the annotations"), cmd_list, format_entries },
  { "status", "FILE.pdf", N_("Verdict and evidence count of every item"), cmd_status, NULL },
  { "export", "FILE.pdf", N_("Export the review"), cmd_export, export_entries },
  { "import", "FILE.pdf IN", N_("Import annotations from another tool"), cmd_import, export_entries },
  { "merge", "BASE OURS THEIRS", N_("Three-way merge of sidecars (git merge driver)"), cmd_merge, NULL },
  { "validate", "SIDECAR.xml", N_("Check a sidecar against the schema"), cmd_validate, NULL },
  { "plugins", "", N_("List the plugins"), cmd_plugins, NULL },
  { "agreement", "A.xml B.xml", N_("Agreement between two reviewers (Cohen's kappa)"), cmd_agreement, NULL },
  { "suggest", "FILE.pdf", N_("Suggest clauses for checklist items"), cmd_suggest, format_entries },
  { "compare", "A.pdf B.pdf…", N_("Verdict matrix across ordinances"), cmd_compare, export_entries },
  { "ocr", "FILE.pdf", N_("Recognize the text of scanned pages (OCR) and keep it beside the PDF"), cmd_ocr, ocr_entries },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: clausemark-cli COMMAND [OPTIONS] ARGUMENTS"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *usage = commands[i].usage != NULL ? commands[i].usage : "";
      /* printf pads bytes: "…" is three, one column. */
      int padding = 18 - (int) g_utf8_strlen (usage, -1);

      fprintf (stream, "  %-10s %s%*s %s\n", commands[i].name, usage, MAX (padding, 0), "", _(commands[i].summary));
    }
  fprintf (stream, "\n%s\n", _("Common options: --sidecar PATH, --checklist FILE, --password PW"));
  fprintf (stream, "%s\n", _("`clausemark-cli COMMAND --help` shows a command's options."));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  const Command *command = NULL;
  const char *localedir = g_getenv ("CLAUSEMARK_LOCALEDIR");
  int n_args;

  setlocale (LC_ALL, "");
  /* As the window: `meson devenv` runs either translated from the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("clausemark-cli %s\n", CM_VERSION);
      return EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    {
      fail (NULL, _("unknown command “%s”"), argv[1]);
      print_usage (stderr);
      return EXIT_USAGE;
    }

  {
    g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, command->usage);
    context = g_option_context_new (parameter);
  }
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);

  /* argv[1..]: the command name takes the program's place for GOption. */
  args = g_strdupv (argv + 1);
  n_args = (int) g_strv_length (args);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      fail (NULL, "%s", error->message);
      return EXIT_USAGE;
    }
  n_args = (int) g_strv_length (args);
  return command->run (n_args, args);
}

