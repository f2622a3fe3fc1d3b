/* cm-agreement-window.c: this review's verdicts against another reviewer's: the agreement, Cohen's kappa and each disagreement. */
#include "config.h"

#include <glib/gi18n.h>

#include "cm-agreement-window.h"

struct _CmAgreementWindow
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkWidget       *mismatch_box;
  GtkLabel        *mismatch_label;
  GtkLabel        *ours_label;
  GtkLabel        *theirs_label;
  GtkLabel        *summary_label;
  GtkLabel        *kappa_label;
  GtkStack        *stack;
  GtkListBox      *list;

  CmChecklist     *checklist;
  CmReview        *ours;
  CmReview        *theirs;
  GFile           *their_file;
  CmAgreement     *agreement;
  gboolean         pdf_mismatch;
};

enum {
  PROP_0,
  PROP_CHECKLIST,
  PROP_OURS,
  PROP_THEIRS,
  PROP_THEIR_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmAgreementWindow, cm_agreement_window, ADW_TYPE_WINDOW)

static char *
dup_authors_text (const char * const *authors)
{
  if (authors == NULL || authors[0] == NULL)
    return g_strdup (_("No named reviewer"));
  return g_strjoinv (", ", (char **) authors);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static gboolean
no_verdict_query_tooltip_cb (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip,
                             gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, _("An item without a verdict counts as Absent"));
  return TRUE;
}

/* The checklist panel's chip; a missing verdict shows as such, though it
 * counts as Absent. */
static GtkWidget *
new_chip (CmVerdict    *verdict,
          CmAssessment  assessment)
{
  g_autofree char *css_class = NULL;
  GtkWidget *chip;

  if (verdict == NULL || cm_verdict_get_assessment (verdict) == CM_ASSESSMENT_NONE)
    {
      chip = gtk_label_new (_("No verdict"));
      css_class = g_strdup ("assessment-none");
      /* The text is handed over on query: setting a tooltip on a widget
       * not yet realized trips GTK 4.8. */
      gtk_widget_set_has_tooltip (chip, TRUE);
      g_signal_connect (chip, "query-tooltip", G_CALLBACK (no_verdict_query_tooltip_cb), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("An item without a verdict counts as Absent"), -1);
    }
  else
    {
      chip = gtk_label_new (cm_assessment_get_label (assessment));
      css_class = g_strdup_printf ("assessment-%s", cm_assessment_to_string (assessment));
    }
  gtk_widget_add_css_class (chip, "chip");
  gtk_widget_add_css_class (chip, css_class);
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
  return chip;
}

static const char *
verdict_text (CmVerdict    *verdict,
              CmAssessment  assessment)
{
  if (verdict == NULL || cm_verdict_get_assessment (verdict) == CM_ASSESSMENT_NONE)
    return _("No verdict");
  return cm_assessment_get_label (assessment);
}

/* One reviewer's side of a row: who, the verdict, the rationale. */
static GtkWidget *
new_side (const char   *heading,
          CmVerdict    *verdict,
          CmAssessment  assessment)
{
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  const char *rationale = verdict != NULL ? cm_verdict_get_rationale (verdict) : NULL;
  GtkWidget *text;

  gtk_widget_set_hexpand (side, TRUE);
  gtk_box_append (GTK_BOX (top), new_label (heading, "caption-heading"));
  gtk_box_append (GTK_BOX (top), new_chip (verdict, assessment));
  gtk_box_append (GTK_BOX (side), top);
  if (rationale != NULL && *rationale != '\0')
    text = new_label (rationale, "note");
  else
    {
      text = new_label (_("No rationale given"), "dim-label");
      gtk_widget_add_css_class (text, "caption");
    }
  gtk_box_append (GTK_BOX (side), text);
  return side;
}

