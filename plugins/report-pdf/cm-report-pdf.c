/* cm-report-pdf.c: the PDF report exporter: a typeset briefing (cairo + Pango) with verdict table and evidence. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <clausemark.h>

#include "cm-report-data.h"

#define CM_TYPE_REPORT_PDF (cm_report_pdf_get_type ())

G_DECLARE_FINAL_TYPE (CmReportPdf, cm_report_pdf, CM, REPORT_PDF, GObject)

struct _CmReportPdf
{
  GObject parent_instance;
};

static void cm_report_pdf_exporter_iface_init (CmExporterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmReportPdf, cm_report_pdf, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CM_TYPE_EXPORTER, cm_report_pdf_exporter_iface_init))

/* A4 in PDF points; US Letter readers lose nothing but a little bottom margin. */
#define PAGE_WIDTH     595.276
#define PAGE_HEIGHT    841.890
#define MARGIN_X       62.0
#define MARGIN_TOP     62.0
#define MARGIN_BOTTOM  70.0
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN_X)
#define CONTENT_BOTTOM (PAGE_HEIGHT - MARGIN_BOTTOM)

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_SUBHEADING,
  STYLE_ITEM,
  STYLE_BODY,
  STYLE_BOLD,
  STYLE_QUOTE,
  STYLE_META,
  STYLE_MONO,
  STYLE_FOOTER,
  N_STYLES
} Style;

static const char * const style_fonts[N_STYLES] = {
  [STYLE_TITLE] = "Sans Bold 22",
  [STYLE_SUBTITLE] = "Sans 13",
  [STYLE_HEADING] = "Sans Bold 16",
  [STYLE_SUBHEADING] = "Sans Bold 12.5",
  [STYLE_ITEM] = "Sans Bold 11",
  [STYLE_BODY] = "Serif 10",
  [STYLE_BOLD] = "Sans Bold 9.5",
  [STYLE_QUOTE] = "Serif Italic 10",
  [STYLE_META] = "Sans 8.5",
  [STYLE_MONO] = "Monospace 8.5",
  [STYLE_FOOTER] = "Sans 8",
};

typedef struct
{
  double red;
  double green;
  double blue;
} Rgb;

static const Rgb ink = { 0.12, 0.12, 0.12 };
static const Rgb muted = { 0.37, 0.36, 0.39 };
static const Rgb flag = { 0.75, 0.11, 0.16 };
static const Rgb rule = { 0.80, 0.80, 0.80 };

/* A word shaped once and kept by the fast path (see paragraph_fast()). */
typedef struct _ShapedWord ShapedWord;

/* The typesetter: a cursor that flows text down the page and starts a new
 * page, with its footer, whenever the next line would not fit. */
typedef struct
{
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoLayout          *layout;
  /* The footer has a layout of its own: it is drawn at page breaks, in the
   * middle of flowing a paragraph whose lines are still being iterated. */
  PangoLayout          *footer_layout;
  /* The page number has one too, so that the footer's text, the same on
   * every page, is laid out once. */
  PangoLayout          *number_layout;
  PangoFontDescription *fonts[N_STYLES];
  /* The fast path (see paragraph()): words shaped once and kept, keyed by
   * style and text, with the attributes to shape them and line metrics. */
  PangoContext         *context;
  PangoAttrList        *shaping[N_STYLES];
  int                   ascent[N_STYLES];
  int                   descent[N_STYLES];
  GHashTable           *words;            /* WordKey → ShapedWord */
  /* The footer's title, shaped once when the fast path can set it. */
  ShapedWord           *footer_title;
  /* The date formatted last, and how: annotations made in one sitting
   * share their minute. */
  GDateTime            *last_date;
  char                 *last_date_text;
  /* Glyphs set by the fast path on this page but not drawn yet, at their
   * places, one batch per colour and font (see draw_batches()). */
  GArray               *batches;          /* of GlyphBatch */
  guint                 last_batch;
  /* The fast path's current paragraph, in buffers reused for every one. */
  GPtrArray            *shaped;           /* of ShapedWord, NULL for a line break */
  GArray               *lines;            /* of LineRange */
  double                y;
  guint                 page;
  gboolean              page_has_content;
  /* Where the surface writes to, and the first error it met. */
  GOutputStream        *stream;
  GCancellable         *cancellable;
  GError               *error;
} Typesetter;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Typesetter *ts = closure;

  if (ts->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (ts->stream, data, length, NULL, ts->cancellable, &ts->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* Whether to stop: the output failed, or the user cancelled. Checked between
 * items, since typesetting a long review takes seconds. */
static gboolean
stopped (Typesetter *ts)
{
  if (ts->error != NULL)
    return TRUE;
  return g_cancellable_set_error_if_cancelled (ts->cancellable, &ts->error);
}

static Rgb
parse_color (const char *hex)
{
  Rgb color = ink;
  guint value;

  if (hex != NULL && hex[0] == '#' && strlen (hex) == 7)
    {
      value = (guint) g_ascii_strtoull (hex + 1, NULL, 16);
      color.red = ((value >> 16) & 0xff) / 255.0;
      color.green = ((value >> 8) & 0xff) / 255.0;
      color.blue = (value & 0xff) / 255.0;
    }
  return color;
}

static void
set_color (Typesetter *ts,
           Rgb         color)
{
  cairo_set_source_rgb (ts->cr, color.red, color.green, color.blue);
}

/* Pango refuses invalid UTF-8 with a warning; a damaged note must still print. */
static void
set_text (PangoLayout *layout,
          const char  *text)
{
  if (text == NULL)
    text = "";
  if (g_utf8_validate (text, -1, NULL))
    pango_layout_set_text (layout, text, -1);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);
      pango_layout_set_text (layout, valid, -1);
    }
}

