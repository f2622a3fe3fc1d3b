/* bench-util.c: what the view and window benchmarks share: main-loop waits, medians, the raw poppler baseline. */
#include "config.h"

#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"

gboolean
bench_flag_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
bench_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, bench_flag_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), bench_compare_double);
  return values[n / 2];
}

double
bench_median_range (double *values,
                    guint   n,
                    double *lowest,
                    double *highest)
{
  double median = bench_median (values, n);

  *lowest = values[0];
  *highest = values[n - 1];
  return median;
}

/* Total and stolen CPU time in ticks, from the first line of /proc/stat:
 * "cpu user nice system idle iowait irq softirq steal …". */
static gboolean
read_cpu_ticks (guint64 *total,
                guint64 *steal)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  guint n;

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL) || !g_str_has_prefix (stat, "cpu ")
      || strchr (stat, '\n') == NULL)
    return FALSE;
  *strchr (stat, '\n') = '\0';
  fields = g_strsplit_set (stat + 4, " ", -1);
  *total = 0;
  *steal = 0;
  n = 0;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      guint64 ticks;

      if (fields[i][0] == '\0')
        continue;
      ticks = g_ascii_strtoull (fields[i], NULL, 10);
      /* guest and guest_nice (9th, 10th) are counted in user already. */
      if (n < 8)
        *total += ticks;
      if (n == 7)
        *steal = ticks;
      n++;
    }
  return n >= 8;
}

static guint64 start_total;
static guint64 start_steal;
static gboolean started;

void
bench_machine_start (void)
{
  started = read_cpu_ticks (&start_total, &start_steal);
}

void
bench_print_machine (void)
{
  g_autofree char *load = NULL;
  guint64 total, steal;

  if (!g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    load = g_strdup ("unknown\n");
  g_print ("machine load average: %s", load);
  if (started && read_cpu_ticks (&total, &steal) && total > start_total)
    g_print ("hypervisor steal: %.0f%% of the machine's CPU time during the run\n",
             100.0 * (double) (steal - start_steal) / (double) (total - start_total));
}

double
bench_raw_poppler_first_page (const char *path,
                              int         target_width)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height, scale;

  document = poppler_document_new_from_file (uri, NULL, &error);
  if (document == NULL)
    g_error ("%s: %s", path, error->message);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  scale = target_width / width;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, target_width, (int) ceil (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);
  g_object_unref (page);
  g_object_unref (document);
  return (g_get_monotonic_time () - start) / 1000.0;
}
