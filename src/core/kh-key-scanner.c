/* kh-key-scanner.c: SCAN a keyspace into a KhKeyIndex, incrementally
 *
 * SCAN cannot be pipelined (each call needs the previous cursor), so the one
 * lever against a slow link is COUNT. Each reply's elapsed time minus the
 * link's round trip (measured with PING first, and lowered whenever a faster
 * reply is seen) estimates how long the server worked; COUNT doubles while
 * that stays well under a few milliseconds and halves when it goes over.
 */
#include "config.h"

#include "kh-key-scanner.h"

#include <glib/gi18n-lib.h>

#include "kh-error.h"

struct _KhKeyScanner {
  GObject parent_instance;

  KhSession *session;
  KhKeyIndex *index;

  GTask *task;
  char *match;
  char *type;
  char *cursor;
  guint count;
  gint64 sent_us;
  gint64 base_rtt_us;
  guint64 n_scanned;
  guint64 db_size;
  guint n_batches;
  GArray *refs;   /* KhKeyRef, reused between batches */
};

G_DEFINE_FINAL_TYPE (KhKeyScanner, kh_key_scanner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_N_SCANNED,
  PROP_DB_SIZE,
  PROP_N_BATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void kh_key_scanner_send_scan (KhKeyScanner *self);

guint
kh_key_scanner_next_count (guint  count,
                           gint64 server_us)
{
  if (server_us < KH_KEY_SCANNER_TARGET_SERVER_US / 2)
    count *= 2;
  else if (server_us > KH_KEY_SCANNER_TARGET_SERVER_US)
    count /= 2;
  return CLAMP (count, KH_KEY_SCANNER_MIN_COUNT, KH_KEY_SCANNER_MAX_COUNT);
}

static void
kh_key_scanner_finish_task (KhKeyScanner *self,
                            GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_pointer (&self->cursor, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GError *
kh_key_scanner_partial_error (KhKeyScanner *self,
                              GError       *cause)
{
  GError *error;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("Stopped after loading %llu keys; the list is incomplete"),
                         (unsigned long long) self->n_scanned);
  else
    error = g_error_new (cause->domain, cause->code,
                         _("%s. Loaded %llu keys before that; the list is incomplete"),
                         cause->message, (unsigned long long) self->n_scanned);
  g_error_free (cause);
  return error;
}

static void
on_scan_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KhKeyScanner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  gint64 elapsed = g_get_monotonic_time () - self->sent_us;
  KhReply *cursor;
  KhReply *keys;

  if (self->task == NULL)
    return;

  if (reply == NULL)
    {
      kh_key_scanner_finish_task (self, kh_key_scanner_partial_error (self, g_steal_pointer (&error)));
      return;
    }

  cursor = kh_reply_get_element (reply, 0);
  keys = kh_reply_get_element (reply, 1);
  if (reply->len != 2 || cursor == NULL || cursor->kind != KH_REPLY_STRING ||
      keys == NULL || keys->kind != KH_REPLY_ARRAY)
    {
      kh_key_scanner_finish_task (self, g_error_new (KH_ERROR, KH_ERROR_PROTOCOL,
                                                     _("The server answered SCAN with something that is not a cursor "
                                                     "and a list of keys")));
      return;
    }

  g_array_set_size (self->refs, 0);
  for (gsize i = 0; i < keys->len; i++)
    {
      KhReply *key = keys->element[i];
      KhKeyRef ref;

      if (key->kind != KH_REPLY_STRING)
        continue;
      ref.data = key->str;
      ref.len = key->len;
      g_array_append_val (self->refs, ref);
    }
  kh_key_index_add_batch (self->index, (const KhKeyRef *) (gpointer) self->refs->data, self->refs->len);

  self->n_scanned += keys->len;
  self->n_batches++;
  if (elapsed < self->base_rtt_us)
    self->base_rtt_us = elapsed;
  /* A tenth of the round trip is allowed as jitter: on a slow link the server's
   * few milliseconds cannot be told from noise, and MAX_COUNT bounds them anyway. */
  self->count = kh_key_scanner_next_count (self->count, elapsed - self->base_rtt_us - self->base_rtt_us / 10);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SCANNED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BATCHES]);
  g_object_thaw_notify (G_OBJECT (self));

  g_free (self->cursor);
  self->cursor = g_strndup (cursor->str, cursor->len);
  if (g_str_equal (self->cursor, "0"))
    {
      kh_key_scanner_finish_task (self, NULL);
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      kh_key_scanner_finish_task (self, kh_key_scanner_partial_error (
          self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled")));
      return;
    }
  kh_key_scanner_send_scan (self);
}

static void
kh_key_scanner_send_scan (KhKeyScanner *self)
{
  KhCommand *command = kh_command_new_va ("SCAN", self->cursor, NULL);

  if (self->match != NULL)
    {
      kh_command_add (command, "MATCH");
      kh_command_add (command, self->match);
    }
  kh_command_add (command, "COUNT");
  kh_command_add_int (command, self->count);
  if (self->type != NULL)
    {
      kh_command_add (command, "TYPE");
      kh_command_add (command, self->type);
    }

  self->sent_us = g_get_monotonic_time ();
  kh_session_send_async (self->session, command, g_task_get_cancellable (self->task),
                         on_scan_reply, g_object_ref (self));
}

static void
on_dbsize_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KhKeyScanner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);

  if (self->task == NULL)
    return;

  self->base_rtt_us = g_get_monotonic_time () - self->sent_us;
  if (reply != NULL && reply->kind == KH_REPLY_INTEGER)
    {
      self->db_size = MAX (reply->integer, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB_SIZE]);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           (error != NULL && error->domain == KH_ERROR && error->code != KH_ERROR_SERVER))
    {
      kh_key_scanner_finish_task (self, kh_key_scanner_partial_error (self, g_steal_pointer (&error)));
      return;
    }
  /* A server that refuses DBSIZE still lets us scan, without a total. */

  kh_key_scanner_send_scan (self);
}

