/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-url.c: redis://, rediss:// and unix:// URLs, good and bad */
#include "config.h"

#include <string.h>

#include "kh-error.h"
#include "kh-url.h"

typedef struct {
  const char *input;
  const char *error;          /* a fragment of the message; NULL for a good URL */
  const char *secret;         /* must never appear in an error message */

  gboolean    tls;
  gboolean    tls_insecure;
  const char *username;
  const char *password;
  const char *host;
  guint16     port;
  const char *socket_path;
  gint        database;
  KhProvider  provider;
  gboolean    render_internal;
  const char *note;           /* a fragment of one note; NULL means no notes */
  const char *unknown;        /* unknown option names joined by "," */
  const char *tls_ca_file;
  const char *canonical;      /* kh_url_to_string (url, TRUE); NULL means the input */
} UrlCase;

static const UrlCase cases[] = {
  /* Local and self-hosted */
  { "redis://localhost:6379", .host = "localhost", .port = 6379, .provider = KH_PROVIDER_LOCAL },
  { "redis://localhost", .host = "localhost", .port = 6379, .provider = KH_PROVIDER_LOCAL,
    .canonical = "redis://localhost:6379" },
  { "redis://127.0.0.1:6380/2", .host = "127.0.0.1", .port = 6380, .database = 2,
    .provider = KH_PROVIDER_LOCAL },
  { "redis://:secret@localhost:6379", .password = "secret", .host = "localhost", .port = 6379,
    .provider = KH_PROVIDER_LOCAL },
  { "redis://alice:s3cret@db.example.com:6379/0", .username = "alice", .password = "s3cret",
    .host = "db.example.com", .port = 6379, .provider = KH_PROVIDER_CUSTOM,
    .canonical = "redis://alice:s3cret@db.example.com:6379" },
  { "redis://redis:6379", .host = "redis", .port = 6379, .provider = KH_PROVIDER_CUSTOM },
  { "redis://user@host:1234", .username = "user", .host = "host", .port = 1234,
    .provider = KH_PROVIDER_CUSTOM },
  { "REDIS://LocalHost:6379", .host = "localhost", .port = 6379, .provider = KH_PROVIDER_LOCAL,
    .canonical = "redis://localhost:6379" },
  { "  redis://localhost:6379/1 \n", .host = "localhost", .port = 6379, .database = 1,
    .provider = KH_PROVIDER_LOCAL, .canonical = "redis://localhost:6379/1" },
  { "redis://localhost:6379/", .host = "localhost", .port = 6379, .provider = KH_PROVIDER_LOCAL,
    .canonical = "redis://localhost:6379" },
  { "redis://host:65535", .host = "host", .port = 65535, .provider = KH_PROVIDER_CUSTOM },
  { "valkey://cache.internal:6379", .host = "cache.internal", .port = 6379, .provider = KH_PROVIDER_CUSTOM,
    .canonical = "redis://cache.internal:6379" },
  { "valkeys://cache.internal:6380", .tls = TRUE, .host = "cache.internal", .port = 6380,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "rediss://cache.internal:6380" },

  /* Passwords with unescaped '/', '?', '#' and '=', as managed services' tokens have:
   * the user information ends at the last '@' that a host follows. */
  { "redis://default:AbC/dEf+GhI=@127.0.0.1:6379", .username = "default", .password = "AbC/dEf+GhI=",
    .host = "127.0.0.1", .port = 6379, .provider = KH_PROVIDER_LOCAL,
    .canonical = "redis://default:AbC%2FdEf%2BGhI%3D@127.0.0.1:6379" },
  { "redis://default:12345/xYz9+Q==@127.0.0.1:6379/3", .username = "default", .password = "12345/xYz9+Q==",
    .host = "127.0.0.1", .port = 6379, .database = 3, .provider = KH_PROVIDER_LOCAL,
    .canonical = "redis://default:12345%2FxYz9%2BQ%3D%3D@127.0.0.1:6379/3" },
  { "rediss://default:Pa55?word=1@127.0.0.1:6380", .tls = TRUE, .username = "default", .password = "Pa55?word=1",
    .host = "127.0.0.1", .port = 6380, .provider = KH_PROVIDER_LOCAL,
    .canonical = "rediss://default:Pa55%3Fword%3D1@127.0.0.1:6380" },
  { "redis://:pa#ss@host:6379", .password = "pa#ss", .host = "host", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://:pa%23ss@host:6379" },
  { "redis://u:a@b/c@host:6379", .username = "u", .password = "a@b/c", .host = "host", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://u:a%40b%2Fc@host:6379" },
  /* An '@' in a query option's value is not the end of a password. */
  { "redis://host:6379?username=me@corp", .username = "me@corp", .host = "host", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://me%40corp@host:6379" },
  /* Passwords: percent-encoding, '@' and ':' */
  { "redis://user:p%40ss%3Aw%2Frd@host:6379", .username = "user", .password = "p@ss:w/rd",
    .host = "host", .port = 6379, .provider = KH_PROVIDER_CUSTOM },
  { "redis://:p@ss@host:6379", .password = "p@ss", .host = "host", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://:p%40ss@host:6379" },
  { "redis://u:a:b:c@host", .username = "u", .password = "a:b:c", .host = "host", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://u:a%3Ab%3Ac@host:6379" },
  { "redis://:%FF%01x%20y@host", .password = "\xff\x01x y", .host = "host", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://:%FF%01x%20y@host:6379" },
  { "redis://j%C3%BCrgen:pw@host:6379", .username = "j\xc3\xbcrgen", .password = "pw", .host = "host",
    .port = 6379, .provider = KH_PROVIDER_CUSTOM },

  /* IPv6 */
  { "redis://[::1]:6380", .host = "::1", .port = 6380, .provider = KH_PROVIDER_LOCAL },
  { "redis://[2001:db8::5]/3", .host = "2001:db8::5", .port = 6379, .database = 3,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://[2001:db8::5]:6379/3" },

  /* Database in the query */
  { "redis://host:6379?db=4", .host = "host", .port = 6379, .database = 4, .provider = KH_PROVIDER_CUSTOM,
    .canonical = "redis://host:6379/4" },
  { "redis://host:6379/4?db=4", .host = "host", .port = 6379, .database = 4,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "redis://host:6379/4" },

  /* Unix sockets */
  { "unix:///tmp/redis.sock", .socket_path = "/tmp/redis.sock", .provider = KH_PROVIDER_LOCAL },
  { "unix:///run/redis/redis.sock?db=1", .socket_path = "/run/redis/redis.sock", .database = 1,
    .provider = KH_PROVIDER_LOCAL },
  { "unix://:pw@/tmp/redis.sock", .password = "pw", .socket_path = "/tmp/redis.sock",
    .provider = KH_PROVIDER_LOCAL },
  { "unix:///tmp/redis.sock?password=p%20w", .password = "p w", .socket_path = "/tmp/redis.sock",
    .provider = KH_PROVIDER_LOCAL, .canonical = "unix://:p%20w@/tmp/redis.sock" },
  { "unix:///tmp/my%20dir/redis.sock", .socket_path = "/tmp/my dir/redis.sock",
    .provider = KH_PROVIDER_LOCAL },

  /* TLS options */
  { "rediss://host:6380?ssl_cert_reqs=none", .tls = TRUE, .tls_insecure = TRUE, .host = "host",
    .port = 6380, .provider = KH_PROVIDER_CUSTOM },
  { "rediss://host:6380?ssl_cert_reqs=CERT_REQUIRED", .tls = TRUE, .host = "host", .port = 6380,
    .provider = KH_PROVIDER_CUSTOM, .canonical = "rediss://host:6380" },
  { "rediss://h:6379?ssl_ca_certs=/etc/ca%20s.pem", .tls = TRUE, .host = "h", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .tls_ca_file = "/etc/ca s.pem" },
  { "redis://h:6379?ssl_ca_certs=/etc/ca.pem", .host = "h", .port = 6379,
    .provider = KH_PROVIDER_CUSTOM, .tls_ca_file = "/etc/ca.pem", .note = "no TLS" },
  { "redis://host:6379?foo=1&bar=2", .host = "host", .port = 6379, .provider = KH_PROVIDER_CUSTOM,
    .unknown = "foo,bar", .canonical = "redis://host:6379" },

  /* Upstash */
  { "rediss://default:tok@eu1-fine-cat-12345.upstash.io:6379", .tls = TRUE, .username = "default",
    .password = "tok", .host = "eu1-fine-cat-12345.upstash.io", .port = 6379,
    .provider = KH_PROVIDER_UPSTASH },
  { "redis://default:tok@fine-cat.upstash.io:6379", .tls = TRUE, .username = "default",
    .password = "tok", .host = "fine-cat.upstash.io", .port = 6379, .provider = KH_PROVIDER_UPSTASH,
    .note = "turned TLS on", .canonical = "rediss://default:tok@fine-cat.upstash.io:6379" },
  { "rediss://default_ro:tok@fine-cat.upstash.io:6379", .tls = TRUE, .username = "default_ro",
    .password = "tok", .host = "fine-cat.upstash.io", .port = 6379, .provider = KH_PROVIDER_UPSTASH,
    .note = "read-only user" },

  /* Render */
  { "redis://red-cq1abcdefghijk12345:6379", .host = "red-cq1abcdefghijk12345", .port = 6379,
    .provider = KH_PROVIDER_RENDER, .render_internal = TRUE, .note = "External URL" },
  { "rediss://red-cq1abc:pw@oregon-keyvalue.render.com:6379", .tls = TRUE, .username = "red-cq1abc",
    .password = "pw", .host = "oregon-keyvalue.render.com", .port = 6379, .provider = KH_PROVIDER_RENDER },
  { "redis://red-abc:pw@frankfurt-keyvalue.render.com:6379", .username = "red-abc", .password = "pw",
    .host = "frankfurt-keyvalue.render.com", .port = 6379, .provider = KH_PROVIDER_RENDER,
    .note = "rediss://" },

  /* Bad URLs */
  { "", .error = "empty" },
  { "   \t ", .error = "empty" },
  { "http://example.com", .error = "Unknown scheme “http”: use redis://, rediss:// or unix://" },
  { "ftp://host:6379", .error = "Unknown scheme “ftp”" },
  { "https://eu1-fine-cat-12345.upstash.io", .error = "This is an Upstash REST URL (https://…upstash.io), "
    "not a Redis URL: copy the rediss:// endpoint from the Upstash console" },
  { "localhost:6379", .error = "no scheme" },
  { "redis:localhost", .error = "missing “//” after “redis:”" },
  { "redis://", .error = "no host" },
  { "redis://:hunter2@:6379", .error = "no host", .secret = "hunter2" },
  { "redis://host:70000", .error = "Port “70000” is out of range (1–65535)" },
  { "redis://host:0", .error = "Port “0” is out of range" },
  { "redis://host:99999999999999999999", .error = "is out of range (1–65535)" },
  { "redis://host:abc", .error = "Port “abc” is not a number" },
  { "redis://host:", .error = "port after “host:” is missing" },
  { "redis://::1:6379", .error = "must be in brackets" },
  { "redis://fe80::1", .error = "must be in brackets" },
  { "redis://[::1", .error = "no closing “]”" },
  { "redis://[nothost]:6379", .error = "“[nothost]” is not an IPv6 address" },
  { "redis://[::1]x", .error = "Unexpected “x” after the IPv6 address" },
  { "redis://host:6379:1", .error = "more than one “:”" },
  { "redis://host:6379/abc", .error = "Database “abc” in the path is not a number" },
  { "redis://host:6379/2/extra", .error = "Unexpected “/extra” after the database number" },
  { "redis://host:6379/99999", .error = "Database “99999” is out of range" },
  { "redis://host:6379?db=x", .error = "Database “x” in “db=” is not a number" },
  { "redis://host:6379/2?db=3", .error = "given twice" },
  { "redis://host:6379#frag", .error = "Unexpected “#frag” at the end" },
  { "redis://my host:6379", .error = "space (character 11)" },
  { "redis://host:6379 trailing", .error = "space (character 18)" },
  { "redis://host:6379\tx", .error = "control character (character 18)" },
  { "redis://:bad%zzpw@host", .error = "Bad percent-encoding in the password", .secret = "zzpw" },
  { "redis://:a%00hidden@host", .error = "NUL", .secret = "hidden" },
  { "redis://:a@host?password=b", .error = "password is given twice" },
  { "redis://ho$t:6379", .error = "contains a character that is not allowed" },
  { "rediss://h?ssl_cert_reqs=maybe", .error = "ssl_cert_reqs=“maybe”" },
  { "rediss://h?ssl_certfile=", .error = "needs a file name" },
  { "unix://", .error = "no socket path" },
  { "unix://tmp/redis.sock", .error = "must be absolute" },
  { "unix:///tmp/redis.sock#x", .error = "Unexpected “#x”" },
};

static void
assert_fields (const UrlCase *c,
               const KhUrl   *url)
{
  g_assert_cmpint (url->tls, ==, c->tls);
  g_assert_cmpint (url->tls_insecure, ==, c->tls_insecure);
  g_assert_cmpstr (url->username, ==, c->username);
  g_assert_cmpstr (url->password, ==, c->password);
  g_assert_cmpstr (url->host, ==, c->host);
  g_assert_cmpuint (url->port, ==, c->port);
  g_assert_cmpstr (url->socket_path, ==, c->socket_path);
  g_assert_cmpint (url->database, ==, c->database);
  g_assert_cmpint (url->provider, ==, c->provider);
  g_assert_cmpint (url->render_internal, ==, c->render_internal);
  g_assert_cmpstr (url->tls_ca_file, ==, c->tls_ca_file);
}

static void
test_url_table (void)
{
  guint n_good = 0, n_bad = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const UrlCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(KhUrl) url = NULL;

      g_test_message ("case %u: %s", i, c->input);
      url = kh_url_parse (c->input, &error);

      if (c->error != NULL)
        {
          g_assert_null (url);
          g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
          if (strstr (error->message, c->error) == NULL)
            g_error ("case %u (%s): “%s” does not contain “%s”", i, c->input, error->message, c->error);
          if (c->secret != NULL)
            g_assert_null (strstr (error->message, c->secret));
          n_bad++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (url);
      assert_fields (c, url);

      g_assert_nonnull (url->notes);
      if (c->note == NULL)
        g_assert_cmpuint (g_strv_length (url->notes), ==, 0);
      else
        {
          g_autofree char *all = g_strjoinv ("\n", url->notes);
          if (strstr (all, c->note) == NULL)
            g_error ("case %u (%s): notes “%s” lack “%s”", i, c->input, all, c->note);
        }

      g_assert_nonnull (url->unknown_options);
      {
        g_autofree char *unknown = g_strjoinv (",", url->unknown_options);
        g_assert_cmpstr (unknown, ==, c->unknown != NULL ? c->unknown : "");
      }
      n_good++;
    }

  g_assert_cmpuint (n_good, >=, 20);
  g_assert_cmpuint (n_bad, >=, 20);
}

/* The canonical string reads back to the same fields, and is stable. */
static void
test_url_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const UrlCase *c = &cases[i];
      g_autoptr(KhUrl) url = NULL;
      g_autoptr(KhUrl) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;
      g_autofree char *no_password = NULL;
      g_autoptr(GError) error = NULL;

      if (c->error != NULL)
        continue;

      url = kh_url_parse (c->input, &error);
      g_assert_no_error (error);
      text = kh_url_to_string (url, TRUE);
      g_assert_cmpstr (text, ==, c->canonical != NULL ? c->canonical : c->input);

      again = kh_url_parse (text, &error);
      g_assert_no_error (error);
      assert_fields (c, again);
      text_again = kh_url_to_string (again, TRUE);
      g_assert_cmpstr (text_again, ==, text);

      no_password = kh_url_to_string (url, FALSE);
      if (c->password != NULL)
        {
          g_autoptr(KhUrl) without = kh_url_parse (no_password, &error);

          g_assert_no_error (error);
          g_assert_null (without->password);
          g_assert_cmpstr (without->username, ==, c->username);
          g_assert_cmpstr (without->host, ==, c->host);
        }
      else
        g_assert_cmpstr (no_password, ==, text);
    }
}

/* Passwords made of letters and every character RFC 3986 reserves, written into
 * URLs unescaped: each is read back exactly, or refused with a message that
 * quotes no part of the user information. */
static void
test_url_generated_passwords (void)
{
  static const char reserved[] = ":/?#[]@!$&'()*+,;=";
  static const char letters[] = "abcXYZ0189-._~";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  guint n_read = 0;

  for (guint round = 0; round < 3000; round++)
    {
      gboolean with_percent = round % 3 == 2;
      guint len = g_rand_int_range (rand, 1, 40);
      g_autoptr(GString) password = g_string_new (NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(KhUrl) url = NULL;

      for (guint i = 0; i < len; i++)
        {
          guint pick = g_rand_int_range (rand, 0, 3);

          if (with_percent && pick == 0)
            g_string_append_c (password, '%');
          else if (pick == 1)
            g_string_append_c (password, reserved[g_rand_int_range (rand, 0, sizeof reserved - 1)]);
          else
            g_string_append_c (password, letters[g_rand_int_range (rand, 0, sizeof letters - 1)]);
        }
      text = g_strdup_printf ("%s://default:%s@127.0.0.1:%u/%u",
                              round % 2 ? "rediss" : "redis", password->str,
                              g_rand_int_range (rand, 1, 65536), g_rand_int_range (rand, 0, 16));
      url = kh_url_parse (text, &error);
      if (url != NULL && !with_percent)
        {
          g_assert_cmpstr (url->username, ==, "default");
          g_assert_cmpstr (url->password, ==, password->str);
          g_assert_cmpstr (url->host, ==, "127.0.0.1");
          n_read++;
          continue;
        }
      if (url != NULL)
        continue;
      g_assert_false (with_percent == FALSE);
      /* No four characters of the user information appear in the message. */
      {
        g_autofree char *userinfo = g_strconcat ("default:", password->str, NULL);
        gsize n = strlen (userinfo);

        for (gsize i = 0; i + 4 <= n; i++)
          {
            g_autofree char *part = g_strndup (userinfo + i, 4);

            if (strstr (error->message, part) != NULL)
              g_error ("“%s” quotes “%s” of the user information of %s", error->message, part, text);
          }
      }
    }
  g_assert_cmpuint (n_read, >=, 1900);
}

/* Bytes that URLs reserve survive a round trip inside a password. */
static void
test_url_encode_every_byte (void)
{
  char password[256];
  g_autofree char *text = NULL;
  g_autoptr(KhUrl) parsed = NULL;
  g_autoptr(GError) error = NULL;
  KhUrl url = { 0 };

  for (guint i = 1; i < 256; i++)
    password[i - 1] = (char) i;
  password[255] = '\0';

  url.host = (char *) "example.com";
  url.port = 6380;
  url.username = (char *) "us er@:/";
  url.password = password;
  text = kh_url_to_string (&url, TRUE);
  g_assert_null (strchr (text, ' '));

  parsed = kh_url_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->password, ==, password);
  g_assert_cmpstr (parsed->username, ==, "us er@:/");
  g_assert_cmpstr (parsed->host, ==, "example.com");
  g_assert_cmpuint (parsed->port, ==, 6380);
}

static void
test_url_warning (void)
{
  g_autoptr(KhUrl) plain = kh_url_parse ("redis://host", NULL);
  g_autoptr(KhUrl) one = kh_url_parse ("redis://host?protocol=3", NULL);
  g_autoptr(KhUrl) two = kh_url_parse ("redis://host?protocol=3&token=abc123", NULL);
  g_autofree char *none = kh_url_get_warning (plain);
  g_autofree char *single = kh_url_get_warning (one);
  g_autofree char *both = kh_url_get_warning (two);

  g_assert_null (none);
  g_assert_nonnull (strstr (single, "option “protocol”"));
  g_assert_nonnull (strstr (both, "options “protocol”, “token”"));
  /* Option values may be tokens: they are not kept. */
  g_assert_null (strstr (both, "abc123"));
}

static void
test_url_copy (void)
{
  g_autoptr(KhUrl) url = kh_url_parse ("redis://u:p@fine-cat.upstash.io/2?x=1", NULL);
  g_autoptr(KhUrl) copy = kh_url_copy (url);

  g_assert_true (copy->password != url->password);
  g_assert_cmpstr (copy->password, ==, "p");
  g_assert_cmpstr (copy->username, ==, "u");
  g_assert_cmpstr (copy->host, ==, "fine-cat.upstash.io");
  g_assert_cmpint (copy->database, ==, 2);
  g_assert_cmpint (copy->provider, ==, KH_PROVIDER_UPSTASH);
  g_assert_true (copy->tls);
  g_assert_cmpuint (g_strv_length (copy->notes), ==, g_strv_length (url->notes));
  g_assert_cmpstr (copy->unknown_options[0], ==, "x");
  g_assert_true (G_TYPE_IS_BOXED (KH_TYPE_URL));
}

static void
test_url_provider_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (KH_TYPE_PROVIDER);
  KhProvider provider;

  g_assert_true (G_TYPE_IS_ENUM (KH_TYPE_PROVIDER));
  g_assert_cmpuint (klass->n_values, ==, 5);
  g_assert_cmpstr (g_enum_get_value (klass, KH_PROVIDER_UPSTASH)->value_nick, ==, "upstash");
  g_assert_cmpstr (kh_provider_to_nick (KH_PROVIDER_RENDER), ==, "render");
  g_assert_true (kh_provider_from_nick ("sandbox", &provider));
  g_assert_cmpint (provider, ==, KH_PROVIDER_SANDBOX);
  g_assert_false (kh_provider_from_nick ("heroku", &provider));
  g_assert_cmpstr (kh_provider_get_display_name (KH_PROVIDER_RENDER), ==, "Render Key Value");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/url/table", test_url_table);
  g_test_add_func ("/core/url/round-trip", test_url_round_trip);
  g_test_add_func ("/core/url/encode-every-byte", test_url_encode_every_byte);
  g_test_add_func ("/core/url/generated-passwords", test_url_generated_passwords);
  g_test_add_func ("/core/url/warning", test_url_warning);
  g_test_add_func ("/core/url/copy", test_url_copy);
  g_test_add_func ("/core/url/provider-enum", test_url_provider_enum);

  return g_test_run ();
}
