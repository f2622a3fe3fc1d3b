/* cm-annotated-pdf.c: exports a copy of the ordinance carrying one PDF highlight annotation per annotated clause. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include <clausemark.h>

#include "cm-poppler-private.h"

/* The shared header covers documents and pages; annotations only here. */
#if !POPPLER_CHECK_VERSION (23, 0, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerAnnot, g_object_unref)
#endif

#define CM_TYPE_ANNOTATED_PDF_EXPORTER (cm_annotated_pdf_exporter_get_type ())
G_DECLARE_FINAL_TYPE (CmAnnotatedPdfExporter, cm_annotated_pdf_exporter, CM, ANNOTATED_PDF_EXPORTER, GObject)

struct _CmAnnotatedPdfExporter
{
  GObject parent_instance;
};

static void cm_annotated_pdf_exporter_iface_init (CmExporterInterface *iface);

G_DEFINE_TYPE_WITH_CODE (CmAnnotatedPdfExporter, cm_annotated_pdf_exporter, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (CM_TYPE_EXPORTER, cm_annotated_pdf_exporter_iface_init))

static void
cm_annotated_pdf_exporter_class_init (CmAnnotatedPdfExporterClass *klass)
{
}

static void
cm_annotated_pdf_exporter_init (CmAnnotatedPdfExporter *self)
{
}

static const char *
annotated_pdf_get_id (CmExporter *exporter)
{
  return "annotated-pdf";
}

static const char *
annotated_pdf_get_label (CmExporter *exporter)
{
  return _("Annotated PDF (highlights for any PDF viewer)");
}

static const char *
annotated_pdf_get_extension (CmExporter *exporter)
{
  return "pdf";
}

static const char *
annotated_pdf_get_mime_type (CmExporter *exporter)
{
  return "application/pdf";
}

/* "#2ec27e" → PopplerColor, whose channels run to 65535. */
static PopplerColor
parse_color (const char *hex)
{
  PopplerColor color = { 0x9a9a, 0x9999, 0x9696 };
  guint value = 0;

  if (hex != NULL && hex[0] == '#' && strlen (hex) == 7)
    {
      for (guint i = 1; i < 7; i++)
        value = value * 16 + (guint) g_ascii_xdigit_value (hex[i]);
      color.red = (guint16) (((value >> 16) & 0xff) * 257);
      color.green = (guint16) (((value >> 8) & 0xff) * 257);
      color.blue = (guint16) ((value & 0xff) * 257);
    }
  return color;
}

/* "2026-11-20 10:02 UTC", or NULL for NULL. */
static char *
format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

/* What a reader of the PDF sees when opening the comment: item and level,
 * the note, the replies, and the review's own dates. The dates are written
 * out because the annotation's own cannot carry them: poppler-glib 22.12
 * stamps /M with the export time, writes no /CreationDate, and has no
 * setter for either. In UTC, so that readers in other zones agree. */
static char *
build_contents (CmAnnotation *annotation,
                CmChecklist  *checklist)
{
  const char *item_id = cm_annotation_get_item_id (annotation);
  const char *note = cm_annotation_get_note (annotation);
  CmAssessment assessment = cm_annotation_get_assessment (annotation);
  GPtrArray *replies = cm_annotation_get_replies (annotation);
  g_autofree char *created = format_utc (cm_annotation_get_created (annotation));
  g_autofree char *modified = format_utc (cm_annotation_get_modified (annotation));
  GString *contents = g_string_new (NULL);

  if (item_id != NULL)
    {
      CmChecklistItem *item = checklist ? cm_checklist_lookup_item (checklist, item_id) : NULL;

      g_string_append (contents, item ? cm_checklist_item_get_title (item) : item_id);
      g_string_append (contents, " — ");
      g_string_append (contents, cm_assessment_get_label (assessment));
    }

  if (note != NULL && *note != '\0')
    {
      if (contents->len > 0)
        g_string_append (contents, "\n\n");
      g_string_append (contents, note);
    }
  for (guint i = 0; i < replies->len; i++)
    {
      CmReply *reply = g_ptr_array_index (replies, i);
      const char *author = cm_reply_get_author (reply);

      if (contents->len > 0)
        g_string_append (contents, i == 0 ? "\n\n" : "\n");
      g_string_append_printf (contents, "%s: %s", author && *author ? author : _("Reply"),
                              cm_reply_get_text (reply));
    }

  if (created != NULL || modified != NULL)
    {
      if (contents->len > 0)
        g_string_append (contents, "\n\n");
      if (created != NULL && modified != NULL && !g_str_equal (created, modified))
        /* Translators: both are dates and times, "2026-11-20 10:05 UTC". */
        g_string_append_printf (contents, _("Clausemark review: created %s, last changed %s"), created, modified);
      else
        /* Translators: %s is a date and time, "2026-11-20 10:05 UTC". */
        g_string_append_printf (contents, _("Clausemark review: created %s"), created ? created : modified);
    }
  return g_string_free (contents, FALSE);
}

