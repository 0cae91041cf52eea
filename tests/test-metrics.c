/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-metrics.c: ring buffers and rates computed from successive INFO samples */
#include "kh-command.h"
#include "kh-metrics.h"
#include "kh-server-sampler.h"
#include "kh-test-server.h"
#include "kh-test-util.h"

#include <math.h>
#include <string.h>

#define SEC G_USEC_PER_SEC

typedef struct {
  guint64 uptime;
  const char *run_id;
  guint64 commands;
  guint64 net_in;
  guint64 net_out;
  guint64 hits;
  guint64 misses;
  guint64 expired;
  guint64 evicted;
  guint64 used_memory;
  guint64 clients;
  const char *commandstats;  /* cmdstat_ lines, or NULL for no section */
} Sample;

static KhInfo *
sample_info (const Sample *s)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("# Server\r\n"
                          "redis_version:7.0.15\r\n"
                          "run_id:%s\r\n"
                          "uptime_in_seconds:%" G_GUINT64_FORMAT "\r\n"
                          "# Clients\r\n"
                          "connected_clients:%" G_GUINT64_FORMAT "\r\n"
                          "# Memory\r\n"
                          "used_memory:%" G_GUINT64_FORMAT "\r\n"
                          "maxmemory:1000000\r\n"
                          "# Stats\r\n"
                          "total_commands_processed:%" G_GUINT64_FORMAT "\r\n"
                          "total_net_input_bytes:%" G_GUINT64_FORMAT "\r\n"
                          "total_net_output_bytes:%" G_GUINT64_FORMAT "\r\n"
                          "expired_keys:%" G_GUINT64_FORMAT "\r\n"
                          "evicted_keys:%" G_GUINT64_FORMAT "\r\n"
                          "keyspace_hits:%" G_GUINT64_FORMAT "\r\n"
                          "keyspace_misses:%" G_GUINT64_FORMAT "\r\n"
                          "%s%s",
                          s->run_id != NULL ? s->run_id : "aaaa",
                          s->uptime, s->clients, s->used_memory, s->commands,
                          s->net_in, s->net_out, s->expired, s->evicted,
                          s->hits, s->misses,
                          s->commandstats != NULL ? "# Commandstats\r\n" : "",
                          s->commandstats != NULL ? s->commandstats : "");
  return kh_info_parse (text, -1);
}

static void
add_sample (KhMetrics    *metrics,
            const Sample *s,
            gint64        time_us,
            guint64       own)
{
  g_autoptr(KhInfo) info = sample_info (s);

  kh_metrics_add_info (metrics, info, time_us, own);
}

static double
last_value (KhMetrics       *metrics,
            KhMetricsSeries  series)
{
  const KhRingBuffer *ring = kh_metrics_get_series (metrics, series);

  g_assert_cmpuint (kh_ring_buffer_get_length (ring), >, 0);
  return kh_ring_buffer_get_value (ring, kh_ring_buffer_get_length (ring) - 1, 0);
}

static double
last_command_rate (KhMetrics  *metrics,
                   const char *command)
{
  const KhRingBuffer *ring = kh_metrics_get_command_series (metrics, command);

  g_assert_nonnull (ring);
  g_assert_cmpuint (kh_ring_buffer_get_length (ring), >, 0);
  return kh_ring_buffer_get_value (ring, kh_ring_buffer_get_length (ring) - 1, 0);
}

#define assert_rate(value, expected) g_assert_cmpfloat_with_epsilon ((value), (expected), 1e-9)

