/* cm-extensions.h: XML content a store did not understand, kept so it can be written back. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Forward compatibility: a sidecar written by a newer Clausemark may carry
 * attributes and elements this version does not know. Stores record them
 * here, with the local name of the element they were found on ("scope",
 * "" for the owning element itself), and write them back unchanged. */

typedef struct _CmExtensions CmExtensions;

typedef struct
{
  char *scope;
  char *ns_uri;
  char *name;
  char *value;
} CmForeignAttribute;

typedef struct
{
  char *scope;
  char *xml;   /* the element, serialized, namespace declarations included */
} CmForeignElement;

#define CM_TYPE_EXTENSIONS (cm_extensions_get_type ())

GType          cm_extensions_get_type         (void) G_GNUC_CONST;
CmExtensions  *cm_extensions_new              (void);
CmExtensions  *cm_extensions_copy             (const CmExtensions *self);
void           cm_extensions_free             (CmExtensions       *self);
gboolean       cm_extensions_is_empty         (const CmExtensions *self);
gboolean       cm_extensions_equal            (const CmExtensions *a,
                                               const CmExtensions *b);
void           cm_extensions_add_attribute    (CmExtensions       *self,
                                               const char         *scope,
                                               const char         *ns_uri,
                                               const char         *name,
                                               const char         *value);
void           cm_extensions_add_element      (CmExtensions       *self,
                                               const char         *scope,
                                               const char         *xml);
guint          cm_extensions_get_n_attributes (const CmExtensions *self);
const CmForeignAttribute *
               cm_extensions_get_attribute    (const CmExtensions *self,
                                               guint               index);
guint          cm_extensions_get_n_elements   (const CmExtensions *self);
const CmForeignElement *
               cm_extensions_get_element      (const CmExtensions *self,
                                               guint               index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmExtensions, cm_extensions_free)

G_END_DECLS
