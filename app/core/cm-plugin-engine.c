/* cm-plugin-engine.c: finds plugin modules, reads their metadata, and hands out their extensions. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "cm-plugin-engine.h"

/* Plugins are GIO modules (GIOExtensionPoint, in GLib itself) described by a
 * GKeyFile "NAME.plugin" in the libpeas layout. We chose GIO modules over
 * libpeas-1.0 because the core only needs C plugins, GIO's extension points
 * give typed, prioritised implementations without a further dependency, and
 * libpeas-1.0's loaders drag in introspection machinery we do not use. */

#define ANALYZER_EXTENSION_POINT CM_ANALYZER_EXTENSION_POINT

struct _CmPluginInfo
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *description;
  char      *version;
  char      *module_path;
  char     **provides;
  GIOModule *module;
  GPtrArray *extension_names;   /* "point\nname" registered by this module */
  char      *error;
  gboolean   enabled;
};

G_DEFINE_FINAL_TYPE (CmPluginInfo, cm_plugin_info, G_TYPE_OBJECT)

enum {
  INFO_PROP_0,
  INFO_PROP_ID,
  INFO_PROP_NAME,
  INFO_PROP_DESCRIPTION,
  INFO_PROP_ENABLED,
  INFO_PROP_LOADED,
  INFO_N_PROPS
};

static GParamSpec *info_properties[INFO_N_PROPS];

static void
cm_plugin_info_finalize (GObject *object)
{
  CmPluginInfo *self = CM_PLUGIN_INFO (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->version);
  g_free (self->module_path);
  g_strfreev (self->provides);
  /* Modules stay loaded for the life of the process: types they registered
   * cannot be unregistered. */
  g_ptr_array_unref (self->extension_names);
  g_free (self->error);

  G_OBJECT_CLASS (cm_plugin_info_parent_class)->finalize (object);
}

static void
cm_plugin_info_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CmPluginInfo *self = CM_PLUGIN_INFO (object);

  switch (prop_id)
    {
    case INFO_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case INFO_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case INFO_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case INFO_PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case INFO_PROP_LOADED:
      g_value_set_boolean (value, self->module != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_plugin_info_class_init (CmPluginInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_plugin_info_finalize;
  object_class->get_property = cm_plugin_info_get_property;

  info_properties[INFO_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  info_properties[INFO_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  info_properties[INFO_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  info_properties[INFO_PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  info_properties[INFO_PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, INFO_N_PROPS, info_properties);
}

static void
cm_plugin_info_init (CmPluginInfo *self)
{
  self->extension_names = g_ptr_array_new_with_free_func (g_free);
  self->enabled = TRUE;
}

const char *
cm_plugin_info_get_id (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), NULL);
  return self->id;
}

const char *
cm_plugin_info_get_name (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), NULL);
  return self->name;
}

const char *
cm_plugin_info_get_description (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), NULL);
  return self->description;
}

const char *
cm_plugin_info_get_version (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), NULL);
  return self->version;
}

const char *
cm_plugin_info_get_module_path (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), NULL);
  return self->module_path;
}

const char * const *
cm_plugin_info_get_provides (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), NULL);
  return (const char * const *) self->provides;
}

gboolean
cm_plugin_info_is_loaded (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), FALSE);
  return self->module != NULL;
}

gboolean
cm_plugin_info_is_enabled (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), FALSE);
  return self->enabled;
}

const char *
cm_plugin_info_get_error (CmPluginInfo *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_INFO (self), NULL);
  return self->error;
}

/* The engine ------------------------------------------------------------- */

struct _CmPluginEngine
{
  GObject     parent_instance;

  GListStore *plugins;   /* of CmPluginInfo, by id */
  GHashTable *disabled;  /* ids */
};

G_DEFINE_FINAL_TYPE (CmPluginEngine, cm_plugin_engine, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-plugin-error-quark, cm_plugin_error)

