/* cm-safe-xml.c: XML parsing that refuses hostile input before and while libxml2 reads it. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-safe-xml.h"
#include "cm-xml-private.h"

/* No entity substitution (no XML_PARSE_NOENT), no DTD loading or default
 * attributes (no XML_PARSE_DTDLOAD / DTDATTR), no XInclude, never
 * XML_PARSE_HUGE, and nothing from the network. BIG_LINES keeps error
 * lines right past line 65,535 of a large sidecar. */
#define SAFE_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

#define XINCLUDE_NS_2001 "http://www.w3.org/2001/XInclude"
#define XINCLUDE_NS_2003 "http://www.w3.org/2003/XInclude"

G_DEFINE_QUARK (cm-safe-xml-error-quark, cm_safe_xml_error)

/* Per-parse state: the first error libxml2 reports, and the input that
 * must stay alive while a cursor uses it. One per cursor or parse, so
 * concurrent parses in different threads share nothing. */
typedef struct
{
  GBytes *input;
  char   *display_name;
  GError *error;
} ParseState;

static ParseState *
parse_state_new (GBytes     *input,
                 const char *display_name)
{
  ParseState *state = g_new0 (ParseState, 1);

  state->input = g_bytes_ref (input);
  state->display_name = g_strdup (display_name != NULL ? display_name : _("XML input"));
  return state;
}

static void
parse_state_free (ParseState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->input, g_bytes_unref);
  g_clear_pointer (&state->display_name, g_free);
  g_clear_error (&state->error);
  g_free (state);
}

static void
ensure_parser_initialized (void)
{
  static gsize initialized = 0;

  /* xmlInitParser is not safe to race; later calls are no-ops. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

static guint
line_at_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

static char *
strip_message (const char *message)
{
  char *copy = g_strdup (message != NULL ? message : "");

  return g_strstrip (copy);
}

static gint
error_code_for_libxml (const xmlError *xml_error)
{
  switch (xml_error->code)
    {
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
      return CM_SAFE_XML_ERROR_ENCODING;
    case XML_ERR_ENTITY_LOOP:
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
    case XML_ERR_EXT_ENTITY_STANDALONE:
    case XML_ERR_ENTITY_PE_INTERNAL:
      return CM_SAFE_XML_ERROR_UNSAFE;
    case XML_ERR_INTERNAL_ERROR:
      /* libxml2 2.9 reports "Excessive depth" as an internal error. */
      if (xml_error->message != NULL && strstr (xml_error->message, "depth") != NULL)
        return CM_SAFE_XML_ERROR_TOO_LARGE;
      return CM_SAFE_XML_ERROR_MALFORMED;
    default:
      return CM_SAFE_XML_ERROR_MALFORMED;
    }
}

/* Structured error handler: keeps the first error (warnings aside) and
 * never prints anything. Namespace errors count: libxml2 reports them
 * without stopping, but a file with an undeclared prefix is not ours. */
static void
on_structured_error (void        *user_data,
                     xmlErrorPtr  xml_error)
{
  ParseState *state = user_data;
  g_autofree char *message = NULL;
  gint code;

  if (state == NULL || xml_error == NULL || state->error != NULL)
    return;
  if (xml_error->level < XML_ERR_ERROR)
    return;

  code = error_code_for_libxml (xml_error);
  if (code == CM_SAFE_XML_ERROR_TOO_LARGE)
    {
      /* libxml2's own depth limit; its message advises XML_PARSE_HUGE. */
      state->error = g_error_new (CM_SAFE_XML_ERROR, code,
                                  _("%s, line %d: elements are nested more than %d deep, deeper "
                                    "than any Clausemark file."),
                                  state->display_name, xml_error->line, CM_SAFE_XML_MAX_DEPTH);
      return;
    }
  message = strip_message (xml_error->message);
  state->error = g_error_new (CM_SAFE_XML_ERROR, code, _("%s, line %d: %s"),
                              state->display_name, xml_error->line, message);
}

static void
on_context_error (void        *user_data,
                  xmlErrorPtr  xml_error)
{
  xmlParserCtxtPtr context = user_data;

  if (context != NULL)
    on_structured_error (context->_private, xml_error);
}

static gboolean
has_prefix_at (const char *data,
               gsize       length,
               gsize       offset,
               const char *prefix)
{
  gsize prefix_length = strlen (prefix);

  return offset + prefix_length <= length && memcmp (data + offset, prefix, prefix_length) == 0;
}

static gboolean
is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Offset just past TERMINATOR at or after OFFSET, or LENGTH if absent. */
static gsize
skip_past (const char *data,
           gsize       length,
           gsize       offset,
           const char *terminator)
{
  gsize terminator_length = strlen (terminator);

  while (offset + terminator_length <= length)
    {
      if (memcmp (data + offset, terminator, terminator_length) == 0)
        return offset + terminator_length;
      offset++;
    }
  return length;
}

/* The value of the encoding pseudo-attribute of the XML declaration at the
 * start of DATA, or NULL. */
static char *
declared_encoding (const char *data,
                   gsize       length)
{
  gsize end;
  g_autofree char *declaration = NULL;
  const char *found;
  char quote;
  const char *value_start;
  const char *value_end;

  if (!has_prefix_at (data, length, 0, "<?xml") || length < 6 || !is_xml_space (data[5]))
    return NULL;
  end = skip_past (data, length, 0, "?>");
  declaration = g_strndup (data, end);
  found = strstr (declaration, "encoding");
  if (found == NULL)
    return NULL;
  found += strlen ("encoding");
  while (is_xml_space (*found))
    found++;
  if (*found != '=')
    return NULL;
  found++;
  while (is_xml_space (*found))
    found++;
  quote = *found;
  if (quote != '"' && quote != '\'')
    return NULL;
  value_start = found + 1;
  value_end = strchr (value_start, quote);
  if (value_end == NULL)
    return NULL;
  return g_strndup (value_start, value_end - value_start);
}

/* Looks at the document type declaration, if any, in the prolog. Comments,
 * processing instructions and <!ELEMENT> declarations are harmless;
 * entities (general or parameter), attribute lists (defaults can blow up
 * quadratically), notations, conditional sections, parameter-entity
 * references and any external identifier are refused. */
static gboolean
check_prolog (const char  *data,
              gsize        length,
              gboolean     complete,
              const char  *display_name,
              GError     **error)
{
  gsize offset = 0;

  while (offset < length)
    {
      if (is_xml_space (data[offset]))
        offset++;
      else if (has_prefix_at (data, length, offset, "<?"))
        offset = skip_past (data, length, offset + 2, "?>");
      else if (has_prefix_at (data, length, offset, "<!--"))
        offset = skip_past (data, length, offset + 4, "-->");
      else if (has_prefix_at (data, length, offset, "<!DOCTYPE"))
        break;
      else
        return TRUE;  /* the root element, or something the parser will refuse */
    }
  if (offset >= length)
    goto ran_out;

  {
    gsize doctype_line_offset = offset;

    offset += strlen ("<!DOCTYPE");
    /* The name, then an optional external id, then an optional subset. */
    while (offset < length && data[offset] != '[' && data[offset] != '>')
      {
        if (has_prefix_at (data, length, offset, "SYSTEM")
            || has_prefix_at (data, length, offset, "PUBLIC"))
          {
            g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_UNSAFE,
                         _("%s, line %u: the document type names an external DTD, which "
                           "Clausemark never loads. Remove the DOCTYPE line."),
                         display_name, line_at_offset (data, doctype_line_offset));
            return FALSE;
          }
        offset++;
      }
    if (offset >= length)
      goto ran_out;
    if (data[offset] == '>')
      return TRUE;

    offset++;  /* '[' */
    while (offset < length)
      {
        if (is_xml_space (data[offset]))
          offset++;
        else if (data[offset] == ']')
          return TRUE;
        else if (has_prefix_at (data, length, offset, "<!--"))
          offset = skip_past (data, length, offset + 4, "-->");
        else if (has_prefix_at (data, length, offset, "<?"))
          offset = skip_past (data, length, offset + 2, "?>");
        else if (has_prefix_at (data, length, offset, "<!ELEMENT"))
          {
            /* Content models hold no quotes and no '>'. */
            while (offset < length && data[offset] != '>')
              {
                if (data[offset] == '%')
                  goto unsafe;
                offset++;
              }
            offset++;
          }
        else
          goto unsafe;
      }
    goto ran_out;

  unsafe:
    g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_UNSAFE,
                 _("%s, line %u: the document type declares entities, attribute defaults "
                   "or other definitions, which Clausemark refuses to expand (a common "
                   "attack). Remove the DOCTYPE."),
                 display_name, line_at_offset (data, offset));
    return FALSE;
  }

ran_out:
  /* Only the start of a stream was given, and the prolog goes on past
   * it: no sidecar has one that long, so do not guess. */
  if (complete)
    return TRUE;
  g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_TOO_LARGE,
               _("%s: the part before the first element is longer than %u KiB, longer "
                 "than any Clausemark file."),
               display_name, (guint) (length / 1024));
  return FALSE;
}

/* g_utf8_validate_len() with a fast path for ASCII, eight bytes at a
 * time: sidecars are mostly ASCII, and this runs over every byte. Unlike
 * g_utf8_validate_len(), NUL passes: callers look for it first, to report
 * it as such. */
