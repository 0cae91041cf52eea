/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-info.c: INFO text parsed into sections and typed fields */
#include "kh-info.h"
#include "kh-test-server.h"

#include <string.h>

/* Redis 6.0 as it goes over the wire: CRLF, commandstats without
 * rejected_calls/failed_calls. */
static const char redis6_info[] =
  "# Server\r\n"
  "redis_version:6.0.16\r\n"
  "redis_git_sha1:00000000\r\n"
  "redis_mode:standalone\r\n"
  "os:Linux 5.15.0-91-generic x86_64\r\n"
  "run_id:3b3a1c8e1c4e0c1b2b0d8f3cb9d0a6a4b5c6d7e8\r\n"
  "tcp_port:6379\r\n"
  "uptime_in_seconds:3661\r\n"
  "executable:/usr/local/bin/redis-server\r\n"
  "\r\n"
  "# Clients\r\n"
  "connected_clients:7\r\n"
  "client_recent_max_input_buffer:8\r\n"
  "blocked_clients:2\r\n"
  "tracking_clients:0\r\n"
  "\r\n"
  "# Memory\r\n"
  "used_memory:1048576\r\n"
  "used_memory_human:1.00M\r\n"
  "used_memory_rss:4194304\r\n"
  "used_memory_peak:2097152\r\n"
  "maxmemory:104857600\r\n"
  "maxmemory_human:100.00M\r\n"
  "maxmemory_policy:allkeys-lru\r\n"
  "mem_fragmentation_ratio:4.00\r\n"
  "\r\n"
  "# Persistence\r\n"
  "loading:0\r\n"
  "rdb_changes_since_last_save:12\r\n"
  "rdb_bgsave_in_progress:0\r\n"
  "rdb_last_bgsave_status:err\r\n"
  "aof_enabled:1\r\n"
  "aof_last_write_status:ok\r\n"
  "\r\n"
  "# Stats\r\n"
  "total_connections_received:40\r\n"
  "total_commands_processed:123456\r\n"
  "instantaneous_ops_per_sec:12\r\n"
  "total_net_input_bytes:9876543\r\n"
  "total_net_output_bytes:12345678\r\n"
  "expired_keys:5\r\n"
  "evicted_keys:6\r\n"
  "keyspace_hits:100\r\n"
  "keyspace_misses:25\r\n"
  "\r\n"
  "# Replication\r\n"
  "role:master\r\n"
  "connected_slaves:0\r\n"
  "\r\n"
  "# CPU\r\n"
  "used_cpu_sys:1.234567\r\n"
  "\r\n"
  "# Commandstats\r\n"
  "cmdstat_get:calls=2,usec=10,usec_per_call=5.00\r\n"
  "cmdstat_client:calls=3,usec=9,usec_per_call=3.00\r\n"
  "cmdstat_info:calls=40,usec=4000,usec_per_call=100.00\r\n"
  "\r\n"
  "# Cluster\r\n"
  "cluster_enabled:0\r\n"
  "\r\n"
  "# Keyspace\r\n"
  "db10:keys=3,expires=1,avg_ttl=60000\r\n"
  "db0:keys=1,expires=0,avg_ttl=0\r\n"
  "db2:keys=10,expires=3,avg_ttl=12345\r\n";

/* Valkey 8, trimmed, LF only: server_name and server_mode, redis_version kept
 * for compatibility, subcommands in commandstats. */
static const char valkey8_info[] =
  "# Server\n"
  "redis_version:7.2.4\n"
  "server_name:valkey\n"
  "valkey_version:8.0.1\n"
  "server_mode:cluster\n"
  "uptime_in_seconds:10\n"
  "listener0:name=tcp,bind=*,bind=-::*,port=6379\n"
  "\n"
  "# Clients\n"
  "connected_clients:1\n"
  "maxclients:10000\n"
  "\n"
  "# Memory\n"
  "used_memory:965872\n"
  "\n"
  "# Replication\n"
  "role:slave\n"
  "\n"
  "# Commandstats\n"
  "cmdstat_client|list:calls=1,usec=18,usec_per_call=18.00,rejected_calls=4,failed_calls=5\n"
  "cmdstat_set:calls=7,usec=44,usec_per_call=6.29,rejected_calls=0,failed_calls=0\n"
  "\n"
  "# Keyspace\n"
  "db0:keys=1,expires=0,avg_ttl=0,subexpiry=0\n";

