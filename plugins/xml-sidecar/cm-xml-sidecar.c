/* cm-xml-sidecar.c: the default CmStore: reviews as ordinance.clausemark.xml beside the PDF. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clausemark.h>

#include "cm-xml-private.h"

#define REVIEW_NS       "urn:clausemark:review:1"
#define REVIEW_SCHEMA   "/io/github/clausemark/core/schema/review.rng"
#define XML_NS          "http://www.w3.org/XML/1998/namespace"
#define BACKUP_SUFFIX   ".bak"

/* Extension scopes. Elements that repeat inside one owner (reply, rect)
 * and tombstones (which have no extensions of their own) get a scope that
 * names which one: "reply:ID", "rect:INDEX", "deleted:ID" in the review's. */
#define SCOPE_OWNER     ""

#define CM_TYPE_XML_SIDECAR (cm_xml_sidecar_get_type ())
G_DECLARE_FINAL_TYPE (CmXmlSidecar, cm_xml_sidecar, CM, XML_SIDECAR, GObject)

struct _CmXmlSidecar
{
  GObject parent_instance;
};

static void cm_xml_sidecar_store_init (CmStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE (CmXmlSidecar, cm_xml_sidecar, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (CM_TYPE_STORE, cm_xml_sidecar_store_init))

/* Loading ---------------------------------------------------------------- */

typedef enum
{
  NAME_ANNOTATION,
  NAME_VERDICT,
  NAME_DELETED,
  NAME_CONFLICT,
  NAME_DOCUMENT,
  NAME_CHECKLIST,
  NAME_TARGET,
  NAME_QUOTE,
  NAME_RECT,
  NAME_TAG,
  NAME_NOTE,
  NAME_REPLY,
  N_NAMES
} Name;

static const char * const name_strings[N_NAMES] = {
  [NAME_ANNOTATION] = "annotation",
  [NAME_VERDICT] = "verdict",
  [NAME_DELETED] = "deleted",
  [NAME_CONFLICT] = "conflict",
  [NAME_DOCUMENT] = "document",
  [NAME_CHECKLIST] = "checklist",
  [NAME_TARGET] = "target",
  [NAME_QUOTE] = "quote",
  [NAME_RECT] = "rect",
  [NAME_TAG] = "tag",
  [NAME_NOTE] = "note",
  [NAME_REPLY] = "reply",
};

typedef struct
{
  CmSafeXmlCursor  *cursor;
  const char       *display_name;
  CmReview         *review;
  /* Inside <conflict>: the annotation or verdict read is kept here instead
   * of joining the review. */
  gboolean          capture;
  GObject          *captured;
  /* The root's namespace URI, interned in the parser's dictionary like
   * every name and namespace: most checks need no comparison. */
  const char       *review_ns;
  CmSafeXmlNodeType type;
  /* Our element names as interned in the parser's dictionary, where every
   * element name is: a name is ours when it is the same pointer. */
  const char       *names[N_NAMES];
  /* Buffers reused from one annotation to the next. */
  GString          *exact;
  GString          *note;
  GString          *reply_text;
  GArray           *rects;
  /* Foreign content of the annotation being read; it moves to the
   * annotation only if there is some, so that the rest (nearly all) never
   * get extensions of their own. */
  CmExtensions     *scratch;
  /* Most timestamps repeat the one before (created = modified, a session
   * of edits): sharing one GDateTime saves memory on large reviews. */
  char             *last_time_text;
  GDateTime        *last_time;
} Loader;

static void
loader_init (Loader           *loader,
             CmSafeXmlCursor  *cursor,
             const char       *display_name,
             CmReview         *review)
{
  memset (loader, 0, sizeof *loader);
  loader->cursor = cursor;
  loader->display_name = display_name;
  loader->review = review;
  for (guint i = 0; i < N_NAMES; i++)
    loader->names[i] = cm_safe_xml_cursor_intern (cursor, name_strings[i]);
  loader->exact = g_string_sized_new (256);
  loader->note = g_string_sized_new (256);
  loader->reply_text = g_string_sized_new (256);
  loader->rects = g_array_sized_new (FALSE, FALSE, sizeof (CmPageRect), 4);
  loader->scratch = cm_extensions_new ();
}

/* Empties the scratch extensions, moving what they hold to TARGET (when
 * not NULL), in order. */
static void
loader_move_scratch (Loader       *loader,
                     CmExtensions *target)
{
  const CmExtensions *scratch = loader->scratch;

  if (cm_extensions_is_empty (scratch))
    return;
  for (guint i = 0; target != NULL && i < cm_extensions_get_n_attributes (scratch); i++)
    {
      const CmForeignAttribute *a = cm_extensions_get_attribute (scratch, i);

      cm_extensions_add_attribute (target, a->scope, a->ns_uri, a->name, a->value);
    }
  for (guint i = 0; target != NULL && i < cm_extensions_get_n_elements (scratch); i++)
    {
      const CmForeignElement *e = cm_extensions_get_element (scratch, i);

      cm_extensions_add_element (target, e->scope, e->xml);
    }
  cm_extensions_free (loader->scratch);
  loader->scratch = cm_extensions_new ();
}

static void
loader_clear (Loader *loader)
{
  g_string_free (loader->exact, TRUE);
  g_string_free (loader->note, TRUE);
  g_string_free (loader->reply_text, TRUE);
  g_array_unref (loader->rects);
  cm_extensions_free (loader->scratch);
  g_clear_pointer (&loader->last_time_text, g_free);
  g_clear_pointer (&loader->last_time, g_date_time_unref);
}

/* An attribute the loader understands. VALUE points into the cursor's
 * current node, valid until the cursor moves. */
typedef struct
{
  const char *name;
  const char *value;
} KnownAttribute;

static int
loader_line (Loader *loader)
{
  return cm_safe_xml_cursor_get_line (loader->cursor);
}

static gboolean G_GNUC_PRINTF (3, 4)
loader_invalid (Loader      *loader,
                GError     **error,
                const char  *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_INVALID,
               _("%s, line %d: %s"), loader->display_name, loader_line (loader), detail);
  return FALSE;
}

static void
propagate_safe_xml_error (GError **error,
                          GError  *safe_error)
{
  /* Anything cm-safe-xml refuses is, for callers, a malformed sidecar. */
  g_set_error_literal (error, CM_STORE_ERROR, CM_STORE_ERROR_MALFORMED, safe_error->message);
  g_error_free (safe_error);
}

/* Reads the next node inside the element at PARENT_DEPTH: 1 on a child
 * node, 0 at the parent's end tag, -1 on error. */
static int
loader_next_child (Loader  *loader,
                   int      parent_depth,
                   GError **error)
{
  GError *safe_error = NULL;
  int result = cm_safe_xml_cursor_next (loader->cursor, &safe_error);

  if (result < 0)
    {
      propagate_safe_xml_error (error, safe_error);
      return -1;
    }
  if (result == 0)
    {
      g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_MALFORMED,
                   _("%s ends in the middle of the review (the file is truncated)."),
                   loader->display_name);
      return -1;
    }
  loader->type = cm_safe_xml_cursor_get_node_type (loader->cursor);
  if (loader->type == CM_SAFE_XML_NODE_END_ELEMENT
      && cm_safe_xml_cursor_get_depth (loader->cursor) == parent_depth)
    return 0;
  return 1;
}

static gboolean
is_review_element (Loader *loader,
                   Name    name)
{
  const char *ns;

  if (cm_safe_xml_cursor_get_local_name (loader->cursor) != loader->names[name])
    return FALSE;
  ns = cm_safe_xml_cursor_get_namespace_uri (loader->cursor);
  return ns != NULL && (ns == loader->review_ns || g_str_equal (ns, REVIEW_NS));
}

/* Stores the element the cursor is on, serialized, as an extension; the
 * cursor moves past it node by node, so that its content gets the same
 * depth, size and entity checks as everything else. */
static gboolean
keep_foreign_element (Loader        *loader,
                      CmExtensions  *extensions,
                      const char    *scope,
                      GError       **error)
{
  GError *safe_error = NULL;
  g_autofree char *xml = cm_safe_xml_cursor_read_outer_xml (loader->cursor, &safe_error);

  if (xml == NULL)
    {
      propagate_safe_xml_error (error, safe_error);
      return FALSE;
    }
  cm_extensions_add_element (extensions, scope, xml);
  return TRUE;
}

