/* cm-text-index.c: a document's text in reading order with glyph boxes, extracted once, and tolerant quote search. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "cm-background.h"
#include "cm-ocr-layer.h"
#include "cm-poppler-private.h"
#include "cm-text-index.h"
#include "cm-text-index-private.h"

/* One char offset in every CHECKPOINT_STRIDE has its byte offset recorded,
 * so that slicing the UTF-8 text never walks more than that many chars. */
#define CHECKPOINT_STRIDE 64

/* Lines whose centre lies in this outer fraction of the page height are
 * candidates for running headers and footers. */
#define MARGIN_BAND 0.095

/* Glyph boxes, compactly: a 2,000-page code has millions of characters. */
typedef struct
{
  float x1;
  float y1;
  float x2;
  float y2;
} Box;

typedef struct
{
  guint16 x1;
  guint16 y1;
  guint16 x2;
  guint16 y2;
} PackedBox;

struct _CmTextIndex
{
  GObject     parent_instance;

  CmDocument *document;

  char       *text;
  gsize       text_bytes;
  guint       length;
  /* One box per character of text, in units of 1 / BOX_SCALE points: half
   * the memory of floats (a 2,000-page code has 4 million characters). */
  PackedBox  *boxes;
  float       box_scale;
  guint      *checkpoints;       /* byte offset of every CHECKPOINT_STRIDE-th char */
  guint       n_pages;
  guint      *page_starts;       /* [page - 1]: first char of the page */
  guint      *page_ends;         /* [page - 1]: one past its last char ('\f' excluded) */
  guint8     *page_has_text;
  /* Pages without a text layer whose text came from OCR_LAYER. */
  CmOcrLayer *ocr_layer;
  guint8     *page_is_ocr;

  /* The normalised text, built on the first search. NORM_MAP gives, for
   * every byte of NORM, the character of TEXT it came from. */
  GMutex      norm_lock;
  char       *norm;
  gsize       norm_len;
  guint      *norm_map;
  /* Every word as written, and every pair joined by a hyphen inside a
   * line ("in-prison"), built on the first cm_text_index_has_word(), under
   * NORM_LOCK too. */
  GHashTable *words;
};

G_DEFINE_FINAL_TYPE (CmTextIndex, cm_text_index, G_TYPE_OBJECT)

/* A sixteenth of a point, far finer than any highlight needs, on pages of
 * up to 4,095 points (57 inches); larger pages get coarser units. */
#define BOX_UNITS_PER_POINT 16.0f

static float
choose_box_scale (CmDocument *document)
{
  double largest = 0;

  for (guint page = 1; page <= cm_document_get_n_pages (document); page++)
    {
      double width = 0, height = 0;

      cm_document_get_page_size (document, page, &width, &height);
      largest = MAX (largest, MAX (width, height));
    }
  /* Glyph boxes may stick out of the page a little. */
  largest += 72;
  return (float) MIN (BOX_UNITS_PER_POINT, G_MAXUINT16 / largest);
}

/* Rounded inwards (lower edges up, upper edges down), so that a box never
 * grows into its neighbours: a highlight's edge on the next line's top
 * would select that line in other viewers. */
static inline guint16
pack_coordinate (float    value,
                 float    scale,
                 gboolean upper)
{
  float units = upper ? floorf (value * scale) : ceilf (value * scale);

  return (guint16) CLAMP (units, 0.0f, (float) G_MAXUINT16);
}

static void
pack_boxes (PackedBox  *packed,
            const Box  *boxes,
            guint       n,
            float       scale)
{
  for (guint i = 0; i < n; i++)
    {
      packed[i].x1 = pack_coordinate (boxes[i].x1, scale, FALSE);
      packed[i].y1 = pack_coordinate (boxes[i].y1, scale, FALSE);
      packed[i].x2 = pack_coordinate (boxes[i].x2, scale, TRUE);
      packed[i].y2 = pack_coordinate (boxes[i].y2, scale, TRUE);
    }
}

static inline Box
unpack_box (CmTextIndex *self,
            guint        offset)
{
  const PackedBox *p = &self->boxes[offset];
  Box box = { p->x1 / self->box_scale, p->y1 / self->box_scale,
              p->x2 / self->box_scale, p->y2 / self->box_scale };

  return box;
}

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_text_index_finalize (GObject *object)
{
  CmTextIndex *self = (CmTextIndex *) object;

  g_clear_object (&self->document);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->boxes, g_free);
  g_clear_pointer (&self->checkpoints, g_free);
  g_clear_pointer (&self->page_starts, g_free);
  g_clear_pointer (&self->page_ends, g_free);
  g_clear_pointer (&self->page_has_text, g_free);
  g_clear_object (&self->ocr_layer);
  g_clear_pointer (&self->page_is_ocr, g_free);
  g_clear_pointer (&self->norm, g_free);
  g_clear_pointer (&self->norm_map, g_free);
  g_clear_pointer (&self->words, g_hash_table_unref);
  g_mutex_clear (&self->norm_lock);

  G_OBJECT_CLASS (cm_text_index_parent_class)->finalize (object);
}

