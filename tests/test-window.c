/* test-window.c: drives the real review window: open, cm_gui_tag, autosave, undo, broken and locked PDFs, failed saves. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cm-application.h"
#include "cm-checklist-panel.h"
#include "cm-document-view.h"
#include "cm-plugin-engine.h"
#include "cm-preferences-window.h"
#include "cm-tag-popover.h"
#include "cm-gui-test-util.h"
#include "cm-test-util.h"
#include "cm-window.h"

static CmApplication *app;
static gboolean have_display;













static CmReview *
load_sidecar (CmWindow *window)
{
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CmReview *review;

  store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &error);
  g_assert_no_error (error);
  review = cm_store_load (store, cm_window_get_sidecar_file (window), NULL, &error);
  g_assert_no_error (error);
  return review;
}


static void
test_start_page (void)
{
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  cm_gui_spin (200);

  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_START);
  g_assert_null (cm_window_get_review (window));
  g_assert_null (cm_window_get_sidecar_file (window));

  cm_gui_destroy_window (window);
}

static void
test_tag_autosave_undo (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CmReview) saved = NULL;
  g_autoptr(CmReview) after_undo = NULL;
  g_autoptr(CmAnnotation) annotation = NULL;
  CmWindow *window;
  CmReview *review;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  review = cm_window_get_review (window);
  g_assert_nonnull (review);
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
  /* Opening writes nothing: the sidecar appears with the first change. */
  g_assert_false (g_file_query_exists (cm_window_get_sidecar_file (window), NULL));

  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "Flat ban on detainer holds.");
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 1);
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_PENDING);

  /* Autosave, about a second after the change. */
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_SAVED);
  g_assert_true (g_file_query_exists (cm_window_get_sidecar_file (window), NULL));

  saved = load_sidecar (window);
  g_assert_cmpuint (cm_review_get_n_annotations (saved), ==, 1);
  annotation = g_list_model_get_item (cm_review_get_annotations (saved), 0);
  g_assert_cmpstr (cm_annotation_get_item_id (annotation), ==, "detain.no-detainer-holds");
  g_assert_cmpint (cm_annotation_get_assessment (annotation), ==, CM_ASSESSMENT_STRONG);
  g_assert_cmpstr (cm_annotation_get_note (annotation), ==, "Flat ban on detainer holds.");
  g_assert_true (g_str_has_prefix (cm_anchor_get_exact (cm_annotation_get_anchor (annotation)), "based upon an"));

  /* The item's count in the sidebar follows: one clause, then none. */
  {
    GtkWidget *panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
    g_autofree char *one = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clause", "%u clauses", 1), 1);

    g_assert_nonnull (cm_gui_find_label (panel, one));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
    g_assert_null (cm_gui_find_label (panel, one));
  }
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_PENDING);
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_SAVED);

  after_undo = load_sidecar (window);
  g_assert_cmpuint (cm_review_get_n_annotations (after_undo), ==, 0);

  /* Redo brings it back, and closing saves without asking. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 1);
  {
    g_autoptr(GFile) sidecar = g_object_ref (cm_window_get_sidecar_file (window));
    g_autoptr(CmStore) store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, NULL);
    g_autoptr(CmReview) reopened = NULL;
    GtkWidget *weak = GTK_WIDGET (window);

    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
    gtk_window_close (GTK_WINDOW (window));
    cm_gui_spin (50);
    g_assert_null (weak);
    reopened = cm_store_load (store, sidecar, NULL, NULL);
    g_assert_nonnull (reopened);
    g_assert_cmpuint (cm_review_get_n_annotations (reopened), ==, 1);
  }

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Frames painted around a window opening a PDF. */
typedef struct
{
  guint    frames;
  guint    frames_at_reading;    /* when the window showed the pages */
  guint    frames_at_first_page; /* when page 1 was drawn */
  gboolean ready_before_reading; /* page 1 was rendered before they showed */
  gboolean page_ready;
  gboolean loading_page_shown;
} OpenProbe;

static void
open_probe_after_paint (GdkFrameClock *clock,
                        OpenProbe     *probe)
{
  probe->frames++;
}

static void
open_probe_state (CmWindow   *window,
                  GParamSpec *pspec,
                  OpenProbe  *probe)
{
  if (cm_window_get_state (window) == CM_WINDOW_STATE_READING && probe->frames_at_reading == 0)
    {
      probe->frames_at_reading = probe->frames + 1;
      probe->ready_before_reading = probe->page_ready;
    }
}

/* An emission hook: it runs before the window's own handler, which shows
 * the pages at once. */
static gboolean
open_probe_ready (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               data)
{
  ((OpenProbe *) data)->page_ready = TRUE;
  return TRUE;
}

static void
open_probe_first_page (CmDocumentView *view,
                       OpenProbe      *probe)
{
  if (probe->frames_at_first_page == 0)
    probe->frames_at_first_page = probe->frames;
}

static void
open_probe_stack (GtkStack   *stack,
                  GParamSpec *pspec,
                  OpenProbe  *probe)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0)
    probe->loading_page_shown = TRUE;
}

static gboolean
open_probe_done (gpointer data)
{
  return ((OpenProbe *) data)->frames_at_first_page != 0;
}

/* A PDF that opens quickly goes from the start page straight to its pages,
 * with page 1 in the very frame that shows them: no "Opening…" flashed,
 * no frame of placeholders. */
