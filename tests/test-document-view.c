/* test-document-view.c: the document view in a real window: first page, selection, copy, scrolling, zoom, find, highlights. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <cairo-pdf.h>
#include <math.h>

#include "cm-document-view.h"
#include "cm-render-worker.h"
#include "cm-test-util.h"

#define LONG_DOCUMENT_PAGES 300

static gboolean have_display;
static char *tmpdir;
static char *long_pdf;

typedef struct
{
  GtkWidget   *window;
  GtkWidget   *scrolled;
  CmDocumentView *view;
  CmDocument  *document;
  CmTextIndex *index;
  guint        first_page_drawn;
} ViewFixture;

static void
on_first_page_drawn (CmDocumentView *view,
                     ViewFixture    *fixture)
{
  fixture->first_page_drawn++;
}

static gboolean
flag_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *COUNTER is non-zero or TIMEOUT_MS (times
 * CM_TEST_TIMEOUT_SCALE) passes. */
static gboolean
wait_for_counter (guint *counter,
                  guint  timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (cm_test_scaled (timeout_ms), flag_timeout, &timed_out);

  while (*counter == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *counter != 0;
}

/* Lets a few frames go by so the view lays out and draws. */
static void
run_frames (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static ViewFixture *
view_fixture_new (const char *path)
{
  ViewFixture *fixture = g_new0 (ViewFixture, 1);
  g_autoptr(GError) error = NULL;

  fixture->document = cm_document_new_for_path (path, NULL, &error);
  g_assert_no_error (error);
  fixture->index = cm_text_index_new (fixture->document, NULL, &error);
  g_assert_no_error (error);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  fixture->scrolled = gtk_scrolled_window_new ();
  fixture->view = CM_DOCUMENT_VIEW (cm_document_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fixture->scrolled), GTK_WIDGET (fixture->view));
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->scrolled);
  g_signal_connect (fixture->view, "first-page-drawn", G_CALLBACK (on_first_page_drawn), fixture);

  cm_document_view_set_document (fixture->view, fixture->document, fixture->index);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for_counter (&fixture->first_page_drawn, 20000));
  return fixture;
}

static void
view_fixture_free (ViewFixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->index);
  g_clear_object (&fixture->document);
  g_free (fixture);
}

static gboolean
skip_without_display (void)
{
  if (!have_display)
    {
      g_test_skip ("no display (run under xvfb-run)");
      return TRUE;
    }
  return FALSE;
}

/* A long document with text on every page, typeset with cairo, a landscape
 * page in the middle to exercise the layout. */
static char *
make_long_pdf (const char *dir)
{
  char *path = g_build_filename (dir, "long.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);

  for (int page = 1; page <= LONG_DOCUMENT_PAGES; page++)
    {
      g_autofree char *line = g_strdup_printf ("Section %d. The council finds that page %d exists.", page, page);

      if (page == LONG_DOCUMENT_PAGES / 2)
        cairo_pdf_surface_set_size (surface, 792, 612);
      else if (page == LONG_DOCUMENT_PAGES / 2 + 1)
        cairo_pdf_surface_set_size (surface, 612, 792);
      cairo_select_font_face (cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 12);
      cairo_move_to (cr, 72, 100);
      cairo_show_text (cr, line);
      cairo_move_to (cr, 72, 130);
      cairo_show_text (cr, "No agency shall detain a person on a civil immigration detainer.");
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_first_page_drawn (void)
{
  g_autofree char *path = NULL;
  ViewFixture *fixture;
  guint n_pages = 0;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  g_object_get (fixture->view, "n-pages", &n_pages, NULL);
  g_assert_cmpuint (n_pages, ==, cm_document_get_n_pages (fixture->document));
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 1);
  g_assert_true (cm_document_view_get_document (fixture->view) == fixture->document);

  /* Only once, however often the view redraws. */
  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  run_frames (200);
  g_assert_cmpuint (fixture->first_page_drawn, ==, 1);

  /* The render worker took the document's own poppler instance; the
   * document still reads page text (with another). */
  {
    g_autofree char *text = NULL;
    g_autofree CmPageRect *boxes = NULL;
    g_autoptr(GError) error = NULL;
    guint n_boxes = 0;

    g_assert_true (cm_document_get_page_text (fixture->document, 1, &text, &boxes, &n_boxes, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "Chicago"));
    g_assert_cmpuint (n_boxes, ==, g_utf8_strlen (text, -1));
  }

  view_fixture_free (fixture);
}

static void
test_selection_programmatic (void)
{
  g_autofree char *path = NULL;
  ViewFixture *fixture;
  guint start = 0, end = 0;
  gboolean has_selection = TRUE;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  g_assert_false (cm_document_view_get_selection (fixture->view, &start, &end));
  /* Given backwards: the selection is still [10, 60). */
  cm_document_view_select_range (fixture->view, 60, 10);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, 10);
  g_assert_cmpuint (end, ==, 60);
  g_object_get (fixture->view, "has-selection", &has_selection, NULL);
  g_assert_true (has_selection);

  /* Past the end: clamped to the text. */
  cm_document_view_select_range (fixture->view, 5, G_MAXUINT);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (end, ==, cm_text_index_get_length (fixture->index));

  cm_document_view_clear_selection (fixture->view);
  g_assert_false (cm_document_view_get_selection (fixture->view, NULL, NULL));
  g_object_get (fixture->view, "has-selection", &has_selection, NULL);
  g_assert_false (has_selection);

  view_fixture_free (fixture);
}

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  char **text = data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static void
test_selection_copy (void)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;
  ViewFixture *fixture;
  gboolean done = FALSE;
  guint id;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  cm_document_view_select_range (fixture->view, 100, 180);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->view)),
                                 NULL, on_text_read, &copied);
  id = g_timeout_add (cm_test_scaled (5000), flag_timeout, &done);
  while (copied == NULL && !done)
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_source_remove (id);

  expected = cm_text_index_get_slice (fixture->index, 100, 180);
  g_strdelimit (expected, "\f", '\n');
  g_assert_cmpstr (copied, ==, expected);

  view_fixture_free (fixture);
}

