/* test-window-files.c: files reaching the window the ways people bring them: the Open and Export file choosers, and drag and drop. */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cm-application.h"
#include "cm-checklist-panel.h"
#include "cm-document-view.h"
#include "cm-export.h"
#include "cm-gui-test-util.h"
#include "cm-plugin-engine.h"
#include "cm-preferences-window.h"
#include "cm-tag-popover.h"
#include "cm-test-util.h"
#include "cm-window.h"

static gboolean
file_chooser_shown (gpointer data)
{
  return cm_gui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
export_dialog_shown (gpointer data)
{
  return cm_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
shows_document (gpointer data)
{
  return cm_window_get_state (CM_WINDOW (data)) == CM_WINDOW_STATE_DOCUMENT;
}

static gboolean
file_is_written (gpointer data)
{
  GStatBuf st;

  return g_stat (data, &st) == 0 && st.st_size > 0;
}

/* Selecting a file in the chooser waits for its folder to load. */
static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));

  return file != NULL;
}

static gboolean
chooser_has_folder (gpointer data)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (data));

  return folder != NULL;
}

/* The file chooser GtkFileChooserNative falls back to without a portal,
 * as on CI: the window's own, transient for it. */
static GtkFileChooser *
wait_for_file_chooser (CmWindow *window)
{
  GtkWidget *dialog;

  g_assert_true (cm_gui_wait_until (file_chooser_shown, NULL, CM_GUI_WAIT_TIMEOUT_S));
  dialog = cm_gui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  return GTK_FILE_CHOOSER (dialog);
}

static gboolean
chooser_offers_pattern (GtkFileChooser *chooser,
                        const char     *basename)
{
  g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (chooser);
  g_autoptr(GFileInfo) info = g_file_info_new ();

  /* A filter accepts a file by its name (patterns) or type (MIME). */
  g_file_info_set_display_name (info, basename);
  g_file_info_set_content_type (info, g_str_has_suffix (basename, ".pdf") ? "application/pdf" : "text/plain");
  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFilter) filter = g_list_model_get_item (filters, i);

      if (gtk_filter_match (filter, info))
        return TRUE;
    }
  return FALSE;
}

/* Chooses, in the export dialog, the format whose row title holds LABEL. */
static gboolean
choose_format (GtkWidget  *widget,
               const char *label)
{
  if (ADW_IS_ACTION_ROW (widget)
      && strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), label) != NULL)
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (widget), "cm-check");

      g_assert_nonnull (check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (choose_format (child, label))
      return TRUE;
  return FALSE;
}

/* Open…: the chooser offers PDFs, Cancel leaves the start page, Open opens
 * the chosen ordinance. */
static void
test_open_chooser (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;
  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  file = g_file_new_for_path (pdf);
  window = cm_gui_new_empty_window ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));
  chooser = wait_for_file_chooser (window);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_true (chooser_offers_pattern (chooser, "ordinance.pdf"));
  g_assert_false (chooser_offers_pattern (chooser, "notes.txt"));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  cm_gui_spin (200);
  g_assert_null (cm_gui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_START);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));
  chooser = wait_for_file_chooser (window);
  g_assert_true (gtk_file_chooser_set_file (chooser, file, &error));
  g_assert_no_error (error);
  g_assert_true (cm_gui_wait_until (chooser_has_file, chooser, CM_GUI_WAIT_TIMEOUT_S));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (cm_gui_wait_until (shows_document, window, CM_GUI_WAIT_TIMEOUT_S));
  g_assert_true (g_file_equal (cm_window_get_file (window), file));
  g_assert_cmpuint (cm_text_index_get_length (cm_window_get_text_index (window)), >, 0);

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Export…: the format dialog, then a chooser proposing the ordinance's name
 * with the format's extension, beside it; the file is written there. */
