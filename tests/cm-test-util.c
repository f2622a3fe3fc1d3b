/* cm-test-util.c: helpers shared by the test programs (fixtures, temporary folders, the CLI). */
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "cm-test-util.h"

char *
cm_test_fixture_path (const char *name)
{
  const char *dir = g_getenv ("CLAUSEMARK_FIXTURES");

  if (dir == NULL)
    dir = TEST_FIXTURES_DIR;
  return g_build_filename (dir, name, NULL);
}

char *
cm_test_corpus_path (const char *relative)
{
  const char *dir = g_getenv ("CLAUSEMARK_CORPUS");
  g_autofree char *path = NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/corpus is absent: corpus test skipped");
      return NULL;
    }
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf ("corpus file %s is absent: skipped", relative);
      g_test_skip (message);
      return NULL;
    }
  return g_steal_pointer (&path);
}

char *
cm_test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("clausemark-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static void
remove_recursively (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_recursively (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

void
cm_test_tmpdir_free (char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  /* Make read-only folders made by tests writable again before removal. */
  g_chmod (path, 0755);
  remove_recursively (file);
  g_free (path);
}

char *
cm_test_copy_file (const char *src,
                   const char *dir,
                   const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  char *dest = g_build_filename (dir, name, NULL);

  g_file_get_contents (src, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (dest, contents, length, &error);
  g_assert_no_error (error);
  return dest;
}

void
cm_test_limit_file_size (goffset bytes)
{
  static struct rlimit saved;
  static void (*saved_handler) (int);
  static gboolean limited;
  struct rlimit limit;

  if (bytes == 0)
    {
      g_assert_true (limited);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
      signal (SIGXFSZ, saved_handler);
      limited = FALSE;
      return;
    }
  g_assert_false (limited);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = (rlim_t) bytes;
  /* Ignored, the signal becomes an error from write(); children inherit it. */
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  limited = TRUE;
}

char *
cm_test_write_tenant_checklist (const char *dir)
{
  char *path = g_build_filename (dir, "tenant.xml", NULL);

  g_assert_true (g_file_set_contents (path,
    "<checklist xmlns=\"urn:clausemark:checklist:1\" id=\"tenant\" version=\"2\">\n"
    "  <title>Tenant protection</title>\n"
    "  <description>Does a housing ordinance keep tenants in their homes?</description>\n"
    "  <assessment-scale><level value=\"strong\">Yes.</level><level value=\"partial\">Mostly.</level>\n"
    "    <level value=\"weak\">Barely.</level><level value=\"absent\">Silent.</level>\n"
    "    <level value=\"harmful\">Worse.</level><level value=\"not-applicable\">No.</level></assessment-scale>\n"
    "  <category id=\"evict\"><title>Evictions</title>\n"
    "    <item id=\"evict.just-cause\"><title>Just cause required</title>\n"
    "      <question>Must a landlord show cause?</question><guidance/></item>\n"
    "    <item id=\"evict.counsel\"><title>Right to counsel</title>\n"
    "      <question>Do tenants get a lawyer?</question><guidance/></item>\n"
    "  </category>\n"
    "</checklist>\n", -1, NULL));
  return path;
}

int
cm_test_run_cliv (const char * const *argv,
                  char              **out,
                  char              **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CLAUSEMARK_CLI");
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  /* Callers run several commands with one pair of strings. */
  if (out != NULL)
    g_clear_pointer (out, g_free);
  if (err != NULL)
    g_clear_pointer (err, g_free);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + WTERMSIG (status);
}

int
cm_test_run_cli (char **out,
                 char **err,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list ap;
  const char *arg;

  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return cm_test_run_cliv ((const char * const *) argv->pdata, out, err);
}

CmStore *
cm_test_get_store (void)
{
  g_autoptr(GError) error = NULL;
  CmStore *store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

char *
cm_test_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

guint
cm_test_timeout_scale (void)
{
  static guint scale = 0;

  if (scale == 0)
    {
      const char *value = g_getenv ("CM_TEST_TIMEOUT_SCALE");
      guint64 parsed = 1;

      if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 1, 1000, &parsed, NULL))
        g_error ("CM_TEST_TIMEOUT_SCALE=%s: expected a whole number from 1 to 1000", value);
      scale = (guint) parsed;
    }
  return scale;
}

guint
cm_test_scaled (guint ms)
{
  return ms * cm_test_timeout_scale ();
}

char *
cm_test_write_fake_tesseract (const char         *dir,
                              const char * const *languages,
                              const char         *body)
{
  static const char * const english[] = { "eng", NULL };
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *script = NULL;
  char *path = g_build_filename (dir, "tesseract", NULL);
  g_autoptr(GError) error = NULL;

  if (languages == NULL)
    languages = english;
  for (guint i = 0; languages[i] != NULL; i++)
    g_string_append_printf (list, "\\n%s", languages[i]);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "case \"$1\" in\n"
                            "--version) echo 'tesseract 9.9.9';;\n"
                            "--list-langs) printf 'List of available languages (%u):%s\\n';;\n"
                            "*) %s;;\n"
                            "esac\n",
                            g_strv_length ((char **) languages), list->str, body);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}
