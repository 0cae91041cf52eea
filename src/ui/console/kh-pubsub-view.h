/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-pubsub-view.h: subscribe to channels and patterns, watch messages, publish */
#pragma once

#include <adwaita.h>

#include "kh-pubsub.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_PUBSUB_VIEW (kh_pubsub_view_get_type ())

G_DECLARE_FINAL_TYPE (KhPubsubView, kh_pubsub_view, KH, PUBSUB_VIEW, GtkWidget)

/* Subscriptions use a second connection, opened by the first and closed with
 * the last or with the view. @profile_id is accepted for symmetry with the
 * other views and unused. */
GtkWidget   *kh_pubsub_view_new            (KhSession    *session,
                                            const char   *profile_id);
KhPubsub    *kh_pubsub_view_get_pubsub     (KhPubsubView *self);
/* Subscribes to @name: a pattern (PSUBSCRIBE) when it holds * ? or [. */
void         kh_pubsub_view_subscribe      (KhPubsubView *self,
                                            const char   *name);
/* Reads PUBSUB CHANNELS and PUBSUB NUMSUB again. */
void         kh_pubsub_view_refresh_channels (KhPubsubView *self);

G_END_DECLS
