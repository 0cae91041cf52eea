/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-provider-hints.c: connection errors explained for the service a profile points at
 *
 * The connection reports what happened on the wire ("refused", "closed right
 * away"); only the profile knows which service that was and what fixes it on
 * that service. The facts come from the providers' documentation.
 */
#include "config.h"

#include "kh-provider-hints.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"

gboolean
kh_provider_hints_is_render_internal (const char *host)
{
  return host != NULL && g_str_has_prefix (host, "red-") && host[4] != '\0' &&
         strchr (host, '.') == NULL;
}

/* Joins @message and @hint into one text, with a full stop between them. */
static char *
append_hint (const char *message,
             const char *hint)
{
  gsize len = strlen (message);

  while (len > 0 && g_ascii_isspace (message[len - 1]))
    len--;
  if (len == 0)
    return g_strdup (hint);
  if (strchr (".!?…", message[len - 1]) != NULL)
    return g_strdup_printf ("%.*s %s", (int) len, message, hint);
  return g_strdup_printf ("%.*s. %s", (int) len, message, hint);
}

static gboolean
is_connection_failure (const GError *error)
{
  return g_error_matches (error, KH_ERROR, KH_ERROR_REFUSED) ||
         g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED) ||
         g_error_matches (error, KH_ERROR, KH_ERROR_TIMEOUT) ||
         g_error_matches (error, KH_ERROR, KH_ERROR_PROTOCOL) ||
         g_error_matches (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE) ||
         g_error_matches (error, KH_ERROR, KH_ERROR_FAILED);
}

static char *
explain_render (const char   *host,
                gboolean      tls,
                const GError *error)
{
  if (kh_provider_hints_is_render_internal (host) &&
      (g_error_matches (error, KH_ERROR, KH_ERROR_DNS) || is_connection_failure (error)))
    return g_strdup_printf (_("“%s” is the internal address of a Render Key Value instance: it "
                              "works only for Render services in the same region. On this "
                              "computer, use the External URL from the instance’s page in the "
                              "Render dashboard (rediss://…-keyvalue.render.com:6379) and add your "
                              "IP address to its allow-list."), host);

  if (!tls && is_connection_failure (error))
    return append_hint (error->message,
                        _("Render accepts external connections over TLS only: turn TLS on, or "
                          "paste the rediss:// External URL from the Render dashboard."));

  if (g_error_matches (error, KH_ERROR, KH_ERROR_REFUSED) ||
      g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED) ||
      g_error_matches (error, KH_ERROR, KH_ERROR_TIMEOUT))
    return append_hint (error->message,
                        _("Render refuses connections from IP addresses that are not on the "
                          "instance’s allow-list: add your IP address to it in the Render "
                          "dashboard, then retry."));

  if (g_error_matches (error, KH_ERROR, KH_ERROR_AUTH_FAILED))
    return append_hint (error->message,
                        _("On Render the user name is the instance id (red-…) and the password "
                          "is part of the External URL in the Render dashboard."));

  return g_strdup (error->message);
}

static char *
explain_upstash (const char   *host,
                 gboolean      tls,
                 const GError *error)
{
  if (!tls && is_connection_failure (error))
    return append_hint (error->message,
                        _("Upstash accepts TLS connections only and resets plain ones: turn TLS "
                          "on, or paste the rediss:// URL from the Upstash console."));

  if (g_error_matches (error, KH_ERROR, KH_ERROR_AUTH_FAILED))
    return append_hint (error->message,
                        _("Copy the password from the database’s page in the Upstash console; "
                          "the user is “default”, or “default_ro” for read-only access."));

  return g_strdup (error->message);
}

char *
kh_provider_hints_explain (KhProvider    provider,
                           const char   *host,
                           gboolean      tls,
                           const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != KH_ERROR)
    return g_strdup (error->message);

  switch (provider)
    {
    case KH_PROVIDER_RENDER:
      return explain_render (host, tls, error);

    case KH_PROVIDER_UPSTASH:
      return explain_upstash (host, tls, error);

    case KH_PROVIDER_SANDBOX:
      if (g_error_matches (error, KH_ERROR, KH_ERROR_REFUSED) ||
          g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED))
        return append_hint (error->message,
                            _("The sandbox server has stopped: open the sandbox again to start a "
                              "new one."));
      return g_strdup (error->message);

    case KH_PROVIDER_LOCAL:
      if (g_error_matches (error, KH_ERROR, KH_ERROR_REFUSED) && host != NULL)
        return append_hint (error->message,
                            _("Start the server on this computer, for example with "
                              "“valkey-server” or “docker run -p 6379:6379 valkey/valkey”."));
      return g_strdup (error->message);

    case KH_PROVIDER_CUSTOM:
    default:
      return g_strdup (error->message);
    }
}
