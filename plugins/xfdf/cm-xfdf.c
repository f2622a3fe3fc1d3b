/* cm-xfdf.c: XFDF (ISO 19444-1) export and import, to exchange annotations with Acrobat, Okular, PDF.js and others. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <clausemark.h>

#include "cm-xml-private.h"

#define XFDF_NS "http://ns.adobe.com/xfdf/"
/* Acrobat and other XFDF readers ignore attributes and elements in other
 * namespaces; ours carry what XFDF has no place for (checklist item,
 * assessment, the quote with its context), so a round trip loses nothing. */
#define CLAUSEMARK_XFDF_NS "urn:clausemark:xfdf:1"

/* The human-readable first line of <contents>: item title, dash, level. */
#define CONTENTS_SEPARATOR " — "

/* Big enough for any real XFDF file, small enough that a hostile stream
 * cannot fill memory before the parser's own checks run. */
#define MAX_INPUT_BYTES (64u * 1024u * 1024u)

/* Shared helpers --------------------------------------------------------- */

static void
append_attribute (GString    *out,
                  const char *name,
                  const char *value)
{
  if (value == NULL)
    return;
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  cm_xml_append_escaped (out, value, TRUE);
  g_string_append_c (out, '"');
}

/* Locale-independent, so a German desktop still writes "72.5". */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.3f", value);
  g_string_append (out, buffer);
}

/* PDF dates as XFDF writes them: D:YYYYMMDDHHmmSS, then Z or ±HH'mm'. */
static char *
format_pdf_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "D:%Y%m%d%H%M%SZ");
}

static gboolean
read_digits (const char **p,
             guint        n,
             int         *value)
{
  int result = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      result = result * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = result;
  return TRUE;
}

/* Everything after the year is optional in a PDF date; a missing month or
 * day is the first, a missing time midnight, a missing zone UTC. */
static GDateTime *
parse_pdf_date (const char *text)
{
  g_autoptr(GTimeZone) zone = NULL;
  const char *p = text;
  int year, month = 1, day = 1, hour = 0, minute = 0, second = 0;

  if (text == NULL)
    return NULL;
  while (g_ascii_isspace (*p))
    p++;
  if (g_str_has_prefix (p, "D:"))
    p += 2;
  if (!read_digits (&p, 4, &year))
    return cm_timestamp_parse (text);   /* some tools write ISO 8601 */
  if (read_digits (&p, 2, &month) && read_digits (&p, 2, &day) && read_digits (&p, 2, &hour)
      && read_digits (&p, 2, &minute))
    read_digits (&p, 2, &second);

  if (*p == '+' || *p == '-')
    {
      int zone_hours = 0, zone_minutes = 0;
      char sign = *p++;
      g_autofree char *identifier = NULL;

      if (read_digits (&p, 2, &zone_hours))
        {
          if (*p == '\'')
            p++;
          read_digits (&p, 2, &zone_minutes);
        }
      identifier = g_strdup_printf ("%c%02d:%02d", sign, zone_hours, zone_minutes);
      zone = g_time_zone_new_identifier (identifier);
    }
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  /* Out-of-range fields give NULL, which callers treat as "now". */
  return g_date_time_new (zone, year, month, day, hour, minute, second);
}

/* The exporter ------------------------------------------------------------ */

#define CM_TYPE_XFDF_EXPORTER (cm_xfdf_exporter_get_type ())
G_DECLARE_FINAL_TYPE (CmXfdfExporter, cm_xfdf_exporter, CM, XFDF_EXPORTER, GObject)

struct _CmXfdfExporter
{
  GObject parent_instance;
};

static void cm_xfdf_exporter_iface_init (CmExporterInterface *iface);

G_DEFINE_TYPE_WITH_CODE (CmXfdfExporter, cm_xfdf_exporter, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (CM_TYPE_EXPORTER, cm_xfdf_exporter_iface_init))

static void
cm_xfdf_exporter_class_init (CmXfdfExporterClass *klass)
{
}

static void
cm_xfdf_exporter_init (CmXfdfExporter *self)
{
}

static const char *
exporter_get_id (CmExporter *exporter)
{
  return "xfdf";
}

static const char *
exporter_get_label (CmExporter *exporter)
{
  return _("XFDF annotations (Acrobat, Okular, PDF.js)");
}

static const char *
exporter_get_extension (CmExporter *exporter)
{
  return "xfdf";
}

static const char *
exporter_get_mime_type (CmExporter *exporter)
{
  return "application/vnd.adobe.xfdf";
}

/* "#2ec27e" → "#2EC27E", as Acrobat writes colours. */
static void
append_color (GString    *out,
              const char *color)
{
  g_autofree char *upper = g_ascii_strup (color, -1);

  append_attribute (out, "color", upper);
}

/* The human-readable contents: "Item title — Level" on the first line (for
 * people reading the comment in another viewer), then the note. */
static char *
build_contents (CmAnnotation *annotation,
                CmChecklist  *checklist)
{
  const char *item_id = cm_annotation_get_item_id (annotation);
  const char *note = cm_annotation_get_note (annotation);
  GString *contents = g_string_new (NULL);

  if (item_id != NULL)
    {
      CmChecklistItem *item = checklist ? cm_checklist_lookup_item (checklist, item_id) : NULL;

      g_string_append (contents, item ? cm_checklist_item_get_title (item) : item_id);
      if (cm_annotation_get_assessment (annotation) != CM_ASSESSMENT_NONE)
        {
          g_string_append (contents, CONTENTS_SEPARATOR);
          g_string_append (contents, cm_assessment_get_label (cm_annotation_get_assessment (annotation)));
        }
    }
  if (note != NULL && *note != '\0')
    {
      if (contents->len > 0)
        g_string_append_c (contents, '\n');
      g_string_append (contents, note);
    }
  return g_string_free (contents, FALSE);
}

/* Quadrilaterals in Acrobat's order (upper left, upper right, lower left,
 * lower right) and their bounding box, in PDF space (origin bottom left):
 * CmPageRect is top-left based, so y flips against the page height. */
