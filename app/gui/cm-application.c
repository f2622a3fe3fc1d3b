/* cm-application.c: the Clausemark application: windows, settings, the checklist and app-wide actions. */
#include "config.h"

#include <glib/gi18n.h>

#include "cm-application.h"
#include "cm-preferences-window.h"
#include "cm-window.h"

struct _CmApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CmChecklist    *checklist;
};

G_DEFINE_FINAL_TYPE (CmApplication, cm_application, ADW_TYPE_APPLICATION)

/* Running from the build tree (meson devenv, tests, a newcomer trying it
 * out) finds the schema compiled there when none is installed. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, CM_APP_ID, TRUE);

#ifdef CM_BUILD_SCHEMA_DIR
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) build_source = NULL;

      build_source = g_settings_schema_source_new_from_directory (CM_BUILD_SCHEMA_DIR, source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, CM_APP_ID, TRUE);
    }
#endif

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; settings will not be kept", CM_APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
reload_checklist (CmApplication *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->checklist);

  if (self->settings != NULL)
    path = g_settings_get_string (self->settings, "checklist-file");

  if (path != NULL && *path != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      self->checklist = cm_checklist_new_for_file (file, &error);
      if (self->checklist == NULL)
        {
          g_warning ("Using the bundled checklist: %s", error->message);
          g_clear_error (&error);
        }
    }

  if (self->checklist == NULL)
    {
      self->checklist = cm_checklist_new_default (&error);
      if (self->checklist == NULL)
        g_critical ("The bundled checklist cannot be loaded: %s", error->message);
    }
}

static void
apply_disabled_plugins (CmApplication *self)
{
  g_auto(GStrv) disabled = NULL;
  CmPluginEngine *engine = cm_plugin_engine_get_default ();

  if (self->settings == NULL || engine == NULL)
    return;

  disabled = g_settings_get_strv (self->settings, "disabled-plugins");
  for (guint i = 0; disabled[i] != NULL; i++)
    cm_plugin_engine_set_enabled (engine, disabled[i], FALSE);
}

static void
cm_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CmApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Close each window rather than quitting outright: a window with unsaved
   * changes asks first, and the application ends with its last window. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
cm_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CmApplication *self = user_data;
  static const char *developers[] = { "The Clausemark Authors", NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Clausemark"),
                        "application-icon", CM_APP_ID,
                        "developer-name", _("The Clausemark Authors"),
                        "developers", developers,
                        "version", CM_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_WEBSITE "/issues",
                        "comments", _("Review ordinances against a sanctuary checklist: tag clauses, "
                                      "record verdicts, and keep every tag in a sidecar file beside the PDF."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
cm_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  CmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  preferences = cm_preferences_window_new (self);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
cm_application_shortcuts_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  CmApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
cm_application_new_window_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  CmApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (cm_window_new (ADW_APPLICATION (self))));
}

static void
cm_application_open_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CmApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (cm_window_new (ADW_APPLICATION (self)));
      gtk_window_present (window);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", cm_application_quit_action },
  { "about", cm_application_about_action },
  { "preferences", cm_application_preferences_action },
  { "shortcuts", cm_application_shortcuts_action },
  { "new-window", cm_application_new_window_action },
  { "open", cm_application_open_action },
};

static void
cm_application_startup (GApplication *application)
{
  CmApplication *self = CM_APPLICATION (application);

  G_APPLICATION_CLASS (cm_application_parent_class)->startup (application);

  g_set_application_name (_("Clausemark"));
  gtk_window_set_default_icon_name (CM_APP_ID);

  self->settings = create_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::checklist-file",
                             G_CALLBACK (reload_checklist), self, G_CONNECT_SWAPPED);
  reload_checklist (self);
  apply_disabled_plugins (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
}

static void
cm_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (cm_window_new (ADW_APPLICATION (application)));
  gtk_window_present (window);
}

static void
cm_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  CmApplication *self = CM_APPLICATION (application);

  /* One window per document: a file already open raises its window. */
  for (int i = 0; i < n_files; i++)
    {
      GtkWindow *window = cm_application_find_window (self, files[i]);

      if (window == NULL)
        {
          CmWindow *new_window = cm_window_new (ADW_APPLICATION (self));

          cm_window_open_file (new_window, files[i]);
          window = GTK_WINDOW (new_window);
        }
      gtk_window_present (window);
    }
}

static void
cm_application_dispose (GObject *object)
{
  CmApplication *self = CM_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->checklist);

  G_OBJECT_CLASS (cm_application_parent_class)->dispose (object);
}

static void
cm_application_class_init (CmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cm_application_dispose;
  app_class->startup = cm_application_startup;
  app_class->activate = cm_application_activate;
  app_class->open = cm_application_open;
}

static void
cm_application_init (CmApplication *self)
{
}

CmApplication *
cm_application_new (GApplicationFlags flags)
{
  return g_object_new (CM_TYPE_APPLICATION,
                       "application-id", CM_APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/clausemark/Clausemark",
                       NULL);
}

GSettings *
cm_application_get_settings (CmApplication *self)
{
  g_return_val_if_fail (CM_IS_APPLICATION (self), NULL);

  return self->settings;
}

CmChecklist *
cm_application_get_checklist (CmApplication *self)
{
  g_return_val_if_fail (CM_IS_APPLICATION (self), NULL);

  if (self->checklist == NULL)
    reload_checklist (self);
  return self->checklist;
}

char *
cm_application_dup_author (CmApplication *self,
                           gboolean      *is_login_name)
{
  g_autofree char *author = NULL;

  g_return_val_if_fail (CM_IS_APPLICATION (self), NULL);

  if (is_login_name != NULL)
    *is_login_name = FALSE;
  if (self->settings != NULL)
    author = g_settings_get_string (self->settings, "author");
  if (author != NULL && *g_strstrip (author) != '\0')
    return g_steal_pointer (&author);
  return cm_default_author (is_login_name);
}

GtkWindow *
cm_application_find_window (CmApplication *self,
                            GFile         *file)
{
  g_return_val_if_fail (CM_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      GFile *shown;

      if (!CM_IS_WINDOW (l->data))
        continue;
      shown = cm_window_get_file (CM_WINDOW (l->data));
      if (shown != NULL && g_file_equal (shown, file))
        return GTK_WINDOW (l->data);
    }
  return NULL;
}
