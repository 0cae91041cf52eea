/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-metrics.c: time series of a server's load, built from successive INFO replies */
#include "kh-metrics.h"

#include "kh-command.h"

#include <math.h>
#include <string.h>

/* Commandstats lists a few hundred commands at most; the cap only bounds
 * memory against a misbehaving server. */
#define KH_METRICS_MAX_COMMANDS 1024
/* "Recent" for the top commands. */
#define KH_METRICS_TOP_WINDOW_US (60 * G_USEC_PER_SEC)

struct _KhMetrics {
  GObject parent_instance;

  KhRingBuffer *series[KH_METRICS_N_SERIES];
  GHashTable *commands;     /* name -> KhRingBuffer */

  KhInfo *info;             /* the newest sample */
  KhInfo *baseline;         /* where rates are measured from */
  gint64 baseline_time;
  guint64 pending_own;      /* own commands sent since the baseline */
  GHashTable *pending_own_by_name; /* the same per stats name; NULL when not told */
  guint64 own_total;
  gboolean own_subtracted;
  gboolean own_by_name;     /* the command series have Keyhole's own calls taken off */
};

G_DEFINE_FINAL_TYPE (KhMetrics, kh_metrics, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Counters whose decrease means a restart or CONFIG RESETSTAT. */
static const char * const kh_metrics_counters[] = {
  "total_commands_processed",
  "total_net_input_bytes",
  "total_net_output_bytes",
  "keyspace_hits",
  "keyspace_misses",
  "expired_keys",
  "evicted_keys",
};

static void
kh_metrics_finalize (GObject *object)
{
  KhMetrics *self = (KhMetrics *) object;

  for (guint i = 0; i < KH_METRICS_N_SERIES; i++)
    g_clear_pointer (&self->series[i], kh_ring_buffer_unref);
  g_clear_pointer (&self->commands, g_hash_table_unref);
  g_clear_pointer (&self->info, kh_info_unref);
  g_clear_pointer (&self->baseline, kh_info_unref);
  g_clear_pointer (&self->pending_own_by_name, g_hash_table_unref);

  G_OBJECT_CLASS (kh_metrics_parent_class)->finalize (object);
}

static void
kh_metrics_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhMetrics *self = KH_METRICS (object);

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_boxed (value, self->info);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_metrics_class_init (KhMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_metrics_finalize;
  object_class->get_property = kh_metrics_get_property;

  properties[PROP_INFO] =
    g_param_spec_boxed ("info", NULL, NULL,
                        KH_TYPE_INFO,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after every kh_metrics_add_info() and kh_metrics_clear(). */
  signals[UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kh_metrics_init (KhMetrics *self)
{
  for (guint i = 0; i < KH_METRICS_N_SERIES; i++)
    self->series[i] = kh_ring_buffer_new (KH_METRICS_CAPACITY, 1);
  self->commands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) kh_ring_buffer_unref);
}

KhMetrics *
kh_metrics_new (void)
{
  return g_object_new (KH_TYPE_METRICS, NULL);
}

static gboolean
kh_metrics_has_commandstats (const KhInfo *info)
{
  return kh_info_has_section (info, "commandstats") || kh_info_get_n_commands (info) > 0;
}

/* TRUE when @info cannot be compared with @baseline: the server restarted or
 * its statistics were reset. */
static gboolean
kh_metrics_is_reset (const KhInfo *baseline,
                     const KhInfo *info)
{
  const char *old_run_id = kh_info_get_run_id (baseline);
  const char *new_run_id = kh_info_get_run_id (info);
  guint64 before, after;

  if (old_run_id != NULL && new_run_id != NULL && strcmp (old_run_id, new_run_id) != 0)
    return TRUE;

  if (kh_info_get_uptime_seconds (baseline, &before)
      && kh_info_get_uptime_seconds (info, &after)
      && after < before)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (kh_metrics_counters); i++)
    {
      if (kh_info_get_uint64 (baseline, kh_metrics_counters[i], &before)
          && kh_info_get_uint64 (info, kh_metrics_counters[i], &after)
          && after < before)
        return TRUE;
    }

  if (kh_metrics_has_commandstats (info))
    {
      for (guint i = 0; i < kh_info_get_n_commands (baseline); i++)
        {
          const KhInfoCommandStat *old_stat = kh_info_get_command (baseline, i);
          const KhInfoCommandStat *new_stat = kh_info_lookup_command (info, old_stat->name);

          /* A command drops out of commandstats only when its count is reset. */
          if (new_stat == NULL || new_stat->calls < old_stat->calls)
            return TRUE;
        }
    }

  return FALSE;
}

static double
kh_metrics_gauge (const KhInfo *info,
                  const char   *name)
{
  guint64 value;

  if (!kh_info_get_uint64 (info, name, &value))
    return NAN;
  return (double) value;
}

static gboolean
kh_metrics_delta (const KhInfo *baseline,
                  const KhInfo *info,
                  const char   *name,
                  guint64      *delta)
{
  guint64 before, after;

  if (!kh_info_get_uint64 (baseline, name, &before)
      || !kh_info_get_uint64 (info, name, &after)
      || after < before)
    return FALSE;
  *delta = after - before;
  return TRUE;
}

static double
kh_metrics_rate (const KhInfo *baseline,
                 const KhInfo *info,
                 const char   *name,
                 double        elapsed)
{
  guint64 delta;

  if (!kh_metrics_delta (baseline, info, name, &delta))
    return NAN;
  return (double) delta / elapsed;
}

static void
kh_metrics_push (KhMetrics       *self,
                 KhMetricsSeries  series,
                 gint64           time_us,
                 double           value)
{
  kh_ring_buffer_push (self->series[series], time_us, &value);
}

/* Keyhole's own calls of the commandstats entry @name since the baseline. An
 * entry without "|" (servers before Redis 7 count subcommands under their
 * command) takes its subcommands' calls too. */
static guint64
kh_metrics_own_calls (KhMetrics  *self,
                      const char *name)
{
  GHashTableIter iter;
  gpointer key, value;
  gsize len = strlen (name);
  guint64 calls;

  if (self->pending_own_by_name == NULL)
    return 0;
  calls = kh_command_counts_get (self->pending_own_by_name, name);
  if (strchr (name, '|') != NULL)
    return calls;

  g_hash_table_iter_init (&iter, self->pending_own_by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (strncmp (key, name, len) == 0 && ((const char *) key)[len] == '|')
        calls += *(guint64 *) value;
    }
  return calls;
}

static void
kh_metrics_add_commands (KhMetrics    *self,
                         const KhInfo *info,
                         gint64        time_us,
                         double        elapsed)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean have_rates;

  for (guint i = 0; i < kh_info_get_n_commands (info); i++)
    {
      const KhInfoCommandStat *stat = kh_info_get_command (info, i);

      if (!g_hash_table_contains (self->commands, stat->name)
          && g_hash_table_size (self->commands) < KH_METRICS_MAX_COMMANDS)
        g_hash_table_insert (self->commands, g_strdup (stat->name),
                             kh_ring_buffer_new (KH_METRICS_CAPACITY, 1));
    }

  /* Commandstats lists only commands called since the last reset, so a
   * missing command counts 0 calls, but only when the section is there. */
  have_rates = elapsed > 0
               && kh_metrics_has_commandstats (info)
               && kh_metrics_has_commandstats (self->baseline);

  g_hash_table_iter_init (&iter, self->commands);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      double rate = NAN;

      if (have_rates)
        {
          const KhInfoCommandStat *before = kh_info_lookup_command (self->baseline, key);
          const KhInfoCommandStat *after = kh_info_lookup_command (info, key);
          guint64 calls_before = before != NULL ? before->calls : 0;
          guint64 calls_after = after != NULL ? after->calls : 0;

          if (calls_after >= calls_before)
            {
              guint64 calls = calls_after - calls_before;
              guint64 own = kh_metrics_own_calls (self, key);

              /* Clamped: the server does not count a call it refused. */
              rate = (double) (calls > own ? calls - own : 0) / elapsed;
            }
        }
      kh_ring_buffer_push (value, time_us, &rate);
    }
}

