/* cm-review-merge.c: three-way merge of reviews by annotation and verdict id. */
#include "config.h"

#include <string.h>

#include "cm-review-merge.h"

void
cm_merge_stats_clear (CmMergeStats *stats)
{
  g_clear_pointer (&stats->authors, g_ptr_array_unref);
  memset (stats, 0, sizeof *stats);
}

typedef struct
{
  GObject *(*lookup)   (CmReview *review, const char *key);
  gboolean (*equal)    (GObject *a, GObject *b);
  void     (*load)     (CmReview *review, GObject *object);
  const char *(*author) (GObject *object);
  const char *tombstone_prefix;
} SlotClass;

static GObject *
lookup_annotation (CmReview   *review,
                   const char *key)
{
  return (GObject *) cm_review_lookup_annotation (review, key);
}

static gboolean
equal_annotations (GObject *a,
                   GObject *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return cm_annotation_equal (CM_ANNOTATION (a), CM_ANNOTATION (b));
}

static void
load_annotation (CmReview *review,
                 GObject  *object)
{
  cm_review_load_annotation (review, CM_ANNOTATION (object));
}

static const char *
annotation_author (GObject *object)
{
  return cm_annotation_get_author (CM_ANNOTATION (object));
}

static GObject *
lookup_verdict (CmReview   *review,
                const char *key)
{
  return (GObject *) cm_review_lookup_verdict (review, key);
}

static gboolean
equal_verdicts (GObject *a,
                GObject *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return cm_verdict_equal (CM_VERDICT (a), CM_VERDICT (b));
}

static void
load_verdict (CmReview *review,
              GObject  *object)
{
  cm_review_load_verdict (review, CM_VERDICT (object));
}

static const char *
verdict_author (GObject *object)
{
  return cm_verdict_get_author (CM_VERDICT (object));
}

static const SlotClass annotation_slots = {
  lookup_annotation, equal_annotations, load_annotation, annotation_author, "",
};

static const SlotClass verdict_slots = {
  lookup_verdict, equal_verdicts, load_verdict, verdict_author, "verdict:",
};

static void
note_author (CmMergeStats *stats,
             const char   *author)
{
  if (stats == NULL || author == NULL)
    return;
  for (guint i = 0; i < stats->authors->len; i++)
    if (g_str_equal (g_ptr_array_index (stats->authors, i), author))
      return;
  g_ptr_array_add (stats->authors, g_strdup (author));
}

