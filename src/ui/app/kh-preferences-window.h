/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-preferences-window.h: the application's preferences */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KH_TYPE_PREFERENCES_WINDOW (kh_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KhPreferencesWindow, kh_preferences_window, KH, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Every row is bound to @settings (an app.keyhole.Keyhole GSettings): a change
 * is saved at once. With NULL, the application's schema is loaded; when it is
 * not installed, the rows are shown insensitive with a note saying why. */
KhPreferencesWindow *kh_preferences_window_new          (GSettings           *settings);
/* The settings the rows are bound to, or NULL without a schema. */
GSettings           *kh_preferences_window_get_settings (KhPreferencesWindow *self);

G_END_DECLS
