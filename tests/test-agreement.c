/* test-agreement.c: agreement between two reviewers' verdicts: rows, disagreements, Cohen's kappa and its reading. */
#include <math.h>
#include <string.h>

#include "cm-test-util.h"

/* A checklist of N_ITEMS items item.0 … item.N-1 in one category. */
static CmChecklist *
make_checklist (guint n_items)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CmChecklist *checklist;

  g_string_append (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<checklist xmlns=\"urn:clausemark:checklist:1\" id=\"agree\" version=\"1\">\n"
                   "  <title>Agreement</title>\n"
                   "  <assessment-scale>\n"
                   "    <level value=\"strong\">S.</level>\n"
                   "    <level value=\"partial\">P.</level>\n"
                   "    <level value=\"weak\">W.</level>\n"
                   "    <level value=\"absent\">A.</level>\n"
                   "    <level value=\"harmful\">H.</level>\n"
                   "    <level value=\"not-applicable\">N.</level>\n"
                   "  </assessment-scale>\n"
                   "  <category id=\"item\"><title>Items</title>\n");
  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (xml,
                            "    <item id=\"item.%u\"><title>Item %u</title>\n"
                            "      <question>Q?</question><guidance>G</guidance></item>\n", i, i);
  g_string_append (xml, "  </category>\n</checklist>\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&xml));
  checklist = cm_checklist_new_for_bytes (bytes, "agree.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_checklist_get_n_items (checklist), ==, n_items);
  return checklist;
}

/* A review with verdicts from LEVELS, one character per item: S(trong),
 * P(artial), W(eak), A(bsent), H(armful), N(ot applicable), or '-' for no
 * verdict. */
static CmReview *
make_review (const char *levels,
             const char *author)
{
  CmReview *review = cm_review_new ();

  for (guint i = 0; levels[i] != '\0'; i++)
    {
      g_autofree char *id = g_strdup_printf ("item.%u", i);
      g_autoptr(CmVerdict) verdict = NULL;
      CmAssessment assessment;

      switch (levels[i])
        {
        case 'S': assessment = CM_ASSESSMENT_STRONG; break;
        case 'P': assessment = CM_ASSESSMENT_PARTIAL; break;
        case 'W': assessment = CM_ASSESSMENT_WEAK; break;
        case 'A': assessment = CM_ASSESSMENT_ABSENT; break;
        case 'H': assessment = CM_ASSESSMENT_HARMFUL; break;
        case 'N': assessment = CM_ASSESSMENT_NOT_APPLICABLE; break;
        case '-': continue;
        default: g_assert_not_reached ();
        }
      verdict = cm_verdict_new (id, assessment, author);
      cm_review_set_verdict (review, verdict);
    }
  return review;
}

static CmAgreement *
agreement_for (const char *levels_a,
               const char *levels_b)
{
  g_autoptr(CmChecklist) checklist = make_checklist ((guint) strlen (levels_a));
  g_autoptr(CmReview) a = make_review (levels_a, "Ana Ruiz");
  g_autoptr(CmReview) b = make_review (levels_b, "Ben Ortiz");

  g_assert_cmpuint (strlen (levels_a), ==, strlen (levels_b));
  return cm_agreement_new (checklist, a, b);
}

static void
assert_disagreements (CmAgreement        *agreement,
                      const char * const *expected_ids)
{
  g_autoptr(GPtrArray) disagreements = cm_agreement_dup_disagreements (agreement);

  g_assert_cmpuint (disagreements->len, ==, g_strv_length ((char **) expected_ids));
  for (guint i = 0; i < disagreements->len; i++)
    {
      const CmAgreementRow *row = g_ptr_array_index (disagreements, i);

      g_assert_cmpstr (cm_checklist_item_get_id (row->item), ==, expected_ids[i]);
      g_assert_false (row->agrees);
      g_assert_cmpint (row->assessment_a, !=, row->assessment_b);
    }
}

/* Worked by hand over ten items:
 *   A: S S S S S W W W - -      (no verdict counts as Absent)
 *   B: S S S S W W S W A H
 * Agreement on items 0–3, 5, 7, 8: observed 7/10 = 0.70.
 * A used S 5, W 3, Absent 2; B used S 5, W 3, Absent 1, H 1:
 * expected = .5·.5 + .3·.3 + .2·.1 = 0.36; kappa = .34 / .64 = 0.53125. */
static void
test_kappa_by_hand (void)
{
  g_autoptr(CmAgreement) agreement = agreement_for ("SSSSSWWW--", "SSSSWWSWAH");
  const char * const disagreeing[] = { "item.4", "item.6", "item.9", NULL };
  GPtrArray *rows = cm_agreement_get_rows (agreement);
  const CmAgreementRow *row;

  g_assert_cmpuint (cm_agreement_get_n_items (agreement), ==, 10);
  g_assert_cmpuint (rows->len, ==, 10);
  g_assert_cmpuint (cm_agreement_get_n_agreeing (agreement), ==, 7);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_observed (agreement), 0.70, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_expected (agreement), 0.36, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (agreement), 0.53125, 1e-12);
  g_assert_cmpint (cm_kappa_band_for_kappa (cm_agreement_get_kappa (agreement)), ==, CM_KAPPA_MODERATE);
  assert_disagreements (agreement, disagreeing);

  /* Rows keep checklist order and say where a verdict was missing. */
  row = g_ptr_array_index (rows, 8);
  g_assert_cmpstr (cm_checklist_item_get_id (row->item), ==, "item.8");
  g_assert_null (row->verdict_a);
  g_assert_nonnull (row->verdict_b);
  g_assert_cmpint (row->assessment_a, ==, CM_ASSESSMENT_ABSENT);
  g_assert_cmpint (row->assessment_b, ==, CM_ASSESSMENT_ABSENT);
  g_assert_true (row->agrees);
  row = g_ptr_array_index (rows, 9);
  g_assert_cmpint (row->assessment_a, ==, CM_ASSESSMENT_ABSENT);
  g_assert_cmpint (row->assessment_b, ==, CM_ASSESSMENT_HARMFUL);
  g_assert_cmpstr (cm_verdict_get_author (row->verdict_b), ==, "Ben Ortiz");
}

