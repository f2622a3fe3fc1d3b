/* cm-positions.c: where the reviewer left each document (page, zoom) and where its review was saved as, kept in the user's state folder. */
#include "config.h"

#include "cm-positions.h"

/* $XDG_STATE_HOME/clausemark/positions.ini: one group per document URI.
 * It is view state, not the review: it stays on this machine, out of the
 * sidecar the team shares. Beside the position, a review saved elsewhere
 * with Save As ("review", a URI), so reopening the document finds it. */

static char *
dup_positions_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "clausemark", "positions.ini", NULL);
}

static GKeyFile *
load_positions (void)
{
  g_autofree char *path = dup_positions_path ();
  GKeyFile *keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error)
      && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_debug ("Positions in %s not read: %s", path, error->message);
  return keyfile;
}

static gboolean
is_zoom_mode (const char *mode)
{
  return g_strcmp0 (mode, "fit-width") == 0 || g_strcmp0 (mode, "fit-page") == 0
         || g_strcmp0 (mode, "free") == 0;
}

void
cm_position_clear (CmPosition *position)
{
  g_clear_pointer (&position->zoom_mode, g_free);
}

gboolean
cm_positions_lookup (GFile      *file,
                     CmPosition *position)
{
  g_autoptr(GKeyFile) keyfile = load_positions ();
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *mode = NULL;
  g_autoptr(GError) error = NULL;
  int page;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  page = g_key_file_get_integer (keyfile, uri, "page", &error);
  if (error != NULL || page < 1)
    return FALSE;

  position->page = (guint) page;
  position->fraction = CLAMP (g_key_file_get_double (keyfile, uri, "fraction", NULL), 0, 1);
  mode = g_key_file_get_string (keyfile, uri, "zoom-mode", NULL);
  position->zoom_mode = is_zoom_mode (mode) ? g_steal_pointer (&mode) : NULL;
  position->zoom = g_key_file_get_double (keyfile, uri, "zoom", NULL);
  if (!(position->zoom > 0 && position->zoom < 100))
    position->zoom = 0;
  return TRUE;
}

typedef struct
{
  char   *group;
  gint64  time;
} Seen;

static int
compare_seen (gconstpointer a,
              gconstpointer b)
{
  const Seen *x = a;
  const Seen *y = b;

  return (x->time < y->time) - (x->time > y->time);
}

/* Drops the documents seen longest ago beyond the CM_POSITIONS_MAX latest. */
static void
prune (GKeyFile *keyfile)
{
  gsize n_groups = 0;
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, &n_groups);
  g_autofree Seen *seen = NULL;

  if (n_groups <= CM_POSITIONS_MAX)
    return;
  seen = g_new (Seen, n_groups);
  for (gsize i = 0; i < n_groups; i++)
    {
      seen[i].group = groups[i];
      seen[i].time = g_key_file_get_int64 (keyfile, groups[i], "time", NULL);
    }
  qsort (seen, n_groups, sizeof (Seen), compare_seen);
  for (gsize i = CM_POSITIONS_MAX; i < n_groups; i++)
    g_key_file_remove_group (keyfile, seen[i].group, NULL);
}

/* Stamps URI's group as seen now, drops the oldest, and writes the file. */
static void
save_positions (GKeyFile   *keyfile,
                const char *uri)
{
  g_autofree char *path = dup_positions_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_key_file_set_int64 (keyfile, uri, "time", g_get_real_time ());
  prune (keyfile);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_key_file_save_to_file (keyfile, path, &error))
    g_debug ("Position of %s not kept: %s", uri, error != NULL ? error->message : g_strerror (errno));
}

void
cm_positions_remember (GFile            *file,
                       const CmPosition *position)
{
  g_autoptr(GKeyFile) keyfile = load_positions ();
  g_autofree char *uri = g_file_get_uri (file);

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (position != NULL);

  g_key_file_set_integer (keyfile, uri, "page", (int) MAX (position->page, 1));
  g_key_file_set_double (keyfile, uri, "fraction", CLAMP (position->fraction, 0, 1));
  if (position->zoom_mode != NULL)
    g_key_file_set_string (keyfile, uri, "zoom-mode", position->zoom_mode);
  if (position->zoom > 0)
    g_key_file_set_double (keyfile, uri, "zoom", position->zoom);
  save_positions (keyfile, uri);
}

GFile *
cm_positions_lookup_review (GFile *file)
{
  g_autoptr(GKeyFile) keyfile = load_positions ();
  g_autofree char *uri = NULL;
  g_autofree char *review = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  uri = g_file_get_uri (file);
  review = g_key_file_get_string (keyfile, uri, "review", NULL);
  return review != NULL && *review != '\0' ? g_file_new_for_uri (review) : NULL;
}

void
cm_positions_remember_review (GFile *file,
                              GFile *review)
{
  g_autoptr(GKeyFile) keyfile = load_positions ();
  g_autofree char *uri = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (review == NULL || G_IS_FILE (review));

  uri = g_file_get_uri (file);
  if (review != NULL)
    {
      g_autofree char *review_uri = g_file_get_uri (review);

      g_key_file_set_string (keyfile, uri, "review", review_uri);
    }
  else if (!g_key_file_remove_key (keyfile, uri, "review", NULL))
    return;
  save_positions (keyfile, uri);
}