static gboolean
is_known_name (const KnownAttribute *known,
               const char           *name)
{
  for (const KnownAttribute *k = known; k != NULL && k->name != NULL; k++)
    if (strcmp (k->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* Keeps in EXTENSIONS under SCOPE every attribute of the current element
 * that KNOWN does not name, namespaced or not, with its qualified name.
 * Such attributes are rare: only they cost an allocation. */
static void
keep_other_attributes (Loader               *loader,
                       const KnownAttribute *known,
                       CmExtensions         *extensions,
                       const char           *scope)
{
  guint n_attributes = cm_safe_xml_cursor_get_n_attributes (loader->cursor);

  for (guint i = 0; i < n_attributes; i++)
    {
      const CmSafeXmlAttribute *attribute = cm_safe_xml_cursor_get_attribute (loader->cursor, i);
      g_autofree char *name = NULL;

      if (attribute->ns_uri == NULL && is_known_name (known, attribute->local_name))
        continue;
      if (attribute->prefix != NULL)
        name = g_strconcat (attribute->prefix, ":", attribute->local_name, NULL);
      cm_extensions_add_attribute (extensions, scope, attribute->ns_uri,
                                   name != NULL ? name : attribute->local_name, attribute->value);
    }
}

/* Fills KNOWN (NULL-terminated by name) with the element's unqualified
 * attributes of those names; every other attribute, namespaced or not, is
 * kept in EXTENSIONS under SCOPE, or only counted when EXTENSIONS is NULL.
 * Returns how many such other attributes there were.
 *
 * The values point into the cursor's current node: valid until it moves,
 * so a caller that needs one past that copies it. */
static guint
read_attributes (Loader         *loader,
                 KnownAttribute *known,
                 CmExtensions   *extensions,
                 const char     *scope)
{
  guint n_attributes = cm_safe_xml_cursor_get_n_attributes (loader->cursor);
  guint n_unknown = 0;

  for (guint i = 0; i < n_attributes; i++)
    {
      const CmSafeXmlAttribute *attribute = cm_safe_xml_cursor_get_attribute (loader->cursor, i);
      KnownAttribute *match = NULL;

      if (attribute->ns_uri == NULL)
        for (KnownAttribute *k = known; k != NULL && k->name != NULL; k++)
          if (k->name[0] == attribute->local_name[0] && strcmp (k->name, attribute->local_name) == 0)
            {
              match = k;
              break;
            }
      if (match == NULL)
        n_unknown++;
      else
        match->value = attribute->value;
    }
  if (n_unknown > 0 && extensions != NULL)
    keep_other_attributes (loader, known, extensions, scope);
  return n_unknown;
}

/* Second pass for elements whose owner only exists after its known
 * attributes were read (annotation, reply, verdict, deleted): keeps the
 * others. Rare, so the common case allocates nothing for them. */
static void
keep_unknown_attributes (Loader             *loader,
                         const char * const *names,
                         CmExtensions       *extensions,
                         const char         *scope)
{
  KnownAttribute known[8] = { { NULL } };

  for (guint n = 0; names[n] != NULL && n < G_N_ELEMENTS (known) - 1; n++)
    known[n].name = names[n];
  keep_other_attributes (loader, known, extensions, scope);
}

static void
known_attributes_clear (KnownAttribute *known)
{
  for (KnownAttribute *k = known; k->name != NULL; k++)
    k->value = NULL;
}

static gboolean
parse_unsigned (Loader      *loader,
                const char  *element,
                const char  *attribute,
                const char  *text,
                guint       *value,
                GError     **error)
{
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, NULL))
    return loader_invalid (loader, error, _("<%s %s=\"%s\"> is not a whole number."),
                           element, attribute, text);
  *value = (guint) number;
  return TRUE;
}

/* The common case of a coordinate, "-301.25": at most 15 digits, no
 * exponent. N / 10^K with both exact is one correctly rounded division,
 * the same double strtod gives, without strtod's cost on large files. */
static gboolean
parse_short_decimal (const char *text,
                     double     *value)
{
  static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                   1e11, 1e12, 1e13, 1e14, 1e15 };
  const char *p = text;
  gboolean negative = FALSE;
  guint64 digits = 0;
  guint n_digits = 0;
  guint decimals = 0;
  gboolean point = FALSE;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; *p != '\0'; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          if (++n_digits > 15)
            return FALSE;
          digits = digits * 10 + (guint64) (*p - '0');
          if (point)
            decimals++;
        }
      else if (*p == '.' && !point)
        point = TRUE;
      else
        return FALSE;
    }
  if (n_digits == 0)
    return FALSE;
  *value = (double) digits / powers[decimals];
  if (negative)
    *value = -*value;
  return TRUE;
}

static gboolean
parse_double (Loader      *loader,
              const char  *element,
              const char  *attribute,
              const char  *text,
              double      *value,
              GError     **error)
{
  char *end = NULL;

  if (text == NULL)
    return loader_invalid (loader, error, _("<%s> has no %s attribute."), element, attribute);
  if (parse_short_decimal (text, value))
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*value))
    return loader_invalid (loader, error, _("<%s %s=\"%s\"> is not a number."),
                           element, attribute, text);
  return TRUE;
}

/* The form this store writes, "2026-11-20T10:02:11Z", read four times
 * faster than g_date_time_new_from_iso8601() does (it counts on large
 * files); anything else goes to cm_timestamp_parse(). */