/* The textbook example (Cohen 1960, as on Wikipedia's "Cohen's kappa"):
 * 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15. Observed 0.70,
 * expected .5·.6 + .5·.4 = 0.50, kappa 0.40: "fair", on the band's edge. */
static void
test_kappa_textbook (void)
{
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);
  g_autoptr(CmAgreement) agreement = NULL;

  g_string_append (a, "SSSSSSSSSSSSSSSSSSSS" "SSSSS" "WWWWWWWWWW" "WWWWWWWWWWWWWWW");
  g_string_append (b, "SSSSSSSSSSSSSSSSSSSS" "WWWWW" "SSSSSSSSSS" "WWWWWWWWWWWWWWW");
  agreement = agreement_for (a->str, b->str);

  g_assert_cmpuint (cm_agreement_get_n_items (agreement), ==, 50);
  g_assert_cmpuint (cm_agreement_get_n_agreeing (agreement), ==, 35);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_observed (agreement), 0.70, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_expected (agreement), 0.50, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (agreement), 0.40, 1e-12);
  g_assert_cmpint (cm_kappa_band_for_kappa (cm_agreement_get_kappa (agreement)), ==, CM_KAPPA_FAIR);
}

/* Opposite verdicts on two items: observed 0, expected .5, kappa -1. */
static void
test_kappa_worse_than_chance (void)
{
  g_autoptr(CmAgreement) agreement = agreement_for ("SW", "WS");
  const char * const disagreeing[] = { "item.0", "item.1", NULL };

  g_assert_cmpuint (cm_agreement_get_n_agreeing (agreement), ==, 0);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (agreement), -1.0, 1e-12);
  g_assert_cmpint (cm_kappa_band_for_kappa (cm_agreement_get_kappa (agreement)), ==, CM_KAPPA_POOR);
  assert_disagreements (agreement, disagreeing);
}