static gboolean
append_geometry (GString  *out,
                 CmAnchor *anchor,
                 double    page_height)
{
  GArray *rects = cm_anchor_get_rects (anchor);
  guint page = cm_anchor_get_page (anchor);
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  g_autoptr(GString) coords = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < rects->len; i++)
    {
      const CmPageRect *rect = &g_array_index (rects, CmPageRect, i);
      double left = MIN (rect->x1, rect->x2), right = MAX (rect->x1, rect->x2);
      double top = page_height - MIN (rect->y1, rect->y2);
      double bottom = page_height - MAX (rect->y1, rect->y2);
      double points[8] = { left, top, right, top, left, bottom, right, bottom };

      /* An XFDF annotation lives on one page; the rest of a quote that runs
       * over a page break is carried by clausemark:quote. */
      if (rect->page != 0 && rect->page != page)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (points); k++)
        {
          if (coords->len > 0)
            g_string_append_c (coords, ',');
          append_number (coords, points[k]);
        }
      x1 = MIN (x1, left);
      x2 = MAX (x2, right);
      y1 = MIN (y1, bottom);
      y2 = MAX (y2, top);
      n++;
    }
  if (n == 0)
    return FALSE;

  g_string_append (out, " rect=\"");
  append_number (out, x1);
  g_string_append_c (out, ',');
  append_number (out, y1);
  g_string_append_c (out, ',');
  append_number (out, x2);
  g_string_append_c (out, ',');
  append_number (out, y2);
  g_string_append (out, "\" coords=\"");
  g_string_append_len (out, coords->str, coords->len);
  g_string_append_c (out, '"');
  return TRUE;
}

/* A note without quoted text (imported from a sticky note) keeps its box. */
static void
append_note_rect (GString  *out,
                  CmAnchor *anchor,
                  double    page_height)
{
  GArray *rects = cm_anchor_get_rects (anchor);
  CmPageRect box = { 0, 36, 36, 56, 56 };

  if (rects->len > 0)
    box = g_array_index (rects, CmPageRect, 0);
  g_string_append (out, " rect=\"");
  append_number (out, MIN (box.x1, box.x2));
  g_string_append_c (out, ',');
  append_number (out, page_height - MAX (box.y1, box.y2));
  g_string_append_c (out, ',');
  append_number (out, MAX (box.x1, box.x2));
  g_string_append_c (out, ',');
  append_number (out, page_height - MIN (box.y1, box.y2));
  g_string_append_c (out, '"');
}

static void
append_dates (GString   *out,
              GDateTime *created,
              GDateTime *modified)
{
  g_autofree char *creation = format_pdf_date (created);
  g_autofree char *date = format_pdf_date (modified ? modified : created);

  append_attribute (out, "creationdate", creation);
  append_attribute (out, "date", date);
}

static void
append_replies (GString      *out,
                CmAnnotation *annotation,
                guint         xfdf_page,
                const char   *rect_attribute)
{
  GPtrArray *replies = cm_annotation_get_replies (annotation);

  for (guint i = 0; i < replies->len; i++)
    {
      CmReply *reply = g_ptr_array_index (replies, i);
      const char *parent = cm_reply_get_in_reply_to (reply);

      g_string_append_printf (out, "    <text page=\"%u\"%s", xfdf_page, rect_attribute);
      append_attribute (out, "name", cm_reply_get_id (reply));
      append_attribute (out, "inreplyto", parent ? parent : cm_annotation_get_id (annotation));
      append_attribute (out, "title", cm_reply_get_author (reply));
      append_dates (out, cm_reply_get_created (reply), NULL);
      g_string_append (out, " subject=\"Reply\" icon=\"Comment\" flags=\"print,nozoom,norotate\">\n"
                            "      <contents>");
      cm_xml_append_escaped (out, cm_reply_get_text (reply), FALSE);
      g_string_append (out, "</contents>\n    </text>\n");
    }
}

static void
append_annotation (GString      *out,
                   CmAnnotation *annotation,
                   CmChecklist  *checklist,
                   double        page_height)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  const char *item_id = cm_annotation_get_item_id (annotation);
  CmAssessment assessment = cm_annotation_get_assessment (annotation);
  CmChecklistItem *item = item_id && checklist ? cm_checklist_lookup_item (checklist, item_id) : NULL;
  g_autofree char *contents = build_contents (annotation, checklist);
  g_autoptr(GString) geometry = g_string_new (NULL);
  const char *exact = cm_anchor_get_exact (anchor);
  const char *note = cm_annotation_get_note (annotation);
  guint xfdf_page = cm_anchor_get_page (anchor) - 1;   /* XFDF counts pages from 0 */
  gboolean is_markup;
  const char *rect_start;

  is_markup = exact != NULL && *exact != '\0' && append_geometry (geometry, anchor, page_height);
  if (!is_markup)
    append_note_rect (geometry, anchor, page_height);

  g_string_append_printf (out, "    <%s page=\"%u\"", is_markup ? "highlight" : "text", xfdf_page);
  g_string_append_len (out, geometry->str, geometry->len);
  append_color (out, cm_assessment_get_color (assessment));
  append_attribute (out, "title", cm_annotation_get_author (annotation));
  append_attribute (out, "name", cm_annotation_get_id (annotation));
  append_dates (out, cm_annotation_get_created (annotation), cm_annotation_get_modified (annotation));
  append_attribute (out, "subject", item ? cm_checklist_item_get_title (item)
                                         : item_id ? item_id
                                                   : is_markup ? "Highlight" : "Note");
  g_string_append (out, " flags=\"print\"");
  if (!is_markup)
    g_string_append (out, " icon=\"Comment\"");
  append_attribute (out, "clausemark:item", item_id);
  if (item_id != NULL)
    append_attribute (out, "clausemark:assessment", cm_assessment_to_string (assessment));
  append_attribute (out, "clausemark:section", cm_annotation_get_section (annotation));
  if (exact != NULL && *exact != '\0')
    g_string_append_printf (out, " clausemark:start=\"%u\" clausemark:end=\"%u\"",
                            cm_anchor_get_start (anchor), cm_anchor_get_end (anchor));
  g_string_append (out, ">\n      <contents>");
  cm_xml_append_escaped (out, contents, FALSE);
  g_string_append (out, "</contents>\n");
  if (exact != NULL && *exact != '\0')
    {
      g_string_append (out, "      <clausemark:quote");
      append_attribute (out, "prefix", cm_anchor_get_prefix (anchor));
      append_attribute (out, "suffix", cm_anchor_get_suffix (anchor));
      g_string_append_c (out, '>');
      cm_xml_append_escaped (out, exact, FALSE);
      g_string_append (out, "</clausemark:quote>\n");
    }
  if (note != NULL)
    {
      g_string_append (out, "      <clausemark:note>");
      cm_xml_append_escaped (out, note, FALSE);
      g_string_append (out, "</clausemark:note>\n");
    }
  g_string_append_printf (out, "    </%s>\n", is_markup ? "highlight" : "text");

  /* Replies sit on the parent's box, as Acrobat places them. */
  rect_start = strstr (geometry->str, " rect=\"");
  if (rect_start != NULL)
    {
      const char *rect_end = strchr (rect_start + 7, '"');
      g_autofree char *rect_attribute = g_strndup (rect_start, rect_end - rect_start + 1);

      append_replies (out, annotation, xfdf_page, rect_attribute);
    }
}

