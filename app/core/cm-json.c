/* cm-json.c: the little JSON writing the CLI and the exporters share. */
#include "config.h"

#include "cm-json.h"

void
cm_json_append_string (GString    *out,
                       const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_key (GString    *out,
            gboolean   *first,
            const char *key)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  cm_json_append_string (out, key);
  g_string_append_c (out, ':');
}

void
cm_json_append_member (GString    *out,
                       gboolean   *first,
                       const char *key,
                       const char *text)
{
  append_key (out, first, key);
  cm_json_append_string (out, text);
}

void
cm_json_append_int (GString    *out,
                    gboolean   *first,
                    const char *key,
                    gint64      value)
{
  append_key (out, first, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}
