/* test-merge.c: three-way merge, merge on save, concurrent writers, git as merge driver, agreement. */
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "cm-test-util.h"

static CmAnnotation *
make_annotation (const char *id,
                 const char *author,
                 const char *note)
{
  CmAnnotation *annotation = cm_annotation_new (id, author, NULL);
  g_autoptr(CmAnchor) anchor = cm_anchor_new (1, 10, 30, "shall not detain", "No agent ", " any person");

  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, "detain.no-detainer-holds");
  cm_annotation_set_assessment (annotation, CM_ASSESSMENT_PARTIAL);
  cm_annotation_set_note (annotation, note);
  return annotation;
}

static CmAnnotation *
edited (CmAnnotation *annotation,
        const char   *note)
{
  CmAnnotation *copy = cm_annotation_copy (annotation);

  cm_annotation_set_note (copy, note);
  return copy;
}

static void
test_merge_additions_and_edits (void)
{
  g_autoptr(CmReview) base = cm_review_new ();
  g_autoptr(CmReview) ours = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) merged = NULL;
  g_autoptr(CmAnnotation) shared = make_annotation ("shared", "Ana", "first");
  g_autoptr(CmAnnotation) mine = make_annotation ("mine", "Ana", "ours");
  g_autoptr(CmAnnotation) yours = make_annotation ("yours", "Ben", "theirs");
  g_autoptr(CmAnnotation) shared_edit = edited (shared, "edited by Ben");
  CmMergeStats stats = { 0 };

  cm_review_load_annotation (base, shared);
  ours = cm_review_snapshot (base);
  theirs = cm_review_snapshot (base);
  cm_review_add_annotation (ours, mine);
  cm_review_add_annotation (theirs, yours);
  cm_review_replace_annotation (theirs, shared_edit);

  merged = cm_review_merge (base, ours, theirs, &stats);
  g_assert_cmpuint (cm_review_get_n_annotations (merged), ==, 3);
  g_assert_nonnull (cm_review_lookup_annotation (merged, "mine"));
  g_assert_nonnull (cm_review_lookup_annotation (merged, "yours"));
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (merged, "shared")), ==,
                   "edited by Ben");
  g_assert_cmpuint (cm_review_get_conflicts (merged)->len, ==, 0);
  g_assert_cmpuint (stats.added, ==, 1);
  g_assert_cmpuint (stats.changed, ==, 1);
  /* Authors of what came in: Ben's new annotation, and the edited one,
   * which keeps its original author. */
  g_assert_cmpuint (stats.authors->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (stats.authors, "Ben", g_str_equal, NULL));
  cm_merge_stats_clear (&stats);
}

static void
test_merge_deletion_travels (void)
{
  g_autoptr(CmReview) base = cm_review_new ();
  g_autoptr(CmReview) ours = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) merged = NULL;
  g_autoptr(CmAnnotation) a = make_annotation ("a", "Ana", NULL);

  cm_review_load_annotation (base, a);
  ours = cm_review_snapshot (base);
  theirs = cm_review_snapshot (base);
  cm_review_remove_annotation (theirs, "a", "Ben");

  merged = cm_review_merge (base, ours, theirs, NULL);
  g_assert_null (cm_review_lookup_annotation (merged, "a"));
  g_assert_nonnull (cm_review_lookup_tombstone (merged, "a"));

  /* And it does not come back from a copy that never saw it deleted. */
  {
    g_autoptr(CmReview) again = cm_review_merge (base, merged, ours, NULL);
    g_assert_null (cm_review_lookup_annotation (again, "a"));
  }
}

