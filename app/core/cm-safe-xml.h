/* cm-safe-xml.h: XML parsing that refuses hostile input (entities, DTDs, XInclude, depth, size, bad UTF-8). */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

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

/* A pull parser over libxml2's SAX2 push parser: the caller moves from
 * node to node with cm_safe_xml_cursor_next(); names and text stay valid
 * until the next call. */
typedef struct _CmSafeXmlCursor CmSafeXmlCursor;

typedef enum
{
  CM_SAFE_XML_NODE_NONE,
  CM_SAFE_XML_NODE_ELEMENT,
  CM_SAFE_XML_NODE_END_ELEMENT,   /* never after an empty element */
  CM_SAFE_XML_NODE_TEXT,          /* whole: character data, CDATA and references merged */
  CM_SAFE_XML_NODE_COMMENT,
  CM_SAFE_XML_NODE_PROCESSING_INSTRUCTION,
} CmSafeXmlNodeType;

typedef struct
{
  const char *local_name;
  const char *prefix;             /* NULL when unprefixed */
  const char *ns_uri;             /* NULL when in no namespace */
  const char *value;
} CmSafeXmlAttribute;

GQuark             cm_safe_xml_error_quark     (void);

/* Byte-level checks before any parser sees the input: size, NUL bytes,
 * UTF-8 validity, DOCTYPE with entity declarations or an external id. */
gboolean           cm_safe_xml_check_bytes     (GBytes      *bytes,
                                                const char  *display_name,
                                                GError     **error);
/* Network, DTD loading, entity substitution and XInclude off; every node
 * checked against the bounds above. read_outer_xml() serializes the
 * element the cursor is on, with the namespaces it uses, and leaves the
 * cursor at its end. */
CmSafeXmlCursor   *cm_safe_xml_cursor_new      (GBytes           *bytes,
                                                const char       *display_name,
                                                GError          **error);
CmSafeXmlCursor   *cm_safe_xml_cursor_new_for_stream (GInputStream *stream,
                                                      const char   *display_name,
                                                      GError      **error);
void               cm_safe_xml_cursor_free     (CmSafeXmlCursor  *cursor);
int                cm_safe_xml_cursor_next     (CmSafeXmlCursor  *cursor,
                                                GError          **error);
CmSafeXmlNodeType  cm_safe_xml_cursor_get_node_type (CmSafeXmlCursor *cursor);
int                cm_safe_xml_cursor_get_depth (CmSafeXmlCursor *cursor);
int                cm_safe_xml_cursor_get_line (CmSafeXmlCursor  *cursor);
const char        *cm_safe_xml_cursor_get_local_name (CmSafeXmlCursor *cursor);
const char        *cm_safe_xml_cursor_get_prefix (CmSafeXmlCursor *cursor);
const char        *cm_safe_xml_cursor_get_namespace_uri (CmSafeXmlCursor *cursor);
gboolean           cm_safe_xml_cursor_is_empty_element (CmSafeXmlCursor *cursor);
const char        *cm_safe_xml_cursor_get_text (CmSafeXmlCursor  *cursor);
guint              cm_safe_xml_cursor_get_n_attributes (CmSafeXmlCursor *cursor);
const CmSafeXmlAttribute *cm_safe_xml_cursor_get_attribute (CmSafeXmlCursor *cursor,
                                                            guint            index);
const char        *cm_safe_xml_cursor_intern   (CmSafeXmlCursor  *cursor,
                                                const char       *name);
char              *cm_safe_xml_cursor_read_outer_xml (CmSafeXmlCursor  *cursor,
                                                      GError          **error);
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
