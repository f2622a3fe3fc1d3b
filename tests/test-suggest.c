/* test-suggest.c: section labels, the "cues" analyzer's precision and recall against hand-labelled ordinances, suggest/compare/info in the CLI. */
#include <string.h>

#include <libxml/HTMLparser.h>

#include <glib/gstdio.h>

#include "cm-test-util.h"

/* Recall and precision the issue asks of the default threshold. */
#define TARGET_RECALL 0.8
#define TARGET_PRECISION 0.6

typedef struct
{
  const char *pdf;
  const char *gold;
} Fixture;

/* Every typeset layout the acceptance checks use. */
static const Fixture quality_fixtures[] = {
  { "chicago-plain.pdf", "chicago.tsv" },
  { "chicago-lines.pdf", "chicago.tsv" },
  { "chicago-columns.pdf", "chicago.tsv" },
  { "ca-sb54-plain.pdf", "ca-sb54.tsv" },
  { "ca-sb54-lines.pdf", "ca-sb54.tsv" },
  { "ca-sb54-columns.pdf", "ca-sb54.tsv" },
  { "dc-2012-plain.pdf", "dc-2012.tsv" },
  { "dc-2020-plain.pdf", "dc-2020.tsv" },
  { "tx-sb4-plain.pdf", "tx-sb4.tsv" },
};

static CmTextIndex *
open_fixture_index (const char *name)
{
  g_autofree char *path = cm_test_fixture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = cm_document_new_for_path (path, NULL, &error);
  CmTextIndex *index;

  g_assert_no_error (error);
  index = cm_text_index_new (document, NULL, &error);
  g_assert_no_error (error);
  return index;
}

/* [start, end) of the first place QUOTE occurs; fails the test if nowhere. */
static void
find_span (CmTextIndex *index,
           const char  *quote,
           guint       *start,
           guint       *end)
{
  g_autoptr(GArray) matches = cm_text_index_find (index, quote, 0);

  if (matches->len == 0)
    g_error ("quote not found in the fixture: %s", quote);
  *start = g_array_index (matches, CmTextMatch, 0).start;
  *end = g_array_index (matches, CmTextMatch, 0).end;
}

static char *
section_of (CmSectionMap *map,
            CmTextIndex  *index,
            const char   *quote)
{
  guint start, end;

  find_span (index, quote, &start, &end);
  return cm_section_map_get_section_at (map, start);
}

/* Sections ------------------------------------------------------------- */

static void
test_sections_chicago (void)
{
  g_autoptr(CmTextIndex) index = open_fixture_index ("chicago-plain.pdf");
  g_autoptr(CmSectionMap) map = cm_section_map_new (index);
  g_autofree char *title = cm_section_map_get_section_at (map, 0);
  g_autofree char *purpose = section_of (map, index, "The vitality of the City of Chicago");
  g_autofree char *lead = section_of (map, index, "No agent or agency shall participate");
  g_autofree char *stop = section_of (map, index, "solely on the belief that the person");
  g_autofree char *warrant = section_of (map, index, "based upon an administrative warrant");
  g_autofree char *detainer = section_of (map, index, "based upon an immigration detainer");
  g_autofree char *phone = section_of (map, index, "access, including by telephone");
  g_autofree char *perimeter = section_of (map, index, "set up a traffic perimeter");
  g_autofree char *forms = section_of (map, index, "no applications, questionnaires");
  g_autofree char *database = section_of (map, index, "providing direct access to any electronic database");
  const CmSection *section;

  /* The document title comes before any heading. */
  g_assert_null (title);
  g_assert_cmpstr (purpose, ==, "Sec. 2-173-005");
  g_assert_cmpstr (lead, ==, "Sec. 2-173-020(a)");
  g_assert_cmpstr (stop, ==, "Sec. 2-173-020(a)(1)(A)");
  g_assert_cmpstr (warrant, ==, "Sec. 2-173-020(a)(1)(B)");
  g_assert_cmpstr (detainer, ==, "Sec. 2-173-020(a)(1)(C)");
  g_assert_cmpstr (phone, ==, "Sec. 2-173-020(a)(2)(A)");
  g_assert_cmpstr (perimeter, ==, "Sec. 2-173-020(a)(6)");
  g_assert_cmpstr (forms, ==, "Sec. 2-173-030(a)(2)");
  g_assert_cmpstr (database, ==, "Sec. 2-173-030(b)");

  /* "Section 2-173-030(a)" inside a sentence is a reference, not a heading. */
  g_assert_cmpuint (cm_section_map_get_n_sections (map), ==, 3);
  section = cm_section_map_get_section (map, 1);
  g_assert_cmpstr (section->number, ==, "2-173-020");
  g_assert_cmpstr (section->title, ==, "Immigration enforcement prohibited.");
  g_assert_cmpuint (section->end, ==, cm_section_map_get_section (map, 2)->start);
}

