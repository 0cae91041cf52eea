/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-history.c: the console's command history */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kh-cli-parse.h"
#include "kh-error.h"
#include "kh-history.h"
#include "kh-test-util.h"

static void
load (KhHistory *history)
{
  g_auto(KhTestAsync) async = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  kh_history_load_async (history, NULL, kh_test_async_ready, &async);
  ok = kh_history_load_finish (history, kh_test_async_wait (&async, 5000), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
save (KhHistory *history)
{
  g_auto(KhTestAsync) async = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  kh_history_save_async (history, NULL, kh_test_async_ready, &async);
  ok = kh_history_save_finish (history, kh_test_async_wait (&async, 5000), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static char *
temp_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-history-XXXXXX", &error);

  g_assert_no_error (error);
  /* A folder that does not exist yet: saving makes it. */
  return g_build_filename (dir, "history", "profile.txt", NULL);
}

static gboolean
add_line (KhHistory  *history,
          const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhCommand) command = kh_cli_parse_line (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (command);
  return kh_history_add (history, command);
}

static void
test_history_secrets (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(KhHistory) history = kh_history_new (path);
  g_autoptr(KhHistory) reloaded = NULL;
  g_autofree char *contents = NULL;
  const char *secret_lines[] = {
    "AUTH hunter2",
    "auth alice hunter2",
    "HELLO 3 AUTH alice hunter2",
    "MIGRATE 127.0.0.1 6380 k 0 5000 AUTH hunter2",
    "MIGRATE 127.0.0.1 6380 k 0 5000 AUTH2 alice hunter2",
    "ACL SETUSER bob on >hunter2 ~* +@all",
    "CONFIG SET requirepass hunter2",
    "config set masterauth hunter2",
  };

  load (history);
  g_assert_true (add_line (history, "GET before"));
  for (guint i = 0; i < G_N_ELEMENTS (secret_lines); i++)
    g_assert_false (add_line (history, secret_lines[i]));
  g_assert_true (add_line (history, "GET after"));
  g_assert_cmpuint (kh_history_get_n_entries (history), ==, 2);

  save (history);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "hunter2"));
  g_assert_cmpstr (contents, ==, "GET before\nGET after\n");

  /* A secret written into the file by hand is not loaded either. */
  g_assert_true (g_file_set_contents (path, "PING\nAUTH hunter2\nCONFIG SET requirepass x\nECHO x\n", -1, NULL));
  reloaded = kh_history_new (path);
  load (reloaded);
  g_assert_cmpuint (kh_history_get_n_entries (reloaded), ==, 2);
  g_assert_cmpstr (kh_history_get_entry (reloaded, 0), ==, "PING");
  g_assert_cmpstr (kh_history_get_entry (reloaded, 1), ==, "ECHO x");
}

static void
test_history_round_trip (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(KhHistory) history = kh_history_new (path);
  g_autoptr(KhHistory) reloaded = NULL;
  GStatBuf st;

  /* Missing file: an empty history, no error. */
  load (history);
  g_assert_cmpuint (kh_history_get_n_entries (history), ==, 0);

  g_assert_true (add_line (history, "SET greeting 'hello world'"));
  g_assert_true (add_line (history, "HGETALL user:1"));
  g_assert_true (add_line (history, "PING"));
  /* Consecutive repeats collapse; a repeat after something else is kept. */
  g_assert_false (add_line (history, "PING"));
  g_assert_false (add_line (history, "PING"));
  g_assert_true (add_line (history, "HGETALL user:1"));
  g_assert_cmpuint (kh_history_get_n_entries (history), ==, 4);
  g_assert_cmpstr (kh_history_get_entry (history, 0), ==, "SET greeting \"hello world\"");

  save (history);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  reloaded = kh_history_new (path);
  /* What is added before the file is read comes after its entries. */
  g_assert_true (add_line (reloaded, "DBSIZE"));
  load (reloaded);
  g_assert_cmpuint (kh_history_get_n_entries (reloaded), ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (kh_history_get_entry (reloaded, i), ==, kh_history_get_entry (history, i));
  g_assert_cmpstr (kh_history_get_entry (reloaded, 4), ==, "DBSIZE");
}

static void
test_history_save_before_load (void)
{
  g_autofree char *path = temp_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(KhHistory) history = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "GET old\n", -1, NULL));

  /* Saving first must not throw the file's entries away. */
  history = kh_history_new (path);
  g_assert_true (add_line (history, "GET new"));
  save (history);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "GET old\nGET new\n");
}

