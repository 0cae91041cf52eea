/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-provider-hints.h: connection errors explained for the service a profile points at */
#pragma once

#include <glib.h>

#include "kh-provider.h"

G_BEGIN_DECLS

/* Returns the sentence to show for @error when connecting to @host (NULL for
 * a Unix socket) on @provider with or without TLS: the error's own message,
 * completed or replaced when the provider explains it (Render's internal host
 * names and IP allow-list, Upstash's TLS-only endpoints...). Never NULL. */
char     *kh_provider_hints_explain          (KhProvider    provider,
                                              const char   *host,
                                              gboolean      tls,
                                              const GError *error);

/* TRUE for a host name such as "red-abc123" that only resolves inside Render. */
gboolean  kh_provider_hints_is_render_internal (const char *host);

G_END_DECLS