static GtkWidget *
new_row (CmAgreementWindow    *self,
         const CmAgreementRow *data)
{
  const char *item_id = cm_checklist_item_get_id (data->item);
  CmChecklistCategory *category = cm_checklist_lookup_category (self->checklist,
                                                                cm_checklist_item_get_category_id (data->item));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  g_autofree char *accessible = NULL;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  if (category != NULL)
    {
      GtkWidget *label = new_label (cm_checklist_translate (cm_checklist_category_get_title (category)),
                                    "dim-label");

      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_box_append (GTK_BOX (box),
                  new_label (cm_checklist_translate (cm_checklist_item_get_title (data->item)), "heading"));
  gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
  gtk_widget_set_margin_top (sides, 6);
  gtk_box_append (GTK_BOX (sides), new_side (_("This review"), data->verdict_a, data->assessment_a));
  gtk_box_append (GTK_BOX (sides), new_side (_("Other review"), data->verdict_b, data->assessment_b));
  gtk_box_append (GTK_BOX (box), sides);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* Translators: a disagreement as a screen reader reads it: the item, then both verdicts. */
  accessible = g_strdup_printf (_("%s: this review %s, other review %s"),
                                cm_checklist_translate (cm_checklist_item_get_title (data->item)),
                                verdict_text (data->verdict_a, data->assessment_a),
                                verdict_text (data->verdict_b, data->assessment_b));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Opens the item in the checklist"),
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "item-id", g_strdup (item_id), g_free);
  return row;
}

static void
rebuild (CmAgreementWindow *self)
{
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *kappa = NULL;
  g_autofree char *number = NULL;
  GtkWidget *child;
  guint n_items;
  double value;

  g_clear_object (&self->agreement);
  self->agreement = cm_agreement_new (self->checklist, self->ours, self->theirs);

  ours = dup_authors_text (cm_agreement_get_authors_a (self->agreement));
  theirs = dup_authors_text (cm_agreement_get_authors_b (self->agreement));
  gtk_label_set_text (self->ours_label, ours);
  gtk_label_set_text (self->theirs_label, theirs);

  n_items = cm_agreement_get_n_items (self->agreement);
  summary = g_strdup_printf (ngettext ("%u of %u item agrees", "%u of %u items agree", n_items),
                             cm_agreement_get_n_agreeing (self->agreement), n_items);
  gtk_label_set_text (self->summary_label, summary);

  value = cm_agreement_get_kappa (self->agreement);
  number = g_strdup_printf ("%.2f", value);
  /* Translators: the first %s is a number such as 0.53, the second a
   * reading such as "Moderate agreement". */
  kappa = g_strdup_printf (_("Cohen’s kappa %s — %s"), number,
                           cm_kappa_band_get_label (cm_kappa_band_for_kappa (value)));
  gtk_label_set_text (self->kappa_label, kappa);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  disagreements = cm_agreement_dup_disagreements (self->agreement);
  for (guint i = 0; i < disagreements->len; i++)
    gtk_list_box_append (self->list, new_row (self, g_ptr_array_index (disagreements, i)));
  gtk_stack_set_visible_child_name (self->stack, disagreements->len > 0 ? "disagreements" : "agree");
}

static void
check_documents (CmAgreementWindow *self)
{
  const char *ours = cm_review_get_document_sha256 (self->ours);
  const char *theirs = cm_review_get_document_sha256 (self->theirs);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  /* A review from before hashes were recorded cannot be checked: no warning. */
  self->pdf_mismatch = ours != NULL && theirs != NULL && g_ascii_strcasecmp (ours, theirs) != 0;
  gtk_widget_set_visible (self->mismatch_box, self->pdf_mismatch);
  if (!self->pdf_mismatch)
    return;
  name = g_file_get_basename (self->their_file);
  text = g_strdup_printf (_("“%s” is a review of a different version of the PDF: verdicts on changed clauses "
                            "may differ for that reason alone. Compare reviews of the same file when you can."),
                          name);
  gtk_label_set_text (self->mismatch_label, text);
}

static void
row_activated_cb (CmAgreementWindow *self,
                  GtkListBoxRow     *row)
{
  const char *item_id = g_object_get_data (G_OBJECT (row), "item-id");

  if (item_id != NULL)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item_id);
}

static void
cm_agreement_window_constructed (GObject *object)
{
  CmAgreementWindow *self = CM_AGREEMENT_WINDOW (object);
  g_autofree char *basename = NULL;

  G_OBJECT_CLASS (cm_agreement_window_parent_class)->constructed (object);

  basename = g_file_get_basename (self->their_file);
  adw_window_title_set_subtitle (self->window_title, basename);
  check_documents (self);
  rebuild (self);
  /* Verdicts changed on this side while the window is open update it. */
  g_signal_connect_object (self->ours, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
}

static void
cm_agreement_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CM_TYPE_AGREEMENT_WINDOW);

  G_OBJECT_CLASS (cm_agreement_window_parent_class)->dispose (object);
}

