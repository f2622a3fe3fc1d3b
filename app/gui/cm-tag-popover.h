/* cm-tag-popover.h: tag a selected clause with a checklist item and assessment, or edit an existing tag. */
#pragma once

#include <gtk/gtk.h>
#include <clausemark.h>

G_BEGIN_DECLS

#define CM_TYPE_TAG_POPOVER (cm_tag_popover_get_type ())

G_DECLARE_FINAL_TYPE (CmTagPopover, cm_tag_popover, CM, TAG_POPOVER, GtkPopover)

/* Signals:
 *   "create" (const char *item_id, CmAssessment assessment, const char *note):
 *       the reviewer confirmed a new tag; the window anchors and adds it.
 *   "deleted": the reviewer deleted the tag being edited (already removed
 *       from the review), so the window can offer to undo it.
 * Edits, replies and deletion of an existing annotation are applied to the
 * review directly, as one undo step each. */

CmTagPopover *cm_tag_popover_new              (void);
/* The most height its fields may take (they scroll beyond; the buttons
 * stay below them), -1 for any. */
void          cm_tag_popover_set_max_height   (CmTagPopover *self,
                                               int           height);
void          cm_tag_popover_set_context      (CmTagPopover *self,
                                               CmChecklist  *checklist,
                                               CmReview     *review,
                                               const char   *author);
/* Prepares the popover to tag QUOTE (the selected text). */
void          cm_tag_popover_edit_new         (CmTagPopover *self,
                                               const char   *quote);
/* Prepares the popover to edit, reply to or delete ANNOTATION. */
void          cm_tag_popover_edit_annotation  (CmTagPopover *self,
                                               CmAnnotation *annotation);

G_END_DECLS
