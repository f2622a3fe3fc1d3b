/* cm-window.h: one review window: a start page, or one document with its checklist and review. */
#pragma once

#include <adwaita.h>
#include <clausemark.h>

#include "cm-document-view.h"

G_BEGIN_DECLS

typedef enum
{
  CM_WINDOW_STATE_START,
  CM_WINDOW_STATE_LOADING,
  CM_WINDOW_STATE_PASSWORD,
  CM_WINDOW_STATE_ERROR,
  CM_WINDOW_STATE_DOCUMENT,
  /* The pages show while the text is read: tagging and search wait for it. */
  CM_WINDOW_STATE_READING,
} CmWindowState;

typedef enum
{
  CM_SAVE_STATE_SAVED,     /* the sidecar on disk holds every change */
  CM_SAVE_STATE_PENDING,   /* changes wait for the autosave timer */
  CM_SAVE_STATE_FAILED,    /* the last save failed; changes are kept in memory */
} CmSaveState;

GType cm_window_state_get_type (void) G_GNUC_CONST;
GType cm_save_state_get_type   (void) G_GNUC_CONST;

#define CM_TYPE_WINDOW (cm_window_get_type ())

G_DECLARE_FINAL_TYPE (CmWindow, cm_window, CM, WINDOW, AdwApplicationWindow)

CmWindow       *cm_window_new               (AdwApplication *application);
/* Opens FILE in this window (asynchronously: watch the "state" property). */
void            cm_window_open_file         (CmWindow       *self,
                                             GFile          *file);
/* (transfer none) the open PDF, or NULL. */
GFile          *cm_window_get_file          (CmWindow       *self);
CmWindowState   cm_window_get_state         (CmWindow       *self);
CmSaveState     cm_window_get_save_state    (CmWindow       *self);
/* (transfer none) the review of the open document, or NULL. */
CmReview       *cm_window_get_review        (CmWindow       *self);
/* (transfer none) where the review is saved, or NULL. */
GFile          *cm_window_get_sidecar_file  (CmWindow       *self);
CmDocumentView *cm_window_get_document_view (CmWindow       *self);
/* (transfer none) the open document's text index, or NULL. */
CmTextIndex    *cm_window_get_text_index    (CmWindow       *self);
/* (transfer none) the checklist of the open review, or NULL. */
CmChecklist    *cm_window_get_checklist     (CmWindow       *self);
/* (transfer none) the text of the page shown by the error or password
 * page, for tests and accessibility checks. */
const char     *cm_window_get_message       (CmWindow       *self);
/* TRUE while an export runs on its worker thread. */
gboolean        cm_window_is_exporting      (CmWindow       *self);
/* (transfer none) the clause suggestions shown (CmSuggestion: neither
 * dismissed nor tagged yet), or NULL while the analyzers run or when
 * suggestions are hidden. */
GPtrArray      *cm_window_get_suggestions   (CmWindow       *self);
/* Saves now (cancelling a pending autosave); FALSE and ERROR on failure,
 * after which the failure toast is shown. */
gboolean        cm_window_save              (CmWindow       *self,
                                             GError        **error);

G_END_DECLS
