/* cm-report-data.c: what the HTML and PDF reports share: evidence grouped by item, reviewers, verdict counts. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-report-data.h"

static void
reviewer_free (CmReportReviewer *reviewer)
{
  g_free (reviewer->name);
  g_clear_pointer (&reviewer->first, g_date_time_unref);
  g_clear_pointer (&reviewer->last, g_date_time_unref);
  g_free (reviewer);
}

static void
widen_range (GDateTime **first,
             GDateTime **last,
             GDateTime  *time)
{
  if (time == NULL)
    return;
  if (*first == NULL || g_date_time_compare (time, *first) < 0)
    {
      g_clear_pointer (first, g_date_time_unref);
      *first = g_date_time_ref (time);
    }
  if (*last == NULL || g_date_time_compare (time, *last) > 0)
    {
      g_clear_pointer (last, g_date_time_unref);
      *last = g_date_time_ref (time);
    }
}

static CmReportReviewer *
lookup_reviewer (GHashTable *by_name,
                 const char *name)
{
  CmReportReviewer *reviewer;

  /* Unsigned work is still work: it is listed under an empty name rather than dropped. */
  if (name == NULL)
    name = "";
  reviewer = g_hash_table_lookup (by_name, name);
  if (reviewer == NULL)
    {
      reviewer = g_new0 (CmReportReviewer, 1);
      reviewer->name = g_strdup (name);
      g_hash_table_insert (by_name, reviewer->name, reviewer);
    }
  return reviewer;
}

static void
note_activity (CmReportData     *self,
               CmReportReviewer *reviewer,
               GDateTime        *time)
{
  widen_range (&reviewer->first, &reviewer->last, time);
  widen_range (&self->first, &self->last, time);
}

static int
compare_reviewers (gconstpointer a,
                   gconstpointer b)
{
  const CmReportReviewer *x = *(CmReportReviewer * const *) a;
  const CmReportReviewer *y = *(CmReportReviewer * const *) b;

  return g_utf8_collate (x->name, y->name);
}

CmReportData *
cm_report_data_new (CmReview    *review,
                    CmChecklist *checklist,
                    CmDocument  *document)
{
  CmReportData *self = g_new0 (CmReportData, 1);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *annotations = cm_review_get_annotations (review);
  GListModel *verdicts = cm_review_get_verdicts (review);
  guint n = g_list_model_get_n_items (annotations);
  GHashTableIter iter;
  gpointer value;

  self->review = g_object_ref (review);
  self->checklist = checklist ? g_object_ref (checklist) : NULL;
  self->document = document ? g_object_ref (document) : NULL;
  self->evidence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->unfiled = g_ptr_array_new_with_free_func (g_object_unref);
  self->reviewers = g_ptr_array_new_with_free_func ((GDestroyNotify) reviewer_free);
  /* The name the review recorded wins: it is what the reviewers opened. */
  if (cm_review_get_document_file (review) != NULL)
    self->file = g_strdup (cm_review_get_document_file (review));
  else if (document != NULL)
    self->file = g_file_get_basename (cm_document_get_file (document));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      const char *item_id = cm_annotation_get_item_id (annotation);
      GPtrArray *replies = cm_annotation_get_replies (annotation);
      CmReportReviewer *reviewer;

      reviewer = lookup_reviewer (by_name, cm_annotation_get_author (annotation));
      reviewer->n_annotations++;
      note_activity (self, reviewer, cm_annotation_get_created (annotation));
      note_activity (self, reviewer, cm_annotation_get_modified (annotation));
      for (guint j = 0; j < replies->len; j++)
        {
          CmReply *reply = g_ptr_array_index (replies, j);

          reviewer = lookup_reviewer (by_name, cm_reply_get_author (reply));
          reviewer->n_replies++;
          note_activity (self, reviewer, cm_reply_get_created (reply));
        }

      if (item_id != NULL && checklist != NULL && cm_checklist_lookup_item (checklist, item_id) != NULL)
        {
          GPtrArray *evidence = g_hash_table_lookup (self->evidence, item_id);

          if (evidence == NULL)
            {
              evidence = g_ptr_array_new_with_free_func (g_object_unref);
              g_hash_table_insert (self->evidence, g_strdup (item_id), evidence);
            }
          g_ptr_array_add (evidence, g_steal_pointer (&annotation));
        }
      else
        g_ptr_array_add (self->unfiled, g_steal_pointer (&annotation));
    }

  n = g_list_model_get_n_items (verdicts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmVerdict) verdict = g_list_model_get_item (verdicts, i);
      CmReportReviewer *reviewer = lookup_reviewer (by_name, cm_verdict_get_author (verdict));

      reviewer->n_verdicts++;
      note_activity (self, reviewer, cm_verdict_get_modified (verdict));
    }

  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (self->reviewers, value);
  g_ptr_array_sort (self->reviewers, compare_reviewers);

  if (checklist != NULL)
    {
      GPtrArray *items = cm_checklist_get_items (checklist);

      self->n_items = items->len;
      for (guint i = 0; i < items->len; i++)
        {
          const char *id = cm_checklist_item_get_id (g_ptr_array_index (items, i));

          if (cm_report_data_get_verdict (self, id) != CM_ASSESSMENT_NONE)
            self->n_assessed++;
          if (!g_hash_table_contains (self->evidence, id))
            self->n_without_evidence++;
        }
    }
  return self;
}

