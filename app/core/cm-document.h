/* cm-document.h: an opened PDF ordinance: identity, metadata and per-page text with glyph boxes. */
#pragma once

#include <gio/gio.h>

#include "cm-types.h"

G_BEGIN_DECLS

#define CM_DOCUMENT_ERROR (cm_document_error_quark ())

typedef enum
{
  CM_DOCUMENT_ERROR_NOT_FOUND,      /* no such file, or it cannot be read */
  CM_DOCUMENT_ERROR_NOT_PDF,        /* the bytes are not a PDF at all */
  CM_DOCUMENT_ERROR_DAMAGED,        /* a PDF, but truncated or broken beyond repair */
  CM_DOCUMENT_ERROR_ENCRYPTED,      /* needs a password and none was given */
  CM_DOCUMENT_ERROR_BAD_PASSWORD,   /* a password was given and it is wrong */
  CM_DOCUMENT_ERROR_NO_PAGES,       /* a valid PDF with no pages */
  CM_DOCUMENT_ERROR_NO_TEXT,        /* no text layer (a scan); reported when text is needed */
  CM_DOCUMENT_ERROR_TOO_LARGE,      /* beyond the size limits Clausemark accepts */
} CmDocumentError;

#define CM_TYPE_DOCUMENT (cm_document_get_type ())

G_DECLARE_FINAL_TYPE (CmDocument, cm_document, CM, DOCUMENT, GObject)

GQuark       cm_document_error_quark     (void);

CmDocument  *cm_document_new_for_file    (GFile         *file,
                                          const char    *password,
                                          GCancellable  *cancellable,
                                          GError       **error);
CmDocument  *cm_document_new_for_path    (const char    *path,
                                          const char    *password,
                                          GError       **error);
void         cm_document_new_async       (GFile               *file,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
CmDocument  *cm_document_new_finish      (GAsyncResult  *result,
                                          GError       **error);

GFile       *cm_document_get_file        (CmDocument    *self);
/* The file's bytes, shared: the GUI's render worker opens its own poppler
 * document from them, since poppler is not safe across threads. */
GBytes      *cm_document_get_bytes       (CmDocument    *self);
const char  *cm_document_get_password    (CmDocument    *self);
guint        cm_document_get_n_pages     (CmDocument    *self);
const char  *cm_document_get_title       (CmDocument    *self);
/* Hex SHA-256 of the file's bytes. */
const char  *cm_document_get_sha256      (CmDocument    *self);
/* Hex of the trailer's permanent /ID, or NULL when the PDF has none. */
const char  *cm_document_get_pdf_id      (CmDocument    *self);
void         cm_document_get_page_size   (CmDocument    *self,
                                          guint          page,
                                          double        *width,
                                          double        *height);
gboolean     cm_document_peek_page_size  (CmDocument    *self,
                                          guint          page,
                                          double        *width,
                                          double        *height);
void         cm_document_load_page_sizes_async  (CmDocument          *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean     cm_document_load_page_sizes_finish (CmDocument    *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* Text of one page in poppler's reading order, and one glyph box per
 * character of it (same length, in characters, as the text). Used by
 * CmTextIndex; callers normally want the index instead. Must be called from
 * the thread that owns the document. */
gboolean     cm_document_get_page_text   (CmDocument    *self,
                                          guint          page,
                                          char         **text,
                                          CmPageRect   **boxes,
                                          guint         *n_boxes,
                                          GError       **error);

G_END_DECLS
