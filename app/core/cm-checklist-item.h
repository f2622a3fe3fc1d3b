/* cm-checklist-item.h: one question of a checklist, with its guidance and keyword cues. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CM_TYPE_CHECKLIST_ITEM (cm_checklist_item_get_type ())

G_DECLARE_FINAL_TYPE (CmChecklistItem, cm_checklist_item, CM, CHECKLIST_ITEM, GObject)

CmChecklistItem     *cm_checklist_item_new              (const char          *id,
                                                         const char          *category_id,
                                                         const char          *title);
const char          *cm_checklist_item_get_id           (CmChecklistItem     *self);
const char          *cm_checklist_item_get_category_id  (CmChecklistItem     *self);
const char          *cm_checklist_item_get_title        (CmChecklistItem     *self);
const char          *cm_checklist_item_get_question     (CmChecklistItem     *self);
void                 cm_checklist_item_set_question     (CmChecklistItem     *self,
                                                         const char          *question);
const char          *cm_checklist_item_get_guidance     (CmChecklistItem     *self);
void                 cm_checklist_item_set_guidance     (CmChecklistItem     *self,
                                                         const char          *guidance);
const char * const  *cm_checklist_item_get_cues         (CmChecklistItem     *self);
void                 cm_checklist_item_set_cues         (CmChecklistItem     *self,
                                                         const char * const  *cues);
const char * const  *cm_checklist_item_get_sources      (CmChecklistItem     *self);
void                 cm_checklist_item_set_sources      (CmChecklistItem     *self,
                                                         const char * const  *sources);
/* Items drawn from the CCR "actual sanctuary" list carry a flag. */
const char * const  *cm_checklist_item_get_flags        (CmChecklistItem     *self);
void                 cm_checklist_item_set_flags        (CmChecklistItem     *self,
                                                         const char * const  *flags);

G_END_DECLS
