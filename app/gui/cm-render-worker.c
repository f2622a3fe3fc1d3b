/* cm-render-worker.c: renders pages on one thread that owns a poppler document, and keeps them in an LRU cache bounded in bytes. */
#include "config.h"

#include <math.h>
#include <poppler.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#endif
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "cm-background.h"
#include "cm-poppler-private.h"
#include "cm-render-worker.h"

/* Past this many device pixels a page is rendered smaller and scaled up on
 * screen: one page must never be able to take the whole cache. */
#define MAX_PAGE_PIXELS (16 * 1024 * 1024)
#define STRIP_HEIGHT 256
/* A page that takes longer than this has hung poppler (a Type 3 font that
 * draws itself does): the worker gives up on it and carries on with a fresh
 * thread and document, since a poppler call cannot be interrupted. */
#define RENDER_TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef struct
{
  guint            page;
  double           scale;
  CmRenderPriority priority;
  guint64          serial;
} RenderJob;

/* What the worker thread and the main thread share. Reference counted
 * because the thread outlives the GObject: finalizing the worker never
 * waits for a page being rendered, the thread just drops its result. */
typedef struct
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  GCond           cond;
  GArray         *jobs;          /* RenderJob, under mutex */
  gboolean        quit;          /* under mutex */
  guint           busy_page;     /* under mutex: the page being rendered, or 0 */
  double          busy_scale;
  gint64          busy_since;    /* under mutex */
  int             thread_id;     /* the kernel's id of the thread, where known */
  gboolean        hung;          /* under mutex: given up on by the watchdog */
  gboolean        finished;      /* under mutex: the thread is done with poppler */
  guint64         next_serial;   /* under mutex */
  GPtrArray      *trash;         /* under mutex: page pixels to unmap on this thread */
  GBytes         *bytes;
  char           *password;
  PopplerDocument *document;     /* opened already, for the thread to take; or NULL */
  GMainContext   *context;
  GWeakRef        worker;
} WorkerShared;

typedef struct
{
  WorkerShared    *shared;
  guint            page;
  double           scale;
  cairo_surface_t *surface;
} RenderResult;

typedef struct
{
  guint           page;
  CmRenderedPage  rendered;
  gsize           n_bytes;
  GList          *link;          /* in CmRenderWorker.lru */
} CacheEntry;

struct _CmRenderWorker
{
  GObject       parent_instance;

  WorkerShared *shared;

  /* The cache lives on the main thread only. */
  GHashTable   *cache;           /* page → CacheEntry */
  GHashTable   *failed;          /* pages poppler could not render: not asked for again */
  GQueue        lru;             /* CacheEntry, most recently used first */
  gsize         cache_bytes;
  gsize         cache_budget;
  GBytes       *bytes;
  char         *password;
  guint         watchdog;
  guint         visible_first;
  guint         visible_last;
};

G_DEFINE_FINAL_TYPE (CmRenderWorker, cm_render_worker, G_TYPE_OBJECT)