static void
test_export_chooser (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *proposed = NULL;
  g_autoptr(GFile) target_file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) expected_folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GtkFileChooser *chooser;
  GtkWidget *dialog;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;
  window = cm_gui_open_sample (&dir);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  cm_gui_tag (window, "immigration", "detain.no-detainer-holds", "strong", "Export me");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_true (cm_gui_wait_until (export_dialog_shown, NULL, CM_GUI_WAIT_TIMEOUT_S));
  dialog = cm_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (choose_format (dialog, "HTML"));
  g_assert_cmpstr (cm_exporter_get_id (cm_export_dialog_get_exporter (dialog)), ==, "html");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "export");

  chooser = wait_for_file_chooser (window);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  proposed = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (proposed, ==, "ordinance.html");
  g_assert_true (cm_gui_wait_until (chooser_has_folder, chooser, CM_GUI_WAIT_TIMEOUT_S));
  folder = gtk_file_chooser_get_current_folder (chooser);
  expected_folder = g_file_new_for_path (dir);
  g_assert_nonnull (folder);
  g_assert_true (g_file_equal (folder, expected_folder));
  g_assert_true (chooser_offers_pattern (chooser, proposed));

  target = g_build_filename (dir, "memo.html", NULL);
  target_file = g_file_new_for_path (target);
  gtk_file_chooser_set_current_name (chooser, "memo.html");
  g_assert_true (cm_gui_wait_until (chooser_has_file, chooser, CM_GUI_WAIT_TIMEOUT_S));
  {
    g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

    g_assert_true (g_file_equal (chosen, target_file));
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (cm_gui_wait_until (file_is_written, target, CM_GUI_WAIT_TIMEOUT_S));
  cm_gui_spin (200);
  g_assert_true (g_file_get_contents (target, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "Export me"));

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Dropping files on the window: anything but a PDF is refused (the window
 * stays as it was); a PDF among other files opens. */
static void
test_drop (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GFile) pdf_file = NULL;
  g_autoptr(GFile) notes_file = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;
  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  notes = g_build_filename (dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (notes, "Not an ordinance", -1, NULL));
  pdf_file = g_file_new_for_path (pdf);
  notes_file = g_file_new_for_path (notes);
  window = cm_gui_new_empty_window ();
  g_assert_false (cm_gui_drop_files (GTK_WIDGET (window), (GFile *[]) { notes_file }, 1));
  cm_gui_spin (100);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_START);
  g_assert_null (cm_window_get_file (window));

  g_assert_true (cm_gui_drop_files (GTK_WIDGET (window), (GFile *[]) { notes_file, pdf_file }, 2));
  g_assert_true (cm_gui_wait_until (shows_document, window, CM_GUI_WAIT_TIMEOUT_S));
  g_assert_true (g_file_equal (cm_window_get_file (window), pdf_file));

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A new window takes the size, zoom and sidebar the last one left in the
 * settings (it gets its application, and so its settings, only after it
 * is constructed). */
static gboolean
widget_is_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (data));
}

/* Preferences offers the languages the OCR engine has (a stand-in
 * tesseract with English and Spanish), English with Spanish, and a
 * setting whose language is not installed; the choice is saved. */
