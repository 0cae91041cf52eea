/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-browser-details.c: KhKeyBrowser loading the details (type, TTL,
 * size) of the keys in view, sorting by them, and many keys expiring at once,
 * on a real redis-server and valkey-server; the rest of the browser is tested
 * in test-key-browser.c */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "test-key-browser.h"

typedef struct {
  Fixture *f;
  guint    position;
} RowAt;

static gboolean
row_has_details (gpointer data)
{
  RowAt *at = data;
  g_autoptr(KhKeyItem) item = row_item (at->f, at->position);

  return kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED;
}

/* The list laid out with all its rows: just after a load, the height of the
 * list may still be that of the rows shown before */
static gboolean
laid_out (gpointer data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (data, "scroller")));

  return gtk_adjustment_get_page_size (adjustment) > 0 &&
         gtk_adjustment_get_upper (adjustment) >= 20.0 * n_rows (data);
}

static guint
n_rows_with_details (Fixture *f)
{
  guint n = 0;

  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (f, i);

      if (kh_key_item_get_metadata_state (item) != KH_KEY_METADATA_NONE)
        n++;
    }
  return n;
}

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Details are asked for the rows on screen and a little around them, not for
 * all the rows GtkListView binds (about 200 in GTK 4.8): three commands a
 * key on a plan that may bill each one */
static void
test_details_in_view (gconstpointer data)
{
  Fixture f = { 0 };
  GtkAdjustment *adjustment;
  double row_height;
  guint on_screen;
  guint n_with_details;
  guint64 sent;
  RowAt at = { &f, 0 };

  if (!fixture_show_filled (&f, data))
    return;
  wait_for (at_start, &f, 5000, "the list to show its start");
  wait_for (laid_out, &f, 5000, "the list to be laid out");

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (&f, "scroller")));
  row_height = gtk_adjustment_get_upper (adjustment) / n_rows (&f);
  on_screen = (guint) (gtk_adjustment_get_page_size (adjustment) / row_height);
  g_assert_cmpuint (on_screen, >=, 5);

  /* Every row on screen gets its details ... */
  for (at.position = 0; at.position < on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the rows on screen");
  /* ... and few rows more, however long one waits */
  run_for (500);
  n_with_details = n_rows_with_details (&f);
  g_assert_cmpuint (n_with_details, >=, on_screen);
  g_assert_cmpuint (n_with_details, <=, 3 * on_screen + 4);
  sent = kh_session_get_commands_sent (f.session);

  /* Rows scrolled into view ask for theirs */
  /* far down, where a row height off by a pixel or two puts the view off
   * by dozens of rows */
  gtk_adjustment_set_value (adjustment, 2500 * row_height);
  for (at.position = 2500; at.position < 2500 + on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the rows scrolled to");
  run_for (500);
  g_assert_cmpuint (n_rows_with_details (&f), <=, n_with_details + 3 * on_screen + 4);
  /* TYPE, PTTL and MEMORY USAGE for each, in a pipeline or two */
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 3 * (3 * on_screen + 4));

  /* A namespace expanded in the tree: its first children ask, not all the
   * rows bound before the list was laid out again */
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.view-mode", "s", "tree");
  wait_for_rows (&f, 5);   /* bin, cache, counter, session, user */
  run_for (300);
  sent = kh_session_get_commands_sent (f.session);
  {
    g_autoptr(GObject) row = g_list_model_get_item (kh_key_browser_get_model (f.browser), 4);

    gtk_tree_list_row_set_expanded (GTK_TREE_LIST_ROW (row), TRUE);
  }
  wait_for_rows (&f, 5 + N_USERS);
  for (at.position = 5; at.position < on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the namespace's first keys");
  run_for (500);
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 3 * (3 * on_screen + 4));

  fixture_close (&f);
}

#define N_EXPIRING 400
#define N_STAYING  5

typedef struct {
  Fixture *f;
  guint    n_keys;
} KeyCount;

static gboolean
has_n_keys (gpointer data)
{
  KeyCount *count = data;

  return kh_key_index_get_n_keys (kh_key_browser_get_index (count->f->browser)) == count->n_keys;
}

