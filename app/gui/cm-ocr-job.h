/* cm-ocr-job.h: the window's OCR: the text index read with the OCR text cached beside the PDF, and recognizing scanned pages on a thread. */
#pragma once

#include <clausemark.h>

G_BEGIN_DECLS

/* Builds DOCUMENT's text index on a worker thread, the text of scanned
 * pages taken from the OCR cache beside the PDF when there is one for
 * these bytes (a missing, stale or unreadable cache is simply not used). */
void          cm_ocr_job_index_async        (CmDocument           *document,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
CmTextIndex  *cm_ocr_job_index_finish       (GAsyncResult         *result,
                                             GError              **error);

/* Whether an OCR plugin is installed and enabled (whether its program is
 * installed is found out, and explained, when it runs). */
gboolean      cm_ocr_job_has_engine         (void);
/* Pages of INDEX without a text layer and without OCR text, 0-terminated
 * (transfer full); *N_PAGES their number. */
guint        *cm_ocr_job_pages_to_recognize (CmTextIndex          *index,
                                             guint                *n_pages);

/* Called on the main thread after each page. */
typedef void (*CmOcrJobProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

/* The languages the OCR engine has data for, in its codes ("eng",
 * "spa"); NULL when there is no engine or it cannot tell. Runs the
 * engine's program: not for a frame callback. */
char        **cm_ocr_job_list_languages     (void);

/* Recognizes the text of PAGES of DOCUMENT on a worker thread with the
 * best available OCR engine, in LANGUAGE (the engine's codes joined by
 * '+'; NULL or "" for its default), and adds it to the cache beside the
 * PDF. */
void          cm_ocr_job_recognize_async    (CmDocument           *document,
                                             const guint          *pages,
                                             guint                 n_pages,
                                             const char           *language,
                                             CmOcrJobProgress      progress,
                                             gpointer              progress_data,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      cm_ocr_job_recognize_finish   (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