static void
test_ocr_language (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *program = NULL;
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *chosen = NULL;
  GApplication *app = g_application_get_default ();
  GSettings *settings;
  const char * const expected[] = {
    "Default (English)", "English", "Spanish", "English and Spanish", "French (not installed)",
  };
  static const char * const installed[] = { "eng", "osd", "spa", NULL };

  if (cm_gui_skip_without_display ())
    return;
  dir = cm_test_tmpdir_new ();
  program = cm_test_write_fake_tesseract (dir, installed, ":");
  settings = cm_application_get_settings (CM_APPLICATION (app));
  g_settings_set_string (settings, "ocr-language", "fra");

  g_setenv ("PATH", dir, TRUE);
  for (int round = 0; round < 2; round++)
    {
      GtkWidget *preferences;
      AdwComboRow *row;
      GListModel *names;

      g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
      preferences = cm_gui_find_toplevel (CM_TYPE_PREFERENCES_WINDOW);
      g_assert_nonnull (preferences);
      row = ADW_COMBO_ROW (cm_gui_find_descendant (preferences, ADW_TYPE_COMBO_ROW));
      g_assert_true (cm_gui_wait_until (widget_is_sensitive, row, CM_GUI_WAIT_TIMEOUT_S));
      names = adw_combo_row_get_model (row);

      if (round == 0)
        {
          g_assert_cmpuint (g_list_model_get_n_items (names), ==, G_N_ELEMENTS (expected));
          for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
            g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), i), ==, expected[i]);
          /* The setting's own language, kept though not installed. */
          g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 4);
          adw_combo_row_set_selected (row, 3);
          chosen = g_settings_get_string (settings, "ocr-language");
          g_assert_cmpstr (chosen, ==, "eng+spa");
        }
      else
        {
          /* Reopened: the choice, and no trace of the language left behind. */
          g_assert_cmpuint (g_list_model_get_n_items (names), ==, G_N_ELEMENTS (expected) - 1);
          g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 3);
        }
      gtk_window_destroy (GTK_WINDOW (preferences));
      cm_gui_spin (50);
    }
  g_setenv ("PATH", saved_path, TRUE);
  g_settings_reset (settings, "ocr-language");
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_settings_restored (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  GSettings *settings;
  CmWindow *window;
  gboolean sidebar = TRUE;
  int width = 0, height = 0;

  if (cm_gui_skip_without_display ())
    return;
  settings = cm_application_get_settings (CM_APPLICATION (g_application_get_default ()));
  g_settings_set_boolean (settings, "sidebar-visible", FALSE);
  g_settings_set_string (settings, "zoom-mode", "fit-page");
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 700);

  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  window = cm_window_new (ADW_APPLICATION (g_application_get_default ()));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 700);
  g_object_get (window, "sidebar-visible", &sidebar, NULL);
  g_assert_false (sidebar);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GFile) file = g_file_new_for_path (pdf);

    cm_window_open_file (window, file);
  }
  g_assert_true (cm_gui_wait_until (shows_document, window, CM_GUI_WAIT_TIMEOUT_S));
  g_assert_cmpint (cm_document_view_get_zoom_mode (cm_window_get_document_view (window)), ==, CM_ZOOM_FIT_PAGE);
  cm_gui_destroy_window (window);

  g_settings_reset (settings, "sidebar-visible");
  g_settings_reset (settings, "zoom-mode");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static char *
write_review_for_checklist (const char *dir,
                            const char *checklist_id)
{
  char *sidecar = g_build_filename (dir, "ordinance.clausemark.xml", NULL);
  g_autofree char *xml = g_strdup_printf ("<review xmlns=\"urn:clausemark:review:1\" format=\"1\">\n"
                                          "  <checklist id=\"%s\" version=\"2\"/>\n"
                                          "</review>\n", checklist_id);

  g_assert_true (g_file_set_contents (sidecar, xml, -1, NULL));
  return sidecar;
}

/* A review made with a checklist the window does not have: it says so,
 * with the way to Preferences, and nothing can be tagged or judged in it
 * (the items would mix two checklists); the sidecar stays as it was. */
static void
test_other_checklist (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *popover, *panel;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;
  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  sidecar = write_review_for_checklist (dir, "tenant");
  before = cm_test_file_sha256 (sidecar);

  window = cm_gui_open_window (pdf);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  g_assert_nonnull (cm_gui_find_label (GTK_WIDGET (window),
                                       _("This review was made with the checklist “tenant”. Choose it "
                                         "in Preferences to review this ordinance.")));
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  g_assert_false (gtk_widget_is_sensitive (panel));
  cm_gui_spin (300);
  cm_gui_save_screenshot (GTK_WIDGET (window), "other-checklist-light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  cm_gui_spin (200);
  cm_gui_save_screenshot (GTK_WIDGET (window), "other-checklist-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_assert_true (cm_gui_select_quote (window, "based upon an immigration detainer"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tag", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-selection", "(sss)",
                              "detain.no-detainer-holds", "strong", "");
  cm_gui_spin (300);
  popover = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_TAG_POPOVER);
  g_assert_false (gtk_widget_get_mapped (popover));
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 0);

  cm_gui_destroy_window (window);
  after = cm_test_file_sha256 (sidecar);
  g_assert_cmpstr (before, ==, after);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Preferences name another checklist, but the bundled one is the
 * review's: the window uses it, and tags as usual. */
