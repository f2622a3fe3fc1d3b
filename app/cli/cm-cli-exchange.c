/* cm-cli-exchange.c: the commands between files and people: validate, plugins, merge, agreement, import, export. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm-cli.h"

int
cmd_validate (int    argc,
              char **argv)
{
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli validate SIDECAR.xml"));
      return EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  file = g_file_new_for_commandline_arg (argv[1]);
  if (!cm_store_validate (store, file, &error))
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }
  g_print ("%s: valid\n", argv[1]);
  return EXIT_OK;
}

int
cmd_plugins (int    argc,
             char **argv)
{
  GListModel *plugins = cm_plugin_engine_get_plugins (cm_plugin_engine_get_default ());
  guint n = g_list_model_get_n_items (plugins);

  if (argc != 1)
    {
      fail (NULL, _("usage: clausemark-cli plugins"));
      return EXIT_USAGE;
    }
  g_print ("id\tprovides\tstate\tname\tmodule\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmPluginInfo) info = g_list_model_get_item (plugins, i);
      g_autofree char *provides = g_strjoinv (",", (char **) cm_plugin_info_get_provides (info));
      const char *state = !cm_plugin_info_is_enabled (info) ? "disabled"
                          : cm_plugin_info_is_loaded (info) ? "loaded"
                                                            : "failed";

      g_print ("%s\t%s\t%s\t%s\t%s\n", cm_plugin_info_get_id (info), provides, state,
               cm_plugin_info_get_name (info),
               cm_plugin_info_get_module_path (info) ? cm_plugin_info_get_module_path (info) : "");
      if (cm_plugin_info_get_error (info) != NULL)
        g_printerr ("clausemark-cli: plugin %s: %s\n", cm_plugin_info_get_id (info),
                    cm_plugin_info_get_error (info));
    }
  return EXIT_OK;
}

/* Reads and parses a sidecar given on the command line; an empty BASE (git
 * passes one when both sides added the file) counts as no base. */
CmReview *
read_sidecar_argument (CmStore    *store,
                       const char *path,
                       gboolean    empty_is_null,
                       gboolean   *failed)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_autofree char *name = g_file_get_parse_name (file);
  CmReview *review;

  *failed = FALSE;
  if (bytes == NULL)
    {
      fail (path, _("cannot be read: %s"), error->message);
      *failed = TRUE;
      return NULL;
    }
  if (empty_is_null && g_bytes_get_size (bytes) == 0)
    return NULL;
  /* The ordinance given where its review was meant. */
  if (g_bytes_get_size (bytes) >= 5 && memcmp (g_bytes_get_data (bytes, NULL), "%PDF-", 5) == 0)
    {
      fail (path, _("is a PDF; give its review file (NAME.clausemark.xml, beside the PDF)"));
      *failed = TRUE;
      return NULL;
    }
  review = cm_store_parse (store, bytes, name, &error);
  if (review == NULL)
    {
      fail (NULL, "%s", error->message);
      *failed = TRUE;
    }
  return review;
}

