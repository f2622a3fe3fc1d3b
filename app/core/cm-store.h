/* cm-store.h: the interface of plugins that load and save a review (the sidecar). */
#pragma once

#include <gio/gio.h>

#include "cm-review.h"

G_BEGIN_DECLS

#define CM_STORE_ERROR (cm_store_error_quark ())

typedef enum
{
  CM_STORE_ERROR_NOT_FOUND,   /* no sidecar yet: callers start an empty review */
  CM_STORE_ERROR_MALFORMED,   /* not well-formed, or unsafe (entities, DTD, too deep, too big, bad UTF-8) */
  CM_STORE_ERROR_INVALID,     /* well-formed, but not a Clausemark review */
  CM_STORE_ERROR_TOO_NEW,     /* a newer format this version cannot read safely */
  CM_STORE_ERROR_WRITE,       /* could not be written (read-only folder, disk full) */
} CmStoreError;

#define CM_STORE_EXTENSION_POINT "clausemark-store"

#define CM_TYPE_STORE (cm_store_get_type ())

G_DECLARE_INTERFACE (CmStore, cm_store, CM, STORE, GObject)

struct _CmStoreInterface
{
  GTypeInterface parent_iface;

  const char *(*get_id)     (CmStore       *self);
  CmReview   *(*load)       (CmStore       *self,
                             GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error);
  gboolean    (*save)       (CmStore       *self,
                             CmReview      *review,
                             GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error);
  /* Serialize without touching the disk (used by merge and tests). */
  GBytes     *(*serialize)  (CmStore       *self,
                             CmReview      *review,
                             GError       **error);
  CmReview   *(*parse)      (CmStore       *self,
                             GBytes        *bytes,
                             const char    *display_name,
                             GError       **error);
  /* Check a file against the format's schema. */
  gboolean    (*validate)   (CmStore       *self,
                             GFile         *file,
                             GError       **error);
};

GQuark       cm_store_error_quark  (void);

const char  *cm_store_get_id       (CmStore       *self);
CmReview    *cm_store_load         (CmStore       *self,
                                    GFile         *file,
                                    GCancellable  *cancellable,
                                    GError       **error);
gboolean     cm_store_save         (CmStore       *self,
                                    CmReview      *review,
                                    GFile         *file,
                                    GCancellable  *cancellable,
                                    GError       **error);
GBytes      *cm_store_serialize    (CmStore       *self,
                                    CmReview      *review,
                                    GError       **error);
CmReview    *cm_store_parse        (CmStore       *self,
                                    GBytes        *bytes,
                                    const char    *display_name,
                                    GError       **error);
gboolean     cm_store_validate     (CmStore       *self,
                                    GFile         *file,
                                    GError       **error);

/* ordinance.pdf → ordinance.clausemark.xml beside it (".pdf" replaced case
 * insensitively, appended otherwise). (transfer full) */
GFile       *cm_store_sidecar_for_document (GFile *pdf);

G_END_DECLS
