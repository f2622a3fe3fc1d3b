/* cm-review.c: one review of one document: annotations, verdicts, tombstones, undo and redo. */
#include "config.h"

#include <string.h>

#include "cm-review.h"

/* Tombstones ------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (CmTombstone, cm_tombstone, cm_tombstone_copy, cm_tombstone_free)

CmTombstone *
cm_tombstone_new (const char *id,
                  const char *author,
                  GDateTime  *modified)
{
  CmTombstone *self = g_new0 (CmTombstone, 1);

  self->id = g_strdup (id);
  self->author = g_strdup (author);
  self->modified = modified ? g_date_time_ref (modified) : g_date_time_new_now_utc ();
  return self;
}

CmTombstone *
cm_tombstone_copy (const CmTombstone *self)
{
  return cm_tombstone_new (self->id, self->author, self->modified);
}

void
cm_tombstone_free (CmTombstone *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->author);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_free (self);
}

/* Conflicts -------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (CmConflict, cm_conflict, cm_conflict_copy, cm_conflict_free)

CmConflict *
cm_conflict_new (const char *id,
                 GObject    *other)
{
  CmConflict *self = g_new0 (CmConflict, 1);

  self->id = g_strdup (id);
  self->other = other ? g_object_ref (other) : NULL;
  return self;
}

CmConflict *
cm_conflict_copy (const CmConflict *self)
{
  return cm_conflict_new (self->id, self->other);
}

void
cm_conflict_free (CmConflict *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_clear_object (&self->other);
  g_free (self);
}

/* Undo: every change is a before/after pair of one slot (an annotation id or
 * a verdict's item id), the object and its tombstone. Undo applies "before",
 * redo "after". A step is a list of changes made together. */

typedef enum
{
  SLOT_ANNOTATION,
  SLOT_VERDICT,
} SlotKind;

typedef struct
{
  SlotKind     kind;
  char        *key;
  GObject     *before;
  GObject     *after;
  CmTombstone *tombstone_before;
  CmTombstone *tombstone_after;
} Change;

typedef struct
{
  guint      serial;
  GPtrArray *changes;
} Step;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->key);
  g_clear_object (&change->before);
  g_clear_object (&change->after);
  g_clear_pointer (&change->tombstone_before, cm_tombstone_free);
  g_clear_pointer (&change->tombstone_after, cm_tombstone_free);
  g_free (change);
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_ptr_array_unref (step->changes);
  g_free (step);
}

struct _CmReview
{
  GObject       parent_instance;

  char         *document_file;
  char         *document_sha256;
  char         *document_pdf_id;
  guint         document_pages;
  char         *checklist_id;
  char         *checklist_version;
  guint         format;
  CmExtensions *extensions;

  GListStore   *annotations;       /* of CmAnnotation, sorted; see annotation_store() */
  GPtrArray    *loaded;            /* bulk loading: annotations still to append, or NULL */
  GHashTable   *annotations_by_id;
  GListStore   *verdicts;          /* of CmVerdict, sorted by item id */
  GHashTable   *verdicts_by_item;
  GPtrArray    *tombstones;        /* sorted by id */
  GHashTable   *tombstones_by_id;
  GPtrArray    *conflicts;         /* of CmConflict, sorted by id */

  GPtrArray    *undo_stack;        /* of Step */
  GPtrArray    *redo_stack;
  Step         *open_group;
  guint         group_depth;
  guint         next_serial;
  guint         saved_serial;
};