static GDateTime *
parse_canonical_timestamp (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  int fields[6] = { 0, };
  guint field = 0;

  for (guint i = 0; i < sizeof pattern - 1; i++)
    {
      if (pattern[i] == 'd')
        {
          if (!g_ascii_isdigit (text[i]))
            return cm_timestamp_parse (text);
          fields[field] = fields[field] * 10 + (text[i] - '0');
        }
      else if (text[i] != pattern[i])
        return cm_timestamp_parse (text);
      else
        field++;
    }
  if (text[sizeof pattern - 1] != '\0' || fields[1] < 1 || fields[1] > 12 || fields[2] < 1
      || fields[2] > 31 || fields[3] > 23 || fields[4] > 59 || fields[5] > 59)
    return cm_timestamp_parse (text);
  /* NULL for a day the month lacks, as cm_timestamp_parse() would. */
  return g_date_time_new_utc (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
}

static gboolean
parse_timestamp (Loader      *loader,
                 const char  *element,
                 const char  *attribute,
                 const char  *text,
                 GDateTime  **value,
                 GError     **error)
{
  *value = NULL;
  if (text == NULL)
    return TRUE;
  if (loader->last_time_text != NULL && strcmp (loader->last_time_text, text) == 0)
    {
      *value = g_date_time_ref (loader->last_time);
      return TRUE;
    }
  *value = parse_canonical_timestamp (text);
  if (*value != NULL)
    {
      g_free (loader->last_time_text);
      loader->last_time_text = g_strdup (text);
      g_clear_pointer (&loader->last_time, g_date_time_unref);
      loader->last_time = g_date_time_ref (*value);
    }
  if (*value == NULL)
    return loader_invalid (loader, error,
                           _("<%s %s=\"%s\"> is not a timestamp like 2026-11-20T10:02:11Z."),
                           element, attribute, text);
  return TRUE;
}

static gboolean
parse_assessment (Loader        *loader,
                  const char    *element,
                  const char    *text,
                  CmAssessment  *value,
                  GError       **error)
{
  *value = CM_ASSESSMENT_NONE;
  if (text == NULL)
    return TRUE;
  if (!cm_assessment_from_string (text, value))
    return loader_invalid (loader, error,
                           _("<%s assessment=\"%s\"> is not one of strong, partial, weak, "
                             "absent, harmful, not-applicable."),
                           element, text);
  return TRUE;
}

/* Reads the text content of the element the cursor is on (note, quote,
 * reply, verdict); elements inside it are kept as extensions under SCOPE. */
static gboolean
read_text_content (Loader        *loader,
                   CmExtensions  *extensions,
                   const char    *scope,
                   GString       *text,
                   GError       **error)
{
  int depth = cm_safe_xml_cursor_get_depth (loader->cursor);
  int result;

  if (cm_safe_xml_cursor_is_empty_element (loader->cursor))
    return TRUE;
  while ((result = loader_next_child (loader, depth, error)) == 1)
    {
      int type = loader->type;

      if (type == CM_SAFE_XML_NODE_TEXT)
        {
          const char *value = cm_safe_xml_cursor_get_text (loader->cursor);

          if (value != NULL)
            g_string_append (text, value);
        }
      else if (type == CM_SAFE_XML_NODE_ELEMENT)
        {
          if (!keep_foreign_element (loader, extensions, scope, error))
            return FALSE;
        }
    }
  return result == 0;
}

/* Skips whitespace, comments and processing instructions between
 * elements; text where an element was expected is not ours. */
static gboolean
check_stray_text (Loader      *loader,
                  const char  *element,
                  GError     **error)
{
  int type = loader->type;

  if (type == CM_SAFE_XML_NODE_TEXT)
    {
      const char *value = cm_safe_xml_cursor_get_text (loader->cursor);

      for (const char *p = value; p != NULL && *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          return loader_invalid (loader, error, _("unexpected text inside <%s>."), element);
    }
  return TRUE;
}

typedef struct
{
  guint     page;
  guint     start;
  guint     end;
  gboolean  has_quote;
  GString  *exact;
  char     *prefix;
  char     *suffix;
  GArray   *rects;
} TargetData;

static gboolean
read_rect (Loader        *loader,
           TargetData    *target,
           CmExtensions  *extensions,
           GError       **error)
{
  KnownAttribute known[] = {
    { "page" }, { "x1" }, { "y1" }, { "x2" }, { "y2" }, { NULL }
  };
  /* The scope names the rect by its index; made only for foreign content. */
  char scope[32];
  guint index = target->rects->len;
  CmPageRect rect = { target->page, 0, 0, 0, 0 };
  gboolean ok = FALSE;
  int depth = cm_safe_xml_cursor_get_depth (loader->cursor);

  if (read_attributes (loader, known, NULL, NULL) > 0)
    {
      g_snprintf (scope, sizeof scope, "rect:%u", index);
      keep_other_attributes (loader, known, extensions, scope);
    }
  if (known[0].value != NULL && !parse_unsigned (loader, "rect", "page", known[0].value,
                                                 &rect.page, error))
    goto out;
  if (!parse_double (loader, "rect", "x1", known[1].value, &rect.x1, error)
      || !parse_double (loader, "rect", "y1", known[2].value, &rect.y1, error)
      || !parse_double (loader, "rect", "x2", known[3].value, &rect.x2, error)
      || !parse_double (loader, "rect", "y2", known[4].value, &rect.y2, error))
    goto out;
  g_array_append_val (target->rects, rect);

  if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
    {
      int result;

      g_snprintf (scope, sizeof scope, "rect:%u", index);
      while ((result = loader_next_child (loader, depth, error)) == 1)
        if (loader->type == CM_SAFE_XML_NODE_ELEMENT)
          {
            if (!keep_foreign_element (loader, extensions, scope, error))
              goto out;
          }
      if (result < 0)
        goto out;
    }
  ok = TRUE;

out:
  known_attributes_clear (known);
  return ok;
}

static gboolean
read_target (Loader        *loader,
             TargetData    *target,
             CmAnnotation  *annotation,
             CmExtensions  *extensions,
             GError       **error)
{
  KnownAttribute known[] = { { "page" }, { "start" }, { "end" }, { "section" }, { NULL } };
  int depth = cm_safe_xml_cursor_get_depth (loader->cursor);
  gboolean ok = FALSE;

  read_attributes (loader, known, extensions, "target");
  if (known[0].value == NULL)
    {
      loader_invalid (loader, error, _("<target> has no page attribute."));
      goto out;
    }
  if (!parse_unsigned (loader, "target", "page", known[0].value, &target->page, error)
      || (known[1].value != NULL
          && !parse_unsigned (loader, "target", "start", known[1].value, &target->start, error))
      || (known[2].value != NULL
          && !parse_unsigned (loader, "target", "end", known[2].value, &target->end, error)))
    goto out;
  if (target->page == 0)
    {
      loader_invalid (loader, error, _("<target page=\"0\">: pages are numbered from 1."));
      goto out;
    }
  if (known[3].value != NULL)
    cm_annotation_set_section (annotation, known[3].value);

  if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
    {
      int result;

      while ((result = loader_next_child (loader, depth, error)) == 1)
        {
          if (loader->type != CM_SAFE_XML_NODE_ELEMENT)
            {
              if (!check_stray_text (loader, "target", error))
                goto out;
              continue;
            }
          if (is_review_element (loader, NAME_QUOTE) && !target->has_quote)
            {
              KnownAttribute quote_known[] = { { "prefix" }, { "suffix" }, { NULL } };

              read_attributes (loader, quote_known, extensions, "quote");
              target->has_quote = TRUE;
              /* Copied: the values live only as long as the cursor stays here. */
              target->prefix = g_strdup (quote_known[0].value);
              target->suffix = g_strdup (quote_known[1].value);
              known_attributes_clear (quote_known);
              if (!read_text_content (loader, extensions, "quote", target->exact, error))
                goto out;
            }
          else if (is_review_element (loader, NAME_RECT))
            {
              if (!read_rect (loader, target, extensions, error))
                goto out;
            }
          else if (!keep_foreign_element (loader, extensions, "target", error))
            goto out;
        }
      if (result < 0)
        goto out;
    }
  ok = TRUE;

out:
  known_attributes_clear (known);
  return ok;
}

static gboolean
read_annotation (Loader   *loader,
                 GError  **error)
{
  static const char * const names[] = { "id", "author", "created", "modified", NULL };
  KnownAttribute known[] = { { "id" }, { "author" }, { "created" }, { "modified" }, { NULL } };
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  TargetData target = { 0, };
  gboolean has_target = FALSE;
  gboolean has_note = FALSE;
  GString *note = loader->note;
  int depth = cm_safe_xml_cursor_get_depth (loader->cursor);
  gboolean ok = FALSE;
  CmExtensions *extensions;

  /* The loader's buffers, reused: a large sidecar has 100,000 of these. */
  target.exact = loader->exact;
  target.rects = loader->rects;
  g_string_truncate (target.exact, 0);
  g_array_set_size (target.rects, 0);
  g_string_truncate (note, 0);

  guint n_unknown;

  /* Attributes come before the annotation exists (its id is among them). */
  n_unknown = read_attributes (loader, known, NULL, SCOPE_OWNER);
  if (known[0].value == NULL || known[0].value[0] == '\0')
    {
      loader_invalid (loader, error, _("an <annotation> has no id."));
      goto out;
    }
  if (!loader->capture && cm_review_lookup_annotation (loader->review, known[0].value) != NULL)
    {
      loader_invalid (loader, error, _("two annotations have the id “%s”."), known[0].value);
      goto out;
    }
  if (!parse_timestamp (loader, "annotation", "created", known[2].value, &created, error)
      || !parse_timestamp (loader, "annotation", "modified", known[3].value, &modified, error))
    goto out;

  annotation = cm_annotation_new (known[0].value, known[1].value, created);
  cm_annotation_set_modified (annotation, modified != NULL ? modified
                                                          : cm_annotation_get_created (annotation));
  loader_move_scratch (loader, NULL);
  extensions = loader->scratch;
  if (n_unknown > 0)
    keep_unknown_attributes (loader, names, extensions, SCOPE_OWNER);

  if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
    {
      int result;

      while ((result = loader_next_child (loader, depth, error)) == 1)
        {
          if (loader->type != CM_SAFE_XML_NODE_ELEMENT)
            {
              if (!check_stray_text (loader, "annotation", error))
                goto out;
              continue;
            }
          if (is_review_element (loader, NAME_TARGET) && !has_target)
            {
              has_target = TRUE;
              if (!read_target (loader, &target, annotation, extensions, error))
                goto out;
            }
          else if (is_review_element (loader, NAME_TAG) && cm_annotation_get_item_id (annotation) == NULL)
            {
              KnownAttribute tag_known[] = { { "item" }, { "assessment" }, { NULL } };
              CmAssessment assessment;
              gboolean tag_ok;

              read_attributes (loader, tag_known, extensions, "tag");
              tag_ok = tag_known[0].value != NULL
                       && parse_assessment (loader, "tag", tag_known[1].value, &assessment, error);
              if (tag_ok)
                {
                  cm_annotation_set_item_id (annotation, tag_known[0].value);
                  cm_annotation_set_assessment (annotation, assessment);
                }
              else if (tag_known[0].value == NULL)
                loader_invalid (loader, error, _("a <tag> has no item attribute."));
              known_attributes_clear (tag_known);
              if (!tag_ok)
                goto out;
              if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
                {
                  int tag_depth = cm_safe_xml_cursor_get_depth (loader->cursor);
                  int tag_result;

                  while ((tag_result = loader_next_child (loader, tag_depth, error)) == 1)
                    if (loader->type == CM_SAFE_XML_NODE_ELEMENT
                        && !keep_foreign_element (loader, extensions, "tag", error))
                      goto out;
                  if (tag_result < 0)
                    goto out;
                }
            }
          else if (is_review_element (loader, NAME_NOTE) && !has_note)
            {
              has_note = TRUE;
              read_attributes (loader, NULL, extensions, "note");
              if (!read_text_content (loader, extensions, "note", note, error))
                goto out;
            }
          else if (is_review_element (loader, NAME_REPLY))
            {
              KnownAttribute reply_known[] = {
                { "id" }, { "author" }, { "created" }, { "in-reply-to" }, { NULL }
              };
              static const char * const reply_names[] = {
                "id", "author", "created", "in-reply-to", NULL
              };
              guint reply_unknown;
              g_autoptr(GDateTime) reply_created = NULL;
              GString *reply_text = loader->reply_text;
              g_autofree char *scope = NULL;
              g_autofree char *reply_author = NULL;
              g_autofree char *in_reply_to = NULL;
              gboolean reply_ok;
              CmReply *reply;

              reply_unknown = read_attributes (loader, reply_known, NULL, "reply");
              reply_ok = reply_known[0].value != NULL && reply_known[0].value[0] != '\0';
              if (!reply_ok)
                loader_invalid (loader, error, _("a <reply> has no id."));
              else
                reply_ok = parse_timestamp (loader, "reply", "created", reply_known[2].value,
                                            &reply_created, error);
              if (reply_ok)
                {
                  scope = g_strconcat ("reply:", reply_known[0].value, NULL);
                  if (reply_unknown > 0)
                    keep_unknown_attributes (loader, reply_names, extensions, scope);
                  /* Reading the text moves the cursor off the attributes. */
                  reply_author = g_strdup (reply_known[1].value);
                  in_reply_to = g_strdup (reply_known[3].value);
                  g_string_truncate (reply_text, 0);
                  reply_ok = read_text_content (loader, extensions, scope, reply_text, error);
                }
              if (reply_ok)
                {
                  reply = cm_reply_new (scope + strlen ("reply:"), reply_author,
                                        reply_created, reply_text->str);
                  if (in_reply_to != NULL)
                    cm_reply_set_in_reply_to (reply, in_reply_to);
                  cm_annotation_add_reply (annotation, reply);
                }
              known_attributes_clear (reply_known);
              if (!reply_ok)
                goto out;
            }
          else if (!keep_foreign_element (loader, extensions, SCOPE_OWNER, error))
            goto out;
        }
      if (result < 0)
        goto out;
    }

  if (has_target)
    {
      CmAnchor *anchor = cm_anchor_new (target.page, target.start, target.end,
                                        target.has_quote ? target.exact->str : NULL,
                                        target.prefix, target.suffix);

      for (guint i = 0; i < target.rects->len; i++)
        cm_anchor_add_rect (anchor, &g_array_index (target.rects, CmPageRect, i));
      cm_annotation_take_anchor (annotation, anchor);
    }
  if (has_note && note->len > 0)
    cm_annotation_set_note (annotation, note->str);
  /* Setters may touch "modified"; the file's value wins. */
  cm_annotation_set_modified (annotation, modified != NULL ? modified
                                                          : cm_annotation_get_created (annotation));
  if (!cm_extensions_is_empty (loader->scratch))
    loader_move_scratch (loader, cm_annotation_get_extensions (annotation));

  if (loader->capture)
    g_set_object (&loader->captured, G_OBJECT (annotation));
  else
    cm_review_load_annotation (loader->review, annotation);
  ok = TRUE;

out:
  known_attributes_clear (known);
  g_free (target.prefix);
  g_free (target.suffix);
  return ok;
}

static gboolean
read_verdict (Loader   *loader,
              GError  **error)
{
  static const char * const names[] = { "item", "assessment", "author", "modified", NULL };
  KnownAttribute known[] = { { "item" }, { "assessment" }, { "author" }, { "modified" }, { NULL } };
  guint n_unknown;
  g_autoptr(CmVerdict) verdict = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GString) rationale = g_string_new (NULL);
  CmAssessment assessment = CM_ASSESSMENT_NONE;
  gboolean ok = FALSE;
  CmExtensions *extensions;

  n_unknown = read_attributes (loader, known, NULL, SCOPE_OWNER);
  if (known[0].value == NULL || known[0].value[0] == '\0')
    {
      loader_invalid (loader, error, _("a <verdict> has no item attribute."));
      goto out;
    }
  if (!parse_assessment (loader, "verdict", known[1].value, &assessment, error)
      || !parse_timestamp (loader, "verdict", "modified", known[3].value, &modified, error))
    goto out;

  verdict = cm_verdict_new (known[0].value, assessment, known[2].value);
  extensions = cm_verdict_get_extensions (verdict);
  if (n_unknown > 0)
    keep_unknown_attributes (loader, names, extensions, SCOPE_OWNER);
  if (!read_text_content (loader, extensions, SCOPE_OWNER, rationale, error))
    goto out;
  if (rationale->len > 0)
    cm_verdict_set_rationale (verdict, rationale->str);
  cm_verdict_set_modified (verdict, modified);
  if (loader->capture)
    g_set_object (&loader->captured, G_OBJECT (verdict));
  else
    cm_review_load_verdict (loader->review, verdict);
  ok = TRUE;

out:
  known_attributes_clear (known);
  return ok;
}

static gboolean
read_tombstone (Loader   *loader,
                GError  **error)
{
  static const char * const names[] = { "id", "author", "modified", NULL };
  KnownAttribute known[] = { { "id" }, { "author" }, { "modified" }, { NULL } };
  guint n_unknown;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(CmTombstone) tombstone = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *author = NULL;
  CmExtensions *extensions = cm_review_get_extensions (loader->review);
  gboolean ok = FALSE;
  int depth = cm_safe_xml_cursor_get_depth (loader->cursor);

  n_unknown = read_attributes (loader, known, NULL, SCOPE_OWNER);
  if (known[0].value == NULL || known[0].value[0] == '\0')
    {
      loader_invalid (loader, error, _("a <deleted> has no id."));
      goto out;
    }
  if (!parse_timestamp (loader, "deleted", "modified", known[2].value, &modified, error))
    goto out;

  /* Tombstones have no extensions of their own: the review keeps them. */
  scope = g_strconcat ("deleted:", known[0].value, NULL);
  author = g_strdup (known[1].value);
  if (n_unknown > 0)
    keep_unknown_attributes (loader, names, extensions, scope);
  if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
    {
      int result;

      while ((result = loader_next_child (loader, depth, error)) == 1)
        if (loader->type == CM_SAFE_XML_NODE_ELEMENT
            && !keep_foreign_element (loader, extensions, scope, error))
          goto out;
      if (result < 0)
        goto out;
    }

  /* The attributes are gone with the children read: the id is in SCOPE. */
  tombstone = cm_tombstone_new (scope + strlen ("deleted:"), author, modified);
  cm_review_load_tombstone (loader->review, tombstone);
  ok = TRUE;

out:
  known_attributes_clear (known);
  return ok;
}

/* <conflict ref="ID">: the version a merge did not keep live (an
 * <annotation> or <verdict>; nothing when the other side deleted it). */
static gboolean
read_conflict (Loader   *loader,
               GError  **error)
{
  static const char * const names[] = { "ref", NULL };
  KnownAttribute known[] = { { "ref" }, { NULL } };
  CmExtensions *extensions = cm_review_get_extensions (loader->review);
  g_autoptr(CmConflict) conflict = NULL;
  g_autofree char *scope = NULL;
  int depth = cm_safe_xml_cursor_get_depth (loader->cursor);
  gboolean ok = FALSE;
  guint n_unknown;

  n_unknown = read_attributes (loader, known, NULL, SCOPE_OWNER);
  if (known[0].value == NULL || known[0].value[0] == '\0')
    {
      loader_invalid (loader, error, _("a <conflict> has no ref attribute."));
      goto out;
    }
  scope = g_strconcat ("conflict:", known[0].value, NULL);
  if (n_unknown > 0)
    keep_unknown_attributes (loader, names, extensions, scope);
  if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
    {
      int result;

      while ((result = loader_next_child (loader, depth, error)) == 1)
        {
          gboolean child_ok = TRUE;

          if (loader->type != CM_SAFE_XML_NODE_ELEMENT)
            child_ok = check_stray_text (loader, "conflict", error);
          else if (loader->captured == NULL
                   && (is_review_element (loader, NAME_ANNOTATION) || is_review_element (loader, NAME_VERDICT)))
            {
              loader->capture = TRUE;
              child_ok = is_review_element (loader, NAME_ANNOTATION) ? read_annotation (loader, error)
                                                                   : read_verdict (loader, error);
              loader->capture = FALSE;
            }
          else
            child_ok = keep_foreign_element (loader, extensions, scope, error);
          if (!child_ok)
            goto out;
        }
      if (result < 0)
        goto out;
    }

  /* The attributes are gone with the children read: the ref is in SCOPE. */
  conflict = cm_conflict_new (scope + strlen ("conflict:"), loader->captured);
  cm_review_load_conflict (loader->review, conflict);
  ok = TRUE;

out:
  loader->capture = FALSE;
  g_clear_object (&loader->captured);
  known_attributes_clear (known);
  return ok;
}

/* <document> and <checklist>: attributes only, foreign children kept. */
static gboolean
read_header_element (Loader      *loader,
                     const char  *element,
                     GError     **error)
{
  CmExtensions *extensions = cm_review_get_extensions (loader->review);
  int depth = cm_safe_xml_cursor_get_depth (loader->cursor);
  gboolean ok = FALSE;
  KnownAttribute document_known[] = {
    { "file" }, { "sha256" }, { "pdf-id" }, { "pages" }, { NULL }
  };
  KnownAttribute checklist_known[] = { { "id" }, { "version" }, { NULL } };
  KnownAttribute *known = g_str_equal (element, "document") ? document_known : checklist_known;

  read_attributes (loader, known, extensions, element);
  if (known == document_known)
    {
      guint pages = 0;

      if (document_known[3].value != NULL
          && !parse_unsigned (loader, "document", "pages", document_known[3].value, &pages, error))
        goto out;
      cm_review_set_document (loader->review, document_known[0].value, document_known[1].value,
                              document_known[2].value, pages);
    }
  else
    {
      if (checklist_known[0].value == NULL)
        {
          loader_invalid (loader, error, _("<checklist> has no id."));
          goto out;
        }
      cm_review_set_checklist (loader->review, checklist_known[0].value,
                               checklist_known[1].value);
    }

  if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
    {
      int result;

      while ((result = loader_next_child (loader, depth, error)) == 1)
        if (loader->type == CM_SAFE_XML_NODE_ELEMENT
            && !keep_foreign_element (loader, extensions, element, error))
          goto out;
      if (result < 0)
        goto out;
    }
  ok = TRUE;

out:
  known_attributes_clear (known);
  return ok;
}

static gboolean
read_root (Loader   *loader,
           GError  **error)
{
  KnownAttribute known[] = { { "format" }, { NULL } };
  const char *ns = cm_safe_xml_cursor_get_namespace_uri (loader->cursor);
  const char *local_name = cm_safe_xml_cursor_get_local_name (loader->cursor);
  guint format = 0;
  gboolean ok = FALSE;

  if (ns == NULL || !g_str_equal (ns, REVIEW_NS))
    return loader_invalid (loader, error,
                           _("this is not a Clausemark review: its root element is in the "
                             "namespace “%s”, not “%s”."),
                           ns != NULL ? (const char *) ns : _("(none)"), REVIEW_NS);
  if (!g_str_equal (local_name, "review"))
    return loader_invalid (loader, error,
                           _("this is not a Clausemark review: the root element is <%s>, "
                             "not <review>."),
                           (const char *) local_name);

  read_attributes (loader, known, cm_review_get_extensions (loader->review), SCOPE_OWNER);
  if (known[0].value == NULL)
    {
      loader_invalid (loader, error, _("<review> has no format attribute."));
      goto out;
    }
  if (!parse_unsigned (loader, "review", "format", known[0].value, &format, error))
    goto out;
  if (format == 0)
    {
      loader_invalid (loader, error, _("<review format=\"0\"> is not a format version."));
      goto out;
    }
  /* A newer format: read what this version understands, keep the rest as
   * extensions, and remember the number so that saving writes it back. */
  cm_review_set_format (loader->review, format);
  ok = TRUE;

out:
  known_attributes_clear (known);
  return ok;
}

static gboolean
read_review_children (Loader  *loader,
                      GError **error)
{
  CmReview *review = loader->review;
  int result;

  if (!cm_safe_xml_cursor_is_empty_element (loader->cursor))
    {
      while ((result = loader_next_child (loader, 0, error)) == 1)
        {
          gboolean ok = TRUE;

          if (loader->type != CM_SAFE_XML_NODE_ELEMENT)
            ok = check_stray_text (loader, "review", error);
          else if (is_review_element (loader, NAME_ANNOTATION))
            ok = read_annotation (loader, error);
          else if (is_review_element (loader, NAME_VERDICT))
            ok = read_verdict (loader, error);
          else if (is_review_element (loader, NAME_DELETED))
            ok = read_tombstone (loader, error);
          else if (is_review_element (loader, NAME_CONFLICT))
            ok = read_conflict (loader, error);
          else if (is_review_element (loader, NAME_DOCUMENT))
            ok = read_header_element (loader, "document", error);
          else if (is_review_element (loader, NAME_CHECKLIST))
            ok = read_header_element (loader, "checklist", error);
          else
            ok = keep_foreign_element (loader, cm_review_get_extensions (review), SCOPE_OWNER,
                                       error);
          if (!ok)
            return FALSE;
        }
      if (result < 0)
        return FALSE;
    }
  return TRUE;
}

static CmReview *
read_review (CmSafeXmlCursor   *cursor,
             const char        *display_name,
             GError           **error)
{
  g_autoptr(CmReview) review = cm_review_new ();
  GError *safe_error = NULL;
  Loader loader;
  gboolean ok;
  int result;

  /* Up to the root element. */
  while ((result = cm_safe_xml_cursor_next (cursor, &safe_error)) == 1)
    if (cm_safe_xml_cursor_get_node_type (cursor) == CM_SAFE_XML_NODE_ELEMENT)
      break;
  if (result < 0)
    {
      propagate_safe_xml_error (error, safe_error);
      return NULL;
    }
  if (result == 0)
    {
      g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_MALFORMED,
                   _("%s holds no XML element."), display_name);
      return NULL;
    }
  cm_review_begin_load (review);
  loader_init (&loader, cursor, display_name, review);
  /* The root stays in memory while its children are read. */
  loader.review_ns = cm_safe_xml_cursor_get_namespace_uri (cursor);
  ok = read_root (&loader, error) && read_review_children (&loader, error);
  loader_clear (&loader);
  if (!ok)
    return NULL;

  /* Nothing but comments and whitespace may follow; the parser checks. */
  while ((result = cm_safe_xml_cursor_next (cursor, &safe_error)) == 1)
    ;
  if (result < 0)
    {
      propagate_safe_xml_error (error, safe_error);
      return NULL;
    }

  cm_review_end_load (review);
  cm_review_clear_history (review);
  cm_review_mark_saved (review);
  return g_steal_pointer (&review);
}

