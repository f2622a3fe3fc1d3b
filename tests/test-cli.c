/* test-cli.c: every clausemark-cli command and exit code of the contract in DESIGN.md. */
#include <glib/gstdio.h>

#include "cm-test-util.h"

typedef struct
{
  char *dir;
  char *pdf;
  char *sidecar;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *source = cm_test_fixture_path (data ? data : "chicago-plain.pdf");

  fixture->dir = cm_test_tmpdir_new ();
  fixture->pdf = cm_test_copy_file (source, fixture->dir, "ordinance.pdf");
  fixture->sidecar = g_build_filename (fixture->dir, "ordinance.clausemark.xml", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cm_test_tmpdir_free (fixture->dir);
  g_free (fixture->pdf);
  g_free (fixture->sidecar);
}

static char *
tag (Fixture    *fixture,
     const char *item,
     const char *quote)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", item, "--assessment",
                                "partial", "--quote", quote, "--author", "Ana Ruiz",
                                "--note", "Exception\tswallows\nthe rule", NULL);

  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_strstrip (out);
  g_assert_cmpuint (strlen (out), ==, 36);   /* a UUID */
  return g_steal_pointer (&out);
}

static void
test_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "frobnicate", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown command"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "validate"));
  /* Every command's summary starts in character column 32, "B.pdf…" (seven
   * characters, nine bytes) or not. */
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    guint n_commands = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autofree gunichar *chars = NULL;
        glong n = 0;

        if (!g_str_has_prefix (lines[i], "  ") || lines[i][2] == ' ')
          continue;
        chars = g_utf8_to_ucs4_fast (lines[i], -1, &n);
        g_assert_cmpint (n, >, 33);
        g_assert_true (chars[31] == ' ');
        g_assert_false (chars[32] == ' ');
        n_commands++;
      }
    g_assert_cmpuint (n_commands, >=, 16);
  }
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", "x.pdf", "--bogus-option", NULL), ==, 1);
}

static void
test_info (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sha = cm_test_file_sha256 (fixture->pdf);
  g_autofree char *sha_line = g_strdup_printf ("sha256: %s\n", sha);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", fixture->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pages: "));
  g_assert_nonnull (strstr (out, sha_line));
  g_assert_nonnull (strstr (out, "has-text: yes\n"));
  g_assert_nonnull (strstr (out, fixture->sidecar));
  g_assert_nonnull (strstr (out, "annotations: 0\n"));
  g_assert_nonnull (strstr (out, "Chicago"));
}

static void
expect_input_error (const char * const *argv,
                    const char         *needle)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = cm_test_run_cliv (argv, &out, &err);

  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  /* One line naming the file and the reason. */
  g_assert_cmpuint (strlen (err), >, 0);
  g_assert_null (strchr (err, '\n') == err + strlen (err) - 1 ? NULL : "multi-line error");
  if (needle != NULL && strstr (err, needle) == NULL)
    g_error ("expected “%s” in: %s", needle, err);
}

static void
test_info_bad_input (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.pdf", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "notes.pdf", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.pdf", NULL);
  g_autofree char *truncated = g_build_filename (fixture->dir, "truncated.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_file_set_contents (text, "Minutes of the council meeting\n", -1, NULL);
  g_file_set_contents (empty, "", 0, NULL);
  g_file_get_contents (fixture->pdf, &contents, &length, NULL);
  g_file_set_contents (truncated, contents, length / 3, NULL);

  expect_input_error ((const char * const[]) { "info", missing, NULL }, "missing.pdf");
  expect_input_error ((const char * const[]) { "info", text, NULL }, "notes.pdf");
  expect_input_error ((const char * const[]) { "info", empty, NULL }, "empty.pdf");
  expect_input_error ((const char * const[]) { "info", truncated, NULL }, "truncated.pdf");
}

static void
test_info_encrypted (void)
{
  g_autofree char *path = cm_test_corpus_path ("pdf/pypdf__libreoffice-writer-password.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char *dir;
  g_autofree char *copy = NULL;

  if (path == NULL)
    return;
  dir = cm_test_tmpdir_new ();
  copy = cm_test_copy_file (path, dir, "locked.pdf");
  expect_input_error ((const char * const[]) { "info", copy, NULL }, "password");
  expect_input_error ((const char * const[]) { "info", copy, "--password", "wrong", NULL }, "locked.pdf");
  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", copy, "--password", "openpassword", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pages: 1\n"));
  cm_test_tmpdir_free (dir);
}

