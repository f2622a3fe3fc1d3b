/* cm-ocr-layer.h: the words OCR found on a document's scanned pages, their cache file beside the PDF, and the OCR run that makes them. */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"
#include "cm-ocr-engine.h"

G_BEGIN_DECLS

#define CM_OCR_LAYER_ERROR (cm_ocr_layer_error_quark ())

typedef enum
{
  CM_OCR_LAYER_ERROR_INVALID,   /* the cache file is not an OCR layer Clausemark can read */
  CM_OCR_LAYER_ERROR_STALE,     /* the cache was made for other PDF bytes (the PDF changed) */
} CmOcrLayerError;

/* Image resolution OCR runs at: what OCR engines are trained for. */
#define CM_OCR_DEFAULT_DPI 300.0

#define CM_TYPE_OCR_LAYER (cm_ocr_layer_get_type ())

G_DECLARE_FINAL_TYPE (CmOcrLayer, cm_ocr_layer, CM, OCR_LAYER, GObject)

/* Called after each page (DONE of TOTAL; PAGE is the one just finished),
 * on the thread that runs cm_ocr_layer_recognize(). */
typedef void (*CmOcrProgressFunc) (guint    done,
                                   guint    total,
                                   guint    page,
                                   gpointer user_data);

GQuark        cm_ocr_layer_error_quark          (void);

/* An empty layer for the PDF whose bytes hash to SHA256 (hex). */
CmOcrLayer   *cm_ocr_layer_new                  (const char         *sha256);
/* (transfer full) Where the layer of PDF is cached: "NAME.clausemark-ocr.xml"
 * beside "NAME.pdf", so that it travels with the PDF and its review. */
GFile        *cm_ocr_layer_file_for_document    (GFile              *pdf);
/* Reads a cached layer. When SHA256 is not NULL and the file was made for
 * other bytes, fails with CM_OCR_LAYER_ERROR_STALE. A missing file is
 * G_IO_ERROR_NOT_FOUND. Hostile XML is refused (cm-safe-xml). */
CmOcrLayer   *cm_ocr_layer_load                 (GFile              *file,
                                                 const char         *sha256,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* The cached layer of DOCUMENT (from cm_ocr_layer_file_for_document()),
 * when it was made for these very bytes; errors as cm_ocr_layer_load(). */
CmOcrLayer   *cm_ocr_layer_load_for_document    (CmDocument         *document,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* Writes the layer to FILE atomically (temporary file, then rename). */
gboolean      cm_ocr_layer_save                 (CmOcrLayer         *self,
                                                 GFile              *file,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

const char   *cm_ocr_layer_get_sha256           (CmOcrLayer         *self);
/* The engine that made the text ("tesseract 5.3.0, eng"), or NULL. */
const char   *cm_ocr_layer_get_engine           (CmOcrLayer         *self);
void          cm_ocr_layer_set_engine           (CmOcrLayer         *self,
                                                 const char         *engine);
/* Replaces PAGE's words (a GPtrArray of CmOcrWord, copied); a page may be
 * recognized and hold no words (a blank scan). */
void          cm_ocr_layer_set_page             (CmOcrLayer         *self,
                                                 guint               page,
                                                 GPtrArray          *words);
gboolean      cm_ocr_layer_has_page             (CmOcrLayer         *self,
                                                 guint               page);
/* (transfer full) the recognized pages, ascending; *N_PAGES their number. */
guint        *cm_ocr_layer_get_pages            (CmOcrLayer         *self,
                                                 guint              *n_pages);
/* (transfer none) PAGE's words, or NULL when the page was not recognized. */
GPtrArray    *cm_ocr_layer_get_page_words       (CmOcrLayer         *self,
                                                 guint               page);
/* Mean word confidence of PAGE, 0..100 (0 without words). */
double        cm_ocr_layer_get_page_confidence  (CmOcrLayer         *self,
                                                 guint               page);
/* PAGE's words as page text (words of a line joined by spaces, lines by
 * '\n') with one box per character (a word's box shared out among its
 * characters, as tall as its line), like cm_document_get_page_text().
 * FALSE when the page was not recognized. */
gboolean      cm_ocr_layer_get_page_text        (CmOcrLayer         *self,
                                                 guint               page,
                                                 char              **text,
                                                 CmPageRect        **boxes,
                                                 guint              *n_boxes);

/* Renders each of PAGES (1-based) of DOCUMENT at DPI (0: the default) and
 * stores the words ENGINE finds, replacing what the layer had for them.
 * Blocking: call it from a worker thread (it uses a poppler instance of
 * its own). Pages done before an error or cancellation stay in the layer. */
gboolean      cm_ocr_layer_recognize            (CmOcrLayer         *self,
                                                 CmDocument         *document,
                                                 CmOcrEngine        *engine,
                                                 const guint        *pages,
                                                 guint               n_pages,
                                                 double              dpi,
                                                 CmOcrProgressFunc   progress,
                                                 gpointer            user_data,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

G_END_DECLS
