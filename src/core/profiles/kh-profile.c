/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile.c: a saved connection */
#include "config.h"

#include "kh-profile.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-profile-preset.h"
#include "kh-provider-hints.h"

struct _KhProfile {
  GObject     parent_instance;

  char       *id;
  char       *name;
  KhProvider  provider;
  char       *host;
  guint       port;
  char       *socket_path;
  gboolean    tls;
  gboolean    tls_insecure;
  char       *tls_ca_file;
  char       *tls_cert_file;
  char       *tls_key_file;
  char       *tls_server_name;
  char       *username;
  gint        database;
  gboolean    read_only;
  char       *delimiter;
  char       *color;
  gboolean    economy;
};

G_DEFINE_FINAL_TYPE (KhProfile, kh_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PROVIDER,
  PROP_HOST,
  PROP_PORT,
  PROP_SOCKET_PATH,
  PROP_TLS,
  PROP_TLS_INSECURE,
  PROP_TLS_CA_FILE,
  PROP_TLS_CERT_FILE,
  PROP_TLS_KEY_FILE,
  PROP_TLS_SERVER_NAME,
  PROP_USERNAME,
  PROP_DATABASE,
  PROP_READ_ONLY,
  PROP_DELIMITER,
  PROP_COLOR,
  PROP_ECONOMY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const colors[] = {
  "blue", "teal", "green", "yellow", "orange", "red", "pink", "purple", "slate", NULL
};

const char * const *
kh_profile_get_colors (void)
{
  return colors;
}

static gboolean
is_known_color (const char *color)
{
  return color == NULL || g_strv_contains (colors, color);
}

/* Sets an optional string, where "" means unset; notifies on change. */
static void
set_optional_string (KhProfile  *self,
                     char      **field,
                     const char *value,
                     guint       prop_id)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean (KhProfile *self,
             gboolean  *field,
             gboolean   value,
             guint      prop_id)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
kh_profile_finalize (GObject *object)
{
  KhProfile *self = KH_PROFILE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->host);
  g_free (self->socket_path);
  g_free (self->tls_ca_file);
  g_free (self->tls_cert_file);
  g_free (self->tls_key_file);
  g_free (self->tls_server_name);
  g_free (self->username);
  g_free (self->delimiter);
  g_free (self->color);

  G_OBJECT_CLASS (kh_profile_parent_class)->finalize (object);
}