static void
cm_text_index_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CmTextIndex *self = CM_TEXT_INDEX (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_LENGTH:
      g_value_set_uint (value, self->length);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_text_index_class_init (CmTextIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_text_index_finalize;
  object_class->get_property = cm_text_index_get_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         CM_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_text_index_init (CmTextIndex *self)
{
  g_mutex_init (&self->norm_lock);
}

/* ------------------------------------------------------------------------
 * Page layout: poppler's reading order is good for one column of text, but
 * it interleaves narrow columns and glues bill-style line numbers onto the
 * text. So each page is rebuilt from its glyph boxes: characters → words →
 * line fragments → reading order (a recursive XY cut that keeps columns
 * together) → lines.
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint start;                  /* chars [start, end) of the page */
  guint end;
  Box   box;
  float h;
  float yc;
  gboolean dropped;
} Word;

typedef struct
{
  guint first;                  /* index into PageLayout.order */
  guint n_words;
  Box   box;
  float h;
  float yc;
} Fragment;

typedef struct
{
  const gunichar *chars;
  const Box      *boxes;
  guint           n_chars;
  GArray         *words;        /* Word */
  GArray         *order;        /* guint word indices, grouped by fragment */
  GArray         *fragments;    /* Fragment */
  GArray         *lines;        /* guint fragment indices in reading order */
  float           min_gutter;
  float           split_gap;
  gboolean        rtl;
  gboolean        overlaps;     /* two flows of text print over each other */
  gboolean        one_line_words;  /* glyphs of a word share their printed line */
  /* Line-number columns: those found on this page (NumberColumn), those
   * other pages of the document have (NULL on a first reading), and
   * whether one or two numbers here look like the end of such a column. */
  GArray         *found_columns;
  const GArray   *hint_columns;
  gboolean        sparse_numbers;
} PageLayout;

typedef struct
{
  float    key;                 /* the numbers' aligned edge */
  gboolean right_edge;
} NumberColumn;

static inline float
box_height (const Box *b)
{
  return MAX (b->y2 - b->y1, 1.0f);
}

static inline void
box_union (Box       *acc,
           const Box *b)
{
  acc->x1 = MIN (acc->x1, b->x1);
  acc->y1 = MIN (acc->y1, b->y1);
  acc->x2 = MAX (acc->x2, b->x2);
  acc->y2 = MAX (acc->y2, b->y2);
}

static inline gboolean
is_blank (gunichar c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
         (c > 0x7f && (g_unichar_isspace (c) || c == 0x200b || c == 0xfeff));
}

/* Two glyphs poppler put next to each other belong to one word only when
 * they touch: poppler itself writes a space between words of one line, so a
 * gap without one means it joined two blocks (a line number and its line,
 * or two columns). */
static inline gboolean
glyphs_continue (const Box *a,
                 const Box *b)
{
  float h = MAX (box_height (a), box_height (b));
  float yca = (a->y1 + a->y2) / 2, ycb = (b->y1 + b->y2) / 2;
  float gap = MAX (b->x1 - a->x2, a->x1 - b->x2);

  return fabsf (yca - ycb) <= 0.5f * h && gap <= 0.2f * h + 0.5f;
}

/* Glyphs of one printed line share their top and bottom to a hair (words
 * that only sit level, one flow printed over another, do not). */
static inline gboolean
boxes_share_line (const Box *a,
                  const Box *b)
{
  float tolerance = 0.002f * MAX (box_height (a), box_height (b));

  return fabsf (a->y1 - b->y1) <= tolerance && fabsf (a->y2 - b->y2) <= tolerance;
}

/* Glyphs of one word stand side by side; one printed a third or more over
 * the other belongs to another flow of text (a title printed over a
 * column), unless it is a combining mark on its base. */
static inline gboolean
glyphs_collide (const Box *a,
                const Box *b)
{
  float overlap = MIN (a->x2, b->x2) - MAX (a->x1, b->x1);
  float narrower = MIN (a->x2 - a->x1, b->x2 - b->x1);

  return narrower > 0 && overlap > 0.3f * narrower;
}

static int
compare_floats (const void *a,
                const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return (x > y) - (x < y);
}

/* Builds the words and measures the page. Returns FALSE when the glyph
 * geometry does not look like horizontal text (rotated pages, vertical
 * writing), in which case poppler's own order is kept. */
static gboolean
page_layout_build_words (PageLayout *layout)
{
  guint n_pairs = 0, n_continuous = 0, n_ltr = 0, n_rtl = 0;
  g_autofree float *heights = NULL;
  guint n_heights = 0;

  for (guint i = 0; i < layout->n_chars;)
    {
      Word word = { 0, };

      if (is_blank (layout->chars[i]))
        {
          i++;
          continue;
        }

      word.start = i;
      word.box = layout->boxes[i];
      for (i++; i < layout->n_chars && !is_blank (layout->chars[i]); i++)
        {
          n_pairs++;
          if (!glyphs_continue (&layout->boxes[i - 1], &layout->boxes[i]) ||
              (!g_unichar_ismark (layout->chars[i]) &&
               (glyphs_collide (&layout->boxes[i - 1], &layout->boxes[i]) ||
                (layout->one_line_words && !boxes_share_line (&layout->boxes[i - 1], &layout->boxes[i])))))
            break;
          n_continuous++;
          box_union (&word.box, &layout->boxes[i]);
        }
      word.end = i;
      word.h = box_height (&word.box);
      word.yc = (word.box.y1 + word.box.y2) / 2;
      g_array_append_val (layout->words, word);
    }

  if (layout->words->len == 0)
    return FALSE;
  if (n_pairs > 8 && n_continuous < n_pairs * 8 / 10)
    return FALSE;

  /* Direction of writing, from consecutive words poppler put on one line. */
  for (guint i = 1; i < layout->words->len; i++)
    {
      const Word *a = &g_array_index (layout->words, Word, i - 1);
      const Word *b = &g_array_index (layout->words, Word, i);

      if (fabsf (a->yc - b->yc) > 0.3f * MAX (a->h, b->h))
        continue;
      if (b->box.x1 >= a->box.x2 - 0.5f)
        n_ltr++;
      else if (b->box.x2 <= a->box.x1 + 0.5f)
        n_rtl++;
    }
  layout->rtl = n_rtl > n_ltr;

  heights = g_new (float, layout->words->len);
  for (guint i = 0; i < layout->words->len; i++)
    heights[n_heights++] = g_array_index (layout->words, Word, i).h;
  qsort (heights, n_heights, sizeof (float), compare_floats);
  layout->split_gap = 0.9f * heights[n_heights / 2];
  layout->min_gutter = 0.6f * heights[n_heights / 2];

  return TRUE;
}

static gboolean
word_is_number (const PageLayout *layout,
                const Word       *word,
                guint            *value)
{
  guint v = 0;

  if (word->end - word->start > 5)
    return FALSE;
  for (guint i = word->start; i < word->end; i++)
    {
      gunichar c = layout->chars[i];

      if (c < '0' || c > '9')
        return FALSE;
      v = v * 10 + (c - '0');
    }
  *value = v;
  return TRUE;
}

typedef struct
{
  guint word;
  guint value;
  float key;
} NumberCandidate;

static int
compare_candidates_by_key (const void *a,
                           const void *b)
{
  return compare_floats (&((const NumberCandidate *) a)->key, &((const NumberCandidate *) b)->key);
}

/* Within TOLERANCE times its height of the number's middle. */
static gboolean
word_has_text_to_the_right (const PageLayout *layout,
                            const Word       *number,
                            float             tolerance)
{
  for (guint i = 0; i < layout->words->len; i++)
    {
      const Word *w = &g_array_index (layout->words, Word, i);
      guint value;

      if (w == number || fabsf (w->yc - number->yc) > tolerance * number->h)
        continue;
      if (w->box.x1 >= number->box.x2 - 0.5f && w->box.x1 <= number->box.x2 + 4 * number->h &&
          !word_is_number (layout, w, &value))
        return TRUE;
    }
  return FALSE;
}

/* Bill-style margin line numbers: numbers alone in a word, aligned on one
 * edge (left or right), increasing down the page, with text beside them,
 * and standing where no line of text starts. The last test tells them from
 * numbers that merely begin lines ("261 of, paragraphs (1) and (4)").
 *
 * A number too wide for its box wraps: "101" prints as "10" beside its
 * line and "1" below it, over the next line's number ("1" and "10" in one
 * row) or between paragraphs; "1002" as "10" and "02". So only rows level
 * with text that hold one number are read (a wrapped number's first part:
 * … 98, 99, 10, 10, … 11 for 98 to 110), scaled by the least power of ten
 * that keeps them from decreasing (99, 100, 100, … 110), and never far
 * apart. Every number of the cluster goes, remainders too. */
static gboolean
numbers_increase_down_rows (PageLayout      *layout,
                            NumberCandidate *cluster,
                            guint            n)
{
  guint64 previous = 0;
  gboolean any_previous = FALSE;

  for (guint i = 0; i < n; i++)
    cluster[i].key = g_array_index (layout->words, Word, cluster[i].word).yc;
  qsort (cluster, n, sizeof *cluster, compare_candidates_by_key);

  for (guint i = 0; i < n;)
    {
      const Word *w = &g_array_index (layout->words, Word, cluster[i].word);
      guint row_end = i + 1;
      guint64 scaled = cluster[i].value, unit = 1;

      while (row_end < n &&
             g_array_index (layout->words, Word, cluster[row_end].word).yc - w->yc <= 0.3f * w->h)
        row_end++;
      /* Level with it: a remainder between paragraphs is a little off. */
      if (row_end - i > 1 || !word_has_text_to_the_right (layout, w, 0.1f))
        {
          i = row_end;
          continue;
        }
      i = row_end;

      for (guint k = 0; k < 3 && scaled < previous; k++)
        {
          scaled *= 10;
          unit *= 10;
        }
      /* Up to ten lines on (blank lines are numbered too, and some bills
       * number every fifth): numbers that merely start lines ("2017 WL …",
       * "213 F.Supp.") jump further. */
      if (scaled < previous || (any_previous && scaled - previous > 10 * unit))
        return FALSE;
      previous = scaled;
      any_previous = TRUE;
    }
  return TRUE;
}

static gboolean
is_hinted_column (const PageLayout *layout,
                  float             key,
                  gboolean          right_edge)
{
  for (guint i = 0; layout->hint_columns != NULL && i < layout->hint_columns->len; i++)
    {
      const NumberColumn *column = &g_array_index (layout->hint_columns, NumberColumn, i);

      if (column->right_edge == right_edge && fabsf (column->key - key) <= 2.0f)
        return TRUE;
    }
  return FALSE;
}

/* A cluster of N numbers aligned at KEY: bill-style line numbers when
 * they stand where no text starts, with text beside them, increasing down
 * the page. Three make a column; one or two (a last page of two lines)
 * only continue a column other pages of the document have. */
static void
drop_cluster_if_line_numbers (PageLayout      *layout,
                              NumberCandidate *cluster,
                              guint            n,
                              float            key,
                              gboolean         right_edge,
                              const guint     *left_edges,
                              guint            n_left_edges)
{
  g_autofree float *starts = NULL;
  guint with_text = 0, text_starts = 0;
  float median;

  if (n == 0)
    return;

  starts = g_new (float, n);
  for (guint i = 0; i < n; i++)
    starts[i] = g_array_index (layout->words, Word, cluster[i].word).box.x1;
  qsort (starts, n, sizeof (float), compare_floats);
  median = starts[n / 2];
  if (median >= 0)
    for (guint k = (guint) MAX (median - 1.5f, 0); k <= (guint) (median + 1.5f) && k < n_left_edges; k++)
      text_starts += left_edges[k];
  if (text_starts >= MAX (2, n / 4))
    return;

  for (guint i = 0; i < n; i++)
    if (word_has_text_to_the_right (layout, &g_array_index (layout->words, Word, cluster[i].word), 0.35f))
      with_text++;
  if (n < 3)
    {
      /* Each beside its line, and in the margin: no text to their left. */
      if (with_text < n || !numbers_increase_down_rows (layout, cluster, n))
        return;
      for (guint i = 0; i < n; i++)
        {
          const Word *number = &g_array_index (layout->words, Word, cluster[i].word);

          for (guint j = 0; j < layout->words->len; j++)
            {
              const Word *w = &g_array_index (layout->words, Word, j);

              if (w != number && fabsf (w->yc - number->yc) <= 0.35f * number->h
                  && w->box.x2 <= number->box.x1 + 0.5f)
                return;
            }
        }
      if (!is_hinted_column (layout, key, right_edge))
        {
          layout->sparse_numbers = TRUE;
          return;
        }
    }
  else if (with_text * 2 < n || !numbers_increase_down_rows (layout, cluster, n))
    return;

  for (guint i = 0; i < n; i++)
    g_array_index (layout->words, Word, cluster[i].word).dropped = TRUE;
  if (n >= 3 && layout->found_columns != NULL)
    {
      NumberColumn column = { key, right_edge };

      g_array_append_val (layout->found_columns, column);
    }
}

static void
drop_line_numbers_aligned (PageLayout  *layout,
                           GArray      *candidates,
                           gboolean     right_edge,
                           const guint *left_edges,
                           guint        n_left_edges)
{
  NumberCandidate *c = (NumberCandidate *) candidates->data;
  guint n = candidates->len;
  guint first = 0;

  for (guint i = 0; i < n; i++)
    {
      const Word *w = &g_array_index (layout->words, Word, c[i].word);

      c[i].key = right_edge ? w->box.x2 : w->box.x1;
    }
  qsort (c, n, sizeof *c, compare_candidates_by_key);

  for (guint i = 1; i <= n; i++)
    {
      if (i == n || c[i].key - c[first].key > 2.0f)
        {
          g_autofree NumberCandidate *cluster = g_memdup2 (&c[first], (i - first) * sizeof *c);

          drop_cluster_if_line_numbers (layout, cluster, i - first, c[first].key, right_edge,
                                        left_edges, n_left_edges);
          first = i;
        }
    }
}

static void
page_layout_drop_line_numbers (PageLayout *layout)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (NumberCandidate));
  g_autofree guint *left_edges = NULL;
  guint n_left_edges = 0;

  for (guint i = 0; i < layout->words->len; i++)
    {
      NumberCandidate candidate = { i, 0, 0 };

      if (word_is_number (layout, &g_array_index (layout->words, Word, i), &candidate.value))
        g_array_append_val (candidates, candidate);
    }
  /* Checking a number for text beside it looks at every word of the page:
   * a page of number tables is not a bill, and is not worth that time. */
  if (candidates->len == 0 || (guint64) candidates->len * layout->words->len > 4000000)
    return;

  /* How many words start at each whole x, to find the page's left edges. */
  for (guint i = 0; i < layout->words->len; i++)
    {
      float x1 = g_array_index (layout->words, Word, i).box.x1;

      if (x1 >= 0 && x1 < 20000)
        n_left_edges = MAX (n_left_edges, (guint) x1 + 2);
    }
  left_edges = g_new0 (guint, MAX (n_left_edges, 1));
  for (guint i = 0; i < layout->words->len; i++)
    {
      const Word *w = &g_array_index (layout->words, Word, i);
      guint value;

      if (w->box.x1 >= 0 && w->box.x1 < 20000 && !word_is_number (layout, w, &value))
        left_edges[(guint) w->box.x1]++;
    }

  drop_line_numbers_aligned (layout, candidates, FALSE, left_edges, n_left_edges);
  drop_line_numbers_aligned (layout, candidates, TRUE, left_edges, n_left_edges);
}

/* Rows hold a handful of items: an insertion sort beats an allocating
 * merge sort there, and large inputs still get g_qsort_with_data(). */
static void
sort_ids (guint            *ids,
          guint             n,
          GCompareDataFunc  compare,
          gpointer          data)
{
  if (n > 24)
    {
      g_qsort_with_data (ids, n, sizeof (guint), compare, data);
      return;
    }
  for (guint i = 1; i < n; i++)
    {
      guint id = ids[i];
      guint j = i;

      while (j > 0 && compare (&ids[j - 1], &id, data) > 0)
        {
          ids[j] = ids[j - 1];
          j--;
        }
      ids[j] = id;
    }
}

static int
compare_words_by_yc (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const PageLayout *layout = user_data;
  const Word *x = &g_array_index (layout->words, Word, *(const guint *) a);
  const Word *y = &g_array_index (layout->words, Word, *(const guint *) b);

  return compare_floats (&x->yc, &y->yc);
}

static int
compare_words_by_x (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const PageLayout *layout = user_data;
  const Word *x = &g_array_index (layout->words, Word, *(const guint *) a);
  const Word *y = &g_array_index (layout->words, Word, *(const guint *) b);

  return layout->rtl ? compare_floats (&y->box.x2, &x->box.x2)
                          : compare_floats (&x->box.x1, &y->box.x1);
}

static int
compare_fragments_by_yc (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  const PageLayout *layout = user_data;
  const Fragment *x = &g_array_index (layout->fragments, Fragment, *(const guint *) a);
  const Fragment *y = &g_array_index (layout->fragments, Fragment, *(const guint *) b);

  return compare_floats (&x->yc, &y->yc);
}

static int
compare_fragments_by_top (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  const PageLayout *layout = user_data;
  const Fragment *x = &g_array_index (layout->fragments, Fragment, *(const guint *) a);
  const Fragment *y = &g_array_index (layout->fragments, Fragment, *(const guint *) b);
  float tx = x->yc - 0.3f * x->h, ty = y->yc - 0.3f * y->h;

  return compare_floats (&tx, &ty);
}

static int
compare_fragments_by_x (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const PageLayout *layout = user_data;
  const Fragment *x = &g_array_index (layout->fragments, Fragment, *(const guint *) a);
  const Fragment *y = &g_array_index (layout->fragments, Fragment, *(const guint *) b);

  return layout->rtl ? compare_floats (&y->box.x2, &x->box.x2)
                          : compare_floats (&x->box.x1, &y->box.x1);
}

