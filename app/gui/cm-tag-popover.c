/* cm-tag-popover.c: tag a selected clause with a checklist item and assessment, or edit an existing tag. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cm-tag-popover.h"

struct _CmTagPopover
{
  GtkPopover    parent_instance;

  /* Template children */
  GtkLabel     *heading_label;
  GtkLabel     *quote_label;
  GtkSearchEntry *search_entry;
  GtkListBox   *item_list;
  GtkDropDown  *assessment_dropdown;
  gboolean      assessment_cursor_moved;  /* in its open list, by the arrows */
  GtkTextView  *note_view;
  GtkScrolledWindow *scroller;
  GtkWidget    *conflict_box;
  GtkLabel     *conflict_label;
  GtkWidget    *replies_box;
  GtkListBox   *reply_list;
  GtkEntry     *reply_entry;
  GtkWidget    *delete_button;
  GtkLabel     *error_label;
  GtkButton    *confirm_button;

  CmChecklist  *checklist;
  CmReview     *review;
  char         *author;
  /* The annotation being edited, or NULL when tagging a new selection. */
  char         *annotation_id;
  /* Remembered between tags: reviewers often give several clauses in a row
   * the same assessment. */
  CmAssessment  last_assessment;
  guint         scroll_attempts;
};

enum {
  CREATE,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmTagPopover, cm_tag_popover, GTK_TYPE_POPOVER)

static CmChecklistItem *
get_selected_item (CmTagPopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->item_list);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "item") : NULL;
}

static char *
dup_note (CmTagPopover *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (g_steal_pointer (&text));
}

static void
show_error (CmTagPopover *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
}

