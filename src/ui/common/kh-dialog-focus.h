/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-dialog-focus.h: gives a window the keyboard focus back when one of its
 * dialogs closes */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* From now on, when a dialog transient for @window closes, the widget of
 * @window that had the focus when the dialog opened gets it back (see the
 * .c file for when it cannot). */
void kh_dialog_focus_watch (GtkWindow *window);

G_END_DECLS
