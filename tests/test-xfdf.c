/* test-xfdf.c: the annotated-PDF exporter read back with poppler, and XFDF export, import and round trip. */
#include <glib/gstdio.h>
#include <string.h>

#include "cm-poppler-private.h"
#include "cm-test-util.h"
#include "cm-xml-private.h"

#define XFDF_NS "http://ns.adobe.com/xfdf/"

/* What every test works on: one ordinance, its text, the checklist. */
typedef struct
{
  char        *path;
  CmDocument  *document;
  CmTextIndex *index;
  CmChecklist *checklist;
} Ordinance;

static void
ordinance_free (Ordinance *self)
{
  g_free (self->path);
  g_clear_object (&self->document);
  g_clear_object (&self->index);
  g_clear_object (&self->checklist);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ordinance, ordinance_free)

static Ordinance *
ordinance_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  Ordinance *self = g_new0 (Ordinance, 1);

  self->path = g_strdup (path);
  self->document = cm_document_new_for_path (path, NULL, &error);
  g_assert_no_error (error);
  self->index = cm_text_index_new (self->document, NULL, &error);
  g_assert_no_error (error);
  self->checklist = cm_checklist_new_default (&error);
  g_assert_no_error (error);
  return self;
}

static Ordinance *
ordinance_open_fixture (const char *name)
{
  g_autofree char *path = cm_test_fixture_path (name);

  return ordinance_open (path);
}

/* Tags QUOTE (which must occur in the ordinance) and adds it to REVIEW.
 * Returns the annotation (transfer none: the review holds it). */
static CmAnnotation *
tag_quote (CmReview     *review,
           Ordinance    *ordinance,
           const char   *quote,
           const char   *item_id,
           CmAssessment  assessment,
           const char   *note,
           const char   *author)
{
  g_autoptr(GArray) matches = cm_text_index_find (ordinance->index, quote, 0);
  g_autoptr(CmAnchor) anchor = NULL;
  g_autoptr(CmAnnotation) annotation = NULL;
  CmTextMatch match;

  g_assert_cmpuint (matches->len, >=, 1);
  match = g_array_index (matches, CmTextMatch, 0);
  anchor = cm_anchor_new_for_range (ordinance->index, match.start, match.end);
  annotation = cm_annotation_new (NULL, author, NULL);
  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, item_id);
  cm_annotation_set_assessment (annotation, assessment);
  cm_annotation_set_note (annotation, note);
  g_assert_true (cm_review_add_annotation (review, annotation));
  return cm_review_lookup_annotation (review, cm_annotation_get_id (annotation));
}

/* Three clauses on the Chicago ordinance, one with a thread of replies. */
static CmReview *
sample_review (Ordinance *ordinance)
{
  CmReview *review = cm_review_new ();
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autoptr(CmAnchor) anchor = NULL;
  CmReply *first;
  CmReply *second;
  g_autoptr(GArray) matches = NULL;
  CmTextMatch match;

  tag_quote (review, ordinance, "No agent or agency shall participate in civil immigration enforcement operations",
             "detain.no-detainer-holds", CM_ASSESSMENT_STRONG, "Clear & binding <b>ban</b> on \"participation\".",
             "Ana Ruiz");
  tag_quote (review, ordinance, "solely on the belief that the person is not present legally in the United States",
             "info.no-status-sharing", CM_ASSESSMENT_PARTIAL, "Only \"solely\":\nmixed motives slip through.",
             "Ben Ortiz");

  /* The third carries replies, so it is built before it joins the review. */
  matches = cm_text_index_find (ordinance->index, "The vitality of the City of Chicago", 0);
  g_assert_cmpuint (matches->len, >=, 1);
  match = g_array_index (matches, CmTextMatch, 0);
  anchor = cm_anchor_new_for_range (ordinance->index, match.start, match.end);
  annotation = cm_annotation_new (NULL, "Ana Ruiz", NULL);
  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, "detain.judicial-warrant");
  cm_annotation_set_assessment (annotation, CM_ASSESSMENT_HARMFUL);
  cm_annotation_set_note (annotation, "Preamble only; no operative rule.");
  first = cm_reply_new (NULL, "Ben Ortiz", NULL, "Agree; flag for the memo.");
  second = cm_reply_new (NULL, "Ana Ruiz", NULL, "Done — see memo §2.");
  cm_reply_set_in_reply_to (second, cm_reply_get_id (first));
  cm_annotation_add_reply (annotation, first);
  cm_annotation_add_reply (annotation, second);
  g_assert_true (cm_review_add_annotation (review, annotation));

  cm_review_set_checklist (review, cm_checklist_get_id (ordinance->checklist),
                           cm_checklist_get_version (ordinance->checklist));
  return review;
}

static GBytes *
export_review (const char *exporter_id,
               CmReview   *review,
               Ordinance  *ordinance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmExporter) exporter = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

  exporter = cm_plugin_engine_create_exporter (cm_plugin_engine_get_default (), exporter_id, &error);
  g_assert_no_error (error);
  g_assert_true (cm_exporter_export (exporter, review, ordinance->checklist, ordinance->document,
                                     stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static gint
import_bytes (CmReview    *review,
              Ordinance   *ordinance,
              GBytes      *bytes,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CmImporter) importer = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

  importer = cm_plugin_engine_create_importer (cm_plugin_engine_get_default (), "xfdf", &local_error);
  g_assert_no_error (local_error);
  return cm_importer_import (importer, review, ordinance->checklist, ordinance->index, stream, NULL, error);
}

static gint
import_string (CmReview    *review,
               Ordinance   *ordinance,
               const char  *xfdf,
               GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xfdf, strlen (xfdf));

  return import_bytes (review, ordinance, bytes, error);
}

static char *
item_title (Ordinance  *ordinance,
            const char *item_id)
{
  CmChecklistItem *item = cm_checklist_lookup_item (ordinance->checklist, item_id);

  g_assert_nonnull (item);
  return g_strdup (cm_checklist_item_get_title (item));
}

static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* The annotated PDF ------------------------------------------------------ */