G_DEFINE_FINAL_TYPE (CmReview, cm_review, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRTY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  ANNOTATION_CHANGED,
  VERDICT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
cm_review_finalize (GObject *object)
{
  CmReview *self = CM_REVIEW (object);

  g_free (self->document_file);
  g_free (self->document_sha256);
  g_free (self->document_pdf_id);
  g_free (self->checklist_id);
  g_free (self->checklist_version);
  cm_extensions_free (self->extensions);
  g_clear_pointer (&self->loaded, g_ptr_array_unref);
  g_clear_object (&self->annotations);
  g_clear_pointer (&self->annotations_by_id, g_hash_table_unref);
  g_clear_object (&self->verdicts);
  g_clear_pointer (&self->verdicts_by_item, g_hash_table_unref);
  g_clear_pointer (&self->tombstones_by_id, g_hash_table_unref);
  g_clear_pointer (&self->tombstones, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->open_group, step_free);

  G_OBJECT_CLASS (cm_review_parent_class)->finalize (object);
}

static void
cm_review_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CmReview *self = CM_REVIEW (object);

  switch (prop_id)
    {
    case PROP_DIRTY:
      g_value_set_boolean (value, cm_review_is_dirty (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, cm_review_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, cm_review_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_review_class_init (CmReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_review_finalize;
  object_class->get_property = cm_review_get_property;

  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CmReview::changed:
   *
   * Emitted after any change to the review's content, including undo and redo.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * CmReview::annotation-changed:
   * @id: the annotation's id
   *
   * Emitted when an annotation was added, replaced or removed.
   */
  signals[ANNOTATION_CHANGED] =
    g_signal_new ("annotation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * CmReview::verdict-changed:
   * @item_id: the checklist item
   */
  signals[VERDICT_CHANGED] =
    g_signal_new ("verdict-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cm_review_init (CmReview *self)
{
  self->extensions = cm_extensions_new ();
  self->annotations = g_list_store_new (CM_TYPE_ANNOTATION);
  self->annotations_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->verdicts = g_list_store_new (CM_TYPE_VERDICT);
  self->verdicts_by_item = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->tombstones = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_tombstone_free);
  self->tombstones_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_conflict_free);
  self->undo_stack = g_ptr_array_new_with_free_func (step_free);
  self->redo_stack = g_ptr_array_new_with_free_func (step_free);
  self->next_serial = 1;
}

CmReview *
cm_review_new (void)
{
  return g_object_new (CM_TYPE_REVIEW, NULL);
}

/* Document and checklist identity ---------------------------------------- */

const char *
cm_review_get_document_file (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->document_file;
}

const char *
cm_review_get_document_sha256 (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->document_sha256;
}

const char *
cm_review_get_document_pdf_id (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->document_pdf_id;
}

guint
cm_review_get_document_pages (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return self->document_pages;
}

void
cm_review_set_document (CmReview   *self,
                        const char *file,
                        const char *sha256,
                        const char *pdf_id,
                        guint       pages)
{
  g_return_if_fail (CM_IS_REVIEW (self));

  /* Copy first: callers may pass our own strings back. */
  char *new_file = g_strdup (file);
  char *new_sha256 = g_strdup (sha256);
  char *new_pdf_id = g_strdup (pdf_id);

  g_free (self->document_file);
  g_free (self->document_sha256);
  g_free (self->document_pdf_id);
  self->document_file = new_file;
  self->document_sha256 = new_sha256;
  self->document_pdf_id = new_pdf_id;
  self->document_pages = pages;
}

const char *
cm_review_get_checklist_id (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->checklist_id;
}

const char *
cm_review_get_checklist_version (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->checklist_version;
}

void
cm_review_set_checklist (CmReview   *self,
                         const char *id,
                         const char *version)
{
  g_return_if_fail (CM_IS_REVIEW (self));

  char *new_id = g_strdup (id);
  char *new_version = g_strdup (version);

  g_free (self->checklist_id);
  g_free (self->checklist_version);
  self->checklist_id = new_id;
  self->checklist_version = new_version;
}

guint
cm_review_get_format (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return self->format;
}

void
cm_review_set_format (CmReview *self,
                      guint     format)
{
  g_return_if_fail (CM_IS_REVIEW (self));
  self->format = format;
}

CmExtensions *
cm_review_get_extensions (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->extensions;
}

/* Slots: the primitive operations, without undo ------------------------- */

static int
compare_annotations (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  return cm_annotation_compare ((CmAnnotation *) a, (CmAnnotation *) b);
}

static int
compare_verdicts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return g_strcmp0 (cm_verdict_get_item_id ((CmVerdict *) a),
                    cm_verdict_get_item_id ((CmVerdict *) b));
}

/* The annotations' list model, with what bulk loading has held back
 * appended: every use of the model goes through here. */
static GListStore *
annotation_store (CmReview *self)
{
  if (self->loaded != NULL && self->loaded->len > 0)
    {
      g_list_store_splice (self->annotations,
                           g_list_model_get_n_items (G_LIST_MODEL (self->annotations)), 0,
                           self->loaded->pdata, self->loaded->len);
      g_ptr_array_set_size (self->loaded, 0);
    }
  return self->annotations;
}

static GListStore *
slot_store (CmReview *self,
            SlotKind  kind)
{
  return kind == SLOT_ANNOTATION ? annotation_store (self) : self->verdicts;
}

static GHashTable *
slot_table (CmReview *self,
            SlotKind  kind)
{
  return kind == SLOT_ANNOTATION ? self->annotations_by_id : self->verdicts_by_item;
}

static const char *
slot_key_of (SlotKind  kind,
             GObject  *object)
{
  return kind == SLOT_ANNOTATION ? cm_annotation_get_id (CM_ANNOTATION (object))
                                 : cm_verdict_get_item_id (CM_VERDICT (object));
}

static GObject *
slot_get (CmReview   *self,
          SlotKind    kind,
          const char *key)
{
  return g_hash_table_lookup (slot_table (self, kind), key);
}

/* Replaces the slot's object with OBJECT (NULL empties it). */
static void
slot_set (CmReview   *self,
          SlotKind    kind,
          const char *key,
          GObject    *object)
{
  GListStore *store = slot_store (self, kind);
  GHashTable *table = slot_table (self, kind);
  GObject *current = g_hash_table_lookup (table, key);

  if (current != NULL)
    {
      guint position = 0;

      if (g_list_store_find (store, current, &position))
        g_list_store_remove (store, position);
      g_hash_table_remove (table, key);
    }
  if (object != NULL)
    {
      GCompareDataFunc compare = kind == SLOT_ANNOTATION ? compare_annotations : compare_verdicts;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_autoptr(GObject) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (store), n - 1) : NULL;

      g_hash_table_insert (table, (gpointer) slot_key_of (kind, object), g_object_ref (object));
      /* A sidecar is written in order: loading it, each object goes last,
       * which one comparison tells instead of a search of the whole store. */
      if (last == NULL || compare (last, object, NULL) < 0)
        g_list_store_append (store, object);
      else
        g_list_store_insert_sorted (store, object, compare, NULL);
    }
}

static void
tombstone_set (CmReview          *self,
               const char        *id,
               const CmTombstone *tombstone)
{
  CmTombstone *current = g_hash_table_lookup (self->tombstones_by_id, id);

  if (current != NULL)
    {
      g_hash_table_remove (self->tombstones_by_id, id);
      g_ptr_array_remove (self->tombstones, current);
    }
  if (tombstone != NULL)
    {
      CmTombstone *copy = cm_tombstone_copy (tombstone);
      guint position = self->tombstones->len;

      /* Keep the array sorted: insert before the first greater id. */
      for (guint i = 0; i < self->tombstones->len; i++)
        {
          const CmTombstone *other = g_ptr_array_index (self->tombstones, i);
          if (g_strcmp0 (other->id, copy->id) > 0)
            {
              position = i;
              break;
            }
        }
      g_ptr_array_insert (self->tombstones, position, copy);
      g_hash_table_insert (self->tombstones_by_id, copy->id, copy);
    }
}

static char *
verdict_tombstone_id (const char *item_id)
{
  return g_strconcat ("verdict:", item_id, NULL);
}

static const char *
tombstone_key (SlotKind    kind,
               const char *key,
               char      **owned)
{
  if (kind == SLOT_ANNOTATION)
    return key;
  *owned = verdict_tombstone_id (key);
  return *owned;
}

/* Undo bookkeeping ------------------------------------------------------- */

static void
notify_history (CmReview *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
emit_slot_changed (CmReview   *self,
                   SlotKind    kind,
                   const char *key)
{
  g_signal_emit (self, signals[kind == SLOT_ANNOTATION ? ANNOTATION_CHANGED : VERDICT_CHANGED], 0,
                 key);
}

/* Sets a slot and its tombstone, records the change for undo, and signals. */
static void
record_change (CmReview          *self,
               SlotKind           kind,
               const char        *key,
               GObject           *after,
               const CmTombstone *tombstone_after)
{
  g_autofree char *owned = NULL;
  const char *tkey = tombstone_key (kind, key, &owned);
  Change *change = g_new0 (Change, 1);
  GObject *before = slot_get (self, kind, key);
  CmTombstone *tombstone_before = g_hash_table_lookup (self->tombstones_by_id, tkey);

  change->kind = kind;
  change->key = g_strdup (key);
  change->before = before ? g_object_ref (before) : NULL;
  change->after = after ? g_object_ref (after) : NULL;
  change->tombstone_before = tombstone_before ? cm_tombstone_copy (tombstone_before) : NULL;
  change->tombstone_after = tombstone_after ? cm_tombstone_copy (tombstone_after) : NULL;

  slot_set (self, kind, change->key, after);
  tombstone_set (self, tkey, tombstone_after);

  if (self->open_group == NULL)
    {
      self->open_group = g_new0 (Step, 1);
      self->open_group->changes = g_ptr_array_new_with_free_func (change_free);
    }
  g_ptr_array_add (self->open_group->changes, change);
  g_ptr_array_set_size (self->redo_stack, 0);

  emit_slot_changed (self, kind, change->key);

  if (self->group_depth == 0)
    cm_review_end_group (self);
}

void
cm_review_begin_group (CmReview *self)
{
  g_return_if_fail (CM_IS_REVIEW (self));
  self->group_depth++;
}

void
cm_review_end_group (CmReview *self)
{
  Step *step;

  g_return_if_fail (CM_IS_REVIEW (self));

  if (self->group_depth > 0)
    self->group_depth--;
  if (self->group_depth > 0 || self->open_group == NULL)
    return;

  step = g_steal_pointer (&self->open_group);
  if (step->changes->len == 0)
    {
      step_free (step);
      return;
    }
  step->serial = self->next_serial++;
  g_ptr_array_add (self->undo_stack, step);
  notify_history (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
apply_step (CmReview *self,
            Step     *step,
            gboolean  undo)
{
  guint n = step->changes->len;

  for (guint k = 0; k < n; k++)
    {
      /* Undo walks the changes backwards. */
      Change *change = g_ptr_array_index (step->changes, undo ? n - 1 - k : k);
      g_autofree char *owned = NULL;
      const char *tkey = tombstone_key (change->kind, change->key, &owned);

      slot_set (self, change->kind, change->key, undo ? change->before : change->after);
      tombstone_set (self, tkey, undo ? change->tombstone_before : change->tombstone_after);
      emit_slot_changed (self, change->kind, change->key);
    }
}

gboolean
cm_review_can_undo (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  return self->undo_stack->len > 0;
}

gboolean
cm_review_can_redo (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  return self->redo_stack->len > 0;
}

static gboolean
move_step (CmReview  *self,
           GPtrArray *from,
           GPtrArray *to,
           gboolean   undo)
{
  Step *step;

  if (from->len == 0 || self->group_depth > 0)
    return FALSE;
  step = g_ptr_array_steal_index (from, from->len - 1);
  apply_step (self, step, undo);
  g_ptr_array_add (to, step);
  notify_history (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
cm_review_undo (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  return move_step (self, self->undo_stack, self->redo_stack, TRUE);
}

gboolean
cm_review_redo (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  return move_step (self, self->redo_stack, self->undo_stack, FALSE);
}

void
cm_review_clear_history (CmReview *self)
{
  g_return_if_fail (CM_IS_REVIEW (self));
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  self->saved_serial = 0;
  notify_history (self);
}

static guint
top_serial (CmReview *self)
{
  if (self->undo_stack->len == 0)
    return 0;
  return ((Step *) g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->serial;
}

gboolean
cm_review_is_dirty (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  return top_serial (self) != self->saved_serial;
}

void
cm_review_mark_saved (CmReview *self)
{
  g_return_if_fail (CM_IS_REVIEW (self));
  self->saved_serial = top_serial (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

/* Annotations ------------------------------------------------------------ */

GListModel *
cm_review_get_annotations (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return G_LIST_MODEL (annotation_store (self));
}

guint
cm_review_get_n_annotations (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (annotation_store (self)));
}

CmAnnotation *
cm_review_lookup_annotation (CmReview   *self,
                             const char *id)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->annotations_by_id, id);
}

gboolean
cm_review_add_annotation (CmReview     *self,
                          CmAnnotation *annotation)
{
  const char *id;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_ANNOTATION (annotation), FALSE);

  id = cm_annotation_get_id (annotation);
  if (cm_review_lookup_annotation (self, id) != NULL)
    return FALSE;
  record_change (self, SLOT_ANNOTATION, id, G_OBJECT (annotation), NULL);
  return TRUE;
}

gboolean
cm_review_replace_annotation (CmReview     *self,
                              CmAnnotation *annotation)
{
  const char *id;
  CmAnnotation *current;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_ANNOTATION (annotation), FALSE);

  id = cm_annotation_get_id (annotation);
  current = cm_review_lookup_annotation (self, id);
  if (current == NULL)
    return FALSE;
  if (current == annotation || cm_annotation_equal (current, annotation))
    return TRUE;
  record_change (self, SLOT_ANNOTATION, id, G_OBJECT (annotation), NULL);
  return TRUE;
}

gboolean
cm_review_remove_annotation (CmReview   *self,
                             const char *id,
                             const char *author)
{
  g_autoptr(CmTombstone) tombstone = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);

  if (cm_review_lookup_annotation (self, id) == NULL)
    return FALSE;
  key = g_strdup (id);
  tombstone = cm_tombstone_new (key, author, NULL);
  record_change (self, SLOT_ANNOTATION, key, NULL, tombstone);
  return TRUE;
}

GPtrArray *
cm_review_get_evidence (CmReview   *self,
                        const char *item_id)
{
  GPtrArray *evidence;
  guint n;

  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);

  evidence = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (annotation_store (self)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

      if (g_strcmp0 (cm_annotation_get_item_id (annotation), item_id) == 0)
        g_ptr_array_add (evidence, g_steal_pointer (&annotation));
    }
  return evidence;
}

/* Verdicts --------------------------------------------------------------- */

GListModel *
cm_review_get_verdicts (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return G_LIST_MODEL (self->verdicts);
}

CmVerdict *
cm_review_lookup_verdict (CmReview   *self,
                          const char *item_id)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  if (item_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->verdicts_by_item, item_id);
}

void
cm_review_set_verdict (CmReview  *self,
                       CmVerdict *verdict)
{
  CmVerdict *current;
  const char *item_id;

  g_return_if_fail (CM_IS_REVIEW (self));
  g_return_if_fail (CM_IS_VERDICT (verdict));

  item_id = cm_verdict_get_item_id (verdict);
  current = cm_review_lookup_verdict (self, item_id);
  if (current != NULL && (current == verdict || cm_verdict_equal (current, verdict)))
    return;
  record_change (self, SLOT_VERDICT, item_id, G_OBJECT (verdict), NULL);
}

gboolean
cm_review_clear_verdict (CmReview   *self,
                         const char *item_id,
                         const char *author)
{
  g_autoptr(CmTombstone) tombstone = NULL;
  g_autofree char *tombstone_id = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);

  if (cm_review_lookup_verdict (self, item_id) == NULL)
    return FALSE;
  key = g_strdup (item_id);
  tombstone_id = verdict_tombstone_id (item_id);
  tombstone = cm_tombstone_new (tombstone_id, author, NULL);
  record_change (self, SLOT_VERDICT, key, NULL, tombstone);
  return TRUE;
}

/* Tombstones ------------------------------------------------------------- */

GPtrArray *
cm_review_get_tombstones (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->tombstones;
}

CmTombstone *
cm_review_lookup_tombstone (CmReview   *self,
                            const char *id)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->tombstones_by_id, id);
}

