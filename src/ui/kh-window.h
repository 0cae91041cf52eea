/* kh-window.h: a Keyhole main window */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KH_TYPE_WINDOW (kh_window_get_type ())

G_DECLARE_FINAL_TYPE (KhWindow, kh_window, KH, WINDOW, AdwApplicationWindow)

KhWindow *kh_window_new       (GtkApplication *application);
void      kh_window_add_toast (KhWindow       *self,
                               AdwToast       *toast);

G_END_DECLS
