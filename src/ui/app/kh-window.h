/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-window.h: a Keyhole main window */
#pragma once

#include <adwaita.h>

#include "kh-profile-store.h"
#include "kh-profiles-page.h"
#include "kh-session-view.h"

G_BEGIN_DECLS

#define KH_TYPE_WINDOW (kh_window_get_type ())

G_DECLARE_FINAL_TYPE (KhWindow, kh_window, KH, WINDOW, AdwApplicationWindow)

/* Shows the application's profile store (a KhApplication), or the default one. */
KhWindow       *kh_window_new                (GtkApplication *application);
/* Shows @store instead: for tests, with a profiles file of their own. */
KhWindow       *kh_window_new_with_store     (GtkApplication *application,
                                              KhProfileStore *store);
void            kh_window_add_toast          (KhWindow       *self,
                                              AdwToast       *toast);

KhProfilesPage *kh_window_get_profiles_page  (KhWindow       *self);
AdwTabView     *kh_window_get_tab_view       (KhWindow       *self);
/* Opens @profile in a tab and connects, or selects its tab when it is open. */
KhSessionView  *kh_window_open_profile       (KhWindow       *self,
                                              KhProfile      *profile);
/* Starts the sandbox when needed and opens it in a tab (win.open-sandbox). */
KhSessionView  *kh_window_open_sandbox       (KhWindow       *self);
/* The ids of the saved profiles open in tabs, in tab order (no sandbox). */
char          **kh_window_dup_open_profile_ids (KhWindow     *self);
/* Opens the saved profiles with @ids, once the store is loaded; ids no longer
 * in the store are skipped. For the tabs kept in the "open-profiles" setting. */
void            kh_window_reopen_profiles    (KhWindow       *self,
                                              const char * const *ids);

G_END_DECLS