static void
test_annotated_pdf_read_back (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = sample_review (ordinance);
  g_autoptr(GBytes) pdf_bytes = export_review ("annotated-pdf", review, ordinance);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) pdf = NULL;
  GListModel *annotations = cm_review_get_annotations (review);
  guint n_highlights = 0;

  pdf = poppler_document_new_from_bytes (pdf_bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, (int) cm_document_get_n_pages (ordinance->document));

  for (int p = 0; p < poppler_document_get_n_pages (pdf); p++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, p);
      GList *mapping = poppler_page_get_annot_mapping (page);
      double width, height;

      poppler_page_get_size (page, &width, &height);
      for (GList *l = mapping; l != NULL; l = l->next)
        {
          PopplerAnnotMapping *map = l->data;
          PopplerAnnot *annot = map->annot;
          g_autofree char *contents = NULL;
          g_autofree char *label = NULL;
          g_autofree char *modified = NULL;
          g_autofree char *title = NULL;
          GString *under;
          g_autofree char *area_bare = NULL;
          g_autofree char *quote_bare = NULL;
          g_autofree PopplerColor *color = NULL;
          g_autoptr(GArray) quads = NULL;
          CmAnnotation *match = NULL;
          PopplerRectangle rect, top_left;
          const char *expected_color;
          guint expected_rgb;

          if (poppler_annot_get_annot_type (annot) != POPPLER_ANNOT_HIGHLIGHT)
            continue;
          n_highlights++;
          contents = poppler_annot_get_contents (annot);
          g_assert_nonnull (contents);

          /* Which of ours is it? The note is in the contents. */
          for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
            {
              g_autoptr(CmAnnotation) candidate = g_list_model_get_item (annotations, i);

              if (strstr (contents, cm_annotation_get_note (candidate)) != NULL)
                match = candidate;
            }
          g_assert_nonnull (match);

          g_assert_cmpuint ((guint) p + 1, ==, cm_anchor_get_page (cm_annotation_get_anchor (match)));
          title = item_title (ordinance, cm_annotation_get_item_id (match));
          g_assert_nonnull (strstr (contents, title));
          g_assert_nonnull (strstr (contents, cm_assessment_get_label (cm_annotation_get_assessment (match))));
          label = poppler_annot_markup_get_label (POPPLER_ANNOT_MARKUP (annot));
          g_assert_cmpstr (label, ==, cm_annotation_get_author (match));
          modified = poppler_annot_get_modified (annot);
          g_assert_nonnull (modified);

          color = poppler_annot_get_color (annot);
          g_assert_nonnull (color);
          expected_color = cm_assessment_get_color (cm_annotation_get_assessment (match));
          expected_rgb = (guint) g_ascii_strtoull (expected_color + 1, NULL, 16);
          g_assert_cmpint (ABS ((color->red >> 8) - (int) ((expected_rgb >> 16) & 0xff)), <=, 1);
          g_assert_cmpint (ABS ((color->green >> 8) - (int) ((expected_rgb >> 8) & 0xff)), <=, 1);
          g_assert_cmpint (ABS ((color->blue >> 8) - (int) (expected_rgb & 0xff)), <=, 1);

          /* The quote, and only the quote, lies under the quadrilaterals:
           * the y axis was flipped right. */
          quads = poppler_annot_text_markup_get_quadrilaterals (POPPLER_ANNOT_TEXT_MARKUP (annot));
          g_assert_cmpuint (quads->len, >=, 1);
          under = g_string_new (NULL);
          for (guint q = 0; q < quads->len; q++)
            {
              PopplerQuadrilateral *quad = &g_array_index (quads, PopplerQuadrilateral, q);
              g_autofree char *text = NULL;

              top_left.x1 = quad->p1.x;
              top_left.x2 = quad->p2.x;
              top_left.y1 = height - quad->p1.y;
              top_left.y2 = height - quad->p3.y;
              text = poppler_page_get_text_for_area (page, &top_left);
              g_string_append (under, text);
            }
          area_bare = strip_spaces (under->str);
          g_string_free (under, TRUE);
          quote_bare = strip_spaces (cm_anchor_get_exact (cm_annotation_get_anchor (match)));
          g_assert_cmpstr (area_bare, ==, quote_bare);

          /* The annotation's rectangle holds every quadrilateral (PDF.js
           * ignores quad points outside it). */
          poppler_annot_get_rectangle (annot, &rect);
          for (guint q = 0; q < quads->len; q++)
            {
              PopplerQuadrilateral *quad = &g_array_index (quads, PopplerQuadrilateral, q);

              g_assert_cmpfloat (quad->p1.x, >=, rect.x1 - 0.01);
              g_assert_cmpfloat (quad->p4.x, <=, rect.x2 + 0.01);
              g_assert_cmpfloat (quad->p4.y, >=, rect.y1 - 0.01);
              g_assert_cmpfloat (quad->p1.y, <=, rect.y2 + 0.01);
            }
        }
      poppler_page_free_annot_mapping (mapping);
    }
  g_assert_cmpuint (n_highlights, ==, cm_review_get_n_annotations (review));
}

static void
test_annotated_pdf_original_unchanged (void)
{
  g_autofree char *fixture = cm_test_fixture_path ("chicago-plain.pdf");
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = cm_test_copy_file (fixture, dir, "ordinance.pdf");
  g_autofree char *before = cm_test_file_sha256 (path);
  g_autofree char *after = NULL;
  g_autoptr(Ordinance) ordinance = ordinance_open (path);
  g_autoptr(CmReview) review = sample_review (ordinance);
  g_autoptr(GBytes) pdf_bytes = export_review ("annotated-pdf", review, ordinance);
  gsize length;
  const char *data = g_bytes_get_data (pdf_bytes, &length);

  after = cm_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (cm_document_get_sha256 (ordinance->document), ==, before);
  g_assert_true (length > 5 && memcmp (data, "%PDF-", 5) == 0);
  g_assert_false (g_bytes_equal (pdf_bytes, cm_document_get_bytes (ordinance->document)));
  cm_test_tmpdir_free (dir);
}

/* An encrypted ordinance: the copy opens with the same password and
 * carries the highlight. */
static void
test_annotated_pdf_encrypted (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/pypdf__libreoffice-writer-password.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GBytes) pdf_bytes = NULL;
  Ordinance ordinance = { 0, };
  GList *mapping;
  guint n_highlights = 0;

  if (path == NULL)
    return;
  document = cm_document_new_for_path (path, "openpassword", &error);
  g_assert_no_error (error);
  ordinance.document = document;
  ordinance.index = cm_text_index_new (document, NULL, &error);
  g_assert_no_error (error);
  ordinance.checklist = cm_checklist_new_default (&error);
  g_assert_no_error (error);
  tag_quote (review, &ordinance, "invidunt ut labore et dolore", "info.no-status-sharing",
             CM_ASSESSMENT_WEAK, "Encrypted, still annotated.", "Ana Ruiz");
  pdf_bytes = export_review ("annotated-pdf", review, &ordinance);
  g_clear_object (&ordinance.index);
  g_clear_object (&ordinance.checklist);

  pdf = poppler_document_new_from_bytes (pdf_bytes, NULL, &error);
  g_assert_null (pdf);
  g_clear_error (&error);
  pdf = poppler_document_new_from_bytes (pdf_bytes, "openpassword", &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (pdf, 0);
  mapping = poppler_page_get_annot_mapping (page);
  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerAnnot *annot = ((PopplerAnnotMapping *) l->data)->annot;
      g_autofree char *contents = NULL;

      if (poppler_annot_get_annot_type (annot) != POPPLER_ANNOT_HIGHLIGHT)
        continue;
      contents = poppler_annot_get_contents (annot);
      g_assert_nonnull (strstr (contents, "Encrypted, still annotated."));
      n_highlights++;
    }
  poppler_page_free_annot_mapping (mapping);
  g_assert_cmpuint (n_highlights, ==, 1);
}

