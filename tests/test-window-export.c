/* test-window-export.c: drives the window's Export… and Import XFDF… through their actions, and screenshots the dialog. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cm-application.h"
#include "cm-checklist-panel.h"
#include "cm-compare-window.h"
#include "cm-export.h"
#include "cm-gui-test-util.h"
#include "cm-test-util.h"
#include "cm-window.h"

static CmApplication *app;
static gboolean have_display;














/* A window with two tags, on a copy of the sample in a new folder. */
static CmWindow *
open_tagged_window (char **dir_out)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *pdf = cm_gui_copy_sample (dir);
  CmWindow *window = cm_gui_open_window (pdf);

  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "Flat ban on detainer holds.");
  cm_gui_tag (window, "based upon an administrative warrant", "detain.judicial-warrant", "partial", "");
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 2);
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  *dir_out = g_steal_pointer (&dir);
  return window;
}

typedef struct
{
  CmWindow *window;
  GFile    *target;
} ExportWait;

static gboolean
export_done (gpointer data)
{
  ExportWait *wait = data;

  return g_file_query_exists (wait->target, NULL)
         && !cm_window_is_exporting (wait->window);
}

static char *
export_to (CmWindow   *window,
           const char *dir,
           const char *format,
           const char *extension)
{
  g_autofree char *name = g_strdup_printf ("export-%s.%s", format, extension);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  ExportWait wait = { window, target };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-to", "(ss)", format, path));
  g_assert_true (cm_gui_wait_until (export_done, &wait, CM_GUI_WAIT_TIMEOUT_S));
  return path;
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* Every enabled exporter writes its file from the window, on its thread,
 * and the file starts as its format does. */
static void
test_export_every_format (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  exporters = cm_plugin_engine_create_exporters (cm_plugin_engine_get_default ());
  g_assert_nonnull (exporters);
  g_assert_cmpuint (exporters->len, >=, 5);

  for (guint i = 0; i < exporters->len; i++)
    {
      CmExporter *exporter = g_ptr_array_index (exporters, i);
      const char *id = cm_exporter_get_id (exporter);
      const char *extension = cm_exporter_get_extension (exporter);
      g_autofree char *path = export_to (window, dir, id, extension);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_test_message ("exported %s to %s", id, path);
      contents = read_file (path, &length);
      g_assert_cmpuint (length, >, 0);
      if (g_str_equal (extension, "pdf"))
        g_assert_true (g_str_has_prefix (contents, "%PDF-"));
      else if (g_str_equal (extension, "json"))
        {
          g_assert_true (g_str_has_prefix (contents, "{"));
          g_assert_nonnull (strstr (contents, "detain.no-detainer-holds"));
        }
      else if (g_str_equal (extension, "xfdf"))
        {
          g_assert_true (g_str_has_prefix (contents, "<?xml"));
          g_assert_nonnull (strstr (contents, "<xfdf"));
        }
      else if (g_str_equal (extension, "html"))
        g_assert_nonnull (strstr (contents, "detain.no-detainer-holds"));
      else if (g_str_equal (extension, "csv"))
        g_assert_nonnull (strstr (contents, "detain.judicial-warrant"));
    }
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* An export to a folder that does not exist fails, writes nothing, and lets
 * the user export again. */
static void
test_export_failure (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  path = g_build_filename (dir, "missing-folder", "out.json", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-to", "(ss)", "json", path));
  g_assert_true (cm_window_is_exporting (window));
  while (cm_window_is_exporting (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  cm_gui_save_screenshot (GTK_WIDGET (window), "export-failed");
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* An export never replaces the PDF under review. */
static void
test_export_not_over_pdf (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *pdf;
  gsize before_length = 0, after_length = 0;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  pdf = g_file_peek_path (cm_window_get_file (window));
  before = read_file (pdf, &before_length);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-to", "(ss)", "annotated-pdf", pdf));
  g_assert_false (cm_window_is_exporting (window));
  cm_gui_spin (200);
  after = read_file (pdf, &after_length);
  g_assert_cmpmem (before, before_length, after, after_length);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* What one window exports as XFDF, another review of the same PDF imports:
 * the tags arrive with their items, in one undo step, and are autosaved. */
static void
test_import_xfdf (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *xfdf = NULL;
  g_autofree char *other_dir = NULL;
  g_autofree char *other_pdf = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmReview) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GFile) xfdf_file = NULL;
  CmWindow *window;
  CmReview *review;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  xfdf = export_to (window, dir, "xfdf", "xfdf");
  xfdf_file = g_file_new_for_path (xfdf);
  cm_gui_destroy_window (window);

  other_dir = cm_test_tmpdir_new ();
  other_pdf = cm_gui_copy_sample (other_dir);
  window = cm_gui_open_window (other_pdf);
  review = cm_window_get_review (window);
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);

  /* Dropped on the window, the file is imported (and taken back by Undo). */
  g_assert_true (cm_gui_drop_files (GTK_WIDGET (window), (GFile *[]) { xfdf_file }, 1));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 2);
  g_assert_nonnull (cm_gui_find_label (GTK_WIDGET (window), _("Imported 2 annotations")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-xfdf-from", "s", xfdf));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 2);
  evidence = cm_review_get_evidence (review, "detain.no-detainer-holds");
  g_assert_cmpuint (evidence->len, ==, 1);
  cm_gui_save_screenshot (GTK_WIDGET (window), "import-xfdf");

  /* One undo step takes the whole import back, and redo brings it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 2);

  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_SAVED);
  store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &error);
  g_assert_no_error (error);
  saved = cm_store_load (store, cm_window_get_sidecar_file (window), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_review_get_n_annotations (saved), ==, 2);

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
  cm_test_tmpdir_free (g_steal_pointer (&other_dir));
}

/* A file that is not XFDF changes nothing. */
static void
test_import_not_xfdf (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *bogus = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  bogus = g_build_filename (dir, "bogus.xfdf", NULL);
  g_assert_true (g_file_set_contents (bogus, "this is not XML", -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-xfdf-from", "s", bogus));
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 2);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
is_widget_named (GtkWidget     *widget,
                 gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* In the format dialog, Enter on a format reached with the arrows chooses
 * that format and lets Enter go on to the default response, Export. */
static void
test_export_dialog_enter (void)
{
  g_autofree char *dir = NULL;
  CmWindow *window;
  GtkWidget *dialog, *list, *row;
  GtkEventController *keys;
  gboolean handled = TRUE;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  cm_gui_spin (100);
  dialog = cm_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  cm_gui_assert_all_named (dialog, "the export dialog");
  list = cm_gui_find_descendant (dialog, GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  row = cm_gui_find_matching (list, is_widget_named, "csv");
  g_assert_nonnull (row);
  g_assert_false (g_str_equal (cm_exporter_get_id (cm_export_dialog_get_exporter (dialog)), "csv"));
  keys = cm_gui_get_capture_key_controller (list);
  g_assert_nonnull (keys);

  g_assert_true (gtk_widget_grab_focus (row));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 0, (GdkModifierType) 0, &handled);
  g_assert_false (handled);
  g_assert_cmpstr (cm_exporter_get_id (cm_export_dialog_get_exporter (dialog)), ==, "csv");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  cm_gui_spin (200);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The format dialog, light and dark, and the toast after an export. */
static void
test_export_screenshots (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  CmWindow *window;
  GtkWidget *dialog;
  GtkWidget *chooser;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
      cm_gui_spin (100);
      dialog = cm_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (dialog);
      cm_gui_save_screenshot (dialog, dark ? "export-dialog-dark" : "export-dialog-light");
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      cm_gui_spin (300);
    }

  /* Export… then asks where, proposing a name beside the PDF that is not
   * the PDF's own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  cm_gui_spin (100);
  dialog = cm_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "export");
  cm_gui_spin (300);
  chooser = cm_gui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  if (chooser != NULL)
    {
      g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) pdf_folder = g_file_get_parent (cm_window_get_file (window));

      g_assert_cmpstr (name, ==, "ordinance-annotated.pdf");
      g_assert_true (g_file_equal (folder, pdf_folder));
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      cm_gui_spin (200);
    }
  else
    g_test_message ("no in-process file chooser (a portal answers): name not checked");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  path = export_to (window, dir, "html", "html");
  cm_gui_save_screenshot (GTK_WIDGET (window), "exported-toast");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}


/* A tag made in the window records the section its clause falls in, the
 * sidecar keeps it, and the item's evidence shows it. */
static void
test_tag_records_section (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmReview) saved = NULL;
  g_autoptr(GError) error = NULL;
  CmAnnotation *annotation;
  GtkWidget *panel;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  evidence = cm_review_get_evidence (cm_window_get_review (window), "detain.no-detainer-holds");
  g_assert_cmpuint (evidence->len, ==, 1);
  annotation = g_ptr_array_index (evidence, 0);
  g_test_message ("section: %s", cm_annotation_get_section (annotation));
  g_assert_nonnull (cm_annotation_get_section (annotation));
  g_assert_true (g_str_has_prefix (cm_annotation_get_section (annotation), "Sec. 2-173-"));

  store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &error);
  g_assert_no_error (error);
  saved = cm_store_load (store, cm_window_get_sidecar_file (window), NULL, &error);
  g_assert_no_error (error);
  annotation = cm_review_lookup_annotation (saved, cm_annotation_get_id (annotation));
  g_assert_nonnull (annotation);
  g_assert_true (g_str_has_prefix (cm_annotation_get_section (annotation), "Sec. 2-173-"));

  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  g_assert_nonnull (panel);
  cm_checklist_panel_show_item (CM_CHECKLIST_PANEL (panel), "detain.no-detainer-holds");
  cm_gui_save_screenshot (GTK_WIDGET (window), "evidence-section");
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
has_suggestions (gpointer data)
{
  GPtrArray *suggestions = cm_window_get_suggestions (CM_WINDOW (data));

  return suggestions != NULL && suggestions->len > 0;
}

static gboolean
contains_suggestion (CmWindow           *window,
                     const CmSuggestion *wanted)
{
  GPtrArray *suggestions = cm_window_get_suggestions (window);

  for (guint i = 0; suggestions != NULL && i < suggestions->len; i++)
    {
      const CmSuggestion *suggestion = g_ptr_array_index (suggestions, i);

      if (g_str_equal (cm_suggestion_get_item_id (suggestion), cm_suggestion_get_item_id (wanted))
          && cm_suggestion_get_start (suggestion) == cm_suggestion_get_start (wanted))
        return TRUE;
    }
  return FALSE;
}

/* Suggestions appear once the text is indexed; accepting one tags its
 * clause (with its section); a dismissed one stays dismissed after the
 * window is closed and the PDF opened again; the menu toggle hides them. */
static void
test_suggestions (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(CmSuggestion) accepted = NULL;
  g_autoptr(CmSuggestion) dismissed = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  CmWindow *window;
  GtkWidget *panel;
  CmAnnotation *annotation;
  guint n_before;
  gboolean shown = TRUE;
  guint start = 0, end = 0;
  GtkWidget *menu_button;

  if (cm_gui_skip_without_display ())
    return;

  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  window = cm_gui_open_window (pdf);
  g_assert_true (cm_gui_wait_until (has_suggestions, window, CM_GUI_WAIT_TIMEOUT_S));
  n_before = cm_window_get_suggestions (window)->len;
  g_test_message ("%u suggestions", n_before);
  g_assert_cmpuint (n_before, >=, 2);

  accepted = cm_suggestion_copy (g_ptr_array_index (cm_window_get_suggestions (window), 0));
  for (guint i = 1; i < n_before && dismissed == NULL; i++)
    {
      const CmSuggestion *other = g_ptr_array_index (cm_window_get_suggestions (window), i);

      if (cm_suggestion_get_end (other) <= cm_suggestion_get_start (accepted)
          || cm_suggestion_get_start (other) >= cm_suggestion_get_end (accepted))
        dismissed = cm_suggestion_copy (other);
    }
  g_assert_nonnull (dismissed);

  /* The faint outlines in the view and the item's list, light and dark. */
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  cm_checklist_panel_show_item (CM_CHECKLIST_PANEL (panel), cm_suggestion_get_item_id (dismissed));
  cm_document_view_scroll_to_range (cm_window_get_document_view (window),
                                    cm_suggestion_get_start (dismissed), cm_suggestion_get_end (dismissed), FALSE);
  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      cm_gui_save_screenshot (GTK_WIDGET (window), dark ? "suggestions-dark" : "suggestions-light");
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* "Accept as…" asks for the assessment. */
  menu_button = cm_gui_find_descendant (panel, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  cm_gui_save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))), "suggestion-accept");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  /* A click on an outline selects its clause, ready to tag. */
  g_signal_emit_by_name (cm_window_get_document_view (window), "suggestion-activated", accepted, 0.0, 0.0);
  g_assert_true (cm_document_view_get_selection (cm_window_get_document_view (window), &start, &end));
  g_assert_cmpuint (start, ==, cm_suggestion_get_start (accepted));
  g_assert_cmpuint (end, ==, cm_suggestion_get_end (accepted));

  /* Accept: a tag over the clause, with the item, assessment and section. */
  g_signal_emit_by_name (panel, "suggestion-accepted", accepted, (int) CM_ASSESSMENT_PARTIAL);
  evidence = cm_review_get_evidence (cm_window_get_review (window), cm_suggestion_get_item_id (accepted));
  g_assert_cmpuint (evidence->len, ==, 1);
  annotation = g_ptr_array_index (evidence, 0);
  g_assert_cmpint (cm_annotation_get_assessment (annotation), ==, CM_ASSESSMENT_PARTIAL);
  g_assert_cmpuint (cm_anchor_get_start (cm_annotation_get_anchor (annotation)), ==, cm_suggestion_get_start (accepted));
  g_assert_cmpuint (cm_anchor_get_end (cm_annotation_get_anchor (annotation)), ==, cm_suggestion_get_end (accepted));
  g_assert_cmpstr (cm_annotation_get_section (annotation), ==, cm_suggestion_get_section (accepted));
  g_assert_false (contains_suggestion (window, accepted));

  /* Dismiss: gone now, and after reopening. */
  g_assert_true (contains_suggestion (window, dismissed));
  g_signal_emit_by_name (panel, "suggestion-dismissed", dismissed);
  g_assert_false (contains_suggestion (window, dismissed));
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_SAVED);

  /* The toggle hides them all; the next window remembers it (a setting),
   * and shows them again when asked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-suggestions", NULL));
  g_assert_null (cm_window_get_suggestions (window));
  cm_gui_destroy_window (window);
  window = cm_gui_open_window (pdf);
  g_object_get (window, "show-suggestions", &shown, NULL);
  g_assert_false (shown);
  g_assert_null (cm_window_get_suggestions (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-suggestions", NULL));
  g_assert_true (cm_gui_wait_until (has_suggestions, window, CM_GUI_WAIT_TIMEOUT_S));
  cm_gui_destroy_window (window);

  window = cm_gui_open_window (pdf);
  g_assert_true (cm_gui_wait_until (has_suggestions, window, CM_GUI_WAIT_TIMEOUT_S));
  g_assert_false (contains_suggestion (window, dismissed));
  g_assert_false (contains_suggestion (window, accepted));
  g_assert_cmpuint (cm_window_get_suggestions (window)->len, ==, n_before - 2);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The comparison window: the open ordinance is its first column, another
 * PDF adds a second, and each cell is that review's verdict. */
static void
test_compare (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *other_dir = NULL;
  g_autofree char *other_pdf = NULL;
  g_autoptr(CmVerdict) verdict = cm_verdict_new ("detain.no-detainer-holds", CM_ASSESSMENT_STRONG, "Ana Ruiz");
  g_autoptr(GFile) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) html = NULL;
  g_autoptr(GFile) nowhere = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *text = NULL;
  CmWindow *window;
  GtkWidget *compare, *chooser;

  if (cm_gui_skip_without_display ())
    return;

  window = open_tagged_window (&dir);
  cm_verdict_set_rationale (verdict, "Flat ban, no exceptions.");
  cm_review_set_verdict (cm_window_get_review (window), verdict);

  other_dir = cm_test_tmpdir_new ();
  other_pdf = cm_gui_copy_sample (other_dir);
  other = g_file_new_for_path (other_pdf);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  cm_gui_spin (100);
  compare = cm_gui_find_toplevel (CM_TYPE_COMPARE_WINDOW);
  g_assert_nonnull (compare);
  g_assert_cmpuint (cm_compare_window_get_n_columns (CM_COMPARE_WINDOW (compare)), ==, 1);
  g_assert_true (cm_compare_window_add_file (CM_COMPARE_WINDOW (compare), other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cm_compare_window_get_n_columns (CM_COMPARE_WINDOW (compare)), ==, 2);
  cm_gui_spin (100);
  cm_gui_assert_all_named (compare, "the comparison window");
  g_assert_cmpint (cm_compare_window_get_assessment (CM_COMPARE_WINDOW (compare), "detain.no-detainer-holds", 0),
                   ==, CM_ASSESSMENT_STRONG);
  g_assert_cmpint (cm_compare_window_get_assessment (CM_COMPARE_WINDOW (compare), "detain.no-detainer-holds", 1),
                   ==, CM_ASSESSMENT_NONE);
  cm_gui_save_screenshot (compare, "compare");

  /* Export…: a name typed without an extension, with the CSV type chosen,
   * is written as CSV (when GTK's own chooser answers, not a portal). */
  g_assert_true (gtk_widget_activate_action (compare, "compare.export", NULL));
  cm_gui_spin (300);
  chooser = cm_gui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  if (chooser != NULL)
    {
      g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GtkFileFilter) csv_filter = g_list_model_get_item (filters, 1);
      g_autoptr(GFile) folder = g_file_new_for_path (other_dir);
      g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) proposed = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) first_folder = g_file_get_parent (cm_window_get_file (window));

      /* Proposed beside the first ordinance compared. */
      g_assert_cmpstr (name, ==, _("comparison.html"));
      g_assert_true (g_file_equal (proposed, first_folder));
      g_assert_cmpstr (gtk_file_filter_get_name (csv_filter), ==, _("Spreadsheet (CSV)"));
      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "matrix");
      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), csv_filter);
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
      cm_gui_spin (300);
      csv_path = g_build_filename (other_dir, "matrix.csv", NULL);
      g_assert_true (g_file_get_contents (csv_path, &text, NULL, NULL));
      g_assert_true (g_str_has_prefix (text, "item,title,"));
      g_assert_nonnull (strstr (text, "\ndetain.no-detainer-holds,"));
      g_assert_nonnull (cm_gui_find_label_starting (compare, _("Exported to “matrix.csv”")));
      g_clear_pointer (&text, g_free);
    }
  else
    g_test_message ("no in-process file chooser (a portal answers): the dialog not checked");

  /* The same table as `clausemark-cli compare`, as a web page too. */
  html = g_file_new_build_filename (other_dir, "matrix.html", NULL);
  g_assert_true (cm_compare_window_export (CM_COMPARE_WINDOW (compare), html, "html", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (html, NULL, &text, NULL, NULL, NULL));
  g_assert_nonnull (strstr (text, "<table"));
  g_assert_nonnull (strstr (text, "<td class=\"v-strong\""));
  /* A folder that is not there: the error names the file. */
  nowhere = g_file_new_for_path ("/nonexistent-clausemark/comparison.csv");
  g_assert_false (cm_compare_window_export (CM_COMPARE_WINDOW (compare), nowhere, "csv", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "comparison.csv"));

  gtk_window_destroy (GTK_WINDOW (compare));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
  cm_test_tmpdir_free (g_steal_pointer (&other_dir));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_gui_test_init (&argc, &argv);
  have_display = app != NULL;

  g_test_add_func ("/window/export/every-format", test_export_every_format);
  g_test_add_func ("/window/export/failure", test_export_failure);
  g_test_add_func ("/window/export/not-over-pdf", test_export_not_over_pdf);
  g_test_add_func ("/window/import/xfdf", test_import_xfdf);
  g_test_add_func ("/window/import/not-xfdf", test_import_not_xfdf);
  g_test_add_func ("/window/export/screenshots", test_export_screenshots);
  g_test_add_func ("/window/export/dialog-enter", test_export_dialog_enter);
  g_test_add_func ("/window/tag/section", test_tag_records_section);
  g_test_add_func ("/window/suggestions/accept-dismiss", test_suggestions);
  g_test_add_func ("/window/compare", test_compare);

  return cm_gui_test_run ();
}
