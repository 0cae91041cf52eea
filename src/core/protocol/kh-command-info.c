/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-command-info.c: what a command does, from its name and arguments */
#include "config.h"

#include "kh-command-info.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Marks a container ("CONFIG") whose second argument names the subcommand. */
#define KH_COMMAND_INFO_CONTAINER (1u << 31)

#define N 0
#define W KH_COMMAND_WRITE
#define D KH_COMMAND_DANGEROUS
#define B KH_COMMAND_BLOCKING
#define S KH_COMMAND_SUBSCRIBE
#define M KH_COMMAND_MONITOR
#define X KH_COMMAND_SECRET
#define C KH_COMMAND_INFO_CONTAINER

typedef struct {
  const char *name;     /* upper case; "CONFIG SET" for a subcommand */
  guint flags;
  const char *danger;   /* untranslated sentence, for DANGEROUS entries */
} KhCommandInfoEntry;

/* Every command and subcommand of Redis 7 and Valkey 8, plus the hash field
 * expiry and compare-and-delete commands of later releases. WRITE and
 * BLOCKING follow the servers' own COMMAND flags, except that EVAL, EVALSHA
 * and FCALL count as writes since a script may write. XREAD and XREADGROUP
 * block only with BLOCK, and some secrets depend on arguments: both are
 * decided in kh_command_info_classify().
 *
 * Sorted by strcmp() for bsearch(): keep it that way when adding a row. */