/* Redis 7.0, trimmed from a live capture; used whole for truncations. */
static const char redis7_info[] =
  "# Server\r\n"
  "redis_version:7.0.15\r\n"
  "redis_git_sha1:00000000\r\n"
  "redis_mode:standalone\r\n"
  "os:Linux 6.18.44-fc-v782 x86_64\r\n"
  "monotonic_clock:POSIX clock_gettime\r\n"
  "process_id:7045\r\n"
  "run_id:7955785a97ad24453285cab7c023f9507e4a8567\r\n"
  "server_time_usec:1795506856254323\r\n"
  "uptime_in_seconds:1\r\n"
  "executable:/tmp/metrics-srv/redis-server\r\n"
  "config_file:\r\n"
  "\r\n"
  "# Clients\r\n"
  "connected_clients:1\r\n"
  "maxclients:10000\r\n"
  "blocked_clients:0\r\n"
  "\r\n"
  "# Memory\r\n"
  "used_memory:965872\r\n"
  "used_memory_human:943.23K\r\n"
  "used_memory_rss:6778880\r\n"
  "used_memory_peak:965872\r\n"
  "used_memory_peak_perc:100.19%\r\n"
  "maxmemory:0\r\n"
  "maxmemory_policy:noeviction\r\n"
  "mem_fragmentation_ratio:7.74\r\n"
  "mem_allocator:jemalloc-5.3.0\r\n"
  "\r\n"
  "# Persistence\r\n"
  "rdb_changes_since_last_save:1\r\n"
  "rdb_bgsave_in_progress:0\r\n"
  "rdb_last_bgsave_status:ok\r\n"
  "rdb_last_bgsave_time_sec:-1\r\n"
  "aof_enabled:0\r\n"
  "\r\n"
  "# Stats\r\n"
  "total_commands_processed:2\r\n"
  "total_net_input_bytes:84\r\n"
  "total_net_output_bytes:302\r\n"
  "expired_keys:0\r\n"
  "evicted_keys:0\r\n"
  "keyspace_hits:0\r\n"
  "keyspace_misses:0\r\n"
  "\r\n"
  "# Replication\r\n"
  "role:master\r\n"
  "master_replid:9d933b72d15cf773f370720888c9d13f4b1ec452\r\n"
  "\r\n"
  "# Modules\r\n"
  "\r\n"
  "# Commandstats\r\n"
  "cmdstat_client|list:calls=1,usec=18,usec_per_call=18.00,rejected_calls=0,failed_calls=0\r\n"
  "cmdstat_set:calls=1,usec=44,usec_per_call=44.00,rejected_calls=0,failed_calls=0\r\n"
  "\r\n"
  "# Errorstats\r\n"
  "\r\n"
  "# Latencystats\r\n"
  "latency_percentiles_usec_client|list:p50=18.047,p99=18.047,p99.9=18.047\r\n"
  "\r\n"
  "# Cluster\r\n"
  "cluster_enabled:0\r\n"
  "\r\n"
  "# Keyspace\r\n"
  "db0:keys=1,expires=0,avg_ttl=0\r\n";

typedef struct {
  const KhInfo *info;
  guint count;
} CheckData;

static void
check_field (const char *section,
             const char *name,
             const char *value,
             gpointer    user_data)
{
  CheckData *data = user_data;

  data->count++;
  g_assert_true (g_utf8_validate (section, -1, NULL));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_utf8_validate (value, -1, NULL));
  g_assert_cmpstr (name, !=, "");
  g_assert_null (strchr (name, '\n'));
  g_assert_null (strchr (value, '\n'));
  /* Whatever foreach reports, lookups must agree with. */
  g_assert_true (kh_info_get (data->info, section, name) == value);
  g_assert_nonnull (kh_info_get_any (data->info, name));
}

/* Invariants that hold for any input, however broken. */
static void
check_consistent (const KhInfo *info)
{
  CheckData data = { info, 0 };
  guint64 u;
  gint64 i;
  double d;
  gboolean b;

  g_assert_nonnull (info);
  kh_info_foreach (info, check_field, &data);
  g_assert_cmpuint (data.count, ==, kh_info_get_n_fields (info));

  for (guint s = 0; s < kh_info_get_n_sections (info); s++)
    g_assert_true (kh_info_has_section (info, kh_info_get_section_name (info, s)));

  for (guint k = 0; k < kh_info_get_n_dbs (info); k++)
    {
      const KhInfoDb *db = kh_info_get_db (info, k);

      if (k > 0)
        g_assert_cmpuint (kh_info_get_db (info, k - 1)->index, <, db->index);
      g_assert_true (kh_info_lookup_db (info, db->index) == db);
    }

  for (guint k = 0; k < kh_info_get_n_commands (info); k++)
    {
      const KhInfoCommandStat *stat = kh_info_get_command (info, k);

      g_assert_cmpstr (stat->name, !=, "");
      g_assert_true (kh_info_lookup_command (info, stat->name) == stat);
    }

  /* Typed reads must only ever succeed on well-formed values. */
  if (kh_info_get_used_memory (info, &u))
    g_assert_true (g_ascii_isdigit (kh_info_get_any (info, "used_memory")[0]));
  if (kh_info_get_int64 (info, "rdb_last_bgsave_time_sec", &i))
    g_assert_nonnull (kh_info_get_any (info, "rdb_last_bgsave_time_sec"));
  if (kh_info_get_mem_fragmentation_ratio (info, &d))
    g_assert_true (d == d);
  if (kh_info_get_aof_enabled (info, &b))
    g_assert_true (b == TRUE || b == FALSE);
  (void) kh_info_get_server_kind (info);
  (void) kh_info_get_version (info);
  (void) kh_info_get_mode (info);
}

