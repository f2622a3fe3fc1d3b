/* cm-ocr-layer.c: the words OCR found on a document's scanned pages, their cache file beside the PDF, and the OCR run that makes them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <cairo.h>

#include "cm-ocr-layer.h"
#include "cm-poppler-private.h"
#include "cm-xml-private.h"

#define OCR_NS "urn:clausemark:ocr:1"
#define OCR_FORMAT 1
/* A page image wider or taller than this is rendered at a lower resolution:
 * 300 dpi of a 2 m plan would need gigabytes, and OCR gains nothing. */
#define MAX_IMAGE_SIDE 8000.0
/* Coordinates beyond this many points are no page's (PDF caps pages at
 * 14,400 units); a cache holding them is damaged or forged. */
#define MAX_COORDINATE 100000.0
#define MAX_PAGE 1000000u

struct _CmOcrLayer
{
  GObject     parent_instance;

  char       *sha256;
  char       *engine;
  GHashTable *pages;   /* page → GPtrArray of CmOcrWord */
};

G_DEFINE_FINAL_TYPE (CmOcrLayer, cm_ocr_layer, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-ocr-layer-error-quark, cm_ocr_layer_error)

enum {
  PROP_0,
  PROP_SHA256,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_ocr_layer_finalize (GObject *object)
{
  CmOcrLayer *self = CM_OCR_LAYER (object);

  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->engine, g_free);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (cm_ocr_layer_parent_class)->finalize (object);
}

