/* cm-background.h: the threads of libclausemark still at work, so that a process can let them finish before it exits. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A thread that uses poppler (rendering, reading text, page sizes, exports)
 * calls enter when it starts and leave when it is done. At exit, C++ static
 * destructors tear down poppler's global state; a thread still inside
 * poppler then crashes the process on its way out. */
void     cm_background_enter   (void);
void     cm_background_leave   (void);
/* Called for a thread that will never leave (poppler hung inside a page):
 * it no longer counts as working, but the process must not run poppler's
 * destructors under it. */
void     cm_background_abandon (void);
/* Waits at most TIMEOUT_MS for every thread to leave. Returns TRUE when the
 * process may exit normally; FALSE when a thread is still inside poppler
 * (hung, or slower than TIMEOUT_MS), in which case the caller should leave
 * with _exit() after flushing what it writes. */
gboolean cm_background_wait    (guint timeout_ms);
/* g_task_run_in_thread(), counted from now until FUNC returns. */
void     cm_background_run_in_thread (GTask           *task,
                                      GTaskThreadFunc  func);
/* Runs FUNC in CONTEXT's thread, from a source attached to it, and frees
 * DATA with DESTROY there. Unlike g_main_context_invoke_full(), never on
 * the calling thread: that one runs FUNC at once on a thread that can
 * acquire the context, which the default context allows whenever its
 * owner is between two g_main_context_iteration() calls. */
void     cm_background_post   (GMainContext   *context,
                               int             priority,
                               GSourceFunc     func,
                               gpointer        data,
                               GDestroyNotify  destroy);

G_END_DECLS
