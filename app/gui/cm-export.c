/* cm-export.c: the window's export and XFDF import helpers: the format dialog, the export job and the import. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cm-export.h"

/* Export dialog */

static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *row,
                  gpointer       user_data)
{
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "cm-check");

  if (check != NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
}

/* Enter on a format (reached with the arrows) chooses it, then goes on to
 * the dialog's default, Export: GTK 4.8 binds nothing to Enter on a row,
 * so Enter exported the format chosen before, not the one under the focus. */
static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     gpointer               user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *row = gtk_widget_get_focus_child (list);

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0 && GTK_IS_LIST_BOX_ROW (row))
    row_activated_cb (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row), NULL);
  return FALSE;
}

GtkWidget *
cm_export_dialog_new (GtkWindow *parent,
                      GPtrArray *exporters)
{
  GtkWidget *dialog;
  GtkWidget *list;
  GtkEventController *keys;
  GtkCheckButton *group = NULL;
  GPtrArray *checks = g_ptr_array_new ();

  g_return_val_if_fail (exporters != NULL, NULL);

  dialog = adw_message_dialog_new (parent, _("Export Review"),
                                   _("Choose a format. The export holds the tags, notes and verdicts as they are now."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect (list, "row-activated", G_CALLBACK (row_activated_cb), NULL);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_pressed_cb), NULL);
  gtk_widget_add_controller (list, keys);

  for (guint i = 0; i < exporters->len; i++)
    {
      CmExporter *exporter = g_ptr_array_index (exporters, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = g_strdup_printf (".%s", cm_exporter_get_extension (exporter));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cm_exporter_get_label (exporter));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* The row's title names it too, for a screen reader on the button. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cm_exporter_get_label (exporter), -1);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      /* The first format is chosen, so Export is never without a choice. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), i == 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (row), "cm-check", check);
      g_object_set_data_full (G_OBJECT (check), "cm-exporter", g_object_ref (exporter), g_object_unref);
      gtk_widget_set_name (row, cm_exporter_get_id (exporter));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (checks, check);
    }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data_full (G_OBJECT (dialog), "cm-checks", checks, (GDestroyNotify) g_ptr_array_unref);
  return dialog;
}

CmExporter *
cm_export_dialog_get_exporter (GtkWidget *dialog)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "cm-checks");

  if (checks == NULL)
    return NULL;
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);

      if (gtk_check_button_get_active (check))
        return g_object_get_data (G_OBJECT (check), "cm-exporter");
    }
  return NULL;
}

/* Export job */

typedef struct
{
  CmExporter  *exporter;
  CmReview    *review;
  CmChecklist *checklist;
  CmDocument  *document;
  GFile       *target;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->exporter);
  g_clear_object (&job->review);
  g_clear_object (&job->checklist);
  g_clear_object (&job->document);
  g_clear_object (&job->target);
  g_free (job);
}

char *
cm_dup_display_name (GFile *file)
{
  g_autofree char *basename = NULL;

  if (file == NULL)
    return g_strdup ("");
  basename = g_file_get_basename (file);
  return g_filename_display_name (basename);
}

char *
cm_describe_write_error (const GError *error)
{
  const char *reason = error->message;
  const char *last;
  gsize length;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup (_("its folder does not exist"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_strdup (_("permission denied"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    return g_strdup (_("the folder is read-only"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return g_strdup (_("the disk is full"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    return g_strdup (_("a folder of that name is in the way"));
  /* Wrapped messages name the file at each level ("Could not read … /path:
   * Error opening file /path: Is a directory"); the system's reason ends
   * them. Without its full stop: the caller's sentence goes on. */
  last = g_strrstr (reason, ": ");
  if (last != NULL && last[2] != '\0')
    reason = last + 2;
  length = strlen (reason);
  while (length > 0 && reason[length - 1] == '.')
    length--;
  return g_strndup (reason, length);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = cm_dup_display_name (job->target);
  gboolean existed = g_file_query_exists (job->target, NULL);

  stream = g_file_replace (job->target, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &error);
  if (stream == NULL)
    {
      g_autofree char *why = cm_describe_write_error (error);

      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not write “%s”: %s. Choose another folder."), name, why);
      return;
    }
  if (!cm_exporter_export (job->exporter, job->review, job->checklist, job->document,
                           G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      /* Closing with a cancelled cancellable drops the temporary file and
       * keeps what TARGET held; a file that was not there goes away. */
      abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      if (!existed)
        g_file_delete (job->target, NULL, NULL);
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not export to “%s”: %s"), name, error->message);
      return;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_autofree char *why = cm_describe_write_error (error);

      if (!existed)
        g_file_delete (job->target, NULL, NULL);
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not write “%s”: %s. Choose another folder."), name, why);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
cm_export_file_async (CmExporter          *exporter,
                      CmReview            *review,
                      CmChecklist         *checklist,
                      CmDocument          *document,
                      GFile               *target,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (CM_IS_EXPORTER (exporter));
  g_return_if_fail (CM_IS_REVIEW (review));
  g_return_if_fail (G_IS_FILE (target));

  job = g_new0 (ExportJob, 1);
  job->exporter = g_object_ref (exporter);
  /* The worker reads a snapshot: the live review keeps changing on the
   * main thread while the export runs. */
  job->review = cm_review_snapshot (review);
  job->checklist = checklist != NULL ? g_object_ref (checklist) : NULL;
  job->document = document != NULL ? g_object_ref (document) : NULL;
  job->target = g_object_ref (target);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_export_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  cm_background_run_in_thread (task, export_thread);
}

gboolean
cm_export_file_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* XFDF import */

gint
cm_import_xfdf_file (GFile         *source,
                     CmReview      *review,
                     CmChecklist   *checklist,
                     CmTextIndex   *index,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(CmImporter) importer = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  gint added;

  g_return_val_if_fail (G_IS_FILE (source), -1);
  g_return_val_if_fail (CM_IS_REVIEW (review), -1);

  name = cm_dup_display_name (source);
  importer = cm_plugin_engine_create_importer (cm_plugin_engine_get_default (), "xfdf", &local_error);
  if (importer == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot import “%s”: %s"), name, local_error->message);
      return -1;
    }
  stream = g_file_read (source, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read “%s”: %s"), name, local_error->message);
      return -1;
    }
  added = cm_importer_import (importer, review, checklist, index, G_INPUT_STREAM (stream), cancellable, &local_error);
  if (added < 0)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot import “%s”: %s"), name, local_error->message);
      return -1;
    }
  return added;
}

AdwToast *
cm_text_toast_new (const char *text,
                   guint       timeout)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, timeout);
  return toast;
}

AdwToast *
cm_export_done_toast_new (GFile      *target,
                          const char *open_action)
{
  g_autofree char *name = cm_dup_display_name (target);
  g_autofree char *title = g_strdup_printf (_("Exported to “%s”"), name);
  g_autofree char *uri = g_file_get_uri (target);
  AdwToast *toast = cm_text_toast_new (title, 5);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, open_action);
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  return toast;
}

gboolean
cm_open_uri (GtkWidget   *widget,
             const char  *uri,
             GError     **error)
{
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  return g_app_info_launch_default_for_uri (uri, G_APP_LAUNCH_CONTEXT (context), error);
}
