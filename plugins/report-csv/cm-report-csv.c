/* cm-report-csv.c: the CSV exporter: one RFC 4180 row per annotation, for spreadsheets and scripts. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <clausemark.h>

#define CM_TYPE_REPORT_CSV (cm_report_csv_get_type ())

G_DECLARE_FINAL_TYPE (CmReportCsv, cm_report_csv, CM, REPORT_CSV, GObject)

struct _CmReportCsv
{
  GObject parent_instance;
};

static void cm_report_csv_exporter_iface_init (CmExporterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmReportCsv, cm_report_csv, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CM_TYPE_EXPORTER, cm_report_csv_exporter_iface_init))

/* Written in chunks of about this size, so 10,000 annotations never sit in
 * memory twice. */
#define FLUSH_SIZE (256 * 1024)

static const char * const columns[] = {
  "id", "category", "item", "item_title", "assessment", "page",
  "quote", "note", "author", "created", "modified",
};

static void
append_row (GString      *out,
            CmAnnotation *annotation,
            CmChecklist  *checklist)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  const char *item_id = cm_annotation_get_item_id (annotation);
  CmChecklistItem *item = NULL;
  CmChecklistCategory *category = NULL;
  g_autofree char *page = NULL;
  g_autofree char *created = cm_timestamp_format (cm_annotation_get_created (annotation));
  g_autofree char *modified = cm_timestamp_format (cm_annotation_get_modified (annotation));
  CmAssessment assessment = cm_annotation_get_assessment (annotation);

  if (checklist != NULL && item_id != NULL)
    item = cm_checklist_lookup_item (checklist, item_id);
  if (item != NULL)
    category = cm_checklist_lookup_category (checklist, cm_checklist_item_get_category_id (item));
  if (anchor != NULL && cm_anchor_get_page (anchor) > 0)
    page = g_strdup_printf ("%u", cm_anchor_get_page (anchor));

  cm_csv_append_field (out, TRUE, cm_annotation_get_id (annotation));
  cm_csv_append_text (out, FALSE, category ? cm_checklist_category_get_title (category) : NULL);
  cm_csv_append_field (out, FALSE, item_id);
  cm_csv_append_text (out, FALSE, item ? cm_checklist_item_get_title (item) : NULL);
  cm_csv_append_field (out, FALSE, assessment != CM_ASSESSMENT_NONE ? cm_assessment_to_string (assessment) : NULL);
  cm_csv_append_field (out, FALSE, page);
  cm_csv_append_text (out, FALSE, anchor ? cm_anchor_get_exact (anchor) : NULL);
  cm_csv_append_text (out, FALSE, cm_annotation_get_note (annotation));
  cm_csv_append_text (out, FALSE, cm_annotation_get_author (annotation));
  cm_csv_append_field (out, FALSE, created);
  cm_csv_append_field (out, FALSE, modified);
  g_string_append (out, "\r\n");
}

/* CmExporter -------------------------------------------------------------- */

static const char *
cm_report_csv_get_id (CmExporter *exporter)
{
  return "csv";
}

static const char *
cm_report_csv_get_label (CmExporter *exporter)
{
  return _("Spreadsheet (CSV)");
}

static const char *
cm_report_csv_get_extension (CmExporter *exporter)
{
  return "csv";
}

static const char *
cm_report_csv_get_mime_type (CmExporter *exporter)
{
  /* Bare, without RFC 4180's optional parameters: file choosers filter on it. */
  return "text/csv";
}

static gboolean
cm_report_csv_export (CmExporter    *exporter,
                      CmReview      *review,
                      CmChecklist   *checklist,
                      CmDocument    *document,
                      GOutputStream *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GListModel *annotations = cm_review_get_annotations (review);
  guint n = g_list_model_get_n_items (annotations);
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 4096);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    cm_csv_append_field (out, i == 0, columns[i]);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);

      append_row (out, annotation, checklist);
      if (out->len >= FLUSH_SIZE)
        {
          /* Streams do not all check the cancellable themselves. */
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (out, 0);
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);
}

static void
cm_report_csv_exporter_iface_init (CmExporterInterface *iface)
{
  iface->get_id = cm_report_csv_get_id;
  iface->get_label = cm_report_csv_get_label;
  iface->get_extension = cm_report_csv_get_extension;
  iface->get_mime_type = cm_report_csv_get_mime_type;
  iface->export = cm_report_csv_export;
}

static void
cm_report_csv_class_init (CmReportCsvClass *klass)
{
}

static void
cm_report_csv_init (CmReportCsv *self)
{
}

/* Module entry points ------------------------------------------------------ */

CM_DEFINE_PLUGIN_MODULE (CM_EXPORTER_EXTENSION_POINT, CM_TYPE_REPORT_CSV, "csv", 10)