/* A note with no quoted text (a sticky note from another tool) comes out
 * as a sticky note where it was. */
static void
test_annotated_pdf_sticky_note (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autoptr(PopplerPage) page = NULL;
  GList *mapping;
  guint n_notes = 0;
  const char *xfdf =
    "<xfdf xmlns=\"" XFDF_NS "\"><annots>"
    "<text page=\"1\" rect=\"300,500,320,520\" name=\"s\" title=\"Cy\"><contents>Ask the clerk.</contents></text>"
    "</annots></xfdf>";

  g_assert_cmpint (import_string (review, ordinance, xfdf, &error), ==, 1);
  g_assert_no_error (error);
  pdf_bytes = export_review ("annotated-pdf", review, ordinance);
  pdf = poppler_document_new_from_bytes (pdf_bytes, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (pdf, 1);
  mapping = poppler_page_get_annot_mapping (page);
  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerAnnot *annot = ((PopplerAnnotMapping *) l->data)->annot;
      g_autofree char *contents = NULL;
      PopplerRectangle rect;

      if (poppler_annot_get_annot_type (annot) != POPPLER_ANNOT_TEXT)
        continue;
      contents = poppler_annot_get_contents (annot);
      g_assert_nonnull (strstr (contents, "Ask the clerk."));
      poppler_annot_get_rectangle (annot, &rect);
      g_assert_cmpfloat (ABS (rect.x1 - 300), <, 0.5);
      g_assert_cmpfloat (ABS (rect.y2 - 520), <, 0.5);
      n_notes++;
    }
  poppler_page_free_annot_mapping (mapping);
  g_assert_cmpuint (n_notes, ==, 1);
}

static void
test_annotated_pdf_needs_document (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = sample_review (ordinance);
  g_autoptr(CmExporter) exporter = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  exporter = cm_plugin_engine_create_exporter (cm_plugin_engine_get_default (), "annotated-pdf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_exporter_get_extension (exporter), ==, "pdf");
  g_assert_cmpstr (cm_exporter_get_mime_type (exporter), ==, "application/pdf");
  g_assert_false (cm_exporter_export (exporter, review, ordinance->checklist, NULL, stream, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* XFDF export ------------------------------------------------------------- */

static xmlNodePtr
first_child_element (xmlNodePtr  node,
                     const char *name)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, BAD_CAST name))
      return child;
  return NULL;
}

static char *
attribute (xmlNodePtr  node,
           const char *name)
{
  g_autoptr(CmXmlChar) value = xmlGetNoNsProp (node, BAD_CAST name);

  return value ? g_strdup ((const char *) value) : NULL;
}

static char *
clausemark_attribute (xmlNodePtr  node,
                      const char *name)
{
  g_autoptr(CmXmlChar) value = xmlGetNsProp (node, BAD_CAST name, BAD_CAST "urn:clausemark:xfdf:1");

  return value ? g_strdup ((const char *) value) : NULL;
}

static char *
element_text (xmlNodePtr node)
{
  g_autoptr(CmXmlChar) value = xmlNodeGetContent (node);

  return g_strdup (value ? (const char *) value : "");
}

static void
test_xfdf_export_well_formed (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = sample_review (ordinance);
  g_autoptr(GBytes) xfdf = export_review ("xfdf", review, ordinance);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr root, annots, f;
  guint n_highlights = 0, n_replies = 0;

  /* Well-formed for the strict parser and for libxml2's own. */
  doc = cm_safe_xml_parse_document (xfdf, "export.xfdf", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  {
    gsize length;
    const char *data = g_bytes_get_data (xfdf, &length);
    g_autoptr(xmlDoc) plain = xmlReadMemory (data, (int) length, NULL, NULL, XML_PARSE_NONET);

    g_assert_nonnull (plain);
  }

  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->name, ==, "xfdf");
  g_assert_nonnull (root->ns);
  g_assert_cmpstr ((const char *) root->ns->href, ==, XFDF_NS);
  f = first_child_element (root, "f");
  g_assert_nonnull (f);
  {
    g_autofree char *href = attribute (f, "href");
    g_assert_cmpstr (href, ==, "chicago-plain.pdf");
  }
  annots = first_child_element (root, "annots");
  g_assert_nonnull (annots);

  for (xmlNodePtr node = annots->children; node != NULL; node = node->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *page = NULL;
      g_autofree char *color = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subject = NULL;
      g_autofree char *coords = NULL;
      g_autofree char *rect = NULL;
      g_autofree char *created = NULL;
      g_autofree char *in_reply_to = NULL;
      g_autofree char *item = NULL;
      g_autofree char *expected_color = NULL;
      g_autofree char *contents = NULL;
      g_auto(GStrv) numbers = NULL;
      CmAnnotation *annotation;
      xmlNodePtr contents_node;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      name = attribute (node, "name");
      page = attribute (node, "page");
      in_reply_to = attribute (node, "inreplyto");
      contents_node = first_child_element (node, "contents");
      g_assert_nonnull (contents_node);
      contents = element_text (contents_node);

      if (in_reply_to != NULL)
        {
          g_assert_cmpstr ((const char *) node->name, ==, "text");
          g_assert_nonnull (cm_review_lookup_annotation (review, in_reply_to)
                            ? in_reply_to : strstr (contents, "memo"));
          n_replies++;
          continue;
        }

      g_assert_cmpstr ((const char *) node->name, ==, "highlight");
      n_highlights++;
      annotation = cm_review_lookup_annotation (review, name);
      g_assert_nonnull (annotation);
      {
        g_autofree char *expected_page = g_strdup_printf ("%u", cm_anchor_get_page (cm_annotation_get_anchor (annotation)) - 1);
        g_assert_cmpstr (page, ==, expected_page);
      }
      color = attribute (node, "color");
      expected_color = g_ascii_strup (cm_assessment_get_color (cm_annotation_get_assessment (annotation)), -1);
      g_assert_cmpstr (color, ==, expected_color);
      title = attribute (node, "title");
      g_assert_cmpstr (title, ==, cm_annotation_get_author (annotation));
      subject = attribute (node, "subject");
      {
        g_autofree char *expected = item_title (ordinance, cm_annotation_get_item_id (annotation));
        g_assert_cmpstr (subject, ==, expected);
        g_assert_nonnull (strstr (contents, expected));
      }
      g_assert_nonnull (strstr (contents, cm_annotation_get_note (annotation)));
      created = attribute (node, "creationdate");
      g_assert_true (g_str_has_prefix (created, "D:"));
      rect = attribute (node, "rect");
      numbers = g_strsplit (rect, ",", -1);
      g_assert_cmpuint (g_strv_length (numbers), ==, 4);
      coords = attribute (node, "coords");
      g_assert_nonnull (coords);
      g_strfreev (numbers);
      numbers = g_strsplit (coords, ",", -1);
      g_assert_cmpuint (g_strv_length (numbers) % 8, ==, 0);
      g_assert_cmpuint (g_strv_length (numbers), >=, 8);

      item = clausemark_attribute (node, "item");
      g_assert_cmpstr (item, ==, cm_annotation_get_item_id (annotation));
    }
  g_assert_cmpuint (n_highlights, ==, 3);
  g_assert_cmpuint (n_replies, ==, 2);
}

static void
assert_same_annotation (CmAnnotation *a,
                        CmAnnotation *b)
{
  CmAnchor *x = cm_annotation_get_anchor (a);
  CmAnchor *y = cm_annotation_get_anchor (b);
  GPtrArray *replies_a = cm_annotation_get_replies (a);
  GPtrArray *replies_b = cm_annotation_get_replies (b);

  g_assert_cmpstr (cm_annotation_get_id (a), ==, cm_annotation_get_id (b));
  g_assert_cmpstr (cm_anchor_get_exact (x), ==, cm_anchor_get_exact (y));
  g_assert_cmpuint (cm_anchor_get_page (x), ==, cm_anchor_get_page (y));
  g_assert_cmpuint (cm_anchor_get_start (x), ==, cm_anchor_get_start (y));
  g_assert_cmpuint (cm_anchor_get_end (x), ==, cm_anchor_get_end (y));
  g_assert_cmpstr (cm_annotation_get_note (a), ==, cm_annotation_get_note (b));
  g_assert_cmpstr (cm_annotation_get_author (a), ==, cm_annotation_get_author (b));
  g_assert_cmpstr (cm_annotation_get_item_id (a), ==, cm_annotation_get_item_id (b));
  g_assert_cmpint (cm_annotation_get_assessment (a), ==, cm_annotation_get_assessment (b));
  g_assert_cmpint (g_date_time_to_unix (cm_annotation_get_created (a)), ==,
                   g_date_time_to_unix (cm_annotation_get_created (b)));
  g_assert_cmpuint (replies_a->len, ==, replies_b->len);
  for (guint i = 0; i < replies_a->len; i++)
    {
      CmReply *r = g_ptr_array_index (replies_a, i);
      CmReply *s = g_ptr_array_index (replies_b, i);

      g_assert_cmpstr (cm_reply_get_id (r), ==, cm_reply_get_id (s));
      g_assert_cmpstr (cm_reply_get_author (r), ==, cm_reply_get_author (s));
      g_assert_cmpstr (cm_reply_get_text (r), ==, cm_reply_get_text (s));
      g_assert_cmpstr (cm_reply_get_in_reply_to (r), ==, cm_reply_get_in_reply_to (s));
    }
}

static void
test_xfdf_round_trip (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = sample_review (ordinance);
  g_autoptr(CmReview) fresh = cm_review_new ();
  g_autoptr(GBytes) xfdf = export_review ("xfdf", review, ordinance);
  g_autoptr(GError) error = NULL;
  GListModel *annotations = cm_review_get_annotations (review);
  gint count;

  count = import_bytes (fresh, ordinance, xfdf, &error);
  g_assert_no_error (error);
  /* Three annotations and two replies. */
  g_assert_cmpint (count, ==, 5);
  g_assert_cmpuint (cm_review_get_n_annotations (fresh), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) original = g_list_model_get_item (annotations, i);
      CmAnnotation *copy = cm_review_lookup_annotation (fresh, cm_annotation_get_id (original));

      g_assert_nonnull (copy);
      assert_same_annotation (original, copy);
    }
}

