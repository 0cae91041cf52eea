/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-loading.c: loading the keys without stalling the main loop
 *
 * The scanner fills a private staging index that nothing watches, so a SCAN
 * batch costs only its hashing. Idle steps then move keys from there to the
 * index the views show, a budget at a time, with the views not listening, and
 * sort them in; the budget follows the measured cost so that a step takes a
 * few milliseconds. At most every REFRESH_INTERVAL_MS (and at the end) the
 * views are told, once, by adding one key held back for that. The flat list
 * reports each such change as a replacement of every row, which
 * KhKeyBrowserRows turns into the runs between the rows on screen.
 *
 * Details (TYPE, PTTL, MEMORY USAGE) are asked for once the list settles:
 * while keys load, the rows on screen keep changing.
 *
 * Keys found missing when their details come are forgotten. When several go
 * that way, many more keys of the index are likely gone (they expired before
 * anyone saw their TTL): rather than find each one as it scrolls into view,
 * three commands a key, what is loaded is walked once with SCAN, and the keys
 * it no longer has leave the index at once; no details are asked meanwhile.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-key-browser-private.h"

/* Refresh the views at most this often while keys load */
#define REFRESH_INTERVAL_MS   150
/* ... or sooner, once the keys moved since make an eighth more, when a
 * refresh puts new keys between most of the rows GtkListView has (200), and
 * it binds and measures a row for each: a refresh early in a load that
 * doubled the keys made a 15-20 ms frame */
#define REFRESH_GROWTH        8
#define REFRESH_MIN_MS        35
/* The first step, soon, so that rows appear at once */
#define FIRST_REFRESH_MS      30
/* Work per step moving keys into the index: the budget adapts to take about
 * this long, so that no step stalls the main loop */
#define REFRESH_TARGET_US     6000
#define MOVE_BUDGET_MIN       500
#define MOVE_BUDGET_MAX       200000
#define MOVE_BUDGET_START     4000
/* An order the index merges a batch through in a few milliseconds */
#define SMALL_ORDER           16000
/* The list shows its first rows this many more per frame, up to all of them
 * once GtkListView has made all its row widgets (200 in GTK 4.8) */
#define REVEAL_STEP           40
#define REVEAL_DONE           240
/* Keys found missing since the last check, at least, before the keys loaded
 * are checked, and keys a SCAN of the walk covers, at least (COUNT starts at
 * 1,000 and grows): see on_vanished_idle */
#define VANISHED_BEFORE_CHECK 3
#define KEYS_PER_CHECK_SCAN   1000

static gboolean on_refresh (gpointer data);

/* The index sorts a batch in by binary insertion while it is under 1/32 of
 * what is sorted, and otherwise merges it through the whole order, whose cost
 * grows with the order, not the batch: keep to the first, except while the
 * whole order is small enough to merge within a step */
static guint
budget_cap (KhKeyBrowser *self)
{
  guint n = kh_key_index_get_n_keys (self->index);

  if (n < SMALL_ORDER)
    return MAX (self->move_budget, SMALL_ORDER - n);
  return MIN (self->move_budget, MAX (n / 33, MOVE_BUDGET_MIN));
}

/* Silences the views while the index changes in many steps: they are told
 * about the last step only, and look at everything then. (Blocking by signal
 * id alone matches nothing in GLib 2.74, hence one handler at a time.) */
GArray *
kh_key_browser_block_index_changed (KhKeyBrowser *self)
{
  guint changed_id = g_signal_lookup ("changed", KH_TYPE_KEY_INDEX);
  GArray *blocked = g_array_new (FALSE, FALSE, sizeof (gulong));
  gulong handler;

  while ((handler = g_signal_handler_find (self->index, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_UNBLOCKED,
                                           changed_id, 0, NULL, NULL, NULL)) != 0)
    {
      g_signal_handler_block (self->index, handler);
      g_array_append_val (blocked, handler);
    }
  return blocked;
}

void
kh_key_browser_unblock_index_changed (KhKeyBrowser *self,
                                      GArray       *blocked)
{
  for (guint i = 0; i < blocked->len; i++)
    g_signal_handler_unblock (self->index, g_array_index (blocked, gulong, i));
}

static void
schedule_refresh (KhKeyBrowser *self,
                  guint         delay_ms)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, delay_ms, on_refresh, self, NULL);
}

