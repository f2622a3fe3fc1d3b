/* cm-importer.c: the interface of plugins that bring annotations in from other tools. */
#include "config.h"

#include "cm-importer.h"

G_DEFINE_INTERFACE (CmImporter, cm_importer, G_TYPE_OBJECT)

static void
cm_importer_default_init (CmImporterInterface *iface)
{
}

const char *
cm_importer_get_id (CmImporter *self)
{
  g_return_val_if_fail (CM_IS_IMPORTER (self), NULL);
  return CM_IMPORTER_GET_IFACE (self)->get_id (self);
}

const char *
cm_importer_get_label (CmImporter *self)
{
  g_return_val_if_fail (CM_IS_IMPORTER (self), NULL);
  return CM_IMPORTER_GET_IFACE (self)->get_label (self);
}

const char *
cm_importer_get_extension (CmImporter *self)
{
  g_return_val_if_fail (CM_IS_IMPORTER (self), NULL);
  return CM_IMPORTER_GET_IFACE (self)->get_extension (self);
}

gint
cm_importer_import (CmImporter    *self,
                    CmReview      *review,
                    CmChecklist   *checklist,
                    CmTextIndex   *index,
                    GInputStream  *stream,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (CM_IS_IMPORTER (self), -1);
  g_return_val_if_fail (CM_IS_REVIEW (review), -1);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), -1);
  return CM_IMPORTER_GET_IFACE (self)->import (self, review, checklist, index, stream,
                                               cancellable, error);
}
