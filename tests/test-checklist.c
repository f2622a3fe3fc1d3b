/* test-checklist.c: the bundled sanctuary checklist, user-supplied checklists, and the errors bad files give. */
#include <glib/gstdio.h>
#include <string.h>

#include "cm-test-util.h"

static const char *const ccr_items[] = {
  "info.fingerprint-pipeline",
  "policing.decriminalize-minor",
  "policing.anti-profiling",
  "policing.schools",
  "policing.gang-databases",
  "account.legal-defense",
  NULL,
};

static CmChecklist *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  CmChecklist *checklist = cm_checklist_new_default (&error);

  g_assert_no_error (error);
  g_assert_true (CM_IS_CHECKLIST (checklist));
  return checklist;
}

static gboolean
strv_contains (const char * const *strv,
               const char         *text)
{
  return g_strv_contains (strv, text);
}

static void
test_default_metadata (void)
{
  g_autoptr(CmChecklist) checklist = load_default ();

  g_assert_cmpstr (cm_checklist_get_id (checklist), ==, "sanctuary");
  g_assert_cmpstr (cm_checklist_get_version (checklist), ==, "1");
  g_assert_cmpstr (cm_checklist_get_title (checklist), ==,
                   "Clausemark sanctuary review checklist (v1)");
  g_assert_true (g_str_has_prefix (cm_checklist_get_description (checklist),
                                   "A fixed list of questions a reviewer answers"));
}

static void
test_default_categories (void)
{
  static const struct
  {
    const char *id;
    const char *title;
    guint       n_items;
  } expected[] = {
    { "info", "Information sharing", 5 },
    { "detain", "Detainers, holds and transfers", 5 },
    { "access", "ICE access to facilities and people in custody", 3 },
    { "coop", "Local resources, 287(g) and task forces", 4 },
    { "status", "Identity, status inquiries and records", 4 },
    { "policing", "Policing practices", 5 },
    { "account", "Accountability, access and remedies", 4 },
  };
  g_autoptr(CmChecklist) checklist = load_default ();
  GListModel *categories = cm_checklist_get_categories (checklist);

  g_assert_cmpuint (g_list_model_get_n_items (categories), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (cm_checklist_get_n_items (checklist), ==, 30);
  g_assert_cmpuint (cm_checklist_get_items (checklist)->len, ==, 30);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, i);

      g_assert_cmpstr (cm_checklist_category_get_id (category), ==, expected[i].id);
      g_assert_cmpstr (cm_checklist_category_get_title (category), ==, expected[i].title);
      g_assert_cmpuint (g_list_model_get_n_items (cm_checklist_category_get_items (category)), ==,
                        expected[i].n_items);
      g_assert_true (cm_checklist_lookup_category (checklist, expected[i].id) == category);
    }
  g_assert_null (cm_checklist_lookup_category (checklist, "detainers"));
}

/* Every item is complete, sits in the category its id names, and the flat
 * list follows category order. */
static void
test_default_items_complete (void)
{
  g_autoptr(CmChecklist) checklist = load_default ();
  GListModel *categories = cm_checklist_get_categories (checklist);
  GPtrArray *items = cm_checklist_get_items (checklist);
  guint position = 0;

  for (guint c = 0; c < g_list_model_get_n_items (categories); c++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, c);
      GListModel *category_items = cm_checklist_category_get_items (category);
      g_autofree char *prefix = g_strconcat (cm_checklist_category_get_id (category), ".", NULL);

      for (guint i = 0; i < g_list_model_get_n_items (category_items); i++, position++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (category_items, i);
          const char *id = cm_checklist_item_get_id (item);

          g_test_message ("item %s", id);
          g_assert_true (g_ptr_array_index (items, position) == item);
          g_assert_true (g_str_has_prefix (id, prefix));
          g_assert_cmpstr (cm_checklist_item_get_category_id (item), ==,
                           cm_checklist_category_get_id (category));
          g_assert_true (cm_checklist_lookup_item (checklist, id) == item);
          g_assert_cmpstr (cm_checklist_item_get_title (item), !=, "");
          g_assert_nonnull (strchr (cm_checklist_item_get_question (item), '?'));
          g_assert_true (g_str_has_prefix (cm_checklist_item_get_guidance (item), "Strong: "));
          g_assert_cmpuint (g_strv_length ((char **) cm_checklist_item_get_cues (item)), >=, 3);
          g_assert_cmpuint (g_strv_length ((char **) cm_checklist_item_get_sources (item)), >=, 1);
          for (const char * const *cue = cm_checklist_item_get_cues (item); *cue != NULL; cue++)
            {
              /* Cues are stored bare, without the quotes of the specification. */
              g_assert_cmpstr (*cue, !=, "");
              g_assert_null (strchr (*cue, '"'));
            }
        }
    }
  g_assert_cmpuint (position, ==, items->len);
}