static void
cm_agreement_window_finalize (GObject *object)
{
  CmAgreementWindow *self = CM_AGREEMENT_WINDOW (object);

  g_clear_object (&self->agreement);
  g_clear_object (&self->checklist);
  g_clear_object (&self->ours);
  g_clear_object (&self->theirs);
  g_clear_object (&self->their_file);

  G_OBJECT_CLASS (cm_agreement_window_parent_class)->finalize (object);
}

static void
cm_agreement_window_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CmAgreementWindow *self = CM_AGREEMENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHECKLIST:
      g_set_object (&self->checklist, g_value_get_object (value));
      break;
    case PROP_OURS:
      g_set_object (&self->ours, g_value_get_object (value));
      break;
    case PROP_THEIRS:
      g_set_object (&self->theirs, g_value_get_object (value));
      break;
    case PROP_THEIR_FILE:
      g_set_object (&self->their_file, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_agreement_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CmAgreementWindow *self = CM_AGREEMENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHECKLIST:
      g_value_set_object (value, self->checklist);
      break;
    case PROP_OURS:
      g_value_set_object (value, self->ours);
      break;
    case PROP_THEIRS:
      g_value_set_object (value, self->theirs);
      break;
    case PROP_THEIR_FILE:
      g_value_set_object (value, self->their_file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_agreement_window_class_init (CmAgreementWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_agreement_window_constructed;
  object_class->dispose = cm_agreement_window_dispose;
  object_class->finalize = cm_agreement_window_finalize;
  object_class->get_property = cm_agreement_window_get_property;
  object_class->set_property = cm_agreement_window_set_property;

  properties[PROP_CHECKLIST] =
    g_param_spec_object ("checklist", NULL, NULL, CM_TYPE_CHECKLIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OURS] =
    g_param_spec_object ("ours", NULL, NULL, CM_TYPE_REVIEW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THEIRS] =
    g_param_spec_object ("theirs", NULL, NULL, CM_TYPE_REVIEW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THEIR_FILE] =
    g_param_spec_object ("their-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/clausemark/Clausemark/cm-agreement-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, mismatch_box);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, mismatch_label);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, ours_label);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, theirs_label);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, kappa_label);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CmAgreementWindow, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_agreement_window_init (CmAgreementWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CmAgreementWindow *
cm_agreement_window_new (GtkWindow   *parent,
                         CmChecklist *checklist,
                         CmReview    *ours,
                         CmReview    *theirs,
                         GFile       *their_file)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (checklist), NULL);
  g_return_val_if_fail (CM_IS_REVIEW (ours), NULL);
  g_return_val_if_fail (CM_IS_REVIEW (theirs), NULL);
  g_return_val_if_fail (G_IS_FILE (their_file), NULL);

  return g_object_new (CM_TYPE_AGREEMENT_WINDOW,
                       "transient-for", parent,
                       /* It follows the window's live review: it closes with it. */
                       "destroy-with-parent", TRUE,
                       "checklist", checklist,
                       "ours", ours,
                       "theirs", theirs,
                       "their-file", their_file,
                       NULL);
}

CmAgreement *
cm_agreement_window_get_agreement (CmAgreementWindow *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT_WINDOW (self), NULL);

  return self->agreement;
}

guint
cm_agreement_window_get_n_rows (CmAgreementWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (CM_IS_AGREEMENT_WINDOW (self), 0);

  while (gtk_list_box_get_row_at_index (self->list, (int) n) != NULL)
    n++;
  return n;
}

const char *
cm_agreement_window_get_row_item_id (CmAgreementWindow *self,
                                     guint              index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CM_IS_AGREEMENT_WINDOW (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list, (int) index);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "item-id") : NULL;
}

const char *
cm_agreement_window_get_summary (CmAgreementWindow *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT_WINDOW (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

const char *
cm_agreement_window_get_kappa_text (CmAgreementWindow *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT_WINDOW (self), NULL);

  return gtk_label_get_text (self->kappa_label);
}

gboolean
cm_agreement_window_get_pdf_mismatch (CmAgreementWindow *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT_WINDOW (self), FALSE);

  return self->pdf_mismatch;
}
