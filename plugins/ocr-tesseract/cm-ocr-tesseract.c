/* cm-ocr-tesseract.c: the "tesseract" OCR engine: runs the tesseract program on a page image and reads its TSV words. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include <clausemark.h>

/* Why the program and not libtesseract: the program is what Debian users
 * have (tesseract-ocr), its TSV output is stable across 4.x and 5.x, and a
 * crash or a runaway page costs a child process, not the window; a timeout
 * can always end it. One OpenMP thread per run: OCR runs beside rendering
 * and indexing, and tesseract's own threads gain little on one page. */

#define DEFAULT_LANGUAGE "eng"
#define DEFAULT_TIMEOUT 120
/* --version and --list-langs answer at once; anything slower is broken. */
#define QUERY_TIMEOUT 20
/* TSV columns: level page_num block_num par_num line_num word_num left top
 * width height conf text. */
#define TSV_COLUMNS 12
#define TSV_LEVEL_WORD 5

#define CM_TYPE_OCR_TESSERACT (cm_ocr_tesseract_get_type ())

G_DECLARE_FINAL_TYPE (CmOcrTesseract, cm_ocr_tesseract, CM, OCR_TESSERACT, GObject)

struct _CmOcrTesseract
{
  GObject  parent_instance;

  char    *program;    /* NULL: "tesseract" from $PATH */
  char    *language;
  guint    timeout;    /* seconds per page */

  /* What the program said about itself, asked once. */
  GMutex   lock;
  gboolean checked;
  GError  *unavailable;
  char    *version;
  GStrv    languages;  /* installed, sorted; NULL when the program does not run */
};

enum {
  PROP_0,
  PROP_PROGRAM,
  PROP_LANGUAGE,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void cm_ocr_tesseract_engine_iface_init (CmOcrEngineInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmOcrTesseract, cm_ocr_tesseract, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CM_TYPE_OCR_ENGINE, cm_ocr_tesseract_engine_iface_init))

/* Running the program ------------------------------------------------------ */

typedef struct
{
  GAsyncResult *result;
  GCancellable *cancellable;
  gboolean      timed_out;
} Run;

static void
communicate_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

static gboolean
run_timed_out (gpointer user_data)
{
  Run *run = user_data;

  run->timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

static void
forward_cancel (GCancellable *cancellable,
                gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Runs ARGV to completion, at most TIMEOUT seconds, giving up when
 * CANCELLABLE is cancelled; the output is read as it comes, so a chatty
 * child never blocks on a full pipe. */
static gboolean
run_program (const char * const  *argv,
             guint                timeout,
             GCancellable        *cancellable,
             char               **out,
             char               **err,
             int                 *exit_status,
             GError             **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSource) timer = NULL;
  Run run = { NULL, g_cancellable_new (), FALSE };
  gulong handler = 0;
  gboolean ok;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "OMP_THREAD_LIMIT", "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    {
      g_object_unref (run.cancellable);
      return FALSE;
    }

  g_main_context_push_thread_default (context);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), run.cancellable, NULL);
  timer = g_timeout_source_new_seconds (timeout);
  g_source_set_callback (timer, run_timed_out, &run, NULL);
  g_source_attach (timer, context);
  g_subprocess_communicate_utf8_async (process, NULL, run.cancellable, communicate_done, &run);
  while (run.result == NULL)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timer);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  ok = g_subprocess_communicate_utf8_finish (process, run.result, out, err, &local_error);
  g_main_context_pop_thread_default (context);
  g_object_unref (run.result);
  g_object_unref (run.cancellable);

  if (!ok)
    {
      /* Stopped early (timeout, cancellation) or unreadable output: the
       * child must not outlive the page it was working on. */
      g_subprocess_force_exit (process);
      if (run.timed_out)
        g_set_error (error, CM_OCR_ERROR, CM_OCR_ERROR_TIMED_OUT,
                     _("tesseract took longer than %u seconds and was stopped"), timeout);
      else if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_set_error_if_cancelled (cancellable, error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return TRUE;
}

/* The last non-empty line of tesseract's stderr: its reason, usually. */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      g_strstrip (lines[i - 1]);
      if (*lines[i - 1] != '\0')
        return g_strdup (lines[i - 1]);
    }
  return g_strdup (_("no message"));
}

