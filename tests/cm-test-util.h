/* cm-test-util.h: helpers shared by the test programs (fixtures, temporary folders, the CLI). */
#pragma once

#include <clausemark.h>

G_BEGIN_DECLS

/* Absolute path of a generated fixture PDF (e.g. "chicago-plain.pdf"). */
char      *cm_test_fixture_path      (const char *name);
/* Absolute path inside ../shared/corpus, or NULL (and the test is marked
 * skipped, visibly) when the corpus is absent. */
char      *cm_test_corpus_path       (const char *relative);
/* A new temporary folder, removed (recursively) by cm_test_tmpdir_free. */
char      *cm_test_tmpdir_new        (void);
void       cm_test_tmpdir_free       (char       *path);
/* Writes past BYTES into any regular file fail (EFBIG, as on a full disk),
 * in this process and the children it starts; 0 lifts the limit again. */
void       cm_test_limit_file_size   (goffset     bytes);
/* Writes DIR/tenant.xml, a two-item checklist with the id "tenant" (items
 * evict.just-cause and evict.counsel), and returns its path. */
char      *cm_test_write_tenant_checklist (const char *dir);
/* Copies SRC to DIR/NAME and returns the new path. */
char      *cm_test_copy_file         (const char *src,
                                      const char *dir,
                                      const char *name);
/* Runs clausemark-cli with ARGV (NULL-terminated, without the program);
 * returns the exit status and fills stdout/stderr (OUT and ERR, each NULL
 * or an earlier result, which is freed first). */
int        cm_test_run_cli           (char      **out,
                                      char      **err,
                                      ...) G_GNUC_NULL_TERMINATED;
int        cm_test_run_cliv          (const char * const *argv,
                                      char      **out,
                                      char      **err);
/* A stand-in "tesseract" in DIR (transfer full: its path) that answers
 * --version, lists LANGUAGES (NULL-terminated, in that order; NULL: eng)
 * for --list-langs, and runs the shell command BODY for a page. */
char      *cm_test_write_fake_tesseract (const char         *dir,
                                         const char * const *languages,
                                         const char         *body);
/* The default store from the build tree's plugins. */
CmStore   *cm_test_get_store         (void);
char      *cm_test_file_sha256       (const char *path);
/* How much longer the tests wait for a state: CM_TEST_TIMEOUT_SCALE (set by
 * the valgrind test setup, where everything runs 20 to 50 times slower), or
 * 1. Only waits scale, never what is asserted about the state reached. */
guint      cm_test_timeout_scale     (void);
/* MS (or seconds) times cm_test_timeout_scale(). */
guint      cm_test_scaled            (guint       ms);

G_END_DECLS