static gboolean
exporter_export (CmExporter     *exporter,
                 CmReview       *review,
                 CmChecklist    *checklist,
                 CmDocument     *document,
                 GOutputStream  *stream,
                 GCancellable   *cancellable,
                 GError        **error)
{
  GListModel *annotations = cm_review_get_annotations (review);
  guint n = g_list_model_get_n_items (annotations);
  g_autoptr(GString) out = g_string_sized_new (1024 + n * 900);
  g_autofree char *basename = NULL;
  const char *file = cm_review_get_document_file (review);
  const char *pdf_id = document ? cm_document_get_pdf_id (document) : cm_review_get_document_pdf_id (review);

  if (document != NULL)
    basename = g_file_get_basename (cm_document_get_file (document));

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<xfdf xmlns=\"" XFDF_NS "\" xmlns:clausemark=\"" CLAUSEMARK_XFDF_NS "\""
                        " xml:space=\"preserve\">\n");
  if (basename != NULL || file != NULL)
    {
      g_string_append (out, "  <f");
      append_attribute (out, "href", basename ? basename : file);
      g_string_append (out, "/>\n");
    }
  if (pdf_id != NULL && *pdf_id != '\0')
    {
      g_string_append (out, "  <ids");
      append_attribute (out, "original", pdf_id);
      append_attribute (out, "modified", pdf_id);
      g_string_append (out, "/>\n");
    }
  g_string_append (out, "  <annots>\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);
      double height = 792;   /* US Letter, when the PDF is not at hand */

      if (anchor == NULL || cm_anchor_get_page (anchor) == 0)
        continue;   /* nowhere to put it: XFDF annotations need a page */
      if (document != NULL)
        {
          cm_document_get_page_size (document, cm_anchor_get_page (anchor), NULL, &height);
          if (height <= 0)
            continue;   /* a page the PDF does not have */
        }
      append_annotation (out, annotation, checklist, height);

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  g_string_append (out, "  </annots>\n</xfdf>\n");
  return g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);
}

static void
cm_xfdf_exporter_iface_init (CmExporterInterface *iface)
{
  iface->get_id = exporter_get_id;
  iface->get_label = exporter_get_label;
  iface->get_extension = exporter_get_extension;
  iface->get_mime_type = exporter_get_mime_type;
  iface->export = exporter_export;
}

/* The importer ------------------------------------------------------------ */

typedef enum
{
  KIND_TEXT_MARKUP,   /* highlight, underline, strikeout, squiggly: a quote under coords */
  KIND_NOTE,          /* text (sticky note) and freetext: a box with a comment */
} AnnotKind;

/* One XFDF annotation as read, before it becomes a CmAnnotation or CmReply. */
typedef struct
{
  AnnotKind  kind;
  char      *type;          /* element name, for messages */
  char      *name;
  char      *in_reply_to;
  gint64     raw_page;      /* as written; the base is decided per file */
  guint      page;          /* 1-based, once decided */
  double     rect[4];       /* x1, y1, x2, y2 in PDF space */
  gboolean   has_rect;
  GArray    *quads;         /* of double[4] boxes (x1, y1, x2, y2), PDF space */
  char      *title;
  char      *contents;
  GDateTime *created;
  GDateTime *modified;
  /* Ours, from clausemark:* (absent in other tools' files). */
  char      *item;
  char      *assessment;
  char      *section;
  char      *note;
  char      *exact;
  char      *prefix;
  char      *suffix;
  gint64     start;
  gint64     end;
  gboolean   ours;
  /* Filled in while importing. */
  char      *id;
  gboolean   skip;
  gboolean   is_reply;
} XfdfAnnot;

static void
xfdf_annot_free (XfdfAnnot *self)
{
  g_free (self->type);
  g_free (self->name);
  g_free (self->in_reply_to);
  g_clear_pointer (&self->quads, g_array_unref);
  g_free (self->title);
  g_free (self->contents);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_free (self->item);
  g_free (self->assessment);
  g_free (self->section);
  g_free (self->note);
  g_free (self->exact);
  g_free (self->prefix);
  g_free (self->suffix);
  g_free (self->id);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XfdfAnnot, xfdf_annot_free)

#define CM_TYPE_XFDF_IMPORTER (cm_xfdf_importer_get_type ())
G_DECLARE_FINAL_TYPE (CmXfdfImporter, cm_xfdf_importer, CM, XFDF_IMPORTER, GObject)

struct _CmXfdfImporter
{
  GObject parent_instance;
};

static void cm_xfdf_importer_iface_init (CmImporterInterface *iface);

