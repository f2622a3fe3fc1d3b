/* cm-checklist-category.h: a group of checklist items (information sharing, detainers, …). */
#pragma once

#include <gio/gio.h>

#include "cm-checklist-item.h"

G_BEGIN_DECLS

#define CM_TYPE_CHECKLIST_CATEGORY (cm_checklist_category_get_type ())

G_DECLARE_FINAL_TYPE (CmChecklistCategory, cm_checklist_category, CM, CHECKLIST_CATEGORY, GObject)

CmChecklistCategory *cm_checklist_category_new        (const char          *id,
                                                       const char          *title);
const char          *cm_checklist_category_get_id     (CmChecklistCategory *self);
const char          *cm_checklist_category_get_title  (CmChecklistCategory *self);
/* (transfer none) a GListModel of CmChecklistItem. */
GListModel          *cm_checklist_category_get_items  (CmChecklistCategory *self);
void                 cm_checklist_category_add_item   (CmChecklistCategory *self,
                                                       CmChecklistItem     *item);

G_END_DECLS
