/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-value-view.c: KhValueView showing and editing the values of a real
 * redis-server and valkey-server */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-conflict-dialog.h"
#include "kh-hash-view.h"
#include "kh-key-ops.h"
#include "kh-large-text-view.h"
#include "kh-list-view.h"
#include "kh-set-view.h"
#include "kh-stream-view.h"
#include "kh-string-view.h"
#include "kh-test-ui.h"
#include "kh-value-decode.h"
#include "kh-value-string.h"
#include "kh-value-view.h"
#include "kh-zset-view.h"

#define BIG_FIELDS_PER_COMMAND 1000
#define BIG_COMMANDS           1000

typedef struct {
  KhTestServer *server;
  KhSession    *session;
  GtkWindow    *window;
  KhValueView  *view;
  GPtrArray    *renamed;   /* "key-renamed" new names */
  GPtrArray    *deleted;   /* "key-deleted" keys */
} Fixture;

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition   condition,
          gpointer    data,
          guint       timeout_ms,
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

  g_assert_true (kh_session_open_finish (KH_SESSION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static KhSession *
open_session (KhTestServer   *server,
              KhSessionFlags  flags)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  gboolean done = FALSE;

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  config->command_timeout_ms = 30000;
  session = kh_session_new (config, flags);
  kh_session_open_async (session, NULL, on_opened, &done);
  kh_test_wait_until (&done, 20000);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  return session;
}

static void
on_renamed (KhValueView *view,
            GBytes      *old_key,
            GBytes      *new_key,
            Fixture     *f)
{
  g_ptr_array_add (f->renamed, g_strndup (g_bytes_get_data (new_key, NULL), g_bytes_get_size (new_key)));
}

static void
on_deleted (KhValueView *view,
            GBytes      *key,
            Fixture     *f)
{
  g_ptr_array_add (f->deleted, g_strndup (g_bytes_get_data (key, NULL), g_bytes_get_size (key)));
}

static gboolean
fixture_setup (Fixture          *f,
               KhTestServerKind  kind,
               KhSessionFlags    flags)
{
  if (kh_test_skip_without_display ())
    return FALSE;
  f->server = kh_test_server_start (kind, 0);
  if (f->server == NULL)
    return FALSE;
  f->session = open_session (f->server, flags);
  f->window = GTK_WINDOW (adw_window_new ());
  f->view = KH_VALUE_VIEW (kh_value_view_new (f->session));
  f->renamed = g_ptr_array_new_with_free_func (g_free);
  f->deleted = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->view, "key-renamed", G_CALLBACK (on_renamed), f);
  g_signal_connect (f->view, "key-deleted", G_CALLBACK (on_deleted), f);
  gtk_window_set_default_size (f->window, 900, 700);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  g_assert_cmpint (kh_value_view_get_state (f->view), ==, KH_VALUE_VIEW_EMPTY);
  return TRUE;
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (f->window);
  kh_session_close (f->session);
  g_clear_object (&f->session);
  g_clear_pointer (&f->renamed, g_ptr_array_unref);
  g_clear_pointer (&f->deleted, g_ptr_array_unref);
  kh_test_server_stop (f->server);
}

static char *
cli (Fixture    *f,
     const char *first,
     ...) G_GNUC_NULL_TERMINATED;

static char *
cli (Fixture    *f,
     const char *first,
     ...)
{
  const char *args[16] = { first };
  guint n = 1;
  va_list ap;

  va_start (ap, first);
  while (n < G_N_ELEMENTS (args) - 1 && (args[n] = va_arg (ap, const char *)) != NULL)
    n++;
  va_end (ap);
  args[n] = NULL;
  return kh_test_server_cli (f->server, args[0], args[1], args[2], args[3], args[4], args[5], args[6],
                             args[7], args[8], args[9], args[10], args[11], args[12], args[13], args[14], NULL);
}

static gboolean
view_settled (gpointer data)
{
  KhValueView *view = data;
  KhValueViewState state = kh_value_view_get_state (view);

  return state != KH_VALUE_VIEW_LOADING && !kh_value_view_get_loading (view);
}