static void
test_merge_both_edited (void)
{
  g_autoptr(CmReview) base = cm_review_new ();
  g_autoptr(CmReview) ours = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) merged = NULL;
  g_autoptr(CmAnnotation) a = make_annotation ("a", "Ana", "original");
  g_autoptr(CmAnnotation) a_ours = edited (a, "Ana's reading");
  g_autoptr(CmAnnotation) a_theirs = edited (a, "Ben's reading");
  CmConflict *conflict;
  CmMergeStats stats = { 0 };

  cm_review_load_annotation (base, a);
  ours = cm_review_snapshot (base);
  theirs = cm_review_snapshot (base);
  cm_review_replace_annotation (ours, a_ours);
  cm_review_replace_annotation (theirs, a_theirs);

  merged = cm_review_merge (base, ours, theirs, &stats);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (merged, "a")), ==, "Ana's reading");
  conflict = cm_review_lookup_conflict (merged, "a");
  g_assert_nonnull (conflict);
  g_assert_cmpstr (cm_annotation_get_note (CM_ANNOTATION (conflict->other)), ==, "Ben's reading");

  /* Resolving takes the chosen version, as an undoable step. */
  g_assert_true (cm_review_resolve_conflict (merged, "a", conflict->other, "Ana"));
  g_assert_null (cm_review_lookup_conflict (merged, "a"));
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (merged, "a")), ==, "Ben's reading");
  g_assert_true (cm_review_undo (merged));
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (merged, "a")), ==, "Ana's reading");
  cm_merge_stats_clear (&stats);
}

static void
test_merge_edit_versus_delete (void)
{
  g_autoptr(CmReview) base = cm_review_new ();
  g_autoptr(CmReview) ours = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) merged = NULL;
  g_autoptr(CmAnnotation) a = make_annotation ("a", "Ana", "original");
  g_autoptr(CmAnnotation) a_theirs = edited (a, "keep this, it matters");

  cm_review_load_annotation (base, a);
  ours = cm_review_snapshot (base);
  theirs = cm_review_snapshot (base);
  cm_review_remove_annotation (ours, "a", "Ana");
  cm_review_replace_annotation (theirs, a_theirs);

  merged = cm_review_merge (base, ours, theirs, NULL);
  /* The edit survives; the deletion is the conflict's other version. */
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (merged, "a")), ==,
                   "keep this, it matters");
  g_assert_nonnull (cm_review_lookup_conflict (merged, "a"));
  g_assert_null (cm_review_lookup_conflict (merged, "a")->other);
}

static void
test_merge_verdicts (void)
{
  g_autoptr(CmReview) base = cm_review_new ();
  g_autoptr(CmReview) ours = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) merged = NULL;
  g_autoptr(CmVerdict) v1 = cm_verdict_new ("coop.no-287g", CM_ASSESSMENT_STRONG, "Ana");
  g_autoptr(CmVerdict) v2 = cm_verdict_new ("coop.task-force-limits", CM_ASSESSMENT_WEAK, "Ben");
  g_autoptr(CmVerdict) v1_ours = NULL;
  g_autoptr(CmVerdict) v1_theirs = NULL;

  cm_review_load_verdict (base, v1);
  ours = cm_review_snapshot (base);
  theirs = cm_review_snapshot (base);
  v1_ours = cm_verdict_copy (v1);
  cm_verdict_set_assessment (v1_ours, CM_ASSESSMENT_PARTIAL);
  v1_theirs = cm_verdict_copy (v1);
  cm_verdict_set_assessment (v1_theirs, CM_ASSESSMENT_HARMFUL);
  cm_review_set_verdict (ours, v1_ours);
  cm_review_set_verdict (theirs, v1_theirs);
  cm_review_set_verdict (theirs, v2);

  merged = cm_review_merge (base, ours, theirs, NULL);
  g_assert_nonnull (cm_review_lookup_verdict (merged, "coop.task-force-limits"));
  g_assert_cmpint (cm_verdict_get_assessment (cm_review_lookup_verdict (merged, "coop.no-287g")), ==,
                   CM_ASSESSMENT_PARTIAL);
  g_assert_nonnull (cm_review_lookup_conflict (merged, "verdict:coop.no-287g"));
}

