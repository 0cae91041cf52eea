/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-keys.h: key presses (and pointer moves) as a user makes them,
 * for widget tests */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether kh_test_press() can work: an X display (Xvfb) with the XTEST
 * extension. The tests that need it skip without, or fail when
 * KH_TEST_REQUIRE_SERVERS=1. */
gboolean kh_test_keys_available (void);

/* Gives @window the X input focus (there is no window manager under Xvfb to
 * do it) and waits until GTK says it is active. */
void     kh_test_focus_window   (GtkWindow  *window);

/* Presses and releases @accel ("<Primary><Shift>e", "Delete", "KP_Delete")
 * through the X server, modifiers and all, as a keyboard would: the window
 * with the input focus gets it, and GTK delivers it to its focus widget.
 * Returns once GTK has had time to handle it (a frame or two). */
void     kh_test_press          (const char *accel);

/* Moves the pointer over @widget, @x and @y pixels from its top left
 * corner, through the X server, as a mouse would. */
void     kh_test_move_pointer   (GtkWidget  *widget,
                                 double      x,
                                 double      y);

G_END_DECLS
