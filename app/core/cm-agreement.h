/* cm-agreement.h: how far two reviewers' verdicts agree, item by item, with Cohen's kappa. */
#pragma once

#include "cm-checklist.h"
#include "cm-review.h"

G_BEGIN_DECLS

/* One checklist item as the two reviews judge it. An item without a
 * verdict counts as Absent, the checklist's default, so a reviewer who
 * left an item alone agrees with one who judged it Absent. */
typedef struct
{
  CmChecklistItem *item;
  CmAssessment     assessment_a;
  CmAssessment     assessment_b;
  CmVerdict       *verdict_a;     /* NULL when review A has none for the item */
  CmVerdict       *verdict_b;     /* NULL when review B has none for the item */
  gboolean         agrees;
} CmAgreementRow;

/* Landis and Koch's (1977) reading of kappa, the usual plain-language scale. */
typedef enum
{
  CM_KAPPA_POOR,             /* below 0: less agreement than chance */
  CM_KAPPA_SLIGHT,           /* 0.00–0.20 */
  CM_KAPPA_FAIR,             /* 0.21–0.40 */
  CM_KAPPA_MODERATE,         /* 0.41–0.60 */
  CM_KAPPA_SUBSTANTIAL,      /* 0.61–0.80 */
  CM_KAPPA_ALMOST_PERFECT,   /* 0.81–1.00 */
} CmKappaBand;

#define CM_TYPE_AGREEMENT (cm_agreement_get_type ())

G_DECLARE_FINAL_TYPE (CmAgreement, cm_agreement, CM, AGREEMENT, GObject)

/* Compares A and B over CHECKLIST's items (verdicts on items the checklist
 * does not have are left out). Keeps references to all three. */
CmAgreement          *cm_agreement_new                (CmChecklist  *checklist,
                                                       CmReview     *a,
                                                       CmReview     *b);
/* (transfer none) one CmAgreementRow per checklist item, in checklist order. */
GPtrArray            *cm_agreement_get_rows           (CmAgreement  *self);
/* (transfer container) the rows where the two verdicts differ, in checklist order. */
GPtrArray            *cm_agreement_dup_disagreements  (CmAgreement  *self);
guint                 cm_agreement_get_n_items        (CmAgreement  *self);
guint                 cm_agreement_get_n_agreeing     (CmAgreement  *self);
/* Fractions between 0 and 1: the share of items with equal verdicts, and
 * the share two reviewers would agree on by chance given how often each
 * used every level. All three figures are 0 for a checklist without items. */
double                cm_agreement_get_observed       (CmAgreement  *self);
double                cm_agreement_get_expected       (CmAgreement  *self);
/* (observed - expected) / (1 - expected). When both reviewers gave every
 * item the same one level, chance alone explains the agreement and the
 * formula divides by zero: kappa is then taken as 1 (full agreement). */
double                cm_agreement_get_kappa          (CmAgreement  *self);
/* (transfer none) the names that signed A's or B's verdicts and
 * annotations, sorted, without repeats; empty when none is signed. */
const char * const   *cm_agreement_get_authors_a      (CmAgreement  *self);
const char * const   *cm_agreement_get_authors_b      (CmAgreement  *self);

CmKappaBand           cm_kappa_band_for_kappa         (double        kappa);
/* "Moderate agreement" and so on, translated. */
const char           *cm_kappa_band_get_label         (CmKappaBand   band);

G_END_DECLS