enum
{
  PAGE_RENDERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void abandon_thread (WorkerShared *shared);

static WorkerShared *
worker_shared_ref (WorkerShared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
worker_shared_unref (WorkerShared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;
  g_mutex_clear (&shared->mutex);
  g_cond_clear (&shared->cond);
  g_array_unref (shared->jobs);
  g_ptr_array_unref (shared->trash);
  g_bytes_unref (shared->bytes);
  g_free (shared->password);
  g_clear_object (&shared->document);
  g_main_context_unref (shared->context);
  g_weak_ref_clear (&shared->worker);
  g_free (shared);
}

static void
render_result_free (gpointer data)
{
  RenderResult *result = data;

  g_clear_pointer (&result->surface, cairo_surface_destroy);
  worker_shared_unref (result->shared);
  g_free (result);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  for (guint i = 0; i < entry->rendered.n_strips; i++)
    g_clear_object (&entry->rendered.strips[i]);
  g_free (entry->rendered.strips);
  g_clear_pointer (&entry->rendered.surface, cairo_surface_destroy);
  g_free (entry);
}

static gboolean
same_scale (double a,
            double b)
{
  return fabs (a - b) <= 1e-4 * MAX (a, b);
}

static void
cache_remove (CmRenderWorker *self,
              CacheEntry     *entry)
{
  g_queue_delete_link (&self->lru, entry->link);
  self->cache_bytes -= entry->n_bytes;
  g_hash_table_remove (self->cache, GUINT_TO_POINTER (entry->page));
}

/* Evicts least recently used pages until the cache fits its budget, sparing
 * the pages on screen: dropping those would only make them flicker back. */
static void
cache_trim (CmRenderWorker *self)
{
  GList *l = self->lru.tail;

  while (self->cache_bytes > self->cache_budget && l != NULL)
    {
      CacheEntry *entry = l->data;
      GList *prev = l->prev;

      if (entry->page < self->visible_first || entry->page > self->visible_last)
        cache_remove (self, entry);
      l = prev;
    }
}

/* Cuts SURFACE into strips without copying: every strip's bytes are a slice
 * of the surface's, which stays alive as long as any strip does. Cairo's
 * ARGB32 is premultiplied native-endian, which is GDK_MEMORY_DEFAULT. */
static void
rendered_page_init (CmRenderedPage  *rendered,
                    cairo_surface_t *surface,
                    double           scale,
                    gsize           *n_bytes)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  *n_bytes = (gsize) stride * height;
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      *n_bytes,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));

  rendered->surface = cairo_surface_reference (surface);
  rendered->width = width;
  rendered->height = height;
  rendered->scale = scale;
  rendered->strip_height = STRIP_HEIGHT;
  rendered->n_strips = (height + STRIP_HEIGHT - 1) / STRIP_HEIGHT;
  rendered->strips = g_new0 (GdkTexture *, rendered->n_strips);
  for (guint i = 0; i < rendered->n_strips; i++)
    {
      int y = i * STRIP_HEIGHT;
      int strip_height = MIN (STRIP_HEIGHT, height - y);
      g_autoptr(GBytes) slice = g_bytes_new_from_bytes (bytes, (gsize) y * stride,
                                                        (gsize) strip_height * stride);

      rendered->strips[i] = gdk_memory_texture_new (width, strip_height, GDK_MEMORY_DEFAULT,
                                                    slice, stride);
    }
}

static gboolean
deliver_result (gpointer data)
{
  RenderResult *result = data;
  g_autoptr(CmRenderWorker) self = g_weak_ref_get (&result->shared->worker);
  CacheEntry *entry;

  /* The view (and its worker) may be gone by the time the page is done. */
  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (result->surface == NULL)
    {
      /* A broken page stays a placeholder; asking again would fail again. */
      g_hash_table_add (self->failed, GUINT_TO_POINTER (result->page));
      return G_SOURCE_REMOVE;
    }

  entry = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (result->page));
  if (entry != NULL)
    cache_remove (self, entry);

  entry = g_new0 (CacheEntry, 1);
  entry->page = result->page;
  rendered_page_init (&entry->rendered, result->surface, result->scale, &entry->n_bytes);
  g_queue_push_head (&self->lru, entry);
  entry->link = self->lru.head;
  self->cache_bytes += entry->n_bytes;
  g_hash_table_insert (self->cache, GUINT_TO_POINTER (entry->page), entry);
  cache_trim (self);

  g_signal_emit (self, signals[PAGE_RENDERED], 0, result->page);

  return G_SOURCE_REMOVE;
}

#ifdef G_OS_UNIX
typedef struct
{
  void         *data;
  size_t        size;
  WorkerShared *shared;
} PixelMapping;

static const cairo_user_data_key_t pixel_mapping_key;

