/* cm-analyzer.h: the interface of plugins that propose clauses for checklist items, and their suggestions. */
#pragma once

#include <gio/gio.h>

#include "cm-checklist.h"
#include "cm-text-index.h"

G_BEGIN_DECLS

#define CM_ANALYZER_EXTENSION_POINT "clausemark-analyzer"

/* One proposed clause: [start, end) in characters of the index text, on
 * PAGE (1-based, where it starts), for checklist item ITEM_ID. The score is
 * 0..1 (higher is likelier); the reason is a short human-readable phrase
 * ("cues: detainer; operative 'shall not'"). SECTION may be NULL. */
typedef struct _CmSuggestion CmSuggestion;

#define CM_TYPE_SUGGESTION (cm_suggestion_get_type ())

GType          cm_suggestion_get_type      (void) G_GNUC_CONST;
CmSuggestion  *cm_suggestion_new           (const char          *item_id,
                                            guint                page,
                                            guint                start,
                                            guint                end,
                                            const char          *quote,
                                            const char          *section,
                                            double               score,
                                            const char          *reason);
CmSuggestion  *cm_suggestion_copy          (const CmSuggestion  *self);
void           cm_suggestion_free          (CmSuggestion        *self);
const char    *cm_suggestion_get_item_id   (const CmSuggestion  *self);
guint          cm_suggestion_get_page      (const CmSuggestion  *self);
guint          cm_suggestion_get_start     (const CmSuggestion  *self);
guint          cm_suggestion_get_end       (const CmSuggestion  *self);
const char    *cm_suggestion_get_quote     (const CmSuggestion  *self);
const char    *cm_suggestion_get_section   (const CmSuggestion  *self);
double         cm_suggestion_get_score     (const CmSuggestion  *self);
const char    *cm_suggestion_get_reason    (const CmSuggestion  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSuggestion, cm_suggestion_free)

#define CM_TYPE_ANALYZER (cm_analyzer_get_type ())

G_DECLARE_INTERFACE (CmAnalyzer, cm_analyzer, CM, ANALYZER, GObject)

struct _CmAnalyzerInterface
{
  GTypeInterface parent_iface;

  const char *(*get_id)     (CmAnalyzer    *self);
  const char *(*get_label)  (CmAnalyzer    *self);
  /* Returns (transfer full) a GPtrArray of CmSuggestion (with a free
   * function), in checklist order, best first within an item; or NULL with
   * ERROR set. May run in a worker thread: it must not touch the main loop. */
  GPtrArray  *(*analyze)    (CmAnalyzer    *self,
                             CmTextIndex   *index,
                             CmChecklist   *checklist,
                             GCancellable  *cancellable,
                             GError       **error);
};

const char  *cm_analyzer_get_id     (CmAnalyzer    *self);
const char  *cm_analyzer_get_label  (CmAnalyzer    *self);
GPtrArray   *cm_analyzer_analyze    (CmAnalyzer    *self,
                                     CmTextIndex   *index,
                                     CmChecklist   *checklist,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS
