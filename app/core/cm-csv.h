/* cm-csv.h: writing RFC 4180 CSV fields, with people's text kept from being read as spreadsheet formulas. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends TEXT (NULL: an empty field) to the row in OUT, after a comma
 * unless FIRST, quoted when it holds a comma, a double quote or a line
 * break. */
void cm_csv_append_field (GString    *out,
                          gboolean    first,
                          const char *text);
/* The same for text people wrote (quotes, notes, titles, names, file
 * names): a leading =, +, -, @, tab or carriage return gets an apostrophe
 * before it, so that spreadsheets show it instead of running it. */
void cm_csv_append_text  (GString    *out,
                          gboolean    first,
                          const char *text);

G_END_DECLS
