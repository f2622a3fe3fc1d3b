/* cm-window.c: one review window: opening a PDF, its review and sidecar, tagging, find, zoom and autosave. */
#include "config.h"

#include <glib/gi18n.h>

#include "cm-agreement-window.h"
#include "cm-application.h"
#include "cm-checklist-panel.h"
#include "cm-compare-window.h"
#include "cm-export.h"
#include "cm-ocr-job.h"
#include "cm-positions.h"
#include "cm-suggestions.h"
#include "cm-tag-popover.h"
#include "cm-window.h"

/* Autosave waits this long after the last change, so a burst of edits is
 * one write. */
#define AUTOSAVE_DELAY_MS 1000
#define MAX_RECENT_FILES 8
/* When the text is read if the first page never shows (it cannot be drawn). */
#define READ_TEXT_FALLBACK_MS 500
/* "Opening…" shows only for a file that takes longer than this: a quick
 * open goes straight to the pages, without a frame of loading page. */
#define LOADING_PAGE_DELAY_MS 150
/* How long an opened document may wait for page 1 to be rendered before
 * its pages are shown (as placeholders, if it is late). */
#define FIRST_PAGE_WAIT_MS 50

struct _CmWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  GtkToggleButton      *sidebar_button;
  GtkButton            *open_button;
  GtkBox               *page_box;
  GtkEntry             *page_entry;
  GtkLabel             *n_pages_label;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  GtkMenuButton        *zoom_button;
  GtkInscription       *zoom_label;
  GtkToggleButton      *find_button;
  GtkButton            *tag_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *search_label;
  GtkStack             *stack;
  AdwStatusPage        *start_page;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *password_page;
  GtkPasswordEntry     *password_entry;
  GtkLabel             *password_error_label;
  AdwStatusPage        *error_page;
  GtkBox               *recent_box;
  GtkListBox           *recent_list;
  AdwFlap              *flap;
  CmChecklistPanel     *checklist_panel;
  GtkScrolledWindow    *scroller;
  CmDocumentView       *view;
  GMenuModel           *context_menu;

  /* Popovers parented to the window and placed by size_allocate. */
  GtkWidget            *context_popover;
  CmTagPopover         *tag_popover;

  GCancellable         *cancellable;
  GCancellable         *search_cancellable;
  GtkStack             *sidebar_stack;
  GtkSpinner           *reading_spinner;
  GFile                *file;
  char                 *password;
  CmDocument           *document;
  CmTextIndex          *index;
  /* Built on the first tag: the section label each new annotation records. */
  CmSectionMap         *sections;
  CmChecklist          *checklist;
  /* The id of the checklist the review was made with, when it is not the
   * one in Preferences (nor the bundled one): the review is read-only. */
  char                 *other_checklist;
  gboolean              author_offered;
  CmReview             *review;
  CmStore              *store;
  /* The sidecar as a shared file: merge on save, outside changes. */
  CmReviewFile         *review_file;
  GFileMonitor         *sidecar_monitor;
  guint                 refresh_id;
  GFile                *sidecar;
  char                 *message;
  char                 *zoom_mode;

  /* The selection a tag popover was opened for. */
  guint                 tag_start;
  guint                 tag_end;
  double                context_x;
  double                context_y;
  gboolean              has_context_point;
  /* Where the focus goes back to when the tag popover closes: the document
   * view, or the sidebar row it was opened from (a weak pointer). */
  GtkWidget            *focus_after_popover;
  char                 *focus_annotation_id;  /* ... when it is an annotation's card */

  CmWindowState         state;
  CmSaveState           save_state;
  guint                 autosave_id;
  guint                 read_text_id;   /* until the text is read: after page 1 or this */
  guint                 loading_page_id; /* until "Opening…" shows */
  guint                 first_page_id;  /* until the pages show: page 1 or this */
  guint                 header_update_id;
  AdwToast             *save_toast;
  /* Why the review cannot be read, while the ordinance is shown read-only. */
  char                 *review_error;
  AdwToast             *review_error_toast;
  gboolean              close_confirmed;
  gboolean              close_after_save_as;

  /* The export running on a worker, its file and the header's spinner
   * that shows it (not a toast: dismissing a toast while it slides in
   * crashes libadwaita 1.2's overlay). */
  GFile                *export_target;
  GtkWidget            *export_spinner;

  /* What the analyzers proposed, and the part still open (neither
   * dismissed nor tagged), shown when show_suggestions is set. */
  GPtrArray            *all_suggestions;
  GPtrArray            *suggestions;
  gboolean              show_suggestions;
  gboolean              settings_applied;

  /* OCR of the scanned pages: the header's progress while it runs, and
   * how many pages it did, told once the document is read again. */
  AdwToast             *ocr_offer;
  GtkWidget            *ocr_status;
  GtkLabel             *ocr_label;
  gboolean              ocr_running;
  guint                 ocr_pages;
  guint                 ocr_done;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_SAVE_STATE,
  PROP_ZOOM_MODE,
  PROP_SIDEBAR_VISIBLE,
  PROP_SHOW_SUGGESTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmWindow, cm_window, ADW_TYPE_APPLICATION_WINDOW)

G_DEFINE_ENUM_TYPE (CmWindowState, cm_window_state,
  G_DEFINE_ENUM_VALUE (CM_WINDOW_STATE_START, "start"),
  G_DEFINE_ENUM_VALUE (CM_WINDOW_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (CM_WINDOW_STATE_PASSWORD, "password"),
  G_DEFINE_ENUM_VALUE (CM_WINDOW_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (CM_WINDOW_STATE_DOCUMENT, "document"),
  G_DEFINE_ENUM_VALUE (CM_WINDOW_STATE_READING, "reading"))

G_DEFINE_ENUM_TYPE (CmSaveState, cm_save_state,
  G_DEFINE_ENUM_VALUE (CM_SAVE_STATE_SAVED, "saved"),
  G_DEFINE_ENUM_VALUE (CM_SAVE_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (CM_SAVE_STATE_FAILED, "failed"))

static void open_file_internal   (CmWindow *self);
static void review_changed_cb    (CmWindow *self);
static void refresh_suggestions  (CmWindow *self);
static void create_annotation    (CmWindow     *self,
                                  guint         start,
                                  guint         end,
                                  const char   *item_id,
                                  CmAssessment  assessment,
                                  const char   *note);

/* g_set_str() is newer than GLib 2.74. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static CmApplication *
get_application (CmWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return CM_IS_APPLICATION (app) ? CM_APPLICATION (app) : NULL;
}

static GSettings *
get_settings (CmWindow *self)
{
  CmApplication *app = get_application (self);

  return app != NULL ? cm_application_get_settings (app) : NULL;
}

static char *
dup_author (CmWindow *self)
{
  CmApplication *app = get_application (self);

  return app != NULL ? cm_application_dup_author (app, NULL) : cm_default_author (NULL);
}

/* cm_text_toast_new() with a button for ACTION_NAME (or none, when
 * BUTTON_LABEL is NULL). */
static AdwToast *
new_toast (const char *title,
           const char *button_label,
           const char *action_name,
           guint       timeout)
{
  AdwToast *toast = cm_text_toast_new (title, timeout);

  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
    }
  return toast;
}

static void
show_toast (CmWindow   *self,
            const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, new_toast (title, NULL, NULL, 5));
}

/* Header and actions follow the window's state. */
static CmAnnotation *lookup_annotation_at_selection (CmWindow *self);

static void
update_actions (CmWindow *self)
{
  gboolean loaded = self->state == CM_WINDOW_STATE_DOCUMENT;
  /* While the text is read the pages can be read and moved through. */
  gboolean showing = loaded || self->state == CM_WINDOW_STATE_READING;
  /* A review that cannot be read leaves the ordinance to be read only. */
  gboolean reviewing = loaded && self->review != NULL;
  gboolean editable = reviewing && self->other_checklist == NULL;
  gboolean has_selection = FALSE;

  if (loaded)
    has_selection = cm_document_view_get_selection (self->view, NULL, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->checklist_panel), editable || !loaded);
  /* Without its review the checklist would say "not assessed" throughout. */
  gtk_widget_set_visible (adw_flap_get_flap (self->flap), reviewing || !loaded);

  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), reviewing);
  gtk_widget_set_visible (GTK_WIDGET (self->page_box), showing);
  gtk_widget_set_visible (GTK_WIDGET (self->zoom_button), showing);
  /* Searching can start while the text is read: it runs once it is. */
  gtk_widget_set_visible (GTK_WIDGET (self->find_button), showing);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_button), loaded);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), !showing);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.tag", editable && has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.tag-selection", editable && has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy", loaded && has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-tag",
                                 reviewing && has_selection && lookup_annotation_at_selection (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", reviewing && cm_review_can_undo (self->review));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", reviewing && cm_review_can_redo (self->review));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-next", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-previous", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-to-page", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-mode", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-sidebar", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.caret-mode", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-pane", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", reviewing && self->export_target == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-to", reviewing && self->export_target == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-xfdf", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-xfdf-from", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-reviewer", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-reviewer-from", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.review-error-details", self->review_error != NULL);
}

static void
update_title (CmWindow *self)
{
  g_autofree char *name = NULL;
  const char *title = NULL;
  const char *subtitle = NULL;

  /* The title changes with the loading page: a quick open then goes to
   * the pages without a frame before them (which would make the frame
   * with the pages wait for the next refresh). */
  if (self->state == CM_WINDOW_STATE_LOADING && self->loading_page_id != 0)
    return;

  if (self->file == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Clausemark"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Clausemark"));
      return;
    }

  name = cm_dup_display_name (self->file);
  if (self->document != NULL)
    title = cm_document_get_title (self->document);
  if (title == NULL || *title == '\0')
    title = name;

  if (self->state == CM_WINDOW_STATE_READING)
    subtitle = _("Reading the text…");
  else if (self->state == CM_WINDOW_STATE_DOCUMENT && self->review_error != NULL)
    subtitle = _("Read only: the review cannot be read");
  else if (self->state == CM_WINDOW_STATE_DOCUMENT)
    {
      switch (self->save_state)
        {
        case CM_SAVE_STATE_SAVED:
          subtitle = _("All changes saved");
          break;
        case CM_SAVE_STATE_PENDING:
          subtitle = _("Unsaved changes");
          break;
        case CM_SAVE_STATE_FAILED:
          subtitle = _("Not saved — changes kept in memory");
          break;
        default:
          g_assert_not_reached ();
        }
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static gboolean
show_loading_page_cb (gpointer data)
{
  CmWindow *self = data;

  self->loading_page_id = 0;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_title (self);
  return G_SOURCE_REMOVE;
}

static void
set_state (CmWindow      *self,
           CmWindowState  state)
{
  static const char *pages[] = { "start", "loading", "password", "error", "document", "document" };

  gtk_spinner_set_spinning (self->loading_spinner, state == CM_WINDOW_STATE_LOADING);
  gtk_spinner_set_spinning (self->reading_spinner, state == CM_WINDOW_STATE_READING);
  gtk_stack_set_visible_child_name (self->sidebar_stack,
                                    state == CM_WINDOW_STATE_READING ? "reading" : "panel");
  g_clear_handle_id (&self->loading_page_id, g_source_remove);
  if (state == CM_WINDOW_STATE_LOADING)
    self->loading_page_id = g_timeout_add (LOADING_PAGE_DELAY_MS, show_loading_page_cb, self);
  else
    gtk_stack_set_visible_child_name (self->stack, pages[state]);

  if (state != CM_WINDOW_STATE_DOCUMENT && state != CM_WINDOW_STATE_READING)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  if (self->state == state)
    {
      update_actions (self);
      update_title (self);
      return;
    }

  self->state = state;
  update_actions (self);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_save_state (CmWindow    *self,
                CmSaveState  save_state)
{
  if (self->save_state == save_state)
    return;

  self->save_state = save_state;
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_STATE]);
}

