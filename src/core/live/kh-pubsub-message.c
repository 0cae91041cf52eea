/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-pubsub-message.c: one message received on a subscribed channel */
#include "config.h"

#include "kh-pubsub-message.h"

#include "kh-cli-parse.h"

struct _KhPubsubMessage
{
  GObject  parent_instance;

  GBytes  *channel;
  GBytes  *pattern;
  GBytes  *payload;
  gint64   time_us;
};

G_DEFINE_FINAL_TYPE (KhPubsubMessage, kh_pubsub_message, G_TYPE_OBJECT)

KhPubsubMessage *
kh_pubsub_message_new (GBytes *channel,
                       GBytes *pattern,
                       GBytes *payload,
                       gint64  time_us)
{
  KhPubsubMessage *self;

  g_return_val_if_fail (channel != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  self = g_object_new (KH_TYPE_PUBSUB_MESSAGE, NULL);
  self->channel = g_bytes_ref (channel);
  self->pattern = pattern != NULL ? g_bytes_ref (pattern) : NULL;
  self->payload = g_bytes_ref (payload);
  self->time_us = time_us;
  return self;
}

GBytes *
kh_pubsub_message_get_channel (KhPubsubMessage *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB_MESSAGE (self), NULL);
  return self->channel;
}

GBytes *
kh_pubsub_message_get_pattern (KhPubsubMessage *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB_MESSAGE (self), NULL);
  return self->pattern;
}

GBytes *
kh_pubsub_message_get_payload (KhPubsubMessage *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB_MESSAGE (self), NULL);
  return self->payload;
}

gint64
kh_pubsub_message_get_time_us (KhPubsubMessage *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB_MESSAGE (self), 0);
  return self->time_us;
}

char *
kh_pubsub_message_dup_display (GBytes *bytes)
{
  gsize len = 0;
  const char *data;
  gboolean plain;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    return g_strdup ("");

  plain = g_utf8_validate (data, (gssize) len, NULL);
  for (const char *p = data; plain && p < data + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\t')
        plain = FALSE;
    }
  if (plain)
    return g_strndup (data, len);

  {
    GString *out = g_string_sized_new (len + 2);

    kh_cli_append_quoted (out, data, len);
    return g_string_free (out, FALSE);
  }
}

static void
kh_pubsub_message_finalize (GObject *object)
{
  KhPubsubMessage *self = KH_PUBSUB_MESSAGE (object);

  g_bytes_unref (self->channel);
  g_clear_pointer (&self->pattern, g_bytes_unref);
  g_bytes_unref (self->payload);

  G_OBJECT_CLASS (kh_pubsub_message_parent_class)->finalize (object);
}

static void
kh_pubsub_message_class_init (KhPubsubMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kh_pubsub_message_finalize;
}

static void
kh_pubsub_message_init (KhPubsubMessage *self)
{
}