static void
test_history_cap (void)
{
  g_autofree char *path = temp_path ();
  g_autoptr(KhHistory) history = kh_history_new (path);
  g_autoptr(KhHistory) reloaded = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  load (history);
  for (guint i = 0; i < KH_HISTORY_MAX_ENTRIES + 5; i++)
    {
      g_autofree char *line = g_strdup_printf ("GET key:%u", i);
      g_assert_true (add_line (history, line));
    }
  g_assert_cmpuint (kh_history_get_n_entries (history), ==, KH_HISTORY_MAX_ENTRIES);
  g_assert_cmpstr (kh_history_get_entry (history, 0), ==, "GET key:5");
  g_assert_cmpstr (kh_history_get_entry (history, KH_HISTORY_MAX_ENTRIES - 1), ==, "GET key:1004");

  /* A longer file, from an older version or by hand: the newest are kept. */
  for (guint i = 0; i < 1200; i++)
    g_string_append_printf (big, "ECHO %u\n", i);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, big->str, (gssize) big->len, NULL));
  reloaded = kh_history_new (path);
  load (reloaded);
  g_assert_cmpuint (kh_history_get_n_entries (reloaded), ==, KH_HISTORY_MAX_ENTRIES);
  g_assert_cmpstr (kh_history_get_entry (reloaded, 0), ==, "ECHO 200");
}

static void
test_history_binary (void)
{
  static const char value[] = { 'a', '\0', '\xff', '\n', '"', '\\', ' ', '\x01' };
  g_autofree char *path = temp_path ();
  g_autoptr(KhHistory) history = kh_history_new (path);
  g_autoptr(KhHistory) reloaded = NULL;
  g_autoptr(KhCommand) command = kh_command_new_va ("SET", "clé", NULL);
  g_autoptr(KhCommand) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *entry, *arg;
  gsize len = 0;

  kh_command_add_len (command, value, sizeof value);
  load (history);
  g_assert_true (kh_history_add (history, command));
  entry = kh_history_get_entry (history, 0);
  /* One line, UTF-8 kept readable, every other byte escaped. */
  g_assert_cmpstr (entry, ==, "SET clé \"a\\x00\\xff\\n\\\"\\\\ \\x01\"");

  save (history);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpuint (strlen (contents), ==, strlen (entry) + 1);

  reloaded = kh_history_new (path);
  load (reloaded);
  g_assert_cmpuint (kh_history_get_n_entries (reloaded), ==, 1);
  parsed = kh_cli_parse_line (kh_history_get_entry (reloaded, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_command_get_n_args (parsed), ==, 3);
  arg = kh_command_get_arg (parsed, 1, &len);
  g_assert_cmpmem (arg, len, "clé", strlen ("clé"));
  arg = kh_command_get_arg (parsed, 2, &len);
  g_assert_cmpmem (arg, len, value, sizeof value);
}

static void
test_history_default_path (void)
{
  g_autofree char *path = kh_history_get_default_path ("../evil/id");
  g_autofree char *expected_dir = g_build_filename (g_get_user_data_dir (), "keyhole", "history", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(KhHistory) history = kh_history_new_for_profile ("0f8e-42");
  g_autofree char *plain = g_build_filename (expected_dir, "0f8e-42.txt", NULL);

  /* The id can never climb out of the history folder. */
  g_assert_cmpstr (dir, ==, expected_dir);
  g_assert_null (strchr (base, '/'));
  g_assert_false (g_str_has_prefix (base, "."));
  g_assert_cmpstr (kh_history_get_path (history), ==, plain);
}

static void
test_history_in_memory (void)
{
  g_autoptr(KhHistory) history = kh_history_new (NULL);

  load (history);
  g_assert_true (add_line (history, "PING"));
  save (history);
  g_assert_null (kh_history_get_path (history));
  g_assert_cmpuint (kh_history_get_n_entries (history), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/history/secrets-never-stored", test_history_secrets);
  g_test_add_func ("/core/history/round-trip", test_history_round_trip);
  g_test_add_func ("/core/history/save-before-load", test_history_save_before_load);
  g_test_add_func ("/core/history/cap", test_history_cap);
  g_test_add_func ("/core/history/binary", test_history_binary);
  g_test_add_func ("/core/history/default-path", test_history_default_path);
  g_test_add_func ("/core/history/in-memory", test_history_in_memory);

  return g_test_run ();
}