static void
set_message (CmWindow   *self,
             const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

static void
show_error_page (CmWindow     *self,
                 const GError *error)
{
  g_autofree char *name = cm_dup_display_name (self->file);
  g_autofree char *title = NULL;

  if (g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_FOUND))
    title = g_strdup_printf (_("“%s” Was Not Found"), name);
  else if (g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_PDF))
    title = g_strdup_printf (_("“%s” Is Not a PDF"), name);
  else if (g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_DAMAGED))
    title = g_strdup_printf (_("“%s” Is Damaged"), name);
  else if (g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NO_PAGES))
    title = g_strdup_printf (_("“%s” Has No Pages"), name);
  else if (g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_TOO_LARGE))
    title = g_strdup_printf (_("“%s” Is Too Large"), name);
  else if (error != NULL && error->domain == CM_STORE_ERROR)
    title = g_strdup_printf (_("The Review of “%s” Cannot Be Read"), name);
  else
    title = g_strdup_printf (_("Cannot Open “%s”"), name);

  set_message (self, error != NULL ? error->message : NULL);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, self->message);
  set_state (self, CM_WINDOW_STATE_ERROR);
}

static void
show_password_page (CmWindow     *self,
                    const GError *error)
{
  g_autofree char *name = cm_dup_display_name (self->file);
  g_autofree char *description = NULL;
  gboolean wrong = g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_BAD_PASSWORD);

  description = g_strdup_printf (_("“%s” is encrypted. Enter its password to open it."), name);
  adw_status_page_set_description (self->password_page, description);
  set_message (self, wrong ? _("That password is not correct. Check it and try again.") : description);
  gtk_label_set_text (self->password_error_label, wrong ? self->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), wrong);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  set_state (self, CM_WINDOW_STATE_PASSWORD);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

/* Recent files (start page) */

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

static void
update_recent_files (CmWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (manager);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, g_get_application_name ())
          && g_strcmp0 (gtk_recent_info_get_mime_type (info), "application/pdf") == 0
          && gtk_recent_info_exists (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent);

  for (guint i = 0; i < infos->len && shown < MAX_RECENT_FILES; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *folder = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (parent != NULL && g_file_is_native (parent))
        {
          g_autofree char *path = g_file_get_path (parent);
          const char *home = g_get_home_dir ();

          if (g_str_has_prefix (path, home) && home[1] != '\0')
            folder = g_strconcat ("~", path + strlen (home), NULL);
          else
            folder = g_steal_pointer (&path);
        }

      title = g_markup_escape_text (gtk_recent_info_get_display_name (info), -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (folder != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (folder, -1);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
        }
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "file", g_steal_pointer (&file), g_object_unref);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_box), shown > 0);
}

static void
recent_row_activated_cb (CmWindow      *self,
                         GtkListBoxRow *row)
{
  GFile *file = g_object_get_data (G_OBJECT (row), "file");

  if (file != NULL)
    cm_window_open_file (self, file);
}

static void
add_to_recent (CmWindow *self)
{
  g_autofree char *uri = g_file_get_uri (self->file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) "application/pdf",
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "clausemark %u",
    .groups = NULL,
    .is_private = FALSE,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* Saving */

/* Dismisses the toast a window keeps a reference to, and lets it go. */
static void
dismiss_toast (AdwToast **toast)
{
  if (*toast != NULL)
    {
      adw_toast_dismiss (*toast);
      g_clear_object (toast);
    }
}

static void
show_save_failed_toast (CmWindow     *self,
                        const GError *error)
{
  g_autofree char *name = cm_dup_display_name (self->sidecar);
  g_autofree char *why = cm_describe_write_error (error);
  g_autofree char *title = NULL;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *retry;

  dismiss_toast (&self->save_toast);

  /* Translators: the file's name, then why ("permission denied"). */
  title = g_strdup_printf (_("Could not save “%s”: %s. Your changes are kept in memory."), name, why);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  retry = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "win.save");
  gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), retry);

  self->save_toast = new_toast (title, NULL, NULL, 0);
  adw_toast_set_custom_title (self->save_toast, box);
  adw_toast_set_button_label (self->save_toast, _("Save _As…"));
  adw_toast_set_action_name (self->save_toast, "win.save-as");
  /* Stays until the reviewer acts: losing sight of it means losing work. */
  adw_toast_set_timeout (self->save_toast, 0);
  adw_toast_set_priority (self->save_toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_ref (self->save_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, self->save_toast);
}

static void resolve_anchors (CmWindow *self,
                             gboolean  report);

/* Tells the reviewer what a merge brought in from another copy. */
static void
report_merge (CmWindow     *self,
              CmMergeStats *stats)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *who = NULL;
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;

  if (stats->added + stats->changed + stats->deleted + stats->conflicts == 0)
    return;

  if (stats->authors != NULL && stats->authors->len > 0)
    {
      g_ptr_array_add (stats->authors, NULL);
      who = g_strjoinv (", ", (char **) stats->authors->pdata);
      g_ptr_array_remove_index (stats->authors, stats->authors->len - 1);
    }
  else
    who = g_strdup (_("Someone else"));

  /* Only what happened: "1 added", not "1 added, 0 changed, 0 deleted". */
  if (stats->added > 0)
    /* Translators: part of "Ben Ortiz changed this review too: 2 added, 1 deleted" (tags and verdicts). */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added", stats->added),
                                             stats->added));
  if (stats->changed > 0)
    /* Translators: part of "Ben Ortiz changed this review too: 2 added, 1 changed". */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed", "%u changed", stats->changed),
                                             stats->changed));
  if (stats->deleted > 0)
    /* Translators: part of "Ben Ortiz changed this review too: 1 changed, 1 deleted". */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deleted", "%u deleted", stats->deleted),
                                             stats->deleted));
  if (stats->conflicts > 0)
    /* Translators: part of "Ben Ortiz changed this review too: 1 changed, 1 conflict kept for you to resolve". */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict kept for you to resolve",
                                                          "%u conflicts kept for you to resolve", stats->conflicts),
                                             stats->conflicts));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of "2 added, 1 deleted". */
  what = g_strjoinv (_(", "), (char **) parts->pdata);
  /* Translators: "Ben Ortiz changed this review too: 2 added, 1 deleted". */
  text = g_strdup_printf (_("%s changed this review too: %s"), who, what);
  show_toast (self, text);
}

/* Saves through the shared sidecar (merging what others saved meanwhile),
 * or, after Save As, straight to the chosen file. */
static gboolean
write_review (CmWindow  *self,
              GError   **error)
{
  CmMergeStats stats = { 0, };
  gboolean ok;

  if (self->review_file != NULL && g_file_equal (cm_review_file_get_file (self->review_file), self->sidecar))
    {
      ok = cm_review_file_save (self->review_file, &stats, NULL, error);
      if (ok && stats.added + stats.changed + stats.deleted + stats.conflicts > 0)
        {
          resolve_anchors (self, FALSE);
          report_merge (self, &stats);
        }
      cm_merge_stats_clear (&stats);
      return ok;
    }

  if (!cm_store_save (self->store, self->review, self->sidecar, NULL, error))
    return FALSE;
  cm_review_mark_saved (self->review);
  return TRUE;
}

gboolean
cm_window_save (CmWindow  *self,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  if (self->review == NULL || self->store == NULL || self->sidecar == NULL)
    return TRUE;

  if (!write_review (self, &local_error))
    {
      g_debug ("Saving %s failed: %s", g_file_peek_path (self->sidecar), local_error->message);
      set_save_state (self, CM_SAVE_STATE_FAILED);
      /* The full reason (read-only folder, disk full) on the title, which is
       * on screen; a tooltip on the toast's own label could be queried
       * before the toast exists. */
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), local_error->message);
      show_save_failed_toast (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  dismiss_toast (&self->save_toast);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
  set_save_state (self, CM_SAVE_STATE_SAVED);
  return TRUE;
}

static gboolean load_review (CmWindow  *self,
                             GError   **error);
static void     show_review (CmWindow  *self);

/* The sidecar exists but cannot be read (not XML, not a review, a merge
 * conflict left in it): the ordinance is shown to be read, nothing is
 * tagged or saved, and the file is left as it is, to be read again once
 * it changes. */
static void
set_review_error (CmWindow     *self,
                  const GError *error)
{
  g_free (self->review_error);
  self->review_error = g_strdup (error->message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), self->review_error);
  update_title (self);
  update_actions (self);
}

static void
clear_review_error (CmWindow *self)
{
  dismiss_toast (&self->review_error_toast);
  if (self->review_error != NULL && self->window_title != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
  g_clear_pointer (&self->review_error, g_free);
}

/* Stays until the review can be read or the reviewer dismisses it. */
static void
show_review_error_toast (CmWindow *self)
{
  dismiss_toast (&self->review_error_toast);
  self->review_error_toast = new_toast (_("The review cannot be read: this ordinance is open to read only"),
                                        _("_Details"), "win.review-error-details", 0);
  g_object_ref (self->review_error_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, self->review_error_toast);
}

/* The sidecar that could not be read has changed: read it again, and
 * once it can be, review as usual. */
static void
retry_review (CmWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!load_review (self, &error))
    {
      if (self->review_file != NULL)
        set_review_error (self, error);
      return;
    }
  clear_review_error (self);
  update_title (self);
  show_review (self);
  show_toast (self, _("The review can be read now: tagging and saving are back"));
}

static void
review_error_details_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autofree char *name = NULL;
  g_autofree char *where = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->review_error == NULL)
    return;
  name = cm_dup_display_name (self->file);
  where = g_file_get_parse_name (self->sidecar);
  heading = g_strdup_printf (_("The Review of “%s” Cannot Be Read"), name);
  /* Translators: the first %s says why the review cannot be read, the
   * second is its file's path. */
  body = g_strdup_printf (_("%s\n\nNothing can be tagged or saved meanwhile, and “%s” is left as it is. "
                            "Once it is mended (a merge conflict resolved, say) it is read again; to start "
                            "a new review instead, move it elsewhere."),
                          self->review_error, where);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Another reviewer (or clausemark-cli) saved the sidecar: bring their work
 * in. Monitors miss changes on network shares, so focus checks too. */
