/* cm-extensions.c: XML content a store did not understand, kept so it can be written back. */
#include "config.h"

#include "cm-extensions.h"

/* Nearly every annotation of a large review has no extensions: the arrays
 * are only made when something is added. */
struct _CmExtensions
{
  GPtrArray *attributes;   /* of CmForeignAttribute, or NULL */
  GPtrArray *elements;     /* of CmForeignElement, or NULL */
};

static guint
count (GPtrArray *array)
{
  return array != NULL ? array->len : 0;
}

G_DEFINE_BOXED_TYPE (CmExtensions, cm_extensions, cm_extensions_copy, cm_extensions_free)

static void
foreign_attribute_free (gpointer data)
{
  CmForeignAttribute *attribute = data;

  g_free (attribute->scope);
  g_free (attribute->ns_uri);
  g_free (attribute->name);
  g_free (attribute->value);
  g_free (attribute);
}

static void
foreign_element_free (gpointer data)
{
  CmForeignElement *element = data;

  g_free (element->scope);
  g_free (element->xml);
  g_free (element);
}

CmExtensions *
cm_extensions_new (void)
{
  return g_new0 (CmExtensions, 1);
}

CmExtensions *
cm_extensions_copy (const CmExtensions *self)
{
  CmExtensions *copy = cm_extensions_new ();

  for (guint i = 0; i < count (self->attributes); i++)
    {
      const CmForeignAttribute *a = g_ptr_array_index (self->attributes, i);
      cm_extensions_add_attribute (copy, a->scope, a->ns_uri, a->name, a->value);
    }
  for (guint i = 0; i < count (self->elements); i++)
    {
      const CmForeignElement *e = g_ptr_array_index (self->elements, i);
      cm_extensions_add_element (copy, e->scope, e->xml);
    }
  return copy;
}

void
cm_extensions_free (CmExtensions *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->attributes, g_ptr_array_unref);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_free (self);
}

gboolean
cm_extensions_is_empty (const CmExtensions *self)
{
  return self == NULL || (count (self->attributes) == 0 && count (self->elements) == 0);
}

gboolean
cm_extensions_equal (const CmExtensions *a,
                     const CmExtensions *b)
{
  if (cm_extensions_is_empty (a) || cm_extensions_is_empty (b))
    return cm_extensions_is_empty (a) == cm_extensions_is_empty (b);
  if (count (a->attributes) != count (b->attributes) || count (a->elements) != count (b->elements))
    return FALSE;
  for (guint i = 0; i < count (a->attributes); i++)
    {
      const CmForeignAttribute *x = g_ptr_array_index (a->attributes, i);
      const CmForeignAttribute *y = g_ptr_array_index (b->attributes, i);

      if (g_strcmp0 (x->scope, y->scope) != 0 || g_strcmp0 (x->ns_uri, y->ns_uri) != 0
          || g_strcmp0 (x->name, y->name) != 0 || g_strcmp0 (x->value, y->value) != 0)
        return FALSE;
    }
  for (guint i = 0; i < count (a->elements); i++)
    {
      const CmForeignElement *x = g_ptr_array_index (a->elements, i);
      const CmForeignElement *y = g_ptr_array_index (b->elements, i);

      if (g_strcmp0 (x->scope, y->scope) != 0 || g_strcmp0 (x->xml, y->xml) != 0)
        return FALSE;
    }
  return TRUE;
}

void
cm_extensions_add_attribute (CmExtensions *self,
                             const char   *scope,
                             const char   *ns_uri,
                             const char   *name,
                             const char   *value)
{
  CmForeignAttribute *attribute = g_new0 (CmForeignAttribute, 1);

  attribute->scope = g_strdup (scope ? scope : "");
  attribute->ns_uri = g_strdup (ns_uri);
  attribute->name = g_strdup (name);
  attribute->value = g_strdup (value ? value : "");
  if (self->attributes == NULL)
    self->attributes = g_ptr_array_new_with_free_func (foreign_attribute_free);
  g_ptr_array_add (self->attributes, attribute);
}

void
cm_extensions_add_element (CmExtensions *self,
                           const char   *scope,
                           const char   *xml)
{
  CmForeignElement *element = g_new0 (CmForeignElement, 1);

  element->scope = g_strdup (scope ? scope : "");
  element->xml = g_strdup (xml);
  if (self->elements == NULL)
    self->elements = g_ptr_array_new_with_free_func (foreign_element_free);
  g_ptr_array_add (self->elements, element);
}

guint
cm_extensions_get_n_attributes (const CmExtensions *self)
{
  /* NULL reads as empty: see cm_annotation_peek_extensions(). */
  return self != NULL ? count (self->attributes) : 0;
}

const CmForeignAttribute *
cm_extensions_get_attribute (const CmExtensions *self,
                             guint               index)
{
  g_return_val_if_fail (index < count (self->attributes), NULL);
  return g_ptr_array_index (self->attributes, index);
}

guint
cm_extensions_get_n_elements (const CmExtensions *self)
{
  return self != NULL ? count (self->elements) : 0;
}

const CmForeignElement *
cm_extensions_get_element (const CmExtensions *self,
                           guint               index)
{
  g_return_val_if_fail (index < count (self->elements), NULL);
  return g_ptr_array_index (self->elements, index);
}
