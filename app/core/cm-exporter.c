/* cm-exporter.c: the interface of plugins that write a review out. */
#include "config.h"

#include "cm-exporter.h"

G_DEFINE_INTERFACE (CmExporter, cm_exporter, G_TYPE_OBJECT)

static void
cm_exporter_default_init (CmExporterInterface *iface)
{
}

const char *
cm_exporter_get_id (CmExporter *self)
{
  g_return_val_if_fail (CM_IS_EXPORTER (self), NULL);
  return CM_EXPORTER_GET_IFACE (self)->get_id (self);
}

const char *
cm_exporter_get_label (CmExporter *self)
{
  g_return_val_if_fail (CM_IS_EXPORTER (self), NULL);
  return CM_EXPORTER_GET_IFACE (self)->get_label (self);
}

const char *
cm_exporter_get_extension (CmExporter *self)
{
  g_return_val_if_fail (CM_IS_EXPORTER (self), NULL);
  return CM_EXPORTER_GET_IFACE (self)->get_extension (self);
}

const char *
cm_exporter_get_mime_type (CmExporter *self)
{
  g_return_val_if_fail (CM_IS_EXPORTER (self), NULL);
  return CM_EXPORTER_GET_IFACE (self)->get_mime_type (self);
}

gboolean
cm_exporter_export (CmExporter    *self,
                    CmReview      *review,
                    CmChecklist   *checklist,
                    CmDocument    *document,
                    GOutputStream *stream,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (CM_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (CM_IS_REVIEW (review), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  return CM_EXPORTER_GET_IFACE (self)->export (self, review, checklist, document, stream,
                                               cancellable, error);
}