/* A sticky note (no quote) goes out as <text> and comes back the same. */
static void
test_xfdf_round_trip_note (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(CmReview) fresh = cm_review_new ();
  g_autoptr(GBytes) xfdf = NULL;
  g_autoptr(GError) error = NULL;
  CmAnnotation *original;
  CmAnnotation *copy;
  const char *input =
    "<xfdf xmlns=\"" XFDF_NS "\"><annots>"
    "<text page=\"2\" rect=\"300,500,320,520\" name=\"s\" title=\"Cy\" creationdate=\"D:20250101120000Z\">"
    "<contents>Ask the clerk &amp; the counsel.</contents></text>"
    "</annots></xfdf>";

  g_assert_cmpint (import_string (review, ordinance, input, &error), ==, 1);
  g_assert_no_error (error);
  xfdf = export_review ("xfdf", review, ordinance);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (xfdf, NULL), g_bytes_get_size (xfdf),
                                  "<text page=\"2\" rect=\"300.000,500.000,320.000,520.000\""));
  g_assert_cmpint (import_bytes (fresh, ordinance, xfdf, &error), ==, 1);
  g_assert_no_error (error);
  original = cm_review_lookup_annotation (review, "s");
  copy = cm_review_lookup_annotation (fresh, "s");
  g_assert_nonnull (copy);
  assert_same_annotation (original, copy);
  g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (copy)), ==, 3);
  g_assert_cmpstr (cm_annotation_get_note (copy), ==, "Ask the clerk & the counsel.");
}

/* What Acrobat writes back after opening our XFDF: no clausemark:*. The
 * quote comes back from the text under the exported quadrilaterals, the
 * item and level from the contents' first line. */
static void
test_xfdf_round_trip_plain (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = sample_review (ordinance);
  g_autoptr(CmReview) fresh = cm_review_new ();
  g_autoptr(GBytes) xfdf = export_review ("xfdf", review, ordinance);
  g_autoptr(GRegex) elements = g_regex_new ("<clausemark:[a-z]+[^>]*>[^<]*</clausemark:[a-z]+>\\n", 0, 0, NULL);
  g_autoptr(GRegex) attributes = g_regex_new (" clausemark:[a-z]+=\"[^\"]*\"", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (xfdf, NULL), g_bytes_get_size (xfdf));
  g_autofree char *without_elements = g_regex_replace_literal (elements, text, -1, 0, "", 0, NULL);
  g_autofree char *plain = g_regex_replace_literal (attributes, without_elements, -1, 0, "", 0, NULL);
  GListModel *annotations = cm_review_get_annotations (review);

  g_assert_null (strstr (plain, "clausemark:item"));
  g_assert_null (strstr (plain, "<clausemark:quote"));
  g_assert_cmpint (import_string (fresh, ordinance, plain, &error), ==, 5);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) original = g_list_model_get_item (annotations, i);
      CmAnnotation *copy = cm_review_lookup_annotation (fresh, cm_annotation_get_id (original));

      g_assert_nonnull (copy);
      assert_same_annotation (original, copy);
    }
}

