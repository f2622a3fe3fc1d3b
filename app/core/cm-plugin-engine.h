/* cm-plugin-engine.h: finds plugin modules, reads their metadata, and hands out their extensions. */
#pragma once

#include <gio/gio.h>

#include "cm-analyzer.h"
#include "cm-exporter.h"
#include "cm-importer.h"
#include "cm-ocr-engine.h"
#include "cm-store.h"

G_BEGIN_DECLS

/* The three GIO entry points of a plugin module whose type TYPE implements
 * the extension point POINT as NAME. The module is pinned in memory once
 * loaded: its types are registered statically and cannot be unloaded. */
#define CM_DEFINE_PLUGIN_MODULE(point, type, name, priority)                 \
  G_MODULE_EXPORT void                                                       \
  g_io_module_load (GIOModule *module)                                       \
  {                                                                          \
    g_type_module_use (G_TYPE_MODULE (module));                              \
    g_io_extension_point_implement ((point), (type), (name), (priority));    \
  }                                                                          \
                                                                             \
  G_MODULE_EXPORT void                                                       \
  g_io_module_unload (GIOModule *module)                                     \
  {                                                                          \
  }                                                                          \
                                                                             \
  G_MODULE_EXPORT char **                                                    \
  g_io_module_query (void)                                                   \
  {                                                                          \
    char *points[] = { (char *) (point), NULL };                             \
                                                                             \
    return g_strdupv (points);                                               \
  }

#define CM_PLUGIN_ERROR (cm_plugin_error_quark ())

typedef enum
{
  CM_PLUGIN_ERROR_NOT_FOUND,
  CM_PLUGIN_ERROR_LOAD_FAILED,
  CM_PLUGIN_ERROR_DISABLED,
} CmPluginError;

#define CM_TYPE_PLUGIN_INFO (cm_plugin_info_get_type ())

G_DECLARE_FINAL_TYPE (CmPluginInfo, cm_plugin_info, CM, PLUGIN_INFO, GObject)

const char         *cm_plugin_info_get_id           (CmPluginInfo *self);
const char         *cm_plugin_info_get_name         (CmPluginInfo *self);
const char         *cm_plugin_info_get_description  (CmPluginInfo *self);
const char         *cm_plugin_info_get_version      (CmPluginInfo *self);
const char         *cm_plugin_info_get_module_path  (CmPluginInfo *self);
/* "store", "exporter", "importer", "analyzer", "ocr" as declared in the metadata. */
const char * const *cm_plugin_info_get_provides     (CmPluginInfo *self);
gboolean            cm_plugin_info_is_loaded        (CmPluginInfo *self);
gboolean            cm_plugin_info_is_enabled       (CmPluginInfo *self);
/* Why the module failed to load, or NULL. */
const char         *cm_plugin_info_get_error        (CmPluginInfo *self);

#define CM_TYPE_PLUGIN_ENGINE (cm_plugin_engine_get_type ())

G_DECLARE_FINAL_TYPE (CmPluginEngine, cm_plugin_engine, CM, PLUGIN_ENGINE, GObject)

GQuark              cm_plugin_error_quark           (void);

/* Searches $CLAUSEMARK_PLUGIN_PATH (colon separated) first, then the
 * install directory. DISABLED lists plugin ids not to load (may be NULL). */
CmPluginEngine     *cm_plugin_engine_new            (const char * const *disabled);
/* The process-wide engine used by the CLI and the application. */
CmPluginEngine     *cm_plugin_engine_get_default    (void);
/* (transfer none) a GListModel of CmPluginInfo, ordered by id. */
GListModel         *cm_plugin_engine_get_plugins    (CmPluginEngine *self);
CmPluginInfo       *cm_plugin_engine_lookup_plugin  (CmPluginEngine *self,
                                                     const char     *id);
void                cm_plugin_engine_set_enabled    (CmPluginEngine *self,
                                                     const char     *id,
                                                     gboolean        enabled);

/* (transfer full) the store with ID, or the highest-priority one for NULL. */
CmStore            *cm_plugin_engine_create_store   (CmPluginEngine *self,
                                                     const char     *id,
                                                     GError        **error);
/* (transfer full) arrays of new instances, ordered by id. */
GPtrArray          *cm_plugin_engine_create_exporters (CmPluginEngine *self);
GPtrArray          *cm_plugin_engine_create_importers (CmPluginEngine *self);
CmExporter         *cm_plugin_engine_create_exporter  (CmPluginEngine *self,
                                                       const char     *id,
                                                       GError        **error);
CmImporter         *cm_plugin_engine_create_importer  (CmPluginEngine *self,
                                                       const char     *id,
                                                       GError        **error);
/* (transfer full) every enabled analyzer, ordered by id; or the one with ID. */
GPtrArray          *cm_plugin_engine_create_analyzers (CmPluginEngine *self);
CmAnalyzer         *cm_plugin_engine_create_analyzer  (CmPluginEngine *self,
                                                       const char     *id,
                                                       GError        **error);
/* (transfer full) every enabled OCR engine, ordered by id; or the one with
 * ID; for NULL, the highest-priority engine that is available here (or,
 * when none is, one whose cm_ocr_engine_is_available() says what to install). */
GPtrArray          *cm_plugin_engine_create_ocr_engines (CmPluginEngine *self);
CmOcrEngine        *cm_plugin_engine_create_ocr_engine  (CmPluginEngine *self,
                                                         const char     *id,
                                                         GError        **error);

G_END_DECLS