static void
test_selection_keyboard (void)
{
  g_autofree char *path = NULL;
  ViewFixture *fixture;
  guint start = 0, end = 0, line_end;
  CmPageRect first_box, moved_box;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  /* Shift+Right and Shift+Left move the selection's end by one character. */
  cm_document_view_select_range (fixture->view, 200, 210);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", 1, 0));
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, 200);
  g_assert_cmpuint (end, ==, 211);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", -1, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", -1, 0);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (end, ==, 209);

  /* Shift+Down moves the end to the line below. */
  g_assert_true (cm_text_index_get_char_box (fixture->index, 209, &first_box));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", 0, 1);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  line_end = end;
  g_assert_cmpuint (line_end, >, 209);
  g_assert_true (cm_text_index_get_char_box (fixture->index, line_end, &moved_box));
  g_assert_cmpfloat (moved_box.y1, >, first_box.y1);
  /* And Shift+Up back above it. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", 0, -1);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (end, <, line_end);

  /* Back past the anchor: the selection turns around it. */
  cm_document_view_select_range (fixture->view, 300, 301);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", -1, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", -1, 0);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, 299);
  g_assert_cmpuint (end, ==, 300);

  /* Without a selection, Shift+Right starts at the first line on screen,
   * not at the top of the page scrolled past (here 300 px into page 2). */
  {
    GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (fixture->scrolled));
    guint page_start = 0, page_end = 0;

    cm_text_index_get_page_range (fixture->index, 2, &page_start, &page_end);
    cm_document_view_clear_selection (fixture->view);
    cm_document_view_set_page (fixture->view, 2);
    run_frames (200);
    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment) + 300);
    run_frames (200);
    g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 2);
    gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.extend-selection", "(ii)", 1, 0);
    g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
    g_assert_cmpuint (start, >, page_start);
    g_assert_cmpuint (start, <, page_end);
    g_assert_cmpuint (end, ==, start + 1);
  }

  view_fixture_free (fixture);
}

static void
on_context_menu (CmDocumentView *view,
                 double          x,
                 double          y,
                 guint          *count)
{
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <=, gtk_widget_get_width (GTK_WIDGET (view)));
  g_assert_cmpfloat (y, <=, gtk_widget_get_height (GTK_WIDGET (view)));
  (*count)++;
}

static gboolean
same_line (const CmPageRect *a,
           const CmPageRect *b)
{
  return a->page == b->page && fabs ((a->y1 + a->y2) / 2 - (b->y1 + b->y2) / 2) < fabs (a->y2 - a->y1) / 2;
}

/* Caret mode (F7): a caret on the first line on screen, moved by words
 * without selecting; Shift extends from it by words and to the line's end. */