int
cmd_merge (int    argc,
           char **argv)
{
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmReview) base = NULL;
  g_autoptr(CmReview) ours = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) merged = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) ours_file = NULL;
  g_autoptr(GError) error = NULL;
  CmMergeStats stats = { 0 };
  gboolean failed;
  guint conflicts;

  if (argc != 4)
    {
      fail (NULL, _("usage: clausemark-cli merge BASE OURS THEIRS (the result is written to OURS)"));
      return EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  base = read_sidecar_argument (store, argv[1], TRUE, &failed);
  if (failed)
    return EXIT_INPUT;
  ours = read_sidecar_argument (store, argv[2], FALSE, &failed);
  if (failed)
    return EXIT_INPUT;
  theirs = read_sidecar_argument (store, argv[3], FALSE, &failed);
  if (failed)
    return EXIT_INPUT;

  merged = cm_review_merge (base, ours, theirs, &stats);
  conflicts = stats.conflicts;
  cm_merge_stats_clear (&stats);

  /* Written in place, without a backup file: git owns OURS (often a
   * temporary file) and keeps the history itself. */
  bytes = cm_store_serialize (store, merged, &error);
  ours_file = g_file_new_for_commandline_arg (argv[2]);
  if (bytes == NULL
      || !g_file_replace_contents (ours_file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
    {
      fail (argv[2], _("could not write the merge: %s"), error->message);
      return EXIT_INPUT;
    }
  if (conflicts > 0)
    {
      g_printerr (ngettext ("clausemark-cli: %s: %u annotation or verdict was changed on both sides; "
                            "both versions are kept as a conflict to resolve in Clausemark\n",
                            "clausemark-cli: %s: %u annotations or verdicts were changed on both sides; "
                            "both versions are kept as conflicts to resolve in Clausemark\n",
                            conflicts),
                  argv[2], conflicts);
      return EXIT_CONFLICTS;
    }
  return EXIT_OK;
}

int
cmd_agreement (int    argc,
               char **argv)
{
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmReview) a = NULL;
  g_autoptr(CmReview) b = NULL;
  g_autoptr(CmAgreement) agreement = NULL;
  GPtrArray *rows;
  gboolean failed;

  if (argc != 3)
    {
      fail (NULL, _("usage: clausemark-cli agreement A.clausemark.xml B.clausemark.xml"));
      return EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  a = read_sidecar_argument (store, argv[1], FALSE, &failed);
  if (failed)
    return EXIT_INPUT;
  b = read_sidecar_argument (store, argv[2], FALSE, &failed);
  if (failed)
    return EXIT_INPUT;

  /* An item without a verdict counts as "absent", the checklist's default. */
  agreement = cm_agreement_new (checklist, a, b);
  rows = cm_agreement_get_rows (agreement);
  g_print ("item\tA\tB\tagree\n");
  for (guint i = 0; i < rows->len; i++)
    {
      const CmAgreementRow *row = g_ptr_array_index (rows, i);

      g_print ("%s\t%s\t%s\t%s\n", cm_checklist_item_get_id (row->item),
               cm_assessment_to_string (row->assessment_a), cm_assessment_to_string (row->assessment_b),
               row->agrees ? "yes" : "no");
    }
  if (rows->len == 0)
    {
      fail (NULL, _("the checklist has no items"));
      return EXIT_INPUT;
    }
  g_print ("agreement: %u of %u items (%.1f%%)\n", cm_agreement_get_n_agreeing (agreement), rows->len,
           100.0 * cm_agreement_get_observed (agreement));
  g_print ("kappa: %.3f\n", cm_agreement_get_kappa (agreement));
  return EXIT_OK;
}

/* Brings in annotations another tool wrote (XFDF from Acrobat, Okular,
 * PDF.js…). Nothing is saved unless the whole file was read: a bad file
 * leaves the sidecar as it was. */
int
cmd_import (int    argc,
            char **argv)
{
  g_autoptr(CmImporter) importer = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  const char *format = opt_format != NULL ? opt_format : "xfdf";
  gint count;

  if (argc != 3)
    {
      fail (NULL, _("usage: clausemark-cli import FILE.pdf --format xfdf IN.xfdf"));
      return EXIT_USAGE;
    }
  importer = cm_plugin_engine_create_importer (cm_plugin_engine_get_default (), format, &error);
  if (importer == NULL)
    {
      fail (NULL, "%s", error->message);
      return EXIT_USAGE;
    }
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  /* A scan has no text to recover quotes from, but its notes still come in. */
  index = cm_text_index_new (document, NULL, &error);
  if (index == NULL && !g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NO_TEXT))
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }
  g_clear_error (&error);
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  if (!review_uses_checklist (review, checklist, argv[1]))
    return EXIT_INPUT;

  input = g_file_new_for_commandline_arg (argv[2]);
  stream = g_file_read (input, NULL, &error);
  if (stream == NULL)
    {
      fail (argv[2], "%s", error->message);
      return EXIT_INPUT;
    }
  count = cm_importer_import (importer, review, checklist, index, G_INPUT_STREAM (stream), NULL, &error);
  if (count < 0)
    {
      fail (argv[2], "%s", error->message);
      return EXIT_INPUT;
    }
  if (count > 0)
    {
      if (cm_review_get_checklist_id (review) == NULL)
        cm_review_set_checklist (review, cm_checklist_get_id (checklist),
                                 cm_checklist_get_version (checklist));
      if (!save_review (store, review, sidecar))
        return EXIT_INPUT;
    }
  g_print ("%d\n", count);
  return EXIT_OK;
}

