/* cm-document-view.c: the continuous, virtualized page view: layout, rendering requests, selection, highlights and find. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cm-document-view.h"
#include "cm-poppler-private.h"
#include "cm-render-worker.h"

/* 100 % shows a page at its printed size on a 96 dpi screen, as Evince does. */
#define POINTS_TO_PIXELS (96.0 / 72.0)
#define PAGE_GAP 12
#define PAGE_MARGIN 12
#define MIN_ZOOM 0.1
#define MAX_ZOOM 8.0
/* Pages rendered ahead on either side of the visible ones. */
#define PREFETCH_PAGES 2
#define DRAG_THRESHOLD 3.0
#define FLASH_DURATION_MS 1200
#define SIZES_DELAY_MS 300
/* How long, by default, a newly shown document waits for page 1 before
 * placeholders are drawn (see hold_first_frame()). */
#define FIRST_FRAME_HOLD_MS 50

#define HIGHLIGHT_ALPHA 0.35
#define SELECTION_ALPHA 0.35
#define MATCH_ALPHA 0.45
#define CURRENT_MATCH_ALPHA 0.55

static const double zoom_steps[] = {
  0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0,
};

/* One rectangle of one annotation's highlight. The annotation's strings are
 * copied so that a highlight never points into an annotation the review has
 * already dropped. */
typedef struct
{
  char       *annotation_id;
  char       *tooltip;
  GdkRGBA     color;
  CmPageRect  rect;
} Highlight;

struct _CmDocumentView
{
  GtkWidget        parent_instance;

  CmDocument      *document;
  CmTextIndex     *index;
  CmReview        *review;
  CmChecklist     *checklist;           /* item titles, for tooltips */
  GListModel      *annotations;
  CmRenderWorker  *worker;

  GtkAdjustment   *hadjustment;
  GtkAdjustment   *vadjustment;
  guint            hscroll_policy : 1;
  guint            vscroll_policy : 1;

  /* Layout, from the document's page sizes only: no rendering needed. */
  guint            n_pages;
  double          *page_width_pt;
  double          *page_height_pt;
  double           max_width_pt;
  double           max_height_pt;
  double          *page_top;            /* content y of each page, logical pixels */
  double           content_width;
  double           content_height;
  double           zoom;
  CmZoomMode       zoom_mode;

  guint            page;                /* current page, 1-based, 0 without a document */
  guint            pending_page;        /* set before the first allocation */
  double           pending_fraction;    /* ... and how far down it */
  guint            first_page;          /* the page the first frame shows */
  /* Where the next document opens (cm_document_view_set_start_position()). */
  guint            start_page;
  double           start_fraction;
  double           start_zoom;
  gboolean         setting_page;
  gboolean         first_page_drawn;
  gboolean         first_page_ready;
  guint            first_page_idle;
  GCancellable    *sizes_cancellable;   /* reading the real page sizes */
  guint            sizes_timeout;       /* ... starts at the latest then */
  gboolean         prefetch;            /* a real page has been drawn */
  int              hint_width;          /* the size expected before the first */
  int              hint_height;         /* allocation, or 0 */
  guint            hold_timeout;        /* the first frame waits for page 1 ... */
  guint            first_frame_hold_ms; /* ... this long at most */
  gboolean         any_page_drawn;

  /* Selection, as index offsets: ANCHOR where it started, CURSOR where it ends. */
  gboolean         has_selection;
  gboolean         has_caret;
  gboolean         caret_mode;          /* F7: arrows move a caret, not the view */
  guint            selection_anchor;
  guint            selection_cursor;
  GHashTable      *selection_rects;     /* page → GArray of CmPageRect, filled lazily */

  GArray          *matches;             /* CmTextMatch, or NULL */
  guint            current_match;
  GHashTable      *match_rects;         /* page → GArray of CmPageRect, filled lazily */

  GHashTable      *highlights;          /* page → GPtrArray of Highlight */

  GPtrArray       *suggestions;         /* CmSuggestion, or NULL */
  GHashTable      *suggestion_rects;    /* page → GArray of SuggestionRect */

  gboolean         flashing;
  guint            flash_start;
  guint            flash_end;
  guint            flash_timeout;

  /* Pointer state. */
  double           drag_start_x;
  double           drag_start_y;
  gboolean         drag_selecting;
  double           drag_x;
  double           drag_y;
  guint            autoscroll_tick;
  guint            click_count;
  double           pointer_x;
  double           pointer_y;
  gboolean         has_pointer;
  double           gesture_zoom_start;
  const char      *cursor_name;
};

/* One rectangle of a suggested clause; INDEX is its place in suggestions. */
typedef struct
{
  CmPageRect rect;
  guint      index;
} SuggestionRect;

static void cm_document_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmDocumentView, cm_document_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      cm_document_view_scrollable_init))

enum
{
  PROP_0,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_ZOOM,
  PROP_ZOOM_MODE,
  PROP_HAS_SELECTION,
  PROP_CARET_MODE,
  PROP_FIRST_FRAME_HOLD,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum
{
  ANNOTATION_ACTIVATED,
  SUGGESTION_ACTIVATED,
  CONTEXT_MENU,
  FIRST_PAGE_DRAWN,
  FIRST_PAGE_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GType
cm_zoom_mode_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { CM_ZOOM_FREE, "CM_ZOOM_FREE", "free" },
        { CM_ZOOM_FIT_WIDTH, "CM_ZOOM_FIT_WIDTH", "fit-width" },
        { CM_ZOOM_FIT_PAGE, "CM_ZOOM_FIT_PAGE", "fit-page" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("CmZoomMode", values));
    }
  return type;
}

static void
highlight_free (gpointer data)
{
  Highlight *highlight = data;

  g_free (highlight->annotation_id);
  g_free (highlight->tooltip);
  g_free (highlight);
}

/* ------------------------------------------------------------------------ */
/* Layout                                                                    */

static double
page_scale (CmDocumentView *self)
{
  return self->zoom * POINTS_TO_PIXELS;
}

/* Page sizes are whole logical pixels, so pages and their textures sit on
 * the pixel grid instead of being resampled. */
static double
page_width_px (CmDocumentView *self,
               guint           i)
{
  return MAX (1.0, round (self->page_width_pt[i] * page_scale (self)));
}

static double
page_height_px (CmDocumentView *self,
                guint           i)
{
  return MAX (1.0, round (self->page_height_pt[i] * page_scale (self)));
}

/* Device pixels per PDF point page I is rendered at: its logical width in
 * whole pixels, times the scale factor, so textures map 1:1 to the screen. */
static double
device_scale (CmDocumentView *self,
              guint           i)
{
  return page_width_px (self, i) * gtk_widget_get_scale_factor (GTK_WIDGET (self)) / self->page_width_pt[i];
}

static void
relayout (CmDocumentView *self)
{
  double y = PAGE_MARGIN;
  double max_width = 0;

  for (guint i = 0; i < self->n_pages; i++)
    {
      self->page_top[i] = y;
      y += page_height_px (self, i) + PAGE_GAP;
      max_width = MAX (max_width, page_width_px (self, i));
    }
  self->content_height = self->n_pages > 0 ? y - PAGE_GAP + PAGE_MARGIN : 0;
  self->content_width = self->n_pages > 0 ? max_width + 2 * PAGE_MARGIN : 0;

  /* Rectangles are kept in points, so only the pixel positions change. */
}

static double
scroll_x (CmDocumentView *self)
{
  return round (gtk_adjustment_get_value (self->hadjustment));
}

static double
scroll_y (CmDocumentView *self)
{
  return round (gtk_adjustment_get_value (self->vadjustment));
}

/* Content x of page I's left edge: pages are centred in the wider of the
 * content and the viewport. */
static double
page_x (CmDocumentView *self,
        guint           i)
{
  double width = MAX (self->content_width, gtk_widget_get_width (GTK_WIDGET (self)));

  return floor ((width - page_width_px (self, i)) / 2);
}

/* The page in widget coordinates. */
static void
get_page_rect (CmDocumentView  *self,
               guint            i,
               graphene_rect_t *rect)
{
  graphene_rect_init (rect,
                      page_x (self, i) - scroll_x (self),
                      self->page_top[i] - scroll_y (self),
                      page_width_px (self, i),
                      page_height_px (self, i));
}

/* Index of the last page whose top is at or above content Y. */
static guint
page_index_at_y (CmDocumentView *self,
                 double          y)
{
  guint lo = 0, hi = self->n_pages;

  if (self->n_pages == 0)
    return 0;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (self->page_top[mid] <= y)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* Content Y as a page (index) and how far down it, as a fraction of its
 * height: a place that survives a relayout (zoom, real page sizes). */
static guint
page_fraction_at_y (CmDocumentView *self,
                    double          y,
                    double         *fraction)
{
  guint i = page_index_at_y (self, y);

  *fraction = (y - self->page_top[i]) / page_height_px (self, i);
  return i;
}

static double
y_at_page_fraction (CmDocumentView *self,
                    guint           i,
                    double          fraction)
{
  return self->page_top[i] + fraction * page_height_px (self, i);
}

/* The pages (1-based, inclusive) that intersect the viewport. */
static gboolean
get_visible_range (CmDocumentView *self,
                   guint          *first,
                   guint          *last)
{
  double top = scroll_y (self);
  double bottom = top + gtk_widget_get_height (GTK_WIDGET (self));
  guint i, j;

  if (self->n_pages == 0 || bottom <= top)
    return FALSE;

  i = page_index_at_y (self, top);
  if (self->page_top[i] + page_height_px (self, i) <= top && i + 1 < self->n_pages)
    i++;
  j = i;
  while (j + 1 < self->n_pages && self->page_top[j + 1] < bottom)
    j++;
  *first = i + 1;
  *last = j + 1;
  return TRUE;
}

/* Widget coordinates to a page and PDF points on it. With NEAREST, a point in
 * a gap or margin goes to the nearest page (for drags). */
static gboolean
point_to_page (CmDocumentView *self,
               double          x,
               double          y,
               gboolean        nearest,
               guint          *page,
               double         *x_pt,
               double         *y_pt)
{
  double cx = x + scroll_x (self);
  double cy = y + scroll_y (self);
  double scale = page_scale (self);
  guint i;
  double px, top, width, height;

  if (self->n_pages == 0)
    return FALSE;

  i = page_index_at_y (self, cy);
  top = self->page_top[i];
  height = page_height_px (self, i);
  /* In the gap below page I: the next page is as near. */
  if (cy > top + height && i + 1 < self->n_pages
      && self->page_top[i + 1] - cy < cy - (top + height))
    {
      i++;
      top = self->page_top[i];
      height = page_height_px (self, i);
    }
  px = page_x (self, i);
  width = page_width_px (self, i);

  if (!nearest && (cx < px || cx > px + width || cy < top || cy > top + height))
    return FALSE;

  *page = i + 1;
  *x_pt = CLAMP (cx - px, 0, width) / scale;
  *y_pt = CLAMP (cy - top, 0, height) / scale;
  return TRUE;
}

static void
page_rect_to_widget (CmDocumentView   *self,
                     const CmPageRect *rect,
                     graphene_rect_t  *out)
{
  double scale = page_scale (self);
  guint i = rect->page - 1;
  double x0 = page_x (self, i) - scroll_x (self);
  double y0 = self->page_top[i] - scroll_y (self);

  graphene_rect_init (out,
                      x0 + MIN (rect->x1, rect->x2) * scale,
                      y0 + MIN (rect->y1, rect->y2) * scale,
                      fabs (rect->x2 - rect->x1) * scale,
                      fabs (rect->y2 - rect->y1) * scale);
}

static void
configure_adjustments (CmDocumentView *self,
                       double          hvalue,
                       double          vvalue)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double hupper = MAX (self->content_width, width);
  double vupper = MAX (self->content_height, height);

  gtk_adjustment_configure (self->hadjustment,
                            CLAMP (hvalue, 0, hupper - width),
                            0, hupper, width * 0.1, width * 0.9, width);
  gtk_adjustment_configure (self->vadjustment,
                            CLAMP (vvalue, 0, vupper - height),
                            0, vupper, 40, MAX (height - 40, height * 0.5), height);
}

