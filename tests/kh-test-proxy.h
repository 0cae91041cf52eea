/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-proxy.h: a loopback TCP proxy that delays every chunk, as a distant server's link would */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Listens on a free loopback port and forwards each connection to
 * 127.0.0.1:@upstream_port, holding every chunk @delay_us in each direction.
 * Runs on its own threads until the process exits. Returns the port. */
guint16 kh_test_delay_proxy_start (guint16 upstream_port,
                                   gint64  delay_us);

G_END_DECLS
