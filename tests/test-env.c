/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-env.c: .env files and the Redis URLs in them */
#include "config.h"

#include <string.h>

#include "kh-env.h"
#include "kh-error.h"

static const KhEnvEntry *
find_entry (GPtrArray  *entries,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const KhEnvEntry *entry = g_ptr_array_index (entries, i);
      if (g_str_equal (entry->name, name))
        return entry;
    }
  return NULL;
}

static void
assert_entry (GPtrArray  *entries,
              const char *name,
              const char *value,
              guint       line)
{
  const KhEnvEntry *entry = find_entry (entries, name);

  if (entry == NULL)
    g_error ("no entry %s", name);
  g_assert_cmpstr (entry->value, ==, value);
  g_assert_cmpuint (entry->line, ==, line);
}

static void
test_env_parse_syntax (void)
{
  const char *text =
    "# Local settings\n"                                   /* 1 */
    "\n"                                                   /* 2 */
    "PLAIN=value\n"                                        /* 3 */
    "export EXPORTED=yes\n"                                /* 4 */
    "  SPACED = around  \n"                                /* 5 */
    "SINGLE='a \\n $literal # not a comment'\n"            /* 6 */
    "DOUBLE=\"tab\\there \\\"quoted\\\" back\\\\slash\"\n" /* 7 */
    "INLINE=value # a comment\n"                           /* 8 */
    "HASH=abc#def\n"                                       /* 9 */
    "EMPTY=\n"                                             /* 10 */
    "EMPTY_QUOTED=\"\"\n"                                  /* 11 */
    "MULTI=\"line one\n"                                   /* 12 */
    "line two\"\n"                                         /* 13 */
    "AFTER_MULTI=1\n"                                      /* 14 */
    "QUOTED_COMMENT=\"v\" # trailing\n"                    /* 15 */
    "export ALREADY_SET\n"                                 /* 16 */
    "URL=redis://:p=w@host:6379/0?db=0\n"                  /* 17 */
    "\tindented=ok";                                       /* 18, no final newline */
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = kh_env_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 14);

  assert_entry (entries, "PLAIN", "value", 3);
  assert_entry (entries, "EXPORTED", "yes", 4);
  assert_entry (entries, "SPACED", "around", 5);
  assert_entry (entries, "SINGLE", "a \\n $literal # not a comment", 6);
  assert_entry (entries, "DOUBLE", "tab\there \"quoted\" back\\slash", 7);
  assert_entry (entries, "INLINE", "value", 8);
  assert_entry (entries, "HASH", "abc#def", 9);
  assert_entry (entries, "EMPTY", "", 10);
  assert_entry (entries, "EMPTY_QUOTED", "", 11);
  assert_entry (entries, "MULTI", "line one\nline two", 12);
  assert_entry (entries, "AFTER_MULTI", "1", 14);
  assert_entry (entries, "QUOTED_COMMENT", "v", 15);
  assert_entry (entries, "URL", "redis://:p=w@host:6379/0?db=0", 17);
  assert_entry (entries, "indented", "ok", 18);
  g_assert_null (find_entry (entries, "ALREADY_SET"));

  /* File order is kept. */
  g_assert_cmpstr (((KhEnvEntry *) g_ptr_array_index (entries, 0))->name, ==, "PLAIN");
  g_assert_cmpstr (((KhEnvEntry *) g_ptr_array_index (entries, entries->len - 1))->name, ==, "indented");
}

static void
test_env_parse_crlf (void)
{
  const char *text = "\xEF\xBB\xBF" "A=1\r\nB=\"two\"\r\n\r\nC='three'\r\n# c\r\nD=four # x\r\n";
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = kh_env_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);
  assert_entry (entries, "A", "1", 1);
  assert_entry (entries, "B", "two", 2);
  assert_entry (entries, "C", "three", 4);
  assert_entry (entries, "D", "four", 6);
}

