/* cm-agreement.c: how far two reviewers' verdicts agree, item by item, with Cohen's kappa. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-agreement.h"

struct _CmAgreement
{
  GObject      parent_instance;

  CmChecklist *checklist;
  CmReview    *a;
  CmReview    *b;
  GPtrArray   *rows;        /* CmAgreementRow */
  guint        n_agreeing;
  double       observed;
  double       expected;
  double       kappa;
  GStrv        authors_a;
  GStrv        authors_b;
};

G_DEFINE_FINAL_TYPE (CmAgreement, cm_agreement, G_TYPE_OBJECT)

static void
row_free (CmAgreementRow *row)
{
  g_clear_object (&row->item);
  g_clear_object (&row->verdict_a);
  g_clear_object (&row->verdict_b);
  g_free (row);
}

static CmAssessment
level_of (CmVerdict *verdict)
{
  /* No verdict, or one that was never given a level, is the checklist's
   * default: the protection is absent. */
  if (verdict == NULL || cm_verdict_get_assessment (verdict) == CM_ASSESSMENT_NONE)
    return CM_ASSESSMENT_ABSENT;
  return cm_verdict_get_assessment (verdict);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
add_author (GPtrArray  *authors,
            const char *author)
{
  if (author == NULL || *author == '\0')
    return;
  for (guint i = 0; i < authors->len; i++)
    if (g_str_equal (g_ptr_array_index (authors, i), author))
      return;
  g_ptr_array_add (authors, g_strdup (author));
}

static GStrv
collect_authors (CmReview *review)
{
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
  GListModel *verdicts = cm_review_get_verdicts (review);
  GListModel *annotations = cm_review_get_annotations (review);

  for (guint i = 0; i < g_list_model_get_n_items (verdicts); i++)
    {
      g_autoptr(CmVerdict) verdict = g_list_model_get_item (verdicts, i);

      add_author (authors, cm_verdict_get_author (verdict));
    }
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);

      add_author (authors, cm_annotation_get_author (annotation));
    }
  g_ptr_array_sort (authors, compare_strings);
  g_ptr_array_add (authors, NULL);
  g_ptr_array_set_free_func (authors, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&authors), FALSE);
}

static void
compute (CmAgreement *self)
{
  GPtrArray *items = cm_checklist_get_items (self->checklist);
  guint counts_a[CM_N_ASSESSMENTS] = { 0 };
  guint counts_b[CM_N_ASSESSMENTS] = { 0 };
  guint n = items->len;

  for (guint i = 0; i < n; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      const char *id = cm_checklist_item_get_id (item);
      CmVerdict *verdict_a = cm_review_lookup_verdict (self->a, id);
      CmVerdict *verdict_b = cm_review_lookup_verdict (self->b, id);
      CmAgreementRow *row = g_new0 (CmAgreementRow, 1);

      row->item = g_object_ref (item);
      row->verdict_a = verdict_a != NULL ? g_object_ref (verdict_a) : NULL;
      row->verdict_b = verdict_b != NULL ? g_object_ref (verdict_b) : NULL;
      row->assessment_a = level_of (verdict_a);
      row->assessment_b = level_of (verdict_b);
      row->agrees = row->assessment_a == row->assessment_b;
      counts_a[row->assessment_a]++;
      counts_b[row->assessment_b]++;
      if (row->agrees)
        self->n_agreeing++;
      g_ptr_array_add (self->rows, row);
    }

  if (n == 0)
    return;
  self->observed = (double) self->n_agreeing / n;
  for (guint level = 0; level < CM_N_ASSESSMENTS; level++)
    self->expected += ((double) counts_a[level] / n) * ((double) counts_b[level] / n);
  /* Expected agreement reaches 1 only when both reviewers used one level
   * for everything, so they agree on every item: kappa's 0/0 is read as
   * full agreement. */
  if (self->expected >= 1.0)
    self->kappa = self->observed >= 1.0 ? 1.0 : 0.0;
  else
    self->kappa = (self->observed - self->expected) / (1.0 - self->expected);
}

