/* cm-checklist.h: a review checklist (categories, items, assessment scale) loaded from XML. */
#pragma once

#include <gio/gio.h>

#include "cm-checklist-category.h"
#include "cm-types.h"

G_BEGIN_DECLS

#define CM_CHECKLIST_ERROR (cm_checklist_error_quark ())

typedef enum
{
  CM_CHECKLIST_ERROR_NOT_FOUND,
  CM_CHECKLIST_ERROR_MALFORMED,     /* not well-formed XML, or unsafe XML */
  CM_CHECKLIST_ERROR_INVALID,       /* well-formed but breaks the schema or its rules */
} CmChecklistError;

#define CM_TYPE_CHECKLIST (cm_checklist_get_type ())

G_DECLARE_FINAL_TYPE (CmChecklist, cm_checklist, CM, CHECKLIST, GObject)

GQuark               cm_checklist_error_quark            (void);

/* The bundled sanctuary checklist (compiled into the library). */
CmChecklist         *cm_checklist_new_default            (GError      **error);
CmChecklist         *cm_checklist_new_for_file           (GFile        *file,
                                                          GError      **error);
CmChecklist         *cm_checklist_new_for_bytes          (GBytes       *bytes,
                                                          const char   *display_name,
                                                          GError      **error);

const char          *cm_checklist_get_id                 (CmChecklist  *self);
const char          *cm_checklist_get_version            (CmChecklist  *self);
const char          *cm_checklist_get_title              (CmChecklist  *self);
/* The checklist's purpose, or "" when the file gives none. */
const char          *cm_checklist_get_description        (CmChecklist  *self);
/* (transfer none) the reviewer's rules of thumb, never NULL. */
const char * const  *cm_checklist_get_rules_of_thumb     (CmChecklist  *self);
/* (transfer none) a GListModel of CmChecklistCategory. */
GListModel          *cm_checklist_get_categories         (CmChecklist  *self);
guint                cm_checklist_get_n_items            (CmChecklist  *self);
/* (transfer none) every item, in checklist order. */
GPtrArray           *cm_checklist_get_items              (CmChecklist  *self);
CmChecklistItem     *cm_checklist_lookup_item            (CmChecklist  *self,
                                                          const char   *item_id);
CmChecklistCategory *cm_checklist_lookup_category        (CmChecklist  *self,
                                                          const char   *category_id);
/* The checklist's own wording of a level ("The law clearly and bindingly…"). */
const char          *cm_checklist_get_assessment_meaning (CmChecklist  *self,
                                                          CmAssessment  assessment);

/* TEXT from a checklist (a title, a question, guidance) in the reader's
 * language when Clausemark's catalogue has it, else as written. The
 * checklist itself keeps the words of its file: exports, matching and the
 * sidecar never depend on the reader's locale. */
const char          *cm_checklist_translate              (const char   *text);

G_END_DECLS