/* Acrobat drops attributes it does not know when it writes XFDF again, but
 * keeps the contents: the "Item title — Level" line tags the note again. */
static void
test_xfdf_import_contents_tag (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *title = item_title (ordinance, "info.no-status-sharing");
  g_autofree char *xfdf = NULL;
  CmAnnotation *annotation;
  GListModel *annotations;

  xfdf = g_strdup_printf ("<?xml version=\"1.0\"?><xfdf xmlns=\"" XFDF_NS "\"><annots>"
                          "<text page=\"0\" rect=\"72,700,92,720\" name=\"n1\" title=\"Cy\">"
                          "<contents>%s — %s\nSee the exception.</contents></text>"
                          "</annots></xfdf>",
                          title, cm_assessment_get_label (CM_ASSESSMENT_WEAK));
  g_assert_cmpint (import_string (review, ordinance, xfdf, &error), ==, 1);
  g_assert_no_error (error);
  annotations = cm_review_get_annotations (review);
  annotation = cm_review_lookup_annotation (review, "n1");
  g_assert_nonnull (annotation);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 1);
  g_assert_cmpstr (cm_annotation_get_item_id (annotation), ==, "info.no-status-sharing");
  g_assert_cmpint (cm_annotation_get_assessment (annotation), ==, CM_ASSESSMENT_WEAK);
  g_assert_cmpstr (cm_annotation_get_note (annotation), ==, "See the exception.");
  g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (annotation)), ==, 1);
}

/* Another tool's highlight carries no section: it gets the section of the
 * text under it, as a tag made in Clausemark does. */
static void
test_xfdf_import_section (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) matches = cm_text_index_find (ordinance->index, "based upon an immigration detainer", 0);
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GString) coords = g_string_new (NULL);
  g_autofree char *xfdf = NULL;
  CmTextMatch match;
  CmAnnotation *annotation;
  double height = 0, left = G_MAXDOUBLE, bottom = G_MAXDOUBLE, right = 0, top = 0;

  g_assert_cmpuint (matches->len, >=, 1);
  match = g_array_index (matches, CmTextMatch, 0);
  rects = cm_text_index_get_rects (ordinance->index, match.start, match.end);
  cm_document_get_page_size (ordinance->document, match.page, NULL, &height);
  for (guint i = 0; i < rects->len; i++)
    {
      const CmPageRect *r = &g_array_index (rects, CmPageRect, i);
      char numbers[8][G_ASCII_DTOSTR_BUF_SIZE];
      double values[8] = { r->x1, height - r->y1, r->x2, height - r->y1,
                           r->x1, height - r->y2, r->x2, height - r->y2 };

      for (guint k = 0; k < 8; k++)
        g_ascii_formatd (numbers[k], sizeof numbers[k], "%.2f", values[k]);
      g_string_append_printf (coords, "%s%s,%s,%s,%s,%s,%s,%s,%s", i > 0 ? "," : "",
                              numbers[0], numbers[1], numbers[2], numbers[3],
                              numbers[4], numbers[5], numbers[6], numbers[7]);
      left = MIN (left, r->x1);
      right = MAX (right, r->x2);
      top = MAX (top, height - r->y1);
      bottom = MIN (bottom, height - r->y2);
    }
  xfdf = g_strdup_printf ("<?xml version=\"1.0\"?><xfdf xmlns=\"" XFDF_NS "\"><annots>"
                          "<highlight page=\"%u\" rect=\"%d,%d,%d,%d\" coords=\"%s\" name=\"h1\" title=\"Okular\">"
                          "<contents>Holds on detainers</contents></highlight>"
                          "</annots></xfdf>",
                          match.page - 1, (int) left, (int) bottom, (int) right + 1, (int) top + 1, coords->str);
  g_assert_cmpint (import_string (review, ordinance, xfdf, &error), ==, 1);
  g_assert_no_error (error);
  annotation = cm_review_lookup_annotation (review, "h1");
  g_assert_nonnull (annotation);
  g_assert_cmpstr (cm_anchor_get_exact (cm_annotation_get_anchor (annotation)), ==,
                   "based upon an immigration detainer");
  g_assert_cmpstr (cm_annotation_get_section (annotation), ==, "Sec. 2-173-020(a)(1)(C)");
}

/* XFDF import ------------------------------------------------------------- */

/* The kinds Clausemark imports; shapes, ink, stamps, carets, attachments,
 * redactions and lines are left out. */
static const char * const imported_kinds[] = {
  "highlight", "underline", "strikeout", "squiggly", "text", "freetext",
};

/* Replies attached to a parent, where that differs from MANIFEST's count of
 * inreplyto: ReplaceText's seventh is a strike-out grouped with a caret (a
 * kind not imported, so it stands alone), and InReplyTo's only reply points
 * at an annotation missing from the file. */
static const struct
{
  const char *file;
  guint       replies;
} attached_replies[] = {
  { "itext__xfdfAnnotationReplaceText.xfdf", 6 },
  { "itext__xfdfInReplyTo.xfdf", 0 },
};

static guint
expected_from_manifest (const char *types)
{
  g_auto(GStrv) parts = g_strsplit (types, ",", -1);
  guint total = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (parts[i], "=", 2);

      if (pair[0] == NULL || pair[1] == NULL)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (imported_kinds); k++)
        if (g_str_equal (g_strstrip (pair[0]), imported_kinds[k]))
          total += (guint) g_ascii_strtoull (pair[1], NULL, 10);
    }
  return total;
}

static guint
count_replies (CmReview *review)
{
  GListModel *annotations = cm_review_get_annotations (review);
  guint replies = 0;

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      replies += cm_annotation_get_replies (annotation)->len;
    }
  return replies;
}