static void
prepare_layout (Typesetter *ts,
                Style       style,
                double      width,
                const char *text)
{
  pango_layout_set_font_description (ts->layout, ts->fonts[style]);
  pango_layout_set_width (ts->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_attributes (ts->layout, NULL);
  set_text (ts->layout, text);
}

/* The fast path ------------------------------------------------------------
 *
 * A PangoLayout per paragraph costs about a microsecond per character, and
 * drawing it with its text clusters about as much again: a report of 10,000
 * annotations spent seconds there. Evidence is mostly the same legal
 * vocabulary over and over, so paragraphs of simple text (left-to-right,
 * words separated by spaces) are set from words shaped once and cached.
 * Ligatures are turned off there, so that every glyph maps back to one
 * character and text extraction (search, copy, screen readers) reads the
 * words through the fonts' ToUnicode maps. Anything else (right-to-left or
 * complex scripts, CJK, tabs, a glyph no font has, a word wider than the
 * line) takes the PangoLayout path.
 *
 * Most of the time left is cairo's, and it grows with the number of drawing
 * operations as much as with the glyphs: each one is recorded, replayed twice
 * at the page's end, and written as a text object of its own with its colour
 * and text matrix, numbers that cairo prints one snprintf at a time. So the
 * words keep their glyphs ready for cairo, and the fast path draws nothing
 * until its page is complete: then one cairo_show_glyphs per colour and font
 * puts out every line it set on the page (see draw_batches()). Text never
 * overlaps what is drawn beside it, so drawing it last does not show, and
 * text extraction orders text by its place on the page, not by when it was
 * drawn. (Rules are not batched: cairo writes a path of several rectangles
 * corner by corner, which costs more than a fill per rectangle.) */

#define MAX_CACHED_WORDS 200000

/* Glyphs of one font within a shaped word. */
typedef struct
{
  PangoFont           *font;
  cairo_scaled_font_t *scaled_font;   /* owned by FONT */
  guint                start;         /* into ShapedWord.glyphs */
  guint                n_glyphs;
} Run;

struct _ShapedWord
{
  GArray        *runs;       /* of Run, one per font the word needed */
  cairo_glyph_t *glyphs;     /* placed from the word's origin on the baseline */
  int            width;      /* Pango units */
  gboolean       drawable;   /* FALSE when a font lacks a glyph: Pango draws a box for it */
};

/* A key of the word cache: a word's text in a style. A lookup's points into
 * the paragraph; a stored one owns a copy, allocated with it. */
typedef struct
{
  Style       style;
  gsize       length;
  const char *text;
} WordKey;

/* The fast path's glyphs of one colour and font on the current page. */
typedef struct
{
  Rgb                  color;
  cairo_scaled_font_t *scaled_font;   /* a reference: the word cache may let go of its font */
  GArray              *glyphs;        /* of cairo_glyph_t, placed on the page */
} GlyphBatch;

/* A line of a paragraph: words START to END (exclusive) of the shaped ones. */
typedef struct
{
  guint start;
  guint end;
} LineRange;

static void
shaped_word_free (gpointer data)
{
  ShapedWord *word = data;

  for (guint i = 0; i < word->runs->len; i++)
    g_object_unref (g_array_index (word->runs, Run, i).font);
  g_array_unref (word->runs);
  g_free (word->glyphs);
  g_free (word);
}

static guint
word_key_hash (gconstpointer data)
{
  const WordKey *key = data;
  guint hash = 5381 + key->style;

  for (gsize i = 0; i < key->length; i++)
    hash = hash * 33 + (guchar) key->text[i];
  return hash;
}

static gboolean
word_key_equal (gconstpointer a,
                gconstpointer b)
{
  const WordKey *x = a;
  const WordKey *y = b;

  return x->style == y->style && x->length == y->length && memcmp (x->text, y->text, x->length) == 0;
}

static WordKey *
word_key_copy (const WordKey *key)
{
  WordKey *copy = g_malloc (sizeof (WordKey) + key->length);
  char *text = (char *) (copy + 1);

  memcpy (text, key->text, key->length);
  copy->style = key->style;
  copy->length = key->length;
  copy->text = text;
  return copy;
}

static void
glyph_batch_clear (gpointer data)
{
  GlyphBatch *batch = data;

  cairo_scaled_font_destroy (batch->scaled_font);
  g_array_unref (batch->glyphs);
}

static void
fast_path_init (Typesetter *ts)
{
  ts->context = g_object_ref (pango_layout_get_context (ts->layout));
  ts->words = g_hash_table_new_full (word_key_hash, word_key_equal, g_free, shaped_word_free);
  ts->batches = g_array_new (FALSE, FALSE, sizeof (GlyphBatch));
  g_array_set_clear_func (ts->batches, glyph_batch_clear);
  ts->shaped = g_ptr_array_new ();
  ts->lines = g_array_new (FALSE, FALSE, sizeof (LineRange));
  for (guint i = 0; i < N_STYLES; i++)
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (ts->context, ts->fonts[i], NULL);

      ts->ascent[i] = pango_font_metrics_get_ascent (metrics);
      ts->descent[i] = pango_font_metrics_get_descent (metrics);
      pango_font_metrics_unref (metrics);
      ts->shaping[i] = pango_attr_list_new ();
      pango_attr_list_insert (ts->shaping[i], pango_attr_font_desc_new (ts->fonts[i]));
      pango_attr_list_insert (ts->shaping[i], pango_attr_font_features_new ("-liga, -clig, -dlig, -hlig"));
    }
}

static void
fast_path_clear (Typesetter *ts)
{
  for (guint i = 0; i < N_STYLES; i++)
    g_clear_pointer (&ts->shaping[i], pango_attr_list_unref);
  g_clear_pointer (&ts->words, g_hash_table_unref);
  g_clear_pointer (&ts->batches, g_array_unref);
  g_clear_pointer (&ts->shaped, g_ptr_array_unref);
  g_clear_pointer (&ts->lines, g_array_unref);
  g_clear_pointer (&ts->footer_title, shaped_word_free);
  g_clear_object (&ts->context);
}

/* Text the fast path sets exactly as Pango would: no bidi, no scripts that
 * shape across words or break lines without spaces, no tabs or controls. */
static gboolean
is_simple_text (const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      guchar byte = (guchar) *p;
      gunichar c;

      /* Most text is ASCII: printable, or line breaks. */
      if (byte < 0x80)
        {
          if ((byte < 0x20 && byte != '\n' && byte != '\r') || byte == 0x7f)
            return FALSE;
          p++;
          continue;
        }
      /* Invalid UTF-8 is Pango's, which repairs it (see set_text()). */
      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      if (c < 0xa0)
        return FALSE;   /* C1 controls */
      if (c >= 0x0590 && c < 0x1e00)
        return FALSE;   /* Hebrew, Arabic, Indic, Thai, … */
      if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f))
        return FALSE;   /* zero-width and bidi controls */
      if (c >= 0x2e80)
        return FALSE;   /* CJK and beyond */
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