/* Moves up to @budget keys from the staging index to the one the views
 * show, with the views not listening, and sorts them in now: the work that
 * grows with the budget, measured here. One new key is held back: adding it
 * later is what tells the views (see kh_key_browser_show_pending). */
static guint
move_keys (KhKeyBrowser *self,
           guint         budget,
           gint64       *index_us)
{
  guint32 n_ids = kh_key_index_get_n_ids (self->staging);
  guint32 end = (guint32) MIN ((guint64) n_ids, (guint64) self->staging_moved + budget);
  guint moved = end - self->staging_moved;
  g_autoptr(GArray) blocked = NULL;
  const KhKeyRef *refs;
  guint n_refs;
  gint64 start = g_get_monotonic_time ();

  g_array_set_size (self->move_refs, 0);
  for (guint32 id = self->staging_moved; id < end; id++)
    {
      KhKeyRef ref;

      if (kh_key_index_is_removed (self->staging, id))
        continue;
      ref.data = kh_key_index_get_key (self->staging, id, &ref.len);
      g_array_append_val (self->move_refs, ref);
    }
  self->staging_moved = end;

  refs = (const KhKeyRef *) (gpointer) self->move_refs->data;
  n_refs = self->move_refs->len;
  if (self->held_key == NULL)
    {
      /* Hold back a key that is new to the index, so that adding it emits */
      guint last = n_refs;

      while (last > 0 && kh_key_index_contains (self->index, refs[last - 1].data, refs[last - 1].len))
        last--;
      if (last > 0)
        {
          self->held_key = g_bytes_new (refs[last - 1].data, refs[last - 1].len);
          self->move_refs = g_array_remove_index (self->move_refs, last - 1);
          refs = (const KhKeyRef *) (gpointer) self->move_refs->data;
          n_refs = self->move_refs->len;
        }
    }

  blocked = kh_key_browser_block_index_changed (self);
  kh_key_index_add_batch (self->index, refs, n_refs);
  kh_key_browser_unblock_index_changed (self, blocked);
  kh_key_index_get_sorted (self->index, NULL);

  *index_us = g_get_monotonic_time () - start;
  return moved;
}

/* Tells the views about the keys moved since they last looked, by adding the
 * key held back: one change for them, however many keys were moved. Anything
 * that reads or changes the index through the views calls this first. */
void
kh_key_browser_show_pending (KhKeyBrowser *self)
{
  g_autoptr(GBytes) key = g_steal_pointer (&self->held_key);
  gsize len;
  const char *data;

  if (key == NULL)
    return;
  data = g_bytes_get_data (key, &len);
  kh_key_browser_begin_change (self);
  kh_key_index_add (self->index, data != NULL ? data : "", len);
  kh_key_browser_end_change (self);
  self->last_show_us = g_get_monotonic_time ();
  self->last_show_n = kh_key_index_get_n_keys (self->index);
}

/* Stops raising the list's limit; it stays where it is */
void
kh_key_browser_cancel_reveal (KhKeyBrowser *self)
{
  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->reveal_tick);
  self->reveal_tick = 0;
  g_clear_handle_id (&self->reveal_idle, g_source_remove);
}

static void
stop_reveal (KhKeyBrowser *self)
{
  kh_key_browser_cancel_reveal (self);
  kh_key_browser_rows_set_limit (self->flat_rows, G_MAXUINT);
}

static gboolean
on_reveal_idle (gpointer data)
{
  KhKeyBrowser *self = data;
  guint limit = kh_key_browser_rows_get_limit (self->flat_rows);

  self->reveal_idle = 0;
  /* Waits until the rows so far are all there */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->flat_model)) < limit)
    return G_SOURCE_REMOVE;
  if (limit + REVEAL_STEP >= REVEAL_DONE)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->reveal_tick);
      self->reveal_tick = 0;
      kh_key_browser_rows_set_limit (self->flat_rows, G_MAXUINT);
      kh_key_browser_show_placeholder_soon (self);
      return G_SOURCE_REMOVE;
    }
  kh_key_browser_rows_set_limit (self->flat_rows, limit + REVEAL_STEP);
  return G_SOURCE_REMOVE;
}