static void
assert_no_rates (KhMetrics *metrics)
{
  static const KhMetricsSeries rates[] = {
    KH_METRICS_OPS_PER_SEC, KH_METRICS_NET_IN_PER_SEC, KH_METRICS_NET_OUT_PER_SEC,
    KH_METRICS_HIT_RATIO, KH_METRICS_EXPIRED_PER_SEC, KH_METRICS_EVICTED_PER_SEC,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    g_assert_true (isnan (last_value (metrics, rates[i])));
}

static void
test_ring_buffer_wrap (void)
{
  g_autoptr(KhRingBuffer) ring = kh_ring_buffer_new (8, 3);
  const guint pushes = 8 + 5;

  g_assert_cmpuint (kh_ring_buffer_get_capacity (ring), ==, 8);
  g_assert_cmpuint (kh_ring_buffer_get_n_values (ring), ==, 3);
  g_assert_cmpuint (kh_ring_buffer_get_length (ring), ==, 0);

  for (guint i = 0; i < pushes; i++)
    {
      double values[3] = { i, i * 10.0, -(double) i };

      kh_ring_buffer_push (ring, (gint64) i * 1000, values);
      g_assert_cmpuint (kh_ring_buffer_get_length (ring), ==, MIN (i + 1, 8));
      /* The newest is always last. */
      g_assert_cmpint (kh_ring_buffer_get_timestamp (ring, kh_ring_buffer_get_length (ring) - 1),
                       ==, (gint64) i * 1000);
    }

  /* Oldest first: the five oldest pushes were overwritten. */
  for (guint i = 0; i < 8; i++)
    {
      guint pushed = i + 5;
      const double *values = kh_ring_buffer_get_values (ring, i);

      g_assert_cmpint (kh_ring_buffer_get_timestamp (ring, i), ==, (gint64) pushed * 1000);
      g_assert_cmpfloat (values[0], ==, pushed);
      g_assert_cmpfloat (values[1], ==, pushed * 10.0);
      g_assert_cmpfloat (values[2], ==, -(double) pushed);
      g_assert_cmpfloat (kh_ring_buffer_get_value (ring, i, 1), ==, pushed * 10.0);
    }

  kh_ring_buffer_clear (ring);
  g_assert_cmpuint (kh_ring_buffer_get_length (ring), ==, 0);
  g_assert_cmpuint (kh_ring_buffer_get_capacity (ring), ==, 8);
  kh_ring_buffer_push (ring, 42, (double[]) { 1, 2, 3 });
  g_assert_cmpuint (kh_ring_buffer_get_length (ring), ==, 1);
  g_assert_cmpint (kh_ring_buffer_get_timestamp (ring, 0), ==, 42);
  g_assert_cmpfloat (kh_ring_buffer_get_value (ring, 0, 2), ==, 3);
}

static void
test_ring_buffer_capacity_one (void)
{
  g_autoptr(KhRingBuffer) ring = kh_ring_buffer_new (1, 1);

  for (guint i = 0; i < 6; i++)
    {
      double v = i;

      kh_ring_buffer_push (ring, i, &v);
      g_assert_cmpuint (kh_ring_buffer_get_length (ring), ==, 1);
      g_assert_cmpfloat (kh_ring_buffer_get_value (ring, 0, 0), ==, v);
    }
}

static void
test_metrics_series_wrap (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 10, .commands = 0, .used_memory = 1 };
  const guint pushes = KH_METRICS_CAPACITY + 5;

  for (guint i = 0; i < pushes; i++)
    {
      s.used_memory = 1000 + i;
      s.commands += 20;
      s.uptime += 2;
      add_sample (metrics, &s, (gint64) i * 2 * SEC, 0);
    }

  for (guint id = 0; id < KH_METRICS_N_SERIES; id++)
    {
      const KhRingBuffer *ring = kh_metrics_get_series (metrics, id);

      g_assert_cmpuint (kh_ring_buffer_get_capacity (ring), >=, 600);
      g_assert_cmpuint (kh_ring_buffer_get_length (ring), ==, KH_METRICS_CAPACITY);
      g_assert_cmpint (kh_ring_buffer_get_timestamp (ring, 0), ==, 5 * 2 * SEC);
    }
  g_assert_cmpfloat (kh_ring_buffer_get_value (kh_metrics_get_series (metrics, KH_METRICS_USED_MEMORY), 0, 0),
                     ==, 1005);
  g_assert_cmpfloat (last_value (metrics, KH_METRICS_USED_MEMORY), ==, 1000 + pushes - 1);
  /* The first sample, which had no rate, has been overwritten. */
  assert_rate (kh_ring_buffer_get_value (kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC), 0, 0), 10);
}

static void
test_metrics_steady (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 100, .used_memory = 5000, .clients = 3 };
  const KhRingBuffer *ops;

  for (guint i = 0; i < 6; i++)
    {
      add_sample (metrics, &s, 1000 + (gint64) i * 2 * SEC, 0);
      if (i == 0)
        assert_no_rates (metrics);
      else
        {
          assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 100);
          assert_rate (last_value (metrics, KH_METRICS_NET_IN_PER_SEC), 500);
          assert_rate (last_value (metrics, KH_METRICS_NET_OUT_PER_SEC), 2000);
          assert_rate (last_value (metrics, KH_METRICS_EXPIRED_PER_SEC), 5);
          assert_rate (last_value (metrics, KH_METRICS_EVICTED_PER_SEC), 2);
        }
      g_assert_cmpfloat (last_value (metrics, KH_METRICS_USED_MEMORY), ==, 5000 + i);
      g_assert_cmpfloat (last_value (metrics, KH_METRICS_MAXMEMORY), ==, 1000000);
      g_assert_cmpfloat (last_value (metrics, KH_METRICS_CONNECTED_CLIENTS), ==, 3);

      s.uptime += 2;
      s.commands += 200;
      s.net_in += 1000;
      s.net_out += 4000;
      s.expired += 10;
      s.evicted += 4;
      s.used_memory++;
    }

  ops = kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC);
  g_assert_cmpuint (kh_ring_buffer_get_length (ops), ==, 6);
  g_assert_cmpint (kh_ring_buffer_get_timestamp (ops, 5), ==, 1000 + 10 * SEC);
  g_assert_false (kh_metrics_get_own_commands_subtracted (metrics));
  g_assert_cmpuint (kh_metrics_get_own_commands_total (metrics), ==, 0);

  /* Uneven intervals: 300 commands over 3 s. */
  s.commands += 100;
  add_sample (metrics, &s, 1000 + 13 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 100);
}

