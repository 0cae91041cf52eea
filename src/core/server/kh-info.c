/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-info.c: the text of an INFO reply, parsed into sections and typed fields */
#include "kh-info.h"
#include "kh-number.h"

#include <math.h>
#include <string.h>

typedef struct {
  char *name;
  char *value;
} KhInfoField;

typedef struct {
  char *name;
  GPtrArray *fields;       /* KhInfoField, owned, in server order */
  GHashTable *by_name;     /* name -> KhInfoField, borrowed */
} KhInfoSection;

struct _KhInfo {
  gint ref_count;
  GPtrArray *sections;     /* KhInfoSection, owned, in server order */
  GHashTable *by_section;  /* lower-case section name (owned) -> KhInfoSection */
  GHashTable *any;         /* field name -> first KhInfoField with that name */
  guint n_fields;
  GArray *dbs;             /* KhInfoDb, sorted by index once parsed */
  GPtrArray *commands;     /* KhInfoCommandStat, owned */
  GHashTable *by_command;  /* lower-case command name -> KhInfoCommandStat */
};

G_DEFINE_BOXED_TYPE (KhInfo, kh_info, kh_info_ref, kh_info_unref)

static void
kh_info_field_free (gpointer data)
{
  KhInfoField *field = data;

  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

static void
kh_info_section_free (gpointer data)
{
  KhInfoSection *section = data;

  g_hash_table_unref (section->by_name);
  g_ptr_array_unref (section->fields);
  g_free (section->name);
  g_free (section);
}

static void
kh_info_command_stat_free (gpointer data)
{
  KhInfoCommandStat *stat = data;

  g_free ((char *) stat->name);
  g_free (stat);
}

static KhInfo *
kh_info_new (void)
{
  KhInfo *info = g_new0 (KhInfo, 1);

  info->ref_count = 1;
  info->sections = g_ptr_array_new_with_free_func (kh_info_section_free);
  info->by_section = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  info->any = g_hash_table_new (g_str_hash, g_str_equal);
  info->dbs = g_array_new (FALSE, FALSE, sizeof (KhInfoDb));
  info->commands = g_ptr_array_new_with_free_func (kh_info_command_stat_free);
  info->by_command = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return info;
}

KhInfo *
kh_info_ref (KhInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  g_atomic_int_inc (&info->ref_count);
  return info;
}

void
kh_info_unref (KhInfo *info)
{
  g_return_if_fail (info != NULL);

  if (!g_atomic_int_dec_and_test (&info->ref_count))
    return;
  /* Tables that borrow fields go before the sections that own them. */
  g_hash_table_unref (info->any);
  g_hash_table_unref (info->by_section);
  g_ptr_array_unref (info->sections);
  g_hash_table_unref (info->by_command);
  g_ptr_array_unref (info->commands);
  g_array_unref (info->dbs);
  g_free (info);
}

static gboolean
kh_info_parse_uint64 (const char *text,
                      guint64    *out)
{
  return kh_number_parse_uint64 (text, G_MAXUINT64, out);
}

static gboolean
kh_info_parse_double (const char *text,
                      double     *out)
{
  char *end = NULL;
  double value;

  if (text == NULL || !(g_ascii_isdigit (*text) || *text == '-' || *text == '+' || *text == '.'))
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

/* Calls @func on each "key=value" pair of a comma-separated list, as used by
 * the keyspace and commandstats lines; stops and returns FALSE at a malformed
 * pair or when @func returns FALSE. */
typedef gboolean (*KhInfoPairFunc) (const char *key,
                                    const char *value,
                                    gpointer    user_data);

static gboolean
kh_info_foreach_pair (const char     *list,
                      KhInfoPairFunc  func,
                      gpointer        user_data)
{
  g_auto(GStrv) pairs = g_strsplit (list, ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');

      if (eq == NULL || eq == pairs[i])
        return FALSE;
      *eq = '\0';
      if (!func (pairs[i], eq + 1, user_data))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  KhInfoDb db;
  gboolean have_keys;
} KhInfoDbParse;

static gboolean
kh_info_db_pair (const char *key,
                 const char *value,
                 gpointer    user_data)
{
  KhInfoDbParse *parse = user_data;

  if (strcmp (key, "keys") == 0)
    return parse->have_keys = kh_info_parse_uint64 (value, &parse->db.keys);
  if (strcmp (key, "expires") == 0)
    return kh_info_parse_uint64 (value, &parse->db.expires);
  if (strcmp (key, "avg_ttl") == 0)
    return kh_info_parse_uint64 (value, &parse->db.avg_ttl);
  return TRUE; /* newer servers add fields such as subexpiry */
}

static void
kh_info_add_db (KhInfo     *info,
                const char *name,
                const char *value)
{
  KhInfoDbParse parse = { 0 };
  guint64 index;

  if (!kh_number_parse_uint64 (name + 2, G_MAXUINT, &index))
    return;
  if (!kh_info_foreach_pair (value, kh_info_db_pair, &parse) || !parse.have_keys)
    return;
  parse.db.index = (guint) index;

  for (guint i = 0; i < info->dbs->len; i++)
    {
      KhInfoDb *db = &g_array_index (info->dbs, KhInfoDb, i);

      if (db->index == parse.db.index)
        {
          *db = parse.db;
          return;
        }
    }
  g_array_append_val (info->dbs, parse.db);
}

typedef struct {
  KhInfoCommandStat stat;
  gboolean have_calls;
} KhInfoCommandParse;

static gboolean
kh_info_command_pair (const char *key,
                      const char *value,
                      gpointer    user_data)
{
  KhInfoCommandParse *parse = user_data;

  if (strcmp (key, "calls") == 0)
    return parse->have_calls = kh_info_parse_uint64 (value, &parse->stat.calls);
  if (strcmp (key, "usec") == 0)
    return kh_info_parse_uint64 (value, &parse->stat.usec);
  if (strcmp (key, "usec_per_call") == 0)
    return kh_info_parse_double (value, &parse->stat.usec_per_call);
  if (strcmp (key, "rejected_calls") == 0)
    return kh_info_parse_uint64 (value, &parse->stat.rejected_calls);
  if (strcmp (key, "failed_calls") == 0)
    return kh_info_parse_uint64 (value, &parse->stat.failed_calls);
  return TRUE;
}

static void
kh_info_add_command (KhInfo     *info,
                     const char *name,
                     const char *value)
{
  KhInfoCommandParse parse = { 0 };
  g_autofree char *lower = NULL;
  KhInfoCommandStat *stat;

  if (*name == '\0')
    return;
  if (!kh_info_foreach_pair (value, kh_info_command_pair, &parse) || !parse.have_calls)
    return;

  lower = g_ascii_strdown (name, -1);
  stat = g_hash_table_lookup (info->by_command, lower);
  if (stat == NULL)
    {
      stat = g_new0 (KhInfoCommandStat, 1);
      stat->name = g_strdup (lower);
      g_ptr_array_add (info->commands, stat);
      g_hash_table_insert (info->by_command, g_steal_pointer (&lower), stat);
    }
  parse.stat.name = stat->name;
  *stat = parse.stat;
}

static KhInfoSection *
kh_info_ensure_section (KhInfo     *info,
                        const char *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  KhInfoSection *section = g_hash_table_lookup (info->by_section, key);

  if (section != NULL)
    return section;

  section = g_new0 (KhInfoSection, 1);
  section->name = g_strdup (name);
  section->fields = g_ptr_array_new_with_free_func (kh_info_field_free);
  section->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_ptr_array_add (info->sections, section);
  g_hash_table_insert (info->by_section, g_steal_pointer (&key), section);
  return section;
}

static gboolean
kh_info_section_is (const KhInfoSection *section,
                    const char          *name)
{
  return section->name[0] == '\0' || g_ascii_strcasecmp (section->name, name) == 0;
}

static void
kh_info_add_field (KhInfo        *info,
                   KhInfoSection *section,
                   const char    *name,
                   const char    *value)
{
  KhInfoField *field = g_hash_table_lookup (section->by_name, name);

  if (field != NULL)
    {
      g_free (field->value);
      field->value = g_strdup (value);
    }
  else
    {
      field = g_new0 (KhInfoField, 1);
      field->name = g_strdup (name);
      field->value = g_strdup (value);
      g_ptr_array_add (section->fields, field);
      g_hash_table_insert (section->by_name, field->name, field);
      if (!g_hash_table_contains (info->any, field->name))
        g_hash_table_insert (info->any, field->name, field);
      info->n_fields++;
    }

  if (name[0] == 'd' && name[1] == 'b' && g_ascii_isdigit (name[2])
      && kh_info_section_is (section, "keyspace"))
    kh_info_add_db (info, name, value);
  else if (g_str_has_prefix (name, "cmdstat_")
           && kh_info_section_is (section, "commandstats"))
    kh_info_add_command (info, name + strlen ("cmdstat_"), value);
}

static void
kh_info_parse_line (KhInfo         *info,
                    KhInfoSection **section,
                    const char     *line,
                    gsize           len)
{
  g_autofree char *text = NULL;
  char *colon;

  if (len > 0 && line[len - 1] == '\r')
    len--;
  if (len == 0 || memchr (line, '\0', len) != NULL)
    return;

  text = g_utf8_make_valid (line, len);

  if (text[0] == '#')
    {
      char *name = g_strstrip (text + 1);

      if (*name != '\0')
        *section = kh_info_ensure_section (info, name);
      return;
    }

  colon = strchr (text, ':');
  if (colon == NULL || colon == text)
    return;
  *colon = '\0';

  if (*section == NULL)
    *section = kh_info_ensure_section (info, "");
  kh_info_add_field (info, *section, text, colon + 1);
}

static int
kh_info_db_compare (gconstpointer a,
                    gconstpointer b)
{
  const KhInfoDb *da = a;
  const KhInfoDb *db = b;

  return (da->index > db->index) - (da->index < db->index);
}

KhInfo *
kh_info_parse (const char *text,
               gssize      length)
{
  KhInfo *info;
  KhInfoSection *section = NULL;
  const char *p;
  const char *end;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  info = kh_info_new ();
  if (text == NULL)
    return info;
  if (length < 0)
    length = strlen (text);

  p = text;
  end = text + length;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;

      kh_info_parse_line (info, &section, p, line_end - p);
      p = nl != NULL ? nl + 1 : end;
    }

  g_array_sort (info->dbs, kh_info_db_compare);
  return info;
}

static KhInfoSection *
kh_info_lookup_section (const KhInfo *info,
                        const char   *section)
{
  g_autofree char *key = g_ascii_strdown (section, -1);

  return g_hash_table_lookup (info->by_section, key);
}

const char *
kh_info_get (const KhInfo *info,
             const char   *section,
             const char   *name)
{
  KhInfoSection *s;
  KhInfoField *field;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (section != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  s = kh_info_lookup_section (info, section);
  if (s == NULL)
    return NULL;
  field = g_hash_table_lookup (s->by_name, name);
  return field != NULL ? field->value : NULL;
}

const char *
kh_info_get_any (const KhInfo *info,
                 const char   *name)
{
  KhInfoField *field;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = g_hash_table_lookup (info->any, name);
  return field != NULL ? field->value : NULL;
}

gboolean
kh_info_has_section (const KhInfo *info,
                     const char   *section)
{
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (section != NULL, FALSE);

  return kh_info_lookup_section (info, section) != NULL;
}

guint
kh_info_get_n_sections (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);

  return info->sections->len;
}

const char *
kh_info_get_section_name (const KhInfo *info,
                          guint         index)
{
  const KhInfoSection *section;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (index < info->sections->len, NULL);

  section = g_ptr_array_index (info->sections, index);
  return section->name;
}

guint
kh_info_get_n_fields (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);

  return info->n_fields;
}

void
kh_info_foreach (const KhInfo *info,
                 KhInfoFunc    func,
                 gpointer      user_data)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (func != NULL);

  for (guint i = 0; i < info->sections->len; i++)
    {
      const KhInfoSection *section = g_ptr_array_index (info->sections, i);

      for (guint j = 0; j < section->fields->len; j++)
        {
          const KhInfoField *field = g_ptr_array_index (section->fields, j);

          func (section->name, field->name, field->value, user_data);
        }
    }
}