/* Turns Pango's glyphs into cairo's, placed as PangoCairo's renderer places
 * them (pango_cairo_show_glyph_string): empty glyphs and unknown spaces are
 * dropped; any other unknown glyph makes the word one for the layout path. */
static void
add_glyphs (ShapedWord       *word,
            GArray           *glyphs,
            PangoGlyphString *string,
            int               origin)
{
  int x = origin;

  for (int i = 0; i < string->num_glyphs; i++)
    {
      PangoGlyphInfo *info = &string->glyphs[i];

      if (info->glyph == PANGO_GLYPH_EMPTY || info->glyph == (0x20 | PANGO_GLYPH_UNKNOWN_FLAG))
        ;
      else if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
        word->drawable = FALSE;
      else
        {
          cairo_glyph_t glyph;

          glyph.index = info->glyph;
          glyph.x = (double) (x + info->geometry.x_offset) / PANGO_SCALE;
          glyph.y = (double) info->geometry.y_offset / PANGO_SCALE;
          g_array_append_val (glyphs, glyph);
        }
      x += info->geometry.width;
    }
}

/* Shapes TEXT (LENGTH bytes) in STYLE, without ligatures. (transfer full) */
static ShapedWord *
shaped_word_new (Typesetter *ts,
                 Style       style,
                 const char *text,
                 gsize       length)
{
  g_autoptr(GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
  ShapedWord *word = g_new0 (ShapedWord, 1);
  PangoGlyphString *string = pango_glyph_string_new ();
  GList *items;

  word->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  word->drawable = TRUE;
  items = pango_itemize (ts->context, text, 0, (int) length, ts->shaping[style], NULL);
  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoItem *item = l->data;
      Run run;

      if (item->analysis.font == NULL)
        continue;
      pango_shape_with_flags (text + item->offset, item->length, text, (int) length, &item->analysis,
                              string, PANGO_SHAPE_NONE);
      run.font = g_object_ref (item->analysis.font);
      run.scaled_font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run.font));
      run.start = glyphs->len;
      add_glyphs (word, glyphs, string, word->width);
      run.n_glyphs = glyphs->len - run.start;
      word->width += pango_glyph_string_get_width (string);
      if (run.scaled_font == NULL)
        word->drawable = FALSE;
      g_array_append_val (word->runs, run);
    }
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  pango_glyph_string_free (string);
  word->glyphs = (cairo_glyph_t *) g_array_free (g_steal_pointer (&glyphs), FALSE);
  return word;
}

/* TEXT (LENGTH bytes) in STYLE, from the cache: it runs once per word set.
 * The word stays valid until the next paragraph starts (see
 * paragraph_fast()). */
static ShapedWord *
shape_word (Typesetter *ts,
            Style       style,
            const char *text,
            gsize       length)
{
  WordKey key = { style, length, text };
  ShapedWord *word = g_hash_table_lookup (ts->words, &key);

  if (word == NULL)
    {
      word = shaped_word_new (ts, style, text, length);
      g_hash_table_insert (ts->words, word_key_copy (&key), word);
    }
  return word;
}

/* TEXT, one line of simple text, shaped whole; NULL when the fast path
 * cannot set it. */
static ShapedWord *
shape_single_line (Typesetter *ts,
                   Style       style,
                   const char *text)
{
  ShapedWord *word;

  if (!is_simple_text (text) || strpbrk (text, "\r\n") != NULL)
    return NULL;
  word = shape_word (ts, style, text, strlen (text));
  return word->drawable ? word : NULL;
}

/* The footer's title shaped once, when the fast path can set it whole in
 * the room it has. (transfer full) */
static ShapedWord *
shape_footer_title (Typesetter *ts,
                    const char *title)
{
  ShapedWord *word;

  if (!is_simple_text (title) || strpbrk (title, "\r\n") != NULL)
    return NULL;
  word = shaped_word_new (ts, STYLE_FOOTER, title, strlen (title));
  if (!word->drawable || word->width > (int) (CONTENT_WIDTH * 0.75 * PANGO_SCALE))
    g_clear_pointer (&word, shaped_word_free);
  return word;
}

static gboolean
same_color (Rgb a,
            Rgb b)
{
  return a.red == b.red && a.green == b.green && a.blue == b.blue;
}

/* The glyphs of the batch for COLOR and SCALED_FONT, made on first use; the
 * search starts at the batch used last, which is usually the one. */
static GArray *
batch_glyphs (Typesetter          *ts,
              Rgb                  color,
              cairo_scaled_font_t *scaled_font)
{
  GlyphBatch batch;

  for (guint i = 0; i < ts->batches->len; i++)
    {
      guint index = ts->last_batch + i < ts->batches->len ? ts->last_batch + i : ts->last_batch + i - ts->batches->len;
      GlyphBatch *candidate = &g_array_index (ts->batches, GlyphBatch, index);

      if (candidate->scaled_font == scaled_font && same_color (candidate->color, color))
        {
          ts->last_batch = index;
          return candidate->glyphs;
        }
    }
  batch.color = color;
  batch.scaled_font = cairo_scaled_font_reference (scaled_font);
  batch.glyphs = g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), 1024);
  g_array_append_val (ts->batches, batch);
  ts->last_batch = ts->batches->len - 1;
  return batch.glyphs;
}

/* Adds WORD's glyphs, in COLOR, to the page's batches, its origin at X,
 * BASELINE. */
static void
pend_word (Typesetter *ts,
           ShapedWord *word,
           Rgb         color,
           double      x,
           double      baseline)
{
  for (guint r = 0; r < word->runs->len; r++)
    {
      const Run *run = &g_array_index (word->runs, Run, r);
      const cairo_glyph_t *source = word->glyphs + run->start;
      guint n_glyphs = run->n_glyphs;
      GArray *glyphs;
      cairo_glyph_t *placed;
      guint start;

      if (n_glyphs == 0)
        continue;
      glyphs = batch_glyphs (ts, color, run->scaled_font);
      start = glyphs->len;
      g_array_set_size (glyphs, start + n_glyphs);
      placed = &g_array_index (glyphs, cairo_glyph_t, start);
      for (guint i = 0; i < n_glyphs; i++)
        {
          placed[i].index = source[i].index;
          placed[i].x = source[i].x + x;
          placed[i].y = source[i].y + baseline;
        }
    }
}

