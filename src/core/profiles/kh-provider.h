/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-provider.h: the kinds of server a profile points at */
#pragma once

#include <glib-object.h>

#include "kh-core-enums.h"

G_BEGIN_DECLS

typedef enum {
  KH_PROVIDER_RENDER,   /* Render Key Value */
  KH_PROVIDER_UPSTASH,
  KH_PROVIDER_LOCAL,    /* this machine: loopback or a Unix socket */
  KH_PROVIDER_CUSTOM,   /* any other server */
  KH_PROVIDER_SANDBOX,  /* Keyhole's own demo server */
} KhProvider;


/* "Render Key Value", "Upstash"...: for titles and menus. */
const char  *kh_provider_get_display_name (KhProvider provider);
/* The stable identifier used in files: "render", "upstash", "local"... */
const char  *kh_provider_to_nick          (KhProvider provider);
gboolean     kh_provider_from_nick        (const char *nick,
                                           KhProvider *provider);

G_END_DECLS