static gboolean
item_matches (CmChecklistItem *item,
              const char      *needle)
{
  const char *fields[] = {
    cm_checklist_translate (cm_checklist_item_get_title (item)),
    cm_checklist_item_get_title (item),
    cm_checklist_item_get_id (item),
    cm_checklist_translate (cm_checklist_item_get_question (item)),
  };
  const char * const *cues = cm_checklist_item_get_cues (item);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = NULL;

      if (fields[i] == NULL)
        continue;
      folded = g_utf8_casefold (fields[i], -1);
      if (strstr (folded, needle) != NULL)
        return TRUE;
    }
  for (guint i = 0; cues != NULL && cues[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (cues[i], -1);

      if (strstr (folded, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
item_filter_func (GtkListBoxRow *row,
                  gpointer       user_data)
{
  CmTagPopover *self = user_data;
  CmChecklistItem *item = g_object_get_data (G_OBJECT (row), "item");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;

  if (text == NULL || *text == '\0' || item == NULL)
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  return item_matches (item, needle);
}

static void
item_header_func (GtkListBoxRow *row,
                  GtkListBoxRow *before,
                  gpointer       user_data)
{
  CmTagPopover *self = user_data;
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
                                           : NULL);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_add_css_class (header, "list-header");
  gtk_list_box_row_set_header (row, header);
}

static GtkListBoxRow *
first_visible_row (CmTagPopover *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
search_changed_cb (CmTagPopover *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->item_list);

  gtk_list_box_invalidate_filter (self->item_list);
  gtk_list_box_invalidate_headers (self->item_list);

  /* Typing narrows the list and picks its first match, so that Enter after
   * a few letters is enough. */
  if (selected == NULL || !gtk_widget_get_child_visible (GTK_WIDGET (selected)))
    {
      GtkListBoxRow *first = first_visible_row (self);

      if (first != NULL)
        gtk_list_box_select_row (self->item_list, first);
      else
        gtk_list_box_unselect_all (self->item_list);
    }
  show_error (self, NULL);
}

static void confirm_clicked_cb (CmTagPopover *self);

/* Enter after a few letters tags with the remembered assessment: the
 * quickest path for a reviewer on the keyboard. Down reaches the list, Tab
 * the assessment and the note. */
static void
search_activate_cb (CmTagPopover *self)
{
  if (get_selected_item (self) != NULL)
    confirm_clicked_cb (self);
}

/* GtkSearchEntry binds Escape to "stop-search", so the popover never saw
 * it: Escape there closes the popover, as in GTK's emoji chooser. */
static void
search_stop_cb (CmTagPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static gboolean
search_key_pressed_cb (CmTagPopover          *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  row = gtk_list_box_get_selected_row (self->item_list);
  if (row == NULL)
    row = first_visible_row (self);
  if (row != NULL)
    {
      gtk_list_box_select_row (self->item_list, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  return TRUE;
}

static void
item_row_activated_cb (CmTagPopover  *self,
                       GtkListBoxRow *row)
{
  gtk_list_box_select_row (self->item_list, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->assessment_dropdown));
}

/* Enter (or Space) on an item chooses it and moves on to the assessment.
 * GTK 4.8 binds neither on a list row: the key would reach the popover and
 * press its default button, Tag, before any assessment was chosen. */
static gboolean
item_list_key_pressed_cb (CmTagPopover          *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  GtkWidget *row = gtk_widget_get_focus_child (GTK_WIDGET (self->item_list));

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 || !GTK_IS_LIST_BOX_ROW (row))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      item_row_activated_cb (self, GTK_LIST_BOX_ROW (row));
      return TRUE;
    default:
      return FALSE;
    }
}

static void
rebuild_items (CmTagPopover *self)
{
  GtkListBoxRow *old_row;
  GPtrArray *items;

  /* Rows only: the placeholder ("No matching items") is a child too. */
  while ((old_row = gtk_list_box_get_row_at_index (self->item_list, 0)) != NULL)
    gtk_list_box_remove (self->item_list, GTK_WIDGET (old_row));

  if (self->checklist == NULL)
    return;

  items = cm_checklist_get_items (self->checklist);
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (cm_checklist_translate (cm_checklist_item_get_title (item)));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (item), g_object_unref);
      gtk_list_box_append (self->item_list, row);
    }
}

static void
select_item (CmTagPopover *self,
             const char   *item_id)
{
  gtk_list_box_unselect_all (self->item_list);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CmChecklistItem *item = g_object_get_data (G_OBJECT (child), "item");

      if (item != NULL && g_strcmp0 (cm_checklist_item_get_id (item), item_id) == 0)
        {
          gtk_list_box_select_row (self->item_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

static void
rebuild_replies (CmTagPopover *self,
                 CmAnnotation *annotation)
{
  GPtrArray *replies = annotation != NULL ? cm_annotation_get_replies (annotation) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reply_list))) != NULL)
    gtk_list_box_remove (self->reply_list, child);

  for (guint i = 0; replies != NULL && i < replies->len; i++)
    {
      CmReply *reply = g_ptr_array_index (replies, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_markup_escape_text (cm_reply_get_text (reply) != NULL ? cm_reply_get_text (reply) : "", -1);
      g_autofree char *subtitle = g_markup_escape_text (cm_reply_get_author (reply) != NULL ? cm_reply_get_author (reply) : "", -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->reply_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reply_list), replies != NULL && replies->len > 0);
}

static void
set_assessment (CmTagPopover *self,
                CmAssessment  assessment)
{
  gtk_drop_down_set_selected (self->assessment_dropdown,
                              assessment != CM_ASSESSMENT_NONE ? (guint) assessment - 1 : GTK_INVALID_LIST_POSITION);
}

static void
confirm_clicked_cb (CmTagPopover *self)
{
  CmChecklistItem *item = get_selected_item (self);
  CmAssessment assessment = (CmAssessment) gtk_drop_down_get_selected (self->assessment_dropdown);
  g_autofree char *note = dup_note (self);

  if (item == NULL)
    {
      show_error (self, _("Choose a checklist item first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }
  /* The list holds the real levels, from Strong. A new tag needs one; an
   * imported highlight not yet assessed may stay so. */
  assessment = (guint) assessment < CM_N_ASSESSMENTS - 1 ? assessment + 1 : CM_ASSESSMENT_NONE;
  if (assessment == CM_ASSESSMENT_NONE && self->annotation_id == NULL)
    {
      show_error (self, _("Choose an assessment first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->assessment_dropdown));
      return;
    }
  self->last_assessment = assessment;

  if (self->annotation_id == NULL)
    {
      g_signal_emit (self, signals[CREATE], 0, cm_checklist_item_get_id (item), assessment, note);
    }
  else if (self->review != NULL)
    {
      CmAnnotation *existing = cm_review_lookup_annotation (self->review, self->annotation_id);
      g_autoptr(CmAnnotation) changed = NULL;

      if (existing != NULL)
        {
          changed = cm_annotation_copy (existing);
          cm_annotation_set_item_id (changed, cm_checklist_item_get_id (item));
          cm_annotation_set_assessment (changed, assessment);
          cm_annotation_set_note (changed, *note != '\0' ? note : NULL);
          if (!cm_annotation_equal (existing, changed))
            {
              cm_annotation_touch (changed);
              cm_review_replace_annotation (self->review, changed);
            }
        }
    }

  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
cancel_clicked_cb (CmTagPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
delete_clicked_cb (CmTagPopover *self)
{
  gboolean deleted = FALSE;

  if (self->review != NULL && self->annotation_id != NULL)
    deleted = cm_review_remove_annotation (self->review, self->annotation_id, self->author);
  gtk_popover_popdown (GTK_POPOVER (self));
  if (deleted)
    g_signal_emit (self, signals[DELETED], 0);
}

static void
reply_cb (CmTagPopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->reply_entry));
  CmAnnotation *existing;
  g_autoptr(CmAnnotation) changed = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *id = NULL;

  if (self->review == NULL || self->annotation_id == NULL || text == NULL || *text == '\0')
    return;
  existing = cm_review_lookup_annotation (self->review, self->annotation_id);
  if (existing == NULL)
    return;

  now = g_date_time_new_now_utc ();
  id = g_uuid_string_random ();
  changed = cm_annotation_copy (existing);
  cm_annotation_add_reply (changed, cm_reply_new (id, self->author, now, text));
  cm_annotation_touch (changed);
  cm_review_replace_annotation (self->review, changed);

  gtk_editable_set_text (GTK_EDITABLE (self->reply_entry), "");
  rebuild_replies (self, cm_review_lookup_annotation (self->review, self->annotation_id));
}

/* When a merge found this tag changed by two reviewers, the other version
 * waits here for the reviewer to choose. */
static void
update_conflict (CmTagPopover *self)
{
  CmConflict *conflict = NULL;
  g_autofree char *text = NULL;

  if (self->review != NULL && self->annotation_id != NULL)
    conflict = cm_review_lookup_conflict (self->review, self->annotation_id);

  gtk_widget_set_visible (self->conflict_box, conflict != NULL);
  if (conflict == NULL)
    return;

  if (conflict->other == NULL)
    text = g_strdup (_("Another reviewer deleted this tag. Keep it, or delete it too?"));
  else if (CM_IS_ANNOTATION (conflict->other))
    {
      CmAnnotation *other = CM_ANNOTATION (conflict->other);
      const char *item_id = cm_annotation_get_item_id (other);
      CmChecklistItem *item = item_id != NULL && self->checklist != NULL
                              ? cm_checklist_lookup_item (self->checklist, item_id) : NULL;
      const char *note = cm_annotation_get_note (other);

      /* Translators: "Ben Ortiz changed this tag too: No holds on detainers, Weak. “note”" */
      text = g_strdup_printf (_("%s changed this tag too: %s, %s. %s"),
                              cm_annotation_get_author (other) != NULL ? cm_annotation_get_author (other) : _("Someone else"),
                              item != NULL ? cm_checklist_translate (cm_checklist_item_get_title (item))
                                           : (item_id != NULL ? item_id : ""),
                              cm_assessment_get_label (cm_annotation_get_assessment (other)),
                              note != NULL ? note : "");
    }
  else
    text = g_strdup (_("Another reviewer changed this tag too."));

  gtk_label_set_text (self->conflict_label, g_strstrip (text));
}

static void
resolve (CmTagPopover *self,
         gboolean      theirs)
{
  CmConflict *conflict;
  CmAnnotation *mine;
  g_autoptr(GObject) chosen = NULL;

  if (self->review == NULL || self->annotation_id == NULL)
    return;
  conflict = cm_review_lookup_conflict (self->review, self->annotation_id);
  if (conflict == NULL)
    return;

  mine = cm_review_lookup_annotation (self->review, self->annotation_id);
  if (theirs)
    chosen = conflict->other != NULL ? G_OBJECT (cm_annotation_copy (CM_ANNOTATION (conflict->other))) : NULL;
  else
    chosen = mine != NULL ? G_OBJECT (cm_annotation_copy (mine)) : NULL;

  cm_review_resolve_conflict (self->review, self->annotation_id, chosen, self->author);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
keep_mine_cb (CmTagPopover *self)
{
  resolve (self, FALSE);
}

static void
use_theirs_cb (CmTagPopover *self)
{
  resolve (self, TRUE);
}

/* Once shown: a new tag starts in the search; an existing one shows its
 * item, scrolled into view. */
/* Runs on frames after the popover is shown, scrolling the selected item
 * into view, until it is wholly in view: the list's size settles over the
 * first frames (a value set against a scroller not yet at its size was
 * clamped back to the top), so one attempt is not enough. */
static gboolean
scroll_to_selection_cb (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  CmTagPopover *self = CM_TAG_POPOVER (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->item_list);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->item_list), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;
  graphene_rect_t shown;

  if (row == NULL || scroller == NULL || ++self->scroll_attempts > 30)
    return G_SOURCE_REMOVE;

  if (gtk_widget_compute_bounds (GTK_WIDGET (row), scroller, &shown) && shown.origin.y >= 0
      && shown.origin.y + shown.size.height <= gtk_widget_get_height (scroller) + 0.5
      && self->scroll_attempts > 1)
    return G_SOURCE_REMOVE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  if (gtk_adjustment_get_upper (adjustment) > 0.0
      && gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (self->item_list),
                                   &GRAPHENE_POINT_INIT (0, 0), &point))
    /* Leave room above for the category header. */
    gtk_adjustment_set_value (adjustment, MAX (0.0, point.y - 36.0));
  return G_SOURCE_CONTINUE;
}

static void
mapped_cb (CmTagPopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->item_list);

  self->scroll_attempts = 0;
  if (row != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_selection_cb, NULL, NULL);
  if (self->annotation_id != NULL && row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The row Tab enters the item list on: the chosen item, else the first
 * shown. Focusing a row does not choose it. */
static gboolean
focus_item_list (CmTagPopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->item_list);

  if (row == NULL || !gtk_widget_get_child_visible (GTK_WIDGET (row)))
    row = first_visible_row (self);
  return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* The item list is one Tab stop, as lists are in GNOME: Up and Down move
 * the choice within it, Tab and Shift+Tab leave it. GtkListBox would move
 * the focus row by row on Tab, and the choice with it, so that Tab on its
 * way to the assessment silently changed the item. */
static gboolean
cm_tag_popover_focus (GtkWidget        *widget,
                      GtkDirectionType  direction)
{
  CmTagPopover *self = CM_TAG_POPOVER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD))
    {
      if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->item_list)))
        {
          if (direction == GTK_DIR_TAB_FORWARD)
            return gtk_widget_child_focus (GTK_WIDGET (self->assessment_dropdown), direction);
          return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
        }
      if (direction == GTK_DIR_TAB_FORWARD
          && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry))
          && focus_item_list (self))
        return TRUE;
      if (direction == GTK_DIR_TAB_BACKWARD
          && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->assessment_dropdown))
          && focus_item_list (self))
        return TRUE;
    }
  return GTK_WIDGET_CLASS (cm_tag_popover_parent_class)->focus (widget, direction);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  confirm_clicked_cb (CM_TAG_POPOVER (widget));
}

