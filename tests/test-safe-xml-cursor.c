/* test-safe-xml-cursor.c: the event cursor reads XML node by node as a tree parser would see it; escaping writes XML that parses. */
#include <string.h>

#include "cm-test-util.h"

#include "cm-xml-private.h"

/* The cursor over TEXT, from memory or, with STREAMED, from a stream that
 * hands it over a few bytes at a time (every chunk boundary shows). */
static CmSafeXmlCursor *
open_cursor (const char *text,
             gboolean    streamed)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  CmSafeXmlCursor *cursor;

  if (streamed)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

      cursor = cm_safe_xml_cursor_new_for_stream (stream, "test.xml", &error);
    }
  else
    cursor = cm_safe_xml_cursor_new (bytes, "test.xml", &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);
  return cursor;
}

/* One line per node: "E depth name [empty] attr=value…", "/ depth name",
 * "T depth text", "C depth comment". */
static char *
describe_nodes (CmSafeXmlCursor *cursor)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  int result;

  while ((result = cm_safe_xml_cursor_next (cursor, &error)) == 1)
    {
      int depth = cm_safe_xml_cursor_get_depth (cursor);

      switch (cm_safe_xml_cursor_get_node_type (cursor))
        {
        case CM_SAFE_XML_NODE_ELEMENT:
          g_string_append_printf (out, "E %d %s", depth, cm_safe_xml_cursor_get_local_name (cursor));
          if (cm_safe_xml_cursor_is_empty_element (cursor))
            g_string_append (out, " empty");
          for (guint i = 0; i < cm_safe_xml_cursor_get_n_attributes (cursor); i++)
            {
              const CmSafeXmlAttribute *attribute = cm_safe_xml_cursor_get_attribute (cursor, i);

              g_string_append_printf (out, " %s=%s", attribute->local_name, attribute->value);
            }
          break;
        case CM_SAFE_XML_NODE_END_ELEMENT:
          g_string_append_printf (out, "/ %d %s", depth, cm_safe_xml_cursor_get_local_name (cursor));
          break;
        case CM_SAFE_XML_NODE_TEXT:
          g_string_append_printf (out, "T %d %s", depth, cm_safe_xml_cursor_get_text (cursor));
          break;
        case CM_SAFE_XML_NODE_COMMENT:
          g_string_append_printf (out, "C %d %s", depth, cm_safe_xml_cursor_get_text (cursor));
          break;
        case CM_SAFE_XML_NODE_PROCESSING_INSTRUCTION:
          g_string_append_printf (out, "P %d %s %s", depth, cm_safe_xml_cursor_get_local_name (cursor),
                                  cm_safe_xml_cursor_get_text (cursor));
          break;
        case CM_SAFE_XML_NODE_NONE:
        default:
          g_assert_not_reached ();
        }
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, 0);
  return g_string_free (out, FALSE);
}

static void
test_nodes (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<r a=\"1\"><!--c--><e/><f></f><g b=\"x &amp; y &#38; &lt;z&gt; &amp;#38; &quot;\">"
    "t &amp; <![CDATA[<raw>]]> &#233;</g><?pi data?></r>\n";
  static const char expected[] =
    "E 0 r a=1\n"
    "C 1 c\n"
    "E 1 e empty\n"
    "E 1 f empty\n"
    "E 1 g b=x & y & <z> &#38; \"\n"
    "T 2 t & <raw> é\n"
    "/ 1 g\n"
    "P 1 pi data\n"
    "/ 0 r\n";

  for (int streamed = 0; streamed <= 1; streamed++)
    {
      g_autoptr(CmSafeXmlCursor) cursor = open_cursor (xml, streamed);
      g_autofree char *nodes = describe_nodes (cursor);

      g_assert_cmpstr (nodes, ==, expected);
    }
}

/* A text much longer than the parser's chunks arrives as one node, and an
 * element whose end tag is in the next chunk is still known to be empty. */
static void
test_chunk_boundaries (void)
{
  g_autoptr(GString) xml = g_string_new ("<r>");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(CmSafeXmlCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  guint n_texts = 0;
  guint n_empty = 0;
  int result;

  /* Past the 256 KiB the stream's head holds, so that the chunked path runs. */
  for (guint i = 0; text->len < 300 * 1024; i++)
    g_string_append_printf (text, "línea %u; ", i);
  g_string_append_printf (xml, "<note>%s</note>", text->str);
  for (guint i = 0; i < 20000; i++)
    g_string_append (xml, "<e></e>");
  g_string_append (xml, "</r>");

  cursor = open_cursor (xml->str, TRUE);
  while ((result = cm_safe_xml_cursor_next (cursor, &error)) == 1)
    {
      CmSafeXmlNodeType type = cm_safe_xml_cursor_get_node_type (cursor);

      if (type == CM_SAFE_XML_NODE_TEXT)
        {
          g_assert_cmpstr (cm_safe_xml_cursor_get_text (cursor), ==, text->str);
          n_texts++;
        }
      else if (type == CM_SAFE_XML_NODE_ELEMENT && cm_safe_xml_cursor_is_empty_element (cursor))
        n_empty++;
      else if (type == CM_SAFE_XML_NODE_END_ELEMENT)
        g_assert_cmpint (cm_safe_xml_cursor_get_depth (cursor), <, 2);
    }
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, 0);
  g_assert_cmpint (n_texts, ==, 1);
  g_assert_cmpint (n_empty, ==, 20000);
}