static void
test_metrics_own_commands (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 100 };

  add_sample (metrics, &s, 0, 1);
  /* Nothing to subtract from yet. */
  g_assert_false (kh_metrics_get_own_commands_subtracted (metrics));

  s.commands += 200;
  add_sample (metrics, &s, 2 * SEC, 1);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 99.5);
  g_assert_true (kh_metrics_get_own_commands_subtracted (metrics));

  s.commands += 200;
  add_sample (metrics, &s, 4 * SEC, 21);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 89.5);

  /* An idle server: only our INFO polls. */
  s.commands += 1;
  add_sample (metrics, &s, 6 * SEC, 1);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 0);

  /* More own commands than the server counted: zero, never negative. */
  s.commands += 3;
  add_sample (metrics, &s, 8 * SEC, 10);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 0);

  g_assert_cmpuint (kh_metrics_get_own_commands_total (metrics), ==, 1 + 1 + 21 + 1 + 10);
}

static void
test_metrics_restart (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 1000, .run_id = "before", .commands = 50000, .net_in = 90000,
               .net_out = 90000, .hits = 500, .misses = 500, .expired = 70, .evicted = 80,
               .commandstats = "cmdstat_get:calls=40000,usec=1\r\n" };
  const KhRingBuffer *ops;

  add_sample (metrics, &s, 0, 0);
  s.uptime += 2; s.commands += 200; s.hits += 10;
  s.commandstats = "cmdstat_get:calls=40100,usec=1\r\n";
  add_sample (metrics, &s, 2 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 100);

  /* Restart: everything starts again from zero, with a new run_id. */
  s = (Sample) { .uptime = 1, .run_id = "after", .commands = 30, .net_in = 300, .net_out = 300,
                 .hits = 1, .misses = 1, .commandstats = "cmdstat_get:calls=2,usec=1\r\n" };
  add_sample (metrics, &s, 4 * SEC, 1);
  assert_no_rates (metrics);
  g_assert_true (isnan (last_command_rate (metrics, "get")));

  /* Measured from the restart, not from before it: no spike. */
  s.uptime += 2; s.commands += 200; s.hits += 4; s.misses += 4;
  s.commandstats = "cmdstat_get:calls=102,usec=1\r\n";
  add_sample (metrics, &s, 6 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 100);
  assert_rate (last_value (metrics, KH_METRICS_HIT_RATIO), 0.5);
  assert_rate (last_command_rate (metrics, "get"), 50);

  /* CONFIG RESETSTAT: uptime goes on, counters drop. */
  s.uptime += 2; s.commands = 5; s.hits = 0; s.misses = 0;
  s.commandstats = "cmdstat_config|resetstat:calls=1,usec=1\r\n";
  add_sample (metrics, &s, 8 * SEC, 0);
  assert_no_rates (metrics);
  g_assert_true (isnan (last_command_rate (metrics, "get")));

  s.uptime += 2; s.commands += 20;
  add_sample (metrics, &s, 10 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 10);

  /* A restart within the same uptime, caught by run_id alone. */
  s.run_id = "third"; s.uptime += 2; s.commands += 2000;
  add_sample (metrics, &s, 12 * SEC, 0);
  assert_no_rates (metrics);

  /* Only one counter going back is enough. */
  s.uptime += 2; s.commands += 20;
  add_sample (metrics, &s, 14 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 10);
  s.uptime += 2; s.commands += 20; s.net_out -= 1;
  add_sample (metrics, &s, 16 * SEC, 0);
  assert_no_rates (metrics);

  ops = kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC);
  for (guint i = 0; i < kh_ring_buffer_get_length (ops); i++)
    {
      double v = kh_ring_buffer_get_value (ops, i, 0);

      g_assert_true (isnan (v) || (v >= 0 && v <= 100));
    }
}

static void
test_metrics_hit_ratio (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 5, .hits = 1000, .misses = 1000 };

  add_sample (metrics, &s, 0, 0);
  g_assert_true (isnan (last_value (metrics, KH_METRICS_HIT_RATIO)));

  /* Over the interval, not since the server started (which would say 0.51). */
  s.hits += 30; s.misses += 10;
  add_sample (metrics, &s, 1 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_HIT_RATIO), 0.75);

  add_sample (metrics, &s, 2 * SEC, 0);
  g_assert_true (isnan (last_value (metrics, KH_METRICS_HIT_RATIO)));

  s.misses += 7;
  add_sample (metrics, &s, 3 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_HIT_RATIO), 0);

  s.hits += 7;
  add_sample (metrics, &s, 4 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_HIT_RATIO), 1);
}