static void
test_info_redis6 (void)
{
  g_autoptr(KhInfo) info = kh_info_parse (redis6_info, -1);
  const KhInfoCommandStat *stat;
  const KhInfoDb *db;
  guint64 u = 0;
  double d = 0;
  gboolean b = FALSE;

  check_consistent (info);
  g_assert_cmpint (kh_info_get_server_kind (info), ==, KH_INFO_SERVER_REDIS);
  g_assert_cmpstr (kh_info_get_version (info), ==, "6.0.16");
  g_assert_cmpint (kh_info_get_mode (info), ==, KH_INFO_MODE_STANDALONE);
  g_assert_cmpstr (kh_info_get_role (info), ==, "master");
  g_assert_cmpstr (kh_info_get_run_id (info), ==, "3b3a1c8e1c4e0c1b2b0d8f3cb9d0a6a4b5c6d7e8");
  g_assert_cmpstr (kh_info_get_any (info, "executable"), ==, "/usr/local/bin/redis-server");
  g_assert_cmpstr (kh_info_get_any (info, "os"), ==, "Linux 5.15.0-91-generic x86_64");

  g_assert_true (kh_info_get_uptime_seconds (info, &u)); g_assert_cmpuint (u, ==, 3661);
  g_assert_true (kh_info_get_connected_clients (info, &u)); g_assert_cmpuint (u, ==, 7);
  g_assert_true (kh_info_get_blocked_clients (info, &u)); g_assert_cmpuint (u, ==, 2);
  g_assert_false (kh_info_get_maxclients (info, &u)); /* Not in this capture. */
  g_assert_true (kh_info_get_used_memory (info, &u)); g_assert_cmpuint (u, ==, 1048576);
  g_assert_true (kh_info_get_used_memory_rss (info, &u)); g_assert_cmpuint (u, ==, 4194304);
  g_assert_true (kh_info_get_used_memory_peak (info, &u)); g_assert_cmpuint (u, ==, 2097152);
  g_assert_true (kh_info_get_maxmemory (info, &u)); g_assert_cmpuint (u, ==, 104857600);
  g_assert_cmpstr (kh_info_get_maxmemory_policy (info), ==, "allkeys-lru");
  g_assert_true (kh_info_get_mem_fragmentation_ratio (info, &d));
  g_assert_cmpfloat_with_epsilon (d, 4.0, 1e-9);
  g_assert_true (kh_info_get_total_commands_processed (info, &u)); g_assert_cmpuint (u, ==, 123456);
  g_assert_true (kh_info_get_total_net_input_bytes (info, &u)); g_assert_cmpuint (u, ==, 9876543);
  g_assert_true (kh_info_get_total_net_output_bytes (info, &u)); g_assert_cmpuint (u, ==, 12345678);
  g_assert_true (kh_info_get_keyspace_hits (info, &u)); g_assert_cmpuint (u, ==, 100);
  g_assert_true (kh_info_get_keyspace_misses (info, &u)); g_assert_cmpuint (u, ==, 25);
  g_assert_true (kh_info_get_expired_keys (info, &u)); g_assert_cmpuint (u, ==, 5);
  g_assert_true (kh_info_get_evicted_keys (info, &u)); g_assert_cmpuint (u, ==, 6);

  g_assert_cmpstr (kh_info_get_rdb_last_bgsave_status (info), ==, "err");
  g_assert_cmpstr (kh_info_get_aof_last_write_status (info), ==, "ok");
  g_assert_true (kh_info_get_aof_enabled (info, &b)); g_assert_true (b);
  g_assert_true (kh_info_get_rdb_bgsave_in_progress (info, &b)); g_assert_false (b);
  g_assert_true (kh_info_get_rdb_changes_since_last_save (info, &u)); g_assert_cmpuint (u, ==, 12);

  /* Section lookups ignore case; CR never leaks into values. */
  g_assert_cmpstr (kh_info_get (info, "memory", "used_memory"), ==, "1048576");
  g_assert_cmpstr (kh_info_get (info, "MEMORY", "used_memory"), ==, "1048576");
  g_assert_null (kh_info_get (info, "clients", "used_memory"));
  g_assert_cmpstr (kh_info_get_section_name (info, 2), ==, "Memory");
  g_assert_cmpuint (kh_info_get_n_sections (info), ==, 10);

  /* Keyspace, sorted by index whatever order the server used. */
  g_assert_cmpuint (kh_info_get_n_dbs (info), ==, 3);
  g_assert_cmpuint (kh_info_get_db (info, 0)->index, ==, 0);
  g_assert_cmpuint (kh_info_get_db (info, 1)->index, ==, 2);
  g_assert_cmpuint (kh_info_get_db (info, 2)->index, ==, 10);
  db = kh_info_lookup_db (info, 2);
  g_assert_nonnull (db);
  g_assert_cmpuint (db->keys, ==, 10);
  g_assert_cmpuint (db->expires, ==, 3);
  g_assert_cmpuint (db->avg_ttl, ==, 12345);
  g_assert_null (kh_info_lookup_db (info, 1));

  g_assert_cmpuint (kh_info_get_n_commands (info), ==, 3);
  stat = kh_info_lookup_command (info, "GET");
  g_assert_nonnull (stat);
  g_assert_cmpstr (stat->name, ==, "get");
  g_assert_cmpuint (stat->calls, ==, 2);
  g_assert_cmpuint (stat->usec, ==, 10);
  g_assert_cmpfloat_with_epsilon (stat->usec_per_call, 5.0, 1e-9);
  g_assert_cmpuint (stat->rejected_calls, ==, 0);
  g_assert_cmpuint (stat->failed_calls, ==, 0);
  g_assert_cmpstr (kh_info_get_command (info, 2)->name, ==, "info");
  g_assert_null (kh_info_lookup_command (info, "set"));
}