static const char * const extension_points[] = {
  CM_STORE_EXTENSION_POINT,
  CM_EXPORTER_EXTENSION_POINT,
  CM_IMPORTER_EXTENSION_POINT,
  ANALYZER_EXTENSION_POINT,
  CM_OCR_ENGINE_EXTENSION_POINT,
};

/* Extension points are process-wide in GIO; modules stay loaded once loaded,
 * and a module path is loaded at most once, whichever engine asks. */
G_LOCK_DEFINE_STATIC (modules);
static GHashTable *loaded_modules;   /* path → GIOModule */
static GHashTable *module_extensions;   /* path → GPtrArray of "point\nname" */

static void
register_extension_points (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      GIOExtensionPoint *point;

      point = g_io_extension_point_register (CM_STORE_EXTENSION_POINT);
      g_io_extension_point_set_required_type (point, CM_TYPE_STORE);
      point = g_io_extension_point_register (CM_EXPORTER_EXTENSION_POINT);
      g_io_extension_point_set_required_type (point, CM_TYPE_EXPORTER);
      point = g_io_extension_point_register (CM_IMPORTER_EXTENSION_POINT);
      g_io_extension_point_set_required_type (point, CM_TYPE_IMPORTER);
      point = g_io_extension_point_register (ANALYZER_EXTENSION_POINT);
      g_io_extension_point_set_required_type (point, CM_TYPE_ANALYZER);
      point = g_io_extension_point_register (CM_OCR_ENGINE_EXTENSION_POINT);
      g_io_extension_point_set_required_type (point, CM_TYPE_OCR_ENGINE);
      g_once_init_leave (&registered, 1);
    }
}

static void
cm_plugin_engine_finalize (GObject *object)
{
  CmPluginEngine *self = CM_PLUGIN_ENGINE (object);

  g_clear_object (&self->plugins);
  g_clear_pointer (&self->disabled, g_hash_table_unref);

  G_OBJECT_CLASS (cm_plugin_engine_parent_class)->finalize (object);
}

static void
cm_plugin_engine_class_init (CmPluginEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_plugin_engine_finalize;
}

static void
cm_plugin_engine_init (CmPluginEngine *self)
{
  self->plugins = g_list_store_new (CM_TYPE_PLUGIN_INFO);
  self->disabled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GHashTable *
snapshot_extensions (void)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (extension_points); i++)
    {
      GIOExtensionPoint *point = g_io_extension_point_lookup (extension_points[i]);

      for (GList *l = g_io_extension_point_get_extensions (point); l != NULL; l = l->next)
        g_hash_table_add (seen, g_strconcat (extension_points[i], "\n",
                                             g_io_extension_get_name (l->data), NULL));
    }
  return seen;
}

static void
load_plugin (CmPluginInfo *info)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  GPtrArray *names;
  GIOModule *module;
  GModule *probe;

  G_LOCK (modules);

  if (loaded_modules == NULL)
    {
      loaded_modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      module_extensions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
    }

  module = g_hash_table_lookup (loaded_modules, info->module_path);
  if (module == NULL)
    {
      /* Probe first: GIOModule only says "failed", GModule says why. */
      probe = g_module_open (info->module_path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (probe == NULL)
        {
          g_free (info->error);
          info->error = g_strdup (g_module_error ());
          G_UNLOCK (modules);
          return;
        }
      g_module_close (probe);

      before = snapshot_extensions ();
      module = g_io_module_new (info->module_path);
      if (!g_type_module_use (G_TYPE_MODULE (module)))
        {
          g_free (info->error);
          info->error = g_strdup_printf (_("The module %s does not export g_io_module_load()"),
                                         info->module_path);
          /* A GTypeModule may not be finalized; it is leaked on purpose. */
          G_UNLOCK (modules);
          return;
        }
      after = snapshot_extensions ();
      names = g_ptr_array_new_with_free_func (g_free);
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, after);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          if (!g_hash_table_contains (before, key))
            g_ptr_array_add (names, g_strdup (key));
      }
      g_hash_table_insert (loaded_modules, g_strdup (info->module_path), module);
      g_hash_table_insert (module_extensions, g_strdup (info->module_path), names);
    }

  info->module = module;
  names = g_hash_table_lookup (module_extensions, info->module_path);
  for (guint i = 0; names != NULL && i < names->len; i++)
    g_ptr_array_add (info->extension_names, g_strdup (g_ptr_array_index (names, i)));

  G_UNLOCK (modules);
}

