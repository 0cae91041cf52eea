/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-slowlog-entry.c: one entry of SLOWLOG GET
 *
 * Arguments are bytes: a slow command may carry binary keys and values, so the
 * command line shown to the user is escaped rather than assumed to be text.
 */
#include "kh-slowlog-entry.h"

#include <string.h>

#include "kh-error.h"

struct _KhSlowlogEntry
{
  GObject    parent_instance;

  guint64    id;
  gint64     timestamp;
  guint64    duration;
  GPtrArray *args;          /* GBytes */
  char      *command;       /* escaped, made on first use */
  char      *client_addr;
  char      *client_name;
};

G_DEFINE_FINAL_TYPE (KhSlowlogEntry, kh_slowlog_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TIMESTAMP,
  PROP_DURATION,
  PROP_COMMAND,
  PROP_CLIENT_ADDR,
  PROP_CLIENT_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kh_slowlog_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KhSlowlogEntry *self = KH_SLOWLOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint64 (value, self->id);
      break;
    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->timestamp);
      break;
    case PROP_DURATION:
      g_value_set_uint64 (value, self->duration);
      break;
    case PROP_COMMAND:
      g_value_set_string (value, kh_slowlog_entry_get_command (self));
      break;
    case PROP_CLIENT_ADDR:
      g_value_set_string (value, self->client_addr);
      break;
    case PROP_CLIENT_NAME:
      g_value_set_string (value, self->client_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_slowlog_entry_finalize (GObject *object)
{
  KhSlowlogEntry *self = KH_SLOWLOG_ENTRY (object);

  g_clear_pointer (&self->args, g_ptr_array_unref);
  g_free (self->command);
  g_free (self->client_addr);
  g_free (self->client_name);

  G_OBJECT_CLASS (kh_slowlog_entry_parent_class)->finalize (object);
}

static void
kh_slowlog_entry_class_init (KhSlowlogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kh_slowlog_entry_get_property;
  object_class->finalize = kh_slowlog_entry_finalize;

  properties[PROP_ID] = g_param_spec_uint64 ("id", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TIMESTAMP] = g_param_spec_int64 ("timestamp", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_DURATION] = g_param_spec_uint64 ("duration", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_COMMAND] = g_param_spec_string ("command", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_ADDR] = g_param_spec_string ("client-addr", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_NAME] = g_param_spec_string ("client-name", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_slowlog_entry_init (KhSlowlogEntry *self)
{
  self->args = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

static gboolean
kh_slowlog_entry_needs_quotes (const char *data,
                               gsize       length)
{
  if (length == 0)
    return TRUE;
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\')
        return TRUE;
    }
  return FALSE;
}

char *
kh_slowlog_entry_escape_arg (const char *data,
                             gsize       length)
{
  GString *out;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!kh_slowlog_entry_needs_quotes (data, length))
    return g_strndup (data, length);

  out = g_string_sized_new (length + 2);
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < ' ' || c >= 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Redis shortens what it records: an argument past 128 bytes ends in "... (12 more
 * bytes)", arguments past 32 become "... (5 more arguments)". Returns where such a
 * note about @unit starts in @data, or @length when there is none. */
static gsize
kh_slowlog_entry_find_note (const char *data,
                            gsize       length,
                            const char *unit)
{
  g_autofree char *suffix = g_strdup_printf (" more %s)", unit);
  gsize suffix_length = strlen (suffix);
  gsize p;

  if (length < suffix_length + 6 || memcmp (data + length - suffix_length, suffix, suffix_length) != 0)
    return length;

  p = length - suffix_length;
  while (p > 0 && g_ascii_isdigit (data[p - 1]))
    p--;
  if (p == length - suffix_length || p < 5 || memcmp (data + p - 5, "... (", 5) != 0)
    return length;
  return p - 5;
}

static gboolean
kh_slowlog_entry_read_uint (const KhReply *reply,
                            guint64       *out)
{
  gint64 value;

  if (reply == NULL || !kh_reply_get_int64 (reply, &value) || value < 0)
    return FALSE;
  *out = (guint64) value;
  return TRUE;
}

static char *
kh_slowlog_entry_read_text (const KhReply *reply)
{
  g_autofree char *text = NULL;

  if (reply == NULL || !kh_reply_is_string (reply))
    return g_strdup ("");
  text = kh_reply_dup_text (reply);
  return g_utf8_make_valid (text, -1);
}

static KhSlowlogEntry *
kh_slowlog_entry_new_from_reply (const KhReply  *item,
                                 GError        **error)
{
  g_autoptr(KhSlowlogEntry) self = NULL;
  const KhReply *args;
  guint64 timestamp;

  self = g_object_new (KH_TYPE_SLOWLOG_ENTRY, NULL);
  if (!kh_reply_is_array (item) || item->len < 4 ||
      !kh_slowlog_entry_read_uint (item->element[0], &self->id) ||
      !kh_slowlog_entry_read_uint (item->element[1], &timestamp) ||
      !kh_slowlog_entry_read_uint (item->element[2], &self->duration) ||
      !kh_reply_is_array (item->element[3]))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_PROTOCOL,
                           "The server’s slow log entry has an unexpected form");
      return NULL;
    }
  self->timestamp = (gint64) MIN (timestamp, (guint64) G_MAXINT64);

  args = item->element[3];
  for (gsize i = 0; i < args->len; i++)
    {
      const KhReply *arg = args->element[i];

      if (kh_reply_is_string (arg) || arg->kind == KH_REPLY_STATUS)
        g_ptr_array_add (self->args, g_bytes_new (arg->str, arg->len));
      else
        {
          g_autofree char *text = kh_reply_dup_text (arg);

          g_ptr_array_add (self->args, g_bytes_new (text, text != NULL ? strlen (text) : 0));
        }
    }

  self->client_addr = kh_slowlog_entry_read_text (item->len > 4 ? item->element[4] : NULL);
  self->client_name = kh_slowlog_entry_read_text (item->len > 5 ? item->element[5] : NULL);
  return g_steal_pointer (&self);
}