static void
test_env_parse_length (void)
{
  const char *text = "A=1\nB=2\nC=3";
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  /* Only the first 7 bytes: "A=1\nB=2". */
  entries = kh_env_parse (text, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  assert_entry (entries, "B", "2", 2);

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = kh_env_parse ("", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_env_parse_errors (void)
{
  static const struct {
    const char *text;
    const char *fragment;
  } bad[] = {
    { "A=1\nB=\"unterminated secret-value\nC=3\n", "Line 2: the double quote that opens the value of B is never closed" },
    { "A='open secret-value", "Line 1: the single quote that opens the value of A is never closed" },
    { "A=1\n\nthis is not secret-value\n", "Line 3 is not an assignment" },
    { "A=1\nB \"secret-value\"\n", "Line 2 is not an assignment" },
    { "A=\"v\" secret-value\n", "Line 1: unexpected text after the closing quote of A" },
    { "=secret-value\n", "Line 1 is not an assignment" },
    { "1A=secret-value\n", "Line 1 is not an assignment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) error = NULL;

      entries = kh_env_parse (bad[i].text, -1, &error);
      g_assert_null (entries);
      g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, bad[i].fragment);
      /* Values may be secrets: messages name lines and variables only. */
      g_assert_null (strstr (error->message, "secret-value"));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) entries = kh_env_parse ("A=1\0B=2", 7, &error);

    g_assert_null (entries);
    g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "NUL"));
  }
}

static const KhEnvCandidate *
find_candidate (GPtrArray  *candidates,
                const char *name)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      const KhEnvCandidate *candidate = g_ptr_array_index (candidates, i);
      if (g_str_equal (candidate->name, name))
        return candidate;
    }
  g_error ("no candidate %s", name);
}

static gboolean
has_candidate (GPtrArray  *candidates,
               const char *name)
{
  for (guint i = 0; i < candidates->len; i++)
    if (g_str_equal (((KhEnvCandidate *) g_ptr_array_index (candidates, i))->name, name))
      return TRUE;
  return FALSE;
}

