/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-header.h: what a value is before it is loaded: its type, TTL,
 * encoding, memory and length, asked for in one pipelined round trip
 *
 * Every function here is GTask style with the session as source object, and
 * is allowed on read-only sessions. Keys are bytes (GBytes), never assumed
 * UTF-8.
 */
#pragma once

#include <gio/gio.h>

#include "kh-session.h"

G_BEGIN_DECLS

typedef enum {
  KH_VALUE_TYPE_NONE,     /* the key does not exist */
  KH_VALUE_TYPE_STRING,
  KH_VALUE_TYPE_HASH,
  KH_VALUE_TYPE_LIST,
  KH_VALUE_TYPE_SET,
  KH_VALUE_TYPE_ZSET,
  KH_VALUE_TYPE_STREAM,
  KH_VALUE_TYPE_JSON,     /* the RedisJSON / Valkey JSON module's "ReJSON-RL" */
  KH_VALUE_TYPE_OTHER,    /* another module type: see KhValueHeader.type_name */
} KhValueType;

/* TYPE's answer ("hash", "ReJSON-RL", "TSDB-TYPE"...) to a KhValueType. */
KhValueType  kh_value_type_from_name (const char  *type_name);
/* The TYPE answer for @type ("zset", "ReJSON-RL"); NULL for NONE and OTHER. */
const char  *kh_value_type_to_name   (KhValueType  type);

typedef struct {
  KhValueType  type;
  const char  *type_name;   /* interned TYPE answer: "hash", "ReJSON-RL"... */
  gint64       ttl_ms;      /* PTTL: milliseconds left, or -1 when the key has no TTL */
  const char  *encoding;    /* interned OBJECT ENCODING ("listpack", "embstr"...);
                             * NULL when unknown or refused */
  gint64       size_bytes;  /* MEMORY USAGE; -1 when the server has no MEMORY
                             * command or refused it */
  gint64       length;      /* STRLEN, HLEN, LLEN, SCARD, ZCARD or XLEN; for JSON
                             * the root's members, elements or characters; -1
                             * when unknown (a JSON scalar, a module type) */
  const char  *json_type;   /* interned JSON.TYPE of the root ("object", "array",
                             * "string"...) for JSON values; NULL otherwise */
} KhValueHeader;

/* TYPE, PTTL, OBJECT ENCODING, MEMORY USAGE (when the server has MEMORY) and
 * the length command for the type, pipelined. The length command depends on
 * the type: pass the type the caller believes the key has (@type_hint, a TYPE
 * answer such as KhKeyMetadataInfo.key_type) to get everything in one round
 * trip; with NULL, or when the hint turns out wrong, the length takes a
 * second round trip. JSON values also ask JSON.TYPE and then the root's
 * length, when the server has the JSON module.
 *
 * Fails with KH_ERROR_NOT_FOUND when the key does not exist. */
void      kh_value_header_load_async  (KhSession           *session,
                                       GBytes              *key,
                                       const char          *type_hint,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  kh_value_header_load_finish (KhSession           *session,
                                       GAsyncResult        *result,
                                       KhValueHeader       *header,
                                       GError             **error);

G_END_DECLS
