/* test-review.c: the review model: annotations, verdicts, tombstones, signals, undo and redo, dirty state. */
#include "cm-test-util.h"

static CmAnnotation *
make_annotation (const char *id,
                 guint       page,
                 guint       start,
                 const char *item)
{
  CmAnnotation *annotation = cm_annotation_new (id, "Ana Ruiz", NULL);
  g_autoptr(CmAnchor) anchor = cm_anchor_new (page, start, start + 10, "shall not detain", "No agent ", " any person");

  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, item);
  cm_annotation_set_assessment (annotation, CM_ASSESSMENT_PARTIAL);
  return annotation;
}

static void
count_signal (gpointer instance,
              gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_add_lookup_order (void)
{
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(CmAnnotation) a = make_annotation ("b", 3, 50, "detain.judicial-warrant");
  g_autoptr(CmAnnotation) b = make_annotation ("a", 1, 900, "info.no-status-sharing");
  g_autoptr(CmAnnotation) c = make_annotation ("c", 3, 10, "detain.judicial-warrant");
  g_autoptr(CmAnnotation) first = NULL;
  g_autoptr(CmAnnotation) last = NULL;
  g_autoptr(GPtrArray) evidence = NULL;

  g_assert_true (cm_review_add_annotation (review, a));
  g_assert_true (cm_review_add_annotation (review, b));
  g_assert_true (cm_review_add_annotation (review, c));
  g_assert_false (cm_review_add_annotation (review, a));   /* same id twice */
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 3);
  g_assert_true (cm_review_lookup_annotation (review, "b") == a);

  /* Stable order: page, then start offset, then id. */
  first = g_list_model_get_item (cm_review_get_annotations (review), 0);
  last = g_list_model_get_item (cm_review_get_annotations (review), 2);
  g_assert_cmpstr (cm_annotation_get_id (first), ==, "a");
  g_assert_cmpstr (cm_annotation_get_id (last), ==, "b");

  evidence = cm_review_get_evidence (review, "detain.judicial-warrant");
  g_assert_cmpuint (evidence->len, ==, 2);
}

static void
test_undo_redo (void)
{
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(CmAnnotation) a = make_annotation ("a", 1, 0, "coop.no-287g");
  g_autoptr(CmAnnotation) edited = NULL;
  guint changed = 0;

  g_signal_connect (review, "changed", G_CALLBACK (count_signal), &changed);
  g_assert_false (cm_review_can_undo (review));
  cm_review_add_annotation (review, a);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (cm_review_can_undo (review));

  edited = cm_annotation_copy (a);
  cm_annotation_set_note (edited, "Exception swallows the rule.");
  cm_annotation_set_assessment (edited, CM_ASSESSMENT_WEAK);
  g_assert_true (cm_review_replace_annotation (review, edited));
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (review, "a")), ==,
                   "Exception swallows the rule.");

  g_assert_true (cm_review_remove_annotation (review, "a", "Ben Ortiz"));
  g_assert_null (cm_review_lookup_annotation (review, "a"));
  g_assert_nonnull (cm_review_lookup_tombstone (review, "a"));
  g_assert_cmpstr (cm_review_lookup_tombstone (review, "a")->author, ==, "Ben Ortiz");

  /* Undo the delete: the edited version comes back and the tombstone goes. */
  g_assert_true (cm_review_undo (review));
  g_assert_null (cm_review_lookup_tombstone (review, "a"));
  g_assert_cmpint (cm_annotation_get_assessment (cm_review_lookup_annotation (review, "a")), ==,
                   CM_ASSESSMENT_WEAK);
  /* Undo the edit. */
  g_assert_true (cm_review_undo (review));
  g_assert_null (cm_annotation_get_note (cm_review_lookup_annotation (review, "a")));
  /* Undo the add. */
  g_assert_true (cm_review_undo (review));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
  g_assert_false (cm_review_undo (review));

  g_assert_true (cm_review_redo (review));
  g_assert_true (cm_review_redo (review));
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (review, "a")), ==,
                   "Exception swallows the rule.");
  g_assert_true (cm_review_can_redo (review));

  /* A new change drops the redo history. */
  g_assert_true (cm_review_replace_annotation (review, a));
  g_assert_false (cm_review_can_redo (review));
  g_assert_cmpuint (changed, ==, 9);
}