static KhValuePane *
show_key (Fixture    *f,
          const char *name)
{
  g_autoptr(GBytes) key = g_bytes_new (name, strlen (name));

  kh_value_view_set_key (f->view, key);
  g_assert_true (g_bytes_equal (kh_value_view_get_key (f->view), key));
  wait_for (view_settled, f->view, 20000, "the value to load");
  g_assert_cmpint (kh_value_view_get_state (f->view), ==, KH_VALUE_VIEW_VALUE);
  g_assert_nonnull (kh_value_view_get_pane (f->view));
  return kh_value_view_get_pane (f->view);
}

static gboolean
pane_idle (gpointer data)
{
  KhValuePane *pane = data;

  return !kh_value_pane_get_busy (pane) && !kh_value_pane_get_loading (pane);
}

/* As typing does (gtk_text_buffer_set_text() is not an edit: it leaves the
 * buffer unmodified) */
static void
set_buffer (GtkTextBuffer *buffer,
            const char    *text)
{
  GtkTextIter start, end;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  g_assert_true (gtk_text_buffer_get_modified (buffer));
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
save (Fixture     *f,
      KhValuePane *pane)
{
  g_assert_true (kh_value_pane_can_save (pane));
  /* As Ctrl+S does */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "value.save", NULL));
  wait_for (pane_idle, pane, 10000, "the save");
}

static guint
find_row (GListModel *rows,
          const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(KhValueRow) row = g_list_model_get_item (rows, i);
      GBytes *bytes = kh_value_row_get_name (row);

      if (bytes != NULL && g_bytes_get_size (bytes) == strlen (name) &&
          memcmp (g_bytes_get_data (bytes, NULL), name, strlen (name)) == 0)
        return i;
    }
  g_error ("no row named %s", name);
  return G_MAXUINT;
}

static KhConflictDialog *
find_conflict_dialog (void)
{
  return KH_CONFLICT_DIALOG (kh_test_find_shown_toplevel (KH_TYPE_CONFLICT_DIALOG));
}

static gboolean
conflict_shown (gpointer data)
{
  return find_conflict_dialog () != NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return kh_test_find_message_dialog () != NULL;
}

