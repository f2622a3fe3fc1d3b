/* cm-document.c: opening a PDF with poppler-glib, its identity and metadata, and per-page text with glyph boxes. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-background.h"
#include "cm-checksum-private.h"
#include "cm-document.h"
#include "cm-poppler-private.h"

/* Ordinances are small; anything past this is a mistake or an attack. */
#define CM_DOCUMENT_MAX_BYTES (G_GUINT64_CONSTANT (1) << 30)
/* The PDF header may be preceded by junk, but not by much (Acrobat looks at
 * the first 1024 bytes too). */
#define CM_DOCUMENT_HEADER_WINDOW 1024
/* Past this size, scanning for bombs takes longer than starting a thread. */
#define THREADED_SCAN_BYTES (1024 * 1024)
/* A JBIG2 bitmap bigger than this (in pixels, 128 MiB at one bit each) is
 * not a page scan but a decompression bomb. */
#define CM_DOCUMENT_MAX_JBIG2_PIXELS (G_GUINT64_CONSTANT (1) << 30)

struct _CmDocument
{
  GObject          parent_instance;

  GFile           *file;
  GBytes          *bytes;
  char            *password;
  PopplerDocument *poppler;
  char            *title;
  char            *pdf_id;
  guint            n_pages;

  /* The hash and the page sizes are not needed to show the first page, and
   * on a 2,000-page code they cost more than showing it: the hash is
   * computed on first use (in the window, by the thread that reads the
   * text, once the first page is on screen: on two cores a hashing thread
   * started at open time slowed poppler's open and page 1 by half); the
   * sizes are read on first use (or ahead, by cm_document_load_page_sizes_async())
   * with a poppler document of their own, since poppler is not thread-safe.
   * Until then page 1's size stands in for every page. */
  GMutex           lock;
  char            *sha256;
  double           first_page_size[2];
  /* Width and height of every page; set once, then read without the lock. */
  double          *page_sizes;
};

G_DEFINE_FINAL_TYPE (CmDocument, cm_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_N_PAGES,
  PROP_TITLE,
  PROP_SHA256,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (cm-document-error-quark, cm_document_error)

static void
cm_document_finalize (GObject *object)
{
  CmDocument *self = (CmDocument *) object;

  g_clear_object (&self->file);
  g_clear_object (&self->poppler);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->pdf_id, g_free);
  g_clear_pointer (&self->page_sizes, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cm_document_parent_class)->finalize (object);
}