static void
cm_tag_popover_dispose (GObject *object)
{
  CmTagPopover *self = CM_TAG_POPOVER (object);

  g_clear_object (&self->checklist);
  g_clear_object (&self->review);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_TAG_POPOVER);

  G_OBJECT_CLASS (cm_tag_popover_parent_class)->dispose (object);
}

static void
cm_tag_popover_finalize (GObject *object)
{
  CmTagPopover *self = CM_TAG_POPOVER (object);

  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->annotation_id, g_free);

  G_OBJECT_CLASS (cm_tag_popover_parent_class)->finalize (object);
}

static void
cm_tag_popover_class_init (CmTagPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_tag_popover_dispose;
  object_class->finalize = cm_tag_popover_finalize;
  widget_class->focus = cm_tag_popover_focus;

  signals[CREATE] =
    g_signal_new ("create",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, CM_TYPE_ASSESSMENT, G_TYPE_STRING);
  signals[DELETED] =
    g_signal_new ("deleted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/clausemark/Clausemark/cm-tag-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, heading_label);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, quote_label);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, item_list);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, assessment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, note_view);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, scroller);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, conflict_box);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, replies_box);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, reply_list);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, reply_entry);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, delete_button);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, CmTagPopover, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reply_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_mine_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_theirs_cb);

  gtk_widget_class_install_action (widget_class, "popover.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "popover.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "popover.confirm", NULL);
}

static gboolean
note_key_pressed_cb (CmTagPopover          *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK) != 0)
    return gtk_widget_activate_action (GTK_WIDGET (self), "popover.confirm", NULL);
  return FALSE;
}

