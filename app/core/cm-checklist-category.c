/* cm-checklist-category.c: a titled group of checklist items, exposed as a GListModel. */
#include "config.h"

#include "cm-checklist-category.h"

struct _CmChecklistCategory
{
  GObject parent_instance;

  char       *id;
  char       *title;
  GListStore *items;
};

G_DEFINE_FINAL_TYPE (CmChecklistCategory, cm_checklist_category, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_checklist_category_finalize (GObject *object)
{
  CmChecklistCategory *self = CM_CHECKLIST_CATEGORY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (cm_checklist_category_parent_class)->finalize (object);
}

static void
cm_checklist_category_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CmChecklistCategory *self = CM_CHECKLIST_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_checklist_category_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CmChecklistCategory *self = CM_CHECKLIST_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_checklist_category_class_init (CmChecklistCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_checklist_category_finalize;
  object_class->get_property = cm_checklist_category_get_property;
  object_class->set_property = cm_checklist_category_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS] =
    g_param_spec_object ("items", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_checklist_category_init (CmChecklistCategory *self)
{
  self->items = g_list_store_new (CM_TYPE_CHECKLIST_ITEM);
}

/**
 * cm_checklist_category_new:
 *
 * Returns: (transfer full): a new, empty category.
 */
CmChecklistCategory *
cm_checklist_category_new (const char *id,
                           const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (CM_TYPE_CHECKLIST_CATEGORY,
                       "id", id,
                       "title", title != NULL ? title : "",
                       NULL);
}

const char *
cm_checklist_category_get_id (CmChecklistCategory *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_CATEGORY (self), NULL);

  return self->id;
}

const char *
cm_checklist_category_get_title (CmChecklistCategory *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_CATEGORY (self), NULL);

  return self->title;
}

/* Returns: (transfer none): a GListModel of CmChecklistItem, in checklist order. */
GListModel *
cm_checklist_category_get_items (CmChecklistCategory *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_CATEGORY (self), NULL);

  return G_LIST_MODEL (self->items);
}

/* Appends ITEM (the category takes its own reference). */
void
cm_checklist_category_add_item (CmChecklistCategory *self,
                                CmChecklistItem     *item)
{
  g_return_if_fail (CM_IS_CHECKLIST_CATEGORY (self));
  g_return_if_fail (CM_IS_CHECKLIST_ITEM (item));

  g_list_store_append (self->items, item);
}
