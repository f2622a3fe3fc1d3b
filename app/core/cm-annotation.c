/* cm-annotation.c: one tagged clause (anchor, item, assessment, note, replies) and its replies. */
#include "config.h"

#include "cm-annotation.h"

struct _CmReply
{
  char      *id;
  char      *author;
  GDateTime *created;
  char      *text;
  char      *in_reply_to;
};

G_DEFINE_BOXED_TYPE (CmReply, cm_reply, cm_reply_copy, cm_reply_free)

CmReply *
cm_reply_new (const char *id,
              const char *author,
              GDateTime  *created,
              const char *text)
{
  CmReply *self = g_new0 (CmReply, 1);

  self->id = id ? g_strdup (id) : g_uuid_string_random ();
  self->author = g_strdup (author);
  self->created = created ? g_date_time_ref (created) : g_date_time_new_now_utc ();
  self->text = g_strdup (text ? text : "");
  return self;
}

CmReply *
cm_reply_copy (const CmReply *self)
{
  CmReply *copy = cm_reply_new (self->id, self->author, self->created, self->text);

  copy->in_reply_to = g_strdup (self->in_reply_to);
  return copy;
}

void
cm_reply_free (CmReply *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->author);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->text);
  g_free (self->in_reply_to);
  g_free (self);
}

/* g_set_str() is newer than GLib 2.74. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
set_interned (const char **field,
              const char  *value)
{
  const char *interned = g_intern_string (value);

  if (*field == interned)
    return FALSE;
  *field = interned;
  return TRUE;
}

static gboolean
date_time_equal (GDateTime *a,
                 GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  /* The sidecar keeps whole seconds. */
  return g_date_time_to_unix (a) == g_date_time_to_unix (b);
}

gboolean
cm_reply_equal (const CmReply *a,
                const CmReply *b)
{
  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->author, b->author) == 0
         && date_time_equal (a->created, b->created) && g_strcmp0 (a->text, b->text) == 0
         && g_strcmp0 (a->in_reply_to, b->in_reply_to) == 0;
}

const char *
cm_reply_get_id (const CmReply *self)
{
  return self->id;
}

const char *
cm_reply_get_author (const CmReply *self)
{
  return self->author;
}

GDateTime *
cm_reply_get_created (const CmReply *self)
{
  return self->created;
}

const char *
cm_reply_get_text (const CmReply *self)
{
  return self->text;
}

const char *
cm_reply_get_in_reply_to (const CmReply *self)
{
  return self->in_reply_to;
}

void
cm_reply_set_in_reply_to (CmReply    *self,
                          const char *id)
{
  g_free (self->in_reply_to);
  self->in_reply_to = g_strdup (id);
}

struct _CmAnnotation
{
  GObject       parent_instance;

  char         *id;
  /* Authors, item ids and sections repeat across thousands of annotations:
   * interned (g_intern_string), never freed. */
  const char   *author;
  GDateTime    *created;
  GDateTime    *modified;
  CmAnchor     *anchor;
  const char   *item_id;
  CmAssessment  assessment;
  char         *note;
  const char   *section;
  GPtrArray    *replies;      /* NULL until the first reply */
  CmExtensions *extensions;
};

G_DEFINE_FINAL_TYPE (CmAnnotation, cm_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AUTHOR,
  PROP_ITEM_ID,
  PROP_ASSESSMENT,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_annotation_finalize (GObject *object)
{
  CmAnnotation *self = CM_ANNOTATION (object);

  g_free (self->id);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->anchor, cm_anchor_free);
  g_free (self->note);
  g_clear_pointer (&self->replies, g_ptr_array_unref);
  cm_extensions_free (self->extensions);

  G_OBJECT_CLASS (cm_annotation_parent_class)->finalize (object);
}

static void
cm_annotation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CmAnnotation *self = CM_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    case PROP_ITEM_ID:
      g_value_set_string (value, self->item_id);
      break;
    case PROP_ASSESSMENT:
      g_value_set_enum (value, self->assessment);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_annotation_class_init (CmAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_annotation_finalize;
  object_class->get_property = cm_annotation_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_ID] =
    g_param_spec_string ("item-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSESSMENT] =
    g_param_spec_enum ("assessment", NULL, NULL, CM_TYPE_ASSESSMENT, CM_ASSESSMENT_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_annotation_init (CmAnnotation *self)
{
  /* Extensions come on first use: a large review has 100,000 annotations
   * and almost never any foreign content. */
}

CmAnnotation *
cm_annotation_new (const char *id,
                   const char *author,
                   GDateTime  *created)
{
  CmAnnotation *self = g_object_new (CM_TYPE_ANNOTATION, NULL);

  self->id = id ? g_strdup (id) : g_uuid_string_random ();
  self->author = g_intern_string (author);
  self->created = created ? g_date_time_ref (created) : g_date_time_new_now_utc ();
  self->modified = g_date_time_ref (self->created);
  return self;
}

CmAnnotation *
cm_annotation_copy (CmAnnotation *self)
{
  CmAnnotation *copy;

  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);

  copy = cm_annotation_new (self->id, self->author, self->created);
  g_clear_pointer (&copy->modified, g_date_time_unref);
  copy->modified = self->modified ? g_date_time_ref (self->modified) : NULL;
  copy->anchor = self->anchor ? cm_anchor_copy (self->anchor) : NULL;
  copy->item_id = self->item_id;
  copy->assessment = self->assessment;
  copy->note = g_strdup (self->note);
  copy->section = self->section;
  for (guint i = 0; self->replies != NULL && i < self->replies->len; i++)
    cm_annotation_add_reply (copy, cm_reply_copy (g_ptr_array_index (self->replies, i)));
  copy->extensions = self->extensions ? cm_extensions_copy (self->extensions) : NULL;
  return copy;
}

gboolean
cm_annotation_equal (CmAnnotation *a,
                     CmAnnotation *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (g_strcmp0 (a->id, b->id) != 0 || g_strcmp0 (a->author, b->author) != 0
      || !date_time_equal (a->created, b->created) || !date_time_equal (a->modified, b->modified)
      || g_strcmp0 (a->item_id, b->item_id) != 0 || a->assessment != b->assessment
      || g_strcmp0 (a->note, b->note) != 0 || g_strcmp0 (a->section, b->section) != 0
      || cm_annotation_get_replies (a)->len != cm_annotation_get_replies (b)->len)
    return FALSE;
  if ((a->anchor == NULL) != (b->anchor == NULL)
      || (a->anchor != NULL && !cm_anchor_equal (a->anchor, b->anchor)))
    return FALSE;
  for (guint i = 0; a->replies != NULL && i < a->replies->len; i++)
    if (!cm_reply_equal (g_ptr_array_index (a->replies, i), g_ptr_array_index (b->replies, i)))
      return FALSE;
  return cm_extensions_equal (a->extensions, b->extensions);
}

const char *
cm_annotation_get_id (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->id;
}

const char *
cm_annotation_get_author (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->author;
}

void
cm_annotation_set_author (CmAnnotation *self,
                          const char   *author)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  if (set_interned (&self->author, author))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR]);
}

