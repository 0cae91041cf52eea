/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-new-key-dialog.c: KhNewKeyDialog creating keys of every type on a
 * real redis-server and valkey-server */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-new-key-dialog.h"
#include "kh-test-ui.h"

typedef struct {
  KhNewKeyDialog *dialog;
  char           *created;    /* the key "created" gave */
  gboolean        destroyed;
} Watch;

static void
on_created (KhNewKeyDialog *dialog,
            GBytes         *key,
            Watch          *watch)
{
  g_assert_null (watch->created);
  watch->created = g_strndup (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
}

static void
on_destroy (GtkWidget *widget,
            Watch     *watch)
{
  watch->destroyed = TRUE;
}

static gboolean
answered (gpointer data)
{
  Watch *watch = data;

  return watch->destroyed || !kh_new_key_dialog_get_busy (watch->dialog);
}

static void
wait_answered (Watch *watch)
{
  kh_test_wait_for (answered, watch, 10000);
}

static void
watch_dialog (Watch          *watch,
              KhNewKeyDialog *dialog)
{
  memset (watch, 0, sizeof *watch);
  watch->dialog = dialog;
  g_signal_connect (dialog, "created", G_CALLBACK (on_created), watch);
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_destroy), watch);
}

static void
test_create_each_type (gconstpointer data)
{
  static const struct {
    KhValueType  type;
    const char  *name;
    const char  *field;
    const char  *value;
    double       score;
    const char  *type_name;
  } keys[] = {
    { KH_VALUE_TYPE_STRING, "new:string", NULL, "hello", 0, "string" },
    { KH_VALUE_TYPE_HASH, "new:hash", "name", "Ada", 0, "hash" },
    { KH_VALUE_TYPE_LIST, "new:list", NULL, "first", 0, "list" },
    { KH_VALUE_TYPE_SET, "new:set", NULL, "red", 0, "set" },
    { KH_VALUE_TYPE_ZSET, "new:zset", NULL, "ada", 2.5, "zset" },
    { KH_VALUE_TYPE_STREAM, "new:stream", "kind", "login", 0, "stream" },
  };
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  GtkWindow *window;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (window);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      KhNewKeyDialog *dialog = kh_new_key_dialog_present (window, session);
      g_autofree char *type = NULL;
      Watch watch;

      watch_dialog (&watch, dialog);
      kh_new_key_dialog_set_key_type (dialog, keys[i].type);
      g_assert_cmpint (kh_new_key_dialog_get_key_type (dialog), ==, keys[i].type);
      kh_new_key_dialog_set_name (dialog, keys[i].name);
      kh_new_key_dialog_set_content (dialog, keys[i].field, keys[i].value, keys[i].score);
      if (keys[i].type == KH_VALUE_TYPE_LIST)
        kh_new_key_dialog_set_ttl (dialog, 3600);
      /* As the Create button does */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-key.create", NULL));
      wait_answered (&watch);

      g_assert_true (watch.destroyed);
      g_assert_cmpstr (watch.created, ==, keys[i].name);
      type = kh_test_server_cli (server, "TYPE", keys[i].name, NULL);
      g_assert_cmpstr (type, ==, keys[i].type_name);
      g_free (watch.created);
    }

  {
    g_autofree char *value = kh_test_server_cli (server, "GET", "new:string", NULL);
    g_autofree char *field = kh_test_server_cli (server, "HGET", "new:hash", "name", NULL);
    g_autofree char *score = kh_test_server_cli (server, "ZSCORE", "new:zset", "ada", NULL);
    g_autofree char *ttl = kh_test_server_cli (server, "TTL", "new:list", NULL);
    g_autofree char *no_ttl = kh_test_server_cli (server, "TTL", "new:set", NULL);
    g_autofree char *entries = kh_test_server_cli (server, "XLEN", "new:stream", NULL);

    g_assert_cmpstr (value, ==, "hello");
    g_assert_cmpstr (field, ==, "Ada");
    g_assert_cmpstr (score, ==, "2.5");
    g_assert_cmpint (g_ascii_strtoll (ttl, NULL, 10), >, 3500);
    g_assert_cmpstr (no_ttl, ==, "-1");
    g_assert_cmpstr (entries, ==, "1");
  }

  gtk_window_destroy (window);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_refuse_overwrite (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  KhNewKeyDialog *dialog;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bad_score = NULL;
  Watch watch;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  g_free (kh_test_server_cli (server, "SET", "taken", "keep me", NULL));

  dialog = kh_new_key_dialog_present (NULL, session);
  watch_dialog (&watch, dialog);

  /* A name is needed */
  kh_new_key_dialog_set_key_type (dialog, KH_VALUE_TYPE_ZSET);
  kh_new_key_dialog_create (dialog);
  g_assert_false (kh_new_key_dialog_get_busy (dialog));
  g_assert_nonnull (kh_new_key_dialog_get_error (dialog));

  /* A sorted set needs a numeric score */
  kh_new_key_dialog_set_name (dialog, "taken");
  kh_new_key_dialog_set_content (dialog, NULL, "member", 0);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), KH_TYPE_NEW_KEY_DIALOG,
                                                                       "score_row")), "high");
  kh_new_key_dialog_create (dialog);
  g_assert_false (kh_new_key_dialog_get_busy (dialog));
  bad_score = g_strdup (kh_new_key_dialog_get_error (dialog));
  g_assert_nonnull (strstr (bad_score, "score"));

  /* The existing key is left alone, and the dialog says why */
  kh_new_key_dialog_set_key_type (dialog, KH_VALUE_TYPE_HASH);
  kh_new_key_dialog_set_content (dialog, "field", "value", 0);
  kh_new_key_dialog_create (dialog);
  g_assert_true (kh_new_key_dialog_get_busy (dialog));
  wait_answered (&watch);
  g_assert_false (watch.destroyed);
  g_assert_null (watch.created);
  g_assert_nonnull (strstr (kh_new_key_dialog_get_error (dialog), "already exists"));
  g_assert_nonnull (strstr (kh_new_key_dialog_get_error (dialog), "Replace Existing Key"));
  before = kh_test_server_cli (server, "GET", "taken", NULL);
  g_assert_cmpstr (before, ==, "keep me");

  /* Unless told to replace it */
  kh_new_key_dialog_set_replace (dialog, TRUE);
  kh_new_key_dialog_create (dialog);
  wait_answered (&watch);
  g_assert_true (watch.destroyed);
  g_assert_cmpstr (watch.created, ==, "taken");
  after = kh_test_server_cli (server, "HGET", "taken", "field", NULL);
  g_assert_cmpstr (after, ==, "value");
  g_free (watch.created);

  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_read_only (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  KhNewKeyDialog *dialog;
  GtkWidget *create;
  g_autofree char *exists = NULL;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_READ_ONLY);

  dialog = kh_new_key_dialog_present (NULL, session);
  create = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KH_TYPE_NEW_KEY_DIALOG, "create_button"));
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (create), ==, "This connection is read-only");
  kh_new_key_dialog_set_name (dialog, "nope");
  kh_new_key_dialog_create (dialog);
  g_assert_false (kh_new_key_dialog_get_busy (dialog));
  g_assert_nonnull (strstr (kh_new_key_dialog_get_error (dialog), "read-only"));
  exists = kh_test_server_cli (server, "EXISTS", "nope", NULL);
  g_assert_cmpstr (exists, ==, "0");

  gtk_window_destroy (GTK_WINDOW (dialog));
  kh_session_close (session);
  kh_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  kh_test_add_for_each_server ("/ui/new-key-dialog", "create-each-type", test_create_each_type);
  kh_test_add_for_each_server ("/ui/new-key-dialog", "refuse-overwrite", test_refuse_overwrite);
  kh_test_add_for_each_server ("/ui/new-key-dialog", "read-only", test_read_only);

  return g_test_run ();
}
