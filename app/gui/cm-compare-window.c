/* cm-compare-window.c: the window comparing ordinances: one column per PDF, one row per checklist item, each cell its verdict. */
#include "config.h"

#include <glib/gi18n.h>

#include "cm-compare-window.h"
#include "cm-export.h"

/* Evidence quotes shown in a cell's tooltip, at most. */
#define MAX_TOOLTIP_QUOTES 3

struct _CmCompareWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkGrid         *grid;

  CmChecklist     *checklist;
  /* The matrix itself, shared with `clausemark-cli compare`. */
  CmComparison    *comparison;
  /* Where the first ordinance is: exports are proposed there. */
  GFile           *folder;
};

enum {
  PROP_0,
  PROP_CHECKLIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmCompareWindow, cm_compare_window, ADW_TYPE_WINDOW)

static gboolean
cell_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (widget), "cm-tooltip"));
  return TRUE;
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
rebuild (CmCompareWindow *self)
{
  guint n_columns = self->comparison != NULL ? cm_comparison_get_n_columns (self->comparison) : 0;
  GPtrArray *items;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  gtk_stack_set_visible_child_name (self->stack, n_columns > 0 ? "matrix" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", n_columns > 0);
  if (n_columns == 0)
    return;

  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *label = new_label (cm_comparison_get_column_name (self->comparison, c), "heading");

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_wrap (GTK_LABEL (label), FALSE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
      gtk_grid_attach (self->grid, label, (int) c + 1, 0, 1, 1);
    }

  items = cm_checklist_get_items (self->checklist);
  for (guint r = 0; items != NULL && r < items->len; r++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, r);
      const char *item_id = cm_checklist_item_get_id (item);

      gtk_grid_attach (self->grid, new_label (cm_checklist_translate (cm_checklist_item_get_title (item)), NULL),
                       0, (int) r + 1, 1, 1);
      for (guint c = 0; c < n_columns; c++)
        {
          CmAssessment assessment = cm_comparison_get_assessment (self->comparison, item_id, c);
          g_autoptr(GPtrArray) evidence = cm_comparison_get_evidence (self->comparison, item_id, c);
          g_autofree char *css_class = g_strdup_printf ("assessment-%s", cm_assessment_to_string (assessment));
          g_autofree char *tooltip = cm_comparison_describe_cell (self->comparison, item_id, c,
                                                                  MAX_TOOLTIP_QUOTES);
          g_autofree char *text = NULL;
          GtkWidget *chip;

          if (assessment == CM_ASSESSMENT_NONE && evidence->len > 0)
            text = g_strdup_printf (ngettext ("%u clause", "%u clauses", evidence->len), evidence->len);
          else
            text = g_strdup (cm_assessment_get_label (assessment));
          chip = gtk_label_new (text);
          gtk_widget_add_css_class (chip, "chip");
          gtk_widget_add_css_class (chip, css_class);
          gtk_widget_set_halign (chip, GTK_ALIGN_START);
          gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
          /* The text is handed over on query: setting a tooltip on a
           * widget not yet realized trips GTK 4.8. */
          gtk_widget_set_has_tooltip (chip, TRUE);
          g_signal_connect (chip, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
          gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
          g_object_set_data_full (G_OBJECT (chip), "cm-tooltip", g_steal_pointer (&tooltip), g_free);
          gtk_grid_attach (self->grid, chip, (int) c + 1, (int) r + 1, 1, 1);
        }
    }
}

gboolean
cm_compare_window_add_file (CmCompareWindow  *self,
                            GFile            *pdf,
                            GError          **error)
{
  g_return_val_if_fail (CM_IS_COMPARE_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (pdf), FALSE);

  if (self->comparison == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("No checklist could be loaded, so there is nothing to compare against"));
      return FALSE;
    }
  if (!cm_comparison_add_document (self->comparison, pdf, error))
    return FALSE;
  if (self->folder == NULL)
    self->folder = g_file_get_parent (pdf);
  rebuild (self);
  return TRUE;
}

/* MESSAGE until dismissed. */
static void
show_error_toast (CmCompareWindow *self,
                  const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, cm_text_toast_new (message, 0));
}

static void
add_response_cb (CmCompareWindow      *self,
                 int                   response,
                 GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autoptr(GError) error = NULL;

      if (!cm_compare_window_add_file (self, file, &error))
        show_error_toast (self, error->message);
    }
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CmCompareWindow *self = CM_COMPARE_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add Ordinances"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (add_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
cm_compare_window_export (CmCompareWindow  *self,
                          GFile            *file,
                          const char       *format,
                          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (CM_IS_COMPARE_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (g_strcmp0 (format, "html") == 0 || g_strcmp0 (format, "csv") == 0, FALSE);

  if (self->comparison == NULL || cm_comparison_get_n_columns (self->comparison) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Add an ordinance first: there is nothing to export yet"));
      return FALSE;
    }
  text = g_str_equal (format, "csv") ? cm_comparison_to_csv (self->comparison)
                                     : cm_comparison_to_html (self->comparison);
  /* Through a temporary file renamed over FILE: whole, or not at all. */
  if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &local_error))
    {
      g_autofree char *why = cm_describe_write_error (local_error);
      g_autofree char *name = g_file_get_basename (file);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write “%s”: %s. Choose another folder."), name, why);
      return FALSE;
    }
  return TRUE;
}