static char *
find_module_file (const char *dir,
                  const char *module)
{
  static const char * const prefixes[] = { "lib", "" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *name = g_strconcat (prefixes[i], module, "." G_MODULE_SUFFIX, NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static int
compare_infos (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (((CmPluginInfo *) a)->id, ((CmPluginInfo *) b)->id);
}

static void
read_plugin_file (CmPluginEngine *self,
                  const char     *dir,
                  const char     *filename)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = g_build_filename (dir, filename, NULL);
  g_autofree char *module = NULL;
  g_autofree char *id = NULL;
  CmPluginInfo *info;

  id = g_strndup (filename, strlen (filename) - strlen (".plugin"));
  if (cm_plugin_engine_lookup_plugin (self, id) != NULL)
    return;   /* an earlier search path wins */
  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL))
    return;
  module = g_key_file_get_string (keyfile, "Plugin", "Module", NULL);
  if (module == NULL)
    return;

  info = g_object_new (CM_TYPE_PLUGIN_INFO, NULL);
  info->id = g_steal_pointer (&id);
  info->name = g_key_file_get_locale_string (keyfile, "Plugin", "Name", NULL, NULL);
  info->description = g_key_file_get_locale_string (keyfile, "Plugin", "Description", NULL, NULL);
  info->version = g_key_file_get_string (keyfile, "Plugin", "Version", NULL);
  info->provides = g_key_file_get_string_list (keyfile, "Plugin", "Provides", NULL, NULL);
  if (info->provides == NULL)
    info->provides = g_new0 (char *, 1);
  if (info->name == NULL)
    info->name = g_strdup (info->id);
  info->module_path = find_module_file (dir, module);
  info->enabled = !g_hash_table_contains (self->disabled, info->id);

  if (info->module_path == NULL)
    info->error = g_strdup_printf (_("No module “%s” beside %s"), module, path);
  else if (info->enabled)
    load_plugin (info);

  g_list_store_insert_sorted (self->plugins, info, compare_infos, NULL);
  g_object_unref (info);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
scan_directory (CmPluginEngine *self,
                const char     *dir,
                guint           depth)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* Sorted, so the outcome does not depend on the file system's order. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      if (g_str_has_suffix (entry, ".plugin"))
        read_plugin_file (self, dir, entry);
      else if (depth == 0 && g_file_test (path, G_FILE_TEST_IS_DIR))
        scan_directory (self, path, depth + 1);
    }
}

CmPluginEngine *
cm_plugin_engine_new (const char * const *disabled)
{
  CmPluginEngine *self;
  const char *env;

  register_extension_points ();

  self = g_object_new (CM_TYPE_PLUGIN_ENGINE, NULL);
  for (guint i = 0; disabled != NULL && disabled[i] != NULL; i++)
    g_hash_table_add (self->disabled, g_strdup (disabled[i]));

  env = g_getenv ("CLAUSEMARK_PLUGIN_PATH");
  if (env != NULL && *env != '\0')
    {
      g_auto(GStrv) dirs = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);

      for (guint i = 0; dirs[i] != NULL; i++)
        if (*dirs[i] != '\0')
          scan_directory (self, dirs[i], 0);
    }
  scan_directory (self, CM_PLUGIN_DIR, 0);
  return self;
}

CmPluginEngine *
cm_plugin_engine_get_default (void)
{
  static gsize engine = 0;

  if (g_once_init_enter (&engine))
    g_once_init_leave (&engine, (gsize) cm_plugin_engine_new (NULL));
  return (CmPluginEngine *) engine;
}