static gboolean
validate_utf8 (const char  *data,
               gsize        length,
               const char **end)
{
  const char *p = data;
  const char *limit = data + length;

  while (p < limit)
    {
      guint64 word;

      while (p + sizeof word <= limit)
        {
          memcpy (&word, p, sizeof word);
          if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
            break;
          p += sizeof word;
        }
      while (p < limit && (guchar) *p < 0x80)
        p++;
      if (p < limit)
        {
          const char *run_end = p;

          /* Validate the whole non-ASCII run in one call. */
          while (run_end < limit && (guchar) *run_end >= 0x80)
            run_end++;
          if (!g_utf8_validate_len (p, run_end - p, end))
            return FALSE;
          p = run_end;
        }
    }
  return TRUE;
}

static gboolean
check_declared_encoding (const char  *data,
                         gsize        length,
                         gboolean     converted,
                         const char  *display_name,
                         GError     **error)
{
  g_autofree char *encoding = declared_encoding (data, length);
  gboolean acceptable;

  if (encoding == NULL)
    return TRUE;
  if (converted)
    acceptable = g_ascii_strncasecmp (encoding, "UTF-16", 6) == 0;
  else
    acceptable = g_ascii_strcasecmp (encoding, "UTF-8") == 0
                 || g_ascii_strcasecmp (encoding, "UTF8") == 0
                 || g_ascii_strcasecmp (encoding, "US-ASCII") == 0
                 || g_ascii_strcasecmp (encoding, "ASCII") == 0;
  if (acceptable)
    return TRUE;
  g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_ENCODING,
               _("%s declares encoding “%s” but its content is %s. Fix the XML "
                 "declaration or save the file as UTF-8."),
               display_name, encoding, converted ? "UTF-16" : "UTF-8");
  return FALSE;
}

/* Checks BYTES and returns the UTF-8 text a parser should see, without a
 * byte order mark: a slice of BYTES, or a UTF-8 copy of UTF-16 input.
 * CONVERTED tells the caller to ignore the (UTF-16) encoding declaration. */
static GBytes *
prepare_input (GBytes      *bytes,
               const char  *display_name,
               gboolean    *converted,
               GError     **error)
{
  gsize size = 0;
  const guchar *raw = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  g_autoptr(GBytes) text = NULL;
  const char *data;
  gsize length;
  const char *invalid = NULL;
  const char *nul;

  *converted = FALSE;
  if (display_name == NULL)
    display_name = _("XML input");

  if (size == 0)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s is empty: it holds no XML at all."), display_name);
      return NULL;
    }
  if (size > CM_SAFE_XML_MAX_BYTES)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_TOO_LARGE,
                   _("%s is %" G_GSIZE_FORMAT " bytes, more than Clausemark reads (%u MiB)."),
                   display_name, size, CM_SAFE_XML_MAX_BYTES / (1024u * 1024u));
      return NULL;
    }
  if (size >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
    {
      /* Refuse compressed input outright: decompressing is a bomb risk. */
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s is gzip-compressed, not XML. Decompress it first."), display_name);
      return NULL;
    }
  if (size >= 4 && ((raw[0] == 0xff && raw[1] == 0xfe && raw[2] == 0 && raw[3] == 0)
                    || (raw[0] == 0 && raw[1] == 0 && raw[2] == 0xfe && raw[3] == 0xff)))
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_ENCODING,
                   _("%s is encoded in UTF-32, which Clausemark does not read. Save it as UTF-8."),
                   display_name);
      return NULL;
    }

  if (size >= 2 && ((raw[0] == 0xff && raw[1] == 0xfe) || (raw[0] == 0xfe && raw[1] == 0xff)))
    {
      const char *from = raw[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
      g_autoptr(GError) convert_error = NULL;
      gsize written = 0;
      char *utf8;

      if (size % 2 != 0)
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_ENCODING,
                       _("%s is UTF-16 with an odd number of bytes: it is truncated or damaged."),
                       display_name);
          return NULL;
        }
      utf8 = g_convert ((const char *) raw + 2, size - 2, "UTF-8", from, NULL, &written,
                        &convert_error);
      if (utf8 == NULL)
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_ENCODING,
                       _("%s is not valid %s: %s"), display_name, from, convert_error->message);
          return NULL;
        }
      text = g_bytes_new_take (utf8, written);
      *converted = TRUE;
    }
  else if (size >= 3 && raw[0] == 0xef && raw[1] == 0xbb && raw[2] == 0xbf)
    text = g_bytes_new_from_bytes (bytes, 3, size - 3);
  else if (size >= 4 && ((raw[0] == '<' && raw[1] == 0 && raw[2] == '?' && raw[3] == 0)
                         || (raw[0] == 0 && raw[1] == '<' && raw[2] == 0 && raw[3] == '?')))
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_ENCODING,
                   _("%s looks like UTF-16 without a byte order mark, which Clausemark "
                     "does not read. Save it as UTF-8."),
                   display_name);
      return NULL;
    }
  else
    text = g_bytes_ref (bytes);

  data = g_bytes_get_data (text, &length);
  if (length == 0)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s is empty: it holds no XML at all."), display_name);
      return NULL;
    }

  nul = memchr (data, '\0', length);
  if (nul != NULL)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s, line %u: contains a NUL byte, which XML does not allow. The file "
                     "is damaged or not XML."),
                   display_name, line_at_offset (data, nul - data));
      return NULL;
    }
  if (!validate_utf8 (data, length, &invalid))
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_ENCODING,
                   _("%s, line %u: invalid UTF-8 (byte 0x%02x at offset %" G_GSIZE_FORMAT
                     "). Clausemark reads UTF-8 files; the file is damaged or in "
                     "another encoding."),
                   display_name, line_at_offset (data, invalid - data),
                   (guint) (guchar) *invalid, (gsize) (invalid - data));
      return NULL;
    }

  if (!check_declared_encoding (data, length, *converted, display_name, error))
    return NULL;

  if (!check_prolog (data, length, TRUE, display_name, error))
    return NULL;

  return g_steal_pointer (&text);
}

gboolean
cm_safe_xml_check_bytes (GBytes      *bytes,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr(GBytes) text = NULL;
  gboolean converted;

  text = prepare_input (bytes, display_name, &converted, error);
  return text != NULL;
}

/* Streaming input ---------------------------------------------------------- */

/* Enough to hold the prolog of any sidecar, whose DOCTYPE (if any) must be
 * judged before the parser starts; smaller files are read whole. */
#define STREAM_HEAD_BYTES (256u * 1024u)

typedef struct
{
  ParseState   *state;        /* owned by the cursor, see cm_safe_xml_cursor_free() */
  GInputStream *stream;
  GBytes       *head;         /* served to the parser first */
  gsize         head_offset;
  guint64       total;
  guint         lines;        /* newlines before the current chunk */
  guchar        carry[4];     /* an incomplete UTF-8 sequence at a chunk's end */
  gsize         carry_length;
  gsize         carry_needed;
  gboolean      failed;
} StreamSource;

static gsize
utf8_sequence_length (guchar lead)
{
  if (lead < 0x80)
    return 1;
  if (lead >= 0xc2 && lead <= 0xdf)
    return 2;
  if (lead >= 0xe0 && lead <= 0xef)
    return 3;
  if (lead >= 0xf0 && lead <= 0xf4)
    return 4;
  return 0;
}

static gboolean
stream_fail (StreamSource *source,
             gint          code,
             const char   *chunk,
             gsize         offset,
             const char   *detail)
{
  guint line = source->lines;

  for (gsize i = 0; chunk != NULL && i < offset; i++)
    if (chunk[i] == '\n')
      line++;
  if (source->state->error == NULL)
    {
      source->state->error = g_error_new (CM_SAFE_XML_ERROR, code, _("%s, line %u: %s"),
                                          source->state->display_name, line + 1, detail);
    }
  source->failed = TRUE;
  return FALSE;
}

/* The byte-level checks of prepare_input(), one chunk at a time. */
static gboolean
stream_check_chunk (StreamSource *source,
                    const char   *chunk,
                    gsize         length)
{
  const char *invalid = NULL;
  const char *nul;
  gsize start = 0;

  source->total += length;
  if (source->total > CM_SAFE_XML_MAX_BYTES)
    return stream_fail (source, CM_SAFE_XML_ERROR_TOO_LARGE, NULL, 0,
                        _("the file is larger than Clausemark reads (512 MiB)."));
  if (length == 0)
    {
      if (source->carry_length > 0)
        return stream_fail (source, CM_SAFE_XML_ERROR_ENCODING, NULL, 0,
                            _("the file ends in the middle of a UTF-8 character."));
      return TRUE;
    }

  nul = memchr (chunk, '\0', length);
  if (nul != NULL)
    return stream_fail (source, CM_SAFE_XML_ERROR_MALFORMED, chunk, nul - chunk,
                        _("contains a NUL byte, which XML does not allow. The "
                          "file is damaged or not XML."));

  /* Finish a sequence the previous chunk began. */
  while (source->carry_length > 0 && start < length)
    {
      source->carry[source->carry_length++] = (guchar) chunk[start++];
      if (source->carry_length == source->carry_needed)
        {
          if (!g_utf8_validate_len ((const char *) source->carry, source->carry_length, NULL))
            return stream_fail (source, CM_SAFE_XML_ERROR_ENCODING, chunk, 0,
                                _("invalid UTF-8. Clausemark reads UTF-8 files; the "
                                  "file is damaged or in another encoding."));
          source->carry_length = 0;
        }
    }

  if (!validate_utf8 (chunk + start, length - start, &invalid))
    {
      gsize offset = invalid - chunk;
      gsize rest = length - offset;
      gsize needed = utf8_sequence_length ((guchar) *invalid);
      gboolean incomplete = needed > rest && rest < 4;

      for (gsize i = 1; incomplete && i < rest; i++)
        if (((guchar) invalid[i] & 0xc0) != 0x80)
          incomplete = FALSE;
      if (!incomplete)
        return stream_fail (source, CM_SAFE_XML_ERROR_ENCODING, chunk, offset,
                            _("invalid UTF-8. Clausemark reads UTF-8 files; the "
                              "file is damaged or in another encoding."));
      memcpy (source->carry, invalid, rest);
      source->carry_length = rest;
      source->carry_needed = needed;
    }

  for (const char *p = memchr (chunk, '\n', length); p != NULL;
       p = memchr (p + 1, '\n', length - (gsize) (p + 1 - chunk)))
    source->lines++;
  return TRUE;
}