static void
test_info_valkey8 (void)
{
  g_autoptr(KhInfo) info = kh_info_parse (valkey8_info, sizeof valkey8_info - 1);
  const KhInfoCommandStat *stat;
  const KhInfoDb *db;
  guint64 u = 0;

  check_consistent (info);
  g_assert_cmpint (kh_info_get_server_kind (info), ==, KH_INFO_SERVER_VALKEY);
  g_assert_cmpstr (kh_info_get_version (info), ==, "8.0.1");
  g_assert_cmpint (kh_info_get_mode (info), ==, KH_INFO_MODE_CLUSTER);
  g_assert_cmpstr (kh_info_get_role (info), ==, "slave");
  g_assert_true (kh_info_get_maxclients (info, &u));
  g_assert_cmpuint (u, ==, 10000);
  g_assert_cmpstr (kh_info_get_any (info, "listener0"), ==, "name=tcp,bind=*,bind=-::*,port=6379");

  stat = kh_info_lookup_command (info, "client|list");
  g_assert_nonnull (stat);
  g_assert_cmpuint (stat->calls, ==, 1);
  g_assert_cmpuint (stat->usec, ==, 18);
  g_assert_cmpuint (stat->rejected_calls, ==, 4);
  g_assert_cmpuint (stat->failed_calls, ==, 5);
  g_assert_null (kh_info_lookup_command (info, "client"));
  stat = kh_info_lookup_command (info, "set");
  g_assert_nonnull (stat);
  g_assert_cmpuint (stat->calls, ==, 7);

  /* A field added by a newer server (subexpiry) does not lose the line. */
  db = kh_info_lookup_db (info, 0);
  g_assert_nonnull (db);
  g_assert_cmpuint (db->keys, ==, 1);
}

static void
test_info_kind_and_mode (void)
{
  static const struct {
    const char *text;
    KhInfoServerKind kind;
    const char *version;
    KhInfoMode mode;
  } cases[] = {
    { "redis_version:7.0.15\nredis_mode:sentinel\n", KH_INFO_SERVER_REDIS, "7.0.15", KH_INFO_MODE_SENTINEL },
    { "redis_version:7.2.4\nvalkey_version:8.1.0\n", KH_INFO_SERVER_VALKEY, "8.1.0", KH_INFO_MODE_UNKNOWN },
    { "redis_version:7.2.4\nserver_name:valkey\n", KH_INFO_SERVER_VALKEY, "7.2.4", KH_INFO_MODE_UNKNOWN },
    { "redis_version:5.0.7\ncluster_enabled:1\n", KH_INFO_SERVER_REDIS, "5.0.7", KH_INFO_MODE_CLUSTER },
    { "redis_version:5.0.7\nredis_mode:weird\ncluster_enabled:1\n", KH_INFO_SERVER_REDIS, "5.0.7", KH_INFO_MODE_UNKNOWN },
    { "server_mode:standalone\n", KH_INFO_SERVER_UNKNOWN, NULL, KH_INFO_MODE_STANDALONE },
    { "", KH_INFO_SERVER_UNKNOWN, NULL, KH_INFO_MODE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KhInfo) info = kh_info_parse (cases[i].text, -1);

      g_test_message ("case %u", i);
      g_assert_cmpint (kh_info_get_server_kind (info), ==, cases[i].kind);
      g_assert_cmpstr (kh_info_get_version (info), ==, cases[i].version);
      g_assert_cmpint (kh_info_get_mode (info), ==, cases[i].mode);
    }
}