gboolean
kh_info_get_uint64 (const KhInfo *info,
                    const char   *name,
                    guint64      *out)
{
  guint64 value;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!kh_info_parse_uint64 (kh_info_get_any (info, name), &value))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
kh_info_get_int64 (const KhInfo *info,
                   const char   *name,
                   gint64       *out)
{
  const char *text;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  text = kh_info_get_any (info, name);
  return kh_number_parse_int64 (text, G_MININT64, G_MAXINT64, out);
}

gboolean
kh_info_get_double (const KhInfo *info,
                    const char   *name,
                    double       *out)
{
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return kh_info_parse_double (kh_info_get_any (info, name), out);
}

static gboolean
kh_info_get_flag (const KhInfo *info,
                  const char   *name,
                  gboolean     *out)
{
  guint64 value;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!kh_info_get_uint64 (info, name, &value))
    return FALSE;
  *out = value != 0;
  return TRUE;
}

KhInfoServerKind
kh_info_get_server_kind (const KhInfo *info)
{
  const char *server_name;

  g_return_val_if_fail (info != NULL, KH_INFO_SERVER_UNKNOWN);

  /* Valkey keeps redis_version (as the Redis release it is compatible
   * with) for old clients, so look for its own fields first. */
  server_name = kh_info_get_any (info, "server_name");
  if ((server_name != NULL && g_ascii_strcasecmp (server_name, "valkey") == 0)
      || kh_info_get_any (info, "valkey_version") != NULL)
    return KH_INFO_SERVER_VALKEY;
  if (kh_info_get_any (info, "redis_version") != NULL)
    return KH_INFO_SERVER_REDIS;
  return KH_INFO_SERVER_UNKNOWN;
}

