/* clausemark-cli.c: the command line: inspect an ordinance, tag clauses, set verdicts, list, validate. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <clausemark.h>

/* Exit codes of the contract in DESIGN.md. */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 1,
  EXIT_INPUT = 2,
  EXIT_CONFLICTS = 3,
};

/* Options every command accepts. */
static char *opt_sidecar;
static char *opt_checklist;
static char *opt_password;
static char *opt_format;
static char *opt_item;
static char *opt_assessment;
static char *opt_quote;
static char *opt_note;
static char *opt_author;
static char *opt_output;
static int opt_page;
static char *opt_pages;
static gboolean opt_force;

static const GOptionEntry common_entries[] = {
  { "sidecar", 0, 0, G_OPTION_ARG_FILENAME, &opt_sidecar, N_("Review file to use instead of FILE.clausemark.xml"), N_("PATH") },
  { "checklist", 0, 0, G_OPTION_ARG_FILENAME, &opt_checklist, N_("Checklist XML to use instead of the bundled one"), N_("FILE") },
  { "password", 0, 0, G_OPTION_ARG_STRING, &opt_password, N_("Password of an encrypted PDF"), N_("PW") },
  { NULL }
};

typedef struct
{
  const char *name;
  const char *usage;
  const char *summary;
  int       (*run) (int argc, char **argv);
  const GOptionEntry *entries;
} Command;

G_GNUC_PRINTF (2, 3) static void
fail (const char *file,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line: the file and the reason. */
  g_strdelimit (message, "\n", ' ');
  if (file != NULL)
    g_printerr ("clausemark-cli: %s: %s\n", file, message);
  else
    g_printerr ("clausemark-cli: %s\n", message);
}

static char *
display_name (const char *path)
{
  return g_filename_display_name (path);
}

/* Loading -------------------------------------------------------------- */

static CmDocument *
open_document (const char *path)
{
  g_autoptr(GError) error = NULL;
  CmDocument *document = cm_document_new_for_path (path, opt_password, &error);

  if (document == NULL)
    {
      g_autofree char *name = display_name (path);
      fail (NULL, "%s", error->message);
      (void) name;
    }
  return document;
}

/* The OCR text cached beside the PDF, if any and if it is for these bytes;
 * a stale or unreadable cache is mentioned and ignored (`ocr` remakes it). */
static CmOcrLayer *
load_ocr_layer (CmDocument *document)
{
  g_autoptr(GError) error = NULL;
  CmOcrLayer *layer = cm_ocr_layer_load_for_document (document, NULL, &error);

  if (layer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_printerr (_("clausemark-cli: %s (`clausemark-cli ocr --force` remakes it)\n"), error->message);
  return layer;
}

static CmTextIndex *
open_index (CmDocument *document,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmOcrLayer) ocr_layer = load_ocr_layer (document);
  CmTextIndex *index = cm_text_index_new_with_ocr (document, ocr_layer, NULL, &error);

  if (index == NULL)
    fail (NULL, "%s", error->message);
  return index;
}

static CmChecklist *
open_checklist (void)
{
  g_autoptr(GError) error = NULL;
  CmChecklist *checklist;

  if (opt_checklist != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (opt_checklist);
      checklist = cm_checklist_new_for_file (file, &error);
    }
  else
    checklist = cm_checklist_new_default (&error);

  if (checklist == NULL)
    fail (NULL, "%s", error->message);
  return checklist;
}

static CmStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  CmStore *store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &error);

  if (store == NULL)
    fail (NULL, "%s", error->message);
  return store;
}

static GFile *
sidecar_file (const char *pdf_path)
{
  g_autoptr(GFile) pdf = NULL;

  if (opt_sidecar != NULL)
    return g_file_new_for_commandline_arg (opt_sidecar);
  pdf = g_file_new_for_commandline_arg (pdf_path);
  return cm_store_sidecar_for_document (pdf);
}

/* Loads the review beside DOCUMENT, or a new empty one when there is none
 * yet. A sidecar that exists but cannot be read is an error: we must never
 * replace someone's work with an empty review. The CmReviewFile that
 * remembers the loaded version (the base of a merge on save) rides along
 * with the review. */
static CmReview *
load_review (CmStore    *store,
             GFile      *sidecar,
             CmDocument *document)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReviewFile) file = cm_review_file_new (store, sidecar);
  CmReview *review = cm_review_file_load (file, document, NULL, &error);

  if (review == NULL)
    {
      fail (NULL, "%s", error->message);
      return NULL;
    }
  g_object_set_data_full (G_OBJECT (review), "cm-review-file", g_object_ref (file), g_object_unref);
  return review;
}