static void
test_caret_mode (void)
{
  g_autofree char *path = NULL;
  ViewFixture *fixture;
  guint start = 0, end = 0, page_start = 0, page_end = 0, length;
  CmPageRect first_box, last_box, next_box;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);
  length = cm_text_index_get_length (fixture->index);
  cm_text_index_get_page_range (fixture->index, 1, &page_start, &page_end);

  g_assert_false (cm_document_view_get_caret_mode (fixture->view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.caret-mode", NULL));
  g_assert_true (cm_document_view_get_caret_mode (fixture->view));
  /* A caret, not a selection. */
  g_assert_false (cm_document_view_get_selection (fixture->view, &start, &end));
  run_frames (100);

  /* Down goes line by line through the centred title, each line starting
   * further in than the last: never off to the next page. */
  for (guint i = 0; i < 3; i++)
    {
      CmPageRect before, after;

      g_assert_true (cm_document_view_get_caret (fixture->view, &start));
      g_assert_true (cm_text_index_get_char_box (fixture->index, start, &before));
      gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.move-cursor", "(sib)", "lines", 1, FALSE);
      g_assert_true (cm_document_view_get_caret (fixture->view, &end));
      g_assert_true (cm_text_index_get_char_box (fixture->index, end, &after));
      g_assert_cmpuint (after.page, ==, 1);
      g_assert_cmpfloat (after.y1, >, before.y1);
      g_assert_false (same_line (&before, &after));
    }
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.move-cursor", "(sib)", "lines", -3, FALSE);

  /* Ctrl+Right twice: at the end of the second word, still no selection. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.move-cursor", "(sib)", "words", 2, FALSE);
  g_assert_false (cm_document_view_get_selection (fixture->view, &start, &end));

  /* Ctrl+Shift+Right twice: the next two words, from the caret. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.move-cursor", "(sib)", "words", 2, TRUE);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, >=, page_start);
  {
    g_autofree char *text = cm_text_index_get_slice (fixture->index, start, end);
    guint words = 0;
    gboolean in_word = FALSE;

    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
      {
        gboolean letter = g_unichar_isalnum (g_utf8_get_char (p));

        words += letter && !in_word;
        in_word = letter;
      }
    g_test_message ("two words: “%s”", text);
    g_assert_cmpuint (words, ==, 2);
    /* It ends with the second word, not after it. */
    g_assert_true (in_word);
  }

  /* Shift+End: to the end of that printed line, and no further. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.move-cursor", "(sib)", "line-ends", 1, TRUE);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_true (cm_text_index_get_char_box (fixture->index, start, &first_box));
  g_assert_true (cm_text_index_get_char_box (fixture->index, end - 1, &last_box));
  g_assert_true (same_line (&first_box, &last_box));
  /* What follows is the line's break, or the next line. */
  if (end < length && cm_text_index_get_char_box (fixture->index, end, &next_box))
    {
      g_autofree char *next = cm_text_index_get_slice (fixture->index, end, end + 1);

      g_assert_true (g_unichar_isspace (g_utf8_get_char (next)) || !same_line (&last_box, &next_box));
    }
  {
    g_autofree char *last = cm_text_index_get_slice (fixture->index, end - 1, end);

    g_assert_false (g_unichar_isspace (g_utf8_get_char (last)));
  }

  /* Shift+Home: back to the line's start, behind the anchor. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.move-cursor", "(sib)", "line-ends", -1, TRUE);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_true (cm_text_index_get_char_box (fixture->index, start, &first_box));
  g_assert_true (same_line (&first_box, &last_box));

  /* Right, not extending, lands on the selection's far edge as a caret. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.move-cursor", "(sib)", "chars", 1, FALSE);
  g_assert_false (cm_document_view_get_selection (fixture->view, &start, &end));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.caret-mode", NULL));
  g_assert_false (cm_document_view_get_caret_mode (fixture->view));
  view_fixture_free (fixture);
}

/* Caret mode starts on the first line on screen: after Ctrl+L (the top of
 * the screen in the gap above the page) it is that page's first line, not
 * the last line of the page before, above the screen. */
static void
test_caret_starts_on_screen (void)
{
  g_autofree char *path = NULL;
  ViewFixture *fixture;
  guint caret = 0, page_start = 0, page_end = 0;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);
  cm_text_index_get_page_range (fixture->index, 3, &page_start, &page_end);

  cm_document_view_set_page (fixture->view, 3);
  run_frames (200);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 3);
  cm_document_view_set_caret_mode (fixture->view, TRUE);
  g_assert_true (cm_document_view_get_caret (fixture->view, &caret));
  g_assert_cmpuint (caret, >=, page_start);
  g_assert_cmpuint (caret, <, page_start + 80);
  /* And there it stays: the view does not scroll back. */
  run_frames (100);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 3);
  view_fixture_free (fixture);
}

static void
test_context_menu_key (void)
{
  g_autofree char *path = NULL;
  ViewFixture *fixture;
  guint count = 0;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  g_signal_connect (fixture->view, "context-menu", G_CALLBACK (on_context_menu), &count);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.context-menu", NULL));
  cm_document_view_select_range (fixture->view, 100, 120);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.context-menu", NULL));
  g_assert_cmpuint (count, ==, 2);

  view_fixture_free (fixture);
}

static void
on_notify_page (GObject    *object,
                GParamSpec *pspec,
                guint      *count)
{
  (*count)++;
}

static void
test_scroll_last_page (void)
{
  ViewFixture *fixture;
  GtkAdjustment *vadjustment;
  guint n_pages, notified = 0;

  if (skip_without_display ())
    return;
  fixture = view_fixture_new (long_pdf);
  n_pages = cm_document_get_n_pages (fixture->document);
  g_assert_cmpuint (n_pages, ==, LONG_DOCUMENT_PAGES);
  g_signal_connect (fixture->view, "notify::page", G_CALLBACK (on_notify_page), &notified);

  /* Laid out without rendering: the whole document is scrollable at once. */
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture->view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >,
                     (n_pages - 1) * gtk_adjustment_get_page_size (vadjustment));

  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  run_frames (100);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, n_pages);
  g_assert_cmpuint (notified, >=, 1);

  cm_document_view_set_page (fixture->view, 42);
  run_frames (100);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 42);

  gtk_adjustment_set_value (vadjustment, 0);
  run_frames (50);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 1);

  g_object_set (fixture->view, "page", n_pages, NULL);
  run_frames (100);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, n_pages);

  view_fixture_free (fixture);
}

/* The new size of a resized window comes back from the X server: runs
 * frames until the view's zoom drops below ZOOM, for at least 300 ms and at
 * most 5 s (times CM_TEST_TIMEOUT_SCALE; under memcheck, with other tests
 * running, 300 ms were not always enough). */
static void
wait_for_zoom_below (CmDocumentView *view,
                     double          zoom)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) cm_test_scaled (5000) * 1000;

  run_frames (300);
  while (cm_document_view_get_zoom (view) >= zoom && g_get_monotonic_time () < deadline)
    run_frames (50);
}