typedef struct {
  GString *seen;
} ForeachData;

static void
collect_field (const char *section,
               const char *name,
               const char *value,
               gpointer    user_data)
{
  GString *seen = user_data;

  g_string_append_printf (seen, "[%s]%s=%s;", section, name, value);
}

static void
test_info_unknown_fields (void)
{
  g_autoptr(KhInfo) info = kh_info_parse ("orphan:1\n"
                                          "# Memory\n"
                                          "used_memory:10\n"
                                          "kh_future_gauge:3.5\n"
                                          "# Future Section\n"
                                          "widgets:name=a,count=2\n"
                                          "used_memory:999\n", -1);
  g_autoptr(GString) seen = g_string_new (NULL);
  double d = 0;
  guint64 u = 0;

  check_consistent (info);
  g_assert_cmpuint (kh_info_get_n_fields (info), ==, 5);
  g_assert_cmpuint (kh_info_get_n_sections (info), ==, 3);
  g_assert_cmpstr (kh_info_get (info, "", "orphan"), ==, "1");
  g_assert_cmpstr (kh_info_get (info, "memory", "kh_future_gauge"), ==, "3.5");
  g_assert_true (kh_info_get_double (info, "kh_future_gauge", &d));
  g_assert_cmpfloat_with_epsilon (d, 3.5, 1e-12);
  g_assert_cmpstr (kh_info_get (info, "future section", "widgets"), ==, "name=a,count=2");
  g_assert_true (kh_info_has_section (info, "Future Section"));
  g_assert_false (kh_info_has_section (info, "Future"));

  /* The same name in two sections: each keeps its own, get_any finds the first. */
  g_assert_cmpstr (kh_info_get (info, "future section", "used_memory"), ==, "999");
  g_assert_cmpstr (kh_info_get_any (info, "used_memory"), ==, "10");
  g_assert_true (kh_info_get_used_memory (info, &u));
  g_assert_cmpuint (u, ==, 10);

  kh_info_foreach (info, collect_field, seen);
  g_assert_cmpstr (seen->str, ==,
                   "[]orphan=1;[Memory]used_memory=10;[Memory]kh_future_gauge=3.5;"
                   "[Future Section]widgets=name=a,count=2;[Future Section]used_memory=999;");
}

static void
test_info_missing (void)
{
  g_autoptr(KhInfo) info = kh_info_parse ("# Server\nredis_version:7.0.0\n", -1);
  guint64 u = 42;
  gint64 i = 42;
  double d = 42;
  gboolean b = 42;

  check_consistent (info);
  g_assert_false (kh_info_get_used_memory (info, &u));
  g_assert_false (kh_info_get_keyspace_hits (info, &u));
  g_assert_false (kh_info_get_uint64 (info, "nothing", &u));
  g_assert_false (kh_info_get_int64 (info, "nothing", &i));
  g_assert_false (kh_info_get_double (info, "nothing", &d));
  g_assert_false (kh_info_get_mem_fragmentation_ratio (info, &d));
  g_assert_false (kh_info_get_aof_enabled (info, &b));
  /* A failed read leaves the caller's value alone. */
  g_assert_cmpuint (u, ==, 42);
  g_assert_cmpint (i, ==, 42);
  g_assert_cmpfloat (d, ==, 42);
  g_assert_cmpint (b, ==, 42);
  g_assert_null (kh_info_get_role (info));
  g_assert_null (kh_info_get_maxmemory_policy (info));
  g_assert_null (kh_info_get_rdb_last_bgsave_status (info));
  g_assert_null (kh_info_get (info, "nope", "redis_version"));
  g_assert_cmpuint (kh_info_get_n_dbs (info), ==, 0);
  g_assert_cmpuint (kh_info_get_n_commands (info), ==, 0);
  g_assert_null (kh_info_lookup_command (info, "get"));

  {
    g_autoptr(KhInfo) empty = kh_info_parse (NULL, 0);

    check_consistent (empty);
    g_assert_cmpuint (kh_info_get_n_fields (empty), ==, 0);
    g_assert_cmpuint (kh_info_get_n_sections (empty), ==, 0);
  }
}