static void
test_sections_forms (void)
{
  g_autoptr(CmTextIndex) ca = open_fixture_index ("ca-sb54-plain.pdf");
  g_autoptr(CmSectionMap) ca_map = cm_section_map_new (ca);
  g_autoptr(CmTextIndex) dc = open_fixture_index ("dc-2012-plain.pdf");
  g_autoptr(CmSectionMap) dc_map = cm_section_map_new (dc);
  g_autoptr(CmTextIndex) tx = open_fixture_index ("tx-sb4-plain.pdf");
  g_autoptr(CmSectionMap) tx_map = cm_section_map_new (tx);
  g_autofree char *hold = section_of (ca_map, ca, "Detaining an individual on the basis of a hold request");
  g_autofree char *judicial = section_of (ca_map, ca, "means a warrant based on probable cause");
  g_autofree char *felony = section_of (ca_map, ca, "Vandalism with prior convictions");
  g_autofree char *bill = section_of (ca_map, ca, "Section 11369 of the Health and Safety Code is repealed");
  g_autofree char *roman = section_of (dc_map, dc, "A dangerous crime as defined in § 23-1331(3) or a crime of violence as defined in § 23-1331(4) within 10 years");
  g_autofree char *counsel = section_of (dc_map, dc, "The District shall not provide to any ICE agent");
  g_autofree char *comply = section_of (tx_map, tx, "comply with, honor, and fulfill");
  g_autofree char *limits = section_of (tx_map, tx, "adopt, enforce, or endorse a policy");

  /* Run-in markers of a bill: "(a) … shall not: (1) … (B)". */
  g_assert_cmpstr (hold, ==, "Sec. 7284.6(a)(1)(B)");
  /* "(i)" after "(h)" is a letter, not a roman numeral. */
  g_assert_cmpstr (judicial, ==, "Sec. 7284.4(i)");
  g_assert_cmpstr (felony, ==, "Sec. 7282.5(a)(3)(N)");
  g_assert_cmpstr (bill, ==, "Sec. 4");
  /* "(i)" after "(B)" opens roman numerals; "§ 24-211.07." is a heading. */
  g_assert_cmpstr (roman, ==, "Sec. 24-211.07(b)(2)(B)(ii)");
  g_assert_cmpstr (counsel, ==, "Sec. 24-211.07(d)(1)");
  /* "Texas Code of Criminal Procedure Art. 2.251." names its section. */
  g_assert_cmpstr (comply, ==, "Sec. 2.251(a)(1)");
  g_assert_cmpstr (limits, ==, "Sec. 752.053(a)(1)");
}

/* The heading forms of city codes: San Francisco's "SEC. 12H.2.", Chicago's
 * "Sec. 2-173-042.", "Section 4(b)", "SECTION 5."; a reference to
 * "Section 4(b)" inside a sentence opens nothing. */
static void
test_sections_heading_forms (void)
{
  g_autoptr(CmTextIndex) index = open_fixture_index ("heading-forms.pdf");
  g_autoptr(CmSectionMap) map = cm_section_map_new (index);
  g_autofree char *funds = section_of (map, index, "use any City funds or resources");
  g_autofree char *warrant = section_of (map, index, "a warrant signed by a judge");
  g_autofree char *disclose = section_of (map, index, "shall disclose information");
  g_autofree char *action = section_of (map, index, "may bring a civil action");
  g_autofree char *effective = section_of (map, index, "takes effect on passage");

  g_assert_cmpstr (funds, ==, "Sec. 12H.2");
  g_assert_cmpstr (warrant, ==, "Sec. 12H.2(a)(1)");
  g_assert_cmpstr (disclose, ==, "Sec. 2-173-042(b)");
  g_assert_cmpstr (action, ==, "Sec. 4(b)(1)");
  g_assert_cmpstr (effective, ==, "Sec. 5");
  g_assert_cmpuint (cm_section_map_get_n_sections (map), ==, 4);
  g_assert_cmpstr (cm_section_map_get_section (map, 0)->title, ==, "USE OF CITY FUNDS PROHIBITED.");
}