static CmReview *
parse_review (GBytes      *bytes,
              const char  *display_name,
              GError     **error)
{
  g_autoptr(CmSafeXmlCursor) cursor = NULL;
  GError *safe_error = NULL;

  cursor = cm_safe_xml_cursor_new (bytes, display_name, &safe_error);
  if (cursor == NULL)
    {
      propagate_safe_xml_error (error, safe_error);
      return NULL;
    }
  return read_review (cursor, display_name, error);
}

/* Saving ----------------------------------------------------------------- */

static void
append_attribute (GString    *out,
                  const char *name,
                  const char *value)
{
  if (value == NULL)
    return;
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  cm_xml_append_escaped (out, value, TRUE);
  g_string_append_c (out, '"');
}

static void
append_unsigned (GString *out,
                  guint64  value)
{
  char digits[24];
  gsize n = 0;

  /* printf is a measurable share of saving 100,000 annotations. */
  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
append_unsigned_attribute (GString    *out,
                           const char *name,
                           guint       value)
{
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  append_unsigned (out, value);
  g_string_append_c (out, '"');
}

/* Shortest text that reads back as the same double. Coordinates usually
 * have a few decimals: when VALUE is exactly N / 10^K (a correctly rounded
 * division, so strtod of the digits gives VALUE back), print N with K
 * decimals; otherwise fall back to %.15g or %.17g. */
static void
append_double (GString *out,
               double   value)
{
  static const double powers[] = { 1.0, 10.0, 100.0, 1000.0, 10000.0 };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint k = 0; k < G_N_ELEMENTS (powers) && isfinite (value); k++)
    {
      double scaled = rint (value * powers[k]);

      if (fabs (scaled) < 9007199254740992.0 && scaled / powers[k] == value)
        {
          guint64 magnitude = (guint64) fabs (scaled);
          guint64 divisor = (guint64) powers[k];
          guint64 fraction = magnitude % divisor;

          if (signbit (value) && value != 0.0)
            g_string_append_c (out, '-');
          append_unsigned (out, magnitude / divisor);
          if (k > 0)
            {
              char decimals[8];

              /* Trailing zeros are gone: the smallest K that works is used. */
              for (guint i = k; i > 0; i--)
                {
                  decimals[i - 1] = (char) ('0' + fraction % 10);
                  fraction /= 10;
                }
              g_string_append_c (out, '.');
              g_string_append_len (out, decimals, k);
            }
          return;
        }
    }

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (out, buffer);
}

