/* cm-checklist-panel.h: the sidebar: checklist items with verdicts and evidence, and all annotations. */
#pragma once

#include <gtk/gtk.h>
#include <clausemark.h>

G_BEGIN_DECLS

#define CM_TYPE_CHECKLIST_PANEL (cm_checklist_panel_get_type ())

G_DECLARE_FINAL_TYPE (CmChecklistPanel, cm_checklist_panel, CM, CHECKLIST_PANEL, GtkWidget)

/* Signals:
 *   "annotation-activated" (const char *annotation_id): the reviewer chose a
 *       piece of evidence or an annotation; the window scrolls to it. */

GtkWidget  *cm_checklist_panel_new             (void);
/* Shows CHECKLIST against REVIEW (either may be NULL to clear the panel). */
void        cm_checklist_panel_set_review      (CmChecklistPanel *self,
                                                CmChecklist      *checklist,
                                                CmReview         *review,
                                                CmTextIndex      *index);
/* The name verdicts set in the panel are recorded under. */
void        cm_checklist_panel_set_author      (CmChecklistPanel *self,
                                                const char       *author);
/* Opens ITEM_ID's detail page (question, verdict, evidence). */
void        cm_checklist_panel_show_item       (CmChecklistPanel *self,
                                                const char       *item_id);
/* The item whose detail page was last opened, or NULL. */
const char *cm_checklist_panel_get_shown_item  (CmChecklistPanel *self);
/* Gives the focus to where work resumes: the item chosen (or the first),
 * the verdict of the item shown, or the annotation chosen. */
gboolean    cm_checklist_panel_focus_current    (CmChecklistPanel *self);
/* Records what is being typed (the rationale: it is otherwise recorded on
 * leaving the field), before the window saves or closes. */
void        cm_checklist_panel_commit_edits     (CmChecklistPanel *self);
/* Gives the focus to ANNOTATION_ID's card, in the item's evidence or the
 * list of annotations, whichever shows; FALSE when neither has it. */
gboolean    cm_checklist_panel_focus_annotation (CmChecklistPanel *self,
                                                 const char       *annotation_id);
/* "N of M items assessed", as shown at the top. (transfer full) */
/* SUGGESTIONS (CmSuggestion, or NULL) are listed under the evidence of
 * their item, each with "Accept as…" ("suggestion-accepted": suggestion,
 * assessment) and "Dismiss" ("suggestion-dismissed": suggestion). */
void        cm_checklist_panel_set_suggestions (CmChecklistPanel *self,
                                                GPtrArray        *suggestions);
char       *cm_checklist_panel_dup_summary     (CmChecklistPanel *self);

G_END_DECLS