static void
collect_keys (GHashTable *keys,
              CmReview   *review,
              gboolean    annotations)
{
  GListModel *model = annotations ? cm_review_get_annotations (review) : cm_review_get_verdicts (review);
  GPtrArray *tombstones = cm_review_get_tombstones (review);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i);
      const char *key = annotations ? cm_annotation_get_id (CM_ANNOTATION (object))
                                    : cm_verdict_get_item_id (CM_VERDICT (object));
      g_hash_table_add (keys, g_strdup (key));
    }
  for (guint i = 0; i < tombstones->len; i++)
    {
      const CmTombstone *tombstone = g_ptr_array_index (tombstones, i);
      gboolean is_verdict = g_str_has_prefix (tombstone->id, "verdict:");

      if (is_verdict && !annotations)
        g_hash_table_add (keys, g_strdup (tombstone->id + strlen ("verdict:")));
      else if (!is_verdict && annotations)
        g_hash_table_add (keys, g_strdup (tombstone->id));
    }
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
merge_slots (CmReview        *result,
             CmReview        *base,
             CmReview        *ours,
             CmReview        *theirs,
             const SlotClass *klass,
             gboolean         annotations,
             CmMergeStats    *stats)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) sorted = NULL;
  GHashTableIter iter;
  gpointer key;

  collect_keys (keys, ours, annotations);
  collect_keys (keys, theirs, annotations);
  if (base != NULL)
    collect_keys (keys, base, annotations);

  /* Sorted, so that the result does not depend on hash order. */
  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (sorted, key);
  g_ptr_array_sort (sorted, compare_keys);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *k = g_ptr_array_index (sorted, i);
      g_autofree char *tombstone_id = g_strconcat (klass->tombstone_prefix, k, NULL);
      GObject *b = base ? klass->lookup (base, k) : NULL;
      GObject *o = klass->lookup (ours, k);
      GObject *t = klass->lookup (theirs, k);
      CmTombstone *ours_tombstone = cm_review_lookup_tombstone (ours, tombstone_id);
      CmTombstone *theirs_tombstone = cm_review_lookup_tombstone (theirs, tombstone_id);
      CmConflict *ours_conflict = cm_review_lookup_conflict (ours, tombstone_id);
      CmConflict *theirs_conflict = cm_review_lookup_conflict (theirs, tombstone_id);
      GObject *live;
      CmTombstone *tombstone;

      if (klass->equal (o, t))
        {
          live = o;
          tombstone = ours_tombstone ? ours_tombstone : theirs_tombstone;
        }
      else if (klass->equal (o, b))
        {
          /* Only they changed it: take their version. */
          live = t;
          tombstone = theirs_tombstone;
          if (stats != NULL)
            {
              if (t == NULL)
                stats->deleted++;
              else if (o == NULL)
                stats->added++;
              else
                stats->changed++;
              note_author (stats, t ? klass->author (t) : (theirs_tombstone ? theirs_tombstone->author : NULL));
            }
        }
      else if (klass->equal (t, b))
        {
          live = o;
          tombstone = ours_tombstone;
        }
      else
        {
          /* Both changed it differently. Nothing is lost: one version stays
           * live (a surviving edit beats a deletion; else ours), the other
           * is recorded as the conflict's other version. */
          g_autoptr(CmConflict) conflict = NULL;

          if (o == NULL)
            {
              live = t;
              conflict = cm_conflict_new (tombstone_id, NULL);
            }
          else
            {
              live = o;
              conflict = cm_conflict_new (tombstone_id, t);
            }
          tombstone = NULL;
          cm_review_load_conflict (result, conflict);
          if (stats != NULL)
            {
              stats->conflicts++;
              note_author (stats, t ? klass->author (t) : (theirs_tombstone ? theirs_tombstone->author : NULL));
            }
        }

      if (live != NULL)
        klass->load (result, live);
      else if (tombstone != NULL)
        cm_review_load_tombstone (result, tombstone);

      /* Conflicts recorded earlier, on either side, stay until resolved. */
      if (cm_review_lookup_conflict (result, tombstone_id) == NULL)
        {
          if (ours_conflict != NULL)
            cm_review_load_conflict (result, ours_conflict);
          else if (theirs_conflict != NULL && (base == NULL || cm_review_lookup_conflict (base, tombstone_id) == NULL))
            cm_review_load_conflict (result, theirs_conflict);
        }
    }
}

CmReview *
cm_review_merge (CmReview     *base,
                 CmReview     *ours,
                 CmReview     *theirs,
                 CmMergeStats *stats)
{
  CmReview *result;
  CmReview *header;

  g_return_val_if_fail (base == NULL || CM_IS_REVIEW (base), NULL);
  g_return_val_if_fail (CM_IS_REVIEW (ours), NULL);
  g_return_val_if_fail (CM_IS_REVIEW (theirs), NULL);

  if (stats != NULL)
    {
      memset (stats, 0, sizeof *stats);
      stats->authors = g_ptr_array_new_with_free_func (g_free);
    }

  result = cm_review_new ();
  /* Header from ours, unless ours never recorded a document. */
  header = cm_review_get_document_sha256 (ours) != NULL ? ours : theirs;
  cm_review_set_document (result, cm_review_get_document_file (header),
                          cm_review_get_document_sha256 (header),
                          cm_review_get_document_pdf_id (header),
                          cm_review_get_document_pages (header));
  header = cm_review_get_checklist_id (ours) != NULL ? ours : theirs;
  cm_review_set_checklist (result, cm_review_get_checklist_id (header),
                           cm_review_get_checklist_version (header));
  cm_review_set_format (result, MAX (cm_review_get_format (ours), cm_review_get_format (theirs)));
  {
    CmExtensions *from = cm_extensions_is_empty (cm_review_get_extensions (ours))
                           ? cm_review_get_extensions (theirs)
                           : cm_review_get_extensions (ours);
    CmExtensions *to = cm_review_get_extensions (result);

    for (guint i = 0; i < cm_extensions_get_n_attributes (from); i++)
      {
        const CmForeignAttribute *a = cm_extensions_get_attribute (from, i);
        cm_extensions_add_attribute (to, a->scope, a->ns_uri, a->name, a->value);
      }
    for (guint i = 0; i < cm_extensions_get_n_elements (from); i++)
      {
        const CmForeignElement *e = cm_extensions_get_element (from, i);
        cm_extensions_add_element (to, e->scope, e->xml);
      }
  }

  merge_slots (result, base, ours, theirs, &annotation_slots, TRUE, stats);
  merge_slots (result, base, ours, theirs, &verdict_slots, FALSE, stats);
  return result;
}