static void
test_all_agree (void)
{
  g_autoptr(CmAgreement) agreement = agreement_for ("SPWAHN", "SPWAHN");
  const char * const none[] = { NULL };

  g_assert_cmpuint (cm_agreement_get_n_agreeing (agreement), ==, 6);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_observed (agreement), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_expected (agreement), 1.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (agreement), 1.0, 1e-12);
  g_assert_cmpint (cm_kappa_band_for_kappa (cm_agreement_get_kappa (agreement)), ==, CM_KAPPA_ALMOST_PERFECT);
  assert_disagreements (agreement, none);
}

/* Two reviews without verdicts agree on everything (all Absent) and chance
 * explains it all: the 0/0 kappa is read as full agreement, never NaN. */
static void
test_no_verdicts (void)
{
  g_autoptr(CmAgreement) agreement = agreement_for ("----", "----");
  const char * const none[] = { NULL };

  g_assert_cmpuint (cm_agreement_get_n_agreeing (agreement), ==, 4);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_expected (agreement), 1.0, 1e-12);
  g_assert_false (isnan (cm_agreement_get_kappa (agreement)));
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (agreement), 1.0, 1e-12);
  g_assert_cmpuint (g_strv_length ((char **) cm_agreement_get_authors_a (agreement)), ==, 0);
  assert_disagreements (agreement, none);
}

/* Both used one level for every item, and not the default: kappa 1 too.
 * An explicit Absent and a missing verdict are the same level. */
static void
test_degenerate_one_level (void)
{
  g_autoptr(CmAgreement) same = agreement_for ("HHH", "HHH");
  g_autoptr(CmAgreement) absent = agreement_for ("AAA", "---");

  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (same), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (absent), 1.0, 1e-12);
  g_assert_cmpuint (cm_agreement_get_n_agreeing (absent), ==, 3);
}

/* One reviewer left everything at the default, the other judged one item
 * of ten: 90% agree, yet no better than chance (expected 1·.9 = .9). */
static void
test_degenerate_one_side (void)
{
  g_autoptr(CmAgreement) agreement = agreement_for ("----------", "-----S----");
  const char * const disagreeing[] = { "item.5", NULL };

  g_assert_cmpfloat_with_epsilon (cm_agreement_get_observed (agreement), 0.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_expected (agreement), 0.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (agreement), 0.0, 1e-12);
  g_assert_cmpint (cm_kappa_band_for_kappa (cm_agreement_get_kappa (agreement)), ==, CM_KAPPA_SLIGHT);
  assert_disagreements (agreement, disagreeing);
}

/* Verdicts on items the checklist lacks are left out; a verdict without
 * a level counts as Absent. */
static void
test_outside_items (void)
{
  g_autoptr(CmChecklist) checklist = make_checklist (2);
  g_autoptr(CmReview) a = make_review ("SS", "Ana Ruiz");
  g_autoptr(CmReview) b = make_review ("S-", "Ben Ortiz");
  g_autoptr(CmVerdict) stray = cm_verdict_new ("elsewhere.item", CM_ASSESSMENT_HARMFUL, "Ben Ortiz");
  g_autoptr(CmVerdict) unassessed = cm_verdict_new ("item.1", CM_ASSESSMENT_NONE, "Ben Ortiz");
  g_autoptr(CmAgreement) agreement = NULL;
  const CmAgreementRow *row;

  cm_review_set_verdict (b, stray);
  cm_review_set_verdict (b, unassessed);
  agreement = cm_agreement_new (checklist, a, b);
  g_assert_cmpuint (cm_agreement_get_n_items (agreement), ==, 2);
  row = g_ptr_array_index (cm_agreement_get_rows (agreement), 1);
  g_assert_nonnull (row->verdict_b);
  g_assert_cmpint (row->assessment_b, ==, CM_ASSESSMENT_ABSENT);
  g_assert_false (row->agrees);
}