static void
set_common (PopplerAnnot *annot,
            CmAnnotation *annotation,
            const char   *contents)
{
  PopplerColor color = parse_color (cm_assessment_get_color (cm_annotation_get_assessment (annotation)));
  const char *author = cm_annotation_get_author (annotation);

  poppler_annot_set_color (annot, &color);
  poppler_annot_set_contents (annot, contents);
  poppler_annot_set_flags (annot, POPPLER_ANNOT_FLAG_PRINT);
  if (author != NULL && *author != '\0')
    poppler_annot_markup_set_label (POPPLER_ANNOT_MARKUP (annot), author);
}

/* One highlight on PAGE covering the anchor's rectangles there. CmPageRect
 * is top-left based; poppler's annotation space is bottom-left based (it
 * adds the crop box and undoes page rotation itself), so y flips against
 * the page height. Quad points in Acrobat's order: upper left, upper right,
 * lower left, lower right. */
static gboolean
add_highlight (PopplerDocument *pdf,
               PopplerPage     *page,
               guint            page_number,
               CmAnnotation    *annotation,
               const char      *contents)
{
  GArray *rects = cm_anchor_get_rects (cm_annotation_get_anchor (annotation));
  guint anchor_page = cm_anchor_get_page (cm_annotation_get_anchor (annotation));
  g_autoptr(GArray) quads = g_array_new (FALSE, FALSE, sizeof (PopplerQuadrilateral));
  g_autoptr(PopplerAnnot) annot = NULL;
  PopplerRectangle bounds = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  double width = 0, height = 0;

  poppler_page_get_size (page, &width, &height);
  for (guint i = 0; i < rects->len; i++)
    {
      const CmPageRect *rect = &g_array_index (rects, CmPageRect, i);
      guint rect_page = rect->page != 0 ? rect->page : anchor_page;
      double left = MIN (rect->x1, rect->x2), right = MAX (rect->x1, rect->x2);
      double top = height - MIN (rect->y1, rect->y2);
      double bottom = height - MAX (rect->y1, rect->y2);
      PopplerQuadrilateral quad = {
        { left, top }, { right, top }, { left, bottom }, { right, bottom },
      };

      if (rect_page != page_number || right <= left || top <= bottom)
        continue;
      g_array_append_val (quads, quad);
      bounds.x1 = MIN (bounds.x1, left);
      bounds.y1 = MIN (bounds.y1, bottom);
      bounds.x2 = MAX (bounds.x2, right);
      bounds.y2 = MAX (bounds.y2, top);
    }
  if (quads->len == 0)
    return FALSE;

  annot = poppler_annot_text_markup_new_highlight (pdf, &bounds, quads);
  set_common (annot, annotation, contents);
  poppler_page_add_annot (page, annot);
  return TRUE;
}

/* A note with no quoted text (one imported from a sticky note) becomes a
 * sticky note again, at the box it had. */
static void
add_note (PopplerDocument *pdf,
          PopplerPage     *page,
          CmAnnotation    *annotation,
          const char      *contents)
{
  GArray *rects = cm_anchor_get_rects (cm_annotation_get_anchor (annotation));
  g_autoptr(PopplerAnnot) annot = NULL;
  PopplerRectangle box;
  double width = 0, height = 0;
  double x = 36, y = 36;

  poppler_page_get_size (page, &width, &height);
  if (rects->len > 0)
    {
      const CmPageRect *rect = &g_array_index (rects, CmPageRect, 0);

      x = MIN (rect->x1, rect->x2);
      y = MIN (rect->y1, rect->y2);
    }
  box.x1 = x;
  box.x2 = x + 20;
  box.y2 = height - y;
  box.y1 = box.y2 - 20;

  annot = poppler_annot_text_new (pdf, &box);
  poppler_annot_text_set_icon (POPPLER_ANNOT_TEXT (annot), POPPLER_ANNOT_TEXT_ICON_COMMENT);
  set_common (annot, annotation, contents);
  poppler_page_add_annot (page, annot);
}

/* The pages of ANCHOR's rectangles, in order, each once. */
static GArray *
anchor_pages (CmAnchor *anchor)
{
  GArray *rects = cm_anchor_get_rects (anchor);
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < rects->len; i++)
    {
      const CmPageRect *rect = &g_array_index (rects, CmPageRect, i);
      guint page = rect->page != 0 ? rect->page : cm_anchor_get_page (anchor);
      gboolean seen = FALSE;

      for (guint k = 0; k < pages->len && !seen; k++)
        seen = g_array_index (pages, guint, k) == page;
      if (!seen)
        g_array_append_val (pages, page);
    }
  return pages;
}