/* The ids of the exporters installed, for "use one of …" messages. */
char *
list_exporters (void)
{
  g_autoptr(GPtrArray) exporters = cm_plugin_engine_create_exporters (cm_plugin_engine_get_default ());
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < exporters->len; i++)
    {
      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, cm_exporter_get_id (g_ptr_array_index (exporters, i)));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Writes the review out with the exporter plugin for --format. The output
 * goes through g_file_replace(): an existing OUT is only replaced once the
 * export has fully succeeded, and a failed export deletes what it began. */
int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(CmExporter) exporter = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output_name = NULL;
  gboolean existed;

  if (argc != 2 || opt_format == NULL || opt_output == NULL)
    {
      g_autofree char *formats = list_exporters ();
      fail (NULL, _("usage: clausemark-cli export FILE.pdf --format FORMAT -o OUT (formats: %s)"), formats);
      return EXIT_USAGE;
    }
  exporter = cm_plugin_engine_create_exporter (cm_plugin_engine_get_default (), opt_format, &error);
  if (exporter == NULL)
    {
      g_autofree char *formats = list_exporters ();
      fail (NULL, _("unknown export format “%s”: use one of %s"), opt_format,
            *formats != '\0' ? formats : _("(none: no exporter plugin is installed)"));
      return EXIT_USAGE;
    }
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  if (!review_uses_checklist (review, checklist, argv[1]))
    return EXIT_INPUT;
  if (cm_review_get_checklist_id (review) == NULL)
    cm_review_set_checklist (review, cm_checklist_get_id (checklist), cm_checklist_get_version (checklist));

  /* An amended ordinance: pages, quotes and rectangles in the export must be
   * those of this PDF, so the annotations are re-anchored first (in memory;
   * the sidecar is not touched). */
  if (cm_review_get_n_annotations (review) > 0 &&
      g_strcmp0 (cm_review_get_document_sha256 (review), cm_document_get_sha256 (document)) != 0)
    {
      g_autoptr(CmTextIndex) index = open_index (document, argv[1]);
      guint counts[CM_ANCHOR_STATE_ORPHANED + 1] = { 0 };

      if (index == NULL)
        return EXIT_INPUT;
      reanchor_review (review, index, counts);
      fail (argv[1], _("the PDF differs from the reviewed one; re-anchored the annotations: %u moved, %u orphaned"),
            counts[CM_ANCHOR_STATE_MOVED] + counts[CM_ANCHOR_STATE_FUZZY], counts[CM_ANCHOR_STATE_ORPHANED]);
    }

  /* "-o -": to standard output, whole once it is made (pipes see no
   * half-written export). */
  if (g_str_equal (opt_output, "-"))
    {
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) bytes = NULL;

      if (!cm_exporter_export (exporter, review, checklist, document, memory, NULL, &error) ||
          !g_output_stream_close (memory, NULL, &error))
        {
          fail (argv[1], _("export failed: %s"), error->message);
          return EXIT_INPUT;
        }
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
      if (fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout) != g_bytes_get_size (bytes) ||
          fflush (stdout) != 0)
        {
          fail (argv[1], _("cannot write the export to standard output"));
          return EXIT_INPUT;
        }
      return EXIT_OK;
    }

  output = g_file_new_for_commandline_arg (opt_output);
  output_name = display_name (opt_output);
  existed = g_file_query_exists (output, NULL);
  stream = g_file_replace (output, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  if (stream == NULL)
    {
      fail (output_name, _("cannot write the export: %s"), error->message);
      return EXIT_INPUT;
    }
  if (!cm_exporter_export (exporter, review, checklist, document, G_OUTPUT_STREAM (stream), NULL, &error))
    {
      fail (output_name, _("export failed: %s"), error->message);
      /* Closing with a cancelled cancellable drops the temporary file and
       * keeps the old OUT; a file that did not exist before goes away. */
      abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      if (!existed)
        g_file_delete (output, NULL, NULL);
      return EXIT_INPUT;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
    {
      fail (output_name, _("cannot write the export: %s"), error->message);
      if (!existed)
        g_file_delete (output, NULL, NULL);
      return EXIT_INPUT;
    }
  return EXIT_OK;
}

