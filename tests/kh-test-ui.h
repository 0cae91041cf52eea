/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-ui.h: helpers the widget tests share: starting GTK, waiting on
 * the main loop, and finding widgets and windows */
#pragma once

#include <adwaita.h>

#include "kh-test-util.h"

G_BEGIN_DECLS

/* gtk_init() and adw_init() when there is a display (DISPLAY or
 * WAYLAND_DISPLAY); without one the tests skip, see
 * kh_test_skip_without_display(). Call after g_test_init(). */
void              kh_test_ui_init                (void);

/* Iterates the default main context fifty times without blocking, for what
 * comes a frame or two later (a crossfade, a destroyed window's idle). */
void              kh_test_iterate_briefly        (void);

/* Iterates the default main context until @condition (data) holds; the test
 * fails, at the caller's line, after @timeout_ms. */
#define kh_test_wait_for(condition, data, timeout_ms) \
  g_assert_true (kh_test_iterate_until ((condition), (gpointer) (data), (timeout_ms)))

/* Whether @widget is the one looked for, as @data describes it. */
typedef gboolean (*KhTestWidgetTest) (GtkWidget     *widget,
                                      gconstpointer  data);

/* The first widget, @widget or below it (depth first), for which @test
 * holds, or NULL. */
GtkWidget        *kh_test_find_widget            (GtkWidget        *widget,
                                                  KhTestWidgetTest  test,
                                                  gconstpointer     data);
/* The first GtkLabel, @widget or below it (depth first), whose label as set
 * (gtk_label_get_label()) is @label, or NULL. */
GtkWidget        *kh_test_find_label             (GtkWidget  *widget,
                                                  const char *label);
/* The first instance of @type, @widget or below it, or NULL. */
GtkWidget        *kh_test_find_widget_of_type    (GtkWidget  *widget,
                                                  GType       type);
/* The first GtkActionable for @action_name ("win.add-connection"), @widget
 * or below it, or NULL. */
GtkWidget        *kh_test_find_actionable        (GtkWidget  *widget,
                                                  const char *action_name);

/* Whether @accels (as gtk_application_get_accels_for_action() gives them)
 * hold the accelerator @wanted ("<Primary>q"), compared parsed: GTK stores
 * <Primary> as the platform's modifier. The test fails when @wanted does not
 * parse. */
gboolean          kh_test_has_accel              (char       **accels,
                                                  const char  *wanted);

/* The first toplevel window that is an instance of @type, shown or not, or NULL. */
GtkWindow        *kh_test_find_toplevel          (GType       type);
/* The first visible toplevel window that is an instance of @type, or NULL. */
GtkWindow        *kh_test_find_shown_toplevel    (GType       type);
/* The visible AdwMessageDialog, or NULL. */
AdwMessageDialog *kh_test_find_message_dialog    (void);

G_END_DECLS