const char *
kh_info_get_version (const KhInfo *info)
{
  const char *version = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  if (kh_info_get_server_kind (info) == KH_INFO_SERVER_VALKEY)
    version = kh_info_get_any (info, "valkey_version");
  if (version == NULL)
    version = kh_info_get_any (info, "redis_version");
  return version;
}

const char *
kh_info_get_role (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return kh_info_get_any (info, "role");
}

KhInfoMode
kh_info_get_mode (const KhInfo *info)
{
  const char *mode;
  gboolean cluster_enabled;

  g_return_val_if_fail (info != NULL, KH_INFO_MODE_UNKNOWN);

  /* Valkey 8 renamed redis_mode to server_mode. */
  mode = kh_info_get_any (info, "server_mode");
  if (mode == NULL)
    mode = kh_info_get_any (info, "redis_mode");

  if (mode != NULL)
    {
      if (g_ascii_strcasecmp (mode, "standalone") == 0)
        return KH_INFO_MODE_STANDALONE;
      if (g_ascii_strcasecmp (mode, "cluster") == 0)
        return KH_INFO_MODE_CLUSTER;
      if (g_ascii_strcasecmp (mode, "sentinel") == 0)
        return KH_INFO_MODE_SENTINEL;
      return KH_INFO_MODE_UNKNOWN;
    }

  if (kh_info_get_flag (info, "cluster_enabled", &cluster_enabled))
    return cluster_enabled ? KH_INFO_MODE_CLUSTER : KH_INFO_MODE_STANDALONE;
  return KH_INFO_MODE_UNKNOWN;
}