static void
test_group (void)
{
  g_autoptr(CmReview) review = cm_review_new ();

  cm_review_begin_group (review);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("id-%u", i);
      g_autoptr(CmAnnotation) a = make_annotation (id, 1, i * 20, "info.no-personal-data");
      cm_review_add_annotation (review, a);
    }
  cm_review_end_group (review);
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 5);
  g_assert_true (cm_review_undo (review));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
  g_assert_false (cm_review_can_undo (review));
}

static void
test_verdicts (void)
{
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(CmVerdict) verdict = cm_verdict_new ("detain.no-transfers", CM_ASSESSMENT_STRONG, "Ana");
  g_autoptr(CmVerdict) changed = NULL;

  cm_verdict_set_rationale (verdict, "No transfers without a judicial warrant.");
  cm_review_set_verdict (review, verdict);
  g_assert_true (cm_review_lookup_verdict (review, "detain.no-transfers") == verdict);
  g_assert_cmpuint (g_list_model_get_n_items (cm_review_get_verdicts (review)), ==, 1);

  changed = cm_verdict_copy (verdict);
  cm_verdict_set_assessment (changed, CM_ASSESSMENT_WEAK);
  cm_review_set_verdict (review, changed);
  g_assert_cmpint (cm_verdict_get_assessment (cm_review_lookup_verdict (review, "detain.no-transfers")),
                   ==, CM_ASSESSMENT_WEAK);

  g_assert_true (cm_review_clear_verdict (review, "detain.no-transfers", "Ana"));
  g_assert_null (cm_review_lookup_verdict (review, "detain.no-transfers"));
  g_assert_nonnull (cm_review_lookup_tombstone (review, "verdict:detain.no-transfers"));
  g_assert_false (cm_review_clear_verdict (review, "detain.no-transfers", "Ana"));

  g_assert_true (cm_review_undo (review));
  g_assert_cmpint (cm_verdict_get_assessment (cm_review_lookup_verdict (review, "detain.no-transfers")),
                   ==, CM_ASSESSMENT_WEAK);
  g_assert_null (cm_review_lookup_tombstone (review, "verdict:detain.no-transfers"));
  g_assert_true (cm_review_undo (review));
  g_assert_cmpint (cm_verdict_get_assessment (cm_review_lookup_verdict (review, "detain.no-transfers")),
                   ==, CM_ASSESSMENT_STRONG);
}

static void
test_dirty (void)
{
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(CmAnnotation) a = make_annotation ("a", 1, 0, "coop.no-287g");
  g_autoptr(CmAnnotation) b = make_annotation ("b", 2, 0, "coop.no-287g");

  /* Loading leaves the review clean and records no undo step. */
  cm_review_load_annotation (review, a);
  g_assert_false (cm_review_is_dirty (review));
  g_assert_false (cm_review_can_undo (review));

  cm_review_add_annotation (review, b);
  g_assert_true (cm_review_is_dirty (review));
  cm_review_mark_saved (review);
  g_assert_false (cm_review_is_dirty (review));
  cm_review_undo (review);
  g_assert_true (cm_review_is_dirty (review));
  cm_review_redo (review);
  g_assert_false (cm_review_is_dirty (review));
}

static void
test_annotation_copy_equal (void)
{
  g_autoptr(CmAnnotation) a = make_annotation ("a", 4, 100, "status.no-inquiry");
  g_autoptr(CmAnnotation) b = NULL;

  cm_annotation_set_note (a, "Línea 1\nline 2 <script>&amp;");
  cm_annotation_add_reply (a, cm_reply_new (NULL, "Ben", NULL, "Agree"));
  cm_extensions_add_element (cm_annotation_get_extensions (a), "", "<x:flag xmlns:x=\"urn:x\"/>");
  b = cm_annotation_copy (a);
  g_assert_true (cm_annotation_equal (a, b));
  g_assert_true (a != b);
  cm_annotation_set_note (b, "other");
  g_assert_false (cm_annotation_equal (a, b));
}

/* Extensions are made on first use: peeking never makes them, copies and
 * comparisons treat "none" as empty. */
