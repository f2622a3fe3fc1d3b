/* cm-review.h: one review of one document: annotations, verdicts, tombstones, undo and redo. */
#pragma once

#include <gio/gio.h>

#include "cm-annotation.h"
#include "cm-extensions.h"
#include "cm-verdict.h"

G_BEGIN_DECLS

/* A deleted annotation or verdict leaves a tombstone, so that a merge with
 * another reviewer's copy deletes it there too instead of bringing it back. */
typedef struct
{
  char      *id;       /* annotation id, or "verdict:" + item id */
  char      *author;
  GDateTime *modified;
} CmTombstone;

#define CM_TYPE_TOMBSTONE (cm_tombstone_get_type ())

GType         cm_tombstone_get_type (void) G_GNUC_CONST;
CmTombstone  *cm_tombstone_new      (const char        *id,
                                     const char        *author,
                                     GDateTime         *modified);
CmTombstone  *cm_tombstone_copy     (const CmTombstone *self);
void          cm_tombstone_free     (CmTombstone       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmTombstone, cm_tombstone_free)

/* When two reviewers changed one annotation or verdict differently, a merge
 * keeps one version live and records the other here, for the reviewer to
 * choose one or combine them. OTHER is a CmAnnotation or CmVerdict, or NULL
 * when the other side deleted it. */
typedef struct
{
  char    *id;       /* annotation id, or "verdict:" + item id */
  GObject *other;
} CmConflict;

#define CM_TYPE_CONFLICT (cm_conflict_get_type ())

GType         cm_conflict_get_type  (void) G_GNUC_CONST;
CmConflict   *cm_conflict_new       (const char        *id,
                                     GObject           *other);
CmConflict   *cm_conflict_copy      (const CmConflict  *self);
void          cm_conflict_free      (CmConflict        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmConflict, cm_conflict_free)

#define CM_TYPE_REVIEW (cm_review_get_type ())

G_DECLARE_FINAL_TYPE (CmReview, cm_review, CM, REVIEW, GObject)

CmReview      *cm_review_new                   (void);

/* What document the review is of, as recorded in the sidecar. */
const char    *cm_review_get_document_file     (CmReview      *self);
const char    *cm_review_get_document_sha256   (CmReview      *self);
const char    *cm_review_get_document_pdf_id   (CmReview      *self);
guint          cm_review_get_document_pages    (CmReview      *self);
void           cm_review_set_document          (CmReview      *self,
                                                const char    *file,
                                                const char    *sha256,
                                                const char    *pdf_id,
                                                guint          pages);
const char    *cm_review_get_checklist_id      (CmReview      *self);
const char    *cm_review_get_checklist_version (CmReview      *self);
void           cm_review_set_checklist         (CmReview      *self,
                                                const char    *id,
                                                const char    *version);
/* The sidecar format this version of Clausemark reads and writes. A
 * review read from a newer one keeps its number, and what this version
 * does not know of it, when it is written back. */
#define CM_REVIEW_FORMAT 1

/* The sidecar's format number as read (0 for a new review). */
guint          cm_review_get_format            (CmReview      *self);
void           cm_review_set_format            (CmReview      *self,
                                                guint          format);
CmExtensions  *cm_review_get_extensions        (CmReview      *self);

/* (transfer none) a GListModel of CmAnnotation in stable order (page, start, id). */
GListModel    *cm_review_get_annotations       (CmReview      *self);
guint          cm_review_get_n_annotations     (CmReview      *self);
CmAnnotation  *cm_review_lookup_annotation     (CmReview      *self,
                                                const char    *id);
/* Each takes a new reference to ANNOTATION, records an undo step, emits
 * "changed". Return FALSE (and change nothing) when the id is already
 * present (add) or absent (replace, remove). */
gboolean       cm_review_add_annotation        (CmReview      *self,
                                                CmAnnotation  *annotation);
gboolean       cm_review_replace_annotation    (CmReview      *self,
                                                CmAnnotation  *annotation);
gboolean       cm_review_remove_annotation     (CmReview      *self,
                                                const char    *id,
                                                const char    *author);

/* (transfer none) a GListModel of CmVerdict, ordered by item id. */
GListModel    *cm_review_get_verdicts          (CmReview      *self);
CmVerdict     *cm_review_lookup_verdict        (CmReview      *self,
                                                const char    *item_id);
void           cm_review_set_verdict           (CmReview      *self,
                                                CmVerdict     *verdict);
gboolean       cm_review_clear_verdict         (CmReview      *self,
                                                const char    *item_id,
                                                const char    *author);
/* Annotations tagged with ITEM_ID, (transfer container). */
GPtrArray     *cm_review_get_evidence          (CmReview      *self,
                                                const char    *item_id);

/* (transfer none) array of CmTombstone, ordered by id. */
GPtrArray     *cm_review_get_tombstones        (CmReview      *self);
CmTombstone   *cm_review_lookup_tombstone      (CmReview      *self,
                                                const char    *id);

/* (transfer none) array of CmConflict, ordered by id. */
GPtrArray     *cm_review_get_conflicts         (CmReview      *self);
CmConflict    *cm_review_lookup_conflict       (CmReview      *self,
                                                const char    *id);
/* Settles a conflict: CHOSEN (a CmAnnotation or CmVerdict with the
 * conflict's id, possibly combining both versions, or NULL to delete)
 * becomes the live version as an undoable change; the conflict is dropped. */
gboolean       cm_review_resolve_conflict      (CmReview      *self,
                                                const char    *id,
                                                GObject       *chosen,
                                                const char    *author);

/* Loading: stores fill a review with these, which record no undo step and
 * leave the review clean. */
void           cm_review_load_annotation       (CmReview      *self,
                                                CmAnnotation  *annotation);
void           cm_review_load_verdict          (CmReview      *self,
                                                CmVerdict     *verdict);
void           cm_review_load_tombstone        (CmReview      *self,
                                                CmTombstone   *tombstone);
void           cm_review_load_conflict         (CmReview      *self,
                                                CmConflict    *conflict);
/* Bulk loading: between these, annotations loaded in order join the list
 * model together (at the end, or when the model is next used), with one
 * items-changed instead of one each. */
void           cm_review_begin_load            (CmReview      *self);
void           cm_review_end_load              (CmReview      *self);

/* A new review holding the same (immutable) annotations and verdicts: cheap,
 * used as the base of a later three-way merge. */
CmReview      *cm_review_snapshot              (CmReview      *self);
/* Makes SELF's content equal to OTHER's (annotations, verdicts, tombstones,
 * conflicts), emitting change signals for what differs, without recording
 * undo steps: used to bring in other reviewers' changes. */
void           cm_review_take_content          (CmReview      *self,
                                                CmReview      *other);

/* Undo and redo. A group makes several changes one step. */
gboolean       cm_review_can_undo              (CmReview      *self);
gboolean       cm_review_can_redo              (CmReview      *self);
gboolean       cm_review_undo                  (CmReview      *self);
gboolean       cm_review_redo                  (CmReview      *self);
void           cm_review_begin_group           (CmReview      *self);
void           cm_review_end_group             (CmReview      *self);
void           cm_review_clear_history         (CmReview      *self);

/* Dirty: changed since the last cm_review_mark_saved() (undo back to the
 * saved state makes it clean again). */
gboolean       cm_review_is_dirty              (CmReview      *self);
void           cm_review_mark_saved            (CmReview      *self);

G_END_DECLS