/* Every layout yields the same sections: line numbers in the margin and
 * narrow columns must not make or hide headings. */
static void
test_sections_layouts (void)
{
  static const char * const ca_layouts[] = { "ca-sb54-plain.pdf", "ca-sb54-lines.pdf", "ca-sb54-columns.pdf" };
  static const char * const chicago_layouts[] = { "chicago-plain.pdf", "chicago-lines.pdf", "chicago-columns.pdf" };
  static const char * const ca_sections[] = {
    "1", "7282", "2", "7282.5", "3", "7284", "7284.2", "7284.4", "7284.6", "7284.8", "7284.10",
    "7284.12", "4", "5", NULL
  };
  static const char * const chicago_sections[] = { "2-173-005", "2-173-020", "2-173-030", NULL };
  /* Its headings wrap in a column: "Texas Government Code Sec." over "752.053." */
  static const char * const tx_layouts[] = { "tx-sb4-plain.pdf", "tx-sb4-lines.pdf", "tx-sb4-columns.pdf" };
  static const char * const tx_sections[] = { "2.251", "752.053", NULL };
  const char * const *layouts[] = { ca_layouts, chicago_layouts, tx_layouts };
  const char * const *expected[] = { ca_sections, chicago_sections, tx_sections };

  for (guint law = 0; law < G_N_ELEMENTS (layouts); law++)
    for (guint l = 0; l < 3; l++)
      {
        g_autoptr(CmTextIndex) index = open_fixture_index (layouts[law][l]);
        g_autoptr(CmSectionMap) map = cm_section_map_new (index);

        g_assert_cmpuint (cm_section_map_get_n_sections (map), ==, g_strv_length ((char **) expected[law]));
        for (guint i = 0; expected[law][i] != NULL; i++)
          g_assert_cmpstr (cm_section_map_get_section (map, i)->number, ==, expected[law][i]);
      }
}

/* The analyzer ------------------------------------------------------------ */

