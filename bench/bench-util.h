/* bench-util.h: what the view and window benchmarks share: main-loop waits, medians, the raw poppler baseline. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the gboolean at DATA; for g_timeout_add(). */
gboolean bench_flag_timeout            (gpointer    data);
/* Runs the main loop for MS milliseconds. */
void     bench_run_for                 (guint       ms);
/* qsort() order of doubles. */
int      bench_compare_double          (gconstpointer a,
                                        gconstpointer b);
/* The median of N VALUES (sorted in place). */
double   bench_median                  (double     *values,
                                        guint       n);
/* The same, with the lowest and highest of VALUES. */
double   bench_median_range            (double     *values,
                                        guint       n,
                                        double     *lowest,
                                        double     *highest);
/* What the view is measured against: poppler opening PATH and rendering
 * page 1 into an image surface WIDTH pixels wide; milliseconds. */
double   bench_raw_poppler_first_page  (const char *path,
                                        int         width);
/* The machine's state for the figures: its load average, and the share
 * of CPU time its hypervisor took (steal, from /proc/stat) since
 * bench_machine_start(). */
void     bench_machine_start           (void);
void     bench_print_machine           (void);

G_END_DECLS
