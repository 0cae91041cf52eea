/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-facts.c: what a session learns about its server when it opens:
 * the kind and version from INFO server, maxmemory from INFO memory, the
 * commands it has (COMMAND LIST, else COMMAND INFO on an assumed set) and
 * the number of databases */
#include "config.h"

#include "kh-session.h"
#include "kh-session-private.h"

#include <string.h>

/* The top-level commands of Redis 6.2, assumed when COMMAND is refused
 * (managed services) and corrected by COMMAND INFO where it works. */
static const char * const redis_6_2_commands[] = {
  "acl", "append", "asking", "auth", "bgrewriteaof", "bgsave", "bitcount", "bitfield",
  "bitfield_ro", "bitop", "bitpos", "blmove", "blpop", "brpop", "brpoplpush", "bzpopmax",
  "bzpopmin", "client", "cluster", "command", "config", "copy", "dbsize", "debug", "decr",
  "decrby", "del", "discard", "dump", "echo", "eval", "evalsha", "exec", "exists", "expire",
  "expireat", "failover", "flushall", "flushdb", "geoadd", "geodist", "geohash", "geopos",
  "georadius", "georadius_ro", "georadiusbymember", "georadiusbymember_ro", "geosearch",
  "geosearchstore", "get", "getbit", "getdel", "getex", "getrange", "getset", "hdel", "hello",
  "hexists", "hget", "hgetall", "hincrby", "hincrbyfloat", "hkeys", "hlen", "hmget", "hmset",
  "hrandfield", "hscan", "hset", "hsetnx", "hstrlen", "hvals", "incr", "incrby",
  "incrbyfloat", "info", "keys", "lastsave", "latency", "lindex", "linsert", "llen", "lmove",
  "lolwut", "lpop", "lpos", "lpush", "lpushx", "lrange", "lrem", "lset", "ltrim", "memory",
  "mget", "migrate", "module", "monitor", "move", "mset", "msetnx", "multi", "object",
  "persist", "pexpire", "pexpireat", "pfadd", "pfcount", "pfdebug", "pfmerge", "pfselftest",
  "ping", "psetex", "psubscribe", "psync", "pttl", "publish", "pubsub", "punsubscribe",
  "quit", "randomkey", "readonly", "readwrite", "rename", "renamenx", "replconf",
  "replicaof", "reset", "restore", "restore-asking", "role", "rpop", "rpoplpush", "rpush",
  "rpushx", "sadd", "save", "scan", "scard", "script", "sdiff", "sdiffstore", "select", "set",
  "setbit", "setex", "setnx", "setrange", "shutdown", "sinter", "sinterstore", "sismember",
  "slaveof", "slowlog", "smembers", "smismember", "smove", "sort", "spop", "srandmember",
  "srem", "sscan", "stralgo", "strlen", "subscribe", "substr", "sunion", "sunionstore",
  "swapdb", "sync", "time", "touch", "ttl", "type", "unlink", "unsubscribe", "unwatch",
  "wait", "watch", "xack", "xadd", "xautoclaim", "xclaim", "xdel", "xgroup", "xinfo", "xlen",
  "xpending", "xrange", "xread", "xreadgroup", "xrevrange", "xsetid", "xtrim", "zadd",
  "zcard", "zcount", "zdiff", "zdiffstore", "zincrby", "zinter", "zinterstore", "zlexcount",
  "zmscore", "zpopmax", "zpopmin", "zrandmember", "zrange", "zrangebylex", "zrangebyscore",
  "zrangestore", "zrank", "zrem", "zremrangebylex", "zremrangebyrank", "zremrangebyscore",
  "zrevrange", "zrevrangebylex", "zrevrangebyscore", "zrevrank", "zscan", "zscore", "zunion",
  "zunionstore",
  NULL
};

/* Asked about with COMMAND INFO when COMMAND LIST is missing (before Redis 7):
 * the commands Keyhole chooses between, newer ones, and module commands. */
static const char * const probed_commands[] = {
  "UNLINK", "COPY", "MEMORY", "GETEX", "GETDEL", "OBJECT", "SCAN", "TYPE", "PTTL", "DUMP",
  "LPOS", "HELLO", "RESET", "CLIENT", "CONFIG", "INFO", "SLOWLOG", "LATENCY", "MONITOR",
  "XAUTOCLAIM", "ZRANGESTORE", "SMISMEMBER", "HRANDFIELD", "EXPIRETIME", "PEXPIRETIME",
  "LMPOP", "ZMPOP", "SINTERCARD", "FUNCTION", "EVAL_RO", "SWAPDB", "MODULE", "DEBUG",
  "JSON.GET", "JSON.SET", "JSON.TYPE", "FT.SEARCH", "FT._LIST",
  NULL
};