/* Loading ---------------------------------------------------------------- */

void
cm_review_load_annotation (CmReview     *self,
                           CmAnnotation *annotation)
{
  const char *id;

  g_return_if_fail (CM_IS_REVIEW (self));
  g_return_if_fail (CM_IS_ANNOTATION (annotation));

  id = cm_annotation_get_id (annotation);
  if (self->loaded != NULL && !g_hash_table_contains (self->annotations_by_id, id))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
      g_autoptr(CmAnnotation) store_last = NULL;
      CmAnnotation *last = NULL;

      if (self->loaded->len > 0)
        last = g_ptr_array_index (self->loaded, self->loaded->len - 1);
      else if (n > 0)
        last = store_last = g_list_model_get_item (G_LIST_MODEL (self->annotations), n - 1);
      /* In order, as a sidecar is written: held back, to join the model
       * in one splice rather than one items-changed each. */
      if (last == NULL || cm_annotation_compare (last, annotation) < 0)
        {
          g_hash_table_insert (self->annotations_by_id, (gpointer) id, g_object_ref (annotation));
          g_ptr_array_add (self->loaded, g_object_ref (annotation));
          return;
        }
    }
  slot_set (self, SLOT_ANNOTATION, id, G_OBJECT (annotation));
}

void
cm_review_begin_load (CmReview *self)
{
  g_return_if_fail (CM_IS_REVIEW (self));

  if (self->loaded == NULL)
    self->loaded = g_ptr_array_new_with_free_func (g_object_unref);
}

