/* cm-importer.h: the interface of plugins that bring annotations in from other tools (XFDF). */
#pragma once

#include <gio/gio.h>

#include "cm-checklist.h"
#include "cm-review.h"
#include "cm-text-index.h"

G_BEGIN_DECLS

#define CM_IMPORTER_EXTENSION_POINT "clausemark-importer"

#define CM_TYPE_IMPORTER (cm_importer_get_type ())

G_DECLARE_INTERFACE (CmImporter, cm_importer, CM, IMPORTER, GObject)

struct _CmImporterInterface
{
  GTypeInterface parent_iface;

  const char *(*get_id)        (CmImporter    *self);
  const char *(*get_label)     (CmImporter    *self);
  const char *(*get_extension) (CmImporter    *self);
  /* Adds what STREAM holds to REVIEW (as one undo step); INDEX recovers
   * quotes from the page text. Returns the number of annotations and
   * replies added, or -1 with ERROR set. */
  gint        (*import)        (CmImporter    *self,
                                CmReview      *review,
                                CmChecklist   *checklist,
                                CmTextIndex   *index,
                                GInputStream  *stream,
                                GCancellable  *cancellable,
                                GError       **error);
};

const char  *cm_importer_get_id        (CmImporter    *self);
const char  *cm_importer_get_label     (CmImporter    *self);
const char  *cm_importer_get_extension (CmImporter    *self);
gint         cm_importer_import        (CmImporter    *self,
                                        CmReview      *review,
                                        CmChecklist   *checklist,
                                        CmTextIndex   *index,
                                        GInputStream  *stream,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