/* A row in which words print over each other holds two flows of text (a
 * title printed over the top of a column): its words are regrouped by the
 * printed line they belong to, each group in writing order. Returns the
 * group of each word in GROUPS, or FALSE when nothing overlaps. */
static gboolean
row_split_overlapping (PageLayout *layout,
                       guint      *ids,
                       guint       n,
                       guint      *groups)
{
  gboolean overlap = FALSE;
  guint n_groups = 0;

  for (guint i = 1; i < n && !overlap; i++)
    {
      const Word *prev = &g_array_index (layout->words, Word, ids[i - 1]);
      const Word *w = &g_array_index (layout->words, Word, ids[i]);
      float narrower = MIN (prev->box.x2 - prev->box.x1, w->box.x2 - w->box.x1);

      overlap = MIN (prev->box.x2, w->box.x2) - MAX (prev->box.x1, w->box.x1) > 0.3f * narrower;
    }
  if (!overlap)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const Word *w = &g_array_index (layout->words, Word, ids[i]);
      guint g = 0;

      while (g < i && !(groups[g] == g && boxes_share_line (&g_array_index (layout->words, Word, ids[g]).box, &w->box)))
        g++;
      /* A word that starts a group is its own representative. */
      groups[i] = g < i ? groups[g] : i;
      if (g == i)
        n_groups++;
    }
  if (n_groups < 2)
    return FALSE;

  /* Stable: by group, in writing order within each. */
  for (guint i = 1; i < n; i++)
    {
      guint id = ids[i], group = groups[i], j = i;

      while (j > 0 && groups[j - 1] > group)
        {
          ids[j] = ids[j - 1];
          groups[j] = groups[j - 1];
          j--;
        }
      ids[j] = id;
      groups[j] = group;
    }
  return TRUE;
}

/* Groups the kept words into rows by their vertical centre, then splits each
 * row where the gap between words is wider than any word space. */
static void
page_layout_build_fragments (PageLayout *layout)
{
  g_autofree guint *ids = g_new (guint, layout->words->len);
  g_autofree guint *groups = g_new (guint, layout->words->len);
  guint n = 0;

  for (guint i = 0; i < layout->words->len; i++)
    if (!g_array_index (layout->words, Word, i).dropped)
      ids[n++] = i;

  sort_ids (ids, n, compare_words_by_yc, layout);

  for (guint row_start = 0; row_start < n;)
    {
      const Word *first = &g_array_index (layout->words, Word, ids[row_start]);
      guint row_end = row_start + 1;
      Fragment fragment = { 0, };
      gboolean split;

      while (row_end < n &&
             g_array_index (layout->words, Word, ids[row_end]).yc - first->yc <= 0.35f * first->h)
        row_end++;

      sort_ids (ids + row_start, row_end - row_start, compare_words_by_x, layout);
      split = row_split_overlapping (layout, ids + row_start, row_end - row_start, groups + row_start);
      layout->overlaps |= split;

      for (guint i = row_start; i < row_end; i++)
        {
          const Word *w = &g_array_index (layout->words, Word, ids[i]);

          if (fragment.n_words > 0)
            {
              const Word *prev = &g_array_index (layout->words, Word, ids[i - 1]);
              float gap = layout->rtl ? prev->box.x1 - w->box.x2 : w->box.x1 - prev->box.x2;

              if (gap > layout->split_gap || (split && groups[i] != groups[i - 1]))
                {
                  g_array_append_val (layout->fragments, fragment);
                  fragment.n_words = 0;
                }
            }
          if (fragment.n_words == 0)
            {
              fragment.first = layout->order->len;
              fragment.box = w->box;
            }
          else
            box_union (&fragment.box, &w->box);
          g_array_append_val (layout->order, ids[i]);
          fragment.n_words++;
        }
      if (fragment.n_words > 0)
        g_array_append_val (layout->fragments, fragment);

      row_start = row_end;
    }

  for (guint i = 0; i < layout->fragments->len; i++)
    {
      Fragment *f = &g_array_index (layout->fragments, Fragment, i);

      f->h = box_height (&f->box);
      f->yc = (f->box.y1 + f->box.y2) / 2;
    }
}

/* Emits fragments row by row, top to bottom, in writing order in a row. */
static void
emit_rows (PageLayout *layout,
           guint      *ids,
           guint       n)
{
  sort_ids (ids, n, compare_fragments_by_yc, layout);

  for (guint row_start = 0; row_start < n;)
    {
      const Fragment *first = &g_array_index (layout->fragments, Fragment, ids[row_start]);
      guint row_end = row_start + 1;

      while (row_end < n &&
             g_array_index (layout->fragments, Fragment, ids[row_end]).yc - first->yc <= 0.35f * first->h)
        row_end++;
      sort_ids (ids + row_start, row_end - row_start, compare_fragments_by_x, layout);
      g_array_append_vals (layout->lines, ids + row_start, row_end - row_start);
      row_start = row_end;
    }
}

typedef struct
{
  float lo;
  float hi;
} Span;

/* The x ranges covered by fragments IDS[0..N), merged, left to right. */
static GArray *
occupied_spans (PageLayout *layout,
                guint      *ids,
                guint       n)
{
  g_autofree guint *sorted = g_memdup2 (ids, n * sizeof (guint));
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gboolean rtl = layout->rtl;

  layout->rtl = FALSE;
  sort_ids (sorted, n, compare_fragments_by_x, layout);
  layout->rtl = rtl;

  for (guint i = 0; i < n; i++)
    {
      const Fragment *f = &g_array_index (layout->fragments, Fragment, sorted[i]);

      if (spans->len > 0 && f->box.x1 <= g_array_index (spans, Span, spans->len - 1).hi)
        {
          Span *last = &g_array_index (spans, Span, spans->len - 1);

          last->hi = MAX (last->hi, f->box.x2);
        }
      else
        {
          Span s = { f->box.x1, f->box.x2 };

          g_array_append_val (spans, s);
        }
    }
  return spans;
}

/* Gaps between the occupied spans at least MIN_WIDTH wide. */
static GArray *
interior_gaps (GArray *occupied,
               float   min_width)
{
  GArray *gaps = g_array_new (FALSE, FALSE, sizeof (Span));

  for (guint i = 1; i < occupied->len; i++)
    {
      Span g = { g_array_index (occupied, Span, i - 1).hi, g_array_index (occupied, Span, i).lo };

      if (g.hi - g.lo >= min_width)
        g_array_append_val (gaps, g);
    }
  return gaps;
}

/* GUTTERS minus OCCUPIED, keeping pieces at least MIN_WIDTH wide. */
static GArray *
subtract_spans (GArray *gutters,
                GArray *occupied,
                float   min_width)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (Span));

  for (guint i = 0; i < gutters->len; i++)
    {
      Span piece = g_array_index (gutters, Span, i);

      for (guint j = 0; j < occupied->len && piece.lo < piece.hi; j++)
        {
          const Span *o = &g_array_index (occupied, Span, j);

          if (o->hi <= piece.lo || o->lo >= piece.hi)
            continue;
          if (o->lo - piece.lo >= min_width)
            {
              Span left = { piece.lo, o->lo };

              g_array_append_val (result, left);
            }
          piece.lo = o->hi;
        }
      if (piece.hi - piece.lo >= min_width)
        g_array_append_val (result, piece);
    }
  return result;
}

static gboolean
spans_intersect (GArray *a,
                 GArray *b,
                 float   min_width)
{
  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      {
        const Span *x = &g_array_index (a, Span, i);
        const Span *y = &g_array_index (b, Span, j);

        if (MIN (x->hi, y->hi) - MAX (x->lo, y->lo) > min_width)
          return TRUE;
      }
  return FALSE;
}

typedef struct
{
  guint   first_band;
  guint   last_band;
  gboolean multi;
  GArray *gutters;
} BandGroup;

static void order_fragments (PageLayout *layout,
                             guint      *ids,
                             guint       n,
                             guint       depth);

/* Splits IDS into columns at vertical gaps that no fragment crosses. */
static gboolean
split_columns (PageLayout *layout,
               guint      *ids,
               guint       n,
               guint       depth)
{
  gboolean rtl = layout->rtl;
  float cover;
  guint column_start = 0;
  gboolean split = FALSE;

  layout->rtl = FALSE;
  sort_ids (ids, n, compare_fragments_by_x, layout);
  layout->rtl = rtl;

  cover = g_array_index (layout->fragments, Fragment, ids[0]).box.x2;
  for (guint i = 1; i <= n; i++)
    {
      const Fragment *f = i < n ? &g_array_index (layout->fragments, Fragment, ids[i]) : NULL;

      if (f == NULL || f->box.x1 - cover >= layout->min_gutter)
        {
          if (f == NULL && !split)
            return FALSE;
          split = TRUE;
          order_fragments (layout, ids + column_start, i - column_start, depth + 1);
          column_start = i;
        }
      if (f != NULL)
        cover = MAX (cover, f->box.x2);
    }
  return TRUE;
}

static void
band_group_clear (BandGroup *group)
{
  g_clear_pointer (&group->gutters, g_array_unref);
}

/* Reading order of fragments IDS[0..N): columns first (a vertical cut no
 * fragment crosses), else horizontal bands. Bands that share a gutter are
 * grouped, so that a two-column stretch under a full-width heading is read
 * column by column rather than line by line across the gutter. */