G_DEFINE_TYPE_WITH_CODE (CmXfdfImporter, cm_xfdf_importer, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (CM_TYPE_IMPORTER, cm_xfdf_importer_iface_init))

static void
cm_xfdf_importer_class_init (CmXfdfImporterClass *klass)
{
}

static void
cm_xfdf_importer_init (CmXfdfImporter *self)
{
}

static const char *
importer_get_id (CmImporter *importer)
{
  return "xfdf";
}

static const char *
importer_get_label (CmImporter *importer)
{
  return _("XFDF annotations (Acrobat, Okular, PDF.js)");
}

static const char *
importer_get_extension (CmImporter *importer)
{
  return "xfdf";
}

/* XFDF elements carry the XFDF namespace, or none (iText and hand-written
 * files omit it). */
static gboolean
is_xfdf_element (xmlNodePtr  node,
                 const char *name)
{
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;
  if (node->ns != NULL && !xmlStrEqual (node->ns->href, BAD_CAST XFDF_NS))
    return FALSE;
  return name == NULL || xmlStrEqual (node->name, BAD_CAST name);
}

static gboolean
is_clausemark_element (xmlNodePtr  node,
                       const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL
         && xmlStrEqual (node->ns->href, BAD_CAST CLAUSEMARK_XFDF_NS)
         && xmlStrEqual (node->name, BAD_CAST name);
}

static char *
get_attribute (xmlNodePtr  node,
               const char *name)
{
  g_autoptr(CmXmlChar) value = xmlGetNoNsProp (node, BAD_CAST name);

  return value ? g_strdup ((const char *) value) : NULL;
}

static char *
get_clausemark_attribute (xmlNodePtr  node,
                          const char *name)
{
  g_autoptr(CmXmlChar) value = xmlGetNsProp (node, BAD_CAST name, BAD_CAST CLAUSEMARK_XFDF_NS);

  return value ? g_strdup ((const char *) value) : NULL;
}

static char *
get_text (xmlNodePtr node)
{
  g_autoptr(CmXmlChar) value = xmlNodeGetContent (node);

  return g_strdup (value ? (const char *) value : "");
}

/* Numbers separated by commas, semicolons or white space. */
static GArray *
parse_numbers (const char *text)
{
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (double));
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      char *end = NULL;
      double value;

      while (*p == ',' || *p == ';' || g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;
      value = g_ascii_strtod (p, &end);
      if (end == p || !isfinite (value))
        {
          g_array_set_size (numbers, 0);
          break;
        }
      g_array_append_val (numbers, value);
      p = end;
    }
  return numbers;
}

static gboolean
parse_int (const char *text,
           gint64     *value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, value, NULL);
}

/* Rich text contents (XHTML) flattened: one line per paragraph. */
static char *
flatten_rich_text (xmlNodePtr node)
{
  g_autoptr(GString) text = g_string_new (NULL);
  xmlNodePtr body = NULL;
  gboolean any_paragraph = FALSE;

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, BAD_CAST "body"))
      body = child;
  if (body == NULL)
    return get_text (node);

  for (xmlNodePtr child = body->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, BAD_CAST "p"))
      {
        g_autofree char *paragraph = get_text (child);

        if (any_paragraph)
          g_string_append_c (text, '\n');
        g_string_append (text, paragraph);
        any_paragraph = TRUE;
      }
  if (!any_paragraph)
    return get_text (body);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
kind_for_element (const xmlChar *name,
                  AnnotKind     *kind)
{
  static const char * const markups[] = { "highlight", "underline", "strikeout", "squiggly" };

  for (guint i = 0; i < G_N_ELEMENTS (markups); i++)
    if (xmlStrEqual (name, BAD_CAST markups[i]))
      {
        *kind = KIND_TEXT_MARKUP;
        return TRUE;
      }
  if (xmlStrEqual (name, BAD_CAST "text") || xmlStrEqual (name, BAD_CAST "freetext"))
    {
      *kind = KIND_NOTE;
      return TRUE;
    }
  return FALSE;
}

/* Reads one annotation element; NULL for kinds Clausemark does not keep
 * (shapes, ink, stamps, attachments…) and for ones without a usable page. */
