/* test-comparison.c: CmComparison, the verdict matrix across ordinances: cells, their description, CSV, reading sidecars. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cm-test-util.h"

static void
add_evidence (CmReview     *review,
              const char   *id,
              const char   *item_id,
              guint         page,
              const char   *quote,
              const char   *section)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CmAnnotation) annotation = cm_annotation_new (id, "Ana", now);
  g_autoptr(CmAnchor) anchor = cm_anchor_new (page, 10, 10 + (guint) strlen (quote), quote, NULL, NULL);

  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, item_id);
  cm_annotation_set_assessment (annotation, CM_ASSESSMENT_STRONG);
  cm_annotation_set_section (annotation, section);
  g_assert_true (cm_review_add_annotation (review, annotation));
}

static CmComparison *
two_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (&error);
  g_autoptr(CmReview) a = cm_review_new ();
  g_autoptr(CmReview) b = cm_review_new ();
  g_autoptr(CmVerdict) verdict = cm_verdict_new ("detain.no-detainer-holds", CM_ASSESSMENT_STRONG, "Ana");
  g_autoptr(CmVerdict) harmful = cm_verdict_new ("detain.no-detainer-holds", CM_ASSESSMENT_HARMFUL, "Ben");
  CmComparison *comparison;

  g_assert_no_error (error);
  cm_verdict_set_rationale (verdict, "Flat ban on holds.");
  cm_review_set_verdict (a, verdict);
  add_evidence (a, "e1", "detain.no-detainer-holds", 2, "shall not detain", "Sec. 2-173-042");
  add_evidence (a, "e2", "detain.no-detainer-holds", 3, "no holds", NULL);
  add_evidence (a, "e3", "detain.no-detainer-holds", 4, "never", NULL);
  cm_review_set_verdict (b, harmful);

  comparison = cm_comparison_new (checklist);
  cm_comparison_add_column (comparison, "chicago.pdf", "Welcoming City", a);
  cm_comparison_add_column (comparison, "texas.pdf", NULL, b);
  return comparison;
}

static void
test_cells (void)
{
  g_autoptr(CmComparison) comparison = two_columns ();
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *described = NULL;
  g_autofree char *empty = NULL;

  g_assert_cmpuint (cm_comparison_get_n_columns (comparison), ==, 2);
  g_assert_cmpstr (cm_comparison_get_column_title (comparison, 0), ==, "Welcoming City");
  /* No title: the name stands in. */
  g_assert_cmpstr (cm_comparison_get_column_title (comparison, 1), ==, "texas.pdf");
  g_assert_cmpint (cm_comparison_get_assessment (comparison, "detain.no-detainer-holds", 0), ==, CM_ASSESSMENT_STRONG);
  g_assert_cmpint (cm_comparison_get_assessment (comparison, "detain.no-detainer-holds", 1), ==, CM_ASSESSMENT_HARMFUL);
  g_assert_cmpint (cm_comparison_get_assessment (comparison, "coop.no-287g", 0), ==, CM_ASSESSMENT_NONE);
  g_assert_null (cm_comparison_get_verdict (comparison, "coop.no-287g", 1));
  evidence = cm_comparison_get_evidence (comparison, "detain.no-detainer-holds", 0);
  g_assert_cmpuint (evidence->len, ==, 3);
  none = cm_comparison_get_evidence (comparison, "detain.no-detainer-holds", 1);
  g_assert_cmpuint (none->len, ==, 0);

  described = cm_comparison_describe_cell (comparison, "detain.no-detainer-holds", 0, 2);
  g_assert_cmpstr (described, ==, "Flat ban on holds.\n\n“shall not detain” (page 2, Sec. 2-173-042)\n\n"
                                  "“no holds” (page 3)\n\nand 1 more clause");
  empty = cm_comparison_describe_cell (comparison, "coop.no-287g", 1, 2);
  g_assert_cmpstr (empty, ==, "No verdict and no evidence yet");
}

