/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-session.c: what the session and the server tell the browser
 *
 * Keys leave the views when the server removed them (forget_key/s: a
 * delete, an expiry the metadata counted down, a key found missing), come
 * in when a write makes them (reveal_key, key-changed), and their rows ask
 * again for their details when a write changed them. A reconnection
 * corrects the note of a load the lost connection cut short. The database
 * dropdown switches the session's database, then loads its keys.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-key-browser-private.h"

/* Changes the server made or that we made */

void
kh_key_browser_forget_key (KhKeyBrowser *self,
                           GBytes       *key)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  g_ptr_array_add (keys, key);
  kh_key_browser_forget_keys (self, keys);
}

/* One change for the views however many keys go (thousands whose TTL ran
 * out at once, or a namespace deleted): each change makes every expanded
 * namespace and the flat list look at the order again */
void
kh_key_browser_forget_keys (KhKeyBrowser *self,
                            GPtrArray    *keys)
{
  g_autoptr(GArray) refs = g_array_sized_new (FALSE, FALSE, sizeof (KhKeyRef), keys->len);
  gboolean sorted_changed = FALSE;

  if (keys->len == 0)
    return;

  kh_key_browser_show_pending (self);
  for (guint i = 0; i < keys->len; i++)
    {
      GBytes *key = g_ptr_array_index (keys, i);
      KhKeyRef ref;

      ref.data = g_bytes_get_data (key, &ref.len);
      if (ref.data == NULL)
        ref.data = "";
      g_array_append_val (refs, ref);
      if (g_hash_table_remove (self->known, key))
        sorted_changed = TRUE;
      kh_key_metadata_invalidate (self->metadata, ref.data, ref.len);
    }
  if (self->staging != NULL)
    kh_key_index_remove_batch (self->staging, (const KhKeyRef *) (gpointer) refs->data, refs->len);

  kh_key_browser_begin_change (self);
  if (sorted_changed)
    kh_key_browser_refresh_sorted (self);
  kh_key_index_remove_batch (self->index, (const KhKeyRef *) (gpointer) refs->data, refs->len);
  kh_key_browser_end_change (self);

  kh_key_browser_update_status (self);
  kh_key_browser_update_sorted_note (self);
  kh_key_browser_update_empty_state (self);
}