void
cm_report_data_free (CmReportData *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->review);
  g_clear_object (&self->checklist);
  g_clear_object (&self->document);
  g_free (self->file);
  g_clear_pointer (&self->evidence, g_hash_table_unref);
  g_clear_pointer (&self->unfiled, g_ptr_array_unref);
  g_clear_pointer (&self->reviewers, g_ptr_array_unref);
  g_clear_pointer (&self->first, g_date_time_unref);
  g_clear_pointer (&self->last, g_date_time_unref);
  g_free (self);
}

GPtrArray *
cm_report_data_get_evidence (CmReportData *self,
                             const char   *item_id)
{
  GPtrArray *evidence = g_hash_table_lookup (self->evidence, item_id);

  if (evidence == NULL)
    {
      /* Cached empty, so callers never juggle NULL. */
      evidence = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->evidence, g_strdup (item_id), evidence);
    }
  return evidence;
}

CmAssessment
cm_report_data_get_verdict (CmReportData *self,
                            const char   *item_id)
{
  CmVerdict *verdict = cm_review_lookup_verdict (self->review, item_id);

  return verdict != NULL ? cm_verdict_get_assessment (verdict) : CM_ASSESSMENT_NONE;
}

guint
cm_report_data_count (CmReportData        *self,
                      CmChecklistCategory *category,
                      CmAssessment         assessment)
{
  GListModel *items = cm_checklist_category_get_items (category);
  guint n = g_list_model_get_n_items (items);
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, i);

      if (cm_report_data_get_verdict (self, cm_checklist_item_get_id (item)) == assessment)
        count++;
    }
  return count;
}

const char *
cm_report_data_get_file (CmReportData *self)
{
  return self->file;
}

const char *
cm_report_data_get_title (CmReportData *self)
{
  const char *title = self->document ? cm_document_get_title (self->document) : NULL;

  if (title != NULL && *title != '\0')
    return title;
  title = cm_report_data_get_file (self);
  if (title != NULL && *title != '\0')
    return title;
  return _("Untitled ordinance");
}

const char *
cm_report_data_get_sha256 (CmReportData *self)
{
  const char *sha256 = self->document ? cm_document_get_sha256 (self->document) : NULL;

  return sha256 != NULL ? sha256 : cm_review_get_document_sha256 (self->review);
}

guint
cm_report_data_get_pages (CmReportData *self)
{
  if (self->document != NULL)
    return cm_document_get_n_pages (self->document);
  return cm_review_get_document_pages (self->review);
}

char *
cm_report_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}