static void
test_metrics_zero_elapsed (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 5 };
  const KhRingBuffer *ops;

  add_sample (metrics, &s, 0, 0);
  s.commands += 200;
  add_sample (metrics, &s, 2 * SEC, 1);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 99.5);

  /* Same timestamp: no division by zero, no infinity. */
  s.commands += 100;
  add_sample (metrics, &s, 2 * SEC, 1);
  assert_no_rates (metrics);
  g_assert_cmpfloat (last_value (metrics, KH_METRICS_CONNECTED_CLIENTS), ==, 0);

  /* A clock that went back is no better. */
  add_sample (metrics, &s, 1 * SEC, 1);
  assert_no_rates (metrics);

  /* The baseline stayed at 2 s, and the own commands carried over. */
  s.commands += 100;
  add_sample (metrics, &s, 4 * SEC, 1);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), (200.0 - 3) / 2);

  ops = kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC);
  g_assert_cmpuint (kh_ring_buffer_get_length (ops), ==, 5);
  for (guint i = 0; i < kh_ring_buffer_get_length (ops); i++)
    g_assert_false (isinf (kh_ring_buffer_get_value (ops, i, 0)));
}

static void
test_metrics_missing_fields (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  g_autoptr(KhInfo) sparse = kh_info_parse ("# Server\nredis_version:7.0.0\n", -1);
  Sample s = { .uptime = 5, .used_memory = 77 };

  kh_metrics_add_info (metrics, sparse, 0, 0);
  for (guint id = 0; id < KH_METRICS_N_SERIES; id++)
    g_assert_true (isnan (last_value (metrics, id)));

  /* Counters missing from the baseline give no rate, but gauges are there. */
  add_sample (metrics, &s, 2 * SEC, 0);
  g_assert_cmpfloat (last_value (metrics, KH_METRICS_USED_MEMORY), ==, 77);
  g_assert_true (isnan (last_value (metrics, KH_METRICS_OPS_PER_SEC)));

  kh_metrics_add_info (metrics, sparse, 4 * SEC, 0);
  g_assert_true (isnan (last_value (metrics, KH_METRICS_USED_MEMORY)));
  g_assert_true (isnan (last_value (metrics, KH_METRICS_OPS_PER_SEC)));
  g_assert_cmpuint (kh_ring_buffer_get_length (kh_metrics_get_series (metrics, KH_METRICS_HIT_RATIO)), ==, 3);
}

static void
test_metrics_top_commands (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 5 };
  g_auto(GStrv) top = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) later = NULL;

  top = kh_metrics_get_top_commands (metrics, 5);
  g_assert_cmpuint (g_strv_length (top), ==, 0);
  g_clear_pointer (&top, g_strfreev);

  for (guint i = 0; i < 5; i++)
    {
      /* Per second: get 50, set 10, hset 30, client|list 20, ping 0. */
      g_autofree char *stats =
        g_strdup_printf ("cmdstat_get:calls=%u,usec=1\r\n"
                         "cmdstat_set:calls=%u,usec=1\r\n"
                         "cmdstat_hset:calls=%u,usec=1\r\n"
                         "cmdstat_client|list:calls=%u,usec=1\r\n"
                         "cmdstat_ping:calls=3,usec=1\r\n",
                         1000 + i * 100, 7 + i * 20, i * 60, i * 40);

      s.commandstats = stats;
      s.uptime += 2;
      add_sample (metrics, &s, (gint64) i * 2 * SEC, 0);
    }

  assert_rate (last_command_rate (metrics, "get"), 50);
  assert_rate (last_command_rate (metrics, "SET"), 10);
  assert_rate (last_command_rate (metrics, "client|list"), 20);
  assert_rate (last_command_rate (metrics, "ping"), 0);
  g_assert_null (kh_metrics_get_command_series (metrics, "del"));

  top = kh_metrics_get_top_commands (metrics, 3);
  g_assert_cmpuint (g_strv_length (top), ==, 3);
  g_assert_cmpstr (top[0], ==, "get");
  g_assert_cmpstr (top[1], ==, "hset");
  g_assert_cmpstr (top[2], ==, "client|list");

  /* Idle commands are not "top". */
  all = kh_metrics_get_top_commands (metrics, 100);
  g_assert_cmpuint (g_strv_length (all), ==, 4);
  g_assert_cmpstr (all[3], ==, "set");
  none = kh_metrics_get_top_commands (metrics, 0);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  /* Two minutes later "set" took over and the others went quiet; a command
   * first seen now counts from zero, since the last INFO had commandstats. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *stats =
        g_strdup_printf ("cmdstat_get:calls=1400,usec=1\r\n"
                         "cmdstat_set:calls=%u,usec=1\r\n"
                         "cmdstat_hset:calls=240,usec=1\r\n"
                         "cmdstat_client|list:calls=160,usec=1\r\n"
                         "cmdstat_ping:calls=3,usec=1\r\n"
                         "cmdstat_del:calls=%u,usec=1\r\n",
                         87 + (i + 1) * 6, (i + 1) * 2);

      s.commandstats = stats;
      s.uptime += 3;
      add_sample (metrics, &s, 8 * SEC + (gint64) (i + 1) * 3 * SEC, 0);
    }
  assert_rate (last_command_rate (metrics, "set"), 2);
  assert_rate (last_command_rate (metrics, "del"), 2.0 / 3);
  assert_rate (last_command_rate (metrics, "get"), 0);
  /* Command series stay aligned with the others once they exist. */
  g_assert_cmpuint (kh_ring_buffer_get_length (kh_metrics_get_command_series (metrics, "get")), ==,
                    kh_ring_buffer_get_length (kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC)));
  g_assert_cmpuint (kh_ring_buffer_get_length (kh_metrics_get_command_series (metrics, "del")), ==, 40);

  later = kh_metrics_get_top_commands (metrics, 5);
  g_assert_cmpuint (g_strv_length (later), ==, 2);
  g_assert_cmpstr (later[0], ==, "set");
  g_assert_cmpstr (later[1], ==, "del");
}