/* Saves under the sidecar's lock, merging what others saved meanwhile. */
static gboolean
save_review (CmStore  *store,
             CmReview *review,
             GFile    *sidecar)
{
  g_autoptr(GError) error = NULL;
  CmReviewFile *file = g_object_get_data (G_OBJECT (review), "cm-review-file");
  CmMergeStats stats = { 0 };
  gboolean saved;

  g_return_val_if_fail (file != NULL, FALSE);

  saved = cm_review_file_save (file, &stats, NULL, &error);
  if (saved && stats.conflicts > 0)
    g_printerr (_("clausemark-cli: %s: someone else changed the same items meanwhile; "
                  "%u conflicts recorded for review\n"),
                g_file_peek_path (sidecar), stats.conflicts);
  cm_merge_stats_clear (&stats);
  if (!saved)
    {
      fail (NULL, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
default_author (void)
{
  const char *name = g_getenv ("CLAUSEMARK_AUTHOR");

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

static gboolean
parse_assessment (CmAssessment *assessment)
{
  if (opt_assessment == NULL)
    {
      fail (NULL, _("--assessment is required (strong, partial, weak, absent, harmful, not-applicable)"));
      return FALSE;
    }
  if (!cm_assessment_from_string (opt_assessment, assessment) || *assessment == CM_ASSESSMENT_NONE)
    {
      fail (NULL, _("unknown assessment “%s”: use strong, partial, weak, absent, harmful or not-applicable"),
            opt_assessment);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_item (CmChecklist *checklist)
{
  if (opt_item == NULL)
    {
      fail (NULL, _("--item is required; `clausemark-cli checklist` lists the item ids"));
      return FALSE;
    }
  if (cm_checklist_lookup_item (checklist, opt_item) == NULL)
    {
      fail (NULL, _("unknown checklist item “%s”; `clausemark-cli checklist` lists the item ids"),
            opt_item);
      return FALSE;
    }
  return TRUE;
}

/* Re-anchors every annotation of REVIEW in INDEX, counting outcomes.
 * Annotations whose anchor changed are replaced by updated copies (held
 * annotations are immutable); orphaned ones keep their recorded quote. */
static void
reanchor_review (CmReview    *review,
                 CmTextIndex *index,
                 guint        counts[CM_ANCHOR_STATE_ORPHANED + 1])
{
  GListModel *annotations = cm_review_get_annotations (review);
  g_autoptr(GPtrArray) updated = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (annotations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);
      g_autoptr(CmAnchor) resolved = NULL;

      if (anchor == NULL)
        continue;
      resolved = cm_anchor_copy (anchor);
      counts[cm_anchor_resolve (resolved, index)]++;
      if (!cm_anchor_equal (anchor, resolved))
        {
          CmAnnotation *copy = cm_annotation_copy (annotation);

          cm_annotation_set_anchor (copy, resolved);
          g_ptr_array_add (updated, copy);
        }
    }
  /* Replaced after the walk: replacing re-sorts the list being walked. */
  cm_review_begin_group (review);
  for (guint i = 0; i < updated->len; i++)
    cm_review_replace_annotation (review, g_ptr_array_index (updated, i));
  cm_review_end_group (review);
}

/* When the PDF is not the one the review was made on (an amended
 * ordinance), moves every annotation to the new text and records the new
 * identity, so that the next save describes the PDF it now matches. */
static gboolean
adopt_document (CmReview    *review,
                CmDocument  *document,
                CmTextIndex *index,
                const char  *path)
{
  g_autofree char *basename = NULL;
  g_autoptr(CmTextIndex) own_index = NULL;
  guint counts[CM_ANCHOR_STATE_ORPHANED + 1] = { 0 };

  if (g_strcmp0 (cm_review_get_document_sha256 (review), cm_document_get_sha256 (document)) == 0)
    return TRUE;
  if (cm_review_get_n_annotations (review) > 0)
    {
      if (index == NULL)
        index = own_index = open_index (document, path);
      if (index == NULL)
        return FALSE;
      reanchor_review (review, index, counts);
      g_printerr (_("clausemark-cli: %s: the PDF changed since the review was made; "
                    "%u annotations moved, %u matched approximately, %u orphaned (kept)\n"),
                  path, counts[CM_ANCHOR_STATE_MOVED], counts[CM_ANCHOR_STATE_FUZZY],
                  counts[CM_ANCHOR_STATE_ORPHANED]);
    }
  basename = g_file_get_basename (cm_document_get_file (document));
  cm_review_set_document (review, basename, cm_document_get_sha256 (document),
                          cm_document_get_pdf_id (document), cm_document_get_n_pages (document));
  return TRUE;
}

/* The PDF's title, or, since clerks' prints rarely set one, the first line
 * of text on page 1. (transfer full) */
static char *
document_title (CmDocument  *document,
                CmTextIndex *index)
{
  const char *title = cm_document_get_title (document);
  g_autofree char *first_page = NULL;
  guint start;
  guint end;
  char *line;

  if (title != NULL && *title != '\0')
    return g_strdup (title);
  if (index == NULL || !cm_text_index_page_has_text (index, 1))
    return g_strdup ("");
  cm_text_index_get_page_range (index, 1, &start, &end);
  first_page = cm_text_index_get_slice (index, start, MIN (end, start + 200));
  line = g_strstrip (first_page);
  line[strcspn (line, "\n")] = '\0';
  return g_strdup (g_strstrip (line));
}

/* Commands ------------------------------------------------------------- */

static int
cmd_info (int    argc,
          char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autofree char *sidecar_path = NULL;
  guint counts[CM_ANCHOR_STATE_ORPHANED + 1] = { 0 };
  g_autofree char *title = NULL;
  g_autoptr(CmOcrLayer) ocr_layer = NULL;
  gboolean has_sidecar;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli info FILE.pdf"));
      return EXIT_USAGE;
    }
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  sidecar_path = g_file_get_path (sidecar);
  has_sidecar = g_file_query_exists (sidecar, NULL);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  /* Text extraction of a scan yields nothing; that is reported, not an error. */
  ocr_layer = load_ocr_layer (document);
  index = cm_text_index_new_with_ocr (document, ocr_layer, NULL, NULL);

  title = document_title (document, index);
  g_print ("file: %s\n", argv[1]);
  g_print ("pages: %u\n", cm_document_get_n_pages (document));
  g_print ("title: %s\n", title);
  g_print ("sha256: %s\n", cm_document_get_sha256 (document));
  g_print ("pdf-id: %s\n", cm_document_get_pdf_id (document) ? cm_document_get_pdf_id (document) : "");
  {
    /* Scanned pages need OCR before anything on them can be tagged; text
     * that OCR found is reported as such, never as a text layer. */
    g_autoptr(GString) pages = g_string_new (NULL);
    g_autoptr(GString) ocr_pages = g_string_new (NULL);
    guint n_without = 0, n_ocr = 0;
    gboolean has_layer = FALSE;

    for (guint page = 1; page <= cm_document_get_n_pages (document); page++)
      {
        gboolean is_ocr = index != NULL && cm_text_index_page_is_ocr (index, page);

        if (index != NULL && cm_text_index_page_has_text (index, page) && !is_ocr)
          {
            has_layer = TRUE;
            continue;
          }
        g_string_append_printf (pages, "%s%u", pages->len > 0 ? ", " : "", page);
        n_without++;
        if (is_ocr)
          {
            g_string_append_printf (ocr_pages, "%s%u", ocr_pages->len > 0 ? ", " : "", page);
            n_ocr++;
          }
      }
    g_print ("has-text: %s\n", has_layer ? "yes" : "no");
    g_print ("pages-without-text: %s\n", pages->len > 0 ? pages->str : "none");
    if (n_without > 0)
      {
        g_print ("ocr-pages: %s\n", ocr_pages->len > 0 ? ocr_pages->str : "none");
        if (n_ocr > 0)
          g_print ("ocr-engine: %s\n", cm_ocr_layer_get_engine (ocr_layer) ? cm_ocr_layer_get_engine (ocr_layer) : "");
        g_print ("ocr: ");
        g_print (ngettext ("%u page without a text layer", "%u pages without a text layer", n_without),
                 n_without);
        if (n_ocr > 0)
          g_print (_("; OCR text for %u (marked as OCR)\n"), n_ocr);
        else
          g_print (_("; no OCR text yet (`clausemark-cli ocr %s` recognizes it)\n"), argv[1]);
      }
  }
  g_print ("sidecar: %s%s\n", sidecar_path, has_sidecar ? "" : " (none yet)");
  g_print ("annotations: %u\n", cm_review_get_n_annotations (review));
  g_print ("verdicts: %u\n", g_list_model_get_n_items (cm_review_get_verdicts (review)));

  if (index != NULL && cm_review_get_n_annotations (review) > 0)
    {
      gboolean amended = g_strcmp0 (cm_review_get_document_sha256 (review),
                                    cm_document_get_sha256 (document)) != 0;

      reanchor_review (review, index, counts);
      g_print ("document-changed: %s\n", amended ? "yes" : "no");
      g_print ("anchored: %u\nmoved: %u\nfuzzy: %u\norphaned: %u\n",
               counts[CM_ANCHOR_STATE_ANCHORED], counts[CM_ANCHOR_STATE_MOVED],
               counts[CM_ANCHOR_STATE_FUZZY], counts[CM_ANCHOR_STATE_ORPHANED]);
    }
  return EXIT_OK;
}

static void
print_checklist_json (CmChecklist *checklist)
{
  g_autoptr(GString) out = g_string_new ("{");
  GListModel *categories = cm_checklist_get_categories (checklist);
  gboolean first = TRUE;

  cm_json_append_member (out, &first, "id", cm_checklist_get_id (checklist));
  cm_json_append_member (out, &first, "version", cm_checklist_get_version (checklist));
  cm_json_append_member (out, &first, "title", cm_checklist_get_title (checklist));
  g_string_append (out, ",\"levels\":[");
  for (guint a = CM_ASSESSMENT_STRONG; a < CM_N_ASSESSMENTS; a++)
    {
      gboolean first_level = TRUE;

      g_string_append (out, a == CM_ASSESSMENT_STRONG ? "{" : ",{");
      cm_json_append_member (out, &first_level, "id", cm_assessment_to_string (a));
      cm_json_append_member (out, &first_level, "label", cm_assessment_get_label (a));
      cm_json_append_member (out, &first_level, "meaning",
                             cm_checklist_get_assessment_meaning (checklist, a));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"categories\":[");
  for (guint c = 0; c < g_list_model_get_n_items (categories); c++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, c);
      GListModel *items = cm_checklist_category_get_items (category);
      gboolean first_category = TRUE;

      g_string_append (out, c == 0 ? "{" : ",{");
      cm_json_append_member (out, &first_category, "id", cm_checklist_category_get_id (category));
      cm_json_append_member (out, &first_category, "title", cm_checklist_category_get_title (category));
      g_string_append (out, ",\"items\":[");
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, i);
          const char * const *cues = cm_checklist_item_get_cues (item);
          gboolean first_item = TRUE;

          g_string_append (out, i == 0 ? "{" : ",{");
          cm_json_append_member (out, &first_item, "id", cm_checklist_item_get_id (item));
          cm_json_append_member (out, &first_item, "title", cm_checklist_item_get_title (item));
          cm_json_append_member (out, &first_item, "question", cm_checklist_item_get_question (item));
          cm_json_append_member (out, &first_item, "guidance", cm_checklist_item_get_guidance (item));
          g_string_append (out, ",\"cues\":[");
          for (guint k = 0; cues != NULL && cues[k] != NULL; k++)
            {
              if (k > 0)
                g_string_append_c (out, ',');
              cm_json_append_string (out, cues[k]);
            }
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}\n");
  fputs (out->str, stdout);
}

static int
cmd_checklist (int    argc,
               char **argv)
{
  g_autoptr(CmChecklist) checklist = NULL;
  GListModel *categories;

  if (argc != 1)
    {
      fail (NULL, _("usage: clausemark-cli checklist [--format text|json] [--checklist FILE]"));
      return EXIT_USAGE;
    }
  if (opt_format != NULL && !g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "json"))
    {
      fail (NULL, _("unknown format “%s”: use text or json"), opt_format);
      return EXIT_USAGE;
    }
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;

  if (g_strcmp0 (opt_format, "json") == 0)
    {
      print_checklist_json (checklist);
      return EXIT_OK;
    }

  g_print ("%s (%s, version %s): %u items\n", cm_checklist_get_title (checklist),
           cm_checklist_get_id (checklist), cm_checklist_get_version (checklist),
           cm_checklist_get_n_items (checklist));
  categories = cm_checklist_get_categories (checklist);
  for (guint c = 0; c < g_list_model_get_n_items (categories); c++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, c);
      GListModel *items = cm_checklist_category_get_items (category);

      g_print ("\n%s\t%s\n", cm_checklist_category_get_id (category),
               cm_checklist_category_get_title (category));
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, i);
          g_print ("  %s\t%s\n", cm_checklist_item_get_id (item), cm_checklist_item_get_title (item));
        }
    }
  g_print ("\nlevels: strong, partial, weak, absent, harmful, not-applicable\n");
  return EXIT_OK;
}

