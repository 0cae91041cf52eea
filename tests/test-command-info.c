/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-command-info.c: command classification */
#include <string.h>

#include "kh-command-info.h"

/* Every command and subcommand Redis 7.0 and Valkey 8.0 list in COMMAND,
 * plus the hash field expiry commands of Redis 7.4/8 and Valkey 9's DELIFEQ. */
static const char * const all_commands[] = {
  "ACL", "ACL CAT", "ACL DELUSER", "ACL DRYRUN", "ACL GENPASS", "ACL GETUSER",
  "ACL HELP", "ACL LIST", "ACL LOAD", "ACL LOG", "ACL SAVE", "ACL SETUSER", "ACL USERS",
  "ACL WHOAMI", "APPEND", "ASKING", "AUTH", "BGREWRITEAOF", "BGSAVE", "BITCOUNT",
  "BITFIELD", "BITFIELD_RO", "BITOP", "BITPOS", "BLMOVE", "BLMPOP", "BLPOP", "BRPOP",
  "BRPOPLPUSH", "BZMPOP", "BZPOPMAX", "BZPOPMIN", "CLIENT", "CLIENT CACHING",
  "CLIENT CAPA", "CLIENT GETNAME", "CLIENT GETREDIR", "CLIENT HELP", "CLIENT ID",
  "CLIENT INFO", "CLIENT KILL", "CLIENT LIST", "CLIENT NO-EVICT", "CLIENT NO-TOUCH",
  "CLIENT PAUSE", "CLIENT REPLY", "CLIENT SETINFO", "CLIENT SETNAME", "CLIENT TRACKING",
  "CLIENT TRACKINGINFO", "CLIENT UNBLOCK", "CLIENT UNPAUSE", "CLUSTER",
  "CLUSTER ADDSLOTS", "CLUSTER ADDSLOTSRANGE", "CLUSTER BUMPEPOCH",
  "CLUSTER COUNT-FAILURE-REPORTS", "CLUSTER COUNTKEYSINSLOT", "CLUSTER DELSLOTS",
  "CLUSTER DELSLOTSRANGE", "CLUSTER FAILOVER", "CLUSTER FLUSHSLOTS", "CLUSTER FORGET",
  "CLUSTER GETKEYSINSLOT", "CLUSTER HELP", "CLUSTER INFO", "CLUSTER KEYSLOT",
  "CLUSTER LINKS", "CLUSTER MEET", "CLUSTER MYID", "CLUSTER MYSHARDID", "CLUSTER NODES",
  "CLUSTER REPLICAS", "CLUSTER REPLICATE", "CLUSTER RESET", "CLUSTER SAVECONFIG",
  "CLUSTER SET-CONFIG-EPOCH", "CLUSTER SETSLOT", "CLUSTER SHARDS", "CLUSTER SLAVES",
  "CLUSTER SLOT-STATS", "CLUSTER SLOTS", "COMMAND", "COMMAND COUNT", "COMMAND DOCS",
  "COMMAND GETKEYS", "COMMAND GETKEYSANDFLAGS", "COMMAND HELP", "COMMAND INFO",
  "COMMAND LIST", "COMMANDLOG", "COMMANDLOG GET", "COMMANDLOG LEN", "COMMANDLOG RESET",
  "CONFIG", "CONFIG GET", "CONFIG HELP", "CONFIG RESETSTAT", "CONFIG REWRITE",
  "CONFIG SET", "COPY", "DBSIZE", "DEBUG", "DECR", "DECRBY", "DEL", "DELIFEQ", "DISCARD",
  "DUMP", "ECHO", "EVAL", "EVALSHA", "EVALSHA_RO", "EVAL_RO", "EXEC", "EXISTS", "EXPIRE",
  "EXPIREAT", "EXPIRETIME", "FAILOVER", "FCALL", "FCALL_RO", "FLUSHALL", "FLUSHDB",
  "FUNCTION", "FUNCTION DELETE", "FUNCTION DUMP", "FUNCTION FLUSH", "FUNCTION HELP",
  "FUNCTION KILL", "FUNCTION LIST", "FUNCTION LOAD", "FUNCTION RESTORE",
  "FUNCTION STATS", "GEOADD", "GEODIST", "GEOHASH", "GEOPOS", "GEORADIUS",
  "GEORADIUSBYMEMBER", "GEORADIUSBYMEMBER_RO", "GEORADIUS_RO", "GEOSEARCH",
  "GEOSEARCHSTORE", "GET", "GETBIT", "GETDEL", "GETEX", "GETRANGE", "GETSET", "HDEL",
  "HELLO", "HEXISTS", "HEXPIRE", "HEXPIREAT", "HEXPIRETIME", "HGET", "HGETALL",
  "HGETDEL", "HGETEX", "HINCRBY", "HINCRBYFLOAT", "HKEYS", "HLEN", "HMGET", "HMSET",
  "HPERSIST", "HPEXPIRE", "HPEXPIREAT", "HPEXPIRETIME", "HPTTL", "HRANDFIELD", "HSCAN",
  "HSET", "HSETEX", "HSETNX", "HSTRLEN", "HTTL", "HVALS", "INCR", "INCRBY",
  "INCRBYFLOAT", "INFO", "KEYS", "LASTSAVE", "LATENCY", "LATENCY DOCTOR",
  "LATENCY GRAPH", "LATENCY HELP", "LATENCY HISTOGRAM", "LATENCY HISTORY",
  "LATENCY LATEST", "LATENCY RESET", "LCS", "LINDEX", "LINSERT", "LLEN", "LMOVE",
  "LMPOP", "LOLWUT", "LPOP", "LPOS", "LPUSH", "LPUSHX", "LRANGE", "LREM", "LSET",
  "LTRIM", "MEMORY", "MEMORY DOCTOR", "MEMORY HELP", "MEMORY MALLOC-STATS",
  "MEMORY PURGE", "MEMORY STATS", "MEMORY USAGE", "MGET", "MIGRATE", "MODULE",
  "MODULE HELP", "MODULE LIST", "MODULE LOAD", "MODULE LOADEX", "MODULE UNLOAD",
  "MONITOR", "MOVE", "MSET", "MSETNX", "MULTI", "OBJECT", "OBJECT ENCODING",
  "OBJECT FREQ", "OBJECT HELP", "OBJECT IDLETIME", "OBJECT REFCOUNT", "PERSIST",
  "PEXPIRE", "PEXPIREAT", "PEXPIRETIME", "PFADD", "PFCOUNT", "PFDEBUG", "PFMERGE",
  "PFSELFTEST", "PING", "PSETEX", "PSUBSCRIBE", "PSYNC", "PTTL", "PUBLISH", "PUBSUB",
  "PUBSUB CHANNELS", "PUBSUB HELP", "PUBSUB NUMPAT", "PUBSUB NUMSUB",
  "PUBSUB SHARDCHANNELS", "PUBSUB SHARDNUMSUB", "PUNSUBSCRIBE", "QUIT", "RANDOMKEY",
  "READONLY", "READWRITE", "RENAME", "RENAMENX", "REPLCONF", "REPLICAOF", "RESET",
  "RESTORE", "RESTORE-ASKING", "ROLE", "RPOP", "RPOPLPUSH", "RPUSH", "RPUSHX", "SADD",
  "SAVE", "SCAN", "SCARD", "SCRIPT", "SCRIPT DEBUG", "SCRIPT EXISTS", "SCRIPT FLUSH",
  "SCRIPT HELP", "SCRIPT KILL", "SCRIPT LOAD", "SCRIPT SHOW", "SDIFF", "SDIFFSTORE",
  "SELECT", "SET", "SETBIT", "SETEX", "SETNX", "SETRANGE", "SHUTDOWN", "SINTER",
  "SINTERCARD", "SINTERSTORE", "SISMEMBER", "SLAVEOF", "SLOWLOG", "SLOWLOG GET",
  "SLOWLOG HELP", "SLOWLOG LEN", "SLOWLOG RESET", "SMEMBERS", "SMISMEMBER", "SMOVE",
  "SORT", "SORT_RO", "SPOP", "SPUBLISH", "SRANDMEMBER", "SREM", "SSCAN", "SSUBSCRIBE",
  "STRLEN", "SUBSCRIBE", "SUBSTR", "SUNION", "SUNIONSTORE", "SUNSUBSCRIBE", "SWAPDB",
  "SYNC", "TIME", "TOUCH", "TTL", "TYPE", "UNLINK", "UNSUBSCRIBE", "UNWATCH", "WAIT",
  "WAITAOF", "WATCH", "XACK", "XADD", "XAUTOCLAIM", "XCLAIM", "XDEL", "XGROUP",
  "XGROUP CREATE", "XGROUP CREATECONSUMER", "XGROUP DELCONSUMER", "XGROUP DESTROY",
  "XGROUP HELP", "XGROUP SETID", "XINFO", "XINFO CONSUMERS", "XINFO GROUPS",
  "XINFO HELP", "XINFO STREAM", "XLEN", "XPENDING", "XRANGE", "XREAD", "XREADGROUP",
  "XREVRANGE", "XSETID", "XTRIM", "ZADD", "ZCARD", "ZCOUNT", "ZDIFF", "ZDIFFSTORE",
  "ZINCRBY", "ZINTER", "ZINTERCARD", "ZINTERSTORE", "ZLEXCOUNT", "ZMPOP", "ZMSCORE",
  "ZPOPMAX", "ZPOPMIN", "ZRANDMEMBER", "ZRANGE", "ZRANGEBYLEX", "ZRANGEBYSCORE",
  "ZRANGESTORE", "ZRANK", "ZREM", "ZREMRANGEBYLEX", "ZREMRANGEBYRANK",
  "ZREMRANGEBYSCORE", "ZREVRANGE", "ZREVRANGEBYLEX", "ZREVRANGEBYSCORE", "ZREVRANK",
  "ZSCAN", "ZSCORE", "ZUNION", "ZUNIONSTORE",
};

