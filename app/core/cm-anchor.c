/* cm-anchor.c: where an annotation points, and how it finds its text again when the PDF changes. */
#include "config.h"

#include <string.h>

#include "cm-anchor.h"
#include "cm-text-index-private.h"

/* A fuzzy match must keep at least this much of the quote (1 - edit
 * distance / length, on normalised text). */
#define FUZZY_MIN_SIMILARITY 0.75

struct _CmAnchor
{
  guint          page;
  guint          start;
  guint          end;
  char          *exact;
  char          *prefix;
  char          *suffix;
  GArray        *rects;
  CmAnchorState  state;
  /* The texts as the anchor was made, in the same allocation as the anchor
   * (a large review holds 100,000 anchors: one allocation instead of four).
   * A text replaced later (re-anchoring) is allocated on its own. */
  gsize          packed_size;
  char           packed[];
};

/* Whether TEXT is one of the texts packed after the anchor. */
static gboolean
is_packed (const CmAnchor *self,
           const char     *text)
{
  guintptr start = (guintptr) self->packed;
  guintptr at = (guintptr) text;

  return at >= start && at < start + self->packed_size;
}

static void
free_text (CmAnchor *self,
           char     *text)
{
  if (!is_packed (self, text))
    g_free (text);
}

G_DEFINE_BOXED_TYPE (CmAnchor, cm_anchor, cm_anchor_copy, cm_anchor_free)

CmAnchor *
cm_anchor_new (guint       page,
               guint       start,
               guint       end,
               const char *exact,
               const char *prefix,
               const char *suffix)
{
  gsize exact_size = strlen (exact ? exact : "") + 1;
  gsize prefix_size = strlen (prefix ? prefix : "") + 1;
  gsize suffix_size = strlen (suffix ? suffix : "") + 1;
  gsize packed_size = exact_size + prefix_size + suffix_size;
  CmAnchor *self = g_malloc0 (sizeof (CmAnchor) + packed_size);

  self->page = page;
  self->start = start;
  self->end = MAX (start, end);
  self->packed_size = packed_size;
  self->exact = memcpy (self->packed, exact ? exact : "", exact_size);
  self->prefix = memcpy (self->packed + exact_size, prefix ? prefix : "", prefix_size);
  self->suffix = memcpy (self->packed + exact_size + prefix_size, suffix ? suffix : "", suffix_size);
  /* Most clauses fit on one line fragment or two: reserve exactly one. */
  self->rects = g_array_sized_new (FALSE, FALSE, sizeof (CmPageRect), 1);
  self->state = CM_ANCHOR_STATE_UNRESOLVED;
  return self;
}

/* Runs of whitespace (line and page breaks included) become one space: the
 * quote is stored as a reader would type it, not as the PDF breaks it.
 * Context keeps a space at its edges (a prefix ends where the quote
 * starts, often after a space); the quote itself is trimmed. */
static char *
collapse_whitespace (const char *text,
                     gboolean    keep_edges)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = keep_edges || out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  if (space && keep_edges)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

/* A hyphen that ends a line either splits a word for the line ("enforce-
 * ment") or is the word's own ("data-sharing"). The document itself tells
 * which, where the word appears elsewhere whole: the hyphen is dropped when
 * only "enforcement" appears, and kept otherwise. Either way the line break
 * after it goes. */
static char *
join_line_end_hyphens (const char  *raw,
                       CmTextIndex *index)
{
  GString *out = g_string_sized_new (strlen (raw));
  const char *p = raw;

  while (*p != '\0')
    {
      const char *hyphen = strchr (p, '-');
      const char *next, *left, *right_end;
      gboolean line_break = FALSE;

      if (hyphen == NULL)
        break;
      for (next = hyphen + 1; *next == ' ' || *next == '\n' || *next == '\f' || *next == '\r'; next++)
        line_break |= *next == '\n' || *next == '\f';
      g_string_append_len (out, p, hyphen - p);
      p = next;
      if (!line_break || hyphen == raw || !g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (hyphen))) ||
          !g_unichar_isalpha (g_utf8_get_char (next)))
        {
          g_string_append_len (out, hyphen, next - hyphen);
          continue;
        }

      for (left = hyphen; left > raw && g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (left)));)
        left = g_utf8_prev_char (left);
      for (right_end = next; *right_end != '\0' && g_unichar_isalpha (g_utf8_get_char (right_end));)
        right_end = g_utf8_next_char (right_end);
      {
        g_autofree char *joined = g_strdup_printf ("%.*s%.*s", (int) (hyphen - left), left,
                                                   (int) (right_end - next), next);
        g_autofree char *hyphenated = g_strdup_printf ("%.*s-%.*s", (int) (hyphen - left), left,
                                                       (int) (right_end - next), next);

        if (!(g_unichar_islower (g_utf8_get_char (next)) && cm_text_index_has_word (index, joined) &&
              !cm_text_index_has_word (index, hyphenated)))
          g_string_append_c (out, '-');
      }
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* The last (or first) LENGTH characters of TEXT. */
static char *
utf8_tail (const char *text,
           guint       length)
{
  glong n = g_utf8_strlen (text, -1);

  if (n <= (glong) length)
    return g_strdup (text);
  return g_strdup (g_utf8_offset_to_pointer (text, n - length));
}