static XfdfAnnot *
read_annotation (xmlNodePtr node)
{
  g_autoptr(XfdfAnnot) annot = g_new0 (XfdfAnnot, 1);
  g_autofree char *page = NULL;
  g_autofree char *rect = NULL;
  g_autofree char *coords = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  char *rich = NULL;

  if (!kind_for_element (node->name, &annot->kind))
    return NULL;
  annot->type = g_strdup ((const char *) node->name);

  page = get_attribute (node, "page");
  if (!parse_int (page, &annot->raw_page))
    return NULL;

  rect = get_attribute (node, "rect");
  if (rect != NULL)
    {
      g_autoptr(GArray) numbers = parse_numbers (rect);

      if (numbers->len == 4)
        {
          annot->rect[0] = MIN (g_array_index (numbers, double, 0), g_array_index (numbers, double, 2));
          annot->rect[1] = MIN (g_array_index (numbers, double, 1), g_array_index (numbers, double, 3));
          annot->rect[2] = MAX (g_array_index (numbers, double, 0), g_array_index (numbers, double, 2));
          annot->rect[3] = MAX (g_array_index (numbers, double, 1), g_array_index (numbers, double, 3));
          annot->has_rect = TRUE;
        }
    }

  annot->quads = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  coords = get_attribute (node, "coords");
  if (coords != NULL)
    {
      g_autoptr(GArray) numbers = parse_numbers (coords);

      /* Eight numbers per quadrilateral; a ragged tail is ignored. */
      for (guint q = 0; q + 8 <= numbers->len; q += 8)
        {
          double box[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

          for (guint k = 0; k < 8; k += 2)
            {
              double x = g_array_index (numbers, double, q + k);
              double y = g_array_index (numbers, double, q + k + 1);

              box[0] = MIN (box[0], x);
              box[1] = MIN (box[1], y);
              box[2] = MAX (box[2], x);
              box[3] = MAX (box[3], y);
            }
          g_array_append_val (annot->quads, box);
        }
    }
  /* Markup without coords: the rectangle is the best guess of its text. */
  if (annot->kind == KIND_TEXT_MARKUP && annot->quads->len == 0 && annot->has_rect)
    g_array_append_val (annot->quads, annot->rect);

  annot->name = get_attribute (node, "name");
  annot->in_reply_to = get_attribute (node, "inreplyto");
  annot->title = get_attribute (node, "title");
  created = get_attribute (node, "creationdate");
  modified = get_attribute (node, "date");
  annot->created = parse_pdf_date (created);
  annot->modified = parse_pdf_date (modified);
  if (annot->created == NULL && annot->modified != NULL)
    annot->created = g_date_time_ref (annot->modified);

  annot->item = get_clausemark_attribute (node, "item");
  annot->assessment = get_clausemark_attribute (node, "assessment");
  annot->section = get_clausemark_attribute (node, "section");
  start = get_clausemark_attribute (node, "start");
  end = get_clausemark_attribute (node, "end");
  annot->start = -1;
  annot->end = -1;
  if (start != NULL && end != NULL && (!parse_int (start, &annot->start) || !parse_int (end, &annot->end)
                                       || annot->end < annot->start))
    annot->start = annot->end = -1;

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (is_xfdf_element (child, "contents"))
        {
          g_free (annot->contents);
          annot->contents = get_text (child);
        }
      else if (is_xfdf_element (child, "contents-richtext") && rich == NULL)
        rich = flatten_rich_text (child);
      else if (is_clausemark_element (child, "note"))
        {
          g_free (annot->note);
          annot->note = get_text (child);
          annot->ours = TRUE;
        }
      else if (is_clausemark_element (child, "quote"))
        {
          /* A repeated quote replaces the one before, all three parts. */
          g_free (annot->exact);
          g_free (annot->prefix);
          g_free (annot->suffix);
          annot->exact = get_text (child);
          annot->prefix = get_attribute (child, "prefix");
          annot->suffix = get_attribute (child, "suffix");
          annot->ours = TRUE;
        }
    }
  /* Plain contents win: Acrobat writes both, and the plain one is exact. */
  if (annot->contents == NULL)
    annot->contents = rich;
  else
    g_free (rich);
  if (annot->item != NULL)
    annot->ours = TRUE;

  return g_steal_pointer (&annot);
}

/* Reads STREAM whole, refusing more than MAX_INPUT_BYTES. */
static GBytes *
read_stream (GInputStream  *stream,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + (gsize) n > MAX_INPUT_BYTES)
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_TOO_LARGE,
                       _("The XFDF file is larger than %u MiB, far more than any annotation "
                         "file; it was not read."),
                       MAX_INPUT_BYTES / (1024u * 1024u));
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Embedded files (the <data> of file attachments and sounds) run to many
 * megabytes of hex, beyond the safe parser's bound on one text; Clausemark
 * keeps neither, so their content is cut before parsing. Whatever this
 * produces still goes through every check of the safe parser. */
static GBytes *
drop_embedded_data (GBytes *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  const char *end;
  const char *p = data;
  GString *out = NULL;

  if (data == NULL || length == 0)
    return g_bytes_ref (bytes);
  end = data + length;
  for (;;)
    {
      const char *open = g_strstr_len (p, end - p, "<data");
      const char *close_tag;
      const char *content;

      if (open == NULL || open + 5 >= end)
        break;
      if (open[5] != '>' && !g_ascii_isspace (open[5]))
        {
          p = open + 5;
          continue;
        }
      content = memchr (open, '>', end - open);
      if (content == NULL)
        break;
      content++;
      if (content[-2] == '/')
        {
          p = content;
          continue;
        }
      /* Acrobat writes end tags as "</data" newline ">". */
      close_tag = content;
      while ((close_tag = g_strstr_len (close_tag, end - close_tag, "</data")) != NULL
             && close_tag + 6 < end && close_tag[6] != '>' && !g_ascii_isspace (close_tag[6]))
        close_tag += 6;
      if (close_tag == NULL || close_tag + 6 >= end)
        break;
      if (out == NULL)
        out = g_string_sized_new (length);
      g_string_append_len (out, p, content - p);
      p = close_tag;
    }
  if (out == NULL)
    return g_bytes_ref (bytes);
  g_string_append_len (out, p, end - p);
  return g_string_free_to_bytes (out);
}

/* ISO 19444-1 counts pages from 0, and Acrobat does; some tools (iText's
 * test files, hand-made XFDF) count from 1. A file whose pages only make
 * sense counted from 1 (some page equals the page count, none is 0) is read
 * that way; any other file as the standard says. Our own files always
 * follow the standard. */
static gboolean
pages_are_one_based (GPtrArray *annots,
                     guint      n_pages)
{
  gint64 lowest = G_MAXINT64, highest = -1;

  if (n_pages == 0)
    return FALSE;
  for (guint i = 0; i < annots->len; i++)
    {
      XfdfAnnot *annot = g_ptr_array_index (annots, i);

      if (annot->ours)
        return FALSE;
      lowest = MIN (lowest, annot->raw_page);
      highest = MAX (highest, annot->raw_page);
    }
  return lowest >= 1 && highest == (gint64) n_pages;
}

/* A box of the text index (top-left origin) inside a quad (PDF space)? The
 * glyph's centre must be, which tolerates quads drawn a little loose or
 * tight around the line, as every tool draws them differently. */
static gboolean
box_in_quads (const CmPageRect *box,
              GArray           *quads,
              double            page_height)
{
  double cx = (box->x1 + box->x2) / 2;
  double cy = page_height - (box->y1 + box->y2) / 2;

  for (guint q = 0; q < quads->len; q++)
    {
      const double *quad = &g_array_index (quads, double, q * 4);

      if (cx >= quad[0] && cx <= quad[2] && cy >= quad[1] && cy <= quad[3])
        return TRUE;
    }
  return FALSE;
}

