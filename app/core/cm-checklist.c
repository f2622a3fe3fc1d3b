/* cm-checklist.c: loading a review checklist from XML (safely parsed, schema-validated, then checked for sense). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "cm-checklist.h"
#include "cm-safe-xml.h"
#include "cm-xml-private.h"

#define CHECKLIST_NS          "urn:clausemark:checklist:1"
#define CHECKLIST_SCHEMA      "/io/github/clausemark/core/schema/checklist.rng"
#define DEFAULT_CHECKLIST     "/io/github/clausemark/core/checklists/sanctuary.xml"
#define DEFAULT_DISPLAY_NAME  "sanctuary.xml (built in)"

struct _CmChecklist
{
  GObject parent_instance;

  char       *id;
  char       *version;
  char       *title;
  char       *description;
  GStrv       rules_of_thumb;
  GListStore *categories;
  GPtrArray  *items;              /* CmChecklistItem, owned, in checklist order */
  GHashTable *items_by_id;        /* id → CmChecklistItem, borrowed from items */
  GHashTable *categories_by_id;   /* id → CmChecklistCategory, borrowed from categories */
  char       *meanings[CM_N_ASSESSMENTS];
};

G_DEFINE_FINAL_TYPE (CmChecklist, cm_checklist, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-checklist-error-quark, cm_checklist_error)

