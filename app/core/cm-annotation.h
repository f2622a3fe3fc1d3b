/* cm-annotation.h: one tagged clause: its anchor, checklist item, assessment, note and replies. */
#pragma once

#include <glib-object.h>

#include "cm-anchor.h"
#include "cm-extensions.h"
#include "cm-types.h"

G_BEGIN_DECLS

typedef struct _CmReply CmReply;

#define CM_TYPE_REPLY (cm_reply_get_type ())

GType        cm_reply_get_type     (void) G_GNUC_CONST;
CmReply     *cm_reply_new          (const char     *id,
                                    const char     *author,
                                    GDateTime      *created,
                                    const char     *text);
CmReply     *cm_reply_copy         (const CmReply  *self);
void         cm_reply_free         (CmReply        *self);
gboolean     cm_reply_equal        (const CmReply  *a,
                                    const CmReply  *b);
const char  *cm_reply_get_id       (const CmReply  *self);
const char  *cm_reply_get_author   (const CmReply  *self);
GDateTime   *cm_reply_get_created  (const CmReply  *self);
const char  *cm_reply_get_text     (const CmReply  *self);
const char  *cm_reply_get_in_reply_to (const CmReply *self);
void         cm_reply_set_in_reply_to (CmReply      *self,
                                       const char   *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmReply, cm_reply_free)

#define CM_TYPE_ANNOTATION (cm_annotation_get_type ())

G_DECLARE_FINAL_TYPE (CmAnnotation, cm_annotation, CM, ANNOTATION, GObject)

/* An annotation held by a CmReview is treated as immutable: to change it,
 * copy it, change the copy and pass it to cm_review_replace_annotation(), so
 * that undo, merge and change signals see whole before/after states. */

/* ID may be NULL for a new random UUID; CREATED may be NULL for now. */
CmAnnotation  *cm_annotation_new              (const char     *id,
                                               const char     *author,
                                               GDateTime      *created);
CmAnnotation  *cm_annotation_copy             (CmAnnotation   *self);
gboolean       cm_annotation_equal            (CmAnnotation   *a,
                                               CmAnnotation   *b);

const char    *cm_annotation_get_id           (CmAnnotation   *self);
const char    *cm_annotation_get_author       (CmAnnotation   *self);
void           cm_annotation_set_author       (CmAnnotation   *self,
                                               const char     *author);
GDateTime     *cm_annotation_get_created      (CmAnnotation   *self);
GDateTime     *cm_annotation_get_modified     (CmAnnotation   *self);
void           cm_annotation_set_modified     (CmAnnotation   *self,
                                               GDateTime      *modified);
/* Sets modified to now. */
void           cm_annotation_touch            (CmAnnotation   *self);
CmAnchor      *cm_annotation_get_anchor       (CmAnnotation   *self);
void           cm_annotation_set_anchor       (CmAnnotation   *self,
                                               const CmAnchor *anchor);
/* The same without a copy: ANCHOR (transfer full) becomes the annotation's. */
void           cm_annotation_take_anchor      (CmAnnotation   *self,
                                               CmAnchor       *anchor);
/* Checklist item id, or NULL for an untagged annotation. */
const char    *cm_annotation_get_item_id      (CmAnnotation   *self);
void           cm_annotation_set_item_id      (CmAnnotation   *self,
                                               const char     *item_id);
CmAssessment   cm_annotation_get_assessment   (CmAnnotation   *self);
void           cm_annotation_set_assessment   (CmAnnotation   *self,
                                               CmAssessment    assessment);
const char    *cm_annotation_get_note         (CmAnnotation   *self);
void           cm_annotation_set_note         (CmAnnotation   *self,
                                               const char     *note);
/* Section number the clause falls in ("2-173-020(a)"), or NULL. */
const char    *cm_annotation_get_section      (CmAnnotation   *self);
void           cm_annotation_set_section      (CmAnnotation   *self,
                                               const char     *section);
/* (transfer none) array of CmReply, oldest first. */
GPtrArray     *cm_annotation_get_replies      (CmAnnotation   *self);
/* Takes REPLY: (transfer full). */
void           cm_annotation_add_reply        (CmAnnotation   *self,
                                               CmReply        *reply);
/* (transfer none) never NULL: made on first use, since few annotations
 * carry any. Readers that only look use cm_annotation_peek_extensions(). */
CmExtensions  *cm_annotation_get_extensions   (CmAnnotation   *self);
/* (transfer none) the extensions, or NULL when there never were any. */
const CmExtensions *
               cm_annotation_peek_extensions  (CmAnnotation   *self);

/* Orders by page, then start offset, then id: the sidecar's stable order. */
int            cm_annotation_compare          (CmAnnotation   *a,
                                               CmAnnotation   *b);

G_END_DECLS