static CmAnalyzer *
get_analyzer (void)
{
  g_autoptr(GError) error = NULL;
  CmAnalyzer *analyzer = cm_plugin_engine_create_analyzer (cm_plugin_engine_get_default (), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (analyzer);
  return analyzer;
}

static void
test_analyzer_plugin (void)
{
  CmPluginEngine *engine = cm_plugin_engine_get_default ();
  g_autoptr(GPtrArray) analyzers = cm_plugin_engine_create_analyzers (engine);
  g_autoptr(CmAnalyzer) analyzer = get_analyzer ();
  g_autoptr(CmAnalyzer) by_id = NULL;
  g_autoptr(CmAnalyzer) missing = NULL;
  g_autoptr(GError) error = NULL;
  CmPluginInfo *info = cm_plugin_engine_lookup_plugin (engine, "suggest");

  g_assert_nonnull (info);
  g_assert_true (g_strv_contains (cm_plugin_info_get_provides (info), "analyzer"));
  g_assert_cmpuint (analyzers->len, >=, 1);
  g_assert_cmpstr (cm_analyzer_get_id (analyzer), ==, "cues");
  g_assert_nonnull (cm_analyzer_get_label (analyzer));

  by_id = cm_plugin_engine_create_analyzer (engine, "cues", &error);
  g_assert_no_error (error);
  g_assert_nonnull (by_id);
  missing = cm_plugin_engine_create_analyzer (engine, "no-such-analyzer", &error);
  g_assert_error (error, CM_PLUGIN_ERROR, CM_PLUGIN_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

/* Every suggestion points at real text: its quote is found where it says. */
static void
test_analyzer_consistent (void)
{
  g_autoptr(CmAnalyzer) analyzer = get_analyzer ();
  g_autoptr(CmTextIndex) index = open_fixture_index ("ca-sb54-columns.pdf");
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = cm_analyzer_analyze (analyzer, index, checklist, NULL, &error);
  GPtrArray *items = cm_checklist_get_items (checklist);
  guint last_item = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, >, 0);
  for (guint i = 0; i < suggestions->len; i++)
    {
      CmSuggestion *suggestion = g_ptr_array_index (suggestions, i);
      g_autoptr(GArray) matches = cm_text_index_find (index, cm_suggestion_get_quote (suggestion), 0);
      gboolean found = FALSE;
      guint item = 0;

      g_assert_cmpfloat (cm_suggestion_get_score (suggestion), >=, 0.0);
      g_assert_cmpfloat (cm_suggestion_get_score (suggestion), <=, 1.0);
      g_assert_cmpuint (cm_suggestion_get_start (suggestion), <, cm_suggestion_get_end (suggestion));
      g_assert_cmpuint (cm_suggestion_get_page (suggestion), ==,
                        cm_text_index_get_page_at (index, cm_suggestion_get_start (suggestion)));
      g_assert_nonnull (cm_suggestion_get_section (suggestion));
      g_assert_true (g_str_has_prefix (cm_suggestion_get_reason (suggestion), "cues: "));
      for (guint m = 0; m < matches->len; m++)
        found |= g_array_index (matches, CmTextMatch, m).start == cm_suggestion_get_start (suggestion);
      g_assert_true (found);

      /* In checklist order. */
      while (item < items->len
             && !g_str_equal (cm_checklist_item_get_id (g_ptr_array_index (items, item)),
                              cm_suggestion_get_item_id (suggestion)))
        item++;
      g_assert_cmpuint (item, <, items->len);
      g_assert_cmpuint (item, >=, last_item);
      last_item = item;
    }
}

static void
test_analyzer_cancelled (void)
{
  g_autoptr(CmAnalyzer) analyzer = get_analyzer ();
  g_autoptr(CmTextIndex) index = open_fixture_index ("chicago-plain.pdf");
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;

  g_cancellable_cancel (cancellable);
  suggestions = cm_analyzer_analyze (analyzer, index, checklist, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (suggestions);
}

/* A scan has no text: no sections, no suggestions, and no error. */
static void
test_analyzer_no_text (void)
{
  g_autoptr(CmAnalyzer) analyzer = get_analyzer ();
  g_autoptr(CmTextIndex) index = open_fixture_index ("scanned.pdf");
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  g_autoptr(CmSectionMap) map = cm_section_map_new (index);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *label = cm_section_map_get_section_at (map, 0);
  guint n_boundaries = 1;

  g_assert_false (cm_text_index_has_text (index));
  g_assert_cmpuint (cm_section_map_get_n_sections (map), ==, 0);
  g_assert_null (cm_section_map_lookup (map, 0));
  g_assert_null (label);
  cm_section_map_get_boundaries (map, &n_boundaries);
  g_assert_cmpuint (n_boundaries, ==, 0);

  suggestions = cm_analyzer_analyze (analyzer, index, checklist, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 0);
}

static void
test_suggestion_boxed (void)
{
  g_autoptr(CmSuggestion) suggestion = cm_suggestion_new ("detain.no-transfers", 3, 10, 42, "transfer any person",
                                                          NULL, 1.5, NULL);
  g_autoptr(CmSuggestion) copy = cm_suggestion_copy (suggestion);

  g_assert_cmpstr (cm_suggestion_get_item_id (copy), ==, "detain.no-transfers");
  g_assert_cmpuint (cm_suggestion_get_page (copy), ==, 3);
  g_assert_cmpuint (cm_suggestion_get_start (copy), ==, 10);
  g_assert_cmpuint (cm_suggestion_get_end (copy), ==, 42);
  g_assert_cmpstr (cm_suggestion_get_quote (copy), ==, "transfer any person");
  g_assert_null (cm_suggestion_get_section (copy));
  /* Scores are clamped to 0..1; a missing reason reads as "". */
  g_assert_cmpfloat (cm_suggestion_get_score (copy), ==, 1.0);
  g_assert_cmpstr (cm_suggestion_get_reason (copy), ==, "");
  g_assert_true (G_TYPE_IS_BOXED (CM_TYPE_SUGGESTION));
}

typedef struct
{
  char  *item;
  char  *quote;
  guint  start;
  guint  end;
  gboolean found;
} GoldRow;

static void
gold_row_clear (gpointer data)
{
  GoldRow *row = data;

  g_free (row->item);
  g_free (row->quote);
}

static GArray *
load_gold (const char  *name,
           CmTextIndex *index)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "gold", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (GoldRow));

  g_array_set_clear_func (rows, gold_row_clear);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "item_id\tquote");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      GoldRow row = { 0 };

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 2);
      g_assert_nonnull (fields[1]);
      row.item = g_strdup (fields[0]);
      row.quote = g_strdup (fields[1]);
      find_span (index, row.quote, &row.start, &row.end);
      g_array_append_val (rows, row);
    }
  return rows;
}

