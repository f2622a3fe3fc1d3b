/* fuzz-xfdf.c: libFuzzer target for the XFDF importer, against a real text index. */
#include <clausemark.h>

static CmImporter *importer;
static CmChecklist *checklist;
static CmTextIndex *index_;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(CmDocument) document = NULL;

  if (g_getenv ("CLAUSEMARK_PLUGIN_PATH") == NULL)
    g_setenv ("CLAUSEMARK_PLUGIN_PATH", FUZZ_PLUGIN_DIR, TRUE);
  importer = cm_plugin_engine_create_importer (cm_plugin_engine_get_default (), "xfdf", NULL);
  checklist = cm_checklist_new_default (NULL);
  document = cm_document_new_for_path (FUZZ_FIXTURE_PDF, NULL, NULL);
  g_assert (importer != NULL && checklist != NULL && document != NULL);
  index_ = cm_text_index_new (document, NULL, NULL);
  g_assert (index_ != NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(GError) error = NULL;
  int n = cm_importer_import (importer, review, checklist, index_, stream, NULL, &error);

  g_assert ((n < 0) == (error != NULL));
  /* The count reported covers annotations and their replies. */
  if (n >= 0)
    g_assert ((guint) n >= cm_review_get_n_annotations (review));
  return 0;
}
