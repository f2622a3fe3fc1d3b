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

/* poppler_document_new_from_bytes(), minus its crash: poppler-glib 22.12
 * crashes there whenever a password is given; this goes through a stream. */
PopplerDocument *cm_poppler_document_new_from_bytes (GBytes      *bytes,
                                                     const char  *password,
                                                     GError     **error);

/* A new poppler instance of the document's bytes, for a worker thread of
 * its own (poppler is not safe to share across threads). */
PopplerDocument *cm_document_open_poppler      (CmDocument       *self,
                                                GError          **error);

/* (transfer full) (nullable) The poppler instance the document was opened
 * with, for one other thread to own (a render worker); NULL once taken. */
PopplerDocument *cm_document_take_poppler      (CmDocument       *self);

/* The text of PAGE as poppler gives it (valid UTF-8, maybe empty) and
 * poppler's own glyph rectangles, read from POPPLER (NULL: the document's
 * own instance, borrowed for the call, or a new one if a render worker took
 * it). Poppler promises one rectangle per character, which some
 * fonts break: callers check. RECTANGLES is freed with g_free(). */
gboolean         cm_document_extract_page_raw  (CmDocument         *self,
                                                PopplerDocument    *poppler,
                                                guint               page,
                                                char              **text,
                                                PopplerRectangle  **rectangles,
                                                guint              *n_rectangles,
                                                GError            **error);

G_END_DECLS
