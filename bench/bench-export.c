/* bench-export.c: time to export a 10,000-annotation review as HTML, CSV, JSON and PDF report (target < 1 s each). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <clausemark.h>

#define N_ANNOTATIONS 10000
#define TARGET_SEC    1.0
#define ROUNDS        3

static const char * const formats[] = { "html", "csv", "json", "pdf" };

static const char * const notes[] = {
  "Exception for gang database listing swallows the rule.",
  "Only applies to the police department; the sheriff is not bound. Compare § 2-173-042(b), which says \"may\" "
  "where it should say \"shall\", and the savings clause at the end of the chapter.",
  "Strong: no exceptions, <and> it covers every city agency & contractor.",
  NULL,
};

static G_NORETURN void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-export: %s: %s\n", what, error->message);
  exit (1);
}

/* Spread over every checklist item, two rectangles each, a note on most,
 * a reply on every tenth: what a long multi-reviewer review looks like. */
static CmReview *
make_review (CmChecklist *checklist)
{
  static const CmAssessment levels[] = {
    CM_ASSESSMENT_STRONG, CM_ASSESSMENT_PARTIAL, CM_ASSESSMENT_WEAK, CM_ASSESSMENT_HARMFUL,
  };
  static const char * const authors[] = { "Ana Ruiz", "Ben Ortiz", "Chidi Okafor" };
  GPtrArray *items = cm_checklist_get_items (checklist);
  CmReview *review = cm_review_new ();
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 20, 10, 2, 11);

  cm_review_set_document (review, "ordinance.pdf",
                          "9f2c00000000000000000000000000000000000000000000000000000000a81e", "a81e", 300);
  cm_review_set_checklist (review, cm_checklist_get_id (checklist), cm_checklist_get_version (checklist));
  for (guint i = 0; i < N_ANNOTATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("0b9d6c1e-%04x-4e1e-8c2a-%012u", i % 0xffff, i);
      CmChecklistItem *item = g_ptr_array_index (items, i % items->len);
      g_autoptr(CmAnnotation) annotation = cm_annotation_new (id, authors[i % 3], created);
      g_autoptr(CmAnchor) anchor = NULL;
      guint page = 1 + i / 34;
      guint start = (i % 34) * 300;
      CmPageRect first = { page, 72.0, 100.5 + (i % 34) * 18, 540.0, 112.5 + (i % 34) * 18 };
      CmPageRect second = { page, 72.0, 112.5 + (i % 34) * 18, 310.25, 124.5 + (i % 34) * 18 };

      anchor = cm_anchor_new (page, start, start + 66,
                              "No law enforcement agent shall detain an individual on the basis of an "
                              "immigration detainer",
                              "Sec. 2-173-042. ", " unless the request is accompanied by");
      cm_anchor_add_rect (anchor, &first);
      cm_anchor_add_rect (anchor, &second);
      cm_annotation_set_anchor (annotation, anchor);
      cm_annotation_set_item_id (annotation, cm_checklist_item_get_id (item));
      cm_annotation_set_assessment (annotation, levels[i % G_N_ELEMENTS (levels)]);
      cm_annotation_set_note (annotation, notes[i % G_N_ELEMENTS (notes)]);
      cm_annotation_set_section (annotation, "2-173-042(a)");
      if (i % 10 == 0)
        cm_annotation_add_reply (annotation, cm_reply_new (NULL, "Ben Ortiz", created, "Agree; flag for the memo."));
      cm_review_load_annotation (review, annotation);
    }
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(CmVerdict) verdict = cm_verdict_new (cm_checklist_item_get_id (g_ptr_array_index (items, i)),
                                                     levels[i % G_N_ELEMENTS (levels)], authors[i % 3]);

      cm_verdict_set_rationale (verdict, notes[1]);
      cm_verdict_set_modified (verdict, created);
      cm_review_load_verdict (review, verdict);
    }
  return review;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* Median of ROUNDS exports into memory (the disk is not what is measured).
 * CPU time is reported beside wall time: on a shared build machine the wall
 * clock mostly measures the neighbours. The exporters are single-threaded,
 * so on an idle machine the two agree. */
static double
time_export (const char  *id,
             CmReview    *review,
             CmChecklist *checklist,
             gsize       *size,
             double      *cpu)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmExporter) exporter = cm_plugin_engine_create_exporter (cm_plugin_engine_get_default (), id, &error);
  double times[ROUNDS];
  double cpus[ROUNDS];

  if (exporter == NULL)
    die (id, error);
  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      gint64 started = g_get_monotonic_time ();
      double cpu_started = cpu_seconds ();

      if (!cm_exporter_export (exporter, review, checklist, NULL, stream, NULL, &error))
        die (id, error);
      g_output_stream_close (stream, NULL, NULL);
      times[round] = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
      cpus[round] = cpu_seconds () - cpu_started;
      *size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
    }
  qsort (times, ROUNDS, sizeof times[0], compare_doubles);
  qsort (cpus, ROUNDS, sizeof cpus[0], compare_doubles);
  *cpu = cpus[ROUNDS / 2];
  return times[ROUNDS / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (&error);
  g_autoptr(CmReview) review = NULL;
  gboolean ok = TRUE;

  if (checklist == NULL)
    die ("checklist", error);
  review = make_review (checklist);

  g_print ("export of %u annotations, median of %u runs (target < %.1f s of CPU each)\n",
           N_ANNOTATIONS, ROUNDS, TARGET_SEC);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      gsize size = 0;
      double cpu = 0;
      double seconds = time_export (formats[i], review, checklist, &size, &cpu);
      gboolean met = cpu < TARGET_SEC;

      g_print ("  %-5s wall %7.3f s  cpu %7.3f s  %7.1f MB  %s\n", formats[i], seconds, cpu,
               size / (1024.0 * 1024.0), met ? "ok" : "TOO SLOW");
      ok = ok && met;
    }
  return ok ? 0 : 1;
}