static char *
utf8_head (const char *text,
           guint       length)
{
  return g_utf8_substring (text, 0, MIN ((glong) length, g_utf8_strlen (text, -1)));
}

/* Context is read from a wider raw window, since collapsing whitespace
 * shortens it. */
static void
fill_context (CmAnchor    *self,
              CmTextIndex *index)
{
  guint length = cm_text_index_get_length (index);
  guint window = 3 * CM_ANCHOR_CONTEXT_LENGTH;
  g_autofree char *before = cm_text_index_get_slice (index, self->start > window ? self->start - window : 0,
                                                     self->start);
  g_autofree char *after = cm_text_index_get_slice (index, self->end, MIN (length, self->end + window));
  g_autofree char *before_collapsed = collapse_whitespace (before, TRUE);
  g_autofree char *after_collapsed = collapse_whitespace (after, TRUE);

  free_text (self, self->prefix);
  free_text (self, self->suffix);
  self->prefix = utf8_tail (before_collapsed, CM_ANCHOR_CONTEXT_LENGTH);
  self->suffix = utf8_head (after_collapsed, CM_ANCHOR_CONTEXT_LENGTH);
}

static void
fill_rects (CmAnchor    *self,
            CmTextIndex *index)
{
  g_autoptr(GArray) rects = cm_text_index_get_rects (index, self->start, self->end);

  g_array_set_size (self->rects, 0);
  g_array_append_vals (self->rects, rects->data, rects->len);
}

CmAnchor *
cm_anchor_new_for_range (CmTextIndex *index,
                         guint        start,
                         guint        end)
{
  g_autofree char *raw = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *exact = NULL;
  guint length;
  CmAnchor *self;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (index), NULL);

  length = cm_text_index_get_length (index);
  end = MIN (end, length);
  start = MIN (start, end);

  raw = cm_text_index_get_slice (index, start, end);
  joined = join_line_end_hyphens (raw, index);
  exact = collapse_whitespace (joined, FALSE);
  self = cm_anchor_new (cm_text_index_get_page_at (index, start), start, end, exact, NULL, NULL);
  fill_context (self, index);
  fill_rects (self, index);
  self->state = CM_ANCHOR_STATE_ANCHORED;
  return self;
}

CmAnchor *
cm_anchor_copy (const CmAnchor *self)
{
  CmAnchor *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = cm_anchor_new (self->page, self->start, self->end, self->exact, self->prefix, self->suffix);
  g_array_append_vals (copy->rects, self->rects->data, self->rects->len);
  copy->state = self->state;
  return copy;
}

void
cm_anchor_free (CmAnchor *self)
{
  if (self == NULL)
    return;
  free_text (self, self->exact);
  free_text (self, self->prefix);
  free_text (self, self->suffix);
  g_array_unref (self->rects);
  g_free (self);
}

/* Equal as recorded: the resolution state is not part of the value. */
gboolean
cm_anchor_equal (const CmAnchor *a,
                 const CmAnchor *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->page != b->page || a->start != b->start || a->end != b->end ||
      g_strcmp0 (a->exact, b->exact) != 0 || g_strcmp0 (a->prefix, b->prefix) != 0 ||
      g_strcmp0 (a->suffix, b->suffix) != 0 || a->rects->len != b->rects->len)
    return FALSE;

  for (guint i = 0; i < a->rects->len; i++)
    {
      const CmPageRect *x = &g_array_index (a->rects, CmPageRect, i);
      const CmPageRect *y = &g_array_index (b->rects, CmPageRect, i);

      /* The sidecar keeps two decimals. */
      if (x->page != y->page || ABS (x->x1 - y->x1) > 0.006 || ABS (x->y1 - y->y1) > 0.006 ||
          ABS (x->x2 - y->x2) > 0.006 || ABS (x->y2 - y->y2) > 0.006)
        return FALSE;
    }
  return TRUE;
}

guint
cm_anchor_get_page (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->page;
}

guint
cm_anchor_get_start (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->start;
}

guint
cm_anchor_get_end (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->end;
}

const char *
cm_anchor_get_exact (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->exact;
}

const char *
cm_anchor_get_prefix (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->prefix;
}

const char *
cm_anchor_get_suffix (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->suffix;
}

CmAnchorState
cm_anchor_get_state (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, CM_ANCHOR_STATE_UNRESOLVED);

  return self->state;
}

const char *
cm_anchor_state_to_string (CmAnchorState state)
{
  switch (state)
    {
    case CM_ANCHOR_STATE_ANCHORED:
      return "anchored";
    case CM_ANCHOR_STATE_MOVED:
      return "moved";
    case CM_ANCHOR_STATE_FUZZY:
      return "fuzzy";
    case CM_ANCHOR_STATE_ORPHANED:
      return "orphaned";
    case CM_ANCHOR_STATE_UNRESOLVED:
    default:
      return "unresolved";
    }
}

GArray *
cm_anchor_get_rects (const CmAnchor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->rects;
}