void
cm_review_end_load (CmReview *self)
{
  g_return_if_fail (CM_IS_REVIEW (self));

  annotation_store (self);
  g_clear_pointer (&self->loaded, g_ptr_array_unref);
}

void
cm_review_load_verdict (CmReview  *self,
                        CmVerdict *verdict)
{
  g_return_if_fail (CM_IS_REVIEW (self));
  g_return_if_fail (CM_IS_VERDICT (verdict));
  slot_set (self, SLOT_VERDICT, cm_verdict_get_item_id (verdict), G_OBJECT (verdict));
}

void
cm_review_load_tombstone (CmReview    *self,
                          CmTombstone *tombstone)
{
  g_return_if_fail (CM_IS_REVIEW (self));
  g_return_if_fail (tombstone != NULL && tombstone->id != NULL);
  tombstone_set (self, tombstone->id, tombstone);
}

/* Conflicts -------------------------------------------------------------- */

GPtrArray *
cm_review_get_conflicts (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->conflicts;
}

static guint
conflict_position (CmReview   *self,
                   const char *id,
                   gboolean   *found)
{
  guint low = 0;
  guint high = self->conflicts->len;

  while (low < high)
    {
      guint middle = (low + high) / 2;
      int order = g_strcmp0 (((CmConflict *) g_ptr_array_index (self->conflicts, middle))->id, id);

      if (order == 0)
        {
          *found = TRUE;
          return middle;
        }
      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }
  *found = FALSE;
  return low;
}

