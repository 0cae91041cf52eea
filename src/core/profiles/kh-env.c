/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-env.c: reading .env files for Redis URLs */
#include "config.h"

#include "kh-env.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kh-error.h"

void
kh_env_entry_free (KhEnvEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry->value);
  g_free (entry);
}

void
kh_env_candidate_free (KhEnvCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->name);
  g_clear_pointer (&candidate->url, kh_url_free);
  g_clear_error (&candidate->error);
  g_free (candidate);
}

typedef struct {
  const char *p;
  const char *end;
  guint       line;
} Reader;

static gboolean
at_end (Reader *r)
{
  return r->p >= r->end;
}

static void
skip_blanks (Reader *r)
{
  while (!at_end (r) && (*r->p == ' ' || *r->p == '\t'))
    r->p++;
}

static void
skip_to_line_end (Reader *r)
{
  while (!at_end (r) && *r->p != '\n')
    r->p++;
}

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-';
}

/* Reads a quoted value; r->p is on the opening quote. */
static char *
read_quoted (Reader      *r,
             const char  *name,
             guint        start_line,
             GError     **error)
{
  char quote = *r->p++;
  GString *value = g_string_new (NULL);

  while (!at_end (r) && *r->p != quote)
    {
      char c = *r->p++;

      if (c == '\n')
        r->line++;
      if (c == '\\' && quote == '"' && !at_end (r))
        {
          char next = *r->p++;

          switch (next)
            {
            case 'n': g_string_append_c (value, '\n'); break;
            case 'r': g_string_append_c (value, '\r'); break;
            case 't': g_string_append_c (value, '\t'); break;
            case '"': case '\\': case '$': case '`': case '\'':
              g_string_append_c (value, next);
              break;
            case '\n':
              /* A backslash before a newline continues the line. */
              r->line++;
              break;
            default:
              g_string_append_c (value, '\\');
              g_string_append_c (value, next);
              break;
            }
          continue;
        }
      g_string_append_c (value, c);
    }

  if (at_end (r))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   quote == '"'
                   ? _("Line %u: the double quote that opens the value of %s is never closed")
                   : _("Line %u: the single quote that opens the value of %s is never closed"),
                   start_line, name);
      g_string_free (value, TRUE);
      return NULL;
    }
  r->p++;

  skip_blanks (r);
  if (!at_end (r) && *r->p == '#')
    skip_to_line_end (r);
  if (!at_end (r) && *r->p != '\n')
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("Line %u: unexpected text after the closing quote of %s"), r->line, name);
      g_string_free (value, TRUE);
      return NULL;
    }
  return g_string_free (value, FALSE);
}

/* An unquoted value ends at the line end or at " #". */
static char *
read_bare (Reader *r)
{
  const char *start = r->p;
  const char *stop;

  while (!at_end (r) && *r->p != '\n')
    {
      if (*r->p == '#' && r->p > start && (r->p[-1] == ' ' || r->p[-1] == '\t'))
        break;
      r->p++;
    }
  stop = r->p;
  while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
    stop--;
  skip_to_line_end (r);
  return g_strndup (start, stop - start);
}

GPtrArray *
kh_env_parse (const char  *text,
              gssize       len,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) normal = NULL;
  Reader r;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (text);
  if (memchr (text, '\0', len) != NULL)
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("The file contains NUL bytes: it is not a .env text file"));
      return NULL;
    }

  /* CRLF becomes LF so that every rule below sees one kind of line end. */
  normal = g_string_sized_new (len);
  for (gssize i = 0; i < len; i++)
    if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
      g_string_append_c (normal, text[i]);

  r.p = normal->str;
  r.end = normal->str + normal->len;
  r.line = 1;
  if (normal->len >= 3 && memcmp (r.p, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_env_entry_free);

  while (!at_end (&r))
    {
      guint start_line = r.line;
      const char *name_start;
      g_autofree char *name = NULL;
      char *value;
      KhEnvEntry *entry;
      gboolean exported = FALSE;

      skip_blanks (&r);
      if (at_end (&r))
        break;
      if (*r.p == '\n' || *r.p == '#')
        {
          skip_to_line_end (&r);
          goto next_line;
        }

      if (r.end - r.p > 7 && strncmp (r.p, "export", 6) == 0 && (r.p[6] == ' ' || r.p[6] == '\t'))
        {
          r.p += 6;
          skip_blanks (&r);
          exported = TRUE;
        }

      name_start = r.p;
      if (!at_end (&r) && is_name_start (*r.p))
        while (!at_end (&r) && is_name_char (*r.p))
          r.p++;
      if (r.p == name_start)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("Line %u is not an assignment: expected NAME=value"), start_line);
          return NULL;
        }
      name = g_strndup (name_start, r.p - name_start);

      skip_blanks (&r);
      if (exported && (at_end (&r) || *r.p == '\n' || *r.p == '#'))
        {
          /* "export NAME" exports a variable set elsewhere: nothing to read. */
          skip_to_line_end (&r);
          goto next_line;
        }
      if (at_end (&r) || *r.p != '=')
        {
          /* Not naming what was found: a stray line may be a secret. */
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("Line %u is not an assignment: expected NAME=value"), start_line);
          return NULL;
        }
      r.p++;
      skip_blanks (&r);

      if (!at_end (&r) && (*r.p == '"' || *r.p == '\''))
        {
          value = read_quoted (&r, name, start_line, error);
          if (value == NULL)
            return NULL;
        }
      else
        value = read_bare (&r);

      entry = g_new0 (KhEnvEntry, 1);
      entry->name = g_steal_pointer (&name);
      entry->value = value;
      entry->line = start_line;
      g_ptr_array_add (entries, entry);

    next_line:
      if (!at_end (&r) && *r.p == '\n')
        {
          r.p++;
          r.line++;
        }
    }

  return g_steal_pointer (&entries);
}

