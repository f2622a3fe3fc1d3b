/* test-document.c: opening PDFs: identity, metadata, page text, every kind of open error, and the whole PDF corpus. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cm-test-util.h"

static CmDocument *
open_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cm_test_fixture_path (name);
  CmDocument *document = cm_document_new_for_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* Asserts that opening PATH fails with CODE and that the message names the
 * file, since users see it as it is. */
static void
assert_open_fails (const char *path,
                   const char *password,
                   int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = cm_document_new_for_path (path, password, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (document);
  g_assert_error (error, CM_DOCUMENT_ERROR, code);
  g_assert_nonnull (strstr (error->message, base));
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
test_open_identity (void)
{
  g_autofree char *path = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *sha256 = cm_test_file_sha256 (path);
  g_autoptr(CmDocument) document = open_fixture ("chicago-plain.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gsize length = 0;
  double width = 0, height = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  g_assert_cmpuint (cm_document_get_n_pages (document), ==, 4);
  g_assert_cmpstr (cm_document_get_sha256 (document), ==, sha256);
  g_assert_cmpuint (strlen (cm_document_get_sha256 (document)), ==, 64);
  g_assert_true (g_file_equal (cm_document_get_file (document), file));
  g_assert_cmpuint (g_bytes_get_size (cm_document_get_bytes (document)), ==, length);
  g_assert_cmpmem (g_bytes_get_data (cm_document_get_bytes (document), NULL), length, contents, length);
  g_assert_null (cm_document_get_password (document));

  cm_document_get_page_size (document, 1, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 612.0, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 792.0, 0.01);
  cm_document_get_page_size (document, 5, &width, &height);
  g_assert_cmpfloat (width, ==, 0.0);
  g_assert_cmpfloat (height, ==, 0.0);
}

static void
test_open_metadata (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/pdfjs__basicapi.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;
  const char *id;

  if (path == NULL)
    return;
  document = cm_document_new_for_path (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_document_get_title (document), ==, "Basic API Test");
  g_assert_cmpuint (cm_document_get_n_pages (document), ==, 3);

  /* The trailer's permanent ID, as 32 lowercase hex digits. */
  id = cm_document_get_pdf_id (document);
  g_assert_nonnull (id);
  g_assert_cmpuint (strlen (id), ==, 32);
  for (const char *p = id; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
}

static void
test_open_without_pdf_id (void)
{
  /* cairo writes no trailer /ID. */
  g_autoptr(CmDocument) document = open_fixture ("chicago-plain.pdf");

  g_assert_null (cm_document_get_pdf_id (document));
  g_assert_null (cm_document_get_title (document));
}

static void
on_document_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static CmDocument *
open_async (const char  *path,
            const char  *password,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  cm_document_new_async (file, password, NULL, on_document_opened, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cm_document_new_finish (result, error);
}

static void
test_open_async (void)
{
  g_autofree char *path = cm_test_fixture_path ("chicago-lines.pdf");
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "clausemark-no-such-file.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmDocument) nothing = NULL;

  document = open_async (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (CM_IS_DOCUMENT (document));
  g_assert_cmpuint (cm_document_get_n_pages (document), ==, 4);

  nothing = open_async (missing, NULL, &error);
  g_assert_null (nothing);
  g_assert_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_FOUND);
}

static void
test_page_text (void)
{
  g_autoptr(CmDocument) document = open_fixture ("chicago-plain.pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree CmPageRect *boxes = NULL;
  guint n_boxes = 0;
  char *none = NULL;
  CmPageRect *no_boxes = NULL;

  g_assert_true (cm_document_get_page_text (document, 2, &text, &boxes, &n_boxes, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "immigration"));
  g_assert_cmpuint (n_boxes, ==, g_utf8_strlen (text, -1));
  for (guint i = 0; i < n_boxes; i++)
    {
      g_assert_cmpuint (boxes[i].page, ==, 2);
      g_assert_cmpfloat (boxes[i].x1, <=, boxes[i].x2);
      g_assert_cmpfloat (boxes[i].y1, <=, boxes[i].y2);
      g_assert_cmpfloat (boxes[i].x2, <=, 612.0 + 1);
      g_assert_cmpfloat (boxes[i].y2, <=, 792.0 + 1);
    }

  g_assert_false (cm_document_get_page_text (document, 0, &none, &no_boxes, &n_boxes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (cm_document_get_page_text (document, 5, &none, &no_boxes, &n_boxes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (none);
}

static void
test_error_not_found (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "absent-ordinance.pdf", NULL);

  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_NOT_FOUND);
  /* A folder is not a document either. */
  assert_open_fails (dir, NULL, CM_DOCUMENT_ERROR_NOT_FOUND);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_error_empty (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "empty.pdf", NULL);

  write_file (path, "", 0);
  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_NOT_PDF);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_error_not_pdf (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "minutes.pdf", NULL);

  write_file (path, "Minutes of the City Council\nThis is a text file with a .pdf name.\n", -1);
  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_NOT_PDF);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_error_damaged (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *source = cm_test_fixture_path ("ca-sb54-plain.pdf");
  g_autofree char *path = g_build_filename (dir, "truncated.pdf", NULL);
  g_autofree char *header_only = g_build_filename (dir, "header-only.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A download cut short: the header is there, the rest is not. */
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  write_file (path, contents, length / 20);
  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_DAMAGED);

  write_file (header_only, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", -1);
  assert_open_fails (header_only, NULL, CM_DOCUMENT_ERROR_DAMAGED);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_error_encrypted (void)
{
  g_autofree char *path = cm_test_fixture_path ("chicago-encrypted.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("qpdf is not installed: no encrypted fixture");
      return;
    }

  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_ENCRYPTED);
  assert_open_fails (path, "", CM_DOCUMENT_ERROR_ENCRYPTED);
  assert_open_fails (path, "open sesame", CM_DOCUMENT_ERROR_BAD_PASSWORD);

  document = cm_document_new_for_path (path, "sesame", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_document_get_n_pages (document), ==, 4);
  g_assert_cmpstr (cm_document_get_password (document), ==, "sesame");
}

static void
test_error_encrypted_corpus (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/qpdf__encrypted-40-bit-R3.pdf");
  g_autofree char *non_ascii = cm_test_corpus_path ("pdf/pdfjs__issue6010_2.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmDocument) second = NULL;

  if (path == NULL || non_ascii == NULL)
    return;

  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_ENCRYPTED);
  assert_open_fails (path, "624", CM_DOCUMENT_ERROR_BAD_PASSWORD);
  document = cm_document_new_for_path (path, "623", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_document_get_n_pages (document), ==, 1);

  /* RC4 with a non-ASCII password. */
  assert_open_fails (non_ascii, NULL, CM_DOCUMENT_ERROR_ENCRYPTED);
  second = cm_document_new_for_path (non_ascii, "æøå", &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static void
test_error_no_pages (void)
{
  static const char empty_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    "trailer\n<< /Root 1 0 R /Size 3 >>\n"
    "%%EOF\n";
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "no-pages.pdf", NULL);

  write_file (path, empty_pdf, -1);
  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_NO_PAGES);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_error_too_large (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "huge.pdf", NULL);
  int fd;

  /* A sparse file: refused from its size, without reading 1 GiB. */
  fd = g_open (path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "%PDF-1.7\n", 9), ==, 9);
  if (ftruncate (fd, (G_GINT64_CONSTANT (1) << 30) + 1) != 0)
    {
      g_autofree char *message = g_strdup_printf ("cannot make a sparse file: %s", g_strerror (errno));

      close (fd);
      cm_test_tmpdir_free (g_steal_pointer (&dir));
      g_test_skip (message);
      return;
    }
  close (fd);

  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_TOO_LARGE);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_error_decompression_bomb (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/pdfjs__bomb_giant.pdf");
  gint64 start;

  if (path == NULL)
    return;

  /* Poppler would decode a 100,000 × 100,000 JBIG2 bitmap (and pdftotext
   * never finishes): refused up front, quickly. */
  start = g_get_monotonic_time ();
  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_TOO_LARGE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* The same bomb in a file past 1 MiB, which is scanned on a thread of its
 * own while poppler opens it: still refused, and before poppler's verdict
 * on the (now damaged) file matters. */
static void
test_error_decompression_bomb_long_file (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/pdfjs__bomb_giant.pdf");
  g_autofree char *tmpdir = NULL;
  g_autofree char *padded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) contents = NULL;
  char *data = NULL;
  gsize length = 0;

  if (path == NULL)
    return;
  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  contents = g_string_new_len (data, length);
  g_free (data);
  g_string_append (contents, "\n%");
  for (guint i = 0; i < 1100 * 1024; i++)
    g_string_append_c (contents, 'x');
  g_string_append (contents, "\n");

  tmpdir = cm_test_tmpdir_new ();
  padded = g_build_filename (tmpdir, "bomb-padded.pdf", NULL);
  write_file (padded, contents->str, contents->len);
  assert_open_fails (padded, NULL, CM_DOCUMENT_ERROR_TOO_LARGE);
  cm_test_tmpdir_free (g_steal_pointer (&tmpdir));
}

/* The password column of MANIFEST.tsv: the password comes first, a
 * bracketed note may follow. */
static char *
manifest_password (const char *field)
{
  const char *bracket = strchr (field, '[');
  g_autofree char *password = g_strndup (field, bracket != NULL ? (gsize) (bracket - field) : strlen (field));

  g_strstrip (password);
  if (*password == '\0')
    return NULL;
  return g_steal_pointer (&password);
}

static void
test_corpus (void)
{
  g_autofree char *manifest_path = cm_test_corpus_path ("pdf/MANIFEST.tsv");
  g_autofree char *manifest = NULL;
  g_auto(GStrv) rows = NULL;
  guint n_opened = 0, n_refused = 0;

  if (manifest_path == NULL)
    return;
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  rows = g_strsplit (manifest, "\n", -1);

  for (guint r = 1; rows[r] != NULL; r++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[r], "\t", -1);
      g_autofree char *relative = NULL;
      g_autofree char *path = NULL;
      g_autofree char *password = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) document = NULL;
      g_autoptr(CmTextIndex) index = NULL;
      g_autofree char *base = NULL;
      gint64 start;

      if (g_strv_length (fields) < 8 || rows[r][0] == '#')
        continue;
      relative = g_build_filename ("pdf", fields[0], NULL);
      path = cm_test_corpus_path (relative);
      if (path == NULL)
        return;
      base = g_path_get_basename (path);
      password = manifest_password (fields[7]);
      g_test_message ("%s", fields[0]);

      start = g_get_monotonic_time ();
      document = cm_document_new_for_path (path, password, &error);
      if (document == NULL)
        {
          /* A clear error: ours, naming the file. */
          g_assert_nonnull (error);
          g_assert_true (error->domain == CM_DOCUMENT_ERROR);
          g_assert_nonnull (strstr (error->message, base));
          n_refused++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpuint (cm_document_get_n_pages (document), >=, 1);
      if (g_ascii_isdigit (fields[3][0]) && strcmp (fields[6], "0") == 0)
        g_assert_cmpuint (cm_document_get_n_pages (document), ==, g_ascii_strtoull (fields[3], NULL, 10));

      /* Text extraction finishes, whatever the file holds. */
      index = cm_text_index_new (document, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cm_text_index_get_n_pages (index), ==, cm_document_get_n_pages (document));
      g_test_message ("  %u pages, %u chars, %.2f s", cm_document_get_n_pages (document),
                      cm_text_index_get_length (index),
                      (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
      n_opened++;
    }

  g_test_message ("corpus: %u opened, %u refused with a clear error", n_opened, n_refused);
  g_assert_cmpuint (n_opened, >, 0);
}

static void
test_corpus_error_kinds (void)
{
  static const struct
  {
    const char *file;
    int         code;
  } cases[] = {
    { "pdf/gen__zero-bytes.pdf", CM_DOCUMENT_ERROR_NOT_PDF },
    { "pdf/gen__text-renamed.pdf", CM_DOCUMENT_ERROR_NOT_PDF },
    { "pdf/qpdf__bad1.pdf", CM_DOCUMENT_ERROR_NOT_PDF },
    { "pdf/gen__header-only.pdf", CM_DOCUMENT_ERROR_DAMAGED },
    { "pdf/gen__tracemonkey-truncated-30pct.pdf", CM_DOCUMENT_ERROR_DAMAGED },
    { "pdf/pdfjs__REDHAT-1531897-0.pdf", CM_DOCUMENT_ERROR_DAMAGED },
    { "pdf/pdfjs__issue3371.pdf", CM_DOCUMENT_ERROR_ENCRYPTED },
    { "pdf/qpdf__empty.pdf", CM_DOCUMENT_ERROR_NO_PAGES },
    { "pdf/pdfjs__poppler-85140-0.pdf", CM_DOCUMENT_ERROR_NO_PAGES },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = cm_test_corpus_path (cases[i].file);

      if (path == NULL)
        return;
      assert_open_fails (path, NULL, cases[i].code);
    }
}

static void
test_corpus_encrypted_needs_password (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/pypdf__libreoffice-writer-password.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) as_owner = NULL;
  g_autoptr(CmDocument) as_user = NULL;

  if (path == NULL)
    return;
  assert_open_fails (path, NULL, CM_DOCUMENT_ERROR_ENCRYPTED);
  /* The owner password opens it too. */
  as_owner = cm_document_new_for_path (path, "permissionpassword", &error);
  g_assert_no_error (error);
  as_user = cm_document_new_for_path (path, "openpassword", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_document_get_n_pages (as_user), ==, 1);
}

static gpointer
leave_later (gpointer data)
{
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  cm_background_leave ();
  return NULL;
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean started;
  gboolean released;
} Gate;

static void
wait_at_gate (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Gate *gate = task_data;

  g_mutex_lock (&gate->lock);
  gate->started = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->released)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
  g_task_return_boolean (task, TRUE);
}

/* What a process waits for before exiting: every counted thread, whether
 * entered by hand or run as a task. */
static void
test_background_wait (void)
{
  g_autoptr(GTask) task = NULL;
  GThread *thread;
  Gate gate = { 0, };

  /* Whatever earlier tests started has finished (or finishes now). */
  g_assert_true (cm_background_wait (cm_test_scaled (5000)));

  cm_background_enter ();
  g_assert_false (cm_background_wait (20));
  thread = g_thread_new ("leaver", leave_later, NULL);
  g_assert_true (cm_background_wait (cm_test_scaled (5000)));
  g_thread_join (thread);

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, &gate, NULL);
  cm_background_run_in_thread (task, wait_at_gate);
  /* Counted from the call, before the thread even starts. */
  g_assert_false (cm_background_wait (20));
  g_mutex_lock (&gate.lock);
  while (!gate.started)
    g_cond_wait (&gate.cond, &gate.lock);
  gate.released = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
  g_assert_true (cm_background_wait (cm_test_scaled (5000)));
  g_clear_object (&task);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/open/identity", test_open_identity);
  g_test_add_func ("/background/wait", test_background_wait);
  g_test_add_func ("/document/open/metadata", test_open_metadata);
  g_test_add_func ("/document/open/without-pdf-id", test_open_without_pdf_id);
  g_test_add_func ("/document/open/async", test_open_async);
  g_test_add_func ("/document/page-text", test_page_text);
  g_test_add_func ("/document/error/not-found", test_error_not_found);
  g_test_add_func ("/document/error/empty", test_error_empty);
  g_test_add_func ("/document/error/not-pdf", test_error_not_pdf);
  g_test_add_func ("/document/error/damaged", test_error_damaged);
  g_test_add_func ("/document/error/encrypted", test_error_encrypted);
  g_test_add_func ("/document/error/encrypted-corpus", test_error_encrypted_corpus);
  g_test_add_func ("/document/error/no-pages", test_error_no_pages);
  g_test_add_func ("/document/error/too-large", test_error_too_large);
  g_test_add_func ("/document/error/decompression-bomb", test_error_decompression_bomb);
  g_test_add_func ("/document/error/decompression-bomb-long-file", test_error_decompression_bomb_long_file);
  g_test_add_func ("/document/corpus/every-file", test_corpus);
  g_test_add_func ("/document/corpus/error-kinds", test_corpus_error_kinds);
  g_test_add_func ("/document/corpus/owner-and-user-password", test_corpus_encrypted_needs_password);

  return g_test_run ();
}
