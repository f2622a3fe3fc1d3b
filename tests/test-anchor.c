/* test-anchor.c: anchors as values, anchoring a range, and re-anchoring against an amended ordinance. */
#include <string.h>

#include "cm-test-util.h"
#include "cm-text-index-private.h"

static CmTextIndex *
index_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = cm_document_new_for_path (path, NULL, &error);
  CmTextIndex *index;

  g_assert_no_error (error);
  index = cm_text_index_new (document, NULL, &error);
  g_assert_no_error (error);
  return index;
}

static CmTextIndex *
index_fixture (const char *name)
{
  g_autofree char *path = cm_test_fixture_path (name);

  return index_file (path);
}

/* An anchor on the Nth (0-based) occurrence of QUOTE. */
static CmAnchor *
anchor_quote (CmTextIndex *index,
              const char  *quote,
              guint        nth)
{
  g_autoptr(GArray) matches = cm_text_index_find (index, quote, 0);
  const CmTextMatch *match;

  g_assert_cmpuint (matches->len, >, nth);
  match = &g_array_index (matches, CmTextMatch, nth);
  return cm_anchor_new_for_range (index, match->start, match->end);
}

/* The anchor's current text, normalised, equals QUOTE normalised. */
static void
assert_anchor_text (const CmAnchor *anchor,
                    CmTextIndex    *index,
                    const char     *quote)
{
  g_autofree char *slice = cm_text_index_get_slice (index, cm_anchor_get_start (anchor),
                                                    cm_anchor_get_end (anchor));
  g_autofree char *norm_slice = cm_text_normalize (slice);
  g_autofree char *norm_quote = cm_text_normalize (quote);

  g_assert_cmpstr (norm_slice, ==, norm_quote);
}

static void
test_value (void)
{
  g_autoptr(CmAnchor) anchor = cm_anchor_new (3, 100, 120, "shall not detain", "Sec. 2. An officer ", " any person");
  g_autoptr(CmAnchor) copy = NULL;
  g_autoptr(CmAnchor) other = cm_anchor_new (3, 100, 121, "shall not detain", "Sec. 2. An officer ", " any person");
  g_autoptr(CmAnchor) empty = cm_anchor_new (1, 5, 2, NULL, NULL, NULL);
  CmPageRect rect = { 3, 72.0, 300.5, 240.25, 314.0 };
  CmPageRect nearly = { 3, 72.004, 300.5, 240.25, 314.0 };

  g_assert_cmpuint (cm_anchor_get_page (anchor), ==, 3);
  g_assert_cmpuint (cm_anchor_get_start (anchor), ==, 100);
  g_assert_cmpuint (cm_anchor_get_end (anchor), ==, 120);
  g_assert_cmpstr (cm_anchor_get_exact (anchor), ==, "shall not detain");
  g_assert_cmpstr (cm_anchor_get_prefix (anchor), ==, "Sec. 2. An officer ");
  g_assert_cmpstr (cm_anchor_get_suffix (anchor), ==, " any person");
  g_assert_cmpint (cm_anchor_get_state (anchor), ==, CM_ANCHOR_STATE_UNRESOLVED);
  g_assert_cmpuint (cm_anchor_get_rects (anchor)->len, ==, 0);

  /* Missing strings become empty, and an end before the start is clamped. */
  g_assert_cmpstr (cm_anchor_get_exact (empty), ==, "");
  g_assert_cmpstr (cm_anchor_get_prefix (empty), ==, "");
  g_assert_cmpuint (cm_anchor_get_end (empty), ==, 5);

  cm_anchor_add_rect (anchor, &rect);
  copy = cm_anchor_copy (anchor);
  g_assert_true (cm_anchor_equal (anchor, copy));
  g_assert_cmpuint (cm_anchor_get_rects (copy)->len, ==, 1);
  g_assert_false (cm_anchor_equal (anchor, other));

  /* Rectangles compare to the sidecar's two decimals. */
  g_assert_true (g_array_index (cm_anchor_get_rects (copy), CmPageRect, 0).x1 == 72.0);
  g_array_index (cm_anchor_get_rects (copy), CmPageRect, 0) = nearly;
  g_assert_true (cm_anchor_equal (anchor, copy));
  g_array_index (cm_anchor_get_rects (copy), CmPageRect, 0).x1 = 73;
  g_assert_false (cm_anchor_equal (anchor, copy));

  g_assert_true (G_TYPE_IS_BOXED (CM_TYPE_ANCHOR));
  g_assert_cmpstr (cm_anchor_state_to_string (CM_ANCHOR_STATE_UNRESOLVED), ==, "unresolved");
  g_assert_cmpstr (cm_anchor_state_to_string (CM_ANCHOR_STATE_ANCHORED), ==, "anchored");
  g_assert_cmpstr (cm_anchor_state_to_string (CM_ANCHOR_STATE_MOVED), ==, "moved");
  g_assert_cmpstr (cm_anchor_state_to_string (CM_ANCHOR_STATE_FUZZY), ==, "fuzzy");
  g_assert_cmpstr (cm_anchor_state_to_string (CM_ANCHOR_STATE_ORPHANED), ==, "orphaned");
}