static void
respond (const char *response)
{
  AdwMessageDialog *dialog;

  wait_for (message_dialog_shown, NULL, 5000, "a dialog");
  dialog = kh_test_find_message_dialog ();
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GObject *
view_child (Fixture    *f,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->view), KH_TYPE_VALUE_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

/* Hashes */

static void
test_hash_edit (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;
  GListModel *rows;
  g_autofree char *stored = NULL;
  g_autofree char *untouched = NULL;
  g_autofree char *added = NULL;
  guint position;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_free (cli (&f, "HSET", "user:1", "name", "Ada", "email", "ada@example.com", "born", "1815", NULL));

  pane = show_key (&f, "user:1");
  g_assert_true (KH_IS_HASH_VIEW (pane));
  g_assert_cmpint (kh_value_view_get_header (f.view)->length, ==, 3);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "length_label"))), ==, "3 fields");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "type_label"))), ==, "hash");
  rows = G_LIST_MODEL (kh_value_pane_get_rows (pane));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);

  /* Nothing selected, nothing to save */
  g_assert_false (kh_value_pane_can_save (pane));

  /* Select the field, type, save */
  position = find_row (rows, "email");
  kh_value_pane_select_row (pane, position);
  {
    g_autofree char *shown = buffer_text (kh_value_pane_get_value_buffer (pane));

    g_assert_cmpstr (shown, ==, "ada@example.com");
  }
  /* Revert drops a change */
  set_buffer (kh_value_pane_get_value_buffer (pane), "typo");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.revert", NULL));
  {
    g_autofree char *shown = buffer_text (kh_value_pane_get_value_buffer (pane));

    g_assert_cmpstr (shown, ==, "ada@example.com");
  }
  g_assert_false (kh_value_pane_can_save (pane));
  set_buffer (kh_value_pane_get_value_buffer (pane), "ada@lovelace.example");
  save (&f, pane);

  stored = cli (&f, "HGET", "user:1", "email", NULL);
  g_assert_cmpstr (stored, ==, "ada@lovelace.example");
  untouched = cli (&f, "HGET", "user:1", "name", NULL);
  g_assert_cmpstr (untouched, ==, "Ada");
  g_assert_null (kh_value_view_get_message (f.view));
  {
    g_autoptr(KhValueRow) row = g_list_model_get_item (rows, position);

    g_assert_cmpmem (g_bytes_get_data (kh_value_row_get_value (row), NULL),
                     g_bytes_get_size (kh_value_row_get_value (row)), "ada@lovelace.example", 20);
  }
  g_assert_false (kh_value_pane_can_save (pane));

  /* Someone changes the field: the save is refused, then overwritten on request */
  g_free (cli (&f, "HSET", "user:1", "born", "1816", NULL));
  kh_value_pane_select_row (pane, find_row (rows, "born"));
  set_buffer (kh_value_pane_get_value_buffer (pane), "10 December 1815");
  save (&f, pane);
  wait_for (conflict_shown, NULL, 5000, "the conflict dialog");
  {
    KhConflictDialog *dialog = find_conflict_dialog ();
    g_autofree char *mine = kh_conflict_dialog_dup_mine_text (dialog);
    g_autofree char *theirs = kh_conflict_dialog_dup_theirs_text (dialog);
    g_autofree char *before = cli (&f, "HGET", "user:1", "born", NULL);

    g_assert_cmpstr (mine, ==, "10 December 1815");
    g_assert_cmpstr (theirs, ==, "1816");
    g_assert_cmpstr (before, ==, "1816");
    kh_conflict_dialog_response (dialog, KH_CONFLICT_RESPONSE_OVERWRITE);
  }
  wait_for (pane_idle, pane, 10000, "the overwrite");
  {
    g_autofree char *after = cli (&f, "HGET", "user:1", "born", NULL);

    g_assert_cmpstr (after, ==, "10 December 1815");
  }

  /* Adding a field that exists is refused unless confirmed */
  gtk_widget_activate_action (GTK_WIDGET (pane), "hash.add", NULL);
  {
    AdwMessageDialog *dialog;
    GtkWidget *list;
    GtkWidget *field_row, *value_row;

    wait_for (message_dialog_shown, NULL, 5000, "the add dialog");
    dialog = kh_test_find_message_dialog ();
    list = adw_message_dialog_get_extra_child (dialog);
    field_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
    value_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
    gtk_editable_set_text (GTK_EDITABLE (field_row), "name");
    gtk_editable_set_text (GTK_EDITABLE (value_row), "Augusta");
    adw_message_dialog_response (dialog, "ok");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  /* The confirmation: cancel keeps the field as it was */
  respond ("cancel");
  wait_for (pane_idle, pane, 10000, "the add");
  added = cli (&f, "HGET", "user:1", "name", NULL);
  g_assert_cmpstr (added, ==, "Ada");

  /* Deleting asks first */
  kh_value_pane_select_row (pane, find_row (rows, "name"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "hash.delete", NULL));
  respond ("confirm");
  wait_for (pane_idle, pane, 10000, "the delete");
  {
    g_autofree char *exists = cli (&f, "HEXISTS", "user:1", "name", NULL);

    g_assert_cmpstr (exists, ==, "0");
  }
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);

  fixture_teardown (&f);
}

static void
on_filled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);

  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

static gboolean
all_sent (gpointer data)
{
  return *(guint *) data == BIG_COMMANDS;
}

static gboolean
first_page_shown (gpointer data)
{
  Fixture *f = data;
  KhValuePane *pane = kh_value_view_get_pane (f->view);

  return pane != NULL && KH_IS_HASH_VIEW (pane) &&
         g_list_model_get_n_items (G_LIST_MODEL (kh_value_pane_get_rows (pane))) > 0;
}