GPtrArray *
kh_slowlog_entry_parse_reply (const KhReply  *reply,
                              GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kh_reply_is_array (reply))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_PROTOCOL,
                           "The server answered SLOWLOG GET with something other than a list");
      return NULL;
    }

  entries = g_ptr_array_new_full (reply->len, g_object_unref);
  for (gsize i = 0; i < reply->len; i++)
    {
      KhSlowlogEntry *entry = kh_slowlog_entry_new_from_reply (reply->element[i], error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

guint64
kh_slowlog_entry_get_id (KhSlowlogEntry *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), 0);
  return self->id;
}

gint64
kh_slowlog_entry_get_timestamp (KhSlowlogEntry *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), 0);
  return self->timestamp;
}

guint64
kh_slowlog_entry_get_duration (KhSlowlogEntry *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), 0);
  return self->duration;
}

guint
kh_slowlog_entry_get_n_args (KhSlowlogEntry *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), 0);
  return self->args->len;
}

GBytes *
kh_slowlog_entry_get_arg (KhSlowlogEntry *self,
                          guint           index)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), NULL);
  g_return_val_if_fail (index < self->args->len, NULL);
  return g_ptr_array_index (self->args, index);
}

const char *
kh_slowlog_entry_get_command (KhSlowlogEntry *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), NULL);

  if (self->command == NULL)
    {
      GString *line = g_string_new (NULL);

      for (guint i = 0; i < self->args->len; i++)
        {
          GBytes *arg = g_ptr_array_index (self->args, i);
          gsize length;
          const char *data = g_bytes_get_data (arg, &length);
          g_autofree char *escaped = NULL;
          gsize note;

          if (i > 0)
            g_string_append_c (line, ' ');

          if (i + 1 == self->args->len &&
              kh_slowlog_entry_find_note (data, length, "arguments") == 0)
            {
              g_string_append_len (line, data, length);
              continue;
            }

          note = kh_slowlog_entry_find_note (data, length, "bytes");
          escaped = kh_slowlog_entry_escape_arg (data, note);
          g_string_append (line, escaped);
          if (note < length)
            g_string_append_len (line, data + note, length - note);
        }
      self->command = g_string_free (line, FALSE);
    }
  return self->command;
}

const char *
kh_slowlog_entry_get_client_addr (KhSlowlogEntry *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), NULL);
  return self->client_addr;
}

const char *
kh_slowlog_entry_get_client_name (KhSlowlogEntry *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_ENTRY (self), NULL);
  return self->client_name;
}