static void
cm_agreement_finalize (GObject *object)
{
  CmAgreement *self = CM_AGREEMENT (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->authors_a, g_strfreev);
  g_clear_pointer (&self->authors_b, g_strfreev);
  g_clear_object (&self->checklist);
  g_clear_object (&self->a);
  g_clear_object (&self->b);

  G_OBJECT_CLASS (cm_agreement_parent_class)->finalize (object);
}

static void
cm_agreement_class_init (CmAgreementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_agreement_finalize;
}

static void
cm_agreement_init (CmAgreement *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
}

CmAgreement *
cm_agreement_new (CmChecklist *checklist,
                  CmReview    *a,
                  CmReview    *b)
{
  CmAgreement *self;

  g_return_val_if_fail (CM_IS_CHECKLIST (checklist), NULL);
  g_return_val_if_fail (CM_IS_REVIEW (a), NULL);
  g_return_val_if_fail (CM_IS_REVIEW (b), NULL);

  self = g_object_new (CM_TYPE_AGREEMENT, NULL);
  self->checklist = g_object_ref (checklist);
  self->a = g_object_ref (a);
  self->b = g_object_ref (b);
  self->authors_a = collect_authors (a);
  self->authors_b = collect_authors (b);
  compute (self);
  return self;
}

GPtrArray *
cm_agreement_get_rows (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), NULL);

  return self->rows;
}

GPtrArray *
cm_agreement_dup_disagreements (CmAgreement *self)
{
  GPtrArray *disagreements;

  g_return_val_if_fail (CM_IS_AGREEMENT (self), NULL);

  disagreements = g_ptr_array_new ();
  for (guint i = 0; i < self->rows->len; i++)
    {
      CmAgreementRow *row = g_ptr_array_index (self->rows, i);

      if (!row->agrees)
        g_ptr_array_add (disagreements, row);
    }
  return disagreements;
}

guint
cm_agreement_get_n_items (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), 0);

  return self->rows->len;
}

guint
cm_agreement_get_n_agreeing (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), 0);

  return self->n_agreeing;
}

double
cm_agreement_get_observed (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), 0.0);

  return self->observed;
}

double
cm_agreement_get_expected (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), 0.0);

  return self->expected;
}

double
cm_agreement_get_kappa (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), 0.0);

  return self->kappa;
}

const char * const *
cm_agreement_get_authors_a (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), NULL);

  return (const char * const *) self->authors_a;
}

const char * const *
cm_agreement_get_authors_b (CmAgreement *self)
{
  g_return_val_if_fail (CM_IS_AGREEMENT (self), NULL);

  return (const char * const *) self->authors_b;
}

CmKappaBand
cm_kappa_band_for_kappa (double kappa)
{
  /* Landis and Koch give the bands to two decimals (0.21–0.40, …): a
   * kappa is read as it is printed, so 0.2049 is still "slight". */
  double rounded = kappa * 100.0;

  if (kappa < 0.0)
    return CM_KAPPA_POOR;
  rounded = (double) (gint64) (rounded + 0.5);
  if (rounded <= 20)
    return CM_KAPPA_SLIGHT;
  if (rounded <= 40)
    return CM_KAPPA_FAIR;
  if (rounded <= 60)
    return CM_KAPPA_MODERATE;
  if (rounded <= 80)
    return CM_KAPPA_SUBSTANTIAL;
  return CM_KAPPA_ALMOST_PERFECT;
}

const char *
cm_kappa_band_get_label (CmKappaBand band)
{
  switch (band)
    {
    case CM_KAPPA_POOR:
      return _("Less agreement than chance");
    case CM_KAPPA_SLIGHT:
      return _("Slight agreement");
    case CM_KAPPA_FAIR:
      return _("Fair agreement");
    case CM_KAPPA_MODERATE:
      return _("Moderate agreement");
    case CM_KAPPA_SUBSTANTIAL:
      return _("Substantial agreement");
    case CM_KAPPA_ALMOST_PERFECT:
      return _("Almost perfect agreement");
    default:
      g_return_val_if_reached ("");
    }
}