/* Adds WORD to the footer, from X on its baseline. */
static void
pend_footer_word (Typesetter *ts,
                  ShapedWord *word,
                  double      x)
{
  pend_word (ts, word, muted, x, PAGE_HEIGHT - MARGIN_BOTTOM + 28 + (double) ts->ascent[STYLE_FOOTER] / PANGO_SCALE);
}

/* Draws the glyphs the fast path set on this page: one call per colour and
 * font. */
static void
draw_batches (Typesetter *ts)
{
  for (guint i = 0; i < ts->batches->len; i++)
    {
      GlyphBatch *batch = &g_array_index (ts->batches, GlyphBatch, i);

      if (batch->glyphs->len == 0)
        continue;
      set_color (ts, batch->color);
      cairo_set_scaled_font (ts->cr, batch->scaled_font);
      cairo_show_glyphs (ts->cr, &g_array_index (batch->glyphs, cairo_glyph_t, 0), (int) batch->glyphs->len);
      g_array_set_size (batch->glyphs, 0);
    }
}

/* The rule, the title and the page number: by the fast path when it can set
 * them, else by Pango (which also ellipsizes a title too long). */
static void
draw_footer (Typesetter *ts)
{
  g_autofree char *number = g_strdup_printf (_("Page %u"), ts->page);
  ShapedWord *number_word = shape_single_line (ts, STYLE_FOOTER, number);
  int width;

  set_color (ts, muted);
  cairo_set_line_width (ts->cr, 0.5);
  cairo_move_to (ts->cr, MARGIN_X, PAGE_HEIGHT - MARGIN_BOTTOM + 22);
  cairo_line_to (ts->cr, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - MARGIN_BOTTOM + 22);
  cairo_stroke (ts->cr);

  if (ts->footer_title != NULL)
    pend_footer_word (ts, ts->footer_title, MARGIN_X);
  else
    {
      cairo_move_to (ts->cr, MARGIN_X, PAGE_HEIGHT - MARGIN_BOTTOM + 28);
      pango_cairo_show_layout (ts->cr, ts->footer_layout);
    }

  if (number_word != NULL)
    {
      pend_footer_word (ts, number_word, PAGE_WIDTH - MARGIN_X - (double) number_word->width / PANGO_SCALE);
      return;
    }
  set_text (ts->number_layout, number);
  pango_layout_get_pixel_size (ts->number_layout, &width, NULL);
  cairo_move_to (ts->cr, PAGE_WIDTH - MARGIN_X - width, PAGE_HEIGHT - MARGIN_BOTTOM + 28);
  pango_cairo_show_layout (ts->cr, ts->number_layout);
}

/* Draws what the page still owes (the footer, the fast path's glyphs) and
 * emits it. */
static void
finish_page (Typesetter *ts)
{
  draw_footer (ts);
  draw_batches (ts);
  cairo_show_page (ts->cr);
}

static void
new_page (Typesetter *ts)
{
  finish_page (ts);
  ts->page++;
  ts->y = MARGIN_TOP;
  ts->page_has_content = FALSE;
}

/* Starts a new page unless HEIGHT more points fit on this one. */
static void
ensure_space (Typesetter *ts,
              double      height)
{
  if (ts->page_has_content && ts->y + height > CONTENT_BOTTOM)
    new_page (ts);
}

static void
skip (Typesetter *ts,
      double      height)
{
  /* Space at the top of a page is wasted: it is dropped there. */
  if (ts->page_has_content)
    ts->y += height;
}

/* The rule beside a quote's lines on this page: from TOP to the cursor, in
 * front of lines that start at X. */
static void
draw_bar (Typesetter *ts,
          const Rgb  *bar,
          double      x,
          double      top)
{
  if (bar == NULL || ts->y <= top)
    return;
  set_color (ts, *bar);
  cairo_rectangle (ts->cr, x - 8, top, 3, ts->y - top);
  cairo_fill (ts->cr);
}

static void
add_line (GArray *lines,
          guint   start,
          guint   end)
{
  LineRange range = { start, end };

  g_array_append_val (lines, range);
}

/* Shapes the words of TEXT into ts->shaped, NULL marking a line break.
 * Returns FALSE when a word is wider than MAX_WIDTH or cannot be drawn. */
static gboolean
shape_words (Typesetter *ts,
             Style       style,
             const char *text,
             int         max_width)
{
  const char *p = text;

  g_ptr_array_set_size (ts->shaped, 0);
  for (;;)
    {
      gsize length = strcspn (p, " \r\n");
      ShapedWord *word = shape_word (ts, style, p, length);

      if (word->width > max_width || !word->drawable)
        return FALSE;
      g_ptr_array_add (ts->shaped, word);
      p += length;
      if (*p == '\0')
        return TRUE;
      if (*p == '\r' || *p == '\n')
        {
          p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
          g_ptr_array_add (ts->shaped, NULL);
          continue;
        }
      p++;   /* the space */
    }
}

/* Breaks ts->shaped into ts->lines, greedily at spaces as Pango does. */
static void
break_lines (Typesetter *ts,
             ShapedWord *space,
             int         max_width)
{
  GPtrArray *shaped = ts->shaped;
  guint start = 0;
  int width = 0;

  g_array_set_size (ts->lines, 0);
  for (guint i = 0; i < shaped->len; i++)
    {
      ShapedWord *word = g_ptr_array_index (shaped, i);

      if (word == NULL)
        {
          add_line (ts->lines, start, i);
          start = i + 1;
          width = 0;
          continue;
        }
      if (i > start && width + space->width + word->width > max_width)
        {
          add_line (ts->lines, start, i);
          start = i;
          width = 0;
        }
      width += (i > start ? space->width : 0) + word->width;
    }
  add_line (ts->lines, start, shaped->len);
}

/* Sets TEXT from cached words, breaking lines greedily at spaces as Pango
 * does for such text. Returns FALSE, having drawn nothing, when the text is
 * not simple or a word does not fit on a line. */
