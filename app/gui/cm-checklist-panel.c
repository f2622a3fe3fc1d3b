/* cm-checklist-panel.c: the sidebar: checklist items with verdicts and evidence, and all annotations. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cm-checklist-panel.h"

typedef struct
{
  CmChecklistItem *item;
  GtkWidget       *row;
  GtkLabel        *chip;
  GtkLabel        *count;
} ItemRow;

struct _CmChecklistPanel
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkWidget         *box;
  AdwViewStack      *view_stack;
  GtkStack          *checklist_stack;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;
  GtkListBox        *item_list;
  GtkLabel          *detail_title;
  GtkLabel          *detail_category;
  GtkLabel          *detail_question;
  GtkLabel          *detail_guidance;
  GtkDropDown       *verdict_dropdown;
  GtkTextView       *rationale_view;
  GtkWidget         *verdict_conflict_box;
  GtkLabel          *verdict_conflict_label;
  GtkLabel          *evidence_heading;
  GtkListBox        *evidence_list;
  GtkLabel          *no_evidence_label;
  GtkDropDown       *item_filter;
  GtkDropDown       *assessment_filter;
  GtkDropDown       *author_filter;
  GtkStack          *annotation_stack;
  AdwStatusPage     *annotation_empty;
  GtkWidget         *clear_filters_button;
  GtkListBox        *annotation_list;

  CmChecklist       *checklist;
  CmReview          *review;
  CmTextIndex       *index;
  char              *author;
  char              *current_item_id;
  /* What the evidence cards show: they are rebuilt only when it changes,
   * so a change elsewhere never destroys the card the focus is moving to. */
  char              *evidence_key;

  GHashTable        *item_rows;       /* item id → ItemRow */
  GPtrArray         *filter_items;    /* item filter position - 1 → CmChecklistItem */
  GtkStringList     *author_strings;
  GtkCustomFilter   *annotation_filter;
  GtkFilterListModel *filtered_annotations;

  gboolean           updating;

  /* The analyzer's proposals still open (CmSuggestion), and where the
   * current item's are listed. */
  GPtrArray         *suggestions;
  GtkWidget         *suggestions_box;
  GtkLabel          *suggestions_heading;
  GtkListBox        *suggestion_list;
  char              *suggestions_key;   /* what the cards show, see update_suggestions() */
};

enum {
  ANNOTATION_ACTIVATED,
  SUGGESTION_ACCEPTED,
  SUGGESTION_DISMISSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmChecklistPanel, cm_checklist_panel, GTK_TYPE_WIDGET)

static void
set_chip (GtkLabel     *chip,
          CmAssessment  assessment)
{
  const char *previous = g_object_get_data (G_OBJECT (chip), "assessment-class");
  g_autofree char *css_class = g_strdup_printf ("assessment-%s", cm_assessment_to_string (assessment));

  if (previous != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (chip), previous);
  gtk_widget_add_css_class (GTK_WIDGET (chip), css_class);
  g_object_set_data_full (G_OBJECT (chip), "assessment-class", g_steal_pointer (&css_class), g_free);
  gtk_label_set_text (chip, cm_assessment_get_label (assessment));
}

static GtkLabel *
new_chip (CmAssessment assessment)
{
  GtkLabel *chip = GTK_LABEL (gtk_label_new (NULL));

  gtk_widget_add_css_class (GTK_WIDGET (chip), "chip");
  gtk_widget_set_valign (GTK_WIDGET (chip), GTK_ALIGN_CENTER);
  set_chip (chip, assessment);
  return chip;
}

static CmAssessment
get_verdict_assessment (CmChecklistPanel *self,
                        const char       *item_id)
{
  CmVerdict *verdict;

  if (self->review == NULL)
    return CM_ASSESSMENT_NONE;
  verdict = cm_review_lookup_verdict (self->review, item_id);
  return verdict != NULL ? cm_verdict_get_assessment (verdict) : CM_ASSESSMENT_NONE;
}

static guint
get_evidence_count (CmChecklistPanel *self,
                    const char       *item_id)
{
  g_autoptr(GPtrArray) evidence = NULL;

  if (self->review == NULL)
    return 0;
  evidence = cm_review_get_evidence (self->review, item_id);
  return evidence != NULL ? evidence->len : 0;
}

/* Dropdowns in a narrow sidebar: the button ellipsizes, the list wraps. */
static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), gtk_string_object_get_string (string));
}

