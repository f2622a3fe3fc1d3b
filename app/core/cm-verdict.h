/* cm-verdict.h: the reviewer's conclusion on one checklist item, with its rationale. */
#pragma once

#include <glib-object.h>

#include "cm-extensions.h"
#include "cm-types.h"

G_BEGIN_DECLS

#define CM_TYPE_VERDICT (cm_verdict_get_type ())

G_DECLARE_FINAL_TYPE (CmVerdict, cm_verdict, CM, VERDICT, GObject)

/* Like annotations, verdicts held by a review are immutable: copy, change,
 * cm_review_set_verdict(). */
CmVerdict     *cm_verdict_new             (const char   *item_id,
                                           CmAssessment  assessment,
                                           const char   *author);
CmVerdict     *cm_verdict_copy            (CmVerdict    *self);
gboolean       cm_verdict_equal           (CmVerdict    *a,
                                           CmVerdict    *b);
const char    *cm_verdict_get_item_id     (CmVerdict    *self);
CmAssessment   cm_verdict_get_assessment  (CmVerdict    *self);
void           cm_verdict_set_assessment  (CmVerdict    *self,
                                           CmAssessment  assessment);
const char    *cm_verdict_get_author      (CmVerdict    *self);
void           cm_verdict_set_author      (CmVerdict    *self,
                                           const char   *author);
const char    *cm_verdict_get_rationale   (CmVerdict    *self);
void           cm_verdict_set_rationale   (CmVerdict    *self,
                                           const char   *rationale);
GDateTime     *cm_verdict_get_modified    (CmVerdict    *self);
void           cm_verdict_set_modified    (CmVerdict    *self,
                                           GDateTime    *modified);
CmExtensions  *cm_verdict_get_extensions  (CmVerdict    *self);

G_END_DECLS