static gboolean
paragraph_fast (Typesetter *ts,
                Style       style,
                Rgb         color,
                double      indent,
                const char *text,
                const Rgb  *bar)
{
  int max_width = (int) ((CONTENT_WIDTH - indent) * PANGO_SCALE);
  double height = (double) (ts->ascent[style] + ts->descent[style]) / PANGO_SCALE;
  double ascent = (double) ts->ascent[style] / PANGO_SCALE;
  double x = MARGIN_X + indent;
  ShapedWord *space;
  double bar_top;

  if (!is_simple_text (text))
    return FALSE;
  /* The cache is bounded between paragraphs, never within one: the words
   * shaped for a paragraph are in use until it is set. */
  if (g_hash_table_size (ts->words) >= MAX_CACHED_WORDS)
    g_hash_table_remove_all (ts->words);
  space = shape_word (ts, style, " ", 1);
  if (!space->drawable)
    return FALSE;
  /* Shape everything first: a word too wide sends the whole paragraph to
   * Pango before anything is drawn. */
  if (!shape_words (ts, style, text, max_width))
    return FALSE;
  break_lines (ts, space, max_width);

  /* Then place the lines, breaking pages between them. */
  bar_top = ts->y;
  for (guint l = 0; l < ts->lines->len; l++)
    {
      LineRange *range = &g_array_index (ts->lines, LineRange, l);
      double baseline;
      int width = 0;

      if (ts->y + height > CONTENT_BOTTOM && ts->page_has_content)
        {
          draw_bar (ts, bar, x, bar_top);
          new_page (ts);
          bar_top = ts->y;
        }
      baseline = ts->y + ascent;
      for (guint i = range->start; i < range->end; i++)
        {
          ShapedWord *word = g_ptr_array_index (ts->shaped, i);

          if (i > range->start)
            {
              pend_word (ts, space, color, x + (double) width / PANGO_SCALE, baseline);
              width += space->width;
            }
          pend_word (ts, word, color, x + (double) width / PANGO_SCALE, baseline);
          width += word->width;
        }
      ts->y += height;
      ts->page_has_content = TRUE;
    }
  draw_bar (ts, bar, x, bar_top);
  return TRUE;
}

/* Flows TEXT line by line from the cursor, INDENT points in, breaking pages
 * between lines. With BAR, a coloured rule runs beside the lines (quotes). */
