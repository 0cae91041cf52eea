/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-profile-store.c: profiles, their JSON file, export and import */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kh-error.h"
#include "kh-json-depth.h"
#include "kh-profile-store.h"
#include "kh-test-util.h"

/* ---- helpers ------------------------------------------------------------ */

static gboolean
load (KhProfileStore  *store,
      GError         **error)
{
  g_auto(KhTestAsync) async = { 0 };

  kh_profile_store_load_async (store, NULL, kh_test_async_ready, &async);
  return kh_profile_store_load_finish (store, kh_test_async_wait (&async, 10000), error);
}

static gboolean
save (KhProfileStore  *store,
      GError         **error)
{
  g_auto(KhTestAsync) async = { 0 };

  kh_profile_store_save_async (store, NULL, kh_test_async_ready, &async);
  return kh_profile_store_save_finish (store, kh_test_async_wait (&async, 10000), error);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kh-profiles-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
          remove_tree (child);
          g_object_unref (info);
        }
    }
  g_remove (path);
}

/* Names in @dir that start with @prefix. */
static GPtrArray *
list_with_prefix (const char *dir,
                  const char *prefix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  return names;
}

static void
add_new_profile (KhProfileStore *store)
{
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_LOCAL);

  kh_profile_store_add (store, profile);
}

static KhProfile *
make_full_profile (void)
{
  KhProfile *profile = kh_profile_new ();

  g_object_set (profile,
                "name", "Production cache · «ünïcode» \"quoted\"",
                "provider", KH_PROVIDER_RENDER,
                "host", "oregon-keyvalue.render.com",
                "port", 6380,
                "tls", TRUE,
                "tls-insecure", TRUE,
                "tls-ca-file", "/etc/ssl/ca.pem",
                "tls-cert-file", "/home/me/client.pem",
                "tls-key-file", "/home/me/client.key",
                "tls-server-name", "cache.example.com",
                "username", "red-cq1abc",
                "database", 7,
                "read-only", TRUE,
                "delimiter", "/",
                "color", "purple",
                "economy", TRUE,
                NULL);
  return profile;
}

static void
assert_profiles_equal (KhProfile *a,
                       KhProfile *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n);
  g_assert_cmpuint (n, ==, 18);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      g_value_init (&va, pspecs[i]->value_type);
      g_value_init (&vb, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (a), pspecs[i]->name, &va);
      g_object_get_property (G_OBJECT (b), pspecs[i]->name, &vb);
      if (g_param_values_cmp (pspecs[i], &va, &vb) != 0)
        {
          g_autofree char *sa = g_strdup_value_contents (&va);
          g_autofree char *sb = g_strdup_value_contents (&vb);
          g_error ("property %s differs: %s vs %s", pspecs[i]->name, sa, sb);
        }
    }
}

/* ---- KhProfile ---------------------------------------------------------- */

