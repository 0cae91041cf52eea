/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-url.c: redis://, rediss:// and unix:// URLs
 *
 * The syntax is the one redis-py, node-redis and the providers' consoles use:
 *   redis[s]://[user[:password]@]host[:port][/db][?option=value&...]
 *   unix://[user[:password]@]/path/to/socket[?db=N]
 * Errors name the part that is wrong and never echo the password.
 */
#include "config.h"

#include "kh-url.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"

G_DEFINE_BOXED_TYPE (KhUrl, kh_url, kh_url_copy, kh_url_free)

#define UPSTASH_SUFFIX ".upstash.io"
#define RENDER_SUFFIX ".render.com"

static void
wipe_and_free (char *secret)
{
  if (secret == NULL)
    return;
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';
  g_free (secret);
}

KhUrl *
kh_url_copy (const KhUrl *url)
{
  KhUrl *copy;

  g_return_val_if_fail (url != NULL, NULL);

  copy = g_new0 (KhUrl, 1);
  *copy = *url;
  copy->tls_ca_file = g_strdup (url->tls_ca_file);
  copy->tls_cert_file = g_strdup (url->tls_cert_file);
  copy->tls_key_file = g_strdup (url->tls_key_file);
  copy->username = g_strdup (url->username);
  copy->password = g_strdup (url->password);
  copy->host = g_strdup (url->host);
  copy->socket_path = g_strdup (url->socket_path);
  copy->notes = g_strdupv (url->notes);
  copy->unknown_options = g_strdupv (url->unknown_options);
  return copy;
}

void
kh_url_free (KhUrl *url)
{
  if (url == NULL)
    return;
  g_free (url->tls_ca_file);
  g_free (url->tls_cert_file);
  g_free (url->tls_key_file);
  g_free (url->username);
  wipe_and_free (url->password);
  g_free (url->host);
  g_free (url->socket_path);
  g_strfreev (url->notes);
  g_strfreev (url->unknown_options);
  g_free (url);
}

typedef struct {
  KhUrl     *url;
  GPtrArray *notes;
  GPtrArray *unknown;
  gboolean   has_path_database;
  gboolean   has_query_database;
  gboolean   password_from_userinfo;
  gboolean   username_from_userinfo;
  gboolean   has_tls_options;
} Parser;

static gboolean
set_error (GError    **error,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_error (GError    **error,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (KH_ERROR, KH_ERROR_INVALID_INPUT, format, args));
  va_end (args);
  return FALSE;
}

/* A copy of @len bytes that is safe to show in a message. */
static char *
printable (const char *text,
           gssize      len)
{
  g_autofree char *copy = len < 0 ? g_strdup (text) : g_strndup (text, len);

  return g_utf8_make_valid (copy, -1);
}