static void
kh_metrics_add (KhMetrics  *self,
                KhInfo     *info,
                gint64      monotonic_time_us,
                guint64     own_commands_since_last,
                GHashTable *own_by_name)
{
  gboolean new_baseline;
  double elapsed = 0;  /* seconds; 0 means this sample has no rates */
  double ops = NAN;
  double hit_ratio = NAN;
  guint64 delta;

  self->pending_own += own_commands_since_last;
  self->own_total += own_commands_since_last;
  if (own_by_name != NULL)
    {
      GHashTableIter iter;
      gpointer name, count;

      if (self->pending_own_by_name == NULL)
        self->pending_own_by_name = kh_command_counts_new ();
      g_hash_table_iter_init (&iter, own_by_name);
      while (g_hash_table_iter_next (&iter, &name, &count))
        kh_command_counts_add (self->pending_own_by_name, name, *(guint64 *) count);
    }

  if (self->baseline == NULL || kh_metrics_is_reset (self->baseline, info))
    new_baseline = TRUE;
  else if (monotonic_time_us <= self->baseline_time)
    new_baseline = FALSE;  /* nothing to divide by: measure from the old one */
  else
    {
      new_baseline = TRUE;
      elapsed = (double) (monotonic_time_us - self->baseline_time) / G_USEC_PER_SEC;
    }

  kh_metrics_push (self, KH_METRICS_USED_MEMORY, monotonic_time_us,
                   kh_metrics_gauge (info, "used_memory"));
  kh_metrics_push (self, KH_METRICS_MAXMEMORY, monotonic_time_us,
                   kh_metrics_gauge (info, "maxmemory"));
  kh_metrics_push (self, KH_METRICS_CONNECTED_CLIENTS, monotonic_time_us,
                   kh_metrics_gauge (info, "connected_clients"));

  if (elapsed > 0)
    {
      guint64 hits, misses;

      if (kh_metrics_delta (self->baseline, info, "total_commands_processed", &delta))
        {
          /* The server may count our commands differently (MULTI/EXEC,
           * commands it refused), so clamp rather than go negative. */
          ops = delta > self->pending_own ? (double) (delta - self->pending_own) / elapsed : 0;
          if (self->pending_own > 0)
            self->own_subtracted = TRUE;
        }

      if (kh_metrics_delta (self->baseline, info, "keyspace_hits", &hits)
          && kh_metrics_delta (self->baseline, info, "keyspace_misses", &misses)
          && hits + misses > 0)
        hit_ratio = (double) hits / (double) (hits + misses);
    }

  kh_metrics_push (self, KH_METRICS_OPS_PER_SEC, monotonic_time_us, ops);
  kh_metrics_push (self, KH_METRICS_HIT_RATIO, monotonic_time_us, hit_ratio);
  kh_metrics_push (self, KH_METRICS_NET_IN_PER_SEC, monotonic_time_us,
                   elapsed > 0 ? kh_metrics_rate (self->baseline, info, "total_net_input_bytes", elapsed) : NAN);
  kh_metrics_push (self, KH_METRICS_NET_OUT_PER_SEC, monotonic_time_us,
                   elapsed > 0 ? kh_metrics_rate (self->baseline, info, "total_net_output_bytes", elapsed) : NAN);
  kh_metrics_push (self, KH_METRICS_EXPIRED_PER_SEC, monotonic_time_us,
                   elapsed > 0 ? kh_metrics_rate (self->baseline, info, "expired_keys", elapsed) : NAN);
  kh_metrics_push (self, KH_METRICS_EVICTED_PER_SEC, monotonic_time_us,
                   elapsed > 0 ? kh_metrics_rate (self->baseline, info, "evicted_keys", elapsed) : NAN);

  kh_metrics_add_commands (self, info, monotonic_time_us, elapsed);

  if (new_baseline)
    {
      g_clear_pointer (&self->baseline, kh_info_unref);
      self->baseline = kh_info_ref (info);
      self->baseline_time = monotonic_time_us;
      self->pending_own = 0;
      if (self->pending_own_by_name != NULL)
        g_hash_table_remove_all (self->pending_own_by_name);
    }

  if (self->info != info)
    {
      g_clear_pointer (&self->info, kh_info_unref);
      self->info = kh_info_ref (info);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
  g_signal_emit (self, signals[UPDATED], 0);
}

void
kh_metrics_add_info (KhMetrics *self,
                     KhInfo    *info,
                     gint64     monotonic_time_us,
                     guint64    own_commands_since_last)
{
  g_return_if_fail (KH_IS_METRICS (self));
  g_return_if_fail (info != NULL);

  kh_metrics_add (self, info, monotonic_time_us, own_commands_since_last, NULL);
}

void
kh_metrics_add_sample (KhMetrics  *self,
                       KhInfo     *info,
                       gint64      monotonic_time_us,
                       GHashTable *own_by_name)
{
  GHashTableIter iter;
  gpointer count;
  guint64 total = 0;

  g_return_if_fail (KH_IS_METRICS (self));
  g_return_if_fail (info != NULL);
  g_return_if_fail (own_by_name != NULL);

  g_hash_table_iter_init (&iter, own_by_name);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    total += *(guint64 *) count;
  kh_metrics_add (self, info, monotonic_time_us, total, own_by_name);
  self->own_by_name = TRUE;
}

void
kh_metrics_add_gap (KhMetrics *self,
                    gint64     monotonic_time_us)
{
  GHashTableIter iter;
  gpointer ring;
  double gap = NAN;

  g_return_if_fail (KH_IS_METRICS (self));

  /* One gap is enough to break the lines; a second adds nothing. */
  if (kh_ring_buffer_get_length (self->series[0]) == 0 || self->baseline == NULL)
    return;

  for (guint i = 0; i < KH_METRICS_N_SERIES; i++)
    kh_ring_buffer_push (self->series[i], monotonic_time_us, &gap);
  g_hash_table_iter_init (&iter, self->commands);
  while (g_hash_table_iter_next (&iter, NULL, &ring))
    kh_ring_buffer_push (ring, monotonic_time_us, &gap);

  /* A rate across the gap would be an average drawn as if it were a moment. */
  g_clear_pointer (&self->baseline, kh_info_unref);
  self->baseline_time = 0;
  self->pending_own = 0;
  if (self->pending_own_by_name != NULL)
    g_hash_table_remove_all (self->pending_own_by_name);

  g_signal_emit (self, signals[UPDATED], 0);
}

void
kh_metrics_clear (KhMetrics *self)
{
  g_return_if_fail (KH_IS_METRICS (self));

  for (guint i = 0; i < KH_METRICS_N_SERIES; i++)
    kh_ring_buffer_clear (self->series[i]);
  g_hash_table_remove_all (self->commands);
  g_clear_pointer (&self->info, kh_info_unref);
  g_clear_pointer (&self->baseline, kh_info_unref);
  self->baseline_time = 0;
  self->pending_own = 0;
  if (self->pending_own_by_name != NULL)
    g_hash_table_remove_all (self->pending_own_by_name);
  self->own_total = 0;
  self->own_subtracted = FALSE;
  self->own_by_name = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
  g_signal_emit (self, signals[UPDATED], 0);
}

const KhRingBuffer *
kh_metrics_get_series (KhMetrics       *self,
                       KhMetricsSeries  series)
{
  g_return_val_if_fail (KH_IS_METRICS (self), NULL);
  g_return_val_if_fail (series < KH_METRICS_N_SERIES, NULL);

  return self->series[series];
}

const KhRingBuffer *
kh_metrics_get_command_series (KhMetrics  *self,
                               const char *command)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (KH_IS_METRICS (self), NULL);
  g_return_val_if_fail (command != NULL, NULL);

  lower = g_ascii_strdown (command, -1);
  return g_hash_table_lookup (self->commands, lower);
}