/* GTK 4.8's drop-down, with nothing chosen, opens its list with the focus
 * on the first level but no cursor: Enter then chose nothing, and closed
 * the list. Until the arrows move the cursor, Enter (or Space) chooses that
 * first level; after, the list does as usual. */
static gboolean
assessment_list_key_pressed_cb (CmTagPopover          *self,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                GtkEventControllerKey *controller)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Up:
    case GDK_KEY_KP_Down:
    case GDK_KEY_Home:
    case GDK_KEY_End:
    case GDK_KEY_Page_Up:
    case GDK_KEY_Page_Down:
      self->assessment_cursor_moved = TRUE;
      return FALSE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      if (self->assessment_cursor_moved
          || gtk_drop_down_get_selected (self->assessment_dropdown) != GTK_INVALID_LIST_POSITION)
        return FALSE;
      gtk_drop_down_set_selected (self->assessment_dropdown, 0);
      gtk_popover_popdown (GTK_POPOVER (list));
      return TRUE;
    default:
      return FALSE;
    }
}

static void
assessment_list_shown_cb (CmTagPopover *self)
{
  self->assessment_cursor_moved = FALSE;
}

/* The drop-down's own list, a popover among its children. */
static void
watch_assessment_list (CmTagPopover *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->assessment_dropdown)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      {
        GtkEventController *keys = gtk_event_controller_key_new ();

        gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
        g_signal_connect_object (keys, "key-pressed", G_CALLBACK (assessment_list_key_pressed_cb), self,
                                 G_CONNECT_SWAPPED);
        gtk_widget_add_controller (child, keys);
        g_signal_connect_object (child, "show", G_CALLBACK (assessment_list_shown_cb), self, G_CONNECT_SWAPPED);
        return;
      }
}

