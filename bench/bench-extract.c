/* bench-extract.c: times CmTextIndex extraction of long PDFs against `pdftotext FILE /dev/null`. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <clausemark.h>

#define RUNS 3
#define TARGET_RATIO 1.3

static double
cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
wall_seconds (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

typedef struct
{
  double wall;
  double cpu;
} Timing;

/* One extraction, wall and CPU time (all threads). */
static gboolean
time_extraction (CmDocument   *document,
                 Timing       *timing,
                 CmTextIndex **index_out)
{
  g_autoptr(GError) error = NULL;
  double w0, c0;
  CmTextIndex *index;

  /* The previous run's index goes first, so that peak RSS counts one. */
  g_clear_object (index_out);
  w0 = wall_seconds ();
  c0 = cpu_seconds (RUSAGE_SELF);
  index = cm_text_index_new (document, NULL, &error);

  if (index == NULL)
    {
      g_printerr ("extraction failed: %s\n", error->message);
      return FALSE;
    }
  timing->wall = wall_seconds () - w0;
  timing->cpu = cpu_seconds (RUSAGE_SELF) - c0;
  *index_out = index;
  return TRUE;
}

static gboolean
time_pdftotext (const char *pdftotext,
                const char *path,
                Timing     *timing)
{
  const char *argv[] = { pdftotext, path, "/dev/null", NULL };
  g_autoptr(GError) error = NULL;
  double w0 = wall_seconds (), c0 = cpu_seconds (RUSAGE_CHILDREN);
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("pdftotext failed: %s\n", error->message);
      return FALSE;
    }
  timing->wall = wall_seconds () - w0;
  timing->cpu = cpu_seconds (RUSAGE_CHILDREN) - c0;
  return TRUE;
}

static void
keep_best (Timing       *best,
           const Timing *run)
{
  best->wall = MIN (best->wall, run->wall);
  best->cpu = MIN (best->cpu, run->cpu);
}

static gboolean
bench_file (const char *pdftotext,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(CmAnchor) orphan = NULL;
  g_autofree char *name = g_path_get_basename (path);
  Timing best = { G_MAXDOUBLE, G_MAXDOUBLE }, reference = { G_MAXDOUBLE, G_MAXDOUBLE };
  double open_wall, wall, cpu, ref_wall, ref_cpu, t0;
  struct rusage usage;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("%s: absent, skipped\n", name);
      return TRUE;
    }

  t0 = wall_seconds ();
  document = cm_document_new_for_path (path, NULL, &error);
  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  open_wall = wall_seconds () - t0;

  /* Runs alternate between the two, so that a change in the machine's load
   * weighs on both; the best of RUNS counts. */
  for (guint run = 0; run < RUNS; run++)
    {
      Timing ours, theirs;

      if (!time_extraction (document, &ours, &index) ||
          !time_pdftotext (pdftotext, path, &theirs))
        return FALSE;
      keep_best (&best, &ours);
      keep_best (&reference, &theirs);
    }
  wall = best.wall;
  cpu = best.cpu;
  ref_wall = reference.wall;
  ref_cpu = reference.cpu;

  g_print ("%s: %u pages, %u characters (open %.2f s)\n", name,
           cm_document_get_n_pages (document), cm_text_index_get_length (index), open_wall);
  g_print ("  CmTextIndex   wall %6.2f s   cpu %6.2f s   (%u cores)\n", wall, cpu, g_get_num_processors ());
  g_print ("  pdftotext     wall %6.2f s   cpu %6.2f s\n", ref_wall, ref_cpu);
  g_print ("  ratio         wall %6.2fx    cpu %6.2fx    target <= %.1fx (wall): %s\n",
           wall / ref_wall, cpu / ref_cpu, TARGET_RATIO,
           wall / ref_wall <= TARGET_RATIO ? "met" : "MISSED");

  t0 = wall_seconds ();
  matches = cm_text_index_find (index, "shall not", 0);
  g_print ("  first search  %6.3f s (normalises the text once), %u matches\n", wall_seconds () - t0, matches->len);

  orphan = cm_anchor_new (cm_document_get_n_pages (document) / 2, 1000, 1100,
                          "No officer shall detain any person on the basis of a request from the moon "
                          "unless a judicial warrant accompanies it", NULL, NULL);
  t0 = wall_seconds ();
  cm_anchor_resolve (orphan, index);
  g_print ("  re-anchor     %6.3f s (%s, searched everywhere)\n", wall_seconds () - t0,
           cm_anchor_state_to_string (cm_anchor_get_state (orphan)));

  getrusage (RUSAGE_SELF, &usage);
  g_print ("  peak RSS      %6.1f MB\n", usage.ru_maxrss / 1024.0);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  const char *pdftotext = g_getenv ("PDFTOTEXT");
  gboolean ok = TRUE;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE.pdf…\n", argv[0]);
      return 1;
    }
  if (pdftotext == NULL)
    pdftotext = "pdftotext";

  for (int i = 1; i < argc; i++)
    ok = bench_file (pdftotext, argv[i]) && ok;
  return ok ? 0 : 1;
}