static void
test_hash_million (gconstpointer data)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) key = g_bytes_new_static ("big", 3);
  KhValuePane *pane;
  GListModel *rows;
  guint n_done = 0, first_page;
  gint64 start, elapsed;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;

  /* 1,000,000 fields: 1000 pipelined HSETs of 1000 fields each */
  for (guint c = 0; c < BIG_COMMANDS; c++)
    {
      KhCommand *command = kh_command_new ("HSET");

      kh_command_add (command, "big");
      for (guint i = 0; i < BIG_FIELDS_PER_COMMAND; i++)
        {
          kh_command_add_printf (command, "field:%u", c * BIG_FIELDS_PER_COMMAND + i);
          kh_command_add_printf (command, "value %u", i);
        }
      kh_session_send_async (f.session, command, NULL, on_filled, &n_done);
    }
  wait_for (all_sent, &n_done, 120000, "the big hash");
  {
    g_autofree char *length = cli (&f, "HLEN", "big", NULL);

    g_assert_cmpstr (length, ==, "1000000");
  }

  start = g_get_monotonic_time ();
  kh_value_view_set_key (f.view, key);
  wait_for (first_page_shown, &f, 10000, "the first page");
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("first page of a 1,000,000-field hash in %.1f ms", elapsed / 1000.0);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);

  pane = kh_value_view_get_pane (f.view);
  wait_for (pane_idle, pane, 10000, "the first page to settle");
  rows = G_LIST_MODEL (kh_value_pane_get_rows (pane));
  first_page = g_list_model_get_n_items (rows);
  /* A page, never the whole hash */
  g_assert_cmpuint (first_page, <, 5 * KH_VALUE_PAGE_SIZE);
  g_assert_cmpint (kh_value_view_get_header (f.view)->length, ==, 1000000);
  g_assert_true (kh_value_pane_get_more_available (pane));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (pane),
                                                                                             KH_TYPE_HASH_VIEW,
                                                                                             "count_label"))),
                            "of 1,000,000 fields"));

  /* The next page on request */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.load-more", NULL));
  wait_for (pane_idle, pane, 10000, "the next page");
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, first_page);

  fixture_teardown (&f);
}

/* Strings */

static void
test_json_string (gconstpointer data)
{
  Fixture f = { 0 };
  static const char original[] = "{\"name\":\"keyhole\",\"tags\":[\"redis\",\"valkey\"],\"stars\":42}";
  static const char invalid[] = "{\n  \"name\": \"lock\"\n  \"tags\": []\n}";
  static const char edited[] = "{\n  \"name\": \"lock\",\n  \"tags\": [\"a\"]\n}";
  static const char pretty_edit[] = "{ \"name\" : \"lock\",   \"stars\": 43 }";
  KhValuePane *pane;
  GtkTextBuffer *buffer;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *after_invalid = NULL;
  g_autofree char *after_valid = NULL;
  g_autofree char *after_kept = NULL;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_free (cli (&f, "SET", "config:app", original, NULL));

  pane = show_key (&f, "config:app");
  g_assert_true (KH_IS_STRING_VIEW (pane));
  g_assert_cmpint (kh_string_view_get_mode (KH_STRING_VIEW (pane)), ==, KH_STRING_VIEW_JSON);
  buffer = GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane)));

  /* Shown pretty-printed, highlighted as JSON */
  shown = buffer_text (buffer);
  expected = kh_value_decode_json_pretty ((const guint8 *) original, strlen (original), NULL, NULL, NULL);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_nonnull (strstr (shown, "\n  \"name\": \"keyhole\",\n"));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer))), ==, "json");
  /* Stored compact, so saved compact */
  g_assert_true (kh_string_view_get_compact_json (KH_STRING_VIEW (pane)));
  g_assert_false (kh_value_pane_can_save (pane));

  /* Invalid JSON is refused with where the problem is */
  set_buffer (buffer, invalid);
  save (&f, pane);
  g_assert_nonnull (kh_value_view_get_message (f.view));
  g_assert_nonnull (strstr (kh_value_view_get_message (f.view), "Line 3, column 3"));
  after_invalid = cli (&f, "GET", "config:app", NULL);
  g_assert_cmpstr (after_invalid, ==, original);
  {
    /* The user's text stays, the cursor on the problem */
    g_autofree char *kept = buffer_text (buffer);
    GtkTextIter cursor;

    g_assert_cmpstr (kept, ==, invalid);
    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 2);
    g_assert_cmpint (gtk_text_iter_get_line_offset (&cursor), ==, 2);
  }

  /* A valid edit is saved */
  set_buffer (buffer, edited);
  save (&f, pane);
  after_valid = cli (&f, "GET", "config:app", NULL);
  g_assert_cmpstr (after_valid, ==, "{\"name\":\"lock\",\"tags\":[\"a\"]}");

  /* Without compacting, byte for byte as the user wrote it */
  kh_string_view_set_compact_json (KH_STRING_VIEW (pane), FALSE);
  set_buffer (buffer, pretty_edit);
  save (&f, pane);
  after_kept = cli (&f, "GET", "config:app", NULL);
  g_assert_cmpstr (after_kept, ==, pretty_edit);

  fixture_teardown (&f);
}