static void
cm_ocr_layer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CmOcrLayer *self = CM_OCR_LAYER (object);

  switch (prop_id)
    {
    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_ENGINE:
      g_value_set_string (value, self->engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_ocr_layer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CmOcrLayer *self = CM_OCR_LAYER (object);

  switch (prop_id)
    {
    case PROP_SHA256:
      g_free (self->sha256);
      self->sha256 = g_value_dup_string (value);
      break;

    case PROP_ENGINE:
      cm_ocr_layer_set_engine (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_ocr_layer_class_init (CmOcrLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_ocr_layer_finalize;
  object_class->get_property = cm_ocr_layer_get_property;
  object_class->set_property = cm_ocr_layer_set_property;

  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] =
    g_param_spec_string ("engine", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_ocr_layer_init (CmOcrLayer *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

CmOcrLayer *
cm_ocr_layer_new (const char *sha256)
{
  g_return_val_if_fail (sha256 != NULL, NULL);
  return g_object_new (CM_TYPE_OCR_LAYER, "sha256", sha256, NULL);
}

GFile *
cm_ocr_layer_file_for_document (GFile *pdf)
{
  g_autofree char *basename = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (pdf), NULL);

  /* The same stem as the review sidecar (cm_store_sidecar_for_document). */
  basename = g_file_get_basename (pdf);
  length = strlen (basename);
  if (length > 4 && g_ascii_strcasecmp (basename + length - 4, ".pdf") == 0)
    stem = g_strndup (basename, length - 4);
  else
    stem = g_strdup (basename);
  name = g_strconcat (stem, ".clausemark-ocr.xml", NULL);
  parent = g_file_get_parent (pdf);
  if (parent == NULL)
    return g_file_new_for_path (name);
  return g_file_get_child (parent, name);
}

const char *
cm_ocr_layer_get_sha256 (CmOcrLayer *self)
{
  g_return_val_if_fail (CM_IS_OCR_LAYER (self), NULL);
  return self->sha256;
}

const char *
cm_ocr_layer_get_engine (CmOcrLayer *self)
{
  g_return_val_if_fail (CM_IS_OCR_LAYER (self), NULL);
  return self->engine;
}

void
cm_ocr_layer_set_engine (CmOcrLayer *self,
                         const char *engine)
{
  g_return_if_fail (CM_IS_OCR_LAYER (self));

  if (g_strcmp0 (self->engine, engine) == 0)
    return;
  g_free (self->engine);
  self->engine = g_strdup (engine);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/* A word's text as the index may hold it: no whitespace or control
 * characters, which would break the index's lines and pages apart. */
static char *
clean_word_text (const char *text)
{
  GString *clean;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;
  clean = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x200b || c == 0xfeff)
        continue;
      g_string_append_unichar (clean, c);
    }
  if (clean->len == 0)
    {
      g_string_free (clean, TRUE);
      return NULL;
    }
  return g_string_free (clean, FALSE);
}

static gboolean
box_is_sane (double x1,
             double y1,
             double x2,
             double y2)
{
  double values[] = { x1, y1, x2, y2 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (!isfinite (values[i]) || fabs (values[i]) > MAX_COORDINATE)
      return FALSE;
  return TRUE;
}

void
cm_ocr_layer_set_page (CmOcrLayer *self,
                       guint       page,
                       GPtrArray  *words)
{
  GPtrArray *copy;

  g_return_if_fail (CM_IS_OCR_LAYER (self));
  g_return_if_fail (page >= 1);

  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_ocr_word_free);
  for (guint i = 0; words != NULL && i < words->len; i++)
    {
      const CmOcrWord *word = g_ptr_array_index (words, i);
      g_autofree char *text = clean_word_text (cm_ocr_word_get_text (word));
      double x1, y1, x2, y2;

      cm_ocr_word_get_box (word, &x1, &y1, &x2, &y2);
      if (text == NULL || !box_is_sane (x1, y1, x2, y2))
        continue;
      g_ptr_array_add (copy, cm_ocr_word_new (text, x1, y1, x2, y2,
                                              cm_ocr_word_get_confidence (word),
                                              cm_ocr_word_get_line (word)));
    }
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (page), copy);
}

gboolean
cm_ocr_layer_has_page (CmOcrLayer *self,
                       guint       page)
{
  g_return_val_if_fail (CM_IS_OCR_LAYER (self), FALSE);
  return g_hash_table_contains (self->pages, GUINT_TO_POINTER (page));
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

guint *
cm_ocr_layer_get_pages (CmOcrLayer *self,
                        guint      *n_pages)
{
  GHashTableIter iter;
  gpointer key;
  guint *pages;
  guint n = 0;

  g_return_val_if_fail (CM_IS_OCR_LAYER (self), NULL);

  pages = g_new (guint, g_hash_table_size (self->pages) + 1);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    pages[n++] = GPOINTER_TO_UINT (key);
  qsort (pages, n, sizeof (guint), compare_uints);
  pages[n] = 0;
  if (n_pages != NULL)
    *n_pages = n;
  return pages;
}

GPtrArray *
cm_ocr_layer_get_page_words (CmOcrLayer *self,
                             guint       page)
{
  g_return_val_if_fail (CM_IS_OCR_LAYER (self), NULL);
  return g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
}

double
cm_ocr_layer_get_page_confidence (CmOcrLayer *self,
                                  guint       page)
{
  GPtrArray *words;
  double sum = 0;

  g_return_val_if_fail (CM_IS_OCR_LAYER (self), 0.0);

  words = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (words == NULL || words->len == 0)
    return 0.0;
  for (guint i = 0; i < words->len; i++)
    sum += cm_ocr_word_get_confidence (g_ptr_array_index (words, i));
  return sum / words->len;
}

/* Page text --------------------------------------------------------------- */

static void
append_char (GString    *text,
             GArray     *boxes,
             gunichar    c,
             guint       page,
             double      x1,
             double      y1,
             double      x2,
             double      y2)
{
  CmPageRect box = { page, x1, y1, x2, y2 };

  g_string_append_unichar (text, c);
  g_array_append_val (boxes, box);
}

/* How wide a character is, roughly, relative to an average one in a
 * proportional font: OCR gives a box per word, and sharing it out evenly
 * would put "passage." with its period as wide as a letter, so that a
 * highlight of "passage" stops short of its "e". */
static double
char_weight (gunichar c)
{
  if (c < 0x80 && strchr (".,:;'!|`", (int) c) != NULL)
    return 0.35;
  if (c < 0x80 && strchr ("iljtfrI1()[]\"-", (int) c) != NULL)
    return 0.6;
  if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
    return 1.5;
  if (g_unichar_isupper (c))
    return 1.25;
  return 1.0;
}

gboolean
cm_ocr_layer_get_page_text (CmOcrLayer  *self,
                            guint        page,
                            char       **text,
                            CmPageRect **boxes,
                            guint       *n_boxes)
{
  GPtrArray *words;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (CmPageRect));
  guint i = 0;

  g_return_val_if_fail (CM_IS_OCR_LAYER (self), FALSE);
  g_return_val_if_fail (text != NULL && boxes != NULL && n_boxes != NULL, FALSE);

  words = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (words == NULL)
    return FALSE;

  while (i < words->len)
    {
      guint line = cm_ocr_word_get_line (g_ptr_array_index (words, i));
      double top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE, previous_x2 = 0;
      guint end = i;

      /* Every character of a line is as tall as the line, so that a
       * selection or highlight on a scan is an even band, not a ragged one
       * following ascenders and descenders. */
      for (; end < words->len && cm_ocr_word_get_line (g_ptr_array_index (words, end)) == line; end++)
        {
          double y1, y2;

          cm_ocr_word_get_box (g_ptr_array_index (words, end), NULL, &y1, NULL, &y2);
          top = MIN (top, y1);
          bottom = MAX (bottom, y2);
        }

      if (out->len > 0)
        {
          /* The line break sits, without width, where the last line ended. */
          CmPageRect last = g_array_index (rects, CmPageRect, rects->len - 1);

          append_char (out, rects, '\n', page, last.x2, last.y1, last.x2, last.y2);
        }

      for (guint w = i; w < end; w++)
        {
          const CmOcrWord *word = g_ptr_array_index (words, w);
          const char *word_text = cm_ocr_word_get_text (word);
          double x1, x2, total = 0, x;

          cm_ocr_word_get_box (word, &x1, NULL, &x2, NULL);
          if (w > i)
            append_char (out, rects, ' ', page, MIN (previous_x2, x1), top, MAX (previous_x2, x1), bottom);
          for (const char *p = word_text; *p != '\0'; p = g_utf8_next_char (p))
            total += char_weight (g_utf8_get_char (p));
          x = x1;
          for (const char *p = word_text; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);
              double width = total > 0 ? (x2 - x1) * char_weight (c) / total : 0;

              append_char (out, rects, c, page, x, top, x + width, bottom);
              x += width;
            }
          previous_x2 = x2;
        }
      i = end;
    }

  *n_boxes = rects->len;
  *boxes = (CmPageRect *) g_array_free (g_steal_pointer (&rects), FALSE);
  *text = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* The cache file ---------------------------------------------------------- */

static void
append_attribute (GString    *out,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (out, " %s=\"%s\"", name, escaped);
}

static void
append_number (GString    *out,
               const char *name,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", value);
  g_string_append_printf (out, " %s=\"%s\"", name, buffer);
}

static char *
serialize (CmOcrLayer *self)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = cm_timestamp_format (now);
  g_autofree guint *pages = NULL;
  guint n_pages = 0;

  g_string_append_printf (out, "<ocr-layer xmlns=\"%s\" format=\"%d\"", OCR_NS, OCR_FORMAT);
  append_attribute (out, "sha256", self->sha256);
  if (self->engine != NULL)
    append_attribute (out, "engine", self->engine);
  append_attribute (out, "created", created);
  g_string_append (out, ">\n");

  /* Pages in order, one word per line: small diffs when a page is redone. */
  pages = cm_ocr_layer_get_pages (self, &n_pages);
  for (guint p = 0; p < n_pages; p++)
    {
      GPtrArray *words = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (pages[p]));
      gboolean in_line = FALSE;
      guint line = 0;

      g_string_append_printf (out, "  <page number=\"%u\">\n", pages[p]);
      for (guint w = 0; w < words->len; w++)
        {
          const CmOcrWord *word = g_ptr_array_index (words, w);
          g_autofree char *escaped = g_markup_escape_text (cm_ocr_word_get_text (word), -1);
          double x1, y1, x2, y2;

          if (in_line && cm_ocr_word_get_line (word) != line)
            {
              g_string_append (out, "    </line>\n");
              in_line = FALSE;
            }
          if (!in_line)
            {
              g_string_append (out, "    <line>\n");
              line = cm_ocr_word_get_line (word);
              in_line = TRUE;
            }
          cm_ocr_word_get_box (word, &x1, &y1, &x2, &y2);
          g_string_append (out, "      <word");
          append_number (out, "x1", x1);
          append_number (out, "y1", y1);
          append_number (out, "x2", x2);
          append_number (out, "y2", y2);
          g_string_append_printf (out, " confidence=\"%d\">%s</word>\n",
                                  (int) round (cm_ocr_word_get_confidence (word)), escaped);
        }
      if (in_line)
        g_string_append (out, "    </line>\n");
      g_string_append (out, "  </page>\n");
    }
  g_string_append (out, "</ocr-layer>\n");
  return g_string_free (out, FALSE);
}

gboolean
cm_ocr_layer_save (CmOcrLayer    *self,
                   GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CM_IS_OCR_LAYER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = serialize (self);
  /* g_file_replace_contents() writes a temporary file beside FILE and
   * renames it over: readers see the old cache or the new, never half. */
  if (!g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, cancellable, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot write the OCR text to “%s”: %s. Check that the folder is writable."),
                   name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  g_autoptr(CmXmlChar) value = xmlGetProp (node, (const xmlChar *) name);

  return value != NULL ? g_strdup ((const char *) value) : NULL;
}

static gboolean
get_number (xmlNode    *node,
            const char *name,
            double     *value)
{
  g_autofree char *text = get_attribute (node, name);
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) name)
         && node->ns != NULL && xmlStrEqual (node->ns->href, (const xmlChar *) OCR_NS);
}