/* Spare page pixels: the last few evicted pages' mappings, kept (for a
 * few seconds, up to SPARE_BYTES) for the next pages, which then cost no
 * fresh memory from the kernel: mapping and zeroing a fit-width page's
 * 8 MB takes 2-3 ms, a quarter of rendering it. Process-wide, so a
 * document opened after another starts with warm memory too; a timeout
 * on the main loop returns them to the system once they are old, whether
 * or not a worker is left. */
#define N_SPARES    4
#define SPARE_BYTES ((size_t) 48 * 1024 * 1024)
#define SPARE_AGE_US (5 * G_USEC_PER_SEC)

typedef struct
{
  void   *data;
  size_t  size;
  gint64  kept_at;
} SpareMapping;

static GMutex spare_lock;
static SpareMapping spares[N_SPARES];
static guint n_spares;
static guint spare_trim_id;     /* under spare_lock */

/* Under spare_lock: moves spares older than SPARE_AGE_US to UNMAP, which
 * the caller unmaps after unlocking. */
static void
collect_old_spares (SpareMapping *unmap,
                    guint        *n_unmap)
{
  gint64 now = g_get_monotonic_time ();
  guint kept = 0;

  for (guint i = 0; i < n_spares; i++)
    if (now - spares[i].kept_at > SPARE_AGE_US)
      unmap[(*n_unmap)++] = spares[i];
    else
      spares[kept++] = spares[i];
  n_spares = kept;
}

static void
unmap_spares (SpareMapping *unmap,
              guint         n_unmap)
{
  for (guint i = 0; i < n_unmap; i++)
    munmap (unmap[i].data, unmap[i].size);
}

/* A spare of at least SIZE bytes, not much more (a page's worth is not
 * spent on a thumbnail), or NULL. */
static void *
take_spare (size_t  size,
            size_t *spare_size)
{
  SpareMapping unmap[N_SPARES];
  guint n_unmap = 0;
  void *data = NULL;

  g_mutex_lock (&spare_lock);
  collect_old_spares (unmap, &n_unmap);
  for (guint i = 0; i < n_spares; i++)
    if (spares[i].size >= size && spares[i].size - size <= size / 4)
      {
        data = spares[i].data;
        *spare_size = spares[i].size;
        spares[i] = spares[--n_spares];
        break;
      }
  g_mutex_unlock (&spare_lock);
  unmap_spares (unmap, n_unmap);
  return data;
}

static gboolean trim_spares_cb (gpointer data);

/* Under spare_lock, with spares and no timeout pending: one for when the
 * oldest spare has aged. */
static void
schedule_trim (void)
{
  gint64 oldest = spares[0].kept_at;

  for (guint i = 1; i < n_spares; i++)
    oldest = MIN (oldest, spares[i].kept_at);
  spare_trim_id = g_timeout_add (MAX (0, oldest + SPARE_AGE_US - g_get_monotonic_time ()) / 1000 + 100,
                                 trim_spares_cb, NULL);
}

/* Returns spares unused for SPARE_AGE_US to the system, and waits for the
 * next one to age. */
static gboolean
trim_spares_cb (gpointer data)
{
  SpareMapping unmap[N_SPARES];
  guint n_unmap = 0;

  g_mutex_lock (&spare_lock);
  collect_old_spares (unmap, &n_unmap);
  spare_trim_id = 0;
  if (n_spares > 0)
    schedule_trim ();
  g_mutex_unlock (&spare_lock);
  unmap_spares (unmap, n_unmap);
  return G_SOURCE_REMOVE;
}

static void
keep_spare (void   *data,
            size_t  size)
{
  SpareMapping unmap[N_SPARES + 1];
  guint n_unmap = 0;
  size_t total = size;

  g_mutex_lock (&spare_lock);
  collect_old_spares (unmap, &n_unmap);
  for (guint i = 0; i < n_spares; i++)
    total += spares[i].size;
  if (n_spares < N_SPARES && total <= SPARE_BYTES)
    {
      spares[n_spares++] = (SpareMapping) { data, size, g_get_monotonic_time () };
      if (spare_trim_id == 0)
        schedule_trim ();
    }
  else
    unmap[n_unmap++] = (SpareMapping) { data, size, 0 };
  g_mutex_unlock (&spare_lock);
  unmap_spares (unmap, n_unmap);
}