static void
order_fragments (PageLayout *layout,
                 guint      *ids,
                 guint       n,
                 guint       depth)
{
  g_autoptr(GArray) band_starts = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GPtrArray) band_occupied = NULL;
  g_autoptr(GPtrArray) band_gaps = NULL;
  g_autofree gboolean *columnar = NULL;
  guint n_bands;
  float band_bottom;

  if (n == 0)
    return;
  if (n == 1 || depth > 24)
    {
      emit_rows (layout, ids, n);
      return;
    }

  if (split_columns (layout, ids, n, depth))
    return;

  /* Bands: runs of fragments whose central parts overlap vertically. */
  sort_ids (ids, n, compare_fragments_by_top, layout);
  band_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  band_bottom = -G_MAXFLOAT;
  for (guint i = 0; i < n; i++)
    {
      const Fragment *f = &g_array_index (layout->fragments, Fragment, ids[i]);

      if (f->yc - 0.3f * f->h > band_bottom)
        g_array_append_val (band_starts, i);
      band_bottom = MAX (band_bottom, f->yc + 0.3f * f->h);
    }
  g_array_append_val (band_starts, n);

  if (band_starts->len <= 2)
    {
      emit_rows (layout, ids, n);
      return;
    }

  groups = g_array_new (FALSE, TRUE, sizeof (BandGroup));
  g_array_set_clear_func (groups, (GDestroyNotify) band_group_clear);

  /* A band with a gap inside is a stretch of columns only if it is several
   * lines tall, or its neighbour has a gap in the same place: one line
   * with wide spaces or a tab stop is not a column layout. */
  n_bands = band_starts->len - 1;
  band_occupied = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  band_gaps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  columnar = g_new0 (gboolean, n_bands);
  for (guint b = 0; b < n_bands; b++)
    {
      guint first = g_array_index (band_starts, guint, b);
      guint count = g_array_index (band_starts, guint, b + 1) - first;
      GArray *occupied = occupied_spans (layout, ids + first, count);

      g_ptr_array_add (band_occupied, occupied);
      g_ptr_array_add (band_gaps, interior_gaps (occupied, layout->min_gutter));
    }
  for (guint b = 0; b < n_bands; b++)
    {
      GArray *gaps = g_ptr_array_index (band_gaps, b);
      guint first = g_array_index (band_starts, guint, b);
      guint count = g_array_index (band_starts, guint, b + 1) - first;
      float top = G_MAXFLOAT, bottom = -G_MAXFLOAT, h = 0;

      if (gaps->len == 0)
        continue;
      for (guint i = first; i < first + count; i++)
        {
          const Fragment *f = &g_array_index (layout->fragments, Fragment, ids[i]);

          top = MIN (top, f->box.y1);
          bottom = MAX (bottom, f->box.y2);
          h = MAX (h, f->h);
        }
      columnar[b] = bottom - top > 1.8f * h ||
                    (b > 0 && spans_intersect (gaps, g_ptr_array_index (band_gaps, b - 1), layout->min_gutter)) ||
                    (b + 1 < n_bands && spans_intersect (gaps, g_ptr_array_index (band_gaps, b + 1), layout->min_gutter));
    }

  for (guint b = 0; b < n_bands; b++)
    {
      GArray *occupied = g_ptr_array_index (band_occupied, b);
      g_autoptr(GArray) own_gaps = columnar[b] ? g_array_ref (g_ptr_array_index (band_gaps, b)) : NULL;
      BandGroup *current = groups->len > 0 ? &g_array_index (groups, BandGroup, groups->len - 1) : NULL;
      BandGroup fresh = { b, b, FALSE, NULL };

      if (current != NULL && current->multi)
        {
          GArray *remaining = subtract_spans (current->gutters, occupied, layout->min_gutter);

          if (remaining->len > 0)
            {
              g_array_unref (current->gutters);
              current->gutters = remaining;
              current->last_band = b;
              continue;
            }
          g_array_unref (remaining);
        }

      if (own_gaps == NULL)
        {
          if (current != NULL && !current->multi)
            current->last_band = b;
          else
            g_array_append_val (groups, fresh);
          continue;
        }

      /* A new multi-column stretch: take back the single-column bands just
       * above it that fit in its columns (a column's first lines, say). */
      fresh.multi = TRUE;
      fresh.gutters = g_array_copy (own_gaps);
      if (current != NULL && !current->multi)
        {
          while (current->last_band + 1 > current->first_band)
            {
              guint pb = current->last_band;

              /* Only bands wholly inside one column: a wider line above
               * (a title, say) ends the stretch. */
              if (spans_intersect (fresh.gutters, g_ptr_array_index (band_occupied, pb), 0))
                break;
              fresh.first_band = pb;
              if (pb == current->first_band)
                {
                  g_array_set_size (groups, groups->len - 1);
                  current = NULL;
                  break;
                }
              current->last_band = pb - 1;
            }
        }
      g_array_append_val (groups, fresh);
    }

  if (groups->len == 1)
    {
      emit_rows (layout, ids, n);
      return;
    }

  for (guint g = 0; g < groups->len; g++)
    {
      const BandGroup *group = &g_array_index (groups, BandGroup, g);
      guint first = g_array_index (band_starts, guint, group->first_band);
      guint last = g_array_index (band_starts, guint, group->last_band + 1);

      order_fragments (layout, ids + first, last - first, depth + 1);
    }
}

static gboolean
fragments_collide (const Fragment *f,
                   const Fragment *o)
{
  float x_overlap = MIN (f->box.x2, o->box.x2) - MAX (f->box.x1, o->box.x1);
  float y_overlap = MIN (f->box.y2, o->box.y2) - MAX (f->box.y1, o->box.y1);

  return f != o && x_overlap > 0.3f * MIN (f->box.x2 - f->box.x1, o->box.x2 - o->box.x1) &&
         y_overlap > 0.5f * MIN (f->h, o->h);
}

/* Which fragments belong to a flow printed over another (page 1's title
 * over the top of the second column): of two that collide, one much wider
 * than the other (the title across both columns); then, line by line, those
 * that continue such a one, just above or below it, of the same height, and
 * colliding too or centred on the same middle (the title's shorter lines). */
static guint
find_intruders (const PageLayout *layout,
                gboolean         *intrudes)
{
  guint n = layout->fragments->len, n_intruders = 0;
  g_autofree gboolean *collides = g_new0 (gboolean, MAX (n, 1));
  gboolean changed = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const Fragment *f = &g_array_index (layout->fragments, Fragment, i);

      for (guint j = 0; j < n; j++)
        {
          const Fragment *o = &g_array_index (layout->fragments, Fragment, j);

          if (!fragments_collide (f, o))
            continue;
          collides[i] = TRUE;
          if (f->box.x2 - f->box.x1 > 1.5f * (o->box.x2 - o->box.x1))
            intrudes[i] = TRUE;
        }
    }

  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < n; i++)
        {
          const Fragment *f = &g_array_index (layout->fragments, Fragment, i);

          if (intrudes[i])
            continue;
          for (guint j = 0; j < n && !intrudes[i]; j++)
            {
              const Fragment *g = &g_array_index (layout->fragments, Fragment, j);
              float middle_offset = fabsf ((g->box.x1 + g->box.x2) - (f->box.x1 + f->box.x2)) / 2;

              if (intrudes[j] && fabsf (g->h - f->h) <= 0.005f * f->h && fabsf (g->yc - f->yc) <= 1.6f * f->h &&
                  (collides[i] || middle_offset <= f->h))
                intrudes[i] = changed = TRUE;
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      n_intruders += intrudes[i];
    }
  return n_intruders;
}

/* Reading order. A flow printed over another (page 1's title over the top
 * of the second column) would block every cut: it is ordered apart, then
 * each of its lines goes before the first line of the rest that stands
 * lower on the page. */
static void
page_layout_order (PageLayout *layout)
{
  guint n = layout->fragments->len;
  g_autofree guint *ids = g_new (guint, MAX (n, 1));
  g_autofree guint *intruders = g_new (guint, MAX (n, 1));
  g_autofree gboolean *intrudes = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GArray) rest = NULL;
  guint n_rest = 0, n_intruders = 0, next = 0;

  if (layout->overlaps && find_intruders (layout, intrudes) > 0)
    for (guint i = 0; i < n; i++)
      {
        if (intrudes[i])
          intruders[n_intruders++] = i;
        else
          ids[n_rest++] = i;
      }
  if (n_intruders == 0)
    {
      for (guint i = 0; i < n; i++)
        ids[i] = i;
      order_fragments (layout, ids, n, 0);
      return;
    }

  order_fragments (layout, ids, n_rest, 0);
  sort_ids (intruders, n_intruders, compare_fragments_by_yc, layout);
  rest = g_array_copy (layout->lines);
  g_array_set_size (layout->lines, 0);
  for (guint i = 0; i <= rest->len; i++)
    {
      const Fragment *line = i < rest->len
                           ? &g_array_index (layout->fragments, Fragment, g_array_index (rest, guint, i))
                           : NULL;

      while (next < n_intruders &&
             (line == NULL || g_array_index (layout->fragments, Fragment, intruders[next]).yc <= line->yc))
        g_array_append_val (layout->lines, intruders[next++]);
      if (line != NULL)
        g_array_append_val (layout->lines, g_array_index (rest, guint, i));
    }
}

/* ------------------------------------------------------------------------
 * Assembly: every page's lines are appended to one text; lines in the page
 * margins are remembered so that running headers and footers can be dropped
 * once every page has been seen.
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint page;
  guint start;                  /* chars of the draft text */
  guint end;
  gsize byte_start;
  gsize byte_end;
  char *margin_key;             /* NULL unless in a margin band */
  gboolean top;
  gboolean dropped;
} Line;

typedef struct
{
  GString *text;
  GArray  *boxes;               /* Box */
  GArray  *lines;               /* Line */
  guint    length;
  GArray  *number_columns;      /* NumberColumn found on its pages */
  gboolean sparse_numbers;      /* a page may end a column: see extract_page() */
} Draft;

static void
line_clear (Line *line)
{
  g_clear_pointer (&line->margin_key, g_free);
}

static inline void
draft_append_text (Draft          *draft,
                   const gunichar *chars,
                   guint           n)
{
  for (guint i = 0; i < n; i++)
    {
      if (chars[i] < 0x80)
        g_string_append_c (draft->text, (char) chars[i]);
      else
        g_string_append_unichar (draft->text, chars[i]);
    }
}

/* N characters and their boxes. */
static void
draft_append (Draft          *draft,
              const gunichar *chars,
              const Box      *boxes,
              guint           n)
{
  draft_append_text (draft, chars, n);
  g_array_append_vals (draft->boxes, boxes, n);
  draft->length += n;
}

static void
draft_append_char (Draft     *draft,
                   gunichar   c,
                   const Box *box)
{
  draft_append (draft, &c, box, 1);
}

/* A line's text with digits folded to '#' and spaces collapsed: running
 * footers differ from page to page only in their numbers. */
static char *
margin_key_for (const char *text,
                gsize       length)
{
  GString *key = g_string_sized_new (length);
  gboolean space = FALSE;

  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank (c))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      if (g_unichar_isdigit (c))
        g_string_append_c (key, '#');
      else
        g_string_append_unichar (key, g_unichar_tolower (c));
    }
  return g_string_free (key, FALSE);
}

static void
draft_begin_line (Draft *draft,
                  guint  page)
{
  Line line = { page, draft->length, draft->length, draft->text->len, draft->text->len, NULL, FALSE, FALSE };

  g_array_append_val (draft->lines, line);
}

static void
draft_end_line (Draft  *draft,
                double  page_height,
                const Box *extent)
{
  Line *line = &g_array_index (draft->lines, Line, draft->lines->len - 1);
  float yc = (extent->y1 + extent->y2) / 2;

  line->end = draft->length;
  line->byte_end = draft->text->len;
  if (line->end == line->start)
    {
      g_array_set_size (draft->lines, draft->lines->len - 1);
      return;
    }
  if (page_height > 0 && (yc < MARGIN_BAND * page_height || yc > (1 - MARGIN_BAND) * page_height))
    {
      line->top = yc < page_height / 2;
      line->margin_key = margin_key_for (draft->text->str + line->byte_start,
                                         line->byte_end - line->byte_start);
    }
}

static void
draft_add_layout (Draft      *draft,
                  PageLayout *layout,
                  guint       page,
                  double      page_height)
{
  for (guint l = 0; l < layout->lines->len; l++)
    {
      const Fragment *f = &g_array_index (layout->fragments, Fragment,
                                          g_array_index (layout->lines, guint, l));
      const Box *prev = NULL;

      draft_begin_line (draft, page);
      for (guint k = 0; k < f->n_words; k++)
        {
          const Word *w = &g_array_index (layout->words, Word,
                                          g_array_index (layout->order, guint, f->first + k));

          if (prev != NULL)
            {
              Box space = { prev->x2, MIN (prev->y1, w->box.y1), MAX (prev->x2, w->box.x1),
                            MAX (prev->y2, w->box.y2) };

              if (layout->rtl)
                {
                  space.x1 = MIN (w->box.x2, prev->x1);
                  space.x2 = prev->x1;
                }
              draft_append_char (draft, ' ', &space);
            }
          draft_append (draft, layout->chars + w->start, layout->boxes + w->start, w->end - w->start);
          prev = &w->box;
        }
      draft_end_line (draft, page_height, &f->box);
    }
}