static void
test_info_malformed (void)
{
  static const char text[] =
    "no colon here\n"
    ":value without a name\n"
    "#\n"
    "#   \r\n"
    "\r\r\n"
    "# Stats\n"
    "total_commands_processed:12abc\n"
    "keyspace_hits:-5\n"
    "keyspace_misses: 7\n"
    "evicted_keys:18446744073709551616\n"
    "expired_keys:18446744073709551615\n"
    "mem_fragmentation_ratio:nan\n"
    "rdb_last_bgsave_time_sec:-1\n"
    "used_memory:\v65872\n"
    "allocator_frag_ratio:\v1.5\n"
    "rdb_last_cow_size:\v-1\n"
    "a:b:c\n"
    "dup:first\n"
    "dup:second\n"
    "bad\xff\xfeutf8:caf\xc3\xa9 \xff\n"
    "nul\0byte:1\n"
    "# Keyspace\n"
    "db:keys=1,expires=0,avg_ttl=0\n"
    "dbx:keys=1\n"
    "db1:keys=abc,expires=0,avg_ttl=0\n"
    "db2:expires=1,avg_ttl=0\n"
    "db3:keys=1,expires\n"
    "db4:\n"
    "db99999999999:keys=1\n"
    "db5:keys=4,,expires=1\n"
    "db6:keys=6\n"
    "db7:keys=7,expires=1,avg_ttl=0\r\n"
    "# Commandstats\n"
    "cmdstat_:calls=1\n"
    "cmdstat_x:usec=1\n"
    "cmdstat_y:calls=-1,usec=1\n"
    "cmdstat_z:calls=1,usec_per_call=inf\n"
    "cmdstat_ok:calls=9,usec=90,usec_per_call=10.00,future=1\n"
    "no trailing newline:still kept";
  g_autoptr(KhInfo) info = kh_info_parse (text, sizeof text - 1);
  guint64 u = 0;
  gint64 i = 0;
  double d = 0;

  check_consistent (info);

  g_assert_cmpuint (kh_info_get_n_sections (info), ==, 3);
  g_assert_null (kh_info_get_any (info, "no colon here"));
  g_assert_null (kh_info_get_any (info, ""));

  /* Kept as text, refused as numbers. */
  g_assert_cmpstr (kh_info_get_any (info, "total_commands_processed"), ==, "12abc");
  g_assert_false (kh_info_get_total_commands_processed (info, &u));
  g_assert_false (kh_info_get_keyspace_hits (info, &u));
  g_assert_false (kh_info_get_keyspace_misses (info, &u));
  g_assert_false (kh_info_get_evicted_keys (info, &u));
  g_assert_true (kh_info_get_expired_keys (info, &u));
  g_assert_cmpuint (u, ==, G_MAXUINT64);
  g_assert_false (kh_info_get_mem_fragmentation_ratio (info, &d));
  g_assert_true (kh_info_get_int64 (info, "rdb_last_bgsave_time_sec", &i));
  g_assert_cmpint (i, ==, -1);
  g_assert_false (kh_info_get_uint64 (info, "rdb_last_bgsave_time_sec", &u));
  /* strtoull and strtod skip a vertical tab; the parser must not. */
  g_assert_false (kh_info_get_used_memory (info, &u));
  g_assert_false (kh_info_get_double (info, "allocator_frag_ratio", &d));
  g_assert_false (kh_info_get_int64 (info, "rdb_last_cow_size", &i));

  g_assert_cmpstr (kh_info_get_any (info, "a"), ==, "b:c");
  g_assert_cmpstr (kh_info_get (info, "stats", "dup"), ==, "second");
  g_assert_cmpstr (kh_info_get_any (info, "nul"), ==, NULL);
  g_assert_cmpstr (kh_info_get (info, "stats", "bad\xef\xbf\xbd\xef\xbf\xbdutf8"), ==,
                   "caf\xc3\xa9 \xef\xbf\xbd");
  g_assert_cmpstr (kh_info_get (info, "commandstats", "no trailing newline"), ==, "still kept");

  /* Only well-formed keyspace lines make a KhInfoDb; db5's empty pair spoils it. */
  g_assert_cmpuint (kh_info_get_n_dbs (info), ==, 2);
  g_assert_cmpuint (kh_info_get_db (info, 0)->index, ==, 6);
  g_assert_cmpuint (kh_info_get_db (info, 0)->keys, ==, 6);
  g_assert_cmpuint (kh_info_get_db (info, 0)->expires, ==, 0);
  g_assert_cmpuint (kh_info_get_db (info, 1)->index, ==, 7);
  g_assert_cmpuint (kh_info_get_db (info, 1)->expires, ==, 1);
  /* The raw lines are still there. */
  g_assert_cmpstr (kh_info_get (info, "keyspace", "db1"), ==, "keys=abc,expires=0,avg_ttl=0");

  g_assert_cmpuint (kh_info_get_n_commands (info), ==, 1);
  g_assert_cmpuint (kh_info_lookup_command (info, "ok")->calls, ==, 9);
  g_assert_null (kh_info_lookup_command (info, "x"));
  g_assert_null (kh_info_lookup_command (info, "y"));
  g_assert_null (kh_info_lookup_command (info, "z"));
}