static PopplerPage *
get_page (PopplerDocument *pdf,
          GHashTable      *pages,
          guint            number)
{
  PopplerPage *page = g_hash_table_lookup (pages, GUINT_TO_POINTER (number));

  if (page == NULL && number >= 1 && (int) number <= poppler_document_get_n_pages (pdf))
    {
      page = poppler_document_get_page (pdf, (int) number - 1);
      if (page != NULL)
        g_hash_table_insert (pages, GUINT_TO_POINTER (number), page);
    }
  return page;
}

static gboolean
copy_file_to_stream (const char     *path,
                     GOutputStream  *stream,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = g_file_read (file, cancellable, error);

  if (input == NULL)
    return FALSE;
  return g_output_stream_splice (stream, G_INPUT_STREAM (input), G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                 cancellable, error) >= 0;
}

static gboolean
annotated_pdf_export (CmExporter     *exporter,
                      CmReview       *review,
                      CmChecklist    *checklist,
                      CmDocument     *document,
                      GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autoptr(GHashTable) pages = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *tmp_uri = NULL;
  g_autofree char *name = NULL;
  GListModel *annotations = cm_review_get_annotations (review);
  guint n = g_list_model_get_n_items (annotations);
  gboolean ok;
  int fd;

  if (document == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("An annotated PDF is a copy of the ordinance: open the PDF, then export again."));
      return FALSE;
    }
  name = g_file_get_parse_name (cm_document_get_file (document));

  /* A PopplerDocument of our own, from the bytes: the original file is
   * never opened for writing, and CmDocument's poppler document may belong
   * to another thread. */
  pdf = cm_poppler_document_new_from_bytes (cm_document_get_bytes (document),
                                            cm_document_get_password (document), &local_error);
  if (pdf == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s could not be reopened to add the annotations (%s)."), name, local_error->message);
      return FALSE;
    }

  pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);
      g_autofree char *contents = NULL;
      g_autoptr(GArray) on_pages = NULL;
      const char *exact;
      gboolean any = FALSE;

      if ((i & 255) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (anchor == NULL)
        continue;
      exact = cm_anchor_get_exact (anchor);
      contents = build_contents (annotation, checklist);

      /* A clause that runs over a page break gets one highlight per page:
       * PDF annotations live on one page. */
      on_pages = anchor_pages (anchor);
      for (guint k = 0; exact != NULL && *exact != '\0' && k < on_pages->len; k++)
        {
          guint number = g_array_index (on_pages, guint, k);
          PopplerPage *page = get_page (pdf, pages, number);

          if (page != NULL && add_highlight (pdf, page, number, annotation, contents))
            any = TRUE;
        }
      if (!any && (exact == NULL || *exact == '\0'))
        {
          PopplerPage *page = get_page (pdf, pages, cm_anchor_get_page (anchor));

          if (page != NULL)
            add_note (pdf, page, annotation, contents);
        }
      /* An orphaned quote has no rectangles in this PDF: it is left out
       * rather than highlighted in the wrong place. */
    }

  /* poppler saves to a URI only: a temporary file, then streamed out. */
  fd = g_file_open_tmp ("clausemark-annotated-XXXXXX.pdf", &tmp_path, error);
  if (fd < 0)
    return FALSE;
  g_close (fd, NULL);
  tmp_uri = g_filename_to_uri (tmp_path, NULL, error);
  ok = tmp_uri != NULL;
  if (ok && !poppler_document_save (pdf, tmp_uri, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The annotated copy of %s could not be written (%s). Check the free space "
                     "in the temporary folder."),
                   name, local_error->message);
      ok = FALSE;
    }
  if (ok)
    ok = copy_file_to_stream (tmp_path, stream, cancellable, error);
  g_unlink (tmp_path);
  return ok;
}

static void
cm_annotated_pdf_exporter_iface_init (CmExporterInterface *iface)
{
  iface->get_id = annotated_pdf_get_id;
  iface->get_label = annotated_pdf_get_label;
  iface->get_extension = annotated_pdf_get_extension;
  iface->get_mime_type = annotated_pdf_get_mime_type;
  iface->export = annotated_pdf_export;
}

/* Module entry points ---------------------------------------------------- */

G_MODULE_EXPORT void g_io_module_load (GIOModule *module);
G_MODULE_EXPORT void g_io_module_unload (GIOModule *module);
G_MODULE_EXPORT char **g_io_module_query (void);

CM_DEFINE_PLUGIN_MODULE (CM_EXPORTER_EXTENSION_POINT, CM_TYPE_ANNOTATED_PDF_EXPORTER, "annotated-pdf", 50)