/* Poppler's text as it is, split at its line breaks (pages whose geometry
 * the layout analysis cannot use). */
static void
draft_add_raw (Draft          *draft,
               const gunichar *chars,
               const Box      *boxes,
               guint           n_chars,
               guint           page,
               double          page_height)
{
  guint i = 0;

  while (i < n_chars)
    {
      Box extent = { G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };
      gboolean space = FALSE;

      draft_begin_line (draft, page);
      for (; i < n_chars && chars[i] != '\n'; i++)
        {
          if (is_blank (chars[i]))
            {
              space = TRUE;
              continue;
            }
          if (space && draft->length > g_array_index (draft->lines, Line, draft->lines->len - 1).start)
            {
              Box gap = boxes[i];

              gap.x2 = gap.x1;
              draft_append_char (draft, ' ', &gap);
            }
          space = FALSE;
          draft_append_char (draft, chars[i], &boxes[i]);
          box_union (&extent, &boxes[i]);
        }
      i++;
      draft_end_line (draft, page_height, &extent);
    }
}

static gboolean
is_page_number_key (const char *key)
{
  const char *p = key;
  gboolean digits = FALSE;

  /* "#", "- # -", "page #", "# of #", "page # of #", "#/#", "p. #" */
  while (*p != '\0')
    {
      if (*p == '#')
        digits = TRUE;
      else if (g_str_has_prefix (p, "page"))
        p += 3;
      else if (g_str_has_prefix (p, "of"))
        p += 1;
      else if (*p != ' ' && *p != '-' && *p != '/' && *p != '.' && *p != 'p' &&
               *p != '(' && *p != ')' && *p != '[' && *p != ']')
        return FALSE;
      p++;
    }
  return digits;
}

/* A running footer such as "TITLE   Page #": ends with a page reference. */
static gboolean
ends_with_page_reference (const char *key)
{
  return g_str_has_suffix (key, "page #") || g_str_has_suffix (key, "page # of #");
}

/* Chunks of pages, each drafted by one worker; in page order. */
typedef struct
{
  Draft *drafts;
  guint  n_drafts;
} Drafts;

/* Walks every line of every draft, in page order. */
typedef struct
{
  Drafts *drafts;
  guint   draft;
  guint   line;
} LineIter;

static void
line_iter_init (LineIter *iter,
                Drafts   *drafts)
{
  iter->drafts = drafts;
  iter->draft = 0;
  iter->line = 0;
}

static gboolean
line_iter_next (LineIter  *iter,
                Line     **line,
                Draft    **draft)
{
  while (iter->draft < iter->drafts->n_drafts)
    {
      Draft *d = &iter->drafts->drafts[iter->draft];

      if (iter->line < d->lines->len)
        {
          *line = &g_array_index (d->lines, Line, iter->line++);
          if (draft != NULL)
            *draft = d;
          return TRUE;
        }
      iter->draft++;
      iter->line = 0;
    }
  return FALSE;
}

/* The first lines of the document, where its title is, as one margin key. */
static char *
dup_title_key (Drafts *drafts)
{
  GString *key = g_string_new (NULL);
  guint first_page = 0, n = 0;
  LineIter iter;
  Line *line;
  Draft *draft;

  line_iter_init (&iter, drafts);
  while (n < 6 && line_iter_next (&iter, &line, &draft))
    {
      g_autofree char *line_key = NULL;

      if (first_page == 0)
        first_page = line->page;
      if (line->page != first_page)
        break;
      if (line->margin_key != NULL)
        continue;
      line_key = margin_key_for (draft->text->str + line->byte_start, line->byte_end - line->byte_start);
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, line_key);
      n++;
    }
  return g_string_free (key, FALSE);
}

static void
drafts_drop_running_lines (Drafts *drafts)
{
  g_autoptr(GHashTable) pages_per_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_on_page = NULL;
  guint last_page = 0, n_text_pages = 0;
  g_autofree char *title_key = NULL;
  LineIter iter;
  Line *line;

  /* A footer that repeats the title can only be told by that on a
   * document of one page (or on its last page, wrapped differently). */
  title_key = dup_title_key (drafts);

  /* Count the pages each margin line appears on (once per page). */
  line_iter_init (&iter, drafts);
  while (line_iter_next (&iter, &line, NULL))
    {
      g_autofree char *key = NULL;

      if (line->page != last_page)
        {
          g_clear_pointer (&seen_on_page, g_hash_table_unref);
          last_page = line->page;
          n_text_pages++;
        }
      if (line->margin_key == NULL)
        continue;
      if (seen_on_page == NULL)
        seen_on_page = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      key = g_strconcat (line->top ? "t:" : "b:", line->margin_key, NULL);
      if (!g_hash_table_add (seen_on_page, g_strdup (key)))
        continue;
      g_hash_table_insert (pages_per_key, g_strdup (key),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (pages_per_key, key)) + 1));
    }

  line_iter_init (&iter, drafts);
  while (line_iter_next (&iter, &line, NULL))
    {
      g_autofree char *key = NULL;
      guint count;

      if (line->margin_key == NULL)
        continue;
      key = g_strconcat (line->top ? "t:" : "b:", line->margin_key, NULL);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (pages_per_key, key));
      if ((count >= 2 && count * 10 >= n_text_pages) ||
          is_page_number_key (line->margin_key) ||
          ends_with_page_reference (line->margin_key) ||
          (!line->top && strlen (line->margin_key) >= 12 && strstr (title_key, line->margin_key) != NULL))
        line->dropped = TRUE;
    }
}

/* ------------------------------------------------------------------------
 * Extraction
 * ------------------------------------------------------------------------ */

/* Valid UTF-8 (poppler's page text) to code points; most of it is ASCII,
 * which g_utf8_to_ucs4_fast() does not take a short cut for. */
