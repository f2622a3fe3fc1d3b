/* cm-background.c: counts the threads of libclausemark at work, for a clean exit. */
#include "config.h"

#include "cm-background.h"

static GMutex lock;
static GCond  idle;
static guint  n_working;    /* under lock */
static guint  n_abandoned;  /* under lock */

void
cm_background_enter (void)
{
  g_mutex_lock (&lock);
  n_working++;
  g_mutex_unlock (&lock);
}

void
cm_background_leave (void)
{
  g_mutex_lock (&lock);
  if (n_working == 0)
    g_critical ("cm_background_leave() without cm_background_enter()");
  else if (--n_working == 0)
    g_cond_broadcast (&idle);
  g_mutex_unlock (&lock);
}

void
cm_background_abandon (void)
{
  g_mutex_lock (&lock);
  n_abandoned++;
  g_mutex_unlock (&lock);
  cm_background_leave ();
}

gboolean
cm_background_wait (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean clean;

  g_mutex_lock (&lock);
  while (n_working > 0)
    if (!g_cond_wait_until (&idle, &lock, deadline))
      break;
  clean = n_working == 0 && n_abandoned == 0;
  g_mutex_unlock (&lock);

  return clean;
}

static GQuark
func_quark (void)
{
  return g_quark_from_static_string ("cm-background-func");
}

static void
run_counted (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GTaskThreadFunc func = g_object_get_qdata (G_OBJECT (task), func_quark ());

  func (task, source_object, task_data, cancellable);
  cm_background_leave ();
}

void
cm_background_run_in_thread (GTask           *task,
                             GTaskThreadFunc  func)
{
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  /* Counted from now: a task still queued at exit would start inside it. */
  cm_background_enter ();
  g_object_set_qdata (G_OBJECT (task), func_quark (), func);
  g_task_run_in_thread (task, run_counted);
}

void
cm_background_post (GMainContext   *context,
                    int             priority,
                    GSourceFunc     func,
                    gpointer        data,
                    GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_return_if_fail (func != NULL);

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[clausemark] cm_background_post");
  g_source_attach (source, context);
}
