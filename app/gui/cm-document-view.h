/* cm-document-view.h: the continuous, virtualized page view with selection, highlights and find. */
#pragma once

#include <gtk/gtk.h>
#include <clausemark.h>

G_BEGIN_DECLS

typedef enum
{
  CM_ZOOM_FREE,
  CM_ZOOM_FIT_WIDTH,
  CM_ZOOM_FIT_PAGE,
} CmZoomMode;

#define CM_TYPE_ZOOM_MODE (cm_zoom_mode_get_type ())

GType          cm_zoom_mode_get_type               (void) G_GNUC_CONST;

#define CM_TYPE_DOCUMENT_VIEW (cm_document_view_get_type ())

G_DECLARE_FINAL_TYPE (CmDocumentView, cm_document_view, CM, DOCUMENT_VIEW, GtkWidget)

/* The view is a GtkScrollable child (put it in a GtkScrolledWindow). It renders
 * pages on one worker thread that owns its own poppler document (opened from
 * cm_document_get_bytes()); the main loop never waits for poppler. */
GtkWidget     *cm_document_view_new                (void);
void           cm_document_view_set_document       (CmDocumentView *self,
                                                    CmDocument     *document,
                                                    CmTextIndex    *index);
CmDocument    *cm_document_view_get_document       (CmDocumentView *self);
/* Where the next document set opens: PAGE (1-based, clamped to its pages)
 * with FRACTION of it above the top of the screen, and, in free zoom mode,
 * at ZOOM when it is > 0. The first frame shows that page; the position is
 * used once. */
void           cm_document_view_set_start_position (CmDocumentView *self,
                                                    guint           page,
                                                    double          fraction,
                                                    double          zoom);
/* Caret mode (F7): the arrows, Ctrl+arrows, Home and End move a caret
 * through the text, and Shift extends the selection from it. */
void           cm_document_view_set_caret_mode     (CmDocumentView *self,
                                                    gboolean        caret_mode);
gboolean       cm_document_view_get_caret_mode     (CmDocumentView *self);
/* The page at the top of the screen and how much of it is above. */
gboolean       cm_document_view_get_position       (CmDocumentView *self,
                                                    guint          *page,
                                                    double         *fraction);
/* The size the view will have when first shown (it may wait in a hidden
 * page meanwhile): a document set before then has its first screen
 * rendered at once, at the scale that size gives. Ignored once allocated. */
void           cm_document_view_set_size_hint      (CmDocumentView *self,
                                                    int             width,
                                                    int             height);
/* Annotations of REVIEW are drawn as highlights coloured by assessment and
 * kept in sync through the review's list model. */
void           cm_document_view_set_review         (CmDocumentView *self,
                                                    CmReview       *review);
/* The checklist whose item titles the highlights' tooltips give. */
void           cm_document_view_set_checklist      (CmDocumentView *self,
                                                    CmChecklist    *checklist);
/* SUGGESTIONS (CmSuggestion, or NULL for none) are outlined, dashed and
 * unfilled; a click on one emits "suggestion-activated" (suggestion, x, y). */
void           cm_document_view_set_suggestions    (CmDocumentView *self,
                                                    GPtrArray      *suggestions);

/* Properties: "page" (1-based, current page; settable), "n-pages", "zoom"
 * (scale, 1.0 = 100 %), "zoom-mode", "has-selection". */
guint          cm_document_view_get_page           (CmDocumentView *self);
void           cm_document_view_set_page           (CmDocumentView *self,
                                                    guint           page);
double         cm_document_view_get_zoom           (CmDocumentView *self);
void           cm_document_view_set_zoom           (CmDocumentView *self,
                                                    double          zoom);
CmZoomMode     cm_document_view_get_zoom_mode      (CmDocumentView *self);
void           cm_document_view_set_zoom_mode      (CmDocumentView *self,
                                                    CmZoomMode      mode);
void           cm_document_view_zoom_in            (CmDocumentView *self);
void           cm_document_view_zoom_out           (CmDocumentView *self);

/* Selection, in CmTextIndex character offsets. */
gboolean       cm_document_view_get_selection      (CmDocumentView *self,
                                                    guint          *start,
                                                    guint          *end);
/* Where the caret is (the moving end of a selection, or a caret alone). */
gboolean       cm_document_view_get_caret          (CmDocumentView *self,
                                                    guint          *offset);
void           cm_document_view_select_range       (CmDocumentView *self,
                                                    guint           start,
                                                    guint           end);
void           cm_document_view_clear_selection    (CmDocumentView *self);
/* Scrolls so that [start, end) is visible; with FLASH, briefly marks it. */
void           cm_document_view_scroll_to_range    (CmDocumentView *self,
                                                    guint           start,
                                                    guint           end,
                                                    gboolean        flash);

/* Find: highlights every match, selects the current one. Returns the number
 * of matches. */
guint          cm_document_view_find               (CmDocumentView *self,
                                                    const char     *text);
/* The same with the search on a thread; the result counts the matches. */
void           cm_document_view_find_async         (CmDocumentView      *self,
                                                    const char          *text,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       cm_document_view_find_finish        (CmDocumentView  *self,
                                                    GAsyncResult    *result,
                                                    guint           *n_matches,
                                                    GError         **error);
void           cm_document_view_find_next          (CmDocumentView *self);
void           cm_document_view_find_previous      (CmDocumentView *self);
void           cm_document_view_find_clear         (CmDocumentView *self);

/* Signals:
 *   "annotation-activated" (const char *annotation_id, double x, double y):
 *       a highlight was clicked (x, y in widget coordinates, for a popover).
 *   "context-menu" (double x, double y): right click / Menu key.
 *   "first-page-drawn": emitted once, when page 1's real pixels are first
 *       drawn (benchmarks time to first page with it).
 *
 * Widget actions (activate them from menus or tests):
 *   view.copy (Ctrl+C, Ctrl+Insert), view.select-all (Ctrl+A),
 *   view.extend-selection "(ii)" characters, lines (Shift+arrows),
 *   view.context-menu (Menu, Shift+F10), view.zoom-in, view.zoom-out,
 *   view.zoom-reset, view.zoom-fit-width, view.zoom-fit-page (no keys: the
 *   window binds Ctrl+plus/minus/0). Escape clears the selection. */

G_END_DECLS
