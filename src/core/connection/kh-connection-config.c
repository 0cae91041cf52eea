/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-connection-config.c: where and how a KhConnection connects */
#include "kh-connection.h"

#include <string.h>

/* Overwrites a secret before it is freed; volatile keeps the stores. */
static void
kh_wipe (char *secret)
{
  volatile char *p = secret;

  while (*p != '\0')
    *p++ = '\0';
}

G_DEFINE_BOXED_TYPE (KhConnectionConfig, kh_connection_config,
                     kh_connection_config_copy, kh_connection_config_free)

KhConnectionConfig *
kh_connection_config_new (void)
{
  KhConnectionConfig *config = g_new0 (KhConnectionConfig, 1);

  config->port = 6379;
  return config;
}

KhConnectionConfig *
kh_connection_config_copy (const KhConnectionConfig *config)
{
  KhConnectionConfig *copy = g_new0 (KhConnectionConfig, 1);

  *copy = *config;
  copy->host = g_strdup (config->host);
  copy->socket_path = g_strdup (config->socket_path);
  copy->tls_ca_file = g_strdup (config->tls_ca_file);
  copy->tls_cert_file = g_strdup (config->tls_cert_file);
  copy->tls_key_file = g_strdup (config->tls_key_file);
  copy->tls_server_name = g_strdup (config->tls_server_name);
  copy->username = g_strdup (config->username);
  copy->password = g_strdup (config->password);
  copy->client_name = g_strdup (config->client_name);
  return copy;
}

void
kh_connection_config_free (KhConnectionConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->host);
  g_free (config->socket_path);
  g_free (config->tls_ca_file);
  g_free (config->tls_cert_file);
  g_free (config->tls_key_file);
  g_free (config->tls_server_name);
  g_free (config->username);
  if (config->password != NULL)
    {
      kh_wipe (config->password);
      g_free (config->password);
    }
  g_free (config->client_name);
  g_free (config);
}

char *
kh_connection_config_describe (const KhConnectionConfig *config)
{
  guint16 port = config->port != 0 ? config->port : 6379;

  if (config->socket_path != NULL && *config->socket_path != '\0')
    return g_strdup (config->socket_path);
  if (config->host != NULL && strchr (config->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", config->host, port);
  return g_strdup_printf ("%s:%u", config->host != NULL ? config->host : "localhost", port);
}