/* A step per frame, made outside the frame: GtkListView makes the widgets
 * of new rows as it hears of them, 7 ms for 40 rows, and the frame that
 * lays them out and draws them took as long again. Below the default
 * priority, so that it does not run in the same main loop iteration as the
 * scan's replies (which add thousands of keys each) */
static gboolean
on_reveal_tick (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  KhKeyBrowser *self = data;

  if (self->reveal_idle == 0)
    self->reveal_idle = g_idle_add_full (G_PRIORITY_DEFAULT + 10, on_reveal_idle, self, NULL);
  return G_SOURCE_CONTINUE;
}

/* The first rows of a load appear a few dozen per frame */
static void
start_reveal (KhKeyBrowser *self)
{
  stop_reveal (self);
  kh_key_browser_rows_set_limit (self->flat_rows, REVEAL_STEP);
  self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), on_reveal_tick, self, NULL);
}

static void
on_after_last_layout (GdkFrameClock *clock,
                      KhKeyBrowser  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_last_layout, self);
  if (!self->user_moved)
    gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), 0);
}

/* Keys that sort before the first rows shown pushed them down while the list
 * kept them on screen: a load nobody interrupted ends at the start. Once the
 * list has laid out its last change: until then its scroll position is the
 * one before, which setting would not move */
static void
scroll_to_start_after_layout (KhKeyBrowser *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->list_view));

  if (clock == NULL)
    return;
  g_signal_handlers_disconnect_by_func (clock, on_after_last_layout, self);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_last_layout), self, 0);
  gtk_widget_queue_allocate (GTK_WIDGET (self->list_view));
}

static void
finish_loading (KhKeyBrowser *self)
{
  kh_key_browser_show_pending (self);
  stop_reveal (self);
  g_clear_object (&self->scanner);
  g_clear_object (&self->staging);
  self->staging_moved = 0;
  g_array_set_size (self->move_refs, 0);
  kh_key_browser_set_loading (self, FALSE);
  if (!self->user_moved)
    scroll_to_start_after_layout (self);
  kh_key_browser_request_bound_details (self);
  kh_key_browser_update_status (self);
  kh_key_browser_update_actions (self);
  kh_key_browser_update_empty_state (self);
  kh_key_browser_show_placeholder_soon (self);
}

/* One step of a load, each in its own main loop iteration: either move a
 * budget of keys into the index, or (at most every REFRESH_INTERVAL_MS, and
 * at the end) show the views what changed */
static gboolean
on_refresh (gpointer data)
{
  KhKeyBrowser *self = data;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed, index_us = 0;
  gint64 next_show;
  gboolean waiting;
  guint moved = 0;

  self->refresh_source = 0;
  if (self->staging == NULL)
    return G_SOURCE_REMOVE;

  waiting = self->staging_moved < kh_key_index_get_n_ids (self->staging);
  next_show = self->last_show_us + REFRESH_INTERVAL_MS * 1000;
  if (kh_key_index_get_n_keys (self->index) - self->last_show_n >= self->last_show_n / REFRESH_GROWTH)
    next_show = MIN (next_show, self->last_show_us + REFRESH_MIN_MS * 1000);

  if (self->held_key != NULL && ((start >= next_show && !self->placeholder_waiting) ||
                                 (!waiting && !self->scanning)))
    {
      kh_key_browser_show_pending (self);
      kh_key_browser_update_status (self);
      kh_key_browser_update_empty_state (self);
      elapsed = g_get_monotonic_time () - start;
      self->max_show_us = MAX (self->max_show_us, elapsed);
      g_debug ("Showed %u keys in %.1f ms, %.2f s into the load", kh_key_index_get_n_keys (self->index),
               elapsed / 1000.0, (start - self->load_start_us) / 1e6);
    }
  else if (waiting)
    {
      moved = move_keys (self, budget_cap (self), &index_us);
      elapsed = g_get_monotonic_time () - start;
      self->max_move_us = MAX (self->max_move_us, elapsed);
      g_debug ("Moved %u keys into %u in %.1f ms, %.2f s into the load", moved,
               kh_key_index_get_n_keys (self->index), elapsed / 1000.0, (start - self->load_start_us) / 1e6);

      /* Aim the next budget at the target time from this step's cost per
       * key; halfway each time, as one step can be unusually slow or fast */
      if (moved >= MOVE_BUDGET_MIN / 2)
        {
          double us_per_key = MAX ((double) index_us, 1.0) / moved;
          double want = CLAMP (REFRESH_TARGET_US / us_per_key, MOVE_BUDGET_MIN, MOVE_BUDGET_MAX);

          self->move_budget = (guint) ((self->move_budget + want) / 2);
        }
    }
  else
    elapsed = 0;

  waiting = self->staging_moved < kh_key_index_get_n_ids (self->staging);
  if (waiting)
    /* At idle priority: input, redraws and network go first */
    schedule_refresh (self, 0);
  else if (self->held_key != NULL)
    schedule_refresh (self, self->scanning ? (guint) (CLAMP (next_show - g_get_monotonic_time (), 0, REFRESH_INTERVAL_MS * 1000) / 1000)
                                           : 0);
  else if (self->scanning)
    schedule_refresh (self, REFRESH_INTERVAL_MS);
  else
    finish_loading (self);

  return G_SOURCE_REMOVE;
}

