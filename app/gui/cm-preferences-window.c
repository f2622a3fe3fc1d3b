/* cm-preferences-window.c: the reviewer's name, the checklist file, the language of scanned pages, and plugins. */
#include "config.h"

#include <glib/gi18n.h>

#include "cm-ocr-job.h"
#include "cm-preferences-window.h"

struct _CmPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  AdwEntryRow          *author_row;
  AdwActionRow         *checklist_row;
  GtkWidget            *checklist_reset_button;
  GtkListBox           *plugin_list;
  AdwComboRow          *ocr_language_row;
  GtkStringList        *ocr_language_names;

  GPtrArray            *ocr_languages;   /* the codes behind OCR_LANGUAGE_NAMES */
  GCancellable         *cancellable;
  CmApplication        *application;
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (CmPreferencesWindow, cm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GSettings *
get_settings (CmPreferencesWindow *self)
{
  return self->application != NULL ? cm_application_get_settings (self->application) : NULL;
}

static void
author_changed_cb (CmPreferencesWindow *self)
{
  GSettings *settings = get_settings (self);
  g_autofree char *author = NULL;

  if (self->loading || settings == NULL)
    return;
  author = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->author_row))));
  g_settings_set_string (settings, "author", author);
}

static void
update_checklist_row (CmPreferencesWindow *self)
{
  GSettings *settings = get_settings (self);
  g_autofree char *path = settings != NULL ? g_settings_get_string (settings, "checklist-file") : NULL;
  CmChecklist *checklist = self->application != NULL ? cm_application_get_checklist (self->application) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  if (path != NULL && *path != '\0')
    subtitle = g_filename_display_name (path);
  else if (checklist != NULL)
    /* Translators: the bundled checklist's title follows. */
    subtitle = g_strdup_printf (_("Bundled: %s"), cm_checklist_translate (cm_checklist_get_title (checklist)));
  else
    subtitle = g_strdup (_("Bundled checklist"));

  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->checklist_row, escaped);
  gtk_widget_set_visible (self->checklist_reset_button, path != NULL && *path != '\0');
}

