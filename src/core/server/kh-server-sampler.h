/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-server-sampler.h: one session's INFO samples, taken at an interval from the moment it opens */
#pragma once

#include <gio/gio.h>

#include "kh-metrics.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_SERVER_SAMPLER_DEFAULT_INTERVAL_MS 2000

#define KH_TYPE_SERVER_SAMPLER (kh_server_sampler_get_type ())

G_DECLARE_FINAL_TYPE (KhServerSampler, kh_server_sampler, KH, SERVER_SAMPLER, GObject)

/* Starts sampling at once when @session is ready, and again after each
 * reconnect; an interval without a sample (connection lost, or paused in
 * economy mode) is a gap in the metrics. */
KhServerSampler *kh_server_sampler_new              (KhSession       *session,
                                                     gboolean         economy);

KhSession       *kh_server_sampler_get_session      (KhServerSampler *self);
KhMetrics       *kh_server_sampler_get_metrics      (KhServerSampler *self);

guint            kh_server_sampler_get_interval     (KhServerSampler *self);
void             kh_server_sampler_set_interval     (KhServerSampler *self,
                                                     guint            interval_ms);

/* In economy mode (the profile's, Upstash's default) samples are taken only
 * while someone watches them: every command counts, and may be billed. */
gboolean         kh_server_sampler_get_economy      (KhServerSampler *self);
void             kh_server_sampler_set_economy      (KhServerSampler *self,
                                                     gboolean         economy);
/* Whether a view shows the samples now (it is mapped in a visible window). */
void             kh_server_sampler_set_watched      (KhServerSampler *self,
                                                     gboolean         watched);

/* TRUE while a timer takes samples. Notified as "polling". */
gboolean         kh_server_sampler_get_polling      (KhServerSampler *self);
/* Samples taken so far. */
guint            kh_server_sampler_get_n_samples    (KhServerSampler *self);
/* INFO commands each sample costs (1, more where a server refuses INFO everything). */
guint            kh_server_sampler_get_n_commands   (KhServerSampler *self);
/* Why the last poll brought nothing, or NULL. */
const GError    *kh_server_sampler_get_error        (KhServerSampler *self);
/* TRUE when the server refused every form of INFO. */
gboolean         kh_server_sampler_get_unanswered   (KhServerSampler *self);
/* The server's `save` setting ("" when snapshots are off), or NULL when
 * CONFIG GET was refused or has not answered yet. */
const char      *kh_server_sampler_get_save_config  (KhServerSampler *self);

/* Stops sampling for good (the session's tab closes). */
void             kh_server_sampler_stop             (KhServerSampler *self);

G_END_DECLS