static gunichar *
decode_utf8 (const char *text,
             glong      *n_chars)
{
  gsize length = strlen (text);
  gunichar *chars = g_new (gunichar, length + 1);
  glong n = 0;

  for (const char *p = text; *p != '\0';)
    {
      if ((guchar) *p < 0x80)
        chars[n++] = (guchar) *p++;
      else
        {
          chars[n++] = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }
    }
  chars[n] = 0;
  *n_chars = n;
  return chars;
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_blank (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Replaces TEXT and RECTS by the OCR text of PAGE, when LAYER has it. */
static gboolean
take_ocr_text (CmOcrLayer        *layer,
               guint              page,
               char             **text,
               PopplerRectangle **rects,
               guint             *n_rects)
{
  g_autofree CmPageRect *boxes = NULL;
  char *ocr_text = NULL;
  guint n_boxes = 0;

  if (layer == NULL || !cm_ocr_layer_get_page_text (layer, page, &ocr_text, &boxes, &n_boxes))
    return FALSE;
  g_free (*text);
  g_free (*rects);
  *text = ocr_text;
  *rects = g_new (PopplerRectangle, MAX (n_boxes, 1));
  for (guint i = 0; i < n_boxes; i++)
    {
      (*rects)[i].x1 = boxes[i].x1;
      (*rects)[i].y1 = boxes[i].y1;
      (*rects)[i].x2 = boxes[i].x2;
      (*rects)[i].y2 = boxes[i].y2;
    }
  *n_rects = n_boxes;
  return TRUE;
}

/* HINT_COLUMNS: the line-number columns of the whole document, once known
 * (NULL at first): with them, the one or two numbers of a short last page
 * go too. */
static gboolean
extract_page (CmDocument       *document,
              PopplerDocument  *poppler,
              CmOcrLayer       *ocr_layer,
              guint             page,
              Draft            *draft,
              const GArray     *hint_columns,
              guint8           *is_ocr,
              GError          **error)
{
  g_autofree char *text = NULL;
  g_autoptr(CmPopplerRectangleArray) rects = NULL;
  g_autofree gunichar *chars = NULL;
  g_autofree Box *boxes = NULL;
  guint n_rects = 0;
  glong n_chars = 0;
  gboolean layout_ok;
  double width = 0, height = 0;
  PageLayout layout = { 0, };

  if (!cm_document_extract_page_raw (document, poppler, page, &text, &rects, &n_rects, error))
    return FALSE;
  /* A page without a text layer (a scan) reads the words OCR found on it;
   * they go through the same layout analysis as a text layer's glyphs. */
  if (text_is_blank (text) && take_ocr_text (ocr_layer, page, &text, &rects, &n_rects))
    *is_ocr = TRUE;

  cm_document_get_page_size (document, page, &width, &height);
  chars = decode_utf8 (text, &n_chars);
  boxes = g_new (Box, MAX (n_chars, 1));

  /* Poppler promises one rectangle per character, but some fonts (Arabic
   * ligatures, for one) break that: then the boxes are padded to keep the
   * arrays parallel, and the page keeps poppler's order. */
  layout_ok = (glong) n_rects == n_chars;
  for (glong i = 0; i < n_chars; i++)
    {
      if ((guint) i < n_rects)
        {
          boxes[i].x1 = MIN (rects[i].x1, rects[i].x2);
          boxes[i].y1 = MIN (rects[i].y1, rects[i].y2);
          boxes[i].x2 = MAX (rects[i].x1, rects[i].x2);
          boxes[i].y2 = MAX (rects[i].y1, rects[i].y2);
        }
      else if (i > 0)
        {
          boxes[i] = boxes[i - 1];
          boxes[i].x1 = boxes[i].x2;
        }
      else
        memset (&boxes[i], 0, sizeof boxes[i]);
    }

  layout.chars = chars;
  layout.boxes = boxes;
  layout.n_chars = n_chars;
  layout.words = g_array_new (FALSE, FALSE, sizeof (Word));
  layout.order = g_array_new (FALSE, FALSE, sizeof (guint));
  layout.fragments = g_array_new (FALSE, FALSE, sizeof (Fragment));
  layout.lines = g_array_new (FALSE, FALSE, sizeof (guint));
  layout.found_columns = draft->number_columns;
  layout.hint_columns = hint_columns;

  layout_ok = layout_ok && page_layout_build_words (&layout);
  if (layout_ok)
    {
      page_layout_drop_line_numbers (&layout);
      page_layout_build_fragments (&layout);
    }
  /* Two flows print over each other: a glyph of one may touch a glyph of
   * the other, so words are built again, kept to one printed line. */
  if (layout_ok && layout.overlaps)
    {
      g_array_set_size (layout.words, 0);
      g_array_set_size (layout.order, 0);
      g_array_set_size (layout.fragments, 0);
      layout.one_line_words = TRUE;
      layout.sparse_numbers = FALSE;
      layout_ok = page_layout_build_words (&layout);
      if (layout_ok)
        {
          page_layout_drop_line_numbers (&layout);
          page_layout_build_fragments (&layout);
        }
    }
  if (layout_ok)
    {
      page_layout_order (&layout);
      draft_add_layout (draft, &layout, page, height);
      draft->sparse_numbers |= layout.sparse_numbers;
    }
  else
    draft_add_raw (draft, chars, boxes, n_chars, page, height);

  g_array_unref (layout.words);
  g_array_unref (layout.order);
  g_array_unref (layout.fragments);
  g_array_unref (layout.lines);
  return TRUE;
}

static void
append_separator (GString  *text,
                  GArray   *boxes,
                  gunichar  c)
{
  /* A separator sits, without width, where the previous glyph ends. */
  PackedBox box = { 0, 0, 0, 0 };

  if (boxes->len > 0)
    {
      box = g_array_index (boxes, PackedBox, boxes->len - 1);
      box.x1 = box.x2;
    }
  g_string_append_c (text, (char) c);
  g_array_append_val (boxes, box);
}

static void
draft_init (Draft *draft)
{
  draft->text = g_string_new (NULL);
  draft->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  draft->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_array_set_clear_func (draft->lines, (GDestroyNotify) line_clear);
  draft->number_columns = g_array_new (FALSE, FALSE, sizeof (NumberColumn));
  draft->length = 0;
  draft->sparse_numbers = FALSE;
}

static void
draft_release (Draft *draft)
{
  if (draft->text != NULL)
    g_string_free (draft->text, TRUE);
  g_clear_pointer (&draft->boxes, g_array_unref);
  draft->text = NULL;
}

/* All of it, lines and columns too (draft_release() keeps the lines for
 * the assembly). */
static void
draft_clear (Draft *draft)
{
  draft_release (draft);
  g_clear_pointer (&draft->lines, g_array_unref);
  g_clear_pointer (&draft->number_columns, g_array_unref);
}

typedef struct
{
  GString *text;
  GArray  *boxes;               /* PackedBox */
  guint    length;
  guint    page;
  gboolean first_line;
} Assembly;

/* Closes the pages up to TARGET, each after a page break: pages without
 * lines still get their (empty) place. */
static void
assembly_advance_to (CmTextIndex *self,
                     Assembly    *assembly,
                     guint        target)
{
  while (assembly->page < target)
    {
      if (assembly->page > 0)
        {
          self->page_ends[assembly->page - 1] = assembly->length;
          append_separator (assembly->text, assembly->boxes, '\f');
          assembly->length++;
        }
      assembly->page++;
      self->page_starts[assembly->page - 1] = assembly->length;
      assembly->first_line = TRUE;
    }
}

/* Writes the final text from the drafts, leaving dropped lines out. */
static void
cm_text_index_assemble (CmTextIndex *self,
                        Drafts      *drafts)
{
  Assembly assembly = { NULL, NULL, 0, 0, TRUE };
  gsize total_bytes = 0, total_chars = 0;
  LineIter iter;
  Line *line;
  Draft *draft, *previous = NULL;

  for (guint d = 0; d < drafts->n_drafts; d++)
    {
      total_bytes += drafts->drafts[d].text->len;
      total_chars += drafts->drafts[d].length;
    }
  assembly.text = g_string_sized_new (total_bytes + self->n_pages + 1);
  assembly.boxes = g_array_sized_new (FALSE, FALSE, sizeof (PackedBox), total_chars + self->n_pages);
  self->box_scale = choose_box_scale (self->document);

  self->page_starts = g_new0 (guint, self->n_pages);
  self->page_ends = g_new0 (guint, self->n_pages);
  self->page_has_text = g_new0 (guint8, self->n_pages);

  line_iter_init (&iter, drafts);
  while (line_iter_next (&iter, &line, &draft))
    {
      /* A draft copied in full is not needed any more: freeing it as we go
       * keeps the peak memory near one copy of the text and boxes. */
      if (previous != NULL && previous != draft)
        draft_release (previous);
      previous = draft;
      /* A page whose only lines are a running header or footer still has
       * a text layer: it is not a scan to recognise. */
      self->page_has_text[line->page - 1] = TRUE;
      if (line->dropped)
        continue;
      assembly_advance_to (self, &assembly, line->page);
      if (!assembly.first_line)
        {
          append_separator (assembly.text, assembly.boxes, '\n');
          assembly.length++;
        }
      assembly.first_line = FALSE;
      g_string_append_len (assembly.text, draft->text->str + line->byte_start,
                           line->byte_end - line->byte_start);
      {
        guint at = assembly.boxes->len;

        g_array_set_size (assembly.boxes, at + (line->end - line->start));
        pack_boxes (&g_array_index (assembly.boxes, PackedBox, at),
                    &g_array_index (draft->boxes, Box, line->start),
                    line->end - line->start, self->box_scale);
      }
      assembly.length += line->end - line->start;
    }
  assembly_advance_to (self, &assembly, self->n_pages);
  if (assembly.page > 0)
    self->page_ends[assembly.page - 1] = assembly.length;

  self->length = assembly.length;
  self->text_bytes = assembly.text->len;
  self->text = g_string_free (assembly.text, FALSE);
  self->boxes = (PackedBox *) g_array_free (assembly.boxes, FALSE);

  self->checkpoints = g_new (guint, self->length / CHECKPOINT_STRIDE + 1);
  {
    const char *p = self->text;

    for (guint i = 0; i <= self->length / CHECKPOINT_STRIDE; i++)
      {
        self->checkpoints[i] = p - self->text;
        for (guint k = 0; k < CHECKPOINT_STRIDE && *p != '\0'; k++)
          p = g_utf8_next_char (p);
      }
  }
}

/* Pages are handed out in chunks to workers, one per two cores (up to
 * four). The calling thread works with the document's own poppler instance;
 * each extra worker opens its own from the same bytes, since one poppler
 * document must not be used from two threads. An extra worker costs about a
 * quarter more CPU in all (a second poppler instance, allocator contention)
 * and the GUI renders pages meanwhile, so on two cores one worker is best:
 * measured on 2,000 pages, two workers on a busy two-core machine were
 * slower in wall time too. */
#define PAGES_PER_CHUNK 16
#ifndef MAX_WORKERS
#define MAX_WORKERS 4
#endif

typedef struct
{
  CmDocument   *document;
  CmOcrLayer   *ocr_layer;
  GCancellable *cancellable;
  guint         n_pages;
  guint8       *page_is_ocr;
  Drafts        drafts;
  gint          next_chunk;     /* atomic */
  gint          failed;         /* atomic */
  GMutex        error_lock;
  GError       *error;
} Extraction;

static void
extraction_fail (Extraction *extraction,
                 GError     *error)
{
  g_mutex_lock (&extraction->error_lock);
  if (extraction->error == NULL)
    extraction->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&extraction->error_lock);
  g_atomic_int_set (&extraction->failed, 1);
}

static void
extraction_work (Extraction      *extraction,
                 PopplerDocument *poppler)
{
  for (;;)
    {
      guint chunk = (guint) g_atomic_int_add (&extraction->next_chunk, 1);
      guint first_page = chunk * PAGES_PER_CHUNK + 1;

      if (chunk >= extraction->drafts.n_drafts || g_atomic_int_get (&extraction->failed))
        return;

      for (guint page = first_page;
           page < first_page + PAGES_PER_CHUNK && page <= extraction->n_pages;
           page++)
        {
          GError *error = NULL;

          if (g_cancellable_set_error_if_cancelled (extraction->cancellable, &error) ||
              !extract_page (extraction->document, poppler, extraction->ocr_layer, page,
                             &extraction->drafts.drafts[chunk], NULL,
                             &extraction->page_is_ocr[page - 1], &error))
            {
              extraction_fail (extraction, error);
              return;
            }
        }
    }
}

/* A chunk whose pages may end a line-number column (one or two numbers
 * beside the last lines of a bill) is read again, now that the columns
 * of every page are known: its numbers go if they stand in one of them.
 * A chunk is sixteen pages, and bills rarely have such a page but the last. */
static void
extraction_redo_sparse_numbers (Extraction *extraction)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (NumberColumn));

  for (guint d = 0; d < extraction->drafts.n_drafts; d++)
    {
      GArray *found = extraction->drafts.drafts[d].number_columns;

      g_array_append_vals (columns, found->data, found->len);
    }
  if (columns->len == 0)
    return;

  for (guint d = 0; d < extraction->drafts.n_drafts; d++)
    {
      Draft *draft = &extraction->drafts.drafts[d];
      guint first_page = d * PAGES_PER_CHUNK + 1;

      if (!draft->sparse_numbers)
        continue;
      draft_clear (draft);
      draft_init (draft);
      for (guint page = first_page; page < first_page + PAGES_PER_CHUNK && page <= extraction->n_pages; page++)
        {
          GError *error = NULL;

          if (g_cancellable_set_error_if_cancelled (extraction->cancellable, &error) ||
              !extract_page (extraction->document, NULL, extraction->ocr_layer, page, draft, columns,
                             &extraction->page_is_ocr[page - 1], &error))
            {
              extraction_fail (extraction, error);
              return;
            }
        }
    }
}

static gpointer
extraction_thread (gpointer data)
{
  Extraction *extraction = data;
  g_autoptr(PopplerDocument) poppler = NULL;
  GError *error = NULL;

  poppler = cm_document_open_poppler (extraction->document, &error);
  if (poppler == NULL)
    extraction_fail (extraction, error);
  else
    extraction_work (extraction, poppler);
  return NULL;
}

CmTextIndex *
cm_text_index_new (CmDocument    *document,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return cm_text_index_new_with_ocr (document, NULL, cancellable, error);
}

CmTextIndex *
cm_text_index_new_with_ocr (CmDocument    *document,
                            CmOcrLayer    *ocr_layer,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(CmTextIndex) self = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Extraction extraction = { 0, };
  guint n_workers;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (ocr_layer == NULL || CM_IS_OCR_LAYER (ocr_layer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CM_TYPE_TEXT_INDEX, NULL);
  self->document = g_object_ref (document);
  self->n_pages = cm_document_get_n_pages (document);
  self->ocr_layer = ocr_layer != NULL ? g_object_ref (ocr_layer) : NULL;
  self->page_is_ocr = g_new0 (guint8, MAX (self->n_pages, 1));

  extraction.document = document;
  extraction.ocr_layer = ocr_layer;
  extraction.page_is_ocr = self->page_is_ocr;
  extraction.cancellable = cancellable;
  extraction.n_pages = self->n_pages;
  extraction.drafts.n_drafts = (self->n_pages + PAGES_PER_CHUNK - 1) / PAGES_PER_CHUNK;
  extraction.drafts.drafts = g_new0 (Draft, MAX (extraction.drafts.n_drafts, 1));
  g_mutex_init (&extraction.error_lock);
  for (guint d = 0; d < extraction.drafts.n_drafts; d++)
    draft_init (&extraction.drafts.drafts[d]);

  n_workers = CLAMP (g_get_num_processors () / 2, 1, MAX_WORKERS);
  n_workers = MIN (n_workers, extraction.drafts.n_drafts);
  for (guint w = 1; w < n_workers; w++)
    {
      GThread *thread = g_thread_try_new ("cm-text-extract", extraction_thread, &extraction, NULL);

      /* Without more threads, the calling one simply does all the work. */
      if (thread == NULL)
        break;
      g_ptr_array_add (threads, thread);
    }
  extraction_work (&extraction, NULL);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));

  if (extraction.error == NULL)
    extraction_redo_sparse_numbers (&extraction);
  if (extraction.error == NULL)
    {
      drafts_drop_running_lines (&extraction.drafts);
      cm_text_index_assemble (self, &extraction.drafts);
    }

  for (guint d = 0; d < extraction.drafts.n_drafts; d++)
    draft_clear (&extraction.drafts.drafts[d]);
  g_free (extraction.drafts.drafts);
  g_mutex_clear (&extraction.error_lock);
#ifdef __GLIBC__
  /* Poppler's text pages and the drafts came and went in small blocks, in
   * the arenas of several threads: tens of megabytes on a long code that
   * glibc would otherwise keep for good. */
  malloc_trim (0);