static int
stream_read (void *context,
             char *buffer,
             int   length)
{
  StreamSource *source = context;
  gsize count = 0;

  if (source->failed || length <= 0)
    return source->failed ? -1 : 0;

  if (source->head != NULL)
    {
      gsize head_length;
      const char *head = g_bytes_get_data (source->head, &head_length);

      count = MIN ((gsize) length, head_length - source->head_offset);
      memcpy (buffer, head + source->head_offset, count);
      source->head_offset += count;
      if (source->head_offset == head_length)
        g_clear_pointer (&source->head, g_bytes_unref);
    }
  else
    {
      g_autoptr(GError) read_error = NULL;
      gssize result = g_input_stream_read (source->stream, buffer, (gsize) length, NULL,
                                           &read_error);

      if (result < 0)
        {
          stream_fail (source, CM_SAFE_XML_ERROR_MALFORMED, NULL, 0, read_error->message);
          return -1;
        }
      count = (gsize) result;
    }

  if (!stream_check_chunk (source, buffer, count))
    return -1;
  return (int) count;
}

static int
stream_close (void *context)
{
  StreamSource *source = context;

  g_clear_pointer (&source->head, g_bytes_unref);
  g_clear_object (&source->stream);
  g_free (source);
  return 0;
}

/* Reads the rest of STREAM after HEAD into one GBytes, within the size
 * bound (for the rare inputs the chunked path does not take). */
static GBytes *
read_whole_stream (GInputStream  *stream,
                   GBytes        *head,
                   const char    *display_name,
                   GError       **error)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  gsize head_length;
  const guint8 *head_data = g_bytes_get_data (head, &head_length);

  g_byte_array_append (all, head_data, head_length);
  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      gssize count = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &read_error);

      if (count < 0)
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                       _("%s could not be read: %s"), display_name, read_error->message);
          return NULL;
        }
      if (count == 0)
        break;
      if (all->len + (gsize) count > CM_SAFE_XML_MAX_BYTES)
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_TOO_LARGE,
                       _("%s is larger than Clausemark reads (%u MiB)."),
                       display_name, CM_SAFE_XML_MAX_BYTES / (1024u * 1024u));
          return NULL;
        }
      g_byte_array_append (all, buffer, count);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/* Event cursor -------------------------------------------------------------- */

/* The cursor runs libxml2's SAX2 push parser over the input a chunk at a
 * time and queues what it reports as events for the caller to pull. It
 * builds no tree: on a large sidecar that makes it more than twice as fast
 * as xmlTextReader, which builds and frees a node for everything it reads.
 * Every event passes the same bounds and safety checks as a DOM parse. */

#define CURSOR_CHUNK_BYTES (16u * 1024u)

typedef struct
{
  CmSafeXmlNodeType  type;
  int                depth;
  int                line;
  gboolean           empty;
  const char        *local_name;    /* interned in the parser's dictionary */
  const char        *prefix;
  const char        *ns_uri;
  GString           *data;          /* the text, or the attribute values */
  GArray            *attributes;    /* CmSafeXmlAttribute, values in DATA */
  GArray            *namespaces;    /* const char *: prefix, URI, as declared here */
} Event;

struct _CmSafeXmlCursor
{
  xmlParserCtxtPtr  context;
  ParseState       *state;
  GBytes           *text;          /* in-memory input, fed from OFFSET… */
  gsize             offset;
  StreamSource     *source;        /* …or a stream, through BUFFER */
  char             *buffer;
  gboolean          finishing;     /* the parser is being told the input ended */
  gboolean          root_closed;   /* the root element's end tag was read */
  gboolean          finished;      /* the parser has seen the end */
  GPtrArray        *events;        /* Event slots, reused */
  guint             n_events;
  int               current;       /* the event the cursor is on; -1 before the first */
  int               depth;         /* of the next element the parser starts */
  gsize             text_length;   /* of the text the parser is in */
};

static void
event_free (gpointer data)
{
  Event *event = data;

  g_string_free (event->data, TRUE);
  g_array_unref (event->attributes);
  g_array_unref (event->namespaces);
  g_free (event);
}

static Event *
push_event (CmSafeXmlCursor   *cursor,
            CmSafeXmlNodeType  type)
{
  Event *event;

  if (cursor->n_events == cursor->events->len)
    {
      event = g_new0 (Event, 1);
      event->data = g_string_sized_new (64);
      event->attributes = g_array_new (FALSE, FALSE, sizeof (CmSafeXmlAttribute));
      event->namespaces = g_array_new (FALSE, FALSE, sizeof (const char *));
      g_ptr_array_add (cursor->events, event);
    }
  event = g_ptr_array_index (cursor->events, cursor->n_events++);
  event->type = type;
  event->depth = cursor->depth;
  event->line = cursor->context->input != NULL ? cursor->context->input->line : 0;
  event->empty = FALSE;
  event->local_name = NULL;
  event->prefix = NULL;
  event->ns_uri = NULL;
  /* Emptied in place: this runs for every node of the file. */
  event->data->len = 0;
  event->data->str[0] = '\0';
  event->attributes->len = 0;
  event->namespaces->len = 0;
  return event;
}

/* The last event queued, while the cursor has not handed it out: a text
 * the parser reports in pieces grows there, and an end tag right after a
 * start tag marks that element empty. */
static Event *
unread_tail (CmSafeXmlCursor *cursor)
{
  if (cursor->n_events == 0 || (int) cursor->n_events - 1 <= cursor->current)
    return NULL;
  return g_ptr_array_index (cursor->events, cursor->n_events - 1);
}

static int
parser_line (CmSafeXmlCursor *cursor)
{
  return cursor->context->input != NULL ? cursor->context->input->line : 0;
}

/* Keeps the first error and stops the parser: nothing past it is queued. */
static void G_GNUC_PRINTF (3, 4)
cursor_fail (CmSafeXmlCursor *cursor,
             gint             code,
             const char      *format,
             ...)
{
  va_list args;

  if (cursor->state->error == NULL)
    {
      va_start (args, format);
      cursor->state->error = g_error_new_valist (CM_SAFE_XML_ERROR, code, format, args);
      va_end (args);
    }
  xmlStopParser (cursor->context);
}

static void
fail_text_too_long (CmSafeXmlCursor *cursor)
{
  cursor_fail (cursor, CM_SAFE_XML_ERROR_TOO_LARGE,
               _("%s, line %d: a text of more than %u KiB, more than any Clausemark field "
                 "holds."),
               cursor->state->display_name, parser_line (cursor), CM_SAFE_XML_MAX_VALUE / 1024u);
}

static void
fail_unsafe_declaration (CmSafeXmlCursor *cursor)
{
  cursor_fail (cursor, CM_SAFE_XML_ERROR_UNSAFE,
               _("%s: the document type declares entities, attribute defaults or an "
                 "external DTD, which Clausemark refuses. Remove the DOCTYPE."),
               cursor->state->display_name);
}

/* Appends an attribute value as SAX2 reports it. Without entity
 * substitution, libxml2 hands over every '&' (from &amp; or &#38;) as the
 * text "&#38;", for its tree builder to decode; nothing else is left
 * encoded, and a literal '&' cannot occur, so each "&#38;" is one '&'. */
static void
append_attribute_value (GString    *out,
                        const char *value,
                        const char *end)
{
  const char *amp;

  while ((amp = memchr (value, '&', end - value)) != NULL)
    {
      g_string_append_len (out, value, amp - value);
      g_string_append_c (out, '&');
      value = amp + (end - amp >= 5 && memcmp (amp, "&#38;", 5) == 0 ? 5 : 1);
    }
  g_string_append_len (out, value, end - value);
}