static void
count_emission (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_metrics_signals (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  g_autoptr(KhInfo) first = NULL;
  g_autoptr(KhInfo) second = NULL;
  g_autoptr(KhInfo) from_property = NULL;
  Sample s = { .uptime = 5 };
  guint updated = 0;
  guint notified = 0;

  g_signal_connect_swapped (metrics, "updated", G_CALLBACK (count_emission), &updated);
  g_signal_connect_swapped (metrics, "notify::info", G_CALLBACK (count_emission), &notified);
  g_assert_null (kh_metrics_get_info (metrics));

  first = sample_info (&s);
  kh_metrics_add_info (metrics, first, 0, 0);
  g_assert_cmpuint (updated, ==, 1);
  g_assert_true (kh_metrics_get_info (metrics) == first);

  s.commands = 10;
  second = sample_info (&s);
  kh_metrics_add_info (metrics, second, SEC, 0);
  g_assert_cmpuint (updated, ==, 2);
  g_assert_cmpuint (notified, ==, 2);
  g_object_get (metrics, "info", &from_property, NULL);
  g_assert_true (from_property == second);

  kh_metrics_clear (metrics);
  g_assert_cmpuint (updated, ==, 3);
  g_assert_null (kh_metrics_get_info (metrics));
  g_assert_cmpuint (kh_ring_buffer_get_length (kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC)), ==, 0);

  /* After a clear the next sample is a fresh start, not a rate against the old one. */
  kh_metrics_add_info (metrics, first, 2 * SEC, 0);
  assert_no_rates (metrics);
}

static KhInfo *
live_info (KhTestServer *server)
{
  g_autofree char *text = kh_test_server_cli (server, "INFO", "everything", NULL);

  g_assert_nonnull (text);
  return kh_info_parse (text, -1);
}

#define N_LIVE_SETS 10

static void
test_metrics_live (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  g_autoptr(KhInfo) before = NULL;
  g_autoptr(KhInfo) after = NULL;
  gint64 t0, t1;
  double elapsed;

  if (server == NULL)
    return;

  before = live_info (server);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_LIVE_SETS; i++)
    {
      g_autofree char *reply = kh_test_server_cli (server, "SET", "kh:metrics", "v", NULL);

      g_assert_cmpstr (reply, ==, "OK");
    }
  after = live_info (server);
  t1 = g_get_monotonic_time ();
  elapsed = (double) (t1 - t0) / G_USEC_PER_SEC;

  kh_metrics_add_info (metrics, before, t0, 0);
  /* The first INFO is in the second one's count: that is our own command. */
  kh_metrics_add_info (metrics, after, t1, 1);

  assert_rate (last_command_rate (metrics, "set") * elapsed, N_LIVE_SETS);
  g_assert_cmpfloat (last_value (metrics, KH_METRICS_OPS_PER_SEC) * elapsed, >=, N_LIVE_SETS - 1e-6);
  g_assert_cmpfloat (last_value (metrics, KH_METRICS_NET_IN_PER_SEC), >, 0);
  g_assert_cmpfloat (last_value (metrics, KH_METRICS_USED_MEMORY), >, 0);
  g_assert_true (kh_metrics_get_own_commands_subtracted (metrics));

  kh_test_server_stop (server);
}