/* Moves CURSOR to the first element named NAME. */
static void
move_to_element (CmSafeXmlCursor *cursor,
                 const char      *name)
{
  g_autoptr(GError) error = NULL;

  while (cm_safe_xml_cursor_next (cursor, &error) == 1)
    if (cm_safe_xml_cursor_get_node_type (cursor) == CM_SAFE_XML_NODE_ELEMENT
        && g_str_equal (cm_safe_xml_cursor_get_local_name (cursor), name))
      return;
  g_assert_no_error (error);
  g_error ("no <%s>", name);
}

/* Serialized on its own, an element keeps the namespaces it uses, though
 * declared on its ancestors, and leaves the cursor at its end. */
static void
test_outer_xml (void)
{
  static const char xml[] =
    "<r xmlns=\"urn:default\" xmlns:x=\"urn:x\" xmlns:unused=\"urn:unused\">"
    "<x:keep x:a=\"1&amp;2\" plain=\"&quot;&#10;\t\">text &lt;&amp;&gt;<inner/>"
    "<y:deep xmlns:y=\"urn:y\" y:b=\"2\"/><none xmlns=\"\"><!--note--></none></x:keep>"
    "<after/></r>";
  static const char expected[] =
    "<x:keep xmlns:x=\"urn:x\" x:a=\"1&amp;2\" plain=\"&quot;&#10; \">text &lt;&amp;&gt;"
    "<inner xmlns=\"urn:default\"/><y:deep xmlns:y=\"urn:y\" y:b=\"2\"/>"
    "<none xmlns=\"\"><!--note--></none></x:keep>";

  for (int streamed = 0; streamed <= 1; streamed++)
    {
      g_autoptr(CmSafeXmlCursor) cursor = open_cursor (xml, streamed);
      g_autoptr(GError) error = NULL;
      g_autofree char *outer = NULL;
      g_autoptr(xmlDoc) doc = NULL;

      move_to_element (cursor, "keep");
      outer = cm_safe_xml_cursor_read_outer_xml (cursor, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (outer, ==, expected);
      g_assert_cmpint (cm_safe_xml_cursor_get_node_type (cursor), ==, CM_SAFE_XML_NODE_END_ELEMENT);
      g_assert_cmpstr (cm_safe_xml_cursor_get_local_name (cursor), ==, "keep");

      /* It stands alone as a document. */
      doc = xmlReadMemory (outer, strlen (outer), NULL, NULL, XML_PARSE_NONET);
      g_assert_nonnull (doc);
      g_assert_cmpint (cm_safe_xml_cursor_next (cursor, &error), ==, 1);
      g_assert_cmpstr (cm_safe_xml_cursor_get_local_name (cursor), ==, "after");
      g_assert_true (cm_safe_xml_cursor_is_empty_element (cursor));
    }
}

static void
test_names (void)
{
  g_autoptr(CmSafeXmlCursor) cursor = open_cursor ("<p:r xmlns:p=\"urn:p\" p:a=\"v\" b=\"w\"/>", FALSE);
  g_autoptr(GError) error = NULL;
  const CmSafeXmlAttribute *attribute;

  g_assert_cmpint (cm_safe_xml_cursor_next (cursor, &error), ==, 1);
  g_assert_cmpstr (cm_safe_xml_cursor_get_prefix (cursor), ==, "p");
  g_assert_cmpstr (cm_safe_xml_cursor_get_namespace_uri (cursor), ==, "urn:p");
  /* Names are interned: one pointer per name. */
  g_assert_true (cm_safe_xml_cursor_get_local_name (cursor) == cm_safe_xml_cursor_intern (cursor, "r"));
  g_assert_cmpuint (cm_safe_xml_cursor_get_n_attributes (cursor), ==, 2);
  attribute = cm_safe_xml_cursor_get_attribute (cursor, 0);
  g_assert_cmpstr (attribute->prefix, ==, "p");
  g_assert_cmpstr (attribute->ns_uri, ==, "urn:p");
  g_assert_cmpstr (attribute->value, ==, "v");
  attribute = cm_safe_xml_cursor_get_attribute (cursor, 1);
  g_assert_null (attribute->prefix);
  g_assert_null (attribute->ns_uri);
  g_assert_cmpstr (attribute->value, ==, "w");
  g_assert_cmpint (cm_safe_xml_cursor_next (cursor, &error), ==, 0);
  g_assert_no_error (error);
}

/* Errors come with the line they are on, and the cursor stays failed. */
static void
test_errors (void)
{
  static const struct
  {
    const char *xml;
    gint        code;
    int         line;
    gboolean    truncated;
  } cases[] = {
    { "<r>\n<a>\n</b>\n</r>", CM_SAFE_XML_ERROR_MALFORMED, 3 },
    { "<r>\n<u:a/>\n</r>", CM_SAFE_XML_ERROR_MALFORMED, 2 },
    { "<r>\n\n<x:include xmlns:x=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\"/></r>",
      CM_SAFE_XML_ERROR_UNSAFE, 3 },
    { "<!DOCTYPE r [<!ELEMENT r ANY>]>\n<r>&undeclared;</r>", CM_SAFE_XML_ERROR_UNSAFE, 2 },
    { "<r>\n<a>", CM_SAFE_XML_ERROR_MALFORMED, 2, TRUE },
    { "<r>\n\n<a b=\"cut sh", CM_SAFE_XML_ERROR_MALFORMED, 3, TRUE },
    { "<r/>\n<extra/>", CM_SAFE_XML_ERROR_MALFORMED, 2, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CmSafeXmlCursor) cursor = open_cursor (cases[i].xml, FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) again = NULL;
      g_autofree char *line = g_strdup_printf ("line %d:", cases[i].line);
      int result;

      while ((result = cm_safe_xml_cursor_next (cursor, &error)) == 1)
        ;
      g_assert_cmpint (result, ==, -1);
      g_assert_error (error, CM_SAFE_XML_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      if (strstr (error->message, line) == NULL
          || (cases[i].truncated && strstr (error->message, "truncated") == NULL))
        g_error ("“%s” does not say “%s”%s", error->message, line,
                 cases[i].truncated ? " and “truncated”" : "");
      if (!cases[i].truncated && strstr (error->message, "truncated") != NULL)
        g_error ("“%s” is no truncated file", cases[i].xml);
      g_assert_cmpint (cm_safe_xml_cursor_next (cursor, &again), ==, -1);
      g_assert_error (again, CM_SAFE_XML_ERROR, cases[i].code);
    }

  /* Text without any element is not XML, and says so in those words. */
  {
    g_autoptr(CmSafeXmlCursor) cursor = open_cursor ("hello, not XML\n", FALSE);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (cm_safe_xml_cursor_next (cursor, &error), ==, -1);
    g_assert_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "not XML"));
  }
}