static gboolean
refresh_from_disk_cb (gpointer user_data)
{
  CmWindow *self = user_data;
  CmMergeStats stats = { 0, };
  g_autoptr(GError) error = NULL;

  self->refresh_id = 0;
  if (self->review_file == NULL || !cm_review_file_changed_on_disk (self->review_file))
    return G_SOURCE_REMOVE;
  if (self->review_error != NULL)
    {
      retry_review (self);
      return G_SOURCE_REMOVE;
    }

  if (!cm_review_file_refresh (self->review_file, &stats, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The review changed on disk but cannot be read: %s"), error->message);

      show_toast (self, text);
      return G_SOURCE_REMOVE;
    }
  resolve_anchors (self, FALSE);
  report_merge (self, &stats);
  cm_merge_stats_clear (&stats);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (CmWindow *self)
{
  /* A writer replaces the file in several steps; look once they are done. */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (300, refresh_from_disk_cb, self);
}

static void
window_active_changed_cb (CmWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->review_file != NULL)
    queue_refresh (self);
}

static gboolean
autosave_cb (gpointer user_data)
{
  CmWindow *self = user_data;

  self->autosave_id = 0;
  cm_window_save (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
review_changed_cb (CmWindow *self)
{
  update_actions (self);
  refresh_suggestions (self);

  if (self->review == NULL)
    return;

  if (!cm_review_is_dirty (self->review))
    {
      /* Undone back to what is on disk. */
      g_clear_handle_id (&self->autosave_id, g_source_remove);
      if (self->save_state != CM_SAVE_STATE_FAILED)
        set_save_state (self, CM_SAVE_STATE_SAVED);
      return;
    }

  if (self->save_state != CM_SAVE_STATE_FAILED)
    set_save_state (self, CM_SAVE_STATE_PENDING);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

/* Whether the review is saved in the sidecar beside the PDF, not in a
 * file chosen with Save As. */
static gboolean
sidecar_is_beside (CmWindow *self)
{
  g_autoptr(GFile) beside = cm_store_sidecar_for_document (self->file);

  return g_file_equal (self->sidecar, beside);
}

static void
save_as_response_cb (CmWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) previous = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  if (file == NULL)
    {
      self->close_after_save_as = FALSE;
      return;
    }

  previous = g_steal_pointer (&self->sidecar);
  self->sidecar = g_object_ref (file);
  if (!cm_window_save (self, &error))
    {
      g_set_object (&self->sidecar, previous);
      self->close_after_save_as = FALSE;
      return;
    }
  /* Reopening the document finds the review where it now is. */
  cm_positions_remember_review (self->file, sidecar_is_beside (self) ? NULL : self->sidecar);

  if (self->close_after_save_as)
    gtk_window_close (GTK_WINDOW (self));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->sidecar == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Review As"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_file_get_basename (self->sidecar);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("Clausemark reviews"));
  gtk_file_filter_add_pattern (filter, "*.clausemark.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  cm_checklist_panel_commit_edits (self->checklist_panel);
  if (cm_window_save (self, NULL))
    show_toast (self, _("Review saved"));
}

/* Export and import */

/* A toast that stays until dismissed, for a failure the user must read. */
static void
show_error_toast (CmWindow   *self,
                  const char *message)
{
  AdwToast *toast = cm_text_toast_new (message, 0);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
end_export (CmWindow *self)
{
  if (self->export_spinner != NULL)
    {
      gtk_spinner_stop (GTK_SPINNER (self->export_spinner));
      gtk_widget_set_visible (self->export_spinner, FALSE);
    }
  g_clear_object (&self->export_target);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) target = NULL;

  if (!cm_export_file_finish (result, &error))
    {
      /* Closing the document cancels the export and ends it there. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      end_export (self);
      update_actions (self);
      show_error_toast (self, error->message);
      return;
    }

  target = g_object_ref (self->export_target);
  end_export (self);
  update_actions (self);

  adw_toast_overlay_add_toast (self->toast_overlay, cm_export_done_toast_new (target, "win.open-uri"));
}

static void
start_export (CmWindow   *self,
              CmExporter *exporter,
              GFile      *target)
{
  g_autofree char *name = cm_dup_display_name (target);
  g_autofree char *title = g_strdup_printf (_("Exporting to “%s”…"), name);

  if (self->review == NULL || self->export_target != NULL)
    return;
  if (self->file != NULL && g_file_equal (target, self->file))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot export over “%s”, the PDF under review: choose another name"), name);

      show_error_toast (self, message);
      return;
    }

  self->export_target = g_object_ref (target);
  update_actions (self);

  if (self->export_spinner == NULL)
    {
      self->export_spinner = gtk_spinner_new ();
      adw_header_bar_pack_end (self->header_bar, self->export_spinner);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->export_spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_visible (self->export_spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->export_spinner));

  cm_export_file_async (exporter, self->review, self->checklist, self->document, target,
                        self->cancellable, export_done_cb, g_object_ref (self));
}

static void
export_chooser_response_cb (CmWindow             *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(CmExporter) exporter = g_object_steal_data (G_OBJECT (chooser), "cm-exporter");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  if (file != NULL && exporter != NULL)
    start_export (self, exporter, file);
}

/* Proposes "<the PDF's name>.<extension>" beside the PDF. */
static void
choose_export_file (CmWindow   *self,
                    CmExporter *exporter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = g_file_get_parent (self->file);
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autofree char *pattern = g_strdup_printf ("*.%s", cm_exporter_get_extension (exporter));
  g_autofree char *name = NULL;
  char *dot = g_strrstr (basename, ".");

  if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *dot = '\0';
  /* A PDF export must not propose the reviewed PDF's own name: it is
   * "NAME-report.pdf", "NAME-annotated.pdf" (from the id "annotated-pdf"). */
  if (g_ascii_strcasecmp (cm_exporter_get_extension (exporter), "pdf") == 0)
    {
      g_autofree char *kind = g_strdup (g_str_equal (cm_exporter_get_id (exporter), "pdf")
                                          ? "report" : cm_exporter_get_id (exporter));

      if (g_str_has_suffix (kind, "-pdf"))
        kind[strlen (kind) - strlen ("-pdf")] = '\0';
      name = g_strdup_printf ("%s-%s.pdf", basename, kind);
    }
  else
    name = g_strdup_printf ("%s.%s", basename, cm_exporter_get_extension (exporter));

  chooser = gtk_file_chooser_native_new (_("Export Review"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, cm_exporter_get_label (exporter));
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "cm-exporter", g_object_ref (exporter), g_object_unref);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (export_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_dialog_response_cb (CmWindow   *self,
                           const char *response,
                           GtkWidget  *dialog)
{
  CmExporter *exporter = cm_export_dialog_get_exporter (dialog);

  if (g_strcmp0 (response, "export") == 0 && exporter != NULL && self->file != NULL)
    choose_export_file (self, exporter);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autoptr(GPtrArray) exporters = NULL;
  GtkWidget *dialog;

  if (self->review == NULL)
    return;

  exporters = cm_plugin_engine_create_exporters (cm_plugin_engine_get_default ());
  if (exporters == NULL || exporters->len == 0)
    {
      show_toast (self, _("No export plugin is enabled: turn one on in Preferences"));
      return;
    }
  dialog = cm_export_dialog_new (GTK_WINDOW (self), exporters);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_dialog_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.export-to (format, path): the export without its dialogs, for tests
 * and scripts. */
static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autoptr(CmExporter) exporter = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;
  const char *format;
  const char *path;

  g_variant_get (parameter, "(&s&s)", &format, &path);
  exporter = cm_plugin_engine_create_exporter (cm_plugin_engine_get_default (), format, &error);
  if (exporter == NULL)
    {
      show_error_toast (self, error->message);
      return;
    }
  target = g_file_new_for_commandline_arg (path);
  start_export (self, exporter, target);
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!cm_open_uri (widget, g_variant_get_string (parameter, NULL), &error))
    show_error_toast (CM_WINDOW (widget), error->message);
}

static void
import_xfdf_file (CmWindow *self,
                  GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint added;

  if (self->review == NULL)
    return;

  added = cm_import_xfdf_file (file, self->review, self->checklist, self->index, self->cancellable, &error);
  if (added < 0)
    {
      show_error_toast (self, error->message);
      return;
    }
  title = g_strdup_printf (ngettext ("Imported %d annotation", "Imported %d annotations", added), added);
  show_toast (self, title);
}

static void
import_chooser_response_cb (CmWindow             *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    import_xfdf_file (self, file);
}

static gboolean
xfdf_importer_enabled (void)
{
  CmPluginInfo *info = cm_plugin_engine_lookup_plugin (cm_plugin_engine_get_default (), "xfdf");

  return info != NULL && cm_plugin_info_is_enabled (info);
}

/* Whether the XFDF importer is on; when it is turned off in Preferences,
 * a toast says so, and where (before a file is chosen or dropped). */
static gboolean
can_import_xfdf (CmWindow *self)
{
  if (xfdf_importer_enabled ())
    return TRUE;
  adw_toast_overlay_add_toast (self->toast_overlay,
                               new_toast (_("The XFDF plugin is turned off: turn it on in Preferences"),
                                          _("_Preferences"), "app.preferences", 8));
  return FALSE;
}

static void
import_xfdf_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = NULL;

  if (self->file == NULL || !can_import_xfdf (self))
    return;

  chooser = gtk_file_chooser_native_new (_("Import XFDF Annotations"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  folder = g_file_get_parent (self->file);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_filter_set_name (filter, _("XFDF annotations"));
  gtk_file_filter_add_pattern (filter, "*.xfdf");
  gtk_file_filter_add_pattern (filter, "*.XFDF");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (import_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* win.import-xfdf-from (path): the import without its chooser, for tests. */
static void
import_xfdf_from_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  import_xfdf_file (CM_WINDOW (widget), file);
}

/* Suggestions */

static void
refresh_suggestions (CmWindow *self)
{
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (self->all_suggestions != NULL && self->review != NULL && self->show_suggestions)
    self->suggestions = cm_suggestions_filter (self->all_suggestions, self->review);
  /* Disposing clears the template children before a second close. */
  if (self->view != NULL)
    cm_document_view_set_suggestions (self->view, self->suggestions);
  if (self->checklist_panel != NULL)
    cm_checklist_panel_set_suggestions (self->checklist_panel, self->suggestions);
}

static void
suggestions_ready_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;

  suggestions = cm_suggestions_analyze_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (suggestions == NULL)
    {
      /* Suggestions are a help, not the review: say so and carry on. */
      g_warning ("No clause suggestions: %s", error->message);
      return;
    }
  g_clear_pointer (&self->all_suggestions, g_ptr_array_unref);
  self->all_suggestions = g_steal_pointer (&suggestions);
  refresh_suggestions (self);
}

static void
suggestion_accepted_cb (CmWindow     *self,
                        CmSuggestion *suggestion,
                        int           assessment)
{
  create_annotation (self, cm_suggestion_get_start (suggestion), cm_suggestion_get_end (suggestion),
                     cm_suggestion_get_item_id (suggestion), (CmAssessment) assessment, NULL);
}

static void
suggestion_dismissed_cb (CmWindow     *self,
                         CmSuggestion *suggestion)
{
  if (self->review == NULL)
    return;
  cm_suggestions_dismiss (self->review, suggestion);
  refresh_suggestions (self);
  /* A dismissal changes no annotation, so autosave would not see it. */
  cm_window_save (self, NULL);
}

static void
view_suggestion_activated_cb (CmWindow     *self,
                              CmSuggestion *suggestion,
                              double        x,
                              double        y)
{
  cm_document_view_select_range (self->view, cm_suggestion_get_start (suggestion), cm_suggestion_get_end (suggestion));
  adw_flap_set_reveal_flap (self->flap, TRUE);
  cm_checklist_panel_show_item (self->checklist_panel, cm_suggestion_get_item_id (suggestion));
}

/* Comparing */

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  CmApplication *app = get_application (self);
  CmCompareWindow *compare;

  compare = cm_compare_window_new (GTK_WINDOW (self), app != NULL ? cm_application_get_checklist (app) : NULL);
  gtk_window_present (GTK_WINDOW (compare));
  /* The open ordinance is the first column; its review is saved first so
   * the column shows what is on screen. */
  if (self->file != NULL && self->review != NULL && cm_window_save (self, NULL))
    cm_compare_window_add_file (compare, self->file, NULL);
}

static void
agreement_item_activated_cb (CmWindow   *self,
                             const char *item_id)
{
  if (self->checklist_panel == NULL)
    return;
  adw_flap_set_reveal_flap (self->flap, TRUE);
  cm_checklist_panel_show_item (self->checklist_panel, item_id);
}

/* Another reviewer's sidecar, read through the store plugin like our own,
 * against the live review. A file that is not a review is an error shown
 * here; a review of another version of the PDF is warned about in the
 * agreement window but still compared. */
static void
compare_reviewer_file (CmWindow *self,
                       GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) theirs = NULL;
  CmAgreementWindow *agreement;

  if (self->review == NULL || self->store == NULL || self->checklist == NULL)
    return;

  theirs = cm_store_load (self->store, file, self->cancellable, &error);
  if (theirs == NULL)
    {
      g_autofree char *reason = g_strdup (error->message);
      g_autofree char *message = NULL;

      if (g_str_has_suffix (reason, "."))
        reason[strlen (reason) - 1] = '\0';
      /* Translators: %s is the reason, naming the file. */
      message = g_strdup_printf (_("Cannot compare reviews: %s. Choose a review saved by Clausemark "
                                   "(a .clausemark.xml file)."), reason);
      show_error_toast (self, message);
      return;
    }
  agreement = cm_agreement_window_new (GTK_WINDOW (self), self->checklist, self->review, theirs, file);
  g_signal_connect_object (agreement, "item-activated", G_CALLBACK (agreement_item_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (agreement));
}

static void
compare_reviewer_response_cb (CmWindow             *self,
                              int                   response,
                              GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    compare_reviewer_file (self, file);
}

static void
compare_reviewer_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GFile) folder = NULL;

  if (self->file == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Compare with Another Reviewer"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("C_ompare"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  folder = g_file_get_parent (self->file);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_filter_set_name (filter, _("Clausemark reviews"));
  gtk_file_filter_add_pattern (filter, "*.clausemark.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* A colleague's copy may have been renamed on its way by mail. */
  gtk_file_filter_set_name (all, _("All XML files"));
  gtk_file_filter_add_pattern (all, "*.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (compare_reviewer_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* win.compare-reviewer-from (path): the comparison without its chooser, for tests. */
static void
compare_reviewer_from_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  compare_reviewer_file (CM_WINDOW (widget), file);
}

/* Opening */

static void
resolve_anchors (CmWindow *self,
                 gboolean  report)
{
  GListModel *annotations = cm_review_get_annotations (self->review);
  guint n = g_list_model_get_n_items (annotations);
  guint moved = 0;
  guint orphaned = 0;
  const char *recorded = cm_review_get_document_sha256 (self->review);
  gboolean amended;

  /* Anchors are positions in this document's text: check each against the
   * index; on an amended PDF they move or, failing that, become orphans. */
  amended = recorded != NULL && *recorded != '\0'
            && g_strcmp0 (recorded, cm_document_get_sha256 (self->document)) != 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);

      if (anchor == NULL)
        continue;
      switch (cm_anchor_resolve (anchor, self->index))
        {
        case CM_ANCHOR_STATE_MOVED:
        case CM_ANCHOR_STATE_FUZZY:
          moved++;
          break;
        case CM_ANCHOR_STATE_ORPHANED:
          orphaned++;
          break;
        case CM_ANCHOR_STATE_UNRESOLVED:
        case CM_ANCHOR_STATE_ANCHORED:
        default:
          break;
        }
    }

  if (report && (amended || orphaned > 0))
    {
      g_autofree char *text = NULL;

      if (orphaned > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The PDF changed since it was reviewed: %u tag moved, %u not found (see Orphaned)",
                                             "The PDF changed since it was reviewed: %u tags moved, %u not found (see Orphaned)",
                                             moved),
                                moved, orphaned);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The PDF changed since it was reviewed: %u tag moved",
                                             "The PDF changed since it was reviewed: %u tags moved",
                                             moved),
                                moved);
      show_toast (self, text);
    }
}

/* The review was made with another checklist than Preferences': its items
 * cannot be shown, nor new ones mixed in. Says so until the document is
 * closed, with the way out. */
static void
show_other_checklist (CmWindow *self)
{
  g_autofree char *title = g_strdup_printf (_("This review was made with the checklist “%s”. Choose it "
                                              "in Preferences to review this ordinance."),
                                            self->other_checklist);

  adw_toast_overlay_add_toast (self->toast_overlay, new_toast (title, _("_Preferences"), "app.preferences", 0));
}

static void
stop_watching_sidecar (CmWindow *self)
{
  if (self->sidecar_monitor != NULL)
    {
      g_file_monitor_cancel (self->sidecar_monitor);
      g_clear_object (&self->sidecar_monitor);
    }
}

/* Another reviewer's save, or the reviewer mending a review that could not
 * be read: the sidecar is read again when it changes. */
static void
watch_sidecar (CmWindow *self)
{
  stop_watching_sidecar (self);
  self->sidecar_monitor = g_file_monitor_file (self->sidecar, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->sidecar_monitor != NULL)
    g_signal_connect_object (self->sidecar_monitor, "changed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
}

static gboolean
load_review (CmWindow  *self,
             GError   **error)
{
  g_autoptr(CmReview) review = NULL;
  CmApplication *app = get_application (self);

  g_clear_object (&self->review_file);
  g_clear_object (&self->store);
  g_clear_object (&self->sidecar);
  g_clear_object (&self->checklist);

  self->checklist = app != NULL ? cm_application_get_checklist (app) : NULL;
  if (self->checklist == NULL)
    self->checklist = cm_checklist_new_default (NULL);
  else
    g_object_ref (self->checklist);

  self->store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, error);
  if (self->store == NULL)
    return FALSE;

  self->sidecar = cm_store_sidecar_for_document (self->file);
  /* A review saved elsewhere with Save As (the document's folder was
   * read-only, say) is the one this document reopens with. */
  {
    g_autoptr(GFile) saved_as = cm_positions_lookup_review (self->file);

    if (saved_as != NULL && g_file_query_exists (saved_as, NULL))
      g_set_object (&self->sidecar, saved_as);
  }
  self->review_file = cm_review_file_new (self->store, self->sidecar);
  watch_sidecar (self);
  /* A missing sidecar gives an empty review of this document; one that
   * exists but cannot be read is an error, never silently replaced. */
  review = cm_review_file_load (self->review_file, self->document, self->cancellable, error);
  if (review == NULL)
    return FALSE;

  g_clear_pointer (&self->other_checklist, g_free);
  if (cm_review_get_checklist_id (review) != NULL &&
      g_strcmp0 (cm_review_get_checklist_id (review), cm_checklist_get_id (self->checklist)) != 0)
    {
      g_autoptr(CmChecklist) bundled = cm_checklist_new_default (NULL);

      /* The bundled checklist is the review's: this document uses it. */
      if (bundled != NULL && g_strcmp0 (cm_review_get_checklist_id (review), cm_checklist_get_id (bundled)) == 0)
        g_set_object (&self->checklist, bundled);
      else
        self->other_checklist = g_strdup (cm_review_get_checklist_id (review));
    }

  if (cm_review_get_checklist_id (review) == NULL && cm_review_get_n_annotations (review) == 0
      && self->checklist != NULL)
    {
      cm_review_set_checklist (review,
                               cm_checklist_get_id (self->checklist),
                               cm_checklist_get_version (self->checklist));
      /* A new review is written with its first tag, not on opening. */
      cm_review_clear_history (review);
      cm_review_mark_saved (review);
    }

  self->review = g_steal_pointer (&review);
  g_signal_connect_object (self->review, "changed", G_CALLBACK (review_changed_cb), self, G_CONNECT_SWAPPED);
  resolve_anchors (self, TRUE);
  return TRUE;
}

static void
apply_zoom_mode (CmWindow *self)
{
  CmZoomMode mode = CM_ZOOM_FIT_WIDTH;

  if (g_strcmp0 (self->zoom_mode, "fit-page") == 0)
    mode = CM_ZOOM_FIT_PAGE;
  else if (g_strcmp0 (self->zoom_mode, "free") == 0)
    mode = CM_ZOOM_FREE;

  if (self->document != NULL && cm_document_view_get_zoom_mode (self->view) != mode)
    cm_document_view_set_zoom_mode (self->view, mode);
}

/* Scanned pages cannot be searched or tagged until their text is
 * recognized: say so, and offer to do it when an OCR plugin is there. */
static void
offer_ocr (CmWindow *self)
{
  g_autofree guint *pages = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint n_pages = 0;

  if (self->ocr_done > 0)
    {
      g_autofree char *done = g_strdup_printf (ngettext ("Text recognized on %u scanned page; it is marked OCR and may hold misread words",
                                                         "Text recognized on %u scanned pages; they are marked OCR and may hold misread words",
                                                         self->ocr_done), self->ocr_done);

      self->ocr_done = 0;
      show_toast (self, done);
    }
  pages = cm_ocr_job_pages_to_recognize (self->index, &n_pages);
  if (n_pages == 0)
    return;
  if (!cm_text_index_has_text (self->index))
    title = g_strdup (_("This PDF has no text layer (a scan?): clauses cannot be selected or tagged until its text is recognized."));
  else
    title = g_strdup_printf (ngettext ("%u page has no text layer (a scan?): it cannot be searched or tagged until its text is recognized.",
                                       "%u pages have no text layer (scans?): they cannot be searched or tagged until their text is recognized.",
                                       n_pages), n_pages);
  if (!cm_ocr_job_has_engine ())
    {
      g_autofree char *install = g_strdup_printf ("%s %s", title,
                                                  _("Install the tesseract-ocr package to recognize it."));

      show_toast (self, install);
      return;
    }
  toast = new_toast (title, _("_Recognize Text"), "win.recognize-text", 0);
  g_set_object (&self->ocr_offer, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void search_changed_cb (CmWindow *self);

/* The review (or none, when it cannot be read) goes to the view, the
 * checklist and the tag popover, with what there is to say about it. */
static void
show_review (CmWindow *self)
{
  g_autofree char *author = dup_author (self);

  cm_document_view_set_checklist (self->view, self->checklist);
  cm_document_view_set_review (self->view, self->review);
  cm_checklist_panel_set_author (self->checklist_panel, author);
  cm_checklist_panel_set_review (self->checklist_panel, self->checklist, self->review, self->index);
  cm_tag_popover_set_context (self->tag_popover, self->checklist, self->review, author);
  update_actions (self);

  if (self->review == NULL)
    {
      show_review_error_toast (self);
      return;
    }
  if (!sidecar_is_beside (self))
    {
      g_autofree char *where = g_file_get_parse_name (self->sidecar);
      /* Translators: a path; the review is not in the sidecar beside the PDF. */
      g_autofree char *title = g_strdup_printf (_("This review is kept in “%s”, where it was saved with Save As"),
                                                where);

      show_toast (self, title);
    }
  if (cm_review_get_format (self->review) > CM_REVIEW_FORMAT)
    show_toast (self, _("This review was saved by a newer version of Clausemark: what this version "
                        "does not know of it is kept as it is"));
  if (self->other_checklist != NULL)
    show_other_checklist (self);
  else if (cm_text_index_has_text (self->index) && self->checklist != NULL)
    cm_suggestions_analyze_async (self->index, self->checklist, self->cancellable,
                                  suggestions_ready_cb, g_object_ref (self));
}

static void
show_document (CmWindow *self)
{
  cm_document_view_set_document (self->view, self->document, self->index);
  show_review (self);
  apply_zoom_mode (self);

  set_save_state (self, CM_SAVE_STATE_SAVED);
  set_state (self, CM_WINDOW_STATE_DOCUMENT);
  add_to_recent (self);
  offer_ocr (self);
  /* A search typed while the text was read runs now, and the reviewer
   * goes on typing in it. */
  if (gtk_search_bar_get_search_mode (self->search_bar))
    search_changed_cb (self);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
index_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmTextIndex) index = NULL;

  index = cm_ocr_job_index_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (index == NULL)
    {
      show_error_page (self, error);
      return;
    }

  self->index = g_steal_pointer (&index);
  if (!load_review (self, &error))
    {
      /* Without a store plugin there is nothing to read the review with. */
      if (self->review_file == NULL)
        {
          show_error_page (self, error);
          return;
        }
      /* The ordinance can still be read; its review is left as it is. */
      set_review_error (self, error);
    }
  show_document (self);
}

static void
read_text (CmWindow *self)
{
  cm_ocr_job_index_async (self->document, self->cancellable, index_ready_cb, g_object_ref (self));
}

static gboolean
read_text_timeout_cb (gpointer data)
{
  CmWindow *self = data;

  self->read_text_id = 0;
  read_text (self);
  return G_SOURCE_REMOVE;
}

static void
view_first_page_drawn_cb (CmWindow *self)
{
  /* Nothing waiting: reading already, or no document. */
  if (self->read_text_id == 0)
    return;
  g_clear_handle_id (&self->read_text_id, g_source_remove);
  read_text (self);
}

/* The view waits in the stack's hidden document page while a PDF opens;
 * shown, it will have the stack's size less the sidebar, which the flap
 * gives its minimum width, and the flap's one-pixel separator. A wrong
 * guess (a theme with a wider separator) costs page 1 a second rendering,
 * shown stretched meanwhile. */
static void
predict_view_size (CmWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->stack));
  int height = gtk_widget_get_height (GTK_WIDGET (self->stack));

  if (adw_flap_get_reveal_flap (self->flap) && !adw_flap_get_folded (self->flap))
    {
      int sidebar = 0;

      gtk_widget_measure (adw_flap_get_flap (self->flap), GTK_ORIENTATION_HORIZONTAL, -1,
                          &sidebar, NULL, NULL, NULL);
      width -= sidebar + 1;
    }
  cm_document_view_set_size_hint (self->view, width, height);
}

/* The document is open and page 1 rendered (or late): the pages show. */
static void
show_pages (CmWindow *self)
{
  g_clear_handle_id (&self->first_page_id, g_source_remove);
  set_state (self, CM_WINDOW_STATE_READING);
  /* The pages can be read meanwhile, with Page Down as well as the mouse. */
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  /* Reading the text takes a core for seconds on a long ordinance: it
   * starts once the first page is on screen, not racing its rendering (or
   * after a moment, if page 1 cannot be drawn). */
  self->read_text_id = g_timeout_add (READ_TEXT_FALLBACK_MS, read_text_timeout_cb, self);
}

static gboolean
first_page_timeout_cb (gpointer data)
{
  CmWindow *self = data;

  self->first_page_id = 0;
  show_pages (self);
  return G_SOURCE_REMOVE;
}

static void
view_first_page_ready_cb (CmWindow *self)
{
  if (self->first_page_id != 0)
    show_pages (self);
}

/* The document opens where the reviewer left it, at the zoom it had. The
 * zoom mode is this window's, not the default for documents to come. */
static void
restore_position (CmWindow *self)
{
  g_auto(CmPosition) position = { 0 };

  if (!cm_positions_lookup (self->file, &position))
    return;
  if (position.zoom_mode != NULL && set_str (&self->zoom_mode, position.zoom_mode))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
  cm_document_view_set_start_position (self->view, position.page, position.fraction, position.zoom);
}

static void
remember_position (CmWindow *self)
{
  CmPosition position = { 0 };
  GFile *file;

  /* The document's own file: the window's may already be the next one. */
  if (self->document == NULL || (file = cm_document_get_file (self->document)) == NULL
      || cm_document_view_get_document (self->view) != self->document
      || !cm_document_view_get_position (self->view, &position.page, &position.fraction))
    return;
  position.zoom_mode = self->zoom_mode;
  position.zoom = cm_document_view_get_zoom (self->view);
  cm_positions_remember (file, &position);
}

static void
document_ready_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;

  document = cm_document_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (document == NULL)
    {
      if (g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_ENCRYPTED)
          || g_error_matches (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_BAD_PASSWORD))
        show_password_page (self, error);
      else
        show_error_page (self, error);
      return;
    }

  self->document = g_steal_pointer (&document);
  restore_position (self);
  /* The pages show as soon as page 1 is rendered (it starts now, at the
   * size the view is about to get, not once it has it a frame later): the
   * frame that shows them shows page 1. The text (for tagging, search, the
   * review's anchors) follows, read on a thread. */
  apply_zoom_mode (self);
  predict_view_size (self);
  cm_document_view_set_document (self->view, self->document, NULL);
  self->first_page_id = g_timeout_add (FIRST_PAGE_WAIT_MS, first_page_timeout_cb, self);
}