GDateTime *
cm_annotation_get_created (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->created;
}

GDateTime *
cm_annotation_get_modified (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->modified;
}

void
cm_annotation_set_modified (CmAnnotation *self,
                            GDateTime    *modified)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  if (modified != NULL)
    g_date_time_ref (modified);
  g_clear_pointer (&self->modified, g_date_time_unref);
  self->modified = modified;
}

void
cm_annotation_touch (CmAnnotation *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  cm_annotation_set_modified (self, now);
}

CmAnchor *
cm_annotation_get_anchor (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->anchor;
}

void
cm_annotation_set_anchor (CmAnnotation   *self,
                          const CmAnchor *anchor)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  g_clear_pointer (&self->anchor, cm_anchor_free);
  self->anchor = anchor ? cm_anchor_copy (anchor) : NULL;
}

void
cm_annotation_take_anchor (CmAnnotation *self,
                           CmAnchor     *anchor)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  if (anchor == self->anchor)
    return;
  g_clear_pointer (&self->anchor, cm_anchor_free);
  self->anchor = anchor;
}

const char *
cm_annotation_get_item_id (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->item_id;
}

void
cm_annotation_set_item_id (CmAnnotation *self,
                           const char   *item_id)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  if (item_id != NULL && *item_id == '\0')
    item_id = NULL;
  if (set_interned (&self->item_id, item_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM_ID]);
}

CmAssessment
cm_annotation_get_assessment (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), CM_ASSESSMENT_NONE);
  return self->assessment;
}

void
cm_annotation_set_assessment (CmAnnotation *self,
                              CmAssessment  assessment)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  if (self->assessment != assessment)
    {
      self->assessment = assessment;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSESSMENT]);
    }
}

const char *
cm_annotation_get_note (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->note;
}

void
cm_annotation_set_note (CmAnnotation *self,
                        const char   *note)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  if (note != NULL && *note == '\0')
    note = NULL;
  if (set_string (&self->note, note))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

const char *
cm_annotation_get_section (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->section;
}

void
cm_annotation_set_section (CmAnnotation *self,
                           const char   *section)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  set_interned (&self->section, section);
}

GPtrArray *
cm_annotation_get_replies (CmAnnotation *self)
{
  static GPtrArray *no_replies;

  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);

  if (self->replies != NULL)
    return self->replies;
  /* One shared empty array for the many annotations without replies;
   * callers only read it (cm_annotation_add_reply() adds). */
  if (g_once_init_enter (&no_replies))
    g_once_init_leave (&no_replies, g_ptr_array_new ());
  return no_replies;
}

void
cm_annotation_add_reply (CmAnnotation *self,
                         CmReply      *reply)
{
  g_return_if_fail (CM_IS_ANNOTATION (self));
  if (self->replies == NULL)
    self->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_reply_free);
  g_ptr_array_add (self->replies, reply);
}

CmExtensions *
cm_annotation_get_extensions (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  if (self->extensions == NULL)
    self->extensions = cm_extensions_new ();
  return self->extensions;
}

const CmExtensions *
cm_annotation_peek_extensions (CmAnnotation *self)
{
  g_return_val_if_fail (CM_IS_ANNOTATION (self), NULL);
  return self->extensions;
}

int
cm_annotation_compare (CmAnnotation *a,
                       CmAnnotation *b)
{
  guint page_a = a->anchor ? cm_anchor_get_page (a->anchor) : G_MAXUINT;
  guint page_b = b->anchor ? cm_anchor_get_page (b->anchor) : G_MAXUINT;
  guint start_a = a->anchor ? cm_anchor_get_start (a->anchor) : G_MAXUINT;
  guint start_b = b->anchor ? cm_anchor_get_start (b->anchor) : G_MAXUINT;

  if (page_a != page_b)
    return page_a < page_b ? -1 : 1;
  if (start_a != start_b)
    return start_a < start_b ? -1 : 1;
  return g_strcmp0 (a->id, b->id);
}
