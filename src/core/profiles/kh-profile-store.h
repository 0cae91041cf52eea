/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-store.h: the saved connections, as a list model backed by a JSON file */
#pragma once

#include <gio/gio.h>

#include "kh-profile.h"

G_BEGIN_DECLS

/* The file format this version writes and reads; newer files are refused. */
#define KH_PROFILE_STORE_VERSION 1

#define KH_TYPE_PROFILE_STORE (kh_profile_store_get_type ())
G_DECLARE_FINAL_TYPE (KhProfileStore, kh_profile_store, KH, PROFILE_STORE, GObject)

/* g_get_user_config_dir()/keyhole/profiles.json */
char           *kh_profile_store_get_default_path (void);

/* @path NULL means the default path. Nothing is read until load. */
KhProfileStore *kh_profile_store_new              (const char           *path);
const char     *kh_profile_store_get_path         (KhProfileStore       *self);

/* Reads the file and replaces the list. A missing file is an empty list. A
 * damaged, unreadable or newer file is renamed to profiles.json.corrupt-<time>
 * and the load fails with a message naming that copy; saving is refused when
 * it could not be moved aside, so it is never overwritten. */
void            kh_profile_store_load_async       (KhProfileStore       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        kh_profile_store_load_finish      (KhProfileStore       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Writes the list atomically, mode 0600 in a 0700 directory, never a
 * password. Refused before a load has finished. Overlapping saves are fine:
 * the file ends up holding the newest list. */
void            kh_profile_store_save_async       (KhProfileStore       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        kh_profile_store_save_finish      (KhProfileStore       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Editing the list; call save afterwards. add gives @profile a new id when
 * its id is taken. replace swaps in @profile for the one with the same id. */
void            kh_profile_store_add              (KhProfileStore       *self,
                                                   KhProfile            *profile);
gboolean        kh_profile_store_remove           (KhProfileStore       *self,
                                                   const char           *id);
gboolean        kh_profile_store_replace          (KhProfileStore       *self,
                                                   KhProfile            *profile);
gboolean        kh_profile_store_move             (KhProfileStore       *self,
                                                   guint                 from,
                                                   guint                 to);
/* Transfer none; NULL when absent. @position may be NULL. */
KhProfile      *kh_profile_store_find             (KhProfileStore       *self,
                                                   const char           *id,
                                                   guint                *position);

/* Writes @profiles (KhProfile, NULL for all) to @file, in the store's format,
 * without secrets. */
void            kh_profile_store_export_async     (KhProfileStore       *self,
                                                   GFile                *file,
                                                   GPtrArray            *profiles,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        kh_profile_store_export_finish    (KhProfileStore       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Adds the profiles of an exported file; ids already in the store are
 * replaced by new ones. */
void            kh_profile_store_import_async     (KhProfileStore       *self,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        kh_profile_store_import_finish    (KhProfileStore       *self,
                                                   GAsyncResult         *result,
                                                   guint                *n_imported,
                                                   GError              **error);

G_END_DECLS