/* The value of "name:value" in INFO text, or NULL. */
static char *
info_field (const KhReply *reply,
            const char    *name)
{
  gsize name_len = strlen (name);
  const char *p, *end;

  if (reply == NULL || reply->kind != KH_REPLY_STRING)
    return NULL;

  p = reply->str;
  end = reply->str + reply->len;
  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;

      if ((gsize) (line_end - p) > name_len && memcmp (p, name, name_len) == 0 && p[name_len] == ':')
        {
          const char *value = p + name_len + 1;
          const char *value_end = line_end;

          if (value_end > value && value_end[-1] == '\r')
            value_end--;
          return g_strndup (value, value_end - value);
        }
      p = line_end + 1;
    }
  return NULL;
}

void
kh_session_learn_info (KhSession     *self,
                       const KhReply *server,
                       const KhReply *memory)
{
  g_autofree char *server_name = info_field (server, "server_name");
  g_autofree char *valkey_version = info_field (server, "valkey_version");
  g_autofree char *redis_version = info_field (server, "redis_version");
  g_autofree char *mode = info_field (server, "server_mode");
  g_autofree char *maxmemory = NULL;

  if ((server_name != NULL && g_ascii_strcasecmp (server_name, "valkey") == 0) || valkey_version != NULL)
    self->server_kind = KH_SERVER_VALKEY;
  else if (redis_version != NULL)
    self->server_kind = KH_SERVER_REDIS;
  else
    self->server_kind = KH_SERVER_UNKNOWN;

  g_free (self->server_version);
  if (self->server_kind == KH_SERVER_VALKEY && valkey_version != NULL)
    self->server_version = g_steal_pointer (&valkey_version);
  else
    self->server_version = g_steal_pointer (&redis_version);

  if (mode == NULL)
    mode = info_field (server, "redis_mode");
  if (g_strcmp0 (mode, "standalone") == 0)
    self->mode = KH_SERVER_MODE_STANDALONE;
  else if (g_strcmp0 (mode, "cluster") == 0)
    self->mode = KH_SERVER_MODE_CLUSTER;
  else if (g_strcmp0 (mode, "sentinel") == 0)
    self->mode = KH_SERVER_MODE_SENTINEL;
  else
    self->mode = KH_SERVER_MODE_UNKNOWN;

  maxmemory = info_field (memory, "maxmemory");
  self->maxmemory = maxmemory != NULL ? g_ascii_strtoull (maxmemory, NULL, 10) : 0;
  g_free (self->maxmemory_policy);
  self->maxmemory_policy = info_field (memory, "maxmemory_policy");
}

static GHashTable *
command_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
command_set_add (GHashTable *set,
                 const char *name,
                 gsize       len)
{
  g_hash_table_add (set, g_ascii_strdown (name, len));
}

void
kh_session_learn_commands (KhSession     *self,
                           const KhReply *list,
                           const KhReply *info)
{
  g_clear_pointer (&self->commands, g_hash_table_unref);
  self->command_probe_failed = FALSE;

  if (list != NULL && list->kind == KH_REPLY_ARRAY)
    {
      self->commands = command_set_new ();
      for (gsize i = 0; i < list->len; i++)
        if (kh_reply_is_string (list->element[i]))
          command_set_add (self->commands, list->element[i]->str, list->element[i]->len);
      return;
    }

  /* Without COMMAND LIST: the assumed set, corrected by what COMMAND INFO said. */
  self->commands = command_set_new ();
  for (guint i = 0; redis_6_2_commands[i] != NULL; i++)
    command_set_add (self->commands, redis_6_2_commands[i], -1);

  if (info != NULL && info->kind == KH_REPLY_ARRAY)
    {
      for (gsize i = 0; i < info->len && probed_commands[i] != NULL; i++)
        {
          g_autofree char *name = g_ascii_strdown (probed_commands[i], -1);

          if (kh_reply_is_nil (info->element[i]))
            g_hash_table_remove (self->commands, name);
          else
            g_hash_table_add (self->commands, g_steal_pointer (&name));
        }
      return;
    }

  self->command_probe_failed = TRUE;
}

guint
kh_session_learn_databases (KhSession     *self,
                            const KhReply *reply)
{
  gint64 n = 0;

  if (self->mode == KH_SERVER_MODE_CLUSTER)
    return 1;
  /* CONFIG GET answers ["databases", "16"] (a map on RESP3, flattened the same way). */
  if (reply != NULL && reply->kind == KH_REPLY_ARRAY && reply->len >= 2 &&
      kh_reply_is_string (reply->element[1]))
    n = g_ascii_strtoll (reply->element[1]->str, NULL, 10);
  return n > 0 && n <= G_MAXINT ? (guint) n : 16;
}

KhCommand *
kh_session_command_info_new (void)
{
  KhCommand *command = kh_command_new_va ("COMMAND", "INFO", NULL);

  for (guint i = 0; probed_commands[i] != NULL; i++)
    kh_command_add (command, probed_commands[i]);
  return command;
}

gboolean
kh_session_has_command (KhSession  *self,
                        const char *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (KH_IS_SESSION (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  if (self->commands != NULL)
    return g_hash_table_contains (self->commands, lower);
  for (guint i = 0; redis_6_2_commands[i] != NULL; i++)
    if (g_str_equal (redis_6_2_commands[i], lower))
      return TRUE;
  return FALSE;
}
