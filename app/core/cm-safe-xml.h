/* cm-safe-xml.h: XML parsing that refuses hostile input (entities, DTDs, XInclude, depth, size, bad UTF-8). */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

G_BEGIN_DECLS

#define CM_SAFE_XML_ERROR (cm_safe_xml_error_quark ())

typedef enum
{
  CM_SAFE_XML_ERROR_MALFORMED,    /* not well-formed XML (truncated, two roots, NUL bytes…) */
  CM_SAFE_XML_ERROR_ENCODING,     /* invalid UTF-8 or an encoding Clausemark does not read */
  CM_SAFE_XML_ERROR_UNSAFE,       /* entity declarations, external DTD, XInclude */
  CM_SAFE_XML_ERROR_TOO_LARGE,    /* file, attribute, text or nesting beyond the bounds below */
} CmSafeXmlError;

#define CM_SAFE_XML_MAX_BYTES      (512u * 1024u * 1024u)
#define CM_SAFE_XML_MAX_DEPTH      64
#define CM_SAFE_XML_MAX_VALUE      (1024u * 1024u)   /* one attribute or text node */

GQuark             cm_safe_xml_error_quark     (void);

/* Byte-level checks before any parser sees the input: size, NUL bytes,
 * UTF-8 validity, DOCTYPE with entity declarations or an external id. */
gboolean           cm_safe_xml_check_bytes     (GBytes      *bytes,
                                                const char  *display_name,
                                                GError     **error);
/* A streaming reader over BYTES (which must outlive it) with network,
 * DTD loading, entity substitution and XInclude off. Use
 * cm_safe_xml_reader_next() instead of xmlTextReaderRead(). */
xmlTextReaderPtr   cm_safe_xml_reader_new      (GBytes      *bytes,
                                                const char  *display_name,
                                                GError     **error);
/* The same, reading STREAM in chunks as the parser asks for them, so that
 * a large file never sits in memory whole; the byte-level checks run on
 * each chunk as it arrives. UTF-16 input (rare, small) is read whole. */
xmlTextReaderPtr   cm_safe_xml_reader_new_for_stream (GInputStream *stream,
                                                      const char   *display_name,
                                                      GError      **error);
/* Returns 1 on a node, 0 at the end, -1 with ERROR set (depth, value size,
 * parse error with line number). */
int                cm_safe_xml_reader_next     (xmlTextReaderPtr reader,
                                                const char  *display_name,
                                                GError     **error);
void               cm_safe_xml_reader_free     (xmlTextReaderPtr reader);
/* A DOM for small files (checklists, schemas), same protections. */
xmlDocPtr          cm_safe_xml_parse_document  (GBytes      *bytes,
                                                const char  *display_name,
                                                GError     **error);
/* Validates DOC against the RELAX NG schema at RESOURCE_PATH in the
 * library's GResource (e.g. "/io/github/clausemark/core/schema/review.rng"). */
gboolean           cm_safe_xml_validate        (xmlDocPtr    doc,
                                                const char  *resource_path,
                                                const char  *display_name,
                                                GError     **error);

G_END_DECLS
