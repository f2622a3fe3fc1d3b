/* cm-ocr-engine.c: the interface of plugins that recognize the words in a page image, and CmOcrWord. */
#include "config.h"

#include "cm-ocr-engine.h"

G_DEFINE_QUARK (cm-ocr-error-quark, cm_ocr_error)

struct _CmOcrWord
{
  char   *text;
  double  x1;
  double  y1;
  double  x2;
  double  y2;
  double  confidence;
  guint   line;
};

G_DEFINE_BOXED_TYPE (CmOcrWord, cm_ocr_word, cm_ocr_word_copy, cm_ocr_word_free)

CmOcrWord *
cm_ocr_word_new (const char *text,
                 double      x1,
                 double      y1,
                 double      x2,
                 double      y2,
                 double      confidence,
                 guint       line)
{
  CmOcrWord *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (CmOcrWord, 1);
  self->text = g_strdup (text);
  /* Engines differ in which corner they start from; keep x1 <= x2, y1 <= y2. */
  self->x1 = MIN (x1, x2);
  self->y1 = MIN (y1, y2);
  self->x2 = MAX (x1, x2);
  self->y2 = MAX (y1, y2);
  self->confidence = CLAMP (confidence, 0.0, 100.0);
  self->line = line;
  return self;
}

CmOcrWord *
cm_ocr_word_copy (const CmOcrWord *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return cm_ocr_word_new (self->text, self->x1, self->y1, self->x2, self->y2,
                          self->confidence, self->line);
}

void
cm_ocr_word_free (CmOcrWord *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

const char *
cm_ocr_word_get_text (const CmOcrWord *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

void
cm_ocr_word_get_box (const CmOcrWord *self,
                     double          *x1,
                     double          *y1,
                     double          *x2,
                     double          *y2)
{
  g_return_if_fail (self != NULL);

  if (x1 != NULL)
    *x1 = self->x1;
  if (y1 != NULL)
    *y1 = self->y1;
  if (x2 != NULL)
    *x2 = self->x2;
  if (y2 != NULL)
    *y2 = self->y2;
}

double
cm_ocr_word_get_confidence (const CmOcrWord *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->confidence;
}

guint
cm_ocr_word_get_line (const CmOcrWord *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->line;
}

G_DEFINE_INTERFACE (CmOcrEngine, cm_ocr_engine, G_TYPE_OBJECT)

static void
cm_ocr_engine_default_init (CmOcrEngineInterface *iface)
{
}

const char *
cm_ocr_engine_get_id (CmOcrEngine *self)
{
  g_return_val_if_fail (CM_IS_OCR_ENGINE (self), NULL);
  return CM_OCR_ENGINE_GET_IFACE (self)->get_id (self);
}

const char *
cm_ocr_engine_get_label (CmOcrEngine *self)
{
  g_return_val_if_fail (CM_IS_OCR_ENGINE (self), NULL);
  return CM_OCR_ENGINE_GET_IFACE (self)->get_label (self);
}

gboolean
cm_ocr_engine_is_available (CmOcrEngine  *self,
                            GError      **error)
{
  CmOcrEngineInterface *iface;

  g_return_val_if_fail (CM_IS_OCR_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = CM_OCR_ENGINE_GET_IFACE (self);
  if (iface->is_available == NULL)
    return TRUE;
  return iface->is_available (self, error);
}

char *
cm_ocr_engine_describe (CmOcrEngine *self)
{
  CmOcrEngineInterface *iface;

  g_return_val_if_fail (CM_IS_OCR_ENGINE (self), NULL);

  iface = CM_OCR_ENGINE_GET_IFACE (self);
  if (iface->describe == NULL)
    return g_strdup (iface->get_id (self));
  return iface->describe (self);
}

char **
cm_ocr_engine_list_languages (CmOcrEngine *self)
{
  CmOcrEngineInterface *iface;

  g_return_val_if_fail (CM_IS_OCR_ENGINE (self), NULL);

  iface = CM_OCR_ENGINE_GET_IFACE (self);
  return iface->list_languages != NULL ? iface->list_languages (self) : NULL;
}

gboolean
cm_ocr_engine_set_language (CmOcrEngine *self,
                            const char  *language)
{
  GParamSpec *pspec;

  g_return_val_if_fail (CM_IS_OCR_ENGINE (self), FALSE);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), "language");
  if (pspec == NULL || pspec->value_type != G_TYPE_STRING)
    return FALSE;
  g_object_set (self, "language", language, NULL);
  return TRUE;
}

GPtrArray *
cm_ocr_engine_recognize (CmOcrEngine   *self,
                         const char    *image_path,
                         double         pixels_per_point,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (CM_IS_OCR_ENGINE (self), NULL);
  g_return_val_if_fail (image_path != NULL, NULL);
  g_return_val_if_fail (pixels_per_point > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return CM_OCR_ENGINE_GET_IFACE (self)->recognize (self, image_path, pixels_per_point,
                                                    cancellable, error);
}