static void
setup_dropdown (GtkDropDown *dropdown,
                GListModel  *model)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), NULL);
  g_signal_connect (list_factory, "setup", G_CALLBACK (label_setup_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (list_factory, "bind", G_CALLBACK (label_bind_cb), NULL);
  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
  gtk_drop_down_set_model (dropdown, model);
}

/* Annotation rows, shared by the evidence list and the annotation list. */

static GtkWidget *
create_annotation_row (CmChecklistPanel *self,
                       CmAnnotation     *annotation,
                       gboolean          show_item)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  const char *item_id = cm_annotation_get_item_id (annotation);
  const char *note = cm_annotation_get_note (annotation);
  const char *author = cm_annotation_get_author (annotation);
  CmChecklistItem *item = NULL;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *top;
  GtkWidget *label;
  g_autofree char *quote = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *accessible = NULL;

  if (item_id != NULL && self->checklist != NULL)
    item = cm_checklist_lookup_item (self->checklist, item_id);

  row = gtk_list_box_row_new ();
  gtk_widget_add_css_class (row, "annotation-row");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (new_chip (cm_annotation_get_assessment (annotation))));
  if (show_item)
    {
      label = gtk_label_new (item != NULL ? cm_checklist_translate (cm_checklist_item_get_title (item))
                                          : (item_id != NULL ? item_id : _("Untagged")));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_box_append (GTK_BOX (top), label);
    }
  gtk_box_append (GTK_BOX (box), top);

  /* Translators: a quoted clause. */
  quote = g_strdup_printf (_("“%s”"), anchor != NULL ? cm_anchor_get_exact (anchor) : "");
  label = gtk_label_new (quote);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "quote");
  gtk_box_append (GTK_BOX (box), label);

  if (note != NULL && *note != '\0')
    {
      label = gtk_label_new (note);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "note");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (self->review != NULL && cm_review_lookup_conflict (self->review, cm_annotation_get_id (annotation)) != NULL)
    {
      label = gtk_label_new (_("Changed by two reviewers: open it to choose a version"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (anchor != NULL && cm_anchor_get_state (anchor) == CM_ANCHOR_STATE_ORPHANED)
    /* Translators: an annotation whose text is gone from the PDF, then its author. */
    meta = g_strdup_printf (_("Text not found · %s"), author != NULL ? author : "");
  else if (cm_annotation_get_section (annotation) != NULL)
    /* Translators: "Page 3 · Sec. 2-173-020(a)(1) · Ana Ruiz" */
    meta = g_strdup_printf (_("Page %u · %s · %s"), anchor != NULL ? cm_anchor_get_page (anchor) : 0,
                            cm_annotation_get_section (annotation), author != NULL ? author : "");
  else
    /* Translators: "Page 3 · Ana Ruiz" */
    meta = g_strdup_printf (_("Page %u · %s"), anchor != NULL ? cm_anchor_get_page (anchor) : 0,
                            author != NULL ? author : "");
  label = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "annotation-id", g_strdup (cm_annotation_get_id (annotation)), g_free);

  accessible = g_strdup_printf ("%s, %s, %s", cm_assessment_get_label (cm_annotation_get_assessment (annotation)),
                                quote, meta);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static GtkWidget *
create_bound_annotation_row (gpointer item,
                             gpointer user_data)
{
  return create_annotation_row (CM_CHECKLIST_PANEL (user_data), CM_ANNOTATION (item), TRUE);
}

static gboolean
is_orphaned (CmAnnotation *annotation)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);

  return anchor != NULL && cm_anchor_get_state (anchor) == CM_ANCHOR_STATE_ORPHANED;
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  gboolean orphan_a = is_orphaned ((CmAnnotation *) a);
  gboolean orphan_b = is_orphaned ((CmAnnotation *) b);

  /* Orphans last, in their own section. */
  if (orphan_a != orphan_b)
    return orphan_a ? 1 : -1;
  return cm_annotation_compare ((CmAnnotation *) a, (CmAnnotation *) b);
}

static void
annotation_header_func (GtkListBoxRow *row,
                        GtkListBoxRow *before,
                        gpointer       user_data)
{
  CmChecklistPanel *self = user_data;
  int position = gtk_list_box_row_get_index (row);
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autoptr(CmAnnotation) previous = NULL;
  GtkWidget *header = NULL;

  if (self->filtered_annotations == NULL)
    return;
  annotation = g_list_model_get_item (G_LIST_MODEL (self->filtered_annotations), (guint) position);
  if (before != NULL)
    previous = g_list_model_get_item (G_LIST_MODEL (self->filtered_annotations), (guint) position - 1);

  if (annotation != NULL && is_orphaned (annotation) && (previous == NULL || !is_orphaned (previous)))
    {
      header = gtk_label_new (_("Orphaned — text not found in this PDF"));
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_wrap (GTK_LABEL (header), TRUE);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "list-header");
      gtk_widget_add_css_class (header, "orphaned");
    }

  gtk_list_box_row_set_header (row, header);
}