static void
test_boxed_copy (void)
{
  g_autoptr(CmAnchor) anchor = cm_anchor_new (1, 0, 4, "text", NULL, NULL);
  CmAnchor *boxed = g_boxed_copy (CM_TYPE_ANCHOR, anchor);

  g_assert_true (boxed != anchor);
  g_assert_true (cm_anchor_equal (boxed, anchor));
  g_boxed_free (CM_TYPE_ANCHOR, boxed);
}

/* The quote keeps the words, not the lines: a hyphen that split a word at
 * a line end goes when the word appears whole elsewhere in the document
 * ("immi-" "gration"), a word's own hyphen stays ("in-" "prison",
 * "Miranda-" "Olivares"), and no line break becomes a space after one. */
static void
test_for_range_line_end_hyphens (void)
{
  g_autoptr(CmTextIndex) typography = index_fixture ("typography.pdf");
  g_autoptr(CmTextIndex) columns = index_fixture ("ca-sb54-columns.pdf");
  g_autoptr(CmAnchor) split = anchor_quote (typography, "enforcement of federal immigration law", 0);
  g_autoptr(CmAnchor) own = anchor_quote (columns, "Restrict access to any in-prison educational", 0);
  g_autoptr(CmAnchor) name = anchor_quote (columns, "Miranda-Olivares v. Clackamas County", 0);
  g_autofree char *raw = cm_text_index_get_slice (typography, cm_anchor_get_start (split),
                                                  cm_anchor_get_end (split));

  g_assert_nonnull (strstr (raw, "immi-\n"));
  g_assert_cmpstr (cm_anchor_get_exact (split), ==, "enforcement of federal immigration law");
  g_assert_cmpstr (cm_anchor_get_exact (own), ==, "Restrict access to any in-prison educational");
  g_assert_cmpstr (cm_anchor_get_exact (name), ==, "Miranda-Olivares v. Clackamas County");
  g_assert_cmpint (cm_anchor_resolve (split, typography), ==, CM_ANCHOR_STATE_ANCHORED);
  g_assert_cmpint (cm_anchor_resolve (own, columns), ==, CM_ANCHOR_STATE_ANCHORED);
}

static void
test_for_range (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("chicago-plain.pdf");
  const char *quote = "The City Council finds that the cooperation of all persons, both documented citizens";
  g_autoptr(CmAnchor) anchor = anchor_quote (index, quote, 0);
  g_autofree char *raw_before = NULL;
  g_autofree char *norm_before = NULL;
  g_autofree char *norm_prefix = NULL;
  GArray *rects;

  g_assert_cmpint (cm_anchor_get_state (anchor), ==, CM_ANCHOR_STATE_ANCHORED);
  g_assert_cmpuint (cm_anchor_get_page (anchor), ==, 1);
  /* Stored as typed: the line break inside the range is a space. */
  g_assert_cmpstr (cm_anchor_get_exact (anchor), ==, quote);
  assert_anchor_text (anchor, index, quote);

  /* 32 characters of context on each side, whitespace collapsed. */
  g_assert_cmpuint (g_utf8_strlen (cm_anchor_get_prefix (anchor), -1), ==, CM_ANCHOR_CONTEXT_LENGTH);
  g_assert_cmpuint (g_utf8_strlen (cm_anchor_get_suffix (anchor), -1), ==, CM_ANCHOR_CONTEXT_LENGTH);
  g_assert_null (strchr (cm_anchor_get_prefix (anchor), '\n'));
  g_assert_null (strstr (cm_anchor_get_suffix (anchor), "  "));
  g_assert_true (g_str_has_suffix (cm_anchor_get_prefix (anchor), "immigrant communities. "));
  g_assert_true (g_str_has_prefix (cm_anchor_get_suffix (anchor), " and those without"));
  raw_before = cm_text_index_get_slice (index, cm_anchor_get_start (anchor) - 60, cm_anchor_get_start (anchor));
  norm_before = cm_text_normalize (raw_before);
  norm_prefix = cm_text_normalize (cm_anchor_get_prefix (anchor));
  g_assert_true (g_str_has_suffix (norm_before, norm_prefix));

  rects = cm_anchor_get_rects (anchor);
  g_assert_cmpuint (rects->len, ==, 2);
  g_assert_cmpuint (g_array_index (rects, CmPageRect, 0).page, ==, 1);

  /* The start of the text has no prefix; ranges are clamped. */
  {
    g_autoptr(CmAnchor) first = cm_anchor_new_for_range (index, 0, 9);
    g_autoptr(CmAnchor) clamped = cm_anchor_new_for_range (index, cm_text_index_get_length (index) - 4, G_MAXUINT);

    g_assert_cmpstr (cm_anchor_get_prefix (first), ==, "");
    g_assert_cmpstr (cm_anchor_get_exact (first), ==, "Municipal");
    g_assert_cmpuint (cm_anchor_get_end (clamped), ==, cm_text_index_get_length (index));
    g_assert_cmpstr (cm_anchor_get_suffix (clamped), ==, "");
    g_assert_cmpuint (cm_anchor_get_page (clamped), ==, 4);
  }
}

