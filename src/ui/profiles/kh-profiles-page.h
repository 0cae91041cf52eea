/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profiles-page.h: the saved connections, the first tab of a window */
#pragma once

#include <adwaita.h>

#include "kh-profile-store.h"

G_BEGIN_DECLS

#define KH_TYPE_PROFILES_PAGE (kh_profiles_page_get_type ())
G_DECLARE_FINAL_TYPE (KhProfilesPage, kh_profiles_page, KH, PROFILES_PAGE, AdwBin)

/* Shows @store, loading it first unless another page already did. */
KhProfilesPage *kh_profiles_page_new            (KhProfileStore *store);
KhProfileStore *kh_profiles_page_get_store      (KhProfilesPage *self);
/* TRUE once the store has been loaded (or failed to load). */
gboolean        kh_profiles_page_get_loaded     (KhProfilesPage *self);

/* The flows behind the welcome buttons and the "+" menu. Each opens a dialog
 * and returns it (transfer none), or NULL when a file chooser comes first. */
GtkWindow      *kh_profiles_page_add_profile    (KhProfilesPage *self,
                                                 KhProvider      provider);
GtkWindow      *kh_profiles_page_edit_profile   (KhProfilesPage *self,
                                                 const char     *id);
GtkWindow      *kh_profiles_page_paste_url      (KhProfilesPage *self);
void            kh_profiles_page_export_profiles (KhProfilesPage *self);
void            kh_profiles_page_import_profiles (KhProfilesPage *self);
void            kh_profiles_page_import_env     (KhProfilesPage *self);

/* Shows @message in the warning box until the user dismisses it. */
void            kh_profiles_page_show_warning   (KhProfilesPage *self,
                                                 const char     *message);
/* The warning shown, or NULL. */
const char     *kh_profiles_page_get_warning    (KhProfilesPage *self);

G_END_DECLS