static gboolean
filter_annotation (gpointer item,
                   gpointer user_data)
{
  CmChecklistPanel *self = user_data;
  CmAnnotation *annotation = item;
  guint item_position = gtk_drop_down_get_selected (self->item_filter);
  guint assessment_position = gtk_drop_down_get_selected (self->assessment_filter);
  guint author_position = gtk_drop_down_get_selected (self->author_filter);

  if (item_position != GTK_INVALID_LIST_POSITION && item_position > 0 && self->filter_items != NULL
      && item_position - 1 < self->filter_items->len)
    {
      CmChecklistItem *wanted = g_ptr_array_index (self->filter_items, item_position - 1);

      if (g_strcmp0 (cm_annotation_get_item_id (annotation), cm_checklist_item_get_id (wanted)) != 0)
        return FALSE;
    }

  if (assessment_position != GTK_INVALID_LIST_POSITION && assessment_position > 0
      && cm_annotation_get_assessment (annotation) != (CmAssessment) (assessment_position - 1))
    return FALSE;

  if (author_position != GTK_INVALID_LIST_POSITION && author_position > 0)
    {
      const char *wanted = gtk_string_list_get_string (self->author_strings, author_position);

      if (g_strcmp0 (cm_annotation_get_author (annotation), wanted) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
update_annotation_empty (CmChecklistPanel *self)
{
  gboolean empty = self->filtered_annotations == NULL
                   || g_list_model_get_n_items (G_LIST_MODEL (self->filtered_annotations)) == 0;
  /* Annotations there are, but the filters hide them all. */
  gboolean filtered = empty && self->review != NULL && cm_review_get_n_annotations (self->review) > 0;

  adw_status_page_set_icon_name (self->annotation_empty, filtered ? "edit-find-symbolic" : "bookmark-new-symbolic");
  adw_status_page_set_title (self->annotation_empty,
                             filtered ? _("No Matching Annotations") : _("No Annotations"));
  adw_status_page_set_description (self->annotation_empty,
                                   filtered ? _("No annotation matches these filters.")
                                            : _("Select a clause in the document and press T to tag it."));
  gtk_widget_set_visible (self->clear_filters_button, filtered);
  gtk_stack_set_visible_child_name (self->annotation_stack, empty ? "empty" : "list");
}

static void
clear_filters_clicked_cb (CmChecklistPanel *self)
{
  gtk_drop_down_set_selected (self->item_filter, 0);
  gtk_drop_down_set_selected (self->assessment_filter, 0);
  gtk_drop_down_set_selected (self->author_filter, 0);
}

static void
filter_changed_cb (CmChecklistPanel *self)
{
  if (self->annotation_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->annotation_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_annotation_empty (self);
}

static void
update_author_filter (CmChecklistPanel *self)
{
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *selected = NULL;
  guint position = gtk_drop_down_get_selected (self->author_filter);
  guint new_position = 0;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->author_strings));
  GListModel *annotations;

  if (position != GTK_INVALID_LIST_POSITION && position > 0)
    selected = g_strdup (gtk_string_list_get_string (self->author_strings, position));

  if (self->review != NULL)
    {
      annotations = cm_review_get_annotations (self->review);
      for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
        {
          g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
          const char *author = cm_annotation_get_author (annotation);

          if (author != NULL && *author != '\0'
              && !g_ptr_array_find_with_equal_func (authors, author, g_str_equal, NULL))
            g_ptr_array_add (authors, g_strdup (author));
        }
    }
  g_ptr_array_sort (authors, (GCompareFunc) g_utf8_collate);
  g_ptr_array_add (authors, NULL);

  /* Only rebuild when the set of authors changed: rebuilding resets the
   * dropdown the reviewer may be using. */
  if (n_old == authors->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; i + 1 < authors->len && same; i++)
        same = g_strcmp0 (gtk_string_list_get_string (self->author_strings, i + 1),
                          g_ptr_array_index (authors, i)) == 0;
      if (same)
        return;
    }

  self->updating = TRUE;
  gtk_string_list_splice (self->author_strings, 1, n_old - 1, (const char * const *) authors->pdata);
  for (guint i = 0; selected != NULL && i + 1 < authors->len; i++)
    if (g_strcmp0 (selected, g_ptr_array_index (authors, i)) == 0)
      new_position = i + 1;
  gtk_drop_down_set_selected (self->author_filter, new_position);
  self->updating = FALSE;
}

/* Items */

static void
update_item_row (CmChecklistPanel *self,
                 ItemRow          *item_row)
{
  const char *item_id = cm_checklist_item_get_id (item_row->item);
  CmAssessment verdict = get_verdict_assessment (self, item_id);
  guint count = get_evidence_count (self, item_id);
  g_autofree char *count_text = NULL;
  g_autofree char *accessible = NULL;

  set_chip (item_row->chip, verdict);

  if (count == 0)
    {
      count_text = g_strdup (_("No evidence"));
      gtk_widget_add_css_class (item_row->row, "no-evidence");
    }
  else
    {
      count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clause", "%u clauses", count), count);
      gtk_widget_remove_css_class (item_row->row, "no-evidence");
    }
  gtk_label_set_text (item_row->count, count_text);

  accessible = g_strdup_printf ("%s: %s, %s", cm_checklist_translate (cm_checklist_item_get_title (item_row->item)),
                                cm_assessment_get_label (verdict), count_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item_row->row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static guint
count_assessed (CmChecklistPanel *self)
{
  GPtrArray *items;
  guint assessed = 0;

  if (self->checklist == NULL)
    return 0;
  items = cm_checklist_get_items (self->checklist);
  for (guint i = 0; i < items->len; i++)
    if (get_verdict_assessment (self, cm_checklist_item_get_id (g_ptr_array_index (items, i))) != CM_ASSESSMENT_NONE)
      assessed++;
  return assessed;
}

static void
update_summary (CmChecklistPanel *self)
{
  g_autofree char *summary = cm_checklist_panel_dup_summary (self);
  guint total = self->checklist != NULL ? cm_checklist_get_n_items (self->checklist) : 0;

  gtk_label_set_text (self->progress_label, summary);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) count_assessed (self) / total : 0.0);
}

static void
item_header_func (GtkListBoxRow *row,
                  GtkListBoxRow *before,
                  gpointer       user_data)
{
  CmChecklistPanel *self = user_data;
  CmChecklistItem *item = g_object_get_data (G_OBJECT (row), "item");
  CmChecklistItem *previous = before != NULL ? g_object_get_data (G_OBJECT (before), "item") : NULL;
  CmChecklistCategory *category;
  GtkWidget *header;

  if (item == NULL || self->checklist == NULL
      || (previous != NULL && g_strcmp0 (cm_checklist_item_get_category_id (item),
                                                      cm_checklist_item_get_category_id (previous)) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  category = cm_checklist_lookup_category (self->checklist, cm_checklist_item_get_category_id (item));
  header = gtk_label_new (category != NULL ? cm_checklist_translate (cm_checklist_category_get_title (category))
                                           : cm_checklist_item_get_category_id (item));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "list-header");
  gtk_list_box_row_set_header (row, header);
}

static void
rebuild_items (CmChecklistPanel *self)
{
  GtkWidget *child;
  GPtrArray *items;

  g_hash_table_remove_all (self->item_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->item_list))) != NULL)
    gtk_list_box_remove (self->item_list, child);

  if (self->checklist == NULL)
    return;

  items = cm_checklist_get_items (self->checklist);
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      ItemRow *item_row = g_new0 (ItemRow, 1);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (cm_checklist_translate (cm_checklist_item_get_title (item)));

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (text), title);
      item_row->count = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (GTK_LABEL (item_row->count), 0);
      gtk_widget_add_css_class (GTK_WIDGET (item_row->count), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (item_row->count), "evidence-count");
      gtk_box_append (GTK_BOX (text), GTK_WIDGET (item_row->count));
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (box), text);

      item_row->chip = new_chip (CM_ASSESSMENT_NONE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (item_row->chip));

      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      item_row->row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item_row->row), box);
      gtk_widget_add_css_class (item_row->row, "item-row");
      item_row->item = item;
      g_object_set_data (G_OBJECT (item_row->row), "item", item);
      gtk_list_box_append (self->item_list, item_row->row);
      g_hash_table_insert (self->item_rows, (gpointer) cm_checklist_item_get_id (item), item_row);
      update_item_row (self, item_row);
    }
}