/* ------------------------------------------------------------------------ */
/* Rendering requests                                                        */

/* Rendered pages cost the square of the scale factor in memory. */
static gsize
render_cache_budget (CmDocumentView *self)
{
  gsize scale = (gsize) MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));

  return CM_RENDER_WORKER_DEFAULT_CACHE_BYTES * scale * scale;
}

static void
update_render_requests (CmDocumentView *self)
{
  guint first, last, lo, hi, ahead;

  if (self->worker == NULL || !get_visible_range (self, &first, &last))
    return;

  cm_render_worker_set_visible (self->worker, first, last);
  /* Until the first page is on screen, rendering ahead would only compete
   * with it for the CPU; and no more is rendered ahead than the cache holds
   * beside the visible pages (at high zoom on HiDPI a page is tens of MB),
   * or pages rendered ahead would evict each other. */
  ahead = 0;
  if (self->prefetch)
    {
      double scale = device_scale (self, first - 1);
      double page_bytes = 4.0 * self->page_width_pt[first - 1] * scale * self->page_height_pt[first - 1] * scale;
      double spare = render_cache_budget (self) - (last - first + 1) * page_bytes;

      ahead = spare > 0 ? (guint) MIN (spare / page_bytes / 2, PREFETCH_PAGES) : 0;
    }
  lo = first > ahead ? first - ahead : 1;
  hi = MIN (last + ahead, self->n_pages);
  /* Drop what was scrolled past before asking again, so the queue never
   * holds more than a screenful plus the pages around it. */
  cm_render_worker_cancel_outside (self->worker, lo, hi);

  /* Middle of the screen first, then outwards, then ahead in the direction
   * of reading, then behind. */
  for (guint k = 0; k <= 2 * (last - first); k++)
    {
      guint mid = first + (last - first) / 2;
      guint p = (k % 2 == 0) ? mid + k / 2 : mid - (k + 1) / 2;

      if (p < first || p > last)
        continue;
      cm_render_worker_request (self->worker, p, device_scale (self, p - 1),
                                CM_RENDER_PRIORITY_VISIBLE);
    }
  for (guint p = last + 1; p <= hi; p++)
    cm_render_worker_request (self->worker, p, device_scale (self, p - 1),
                              CM_RENDER_PRIORITY_PREFETCH);
  for (guint p = lo; p < first; p++)
    cm_render_worker_request (self->worker, p, device_scale (self, p - 1),
                              CM_RENDER_PRIORITY_PREFETCH);
}

static void release_first_frame (CmDocumentView *self,
                                 gboolean        allocating);

/* Scrolling or zooming a document whose first frame waits (see
 * hold_first_frame()) needs its real adjustments: the wait ends. */
static void
stop_holding (CmDocumentView *self)
{
  if (self->hold_timeout != 0)
    release_first_frame (self, FALSE);
}

