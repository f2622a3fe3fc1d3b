/* cm-suggestions.h: the window's clause suggestions: running the analyzers on a thread, and remembering dismissals in the review. */
#pragma once

#include <clausemark.h>

G_BEGIN_DECLS

/* Runs every enabled analyzer over INDEX on a worker thread. */
void       cm_suggestions_analyze_async  (CmTextIndex          *index,
                                          CmChecklist          *checklist,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* (transfer full) a GPtrArray of CmSuggestion, or NULL with ERROR set. */
GPtrArray *cm_suggestions_analyze_finish (GAsyncResult         *result,
                                          GError              **error);

/* Remembers in REVIEW's extensions (so in the sidecar) that SUGGESTION
 * was dismissed. */
void       cm_suggestions_dismiss        (CmReview             *review,
                                          const CmSuggestion   *suggestion);
gboolean   cm_suggestions_is_dismissed   (CmReview             *review,
                                          const CmSuggestion   *suggestion);

/* (transfer full) the suggestions of ALL still open in REVIEW: neither
 * dismissed nor already tagged with their item over the same text. */
GPtrArray *cm_suggestions_filter         (GPtrArray            *all,
                                          CmReview             *review);

G_END_DECLS