static void
close_document (CmWindow *self)
{
  remember_position (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->read_text_id, g_source_remove);
  g_clear_handle_id (&self->first_page_id, g_source_remove);
  dismiss_toast (&self->save_toast);
  end_export (self);

  if (self->tag_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->tag_popover));
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);

  g_clear_pointer (&self->all_suggestions, g_ptr_array_unref);
  refresh_suggestions (self);
  g_clear_pointer (&self->other_checklist, g_free);
  g_clear_object (&self->review);
  g_clear_object (&self->sections);
  g_clear_object (&self->index);
  g_clear_object (&self->document);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  stop_watching_sidecar (self);
  clear_review_error (self);
  g_clear_object (&self->review_file);
  g_clear_object (&self->store);
  g_clear_object (&self->sidecar);
  g_clear_object (&self->checklist);
  g_clear_pointer (&self->message, g_free);
}

static void
open_file_internal (CmWindow *self)
{
  g_autofree char *name = cm_dup_display_name (self->file);
  g_autofree char *title = NULL;

  close_document (self);
  self->cancellable = g_cancellable_new ();

  title = g_strdup_printf (_("Opening “%s”…"), name);
  adw_status_page_set_title (self->loading_page, title);
  set_save_state (self, CM_SAVE_STATE_SAVED);
  set_state (self, CM_WINDOW_STATE_LOADING);

  cm_document_new_async (self->file, self->password, self->cancellable, document_ready_cb, g_object_ref (self));
}