#endif

  if (extraction.error != NULL)
    {
      g_propagate_error (error, extraction.error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
new_index_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  CmTextIndex *index;

  index = cm_text_index_new_with_ocr (CM_DOCUMENT (source_object), task_data, cancellable, &error);
  if (index == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, index, g_object_unref);
}

/* Extracts in a worker thread, which owns DOCUMENT's poppler document until
 * the callback runs: poppler is not safe across threads, so the caller must
 * not ask DOCUMENT for page text meanwhile (metadata, bytes and page sizes
 * are fine; a GUI renders from its own poppler instance). */
void
cm_text_index_new_async (CmDocument          *document,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  cm_text_index_new_with_ocr_async (document, NULL, cancellable, callback, user_data);
}

/* The same, with OCR_LAYER (read-only meanwhile) for pages without text. */
void
cm_text_index_new_with_ocr_async (CmDocument          *document,
                                  CmOcrLayer          *ocr_layer,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (document));
  g_return_if_fail (ocr_layer == NULL || CM_IS_OCR_LAYER (ocr_layer));

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_text_index_new_async);
  if (ocr_layer != NULL)
    g_task_set_task_data (task, g_object_ref (ocr_layer), g_object_unref);
  cm_background_run_in_thread (task, new_index_thread);
}

CmTextIndex *
cm_text_index_new_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cm_text_index_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------
 * Accessors
 * ------------------------------------------------------------------------ */

CmDocument *
cm_text_index_get_document (CmTextIndex *self)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), NULL);

  return self->document;
}

const char *
cm_text_index_get_text (CmTextIndex *self)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), NULL);

  return self->text;
}

guint
cm_text_index_get_length (CmTextIndex *self)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), 0);

  return self->length;
}

guint
cm_text_index_get_n_pages (CmTextIndex *self)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), 0);

  return self->n_pages;
}

gboolean
cm_text_index_has_text (CmTextIndex *self)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), FALSE);

  for (guint i = 0; i < self->n_pages; i++)
    if (self->page_has_text[i])
      return TRUE;
  return FALSE;
}

gboolean
cm_text_index_page_has_text (CmTextIndex *self,
                             guint        page)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), FALSE);

  if (page < 1 || page > self->n_pages)
    return FALSE;
  return self->page_has_text[page - 1];
}

gboolean
cm_text_index_page_is_ocr (CmTextIndex *self,
                           guint        page)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), FALSE);

  if (page < 1 || page > self->n_pages)
    return FALSE;
  return self->page_is_ocr[page - 1];
}

CmOcrLayer *
cm_text_index_get_ocr_layer (CmTextIndex *self)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), NULL);
  return self->ocr_layer;
}

void
cm_text_index_get_page_range (CmTextIndex *self,
                              guint        page,
                              guint       *start,
                              guint       *end)
{
  guint s = 0, e = 0;

  g_return_if_fail (CM_IS_TEXT_INDEX (self));

  if (page >= 1 && page <= self->n_pages)
    {
      s = self->page_starts[page - 1];
      e = self->page_ends[page - 1];
    }
  if (start != NULL)
    *start = s;
  if (end != NULL)
    *end = e;
}

/* The page holding OFFSET; a page break counts with the page before it, and
 * an offset past the end with the last page. */
guint
cm_text_index_get_page_at (CmTextIndex *self,
                           guint        offset)
{
  guint lo = 0, hi;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), 0);

  if (self->n_pages == 0)
    return 0;
  hi = self->n_pages;
  /* The last page whose start is <= offset. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->page_starts[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo + 1;
}

static const char *
pointer_at (CmTextIndex *self,
            guint        offset)
{
  const char *p;

  offset = MIN (offset, self->length);
  p = self->text + self->checkpoints[offset / CHECKPOINT_STRIDE];
  for (guint k = offset % CHECKPOINT_STRIDE; k > 0; k--)
    p = g_utf8_next_char (p);
  return p;
}

char *
cm_text_index_get_slice (CmTextIndex *self,
                         guint        start,
                         guint        end)
{
  const char *a, *b;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), NULL);

  end = MIN (end, self->length);
  start = MIN (start, end);
  a = pointer_at (self, start);
  b = pointer_at (self, end);
  return g_strndup (a, b - a);
}

static void
box_to_rect (const Box  *box,
             guint       page,
             CmPageRect *rect)
{
  rect->page = page;
  rect->x1 = box->x1;
  rect->y1 = box->y1;
  rect->x2 = box->x2;
  rect->y2 = box->y2;
}

gboolean
cm_text_index_get_char_box (CmTextIndex *self,
                            guint        offset,
                            CmPageRect  *box)
{
  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  if (offset >= self->length)
    return FALSE;
  {
    Box b = unpack_box (self, offset);

    box_to_rect (&b, cm_text_index_get_page_at (self, offset), box);
  }
  return TRUE;
}

/* One rectangle per line fragment: boxes of consecutive visible characters
 * are merged while they stay on one line and keep going the same way. */
GArray *
cm_text_index_get_rects (CmTextIndex *self,
                         guint        start,
                         guint        end)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (CmPageRect));
  const char *p;
  CmPageRect current = { 0, };
  gboolean open = FALSE;
  guint page;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), rects);

  end = MIN (end, self->length);
  if (start >= end)
    return rects;

  page = cm_text_index_get_page_at (self, start);
  p = pointer_at (self, start);
  for (guint i = start; i < end; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      Box unpacked = unpack_box (self, i);
      const Box *b = &unpacked;
      float h, overlap;

      while (page < self->n_pages && i >= self->page_starts[page])
        page++;
      if (is_blank (c) || b->x2 <= b->x1)
        continue;

      if (open)
        {
          h = MIN (b->y2 - b->y1, current.y2 - current.y1);
          overlap = MIN (b->y2, current.y2) - MAX (b->y1, current.y1);
          if (current.page == page && overlap >= 0.5f * h &&
              b->x1 >= current.x2 - 0.5 * h && b->x1 - current.x2 <= 3 * h)
            {
              current.x1 = MIN (current.x1, b->x1);
              current.y1 = MIN (current.y1, b->y1);
              current.x2 = MAX (current.x2, b->x2);
              current.y2 = MAX (current.y2, b->y2);
              continue;
            }
          g_array_append_val (rects, current);
        }
      box_to_rect (b, page, &current);
      open = TRUE;
    }
  if (open)
    g_array_append_val (rects, current);

  return rects;
}

gboolean
cm_text_index_get_offset_at (CmTextIndex *self,
                             guint        page,
                             double       x,
                             double       y,
                             guint       *offset)
{
  double best = G_MAXDOUBLE;
  guint best_offset = 0;
  const char *p;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), FALSE);

  if (page < 1 || page > self->n_pages || !self->page_has_text[page - 1])
    return FALSE;

  p = pointer_at (self, self->page_starts[page - 1]);
  for (guint i = self->page_starts[page - 1]; i < self->page_ends[page - 1]; i++, p = g_utf8_next_char (p))
    {
      Box unpacked = unpack_box (self, i);
      const Box *b = &unpacked;
      double dx, dy, distance;

      if (is_blank (g_utf8_get_char (p)))
        continue;
      dx = x < b->x1 ? b->x1 - x : x > b->x2 ? x - b->x2 : 0;
      dy = y < b->y1 ? b->y1 - y : y > b->y2 ? y - b->y2 : 0;
      /* Being on the right line matters more than being near the glyph. */
      distance = dx + 4 * dy;
      if (distance < best)
        {
          best = distance;
          best_offset = i;
          if (distance == 0)
            break;
        }
    }
  if (best == G_MAXDOUBLE)
    return FALSE;

  /* The right half of a glyph selects up to its end. */
  if (best_offset + 1 <= self->page_ends[page - 1] &&
      x > (unpack_box (self, best_offset).x1 + unpack_box (self, best_offset).x2) / 2)
    best_offset++;
  if (offset != NULL)
    *offset = best_offset;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Normalisation and search
 * ------------------------------------------------------------------------ */

static gboolean
is_dash (gunichar c)
{
  return c == '-' || c == 0x00ad || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
         c == 0x2043 || c == 0xfe58 || c == 0xfe63 || c == 0xff0d;
}

/* Writes the normalised form of C to OUT (at least 32 bytes) and returns
 * its length: 0 for characters search ignores. Whitespace is ignored so
 * that line, column and page breaks and doubled spaces all match; dashes
 * too, because a hyphen at a line end may be hyphenation ("immi-" +
 * "gration") or a real hyphen the break fell after ("one-out-" + "of-five"),
 * and only ignoring it matches both the way a reader would quote them. */
static gsize
normalize_char (gunichar    c,
                GHashTable *cache,
                char       *out)
{
  const char *cached;
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  char utf8[8];
  gsize len, written = 0;

  if (c < 0x80)
    {
      if (is_blank (c) || c == '-' || c < 0x20)
        return 0;
      out[0] = c == '`' ? '\'' : g_ascii_tolower ((char) c);
      return 1;
    }

  if (is_blank (c) || is_dash (c) || c == 0x200c || c == 0x200d || c == 0x2060)
    return 0;

  switch (c)
    {
    case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: case 0x2035:
    case 0x00b4: case 0x02bc: case 0xff07:
      out[0] = '\'';
      return 1;
    case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033: case 0x2036:
    case 0x00ab: case 0x00bb: case 0xff02:
      out[0] = '"';
      return 1;
    default:
      break;
    }

  if (cache != NULL && (cached = g_hash_table_lookup (cache, GUINT_TO_POINTER (c))) != NULL)
    {
      len = strlen (cached);
      memcpy (out, cached, len);
      return len;
    }

  /* Compatibility decomposition, character by character, so that both
   * sides of a comparison fold the same way whatever their neighbours:
   * "ﬁ" → "fi", "é" → "e" + U+0301, full-width forms → ASCII. */
  len = g_unichar_to_utf8 (c, utf8);
  decomposed = g_utf8_normalize (utf8, len, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (decomposed != NULL ? decomposed : utf8, -1);
  for (const char *p = folded; *p != '\0' && written < 24; p = g_utf8_next_char (p))
    {
      gunichar d = g_utf8_get_char (p);

      if (is_blank (d) || is_dash (d))
        continue;
      written += g_unichar_to_utf8 (d, out + written);
    }
  if (cache != NULL)
    g_hash_table_insert (cache, GUINT_TO_POINTER (c), g_strndup (out, written));
  return written;
}

char *
cm_text_normalize (const char *text)
{
  GString *norm;
  char buf[32];

  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  norm = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize n = normalize_char (g_utf8_get_char (p), NULL, buf);

      g_string_append_len (norm, buf, n);
    }
  return g_string_free (norm, FALSE);
}

/* Builds the normalised text on first use: only searching needs it. */
static void
cm_text_index_ensure_normalized (CmTextIndex *self)
{
  g_autoptr(GHashTable) cache = NULL;
  GString *norm;
  guint *map;
  gsize capacity;
  const char *p;
  char buf[32];

  g_mutex_lock (&self->norm_lock);
  if (self->norm != NULL)
    {
      g_mutex_unlock (&self->norm_lock);
      return;
    }

  cache = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  norm = g_string_sized_new (self->text_bytes + 1);
  capacity = self->text_bytes + 16;
  map = g_new (guint, capacity);

  p = self->text;
  for (guint i = 0; i < self->length; i++, p = g_utf8_next_char (p))
    {
      gsize n = normalize_char (g_utf8_get_char (p), cache, buf);

      if (n == 0)
        continue;
      if (norm->len + n > capacity)
        {
          capacity = capacity * 2 + n;
          map = g_renew (guint, map, capacity);
        }
      for (gsize k = 0; k < n; k++)
        map[norm->len + k] = i;
      g_string_append_len (norm, buf, n);
    }

  self->norm_len = norm->len;
  self->norm_map = map;
  self->norm = g_string_free (norm, FALSE);
  g_mutex_unlock (&self->norm_lock);
}