static void
rebuild_item_filter (CmChecklistPanel *self)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

  g_clear_pointer (&self->filter_items, g_ptr_array_unref);
  self->filter_items = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_string_list_append (strings, _("All checklist items"));

  if (self->checklist != NULL)
    {
      GPtrArray *items = cm_checklist_get_items (self->checklist);

      for (guint i = 0; i < items->len; i++)
        {
          CmChecklistItem *item = g_ptr_array_index (items, i);

          g_ptr_array_add (self->filter_items, g_object_ref (item));
          gtk_string_list_append (strings, cm_checklist_translate (cm_checklist_item_get_title (item)));
        }
    }
  setup_dropdown (self->item_filter, G_LIST_MODEL (strings));
}

/* Detail page */

static CmConflict *
lookup_verdict_conflict (CmChecklistPanel *self)
{
  g_autofree char *id = NULL;

  if (self->review == NULL || self->current_item_id == NULL)
    return NULL;
  id = g_strconcat ("verdict:", self->current_item_id, NULL);
  return cm_review_lookup_conflict (self->review, id);
}

/* Two reviewers set this item's verdict differently: show the other one. */
static void
update_verdict_conflict (CmChecklistPanel *self)
{
  CmConflict *conflict = lookup_verdict_conflict (self);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->verdict_conflict_box, conflict != NULL);
  if (conflict == NULL)
    return;

  if (conflict->other != NULL && CM_IS_VERDICT (conflict->other))
    {
      CmVerdict *other = CM_VERDICT (conflict->other);
      const char *rationale = cm_verdict_get_rationale (other);

      /* Translators: "Ben Ortiz set this verdict too: Weak. rationale" */
      text = g_strdup_printf (_("%s set this verdict too: %s. %s"),
                              cm_verdict_get_author (other) != NULL ? cm_verdict_get_author (other) : "",
                              cm_assessment_get_label (cm_verdict_get_assessment (other)),
                              rationale != NULL ? rationale : "");
    }
  else
    text = g_strdup (_("Another reviewer cleared this verdict."));
  gtk_label_set_text (self->verdict_conflict_label, g_strstrip (text));
}

static void
resolve_verdict_conflict (CmChecklistPanel *self,
                          gboolean          theirs)
{
  CmConflict *conflict = lookup_verdict_conflict (self);
  g_autofree char *id = NULL;
  g_autoptr(GObject) chosen = NULL;
  CmVerdict *mine;

  if (conflict == NULL)
    return;

  id = g_strdup (conflict->id);
  mine = cm_review_lookup_verdict (self->review, self->current_item_id);
  if (theirs)
    chosen = conflict->other != NULL ? G_OBJECT (cm_verdict_copy (CM_VERDICT (conflict->other))) : NULL;
  else
    chosen = mine != NULL ? G_OBJECT (cm_verdict_copy (mine)) : NULL;
  cm_review_resolve_conflict (self->review, id, chosen, self->author);
}

static void
verdict_keep_mine_cb (CmChecklistPanel *self)
{
  resolve_verdict_conflict (self, FALSE);
}

static void
verdict_use_theirs_cb (CmChecklistPanel *self)
{
  resolve_verdict_conflict (self, TRUE);
}

/* Suggested clauses */

static void
accept_clicked_cb (GtkButton        *button,
                   CmChecklistPanel *self)
{
  const CmSuggestion *suggestion = g_object_get_data (G_OBJECT (button), "cm-suggestion");
  CmAssessment assessment = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cm-assessment"));
  g_autoptr(CmSuggestion) copy = cm_suggestion_copy (suggestion);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  g_signal_emit (self, signals[SUGGESTION_ACCEPTED], 0, copy, (int) assessment);
}

static void
dismiss_clicked_cb (GtkButton        *button,
                    CmChecklistPanel *self)
{
  const CmSuggestion *suggestion = g_object_get_data (G_OBJECT (button), "cm-suggestion");
  g_autoptr(CmSuggestion) copy = cm_suggestion_copy (suggestion);

  g_signal_emit (self, signals[SUGGESTION_DISMISSED], 0, copy);
}

