/* cm-exporter.h: the interface of plugins that write a review out (HTML, CSV, JSON, PDF, XFDF). */
#pragma once

#include <gio/gio.h>

#include "cm-checklist.h"
#include "cm-document.h"
#include "cm-review.h"

G_BEGIN_DECLS

#define CM_EXPORTER_EXTENSION_POINT "clausemark-exporter"

#define CM_TYPE_EXPORTER (cm_exporter_get_type ())

G_DECLARE_INTERFACE (CmExporter, cm_exporter, CM, EXPORTER, GObject)

struct _CmExporterInterface
{
  GTypeInterface parent_iface;

  const char *(*get_id)         (CmExporter    *self);
  const char *(*get_label)      (CmExporter    *self);
  const char *(*get_extension)  (CmExporter    *self);
  const char *(*get_mime_type)  (CmExporter    *self);
  /* DOCUMENT may be NULL for exporters that do not need the PDF. */
  gboolean    (*export)         (CmExporter    *self,
                                 CmReview      *review,
                                 CmChecklist   *checklist,
                                 CmDocument    *document,
                                 GOutputStream *stream,
                                 GCancellable  *cancellable,
                                 GError       **error);
};

const char  *cm_exporter_get_id         (CmExporter    *self);
const char  *cm_exporter_get_label      (CmExporter    *self);
const char  *cm_exporter_get_extension  (CmExporter    *self);
const char  *cm_exporter_get_mime_type  (CmExporter    *self);
gboolean     cm_exporter_export         (CmExporter    *self,
                                         CmReview      *review,
                                         CmChecklist   *checklist,
                                         CmDocument    *document,
                                         GOutputStream *stream,
                                         GCancellable  *cancellable,
                                         GError       **error);

G_END_DECLS