static void
on_page_rendered (CmDocumentView *self,
                  guint           page)
{
  guint first, last;

  if (page == self->first_page && !self->first_page_ready)
    {
      self->first_page_ready = TRUE;
      g_signal_emit (self, signals[FIRST_PAGE_READY], 0);
    }
  if (self->hold_timeout != 0 && page == self->first_page)
    release_first_frame (self, FALSE);
  else if (get_visible_range (self, &first, &last) && page >= first && page <= last)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------ */
/* Current page and scrolling                                                */

/* The current page is the first one that fills at least half of the screen
 * or shows at least half of itself, so that scrolling to page N makes N
 * current; at the very end it is the last page, which otherwise could never
 * become current when several pages fit on screen. */
static guint
compute_current_page (CmDocumentView *self)
{
  double top = gtk_adjustment_get_value (self->vadjustment);
  double height = gtk_adjustment_get_page_size (self->vadjustment);
  double upper = gtk_adjustment_get_upper (self->vadjustment);
  guint first, last;

  if (self->n_pages == 0)
    return 0;
  if (top > 0.5 && top >= upper - height - 0.5)
    return self->n_pages;
  if (!get_visible_range (self, &first, &last))
    return self->page;

  for (guint p = first; p <= last; p++)
    {
      double page_top = self->page_top[p - 1];
      double page_bottom = page_top + page_height_px (self, p - 1);
      double shown = MIN (page_bottom, top + height) - MAX (page_top, top);

      if (shown >= height / 2 || shown >= (page_bottom - page_top) / 2)
        return p;
    }
  return last;
}

static void
update_current_page (CmDocumentView *self)
{
  guint page;

  if (self->setting_page)
    return;
  page = compute_current_page (self);
  if (page != self->page)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
}

static void
on_adjustment_value_changed (CmDocumentView *self)
{
  update_current_page (self);
  update_render_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
is_allocated (CmDocumentView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) > 0
         && gtk_widget_get_height (GTK_WIDGET (self)) > 0;
}

static void
scroll_to_page_top (CmDocumentView *self,
                    guint           page)
{
  stop_holding (self);
  self->setting_page = TRUE;
  gtk_adjustment_set_value (self->vadjustment, self->page_top[page - 1] - PAGE_MARGIN);
  self->setting_page = FALSE;
}

/* The content y the pending page and fraction stand for: a page's top
 * shows its margin above it, as scroll_to_page_top() does. */
static double
pending_y (CmDocumentView *self)
{
  guint i;

  if (self->pending_page == 0 || self->n_pages == 0)
    return 0;
  i = MIN (self->pending_page, self->n_pages) - 1;
  if (self->pending_fraction <= 0)
    return MAX (self->page_top[i] - PAGE_MARGIN, 0);
  return y_at_page_fraction (self, i, self->pending_fraction);
}

static void
scroll_to_pending (CmDocumentView *self)
{
  double y = pending_y (self);

  self->pending_page = 0;
  self->pending_fraction = 0;
  stop_holding (self);
  self->setting_page = TRUE;
  gtk_adjustment_set_value (self->vadjustment, y);
  self->setting_page = FALSE;
  update_current_page (self);
}

/* Scrolls so that RECT (in PDF points) is on screen, a third of the way
 * down when it has to move. */
static void
scroll_to_page_rect (CmDocumentView   *self,
                     const CmPageRect *rect)
{
  graphene_rect_t r;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double vvalue, hvalue;

  if (rect->page < 1 || rect->page > self->n_pages)
    return;
  stop_holding (self);
  vvalue = gtk_adjustment_get_value (self->vadjustment);
  hvalue = gtk_adjustment_get_value (self->hadjustment);
  page_rect_to_widget (self, rect, &r);
  if (r.origin.y < 0 || r.origin.y + r.size.height > height)
    gtk_adjustment_set_value (self->vadjustment, vvalue + r.origin.y - height / 3);
  if (r.origin.x < 0 || r.origin.x + r.size.width > width)
    gtk_adjustment_set_value (self->hadjustment, hvalue + r.origin.x - width / 10);
}

/* ------------------------------------------------------------------------ */
/* Zoom                                                                      */

static double
fit_zoom_in (CmDocumentView *self,
             CmZoomMode      mode,
             int             widget_width,
             int             widget_height)
{
  double width = widget_width - 2 * PAGE_MARGIN;
  double height = widget_height - 2 * PAGE_MARGIN;
  double zoom;

  if (self->n_pages == 0 || width <= 0 || height <= 0)
    return self->zoom;
  zoom = width / (self->max_width_pt * POINTS_TO_PIXELS);
  if (mode == CM_ZOOM_FIT_PAGE)
    zoom = MIN (zoom, height / (self->max_height_pt * POINTS_TO_PIXELS));
  return CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
}

static double
fit_zoom (CmDocumentView *self,
          CmZoomMode      mode)
{
  return fit_zoom_in (self, mode, gtk_widget_get_width (GTK_WIDGET (self)),
                      gtk_widget_get_height (GTK_WIDGET (self)));
}

/* Changes the zoom keeping the document point under (AX, AY) (widget
 * coordinates) where it is. */
static void
apply_zoom (CmDocumentView *self,
            double          zoom,
            double          ax,
            double          ay)
{
  double width, cy, cx, fraction = 0, hfraction = 0.5;
  guint i = 0;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (fabs (zoom - self->zoom) < 1e-6)
    return;

  stop_holding (self);
  if (self->n_pages > 0 && is_allocated (self))
    {
      width = MAX (self->content_width, gtk_widget_get_width (GTK_WIDGET (self)));
      cy = gtk_adjustment_get_value (self->vadjustment) + ay;
      cx = gtk_adjustment_get_value (self->hadjustment) + ax;
      i = page_fraction_at_y (self, cy, &fraction);
      hfraction = width > 0 ? cx / width : 0.5;
    }

  self->zoom = zoom;
  relayout (self);

  if (self->n_pages > 0 && is_allocated (self))
    {
      width = MAX (self->content_width, gtk_widget_get_width (GTK_WIDGET (self)));
      configure_adjustments (self,
                             hfraction * width - ax,
                             y_at_page_fraction (self, i, fraction) - ay);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  update_render_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_at (CmDocumentView *self,
         double          zoom,
         double          ax,
         double          ay)
{
  if (self->zoom_mode != CM_ZOOM_FREE)
    {
      self->zoom_mode = CM_ZOOM_FREE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
    }
  apply_zoom (self, zoom, ax, ay);
}

/* ------------------------------------------------------------------------ */
/* Selection, matches and highlights                                         */

static void
invalidate_selection (CmDocumentView *self)
{
  g_hash_table_remove_all (self->selection_rects);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* SELECT with ANCHOR == CURSOR leaves no selection but a caret, from which
 * Shift+arrows go on. */
static void
set_selection (CmDocumentView *self,
               gboolean        select,
               guint           anchor,
               guint           cursor)
{
  gboolean had_selection = self->has_selection;
  gboolean has_selection = select && anchor != cursor;
  gboolean changed = had_selection != has_selection
                     || (has_selection && (self->selection_anchor != anchor || self->selection_cursor != cursor));

  self->has_caret = select;
  self->selection_anchor = select ? anchor : 0;
  self->selection_cursor = select ? cursor : 0;
  self->has_selection = has_selection;

  if (changed)
    invalidate_selection (self);
  if (had_selection != has_selection)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
}

/* Rectangles of [START, END) that fall on PAGE. */
static GArray *
range_rects_on_page (CmDocumentView *self,
                     guint           start,
                     guint           end,
                     guint           page)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (CmPageRect));
  guint page_start = 0, page_end = 0;

  if (self->index == NULL)
    return rects;
  cm_text_index_get_page_range (self->index, page, &page_start, &page_end);
  start = MAX (start, page_start);
  end = MIN (end, page_end);
  if (start < end)
    {
      g_autoptr(GArray) all = cm_text_index_get_rects (self->index, start, end);

      for (guint i = 0; i < all->len; i++)
        {
          CmPageRect *rect = &g_array_index (all, CmPageRect, i);

          if (rect->page == page)
            g_array_append_val (rects, *rect);
        }
    }
  return rects;
}

static GArray *
get_selection_rects (CmDocumentView *self,
                     guint           page)
{
  GArray *rects = g_hash_table_lookup (self->selection_rects, GUINT_TO_POINTER (page));

  if (rects == NULL)
    {
      rects = range_rects_on_page (self,
                                   MIN (self->selection_anchor, self->selection_cursor),
                                   MAX (self->selection_anchor, self->selection_cursor),
                                   page);
      g_hash_table_insert (self->selection_rects, GUINT_TO_POINTER (page), rects);
    }
  return rects;
}

/* First match whose end is after OFFSET (matches are in document order). */
static guint
first_match_after (GArray *matches,
                   guint   offset)
{
  guint lo = 0, hi = matches->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (matches, CmTextMatch, mid).end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static GArray *
get_match_rects (CmDocumentView *self,
                 guint           page)
{
  GArray *rects = g_hash_table_lookup (self->match_rects, GUINT_TO_POINTER (page));
  guint page_start = 0, page_end = 0;

  if (rects != NULL)
    return rects;

  rects = g_array_new (FALSE, FALSE, sizeof (CmPageRect));
  if (self->index != NULL && self->matches != NULL)
    {
      cm_text_index_get_page_range (self->index, page, &page_start, &page_end);
      for (guint i = first_match_after (self->matches, page_start); i < self->matches->len; i++)
        {
          CmTextMatch *match = &g_array_index (self->matches, CmTextMatch, i);
          g_autoptr(GArray) part = NULL;

          if (match->start >= page_end)
            break;
          part = range_rects_on_page (self, match->start, match->end, page);
          g_array_append_vals (rects, part->data, part->len);
        }
    }
  g_hash_table_insert (self->match_rects, GUINT_TO_POINTER (page), rects);
  return rects;
}

static char *
highlight_tooltip (CmDocumentView *self,
                   CmAnnotation   *annotation)
{
  const char *item = cm_annotation_get_item_id (annotation);
  const char *note = cm_annotation_get_note (annotation);
  CmChecklistItem *checklist_item = NULL;
  GString *text = g_string_new (NULL);

  if (item != NULL && self->checklist != NULL)
    checklist_item = cm_checklist_lookup_item (self->checklist, item);
  /* The item as the sidebar names it; its id only for an unknown one. */
  g_string_append_printf (text, "%s — %s",
                          checklist_item != NULL ? cm_checklist_translate (cm_checklist_item_get_title (checklist_item))
                                                 : item != NULL ? item : _("Untagged"),
                          cm_assessment_get_label (cm_annotation_get_assessment (annotation)));
  if (note != NULL && *note != '\0')
    g_string_append_printf (text, "\n%s", note);
  return g_string_free (text, FALSE);
}

static void
add_highlight (CmDocumentView   *self,
               CmAnnotation     *annotation,
               const GdkRGBA    *color,
               const char       *tooltip,
               const CmPageRect *rect)
{
  GPtrArray *list;
  Highlight *highlight;

  if (rect->page < 1 || rect->page > self->n_pages)
    return;

  list = g_hash_table_lookup (self->highlights, GUINT_TO_POINTER (rect->page));
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (highlight_free);
      g_hash_table_insert (self->highlights, GUINT_TO_POINTER (rect->page), list);
    }
  highlight = g_new0 (Highlight, 1);
  highlight->annotation_id = g_strdup (cm_annotation_get_id (annotation));
  highlight->tooltip = g_strdup (tooltip);
  highlight->color = *color;
  highlight->rect = *rect;
  g_ptr_array_add (list, highlight);
}

/* Rebuilt whole on every change: a review holds hundreds of annotations, not
 * millions, and a rebuild cannot get out of step with the model. */
static void
rebuild_highlights (CmDocumentView *self)
{
  guint n;

  g_hash_table_remove_all (self->highlights);
  /* Not while the first frame waits for page 1. */
  if (self->hold_timeout == 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->annotations == NULL || self->document == NULL)
    return;

  n = g_list_model_get_n_items (self->annotations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (self->annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);
      g_autofree char *tooltip = NULL;
      GArray *rects;
      GdkRGBA color;

      if (anchor == NULL || cm_anchor_get_state (anchor) == CM_ANCHOR_STATE_ORPHANED)
        continue;
      if (!gdk_rgba_parse (&color, cm_assessment_get_color (cm_annotation_get_assessment (annotation))))
        gdk_rgba_parse (&color, "#9a9996");
      color.alpha = HIGHLIGHT_ALPHA;
      tooltip = highlight_tooltip (self, annotation);

      rects = cm_anchor_get_rects (anchor);
      if (rects != NULL && rects->len > 0)
        {
          for (guint j = 0; j < rects->len; j++)
            add_highlight (self, annotation, &color, tooltip, &g_array_index (rects, CmPageRect, j));
        }
      else if (self->index != NULL && cm_anchor_get_end (anchor) > cm_anchor_get_start (anchor))
        {
          /* Anchors read from a sidecar may carry offsets but no rectangles. */
          g_autoptr(GArray) computed = cm_text_index_get_rects (self->index,
                                                                 cm_anchor_get_start (anchor),
                                                                 cm_anchor_get_end (anchor));

          for (guint j = 0; j < computed->len; j++)
            add_highlight (self, annotation, &color, tooltip, &g_array_index (computed, CmPageRect, j));
        }
    }
}

static const CmSuggestion *
suggestion_at (CmDocumentView *self,
               double          x,
               double          y)
{
  GArray *list;
  guint page;
  double x_pt, y_pt;

  if (self->suggestions == NULL || !point_to_page (self, x, y, FALSE, &page, &x_pt, &y_pt))
    return NULL;
  list = g_hash_table_lookup (self->suggestion_rects, GUINT_TO_POINTER (page));
  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      const SuggestionRect *sr = &g_array_index (list, SuggestionRect, i);
      const CmPageRect *r = &sr->rect;

      if (x_pt >= MIN (r->x1, r->x2) && x_pt <= MAX (r->x1, r->x2)
          && y_pt >= MIN (r->y1, r->y2) && y_pt <= MAX (r->y1, r->y2))
        return g_ptr_array_index (self->suggestions, sr->index);
    }
  return NULL;
}

static Highlight *
highlight_at (CmDocumentView *self,
              double          x,
              double          y)
{
  GPtrArray *list;
  guint page;
  double x_pt, y_pt;

  if (!point_to_page (self, x, y, FALSE, &page, &x_pt, &y_pt))
    return NULL;
  list = g_hash_table_lookup (self->highlights, GUINT_TO_POINTER (page));
  if (list == NULL)
    return NULL;
  /* The last drawn is on top. */
  for (guint i = list->len; i > 0; i--)
    {
      Highlight *highlight = g_ptr_array_index (list, i - 1);
      const CmPageRect *r = &highlight->rect;

      if (x_pt >= MIN (r->x1, r->x2) && x_pt <= MAX (r->x1, r->x2)
          && y_pt >= MIN (r->y1, r->y2) && y_pt <= MAX (r->y1, r->y2))
        return highlight;
    }
  return NULL;
}

/* The selection boundary nearest to (X, Y) on PAGE: before or after the
 * nearest character, depending on which half of it the point is in. */
static gboolean
offset_at_point (CmDocumentView *self,
                 guint           page,
                 double          x,
                 double          y,
                 guint          *offset)
{
  CmPageRect box;
  guint o;

  if (self->index == NULL || !cm_text_index_get_offset_at (self->index, page, x, y, &o))
    return FALSE;
  if (cm_text_index_get_char_box (self->index, o, &box) && x > (box.x1 + box.x2) / 2
      && o < cm_text_index_get_length (self->index))
    o++;
  *offset = o;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                   */

static void page_sizes_loaded_cb (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data);

/* Reading the sizes would only slow the first page down (on two cores it
 * competes with rendering and hashing): it starts once a page is on screen,
 * or after a moment if none gets there. */
static gboolean
start_loading_page_sizes (gpointer data)
{
  CmDocumentView *self = data;

  self->sizes_timeout = 0;
  self->sizes_cancellable = g_cancellable_new ();
  cm_document_load_page_sizes_async (self->document, self->sizes_cancellable,
                                     page_sizes_loaded_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_first_page_drawn (gpointer data)
{
  CmDocumentView *self = data;

  self->first_page_idle = 0;
  g_signal_emit (self, signals[FIRST_PAGE_DRAWN], 0);
  return G_SOURCE_REMOVE;
}

static void
get_accent_color (CmDocumentView *self,
                  GdkRGBA        *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (!gtk_style_context_lookup_color (context, "accent_bg_color", color))
    gdk_rgba_parse (color, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* The page's pixels as a pattern that holds a reference to them, also in
 * the copy a cairo node's recording keeps. Painting the image surface itself
 * would make the recording take a copy-on-write snapshot of it, and the
 * cache evicting a page that a frame still holds would copy its megabytes,
 * on the main thread, in the middle of scrolling. */
static cairo_surface_t *
page_source_acquire (cairo_pattern_t             *pattern,
                     void                        *surface,
                     cairo_surface_t             *target,
                     const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (surface);
}

static void
page_source_release (cairo_pattern_t *pattern,
                     void            *data,
                     cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
page_source_copy (cairo_pattern_t       *pattern,
                  void                  *surface,
                  const cairo_pattern_t *other)
{
  cairo_surface_reference (surface);
  return CAIRO_STATUS_SUCCESS;
}

static void
page_source_finish (cairo_pattern_t *pattern,
                    void            *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_pattern_t *
page_source_new (cairo_surface_t *surface)
{
  cairo_pattern_t *pattern;

  pattern = cairo_pattern_create_raster_source (cairo_surface_reference (surface),
                                                CAIRO_CONTENT_COLOR_ALPHA,
                                                cairo_image_surface_get_width (surface),
                                                cairo_image_surface_get_height (surface));
  cairo_raster_source_pattern_set_acquire (pattern, page_source_acquire, page_source_release);
  cairo_raster_source_pattern_set_copy (pattern, page_source_copy);
  cairo_raster_source_pattern_set_finish (pattern, page_source_finish);
  return pattern;
}

static void
append_rects (GtkSnapshot    *snapshot,
              CmDocumentView *self,
              GArray         *rects,
              const GdkRGBA  *color)
{
  for (guint i = 0; i < rects->len; i++)
    {
      graphene_rect_t r;

      page_rect_to_widget (self, &g_array_index (rects, CmPageRect, i), &r);
      gtk_snapshot_append_color (snapshot, color, &r);
    }
}

/* The "OCR" badge in the top right corner of a page whose text OCR
 * recognized (it may hold misread words); LAYOUT (transfer full) is its
 * text. */
static PangoLayout *
ocr_badge (CmDocumentView        *self,
           const graphene_rect_t *page_rect,
           graphene_rect_t       *badge)
{
  /* Translators: the mark on a scanned page whose text was recognized by OCR. */
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), C_("page badge", "OCR"));
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  graphene_rect_init (badge, page_rect->origin.x + page_rect->size.width - width - 20,
                      page_rect->origin.y + 8, width + 12, height + 4);
  return layout;
}

static void
snapshot_ocr_badge (CmDocumentView        *self,
                    GtkSnapshot           *snapshot,
                    const graphene_rect_t *page_rect,
                    const GdkRGBA         *accent)
{
  static const GdkRGBA white = { 1, 1, 1, 1 };
  graphene_rect_t badge;
  g_autoptr(PangoLayout) layout = ocr_badge (self, page_rect, &badge);
  GskRoundedRect rounded;
  GdkRGBA color = *accent;

  color.alpha = 0.9;
  gsk_rounded_rect_init_from_rect (&rounded, &badge, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &color, &badge);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (badge.origin.x + 6, badge.origin.y + 2));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
}

/* The page whose OCR badge is under (X, Y), or 0. */
static guint
ocr_badge_at (CmDocumentView *self,
              double          x,
              double          y)
{
  graphene_rect_t page_rect, badge;
  g_autoptr(PangoLayout) layout = NULL;
  double x_pt, y_pt;
  guint page;

  if (self->index == NULL || !point_to_page (self, x, y, FALSE, &page, &x_pt, &y_pt)
      || !cm_text_index_page_is_ocr (self->index, page))
    return 0;
  get_page_rect (self, page - 1, &page_rect);
  layout = ocr_badge (self, &page_rect, &badge);
  return graphene_rect_contains_point (&badge, &GRAPHENE_POINT_INIT (x, y)) ? page : 0;
}

static gboolean
is_space_at (CmDocumentView *self,
             guint           offset)
{
  g_autofree char *text = cm_text_index_get_slice (self->index, offset, offset + 1);

  return g_unichar_isspace (g_utf8_get_char (text));
}

/* The caret, when on PAGE: a bar before the cursor's character (after the
 * last one, at the end of a page's text), ink-coloured on the paper. */
static void
snapshot_caret (CmDocumentView *self,
                GtkSnapshot    *snapshot,
                guint           page)
{
  static const GdkRGBA ink = { 0, 0, 0, 0.9 };
  guint length = self->index != NULL ? cm_text_index_get_length (self->index) : 0;
  guint cursor = self->selection_cursor;
  gboolean after = FALSE;
  CmPageRect box;
  graphene_rect_t r;

  if (length == 0)
    return;
  /* After the last character: at the end of the text, or before a space
   * or a break (whose box, if any, may lie on the next line). */
  if (cursor >= length || !cm_text_index_get_char_box (self->index, cursor, &box) || is_space_at (self, cursor))
    {
      if (cursor == 0 || !cm_text_index_get_char_box (self->index, cursor - 1, &box))
        return;
      after = TRUE;
    }
  if (box.page != page)
    return;
  page_rect_to_widget (self, &box, &r);
  gtk_snapshot_append_color (snapshot, &ink,
                             &GRAPHENE_RECT_INIT (after ? r.origin.x + r.size.width : r.origin.x - 1,
                                                  r.origin.y, 2, r.size.height));
}

static void
snapshot_page (CmDocumentView *self,
               GtkSnapshot    *snapshot,
               guint           page,
               const GdkRGBA  *accent,
               gboolean        use_cairo)
{
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA frame = { 0, 0, 0, 0.14 };
  static const GdkRGBA frame_bottom = { 0, 0, 0, 0.22 };
  static const GdkRGBA match_color = { 0.965, 0.827, 0.176, MATCH_ALPHA };
  static const GdkRGBA current_match_color = { 1.0, 0.471, 0.0, CURRENT_MATCH_ALPHA };
  graphene_rect_t rect;
  const CmRenderedPage *rendered;
  GPtrArray *list;
  GArray *suggestion_list;

  get_page_rect (self, page - 1, &rect);
  /* A hairline frame of four plain rectangles: blurred shadows and border
   * nodes cost GTK's cairo renderer whole-page masks on every frame. */
  gtk_snapshot_append_color (snapshot, &frame,
                             &GRAPHENE_RECT_INIT (rect.origin.x - 1, rect.origin.y - 1, rect.size.width + 2, 1));
  gtk_snapshot_append_color (snapshot, &frame_bottom,
                             &GRAPHENE_RECT_INIT (rect.origin.x - 1, rect.origin.y + rect.size.height,
                                                  rect.size.width + 2, 1));
  gtk_snapshot_append_color (snapshot, &frame,
                             &GRAPHENE_RECT_INIT (rect.origin.x - 1, rect.origin.y, 1, rect.size.height));
  gtk_snapshot_append_color (snapshot, &frame,
                             &GRAPHENE_RECT_INIT (rect.origin.x + rect.size.width, rect.origin.y, 1,
                                                  rect.size.height));
  rendered = self->worker != NULL ? cm_render_worker_lookup (self->worker, page) : NULL;
  /* The placeholder: a plain white page, so arriving pixels do not flash.
   * A rendered page is opaque (white under the page) and covers it all. */
  if (rendered == NULL)
    gtk_snapshot_append_color (snapshot, &white, &rect);
  else
    {
      /* Only the strips on screen. A page at another scale (just zoomed)
       * stands in, stretched, until the new one arrives. */
      gboolean exact = fabs (rendered->scale - device_scale (self, page - 1)) <= 1e-4 * rendered->scale;
      double ratio = exact ? 1.0 / gtk_widget_get_scale_factor (GTK_WIDGET (self))
                           : rect.size.height / rendered->height;
      double height = gtk_widget_get_height (GTK_WIDGET (self));

      if (use_cairo)
        {
          /* GTK's cairo renderer would copy a texture each frame; a cairo
           * node paints straight from the page's pixels. */
          graphene_rect_t visible;
          cairo_pattern_t *page_source;
          cairo_t *cr;

          if (graphene_rect_intersection (&rect,
                                          &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (self)), height),
                                          &visible))
            {
              cr = gtk_snapshot_append_cairo (snapshot, &visible);
              cairo_translate (cr, rect.origin.x, rect.origin.y);
              cairo_scale (cr, rect.size.width / rendered->width, exact ? rect.size.width / rendered->width
                                                                          : rect.size.height / rendered->height);
              page_source = page_source_new (rendered->surface);
              if (exact)
                cairo_pattern_set_filter (page_source, CAIRO_FILTER_NEAREST);
              cairo_set_source (cr, page_source);
              cairo_paint (cr);
              cairo_pattern_destroy (page_source);
              cairo_destroy (cr);
            }
        }
      else
        for (guint i = 0; i < rendered->n_strips; i++)
          {
            double top = rect.origin.y + i * rendered->strip_height * ratio;
            double bottom = MIN (top + rendered->strip_height * ratio, rect.origin.y + rect.size.height);
            graphene_rect_t strip;

            if (bottom <= 0 || top >= height)
              continue;
            graphene_rect_init (&strip, rect.origin.x, top, rect.size.width, bottom - top);
            gtk_snapshot_append_texture (snapshot, rendered->strips[i], &strip);
          }
      /* Once this frame is on screen, not while it is being drawn. */
      if (!self->any_page_drawn && self->sizes_timeout != 0)
        {
          g_source_remove (self->sizes_timeout);
          self->sizes_timeout = g_idle_add_full (G_PRIORITY_LOW, start_loading_page_sizes, self, NULL);
        }
      self->any_page_drawn = TRUE;
      if (page == self->first_page && !self->first_page_drawn)
        {
          self->first_page_drawn = TRUE;
          /* Not from inside snapshot: handlers may well queue a redraw. */
          self->first_page_idle = g_idle_add_full (G_PRIORITY_HIGH, emit_first_page_drawn,
                                                   self, NULL);
        }
    }

  gtk_snapshot_push_clip (snapshot, &rect);

  list = g_hash_table_lookup (self->highlights, GUINT_TO_POINTER (page));
  if (list != NULL)
    {
      for (guint i = 0; i < list->len; i++)
        {
          Highlight *highlight = g_ptr_array_index (list, i);
          graphene_rect_t r;

          GdkRGBA underline = highlight->color;

          page_rect_to_widget (self, &highlight->rect, &r);
          gtk_snapshot_append_color (snapshot, &highlight->color, &r);
          /* A solid underline tells a highlight from the selection, whose
           * accent colour may be the same as an assessment's. */
          underline.alpha = 0.9;
          gtk_snapshot_append_color (snapshot, &underline,
                                     &GRAPHENE_RECT_INIT (r.origin.x, r.origin.y + r.size.height - 2,
                                                          r.size.width, 2));
        }
    }

  suggestion_list = g_hash_table_lookup (self->suggestion_rects, GUINT_TO_POINTER (page));
  if (suggestion_list != NULL)
    {
      /* Faint and dashed, without fill: a proposal, not a tag. */
      static const double dashes[] = { 4.0, 3.0 };

      for (guint i = 0; i < suggestion_list->len; i++)
        {
          const SuggestionRect *sr = &g_array_index (suggestion_list, SuggestionRect, i);
          graphene_rect_t r;
          cairo_t *cr;

          page_rect_to_widget (self, &sr->rect, &r);
          graphene_rect_inset (&r, -1.5, -1.5);
          cr = gtk_snapshot_append_cairo (snapshot, &r);
          cairo_set_source_rgba (cr, 0.11, 0.44, 0.85, 0.6);
          cairo_set_line_width (cr, 1.2);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
          cairo_rectangle (cr, r.origin.x + 0.6, r.origin.y + 0.6, r.size.width - 1.2, r.size.height - 1.2);
          cairo_stroke (cr);
          cairo_destroy (cr);
        }
    }

  if (self->matches != NULL && self->matches->len > 0)
    {
      CmTextMatch *current = &g_array_index (self->matches, CmTextMatch, self->current_match);

      append_rects (snapshot, self, get_match_rects (self, page), &match_color);
      if (current->page <= page)
        {
          g_autoptr(GArray) rects = range_rects_on_page (self, current->start, current->end, page);

          append_rects (snapshot, self, rects, &current_match_color);
        }
    }

  if (self->has_selection)
    {
      GdkRGBA color = *accent;

      color.alpha = SELECTION_ALPHA;
      append_rects (snapshot, self, get_selection_rects (self, page), &color);
    }

  if (self->caret_mode && self->has_caret)
    snapshot_caret (self, snapshot, page);

  if (self->flashing)
    {
      g_autoptr(GArray) rects = range_rects_on_page (self, self->flash_start, self->flash_end, page);
      GdkRGBA color = *accent;

      color.alpha = 0.5;
      append_rects (snapshot, self, rects, &color);
    }

  if (self->index != NULL && cm_text_index_page_is_ocr (self->index, page))
    snapshot_ocr_badge (self, snapshot, &rect, accent);

  gtk_snapshot_pop (snapshot);
}

static void
cm_document_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  GtkNative *native;
  GskRenderer *renderer;
  gboolean use_cairo;
  guint first, last;
  GdkRGBA accent;

  if (!get_visible_range (self, &first, &last))
    return;

  get_accent_color (self, &accent);
  native = gtk_widget_get_native (widget);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  use_cairo = renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
  for (guint page = first; page <= last; page++)
    snapshot_page (self, snapshot, page, &accent, use_cairo);

  /* The first screenful is up: now render ahead. */
  if (self->any_page_drawn && !self->prefetch)
    {
      self->prefetch = TRUE;
      update_render_requests (self);
    }
}

/* ------------------------------------------------------------------------ */
/* GtkWidget                                                                 */

static void
cm_document_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);

  /* A scrollable: any size will do; naturally, one page at 100 %. */
  *minimum = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = (int) (self->n_pages > 0 ? self->max_width_pt * POINTS_TO_PIXELS : 612 * POINTS_TO_PIXELS)
               + 2 * PAGE_MARGIN;
  else
    *natural = (int) (self->n_pages > 0 ? self->max_height_pt * POINTS_TO_PIXELS : 792 * POINTS_TO_PIXELS)
               + 2 * PAGE_MARGIN;
}

