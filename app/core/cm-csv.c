/* cm-csv.c: writing RFC 4180 CSV fields, with people's text kept from being read as spreadsheet formulas. */
#include "config.h"

#include <string.h>

#include "cm-csv.h"

/* RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in
 * double quotes, and double quotes inside it are doubled. Anything else is
 * written as it is, so ids and numbers stay bare. */
void
cm_csv_append_field (GString    *out,
                     gboolean    first,
                     const char *text)
{
  g_return_if_fail (out != NULL);

  if (!first)
    g_string_append_c (out, ',');
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Spreadsheets read a cell that starts with =, +, -, @, a tab or a carriage
 * return as a formula (CSV injection): a note "=HYPERLINK(…)" becomes a live
 * link, worse ones run commands, and a PDF's title is anybody's to write.
 * OWASP's remedy: a leading apostrophe, which spreadsheets show as text and
 * do not display. */
void
cm_csv_append_text (GString    *out,
                    gboolean    first,
                    const char *text)
{
  g_autofree char *neutralised = NULL;

  if (text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    text = neutralised = g_strconcat ("'", text, NULL);
  cm_csv_append_field (out, first, text);
}
