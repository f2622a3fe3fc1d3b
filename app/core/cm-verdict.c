/* cm-verdict.c: the reviewer's conclusion on one checklist item, with its rationale. */
#include "config.h"

#include "cm-verdict.h"

struct _CmVerdict
{
  GObject       parent_instance;

  char         *item_id;
  CmAssessment  assessment;
  char         *author;
  char         *rationale;
  GDateTime    *modified;
  CmExtensions *extensions;
};

G_DEFINE_FINAL_TYPE (CmVerdict, cm_verdict, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM_ID,
  PROP_ASSESSMENT,
  PROP_RATIONALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_verdict_finalize (GObject *object)
{
  CmVerdict *self = CM_VERDICT (object);

  g_free (self->item_id);
  g_free (self->author);
  g_free (self->rationale);
  g_clear_pointer (&self->modified, g_date_time_unref);
  cm_extensions_free (self->extensions);

  G_OBJECT_CLASS (cm_verdict_parent_class)->finalize (object);
}

static void
cm_verdict_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CmVerdict *self = CM_VERDICT (object);

  switch (prop_id)
    {
    case PROP_ITEM_ID:
      g_value_set_string (value, self->item_id);
      break;
    case PROP_ASSESSMENT:
      g_value_set_enum (value, self->assessment);
      break;
    case PROP_RATIONALE:
      g_value_set_string (value, self->rationale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_verdict_class_init (CmVerdictClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_verdict_finalize;
  object_class->get_property = cm_verdict_get_property;

  properties[PROP_ITEM_ID] =
    g_param_spec_string ("item-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSESSMENT] =
    g_param_spec_enum ("assessment", NULL, NULL, CM_TYPE_ASSESSMENT, CM_ASSESSMENT_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATIONALE] =
    g_param_spec_string ("rationale", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_verdict_init (CmVerdict *self)
{
  self->extensions = cm_extensions_new ();
}

CmVerdict *
cm_verdict_new (const char   *item_id,
                CmAssessment  assessment,
                const char   *author)
{
  CmVerdict *self;

  g_return_val_if_fail (item_id != NULL, NULL);

  self = g_object_new (CM_TYPE_VERDICT, NULL);
  self->item_id = g_strdup (item_id);
  self->assessment = assessment;
  self->author = g_strdup (author);
  self->modified = g_date_time_new_now_utc ();
  return self;
}

CmVerdict *
cm_verdict_copy (CmVerdict *self)
{
  CmVerdict *copy;

  g_return_val_if_fail (CM_IS_VERDICT (self), NULL);

  copy = cm_verdict_new (self->item_id, self->assessment, self->author);
  copy->rationale = g_strdup (self->rationale);
  cm_verdict_set_modified (copy, self->modified);
  cm_extensions_free (copy->extensions);
  copy->extensions = cm_extensions_copy (self->extensions);
  return copy;
}

gboolean
cm_verdict_equal (CmVerdict *a,
                  CmVerdict *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return g_strcmp0 (a->item_id, b->item_id) == 0 && a->assessment == b->assessment
         && g_strcmp0 (a->author, b->author) == 0 && g_strcmp0 (a->rationale, b->rationale) == 0
         && ((a->modified == NULL && b->modified == NULL)
             || (a->modified != NULL && b->modified != NULL
                 && g_date_time_to_unix (a->modified) == g_date_time_to_unix (b->modified)))
         && cm_extensions_equal (a->extensions, b->extensions);
}

const char *
cm_verdict_get_item_id (CmVerdict *self)
{
  g_return_val_if_fail (CM_IS_VERDICT (self), NULL);
  return self->item_id;
}

CmAssessment
cm_verdict_get_assessment (CmVerdict *self)
{
  g_return_val_if_fail (CM_IS_VERDICT (self), CM_ASSESSMENT_NONE);
  return self->assessment;
}

void
cm_verdict_set_assessment (CmVerdict    *self,
                           CmAssessment  assessment)
{
  g_return_if_fail (CM_IS_VERDICT (self));
  self->assessment = assessment;
}

const char *
cm_verdict_get_author (CmVerdict *self)
{
  g_return_val_if_fail (CM_IS_VERDICT (self), NULL);
  return self->author;
}

void
cm_verdict_set_author (CmVerdict  *self,
                       const char *author)
{
  g_return_if_fail (CM_IS_VERDICT (self));
  g_free (self->author);
  self->author = g_strdup (author);
}

const char *
cm_verdict_get_rationale (CmVerdict *self)
{
  g_return_val_if_fail (CM_IS_VERDICT (self), NULL);
  return self->rationale;
}

void
cm_verdict_set_rationale (CmVerdict  *self,
                          const char *rationale)
{
  g_return_if_fail (CM_IS_VERDICT (self));
  g_free (self->rationale);
  self->rationale = (rationale != NULL && *rationale != '\0') ? g_strdup (rationale) : NULL;
}

GDateTime *
cm_verdict_get_modified (CmVerdict *self)
{
  g_return_val_if_fail (CM_IS_VERDICT (self), NULL);
  return self->modified;
}

void
cm_verdict_set_modified (CmVerdict *self,
                         GDateTime *modified)
{
  g_return_if_fail (CM_IS_VERDICT (self));
  if (modified != NULL)
    g_date_time_ref (modified);
  g_clear_pointer (&self->modified, g_date_time_unref);
  self->modified = modified;
}

CmExtensions *
cm_verdict_get_extensions (CmVerdict *self)
{
  g_return_val_if_fail (CM_IS_VERDICT (self), NULL);
  return self->extensions;
}