static void
cm_document_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  double hvalue = gtk_adjustment_get_value (self->hadjustment);
  double vvalue = gtk_adjustment_get_value (self->vadjustment);

  /* The real size from now on. */
  self->hint_width = self->hint_height = 0;

  /* A frame is being made anyway: hold it back no longer. */
  if (self->hold_timeout != 0)
    release_first_frame (self, TRUE);

  if (self->zoom_mode != CM_ZOOM_FREE && self->n_pages > 0)
    {
      double zoom = fit_zoom (self, self->zoom_mode);

      if (fabs (zoom - self->zoom) > 1e-6)
        {
          /* Keep the line at the top of the screen where it is. */
          double fraction;
          guint i = page_fraction_at_y (self, vvalue, &fraction);

          self->zoom = zoom;
          relayout (self);
          vvalue = y_at_page_fraction (self, i, fraction);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
        }
    }

  configure_adjustments (self, hvalue, vvalue);

  if (self->pending_page > 0 && self->n_pages > 0)
    scroll_to_pending (self);
  else
    update_current_page (self);

  update_render_requests (self);
}

static void
on_scale_factor_changed (CmDocumentView *self)
{
  update_render_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
cm_document_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_mode,
                                GtkTooltip *tooltip)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  Highlight *highlight;
  graphene_rect_t r;
  GdkRectangle area;
  guint ocr_page;

  if (keyboard_mode)
    return FALSE;
  ocr_page = ocr_badge_at (self, x, y);
  if (ocr_page != 0)
    {
      CmOcrLayer *layer = cm_text_index_get_ocr_layer (self->index);
      g_autofree char *text = NULL;

      /* Translators: the OCR badge's tooltip: the engine, then its mean confidence in percent. */
      text = g_strdup_printf (_("The text of this scanned page was recognized by OCR (%s, %.0f%% confidence) and may hold misread words: check quotes against the page"),
                              layer != NULL && cm_ocr_layer_get_engine (layer) != NULL ? cm_ocr_layer_get_engine (layer) : "OCR",
                              layer != NULL ? cm_ocr_layer_get_page_confidence (layer, ocr_page) : 0.0);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  highlight = highlight_at (self, x, y);
  if (highlight == NULL)
    {
      const CmSuggestion *suggestion = suggestion_at (self, x, y);
      g_autofree char *text = NULL;

      if (suggestion == NULL)
        return FALSE;
      /* Translators: a suggested clause's tooltip: its section, then why it was suggested. */
      text = g_strdup_printf (_("Suggested clause · %s\n%s\nClick to review it in the checklist"),
                              cm_suggestion_get_section (suggestion) != NULL ? cm_suggestion_get_section (suggestion) : "",
                              cm_suggestion_get_reason (suggestion));
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }

  gtk_tooltip_set_text (tooltip, highlight->tooltip);
  page_rect_to_widget (self, &highlight->rect, &r);
  area.x = (int) floor (r.origin.x);
  area.y = (int) floor (r.origin.y);
  area.width = (int) ceil (r.size.width);
  area.height = (int) ceil (r.size.height);
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Input                                                                     */

static void
set_cursor_name (CmDocumentView *self,
                 const char     *name)
{
  if (g_strcmp0 (self->cursor_name, name) == 0)
    return;
  self->cursor_name = name;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
update_cursor (CmDocumentView *self)
{
  guint page;
  double x_pt, y_pt;

  if (!self->has_pointer)
    return;
  if (highlight_at (self, self->pointer_x, self->pointer_y) != NULL)
    set_cursor_name (self, "pointer");
  else if (self->index != NULL
           && point_to_page (self, self->pointer_x, self->pointer_y, FALSE, &page, &x_pt, &y_pt))
    set_cursor_name (self, "text");
  else
    set_cursor_name (self, NULL);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CmDocumentView           *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = TRUE;
  update_cursor (self);
}

static void
on_leave (GtkEventControllerMotion *controller,
          CmDocumentView           *self)
{
  self->has_pointer = FALSE;
}

static void
update_primary_selection (CmDocumentView *self)
{
  guint start, end;
  g_autofree char *text = NULL;

  if (!cm_document_view_get_selection (self, &start, &end))
    return;
  text = cm_text_index_get_slice (self->index, start, end);
  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_primary_clipboard (GTK_WIDGET (self)),
                            g_strdelimit (text, "\f", '\n'));
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  CmDocumentView  *self)
{
  guint page, offset;
  double x_pt, y_pt;

  self->click_count = n_press;
  if (n_press < 2 || self->index == NULL
      || !point_to_page (self, x, y, FALSE, &page, &x_pt, &y_pt)
      || !offset_at_point (self, page, x_pt, y_pt, &offset))
    return;

  if (n_press == 2)
    {
      /* A word: letters and digits around the offset, within its page. */
      guint page_start = 0, page_end = 0, start, end, i;
      g_autofree char *slice = NULL;
      g_autofree gunichar *chars = NULL;
      glong n_chars = 0;

      cm_text_index_get_page_range (self->index, page, &page_start, &page_end);
      slice = cm_text_index_get_slice (self->index, page_start, page_end);
      if (slice == NULL)
        return;
      chars = g_utf8_to_ucs4_fast (slice, -1, &n_chars);
      i = CLAMP (offset, page_start, page_start + (guint) n_chars) - page_start;
      /* Clicked just past a word's last letter: that word. */
      if ((i >= (guint) n_chars || !g_unichar_isalnum (chars[i])) && i > 0
          && g_unichar_isalnum (chars[i - 1]))
        i--;
      if (i >= (guint) n_chars || !g_unichar_isalnum (chars[i]))
        return;
      start = i;
      while (start > 0 && g_unichar_isalnum (chars[start - 1]))
        start--;
      end = i;
      while (end < (guint) n_chars && g_unichar_isalnum (chars[end]))
        end++;
      set_selection (self, TRUE, page_start + start, page_start + end);
    }
  else
    {
      /* A line: the whole page's text between line breaks. */
      guint page_start = 0, page_end = 0, start, end;
      g_autofree char *slice = NULL;
      g_autofree gunichar *chars = NULL;
      glong n_chars = 0;

      cm_text_index_get_page_range (self->index, page, &page_start, &page_end);
      slice = cm_text_index_get_slice (self->index, page_start, page_end);
      if (slice == NULL)
        return;
      chars = g_utf8_to_ucs4_fast (slice, -1, &n_chars);
      offset = CLAMP (offset, page_start, page_start + (guint) n_chars);
      start = offset;
      while (start > page_start && chars[start - 1 - page_start] != '\n')
        start--;
      end = offset;
      while (end - page_start < (guint) n_chars && chars[end - page_start] != '\n')
        end++;
      set_selection (self, TRUE, start, end);
    }
  update_primary_selection (self);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               CmDocumentView *self)
{
  GdkModifierType state;
  guint page, offset;
  double x_pt, y_pt;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_selecting = FALSE;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  if ((state & GDK_SHIFT_MASK) && self->has_selection
      && point_to_page (self, x, y, TRUE, &page, &x_pt, &y_pt)
      && offset_at_point (self, page, x_pt, y_pt, &offset))
    {
      /* Shift+click extends the selection from where it started. */
      self->drag_selecting = TRUE;
      set_selection (self, TRUE, self->selection_anchor, offset);
    }
}

static void
extend_selection_to_pointer (CmDocumentView *self)
{
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  guint page, offset;
  double x_pt, y_pt;

  if (point_to_page (self, self->drag_x, CLAMP (self->drag_y, 0, height), TRUE, &page, &x_pt, &y_pt)
      && offset_at_point (self, page, x_pt, y_pt, &offset))
    set_selection (self, TRUE, self->selection_anchor, offset);
}

/* While a selection is dragged past the top or bottom edge, the view keeps
 * scrolling, faster the further out the pointer is, so a selection can span
 * pages without the mouse moving. */
static gboolean
autoscroll_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  double height = gtk_widget_get_height (widget);
  double overshoot = self->drag_y < 0 ? self->drag_y : self->drag_y > height ? self->drag_y - height : 0;

  if (!self->drag_selecting || overshoot == 0)
    {
      self->autoscroll_tick = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (self->vadjustment,
                            gtk_adjustment_get_value (self->vadjustment) + CLAMP (overshoot / 2, -80, 80));
  extend_selection_to_pointer (self);
  return G_SOURCE_CONTINUE;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                CmDocumentView *self)
{
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  guint page, offset;
  double x_pt, y_pt;

  if (self->index == NULL || self->click_count > 1)
    return;
  if (!self->drag_selecting)
    {
      if (hypot (dx, dy) < DRAG_THRESHOLD)
        return;
      if (!point_to_page (self, self->drag_start_x, self->drag_start_y, TRUE, &page, &x_pt, &y_pt)
          || !offset_at_point (self, page, x_pt, y_pt, &offset))
        return;
      self->drag_selecting = TRUE;
      set_selection (self, FALSE, 0, 0);
      self->selection_anchor = offset;
    }

  self->drag_x = self->drag_start_x + dx;
  self->drag_y = self->drag_start_y + dy;
  extend_selection_to_pointer (self);
  if ((self->drag_y < 0 || self->drag_y > height) && self->autoscroll_tick == 0)
    self->autoscroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), autoscroll_tick, NULL, NULL);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             CmDocumentView *self)
{
  Highlight *highlight;
  const CmSuggestion *suggestion;
  double x = self->drag_start_x + dx;
  double y = self->drag_start_y + dy;

  if (self->autoscroll_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->autoscroll_tick);
      self->autoscroll_tick = 0;
    }
  if (self->drag_selecting)
    {
      self->drag_selecting = FALSE;
      update_primary_selection (self);
      return;
    }
  if (self->click_count > 1)
    return;

  /* A plain click. */
  highlight = highlight_at (self, x, y);
  if (highlight != NULL)
    {
      g_autofree char *id = g_strdup (highlight->annotation_id);

      g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, id, x, y);
      return;
    }
  suggestion = suggestion_at (self, x, y);
  if (suggestion != NULL)
    {
      g_autoptr(CmSuggestion) copy = cm_suggestion_copy (suggestion);

      g_signal_emit (self, signals[SUGGESTION_ACTIVATED], 0, copy, x, y);
      return;
    }
  set_selection (self, FALSE, 0, 0);
}

