/* cm-review-file.h: a review bound to its sidecar: load, merge-on-save under a lock, outside changes. */
#pragma once

#include "cm-document.h"
#include "cm-review-merge.h"
#include "cm-store.h"

G_BEGIN_DECLS

#define CM_TYPE_REVIEW_FILE (cm_review_file_get_type ())

G_DECLARE_FINAL_TYPE (CmReviewFile, cm_review_file, CM, REVIEW_FILE, GObject)

/* Several people (or processes) write one sidecar. The file remembers the
 * version it last read or wrote (its content hash and a snapshot, the
 * "base"); before every save it takes an advisory lock, re-reads the file
 * and, when someone else saved meanwhile, merges three-way (base, ours,
 * theirs) and writes the result, so that nobody's work is overwritten. */
CmReviewFile  *cm_review_file_new            (CmStore        *store,
                                              GFile          *file);
GFile         *cm_review_file_get_file       (CmReviewFile   *self);
CmStore       *cm_review_file_get_store      (CmReviewFile   *self);
/* Reads the sidecar (a missing one gives an empty review, described from
 * DOCUMENT when given). Any other error is returned: never start empty over
 * a file that exists but cannot be read. Returns (transfer full) the live
 * review; the file only keeps a weak pointer to it, so the review may carry
 * its file (as object data) without a reference cycle. */
CmReview      *cm_review_file_load           (CmReviewFile   *self,
                                              CmDocument     *document,
                                              GCancellable   *cancellable,
                                              GError        **error);
CmReview      *cm_review_file_get_review     (CmReviewFile   *self);
/* Lock, re-read, merge if changed on disk, write, unlock. STATS (may be
 * NULL) tells what the other side brought in. */
gboolean       cm_review_file_save           (CmReviewFile   *self,
                                              CmMergeStats   *stats,
                                              GCancellable   *cancellable,
                                              GError        **error);
/* Whether the file on disk differs (by content hash) from the base: what
 * was last loaded, saved or merged, or what the last load failed to read. */
gboolean       cm_review_file_changed_on_disk (CmReviewFile  *self);
/* Brings outside changes into the live review without writing. Returns
 * FALSE with ERROR when the file on disk cannot be read (the live review is
 * then untouched); TRUE otherwise, with STATS filled when anything came in. */
gboolean       cm_review_file_refresh        (CmReviewFile   *self,
                                              CmMergeStats   *stats,
                                              GCancellable   *cancellable,
                                              GError        **error);

G_END_DECLS
