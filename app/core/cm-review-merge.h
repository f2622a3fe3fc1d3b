/* cm-review-merge.h: three-way merge of reviews by annotation and verdict id. */
#pragma once

#include "cm-review.h"

G_BEGIN_DECLS

/* What the other side brought in, for a banner ("Ben Ortiz added 2
 * annotations") and for the git merge driver's exit status. */
typedef struct
{
  guint      added;
  guint      changed;
  guint      deleted;
  guint      conflicts;   /* new conflicts recorded by this merge */
  GPtrArray *authors;     /* unique names of the other side's authors, (element-type utf8) */
} CmMergeStats;

void       cm_merge_stats_clear  (CmMergeStats *stats);

/* Merges THEIRS into OURS with BASE (NULL: an empty review) as their common
 * ancestor, by id: additions from both sides are kept, deletions travel as
 * tombstones, a change on one side wins over no change on the other, and
 * when both sides changed one annotation or verdict differently OURS stays
 * live and THEIRS is recorded as a CmConflict. Returns (transfer full) the
 * merged review (header and extensions from OURS); the inputs are not
 * modified. STATS may be NULL. */
CmReview  *cm_review_merge       (CmReview     *base,
                                  CmReview     *ours,
                                  CmReview     *theirs,
                                  CmMergeStats *stats);

G_END_DECLS