/* The pages (sorted, unique) of MATCHES, as "3, 7". */
static char *
format_pages (GArray *matches)
{
  g_autoptr(GString) pages = g_string_new (NULL);
  guint last = 0;

  for (guint i = 0; i < matches->len; i++)
    {
      guint page = g_array_index (matches, CmTextMatch, i).page;

      if (page == last)
        continue;
      if (pages->len > 0)
        g_string_append (pages, ", ");
      g_string_append_printf (pages, "%u", page);
      last = page;
    }
  return g_string_free (g_steal_pointer (&pages), FALSE);
}

static guint
count_pages (GArray *matches)
{
  guint pages = 0;
  guint last = 0;

  for (guint i = 0; i < matches->len; i++)
    {
      guint page = g_array_index (matches, CmTextMatch, i).page;
      if (page != last)
        pages++;
      last = page;
    }
  return pages;
}

static int
cmd_tag (int    argc,
         char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(CmAnchor) anchor = NULL;
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autofree char *author = NULL;
  CmAssessment assessment;
  CmTextMatch match;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli tag FILE.pdf --item ID --assessment LEVEL --quote TEXT "
                    "[--page N] [--note TEXT] [--author NAME]"));
      return EXIT_USAGE;
    }
  if (opt_quote == NULL || *opt_quote == '\0')
    {
      fail (NULL, _("--quote is required: the exact words of the clause to tag"));
      return EXIT_USAGE;
    }
  if (opt_page < 0)
    {
      fail (NULL, _("--page must be a page number (1 or more)"));
      return EXIT_USAGE;
    }
  if (!parse_assessment (&assessment))
    return EXIT_USAGE;
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if (!check_item (checklist))
    return EXIT_USAGE;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if (opt_page > 0 && (guint) opt_page > cm_document_get_n_pages (document))
    {
      fail (argv[1], _("--page %d is beyond the last page (%u)"), opt_page,
            cm_document_get_n_pages (document));
      return EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  /* Load the sidecar before the slow text extraction: a broken one fails fast. */
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  if ((index = open_index (document, argv[1])) == NULL)
    return EXIT_INPUT;
  if (!cm_text_index_has_text (index))
    {
      fail (argv[1], _("the PDF has no text layer (a scan?), so no quote can be found in it"));
      return EXIT_INPUT;
    }

  matches = cm_text_index_find (index, opt_quote, (guint) opt_page);
  if (matches->len == 0)
    {
      if (opt_page > 0)
        fail (argv[1], _("the quote was not found on page %d"), opt_page);
      else
        fail (argv[1], _("the quote was not found in the document"));
      return EXIT_INPUT;
    }
  if (opt_page == 0 && count_pages (matches) > 1)
    {
      g_autofree char *pages = format_pages (matches);
      fail (argv[1], _("the quote occurs on several pages (%s); choose one with --page"), pages);
      return EXIT_USAGE;
    }
  if (matches->len > 1)
    g_printerr (_("clausemark-cli: %s: the quote occurs %u times on page %u; tagging the first\n"),
                argv[1], matches->len, g_array_index (matches, CmTextMatch, 0).page);

  match = g_array_index (matches, CmTextMatch, 0);
  anchor = cm_anchor_new_for_range (index, match.start, match.end);
  author = opt_author ? g_strdup (opt_author) : default_author ();
  annotation = cm_annotation_new (NULL, author, NULL);
  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, opt_item);
  cm_annotation_set_assessment (annotation, assessment);
  cm_annotation_set_note (annotation, opt_note);
  {
    /* The section travels with the annotation: lists and exports show it. */
    g_autoptr(CmSectionMap) sections = cm_section_map_new (index);
    g_autofree char *section = cm_section_map_get_section_at (sections, match.start);

    cm_annotation_set_section (annotation, section);
  }
  cm_review_set_checklist (review, cm_checklist_get_id (checklist), cm_checklist_get_version (checklist));
  cm_review_add_annotation (review, annotation);
  if (!adopt_document (review, document, index, argv[1]))
    return EXIT_INPUT;

  if (!save_review (store, review, sidecar))
    return EXIT_INPUT;
  g_print ("%s\n", cm_annotation_get_id (annotation));
  return EXIT_OK;
}