static void
test_open_first_frame (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GFile) file = NULL;
  OpenProbe probe = { 0 };
  CmDocumentView *view;
  GtkWidget *stack;
  gulong hook;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;
  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  file = g_file_new_for_path (pdf);

  window = cm_gui_new_empty_window ();
  cm_gui_wait_frames (GTK_WIDGET (window), 3);
  view = CM_DOCUMENT_VIEW (cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_DOCUMENT_VIEW));
  stack = gtk_widget_get_parent (cm_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_FLAP));
  g_assert_true (GTK_IS_STACK (stack));
  g_signal_connect (window, "notify::state", G_CALLBACK (open_probe_state), &probe);
  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (open_probe_stack), &probe);
  hook = g_signal_add_emission_hook (g_signal_lookup ("first-page-ready", CM_TYPE_DOCUMENT_VIEW), 0,
                                     open_probe_ready, &probe, NULL);
  g_signal_connect (view, "first-page-drawn", G_CALLBACK (open_probe_first_page), &probe);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (open_probe_after_paint), &probe);

  cm_window_open_file (window, file);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_LOADING);
  g_assert_true (cm_gui_wait_until (open_probe_done, &probe, CM_GUI_WAIT_TIMEOUT_S));
  /* Under valgrind (CM_TEST_TIMEOUT_SCALE) a four-page sample may take
   * longer than the window waits for it, or for the loading page. */
  if (cm_test_scaled (1) == 1)
    {
      g_assert_true (probe.ready_before_reading);
      g_assert_false (probe.loading_page_shown);
    }
  if (probe.ready_before_reading)
    g_assert_cmpuint (probe.frames_at_first_page, ==, probe.frames_at_reading);
  g_assert_cmpuint (cm_document_view_get_page (view), ==, 1);

  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (window)), &probe);
  g_signal_handlers_disconnect_by_data (window, &probe);
  g_signal_handlers_disconnect_by_data (stack, &probe);
  g_signal_handlers_disconnect_by_data (view, &probe);
  g_signal_remove_emission_hook (g_signal_lookup ("first-page-ready", CM_TYPE_DOCUMENT_VIEW), hook);
  g_assert_true (cm_gui_wait_until (cm_gui_state_is_not_loading, window, CM_GUI_WAIT_TIMEOUT_S));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_open_damaged (void)
{
  static const char *broken[] = {
    "gen__tracemonkey-truncated-30pct.pdf",
    "gen__text-renamed.pdf",
    "gen__zero-bytes.pdf",
  };
  g_autofree char *dir = NULL;

  if (cm_gui_skip_without_display ())
    return;

  dir = cm_test_tmpdir_new ();
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *relative = g_build_filename ("pdf", broken[i], NULL);
      g_autofree char *source = cm_test_corpus_path (relative);
      g_autofree char *pdf = NULL;
      CmWindow *window;

      if (source == NULL)
        return;
      pdf = cm_test_copy_file (source, dir, broken[i]);
      window = cm_gui_open_window (pdf);
      g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_ERROR);
      g_assert_nonnull (cm_window_get_message (window));
      g_assert_cmpstr (cm_window_get_message (window), !=, "");
      g_assert_null (cm_window_get_review (window));
      g_assert_null (cm_window_get_sidecar_file (window));
      if (i == 0)
        cm_gui_save_screenshot (GTK_WIDGET (window), "error");
      cm_gui_destroy_window (window);
    }

  /* Nothing was written beside files that could not be read. */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".xml"));
  }
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
state_is_reading (gpointer data)
{
  return cm_window_get_state (CM_WINDOW (data)) == CM_WINDOW_STATE_READING;
}

/* Destroys WINDOW as tests and a shell may, without a close request, and
 * waits for it to be finalized. */
static void
destroy_and_wait (CmWindow *window)
{
  gpointer alive = window;
  gint64 start;

  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  start = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (window));
  /* Its jobs stop at once, and its last reference goes with them: well
   * within a second, where reading the rest of a long text takes several. */
  g_assert_true (cm_gui_wait_until (pointer_is_null, &alive, 1));
  g_test_message ("finalized %.0f ms after gtk_window_destroy()",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (cm_background_wait (cm_test_scaled (1000)));
}

/* A window showing a copy (in a new *DIR) of the corpus's 2,000-page
 * file, its text still being read; NULL, the test skipped, without the
 * corpus or a display. */
static CmWindow *
open_long_while_reading (char **dir)
{
  g_autofree char *source = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GFile) file = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return NULL;
  source = cm_test_corpus_path ("pdf/gen__2000-pages.pdf");
  if (source == NULL)
    return NULL;

  *dir = cm_test_tmpdir_new ();
  pdf = cm_test_copy_file (source, *dir, "long.pdf");
  file = g_file_new_for_path (pdf);
  window = cm_gui_new_empty_window ();
  cm_window_open_file (window, file);
  g_assert_true (cm_gui_wait_until (state_is_reading, window, CM_GUI_WAIT_TIMEOUT_S));
  return window;
}

/* Destroyed while it reads a 2,000-page file's text, a window stops at
 * once, rather than when its threads would have finished, seconds later. */
static void
test_destroy_while_reading (void)
{
  g_autofree char *dir = NULL;
  CmWindow *window = open_long_while_reading (&dir);

  if (window == NULL)
    return;
  /* Past the moment the text starts to be read. */
  cm_gui_spin (500);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_READING);
  destroy_and_wait (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Destroyed with a change waiting for autosave, a window saves it. */
static void
test_destroy_saves (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmVerdict) verdict = NULL;
  g_autoptr(CmReview) saved = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  sidecar = g_object_ref (cm_window_get_sidecar_file (window));
  verdict = cm_verdict_new ("detainers.judicial-warrant", CM_ASSESSMENT_WEAK, "Ana");
  cm_review_set_verdict (cm_window_get_review (window), verdict);
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_PENDING);
  g_assert_false (g_file_query_exists (sidecar, NULL));

  destroy_and_wait (window);
  {
    g_autoptr(CmStore) store = cm_test_get_store ();

    saved = cm_store_load (store, sidecar, NULL, NULL);
  }
  g_assert_nonnull (saved);
  g_assert_nonnull (cm_review_lookup_verdict (saved, "detainers.judicial-warrant"));
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_open_encrypted (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *source = cm_test_corpus_path ("pdf/pypdf__libreoffice-writer-password.pdf");
  g_autofree char *pdf = NULL;
  CmWindow *window;
  GtkWidget *entry;

  if (cm_gui_skip_without_display () || source == NULL)
    return;

  dir = cm_test_tmpdir_new ();
  pdf = cm_test_copy_file (source, dir, "locked.pdf");
  window = cm_gui_open_window (pdf);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_PASSWORD);
  cm_gui_save_screenshot (GTK_WIDGET (window), "password");

  /* The focused password entry is where the reviewer types. */
  entry = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (entry);
  entry = gtk_widget_get_ancestor (entry, GTK_TYPE_PASSWORD_ENTRY);
  g_assert_nonnull (entry);

  gtk_editable_set_text (GTK_EDITABLE (entry), "wrong");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.unlock", NULL));
  g_assert_true (cm_gui_wait_until (cm_gui_state_is_not_loading, window, CM_GUI_WAIT_TIMEOUT_S));
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_PASSWORD);
  g_assert_nonnull (cm_window_get_message (window));

  entry = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_TYPE_PASSWORD_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "openpassword");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.unlock", NULL));
  g_assert_true (cm_gui_wait_until (cm_gui_state_is_not_loading, window, CM_GUI_WAIT_TIMEOUT_S));
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Closing while the rationale is still being typed keeps it: it used to be
 * recorded only on leaving the field, and the window closed first. */
