/* cm-report-data.h: what the HTML and PDF reports share: evidence grouped by item, reviewers, verdict counts. */
#pragma once

#include <clausemark.h>

G_BEGIN_DECLS

/* One person who worked on the review, with what they did and when. */
typedef struct
{
  char      *name;
  guint      n_annotations;
  guint      n_verdicts;
  guint      n_replies;
  GDateTime *first;
  GDateTime *last;
} CmReportReviewer;

typedef struct
{
  CmReview    *review;
  CmChecklist *checklist;      /* may be NULL */
  CmDocument  *document;       /* may be NULL */
  char        *file;           /* the PDF's file name, or NULL */
  GHashTable  *evidence;       /* item id → GPtrArray of CmAnnotation, in review order */
  GPtrArray   *unfiled;        /* annotations with no item, or one the checklist lacks */
  GPtrArray   *reviewers;      /* of CmReportReviewer, by name */
  GDateTime   *first;          /* earliest and latest date anywhere in the review, or NULL */
  GDateTime   *last;
  guint        n_items;
  guint        n_assessed;
  guint        n_without_evidence;
} CmReportData;

/* Walks the review once, so that reports of 10,000 annotations stay linear. */
G_GNUC_INTERNAL CmReportData *cm_report_data_new              (CmReview            *review,
                                                               CmChecklist         *checklist,
                                                               CmDocument          *document);
G_GNUC_INTERNAL void          cm_report_data_free             (CmReportData        *self);
/* (transfer none) the annotations tagged with ITEM_ID; never NULL. */
G_GNUC_INTERNAL GPtrArray    *cm_report_data_get_evidence     (CmReportData        *self,
                                                               const char          *item_id);
/* The item's verdict assessment, CM_ASSESSMENT_NONE when there is none. */
G_GNUC_INTERNAL CmAssessment  cm_report_data_get_verdict      (CmReportData        *self,
                                                               const char          *item_id);
/* Items of CATEGORY whose verdict is ASSESSMENT (NONE: not yet assessed). */
G_GNUC_INTERNAL guint         cm_report_data_count            (CmReportData        *self,
                                                               CmChecklistCategory *category,
                                                               CmAssessment         assessment);
/* The document's title, else its file name, else a placeholder. */
G_GNUC_INTERNAL const char   *cm_report_data_get_title        (CmReportData        *self);
G_GNUC_INTERNAL const char   *cm_report_data_get_file         (CmReportData        *self);
G_GNUC_INTERNAL const char   *cm_report_data_get_sha256       (CmReportData        *self);
G_GNUC_INTERNAL guint         cm_report_data_get_pages        (CmReportData        *self);
/* "2026-11-20 10:02 UTC", or NULL for NULL. */
G_GNUC_INTERNAL char         *cm_report_format_date           (GDateTime           *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmReportData, cm_report_data_free)

/* The checklist's words as the reports print them: in the reader's
 * language (cm_checklist_translate()), like the reports' own. CSV, JSON
 * and XFDF keep the file's words: other tools read those. */
static inline const char *
cm_report_item_title (CmChecklistItem *item)
{
  return cm_checklist_translate (cm_checklist_item_get_title (item));
}

static inline const char *
cm_report_item_question (CmChecklistItem *item)
{
  return cm_checklist_translate (cm_checklist_item_get_question (item));
}

static inline const char *
cm_report_category_title (CmChecklistCategory *category)
{
  return cm_checklist_translate (cm_checklist_category_get_title (category));
}

static inline const char *
cm_report_checklist_title (CmChecklist *checklist)
{
  return cm_checklist_translate (cm_checklist_get_title (checklist));
}

G_END_DECLS