void
cm_window_open_file (CmWindow *self,
                     GFile    *file)
{
  g_return_if_fail (CM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Leaving a document with unsaved changes saves it first; if that fails
   * the file opens in a new window instead, so nothing is dropped. */
  if (self->review != NULL)
    cm_checklist_panel_commit_edits (self->checklist_panel);
  if (self->review != NULL && cm_review_is_dirty (self->review) && !cm_window_save (self, NULL))
    {
      CmApplication *app = get_application (self);

      if (app != NULL)
        g_application_open (G_APPLICATION (app), &file, 1, "");
      return;
    }

  g_set_object (&self->file, file);
  g_clear_pointer (&self->password, g_free);
  open_file_internal (self);
}

/* OCR ----------------------------------------------------------------------- */

static void
set_ocr_running (CmWindow   *self,
                 gboolean    running,
                 const char *status)
{
  self->ocr_running = running;
  if (self->ocr_status == NULL && running)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      self->ocr_status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      self->ocr_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (self->ocr_label), "dim-label");
      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_box_append (GTK_BOX (self->ocr_status), spinner);
      gtk_box_append (GTK_BOX (self->ocr_status), GTK_WIDGET (self->ocr_label));
      adw_header_bar_pack_end (self->header_bar, self->ocr_status);
    }
  if (self->ocr_status == NULL)
    return;
  gtk_widget_set_visible (self->ocr_status, running);
  gtk_label_set_text (self->ocr_label, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ocr_status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
}

static void
ocr_progress_cb (guint    done,
                 guint    total,
                 gpointer user_data)
{
  CmWindow *self = user_data;
  g_autofree char *status = NULL;

  /* Translators: progress of OCR: the page being read now, of how many. */
  status = g_strdup_printf (_("Recognizing text, page %u of %u…"), MIN (done + 1, total), total);
  set_ocr_running (self, TRUE, status);
}

static void
ocr_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  set_ocr_running (self, FALSE, "");
  if (!cm_ocr_job_recognize_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_toast (self, error->message);
        }
      return;
    }
  /* The recognized text is in the cache beside the PDF now: reading the
   * document again builds its index with it, through the path every
   * opening takes. Unsaved work is saved first, never dropped. */
  if (self->review != NULL && cm_review_is_dirty (self->review) && !cm_window_save (self, NULL))
    {
      show_toast (self, _("The text was recognized; save the review, then open the PDF again to use it"));
      return;
    }
  self->ocr_done = self->ocr_pages;
  open_file_internal (self);
}

static void
recognize_text_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autofree guint *pages = NULL;
  g_autofree char *status = NULL;
  g_autofree char *language = NULL;
  GSettings *settings;
  guint n_pages = 0;

  if (self->index == NULL || self->ocr_running)
    return;
  pages = cm_ocr_job_pages_to_recognize (self->index, &n_pages);
  if (n_pages == 0)
    return;
  status = g_strdup_printf (_("Recognizing text, page %u of %u…"), 1, n_pages);
  set_ocr_running (self, TRUE, status);
  self->ocr_pages = n_pages;
  /* The offer is answered (its button dismissed it already, if used). */
  if (self->ocr_offer != NULL)
    adw_toast_dismiss (self->ocr_offer);
  g_clear_object (&self->ocr_offer);
  settings = get_settings (self);
  language = settings != NULL ? g_settings_get_string (settings, "ocr-language") : NULL;
  cm_ocr_job_recognize_async (self->document, pages, n_pages, language, ocr_progress_cb, self,
                              self->cancellable, ocr_done_cb, g_object_ref (self));
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (self->file == NULL)
    return;
  if (password == NULL || *password == '\0')
    {
      gtk_label_set_text (self->password_error_label, _("Enter the password first."));
      gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), TRUE);
      return;
    }

  g_free (self->password);
  self->password = g_strdup (password);
  open_file_internal (self);
}

static void
password_activate_cb (CmWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.unlock", NULL);
}

static gboolean
is_pdf_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *content_type = NULL;

  if (basename == NULL)
    return FALSE;
  if (g_str_has_suffix (basename, ".pdf") || g_str_has_suffix (basename, ".PDF"))
    return TRUE;
  content_type = g_content_type_guess (basename, NULL, 0, NULL);
  return g_content_type_is_a (content_type, "application/pdf");
}

static gboolean
is_xfdf_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *lower = basename != NULL ? g_ascii_strdown (basename, -1) : NULL;

  return lower != NULL && g_str_has_suffix (lower, ".xfdf");
}

/* Opens FILES: here when this window shows no document, in their own windows
 * otherwise (one window per document). */
static void
open_files (CmWindow  *self,
            GFile    **files,
            guint      n_files)
{
  CmApplication *app = get_application (self);
  guint first = 0;

  if (n_files == 0)
    return;

  if (self->state != CM_WINDOW_STATE_DOCUMENT && self->state != CM_WINDOW_STATE_LOADING
      && self->state != CM_WINDOW_STATE_READING)
    {
      GtkWindow *existing = app != NULL ? cm_application_find_window (app, files[0]) : NULL;

      if (existing != NULL && existing != GTK_WINDOW (self))
        gtk_window_present (existing);
      else
        cm_window_open_file (self, files[0]);
      first = 1;
    }

  if (app != NULL && first < n_files)
    g_application_open (G_APPLICATION (app), files + first, (int) (n_files - first), "");
}

static void
open_response_cb (CmWindow             *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    open_files (self, &file, 1);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) pdf_filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open an Ordinance"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (pdf_filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (pdf_filter, "application/pdf");
  gtk_file_filter_add_pattern (pdf_filter, "*.pdf");
  gtk_file_filter_add_pattern (pdf_filter, "*.PDF");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf_filter);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (CmWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new ();
  g_autoptr(GPtrArray) xfdfs = g_ptr_array_new ();
  gboolean showing = self->state == CM_WINDOW_STATE_DOCUMENT;
  GSList *list;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = g_value_get_boxed (value);
  for (GSList *l = list; l != NULL; l = l->next)
    if (is_pdf_file (l->data))
      g_ptr_array_add (pdfs, l->data);
    else if (is_xfdf_file (l->data))
      g_ptr_array_add (xfdfs, l->data);

  /* Annotations dropped on an ordinance are imported into its review, as
   * Import XFDF… does: each file one step to undo. */
  if (pdfs->len == 0 && xfdfs->len > 0 && showing)
    {
      if (self->review == NULL)
        {
          show_review_error_toast (self);
          return FALSE;
        }
      if (!can_import_xfdf (self))
        return FALSE;
      for (guint i = 0; i < xfdfs->len; i++)
        import_xfdf_file (self, g_ptr_array_index (xfdfs, i));
      return TRUE;
    }
  if (pdfs->len == 0)
    {
      show_toast (self, showing ? _("Only PDF files can be opened, and XFDF annotations imported")
                                : _("Only PDF files can be opened"));
      return FALSE;
    }

  open_files (self, (GFile **) pdfs->pdata, pdfs->len);
  return TRUE;
}

