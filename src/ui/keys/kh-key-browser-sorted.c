/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-sorted.c: the TTL and size orders, and the note above them
 *
 * These orders sort only the keys whose details are known (self->known),
 * in sorted_store; the other keys follow in name order through
 * unknown_model. The order is made again when details arrive, a batch at
 * a time, and the note says what the order holds and how to get the rest
 * in (kh-key-browser-details.c asks for the details of every key shown).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-key-browser-private.h"

/* Ties in the TTL and size orders (keys without expiry, all of one size) are
 * in name order, as the keys without details after them */
static int
compare_by_name (KhKeyBrowser *self,
                 KhKeyItem    *a,
                 KhKeyItem    *b)
{
  gsize alen, blen;
  const char *ka = g_bytes_get_data (kh_key_item_get_key (a), &alen);
  const char *kb = g_bytes_get_data (kh_key_item_get_key (b), &blen);

  return kh_key_compare (ka != NULL ? ka : "", alen, kb != NULL ? kb : "", blen, self->delimiter);
}

static int
compare_by_ttl (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  KhKeyBrowser *self = user_data;
  KhKeyItem *items[2] = { *(KhKeyItem **) a, *(KhKeyItem **) b };
  gint64 ttl[2];

  for (guint i = 0; i < 2; i++)
    {
      gsize len;
      const char *key = g_bytes_get_data (kh_key_item_get_key (items[i]), &len);

      ttl[i] = kh_key_metadata_get_remaining_ttl (self->metadata, key != NULL ? key : "", len);
      if (ttl[i] == KH_KEY_TTL_MISSING)
        ttl[i] = kh_key_item_get_ttl (items[i]);
      /* Keys without expiry go last */
      if (ttl[i] < 0)
        ttl[i] = G_MAXINT64;
    }
  if (ttl[0] != ttl[1])
    return ttl[0] < ttl[1] ? -1 : 1;
  return compare_by_name (self, items[0], items[1]);
}

static int
compare_by_size (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  KhKeyItem *ia = *(KhKeyItem **) a, *ib = *(KhKeyItem **) b;
  gint64 sa = kh_key_item_get_size (ia);
  gint64 sb = kh_key_item_get_size (ib);

  /* The largest first; unknown sizes (-1) last */
  if (sa != sb)
    return sa > sb ? -1 : 1;
  return compare_by_name (user_data, ia, ib);
}

/* The TTL and size orders sort the keys whose details are known: sorting a
 * million rows would mean a million TYPE/PTTL/MEMORY USAGE round trips. The
 * other keys follow in name order (unknown_model), so that every key shown
 * by name is shown in these orders too. */
void
_kh_key_browser_rebuild_sorted (KhKeyBrowser *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  KhKeyFilterMode mode = strpbrk (search, "*?[") != NULL ? KH_KEY_FILTER_GLOB : KH_KEY_FILTER_SUBSTRING;
  gsize search_len = strlen (search);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gsize len;
      const char *key = g_bytes_get_data (kh_key_item_get_key (value), &len);

      if (kh_key_item_get_metadata_state (value) != KH_KEY_METADATA_LOADED)
        continue;
      if (search_len > 0 && !gtk_toggle_button_get_active (self->server_pattern_button) &&
          !kh_key_filter_match (search, search_len, mode, key != NULL ? key : "", len))
        continue;
      g_ptr_array_add (items, value);
    }

  if (self->sort == KH_KEY_BROWSER_SORT_TTL)
    g_ptr_array_sort_with_data (items, compare_by_ttl, self);
  else
    g_ptr_array_sort_with_data (items, compare_by_size, self);

  g_clear_handle_id (&self->sorted_refresh_source, g_source_remove);
  g_list_store_splice (self->sorted_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store)),
                       items->pdata, items->len);
  kh_key_unknown_model_refresh (self->unknown_model);
  kh_key_browser_update_sorted_note (self);
}

/* Says what the TTL or size order holds, and how to get the rest in order;
 * also after keys left it */
void
kh_key_browser_update_sorted_note (KhKeyBrowser *self)
{
  guint n, n_unknown;
  g_autofree char *count = NULL;
  g_autofree char *known = NULL;
  g_autofree char *note = NULL;

  /* Disposed, or another order */
  if (self->unknown_model == NULL || self->sort == KH_KEY_BROWSER_SORT_NAME || self->all_details_items != NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store));
  n_unknown = g_list_model_get_n_items (G_LIST_MODEL (self->unknown_model));
  count = kh_key_browser_format_count (n);
  if (self->sort == KH_KEY_BROWSER_SORT_TTL)
    known = g_strdup_printf (ngettext ("Sorted by TTL, soonest first: the %s key whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       "Sorted by TTL, soonest first: the %s keys whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       n), count);
  else
    known = g_strdup_printf (ngettext ("Sorted by size, largest first: the %s key whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       "Sorted by size, largest first: the %s keys whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       n), count);

  if (n_unknown > 0)
    {
      g_autofree char *unknown = kh_key_browser_format_count (n_unknown);
      g_autofree char *max = kh_key_browser_format_count (KH_KEY_BROWSER_ALL_DETAILS_MAX);
      g_autofree char *rest = g_strdup_printf (ngettext ("The %s key without details follows in name order.",
                                                         "The %s keys without details follow in name order.",
                                                         n_unknown), unknown);
      g_autofree char *how = NULL;

      if (g_list_model_get_n_items (G_LIST_MODEL (self->flat_model)) <= KH_KEY_BROWSER_ALL_DETAILS_MAX)
        how = g_strdup (_("Load All… asks the server for their details."));
      else
        /* Translators: %s is a number of keys, "10,000" */
        how = g_strdup_printf (_("To sort them too, filter the list to %s keys or fewer, then choose Load All…"), max);
      note = g_strdup_printf ("%s %s %s", known, rest, how);
    }
  else
    note = g_steal_pointer (&known);
  gtk_label_set_text (self->note_label, note);
  kh_key_browser_update_all_details (self);
}

void
kh_key_browser_refresh_sorted (KhKeyBrowser *self)
{
  if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    _kh_key_browser_rebuild_sorted (self);
}

/* Details come a batch of replies at a time, a key each: the keys move into
 * place once per batch. Not during "Load All", which sorts at its end. */
#define SORTED_REFRESH_DELAY_MS 200

static gboolean
on_sorted_refresh (gpointer data)
{
  KhKeyBrowser *self = data;

  self->sorted_refresh_source = 0;
  kh_key_browser_refresh_sorted (self);
  return G_SOURCE_REMOVE;
}

void
kh_key_browser_queue_refresh_sorted (KhKeyBrowser *self)
{
  if (self->sort == KH_KEY_BROWSER_SORT_NAME || self->all_details_items != NULL || self->sorted_refresh_source != 0)
    return;
  self->sorted_refresh_source = g_timeout_add (SORTED_REFRESH_DELAY_MS, on_sorted_refresh, self);
}