static void
test_xfdf_import_corpus (void)
{
  g_autofree char *manifest_path = cm_test_corpus_path ("xfdf/MANIFEST.tsv");
  g_autofree char *manifest = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(Ordinance) fallback = NULL;
  guint n_files = 0;

  if (manifest_path == NULL)
    return;
  g_file_get_contents (manifest_path, &manifest, NULL, &error);
  g_assert_no_error (error);
  dir = g_path_get_dirname (manifest_path);
  lines = g_strsplit (manifest, "\n", -1);
  fallback = ordinance_open_fixture ("chicago-plain.pdf");

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_autofree char *xfdf_path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(Ordinance) matching = NULL;
      g_autoptr(CmReview) review = cm_review_new ();
      Ordinance *ordinance;
      guint expected, expected_replies;
      gint count;
      gsize length;

      if (g_strv_length (fields) < 11 || !g_str_has_suffix (fields[0], ".xfdf"))
        continue;
      xfdf_path = g_build_filename (dir, fields[0], NULL);
      g_file_get_contents (xfdf_path, &contents, &length, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

      /* With its own PDF where the corpus has it, else on another ordinance
       * (then only the counts are checked). */
      if (g_str_has_prefix (fields[10], "yes ("))
        {
          g_autofree char *pdf_name = g_strndup (fields[10] + 5, strlen (fields[10]) - 6);
          g_autofree char *pdf_path = g_build_filename (dir, pdf_name, NULL);

          matching = ordinance_open (pdf_path);
        }
      ordinance = matching ? matching : fallback;

      expected = expected_from_manifest (fields[3]);
      expected_replies = (guint) g_ascii_strtoull (fields[4], NULL, 10);
      for (guint k = 0; k < G_N_ELEMENTS (attached_replies); k++)
        if (g_str_equal (fields[0], attached_replies[k].file))
          expected_replies = attached_replies[k].replies;

      count = import_bytes (review, ordinance, bytes, &error);
      g_assert_no_error (error);
      if (count != (gint) expected)
        g_error ("%s: imported %d, MANIFEST lists %u of the kinds Clausemark imports",
                 fields[0], count, expected);
      g_assert_cmpuint (cm_review_get_n_annotations (review) + count_replies (review), ==, expected);
      if (count_replies (review) != expected_replies)
        g_error ("%s: %u replies attached, expected %u", fields[0], count_replies (review), expected_replies);

      /* Nothing Acrobat wrote names a checklist item. */
      for (guint k = 0; k < cm_review_get_n_annotations (review); k++)
        {
          g_autoptr(CmAnnotation) annotation = g_list_model_get_item (cm_review_get_annotations (review), k);

          g_assert_null (cm_annotation_get_item_id (annotation));
          g_assert_cmpint (cm_annotation_get_assessment (annotation), ==, CM_ASSESSMENT_NONE);
          g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (annotation)), >=, 1);
          g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (annotation)), <=,
                            cm_document_get_n_pages (ordinance->document));
        }
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 27);
}

static CmAnnotation *
find_by_kind_quote (CmReview *review)
{
  GListModel *annotations = cm_review_get_annotations (review);

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);

      if (*cm_anchor_get_exact (cm_annotation_get_anchor (annotation)) != '\0')
        return annotation;
    }
  return NULL;
}

/* Text markup by Acrobat over "Create annotation": the quote comes back
 * from the page text under the quadrilaterals. These files count pages
 * from 1 on a one-page PDF. */
static void
test_xfdf_import_quotes (void)
{
  static const char * const names[] = {
    "itext__xfdfAnnotationHighlightedText",
    "itext__xfdfAnnotationUnderlineText",
    "itext__xfdfAnnotationStrikeout",
    "itext__xfdfAnnotationSquigglyText",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *xfdf_name = g_strconcat ("xfdf/", names[i], ".xfdf", NULL);
      g_autofree char *pdf_name = g_strconcat ("xfdf/", names[i], ".pdf", NULL);
      g_autofree char *xfdf_path = cm_test_corpus_path (xfdf_name);
      g_autofree char *pdf_path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(Ordinance) ordinance = NULL;
      g_autoptr(CmReview) review = cm_review_new ();
      g_autoptr(GError) error = NULL;
      CmAnnotation *markup;
      gsize length;

      if (xfdf_path == NULL)
        return;
      pdf_path = cm_test_corpus_path (pdf_name);
      if (pdf_path == NULL)
        return;
      ordinance = ordinance_open (pdf_path);
      g_file_get_contents (xfdf_path, &contents, &length, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      g_assert_cmpint (import_bytes (review, ordinance, bytes, &error), ==, 2);
      g_assert_no_error (error);

      markup = find_by_kind_quote (review);
      g_assert_nonnull (markup);
      g_assert_cmpstr (cm_anchor_get_exact (cm_annotation_get_anchor (markup)), ==, "Create annotation");
      g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (markup)), ==, 1);
      g_assert_cmpstr (cm_annotation_get_author (markup), ==, "Alex");
      g_assert_cmpuint (cm_anchor_get_rects (cm_annotation_get_anchor (markup))->len, >=, 1);
    }
}

/* A hostile or hand-edited file repeating our quote element: the last one
 * counts, whole, and nothing of the first is kept (or leaked: the fuzzer
 * found that). */
static void
test_xfdf_import_repeated_quote (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GError) error = NULL;
  CmAnnotation *annotation;
  CmAnchor *anchor;
  static const char xfdf[] =
    "<?xml version=\"1.0\"?><xfdf xmlns=\"" XFDF_NS "\" xmlns:clausemark=\"urn:clausemark:xfdf:1\">"
    "<annots><highlight page=\"0\" rect=\"72,700,300,720\" name=\"q2\" title=\"Cy\">"
    "<clausemark:quote prefix=\"first prefix \" suffix=\" first suffix\">first quote</clausemark:quote>"
    "<clausemark:quote prefix=\"the \" suffix=\" of\">Welcoming City Ordinance</clausemark:quote>"
    "</highlight></annots></xfdf>";

  g_assert_cmpint (import_string (review, ordinance, xfdf, &error), ==, 1);
  g_assert_no_error (error);
  annotation = cm_review_lookup_annotation (review, "q2");
  g_assert_nonnull (annotation);
  anchor = cm_annotation_get_anchor (annotation);
  g_assert_cmpstr (cm_anchor_get_exact (anchor), ==, "Welcoming City Ordinance");
  g_assert_null (strstr (cm_anchor_get_prefix (anchor), "first"));
}

/* Acrobat's own export counts pages from 0 (ISO 19444-1). */
static void
test_xfdf_import_zero_based_pages (void)
{
  g_autofree char *xfdf_path = cm_test_corpus_path ("xfdf/pspdfkit__XFDFTest.xfdf");
  g_autofree char *pdf_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Ordinance) ordinance = NULL;
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GError) error = NULL;
  GListModel *annotations;
  gsize length;

  if (xfdf_path == NULL)
    return;
  pdf_path = cm_test_corpus_path ("xfdf/pspdfkit__XFDFTest.pdf");
  if (pdf_path == NULL)
    return;
  ordinance = ordinance_open (pdf_path);
  g_file_get_contents (xfdf_path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_cmpint (import_bytes (review, ordinance, bytes, &error), ==, 2);
  g_assert_no_error (error);

  /* Both free texts share one name in the file; both are kept. */
  annotations = cm_review_get_annotations (review);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 2);
  {
    g_autoptr(CmAnnotation) a = g_list_model_get_item (annotations, 0);
    g_autoptr(CmAnnotation) b = g_list_model_get_item (annotations, 1);

    g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (a)), ==, 1);
    g_assert_cmpuint (cm_anchor_get_page (cm_annotation_get_anchor (b)), ==, 2);
    g_assert_cmpstr (cm_annotation_get_note (a), ==, "Hello XFDF World!");
    g_assert_cmpstr (cm_annotation_get_note (b), ==, "Hello XFDF Mars!");
    g_assert_cmpstr (cm_annotation_get_id (a), !=, cm_annotation_get_id (b));
  }
}