static void
kh_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhProfile *self = KH_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PROVIDER: g_value_set_enum (value, self->provider); break;
    case PROP_HOST: g_value_set_string (value, self->host); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    case PROP_SOCKET_PATH: g_value_set_string (value, self->socket_path); break;
    case PROP_TLS: g_value_set_boolean (value, self->tls); break;
    case PROP_TLS_INSECURE: g_value_set_boolean (value, self->tls_insecure); break;
    case PROP_TLS_CA_FILE: g_value_set_string (value, self->tls_ca_file); break;
    case PROP_TLS_CERT_FILE: g_value_set_string (value, self->tls_cert_file); break;
    case PROP_TLS_KEY_FILE: g_value_set_string (value, self->tls_key_file); break;
    case PROP_TLS_SERVER_NAME: g_value_set_string (value, self->tls_server_name); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_DATABASE: g_value_set_int (value, self->database); break;
    case PROP_READ_ONLY: g_value_set_boolean (value, self->read_only); break;
    case PROP_DELIMITER: g_value_set_string (value, self->delimiter); break;
    case PROP_COLOR: g_value_set_string (value, self->color); break;
    case PROP_ECONOMY: g_value_set_boolean (value, self->economy); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KhProfile *self = KH_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID: kh_profile_set_id (self, g_value_get_string (value)); break;
    case PROP_NAME: kh_profile_set_name (self, g_value_get_string (value)); break;
    case PROP_PROVIDER: kh_profile_set_provider (self, g_value_get_enum (value)); break;
    case PROP_HOST: kh_profile_set_host (self, g_value_get_string (value)); break;
    case PROP_PORT: kh_profile_set_port (self, g_value_get_uint (value)); break;
    case PROP_SOCKET_PATH: kh_profile_set_socket_path (self, g_value_get_string (value)); break;
    case PROP_TLS: kh_profile_set_tls (self, g_value_get_boolean (value)); break;
    case PROP_TLS_INSECURE: kh_profile_set_tls_insecure (self, g_value_get_boolean (value)); break;
    case PROP_TLS_CA_FILE: kh_profile_set_tls_ca_file (self, g_value_get_string (value)); break;
    case PROP_TLS_CERT_FILE: kh_profile_set_tls_cert_file (self, g_value_get_string (value)); break;
    case PROP_TLS_KEY_FILE: kh_profile_set_tls_key_file (self, g_value_get_string (value)); break;
    case PROP_TLS_SERVER_NAME: kh_profile_set_tls_server_name (self, g_value_get_string (value)); break;
    case PROP_USERNAME: kh_profile_set_username (self, g_value_get_string (value)); break;
    case PROP_DATABASE: kh_profile_set_database (self, g_value_get_int (value)); break;
    case PROP_READ_ONLY: kh_profile_set_read_only (self, g_value_get_boolean (value)); break;
    case PROP_DELIMITER: kh_profile_set_delimiter (self, g_value_get_string (value)); break;
    case PROP_COLOR: kh_profile_set_color (self, g_value_get_string (value)); break;
    case PROP_ECONOMY: kh_profile_set_economy (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_profile_class_init (KhProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_profile_finalize;
  object_class->get_property = kh_profile_get_property;
  object_class->set_property = kh_profile_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_PROVIDER] =
    g_param_spec_enum ("provider", NULL, NULL, KH_TYPE_PROVIDER, KH_PROVIDER_CUSTOM, flags);
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, 65535, KH_URL_DEFAULT_PORT, flags);
  properties[PROP_SOCKET_PATH] =
    g_param_spec_string ("socket-path", NULL, NULL, NULL, flags);
  properties[PROP_TLS] =
    g_param_spec_boolean ("tls", NULL, NULL, FALSE, flags);
  properties[PROP_TLS_INSECURE] =
    g_param_spec_boolean ("tls-insecure", NULL, NULL, FALSE, flags);
  properties[PROP_TLS_CA_FILE] =
    g_param_spec_string ("tls-ca-file", NULL, NULL, NULL, flags);
  properties[PROP_TLS_CERT_FILE] =
    g_param_spec_string ("tls-cert-file", NULL, NULL, NULL, flags);
  properties[PROP_TLS_KEY_FILE] =
    g_param_spec_string ("tls-key-file", NULL, NULL, NULL, flags);
  properties[PROP_TLS_SERVER_NAME] =
    g_param_spec_string ("tls-server-name", NULL, NULL, NULL, flags);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_DATABASE] =
    g_param_spec_int ("database", NULL, NULL, 0, KH_PROFILE_MAX_DATABASE, 0, flags);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, flags);
  properties[PROP_DELIMITER] =
    g_param_spec_string ("delimiter", NULL, NULL, KH_PROFILE_DEFAULT_DELIMITER, flags);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_ECONOMY] =
    g_param_spec_boolean ("economy", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_profile_init (KhProfile *self)
{
  self->id = g_uuid_string_random ();
  self->name = g_strdup ("");
  self->provider = KH_PROVIDER_CUSTOM;
  self->port = KH_URL_DEFAULT_PORT;
  self->delimiter = g_strdup (KH_PROFILE_DEFAULT_DELIMITER);
}

KhProfile *
kh_profile_new (void)
{
  return g_object_new (KH_TYPE_PROFILE, NULL);
}

KhProfile *
kh_profile_new_for_provider (KhProvider provider)
{
  KhProfile *self = kh_profile_new ();

  self->provider = provider;
  g_free (self->name);
  self->name = g_strdup (kh_provider_get_display_name (provider));
  kh_profile_preset_apply (self, provider, NULL);
  return self;
}

void
kh_profile_apply_url (KhProfile   *self,
                      const KhUrl *url)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  g_return_if_fail (url != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  kh_profile_set_provider (self, url->provider);
  kh_profile_set_host (self, url->host);
  kh_profile_set_port (self, url->port != 0 ? url->port : KH_URL_DEFAULT_PORT);
  kh_profile_set_socket_path (self, url->socket_path);
  kh_profile_set_tls (self, url->tls);
  kh_profile_set_tls_insecure (self, url->tls_insecure);
  kh_profile_set_tls_ca_file (self, url->tls_ca_file);
  kh_profile_set_tls_cert_file (self, url->tls_cert_file);
  kh_profile_set_tls_key_file (self, url->tls_key_file);
  kh_profile_set_username (self, url->username);
  kh_profile_set_database (self, CLAMP (url->database, 0, KH_PROFILE_MAX_DATABASE));
  /* Upstash bills every command: fetch per-key metadata only on demand. */
  kh_profile_set_economy (self, url->provider == KH_PROVIDER_UPSTASH);
  if (url->provider == KH_PROVIDER_UPSTASH && g_strcmp0 (url->username, "default_ro") == 0)
    kh_profile_set_read_only (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
}

/* "oregon" from "oregon-keyvalue.render.com"; "name" from "name.upstash.io". */
static char *
first_label (const char *host,
             const char *strip_suffix)
{
  gsize len = strcspn (host, ".");
  g_autofree char *label = g_strndup (host, len);

  if (strip_suffix != NULL && g_str_has_suffix (label, strip_suffix) &&
      strlen (label) > strlen (strip_suffix))
    label[strlen (label) - strlen (strip_suffix)] = '\0';
  return g_steal_pointer (&label);
}

char *
kh_profile_suggest_name (KhProfile *self)
{
  const char *host;
  g_autofree char *address = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);

  host = self->socket_path == NULL ? self->host : NULL;
  if (self->socket_path == NULL && self->host == NULL)
    return g_strdup (kh_provider_get_display_name (self->provider));
  address = kh_profile_describe_address (self);

  switch (self->provider)
    {
    case KH_PROVIDER_UPSTASH:
      if (host != NULL && g_str_has_suffix (host, ".upstash.io"))
        label = first_label (host, NULL);
      return g_strdup_printf (_("Upstash · %s"), label != NULL ? label : address);
    case KH_PROVIDER_RENDER:
      if (kh_provider_hints_is_render_internal (host))
        return g_strdup_printf (_("Render · %s (internal)"), host);
      if (host != NULL && g_str_has_suffix (host, ".render.com"))
        label = first_label (host, "-keyvalue");
      return g_strdup_printf (_("Render · %s"), label != NULL ? label : address);
    case KH_PROVIDER_LOCAL:
      return g_strdup_printf (_("Local · %s"), address);
    case KH_PROVIDER_CUSTOM:
    case KH_PROVIDER_SANDBOX:
    default:
      return g_steal_pointer (&address);
    }
}

KhProfile *
kh_profile_new_from_url (const KhUrl *url)
{
  KhProfile *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  self = kh_profile_new ();
  kh_profile_apply_url (self, url);
  name = kh_profile_suggest_name (self);
  kh_profile_set_name (self, name);
  return self;
}

KhProfile *
kh_profile_dup (KhProfile *self)
{
  KhProfile *copy;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);

  copy = kh_profile_new ();
  for (guint i = PROP_0 + 1; i < N_PROPS; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (i == PROP_ID)
        continue;
      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (properties[i]));
      g_object_get_property (G_OBJECT (self), properties[i]->name, &value);
      g_object_set_property (G_OBJECT (copy), properties[i]->name, &value);
    }
  name = g_strdup_printf (_("%s (copy)"), self->name);
  kh_profile_set_name (copy, name);
  return copy;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[strspn (text, " \t\r\n")] == '\0';
}