/* Authors come from verdicts and annotations, sorted, once each. */
static void
test_authors (void)
{
  g_autoptr(CmChecklist) checklist = make_checklist (3);
  g_autoptr(CmReview) a = make_review ("SSS", "Ana Ruiz");
  g_autoptr(CmReview) b = make_review ("S--", "Ben Ortiz");
  g_autoptr(CmVerdict) other = cm_verdict_new ("item.1", CM_ASSESSMENT_WEAK, "Ada Lin");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CmAnnotation) note = cm_annotation_new ("n1", "Cy Park", now);
  g_autoptr(CmAgreement) agreement = NULL;
  const char * const *authors;

  cm_review_set_verdict (b, other);
  cm_review_add_annotation (b, note);
  agreement = cm_agreement_new (checklist, a, b);
  authors = cm_agreement_get_authors_a (agreement);
  g_assert_cmpuint (g_strv_length ((char **) authors), ==, 1);
  g_assert_cmpstr (authors[0], ==, "Ana Ruiz");
  authors = cm_agreement_get_authors_b (agreement);
  g_assert_cmpuint (g_strv_length ((char **) authors), ==, 3);
  g_assert_cmpstr (authors[0], ==, "Ada Lin");
  g_assert_cmpstr (authors[1], ==, "Ben Ortiz");
  g_assert_cmpstr (authors[2], ==, "Cy Park");
}

/* Kappa is read as printed to two decimals, on Landis and Koch's scale. */
static void
test_bands (void)
{
  g_assert_cmpint (cm_kappa_band_for_kappa (-0.05), ==, CM_KAPPA_POOR);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.0), ==, CM_KAPPA_SLIGHT);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.2049), ==, CM_KAPPA_SLIGHT);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.21), ==, CM_KAPPA_FAIR);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.40), ==, CM_KAPPA_FAIR);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.41), ==, CM_KAPPA_MODERATE);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.60), ==, CM_KAPPA_MODERATE);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.61), ==, CM_KAPPA_SUBSTANTIAL);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.80), ==, CM_KAPPA_SUBSTANTIAL);
  g_assert_cmpint (cm_kappa_band_for_kappa (0.81), ==, CM_KAPPA_ALMOST_PERFECT);
  g_assert_cmpint (cm_kappa_band_for_kappa (1.0), ==, CM_KAPPA_ALMOST_PERFECT);
  g_assert_cmpstr (cm_kappa_band_get_label (CM_KAPPA_MODERATE), ==, "Moderate agreement");
}

/* The bundled checklist, as `clausemark-cli agreement` uses it: the same
 * figures test-merge checks through the command (29 of 30, kappa 0.818). */
static void
test_default_checklist (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (&error);
  g_autoptr(CmReview) a = cm_review_new ();
  g_autoptr(CmReview) b = cm_review_new ();
  g_autoptr(CmAgreement) agreement = NULL;
  const char *items[] = { "info.no-status-sharing", "detain.no-detainer-holds", "coop.no-287g" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(CmVerdict) va = cm_verdict_new (items[i], CM_ASSESSMENT_STRONG, "Ana");
      g_autoptr(CmVerdict) vb = cm_verdict_new (items[i], i == 2 ? CM_ASSESSMENT_WEAK : CM_ASSESSMENT_STRONG, "Ben");

      cm_review_set_verdict (a, va);
      cm_review_set_verdict (b, vb);
    }
  agreement = cm_agreement_new (checklist, a, b);
  g_assert_cmpuint (cm_agreement_get_n_items (agreement), ==, 30);
  g_assert_cmpuint (cm_agreement_get_n_agreeing (agreement), ==, 29);
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (agreement), 0.15 / (0.55 / 3), 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/kappa/by-hand", test_kappa_by_hand);
  g_test_add_func ("/agreement/kappa/textbook", test_kappa_textbook);
  g_test_add_func ("/agreement/kappa/worse-than-chance", test_kappa_worse_than_chance);
  g_test_add_func ("/agreement/all-agree", test_all_agree);
  g_test_add_func ("/agreement/no-verdicts", test_no_verdicts);
  g_test_add_func ("/agreement/degenerate/one-level", test_degenerate_one_level);
  g_test_add_func ("/agreement/degenerate/one-side", test_degenerate_one_side);
  g_test_add_func ("/agreement/outside-items", test_outside_items);
  g_test_add_func ("/agreement/authors", test_authors);
  g_test_add_func ("/agreement/bands", test_bands);
  g_test_add_func ("/agreement/default-checklist", test_default_checklist);

  return g_test_run ();
}