static void
pixel_mapping_unmap (gpointer data)
{
  PixelMapping *mapping = data;

  keep_spare (mapping->data, mapping->size);
  worker_shared_unref (mapping->shared);
  g_free (mapping);
}

/* Called wherever the page's last reference goes, usually on the main
 * thread when the cache evicts it; unmapping megabytes takes milliseconds
 * there, so the worker thread does it while the worker lives. */
static void
pixel_mapping_free (void *data)
{
  PixelMapping *mapping = data;
  WorkerShared *shared = mapping->shared;

  g_mutex_lock (&shared->mutex);
  if (!shared->quit)
    {
      g_ptr_array_add (shared->trash, mapping);
      g_cond_signal (&shared->cond);
      g_mutex_unlock (&shared->mutex);
      return;
    }
  g_mutex_unlock (&shared->mutex);
  pixel_mapping_unmap (mapping);
}
#endif

/* Page pixels get their own mapping, so an evicted page goes straight back
 * to the system: through malloc, megabyte buffers freed on another thread
 * than the one that allocated them pile up in its arena and RSS only grows. */
static cairo_surface_t *
create_page_surface (WorkerShared *shared,
                     int           width,
                     int           height)
{
#ifdef G_OS_UNIX
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  PixelMapping *mapping;
  cairo_surface_t *surface;
  void *data;

  if (stride > 0)
    {
      size_t size = (size_t) stride * height;
      size_t mapped_size = size;

      data = take_spare (size, &mapped_size);
      /* Not MAP_POPULATE: faulting a page's megabytes in at once holds the
       * process's memory map lock for milliseconds, and the main thread,
       * touching memory of its own (a new frame's buffer), waited for it.
       * Scrolling the 2,006-page ordinance under Weston, the gaps of over
       * 10 ms in the main loop went from 23-75 a run to 5-22 without it;
       * the first page came as fast. */
      if (data == NULL)
        data = mmap (NULL, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (data != MAP_FAILED)
        {
          mapping = g_new0 (PixelMapping, 1);
          mapping->data = data;
          mapping->size = mapped_size;
          mapping->shared = worker_shared_ref (shared);
          surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, width, height, stride);
          if (cairo_surface_set_user_data (surface, &pixel_mapping_key, mapping,
                                           pixel_mapping_free) == CAIRO_STATUS_SUCCESS)
            return surface;
          cairo_surface_destroy (surface);
          pixel_mapping_unmap (mapping);
        }
    }
#endif
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
}

static cairo_surface_t *
render_page (WorkerShared    *shared,
             PopplerDocument *document,
             guint            page_number,
             double           scale)
{
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width = 0, height = 0;
  int width_px, height_px;

  if (document == NULL || page_number < 1
      || (int) page_number > poppler_document_get_n_pages (document))
    return NULL;

  page = poppler_document_get_page (document, (int) page_number - 1);
  if (page == NULL)
    return NULL;
  poppler_page_get_size (page, &width, &height);
  if (width <= 0 || height <= 0)
    {
      g_object_unref (page);
      return NULL;
    }

  if (width * height * scale * scale > MAX_PAGE_PIXELS)
    scale = sqrt (MAX_PAGE_PIXELS / (width * height));
  width_px = MAX (1, (int) ceil (width * scale - 0.01));
  height_px = MAX (1, (int) ceil (height * scale - 0.01));

  surface = create_page_surface (shared, width_px, height_px);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_object_unref (page);
      return NULL;
    }

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, width_px / width, height_px / height);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);

  return surface;
}