static void
test_metrics_gap (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  Sample s = { .uptime = 100, .commands = 1000, .used_memory = 5000, .clients = 1,
               .commandstats = "cmdstat_get:calls=100,usec=1,usec_per_call=0.01\r\n" };
  const KhRingBuffer *ops = kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC);
  const KhRingBuffer *memory = kh_metrics_get_series (metrics, KH_METRICS_USED_MEMORY);
  const KhRingBuffer *get;

  add_sample (metrics, &s, 1 * SEC, 0);
  s.uptime += 1;
  s.commands += 10;
  add_sample (metrics, &s, 2 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 10);

  /* Three minutes without samples, then a burst that stopped long ago. */
  kh_metrics_add_gap (metrics, 3 * SEC);
  kh_metrics_add_gap (metrics, 4 * SEC);   /* a second gap adds nothing */
  g_assert_cmpuint (kh_ring_buffer_get_length (ops), ==, 3);
  g_assert_true (isnan (kh_ring_buffer_get_value (ops, 2, 0)));
  g_assert_true (isnan (kh_ring_buffer_get_value (memory, 2, 0)));
  get = kh_metrics_get_command_series (metrics, "get");
  g_assert_true (isnan (kh_ring_buffer_get_value (get, kh_ring_buffer_get_length (get) - 1, 0)));

  s.uptime += 180;
  s.commands += 18000 * 60;
  add_sample (metrics, &s, 182 * SEC, 0);
  /* No average across the gap: the first sample after it starts afresh. */
  g_assert_true (isnan (last_value (metrics, KH_METRICS_OPS_PER_SEC)));
  g_assert_cmpfloat (last_value (metrics, KH_METRICS_USED_MEMORY), ==, 5000);

  s.uptime += 2;
  s.commands += 4;
  add_sample (metrics, &s, 184 * SEC, 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 2);
}

static void
test_metrics_own_by_name (void)
{
  g_autoptr(KhMetrics) metrics = kh_metrics_new ();
  g_autoptr(GHashTable) own = kh_command_counts_new ();
  g_autoptr(KhInfo) first = NULL;
  g_autoptr(KhInfo) second = NULL;
  Sample s = { .uptime = 100, .commands = 1000,
               .commandstats = "cmdstat_get:calls=100,usec=1,usec_per_call=0.01\r\n"
                               "cmdstat_info:calls=10,usec=1,usec_per_call=0.01\r\n"
                               "cmdstat_client|list:calls=3,usec=1,usec_per_call=0.01\r\n"
                               "cmdstat_memory:calls=7,usec=1,usec_per_call=0.01\r\n" };

  first = sample_info (&s);
  kh_metrics_add_sample (metrics, first, 1 * SEC, own);
  g_assert_false (kh_metrics_get_own_commands_subtracted (metrics));

  /* Keyhole sent 20 GETs, an INFO, a CLIENT LIST and 4 MEMORY USAGE; another
   * client sent 30 GETs. Servers before Redis 7 count MEMORY USAGE as "memory". */
  s.uptime += 1;
  s.commands += 56;
  s.commandstats = "cmdstat_get:calls=150,usec=1,usec_per_call=0.01\r\n"
                   "cmdstat_info:calls=11,usec=1,usec_per_call=0.01\r\n"
                   "cmdstat_client|list:calls=4,usec=1,usec_per_call=0.01\r\n"
                   "cmdstat_memory:calls=11,usec=1,usec_per_call=0.01\r\n";
  second = sample_info (&s);
  kh_command_counts_add (own, "get", 20);
  kh_command_counts_add (own, "info", 1);
  kh_command_counts_add (own, "client|list", 1);
  kh_command_counts_add (own, "memory|usage", 4);
  kh_metrics_add_sample (metrics, second, 2 * SEC, own);

  g_assert_true (kh_metrics_get_own_commands_subtracted (metrics));
  g_assert_true (kh_metrics_get_own_commands_by_name (metrics));
  g_assert_cmpuint (kh_metrics_get_own_commands_total (metrics), ==, 26);
  assert_rate (last_command_rate (metrics, "get"), 30);
  assert_rate (last_command_rate (metrics, "info"), 0);
  assert_rate (last_command_rate (metrics, "client|list"), 0);
  assert_rate (last_command_rate (metrics, "memory"), 0);
  assert_rate (last_value (metrics, KH_METRICS_OPS_PER_SEC), 30);
}

/* Sampling against a real server */

#define SAMPLER_MS 150