/* A thread (reply to a reply) keeps its shape. */
static void
test_xfdf_import_replies (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GError) error = NULL;
  CmAnnotation *parent;
  GPtrArray *replies;
  const char *xfdf =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<xfdf xmlns=\"" XFDF_NS "\" xml:space=\"preserve\"><annots>"
    "<text page=\"0\" rect=\"80,700,98,718\" name=\"r2\" inreplyto=\"r1\" title=\"C\" creationdate=\"D:20260102100000Z\"><contents>second</contents></text>"
    "<underline page=\"0\" rect=\"0,0,612,792\" coords=\"0,792,612,792,0,0,612,0\" name=\"p\" title=\"A\" creationdate=\"D:20260101100000+01'00'\"><contents>parent</contents></underline>"
    "<text page=\"0\" rect=\"80,700,98,718\" name=\"r1\" inreplyto=\"p\" title=\"B\" creationdate=\"D:20260101110000Z\"><contents-richtext><body xmlns=\"http://www.w3.org/1999/xhtml\"><p>first</p><p>line two</p></body></contents-richtext></text>"
    "</annots></xfdf>";

  g_assert_cmpint (import_string (review, ordinance, xfdf, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 1);
  parent = cm_review_lookup_annotation (review, "p");
  g_assert_nonnull (parent);
  g_assert_cmpstr (cm_annotation_get_note (parent), ==, "parent");
  g_assert_cmpint (g_date_time_to_unix (cm_annotation_get_created (parent)), ==, 1767258000);
  replies = cm_annotation_get_replies (parent);
  g_assert_cmpuint (replies->len, ==, 2);
  g_assert_cmpstr (cm_reply_get_id (g_ptr_array_index (replies, 0)), ==, "r1");
  g_assert_cmpstr (cm_reply_get_text (g_ptr_array_index (replies, 0)), ==, "first\nline two");
  g_assert_null (cm_reply_get_in_reply_to (g_ptr_array_index (replies, 0)));
  g_assert_cmpstr (cm_reply_get_id (g_ptr_array_index (replies, 1)), ==, "r2");
  g_assert_cmpstr (cm_reply_get_in_reply_to (g_ptr_array_index (replies, 1)), ==, "r1");
  g_assert_cmpstr (cm_reply_get_author (g_ptr_array_index (replies, 1)), ==, "C");
  /* An underline over the whole page has the page's text as its quote. */
  g_assert_cmpuint (strlen (cm_anchor_get_exact (cm_annotation_get_anchor (parent))), >, 100);
}

/* A broken file whose notes answer each other in a circle loses none. */
static void
test_xfdf_import_reply_cycle (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GError) error = NULL;
  const char *xfdf =
    "<xfdf xmlns=\"" XFDF_NS "\"><annots>"
    "<text page=\"0\" rect=\"80,700,98,718\" name=\"a\" inreplyto=\"b\"><contents>A</contents></text>"
    "<text page=\"0\" rect=\"80,700,98,718\" name=\"b\" inreplyto=\"a\"><contents>B</contents></text>"
    "<text page=\"0\" rect=\"80,700,98,718\" name=\"c\" inreplyto=\"a\"><contents>C</contents></text>"
    "</annots></xfdf>";

  g_assert_cmpint (import_string (review, ordinance, xfdf, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_review_get_n_annotations (review) + count_replies (review), ==, 3);
}

static void
test_xfdf_import_one_undo_step (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  g_autoptr(CmReview) source = sample_review (ordinance);
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GBytes) xfdf = export_review ("xfdf", source, ordinance);
  g_autoptr(GError) error = NULL;

  g_assert_false (cm_review_can_undo (review));
  g_assert_cmpint (import_bytes (review, ordinance, xfdf, &error), ==, 5);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 3);
  g_assert_true (cm_review_is_dirty (review));
  g_assert_true (cm_review_undo (review));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
  g_assert_false (cm_review_can_undo (review));
  g_assert_true (cm_review_redo (review));
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 3);

  /* The same file again adds nothing: it was imported already. */
  g_assert_cmpint (import_bytes (review, ordinance, xfdf, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 3);
}

/* Hostile XFDF ------------------------------------------------------------ */

static const struct
{
  const char *name;
  gboolean    unsafe;   /* refused as unsafe, not merely as broken */
  const char *xml;
} hostile[] = {
  { "entity-expansion", TRUE,
    "<?xml version=\"1.0\"?>\n<!DOCTYPE xfdf [\n<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n]>\n"
    "<xfdf xmlns=\"" XFDF_NS "\"><annots><text page=\"0\" rect=\"0,0,20,20\"><contents>&e;&e;&e;</contents>"
    "</text></annots></xfdf>\n" },
  { "xxe-file", TRUE,
    "<?xml version=\"1.0\"?>\n<!DOCTYPE xfdf [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n"
    "<xfdf xmlns=\"" XFDF_NS "\"><annots><text page=\"0\" rect=\"0,0,20,20\"><contents>&x;</contents>"
    "</text></annots></xfdf>\n" },
  { "xxe-parameter", TRUE,
    "<?xml version=\"1.0\"?>\n<!DOCTYPE xfdf [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]>\n"
    "<xfdf xmlns=\"" XFDF_NS "\"/>\n" },
  { "external-dtd", TRUE,
    "<?xml version=\"1.0\"?>\n<!DOCTYPE xfdf SYSTEM \"http://127.0.0.1:9/xfdf.dtd\">\n"
    "<xfdf xmlns=\"" XFDF_NS "\"/>\n" },
  { "xinclude", TRUE,
    "<?xml version=\"1.0\"?>\n<xfdf xmlns=\"" XFDF_NS "\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><annots>"
    "<text page=\"0\" rect=\"0,0,20,20\"><contents><xi:include href=\"/etc/hostname\" parse=\"text\"/></contents>"
    "</text></annots></xfdf>\n" },
  { "truncated", FALSE,
    "<?xml version=\"1.0\"?>\n<xfdf xmlns=\"" XFDF_NS "\"><annots><text page=\"0\" rect=\"0,0,20,20\"><contents>cut" },
  { "not-xfdf", FALSE,
    "<?xml version=\"1.0\"?>\n<review xmlns=\"urn:clausemark:review:1\" format=\"1\"/>\n" },
};