/* Tagging */

/* Tags signed with the account's login name ("root") say little in a
 * shared review: the first tag of a window says whose name it carries and
 * where to change it. */
static void
offer_author_name (CmWindow *self)
{
  CmApplication *app = get_application (self);
  g_autofree char *author = NULL;
  g_autofree char *title = NULL;
  gboolean is_login_name = FALSE;

  if (self->author_offered || app == NULL)
    return;
  self->author_offered = TRUE;
  author = cm_application_dup_author (app, &is_login_name);
  if (!is_login_name)
    return;
  title = g_strdup_printf (_("Tagged as “%s”. Set your name in Preferences."), author);
  adw_toast_overlay_add_toast (self->toast_overlay, new_toast (title, _("_Preferences"), "app.preferences", 10));
}

static void
create_annotation (CmWindow     *self,
                   guint         start,
                   guint         end,
                   const char   *item_id,
                   CmAssessment  assessment,
                   const char   *note)
{
  g_autoptr(CmAnchor) anchor = NULL;
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autofree char *author = dup_author (self);
  g_autofree char *section = NULL;
  if (self->other_checklist != NULL)
    {
      show_other_checklist (self);
      return;
    }

  if (self->review == NULL || self->index == NULL || end <= start)
    return;

  if (self->sections == NULL)
    self->sections = cm_section_map_new (self->index);
  section = cm_section_map_get_section_at (self->sections, start);

  anchor = cm_anchor_new_for_range (self->index, start, end);
  annotation = cm_annotation_new (NULL, author, NULL);
  cm_annotation_set_anchor (annotation, anchor);
  /* The section travels with the annotation: lists and exports show it. */
  if (section != NULL)
    cm_annotation_set_section (annotation, section);
  cm_annotation_set_item_id (annotation, item_id);
  cm_annotation_set_assessment (annotation, assessment);
  if (note != NULL && *note != '\0')
    cm_annotation_set_note (annotation, note);

  if (cm_review_add_annotation (self->review, annotation))
    {
      cm_document_view_clear_selection (self->view);
      offer_author_name (self);
    }
}

static void
tag_popover_create_cb (CmWindow     *self,
                       const char   *item_id,
                       CmAssessment  assessment,
                       const char   *note)
{
  create_annotation (self, self->tag_start, self->tag_end, item_id, assessment, note);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* How far below the top of the view a point is scrolled to make room for
 * the tag popover: a line of context above it. */
#define POPOVER_CONTEXT_ABOVE 36
/* A popover's arrow, border and margins around its child. */
#define POPOVER_FRAME 30
/* The tag popover's height besides its scrolling fields: the buttons, the
 * arrow, the margins. */
#define TAG_POPOVER_CHROME 110
/* Fields this tall show the quote, a few checklist items and the
 * assessment: enough not to move the document for more. */
#define TAG_POPOVER_COMFORTABLE 320

/* A tag popover opened at a point near the middle of a short window has
 * little room on either side: its fields scrolled in a slot a few lines
 * tall, the item list showing two rows. Then the document scrolls to put
 * the point just under the top of the view, and the popover opens below
 * it at full height. Returns the point's Y in the view from then on. */
static double
make_room_for_tag_popover (CmWindow     *self,
                           CmTagPopover *popover,
                           double        y)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));
  graphene_point_t top;
  double value;
  int natural, below, above;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->view), GTK_WIDGET (self), &GRAPHENE_POINT_INIT (0, 0), &top))
    return y;
  cm_tag_popover_set_max_height (popover, -1);
  /* (A hidden widget measures 0: the popover's child does not.) */
  gtk_widget_measure (gtk_popover_get_child (GTK_POPOVER (popover)), GTK_ORIENTATION_VERTICAL, -1,
                      NULL, &natural, NULL, NULL);
  natural += POPOVER_FRAME;
  below = gtk_widget_get_height (GTK_WIDGET (self)) - (int) (top.y + y);
  above = (int) (top.y + y);
  if (MAX (below, above) >= natural || MAX (below, above) - TAG_POPOVER_CHROME >= TAG_POPOVER_COMFORTABLE
      || y <= POPOVER_CONTEXT_ABOVE)
    return y;

  value = gtk_adjustment_get_value (vadjustment);
  gtk_adjustment_set_value (vadjustment, value + y - POPOVER_CONTEXT_ABOVE);
  return y - (gtk_adjustment_get_value (vadjustment) - value);
}

/* Points POPOVER at (X, Y) of the document view, or at the tag button. */
static void
point_popover (CmWindow   *self,
               GtkPopover *popover,
               gboolean    at_point,
               double      x,
               double      y)
{
  graphene_point_t point;
  graphene_rect_t bounds;
  GdkRectangle rect;

  if (at_point && CM_IS_TAG_POPOVER (popover))
    y = make_room_for_tag_popover (self, CM_TAG_POPOVER (popover), y);
  if (at_point && gtk_widget_compute_point (GTK_WIDGET (self->view), GTK_WIDGET (self),
                                            &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    {
      rect = (GdkRectangle) { (int) point.x, (int) point.y, 1, 1 };
      gtk_popover_set_position (popover, GTK_POS_BOTTOM);
    }
  else if (gtk_widget_compute_bounds (GTK_WIDGET (self->tag_button), GTK_WIDGET (self), &bounds))
    {
      rect = (GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                              (int) bounds.size.width, (int) bounds.size.height };
      gtk_popover_set_position (popover, GTK_POS_BOTTOM);
    }
  else
    {
      rect = (GdkRectangle) { gtk_widget_get_width (GTK_WIDGET (self)) / 2, 48, 1, 1 };
    }
  gtk_popover_set_pointing_to (popover, &rect);

  /* On the side with more room, and no taller than that room: an edited
   * tag with replies ran off a 900-pixel screen, its buttons out of reach. */
  if (CM_IS_TAG_POPOVER (popover))
    {
      int below = gtk_widget_get_height (GTK_WIDGET (self)) - (rect.y + rect.height);
      int above = rect.y;

      gtk_popover_set_position (popover, below >= above ? GTK_POS_BOTTOM : GTK_POS_TOP);
      cm_tag_popover_set_max_height (CM_TAG_POPOVER (popover), MAX (MAX (below, above) - TAG_POPOVER_CHROME, 160));
    }
}

/* The tag popover gives the focus back where it was taken from when it
 * closes; a popover (the context menu) or a widget gone since means the
 * document view. */
static void
set_focus_after_popover (CmWindow  *self,
                         GtkWidget *widget)
{
  GtkWidget *row;

  if (self->focus_after_popover != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->focus_after_popover), (gpointer *) &self->focus_after_popover);
  self->focus_after_popover = NULL;
  g_clear_pointer (&self->focus_annotation_id, g_free);
  if (widget == NULL || gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) != NULL)
    return;
  /* A card edited from the sidebar is built again when the tag changes:
   * the focus goes back to the new card. */
  row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);
  if (row != NULL)
    self->focus_annotation_id = g_strdup (g_object_get_data (G_OBJECT (row), "annotation-id"));
  self->focus_after_popover = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->focus_after_popover);
}

static void
popup_tag_popover (CmWindow *self)
{
  if (self->other_checklist != NULL)
    {
      show_other_checklist (self);
      return;
    }
  set_focus_after_popover (self, gtk_root_get_focus (GTK_ROOT (self)));
  gtk_popover_popup (GTK_POPOVER (self->tag_popover));
}

/* A deleted tag can come back: the toast offers Undo (Ctrl+Z does too). */
static void
tag_popover_deleted_cb (CmWindow *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, new_toast (_("Tag deleted"), _("_Undo"), "win.undo", 5));
}

/* While the popover is open, what opened it shows no tooltips: the
 * pointer still resting on the highlight just clicked, or on the Tag
 * button, put one over the popover's heading. */
static void
tag_popover_shown_cb (CmWindow *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->view), FALSE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->tag_button), FALSE);
}

static void
tag_popover_closed_cb (CmWindow *self)
{
  GtkWidget *target = self->focus_after_popover;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->view), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->tag_button), TRUE);

  if (target == NULL || gtk_widget_get_root (target) != GTK_ROOT (self)
      || !gtk_widget_is_drawable (target) || !gtk_widget_grab_focus (target))
    {
      if (self->focus_annotation_id == NULL
          || !cm_checklist_panel_focus_annotation (self->checklist_panel, self->focus_annotation_id))
        gtk_widget_grab_focus (GTK_WIDGET (self->view));
    }
  set_focus_after_popover (self, NULL);
}

/* Without a focus widget left when a popover closes, GTK gives the focus to
 * the window's first one, the sidebar toggle: PgDn and the rest would stop
 * working. Back to the document, unless the menu opened the tag popover. */
static void
context_popover_closed_cb (CmWindow *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->tag_popover)))
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* The annotation whose text holds the selection (the innermost one), for
 * Edit Tag…; NULL when there is none. */
static CmAnnotation *
lookup_annotation_at_selection (CmWindow *self)
{
  GListModel *annotations;
  CmAnnotation *found = NULL;
  guint found_length = G_MAXUINT;
  guint start, end;

  if (self->review == NULL || !cm_document_view_get_selection (self->view, &start, &end))
    return NULL;
  annotations = cm_review_get_annotations (self->review);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);

      if (anchor == NULL || cm_anchor_get_state (anchor) == CM_ANCHOR_STATE_ORPHANED)
        continue;
      if (cm_anchor_get_start (anchor) <= start && end <= cm_anchor_get_end (anchor)
          && cm_anchor_get_end (anchor) - cm_anchor_get_start (anchor) < found_length)
        {
          found = annotation;  /* the review keeps it */
          found_length = cm_anchor_get_end (anchor) - cm_anchor_get_start (anchor);
        }
    }
  return found;
}

static void
edit_annotation (CmWindow     *self,
                 CmAnnotation *annotation,
                 gboolean      at_point,
                 double        x,
                 double        y)
{
  cm_tag_popover_edit_annotation (self->tag_popover, annotation);
  point_popover (self, GTK_POPOVER (self->tag_popover), at_point, x, y);
  popup_tag_popover (self);
}

/* Edit Tag… in the context menu: the popover of the tag under the
 * selection, as a click on its highlight opens it. */
static void
edit_tag_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  CmAnnotation *annotation = lookup_annotation_at_selection (self);

  if (annotation == NULL)
    return;
  edit_annotation (self, annotation, self->has_context_point, self->context_x, self->context_y);
  self->has_context_point = FALSE;
}

static void
tag_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autoptr(CmAnchor) anchor = NULL;
  guint start, end;

  if (self->index == NULL || !cm_document_view_get_selection (self->view, &start, &end) || end <= start)
    return;

  self->tag_start = start;
  self->tag_end = end;
  /* The quote as the tag will store it: on one line, hyphenation mended. */
  anchor = cm_anchor_new_for_range (self->index, start, end);
  cm_tag_popover_edit_new (self->tag_popover, cm_anchor_get_exact (anchor));
  point_popover (self, GTK_POPOVER (self->tag_popover), self->has_context_point,
                 self->context_x, self->context_y);
  self->has_context_point = FALSE;
  popup_tag_popover (self);
}

