/* cm-gui-test-util.c: helpers the window tests share: waiting on the main loop, opening windows, screenshots. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cm-gui-test-util.h"

static CmApplication *app;
static gboolean have_display;
static char *data_home;

CmApplication *
cm_gui_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLAUSEMARK_LOCALEDIR");
  const char *locale = setlocale (LC_ALL, "");

  /* gettext ignores LANGUAGE in the C locale; C.UTF-8 lets LANGUAGE=es work
   * on machines with no other locale installed. */
  if (locale == NULL || g_strcmp0 (locale, "C") == 0 || g_strcmp0 (locale, "POSIX") == 0)
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);

  /* A fresh home for the recent files list, so each run starts empty. */
  data_home = g_dir_make_tmp ("clausemark-window-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* And for where each document was left (XDG_STATE_HOME). */
  g_setenv ("XDG_STATE_HOME", data_home, TRUE);

  if (!gtk_init_check ())
    return NULL;
  adw_init ();
  app = cm_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);
  g_application_hold (G_APPLICATION (app));
  have_display = TRUE;
  /* The name screenshots show; settings live in memory for tests. */
  g_settings_set_string (cm_application_get_settings (app), "author", "Ana Ruiz");
  return app;
}

int
cm_gui_test_run (void)
{
  int status = g_test_run ();

  /* Closed windows told their threads to stop: none may still be inside
   * poppler when the process exits (nor ever hang there in these tests). */
  g_assert_true (cm_background_wait (cm_test_scaled (10000)));

  if (data_home != NULL)
    {
      g_autofree char *recent = g_build_filename (data_home, "recently-used.xbel", NULL);

      g_unlink (recent);
      g_rmdir (data_home);
      g_clear_pointer (&data_home, g_free);
    }
  return status;
}

static gboolean
cm_gui_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}
/* Runs the main loop until CONDITION holds or SECONDS (times
 * CM_TEST_TIMEOUT_SCALE) pass. */
gboolean
cm_gui_wait_until (CmGuiCondition condition,
            gpointer  data,
            guint     seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (cm_test_scaled (seconds), cm_gui_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}
/* Spins the main loop for MS milliseconds: rendering finishes on a worker. */
void
cm_gui_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, cm_gui_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
gboolean
cm_gui_state_is_not_loading (gpointer data)
{
  CmWindowState state = cm_window_get_state (CM_WINDOW (data));

  return state != CM_WINDOW_STATE_LOADING && state != CM_WINDOW_STATE_READING;
}
gboolean
cm_gui_save_settled (gpointer data)
{
  return cm_window_get_save_state (CM_WINDOW (data)) != CM_SAVE_STATE_PENDING;
}
gboolean
cm_gui_skip_without_display (void)
{
  if (!have_display)
    {
      g_test_skip ("no display (run under xvfb-run -a dbus-run-session)");
      return TRUE;
    }
  return FALSE;
}
CmWindow *
cm_gui_new_empty_window (void)
{
  CmWindow *window = cm_window_new (ADW_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  cm_gui_spin (100);
  g_assert_cmpint (cm_window_get_state (window), ==, CM_WINDOW_STATE_START);
  return window;
}
CmWindow *
cm_gui_open_window (const char *path)
{
  CmWindow *window = cm_window_new (ADW_APPLICATION (app));
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  cm_window_open_file (window, file);
  g_assert_true (cm_gui_wait_until (cm_gui_state_is_not_loading, window, CM_GUI_WAIT_TIMEOUT_S));
  return window;
}
CmWindow *
cm_gui_open_sample (char **dir)
{
  g_autofree char *pdf = NULL;

  *dir = cm_test_tmpdir_new ();
  pdf = cm_gui_copy_sample (*dir);
  return cm_gui_open_window (pdf);
}

typedef struct
{
  guint frames;
  guint wanted;
} FrameWait;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  ((FrameWait *) data)->frames++;
  return G_SOURCE_CONTINUE;
}
static gboolean
frames_done (gpointer data)
{
  FrameWait *wait = data;

  return wait->frames >= wait->wanted;
}
/* Lets N frames of WIDGET's frame clock go by (none when it is not mapped):
 * GTK finishes some work in the next frame, e.g. a popover popped down gives
 * back its references in the layout phase, and a window destroyed before
 * that keeps the popover alive for ever. */
void
cm_gui_wait_frames (GtkWidget *widget,
                    guint      n)
{
  FrameWait wait = { 0, n };
  guint id;

  if (!gtk_widget_get_mapped (widget))
    return;
  id = gtk_widget_add_tick_callback (widget, count_frame_cb, &wait, NULL);
  g_assert_true (cm_gui_wait_until (frames_done, &wait, CM_GUI_WAIT_TIMEOUT_S));
  gtk_widget_remove_tick_callback (widget, id);
}
void
cm_gui_destroy_window (CmWindow *window)
{
  /* The frame in progress is finished first (a tick callback runs at the
   * start of a frame; the second one means the first frame is done). */
  cm_gui_wait_frames (GTK_WIDGET (window), 2);
  /* Tests close without asking: the interesting closes are tested apart. */
  gtk_window_destroy (GTK_WINDOW (window));
  cm_gui_spin (50);
}
/* The sample ordinance: data/sample when it is there, else a fixture. */
char *
cm_gui_copy_sample (const char *dir)
{
  const char *root = g_getenv ("CLAUSEMARK_SOURCE_ROOT");
  g_autofree char *sample = NULL;
  g_autofree char *fixture = cm_test_fixture_path ("chicago-plain.pdf");

  if (root != NULL)
    sample = g_build_filename (root, "data", "sample", "welcoming-city.pdf", NULL);
  if (sample != NULL && g_file_test (sample, G_FILE_TEST_EXISTS))
    return cm_test_copy_file (sample, dir, "ordinance.pdf");
  return cm_test_copy_file (fixture, dir, "ordinance.pdf");
}
gboolean
cm_gui_select_quote (CmWindow   *window,
              const char *quote)
{
  CmTextIndex *index = cm_window_get_text_index (window);
  g_autoptr(GArray) matches = NULL;
  CmTextMatch *match;

  g_assert_nonnull (index);
  matches = cm_text_index_find (index, quote, 0);
  if (matches == NULL || matches->len == 0)
    return FALSE;
  match = &g_array_index (matches, CmTextMatch, 0);
  cm_document_view_select_range (cm_window_get_document_view (window), match->start, match->end);
  return TRUE;
}
void
cm_gui_tag (CmWindow   *window,
     const char *quote,
     const char *item,
     const char *assessment,
     const char *note)
{
  g_assert_true (cm_gui_select_quote (window, quote));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-selection", "(sss)",
                                             item, assessment, note));
}
/* Screenshots are kept as test artifacts, light and dark, per language. */
void
cm_gui_save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : ".", "screenshots", NULL);
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = 0, height = 0;

  /* Let animations settle; a popover may need a few frames to be mapped. */
  cm_gui_spin (700);
  for (guint attempt = 0; attempt < 30 && node == NULL; attempt++)
    {
      GtkSnapshot *snapshot;

      if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0)
        {
          cm_gui_spin (100);
          continue;
        }
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        cm_gui_spin (100);
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  filename = g_strdup_printf ("%s-%s.png", name, language != NULL && *language != '\0' ? language : "en");
  path = g_build_filename (dir, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
GtkWidget *
cm_gui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}
GtkWidget *
cm_gui_find_matching (GtkWidget        *widget,
                      CmGuiWidgetMatch  match,
                      gconstpointer     data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cm_gui_find_matching (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return g_type_is_a (G_OBJECT_TYPE (widget), (GType) GPOINTER_TO_SIZE (type));
}

GtkWidget *
cm_gui_find_descendant (GtkWidget *widget,
                        GType      type)
{
  return cm_gui_find_matching (widget, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  label)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), label) == 0;
}