gboolean
kh_profile_validate (KhProfile  *self,
                     GError    **error)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), FALSE);

  if (is_blank (self->name))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT, _("Give the connection a name"));
      return FALSE;
    }
  if (self->socket_path != NULL)
    {
      if (!g_path_is_absolute (self->socket_path))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("The socket path “%s” must be absolute, as in /run/redis/redis.sock"),
                       self->socket_path);
          return FALSE;
        }
    }
  else if (is_blank (self->host))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("Enter a host name, or a socket path for a server on this computer"));
      return FALSE;
    }
  else if (strstr (self->host, "://") != NULL)
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("The host field takes a host name, not a URL: use “Paste URL” to fill "
                             "the form from a URL"));
      return FALSE;
    }
  else
    {
      for (const char *p = self->host; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && strchr ("-._:", *p) == NULL)
          {
            g_autofree char *shown = g_utf8_make_valid (self->host, -1);
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                         _("The host “%s” contains a character that is not allowed: use letters, "
                           "digits, “-” and “.”, or an IP address"), shown);
            return FALSE;
          }
    }
  if (self->port < 1 || self->port > 65535)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("Port %u is out of range (1–65535)"), self->port);
      return FALSE;
    }
  if (self->database < 0 || self->database > KH_PROFILE_MAX_DATABASE)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("Database %d is out of range (0–%d)"), self->database, KH_PROFILE_MAX_DATABASE);
      return FALSE;
    }
  if ((self->tls_cert_file == NULL) != (self->tls_key_file == NULL))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           self->tls_cert_file == NULL
                           ? _("A client key needs its certificate: choose the certificate file too, or remove the key")
                           : _("A client certificate needs its private key: choose the key file too, or remove the certificate"));
      return FALSE;
    }
  return TRUE;
}

