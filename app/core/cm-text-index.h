/* cm-text-index.h: a document's text in reading order, extracted once, with tolerant quote search. */
#pragma once

#include "cm-document.h"
#include "cm-ocr-layer.h"

G_BEGIN_DECLS

#define CM_TYPE_TEXT_INDEX (cm_text_index_get_type ())

G_DECLARE_FINAL_TYPE (CmTextIndex, cm_text_index, CM, TEXT_INDEX, GObject)

/* One place a quote was found: [start, end) in characters of the index
 * text, and the page where it starts. */
typedef struct
{
  guint start;
  guint end;
  guint page;
} CmTextMatch;

/* The index text is the concatenation of every page's cleaned text in
 * reading order (two-column pages read column by column; margin line
 * numbers and running headers/footers left out), pages separated by '\f'. */
CmTextIndex  *cm_text_index_new             (CmDocument           *document,
                                             GCancellable         *cancellable,
                                             GError              **error);
void          cm_text_index_new_async       (CmDocument           *document,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
CmTextIndex  *cm_text_index_new_finish      (GAsyncResult         *result,
                                             GError              **error);
/* The same, with the text of pages that have no text layer (scans) taken
 * from OCR_LAYER, when it has them (NULL: none). The layer must not change
 * while the index is built; cm_text_index_new_finish() ends the async one. */
CmTextIndex  *cm_text_index_new_with_ocr    (CmDocument           *document,
                                             CmOcrLayer           *ocr_layer,
                                             GCancellable         *cancellable,
                                             GError              **error);
void          cm_text_index_new_with_ocr_async (CmDocument        *document,
                                             CmOcrLayer           *ocr_layer,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);

CmDocument   *cm_text_index_get_document    (CmTextIndex          *self);
const char   *cm_text_index_get_text        (CmTextIndex          *self);
guint         cm_text_index_get_length      (CmTextIndex          *self);
gboolean      cm_text_index_has_word        (CmTextIndex          *self,
                                             const char           *word);
guint         cm_text_index_get_n_pages     (CmTextIndex          *self);
gboolean      cm_text_index_has_text        (CmTextIndex          *self);
gboolean      cm_text_index_page_has_text   (CmTextIndex          *self,
                                             guint                 page);
/* Whether PAGE has no text layer and its text (maybe none) came from OCR. */
gboolean      cm_text_index_page_is_ocr     (CmTextIndex          *self,
                                             guint                 page);
/* (transfer none) the OCR layer the index was built with, or NULL. */
CmOcrLayer   *cm_text_index_get_ocr_layer   (CmTextIndex          *self);
void          cm_text_index_get_page_range  (CmTextIndex          *self,
                                             guint                 page,
                                             guint                *start,
                                             guint                *end);
guint         cm_text_index_get_page_at     (CmTextIndex          *self,
                                             guint                 offset);
char         *cm_text_index_get_slice       (CmTextIndex          *self,
                                             guint                 start,
                                             guint                 end);
/* Every place QUOTE occurs (tolerating line and page breaks, hyphenation at
 * line ends, ligatures, curly quotes, case and whitespace differences); only
 * on PAGE when PAGE is not 0. Returns (transfer full) an array of
 * CmTextMatch, in document order, possibly empty. */
GArray       *cm_text_index_find            (CmTextIndex          *self,
                                             const char           *quote,
                                             guint                 page);
/* The same on a thread (the first search of a long document builds the
 * normalised text: hundreds of milliseconds for 2,000 pages). */
void          cm_text_index_find_async      (CmTextIndex          *self,
                                             const char           *quote,
                                             guint                 page,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GArray       *cm_text_index_find_finish     (CmTextIndex          *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Rectangles covering [start, end), one per line fragment, in PDF points.
 * Returns (transfer full) an array of CmPageRect. */
GArray       *cm_text_index_get_rects       (CmTextIndex          *self,
                                             guint                 start,
                                             guint                 end);
gboolean      cm_text_index_get_char_box    (CmTextIndex          *self,
                                             guint                 offset,
                                             CmPageRect           *box);
/* The character nearest to (x, y) on PAGE, for mouse selection. */
gboolean      cm_text_index_get_offset_at   (CmTextIndex          *self,
                                             guint                 page,
                                             double                x,
                                             double                y,
                                             guint                *offset);

G_END_DECLS
