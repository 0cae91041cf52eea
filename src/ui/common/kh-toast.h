/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-toast.h: passing news, shown in the toast overlay nearest a widget */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @toast (consumed) in the nearest AdwToastOverlay above @widget; FALSE,
 * and the toast dropped, when there is none (a widget not in a window yet). */
gboolean kh_toast_add  (GtkWidget  *widget,
                        AdwToast   *toast);

/* Shows @text as a toast, as kh_toast_add() does. */
gboolean kh_toast_show (GtkWidget  *widget,
                        const char *text);

G_END_DECLS
