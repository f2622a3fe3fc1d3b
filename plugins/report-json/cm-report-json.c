/* cm-report-json.c: the JSON exporter: everything in a review, with stable keys (see docs/json-export.md). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include <clausemark.h>

#define CM_TYPE_REPORT_JSON (cm_report_json_get_type ())

G_DECLARE_FINAL_TYPE (CmReportJson, cm_report_json, CM, REPORT_JSON, GObject)

struct _CmReportJson
{
  GObject parent_instance;
};

static void cm_report_json_exporter_iface_init (CmExporterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmReportJson, cm_report_json, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CM_TYPE_EXPORTER, cm_report_json_exporter_iface_init))

/* The version of the format documented in docs/json-export.md. Additions of
 * keys keep it; renaming or removing one, or changing a meaning, bumps it. */
#define JSON_EXPORT_VERSION 1

#define FLUSH_SIZE (256 * 1024)

/* Writing helpers ----------------------------------------------------------- */

static void
append_key (GString    *out,
            gboolean   *first,
            const char *key)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  cm_json_append_string (out, key);
  g_string_append_c (out, ':');
}

static void
append_null (GString    *out,
             gboolean   *first,
             const char *key)
{
  append_key (out, first, key);
  g_string_append (out, "null");
}

/* Coordinates in PDF points, to a thousandth, without trailing zeros. JSON
 * has no NaN or infinity: a corrupt rectangle becomes null, not bad JSON. */
static void
append_double (GString    *out,
               gboolean   *first,
               const char *key,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  append_key (out, first, key);
  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_formatd (buffer, sizeof buffer, "%.3f", value);
  end = buffer + strlen (buffer);
  while (end > buffer && end[-1] == '0')
    *--end = '\0';
  if (end > buffer && end[-1] == '.')
    *--end = '\0';
  if (g_str_equal (buffer, "-0"))
    strcpy (buffer, "0");
  g_string_append (out, buffer);
}

static void
append_time (GString    *out,
             gboolean   *first,
             const char *key,
             GDateTime  *time)
{
  g_autofree char *text = cm_timestamp_format (time);

  cm_json_append_member (out, first, key, text);
}

static void
append_assessment (GString      *out,
                   gboolean     *first,
                   const char   *key,
                   CmAssessment  assessment)
{
  cm_json_append_member (out, first, key,
                         assessment != CM_ASSESSMENT_NONE ? cm_assessment_to_string (assessment) : NULL);
}

/* Foreign XML a newer Clausemark wrote: kept so that nothing in the review is
 * missing from its export; null when there is none. */