KhConnectionConfig *
kh_profile_to_connection_config (KhProfile  *self,
                                 const char *password)
{
  KhConnectionConfig *config;

  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);

  config = kh_connection_config_new ();
  if (self->socket_path != NULL)
    config->socket_path = g_strdup (self->socket_path);
  else
    {
      config->host = g_strdup (self->host);
      config->port = (guint16) self->port;
    }
  config->tls = self->tls;
  config->tls_insecure = self->tls_insecure;
  config->tls_ca_file = g_strdup (self->tls_ca_file);
  config->tls_cert_file = g_strdup (self->tls_cert_file);
  config->tls_key_file = g_strdup (self->tls_key_file);
  config->tls_server_name = g_strdup (self->tls_server_name);
  config->username = g_strdup (self->username);
  config->password = password != NULL && *password != '\0' ? g_strdup (password) : NULL;
  config->database = self->database;
  return config;
}

KhUrl *
kh_profile_to_url (KhProfile *self)
{
  KhUrl *url;

  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);

  url = g_new0 (KhUrl, 1);
  url->tls = self->tls;
  url->tls_insecure = self->tls_insecure;
  url->tls_ca_file = g_strdup (self->tls_ca_file);
  url->tls_cert_file = g_strdup (self->tls_cert_file);
  url->tls_key_file = g_strdup (self->tls_key_file);
  url->username = g_strdup (self->username);
  url->socket_path = g_strdup (self->socket_path);
  if (self->socket_path == NULL)
    {
      url->host = g_strdup (self->host);
      url->port = (guint16) self->port;
    }
  url->database = self->database;
  url->provider = self->provider;
  url->notes = g_new0 (char *, 1);
  url->unknown_options = g_new0 (char *, 1);
  return url;
}

char *
kh_profile_describe_address (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);

  if (self->socket_path != NULL)
    return g_strdup (self->socket_path);
  if (self->host != NULL && strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, self->port);
  return g_strdup_printf ("%s:%u", self->host != NULL ? self->host : "", self->port);
}

const char *
kh_profile_get_id (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->id;
}

void
kh_profile_set_id (KhProfile  *self,
                   const char *id)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  g_return_if_fail (id != NULL && *id != '\0');

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
kh_profile_get_name (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->name;
}

void
kh_profile_set_name (KhProfile  *self,
                     const char *name)
{
  g_return_if_fail (KH_IS_PROFILE (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

KhProvider
kh_profile_get_provider (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), KH_PROVIDER_CUSTOM);
  return self->provider;
}

void
kh_profile_set_provider (KhProfile  *self,
                         KhProvider  provider)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  g_return_if_fail (provider <= KH_PROVIDER_SANDBOX);

  if (self->provider == provider)
    return;
  self->provider = provider;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

const char *
kh_profile_get_host (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->host;
}

void
kh_profile_set_host (KhProfile  *self,
                     const char *host)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_optional_string (self, &self->host, host, PROP_HOST);
}

guint
kh_profile_get_port (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), KH_URL_DEFAULT_PORT);
  return self->port;
}