static GtkWidget *
create_suggestion_row (CmChecklistPanel   *self,
                       const CmSuggestion *suggestion)
{
  const char *section = cm_suggestion_get_section (suggestion);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *choices = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *dismiss;
  GtkWidget *label;
  g_autofree char *quote = NULL;
  g_autofree char *meta = NULL;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "suggestion-row");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  /* Translators: a quoted clause. */
  quote = g_strdup_printf (_("“%s”"), cm_suggestion_get_quote (suggestion));
  label = gtk_label_new (quote);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "quote");
  gtk_box_append (GTK_BOX (box), label);

  if (section != NULL)
    /* Translators: "Page 3 · Sec. 2-173-020(a) · cues: detainer" */
    meta = g_strdup_printf (_("Page %u · %s · %s"), cm_suggestion_get_page (suggestion), section,
                            cm_suggestion_get_reason (suggestion));
  else
    meta = g_strdup_printf (_("Page %u · %s"), cm_suggestion_get_page (suggestion),
                            cm_suggestion_get_reason (suggestion));
  label = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  /* Accepting asks for the assessment: the judgement stays the reviewer's. */
  for (guint i = CM_ASSESSMENT_STRONG; i < CM_N_ASSESSMENTS; i++)
    {
      GtkWidget *choice = gtk_button_new_with_label (cm_assessment_get_label ((CmAssessment) i));

      gtk_widget_add_css_class (choice, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (choice))), 0);
      g_object_set_data_full (G_OBJECT (choice), "cm-suggestion", cm_suggestion_copy (suggestion),
                              (GDestroyNotify) cm_suggestion_free);
      g_object_set_data (G_OBJECT (choice), "cm-assessment", GINT_TO_POINTER (i));
      g_signal_connect_object (choice, "clicked", G_CALLBACK (accept_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (choices), choice);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), choices);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu_button), popover);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu_button), _("Accept as…"));
  gtk_widget_add_css_class (menu_button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), menu_button);

  dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  g_object_set_data_full (G_OBJECT (dismiss), "cm-suggestion", cm_suggestion_copy (suggestion),
                          (GDestroyNotify) cm_suggestion_free);
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (buttons), dismiss);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, quote, -1);
  return row;
}

/* The suggestions for the current item, in order (borrowed). */
static GPtrArray *
current_item_suggestions (CmChecklistPanel *self)
{
  GPtrArray *shown = g_ptr_array_new ();

  for (guint i = 0; self->suggestions != NULL && i < self->suggestions->len; i++)
    {
      CmSuggestion *suggestion = g_ptr_array_index (self->suggestions, i);

      if (g_strcmp0 (cm_suggestion_get_item_id (suggestion), self->current_item_id) == 0)
        g_ptr_array_add (shown, suggestion);
    }
  return shown;
}

/* Everything create_suggestion_row() shows of SHOWN, in order. */
static char *
dup_suggestions_key (CmChecklistPanel *self,
                     GPtrArray        *shown)
{
  GString *key = g_string_new (self->current_item_id);

  for (guint i = 0; i < shown->len; i++)
    {
      const CmSuggestion *suggestion = g_ptr_array_index (shown, i);

      g_string_append_printf (key, "\x1f%u\x1e%u\x1e%u\x1e%s\x1e%s\x1e%s", cm_suggestion_get_start (suggestion),
                              cm_suggestion_get_end (suggestion), cm_suggestion_get_page (suggestion),
                              cm_suggestion_get_quote (suggestion),
                              cm_suggestion_get_section (suggestion) != NULL
                                ? cm_suggestion_get_section (suggestion) : "",
                              cm_suggestion_get_reason (suggestion));
    }
  return g_string_free (key, FALSE);
}

/* The cards are rebuilt only when what they show changes: the review
 * changes as the focus leaves the rationale for a card, and a card
 * destroyed under the moving focus left GTK holding a freed row. */
static void
update_suggestions (CmChecklistPanel *self)
{
  GtkWidget *child;
  g_autoptr(GPtrArray) shown = current_item_suggestions (self);
  g_autofree char *heading = NULL;
  g_autofree char *key = dup_suggestions_key (self, shown);

  if (g_strcmp0 (key, self->suggestions_key) != 0)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))) != NULL)
        gtk_list_box_remove (self->suggestion_list, child);
      for (guint i = 0; i < shown->len; i++)
        gtk_list_box_append (self->suggestion_list, create_suggestion_row (self, g_ptr_array_index (shown, i)));
      g_free (self->suggestions_key);
      self->suggestions_key = g_steal_pointer (&key);
    }
  heading = g_strdup_printf (_("Suggested Clauses (%u)"), shown->len);
  gtk_label_set_text (self->suggestions_heading, heading);
  gtk_widget_set_visible (self->suggestions_box, shown->len > 0);
}

/* Everything create_annotation_row() shows of the item's EVIDENCE. */
static char *
dup_evidence_key (CmChecklistPanel *self,
                  GPtrArray        *evidence)
{
  GString *key = g_string_new (self->current_item_id);

  for (guint i = 0; evidence != NULL && i < evidence->len; i++)
    {
      CmAnnotation *annotation = g_ptr_array_index (evidence, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);
      const char *id = cm_annotation_get_id (annotation);

      g_string_append_printf (key, "\x1f%s\x1e%d\x1e%s\x1e%s\x1e%s\x1e%s\x1e%d\x1e%u\x1e%d", id,
                              (int) cm_annotation_get_assessment (annotation),
                              anchor != NULL ? cm_anchor_get_exact (anchor) : "",
                              cm_annotation_get_note (annotation) != NULL ? cm_annotation_get_note (annotation) : "",
                              cm_annotation_get_section (annotation) != NULL ? cm_annotation_get_section (annotation) : "",
                              cm_annotation_get_author (annotation) != NULL ? cm_annotation_get_author (annotation) : "",
                              anchor != NULL ? (int) cm_anchor_get_state (anchor) : -1,
                              anchor != NULL ? cm_anchor_get_page (anchor) : 0,
                              cm_review_lookup_conflict (self->review, id) != NULL);
    }
  return g_string_free (key, FALSE);
}

