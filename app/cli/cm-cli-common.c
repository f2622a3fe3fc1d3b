/* cm-cli-common.c: the options every command accepts, and opening documents, checklists, stores and reviews for the commands. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "cm-cli.h"

/* Options every command accepts. */
char *opt_sidecar;
char *opt_checklist;
char *opt_password;
char *opt_format;
char *opt_item;
char *opt_assessment;
char *opt_quote;
char *opt_note;
char *opt_author;
char *opt_output;
int opt_page = G_MININT;   /* G_MININT: not given */
char *opt_pages;
gboolean opt_force;
char *opt_language;

const GOptionEntry common_entries[] = {
  { "sidecar", 0, 0, G_OPTION_ARG_FILENAME, &opt_sidecar, N_("Review file to use instead of FILE.clausemark.xml"), N_("PATH") },
  { "checklist", 0, 0, G_OPTION_ARG_FILENAME, &opt_checklist, N_("Checklist XML to use instead of the bundled one"), N_("FILE") },
  { "password", 0, 0, G_OPTION_ARG_STRING, &opt_password, N_("Password of an encrypted PDF"), N_("PW") },
  { NULL }
};

void
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

char *
display_name (const char *path)
{
  return g_filename_display_name (path);
}

/* Loading -------------------------------------------------------------- */

CmDocument *
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
CmOcrLayer *
load_ocr_layer (CmDocument *document)
{
  g_autoptr(GError) error = NULL;
  CmOcrLayer *layer = cm_ocr_layer_load_for_document (document, NULL, &error);

  if (layer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_printerr (_("clausemark-cli: %s (`clausemark-cli ocr --force` remakes it)\n"), error->message);
  return layer;
}

CmTextIndex *
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

CmChecklist *
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

CmStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  CmStore *store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &error);

  if (store == NULL)
    fail (NULL, "%s", error->message);
  return store;
}

GFile *
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
CmReview *
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

gboolean
review_uses_checklist (CmReview    *review,
                       CmChecklist *checklist,
                       const char  *pdf_path)
{
  const char *id = cm_review_get_checklist_id (review);

  if (id == NULL || g_strcmp0 (id, cm_checklist_get_id (checklist)) == 0)
    return TRUE;
  fail (pdf_path, _("the review was made with the checklist “%s”, not “%s”; give that checklist with "
                    "--checklist FILE"), id, cm_checklist_get_id (checklist));
  return FALSE;
}

/* Saves under the sidecar's lock, merging what others saved meanwhile. */
gboolean
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
      /* The store's advice is the window's too; the option is ours. */
      if (g_error_matches (error, CM_STORE_ERROR, CM_STORE_ERROR_WRITE))
        fail (NULL, _("%s (--sidecar PATH saves the review elsewhere)"), error->message);
      else
        fail (NULL, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
parse_assessment (CmAssessment *assessment,
                  const char   *pdf_path)
{
  if (opt_assessment == NULL)
    {
      fail (pdf_path, _("--assessment is required (strong, partial, weak, absent, harmful, not-applicable)"));
      return FALSE;
    }
  if (!cm_assessment_from_string (opt_assessment, assessment) || *assessment == CM_ASSESSMENT_NONE)
    {
      fail (pdf_path, _("unknown assessment “%s”: use strong, partial, weak, absent, harmful or not-applicable"),
            opt_assessment);
      return FALSE;
    }
  return TRUE;
}

gboolean
check_item (CmChecklist *checklist,
            const char  *pdf_path)
{
  if (opt_item == NULL)
    {
      fail (pdf_path, _("--item is required; `clausemark-cli checklist` lists the item ids"));
      return FALSE;
    }
  if (cm_checklist_lookup_item (checklist, opt_item) == NULL)
    {
      fail (pdf_path, _("unknown checklist item “%s”; `clausemark-cli checklist` lists the item ids"),
            opt_item);
      return FALSE;
    }
  return TRUE;
}

/* Re-anchors every annotation of REVIEW in INDEX, counting outcomes.
 * Annotations whose anchor changed are replaced by updated copies (held
 * annotations are immutable); orphaned ones keep their recorded quote. */
void
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
gboolean
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
char *
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