static gboolean
is_rest_variable (const char *upper)
{
  return (strstr (upper, "REDIS") != NULL || g_str_has_prefix (upper, "KV_")) &&
         strstr (upper, "REST") != NULL &&
         (g_str_has_suffix (upper, "URL") || g_str_has_suffix (upper, "TOKEN"));
}

static gboolean
is_url_variable (const char *upper)
{
  if (g_str_equal (upper, "KV_URL"))
    return TRUE;
  return (strstr (upper, "REDIS") != NULL || strstr (upper, "VALKEY") != NULL) &&
         g_str_has_suffix (upper, "URL");
}

/* The host of an https:// REST URL, when it is an Upstash one. */
static char *
upstash_rest_host (const char *value)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);
  const char *host;
  gsize len;

  if (!g_str_has_prefix (lower, "https://"))
    return NULL;
  host = lower + strlen ("https://");
  len = strcspn (host, "/?#:@");
  if (len == 0 || host[len] == '@')
    return NULL;
  {
    g_autofree char *name = g_strndup (host, len);

    if (!g_str_has_suffix (name, ".upstash.io"))
      return NULL;
    return g_steal_pointer (&name);
  }
}

static GError *
explain_rest_variable (const KhEnvEntry *entry,
                       const char       *upper)
{
  if (g_str_has_suffix (upper, "TOKEN"))
    return g_error_new (KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                        _("%s is a token for Upstash’s REST API. Keyhole speaks the Redis protocol: "
                          "copy the rediss:// URL, which holds the password, from the Upstash console."),
                        entry->name);
  {
    g_autofree char *host = upstash_rest_host (entry->value);

    if (host != NULL)
      return g_error_new (KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                          _("%s is the address of Upstash’s REST API, not a Redis URL. Copy the rediss:// "
                            "endpoint from the Upstash console: it looks like rediss://default:…@%s:6379."),
                          entry->name, host);
    return g_error_new (KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                        _("%s is the address of a REST API, not a Redis URL: Keyhole needs the rediss:// "
                          "endpoint, shown in the Upstash console."),
                        entry->name);
  }
}

GPtrArray *
kh_env_find_redis_urls (GPtrArray *entries)
{
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_env_candidate_free);

  g_return_val_if_fail (entries != NULL, candidates);

  for (guint i = 0; i < entries->len; i++)
    {
      const KhEnvEntry *entry = g_ptr_array_index (entries, i);
      g_hash_table_insert (last, entry->name, GUINT_TO_POINTER (i));
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const KhEnvEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *upper = g_ascii_strup (entry->name, -1);
      KhEnvCandidate *candidate;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (last, entry->name)) != i)
        continue;

      if (is_rest_variable (upper))
        {
          candidate = g_new0 (KhEnvCandidate, 1);
          candidate->kind = KH_ENV_CANDIDATE_REST_API;
          candidate->error = explain_rest_variable (entry, upper);
        }
      else if (is_url_variable (upper))
        {
          candidate = g_new0 (KhEnvCandidate, 1);
          candidate->kind = KH_ENV_CANDIDATE_REDIS_URL;
          if (entry->value[strspn (entry->value, " \t\n\r")] == '\0')
            candidate->error = g_error_new (KH_ERROR, KH_ERROR_INVALID_INPUT,
                                            _("%s is empty"), entry->name);
          else
            {
              candidate->url = kh_url_parse (entry->value, &candidate->error);
              if (candidate->error != NULL)
                g_prefix_error (&candidate->error, _("%s (line %u): "), entry->name, entry->line);
            }
        }
      else
        continue;

      candidate->name = g_strdup (entry->name);
      candidate->line = entry->line;
      g_ptr_array_add (candidates, candidate);
    }

  return candidates;
}