static void
test_zoom_modes (void)
{
  g_autofree char *path = NULL;
  ViewFixture *fixture;
  double fit_width, fit_page, zoom;
  CmZoomMode mode;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  g_assert_cmpint (cm_document_view_get_zoom_mode (fixture->view), ==, CM_ZOOM_FIT_WIDTH);
  fit_width = cm_document_view_get_zoom (fixture->view);
  /* 900 px wide window, a 612 pt page at 96 dpi is 816 px: fit width zooms in. */
  g_assert_cmpfloat (fit_width, >, 1.0);

  cm_document_view_set_zoom_mode (fixture->view, CM_ZOOM_FIT_PAGE);
  fit_page = cm_document_view_get_zoom (fixture->view);
  g_assert_cmpfloat (fit_page, <, fit_width);

  cm_document_view_zoom_in (fixture->view);
  zoom = cm_document_view_get_zoom (fixture->view);
  g_assert_cmpfloat (zoom, >, fit_page);
  g_object_get (fixture->view, "zoom-mode", &mode, NULL);
  g_assert_cmpint (mode, ==, CM_ZOOM_FREE);

  cm_document_view_zoom_out (fixture->view);
  g_assert_cmpfloat (cm_document_view_get_zoom (fixture->view), <, zoom);

  cm_document_view_set_zoom (fixture->view, 2.0);
  g_assert_cmpfloat_with_epsilon (cm_document_view_get_zoom (fixture->view), 2.0, 1e-9);
  run_frames (100);

  /* Back to fit width, and the window resized: the zoom follows the width. */
  cm_document_view_set_zoom_mode (fixture->view, CM_ZOOM_FIT_WIDTH);
  g_assert_cmpfloat_with_epsilon (cm_document_view_get_zoom (fixture->view), fit_width, 1e-6);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 700);
  wait_for_zoom_below (fixture->view, fit_width);
  g_assert_cmpfloat (cm_document_view_get_zoom (fixture->view), <, fit_width);

  view_fixture_free (fixture);
}

static void
test_find_count (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GArray) expected = NULL;
  ViewFixture *fixture;
  guint count, start, end, first_start;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  expected = cm_text_index_find (fixture->index, "immigration", 0);
  g_assert_cmpuint (expected->len, >, 1);

  count = cm_document_view_find (fixture->view, "immigration");
  g_assert_cmpuint (count, ==, expected->len);
  /* The current match is selected: the first one, from page 1. */
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, g_array_index (expected, CmTextMatch, 0).start);
  g_assert_cmpuint (end, ==, g_array_index (expected, CmTextMatch, 0).end);
  first_start = start;

  cm_document_view_find_next (fixture->view);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, g_array_index (expected, CmTextMatch, 1).start);

  cm_document_view_find_previous (fixture->view);
  cm_document_view_find_previous (fixture->view);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, g_array_index (expected, CmTextMatch, expected->len - 1).start);
  /* Wrapped to the last match: the view scrolled there. */
  run_frames (100);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), >=,
                    g_array_index (expected, CmTextMatch, expected->len - 1).page > 1 ? 2 : 1);
  g_assert_cmpuint (first_start, <, start);

  g_assert_cmpuint (cm_document_view_find (fixture->view, "zzqxj-not-there"), ==, 0);
  g_assert_cmpuint (cm_document_view_find (fixture->view, ""), ==, 0);
  cm_document_view_find_clear (fixture->view);

  view_fixture_free (fixture);
}

static void
on_view_find_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The window's find: on a thread, then the same highlights and selection
 * as the synchronous one; a search overtaken by the next one is cancelled
 * and leaves the newer result in place. */
static void
test_find_async (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) stale = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ViewFixture *fixture;
  guint count = 0, start, end;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);
  expected = cm_text_index_find (fixture->index, "shall", 0);
  g_assert_cmpuint (expected->len, >, 1);

  cm_document_view_find_async (fixture->view, "immigration", cancellable, on_view_find_ready, &stale);
  g_cancellable_cancel (cancellable);
  cm_document_view_find_async (fixture->view, "shall", NULL, on_view_find_ready, &result);
  while (result == NULL || stale == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (cm_document_view_find_finish (fixture->view, stale, &count, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (cm_document_view_find_finish (fixture->view, result, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, expected->len);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, g_array_index (expected, CmTextMatch, 0).start);
  g_assert_cmpuint (end, ==, g_array_index (expected, CmTextMatch, 0).end);
  cm_document_view_find_next (fixture->view);
  g_assert_true (cm_document_view_get_selection (fixture->view, &start, &end));
  g_assert_cmpuint (start, ==, g_array_index (expected, CmTextMatch, 1).start);

  view_fixture_free (fixture);
}

static void
test_find_long_document (void)
{
  g_autoptr(GArray) expected = NULL;
  ViewFixture *fixture;

  if (skip_without_display ())
    return;
  fixture = view_fixture_new (long_pdf);

  expected = cm_text_index_find (fixture->index, "detainer", 0);
  g_assert_cmpuint (expected->len, ==, LONG_DOCUMENT_PAGES);
  g_assert_cmpuint (cm_document_view_find (fixture->view, "detainer"), ==, expected->len);

  /* From the page being read: find starts there, not at the top. */
  cm_document_view_set_page (fixture->view, 200);
  run_frames (100);
  g_assert_cmpuint (cm_document_view_find (fixture->view, "detainer"), ==, expected->len);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 200);

  view_fixture_free (fixture);
}

static void
test_highlights_follow_review (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autoptr(CmAnchor) anchor = NULL;
  g_autoptr(GArray) matches = NULL;
  ViewFixture *fixture;
  CmTextMatch *match;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);

  matches = cm_text_index_find (fixture->index, "immigrant", 0);
  g_assert_cmpuint (matches->len, >, 0);
  match = &g_array_index (matches, CmTextMatch, 0);
  anchor = cm_anchor_new_for_range (fixture->index, match->start, match->end);
  g_assert_cmpuint (cm_anchor_get_rects (anchor)->len, >, 0);
  annotation = cm_annotation_new (NULL, "Tester", NULL);
  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, "detainers.judicial-warrant");
  cm_annotation_set_assessment (annotation, CM_ASSESSMENT_PARTIAL);

  cm_document_view_set_review (fixture->view, review);
  g_assert_true (cm_review_add_annotation (review, annotation));
  cm_document_view_scroll_to_range (fixture->view, match->start, match->end, TRUE);
  run_frames (200);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), <=, match->page);

  g_assert_true (cm_review_remove_annotation (review, cm_annotation_get_id (annotation), "Tester"));
  cm_document_view_set_review (fixture->view, NULL);
  run_frames (50);

  view_fixture_free (fixture);
}