static void
on_cursor_start_element (void           *user_data,
                         const xmlChar  *local_name,
                         const xmlChar  *prefix,
                         const xmlChar  *uri,
                         int             n_namespaces,
                         const xmlChar **namespaces,
                         int             n_attributes,
                         int             n_defaulted,
                         const xmlChar **attributes)
{
  CmSafeXmlCursor *cursor = user_data;
  const char *display_name = cursor->state->display_name;
  Event *event;

  cursor->text_length = 0;
  if (cursor->depth + 1 > CM_SAFE_XML_MAX_DEPTH)
    {
      cursor_fail (cursor, CM_SAFE_XML_ERROR_TOO_LARGE,
                   _("%s, line %d: elements are nested more than %d deep, deeper than any "
                     "Clausemark file."),
                   display_name, parser_line (cursor), CM_SAFE_XML_MAX_DEPTH);
      return;
    }
  if (uri != NULL
      && (xmlStrEqual (uri, BAD_CAST XINCLUDE_NS_2001) || xmlStrEqual (uri, BAD_CAST XINCLUDE_NS_2003)))
    {
      cursor_fail (cursor, CM_SAFE_XML_ERROR_UNSAFE,
                   _("%s, line %d: contains an XInclude element, which Clausemark never "
                     "processes (it could pull in other files). Remove it."),
                   display_name, parser_line (cursor));
      return;
    }
  for (int i = 0; i < n_attributes; i++)
    if ((gsize) (attributes[i * 5 + 4] - attributes[i * 5 + 3]) > CM_SAFE_XML_MAX_VALUE)
      {
        cursor_fail (cursor, CM_SAFE_XML_ERROR_TOO_LARGE,
                     _("%s, line %d: attribute “%s” is longer than %u KiB, more than any "
                       "Clausemark field holds."),
                     display_name, parser_line (cursor), (const char *) attributes[i * 5],
                     CM_SAFE_XML_MAX_VALUE / 1024u);
        return;
      }

  event = push_event (cursor, CM_SAFE_XML_NODE_ELEMENT);
  event->local_name = (const char *) local_name;
  event->prefix = (const char *) prefix;
  event->ns_uri = (const char *) uri;
  if (n_namespaces > 0)
    g_array_append_vals (event->namespaces, namespaces, n_namespaces * 2);
  if (n_attributes > 0)
    {
      CmSafeXmlAttribute *attribute;
      gsize *offsets = g_newa (gsize, n_attributes);

      /* Values are not NUL-terminated in the parser's buffer: copied one
       * after another, then pointed at once DATA has stopped growing. */
      for (int i = 0; i < n_attributes; i++)
        {
          offsets[i] = event->data->len;
          append_attribute_value (event->data, (const char *) attributes[i * 5 + 3],
                                  (const char *) attributes[i * 5 + 4]);
          g_string_append_c (event->data, '\0');
        }
      g_array_set_size (event->attributes, n_attributes);
      attribute = (CmSafeXmlAttribute *) (gpointer) event->attributes->data;
      for (int i = 0; i < n_attributes; i++)
        {
          attribute[i].local_name = (const char *) attributes[i * 5];
          attribute[i].prefix = (const char *) attributes[i * 5 + 1];
          attribute[i].ns_uri = (const char *) attributes[i * 5 + 2];
          attribute[i].value = event->data->str + offsets[i];
        }
    }
  cursor->depth++;
}

static void
on_cursor_end_element (void          *user_data,
                       const xmlChar *local_name,
                       const xmlChar *prefix,
                       const xmlChar *uri)
{
  CmSafeXmlCursor *cursor = user_data;
  Event *tail;
  Event *event;

  cursor->text_length = 0;
  cursor->depth--;
  cursor->root_closed = cursor->depth == 0;
  tail = unread_tail (cursor);
  if (tail != NULL && tail->type == CM_SAFE_XML_NODE_ELEMENT && tail->depth == cursor->depth)
    {
      /* <a/> and <a></a> are the same element: empty, with no end event. */
      tail->empty = TRUE;
      return;
    }
  event = push_event (cursor, CM_SAFE_XML_NODE_END_ELEMENT);
  event->local_name = (const char *) local_name;
  event->prefix = (const char *) prefix;
  event->ns_uri = (const char *) uri;
}

static void
on_cursor_characters (void          *user_data,
                      const xmlChar *characters,
                      int            length)
{
  CmSafeXmlCursor *cursor = user_data;
  Event *tail;

  cursor->text_length += (gsize) length;
  if (cursor->text_length > CM_SAFE_XML_MAX_VALUE)
    {
      fail_text_too_long (cursor);
      return;
    }
  tail = unread_tail (cursor);
  if (tail == NULL || tail->type != CM_SAFE_XML_NODE_TEXT)
    tail = push_event (cursor, CM_SAFE_XML_NODE_TEXT);
  g_string_append_len (tail->data, (const char *) characters, length);
}

static void
push_markup_event (CmSafeXmlCursor   *cursor,
                   CmSafeXmlNodeType  type,
                   const xmlChar     *target,
                   const xmlChar     *content)
{
  Event *event;

  cursor->text_length = 0;
  if (content != NULL && strlen ((const char *) content) > CM_SAFE_XML_MAX_VALUE)
    {
      fail_text_too_long (cursor);
      return;
    }
  event = push_event (cursor, type);
  event->local_name = (const char *) target;
  if (content != NULL)
    g_string_append (event->data, (const char *) content);
}

static void
on_cursor_comment (void          *user_data,
                   const xmlChar *content)
{
  push_markup_event (user_data, CM_SAFE_XML_NODE_COMMENT, NULL, content);
}

static void
on_cursor_processing_instruction (void          *user_data,
                                  const xmlChar *target,
                                  const xmlChar *content)
{
  push_markup_event (user_data, CM_SAFE_XML_NODE_PROCESSING_INSTRUCTION, target, content);
}

static void
on_cursor_reference (void          *user_data,
                     const xmlChar *name)
{
  CmSafeXmlCursor *cursor = user_data;

  cursor_fail (cursor, CM_SAFE_XML_ERROR_UNSAFE,
               _("%s, line %d: contains an entity reference or declaration, which Clausemark "
                 "refuses to expand."),
               cursor->state->display_name, parser_line (cursor));
}

/* check_prolog() refused every declaration but <!ELEMENT> before parsing;
 * these stop anything that got past it. */
static void
on_cursor_internal_subset (void          *user_data,
                           const xmlChar *name,
                           const xmlChar *external_id,
                           const xmlChar *system_id)
{
  if (external_id != NULL || system_id != NULL)
    fail_unsafe_declaration (user_data);
}

static void
on_cursor_entity_declaration (void          *user_data,
                              const xmlChar *name,
                              int            type,
                              const xmlChar *public_id,
                              const xmlChar *system_id,
                              xmlChar       *content)
{
  fail_unsafe_declaration (user_data);
}

static void
on_cursor_attribute_declaration (void                 *user_data,
                                 const xmlChar        *element,
                                 const xmlChar        *name,
                                 int                   type,
                                 int                   default_type,
                                 const xmlChar        *default_value,
                                 xmlEnumerationPtr     values)
{
  xmlFreeEnumeration (values);
  fail_unsafe_declaration (user_data);
}

static void
on_cursor_notation_declaration (void          *user_data,
                                const xmlChar *name,
                                const xmlChar *public_id,
                                const xmlChar *system_id)
{
  fail_unsafe_declaration (user_data);
}

static void
on_cursor_unparsed_entity_declaration (void          *user_data,
                                       const xmlChar *name,
                                       const xmlChar *public_id,
                                       const xmlChar *system_id,
                                       const xmlChar *notation)
{
  fail_unsafe_declaration (user_data);
}

static void
on_cursor_error (void        *user_data,
                 xmlErrorPtr  xml_error)
{
  CmSafeXmlCursor *cursor = user_data;

  if (xml_error == NULL || cursor->state->error != NULL)
    return;
  /* With a DOCTYPE, libxml2 only warns of an undeclared entity and drops
   * the reference; a DOM parse would keep it as a node and refuse it. */
  if (xml_error->code == XML_WAR_UNDECLARED_ENTITY)
    {
      g_autofree char *message = strip_message (xml_error->message);

      cursor_fail (cursor, CM_SAFE_XML_ERROR_UNSAFE, _("%s, line %d: %s"),
                   cursor->state->display_name, xml_error->line, message);
      return;
    }
  /* No element at all: libxml2 says "Document is empty" of plain text. */
  if (xml_error->code == XML_ERR_DOCUMENT_EMPTY)
    {
      cursor_fail (cursor, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s is not XML: it holds no element."), cursor->state->display_name);
      return;
    }
  /* The push parser holds back an incomplete tag until more input comes:
   * an error only when told the input ended means the file stops short
   * (inside an element, a tag or an attribute), whatever it says. */
  if (xml_error->level == XML_ERR_FATAL
      && ((cursor->finishing && !cursor->root_closed)
          || (xml_error->code == XML_ERR_DOCUMENT_END && cursor->depth > 0)))
    {
      cursor_fail (cursor, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s, line %d: the file ends inside an element: it is truncated."),
                   cursor->state->display_name, xml_error->line);
      return;
    }
  on_structured_error (cursor->state, xml_error);
  if (cursor->state->error != NULL)
    xmlStopParser (cursor->context);
}

static const xmlSAXHandler cursor_handler = {
  .internalSubset = on_cursor_internal_subset,
  .entityDecl = on_cursor_entity_declaration,
  .notationDecl = on_cursor_notation_declaration,
  .attributeDecl = on_cursor_attribute_declaration,
  .unparsedEntityDecl = on_cursor_unparsed_entity_declaration,
  .reference = on_cursor_reference,
  .characters = on_cursor_characters,
  .ignorableWhitespace = on_cursor_characters,
  .processingInstruction = on_cursor_processing_instruction,
  .comment = on_cursor_comment,
  .cdataBlock = on_cursor_characters,
  .initialized = XML_SAX2_MAGIC,
  .startElementNs = on_cursor_start_element,
  .endElementNs = on_cursor_end_element,
  .serror = on_cursor_error,
};

static CmSafeXmlCursor *
cursor_new (GBytes        *text,
            StreamSource  *source,
            ParseState    *state,
            gboolean       converted,
            GError       **error)
{
  CmSafeXmlCursor *cursor = g_new0 (CmSafeXmlCursor, 1);
  int options = SAFE_PARSE_OPTIONS;

  ensure_parser_initialized ();
  cursor->state = state;
  cursor->source = source;
  cursor->text = text != NULL ? g_bytes_ref (text) : NULL;
  cursor->buffer = source != NULL ? g_malloc (CURSOR_CHUNK_BYTES) : NULL;
  cursor->events = g_ptr_array_new_with_free_func (event_free);
  cursor->current = -1;
  cursor->context = xmlCreatePushParserCtxt ((xmlSAXHandler *) &cursor_handler, cursor, NULL, 0,
                                             NULL);
  if (cursor->context == NULL)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s could not be read as XML (out of memory?)."), state->display_name);
      cm_safe_xml_cursor_free (cursor);
      return NULL;
    }
  if (converted)
    options |= XML_PARSE_IGNORE_ENC;
  xmlCtxtUseOptions (cursor->context, options);
  return cursor;
}

