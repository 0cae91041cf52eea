/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-secrets.c: passwords through a real Secret Service
 *
 * Run inside a private session with an unlocked gnome-keyring:
 *   dbus-run-session -- build-aux/keyring-session.sh meson test -C build test-secrets
 * Without a Secret Service on the session bus the keyring tests skip, or fail
 * when KH_TEST_REQUIRE_SERVERS=1.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "kh-error.h"
#include "kh-secrets.h"
#include "kh-test-util.h"

static gboolean
store_password (const char  *id,
                const char  *label,
                const char  *password,
                GError     **error)
{
  g_auto(KhTestAsync) async = { 0 };

  kh_secrets_store_async (id, label, password, NULL, kh_test_async_ready, &async);
  return kh_secrets_store_finish (kh_test_async_wait (&async, 30000), error);
}

static char *
lookup_password (const char  *id,
                 GError     **error)
{
  g_auto(KhTestAsync) async = { 0 };

  kh_secrets_lookup_async (id, NULL, kh_test_async_ready, &async);
  return kh_secrets_lookup_finish (kh_test_async_wait (&async, 30000), error);
}

static gboolean
clear_password (const char  *id,
                GError     **error)
{
  g_auto(KhTestAsync) async = { 0 };

  kh_secrets_clear_async (id, NULL, kh_test_async_ready, &async);
  return kh_secrets_clear_finish (kh_test_async_wait (&async, 30000), error);
}

#if HAVE_LIBSECRET
/* TRUE when someone owns org.freedesktop.secrets on the session bus now.
 * Checked without activation, so a test run never starts a keyring that
 * would wait for an unlock prompt. */
static gboolean
secret_service_running (char **why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      *why = g_strdup_printf ("no session bus (%s)", error->message);
      return FALSE;
    }
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                       NULL, &error);
  if (reply == NULL)
    {
      *why = g_strdup_printf ("the session bus does not answer (%s)", error->message);
      return FALSE;
    }
  g_variant_get (reply, "(b)", &has_owner);
  if (!has_owner)
    *why = g_strdup ("no Secret Service on the session bus: run inside "
                     "dbus-run-session -- build-aux/keyring-session.sh");
  return has_owner;
}
#endif

static gboolean
require_keyring (void)
{
  g_autofree char *why = NULL;

#if !HAVE_LIBSECRET
  why = g_strdup ("built without libsecret");
#else
  if (secret_service_running (&why))
    return TRUE;
#endif
  if (kh_test_servers_required ())
    g_error ("KH_TEST_REQUIRE_SERVERS=1 but %s", why);
  g_test_skip (why);
  return FALSE;
}

static char *
random_profile_id (void)
{
  return g_uuid_string_random ();
}

#if HAVE_LIBSECRET
/* Looks the item up with libsecret directly: the schema and attribute names
 * are a contract with passwords saved by earlier versions. */
static char *
lookup_directly (const char  *id,
                 char       **label)
{
  static const SecretSchema schema = {
    "app.keyhole.Keyhole.Password", SECRET_SCHEMA_NONE,
    { { "profile-id", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  char *password = NULL;

  attributes = secret_attributes_build (&schema, "profile-id", id, NULL);
  items = secret_password_searchv_sync (&schema, attributes,
                                        SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), <=, 1);
  if (items != NULL)
    {
      SecretRetrievable *item = items->data;
      g_autoptr(SecretValue) value = secret_retrievable_retrieve_secret_sync (item, NULL, &error);

      g_assert_no_error (error);
      password = g_strdup (secret_value_get_text (value));
      if (label != NULL)
        *label = secret_retrievable_get_label (item);
    }
  g_list_free_full (items, g_object_unref);
  return password;
}
#endif

static void
test_secrets_round_trip (void)
{
  g_autofree char *id = random_profile_id ();
  g_autofree char *other_id = random_profile_id ();
  const char *password = "p@ss wörd:/?#%00 ✓";
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *missing = NULL;

  if (!require_keyring ())
    return;

  g_assert_true (store_password (id, "Keyhole: Upstash · fine-cat", password, &error));
  g_assert_no_error (error);

  found = lookup_password (id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, password);

  /* Other profiles see nothing. */
  missing = lookup_password (other_id, &error);
  g_assert_no_error (error);
  g_assert_null (missing);

#if HAVE_LIBSECRET
  {
    g_autofree char *label = NULL;
    g_autofree char *direct = lookup_directly (id, &label);

    g_assert_cmpstr (direct, ==, password);
    g_assert_cmpstr (label, ==, "Keyhole: Upstash · fine-cat");
  }
#endif

  /* Storing again replaces the password instead of adding an item. */
  g_assert_true (store_password (id, "Keyhole: renamed", "second", &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, g_free);
  found = lookup_password (id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "second");
#if HAVE_LIBSECRET
  {
    g_autofree char *label = NULL;
    g_autofree char *direct = lookup_directly (id, &label);

    g_assert_cmpstr (direct, ==, "second");
    g_assert_cmpstr (label, ==, "Keyhole: renamed");
  }
#endif

  g_assert_true (clear_password (id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, g_free);
  found = lookup_password (id, &error);
  g_assert_no_error (error);
  g_assert_null (found);
#if HAVE_LIBSECRET
  {
    g_autofree char *direct = lookup_directly (id, NULL);
    g_assert_null (direct);
  }
#endif

  /* Clearing what is not there is not an error. */
  g_assert_true (clear_password (id, &error));
  g_assert_no_error (error);
}

static void
test_secrets_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  if (!g_test_subprocess ())
    {
      /* In a child process, so the fake bus address stays out of other tests. */
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  /* A session bus that is not there: as on a desktop without a keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kh-test-bus", TRUE);

  g_assert_false (store_password ("some-id", "label", "pw", &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
#if HAVE_LIBSECRET
  g_assert_nonnull (strstr (error->message, "No keyring is running"));
#else
  g_assert_nonnull (strstr (error->message, "No keyring on this system"));
#endif
  g_assert_nonnull (strstr (error->message, "ask for the password"));
  g_clear_error (&error);

  found = lookup_password ("some-id", &error);
  g_assert_null (found);
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (clear_password ("some-id", &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/secrets/round-trip", test_secrets_round_trip);
  g_test_add_func ("/core/secrets/no-service", test_secrets_no_service);

  return g_test_run ();
}