/* Those the servers flag "write" in COMMAND, plus EVAL, EVALSHA and FCALL
 * (a script may write). */
static const char * const write_commands[] = {
  "APPEND", "BITFIELD", "BITOP", "BLMOVE", "BLMPOP", "BLPOP", "BRPOP", "BRPOPLPUSH",
  "BZMPOP", "BZPOPMAX", "BZPOPMIN", "COPY", "DECR", "DECRBY", "DEL", "DELIFEQ", "EVAL",
  "EVALSHA", "EXPIRE", "EXPIREAT", "FCALL", "FLUSHALL", "FLUSHDB", "FUNCTION DELETE",
  "FUNCTION FLUSH", "FUNCTION LOAD", "FUNCTION RESTORE", "GEOADD", "GEORADIUS",
  "GEORADIUSBYMEMBER", "GEOSEARCHSTORE", "GETDEL", "GETEX", "GETSET", "HDEL", "HEXPIRE",
  "HEXPIREAT", "HGETDEL", "HGETEX", "HINCRBY", "HINCRBYFLOAT", "HMSET", "HPERSIST",
  "HPEXPIRE", "HPEXPIREAT", "HSET", "HSETEX", "HSETNX", "INCR", "INCRBY", "INCRBYFLOAT",
  "LINSERT", "LMOVE", "LMPOP", "LPOP", "LPUSH", "LPUSHX", "LREM", "LSET", "LTRIM",
  "MIGRATE", "MOVE", "MSET", "MSETNX", "PERSIST", "PEXPIRE", "PEXPIREAT", "PFADD",
  "PFDEBUG", "PFMERGE", "PSETEX", "RENAME", "RENAMENX", "RESTORE", "RESTORE-ASKING",
  "RPOP", "RPOPLPUSH", "RPUSH", "RPUSHX", "SADD", "SDIFFSTORE", "SET", "SETBIT", "SETEX",
  "SETNX", "SETRANGE", "SINTERSTORE", "SMOVE", "SORT", "SPOP", "SREM", "SUNIONSTORE",
  "SWAPDB", "UNLINK", "XACK", "XADD", "XAUTOCLAIM", "XCLAIM", "XDEL", "XGROUP CREATE",
  "XGROUP CREATECONSUMER", "XGROUP DELCONSUMER", "XGROUP DESTROY", "XGROUP SETID",
  "XREADGROUP", "XSETID", "XTRIM", "ZADD", "ZDIFFSTORE", "ZINCRBY", "ZINTERSTORE",
  "ZMPOP", "ZPOPMAX", "ZPOPMIN", "ZRANGESTORE", "ZREM", "ZREMRANGEBYLEX",
  "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZUNIONSTORE",
};

