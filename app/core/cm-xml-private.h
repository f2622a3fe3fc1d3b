/* cm-xml-private.h: g_autoptr cleanups for the libxml2 types libclausemark and its plugins use. */
#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "cm-safe-xml.h"

G_BEGIN_DECLS

/* libxml2 2.9 declares no cleanups; declare them once, here, so that two
 * files never define the same one. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextWriter, xmlFreeTextWriter)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlRelaxNG, xmlRelaxNGFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlRelaxNGParserCtxt, xmlRelaxNGFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlRelaxNGValidCtxt, xmlRelaxNGFreeValidCtxt)

/* xmlChar strings from libxml2 must go back through xmlFree. */
static inline void
cm_xml_char_free (xmlChar *text)
{
  if (text != NULL)
    xmlFree (text);
}

typedef xmlChar CmXmlChar;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmXmlChar, cm_xml_char_free)

/* A reader from cm_safe_xml_reader_new(), freed with cm_safe_xml_reader_free(). */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSafeXmlCursor, cm_safe_xml_cursor_free)

/* Appends TEXT (NULL: nothing) escaped for XML character data or, with
 * ATTRIBUTE, a double-quoted attribute value. What XML 1.0 cannot carry
 * (control characters, U+FFFE, U+FFFF, invalid UTF-8) becomes U+FFFD, so
 * that the output always parses. */
void cm_xml_append_escaped (GString    *out,
                            const char *text,
                            gboolean    attribute);

G_END_DECLS
