/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-server-view.h: a connection's server at a glance: facts, warnings and load charts */
#pragma once

#include <adwaita.h>

#include "kh-metrics.h"
#include "kh-server-sampler.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_SERVER_VIEW (kh_server_view_get_type ())

G_DECLARE_FINAL_TYPE (KhServerView, kh_server_view, KH, SERVER_VIEW, GtkWidget)

/* Shows @sampler's samples, the history before the view was made included,
 * and tells it when the view is watched (economy mode samples only then). */
GtkWidget       *kh_server_view_new          (KhServerSampler *sampler);

KhServerSampler *kh_server_view_get_sampler  (KhServerView    *self);
KhSession       *kh_server_view_get_session  (KhServerView    *self);
KhMetrics       *kh_server_view_get_metrics  (KhServerView    *self);

G_END_DECLS