static gpointer
worker_thread (gpointer data)
{
  WorkerShared *shared = data;
  PopplerDocument *document;
  g_autoptr(GError) error = NULL;
  gboolean counted;

#ifdef __linux__
  g_mutex_lock (&shared->mutex);
  shared->thread_id = (int) syscall (SYS_gettid);
  g_mutex_unlock (&shared->mutex);
#endif

  g_mutex_lock (&shared->mutex);
  document = g_steal_pointer (&shared->document);
  g_mutex_unlock (&shared->mutex);
  if (document == NULL)
    document = cm_poppler_document_new_from_bytes (shared->bytes, shared->password, &error);
  if (document == NULL)
    /* CmDocument opened these very bytes, so this should not happen; pages
     * just stay placeholders. */
    g_debug ("Render worker cannot open the document: %s", error->message);

  for (;;)
    {
      RenderJob job;
      RenderResult *result;
      guint best = 0;

      g_mutex_lock (&shared->mutex);
      while (!shared->quit && shared->jobs->len == 0 && shared->trash->len == 0)
        g_cond_wait (&shared->cond, &shared->mutex);
      if (shared->trash->len > 0)
        {
          g_autoptr(GPtrArray) trash = g_steal_pointer (&shared->trash);

          shared->trash = g_ptr_array_new ();
          g_mutex_unlock (&shared->mutex);
#ifdef G_OS_UNIX
          for (guint i = 0; i < trash->len; i++)
            pixel_mapping_unmap (g_ptr_array_index (trash, i));
#endif
          continue;
        }
      if (shared->quit)
        {
          g_mutex_unlock (&shared->mutex);
          break;
        }
      for (guint i = 1; i < shared->jobs->len; i++)
        {
          RenderJob *a = &g_array_index (shared->jobs, RenderJob, i);
          RenderJob *b = &g_array_index (shared->jobs, RenderJob, best);

          if (a->priority < b->priority || (a->priority == b->priority && a->serial < b->serial))
            best = i;
        }
      job = g_array_index (shared->jobs, RenderJob, best);
      g_array_remove_index_fast (shared->jobs, best);
      shared->busy_page = job.page;
      shared->busy_scale = job.scale;
      shared->busy_since = g_get_monotonic_time ();
      g_mutex_unlock (&shared->mutex);

      result = g_new0 (RenderResult, 1);
      result->shared = worker_shared_ref (shared);
      result->page = job.page;
      result->scale = job.scale;
      result->surface = render_page (shared, document, job.page, job.scale);

      g_mutex_lock (&shared->mutex);
      shared->busy_page = 0;
      g_mutex_unlock (&shared->mutex);

      /* Ahead of the frame clock's paint (GDK_PRIORITY_REDRAW), so a page that
       * just arrived is drawn in the next frame. */
      cm_background_post (shared->context, G_PRIORITY_HIGH_IDLE + 10,
                          deliver_result, result, render_result_free);
    }

  g_clear_object (&document);
  g_mutex_lock (&shared->mutex);
  shared->finished = TRUE;
  counted = !shared->hung;
  g_mutex_unlock (&shared->mutex);
  if (counted)
    cm_background_leave ();
  worker_shared_unref (shared);
  return NULL;
}

static void
cm_render_worker_finalize (GObject *object)
{
  CmRenderWorker *self = CM_RENDER_WORKER (object);

  g_clear_handle_id (&self->watchdog, g_source_remove);
  if (self->shared != NULL)
    abandon_thread (g_steal_pointer (&self->shared));
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->password, g_free);

  g_queue_clear (&self->lru);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->failed, g_hash_table_unref);

  G_OBJECT_CLASS (cm_render_worker_parent_class)->finalize (object);
}

static void
cm_render_worker_class_init (CmRenderWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_render_worker_finalize;

  signals[PAGE_RENDERED] =
    g_signal_new ("page-rendered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
cm_render_worker_init (CmRenderWorker *self)
{
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, cache_entry_free);
  self->failed = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->lru);
  self->cache_budget = CM_RENDER_WORKER_DEFAULT_CACHE_BYTES;
}