static guint
view_n_pages (CmDocumentView *view)
{
  guint n_pages = 0;

  g_object_get (view, "n-pages", &n_pages, NULL);
  return n_pages;
}

/* How many frames the window paints before the first page is drawn. */
typedef struct
{
  CmDocumentView *view;
  guint           frames_before_first_page;
  guint           first_page_drawn;
  guint           n_pages_notified;
} HoldProbe;

static void
hold_probe_after_paint (GdkFrameClock *clock,
                        HoldProbe     *probe)
{
  if (probe->first_page_drawn == 0)
    probe->frames_before_first_page++;
}

static void
hold_probe_first_page (CmDocumentView *view,
                       HoldProbe      *probe)
{
  g_assert_true (view == probe->view);
  probe->first_page_drawn++;
}

static void
hold_probe_n_pages (CmDocumentView *view,
                    GParamSpec     *pspec,
                    HoldProbe      *probe)
{
  g_assert_true (view == probe->view);
  probe->n_pages_notified++;
}

/* An empty view in a shown window, with its frames counted from now. */
static GtkWidget *
hold_window_new (HoldProbe *probe,
                 guint      hold_ms)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  probe->view = CM_DOCUMENT_VIEW (cm_document_view_new ());
  g_object_set (probe->view, "first-frame-hold", hold_ms, NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (probe->view));
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  run_frames (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (probe->view)), >, 0);

  g_signal_connect (probe->view, "first-page-drawn", G_CALLBACK (hold_probe_first_page), probe);
  g_signal_connect (probe->view, "notify::n-pages", G_CALLBACK (hold_probe_n_pages), probe);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (hold_probe_after_paint), probe);
  return window;
}

static void
hold_window_free (GtkWidget *window,
                  HoldProbe *probe)
{
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (window), probe);
  g_object_add_weak_pointer (G_OBJECT (probe->view), (gpointer *) &probe->view);
  gtk_window_destroy (GTK_WINDOW (window));
  /* The view goes with its window, and its signals with it. */
  g_assert_null (probe->view);
}

/* A document opened into an empty view goes to the screen with its first
 * page: no frame of placeholders first, nor of the scrollbars. */
static void
test_first_frame_held (void)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  HoldProbe probe = { 0 };
  GtkAdjustment *vadjustment;
  GtkWidget *window;

  if (skip_without_display ())
    return;
  /* Long enough that page 1 arrives first however slow the machine. */
  window = hold_window_new (&probe, cm_test_scaled (60000));
  document = cm_document_new_for_path (long_pdf, NULL, &error);
  g_assert_no_error (error);

  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (probe.view));
  cm_document_view_set_document (probe.view, document, NULL);
  /* The page count is there at once; the notification, and the scrollbars'
   * new range, come with the page. */
  g_assert_cmpuint (view_n_pages (probe.view), ==, LONG_DOCUMENT_PAGES);
  g_assert_cmpuint (probe.n_pages_notified, ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), <=, gtk_adjustment_get_page_size (vadjustment));
  g_assert_true (wait_for_counter (&probe.first_page_drawn, 20000));
  g_assert_cmpuint (probe.frames_before_first_page, ==, 1);
  g_assert_cmpuint (probe.n_pages_notified, ==, 1);

  /* Everything that waited is set up: the document scrolls. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >,
                     50 * gtk_adjustment_get_page_size (vadjustment));
  cm_document_view_set_page (probe.view, 120);
  run_frames (200);
  g_assert_cmpuint (cm_document_view_get_page (probe.view), ==, 120);

  hold_window_free (window, &probe);
}

/* With no hold, placeholders are drawn first; with a short one, a page
 * that is late gets them once it is over. Either way the view ends up
 * showing the document. */
static void
test_first_frame_not_held (void)
{
  const guint holds[] = { 0, 1 };

  if (skip_without_display ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (holds); i++)
    {
      g_autoptr(CmDocument) document = NULL;
      g_autoptr(GError) error = NULL;
      HoldProbe probe = { 0 };
      GtkAdjustment *vadjustment;
      GtkWidget *window = hold_window_new (&probe, holds[i]);

      document = cm_document_new_for_path (long_pdf, NULL, &error);
      g_assert_no_error (error);
      cm_document_view_set_document (probe.view, document, NULL);
      if (holds[i] == 0)
        g_assert_cmpuint (probe.n_pages_notified, ==, 1);
      g_assert_true (wait_for_counter (&probe.first_page_drawn, 20000));
      g_assert_cmpuint (probe.frames_before_first_page, >=, 1);
      g_assert_cmpuint (probe.n_pages_notified, ==, 1);
      vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (probe.view));
      g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >,
                         50 * gtk_adjustment_get_page_size (vadjustment));

      hold_window_free (window, &probe);
    }
}