static const KhCommandInfoEntry kh_command_info_table[] = {
  { "ACL", C, NULL },
  { "ACL CAT", N, NULL },
  { "ACL DELUSER", D, N_("ACL DELUSER deletes users and disconnects every client logged in as them.") },
  { "ACL DRYRUN", N, NULL },
  { "ACL GENPASS", N, NULL },
  { "ACL GETUSER", N, NULL },
  { "ACL HELP", N, NULL },
  { "ACL LIST", N, NULL },
  { "ACL LOAD", N, NULL },
  { "ACL LOG", N, NULL },
  { "ACL SAVE", N, NULL },
  { "ACL SETUSER", X, NULL },
  { "ACL USERS", N, NULL },
  { "ACL WHOAMI", N, NULL },
  { "APPEND", W, NULL },
  { "ASKING", N, NULL },
  { "AUTH", X, NULL },
  { "BGREWRITEAOF", N, NULL },
  { "BGSAVE", N, NULL },
  { "BITCOUNT", N, NULL },
  { "BITFIELD", W, NULL },
  { "BITFIELD_RO", N, NULL },
  { "BITOP", W, NULL },
  { "BITPOS", N, NULL },
  { "BLMOVE", W|B, NULL },
  { "BLMPOP", W|B, NULL },
  { "BLPOP", W|B, NULL },
  { "BRPOP", W|B, NULL },
  { "BRPOPLPUSH", W|B, NULL },
  { "BZMPOP", W|B, NULL },
  { "BZPOPMAX", W|B, NULL },
  { "BZPOPMIN", W|B, NULL },
  { "CLIENT", C, NULL },
  { "CLIENT CACHING", N, NULL },
  { "CLIENT CAPA", N, NULL },
  { "CLIENT GETNAME", N, NULL },
  { "CLIENT GETREDIR", N, NULL },
  { "CLIENT HELP", N, NULL },
  { "CLIENT ID", N, NULL },
  { "CLIENT INFO", N, NULL },
  { "CLIENT KILL", D, N_("CLIENT KILL closes other clients’ connections, which may belong to applications in use.") },
  { "CLIENT LIST", N, NULL },
  { "CLIENT NO-EVICT", N, NULL },
  { "CLIENT NO-TOUCH", N, NULL },
  { "CLIENT PAUSE", N, NULL },
  { "CLIENT REPLY", N, NULL },
  { "CLIENT SETINFO", N, NULL },
  { "CLIENT SETNAME", N, NULL },
  { "CLIENT TRACKING", N, NULL },
  { "CLIENT TRACKINGINFO", N, NULL },
  { "CLIENT UNBLOCK", N, NULL },
  { "CLIENT UNPAUSE", N, NULL },
  { "CLUSTER", C, NULL },
  { "CLUSTER ADDSLOTS", N, NULL },
  { "CLUSTER ADDSLOTSRANGE", N, NULL },
  { "CLUSTER BUMPEPOCH", N, NULL },
  { "CLUSTER COUNT-FAILURE-REPORTS", N, NULL },
  { "CLUSTER COUNTKEYSINSLOT", N, NULL },
  { "CLUSTER DELSLOTS", N, NULL },
  { "CLUSTER DELSLOTSRANGE", N, NULL },
  { "CLUSTER FAILOVER", N, NULL },
  { "CLUSTER FLUSHSLOTS", N, NULL },
  { "CLUSTER FORGET", N, NULL },
  { "CLUSTER GETKEYSINSLOT", N, NULL },
  { "CLUSTER HELP", N, NULL },
  { "CLUSTER INFO", N, NULL },
  { "CLUSTER KEYSLOT", N, NULL },
  { "CLUSTER LINKS", N, NULL },
  { "CLUSTER MEET", N, NULL },
  { "CLUSTER MYID", N, NULL },
  { "CLUSTER MYSHARDID", N, NULL },
  { "CLUSTER NODES", N, NULL },
  { "CLUSTER REPLICAS", N, NULL },
  { "CLUSTER REPLICATE", N, NULL },
  { "CLUSTER RESET", D, N_("CLUSTER RESET makes this node forget its cluster: every other node and every slot assignment.") },
  { "CLUSTER SAVECONFIG", N, NULL },
  { "CLUSTER SET-CONFIG-EPOCH", N, NULL },
  { "CLUSTER SETSLOT", N, NULL },
  { "CLUSTER SHARDS", N, NULL },
  { "CLUSTER SLAVES", N, NULL },
  { "CLUSTER SLOT-STATS", N, NULL },
  { "CLUSTER SLOTS", N, NULL },
  { "COMMAND", C, NULL },
  { "COMMAND COUNT", N, NULL },
  { "COMMAND DOCS", N, NULL },
  { "COMMAND GETKEYS", N, NULL },
  { "COMMAND GETKEYSANDFLAGS", N, NULL },
  { "COMMAND HELP", N, NULL },
  { "COMMAND INFO", N, NULL },
  { "COMMAND LIST", N, NULL },
  { "COMMANDLOG", C, NULL },
  { "COMMANDLOG GET", N, NULL },
  { "COMMANDLOG LEN", N, NULL },
  { "COMMANDLOG RESET", N, NULL },
  { "CONFIG", C, NULL },
  { "CONFIG GET", N, NULL },
  { "CONFIG HELP", N, NULL },
  { "CONFIG RESETSTAT", D, N_("CONFIG RESETSTAT erases the server’s statistics, including the counters monitoring tools rely on.") },
  { "CONFIG REWRITE", N, NULL },
  { "CONFIG SET", D, N_("CONFIG SET changes the server’s configuration for every client at once.") },
  { "COPY", W, NULL },
  { "DBSIZE", N, NULL },
  { "DEBUG", D, N_("DEBUG can freeze, crash or corrupt the server; it is meant for server developers.") },
  { "DECR", W, NULL },
  { "DECRBY", W, NULL },
  { "DEL", W, NULL },
  { "DELIFEQ", W, NULL },
  { "DISCARD", N, NULL },
  { "DUMP", N, NULL },
  { "ECHO", N, NULL },
  { "EVAL", W, NULL },
  { "EVALSHA", W, NULL },
  { "EVALSHA_RO", N, NULL },
  { "EVAL_RO", N, NULL },
  { "EXEC", N, NULL },
  { "EXISTS", N, NULL },
  { "EXPIRE", W, NULL },
  { "EXPIREAT", W, NULL },
  { "EXPIRETIME", N, NULL },
  { "FAILOVER", D, N_("FAILOVER hands the primary role to a replica and turns this server into a replica.") },
  { "FCALL", W, NULL },
  { "FCALL_RO", N, NULL },
  { "FLUSHALL", W|D, N_("FLUSHALL deletes every key in every database of the server.") },
  { "FLUSHDB", W|D, N_("FLUSHDB deletes every key in the current database.") },
  { "FUNCTION", C, NULL },
  { "FUNCTION DELETE", W, NULL },
  { "FUNCTION DUMP", N, NULL },
  { "FUNCTION FLUSH", W|D, N_("FUNCTION FLUSH deletes every function library on the server.") },
  { "FUNCTION HELP", N, NULL },
  { "FUNCTION KILL", N, NULL },
  { "FUNCTION LIST", N, NULL },
  { "FUNCTION LOAD", W, NULL },
  { "FUNCTION RESTORE", W, NULL },
  { "FUNCTION STATS", N, NULL },
  { "GEOADD", W, NULL },
  { "GEODIST", N, NULL },
  { "GEOHASH", N, NULL },
  { "GEOPOS", N, NULL },
  { "GEORADIUS", W, NULL },
  { "GEORADIUSBYMEMBER", W, NULL },
  { "GEORADIUSBYMEMBER_RO", N, NULL },
  { "GEORADIUS_RO", N, NULL },
  { "GEOSEARCH", N, NULL },
  { "GEOSEARCHSTORE", W, NULL },
  { "GET", N, NULL },
  { "GETBIT", N, NULL },
  { "GETDEL", W, NULL },
  { "GETEX", W, NULL },
  { "GETRANGE", N, NULL },
  { "GETSET", W, NULL },
  { "HDEL", W, NULL },
  { "HELLO", N, NULL },
  { "HEXISTS", N, NULL },
  { "HEXPIRE", W, NULL },
  { "HEXPIREAT", W, NULL },
  { "HEXPIRETIME", N, NULL },
  { "HGET", N, NULL },
  { "HGETALL", N, NULL },
  { "HGETDEL", W, NULL },
  { "HGETEX", W, NULL },
  { "HINCRBY", W, NULL },
  { "HINCRBYFLOAT", W, NULL },
  { "HKEYS", N, NULL },
  { "HLEN", N, NULL },
  { "HMGET", N, NULL },
  { "HMSET", W, NULL },
  { "HPERSIST", W, NULL },
  { "HPEXPIRE", W, NULL },
  { "HPEXPIREAT", W, NULL },
  { "HPEXPIRETIME", N, NULL },
  { "HPTTL", N, NULL },
  { "HRANDFIELD", N, NULL },
  { "HSCAN", N, NULL },
  { "HSET", W, NULL },
  { "HSETEX", W, NULL },
  { "HSETNX", W, NULL },
  { "HSTRLEN", N, NULL },
  { "HTTL", N, NULL },
  { "HVALS", N, NULL },
  { "INCR", W, NULL },
  { "INCRBY", W, NULL },
  { "INCRBYFLOAT", W, NULL },
  { "INFO", N, NULL },
  { "KEYS", D, N_("KEYS walks the whole keyspace in one step and can stall a large server; SCAN does the same without blocking it.") },
  { "LASTSAVE", N, NULL },
  { "LATENCY", C, NULL },
  { "LATENCY DOCTOR", N, NULL },
  { "LATENCY GRAPH", N, NULL },
  { "LATENCY HELP", N, NULL },
  { "LATENCY HISTOGRAM", N, NULL },
  { "LATENCY HISTORY", N, NULL },
  { "LATENCY LATEST", N, NULL },
  { "LATENCY RESET", N, NULL },
  { "LCS", N, NULL },
  { "LINDEX", N, NULL },
  { "LINSERT", W, NULL },
  { "LLEN", N, NULL },
  { "LMOVE", W, NULL },
  { "LMPOP", W, NULL },
  { "LOLWUT", N, NULL },
  { "LPOP", W, NULL },
  { "LPOS", N, NULL },
  { "LPUSH", W, NULL },
  { "LPUSHX", W, NULL },
  { "LRANGE", N, NULL },
  { "LREM", W, NULL },
  { "LSET", W, NULL },
  { "LTRIM", W, NULL },
  { "MEMORY", C, NULL },
  { "MEMORY DOCTOR", N, NULL },
  { "MEMORY HELP", N, NULL },
  { "MEMORY MALLOC-STATS", N, NULL },
  { "MEMORY PURGE", N, NULL },
  { "MEMORY STATS", N, NULL },
  { "MEMORY USAGE", N, NULL },
  { "MGET", N, NULL },
  { "MIGRATE", W, NULL },
  { "MODULE", C, NULL },
  { "MODULE HELP", N, NULL },
  { "MODULE LIST", N, NULL },
  { "MODULE LOAD", N, NULL },
  { "MODULE LOADEX", N, NULL },
  { "MODULE UNLOAD", N, NULL },
  { "MONITOR", M, NULL },
  { "MOVE", W, NULL },
  { "MSET", W, NULL },
  { "MSETNX", W, NULL },
  { "MULTI", N, NULL },
  { "OBJECT", C, NULL },
  { "OBJECT ENCODING", N, NULL },
  { "OBJECT FREQ", N, NULL },
  { "OBJECT HELP", N, NULL },
  { "OBJECT IDLETIME", N, NULL },
  { "OBJECT REFCOUNT", N, NULL },
  { "PERSIST", W, NULL },
  { "PEXPIRE", W, NULL },
  { "PEXPIREAT", W, NULL },
  { "PEXPIRETIME", N, NULL },
  { "PFADD", W, NULL },
  { "PFCOUNT", N, NULL },
  { "PFDEBUG", W, NULL },
  { "PFMERGE", W, NULL },
  { "PFSELFTEST", N, NULL },
  { "PING", N, NULL },
  { "PSETEX", W, NULL },
  { "PSUBSCRIBE", S, NULL },
  { "PSYNC", N, NULL },
  { "PTTL", N, NULL },
  { "PUBLISH", N, NULL },
  { "PUBSUB", C, NULL },
  { "PUBSUB CHANNELS", N, NULL },
  { "PUBSUB HELP", N, NULL },
  { "PUBSUB NUMPAT", N, NULL },
  { "PUBSUB NUMSUB", N, NULL },
  { "PUBSUB SHARDCHANNELS", N, NULL },
  { "PUBSUB SHARDNUMSUB", N, NULL },
  { "PUNSUBSCRIBE", N, NULL },
  { "QUIT", N, NULL },
  { "RANDOMKEY", N, NULL },
  { "READONLY", N, NULL },
  { "READWRITE", N, NULL },
  { "RENAME", W, NULL },
  { "RENAMENX", W, NULL },
  { "REPLCONF", N, NULL },
  { "REPLICAOF", D, N_("REPLICAOF makes this server copy another one, replacing all of its data with the primary’s.") },
  { "RESET", N, NULL },
  { "RESTORE", W, NULL },
  { "RESTORE-ASKING", W, NULL },
  { "ROLE", N, NULL },
  { "RPOP", W, NULL },
  { "RPOPLPUSH", W, NULL },
  { "RPUSH", W, NULL },
  { "RPUSHX", W, NULL },
  { "SADD", W, NULL },
  { "SAVE", N, NULL },
  { "SCAN", N, NULL },
  { "SCARD", N, NULL },
  { "SCRIPT", C, NULL },
  { "SCRIPT DEBUG", N, NULL },
  { "SCRIPT EXISTS", N, NULL },
  { "SCRIPT FLUSH", D, N_("SCRIPT FLUSH removes every cached script, so clients calling EVALSHA fail until they load their scripts again.") },
  { "SCRIPT HELP", N, NULL },
  { "SCRIPT KILL", N, NULL },
  { "SCRIPT LOAD", N, NULL },
  { "SCRIPT SHOW", N, NULL },
  { "SDIFF", N, NULL },
  { "SDIFFSTORE", W, NULL },
  { "SELECT", N, NULL },
  { "SET", W, NULL },
  { "SETBIT", W, NULL },
  { "SETEX", W, NULL },
  { "SETNX", W, NULL },
  { "SETRANGE", W, NULL },
  { "SHUTDOWN", D, N_("SHUTDOWN stops the server and disconnects every client.") },
  { "SINTER", N, NULL },
  { "SINTERCARD", N, NULL },
  { "SINTERSTORE", W, NULL },
  { "SISMEMBER", N, NULL },
  { "SLAVEOF", D, N_("SLAVEOF makes this server copy another one, replacing all of its data with the primary’s.") },
  { "SLOWLOG", C, NULL },
  { "SLOWLOG GET", N, NULL },
  { "SLOWLOG HELP", N, NULL },
  { "SLOWLOG LEN", N, NULL },
  { "SLOWLOG RESET", D, N_("SLOWLOG RESET erases the record of slow commands.") },
  { "SMEMBERS", N, NULL },
  { "SMISMEMBER", N, NULL },
  { "SMOVE", W, NULL },
  { "SORT", W, NULL },
  { "SORT_RO", N, NULL },
  { "SPOP", W, NULL },
  { "SPUBLISH", N, NULL },
  { "SRANDMEMBER", N, NULL },
  { "SREM", W, NULL },
  { "SSCAN", N, NULL },
  { "SSUBSCRIBE", S, NULL },
  { "STRLEN", N, NULL },
  { "SUBSCRIBE", S, NULL },
  { "SUBSTR", N, NULL },
  { "SUNION", N, NULL },
  { "SUNIONSTORE", W, NULL },
  { "SUNSUBSCRIBE", N, NULL },
  { "SWAPDB", W|D, N_("SWAPDB exchanges two databases, so every client of either one suddenly sees the other’s keys.") },
  { "SYNC", N, NULL },
  { "TIME", N, NULL },
  { "TOUCH", N, NULL },
  { "TTL", N, NULL },
  { "TYPE", N, NULL },
  { "UNLINK", W, NULL },
  { "UNSUBSCRIBE", N, NULL },
  { "UNWATCH", N, NULL },
  { "WAIT", B, NULL },
  { "WAITAOF", B, NULL },
  { "WATCH", N, NULL },
  { "XACK", W, NULL },
  { "XADD", W, NULL },
  { "XAUTOCLAIM", W, NULL },
  { "XCLAIM", W, NULL },
  { "XDEL", W, NULL },
  { "XGROUP", C, NULL },
  { "XGROUP CREATE", W, NULL },
  { "XGROUP CREATECONSUMER", W, NULL },
  { "XGROUP DELCONSUMER", W, NULL },
  { "XGROUP DESTROY", W, NULL },
  { "XGROUP HELP", N, NULL },
  { "XGROUP SETID", W, NULL },
  { "XINFO", C, NULL },
  { "XINFO CONSUMERS", N, NULL },
  { "XINFO GROUPS", N, NULL },
  { "XINFO HELP", N, NULL },
  { "XINFO STREAM", N, NULL },
  { "XLEN", N, NULL },
  { "XPENDING", N, NULL },
  { "XRANGE", N, NULL },
  { "XREAD", N, NULL },
  { "XREADGROUP", W, NULL },
  { "XREVRANGE", N, NULL },
  { "XSETID", W, NULL },
  { "XTRIM", W, NULL },
  { "ZADD", W, NULL },
  { "ZCARD", N, NULL },
  { "ZCOUNT", N, NULL },
  { "ZDIFF", N, NULL },
  { "ZDIFFSTORE", W, NULL },
  { "ZINCRBY", W, NULL },
  { "ZINTER", N, NULL },
  { "ZINTERCARD", N, NULL },
  { "ZINTERSTORE", W, NULL },
  { "ZLEXCOUNT", N, NULL },
  { "ZMPOP", W, NULL },
  { "ZMSCORE", N, NULL },
  { "ZPOPMAX", W, NULL },
  { "ZPOPMIN", W, NULL },
  { "ZRANDMEMBER", N, NULL },
  { "ZRANGE", N, NULL },
  { "ZRANGEBYLEX", N, NULL },
  { "ZRANGEBYSCORE", N, NULL },
  { "ZRANGESTORE", W, NULL },
  { "ZRANK", N, NULL },
  { "ZREM", W, NULL },
  { "ZREMRANGEBYLEX", W, NULL },
  { "ZREMRANGEBYRANK", W, NULL },
  { "ZREMRANGEBYSCORE", W, NULL },
  { "ZREVRANGE", N, NULL },
  { "ZREVRANGEBYLEX", N, NULL },
  { "ZREVRANGEBYSCORE", N, NULL },
  { "ZREVRANK", N, NULL },
  { "ZSCAN", N, NULL },
  { "ZSCORE", N, NULL },
  { "ZUNION", N, NULL },
  { "ZUNIONSTORE", W, NULL },
};