static void
test_env_find_urls (void)
{
  const char *text =
    "DATABASE_URL=postgres://u:p@db/app\n"                                    /* 1: not Redis */
    "REDIS_URL=redis://localhost:6379/1\n"                                    /* 2: replaced below */
    "REDIS_HOST=localhost\n"                                                  /* 3: not a URL name */
    "UPSTASH_REDIS_URL=\"rediss://default:p%40ss@fine-cat.upstash.io:6379\"\n"/* 4 */
    "UPSTASH_REDIS_REST_URL=https://fine-cat.upstash.io\n"                    /* 5 */
    "UPSTASH_REDIS_REST_TOKEN=AXsecrettoken\n"                                /* 6 */
    "KV_URL=rediss://default:x@kv-one.upstash.io:6379\n"                      /* 7 */
    "CACHE_REDIS_URL=redis://red-cq1abcdefghijk:6379\n"                       /* 8 */
    "export QUEUE_REDIS_URL=redis://host:70000\n"                             /* 9 */
    "SESSION_REDIS_URL=\n"                                                    /* 10 */
    "REDIS_URL=rediss://red-abc:pw@oregon-keyvalue.render.com:6379\n"         /* 11 */
    "KV_REST_API_URL=https://kv-one.upstash.io\n"                             /* 12 */
    "VALKEY_URL=unix:///run/valkey.sock\n";                                   /* 13 */
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  const KhEnvCandidate *c;

  entries = kh_env_parse (text, -1, &error);
  g_assert_no_error (error);
  candidates = kh_env_find_redis_urls (entries);

  g_assert_cmpuint (candidates->len, ==, 10);
  g_assert_false (has_candidate (candidates, "DATABASE_URL"));
  g_assert_false (has_candidate (candidates, "REDIS_HOST"));

  /* File order, the last assignment of a name winning. */
  c = g_ptr_array_index (candidates, 0);
  g_assert_cmpstr (c->name, ==, "UPSTASH_REDIS_URL");
  c = g_ptr_array_index (candidates, 7);
  g_assert_cmpstr (c->name, ==, "REDIS_URL");

  c = find_candidate (candidates, "REDIS_URL");
  g_assert_cmpint (c->kind, ==, KH_ENV_CANDIDATE_REDIS_URL);
  g_assert_cmpuint (c->line, ==, 11);
  g_assert_no_error (c->error);
  g_assert_cmpstr (c->url->host, ==, "oregon-keyvalue.render.com");
  g_assert_cmpint (c->url->provider, ==, KH_PROVIDER_RENDER);

  c = find_candidate (candidates, "UPSTASH_REDIS_URL");
  g_assert_no_error (c->error);
  g_assert_cmpstr (c->url->password, ==, "p@ss");
  g_assert_cmpint (c->url->provider, ==, KH_PROVIDER_UPSTASH);
  g_assert_true (c->url->tls);
  g_assert_cmpuint (c->line, ==, 4);

  c = find_candidate (candidates, "KV_URL");
  g_assert_no_error (c->error);
  g_assert_cmpint (c->url->provider, ==, KH_PROVIDER_UPSTASH);

  c = find_candidate (candidates, "CACHE_REDIS_URL");
  g_assert_no_error (c->error);
  g_assert_true (c->url->render_internal);

  c = find_candidate (candidates, "VALKEY_URL");
  g_assert_no_error (c->error);
  g_assert_cmpstr (c->url->socket_path, ==, "/run/valkey.sock");

  c = find_candidate (candidates, "QUEUE_REDIS_URL");
  g_assert_null (c->url);
  g_assert_error (c->error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (c->error->message, "QUEUE_REDIS_URL (line 9)"));
  g_assert_nonnull (strstr (c->error->message, "Port “70000” is out of range"));

  c = find_candidate (candidates, "SESSION_REDIS_URL");
  g_assert_null (c->url);
  g_assert_error (c->error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (c->error->message, "empty"));

  c = find_candidate (candidates, "UPSTASH_REDIS_REST_URL");
  g_assert_cmpint (c->kind, ==, KH_ENV_CANDIDATE_REST_API);
  g_assert_null (c->url);
  g_assert_error (c->error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (c->error->message, "REST API, not a Redis URL"));
  g_assert_nonnull (strstr (c->error->message, "rediss://default:…@fine-cat.upstash.io:6379"));

  c = find_candidate (candidates, "UPSTASH_REDIS_REST_TOKEN");
  g_assert_cmpint (c->kind, ==, KH_ENV_CANDIDATE_REST_API);
  g_assert_error (c->error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (c->error->message, "rediss://"));
  g_assert_null (strstr (c->error->message, "AXsecrettoken"));

  c = find_candidate (candidates, "KV_REST_API_URL");
  g_assert_cmpint (c->kind, ==, KH_ENV_CANDIDATE_REST_API);
  g_assert_error (c->error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
}

static void
test_env_no_candidates (void)
{
  g_autoptr(GPtrArray) entries = kh_env_parse ("PORT=3000\nNODE_ENV=production\n", -1, NULL);
  g_autoptr(GPtrArray) candidates = NULL;

  g_assert_nonnull (entries);
  candidates = kh_env_find_redis_urls (entries);
  g_assert_cmpuint (candidates->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/env/parse/syntax", test_env_parse_syntax);
  g_test_add_func ("/core/env/parse/crlf", test_env_parse_crlf);
  g_test_add_func ("/core/env/parse/length", test_env_parse_length);
  g_test_add_func ("/core/env/parse/errors", test_env_parse_errors);
  g_test_add_func ("/core/env/find-urls", test_env_find_urls);
  g_test_add_func ("/core/env/no-candidates", test_env_no_candidates);

  return g_test_run ();
}