GListModel *
cm_plugin_engine_get_plugins (CmPluginEngine *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return G_LIST_MODEL (self->plugins);
}

CmPluginInfo *
cm_plugin_engine_lookup_plugin (CmPluginEngine *self,
                                const char     *id)
{
  guint n;

  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->plugins));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmPluginInfo) info = g_list_model_get_item (G_LIST_MODEL (self->plugins), i);

      if (g_strcmp0 (info->id, id) == 0)
        return info;   /* the store keeps its reference */
    }
  return NULL;
}

void
cm_plugin_engine_set_enabled (CmPluginEngine *self,
                              const char     *id,
                              gboolean        enabled)
{
  CmPluginInfo *info;

  g_return_if_fail (CM_IS_PLUGIN_ENGINE (self));

  if (enabled)
    g_hash_table_remove (self->disabled, id);
  else
    g_hash_table_add (self->disabled, g_strdup (id));

  info = cm_plugin_engine_lookup_plugin (self, id);
  if (info == NULL || info->enabled == enabled)
    return;
  info->enabled = enabled;
  if (enabled && info->module == NULL && info->module_path != NULL)
    load_plugin (info);
  g_object_notify_by_pspec (G_OBJECT (info), info_properties[INFO_PROP_ENABLED]);
  g_object_notify_by_pspec (G_OBJECT (info), info_properties[INFO_PROP_LOADED]);
}

/* Whether an enabled plugin of this engine provides the extension. */
static gboolean
extension_is_enabled (CmPluginEngine *self,
                      const char     *point,
                      GIOExtension   *extension)
{
  g_autofree char *key = g_strconcat (point, "\n", g_io_extension_get_name (extension), NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->plugins));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmPluginInfo) info = g_list_model_get_item (G_LIST_MODEL (self->plugins), i);

      if (!info->enabled)
        continue;
      for (guint j = 0; j < info->extension_names->len; j++)
        if (g_str_equal (g_ptr_array_index (info->extension_names, j), key))
          return TRUE;
    }
  return FALSE;
}

/* Extensions of POINT from enabled plugins, highest priority first. */
static GPtrArray *
enabled_extensions (CmPluginEngine *self,
                    const char     *point_name)
{
  GIOExtensionPoint *point = g_io_extension_point_lookup (point_name);
  GPtrArray *extensions = g_ptr_array_new ();

  for (GList *l = g_io_extension_point_get_extensions (point); l != NULL; l = l->next)
    if (extension_is_enabled (self, point_name, l->data))
      g_ptr_array_add (extensions, l->data);
  return extensions;
}

static gpointer
create_extension (CmPluginEngine *self,
                  const char     *point_name,
                  const char     *id,
                  const char     *what,
                  GError        **error)
{
  g_autoptr(GPtrArray) extensions = enabled_extensions (self, point_name);

  for (guint i = 0; i < extensions->len; i++)
    {
      GIOExtension *extension = g_ptr_array_index (extensions, i);

      if (id == NULL || g_str_equal (g_io_extension_get_name (extension), id))
        return g_object_new (g_io_extension_get_type (extension), NULL);
    }

  if (id == NULL)
    g_set_error (error, CM_PLUGIN_ERROR, CM_PLUGIN_ERROR_NOT_FOUND,
                 _("No %s plugin is installed or enabled (searched $CLAUSEMARK_PLUGIN_PATH and %s)"),
                 what, CM_PLUGIN_DIR);
  else
    g_set_error (error, CM_PLUGIN_ERROR, CM_PLUGIN_ERROR_NOT_FOUND,
                 _("No %s plugin “%s” is installed or enabled; `clausemark-cli plugins` lists them"),
                 what, id);
  return NULL;
}

CmStore *
cm_plugin_engine_create_store (CmPluginEngine *self,
                               const char     *id,
                               GError        **error)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_extension (self, CM_STORE_EXTENSION_POINT, id, "store", error);
}

