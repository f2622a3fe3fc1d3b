/* cm-anchor.h: where an annotation points, and how it finds its text again when the PDF changes. */
#pragma once

#include "cm-text-index.h"

G_BEGIN_DECLS

typedef enum
{
  CM_ANCHOR_STATE_UNRESOLVED = 0,  /* loaded, not yet checked against a text index */
  CM_ANCHOR_STATE_ANCHORED,        /* the recorded offsets still hold the quote */
  CM_ANCHOR_STATE_MOVED,           /* the exact quote was found elsewhere */
  CM_ANCHOR_STATE_FUZZY,           /* a lightly edited version of the quote was found */
  CM_ANCHOR_STATE_ORPHANED,        /* the text is gone: kept and listed, never dropped */
} CmAnchorState;

typedef struct _CmAnchor CmAnchor;

#define CM_TYPE_ANCHOR (cm_anchor_get_type ())

#define CM_ANCHOR_CONTEXT_LENGTH 32

GType          cm_anchor_get_type        (void) G_GNUC_CONST;
CmAnchor      *cm_anchor_new             (guint            page,
                                          guint            start,
                                          guint            end,
                                          const char      *exact,
                                          const char      *prefix,
                                          const char      *suffix);
/* An anchor for [start, end) of INDEX: quote, context and rectangles filled in. */
CmAnchor      *cm_anchor_new_for_range   (CmTextIndex     *index,
                                          guint            start,
                                          guint            end);
CmAnchor      *cm_anchor_copy            (const CmAnchor  *self);
void           cm_anchor_free            (CmAnchor        *self);
gboolean       cm_anchor_equal           (const CmAnchor  *a,
                                          const CmAnchor  *b);

guint          cm_anchor_get_page        (const CmAnchor  *self);
guint          cm_anchor_get_start       (const CmAnchor  *self);
guint          cm_anchor_get_end         (const CmAnchor  *self);
const char    *cm_anchor_get_exact       (const CmAnchor  *self);
const char    *cm_anchor_get_prefix      (const CmAnchor  *self);
const char    *cm_anchor_get_suffix      (const CmAnchor  *self);
CmAnchorState  cm_anchor_get_state       (const CmAnchor  *self);
const char    *cm_anchor_state_to_string (CmAnchorState    state);
/* (transfer none) array of CmPageRect; may be empty. */
GArray        *cm_anchor_get_rects       (const CmAnchor  *self);
void           cm_anchor_add_rect        (CmAnchor        *self,
                                          const CmPageRect *rect);

/* Finds the anchor's text in INDEX: recorded offsets, then the exact quote
 * (prefix and suffix break ties), then a fuzzy match, else orphaned. Updates
 * page, offsets and rectangles; the quote itself is kept as recorded unless
 * a fuzzy match replaced it. Returns the new state. */
CmAnchorState  cm_anchor_resolve         (CmAnchor        *self,
                                          CmTextIndex     *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmAnchor, cm_anchor_free)

G_END_DECLS