void
cm_anchor_add_rect (CmAnchor         *self,
                    const CmPageRect *rect)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (rect != NULL);

  g_array_append_val (self->rects, *rect);
}

/* How many normalised bytes A and B share at their ends (FROM_END) or at
 * their starts. */
static gsize
common_affix (const char *a,
              const char *b,
              gboolean    from_end)
{
  gsize la = strlen (a), lb = strlen (b), n = 0;

  while (n < la && n < lb &&
         (from_end ? a[la - 1 - n] == b[lb - 1 - n] : a[n] == b[n]))
    n++;
  return n;
}

/* How well the text around [START, END) agrees with the recorded prefix
 * and suffix, in normalised bytes. */
static gsize
context_score (CmAnchor    *self,
               CmTextIndex *index,
               const char  *norm_prefix,
               const char  *norm_suffix,
               guint        start,
               guint        end)
{
  guint length = cm_text_index_get_length (index);
  guint window = 3 * CM_ANCHOR_CONTEXT_LENGTH;
  g_autofree char *before = cm_text_index_get_slice (index, start > window ? start - window : 0, start);
  g_autofree char *after = cm_text_index_get_slice (index, end, MIN (length, end + window));
  g_autofree char *norm_before = cm_text_normalize (before);
  g_autofree char *norm_after = cm_text_normalize (after);

  return common_affix (norm_before, norm_prefix, TRUE) + common_affix (norm_after, norm_suffix, FALSE);
}

static void
move_to (CmAnchor    *self,
         CmTextIndex *index,
         guint        start,
         guint        end)
{
  self->start = start;
  self->end = end;
  self->page = cm_text_index_get_page_at (index, start);
  fill_rects (self, index);
}

CmAnchorState
cm_anchor_resolve (CmAnchor    *self,
                   CmTextIndex *index)
{
  g_autofree char *norm_exact = NULL;
  g_autoptr(GArray) matches = NULL;
  guint length, fuzzy_start = 0, fuzzy_end = 0;
  double similarity = 0;

  g_return_val_if_fail (self != NULL, CM_ANCHOR_STATE_UNRESOLVED);
  g_return_val_if_fail (CM_IS_TEXT_INDEX (index), CM_ANCHOR_STATE_UNRESOLVED);

  length = cm_text_index_get_length (index);
  norm_exact = cm_text_normalize (self->exact);

  /* Without a quote there is nothing to look for: the anchor holds while
   * its page exists. */
  if (*norm_exact == '\0')
    {
      self->state = self->page >= 1 && self->page <= cm_text_index_get_n_pages (index)
                    ? CM_ANCHOR_STATE_ANCHORED : CM_ANCHOR_STATE_ORPHANED;
      return self->state;
    }

  /* (a) The recorded offsets still hold the quote. */
  if (self->start < self->end && self->end <= length)
    {
      g_autofree char *current = cm_text_index_get_slice (index, self->start, self->end);
      g_autofree char *norm_current = cm_text_normalize (current);

      if (strcmp (norm_current, norm_exact) == 0)
        {
          move_to (self, index, self->start, self->end);
          self->state = CM_ANCHOR_STATE_ANCHORED;
          return self->state;
        }
    }

  /* (b) The exact quote elsewhere: the best context wins, then the
   * nearest to where it was. */
  matches = cm_text_index_find (index, self->exact, 0);
  if (matches->len > 0)
    {
      g_autofree char *norm_prefix = cm_text_normalize (self->prefix);
      g_autofree char *norm_suffix = cm_text_normalize (self->suffix);
      const CmTextMatch *best = NULL;
      gsize best_score = 0;
      guint best_distance = G_MAXUINT;

      for (guint i = 0; i < matches->len; i++)
        {
          const CmTextMatch *match = &g_array_index (matches, CmTextMatch, i);
          gsize score = matches->len == 1 ? 0 : context_score (self, index, norm_prefix, norm_suffix,
                                                                match->start, match->end);
          guint distance = match->start > self->start ? match->start - self->start : self->start - match->start;

          if (best == NULL || score > best_score || (score == best_score && distance < best_distance))
            {
              best = match;
              best_score = score;
              best_distance = distance;
            }
        }
      move_to (self, index, best->start, best->end);
      self->state = CM_ANCHOR_STATE_MOVED;
      return self->state;
    }

  /* (c) A lightly edited version of the quote, near fragments of it. */
  if (cm_text_index_find_fuzzy (index, self->exact, self->start, FUZZY_MIN_SIMILARITY,
                                &fuzzy_start, &fuzzy_end, &similarity))
    {
      g_autofree char *raw = cm_text_index_get_slice (index, fuzzy_start, fuzzy_end);

      free_text (self, self->exact);
      self->exact = collapse_whitespace (raw, FALSE);
      move_to (self, index, fuzzy_start, fuzzy_end);
      fill_context (self, index);
      self->state = CM_ANCHOR_STATE_FUZZY;
      return self->state;
    }

  /* (d) Gone: keep everything as recorded so that it can be listed. */
  self->state = CM_ANCHOR_STATE_ORPHANED;
  return self->state;
}
