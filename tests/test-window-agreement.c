/* test-window-agreement.c: Compare with Another Reviewer… driven through win.compare-reviewer-from: disagreements, kappa, errors, screenshots. */
#include "config.h"

#include <string.h>

#include "cm-agreement-window.h"
#include "cm-checklist-panel.h"
#include "cm-gui-test-util.h"

static CmApplication *app;

static void
set_verdict (CmReview     *review,
             const char   *item_id,
             CmAssessment  assessment,
             const char   *author,
             const char   *rationale)
{
  g_autoptr(CmVerdict) verdict = cm_verdict_new (item_id, assessment, author);

  if (rationale != NULL)
    cm_verdict_set_rationale (verdict, rationale);
  cm_review_set_verdict (review, verdict);
}

/* The window's reviewer judges four items, as one would from the panel. */
static void
set_our_verdicts (CmWindow *window)
{
  CmReview *review = cm_window_get_review (window);
  g_autofree char *author = cm_application_dup_author (app, NULL);

  set_verdict (review, "info.no-status-sharing", CM_ASSESSMENT_WEAK, author,
               "A savings clause lets officers share status when federal law asks.");
  set_verdict (review, "detain.no-detainer-holds", CM_ASSESSMENT_STRONG, author,
               "Detainers alone never justify holding anyone.");
  set_verdict (review, "detain.judicial-warrant", CM_ASSESSMENT_PARTIAL, author,
               "A judicial warrant is required, but only for holds past release.");
  set_verdict (review, "coop.no-287g", CM_ASSESSMENT_STRONG, author, NULL);
}

/* A second reviewer's sidecar of the same PDF, written through the store
 * plugin: agrees on two items, differs on two, adds one. With our four:
 * 27 of 30 agree; expected (2·2 + 1·1 + 26·26) / 900 = 0.7567, kappa
 * (0.9 - 0.7567) / (1 - 0.7567) = 0.589. */