static void
on_scan_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KhKeyBrowser) self = user_data;
  g_autoptr(GError) error = NULL;
  KhKeyScanner *scanner = KH_KEY_SCANNER (object);

  if (!kh_key_scanner_scan_finish (scanner, result, &error) && scanner == self->scanner)
    {
      self->scan_message = g_strdup (error->message);
      self->scan_lost_connection = g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED);
    }

  if (scanner != self->scanner)
    return;

  self->scanning = FALSE;
  g_clear_object (&self->scan_cancellable);
  if (self->staging != NULL)
    schedule_refresh (self, 0);
  kh_key_browser_update_status (self);
  kh_key_browser_update_actions (self);
}

static void
on_db_size (KhKeyBrowser *self)
{
  if (self->scanner != NULL)
    self->db_size = kh_key_scanner_get_db_size (self->scanner);
  /* Sized once, the views' index never rehashes all its keys mid-load. */
  if (self->db_size > 0 && self->scan_pattern == NULL)
    kh_key_index_reserve (self->index, self->db_size);
  kh_key_browser_update_status (self);
}

static char *
server_pattern_from_search (KhKeyBrowser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *escaped = NULL;
  gsize len;
  const char *data;

  if (!gtk_toggle_button_get_active (self->server_pattern_button) || *text == '\0')
    return NULL;
  if (strpbrk (text, "*?[") != NULL)
    return g_strdup (text);

  /* A plain text means "contains", as in the local filter */
  bytes = kh_key_browser_unescape (text);
  data = g_bytes_get_data (bytes, &len);
  escaped = kh_key_ops_escape_glob (data, len, NULL);
  return g_strdup_printf ("*%s*", escaped);
}

/* Checking the keys of the index, after keys were found missing */

static void
clear_check (KhKeyBrowser *self)
{
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->check_scanner != NULL)
    g_signal_handlers_disconnect_by_data (self->check_scanner, self);
  g_clear_object (&self->check_scanner);
  g_clear_object (&self->check_found);
  g_clear_pointer (&self->check_seen, g_array_unref);
}

void
kh_key_browser_cancel_check (KhKeyBrowser *self)
{
  clear_check (self);
  g_clear_handle_id (&self->vanished_idle, g_source_remove);
  if (self->vanished != NULL)
    g_ptr_array_set_size (self->vanished, 0);
  self->n_vanished = 0;
}

/* Marks the keys SCAN found, and forgets them: the walk holds a bit per key
 * of the index, not a second index */
static void
drain_found (KhKeyBrowser *self)
{
  guint32 n_ids = kh_key_index_get_n_ids (self->check_found);

  for (guint32 id = 0; id < n_ids; id++)
    {
      gsize len;
      const char *key;
      guint32 seen;

      if (kh_key_index_is_removed (self->check_found, id))
        continue;
      key = kh_key_index_get_key (self->check_found, id, &len);
      seen = kh_key_index_lookup (self->index, key, len);
      if (seen < self->check_first_new_id)
        g_array_index (self->check_seen, guint64, seen / 64) |= G_GUINT64_CONSTANT (1) << (seen % 64);
    }
  kh_key_index_clear (self->check_found);
}

static void
on_check_progress (KhKeyBrowser *self)
{
  if (self->check_found != NULL)
    drain_found (self);
}

