/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-glob.c: Redis-compatible glob matching
 *
 * The rules, as the server applies them to KEYS and SCAN MATCH:
 *   *        any run of bytes, possibly empty
 *   ?        exactly one byte
 *   [abc]    one byte from the set; [^abc] one byte not in it
 *   [a-z]    a range (bounds may be given in either order)
 *   \c       the byte c itself, outside or inside a set
 * A set left open runs to the end of the pattern, "[]" matches nothing and
 * "[^]" any byte. As on the server, an empty string is matched only by an
 * empty pattern ("*" does not match ""). Bytes compare as unsigned values.
 */
#include "config.h"

#include "kh-glob.h"

/* Matches one pattern token (anything but '*') at pattern[*pos] against the
 * byte c, and moves *pos past the token. */
static gboolean
match_token (const guint8 *pattern,
             gsize         plen,
             gsize        *pos,
             guint8        c)
{
  gsize p = *pos;
  guint8 t = pattern[p];

  if (t == '?')
    {
      *pos = p + 1;
      return TRUE;
    }

  if (t == '\\' && p + 1 < plen)
    {
      *pos = p + 2;
      return pattern[p + 1] == c;
    }

  if (t != '[')
    {
      *pos = p + 1;
      return t == c;
    }

  /* A set */
  gboolean negate = FALSE;
  gboolean found = FALSE;

  p++;
  if (p < plen && pattern[p] == '^')
    {
      negate = TRUE;
      p++;
    }

  while (p < plen)
    {
      if (pattern[p] == '\\' && p + 1 < plen)
        {
          if (pattern[p + 1] == c)
            found = TRUE;
          p += 2;
        }
      else if (pattern[p] == ']')
        {
          p++;
          break;
        }
      else if (p + 2 < plen && pattern[p + 1] == '-')
        {
          guint8 lo = pattern[p];
          guint8 hi = pattern[p + 2];

          if (lo > hi)
            {
              guint8 tmp = lo;
              lo = hi;
              hi = tmp;
            }
          if (c >= lo && c <= hi)
            found = TRUE;
          p += 3;
        }
      else
        {
          if (pattern[p] == c)
            found = TRUE;
          p++;
        }
    }

  *pos = p;
  return negate ? !found : found;
}

/**
 * kh_glob_match:
 * @pattern: (array length=pattern_len): the glob
 * @str: (array length=str_len): the bytes to test
 *
 * Returns: whether @str matches @pattern under the server's glob rules
 */
gboolean
kh_glob_match (const char *pattern,
               gsize       pattern_len,
               const char *str,
               gsize       str_len)
{
  const guint8 *p = (const guint8 *) pattern;
  const guint8 *s = (const guint8 *) str;
  gsize pi = 0;
  gsize si = 0;
  gsize star_p = G_MAXSIZE;  /* pattern position just after the last '*' */
  gsize star_s = 0;          /* where that star's match currently ends */

  if (str_len == 0)
    return pattern_len == 0;

  /* Greedy matching with backtracking to the most recent star: every token
   * other than '*' consumes exactly one byte, so retrying only the last star
   * finds a match whenever one exists. */
  while (si < str_len)
    {
      if (pi < pattern_len && p[pi] == '*')
        {
          while (pi < pattern_len && p[pi] == '*')
            pi++;
          if (pi == pattern_len)
            return TRUE;
          star_p = pi;
          star_s = si;
          continue;
        }

      if (pi < pattern_len)
        {
          gsize next = pi;

          if (match_token (p, pattern_len, &next, s[si]))
            {
              pi = next;
              si++;
              continue;
            }
        }

      if (star_p == G_MAXSIZE)
        return FALSE;

      pi = star_p;
      si = ++star_s;
    }

  while (pi < pattern_len && p[pi] == '*')
    pi++;

  return pi == pattern_len;
}

static gboolean
is_special (guint8 c)
{
  return c == '*' || c == '?' || c == '[' || c == '\\';
}

/**
 * kh_glob_is_literal:
 *
 * Returns: whether @pattern has no special characters, so that it matches
 *   exactly one string: itself
 */
gboolean
kh_glob_is_literal (const char *pattern,
                    gsize       pattern_len)
{
  for (gsize i = 0; i < pattern_len; i++)
    if (is_special ((guint8) pattern[i]))
      return FALSE;
  return TRUE;
}

/**
 * kh_glob_as_substring:
 * @offset: (out): where the literal starts in @pattern
 * @len: (out): its length
 *
 * Recognises "*literal*", which matches exactly the strings that contain a
 * non-empty literal, so that callers can search with memmem instead.
 *
 * Returns: whether @pattern has that shape
 */
gboolean
kh_glob_as_substring (const char *pattern,
                      gsize       pattern_len,
                      gsize      *offset,
                      gsize      *len)
{
  if (pattern_len < 3 || pattern[0] != '*' || pattern[pattern_len - 1] != '*')
    return FALSE;

  if (!kh_glob_is_literal (pattern + 1, pattern_len - 2))
    return FALSE;

  *offset = 1;
  *len = pattern_len - 2;
  return TRUE;
}
