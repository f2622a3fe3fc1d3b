/* cm-checksum.c: SHA-256 of a document's bytes, with nettle where it is available. */
#include "config.h"

#ifdef HAVE_NETTLE
#include <nettle/sha2.h>
#endif

#include "cm-checksum-private.h"

/* A document is known by the SHA-256 of its bytes, hashed on every open.
 * GLib's implementation is portable C (7 MB in about 60 ms here); nettle's
 * uses the processor's SHA instructions where it has them (about 7 ms), so
 * hashing no longer competes for a core with the first page for long. */
char *
cm_compute_sha256 (GBytes *bytes)
{
#ifdef HAVE_NETTLE
  static const char hex[] = "0123456789abcdef";
  struct sha256_ctx context;
  guint8 digest[SHA256_DIGEST_SIZE];
  gsize length = 0;
  const guint8 *data;
  char *result;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  sha256_init (&context);
  /* nettle takes a size_t; hash in pieces on the off chance it is narrower. */
  while (length > 0)
    {
      size_t piece = (size_t) MIN (length, (gsize) G_MAXINT32);

      sha256_update (&context, piece, data);
      data += piece;
      length -= piece;
    }
  sha256_digest (&context, SHA256_DIGEST_SIZE, digest);

  result = g_new (char, 2 * SHA256_DIGEST_SIZE + 1);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      result[2 * i] = hex[digest[i] >> 4];
      result[2 * i + 1] = hex[digest[i] & 0xf];
    }
  result[2 * SHA256_DIGEST_SIZE] = '\0';
  return result;
#else
  g_return_val_if_fail (bytes != NULL, NULL);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
#endif
}