static void
test_default_lookup (void)
{
  g_autoptr(CmChecklist) checklist = load_default ();
  CmChecklistItem *warrant = cm_checklist_lookup_item (checklist, "detain.judicial-warrant");
  CmChecklistItem *gangs = cm_checklist_lookup_item (checklist, "policing.gang-databases");
  CmChecklistItem *stops = cm_checklist_lookup_item (checklist, "policing.status-neutral-stops");
  CmChecklistItem *vending = cm_checklist_lookup_item (checklist, "policing.decriminalize-minor");
  const char * const *cues;

  g_assert_nonnull (warrant);
  g_assert_cmpstr (cm_checklist_item_get_title (warrant), ==,
                   "Judicial warrant required; no arrests on civil warrants");
  g_assert_cmpstr (cm_checklist_item_get_category_id (warrant), ==, "detain");
  cues = cm_checklist_item_get_cues (warrant);
  g_assert_cmpuint (g_strv_length ((char **) cues), ==, 7);
  g_assert_cmpstr (cues[0], ==, "judicial warrant");
  g_assert_cmpstr (cues[6], ==, "federal judge or federal magistrate");
  g_assert_true (strv_contains (cm_checklist_item_get_sources (warrant),
                                "Cal. Gov. Code 7284.4(h)-(i), 7284.6(a)(1)(E)"));

  g_assert_nonnull (gangs);
  g_assert_true (strv_contains (cm_checklist_item_get_cues (gangs), "CalGang"));
  g_assert_true (strv_contains (cm_checklist_item_get_flags (gangs), "ccr"));

  /* A cue with commas inside it stays one cue; a source with a semicolon
   * inside its parentheses stays one source. */
  g_assert_nonnull (stops);
  g_assert_true (strv_contains (cm_checklist_item_get_cues (stops), "stop, arrest, search"));
  g_assert_nonnull (vending);
  g_assert_true (strv_contains (cm_checklist_item_get_sources (vending),
                                "CCR 2017 post (Los Angeles street vending; New York summons policing)"));

  g_assert_null (cm_checklist_lookup_item (checklist, "detain.no-such-item"));
  g_assert_null (cm_checklist_lookup_item (checklist, NULL));
}

static void
test_default_ccr_flags (void)
{
  g_autoptr(CmChecklist) checklist = load_default ();
  GPtrArray *items = cm_checklist_get_items (checklist);
  guint n_flagged = 0;

  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      gboolean flagged = strv_contains (cm_checklist_item_get_flags (item), "ccr");
      gboolean expected = g_strv_contains (ccr_items, cm_checklist_item_get_id (item));

      g_test_message ("item %s", cm_checklist_item_get_id (item));
      g_assert_cmpint (flagged, ==, expected);
      n_flagged += flagged;
    }
  g_assert_cmpuint (n_flagged, ==, 6);
}