static gboolean
invalid (GError    **error,
         const char *name,
         const char *what)
{
  g_set_error (error, CM_OCR_LAYER_ERROR, CM_OCR_LAYER_ERROR_INVALID,
               _("“%s” is not a usable OCR text file (%s). Delete it and run OCR again."),
               name, what);
  return FALSE;
}

static gboolean
read_page (CmOcrLayer  *self,
           xmlNode     *page_node,
           guint       *next_line,
           const char  *name,
           GError     **error)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_ocr_word_free);
  double number;

  if (!get_number (page_node, "number", &number) || number < 1 || number > MAX_PAGE
      || number != floor (number))
    return invalid (error, name, _("a page without a valid number"));

  for (xmlNode *line = page_node->children; line != NULL; line = line->next)
    {
      if (!is_element (line, "line"))
        continue;
      for (xmlNode *node = line->children; node != NULL; node = node->next)
        {
          g_autoptr(CmXmlChar) content = NULL;
          double x1, y1, x2, y2, confidence = 0;

          if (!is_element (node, "word"))
            continue;
          if (!get_number (node, "x1", &x1) || !get_number (node, "y1", &y1)
              || !get_number (node, "x2", &x2) || !get_number (node, "y2", &y2)
              || !box_is_sane (x1, y1, x2, y2))
            return invalid (error, name, _("a word without a valid box"));
          if (!get_number (node, "confidence", &confidence))
            confidence = 0;
          content = xmlNodeGetContent (node);
          if (content != NULL)
            g_ptr_array_add (words, cm_ocr_word_new ((const char *) content, x1, y1, x2, y2,
                                                     confidence, *next_line));
        }
      (*next_line)++;
    }
  cm_ocr_layer_set_page (self, (guint) number, words);
  return TRUE;
}

