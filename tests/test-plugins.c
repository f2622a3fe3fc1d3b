/* test-plugins.c: the plugin engine finds the build tree's plugins, loads them, and honours disabling. */
#include <glib/gstdio.h>

#include "cm-test-util.h"

static void
test_discovery (void)
{
  CmPluginEngine *engine = cm_plugin_engine_get_default ();
  CmPluginInfo *info = cm_plugin_engine_lookup_plugin (engine, "xml-sidecar");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmStore) store = NULL;

  g_assert_nonnull (info);
  g_assert_true (cm_plugin_info_is_loaded (info));
  g_assert_true (cm_plugin_info_is_enabled (info));
  g_assert_null (cm_plugin_info_get_error (info));
  g_assert_true (g_strv_contains (cm_plugin_info_get_provides (info), "store"));
  g_assert_cmpstr (cm_plugin_info_get_name (info), ==, "XML sidecar");

  store = cm_plugin_engine_create_store (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_store_get_id (store), ==, "xml-sidecar");
}

static void
test_disabled (void)
{
  const char * const disabled[] = { "xml-sidecar", NULL };
  g_autoptr(CmPluginEngine) engine = cm_plugin_engine_new (disabled);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmStore) store = NULL;
  CmPluginInfo *info = cm_plugin_engine_lookup_plugin (engine, "xml-sidecar");

  g_assert_nonnull (info);
  g_assert_false (cm_plugin_info_is_enabled (info));
  store = cm_plugin_engine_create_store (engine, NULL, &error);
  g_assert_error (error, CM_PLUGIN_ERROR, CM_PLUGIN_ERROR_NOT_FOUND);
  g_assert_null (store);

  cm_plugin_engine_set_enabled (engine, "xml-sidecar", TRUE);
  store = cm_plugin_engine_create_store (engine, "xml-sidecar", NULL);
  g_assert_nonnull (store);
}

static void
test_broken_module (void)
{
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *plugin_dir = g_build_filename (dir, "broken", NULL);
  g_autofree char *keyfile = g_build_filename (plugin_dir, "broken.plugin", NULL);
  g_autofree char *module = g_build_filename (plugin_dir, "libbroken." G_MODULE_SUFFIX, NULL);
  g_autofree char *old_path = g_strdup (g_getenv ("CLAUSEMARK_PLUGIN_PATH"));
  g_autoptr(CmPluginEngine) engine = NULL;
  CmPluginInfo *info;

  g_mkdir_with_parents (plugin_dir, 0755);
  g_file_set_contents (keyfile, "[Plugin]\nModule=broken\nName=Broken\nProvides=exporter\n", -1, NULL);
  g_file_set_contents (module, "this is not a shared object", -1, NULL);

  g_setenv ("CLAUSEMARK_PLUGIN_PATH", dir, TRUE);
  engine = cm_plugin_engine_new (NULL);
  info = cm_plugin_engine_lookup_plugin (engine, "broken");
  g_assert_nonnull (info);
  g_assert_false (cm_plugin_info_is_loaded (info));
  g_assert_nonnull (cm_plugin_info_get_error (info));
  if (old_path != NULL)
    g_setenv ("CLAUSEMARK_PLUGIN_PATH", old_path, TRUE);
  cm_test_tmpdir_free (dir);
}

static void
test_sidecar_path (void)
{
  g_autoptr(GFile) pdf = g_file_new_for_path ("/tmp/x/Ordinance.PDF");
  g_autoptr(GFile) other = g_file_new_for_path ("/tmp/x/ordinance");
  g_autoptr(GFile) sidecar = cm_store_sidecar_for_document (pdf);
  g_autoptr(GFile) sidecar2 = cm_store_sidecar_for_document (other);
  g_autofree char *path = g_file_get_path (sidecar);
  g_autofree char *path2 = g_file_get_path (sidecar2);

  g_assert_cmpstr (path, ==, "/tmp/x/Ordinance.clausemark.xml");
  g_assert_cmpstr (path2, ==, "/tmp/x/ordinance.clausemark.xml");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plugins/discovery", test_discovery);
  g_test_add_func ("/plugins/disabled", test_disabled);
  g_test_add_func ("/plugins/broken-module", test_broken_module);
  g_test_add_func ("/plugins/sidecar-path", test_sidecar_path);

  return g_test_run ();
}