static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      CmDocumentView  *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[CONTEXT_MENU], 0, x, y);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           CmDocumentView           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double ax, ay;

  /* Without Ctrl, the scrolled window scrolls. */
  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;

  ax = self->has_pointer ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  ay = self->has_pointer ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  zoom_at (self, self->zoom * pow (1.2, -dy), ax, ay);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               CmDocumentView   *self)
{
  self->gesture_zoom_start = self->zoom;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       CmDocumentView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at (self, self->gesture_zoom_start * scale, x, y);
}

typedef enum
{
  UNIT_CHARS,
  UNIT_WORDS,
  UNIT_LINES,
  UNIT_LINE_ENDS,
} CursorUnit;

static void move_cursor (CmDocumentView *self,
                         CursorUnit      unit,
                         int             count,
                         gboolean        extend);

static gboolean
scroll_binding (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  const char *what;
  int direction;
  GtkAdjustment *adjustment;
  double value;

  g_variant_get (args, "(&si)", &what, &direction);
  if (self->caret_mode && self->index != NULL)
    {
      if (g_str_equal (what, "step"))
        {
          move_cursor (self, UNIT_LINES, direction, FALSE);
          return TRUE;
        }
      if (g_str_equal (what, "hstep"))
        {
          move_cursor (self, UNIT_CHARS, direction, FALSE);
          return TRUE;
        }
      if (g_str_equal (what, "line-ends"))
        {
          move_cursor (self, UNIT_LINE_ENDS, direction, FALSE);
          return TRUE;
        }
    }
  if (g_str_equal (what, "line-ends"))
    what = "ends";
  adjustment = g_str_equal (what, "hstep") ? self->hadjustment : self->vadjustment;
  value = gtk_adjustment_get_value (adjustment);

  if (g_str_equal (what, "step") || g_str_equal (what, "hstep"))
    value += direction * gtk_adjustment_get_step_increment (adjustment);
  else if (g_str_equal (what, "page"))
    value += direction * gtk_adjustment_get_page_increment (adjustment);
  else if (g_str_equal (what, "ends"))
    value = direction < 0 ? 0 : gtk_adjustment_get_upper (adjustment);

  gtk_adjustment_set_value (adjustment, value);
  return TRUE;
}

static gboolean
boxes_on_one_line (const CmPageRect *a,
                   const CmPageRect *b)
{
  double height = MAX (fabs (a->y2 - a->y1), 4.0);

  return a->page == b->page && fabs ((a->y1 + a->y2) / 2 - (b->y1 + b->y2) / 2) < height / 2;
}

/* Moves the cursor LINES printed lines down (up when negative), in reading
 * order: to the next line of the text, as it runs in its column, and there
 * to the character nearest the cursor's column. A line starting further in
 * (a centred title, an indented clause) is still the next line. */
static guint
cursor_line_move (CmDocumentView *self,
                  guint           cursor,
                  int             lines)
{
  const guint limit = 4000;
  guint length = cm_text_index_get_length (self->index);
  CmPageRect here, box, line_box;
  double goal;
  guint i, steps;

  if (length == 0 || !cm_text_index_get_char_box (self->index, MIN (cursor, length - 1), &here))
    return cursor;
  goal = cursor < length ? here.x1 : here.x2;

  for (; lines != 0; lines += lines > 0 ? -1 : 1)
    {
      guint best;
      double best_distance = G_MAXDOUBLE;

      /* The first character of another line, that way. */
      i = cursor;
      for (steps = 0; steps < limit; steps++)
        {
          if (lines > 0 ? i + 1 >= length : i == 0)
            return lines > 0 ? length : 0;
          i = lines > 0 ? i + 1 : i - 1;
          if (cm_text_index_get_char_box (self->index, i, &box) && !boxes_on_one_line (&here, &box))
            break;
        }
      if (steps == limit)
        return cursor;

      /* That line's characters: the one nearest the goal column. */
      line_box = box;
      best = i;
      for (steps = 0; steps < limit; steps++)
        {
          double distance;

          if (cm_text_index_get_char_box (self->index, i, &box))
            {
              if (!boxes_on_one_line (&line_box, &box))
                break;
              distance = goal < box.x1 ? box.x1 - goal : (goal > box.x2 ? goal - box.x2 : 0);
              if (distance < best_distance)
                {
                  best_distance = distance;
                  best = i;
                }
            }
          if (lines > 0 ? i + 1 >= length : i == 0)
            break;
          i = lines > 0 ? i + 1 : i - 1;
        }
      cursor = best;
      if (!cm_text_index_get_char_box (self->index, cursor, &here))
        return cursor;
    }
  return cursor;
}