/* The first normalised byte that comes from a char at or after OFFSET. */
static gsize
norm_position_for_offset (CmTextIndex *self,
                          guint        offset)
{
  gsize lo = 0, hi = self->norm_len;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->norm_map[mid] < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

GArray *
cm_text_index_find (CmTextIndex *self,
                    const char  *quote,
                    guint        page)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (CmTextMatch));
  g_autofree char *needle = NULL;
  gsize needle_len, from, last_start;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), matches);

  if (quote == NULL || page > self->n_pages)
    return matches;
  needle = cm_text_normalize (quote);
  needle_len = strlen (needle);
  if (needle_len == 0)
    return matches;

  cm_text_index_ensure_normalized (self);

  /* On one page: matches that start there (they may run onto the next). */
  from = 0;
  last_start = self->norm_len;
  if (page != 0)
    {
      from = norm_position_for_offset (self, self->page_starts[page - 1]);
      last_start = norm_position_for_offset (self, self->page_ends[page - 1]);
    }

  while (from < last_start && self->norm_len - from >= needle_len)
    {
      const char *hit = memmem (self->norm + from, self->norm_len - from, needle, needle_len);
      gsize pos;
      CmTextMatch match;

      if (hit == NULL || (gsize) (hit - self->norm) >= last_start)
        break;
      pos = hit - self->norm;
      /* Only matches that start and end on character boundaries count. */
      if ((pos > 0 && self->norm_map[pos - 1] == self->norm_map[pos]) ||
          (pos + needle_len < self->norm_len &&
           self->norm_map[pos + needle_len] == self->norm_map[pos + needle_len - 1]))
        {
          from = pos + 1;
          continue;
        }
      match.start = self->norm_map[pos];
      match.end = self->norm_map[pos + needle_len - 1] + 1;
      match.page = cm_text_index_get_page_at (self, match.start);
      g_array_append_val (matches, match);
      from = pos + needle_len;
    }

  return matches;
}

typedef struct
{
  char  *quote;
  guint  page;
} FindData;

static void
find_data_free (gpointer data)
{
  FindData *find = data;

  g_free (find->quote);
  g_free (find);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *find = task_data;

  /* The index is immutable once built, and the normalised text is built
   * under its lock: searching from any thread is safe. */
  g_task_return_pointer (task, cm_text_index_find (CM_TEXT_INDEX (source_object), find->quote, find->page),
                         (GDestroyNotify) g_array_unref);
}

void
cm_text_index_find_async (CmTextIndex         *self,
                          const char          *quote,
                          guint                page,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *find;

  g_return_if_fail (CM_IS_TEXT_INDEX (self));
  g_return_if_fail (quote != NULL);

  find = g_new0 (FindData, 1);
  find->quote = g_strdup (quote);
  find->page = page;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_text_index_find_async);
  g_task_set_task_data (task, find, find_data_free);
  cm_background_run_in_thread (task, find_thread);
}

GArray *
cm_text_index_find_finish (CmTextIndex   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gssize estimate;              /* where the quote would start, in norm bytes */
  guint  votes;
} Candidate;

static int
compare_candidates (const void *a,
                    const void *b)
{
  gssize x = ((const Candidate *) a)->estimate, y = ((const Candidate *) b)->estimate;

  return (x > y) - (x < y);
}

/* Sellers' algorithm: the substring of TEXT[0..n) closest to PATTERN in
 * edit distance, wherever it starts. Returns the distance. */
static guint
approximate_substring (const char *pattern,
                       gsize       m,
                       const char *text,
                       gsize       n,
                       gsize      *match_start,
                       gsize      *match_end)
{
  g_autofree guint *cost = g_new (guint, 2 * (n + 1));
  g_autofree gsize *origin = g_new (gsize, 2 * (n + 1));
  guint *prev = cost, *cur = cost + n + 1;
  gsize *prev_origin = origin, *cur_origin = origin + n + 1;
  guint best = G_MAXUINT;

  for (gsize j = 0; j <= n; j++)
    {
      prev[j] = 0;
      prev_origin[j] = j;
    }

  for (gsize i = 1; i <= m; i++)
    {
      cur[0] = i;
      cur_origin[0] = 0;
      for (gsize j = 1; j <= n; j++)
        {
          guint sub = prev[j - 1] + (pattern[i - 1] != text[j - 1]);
          guint del = prev[j] + 1;
          guint ins = cur[j - 1] + 1;

          if (sub <= del && sub <= ins)
            {
              cur[j] = sub;
              cur_origin[j] = prev_origin[j - 1];
            }
          else if (del <= ins)
            {
              cur[j] = del;
              cur_origin[j] = prev_origin[j];
            }
          else
            {
              cur[j] = ins;
              cur_origin[j] = cur_origin[j - 1];
            }
        }
      { guint *t = prev; prev = cur; cur = t; }
      { gsize *t = prev_origin; prev_origin = cur_origin; cur_origin = t; }
    }

  for (gsize j = 0; j <= n; j++)
    if (prev[j] < best)
      {
        best = prev[j];
        *match_start = prev_origin[j];
        *match_end = j;
      }
  return best;
}

/* Quotes longer than this (in normalised bytes) are not matched fuzzily:
 * the edit distance table grows with the square of the length. */
#define FUZZY_MAX_QUOTE 4096
#define FUZZY_PIECES 8
#define FUZZY_MAX_HITS 4096
#define FUZZY_MAX_CANDIDATES 8

gboolean
cm_text_index_find_fuzzy (CmTextIndex *self,
                          const char  *quote,
                          guint        near,
                          double       min_similarity,
                          guint       *start,
                          guint       *end,
                          double      *similarity)
{
  g_autofree char *needle = NULL;
  g_autoptr(GArray) votes = NULL;
  g_autoptr(GArray) candidates = NULL;
  gsize m, piece_len, near_pos;
  double best_similarity = -1;
  gsize best_start = 0, best_end = 0, best_distance = G_MAXSIZE;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), FALSE);

  needle = cm_text_normalize (quote);
  m = strlen (needle);
  if (m < 8 || m > FUZZY_MAX_QUOTE)
    return FALSE;

  cm_text_index_ensure_normalized (self);
  if (self->norm_len == 0)
    return FALSE;
  near_pos = norm_position_for_offset (self, near);

  /* Vote for where the quote might start, from exact occurrences of short
   * pieces of it (its first and last 12 bytes, and some in between). */
  votes = g_array_new (FALSE, FALSE, sizeof (Candidate));
  piece_len = MIN (12, m / 2);
  for (guint k = 0; k < FUZZY_PIECES; k++)
    {
      gsize offset = (m - piece_len) * k / (FUZZY_PIECES - 1);
      gsize from = 0;
      guint hits = 0;

      while (hits < FUZZY_MAX_HITS && from + piece_len <= self->norm_len)
        {
          const char *hit = memmem (self->norm + from, self->norm_len - from, needle + offset, piece_len);
          Candidate c;

          if (hit == NULL)
            break;
          c.estimate = (gssize) (hit - self->norm) - (gssize) offset;
          c.votes = 1;
          g_array_append_val (votes, c);
          from = (hit - self->norm) + 1;
          hits++;
        }
    }

  /* Merge votes that point at about the same place. */
  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  if (votes->len > 1)
    qsort (votes->data, votes->len, sizeof (Candidate), compare_candidates);
  for (guint i = 0; i < votes->len; i++)
    {
      const Candidate *v = &g_array_index (votes, Candidate, i);
      Candidate *last = candidates->len > 0 ? &g_array_index (candidates, Candidate, candidates->len - 1) : NULL;

      if (last != NULL && v->estimate - last->estimate <= (gssize) (m / 4 + 8))
        last->votes++;
      else
        g_array_append_val (candidates, *v);
    }

  /* Keep the best supported, nearest the old place first; and always look
   * at the old place itself, where a clause is most often reworded. */
  {
    Candidate here = { (gssize) near_pos, 0 };
    g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (Candidate));

    g_array_append_val (chosen, here);
    for (guint round = 0; round < FUZZY_MAX_CANDIDATES && candidates->len > 0; round++)
      {
        guint pick = 0;

        for (guint i = 1; i < candidates->len; i++)
          {
            const Candidate *a = &g_array_index (candidates, Candidate, i);
            const Candidate *b = &g_array_index (candidates, Candidate, pick);
            gsize da = ABS (a->estimate - (gssize) near_pos), db = ABS (b->estimate - (gssize) near_pos);

            if (a->votes > b->votes || (a->votes == b->votes && da < db))
              pick = i;
          }
        g_array_append_val (chosen, g_array_index (candidates, Candidate, pick));
        g_array_remove_index_fast (candidates, pick);
      }

    for (guint i = 0; i < chosen->len; i++)
      {
        const Candidate *c = &g_array_index (chosen, Candidate, i);
        gssize slack = (gssize) (m / 2 + 16);
        gsize from = (gsize) CLAMP (c->estimate - slack, 0, (gssize) self->norm_len);
        gsize to = (gsize) CLAMP (c->estimate + (gssize) m + slack, 0, (gssize) self->norm_len);
        gsize s = 0, e = 0, distance_to_near;
        guint distance;
        double sim;

        if (to <= from)
          continue;
        distance = approximate_substring (needle, m, self->norm + from, to - from, &s, &e);
        if (e <= s)
          continue;
        sim = 1.0 - (double) distance / (double) MAX (m, e - s);
        distance_to_near = ABS ((gssize) (from + s) - (gssize) near_pos);
        if (sim > best_similarity + 1e-9 ||
            (sim > best_similarity - 1e-9 && distance_to_near < best_distance))
          {
            best_similarity = sim;
            best_start = from + s;
            best_end = from + e;
            best_distance = distance_to_near;
          }
      }
  }

  if (best_similarity < min_similarity)
    return FALSE;

  if (start != NULL)
    *start = self->norm_map[best_start];
  if (end != NULL)
    *end = self->norm_map[best_end - 1] + 1;
  if (similarity != NULL)
    *similarity = best_similarity;
  return TRUE;
}


static void
collect_words (CmTextIndex *self)
{
  const char *p = self->text;
  const char *previous_start = NULL, *previous_end = NULL;

  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while (*p != '\0')
    {
      const char *start = p, *end;

      if (!g_unichar_isalpha (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      for (end = start; *end != '\0' && g_unichar_isalpha (g_utf8_get_char (end));)
        end = g_utf8_next_char (end);
      g_hash_table_add (self->words, g_strndup (start, end - start));
      if (previous_end != NULL && previous_end + 1 == start && *previous_end == '-')
        g_hash_table_add (self->words, g_strndup (previous_start, end - previous_start));
      previous_start = start;
      previous_end = end;
      p = end;
    }
}

/**
 * cm_text_index_has_word:
 * @word: letters, or two runs of letters joined by one hyphen
 *
 * Whether @word stands whole (not inside a longer word) in the text; a
 * hyphenated pair counts only within a line.
 */
gboolean
cm_text_index_has_word (CmTextIndex *self,
                        const char  *word)
{
  gboolean found;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (self), FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  g_mutex_lock (&self->norm_lock);
  if (self->words == NULL)
    collect_words (self);
  found = g_hash_table_contains (self->words, word);
  g_mutex_unlock (&self->norm_lock);
  return found;
}