/* The range of index characters under ANNOT's quads, on its page. */
static gboolean
find_text_under_quads (CmTextIndex *index,
                       XfdfAnnot   *annot,
                       double       page_height,
                       guint       *start,
                       guint       *end)
{
  guint page_start = 0, page_end = 0;
  gboolean found = FALSE;

  if (annot->quads->len == 0 || !cm_text_index_page_has_text (index, annot->page))
    return FALSE;
  cm_text_index_get_page_range (index, annot->page, &page_start, &page_end);
  for (guint offset = page_start; offset < page_end; offset++)
    {
      CmPageRect box;

      if (!cm_text_index_get_char_box (index, offset, &box))
        continue;
      if (box.page != 0 && box.page != annot->page)
        continue;
      if (!box_in_quads (&box, annot->quads, page_height))
        continue;
      if (!found)
        *start = offset;
      *end = offset + 1;
      found = TRUE;
    }
  return found;
}

/* PDF space → CmPageRect (top-left origin). */
static CmPageRect
page_rect_from_box (const double *box,
                    guint         page,
                    double        page_height)
{
  CmPageRect rect = { page, box[0], page_height - box[3], box[2], page_height - box[1] };

  return rect;
}

static CmAnchor *
build_anchor (XfdfAnnot   *annot,
              CmTextIndex *index,
              double       page_height)
{
  CmAnchor *anchor = NULL;
  guint start = 0, end = 0;

  /* Our own file: the recorded quote, found again in this PDF. */
  if (annot->exact != NULL && *annot->exact != '\0')
    {
      anchor = cm_anchor_new (annot->page, annot->start >= 0 ? (guint) annot->start : 0,
                              annot->end >= 0 ? (guint) annot->end : 0,
                              annot->exact, annot->prefix, annot->suffix);
      if (index == NULL || cm_anchor_resolve (anchor, index) == CM_ANCHOR_STATE_ORPHANED)
        for (guint q = 0; q < annot->quads->len; q++)
          {
            CmPageRect rect = page_rect_from_box (&g_array_index (annot->quads, double, q * 4),
                                                  annot->page, page_height);
            cm_anchor_add_rect (anchor, &rect);
          }
      return anchor;
    }

  if (annot->kind == KIND_TEXT_MARKUP)
    {
      /* Another tool's: whatever text lies under the quads. */
      if (index != NULL && find_text_under_quads (index, annot, page_height, &start, &end))
        return cm_anchor_new_for_range (index, start, end);
      /* A scan, or a highlight over no text: keep where it was. */
      anchor = cm_anchor_new (annot->page, 0, 0, "", NULL, NULL);
      for (guint q = 0; q < annot->quads->len; q++)
        {
          CmPageRect rect = page_rect_from_box (&g_array_index (annot->quads, double, q * 4),
                                                annot->page, page_height);
          cm_anchor_add_rect (anchor, &rect);
        }
      return anchor;
    }

  /* A note: no quote, its box kept so it shows where it was put. The
   * nearest character gives its place in reading order. */
  if (index != NULL && annot->has_rect && cm_text_index_page_has_text (index, annot->page))
    {
      guint offset = 0;

      if (cm_text_index_get_offset_at (index, annot->page, annot->rect[0],
                                       page_height - annot->rect[3], &offset))
        start = end = offset;
    }
  anchor = cm_anchor_new (annot->page, start, end, "", NULL, NULL);
  if (annot->has_rect)
    {
      CmPageRect rect = page_rect_from_box (annot->rect, annot->page, page_height);
      cm_anchor_add_rect (anchor, &rect);
    }
  return anchor;
}

/* Another tool kept our human line but dropped clausemark:* (Acrobat does
 * when it re-exports): "Item title — Level" on the first line gives the
 * item and level back when the checklist knows both. */
static gboolean
parse_contents_tag (const char    *contents,
                    CmChecklist   *checklist,
                    const char   **item_id,
                    CmAssessment  *assessment,
                    const char   **rest)
{
  const char *newline;
  const char *separator;
  g_autofree char *title = NULL;
  g_autofree char *level = NULL;
  GPtrArray *items;

  if (contents == NULL || checklist == NULL)
    return FALSE;
  newline = strchr (contents, '\n');
  separator = g_strstr_len (contents, newline ? newline - contents : -1, CONTENTS_SEPARATOR);
  if (separator == NULL)
    return FALSE;
  title = g_strndup (contents, separator - contents);
  separator += strlen (CONTENTS_SEPARATOR);
  level = newline ? g_strndup (separator, newline - separator) : g_strdup (separator);
  g_strstrip (level);

  *assessment = CM_ASSESSMENT_NONE;
  for (guint a = CM_ASSESSMENT_STRONG; a < CM_N_ASSESSMENTS; a++)
    if (g_utf8_collate (level, cm_assessment_get_label (a)) == 0
        || g_ascii_strcasecmp (level, cm_assessment_to_string (a)) == 0)
      *assessment = a;
  if (*assessment == CM_ASSESSMENT_NONE)
    return FALSE;

  items = cm_checklist_get_items (checklist);
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (cm_checklist_item_get_title (item), title) == 0)
        {
          *item_id = cm_checklist_item_get_id (item);
          *rest = newline ? newline + 1 : NULL;
          return TRUE;
        }
    }
  return FALSE;
}

/* The section label of the text ANCHOR quotes, as `clausemark-cli tag`
 * records it; NULL when the anchor holds no text found in INDEX. */
static char *
section_of_anchor (CmAnchor     *anchor,
                   CmTextIndex  *index,
                   CmSectionMap *sections)
{
  const char *exact = cm_anchor_get_exact (anchor);
  guint start = cm_anchor_get_start (anchor);
  guint end = cm_anchor_get_end (anchor);

  if (sections == NULL || exact == NULL || *exact == '\0' || end <= start
      || end > cm_text_index_get_length (index)
      || cm_text_index_get_page_at (index, start) != cm_anchor_get_page (anchor))
    return NULL;
  return cm_section_map_get_section_at (sections, start);
}

