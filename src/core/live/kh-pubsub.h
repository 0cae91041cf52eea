/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-pubsub.h: Pub/Sub for a session: subscriptions on a second connection,
 * received messages as a bounded list, publishing, and the active channels */
#pragma once

#include <gio/gio.h>

#include "kh-pubsub-message.h"
#include "kh-session.h"

G_BEGIN_DECLS

/* Messages kept by default; older ones are dropped. */
#define KH_PUBSUB_MAX_MESSAGES 5000
/* The client name of the extra connection, as CLIENT LIST shows it. */
#define KH_PUBSUB_CLIENT_NAME "keyhole-pubsub"

/* One channel as PUBSUB CHANNELS and PUBSUB NUMSUB report it. */
typedef struct {
  GBytes *name;
  gint64  n_subscribers;
} KhPubsubChannel;

void kh_pubsub_channel_free (KhPubsubChannel *channel);

#define KH_TYPE_PUBSUB (kh_pubsub_get_type ())
G_DECLARE_FINAL_TYPE (KhPubsub, kh_pubsub, KH, PUBSUB, GObject)

KhPubsub   *kh_pubsub_new                (KhSession   *session);
KhSession  *kh_pubsub_get_session        (KhPubsub    *self);

/* Subscribes to a channel, or with @pattern to a glob of channels
 * (PSUBSCRIBE). The first subscription opens a second connection with the
 * session's settings (client name "keyhole-pubsub"). Returns FALSE when
 * already subscribed. Failures are reported by the "error" signal. */
gboolean    kh_pubsub_subscribe          (KhPubsub    *self,
                                          const char  *name,
                                          gboolean     pattern);
/* Removing the last subscription closes the second connection. */
gboolean    kh_pubsub_unsubscribe        (KhPubsub    *self,
                                          const char  *name,
                                          gboolean     pattern);
void        kh_pubsub_unsubscribe_all    (KhPubsub    *self);
guint       kh_pubsub_get_n_subscriptions (KhPubsub   *self);
gboolean    kh_pubsub_is_subscribed      (KhPubsub    *self,
                                          const char  *name,
                                          gboolean     pattern);
/* The channels (or with @pattern the patterns) subscribed to, in the order
 * they were added. */
char      **kh_pubsub_dup_names          (KhPubsub    *self,
                                          gboolean     pattern);
/* Whether the server confirmed the subscription. */
gboolean    kh_pubsub_is_confirmed       (KhPubsub    *self,
                                          const char  *name,
                                          gboolean     pattern);
/* Whether the second connection is open or opening. */
gboolean    kh_pubsub_get_connected      (KhPubsub    *self);

/* KhPubsubMessage items, oldest first. */
GListModel *kh_pubsub_get_messages       (KhPubsub    *self);
void        kh_pubsub_set_max_messages   (KhPubsub    *self,
                                          guint        max_messages);
void        kh_pubsub_clear_messages     (KhPubsub    *self);

/* PUBLISH through the session. Refused with KH_ERROR_READ_ONLY on a
 * read-only profile: publishing changes what other clients see. Finishes
 * with the number of clients that received it, or -1 on error. */
void        kh_pubsub_publish_async      (KhPubsub            *self,
                                          const char          *channel,
                                          GBytes              *payload,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gint64      kh_pubsub_publish_finish     (KhPubsub            *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* PUBSUB CHANNELS [@pattern] then PUBSUB NUMSUB, through the session.
 * Finishes with KhPubsubChannel items sorted by name. */
void        kh_pubsub_list_channels_async  (KhPubsub            *self,
                                            const char          *pattern,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *kh_pubsub_list_channels_finish (KhPubsub            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
