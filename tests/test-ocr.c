/* test-ocr.c: OCR of scanned pages: the layer and its cache file, the index reading it, the tesseract plugin, the CLI round trip. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "cm-test-util.h"

/* A fake engine: answers every page with the same three words on two lines,
 * placed in image pixels, so that the conversion to points is checked. It
 * also records the size of the image it was given. */

#define CM_TYPE_FAKE_OCR (cm_fake_ocr_get_type ())

G_DECLARE_FINAL_TYPE (CmFakeOcr, cm_fake_ocr, CM, FAKE_OCR, GObject)

struct _CmFakeOcr
{
  GObject parent_instance;

  int     image_width;
  int     image_height;
  guint   calls;
};

static void cm_fake_ocr_iface_init (CmOcrEngineInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmFakeOcr, cm_fake_ocr, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CM_TYPE_OCR_ENGINE, cm_fake_ocr_iface_init))

static const char *
fake_get_id (CmOcrEngine *engine)
{
  return "fake";
}

static char *
fake_describe (CmOcrEngine *engine)
{
  return g_strdup ("fake 1.0, eng");
}

static GPtrArray *
fake_recognize (CmOcrEngine   *engine,
                const char    *image_path,
                double         pixels_per_point,
                GCancellable  *cancellable,
                GError       **error)
{
  CmFakeOcr *self = CM_FAKE_OCR (engine);
  cairo_surface_t *image = cairo_image_surface_create_from_png (image_path);
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_ocr_word_free);
  double s = pixels_per_point;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  self->image_width = cairo_image_surface_get_width (image);
  self->image_height = cairo_image_surface_get_height (image);
  cairo_surface_destroy (image);
  self->calls++;

  /* Pixels at 300 dpi: "Zebra quorum" on one line, "xylophone" below. */
  g_ptr_array_add (words, cm_ocr_word_new ("Zebra", 300 / s, 1000 / s, 500 / s, 1040 / s, 90, 0));
  g_ptr_array_add (words, cm_ocr_word_new ("quorum", 520 / s, 1000 / s, 760 / s, 1050 / s, 80, 0));
  g_ptr_array_add (words, cm_ocr_word_new ("xylophone", 300 / s, 1080 / s, 660 / s, 1120 / s, 70, 1));
  return words;
}

static void
cm_fake_ocr_iface_init (CmOcrEngineInterface *iface)
{
  iface->get_id = fake_get_id;
  iface->get_label = fake_get_id;
  iface->describe = fake_describe;
  iface->recognize = fake_recognize;
}

static void
cm_fake_ocr_class_init (CmFakeOcrClass *klass)
{
}

static void
cm_fake_ocr_init (CmFakeOcr *self)
{
}

/* Helpers ------------------------------------------------------------------- */

static GPtrArray *
two_line_words (void)
{
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_ocr_word_free);

  g_ptr_array_add (words, cm_ocr_word_new ("SEC.", 72, 90, 96, 100, 96, 0));
  g_ptr_array_add (words, cm_ocr_word_new ("1.", 100, 91, 110, 100, 97, 0));
  g_ptr_array_add (words, cm_ocr_word_new ("No", 72, 110, 84, 122, 90, 1));
  g_ptr_array_add (words, cm_ocr_word_new ("agent", 88, 112, 118, 124, 91, 1));
  return words;
}

static gboolean
tesseract_missing (void)
{
  g_autofree char *path = g_find_program_in_path ("tesseract");

  if (path == NULL)
    {
      g_test_skip ("tesseract is not installed (Debian: apt install tesseract-ocr tesseract-ocr-eng)");
      return TRUE;
    }
  return FALSE;
}

static CmOcrEngine *
create_tesseract (void)
{
  g_autoptr(GError) error = NULL;
  CmOcrEngine *engine = cm_plugin_engine_create_ocr_engine (cm_plugin_engine_get_default (),
                                                            "tesseract", &error);

  g_assert_no_error (error);
  g_assert_nonnull (engine);
  return engine;
}

/* The layer ------------------------------------------------------------------ */