#undef N
#undef W
#undef D
#undef B
#undef S
#undef M
#undef X
#undef C

static int
kh_command_info_compare (const void *key,
                         const void *member)
{
  const KhCommandInfoEntry *entry = member;

  return strcmp (key, entry->name);
}

static const KhCommandInfoEntry *
kh_command_info_find (const char *name)
{
  return bsearch (name, kh_command_info_table,
                  G_N_ELEMENTS (kh_command_info_table),
                  sizeof kh_command_info_table[0],
                  kh_command_info_compare);
}

static gboolean
kh_command_info_arg_is (const KhCommand *cmd,
                        guint            index,
                        const char      *word)
{
  gsize len;
  const char *arg;

  if (index >= kh_command_get_n_args (cmd))
    return FALSE;
  arg = kh_command_get_arg (cmd, index, &len);
  return len == strlen (word) && g_ascii_strncasecmp (arg, word, len) == 0;
}

static const KhCommandInfoEntry *
kh_command_info_lookup (const KhCommand *cmd)
{
  const KhCommandInfoEntry *entry;
  const KhCommandInfoEntry *sub_entry;
  const char *name;
  gsize name_len;
  const char *sub;
  gsize sub_len;
  char key[64];

  if (cmd == NULL || kh_command_get_n_args (cmd) == 0)
    return NULL;

  name = kh_command_get_name (cmd);
  entry = kh_command_info_find (name);
  if (entry == NULL || !(entry->flags & KH_COMMAND_INFO_CONTAINER) ||
      kh_command_get_n_args (cmd) < 2)
    return entry;

  /* "CONFIG" + "set" -> "CONFIG SET"; anything too long or binary is no
   * known subcommand, and the container alone answers. */
  sub = kh_command_get_arg (cmd, 1, &sub_len);
  name_len = strlen (name);
  if (sub_len == 0 || name_len + 1 + sub_len >= sizeof key ||
      memchr (sub, '\0', sub_len) != NULL)
    return entry;

  memcpy (key, name, name_len);
  key[name_len] = ' ';
  for (gsize i = 0; i < sub_len; i++)
    key[name_len + 1 + i] = g_ascii_toupper (sub[i]);
  key[name_len + 1 + sub_len] = '\0';

  sub_entry = kh_command_info_find (key);
  return sub_entry != NULL ? sub_entry : entry;
}