/* The first line on screen: the text at the top left of the view (the
 * page's first line when its top shows), where keyboard selection starts. */
static guint
offset_on_screen (CmDocumentView *self)
{
  guint first, last, offset = 0, page_end = 0;
  double y_pt = 0;

  /* The first page on screen, not one whose bottom edge lies above it (in
   * the gap above a page, the nearest page may be the one before). */
  if (get_visible_range (self, &first, &last))
    {
      double top = scroll_y (self) - self->page_top[first - 1];

      y_pt = MAX (top, 0) / page_height_px (self, first - 1) * self->page_height_pt[first - 1];
      if (cm_text_index_get_offset_at (self->index, first, 0, y_pt, &offset)
          && cm_text_index_get_page_at (self->index, offset) == first)
        {
          CmPageRect box;
          graphene_rect_t r;

          /* The nearest line may be the last above the screen's top. */
          if (cm_text_index_get_char_box (self->index, offset, &box))
            {
              page_rect_to_widget (self, &box, &r);
              if (r.origin.y < 0)
                offset = cursor_line_move (self, offset, 1);
            }
          return offset;
        }
      cm_text_index_get_page_range (self->index, first, &offset, &page_end);
      return offset;
    }
  cm_text_index_get_page_range (self->index, MAX (self->page, 1), &offset, &page_end);
  return offset;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '\'' || c == 0x2019;
}

/* The end of the next word after CURSOR (COUNT > 0), or the start of the
 * word before it, as Ctrl+arrows go in text. */
static guint
cursor_word_move (CmDocumentView *self,
                  guint           cursor,
                  int             count)
{
  guint length = cm_text_index_get_length (self->index);
  guint window = 400;

  while (count != 0)
    {
      guint start = count > 0 ? cursor : (cursor > window ? cursor - window : 0);
      guint end = count > 0 ? MIN (cursor + window, length) : cursor;
      g_autofree char *text = cm_text_index_get_slice (self->index, start, end);
      glong n = g_utf8_strlen (text, -1);
      g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, NULL);
      glong i;

      if (count > 0)
        {
          for (i = 0; i < n && !is_word_char (chars[i]); i++)
            ;
          for (; i < n && is_word_char (chars[i]); i++)
            ;
          cursor = start + (guint) i;
          count--;
        }
      else
        {
          for (i = n; i > 0 && !is_word_char (chars[i - 1]); i--)
            ;
          for (; i > 0 && is_word_char (chars[i - 1]); i--)
            ;
          cursor = start + (guint) i;
          count++;
        }
    }
  return cursor;
}

/* The start (DIRECTION < 0) or end of CURSOR's printed line: the
 * characters on each side that sit on the same line of the same page. */
static guint
cursor_line_end (CmDocumentView *self,
                 guint           cursor,
                 int             direction)
{
  guint length = cm_text_index_get_length (self->index);
  CmPageRect first, here, box;
  guint i = cursor;

  if (length == 0 || !cm_text_index_get_char_box (self->index, MIN (cursor, length - 1), &here))
    return cursor;
  first = here;
  for (guint steps = 0; steps < 2000; steps++)
    {
      guint next = direction < 0 ? i - 1 : i + 1;

      if ((direction < 0 && i == 0) || (direction > 0 && next >= length)
          || !cm_text_index_get_char_box (self->index, next, &box) || !boxes_on_one_line (&first, &box)
          || (direction < 0 ? box.x1 > here.x1 + 0.5 : box.x1 < here.x1 - 0.5))
        break;
      i = next;
      here = box;
    }
  /* At the end, past the line's last character (not past its break). */
  if (direction > 0)
    {
      while (i > cursor && is_space_at (self, i))
        i--;
      return MIN (i + 1, length);
    }
  return i;
}

/* Moves the selection's cursor by COUNT UNITs: with EXTEND from its
 * anchor, else as a caret (an empty selection). */
static void
move_cursor (CmDocumentView *self,
             CursorUnit      unit,
             int             count,
             gboolean        extend)
{
  guint anchor, cursor, length;
  CmPageRect box;

  if (self->index == NULL || self->n_pages == 0 || count == 0)
    return;
  length = cm_text_index_get_length (self->index);

  if (self->has_selection || self->has_caret)
    {
      anchor = self->selection_anchor;
      cursor = self->selection_cursor;
    }
  else
    anchor = cursor = offset_on_screen (self);

  /* An arrow on a selection, not extending it, lands on its edge. */
  if (!extend && self->has_selection && unit == UNIT_CHARS)
    cursor = count < 0 ? MIN (anchor, cursor) : MAX (anchor, cursor);
  else
    switch (unit)
      {
      case UNIT_CHARS:
        cursor = count < 0 ? (cursor > (guint) -count ? cursor + count : 0) : MIN (cursor + count, length);
        break;
      case UNIT_WORDS:
        cursor = cursor_word_move (self, cursor, count);
        break;
      case UNIT_LINES:
        cursor = cursor_line_move (self, cursor, count);
        break;
      case UNIT_LINE_ENDS:
        cursor = cursor_line_end (self, cursor, count);
        break;
      default:
        g_assert_not_reached ();
      }

  set_selection (self, TRUE, extend ? anchor : cursor, cursor);
  if (self->caret_mode)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  if (length > 0 && cm_text_index_get_char_box (self->index, cursor < length ? cursor : cursor - 1, &box))
    scroll_to_page_rect (self, &box);
}

static void
extend_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *args)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  int chars, lines;

  g_variant_get (args, "(ii)", &chars, &lines);
  if (chars != 0)
    move_cursor (self, UNIT_CHARS, chars, TRUE);
  if (lines != 0)
    move_cursor (self, UNIT_LINES, lines, TRUE);
}

/* Ctrl+arrows: by words in caret mode; otherwise not the view's. */
static gboolean
caret_word_binding (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);

  if (!self->caret_mode)
    return FALSE;
  move_cursor (self, UNIT_WORDS, g_variant_get_int32 (args), FALSE);
  return TRUE;
}

static const char * const unit_names[] = { "chars", "words", "lines", "line-ends" };

static void
move_cursor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *args)
{
  const char *unit;
  int count;
  gboolean extend;

  g_variant_get (args, "(&sib)", &unit, &count, &extend);
  for (guint i = 0; i < G_N_ELEMENTS (unit_names); i++)
    if (g_str_equal (unit, unit_names[i]))
      move_cursor (CM_DOCUMENT_VIEW (widget), (CursorUnit) i, count, extend);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  double x = gtk_widget_get_width (widget) / 2.0;
  double y = gtk_widget_get_height (widget) / 2.0;
  guint start, end;

  /* Point at the selection when there is one on screen. */
  if (cm_document_view_get_selection (self, &start, &end))
    {
      CmPageRect box;

      if (cm_text_index_get_char_box (self->index, start, &box) && box.page >= 1 && box.page <= self->n_pages)
        {
          graphene_rect_t r;

          page_rect_to_widget (self, &box, &r);
          if (r.origin.y >= 0 && r.origin.y <= gtk_widget_get_height (widget))
            {
              x = r.origin.x;
              y = r.origin.y + r.size.height;
            }
        }
    }
  g_signal_emit (self, signals[CONTEXT_MENU], 0, x, y);
}

/* Escape drops the selection, as in text views; with none it goes on to
 * whoever else wants it. */
static gboolean
clear_selection_binding (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);

  if (!self->has_selection)
    return FALSE;
  set_selection (self, FALSE, 0, 0);
  return TRUE;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);
  guint start, end;
  g_autofree char *text = NULL;

  if (!cm_document_view_get_selection (self, &start, &end))
    return;
  text = cm_text_index_get_slice (self->index, start, end);
  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_strdelimit (text, "\f", '\n'));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);

  if (self->index != NULL)
    cm_document_view_select_range (self, 0, cm_text_index_get_length (self->index));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (widget);

  if (g_str_equal (action_name, "view.zoom-in"))
    cm_document_view_zoom_in (self);
  else if (g_str_equal (action_name, "view.zoom-out"))
    cm_document_view_zoom_out (self);
  else if (g_str_equal (action_name, "view.zoom-fit-width"))
    cm_document_view_set_zoom_mode (self, CM_ZOOM_FIT_WIDTH);
  else if (g_str_equal (action_name, "view.zoom-fit-page"))
    cm_document_view_set_zoom_mode (self, CM_ZOOM_FIT_PAGE);
  else if (g_str_equal (action_name, "view.zoom-reset"))
    cm_document_view_set_zoom (self, 1.0);
}

/* ------------------------------------------------------------------------ */
/* GtkScrollable                                                             */

static void
set_adjustment (CmDocumentView  *self,
                GtkAdjustment  **slot,
                GtkAdjustment   *adjustment)
{
  if (adjustment != NULL && *slot == adjustment)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, on_adjustment_value_changed, self);
      g_clear_object (slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (on_adjustment_value_changed), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
cm_document_view_scrollable_init (GtkScrollableInterface *iface)
{
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
clear_document (CmDocumentView *self)
{
  g_cancellable_cancel (self->sizes_cancellable);
  g_clear_object (&self->sizes_cancellable);
  g_clear_handle_id (&self->sizes_timeout, g_source_remove);
  if (self->worker != NULL)
    g_signal_handlers_disconnect_by_func (self->worker, on_page_rendered, self);
  g_clear_object (&self->worker);
  g_clear_object (&self->document);
  g_clear_object (&self->index);
  g_clear_pointer (&self->page_width_pt, g_free);
  g_clear_pointer (&self->page_height_pt, g_free);
  g_clear_pointer (&self->page_top, g_free);
  g_clear_pointer (&self->matches, g_array_unref);
  g_hash_table_remove_all (self->match_rects);
  g_hash_table_remove_all (self->selection_rects);
  g_hash_table_remove_all (self->highlights);
  g_clear_handle_id (&self->flash_timeout, g_source_remove);
  g_clear_handle_id (&self->first_page_idle, g_source_remove);
  g_clear_handle_id (&self->hold_timeout, g_source_remove);
  self->flashing = FALSE;
  set_selection (self, FALSE, 0, 0);
  self->n_pages = 0;
  self->page = 0;
  self->pending_page = 0;
  self->pending_fraction = 0;
  self->first_page = 1;
  self->content_width = 0;
  self->content_height = 0;
  self->first_page_drawn = FALSE;
  self->first_page_ready = FALSE;
  self->any_page_drawn = FALSE;
  self->prefetch = FALSE;
}

static void
cm_document_view_dispose (GObject *object)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (object);

  cm_document_view_set_review (self, NULL);
  g_clear_object (&self->checklist);
  clear_document (self);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (cm_document_view_parent_class)->dispose (object);
}

static void
cm_document_view_finalize (GObject *object)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (object);

  g_clear_pointer (&self->selection_rects, g_hash_table_unref);
  g_clear_pointer (&self->match_rects, g_hash_table_unref);
  g_clear_pointer (&self->highlights, g_hash_table_unref);
  g_clear_pointer (&self->suggestion_rects, g_hash_table_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);

  G_OBJECT_CLASS (cm_document_view_parent_class)->finalize (object);
}

