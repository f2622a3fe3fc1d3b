/* cm-comparison.h: the verdict matrix across ordinances: one column per reviewed PDF, one row per checklist item, each cell a verdict and its evidence. */
#pragma once

#include <gio/gio.h>

#include "cm-checklist.h"
#include "cm-review.h"

G_BEGIN_DECLS

#define CM_TYPE_COMPARISON (cm_comparison_get_type ())

G_DECLARE_FINAL_TYPE (CmComparison, cm_comparison, CM, COMPARISON, GObject)

/* Rows are CHECKLIST's items, in checklist order. */
CmComparison *cm_comparison_new                (CmChecklist   *checklist);
CmChecklist  *cm_comparison_get_checklist      (CmComparison  *self);

/* Appends a column: NAME is shown as its heading (the PDF's file name),
 * TITLE describes it (the ordinance's title; NULL: NAME). */
void          cm_comparison_add_column         (CmComparison  *self,
                                                const char    *name,
                                                const char    *title,
                                                CmReview      *review);
/* Appends the column of PDF with the review in its sidecar, read with the
 * default store; an empty review when it has none yet. A sidecar that
 * exists but cannot be read is an error naming the PDF. */
gboolean      cm_comparison_add_document       (CmComparison  *self,
                                                GFile         *pdf,
                                                GError       **error);

guint         cm_comparison_get_n_columns      (CmComparison  *self);
const char   *cm_comparison_get_column_name    (CmComparison  *self,
                                                guint          column);
const char   *cm_comparison_get_column_title   (CmComparison  *self,
                                                guint          column);
CmReview     *cm_comparison_get_column_review  (CmComparison  *self,
                                                guint          column);

/* A cell: the verdict (NULL and CM_ASSESSMENT_NONE when there is none) and
 * the evidence (transfer full: a GPtrArray of CmAnnotation, maybe empty). */
CmVerdict    *cm_comparison_get_verdict        (CmComparison  *self,
                                                const char    *item_id,
                                                guint          column);
CmAssessment  cm_comparison_get_assessment     (CmComparison  *self,
                                                const char    *item_id,
                                                guint          column);
GPtrArray    *cm_comparison_get_evidence       (CmComparison  *self,
                                                const char    *item_id,
                                                guint          column);
/* The cell in words, for a tooltip or screen reader: the verdict's
 * rationale, then up to MAX_QUOTES quoted clauses with page and section,
 * then how many more. (transfer full) */
char         *cm_comparison_describe_cell      (CmComparison  *self,
                                                const char    *item_id,
                                                guint          column,
                                                guint          max_quotes);

/* The whole matrix as CSV (RFC 4180; "item,title,NAME…" then one row per
 * item with "VERDICT (N)" cells) or as a self-contained HTML page grouped
 * by category, with the evidence of each cell. (transfer full) */
char         *cm_comparison_to_csv             (CmComparison  *self);
char         *cm_comparison_to_html            (CmComparison  *self);

G_END_DECLS