static void
checklist_response_cb (CmPreferencesWindow  *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(GError) error = NULL;
  GSettings *settings = get_settings (self);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  if (file == NULL || settings == NULL)
    return;

  /* Check it now, so a broken file is refused here rather than silently
   * replaced by the bundled checklist later. */
  checklist = cm_checklist_new_for_file (file, &error);
  if (checklist == NULL)
    {
      /* A dialog, not a toast: the message quotes the file (a toast read it
       * as markup) and says how to fix it (a toast cut it short). */
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("This Checklist Cannot Be Used"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  g_settings_set_string (settings, "checklist-file", g_file_peek_path (file));
  update_checklist_row (self);
}

static void
checklist_choose_cb (CmPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Checklist"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Checklists (XML)"));
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (checklist_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
checklist_reset_cb (CmPreferencesWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    g_settings_set_string (settings, "checklist-file", "");
  update_checklist_row (self);
}

/* Tesseract's codes of the languages of ordinances in the US and of the
 * people they concern; another installed language shows its code. */
static const struct
{
  const char *code;
  const char *name;
} language_names[] = {
  { "eng", N_("English") },
  { "spa", N_("Spanish") },
  { "fra", N_("French") },
  { "por", N_("Portuguese") },
  { "deu", N_("German") },
  { "ita", N_("Italian") },
  { "hat", N_("Haitian Creole") },
  { "chi_sim", N_("Chinese (Simplified)") },
  { "chi_tra", N_("Chinese (Traditional)") },
  { "vie", N_("Vietnamese") },
  { "kor", N_("Korean") },
  { "tgl", N_("Tagalog") },
  { "ara", N_("Arabic") },
  { "rus", N_("Russian") },
  { "ukr", N_("Ukrainian") },
  { "pol", N_("Polish") },
  { "fas", N_("Persian") },
  { "som", N_("Somali") },
  { "amh", N_("Amharic") },
  { "hin", N_("Hindi") },
  { "jpn", N_("Japanese") },
};

/* "English", "English and Spanish", or the codes themselves. */
static char *
describe_language (const char *code)
{
  g_auto(GStrv) parts = g_strsplit (code, "+", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = parts[i];

      for (guint j = 0; j < G_N_ELEMENTS (language_names); j++)
        if (g_str_equal (language_names[j].code, parts[i]))
          name = _(language_names[j].name);
      g_ptr_array_add (names, (gpointer) name);
    }
  if (names->len == 2)
    /* Translators: two languages OCR reads together, "English and Spanish". */
    return g_strdup_printf (_("%s and %s"), (char *) names->pdata[0], (char *) names->pdata[1]);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static void
add_ocr_language (CmPreferencesWindow *self,
                  const char          *code,
                  const char          *name)
{
  g_autofree char *described = name == NULL ? describe_language (code) : NULL;

  g_ptr_array_add (self->ocr_languages, g_strdup (code));
  gtk_string_list_append (self->ocr_language_names, name != NULL ? name : described);
}

static void
ocr_languages_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_task_return_pointer (task, cm_ocr_job_list_languages (), (GDestroyNotify) g_strfreev);
}

/* The choices: the engine's default, each installed language, English
 * with Spanish when both are there (bilingual ordinances), and whatever
 * the setting names though it is not installed (kept, not lost). */
static void
ocr_languages_ready_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(CmPreferencesWindow) self = user_data;
  g_auto(GStrv) installed = g_task_propagate_pointer (G_TASK (result), NULL);
  GSettings *settings = get_settings (self);
  g_autofree char *current = settings != NULL ? g_settings_get_string (settings, "ocr-language") : NULL;
  guint selected = 0;

  if (g_task_had_error (G_TASK (result)) || self->cancellable == NULL
      || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->loading = TRUE;
  /* Translators: the OCR engine's own choice of language. */
  add_ocr_language (self, "", _("Default (English)"));
  for (guint i = 0; installed != NULL && installed[i] != NULL; i++)
    add_ocr_language (self, installed[i], NULL);
  if (installed != NULL && g_strv_contains ((const char * const *) installed, "eng")
      && g_strv_contains ((const char * const *) installed, "spa"))
    add_ocr_language (self, "eng+spa", NULL);
  if (current != NULL && current[0] != '\0'
      && !g_ptr_array_find_with_equal_func (self->ocr_languages, current, g_str_equal, NULL))
    {
      g_autofree char *name = describe_language (current);
      /* Translators: a language whose OCR data is not installed. */
      g_autofree char *missing = g_strdup_printf (_("%s (not installed)"), name);

      add_ocr_language (self, current, missing);
    }
  if (current != NULL)
    g_ptr_array_find_with_equal_func (self->ocr_languages, current, g_str_equal, &selected);
  adw_combo_row_set_selected (self->ocr_language_row, selected);
  if (installed == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ocr_language_row),
                                 _("Install tesseract-ocr and its language data to recognize "
                                   "scanned pages."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->ocr_language_row), TRUE);
  self->loading = FALSE;
}

static void
ocr_language_selected_cb (CmPreferencesWindow *self)
{
  GSettings *settings = get_settings (self);
  guint selected = adw_combo_row_get_selected (self->ocr_language_row);

  if (self->loading || settings == NULL || selected >= self->ocr_languages->len)
    return;
  g_settings_set_string (settings, "ocr-language", g_ptr_array_index (self->ocr_languages, selected));
}

static void
plugin_switch_cb (GtkSwitch           *toggle,
                  GParamSpec          *pspec,
                  CmPreferencesWindow *self)
{
  CmPluginInfo *info = g_object_get_data (G_OBJECT (toggle), "plugin");
  GSettings *settings = get_settings (self);
  gboolean enabled = gtk_switch_get_active (toggle);
  g_auto(GStrv) disabled = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  const char *id = cm_plugin_info_get_id (info);

  if (self->loading)
    return;

  cm_plugin_engine_set_enabled (cm_plugin_engine_get_default (), id, enabled);
  if (settings == NULL)
    return;

  disabled = g_settings_get_strv (settings, "disabled-plugins");
  for (guint i = 0; disabled[i] != NULL; i++)
    if (g_strcmp0 (disabled[i], id) != 0)
      g_strv_builder_add (builder, disabled[i]);
  if (!enabled)
    g_strv_builder_add (builder, id);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "disabled-plugins", (const char * const *) updated);
}