static void
update_detail (CmChecklistPanel *self)
{
  CmChecklistItem *item;
  CmChecklistCategory *category;
  CmVerdict *verdict = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *key = NULL;
  GtkWidget *child;

  if (self->current_item_id == NULL || self->checklist == NULL)
    return;
  item = cm_checklist_lookup_item (self->checklist, self->current_item_id);
  if (item == NULL)
    return;

  category = cm_checklist_lookup_category (self->checklist, cm_checklist_item_get_category_id (item));
  gtk_label_set_text (self->detail_title, cm_checklist_translate (cm_checklist_item_get_title (item)));
  gtk_label_set_text (self->detail_category,
                      category != NULL ? cm_checklist_translate (cm_checklist_category_get_title (category)) : "");
  gtk_label_set_text (self->detail_question, cm_checklist_translate (cm_checklist_item_get_question (item)));
  gtk_label_set_text (self->detail_guidance, cm_checklist_translate (cm_checklist_item_get_guidance (item)));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_guidance), cm_checklist_item_get_guidance (item) != NULL);

  if (self->review != NULL)
    verdict = cm_review_lookup_verdict (self->review, self->current_item_id);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->verdict_dropdown,
                              verdict != NULL ? (guint) cm_verdict_get_assessment (verdict) : CM_ASSESSMENT_NONE);
  /* Keep what the reviewer is typing. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->rationale_view)))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rationale_view),
                              verdict != NULL && cm_verdict_get_rationale (verdict) != NULL
                                ? cm_verdict_get_rationale (verdict) : "", -1);
  self->updating = FALSE;

  update_verdict_conflict (self);

  if (self->review != NULL)
    evidence = cm_review_get_evidence (self->review, self->current_item_id);
  if (evidence != NULL)
    g_ptr_array_sort_with_data (evidence, (GCompareDataFunc) compare_annotations, NULL);

  key = dup_evidence_key (self, evidence);
  if (g_strcmp0 (key, self->evidence_key) != 0)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->evidence_list))) != NULL)
        gtk_list_box_remove (self->evidence_list, child);
      for (guint i = 0; evidence != NULL && i < evidence->len; i++)
        gtk_list_box_append (self->evidence_list,
                             create_annotation_row (self, g_ptr_array_index (evidence, i), FALSE));
      g_free (self->evidence_key);
      self->evidence_key = g_steal_pointer (&key);
    }

  heading = g_strdup_printf (_("Evidence (%u)"), evidence != NULL ? evidence->len : 0);
  gtk_label_set_text (self->evidence_heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_list), evidence != NULL && evidence->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_evidence_label), evidence == NULL || evidence->len == 0);
}

static void
apply_verdict (CmChecklistPanel *self)
{
  CmAssessment assessment;
  g_autofree char *rationale = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  CmVerdict *existing;
  g_autoptr(CmVerdict) verdict = NULL;

  if (self->updating || self->review == NULL || self->current_item_id == NULL)
    return;

  assessment = (CmAssessment) gtk_drop_down_get_selected (self->verdict_dropdown);
  if ((guint) assessment >= CM_N_ASSESSMENTS)
    assessment = CM_ASSESSMENT_NONE;
  buffer = gtk_text_view_get_buffer (self->rationale_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  rationale = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  existing = cm_review_lookup_verdict (self->review, self->current_item_id);

  if (assessment == CM_ASSESSMENT_NONE && (rationale == NULL || *rationale == '\0'))
    {
      if (existing != NULL)
        cm_review_clear_verdict (self->review, self->current_item_id, self->author);
      return;
    }

  if (existing != NULL && cm_verdict_get_assessment (existing) == assessment
      && g_strcmp0 (cm_verdict_get_rationale (existing) != NULL ? cm_verdict_get_rationale (existing) : "",
                    rationale) == 0)
    return;

  verdict = cm_verdict_new (self->current_item_id, assessment, self->author);
  cm_verdict_set_rationale (verdict, *rationale != '\0' ? rationale : NULL);
  cm_review_set_verdict (self->review, verdict);
}

/* Ctrl+Enter keeps the rationale without leaving it (Enter is a new line). */
static gboolean
rationale_key_pressed_cb (CmChecklistPanel      *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK) != 0)
    {
      apply_verdict (self);
      return TRUE;
    }
  return FALSE;
}

static void
rationale_focus_leave_cb (CmChecklistPanel *self)
{
  apply_verdict (self);
}

static void
back_clicked_cb (CmChecklistPanel *self)
{
  ItemRow *item_row = NULL;

  apply_verdict (self);
  gtk_stack_set_visible_child_name (self->checklist_stack, "items");
  if (self->current_item_id != NULL)
    item_row = g_hash_table_lookup (self->item_rows, self->current_item_id);
  if (item_row != NULL)
    gtk_widget_grab_focus (item_row->row);
  g_clear_pointer (&self->current_item_id, g_free);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmChecklistPanel *self = CM_CHECKLIST_PANEL (widget);

  if (self->current_item_id != NULL)
    back_clicked_cb (self);
}