static void
test_default_assessment_scale (void)
{
  g_autoptr(CmChecklist) checklist = load_default ();
  const char * const *rules = cm_checklist_get_rules_of_thumb (checklist);

  for (CmAssessment a = CM_ASSESSMENT_STRONG; a <= CM_ASSESSMENT_NOT_APPLICABLE; a++)
    g_assert_cmpuint (strlen (cm_checklist_get_assessment_meaning (checklist, a)), >, 20);

  g_assert_true (g_str_has_prefix (cm_checklist_get_assessment_meaning (checklist, CM_ASSESSMENT_STRONG),
                                   "The law clearly and bindingly does what the item asks"));
  g_assert_cmpstr (cm_checklist_get_assessment_meaning (checklist, CM_ASSESSMENT_ABSENT), ==,
                   "The law is silent on the item. (Default; gold files omit absent items.)");
  g_assert_true (g_str_has_prefix (cm_checklist_get_assessment_meaning (checklist, CM_ASSESSMENT_HARMFUL),
                                   "The law actively enables or compels enforcement"));
  g_assert_true (g_str_has_suffix (cm_checklist_get_assessment_meaning (checklist,
                                                                        CM_ASSESSMENT_NOT_APPLICABLE),
                                   "Use sparingly and say why."));
  g_assert_null (cm_checklist_get_assessment_meaning (checklist, CM_ASSESSMENT_NONE));

  g_assert_cmpuint (g_strv_length ((char **) rules), ==, 4);
  g_assert_true (g_str_has_prefix (rules[0], "Grade what the text binds"));
  g_assert_cmpstr (rules[3], ==, "Quote the shortest verbatim span (8-25 words) that proves the verdict.");
}

/* The bundled file on disk and the one compiled into the library agree. */
static void
test_default_matches_source_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) builtin = load_default ();
  g_autoptr(CmChecklist) from_file = NULL;
  g_autoptr(GFile) file = NULL;
  const char *root = g_getenv ("CLAUSEMARK_SOURCE_ROOT");
  g_autofree char *path = NULL;

  if (root == NULL)
    {
      g_test_skip ("CLAUSEMARK_SOURCE_ROOT is not set");
      return;
    }
  path = g_build_filename (root, "data", "checklists", "sanctuary.xml", NULL);
  file = g_file_new_for_path (path);
  from_file = cm_checklist_new_for_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_checklist_get_n_items (from_file), ==, cm_checklist_get_n_items (builtin));
  for (guint i = 0; i < cm_checklist_get_n_items (builtin); i++)
    {
      CmChecklistItem *a = g_ptr_array_index (cm_checklist_get_items (builtin), i);
      CmChecklistItem *b = g_ptr_array_index (cm_checklist_get_items (from_file), i);

      g_assert_cmpstr (cm_checklist_item_get_id (a), ==, cm_checklist_item_get_id (b));
      g_assert_cmpstr (cm_checklist_item_get_guidance (a), ==, cm_checklist_item_get_guidance (b));
    }
}

/* User-supplied checklists --------------------------------------------- */

#define SCALE \
  "  <assessment-scale>\n" \
  "    <level value=\"strong\">Tenants are fully protected.</level>\n" \
  "    <level value=\"partial\">Protected with gaps.</level>\n" \
  "    <level value=\"weak\">Protection in name only.</level>\n" \
  "    <level value=\"absent\">Silent.</level>\n" \
  "    <level value=\"harmful\">Makes evictions easier.</level>\n" \
  "    <level value=\"not-applicable\">Cannot apply.</level>\n" \
  "  </assessment-scale>\n"

#define HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<checklist xmlns=\"urn:clausemark:checklist:1\" id=\"tenant\" version=\"2\">\n" \
  "  <title>Tenant protection</title>\n"