enum
{
  PROP_0,
  PROP_ID,
  PROP_VERSION,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_CATEGORIES,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_checklist_finalize (GObject *object)
{
  CmChecklist *self = CM_CHECKLIST (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->rules_of_thumb, g_strfreev);
  g_clear_pointer (&self->items_by_id, g_hash_table_unref);
  g_clear_pointer (&self->categories_by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->categories);
  for (guint i = 0; i < CM_N_ASSESSMENTS; i++)
    g_clear_pointer (&self->meanings[i], g_free);

  G_OBJECT_CLASS (cm_checklist_parent_class)->finalize (object);
}

static void
cm_checklist_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CmChecklist *self = CM_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_CATEGORIES:
      g_value_set_object (value, self->categories);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_checklist_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CmChecklist *self = CM_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_VERSION:
      g_free (self->version);
      self->version = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_DESCRIPTION:
      g_free (self->description);
      self->description = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_checklist_class_init (CmChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_checklist_finalize;
  object_class->get_property = cm_checklist_get_property;
  object_class->set_property = cm_checklist_set_property;

  /* A checklist is immutable once loaded: reviews record its id and version. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORIES] =
    g_param_spec_object ("categories", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_checklist_init (CmChecklist *self)
{
  self->categories = g_list_store_new (CM_TYPE_CHECKLIST_CATEGORY);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->items_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->categories_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->rules_of_thumb = g_new0 (char *, 1);
}

/* Loading ---------------------------------------------------------------- */

/* Collapses runs of whitespace so that text wrapped over several lines in
 * the file reads as one paragraph, and so that whitespace-only is empty. */
static char *
normalize_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
node_text (xmlNode *node)
{
  g_autoptr(CmXmlChar) content = xmlNodeGetContent (node);

  return normalize_space ((const char *) content);
}

static char *
node_attribute (xmlNode    *node,
                const char *name)
{
  g_autoptr(CmXmlChar) value = xmlGetProp (node, (const xmlChar *) name);

  return normalize_space ((const char *) value);
}

static gboolean
node_is (xmlNode    *node,
         const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && xmlStrEqual (node->name, (const xmlChar *) name);
}

static xmlNode *
first_element (xmlNode *parent)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

static xmlNode *
next_element (xmlNode *node)
{
  for (xmlNode *sibling = node->next; sibling != NULL; sibling = sibling->next)
    if (sibling->type == XML_ELEMENT_NODE)
      return sibling;
  return NULL;
}

/* Reports a problem that the schema cannot express, with the line it is on
 * so that the author can go straight to it. */
static gboolean set_invalid (GError    **error,
                             const char *display_name,
                             xmlNode    *node,
                             const char *format,
                             ...) G_GNUC_PRINTF (4, 5);

static gboolean
set_invalid (GError    **error,
             const char *display_name,
             xmlNode    *node,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_INVALID,
               _("%s, line %ld: %s."), display_name, xmlGetLineNo (node), detail);
  return FALSE;
}

/* Re-homes an error from the XML layer in the checklist domain, keeping its
 * wording (which says where the problem is) and naming the file if the
 * original message did not. */
static void
propagate_xml_error (GError          **error,
                     CmChecklistError  code,
                     const char       *display_name,
                     GError           *xml_error,
                     const char       *advice)
{
  g_autoptr(GString) message = g_string_new (NULL);

  if (strstr (xml_error->message, display_name) == NULL)
    g_string_append_printf (message, "%s: ", display_name);
  g_string_append (message, xml_error->message);
  while (message->len > 0 && (message->str[message->len - 1] == '.'
                              || g_ascii_isspace (message->str[message->len - 1])))
    g_string_truncate (message, message->len - 1);
  g_string_append (message, ". ");
  g_string_append (message, advice);
  g_set_error_literal (error, CM_CHECKLIST_ERROR, code, message->str);
}

static gboolean
load_assessment_scale (CmChecklist *self,
                       xmlNode     *scale,
                       const char  *display_name,
                       GError     **error)
{
  xmlNode *seen[CM_N_ASSESSMENTS] = { NULL, };

  for (xmlNode *level = first_element (scale); level != NULL; level = next_element (level))
    {
      g_autofree char *value = node_attribute (level, "value");
      CmAssessment assessment = CM_ASSESSMENT_NONE;

      /* The schema limits VALUE to the six level names. */
      if (!cm_assessment_from_string (value, &assessment) || assessment == CM_ASSESSMENT_NONE)
        return set_invalid (error, display_name, level,
                            _("“%s” is not an assessment level; use strong, partial, weak, "
                              "absent, harmful or not-applicable"), value);
      if (seen[assessment] != NULL)
        return set_invalid (error, display_name, level,
                            _("the assessment scale describes “%s” twice (also on line %ld); "
                              "keep one of them"),
                            value, xmlGetLineNo (seen[assessment]));
      seen[assessment] = level;
      self->meanings[assessment] = node_text (level);
      if (self->meanings[assessment][0] == '\0')
        return set_invalid (error, display_name, level,
                            _("the meaning of “%s” is empty; say what the level means"), value);
    }

  for (guint i = CM_ASSESSMENT_NONE + 1; i < CM_N_ASSESSMENTS; i++)
    {
      const char *name = cm_assessment_to_string ((CmAssessment) i);

      if (seen[i] == NULL)
        return set_invalid (error, display_name, scale,
                            _("the assessment scale does not describe “%s”; add "
                              "<level value=\"%s\"> with what that level means"),
                            name, name);
    }
  return TRUE;
}

static gboolean
load_item (CmChecklist         *self,
           CmChecklistCategory *category,
           xmlNode             *node,
           GHashTable          *item_lines,
           GHashTable          *flag_ids,
           const char          *display_name,
           GError             **error)
{
  const char *category_id = cm_checklist_category_get_id (category);
  g_autofree char *id = node_attribute (node, "id");
  g_autofree char *prefix = g_strconcat (category_id, ".", NULL);
  g_autoptr(GPtrArray) cues = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CmChecklistItem) item = NULL;
  g_autofree char *title = NULL;
  g_autofree char *question = NULL;
  g_autofree char *guidance = NULL;
  xmlNode *child;

  if (g_hash_table_contains (item_lines, id))
    return set_invalid (error, display_name, node,
                        _("item “%s” is already defined on line %ld; give every item its own id"),
                        id, (long) GPOINTER_TO_SIZE (g_hash_table_lookup (item_lines, id)));
  if (!g_str_has_prefix (id, prefix))
    return set_invalid (error, display_name, node,
                        _("item “%s” is in category “%s”, so its id must start with “%s”; "
                          "rename the item or move it into its own category"),
                        id, category_id, prefix);

