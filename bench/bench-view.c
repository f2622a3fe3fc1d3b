/* bench-view.c: time to first page against raw poppler, main-loop stalls while scrolling a long document, and memory after. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <time.h>

#include "bench-util.h"
#include "cm-document-view.h"

#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 900
#define RUNS 5

typedef struct
{
  GtkWidget      *window;
  GtkWidget      *scrolled;
  CmDocumentView *view;
  gboolean        first_page_drawn;

  /* Scrolling. */
  GtkAdjustment  *vadjustment;
  double          step;
  gboolean        scrolling;
  guint           frames;
  gint64          last_heartbeat;
  gint64          last_heartbeat_cpu;
  gint64          max_gap;
  gint64          max_gap_cpu;
  gint64          max_frame_interval;
  gint64          last_frame;
  guint           max_page_seen;
  gint64          paint_start;
  gint64          paint_start_cpu;
  gint64          layout_start_cpu;
  gint64          render_start_cpu;
  gint64          max_paint;
  gint64          max_paint_cpu;
  gint64          total_paint;
  gint64          total_paint_cpu;
  guint           n_paints;
  guint           n_long_paints;    /* over 16 ms of main-thread CPU */
  GString        *long_paints;
  GArray         *paint_cpu_ms;     /* double, every frame's */
} Bench;

static gint64 thread_cpu_time (void);

/* How long the frame clock spends laying out, snapshotting and rendering. */
static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->paint_start = g_get_monotonic_time ();
  bench->paint_start_cpu = thread_cpu_time ();
}

/* Where a long frame's time went. These handlers run after GTK's own for
 * the same phase: from before-paint to on_layout() is the update phase (the
 * tick callback scrolling) and layout; from there to on_paint(), the
 * snapshot and GTK rendering it. */
static void
on_layout (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->layout_start_cpu = thread_cpu_time ();
}

static void
on_paint (GdkFrameClock *clock,
          Bench         *bench)
{
  bench->render_start_cpu = thread_cpu_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 duration = g_get_monotonic_time () - bench->paint_start;
  gint64 cpu = thread_cpu_time () - bench->paint_start_cpu;

  if (!bench->scrolling || bench->paint_start == 0)
    return;
  bench->max_paint = MAX (bench->max_paint, duration);
  bench->max_paint_cpu = MAX (bench->max_paint_cpu, cpu);
  bench->total_paint += duration;
  bench->total_paint_cpu += cpu;
  g_array_append_val (bench->paint_cpu_ms, ((double) { cpu / 1000.0 }));
  bench->n_paints++;
  if (cpu > 16000)
    {
      bench->n_long_paints++;
      if (bench->long_paints->len < 1200)
        g_string_append_printf (bench->long_paints,
                                " p.%u %.1f ms (update+layout %.1f, snapshot+render %.1f, rest %.1f;"
                                " frame %u at %.6f s),",
                                cm_document_view_get_page (bench->view), cpu / 1000.0,
                                (bench->layout_start_cpu - bench->paint_start_cpu) / 1000.0,
                                (bench->render_start_cpu - bench->layout_start_cpu) / 1000.0,
                                (thread_cpu_time () - bench->render_start_cpu) / 1000.0,
                                bench->frames, bench->paint_start / 1e6);
    }
}

static double
rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field) + 1, NULL) / 1024.0;
}

static void
on_first_page_drawn (CmDocumentView *view,
                     Bench          *bench)
{
  bench->first_page_drawn = TRUE;
}

static void
bench_window (Bench *bench)
{
  bench->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench->window), WINDOW_WIDTH, WINDOW_HEIGHT);
  bench->scrolled = gtk_scrolled_window_new ();
  bench->view = CM_DOCUMENT_VIEW (cm_document_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (bench->scrolled), GTK_WIDGET (bench->view));
  gtk_window_set_child (GTK_WINDOW (bench->window), bench->scrolled);
  g_signal_connect (bench->view, "first-page-drawn", G_CALLBACK (on_first_page_drawn), bench);
  gtk_window_present (GTK_WINDOW (bench->window));
  /* Mapped and drawn once, empty, before the clock starts. */
  bench_run_for (300);
}

/* Open → first-page-drawn: CmDocument opening the file, the view laying out
 * every page, the worker opening its own poppler document and rendering
 * page 1, and the frame that shows it. */