static void
test_bundled_checklist_of_review (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *tenant = NULL;
  GSettings *settings = cm_application_get_settings (CM_APPLICATION (g_application_get_default ()));
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;
  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  sidecar = write_review_for_checklist (dir, "sanctuary");
  tenant = cm_test_write_tenant_checklist (dir);
  g_settings_set_string (settings, "checklist-file", tenant);

  window = cm_gui_open_window (pdf);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  g_assert_cmpstr (cm_checklist_get_id (cm_window_get_checklist (window)), ==, "sanctuary");
  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "");
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 1);
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));

  cm_gui_destroy_window (window);
  g_settings_reset (settings, "checklist-file");
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* No name in Preferences and only the account's login name to go by: the
 * first tag says whose name it carries, and where to change it; a real
 * name (here from $CLAUSEMARK_AUTHOR) is used without a word. */
static void
test_author_login_name (void)
{
  GSettings *settings = cm_application_get_settings (CM_APPLICATION (g_application_get_default ()));
  g_autofree char *saved_author = g_settings_get_string (settings, "author");
  g_autofree char *saved_env = g_strdup (g_getenv ("CLAUSEMARK_AUTHOR"));
  const char *names[] = { g_get_user_name (), "Ana Ruiz" };

  if (cm_gui_skip_without_display ())
    return;
  g_settings_set_string (settings, "author", "");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *dir = cm_test_tmpdir_new ();
      g_autofree char *pdf = cm_gui_copy_sample (dir);
      g_autofree char *notice = g_strdup_printf (_("Tagged as “%s”. Set your name in Preferences."), names[i]);
      g_autoptr(CmAnnotation) annotation = NULL;
      CmWindow *window;

      g_setenv ("CLAUSEMARK_AUTHOR", names[i], TRUE);
      window = cm_gui_open_window (pdf);
      cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "weak", "");
      annotation = g_list_model_get_item (cm_review_get_annotations (cm_window_get_review (window)), 0);
      g_assert_cmpstr (cm_annotation_get_author (annotation), ==, names[i]);
      cm_gui_spin (200);
      if (i == 0)
        g_assert_nonnull (cm_gui_find_label (GTK_WIDGET (window), notice));
      else
        g_assert_null (cm_gui_find_label (GTK_WIDGET (window), notice));
      g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
      cm_gui_destroy_window (window);
      cm_test_tmpdir_free (g_steal_pointer (&dir));
    }
  if (saved_env != NULL)
    g_setenv ("CLAUSEMARK_AUTHOR", saved_env, TRUE);
  else
    g_unsetenv ("CLAUSEMARK_AUTHOR");
  g_settings_set_string (settings, "author", saved_author);
}

static gboolean
flap_is_folded (gpointer data)
{
  return adw_flap_get_folded (ADW_FLAP (data));
}

/* A narrow window keeps the page readable: the sidebar folds over the
 * document instead of squeezing it, and the Sidebar button shows it. */
static void
test_narrow_window (void)
{
  g_autofree char *dir = NULL;
  AdwFlap *flap;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;
  window = cm_gui_open_sample (&dir);
  flap = ADW_FLAP (cm_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_FLAP));
  g_assert_false (adw_flap_get_folded (flap));
  g_assert_true (adw_flap_get_reveal_flap (flap));

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 800);
  g_assert_true (cm_gui_wait_until (flap_is_folded, flap, 5));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (cm_window_get_document_view (window))), >=, 480 - 24);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
  cm_gui_spin (500);
  g_assert_true (adw_flap_get_reveal_flap (flap));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A document reopens where it was left: page, place on the page and zoom;
 * restoring it leaves the zoom default for new documents alone. Another
 * document opens at its first page. */