static void
test_profile_defaults (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new ();
  g_autoptr(KhProfile) other = kh_profile_new ();

  g_assert_true (g_uuid_string_is_valid (kh_profile_get_id (profile)));
  g_assert_cmpstr (kh_profile_get_id (profile), !=, kh_profile_get_id (other));
  g_assert_cmpstr (kh_profile_get_name (profile), ==, "");
  g_assert_cmpint (kh_profile_get_provider (profile), ==, KH_PROVIDER_CUSTOM);
  g_assert_cmpuint (kh_profile_get_port (profile), ==, 6379);
  g_assert_cmpstr (kh_profile_get_delimiter (profile), ==, ":");
  g_assert_false (kh_profile_get_economy (profile));
  g_assert_false (kh_profile_get_tls (profile));
  g_assert_false (kh_profile_get_read_only (profile));
  g_assert_cmpint (kh_profile_get_database (profile), ==, 0);
  g_assert_null (kh_profile_get_color (profile));
  g_assert_null (kh_profile_get_host (profile));

  kh_profile_set_delimiter (profile, NULL);
  g_assert_cmpstr (kh_profile_get_delimiter (profile), ==, ":");
  kh_profile_set_host (profile, "");
  g_assert_null (kh_profile_get_host (profile));
  g_assert_true (g_strv_contains (kh_profile_get_colors (), "blue"));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_profile_notify (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new ();
  guint n_port = 0, n_any = 0;

  g_signal_connect (profile, "notify::port", G_CALLBACK (count_notify), &n_port);
  g_signal_connect (profile, "notify", G_CALLBACK (count_notify), &n_any);

  kh_profile_set_port (profile, 6380);
  g_assert_cmpuint (n_port, ==, 1);
  kh_profile_set_port (profile, 6380);
  g_object_set (profile, "port", 6380, NULL);
  g_assert_cmpuint (n_port, ==, 1);  /* explicit notify: no change, no signal */

  kh_profile_set_name (profile, "A");
  kh_profile_set_name (profile, "A");
  kh_profile_set_color (profile, "green");
  kh_profile_set_tls (profile, TRUE);
  kh_profile_set_tls (profile, TRUE);
  g_assert_cmpuint (n_any, ==, 4);
}

static void
test_profile_from_url (void)
{
  static const struct {
    const char *url;
    const char *name;
    KhProvider provider;
    gboolean tls;
    gboolean economy;
    gboolean read_only;
  } cases[] = {
    { "rediss://default:pw@fine-cat-1234.upstash.io:6379", "Upstash · fine-cat-1234", KH_PROVIDER_UPSTASH, TRUE, TRUE, FALSE },
    { "redis://default_ro:pw@fine-cat.upstash.io:6379", "Upstash · fine-cat", KH_PROVIDER_UPSTASH, TRUE, TRUE, TRUE },
    { "rediss://red-abc:pw@oregon-keyvalue.render.com:6379", "Render · oregon", KH_PROVIDER_RENDER, TRUE, FALSE, FALSE },
    { "redis://red-cq1abcdefghijk:6379", "Render · red-cq1abcdefghijk (internal)", KH_PROVIDER_RENDER, FALSE, FALSE, FALSE },
    { "redis://localhost:6379", "Local · localhost:6379", KH_PROVIDER_LOCAL, FALSE, FALSE, FALSE },
    { "redis://[::1]:6380", "Local · [::1]:6380", KH_PROVIDER_LOCAL, FALSE, FALSE, FALSE },
    { "unix:///run/redis/redis.sock?db=3", "Local · /run/redis/redis.sock", KH_PROVIDER_LOCAL, FALSE, FALSE, FALSE },
    { "rediss://cache.example.com:6380/2", "cache.example.com:6380", KH_PROVIDER_CUSTOM, TRUE, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KhUrl) url = kh_url_parse (cases[i].url, &error);
      g_autoptr(KhProfile) profile = NULL;
      g_autoptr(KhUrl) back = NULL;

      g_assert_no_error (error);
      profile = kh_profile_new_from_url (url);
      g_assert_cmpstr (kh_profile_get_name (profile), ==, cases[i].name);
      g_assert_cmpint (kh_profile_get_provider (profile), ==, cases[i].provider);
      g_assert_cmpint (kh_profile_get_tls (profile), ==, cases[i].tls);
      g_assert_cmpint (kh_profile_get_economy (profile), ==, cases[i].economy);
      g_assert_cmpint (kh_profile_get_read_only (profile), ==, cases[i].read_only);
      g_assert_cmpstr (kh_profile_get_host (profile), ==, url->host);
      g_assert_cmpstr (kh_profile_get_socket_path (profile), ==, url->socket_path);
      g_assert_cmpstr (kh_profile_get_username (profile), ==, url->username);
      g_assert_cmpint (kh_profile_get_database (profile), ==, url->database);
      g_assert_true (kh_profile_validate (profile, &error));
      g_assert_no_error (error);

      /* The profile's URL is the original one without its password. */
      back = kh_profile_to_url (profile);
      g_assert_null (back->password);
      g_assert_cmpstr (back->host, ==, url->host);
      g_assert_cmpuint (back->port, ==, url->port);
      g_assert_cmpint (back->database, ==, url->database);
    }
}

static void
test_profile_preset (void)
{
  g_autoptr(KhProfile) upstash = kh_profile_new_for_provider (KH_PROVIDER_UPSTASH);
  g_autoptr(KhProfile) render = kh_profile_new_for_provider (KH_PROVIDER_RENDER);
  g_autoptr(KhProfile) local = kh_profile_new_for_provider (KH_PROVIDER_LOCAL);
  g_autoptr(KhProfile) custom = kh_profile_new_for_provider (KH_PROVIDER_CUSTOM);

  g_assert_true (kh_profile_get_economy (upstash));
  g_assert_true (kh_profile_get_tls (upstash));
  g_assert_cmpstr (kh_profile_get_username (upstash), ==, "default");
  g_assert_false (kh_profile_get_economy (render));
  g_assert_true (kh_profile_get_tls (render));
  g_assert_cmpstr (kh_profile_get_host (local), ==, "localhost");
  g_assert_false (kh_profile_get_economy (local));
  g_assert_false (kh_profile_get_tls (custom));
  g_assert_cmpint (kh_profile_get_provider (custom), ==, KH_PROVIDER_CUSTOM);
}

static void
test_profile_dup (void)
{
  g_autoptr(KhProfile) profile = make_full_profile ();
  g_autoptr(KhProfile) copy = kh_profile_dup (profile);
  g_autofree char *expected = g_strdup_printf ("%s (copy)", kh_profile_get_name (profile));

  g_assert_cmpstr (kh_profile_get_id (copy), !=, kh_profile_get_id (profile));
  g_assert_true (g_uuid_string_is_valid (kh_profile_get_id (copy)));
  g_assert_cmpstr (kh_profile_get_name (copy), ==, expected);

  /* Everything else is the same. */
  kh_profile_set_id (copy, kh_profile_get_id (profile));
  kh_profile_set_name (copy, kh_profile_get_name (profile));
  assert_profiles_equal (profile, copy);
}

static void
test_profile_validate (void)
{
  static const struct {
    const char *property;
    const char *value;
    const char *fragment;
  } bad[] = {
    { "name", "  ", "name" },
    { "host", NULL, "Enter a host name" },
    { "host", "redis://localhost:6379", "not a URL" },
    { "host", "my host", "not allowed" },
    { "socket-path", "relative/redis.sock", "must be absolute" },
    { "tls-cert-file", "/c.pem", "needs its private key" },
    { "tls-key-file", "/c.key", "needs its certificate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KhProfile) profile = kh_profile_new ();
      g_autoptr(GError) error = NULL;

      g_object_set (profile, "name", "Test", "host", "localhost", NULL);
      g_assert_true (kh_profile_validate (profile, NULL));
      g_object_set (profile, bad[i].property, bad[i].value, NULL);
      g_assert_false (kh_profile_validate (profile, &error));
      g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("%s: “%s” lacks “%s”", bad[i].property, error->message, bad[i].fragment);
    }

  {
    g_autoptr(KhProfile) profile = kh_profile_new ();

    g_object_set (profile, "name", "Socket", "socket-path", "/tmp/redis.sock",
                  "database", 65535, "tls-cert-file", "/c.pem", "tls-key-file", "/c.key",
                  "host", "::1", NULL);
    g_assert_true (kh_profile_validate (profile, NULL));
  }
}

static void
test_profile_connection_config (void)
{
  g_autoptr(KhProfile) profile = make_full_profile ();
  g_autoptr(KhConnectionConfig) config = kh_profile_to_connection_config (profile, "hunter2");
  g_autoptr(KhConnectionConfig) no_password = kh_profile_to_connection_config (profile, NULL);
  g_autoptr(KhProfile) socket = kh_profile_new ();
  g_autoptr(KhConnectionConfig) socket_config = NULL;

  g_assert_cmpstr (config->host, ==, "oregon-keyvalue.render.com");
  g_assert_cmpuint (config->port, ==, 6380);
  g_assert_null (config->socket_path);
  g_assert_true (config->tls);
  g_assert_true (config->tls_insecure);
  g_assert_cmpstr (config->tls_ca_file, ==, "/etc/ssl/ca.pem");
  g_assert_cmpstr (config->tls_cert_file, ==, "/home/me/client.pem");
  g_assert_cmpstr (config->tls_key_file, ==, "/home/me/client.key");
  g_assert_cmpstr (config->tls_server_name, ==, "cache.example.com");
  g_assert_cmpstr (config->username, ==, "red-cq1abc");
  g_assert_cmpstr (config->password, ==, "hunter2");
  g_assert_cmpint (config->database, ==, 7);
  g_assert_null (no_password->password);

  kh_profile_set_socket_path (socket, "/tmp/kh.sock");
  kh_profile_set_host (socket, "ignored");
  socket_config = kh_profile_to_connection_config (socket, "");
  g_assert_cmpstr (socket_config->socket_path, ==, "/tmp/kh.sock");
  g_assert_null (socket_config->host);
  g_assert_null (socket_config->password);
}

static void
test_profile_json_errors (void)
{
  static const struct {
    const char *json;
    const char *fragment;
  } bad[] = {
    { "[]", "JSON object" },
    { "{\"port\": \"6379\"}", "“port” should be a whole number" },
    { "{\"port\": 70000}", "“port” is 70000, out of range (1–65535)" },
    { "{\"port\": 6379.5}", "“port” should be a whole number" },
    { "{\"tls\": 1}", "“tls” should be true or false" },
    { "{\"name\": 5}", "“name” should be text" },
    { "{\"provider\": \"heroku\"}", "Unknown provider “heroku”" },
    { "{\"database\": -1}", "out of range" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i].json, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KhProfile) profile = NULL;

      g_assert_nonnull (node);
      profile = kh_profile_new_from_json (node, &error);
      g_assert_null (profile);
      g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("%s: “%s” lacks “%s”", bad[i].json, error->message, bad[i].fragment);
    }

  {
    /* Unknown members and colours from a newer palette do not lose the profile. */
    g_autoptr(JsonNode) node = json_from_string ("{\"name\":\"n\",\"future\":[1],\"color\":\"mauve\"}", NULL);
    g_autoptr(KhProfile) profile = kh_profile_new_from_json (node, NULL);

    g_assert_nonnull (profile);
    g_assert_cmpstr (kh_profile_get_name (profile), ==, "n");
    g_assert_null (kh_profile_get_color (profile));
    g_assert_true (g_uuid_string_is_valid (kh_profile_get_id (profile)));
  }
}

/* ---- KhProfileStore ----------------------------------------------------- */

static void
test_store_default_path (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "keyhole", "profiles.json", NULL);
  g_autofree char *path = kh_profile_store_get_default_path ();
  g_autoptr(KhProfileStore) store = kh_profile_store_new (NULL);

  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpstr (kh_profile_store_get_path (store), ==, expected);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == KH_TYPE_PROFILE);
}