/* Gives the parser the next piece of input, or the end. */
static void
cursor_feed (CmSafeXmlCursor *cursor)
{
  const char *chunk;
  int length;

  if (cursor->source != NULL)
    {
      length = stream_read (cursor->source, cursor->buffer, CURSOR_CHUNK_BYTES);
      if (length < 0)
        return;  /* stream_fail() said why */
      chunk = cursor->buffer;
    }
  else
    {
      gsize size;
      const char *data = g_bytes_get_data (cursor->text, &size);

      length = (int) MIN (size - cursor->offset, (gsize) CURSOR_CHUNK_BYTES);
      chunk = data + cursor->offset;
      cursor->offset += length;
    }
  cursor->finishing = length == 0;
  xmlParseChunk (cursor->context, chunk, length, length == 0);
  if (length > 0)
    return;
  cursor->finishing = FALSE;
  cursor->finished = TRUE;
  if (cursor->state->error == NULL
      && (!cursor->context->wellFormed || !cursor->context->nsWellFormed))
    cursor->state->error = g_error_new (CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                                        _("%s is not well-formed XML."),
                                        cursor->state->display_name);
}

CmSafeXmlCursor *
cm_safe_xml_cursor_new (GBytes      *bytes,
                        const char  *display_name,
                        GError     **error)
{
  g_autoptr(GBytes) text = NULL;
  gboolean converted = FALSE;

  if (display_name == NULL)
    display_name = _("XML input");
  text = prepare_input (bytes, display_name, &converted, error);
  if (text == NULL)
    return NULL;
  return cursor_new (text, NULL, parse_state_new (text, display_name), converted, error);
}

CmSafeXmlCursor *
cm_safe_xml_cursor_new_for_stream (GInputStream  *stream,
                                   const char    *display_name,
                                   GError       **error)
{
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GError) read_error = NULL;
  StreamSource *source;
  ParseState *state;
  guchar *buffer;
  const guchar *raw;
  gsize length = 0;
  gsize bom = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (display_name == NULL)
    display_name = _("XML input");

  buffer = g_malloc (STREAM_HEAD_BYTES);
  if (!g_input_stream_read_all (stream, buffer, STREAM_HEAD_BYTES, &length, NULL, &read_error))
    {
      g_free (buffer);
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s could not be read: %s"), display_name, read_error->message);
      return NULL;
    }
  head = g_bytes_new_take (buffer, length);
  raw = g_bytes_get_data (head, NULL);

  /* A small file, or one that is not plainly UTF-8 (UTF-16, gzip…): the
   * in-memory path reads and judges it whole. */
  if (length < STREAM_HEAD_BYTES
      || raw[0] == 0xff || raw[0] == 0xfe || raw[0] == 0x00 || raw[0] == 0x1f || raw[1] == 0x00)
    {
      g_autoptr(GBytes) whole = NULL;

      whole = length < STREAM_HEAD_BYTES ? g_bytes_ref (head)
                                         : read_whole_stream (stream, head, display_name, error);
      if (whole == NULL)
        return NULL;
      return cm_safe_xml_cursor_new (whole, display_name, error);
    }

  if (raw[0] == 0xef && raw[1] == 0xbb && raw[2] == 0xbf)
    bom = 3;
  if (!check_declared_encoding ((const char *) raw + bom, length - bom, FALSE, display_name, error)
      || !check_prolog ((const char *) raw + bom, length - bom, FALSE, display_name, error))
    return NULL;

  state = parse_state_new (head, display_name);
  source = g_new0 (StreamSource, 1);
  source->state = state;
  source->stream = g_object_ref (stream);
  source->head = g_bytes_ref (head);
  return cursor_new (NULL, source, state, FALSE, error);
}

void
cm_safe_xml_cursor_free (CmSafeXmlCursor *cursor)
{
  if (cursor == NULL)
    return;
  g_clear_pointer (&cursor->context, xmlFreeParserCtxt);
  if (cursor->source != NULL)
    stream_close (cursor->source);
  g_clear_pointer (&cursor->text, g_bytes_unref);
  g_free (cursor->buffer);
  g_ptr_array_unref (cursor->events);
  parse_state_free (cursor->state);
  g_free (cursor);
}

static Event *
current_event (CmSafeXmlCursor *cursor)
{
  if (cursor->current < 0 || (guint) cursor->current >= cursor->n_events)
    return NULL;
  return g_ptr_array_index (cursor->events, cursor->current);
}

int
cm_safe_xml_cursor_next (CmSafeXmlCursor  *cursor,
                         GError          **error)
{
  g_return_val_if_fail (cursor != NULL, -1);

  for (;;)
    {
      guint next = (guint) (cursor->current + 1);

      if (cursor->state->error != NULL)
        {
          g_propagate_error (error, g_error_copy (cursor->state->error));
          return -1;
        }
      if (next < cursor->n_events)
        {
          Event *event = g_ptr_array_index (cursor->events, next);

          /* Whether an element is empty, and where a text ends, shows only
           * in what the parser reports after it. */
          if (next + 1 == cursor->n_events && !cursor->finished
              && (event->type == CM_SAFE_XML_NODE_ELEMENT || event->type == CM_SAFE_XML_NODE_TEXT))
            {
              cursor->events->pdata[next] = cursor->events->pdata[0];
              cursor->events->pdata[0] = event;
              cursor->n_events = 1;
              cursor->current = -1;
              cursor_feed (cursor);
              continue;
            }
          cursor->current = (int) next;
          return 1;
        }
      if (cursor->finished)
        return 0;
      cursor->n_events = 0;
      cursor->current = -1;
      cursor_feed (cursor);
    }
}

CmSafeXmlNodeType
cm_safe_xml_cursor_get_node_type (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL ? event->type : CM_SAFE_XML_NODE_NONE;
}

int
cm_safe_xml_cursor_get_depth (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL ? event->depth : -1;
}

int
cm_safe_xml_cursor_get_line (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL ? event->line : parser_line (cursor);
}

const char *
cm_safe_xml_cursor_get_local_name (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL ? event->local_name : NULL;
}

const char *
cm_safe_xml_cursor_get_prefix (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL ? event->prefix : NULL;
}

const char *
cm_safe_xml_cursor_get_namespace_uri (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL ? event->ns_uri : NULL;
}

gboolean
cm_safe_xml_cursor_is_empty_element (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL && event->empty;
}

const char *
cm_safe_xml_cursor_get_text (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  if (event == NULL || event->type == CM_SAFE_XML_NODE_ELEMENT
      || event->type == CM_SAFE_XML_NODE_END_ELEMENT)
    return NULL;
  return event->data->str;
}

guint
cm_safe_xml_cursor_get_n_attributes (CmSafeXmlCursor *cursor)
{
  Event *event = current_event (cursor);

  return event != NULL ? event->attributes->len : 0;
}

const CmSafeXmlAttribute *
cm_safe_xml_cursor_get_attribute (CmSafeXmlCursor *cursor,
                                  guint            index)
{
  Event *event = current_event (cursor);

  g_return_val_if_fail (event != NULL && index < event->attributes->len, NULL);
  return &g_array_index (event->attributes, CmSafeXmlAttribute, index);
}

const char *
cm_safe_xml_cursor_intern (CmSafeXmlCursor *cursor,
                           const char      *name)
{
  return (const char *) xmlDictLookup (cursor->context->dict, BAD_CAST name, -1);
}

/* Outer XML --------------------------------------------------------------- */

typedef struct
{
  const char *prefix;
  const char *ns_uri;
  int         depth;
} Binding;