static CmAnnotation *
build_annotation (XfdfAnnot    *annot,
                  CmChecklist  *checklist,
                  CmTextIndex  *index,
                  CmSectionMap *sections,
                  double        page_height)
{
  g_autoptr(CmAnnotation) annotation = cm_annotation_new (annot->id, annot->title, annot->created);
  g_autoptr(CmAnchor) anchor = build_anchor (annot, index, page_height);
  const char *item_id = NULL;
  CmAssessment assessment = CM_ASSESSMENT_NONE;
  const char *note = annot->contents;

  cm_annotation_set_anchor (annotation, anchor);

  if (annot->ours)
    {
      note = annot->note;
      /* An item this checklist lacks comes in untagged, not dangling. */
      if (annot->item != NULL && (checklist == NULL || cm_checklist_lookup_item (checklist, annot->item)))
        {
          item_id = annot->item;
          if (!cm_assessment_from_string (annot->assessment, &assessment))
            assessment = CM_ASSESSMENT_NONE;
        }
    }
  else
    {
      const char *rest = NULL;

      if (parse_contents_tag (annot->contents, checklist, &item_id, &assessment, &rest))
        note = rest;
    }

  cm_annotation_set_item_id (annotation, item_id);
  cm_annotation_set_assessment (annotation, item_id ? assessment : CM_ASSESSMENT_NONE);
  if (note != NULL && *note != '\0')
    cm_annotation_set_note (annotation, note);
  /* Our own XFDF carries the section it was tagged with; another tool's
   * highlight gets the section of the text under it. */
  if (annot->section != NULL)
    cm_annotation_set_section (annotation, annot->section);
  else
    {
      g_autofree char *section = section_of_anchor (anchor, index, sections);

      cm_annotation_set_section (annotation, section);
    }
  if (annot->modified != NULL)
    cm_annotation_set_modified (annotation, annot->modified);
  return g_steal_pointer (&annotation);
}