/* A command from a line of words separated by single spaces. */
static KhCommand *
command_from (const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  KhCommand *cmd = kh_command_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    kh_command_add (cmd, words[i]);
  return cmd;
}

static KhCommandFlags
classify (const char *line)
{
  g_autoptr(KhCommand) cmd = command_from (line);

  return kh_command_info_classify (cmd);
}

static gboolean
in_list (const char         *name,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (g_str_equal (list[i], name))
        return TRUE;
    }
  return FALSE;
}

static void
test_every_command_known (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_commands); i++)
    {
      g_autoptr(KhCommand) cmd = command_from (all_commands[i]);
      g_autofree char *lower = g_ascii_strdown (all_commands[i], -1);
      g_autoptr(KhCommand) lower_cmd = command_from (lower);

      g_assert_cmpstr (kh_command_info_lookup_name (cmd), ==, all_commands[i]);
      g_assert_cmpstr (kh_command_info_lookup_name (lower_cmd), ==, all_commands[i]);
    }
}

static void
test_write (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_commands); i++)
    {
      gboolean expected = in_list (all_commands[i], write_commands, G_N_ELEMENTS (write_commands));
      KhCommandFlags flags = classify (all_commands[i]);

      g_test_message ("%s", all_commands[i]);
      g_assert_cmpint (!!(flags & KH_COMMAND_WRITE), ==, expected);
    }

  g_assert_cmpint (classify ("set k v") & KH_COMMAND_WRITE, ==, KH_COMMAND_WRITE);
  g_assert_cmpint (classify ("xgroup destroy s g") & KH_COMMAND_WRITE, ==, KH_COMMAND_WRITE);
  g_assert_cmpint (classify ("get k"), ==, KH_COMMAND_NONE);
  g_assert_cmpint (classify ("PUBLISH ch hello"), ==, KH_COMMAND_NONE);
  g_assert_cmpint (classify ("EVAL_RO script 0"), ==, KH_COMMAND_NONE);
  g_assert_cmpint (classify ("XGROUP CREATE s g $"), ==, KH_COMMAND_WRITE);
  g_assert_cmpint (classify ("XINFO STREAM s"), ==, KH_COMMAND_NONE);
}