static const char tenant_checklist[] =
  HEAD
  "  <description>Does a housing ordinance\n     keep tenants in their homes?</description>\n"
  "  <flag-definition id=\"core\">The minimum any ordinance needs.</flag-definition>\n"
  SCALE
  "  <category id=\"evict\">\n"
  "    <title>Evictions</title>\n"
  "    <item id=\"evict.just-cause\">\n"
  "      <title>Just cause required</title>\n"
  "      <flag>core</flag>\n"
  "      <question>Must a landlord show one of a closed list of causes to evict?</question>\n"
  "      <guidance>Strong: closed list, covering all rental units.</guidance>\n"
  "      <cues><cue>just cause</cue><cue>good cause</cue></cues>\n"
  "    </item>\n"
  "    <item id=\"evict.counsel\">\n"
  "      <title>Right to counsel</title>\n"
  "      <question>Do tenants facing eviction get a lawyer?</question>\n"
  "      <guidance/>\n"
  "    </item>\n"
  "  </category>\n"
  "  <category id=\"rent\">\n"
  "    <title>Rent</title>\n"
  "    <item id=\"rent.cap\">\n"
  "      <title>Rent increases capped</title>\n"
  "      <question>Are yearly rent increases limited?</question>\n"
  "      <guidance>Strong: a cap tied to inflation.</guidance>\n"
  "      <sources><source>Oregon SB 608 (2019)</source></sources>\n"
  "    </item>\n"
  "  </category>\n"
  "</checklist>\n";

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_user_file_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  char *dir = cm_test_tmpdir_new ();
  CmChecklistItem *item;

  path = write_file (dir, "tenant.xml", tenant_checklist);
  file = g_file_new_for_path (path);
  checklist = cm_checklist_new_for_file (file, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (cm_checklist_get_id (checklist), ==, "tenant");
  g_assert_cmpstr (cm_checklist_get_version (checklist), ==, "2");
  g_assert_cmpstr (cm_checklist_get_title (checklist), ==, "Tenant protection");
  /* Text wrapped over lines in the file reads as one paragraph. */
  g_assert_cmpstr (cm_checklist_get_description (checklist), ==,
                   "Does a housing ordinance keep tenants in their homes?");
  g_assert_cmpuint (g_list_model_get_n_items (cm_checklist_get_categories (checklist)), ==, 2);
  g_assert_cmpuint (cm_checklist_get_n_items (checklist), ==, 3);
  g_assert_cmpstr (cm_checklist_get_assessment_meaning (checklist, CM_ASSESSMENT_HARMFUL), ==,
                   "Makes evictions easier.");
  g_assert_cmpuint (g_strv_length ((char **) cm_checklist_get_rules_of_thumb (checklist)), ==, 0);

  item = cm_checklist_lookup_item (checklist, "evict.just-cause");
  g_assert_nonnull (item);
  g_assert_cmpstr (cm_checklist_item_get_category_id (item), ==, "evict");
  g_assert_cmpuint (g_strv_length ((char **) cm_checklist_item_get_cues (item)), ==, 2);
  g_assert_cmpstr (cm_checklist_item_get_cues (item)[1], ==, "good cause");
  g_assert_cmpstr (cm_checklist_item_get_flags (item)[0], ==, "core");

  /* Optional parts come back empty, never NULL. */
  item = cm_checklist_lookup_item (checklist, "evict.counsel");
  g_assert_nonnull (item);
  g_assert_cmpstr (cm_checklist_item_get_guidance (item), ==, "");
  g_assert_cmpuint (g_strv_length ((char **) cm_checklist_item_get_cues (item)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) cm_checklist_item_get_sources (item)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) cm_checklist_item_get_flags (item)), ==, 0);

  item = cm_checklist_lookup_item (checklist, "rent.cap");
  g_assert_nonnull (item);
  g_assert_cmpstr (cm_checklist_item_get_sources (item)[0], ==, "Oregon SB 608 (2019)");
  g_assert_null (cm_checklist_lookup_item (checklist, "detain.judicial-warrant"));

  cm_test_tmpdir_free (dir);
}

/* Errors ------------------------------------------------------------------ */

/* Writes CONTENTS to a file in a new folder, loads it, and checks the error
 * code and that the message names the file and contains each of NEEDLES. */
static void
assert_load_fails (const char        *contents,
                   CmChecklistError   code,
                   const char * const *needles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  char *dir = cm_test_tmpdir_new ();

  path = write_file (dir, "broken-checklist.xml", contents);
  file = g_file_new_for_path (path);
  checklist = cm_checklist_new_for_file (file, &error);
  g_assert_null (checklist);
  g_assert_error (error, CM_CHECKLIST_ERROR, (int) code);
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  for (guint i = 0; needles != NULL && needles[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, needles[i]));

  cm_test_tmpdir_free (dir);
}

static void
test_error_malformed (void)
{
  /* Cut off in the middle of an item. */
  g_autofree char *truncated = g_strndup (tenant_checklist, strlen (tenant_checklist) / 2);

  assert_load_fails (truncated, CM_CHECKLIST_ERROR_MALFORMED, NULL);
  assert_load_fails ("", CM_CHECKLIST_ERROR_MALFORMED, NULL);
  assert_load_fails ("This is not XML.\n", CM_CHECKLIST_ERROR_MALFORMED, NULL);
}