static void
test_close_keeps_rationale (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) saved = NULL;
  CmVerdict *verdict;
  GtkWidget *panel, *view;
  gpointer alive;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  sidecar = g_object_ref (cm_window_get_sidecar_file (window));
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  cm_checklist_panel_show_item (CM_CHECKLIST_PANEL (panel), "detain.no-detainer-holds");
  cm_gui_spin (200);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cm_gui_find_descendant (panel, GTK_TYPE_DROP_DOWN)),
                              CM_ASSESSMENT_STRONG);
  view = cm_gui_find_descendant (panel, GTK_TYPE_TEXT_VIEW);
  g_assert_true (gtk_widget_grab_focus (view));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "Holds barred outright.", -1);

  alive = window;
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (cm_gui_wait_until (pointer_is_null, &alive, 5));
  g_assert_true (cm_background_wait (cm_test_scaled (1000)));
  {
    g_autoptr(CmStore) store = cm_test_get_store ();

    saved = cm_store_load (store, sidecar, NULL, NULL);
  }
  g_assert_nonnull (saved);
  verdict = cm_review_lookup_verdict (saved, "detain.no-detainer-holds");
  g_assert_nonnull (verdict);
  g_assert_cmpstr (cm_verdict_get_rationale (verdict), ==, "Holds barred outright.");
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
has_message_dialog (gpointer data)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gboolean found = FALSE;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        *(gpointer *) data = l->data;
        found = TRUE;
      }
  g_list_free (toplevels);
  return found;
}

/* A review that cannot be saved: closing asks, and Discard Changes closes
 * the window, cleanly (it once closed it from inside the dialog's own
 * response, and GObject complained as the dialog went on). */
static void
test_close_discarding (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sidecar_path = NULL;
  gpointer dialog = NULL;
  gpointer alive;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  /* A directory where the sidecar goes: the save fails, root or not. */
  sidecar_path = g_file_get_path (cm_window_get_sidecar_file (window));
  g_assert_cmpint (g_mkdir (sidecar_path, 0755), ==, 0);
  cm_gui_tag (window, "enter into an agreement under Section 1357(g)", "coop.no-287g", "strong", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_FAILED);

  alive = window;
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (cm_gui_wait_until (has_message_dialog, &dialog, 5));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  g_assert_true (cm_gui_wait_until (pointer_is_null, &alive, 5));
  g_assert_true (cm_background_wait (cm_test_scaled (1000)));
  g_assert_cmpint (g_rmdir (sidecar_path), ==, 0);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_save_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *sidecar_path = NULL;
  g_autofree char *probe = NULL;
  gboolean blocked_by_directory = FALSE;
  GtkWidget *weak;
  CmWindow *window;
  CmReview *review;
  int fd;

  if (cm_gui_skip_without_display ())
    return;

  dir = cm_test_tmpdir_new ();
  folder = g_build_filename (dir, "read-only", NULL);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  pdf = cm_gui_copy_sample (folder);
  window = cm_gui_open_window (pdf);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  sidecar_path = g_file_get_path (cm_window_get_sidecar_file (window));

  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  /* root writes into read-only folders; then a directory where the sidecar
   * should go makes the write fail just the same. */
  probe = g_build_filename (folder, "probe", NULL);
  fd = g_open (probe, O_CREAT | O_WRONLY, 0644);
  if (fd >= 0)
    {
      close (fd);
      g_unlink (probe);
      g_assert_cmpint (g_mkdir (sidecar_path, 0755), ==, 0);
      blocked_by_directory = TRUE;
    }

  cm_gui_tag (window, "enter into an agreement under Section 1357(g)", "coop.no-287g", "strong", "");
  review = cm_window_get_review (window);
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_FAILED);
  /* Everything stays in memory. */
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 1);
  g_assert_true (cm_review_is_dirty (review));
  cm_gui_spin (1000);  /* the toast slides in */
  cm_gui_save_screenshot (GTK_WIDGET (window), "save-failed");
  /* The toast says why, in a word ("permission denied"), not just that. */
  {
    GtkWidget *label = cm_gui_find_label_starting (GTK_WIDGET (window), "Could not save “");
    const char *text;
    const char *why;

    g_assert_nonnull (label);
    text = gtk_label_get_text (GTK_LABEL (label));
    g_test_message ("toast: %s", text);
    why = strstr (text, "”: ");
    g_assert_nonnull (why);
    g_assert_true (g_str_has_suffix (text, ". Your changes are kept in memory."));
    g_assert_cmpuint (strlen (why), >, strlen ("”: . Your changes are kept in memory."));
    g_assert_null (strstr (text, dir));
    g_assert_null (strstr (text, ".."));
  }

  /* Closing asks instead of dropping the change. */
  weak = GTK_WIDGET (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (window));
  cm_gui_spin (100);
  g_assert_nonnull (weak);
  g_assert_true (gtk_widget_get_visible (weak));

  /* Once the folder is writable again, Retry (win.save) succeeds. */
  if (blocked_by_directory)
    g_assert_cmpint (g_rmdir (sidecar_path), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_SAVED);
  g_assert_true (g_file_test (sidecar_path, G_FILE_TEST_IS_REGULAR));

  /* The question asked above is still open: answer it by closing it. */
  {
    GList *toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data))
        gtk_window_destroy (GTK_WINDOW (l->data));
    g_list_free (toplevels);
  }

  gtk_window_close (GTK_WINDOW (window));
  cm_gui_spin (100);
  g_assert_null (weak);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}



static gboolean
view_has_selection (gpointer data)
{
  return cm_document_view_get_selection (CM_DOCUMENT_VIEW (data), NULL, NULL);
}

