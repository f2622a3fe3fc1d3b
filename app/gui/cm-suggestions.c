/* cm-suggestions.c: the window's clause suggestions: running the analyzers on a thread, and remembering dismissals in the review. */
#include "config.h"

#include <string.h>

#include "cm-suggestions.h"

/* Dismissals live in the sidecar as foreign elements of the review root,
 * which every store keeps and writes back unchanged. */
#define DISMISSED_NS "urn:clausemark:review:1"

typedef struct
{
  CmTextIndex *index;
  CmChecklist *checklist;
} AnalyzeJob;

static void
analyze_job_free (AnalyzeJob *job)
{
  g_clear_object (&job->index);
  g_clear_object (&job->checklist);
  g_free (job);
}

static void
analyze_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AnalyzeJob *job = task_data;
  g_autoptr(GPtrArray) analyzers = cm_plugin_engine_create_analyzers (cm_plugin_engine_get_default ());
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_suggestion_free);

  for (guint i = 0; analyzers != NULL && i < analyzers->len; i++)
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GError) error = NULL;

      found = cm_analyzer_analyze (g_ptr_array_index (analyzers, i), job->index, job->checklist,
                                   cancellable, &error);
      if (found == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      for (guint j = 0; j < found->len; j++)
        g_ptr_array_add (all, cm_suggestion_copy (g_ptr_array_index (found, j)));
    }
  g_task_return_pointer (task, g_steal_pointer (&all), (GDestroyNotify) g_ptr_array_unref);
}

void
cm_suggestions_analyze_async (CmTextIndex         *index,
                              CmChecklist         *checklist,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnalyzeJob *job;

  g_return_if_fail (CM_IS_TEXT_INDEX (index));
  g_return_if_fail (CM_IS_CHECKLIST (checklist));

  job = g_new0 (AnalyzeJob, 1);
  job->index = g_object_ref (index);
  job->checklist = g_object_ref (checklist);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_suggestions_analyze_async);
  g_task_set_task_data (task, job, (GDestroyNotify) analyze_job_free);
  cm_background_run_in_thread (task, analyze_thread);
}

GPtrArray *
cm_suggestions_analyze_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
dismissed_xml (const CmSuggestion *suggestion)
{
  return g_markup_printf_escaped ("<cm:dismissed xmlns:cm=\"" DISMISSED_NS "\" item=\"%s\" start=\"%u\" end=\"%u\"/>",
                                  cm_suggestion_get_item_id (suggestion),
                                  cm_suggestion_get_start (suggestion),
                                  cm_suggestion_get_end (suggestion));
}

gboolean
cm_suggestions_is_dismissed (CmReview           *review,
                             const CmSuggestion *suggestion)
{
  CmExtensions *extensions = cm_review_get_extensions (review);
  g_autofree char *xml = dismissed_xml (suggestion);
  /* Compared from the item on: a store may write the namespace
   * declaration differently. */
  const char *key = strstr (xml, " item=");

  for (guint i = 0; extensions != NULL && i < cm_extensions_get_n_elements (extensions); i++)
    {
      const CmForeignElement *element = cm_extensions_get_element (extensions, i);

      if (element->xml != NULL && strstr (element->xml, "dismissed") != NULL && strstr (element->xml, key) != NULL)
        return TRUE;
    }
  return FALSE;
}

void
cm_suggestions_dismiss (CmReview           *review,
                        const CmSuggestion *suggestion)
{
  g_autofree char *xml = NULL;

  g_return_if_fail (CM_IS_REVIEW (review));
  g_return_if_fail (suggestion != NULL);

  if (cm_suggestions_is_dismissed (review, suggestion))
    return;
  xml = dismissed_xml (suggestion);
  cm_extensions_add_element (cm_review_get_extensions (review), "", xml);
}

static gboolean
is_tagged (CmReview           *review,
           const CmSuggestion *suggestion)
{
  g_autoptr(GPtrArray) evidence = cm_review_get_evidence (review, cm_suggestion_get_item_id (suggestion));

  for (guint i = 0; evidence != NULL && i < evidence->len; i++)
    {
      CmAnchor *anchor = cm_annotation_get_anchor (g_ptr_array_index (evidence, i));

      if (anchor != NULL && cm_anchor_get_start (anchor) < cm_suggestion_get_end (suggestion)
          && cm_anchor_get_end (anchor) > cm_suggestion_get_start (suggestion))
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
cm_suggestions_filter (GPtrArray *all,
                       CmReview  *review)
{
  GPtrArray *open = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_suggestion_free);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      const CmSuggestion *suggestion = g_ptr_array_index (all, i);

      if (review != NULL && (cm_suggestions_is_dismissed (review, suggestion) || is_tagged (review, suggestion)))
        continue;
      g_ptr_array_add (open, cm_suggestion_copy (suggestion));
    }
  return open;
}
