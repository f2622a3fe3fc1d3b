/* cm-review-file.c: a review bound to its sidecar: load, merge-on-save under a lock, outside changes. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "cm-checksum-private.h"
#include "cm-review-file.h"

struct _CmReviewFile
{
  GObject   parent_instance;

  CmStore  *store;
  GFile    *file;
  CmReview *review;      /* weak: the caller owns the live review */
  CmReview *base;        /* what was last read from or written to the file */
  char     *base_hash;   /* SHA-256 of those bytes; NULL when there was no file */
};

G_DEFINE_FINAL_TYPE (CmReviewFile, cm_review_file, G_TYPE_OBJECT)

static void
cm_review_file_finalize (GObject *object)
{
  CmReviewFile *self = CM_REVIEW_FILE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_weak_pointer (&self->review);
  g_clear_object (&self->base);
  g_free (self->base_hash);

  G_OBJECT_CLASS (cm_review_file_parent_class)->finalize (object);
}

static void
cm_review_file_class_init (CmReviewFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_review_file_finalize;
}

static void
cm_review_file_init (CmReviewFile *self)
{
}

CmReviewFile *
cm_review_file_new (CmStore *store,
                    GFile   *file)
{
  CmReviewFile *self;

  g_return_val_if_fail (CM_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (CM_TYPE_REVIEW_FILE, NULL);
  self->store = g_object_ref (store);
  self->file = g_object_ref (file);
  return self;
}

GFile *
cm_review_file_get_file (CmReviewFile *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_FILE (self), NULL);
  return self->file;
}

CmStore *
cm_review_file_get_store (CmReviewFile *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_FILE (self), NULL);
  return self->store;
}

CmReview *
cm_review_file_get_review (CmReviewFile *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_FILE (self), NULL);
  return self->review;
}

/* Reads the file's bytes: TRUE with *BYTES NULL when it does not exist. */
static gboolean
read_disk (CmReviewFile  *self,
           GBytes       **bytes,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  *bytes = g_file_load_bytes (self->file, cancellable, NULL, &local_error);
  if (*bytes != NULL)
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;
  {
    g_autofree char *name = g_file_get_parse_name (self->file);
    g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_NOT_FOUND,
                 _("Could not read the review %s: %s"), name, local_error->message);
  }
  return FALSE;
}

static char *
hash_bytes (GBytes *bytes)
{
  if (bytes == NULL)
    return NULL;
  return cm_compute_sha256 (bytes);
}

static CmReview *
parse_bytes (CmReviewFile  *self,
             GBytes        *bytes,
             GError       **error)
{
  g_autofree char *name = g_file_get_parse_name (self->file);

  return cm_store_parse (self->store, bytes, name, error);
}

CmReview *
cm_review_file_load (CmReviewFile  *self,
                     CmDocument    *document,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CmReview) review = NULL;

  g_return_val_if_fail (CM_IS_REVIEW_FILE (self), NULL);

  if (!read_disk (self, &bytes, cancellable, error))
    return NULL;
  if (bytes != NULL)
    {
      review = parse_bytes (self, bytes, error);
      if (review == NULL)
        {
          /* What could not be read is the base that changed_on_disk()
           * compares with: it tells when the file has been mended. */
          g_clear_object (&self->base);
          g_free (self->base_hash);
          self->base_hash = hash_bytes (bytes);
          return NULL;
        }
    }
  else
    review = cm_review_new ();

  if (document != NULL && cm_review_get_document_sha256 (review) == NULL)
    {
      g_autofree char *basename = g_file_get_basename (cm_document_get_file (document));
      cm_review_set_document (review, basename, cm_document_get_sha256 (document),
                              cm_document_get_pdf_id (document), cm_document_get_n_pages (document));
    }

  g_clear_object (&self->base);
  g_clear_pointer (&self->base_hash, g_free);
  self->base = cm_review_snapshot (review);
  self->base_hash = hash_bytes (bytes);
  g_set_weak_pointer (&self->review, review);
  return g_steal_pointer (&review);
}