static void
test_find_and_zoom (void)
{
  g_autofree char *dir = NULL;
  CmDocumentView *view;
  GtkWidget *focus;
  CmWindow *window;
  guint start, end;
  g_autofree char *found = NULL;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  view = cm_window_get_document_view (window);

  /* Ctrl+F's action opens the find bar with the focus in its entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  cm_gui_spin (100);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  focus = gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (focus);
  gtk_editable_set_text (GTK_EDITABLE (focus), "immigration detainer");
  /* The current match is selected, ready to be tagged (once the entry's
   * search delay and the search have run). */
  g_assert_true (cm_gui_wait_until (view_has_selection, view, 5));
  g_assert_true (cm_document_view_get_selection (view, &start, &end));
  found = cm_text_index_get_slice (cm_window_get_text_index (window), start, end);
  g_assert_cmpint (g_ascii_strncasecmp (found, "immigration", 11), ==, 0);

  /* A right click offers tagging and copying the selection. */
  g_signal_emit_by_name (view, "context-menu", 100.0, 100.0);
  cm_gui_spin (100);
  {
    GtkWidget *menu = cm_gui_get_context_menu (window);

    g_assert_nonnull (menu);
    g_assert_true (gtk_widget_get_visible (menu));
    gtk_popover_popdown (GTK_POPOVER (menu));
  }

  /* The zoom menu's modes reach the view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-mode", "s", "fit-page"));
  g_assert_cmpint (cm_document_view_get_zoom_mode (view), ==, CM_ZOOM_FIT_PAGE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  g_assert_cmpfloat_with_epsilon (cm_document_view_get_zoom (view), 1.0, 0.001);

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
state_is_document (gpointer data)
{
  return cm_window_get_state (CM_WINDOW (data)) == CM_WINDOW_STATE_DOCUMENT;
}

/* While a long file's text is read, its pages have the focus, and Ctrl+F
 * opens the find bar: what is typed waits, and is searched, with the focus
 * left in the entry, once the text is read. */
static void
test_find_while_reading (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *found = NULL;
  CmWindow *window = open_long_while_reading (&dir);
  CmDocumentView *view;
  GtkWidget *focus, *entry;
  guint start, end;

  if (window == NULL)
    return;
  view = cm_window_get_document_view (window);
  /* The pages can be read meanwhile: Page Down goes to the view. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (view));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  cm_gui_spin (100);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  entry = gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "blind text");
  /* Past the entry's search delay: nothing to search in yet, and it says so. */
  cm_gui_spin (500);
  if (cm_window_get_state (window) == CM_WINDOW_STATE_READING)
    {
      g_assert_nonnull (cm_gui_find_label (GTK_WIDGET (window), _("Reading the text…")));
      g_assert_false (cm_document_view_get_selection (view, NULL, NULL));
    }
  else
    g_test_message ("the text was read within the search delay: the wait was not seen");

  g_assert_true (cm_gui_wait_until (state_is_document, window, 60));
  g_assert_true (cm_gui_wait_until (view_has_selection, view, CM_GUI_WAIT_TIMEOUT_S));
  g_assert_true (cm_document_view_get_selection (view, &start, &end));
  found = cm_text_index_get_slice (cm_window_get_text_index (window), start, end);
  g_assert_cmpint (g_ascii_strncasecmp (found, "blind text", 10), ==, 0);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) == entry);

  destroy_and_wait (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Clicking a highlight opens the popover on that annotation; Delete there
 * removes it, as one undoable step. */
static void
test_edit_existing (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CmAnnotation) annotation = NULL;
  GtkWidget *popover;
  GtkWidget *delete_button;
  CmWindow *window;
  CmReview *review;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  review = cm_window_get_review (window);
  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "partial", "");
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 1);
  annotation = g_list_model_get_item (cm_review_get_annotations (review), 0);

  g_signal_emit_by_name (cm_window_get_document_view (window), "annotation-activated",
                         cm_annotation_get_id (annotation), 40.0, 40.0);
  cm_gui_spin (200);
  popover = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_TAG_POPOVER);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));

  delete_button = cm_gui_find_button (popover, _("_Delete"));
  g_assert_nonnull (delete_button);
  g_assert_true (gtk_widget_get_visible (delete_button));
  g_signal_emit_by_name (delete_button, "clicked");
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
  /* The deletion leaves a tombstone for merges, and undo brings it back. */
  g_assert_nonnull (cm_review_lookup_tombstone (review, cm_annotation_get_id (annotation)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 1);

  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The verdict dropdown of an item's page records the reviewer's verdict. */
static gboolean
is_assessment_filter (GtkWidget     *widget,
                      gconstpointer  data)
{
  GListModel *model;

  if (!GTK_IS_DROP_DOWN (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  return GTK_IS_STRING_LIST (model) &&
         g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), _("All assessments")) == 0;
}

/* Filters that hide every annotation say so, and one button clears them;
 * an empty review still says how to tag. */
static void
test_annotation_filters (void)
{
  g_autofree char *dir = NULL;
  GtkWidget *panel, *filter, *clear;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (cm_gui_find_descendant (panel, ADW_TYPE_VIEW_STACK)),
                                         "annotations");
  cm_gui_spin (200);
  g_assert_nonnull (cm_gui_find_label (panel, _("No Annotations")));
  clear = cm_gui_find_button (panel, _("_Clear Filters"));
  g_assert_nonnull (clear);
  g_assert_false (gtk_widget_get_visible (clear));

  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "weak", "");
  filter = cm_gui_find_matching (panel, is_assessment_filter, NULL);
  g_assert_nonnull (filter);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), 1 + CM_ASSESSMENT_HARMFUL);
  cm_gui_spin (200);
  g_assert_nonnull (cm_gui_find_label (panel, _("No Matching Annotations")));
  g_assert_true (gtk_widget_get_mapped (clear));
  cm_gui_save_screenshot (GTK_WIDGET (window), "annotations-filtered");

  g_signal_emit_by_name (clear, "clicked");
  cm_gui_spin (200);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (filter)), ==, 0);
  g_assert_false (gtk_widget_get_mapped (clear));

  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_verdict_from_panel (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CmReview) saved = NULL;
  GtkWidget *panel;
  GtkWidget *dropdown;
  CmVerdict *verdict;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  g_assert_nonnull (panel);

  cm_checklist_panel_show_item (CM_CHECKLIST_PANEL (panel), "coop.no-287g");
  dropdown = cm_gui_find_descendant (panel, GTK_TYPE_DROP_DOWN);
  /* The first dropdown of the panel is the verdict on the item's page. */
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), CM_ASSESSMENT_HARMFUL);

  verdict = cm_review_lookup_verdict (cm_window_get_review (window), "coop.no-287g");
  g_assert_nonnull (verdict);
  g_assert_cmpint (cm_verdict_get_assessment (verdict), ==, CM_ASSESSMENT_HARMFUL);
  g_assert_cmpstr (cm_verdict_get_author (verdict), ==, "Ana Ruiz");
  {
    g_autofree char *summary = cm_checklist_panel_dup_summary (CM_CHECKLIST_PANEL (panel));

    g_assert_true (g_str_has_prefix (summary, "1 "));
  }

  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  saved = load_sidecar (window);
  g_assert_nonnull (cm_review_lookup_verdict (saved, "coop.no-287g"));

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
has_two_annotations (gpointer data)
{
  return cm_review_get_n_annotations (cm_window_get_review (CM_WINDOW (data))) == 2;
}