static void
test_string_conflict (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;
  GtkTextBuffer *buffer;
  KhConflictDialog *dialog;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *between = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *kept = NULL;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_free (cli (&f, "SET", "greeting", "hello", "EX", "3600", NULL));

  pane = show_key (&f, "greeting");
  g_assert_cmpint (kh_string_view_get_mode (KH_STRING_VIEW (pane)), ==, KH_STRING_VIEW_TEXT);
  buffer = GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane)));
  set_buffer (buffer, "hello from me");

  /* Someone else writes first */
  g_free (cli (&f, "SET", "greeting", "hello from them", "KEEPTTL", NULL));
  save (&f, pane);
  wait_for (conflict_shown, NULL, 5000, "the conflict dialog");
  dialog = find_conflict_dialog ();
  mine = kh_conflict_dialog_dup_mine_text (dialog);
  theirs = kh_conflict_dialog_dup_theirs_text (dialog);
  g_assert_cmpstr (mine, ==, "hello from me");
  g_assert_cmpstr (theirs, ==, "hello from them");
  g_assert_true (kh_conflict_dialog_get_response_enabled (dialog, KH_CONFLICT_RESPONSE_OVERWRITE));
  between = cli (&f, "GET", "greeting", NULL);
  g_assert_cmpstr (between, ==, "hello from them");

  /* Cancel: nothing written, the user's text stays */
  kh_conflict_dialog_response (dialog, KH_CONFLICT_RESPONSE_CANCEL);
  kept = buffer_text (buffer);
  g_assert_cmpstr (kept, ==, "hello from me");

  /* Again, and overwrite */
  save (&f, pane);
  wait_for (conflict_shown, NULL, 5000, "the conflict dialog again");
  kh_conflict_dialog_response (find_conflict_dialog (), KH_CONFLICT_RESPONSE_OVERWRITE);
  wait_for (pane_idle, pane, 10000, "the overwrite");
  after = cli (&f, "GET", "greeting", NULL);
  g_assert_cmpstr (after, ==, "hello from me");
  {
    /* SET through the edit keeps the TTL */
    g_autofree char *ttl = cli (&f, "TTL", "greeting", NULL);

    g_assert_cmpint (g_ascii_strtoll (ttl, NULL, 10), >, 3000);
  }

  /* Keep theirs: the editor shows the server's value */
  g_free (cli (&f, "SET", "greeting", "third version", NULL));
  set_buffer (buffer, "fourth version");
  save (&f, pane);
  wait_for (conflict_shown, NULL, 5000, "the third conflict");
  kh_conflict_dialog_response (find_conflict_dialog (), KH_CONFLICT_RESPONSE_THEIRS);
  wait_for (view_settled, f.view, 10000, "the reload");
  pane = kh_value_view_get_pane (f.view);
  wait_for (pane_idle, pane, 10000, "the reloaded value");
  shown = buffer_text (GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane))));
  g_assert_cmpstr (shown, ==, "third version");

  fixture_teardown (&f);
}

static gsize
large_text_size (KhValuePane *pane)
{
  GObject *large = gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW, "large_view");

  return g_bytes_get_size (kh_large_text_view_get_text (KH_LARGE_TEXT_VIEW (large)));
}