/* "(sss)": item id, assessment, note. Tags the selection without the
 * popover: for scripting, tests and accessibility tools. */
static void
tag_selection_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  const char *item_id;
  const char *assessment_text;
  const char *note;
  CmAssessment assessment;
  guint start, end;

  g_variant_get (parameter, "(&s&s&s)", &item_id, &assessment_text, &note);

  if (!cm_document_view_get_selection (self->view, &start, &end) || end <= start)
    return;
  if (!cm_assessment_from_string (assessment_text, &assessment))
    {
      g_debug ("tag-selection: unknown assessment “%s”", assessment_text);
      return;
    }
  if (self->checklist != NULL && cm_checklist_lookup_item (self->checklist, item_id) == NULL)
    {
      g_debug ("tag-selection: unknown checklist item “%s”", item_id);
      return;
    }

  create_annotation (self, start, end, item_id, assessment, note);
}

static void
view_annotation_activated_cb (CmWindow   *self,
                              const char *annotation_id,
                              double      x,
                              double      y)
{
  CmAnnotation *annotation;

  if (self->review == NULL)
    return;
  annotation = cm_review_lookup_annotation (self->review, annotation_id);
  if (annotation == NULL)
    return;

  edit_annotation (self, annotation, TRUE, x, y);
}

static void
view_context_menu_cb (CmWindow *self,
                      double    x,
                      double    y)
{
  self->context_x = x;
  self->context_y = y;
  self->has_context_point = TRUE;
  update_actions (self);
  point_popover (self, GTK_POPOVER (self->context_popover), TRUE, x, y);
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

static void
panel_annotation_activated_cb (CmWindow   *self,
                               const char *annotation_id)
{
  CmAnnotation *annotation;
  CmAnchor *anchor;

  if (self->review == NULL)
    return;
  annotation = cm_review_lookup_annotation (self->review, annotation_id);
  if (annotation == NULL || (anchor = cm_annotation_get_anchor (annotation)) == NULL)
    return;

  if (cm_anchor_get_state (anchor) == CM_ANCHOR_STATE_ORPHANED)
    show_toast (self, _("The text of this tag is no longer in the document"));
  else
    cm_document_view_scroll_to_range (self->view, cm_anchor_get_start (anchor), cm_anchor_get_end (anchor), TRUE);

  /* Activating a row (Enter, or a click) opens the tag to edit, reply or
   * delete, as a click on its highlight does: the keyboard's way to them.
   * Closing it gives the focus back to the row. */
  edit_annotation (self, annotation, FALSE, 0, 0);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autofree char *text = NULL;
  guint start, end;

  if (self->index == NULL || !cm_document_view_get_selection (self->view, &start, &end))
    return;
  text = cm_text_index_get_slice (self->index, start, end);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  if (self->review != NULL)
    cm_review_undo (self->review);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  if (self->review != NULL)
    cm_review_redo (self->review);
}

/* Pages and zoom */

static void
update_page_entry (CmWindow *self)
{
  g_autofree char *page = NULL;
  g_autofree char *n_pages = NULL;
  guint total = self->document != NULL ? cm_document_get_n_pages (self->document) : 0;

  if (!gtk_widget_has_focus (GTK_WIDGET (self->page_entry))
      && !gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->page_entry)))))
    {
      page = g_strdup_printf ("%u", cm_document_view_get_page (self->view));
      gtk_editable_set_text (GTK_EDITABLE (self->page_entry), page);
    }
  /* Translators: follows the page number entry: "3 of 12". */
  n_pages = g_strdup_printf (_("of %u"), total);
  gtk_label_set_text (self->n_pages_label, n_pages);
}

/* The entry shows the current page again, whatever was typed in it. */
static void
revert_page_entry (CmWindow *self)
{
  g_autofree char *page = g_strdup_printf ("%u", cm_document_view_get_page (self->view));

  gtk_editable_set_text (GTK_EDITABLE (self->page_entry), page);
}

/* Escape in the page entry: back to the document, at the same page. */
static gboolean
page_entry_escape_cb (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  CmWindow *self = CM_WINDOW (user_data);

  revert_page_entry (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  return TRUE;
}

/* A number typed and left without Enter is not where the document is. */
static void
page_entry_focus_leave_cb (CmWindow *self)
{
  if (self->view != NULL)
    revert_page_entry (self);
}

static void
page_entry_activate_cb (CmWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->page_entry));
  guint64 page = 0;
  guint total = self->document != NULL ? cm_document_get_n_pages (self->document) : 0;

  if (total == 0)
    return;
  if (!g_ascii_string_to_unsigned (text, 10, 1, total, &page, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("Enter a page number from 1 to %u"), total);

      show_toast (self, message);
      revert_page_entry (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      return;
    }
  cm_document_view_set_page (self->view, (guint) page);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  update_page_entry (self);
}

static void
go_to_page_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->page_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->page_entry), 0, -1);
}