  /* The schema fixes the order: title, flag*, question, guidance, cues?, sources?. */
  for (child = first_element (node); child != NULL; child = next_element (child))
    {
      if (node_is (child, "title"))
        {
          title = node_text (child);
          if (title[0] == '\0')
            return set_invalid (error, display_name, child,
                                _("item “%s” has an empty title; give it a short title"), id);
        }
      else if (node_is (child, "flag"))
        {
          char *flag = node_text (child);

          g_ptr_array_add (flags, flag);
          if (!g_hash_table_contains (flag_ids, flag))
            return set_invalid (error, display_name, child,
                                _("item “%s” carries the flag “%s”, which the checklist does not "
                                  "declare; fix its spelling or add <flag-definition id=\"%s\">"),
                                id, flag, flag);
        }
      else if (node_is (child, "question"))
        {
          question = node_text (child);
          if (question[0] == '\0')
            return set_invalid (error, display_name, child,
                                _("item “%s” has an empty question; write the question a "
                                  "reviewer answers"), id);
        }
      else if (node_is (child, "guidance"))
        {
          guidance = node_text (child);
        }
      else if (node_is (child, "cues") || node_is (child, "sources"))
        {
          gboolean is_cues = node_is (child, "cues");

          for (xmlNode *entry = first_element (child); entry != NULL; entry = next_element (entry))
            {
              char *text = node_text (entry);

              g_ptr_array_add (is_cues ? cues : sources, text);
              /* An empty cue would match every clause of every law. */
              if (text[0] == '\0')
                return set_invalid (error, display_name, entry,
                                    is_cues
                                    ? _("item “%s” has an empty cue; write the word or phrase "
                                        "to look for, or remove the <cue>")
                                    : _("item “%s” has an empty source; name the law or text it "
                                        "draws on, or remove the <source>"),
                                    id);
            }
        }
    }

  g_ptr_array_add (cues, NULL);
  g_ptr_array_add (sources, NULL);
  g_ptr_array_add (flags, NULL);

  item = cm_checklist_item_new (id, category_id, title);
  cm_checklist_item_set_question (item, question);
  cm_checklist_item_set_guidance (item, guidance);
  cm_checklist_item_set_cues (item, (const char * const *) cues->pdata);
  cm_checklist_item_set_sources (item, (const char * const *) sources->pdata);
  cm_checklist_item_set_flags (item, (const char * const *) flags->pdata);

  g_hash_table_insert (item_lines, g_strdup (id), GSIZE_TO_POINTER ((gsize) xmlGetLineNo (node)));
  cm_checklist_category_add_item (category, item);
  g_hash_table_insert (self->items_by_id, (char *) cm_checklist_item_get_id (item), item);
  g_ptr_array_add (self->items, g_steal_pointer (&item));
  return TRUE;
}

static gboolean
load_category (CmChecklist *self,
               xmlNode     *node,
               GHashTable  *item_lines,
               GHashTable  *flag_ids,
               const char  *display_name,
               GError     **error)
{
  g_autofree char *id = node_attribute (node, "id");
  g_autoptr(CmChecklistCategory) category = NULL;
  CmChecklistCategory *previous;
  xmlNode *child = first_element (node);
  g_autofree char *title = node_text (child);

  previous = g_hash_table_lookup (self->categories_by_id, id);
  if (previous != NULL)
    return set_invalid (error, display_name, node,
                        _("category “%s” appears twice; merge the two or give one another id"),
                        id);
  if (title[0] == '\0')
    return set_invalid (error, display_name, child,
                        _("category “%s” has an empty title; give it a title"), id);

  category = cm_checklist_category_new (id, title);
  for (child = next_element (child); child != NULL; child = next_element (child))
    if (!load_item (self, category, child, item_lines, flag_ids, display_name, error))
      return FALSE;

  g_hash_table_insert (self->categories_by_id, (char *) cm_checklist_category_get_id (category),
                       category);
  g_list_store_append (self->categories, category);
  return TRUE;
}

