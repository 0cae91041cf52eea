/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-secrets.h: profile passwords in the Secret Service (the portal inside Flatpak) */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KH_SECRETS_SCHEMA_NAME "app.keyhole.Keyhole.Password"
#define KH_SECRETS_ATTRIBUTE   "profile-id"

/* Every call fails with KH_ERROR_NOT_SUPPORTED when no keyring answers, when
 * the keyring cannot be used, or when Keyhole was built without libsecret;
 * KH_ERROR_AUTH_FAILED when the keyring stays locked. The UI then asks for
 * the password at connect time. Messages never contain the password. */

/* Stores or replaces the password of @profile_id. @label is what keyring
 * managers show, e.g. "Keyhole: Upstash · cache". */
void      kh_secrets_store_async   (const char           *profile_id,
                                    const char           *label,
                                    const char           *password,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  kh_secrets_store_finish  (GAsyncResult         *result,
                                    GError              **error);

/* Finishes with the password, or NULL and no error when none is stored. */
void      kh_secrets_lookup_async  (const char           *profile_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char     *kh_secrets_lookup_finish (GAsyncResult         *result,
                                    GError              **error);

/* Removes the password; succeeds when there was none. */
void      kh_secrets_clear_async   (const char           *profile_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  kh_secrets_clear_finish  (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