CmConflict *
cm_review_lookup_conflict (CmReview   *self,
                           const char *id)
{
  gboolean found;
  guint position;

  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);

  position = conflict_position (self, id, &found);
  return found ? g_ptr_array_index (self->conflicts, position) : NULL;
}

void
cm_review_load_conflict (CmReview   *self,
                         CmConflict *conflict)
{
  gboolean found;
  guint position;

  g_return_if_fail (CM_IS_REVIEW (self));
  g_return_if_fail (conflict != NULL && conflict->id != NULL);

  position = conflict_position (self, conflict->id, &found);
  if (found)
    g_ptr_array_remove_index (self->conflicts, position);
  g_ptr_array_insert (self->conflicts, position, cm_conflict_copy (conflict));
}

gboolean
cm_review_resolve_conflict (CmReview   *self,
                            const char *id,
                            GObject    *chosen,
                            const char *author)
{
  g_autofree char *key = NULL;
  gboolean found;
  guint position;
  SlotKind kind;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);

  position = conflict_position (self, id, &found);
  if (!found)
    return FALSE;
  if (g_str_has_prefix (id, "verdict:"))
    {
      kind = SLOT_VERDICT;
      key = g_strdup (id + strlen ("verdict:"));
    }
  else
    {
      kind = SLOT_ANNOTATION;
      key = g_strdup (id);
    }
  g_ptr_array_remove_index (self->conflicts, position);

  if (chosen != NULL)
    {
      if (slot_get (self, kind, key) != chosen)
        record_change (self, kind, key, chosen, NULL);
      else
        g_signal_emit (self, signals[CHANGED], 0);
    }
  else
    {
      g_autoptr(CmTombstone) tombstone = cm_tombstone_new (id, author, NULL);
      record_change (self, kind, key, NULL, tombstone);
    }
  return TRUE;
}