static void
test_case_insensitive (void)
{
  g_assert_cmpint (classify ("set k v"), ==, KH_COMMAND_WRITE);
  g_assert_cmpint (classify ("SeT k v"), ==, KH_COMMAND_WRITE);
  g_assert_cmpint (classify ("config set maxmemory 1mb"), ==, KH_COMMAND_DANGEROUS);
  g_assert_cmpint (classify ("CoNfIg SeT maxmemory 1mb"), ==, KH_COMMAND_DANGEROUS);
  g_assert_cmpint (classify ("flushdb async"), ==, KH_COMMAND_WRITE | KH_COMMAND_DANGEROUS);
}

static void
test_subcommands (void)
{
  static const struct {
    const char *line;
    const char *name;
  } cases[] = {
    { "object encoding k", "OBJECT ENCODING" },
    { "MEMORY usage k SAMPLES 0", "MEMORY USAGE" },
    { "client kill id 7", "CLIENT KILL" },
    { "Script Flush", "SCRIPT FLUSH" },
    { "function delete lib", "FUNCTION DELETE" },
    { "acl setuser bob on >pw", "ACL SETUSER" },
    { "config bogus", "CONFIG" },
    { "client", "CLIENT" },
    { "get", "GET" },
    { "restore-asking k 0 x", "RESTORE-ASKING" },
    { "nosuchcommand a b", NULL },
    { "CONFIGSET x", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KhCommand) cmd = command_from (cases[i].line);

      g_assert_cmpstr (kh_command_info_lookup_name (cmd), ==, cases[i].name);
    }

  g_assert_cmpint (classify ("nosuchcommand a b"), ==, KH_COMMAND_NONE);
}