static int
cmd_untag (int    argc,
           char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autofree char *author = NULL;

  if (argc != 3)
    {
      fail (NULL, _("usage: clausemark-cli untag FILE.pdf ID"));
      return EXIT_USAGE;
    }
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  author = opt_author ? g_strdup (opt_author) : default_author ();
  if (!adopt_document (review, document, NULL, argv[1]))
    return EXIT_INPUT;
  if (!cm_review_remove_annotation (review, argv[2], author))
    {
      fail (argv[1], _("no annotation with id “%s”; `clausemark-cli list` shows the ids"), argv[2]);
      return EXIT_INPUT;
    }
  if (!save_review (store, review, sidecar))
    return EXIT_INPUT;
  return EXIT_OK;
}

static int
cmd_verdict (int    argc,
             char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(CmVerdict) verdict = NULL;
  g_autofree char *author = NULL;
  CmAssessment assessment;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli verdict FILE.pdf --item ID --assessment LEVEL "
                    "[--note TEXT] [--author NAME]"));
      return EXIT_USAGE;
    }
  if (!parse_assessment (&assessment))
    return EXIT_USAGE;
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if (!check_item (checklist))
    return EXIT_USAGE;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;

  author = opt_author ? g_strdup (opt_author) : default_author ();
  verdict = cm_verdict_new (opt_item, assessment, author);
  cm_verdict_set_rationale (verdict, opt_note);
  cm_review_set_checklist (review, cm_checklist_get_id (checklist), cm_checklist_get_version (checklist));
  cm_review_set_verdict (review, verdict);
  if (!adopt_document (review, document, NULL, argv[1]))
    return EXIT_INPUT;
  if (!save_review (store, review, sidecar))
    return EXIT_INPUT;
  return EXIT_OK;
}

