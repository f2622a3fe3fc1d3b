/* fuzz-sidecar.c: libFuzzer target for the XML sidecar parser (the default store plugin). */
#include <clausemark.h>

static CmStore *store;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  if (g_getenv ("CLAUSEMARK_PLUGIN_PATH") == NULL)
    g_setenv ("CLAUSEMARK_PLUGIN_PATH", FUZZ_PLUGIN_DIR, TRUE);
  store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, NULL);
  g_assert (store != NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(CmReview) review = cm_store_parse (store, bytes, "fuzz.clausemark.xml", NULL);

  /* Whatever was accepted must serialize, and read back. */
  if (review != NULL)
    {
      g_autoptr(GBytes) again = cm_store_serialize (store, review, NULL);
      g_autoptr(CmReview) reread = NULL;

      g_assert (again != NULL);
      reread = cm_store_parse (store, again, "fuzz-again.clausemark.xml", NULL);
      g_assert (reread != NULL);
      g_assert (cm_review_get_n_annotations (reread) == cm_review_get_n_annotations (review));
    }
  return 0;
}