static void
test_resolve_same_document (void)
{
  g_autoptr(CmTextIndex) index = index_fixture ("ca-sb54-plain.pdf");
  g_autoptr(CmAnchor) anchor = anchor_quote (index, "California law enforcement agencies shall not: (1) Use "
                                             "agency or department moneys or personnel to investigate", 0);
  g_autoptr(CmAnchor) before = cm_anchor_copy (anchor);

  g_assert_cmpint (cm_anchor_resolve (anchor, index), ==, CM_ANCHOR_STATE_ANCHORED);
  g_assert_true (cm_anchor_equal (anchor, before));
}

static void
test_resolve_other_layout (void)
{
  /* A review made on the one-column print, opened on the two-column one. */
  g_autoptr(CmTextIndex) plain = index_fixture ("ca-sb54-plain.pdf");
  g_autoptr(CmTextIndex) columns = index_fixture ("ca-sb54-columns.pdf");
  const char *quote = "California law enforcement agencies shall not: (1) Use agency or department moneys "
                      "or personnel to investigate";
  g_autoptr(CmAnchor) anchor = anchor_quote (plain, quote, 0);
  GArray *rects;

  g_assert_cmpint (cm_anchor_resolve (anchor, columns), ==, CM_ANCHOR_STATE_MOVED);
  assert_anchor_text (anchor, columns, quote);
  rects = cm_anchor_get_rects (anchor);
  g_assert_cmpuint (rects->len, >=, 1);
  g_assert_cmpuint (g_array_index (rects, CmPageRect, 0).page, ==, cm_anchor_get_page (anchor));
  g_assert_cmpuint (cm_anchor_get_page (anchor), ==, cm_text_index_get_page_at (columns, cm_anchor_get_start (anchor)));
}

typedef struct
{
  CmTextIndex *original;
  CmTextIndex *amended;
} Versions;

static void
versions_set_up (Versions      *v,
                 gconstpointer  data)
{
  v->original = index_fixture ("chicago-plain.pdf");
  v->amended = index_fixture ("chicago-amended.pdf");
}

static void
versions_tear_down (Versions      *v,
                    gconstpointer  data)
{
  g_clear_object (&v->original);
  g_clear_object (&v->amended);
}

static void
test_amended_unchanged (Versions      *v,
                        gconstpointer  data)
{
  /* The purpose section comes first in both versions, word for word. */
  const char *quote = "The vitality of the City of Chicago";
  g_autoptr(CmAnchor) anchor = anchor_quote (v->original, quote, 0);
  guint start = cm_anchor_get_start (anchor);

  g_assert_cmpint (cm_anchor_resolve (anchor, v->amended), ==, CM_ANCHOR_STATE_ANCHORED);
  g_assert_cmpuint (cm_anchor_get_start (anchor), ==, start);
  assert_anchor_text (anchor, v->amended, quote);
}

static void
test_amended_moved (Versions      *v,
                    gconstpointer  data)
{
  /* Section 2-173-030 now comes before the (renumbered) 2-173-025. */
  const char *quote = "no applications, questionnaires, or interview forms used in relation to City of "
                      "Chicago benefits, opportunities, or services";
  g_autoptr(CmAnchor) anchor = anchor_quote (v->original, quote, 0);
  guint old_start = cm_anchor_get_start (anchor);

  g_assert_cmpint (cm_anchor_resolve (anchor, v->amended), ==, CM_ANCHOR_STATE_MOVED);
  g_assert_cmpuint (cm_anchor_get_start (anchor), <, old_start);
  g_assert_cmpstr (cm_anchor_get_exact (anchor), ==, quote);
  assert_anchor_text (anchor, v->amended, quote);
  g_assert_cmpuint (cm_anchor_get_rects (anchor)->len, >, 0);
}