/* What saving writes always parses back: markup escaped, and what XML
 * 1.0 cannot carry (control characters, U+FFFE, U+FFFF, bytes that are
 * not UTF-8) replaced by U+FFFD. */
static void
test_escape (void)
{
  static const struct
  {
    const char *text;
    const char *as_text;
    const char *as_attribute;
  } cases[] = {
    { "plain", "plain", "plain" },
    { "a & b < c > \"d\"", "a &amp; b &lt; c &gt; \"d\"", "a &amp; b &lt; c &gt; &quot;d&quot;" },
    { "line\nbreak\ttab\rreturn", "line\nbreak\ttab&#13;return", "line&#10;break&#9;tab&#13;return" },
    { "bell\a", "bell\xef\xbf\xbd", "bell\xef\xbf\xbd" },
    { "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x84", "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x84",
      "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x84" },
    { "x\xef\xbf\xbey\xef\xbf\xbfz", "x\xef\xbf\xbdy\xef\xbf\xbdz", "x\xef\xbf\xbdy\xef\xbf\xbdz" },
    { "bad\xff\xc3(end", "bad\xef\xbf\xbd\xef\xbf\xbd(end", "bad\xef\xbf\xbd\xef\xbf\xbd(end" },
    { "cut\xe2\x80", "cut\xef\xbf\xbd\xef\xbf\xbd", "cut\xef\xbf\xbd\xef\xbf\xbd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GString) attribute = g_string_new (NULL);
      g_autofree char *document = NULL;
      g_autoptr(xmlDoc) doc = NULL;

      cm_xml_append_escaped (text, cases[i].text, FALSE);
      cm_xml_append_escaped (attribute, cases[i].text, TRUE);
      g_assert_cmpstr (text->str, ==, cases[i].as_text);
      g_assert_cmpstr (attribute->str, ==, cases[i].as_attribute);

      document = g_strdup_printf ("<r a=\"%s\">%s</r>", attribute->str, text->str);
      doc = xmlReadMemory (document, strlen (document), NULL, "UTF-8", XML_PARSE_NONET);
      g_assert_nonnull (doc);
    }
  {
    g_autoptr(GString) nothing = g_string_new ("kept");

    cm_xml_append_escaped (nothing, NULL, TRUE);
    g_assert_cmpstr (nothing->str, ==, "kept");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/safe-xml/cursor/nodes", test_nodes);
  g_test_add_func ("/safe-xml/cursor/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/safe-xml/cursor/outer-xml", test_outer_xml);
  g_test_add_func ("/safe-xml/cursor/names", test_names);
  g_test_add_func ("/safe-xml/cursor/errors", test_errors);
  g_test_add_func ("/safe-xml/escape", test_escape);
  return g_test_run ();
}
