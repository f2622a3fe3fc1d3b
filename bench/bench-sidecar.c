/* bench-sidecar.c: load and save times and peak memory of a 100,000-annotation sidecar, against xmllint --stream. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <clausemark.h>

#include "bench-util.h"

#define N_ANNOTATIONS       100000
#define LOAD_RATIO_TARGET   1.5
#define LOAD_RSS_TARGET_KB  (100 * 1024)
#define SAVE_TARGET_SEC     1.0
#define ROUNDS              5

static CmStore *
get_store (void)
{
  g_autoptr(GError) error = NULL;
  CmStore *store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &error);

  if (store == NULL)
    {
      g_printerr ("bench-sidecar: %s (set CLAUSEMARK_PLUGIN_PATH to the build's plugins)\n",
                  error->message);
      exit (1);
    }
  return store;
}

/* A realistic mix: every annotation anchored with two rectangles, tagged,
 * with a note; every tenth has a reply. */
static CmReview *
make_review (guint n_annotations)
{
  static const char * const items[] = {
    "detainers.judicial-warrant", "detainers.hold-requests", "information.citizenship-inquiry",
    "information.sharing", "access.facilities", "funding.grants", "policing.287g",
  };
  CmReview *review = cm_review_new ();
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 20, 10, 2, 11);

  cm_review_set_document (review, "ordinance.pdf",
                          "9f2c00000000000000000000000000000000000000000000000000000000a81e",
                          "a81e", 2000);
  cm_review_set_checklist (review, "sanctuary", "1");
  for (guint i = 0; i < n_annotations; i++)
    {
      g_autofree char *id = g_strdup_printf ("%08x-9d6c-4e1e-8c2a-%012u", g_str_hash (items[i % 7]) ^ i, i);
      /* Distinct times, as in a real review: no formatting shortcut applies. */
      g_autoptr(GDateTime) when = g_date_time_add_seconds (created, i * 37.0);
      g_autoptr(CmAnnotation) annotation = cm_annotation_new (id, "Ana Ruiz", when);
      g_autoptr(CmAnchor) anchor = NULL;
      guint page = 1 + i / 50;
      guint start = (i % 50) * 300;
      CmPageRect rect1 = { page, 72.0, 100.5 + (i % 50) * 12, 540.0, 112.5 + (i % 50) * 12 };
      CmPageRect rect2 = { page, 72.0, 112.5 + (i % 50) * 12, 310.25, 124.5 + (i % 50) * 12 };

      anchor = cm_anchor_new (page, start, start + 64,
                              "shall detain an individual on the basis of an immigration detainer",
                              "Sec. 2-173-042. No law enforcement agent ",
                              " unless the request is accompanied by");
      cm_anchor_add_rect (anchor, &rect1);
      cm_anchor_add_rect (anchor, &rect2);
      cm_annotation_set_anchor (annotation, anchor);
      cm_annotation_set_item_id (annotation, items[i % G_N_ELEMENTS (items)]);
      cm_annotation_set_assessment (annotation, 1 + i % 6);
      cm_annotation_set_note (annotation, "Exception for gang database listing swallows the rule & more.");
      if (i % 10 == 0)
        cm_annotation_add_reply (annotation, cm_reply_new (NULL, "Ben Ortiz", when,
                                                           "Agree; flag for the memo."));
      cm_review_load_annotation (review, annotation);
    }
  return review;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Peak RSS of this process image in KiB. Unlike ru_maxrss it starts
 * afresh at exec, so the parent's memory before the fork does not count. */
static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

/* Child mode: load PATH once; print wall and CPU seconds of the load,
 * annotations loaded and peak RSS. Exits without freeing the review:
 * teardown is not part of loading. */
static int
load_only (const char *path)
{
  g_autoptr(CmStore) store = get_store ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CmReview *review;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds ();

  review = cm_store_load (store, file, NULL, &error);
  if (review == NULL)
    {
      g_printerr ("bench-sidecar: %s\n", error->message);
      return 1;
    }
  printf ("%.6f %.6f %u %ld\n", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
          cpu_seconds () - cpu_start, cm_review_get_n_annotations (review), peak_rss_kb ());
  fflush (stdout);
  _exit (0);
}