/* Tabs, newlines and backslashes escaped, so one annotation is one line. */
static void
append_tsv_field (GString    *out,
                  const char *text)
{
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
append_annotation_json (GString      *out,
                        CmAnnotation *annotation)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  GPtrArray *replies = cm_annotation_get_replies (annotation);
  g_autofree char *created = cm_timestamp_format (cm_annotation_get_created (annotation));
  g_autofree char *modified = cm_timestamp_format (cm_annotation_get_modified (annotation));
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  cm_json_append_member (out, &first, "id", cm_annotation_get_id (annotation));
  cm_json_append_int (out, &first, "page", anchor ? cm_anchor_get_page (anchor) : 0);
  cm_json_append_member (out, &first, "item", cm_annotation_get_item_id (annotation));
  cm_json_append_member (out, &first, "assessment",
                         cm_assessment_to_string (cm_annotation_get_assessment (annotation)));
  cm_json_append_member (out, &first, "author", cm_annotation_get_author (annotation));
  cm_json_append_member (out, &first, "created", created);
  cm_json_append_member (out, &first, "modified", modified);
  cm_json_append_member (out, &first, "quote", anchor ? cm_anchor_get_exact (anchor) : NULL);
  cm_json_append_member (out, &first, "note", cm_annotation_get_note (annotation));
  cm_json_append_member (out, &first, "section", cm_annotation_get_section (annotation));
  if (anchor != NULL)
    {
      cm_json_append_int (out, &first, "start", cm_anchor_get_start (anchor));
      cm_json_append_int (out, &first, "end", cm_anchor_get_end (anchor));
      cm_json_append_member (out, &first, "state",
                             cm_anchor_state_to_string (cm_anchor_get_state (anchor)));
    }
  g_string_append (out, ",\"replies\":[");
  for (guint i = 0; i < replies->len; i++)
    {
      CmReply *reply = g_ptr_array_index (replies, i);
      g_autofree char *reply_created = cm_timestamp_format (cm_reply_get_created (reply));
      gboolean first_reply = TRUE;

      g_string_append (out, i == 0 ? "{" : ",{");
      cm_json_append_member (out, &first_reply, "id", cm_reply_get_id (reply));
      cm_json_append_member (out, &first_reply, "author", cm_reply_get_author (reply));
      cm_json_append_member (out, &first_reply, "created", reply_created);
      cm_json_append_member (out, &first_reply, "text", cm_reply_get_text (reply));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

static int
cmd_list (int    argc,
          char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GListModel *annotations;
  gboolean json;
  guint n;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli list FILE.pdf [--format tsv|json]"));
      return EXIT_USAGE;
    }
  if (opt_format != NULL && !g_str_equal (opt_format, "tsv") && !g_str_equal (opt_format, "json"))
    {
      fail (NULL, _("unknown format “%s”: use tsv or json"), opt_format);
      return EXIT_USAGE;
    }
  json = g_strcmp0 (opt_format, "json") == 0;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;

  annotations = cm_review_get_annotations (review);
  n = g_list_model_get_n_items (annotations);
  g_string_append (out, json ? "[" : "id\tpage\titem\tassessment\tauthor\tquote\tnote\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);

      if (json)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_annotation_json (out, annotation);
          continue;
        }
      append_tsv_field (out, cm_annotation_get_id (annotation));
      g_string_append_printf (out, "\t%u\t", anchor ? cm_anchor_get_page (anchor) : 0);
      append_tsv_field (out, cm_annotation_get_item_id (annotation));
      g_string_append_c (out, '\t');
      append_tsv_field (out, cm_assessment_to_string (cm_annotation_get_assessment (annotation)));
      g_string_append_c (out, '\t');
      append_tsv_field (out, cm_annotation_get_author (annotation));
      g_string_append_c (out, '\t');
      append_tsv_field (out, anchor ? cm_anchor_get_exact (anchor) : NULL);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cm_annotation_get_note (annotation));
      g_string_append_c (out, '\n');
    }
  if (json)
    g_string_append (out, "]\n");
  fputs (out->str, stdout);
  return EXIT_OK;
}

