/* cm-checklist-item.c: one question of a checklist, with its guidance, keyword cues, sources and flags. */
#include "config.h"

#include "cm-checklist-item.h"

struct _CmChecklistItem
{
  GObject parent_instance;

  char *id;
  char *category_id;
  char *title;
  char *question;
  char *guidance;
  GStrv cues;
  GStrv sources;
  GStrv flags;
};

G_DEFINE_FINAL_TYPE (CmChecklistItem, cm_checklist_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_CATEGORY_ID,
  PROP_TITLE,
  PROP_QUESTION,
  PROP_GUIDANCE,
  PROP_CUES,
  PROP_SOURCES,
  PROP_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Empty lists are stored as empty vectors, never NULL, so that callers can
 * iterate the result of the getters without a check. */
static const char *const empty_strv[] = { NULL };

static void
replace_strv (GStrv              *field,
              const char * const *value)
{
  g_strfreev (*field);
  *field = g_strdupv ((char **) (value != NULL ? value : empty_strv));
}

/* g_set_str() arrived in GLib 2.76; we build against 2.74. */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
cm_checklist_item_finalize (GObject *object)
{
  CmChecklistItem *self = CM_CHECKLIST_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->category_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->question, g_free);
  g_clear_pointer (&self->guidance, g_free);
  g_clear_pointer (&self->cues, g_strfreev);
  g_clear_pointer (&self->sources, g_strfreev);
  g_clear_pointer (&self->flags, g_strfreev);

  G_OBJECT_CLASS (cm_checklist_item_parent_class)->finalize (object);
}

static void
cm_checklist_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CmChecklistItem *self = CM_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_CATEGORY_ID:
      g_value_set_string (value, self->category_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_QUESTION:
      g_value_set_string (value, self->question);
      break;
    case PROP_GUIDANCE:
      g_value_set_string (value, self->guidance);
      break;
    case PROP_CUES:
      g_value_set_boxed (value, self->cues);
      break;
    case PROP_SOURCES:
      g_value_set_boxed (value, self->sources);
      break;
    case PROP_FLAGS:
      g_value_set_boxed (value, self->flags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_checklist_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CmChecklistItem *self = CM_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_CATEGORY_ID:
      g_free (self->category_id);
      self->category_id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_QUESTION:
      cm_checklist_item_set_question (self, g_value_get_string (value));
      break;
    case PROP_GUIDANCE:
      cm_checklist_item_set_guidance (self, g_value_get_string (value));
      break;
    case PROP_CUES:
      cm_checklist_item_set_cues (self, g_value_get_boxed (value));
      break;
    case PROP_SOURCES:
      cm_checklist_item_set_sources (self, g_value_get_boxed (value));
      break;
    case PROP_FLAGS:
      cm_checklist_item_set_flags (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_checklist_item_class_init (CmChecklistItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_checklist_item_finalize;
  object_class->get_property = cm_checklist_item_get_property;
  object_class->set_property = cm_checklist_item_set_property;

  /* Identity is fixed at construction: reviews refer to items by id. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY_ID] =
    g_param_spec_string ("category-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUESTION] =
    g_param_spec_string ("question", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GUIDANCE] =
    g_param_spec_string ("guidance", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUES] =
    g_param_spec_boxed ("cues", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCES] =
    g_param_spec_boxed ("sources", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGS] =
    g_param_spec_boxed ("flags", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_checklist_item_init (CmChecklistItem *self)
{
  self->question = g_strdup ("");
  self->guidance = g_strdup ("");
  self->cues = g_strdupv ((char **) empty_strv);
  self->sources = g_strdupv ((char **) empty_strv);
  self->flags = g_strdupv ((char **) empty_strv);
}

/**
 * cm_checklist_item_new:
 *
 * Returns: (transfer full): a new item with an empty question, guidance
 *   and no cues, sources or flags.
 */
CmChecklistItem *
cm_checklist_item_new (const char *id,
                       const char *category_id,
                       const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (category_id != NULL, NULL);

  return g_object_new (CM_TYPE_CHECKLIST_ITEM,
                       "id", id,
                       "category-id", category_id,
                       "title", title != NULL ? title : "",
                       NULL);
}

const char *
cm_checklist_item_get_id (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return self->id;
}

const char *
cm_checklist_item_get_category_id (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return self->category_id;
}

const char *
cm_checklist_item_get_title (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return self->title;
}

const char *
cm_checklist_item_get_question (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return self->question;
}

void
cm_checklist_item_set_question (CmChecklistItem *self,
                                const char      *question)
{
  g_return_if_fail (CM_IS_CHECKLIST_ITEM (self));

  if (question == NULL)
    question = "";
  if (replace_string (&self->question, question))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUESTION]);
}

const char *
cm_checklist_item_get_guidance (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return self->guidance;
}

void
cm_checklist_item_set_guidance (CmChecklistItem *self,
                                const char      *guidance)
{
  g_return_if_fail (CM_IS_CHECKLIST_ITEM (self));

  if (guidance == NULL)
    guidance = "";
  if (replace_string (&self->guidance, guidance))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUIDANCE]);
}

/* Returns: (transfer none): the cue phrases, never NULL. */
const char * const *
cm_checklist_item_get_cues (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return (const char * const *) self->cues;
}

void
cm_checklist_item_set_cues (CmChecklistItem    *self,
                            const char * const *cues)
{
  g_return_if_fail (CM_IS_CHECKLIST_ITEM (self));

  replace_strv (&self->cues, cues);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUES]);
}

/* Returns: (transfer none): the legal sources the item is drawn from, never NULL. */
const char * const *
cm_checklist_item_get_sources (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return (const char * const *) self->sources;
}

void
cm_checklist_item_set_sources (CmChecklistItem    *self,
                               const char * const *sources)
{
  g_return_if_fail (CM_IS_CHECKLIST_ITEM (self));

  replace_strv (&self->sources, sources);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCES]);
}

/* Returns: (transfer none): the item's flags (e.g. "ccr"), never NULL. */
const char * const *
cm_checklist_item_get_flags (CmChecklistItem *self)
{
  g_return_val_if_fail (CM_IS_CHECKLIST_ITEM (self), NULL);

  return (const char * const *) self->flags;
}

void
cm_checklist_item_set_flags (CmChecklistItem    *self,
                             const char * const *flags)
{
  g_return_if_fail (CM_IS_CHECKLIST_ITEM (self));

  replace_strv (&self->flags, flags);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);
}
