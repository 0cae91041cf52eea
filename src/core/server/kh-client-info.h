/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-client-info.h: one client connection, as CLIENT LIST describes it */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KH_TYPE_CLIENT_INFO (kh_client_info_get_type ())

G_DECLARE_FINAL_TYPE (KhClientInfo, kh_client_info, KH, CLIENT_INFO, GObject)

/* Every field of one CLIENT LIST line, names to values ("id" → "12"), as
 * UTF-8 (other bytes are replaced). The typed getters read from it. */
KhClientInfo *kh_client_info_new       (GHashTable   *fields);

guint64       kh_client_info_get_id    (KhClientInfo *self);
const char   *kh_client_info_get_addr  (KhClientInfo *self);   /* "127.0.0.1:51234" */
/* "" when the client set no name. */
const char   *kh_client_info_get_name  (KhClientInfo *self);
/* Seconds since the connection was made, and since its last command. */
guint64       kh_client_info_get_age   (KhClientInfo *self);
guint64       kh_client_info_get_idle  (KhClientInfo *self);
int           kh_client_info_get_db    (KhClientInfo *self);
/* The last command, lower case, subcommands as "client|list"; "NULL" before any. */
const char   *kh_client_info_get_cmd   (KhClientInfo *self);
const char   *kh_client_info_get_user  (KhClientInfo *self);   /* NULL before Redis 6 */
const char   *kh_client_info_get_flags (KhClientInfo *self);
/* Any field ("laddr", "omem", "lib-name"); NULL when the line lacks it. */
const char   *kh_client_info_get_field (KhClientInfo *self,
                                        const char   *name);

G_END_DECLS