static gboolean
has_samples (gpointer data)
{
  gpointer *args = data;

  return kh_server_sampler_get_n_samples (args[0]) >= GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_samples (KhServerSampler *sampler,
                  guint            n)
{
  gpointer args[] = { sampler, GUINT_TO_POINTER (n) };

  g_assert_true (kh_test_iterate_until (has_samples, args, 20000));
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

/* Calls of @command in the samples after @from, from the rates and their intervals
 * (a command's series starts when it first appears, so the intervals come from
 * the ops series, which every sample has). */
static double
calls_since (KhMetrics  *metrics,
             const char *command,
             gint64      from)
{
  const KhRingBuffer *ring = kh_metrics_get_command_series (metrics, command);
  const KhRingBuffer *ops = kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC);
  double calls = 0;

  if (ring == NULL)
    return 0;
  for (guint i = 0; i < kh_ring_buffer_get_length (ring); i++)
    {
      gint64 t = kh_ring_buffer_get_timestamp (ring, i);
      double rate = kh_ring_buffer_get_value (ring, i, 0);
      gint64 previous = -1;

      if (t <= from || !isfinite (rate))
        continue;
      for (guint j = 0; j < kh_ring_buffer_get_length (ops); j++)
        if (kh_ring_buffer_get_timestamp (ops, j) < t)
          previous = kh_ring_buffer_get_timestamp (ops, j);
      g_assert_cmpint (previous, >=, 0);
      calls += rate * (double) (t - previous) / SEC;
    }
  return calls;
}

static void
test_sampler_own_commands (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  g_auto(GStrv) top = NULL;
  KhMetrics *metrics;
  const KhRingBuffer *ops;
  gint64 from;

  if (server == NULL)
    return;

  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  /* Sampling starts as the sampler is made, with no view. */
  sampler = kh_server_sampler_new (session, FALSE);
  kh_server_sampler_set_interval (sampler, SAMPLER_MS);
  g_assert_true (kh_server_sampler_get_polling (sampler));
  wait_for_samples (sampler, 2);
  metrics = kh_server_sampler_get_metrics (sampler);
  ops = kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC);
  from = kh_ring_buffer_get_timestamp (ops, kh_ring_buffer_get_length (ops) - 1);

  /* Keyhole's own GETs, CLIENT LISTs and MEMORY USAGEs; another client's SETs. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(KhReply) get = kh_test_session_run_ok (session, kh_command_new_va ("GET", "k", NULL));
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KhReply) list = kh_test_session_run_ok (session, kh_command_new_va ("CLIENT", "LIST", NULL));
      g_autoptr(KhReply) usage = kh_test_session_run_ok (session, kh_command_new_va ("MEMORY", "USAGE", "k", NULL));
    }
  for (guint i = 0; i < 5; i++)
    g_free (kh_test_server_cli (server, "SET", "k", "v", NULL));
  wait_for_samples (sampler, kh_server_sampler_get_n_samples (sampler) + 3);

  g_assert_true (kh_metrics_get_own_commands_by_name (metrics));
  g_assert_cmpfloat (fabs (calls_since (metrics, "set", from) - 5), <, 1e-6);
  g_assert_cmpfloat (calls_since (metrics, "get", from), <, 1e-6);
  g_assert_cmpfloat (calls_since (metrics, "client|list", from), <, 1e-6);
  g_assert_cmpfloat (calls_since (metrics, "memory|usage", from), <, 1e-6);
  g_assert_cmpfloat (calls_since (metrics, "info", from), <, 1e-6);
  /* redis-cli's SETs are the only other commands. */
  top = kh_metrics_get_top_commands (metrics, 2);
  g_assert_cmpstr (top[0], ==, "set");
  g_assert_null (top[1]);

  /* `--save ""` is not in INFO: CONFIG GET says snapshots are off. */
  g_assert_cmpstr (kh_server_sampler_get_save_config (sampler), ==, "");

  kh_server_sampler_stop (sampler);
  g_assert_false (kh_server_sampler_get_polling (sampler));
  kh_session_close (session);
  kh_test_server_stop (server);
}

static gboolean
series_has_gap (const KhRingBuffer *ring)
{
  for (guint i = 0; i < kh_ring_buffer_get_length (ring); i++)
    if (isnan (kh_ring_buffer_get_value (ring, i, 0)))
      return TRUE;
  return FALSE;
}

