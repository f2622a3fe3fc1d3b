/* cm-positions.h: where the reviewer left each document (page, zoom) and where its review was saved as, kept in the user's state folder. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint   page;          /* 1-based */
  double  fraction;      /* of the page above the top of the screen */
  char   *zoom_mode;     /* "fit-width", "fit-page" or "free" */
  double  zoom;          /* the scale, used in free mode */
} CmPosition;

void      cm_position_clear     (CmPosition       *position);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CmPosition, cm_position_clear)

/* Fills POSITION with where FILE was left; FALSE for a file not seen. */
gboolean  cm_positions_lookup   (GFile            *file,
                                 CmPosition       *position);
/* Remembers POSITION for FILE: the latest CM_POSITIONS_MAX documents are
 * kept. Nothing is lost when the folder cannot be written but this. */
void      cm_positions_remember (GFile            *file,
                                 const CmPosition *position);

/* Where FILE's review was last saved with Save As, away from the sidecar
 * beside FILE; NULL when it is beside FILE (or never seen). */
GFile    *cm_positions_lookup_review   (GFile            *file);
/* Remembers REVIEW as FILE's review (NULL: the sidecar beside FILE). */
void      cm_positions_remember_review (GFile            *file,
                                        GFile            *review);

#define CM_POSITIONS_MAX 200

G_END_DECLS