static void
cm_document_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_ZOOM_MODE:
      g_value_set_enum (value, self->zoom_mode);
      break;
    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, self->has_selection);
      break;
    case PROP_CARET_MODE:
      g_value_set_boolean (value, self->caret_mode);
      break;
    case PROP_FIRST_FRAME_HOLD:
      g_value_set_uint (value, self->first_frame_hold_ms);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_document_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CmDocumentView *self = CM_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      cm_document_view_set_page (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM:
      cm_document_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_ZOOM_MODE:
      cm_document_view_set_zoom_mode (self, g_value_get_enum (value));
      break;
    case PROP_CARET_MODE:
      cm_document_view_set_caret_mode (self, g_value_get_boolean (value));
      break;
    case PROP_FIRST_FRAME_HOLD:
      self->first_frame_hold_ms = g_value_get_uint (value);
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_document_view_class_init (CmDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_document_view_dispose;
  object_class->finalize = cm_document_view_finalize;
  object_class->get_property = cm_document_view_get_property;
  object_class->set_property = cm_document_view_set_property;

  widget_class->measure = cm_document_view_measure;
  widget_class->size_allocate = cm_document_view_size_allocate;
  widget_class->snapshot = cm_document_view_snapshot;
  widget_class->query_tooltip = cm_document_view_query_tooltip;

  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_MODE] =
    g_param_spec_enum ("zoom-mode", NULL, NULL,
                       CM_TYPE_ZOOM_MODE, CM_ZOOM_FIT_WIDTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARET_MODE] =
    g_param_spec_boolean ("caret-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How long (ms) a document shown in an empty view may wait for its
   * first page before placeholders are drawn: 0 draws them at once. */
  properties[PROP_FIRST_FRAME_HOLD] =
    g_param_spec_uint ("first-frame-hold", NULL, NULL,
                       0, G_MAXUINT, FIRST_FRAME_HOLD_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[SUGGESTION_ACTIVATED] =
    g_signal_new ("suggestion-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, CM_TYPE_SUGGESTION, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[CONTEXT_MENU] =
    g_signal_new ("context-menu",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[FIRST_PAGE_DRAWN] =
    g_signal_new ("first-page-drawn",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* Page 1 of the document is rendered (not yet drawn): a window showing
   * the view can now do so in one frame with it. Once per document. */
  signals[FIRST_PAGE_READY] =
    g_signal_new ("first-page-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "view.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "view.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-fit-width", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-fit-page", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-reset", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "view.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK, "view.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "view.select-all", NULL);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Up, 0, scroll_binding, "(&si)", "page", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Page_Up, 0, scroll_binding, "(&si)", "page", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Down, 0, scroll_binding, "(&si)", "page", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Page_Down, 0, scroll_binding, "(&si)", "page", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, scroll_binding, "(&si)", "page", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, GDK_SHIFT_MASK, scroll_binding, "(&si)", "page", -1);
  /* Home and End go to a line's ends in caret mode, to the document's else. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0, scroll_binding, "(&si)", "line-ends", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Home, 0, scroll_binding, "(&si)", "line-ends", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, scroll_binding, "(&si)", "ends", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, 0, scroll_binding, "(&si)", "line-ends", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_End, 0, scroll_binding, "(&si)", "line-ends", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, scroll_binding, "(&si)", "ends", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, scroll_binding, "(&si)", "step", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Up, 0, scroll_binding, "(&si)", "step", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, scroll_binding, "(&si)", "step", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Down, 0, scroll_binding, "(&si)", "step", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, scroll_binding, "(&si)", "hstep", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Left, 0, scroll_binding, "(&si)", "hstep", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, scroll_binding, "(&si)", "hstep", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Right, 0, scroll_binding, "(&si)", "hstep", 1);

  /* Shift+arrows: (characters, lines) to move the selection's end by. */
  gtk_widget_class_install_action (widget_class, "view.extend-selection", "(ii)", extend_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "view.extend-selection", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "view.extend-selection", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "view.extend-selection", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "view.extend-selection", "(ii)", 0, 1);

  /* (unit, count, extend): "chars", "words", "lines" or "line-ends". */
  gtk_widget_class_install_action (widget_class, "view.move-cursor", "(sib)", move_cursor_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "view.move-cursor", "(sib)", "words", -1, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "view.move-cursor", "(sib)", "words", 1, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_SHIFT_MASK,
                                       "view.move-cursor", "(sib)", "line-ends", -1, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_SHIFT_MASK,
                                       "view.move-cursor", "(sib)", "line-ends", 1, TRUE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, caret_word_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, caret_word_binding, "i", 1);

  /* The window binds F7 to it, as Evince and Papers do. */
  gtk_widget_class_install_property_action (widget_class, "view.caret-mode", "caret-mode");

  gtk_widget_class_install_action (widget_class, "view.context-menu", NULL, context_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "view.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "view.context-menu", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, clear_selection_binding, NULL);

  gtk_widget_class_set_css_name (widget_class, "documentview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DOCUMENT);
}

static void
cm_document_view_init (CmDocumentView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->first_page = 1;
  self->zoom = 1.0;
  self->zoom_mode = CM_ZOOM_FIT_WIDTH;
  self->first_frame_hold_ms = FIRST_FRAME_HOLD_MS;
  self->selection_rects = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->match_rects = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->highlights = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->suggestion_rects = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);

  /* Before the drag gesture, so a double click is known when the drag of
   * its second press begins and ends. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), NULL);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

GtkWidget *
cm_document_view_new (void)
{
  return g_object_new (CM_TYPE_DOCUMENT_VIEW, NULL);
}

static void
on_annotations_changed (CmDocumentView *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        GListModel     *model)
{
  rebuild_highlights (self);
  update_cursor (self);
}

/* Takes each page's size from the document, or the stand-in while the
 * sizes are being read; returns whether they were all the pages' own. */
static gboolean
read_page_sizes (CmDocumentView *self)
{
  gboolean exact = TRUE;

  self->max_width_pt = 1;
  self->max_height_pt = 1;
  for (guint i = 0; i < self->n_pages; i++)
    {
      double width = 0, height = 0;

      exact &= cm_document_peek_page_size (self->document, i + 1, &width, &height);
      /* A page without a usable size still takes room, at Letter size. */
      self->page_width_pt[i] = width > 0 ? width : 612;
      self->page_height_pt[i] = height > 0 ? height : 792;
      self->max_width_pt = MAX (self->max_width_pt, self->page_width_pt[i]);
      self->max_height_pt = MAX (self->max_height_pt, self->page_height_pt[i]);
    }
  return exact;
}

/* The real sizes replace the stand-ins: lay out again, keeping the same
 * point of the same page at the top of the screen. */
static void
page_sizes_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  CmDocumentView *self;
  double top, fraction = 0;
  guint index = 0;

  if (!cm_document_load_page_sizes_finish (CM_DOCUMENT (source), result, &error))
    return;
  self = CM_DOCUMENT_VIEW (user_data);
  if (self->document != CM_DOCUMENT (source))
    return;
  g_clear_object (&self->sizes_cancellable);

  top = scroll_y (self);
  if (self->n_pages > 0)
    {
      index = page_fraction_at_y (self, top, &fraction);
    }
  read_page_sizes (self);
  if (self->zoom_mode != CM_ZOOM_FREE && is_allocated (self))
    self->zoom = fit_zoom (self, self->zoom_mode);
  relayout (self);
  if (is_allocated (self))
    {
      top = self->n_pages > 0 ? y_at_page_fraction (self, index, fraction) : 0;
      self->setting_page = TRUE;
      configure_adjustments (self, gtk_adjustment_get_value (self->hadjustment), top);
      self->setting_page = FALSE;
      update_render_requests (self);
    }
  rebuild_highlights (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A view not shown yet, with a size hint: the pages its first screen will
 * show are rendered now, at the scale that size gives, while the window
 * is still busy showing it. */
static void
request_hinted_pages (CmDocumentView *self)
{
  if (is_allocated (self) || self->worker == NULL || self->hint_width <= 0 || self->hint_height <= 0)
    return;

  double top = pending_y (self);

  for (guint i = page_index_at_y (self, top); i < self->n_pages && self->page_top[i] < top + self->hint_height; i++)
    cm_render_worker_request (self->worker, i + 1, device_scale (self, i), CM_RENDER_PRIORITY_VISIBLE);
}

/* The first page of a document opened into an empty view is ready (or
 * late): what hold_first_frame() kept back, the adjustments, the redraw
 * and the notifications. */
static void
release_first_frame (CmDocumentView *self,
                     gboolean        allocating)
{
  g_clear_handle_id (&self->hold_timeout, g_source_remove);
  /* Being allocated, the view configures itself. */
  if (!allocating)
    {
      configure_adjustments (self, 0, 0);
      if (self->pending_page > 0)
        scroll_to_pending (self);
      update_render_requests (self);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static gboolean
hold_timeout_cb (gpointer data)
{
  CmDocumentView *self = data;

  self->hold_timeout = 0;
  release_first_frame (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* A document shown in an empty view would first be drawn as placeholders
 * while page 1 renders (8 ms or so for a page of text). That frame takes a
 * core from the rendering, and the frame clock then makes page 1 wait up
 * to a refresh interval for the next one. So for up to "first-frame-hold"
 * milliseconds nothing is redrawn, not even the scrollbars (the
 * adjustments, still the empty view's at the top, place the new pages
 * right), and page 1 goes to the screen the moment it arrives; a slower
 * page gets its placeholder after that. */
static gboolean
hold_first_frame (CmDocumentView *self)
{
  /* (Opening further down, the adjustments must be set first.) */
  if (self->first_frame_hold_ms == 0 || self->worker == NULL || !is_allocated (self) || self->pending_page > 0
      || gtk_adjustment_get_value (self->vadjustment) != 0
      || gtk_adjustment_get_value (self->hadjustment) != 0)
    return FALSE;

  update_render_requests (self);
  self->hold_timeout = g_timeout_add (self->first_frame_hold_ms, hold_timeout_cb, self);
  return TRUE;
}

void
cm_document_view_set_document (CmDocumentView *self,
                               CmDocument     *document,
                               CmTextIndex    *index)
{
  guint old_n_pages;
  gboolean was_empty, holding;

  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));
  g_return_if_fail (index == NULL || CM_IS_TEXT_INDEX (index));

  /* The same document with its index, which is usually built after the
   * document has been shown: keep the pages, take the text. */
  if (document != NULL && document == self->document)
    {
      if (index != self->index)
        {
          g_set_object (&self->index, index);
          g_clear_pointer (&self->matches, g_array_unref);
          g_hash_table_remove_all (self->match_rects);
          set_selection (self, FALSE, 0, 0);
          rebuild_highlights (self);
        }
      return;
    }

  old_n_pages = self->n_pages;
  was_empty = self->document == NULL;
  clear_document (self);
  set_selection (self, FALSE, 0, 0);

  if (document != NULL)
    {
      GBytes *bytes = cm_document_get_bytes (document);

      self->document = g_object_ref (document);
      self->index = index != NULL ? g_object_ref (index) : NULL;
      self->n_pages = cm_document_get_n_pages (document);
      self->page_width_pt = g_new0 (double, MAX (self->n_pages, 1));
      self->page_height_pt = g_new0 (double, MAX (self->n_pages, 1));
      self->page_top = g_new0 (double, MAX (self->n_pages, 1));
      /* Until every page's size is read (on a thread: tens of milliseconds
       * on a long code), pages take the first page's size. */
      if (!read_page_sizes (self))
        self->sizes_timeout = g_timeout_add (SIZES_DELAY_MS, start_loading_page_sizes, self);
      self->page = self->n_pages > 0 ? 1 : 0;
      if (self->start_page > 0 && self->n_pages > 0)
        {
          self->first_page = self->page = MIN (self->start_page, self->n_pages);
          self->pending_page = self->first_page;
          self->pending_fraction = CLAMP (self->start_fraction, 0, 1);
          if (self->zoom_mode == CM_ZOOM_FREE && self->start_zoom > 0)
            self->zoom = CLAMP (self->start_zoom, MIN_ZOOM, MAX_ZOOM);
        }

      if (bytes != NULL && self->n_pages > 0)
        {
          self->worker = cm_render_worker_new (bytes, cm_document_get_password (document),
                                               cm_document_take_poppler (document),
                                               render_cache_budget (self));
          g_signal_connect_swapped (self->worker, "page-rendered",
                                    G_CALLBACK (on_page_rendered), self);
        }
    }

  self->start_page = 0;
  if (self->zoom_mode != CM_ZOOM_FREE && is_allocated (self))
    self->zoom = fit_zoom (self, self->zoom_mode);
  else if (self->zoom_mode != CM_ZOOM_FREE && self->hint_width > 0 && self->hint_height > 0)
    self->zoom = fit_zoom_in (self, self->zoom_mode, self->hint_width, self->hint_height);
  relayout (self);
  request_hinted_pages (self);
  holding = was_empty && hold_first_frame (self);
  rebuild_highlights (self);
  if (holding)
    return;
  if (is_allocated (self))
    {
      configure_adjustments (self, 0, 0);
      if (self->pending_page > 0)
        scroll_to_pending (self);
      update_render_requests (self);
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (old_n_pages != self->n_pages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
cm_document_view_set_size_hint (CmDocumentView *self,
                                int             width,
                                int             height)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  self->hint_width = MAX (width, 0);
  self->hint_height = MAX (height, 0);
}

void
cm_document_view_set_start_position (CmDocumentView *self,
                                     guint           page,
                                     double          fraction,
                                     double          zoom)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  self->start_page = page;
  self->start_fraction = fraction;
  self->start_zoom = zoom;
}

void
cm_document_view_set_caret_mode (CmDocumentView *self,
                                 gboolean        caret_mode)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  caret_mode = !!caret_mode;
  if (caret_mode == self->caret_mode)
    return;
  self->caret_mode = caret_mode;
  /* The caret starts on the first line on screen (a selection stays, to
   * be extended). */
  if (caret_mode && !self->has_selection && self->index != NULL && self->n_pages > 0)
    {
      guint offset = offset_on_screen (self);

      set_selection (self, TRUE, offset, offset);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARET_MODE]);
}

gboolean
cm_document_view_get_caret_mode (CmDocumentView *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), FALSE);

  return self->caret_mode;
}

gboolean
cm_document_view_get_position (CmDocumentView *self,
                               guint          *page,
                               double         *fraction)
{
  double top;
  guint i;

  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->n_pages == 0)
    return FALSE;
  /* Not shown yet: where it is going. */
  if (self->pending_page > 0)
    {
      *page = self->pending_page;
      *fraction = self->pending_fraction;
      return TRUE;
    }
  top = scroll_y (self);
  i = page_fraction_at_y (self, top, fraction);
  /* In the gap above a page: at that page's top, as Ctrl+L puts it. */
  if (*fraction >= 1 && i + 1 < self->n_pages)
    {
      *page = i + 2;
      *fraction = 0;
      return TRUE;
    }
  *page = i + 1;
  *fraction = CLAMP (*fraction, 0, 1);
  return TRUE;
}

CmDocument *
cm_document_view_get_document (CmDocumentView *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), NULL);

  return self->document;
}

void
cm_document_view_set_checklist (CmDocumentView *self,
                                CmChecklist    *checklist)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (checklist == NULL || CM_IS_CHECKLIST (checklist));

  if (g_set_object (&self->checklist, checklist))
    rebuild_highlights (self);
}

void
cm_document_view_set_review (CmDocumentView *self,
                             CmReview       *review)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (review == NULL || CM_IS_REVIEW (review));

  if (review == self->review)
    return;

  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_func (self->annotations, on_annotations_changed, self);
  g_clear_object (&self->annotations);
  g_set_object (&self->review, review);

  if (review != NULL)
    {
      self->annotations = g_object_ref (cm_review_get_annotations (review));
      g_signal_connect_swapped (self->annotations, "items-changed",
                                G_CALLBACK (on_annotations_changed), self);
    }
  rebuild_highlights (self);
}

guint
cm_document_view_get_page (CmDocumentView *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), 0);

  return self->page;
}