const char *
kh_info_get_run_id (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return kh_info_get_any (info, "run_id");
}

const char *
kh_info_get_maxmemory_policy (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return kh_info_get_any (info, "maxmemory_policy");
}

const char *
kh_info_get_rdb_last_bgsave_status (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return kh_info_get_any (info, "rdb_last_bgsave_status");
}

const char *
kh_info_get_aof_last_write_status (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return kh_info_get_any (info, "aof_last_write_status");
}

gboolean
kh_info_get_aof_enabled (const KhInfo *info,
                         gboolean     *out)
{
  return kh_info_get_flag (info, "aof_enabled", out);
}

gboolean
kh_info_get_rdb_bgsave_in_progress (const KhInfo *info,
                                    gboolean     *out)
{
  return kh_info_get_flag (info, "rdb_bgsave_in_progress", out);
}

gboolean
kh_info_get_rdb_changes_since_last_save (const KhInfo *info,
                                         guint64      *out)
{
  return kh_info_get_uint64 (info, "rdb_changes_since_last_save", out);
}

gboolean
kh_info_get_mem_fragmentation_ratio (const KhInfo *info,
                                     double       *out)
{
  return kh_info_get_double (info, "mem_fragmentation_ratio", out);
}

#define KH_INFO_UINT64_GETTER(func, field) \
  gboolean \
  kh_info_get_##func (const KhInfo *info, \
                      guint64      *out) \
  { \
    return kh_info_get_uint64 (info, field, out); \
  }