static void
append_double_attribute (GString    *out,
                         const char *name,
                         double      value)
{
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  append_double (out, value);
  g_string_append_c (out, '"');
}

/* Created and modified are usually the same moment: format once. */
typedef struct
{
  gint64  unix_time;
  char   *text;
} TimestampCache;

static void
append_timestamp_attribute (GString        *out,
                            const char     *name,
                            GDateTime      *value,
                            TimestampCache *cache)
{
  gint64 unix_time;

  if (value == NULL)
    return;
  unix_time = g_date_time_to_unix (value);
  if (cache->text == NULL || cache->unix_time != unix_time)
    {
      g_free (cache->text);
      cache->text = cm_timestamp_format (value);
      cache->unix_time = unix_time;
    }
  append_attribute (out, name, cache->text);
}

static void
append_indent (GString *out,
               guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* The attributes each element of the format defines: an extension may
 * not repeat one (the file would not be well-formed). */
static const char * const review_attributes[] = { "format", NULL };
static const char * const document_attributes[] = { "file", "sha256", "pdf-id", "pages", NULL };
static const char * const checklist_attributes[] = { "id", "version", NULL };
static const char * const annotation_attributes[] = { "id", "author", "created", "modified", NULL };
static const char * const target_attributes[] = { "page", "start", "end", "section", NULL };
static const char * const quote_attributes[] = { "prefix", "suffix", NULL };
static const char * const rect_attributes[] = { "page", "x1", "y1", "x2", "y2", NULL };
static const char * const tag_attributes[] = { "item", "assessment", NULL };
static const char * const reply_attributes[] = { "id", "author", "created", "in-reply-to", NULL };
static const char * const verdict_attributes[] = { "item", "assessment", "author", "modified", NULL };
static const char * const deleted_attributes[] = { "id", "author", "modified", NULL };
static const char * const conflict_attributes[] = { "ref", NULL };
static const char * const no_attributes[] = { NULL };

/* Foreign attributes of SCOPE, each with the namespace declaration it
 * needs on the element itself, so that they never depend on where the
 * original file declared their prefixes. Attributes that would make the
 * element ill-formed (a name the element already has, a repeated or
 * invalid name, a namespace declaration) are left out: extensions may
 * come from other code than this loader. */
static void
append_extension_attributes (GString            *out,
                             const CmExtensions *extensions,
                             const char         *scope,
                             const char * const *reserved)
{
  g_autoptr(GPtrArray) declared = NULL;
  g_autoptr(GPtrArray) written = NULL;
  guint n = cm_extensions_get_n_attributes (extensions);

  for (guint i = 0; i < n; i++)
    {
      const CmForeignAttribute *attribute = cm_extensions_get_attribute (extensions, i);
      g_autofree char *prefix = NULL;
      g_autofree char *name = NULL;
      g_autofree char *key = NULL;
      const char *colon;

      if (g_strcmp0 (attribute->scope, scope) != 0 || attribute->name == NULL
          || xmlValidateQName (BAD_CAST attribute->name, 0) != 0
          || g_str_equal (attribute->name, "xmlns") || g_str_has_prefix (attribute->name, "xmlns:"))
        continue;
      colon = strchr (attribute->name, ':');
      if ((attribute->ns_uri == NULL || attribute->ns_uri[0] == '\0')
          && g_strv_contains (reserved, colon != NULL ? colon + 1 : attribute->name))
        continue;
      /* Unique by namespace and local name, as XML namespaces require. */
      key = g_strconcat (attribute->ns_uri != NULL ? attribute->ns_uri : "", " ",
                         colon != NULL ? colon + 1 : attribute->name, NULL);
      if (written == NULL)
        written = g_ptr_array_new_with_free_func (g_free);
      if (g_ptr_array_find_with_equal_func (written, key, g_str_equal, NULL))
        continue;
      g_ptr_array_add (written, g_steal_pointer (&key));
      if (attribute->ns_uri == NULL || attribute->ns_uri[0] == '\0')
        {
          /* An unqualified attribute of a newer format: written as it came. */
          name = g_strdup (colon != NULL ? colon + 1 : attribute->name);
        }
      else if (g_str_equal (attribute->ns_uri, XML_NS))
        name = g_strconcat ("xml:", colon != NULL ? colon + 1 : attribute->name, NULL);
      else
        {
          gboolean found = FALSE;

          prefix = colon != NULL ? g_strndup (attribute->name, colon - attribute->name)
                                 : g_strdup_printf ("ext%u", i);
          if (declared == NULL)
            declared = g_ptr_array_new_with_free_func (g_free);
          /* declared holds prefix, uri pairs. */
          for (guint j = 0; j + 1 < declared->len; j += 2)
            if (g_str_equal (g_ptr_array_index (declared, j), prefix))
              {
                found = TRUE;
                if (!g_str_equal (g_ptr_array_index (declared, j + 1), attribute->ns_uri))
                  {
                    /* Same prefix, other namespace: rename, keep the meaning. */
                    g_free (prefix);
                    prefix = g_strdup_printf ("ext%u", i);
                    found = FALSE;
                  }
                break;
              }
          if (!found)
            {
              g_ptr_array_add (declared, g_strdup (prefix));
              g_ptr_array_add (declared, g_strdup (attribute->ns_uri));
              g_string_append_printf (out, " xmlns:%s=\"", prefix);
              cm_xml_append_escaped (out, attribute->ns_uri, TRUE);
              g_string_append_c (out, '"');
            }
          name = g_strconcat (prefix, ":", colon != NULL ? colon + 1 : attribute->name, NULL);
        }
      append_attribute (out, name, attribute->value);
    }
}

/* A foreign element is written back verbatim, so it must be well-formed
 * on its own: one from elsewhere than this loader could otherwise make the
 * whole sidecar unreadable. Such an element is left out, with a warning. */
static gboolean
foreign_element_is_writable (const CmForeignElement *element)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  if (element->xml == NULL)
    return FALSE;
  bytes = g_bytes_new_static (element->xml, strlen (element->xml));
  doc = cm_safe_xml_parse_document (bytes, "extension", &error);
  if (doc == NULL)
    g_warning ("Not saving an extension element that is not well-formed XML: %s",
               error->message);
  return doc != NULL;
}