typedef struct
{
  double wall;       /* seconds, whole process */
  double cpu;        /* user + system seconds */
  long   max_rss_kb;
  char  *output;
  char  *errors;
} Run;

static gboolean
run_child (const char * const *argv,
           Run                *run)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  GPid pid;
  int out_fd = -1;
  int err_fd = -1;
  GString *errors = g_string_new (NULL);
  int status = 0;
  gint64 start = g_get_monotonic_time ();
  GString *output = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pid, NULL, &out_fd, &err_fd, &error))
    {
      g_printerr ("bench-sidecar: cannot run %s: %s\n", argv[0], error->message);
      g_string_free (output, TRUE);
      g_string_free (errors, TRUE);
      return FALSE;
    }
  /* Both outputs are a line or two: reading one after the other is safe. */
  while ((n = read (out_fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (output, buffer, n);
  close (out_fd);
  while ((n = read (err_fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (errors, buffer, n);
  close (err_fd);
  run->errors = g_string_free (errors, FALSE);
  if (wait4 (pid, &status, 0, &usage) != pid)
    {
      g_string_free (output, TRUE);
      return FALSE;
    }
  if (!(WIFEXITED (status) && WEXITSTATUS (status) == 0))
    g_printerr ("bench-sidecar: %s failed: %s\n", argv[0], run->errors);
  run->wall = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run->max_rss_kb = usage.ru_maxrss;
  run->cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
             + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run->output = g_string_free (output, FALSE);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

int
main (int argc, char **argv)
{
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  double serialize_times[ROUNDS];
  double serialize_cpu[ROUNDS];
  double save_times[ROUNDS];
  double save_cpu[ROUNDS];
  double load_in_process[ROUNDS];
  double load_cpu[ROUNDS];
  double load_wall[ROUNDS];
  double xmllint_wall[ROUNDS];
  double xmllint_cpu[ROUNDS];
  double pair_ratios[ROUNDS];
  double pair_median, pair_lowest, pair_highest;
  long load_rss = 0;
  long max_load_rss = 0;
  long xmllint_rss = 0;
  double serialize_time;
  double load_cpu_time;
  double xmllint_cpu_time;
  double save_time;
  double load_time;
  double load_process;
  double xmllint_time;
  GStatBuf info;
  gboolean ok = TRUE;

  if (argc == 3 && g_str_equal (argv[1], "--load-only"))
    return load_only (argv[2]);
  /* --generate PATH [N]: write a sidecar for profiling by other tools. */
  if ((argc == 3 || argc == 4) && g_str_equal (argv[1], "--generate"))
    {
      g_autoptr(GFile) target = g_file_new_for_path (argv[2]);

      store = get_store ();
      review = make_review (argc == 4 ? (guint) atoi (argv[3]) : N_ANNOTATIONS);
      return cm_store_save (store, review, target, NULL, NULL) ? 0 : 1;
    }

  bench_machine_start ();
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (!g_file_test ("/usr/bin/time", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-sidecar: needs GNU time (/usr/bin/time, Debian package “time”)\n");
      return 77;
    }
  store = get_store ();
  dir = g_dir_make_tmp ("bench-sidecar-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "ordinance.clausemark.xml", NULL);
  file = g_file_new_for_path (path);

  review = make_review (N_ANNOTATIONS);
  for (int i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_seconds ();

      bytes = cm_store_serialize (store, review, NULL);
      serialize_times[i] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      serialize_cpu[i] = cpu_seconds () - cpu_start;

      start = g_get_monotonic_time ();
      cpu_start = cpu_seconds ();
      if (!cm_store_save (store, review, file, NULL, &error))
        {
          g_printerr ("bench-sidecar: %s\n", error->message);
          return 1;
        }
      save_times[i] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      save_cpu[i] = cpu_seconds () - cpu_start;
    }
  g_stat (path, &info);
  /* Children fork from this process: keep it small. */
  g_clear_object (&review);

  for (int i = 0; i < ROUNDS; i++)
    {
      const char *load_argv[] = { self, "--load-only", path, NULL };
      const char *xmllint_argv[] = { "/usr/bin/time", "-f", "%e %U %S %M",
                                     "xmllint", "--stream", "--noout", path, NULL };
      Run load = { 0, };
      Run xmllint = { 0, };
      guint n_loaded = 0;
      double x_wall = 0;
      double x_user = 0;
      double x_system = 0;
      long x_rss = 0;

      if (!run_child (load_argv, &load) || !run_child (xmllint_argv, &xmllint))
        return 1;
      if (sscanf (load.output, "%lf %lf %u %ld", &load_in_process[i], &load_cpu[i], &n_loaded,
                  &load_rss) != 4
          || n_loaded != N_ANNOTATIONS)
        {
          g_printerr ("bench-sidecar: the load child printed “%s”\n", load.output);
          return 1;
        }
      /* GNU time measured xmllint alone, its RSS untouched by our fork. */
      if (sscanf (xmllint.errors, "%lf %lf %lf %ld", &x_wall, &x_user, &x_system, &x_rss) != 4)
        {
          g_printerr ("bench-sidecar: /usr/bin/time printed “%s”\n", xmllint.errors);
          return 1;
        }
      load_wall[i] = load.wall;
      xmllint_wall[i] = x_wall;
      xmllint_cpu[i] = x_user + x_system;
      /* Each load is compared with the xmllint run right after it: on a
       * shared machine the speed drifts between rounds, less within one. */
      pair_ratios[i] = load_cpu[i] / xmllint_cpu[i];
      max_load_rss = MAX (max_load_rss, load_rss);
      xmllint_rss = MAX (xmllint_rss, x_rss);
      g_free (load.errors);
      g_free (xmllint.errors);
      g_free (load.output);
      g_free (xmllint.output);
    }

  serialize_time = bench_median (serialize_times, ROUNDS);
  save_time = bench_median (save_times, ROUNDS);
  load_time = bench_median (load_in_process, ROUNDS);
  load_process = bench_median (load_wall, ROUNDS);
  xmllint_time = bench_median (xmllint_wall, ROUNDS);
  load_cpu_time = bench_median (load_cpu, ROUNDS);
  xmllint_cpu_time = bench_median (xmllint_cpu, ROUNDS);

  printf ("sidecar: %d annotations, %.1f MB (medians of %d runs)\n", N_ANNOTATIONS,
          info.st_size / 1e6, ROUNDS);
  printf ("save:    %.3f s wall, %.3f s CPU (of which serializing %.3f s wall, %.3f s CPU); "
          "target <= %.1f s\n",
          save_time, bench_median (save_cpu, ROUNDS), serialize_time, bench_median (serialize_cpu, ROUNDS),
          SAVE_TARGET_SEC);
  printf ("load:    %.3f s wall, %.3f s CPU in process; %.3f s wall for the whole process\n",
          load_time, load_cpu_time, load_process);
  printf ("xmllint --stream --noout: %.3f s wall, %.3f s CPU for the whole process\n",
          xmllint_time, xmllint_cpu_time);
  printf ("ratio:   %.2fx CPU, %.2fx wall (load / xmllint; target <= %.1fx)\n",
          load_cpu_time / xmllint_cpu_time, load_time / xmllint_time, LOAD_RATIO_TARGET);
  pair_median = bench_median_range (pair_ratios, ROUNDS, &pair_lowest, &pair_highest);
  printf ("         per round: median %.2fx CPU, from %.2fx to %.2fx\n",
          pair_median, pair_lowest, pair_highest);
  printf ("peak RSS: load %.1f MB (target <= %d MB), xmllint %.1f MB\n",
          max_load_rss / 1024.0, LOAD_RSS_TARGET_KB / 1024, xmllint_rss / 1024.0);

  if (save_time > SAVE_TARGET_SEC)
    ok = FALSE;
  if (load_cpu_time / xmllint_cpu_time > LOAD_RATIO_TARGET)
    ok = FALSE;
  if (max_load_rss > LOAD_RSS_TARGET_KB)
    ok = FALSE;
  fflush (stdout);
  bench_print_machine ();
  printf ("%s\n", ok ? "all targets met" : "TARGET MISSED (figures above)");

  g_unlink (path);
  {
    g_autofree char *backup = g_strconcat (path, ".bak", NULL);
    g_unlink (backup);
  }
  g_rmdir (dir);
  return ok ? 0 : 1;
}