/* The row of a namespace or key, by the name it shows */
static KhKeyItem *
find_row (Fixture    *f,
          const char *name)
{
  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (f, i);

      if (g_str_equal (kh_key_item_get_name (item), name))
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* Keys whose TTL runs out leave the index, the header count and the counts
 * of their namespace: those whose details were on screen when their
 * countdown ends, the others (on screen next, or in a namespace never
 * opened) once a few are found missing, with one walk of the keyspace
 * rather than three commands for each of them */
static void
test_expiry_many (gconstpointer data)
{
  Fixture f = { 0 };
  g_autoptr(KhKeyItem) limits = NULL;
  g_autofree char *status = NULL;
  KeyCount count;
  RowAt at = { &f, 0 };
  GtkAdjustment *adjustment;
  guint on_screen;
  guint64 sent;

  if (kh_test_skip_without_display ())
    return;
  f.server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (f.server == NULL)
    return;
  {
    g_autoptr(KhSession) filler = open_session (f.server, KH_SESSION_FLAGS_NONE);
    gboolean done = FALSE;

    for (guint i = 0; i < N_EXPIRING; i++)
      {
        g_autofree char *key = g_strdup_printf ("rate-limit:10.0.%u.%u", i / 100, i % 100);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", "PX", "6000", NULL), NULL, NULL, NULL);
      }
    /* and in a namespace nobody opens */
    for (guint i = 0; i < N_EXPIRING; i++)
      {
        g_autofree char *key = g_strdup_printf ("limits:10.0.%u.%u", i / 100, i % 100);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", "PX", "6000", NULL), NULL, NULL, NULL);
      }
    for (guint i = 0; i < N_STAYING; i++)
      {
        g_autofree char *key = g_strdup_printf ("rate-limit:keep-%u", i);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", NULL), NULL, NULL, NULL);
      }
    kh_session_send_async (filler, kh_command_new_va ("SET", "counter", "1", NULL), NULL, on_last_reply, &done);
    kh_test_wait_until (&done, 30000);
    kh_session_close (filler);
  }

  fixture_show (&f, KH_SESSION_FLAGS_NONE);
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.view-mode", "s", "tree");
  wait_for_rows (&f, 3);   /* counter, limits, rate-limit */
  limits = find_row (&f, "rate-limit");
  g_assert_nonnull (limits);
  g_assert_cmpuint (kh_key_item_get_n_keys (limits), ==, N_EXPIRING + N_STAYING);
  {
    g_autoptr(GObject) row = g_list_model_get_item (kh_key_browser_get_model (f.browser), 2);

    gtk_tree_list_row_set_expanded (GTK_TREE_LIST_ROW (row), TRUE);
  }
  wait_for_rows (&f, 3 + N_EXPIRING + N_STAYING);
  wait_for (laid_out, &f, 5000, "the list to be laid out");
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (&f, "scroller")));
  on_screen = (guint) (gtk_adjustment_get_page_size (adjustment) / (gtk_adjustment_get_upper (adjustment) / n_rows (&f)));
  for (at.position = 3; at.position < on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the namespace's first keys");
  sent = kh_session_get_commands_sent (f.session);

  /* Past the expiry: only the keys that stay are left, also of the
   * namespace that was never opened, and its row went */
  count.f = &f;
  count.n_keys = N_STAYING + 1;
  wait_for (has_n_keys, &count, 20000, "the expired keys to leave the index");
  wait_for_rows (&f, 2 + N_STAYING);
  g_assert_null (find_row (&f, "limits"));
  g_assert_cmpuint (kh_key_item_get_n_keys (limits), ==, N_STAYING);
  status = g_strdup_printf ("%u keys", N_STAYING + 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (&f, "status_label"))), ==, status);
  for (guint i = 0; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      g_assert_false (g_str_has_prefix (kh_key_item_get_name (item), "10.0."));
    }

  /* Not three commands for each of the 800 keys that went (2,400): the
   * details of a screenful of rows (two batches may be in flight when the
   * first comes back missing), and a walk of the keyspace with SCAN */
  run_for (1500);
  g_test_message ("%" G_GUINT64_FORMAT " commands after the expiry, %u rows on screen",
                  kh_session_get_commands_sent (f.session) - sent, on_screen);
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 2 * 3 * (3 * on_screen + 4) + 20);
  g_assert_cmpuint (kh_key_index_get_n_keys (kh_key_browser_get_index (f.browser)), ==, N_STAYING + 1);

  fixture_close (&f);
}

static guint
row_position (Fixture    *f,
              const char *name)
{
  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (f, i);

      if (g_str_equal (kh_key_item_get_name (item), name))
        return i;
    }
  return G_MAXUINT;
}

typedef struct {
  Fixture    *f;
  const char *name;
  guint       before;
} RowBefore;

static gboolean
row_moved_before (gpointer data)
{
  RowBefore *moved = data;

  return row_position (moved->f, moved->name) < moved->before;
}

static gboolean
last_row_shows_unknown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *name = kh_test_find_label (GTK_WIDGET (child (f, "list_view")), "user:1499");
  GtkWidget *type;

  if (name == NULL || !gtk_widget_get_mapped (name))
    return FALSE;
  type = gtk_widget_get_next_sibling (name);
  return GTK_IS_LABEL (type) && g_str_equal (gtk_label_get_label (GTK_LABEL (type)), "unknown");
}

/* The TTL and size orders hide no key: those with details first, sorted,
 * then the others in name order, marked unknown and not asked about; the
 * note says how to sort them too; a key whose details arrive moves into
 * place */
static void
test_sorted_unknown (gconstpointer data)
{
  Fixture f = { 0 };
  GtkSingleSelection *selection;
  const char *note;
  RowAt at = { &f, 0 };
  RowBefore moved = { &f, "session:1199", 0 };
  guint n_known = 0, first_persistent = G_MAXUINT;
  guint64 sent;

  if (!fixture_show_filled (&f, data))
    return;
  wait_for (at_start, &f, 5000, "the list to show its start");
  wait_for (laid_out, &f, 5000, "the list to be laid out");
  wait_for (row_has_details, &at, 10000, "the details of the first row");
  run_for (500);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (&f, "sort_dropdown")), 1);
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS);
  for (guint i = 0; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      if (kh_key_item_get_metadata_state (item) != KH_KEY_METADATA_LOADED)
        break;
      n_known++;
      if (first_persistent == G_MAXUINT && kh_key_item_get_ttl (item) == KH_KEY_TTL_PERSISTENT)
        first_persistent = i;
      /* Keys without expiry, a tie, in name order */
      if (first_persistent != G_MAXUINT && i > first_persistent)
        {
          g_autoptr(KhKeyItem) before = row_item (&f, i - 1);
          gsize alen, blen;
          const char *a = g_bytes_get_data (kh_key_item_get_key (before), &alen);
          const char *b = g_bytes_get_data (kh_key_item_get_key (item), &blen);

          g_assert_cmpint (kh_key_compare (a, alen, b, blen, ':'), <, 0);
        }
    }
  g_assert_cmpuint (n_known, >, 0);
  g_assert_cmpuint (n_known, <, 100);
  /* The others, all of them, in name order */
  for (guint i = n_known; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      g_assert_cmpint (kh_key_item_get_metadata_state (item), ==, KH_KEY_METADATA_NONE);
    }
  {
    g_autoptr(KhKeyItem) last = row_item (&f, N_KEYS - 1);

    g_assert_cmpstr (kh_key_item_get_name (last), ==, "user:1499");
  }
  note = gtk_label_get_label (GTK_LABEL (child (&f, "note_label")));
  g_assert_nonnull (strstr (note, "keys without details follow in name order"));
  g_assert_nonnull (strstr (note, "Load All…"));

  /* The end of the list is its last key, marked unknown, and nothing is
   * asked about the keys scrolled past */
  sent = kh_session_get_commands_sent (f.session);
  gtk_widget_activate_action (GTK_WIDGET (child (&f, "list_view")), "list.scroll-to-item", "u", N_KEYS - 1);
  wait_for (last_row_shows_unknown, &f, 5000, "the last row, marked unknown");
  run_for (500);
  g_assert_cmpuint (kh_session_get_commands_sent (f.session), ==, sent);

  /* Its details asked for, a key moves into place: a session expires, so
   * before the keys that do not */
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (child (&f, "list_view"))));
  g_assert_cmpuint (row_position (&f, "session:1199"), >=, n_known);
  gtk_single_selection_set_selected (selection, row_position (&f, "session:1199"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.load-details", NULL));
  moved.before = first_persistent != G_MAXUINT ? first_persistent + 1 : n_known + 1;
  wait_for (row_moved_before, &moved, 10000, "the key to move into the TTL order");
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS);
  /* The rows on screen, at the end of the list, stayed (see KhKeyBrowserRows) */
  wait_for_frame (&f);
  assert_rows_show_their_keys (&f, 5);
  wait_for (last_row_shows_unknown, &f, 5000, "the last row, still on screen");

  /* Past the keys "Load All" asks about, the note says to filter first */
  {
    g_autoptr(KhSession) filler = open_session (f.server, KH_SESSION_FLAGS_NONE);
    gboolean done = FALSE;

    for (guint i = 0; i < 8000; i++)
      {
        g_autofree char *key = g_strdup_printf ("event:%u", i);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", NULL), NULL,
                               i == 7999 ? on_last_reply : NULL, &done);
      }
    kh_test_wait_until (&done, 30000);
    kh_session_close (filler);
  }
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rescan", NULL);
  wait_for (loaded, f.browser, 30000, "the rescan");
  wait_for_rows (&f, N_KEYS + 8000);
  note = gtk_label_get_label (GTK_LABEL (child (&f, "note_label")));
  g_assert_nonnull (strstr (note, "filter the list to 10,000 keys or fewer, then choose Load All…"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (&f, "all_details_button"))));

  fixture_close (&f);
}

