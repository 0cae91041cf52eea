/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-secrets.c: profile passwords in the Secret Service */
#include "config.h"

#include "kh-secrets.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "kh-error.h"

#if HAVE_LIBSECRET

static const SecretSchema *
kh_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    KH_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { KH_SECRETS_ATTRIBUTE, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Nobody provides org.freedesktop.secrets, or the bus itself is missing. */
static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
          return TRUE;
        default:
          return FALSE;
        }
    }
  /* The session bus cannot be reached at all. */
  return error->domain == G_IO_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Turns a libsecret or D-Bus error into one a user can act on. */
static GError *
translate_error (GError *error)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (is_no_service_error (error))
    translated = g_error_new (KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                              _("No keyring is running, so Keyhole cannot remember passwords: it will "
                                "ask for the password when it connects (%s)"),
                              error->message);
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    translated = g_error_new_literal (KH_ERROR, KH_ERROR_AUTH_FAILED,
                                      _("The keyring is locked: unlock it to let Keyhole use saved "
                                        "passwords, or type the password when connecting"));
  else
    /* A keyring answered but cannot be used (no default collection and no
     * prompt to create one, say): for the caller, as good as none. */
    translated = g_error_new (KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                              _("The keyring could not be used (%s): Keyhole will ask for the "
                                "password when it connects"),
                              error->message);
  g_error_free (error);
  return translated;
}

static void
store_done (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kh_secrets_store_async (const char          *profile_id,
                        const char          *label,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile_id != NULL && *profile_id != '\0');
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_secrets_store_async);
  secret_password_store (kh_secrets_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label != NULL ? label : _("Keyhole connection password"),
                         password, cancellable, store_done, task,
                         KH_SECRETS_ATTRIBUTE, profile_id,
                         NULL);
}

static void
lookup_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }
  g_task_return_pointer (task, g_strdup (password), g_free);
  if (password != NULL)
    secret_password_free (password);
}

void
kh_secrets_lookup_async (const char          *profile_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile_id != NULL && *profile_id != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_secrets_lookup_async);
  secret_password_lookup (kh_secrets_get_schema (), cancellable, lookup_done, task,
                          KH_SECRETS_ATTRIBUTE, profile_id,
                          NULL);
}

static void
clear_done (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kh_secrets_clear_async (const char          *profile_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile_id != NULL && *profile_id != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_secrets_clear_async);
  secret_password_clear (kh_secrets_get_schema (), cancellable, clear_done, task,
                         KH_SECRETS_ATTRIBUTE, profile_id,
                         NULL);
}

#else /* !HAVE_LIBSECRET */

static void
report_no_keyring (gpointer             source_tag,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_task_report_new_error (NULL, callback, user_data, source_tag,
                           KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                           _("No keyring on this system; Keyhole will ask for the password"));
}

void
kh_secrets_store_async (const char          *profile_id,
                        const char          *label,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  report_no_keyring (kh_secrets_store_async, callback, user_data);
}

void
kh_secrets_lookup_async (const char          *profile_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  report_no_keyring (kh_secrets_lookup_async, callback, user_data);
}

void
kh_secrets_clear_async (const char          *profile_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  report_no_keyring (kh_secrets_clear_async, callback, user_data);
}

#endif /* HAVE_LIBSECRET */

gboolean
kh_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
kh_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
kh_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