static void
test_csv (void)
{
  g_autoptr(CmComparison) comparison = two_columns ();
  g_autofree char *csv = cm_comparison_to_csv (comparison);
  g_autofree char *html = cm_comparison_to_html (comparison);

  g_assert_true (g_str_has_prefix (csv, "item,title,chicago.pdf,texas.pdf\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ndetain.no-detainer-holds,No holds on immigration detainers,strong (3),harmful (0)\r\n"));
  g_assert_nonnull (strstr (csv, "\r\ncoop.no-287g,"));
  g_assert_nonnull (strstr (html, "<td class=\"v-harmful\"><span class=\"verdict\">harmful</span>"));
  g_assert_nonnull (strstr (html, "title=\"Welcoming City\">chicago.pdf</th>"));
}

/* A column named by a hostile PDF does not become a spreadsheet formula. */
static void
test_csv_formula (void)
{
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  g_autoptr(CmComparison) comparison = NULL;
  g_autoptr(CmReview) review = cm_review_new ();
  g_autofree char *csv = NULL;

  g_assert_nonnull (checklist);
  comparison = cm_comparison_new (checklist);
  cm_comparison_add_column (comparison, "=HYPERLINK(\"http://x\")", NULL, review);
  cm_comparison_add_column (comparison, "plain.pdf", NULL, review);
  csv = cm_comparison_to_csv (comparison);
  g_assert_true (g_str_has_prefix (csv, "item,title,\"'=HYPERLINK(\"\"http://x\"\")\",plain.pdf\r\n"));
}

static void
test_add_document (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *fixture = cm_test_fixture_path ("dc-2012-plain.pdf");
  g_autofree char *pdf = cm_test_copy_file (fixture, dir, "dc.pdf");
  g_autofree char *sidecar = g_build_filename (dir, "dc.clausemark.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  g_autoptr(CmComparison) comparison = cm_comparison_new (checklist);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* No sidecar yet: an empty column. */
  g_assert_true (cm_comparison_add_document (comparison, file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cm_comparison_get_column_name (comparison, 0), ==, "dc.pdf");
  g_assert_cmpint (cm_comparison_get_assessment (comparison, "info.no-status-sharing", 0), ==, CM_ASSESSMENT_NONE);

  /* With one: its verdicts. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", pdf, "--item", "info.no-status-sharing",
                                    "--assessment", "weak", NULL), ==, 0);
  g_assert_true (cm_comparison_add_document (comparison, file, &error));
  g_assert_cmpint (cm_comparison_get_assessment (comparison, "info.no-status-sharing", 1), ==, CM_ASSESSMENT_WEAK);

  /* An unreadable one is an error naming the PDF, never an empty column. */
  g_assert_true (g_file_set_contents (sidecar, "<review", -1, NULL));
  g_assert_false (cm_comparison_add_document (comparison, file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "dc.pdf"));
  g_assert_cmpuint (cm_comparison_get_n_columns (comparison), ==, 2);

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Two ordinances of one file name in different folders are told apart by
 * their folders (the window showed two columns named "o.pdf"). */
static void
test_same_file_names (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *fixture = cm_test_fixture_path ("dc-2012-plain.pdf");
  g_autofree char *a_dir = g_build_filename (dir, "2012", NULL);
  g_autofree char *b_dir = g_build_filename (dir, "2020", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GFile) a_file = NULL;
  g_autoptr(GFile) b_file = NULL;
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  g_autoptr(CmComparison) comparison = cm_comparison_new (checklist);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (a_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (b_dir, 0755), ==, 0);
  a = cm_test_copy_file (fixture, a_dir, "o.pdf");
  b = cm_test_copy_file (fixture, b_dir, "o.pdf");
  a_file = g_file_new_for_path (a);
  b_file = g_file_new_for_path (b);

  g_assert_true (cm_comparison_add_document (comparison, a_file, &error));
  g_assert_cmpstr (cm_comparison_get_column_name (comparison, 0), ==, "o.pdf");
  g_assert_true (cm_comparison_add_document (comparison, b_file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cm_comparison_get_column_name (comparison, 0), ==, "2012/o.pdf");
  g_assert_cmpstr (cm_comparison_get_column_name (comparison, 1), ==, "2020/o.pdf");
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/comparison/cells", test_cells);
  g_test_add_func ("/comparison/csv-formula", test_csv_formula);
  g_test_add_func ("/comparison/csv-html", test_csv);
  g_test_add_func ("/comparison/add-document", test_add_document);
  g_test_add_func ("/comparison/same-file-names", test_same_file_names);

  return g_test_run ();
}