/* Another reviewer saves the same sidecar while the window is open: their
 * tag comes in, and the next save keeps both. */
static void
test_outside_change (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) final = NULL;
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autoptr(CmAnchor) anchor = NULL;
  g_autoptr(GArray) matches = NULL;
  CmTextMatch *match;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));

  /* Ben's copy, saved behind the window's back. His name has markup's
   * characters: the toast announcing his change used to come up empty,
   * with a GTK warning (fatal here). */
  store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, NULL);
  theirs = cm_store_load (store, cm_window_get_sidecar_file (window), NULL, NULL);
  g_assert_nonnull (theirs);
  matches = cm_text_index_find (cm_window_get_text_index (window), "enter into an agreement under Section 1357(g)", 0);
  g_assert_cmpuint (matches->len, >, 0);
  match = &g_array_index (matches, CmTextMatch, 0);
  anchor = cm_anchor_new_for_range (cm_window_get_text_index (window), match->start, match->end);
  annotation = cm_annotation_new (NULL, "Ben & <Ortiz>", NULL);
  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, "coop.no-287g");
  cm_annotation_set_assessment (annotation, CM_ASSESSMENT_STRONG);
  g_assert_true (cm_review_add_annotation (theirs, annotation));
  g_assert_true (cm_store_save (store, theirs, cm_window_get_sidecar_file (window), NULL, NULL));

  /* The file monitor (or the next focus) brings it in. */
  g_assert_true (cm_gui_wait_until (has_two_annotations, window, 10));
  g_assert_cmpint (cm_window_get_save_state (window), ==, CM_SAVE_STATE_SAVED);
  /* Announced, with only what he did. */
  g_assert_nonnull (cm_gui_find_label (GTK_WIDGET (window), "Ben &amp; &lt;Ortiz&gt; changed this review too: 1 added"));

  /* A local change now saves both. */
  cm_gui_tag (window, "based upon an administrative warrant", "detain.judicial-warrant", "strong", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  final = load_sidecar (window);
  g_assert_cmpuint (cm_review_get_n_annotations (final), ==, 3);

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Tags a second clause of the sample, waits for the save, and returns the
 * sidecar's text. */
static char *
tag_second_clause (CmWindow   *window,
                   const char *sidecar)
{
  char *text = NULL;

  cm_gui_tag (window, "based upon an administrative warrant", "detain.judicial-warrant", "strong", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_true (g_file_get_contents (sidecar, &text, NULL, NULL));
  return text;
}

/* The sample with one tag, saved; returns its sidecar's text. */
static char *
write_tagged_sample (char **dir,
                     char **pdf,
                     char **sidecar)
{
  CmWindow *window = cm_gui_open_sample (dir);
  char *text = NULL;

  *pdf = g_file_get_path (cm_window_get_file (window));
  *sidecar = g_file_get_path (cm_window_get_sidecar_file (window));
  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  cm_gui_destroy_window (window);
  g_assert_true (g_file_get_contents (*sidecar, &text, NULL, NULL));
  return text;
}

/* A sidecar saved by a newer Clausemark (format 2, with an element this
 * version does not know) opens, says so, and keeps both when saved. */
static void
test_newer_format (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) newer = NULL;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  text = write_tagged_sample (&dir, &pdf, &sidecar);
  newer = g_string_new (text);
  g_assert_cmpuint (g_string_replace (newer, "format=\"1\"", "format=\"2\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (newer, "</review>",
                                      "  <future xmlns=\"urn:example:future\">kept</future>\n</review>", 1), ==, 1);
  g_assert_true (g_file_set_contents (sidecar, newer->str, -1, NULL));

  window = cm_gui_open_window (pdf);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 1);
  g_assert_nonnull (cm_gui_find_label_starting (GTK_WIDGET (window),
                                                _("This review was saved by a newer version of Clausemark")));
  g_clear_pointer (&text, g_free);
  text = tag_second_clause (window, sidecar);
  g_assert_nonnull (strstr (text, "format=\"2\""));
  g_assert_nonnull (strstr (text, ">kept</future>"));
  g_assert_nonnull (strstr (text, "detain.judicial-warrant"));

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static gboolean
has_review (gpointer data)
{
  return cm_window_get_review (CM_WINDOW (data)) != NULL;
}

/* A review that cannot be read (here a merge conflict left in it) leaves
 * the ordinance open to be read: nothing can be tagged or saved, the file
 * is not touched, and once it is mended the review comes back. */
static void
test_unreadable_review (void)
{
  static const char conflict[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<review xmlns=\"urn:clausemark:review:1\" format=\"1\">\n"
    "<<<<<<< HEAD\n";
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *good = NULL;
  g_autofree char *text = NULL;
  GtkWidget *tag_button;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  good = write_tagged_sample (&dir, &pdf, &sidecar);
  g_assert_true (g_file_set_contents (sidecar, conflict, -1, NULL));

  window = cm_gui_open_window (pdf);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);
  g_assert_null (cm_window_get_review (window));
  g_assert_nonnull (cm_gui_find_label (GTK_WIDGET (window), _("Read only: the review cannot be read")));
  g_assert_nonnull (cm_gui_find_label_starting (GTK_WIDGET (window), _("The review cannot be read")));
  /* The text can be read and selected, not tagged. */
  g_assert_true (cm_gui_select_quote (window, "based upon an administrative warrant"));
  tag_button = cm_gui_find_matching (GTK_WIDGET (window), has_action_name, "win.tag");
  g_assert_nonnull (tag_button);
  g_assert_false (gtk_widget_is_sensitive (tag_button));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-selection", "(sss)",
                              "detain.judicial-warrant", "strong", "");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_true (cm_window_save (window, NULL));
  cm_gui_save_screenshot (GTK_WIDGET (window), "review-unreadable");
  g_assert_true (g_file_get_contents (sidecar, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, conflict);

  /* Mended, it is read again, and the work goes on. */
  g_assert_true (g_file_set_contents (sidecar, good, -1, NULL));
  g_assert_true (cm_gui_wait_until (has_review, window, 10));
  g_assert_cmpuint (cm_review_get_n_annotations (cm_window_get_review (window)), ==, 1);
  g_assert_nonnull (cm_gui_find_label_starting (GTK_WIDGET (window), _("The review can be read now")));
  g_clear_pointer (&text, g_free);
  text = tag_second_clause (window, sidecar);
  g_assert_nonnull (strstr (text, "detain.no-detainer-holds"));
  g_assert_nonnull (strstr (text, "detain.judicial-warrant"));

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
has_conflict (gpointer data)
{
  return cm_review_get_conflicts (cm_window_get_review (CM_WINDOW (data)))->len > 0;
}

/* Two reviewers change the same tag: both versions are kept, and the
 * popover offers the other one. */
static void
test_conflict (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmAnnotation) mine = NULL;
  g_autoptr(CmAnnotation) their_version = NULL;
  g_autofree char *id = NULL;
  GtkWidget *panel;
  GtkWidget *popover;
  GtkWidget *use_theirs;
  CmWindow *window;
  CmReview *review;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  review = cm_window_get_review (window);
  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "");
  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  {
    g_autoptr(CmAnnotation) first = g_list_model_get_item (cm_review_get_annotations (review), 0);

    id = g_strdup (cm_annotation_get_id (first));
  }

  /* Ben makes it harmful on disk... */
  store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, NULL);
  theirs = cm_store_load (store, cm_window_get_sidecar_file (window), NULL, NULL);
  their_version = cm_annotation_copy (cm_review_lookup_annotation (theirs, id));
  cm_annotation_set_assessment (their_version, CM_ASSESSMENT_HARMFUL);
  cm_annotation_set_author (their_version, "Ben Ortiz");
  cm_annotation_touch (their_version);
  g_assert_true (cm_review_replace_annotation (theirs, their_version));

  /* ...while Ana makes it weak here. */
  mine = cm_annotation_copy (cm_review_lookup_annotation (review, id));
  cm_annotation_set_assessment (mine, CM_ASSESSMENT_WEAK);
  cm_annotation_touch (mine);
  g_assert_true (cm_review_replace_annotation (review, mine));
  g_assert_true (cm_store_save (store, theirs, cm_window_get_sidecar_file (window), NULL, NULL));

  g_assert_true (cm_gui_wait_until (has_conflict, window, 10));
  g_assert_cmpint (cm_annotation_get_assessment (cm_review_lookup_annotation (review, id)), ==, CM_ASSESSMENT_WEAK);

  /* Choosing it in the sidebar opens it with both versions. */
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  g_signal_emit_by_name (panel, "annotation-activated", id);
  cm_gui_spin (200);
  popover = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_TAG_POPOVER);
  g_assert_true (gtk_widget_get_visible (popover));
  use_theirs = cm_gui_find_button (popover, _("Use _Theirs"));
  g_assert_nonnull (use_theirs);
  g_assert_true (gtk_widget_is_visible (use_theirs));
  cm_gui_save_screenshot (popover, "conflict-popover");
  g_signal_emit_by_name (use_theirs, "clicked");

  g_assert_cmpuint (cm_review_get_conflicts (review)->len, ==, 0);
  g_assert_cmpint (cm_annotation_get_assessment (cm_review_lookup_annotation (review, id)), ==, CM_ASSESSMENT_HARMFUL);

  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Opening a document that is already open raises its window. */