/* An advisory lock beside the sidecar (".NAME.lock"): the sidecar itself is
 * replaced by rename on every save, so a lock on it would guard a dead inode.
 * Returns the descriptor, or -1 when locking is impossible (read-only
 * folder, a file system without locks): the save then proceeds unlocked and
 * the merge still protects the other side's work in all but a tight race. */
static int
take_lock (CmReviewFile *self)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lock_path = NULL;
  int fd;

  if (path == NULL)
    return -1;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  name = g_strconcat (".", base, ".lock", NULL);
  lock_path = g_build_filename (dir, name, NULL);

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return -1;
  while (flock (fd, LOCK_EX) != 0)
    {
      if (errno != EINTR)
        {
          close (fd);
          return -1;
        }
    }
  return fd;
}

static void
release_lock (int fd)
{
  if (fd < 0)
    return;
  flock (fd, LOCK_UN);
  close (fd);
}

/* If the file changed since the base, merges it into the live review.
 * On success the base is the disk version (or unchanged). */
static gboolean
merge_from_disk (CmReviewFile  *self,
                 GBytes        *disk,
                 CmMergeStats  *stats,
                 GError       **error)
{
  g_autofree char *disk_hash = hash_bytes (disk);
  g_autoptr(CmReview) theirs = NULL;
  g_autoptr(CmReview) merged = NULL;

  if (g_strcmp0 (disk_hash, self->base_hash) == 0)
    return TRUE;

  if (disk != NULL)
    {
      theirs = parse_bytes (self, disk, error);
      if (theirs == NULL)
        return FALSE;
    }
  else
    {
      /* Someone removed the file: their side is empty, with no tombstones,
       * so everything we have survives. */
      theirs = cm_review_new ();
    }

  merged = cm_review_merge (self->base, self->review, theirs, stats);
  cm_review_take_content (self->review, merged);

  g_clear_object (&self->base);
  self->base = g_steal_pointer (&theirs);
  g_free (self->base_hash);
  self->base_hash = g_steal_pointer (&disk_hash);
  return TRUE;
}

gboolean
cm_review_file_save (CmReviewFile  *self,
                     CmMergeStats  *stats,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GBytes) disk = NULL;
  g_autoptr(GBytes) written = NULL;
  gboolean ok = FALSE;
  int lock;

  g_return_val_if_fail (CM_IS_REVIEW_FILE (self), FALSE);
  g_return_val_if_fail (self->review != NULL, FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);

  lock = take_lock (self);
  if (!read_disk (self, &disk, cancellable, error))
    goto out;
  if (!merge_from_disk (self, disk, stats, error))
    goto out;
  if (!cm_store_save (self->store, self->review, self->file, cancellable, error))
    goto out;

  /* The new base is exactly what we wrote. */
  written = g_file_load_bytes (self->file, cancellable, NULL, NULL);
  g_clear_object (&self->base);
  self->base = cm_review_snapshot (self->review);
  g_free (self->base_hash);
  self->base_hash = hash_bytes (written);
  cm_review_mark_saved (self->review);
  ok = TRUE;

out:
  release_lock (lock);
  return ok;
}

gboolean
cm_review_file_changed_on_disk (CmReviewFile *self)
{
  g_autoptr(GBytes) disk = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (CM_IS_REVIEW_FILE (self), FALSE);

  if (!read_disk (self, &disk, NULL, NULL))
    return FALSE;
  hash = hash_bytes (disk);
  return g_strcmp0 (hash, self->base_hash) != 0;
}

gboolean
cm_review_file_refresh (CmReviewFile  *self,
                        CmMergeStats  *stats,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GBytes) disk = NULL;
  gboolean was_dirty;

  g_return_val_if_fail (CM_IS_REVIEW_FILE (self), FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);
  if (self->review == NULL)
    return TRUE;
  if (!read_disk (self, &disk, cancellable, error))
    return FALSE;
  was_dirty = cm_review_is_dirty (self->review);
  if (!merge_from_disk (self, disk, stats, error))
    return FALSE;
  /* Others' changes alone do not make our copy unsaved. */
  if (!was_dirty)
    cm_review_mark_saved (self->review);
  return TRUE;
}