static void
test_layer_round_trip (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "a.clausemark-ocr.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CmOcrLayer) layer = cm_ocr_layer_new ("abc123");
  g_autoptr(CmOcrLayer) loaded = NULL;
  g_autoptr(CmOcrLayer) stale = NULL;
  g_autoptr(GPtrArray) words = two_line_words ();
  g_autoptr(GError) error = NULL;
  g_autofree guint *pages = NULL;
  GPtrArray *read;
  guint n_pages = 0;
  double x1, y1, x2, y2;

  cm_ocr_layer_set_engine (layer, "fake 1.0, eng");
  cm_ocr_layer_set_page (layer, 3, words);
  cm_ocr_layer_set_page (layer, 1, NULL);   /* recognized, blank */
  g_assert_true (cm_ocr_layer_save (layer, file, NULL, &error));
  g_assert_no_error (error);

  loaded = cm_ocr_layer_load (file, "abc123", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_ocr_layer_get_sha256 (loaded), ==, "abc123");
  g_assert_cmpstr (cm_ocr_layer_get_engine (loaded), ==, "fake 1.0, eng");
  pages = cm_ocr_layer_get_pages (loaded, &n_pages);
  g_assert_cmpuint (n_pages, ==, 2);
  g_assert_cmpuint (pages[0], ==, 1);
  g_assert_cmpuint (pages[1], ==, 3);
  g_assert_false (cm_ocr_layer_has_page (loaded, 2));
  g_assert_cmpuint (cm_ocr_layer_get_page_words (loaded, 1)->len, ==, 0);
  read = cm_ocr_layer_get_page_words (loaded, 3);
  g_assert_cmpuint (read->len, ==, 4);
  g_assert_cmpstr (cm_ocr_word_get_text (g_ptr_array_index (read, 3)), ==, "agent");
  g_assert_cmpuint (cm_ocr_word_get_line (g_ptr_array_index (read, 1)), !=,
                    cm_ocr_word_get_line (g_ptr_array_index (read, 2)));
  g_assert_cmpuint (cm_ocr_word_get_line (g_ptr_array_index (read, 2)), ==,
                    cm_ocr_word_get_line (g_ptr_array_index (read, 3)));
  cm_ocr_word_get_box (g_ptr_array_index (read, 3), &x1, &y1, &x2, &y2);
  g_assert_cmpfloat_with_epsilon (x1, 88, 0.01);
  g_assert_cmpfloat_with_epsilon (y2, 124, 0.01);
  g_assert_cmpfloat_with_epsilon (cm_ocr_layer_get_page_confidence (loaded, 3), 93.5, 0.01);

  /* Made for other bytes: refused, so an amended PDF is recognized again. */
  stale = cm_ocr_layer_load (file, "def456", NULL, &error);
  g_assert_null (stale);
  g_assert_error (error, CM_OCR_LAYER_ERROR, CM_OCR_LAYER_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "a.clausemark-ocr.xml"));

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_layer_file_name (void)
{
  g_autoptr(GFile) pdf = g_file_new_for_path ("/srv/ordinances/Chicago 2-173.PDF");
  g_autoptr(GFile) cache = cm_ocr_layer_file_for_document (pdf);
  g_autofree char *path = g_file_get_path (cache);

  g_assert_cmpstr (path, ==, "/srv/ordinances/Chicago 2-173.clausemark-ocr.xml");
}

static void
expect_invalid (const char *dir,
                const char *contents)
{
  g_autofree char *path = g_build_filename (dir, "bad.clausemark-ocr.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CmOcrLayer) layer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  layer = cm_ocr_layer_load (file, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_error (error, CM_OCR_LAYER_ERROR, CM_OCR_LAYER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.clausemark-ocr.xml"));
}

