/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile.h: a saved connection */
#pragma once

#include <json-glib/json-glib.h>

#include "kh-connection.h"
#include "kh-provider.h"
#include "kh-url.h"

G_BEGIN_DECLS

#define KH_PROFILE_DEFAULT_DELIMITER ":"
#define KH_PROFILE_MAX_DATABASE      65535

#define KH_TYPE_PROFILE (kh_profile_get_type ())
G_DECLARE_FINAL_TYPE (KhProfile, kh_profile, KH, PROFILE, GObject)

KhProfile          *kh_profile_new                  (void);
/* Defaults for a provider preset: TLS and economy for Upstash, localhost... */
KhProfile          *kh_profile_new_for_provider     (KhProvider   provider);
/* Fills the connection fields from @url and names the profile after it
 * ("Upstash · name", "Render · oregon", "Local · localhost:6379"). */
KhProfile          *kh_profile_new_from_url         (const KhUrl *url);
/* Sets the connection fields from @url, keeping id, name and colour: for
 * "Paste URL" in the edit dialog. The password is not kept. */
void                kh_profile_apply_url            (KhProfile   *self,
                                                     const KhUrl *url);
/* The name a profile gets until the user names it, from its provider and
 * address: "Upstash · name", "Render · oregon", "Local · localhost:6379",
 * "cache.example.com:6380"; the provider's name while there is no address. */
char               *kh_profile_suggest_name         (KhProfile   *self);
/* A new profile with the same settings, a new id and " (copy)" in its name. */
KhProfile          *kh_profile_dup                  (KhProfile   *self);

/* For the edit dialog: FALSE with KH_ERROR_INVALID_INPUT and a sentence. */
gboolean            kh_profile_validate             (KhProfile   *self,
                                                     GError     **error);

/* @password may be NULL. Free the result with kh_connection_config_free(). */
KhConnectionConfig *kh_profile_to_connection_config (KhProfile   *self,
                                                     const char  *password);
/* The URL the profile stands for, without the password. */
KhUrl              *kh_profile_to_url               (KhProfile   *self);
/* "host:port", "[::1]:6379" or the socket path. */
char               *kh_profile_describe_address     (KhProfile   *self);

/* The profile as a JSON object, every property but no secret. */
JsonNode           *kh_profile_to_json              (KhProfile   *self);
/* Reads what kh_profile_to_json() wrote. Unknown members are ignored; a member
 * of the wrong type or out of range is an error (KH_ERROR_INVALID_INPUT). */
KhProfile          *kh_profile_new_from_json        (JsonNode    *node,
                                                     GError     **error);

/* The colour tags, a NULL-terminated list: "blue", "teal", "green"... */
const char * const *kh_profile_get_colors           (void);

const char         *kh_profile_get_id               (KhProfile   *self);
void                kh_profile_set_id               (KhProfile   *self,
                                                     const char  *id);
const char         *kh_profile_get_name             (KhProfile   *self);
void                kh_profile_set_name             (KhProfile   *self,
                                                     const char  *name);
KhProvider          kh_profile_get_provider         (KhProfile   *self);
void                kh_profile_set_provider         (KhProfile   *self,
                                                     KhProvider   provider);
const char         *kh_profile_get_host             (KhProfile   *self);
void                kh_profile_set_host             (KhProfile   *self,
                                                     const char  *host);
guint               kh_profile_get_port             (KhProfile   *self);
void                kh_profile_set_port             (KhProfile   *self,
                                                     guint        port);
const char         *kh_profile_get_socket_path      (KhProfile   *self);
void                kh_profile_set_socket_path      (KhProfile   *self,
                                                     const char  *socket_path);
gboolean            kh_profile_get_tls              (KhProfile   *self);
void                kh_profile_set_tls              (KhProfile   *self,
                                                     gboolean     tls);
gboolean            kh_profile_get_tls_insecure     (KhProfile   *self);
void                kh_profile_set_tls_insecure     (KhProfile   *self,
                                                     gboolean     tls_insecure);
const char         *kh_profile_get_tls_ca_file      (KhProfile   *self);
void                kh_profile_set_tls_ca_file      (KhProfile   *self,
                                                     const char  *file);
const char         *kh_profile_get_tls_cert_file    (KhProfile   *self);
void                kh_profile_set_tls_cert_file    (KhProfile   *self,
                                                     const char  *file);
const char         *kh_profile_get_tls_key_file     (KhProfile   *self);
void                kh_profile_set_tls_key_file     (KhProfile   *self,
                                                     const char  *file);
const char         *kh_profile_get_tls_server_name  (KhProfile   *self);
void                kh_profile_set_tls_server_name  (KhProfile   *self,
                                                     const char  *server_name);
const char         *kh_profile_get_username         (KhProfile   *self);
void                kh_profile_set_username         (KhProfile   *self,
                                                     const char  *username);
gint                kh_profile_get_database         (KhProfile   *self);
void                kh_profile_set_database         (KhProfile   *self,
                                                     gint         database);
gboolean            kh_profile_get_read_only        (KhProfile   *self);
void                kh_profile_set_read_only        (KhProfile   *self,
                                                     gboolean     read_only);
const char         *kh_profile_get_delimiter        (KhProfile   *self);
void                kh_profile_set_delimiter        (KhProfile   *self,
                                                     const char  *delimiter);
const char         *kh_profile_get_color            (KhProfile   *self);
void                kh_profile_set_color            (KhProfile   *self,
                                                     const char  *color);
gboolean            kh_profile_get_economy          (KhProfile   *self);
void                kh_profile_set_economy          (KhProfile   *self,
                                                     gboolean     economy);

G_END_DECLS