static void
test_string_kinds (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;
  g_autofree char *counter = NULL;
  g_autofree char *big = NULL;
  g_autofree char *shown = NULL;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_free (cli (&f, "SET", "hits", "41", NULL));
  g_free (cli (&f, "SET", "blob", "\x01\x02\x03\xff\xfe binary", NULL));

  /* Numbers get increments (INCRBY) */
  pane = show_key (&f, "hits");
  g_assert_cmpint (kh_string_view_get_mode (KH_STRING_VIEW (pane)), ==, KH_STRING_VIEW_NUMBER);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "string.increment", NULL));
  wait_for (pane_idle, pane, 10000, "the increment");
  counter = cli (&f, "GET", "hits", NULL);
  g_assert_cmpstr (counter, ==, "42");
  shown = buffer_text (GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane))));
  g_assert_cmpstr (shown, ==, "42");

  /* Binary shows as a read-only hex dump */
  pane = show_key (&f, "blob");
  g_assert_cmpint (kh_string_view_get_mode (KH_STRING_VIEW (pane)), ==, KH_STRING_VIEW_HEX);
  {
    g_autofree char *dump = buffer_text (GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane))));

    g_assert_true (g_str_has_prefix (dump, "00000000  01 02 03 ff fe 20 62 69"));
  }
  g_assert_false (kh_value_pane_can_save (pane));

  /* Past the threshold: the first megabyte, read-only, and Load All */
  big = g_strnfill (KH_VALUE_STRING_THRESHOLD + 1000, 'x');
  {
    KhCommand *command = kh_command_new_va ("SET", "large", big, NULL);
    guint n = 0;

    kh_session_send_async (f.session, command, NULL, on_filled, &n);
    while (n == 0)
      g_main_context_iteration (NULL, TRUE);
  }
  pane = show_key (&f, "large");
  g_assert_true (kh_string_view_get_truncated (KH_STRING_VIEW (pane)));
  /* Shown read-only by the view for large text, as it is */
  g_assert_cmpuint (large_text_size (pane), ==, KH_VALUE_STRING_THRESHOLD);
  g_assert_false (kh_value_pane_can_save (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "string.load-all", NULL));
  wait_for (pane_idle, pane, 20000, "the whole value");
  g_assert_false (kh_string_view_get_truncated (KH_STRING_VIEW (pane)));
  g_assert_cmpuint (large_text_size (pane), ==, KH_VALUE_STRING_THRESHOLD + 1000);
  /* Too long a line to edit in place */
  g_assert_false (kh_value_pane_can_save (pane));

  fixture_teardown (&f);
}

/* Other types */

static void
test_collections (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;
  g_autofree char *element = NULL;
  g_autofree char *score = NULL;
  g_autofree char *type = NULL;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_free (cli (&f, "RPUSH", "queue", "a", "b", "c", NULL));
  g_free (cli (&f, "SADD", "tags", "red", "green", NULL));
  g_free (cli (&f, "ZADD", "board", "10", "ada", "20", "grace", "30", "alan", NULL));
  g_free (cli (&f, "XADD", "events", "1-1", "kind", "login", NULL));
  g_free (cli (&f, "XADD", "events", "1-2", "kind", "logout", NULL));
  g_free (cli (&f, "XGROUP", "CREATE", "events", "workers", "0", NULL));

  /* List: indexes, and LSET through the editor */
  pane = show_key (&f, "queue");
  g_assert_true (KH_IS_LIST_VIEW (pane));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kh_value_pane_get_rows (pane))), ==, 3);
  kh_value_pane_select_row (pane, 1);
  set_buffer (kh_value_pane_get_value_buffer (pane), "B");
  save (&f, pane);
  element = cli (&f, "LINDEX", "queue", "1", NULL);
  g_assert_cmpstr (element, ==, "B");

  /* Set */
  pane = show_key (&f, "tags");
  g_assert_true (KH_IS_SET_VIEW (pane));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kh_value_pane_get_rows (pane))), ==, 2);
  kh_value_pane_select_row (pane, find_row (G_LIST_MODEL (kh_value_pane_get_rows (pane)), "red"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "set.remove", NULL));
  respond ("confirm");
  wait_for (pane_idle, pane, 10000, "the removal");
  {
    g_autofree char *is_member = cli (&f, "SISMEMBER", "tags", "red", NULL);

    g_assert_cmpstr (is_member, ==, "0");
  }

  /* Sorted set: by rank, then by score, and a score edit */
  pane = show_key (&f, "board");
  g_assert_true (KH_IS_ZSET_VIEW (pane));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kh_value_pane_get_rows (pane))), ==, 3);
  kh_zset_view_set_score_range (KH_ZSET_VIEW (pane), "15", "+inf");
  kh_zset_view_set_by_score (KH_ZSET_VIEW (pane), TRUE);
  wait_for (pane_idle, pane, 10000, "the score range");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kh_value_pane_get_rows (pane))), ==, 2);
  kh_value_pane_select_row (pane, find_row (G_LIST_MODEL (kh_value_pane_get_rows (pane)), "grace"));
  gtk_editable_set_text (kh_zset_view_get_score_entry (KH_ZSET_VIEW (pane)), "25.5");
  save (&f, pane);
  score = cli (&f, "ZSCORE", "board", "grace", NULL);
  g_assert_cmpstr (score, ==, "25.5");

  /* Stream: newest first, with its group */
  pane = show_key (&f, "events");
  g_assert_true (KH_IS_STREAM_VIEW (pane));
  {
    GListModel *rows = G_LIST_MODEL (kh_value_pane_get_rows (pane));
    g_autoptr(KhValueRow) newest = g_list_model_get_item (rows, 0);

    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
    g_assert_cmpstr (kh_value_row_get_id (newest), ==, "1-2");
  }
  wait_for (pane_idle, pane, 10000, "the groups");
  g_assert_cmpuint (kh_stream_view_get_n_groups (KH_STREAM_VIEW (pane)), ==, 1);

  /* A key that is gone */
  {
    g_autoptr(GBytes) missing = g_bytes_new_static ("nothing:here", 12);

    kh_value_view_set_key (f.view, missing);
    wait_for (view_settled, f.view, 10000, "the missing key");
    g_assert_cmpint (kh_value_view_get_state (f.view), ==, KH_VALUE_VIEW_GONE);
    g_assert_null (kh_value_view_get_pane (f.view));
  }

  /* Switching keys quickly: the last one wins */
  {
    g_autoptr(GBytes) first = g_bytes_new_static ("queue", 5);
    g_autoptr(GBytes) second = g_bytes_new_static ("board", 5);

    kh_value_view_set_key (f.view, first);
    kh_value_view_set_key (f.view, second);
    wait_for (view_settled, f.view, 10000, "the second key");
    g_assert_true (KH_IS_ZSET_VIEW (kh_value_view_get_pane (f.view)));
    g_assert_cmpint (kh_value_view_get_header (f.view)->type, ==, KH_VALUE_TYPE_ZSET);
  }

  type = cli (&f, "TYPE", "board", NULL);
  g_assert_cmpstr (type, ==, "zset");
  kh_value_view_set_key (f.view, NULL);
  g_assert_cmpint (kh_value_view_get_state (f.view), ==, KH_VALUE_VIEW_EMPTY);

  fixture_teardown (&f);
}