static void
append_extensions (GString            *out,
                   gboolean           *first,
                   const CmExtensions *extensions)
{
  guint n_attributes;
  guint n_elements;

  if (extensions == NULL || cm_extensions_is_empty (extensions))
    {
      append_null (out, first, "extensions");
      return;
    }
  append_key (out, first, "extensions");
  g_string_append (out, "{\"attributes\":[");
  n_attributes = cm_extensions_get_n_attributes (extensions);
  for (guint i = 0; i < n_attributes; i++)
    {
      const CmForeignAttribute *attribute = cm_extensions_get_attribute (extensions, i);
      gboolean inner = TRUE;

      g_string_append (out, i == 0 ? "{" : ",{");
      cm_json_append_member (out, &inner, "scope", attribute->scope);
      cm_json_append_member (out, &inner, "namespace", attribute->ns_uri);
      cm_json_append_member (out, &inner, "name", attribute->name);
      cm_json_append_member (out, &inner, "value", attribute->value);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"elements\":[");
  n_elements = cm_extensions_get_n_elements (extensions);
  for (guint i = 0; i < n_elements; i++)
    {
      const CmForeignElement *element = cm_extensions_get_element (extensions, i);
      gboolean inner = TRUE;

      g_string_append (out, i == 0 ? "{" : ",{");
      cm_json_append_member (out, &inner, "scope", element->scope);
      cm_json_append_member (out, &inner, "xml", element->xml);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

/* Parts of the review ------------------------------------------------------ */

static void
append_anchor (GString  *out,
               gboolean *first,
               CmAnchor *anchor)
{
  GArray *rects;
  gboolean inner = TRUE;

  if (anchor == NULL)
    {
      append_null (out, first, "anchor");
      return;
    }
  append_key (out, first, "anchor");
  g_string_append_c (out, '{');
  cm_json_append_int (out, &inner, "page", cm_anchor_get_page (anchor));
  cm_json_append_int (out, &inner, "start", cm_anchor_get_start (anchor));
  cm_json_append_int (out, &inner, "end", cm_anchor_get_end (anchor));
  cm_json_append_member (out, &inner, "exact", cm_anchor_get_exact (anchor));
  cm_json_append_member (out, &inner, "prefix", cm_anchor_get_prefix (anchor));
  cm_json_append_member (out, &inner, "suffix", cm_anchor_get_suffix (anchor));
  cm_json_append_member (out, &inner, "state", cm_anchor_state_to_string (cm_anchor_get_state (anchor)));
  append_key (out, &inner, "rects");
  g_string_append_c (out, '[');
  rects = cm_anchor_get_rects (anchor);
  for (guint i = 0; rects != NULL && i < rects->len; i++)
    {
      const CmPageRect *rect = &g_array_index (rects, CmPageRect, i);
      gboolean coords = TRUE;

      g_string_append (out, i == 0 ? "{" : ",{");
      cm_json_append_int (out, &coords, "page", rect->page);
      append_double (out, &coords, "x1", rect->x1);
      append_double (out, &coords, "y1", rect->y1);
      append_double (out, &coords, "x2", rect->x2);
      append_double (out, &coords, "y2", rect->y2);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

static void
append_annotation (GString      *out,
                   CmAnnotation *annotation,
                   CmChecklist  *checklist)
{
  const char *item_id = cm_annotation_get_item_id (annotation);
  CmChecklistItem *item = checklist && item_id ? cm_checklist_lookup_item (checklist, item_id) : NULL;
  GPtrArray *replies = cm_annotation_get_replies (annotation);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  cm_json_append_member (out, &first, "id", cm_annotation_get_id (annotation));
  cm_json_append_member (out, &first, "author", cm_annotation_get_author (annotation));
  append_time (out, &first, "created", cm_annotation_get_created (annotation));
  append_time (out, &first, "modified", cm_annotation_get_modified (annotation));
  cm_json_append_member (out, &first, "item", item_id);
  cm_json_append_member (out, &first, "category", item ? cm_checklist_item_get_category_id (item) : NULL);
  append_assessment (out, &first, "assessment", cm_annotation_get_assessment (annotation));
  cm_json_append_member (out, &first, "note", cm_annotation_get_note (annotation));
  cm_json_append_member (out, &first, "section", cm_annotation_get_section (annotation));
  append_anchor (out, &first, cm_annotation_get_anchor (annotation));
  append_key (out, &first, "replies");
  g_string_append_c (out, '[');
  for (guint i = 0; i < replies->len; i++)
    {
      CmReply *reply = g_ptr_array_index (replies, i);
      gboolean inner = TRUE;

      g_string_append (out, i == 0 ? "{" : ",{");
      cm_json_append_member (out, &inner, "id", cm_reply_get_id (reply));
      cm_json_append_member (out, &inner, "author", cm_reply_get_author (reply));
      append_time (out, &inner, "created", cm_reply_get_created (reply));
      cm_json_append_member (out, &inner, "in_reply_to", cm_reply_get_in_reply_to (reply));
      cm_json_append_member (out, &inner, "text", cm_reply_get_text (reply));
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  append_extensions (out, &first, cm_annotation_peek_extensions (annotation));
  g_string_append_c (out, '}');
}

static void
append_verdict (GString   *out,
                CmVerdict *verdict)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  cm_json_append_member (out, &first, "item", cm_verdict_get_item_id (verdict));
  append_assessment (out, &first, "assessment", cm_verdict_get_assessment (verdict));
  cm_json_append_member (out, &first, "author", cm_verdict_get_author (verdict));
  append_time (out, &first, "modified", cm_verdict_get_modified (verdict));
  cm_json_append_member (out, &first, "rationale", cm_verdict_get_rationale (verdict));
  append_extensions (out, &first, cm_verdict_get_extensions (verdict));
  g_string_append_c (out, '}');
}

/* Top-level members go one per line, comma at the end of the line. */
static gboolean *
next_member (GString  *out,
             gboolean *top_first,
             gboolean *member_first)
{
  g_string_append (out, *top_first ? "{\n" : ",\n");
  *top_first = FALSE;
  *member_first = TRUE;
  return member_first;
}

static void
append_head (GString     *out,
             gboolean    *top,
             CmReview    *review,
             CmChecklist *checklist,
             CmDocument  *document)
{
  const char *title = document ? cm_document_get_title (document) : NULL;
  const char *checklist_id = cm_review_get_checklist_id (review);
  const char *checklist_version = cm_review_get_checklist_version (review);
  guint pages = cm_review_get_document_pages (review);
  gboolean first;
  gboolean inner = TRUE;

  if (pages == 0 && document != NULL)
    pages = cm_document_get_n_pages (document);
  /* A review not yet saved has no checklist recorded: it is the one in use. */
  if (checklist_id == NULL && checklist != NULL)
    {
      checklist_id = cm_checklist_get_id (checklist);
      checklist_version = cm_checklist_get_version (checklist);
    }

  cm_json_append_member (out, next_member (out, top, &first), "format", "clausemark-review");
  cm_json_append_int (out, next_member (out, top, &first), "version", JSON_EXPORT_VERSION);
  cm_json_append_member (out, next_member (out, top, &first), "generator", "Clausemark " CM_VERSION);
  cm_json_append_int (out, next_member (out, top, &first), "sidecar_format", cm_review_get_format (review));

  append_key (out, next_member (out, top, &first), "document");
  g_string_append_c (out, '{');
  cm_json_append_member (out, &inner, "file", cm_review_get_document_file (review));
  cm_json_append_member (out, &inner, "sha256", cm_review_get_document_sha256 (review));
  cm_json_append_member (out, &inner, "pdf_id", cm_review_get_document_pdf_id (review));
  cm_json_append_int (out, &inner, "pages", pages);
  cm_json_append_member (out, &inner, "title", title && *title ? title : NULL);
  g_string_append_c (out, '}');

  inner = TRUE;
  append_key (out, next_member (out, top, &first), "checklist");
  g_string_append_c (out, '{');
  cm_json_append_member (out, &inner, "id", checklist_id);
  cm_json_append_member (out, &inner, "version", checklist_version);
  cm_json_append_member (out, &inner, "title", checklist ? cm_checklist_get_title (checklist) : NULL);
  g_string_append_c (out, '}');
  append_extensions (out, next_member (out, top, &first), cm_review_get_extensions (review));
}

static gboolean
flush (GOutputStream *stream,
       GString       *out,
       gboolean       force,
       GCancellable  *cancellable,
       GError       **error)
{
  if (!force && out->len < FLUSH_SIZE)
    return TRUE;
  /* Streams do not all check the cancellable themselves. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

/* CmExporter -------------------------------------------------------------- */

static const char *
cm_report_json_get_id (CmExporter *exporter)
{
  return "json";
}

static const char *
cm_report_json_get_label (CmExporter *exporter)
{
  return _("JSON data");
}

static const char *
cm_report_json_get_extension (CmExporter *exporter)
{
  return "json";
}

static const char *
cm_report_json_get_mime_type (CmExporter *exporter)
{
  return "application/json";
}

/* One member per line and one annotation per line: small diffs, and a reader
 * can stream it line by line if it must. */
static gboolean
cm_report_json_export (CmExporter    *exporter,
                       CmReview      *review,
                       CmChecklist   *checklist,
                       CmDocument    *document,
                       GOutputStream *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GListModel *annotations = cm_review_get_annotations (review);
  GListModel *verdicts = cm_review_get_verdicts (review);
  GPtrArray *tombstones = cm_review_get_tombstones (review);
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 4096);
  gboolean top = TRUE;
  gboolean first;
  guint n;

  append_head (out, &top, review, checklist, document);

  append_key (out, next_member (out, &top, &first), "annotations");
  g_string_append_c (out, '[');
  n = g_list_model_get_n_items (annotations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);

      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_annotation (out, annotation, checklist);
      if (!flush (stream, out, FALSE, cancellable, error))
        return FALSE;
    }
  g_string_append (out, n > 0 ? "\n]" : "]");

  append_key (out, next_member (out, &top, &first), "verdicts");
  g_string_append_c (out, '[');
  n = g_list_model_get_n_items (verdicts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmVerdict) verdict = g_list_model_get_item (verdicts, i);

      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_verdict (out, verdict);
    }
  g_string_append (out, n > 0 ? "\n]" : "]");

  append_key (out, next_member (out, &top, &first), "tombstones");
  g_string_append_c (out, '[');
  n = tombstones != NULL ? tombstones->len : 0;
  for (guint i = 0; i < n; i++)
    {
      CmTombstone *tombstone = g_ptr_array_index (tombstones, i);
      gboolean inner = TRUE;

      g_string_append (out, i == 0 ? "\n{" : ",\n{");
      cm_json_append_member (out, &inner, "id", tombstone->id);
      cm_json_append_member (out, &inner, "author", tombstone->author);
      append_time (out, &inner, "modified", tombstone->modified);
      g_string_append_c (out, '}');
    }
  g_string_append (out, n > 0 ? "\n]\n}\n" : "]\n}\n");

  return flush (stream, out, TRUE, cancellable, error);
}

static void
cm_report_json_exporter_iface_init (CmExporterInterface *iface)
{
  iface->get_id = cm_report_json_get_id;
  iface->get_label = cm_report_json_get_label;
  iface->get_extension = cm_report_json_get_extension;
  iface->get_mime_type = cm_report_json_get_mime_type;
  iface->export = cm_report_json_export;
}

static void
cm_report_json_class_init (CmReportJsonClass *klass)
{
}

static void
cm_report_json_init (CmReportJson *self)
{
}

/* Module entry points ------------------------------------------------------ */

CM_DEFINE_PLUGIN_MODULE (CM_EXPORTER_EXTENSION_POINT, CM_TYPE_REPORT_JSON, "json", 10)