static void
test_xfdf_import_hostile (void)
{
  g_autoptr(Ordinance) ordinance = ordinance_open_fixture ("chicago-plain.pdf");

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(CmReview) review = cm_review_new ();
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();

      g_test_message ("%s", hostile[i].name);
      g_assert_cmpint (import_string (review, ordinance, hostile[i].xml, &error), ==, -1);
      g_assert_nonnull (error);
      if (hostile[i].unsafe)
        g_assert_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_UNSAFE);
      g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
      g_assert_false (cm_review_can_undo (review));
      /* Refused in milliseconds, not after expanding anything. */
      g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
    }
}

/* Every hostile or broken file of the XML corpus is refused as XFDF. */
static void
test_xfdf_import_hostile_corpus (void)
{
  g_autofree char *manifest = cm_test_corpus_path ("xml/MANIFEST.tsv");
  g_autoptr(Ordinance) ordinance = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GDir) handle = NULL;
  const char *name;
  guint n = 0;

  if (manifest == NULL)
    return;
  ordinance = ordinance_open_fixture ("chicago-plain.pdf");
  dir = g_path_get_dirname (manifest);
  handle = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(CmReview) review = cm_review_new ();
      g_autoptr(GError) error = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      if (import_bytes (review, ordinance, bytes, &error) != -1)
        g_error ("%s was imported as XFDF", name);
      g_assert_nonnull (error);
      g_assert_cmpuint (cm_review_get_n_annotations (review), ==, 0);
      n++;
    }
  g_assert_cmpuint (n, >=, 40);
}

/* The command line --------------------------------------------------------- */

static void
test_cli_import (void)
{
  g_autofree char *corpus_pdf = cm_test_corpus_path ("xfdf/itext__xfdfAnnotationHighlightedText.pdf");
  g_autofree char *corpus_xfdf = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *hostile_path = NULL;
  g_autofree char *sum_before = NULL;
  g_autofree char *sum_after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char *dir;

  if (corpus_pdf == NULL)
    return;
  corpus_xfdf = cm_test_corpus_path ("xfdf/itext__xfdfAnnotationHighlightedText.xfdf");
  if (corpus_xfdf == NULL)
    return;
  dir = cm_test_tmpdir_new ();
  pdf = cm_test_copy_file (corpus_pdf, dir, "ordinance.pdf");
  sidecar = g_build_filename (dir, "ordinance.clausemark.xml", NULL);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "import", pdf, "--format", "xfdf", corpus_xfdf, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Create annotation"));
  g_assert_nonnull (strstr (out, "Annotation 1"));
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    g_auto(GStrv) fields = g_strsplit (lines[1], "\t", -1);

    /* Not assessed yet: no item and no level, not "none". */
    g_assert_cmpuint (g_strv_length (fields), ==, 7);
    g_assert_cmpstr (fields[2], ==, "");
    g_assert_cmpstr (fields[3], ==, "");
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", pdf, "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"assessment\":null"));
  g_assert_null (strstr (out, "\"none\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Hostile or broken input: exit 2, one line naming the file, the
   * sidecar byte for byte as it was. */
  sum_before = cm_test_file_sha256 (sidecar);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *message = NULL;

      hostile_path = g_build_filename (dir, "bad.xfdf", NULL);
      g_assert_true (g_file_set_contents (hostile_path, hostile[i].xml, -1, NULL));
      g_assert_cmpint (cm_test_run_cli (&out, &err, "import", pdf, "--format", "xfdf", hostile_path, NULL), ==, 2);
      g_assert_nonnull (strstr (err, "bad.xfdf"));
      g_assert_cmpuint (strchr (err, '\n') - err + 1, ==, strlen (err));
      sum_after = cm_test_file_sha256 (sidecar);
      g_assert_cmpstr (sum_before, ==, sum_after);
      g_clear_pointer (&sum_after, g_free);
      g_clear_pointer (&hostile_path, g_free);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  /* A missing file is unreadable input; a wrong call is a usage error. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.xfdf", NULL);

    g_assert_cmpint (cm_test_run_cli (&out, &err, "import", pdf, "--format", "xfdf", missing, NULL), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (cm_test_run_cli (&out, &err, "import", pdf, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "import", pdf, "--format", "fdf", corpus_xfdf, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  sum_after = cm_test_file_sha256 (sidecar);
  g_assert_cmpstr (sum_before, ==, sum_after);

  cm_test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotated-pdf/read-back", test_annotated_pdf_read_back);
  g_test_add_func ("/annotated-pdf/original-unchanged", test_annotated_pdf_original_unchanged);
  g_test_add_func ("/annotated-pdf/encrypted", test_annotated_pdf_encrypted);
  g_test_add_func ("/annotated-pdf/sticky-note", test_annotated_pdf_sticky_note);
  g_test_add_func ("/annotated-pdf/needs-document", test_annotated_pdf_needs_document);
  g_test_add_func ("/xfdf/export/well-formed", test_xfdf_export_well_formed);
  g_test_add_func ("/xfdf/round-trip", test_xfdf_round_trip);
  g_test_add_func ("/xfdf/round-trip/plain", test_xfdf_round_trip_plain);
  g_test_add_func ("/xfdf/round-trip/note", test_xfdf_round_trip_note);
  g_test_add_func ("/xfdf/import/contents-tag", test_xfdf_import_contents_tag);
  g_test_add_func ("/xfdf/import/repeated-quote", test_xfdf_import_repeated_quote);
  g_test_add_func ("/xfdf/import/section", test_xfdf_import_section);
  g_test_add_func ("/xfdf/import/corpus-counts", test_xfdf_import_corpus);
  g_test_add_func ("/xfdf/import/quotes", test_xfdf_import_quotes);
  g_test_add_func ("/xfdf/import/zero-based-pages", test_xfdf_import_zero_based_pages);
  g_test_add_func ("/xfdf/import/replies", test_xfdf_import_replies);
  g_test_add_func ("/xfdf/import/reply-cycle", test_xfdf_import_reply_cycle);
  g_test_add_func ("/xfdf/import/one-undo-step", test_xfdf_import_one_undo_step);
  g_test_add_func ("/xfdf/import/hostile", test_xfdf_import_hostile);
  g_test_add_func ("/xfdf/import/hostile-corpus", test_xfdf_import_hostile_corpus);
  g_test_add_func ("/cli/import", test_cli_import);

  return g_test_run ();
}