void
kh_profile_set_port (KhProfile *self,
                     guint      port)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  g_return_if_fail (port >= 1 && port <= 65535);

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

const char *
kh_profile_get_socket_path (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->socket_path;
}

void
kh_profile_set_socket_path (KhProfile  *self,
                            const char *socket_path)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_optional_string (self, &self->socket_path, socket_path, PROP_SOCKET_PATH);
}

gboolean
kh_profile_get_tls (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), FALSE);
  return self->tls;
}

void
kh_profile_set_tls (KhProfile *self,
                    gboolean   tls)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_boolean (self, &self->tls, tls, PROP_TLS);
}

gboolean
kh_profile_get_tls_insecure (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), FALSE);
  return self->tls_insecure;
}

void
kh_profile_set_tls_insecure (KhProfile *self,
                             gboolean   tls_insecure)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_boolean (self, &self->tls_insecure, tls_insecure, PROP_TLS_INSECURE);
}

const char *
kh_profile_get_tls_ca_file (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->tls_ca_file;
}

void
kh_profile_set_tls_ca_file (KhProfile  *self,
                            const char *file)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_optional_string (self, &self->tls_ca_file, file, PROP_TLS_CA_FILE);
}

const char *
kh_profile_get_tls_cert_file (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->tls_cert_file;
}

void
kh_profile_set_tls_cert_file (KhProfile  *self,
                              const char *file)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_optional_string (self, &self->tls_cert_file, file, PROP_TLS_CERT_FILE);
}

const char *
kh_profile_get_tls_key_file (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->tls_key_file;
}

void
kh_profile_set_tls_key_file (KhProfile  *self,
                             const char *file)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_optional_string (self, &self->tls_key_file, file, PROP_TLS_KEY_FILE);
}

const char *
kh_profile_get_tls_server_name (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->tls_server_name;
}

void
kh_profile_set_tls_server_name (KhProfile  *self,
                                const char *server_name)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_optional_string (self, &self->tls_server_name, server_name, PROP_TLS_SERVER_NAME);
}

const char *
kh_profile_get_username (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->username;
}

void
kh_profile_set_username (KhProfile  *self,
                         const char *username)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_optional_string (self, &self->username, username, PROP_USERNAME);
}

gint
kh_profile_get_database (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), 0);
  return self->database;
}

void
kh_profile_set_database (KhProfile *self,
                         gint       database)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  g_return_if_fail (database >= 0 && database <= KH_PROFILE_MAX_DATABASE);

  if (self->database == database)
    return;
  self->database = database;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

gboolean
kh_profile_get_read_only (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), FALSE);
  return self->read_only;
}

void
kh_profile_set_read_only (KhProfile *self,
                          gboolean   read_only)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_boolean (self, &self->read_only, read_only, PROP_READ_ONLY);
}

const char *
kh_profile_get_delimiter (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), KH_PROFILE_DEFAULT_DELIMITER);
  return self->delimiter;
}

/* NULL restores ":"; "" means keys are not grouped. */
void
kh_profile_set_delimiter (KhProfile  *self,
                          const char *delimiter)
{
  g_return_if_fail (KH_IS_PROFILE (self));

  if (delimiter == NULL)
    delimiter = KH_PROFILE_DEFAULT_DELIMITER;
  if (g_strcmp0 (self->delimiter, delimiter) == 0)
    return;
  g_free (self->delimiter);
  self->delimiter = g_strdup (delimiter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIMITER]);
}

const char *
kh_profile_get_color (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);
  return self->color;
}

void
kh_profile_set_color (KhProfile  *self,
                      const char *color)
{
  g_return_if_fail (KH_IS_PROFILE (self));

  if (color != NULL && *color == '\0')
    color = NULL;
  g_return_if_fail (is_known_color (color));
  set_optional_string (self, &self->color, color, PROP_COLOR);
}

gboolean
kh_profile_get_economy (KhProfile *self)
{
  g_return_val_if_fail (KH_IS_PROFILE (self), FALSE);
  return self->economy;
}

void
kh_profile_set_economy (KhProfile *self,
                        gboolean   economy)
{
  g_return_if_fail (KH_IS_PROFILE (self));
  set_boolean (self, &self->economy, economy, PROP_ECONOMY);
}