static gboolean
annotation_has_reply (CmAnnotation *annotation,
                      const char   *id)
{
  GPtrArray *replies = cm_annotation_get_replies (annotation);

  for (guint i = 0; i < replies->len; i++)
    if (g_strcmp0 (cm_reply_get_id (g_ptr_array_index (replies, i)), id) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_replies (gconstpointer a,
                 gconstpointer b)
{
  XfdfAnnot *x = *(XfdfAnnot * const *) a;
  XfdfAnnot *y = *(XfdfAnnot * const *) b;

  if (x->created == NULL || y->created == NULL)
    return (x->created == NULL) - (y->created == NULL);
  return g_date_time_compare (x->created, y->created);
}

static gint
importer_import (CmImporter    *importer,
                 CmReview      *review,
                 CmChecklist   *checklist,
                 CmTextIndex   *index,
                 GInputStream  *stream,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char *display_name = _("The XFDF file");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) annots = g_ptr_array_new_with_free_func ((GDestroyNotify) xfdf_annot_free);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) used_ids = g_hash_table_new (g_str_hash, g_str_equal);
  /* name → the CmAnnotation it became or was already (new or copied). */
  g_autoptr(GHashTable) targets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) replies = g_ptr_array_new ();
  g_autoptr(CmSectionMap) sections = NULL;
  CmDocument *document = index ? cm_text_index_get_document (index) : NULL;
  guint n_pages = index ? cm_text_index_get_n_pages (index) : 0;
  xmlNodePtr root;
  gboolean one_based;
  gint count = 0;

  bytes = read_stream (stream, cancellable, error);
  if (bytes == NULL)
    return -1;
  {
    g_autoptr(GBytes) trimmed = drop_embedded_data (bytes);

    doc = cm_safe_xml_parse_document (trimmed, display_name, error);
  }
  if (doc == NULL)
    return -1;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_xfdf_element (root, "xfdf"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is not XFDF: its root element is <%s>, not <xfdf>. Export the "
                     "comments from the PDF viewer as XFDF and import that file."),
                   root ? (const char *) root->name : "");
      return -1;
    }

  for (xmlNodePtr section = root->children; section != NULL; section = section->next)
    {
      if (!is_xfdf_element (section, "annots"))
        continue;
      for (xmlNodePtr node = section->children; node != NULL; node = node->next)
        {
          XfdfAnnot *annot;

          if (!is_xfdf_element (node, NULL))
            continue;
          annot = read_annotation (node);
          if (annot != NULL)
            g_ptr_array_add (annots, annot);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  /* Pages: decide the base for the whole file, then drop annotations on
   * pages this PDF does not have rather than pin them somewhere wrong. */
  one_based = pages_are_one_based (annots, n_pages);
  for (guint i = 0; i < annots->len; i++)
    {
      XfdfAnnot *annot = g_ptr_array_index (annots, i);
      gint64 page = annot->raw_page + (one_based ? 0 : 1);

      if (page < 1 || (n_pages > 0 && page > (gint64) n_pages))
        annot->skip = TRUE;
      else
        annot->page = (guint) page;
      if (annot->name != NULL && *annot->name != '\0' && !annot->skip
          && !g_hash_table_contains (by_name, annot->name))
        g_hash_table_insert (by_name, annot->name, annot);
    }

  /* A text note answering an annotation we keep is a reply to it; one
   * answering an annotation we do not keep (a shape, or one missing from
   * the file) stands on its own, so that no comment is lost. */
  for (guint i = 0; i < annots->len; i++)
    {
      XfdfAnnot *annot = g_ptr_array_index (annots, i);
      XfdfAnnot *parent;

      if (annot->skip || annot->kind != KIND_NOTE || annot->in_reply_to == NULL)
        continue;
      parent = g_hash_table_lookup (by_name, annot->in_reply_to);
      if (parent != NULL && parent != annot)
        {
          annot->is_reply = TRUE;
          g_ptr_array_add (replies, annot);
        }
    }

  /* A thread that never reaches a root (a cycle of inreplyto, which only
   * a broken file has) is taken apart: its notes stand on their own. */
  {
    g_autoptr(GPtrArray) rootless = g_ptr_array_new ();

    for (guint i = 0; i < replies->len; i++)
      {
        XfdfAnnot *up = g_ptr_array_index (replies, i);
        guint steps = 0;

        while (up != NULL && up->is_reply && steps++ <= replies->len)
          up = g_hash_table_lookup (by_name, up->in_reply_to);
        if (up == NULL || up->is_reply)
          g_ptr_array_add (rootless, g_ptr_array_index (replies, i));
      }
    for (guint i = 0; i < rootless->len; i++)
      {
        ((XfdfAnnot *) g_ptr_array_index (rootless, i))->is_reply = FALSE;
        g_ptr_array_remove (replies, g_ptr_array_index (rootless, i));
      }
  }

  /* Top-level annotations. An id the review already has was imported
   * before: it is not added twice (its new replies still are). Two
   * annotations sharing one name in the file (it happens) get their own. */
  for (guint i = 0; i < annots->len; i++)
    {
      XfdfAnnot *annot = g_ptr_array_index (annots, i);
      CmAnnotation *existing;
      double page_height = 0;

      if (annot->skip || annot->is_reply)
        continue;
      if (annot->name != NULL && *annot->name != '\0' && !g_hash_table_contains (used_ids, annot->name))
        annot->id = g_strdup (annot->name);
      else
        annot->id = g_uuid_string_random ();
      g_hash_table_add (used_ids, annot->id);

      existing = cm_review_lookup_annotation (review, annot->id);
      if (existing != NULL)
        {
          if (g_hash_table_lookup (by_name, annot->id) == annot)
            g_hash_table_insert (targets, annot->name, cm_annotation_copy (existing));
          continue;
        }

      if (document != NULL)
        cm_document_get_page_size (document, annot->page, NULL, &page_height);
      if (page_height <= 0)
        page_height = 792;
      {
        CmAnnotation *annotation;

        /* Mapped once, on the first annotation that may need it. */
        if (sections == NULL && index != NULL && cm_text_index_has_text (index))
          sections = cm_section_map_new (index);
        annotation = build_annotation (annot, checklist, index, sections, page_height);

        g_ptr_array_add (added, annotation);
        if (annot->name != NULL && g_hash_table_lookup (by_name, annot->name) == annot)
          g_hash_table_insert (targets, annot->name, g_object_ref (annotation));
        count++;
      }
    }

  /* Replies, oldest first, each attached to the root of its thread; a
   * reply to a reply remembers whom it answers. */
  g_ptr_array_sort (replies, compare_replies);
  for (guint i = 0; i < replies->len; i++)
    {
      XfdfAnnot *annot = g_ptr_array_index (replies, i);
      XfdfAnnot *root_annot = annot;
      CmAnnotation *target = NULL;
      g_autofree char *reply_id = NULL;
      CmReply *reply;
      guint guard = 0;

      /* Up the thread; the guard breaks a cycle a broken file may hold. */
      while (root_annot != NULL && root_annot->is_reply && guard++ <= replies->len)
        root_annot = g_hash_table_lookup (by_name, root_annot->in_reply_to);
      if (root_annot != NULL && !root_annot->is_reply && root_annot->name != NULL)
        target = g_hash_table_lookup (targets, root_annot->name);
      if (target == NULL)
        continue;

      reply_id = annot->name && *annot->name && !g_hash_table_contains (used_ids, annot->name)
                   ? g_strdup (annot->name) : g_uuid_string_random ();
      if (annotation_has_reply (target, reply_id))
        continue;
      annot->id = g_strdup (reply_id);
      g_hash_table_add (used_ids, annot->id);
      reply = cm_reply_new (reply_id, annot->title, annot->created, annot->contents ? annot->contents : "");
      if (g_strcmp0 (annot->in_reply_to, root_annot->name) != 0)
        cm_reply_set_in_reply_to (reply, annot->in_reply_to);
      cm_annotation_add_reply (target, reply);
      if (!g_ptr_array_find (added, target, NULL) && !g_ptr_array_find (changed, target, NULL))
        g_ptr_array_add (changed, g_object_ref (target));
      count++;
    }

  if (added->len == 0 && changed->len == 0)
    return 0;

  /* One undo step for the whole file. */
  cm_review_begin_group (review);
  for (guint i = 0; i < added->len; i++)
    cm_review_add_annotation (review, g_ptr_array_index (added, i));
  for (guint i = 0; i < changed->len; i++)
    cm_review_replace_annotation (review, g_ptr_array_index (changed, i));
  cm_review_end_group (review);
  return count;
}

static void
cm_xfdf_importer_iface_init (CmImporterInterface *iface)
{
  iface->get_id = importer_get_id;
  iface->get_label = importer_get_label;
  iface->get_extension = importer_get_extension;
  iface->import = importer_import;
}

/* Module entry points ---------------------------------------------------- */

G_MODULE_EXPORT void g_io_module_load (GIOModule *module);
G_MODULE_EXPORT void g_io_module_unload (GIOModule *module);
G_MODULE_EXPORT char **g_io_module_query (void);

G_MODULE_EXPORT void
g_io_module_load (GIOModule *module)
{
  /* The types are registered statically, so the module must never unload. */
  g_type_module_use (G_TYPE_MODULE (module));
  g_io_extension_point_implement (CM_EXPORTER_EXTENSION_POINT, CM_TYPE_XFDF_EXPORTER, "xfdf", 50);
  g_io_extension_point_implement (CM_IMPORTER_EXTENSION_POINT, CM_TYPE_XFDF_IMPORTER, "xfdf", 50);
}

G_MODULE_EXPORT void
g_io_module_unload (GIOModule *module)
{
}

G_MODULE_EXPORT char **
g_io_module_query (void)
{
  char *points[] = { (char *) CM_EXPORTER_EXTENSION_POINT, (char *) CM_IMPORTER_EXTENSION_POINT, NULL };

  return g_strdupv (points);
}