/* Snapshots and merges ---------------------------------------------------- */

CmReview *
cm_review_snapshot (CmReview *self)
{
  CmReview *copy;
  guint n;

  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);

  copy = cm_review_new ();
  cm_review_set_document (copy, self->document_file, self->document_sha256, self->document_pdf_id,
                          self->document_pages);
  cm_review_set_checklist (copy, self->checklist_id, self->checklist_version);
  copy->format = self->format;
  cm_extensions_free (copy->extensions);
  copy->extensions = cm_extensions_copy (self->extensions);

  n = g_list_model_get_n_items (G_LIST_MODEL (annotation_store (self)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);
      cm_review_load_annotation (copy, annotation);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->verdicts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmVerdict) verdict = g_list_model_get_item (G_LIST_MODEL (self->verdicts), i);
      cm_review_load_verdict (copy, verdict);
    }
  for (guint i = 0; i < self->tombstones->len; i++)
    cm_review_load_tombstone (copy, g_ptr_array_index (self->tombstones, i));
  for (guint i = 0; i < self->conflicts->len; i++)
    cm_review_load_conflict (copy, g_ptr_array_index (self->conflicts, i));
  return copy;
}

static gboolean
objects_equal (SlotKind  kind,
               GObject  *a,
               GObject  *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (kind == SLOT_ANNOTATION)
    return cm_annotation_equal (CM_ANNOTATION (a), CM_ANNOTATION (b));
  return cm_verdict_equal (CM_VERDICT (a), CM_VERDICT (b));
}