/* In attributes, tabs and line breaks are escaped too, since parsers
 * normalize them to spaces otherwise. One pass, the text copied in runs:
 * a large sidecar's save spends a good part of its time here. These
 * bytes stop a run: the end, markup, what XML 1.0 cannot
 * carry, and the lead bytes of non-ASCII characters, checked one by one. */
static inline gboolean
stops_run (guchar c)
{
  return c < 0x20 || c >= 0x80 || c == '"' || c == '&' || c == '<' || c == '>';
}

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

void
cm_xml_append_escaped (GString    *out,
                       const char *text,
                       gboolean    attribute)
{
  const char *run;
  const char *p;

  if (text == NULL)
    return;

  run = p = text;
  for (;;)
    {
      const char *replacement = NULL;
      gsize skip = 1;
      guchar c;

      while (!stops_run ((guchar) *p))
        p++;
      c = (guchar) *p;
      if (c == '\0')
        break;
      if (c >= 0x80)
        {
          /* Valid characters pass but U+FFFE and U+FFFF; an invalid byte
           * becomes U+FFFD, as g_utf8_make_valid() would make it. */
          gunichar character = g_utf8_get_char_validated (p, -1);

          if (character == (gunichar) -1 || character == (gunichar) -2)
            replacement = REPLACEMENT_CHARACTER;
          else
            {
              skip = g_utf8_next_char (p) - p;
              if (character == 0xfffe || character == 0xffff)
                replacement = REPLACEMENT_CHARACTER;
            }
        }
      else
        switch (c)
          {
          case '&': replacement = "&amp;"; break;
          case '<': replacement = "&lt;"; break;
          case '>': replacement = "&gt;"; break;
          case '"': replacement = attribute ? "&quot;" : NULL; break;
          case '\r': replacement = "&#13;"; break;
          case '\n': replacement = attribute ? "&#10;" : NULL; break;
          case '\t': replacement = attribute ? "&#9;" : NULL; break;
          default: replacement = REPLACEMENT_CHARACTER; break;
          }
      if (replacement != NULL)
        {
          g_string_append_len (out, run, p - run);
          g_string_append (out, replacement);
          run = p + skip;
        }
      p += skip;
    }
  g_string_append_len (out, run, p - run);
}

static void
append_qualified_name (GString    *out,
                       const char *prefix,
                       const char *local_name)
{
  if (prefix != NULL)
    {
      g_string_append (out, prefix);
      g_string_append_c (out, ':');
    }
  g_string_append (out, local_name);
}

static void
declare_namespace (GString    *out,
                   GArray     *bindings,
                   const char *prefix,
                   const char *ns_uri,
                   int         depth)
{
  /* xmlns="" undeclares the default namespace: bound to no namespace. */
  Binding binding = { prefix, ns_uri != NULL && ns_uri[0] != '\0' ? ns_uri : NULL, depth };

  g_string_append (out, prefix != NULL ? " xmlns:" : " xmlns");
  if (prefix != NULL)
    g_string_append (out, prefix);
  g_string_append (out, "=\"");
  cm_xml_append_escaped (out, ns_uri != NULL ? ns_uri : "", TRUE);
  g_string_append_c (out, '"');
  g_array_append_val (bindings, binding);
}

/* Declares PREFIX for NS_URI where the serialized subtree would otherwise
 * lose it: declared outside the subtree, or not at all (no prefix, no
 * namespace, inside a default namespace). */
static void
ensure_namespace (GString    *out,
                  GArray     *bindings,
                  const char *prefix,
                  const char *ns_uri,
                  int         depth)
{
  const char *bound = NULL;

  if (g_strcmp0 (prefix, "xml") == 0)
    return;
  for (guint i = bindings->len; i > 0; i--)
    {
      const Binding *binding = &g_array_index (bindings, Binding, i - 1);

      if (g_strcmp0 (binding->prefix, prefix) == 0)
        {
          bound = binding->ns_uri;
          break;
        }
    }
  if (g_strcmp0 (bound, ns_uri) != 0 && (ns_uri != NULL || bound != NULL))
    declare_namespace (out, bindings, prefix, ns_uri, depth);
}

static void
append_start_tag (GString     *out,
                  GArray      *bindings,
                  const Event *event)
{
  const char * const *declared = (const char * const *) (gpointer) event->namespaces->data;

  g_string_append_c (out, '<');
  append_qualified_name (out, event->prefix, event->local_name);
  for (guint i = 0; i + 1 < event->namespaces->len; i += 2)
    declare_namespace (out, bindings, declared[i], declared[i + 1], event->depth);
  ensure_namespace (out, bindings, event->prefix, event->ns_uri, event->depth);
  for (guint i = 0; i < event->attributes->len; i++)
    {
      const CmSafeXmlAttribute *attribute = &g_array_index (event->attributes, CmSafeXmlAttribute, i);

      if (attribute->prefix != NULL)
        ensure_namespace (out, bindings, attribute->prefix, attribute->ns_uri, event->depth);
    }
  for (guint i = 0; i < event->attributes->len; i++)
    {
      const CmSafeXmlAttribute *attribute = &g_array_index (event->attributes, CmSafeXmlAttribute, i);

      g_string_append_c (out, ' ');
      append_qualified_name (out, attribute->prefix, attribute->local_name);
      g_string_append (out, "=\"");
      cm_xml_append_escaped (out, attribute->value, TRUE);
      g_string_append_c (out, '"');
    }
  g_string_append (out, event->empty ? "/>" : ">");
}

static void
end_bindings (GArray *bindings,
              int     depth)
{
  while (bindings->len > 0 && g_array_index (bindings, Binding, bindings->len - 1).depth >= depth)
    g_array_set_size (bindings, bindings->len - 1);
}

char *
cm_safe_xml_cursor_read_outer_xml (CmSafeXmlCursor  *cursor,
                                   GError          **error)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GArray) bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
  Event *event = current_event (cursor);
  int depth;

  g_return_val_if_fail (event != NULL && event->type == CM_SAFE_XML_NODE_ELEMENT, NULL);

  depth = event->depth;
  for (;;)
    {
      int result;

      switch (event->type)
        {
        case CM_SAFE_XML_NODE_ELEMENT:
          append_start_tag (xml, bindings, event);
          if (event->empty)
            end_bindings (bindings, event->depth);
          if (event->empty && event->depth == depth)
            return g_string_free (g_steal_pointer (&xml), FALSE);
          break;
        case CM_SAFE_XML_NODE_END_ELEMENT:
          end_bindings (bindings, event->depth);
          g_string_append (xml, "</");
          append_qualified_name (xml, event->prefix, event->local_name);
          g_string_append_c (xml, '>');
          if (event->depth == depth)
            return g_string_free (g_steal_pointer (&xml), FALSE);
          break;
        case CM_SAFE_XML_NODE_TEXT:
          cm_xml_append_escaped (xml, event->data->str, FALSE);
          break;
        case CM_SAFE_XML_NODE_COMMENT:
          g_string_append_printf (xml, "<!--%s-->", event->data->str);
          break;
        case CM_SAFE_XML_NODE_PROCESSING_INSTRUCTION:
          g_string_append_printf (xml, "<?%s%s%s?>", event->local_name,
                                  event->data->len > 0 ? " " : "", event->data->str);
          break;
        case CM_SAFE_XML_NODE_NONE:
        default:
          break;
        }
      result = cm_safe_xml_cursor_next (cursor, error);
      if (result == 0)
        g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                     _("%s ends inside an element (the file is truncated)."),
                     cursor->state->display_name);
      if (result != 1)
        return NULL;
      event = current_event (cursor);
    }
}

/* Length of an attribute's value without building a copy. */
static gsize
attribute_value_length (xmlAttrPtr attribute)
{
  gsize total = 0;

  for (xmlNodePtr child = attribute->children; child != NULL; child = child->next)
    if (child->content != NULL)
      total += strlen ((const char *) child->content);
  return total;
}

static gboolean
is_xinclude (xmlNodePtr node)
{
  return node->ns != NULL && node->ns->href != NULL
         && (xmlStrEqual (node->ns->href, BAD_CAST XINCLUDE_NS_2001)
             || xmlStrEqual (node->ns->href, BAD_CAST XINCLUDE_NS_2003));
}

static gboolean
dtd_is_harmless (xmlDtdPtr dtd)
{
  if (dtd == NULL)
    return TRUE;
  return dtd->entities == NULL && dtd->pentities == NULL && dtd->attributes == NULL
         && dtd->notations == NULL && dtd->ExternalID == NULL && dtd->SystemID == NULL;
}

/* Bounds and safety checks on one node of a DOM
 * walk. DEPTH counts the root element as 1. Line numbers are looked up
 * only for an error: xmlGetLineNo() can be slow. */
