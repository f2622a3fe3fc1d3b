/* fuzz-document.c: libFuzzer target for opening a PDF and extracting its text index. */
#include <glib/gstdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <clausemark.h>

static char *path;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* One in-memory file, rewritten for every input. */
  int fd = memfd_create ("fuzz.pdf", 0);

  g_assert (fd >= 0);
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;
  int fd = atoi (strrchr (path, '/') + 1);

  if (ftruncate (fd, 0) != 0 || pwrite (fd, data, size, 0) != (ssize_t) size)
    return 0;
  document = cm_document_new_for_path (path, NULL, &error);
  g_assert ((document == NULL) == (error != NULL));
  if (document != NULL && cm_document_get_n_pages (document) <= 50)
    {
      g_autoptr(CmTextIndex) index = cm_text_index_new (document, NULL, NULL);

      if (index != NULL && cm_text_index_get_length (index) > 4)
        {
          g_autoptr(GArray) matches = cm_text_index_find (index, "the", 0);
          g_autoptr(GArray) rects = cm_text_index_get_rects (index, 0, 4);
          g_autoptr(CmAnchor) anchor = cm_anchor_new_for_range (index, 0, 4);

          cm_anchor_resolve (anchor, index);
          (void) matches;
          (void) rects;
        }
    }
  return 0;
}
