/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-scanner.c: SCAN a keyspace into a KhKeyIndex, incrementally
 *
 * SCAN cannot be pipelined (each call needs the previous cursor), so the one
 * lever against a slow link is COUNT. Each reply's wait for its first byte
 * minus the link's round trip (measured with DBSIZE first, and lowered
 * whenever a faster reply is seen) bounds how long the server worked: the
 * round trip taken off is the shortest ever seen, so jitter and queueing can
 * only make the estimate longer than the truth, never shorter. COUNT doubles
 * while the round trip outweighs that work and the work is under half the
 * budget (so the doubled SCAN stays within it), and halves when it goes over.
 * Nothing is taken off for jitter: that let COUNT grow to 8,000 over a long
 * link, SCANs of 10-34 ms on the server. It does not grow where the
 * round trip is short: a larger COUNT costs the server more per key (one
 * SCAN collects all its keys before replying), so on loopback or a LAN a
 * COUNT of 1,000 on several chains at once loads fastest.
 *
 * Over a slow link even a large COUNT leaves most of the time in round
 * trips, so once the first chain has measured the server, the rest of the
 * keyspace is split into a few chains that SCAN side by side. This relies on
 * how Redis and Valkey walk their tables: the cursor, read with its bits
 * reversed, only grows during a scan, whatever resizing happens. A chain
 * started at any cursor therefore covers exactly the part of the walk from
 * there on, and stops where the next chain began. Other servers get one chain.
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
  GPtrArray *chains;   /* Chain, the first one starts at cursor 0 */
  guint n_running;     /* chains with a SCAN on the wire */
  gboolean split;      /* the remaining keyspace was divided already */
  guint n_still;       /* measurements in a row that did not grow COUNT */
  guint generation;    /* counts scans, so late replies of an old one are ignored */
  guint count;
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

#define N_CHAINS 4

typedef struct {
  KhKeyScanner *self;  /* not a reference: the scanner outlives its chains' replies via the task */
  guint64 cursor;
  guint64 end_rev;     /* stop before a cursor whose reversed value reaches this; 0: run to the end */
  gint64 sent_us;
  guint generation;    /* the scan it belongs to */
  gboolean done;
} Chain;

static void kh_key_scanner_send_scan (KhKeyScanner *self, Chain *chain);

static guint64
reverse_bits (guint64 v)
{
  guint64 r = 0;

  for (guint i = 0; i < 64; i++)
    {
      r = (r << 1) | (v & 1);
      v >>= 1;
    }
  return r;
}