static void
item_row_activated_cb (CmChecklistPanel *self,
                       GtkListBoxRow    *row)
{
  CmChecklistItem *item = g_object_get_data (G_OBJECT (row), "item");
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (row));

  if (item == NULL)
    return;
  cm_checklist_panel_show_item (self, cm_checklist_item_get_id (item));
  /* Chosen with the keyboard, the item is opened to be assessed: the
   * focus goes to its verdict, not to the back button the page starts
   * with. */
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->verdict_dropdown));
}

static void
annotation_row_activated_cb (CmChecklistPanel *self,
                             GtkListBoxRow    *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "annotation-id");

  if (id != NULL)
    g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, id);
}

static void
refresh (CmChecklistPanel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->item_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    update_item_row (self, value);
  update_summary (self);
  update_author_filter (self);
  update_detail (self);
  update_annotation_empty (self);
}

static void
cm_checklist_panel_dispose (GObject *object)
{
  CmChecklistPanel *self = CM_CHECKLIST_PANEL (object);

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  if (self->annotation_list != NULL)
    gtk_list_box_bind_model (self->annotation_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->review);
  g_clear_object (&self->checklist);
  g_clear_object (&self->index);
  g_clear_object (&self->filtered_annotations);
  g_clear_object (&self->annotation_filter);
  g_clear_pointer (&self->filter_items, g_ptr_array_unref);
  g_clear_pointer (&self->item_rows, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_CHECKLIST_PANEL);

  G_OBJECT_CLASS (cm_checklist_panel_parent_class)->dispose (object);
}

static void
cm_checklist_panel_finalize (GObject *object)
{
  CmChecklistPanel *self = CM_CHECKLIST_PANEL (object);

  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->current_item_id, g_free);
  g_clear_pointer (&self->evidence_key, g_free);
  g_clear_pointer (&self->suggestions_key, g_free);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_object (&self->author_strings);

  G_OBJECT_CLASS (cm_checklist_panel_parent_class)->finalize (object);
}