void
cm_document_view_set_page (CmDocumentView *self,
                           guint           page)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  if (self->n_pages == 0)
    return;
  page = CLAMP (page, 1, self->n_pages);

  if (is_allocated (self))
    scroll_to_page_top (self, page);
  else
    {
      self->pending_page = page;
      self->pending_fraction = 0;
    }

  if (page != self->page)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
}

double
cm_document_view_get_zoom (CmDocumentView *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), 1.0);

  return self->zoom;
}

void
cm_document_view_set_zoom (CmDocumentView *self,
                           double          zoom)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  zoom_at (self, zoom,
           gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

CmZoomMode
cm_document_view_get_zoom_mode (CmDocumentView *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), CM_ZOOM_FIT_WIDTH);

  return self->zoom_mode;
}

void
cm_document_view_set_zoom_mode (CmDocumentView *self,
                                CmZoomMode      mode)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (mode <= CM_ZOOM_FIT_PAGE);

  if (mode != self->zoom_mode)
    {
      self->zoom_mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
    }
  if (mode != CM_ZOOM_FREE)
    apply_zoom (self, fit_zoom (self, mode), gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, 0);
}

void
cm_document_view_zoom_in (CmDocumentView *self)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    {
      if (zoom_steps[i] > self->zoom * 1.01)
        {
          cm_document_view_set_zoom (self, zoom_steps[i]);
          return;
        }
    }
}

void
cm_document_view_zoom_out (CmDocumentView *self)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    {
      if (zoom_steps[i - 1] < self->zoom / 1.01)
        {
          cm_document_view_set_zoom (self, zoom_steps[i - 1]);
          return;
        }
    }
}

gboolean
cm_document_view_get_selection (CmDocumentView *self,
                                guint          *start,
                                guint          *end)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), FALSE);

  if (!self->has_selection || self->index == NULL)
    return FALSE;
  if (start != NULL)
    *start = MIN (self->selection_anchor, self->selection_cursor);
  if (end != NULL)
    *end = MAX (self->selection_anchor, self->selection_cursor);
  return TRUE;
}

gboolean
cm_document_view_get_caret (CmDocumentView *self,
                            guint          *offset)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), FALSE);

  if (!self->has_caret || self->index == NULL)
    return FALSE;
  if (offset != NULL)
    *offset = self->selection_cursor;
  return TRUE;
}

void
cm_document_view_select_range (CmDocumentView *self,
                               guint           start,
                               guint           end)
{
  guint length;

  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  if (self->index == NULL)
    return;
  length = cm_text_index_get_length (self->index);
  start = MIN (start, length);
  end = MIN (end, length);
  set_selection (self, TRUE, MIN (start, end), MAX (start, end));
}

void
cm_document_view_clear_selection (CmDocumentView *self)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  set_selection (self, FALSE, 0, 0);
}

static gboolean
end_flash (gpointer data)
{
  CmDocumentView *self = data;

  self->flash_timeout = 0;
  self->flashing = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

void
cm_document_view_scroll_to_range (CmDocumentView *self,
                                  guint           start,
                                  guint           end,
                                  gboolean        flash)
{
  g_autoptr(GArray) rects = NULL;

  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  if (self->index == NULL || self->n_pages == 0)
    return;
  if (end < start)
    {
      guint tmp = start;

      start = end;
      end = tmp;
    }

  rects = cm_text_index_get_rects (self->index, start, end);
  if (rects->len > 0 && is_allocated (self))
    scroll_to_page_rect (self, &g_array_index (rects, CmPageRect, 0));
  else
    cm_document_view_set_page (self, cm_text_index_get_page_at (self->index, start));

  if (flash)
    {
      self->flashing = TRUE;
      self->flash_start = start;
      self->flash_end = end;
      g_clear_handle_id (&self->flash_timeout, g_source_remove);
      self->flash_timeout = g_timeout_add (FLASH_DURATION_MS, end_flash, self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
select_current_match (CmDocumentView *self)
{
  CmTextMatch *match = &g_array_index (self->matches, CmTextMatch, self->current_match);

  set_selection (self, TRUE, match->start, match->end);
  cm_document_view_scroll_to_range (self, match->start, match->end, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Takes MATCHES as the find result: all highlighted, the first one from the
 * page being read (as Evince does, wrapping around) selected. */
static guint
show_matches (CmDocumentView *self,
              GArray         *matches)
{
  guint page_start = 0, page_end = 0;

  cm_document_view_find_clear (self);
  self->matches = matches;
  if (self->matches->len == 0)
    return 0;

  cm_text_index_get_page_range (self->index, MAX (self->page, 1), &page_start, &page_end);
  self->current_match = first_match_after (self->matches, page_start);
  if (self->current_match >= self->matches->len)
    self->current_match = 0;
  select_current_match (self);
  return self->matches->len;
}

guint
cm_document_view_find (CmDocumentView *self,
                       const char     *text)
{
  g_return_val_if_fail (CM_IS_DOCUMENT_VIEW (self), 0);

  if (self->index == NULL || text == NULL || *text == '\0')
    {
      cm_document_view_find_clear (self);
      return 0;
    }
  return show_matches (self, cm_text_index_find (self->index, text, 0));
}

static void
find_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CmDocumentView *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GArray *matches;

  matches = cm_text_index_find_finish (CM_TEXT_INDEX (source), result, &error);
  if (matches == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The document (or its text) changed while searching: the offsets are
   * another text's. */
  if (CM_TEXT_INDEX (source) != self->index)
    {
      g_array_unref (matches);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The document changed");
      return;
    }
  g_task_return_int (task, show_matches (self, matches));
}

void
cm_document_view_find_async (CmDocumentView      *self,
                             const char          *text,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_document_view_find_async);
  if (self->index == NULL || text == NULL || *text == '\0')
    {
      cm_document_view_find_clear (self);
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }
  cm_text_index_find_async (self->index, text, 0, cancellable, find_ready_cb, task);
}

gboolean
cm_document_view_find_finish (CmDocumentView  *self,
                              GAsyncResult    *result,
                              guint           *n_matches,
                              GError         **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_matches != NULL)
    *n_matches = (guint) n;
  return TRUE;
}

void
cm_document_view_find_next (CmDocumentView *self)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  if (self->matches == NULL || self->matches->len == 0)
    return;
  self->current_match = (self->current_match + 1) % self->matches->len;
  select_current_match (self);
}

void
cm_document_view_find_previous (CmDocumentView *self)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  if (self->matches == NULL || self->matches->len == 0)
    return;
  self->current_match = (self->current_match + self->matches->len - 1) % self->matches->len;
  select_current_match (self);
}

void
cm_document_view_find_clear (CmDocumentView *self)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  if (self->matches == NULL)
    return;
  g_clear_pointer (&self->matches, g_array_unref);
  g_hash_table_remove_all (self->match_rects);
  self->current_match = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cm_document_view_set_suggestions (CmDocumentView *self,
                                  GPtrArray      *suggestions)
{
  g_return_if_fail (CM_IS_DOCUMENT_VIEW (self));

  g_hash_table_remove_all (self->suggestion_rects);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (suggestions != NULL && suggestions->len > 0 && self->index != NULL)
    {
      self->suggestions = g_ptr_array_ref (suggestions);
      for (guint i = 0; i < suggestions->len; i++)
        {
          const CmSuggestion *suggestion = g_ptr_array_index (suggestions, i);
          g_autoptr(GArray) rects = cm_text_index_get_rects (self->index,
                                                            cm_suggestion_get_start (suggestion),
                                                            cm_suggestion_get_end (suggestion));

          for (guint j = 0; rects != NULL && j < rects->len; j++)
            {
              SuggestionRect sr = { g_array_index (rects, CmPageRect, j), i };
              GArray *list = g_hash_table_lookup (self->suggestion_rects, GUINT_TO_POINTER (sr.rect.page));

              if (list == NULL)
                {
                  list = g_array_new (FALSE, FALSE, sizeof (SuggestionRect));
                  g_hash_table_insert (self->suggestion_rects, GUINT_TO_POINTER (sr.rect.page), list);
                }
              g_array_append_val (list, sr);
            }
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