CmExporter *
cm_plugin_engine_create_exporter (CmPluginEngine *self,
                                  const char     *id,
                                  GError        **error)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_extension (self, CM_EXPORTER_EXTENSION_POINT, id, "export", error);
}

CmImporter *
cm_plugin_engine_create_importer (CmPluginEngine *self,
                                  const char     *id,
                                  GError        **error)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_extension (self, CM_IMPORTER_EXTENSION_POINT, id, "import", error);
}

static int
compare_by_extension_id (gconstpointer a,
                         gconstpointer b)
{
  GObject *x = *(GObject * const *) a;
  GObject *y = *(GObject * const *) b;

  if (CM_IS_EXPORTER (x))
    return g_strcmp0 (cm_exporter_get_id (CM_EXPORTER (x)), cm_exporter_get_id (CM_EXPORTER (y)));
  if (CM_IS_ANALYZER (x))
    return g_strcmp0 (cm_analyzer_get_id (CM_ANALYZER (x)), cm_analyzer_get_id (CM_ANALYZER (y)));
  if (CM_IS_OCR_ENGINE (x))
    return g_strcmp0 (cm_ocr_engine_get_id (CM_OCR_ENGINE (x)), cm_ocr_engine_get_id (CM_OCR_ENGINE (y)));
  return g_strcmp0 (cm_importer_get_id (CM_IMPORTER (x)), cm_importer_get_id (CM_IMPORTER (y)));
}

static GPtrArray *
create_all (CmPluginEngine *self,
            const char     *point_name)
{
  g_autoptr(GPtrArray) extensions = enabled_extensions (self, point_name);
  GPtrArray *instances = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < extensions->len; i++)
    g_ptr_array_add (instances,
                     g_object_new (g_io_extension_get_type (g_ptr_array_index (extensions, i)), NULL));
  g_ptr_array_sort (instances, compare_by_extension_id);
  return instances;
}

GPtrArray *
cm_plugin_engine_create_exporters (CmPluginEngine *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_all (self, CM_EXPORTER_EXTENSION_POINT);
}

GPtrArray *
cm_plugin_engine_create_importers (CmPluginEngine *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_all (self, CM_IMPORTER_EXTENSION_POINT);
}

GPtrArray *
cm_plugin_engine_create_analyzers (CmPluginEngine *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_all (self, ANALYZER_EXTENSION_POINT);
}

CmAnalyzer *
cm_plugin_engine_create_analyzer (CmPluginEngine *self,
                                  const char     *id,
                                  GError        **error)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_extension (self, ANALYZER_EXTENSION_POINT, id, "analyzer", error);
}

GPtrArray *
cm_plugin_engine_create_ocr_engines (CmPluginEngine *self)
{
  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);
  return create_all (self, CM_OCR_ENGINE_EXTENSION_POINT);
}

CmOcrEngine *
cm_plugin_engine_create_ocr_engine (CmPluginEngine *self,
                                    const char     *id,
                                    GError        **error)
{
  g_autoptr(GPtrArray) engines = NULL;

  g_return_val_if_fail (CM_IS_PLUGIN_ENGINE (self), NULL);

  if (id != NULL)
    return create_extension (self, CM_OCR_ENGINE_EXTENSION_POINT, id, "OCR", error);

  /* The highest-priority engine that can run here; else the first one, so
   * that its is_available() can say what to install. */
  engines = enabled_extensions (self, CM_OCR_ENGINE_EXTENSION_POINT);
  for (guint i = 0; i < engines->len; i++)
    {
      g_autoptr(CmOcrEngine) engine =
        g_object_new (g_io_extension_get_type (g_ptr_array_index (engines, i)), NULL);

      if (cm_ocr_engine_is_available (engine, NULL))
        return g_steal_pointer (&engine);
    }
  return create_extension (self, CM_OCR_ENGINE_EXTENSION_POINT, NULL, "OCR", error);
}