static gboolean
shows_all_plus_one (gpointer data)
{
  return n_rows (data) == N_KEYS + 1;
}

/* The run ended: every key has its details, the last one too */
static gboolean
all_sorted (gpointer data)
{
  g_autoptr(KhKeyItem) last = row_item (data, N_KEYS);

  return kh_key_item_get_metadata_state (last) == KH_KEY_METADATA_LOADED &&
         !gtk_widget_get_visible (GTK_WIDGET (child (data, "all_details_button")));
}

static gboolean
all_details_offered (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (data, "all_details_button")));
}

/* The size order sorts the keys whose details are known; on request, after a
 * dialog that says what it costs, it gets those of every key shown */
static void
test_all_details (gconstpointer data)
{
  Fixture f = { 0 };
  g_autofree char *big = g_strnfill (20000, 'x');
  GtkWidget *button;
  guint64 sent;

  if (!fixture_show_filled (&f, data))
    return;
  g_free (kh_test_server_cli (f.server, "SET", "big", big, NULL));
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rescan", NULL);
  wait_for (loaded, f.browser, 30000, "the rescan");
  wait_for (shows_all_plus_one, &f, 10000, "the big key");

  /* By size: the keys that were on screen, then the others */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (&f, "sort_dropdown")), 2);
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS + 1);
  wait_for (all_details_offered, &f, 5000, "the offer to load every key's details");
  button = GTK_WIDGET (child (&f, "all_details_button"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Load All…");

  /* With the server stopped, the run waits: the button stops it */
  kh_test_server_pause (f.server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.all-details", NULL));
  respond ("load");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Stop");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (&f, "note_label"))), "Loading details: "));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.all-details", NULL));
  g_assert_null (find_dialog ());
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Load All…");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (&f, "note_label"))), "Sorted by size"));
  kh_test_server_resume (f.server);
  run_for (500);

  sent = kh_session_get_commands_sent (f.session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.all-details", NULL));
  wait_for (dialog_shown, NULL, 5000, "the dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (find_dialog ()), "commands"));
  respond ("load");
  wait_for (all_sorted, &f, 30000, "every key in the size order");
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS + 1);
  {
    g_autoptr(KhKeyItem) first = row_item (&f, 0);

    g_assert_cmpstr (kh_key_item_get_name (first), ==, "big");
  }
  g_assert_false (gtk_widget_get_visible (button));
  /* TYPE, PTTL and MEMORY USAGE of each key, once */
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 3 * (N_KEYS + 1));

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      gtk_init ();
      adw_init ();
    }

  kh_test_add_for_each_server ("/ui/key-browser", "details-in-view", test_details_in_view);
  kh_test_add_for_each_server ("/ui/key-browser", "all-details", test_all_details);
  kh_test_add_for_each_server ("/ui/key-browser", "sorted-unknown", test_sorted_unknown);
  kh_test_add_for_each_server ("/ui/key-browser", "expiry-many", test_expiry_many);

  return g_test_run ();
}