static int
cmd_status (int    argc,
            char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  GPtrArray *items;
  guint assessed = 0;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli status FILE.pdf"));
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

  items = cm_checklist_get_items (checklist);
  g_print ("item\tverdict\tevidence\ttitle\n");
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      const char *id = cm_checklist_item_get_id (item);
      CmVerdict *verdict = cm_review_lookup_verdict (review, id);
      g_autoptr(GPtrArray) evidence = cm_review_get_evidence (review, id);
      gboolean has_verdict = verdict != NULL && cm_verdict_get_assessment (verdict) != CM_ASSESSMENT_NONE;

      if (has_verdict)
        assessed++;
      g_print ("%s\t%s\t%u\t%s\n", id,
               has_verdict ? cm_assessment_to_string (cm_verdict_get_assessment (verdict)) : "-",
               evidence->len, cm_checklist_item_get_title (item));
    }
  g_print ("%u of %u items assessed\n", assessed, items->len);

  /* An amended ordinance: say where the evidence went. */
  if (cm_review_get_n_annotations (review) > 0
      && g_strcmp0 (cm_review_get_document_sha256 (review), cm_document_get_sha256 (document)) != 0)
    {
      g_autoptr(CmTextIndex) index = open_index (document, argv[1]);
      guint counts[CM_ANCHOR_STATE_ORPHANED + 1] = { 0 };

      if (index == NULL)
        return EXIT_INPUT;
      reanchor_review (review, index, counts);
      g_print ("document-changed: yes\nanchored: %u\nmoved: %u\nfuzzy: %u\norphaned: %u\n",
               counts[CM_ANCHOR_STATE_ANCHORED], counts[CM_ANCHOR_STATE_MOVED],
               counts[CM_ANCHOR_STATE_FUZZY], counts[CM_ANCHOR_STATE_ORPHANED]);
    }
  return EXIT_OK;
}

static int
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

static int
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
static CmReview *
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
  review = cm_store_parse (store, bytes, name, &error);
  if (review == NULL)
    {
      fail (NULL, "%s", error->message);
      *failed = TRUE;
    }
  return review;
}

static int
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
      g_printerr (_("clausemark-cli: %s: %u annotations or verdicts were changed on both sides; "
                    "both versions are kept as conflicts to resolve in Clausemark\n"),
                  argv[2], conflicts);
      return EXIT_CONFLICTS;
    }
  return EXIT_OK;
}

static int
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
static int
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
static char *
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
static int
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