static void
start_thread (CmRenderWorker  *self,
              PopplerDocument *document)
{
  WorkerShared *shared;
  GThread *thread;

  shared = g_new0 (WorkerShared, 1);
  g_atomic_ref_count_init (&shared->ref_count);
  g_mutex_init (&shared->mutex);
  g_cond_init (&shared->cond);
  shared->jobs = g_array_new (FALSE, FALSE, sizeof (RenderJob));
  shared->trash = g_ptr_array_new ();
  shared->bytes = g_bytes_ref (self->bytes);
  shared->password = g_strdup (self->password);
  shared->document = document;
  shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&shared->worker, self);
  self->shared = shared;

  cm_background_enter ();
  thread = g_thread_new ("cm-render", worker_thread, worker_shared_ref (shared));
  g_thread_unref (thread);
}

/* Leaves the thread to finish (or not) on its own: its result will find no
 * worker. */
static void
abandon_thread (WorkerShared *shared)
{
  g_mutex_lock (&shared->mutex);
  shared->quit = TRUE;
  g_array_set_size (shared->jobs, 0);
  g_cond_signal (&shared->cond);
  g_mutex_unlock (&shared->mutex);
  g_weak_ref_set (&shared->worker, NULL);
  worker_shared_unref (shared);
}

static gboolean
watchdog_tick (gpointer data)
{
  CmRenderWorker *self = data;
  WorkerShared *shared = self->shared;
  g_autoptr(GArray) jobs = NULL;
  guint stuck_page = 0;
  int thread_id = 0;
  gboolean hung;

  gboolean idle;

  g_mutex_lock (&shared->mutex);
  idle = shared->busy_page == 0 && shared->jobs->len == 0;
  if (shared->busy_page != 0 && g_get_monotonic_time () - shared->busy_since > RENDER_TIMEOUT_US)
    {
      stuck_page = shared->busy_page;
      thread_id = shared->thread_id;
      jobs = g_array_copy (shared->jobs);
    }
  g_mutex_unlock (&shared->mutex);
  /* Watch only while there is work, so an idle view never wakes up. */
  if (idle)
    {
      self->watchdog = 0;
      return G_SOURCE_REMOVE;
    }
  if (stuck_page == 0)
    return G_SOURCE_CONTINUE;

  g_debug ("Page %u has been rendering for %d s; giving up on it", stuck_page,
           (int) (RENDER_TIMEOUT_US / G_USEC_PER_SEC));
#ifdef G_OS_UNIX
  /* It may spin until the application quits: let it not slow anything. */
  if (thread_id > 0)
    setpriority (PRIO_PROCESS, (id_t) thread_id, 19);
#endif
  g_hash_table_add (self->failed, GUINT_TO_POINTER (stuck_page));
  g_mutex_lock (&shared->mutex);
  hung = !shared->finished;
  shared->hung = hung;
  g_mutex_unlock (&shared->mutex);
  if (hung)
    cm_background_abandon ();
  abandon_thread (g_steal_pointer (&self->shared));

  start_thread (self, NULL);
  g_mutex_lock (&self->shared->mutex);
  g_array_append_vals (self->shared->jobs, jobs->data, jobs->len);
  for (guint i = 0; i < jobs->len; i++)
    self->shared->next_serial = MAX (self->shared->next_serial,
                                     g_array_index (jobs, RenderJob, i).serial + 1);
  g_cond_signal (&self->shared->cond);
  g_mutex_unlock (&self->shared->mutex);

  return G_SOURCE_CONTINUE;
}

CmRenderWorker *
cm_render_worker_new (GBytes          *bytes,
                      const char      *password,
                      PopplerDocument *document,
                      gsize            cache_budget)
{
  CmRenderWorker *self;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (CM_TYPE_RENDER_WORKER, NULL);
  if (cache_budget > 0)
    self->cache_budget = cache_budget;
  self->bytes = g_bytes_ref (bytes);
  self->password = g_strdup (password);
  start_thread (self, document);

  return self;
}