typedef struct {
  const char *name;
  double rate;
} KhMetricsRank;

static int
kh_metrics_rank_compare (gconstpointer a,
                         gconstpointer b)
{
  const KhMetricsRank *ra = a;
  const KhMetricsRank *rb = b;

  if (ra->rate != rb->rate)
    return ra->rate > rb->rate ? -1 : 1;
  return strcmp (ra->name, rb->name);
}

GStrv
kh_metrics_get_top_commands (KhMetrics *self,
                             guint      n)
{
  g_autoptr(GArray) ranks = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  const KhRingBuffer *clock;
  GHashTableIter iter;
  gpointer key, value;
  gint64 since;

  g_return_val_if_fail (KH_IS_METRICS (self), NULL);

  builder = g_strv_builder_new ();
  clock = self->series[KH_METRICS_OPS_PER_SEC];
  if (kh_ring_buffer_get_length (clock) == 0)
    return g_strv_builder_end (builder);
  since = kh_ring_buffer_get_timestamp (clock, kh_ring_buffer_get_length (clock) - 1)
          - KH_METRICS_TOP_WINDOW_US;

  ranks = g_array_new (FALSE, FALSE, sizeof (KhMetricsRank));
  g_hash_table_iter_init (&iter, self->commands);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const KhRingBuffer *ring = value;
      double sum = 0;
      guint count = 0;

      for (guint i = kh_ring_buffer_get_length (ring); i > 0; i--)
        {
          double rate;

          if (kh_ring_buffer_get_timestamp (ring, i - 1) < since)
            break;
          rate = kh_ring_buffer_get_value (ring, i - 1, 0);
          if (!isnan (rate))
            {
              sum += rate;
              count++;
            }
        }

      if (count > 0 && sum > 0)
        {
          KhMetricsRank rank = { key, sum / count };

          g_array_append_val (ranks, rank);
        }
    }

  g_array_sort (ranks, kh_metrics_rank_compare);
  for (guint i = 0; i < ranks->len && i < n; i++)
    g_strv_builder_add (builder, g_array_index (ranks, KhMetricsRank, i).name);
  return g_strv_builder_end (builder);
}

gboolean
kh_metrics_get_own_commands_by_name (KhMetrics *self)
{
  g_return_val_if_fail (KH_IS_METRICS (self), FALSE);

  return self->own_by_name;
}

gboolean
kh_metrics_get_own_commands_subtracted (KhMetrics *self)
{
  g_return_val_if_fail (KH_IS_METRICS (self), FALSE);

  return self->own_subtracted;
}

guint64
kh_metrics_get_own_commands_total (KhMetrics *self)
{
  g_return_val_if_fail (KH_IS_METRICS (self), 0);

  return self->own_total;
}

KhInfo *
kh_metrics_get_info (KhMetrics *self)
{
  g_return_val_if_fail (KH_IS_METRICS (self), NULL);

  return self->info;
}