static void
cm_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CmDocument *self = CM_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SHA256:
      g_value_set_string (value, cm_document_get_sha256 (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_document_class_init (CmDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_document_finalize;
  object_class->get_property = cm_document_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_document_init (CmDocument *self)
{
  g_mutex_init (&self->lock);
}

static char *
describe_file (GFile *file)
{
  return g_file_get_parse_name (file);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Reads the segment headers of an embedded JBIG2 stream and reports the
 * largest bitmap its page-information and region segments declare. Poppler
 * allocates and decodes such bitmaps in full before anything else happens,
 * even for text extraction, and cannot be interrupted while it does. */
static guint64
jbig2_largest_bitmap (const guint8 *data,
                      gsize         length)
{
  guint64 largest = 0;
  gsize pos = 0;

  for (guint segments = 0; segments < 64 && pos + 11 <= length; segments++)
    {
      guint32 number = read_be32 (data + pos);
      guint8 flags = data[pos + 4];
      guint type = flags & 0x3f;
      gsize page_assoc_size = (flags & 0x40) ? 4 : 1;
      guint64 n_referred;
      gsize referred_size;
      guint32 data_length;

      pos += 5;
      n_referred = data[pos] >> 5;
      if (n_referred == 7)
        {
          if (pos + 4 > length)
            break;
          n_referred = read_be32 (data + pos) & 0x1fffffff;
          pos += 4 + (n_referred + 8) / 8;
        }
      else
        pos += 1;
      referred_size = number <= 256 ? 1 : number <= 65536 ? 2 : 4;
      pos += n_referred * referred_size + page_assoc_size;
      if (pos + 4 > length)
        break;
      data_length = read_be32 (data + pos);
      pos += 4;

      /* Page information (48) and the intermediate/immediate region
       * segments all start with width and height. */
      if (type == 48 || type == 4 || type == 6 || type == 7 || type == 20 ||
          type == 22 || type == 23 || type == 36 || type == 38 || type == 39 ||
          type == 40 || type == 42 || type == 43)
        {
          guint32 width, height;

          if (pos + 8 > length)
            break;
          width = read_be32 (data + pos);
          height = read_be32 (data + pos + 4);
          /* 0xffffffff is "height not yet known" (striped pages). */
          if (height != 0xffffffff)
            largest = MAX (largest, (guint64) width * height);
        }
      if (data_length == 0xffffffff || data_length > length - pos)
        break;
      pos += data_length;
    }

  return largest;
}

/* Looks for JBIG2 streams that would make poppler decode an absurd bitmap.
 * This only sees streams stored as plain objects, not those hidden inside
 * compressed object streams; it is a guard against known bombs, not a proof. */
static gboolean
contains_decompression_bomb (const guint8 *data,
                             gsize         length,
                             guint64      *pixels)
{
  static const char filter[] = "/JBIG2Decode";
  const guint8 *end = data + length;
  const guint8 *p = data;

  while (p < end && (p = memmem (p, end - p, filter, sizeof filter - 1)) != NULL)
    {
      const guint8 *window_end;
      const guint8 *stream;

      p += sizeof filter - 1;
      window_end = p + MIN ((gsize) (end - p), 4096);
      stream = memmem (p, window_end - p, "stream", 6);
      if (stream == NULL)
        continue;
      stream += 6;
      if (stream < end && *stream == '\r')
        stream++;
      if (stream < end && *stream == '\n')
        stream++;

      *pixels = jbig2_largest_bitmap (stream, end - stream);
      if (*pixels > CM_DOCUMENT_MAX_JBIG2_PIXELS)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  guint64       pixels;
  gboolean      bomb;
} BombScan;

static gpointer
scan_for_bomb (gpointer data)
{
  BombScan *scan = data;

  scan->bomb = contains_decompression_bomb (scan->data, scan->length, &scan->pixels);
  return NULL;
}

/* "%PDF-" and a version digit: prose that merely mentions "%PDF-" (a text
 * file renamed to .pdf, say) is not a header. */
static gboolean
looks_like_pdf (GBytes *bytes)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  const guint8 *end = data + MIN (length, CM_DOCUMENT_HEADER_WINDOW);

  for (const guint8 *p = data; p < end; p++)
    {
      p = memmem (p, end - p, "%PDF-", 5);
      if (p == NULL)
        return FALSE;
      if (p + 5 < end && g_ascii_isdigit (p[5]))
        return TRUE;
    }
  return FALSE;
}

static char *
bytes_to_hex (const char *data,
              gsize       length)
{
  GString *hex = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", (guint8) data[i]);
  return g_string_free (hex, FALSE);
}

/* poppler_document_get_id() hands back the permanent ID already written as
 * 32 hexadecimal digits, without a terminating NUL. */
static char *
read_pdf_id (PopplerDocument *poppler)
{
  g_autofree char *permanent = NULL;

  if (!poppler_document_get_id (poppler, &permanent, NULL) || permanent == NULL)
    return NULL;

  for (guint i = 0; i < 32; i++)
    if (!g_ascii_isxdigit (permanent[i]))
      return bytes_to_hex (permanent, 32);

  return g_ascii_strdown (permanent, 32);
}

static char *
read_title (PopplerDocument *poppler)
{
  g_autofree char *title = poppler_document_get_title (poppler);

  if (title == NULL)
    return NULL;
  g_strstrip (title);
  if (*title == '\0' || !g_utf8_validate (title, -1, NULL))
    return NULL;
  return g_steal_pointer (&title);
}

/* A local file in one read() into a buffer of its size (GIO's loader grows
 * its buffer 8 KiB at a time: milliseconds on a long ordinance, before its
 * first page can show). Not mapped: a file truncated in place while mapped
 * would crash us on the next page. */
static GBytes *
read_whole_file (GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char *path = g_file_peek_path (file);
  char *contents = NULL;
  gsize length = 0;

  if (path == NULL)
    return g_file_load_bytes (file, cancellable, NULL, error);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return g_bytes_new_take (contents, length);
}

static GBytes *
load_bytes (GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = describe_file (file);
  GBytes *bytes;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_FOUND,
                     _("“%s” does not exist. Check the name and folder."), name);
      else
        g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_FOUND,
                     _("“%s” cannot be read: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_FOUND,
                   _("“%s” is a folder, not a PDF file. Choose a PDF inside it."), name);
      return NULL;
    }

  if ((guint64) g_file_info_get_size (info) > CM_DOCUMENT_MAX_BYTES)
    {
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_TOO_LARGE,
                   _("“%s” is larger than 1 GiB, more than Clausemark opens. "
                     "Split it into smaller PDFs."), name);
      return NULL;
    }

  bytes = read_whole_file (file, cancellable, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_FOUND,
                     _("“%s” cannot be read: %s"), name, local_error->message);
      return NULL;
    }

  /* The file may have grown between the query and the read. */
  if (g_bytes_get_size (bytes) > CM_DOCUMENT_MAX_BYTES)
    {
      g_bytes_unref (bytes);
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_TOO_LARGE,
                   _("“%s” is larger than 1 GiB, more than Clausemark opens. "
                     "Split it into smaller PDFs."), name);
      return NULL;
    }

  return bytes;
}