static char *
write_their_review (CmWindow   *window,
                    const char *dir,
                    const char *sha256,
                    gboolean    disagree)
{
  CmReview *ours = cm_window_get_review (window);
  g_autoptr(CmStore) store = cm_test_get_store ();
  g_autoptr(CmReview) theirs = cm_review_new ();
  g_autofree char *path = g_build_filename (dir, "ben.clausemark.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  cm_review_set_document (theirs, cm_review_get_document_file (ours),
                          sha256 != NULL ? sha256 : cm_review_get_document_sha256 (ours),
                          cm_review_get_document_pdf_id (ours), cm_review_get_document_pages (ours));
  cm_review_set_checklist (theirs, cm_review_get_checklist_id (ours), cm_review_get_checklist_version (ours));
  set_verdict (theirs, "detain.no-detainer-holds", CM_ASSESSMENT_STRONG, "Ben Ortiz", NULL);
  set_verdict (theirs, "coop.no-287g", CM_ASSESSMENT_STRONG, "Ben Ortiz", "Flat ban on 287(g).");
  if (disagree)
    {
      set_verdict (theirs, "detain.judicial-warrant", CM_ASSESSMENT_WEAK, "Ben Ortiz",
                   "Administrative warrants are still honoured for transfers.");
      set_verdict (theirs, "detain.no-transfers", CM_ASSESSMENT_HARMFUL, "Ben Ortiz",
                   "Section 4 orders transfers to ICE on request.");
    }
  else
    {
      set_verdict (theirs, "info.no-status-sharing", CM_ASSESSMENT_WEAK, "Ben Ortiz", NULL);
      set_verdict (theirs, "detain.judicial-warrant", CM_ASSESSMENT_PARTIAL, "Ben Ortiz", NULL);
    }
  g_assert_true (cm_store_save (store, theirs, file, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static CmAgreementWindow *
compare_with (CmWindow   *window,
              const char *path)
{
  GtkWidget *agreement;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-reviewer-from", "s", path));
  cm_gui_spin (200);
  agreement = cm_gui_find_toplevel (CM_TYPE_AGREEMENT_WINDOW);
  return agreement != NULL ? CM_AGREEMENT_WINDOW (agreement) : NULL;
}

static CmWindow *
open_reviewed_window (char **dir_out)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *pdf = cm_gui_copy_sample (dir);
  CmWindow *window = cm_gui_open_window (pdf);

  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  set_our_verdicts (window);
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  *dir_out = g_steal_pointer (&dir);
  return window;
}

static void
test_disagreements (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dir = NULL;
  g_autofree char *theirs = NULL;
  const char * const expected[] = { "info.no-status-sharing", "detain.judicial-warrant", "detain.no-transfers" };
  CmAgreementWindow *agreement;
  CmWindow *window;
  GtkWidget *panel;
  GtkWidget *list;
  GtkListBoxRow *row;

  if (cm_gui_skip_without_display ())
    return;

  window = open_reviewed_window (&dir);
  theirs = write_their_review (window, dir, NULL, TRUE);
  agreement = compare_with (window, theirs);
  g_assert_nonnull (agreement);
  gtk_window_set_default_size (GTK_WINDOW (agreement), 760, 900);

  g_assert_false (cm_agreement_window_get_pdf_mismatch (agreement));
  g_assert_cmpstr (cm_agreement_window_get_summary (agreement), ==, "27 of 30 items agree");
  g_assert_cmpstr (cm_agreement_window_get_kappa_text (agreement), ==, "Cohen’s kappa 0.59 — Moderate agreement");
  g_assert_cmpfloat_with_epsilon (cm_agreement_get_kappa (cm_agreement_window_get_agreement (agreement)),
                                  (0.9 - 681.0 / 900) / (1 - 681.0 / 900), 1e-9);
  g_assert_cmpuint (cm_agreement_window_get_n_rows (agreement), ==, G_N_ELEMENTS (expected));
  cm_gui_assert_all_named (GTK_WIDGET (agreement), "the agreement window");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (cm_agreement_window_get_row_item_id (agreement, i), ==, expected[i]);
  g_assert_cmpstr (cm_agreement_get_authors_b (cm_agreement_window_get_agreement (agreement))[0], ==, "Ben Ortiz");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cm_gui_save_screenshot (GTK_WIDGET (agreement), "agreement-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  cm_gui_save_screenshot (GTK_WIDGET (agreement), "agreement-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Activating a disagreement opens its item in the window's checklist. */
  list = cm_gui_find_descendant (GTK_WIDGET (agreement), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  g_assert_cmpstr (cm_checklist_panel_get_shown_item (CM_CHECKLIST_PANEL (panel)), ==, "detain.judicial-warrant");

  /* A verdict changed here updates the comparison. */
  {
    g_autofree char *author = cm_application_dup_author (app, NULL);

    set_verdict (cm_window_get_review (window), "detain.judicial-warrant", CM_ASSESSMENT_WEAK, author, NULL);
  }
  g_assert_cmpuint (cm_agreement_window_get_n_rows (agreement), ==, 2);
  g_assert_cmpstr (cm_agreement_window_get_summary (agreement), ==, "28 of 30 items agree");

  gtk_window_destroy (GTK_WINDOW (agreement));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_full_agreement (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dir = NULL;
  g_autofree char *theirs = NULL;
  CmAgreementWindow *agreement;
  CmWindow *window;
  GtkWidget *status;

  if (cm_gui_skip_without_display ())
    return;

  window = open_reviewed_window (&dir);
  theirs = write_their_review (window, dir, NULL, FALSE);
  agreement = compare_with (window, theirs);
  g_assert_nonnull (agreement);

  g_assert_cmpuint (cm_agreement_window_get_n_rows (agreement), ==, 0);
  g_assert_cmpstr (cm_agreement_window_get_summary (agreement), ==, "30 of 30 items agree");
  g_assert_cmpstr (cm_agreement_window_get_kappa_text (agreement), ==, "Cohen’s kappa 1.00 — Almost perfect agreement");
  status = cm_gui_find_descendant (GTK_WIDGET (agreement), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cm_gui_save_screenshot (GTK_WIDGET (agreement), "agreement-full-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (agreement));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A review of another version of the PDF is compared, with a warning. */
static void
test_pdf_mismatch (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dir = NULL;
  g_autofree char *theirs = NULL;
  CmAgreementWindow *agreement;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = open_reviewed_window (&dir);
  g_assert_nonnull (cm_review_get_document_sha256 (cm_window_get_review (window)));
  theirs = write_their_review (window, dir, "0000000000000000000000000000000000000000000000000000000000000000", TRUE);
  agreement = compare_with (window, theirs);
  g_assert_nonnull (agreement);
  g_assert_true (cm_agreement_window_get_pdf_mismatch (agreement));
  g_assert_cmpuint (cm_agreement_window_get_n_rows (agreement), ==, 3);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cm_gui_save_screenshot (GTK_WIDGET (agreement), "agreement-mismatch-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (agreement));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Files that are not reviews are refused with a message, no window opens
 * and the review stays as it was. */
static void
test_not_a_review (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *hostile = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *empty = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = open_reviewed_window (&dir);
  missing = g_build_filename (dir, "nobody.clausemark.xml", NULL);
  empty = g_build_filename (dir, "empty.clausemark.xml", NULL);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_null (compare_with (window, missing));
  g_assert_null (compare_with (window, empty));
  /* The window's own PDF is no review either. */
  g_assert_null (compare_with (window, g_file_peek_path (cm_window_get_file (window))));

  hostile = cm_test_corpus_path ("xml/defusedxml__cyclic.xml");
  foreign = cm_test_corpus_path ("foreign/okular__file1-docdata.xml");
  if (hostile != NULL)
    g_assert_null (compare_with (window, hostile));
  if (foreign != NULL)
    g_assert_null (compare_with (window, foreign));

  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  g_assert_nonnull (cm_review_lookup_verdict (cm_window_get_review (window), "coop.no-287g"));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_gui_test_init (&argc, &argv);

  g_test_add_func ("/window/agreement/disagreements", test_disagreements);
  g_test_add_func ("/window/agreement/full", test_full_agreement);
  g_test_add_func ("/window/agreement/pdf-mismatch", test_pdf_mismatch);
  g_test_add_func ("/window/agreement/not-a-review", test_not_a_review);

  return cm_gui_test_run ();
}