static gboolean
check_node (xmlNodePtr   node,
            int          depth,
            const char  *display_name,
            GError     **error)
{

  switch (node->type)
    {
    case XML_ELEMENT_NODE:
      if (depth > CM_SAFE_XML_MAX_DEPTH)
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_TOO_LARGE,
                       _("%s, line %d: elements are nested more than %d deep, deeper than "
                         "any Clausemark file."),
                       display_name, (int) xmlGetLineNo (node), CM_SAFE_XML_MAX_DEPTH);
          return FALSE;
        }
      if (is_xinclude (node))
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_UNSAFE,
                       _("%s, line %d: contains an XInclude element, which Clausemark never "
                         "processes (it could pull in other files). Remove it."),
                       display_name, (int) xmlGetLineNo (node));
          return FALSE;
        }
      for (xmlAttrPtr attribute = node->properties; attribute != NULL; attribute = attribute->next)
        if (attribute_value_length (attribute) > CM_SAFE_XML_MAX_VALUE)
          {
            g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_TOO_LARGE,
                         _("%s, line %d: attribute “%s” is longer than %u KiB, more than "
                           "any Clausemark field holds."),
                         display_name, (int) xmlGetLineNo (node), (const char *) attribute->name,
                         CM_SAFE_XML_MAX_VALUE / 1024u);
            return FALSE;
          }
      return TRUE;

    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
      if (node->content != NULL && strlen ((const char *) node->content) > CM_SAFE_XML_MAX_VALUE)
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_TOO_LARGE,
                       _("%s, line %d: a text of more than %u KiB, more than any Clausemark "
                         "field holds."),
                       display_name, (int) xmlGetLineNo (node), CM_SAFE_XML_MAX_VALUE / 1024u);
          return FALSE;
        }
      return TRUE;

    case XML_ENTITY_REF_NODE:
    case XML_ENTITY_NODE:
    case XML_ENTITY_DECL:
    case XML_ATTRIBUTE_DECL:
    case XML_XINCLUDE_START:
    case XML_XINCLUDE_END:
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_UNSAFE,
                   _("%s, line %d: contains an entity reference or declaration, which "
                     "Clausemark refuses to expand."),
                   display_name, (int) xmlGetLineNo (node));
      return FALSE;

    case XML_DTD_NODE:
      if (!dtd_is_harmless ((xmlDtdPtr) node))
        {
          g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_UNSAFE,
                       _("%s: the document type declares entities, attribute defaults or an "
                         "external DTD, which Clausemark refuses. Remove the DOCTYPE."),
                       display_name);
          return FALSE;
        }
      return TRUE;

    default:
      return TRUE;
    }
}

static gboolean
check_tree (xmlNodePtr   node,
            int          depth,
            const char  *display_name,
            GError     **error)
{
  /* Iterative walk: a deep tree must not exhaust the stack. */
  while (node != NULL)
    {
      if (!check_node (node, depth, display_name, error))
        return FALSE;
      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          depth++;
          continue;
        }
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          depth--;
          if (node == NULL || node->type == XML_DOCUMENT_NODE || depth <= 0)
            return TRUE;
        }
      if (node != NULL)
        node = node->next;
    }
  return TRUE;
}

xmlDocPtr
cm_safe_xml_parse_document (GBytes      *bytes,
                            const char  *display_name,
                            GError     **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(xmlParserCtxt) context = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  ParseState *state;
  gboolean converted = FALSE;
  const char *data;
  gsize length;
  int options = SAFE_PARSE_OPTIONS;

  if (display_name == NULL)
    display_name = _("XML input");
  text = prepare_input (bytes, display_name, &converted, error);
  if (text == NULL)
    return NULL;

  ensure_parser_initialized ();
  context = xmlNewParserCtxt ();
  if (context == NULL)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s could not be read as XML (out of memory?)."), display_name);
      return NULL;
    }
  state = parse_state_new (text, display_name);
  /* Errors reach the handler with the context as argument (SAX2 needs
   * userData to stay the context), so the state rides in _private. */
  context->_private = state;
  context->sax->serror = on_context_error;
  context->sax->error = NULL;
  context->sax->warning = NULL;
  context->vctxt.error = NULL;
  context->vctxt.warning = NULL;

  if (converted)
    options |= XML_PARSE_IGNORE_ENC;
  data = g_bytes_get_data (text, &length);
  doc = xmlCtxtReadMemory (context, data, (int) MIN (length, (gsize) G_MAXINT), NULL,
                           converted ? "UTF-8" : NULL, options);

  if (state->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&state->error));
      context->_private = NULL;
      parse_state_free (state);
      return NULL;
    }
  parse_state_free (state);
  context->_private = NULL;

  if (doc == NULL || !context->wellFormed || !context->nsWellFormed)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("%s is not well-formed XML."), display_name);
      return NULL;
    }
  if (!dtd_is_harmless (doc->intSubset) || doc->extSubset != NULL)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_UNSAFE,
                   _("%s: the document type declares entities, attribute defaults or an "
                     "external DTD, which Clausemark refuses. Remove the DOCTYPE."),
                   display_name);
      return NULL;
    }
  if (!check_tree (xmlDocGetRootElement (doc), 1, display_name, error))
    return NULL;

  return g_steal_pointer (&doc);
}

/* What RELAX NG reported about one document: every error, so that the one
 * a person can act on is chosen once validation is over. */
typedef struct
{
  int         code;        /* xmlRelaxNGValidErr */
  long        line;
  xmlNodePtr  node;
  char       *name;        /* str1: an element or attribute name */
  char       *other;       /* str2 */
  char       *message;     /* libxml2's words */
} SchemaError;

static void
schema_error_clear (gpointer data)
{
  SchemaError *error = data;

  g_free (error->name);
  g_free (error->other);
  g_free (error->message);
}

static void
on_schema_error (void        *user_data,
                 xmlErrorPtr  xml_error)
{
  GArray *errors = user_data;
  SchemaError error = { 0 };

  if (xml_error == NULL || xml_error->level < XML_ERR_ERROR || errors->len >= 64)
    return;
  error.code = xml_error->code;
  error.node = xml_error->node;
  error.line = xml_error->line;
  if (error.line <= 0 && error.node != NULL)
    error.line = xmlGetLineNo (error.node);
  error.name = g_strdup (xml_error->str1);
  error.other = g_strdup (xml_error->str2);
  error.message = strip_message (xml_error->message);
  g_array_append_val (errors, error);
}

static xmlNodePtr
find_child_element (xmlNodePtr  parent,
                    const char *name)
{
  for (xmlNodePtr child = parent != NULL ? parent->children : NULL; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, BAD_CAST name))
      return child;
  return NULL;
}

/* libxml2 says "Extra element tag in interleave" with no line, then
 * names the parent: the element meant is the parent's child. */
static long
line_of_extra_element (GArray *errors,
                       guint   index)
{
  const SchemaError *extra = &g_array_index (errors, SchemaError, index);

  for (guint i = index + 1; i < errors->len; i++)
    {
      const SchemaError *next = &g_array_index (errors, SchemaError, i);
      xmlNodePtr child = find_child_element (next->node, extra->name);

      if (child != NULL)
        return xmlGetLineNo (child);
    }
  return -1;
}

/* What a schema lets each of its elements hold, read from the RELAX NG
 * itself: the unqualified attributes and the child elements (in the
 * schema's namespace) that some definition of the element names. Other
 * namespaces are the format's extensions and always allowed. */
typedef struct
{
  GHashTable *attributes;
  GHashTable *children;
} ElementRules;

static void
element_rules_free (ElementRules *rules)
{
  g_hash_table_unref (rules->attributes);
  g_hash_table_unref (rules->children);
  g_free (rules);
}

static gboolean
is_rng (xmlNodePtr  node,
        const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, BAD_CAST name)
         && node->ns != NULL && xmlStrEqual (node->ns->href, BAD_CAST "http://relaxng.org/ns/structure/1.0");
}

static void
collect_rules (xmlNodePtr    pattern,
               GHashTable   *defines,
               GHashTable   *visited,
               ElementRules *rules)
{
  for (xmlNodePtr child = pattern->children; child != NULL; child = child->next)
    {
      g_autofree xmlChar *name = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      name = xmlGetProp (child, BAD_CAST "name");
      if (is_rng (child, "attribute"))
        {
          if (name != NULL)
            g_hash_table_add (rules->attributes, g_strdup ((const char *) name));
        }
      else if (is_rng (child, "element"))
        {
          if (name != NULL)
            g_hash_table_add (rules->children, g_strdup ((const char *) name));
        }
      else if (is_rng (child, "ref"))
        {
          GPtrArray *targets = name != NULL ? g_hash_table_lookup (defines, name) : NULL;

          if (targets == NULL || !g_hash_table_add (visited, targets))
            continue;
          for (guint i = 0; i < targets->len; i++)
            collect_rules (g_ptr_array_index (targets, i), defines, visited, rules);
        }
      else
        collect_rules (child, defines, visited, rules);
    }
}

static void
index_schema (xmlNodePtr  node,
              GHashTable *defines,
              GPtrArray  *elements)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_rng (child, "define"))
        {
          g_autofree xmlChar *name = xmlGetProp (child, BAD_CAST "name");
          GPtrArray *targets;

          if (name == NULL)
            continue;
          targets = g_hash_table_lookup (defines, name);
          if (targets == NULL)
            {
              targets = g_ptr_array_new ();
              g_hash_table_insert (defines, g_strdup ((const char *) name), targets);
            }
          g_ptr_array_add (targets, child);
        }
      else if (is_rng (child, "element") && xmlHasProp (child, BAD_CAST "name"))
        g_ptr_array_add (elements, child);
      index_schema (child, defines, elements);
    }
}