/* Bytes that steer the parser into its branches, plus anything at all. */
static char
random_info_byte (void)
{
  static const char interesting[] = "#:,=\r\n\0 db0cmdstat_|keys9-.\xff\xc3";

  if (g_test_rand_bit ())
    return interesting[g_test_rand_int_range (0, sizeof interesting)];
  return (char) g_test_rand_int_range (0, 256);
}

static void
test_info_fuzz_random (void)
{
  for (guint round = 0; round < 3000; round++)
    {
      gsize len = g_test_rand_int_range (0, 600);
      g_autofree char *buf = g_malloc (len + 1);
      g_autoptr(KhInfo) info = NULL;

      for (gsize i = 0; i < len; i++)
        buf[i] = random_info_byte ();
      buf[len] = '\0';

      info = kh_info_parse (buf, len);
      check_consistent (info);
    }
}

static void
test_info_fuzz_mutate (void)
{
  gsize len = sizeof redis7_info - 1;

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *buf = g_memdup2 (redis7_info, len);
      g_autoptr(KhInfo) info = NULL;
      guint n = g_test_rand_int_range (1, 16);

      for (guint i = 0; i < n; i++)
        buf[g_test_rand_int_range (0, len)] = random_info_byte ();

      info = kh_info_parse (buf, len);
      check_consistent (info);
      /* Most of the text is untouched, so most of the fields survive. */
      g_assert_cmpuint (kh_info_get_n_fields (info), >, 10);
    }
}

typedef struct {
  char *section;
  char *name;
  char *value;
  gsize end;       /* offset just past the line's '\n' */
} ExpectedField;

static void
expected_field_free (gpointer data)
{
  ExpectedField *field = data;

  g_free (field->section);
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

/* Every field whose line is complete within a prefix must be found in it. */
static void
test_info_fuzz_truncate (void)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (expected_field_free);
  g_autofree char *section = g_strdup ("");
  gsize len = sizeof redis7_info - 1;
  gsize start = 0;

  while (start < len)
    {
      const char *nl = strchr (redis7_info + start, '\n');
      gsize end = nl - redis7_info + 1;
      g_autofree char *line = g_strndup (redis7_info + start, end - start - 2);
      char *colon = strchr (line, ':');

      g_assert_nonnull (nl);
      if (line[0] == '#')
        {
          g_free (section);
          section = g_strdup (line + 2);
        }
      else if (colon != NULL)
        {
          ExpectedField *field = g_new0 (ExpectedField, 1);

          field->section = g_strdup (section);
          field->name = g_strndup (line, colon - line);
          field->value = g_strdup (colon + 1);
          field->end = end;
          g_ptr_array_add (expected, field);
        }
      start = end;
    }
  g_assert_cmpuint (expected->len, >, 40);

  for (gsize cut = 0; cut <= len; cut++)
    {
      /* A heap copy of exactly @cut bytes, so ASan sees any overread. */
      g_autofree char *prefix = g_memdup2 (redis7_info, cut);
      g_autoptr(KhInfo) info = kh_info_parse (prefix, cut);
      guint complete = 0;

      check_consistent (info);
      for (guint i = 0; i < expected->len; i++)
        {
          const ExpectedField *field = g_ptr_array_index (expected, i);

          if (field->end > cut)
            break;
          g_assert_cmpstr (kh_info_get (info, field->section, field->name), ==, field->value);
          complete++;
        }
      g_assert_cmpuint (kh_info_get_n_fields (info), >=, complete);
      g_assert_cmpuint (kh_info_get_n_fields (info), <=, complete + 1);
    }

  {
    g_autoptr(KhInfo) info = kh_info_parse (redis7_info, len);
    guint64 u = 0;

    g_assert_cmpuint (kh_info_get_n_fields (info), ==, expected->len);
    g_assert_cmpint (kh_info_get_server_kind (info), ==, KH_INFO_SERVER_REDIS);
    g_assert_true (kh_info_get_used_memory (info, &u));
    g_assert_cmpuint (u, ==, 965872);
    g_assert_nonnull (kh_info_lookup_command (info, "client|list"));
    g_assert_cmpuint (kh_info_lookup_db (info, 0)->keys, ==, 1);
  }
}