static void
test_annotation_extensions_on_demand (void)
{
  g_autoptr(CmAnnotation) a = make_annotation ("a", 4, 100, "status.no-inquiry");
  g_autoptr(CmAnnotation) b = cm_annotation_copy (a);
  g_autoptr(CmAnnotation) c = NULL;
  CmExtensions *extensions;

  g_assert_null (cm_annotation_peek_extensions (a));
  g_assert_null (cm_annotation_peek_extensions (b));
  extensions = cm_annotation_get_extensions (a);
  g_assert_nonnull (extensions);
  g_assert_true (cm_annotation_peek_extensions (a) == extensions);
  g_assert_true (cm_annotation_get_extensions (a) == extensions);
  /* Empty extensions equal none at all. */
  g_assert_true (cm_annotation_equal (a, b));
  cm_extensions_add_attribute (extensions, "", "urn:x", "x:flag", "1");
  g_assert_false (cm_annotation_equal (a, b));
  c = cm_annotation_copy (a);
  g_assert_true (cm_annotation_equal (a, c));
  g_assert_cmpuint (cm_extensions_get_n_attributes (cm_annotation_peek_extensions (c)), ==, 1);
  g_assert_cmpuint (cm_extensions_get_n_attributes (NULL), ==, 0);
  g_assert_cmpuint (cm_extensions_get_n_elements (NULL), ==, 0);
}

/* take_anchor() keeps the very anchor it is given; set_anchor() copies. */
static void
test_annotation_take_anchor (void)
{
  g_autoptr(CmAnnotation) a = make_annotation ("a", 4, 100, "status.no-inquiry");
  g_autoptr(CmAnchor) copied = cm_anchor_new (2, 10, 20, "copied", "", "");
  CmAnchor *taken = cm_anchor_new (3, 30, 40, "taken", "", "");

  cm_annotation_set_anchor (a, copied);
  g_assert_true (cm_annotation_get_anchor (a) != copied);
  g_assert_true (cm_anchor_equal (cm_annotation_get_anchor (a), copied));
  cm_annotation_take_anchor (a, taken);
  g_assert_true (cm_annotation_get_anchor (a) == taken);
  cm_annotation_take_anchor (a, taken);   /* the same again: kept, not freed */
  g_assert_cmpstr (cm_anchor_get_exact (cm_annotation_get_anchor (a)), ==, "taken");
  cm_annotation_take_anchor (a, NULL);
  g_assert_null (cm_annotation_get_anchor (a));
}

static void
test_assessment_strings (void)
{
  CmAssessment level;

  for (guint i = CM_ASSESSMENT_STRONG; i < CM_N_ASSESSMENTS; i++)
    {
      g_assert_true (cm_assessment_from_string (cm_assessment_to_string (i), &level));
      g_assert_cmpint (level, ==, i);
    }
  g_assert_cmpstr (cm_assessment_to_string (CM_ASSESSMENT_NOT_APPLICABLE), ==, "not-applicable");
  g_assert_false (cm_assessment_from_string ("excellent", &level));
}

static void
test_timestamps (void)
{
  g_autoptr(GDateTime) time = cm_timestamp_parse ("2026-11-20T10:02:11Z");
  g_autofree char *text = NULL;

  g_assert_nonnull (time);
  text = cm_timestamp_format (time);
  g_assert_cmpstr (text, ==, "2026-11-20T10:02:11Z");
  g_assert_null (cm_timestamp_parse ("yesterday"));

  /* Early years are padded, so that they read back. */
  {
    g_autoptr(GDateTime) early = cm_timestamp_parse ("0026-11-26T13:57:14Z");
    g_autofree char *early_text = cm_timestamp_format (early);

    g_assert_cmpstr (early_text, ==, "0026-11-26T13:57:14Z");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/review/annotations/add-lookup-order", test_add_lookup_order);
  g_test_add_func ("/review/annotations/copy-equal", test_annotation_copy_equal);
  g_test_add_func ("/review/annotations/extensions-on-demand", test_annotation_extensions_on_demand);
  g_test_add_func ("/review/annotations/take-anchor", test_annotation_take_anchor);
  g_test_add_func ("/review/undo/add-edit-delete", test_undo_redo);
  g_test_add_func ("/review/undo/group", test_group);
  g_test_add_func ("/review/verdicts/set-clear-undo", test_verdicts);
  g_test_add_func ("/review/dirty", test_dirty);
  g_test_add_func ("/types/assessment-strings", test_assessment_strings);
  g_test_add_func ("/types/timestamps", test_timestamps);

  return g_test_run ();
}