static gboolean
overlaps (guint a_start,
          guint a_end,
          guint b_start,
          guint b_end)
{
  return a_start < b_end && b_start < a_end;
}

/* Precision: suggestions that hit a gold row of their item, over all
 * suggestions. Recall: gold rows hit by a suggestion of their item. Pooled
 * over every fixture and layout. */
static void
test_quality (void)
{
  g_autoptr(CmAnalyzer) analyzer = get_analyzer ();
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  guint n_suggestions = 0, n_correct = 0, n_gold = 0, n_found = 0;
  double precision, recall;

  for (guint f = 0; f < G_N_ELEMENTS (quality_fixtures); f++)
    {
      g_autoptr(CmTextIndex) index = open_fixture_index (quality_fixtures[f].pdf);
      g_autoptr(GArray) gold = load_gold (quality_fixtures[f].gold, index);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) suggestions = cm_analyzer_analyze (analyzer, index, checklist, NULL, &error);
      guint correct = 0, found = 0;

      g_assert_no_error (error);
      for (guint i = 0; i < suggestions->len; i++)
        {
          CmSuggestion *suggestion = g_ptr_array_index (suggestions, i);
          gboolean hit = FALSE;

          for (guint g = 0; g < gold->len; g++)
            {
              GoldRow *row = &g_array_index (gold, GoldRow, g);

              if (g_str_equal (row->item, cm_suggestion_get_item_id (suggestion))
                  && overlaps (row->start, row->end, cm_suggestion_get_start (suggestion),
                               cm_suggestion_get_end (suggestion)))
                {
                  row->found = TRUE;
                  hit = TRUE;
                }
            }
          if (hit)
            correct++;
          else if (g_test_verbose ())
            g_test_message ("  extra: %s %s %.2f “%.60s”", cm_suggestion_get_item_id (suggestion),
                            cm_suggestion_get_section (suggestion), cm_suggestion_get_score (suggestion),
                            cm_suggestion_get_quote (suggestion));
        }
      for (guint g = 0; g < gold->len; g++)
        {
          GoldRow *row = &g_array_index (gold, GoldRow, g);

          if (row->found)
            found++;
          else if (g_test_verbose ())
            g_test_message ("  missed: %s “%.60s”", row->item, row->quote);
        }

      g_test_message ("%-22s precision %u/%u, recall %u/%u", quality_fixtures[f].pdf,
                      correct, suggestions->len, found, gold->len);
      n_suggestions += suggestions->len;
      n_correct += correct;
      n_gold += gold->len;
      n_found += found;
    }

  precision = n_suggestions > 0 ? (double) n_correct / n_suggestions : 0.0;
  recall = n_gold > 0 ? (double) n_found / n_gold : 0.0;
  g_test_message ("overall: precision %.3f (%u/%u), recall %.3f (%u/%u)",
                  precision, n_correct, n_suggestions, recall, n_found, n_gold);
  g_assert_cmpfloat (recall, >=, TARGET_RECALL);
  g_assert_cmpfloat (precision, >=, TARGET_PRECISION);
}

/* The CLI ------------------------------------------------------------------ */

static void
test_cli_suggest (void)
{
  g_autofree char *pdf = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *scan = cm_test_fixture_path ("scanned.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean detainer = FALSE;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "suggest", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "suggest", pdf, "--format", "xml", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "suggest", "/nonexistent/x.pdf", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "x.pdf"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* A scan has nothing to suggest from: said, not silently empty. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "suggest", scan, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "text layer"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "suggest", pdf, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "item\tpage\tsection\tscore\tquote\treason");
  g_assert_nonnull (lines[1]);
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 6);
      if (g_str_equal (fields[0], "detain.no-detainer-holds")
          && g_str_equal (fields[2], "Sec. 2-173-020(a)(1)(C)")
          && g_str_has_prefix (fields[4], "based upon an immigration detainer"))
        detainer = TRUE;
    }
  g_assert_true (detainer);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "suggest", pdf, "--format", "json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "[{\"item\":"));
  g_assert_nonnull (strstr (out, "\"section\":\"Sec. 2-173-020(a)(1)(C)\""));
}