/* Poppler's own messages ("PDF document is damaged") name neither the file
 * nor a way out, so its codes are mapped onto ours. */
static void
set_poppler_error (GError     **error,
                   const GError *poppler_error,
                   const char  *name,
                   const char  *password)
{
  if (g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      if (password == NULL || *password == '\0')
        g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_ENCRYPTED,
                     _("“%s” is protected by a password. Open it again with its password."),
                     name);
      else
        g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_BAD_PASSWORD,
                     _("The password for “%s” is wrong. Check it and try again."),
                     name);
      return;
    }

  g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_DAMAGED,
               _("“%s” is damaged or incomplete (perhaps a truncated download) and cannot "
                 "be opened. Get a fresh copy of the file."), name);
}

/* The size page 1 (or the first page poppler can load) has, which stands
 * in for every page's until all are read: most ordinances have one size. */
static void
read_first_page_size (PopplerDocument *poppler,
                      double           size[2])
{
  int n_pages = poppler_document_get_n_pages (poppler);

  size[0] = size[1] = 0;
  for (int i = 0; i < MIN (n_pages, 8) && size[0] <= 0; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (poppler, i);

      if (page != NULL)
        poppler_page_get_size (page, &size[0], &size[1]);
    }
}

/* poppler-glib 22.12 crashes inside poppler_document_new_from_bytes() when
 * given a password (a wrong one, or the right one for some files); its
 * stream constructor does not. */
PopplerDocument *
cm_poppler_document_new_from_bytes (GBytes      *bytes,
                                    const char  *password,
                                    GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (password == NULL)
    return poppler_document_new_from_bytes (bytes, NULL, error);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  return poppler_document_new_from_stream (stream, (goffset) g_bytes_get_size (bytes), password,
                                           NULL, error);
}