static void
test_odd_commands (void)
{
  g_autoptr(KhCommand) empty = kh_command_new (NULL);
  g_autoptr(KhCommand) binary_sub = kh_command_new ("CONFIG");
  g_autoptr(KhCommand) long_sub = kh_command_new ("CONFIG");
  g_autofree char *long_arg = g_strnfill (200, 'S');

  g_assert_cmpint (kh_command_info_classify (empty), ==, KH_COMMAND_NONE);
  g_assert_null (kh_command_info_lookup_name (empty));
  g_assert_null (kh_command_info_describe_danger (empty));

  /* A NUL inside the subcommand must not read as "CONFIG SET" */
  kh_command_add_len (binary_sub, "SET\0x", 5);
  g_assert_cmpstr (kh_command_info_lookup_name (binary_sub), ==, "CONFIG");
  g_assert_cmpint (kh_command_info_classify (binary_sub), ==, KH_COMMAND_NONE);

  kh_command_add (long_sub, long_arg);
  g_assert_cmpstr (kh_command_info_lookup_name (long_sub), ==, "CONFIG");
}

static void
test_dangerous (void)
{
  static const char * const dangerous[] = {
    "FLUSHALL", "FLUSHDB", "KEYS *", "SHUTDOWN NOSAVE", "DEBUG SLEEP 0", "CONFIG SET maxmemory 0",
    "CONFIG RESETSTAT", "SCRIPT FLUSH", "FUNCTION FLUSH", "CLIENT KILL ID 3", "SLOWLOG RESET",
    "ACL DELUSER bob", "SWAPDB 0 1", "FAILOVER", "REPLICAOF host 6379", "SLAVEOF NO ONE",
    "CLUSTER RESET HARD",
  };
  static const char * const safe[] = {
    "CONFIG GET maxmemory", "SCRIPT LOAD x", "CLIENT LIST", "SLOWLOG GET", "ACL LIST",
    "CLUSTER INFO", "FUNCTION LIST", "DEL k", "SCAN 0", "INFO", "MONITOR", "SUBSCRIBE ch",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (dangerous); i++)
    {
      g_autoptr(KhCommand) cmd = command_from (dangerous[i]);
      const char *name = kh_command_info_lookup_name (cmd);
      const char *sentence = kh_command_info_describe_danger (cmd);

      g_test_message ("%s", dangerous[i]);
      g_assert_true (kh_command_info_classify (cmd) & KH_COMMAND_DANGEROUS);
      g_assert_nonnull (sentence);
      /* One sentence, naming the command */
      g_assert_true (g_str_has_prefix (sentence, name));
      g_assert_true (g_str_has_suffix (sentence, "."));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (safe); i++)
    {
      g_autoptr(KhCommand) cmd = command_from (safe[i]);

      g_test_message ("%s", safe[i]);
      g_assert_false (kh_command_info_classify (cmd) & KH_COMMAND_DANGEROUS);
      g_assert_null (kh_command_info_describe_danger (cmd));
    }
}

static void
test_describe_danger (void)
{
  g_autoptr(KhCommand) flushdb = command_from ("flushdb");
  g_autoptr(KhCommand) flushall = command_from ("FLUSHALL ASYNC");
  g_autoptr(KhCommand) config_set = command_from ("config set maxmemory 1gb");

  g_assert_cmpstr (kh_command_info_describe_danger (flushdb), ==,
                   "FLUSHDB deletes every key in the current database.");
  g_assert_cmpstr (kh_command_info_describe_danger (flushall), ==,
                   "FLUSHALL deletes every key in every database of the server.");
  g_assert_true (g_str_has_prefix (kh_command_info_describe_danger (config_set), "CONFIG SET "));
}

static void
test_blocking (void)
{
  static const char * const blocking[] = {
    "BLPOP l 0", "BRPOP l 0", "BLMOVE a b LEFT RIGHT 0", "BRPOPLPUSH a b 0", "BZPOPMIN z 0",
    "BZPOPMAX z 0", "BLMPOP 0 1 l LEFT", "BZMPOP 0 1 z MIN", "WAIT 1 0", "WAITAOF 1 0 0",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (blocking); i++)
    g_assert_true (classify (blocking[i]) & KH_COMMAND_BLOCKING);

  g_assert_cmpint (classify ("XREAD COUNT 1 BLOCK 0 STREAMS s $"), ==, KH_COMMAND_BLOCKING);
  g_assert_cmpint (classify ("xread block 100 streams s 0"), ==, KH_COMMAND_BLOCKING);
  g_assert_cmpint (classify ("XREAD COUNT 5 STREAMS s 0"), ==, KH_COMMAND_NONE);
  /* A stream called "block" is a key, not the option */
  g_assert_cmpint (classify ("XREAD STREAMS block 0"), ==, KH_COMMAND_NONE);
  g_assert_cmpint (classify ("XREADGROUP GROUP g c BLOCK 100 STREAMS s >"), ==,
                   KH_COMMAND_WRITE | KH_COMMAND_BLOCKING);
  /* ... and so are a group and a consumer called "block" */
  g_assert_cmpint (classify ("XREADGROUP GROUP block block COUNT 2 NOACK STREAMS s >"), ==,
                   KH_COMMAND_WRITE);
  g_assert_false (classify ("LPOP l") & KH_COMMAND_BLOCKING);
  g_assert_false (classify ("XRANGE s - +") & KH_COMMAND_BLOCKING);
}

