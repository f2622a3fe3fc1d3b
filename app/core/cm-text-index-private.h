/* cm-text-index-private.h: the normalised form of index text, shared with CmAnchor for re-anchoring. */
#pragma once

#include "cm-text-index.h"

G_BEGIN_DECLS

/* TEXT folded the way cm_text_index_find() compares: compatibility
 * decomposition, case folding, quotes and dashes unified, whitespace and
 * dashes dropped. Returns (transfer full) a UTF-8 string, maybe empty. */
char      *cm_text_normalize           (const char   *text);

/* The best approximate occurrence of QUOTE (similarity = 1 - edit distance
 * / quote length, on normalised text), looked for around places where
 * fragments of the quote occur and around NEAR (a character offset in the
 * index, usually the old position). FALSE when nothing reaches
 * MIN_SIMILARITY. */
gboolean   cm_text_index_find_fuzzy    (CmTextIndex  *self,
                                        const char   *quote,
                                        guint         near,
                                        double        min_similarity,
                                        guint        *start,
                                        guint        *end,
                                        double       *similarity);

G_END_DECLS