static void
take_slots (CmReview *self,
            CmReview *other,
            SlotKind  kind)
{
  GHashTable *mine = slot_table (self, kind);
  GHashTable *theirs = slot_table (other, kind);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, mine);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (theirs, key))
      g_ptr_array_add (keys, g_strdup (key));
  for (guint i = 0; i < keys->len; i++)
    {
      slot_set (self, kind, g_ptr_array_index (keys, i), NULL);
      emit_slot_changed (self, kind, g_ptr_array_index (keys, i));
    }

  g_hash_table_iter_init (&iter, theirs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GObject *current = g_hash_table_lookup (mine, key);
      g_autofree char *owned_key = NULL;

      if (objects_equal (kind, current, value))
        continue;
      owned_key = g_strdup (key);
      slot_set (self, kind, owned_key, value);
      emit_slot_changed (self, kind, owned_key);
    }
}

void
cm_review_take_content (CmReview *self,
                        CmReview *other)
{
  g_return_if_fail (CM_IS_REVIEW (self));
  g_return_if_fail (CM_IS_REVIEW (other));

  take_slots (self, other, SLOT_ANNOTATION);
  take_slots (self, other, SLOT_VERDICT);

  g_ptr_array_set_size (self->tombstones, 0);
  g_hash_table_remove_all (self->tombstones_by_id);
  for (guint i = 0; i < other->tombstones->len; i++)
    cm_review_load_tombstone (self, g_ptr_array_index (other->tombstones, i));
  g_ptr_array_set_size (self->conflicts, 0);
  for (guint i = 0; i < other->conflicts->len; i++)
    cm_review_load_conflict (self, g_ptr_array_index (other->conflicts, i));

  g_signal_emit (self, signals[CHANGED], 0);
}