static void
test_checklist (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "checklist", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "detain.judicial-warrant"));
  g_assert_nonnull (strstr (out, "30 items"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "checklist", "--format", "json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"id\":\"sanctuary\""));
  g_assert_nonnull (strstr (out, "\"policing.gang-databases\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "checklist", "--format", "yaml", NULL), ==, 1);
}

static void
test_checklist_user_file (void)
{
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *broken = g_build_filename (dir, "broken.xml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_file_set_contents (broken, "<checklist xmlns=\"urn:clausemark:checklist:1\"><category", -1, NULL);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "checklist", "--checklist", broken, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "broken.xml"));
  cm_test_tmpdir_free (dir);
}

/* A review made with another checklist: commands without that checklist
 * refuse (exit 2, the checklist named), rather than report "0 of 30" or mix
 * a second checklist's items into it; with it, they work. */
static void
test_other_checklist (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *checklist = cm_test_write_tenant_checklist (fixture->dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *quote = "civil immigration enforcement operations";

  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--checklist", checklist,
                                    "--item", "evict.just-cause", "--assessment", "weak", "--quote", quote,
                                    NULL), ==, 0);
  before = cm_test_file_sha256 (fixture->sidecar);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "status", fixture->pdf, NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "ordinance.pdf"));
  g_assert_nonnull (strstr (err, "“tenant”"));
  g_assert_nonnull (strstr (err, "--checklist"));
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", "--quote", quote, NULL), ==, 2);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", fixture->pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", NULL), ==, 2);
  after = cm_test_file_sha256 (fixture->sidecar);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", fixture->pdf, "--checklist", checklist,
                                    "--item", "evict.counsel", "--assessment", "absent", NULL), ==, 0);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "status", fixture->pdf, "--checklist", checklist, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 of 2 items assessed"));
}

static void
test_tag_list_untag (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = tag (fixture, "detain.judicial-warrant",
                             "based upon an administrative warrant");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_test (fixture->sidecar, G_FILE_TEST_EXISTS));
  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", fixture->pdf, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "id\tpage\titem\tassessment\tauthor\tquote\tnote");
  fields = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 7);
  g_assert_cmpstr (fields[0], ==, id);
  g_assert_cmpstr (fields[2], ==, "detain.judicial-warrant");
  g_assert_cmpstr (fields[3], ==, "partial");
  g_assert_cmpstr (fields[4], ==, "Ana Ruiz");
  g_assert_cmpstr (fields[5], ==, "based upon an administrative warrant");
  g_assert_cmpstr (fields[6], ==, "Exception\\tswallows\\nthe rule");
  g_assert_cmpstr (lines[2], ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", fixture->pdf, "--format", "json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "[{\"id\":"));
  g_assert_nonnull (strstr (out, id));
  g_assert_nonnull (strstr (out, "\"note\":\"Exception\\tswallows\\nthe rule\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "untag", fixture->pdf, id, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", fixture->pdf, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "id\tpage\titem\tassessment\tauthor\tquote\tnote\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The deletion is recorded as a tombstone in the sidecar. */
  {
    g_autofree char *xml = NULL;
    g_file_get_contents (fixture->sidecar, &xml, NULL, NULL);
    g_assert_nonnull (strstr (xml, "<deleted"));
    g_assert_nonnull (strstr (xml, id));
  }

  g_assert_cmpint (cm_test_run_cli (&out, &err, "untag", fixture->pdf, "no-such-id", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-id"));
}

static void
test_tag_across_line_break (Fixture       *fixture,
                            gconstpointer  data)
{
  /* Long enough to wrap in the typeset PDF, with doubled spaces and a curly quote. */
  g_autofree char *id = tag (fixture, "access.interview-safeguards",
                             "access, including by telephone,  to a person being detained by, or in the "
                             "custody of, the agency or agent");
  g_assert_nonnull (id);
}

static void
test_tag_not_found_leaves_sidecar (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *first = tag (fixture, "coop.no-287g", "civil immigration enforcement operations");
  g_autofree char *before = cm_test_file_sha256 (fixture->sidecar);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", "--quote",
                                    "the city shall build a wall of welcome", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "not found"));
  g_assert_nonnull (strstr (err, "ordinance.pdf"));
  after = cm_test_file_sha256 (fixture->sidecar);
  g_assert_cmpstr (before, ==, after);
}

/* A full disk (a limit on file sizes, which the CLI inherits): exit 2, one
 * line that says what to do, and the sidecar as it was. */
static void
test_tag_write_fails (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *first = tag (fixture, "coop.no-287g", "civil immigration enforcement operations");
  g_autofree char *before = cm_test_file_sha256 (fixture->sidecar);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *note = g_strnfill (8000, 'n');
  GStatBuf info;
  int status;

  g_assert_cmpint (g_stat (fixture->sidecar, &info), ==, 0);
  cm_test_limit_file_size (info.st_size + 1);
  status = cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", "coop.no-287g",
                            "--assessment", "weak", "--quote", "civil immigration enforcement operations",
                            "--note", note, NULL);
  cm_test_limit_file_size (0);

  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, fixture->sidecar));
  g_assert_nonnull (strstr (err, "Free some disk space"));
  g_assert_nonnull (strstr (err, "--sidecar PATH"));
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
  after = cm_test_file_sha256 (fixture->sidecar);
  g_assert_cmpstr (before, ==, after);
}