/* Header: rename, TTL, delete */

static gboolean
renamed_once (gpointer data)
{
  Fixture *f = data;

  return f->renamed->len > 0 && view_settled (f->view);
}

static gboolean
renamed_twice (gpointer data)
{
  Fixture *f = data;

  return f->renamed->len > 1 && view_settled (f->view);
}

static gboolean
deleted_once (gpointer data)
{
  Fixture *f = data;

  return f->deleted->len > 0;
}

typedef struct {
  Fixture    *f;
  const char *key;
  const char *expected;
} CliWait;

static gboolean
ttl_is (gpointer data)
{
  CliWait *wait = data;
  g_autofree char *ttl = cli (wait->f, "TTL", wait->key, NULL);

  if (g_str_equal (wait->expected, "set"))
    return g_ascii_strtoll (ttl, NULL, 10) > 0;
  return g_str_equal (ttl, wait->expected);
}

static gboolean
ttl_counting_down (gpointer data)
{
  Fixture *f = data;

  return g_str_has_prefix (gtk_label_get_label (GTK_LABEL (view_child (f, "ttl_label"))), "Expires in ");
}

static void
test_header (gconstpointer data)
{
  Fixture f = { 0 };
  GtkEditable *name;
  g_autofree char *moved = NULL;
  g_autofree char *replaced = NULL;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_free (cli (&f, "SET", "old:name", "value", NULL));
  g_free (cli (&f, "SET", "taken", "other", NULL));
  show_key (&f, "old:name");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "ttl_label"))), ==, "No expiry");

  /* Rename: F2 opens the name for editing */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "name_label"))), ==, "old:name");
  name = GTK_EDITABLE (view_child (&f, "rename_entry"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.rename", NULL));
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "old:name");
  gtk_editable_set_text (name, "new:name");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.rename-apply", NULL));
  wait_for (renamed_once, &f, 10000, "the rename");
  g_assert_cmpstr (g_ptr_array_index (f.renamed, 0), ==, "new:name");
  moved = cli (&f, "GET", "new:name", NULL);
  g_assert_cmpstr (moved, ==, "value");
  g_assert_cmpmem (g_bytes_get_data (kh_value_view_get_key (f.view), NULL),
                   g_bytes_get_size (kh_value_view_get_key (f.view)), "new:name", 8);

  /* Onto an existing key: asks first */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "name_label"))), ==, "new:name");
  gtk_editable_set_text (name, "taken");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.rename-apply", NULL));
  respond ("replace");
  wait_for (renamed_twice, &f, 10000, "the second rename");
  replaced = cli (&f, "GET", "taken", NULL);
  g_assert_cmpstr (replaced, ==, "value");

  /* TTL: set, shown counting down, then removed */
  wait_for (view_settled, f.view, 10000, "the renamed key");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (view_child (&f, "ttl_spin")), 600);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.set-ttl", NULL));
  {
    CliWait wait = { &f, "taken", "set" };

    wait_for (ttl_is, &wait, 10000, "the TTL");
  }
  wait_for (ttl_counting_down, &f, 10000, "the countdown");
  {
    const char *shown = gtk_label_get_label (GTK_LABEL (view_child (&f, "ttl_label")));

    /* 600 s: "Expires in 10 min 00 s", or a second less */
    g_assert_true (g_str_has_prefix (shown, "Expires in 10 min") || g_str_has_prefix (shown, "Expires in 9 min"));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.clear-ttl", NULL));
  {
    CliWait wait = { &f, "taken", "-1" };

    wait_for (ttl_is, &wait, 10000, "the TTL to go");
  }

  /* Delete asks first, then says so */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.delete", NULL));
  respond ("delete");
  wait_for (deleted_once, &f, 10000, "the delete");
  g_assert_cmpstr (g_ptr_array_index (f.deleted, 0), ==, "taken");
  {
    g_autofree char *exists = cli (&f, "EXISTS", "taken", NULL);

    g_assert_cmpstr (exists, ==, "0");
  }
  /* It says so, and offers Create Again (tests/test-value-gone.c) */
  g_assert_cmpint (kh_value_view_get_state (f.view), ==, KH_VALUE_VIEW_GONE);

  fixture_teardown (&f);
}

