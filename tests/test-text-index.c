/* test-text-index.c: extraction in reading order (columns, line numbers, footers) and tolerant quote search. */
#include <string.h>

#include "cm-test-util.h"
#include "cm-text-index-private.h"

static CmTextIndex *
index_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cm_test_fixture_path (name);
  g_autoptr(CmDocument) document = cm_document_new_for_path (path, NULL, &error);
  CmTextIndex *index;

  g_assert_no_error (error);
  index = cm_text_index_new (document, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (index);
  return index;
}

/* The single match of QUOTE (asserted single), as a slice of the index. */
static char *
find_one (CmTextIndex *index,
          const char  *quote,
          CmTextMatch *out)
{
  g_autoptr(GArray) matches = cm_text_index_find (index, quote, 0);

  g_assert_cmpuint (matches->len, ==, 1);
  if (out != NULL)
    *out = g_array_index (matches, CmTextMatch, 0);
  return cm_text_index_get_slice (index, g_array_index (matches, CmTextMatch, 0).start,
                                  g_array_index (matches, CmTextMatch, 0).end);
}

static guint
count_matches (CmTextIndex *index,
               const char  *quote)
{
  g_autoptr(GArray) matches = cm_text_index_find (index, quote, 0);

  return matches->len;
}

static void
test_pages (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  const char *text = cm_text_index_get_text (index);
  guint previous_end = 0, n_breaks = 0;

  g_assert_cmpuint (cm_text_index_get_n_pages (index), ==, 4);
  g_assert_true (cm_text_index_has_text (index));
  g_assert_cmpuint (cm_text_index_get_length (index), ==, g_utf8_strlen (text, -1));
  g_assert_true (CM_IS_DOCUMENT (cm_text_index_get_document (index)));

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\f')
      n_breaks++;
  g_assert_cmpuint (n_breaks, ==, 3);

  for (guint page = 1; page <= 4; page++)
    {
      guint start = 0, end = 0;
      g_autofree char *slice = NULL;

      cm_text_index_get_page_range (index, page, &start, &end);
      g_assert_true (cm_text_index_page_has_text (index, page));
      g_assert_cmpuint (start, <, end);
      /* Pages follow each other, one '\f' apart. */
      if (page > 1)
        g_assert_cmpuint (start, ==, previous_end + 1);
      g_assert_cmpuint (cm_text_index_get_page_at (index, start), ==, page);
      g_assert_cmpuint (cm_text_index_get_page_at (index, end - 1), ==, page);
      slice = cm_text_index_get_slice (index, start, end);
      g_assert_null (strchr (slice, '\f'));
      previous_end = end;
    }
  g_assert_cmpuint (previous_end, ==, cm_text_index_get_length (index));
  g_assert_false (cm_text_index_page_has_text (index, 5));
  g_assert_cmpuint (cm_text_index_get_page_at (index, G_MAXUINT), ==, 4);
}

static void
test_slice (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("typography.pdf");
  guint length = cm_text_index_get_length (index);
  g_autofree char *all = cm_text_index_get_slice (index, 0, G_MAXUINT);
  g_autofree char *empty = cm_text_index_get_slice (index, 10, 5);
  g_autofree char *tail = cm_text_index_get_slice (index, length - 5, length);
  g_autofree char *expected_tail = g_utf8_substring (cm_text_index_get_text (index), length - 5, length);

  g_assert_cmpstr (all, ==, cm_text_index_get_text (index));
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (tail, ==, expected_tail);
}