static void
test_cli_tag_section (void)
{
  g_autofree char *dir = cm_test_tmpdir_new ();
  g_autofree char *fixture = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *pdf = cm_test_copy_file (fixture, dir, "chicago.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", pdf, "--item", "detain.no-detainer-holds",
                                    "--assessment", "strong", "--quote", "based upon an immigration detainer",
                                    "--author", "Ana", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", pdf, "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"section\":\"Sec. 2-173-020(a)(1)(C)\""));
  cm_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_cli_info_scanned (void)
{
  g_autofree char *scan = cm_test_fixture_path ("scanned.pdf");
  g_autofree char *mixed = cm_test_fixture_path ("mixed-scan.pdf");
  g_autofree char *plain = cm_test_fixture_path ("dc-2012-plain.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", scan, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "has-text: no\n"));
  g_assert_nonnull (strstr (out, "pages-without-text: 1, 2\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", mixed, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "has-text: yes\n"));
  g_assert_nonnull (strstr (out, "pages-without-text: 2\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", plain, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pages-without-text: none\n"));
}

/* Compare ------------------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *chicago;
  char *dc;
} CompareFixture;

static void
run_ok (const char *first,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = cm_test_run_cliv ((const char * const *) args->pdata, &out, &err);
  if (status != 0)
    g_error ("clausemark-cli %s failed (%d): %s", first, status, err);
}

static void
compare_fixture_set_up (CompareFixture *fixture,
                        gconstpointer   data)
{
  g_autofree char *chicago = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *dc = cm_test_fixture_path ("dc-2020-plain.pdf");

  fixture->dir = cm_test_tmpdir_new ();
  /* A name that needs escaping in HTML and quoting in CSV. */
  fixture->chicago = cm_test_copy_file (chicago, fixture->dir, "Chicago <2-173>, \"Welcoming\".pdf");
  fixture->dc = cm_test_copy_file (dc, fixture->dir, "dc.pdf");

  run_ok ("tag", fixture->chicago, "--item", "detain.no-detainer-holds", "--assessment", "strong",
          "--quote", "based upon an immigration detainer", "--author", "Ana",
          "--note", "<script>alert(1)</script> & more", NULL);
  run_ok ("tag", fixture->chicago, "--item", "detain.judicial-warrant", "--assessment", "strong",
          "--quote", "based upon an administrative warrant", "--author", "Ana", NULL);
  run_ok ("verdict", fixture->chicago, "--item", "detain.no-detainer-holds", "--assessment", "strong",
          "--author", "Ana", NULL);
  run_ok ("tag", fixture->dc, "--item", "detain.no-detainer-holds", "--assessment", "strong",
          "--quote", "Hold an individual in the District's custody", "--author", "Ben", NULL);
  run_ok ("tag", fixture->dc, "--item", "account.enforcement-remedies", "--assessment", "weak",
          "--quote", "Nothing in this section shall be construed to create a private right of action",
          "--author", "Ben", NULL);
  run_ok ("verdict", fixture->dc, "--item", "detain.no-detainer-holds", "--assessment", "partial",
          "--author", "Ben", NULL);
  run_ok ("verdict", fixture->dc, "--item", "account.enforcement-remedies", "--assessment", "weak",
          "--author", "Ben", NULL);
}

static void
compare_fixture_tear_down (CompareFixture *fixture,
                           gconstpointer   data)
{
  g_free (fixture->chicago);
  g_free (fixture->dc);
  cm_test_tmpdir_free (fixture->dir);
}

/* A strict RFC 4180 reader: rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p++;
          while (*p != '\0' && !(*p == '"' && p[1] != '"'))
            {
              if (*p == '"')
                p++;
              g_string_append_c (field, *p++);
            }
          g_assert_cmpint (*p, ==, '"');
          p++;
        }
      else
        while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n')
          g_string_append_c (field, *p++);

      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (p[0] == '\r' && p[1] == '\n');
      p += 2;
      g_ptr_array_add (row, NULL);
      /* Stealing leaves ROW empty, ready for the next one. */
      g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
    }
  return rows;
}

static char **
csv_row (GPtrArray  *rows,
         const char *item)
{
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      if (g_str_equal (row[0], item))
        return row;
    }
  g_error ("no row for %s", item);
  return NULL;
}

