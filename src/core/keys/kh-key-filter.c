/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-filter.c: substring and glob filtering of the key index */
#include "config.h"

#include "kh-glob.h"
#include "kh-key-index-private.h"

/* Filtering */

static inline gboolean
contains_bytes (const guint8 *h,
                gsize         hlen,
                const guint8 *needle,
                gsize         nlen)
{
  const guint8 *last;

  if (nlen == 0)
    return TRUE;
  if (hlen < nlen)
    return FALSE;

  last = h + (hlen - nlen);
  while (h <= last)
    {
      const guint8 *f = memchr (h, needle[0], (gsize) (last - h) + 1);

      if (f == NULL)
        return FALSE;
      if (memcmp (f + 1, needle + 1, nlen - 1) == 0)
        return TRUE;
      h = f + 1;
    }
  return FALSE;
}

/**
 * kh_key_index_filter:
 * @pattern: (array length=pattern_len): a substring, or a server glob
 *
 * Tests every live key (in id order, so memory is read sequentially), then
 * gathers the matches in sorted order.
 *
 * Returns: (transfer full) (element-type guint32): the ids of the matching
 *   keys in order, or %NULL if cancelled
 */
GArray *
kh_key_index_filter (KhKeyIndex       *self,
                     const char       *pattern,
                     gsize             pattern_len,
                     KhKeyFilterMode   mode,
                     GCancellable     *cancellable,
                     GError          **error)
{
  const guint8 *needle = (const guint8 *) pattern;
  gsize needle_len = pattern_len;
  gboolean glob = mode == KH_KEY_FILTER_GLOB;
  g_autofree guint64 *bits = NULL;
  GArray *result;
  guint n_matches = 0;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), NULL);
  g_return_val_if_fail (pattern != NULL || pattern_len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (glob && kh_glob_is_literal (pattern, pattern_len))
    {
      /* An exact name: one lookup */
      guint32 id = kh_key_index_lookup (self, pattern, pattern_len);

      result = g_array_new (FALSE, FALSE, sizeof (guint32));
      if (id != KH_KEY_ID_INVALID)
        g_array_append_val (result, id);
      return result;
    }

  if (glob)
    {
      gsize offset, len;

      if (kh_glob_as_substring (pattern, pattern_len, &offset, &len))
        {
          needle += offset;
          needle_len = len;
          glob = FALSE;
        }
    }

  bits = g_new0 (guint64, (self->n_ids + 63) / 64 + 1);
  for (guint b = 0; b < self->n_blocks; b++)
    {
      const RecordBlock *block = self->blocks[b];
      guint32 base = b << BLOCK_SHIFT;
      guint n = MIN (BLOCK_SIZE, self->n_ids - base);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      for (guint i = 0; i < n; i++)
        {
          gsize len;
          const guint8 *k;
          gboolean match;

          if ((block->removed[i >> 6] >> (i & 63)) & 1)
            continue;

          k = decode_record (self->chunks, block->rec[i], &len);
          if (glob)
            match = kh_glob_match (pattern, pattern_len, (const char *) k, len);
          else
            match = contains_bytes (k, len, needle, needle_len);

          if (match)
            {
              guint32 id = base + i;

              bits[id >> 6] |= G_GUINT64_CONSTANT (1) << (id & 63);
              n_matches++;
            }
        }
    }

  kh_key_index_ensure_sorted (self);
  result = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_matches);
  if (n_matches == 0)
    return result;

  for (gsize r = 0; r < self->n_sorted; r++)
    {
      guint32 id = self->sorted[r];

      if ((bits[id >> 6] >> (id & 63)) & 1)
        g_array_append_val (result, id);
    }

  return result;
}

/* Whether one key passes a filter, as kh_key_index_filter() decides */
gboolean
kh_key_filter_match (const char      *pattern,
                     gsize            pattern_len,
                     KhKeyFilterMode  mode,
                     const char      *key,
                     gsize            len)
{
  g_return_val_if_fail (pattern != NULL || pattern_len == 0, FALSE);
  g_return_val_if_fail (key != NULL || len == 0, FALSE);

  if (mode == KH_KEY_FILTER_GLOB)
    return kh_glob_match (pattern, pattern_len, key, len);
  return contains_bytes ((const guint8 *) key, len, (const guint8 *) pattern, pattern_len);
}