static gboolean
has_extension_elements (const CmExtensions *extensions,
                        const char         *scope)
{
  guint n = cm_extensions_get_n_elements (extensions);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (cm_extensions_get_element (extensions, i)->scope, scope) == 0)
      return TRUE;
  return FALSE;
}

static void
append_extension_elements (GString            *out,
                           const CmExtensions *extensions,
                           const char         *scope,
                           guint               level)
{
  guint n = cm_extensions_get_n_elements (extensions);

  for (guint i = 0; i < n; i++)
    {
      const CmForeignElement *element = cm_extensions_get_element (extensions, i);

      if (g_strcmp0 (element->scope, scope) != 0 || !foreign_element_is_writable (element))
        continue;
      append_indent (out, level);
      g_string_append (out, element->xml);
      g_string_append_c (out, '\n');
    }
}

/* Closes a start tag already written: "/>" when SCOPE holds no foreign
 * elements, else the elements and an end tag. */
static void
finish_empty_element (GString            *out,
                      const char         *element,
                      const CmExtensions *extensions,
                      const char         *scope,
                      guint               level)
{
  if (!has_extension_elements (extensions, scope))
    {
      g_string_append (out, "/>\n");
      return;
    }
  g_string_append (out, ">\n");
  append_extension_elements (out, extensions, scope, level + 1);
  append_indent (out, level);
  g_string_append_printf (out, "</%s>\n", element);
}

/* A one-line text element: <note>TEXT</note>, foreign content after it. */
static void
append_text_element (GString            *out,
                     const char         *text,
                     const CmExtensions *extensions,
                     const char         *scope,
                     const char         *element)
{
  g_string_append_c (out, '>');
  cm_xml_append_escaped (out, text, FALSE);
  if (extensions != NULL && has_extension_elements (extensions, scope))
    {
      guint n = cm_extensions_get_n_elements (extensions);

      for (guint i = 0; i < n; i++)
        {
          const CmForeignElement *foreign = cm_extensions_get_element (extensions, i);

          if (g_strcmp0 (foreign->scope, scope) == 0 && foreign_element_is_writable (foreign))
            g_string_append (out, foreign->xml);
        }
    }
  g_string_append_printf (out, "</%s>\n", element);
}

static void
append_annotation (GString        *out,
                   CmAnnotation   *annotation,
                   TimestampCache *times)
{
  /* Peeked, not got: getting would give every annotation extensions. */
  const CmExtensions *extensions = cm_annotation_peek_extensions (annotation);
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  const char *note = cm_annotation_get_note (annotation);
  GPtrArray *replies = cm_annotation_get_replies (annotation);
  const char *item_id = cm_annotation_get_item_id (annotation);

  append_indent (out, 1);
  g_string_append (out, "<annotation");
  append_attribute (out, "id", cm_annotation_get_id (annotation));
  append_attribute (out, "author", cm_annotation_get_author (annotation));
  append_timestamp_attribute (out, "created", cm_annotation_get_created (annotation), times);
  append_timestamp_attribute (out, "modified", cm_annotation_get_modified (annotation), times);
  append_extension_attributes (out, extensions, SCOPE_OWNER, annotation_attributes);
  g_string_append (out, ">\n");

  if (anchor != NULL)
    {
      GArray *rects = cm_anchor_get_rects (anchor);
      guint page = cm_anchor_get_page (anchor);
      const char *exact = cm_anchor_get_exact (anchor);
      const char *prefix = cm_anchor_get_prefix (anchor);
      const char *suffix = cm_anchor_get_suffix (anchor);

      append_indent (out, 2);
      g_string_append (out, "<target");
      append_unsigned_attribute (out, "page", MAX (page, 1));
      append_unsigned_attribute (out, "start", cm_anchor_get_start (anchor));
      append_unsigned_attribute (out, "end", cm_anchor_get_end (anchor));
      append_attribute (out, "section", cm_annotation_get_section (annotation));
      append_extension_attributes (out, extensions, "target", target_attributes);
      g_string_append (out, ">\n");

      if (exact != NULL || prefix != NULL || suffix != NULL
          || has_extension_elements (extensions, "quote"))
        {
          append_indent (out, 3);
          g_string_append (out, "<quote");
          append_attribute (out, "prefix", prefix);
          append_attribute (out, "suffix", suffix);
          append_extension_attributes (out, extensions, "quote", quote_attributes);
          append_text_element (out, exact, extensions, "quote", "quote");
        }
      for (guint i = 0; rects != NULL && i < rects->len; i++)
        {
          const CmPageRect *rect = &g_array_index (rects, CmPageRect, i);
          g_autofree char *scope = g_strdup_printf ("rect:%u", i);

          append_indent (out, 3);
          g_string_append (out, "<rect");
          if (rect->page != 0 && rect->page != page)
            append_unsigned_attribute (out, "page", rect->page);
          append_double_attribute (out, "x1", rect->x1);
          append_double_attribute (out, "y1", rect->y1);
          append_double_attribute (out, "x2", rect->x2);
          append_double_attribute (out, "y2", rect->y2);
          append_extension_attributes (out, extensions, scope, rect_attributes);
          finish_empty_element (out, "rect", extensions, scope, 3);
        }
      append_extension_elements (out, extensions, "target", 3);
      append_indent (out, 2);
      g_string_append (out, "</target>\n");
    }

  if (item_id != NULL)
    {
      CmAssessment assessment = cm_annotation_get_assessment (annotation);

      append_indent (out, 2);
      g_string_append (out, "<tag");
      append_attribute (out, "item", item_id);
      if (assessment != CM_ASSESSMENT_NONE)
        append_attribute (out, "assessment", cm_assessment_to_string (assessment));
      append_extension_attributes (out, extensions, "tag", tag_attributes);
      finish_empty_element (out, "tag", extensions, "tag", 2);
    }

  if ((note != NULL && note[0] != '\0') || has_extension_elements (extensions, "note"))
    {
      append_indent (out, 2);
      g_string_append (out, "<note");
      append_extension_attributes (out, extensions, "note", no_attributes);
      append_text_element (out, note, extensions, "note", "note");
    }

  for (guint i = 0; replies != NULL && i < replies->len; i++)
    {
      const CmReply *reply = g_ptr_array_index (replies, i);
      g_autofree char *scope = g_strconcat ("reply:", cm_reply_get_id (reply), NULL);

      append_indent (out, 2);
      g_string_append (out, "<reply");
      append_attribute (out, "id", cm_reply_get_id (reply));
      append_attribute (out, "author", cm_reply_get_author (reply));
      append_timestamp_attribute (out, "created", cm_reply_get_created (reply), times);
      append_attribute (out, "in-reply-to", cm_reply_get_in_reply_to (reply));
      append_extension_attributes (out, extensions, scope, reply_attributes);
      append_text_element (out, cm_reply_get_text (reply), extensions, scope, "reply");
    }

  append_extension_elements (out, extensions, SCOPE_OWNER, 2);
  append_indent (out, 1);
  g_string_append (out, "</annotation>\n");
}