static void
assessment_chosen_cb (CmTagPopover *self)
{
  if (gtk_drop_down_get_selected (self->assessment_dropdown) != GTK_INVALID_LIST_POSITION)
    show_error (self, NULL);
}

static void
cm_tag_popover_init (CmTagPopover *self)
{
  g_autoptr(GtkStringList) assessments = gtk_string_list_new (NULL);
  GtkEventController *key;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Nothing chosen for the first tag: Enter must not record a level the
   * reviewer never picked. Later tags start from the last one. */
  self->last_assessment = CM_ASSESSMENT_NONE;

  /* Tagging offers the real levels; "not assessed" is for imports. */
  for (guint i = CM_ASSESSMENT_STRONG; i < CM_N_ASSESSMENTS; i++)
    gtk_string_list_append (assessments, cm_assessment_get_label ((CmAssessment) i));
  gtk_drop_down_set_model (self->assessment_dropdown, G_LIST_MODEL (assessments));

  gtk_list_box_set_filter_func (self->item_list, item_filter_func, self, NULL);
  gtk_list_box_set_header_func (self->item_list, item_header_func, self, NULL);

  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);

  key = gtk_event_controller_key_new ();
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (item_list_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->item_list), key);

  /* Ctrl+Enter in the note tags, as elsewhere in the popover; before the
   * text view, which takes any Enter for a new line. */
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (note_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->note_view), key);

  watch_assessment_list (self);

  /* A level chosen answers "Choose an assessment first." */
  g_signal_connect_object (self->assessment_dropdown, "notify::selected", G_CALLBACK (assessment_chosen_cb), self,
                           G_CONNECT_SWAPPED);
}

