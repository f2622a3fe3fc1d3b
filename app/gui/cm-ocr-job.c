/* cm-ocr-job.c: the window's OCR: the text index read with the OCR text cached beside the PDF, and recognizing scanned pages on a thread. */
#include "config.h"

#include "cm-ocr-job.h"

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CmDocument *document = source_object;
  g_autoptr(CmOcrLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  CmTextIndex *index;

  /* No cache is the common case; a stale one belongs to an older version
   * of the PDF and an unreadable one cannot be used either: in every case
   * the scanned pages are offered for OCR again. */
  layer = cm_ocr_layer_load_for_document (document, cancellable, &error);
  if (layer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("OCR cache not used: %s", error->message);
  g_clear_error (&error);

  index = cm_text_index_new_with_ocr (document, layer, cancellable, &error);
  if (index == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, index, g_object_unref);
}

void
cm_ocr_job_index_async (CmDocument          *document,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (document));

  /* The thread owns DOCUMENT's poppler instance until the callback, as
   * with cm_text_index_new_async(). */
  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_ocr_job_index_async);
  cm_background_run_in_thread (task, index_thread);
}

CmTextIndex *
cm_ocr_job_index_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cm_ocr_job_index_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char **
cm_ocr_job_list_languages (void)
{
  g_autoptr(CmOcrEngine) engine = NULL;

  engine = cm_plugin_engine_create_ocr_engine (cm_plugin_engine_get_default (), NULL, NULL);
  return engine != NULL ? cm_ocr_engine_list_languages (engine) : NULL;
}

gboolean
cm_ocr_job_has_engine (void)
{
  g_autoptr(GPtrArray) engines = cm_plugin_engine_create_ocr_engines (cm_plugin_engine_get_default ());

  return engines != NULL && engines->len > 0;
}

guint *
cm_ocr_job_pages_to_recognize (CmTextIndex *index,
                               guint       *n_pages)
{
  GArray *pages = g_array_new (TRUE, FALSE, sizeof (guint));

  g_return_val_if_fail (CM_IS_TEXT_INDEX (index), NULL);

  for (guint page = 1; page <= cm_text_index_get_n_pages (index); page++)
    if (!cm_text_index_page_has_text (index, page) && !cm_text_index_page_is_ocr (index, page))
      g_array_append_val (pages, page);
  if (n_pages != NULL)
    *n_pages = pages->len;
  return (guint *) g_array_free (pages, FALSE);
}

typedef struct
{
  CmDocument       *document;
  guint            *pages;
  guint             n_pages;
  char             *language;
  CmOcrJobProgress  progress;
  gpointer          progress_data;
} RecognizeJob;

static void
recognize_job_free (RecognizeJob *job)
{
  g_clear_object (&job->document);
  g_free (job->pages);
  g_free (job->language);
  g_free (job);
}

typedef struct
{
  GTask *task;
  guint  done;
  guint  total;
} Progress;

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->task);
  g_free (progress);
}

static gboolean
progress_on_main (gpointer data)
{
  Progress *progress = data;
  RecognizeJob *job = g_task_get_task_data (progress->task);

  /* A cancelled job's caller (a closed window) is not called back. */
  if (!g_cancellable_is_cancelled (g_task_get_cancellable (progress->task)))
    job->progress (progress->done, progress->total, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
report_progress (guint    done,
                 guint    total,
                 guint    page,
                 gpointer user_data)
{
  GTask *task = user_data;
  RecognizeJob *job = g_task_get_task_data (task);
  Progress *progress;

  if (job->progress == NULL)
    return;
  progress = g_new0 (Progress, 1);
  progress->task = g_object_ref (task);
  progress->done = done;
  progress->total = total;
  cm_background_post (g_task_get_context (task), G_PRIORITY_DEFAULT, progress_on_main,
                      progress, (GDestroyNotify) progress_free);
}

static void
recognize_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  RecognizeJob *job = task_data;
  g_autoptr(CmOcrEngine) engine = NULL;
  g_autoptr(CmOcrLayer) layer = NULL;
  g_autoptr(GFile) cache = NULL;
  g_autoptr(GError) error = NULL;
  gboolean recognized;

  engine = cm_plugin_engine_create_ocr_engine (cm_plugin_engine_get_default (), NULL, &error);
  if (engine == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (job->language != NULL && job->language[0] != '\0')
    cm_ocr_engine_set_language (engine, job->language);
  layer = cm_ocr_layer_load_for_document (job->document, cancellable, NULL);
  if (layer == NULL)
    layer = cm_ocr_layer_new (cm_document_get_sha256 (job->document));

  recognized = cm_ocr_layer_recognize (layer, job->document, engine, job->pages, job->n_pages, 0,
                                       report_progress, task, cancellable, &error);
  /* Pages recognized before a failure or a cancellation are kept: OCR is
   * slow, and the next run starts where this one stopped. */
  cache = cm_ocr_layer_file_for_document (cm_document_get_file (job->document));
  if (!cm_ocr_layer_save (layer, cache, NULL, recognized ? &error : NULL) && recognized)
    recognized = FALSE;
  if (!recognized)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cm_ocr_job_recognize_async (CmDocument          *document,
                            const guint         *pages,
                            guint                n_pages,
                            const char          *language,
                            CmOcrJobProgress     progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RecognizeJob *job;

  g_return_if_fail (CM_IS_DOCUMENT (document));
  g_return_if_fail (pages != NULL || n_pages == 0);

  job = g_new0 (RecognizeJob, 1);
  job->document = g_object_ref (document);
  job->pages = n_pages > 0 ? g_memdup2 (pages, sizeof (guint) * n_pages) : NULL;
  job->n_pages = n_pages;
  job->language = g_strdup (language);
  job->progress = progress;
  job->progress_data = progress_data;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_ocr_job_recognize_async);
  g_task_set_task_data (task, job, (GDestroyNotify) recognize_job_free);
  cm_background_run_in_thread (task, recognize_thread);
}

gboolean
cm_ocr_job_recognize_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