static void
test_position_restored (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *other_dir = NULL;
  g_autofree char *other = NULL;
  g_autofree char *default_mode = NULL;
  GSettings *settings;
  CmDocumentView *view;
  CmWindow *window;
  guint page = 0, restored_page = 0;
  double fraction = 0, restored_fraction = 0;

  if (cm_gui_skip_without_display ())
    return;
  settings = cm_application_get_settings (CM_APPLICATION (g_application_get_default ()));
  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  other_dir = cm_test_tmpdir_new ();
  other = cm_gui_copy_sample (other_dir);

  window = cm_gui_open_window (pdf);
  g_assert_true (cm_gui_wait_until (shows_document, window, CM_GUI_WAIT_TIMEOUT_S));
  view = cm_window_get_document_view (window);
  cm_gui_wait_frames (GTK_WIDGET (view), 2);
  cm_document_view_set_zoom (view, 1.5);
  cm_document_view_set_page (view, 3);
  cm_gui_wait_frames (GTK_WIDGET (view), 2);
  g_assert_cmpuint (cm_document_view_get_page (view), ==, 3);
  /* Ctrl+L's place: the top of page 3, its margin above it. */
  g_assert_true (cm_document_view_get_position (view, &page, &fraction));
  g_assert_cmpuint (page, ==, 3);
  g_assert_cmpfloat (fraction, ==, 0);
  /* Then a little further down. */
  {
    GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment) + 120);
  }
  cm_gui_wait_frames (GTK_WIDGET (view), 2);
  g_assert_true (cm_document_view_get_position (view, &page, &fraction));
  g_assert_cmpuint (page, ==, 3);
  g_assert_cmpfloat (fraction, >, 0.02);
  cm_gui_destroy_window (window);

  g_settings_set_string (settings, "zoom-mode", "fit-width");
  window = cm_gui_open_window (pdf);
  g_assert_true (cm_gui_wait_until (shows_document, window, CM_GUI_WAIT_TIMEOUT_S));
  view = cm_window_get_document_view (window);
  cm_gui_wait_frames (GTK_WIDGET (view), 2);
  g_assert_cmpuint (cm_document_view_get_page (view), ==, 3);
  g_assert_cmpint (cm_document_view_get_zoom_mode (view), ==, CM_ZOOM_FREE);
  g_assert_cmpfloat_with_epsilon (cm_document_view_get_zoom (view), 1.5, 0.001);
  g_assert_true (cm_document_view_get_position (view, &restored_page, &restored_fraction));
  g_assert_cmpuint (restored_page, ==, page);
  g_assert_cmpfloat_with_epsilon (restored_fraction, fraction, 0.01);
  default_mode = g_settings_get_string (settings, "zoom-mode");
  g_assert_cmpstr (default_mode, ==, "fit-width");
  cm_gui_destroy_window (window);

  window = cm_gui_open_window (other);
  g_assert_true (cm_gui_wait_until (shows_document, window, CM_GUI_WAIT_TIMEOUT_S));
  view = cm_window_get_document_view (window);
  g_assert_cmpuint (cm_document_view_get_page (view), ==, 1);
  g_assert_cmpint (cm_document_view_get_zoom_mode (view), ==, CM_ZOOM_FIT_WIDTH);
  cm_gui_destroy_window (window);

  g_settings_reset (settings, "zoom-mode");
  cm_test_tmpdir_free (g_steal_pointer (&dir));
  cm_test_tmpdir_free (g_steal_pointer (&other_dir));
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The one store plugin cannot be turned off in Preferences: without it no
 * document opens (it could be, and every PDF then failed to open). Others
 * can. */