static void
test_one_window_per_document (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWindow *first;
  guint count = 0;

  if (cm_gui_skip_without_display ())
    return;

  dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (dir);
  file = g_file_new_for_path (pdf);

  g_application_open (G_APPLICATION (app), &file, 1, "");
  first = cm_application_find_window (app, file);
  g_assert_nonnull (first);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  g_assert_true (cm_application_find_window (app, file) == first);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CM_IS_WINDOW (l->data) && cm_window_get_file (l->data) != NULL
        && g_file_equal (cm_window_get_file (l->data), file))
      count++;
  g_assert_cmpuint (count, ==, 1);

  g_assert_true (cm_gui_wait_until (cm_gui_state_is_not_loading, first, CM_GUI_WAIT_TIMEOUT_S));
  cm_gui_destroy_window (CM_WINDOW (first));
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A reviewing session as the README shows it: several tags, a verdict, the
 * item open in the sidebar. Light and dark. */
/* The checklist speaks the reader's language: every item of the bundled
 * checklist, and the question on an item's page, show in Spanish under
 * LANGUAGE=es, and as the file words them otherwise. */
static void
test_checklist_in_language (void)
{
  g_autofree char *dir = NULL;
  const char *language = g_getenv ("LANGUAGE");
  gboolean spanish = language != NULL && g_str_has_prefix (language, "es");
  CmChecklist *checklist;
  CmChecklistItem *item;
  GPtrArray *items;
  GtkWidget *panel;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  checklist = cm_window_get_checklist (window);
  g_assert_nonnull (checklist);
  items = cm_checklist_get_items (checklist);
  g_assert_cmpuint (items->len, >, 0);

  for (guint i = 0; i < items->len; i++)
    {
      const char *title = cm_checklist_item_get_title (g_ptr_array_index (items, i));
      const char *shown = cm_checklist_translate (title);

      if (spanish)
        g_assert_cmpstr (shown, !=, title);
      else
        g_assert_cmpstr (shown, ==, title);
      g_assert_nonnull (cm_gui_find_label (panel, shown));
    }

  item = cm_checklist_lookup_item (checklist, "detain.judicial-warrant");
  cm_checklist_panel_show_item (CM_CHECKLIST_PANEL (panel), "detain.judicial-warrant");
  cm_gui_spin (200);
  if (spanish)
    g_assert_true (g_str_has_prefix (cm_checklist_translate (cm_checklist_item_get_question (item)), "¿"));
  g_assert_nonnull (cm_gui_find_label (panel, cm_checklist_translate (cm_checklist_item_get_question (item))));
  g_assert_nonnull (cm_gui_find_label (panel, cm_checklist_translate (cm_checklist_item_get_guidance (item))));

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* So do the plugins' names and descriptions (Preferences lists them): each
 * built .plugin file carries the translations of its source's keys. */
static void
test_plugins_in_language (void)
{
  const char *language = g_getenv ("LANGUAGE");
  gboolean spanish = language != NULL && g_str_has_prefix (language, "es");
  GListModel *plugins = cm_plugin_engine_get_plugins (cm_plugin_engine_get_default ());

  g_assert_cmpuint (g_list_model_get_n_items (plugins), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (plugins); i++)
    {
      g_autoptr(CmPluginInfo) info = g_list_model_get_item (plugins, i);
      const char *id = cm_plugin_info_get_id (info);
      g_autofree char *basename = g_strconcat (id, ".plugin.desktop.in", NULL);
      g_autofree char *source = g_build_filename (g_getenv ("CLAUSEMARK_SOURCE_ROOT"), "plugins", id, basename,
                                                  NULL);
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;
      g_autofree char *description = NULL;

      g_key_file_load_from_file (keyfile, source, G_KEY_FILE_NONE, &error);
      g_assert_no_error (error);
      name = g_key_file_get_string (keyfile, "Plugin", "Name", NULL);
      description = g_key_file_get_string (keyfile, "Plugin", "Description", NULL);
      /* A name may stay as it is ("XFDF"); a description is a sentence. */
      if (spanish)
        g_assert_cmpstr (cm_plugin_info_get_description (info), !=, description);
      else
        {
          g_assert_cmpstr (cm_plugin_info_get_name (info), ==, name);
          g_assert_cmpstr (cm_plugin_info_get_description (info), ==, description);
        }
    }
}

static gboolean
is_sidebar_button (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.toggle-sidebar") == 0;
}

/* The sidebar's button says what pressing it does: hide the checklist
 * while it is shown, show it while hidden. */
static void
test_sidebar_button_tooltip (void)
{
  g_autofree char *dir = NULL;
  gboolean shown = FALSE;
  GtkWidget *button;
  CmWindow *window;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  button = cm_gui_find_matching (GTK_WIDGET (window), is_sidebar_button, NULL);
  g_assert_nonnull (button);
  g_object_get (window, "sidebar-visible", &shown, NULL);
  g_assert_true (shown);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, _("Hide Checklist (F9)"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
  g_object_get (window, "sidebar-visible", &shown, NULL);
  g_assert_false (shown);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, _("Show Checklist (F9)"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, _("Hide Checklist (F9)"));
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The label inside the zoom button. */
static const char *
get_zoom_text (CmWindow *window)
{
  GtkWidget *inscription = cm_gui_find_descendant (GTK_WIDGET (window), GTK_TYPE_INSCRIPTION);

  g_assert_nonnull (inscription);
  return gtk_inscription_get_text (GTK_INSCRIPTION (inscription));
}

/* While the sidebar slides, the page fits the width at every frame and
 * the zoom button follows, without GTK ever drawing a widget before its
 * size is known. It warned "Trying to snapshot GtkStack without a current
 * allocation" several times a slide, when the button's label was rebuilt
 * for each new zoom; g_test_init() makes that warning fatal. */
static void
test_sidebar_slide (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *expected = NULL;
  CmDocumentView *view;
  CmWindow *window;
  double zoom;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_gui_open_sample (&dir);
  view = cm_window_get_document_view (window);
  /* (Tests before may have left another zoom in the settings.) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-mode", "s", "fit-width"));
  cm_gui_spin (100);
  g_assert_cmpint (cm_document_view_get_zoom_mode (view), ==, CM_ZOOM_FIT_WIDTH);
  zoom = cm_document_view_get_zoom (view);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
      cm_gui_spin (700);
      g_clear_pointer (&expected, g_free);
      expected = g_strdup_printf ("%.0f%%", cm_document_view_get_zoom (view) * 100.0);
      g_assert_cmpstr (get_zoom_text (window), ==, expected);
      gtk_test_accessible_assert_property (gtk_widget_get_parent (gtk_widget_get_ancestor (
                                             cm_gui_find_descendant (GTK_WIDGET (window), GTK_TYPE_INSCRIPTION),
                                             GTK_TYPE_BUTTON)),
                                           GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
      if (i == 0)
        g_assert_cmpfloat (cm_document_view_get_zoom (view), >, zoom);
    }
  g_assert_cmpfloat_with_epsilon (cm_document_view_get_zoom (view), zoom, 0.001);
  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Every control a reviewer meets has a name a screen reader can say: the
 * start page, the document with its find bar and both sidebar views, an
 * item's page, the tag popover (new and editing), Preferences. */
static void
test_accessible_names (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *locked = cm_test_fixture_path ("chicago-encrypted.pdf");
  CmChecklistPanel *panel;
  CmWindow *window;
  GtkWidget *preferences;
  GtkPopover *popover;

  if (cm_gui_skip_without_display ())
    return;
  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    {
      g_test_skip ("accessible properties are only kept with GTK_A11Y=test");
      return;
    }

  window = cm_gui_new_empty_window ();
  cm_gui_assert_all_named (GTK_WIDGET (window), "the start page");
  cm_gui_destroy_window (window);
  window = cm_gui_open_window (locked);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_PASSWORD);
  cm_gui_assert_all_named (GTK_WIDGET (window), "the password page");
  cm_gui_destroy_window (window);

  window = cm_gui_open_sample (&dir);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  cm_gui_spin (500);
  cm_gui_assert_all_named (GTK_WIDGET (window), "the document and its find bar");
  panel = CM_CHECKLIST_PANEL (cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (cm_gui_find_descendant (GTK_WIDGET (panel),
                                                                                ADW_TYPE_VIEW_STACK)),
                                         "annotations");
  cm_gui_spin (300);
  cm_gui_assert_all_named (GTK_WIDGET (window), "the list of annotations");
  cm_checklist_panel_show_item (panel, "detain.no-detainer-holds");
  cm_gui_spin (300);
  cm_gui_assert_all_named (GTK_WIDGET (window), "an item's page");
  g_assert_true (cm_gui_select_quote (window, "civil immigration enforcement"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag", NULL));
  cm_gui_spin (300);
  cm_gui_assert_all_named (GTK_WIDGET (window), "the tag popover");
  popover = GTK_POPOVER (cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_TAG_POPOVER));
  gtk_popover_popdown (popover);
  cm_gui_spin (300);

  /* A tag opened to edit: its replies, Delete. */
  cm_gui_tag (window, "civil immigration enforcement", "detain.no-detainer-holds", "strong", "Named?");
  g_assert_true (cm_gui_select_quote (window, "civil immigration enforcement"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-tag", NULL));
  cm_gui_spin (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_nonnull (cm_gui_find_label (GTK_WIDGET (popover), _("Replies")));
  cm_gui_assert_all_named (GTK_WIDGET (window), "the tag popover, editing a tag");
  gtk_popover_popdown (popover);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = cm_gui_find_toplevel (CM_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  cm_gui_spin (300);
  cm_gui_assert_all_named (preferences, "Preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_screenshots (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CmVerdict) verdict = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *author = NULL;
  CmWindow *window;
  GtkWidget *panel;

  if (cm_gui_skip_without_display ())
    return;

  window = cm_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  cm_gui_save_screenshot (GTK_WIDGET (window), "start");
  cm_gui_destroy_window (window);

  window = cm_gui_open_sample (&dir);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_DOCUMENT);

  cm_gui_tag (window, "based upon an immigration detainer", "detain.no-detainer-holds", "strong", "");
  cm_gui_tag (window, "based upon an administrative warrant", "detain.judicial-warrant", "strong", "");
  cm_gui_tag (window, "enter into an agreement under Section 1357(g)", "coop.no-287g", "strong", "");
  cm_gui_tag (window, "unless required to disclose information", "info.no-status-sharing", "weak",
       "Savings clause for federal law.");

  author = cm_application_dup_author (app, NULL);
  verdict = cm_verdict_new ("detain.no-detainer-holds", CM_ASSESSMENT_STRONG, author);
  cm_verdict_set_rationale (verdict, "Detainers alone never justify holding anyone.");
  cm_review_set_verdict (cm_window_get_review (window), verdict);

  panel = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_CHECKLIST_PANEL);
  g_assert_nonnull (panel);
  {
    g_autofree char *summary = cm_checklist_panel_dup_summary (CM_CHECKLIST_PANEL (panel));

    g_assert_true (g_str_has_prefix (summary, "1 "));
  }

  g_assert_true (cm_gui_wait_until (cm_gui_save_settled, window, 10));
  g_assert_true (cm_gui_select_quote (window, "based upon an administrative warrant"));
  {
    guint start, end;

    g_assert_true (cm_document_view_get_selection (cm_window_get_document_view (window), &start, &end));
    cm_document_view_clear_selection (cm_window_get_document_view (window));
    cm_document_view_scroll_to_range (cm_window_get_document_view (window), start, end, FALSE);
  }
  cm_gui_spin (1500);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cm_gui_save_screenshot (GTK_WIDGET (window), "window-light");

  /* The tag popover, as T opens it on a selection. */
  g_assert_true (cm_gui_select_quote (window, "transfer any person into ICE custody"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag", NULL));
  {
    GtkWidget *popover = cm_gui_find_descendant (GTK_WIDGET (window), CM_TYPE_TAG_POPOVER);

    g_assert_nonnull (popover);
    cm_gui_spin (300);
    g_assert_true (gtk_widget_get_visible (popover));
    cm_gui_save_screenshot (popover, "tag-popover-light");
    gtk_popover_popdown (GTK_POPOVER (popover));
  }
  cm_document_view_clear_selection (cm_window_get_document_view (window));

  /* The list of all annotations, then the preferences and the shortcuts. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (cm_gui_find_descendant (panel, ADW_TYPE_VIEW_STACK)), "annotations");
  cm_gui_save_screenshot (GTK_WIDGET (window), "annotations-light");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (cm_gui_find_descendant (panel, ADW_TYPE_VIEW_STACK)), "checklist");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  {
    GtkWidget *preferences = NULL;

    cm_gui_spin (300);
    preferences = cm_gui_find_toplevel (CM_TYPE_PREFERENCES_WINDOW);
    g_assert_nonnull (preferences);
    cm_gui_save_screenshot (preferences, "preferences-light");
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  {
    GtkWidget *shortcuts = NULL;

    cm_gui_spin (300);
    shortcuts = cm_gui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
    g_assert_nonnull (shortcuts);
    cm_gui_save_screenshot (shortcuts, "shortcuts-light");
    gtk_widget_set_visible (shortcuts, FALSE);
  }

  cm_checklist_panel_show_item (CM_CHECKLIST_PANEL (panel), "detain.no-detainer-holds");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  cm_gui_spin (500);
  cm_gui_save_screenshot (GTK_WIDGET (window), "window-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  cm_gui_destroy_window (window);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_gui_test_init (&argc, &argv);
  have_display = app != NULL;

  g_test_add_func ("/window/start-page", test_start_page);
  g_test_add_func ("/window/tag/autosave-undo", test_tag_autosave_undo);
  g_test_add_func ("/window/open/first-frame", test_open_first_frame);
  g_test_add_func ("/window/open/damaged", test_open_damaged);
  g_test_add_func ("/window/open/destroyed-while-reading", test_destroy_while_reading);
  g_test_add_func ("/window/save/on-destroy", test_destroy_saves);
  g_test_add_func ("/window/open/encrypted", test_open_encrypted);
  g_test_add_func ("/window/save/read-only", test_save_read_only);
  g_test_add_func ("/window/save/close-keeps-rationale", test_close_keeps_rationale);
  g_test_add_func ("/window/save/close-discarding", test_close_discarding);
  g_test_add_func ("/window/save/outside-change", test_outside_change);
  g_test_add_func ("/window/open/newer-format", test_newer_format);
  g_test_add_func ("/window/open/unreadable-review", test_unreadable_review);
  g_test_add_func ("/window/save/conflict", test_conflict);
  g_test_add_func ("/window/find-and-zoom", test_find_and_zoom);
  g_test_add_func ("/window/sidebar-slide", test_sidebar_slide);
  g_test_add_func ("/window/accessible-names", test_accessible_names);
  g_test_add_func ("/window/find-while-reading", test_find_while_reading);
  g_test_add_func ("/window/tag/edit-existing", test_edit_existing);
  g_test_add_func ("/window/verdict/from-panel", test_verdict_from_panel);
  g_test_add_func ("/window/annotations/filters", test_annotation_filters);
  g_test_add_func ("/window/open/one-window-per-document", test_one_window_per_document);
  g_test_add_func ("/window/language/checklist", test_checklist_in_language);
  g_test_add_func ("/window/language/plugins", test_plugins_in_language);
  g_test_add_func ("/window/sidebar/tooltip", test_sidebar_button_tooltip);
  g_test_add_func ("/window/screenshots", test_screenshots);

  return cm_gui_test_run ();
}