void
kh_key_browser_forget_matching (KhKeyBrowser *self,
                                GBytes       *pattern)
{
  gsize len;
  const char *data = g_bytes_get_data (pattern, &len);
  g_autoptr(GArray) ids = kh_key_index_filter (self->index, data != NULL ? data : "", len,
                                               KH_KEY_FILTER_GLOB, NULL, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (ids == NULL || ids->len == 0)
    return;

  kh_key_browser_show_pending (self);
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (keys, kh_key_index_dup_key (self->index, g_array_index (ids, guint32, i)));
  kh_key_browser_forget_keys (self, keys);
}

void
kh_key_browser_reveal_key (KhKeyBrowser *self,
                           GBytes       *key)
{
  gsize len;
  const char *data = g_bytes_get_data (key, &len);

  if (data == NULL)
    data = "";
  kh_key_browser_show_pending (self);
  if (!kh_key_index_contains (self->index, data, len))
    {
      kh_key_browser_begin_change (self);
      kh_key_index_add (self->index, data, len);
      kh_key_browser_end_change (self);
      kh_key_browser_update_status (self);
    }
  kh_key_browser_select_key (self, key);
}

/* Databases */

static void
on_database_selected_done (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(KhKeyBrowser) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_session_select_database_finish (KH_SESSION (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not switch databases: %s"), error->message);
      kh_key_browser_toast (self, text);
      self->database_switching++;
      gtk_drop_down_set_selected (self->database_dropdown, kh_session_get_database (self->session));
      self->database_switching--;
      return;
    }
  kh_key_browser_start_scan (self);
}

void
_kh_key_browser_on_database_dropdown (KhKeyBrowser *self)
{
  guint database = gtk_drop_down_get_selected (self->database_dropdown);

  if (self->database_switching > 0 || database == GTK_INVALID_LIST_POSITION ||
      database == kh_session_get_database (self->session))
    return;

  kh_key_browser_cancel_scan (self);
  kh_session_select_database_async (self->session, database, self->op_cancellable,
                                    on_database_selected_done, g_object_ref (self));
}

void
_kh_key_browser_setup_databases (KhKeyBrowser *self)
{
  guint n = kh_session_get_n_databases (self->session);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("db%u", i);
      gtk_string_list_append (names, name);
    }

  self->database_switching++;
  gtk_drop_down_set_model (self->database_dropdown, G_LIST_MODEL (names));
  if (n > 0)
    gtk_drop_down_set_selected (self->database_dropdown, MIN (kh_session_get_database (self->session), n - 1));
  self->database_switching--;
  gtk_widget_set_visible (GTK_WIDGET (self->database_dropdown), n > 1);
}

static void
on_key_vanished (KhKeyBrowser *self,
                 GBytes       *key)
{
  kh_key_browser_key_vanished (self, key);
}

/* Details arrived for a key (on screen, selected, or all of them): the TTL
 * and size orders take it in */
static void
on_item_loaded (KhKeyBrowser *self,
                KhKeyItem    *item)
{
  kh_key_browser_remember_known (self, item);
}

/* Their countdown ended: gone from the server, gone from the views, without
 * asking (see KhKeyMetadata::keys-expired) */
static void
on_keys_expired (KhKeyBrowser *self,
                 GPtrArray    *keys)
{
  kh_key_browser_forget_keys (self, keys);
}

/* "Reconnecting… (attempt 1)" is no longer true once connected: the
 * note says what still is */
static void
on_session_reconnected (KhKeyBrowser *self)
{
  if (self->scan_message == NULL || !self->scan_lost_connection || self->scanning)
    return;
  g_free (self->scan_message);
  self->scan_message = g_strdup (_("The connection was lost while keys were loading, so the list is "
                                   "incomplete. Rescan loads every key."));
  self->scan_lost_connection = FALSE;
  kh_key_browser_update_status (self);
}

/* What a write did to a key, wherever it was made (a value view, the
 * console, this browser): its row shows it */
static void
on_session_key_changed (KhKeyBrowser *self,
                        GBytes       *key,
                        guint         change)
{
  GHashTableIter iter;
  KhKeyBrowserRow *row;
  KhKeyItem *item;
  gsize len;
  const char *data;

  if (key == NULL)
    return;
  if ((change & KH_KEY_CHANGED_GONE) != 0 && (change & KH_KEY_CHANGED_NEW) == 0)
    {
      /* Found missing by the details: key-vanished came first and forgets it
       * with the others, counting what finding them costs */
      for (guint i = 0; self->vanished != NULL && i < self->vanished->len; i++)
        if (g_bytes_equal (g_ptr_array_index (self->vanished, i), key))
          return;
      kh_key_browser_forget_key (self, key);
      return;
    }
  data = g_bytes_get_data (key, &len);
  if (data == NULL)
    data = "";
  kh_key_browser_show_pending (self);
  if ((change & KH_KEY_CHANGED_NEW) != 0 && !kh_key_index_contains (self->index, data, len))
    {
      kh_key_browser_begin_change (self);
      kh_key_index_add (self->index, data, len);
      kh_key_browser_end_change (self);
      kh_key_browser_update_status (self);
      kh_key_browser_update_empty_state (self);
    }
  kh_key_metadata_invalidate (self->metadata, data, len);
  item = g_hash_table_lookup (self->known, key);
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (item == NULL && g_hash_table_iter_next (&iter, (gpointer *) &row, NULL))
    if (row->item != NULL && !kh_key_item_get_is_namespace (row->item) &&
        g_bytes_equal (kh_key_item_get_key (row->item), key))
      item = row->item;
  if (item != NULL)
    {
      kh_key_metadata_request_now (self->metadata, item);
      kh_key_metadata_flush (self->metadata);
    }
}

/* The session's and the metadata's news about keys */
void
_kh_key_browser_connect_session (KhKeyBrowser *self)
{
  g_signal_connect_object (self->metadata, "key-vanished", G_CALLBACK (on_key_vanished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "key-changed", G_CALLBACK (on_session_key_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "reconnected", G_CALLBACK (on_session_reconnected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metadata, "keys-expired", G_CALLBACK (on_keys_expired), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metadata, "item-loaded", G_CALLBACK (on_item_loaded), self, G_CONNECT_SWAPPED);
}