static void
on_check_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KhKeyBrowser) self = user_data;
  KhKeyScanner *scanner = KH_KEY_SCANNER (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gone = NULL;

  if (!kh_key_scanner_scan_finish (scanner, result, &error) || scanner != self->check_scanner)
    {
      if (scanner == self->check_scanner)
        {
          g_debug ("Checking the keys failed: %s", error->message);
          clear_check (self);
          kh_key_browser_request_bound_details (self);
        }
      return;
    }

  /* SCAN returns every key that was there all along: a key it did not
   * return was gone at some point. Keys added since the walk began are left
   * alone, and so is an index that was renumbered meanwhile. */
  kh_key_browser_show_pending (self);
  drain_found (self);
  if (kh_key_index_get_generation (self->index) == self->check_generation)
    {
      gone = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (guint32 id = 0; id < self->check_first_new_id; id++)
        if (!kh_key_index_is_removed (self->index, id) &&
            !((g_array_index (self->check_seen, guint64, id / 64) >> (id % 64)) & 1))
          g_ptr_array_add (gone, kh_key_index_dup_key (self->index, id));
      g_debug ("Checked %u keys: %u are gone", kh_key_index_get_n_keys (self->index), gone->len);
    }
  clear_check (self);
  if (gone != NULL)
    kh_key_browser_forget_keys (self, gone);
  kh_key_browser_request_bound_details (self);
}

/* Walks what is loaded (every key, or those of the server pattern) with
 * SCAN: as many commands as a load, a handful for a small keyspace */
static void
start_check (KhKeyBrowser *self)
{
  self->check_first_new_id = kh_key_index_get_n_ids (self->index);
  self->check_generation = kh_key_index_get_generation (self->index);
  self->check_seen = g_array_new (FALSE, TRUE, sizeof (guint64));
  g_array_set_size (self->check_seen, self->check_first_new_id / 64 + 1);
  self->check_found = kh_key_index_new ();
  self->check_scanner = kh_key_scanner_new (self->session, self->check_found);
  self->check_cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->check_scanner, "notify::n-scanned", G_CALLBACK (on_check_progress), self);
  kh_key_metadata_cancel_pending (self->metadata);
  kh_key_scanner_scan_async (self->check_scanner, self->scan_pattern, NULL, self->check_cancellable,
                             on_check_done, g_object_ref (self));
}

/* The keys found missing are forgotten at once. Each cost three commands;
 * once they cost about what a walk of the keys loaded would (a SCAN per
 * KEYS_PER_CHECK_SCAN keys), the walk is cheaper than going on finding
 * them: a small keyspace is walked after a few, a large one after more, and
 * never more is spent finding keys missing than twice what the best choice
 * would have cost */
static gboolean
on_vanished_idle (gpointer data)
{
  KhKeyBrowser *self = data;
  g_autoptr(GPtrArray) keys = g_steal_pointer (&self->vanished);
  guint64 walk_cost;

  self->vanished_idle = 0;
  self->vanished = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->n_vanished += keys->len;

  kh_key_browser_forget_keys (self, keys);

  walk_cost = kh_key_index_get_n_keys (self->index) / KEYS_PER_CHECK_SCAN + 1;
  if (self->n_vanished >= VANISHED_BEFORE_CHECK && 3 * (guint64) self->n_vanished >= walk_cost &&
      self->check_scanner == NULL && !self->loading)
    {
      self->n_vanished = 0;
      start_check (self);
    }
  return G_SOURCE_REMOVE;
}

/* The server said the key does not exist: it is forgotten, with the others
 * found missing in the same batch of replies */
void
kh_key_browser_key_vanished (KhKeyBrowser *self,
                             GBytes       *key)
{
  if (self->vanished == NULL)
    self->vanished = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (self->vanished, g_bytes_ref (key));
  if (self->vanished_idle == 0)
    self->vanished_idle = g_idle_add (on_vanished_idle, self);
}

void
kh_key_browser_cancel_scan (KhKeyBrowser *self)
{
  kh_key_browser_cancel_check (self);
  kh_key_browser_show_pending (self);
  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_object (&self->scanner);
  g_clear_object (&self->staging);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->scanning = FALSE;
}