void
cm_tag_popover_set_max_height (CmTagPopover *self,
                               int           height)
{
  g_return_if_fail (CM_IS_TAG_POPOVER (self));

  gtk_scrolled_window_set_max_content_height (self->scroller, height > 0 ? height : -1);
}

CmTagPopover *
cm_tag_popover_new (void)
{
  return g_object_new (CM_TYPE_TAG_POPOVER, NULL);
}

void
cm_tag_popover_set_context (CmTagPopover *self,
                            CmChecklist  *checklist,
                            CmReview     *review,
                            const char   *author)
{
  g_return_if_fail (CM_IS_TAG_POPOVER (self));

  if (g_set_object (&self->checklist, checklist))
    rebuild_items (self);
  g_set_object (&self->review, review);
  g_free (self->author);
  self->author = g_strdup (author);
}

static void
reset (CmTagPopover *self,
       const char   *quote)
{
  g_autofree char *quoted = g_strdup_printf (_("“%s”"), quote != NULL ? quote : "");

  gtk_label_set_text (self->quote_label, quoted);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reply_entry), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  gtk_list_box_invalidate_filter (self->item_list);
  show_error (self, NULL);
}

/* The first item one of whose keyword cues occurs in QUOTE: a guess the
 * reviewer confirms with Enter or overrides by typing. */
static const char *
guess_item (CmTagPopover *self,
            const char   *quote)
{
  g_autofree char *folded = NULL;
  GPtrArray *items;

  if (self->checklist == NULL || quote == NULL)
    return NULL;

  folded = g_utf8_casefold (quote, -1);
  items = cm_checklist_get_items (self->checklist);
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      const char * const *cues = cm_checklist_item_get_cues (item);

      for (guint j = 0; cues != NULL && cues[j] != NULL; j++)
        {
          g_autofree char *cue = g_utf8_casefold (cues[j], -1);

          if (*cue != '\0' && strstr (folded, cue) != NULL)
            return cm_checklist_item_get_id (item);
        }
    }
  return NULL;
}

void
cm_tag_popover_edit_new (CmTagPopover *self,
                         const char   *quote)
{
  const char *guess;

  g_return_if_fail (CM_IS_TAG_POPOVER (self));

  g_clear_pointer (&self->annotation_id, g_free);
  reset (self, quote);
  gtk_label_set_text (self->heading_label, _("Tag Clause"));
  gtk_button_set_label (self->confirm_button, _("_Tag"));
  gtk_list_box_unselect_all (self->item_list);
  guess = guess_item (self, quote);
  if (guess != NULL)
    select_item (self, guess);
  set_assessment (self, self->last_assessment);
  gtk_widget_set_visible (self->replies_box, FALSE);
  gtk_widget_set_visible (self->conflict_box, FALSE);
  gtk_widget_set_visible (self->delete_button, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
cm_tag_popover_edit_annotation (CmTagPopover *self,
                                CmAnnotation *annotation)
{
  CmAnchor *anchor;
  const char *note;

  g_return_if_fail (CM_IS_TAG_POPOVER (self));
  g_return_if_fail (CM_IS_ANNOTATION (annotation));

  g_free (self->annotation_id);
  self->annotation_id = g_strdup (cm_annotation_get_id (annotation));
  anchor = cm_annotation_get_anchor (annotation);
  reset (self, anchor != NULL ? cm_anchor_get_exact (anchor) : NULL);

  gtk_label_set_text (self->heading_label, _("Edit Tag"));
  gtk_button_set_label (self->confirm_button, _("_Save"));
  select_item (self, cm_annotation_get_item_id (annotation));
  set_assessment (self, cm_annotation_get_assessment (annotation));
  note = cm_annotation_get_note (annotation);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note != NULL ? note : "", -1);
  rebuild_replies (self, annotation);
  update_conflict (self);
  gtk_widget_set_visible (self->replies_box, TRUE);
  gtk_widget_set_visible (self->delete_button, TRUE);
}