/* A document replaced, sent to a page, or its window closed while the
 * first frame waits. */
static void
test_first_frame_hold_interrupted (void)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  HoldProbe probe = { 0 };
  GtkWidget *window;

  if (skip_without_display ())
    return;
  document = cm_document_new_for_path (long_pdf, NULL, &error);
  g_assert_no_error (error);

  window = hold_window_new (&probe, cm_test_scaled (60000));
  cm_document_view_set_document (probe.view, document, NULL);
  cm_document_view_set_document (probe.view, NULL, NULL);
  g_assert_cmpuint (view_n_pages (probe.view), ==, 0);
  run_frames (300);
  g_assert_cmpuint (probe.first_page_drawn, ==, 0);
  /* Shown again, it waits again, and shows. */
  cm_document_view_set_document (probe.view, document, NULL);
  g_assert_true (wait_for_counter (&probe.first_page_drawn, 20000));
  hold_window_free (window, &probe);

  /* Sent to a page while waiting: it goes there. */
  memset (&probe, 0, sizeof probe);
  window = hold_window_new (&probe, cm_test_scaled (60000));
  cm_document_view_set_document (probe.view, document, NULL);
  cm_document_view_set_page (probe.view, 120);
  g_assert_cmpuint (probe.n_pages_notified, ==, 1);
  run_frames (300);
  g_assert_cmpuint (cm_document_view_get_page (probe.view), ==, 120);
  hold_window_free (window, &probe);

  memset (&probe, 0, sizeof probe);
  window = hold_window_new (&probe, cm_test_scaled (60000));
  cm_document_view_set_document (probe.view, document, NULL);
  hold_window_free (window, &probe);
  run_frames (300);
  g_assert_cmpuint (probe.first_page_drawn, ==, 0);
}

static void
test_replace_document (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CmDocument) other = NULL;
  g_autoptr(GError) error = NULL;
  ViewFixture *fixture;

  if (skip_without_display ())
    return;
  path = cm_test_fixture_path ("chicago-plain.pdf");
  fixture = view_fixture_new (path);
  cm_document_view_select_range (fixture->view, 0, 20);

  other = cm_document_new_for_path (long_pdf, NULL, &error);
  g_assert_no_error (error);
  /* Without its index yet, as the window does while the text is extracted. */
  cm_document_view_set_document (fixture->view, other, NULL);
  g_assert_false (cm_document_view_get_selection (fixture->view, NULL, NULL));
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 1);
  cm_document_view_select_range (fixture->view, 0, 20);
  g_assert_false (cm_document_view_get_selection (fixture->view, NULL, NULL));
  g_assert_cmpuint (cm_document_view_find (fixture->view, "council"), ==, 0);
  run_frames (100);

  cm_document_view_set_document (fixture->view, NULL, NULL);
  g_assert_cmpuint (cm_document_view_get_page (fixture->view), ==, 0);
  run_frames (50);

  view_fixture_free (fixture);
}

static void
on_page_rendered (CmRenderWorker *worker,
                  guint           page,
                  guint          *last)
{
  *last = page;
}