static const char *
program_name (CmOcrTesseract *self)
{
  return self->program != NULL ? self->program : "tesseract";
}

/* Availability ------------------------------------------------------------- */

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
check_program (CmOcrTesseract *self)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) wanted = NULL;
  g_autoptr(GStrvBuilder) installed = g_strv_builder_new ();
  int status = -1;

  path = self->program != NULL ? g_strdup (self->program) : g_find_program_in_path ("tesseract");
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (&self->unavailable, CM_OCR_ERROR, CM_OCR_ERROR_UNAVAILABLE,
                   _("The tesseract program is not installed (%s not found); install the "
                     "tesseract-ocr and tesseract-ocr-%s packages to recognize scanned pages"),
                   program_name (self), self->language);
      return;
    }

  {
    const char *argv[] = { path, "--version", NULL };

    if (run_program (argv, QUERY_TIMEOUT, NULL, &out, &err, &status, NULL) && status == 0)
      {
        /* "tesseract 5.3.0" on the first line (of stdout, or of stderr for 4.0). */
        const char *text = out != NULL && g_str_has_prefix (out, "tesseract") ? out : err;
        g_auto(GStrv) version_lines = g_strsplit (text != NULL ? text : "", "\n", 2);

        if (version_lines[0] != NULL)
          self->version = g_strdup (g_strstrip (version_lines[0]));
      }
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *argv[] = { path, "--list-langs", NULL };

    if (!run_program (argv, QUERY_TIMEOUT, NULL, &out, &err, &status, NULL) || status != 0)
      {
        g_autofree char *reason = last_line (err);

        g_set_error (&self->unavailable, CM_OCR_ERROR, CM_OCR_ERROR_UNAVAILABLE,
                     _("%s does not run (%s); reinstall the tesseract-ocr package"),
                     path, reason);
        return;
      }
  }
  /* "List of available languages in "…" (2):" then one per line; "osd"
   * (orientation and script detection) is no language. */
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *code = g_strstrip (lines[i]);

      if (code[0] != '\0' && !g_str_equal (code, "osd"))
        g_strv_builder_add (installed, code);
    }
  self->languages = g_strv_builder_end (installed);
  qsort (self->languages, g_strv_length (self->languages), sizeof (char *), compare_strings);

  /* "eng+spa": every part must be installed. */
  wanted = g_strsplit (self->language, "+", -1);
  for (guint i = 0; wanted[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) self->languages, wanted[i]))
      {
        g_set_error (&self->unavailable, CM_OCR_ERROR, CM_OCR_ERROR_UNAVAILABLE,
                     _("tesseract has no data for the language “%s”; install the "
                       "tesseract-ocr-%s package"), wanted[i], wanted[i]);
        return;
      }
}

static void
ensure_checked (CmOcrTesseract *self)
{
  g_mutex_lock (&self->lock);
  if (!self->checked)
    {
      check_program (self);
      self->checked = TRUE;
    }
  g_mutex_unlock (&self->lock);
}

static char **
cm_ocr_tesseract_list_languages (CmOcrEngine *engine)
{
  CmOcrTesseract *self = CM_OCR_TESSERACT (engine);
  char **languages;

  ensure_checked (self);
  g_mutex_lock (&self->lock);
  languages = g_strdupv (self->languages);
  g_mutex_unlock (&self->lock);
  return languages;
}

static gboolean
cm_ocr_tesseract_is_available (CmOcrEngine  *engine,
                               GError      **error)
{
  CmOcrTesseract *self = CM_OCR_TESSERACT (engine);

  ensure_checked (self);
  if (self->unavailable != NULL)
    {
      g_propagate_error (error, g_error_copy (self->unavailable));
      return FALSE;
    }
  return TRUE;
}