static CmDocument *
cm_document_new_from_bytes (GFile         *file,
                            GBytes        *bytes,
                            const char    *password,
                            GError       **error)
{
  g_autoptr(CmDocument) self = NULL;
  g_autoptr(PopplerDocument) poppler = NULL;
  g_autoptr(GError) poppler_error = NULL;
  g_autofree char *name = describe_file (file);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  BombScan scan = { data, length, 0, FALSE };
  GThread *scanner = NULL;
  int n_pages;

  if (length == 0)
    {
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_PDF,
                   _("“%s” is empty (0 bytes), not a PDF. Get a fresh copy of the file."),
                   name);
      return NULL;
    }

  if (!looks_like_pdf (bytes))
    {
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NOT_PDF,
                   _("“%s” is not a PDF file (it has no PDF header). Choose the PDF "
                     "version of the ordinance."), name);
      return NULL;
    }

  /* Poppler reading the file's structure decodes no image, so a long file
   * is scanned for bombs on a thread meanwhile (time to first page counts
   * every millisecond here). */
  if (length >= THREADED_SCAN_BYTES)
    scanner = g_thread_try_new ("cm-scan", scan_for_bomb, &scan, NULL);
  if (scanner == NULL)
    scan_for_bomb (&scan);

  poppler = cm_poppler_document_new_from_bytes (bytes, password, &poppler_error);
  if (scanner != NULL)
    g_thread_join (scanner);
  if (scan.bomb)
    {
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_TOO_LARGE,
                   _("“%s” contains an image of %" G_GUINT64_FORMAT " million pixels, too "
                     "large to decode safely. It is probably malicious; do not open it "
                     "elsewhere either."), name, scan.pixels / 1000000);
      return NULL;
    }
  if (poppler == NULL)
    {
      set_poppler_error (error, poppler_error, name, password);
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (poppler);
  if (n_pages <= 0)
    {
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_NO_PAGES,
                   _("“%s” has no pages (its page list is empty or broken). Get a "
                     "complete copy of the file."), name);
      return NULL;
    }

  self = g_object_new (CM_TYPE_DOCUMENT, NULL);
  self->file = g_object_ref (file);
  self->bytes = g_bytes_ref (bytes);
  self->password = g_strdup (password);
  self->n_pages = n_pages;
  self->pdf_id = read_pdf_id (poppler);
  self->title = read_title (poppler);
  read_first_page_size (poppler, self->first_page_size);
  self->poppler = g_steal_pointer (&poppler);

  return g_steal_pointer (&self);
}

CmDocument *
cm_document_new_for_file (GFile         *file,
                          const char    *password,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = load_bytes (file, cancellable, error);
  if (bytes == NULL)
    return NULL;

  return cm_document_new_from_bytes (file, bytes, password, error);
}

CmDocument *
cm_document_new_for_path (const char  *path,
                          const char  *password,
                          GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  return cm_document_new_for_file (file, password, NULL, error);
}

static void
new_document_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GFile *file = G_FILE (source_object);
  const char *password = task_data;
  g_autoptr(GError) error = NULL;
  CmDocument *document;

  document = cm_document_new_for_file (file, password, cancellable, &error);
  if (document == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, document, g_object_unref);
}

void
cm_document_new_async (GFile               *file,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  /* The file is the source object so that the callback sees a live object
   * whatever happens to the caller; the document does not exist yet. */
  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_document_new_async);
  g_task_set_task_data (task, g_strdup (password), g_free);
  g_task_set_return_on_cancel (task, FALSE);
  cm_background_run_in_thread (task, new_document_thread);
}

CmDocument *
cm_document_new_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cm_document_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
cm_document_get_file (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  return self->file;
}

GBytes *
cm_document_get_bytes (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  return self->bytes;
}

const char *
cm_document_get_password (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  return self->password;
}

guint
cm_document_get_n_pages (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), 0);

  return self->n_pages;
}

/* The title from the document information dictionary, or NULL when there
 * is none; callers fall back to the file name. */
const char *
cm_document_get_title (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  return self->title;
}

const char *
cm_document_get_sha256 (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->sha256 == NULL)
    self->sha256 = cm_compute_sha256 (self->bytes);
  g_mutex_unlock (&self->lock);

  return self->sha256;
}

const char *
cm_document_get_pdf_id (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  return self->pdf_id;
}

/* Reads every page's size, once: with a poppler document of its own, so
 * that any thread may ask while another extracts text. */