static void
test_amended_moved_with_context (Versions      *v,
                                 gconstpointer  data)
{
  /* "civil immigration enforcement" occurs twice in the amended text. The
   * recorded offsets sit near the second, but the recorded context is that
   * of the first: the context wins over the distance. */
  const char *quote = "civil immigration enforcement";
  g_autoptr(GArray) matches = cm_text_index_find (v->amended, quote, 0);
  const CmTextMatch *first, *second;
  g_autoptr(CmAnchor) anchor = NULL;
  g_autofree char *before = NULL;

  g_assert_cmpuint (matches->len, ==, 2);
  first = &g_array_index (matches, CmTextMatch, 0);
  second = &g_array_index (matches, CmTextMatch, 1);
  before = cm_text_index_get_slice (v->amended, first->start - 15, first->start);
  g_assert_cmpstr (before, ==, "participate in ");

  anchor = cm_anchor_new (second->page, second->start - 3, second->end - 3, quote,
                          "agency shall participate in ", " operations or assist the");
  g_assert_cmpint (cm_anchor_resolve (anchor, v->amended), ==, CM_ANCHOR_STATE_MOVED);
  g_assert_cmpuint (cm_anchor_get_start (anchor), ==, first->start);
  g_assert_cmpuint (cm_anchor_get_end (anchor), ==, first->end);

  /* Without context, the nearest occurrence wins. */
  {
    g_autoptr(CmAnchor) bare = cm_anchor_new (second->page, second->start - 3, second->end - 3, quote, NULL, NULL);

    g_assert_cmpint (cm_anchor_resolve (bare, v->amended), ==, CM_ANCHOR_STATE_MOVED);
    g_assert_cmpuint (cm_anchor_get_start (bare), ==, second->start);
  }
}

static void
test_amended_fuzzy (Versions      *v,
                    gconstpointer  data)
{
  const char *quote = "set up a traffic perimeter or provide on-site support to assist a civil immigration "
                      "enforcement operation";
  g_autoptr(CmAnchor) anchor = anchor_quote (v->original, quote, 0);

  g_assert_cmpint (cm_anchor_resolve (anchor, v->amended), ==, CM_ANCHOR_STATE_FUZZY);
  /* The quote now holds the amended wording. */
  g_assert_nonnull (strstr (cm_anchor_get_exact (anchor), "provide any on-site support to assist with a civil"));
  g_assert_true (g_str_has_prefix (cm_anchor_get_exact (anchor), "set up a traffic perimeter"));
  g_assert_true (g_str_has_suffix (cm_anchor_get_exact (anchor), "enforcement operation"));
  assert_anchor_text (anchor, v->amended, cm_anchor_get_exact (anchor));
  g_assert_cmpuint (cm_anchor_get_rects (anchor)->len, >, 0);
  g_assert_cmpuint (cm_anchor_get_page (anchor), ==,
                    cm_text_index_get_page_at (v->amended, cm_anchor_get_start (anchor)));
}

static void
test_amended_orphaned (Versions      *v,
                       gconstpointer  data)
{
  const char *quote = "transfer any person into ICE custody for the sole purpose of civil immigration enforcement";
  g_autoptr(CmAnchor) anchor = anchor_quote (v->original, quote, 0);
  g_autoptr(CmAnchor) before = cm_anchor_copy (anchor);

  g_assert_cmpint (cm_anchor_resolve (anchor, v->amended), ==, CM_ANCHOR_STATE_ORPHANED);
  /* Kept exactly as recorded, to be listed. */
  g_assert_true (cm_anchor_equal (anchor, before));
  g_assert_cmpstr (cm_anchor_get_exact (anchor), ==, quote);
}

static void
test_resolve_from_sidecar (Versions      *v,
                           gconstpointer  data)
{
  /* Loaded from a sidecar written for another version: offsets point at
   * other text, the quote is typed with straight quotes. */
  g_autoptr(CmAnchor) anchor = cm_anchor_new (2, 10, 50,
                                              "by such individual's parent or guardian",
                                              "is otherwise not legally competent, ", ". Notwithstanding");
  g_autoptr(CmAnchor) no_quote = cm_anchor_new (2, 0, 0, "", NULL, NULL);
  g_autoptr(CmAnchor) no_page = cm_anchor_new (7, 0, 0, "", NULL, NULL);

  g_assert_cmpint (cm_anchor_resolve (anchor, v->amended), ==, CM_ANCHOR_STATE_MOVED);
  assert_anchor_text (anchor, v->amended, "by such individual's parent or guardian");
  g_assert_cmpuint (cm_anchor_get_rects (anchor)->len, >, 0);

  g_assert_cmpint (cm_anchor_resolve (no_quote, v->amended), ==, CM_ANCHOR_STATE_ANCHORED);
  g_assert_cmpint (cm_anchor_resolve (no_page, v->amended), ==, CM_ANCHOR_STATE_ORPHANED);
}