static double
view_first_page (Bench       *bench,
                 const char  *path,
                 CmDocument **out_document,
                 double      *open_ms,
                 double      *cpu_ms)
{
  gint64 start_cpu = thread_cpu_time ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  CmDocument *document;
  gboolean timed_out = FALSE;
  guint id;

  bench->first_page_drawn = FALSE;
  document = cm_document_new_for_path (path, NULL, &error);
  if (document == NULL)
    g_error ("%s: %s", path, error->message);
  *open_ms = (g_get_monotonic_time () - start) / 1000.0;
  cm_document_view_set_document (bench->view, document, NULL);

  id = g_timeout_add (30000, bench_flag_timeout, &timed_out);
  while (!bench->first_page_drawn && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("first-page-drawn never came");
  g_source_remove (id);

  *out_document = document;
  *cpu_ms = (thread_cpu_time () - start_cpu) / 1000.0;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* CPU time of the calling (main) thread, in µs: a stall that is long on the
 * wall clock but short here was the machine running something else. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The machine's own noise floor, for reading the stall figures: a fixed
 * computation as long as TARGET_MS of CPU (the median frame), repeated for
 * SECONDS on the main thread. On a virtual machine its longest run can be
 * ten times the typical one, in thread CPU time too (the hypervisor took
 * the core). N_OVER counts the runs over 16 ms, to set against the frames'. */
static void
measure_noise (double  seconds,
               double  target_ms,
               double *typical_ms,
               double *longest_cpu_ms,
               double *longest_wall_ms,
               guint  *n_runs,
               guint  *n_over)
{
  volatile double sink = 0;
  gint64 end, iterations = 1000;
  gint64 longest_cpu = 0, longest_wall = 0;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (double));

  /* Calibrate the chunk to about TARGET_MS of CPU, by the fastest of
   * three tries (a hiccup must not end the calibration early). */
  for (;;)
    {
      gint64 fastest = G_MAXINT64;

      for (guint try = 0; try < 3; try++)
        {
          gint64 start = thread_cpu_time ();

          for (gint64 i = 0; i < iterations; i++)
            sink += i * 0.5;
          fastest = MIN (fastest, thread_cpu_time () - start);
        }
      if (fastest >= target_ms * 1000)
        {
          iterations = (gint64) (iterations * (target_ms * 1000 / fastest));
          break;
        }
      iterations *= 2;
    }

  end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      gint64 start_cpu = thread_cpu_time ();
      gint64 start_wall = g_get_monotonic_time ();
      gint64 cpu;

      for (gint64 i = 0; i < iterations; i++)
        sink += i * 0.5;
      cpu = thread_cpu_time () - start_cpu;
      g_array_append_val (runs, ((double) { cpu / 1000.0 }));
      longest_cpu = MAX (longest_cpu, cpu);
      longest_wall = MAX (longest_wall, g_get_monotonic_time () - start_wall);
    }
  *n_runs = runs->len;
  *n_over = 0;
  for (guint i = 0; i < runs->len; i++)
    if (g_array_index (runs, double, i) > 16.0)
      (*n_over)++;
  *typical_ms = bench_median ((double *) (void *) runs->data, runs->len);
  *longest_cpu_ms = longest_cpu / 1000.0;
  *longest_wall_ms = longest_wall / 1000.0;
}

