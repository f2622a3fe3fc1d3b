/* cm-checksum-private.h: SHA-256 of a document's bytes, as lowercase hex. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cm_compute_sha256 (GBytes *bytes);

G_END_DECLS