static char *
cm_ocr_tesseract_describe (CmOcrEngine *engine)
{
  CmOcrTesseract *self = CM_OCR_TESSERACT (engine);

  ensure_checked (self);
  return g_strdup_printf ("%s, %s", self->version != NULL ? self->version : "tesseract",
                          self->language);
}

static const char *
cm_ocr_tesseract_get_id (CmOcrEngine *engine)
{
  return "tesseract";
}

static const char *
cm_ocr_tesseract_get_label (CmOcrEngine *engine)
{
  return _("Tesseract OCR");
}

/* Reading the words -------------------------------------------------------- */

static gboolean
parse_int (const char *text,
           gint64     *value)
{
  char *end = NULL;

  *value = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0';
}

/* Words (level 5 rows) of tesseract's TSV, in its reading order, boxes from
 * pixels at PIXELS_PER_POINT to PDF points; lines numbered by their
 * (block, paragraph, line) key. NULL when the output is not TSV. */
static GPtrArray *
parse_tsv (const char *tsv,
           double      pixels_per_point)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_ocr_word_free);
  g_auto(GStrv) rows = g_strsplit (tsv, "\n", -1);
  gint64 last_key[3] = { -1, -1, -1 };
  guint line = 0;
  gboolean header = FALSE, first_line = TRUE;

  for (guint r = 0; rows[r] != NULL; r++)
    {
      g_auto(GStrv) fields = NULL;
      gint64 numbers[TSV_COLUMNS - 2];
      double confidence;
      char *end = NULL;
      char *text;

      g_strchomp (rows[r]);
      if (rows[r][0] == '\0')
        continue;
      if (g_str_has_prefix (rows[r], "level\t"))
        {
          header = TRUE;
          continue;
        }
      fields = g_strsplit (rows[r], "\t", TSV_COLUMNS);
      if (g_strv_length (fields) < TSV_COLUMNS - 1)
        return NULL;
      for (guint f = 0; f < TSV_COLUMNS - 2; f++)
        if (!parse_int (fields[f], &numbers[f]))
          return NULL;
      if (numbers[0] != TSV_LEVEL_WORD)
        continue;
      confidence = g_ascii_strtod (fields[10], &end);
      text = fields[11] != NULL ? g_strstrip (fields[11]) : NULL;
      /* Confidence -1 marks rows that hold no word. */
      if (text == NULL || *text == '\0' || end == fields[10] || confidence < 0)
        continue;
      if (first_line || numbers[2] != last_key[0] || numbers[3] != last_key[1]
          || numbers[4] != last_key[2])
        {
          if (!first_line)
            line++;
          first_line = FALSE;
          last_key[0] = numbers[2];
          last_key[1] = numbers[3];
          last_key[2] = numbers[4];
        }
      g_ptr_array_add (words, cm_ocr_word_new (text,
                                               numbers[6] / pixels_per_point,
                                               numbers[7] / pixels_per_point,
                                               (numbers[6] + numbers[8]) / pixels_per_point,
                                               (numbers[7] + numbers[9]) / pixels_per_point,
                                               confidence, line));
    }
  if (!header)
    return NULL;
  return g_steal_pointer (&words);
}