static void
test_compare_csv (CompareFixture *fixture,
                  gconstpointer   data)
{
  g_autofree char *output = g_build_filename (fixture->dir, "matrix.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CmChecklist) checklist = cm_checklist_new_default (NULL);
  char **header, **row;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->chicago, fixture->dc,
                                    "--format", "csv", "-o", output, NULL), ==, 0);
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  rows = parse_csv (contents);

  /* A header, then one row per checklist item. */
  g_assert_cmpuint (rows->len, ==, 1 + cm_checklist_get_n_items (checklist));
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 4);
  g_assert_cmpstr (header[0], ==, "item");
  g_assert_cmpstr (header[2], ==, "Chicago <2-173>, \"Welcoming\".pdf");
  g_assert_cmpstr (header[3], ==, "dc.pdf");

  row = csv_row (rows, "detain.no-detainer-holds");
  g_assert_cmpstr (row[2], ==, "strong (1)");
  g_assert_cmpstr (row[3], ==, "partial (1)");
  /* Evidence without a verdict, and a verdict in one column only. */
  row = csv_row (rows, "detain.judicial-warrant");
  g_assert_cmpstr (row[2], ==, "- (1)");
  g_assert_cmpstr (row[3], ==, "- (0)");
  row = csv_row (rows, "account.enforcement-remedies");
  g_assert_cmpstr (row[2], ==, "- (0)");
  g_assert_cmpstr (row[3], ==, "weak (1)");

  /* Two ordinances of one file name, in two folders: told apart. */
  {
    g_autofree char *folder = g_build_filename (fixture->dir, "2023", NULL);
    g_autofree char *same_name = g_build_filename (folder, "dc.pdf", NULL);
    g_autofree char *matrix = NULL;
    g_autoptr(GPtrArray) same_rows = NULL;

    g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
    g_free (cm_test_copy_file (fixture->dc, folder, "dc.pdf"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->dc, same_name,
                                      "--format", "csv", "-o", "-", NULL), ==, 0);
    same_rows = parse_csv (out);
    header = g_ptr_array_index (same_rows, 0);
    g_assert_cmpstr (header[2], !=, header[3]);
    g_assert_true (g_str_has_suffix (header[3], "2023/dc.pdf"));
  }
}

static xmlNode *
find_element (xmlNode    *node,
              const char *name,
              const char *attribute,
              const char *value)
{
  for (; node != NULL; node = node->next)
    {
      xmlNode *found;

      if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name))
        {
          xmlChar *actual = attribute ? xmlGetProp (node, (const xmlChar *) attribute) : NULL;
          gboolean match = attribute == NULL || (actual != NULL && g_str_equal ((char *) actual, value));

          xmlFree (actual);
          if (match)
            return node;
        }
      if ((found = find_element (node->children, name, attribute, value)) != NULL)
        return found;
    }
  return NULL;
}

/* The Nth <td> of ROW. */
static xmlNode *
nth_cell (xmlNode *row,
          guint    n)
{
  for (xmlNode *child = row->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, "td") && n-- == 0)
      return child;
  return NULL;
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup ((const char *) content);

  xmlFree (content);
  return text;
}