static int
hex_value (char c)
{
  if (g_ascii_isdigit (c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes %XX escapes (and '+' as a space in query strings). @what names the
 * part for messages: "the password", "the socket path"... */
static char *
percent_decode (const char  *text,
                gsize        len,
                gboolean     plus_is_space,
                const char  *what,
                GError     **error)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '%')
        {
          int hi = i + 1 < len ? hex_value (text[i + 1]) : -1;
          int lo = i + 2 < len ? hex_value (text[i + 2]) : -1;

          if (hi < 0 || lo < 0)
            {
              set_error (error,
                         _("Bad percent-encoding in %s: “%%” must be followed by two hex digits "
                           "(write “%%” itself as %%25)"), what);
              g_string_free (out, TRUE);
              return NULL;
            }
          if (hi == 0 && lo == 0)
            {
              set_error (error, _("%%00 (a NUL byte) in %s cannot be used"), what);
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_c (out, (char) (hi * 16 + lo));
          i += 2;
        }
      else if (c == '+' && plus_is_space)
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_';
}

/* Digits only, no sign, no spaces; FALSE when not a number at all. */
static gboolean
parse_digits (const char *text,
              gsize       len,
              guint64     max,
              guint64    *value,
              gboolean   *out_of_range)
{
  guint64 v = 0;

  *out_of_range = FALSE;
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      if (v <= max)
        v = v * 10 + (guint64) (text[i] - '0');
    }
  if (v > max)
    *out_of_range = TRUE;
  *value = v;
  return TRUE;
}

static gboolean
set_database (Parser      *parser,
              const char  *text,
              gsize        len,
              gboolean     from_path,
              GError     **error)
{
  g_autofree char *shown = printable (text, len);
  guint64 value = 0;
  gboolean out_of_range;

  if (!parse_digits (text, len, KH_URL_MAX_DATABASE, &value, &out_of_range))
    {
      if (from_path)
        return set_error (error, _("Database “%s” in the path is not a number: write it as /0, /1…"), shown);
      return set_error (error, _("Database “%s” in “db=” is not a number: write it as db=0, db=1…"), shown);
    }
  if (out_of_range)
    return set_error (error, _("Database “%s” is out of range (0–%d)"), shown, KH_URL_MAX_DATABASE);

  if ((from_path && parser->has_query_database) || (!from_path && parser->has_path_database))
    {
      if ((gint) value != parser->url->database)
        return set_error (error,
                          _("The database is given twice, as /%d in the path and db=%d in the query: keep one"),
                          from_path ? (gint) value : parser->url->database,
                          from_path ? parser->url->database : (gint) value);
    }
  if (from_path)
    parser->has_path_database = TRUE;
  else
    parser->has_query_database = TRUE;
  parser->url->database = (gint) value;
  return TRUE;
}

static gboolean
parse_query (Parser      *parser,
             const char  *query,
             gsize        len,
             GError     **error)
{
  KhUrl *url = parser->url;
  g_auto(GStrv) pairs = NULL;
  g_autofree char *copy = g_strndup (query, len);

  pairs = g_strsplit (copy, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = pairs[i];
      const char *eq = strchr (pair, '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *shown_name = NULL;
      g_autofree char *what = NULL;

      if (*pair == '\0')
        continue;

      name = percent_decode (pair, eq != NULL ? (gsize) (eq - pair) : strlen (pair), TRUE,
                             _("an option name"), error);
      if (name == NULL)
        return FALSE;
      shown_name = printable (name, -1);

      if (g_str_equal (name, "password"))
        what = g_strdup (_("the password"));
      else
        what = g_strdup_printf (_("the option “%s”"), shown_name);
      value = percent_decode (eq != NULL ? eq + 1 : "", eq != NULL ? strlen (eq + 1) : 0, TRUE,
                              what, error);
      if (value == NULL)
        return FALSE;

      if (g_str_equal (name, "db"))
        {
          if (!set_database (parser, value, strlen (value), FALSE, error))
            return FALSE;
        }
      else if (g_str_equal (name, "password") || g_str_equal (name, "username"))
        {
          gboolean is_password = g_str_equal (name, "password");
          char **field = is_password ? &url->password : &url->username;
          gboolean from_userinfo = is_password ? parser->password_from_userinfo
                                               : parser->username_from_userinfo;

          if (is_password)
            {
              wipe_and_free (*field);
              *field = NULL;
            }
          if (from_userinfo)
            {
              if (is_password)
                wipe_and_free (g_steal_pointer (&value));
              return set_error (error, is_password
                                ? _("The password is given twice, before “@” and as “password=”: keep one")
                                : _("The user name is given twice, before “@” and as “username=”: keep one"));
            }
          g_free (*field);
          *field = *value != '\0' ? g_steal_pointer (&value) : NULL;
        }
      else if (g_str_equal (name, "ssl_cert_reqs"))
        {
          const char *v = value;

          if (g_ascii_strncasecmp (v, "cert_", 5) == 0)
            v += 5;
          if (g_ascii_strcasecmp (v, "none") == 0)
            url->tls_insecure = TRUE;
          else if (g_ascii_strcasecmp (v, "optional") == 0 || g_ascii_strcasecmp (v, "required") == 0)
            url->tls_insecure = FALSE;
          else
            {
              g_autofree char *shown = printable (value, -1);
              return set_error (error, _("Option ssl_cert_reqs=“%s” is not one of none, optional or required"),
                                shown);
            }
          parser->has_tls_options = TRUE;
        }
      else if (g_str_equal (name, "ssl_ca_certs") || g_str_equal (name, "ssl_certfile") ||
               g_str_equal (name, "ssl_keyfile"))
        {
          char **field = g_str_equal (name, "ssl_ca_certs") ? &url->tls_ca_file
                         : g_str_equal (name, "ssl_certfile") ? &url->tls_cert_file
                         : &url->tls_key_file;

          if (*value == '\0')
            return set_error (error, _("Option “%s” needs a file name, as in %s=/path/to/file.pem"),
                              shown_name, shown_name);
          g_free (*field);
          *field = g_steal_pointer (&value);
          parser->has_tls_options = TRUE;
        }
      else
        {
          /* The value is not kept: unknown options may carry tokens. */
          g_ptr_array_add (parser->unknown, g_steal_pointer (&shown_name));
        }
    }
  return TRUE;
}

static void
add_note (Parser     *parser,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (Parser     *parser,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (parser->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_str_equal (host, "localhost") || g_str_has_suffix (host, ".localhost"))
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
recognise_provider (Parser     *parser,
                    const char *scheme)
{
  KhUrl *url = parser->url;

  if (url->socket_path != NULL || host_is_loopback (url->host))
    {
      url->provider = KH_PROVIDER_LOCAL;
    }
  else if (g_str_has_prefix (url->host, "red-") && strchr (url->host, '.') == NULL)
    {
      url->provider = KH_PROVIDER_RENDER;
      url->render_internal = TRUE;
      add_note (parser,
                _("“%s” is Render’s internal host name: it works only for Render services in the "
                  "same region. On your computer, use the External URL from the instance’s page in the "
                  "Render dashboard (rediss://…-keyvalue.render.com:6379), and add your IP address to "
                  "its allow-list."), url->host);
    }
  else if (g_str_has_suffix (url->host, RENDER_SUFFIX))
    {
      url->provider = KH_PROVIDER_RENDER;
      if (!url->tls)
        add_note (parser,
                  _("Render accepts external connections over TLS only: use the rediss:// URL "
                    "from the Render dashboard."));
    }
  else if (g_str_has_suffix (url->host, UPSTASH_SUFFIX))
    {
      url->provider = KH_PROVIDER_UPSTASH;
      if (!url->tls)
        {
          url->tls = TRUE;
          add_note (parser,
                    _("Upstash accepts TLS connections only: Keyhole turned TLS on although the URL "
                      "said %s://."), scheme);
        }
      if (g_strcmp0 (url->username, "default_ro") == 0)
        add_note (parser, _("“default_ro” is Upstash’s read-only user: write commands will be refused."));
    }
  else
    {
      url->provider = KH_PROVIDER_CUSTOM;
    }

  if (parser->has_tls_options && !url->tls)
    add_note (parser,
              _("The URL has TLS options but uses %s:// (no TLS): use rediss:// to connect with TLS."),
              scheme);
}

/* The host of an http(s) URL, to recognise Upstash's REST endpoint. */
static gboolean
is_upstash_rest (const char *rest)
{
  gsize end = strcspn (rest, "/?#");
  g_autofree char *authority = g_ascii_strdown (rest, end);
  char *host = strrchr (authority, '@');
  char *colon;

  host = host != NULL ? host + 1 : authority;
  colon = strchr (host, ':');
  if (colon != NULL)
    *colon = '\0';
  return g_str_has_suffix (host, UPSTASH_SUFFIX);
}

/* '@' after the end of the authority, outside a query value: a password
 * with an unescaped '/', '?' or '#'. */
static gboolean
has_misplaced_at (const char *after_authority)
{
  const char *at = strchr (after_authority, '@');
  const char *eq = strchr (after_authority, '=');

  return at != NULL && (eq == NULL || at < eq);
}

static gboolean
parse_userinfo (Parser      *parser,
                const char  *userinfo,
                gsize        len,
                GError     **error)
{
  KhUrl *url = parser->url;
  const char *colon = memchr (userinfo, ':', len);
  gsize user_len = colon != NULL ? (gsize) (colon - userinfo) : len;
  g_autofree char *username = NULL;

  username = percent_decode (userinfo, user_len, FALSE, _("the user name"), error);
  if (username == NULL)
    return FALSE;
  if (*username != '\0')
    {
      url->username = g_steal_pointer (&username);
      parser->username_from_userinfo = TRUE;
    }

  if (colon != NULL)
    {
      char *password = percent_decode (colon + 1, len - user_len - 1, FALSE, _("the password"), error);

      if (password == NULL)
        return FALSE;
      if (*password != '\0')
        {
          url->password = password;
          parser->password_from_userinfo = TRUE;
        }
      else
        g_free (password);
    }
  return TRUE;
}

static gboolean
parse_host_port (Parser      *parser,
                 const char  *text,
                 gsize        len,
                 const char  *scheme,
                 GError     **error)
{
  KhUrl *url = parser->url;
  g_autofree char *hostport = g_strndup (text, len);
  g_autofree char *host = NULL;
  const char *port = NULL;

  if (len == 0)
    return set_error (error, _("The URL has no host: write it as %s://host:6379"), scheme);

  if (hostport[0] == '[')
    {
      char *close = strchr (hostport, ']');

      if (close == NULL)
        return set_error (error, _("The IPv6 address after “[” has no closing “]”"));
      host = g_strndup (hostport + 1, close - hostport - 1);
      if (strchr (host, ':') == NULL || !g_hostname_is_ip_address (host))
        {
          g_autofree char *shown = printable (host, -1);
          return set_error (error, _("“[%s]” is not an IPv6 address"), shown);
        }
      if (close[1] == ':')
        port = close + 2;
      else if (close[1] != '\0')
        {
          g_autofree char *shown = printable (close + 1, -1);
          return set_error (error, _("Unexpected “%s” after the IPv6 address: expected “:port”"), shown);
        }
    }
  else
    {
      char *colon = strchr (hostport, ':');

      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        {
          g_autofree char *shown = printable (hostport, -1);

          g_autofree char *before_port = g_strndup (hostport, strrchr (hostport, ':') - hostport);

          if (g_hostname_is_ip_address (hostport) || g_hostname_is_ip_address (before_port))
            return set_error (error, _("The IPv6 address “%s” must be in brackets, as in %s://[::1]:6379"),
                              shown, scheme);
          return set_error (error, _("The host “%s” has more than one “:”"), shown);
        }
      if (colon != NULL)
        {
          *colon = '\0';
          port = colon + 1;
        }
      host = g_strdup (hostport);
      if (*host == '\0')
        return set_error (error, _("The URL has no host: write it as %s://host:6379"), scheme);
      for (const char *p = host; *p != '\0'; p++)
        if (!is_host_char (*p))
          {
            g_autofree char *shown = printable (host, -1);
            return set_error (error,
                              _("The host “%s” contains a character that is not allowed: use letters, "
                                "digits, “-” and “.”"), shown);
          }
    }

  url->host = g_ascii_strdown (host, -1);
  url->port = KH_URL_DEFAULT_PORT;
  if (port != NULL)
    {
      g_autofree char *shown = printable (port, -1);
      guint64 value = 0;
      gboolean out_of_range;

      if (*port == '\0')
        return set_error (error, _("The port after “%s:” is missing"), url->host);
      if (!parse_digits (port, strlen (port), 65535, &value, &out_of_range))
        return set_error (error, _("Port “%s” is not a number"), shown);
      if (out_of_range || value == 0)
        return set_error (error, _("Port “%s” is out of range (1–65535)"), shown);
      url->port = (guint16) value;
    }
  return TRUE;
}

/* Whether @text (@len bytes) looks like host[:port] or [ipv6][:port]. */
static gboolean
looks_like_host_port (const char *text,
                      gsize       len)
{
  gsize i = 0;

  if (len == 0)
    return FALSE;
  if (text[0] == '[')
    {
      const char *close = memchr (text, ']', len);

      if (close == NULL)
        return FALSE;
      i = close - text + 1;
    }
  else
    {
      while (i < len && is_host_char (text[i]))
        i++;
      if (i == 0)
        return FALSE;
    }
  if (i == len)
    return TRUE;
  if (text[i] != ':' || i + 1 == len)
    return FALSE;
  for (i++; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Whether @prefix (@len bytes) ends inside a query option Keyhole knows
 * ("?username=me@corp"): an '@' there belongs to the option's value. */
static gboolean
ends_in_known_option (const char *prefix,
                      gsize       len)
{
  static const char *const names[] = { "username=", "password=", "db=" };

  for (gsize i = 0; i < len; i++)
    if (prefix[i] == '?' || prefix[i] == '&')
      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        if (len - i - 1 >= strlen (names[n]) &&
            strncmp (prefix + i + 1, names[n], strlen (names[n])) == 0)
          return TRUE;
  return FALSE;
}

/* Where the user information ends: the last '@' that a host follows, as RFC 3986
 * splits an authority, but found before the path so that a password with an
 * unescaped '/', '?' or '#' (common in managed services' base64 tokens) is still
 * read as a password, never as a port, a database or a path that a message
 * would quote. NULL when there is no user information. */
static const char *
find_userinfo_end (const char *rest)
{
  for (const char *at = strrchr (rest, '@'); at != NULL; )
    {
      const char *host = at + 1;

      if (looks_like_host_port (host, strcspn (host, "/?#")) &&
          !ends_in_known_option (rest, at - rest))
        return at;
      while (at > rest && *--at != '@')
        ;
      if (*at != '@')
        break;
    }
  return NULL;
}

/* After the scheme of a redis:// or rediss:// URL. */
static gboolean
parse_tcp (Parser      *parser,
           const char  *rest,
           const char  *scheme,
           GError     **error)
{
  const char *at = find_userinfo_end (rest);
  const char *hostport;
  const char *after;

  if (at == NULL)
    {
      gsize authority_len = strcspn (rest, "/?#");

      for (gsize i = 0; i < authority_len; i++)
        if (rest[i] == '@')
          at = rest + i;
      if (at == NULL && has_misplaced_at (rest + authority_len))
        return set_error (error,
                          _("The URL has an “@” after the host: if the password contains “/”, “?” or “#”, "
                            "write them as %%2F, %%3F and %%23"));
    }

  if (at != NULL && !parse_userinfo (parser, rest, at - rest, error))
    return FALSE;
  hostport = at != NULL ? at + 1 : rest;
  after = hostport + strcspn (hostport, "/?#");
  if (!parse_host_port (parser, hostport, after - hostport, scheme, error))
    return FALSE;

  if (*after == '/')
    {
      const char *path = after + 1;
      gsize path_len = strcspn (path, "?#");
      gsize digits = strspn (path, "0123456789");

      if (digits < path_len && digits > 0)
        {
          g_autofree char *shown = printable (path + digits, path_len - digits);
          return set_error (error, _("Unexpected “%s” after the database number"), shown);
        }
      if (path_len > 0 && !set_database (parser, path, path_len, TRUE, error))
        return FALSE;
      after = path + path_len;
    }

  if (*after == '?')
    {
      const char *query = after + 1;
      gsize query_len = strcspn (query, "#");

      if (!parse_query (parser, query, query_len, error))
        return FALSE;
      after = query + query_len;
    }

  if (*after == '#')
    {
      g_autofree char *shown = printable (after, -1);
      return set_error (error, _("Unexpected “%s” at the end of the URL"), shown);
    }
  return TRUE;
}

/* After "unix://": [userinfo@]/path[?query] */
static gboolean
parse_unix (Parser      *parser,
            const char  *rest,
            GError     **error)
{
  const char *query = strchr (rest, '?');
  gsize head_len = query != NULL ? (gsize) (query - rest) : strlen (rest);
  g_autofree char *head = g_strndup (rest, head_len);
  const char *path = head;
  char *at_slash;

  if (*head != '/' && (at_slash = strstr (head, "@/")) != NULL)
    {
      if (!parse_userinfo (parser, head, at_slash - head, error))
        return FALSE;
      path = at_slash + 1;
    }

  if (*path == '\0' || g_str_equal (path, "/"))
    return set_error (error, _("The unix:// URL has no socket path: write it as unix:///run/redis/redis.sock"));
  if (*path != '/')
    return set_error (error,
                      _("The socket path must be absolute: write unix:///path/to/redis.sock, with three "
                        "slashes"));
  if (strchr (path, '#') != NULL)
    {
      g_autofree char *shown = printable (strchr (path, '#'), -1);
      return set_error (error, _("Unexpected “%s” at the end of the URL"), shown);
    }

  parser->url->socket_path = percent_decode (path, strlen (path), FALSE, _("the socket path"), error);
  if (parser->url->socket_path == NULL)
    return FALSE;

  if (query != NULL)
    {
      const char *end = strchr (query + 1, '#');

      if (end != NULL)
        {
          g_autofree char *shown = printable (end, -1);
          return set_error (error, _("Unexpected “%s” at the end of the URL"), shown);
        }
      if (!parse_query (parser, query + 1, strlen (query + 1), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_characters (const char  *text,
                  GError     **error)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == ' ')
        return set_error (error,
                          _("The URL contains a space (character %d): remove it, or write it as %%20 "
                            "inside a password"), (int) (p - text) + 1);
      if (c < 0x20 || c == 0x7f)
        return set_error (error, _("The URL contains a control character (character %d)"),
                          (int) (p - text) + 1);
    }
  return TRUE;
}

KhUrl *
kh_url_parse (const char  *text,
              GError     **error)
{
  g_autoptr(KhUrl) url = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *scheme = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  Parser parser = { 0 };
  const char *sep;
  const char *rest;
  gboolean ok;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      set_error (error, _("The URL is empty: paste a redis://, rediss:// or unix:// URL"));
      return NULL;
    }
  if (!check_characters (trimmed, error))
    return NULL;

  sep = strstr (trimmed, "://");
  if (sep == NULL)
    {
      static const char * const known[] = { "redis:", "rediss:", "unix:", "valkey:", "valkeys:" };

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        if (g_ascii_strncasecmp (trimmed, known[i], strlen (known[i])) == 0)
          {
            set_error (error, _("The URL is missing “//” after “%s”"), known[i]);
            return NULL;
          }
    }
  if (sep == NULL || sep == trimmed)
    {
      set_error (error, _("The URL has no scheme: start it with redis://, rediss:// (TLS) or unix://"));
      return NULL;
    }
  for (const char *p = trimmed; p < sep; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      {
        set_error (error, _("The URL has no scheme: start it with redis://, rediss:// (TLS) or unix://"));
        return NULL;
      }
  scheme = g_ascii_strdown (trimmed, sep - trimmed);
  rest = sep + 3;

  url = g_new0 (KhUrl, 1);
  notes = g_ptr_array_new_with_free_func (g_free);
  unknown = g_ptr_array_new_with_free_func (g_free);
  parser.url = url;
  parser.notes = notes;
  parser.unknown = unknown;

  if (g_str_equal (scheme, "redis") || g_str_equal (scheme, "valkey"))
    ok = parse_tcp (&parser, rest, scheme, error);
  else if (g_str_equal (scheme, "rediss") || g_str_equal (scheme, "valkeys"))
    {
      url->tls = TRUE;
      ok = parse_tcp (&parser, rest, scheme, error);
    }
  else if (g_str_equal (scheme, "unix"))
    ok = parse_unix (&parser, rest, error);
  else if ((g_str_equal (scheme, "https") || g_str_equal (scheme, "http")) && is_upstash_rest (rest))
    {
      set_error (error,
                 _("This is an Upstash REST URL (https://…upstash.io), not a Redis URL: copy the "
                   "rediss:// endpoint from the Upstash console"));
      return NULL;
    }
  else
    {
      g_autofree char *shown = printable (scheme, -1);
      set_error (error, _("Unknown scheme “%s”: use redis://, rediss:// or unix://"), shown);
      return NULL;
    }
  if (!ok)
    return NULL;

  recognise_provider (&parser, scheme);

  g_ptr_array_add (notes, NULL);
  url->notes = (GStrv) g_ptr_array_steal (notes, NULL);
  g_ptr_array_add (unknown, NULL);
  url->unknown_options = (GStrv) g_ptr_array_steal (unknown, NULL);
  return g_steal_pointer (&url);
}

char *
kh_url_get_warning (const KhUrl *url)
{
  g_autofree char *quoted = NULL;
  GString *list;
  guint n;

  g_return_val_if_fail (url != NULL, NULL);

  n = url->unknown_options != NULL ? g_strv_length (url->unknown_options) : 0;
  if (n == 0)
    return NULL;

  list = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "", url->unknown_options[i]);
  quoted = g_string_free (list, FALSE);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Keyhole ignored the unknown URL option %s.",
                                       "Keyhole ignored the unknown URL options %s.", n),
                          quoted);
}

static void
append_encoded (GString    *out,
                const char *text,
                const char *also_allowed)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL ||
          (also_allowed != NULL && strchr (also_allowed, *p) != NULL))
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

static void
append_option (GString    *out,
               gboolean   *first,
               const char *name,
               const char *value)
{
  g_string_append_c (out, *first ? '?' : '&');
  *first = FALSE;
  g_string_append (out, name);
  g_string_append_c (out, '=');
  append_encoded (out, value, "/");
}

char *
kh_url_to_string (const KhUrl *url,
                  gboolean     include_password)
{
  GString *out;
  gboolean first = TRUE;
  gboolean with_password;

  g_return_val_if_fail (url != NULL, NULL);

  out = g_string_new (url->socket_path != NULL ? "unix://" : url->tls ? "rediss://" : "redis://");

  with_password = include_password && url->password != NULL;
  if (url->username != NULL || with_password)
    {
      if (url->username != NULL)
        append_encoded (out, url->username, NULL);
      if (with_password)
        {
          g_string_append_c (out, ':');
          append_encoded (out, url->password, NULL);
        }
      g_string_append_c (out, '@');
    }

  if (url->socket_path != NULL)
    {
      append_encoded (out, url->socket_path, "/");
      if (url->database > 0)
        {
          g_autofree char *db = g_strdup_printf ("%d", url->database);
          append_option (out, &first, "db", db);
        }
    }
  else
    {
      if (url->host != NULL && strchr (url->host, ':') != NULL)
        g_string_append_printf (out, "[%s]", url->host);
      else
        g_string_append (out, url->host != NULL ? url->host : "localhost");
      g_string_append_printf (out, ":%u", url->port != 0 ? url->port : KH_URL_DEFAULT_PORT);
      if (url->database > 0)
        g_string_append_printf (out, "/%d", url->database);
    }

  if (url->tls_insecure)
    append_option (out, &first, "ssl_cert_reqs", "none");
  if (url->tls_ca_file != NULL)
    append_option (out, &first, "ssl_ca_certs", url->tls_ca_file);
  if (url->tls_cert_file != NULL)
    append_option (out, &first, "ssl_certfile", url->tls_cert_file);
  if (url->tls_key_file != NULL)
    append_option (out, &first, "ssl_keyfile", url->tls_key_file);

  return g_string_free (out, FALSE);
}
