/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-browser-util.c: a key browser on a filled real server, waiting for
 * it, and reading its rows and dialogs, for test-key-browser and
 * test-key-browser-details */
#include "config.h"

#include <string.h>

#include "test-key-browser.h"

/* Runs the main loop until @condition holds, failing after @timeout_ms */
void
wait_for (Condition  condition,
          gpointer   data,
          guint      timeout_ms,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (kh_session_open_finish (KH_SESSION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

KhSession *
open_session (KhTestServer   *server,
              KhSessionFlags  flags)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  gboolean done = FALSE;

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  session = kh_session_new (config, flags);
  kh_session_open_async (session, NULL, on_opened, &done);
  kh_test_wait_until (&done, 20000);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  return session;
}

void
on_last_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  gboolean *done = user_data;

  g_assert_no_error (error);
  *done = TRUE;
}

/* Fills the server through the session, pipelined: users are hashes,
 * sessions strings that expire in an hour, pages lists */
static void
fill (KhSession *session)
{
  gboolean done = FALSE;
  KhCommand *command;

  for (guint i = 0; i < N_USERS; i++)
    {
      g_autofree char *key = g_strdup_printf ("user:%u", i);
      kh_session_send_async (session, kh_command_new_va ("HSET", key, "name", "Ada", NULL), NULL, NULL, NULL);
    }
  for (guint i = 0; i < N_SESSIONS; i++)
    {
      g_autofree char *key = g_strdup_printf ("session:%u", i);
      kh_session_send_async (session, kh_command_new_va ("SET", key, "token", "EX", "3600", NULL), NULL, NULL, NULL);
    }
  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autofree char *key = g_strdup_printf ("cache:page:%u", i);
      kh_session_send_async (session, kh_command_new_va ("RPUSH", key, "<html>", NULL), NULL, NULL, NULL);
    }
  kh_session_send_async (session, kh_command_new_va ("SET", "counter", "1", NULL), NULL, NULL, NULL);

  command = kh_command_new ("SET");
  kh_command_add_len (command, "bin:\xff\x01", 6);
  kh_command_add (command, "x");
  kh_session_send_async (session, command, NULL, on_last_reply, &done);
  kh_test_wait_until (&done, 30000);
}

gboolean
loaded (gpointer data)
{
  KhKeyBrowser *browser = data;

  return !kh_key_browser_get_loading (browser) &&
         kh_key_index_get_n_keys (kh_key_browser_get_index (browser)) > 0;
}

void
fixture_show (Fixture        *f,
              KhSessionFlags  flags)
{
  f->session = open_session (f->server, flags);
  f->window = GTK_WINDOW (gtk_window_new ());
  f->browser = KH_KEY_BROWSER (kh_key_browser_new (f->session, ':', FALSE));
  gtk_window_set_default_size (f->window, 1100, 700);
  gtk_window_set_child (f->window, GTK_WIDGET (f->browser));
  g_assert_false (kh_key_browser_get_loading (f->browser));
  gtk_window_present (f->window);
  wait_for (loaded, f->browser, 30000, "the keys to load");
}

/* A server filled with N_KEYS keys, loaded in a window; FALSE when the test
 * is skipped */
gboolean
fixture_show_filled (Fixture       *f,
                     gconstpointer  kind)
{
  if (kh_test_skip_without_display ())
    return FALSE;
  f->server = kh_test_server_start (KH_TEST_KIND (kind), 0);
  if (f->server == NULL)
    return FALSE;
  {
    g_autoptr(KhSession) filler = open_session (f->server, KH_SESSION_FLAGS_NONE);
    fill (filler);
    kh_session_close (filler);
  }
  fixture_show (f, KH_SESSION_FLAGS_NONE);
  return TRUE;
}

void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  kh_session_close (f->session);
  g_clear_object (&f->session);
  kh_test_server_stop (f->server);
}

GObject *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->browser), KH_TYPE_KEY_BROWSER, name);

  g_assert_nonnull (object);
  return object;
}

guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (kh_key_browser_get_model (f->browser));
}

KhKeyItem *
row_item (Fixture *f,
          guint    position)
{
  g_autoptr(GObject) object = g_list_model_get_item (kh_key_browser_get_model (f->browser), position);

  if (GTK_IS_TREE_LIST_ROW (object))
    return gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (object));
  return KH_KEY_ITEM (g_object_ref (object));
}

typedef struct {
  Fixture *f;
  guint    n;
} RowCount;

static gboolean
has_n_rows (gpointer data)
{
  RowCount *count = data;

  return n_rows (count->f) == count->n;
}

void
wait_for_rows (Fixture *f,
               guint    n)
{
  RowCount count = { f, n };

  wait_for (has_n_rows, &count, 10000, "the row count");
  g_assert_cmpuint (n_rows (f), ==, n);
}

gboolean
at_start (gpointer data)
{
  Fixture *f = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (f, "scroller")));

  return gtk_adjustment_get_value (adjustment) == 0;
}

static void
on_painted (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Until the list has been laid out and drawn once more */
void
wait_for_frame (Fixture *f)
{
  GtkWidget *list_view = GTK_WIDGET (child (f, "list_view"));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (list_view);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), &painted);

  gtk_widget_queue_draw (list_view);
  wait_for (is_true, &painted, 5000, "a frame");
  g_signal_handler_disconnect (clock, handler);
}

/* The row widgets show consecutive rows of the list, each the key of its
 * position: GTK binds rows again and again as their positions move while
 * keys load or a filter changes, and a row bound again to the key it had
 * keeps what it shows */
void
assert_rows_show_their_keys (Fixture *f,
                             guint    at_least)
{
  GtkWidget *list_view = GTK_WIDGET (child (f, "list_view"));
  guint position = G_MAXUINT, checked = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      const char *shown;
      g_autoptr(KhKeyItem) item = NULL;

      if (box == NULL || !gtk_widget_get_child_visible (row) || !GTK_IS_BOX (box))
        continue;
      shown = gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (box)));
      /* The first row widget may be any row: find it */
      for (guint i = 0; position == G_MAXUINT && i < n_rows (f); i++)
        {
          g_autoptr(KhKeyItem) candidate = row_item (f, i);

          if (g_str_equal (kh_key_item_get_name (candidate), shown))
            position = i;
        }
      g_assert_cmpuint (position, <, n_rows (f));
      item = row_item (f, position++);
      g_assert_cmpstr (shown, ==, kh_key_item_get_name (item));
      checked++;
    }
  g_assert_cmpuint (checked, >=, at_least);
}

AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
no_dialog_shown (gpointer data)
{
  return find_dialog () == NULL;
}

void
respond (const char *response)
{
  AdwMessageDialog *dialog;

  wait_for (dialog_shown, NULL, 5000, "a dialog");
  dialog = find_dialog ();
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  /* As a click on the response's button does */
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (no_dialog_shown, NULL, 5000, "the dialog to close");
}