static void
test_compare_html (CompareFixture *fixture,
                   gconstpointer   data)
{
  g_autofree char *output = g_build_filename (fixture->dir, "matrix.html", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  htmlDocPtr doc;
  xmlNode *root, *row, *cell, *header;
  xmlChar *title, *klass;
  g_autofree char *cell_text = NULL;
  g_autofree char *header_text = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->chicago, fixture->dc,
                                    "--format", "html", "-o", output, NULL), ==, 0);
  g_assert_true (g_file_get_contents (output, &contents, &length, NULL));
  /* Self-contained: nothing fetched from elsewhere. */
  g_assert_null (strstr (contents, "<link"));
  g_assert_null (strstr (contents, "src="));
  g_assert_nonnull (strstr (contents, "@media print"));

  doc = htmlReadMemory (contents, (int) length, "matrix.html", "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);

  /* User text is escaped: the note's script is text, not an element. */
  g_assert_null (find_element (root, "script", NULL, NULL));
  /* The second column header names the first PDF. */
  header = find_element (find_element (root, "thead", NULL, NULL), "th", NULL, NULL);
  g_assert_nonnull (header);
  do
    header = header->next;
  while (header != NULL && header->type != XML_ELEMENT_NODE);
  g_assert_nonnull (header);
  header_text = node_text (header);
  g_assert_cmpstr (header_text, ==, "Chicago <2-173>, \"Welcoming\".pdf");

  row = find_element (root, "tr", "data-item", "detain.no-detainer-holds");
  g_assert_nonnull (row);
  cell = nth_cell (row, 0);
  g_assert_nonnull (cell);
  klass = xmlGetProp (cell, (const xmlChar *) "class");
  g_assert_cmpstr ((char *) klass, ==, "v-strong");
  xmlFree (klass);
  /* The evidence on hover, and in a details element for print and touch. */
  title = xmlGetProp (cell, (const xmlChar *) "title");
  g_assert_nonnull (title);
  g_assert_nonnull (strstr ((char *) title, "based upon an immigration detainer"));
  xmlFree (title);
  g_assert_nonnull (find_element (cell->children, "details", NULL, NULL));
  cell_text = node_text (cell);
  g_assert_nonnull (strstr (cell_text, "strong"));
  g_assert_nonnull (strstr (cell_text, "1 evidence"));
  g_assert_nonnull (strstr (cell_text, "Sec. 2-173-020(a)(1)(C)"));
  g_assert_nonnull (strstr (cell_text, "<script>alert(1)</script> & more"));
  g_clear_pointer (&cell_text, g_free);

  cell = nth_cell (row, 1);
  klass = xmlGetProp (cell, (const xmlChar *) "class");
  g_assert_cmpstr ((char *) klass, ==, "v-partial");
  xmlFree (klass);

  /* No verdict, no evidence: a dash, and no hover text. */
  row = find_element (root, "tr", "data-item", "status.id-access");
  cell = nth_cell (row, 0);
  title = xmlGetProp (cell, (const xmlChar *) "title");
  g_assert_null (title);
  cell_text = node_text (cell);
  g_assert_nonnull (strstr (cell_text, "0 evidence"));

  xmlFreeDoc (doc);
}

static void
test_compare_errors (CompareFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *output = g_build_filename (fixture->dir, "matrix.csv", NULL);
  g_autofree char *unwritable = g_build_filename (fixture->dir, "no-such-dir", "matrix.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->dc, "-o", output, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--format"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->dc, "--format", "pdf", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->dc, "/nonexistent/b.pdf",
                                    "--format", "csv", "-o", output, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "b.pdf"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->dc, "--format", "csv",
                                    "-o", unwritable, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "matrix.csv"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Without -o the matrix goes to stdout. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->dc, "--format", "csv", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "item,title,dc.pdf\r\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A broken sidecar is an error, never an empty column. */
  {
    g_autofree char *sidecar = g_build_filename (fixture->dir, "dc.clausemark.xml", NULL);

    g_assert_true (g_file_set_contents (sidecar, "<review", -1, NULL));
    g_assert_cmpint (cm_test_run_cli (&out, &err, "compare", fixture->chicago, fixture->dc,
                                      "--format", "csv", "-o", output, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "dc.clausemark.xml"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sections/chicago", test_sections_chicago);
  g_test_add_func ("/sections/forms", test_sections_forms);
  g_test_add_func ("/sections/layouts", test_sections_layouts);
  g_test_add_func ("/sections/heading-forms", test_sections_heading_forms);
  g_test_add_func ("/suggest/plugin", test_analyzer_plugin);
  g_test_add_func ("/suggest/consistent", test_analyzer_consistent);
  g_test_add_func ("/suggest/cancelled", test_analyzer_cancelled);
  g_test_add_func ("/suggest/no-text", test_analyzer_no_text);
  g_test_add_func ("/suggest/boxed", test_suggestion_boxed);
  g_test_add_func ("/suggest/quality", test_quality);
  g_test_add_func ("/cli/suggest", test_cli_suggest);
  g_test_add_func ("/cli/tag/section", test_cli_tag_section);
  g_test_add_func ("/cli/info/scanned", test_cli_info_scanned);
  g_test_add ("/cli/compare/csv", CompareFixture, NULL,
              compare_fixture_set_up, test_compare_csv, compare_fixture_tear_down);
  g_test_add ("/cli/compare/html", CompareFixture, NULL,
              compare_fixture_set_up, test_compare_html, compare_fixture_tear_down);
  g_test_add ("/cli/compare/errors", CompareFixture, NULL,
              compare_fixture_set_up, test_compare_errors, compare_fixture_tear_down);

  return g_test_run ();
}
