/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-info.h: the text of an INFO reply, parsed into sections and typed fields */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KH_INFO_SERVER_UNKNOWN,
  KH_INFO_SERVER_REDIS,
  KH_INFO_SERVER_VALKEY,
} KhInfoServerKind;

typedef enum {
  KH_INFO_MODE_UNKNOWN,
  KH_INFO_MODE_STANDALONE,
  KH_INFO_MODE_CLUSTER,
  KH_INFO_MODE_SENTINEL,
} KhInfoMode;

/* One "db3:keys=10,expires=2,avg_ttl=500" line of the Keyspace section. */
typedef struct {
  guint   index;
  guint64 keys;
  guint64 expires;
  guint64 avg_ttl;     /* milliseconds */
} KhInfoDb;

/* One "cmdstat_<name>:calls=..,usec=.." line of the Commandstats section.
 * Fields a server does not report (rejected_calls before Redis 7) are 0. */
typedef struct {
  const char *name;    /* lower case, subcommands as "client|list" */
  guint64 calls;
  guint64 usec;
  double  usec_per_call;
  guint64 rejected_calls;
  guint64 failed_calls;
} KhInfoCommandStat;

typedef struct _KhInfo KhInfo;

typedef void (*KhInfoFunc) (const char *section,
                            const char *name,
                            const char *value,
                            gpointer    user_data);

#define KH_TYPE_INFO (kh_info_get_type ())

GType        kh_info_get_type          (void) G_GNUC_CONST;

/* Parses INFO output: "# Section" headers and "name:value" lines, CRLF or LF.
 * Never fails: malformed lines are skipped, text that is not UTF-8 is repaired,
 * and fields before the first header go in the section "". @length may be -1
 * for NUL-terminated text. */
KhInfo      *kh_info_parse             (const char    *text,
                                        gssize         length);
KhInfo      *kh_info_ref               (KhInfo        *info);
void         kh_info_unref             (KhInfo        *info);

/* Every field, unknown ones included. Section names are matched ignoring
 * ASCII case ("memory" finds "# Memory"); field names exactly. When a name
 * repeats within a section the last value wins. */
const char  *kh_info_get               (const KhInfo  *info,
                                        const char    *section,
                                        const char    *name);
/* The first field called @name in any section. */
const char  *kh_info_get_any           (const KhInfo  *info,
                                        const char    *name);
gboolean     kh_info_has_section       (const KhInfo  *info,
                                        const char    *section);
guint        kh_info_get_n_sections    (const KhInfo  *info);
/* The section name as the server wrote it ("Memory"). */
const char  *kh_info_get_section_name  (const KhInfo  *info,
                                        guint          index);
guint        kh_info_get_n_fields      (const KhInfo  *info);
/* Calls @func for every field, in server order. */
void         kh_info_foreach           (const KhInfo  *info,
                                        KhInfoFunc     func,
                                        gpointer       user_data);

/* Typed reads of any field: FALSE when it is missing or not a number of that
 * kind, and then *out is left alone. */
gboolean     kh_info_get_uint64        (const KhInfo  *info,
                                        const char    *name,
                                        guint64       *out);
gboolean     kh_info_get_int64         (const KhInfo  *info,
                                        const char    *name,
                                        gint64        *out);
gboolean     kh_info_get_double        (const KhInfo  *info,
                                        const char    *name,
                                        double        *out);

/* The dashboard's fields. Strings are NULL when missing. */
KhInfoServerKind kh_info_get_server_kind (const KhInfo *info);
/* valkey_version on Valkey, redis_version elsewhere. */
const char  *kh_info_get_version       (const KhInfo  *info);
const char  *kh_info_get_role          (const KhInfo  *info);   /* "master", "slave" */
KhInfoMode   kh_info_get_mode          (const KhInfo  *info);
const char  *kh_info_get_run_id        (const KhInfo  *info);
const char  *kh_info_get_maxmemory_policy        (const KhInfo *info);
const char  *kh_info_get_rdb_last_bgsave_status  (const KhInfo *info); /* "ok", "err" */
const char  *kh_info_get_aof_last_write_status   (const KhInfo *info);
gboolean     kh_info_get_aof_enabled             (const KhInfo *info,
                                                  gboolean     *out);
gboolean     kh_info_get_rdb_bgsave_in_progress  (const KhInfo *info,
                                                  gboolean     *out);
gboolean     kh_info_get_rdb_changes_since_last_save (const KhInfo *info,
                                                      guint64      *out);
gboolean     kh_info_get_mem_fragmentation_ratio (const KhInfo *info,
                                                  double       *out);

gboolean     kh_info_get_uptime_seconds          (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_connected_clients       (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_maxclients              (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_blocked_clients         (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_used_memory             (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_used_memory_peak        (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_used_memory_rss         (const KhInfo *info, guint64 *out);
/* 0 means no limit. */
gboolean     kh_info_get_maxmemory               (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_total_commands_processed (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_total_net_input_bytes   (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_total_net_output_bytes  (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_keyspace_hits           (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_keyspace_misses         (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_expired_keys            (const KhInfo *info, guint64 *out);
gboolean     kh_info_get_evicted_keys            (const KhInfo *info, guint64 *out);

/* Keyspace lines, by increasing db index. */
guint            kh_info_get_n_dbs     (const KhInfo  *info);
const KhInfoDb  *kh_info_get_db        (const KhInfo  *info,
                                        guint          i);
/* NULL when the server listed no keys for that db. */
const KhInfoDb  *kh_info_lookup_db     (const KhInfo  *info,
                                        guint          db_index);

/* Commandstats lines, in server order. Lookup ignores ASCII case. */
guint                     kh_info_get_n_commands  (const KhInfo *info);
const KhInfoCommandStat  *kh_info_get_command     (const KhInfo *info,
                                                   guint         i);
const KhInfoCommandStat  *kh_info_lookup_command  (const KhInfo *info,
                                                   const char   *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhInfo, kh_info_unref)

G_END_DECLS