static void
test_tag_without_sidecar_not_found (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", "--quote", "zebra crossing", NULL), ==, 2);
  g_assert_false (g_file_test (fixture->sidecar, G_FILE_TEST_EXISTS));
}

static void
test_tag_ambiguous (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;

  /* "immigration" appears on every page of the ordinance. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", "--quote", "immigration", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "several pages (1, 2"));
  g_assert_false (g_file_test (fixture->sidecar, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", "--quote", "immigration", "--page", "2",
                                    NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", fixture->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\t2\tcoop.no-287g\tstrong\t"));
}

static void
test_tag_usage_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *cases[][10] = {
    { "tag", NULL, "--item", "coop.no-287g", "--assessment", "excellent", "--quote", "agent" },
    { "tag", NULL, "--item", "coop.no-such", "--assessment", "strong", "--quote", "agent" },
    { "tag", NULL, "--item", "coop.no-287g", "--assessment", "strong",
      "--quote", "civil immigration enforcement operations", "--page", "-3" },
    { "tag", NULL, "--item", "coop.no-287g", "--assessment", "strong",
      "--quote", "civil immigration enforcement operations", "--page", "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *argv[11];

      memcpy (argv, cases[i], sizeof cases[i]);
      argv[1] = fixture->pdf;
      argv[10] = NULL;
      g_assert_cmpint (cm_test_run_cliv (argv, &out, &err), ==, 1);
      /* One line, naming the file. */
      g_assert_nonnull (strstr (err, "ordinance.pdf: "));
      g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
      g_assert_false (g_file_test (fixture->sidecar, G_FILE_TEST_EXISTS));
    }
}

static void
test_verdict_status (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = tag (fixture, "detain.no-detainer-holds", "based upon an immigration detainer");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", fixture->pdf, "--item",
                                    "detain.no-detainer-holds", "--assessment", "strong", "--note",
                                    "Flat ban.", "--author", "Ana Ruiz", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "status", fixture->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "detain.no-detainer-holds\tstrong\t1\t"));
  g_assert_nonnull (strstr (out, "info.no-status-sharing\t-\t0\t"));
  g_assert_true (g_str_has_suffix (out, "1 of 30 items assessed\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", fixture->pdf, "--item",
                                    "detain.no-detainer-holds", NULL), ==, 1);
}

static void
test_validate_and_sidecar_option (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *custom = g_build_filename (fixture->dir, "team", "review.xml", NULL);
  g_autofree char *team = g_path_get_dirname (custom);
  g_autofree char *hostile = g_build_filename (fixture->dir, "hostile.xml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_mkdir_with_parents (team, 0755);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--sidecar", custom, "--item",
                                    "coop.no-287g", "--assessment", "strong", "--quote",
                                    "civil immigration enforcement operations", NULL), ==, 0);
  g_assert_true (g_file_test (custom, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->sidecar, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "validate", custom, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_file_set_contents (hostile,
                       "<?xml version=\"1.0\"?>\n<!DOCTYPE review [<!ENTITY h SYSTEM \"file:///etc/hostname\">]>\n"
                       "<review xmlns=\"urn:clausemark:review:1\" format=\"1\"><note>&h;</note></review>\n",
                       -1, NULL);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "validate", hostile, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "hostile.xml"));

  /* A newer format is not called valid (nor invalid by format 1's rules):
   * it cannot be checked here, and the message says Clausemark opens it. */
  {
    g_autofree char *newer = g_build_filename (fixture->dir, "newer.xml", NULL);

    g_file_set_contents (newer, "<review xmlns=\"urn:clausemark:review:1\" format=\"2\"/>\n", -1, NULL);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cm_test_run_cli (&out, &err, "validate", newer, NULL), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "newer.xml is in format 2"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cm_test_run_cli (&out, &err, "status", fixture->pdf, "--sidecar", newer, NULL), ==, 0);
  }
}

static void
test_malformed_sidecar_untouched (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_file_set_contents (fixture->sidecar,
                       "<?xml version=\"1.0\"?>\n<review xmlns=\"urn:clausemark:review:1\" format=\"1\">\n"
                       "  <annotation id=\"a1\" author=\"Ana Ru", -1, NULL);
  before = cm_test_file_sha256 (fixture->sidecar);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", fixture->pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", "--quote",
                                    "civil immigration enforcement operations", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "ordinance.clausemark.xml"));
  after = cm_test_file_sha256 (fixture->sidecar);
  g_assert_cmpstr (before, ==, after);
}

