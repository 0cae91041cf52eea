/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-scanner.h: SCAN a keyspace into a KhKeyIndex, incrementally */
#pragma once

#include <gio/gio.h>

#include "kh-key-index.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_SCANNER (kh_key_scanner_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyScanner, kh_key_scanner, KH, KEY_SCANNER, GObject)

/* Limits on COUNT: each SCAN should keep the server busy for a few
 * milliseconds at most (its budget), yet be large enough that slow links are
 * not slow. COUNT grows only while a SCAN took under half the budget. */
#define KH_KEY_SCANNER_MIN_COUNT 100
#define KH_KEY_SCANNER_MAX_COUNT 16384
#define KH_KEY_SCANNER_TARGET_SERVER_US 2500

KhKeyScanner *kh_key_scanner_new            (KhSession           *session,
                                             KhKeyIndex          *index);

/* Scans the current database. @match and @type may be NULL (every key).
 * Progress is reported through the "n-scanned", "db-size" and "n-batches"
 * properties. On cancellation or a lost connection the keys found so far stay
 * in the index and the error says how many there are. */
void          kh_key_scanner_scan_async     (KhKeyScanner        *self,
                                             const char          *match,
                                             const char          *type,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      kh_key_scanner_scan_finish    (KhKeyScanner        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

gboolean      kh_key_scanner_is_running     (KhKeyScanner *self);
guint64       kh_key_scanner_get_n_scanned  (KhKeyScanner *self);
/* DBSIZE when the scan started; 0 when unknown. */
guint64       kh_key_scanner_get_db_size    (KhKeyScanner *self);
guint         kh_key_scanner_get_n_batches  (KhKeyScanner *self);
guint         kh_key_scanner_get_count      (KhKeyScanner *self);
/* 0..1, from n-scanned over db-size (an estimate: SCAN may return a key twice). */
double        kh_key_scanner_get_fraction   (KhKeyScanner *self);

/* The next COUNT, given the last one, how long its SCAN took beyond the
 * link's round-trip time, and that round trip. Exposed for tests. */
guint         kh_key_scanner_next_count     (guint                count,
                                             gint64               server_us,
                                             gint64               rtt_us);

G_END_DECLS