/* element name → ElementRules */
static GHashTable *
read_schema_rules (xmlDocPtr schema)
{
  GHashTable *rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) element_rules_free);
  g_autoptr(GHashTable) defines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) elements = g_ptr_array_new ();
  xmlNodePtr root = xmlDocGetRootElement (schema);

  if (root == NULL)
    return rules;
  index_schema (root, defines, elements);
  for (guint i = 0; i < elements->len; i++)
    {
      xmlNodePtr element = g_ptr_array_index (elements, i);
      g_autofree xmlChar *name = xmlGetProp (element, BAD_CAST "name");
      g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
      ElementRules *element_rules = g_hash_table_lookup (rules, name);

      if (element_rules == NULL)
        {
          element_rules = g_new0 (ElementRules, 1);
          element_rules->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          element_rules->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (rules, g_strdup ((const char *) name), element_rules);
        }
      collect_rules (element, defines, visited, element_rules);
    }
  return rules;
}

/* The two faults both the schema walk and RELAX NG's errors can name. */
static char *
undefined_attribute_message (const char *display_name,
                             long        line,
                             const char *element,
                             const char *attribute)
{
  /* Translators: "ordinance.clausemark.xml, line 10: <tag> has an attribute “colour” that the
   * format does not define." */
  return g_strdup_printf (_("%s, line %ld: <%s> has an attribute “%s” that the format does not define."),
                          display_name, line, element, attribute);
}

static char *
undefined_element_message (const char *display_name,
                           long        line,
                           const char *element,
                           const char *parent)
{
  return g_strdup_printf (_("%s, line %ld: <%s> is not an element the format allows inside <%s>."),
                          display_name, line, element, parent);
}

/* The first attribute or element, in document order, that the schema does
 * not define where it stands; NULL when all are known (the fault is then in
 * a value, an order or a count, which RELAX NG has to say). */
static char *
find_undefined (xmlNodePtr  element,
                GHashTable *rules,
                const char *ns,
                const char *display_name)
{
  ElementRules *element_rules = g_hash_table_lookup (rules, element->name);

  if (element_rules == NULL)
    return NULL;
  for (xmlAttrPtr attribute = element->properties; attribute != NULL; attribute = attribute->next)
    if (attribute->ns == NULL && !g_hash_table_contains (element_rules->attributes, attribute->name))
      return undefined_attribute_message (display_name, xmlGetLineNo (element), (const char *) element->name,
                                          (const char *) attribute->name);
  for (xmlNodePtr child = element->children; child != NULL; child = child->next)
    {
      char *message;

      if (child->type != XML_ELEMENT_NODE || child->ns == NULL || !xmlStrEqual (child->ns->href, BAD_CAST ns))
        continue;
      if (!g_hash_table_contains (element_rules->children, child->name))
        return undefined_element_message (display_name, xmlGetLineNo (child), (const char *) child->name,
                                          (const char *) element->name);
      if ((message = find_undefined (child, rules, ns, display_name)) != NULL)
        return message;
    }
  return NULL;
}

static char *
describe_undefined (xmlDocPtr   doc,
                    GBytes     *schema_bytes,
                    const char *display_name)
{
  g_autoptr(xmlDoc) schema = cm_safe_xml_parse_document (schema_bytes, NULL, NULL);
  g_autoptr(GHashTable) rules = NULL;
  g_autofree xmlChar *ns = NULL;
  xmlNodePtr root = xmlDocGetRootElement (doc);

  if (schema == NULL || root == NULL || xmlDocGetRootElement (schema) == NULL)
    return NULL;
  ns = xmlGetProp (xmlDocGetRootElement (schema), BAD_CAST "ns");
  if (ns == NULL || root->ns == NULL || !xmlStrEqual (root->ns->href, ns))
    return NULL;
  rules = read_schema_rules (schema);
  return find_undefined (root, rules, (const char *) ns, display_name);
}

/* The error to report, in words a person who edited the file can act on:
 * the most precise one (a named attribute, then a named element), with
 * its line; libxml2's own words when nothing better is known. */
static char *
describe_schema_errors (GArray     *errors,
                        const char *display_name)
{
  static const int preferred[] = {
    XML_RELAXNG_ERR_INVALIDATTR,
    XML_RELAXNG_ERR_EXTRACONTENT,
    XML_RELAXNG_ERR_ELEMWRONG,
    XML_RELAXNG_ERR_INTEREXTRA,
    XML_RELAXNG_ERR_ATTRVALID,
    XML_RELAXNG_ERR_ELEMNAME,
    XML_RELAXNG_ERR_TEXTWRONG,
  };

  for (guint p = 0; p < G_N_ELEMENTS (preferred); p++)
    for (guint i = 0; i < errors->len; i++)
      {
        const SchemaError *error = &g_array_index (errors, SchemaError, i);
        long line = error->line;

        if (error->code != preferred[p] || error->name == NULL)
          continue;
        switch (error->code)
          {
          case XML_RELAXNG_ERR_INVALIDATTR:
            if (line > 0 && error->other != NULL)
              return undefined_attribute_message (display_name, line, error->other, error->name);
            break;
          case XML_RELAXNG_ERR_EXTRACONTENT:
            if (line > 0 && error->other != NULL)
              return undefined_element_message (display_name, line, error->other, error->name);
            break;
          case XML_RELAXNG_ERR_ELEMWRONG:
            if (line > 0)
              return g_strdup_printf (_("%s, line %ld: <%s> is not an element the format allows here."),
                                      display_name, line, error->name);
            break;
          case XML_RELAXNG_ERR_INTEREXTRA:
            line = line > 0 ? line : line_of_extra_element (errors, i);
            if (line > 0)
              return g_strdup_printf (_("%s, line %ld: <%s> does not match the format here: check its name, "
                                        "its attributes and their values."),
                                      display_name, line, error->name);
            break;
          case XML_RELAXNG_ERR_ATTRVALID:
            if (line > 0)
              return g_strdup_printf (_("%s, line %ld: <%s> lacks an attribute the format requires, or has "
                                        "one with a value it does not allow."),
                                      display_name, line, error->name);
            break;
          case XML_RELAXNG_ERR_ELEMNAME:
            if (line > 0 && error->other != NULL)
              return g_strdup_printf (_("%s, line %ld: the format expects <%s> here, not <%s>."),
                                      display_name, line, error->name, error->other);
            break;
          case XML_RELAXNG_ERR_TEXTWRONG:
            if (line > 0)
              return g_strdup_printf (_("%s, line %ld: <%s> may not hold text there."),
                                      display_name, line, error->name);
            break;
          default:
            break;
          }
      }

  for (guint i = 0; i < errors->len; i++)
    {
      const SchemaError *error = &g_array_index (errors, SchemaError, i);

      if (error->line > 0)
        return g_strdup_printf (_("%s, line %ld: %s"), display_name, error->line,
                                g_array_index (errors, SchemaError, 0).message);
    }
  if (errors->len > 0)
    return g_strdup_printf (_("%s: %s"), display_name, g_array_index (errors, SchemaError, 0).message);
  return NULL;
}

gboolean
cm_safe_xml_validate (xmlDocPtr    doc,
                      const char  *resource_path,
                      const char  *display_name,
                      GError     **error)
{
  g_autoptr(GBytes) schema_bytes = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(xmlRelaxNGParserCtxt) parser = NULL;
  g_autoptr(xmlRelaxNG) schema = NULL;
  g_autoptr(xmlRelaxNGValidCtxt) validator = NULL;
  g_autoptr(GArray) errors = NULL;
  const char *schema_data;
  gsize schema_length;
  int result;
  gboolean valid;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (resource_path != NULL, FALSE);

  if (display_name == NULL)
    display_name = _("XML input");

  schema_bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                          &lookup_error);
  if (schema_bytes == NULL)
    {
      g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                   _("The schema %s is missing from this build of Clausemark: %s"),
                   resource_path, lookup_error->message);
      return FALSE;
    }

  ensure_parser_initialized ();
  errors = g_array_new (FALSE, TRUE, sizeof (SchemaError));
  g_array_set_clear_func (errors, schema_error_clear);
  schema_data = g_bytes_get_data (schema_bytes, &schema_length);
  parser = xmlRelaxNGNewMemParserCtxt (schema_data, (int) schema_length);
  if (parser != NULL)
    {
      xmlRelaxNGSetParserStructuredErrors (parser, on_schema_error, errors);
      schema = xmlRelaxNGParse (parser);
    }
  if (schema == NULL)
    {
      g_autofree char *message = describe_schema_errors (errors, resource_path);

      if (message != NULL)
        g_set_error_literal (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED, message);
      else
        g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                     _("The schema %s could not be compiled."), resource_path);
      return FALSE;
    }

  g_array_set_size (errors, 0);
  validator = xmlRelaxNGNewValidCtxt (schema);
  xmlRelaxNGSetValidStructuredErrors (validator, on_schema_error, errors);
  result = xmlRelaxNGValidateDoc (validator, doc);
  valid = result == 0;
  if (!valid)
    {
      g_autofree char *message = describe_undefined (doc, schema_bytes, display_name);

      if (message == NULL)
        message = describe_schema_errors (errors, display_name);

      if (message != NULL)
        g_set_error_literal (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED, message);
      else
        g_set_error (error, CM_SAFE_XML_ERROR, CM_SAFE_XML_ERROR_MALFORMED,
                     _("%s does not match the schema %s."), display_name, resource_path);
    }
  return valid;
}
