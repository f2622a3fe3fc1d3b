/* cm-store.c: the interface of plugins that load and save a review, and the sidecar's default path. */
#include "config.h"

#include "cm-store.h"

G_DEFINE_QUARK (cm-store-error-quark, cm_store_error)

G_DEFINE_INTERFACE (CmStore, cm_store, G_TYPE_OBJECT)

static void
cm_store_default_init (CmStoreInterface *iface)
{
}

const char *
cm_store_get_id (CmStore *self)
{
  g_return_val_if_fail (CM_IS_STORE (self), NULL);
  return CM_STORE_GET_IFACE (self)->get_id (self);
}

CmReview *
cm_store_load (CmStore       *self,
               GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_return_val_if_fail (CM_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  return CM_STORE_GET_IFACE (self)->load (self, file, cancellable, error);
}

gboolean
cm_store_save (CmStore       *self,
               CmReview      *review,
               GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_return_val_if_fail (CM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CM_IS_REVIEW (review), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  return CM_STORE_GET_IFACE (self)->save (self, review, file, cancellable, error);
}

GBytes *
cm_store_serialize (CmStore   *self,
                    CmReview  *review,
                    GError   **error)
{
  g_return_val_if_fail (CM_IS_STORE (self), NULL);
  return CM_STORE_GET_IFACE (self)->serialize (self, review, error);
}

CmReview *
cm_store_parse (CmStore     *self,
                GBytes      *bytes,
                const char  *display_name,
                GError     **error)
{
  g_return_val_if_fail (CM_IS_STORE (self), NULL);
  return CM_STORE_GET_IFACE (self)->parse (self, bytes, display_name, error);
}

gboolean
cm_store_validate (CmStore  *self,
                   GFile    *file,
                   GError  **error)
{
  CmStoreInterface *iface;

  g_return_val_if_fail (CM_IS_STORE (self), FALSE);

  iface = CM_STORE_GET_IFACE (self);
  if (iface->validate == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The store “%s” cannot validate files", cm_store_get_id (self));
      return FALSE;
    }
  return iface->validate (self, file, error);
}

GFile *
cm_store_sidecar_for_document (GFile *pdf)
{
  g_autofree char *basename = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (pdf), NULL);

  basename = g_file_get_basename (pdf);
  length = strlen (basename);
  if (length > 4 && g_ascii_strcasecmp (basename + length - 4, ".pdf") == 0)
    stem = g_strndup (basename, length - 4);
  else
    stem = g_strdup (basename);
  name = g_strconcat (stem, ".clausemark.xml", NULL);
  parent = g_file_get_parent (pdf);
  if (parent == NULL)
    return g_file_new_for_path (name);
  return g_file_get_child (parent, name);
}