static void
test_sampler_economy (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  KhMetrics *metrics;
  guint64 sent;

  if (server == NULL)
    return;

  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  sampler = kh_server_sampler_new (session, TRUE);
  kh_server_sampler_set_interval (sampler, SAMPLER_MS);
  metrics = kh_server_sampler_get_metrics (sampler);

  /* Economy mode: nothing is sent while nobody watches. */
  g_assert_false (kh_server_sampler_get_polling (sampler));
  sent = kh_session_get_commands_sent (session);
  iterate_for (3 * SAMPLER_MS);
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);
  g_assert_cmpuint (kh_server_sampler_get_n_samples (sampler), ==, 0);

  kh_server_sampler_set_watched (sampler, TRUE);
  g_assert_true (kh_server_sampler_get_polling (sampler));
  wait_for_samples (sampler, 3);
  g_assert_false (series_has_gap (kh_metrics_get_series (metrics, KH_METRICS_USED_MEMORY)));

  kh_server_sampler_set_watched (sampler, FALSE);
  g_assert_false (kh_server_sampler_get_polling (sampler));
  iterate_for (SAMPLER_MS);   /* a poll already sent completes */
  sent = kh_session_get_commands_sent (session);
  iterate_for (3 * SAMPLER_MS);
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);

  /* Watched again: the missed intervals are a gap, not a line. */
  kh_server_sampler_set_watched (sampler, TRUE);
  wait_for_samples (sampler, kh_server_sampler_get_n_samples (sampler) + 2);
  g_assert_true (series_has_gap (kh_metrics_get_series (metrics, KH_METRICS_USED_MEMORY)));
  g_assert_true (series_has_gap (kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC)));

  /* Without economy mode it samples whether watched or not. */
  kh_server_sampler_set_watched (sampler, FALSE);
  kh_server_sampler_set_economy (sampler, FALSE);
  g_assert_true (kh_server_sampler_get_polling (sampler));

  kh_server_sampler_stop (sampler);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_sampler_reconnect_gap (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  KhMetrics *metrics;

  if (server == NULL)
    return;

  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  sampler = kh_server_sampler_new (session, FALSE);
  kh_server_sampler_set_interval (sampler, SAMPLER_MS);
  metrics = kh_server_sampler_get_metrics (sampler);
  wait_for_samples (sampler, 2);

  kh_test_server_restart (server);
  wait_for_samples (sampler, kh_server_sampler_get_n_samples (sampler) + 2);
  g_assert_true (series_has_gap (kh_metrics_get_series (metrics, KH_METRICS_USED_MEMORY)));

  kh_server_sampler_stop (sampler);
  kh_session_close (session);
  kh_test_server_stop (server);
}

/* The names Keyhole counts its commands under are commandstats' names. */
static void
test_metrics_stats_names (void)
{
  static const struct {
    const char *args[4];
    const char *name;
  } cases[] = {
    { { "GET", "k", NULL }, "get" },
    { { "get", "CLIENT", NULL }, "get" },
    { { "CLIENT", "LIST", NULL }, "client|list" },
    { { "client", "SetName", "x", NULL }, "client|setname" },
    { { "MEMORY", "USAGE", "k", NULL }, "memory|usage" },
    { { "CONFIG", "GET", "save", NULL }, "config|get" },
    { { "CONFIG", NULL }, "config" },
    { { "OBJECT", "a b", NULL }, "object" },
    { { "INFO", "everything", NULL }, "info" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KhCommand) command = kh_command_new (NULL);
      g_autofree char *name = NULL;

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        kh_command_add (command, cases[i].args[j]);
      name = kh_command_dup_stats_name (command);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/metrics/ring-buffer/wrap", test_ring_buffer_wrap);
  g_test_add_func ("/core/metrics/ring-buffer/capacity-one", test_ring_buffer_capacity_one);
  g_test_add_func ("/core/metrics/series/wrap", test_metrics_series_wrap);
  g_test_add_func ("/core/metrics/rate/steady", test_metrics_steady);
  g_test_add_func ("/core/metrics/rate/own-commands", test_metrics_own_commands);
  g_test_add_func ("/core/metrics/rate/restart", test_metrics_restart);
  g_test_add_func ("/core/metrics/rate/hit-ratio", test_metrics_hit_ratio);
  g_test_add_func ("/core/metrics/rate/zero-elapsed", test_metrics_zero_elapsed);
  g_test_add_func ("/core/metrics/rate/missing-fields", test_metrics_missing_fields);
  g_test_add_func ("/core/metrics/top-commands", test_metrics_top_commands);
  g_test_add_func ("/core/metrics/signals", test_metrics_signals);
  kh_test_add_for_each_server ("/core/metrics/live", "rates", test_metrics_live);
  g_test_add_func ("/core/metrics/rate/gap", test_metrics_gap);
  g_test_add_func ("/core/metrics/rate/own-by-name", test_metrics_own_by_name);
  g_test_add_func ("/core/metrics/stats-names", test_metrics_stats_names);
  kh_test_add_for_each_server ("/core/metrics/sampler", "own-commands", test_sampler_own_commands);
  kh_test_add_for_each_server ("/core/metrics/sampler", "economy", test_sampler_economy);
  kh_test_add_for_each_server ("/core/metrics/sampler", "reconnect-gap", test_sampler_reconnect_gap);

  return g_test_run ();
}