static void
paragraph (Typesetter *ts,
           Style       style,
           Rgb         color,
           double      indent,
           const char *text,
           const Rgb  *bar)
{
  PangoLayoutIter *iter;

  if (text == NULL || *text == '\0')
    return;
  if (paragraph_fast (ts, style, color, indent, text, bar))
    return;
  prepare_layout (ts, style, CONTENT_WIDTH - indent, text);
  iter = pango_layout_get_iter (ts->layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double height;
      double baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      if (ts->y + height > CONTENT_BOTTOM && ts->page_has_content)
        new_page (ts);
      if (bar != NULL)
        {
          set_color (ts, *bar);
          cairo_rectangle (ts->cr, MARGIN_X + indent - 8, ts->y, 3, height);
          cairo_fill (ts->cr);
        }
      set_color (ts, color);
      cairo_move_to (ts->cr, MARGIN_X + indent + (double) logical.x / PANGO_SCALE, ts->y + baseline);
      pango_cairo_show_layout_line (ts->cr, line);
      ts->y += height;
      ts->page_has_content = TRUE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
heading (Typesetter *ts,
         Style       style,
         const char *text,
         double      space_before,
         double      keep_with_next)
{
  skip (ts, space_before);
  /* A heading never ends a page: it keeps some of what follows with it. */
  ensure_space (ts, keep_with_next);
  paragraph (ts, style, ink, 0, text, NULL);
  skip (ts, 3);
}

/* A coloured square and the level's name, at X on the line whose top is Y. */
static double
draw_badge (Typesetter   *ts,
            double        x,
            double        y,
            CmAssessment  assessment)
{
  Rgb color = parse_color (cm_assessment_get_color (assessment));
  int width;
  int height;

  prepare_layout (ts, STYLE_BOLD, -1, cm_assessment_get_label (assessment));
  pango_layout_get_pixel_size (ts->layout, &width, &height);
  set_color (ts, color);
  cairo_rectangle (ts->cr, x, y + (height - 8) / 2.0, 8, 8);
  cairo_fill (ts->cr);
  set_color (ts, ink);
  cairo_move_to (ts->cr, x + 12, y);
  pango_cairo_show_layout (ts->cr, ts->layout);
  return height;
}

static void
badge_line (Typesetter   *ts,
            CmAssessment  assessment,
            const char   *by)
{
  int height;

  prepare_layout (ts, STYLE_BOLD, -1, "Xg");
  pango_layout_get_pixel_size (ts->layout, NULL, &height);
  ensure_space (ts, height);
  draw_badge (ts, MARGIN_X, ts->y, assessment);
  if (by != NULL)
    {
      int label_width;

      prepare_layout (ts, STYLE_BOLD, -1, cm_assessment_get_label (assessment));
      pango_layout_get_pixel_size (ts->layout, &label_width, NULL);
      prepare_layout (ts, STYLE_META, CONTENT_WIDTH - label_width - 24, by);
      set_color (ts, muted);
      cairo_move_to (ts->cr, MARGIN_X + label_width + 24, ts->y + 1);
      pango_cairo_show_layout (ts->cr, ts->layout);
    }
  ts->y += height;
  ts->page_has_content = TRUE;
}

static void
fact (Typesetter *ts,
      const char *label,
      const char *value,
      Style       style)
{
  g_autofree char *line = NULL;

  if (value == NULL || *value == '\0')
    value = "—";
  line = g_strdup_printf ("%s: %s", label, value);
  paragraph (ts, style, ink, 0, line, NULL);
  skip (ts, 2);
}

/* Sections ------------------------------------------------------------------ */

static void
title_page (Typesetter   *ts,
            CmReportData *data)
{
  const char *checklist_title = data->checklist ? cm_report_checklist_title (data->checklist) : NULL;
  g_autofree char *pages = g_strdup_printf ("%u", cm_report_data_get_pages (data));
  g_autofree char *first = cm_report_format_date (data->first);
  g_autofree char *last = cm_report_format_date (data->last);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *generated = cm_report_format_date (now);
  g_autofree char *checklist = NULL;

  ts->y = MARGIN_TOP + 90;
  ts->page_has_content = TRUE;
  paragraph (ts, STYLE_SUBTITLE, muted, 0, checklist_title ? checklist_title : _("Checklist review"), NULL);
  skip (ts, 6);
  paragraph (ts, STYLE_TITLE, ink, 0, cm_report_data_get_title (data), NULL);
  skip (ts, 10);
  if (data->checklist != NULL)
    {
      g_autofree char *progress = g_strdup_printf (_("%u of %u items assessed; %u without evidence"),
                                                   data->n_assessed, data->n_items, data->n_without_evidence);
      paragraph (ts, STYLE_SUBTITLE, ink, 0, progress, NULL);
    }
  skip (ts, 24);

  if (data->checklist != NULL)
    checklist = g_strdup_printf (_("%s (%s, version %s)"), checklist_title, cm_checklist_get_id (data->checklist),
                                 cm_checklist_get_version (data->checklist));
  fact (ts, _("File"), cm_report_data_get_file (data), STYLE_BODY);
  fact (ts, _("SHA-256"), cm_report_data_get_sha256 (data), STYLE_MONO);
  fact (ts, _("Pages"), pages, STYLE_BODY);
  fact (ts, _("Checklist"), checklist, STYLE_BODY);
  if (first != NULL)
    {
      g_autofree char *span = g_strcmp0 (first, last) == 0 ? g_strdup (first)
                                                            : g_strdup_printf ("%s – %s", first, last);
      fact (ts, _("Reviewed"), span, STYLE_BODY);
    }
  fact (ts, _("Exported"), generated, STYLE_BODY);

  heading (ts, STYLE_SUBHEADING, _("Reviewers"), 18, 40);
  if (data->reviewers->len == 0)
    paragraph (ts, STYLE_BODY, muted, 0, _("Nobody has annotated this document yet."), NULL);
  for (guint i = 0; i < data->reviewers->len; i++)
    {
      CmReportReviewer *reviewer = g_ptr_array_index (data->reviewers, i);
      g_autofree char *from = cm_report_format_date (reviewer->first);
      g_autofree char *to = cm_report_format_date (reviewer->last);
      g_autofree char *line = g_strdup_printf (_("%s — annotations: %u, verdicts: %u, replies: %u; active %s – %s"),
                                               *reviewer->name ? reviewer->name : _("(unnamed)"),
                                               reviewer->n_annotations, reviewer->n_verdicts,
                                               reviewer->n_replies, from ? from : "—", to ? to : "—");

      paragraph (ts, STYLE_BODY, ink, 0, line, NULL);
      skip (ts, 2);
    }
}

static const CmAssessment summary_levels[] = {
  CM_ASSESSMENT_STRONG,
  CM_ASSESSMENT_PARTIAL,
  CM_ASSESSMENT_WEAK,
  CM_ASSESSMENT_ABSENT,
  CM_ASSESSMENT_HARMFUL,
  CM_ASSESSMENT_NOT_APPLICABLE,
  CM_ASSESSMENT_NONE,
};

/* Column x positions of the verdict table: item, verdict, evidence. */
#define COLUMN_VERDICT  (MARGIN_X + CONTENT_WIDTH * 0.62)
#define COLUMN_EVIDENCE (MARGIN_X + CONTENT_WIDTH * 0.88)

static void
table_rule (Typesetter *ts)
{
  set_color (ts, rule);
  cairo_set_line_width (ts->cr, 0.5);
  cairo_move_to (ts->cr, MARGIN_X, ts->y);
  cairo_line_to (ts->cr, PAGE_WIDTH - MARGIN_X, ts->y);
  cairo_stroke (ts->cr);
}

static void
table_header (Typesetter *ts)
{
  int height;

  prepare_layout (ts, STYLE_BOLD, -1, _("Item"));
  pango_layout_get_pixel_size (ts->layout, NULL, &height);
  set_color (ts, muted);
  cairo_move_to (ts->cr, MARGIN_X, ts->y);
  pango_cairo_show_layout (ts->cr, ts->layout);
  prepare_layout (ts, STYLE_BOLD, -1, _("Verdict"));
  cairo_move_to (ts->cr, COLUMN_VERDICT, ts->y);
  pango_cairo_show_layout (ts->cr, ts->layout);
  prepare_layout (ts, STYLE_BOLD, -1, _("Evidence"));
  cairo_move_to (ts->cr, COLUMN_EVIDENCE, ts->y);
  pango_cairo_show_layout (ts->cr, ts->layout);
  ts->y += height + 3;
  ts->page_has_content = TRUE;
  table_rule (ts);
  ts->y += 3;
}

static void
verdict_table (Typesetter   *ts,
               CmReportData *data)
{
  GListModel *categories = cm_checklist_get_categories (data->checklist);
  guint n = g_list_model_get_n_items (categories);
  g_autofree char *link = NULL;

  new_page (ts);
  link = g_strdup_printf ("page=%u pos=[%g %g]", ts->page, MARGIN_X, MARGIN_TOP);
  cairo_pdf_surface_add_outline (ts->surface, CAIRO_PDF_OUTLINE_ROOT, _("Verdicts"), link, 0);
  heading (ts, STYLE_HEADING, _("Verdicts"), 0, 80);

  /* Counts per category first: the page a council member reads. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, i);
      g_autoptr(GString) counts = g_string_new (NULL);

      for (guint l = 0; l < G_N_ELEMENTS (summary_levels); l++)
        {
          guint count = cm_report_data_count (data, category, summary_levels[l]);

          if (count == 0)
            continue;
          if (counts->len > 0)
            g_string_append (counts, ", ");
          g_string_append_printf (counts, "%u %s", count, cm_assessment_get_label (summary_levels[l]));
        }
      {
        g_autofree char *line = g_strdup_printf ("%s: %s", cm_report_category_title (category),
                                                 counts->str);
        paragraph (ts, STYLE_BODY, ink, 0, line, NULL);
        skip (ts, 2);
      }
    }
  skip (ts, 12);

  ensure_space (ts, 60);
  table_header (ts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, i);
      GListModel *items = cm_checklist_category_get_items (category);
      guint n_items = g_list_model_get_n_items (items);

      skip (ts, 4);
      ensure_space (ts, 40);
      if (ts->y == MARGIN_TOP)
        table_header (ts);
      paragraph (ts, STYLE_ITEM, ink, 0, cm_report_category_title (category), NULL);
      skip (ts, 2);

      for (guint j = 0; j < n_items; j++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, j);
          const char *id = cm_checklist_item_get_id (item);
          guint evidence = cm_report_data_get_evidence (data, id)->len;
          g_autofree char *count = g_strdup_printf ("%u", evidence);
          int title_height;
          double row_height;

          prepare_layout (ts, STYLE_BODY, COLUMN_VERDICT - MARGIN_X - 12, cm_report_item_title (item));
          pango_layout_get_pixel_size (ts->layout, NULL, &title_height);
          row_height = MAX (title_height, 12) + 4;
          if (ts->y + row_height > CONTENT_BOTTOM)
            {
              new_page (ts);
              table_header (ts);
              prepare_layout (ts, STYLE_BODY, COLUMN_VERDICT - MARGIN_X - 12, cm_report_item_title (item));
            }
          set_color (ts, ink);
          cairo_move_to (ts->cr, MARGIN_X + 8, ts->y);
          pango_cairo_show_layout (ts->cr, ts->layout);

          draw_badge (ts, COLUMN_VERDICT, ts->y + 1, cm_report_data_get_verdict (data, id));

          prepare_layout (ts, STYLE_BODY, -1, evidence == 0 ? C_("evidence", "none") : count);
          set_color (ts, evidence == 0 ? flag : ink);
          cairo_move_to (ts->cr, COLUMN_EVIDENCE, ts->y);
          pango_cairo_show_layout (ts->cr, ts->layout);

          ts->y += row_height;
          ts->page_has_content = TRUE;
          table_rule (ts);
          ts->y += 2;
        }
    }
}

/* DATE as the report writes it; annotations made in one sitting share their
 * minute, so the last one is kept. */
static const char *
format_date (Typesetter *ts,
             GDateTime  *date)
{
  if (date == NULL)
    return NULL;
  if (ts->last_date == NULL || !g_date_time_equal (ts->last_date, date))
    {
      g_clear_pointer (&ts->last_date, g_date_time_unref);
      g_free (ts->last_date_text);
      ts->last_date = g_date_time_ref (date);
      ts->last_date_text = cm_report_format_date (date);
    }
  return ts->last_date_text;
}

static void
evidence_entry (Typesetter   *ts,
                CmReportData *data,
                CmAnnotation *annotation,
                gboolean      show_item)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  CmAssessment assessment = cm_annotation_get_assessment (annotation);
  Rgb color = parse_color (cm_assessment_get_color (assessment));
  GPtrArray *replies = cm_annotation_get_replies (annotation);
  const char *section = cm_annotation_get_section (annotation);
  const char *author = cm_annotation_get_author (annotation);
  const char *item_id = cm_annotation_get_item_id (annotation);
  const char *created = format_date (ts, cm_annotation_get_created (annotation));
  g_autoptr(GString) meta = g_string_new (cm_assessment_get_label (assessment));

  if (anchor != NULL && cm_anchor_get_page (anchor) > 0)
    g_string_append_printf (meta, " · %s %u", _("page"), cm_anchor_get_page (anchor));
  if (section != NULL && *section != '\0')
    g_string_append_printf (meta, " · § %s", section);
  if (show_item && item_id != NULL)
    {
      CmChecklistItem *item = data->checklist ? cm_checklist_lookup_item (data->checklist, item_id) : NULL;

      g_string_append_printf (meta, " · %s", item ? cm_report_item_title (item) : item_id);
    }
  g_string_append_printf (meta, " · %s", author && *author ? author : _("(unnamed)"));
  if (created != NULL)
    g_string_append_printf (meta, " · %s", created);

  skip (ts, 6);
  /* Keep the quote's first lines with its caption rather than orphan them. */
  ensure_space (ts, 36);
  if (anchor != NULL && cm_anchor_get_exact (anchor) != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", cm_anchor_get_exact (anchor));
      paragraph (ts, STYLE_QUOTE, ink, 14, quoted, &color);
    }
  paragraph (ts, STYLE_META, muted, 14, meta->str, NULL);
  if (anchor != NULL && cm_anchor_get_state (anchor) == CM_ANCHOR_STATE_ORPHANED)
    paragraph (ts, STYLE_META, flag, 14,
               _("Orphaned: the quoted text is not in this version of the document."), NULL);
  if (cm_annotation_get_note (annotation) != NULL)
    {
      skip (ts, 1);
      paragraph (ts, STYLE_BODY, ink, 14, cm_annotation_get_note (annotation), NULL);
    }
  for (guint i = 0; i < replies->len; i++)
    {
      CmReply *reply = g_ptr_array_index (replies, i);
      g_autofree char *line = g_strdup_printf ("%s: %s", cm_reply_get_author (reply) ? cm_reply_get_author (reply) : "",
                                               cm_reply_get_text (reply) ? cm_reply_get_text (reply) : "");

      skip (ts, 1);
      paragraph (ts, STYLE_META, ink, 26, line, NULL);
    }
}

static void
item_section (Typesetter      *ts,
              CmReportData    *data,
              CmChecklistItem *item)
{
  const char *id = cm_checklist_item_get_id (item);
  CmVerdict *verdict = cm_review_lookup_verdict (data->review, id);
  GPtrArray *evidence = cm_report_data_get_evidence (data, id);
  g_autofree char *by = NULL;

  if (verdict != NULL)
    {
      g_autofree char *modified = cm_report_format_date (cm_verdict_get_modified (verdict));
      by = g_strdup_printf ("%s%s%s", cm_verdict_get_author (verdict) ? cm_verdict_get_author (verdict) : "",
                            modified ? ", " : "", modified ? modified : "");
    }

  heading (ts, STYLE_ITEM, cm_report_item_title (item), 14, 70);
  badge_line (ts, verdict ? cm_verdict_get_assessment (verdict) : CM_ASSESSMENT_NONE, by);
  skip (ts, 2);
  paragraph (ts, STYLE_META, muted, 0, cm_report_item_question (item), NULL);
  if (verdict != NULL && cm_verdict_get_rationale (verdict) != NULL)
    {
      skip (ts, 3);
      paragraph (ts, STYLE_BODY, ink, 0, cm_verdict_get_rationale (verdict), NULL);
    }
  if (evidence->len == 0)
    {
      skip (ts, 4);
      paragraph (ts, STYLE_BOLD, flag, 0, _("No evidence: no clause of the document is tagged with this item."),
                 NULL);
      return;
    }
  for (guint i = 0; i < evidence->len && !stopped (ts); i++)
    evidence_entry (ts, data, g_ptr_array_index (evidence, i), FALSE);
}

static void
items_sections (Typesetter   *ts,
                CmReportData *data)
{
  GListModel *categories = cm_checklist_get_categories (data->checklist);
  guint n = g_list_model_get_n_items (categories);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, i);
      GListModel *items = cm_checklist_category_get_items (category);
      guint n_items = g_list_model_get_n_items (items);
      g_autofree char *link = NULL;

      new_page (ts);
      link = g_strdup_printf ("page=%u pos=[%g %g]", ts->page, MARGIN_X, MARGIN_TOP);
      cairo_pdf_surface_add_outline (ts->surface, CAIRO_PDF_OUTLINE_ROOT,
                                     cm_report_category_title (category), link, 0);
      heading (ts, STYLE_HEADING, cm_report_category_title (category), 0, 80);
      for (guint j = 0; j < n_items && !stopped (ts); j++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, j);

          item_section (ts, data, item);
        }
    }
}