static void
test_error_schema (void)
{
  /* An item without its question. */
  assert_load_fails (HEAD SCALE
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"evict.just-cause\"><title>Just cause</title>\n"
                     "      <guidance>Strong: closed list.</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, NULL);
  /* An assessment level that does not exist. */
  assert_load_fails (HEAD
                     "  <assessment-scale><level value=\"excellent\">Great.</level></assessment-scale>\n"
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"evict.just-cause\"><title>Just cause</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, NULL);
}

static void
test_error_wrong_root (void)
{
  const char * const needles[] = { "<review>", NULL };

  assert_load_fails ("<review xmlns=\"urn:clausemark:review:1\" format=\"1\"/>\n",
                     CM_CHECKLIST_ERROR_INVALID, needles);
}

static void
test_error_duplicate_category (void)
{
  const char * const needles[] = { "category “evict”", "line 20", NULL };

  assert_load_fails (HEAD SCALE
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"evict.just-cause\"><title>Just cause</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "  <category id=\"more\"><title>More</title>\n"
                     "    <item id=\"more.x\"><title>X</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "  <category id=\"evict\"><title>Evictions again</title>\n"
                     "    <item id=\"evict.other\"><title>Other</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, needles);
}

static void
test_error_duplicate_item (void)
{
  /* HEAD and SCALE take 11 lines: the items start on lines 13 and 15. */
  const char * const needles[] = { "evict.just-cause", "line 15", "line 13", NULL };

  assert_load_fails (HEAD SCALE
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"evict.just-cause\"><title>Just cause</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "    <item id=\"evict.just-cause\"><title>Just cause again</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, needles);
}

static void
test_error_item_outside_category (void)
{
  const char * const needles[] = { "rent.cap", "evict.", NULL };

  assert_load_fails (HEAD SCALE
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"rent.cap\"><title>Rent cap</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, needles);
}

static void
test_error_empty_title (void)
{
  const char * const needles[] = { "evict.just-cause", "title", NULL };

  assert_load_fails (HEAD SCALE
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"evict.just-cause\"><title>  \n  </title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, needles);
}

static void
test_error_incomplete_scale (void)
{
  const char * const needles[] = { "not-applicable", NULL };

  assert_load_fails (HEAD
                     "  <assessment-scale>\n"
                     "    <level value=\"strong\">S</level><level value=\"partial\">P</level>\n"
                     "    <level value=\"weak\">W</level><level value=\"absent\">A</level>\n"
                     "    <level value=\"harmful\">H</level>\n"
                     "  </assessment-scale>\n"
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"evict.just-cause\"><title>Just cause</title>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, needles);
}

static void
test_error_undeclared_flag (void)
{
  const char * const needles[] = { "evict.just-cause", "cor", NULL };

  assert_load_fails (HEAD SCALE
                     "  <category id=\"evict\"><title>Evictions</title>\n"
                     "    <item id=\"evict.just-cause\"><title>Just cause</title><flag>cor</flag>\n"
                     "      <question>Q?</question><guidance>G</guidance></item>\n"
                     "  </category>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_INVALID, needles);
}

/* An external entity must be refused, and the file it names never read into
 * the checklist or the message. */
static void
test_error_xxe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  char *dir = cm_test_tmpdir_new ();

  secret = write_file (dir, "secret.txt", "TOP-SECRET-TOKEN");
  contents = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE checklist [\n"
                              "  <!ENTITY leak SYSTEM \"file://%s\">\n"
                              "]>\n"
                              "<checklist xmlns=\"urn:clausemark:checklist:1\" id=\"x\" version=\"1\">\n"
                              "  <title>&leak;</title>\n"
                              SCALE
                              "  <category id=\"a\"><title>A</title>\n"
                              "    <item id=\"a.b\"><title>&leak;</title>\n"
                              "      <question>&leak;</question><guidance>G</guidance>\n"
                              "      <cues><cue>&leak;</cue></cues></item>\n"
                              "  </category>\n"
                              "</checklist>\n",
                              secret);
  path = write_file (dir, "xxe.xml", contents);
  file = g_file_new_for_path (path);

  checklist = cm_checklist_new_for_file (file, &error);
  g_assert_null (checklist);
  g_assert_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (strstr (error->message, "TOP-SECRET-TOKEN"));

  cm_test_tmpdir_free (dir);
}

static void
test_error_billion_laughs (void)
{
  assert_load_fails ("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE checklist [\n"
                     "  <!ENTITY a \"ha\">\n"
                     "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                     "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                     "  <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
                     "]>\n"
                     "<checklist xmlns=\"urn:clausemark:checklist:1\" id=\"x\" version=\"1\">\n"
                     "  <title>&d;</title>\n"
                     "</checklist>\n",
                     CM_CHECKLIST_ERROR_MALFORMED, NULL);
}

/* Hostile files from the shared corpus never load as checklists. */
static void
test_error_corpus (void)
{
  static const char *const names[] = {
    "xml/gen__xxe-file-etc-hostname.xml",
    "xml/gen__xinclude-etc-hostname.xml",
    "xml/libxml2__lol_classic.xml",
    "xml/gen__nul-byte-in-note.xml",
    "xml/gen__invalid-utf8-overlong-slash.xml",
    "xml/gen__two-root-elements.xml",
    "xml/libxml2__empty.xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CmChecklist) checklist = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = cm_test_corpus_path (names[i]);

      if (path == NULL)
        return;
      file = g_file_new_for_path (path);
      checklist = cm_checklist_new_for_file (file, &error);
      g_test_message ("%s: %s", names[i], error != NULL ? error->message : "(loaded)");
      g_assert_null (checklist);
      g_assert_true (g_error_matches (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_MALFORMED)
                     || g_error_matches (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_INVALID));
      /* GFile resolves the ".." in the corpus path; the message names the result. */
      g_assert_nonnull (strstr (error->message, g_file_peek_path (file)));
    }
}

static void
test_error_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  char *dir = cm_test_tmpdir_new ();

  path = g_build_filename (dir, "no-such-checklist.xml", NULL);
  file = g_file_new_for_path (path);
  checklist = cm_checklist_new_for_file (file, &error);
  g_assert_null (checklist);
  g_assert_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));

  /* A folder is not a checklist either, and must not be read. */
  g_clear_error (&error);
  g_clear_object (&file);
  file = g_file_new_for_path (dir);
  checklist = cm_checklist_new_for_file (file, &error);
  g_assert_null (checklist);
  g_assert_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, dir));

  cm_test_tmpdir_free (dir);
}

static void
test_error_bytes_display_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("<checklist", 10);
  g_autoptr(CmChecklist) checklist = NULL;

  checklist = cm_checklist_new_for_bytes (bytes, "pasted-checklist.xml", &error);
  g_assert_null (checklist);
  g_assert_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "pasted-checklist.xml"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checklist/default/metadata", test_default_metadata);
  g_test_add_func ("/checklist/default/categories", test_default_categories);
  g_test_add_func ("/checklist/default/items-complete", test_default_items_complete);
  g_test_add_func ("/checklist/default/lookup", test_default_lookup);
  g_test_add_func ("/checklist/default/ccr-flags", test_default_ccr_flags);
  g_test_add_func ("/checklist/default/assessment-scale", test_default_assessment_scale);
  g_test_add_func ("/checklist/default/matches-source-file", test_default_matches_source_file);
  g_test_add_func ("/checklist/user/file-loads", test_user_file_loads);
  g_test_add_func ("/checklist/error/malformed", test_error_malformed);
  g_test_add_func ("/checklist/error/schema", test_error_schema);
  g_test_add_func ("/checklist/error/wrong-root", test_error_wrong_root);
  g_test_add_func ("/checklist/error/duplicate-category", test_error_duplicate_category);
  g_test_add_func ("/checklist/error/duplicate-item", test_error_duplicate_item);
  g_test_add_func ("/checklist/error/item-outside-category", test_error_item_outside_category);
  g_test_add_func ("/checklist/error/empty-title", test_error_empty_title);
  g_test_add_func ("/checklist/error/incomplete-scale", test_error_incomplete_scale);
  g_test_add_func ("/checklist/error/undeclared-flag", test_error_undeclared_flag);
  g_test_add_func ("/checklist/error/xxe", test_error_xxe);
  g_test_add_func ("/checklist/error/billion-laughs", test_error_billion_laughs);
  g_test_add_func ("/checklist/error/corpus", test_error_corpus);
  g_test_add_func ("/checklist/error/missing-file", test_error_missing_file);
  g_test_add_func ("/checklist/error/bytes-display-name", test_error_bytes_display_name);

  return g_test_run ();
}