static void
cm_checklist_panel_class_init (CmChecklistPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_checklist_panel_dispose;
  object_class->finalize = cm_checklist_panel_finalize;

  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SUGGESTION_ACCEPTED] =
    g_signal_new ("suggestion-accepted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CM_TYPE_SUGGESTION, G_TYPE_INT);
  signals[SUGGESTION_DISMISSED] =
    g_signal_new ("suggestion-dismissed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CM_TYPE_SUGGESTION);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "checklistpanel");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/clausemark/Clausemark/cm-checklist-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, box);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, checklist_stack);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, item_list);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, detail_title);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, detail_category);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, detail_question);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, detail_guidance);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, verdict_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, rationale_view);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, verdict_conflict_box);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, verdict_conflict_label);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, evidence_heading);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, evidence_list);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, no_evidence_label);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, item_filter);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, assessment_filter);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, author_filter);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, annotation_stack);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, annotation_empty);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, clear_filters_button);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, CmChecklistPanel, annotation_list);
  gtk_widget_class_bind_template_callback (widget_class, item_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, annotation_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, verdict_keep_mine_cb);
  gtk_widget_class_bind_template_callback (widget_class, verdict_use_theirs_cb);

  gtk_widget_class_install_action (widget_class, "panel.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "panel.back", NULL);
}

static void
cm_checklist_panel_init (CmChecklistPanel *self)
{
  g_autoptr(GtkStringList) verdicts = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) assessments = gtk_string_list_new (NULL);
  GtkEventController *focus, *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->item_rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  /* Below the evidence: the analyzer's proposals for the item. */
  self->suggestions_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (self->suggestions_box, 12);
  self->suggestions_heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->suggestions_heading, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestions_heading), "heading");
  gtk_box_append (GTK_BOX (self->suggestions_box), GTK_WIDGET (self->suggestions_heading));
  self->suggestion_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->suggestion_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestion_list), "boxed-list");
  gtk_box_append (GTK_BOX (self->suggestions_box), GTK_WIDGET (self->suggestion_list));
  gtk_widget_set_visible (self->suggestions_box, FALSE);
  gtk_widget_insert_after (self->suggestions_box, gtk_widget_get_parent (GTK_WIDGET (self->no_evidence_label)),
                           GTK_WIDGET (self->no_evidence_label));

  for (guint i = 0; i < CM_N_ASSESSMENTS; i++)
    gtk_string_list_append (verdicts, cm_assessment_get_label ((CmAssessment) i));
  setup_dropdown (self->verdict_dropdown, G_LIST_MODEL (verdicts));
  g_signal_connect_object (self->verdict_dropdown, "notify::selected", G_CALLBACK (apply_verdict), self,
                           G_CONNECT_SWAPPED);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (rationale_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->rationale_view), focus);
  keys = gtk_event_controller_key_new ();
  /* Before the text view, which takes any Enter for a new line. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (rationale_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->rationale_view), keys);

  gtk_string_list_append (assessments, _("All assessments"));
  for (guint i = 0; i < CM_N_ASSESSMENTS; i++)
    gtk_string_list_append (assessments, cm_assessment_get_label ((CmAssessment) i));
  setup_dropdown (self->assessment_filter, G_LIST_MODEL (assessments));

  self->author_strings = gtk_string_list_new ((const char *[]) { _("All authors"), NULL });
  setup_dropdown (self->author_filter, G_LIST_MODEL (self->author_strings));

  rebuild_item_filter (self);

  g_signal_connect_object (self->item_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assessment_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->author_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_list_box_set_header_func (self->item_list, item_header_func, self, NULL);
  gtk_list_box_set_header_func (self->annotation_list, annotation_header_func, self, NULL);

  update_summary (self);
  update_annotation_empty (self);
}

GtkWidget *
cm_checklist_panel_new (void)
{
  return g_object_new (CM_TYPE_CHECKLIST_PANEL, NULL);
}

void
cm_checklist_panel_set_review (CmChecklistPanel *self,
                               CmChecklist      *checklist,
                               CmReview         *review,
                               CmTextIndex      *index)
{
  g_return_if_fail (CM_IS_CHECKLIST_PANEL (self));

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);

  g_set_object (&self->checklist, checklist);
  g_set_object (&self->review, review);
  g_set_object (&self->index, index);
  g_clear_pointer (&self->current_item_id, g_free);
  g_clear_pointer (&self->evidence_key, g_free);
  g_clear_pointer (&self->suggestions_key, g_free);
  gtk_stack_set_visible_child_name (self->checklist_stack, "items");

  rebuild_items (self);
  rebuild_item_filter (self);

  gtk_list_box_bind_model (self->annotation_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->filtered_annotations);
  g_clear_object (&self->annotation_filter);

  if (self->review != NULL)
    {
      GtkSortListModel *sorted;

      sorted = gtk_sort_list_model_new (g_object_ref (cm_review_get_annotations (self->review)),
                                        GTK_SORTER (gtk_custom_sorter_new (compare_annotations, NULL, NULL)));
      self->annotation_filter = gtk_custom_filter_new (filter_annotation, self, NULL);
      self->filtered_annotations = gtk_filter_list_model_new (G_LIST_MODEL (sorted),
                                                              GTK_FILTER (g_object_ref (self->annotation_filter)));
      gtk_list_box_bind_model (self->annotation_list, G_LIST_MODEL (self->filtered_annotations),
                               create_bound_annotation_row, self, NULL);
      g_signal_connect_object (self->filtered_annotations, "items-changed", G_CALLBACK (update_annotation_empty),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->review, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
    }

  refresh (self);
}

void
cm_checklist_panel_set_author (CmChecklistPanel *self,
                               const char       *author)
{
  g_return_if_fail (CM_IS_CHECKLIST_PANEL (self));

  g_free (self->author);
  self->author = g_strdup (author);
}

void
cm_checklist_panel_show_item (CmChecklistPanel *self,
                              const char       *item_id)
{
  g_return_if_fail (CM_IS_CHECKLIST_PANEL (self));

  if (self->checklist == NULL || cm_checklist_lookup_item (self->checklist, item_id) == NULL)
    return;

  g_free (self->current_item_id);
  self->current_item_id = g_strdup (item_id);
  update_detail (self);
  update_suggestions (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "checklist");
  gtk_stack_set_visible_child_name (self->checklist_stack, "detail");
}

static gboolean
focus_annotation_row (GtkListBox *list,
                      const char *annotation_id)
{
  if (!gtk_widget_is_drawable (GTK_WIDGET (list)))
    return FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (g_object_get_data (G_OBJECT (row), "annotation-id"), annotation_id) == 0)
      return gtk_widget_grab_focus (row);
  return FALSE;
}

gboolean
cm_checklist_panel_focus_annotation (CmChecklistPanel *self,
                                     const char       *annotation_id)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_PANEL (self), FALSE);

  return focus_annotation_row (self->evidence_list, annotation_id)
         || focus_annotation_row (self->annotation_list, annotation_id);
}

gboolean
cm_checklist_panel_focus_current (CmChecklistPanel *self)
{
  const char *page;

  g_return_val_if_fail (CM_IS_CHECKLIST_PANEL (self), FALSE);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "annotations") == 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->annotation_list);

      if (row == NULL)
        row = gtk_list_box_get_row_at_index (self->annotation_list, 0);
      return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  page = gtk_stack_get_visible_child_name (self->checklist_stack);
  if (g_strcmp0 (page, "detail") == 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->verdict_dropdown));
  {
    GtkListBoxRow *row = gtk_list_box_get_selected_row (self->item_list);

    if (row == NULL)
      row = gtk_list_box_get_row_at_index (self->item_list, 0);
    return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
  }
}

void
cm_checklist_panel_commit_edits (CmChecklistPanel *self)
{
  g_return_if_fail (CM_IS_CHECKLIST_PANEL (self));

  apply_verdict (self);
}

const char *
cm_checklist_panel_get_shown_item (CmChecklistPanel *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_PANEL (self), NULL);

  return self->current_item_id;
}

char *
cm_checklist_panel_dup_summary (CmChecklistPanel *self)
{
  guint total;
  guint assessed;

  g_return_val_if_fail (CM_IS_CHECKLIST_PANEL (self), NULL);

  total = self->checklist != NULL ? cm_checklist_get_n_items (self->checklist) : 0;
  assessed = count_assessed (self);
  /* Translators: "14 of 24 items assessed" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u item assessed", "%u of %u items assessed", total),
                          assessed, total);
}

void
cm_checklist_panel_set_suggestions (CmChecklistPanel *self,
                                    GPtrArray        *suggestions)
{
  g_return_if_fail (CM_IS_CHECKLIST_PANEL (self));

  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (suggestions != NULL)
    self->suggestions = g_ptr_array_ref (suggestions);
  update_suggestions (self);
}