KH_INFO_UINT64_GETTER (uptime_seconds, "uptime_in_seconds")
KH_INFO_UINT64_GETTER (connected_clients, "connected_clients")
KH_INFO_UINT64_GETTER (maxclients, "maxclients")
KH_INFO_UINT64_GETTER (blocked_clients, "blocked_clients")
KH_INFO_UINT64_GETTER (used_memory, "used_memory")
KH_INFO_UINT64_GETTER (used_memory_peak, "used_memory_peak")
KH_INFO_UINT64_GETTER (used_memory_rss, "used_memory_rss")
KH_INFO_UINT64_GETTER (maxmemory, "maxmemory")
KH_INFO_UINT64_GETTER (total_commands_processed, "total_commands_processed")
KH_INFO_UINT64_GETTER (total_net_input_bytes, "total_net_input_bytes")
KH_INFO_UINT64_GETTER (total_net_output_bytes, "total_net_output_bytes")
KH_INFO_UINT64_GETTER (keyspace_hits, "keyspace_hits")
KH_INFO_UINT64_GETTER (keyspace_misses, "keyspace_misses")
KH_INFO_UINT64_GETTER (expired_keys, "expired_keys")
KH_INFO_UINT64_GETTER (evicted_keys, "evicted_keys")

guint
kh_info_get_n_dbs (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);

  return info->dbs->len;
}

const KhInfoDb *
kh_info_get_db (const KhInfo *info,
                guint         i)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (i < info->dbs->len, NULL);

  return &g_array_index (info->dbs, KhInfoDb, i);
}

const KhInfoDb *
kh_info_lookup_db (const KhInfo *info,
                   guint         db_index)
{
  g_return_val_if_fail (info != NULL, NULL);

  for (guint i = 0; i < info->dbs->len; i++)
    {
      const KhInfoDb *db = &g_array_index (info->dbs, KhInfoDb, i);

      if (db->index == db_index)
        return db;
    }
  return NULL;
}

guint
kh_info_get_n_commands (const KhInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);

  return info->commands->len;
}

const KhInfoCommandStat *
kh_info_get_command (const KhInfo *info,
                     guint         i)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (i < info->commands->len, NULL);

  return g_ptr_array_index (info->commands, i);
}

const KhInfoCommandStat *
kh_info_lookup_command (const KhInfo *info,
                        const char   *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (info->by_command, lower);
}
