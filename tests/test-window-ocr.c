/* test-window-ocr.c: Recognize Text (OCR) driven through win.recognize-text: the scanned pages read, marked OCR, searched and tagged; screenshots. */
#include "config.h"

#include <string.h>

#include "cm-document-view.h"
#include "cm-gui-test-util.h"

static CmApplication *app;

static gboolean
tesseract_missing (void)
{
  g_autofree char *path = g_find_program_in_path ("tesseract");

  if (path == NULL)
    {
      g_test_skip ("tesseract is not installed (Debian: apt install tesseract-ocr tesseract-ocr-eng)");
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  CmWindow *window;
  char     *cache;
} Wait;

/* OCR done and the document read again, its scanned pages with text. */
static gboolean
ocr_text_shown (gpointer data)
{
  Wait *wait = data;
  CmTextIndex *index = cm_window_get_text_index (wait->window);

  return g_file_test (wait->cache, G_FILE_TEST_IS_REGULAR)
         && cm_window_get_state (wait->window) == CM_WINDOW_STATE_DOCUMENT
         && index != NULL && cm_text_index_page_is_ocr (index, 2);
}

static void
test_recognize_text (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dir = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *pdf = NULL;
  CmWindow *window;
  CmTextIndex *index;
  CmReview *review;
  CmAnnotation *annotation = NULL;
  GListModel *annotations;
  Wait wait = { NULL, NULL };

  if (cm_gui_skip_without_display () || tesseract_missing ())
    return;

  dir = cm_test_tmpdir_new ();
  fixture = cm_test_fixture_path ("mixed-scan.pdf");
  pdf = cm_test_copy_file (fixture, dir, "mixed.pdf");
  wait.cache = g_build_filename (dir, "mixed.clausemark-ocr.xml", NULL);
  window = cm_gui_open_window (pdf);
  wait.window = window;
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);

  /* Page 2 is a scan: nothing there to find until its text is recognized. */
  index = cm_window_get_text_index (window);
  g_assert_false (cm_text_index_page_has_text (index, 2));
  g_assert_false (cm_text_index_page_is_ocr (index, 2));
  {
    g_autoptr(GArray) matches = cm_text_index_find (index, "takes effect on passage", 2);

    g_assert_cmpuint (matches->len, ==, 0);
  }
  cm_gui_save_screenshot (GTK_WIDGET (window), "ocr-offer-light");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.recognize-text", NULL));
  g_assert_true (cm_gui_wait_until (ocr_text_shown, &wait, 120));

  index = cm_window_get_text_index (window);
  g_assert_false (cm_text_index_page_is_ocr (index, 1));
  g_assert_true (cm_text_index_page_has_text (index, 2));

  /* The recognized clause is tagged like any other (page 1 has the same
   * words in its text layer: the scan's are chosen). */
  {
    g_autoptr(GArray) matches = cm_text_index_find (index, "This ordinance takes effect on passage", 2);
    CmTextMatch *match;

    g_assert_cmpuint (matches->len, ==, 1);
    match = &g_array_index (matches, CmTextMatch, 0);
    cm_document_view_select_range (cm_window_get_document_view (window), match->start, match->end);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-selection", "(sss)",
                                               "detain.no-detainer-holds", "weak", "From the scan"));
  }
  review = cm_window_get_review (window);
  annotations = cm_review_get_annotations (review);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) candidate = g_list_model_get_item (annotations, i);

      if (g_strcmp0 (cm_annotation_get_note (candidate), "From the scan") == 0)
        annotation = candidate;
    }
  g_assert_nonnull (annotation);
  g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (annotation)), ==, 2);
  g_assert_cmpstr (cm_anchor_get_exact (cm_annotation_get_anchor (annotation)), ==,
                   "This ordinance takes effect on passage");

  /* The scanned page shows its OCR mark. */
  cm_document_view_set_page (cm_window_get_document_view (window), 2);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cm_gui_save_screenshot (GTK_WIDGET (window), "ocr-page-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  cm_gui_save_screenshot (GTK_WIDGET (window), "ocr-page-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  cm_gui_destroy_window (window);
  g_free (wait.cache);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A PDF with a text layer everywhere has nothing to recognize. */
static void
test_nothing_to_recognize (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *cache = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  cache = g_build_filename (dir, "ordinance.clausemark-ocr.xml", NULL);
  window = cm_gui_open_window (pdf);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.recognize-text", NULL));
  cm_gui_spin (300);
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_gui_test_init (&argc, &argv);

  g_test_add_func ("/window/ocr/recognize-text", test_recognize_text);
  g_test_add_func ("/window/ocr/nothing-to-recognize", test_nothing_to_recognize);

  return cm_gui_test_run ();
}