GtkWidget *
cm_gui_find_label (GtkWidget  *widget,
                   const char *label)
{
  return cm_gui_find_matching (widget, is_label, label);
}

static gboolean
is_button (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
cm_gui_find_button (GtkWidget  *widget,
                    const char *label)
{
  return cm_gui_find_matching (widget, is_button, label);
}

static gboolean
is_label_starting (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

GtkWidget *
cm_gui_find_label_starting (GtkWidget  *widget,
                            const char *prefix)
{
  return cm_gui_find_matching (widget, is_label_starting, prefix);
}

GtkWidget *
cm_gui_get_context_menu (CmWindow *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      return child;
  return NULL;
}

GtkEventController *
cm_gui_get_capture_key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }
  return NULL;
}

/* A control: something a reviewer operates, so a screen reader must be
 * able to say what it is. */
static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_SWITCH (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_ENTRY (widget)
         || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget)
         || GTK_IS_TEXT_VIEW (widget) || GTK_IS_SCALE (widget);
}

/* Text shown inside WIDGET, which names a button or a row. */
static gboolean
shows_text (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        return TRUE;
      if (GTK_IS_INSCRIPTION (child) && gtk_inscription_get_text (GTK_INSCRIPTION (child)) != NULL)
        return TRUE;
      if (shows_text (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
         || shows_text (widget);
}

/* Adds to UNNAMED every control under WIDGET that a reviewer can reach
 * and that has no accessible name: no label of its own, no text inside.
 * A control inside another (the button in a drop-down) is part of the
 * outer one. */
static void
collect_unnamed (GtkWidget *widget,
                 gboolean   in_control,
                 GString   *unnamed)
{
  /* Out of reach: hidden, on a stack page not shown, folded away. */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (is_control (widget) && !in_control)
    {
      if (!has_accessible_name (widget))
        {
          const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
          const char *tooltip = gtk_widget_get_tooltip_text (widget);
          const char *icon = GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget)) : NULL;

          g_string_append_printf (unnamed, "\n  %s \"%s\" (icon \"%s\", tooltip \"%s\") in %s",
                                  G_OBJECT_TYPE_NAME (widget), id ? id : "", icon ? icon : "",
                                  tooltip ? tooltip : "", G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
        }
      in_control = TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, in_control, unnamed);
}

void
cm_gui_assert_all_named (GtkWidget  *widget,
                         const char *where)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);

  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    {
      g_test_message ("accessible names in %s not checked: GTK_A11Y is not \"test\"", where);
      return;
    }
  collect_unnamed (widget, FALSE, unnamed);
  if (unnamed->len > 0)
    g_error ("Controls without an accessible name in %s:%s", where, unnamed->str);
}

gboolean
cm_gui_drop_files (GtkWidget  *widget,
                   GFile     **files,
                   gsize       n_files)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, n_files));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
          return accepted;
        }
    }
  g_error ("%s has no drop target", G_OBJECT_TYPE_NAME (widget));
  return FALSE;
}