/* Suggestions: the analyzer's proposed clauses, one per line. */
static int
cmd_suggest (int    argc,
             char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmAnalyzer) analyzer = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean json;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli suggest FILE.pdf [--format tsv|json]"));
      return EXIT_USAGE;
    }
  if (opt_format != NULL && !g_str_equal (opt_format, "tsv") && !g_str_equal (opt_format, "json"))
    {
      fail (NULL, _("unknown format “%s”: use tsv or json"), opt_format);
      return EXIT_USAGE;
    }
  json = g_strcmp0 (opt_format, "json") == 0;
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  analyzer = cm_plugin_engine_create_analyzer (cm_plugin_engine_get_default (), NULL, &error);
  if (analyzer == NULL)
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }
  if ((index = open_index (document, argv[1])) == NULL)
    return EXIT_INPUT;
  if (!cm_text_index_has_text (index))
    {
      fail (argv[1], _("the PDF has no text layer (a scan?), so there is nothing to suggest; "
                       "`clausemark-cli ocr` recognizes its text"));
      return EXIT_INPUT;
    }
  suggestions = cm_analyzer_analyze (analyzer, index, checklist, NULL, &error);
  if (suggestions == NULL)
    {
      fail (argv[1], "%s", error->message);
      return EXIT_INPUT;
    }

  g_string_append (out, json ? "[" : "item\tpage\tsection\tscore\tquote\treason\n");
  for (guint i = 0; i < suggestions->len; i++)
    {
      CmSuggestion *suggestion = g_ptr_array_index (suggestions, i);
      char score[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (score, sizeof score, "%.3f", cm_suggestion_get_score (suggestion));
      if (json)
        {
          gboolean first = TRUE;

          g_string_append (out, i == 0 ? "{" : ",{");
          cm_json_append_member (out, &first, "item", cm_suggestion_get_item_id (suggestion));
          cm_json_append_int (out, &first, "page", cm_suggestion_get_page (suggestion));
          cm_json_append_member (out, &first, "section", cm_suggestion_get_section (suggestion));
          g_string_append_printf (out, ",\"score\":%s", score);
          cm_json_append_int (out, &first, "start", cm_suggestion_get_start (suggestion));
          cm_json_append_int (out, &first, "end", cm_suggestion_get_end (suggestion));
          cm_json_append_member (out, &first, "quote", cm_suggestion_get_quote (suggestion));
          cm_json_append_member (out, &first, "reason", cm_suggestion_get_reason (suggestion));
          g_string_append_c (out, '}');
          continue;
        }
      append_tsv_field (out, cm_suggestion_get_item_id (suggestion));
      g_string_append_printf (out, "\t%u\t", cm_suggestion_get_page (suggestion));
      append_tsv_field (out, cm_suggestion_get_section (suggestion));
      g_string_append_printf (out, "\t%s\t", score);
      append_tsv_field (out, cm_suggestion_get_quote (suggestion));
      g_string_append_c (out, '\t');
      append_tsv_field (out, cm_suggestion_get_reason (suggestion));
      g_string_append_c (out, '\n');
    }
  if (json)
    g_string_append (out, "]\n");
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* Parses "1,3-5" into ascending unique page numbers within 1..N_PAGES. */
static GArray *
parse_page_list (const char *list,
                 guint       n_pages)
{
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autofree guint8 *chosen = g_new0 (guint8, n_pages + 1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) range = g_strsplit (g_strstrip (parts[i]), "-", 2);
      guint64 first, last;

      if (!g_ascii_string_to_unsigned (g_strstrip (range[0]), 10, 1, n_pages, &first, NULL))
        return NULL;
      last = first;
      if (range[1] != NULL
          && !g_ascii_string_to_unsigned (g_strstrip (range[1]), 10, first, n_pages, &last, NULL))
        return NULL;
      for (guint64 page = first; page <= last; page++)
        chosen[page] = TRUE;
    }
  for (guint page = 1; page <= n_pages; page++)
    if (chosen[page])
      g_array_append_val (pages, page);
  return g_steal_pointer (&pages);
}

static void
print_ocr_progress (guint    done,
                    guint    total,
                    guint    page,
                    gpointer user_data)
{
  g_printerr (_("clausemark-cli: %s: page %u recognized (%u of %u)\n"),
              (const char *) user_data, page, done, total);
}

/* Recognizes the text of pages without a text layer and caches it beside
 * the PDF, where every later command (and the window) finds it. */