static const double *
ensure_page_sizes (CmDocument *self)
{
  const double *sizes = g_atomic_pointer_get (&self->page_sizes);
  g_autoptr(PopplerDocument) poppler = NULL;
  double *read;

  if (sizes != NULL)
    return sizes;

  g_mutex_lock (&self->lock);
  if (self->page_sizes == NULL)
    {
      read = g_new0 (double, 2 * (gsize) self->n_pages);
      poppler = cm_document_open_poppler (self, NULL);
      for (guint i = 0; poppler != NULL && i < self->n_pages; i++)
        {
          g_autoptr(PopplerPage) page = poppler_document_get_page (poppler, (int) i);

          /* A page poppler cannot load still has a place in the document. */
          if (page != NULL)
            poppler_page_get_size (page, &read[2 * i], &read[2 * i + 1]);
        }
      g_atomic_pointer_set (&self->page_sizes, read);
    }
  g_mutex_unlock (&self->lock);

  return self->page_sizes;
}

/* Sizes in PDF points; a page out of range (or one poppler could not load)
 * reports 0 × 0. The first call on a long document reads every page's size
 * (tens of milliseconds for 2,000 pages). */
void
cm_document_get_page_size (CmDocument *self,
                           guint       page,
                           double     *width,
                           double     *height)
{
  double w = 0, h = 0;

  g_return_if_fail (CM_IS_DOCUMENT (self));

  if (page >= 1 && page <= self->n_pages)
    {
      const double *sizes = ensure_page_sizes (self);

      w = sizes[2 * (page - 1)];
      h = sizes[2 * (page - 1) + 1];
    }
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* The size of PAGE if every size has been read, or else the first page's,
 * without waiting: for laying out pages before the sizes are known.
 * Returns whether the size is the page's own. */
gboolean
cm_document_peek_page_size (CmDocument *self,
                            guint       page,
                            double     *width,
                            double     *height)
{
  const double *sizes;

  g_return_val_if_fail (CM_IS_DOCUMENT (self), FALSE);

  sizes = g_atomic_pointer_get (&self->page_sizes);
  if (sizes != NULL || page < 1 || page > self->n_pages)
    {
      cm_document_get_page_size (self, page, width, height);
      return TRUE;
    }
  if (width != NULL)
    *width = self->first_page_size[0];
  if (height != NULL)
    *height = self->first_page_size[1];
  return FALSE;
}

static void
load_page_sizes_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  ensure_page_sizes (CM_DOCUMENT (source_object));
  g_task_return_boolean (task, TRUE);
}

/* Reads every page's size on a thread; once done, cm_document_peek_page_size()
 * gives each page its own. */
void
cm_document_load_page_sizes_async (CmDocument          *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_document_load_page_sizes_async);
  if (g_atomic_pointer_get (&self->page_sizes) != NULL)
    g_task_return_boolean (task, TRUE);
  else
    cm_background_run_in_thread (task, load_page_sizes_thread);
}