static CmChecklist *
load_document (xmlDoc     *doc,
               const char *display_name,
               GError    **error)
{
  g_autoptr(CmChecklist) self = NULL;
  g_autoptr(GHashTable) item_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) flag_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *child = first_element (root);
  g_autofree char *id = node_attribute (root, "id");
  g_autofree char *version = node_attribute (root, "version");
  g_autofree char *title = node_text (child);
  g_autofree char *description = NULL;

  if (title[0] == '\0')
    {
      set_invalid (error, display_name, child,
                   _("the checklist has an empty title; give it a title"));
      return NULL;
    }

  child = next_element (child);
  if (node_is (child, "description"))
    {
      description = node_text (child);
      child = next_element (child);
    }

  self = g_object_new (CM_TYPE_CHECKLIST,
                       "id", id,
                       "version", version,
                       "title", title,
                       "description", description != NULL ? description : "",
                       NULL);

  for (; node_is (child, "flag-definition"); child = next_element (child))
    {
      g_autofree char *flag = node_attribute (child, "id");

      if (g_hash_table_contains (flag_ids, flag))
        {
          set_invalid (error, display_name, child,
                       _("the flag “%s” is declared twice; keep one declaration"), flag);
          return NULL;
        }
      g_hash_table_add (flag_ids, g_steal_pointer (&flag));
    }

  if (!load_assessment_scale (self, child, display_name, error))
    return NULL;
  child = next_element (child);

  if (node_is (child, "rules-of-thumb"))
    {
      for (xmlNode *rule = first_element (child); rule != NULL; rule = next_element (rule))
        g_ptr_array_add (rules, node_text (rule));
      child = next_element (child);
    }
  g_ptr_array_add (rules, NULL);
  g_strfreev (self->rules_of_thumb);
  self->rules_of_thumb = (GStrv) g_ptr_array_steal (rules, NULL);

  for (; child != NULL; child = next_element (child))
    if (!load_category (self, child, item_lines, flag_ids, display_name, error))
      return NULL;

  return g_steal_pointer (&self);
}

/**
 * cm_checklist_new_for_bytes:
 * @bytes: the checklist XML
 * @display_name: how to name the source in error messages (a path, usually)
 *
 * Parses @bytes with the hostile-input protections of cm-safe-xml, validates
 * them against the checklist schema and checks what the schema cannot (unique
 * ids, item ids under their category, non-empty titles, a complete scale).
 *
 * Returns: (transfer full): the checklist, or %NULL with @error set to
 *   %CM_CHECKLIST_ERROR_MALFORMED or %CM_CHECKLIST_ERROR_INVALID.
 */
CmChecklist *
cm_checklist_new_for_bytes (GBytes     *bytes,
                            const char *display_name,
                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = _("checklist");

  doc = cm_safe_xml_parse_document (bytes, display_name, &local_error);
  if (doc == NULL)
    {
      propagate_xml_error (error, CM_CHECKLIST_ERROR_MALFORMED, display_name, local_error,
                           _("To write a new checklist, start from a copy of the bundled "
                             "sanctuary.xml."));
      return NULL;
    }

  /* Catch the likeliest mistake (a sidecar or some other XML file chosen by
   * accident) before the schema gives a less readable answer. */
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "checklist")
      || root->ns == NULL || !xmlStrEqual (root->ns->href, (const xmlChar *) CHECKLIST_NS))
    {
      g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_INVALID,
                   _("%s is not a Clausemark checklist: its root element is <%s>, not <checklist "
                     "xmlns=\"%s\">. Choose a checklist file."),
                   display_name, root != NULL ? (const char *) root->name : "", CHECKLIST_NS);
      return NULL;
    }

  if (!cm_safe_xml_validate (doc, CHECKLIST_SCHEMA, display_name, &local_error))
    {
      propagate_xml_error (error, CM_CHECKLIST_ERROR_INVALID, display_name, local_error,
                           _("Make the file follow the checklist schema (checklist.rng); the "
                             "bundled sanctuary.xml is a complete example."));
      return NULL;
    }

  return load_document (doc, display_name, error);
}