static int
cmd_ocr (int    argc,
         char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmOcrEngine) engine = NULL;
  g_autoptr(CmOcrLayer) layer = NULL;
  g_autoptr(GArray) requested = NULL;
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GFile) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *cache_path = NULL;
  guint n_pages, n_words = 0;
  double confidence = 0, seconds;
  gint64 started;
  gboolean recognized;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli ocr FILE.pdf [--pages LIST] [--force]"));
      return EXIT_USAGE;
    }
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  n_pages = cm_document_get_n_pages (document);
  if (opt_pages != NULL && (requested = parse_page_list (opt_pages, n_pages)) == NULL)
    {
      fail (NULL, _("--pages “%s” is not a list of pages of %s like 1,3-5 (it has %u pages)"),
            opt_pages, argv[1], n_pages);
      return EXIT_USAGE;
    }
  engine = cm_plugin_engine_create_ocr_engine (cm_plugin_engine_get_default (), NULL, &error);
  if (engine == NULL || !cm_ocr_engine_is_available (engine, &error))
    {
      fail (argv[1], _("cannot recognize text: %s"), error->message);
      return EXIT_INPUT;
    }

  /* Which pages lack a text layer is read from the PDF alone. */
  if ((index = cm_text_index_new (document, NULL, &error)) == NULL)
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }
  cache = cm_ocr_layer_file_for_document (cm_document_get_file (document));
  cache_path = g_file_get_path (cache);
  layer = opt_force ? NULL : load_ocr_layer (document);
  if (layer == NULL)
    layer = cm_ocr_layer_new (cm_document_get_sha256 (document));

  for (guint i = 0; i < (requested != NULL ? requested->len : n_pages); i++)
    {
      guint page = requested != NULL ? g_array_index (requested, guint, i) : i + 1;

      if (cm_text_index_page_has_text (index, page))
        {
          if (requested != NULL)
            g_printerr (_("clausemark-cli: %s: page %u has a text layer; OCR is not needed there\n"),
                        argv[1], page);
          continue;
        }
      if (!opt_force && cm_ocr_layer_has_page (layer, page))
        continue;
      g_array_append_val (targets, page);
    }
  if (targets->len == 0)
    {
      g_print ("pages-recognized: none\n");
      g_print ("ocr-file: %s%s\n", cache_path, g_file_query_exists (cache, NULL) ? "" : " (none)");
      return EXIT_OK;
    }

  started = g_get_monotonic_time ();
  recognized = cm_ocr_layer_recognize (layer, document, engine, (const guint *) targets->data,
                                       targets->len, 0, print_ocr_progress, argv[1], NULL, &error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  if (!recognized)
    {
      g_autoptr(GError) save_error = NULL;

      fail (argv[1], _("OCR stopped: %s"), error->message);
      /* Pages done before the failure are kept: OCR is slow, and a rerun
       * skips them. */
      if (!cm_ocr_layer_save (layer, cache, NULL, &save_error))
        fail (NULL, "%s", save_error->message);
      return EXIT_INPUT;
    }
  if (!cm_ocr_layer_save (layer, cache, NULL, &error))
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }

  for (guint i = 0; i < targets->len; i++)
    {
      guint page = g_array_index (targets, guint, i);
      GPtrArray *words = cm_ocr_layer_get_page_words (layer, page);

      g_string_append_printf (list, "%s%u", i > 0 ? ", " : "", page);
      for (guint w = 0; words != NULL && w < words->len; w++)
        confidence += cm_ocr_word_get_confidence (g_ptr_array_index (words, w));
      n_words += words != NULL ? words->len : 0;
    }
  g_print ("pages-recognized: %s\n", list->str);
  g_print ("engine: %s\n", cm_ocr_layer_get_engine (layer));
  g_print ("words: %u\n", n_words);
  g_print ("mean-confidence: %.0f\n", n_words > 0 ? confidence / n_words : 0.0);
  g_print ("seconds-per-page: %.2f\n", seconds / targets->len);
  g_print ("ocr-file: %s\n", cache_path);
  return EXIT_OK;
}

/* The verdict matrix: one column per ordinance, one row per checklist item. */
static int
cmd_compare (int    argc,
             char **argv)
{
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmComparison) comparison = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gboolean html;

  if (argc < 2)
    {
      fail (NULL, _("usage: clausemark-cli compare A.pdf B.pdf … --format html|csv -o OUT"));
      return EXIT_USAGE;
    }
  if (opt_format == NULL || (!g_str_equal (opt_format, "html") && !g_str_equal (opt_format, "csv")))
    {
      fail (NULL, _("--format html or --format csv is required"));
      return EXIT_USAGE;
    }
  if (opt_sidecar != NULL && argc > 2)
    {
      fail (NULL, _("--sidecar names one review file, but several PDFs were given"));
      return EXIT_USAGE;
    }
  html = g_str_equal (opt_format, "html");
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;

  comparison = cm_comparison_new (checklist);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(CmDocument) document = NULL;
      g_autoptr(GFile) sidecar = NULL;
      g_autoptr(CmReview) review = NULL;
      g_autofree char *basename = g_path_get_basename (argv[i]);
      g_autofree char *name = display_name (basename);

      if ((document = open_document (argv[i])) == NULL)
        return EXIT_INPUT;
      sidecar = sidecar_file (argv[i]);
      if ((review = load_review (store, sidecar, document)) == NULL)
        return EXIT_INPUT;
      cm_comparison_add_column (comparison, name, cm_document_get_title (document), review);
    }

  out = html ? cm_comparison_to_html (comparison) : cm_comparison_to_csv (comparison);
  if (opt_output == NULL || g_str_equal (opt_output, "-"))
    {
      fputs (out, stdout);
      return EXIT_OK;
    }
  if (!g_file_set_contents (opt_output, out, -1, &error))
    {
      g_autofree char *name = display_name (opt_output);
      fail (name, _("cannot write the comparison: %s"), error->message);
      return EXIT_INPUT;
    }
  return EXIT_OK;
}

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
    fprintf (stream, "  %-10s %-18s %s\n", commands[i].name, commands[i].usage, _(commands[i].summary));
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
  int n_args;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
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
