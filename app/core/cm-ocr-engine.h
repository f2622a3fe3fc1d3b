/* cm-ocr-engine.h: the interface of plugins that recognize the words in a page image, and the words they find. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CM_OCR_ENGINE_EXTENSION_POINT "clausemark-ocr"

#define CM_OCR_ERROR (cm_ocr_error_quark ())

typedef enum
{
  CM_OCR_ERROR_UNAVAILABLE,   /* the engine's program or language data is not installed */
  CM_OCR_ERROR_FAILED,        /* the engine ran and failed (exit status, bad output) */
  CM_OCR_ERROR_TIMED_OUT,     /* the engine took longer than allowed for one page */
} CmOcrError;

GQuark        cm_ocr_error_quark         (void);

/* One recognized word: its text, its box in PDF points (origin at the top
 * left of the page, y growing downwards, as poppler's glyph boxes), the
 * engine's confidence (0..100) and the line it belongs to (words of one
 * line share the number; lines are numbered in reading order from 0). */
typedef struct _CmOcrWord CmOcrWord;

#define CM_TYPE_OCR_WORD (cm_ocr_word_get_type ())

GType         cm_ocr_word_get_type       (void) G_GNUC_CONST;
CmOcrWord    *cm_ocr_word_new            (const char       *text,
                                          double            x1,
                                          double            y1,
                                          double            x2,
                                          double            y2,
                                          double            confidence,
                                          guint             line);
CmOcrWord    *cm_ocr_word_copy           (const CmOcrWord  *self);
void          cm_ocr_word_free           (CmOcrWord        *self);
const char   *cm_ocr_word_get_text       (const CmOcrWord  *self);
void          cm_ocr_word_get_box        (const CmOcrWord  *self,
                                          double           *x1,
                                          double           *y1,
                                          double           *x2,
                                          double           *y2);
double        cm_ocr_word_get_confidence (const CmOcrWord  *self);
guint         cm_ocr_word_get_line       (const CmOcrWord  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmOcrWord, cm_ocr_word_free)

#define CM_TYPE_OCR_ENGINE (cm_ocr_engine_get_type ())

G_DECLARE_INTERFACE (CmOcrEngine, cm_ocr_engine, CM, OCR_ENGINE, GObject)

struct _CmOcrEngineInterface
{
  GTypeInterface parent_iface;

  const char *(*get_id)        (CmOcrEngine   *self);
  const char *(*get_label)     (CmOcrEngine   *self);
  /* Whether the engine can run here (its program and language data are
   * installed); FALSE with ERROR (CM_OCR_ERROR_UNAVAILABLE) saying what to
   * install. Cheap enough to call before offering OCR to the user. */
  gboolean    (*is_available)  (CmOcrEngine   *self,
                                GError       **error);
  /* A short description of the engine's version and language, recorded
   * with the text it produces ("tesseract 5.3.0, eng"). */
  char       *(*describe)      (CmOcrEngine   *self);
  /* Recognizes the words in the PNG image at IMAGE_PATH, a page rendered at
   * PIXELS_PER_POINT image pixels per PDF point. Returns (transfer full) a
   * GPtrArray of CmOcrWord (with a free function) in reading order, boxes
   * in PDF points; or NULL with ERROR set. Runs in a worker thread; must
   * give up promptly when CANCELLABLE is cancelled and never wait forever. */
  GPtrArray  *(*recognize)     (CmOcrEngine   *self,
                                const char    *image_path,
                                double         pixels_per_point,
                                GCancellable  *cancellable,
                                GError       **error);
  /* Optional: the languages the engine has data for, in its own codes
   * ("eng", "spa"), sorted; NULL when it cannot tell (not installed). */
  char      **(*list_languages) (CmOcrEngine  *self);
};

const char  *cm_ocr_engine_get_id        (CmOcrEngine   *self);
const char  *cm_ocr_engine_get_label     (CmOcrEngine   *self);
gboolean     cm_ocr_engine_is_available  (CmOcrEngine   *self,
                                          GError       **error);
char        *cm_ocr_engine_describe      (CmOcrEngine   *self);
char       **cm_ocr_engine_list_languages (CmOcrEngine  *self);
/* Sets the language(s) to recognize, in the engine's codes joined by '+'
 * ("eng+spa"), through its "language" property; NULL restores its
 * default. FALSE when the engine has no such property. */
gboolean     cm_ocr_engine_set_language  (CmOcrEngine   *self,
                                          const char    *language);
GPtrArray   *cm_ocr_engine_recognize     (CmOcrEngine   *self,
                                          const char    *image_path,
                                          double         pixels_per_point,
                                          GCancellable  *cancellable,
                                          GError       **error);

G_END_DECLS