/**
 * cm_checklist_new_for_file:
 *
 * Returns: (transfer full): the checklist in @file, or %NULL with @error set
 *   (%CM_CHECKLIST_ERROR_NOT_FOUND when the file cannot be read).
 */
CmChecklist *
cm_checklist_new_for_file (GFile   *file,
                           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_file_get_parse_name (file);

  /* Look before reading: a folder, a FIFO or /dev/zero must not be slurped. */
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_NOT_FOUND,
                     _("The checklist file %s does not exist. Check its name and folder."),
                     display_name);
      else
        g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_NOT_FOUND,
                     _("The checklist file %s cannot be read: %s. Check that it exists and "
                       "that you may read it."),
                     display_name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_NOT_FOUND,
                   _("%s is not a regular file. Choose a checklist XML file."), display_name);
      return NULL;
    }
  if ((guint64) g_file_info_get_size (info) > CM_SAFE_XML_MAX_BYTES)
    {
      g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_MALFORMED,
                   _("The checklist file %s is too large (%" G_GUINT64_FORMAT " bytes; at most "
                     "%u are read). Choose a checklist XML file."),
                   display_name, (guint64) g_file_info_get_size (info), CM_SAFE_XML_MAX_BYTES);
      return NULL;
    }

  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_NOT_FOUND,
                   _("The checklist file %s cannot be read: %s. Check that it exists and that "
                     "you may read it."),
                   display_name, local_error->message);
      return NULL;
    }

  return cm_checklist_new_for_bytes (bytes, display_name, error);
}

/**
 * cm_checklist_new_default:
 *
 * Returns: (transfer full): the sanctuary checklist compiled into
 *   libclausemark. An error here means a broken build, not bad input.
 */
CmChecklist *
cm_checklist_new_default (GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (DEFAULT_CHECKLIST, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CM_CHECKLIST_ERROR, CM_CHECKLIST_ERROR_NOT_FOUND,
                   _("The built-in checklist %s is missing from libclausemark (%s). Reinstall "
                     "Clausemark."),
                   DEFAULT_CHECKLIST, local_error->message);
      return NULL;
    }

  return cm_checklist_new_for_bytes (bytes, DEFAULT_DISPLAY_NAME, error);
}

/* Accessors -------------------------------------------------------------- */

const char *
cm_checklist_get_id (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  return self->id;
}

const char *
cm_checklist_get_version (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  return self->version;
}

const char *
cm_checklist_get_title (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  return self->title;
}

const char *
cm_checklist_get_description (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  return self->description;
}

const char * const *
cm_checklist_get_rules_of_thumb (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  return (const char * const *) self->rules_of_thumb;
}

GListModel *
cm_checklist_get_categories (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  return G_LIST_MODEL (self->categories);
}

guint
cm_checklist_get_n_items (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), 0);

  return self->items->len;
}

GPtrArray *
cm_checklist_get_items (CmChecklist *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  return self->items;
}

/* Returns: (transfer none) (nullable): the item, or %NULL for an unknown id. */
CmChecklistItem *
cm_checklist_lookup_item (CmChecklist *self,
                          const char  *item_id)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  if (item_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->items_by_id, item_id);
}

/* Returns: (transfer none) (nullable): the category, or %NULL for an unknown id. */
CmChecklistCategory *
cm_checklist_lookup_category (CmChecklist *self,
                              const char  *category_id)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  if (category_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->categories_by_id, category_id);
}

/* Returns: (nullable): the checklist's wording of ASSESSMENT; %NULL for
 * CM_ASSESSMENT_NONE, which is not a level a reviewer chooses. */
const char *
cm_checklist_get_assessment_meaning (CmChecklist  *self,
                                     CmAssessment  assessment)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (self), NULL);

  if ((guint) assessment >= CM_N_ASSESSMENTS)
    return NULL;
  return self->meanings[assessment];
}

const char *
cm_checklist_translate (const char *text)
{
  /* The empty msgid is the catalogue's header. */
  if (text == NULL || *text == '\0')
    return text;
  return g_dgettext (GETTEXT_PACKAGE, text);
}