static void
test_resolve_large_document (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/gen__2000-pages.pdf");
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmAnchor) orphan = NULL;
  g_autoptr(CmAnchor) fuzzy = NULL;
  g_autoptr(GArray) matches = NULL;
  gint64 start;
  double elapsed;

  if (path == NULL)
    return;
  index = index_file (path);
  g_assert_cmpuint (cm_text_index_get_n_pages (index), ==, 2000);

  /* The first search builds the normalised text, once. */
  start = g_get_monotonic_time ();
  matches = cm_text_index_find (index, "Huardest gefburn", 0);
  g_test_message ("normalised and searched in %.3f s: %u matches",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, matches->len);
  g_assert_cmpuint (matches->len, >, 1000);

  /* Nothing like it anywhere: every fragment search comes back empty. */
  orphan = cm_anchor_new (1000, 1000, 1100,
                          "No law enforcement agency shall detain an individual on the basis of a "
                          "civil immigration detainer after that individual becomes eligible for release",
                          NULL, NULL);
  start = g_get_monotonic_time ();
  g_assert_cmpint (cm_anchor_resolve (orphan, index), ==, CM_ANCHOR_STATE_ORPHANED);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_cmpuint (cm_anchor_get_page (orphan), ==, 1000);
  g_test_message ("orphan resolved in %.3f s over %u characters", elapsed, cm_text_index_get_length (index));

  /* A sentence repeated on every page, with a letter changed: the fuzzy
   * match nearest the recorded place wins. */
    {
      const CmTextMatch *m = &g_array_index (matches, CmTextMatch, matches->len / 2);
      g_autofree char *text = cm_text_index_get_slice (index, m->start, m->start + 80);
      g_autofree char *edited = NULL;

      edited = g_strdup (text);
      edited[20] = edited[20] == 'x' ? 'y' : 'x';
      fuzzy = cm_anchor_new (m->page, m->start, m->start + 80, edited, NULL, NULL);
      start = g_get_monotonic_time ();
      g_assert_cmpint (cm_anchor_resolve (fuzzy, index), ==, CM_ANCHOR_STATE_FUZZY);
      g_test_message ("fuzzy resolved in %.3f s", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
      g_assert_cmpuint (cm_anchor_get_page (fuzzy), ==, m->page);
      g_assert_cmpuint (cm_anchor_get_start (fuzzy), ==, m->start);
    }

  /* Generous: the point is that it is not quadratic in the document. */
  g_assert_cmpfloat (elapsed, <, 5.0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/anchor/value", test_value);
  g_test_add_func ("/anchor/boxed-copy", test_boxed_copy);
  g_test_add_func ("/anchor/for-range", test_for_range);
  g_test_add_func ("/anchor/for-range/line-end-hyphens", test_for_range_line_end_hyphens);
  g_test_add_func ("/anchor/resolve/same-document", test_resolve_same_document);
  g_test_add_func ("/anchor/resolve/other-layout", test_resolve_other_layout);
  g_test_add ("/anchor/resolve/amended/unchanged", Versions, NULL,
              versions_set_up, test_amended_unchanged, versions_tear_down);
  g_test_add ("/anchor/resolve/amended/moved", Versions, NULL,
              versions_set_up, test_amended_moved, versions_tear_down);
  g_test_add ("/anchor/resolve/amended/moved-with-context", Versions, NULL,
              versions_set_up, test_amended_moved_with_context, versions_tear_down);
  g_test_add ("/anchor/resolve/amended/fuzzy", Versions, NULL,
              versions_set_up, test_amended_fuzzy, versions_tear_down);
  g_test_add ("/anchor/resolve/amended/orphaned", Versions, NULL,
              versions_set_up, test_amended_orphaned, versions_tear_down);
  g_test_add ("/anchor/resolve/from-sidecar", Versions, NULL,
              versions_set_up, test_resolve_from_sidecar, versions_tear_down);
  g_test_add_func ("/anchor/resolve/large-document", test_resolve_large_document);

  return g_test_run ();
}