static void
on_index_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cm_test_fixture_path ("ca-sb54-plain.pdf");
  g_autoptr(CmDocument) document = cm_document_new_for_path (path, NULL, &error);
  g_autoptr(CmTextIndex) sync_index = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(CmTextIndex) cancelled = NULL;

  g_assert_no_error (error);
  cm_text_index_new_async (document, NULL, on_index_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  index = cm_text_index_new_finish (result, &error);
  g_assert_no_error (error);

  sync_index = cm_text_index_new (document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_text_index_get_text (index), ==, cm_text_index_get_text (sync_index));

  g_cancellable_cancel (cancellable);
  cm_text_index_new_async (document, cancellable, on_index_ready, &cancelled_result);
  while (cancelled_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  cancelled = cm_text_index_new_finish (cancelled_result, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_search_line_break (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  CmTextMatch match;
  g_autofree char *slice = find_one (index, "one of the most ethnically, racially and religiously diverse "
                                     "cities in the world", &match);

  /* The quote runs across a line break of the PDF. */
  g_assert_nonnull (strchr (slice, '\n'));
  g_assert_cmpuint (match.page, ==, 1);
  g_assert_cmpuint (match.end - match.start, ==, g_utf8_strlen (slice, -1));
}

static void
test_search_across_pages (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  guint start1, end1, start2, end2;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *slice = NULL;
  CmTextMatch match;

  /* The last 40 characters of page 1 and the first 40 of page 2. */
  cm_text_index_get_page_range (index, 1, &start1, &end1);
  cm_text_index_get_page_range (index, 2, &start2, &end2);
  before = cm_text_index_get_slice (index, end1 - 40, end1);
  after = cm_text_index_get_slice (index, start2, start2 + 40);
  quote = g_strconcat (before, " ", after, NULL);
  g_strdelimit (quote, "\n", ' ');

  slice = find_one (index, quote, &match);
  g_assert_nonnull (strchr (slice, '\f'));
  g_assert_cmpuint (match.page, ==, 1);
  g_assert_cmpuint (match.start, ==, end1 - 40);
  g_assert_cmpuint (match.end, ==, start2 + 40);

  /* Searching one page finds the matches that start on it. */
  {
    g_autoptr(GArray) on_page_1 = cm_text_index_find (index, quote, 1);
    g_autoptr(GArray) on_page_2 = cm_text_index_find (index, quote, 2);

    g_assert_cmpuint (on_page_1->len, ==, 1);
    g_assert_cmpuint (on_page_2->len, ==, 0);
  }
}

static void
test_search_hyphenation (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("typography.pdf");
  g_autoptr(CmTextIndex) columns = index_fixture ("chicago-columns.pdf");
  g_autofree char *slice = NULL;
  g_autofree char *compound = NULL;

  /* "immi-" ends one line and "gration" begins the next. */
  g_assert_nonnull (strstr (cm_text_index_get_text (index), "immi-\ngration"));
  slice = find_one (index, "the enforcement of federal immigration law", NULL);
  g_assert_nonnull (strstr (slice, "immi-\ngration"));

  /* A real hyphen that the line break fell after still matches as typed. */
  g_assert_nonnull (strstr (cm_text_index_get_text (columns), "one-out-\nof-five"));
  compound = find_one (columns, "where one-out-of-five of the City's residents", NULL);
  g_assert_nonnull (strstr (compound, "one-out-\nof-five"));
}

static void
test_search_ligatures (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("typography.pdf");
  g_autofree char *slice = NULL;

  /* The text layer really holds ligature characters. */
  g_assert_nonnull (strstr (cm_text_index_get_text (index), "ﬃ"));
  g_assert_nonnull (strstr (cm_text_index_get_text (index), "ﬁ"));

  slice = find_one (index, "The Office of Immigrant Affairs shall file a", NULL);
  g_assert_nonnull (strstr (slice, "Oﬃce"));
  g_assert_cmpuint (count_matches (index, "the flag shall fly"), ==, 1);
  /* And the other way round. */
  g_assert_cmpuint (count_matches (index, "Oﬃce of Immigrant Aﬀairs"), ==, 1);
}

static void
test_search_quotes_and_dashes (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("typography.pdf");
  g_autofree char *slice = NULL;

  slice = find_one (index, "file a \"written notice\" with the City's Clerk", NULL);
  g_assert_nonnull (strstr (slice, "“written notice”"));
  g_assert_nonnull (strstr (slice, "City’s"));
  g_assert_cmpuint (count_matches (index, "Clerk - within five days -- and the flag"), ==, 1);
  g_assert_cmpuint (count_matches (index, "Clerk – within five days — and"), ==, 1);
}

/* Pages whose only text repeats on every page (here "Salad 0" … "Salad 29"
 * at the top): the lines go as running headers, but the pages keep their
 * text layer; they are no scans. */
static void
test_running_lines_only (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/qpdf__outlines-with-loop.pdf");
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  document = cm_document_new_for_path (path, NULL, &error);
  g_assert_no_error (error);
  index = cm_text_index_new (document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_text_index_get_n_pages (index), ==, 30);
  g_assert_null (strstr (cm_text_index_get_text (index), "Salad"));
  g_assert_true (cm_text_index_has_text (index));
  for (guint page = 1; page <= 30; page++)
    g_assert_true (cm_text_index_page_has_text (index, page));
}

static void
test_has_word (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("typography.pdf");

  g_assert_true (cm_text_index_has_word (index, "immigration"));
  g_assert_true (cm_text_index_has_word (index, "half-mast"));
  g_assert_true (cm_text_index_has_word (index, "Sheriff"));
  /* Inside a longer word, or split across a line, is not whole. */
  g_assert_false (cm_text_index_has_word (index, "immigrat"));
  g_assert_false (cm_text_index_has_word (index, "immi-gration"));
}

static void
test_search_spaces_and_case (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("typography.pdf");
  g_autoptr(CmTextIndex) chicago = index_fixture ("chicago-plain.pdf");

  /* The PDF has runs of spaces between these words. */
  g_assert_cmpuint (count_matches (index, "No agent shall request documents proving status"), ==, 1);
  g_assert_cmpuint (count_matches (index, "request   documents\tproving\n status"), ==, 1);
  g_assert_cmpuint (count_matches (chicago, "chapter 2-173 welcoming city ordinance 2-173-005 purpose and intent"), ==, 1);
  g_assert_cmpuint (count_matches (chicago, "  THE VITALITY  of the city "), ==, 1);
}

static void
on_find_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GArray *
find_on_thread (CmTextIndex   *index,
                const char    *quote,
                guint          page,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cm_text_index_find_async (index, quote, page, cancellable, on_find_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cm_text_index_find_finish (index, result, error);
}

/* On a thread, the same matches as in the calling one; a cancelled search
 * says so instead of answering. */
static void
test_search_async (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  g_autoptr(GArray) expected = cm_text_index_find (index, "immigration", 0);
  g_autoptr(GArray) expected_page = cm_text_index_find (index, "immigration", 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) on_page = NULL;
  g_autoptr(GArray) cancelled = NULL;
  g_autoptr(GError) error = NULL;

  matches = find_on_thread (index, "IMMIGRATION", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, >, 5);
  g_assert_cmpuint (matches->len, ==, expected->len);
  for (guint i = 0; i < matches->len; i++)
    {
      g_assert_cmpuint (g_array_index (matches, CmTextMatch, i).start, ==,
                        g_array_index (expected, CmTextMatch, i).start);
      g_assert_cmpuint (g_array_index (matches, CmTextMatch, i).end, ==,
                        g_array_index (expected, CmTextMatch, i).end);
    }
  on_page = find_on_thread (index, "immigration", 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_page->len, ==, expected_page->len);

  g_cancellable_cancel (cancellable);
  cancelled = find_on_thread (index, "immigration", 0, cancellable, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_search_order_and_pages (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  g_autoptr(GArray) all = cm_text_index_find (index, "immigration", 0);
  g_autoptr(GArray) on_page_2 = cm_text_index_find (index, "immigration", 2);
  g_autoptr(GArray) none = cm_text_index_find (index, "deportation quota", 0);
  g_autoptr(GArray) empty = cm_text_index_find (index, " \n ", 0);
  g_autoptr(GArray) bad_page = cm_text_index_find (index, "immigration", 9);
  guint n_on_page_2 = 0;

  g_assert_cmpuint (all->len, >, 5);
  for (guint i = 0; i < all->len; i++)
    {
      const CmTextMatch *m = &g_array_index (all, CmTextMatch, i);
      g_autofree char *slice = cm_text_index_get_slice (index, m->start, m->end);

      g_assert_cmpint (g_ascii_strcasecmp (slice, "immigration"), ==, 0);
      g_assert_cmpuint (m->page, ==, cm_text_index_get_page_at (index, m->start));
      if (i > 0)
        g_assert_cmpuint (m->start, >=, g_array_index (all, CmTextMatch, i - 1).end);
      if (m->page == 2)
        n_on_page_2++;
    }
  g_assert_cmpuint (on_page_2->len, ==, n_on_page_2);
  g_assert_cmpuint (on_page_2->len, >, 0);
  for (guint i = 0; i < on_page_2->len; i++)
    g_assert_cmpuint (g_array_index (on_page_2, CmTextMatch, i).page, ==, 2);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (bad_page->len, ==, 0);
}

static void
test_columns_reading_order (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-columns.pdf");
  g_autoptr(CmTextIndex) plain = index_fixture ("ca-sb54-plain.pdf");
  g_autoptr(CmTextIndex) columns = index_fixture ("ca-sb54-columns.pdf");
  g_autofree char *norm_plain = cm_text_normalize (cm_text_index_get_text (plain));
  g_autofree char *norm_columns = cm_text_normalize (cm_text_index_get_text (columns));
  guint start, end;
  gboolean in_right_column = FALSE;
  const char *p;

  /* On a full two-column page, every glyph of the left column comes
   * before every glyph of the right one. */
  cm_text_index_get_page_range (index, 2, &start, &end);
  p = g_utf8_offset_to_pointer (cm_text_index_get_text (index), start);
  for (guint i = start; i < end; i++, p = g_utf8_next_char (p))
    {
      CmPageRect box;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        continue;
      g_assert_true (cm_text_index_get_char_box (index, i, &box));
      if (box.x1 > 306)
        in_right_column = TRUE;
      else
        g_assert_false (in_right_column);
    }
  g_assert_true (in_right_column);

  /* Read column by column, the two-column ordinance says exactly what the
   * one-column one says. */
  g_assert_cmpstr (norm_columns, ==, norm_plain);
}

static void
test_columns_sentence_across_gutter (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-columns.pdf");
  g_autoptr(GArray) rects = NULL;
  CmTextMatch match;
  g_autofree char *slice = find_one (index, "The cooperation of the City's immigrant communities is essential "
                                     "to prevent and solve crimes and maintain public order", &match);
  const CmPageRect *first, *last;

  g_assert_cmpuint (match.page, ==, 1);
  rects = cm_text_index_get_rects (index, match.start, match.end);
  g_assert_cmpuint (rects->len, >=, 2);
  first = &g_array_index (rects, CmPageRect, 0);
  last = &g_array_index (rects, CmPageRect, rects->len - 1);
  /* It starts at the foot of the left column and ends in the right one. */
  g_assert_cmpfloat (first->x2, <, 306);
  g_assert_cmpfloat (last->x1, >, 306);
  g_assert_cmpfloat (last->y1, <, first->y1);
}

static gboolean
has_line_of_digits (const char *text)
{
  g_auto(GStrv) lines = g_strsplit_set (text, "\n\f", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0' && strspn (lines[i], "0123456789 ") == strlen (lines[i]))
        return TRUE;
    }
  return FALSE;
}

static void
test_line_numbers_excluded (void)
{
  g_autoptr(CmTextIndex) lines = index_fixture ("chicago-lines.pdf");
  g_autoptr(CmTextIndex) plain = index_fixture ("chicago-plain.pdf");
  g_autoptr(CmTextIndex) ca_lines = index_fixture ("ca-sb54-lines.pdf");
  g_autoptr(CmTextIndex) ca_plain = index_fixture ("ca-sb54-plain.pdf");
  g_autoptr(CmTextIndex) long_lines = index_fixture ("chicago-lines-long.pdf");
  g_autoptr(CmTextIndex) long_plain = index_fixture ("chicago-plain-long.pdf");
  g_autoptr(CmTextIndex) tidy_lines = index_fixture ("chicago-lines-tidy.pdf");
  g_autofree char *slice = NULL;

  /* Same text, line for line, as the print without line numbers: numbers
   * from 100 on wrap in their box ("10" beside the line, "1" under it),
   * from 1,000 on too ("100", "0"); right-aligned ones do not. */
  g_assert_cmpstr (cm_text_index_get_text (lines), ==, cm_text_index_get_text (plain));
  g_assert_cmpstr (cm_text_index_get_text (ca_lines), ==, cm_text_index_get_text (ca_plain));
  g_assert_cmpstr (cm_text_index_get_text (long_lines), ==, cm_text_index_get_text (long_plain));
  g_assert_cmpstr (cm_text_index_get_text (tidy_lines), ==, cm_text_index_get_text (plain));
  g_assert_false (has_line_of_digits (cm_text_index_get_text (lines)));

  slice = find_one (lines, "The City Council finds that the cooperation of all persons, both documented "
                    "citizens and those without documentation status", NULL);
  g_assert_null (strpbrk (slice, "0123456789"));

  /* Numbers that merely begin a line of text are text. */
  g_assert_cmpuint (count_matches (ca_plain, "subdivision (a) of Section 261 of, paragraphs (1) and (4)"), ==, 1);
}

static void
test_footers_excluded (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  g_autoptr(CmTextIndex) columns = index_fixture ("ca-sb54-columns.pdf");
  const char *text = cm_text_index_get_text (index);
  guint start, end;
  g_autofree char *page_1_end = NULL;

  /* mkordinance prints "TITLE   Page N" at the foot of every page; only the
   * title at the top of page 1 remains. */
  g_assert_null (strstr (text, "Page 1"));
  g_assert_null (strstr (text, "Page 2"));
  g_assert_cmpuint (count_matches (index, "Municipal Code of Chicago, Chapter 2-173 - Welcoming City"), ==, 1);
  g_assert_null (strstr (cm_text_index_get_text (columns), "Page 3"));

  /* A quote that runs over a page break does not pick up the footer. */
  cm_text_index_get_page_range (index, 1, &start, &end);
  page_1_end = cm_text_index_get_slice (index, end - 30, end + 30);
  g_assert_null (strstr (page_1_end, "Page"));
  g_assert_null (strstr (page_1_end, "Welcoming"));
}

static void
test_rects (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  CmTextMatch match;
  g_autofree char *slice = find_one (index, "the most ethnically, racially and religiously diverse cities", &match);
  g_autoptr(GArray) rects = cm_text_index_get_rects (index, match.start, match.end);
  g_autoptr(GArray) none = cm_text_index_get_rects (index, 10, 10);
  const CmPageRect *a, *b;

  g_assert_nonnull (strchr (slice, '\n'));
  /* One rectangle per line fragment. */
  g_assert_cmpuint (rects->len, ==, 2);
  a = &g_array_index (rects, CmPageRect, 0);
  b = &g_array_index (rects, CmPageRect, 1);
  g_assert_cmpuint (a->page, ==, 1);
  g_assert_cmpuint (b->page, ==, 1);
  g_assert_cmpfloat (a->y2, <=, b->y1 + 0.5);
  g_assert_cmpfloat (b->x1, <, a->x1);
  g_assert_cmpfloat (a->x2, <=, 612 - 72 + 1);
  g_assert_cmpfloat (b->x1, >=, 72 - 1);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_offset_at (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  CmTextMatch match;
  g_autofree char *slice = find_one (index, "religiously", &match);
  CmPageRect box;
  guint offset = 0;

  g_assert_true (cm_text_index_get_char_box (index, match.start + 2, &box));
  g_assert_cmpuint (box.page, ==, 1);

  /* The left part of a glyph selects from its start... */
  g_assert_true (cm_text_index_get_offset_at (index, 1, box.x1 + 0.2 * (box.x2 - box.x1),
                                              (box.y1 + box.y2) / 2, &offset));
  g_assert_cmpuint (offset, ==, match.start + 2);
  /* ...and a point in the margin beside a line picks its nearest glyph. */
  g_assert_true (cm_text_index_get_offset_at (index, 1, 10, (box.y1 + box.y2) / 2, &offset));
  g_assert_cmpuint (cm_text_index_get_page_at (index, offset), ==, 1);
  g_assert_true (cm_text_index_get_char_box (index, offset, &box));
  g_assert_cmpfloat (box.x1, <, 100);

  g_assert_false (cm_text_index_get_offset_at (index, 9, 100, 100, &offset));
  g_assert_false (cm_text_index_get_char_box (index, cm_text_index_get_length (index), &box));
}

static void
test_no_text_layer (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("image-only.pdf");
  g_autoptr(GArray) matches = cm_text_index_find (index, "anything", 0);
  guint offset;

  g_assert_false (cm_text_index_has_text (index));
  g_assert_false (cm_text_index_page_has_text (index, 1));
  g_assert_cmpuint (cm_text_index_get_length (index), ==, 0);
  g_assert_cmpstr (cm_text_index_get_text (index), ==, "");
  g_assert_cmpuint (matches->len, ==, 0);
  g_assert_false (cm_text_index_get_offset_at (index, 1, 100, 100, &offset));
}

static void
test_normalize (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "The Oﬃce", "theoffice" },
    { "“Quoted” and ‘single’ it’s", "\"quoted\"and'single'it's" },
    { "immi-\ngration", "immigration" },
    { "immi\u00adgration", "immigration" },
    { "pages\fbreak  and\ttabs\u00a0nbsp", "pagesbreakandtabsnbsp" },
    { "en – em — minus − hyphen ‐", "enemminushyphen" },
    { "ＦＵＬＬ width", "fullwidth" },
    { "STRASSE Straße", "strassestrasse" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *norm = cm_text_normalize (cases[i].in);

      g_assert_cmpstr (norm, ==, cases[i].out);
    }
}

/* What mkordinance typesets from a source text: the title, then the body
 * without its SOURCE/TITLE header lines and editorial markers. */
static char *
typeset_text (const char *source_name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", source_name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *title = NULL;
  GString *out = g_string_new (NULL);
  guint i = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (; lines[i] != NULL && (g_str_has_prefix (lines[i], "SOURCE:") || g_str_has_prefix (lines[i], "TITLE:")); i++)
    if (g_str_has_prefix (lines[i], "TITLE:") && title == NULL)
      title = g_strstrip (g_strdup (lines[i] + strlen ("TITLE:")));
  if (title != NULL)
    g_string_append_printf (out, "%s\n", title);
  for (; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '[' && (strstr (lines[i], "TRUNCATED") || strstr (lines[i], "OMITTED")))
        continue;
      g_string_append_printf (out, "%s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

static void
test_fixtures_read_as_written (void)
{
  static const struct
  {
    const char *pdf;
    const char *source;
  } cases[] = {
    { "chicago-plain.pdf", "chi-welcoming-city-2-173.txt" },
    { "chicago-lines.pdf", "chi-welcoming-city-2-173.txt" },
    { "chicago-columns.pdf", "chi-welcoming-city-2-173.txt" },
    { "chicago-lines-tidy.pdf", "chi-welcoming-city-2-173.txt" },
    { "chicago-columns-tidy.pdf", "chi-welcoming-city-2-173.txt" },
    { "chicago-amended.pdf", "chi-welcoming-city-2-173-amended.txt" },
    { "ca-sb54-plain.pdf", "ca-sb54-values-act-2017.txt" },
    { "ca-sb54-lines.pdf", "ca-sb54-values-act-2017.txt" },
    { "ca-sb54-columns.pdf", "ca-sb54-values-act-2017.txt" },
    { "dc-2012-plain.pdf", "dc-detainer-compliance-2012.txt" },
    { "dc-2020-plain.pdf", "dc-sanctuary-values-2020.txt" },
    { "tx-sb4-plain.pdf", "tx-sb4-2017.txt" },
    { "dc-2020-columns.pdf", "dc-sanctuary-values-2020.txt" },
    /* Its second page has two lines: their numbers go with the column the
     * first page has. */
    { "tx-sb4-lines.pdf", "tx-sb4-2017.txt" },
    /* One page: the footer repeating the title cannot repeat elsewhere. */
    { "tx-sb4-columns.pdf", "tx-sb4-2017.txt" },
  };

  /* Every word of the source, in order, and nothing else: no line number,
   * no footer, no column read across. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CmTextIndex) index = index_fixture (cases[i].pdf);
      g_autofree char *expected = typeset_text (cases[i].source);
      g_autofree char *norm_expected = cm_text_normalize (expected);
      g_autofree char *norm_actual = cm_text_normalize (cm_text_index_get_text (index));

      g_test_message ("%s", cases[i].pdf);
      g_assert_cmpstr (norm_actual, ==, norm_expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-index/pages", test_pages);
  g_test_add_func ("/text-index/slice", test_slice);
  g_test_add_func ("/text-index/async", test_async);
  g_test_add_func ("/text-index/search/line-break", test_search_line_break);
  g_test_add_func ("/text-index/search/across-pages", test_search_across_pages);
  g_test_add_func ("/text-index/search/hyphenation", test_search_hyphenation);
  g_test_add_func ("/text-index/search/ligatures", test_search_ligatures);
  g_test_add_func ("/text-index/search/quotes-and-dashes", test_search_quotes_and_dashes);
  g_test_add_func ("/text-index/search/spaces-and-case", test_search_spaces_and_case);
  g_test_add_func ("/text-index/search/order-and-pages", test_search_order_and_pages);
  g_test_add_func ("/text-index/search/async", test_search_async);
  g_test_add_func ("/text-index/columns/reading-order", test_columns_reading_order);
  g_test_add_func ("/text-index/columns/sentence-across-gutter", test_columns_sentence_across_gutter);
  g_test_add_func ("/text-index/line-numbers", test_line_numbers_excluded);
  g_test_add_func ("/text-index/has-word", test_has_word);
  g_test_add_func ("/text-index/running-lines-only", test_running_lines_only);
  g_test_add_func ("/text-index/footers", test_footers_excluded);
  g_test_add_func ("/text-index/rects", test_rects);
  g_test_add_func ("/text-index/offset-at", test_offset_at);
  g_test_add_func ("/text-index/no-text-layer", test_no_text_layer);
  g_test_add_func ("/text-index/normalize", test_normalize);
  g_test_add_func ("/text-index/fixtures-read-as-written", test_fixtures_read_as_written);

  return g_test_run ();
}