static char *
server_version_banner (const KhTestServer *server)
{
  const char *argv[] = { server->binary, "--version", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  return out;
}

#define N_SETS 5

static void
test_info_live (gconstpointer data)
{
  KhTestServerKind kind = KH_TEST_KIND (data);
  KhTestServer *server = kh_test_server_start (kind, KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhInfo) info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *banner = NULL;
  g_autofree char *expected_version = NULL;
  const KhInfoCommandStat *set;
  const KhInfoDb *db0;
  const char *version;
  guint64 u = 0;

  if (server == NULL)
    return;

  for (guint i = 0; i < N_SETS; i++)
    {
      g_autofree char *key = g_strdup_printf ("kh:info:%u", i);
      g_autofree char *reply = kh_test_server_cli (server, "SET", key, "1", NULL);

      g_assert_cmpstr (reply, ==, "OK");
    }

  text = kh_test_server_cli (server, "INFO", "everything", NULL);
  g_assert_nonnull (text);
  info = kh_info_parse (text, -1);
  check_consistent (info);

  g_assert_cmpint (kh_info_get_server_kind (info), ==,
                   kind == KH_TEST_SERVER_VALKEY ? KH_INFO_SERVER_VALKEY : KH_INFO_SERVER_REDIS);
  version = kh_info_get_version (info);
  g_assert_nonnull (version);
  g_assert_true (g_ascii_isdigit (version[0]));
  /* "Redis server v=7.0.15 sha=..." */
  banner = server_version_banner (server);
  expected_version = g_strdup_printf (" v=%s ", version);
  g_assert_nonnull (strstr (banner, expected_version));

  g_assert_cmpint (kh_info_get_mode (info), ==, KH_INFO_MODE_STANDALONE);
  g_assert_cmpstr (kh_info_get_role (info), ==, "master");
  g_assert_true (kh_info_get_used_memory (info, &u));
  g_assert_cmpuint (u, >, 0);
  g_assert_true (kh_info_get_connected_clients (info, &u));
  g_assert_cmpuint (u, >=, 1);
  g_assert_true (kh_info_get_maxclients (info, &u));
  g_assert_cmpuint (u, >, 0);
  g_assert_true (kh_info_get_uptime_seconds (info, &u));
  g_assert_true (kh_info_get_total_commands_processed (info, &u));
  g_assert_cmpuint (u, >=, N_SETS);
  g_assert_nonnull (kh_info_get_maxmemory_policy (info));
  g_assert_cmpstr (kh_info_get_rdb_last_bgsave_status (info), ==, "ok");
  g_assert_true (kh_info_get_mem_fragmentation_ratio (info, &(double){ 0 }));
  g_assert_true (kh_info_get_aof_enabled (info, &(gboolean){ 0 }));

  db0 = kh_info_lookup_db (info, 0);
  g_assert_nonnull (db0);
  g_assert_cmpuint (db0->keys, ==, N_SETS);
  g_assert_cmpuint (db0->expires, ==, 0);

  set = kh_info_lookup_command (info, "set");
  g_assert_nonnull (set);
  g_assert_cmpuint (set->calls, >=, N_SETS);
  g_assert_cmpuint (set->usec, >, 0);
  /* Every section INFO everything has on both servers. */
  g_assert_true (kh_info_has_section (info, "server"));
  g_assert_true (kh_info_has_section (info, "commandstats"));
  g_assert_true (kh_info_has_section (info, "keyspace"));
  g_assert_cmpuint (kh_info_get_n_fields (info), >, 100);

  kh_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/info/parse/redis6", test_info_redis6);
  g_test_add_func ("/core/info/parse/valkey8", test_info_valkey8);
  g_test_add_func ("/core/info/parse/kind-and-mode", test_info_kind_and_mode);
  g_test_add_func ("/core/info/parse/unknown-fields", test_info_unknown_fields);
  g_test_add_func ("/core/info/parse/missing", test_info_missing);
  g_test_add_func ("/core/info/parse/malformed", test_info_malformed);
  g_test_add_func ("/core/info/fuzz/random", test_info_fuzz_random);
  g_test_add_func ("/core/info/fuzz/mutate", test_info_fuzz_mutate);
  g_test_add_func ("/core/info/fuzz/truncate", test_info_fuzz_truncate);
  kh_test_add_for_each_server ("/core/info/live", "everything", test_info_live);

  return g_test_run ();
}