static void
wait_for_page (guint *last,
               guint  page)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (cm_test_scaled (20000), flag_timeout, &timed_out);

  while (*last != page && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static GBytes *
long_pdf_bytes (void)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (long_pdf, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Pages come back at the asked scale, the cache stays within its budget by
 * evicting the least recently used page, and pages on screen are spared. */
static void
on_page_rendered_thread (CmRenderWorker *worker,
                         guint           page,
                         GThread       **thread)
{
  *thread = g_thread_self ();
}

/* A page is handed over on the main loop's thread, even when that thread
 * is busy between two iterations as the page is finished (when, free to
 * be taken, the default context would let g_main_context_invoke() run it
 * on the render thread). */
static void
test_worker_delivers_on_main_thread (void)
{
  g_autoptr(GBytes) bytes = long_pdf_bytes ();
  g_autoptr(CmRenderWorker) worker = cm_render_worker_new (bytes, NULL, NULL, 64 * 1024 * 1024);
  GThread *thread = NULL;
  gboolean timed_out = FALSE;
  guint id;

  g_signal_connect (worker, "page-rendered", G_CALLBACK (on_page_rendered_thread), &thread);
  cm_render_worker_request (worker, 1, 1.0, CM_RENDER_PRIORITY_VISIBLE);
  /* Long enough for page 1 to be done; the loop does not run meanwhile. */
  for (guint waited = 0; waited < cm_test_scaled (5000) && cm_render_worker_get_n_pending (worker) > 0; waited += 10)
    g_usleep (10 * 1000);
  g_usleep (cm_test_scaled (200) * 1000);
  g_assert_null (thread);

  id = g_timeout_add (cm_test_scaled (20000), flag_timeout, &timed_out);
  while (thread == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_true (thread == g_thread_self ());
  g_assert_nonnull (cm_render_worker_lookup (worker, 1));
}

static void
test_worker_cache_bounded (void)
{
  g_autoptr(GBytes) bytes = long_pdf_bytes ();
  g_autoptr(CmRenderWorker) worker = NULL;
  const CmRenderedPage *rendered;
  gsize page_bytes;
  guint last = 0;

  /* One Letter page at 1 px per point is 612 × 792 × 4 bytes: room for 3. */
  page_bytes = (gsize) cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, 612) * 792;
  worker = cm_render_worker_new (bytes, NULL, NULL, 3 * page_bytes + page_bytes / 2);
  g_signal_connect (worker, "page-rendered", G_CALLBACK (on_page_rendered), &last);

  cm_render_worker_set_visible (worker, 1, 1);
  for (guint page = 1; page <= 6; page++)
    {
      cm_render_worker_request (worker, page, 1.0, CM_RENDER_PRIORITY_VISIBLE);
      wait_for_page (&last, page);
      g_assert_cmpuint (cm_render_worker_get_cache_bytes (worker), <=, 3 * page_bytes + page_bytes / 2);
    }

  rendered = cm_render_worker_lookup (worker, 6);
  g_assert_nonnull (rendered);
  g_assert_cmpint (rendered->width, ==, 612);
  g_assert_cmpint (rendered->height, ==, 792);
  g_assert_cmpfloat (rendered->scale, ==, 1.0);
  g_assert_cmpuint (rendered->n_strips, >, 1);
  /* On screen all along, so kept although the oldest. */
  g_assert_nonnull (cm_render_worker_lookup (worker, 1));
  /* The least recently used of the others are gone. */
  g_assert_null (cm_render_worker_lookup (worker, 2));
  g_assert_null (cm_render_worker_lookup (worker, 3));

  /* A page already cached at that scale is not rendered again. */
  cm_render_worker_request (worker, 6, 1.0, CM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (cm_render_worker_get_n_pending (worker), ==, 0);

  /* At another scale it is, and the new pixels replace the old. */
  cm_render_worker_request (worker, 6, 0.5, CM_RENDER_PRIORITY_VISIBLE);
  last = 0;
  wait_for_page (&last, 6);
  rendered = cm_render_worker_lookup (worker, 6);
  g_assert_cmpint (rendered->width, ==, 306);

  cm_render_worker_clear_cache (worker);
  g_assert_cmpuint (cm_render_worker_get_cache_bytes (worker), ==, 0);
  g_assert_null (cm_render_worker_lookup (worker, 6));
}

/* Pages scrolled away before the worker reached them are dropped, and the
 * visible ones go first. */
static void
test_worker_cancel_and_priority (void)
{
  g_autoptr(GBytes) bytes = long_pdf_bytes ();
  g_autoptr(CmRenderWorker) worker = cm_render_worker_new (bytes, NULL, NULL, 0);
  guint last = 0;

  g_signal_connect (worker, "page-rendered", G_CALLBACK (on_page_rendered), &last);
  for (guint page = 10; page <= 60; page++)
    cm_render_worker_request (worker, page, 2.0, CM_RENDER_PRIORITY_PREFETCH);
  cm_render_worker_request (worker, 100, 2.0, CM_RENDER_PRIORITY_VISIBLE);
  cm_render_worker_cancel_outside (worker, 95, 105);
  /* At most the page already being rendered is left besides page 100. */
  g_assert_cmpuint (cm_render_worker_get_n_pending (worker), <=, 2);
  wait_for_page (&last, 100);
  g_assert_nonnull (cm_render_worker_lookup (worker, 100));
  g_assert_null (cm_render_worker_lookup (worker, 60));
}

/* The worker may outlive nothing: dropping it with jobs queued must neither
 * block nor deliver to a dead object. */
static void
test_worker_dropped_while_busy (void)
{
  g_autoptr(GBytes) bytes = long_pdf_bytes ();
  CmRenderWorker *worker = cm_render_worker_new (bytes, NULL, NULL, 0);
  gint64 start;

  for (guint page = 1; page <= 20; page++)
    cm_render_worker_request (worker, page, 3.0, CM_RENDER_PRIORITY_VISIBLE);
  start = g_get_monotonic_time ();
  g_object_unref (worker);
  /* Results still in flight find no worker and are dropped. */
  run_frames (300);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* A page that hangs poppler (a Type 3 glyph that draws itself hangs its
 * cairo backend) is given up on after a while; the worker goes on with a
 * fresh thread and renders the other pages. */
static void
test_worker_survives_hung_page (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/pdfjs__ContentStreamCycleType3insideType3.pdf");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CmRenderWorker) worker = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  gboolean timed_out = FALSE;
  guint id;

  if (path == NULL)
    return;
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  bytes = g_bytes_new_take (contents, length);
  worker = cm_render_worker_new (bytes, NULL, NULL, 0);

  cm_render_worker_request (worker, 1, 1.0, CM_RENDER_PRIORITY_VISIBLE);
  id = g_timeout_add (cm_test_scaled (25000), flag_timeout, &timed_out);
  while (cm_render_worker_get_n_pending (worker) > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  /* Either poppler finished after all, or the page was given up on; asking
   * again does not queue it again in either case. */
  cm_render_worker_request (worker, 1, 1.0, CM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (cm_render_worker_get_n_pending (worker), ==, 0);
}

static void
demo_annotation_activated (CmDocumentView *view,
                           const char     *id,
                           double          x,
                           double          y)
{
  g_print ("annotation-activated %s at %.0f,%.0f\n", id, x, y);
}

static void
demo_context_menu (CmDocumentView *view,
                   double          x,
                   double          y)
{
  g_print ("context-menu at %.0f,%.0f\n", x, y);
}

static void
demo_notify (GObject    *object,
             GParamSpec *pspec,
             ViewFixture *fixture)
{
  guint start, end;

  if (cm_document_view_get_selection (fixture->view, &start, &end))
    {
      g_autofree char *text = cm_text_index_get_slice (fixture->index, start, end);

      g_print ("%s: selection [%u, %u) \"%s\"\n", pspec->name, start, end, text);
    }
  else
    g_print ("%s: page %u, zoom %.2f, no selection\n", pspec->name,
             cm_document_view_get_page (fixture->view), cm_document_view_get_zoom (fixture->view));
}

/* `test-document-view --demo FILE [--dark]` shows the view with a
 * selection, a highlight and find results, for screenshots; it prints what
 * the view signals, to check pointer input driven from outside. */
static int
run_demo (const char *file,
          gboolean    dark)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) review = cm_review_new ();
  ViewFixture *fixture;
  g_autoptr(GArray) matches = NULL;
  const char *quotes[] = { "immigrant communities", "documented citizens", "crime" };
  CmAssessment levels[] = { CM_ASSESSMENT_PARTIAL, CM_ASSESSMENT_HARMFUL, CM_ASSESSMENT_STRONG };

  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  fixture = view_fixture_new (file);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 860);
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Clausemark document view");

  for (guint q = 0; q < G_N_ELEMENTS (quotes); q++)
    {
      g_autoptr(GArray) found = cm_text_index_find (fixture->index, quotes[q], 0);

      for (guint i = 0; i < MIN (found->len, 2u); i++)
        {
          CmTextMatch *match = &g_array_index (found, CmTextMatch, i);
          g_autoptr(CmAnchor) anchor = cm_anchor_new_for_range (fixture->index, match->start, match->end);
          g_autoptr(CmAnnotation) annotation = cm_annotation_new (NULL, "Demo", NULL);

          cm_annotation_set_anchor (annotation, anchor);
          cm_annotation_set_item_id (annotation, "detainers.judicial-warrant");
          cm_annotation_set_assessment (annotation, levels[q]);
          cm_review_add_annotation (review, annotation);
        }
    }
  cm_document_view_set_review (fixture->view, review);
  g_signal_connect (fixture->view, "annotation-activated", G_CALLBACK (demo_annotation_activated), NULL);
  g_signal_connect (fixture->view, "context-menu", G_CALLBACK (demo_context_menu), NULL);
  g_signal_connect (fixture->view, "notify::has-selection", G_CALLBACK (demo_notify), fixture);
  g_signal_connect (fixture->view, "notify::zoom", G_CALLBACK (demo_notify), fixture);
  g_signal_connect (fixture->view, "notify::page", G_CALLBACK (demo_notify), fixture);
  cm_document_view_find (fixture->view, "shall");
  cm_document_view_set_page (fixture->view, 1);
  matches = cm_text_index_find (fixture->index, "Welcoming City", 0);
  if (matches->len > 0)
    cm_document_view_select_range (fixture->view, g_array_index (matches, CmTextMatch, 0).start,
                                   g_array_index (matches, CmTextMatch, 0).end + 40);
  run_frames (g_getenv ("CM_DEMO_SECONDS") ? atoi (g_getenv ("CM_DEMO_SECONDS")) * 1000 : 8000);
  view_fixture_free (fixture);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  if (argc >= 3 && g_str_equal (argv[1], "--demo") && have_display)
    return run_demo (argv[2], argc >= 4 && g_str_equal (argv[3], "--dark"));

  tmpdir = cm_test_tmpdir_new ();
  long_pdf = make_long_pdf (tmpdir);

  g_test_add_func ("/render-worker/cache-bounded", test_worker_cache_bounded);
  g_test_add_func ("/render-worker/main-thread", test_worker_delivers_on_main_thread);
  g_test_add_func ("/render-worker/cancel-and-priority", test_worker_cancel_and_priority);
  g_test_add_func ("/render-worker/dropped-while-busy", test_worker_dropped_while_busy);
  g_test_add_func ("/render-worker/hung-page", test_worker_survives_hung_page);
  g_test_add_func ("/view/first-page-drawn", test_first_page_drawn);
  g_test_add_func ("/view/selection/programmatic", test_selection_programmatic);
  g_test_add_func ("/view/selection/copy", test_selection_copy);
  g_test_add_func ("/view/selection/keyboard", test_selection_keyboard);
  g_test_add_func ("/view/selection/caret-mode", test_caret_mode);
  g_test_add_func ("/view/selection/caret-starts-on-screen", test_caret_starts_on_screen);
  g_test_add_func ("/view/context-menu/key", test_context_menu_key);
  g_test_add_func ("/view/scroll/last-page", test_scroll_last_page);
  g_test_add_func ("/view/zoom/modes", test_zoom_modes);
  g_test_add_func ("/view/find/count", test_find_count);
  g_test_add_func ("/view/find/long-document", test_find_long_document);
  g_test_add_func ("/view/find/async", test_find_async);
  g_test_add_func ("/view/highlights/follow-review", test_highlights_follow_review);
  g_test_add_func ("/view/document/replace", test_replace_document);
  g_test_add_func ("/view/first-frame/held", test_first_frame_held);
  g_test_add_func ("/view/first-frame/not-held", test_first_frame_not_held);
  g_test_add_func ("/view/first-frame/interrupted", test_first_frame_hold_interrupted);

  status = g_test_run ();
  g_clear_pointer (&long_pdf, g_free);
  g_clear_pointer (&tmpdir, cm_test_tmpdir_free);
  /* As the application does: poppler's static destructors must not run
   * under a render thread (the hung-page test may leave one for good). */
  if (!cm_background_wait (cm_test_scaled (10000)))
    {
      fflush (NULL);
      _exit (status);
    }
  return status;
}