/* XREAD [COUNT n] [BLOCK ms] STREAMS ... and
 * XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS ...:
 * options are read up to STREAMS, since a key may well be called "block". */
static gboolean
kh_command_info_xread_blocks (const KhCommand *cmd,
                              guint            first_option)
{
  guint n_args = kh_command_get_n_args (cmd);

  for (guint i = first_option; i < n_args; i++)
    {
      if (kh_command_info_arg_is (cmd, i, "STREAMS"))
        return FALSE;
      if (kh_command_info_arg_is (cmd, i, "BLOCK"))
        return TRUE;
      if (kh_command_info_arg_is (cmd, i, "COUNT"))
        i++;
    }
  return FALSE;
}

/* Configuration parameters whose values are passwords. */
static gboolean
kh_command_info_is_secret_parameter (const KhCommand *cmd,
                                     guint            index)
{
  static const char * const secret_parameters[] = {
    "requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (secret_parameters); i++)
    {
      if (kh_command_info_arg_is (cmd, index, secret_parameters[i]))
        return TRUE;
    }
  return FALSE;
}

/* Whether any argument from @first on is one of the two words. Names that
 * happen to equal AUTH make this answer yes too: hiding a harmless command
 * from history costs less than keeping a password. */
static gboolean
kh_command_info_has_word (const KhCommand *cmd,
                          guint            first,
                          const char      *word,
                          const char      *other_word)
{
  guint n_args = kh_command_get_n_args (cmd);

  for (guint i = first; i < n_args; i++)
    {
      if (kh_command_info_arg_is (cmd, i, word) ||
          (other_word != NULL && kh_command_info_arg_is (cmd, i, other_word)))
        return TRUE;
    }
  return FALSE;
}

KhCommandFlags
kh_command_info_classify (const KhCommand *cmd)
{
  const KhCommandInfoEntry *entry = kh_command_info_lookup (cmd);
  KhCommandFlags flags;
  const char *name;

  if (entry == NULL)
    return KH_COMMAND_NONE;

  flags = entry->flags & ~KH_COMMAND_INFO_CONTAINER;
  name = entry->name;

  if (g_str_equal (name, "XREAD") && kh_command_info_xread_blocks (cmd, 1))
    flags |= KH_COMMAND_BLOCKING;
  else if (g_str_equal (name, "XREADGROUP") && kh_command_info_xread_blocks (cmd, 4))
    flags |= KH_COMMAND_BLOCKING;
  else if (g_str_equal (name, "HELLO") && kh_command_info_has_word (cmd, 2, "AUTH", NULL))
    flags |= KH_COMMAND_SECRET;
  else if (g_str_equal (name, "MIGRATE") && kh_command_info_has_word (cmd, 6, "AUTH", "AUTH2"))
    flags |= KH_COMMAND_SECRET;
  else if (g_str_equal (name, "CONFIG SET"))
    {
      /* CONFIG SET name value [name value ...] */
      for (guint i = 2; i < kh_command_get_n_args (cmd); i += 2)
        {
          if (kh_command_info_is_secret_parameter (cmd, i))
            flags |= KH_COMMAND_SECRET;
        }
    }

  return flags;
}

const char *
kh_command_info_lookup_name (const KhCommand *cmd)
{
  const KhCommandInfoEntry *entry = kh_command_info_lookup (cmd);

  return entry != NULL ? entry->name : NULL;
}

const char *
kh_command_info_describe_danger (const KhCommand *cmd)
{
  const KhCommandInfoEntry *entry = kh_command_info_lookup (cmd);

  if (entry == NULL || entry->danger == NULL)
    return NULL;
  return _(entry->danger);
}
