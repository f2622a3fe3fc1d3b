/* cm-render-worker.h: the one thread that owns the view's poppler document, its job queue and the page cache. */
#pragma once

#include <gtk/gtk.h>
#include <poppler.h>

G_BEGIN_DECLS

/* Lower runs first. Visible pages go before the pages around them that are
 * rendered ahead in case the user scrolls there. */
typedef enum
{
  CM_RENDER_PRIORITY_VISIBLE = 0,
  CM_RENDER_PRIORITY_PREFETCH,
} CmRenderPriority;

/* At a scale factor of 1: eight fit-width pages on a 1,280-pixel-wide
 * screen, enough for the visible ones and a couple either side. The view
 * multiplies it by the square of the scale factor. */
#define CM_RENDER_WORKER_DEFAULT_CACHE_BYTES ((gsize) 64 * 1024 * 1024)

/* A rendered page, cut into horizontal strips that share its pixels, so that
 * drawing part of a page only touches that part (GTK's cairo renderer copies
 * a whole texture each time it draws it). */
typedef struct
{
  int          width;          /* device pixels of the whole page */
  int          height;
  double       scale;          /* device pixels per PDF point it was asked for */
  int          strip_height;   /* every strip but the last is this high */
  guint        n_strips;
  GdkTexture **strips;
  /* The same pixels, for drawing with cairo without a copy. */
  cairo_surface_t *surface;
} CmRenderedPage;

#define CM_TYPE_RENDER_WORKER (cm_render_worker_get_type ())

G_DECLARE_FINAL_TYPE (CmRenderWorker, cm_render_worker, CM, RENDER_WORKER, GObject)

/* Starts the worker thread, which owns DOCUMENT (transfer full; no other
 * thread may touch it again: poppler is not safe to share across threads),
 * or, if DOCUMENT is NULL, opens its own from BYTES. Results come back on the
 * thread-default main context of the caller as the "page-rendered" signal
 * (guint page), once the page is in the cache. */
CmRenderWorker  *cm_render_worker_new              (GBytes           *bytes,
                                                    const char       *password,
                                                    PopplerDocument  *document,
                                                    gsize             cache_budget);
/* Asks for PAGE (1-based) rendered at SCALE device pixels per PDF point.
 * A pending request for the same page is updated rather than repeated; a
 * page already cached at SCALE is not rendered again. */
void             cm_render_worker_request          (CmRenderWorker   *self,
                                                    guint             page,
                                                    double            scale,
                                                    CmRenderPriority  priority);
/* Drops pending jobs for pages outside [FIRST, LAST]: they were scrolled away
 * before the worker reached them. The page being rendered finishes. */
void             cm_render_worker_cancel_outside   (CmRenderWorker   *self,
                                                    guint             first,
                                                    guint             last);
/* Pages in [FIRST, LAST] are on screen: the cache evicts others first. */
void             cm_render_worker_set_visible      (CmRenderWorker   *self,
                                                    guint             first,
                                                    guint             last);
/* (transfer none) PAGE as last rendered, at whatever scale, or NULL. Valid
 * until control returns to the main loop. Marks the page recently used. */
const CmRenderedPage *cm_render_worker_lookup      (CmRenderWorker   *self,
                                                    guint             page);
/* Forgets every cached page (e.g. after a theme or document change). */
void             cm_render_worker_clear_cache      (CmRenderWorker   *self);
gsize            cm_render_worker_get_cache_bytes  (CmRenderWorker   *self);
guint            cm_render_worker_get_n_pending    (CmRenderWorker   *self);

G_END_DECLS