static void
append_verdict (GString        *out,
                CmVerdict      *verdict,
                TimestampCache *times)
{
  const CmExtensions *extensions = cm_verdict_get_extensions (verdict);
  CmAssessment assessment = cm_verdict_get_assessment (verdict);
  const char *rationale = cm_verdict_get_rationale (verdict);

  append_indent (out, 1);
  g_string_append (out, "<verdict");
  append_attribute (out, "item", cm_verdict_get_item_id (verdict));
  if (assessment != CM_ASSESSMENT_NONE)
    append_attribute (out, "assessment", cm_assessment_to_string (assessment));
  append_attribute (out, "author", cm_verdict_get_author (verdict));
  append_timestamp_attribute (out, "modified", cm_verdict_get_modified (verdict), times);
  append_extension_attributes (out, extensions, SCOPE_OWNER, verdict_attributes);
  if ((rationale == NULL || rationale[0] == '\0')
      && !has_extension_elements (extensions, SCOPE_OWNER))
    g_string_append (out, "/>\n");
  else
    append_text_element (out, rationale, extensions, SCOPE_OWNER, "verdict");
}

static int
compare_annotation_pointers (gconstpointer a,
                             gconstpointer b)
{
  return cm_annotation_compare (*(CmAnnotation **) a, *(CmAnnotation **) b);
}

static int
compare_verdict_pointers (gconstpointer a,
                          gconstpointer b)
{
  return g_strcmp0 (cm_verdict_get_item_id (*(CmVerdict **) a),
                    cm_verdict_get_item_id (*(CmVerdict **) b));
}

static int
compare_tombstone_pointers (gconstpointer a,
                            gconstpointer b)
{
  return g_strcmp0 ((*(CmTombstone **) a)->id, (*(CmTombstone **) b)->id);
}

static gboolean
is_sorted (GPtrArray    *array,
           GCompareFunc  compare)
{
  for (guint i = 1; i < array->len; i++)
    if (compare (&array->pdata[i - 1], &array->pdata[i]) > 0)
      return FALSE;
  return TRUE;
}

static GBytes *
serialize_review (CmReview *review)
{
  const CmExtensions *extensions = cm_review_get_extensions (review);
  GListModel *annotations = cm_review_get_annotations (review);
  GListModel *verdicts = cm_review_get_verdicts (review);
  GPtrArray *tombstones = cm_review_get_tombstones (review);
  GPtrArray *conflicts = cm_review_get_conflicts (review);
  guint n_annotations = g_list_model_get_n_items (annotations);
  guint n_verdicts = g_list_model_get_n_items (verdicts);
  g_autoptr(GPtrArray) sorted = NULL;
  const char *file = cm_review_get_document_file (review);
  const char *sha256 = cm_review_get_document_sha256 (review);
  const char *pdf_id = cm_review_get_document_pdf_id (review);
  guint pages = cm_review_get_document_pages (review);
  const char *checklist_id = cm_review_get_checklist_id (review);
  GString *out = g_string_sized_new (1024 + (gsize) n_annotations * 640);
  TimestampCache times = { 0, NULL };

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (out, "<review xmlns=\"" REVIEW_NS "\" format=\"%u\"",
                          MAX (cm_review_get_format (review), (guint) CM_REVIEW_FORMAT));
  append_extension_attributes (out, extensions, SCOPE_OWNER, review_attributes);
  g_string_append (out, ">\n");

  if (file != NULL || sha256 != NULL || pdf_id != NULL || pages > 0
      || has_extension_elements (extensions, "document"))
    {
      append_indent (out, 1);
      g_string_append (out, "<document");
      append_attribute (out, "file", file);
      append_attribute (out, "sha256", sha256);
      append_attribute (out, "pdf-id", pdf_id);
      if (pages > 0)
        append_unsigned_attribute (out, "pages", pages);
      append_extension_attributes (out, extensions, "document", document_attributes);
      finish_empty_element (out, "document", extensions, "document", 1);
    }
  if (checklist_id != NULL)
    {
      append_indent (out, 1);
      g_string_append (out, "<checklist");
      append_attribute (out, "id", checklist_id);
      append_attribute (out, "version", cm_review_get_checklist_version (review));
      append_extension_attributes (out, extensions, "checklist", checklist_attributes);
      finish_empty_element (out, "checklist", extensions, "checklist", 1);
    }

  /* The model keeps this order already; sorting here keeps the file
   * stable even if that ever changes (checked first: one comparison per
   * annotation instead of a sort's twenty). */
  sorted = g_ptr_array_new_full (n_annotations, g_object_unref);
  for (guint i = 0; i < n_annotations; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (annotations, i));
  if (!is_sorted (sorted, compare_annotation_pointers))
    g_ptr_array_sort (sorted, compare_annotation_pointers);
  for (guint i = 0; i < sorted->len; i++)
    append_annotation (out, g_ptr_array_index (sorted, i), &times);
  g_clear_pointer (&sorted, g_ptr_array_unref);

  sorted = g_ptr_array_new_full (n_verdicts, g_object_unref);
  for (guint i = 0; i < n_verdicts; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (verdicts, i));
  g_ptr_array_sort (sorted, compare_verdict_pointers);
  for (guint i = 0; i < sorted->len; i++)
    append_verdict (out, g_ptr_array_index (sorted, i), &times);
  g_clear_pointer (&sorted, g_ptr_array_unref);

  /* Conflicts (already ordered by id), each holding the other version. It
   * is written at the same indentation as a top-level one: re-indenting
   * would change the text of multi-line notes. */
  for (guint i = 0; i < conflicts->len; i++)
    {
      const CmConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autofree char *scope = g_strconcat ("conflict:", conflict->id, NULL);

      append_indent (out, 1);
      g_string_append (out, "<conflict");
      append_attribute (out, "ref", conflict->id);
      append_extension_attributes (out, extensions, scope, conflict_attributes);
      if (conflict->other == NULL && !has_extension_elements (extensions, scope))
        {
          g_string_append (out, "/>\n");
          continue;
        }
      g_string_append (out, ">\n");
      if (conflict->other != NULL && CM_IS_ANNOTATION (conflict->other))
        append_annotation (out, CM_ANNOTATION (conflict->other), &times);
      else if (conflict->other != NULL)
        append_verdict (out, CM_VERDICT (conflict->other), &times);
      append_extension_elements (out, extensions, scope, 2);
      append_indent (out, 1);
      g_string_append (out, "</conflict>\n");
    }

  sorted = g_ptr_array_new ();
  for (guint i = 0; tombstones != NULL && i < tombstones->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (tombstones, i));
  g_ptr_array_sort (sorted, compare_tombstone_pointers);
  for (guint i = 0; i < sorted->len; i++)
    {
      const CmTombstone *tombstone = g_ptr_array_index (sorted, i);
      g_autofree char *scope = g_strconcat ("deleted:", tombstone->id, NULL);

      append_indent (out, 1);
      g_string_append (out, "<deleted");
      append_attribute (out, "id", tombstone->id);
      append_attribute (out, "author", tombstone->author);
      append_timestamp_attribute (out, "modified", tombstone->modified, &times);
      append_extension_attributes (out, extensions, scope, deleted_attributes);
      finish_empty_element (out, "deleted", extensions, scope, 1);
    }

  append_extension_elements (out, extensions, SCOPE_OWNER, 1);
  g_string_append (out, "</review>\n");
  g_free (times.text);
  return g_string_free_to_bytes (out);
}

/* Atomic replacement ------------------------------------------------------ */

static gboolean
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  const char *advice;

  /* EFBIG: a quota on file sizes, which is the same to the reviewer. */
  if (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG)
    advice = _("Free some disk space and save again.");
  else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
    advice = _("Check that the folder is writable, or save the review somewhere else.");
  else
    advice = _("The previous version of the file was left as it was.");
  g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_WRITE,
               _("Could not save the review to %s: %s. %s"),
               path, g_strerror (saved_errno), advice);
  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += written;
      length -= (gsize) written;
    }
  return TRUE;
}

/* Writes DATA to a new temporary file in DIRECTORY, flushed to disk.
 * Returns its path, or NULL with errno set. */