/* The file to write for CHOSEN, and in which format: a name with the
 * other format's extension chooses that format; a name without one gets
 * FORMAT's, the file type chosen in the dialog. */
static GFile *
file_for_format (GFile       *chosen,
                 const char **format)
{
  g_autofree char *basename = g_file_get_basename (chosen);
  g_autofree char *lower = g_ascii_strdown (basename, -1);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *named = NULL;

  if (g_str_has_suffix (lower, ".csv"))
    *format = "csv";
  else if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
    *format = "html";
  else
    {
      parent = g_file_get_parent (chosen);
      named = g_strconcat (basename, ".", *format, NULL);
      return g_file_get_child (parent, named);
    }
  return g_object_ref (chosen);
}

static void
export_response_cb (CmCompareWindow      *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileFilter *filter;
  const char *format;

  if (response == GTK_RESPONSE_ACCEPT)
    chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  format = filter != NULL && g_object_get_data (G_OBJECT (filter), "cm-format") != NULL
           ? g_object_get_data (G_OBJECT (filter), "cm-format") : "html";
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  if (chosen == NULL)
    return;

  file = file_for_format (chosen, &format);
  if (!cm_compare_window_export (self, file, format, &error))
    show_error_toast (self, error->message);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, cm_export_done_toast_new (file, "compare.open-uri"));
}

static void
add_format_filter (GtkFileChooser *chooser,
                   const char     *name,
                   const char     *format,
                   const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = g_strdup_printf ("*.%s", format);

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  g_object_set_data (G_OBJECT (filter), "cm-format", (gpointer) format);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmCompareWindow *self = CM_COMPARE_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Comparison"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: a file type in the Export Comparison dialog. */
  add_format_filter (GTK_FILE_CHOOSER (chooser), _("Web page (HTML)"), "html", "text/html");
  /* Translators: a file type in the Export Comparison dialog. */
  add_format_filter (GTK_FILE_CHOOSER (chooser), _("Spreadsheet (CSV)"), "csv", "text/csv");
  /* Translators: the proposed file name of an exported comparison; keep .html. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("comparison.html"));
  if (self->folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), self->folder, NULL);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!cm_open_uri (widget, g_variant_get_string (parameter, NULL), &error))
    show_error_toast (CM_COMPARE_WINDOW (widget), error->message);
}

static void
cm_compare_window_constructed (GObject *object)
{
  CmCompareWindow *self = CM_COMPARE_WINDOW (object);

  G_OBJECT_CLASS (cm_compare_window_parent_class)->constructed (object);
  if (self->checklist != NULL)
    self->comparison = cm_comparison_new (self->checklist);
  rebuild (self);
}

static void
cm_compare_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CM_TYPE_COMPARE_WINDOW);

  G_OBJECT_CLASS (cm_compare_window_parent_class)->dispose (object);
}

static void
cm_compare_window_finalize (GObject *object)
{
  CmCompareWindow *self = CM_COMPARE_WINDOW (object);

  g_clear_object (&self->comparison);
  g_clear_object (&self->checklist);
  g_clear_object (&self->folder);

  G_OBJECT_CLASS (cm_compare_window_parent_class)->finalize (object);
}

static void
cm_compare_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CmCompareWindow *self = CM_COMPARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHECKLIST:
      g_set_object (&self->checklist, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_compare_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CmCompareWindow *self = CM_COMPARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHECKLIST:
      g_value_set_object (value, self->checklist);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_compare_window_class_init (CmCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_compare_window_constructed;
  object_class->dispose = cm_compare_window_dispose;
  object_class->finalize = cm_compare_window_finalize;
  object_class->get_property = cm_compare_window_get_property;
  object_class->set_property = cm_compare_window_set_property;

  properties[PROP_CHECKLIST] =
    g_param_spec_object ("checklist", NULL, NULL, CM_TYPE_CHECKLIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/clausemark/Clausemark/cm-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CmCompareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CmCompareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CmCompareWindow, grid);

  gtk_widget_class_install_action (widget_class, "compare.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "compare.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "compare.open-uri", "s", open_uri_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "compare.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "compare.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
cm_compare_window_init (CmCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CmCompareWindow *
cm_compare_window_new (GtkWindow   *parent,
                       CmChecklist *checklist)
{
  return g_object_new (CM_TYPE_COMPARE_WINDOW,
                       "transient-for", parent,
                       "checklist", checklist,
                       NULL);
}

guint
cm_compare_window_get_n_columns (CmCompareWindow *self)
{
  g_return_val_if_fail (CM_IS_COMPARE_WINDOW (self), 0);

  return self->comparison != NULL ? cm_comparison_get_n_columns (self->comparison) : 0;
}

CmAssessment
cm_compare_window_get_assessment (CmCompareWindow *self,
                                  const char      *item_id,
                                  guint            column)
{
  g_return_val_if_fail (CM_IS_COMPARE_WINDOW (self), CM_ASSESSMENT_NONE);
  g_return_val_if_fail (column < cm_compare_window_get_n_columns (self), CM_ASSESSMENT_NONE);

  return cm_comparison_get_assessment (self->comparison, item_id, column);
}