gboolean
cm_document_load_page_sizes_finish (CmDocument    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

PopplerDocument *
cm_document_open_poppler (CmDocument  *self,
                          GError     **error)
{
  g_autoptr(GError) poppler_error = NULL;
  PopplerDocument *poppler;

  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  poppler = cm_poppler_document_new_from_bytes (self->bytes, self->password, &poppler_error);
  if (poppler == NULL)
    {
      g_autofree char *name = describe_file (self->file);

      set_poppler_error (error, poppler_error, name, self->password);
    }
  return poppler;
}

/* The poppler document the file was opened with, handed over: a render
 * worker takes it rather than parse the file again (milliseconds of a long
 * ordinance, on the way to its first page). The document opens another if
 * it needs one later. NULL once taken. */
PopplerDocument *
cm_document_take_poppler (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  return g_atomic_pointer_exchange (&self->poppler, NULL);
}

gboolean
cm_document_extract_page_raw (CmDocument        *self,
                              PopplerDocument   *poppler,
                              guint              page,
                              char             **text,
                              PopplerRectangle **rectangles,
                              guint             *n_rectangles,
                              GError           **error)
{
  g_autoptr(PopplerPage) poppler_page = NULL;
  g_autoptr(PopplerDocument) owned = NULL;
  g_autofree char *page_text = NULL;

  g_return_val_if_fail (CM_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (text != NULL && rectangles != NULL && n_rectangles != NULL, FALSE);

  *rectangles = NULL;
  *n_rectangles = 0;

  if (page < 1 || page > self->n_pages)
    {
      g_autofree char *name = describe_file (self->file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” has no page %u (it has %u)", name, page, self->n_pages);
      return FALSE;
    }

  if (poppler == NULL)
    {
      gboolean ok;

      /* Borrowed, so that two threads asking at once each get their own. */
      owned = g_atomic_pointer_exchange (&self->poppler, NULL);
      if (owned == NULL)
        owned = cm_document_open_poppler (self, error);
      if (owned == NULL)
        return FALSE;
      ok = cm_document_extract_page_raw (self, owned, page, text, rectangles, n_rectangles, error);
      if (g_atomic_pointer_compare_and_exchange (&self->poppler, NULL, owned))
        owned = NULL;
      return ok;
    }

  poppler_page = poppler_document_get_page (poppler, page - 1);
  if (poppler_page != NULL)
    {
      /* Both calls read poppler's cached TextPage: the page is laid out once. */
      page_text = poppler_page_get_text (poppler_page);
      if (page_text != NULL && *page_text != '\0')
        poppler_page_get_text_layout (poppler_page, rectangles, n_rectangles);
    }

  /* A page poppler cannot load, or whose text is not UTF-8, has no text. */
  if (page_text == NULL || !g_utf8_validate (page_text, -1, NULL))
    {
      g_clear_pointer (&page_text, g_free);
      g_clear_pointer (rectangles, g_free);
      *n_rectangles = 0;
      page_text = g_strdup ("");
    }

  *text = g_steal_pointer (&page_text);
  return TRUE;
}

gboolean
cm_document_get_page_text (CmDocument  *self,
                           guint        page,
                           char       **text,
                           CmPageRect **boxes,
                           guint       *n_boxes,
                           GError     **error)
{
  g_autoptr(CmPopplerRectangleArray) rectangles = NULL;
  g_autofree char *page_text = NULL;
  g_autofree CmPageRect *page_boxes = NULL;
  guint n_rectangles = 0;
  glong n_chars;

  g_return_val_if_fail (CM_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (text != NULL && boxes != NULL && n_boxes != NULL, FALSE);

  if (!cm_document_extract_page_raw (self, NULL, page, &page_text, &rectangles, &n_rectangles, error))
    return FALSE;

  n_chars = g_utf8_strlen (page_text, -1);
  page_boxes = g_new0 (CmPageRect, MAX (n_chars, 1));

  /* Poppler promises one rectangle per character, but some fonts (Arabic
   * ligatures, for one) break that. Pad with the last known box so that the
   * arrays stay parallel and every index is valid. */
  for (glong i = 0; i < n_chars; i++)
    {
      CmPageRect *box = &page_boxes[i];

      box->page = page;
      if ((guint) i < n_rectangles)
        {
          box->x1 = MIN (rectangles[i].x1, rectangles[i].x2);
          box->y1 = MIN (rectangles[i].y1, rectangles[i].y2);
          box->x2 = MAX (rectangles[i].x1, rectangles[i].x2);
          box->y2 = MAX (rectangles[i].y1, rectangles[i].y2);
        }
      else if (i > 0)
        {
          box->x1 = box->x2 = page_boxes[i - 1].x2;
          box->y1 = page_boxes[i - 1].y1;
          box->y2 = page_boxes[i - 1].y2;
        }
    }

  *text = g_steal_pointer (&page_text);
  *boxes = g_steal_pointer (&page_boxes);
  *n_boxes = n_chars;
  return TRUE;
}