guint
kh_key_scanner_next_count (guint  count,
                           gint64 server_us,
                           gint64 rtt_us)
{
  if (server_us < KH_KEY_SCANNER_TARGET_SERVER_US / 2 && server_us < rtt_us)
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

  for (guint i = 0; self->chains != NULL && i < self->chains->len; i++)
    ((Chain *) g_ptr_array_index (self->chains, i))->done = TRUE;
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

static gboolean
kh_key_scanner_can_split (KhKeyScanner *self)
{
  KhServerKind kind = kh_session_get_server_kind (self->session);

  return !self->split &&
         (kind == KH_SERVER_REDIS || kind == KH_SERVER_VALKEY) &&
         kh_session_get_mode (self->session) == KH_SERVER_MODE_STANDALONE &&
         g_getenv ("KEYHOLE_SCAN_ONE_CHAIN") == NULL;
}

/* Divides what the first chain has left into N_CHAINS parts. */
static void
kh_key_scanner_split (KhKeyScanner *self,
                      Chain        *first)
{
  guint64 start = reverse_bits (first->cursor);
  guint64 step = (G_MAXUINT64 - start) / N_CHAINS;

  self->split = TRUE;
  if (step < (G_GUINT64_CONSTANT (1) << 40))
    return; /* almost done already */

  first->end_rev = start + step;
  for (guint i = 1; i < N_CHAINS; i++)
    {
      Chain *chain = g_rc_box_new0 (Chain);

      chain->self = self;
      chain->generation = self->generation;
      chain->cursor = reverse_bits (start + i * step);
      chain->end_rev = i == N_CHAINS - 1 ? 0 : start + (i + 1) * step;
      g_ptr_array_add (self->chains, chain);
      kh_key_scanner_send_scan (self, chain);
    }
}

static void
on_scan_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Chain *chain = user_data;
  KhKeyScanner *self = chain->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  gint64 elapsed = g_get_monotonic_time () - chain->sent_us;
  KhReply *cursor;
  KhReply *keys;
  guint64 next;
  char *end = NULL;

  if (chain->generation != self->generation)
    goto out;
  self->n_running--;
  if (chain->done || self->task == NULL)
    goto out;

  if (reply == NULL)
    {
      kh_key_scanner_finish_task (self, kh_key_scanner_partial_error (self, g_steal_pointer (&error)));
      goto out;
    }

  cursor = kh_reply_get_element (reply, 0);
  keys = kh_reply_get_element (reply, 1);
  if (reply->len != 2 || cursor == NULL || cursor->kind != KH_REPLY_STRING ||
      keys == NULL || keys->kind != KH_REPLY_ARRAY)
    {
      kh_key_scanner_finish_task (self, g_error_new (KH_ERROR, KH_ERROR_PROTOCOL,
                                                     _("The server answered SCAN with something that is not a cursor "
                                                       "and a list of keys")));
      goto out;
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

  /* Only a lone SCAN's wait measures the server; side by side they queue. */
  if (self->chains->len == 1)
    {
      /* The wait for the reply's first byte is the round trip plus the server's
       * work; the transfer and our own parsing come after it and do not count. */
      if (reply->first_byte_us > 0)
        elapsed = reply->first_byte_us;
      if (elapsed < self->base_rtt_us)
        self->base_rtt_us = elapsed;
      guint before = self->count;

      self->count = kh_key_scanner_next_count (self->count, elapsed - self->base_rtt_us, self->base_rtt_us);
      /* One late reply (a busy machine, a jittery link) must not end the
       * growth: the count is settled when two in a row do not grow it, or
       * at once when one went over (growing again would only swing back) */
      if (self->count > before)
        self->n_still = 0;
      else if (self->count < before)
        self->n_still = 2;
      else
        self->n_still++;
      g_debug ("SCAN of %u keys: first byte after %" G_GINT64_FORMAT " us, round trip %" G_GINT64_FORMAT " us; next COUNT %u",
               before, elapsed, self->base_rtt_us, self->count);
    }

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SCANNED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BATCHES]);
  g_object_thaw_notify (G_OBJECT (self));
  if (self->task == NULL)
    goto out; /* a notify handler cancelled or finished it */

  next = g_ascii_strtoull (cursor->str, &end, 10);
  if (end == cursor->str || next == 0 ||
      (chain->end_rev != 0 && reverse_bits (next) >= chain->end_rev))
    chain->done = TRUE;
  else
    chain->cursor = next;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      kh_key_scanner_finish_task (self, kh_key_scanner_partial_error (
          self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled")));
      goto out;
    }

  if (!chain->done)
    {
      kh_key_scanner_send_scan (self, chain);
      /* Once the count stops growing, the server is measured: go wide. */
      if (self->n_still >= 2 && kh_key_scanner_can_split (self))
        kh_key_scanner_split (self, chain);
    }
  if (self->n_running == 0)
    kh_key_scanner_finish_task (self, NULL);

out:
  g_rc_box_release (chain);
  g_object_unref (self);
}

static void
kh_key_scanner_send_scan (KhKeyScanner *self,
                          Chain        *chain)
{
  KhCommand *command = kh_command_new ("SCAN");

  kh_command_add_printf (command, "%" G_GUINT64_FORMAT, chain->cursor);
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

  chain->sent_us = g_get_monotonic_time ();
  self->n_running++;
  kh_session_send_async (self->session, command, g_task_get_cancellable (self->task),
                         on_scan_reply, (g_object_ref (self), g_rc_box_acquire (chain)));
}

static void
on_dbsize_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KhKeyScanner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  Chain *first;

  if (self->task == NULL)
    return;

  self->base_rtt_us = reply != NULL && reply->first_byte_us > 0 ? reply->first_byte_us : G_MAXINT64;
  if (reply != NULL && reply->kind == KH_REPLY_INTEGER)
    {
      self->db_size = MAX (reply->integer, 0);
      if (self->match == NULL && self->type == NULL)
        kh_key_index_reserve (self->index, self->db_size);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB_SIZE]);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           (error != NULL && error->domain == KH_ERROR && error->code != KH_ERROR_SERVER))
    {
      kh_key_scanner_finish_task (self, kh_key_scanner_partial_error (self, g_steal_pointer (&error)));
      return;
    }
  /* A server that refuses DBSIZE still lets us scan, without a total. */

  first = g_rc_box_new0 (Chain);
  first->self = self;
  first->generation = self->generation;
  g_ptr_array_add (self->chains, first);
  kh_key_scanner_send_scan (self, first);
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
  /* Chains of an earlier scan may still await replies: they hold the old array. */
  g_clear_pointer (&self->chains, g_ptr_array_unref);
  self->chains = g_ptr_array_new_with_free_func (g_rc_box_release);
  self->generation++;
  self->n_running = 0;
  self->split = FALSE;
  self->n_still = 0;
  self->count = 1000;
  self->n_scanned = 0;
  self->n_batches = 0;
  self->db_size = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* DBSIZE gives the total for progress, and its wait the link's round trip. */
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
  g_clear_pointer (&self->chains, g_ptr_array_unref);
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
