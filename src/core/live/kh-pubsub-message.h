/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-pubsub-message.h: one message received on a subscribed channel */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KH_TYPE_PUBSUB_MESSAGE (kh_pubsub_message_get_type ())
G_DECLARE_FINAL_TYPE (KhPubsubMessage, kh_pubsub_message, KH, PUBSUB_MESSAGE, GObject)

/* @pattern is NULL for a message to a channel subscribed by name. */
KhPubsubMessage *kh_pubsub_message_new            (GBytes          *channel,
                                                   GBytes          *pattern,
                                                   GBytes          *payload,
                                                   gint64           time_us);
GBytes          *kh_pubsub_message_get_channel    (KhPubsubMessage *self);
GBytes          *kh_pubsub_message_get_pattern    (KhPubsubMessage *self);
GBytes          *kh_pubsub_message_get_payload    (KhPubsubMessage *self);
/* When it arrived, in microseconds since the Unix epoch. */
gint64           kh_pubsub_message_get_time_us    (KhPubsubMessage *self);

/* Text to show: the bytes as they are when they are UTF-8 without control
 * characters, else quoted with \xHH escapes as redis-cli prints them. */
char            *kh_pubsub_message_dup_display    (GBytes          *bytes);

G_END_DECLS