/* The city publishes an amended PDF: sections renumbered and moved, a
 * clause reworded, a clause removed. Every annotation is either found
 * again or visibly orphaned; none is lost. */
static void
test_amended_ordinance (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *moved = tag (fixture, "detain.judicial-warrant", "based upon an administrative warrant");
  g_autofree char *removed = tag (fixture, "detain.no-transfers",
                                  "transfer any person into ICE custody for the sole purpose of civil "
                                  "immigration enforcement");
  g_autofree char *reworded = tag (fixture, "coop.no-operational-support",
                                   "set up a traffic perimeter or provide on-site support to assist a "
                                   "civil immigration enforcement operation");
  g_autofree char *amended = cm_test_fixture_path ("chicago-amended.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (amended, &contents, &length, NULL);
  g_file_set_contents (fixture->pdf, contents, length, NULL);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", fixture->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "annotations: 3\n"));
  g_assert_nonnull (strstr (out, "document-changed: yes\n"));
  g_assert_nonnull (strstr (out, "moved: 1\n"));
  g_assert_nonnull (strstr (out, "fuzzy: 1\n"));
  g_assert_nonnull (strstr (out, "orphaned: 1\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "status", fixture->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "document-changed: yes\n"));
  g_assert_nonnull (strstr (out, "orphaned: 1\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A save adopts the new PDF: the review now describes it, and the
   * orphan is still there, with its original quote. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", fixture->pdf, "--item", "detain.no-transfers",
                                    "--assessment", "absent", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "1 orphaned"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "info", fixture->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "document-changed: no\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", fixture->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, moved));
  g_assert_nonnull (strstr (out, removed));
  g_assert_nonnull (strstr (out, "transfer any person into ICE custody"));
  g_assert_nonnull (strstr (out, reworded));
  g_assert_nonnull (strstr (out, "provide any on-site support"));
}

static void
test_plugins (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (&out, &err, "plugins", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "xml-sidecar\tstore\tloaded\t"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add ("/cli/info/plain", Fixture, NULL, fixture_set_up, test_info, fixture_tear_down);
  g_test_add ("/cli/info/bad-input", Fixture, NULL, fixture_set_up, test_info_bad_input, fixture_tear_down);
  g_test_add_func ("/cli/info/encrypted", test_info_encrypted);
  g_test_add_func ("/cli/checklist/bundled", test_checklist);
  g_test_add_func ("/cli/checklist/user-file-malformed", test_checklist_user_file);
  g_test_add ("/cli/checklist/other-than-the-review's", Fixture, NULL, fixture_set_up, test_other_checklist,
              fixture_tear_down);
  g_test_add ("/cli/tag/list-untag", Fixture, NULL, fixture_set_up, test_tag_list_untag, fixture_tear_down);
  g_test_add ("/cli/tag/line-break", Fixture, NULL, fixture_set_up, test_tag_across_line_break, fixture_tear_down);
  g_test_add ("/cli/tag/line-numbers", Fixture, "chicago-lines.pdf", fixture_set_up, test_tag_across_line_break, fixture_tear_down);
  g_test_add ("/cli/tag/two-columns", Fixture, "chicago-columns.pdf", fixture_set_up, test_tag_across_line_break, fixture_tear_down);
  g_test_add ("/cli/tag/not-found-unchanged", Fixture, NULL, fixture_set_up, test_tag_not_found_leaves_sidecar, fixture_tear_down);
  g_test_add ("/cli/tag/write-fails", Fixture, NULL, fixture_set_up, test_tag_write_fails, fixture_tear_down);
  g_test_add ("/cli/tag/not-found-no-sidecar", Fixture, NULL, fixture_set_up, test_tag_without_sidecar_not_found, fixture_tear_down);
  g_test_add ("/cli/tag/ambiguous-pages", Fixture, NULL, fixture_set_up, test_tag_ambiguous, fixture_tear_down);
  g_test_add ("/cli/tag/usage-errors", Fixture, NULL, fixture_set_up, test_tag_usage_errors, fixture_tear_down);
  g_test_add ("/cli/verdict/status", Fixture, NULL, fixture_set_up, test_verdict_status, fixture_tear_down);
  g_test_add ("/cli/validate/sidecar-option", Fixture, NULL, fixture_set_up, test_validate_and_sidecar_option, fixture_tear_down);
  g_test_add ("/cli/sidecar/malformed-untouched", Fixture, NULL, fixture_set_up, test_malformed_sidecar_untouched, fixture_tear_down);
  g_test_add ("/cli/amended-ordinance", Fixture, NULL, fixture_set_up, test_amended_ordinance, fixture_tear_down);
  g_test_add_func ("/cli/plugins", test_plugins);

  return g_test_run ();
}