CmOcrLayer *
cm_ocr_layer_load (GFile         *file,
                   const char    *sha256,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(CmOcrLayer) self = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file_sha256 = NULL;
  g_autofree char *format = NULL;
  xmlNode *root;
  guint next_line = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read the OCR text “%s”: %s"), name, local_error->message);
      return NULL;
    }
  doc = cm_safe_xml_parse_document (bytes, name, &local_error);
  if (doc == NULL)
    {
      invalid (error, name, local_error->message);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "ocr-layer"))
    {
      invalid (error, name, _("its root element is not <ocr-layer>"));
      return NULL;
    }
  format = get_attribute (root, "format");
  if (format == NULL || g_ascii_strtoull (format, NULL, 10) != OCR_FORMAT)
    {
      invalid (error, name, _("it was written in a format this version does not read"));
      return NULL;
    }
  file_sha256 = get_attribute (root, "sha256");
  if (file_sha256 == NULL || *file_sha256 == '\0')
    {
      invalid (error, name, _("it does not say which PDF it belongs to"));
      return NULL;
    }
  if (sha256 != NULL && g_ascii_strcasecmp (file_sha256, sha256) != 0)
    {
      g_set_error (error, CM_OCR_LAYER_ERROR, CM_OCR_LAYER_ERROR_STALE,
                   _("The OCR text “%s” was made for another version of the PDF; run OCR again."),
                   name);
      return NULL;
    }

  self = cm_ocr_layer_new (file_sha256);
  self->engine = get_attribute (root, "engine");
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    if (is_element (node, "page") && !read_page (self, node, &next_line, name, error))
      return NULL;
  return g_steal_pointer (&self);
}

