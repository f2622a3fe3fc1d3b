/* bench-window.c: time from asking the application window to open a long ordinance to its first page on screen, against raw poppler. */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "cm-application.h"
#include "cm-document-view.h"
#include "cm-window.h"

#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 900
#define RUNS 5

static void
on_first_page_drawn (CmDocumentView *view,
                     gboolean       *drawn)
{
  *drawn = TRUE;
}

/* The document view among WIDGET's descendants. */
static GtkWidget *
find_view (GtkWidget *widget)
{
  if (CM_IS_DOCUMENT_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *view = find_view (child);

      if (view != NULL)
        return view;
    }
  return NULL;
}

/* A new window, shown, then told to open PATH: ms until page 1 is drawn.
 * *VIEW_WIDTH is the width the view shows pages in. */
static double
window_first_page (CmApplication *app,
                   const char    *path,
                   int           *view_width)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CmWindow *window = cm_window_new (ADW_APPLICATION (app));
  GtkWidget *view;
  gboolean drawn = FALSE, timed_out = FALSE;
  gint64 start;
  guint id;

  gtk_window_set_default_size (GTK_WINDOW (window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  /* Mapped and drawn, on its start page, before the clock starts. */
  bench_run_for (300);
  view = find_view (GTK_WIDGET (window));
  g_assert (view != NULL);
  g_signal_connect (view, "first-page-drawn", G_CALLBACK (on_first_page_drawn), &drawn);

  start = g_get_monotonic_time ();
  cm_window_open_file (window, file);
  id = g_timeout_add (30000, bench_flag_timeout, &timed_out);
  while (!drawn && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("the window never drew page 1 of %s", path);
  g_source_remove (id);

  *view_width = gtk_widget_get_width (view);
  g_signal_handlers_disconnect_by_data (view, &drawn);
  /* As the reviewer closes it: the text being read is cancelled. */
  gtk_window_close (GTK_WINDOW (window));
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  CmApplication *app;
  double raw[RUNS], shown[RUNS];
  int view_width = 0;

  if (argc < 2)
    {
      g_printerr ("usage: bench-window FILE.pdf\n");
      return 1;
    }
  setlocale (LC_ALL, "");
  /* No recent-files list or settings of the user's are touched. */
  data_home = g_dir_make_tmp ("clausemark-bench-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  bench_machine_start ();
  if (!gtk_init_check ())
    {
      g_print ("SKIP: no display (run under xvfb-run -a -s \"-screen 0 1280x900x24\")\n");
      return 77;
    }
  adw_init ();
  app = cm_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("cannot register the application: %s", error->message);
  g_application_hold (G_APPLICATION (app));

  /* Warm both paths once (fonts, plugins, the file in the page cache). */
  window_first_page (app, argv[1], &view_width);
  bench_run_for (1000);
  bench_raw_poppler_first_page (argv[1], view_width - 24);

  for (guint i = 0; i < RUNS; i++)
    {
      shown[i] = window_first_page (app, argv[1], &view_width);
      /* Closing cancelled the text being read; the window goes once its
       * callbacks have run, and its render thread with it. */
      for (guint waited = 0; !cm_background_wait (10); waited += 10)
        {
          if (waited > 10000)
            g_error ("the window's threads did not stop");
          g_main_context_iteration (NULL, FALSE);
        }
      bench_run_for (300);
    }
  for (guint i = 0; i < RUNS; i++)
    raw[i] = bench_raw_poppler_first_page (argv[1], view_width - 24);

  bench_print_machine ();
  g_print ("window %d×%d, view %d px wide\n", WINDOW_WIDTH, WINDOW_HEIGHT, view_width);
  g_print ("open → first page on screen in the application window: %.1f ms (median of %d), raw poppler "
           "%.1f ms, ratio %.2f (the view's own target: <= 1.5)\n",
           bench_median (shown, RUNS), RUNS, bench_median (raw, RUNS), bench_median (shown, RUNS) / bench_median (raw, RUNS));

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
  if (!cm_background_wait (5000))
    g_error ("a thread is still inside poppler");
  g_rmdir (data_home);
  return 0;
}