void
cm_render_worker_request (CmRenderWorker   *self,
                          guint             page,
                          double            scale,
                          CmRenderPriority  priority)
{
  WorkerShared *shared;
  CacheEntry *entry;
  gboolean found = FALSE;

  g_return_if_fail (CM_IS_RENDER_WORKER (self));
  g_return_if_fail (page >= 1 && scale > 0);

  entry = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (page));
  if ((entry != NULL && same_scale (entry->rendered.scale, scale))
      || g_hash_table_contains (self->failed, GUINT_TO_POINTER (page)))
    return;

  shared = self->shared;
  g_mutex_lock (&shared->mutex);
  if (shared->busy_page == page && same_scale (shared->busy_scale, scale))
    {
      g_mutex_unlock (&shared->mutex);
      return;
    }
  for (guint i = 0; i < shared->jobs->len; i++)
    {
      RenderJob *job = &g_array_index (shared->jobs, RenderJob, i);

      if (job->page == page)
        {
          job->scale = scale;
          job->priority = priority;
          job->serial = shared->next_serial++;
          found = TRUE;
          break;
        }
    }
  if (!found)
    {
      RenderJob job = { page, scale, priority, shared->next_serial++ };

      g_array_append_val (shared->jobs, job);
      g_cond_signal (&shared->cond);
    }
  g_mutex_unlock (&shared->mutex);

  if (self->watchdog == 0)
    self->watchdog = g_timeout_add_seconds (1, watchdog_tick, self);
}

void
cm_render_worker_cancel_outside (CmRenderWorker *self,
                                 guint           first,
                                 guint           last)
{
  WorkerShared *shared;

  g_return_if_fail (CM_IS_RENDER_WORKER (self));

  shared = self->shared;
  g_mutex_lock (&shared->mutex);
  for (guint i = shared->jobs->len; i > 0; i--)
    {
      RenderJob *job = &g_array_index (shared->jobs, RenderJob, i - 1);

      if (job->page < first || job->page > last)
        g_array_remove_index_fast (shared->jobs, i - 1);
    }
  g_mutex_unlock (&shared->mutex);
}

void
cm_render_worker_set_visible (CmRenderWorker *self,
                              guint           first,
                              guint           last)
{
  g_return_if_fail (CM_IS_RENDER_WORKER (self));

  self->visible_first = first;
  self->visible_last = last;
}

const CmRenderedPage *
cm_render_worker_lookup (CmRenderWorker *self,
                         guint           page)
{
  CacheEntry *entry;

  g_return_val_if_fail (CM_IS_RENDER_WORKER (self), NULL);

  entry = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (page));
  if (entry == NULL)
    return NULL;

  if (entry->link != self->lru.head)
    {
      g_queue_unlink (&self->lru, entry->link);
      g_queue_push_head_link (&self->lru, entry->link);
    }
  return &entry->rendered;
}

void
cm_render_worker_clear_cache (CmRenderWorker *self)
{
  g_return_if_fail (CM_IS_RENDER_WORKER (self));

  g_queue_clear (&self->lru);
  g_hash_table_remove_all (self->cache);
  self->cache_bytes = 0;
}

gsize
cm_render_worker_get_cache_bytes (CmRenderWorker *self)
{
  g_return_val_if_fail (CM_IS_RENDER_WORKER (self), 0);

  return self->cache_bytes;
}

guint
cm_render_worker_get_n_pending (CmRenderWorker *self)
{
  guint n;

  g_return_val_if_fail (CM_IS_RENDER_WORKER (self), 0);

  g_mutex_lock (&self->shared->mutex);
  n = self->shared->jobs->len + (self->shared->busy_page != 0 ? 1 : 0);
  g_mutex_unlock (&self->shared->mutex);
  return n;
}