CmOcrLayer *
cm_ocr_layer_load_for_document (CmDocument    *document,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = cm_ocr_layer_file_for_document (cm_document_get_file (document));
  return cm_ocr_layer_load (file, cm_document_get_sha256 (document), cancellable, error);
}

/* Running an engine ------------------------------------------------------- */

/* Renders PAGE white-backed at SCALE pixels per point into a PNG at PATH. */
static gboolean
render_page_png (PopplerPage  *page,
                 double        scale,
                 const char   *path,
                 const char   *document_name,
                 guint         page_number,
                 GError      **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width = 0, height = 0;

  poppler_page_get_size (page, &width, &height);
  /* Less a hair, so that 792 pt × 300/72 is 3300 pixels, not 3301. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        MAX ((int) ceil (width * scale - 1e-6), 1),
                                        MAX ((int) ceil (height * scale - 1e-6), 1));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CM_OCR_ERROR, CM_OCR_ERROR_FAILED,
                   _("Cannot render page %u of “%s” for OCR: %s"),
                   page_number, document_name, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
cm_ocr_layer_recognize (CmOcrLayer         *self,
                        CmDocument         *document,
                        CmOcrEngine        *engine,
                        const guint        *pages,
                        guint               n_pages,
                        double              dpi,
                        CmOcrProgressFunc   progress,
                        gpointer            user_data,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(PopplerDocument) poppler = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *document_name = NULL;
  g_autofree char *description = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CM_IS_OCR_LAYER (self), FALSE);
  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (CM_IS_OCR_ENGINE (engine), FALSE);
  g_return_val_if_fail (pages != NULL || n_pages == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (dpi <= 0)
    dpi = CM_OCR_DEFAULT_DPI;
  if (!cm_ocr_engine_is_available (engine, error))
    return FALSE;
  poppler = cm_document_open_poppler (document, error);
  if (poppler == NULL)
    return FALSE;
  directory = g_dir_make_tmp ("clausemark-ocr-XXXXXX", error);
  if (directory == NULL)
    return FALSE;
  document_name = g_file_get_parse_name (cm_document_get_file (document));
  description = cm_ocr_engine_describe (engine);

  for (guint i = 0; ok && i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = NULL;
      g_autoptr(GPtrArray) words = NULL;
      g_autofree char *image = NULL;
      double width = 0, height = 0, scale;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (pages[i] < 1 || pages[i] > cm_document_get_n_pages (document))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” has no page %u (it has %u)"), document_name, pages[i],
                       cm_document_get_n_pages (document));
          ok = FALSE;
          break;
        }

      page = poppler_document_get_page (poppler, (int) pages[i] - 1);
      if (page == NULL)
        {
          /* A page poppler cannot load has nothing to read; recording it
           * empty keeps OCR from retrying it every time. */
          cm_ocr_layer_set_page (self, pages[i], NULL);
        }
      else
        {
          poppler_page_get_size (page, &width, &height);
          scale = dpi / 72.0;
          if (MAX (width, height) * scale > MAX_IMAGE_SIDE)
            scale = MAX_IMAGE_SIDE / MAX (width, height);
          image = g_strdup_printf ("%s/page-%u.png", directory, pages[i]);
          ok = render_page_png (page, scale, image, document_name, pages[i], error);
          if (ok)
            words = cm_ocr_engine_recognize (engine, image, scale, cancellable, error);
          g_unlink (image);
          if (ok && words == NULL)
            ok = FALSE;
          if (ok)
            cm_ocr_layer_set_page (self, pages[i], words);
        }
      if (ok && progress != NULL)
        progress (i + 1, n_pages, pages[i], user_data);
    }

  g_rmdir (directory);
  if (n_pages > 0)
    cm_ocr_layer_set_engine (self, description);
  return ok;
}