static void
update_zoom_label (CmWindow *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f%%", cm_document_view_get_zoom (self->view) * 100.0);

  gtk_inscription_set_text (self->zoom_label, label);
  /* The button's name is "Zoom"; a screen reader also says how much. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
}

/* The view changes zoom and page while it lays itself out (fit-width
 * follows the window's width); resizing header widgets in the middle of
 * that allocation would leave them unallocated for the frame, so the header
 * follows on idle. */
static gboolean
header_update_cb (gpointer user_data)
{
  CmWindow *self = user_data;

  self->header_update_id = 0;
  update_page_entry (self);
  update_zoom_label (self);
  return G_SOURCE_REMOVE;
}

static void
queue_header_update (CmWindow *self)
{
  if (self->header_update_id == 0)
    self->header_update_id = g_idle_add (header_update_cb, self);
}

static void
view_zoom_mode_changed_cb (CmWindow *self)
{
  const char *mode;

  switch (cm_document_view_get_zoom_mode (self->view))
    {
    case CM_ZOOM_FIT_PAGE:
      mode = "fit-page";
      break;
    case CM_ZOOM_FREE:
      mode = "free";
      break;
    case CM_ZOOM_FIT_WIDTH:
    default:
      mode = "fit-width";
      break;
    }
  if (self->document != NULL && g_strcmp0 (mode, self->zoom_mode) != 0)
    g_object_set (self, "zoom-mode", mode, NULL);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cm_document_view_zoom_in (CM_WINDOW (widget)->view);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  cm_document_view_zoom_out (CM_WINDOW (widget)->view);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  cm_document_view_set_zoom (CM_WINDOW (widget)->view, 1.0);
}

/* Find */

/* The search on a thread has its matches: count them beside the entry. */
static void
find_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  guint n = 0;

  if (!cm_document_view_find_finish (CM_DOCUMENT_VIEW (source), result, &n, &error))
    return;

  if (n == 0)
    label = g_strdup (_("No matches"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  gtk_label_set_text (self->search_label, label);
  if (n == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
search_changed_cb (CmWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* Only the latest search counts: the one before is of no interest. */
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (self->document == NULL || text == NULL || *text == '\0')
    {
      cm_document_view_find_clear (self->view);
      gtk_label_set_text (self->search_label, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  /* Typed while the text is read: show_document() searches once it is. */
  if (self->index == NULL)
    {
      cm_document_view_find_clear (self->view);
      gtk_label_set_text (self->search_label, _("Reading the text…"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->search_label, _("Searching…"));
  cm_document_view_find_async (self->view, text, self->search_cancellable,
                               find_ready_cb, g_object_ref (self));
}

static void
search_activate_cb (CmWindow *self)
{
  cm_document_view_find_next (self->view);
}

static void
search_next_cb (CmWindow *self)
{
  cm_document_view_find_next (self->view);
}

static void
search_previous_cb (CmWindow *self)
{
  cm_document_view_find_previous (self->view);
}

static void
search_stop_cb (CmWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_mode_changed_cb (CmWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      if (self->document != NULL)
        {
          cm_document_view_find_clear (self->view);
          gtk_widget_grab_focus (GTK_WIDGET (self->view));
        }
      gtk_label_set_text (self->search_label, "");
    }
  else
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      search_changed_cb (self);
    }
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  if (gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
    }
  else
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cm_document_view_find_next (CM_WINDOW (widget)->view);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cm_document_view_find_previous (CM_WINDOW (widget)->view);
}

static void
view_selection_changed_cb (CmWindow *self)
{
  /* A right-click point only places the popover for the selection it was
   * made on. */
  self->has_context_point = FALSE;
  update_actions (self);
}

/* Closing */

static gboolean
close_window_idle (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
close_dialog_response_cb (CmWindow         *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      self->close_confirmed = TRUE;
      /* Not from inside the dialog's response: closing the window destroys
       * the dialog, which goes on after emitting it. */
      g_idle_add_full (G_PRIORITY_DEFAULT, close_window_idle, g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "save-as") == 0)
    {
      self->close_after_save_as = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
    }
}

static void
ask_before_closing (CmWindow *self)
{
  g_autofree char *name = cm_dup_display_name (self->sidecar);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("Your changes to this review could not be saved to “%s”. "
                            "Save them somewhere else, or they are lost when the window closes."),
                          name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard Changes"),
                                    "save-as", _("_Save As…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save-as", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save-as");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_dialog_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_window_state (CmWindow *self)
{
  GSettings *settings = get_settings (self);
  int width, height;

  if (settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static gboolean
cm_window_close_request (GtkWindow *window)
{
  CmWindow *self = CM_WINDOW (window);

  /* A rationale still being typed is kept: it is saved on leaving it. */
  if (self->review != NULL)
    cm_checklist_panel_commit_edits (self->checklist_panel);
  if (!self->close_confirmed && self->review != NULL && cm_review_is_dirty (self->review)
      && !cm_window_save (self, NULL))
    {
      ask_before_closing (self);
      return TRUE;
    }

  save_window_state (self);
  close_document (self);
  return GTK_WINDOW_CLASS (cm_window_parent_class)->close_request (window);
}

static void
cm_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  CmWindow *self = CM_WINDOW (widget);

  GTK_WIDGET_CLASS (cm_window_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->tag_popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->tag_popover)))
    gtk_popover_present (GTK_POPOVER (self->tag_popover));
  if (self->context_popover != NULL && gtk_widget_get_visible (self->context_popover))
    gtk_popover_present (GTK_POPOVER (self->context_popover));
}

/* gtk_window_destroy() takes a window from its application (silently:
 * GtkWindow's "application" is not notified), but disposes of it only
 * with its last reference, which the document's jobs hold until they
 * finish: reading a long ordinance's text takes seconds. Stop them now,
 * and, as no close request came, save what a close would have. */
static void
window_removed_cb (CmWindow       *self,
                   GtkWindow      *window,
                   GtkApplication *application)
{
  if (window != GTK_WINDOW (self))
    return;
  g_signal_handlers_disconnect_by_func (application, window_removed_cb, self);
  if (self->review != NULL)
    cm_checklist_panel_commit_edits (self->checklist_panel);
  if (self->review != NULL && cm_review_is_dirty (self->review))
    cm_window_save (self, NULL);
  close_document (self);
}

/* The settings are the application's, and a window has its application
 * only after construction (GtkWindow's "application" is no construct
 * property): apply them when it is set, once. */
static void
application_set_cb (CmWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings;
  g_autofree char *zoom_mode = NULL;

  if (application != NULL
      && g_signal_handler_find (application, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                window_removed_cb, self) == 0)
    g_signal_connect_object (application, "window-removed", G_CALLBACK (window_removed_cb), self,
                             G_CONNECT_SWAPPED);
  settings = get_settings (self);
  if (settings == NULL || self->settings_applied)
    return;
  self->settings_applied = TRUE;

  zoom_mode = g_settings_get_string (settings, "zoom-mode");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  adw_flap_set_reveal_flap (self->flap, g_settings_get_boolean (settings, "sidebar-visible"));
  set_str (&self->zoom_mode, zoom_mode);
  apply_zoom_mode (self);
  g_settings_bind (settings, "show-suggestions", self, "show-suggestions", G_SETTINGS_BIND_DEFAULT);
  update_recent_files (self);
}

static void
cm_window_constructed (GObject *object)
{
  CmWindow *self = CM_WINDOW (object);

  G_OBJECT_CLASS (cm_window_parent_class)->constructed (object);

  g_signal_connect_swapped (self, "notify::application", G_CALLBACK (application_set_cb), self);
  update_recent_files (self);
}

static void
cm_window_dispose (GObject *object)
{
  CmWindow *self = CM_WINDOW (object);

  close_document (self);
  g_clear_handle_id (&self->loading_page_id, g_source_remove);
  /* The header bar owns the spinner and goes with the template. */
  self->export_spinner = NULL;
  self->ocr_status = NULL;
  self->ocr_label = NULL;
  g_clear_object (&self->ocr_offer);
  g_clear_handle_id (&self->header_update_id, g_source_remove);
  set_focus_after_popover (self, NULL);
  if (self->context_popover != NULL)
    g_signal_handlers_disconnect_by_data (self->context_popover, self);
  g_clear_pointer (&self->context_popover, gtk_widget_unparent);
  if (self->tag_popover != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->tag_popover, self);
      gtk_widget_unparent (GTK_WIDGET (self->tag_popover));
      self->tag_popover = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_WINDOW);

  G_OBJECT_CLASS (cm_window_parent_class)->dispose (object);
}

static void
cm_window_finalize (GObject *object)
{
  CmWindow *self = CM_WINDOW (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->zoom_mode, g_free);

  G_OBJECT_CLASS (cm_window_parent_class)->finalize (object);
}

static void
cm_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CmWindow *self = CM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SAVE_STATE:
      g_value_set_enum (value, self->save_state);
      break;
    case PROP_ZOOM_MODE:
      g_value_set_string (value, self->zoom_mode);
      break;
    case PROP_SIDEBAR_VISIBLE:
      /* Asked for by the property action even after dispose. */
      g_value_set_boolean (value, self->flap != NULL && adw_flap_get_reveal_flap (self->flap));
      break;
    case PROP_SHOW_SUGGESTIONS:
      g_value_set_boolean (value, self->show_suggestions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CmWindow *self = CM_WINDOW (object);
  GSettings *settings = get_settings (self);

  switch (prop_id)
    {
    case PROP_ZOOM_MODE:
      if (set_str (&self->zoom_mode, g_value_get_string (value)))
        {
          apply_zoom_mode (self);
          if (settings != NULL && self->zoom_mode != NULL)
            g_settings_set_string (settings, "zoom-mode", self->zoom_mode);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SIDEBAR_VISIBLE:
      if (self->flap != NULL)
        adw_flap_set_reveal_flap (self->flap, g_value_get_boolean (value));
      break;
    case PROP_SHOW_SUGGESTIONS:
      if (self->show_suggestions != g_value_get_boolean (value))
        {
          self->show_suggestions = g_value_get_boolean (value);
          if (self->view != NULL)
            refresh_suggestions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* F7: caret navigation in the document, for selecting with the keyboard
 * alone; the view takes the focus, and a toast says how it works. */
static void
caret_mode_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  gboolean on = !cm_document_view_get_caret_mode (self->view);

  cm_document_view_set_caret_mode (self->view, on);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  adw_toast_overlay_add_toast (self->toast_overlay,
                               new_toast (on ? _("Caret navigation on: the arrow keys move through the text, "
                                                 "with Shift they select. F7 turns it off.")
                                             : _("Caret navigation off"),
                                          NULL, NULL, on ? 6 : 2));
}

/* F6 (and Shift+F6: there are two panes): from the document to the
 * checklist sidebar, shown if it was not, and back. Tab takes eight stops
 * through the header bar to get there. */
static void
next_pane_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *panel = GTK_WIDGET (self->checklist_panel);

  if (focus != NULL && (focus == panel || gtk_widget_is_ancestor (focus, panel)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      return;
    }
  if (!adw_flap_get_reveal_flap (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
  if (!cm_checklist_panel_focus_current (self->checklist_panel))
    gtk_widget_child_focus (panel, GTK_DIR_TAB_FORWARD);
}

static void
update_sidebar_tooltip (CmWindow *self)
{
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_button),
                               adw_flap_get_reveal_flap (self->flap) ? _("Hide Checklist (F9)")
                                                                     : _("Show Checklist (F9)"));
}

static void
flap_reveal_changed_cb (CmWindow *self)
{
  GSettings *settings = get_settings (self);

  /* A folded flap hides itself when the window narrows; that is not the
   * reviewer's choice, so only remember it while unfolded. */
  if (settings != NULL && !adw_flap_get_folded (self->flap))
    g_settings_set_boolean (settings, "sidebar-visible", adw_flap_get_reveal_flap (self->flap));
  update_sidebar_tooltip (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDEBAR_VISIBLE]);
}

static void
cm_window_class_init (CmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cm_window_constructed;
  object_class->dispose = cm_window_dispose;
  object_class->finalize = cm_window_finalize;
  object_class->get_property = cm_window_get_property;
  object_class->set_property = cm_window_set_property;
  widget_class->size_allocate = cm_window_size_allocate;
  window_class->close_request = cm_window_close_request;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       cm_window_state_get_type (), CM_WINDOW_STATE_START,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVE_STATE] =
    g_param_spec_enum ("save-state", NULL, NULL,
                       cm_save_state_get_type (), CM_SAVE_STATE_SAVED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_MODE] =
    g_param_spec_string ("zoom-mode", NULL, NULL, "fit-width",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIDEBAR_VISIBLE] =
    g_param_spec_boolean ("sidebar-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_SUGGESTIONS] =
    g_param_spec_boolean ("show-suggestions", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CM_TYPE_DOCUMENT_VIEW);
  g_type_ensure (CM_TYPE_CHECKLIST_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/clausemark/Clausemark/cm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, page_box);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, page_entry);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, n_pages_label);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, find_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, tag_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, search_label);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, reading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, password_page);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, checklist_panel);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, view);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, context_menu);
  gtk_widget_class_bind_template_callback (widget_class, page_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_annotation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_annotation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_context_menu_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.tag", NULL, tag_action);
  gtk_widget_class_install_action (widget_class, "win.edit-tag", NULL, edit_tag_action);
  gtk_widget_class_install_action (widget_class, "win.tag-selection", "(sss)", tag_selection_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-page", NULL, go_to_page_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.review-error-details", NULL, review_error_details_action);
  gtk_widget_class_install_action (widget_class, "win.export-to", "(ss)", export_to_action);
  gtk_widget_class_install_action (widget_class, "win.import-xfdf", NULL, import_xfdf_action);
  gtk_widget_class_install_action (widget_class, "win.import-xfdf-from", "s", import_xfdf_from_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.recognize-text", NULL, recognize_text_action);
  gtk_widget_class_install_action (widget_class, "win.compare-reviewer", NULL, compare_reviewer_action);
  gtk_widget_class_install_action (widget_class, "win.compare-reviewer-from", "s", compare_reviewer_from_action);
  gtk_widget_class_install_property_action (widget_class, "win.zoom-mode", "zoom-mode");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-sidebar", "sidebar-visible");
  gtk_widget_class_install_property_action (widget_class, "win.show-suggestions", "show-suggestions");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, 0, "win.tag", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.go-to-page", NULL);
  /* The last binding of an action is the one menus show: the keypad's
   * first, then the main keyboard's ("Ctrl+KP +" was shown). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_install_action (widget_class, "win.caret-mode", NULL, caret_mode_action);
  gtk_widget_class_install_action (widget_class, "win.next-pane", NULL, next_pane_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "win.next-pane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK, "win.next-pane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "win.caret-mode", NULL);
}

/* The first button under WIDGET that shows ICON_NAME. */
static GtkWidget *
find_button_with_icon (GtkWidget  *widget,
                       const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), icon_name) == 0)
        return child;
      found = find_button_with_icon (child, icon_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* GTK 4.8's search bar has a close button with neither a name for screen
 * readers nor a tooltip: it is found by its icon and given both. */
static void
name_search_bar_close_button (GtkSearchBar *search_bar)
{
  GtkWidget *button = find_button_with_icon (GTK_WIDGET (search_bar), "window-close-symbolic");

  if (button == NULL)
    return;
  gtk_widget_set_tooltip_text (button, _("Close Find Bar (Escape)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close Find Bar"), -1);
}

static void
cm_window_init (CmWindow *self)
{
  GtkDropTarget *drop_target;
  GtkEventController *shortcuts;
  GtkEventController *page_focus;

  self->zoom_mode = g_strdup ("fit-width");
  self->state = CM_WINDOW_STATE_START;
  self->save_state = CM_SAVE_STATE_SAVED;
  self->show_suggestions = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tag_popover = cm_tag_popover_new ();
  gtk_widget_set_parent (GTK_WIDGET (self->tag_popover), GTK_WIDGET (self));
  g_signal_connect_object (self->tag_popover, "create", G_CALLBACK (tag_popover_create_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tag_popover, "closed", G_CALLBACK (tag_popover_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tag_popover, "show", G_CALLBACK (tag_popover_shown_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tag_popover, "deleted", G_CALLBACK (tag_popover_deleted_cb), self,
                           G_CONNECT_SWAPPED);

  self->context_popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
  gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self));
  g_signal_connect_object (self->context_popover, "closed", G_CALLBACK (context_popover_closed_cb), self, G_CONNECT_SWAPPED);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (page_entry_escape_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->page_entry), shortcuts);
  page_focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (page_focus, "leave", G_CALLBACK (page_entry_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->page_entry), page_focus);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  name_search_bar_close_button (self->search_bar);
  g_object_bind_property (self->find_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->view, "notify::page", G_CALLBACK (queue_header_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::n-pages", G_CALLBACK (queue_header_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::zoom", G_CALLBACK (queue_header_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::zoom-mode", G_CALLBACK (view_zoom_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::has-selection", G_CALLBACK (view_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (flap_reveal_changed_cb), self, G_CONNECT_SWAPPED);
  update_sidebar_tooltip (self);
  g_signal_connect_object (self->view, "first-page-drawn", G_CALLBACK (view_first_page_drawn_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "first-page-ready", G_CALLBACK (view_first_page_ready_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "suggestion-activated", G_CALLBACK (view_suggestion_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checklist_panel, "suggestion-accepted", G_CALLBACK (suggestion_accepted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checklist_panel, "suggestion-dismissed", G_CALLBACK (suggestion_dismissed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (window_active_changed_cb), NULL);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_files), self, G_CONNECT_SWAPPED);

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  update_actions (self);
  update_title (self);
}

CmWindow *
cm_window_new (AdwApplication *application)
{
  return g_object_new (CM_TYPE_WINDOW, "application", application, NULL);
}

GFile *
cm_window_get_file (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->file;
}

CmWindowState
cm_window_get_state (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), CM_WINDOW_STATE_START);

  return self->state;
}

CmSaveState
cm_window_get_save_state (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), CM_SAVE_STATE_SAVED);

  return self->save_state;
}

CmReview *
cm_window_get_review (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->review;
}

GFile *
cm_window_get_sidecar_file (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->sidecar;
}

CmDocumentView *
cm_window_get_document_view (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->view;
}

CmTextIndex *
cm_window_get_text_index (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->index;
}

CmChecklist *
cm_window_get_checklist (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->checklist;
}

const char *
cm_window_get_message (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->message;
}

gboolean
cm_window_is_exporting (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);

  return self->export_target != NULL;
}

GPtrArray *
cm_window_get_suggestions (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->suggestions;
}
