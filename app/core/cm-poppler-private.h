/* cm-poppler-private.h: autoptr cleanups for poppler-glib types and CmDocument internals shared with CmTextIndex. */
#pragma once

#include <poppler.h>

#include "cm-document.h"

G_BEGIN_DECLS

/* poppler-glib 22.12 declares no autoptr cleanups of its own. Guarded so
 * that a newer poppler, which may declare them, does not clash. */
#if !POPPLER_CHECK_VERSION (23, 0, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

/* poppler_page_get_text_layout() hands back a plain g_malloc'd array. */
typedef PopplerRectangle CmPopplerRectangleArray;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmPopplerRectangleArray, g_free)

/* A new poppler instance of the document's bytes, for a worker thread of
 * its own (poppler is not safe to share across threads). */
PopplerDocument *cm_document_open_poppler      (CmDocument       *self,
                                                GError          **error);

/* Like cm_document_get_page_text(), reading from POPPLER (NULL: the
 * document's own instance), and also saying whether poppler gave exactly one
 * box per character (LAYOUT_OK). When it did not, the boxes are padded and
 * should not be trusted for layout analysis. */
gboolean         cm_document_extract_page_text (CmDocument       *self,
                                                PopplerDocument  *poppler,
                                                guint             page,
                                                char            **text,
                                                CmPageRect      **boxes,
                                                guint            *n_boxes,
                                                gboolean         *layout_ok,
                                                GError          **error);

G_END_DECLS