/* Two windows (or processes) on one sidecar: each saves without losing the other's work. */
static void
test_merge_on_save (void)
{
  g_autoptr(CmStore) store = cm_test_get_store ();
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "ordinance.clausemark.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CmReviewFile) file_a = cm_review_file_new (store, file);
  g_autoptr(CmReviewFile) file_b = cm_review_file_new (store, file);
  g_autoptr(CmReview) review_a = NULL;
  g_autoptr(CmReview) review_b = NULL;
  g_autoptr(CmReview) on_disk = NULL;
  g_autoptr(CmAnnotation) from_a = make_annotation ("from-a", "Ana", NULL);
  g_autoptr(CmAnnotation) from_b = make_annotation ("from-b", "Ben", NULL);
  g_autoptr(GError) error = NULL;
  CmMergeStats stats = { 0 };

  review_a = cm_review_file_load (file_a, NULL, NULL, &error);
  g_assert_no_error (error);
  review_b = cm_review_file_load (file_b, NULL, NULL, &error);
  g_assert_no_error (error);

  cm_review_add_annotation (review_a, from_a);
  g_assert_true (cm_review_file_save (file_a, NULL, NULL, &error));
  g_assert_no_error (error);

  cm_review_add_annotation (review_b, from_b);
  g_assert_true (cm_review_file_changed_on_disk (file_b));
  g_assert_true (cm_review_file_save (file_b, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.added, ==, 1);
  cm_merge_stats_clear (&stats);
  /* B's window now shows A's annotation too. */
  g_assert_nonnull (cm_review_lookup_annotation (review_b, "from-a"));

  on_disk = cm_store_load (store, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_review_get_n_annotations (on_disk), ==, 2);

  /* A refreshes (as on window focus) and sees B's. */
  g_assert_true (cm_review_file_refresh (file_a, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cm_review_lookup_annotation (review_a, "from-b"));
  g_assert_false (cm_review_is_dirty (review_a));
  cm_merge_stats_clear (&stats);

  cm_test_tmpdir_free (dir);
}

/* A file that cannot be read is the base changed_on_disk() compares with:
 * it says nothing has changed until the file is mended (or removed). */
static void
test_broken_file_mended (void)
{
  g_autoptr(CmStore) store = cm_test_get_store ();
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "x.clausemark.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CmReviewFile) review_file = cm_review_file_new (store, file);
  g_autoptr(CmReview) review = cm_review_new ();
  g_autoptr(CmReview) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "<review xmlns=\"urn:clausemark:review:1\" format=\"1\">\n"
                                            "<<<<<<< HEAD\n", -1, NULL));
  g_assert_null (cm_review_file_load (review_file, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (cm_review_file_changed_on_disk (review_file));

  g_assert_true (cm_store_save (store, review, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cm_review_file_changed_on_disk (review_file));
  loaded = cm_review_file_load (review_file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_false (cm_review_file_changed_on_disk (review_file));

  /* Removed, it has changed too (a new review starts). */
  g_assert_true (g_file_set_contents (path, "not xml", -1, NULL));
  g_clear_object (&loaded);
  g_assert_null (cm_review_file_load (review_file, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (cm_review_file_changed_on_disk (review_file));
  cm_test_tmpdir_free (dir);
}

static void
test_refresh_keeps_review_on_broken_file (void)
{
  g_autoptr(CmStore) store = cm_test_get_store ();
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "x.clausemark.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CmReviewFile) review_file = cm_review_file_new (store, file);
  g_autoptr(CmReview) review = NULL;
  g_autoptr(CmAnnotation) a = make_annotation ("a", "Ana", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  review = cm_review_file_load (review_file, NULL, NULL, &error);
  cm_review_add_annotation (review, a);
  g_assert_true (cm_review_file_save (review_file, NULL, NULL, &error));

  /* Someone's sync client leaves a torn file: saving must not overwrite it
   * with a merge of nothing, and the live review keeps everything. */
  g_file_set_contents (path, "<review xmlns=\"urn:clausemark:review:1\" format=\"1\"><annot", -1, NULL);
  before = cm_test_file_sha256 (path);
  g_assert_false (cm_review_file_save (review_file, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  after = cm_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (cm_review_file_refresh (review_file, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (cm_review_lookup_annotation (review, "a"));
  cm_test_tmpdir_free (dir);
}

/* 4 processes each add 100 tags to one sidecar through the CLI at once. */
static void
test_concurrent_cli_writers (void)
{
  g_autofree char *source = cm_test_fixture_path ("chicago-plain.pdf");
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *pdf = cm_test_copy_file (source, dir, "ordinance.pdf");
  g_autofree char *script = g_build_filename (dir, "writer.sh", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GPid pids[4];
  guint lines = 0;
  const guint per_writer = 100;

  g_file_set_contents (script,
                       "#!/bin/sh\n"
                       "i=0\n"
                       "while [ $i -lt $3 ]; do\n"
                       "  \"$CLAUSEMARK_CLI\" tag \"$1\" --item coop.no-287g --assessment strong "
                       "--quote 'civil immigration enforcement operations' --author \"writer $2\" "
                       "--note \"$2-$i\" >/dev/null || exit 1\n"
                       "  i=$((i + 1))\n"
                       "done\n", -1, NULL);
  g_chmod (script, 0755);

  for (guint w = 0; w < G_N_ELEMENTS (pids); w++)
    {
      g_autofree char *writer = g_strdup_printf ("%u", w);
      g_autofree char *count = g_strdup_printf ("%u", per_writer);
      const char *argv[] = { script, pdf, writer, count, NULL };
      g_autoptr(GError) error = NULL;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pids[w], &error);
      g_assert_no_error (error);
    }
  for (guint w = 0; w < G_N_ELEMENTS (pids); w++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[w], &status, 0), ==, pids[w]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", pdf, NULL), ==, 0);
  for (const char *p = out; (p = strchr (p, '\n')) != NULL; p++)
    lines++;
  g_assert_cmpuint (lines - 1, ==, G_N_ELEMENTS (pids) * per_writer);
  cm_test_tmpdir_free (dir);
}

static int
run_in (const char *dir,
        const char *command)
{
  g_autofree char *full = g_strdup_printf ("sh -c 'cd \"%s\" && %s'", dir, command);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  /* Captured: git's chatter ("Auto-merging …") must not reach the TAP stream. */
  g_spawn_command_line_sync (full, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_test_message ("%s: %s%s", command, out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* A real git repository, two branches, `git merge` with clausemark-cli as the driver. */
static void
test_git_merge_driver (void)
{
  g_autofree char *source = cm_test_fixture_path ("chicago-plain.pdf");
  g_autofree char *git = g_find_program_in_path ("git");
  char *dir;
  g_autofree char *pdf = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id_kept = NULL;
  g_autofree char *id_deleted = NULL;
  g_autofree char *config = NULL;
  g_autofree char *xml = NULL;

  if (git == NULL)
    {
      g_test_skip ("git is not installed");
      return;
    }
  dir = cm_test_tmpdir_new ();
  pdf = cm_test_copy_file (source, dir, "ordinance.pdf");
  sidecar = g_build_filename (dir, "ordinance.clausemark.xml", NULL);

  g_assert_cmpint (run_in (dir, "git init -q -b main . && git config user.email t@example.org && "
                                "git config user.name Tester"), ==, 0);
  config = g_strdup_printf ("git config merge.clausemark.driver \"%s merge %%O %%A %%B\" && "
                            "printf \"*.clausemark.xml merge=clausemark\\n\" > .gitattributes",
                            g_getenv ("CLAUSEMARK_CLI"));
  g_assert_cmpint (run_in (dir, config), ==, 0);

  /* Base: two annotations. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", pdf, "--item", "coop.no-287g", "--assessment",
                                    "strong", "--quote", "civil immigration enforcement operations",
                                    "--author", "Ana", NULL), ==, 0);
  id_kept = g_strstrip (g_steal_pointer (&out));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", pdf, "--item", "detain.judicial-warrant",
                                    "--assessment", "partial", "--quote",
                                    "based upon an administrative warrant", "--author", "Ana", NULL), ==, 0);
  id_deleted = g_strstrip (g_steal_pointer (&out));
  g_clear_pointer (&err, g_free);
  /* As the README advises: backups and lock files stay out of git. */
  g_assert_cmpint (run_in (dir, "printf \"*.clausemark.xml.bak\\n.*.clausemark.xml.lock\\n\" > .gitignore && "
                                "git add -A && git commit -qm base && git checkout -qb ben"), ==, 0);

  /* Ben: deletes one, adds one, sets a verdict. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "untag", pdf, id_deleted, "--author", "Ben", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", pdf, "--item", "detain.no-detainer-holds",
                                    "--assessment", "strong", "--quote",
                                    "based upon an immigration detainer", "--author", "Ben", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", pdf, "--item", "coop.no-287g",
                                    "--assessment", "strong", "--author", "Ben", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_in (dir, "git commit -qam ben && git checkout -q main"), ==, 0);

  /* Ana: adds one and a verdict on another item. */
  g_assert_cmpint (cm_test_run_cli (&out, &err, "tag", pdf, "--item", "access.interview-safeguards",
                                    "--assessment", "partial", "--quote",
                                    "access, including by telephone", "--author", "Ana", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "verdict", pdf, "--item", "detain.no-transfers",
                                    "--assessment", "weak", "--author", "Ana", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_in (dir, "git commit -qam ana && git merge -q --no-edit ben"), ==, 0);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "list", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, id_kept));
  g_assert_null (strstr (out, id_deleted));
  g_assert_nonnull (strstr (out, "detain.no-detainer-holds"));
  g_assert_nonnull (strstr (out, "access.interview-safeguards"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "status", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 of 30 items assessed"));
  g_file_get_contents (sidecar, &xml, NULL, NULL);
  g_assert_null (strstr (xml, "<<<<<<<"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (&out, &err, "validate", sidecar, NULL), ==, 0);
  cm_test_tmpdir_free (dir);
}

static void
test_merge_command_conflicts (void)
{
  g_autoptr(CmStore) store = cm_test_get_store ();
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *base_path = g_build_filename (dir, "base.xml", NULL);
  g_autofree char *ours_path = g_build_filename (dir, "ours.xml", NULL);
  g_autofree char *theirs_path = g_build_filename (dir, "theirs.xml", NULL);
  g_autoptr(CmReview) base = cm_review_new ();
  g_autoptr(CmReview) ours = NULL;
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) result = NULL;
  g_autoptr(CmAnnotation) a = make_annotation ("a", "Ana", "original");
  g_autoptr(CmAnnotation) a_ours = edited (a, "ours");
  g_autoptr(CmAnnotation) a_theirs = edited (a, "theirs");
  g_autoptr(GFile) ours_file = g_file_new_for_path (ours_path);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[3] = { base_path, ours_path, theirs_path };
  CmReview *reviews[3];

  cm_review_set_document (base, "ordinance.pdf", "00", NULL, 1);
  cm_review_load_annotation (base, a);
  ours = cm_review_snapshot (base);
  theirs = cm_review_snapshot (base);
  cm_review_replace_annotation (ours, a_ours);
  cm_review_replace_annotation (theirs, a_theirs);
  reviews[0] = base;
  reviews[1] = ours;
  reviews[2] = theirs;
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) bytes = cm_store_serialize (store, reviews[i], &error);
      g_assert_no_error (error);
      g_file_set_contents (files[i], g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
    }
  g_assert_cmpint (cm_test_run_cli (&out, &err, "merge", base_path, ours_path, theirs_path, NULL), ==, 3);
  result = cm_store_load (store, ours_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_annotation_get_note (cm_review_lookup_annotation (result, "a")), ==, "ours");
  g_assert_nonnull (cm_review_lookup_conflict (result, "a"));
  g_assert_cmpstr (cm_annotation_get_note (CM_ANNOTATION (cm_review_lookup_conflict (result, "a")->other)),
                   ==, "theirs");
  cm_test_tmpdir_free (dir);
}

static void
test_agreement (void)
{
  g_autoptr(CmStore) store = cm_test_get_store ();
  char *dir = cm_test_tmpdir_new ();
  g_autofree char *a_path = g_build_filename (dir, "a.xml", NULL);
  g_autofree char *b_path = g_build_filename (dir, "b.xml", NULL);
  g_autoptr(CmReview) a = cm_review_new ();
  g_autoptr(CmReview) b = cm_review_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) a_bytes = NULL;
  g_autoptr(GBytes) b_bytes = NULL;
  const char *items[] = { "info.no-status-sharing", "detain.no-detainer-holds", "coop.no-287g" };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(CmVerdict) va = cm_verdict_new (items[i], CM_ASSESSMENT_STRONG, "Ana");
      g_autoptr(CmVerdict) vb = cm_verdict_new (items[i], i == 2 ? CM_ASSESSMENT_WEAK : CM_ASSESSMENT_STRONG, "Ben");
      cm_review_set_verdict (a, va);
      cm_review_set_verdict (b, vb);
    }
  a_bytes = cm_store_serialize (store, a, &error);
  b_bytes = cm_store_serialize (store, b, &error);
  g_file_set_contents (a_path, g_bytes_get_data (a_bytes, NULL), g_bytes_get_size (a_bytes), NULL);
  g_file_set_contents (b_path, g_bytes_get_data (b_bytes, NULL), g_bytes_get_size (b_bytes), NULL);

  g_assert_cmpint (cm_test_run_cli (&out, &err, "agreement", a_path, b_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "coop.no-287g\tstrong\tweak\tno\n"));
  g_assert_nonnull (strstr (out, "info.no-status-sharing\tstrong\tstrong\tyes\n"));
  /* 29 of 30 agree (27 absent/absent, 2 strong/strong). Expected chance
   * agreement: (27/30)² + (3/30)(2/30) = 0.81 + 0.00667; kappa = (0.96667 -
   * 0.81667) / (1 - 0.81667) = 0.818. */
  g_assert_nonnull (strstr (out, "agreement: 29 of 30 items"));
  g_assert_nonnull (strstr (out, "kappa: 0.818"));

  /* The ordinance itself instead of its review: said so, in one line. */
  {
    g_autofree char *source = cm_test_fixture_path ("chicago-plain.pdf");
    g_autofree char *pdf = cm_test_copy_file (source, dir, "ordinance.pdf");

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cm_test_run_cli (&out, &err, "agreement", pdf, b_path, NULL), ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "ordinance.pdf: is a PDF"));
    g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
  }
  cm_test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/merge/additions-and-edits", test_merge_additions_and_edits);
  g_test_add_func ("/merge/deletion-travels", test_merge_deletion_travels);
  g_test_add_func ("/merge/both-edited", test_merge_both_edited);
  g_test_add_func ("/merge/edit-versus-delete", test_merge_edit_versus_delete);
  g_test_add_func ("/merge/verdicts", test_merge_verdicts);
  g_test_add_func ("/merge/on-save", test_merge_on_save);
  g_test_add_func ("/merge/broken-file-on-disk", test_refresh_keeps_review_on_broken_file);
  g_test_add_func ("/merge/broken-file-mended", test_broken_file_mended);
  g_test_add_func ("/merge/cli-conflicts", test_merge_command_conflicts);
  g_test_add_func ("/merge/git-driver", test_git_merge_driver);
  g_test_add_func ("/merge/concurrent-writers", test_concurrent_cli_writers);
  g_test_add_func ("/agreement/kappa", test_agreement);

  return g_test_run ();
}