static void
test_store_missing_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "profiles.json", NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  remove_tree (dir);
}

static void
test_store_round_trip (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *subdir = g_build_filename (dir, "keyhole", NULL);
  g_autofree char *path = g_build_filename (subdir, "profiles.json", NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  g_autoptr(KhProfileStore) reread = NULL;
  g_autoptr(KhProfile) full = make_full_profile ();
  g_autoptr(KhProfile) bare = kh_profile_new ();
  g_autoptr(KhProfile) from_url = NULL;
  g_autoptr(KhUrl) url = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_true (load (store, &error));
  url = kh_url_parse ("rediss://default:hunter2-secret@fine-cat.upstash.io:6379", &error);
  g_assert_no_error (error);
  from_url = kh_profile_new_from_url (url);

  kh_profile_store_add (store, full);
  kh_profile_store_add (store, bare);
  kh_profile_store_add (store, from_url);
  g_assert_true (save (store, &error));
  g_assert_no_error (error);

  /* Private: the file 0600, the folder Keyhole made 0700. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (subdir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* No password, ever; the format is versioned. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "hunter2"));
  g_assert_null (strstr (contents, "password"));
  g_assert_nonnull (strstr (contents, "\"version\" : 1"));

  reread = kh_profile_store_new (path);
  g_assert_true (load (reread, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KhProfile) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(KhProfile) b = g_list_model_get_item (G_LIST_MODEL (reread), i);

      g_assert_true (a != b);
      assert_profiles_equal (a, b);
    }
  remove_tree (dir);
}

/* A file left 0644 by something else becomes 0600 on the next save. */
static void
test_store_tightens_mode (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "{\"version\":1,\"profiles\":[{\"name\":\"old\"}]}", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (load (store, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (save (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  remove_tree (dir);
}

static void
check_kept_aside (const char  *bad_contents,
                  gsize        bad_len,
                  gint         expected_code,
                  const char  *fragment)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  gsize kept_len = 0;

  g_assert_true (g_file_set_contents (path, bad_contents, (gssize) bad_len, NULL));

  g_assert_false (load (store, &error));
  g_assert_error (error, KH_ERROR, expected_code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” lacks “%s”", error->message, fragment);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* Moved aside byte for byte, and the message says where. */
  aside = list_with_prefix (dir, "profiles.json.corrupt-");
  g_assert_cmpuint (aside->len, ==, 1);
  g_assert_nonnull (strstr (error->message, g_ptr_array_index (aside, 0)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (g_ptr_array_index (aside, 0), &kept, &kept_len, NULL));
  g_assert_cmpmem (kept, kept_len, bad_contents, bad_len);

  /* Saving now writes a fresh file and leaves the copy alone. */
  add_new_profile (store);
  g_clear_error (&error);
  g_assert_true (save (store, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&kept, g_free);
  g_assert_true (g_file_get_contents (g_ptr_array_index (aside, 0), &kept, &kept_len, NULL));
  g_assert_cmpmem (kept, kept_len, bad_contents, bad_len);

  /* A second bad file on the same second gets its own name. */
  g_assert_true (g_file_set_contents (path, bad_contents, (gssize) bad_len, NULL));
  g_clear_error (&error);
  g_assert_false (load (store, &error));
  g_clear_pointer (&aside, g_ptr_array_unref);
  aside = list_with_prefix (dir, "profiles.json.corrupt-");
  g_assert_cmpuint (aside->len, ==, 2);

  remove_tree (dir);
}

static void
test_store_corrupt_json (void)
{
  static const char bad[] = "{\"version\": 1, \"profiles\": [ {\"name\": \"half a file\"\n\xff\x00 tail";

  check_kept_aside (bad, sizeof bad - 1, KH_ERROR_INVALID_INPUT, "not valid JSON");
}

static void
test_store_wrong_types (void)
{
  const char *bad = "{\"version\": 1, \"profiles\": [{\"name\": \"a\"}, {\"name\": \"b\", \"port\": \"6379\"}]}";

  check_kept_aside (bad, strlen (bad), KH_ERROR_INVALID_INPUT, "connection 2: “port” should be a whole number");
}

static void
test_store_wrong_shape (void)
{
  const char *no_version = "{\"profiles\": []}";
  const char *not_list = "{\"version\": 1, \"profiles\": {}}";
  const char *empty = "";

  check_kept_aside (no_version, strlen (no_version), KH_ERROR_INVALID_INPUT, "“version”");
  check_kept_aside (not_list, strlen (not_list), KH_ERROR_INVALID_INPUT, "“profiles”");
  check_kept_aside (empty, 0, KH_ERROR_INVALID_INPUT, "it is empty");
}

/* 100,000 '[': json-glib's recursive parser overflowed the loader thread's
 * stack on it (exit 139 at every start, as the file stayed in place). */
static char *
deeply_nested (gsize *len)
{
  GString *deep = g_string_new ("{\"version\": 1, \"profiles\": ");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  *len = deep->len;
  return g_string_free (deep, FALSE);
}

static void
test_store_too_deep (void)
{
  gsize len;
  g_autofree char *deep = deeply_nested (&len);

  check_kept_aside (deep, len, KH_ERROR_INVALID_INPUT, "more than 64 levels deep");
}

static void
test_json_depth_scan (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) at_limit = g_string_new (NULL);
  /* Brackets inside strings, escaped quotes and escaped backslashes do not nest. */
  const char *in_strings = "[\"[[[[\", \"\\\"[[[\", \"\\\\\", {\"k{{\": \"]]\"}]";

  for (guint i = 0; i < 64; i++)
    g_string_append (at_limit, i % 2 ? "{\"a\":" : "[");
  g_assert_true (kh_json_check_depth (at_limit->str, at_limit->len, 64, &error));
  g_assert_no_error (error);
  g_string_prepend_c (at_limit, '[');
  g_assert_false (kh_json_check_depth (at_limit->str, at_limit->len, 64, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (kh_json_check_depth (in_strings, strlen (in_strings), 2, &error));
  g_assert_no_error (error);
  g_assert_false (kh_json_check_depth (in_strings, strlen (in_strings), 1, &error));
  g_clear_error (&error);

  /* Closing brackets let the next ones nest again; stray closes do not go below zero. */
  g_assert_true (kh_json_check_depth ("[[]][[]]]]]]", 12, 2, &error));
  g_assert_false (kh_json_check_depth ("]]]][[[", 7, 2, &error));
  g_clear_error (&error);
  /* An escape at the very end stays inside the buffer. */
  g_assert_true (kh_json_check_depth ("\"\\", 2, 0, &error));
  g_assert_true (kh_json_check_depth ("", 0, 0, &error));
  g_assert_no_error (error);
}

static void
test_store_newer_version (void)
{
  const char *newer = "{\"version\": 2, \"profiles\": [{\"name\": \"from the future\", \"port\": 6379}]}";

  check_kept_aside (newer, strlen (newer), KH_ERROR_NOT_SUPPORTED,
                    "newer version of Keyhole (format 2; this version reads format 1)");
}

static void
test_store_unreadable (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) aside = NULL;

  /* A folder where the file should be cannot be read as a file. */
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (load (store, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "could not be read"));
  aside = list_with_prefix (dir, "profiles.json.corrupt-");
  g_assert_cmpuint (aside->len, ==, 1);
  g_assert_true (g_file_test (g_ptr_array_index (aside, 0), G_FILE_TEST_IS_DIR));
  remove_tree (dir);
}

static void
test_store_cannot_move_aside (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KhProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

#ifdef G_OS_UNIX
  if (geteuid () == 0)
    {
      g_test_skip ("root ignores the read-only folder this test relies on");
      return;
    }
#else
  g_test_skip ("needs POSIX permissions");
  return;
#endif

  dir = make_temp_dir ();
  path = g_build_filename (dir, "profiles.json", NULL);
  store = kh_profile_store_new (path);
  g_assert_true (g_file_set_contents (path, "not json", -1, NULL));
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);

  g_assert_false (load (store, &error));
  g_assert_nonnull (strstr (error->message, "could not move the file aside"));
  g_clear_error (&error);

  /* Never overwritten silently. */
  add_new_profile (store);
  g_assert_false (save (store, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "will not overwrite"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not json");

  g_chmod (dir, 0700);
  remove_tree (dir);
}

static void
test_store_save_before_load (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "{\"version\":1,\"profiles\":[{\"name\":\"keep me\"}]}", -1, NULL));
  add_new_profile (store);
  g_assert_false (save (store, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_FAILED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "keep me"));
  remove_tree (dir);
}

typedef struct {
  guint position, removed, added, calls;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Changes *changes = user_data;

  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->calls++;
}

static const char *
name_at (KhProfileStore *store,
         guint           position)
{
  g_autoptr(KhProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), position);

  return kh_profile_get_name (profile);  /* the store keeps it alive */
}

static void
test_store_edit (void)
{
  g_autoptr(KhProfileStore) store = kh_profile_store_new ("/nonexistent/profiles.json");
  g_autoptr(KhProfile) a = kh_profile_new ();
  g_autoptr(KhProfile) b = kh_profile_new ();
  g_autoptr(KhProfile) c = kh_profile_new ();
  g_autoptr(KhProfile) clash = kh_profile_new ();
  g_autoptr(KhProfile) b2 = NULL;
  g_autofree char *b_id = NULL;
  Changes changes = { 0 };
  guint position = 99;

  kh_profile_set_name (a, "a");
  kh_profile_set_name (b, "b");
  kh_profile_set_name (c, "c");
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &changes);

  kh_profile_store_add (store, a);
  kh_profile_store_add (store, b);
  kh_profile_store_add (store, c);
  g_assert_cmpuint (changes.calls, ==, 3);
  g_assert_cmpuint (changes.position, ==, 2);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 3));

  g_assert_true (kh_profile_store_find (store, kh_profile_get_id (b), &position) == b);
  g_assert_cmpuint (position, ==, 1);
  g_assert_null (kh_profile_store_find (store, "no-such-id", NULL));

  /* An id already in the store is replaced on add. */
  kh_profile_set_id (clash, kh_profile_get_id (a));
  kh_profile_store_add (store, clash);
  g_assert_cmpstr (kh_profile_get_id (clash), !=, kh_profile_get_id (a));
  g_assert_true (kh_profile_store_find (store, kh_profile_get_id (a), NULL) == a);
  g_assert_true (kh_profile_store_remove (store, kh_profile_get_id (clash)));
  g_assert_cmpuint (changes.position, ==, 3);
  g_assert_cmpuint (changes.removed, ==, 1);

  /* Move c to the front: a b c -> c a b */
  g_assert_true (kh_profile_store_move (store, 2, 0));
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 3);
  g_assert_cmpuint (changes.added, ==, 3);
  g_assert_cmpstr (name_at (store, 0), ==, "c");
  g_assert_cmpstr (name_at (store, 1), ==, "a");
  g_assert_cmpstr (name_at (store, 2), ==, "b");
  g_assert_true (kh_profile_store_move (store, 0, 2));
  g_assert_cmpstr (name_at (store, 0), ==, "a");
  g_assert_cmpstr (name_at (store, 2), ==, "c");
  g_assert_false (kh_profile_store_move (store, 0, 3));

  /* Replace swaps the object with the same id in place. */
  b2 = kh_profile_dup (b);
  b_id = g_strdup (kh_profile_get_id (b));
  kh_profile_set_id (b2, b_id);
  kh_profile_set_name (b2, "b edited");
  g_assert_true (kh_profile_store_replace (store, b2));
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpstr (name_at (store, 1), ==, "b edited");
  g_assert_true (kh_profile_store_find (store, b_id, NULL) == b2);
  {
    g_autoptr(KhProfile) stranger = kh_profile_new ();
    g_assert_false (kh_profile_store_replace (store, stranger));
  }

  g_assert_true (kh_profile_store_remove (store, b_id));
  g_assert_false (kh_profile_store_remove (store, b_id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
}

/* Saves started one after another leave the newest list on disk. */
static void
test_store_overlapping_saves (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  g_autoptr(KhProfileStore) reread = kh_profile_store_new (path);
  KhTestAsync results[8] = { { 0 } };
  g_autoptr(GError) error = NULL;

  g_assert_true (load (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(KhProfile) profile = kh_profile_new ();
      g_autofree char *name = g_strdup_printf ("p%u", i);

      kh_profile_set_name (profile, name);
      kh_profile_store_add (store, profile);
      kh_profile_store_save_async (store, NULL, kh_test_async_ready, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (kh_profile_store_save_finish (store, kh_test_async_wait (&results[i], 10000), &error));
      g_assert_no_error (error);
      kh_test_async_clear (&results[i]);
    }

  g_assert_true (load (reread, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, G_N_ELEMENTS (results));
  remove_tree (dir);
}

static gboolean
export_profiles (KhProfileStore  *store,
                 GFile           *file,
                 GPtrArray       *profiles,
                 GError         **error)
{
  g_auto(KhTestAsync) async = { 0 };

  kh_profile_store_export_async (store, file, profiles, NULL, kh_test_async_ready, &async);
  return kh_profile_store_export_finish (store, kh_test_async_wait (&async, 10000), error);
}

static gboolean
import_profiles (KhProfileStore  *store,
                 GFile           *file,
                 guint           *n,
                 GError         **error)
{
  g_auto(KhTestAsync) async = { 0 };

  kh_profile_store_import_async (store, file, NULL, kh_test_async_ready, &async);
  return kh_profile_store_import_finish (store, kh_test_async_wait (&async, 10000), n, error);
}

static void
test_store_export_import (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *export_path = g_build_filename (dir, "shared connections.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(KhProfileStore) source = kh_profile_store_new (NULL);
  g_autoptr(KhProfileStore) target = kh_profile_store_new (NULL);
  g_autoptr(KhProfile) full = make_full_profile ();
  g_autoptr(KhProfile) upstash = NULL;
  g_autoptr(KhProfile) unexported = kh_profile_new ();
  g_autoptr(KhProfile) existing = NULL;
  g_autoptr(KhUrl) url = kh_url_parse ("rediss://default:hunter2-secret@fine-cat.upstash.io", NULL);
  g_autoptr(GPtrArray) selection = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint n = 0;

  upstash = kh_profile_new_from_url (url);
  kh_profile_store_add (source, full);
  kh_profile_store_add (source, unexported);
  kh_profile_store_add (source, upstash);
  g_ptr_array_add (selection, full);
  g_ptr_array_add (selection, upstash);

  g_assert_true (export_profiles (source, export_file, selection, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (export_path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "hunter2"));
  g_assert_null (strstr (contents, kh_profile_get_id (unexported)));

  /* The target already holds the full profile: the import gets a new id. */
  existing = kh_profile_dup (full);
  kh_profile_set_id (existing, kh_profile_get_id (full));
  kh_profile_store_add (target, existing);

  g_assert_true (import_profiles (target, export_file, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (target)), ==, 3);
  {
    g_autoptr(KhProfile) imported_full = g_list_model_get_item (G_LIST_MODEL (target), 1);
    g_autoptr(KhProfile) imported_upstash = g_list_model_get_item (G_LIST_MODEL (target), 2);

    g_assert_cmpstr (kh_profile_get_id (imported_full), !=, kh_profile_get_id (full));
    g_assert_true (kh_profile_store_find (target, kh_profile_get_id (full), NULL) == existing);
    kh_profile_set_id (imported_full, kh_profile_get_id (full));
    assert_profiles_equal (imported_full, full);
    /* No conflict: the id is kept. */
    assert_profiles_equal (imported_upstash, upstash);
  }

  /* The whole store when no selection is given. */
  g_assert_true (export_profiles (source, export_file, NULL, &error));
  g_assert_true (import_profiles (target, export_file, &n, &error));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (target)), ==, 6);

  remove_tree (dir);
}

static void
test_store_import_too_deep (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "import.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (NULL);
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *deep = deeply_nested (&len);
  guint n = 99;

  g_assert_true (g_file_set_contents (path, deep, (gssize) len, NULL));
  g_assert_false (import_profiles (store, file, &n, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "more than 64 levels deep"));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  remove_tree (dir);
}

static void
test_store_import_errors (void)
{
  static const struct {
    const char *contents;   /* NULL: the file does not exist */
    gint code;
    const char *fragment;
  } cases[] = {
    { NULL, KH_ERROR_NOT_FOUND, "could not be read" },
    { "PK\x03\x04 zip?", KH_ERROR_INVALID_INPUT, "not valid JSON" },
    { "{\"version\":1,\"profiles\":[]}", KH_ERROR_INVALID_INPUT, "holds no connections" },
    { "{\"version\":3,\"profiles\":[{}]}", KH_ERROR_NOT_SUPPORTED, "newer version of Keyhole" },
    { "{\"version\":1,\"profiles\":[{\"tls\":\"yes\"}]}", KH_ERROR_INVALID_INPUT, "connection 1: “tls” should be true or false" },
  };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "import.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint n = 99;

      g_remove (path);
      if (cases[i].contents != NULL)
        g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));
      g_assert_false (import_profiles (store, file, &n, &error));
      g_assert_error (error, KH_ERROR, cases[i].code);
      g_assert_cmpuint (n, ==, 0);
      g_assert_nonnull (strstr (error->message, "import.json"));
      if (strstr (error->message, cases[i].fragment) == NULL)
        g_error ("“%s” lacks “%s”", error->message, cases[i].fragment);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
      /* An import never moves the user's file. */
      g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, cases[i].contents != NULL);
    }
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/profile/defaults", test_profile_defaults);
  g_test_add_func ("/core/profile/notify", test_profile_notify);
  g_test_add_func ("/core/profile/from-url", test_profile_from_url);
  g_test_add_func ("/core/profile/preset", test_profile_preset);
  g_test_add_func ("/core/profile/dup", test_profile_dup);
  g_test_add_func ("/core/profile/validate", test_profile_validate);
  g_test_add_func ("/core/profile/connection-config", test_profile_connection_config);
  g_test_add_func ("/core/profile/json-errors", test_profile_json_errors);
  g_test_add_func ("/core/profile-store/default-path", test_store_default_path);
  g_test_add_func ("/core/profile-store/missing-file", test_store_missing_file);
  g_test_add_func ("/core/profile-store/round-trip", test_store_round_trip);
  g_test_add_func ("/core/profile-store/tightens-mode", test_store_tightens_mode);
  g_test_add_func ("/core/profile-store/corrupt/json", test_store_corrupt_json);
  g_test_add_func ("/core/profile-store/corrupt/wrong-types", test_store_wrong_types);
  g_test_add_func ("/core/profile-store/corrupt/wrong-shape", test_store_wrong_shape);
  g_test_add_func ("/core/profile-store/corrupt/newer-version", test_store_newer_version);
  g_test_add_func ("/core/profile-store/corrupt/too-deep", test_store_too_deep);
  g_test_add_func ("/core/profile-store/import-too-deep", test_store_import_too_deep);
  g_test_add_func ("/core/json-depth/scan", test_json_depth_scan);
  g_test_add_func ("/core/profile-store/corrupt/unreadable", test_store_unreadable);
  g_test_add_func ("/core/profile-store/corrupt/cannot-move-aside", test_store_cannot_move_aside);
  g_test_add_func ("/core/profile-store/save-before-load", test_store_save_before_load);
  g_test_add_func ("/core/profile-store/edit", test_store_edit);
  g_test_add_func ("/core/profile-store/overlapping-saves", test_store_overlapping_saves);
  g_test_add_func ("/core/profile-store/export-import", test_store_export_import);
  g_test_add_func ("/core/profile-store/import-errors", test_store_import_errors);

  return g_test_run ();
}
