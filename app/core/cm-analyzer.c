/* cm-analyzer.c: the interface of plugins that propose clauses for checklist items, and CmSuggestion. */
#include "config.h"

#include "cm-analyzer.h"

struct _CmSuggestion
{
  char   *item_id;
  guint   page;
  guint   start;
  guint   end;
  char   *quote;
  char   *section;
  double  score;
  char   *reason;
};

G_DEFINE_BOXED_TYPE (CmSuggestion, cm_suggestion, cm_suggestion_copy, cm_suggestion_free)

CmSuggestion *
cm_suggestion_new (const char *item_id,
                   guint       page,
                   guint       start,
                   guint       end,
                   const char *quote,
                   const char *section,
                   double      score,
                   const char *reason)
{
  CmSuggestion *self;

  g_return_val_if_fail (item_id != NULL, NULL);
  g_return_val_if_fail (start <= end, NULL);

  self = g_new0 (CmSuggestion, 1);
  self->item_id = g_strdup (item_id);
  self->page = page;
  self->start = start;
  self->end = end;
  self->quote = g_strdup (quote ? quote : "");
  self->section = g_strdup (section);
  self->score = CLAMP (score, 0.0, 1.0);
  self->reason = g_strdup (reason ? reason : "");
  return self;
}

CmSuggestion *
cm_suggestion_copy (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return cm_suggestion_new (self->item_id, self->page, self->start, self->end, self->quote,
                            self->section, self->score, self->reason);
}

void
cm_suggestion_free (CmSuggestion *self)
{
  if (self == NULL)
    return;
  g_free (self->item_id);
  g_free (self->quote);
  g_free (self->section);
  g_free (self->reason);
  g_free (self);
}

const char *
cm_suggestion_get_item_id (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->item_id;
}

guint
cm_suggestion_get_page (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->page;
}

guint
cm_suggestion_get_start (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->start;
}

guint
cm_suggestion_get_end (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->end;
}

const char *
cm_suggestion_get_quote (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->quote;
}

const char *
cm_suggestion_get_section (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->section;
}

double
cm_suggestion_get_score (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->score;
}

const char *
cm_suggestion_get_reason (const CmSuggestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reason;
}

G_DEFINE_INTERFACE (CmAnalyzer, cm_analyzer, G_TYPE_OBJECT)

static void
cm_analyzer_default_init (CmAnalyzerInterface *iface)
{
}

const char *
cm_analyzer_get_id (CmAnalyzer *self)
{
  g_return_val_if_fail (CM_IS_ANALYZER (self), NULL);
  return CM_ANALYZER_GET_IFACE (self)->get_id (self);
}

const char *
cm_analyzer_get_label (CmAnalyzer *self)
{
  g_return_val_if_fail (CM_IS_ANALYZER (self), NULL);
  return CM_ANALYZER_GET_IFACE (self)->get_label (self);
}

GPtrArray *
cm_analyzer_analyze (CmAnalyzer    *self,
                     CmTextIndex   *index,
                     CmChecklist   *checklist,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (CM_IS_ANALYZER (self), NULL);
  g_return_val_if_fail (CM_IS_TEXT_INDEX (index), NULL);
  g_return_val_if_fail (CM_IS_CHECKLIST (checklist), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return CM_ANALYZER_GET_IFACE (self)->analyze (self, index, checklist, cancellable, error);
}
