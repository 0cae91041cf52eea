/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-metrics.h: time series of a server's load, built from successive INFO replies */
#pragma once

#include <glib-object.h>

#include "kh-info.h"
#include "kh-ring-buffer.h"

G_BEGIN_DECLS

/* 600 samples: ten minutes at a 1 s poll, twenty at the default 2 s. */
#define KH_METRICS_CAPACITY 600

typedef enum {
  KH_METRICS_USED_MEMORY,        /* bytes */
  KH_METRICS_MAXMEMORY,          /* bytes, 0 when there is no limit */
  KH_METRICS_OPS_PER_SEC,        /* commands/s, without Keyhole's own */
  KH_METRICS_NET_IN_PER_SEC,     /* bytes/s */
  KH_METRICS_NET_OUT_PER_SEC,    /* bytes/s */
  KH_METRICS_HIT_RATIO,          /* 0..1 over the interval, NaN without lookups */
  KH_METRICS_EXPIRED_PER_SEC,    /* keys/s */
  KH_METRICS_EVICTED_PER_SEC,    /* keys/s */
  KH_METRICS_CONNECTED_CLIENTS,
  KH_METRICS_N_SERIES
} KhMetricsSeries;

#define KH_TYPE_METRICS (kh_metrics_get_type ())

G_DECLARE_FINAL_TYPE (KhMetrics, kh_metrics, KH, METRICS, GObject)

KhMetrics          *kh_metrics_new                        (void);

/* Adds one sample: every series (and every command series already seen)
 * gets exactly one value stamped @monotonic_time_us, so all series stay
 * aligned. A value the INFO lacks is NaN. Rates are counter deltas since the
 * previous baseline divided by the elapsed time; they are NaN for the first
 * sample, for the sample at which the server restarted or reset its
 * statistics (uptime went back, run_id changed, or any counter decreased),
 * and when no time elapsed since the baseline (the baseline is then kept and
 * @own_commands_since_last carries over to the next sample).
 * @own_commands_since_last is how many commands Keyhole sent in the interval,
 * counting the INFO poll itself; it is taken off ops_per_sec, never below 0.
 * Emits "updated". */
void                kh_metrics_add_info                   (KhMetrics     *self,
                                                           KhInfo        *info,
                                                           gint64         monotonic_time_us,
                                                           guint64        own_commands_since_last);
/* As kh_metrics_add_info(), with Keyhole's own commands in the interval per
 * stats name (kh_session_dup_command_counts() deltas): they are taken off
 * ops_per_sec and off each command's rate. */
void                kh_metrics_add_sample                 (KhMetrics     *self,
                                                           KhInfo        *info,
                                                           gint64         monotonic_time_us,
                                                           GHashTable    *own_by_name);
/* Marks an interval without samples (sampling paused, connection lost): every
 * series gets a NaN stamped @monotonic_time_us, so charts break the line there,
 * and the next sample starts a new baseline instead of averaging over the gap.
 * Does nothing when the newest entry is already a gap or there are no samples. */
void                kh_metrics_add_gap                    (KhMetrics     *self,
                                                           gint64         monotonic_time_us);
/* Forgets every sample, e.g. when the session moves to another server. */
void                kh_metrics_clear                      (KhMetrics     *self);

/* One value per sample (n_values 1). */
const KhRingBuffer *kh_metrics_get_series                 (KhMetrics     *self,
                                                           KhMetricsSeries series);
/* Calls per second of one command ("get", "client|list"), NaN where unknown;
 * NULL for a command never seen in commandstats. Keyhole's own calls are
 * taken off when the samples came through kh_metrics_add_sample(). */
const KhRingBuffer *kh_metrics_get_command_series         (KhMetrics     *self,
                                                           const char    *command);
/* Up to @n command names, busiest first by their mean rate over the last
 * minute; commands without calls in that window are left out. */
GStrv               kh_metrics_get_top_commands           (KhMetrics     *self,
                                                           guint          n);
/* TRUE once ops_per_sec had Keyhole's own commands taken off. */
gboolean            kh_metrics_get_own_commands_subtracted (KhMetrics    *self);
guint64             kh_metrics_get_own_commands_total     (KhMetrics     *self);
/* TRUE once command series had Keyhole's own calls taken off by name. */
gboolean            kh_metrics_get_own_commands_by_name   (KhMetrics     *self);
/* The newest INFO added, or NULL. */
KhInfo             *kh_metrics_get_info                   (KhMetrics     *self);

G_END_DECLS
