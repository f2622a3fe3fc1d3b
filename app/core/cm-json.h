/* cm-json.h: the little JSON writing the CLI and the exporters share (no parser, no dependency). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends TEXT as a JSON string literal (quoted, escaped); NULL becomes null. */
void  cm_json_append_string  (GString    *out,
                              const char *text);
/* Appends "KEY": and the string, preceded by a comma unless FIRST. */
void  cm_json_append_member  (GString    *out,
                              gboolean   *first,
                              const char *key,
                              const char *text);
void  cm_json_append_int     (GString    *out,
                              gboolean   *first,
                              const char *key,
                              gint64      value);

G_END_DECLS