static void
unfiled_section (Typesetter   *ts,
                 CmReportData *data)
{
  g_autofree char *link = NULL;

  if (data->unfiled->len == 0)
    return;
  new_page (ts);
  link = g_strdup_printf ("page=%u pos=[%g %g]", ts->page, MARGIN_X, MARGIN_TOP);
  cairo_pdf_surface_add_outline (ts->surface, CAIRO_PDF_OUTLINE_ROOT, _("Annotations without a checklist item"),
                                 link, 0);
  heading (ts, STYLE_HEADING, _("Annotations without a checklist item"), 0, 80);
  for (guint i = 0; i < data->unfiled->len && !stopped (ts); i++)
    evidence_entry (ts, data, g_ptr_array_index (data->unfiled, i), TRUE);
}

/* CmExporter -------------------------------------------------------------- */

static const char *
cm_report_pdf_get_id (CmExporter *exporter)
{
  return "pdf";
}

static const char *
cm_report_pdf_get_label (CmExporter *exporter)
{
  return _("PDF report");
}

static const char *
cm_report_pdf_get_extension (CmExporter *exporter)
{
  return "pdf";
}

static const char *
cm_report_pdf_get_mime_type (CmExporter *exporter)
{
  return "application/pdf";
}

static gboolean
cm_report_pdf_export (CmExporter    *exporter,
                      CmReview      *review,
                      CmChecklist   *checklist,
                      CmDocument    *document,
                      GOutputStream *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(CmReportData) data = cm_report_data_new (review, checklist, document);
  g_autofree char *footer = NULL;
  Typesetter ts = { 0 };
  cairo_status_t status;

  ts.stream = stream;
  ts.cancellable = cancellable;
  ts.page = 1;
  ts.y = MARGIN_TOP;
  ts.surface = cairo_pdf_surface_create_for_stream (write_to_stream, &ts, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (ts.surface, CAIRO_PDF_METADATA_TITLE, cm_report_data_get_title (data));
  cairo_pdf_surface_set_metadata (ts.surface, CAIRO_PDF_METADATA_CREATOR, "Clausemark " CM_VERSION);
  if (checklist != NULL)
    cairo_pdf_surface_set_metadata (ts.surface, CAIRO_PDF_METADATA_SUBJECT, cm_report_checklist_title (checklist));
  ts.cr = cairo_create (ts.surface);
  ts.layout = pango_cairo_create_layout (ts.cr);
  /* Pango rounds advances to whole units (pixels on screen, points here):
   * in a PDF that is visibly uneven spacing, and cairo then corrects every
   * glyph's position with a number in the content stream. */
  pango_context_set_round_glyph_positions (pango_layout_get_context (ts.layout), FALSE);
  pango_layout_set_wrap (ts.layout, PANGO_WRAP_WORD_CHAR);
  for (guint i = 0; i < N_STYLES; i++)
    ts.fonts[i] = pango_font_description_from_string (style_fonts[i]);
  fast_path_init (&ts);
  footer = checklist ? g_strdup_printf ("%s — %s", cm_report_data_get_title (data), cm_report_checklist_title (checklist))
                     : g_strdup (cm_report_data_get_title (data));
  ts.footer_layout = pango_cairo_create_layout (ts.cr);
  pango_context_set_round_glyph_positions (pango_layout_get_context (ts.footer_layout), FALSE);
  pango_layout_set_font_description (ts.footer_layout, ts.fonts[STYLE_FOOTER]);
  pango_layout_set_width (ts.footer_layout, (int) (CONTENT_WIDTH * 0.75 * PANGO_SCALE));
  pango_layout_set_ellipsize (ts.footer_layout, PANGO_ELLIPSIZE_END);
  set_text (ts.footer_layout, footer);
  ts.footer_title = shape_footer_title (&ts, footer);
  ts.number_layout = pango_cairo_create_layout (ts.cr);
  pango_context_set_round_glyph_positions (pango_layout_get_context (ts.number_layout), FALSE);
  pango_layout_set_font_description (ts.number_layout, ts.fonts[STYLE_FOOTER]);

  title_page (&ts, data);
  if (checklist != NULL && !stopped (&ts))
    {
      verdict_table (&ts, data);
      items_sections (&ts, data);
    }
  if (!stopped (&ts))
    unfiled_section (&ts, data);
  if (!stopped (&ts))
    finish_page (&ts);

  fast_path_clear (&ts);
  g_clear_pointer (&ts.last_date, g_date_time_unref);
  g_clear_pointer (&ts.last_date_text, g_free);
  for (guint i = 0; i < N_STYLES; i++)
    pango_font_description_free (ts.fonts[i]);
  g_object_unref (ts.layout);
  g_object_unref (ts.footer_layout);
  g_object_unref (ts.number_layout);
  cairo_destroy (ts.cr);
  cairo_surface_finish (ts.surface);
  status = cairo_surface_status (ts.surface);
  cairo_surface_destroy (ts.surface);

  if (ts.error != NULL)
    {
      g_propagate_error (error, ts.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not typeset the PDF report: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
cm_report_pdf_exporter_iface_init (CmExporterInterface *iface)
{
  iface->get_id = cm_report_pdf_get_id;
  iface->get_label = cm_report_pdf_get_label;
  iface->get_extension = cm_report_pdf_get_extension;
  iface->get_mime_type = cm_report_pdf_get_mime_type;
  iface->export = cm_report_pdf_export;
}

static void
cm_report_pdf_class_init (CmReportPdfClass *klass)
{
}

static void
cm_report_pdf_init (CmReportPdf *self)
{
}

/* Module entry points ------------------------------------------------------ */

CM_DEFINE_PLUGIN_MODULE (CM_EXPORTER_EXTENSION_POINT, CM_TYPE_REPORT_PDF, "pdf", 10)
