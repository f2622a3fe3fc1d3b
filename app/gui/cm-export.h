/* cm-export.h: the window's export and XFDF import helpers: the format dialog, the export job and the import. */
#pragma once

#include <adwaita.h>
#include <clausemark.h>

G_BEGIN_DECLS

/* A dialog listing EXPORTERS (an array of CmExporter) as choices, with
 * "cancel" and "export" responses; read the choice with
 * cm_export_dialog_get_exporter(). */
GtkWidget  *cm_export_dialog_new          (GtkWindow           *parent,
                                           GPtrArray           *exporters);
/* (transfer none) the exporter chosen in DIALOG, or NULL. */
CmExporter *cm_export_dialog_get_exporter (GtkWidget           *dialog);

/* Writes REVIEW with EXPORTER to TARGET on a worker thread. The review is
 * snapshotted first, so the user may keep editing meanwhile; a failed
 * export leaves whatever TARGET held before. */
void        cm_export_file_async          (CmExporter          *exporter,
                                           CmReview            *review,
                                           CmChecklist         *checklist,
                                           CmDocument          *document,
                                           GFile               *target,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    cm_export_file_finish         (GAsyncResult        *result,
                                           GError             **error);

/* Why writing failed, short enough for a toast and without the path that
 * GIO's messages repeat: a word of ours for the usual causes, else the
 * system's reason that ends ERROR's message, without its full stop. */
char       *cm_describe_write_error       (const GError        *error);
/* A toast saying TEXT, gone after TIMEOUT seconds (0: when dismissed).
 * TEXT is text: libadwaita reads toast titles as markup, and a message may
 * quote a name with "&" or "<" in it (a reviewer, an XML element), which
 * left the toast empty. */
AdwToast   *cm_text_toast_new             (const char          *text,
                                           guint                timeout);
/* FILE's name as the interface shows it ("" for none). */
char       *cm_dup_display_name           (GFile               *file);

/* The toast that says an export is done, "Exported to “NAME”", with an
 * Open button activating OPEN_ACTION (a window action taking a string)
 * with TARGET's URI. */
AdwToast   *cm_export_done_toast_new      (GFile               *target,
                                           const char          *open_action);
/* Opens URI (an exported file) in its default application, launched from
 * WIDGET's display. */
gboolean    cm_open_uri                   (GtkWidget           *widget,
                                           const char          *uri,
                                           GError             **error);

/* Adds the annotations of the XFDF file SOURCE to REVIEW as one undo step.
 * Returns how many were added, or -1 with ERROR set (its message names
 * the file). */
gint        cm_import_xfdf_file           (GFile               *source,
                                           CmReview            *review,
                                           CmChecklist         *checklist,
                                           CmTextIndex         *index,
                                           GCancellable        *cancellable,
                                           GError             **error);

G_END_DECLS