static void
test_subscribe_monitor (void)
{
  g_assert_cmpint (classify ("SUBSCRIBE a b"), ==, KH_COMMAND_SUBSCRIBE);
  g_assert_cmpint (classify ("psubscribe news.*"), ==, KH_COMMAND_SUBSCRIBE);
  g_assert_cmpint (classify ("SSUBSCRIBE shard"), ==, KH_COMMAND_SUBSCRIBE);
  g_assert_cmpint (classify ("UNSUBSCRIBE a"), ==, KH_COMMAND_NONE);
  g_assert_cmpint (classify ("PUBSUB CHANNELS"), ==, KH_COMMAND_NONE);
  g_assert_cmpint (classify ("MONITOR"), ==, KH_COMMAND_MONITOR);
  g_assert_cmpint (classify ("monitor"), ==, KH_COMMAND_MONITOR);
}

static void
test_secret (void)
{
  static const char * const secret[] = {
    "AUTH hunter2",
    "auth bob hunter2",
    "HELLO 3 AUTH bob hunter2",
    "hello 3 setname app auth bob hunter2",
    "MIGRATE host 6379 k 0 1000 AUTH hunter2",
    "MIGRATE host 6379 \"\" 0 1000 COPY AUTH2 bob hunter2 KEYS a b",
    "ACL SETUSER bob on >hunter2",
    "CONFIG SET requirepass hunter2",
    "config set MASTERAUTH hunter2",
    "CONFIG SET maxmemory 1mb requirepass hunter2",
    "CONFIG SET tls-key-file-pass hunter2",
  };
  static const char * const not_secret[] = {
    "HELLO 3",
    "HELLO 3 SETNAME app",
    "MIGRATE host 6379 k 0 1000",
    "MIGRATE host 6379 k 0 1000 COPY REPLACE",
    "CONFIG SET maxmemory 1mb",
    "CONFIG SET maxmemory requirepass",
    "CONFIG GET requirepass",
    "ACL GETUSER bob",
    "SET auth requirepass",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (secret); i++)
    {
      g_test_message ("%s", secret[i]);
      g_assert_true (classify (secret[i]) & KH_COMMAND_SECRET);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (not_secret); i++)
    {
      g_test_message ("%s", not_secret[i]);
      g_assert_false (classify (not_secret[i]) & KH_COMMAND_SECRET);
    }

  /* Secrecy adds to the other flags */
  g_assert_cmpint (classify ("CONFIG SET requirepass x"), ==,
                   KH_COMMAND_DANGEROUS | KH_COMMAND_SECRET);
  g_assert_cmpint (classify ("MIGRATE h 1 k 0 1 AUTH x"), ==,
                   KH_COMMAND_WRITE | KH_COMMAND_SECRET);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/command-info/every-command-known", test_every_command_known);
  g_test_add_func ("/core/command-info/write", test_write);
  g_test_add_func ("/core/command-info/case-insensitive", test_case_insensitive);
  g_test_add_func ("/core/command-info/subcommands", test_subcommands);
  g_test_add_func ("/core/command-info/odd-commands", test_odd_commands);
  g_test_add_func ("/core/command-info/dangerous", test_dangerous);
  g_test_add_func ("/core/command-info/describe-danger", test_describe_danger);
  g_test_add_func ("/core/command-info/blocking", test_blocking);
  g_test_add_func ("/core/command-info/subscribe-monitor", test_subscribe_monitor);
  g_test_add_func ("/core/command-info/secret", test_secret);

  return g_test_run ();
}