void
kh_key_scanner_scan_async (KhKeyScanner        *self,
                           const char          *match,
                           const char          *type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KH_IS_KEY_SCANNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_key_scanner_scan_async);
  g_task_set_check_cancellable (task, FALSE);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED, _("A scan is already running"));
      return;
    }

  self->task = g_steal_pointer (&task);
  g_free (self->match);
  g_free (self->type);
  self->match = (match != NULL && *match != '\0' && !g_str_equal (match, "*")) ? g_strdup (match) : NULL;
  self->type = (type != NULL && *type != '\0') ? g_strdup (type) : NULL;
  g_free (self->cursor);
  self->cursor = g_strdup ("0");
  self->count = 1000;
  self->n_scanned = 0;
  self->n_batches = 0;
  self->db_size = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* DBSIZE gives the total for progress, and its round trip the link's latency. */
  self->sent_us = g_get_monotonic_time ();
  kh_session_send_async (self->session, kh_command_new ("DBSIZE"), cancellable,
                         on_dbsize_reply, g_object_ref (self));
}

gboolean
kh_key_scanner_scan_finish (KhKeyScanner  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kh_key_scanner_is_running (KhKeyScanner *self)
{
  return self->task != NULL;
}

guint64
kh_key_scanner_get_n_scanned (KhKeyScanner *self)
{
  return self->n_scanned;
}

guint64
kh_key_scanner_get_db_size (KhKeyScanner *self)
{
  return self->db_size;
}

guint
kh_key_scanner_get_n_batches (KhKeyScanner *self)
{
  return self->n_batches;
}

guint
kh_key_scanner_get_count (KhKeyScanner *self)
{
  return self->count;
}

double
kh_key_scanner_get_fraction (KhKeyScanner *self)
{
  if (self->db_size == 0)
    return self->task == NULL ? 1.0 : 0.0;
  return MIN (1.0, (double) self->n_scanned / (double) self->db_size);
}

KhKeyScanner *
kh_key_scanner_new (KhSession  *session,
                    KhKeyIndex *index)
{
  KhKeyScanner *self;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (KH_IS_KEY_INDEX (index), NULL);

  self = g_object_new (KH_TYPE_KEY_SCANNER, NULL);
  self->session = g_object_ref (session);
  self->index = g_object_ref (index);
  return self;
}

static void
kh_key_scanner_finalize (GObject *object)
{
  KhKeyScanner *self = KH_KEY_SCANNER (object);

  g_assert (self->task == NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->index);
  g_free (self->match);
  g_free (self->type);
  g_free (self->cursor);
  g_array_unref (self->refs);

  G_OBJECT_CLASS (kh_key_scanner_parent_class)->finalize (object);
}

static void
kh_key_scanner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhKeyScanner *self = KH_KEY_SCANNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->task != NULL);
      break;
    case PROP_N_SCANNED:
      g_value_set_uint64 (value, self->n_scanned);
      break;
    case PROP_DB_SIZE:
      g_value_set_uint64 (value, self->db_size);
      break;
    case PROP_N_BATCHES:
      g_value_set_uint (value, self->n_batches);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_scanner_class_init (KhKeyScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_key_scanner_finalize;
  object_class->get_property = kh_key_scanner_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SCANNED] =
    g_param_spec_uint64 ("n-scanned", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DB_SIZE] =
    g_param_spec_uint64 ("db-size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_BATCHES] =
    g_param_spec_uint ("n-batches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_key_scanner_init (KhKeyScanner *self)
{
  self->refs = g_array_new (FALSE, FALSE, sizeof (KhKeyRef));
  self->count = 1000;
}