static void
test_store_plugin_stays_on (void)
{
  CmPluginEngine *engine = cm_plugin_engine_get_default ();
  CmPluginInfo *store = cm_plugin_engine_lookup_plugin (engine, "xml-sidecar");
  CmPluginInfo *xfdf = cm_plugin_engine_lookup_plugin (engine, "xfdf");
  GtkWidget *preferences, *row, *toggle;

  if (cm_gui_skip_without_display ())
    return;
  g_assert_nonnull (store);
  g_assert_nonnull (xfdf);

  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "preferences", NULL);
  preferences = cm_gui_find_toplevel (CM_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);

  row = cm_gui_find_matching (preferences, is_row_titled, cm_plugin_info_get_name (store));
  g_assert_nonnull (row);
  toggle = cm_gui_find_descendant (row, GTK_TYPE_SWITCH);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_false (gtk_widget_get_sensitive (toggle));

  row = cm_gui_find_matching (preferences, is_row_titled, cm_plugin_info_get_name (xfdf));
  g_assert_nonnull (row);
  toggle = cm_gui_find_descendant (row, GTK_TYPE_SWITCH);
  g_assert_true (gtk_widget_get_sensitive (toggle));

  gtk_window_destroy (GTK_WINDOW (preferences));
  cm_gui_spin (50);
}

/* A review saved elsewhere with Save As (the PDF's folder read-only, say)
 * is the one the document reopens with, and a toast says where it is;
 * once that file is gone, the sidecar beside the PDF is back. */
static void
test_save_as_reopens (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *saved_as_path = NULL;
  g_autoptr(GFile) saved_as = NULL;
  g_autoptr(GFile) beside = NULL;
  CmWindow *window;
  GtkWidget *chooser;

  if (cm_gui_skip_without_display ())
    return;

  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  elsewhere = g_build_filename (dir, "elsewhere", NULL);
  g_assert_cmpint (g_mkdir (elsewhere, 0755), ==, 0);
  saved_as_path = g_build_filename (elsewhere, "mine.clausemark.xml", NULL);
  saved_as = g_file_new_for_path (saved_as_path);

  window = cm_gui_open_window (pdf);
  beside = g_object_ref (cm_window_get_sidecar_file (window));
  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", NULL));
  cm_gui_spin (300);
  chooser = cm_gui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  if (chooser == NULL)
    {
      g_test_skip ("no in-process file chooser (a portal answers)");
      cm_gui_destroy_window (window);
      cm_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  {
    g_autoptr(GFile) folder = g_file_new_for_path (elsewhere);

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "mine.clausemark.xml");
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  cm_gui_spin (300);
  g_assert_true (g_file_query_exists (saved_as, NULL));
  g_assert_true (g_file_equal (cm_window_get_sidecar_file (window), saved_as));
  /* A second tag goes to the review where it now is, not beside the PDF. */
  cm_gui_tag (window, "based upon an administrative warrant", "detain.judicial-warrant", "weak", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  cm_gui_destroy_window (window);

  window = cm_gui_open_window (pdf);
  g_assert_true (g_file_equal (cm_window_get_sidecar_file (window), saved_as));
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 2);
  g_assert_nonnull (cm_gui_find_label_starting (GTK_WIDGET (window), "This review is kept in “"));
  cm_gui_destroy_window (window);

  g_assert_true (g_file_delete (saved_as, NULL, NULL));
  window = cm_gui_open_window (pdf);
  g_assert_true (g_file_equal (cm_window_get_sidecar_file (window), beside));
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 1);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  cm_gui_test_init (&argc, &argv);

  g_test_add_func ("/window/files/open-chooser", test_open_chooser);
  g_test_add_func ("/window/files/export-chooser", test_export_chooser);
  g_test_add_func ("/window/files/drop", test_drop);
  g_test_add_func ("/window/settings/restored", test_settings_restored);
  g_test_add_func ("/window/settings/position-restored", test_position_restored);
  g_test_add_func ("/window/files/save-as-reopens", test_save_as_reopens);
  g_test_add_func ("/window/settings/ocr-language", test_ocr_language);
  g_test_add_func ("/window/settings/store-plugin-stays-on", test_store_plugin_stays_on);
  g_test_add_func ("/window/checklist/other-than-the-review's", test_other_checklist);
  g_test_add_func ("/window/checklist/bundled-is-the-review's", test_bundled_checklist_of_review);
  g_test_add_func ("/window/author/login-name", test_author_login_name);
  g_test_add_func ("/window/narrow", test_narrow_window);

  return cm_gui_test_run ();
}