static void
test_layer_hostile (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();

  /* An entity bomb, another kind of file, a newer format, a forged box. */
  expect_invalid (dir, "<?xml version=\"1.0\"?>\n<!DOCTYPE o [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n"
                       "<ocr-layer xmlns=\"urn:clausemark:ocr:1\" format=\"1\" sha256=\"x\">&b;</ocr-layer>\n");
  expect_invalid (dir, "<review xmlns=\"urn:clausemark:review:1\" format=\"1\"/>\n");
  expect_invalid (dir, "<ocr-layer xmlns=\"urn:clausemark:ocr:1\" format=\"2\" sha256=\"x\"/>\n");
  expect_invalid (dir, "<ocr-layer xmlns=\"urn:clausemark:ocr:1\" format=\"1\" sha256=\"x\"><page number=\"1\"><line>"
                       "<word x1=\"nan\" y1=\"0\" x2=\"1\" y2=\"1\">a</word></line></page></ocr-layer>\n");
  expect_invalid (dir, "<ocr-layer xmlns=\"urn:clausemark:ocr:1\" format=\"1\" sha256=\"x\"><page number=\"0\"/></ocr-layer>\n");
  expect_invalid (dir, "<ocr-layer xmlns=\"urn:clausemark:ocr:1\" format=\"1\" sha256=\"x\"><page");

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_layer_page_text (void)
{
  g_autoptr(CmOcrLayer) layer = cm_ocr_layer_new ("abc");
  g_autoptr(GPtrArray) words = two_line_words ();
  g_autofree char *text = NULL;
  g_autofree CmPageRect *boxes = NULL;
  guint n_boxes = 0;

  /* A word may not smuggle line or page breaks into the index. */
  g_ptr_array_add (words, cm_ocr_word_new ("in\fjail\n", 122, 112, 150, 124, 90, 1));
  g_ptr_array_add (words, cm_ocr_word_new (" \t", 160, 112, 170, 124, 90, 1));
  cm_ocr_layer_set_page (layer, 2, words);
  g_assert_false (cm_ocr_layer_get_page_text (layer, 1, &text, &boxes, &n_boxes));
  g_assert_true (cm_ocr_layer_get_page_text (layer, 2, &text, &boxes, &n_boxes));
  g_assert_cmpstr (text, ==, "SEC. 1.\nNo agent injail");
  g_assert_cmpuint (n_boxes, ==, g_utf8_strlen (text, -1));
  /* "agent" (chars 11..15) shares its word box out by rough glyph widths
   * (its "t" is narrower), as tall as its line. */
  g_assert_cmpfloat_with_epsilon (boxes[11].x1, 88, 0.01);
  g_assert_cmpfloat_with_epsilon (boxes[15].x2, 118, 0.01);
  g_assert_cmpfloat_with_epsilon (boxes[11].x2, 88 + 30 / 4.6, 0.01);
  g_assert_cmpfloat_with_epsilon (boxes[15].x2 - boxes[15].x1, 30 * 0.6 / 4.6, 0.01);
  /* "1." ends with a narrow period. */
  g_assert_cmpfloat (boxes[6].x2 - boxes[6].x1, <, boxes[5].x2 - boxes[5].x1);
  g_assert_cmpfloat_with_epsilon (boxes[11].y1, 110, 0.01);
  g_assert_cmpfloat_with_epsilon (boxes[11].y2, 124, 0.01);
  g_assert_cmpuint (boxes[11].page, ==, 2);
}

/* The index ------------------------------------------------------------------ */

static void
test_index_reads_layer (void)
{
  g_autofree char *pdf = cm_test_fixture_path ("mixed-scan.pdf");
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmOcrLayer) layer = NULL;
  g_autoptr(CmFakeOcr) engine = g_object_new (CM_TYPE_FAKE_OCR, NULL);
  g_autoptr(CmTextIndex) plain = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page1_before = NULL;
  g_autofree char *page1_after = NULL;
  const guint pages[] = { 1, 2 };
  guint start, end;

  document = cm_document_new_for_path (pdf, NULL, &error);
  g_assert_no_error (error);
  layer = cm_ocr_layer_new (cm_document_get_sha256 (document));
  g_assert_true (cm_ocr_layer_recognize (layer, document, CM_OCR_ENGINE (engine), pages, 2, 0,
                                         NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* A US Letter page at 300 dpi. */
  g_assert_cmpint (engine->image_width, ==, 2550);
  g_assert_cmpint (engine->image_height, ==, 3300);
  g_assert_cmpstr (cm_ocr_layer_get_engine (layer), ==, "fake 1.0, eng");

  plain = cm_text_index_new (document, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (cm_text_index_page_has_text (plain, 2));
  cm_text_index_get_page_range (plain, 1, &start, &end);
  page1_before = cm_text_index_get_slice (plain, start, end);

  index = cm_text_index_new_with_ocr (document, layer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cm_text_index_get_ocr_layer (index) == layer);
  /* Page 1 has a text layer: OCR never replaces it. */
  g_assert_false (cm_text_index_page_is_ocr (index, 1));
  cm_text_index_get_page_range (index, 1, &start, &end);
  page1_after = cm_text_index_get_slice (index, start, end);
  g_assert_cmpstr (page1_after, ==, page1_before);
  g_assert_null (strstr (page1_after, "Zebra"));
  /* Page 2 is a scan: its text is the OCR's, marked as such. */
  g_assert_true (cm_text_index_page_is_ocr (index, 2));
  g_assert_true (cm_text_index_page_has_text (index, 2));
  g_assert_false (cm_text_index_page_is_ocr (index, 3));

  matches = cm_text_index_find (index, "zebra quorum xylophone", 0);
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpuint (g_array_index (matches, CmTextMatch, 0).page, ==, 2);
  rects = cm_text_index_get_rects (index, g_array_index (matches, CmTextMatch, 0).start,
                                   g_array_index (matches, CmTextMatch, 0).end);
  g_assert_cmpuint (rects->len, ==, 2);
  /* 300 px at 300 dpi is 72 pt; 760 px is 182.4 pt (the index keeps
   * sixteenths of a point). */
  g_assert_cmpfloat_with_epsilon (g_array_index (rects, CmPageRect, 0).x1, 72.0, 0.07);
  g_assert_cmpfloat_with_epsilon (g_array_index (rects, CmPageRect, 0).x2, 182.4, 0.07);
  g_assert_cmpfloat_with_epsilon (g_array_index (rects, CmPageRect, 1).y1, 1080 / (300 / 72.0), 0.07);
  g_assert_cmpuint (g_array_index (rects, CmPageRect, 0).page, ==, 2);
}

static void
test_index_async_with_layer_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  CmTextIndex **index = user_data;
  g_autoptr(GError) error = NULL;

  *index = cm_text_index_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_index_async_with_layer (void)
{
  g_autofree char *pdf = cm_test_fixture_path ("scanned.pdf");
  g_autoptr(CmDocument) document = cm_document_new_for_path (pdf, NULL, NULL);
  g_autoptr(CmOcrLayer) layer = cm_ocr_layer_new (cm_document_get_sha256 (document));
  g_autoptr(GPtrArray) words = two_line_words ();
  g_autoptr(CmTextIndex) index = NULL;

  cm_ocr_layer_set_page (layer, 1, words);
  cm_text_index_new_with_ocr_async (document, layer, NULL, test_index_async_with_layer_cb, &index);
  while (index == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cm_text_index_has_text (index));
  g_assert_true (cm_text_index_page_is_ocr (index, 1));
  /* Page 2 was not recognized: still a scan without text. */
  g_assert_false (cm_text_index_page_is_ocr (index, 2));
  g_assert_false (cm_text_index_page_has_text (index, 2));
}

/* The tesseract plugin, without tesseract ---------------------------------------- */

static void
test_tesseract_unavailable (void)
{
  g_autoptr(CmOcrEngine) engine = create_tesseract ();
  g_autofree char *pdf = cm_test_fixture_path ("scanned.pdf");
  g_autoptr(CmDocument) document = cm_document_new_for_path (pdf, NULL, NULL);
  g_autoptr(CmOcrLayer) layer = cm_ocr_layer_new (cm_document_get_sha256 (document));
  g_autoptr(GError) error = NULL;
  g_autofree char *installed = g_find_program_in_path ("tesseract");
  const guint pages[] = { 1 };

  g_object_set (engine, "program", "/nonexistent/bin/tesseract", NULL);
  g_assert_false (cm_ocr_engine_is_available (engine, &error));
  g_assert_error (error, CM_OCR_ERROR, CM_OCR_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "tesseract-ocr"));
  g_clear_error (&error);

  g_assert_false (cm_ocr_layer_recognize (layer, document, engine, pages, 1, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, CM_OCR_ERROR, CM_OCR_ERROR_UNAVAILABLE);
  g_assert_false (cm_ocr_layer_has_page (layer, 1));
  g_clear_error (&error);

  /* Installed, but without the language's data. */
  g_object_set (engine, "program", NULL, "language", "xx-none", NULL);
  if (installed != NULL)
    {
      g_assert_false (cm_ocr_engine_is_available (engine, &error));
      g_assert_error (error, CM_OCR_ERROR, CM_OCR_ERROR_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "tesseract-ocr-xx-none"));
    }
}

static void
test_tesseract_timeout (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *program = cm_test_write_fake_tesseract (dir, NULL, "exec sleep 60");
  g_autoptr(CmOcrEngine) engine = create_tesseract ();
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  g_object_set (engine, "program", program, "timeout", 1, NULL);
  g_assert_true (cm_ocr_engine_is_available (engine, NULL));
  started = g_get_monotonic_time ();
  words = cm_ocr_engine_recognize (engine, "/dev/null", 300 / 72.0, NULL, &error);
  g_assert_null (words);
  g_assert_error (error, CM_OCR_ERROR, CM_OCR_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 15 * G_USEC_PER_SEC);

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static gpointer
recognize_thread (gpointer data)
{
  gpointer *args = data;
  GError *error = NULL;
  GPtrArray *words;

  words = cm_ocr_engine_recognize (args[0], "/dev/null", 300 / 72.0, args[1], &error);
  g_assert_null (words);
  return error;
}

static void
test_tesseract_cancel (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *program = cm_test_write_fake_tesseract (dir, NULL, "exec sleep 60");
  g_autoptr(CmOcrEngine) engine = create_tesseract ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gpointer args[2] = { engine, cancellable };
  GThread *thread;
  gint64 started = g_get_monotonic_time ();

  g_object_set (engine, "program", program, NULL);
  thread = g_thread_new ("recognize", recognize_thread, args);
  g_timeout_add (200, cancel_soon, cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  error = g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The 60 s child was stopped, not waited for. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 15 * G_USEC_PER_SEC);

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_tesseract_failures (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autoptr(CmOcrEngine) engine = create_tesseract ();
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;

  program = cm_test_write_fake_tesseract (dir, NULL, "echo 'Error, cannot read input file x.png' >&2; exit 1");
  g_object_set (engine, "program", program, NULL);
  words = cm_ocr_engine_recognize (engine, "/dev/null", 300 / 72.0, NULL, &error);
  g_assert_null (words);
  g_assert_error (error, CM_OCR_ERROR, CM_OCR_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "cannot read input file"));
  g_clear_error (&error);
  g_clear_pointer (&program, g_free);

  program = cm_test_write_fake_tesseract (dir, NULL, "echo 'not a word list'");
  g_object_set (engine, "program", program, NULL);
  words = cm_ocr_engine_recognize (engine, "/dev/null", 300 / 72.0, NULL, &error);
  g_assert_null (words);
  g_assert_error (error, CM_OCR_ERROR, CM_OCR_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_pointer (&program, g_free);

  /* Well-formed TSV: words kept, the non-word rows (conf -1) and blank
   * words dropped, pixels turned into points, lines numbered. */
  program = cm_test_write_fake_tesseract (dir, NULL,
    "printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n"
    "1\\t1\\t0\\t0\\t0\\t0\\t0\\t0\\t2550\\t3300\\t-1\\t\\n"
    "5\\t1\\t1\\t1\\t1\\t1\\t300\\t400\\t100\\t40\\t95.5\\tSEC.\\n"
    "5\\t1\\t1\\t1\\t1\\t2\\t420\\t400\\t30\\t40\\t91\\t \\n"
    "5\\t1\\t1\\t1\\t2\\t1\\t300\\t500\\t60\\t40\\t88\\tNo\\n'");
  g_object_set (engine, "program", program, NULL);
  words = cm_ocr_engine_recognize (engine, "/dev/null", 300 / 72.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (words->len, ==, 2);
  {
    double x1, y1, x2, y2;

    cm_ocr_word_get_box (g_ptr_array_index (words, 0), &x1, &y1, &x2, &y2);
    g_assert_cmpfloat_with_epsilon (x1, 72.0, 0.01);
    g_assert_cmpfloat_with_epsilon (y2, 440 * 72 / 300.0, 0.01);
    g_assert_cmpuint (cm_ocr_word_get_line (g_ptr_array_index (words, 0)), ==, 0);
    g_assert_cmpuint (cm_ocr_word_get_line (g_ptr_array_index (words, 1)), ==, 1);
    g_assert_cmpfloat_with_epsilon (cm_ocr_word_get_confidence (g_ptr_array_index (words, 0)), 95.5, 0.01);
  }
  {
    g_autofree char *description = cm_ocr_engine_describe (engine);

    g_assert_cmpstr (description, ==, "tesseract 9.9.9, eng");
  }

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_cli_without_tesseract (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *fixture = cm_test_fixture_path ("scanned.pdf");
  g_autofree char *pdf = cm_test_copy_file (fixture, dir, "scan.pdf");
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cache = g_build_filename (dir, "scan.clausemark-ocr.xml", NULL);
  int status;

  /* An empty PATH: tesseract cannot be found, whether installed or not. */
  g_setenv ("PATH", dir, TRUE);
  status = cm_test_run_cli (&out, &err, "ocr", pdf, NULL);
  g_setenv ("PATH", saved_path, TRUE);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "scan.pdf"));
  g_assert_nonnull (strstr (err, "tesseract-ocr"));
  /* One line, as every CLI error. */
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "ocr", pdf, "--pages", "1,7", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--pages"));

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The languages a stand-in tesseract lists, the choice of one or two, and
 * that the choice reaches its command line; the CLI's --language. */
static void
test_tesseract_languages (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *args_path = g_build_filename (dir, "args", NULL);
  g_autofree char *body = g_strdup_printf ("echo \"$@\" > '%s'; exit 1", args_path);
  static const char * const installed[] = { "spa", "osd", "eng", NULL };
  g_autofree char *program = cm_test_write_fake_tesseract (dir, installed, body);
  g_autofree char *fixture = cm_test_fixture_path ("scanned.pdf");
  g_autofree char *pdf = cm_test_copy_file (fixture, dir, "scan.pdf");
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autoptr(CmOcrEngine) engine = create_tesseract ();
  g_autoptr(CmDocument) document = cm_document_new_for_path (pdf, NULL, NULL);
  g_autoptr(CmOcrLayer) layer = cm_ocr_layer_new (cm_document_get_sha256 (document));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) languages = NULL;
  g_autofree char *args = NULL;
  g_autofree char *description = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const guint pages[] = { 1 };
  int status;

  g_object_set (engine, "program", program, NULL);

  /* Sorted, without "osd" (script detection, no language). */
  languages = cm_ocr_engine_list_languages (engine);
  g_assert_nonnull (languages);
  g_assert_cmpuint (g_strv_length (languages), ==, 2);
  g_assert_cmpstr (languages[0], ==, "eng");
  g_assert_cmpstr (languages[1], ==, "spa");

  g_assert_true (cm_ocr_engine_set_language (engine, "spa+eng"));
  g_assert_true (cm_ocr_engine_is_available (engine, &error));
  g_assert_no_error (error);
  description = cm_ocr_engine_describe (engine);
  g_assert_nonnull (strstr (description, "spa+eng"));
  g_assert_false (cm_ocr_layer_recognize (layer, document, engine, pages, 1, 0, NULL, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (args_path, &args, NULL, NULL));
  g_assert_nonnull (strstr (args, "-l spa+eng"));

  /* One part missing: the message names it, and its package. */
  g_assert_true (cm_ocr_engine_set_language (engine, "eng+fra"));
  g_assert_false (cm_ocr_engine_is_available (engine, &error));
  g_assert_error (error, CM_OCR_ERROR, CM_OCR_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "tesseract-ocr-fra"));
  g_assert_null (strstr (error->message, "eng"));

  /* The CLI finds the stand-in in $PATH and passes --language on. */
  g_setenv ("PATH", dir, TRUE);
  status = cm_test_run_cli (&out, &err, "ocr", pdf, "--language", "fra", NULL);
  g_setenv ("PATH", saved_path, TRUE);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "tesseract-ocr-fra"));

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The tesseract plugin, with tesseract -------------------------------------------- */

static void
test_tesseract_round_trip (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *id = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmOcrLayer) layer = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GError) error = NULL;
  const char *figure;
  CmAnnotation *annotation;
  CmAnchor *anchor;

  if (tesseract_missing ())
    return;

  dir = cm_test_tmpdir_new ();
  fixture = cm_test_fixture_path ("scanned.pdf");
  pdf = cm_test_copy_file (fixture, dir, "scan.pdf");
  cache = g_build_filename (dir, "scan.clausemark-ocr.xml", NULL);

  /* OCR both pages, with progress on stderr and figures on stdout. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "ocr", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pages-recognized: 1, 2\n"));
  g_assert_nonnull (strstr (out, "engine: tesseract "));
  g_assert_nonnull (strstr (err, "page 2 recognized (2 of 2)"));
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));
  figure = strstr (out, "seconds-per-page: ");
  g_assert_nonnull (figure);
  g_test_message ("OCR (tesseract, 300 dpi): %.*s s", (int) strcspn (figure + 18, "\n"), figure + 18);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Cached: a second run recognizes nothing. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "ocr", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pages-recognized: none\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "has-text: no\n"));
  g_assert_nonnull (strstr (out, "pages-without-text: 1, 2\n"));
  g_assert_nonnull (strstr (out, "ocr-pages: 1, 2\n"));
  g_assert_nonnull (strstr (out, "OCR text for 2 (marked as OCR)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The index finds a known phrase of the scan through the cached layer. */
  document = cm_document_new_for_path (pdf, NULL, &error);
  g_assert_no_error (error);
  layer = cm_ocr_layer_load_for_document (document, NULL, &error);
  g_assert_no_error (error);
  index = cm_text_index_new_with_ocr (document, layer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cm_text_index_page_is_ocr (index, 1));
  matches = cm_text_index_find (index, "on the basis of an immigration detainer", 0);
  g_assert_cmpuint (matches->len, ==, 2);
  g_assert_cmpuint (g_array_index (matches, CmTextMatch, 1).page, ==, 2);

  /* Tagged through the CLI, on the second page. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", pdf, "--item", "detain.no-detainer-holds",
                                    "--assessment", "strong", "--page", "2",
                                    "--quote", "detain a person on the basis of an immigration detainer",
                                    "--author", "Ana", NULL), ==, 0);
  id = g_strstrip (g_strdup (out));
  store = cm_test_get_store ();
  sidecar = cm_store_sidecar_for_document (cm_document_get_file (document));
  review = cm_store_load (store, sidecar, NULL, &error);
  g_assert_no_error (error);
  annotation = cm_review_lookup_annotation (review, id);
  g_assert_nonnull (annotation);
  anchor = cm_annotation_get_anchor (annotation);
  g_assert_cmpstr (cm_anchor_get_exact (anchor), ==, "detain a person on the basis of an immigration detainer");
  g_assert_cmpuint (cm_anchor_get_page (anchor), ==, 2);
  g_assert_cmpuint (cm_anchor_get_rects (anchor)->len, >=, 1);

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_tesseract_stale_cache (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  if (tesseract_missing ())
    return;

  dir = cm_test_tmpdir_new ();
  fixture = cm_test_fixture_path ("mixed-scan.pdf");
  pdf = cm_test_copy_file (fixture, dir, "mixed.pdf");

  /* Page 1 has a text layer: asked for, it is left alone. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "ocr", pdf, "--pages", "1-2", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pages-recognized: 2\n"));
  g_assert_nonnull (strstr (err, "page 1 has a text layer"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The PDF changes (an incremental update appends bytes): the cache no
   * longer applies, says so, and is not used. */
  file = g_file_new_for_path (pdf);
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, NULL);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (stream), "\n%changed\n", 10, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL));
  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ocr-pages: none\n"));
  g_assert_nonnull (strstr (err, "another version of the PDF"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --force remakes it. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "ocr", pdf, "--force", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pages-recognized: 2\n"));

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ocr/layer/round-trip", test_layer_round_trip);
  g_test_add_func ("/ocr/layer/file-name", test_layer_file_name);
  g_test_add_func ("/ocr/layer/hostile", test_layer_hostile);
  g_test_add_func ("/ocr/layer/page-text", test_layer_page_text);
  g_test_add_func ("/ocr/index/reads-layer", test_index_reads_layer);
  g_test_add_func ("/ocr/index/async", test_index_async_with_layer);
  g_test_add_func ("/ocr/tesseract/unavailable", test_tesseract_unavailable);
  g_test_add_func ("/ocr/tesseract/timeout", test_tesseract_timeout);
  g_test_add_func ("/ocr/tesseract/cancel", test_tesseract_cancel);
  g_test_add_func ("/ocr/tesseract/failures", test_tesseract_failures);
  g_test_add_func ("/ocr/cli/without-tesseract", test_cli_without_tesseract);
  g_test_add_func ("/ocr/tesseract/languages", test_tesseract_languages);
  g_test_add_func ("/ocr/tesseract/round-trip", test_tesseract_round_trip);
  g_test_add_func ("/ocr/tesseract/stale-cache", test_tesseract_stale_cache);

  return g_test_run ();
}