void
kh_key_browser_start_scan (KhKeyBrowser *self)
{
  g_autofree char *pattern = server_pattern_from_search (self);

  self->started = TRUE;
  kh_key_browser_cancel_scan (self);
  g_clear_pointer (&self->scan_message, g_free);
  g_free (self->scan_pattern);
  self->scan_pattern = g_steal_pointer (&pattern);

  self->load_start_us = g_get_monotonic_time ();
  self->user_moved = FALSE;
  kh_key_browser_begin_change (self);
  kh_key_index_clear (self->index);
  kh_key_browser_end_change (self);
  start_reveal (self);
  self->last_show_us = 0;
  self->last_show_n = 0;
  kh_key_browser_stop_all_details (self);
  kh_key_metadata_clear (self->metadata);
  g_hash_table_remove_all (self->known);
  g_list_store_remove_all (self->sorted_store);
  kh_key_unknown_model_refresh (self->unknown_model);
  kh_key_browser_update_sorted_note (self);

  self->staging = kh_key_index_new ();
  self->staging_moved = 0;
  self->db_size = 0;
  self->move_budget = MOVE_BUDGET_START;
  self->scanner = kh_key_scanner_new (self->session, self->staging);
  g_signal_connect_object (self->scanner, "notify::db-size", G_CALLBACK (on_db_size), self, G_CONNECT_SWAPPED);
  self->scan_cancellable = g_cancellable_new ();
  self->scanning = TRUE;
  kh_key_browser_set_loading (self, TRUE);

  kh_key_scanner_scan_async (self->scanner, self->scan_pattern, NULL, self->scan_cancellable,
                             on_scan_done, g_object_ref (self));
  schedule_refresh (self, FIRST_REFRESH_MS);
  kh_key_browser_update_status (self);
  kh_key_browser_update_actions (self);
  kh_key_browser_update_empty_state (self);
}

void
kh_key_browser_rescan (KhKeyBrowser *self)
{
  g_return_if_fail (KH_IS_KEY_BROWSER (self));

  kh_key_browser_start_scan (self);
}

void
kh_key_browser_stop (KhKeyBrowser *self)
{
  g_return_if_fail (KH_IS_KEY_BROWSER (self));

  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
}

void
kh_key_browser_update_status (KhKeyBrowser *self)
{
  guint n_keys = kh_key_index_get_n_keys (self->index);
  g_autofree char *count = kh_key_browser_format_count (n_keys);
  g_autofree char *text = NULL;
  gboolean warn = FALSE;

  if (self->loading)
    {
      if (self->db_size > 0 && self->scan_pattern == NULL)
        {
          g_autofree char *total = kh_key_browser_format_count (MAX (self->db_size, n_keys));

          /* Translators: "Loading keys… 120,000 of 1,000,000" */
          text = g_strdup_printf (_("Loading keys… %s of %s"), count, total);
          gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) n_keys / self->db_size));
        }
      else
        {
          text = g_strdup_printf (_("Loading keys… %s"), count);
          gtk_progress_bar_pulse (self->progress_bar);
        }
    }
  else if (self->scan_message != NULL)
    {
      text = g_strdup (self->scan_message);
      warn = TRUE;
    }
  else if (self->scan_pattern != NULL)
    text = g_strdup_printf (ngettext ("%s key matches “%s” on the server",
                                      "%s keys match “%s” on the server", n_keys),
                            count, self->scan_pattern);
  else if (self->started)
    text = g_strdup_printf (ngettext ("%s key", "%s keys", n_keys), count);
  else
    text = g_strdup ("");

  if (self->filtered && self->sort == KH_KEY_BROWSER_SORT_NAME)
    {
      guint n_match = g_list_model_get_n_items (G_LIST_MODEL (self->flat_model));
      g_autofree char *matches = kh_key_browser_format_count (n_match);
      g_autofree char *full = NULL;

      /* Translators: the key count, then how many loaded keys the filter shows */
      full = g_strdup_printf (ngettext ("%s · %s match", "%s · %s matches", n_match), text, matches);
      g_free (text);
      text = g_steal_pointer (&full);
    }

  gtk_label_set_text (self->status_label, text);
  if (warn)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->loading);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->scanning);
  gtk_widget_set_visible (GTK_WIDGET (self->rescan_button), self->started && !self->scanning);
}
