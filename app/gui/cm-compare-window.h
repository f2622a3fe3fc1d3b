/* cm-compare-window.h: the window comparing ordinances: one column per PDF, one row per checklist item, each cell its verdict. */
#pragma once

#include <adwaita.h>
#include <clausemark.h>

G_BEGIN_DECLS

#define CM_TYPE_COMPARE_WINDOW (cm_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (CmCompareWindow, cm_compare_window, CM, COMPARE_WINDOW, AdwWindow)

CmCompareWindow *cm_compare_window_new            (GtkWindow       *parent,
                                                   CmChecklist     *checklist);
/* Adds a column for PDF, read from the review saved beside it (an empty
 * column when it has none). FALSE with ERROR when that review cannot be
 * read; the error names the file. */
gboolean         cm_compare_window_add_file       (CmCompareWindow *self,
                                                   GFile           *pdf,
                                                   GError         **error);
/* Writes the matrix to FILE as FORMAT, "html" (a table) or "csv", the
 * same as `clausemark-cli compare`; FILE is replaced whole or not at all.
 * FALSE with ERROR (naming the file) when it cannot be written, or when
 * there is no column yet. */
gboolean         cm_compare_window_export         (CmCompareWindow *self,
                                                   GFile           *file,
                                                   const char      *format,
                                                   GError         **error);
guint            cm_compare_window_get_n_columns  (CmCompareWindow *self);
/* The verdict shown for ITEM_ID in column COLUMN. */
CmAssessment     cm_compare_window_get_assessment (CmCompareWindow *self,
                                                   const char      *item_id,
                                                   guint            column);

G_END_DECLS