static gboolean
heartbeat (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  if (bench->last_heartbeat != 0)
    {
      bench->max_gap = MAX (bench->max_gap, now - bench->last_heartbeat);
      bench->max_gap_cpu = MAX (bench->max_gap_cpu, cpu - bench->last_heartbeat_cpu);
    }
  bench->last_heartbeat = now;
  bench->last_heartbeat_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Bench *bench = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double value = gtk_adjustment_get_value (bench->vadjustment);
  double end = gtk_adjustment_get_upper (bench->vadjustment) - gtk_adjustment_get_page_size (bench->vadjustment);

  if (bench->last_frame != 0)
    bench->max_frame_interval = MAX (bench->max_frame_interval, now - bench->last_frame);
  bench->last_frame = now;
  bench->frames++;
  bench->max_page_seen = MAX (bench->max_page_seen, cm_document_view_get_page (bench->view));

  if (value >= end - 0.5)
    {
      bench->scrolling = FALSE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (bench->vadjustment, MIN (value + bench->step, end));
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  double raw[RUNS], view[RUNS], open[RUNS], shown[RUNS], cpu[RUNS], pair_ratios[RUNS];
  double pair_median, pair_lowest, pair_highest;
  double step_screens = 2.0;
  double rss_window, rss_before, rss_after, hwm, raw_median, view_median;
  double median_frame_cpu = 0;
  gint64 scroll_start, scroll_time;
  guint heartbeat_id;
  int target_width;
  CmDocument *document = NULL;
  guint n_pages;
  gboolean with_index = FALSE;
  g_autoptr(CmTextIndex) index = NULL;

  if (argc < 2)
    {
      g_printerr ("usage: bench-view FILE.pdf [SCREENS-PER-FRAME [--with-index]]\n");
      return 1;
    }
  if (argc >= 3)
    step_screens = g_ascii_strtod (argv[2], NULL);
  with_index = argc >= 4 && g_str_equal (argv[3], "--with-index");
  bench_machine_start ();
  if (!gtk_init_check ())
    {
      g_print ("SKIP: no display (run under xvfb-run -a -s \"-screen 0 1280x900x24\")\n");
      return 77;
    }

  bench_window (&bench);
  rss_window = rss_mb ("VmRSS:");
  /* The view shows fit-width pages: render the baseline at that width too. */
  target_width = gtk_widget_get_width (GTK_WIDGET (bench.view)) - 24;

  /* Warm both paths once (fonts, shared libraries, the file in the page cache). */
  bench_raw_poppler_first_page (argv[1], target_width);
  view_first_page (&bench, argv[1], &document, &open[0], &cpu[0]);
  cm_document_view_set_document (bench.view, NULL, NULL);
  g_clear_object (&document);
  bench_run_for (200);

  /* Each view run right after a baseline run: on a shared machine the
   * speed drifts between rounds more than within one. */
  for (guint i = 0; i < RUNS; i++)
    {
      raw[i] = bench_raw_poppler_first_page (argv[1], target_width);
      view[i] = view_first_page (&bench, argv[1], &document, &open[i], &cpu[i]);
      shown[i] = view[i] - open[i];
      pair_ratios[i] = view[i] / raw[i];
      if (i + 1 < RUNS)
        {
          cm_document_view_set_document (bench.view, NULL, NULL);
          g_clear_object (&document);
          bench_run_for (200);
        }
    }
  raw_median = bench_median (raw, RUNS);
  view_median = bench_median (view, RUNS);
  n_pages = cm_document_get_n_pages (document);

  bench_print_machine ();
  g_print ("document: %s, %u pages, view %d×%d px\n", argv[1], n_pages,
           gtk_widget_get_width (GTK_WIDGET (bench.view)), gtk_widget_get_height (GTK_WIDGET (bench.view)));
  g_print ("first page: raw poppler %.1f ms, view %.1f ms (median of %d), ratio %.2f (target <= 1.5)\n",
           raw_median, view_median, RUNS, view_median / raw_median);
  pair_median = bench_median_range (pair_ratios, RUNS, &pair_lowest, &pair_highest);
  g_print ("  per round (view / the baseline run just before it): median %.2f, from %.2f to %.2f\n",
           pair_median, pair_lowest, pair_highest);
  g_print ("  of which CmDocument opening %.1f ms, set_document → first-page-drawn %.1f ms (ratio %.2f)\n",
           bench_median (open, RUNS), bench_median (shown, RUNS), bench_median (shown, RUNS) / raw_median);
  g_print ("  main-thread CPU from open to first-page-drawn: %.1f ms\n", bench_median (cpu, RUNS));

  /* With the text index, as the window has it once extracted (off the
   * clock: it is built on a thread while the first pages show). */
  if (with_index)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      index = cm_text_index_new (document, NULL, &error);
      if (index == NULL)
        g_error ("%s: %s", argv[1], error->message);
      g_print ("text index: %.1f s, %u characters\n", (g_get_monotonic_time () - start) / 1e6,
               cm_text_index_get_length (index));
      cm_document_view_set_document (bench.view, document, index);
    }

  /* Scroll from the first page to the last, STEP_SCREENS screens a frame. */
  bench_run_for (500);
  rss_before = rss_mb ("VmRSS:");
  bench.vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench.view));
  bench.step = gtk_adjustment_get_page_size (bench.vadjustment) * step_screens;
  bench.scrolling = TRUE;
  bench.long_paints = g_string_new (NULL);
  bench.paint_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  heartbeat_id = g_timeout_add (1, heartbeat, &bench);
  scroll_start = g_get_monotonic_time ();
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.view)), "before-paint",
                    G_CALLBACK (on_before_paint), &bench);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.view)), "layout",
                    G_CALLBACK (on_layout), &bench);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.view)), "paint",
                    G_CALLBACK (on_paint), &bench);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.view)), "after-paint",
                    G_CALLBACK (on_after_paint), &bench);
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.view), scroll_tick, &bench, NULL);
  while (bench.scrolling)
    g_main_context_iteration (NULL, TRUE);
  scroll_time = g_get_monotonic_time () - scroll_start;
  /* Let the last pages arrive, still watching the main loop. */
  bench_run_for (1000);
  g_source_remove (heartbeat_id);
  rss_after = rss_mb ("VmRSS:");
  hwm = rss_mb ("VmHWM:");

  g_print ("scroll: %u frames in %.1f s (%.1f screens a frame), last page reached: %s\n",
           bench.frames, scroll_time / 1e6, step_screens,
           cm_document_view_get_page (bench.view) == n_pages ? "yes" : "NO");
  g_print ("longest main-loop stall: %.1f ms wall clock (1 ms heartbeat gap; target <= 16), "
           "most main-thread CPU time in one gap %.1f ms\n",
           bench.max_gap / 1000.0, bench.max_gap_cpu / 1000.0);
  g_print ("longest interval between frames: %.1f ms\n", bench.max_frame_interval / 1000.0);
  g_print ("frame painting (layout, snapshot, render): mean %.1f ms, longest %.1f ms; "
           "main-thread CPU mean %.1f ms, longest %.1f ms\n",
           bench.n_paints > 0 ? bench.total_paint / 1000.0 / bench.n_paints : 0.0, bench.max_paint / 1000.0,
           bench.n_paints > 0 ? bench.total_paint_cpu / 1000.0 / bench.n_paints : 0.0,
           bench.max_paint_cpu / 1000.0);
  if (bench.paint_cpu_ms->len > 0)
    {
      double *cpu_ms = (double *) (void *) bench.paint_cpu_ms->data;
      guint n = bench.paint_cpu_ms->len;

      qsort (cpu_ms, n, sizeof (double), bench_compare_double);
      median_frame_cpu = cpu_ms[n / 2];
      g_print ("frame main-thread CPU: median %.1f ms, 99th percentile %.1f ms, 99.9th %.1f ms\n",
               cpu_ms[n / 2], cpu_ms[MIN (n - 1, n * 99 / 100)], cpu_ms[MIN (n - 1, n * 999 / 1000)]);
    }
  g_array_unref (bench.paint_cpu_ms);
  g_print ("frames with over 16 ms of main-thread CPU: %u of %u%s%s\n", bench.n_long_paints, bench.n_paints,
           bench.n_long_paints > 0 ? ":" : "", bench.long_paints->str);
  g_string_free (bench.long_paints, TRUE);
  g_print ("RSS: %.0f MB with the empty window, %.0f MB with the document open, %.0f MB after "
           "scrolling (target <= 300), peak %.0f MB\n",
           rss_window, rss_before, rss_after, hwm);

  {
    double typical, longest_cpu, longest_wall;
    guint n_runs, n_over;

    measure_noise (10.0, MAX (median_frame_cpu, 1.0), &typical, &longest_cpu, &longest_wall,
                   &n_runs, &n_over);
    g_print ("machine noise: a fixed computation of %.1f ms (median; as long as the median frame) took up "
             "to %.1f ms of main-thread CPU, %.1f ms wall clock, over 10 s; %u of %u runs (%.2f%%) took over "
             "16 ms of CPU, against %.2f%% of the frames: stalls that long and that rare are the machine's, "
             "not the view's\n",
             typical, longest_cpu, longest_wall, n_over, n_runs, 100.0 * n_over / MAX (n_runs, 1),
             100.0 * bench.n_long_paints / MAX (bench.n_paints, 1));
  }

  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_clear_object (&document);
  /* The render thread was told to stop; let it leave poppler first. */
  if (!cm_background_wait (5000))
    g_error ("a thread is still inside poppler");
  return 0;
}