/* Whether INFO is an enabled store plugin that loaded. */
static gboolean
is_working_store (CmPluginInfo *info)
{
  const char * const *provides = cm_plugin_info_get_provides (info);

  return provides != NULL && g_strv_contains (provides, "store") && cm_plugin_info_is_enabled (info)
         && cm_plugin_info_is_loaded (info);
}

/* Whether INFO is the one working store plugin of PLUGINS. */
static gboolean
is_only_store (GListModel   *plugins,
               CmPluginInfo *info)
{
  guint n_stores = 0;

  if (!is_working_store (info))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (plugins); i++)
    {
      g_autoptr(CmPluginInfo) other = g_list_model_get_item (plugins, i);

      n_stores += is_working_store (other);
    }
  return n_stores == 1;
}

static void
populate_plugins (CmPreferencesWindow *self)
{
  CmPluginEngine *engine = cm_plugin_engine_get_default ();
  GListModel *plugins = engine != NULL ? cm_plugin_engine_get_plugins (engine) : NULL;
  guint n = plugins != NULL ? g_list_model_get_n_items (plugins) : 0;

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No plugins found"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Reviews cannot be saved without a store plugin. Reinstall Clausemark."));
      gtk_list_box_append (self->plugin_list, row);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmPluginInfo) info = g_list_model_get_item (plugins, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      const char *name = cm_plugin_info_get_name (info);
      const char *description = cm_plugin_info_get_description (info);
      const char *load_error = cm_plugin_info_get_error (info);
      g_autofree char *title = g_markup_escape_text (name != NULL ? name : cm_plugin_info_get_id (info), -1);
      g_autofree char *subtitle = NULL;

      if (load_error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not be loaded: %s"), load_error);

          subtitle = g_markup_escape_text (text, -1);
        }
      else if (description != NULL)
        subtitle = g_markup_escape_text (description, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_switch_set_active (GTK_SWITCH (toggle), cm_plugin_info_is_enabled (info));
      /* Without a store, no document opens: the last one stays on. */
      if (is_only_store (plugins, info))
        {
          g_autofree char *text = g_strdup_printf ("%s %s", description != NULL ? description : "",
                                                   _("Required: reviews are saved through it."));

          gtk_widget_set_sensitive (toggle, FALSE);
          g_free (subtitle);
          subtitle = g_markup_escape_text (g_strstrip (text), -1);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name != NULL ? name : cm_plugin_info_get_id (info), -1);
      g_object_set_data_full (G_OBJECT (toggle), "plugin", g_object_ref (info), g_object_unref);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (plugin_switch_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      gtk_list_box_append (self->plugin_list, row);
    }
}

static void
cm_preferences_window_dispose (GObject *object)
{
  CmPreferencesWindow *self = CM_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ocr_languages, g_ptr_array_unref);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cm_preferences_window_parent_class)->dispose (object);
}

static void
cm_preferences_window_class_init (CmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clausemark/Clausemark/cm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, author_row);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, checklist_row);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, checklist_reset_button);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, plugin_list);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, ocr_language_row);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, ocr_language_names);
  gtk_widget_class_bind_template_callback (widget_class, author_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, checklist_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, checklist_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, ocr_language_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_preferences_window_init (CmPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->ocr_languages = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cm_preferences_window_new (CmApplication *application)
{
  CmPreferencesWindow *self;
  g_autofree char *author = NULL;

  g_return_val_if_fail (CM_IS_APPLICATION (application), NULL);

  self = g_object_new (CM_TYPE_PREFERENCES_WINDOW, "application", application, NULL);
  self->application = g_object_ref (application);

  self->loading = TRUE;
  author = cm_application_dup_author (application, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->author_row), author);
  update_checklist_row (self);
  populate_plugins (self);
  self->loading = FALSE;

  /* Asking the engine runs its program: not while the window opens. */
  {
    g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, ocr_languages_ready_cb,
                                        g_object_ref (self));

    cm_background_run_in_thread (task, ocr_languages_thread);
  }

  return GTK_WIDGET (self);
}