static char *
write_temporary (const char   *directory,
                 const char   *basename,
                 const guint8 *data,
                 gsize         length,
                 mode_t        mode)
{
  g_autofree char *template = g_strdup_printf ("%s/.%s.XXXXXX", directory, basename);
  int fd;
  int saved_errno;

  fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return NULL;
  if (fchmod (fd, mode) != 0 || !write_all (fd, data, length) || fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  return g_steal_pointer (&template);

fail:
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (template);
  errno = saved_errno;
  return NULL;
}

static void
sync_directory (const char *directory)
{
  int fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  /* Makes the renames durable; some file systems refuse, which is fine. */
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* The previous version becomes PATH.bak, itself replaced atomically: a
 * hard link when the file system has them (no copy, same bytes), else a
 * flushed copy. */
static gboolean
make_backup (const char  *path,
             const char  *directory,
             const char  *basename,
             mode_t       mode)
{
  g_autofree char *backup = g_strconcat (path, BACKUP_SUFFIX, NULL);
  g_autofree char *link_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *temporary = NULL;
  gsize length = 0;

  for (guint attempt = 0; attempt < 16 && link_path == NULL; attempt++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s/.%s.bak-%08x", directory, basename,
                                                    g_random_int ());

      if (link (path, candidate) == 0)
        link_path = g_steal_pointer (&candidate);
      else if (errno != EEXIST)
        break;
    }
  if (link_path != NULL)
    {
      if (rename (link_path, backup) == 0)
        return TRUE;
      g_unlink (link_path);
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  temporary = write_temporary (directory, basename, (const guint8 *) contents, length, mode);
  if (temporary == NULL)
    return FALSE;
  if (rename (temporary, backup) != 0)
    {
      g_unlink (temporary);
      return FALSE;
    }
  return TRUE;
}

/* A save killed midway leaves ".NAME.XXXXXX" (or ".NAME.bak-XXXXXXXX")
 * behind. Remove those old enough that no other save can still be
 * writing them; never the file or its backup. */
#define STALE_TEMPORARY_SECONDS (10 * 60)

static void
remove_stale_temporaries (const char *directory,
                          const char *basename)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  g_autofree char *prefix = g_strconcat (".", basename, ".", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = NULL;
      const char *suffix;
      GStatBuf info;

      if (!g_str_has_prefix (name, prefix))
        continue;
      suffix = name + strlen (prefix);
      if (!((strlen (suffix) == 6) || (g_str_has_prefix (suffix, "bak-") && strlen (suffix) == 12)))
        continue;
      candidate = g_build_filename (directory, name, NULL);
      if (g_lstat (candidate, &info) == 0 && S_ISREG (info.st_mode)
          && now - (gint64) info.st_mtime > STALE_TEMPORARY_SECONDS)
        g_unlink (candidate);
    }
}

static gboolean
replace_local_file (const char    *path,
                    GBytes        *bytes,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *temporary = NULL;
  const guint8 *data;
  gsize length;
  GStatBuf info;
  gboolean existed;
  mode_t mode = 0644;
  int saved_errno;

  existed = g_stat (path, &info) == 0;
  if (existed)
    mode = info.st_mode & 07777;
  else
    {
      mode_t mask = umask (022);

      /* Reading the umask means setting it; put it straight back. */
      umask (mask);
      mode = 0666 & ~mask;
    }

  data = g_bytes_get_data (bytes, &length);
  temporary = write_temporary (directory, basename, data, length, mode);
  if (temporary == NULL)
    return set_write_error (error, path, errno);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (temporary);
      return FALSE;
    }

  /* A failed backup must not block saving the user's work: the new file
   * is complete on disk, and the old one stays until the rename. */
  if (existed)
    make_backup (path, directory, basename, mode);

  if (rename (temporary, path) != 0)
    {
      saved_errno = errno;
      g_unlink (temporary);
      return set_write_error (error, path, saved_errno);
    }
  sync_directory (directory);
  remove_stale_temporaries (directory, basename);
  return TRUE;
}

/* CmStore ---------------------------------------------------------------- */

static const char *
cm_xml_sidecar_get_id (CmStore *store)
{
  return "xml-sidecar";
}

static GBytes *
load_bytes (GFile         *file,
            GCancellable  *cancellable,
            char         **display_name,
            GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) local_error = NULL;

  *display_name = g_file_get_parse_name (file);
  if (path != NULL)
    {
      g_autoptr(GMappedFile) mapped = NULL;

      /* Mapped, not copied: a large sidecar costs address space, and the
       * kernel can drop pages the parser has passed. */
      mapped = g_mapped_file_new (path, FALSE, &local_error);
      if (mapped != NULL)
        return g_mapped_file_get_bytes (mapped);
    }
  else
    {
      char *contents = NULL;
      gsize length = 0;

      if (g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
        return g_bytes_new_take (contents, length);
    }

  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_NOT_FOUND,
                 _("%s does not exist yet."), *display_name);
  else
    g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_MALFORMED,
                 _("%s could not be read: %s"), *display_name, local_error->message);
  return NULL;
}

static CmReview *
cm_xml_sidecar_load (CmStore       *store,
                     GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *display_name = g_file_get_parse_name (file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CmSafeXmlCursor) cursor = NULL;
  GError *safe_error = NULL;

  /* Streamed in chunks: a large sidecar never sits in memory whole. */
  file_stream = g_file_read (file, cancellable, &local_error);
  if (file_stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_NOT_FOUND,
                     _("%s does not exist yet."), display_name);
      else
        g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_MALFORMED,
                     _("%s could not be read: %s"), display_name, local_error->message);
      return NULL;
    }
  stream = g_buffered_input_stream_new_sized (G_INPUT_STREAM (file_stream), 64 * 1024);
  cursor = cm_safe_xml_cursor_new_for_stream (stream, display_name, &safe_error);
  if (cursor == NULL)
    {
      propagate_safe_xml_error (error, safe_error);
      return NULL;
    }
  return read_review (cursor, display_name, error);
}

static GBytes *
cm_xml_sidecar_serialize (CmStore   *store,
                          CmReview  *review,
                          GError   **error)
{
  g_return_val_if_fail (CM_IS_REVIEW (review), NULL);
  return serialize_review (review);
}

static CmReview *
cm_xml_sidecar_parse (CmStore     *store,
                      GBytes      *bytes,
                      const char  *display_name,
                      GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  return parse_review (bytes, display_name != NULL ? display_name : _("the review"), error);
}

static gboolean
cm_xml_sidecar_save (CmStore       *store,
                     CmReview      *review,
                     GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GBytes) bytes = serialize_review (review);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;

  if (path != NULL)
    {
      GStatBuf info;

      /* Replacing a symbolic link would cut it loose from its target:
       * save to the file it points to instead. */
      if (g_lstat (path, &info) == 0 && S_ISLNK (info.st_mode))
        {
          g_autofree char *target = realpath (path, NULL);

          if (target != NULL)
            return replace_local_file (target, bytes, cancellable, error);
        }
      return replace_local_file (path, bytes, cancellable, error);
    }

  /* Not a local file (gvfs): GIO's replace also writes a temporary file
   * and renames it where the backend allows. */
  data = g_bytes_get_data (bytes, &length);
  if (!g_file_replace_contents (file, data, length, NULL, TRUE, G_FILE_CREATE_NONE, NULL,
                                cancellable, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_WRITE,
                   _("Could not save the review to %s: %s"), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cm_xml_sidecar_validate (CmStore  *store,
                         GFile    *file,
                         GError  **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(GBytes) bytes = load_bytes (file, NULL, &display_name, error);
  g_autoptr(xmlDoc) doc = NULL;
  GError *safe_error = NULL;
  xmlNodePtr root;

  if (bytes == NULL)
    return FALSE;
  doc = cm_safe_xml_parse_document (bytes, display_name, &safe_error);
  if (doc == NULL)
    {
      propagate_safe_xml_error (error, safe_error);
      return FALSE;
    }
  root = xmlDocGetRootElement (doc);
  if (root == NULL || root->ns == NULL || !xmlStrEqual (root->ns->href, BAD_CAST REVIEW_NS))
    {
      g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_INVALID,
                   _("%s is not a Clausemark review: the root element is not in the "
                     "namespace “%s”."),
                   display_name, REVIEW_NS);
      return FALSE;
    }
  /* A newer format may add what format 1's schema does not know: saying
   * "valid" or quoting a schema error would both mislead. */
  {
    g_autofree xmlChar *format = xmlGetProp (root, BAD_CAST "format");
    guint64 number = 0;

    if (format != NULL && g_ascii_string_to_unsigned ((const char *) format, 10, 1, G_MAXUINT, &number, NULL) &&
        number > CM_REVIEW_FORMAT)
      {
        g_set_error (error, CM_STORE_ERROR, CM_STORE_ERROR_INVALID,
                     _("%s is in format %u, newer than the format %u this Clausemark checks; Clausemark "
                       "still opens it and keeps what it does not know."),
                     display_name, (guint) number, (guint) CM_REVIEW_FORMAT);
        return FALSE;
      }
  }
  if (!cm_safe_xml_validate (doc, REVIEW_SCHEMA, display_name, &safe_error))
    {
      g_autoptr(CmReview) review = NULL;
      g_autoptr(GError) load_error = NULL;

      /* The loader names a wrong value precisely (<tag assessment="x"> is
       * not one of …) where the schema can only point at the element. */
      review = parse_review (bytes, display_name, &load_error);
      g_set_error_literal (error, CM_STORE_ERROR, CM_STORE_ERROR_INVALID,
                           review == NULL ? load_error->message : safe_error->message);
      g_error_free (safe_error);
      return FALSE;
    }
  return TRUE;
}

static void
cm_xml_sidecar_store_init (CmStoreInterface *iface)
{
  iface->get_id = cm_xml_sidecar_get_id;
  iface->load = cm_xml_sidecar_load;
  iface->save = cm_xml_sidecar_save;
  iface->serialize = cm_xml_sidecar_serialize;
  iface->parse = cm_xml_sidecar_parse;
  iface->validate = cm_xml_sidecar_validate;
}

static void
cm_xml_sidecar_class_init (CmXmlSidecarClass *klass)
{
}

static void
cm_xml_sidecar_init (CmXmlSidecar *self)
{
}

/* GIO module entry points -------------------------------------------------- */

CM_DEFINE_PLUGIN_MODULE (CM_STORE_EXTENSION_POINT, CM_TYPE_XML_SIDECAR, "xml-sidecar", 100)