/* Read-only sessions */

static void
test_read_only (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;
  GtkWidget *save_button;
  GtkWidget *add_button;
  g_autofree char *value = NULL;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_READ_ONLY))
    return;
  g_free (cli (&f, "SET", "motd", "hello", NULL));
  g_free (cli (&f, "HSET", "h", "f", "v", NULL));

  pane = show_key (&f, "motd");
  save_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW, "save_button"));
  g_assert_false (gtk_widget_get_sensitive (save_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (save_button), ==, "This connection is read-only");
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (pane),
                                                                                            KH_TYPE_STRING_VIEW,
                                                                                            "source_view"))));
  /* Even with a changed buffer, the save action does nothing */
  set_buffer (GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane))), "changed");
  g_assert_false (kh_value_pane_can_save (pane));
  gtk_widget_activate_action (GTK_WIDGET (f.view), "value.save", NULL);
  wait_for (pane_idle, pane, 5000, "nothing");
  value = cli (&f, "GET", "motd", NULL);
  g_assert_cmpstr (value, ==, "hello");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (view_child (&f, "ttl_button"))));

  pane = show_key (&f, "h");
  add_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_HASH_VIEW, "add_button"));
  g_assert_false (gtk_widget_get_sensitive (add_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (add_button), ==, "This connection is read-only");
  kh_value_pane_select_row (pane, 0);
  /* A selected row cannot be deleted either */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_HASH_VIEW,
                                                                                     "delete_button"))));
  set_buffer (kh_value_pane_get_value_buffer (pane), "w");
  g_assert_false (kh_value_pane_can_save (pane));

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  kh_test_add_for_each_server ("/ui/value-view", "hash-edit", test_hash_edit);
  kh_test_add_for_each_server ("/ui/value-view", "hash-million", test_hash_million);
  kh_test_add_for_each_server ("/ui/value-view", "json-string", test_json_string);
  kh_test_add_for_each_server ("/ui/value-view", "string-conflict", test_string_conflict);
  kh_test_add_for_each_server ("/ui/value-view", "string-kinds", test_string_kinds);
  kh_test_add_for_each_server ("/ui/value-view", "collections", test_collections);
  kh_test_add_for_each_server ("/ui/value-view", "header", test_header);
  kh_test_add_for_each_server ("/ui/value-view", "read-only", test_read_only);

  return g_test_run ();
}