static GPtrArray *
cm_ocr_tesseract_recognize (CmOcrEngine   *engine,
                            const char    *image_path,
                            double         pixels_per_point,
                            GCancellable  *cancellable,
                            GError       **error)
{
  CmOcrTesseract *self = CM_OCR_TESSERACT (engine);
  g_autofree char *path = NULL;
  g_autofree char *dpi = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *words;
  int status = -1;

  if (!cm_ocr_tesseract_is_available (engine, error))
    return NULL;

  path = self->program != NULL ? g_strdup (self->program) : g_find_program_in_path ("tesseract");
  dpi = g_strdup_printf ("%d", (int) (pixels_per_point * 72.0 + 0.5));
  {
    /* Fully automatic page segmentation (columns, blocks), as for a page
     * of an ordinance; the resolution is given, not guessed from the image. */
    const char *argv[] = { path, image_path, "stdout", "-l", self->language, "--dpi", dpi,
                           "--psm", "3", "tsv", NULL };

    if (!run_program (argv, self->timeout, cancellable, &out, &err, &status, &local_error))
      {
        if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
            || g_error_matches (local_error, CM_OCR_ERROR, CM_OCR_ERROR_TIMED_OUT))
          g_propagate_error (error, g_steal_pointer (&local_error));
        else
          g_set_error (error, CM_OCR_ERROR, CM_OCR_ERROR_FAILED,
                       _("tesseract could not be run: %s"), local_error->message);
        return NULL;
      }
  }
  if (status != 0)
    {
      g_autofree char *reason = last_line (err);

      g_set_error (error, CM_OCR_ERROR, CM_OCR_ERROR_FAILED,
                   _("tesseract failed on the page image (exit status %d: %s)"), status, reason);
      return NULL;
    }
  words = parse_tsv (out != NULL ? out : "", pixels_per_point);
  if (words == NULL)
    g_set_error (error, CM_OCR_ERROR, CM_OCR_ERROR_FAILED,
                 _("tesseract wrote something other than its TSV word list; "
                   "check that the tesseract-ocr package is version 4 or later"));
  return words;
}

static void
cm_ocr_tesseract_engine_iface_init (CmOcrEngineInterface *iface)
{
  iface->get_id = cm_ocr_tesseract_get_id;
  iface->get_label = cm_ocr_tesseract_get_label;
  iface->is_available = cm_ocr_tesseract_is_available;
  iface->describe = cm_ocr_tesseract_describe;
  iface->recognize = cm_ocr_tesseract_recognize;
  iface->list_languages = cm_ocr_tesseract_list_languages;
}

/* GObject ------------------------------------------------------------------ */

static void
cm_ocr_tesseract_finalize (GObject *object)
{
  CmOcrTesseract *self = CM_OCR_TESSERACT (object);

  g_free (self->program);
  g_free (self->language);
  g_free (self->version);
  g_strfreev (self->languages);
  g_clear_error (&self->unavailable);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cm_ocr_tesseract_parent_class)->finalize (object);
}

static void
cm_ocr_tesseract_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CmOcrTesseract *self = CM_OCR_TESSERACT (object);

  switch (prop_id)
    {
    case PROP_PROGRAM:
      g_value_set_string (value, self->program);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A different program or language must be checked again. */
static void
forget_check (CmOcrTesseract *self)
{
  g_mutex_lock (&self->lock);
  self->checked = FALSE;
  g_clear_error (&self->unavailable);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->languages, g_strfreev);
  g_mutex_unlock (&self->lock);
}

static void
cm_ocr_tesseract_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CmOcrTesseract *self = CM_OCR_TESSERACT (object);

  switch (prop_id)
    {
    case PROP_PROGRAM:
      g_free (self->program);
      self->program = g_value_dup_string (value);
      forget_check (self);
      break;
    case PROP_LANGUAGE:
      g_free (self->language);
      self->language = g_strdup (g_value_get_string (value) != NULL ? g_value_get_string (value)
                                                                    : DEFAULT_LANGUAGE);
      forget_check (self);
      break;
    case PROP_TIMEOUT:
      self->timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_ocr_tesseract_class_init (CmOcrTesseractClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_ocr_tesseract_finalize;
  object_class->get_property = cm_ocr_tesseract_get_property;
  object_class->set_property = cm_ocr_tesseract_set_property;

  /* The program to run; NULL finds "tesseract" in $PATH. */
  properties[PROP_PROGRAM] =
    g_param_spec_string ("program", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* Tesseract's language code ("eng", "spa", "eng+spa"). */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, DEFAULT_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* Seconds one page may take before tesseract is stopped. */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_ocr_tesseract_init (CmOcrTesseract *self)
{
  g_mutex_init (&self->lock);
  self->language = g_strdup (DEFAULT_LANGUAGE);
  self->timeout = DEFAULT_TIMEOUT;
}

/* Module entry points ------------------------------------------------------ */

CM_DEFINE_PLUGIN_MODULE (CM_OCR_ENGINE_EXTENSION_POINT, CM_TYPE_OCR_TESSERACT, "tesseract", 10)
