/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser.h: the keys of a database: loading, finding, namespaces and
 * key operations, at any scale */
#pragma once

#include <adwaita.h>

#include "kh-key-index.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_BROWSER (kh_key_browser_get_type ())

G_DECLARE_FINAL_TYPE (KhKeyBrowser, kh_key_browser, KH, KEY_BROWSER, GtkWidget)

/* A browser for the current database of @session; the first time it is
 * mapped, it loads every key with SCAN. @delimiter separates namespaces in
 * the tree view (the profile's, usually ':'). With @economy, per-key details
 * (type, TTL, size) are fetched only on demand ("Load details").
 *
 * Signals:
 *   "key-activated" (KhKeyBrowser *self, GBytes *key): a key was activated
 *   (double-click or Enter) */
GtkWidget  *kh_key_browser_new              (KhSession    *session,
                                             char          delimiter,
                                             gboolean      economy);

KhSession  *kh_key_browser_get_session      (KhKeyBrowser *self);
/* The keys loaded so far. */
KhKeyIndex *kh_key_browser_get_index        (KhKeyBrowser *self);
char        kh_key_browser_get_delimiter    (KhKeyBrowser *self);
gboolean    kh_key_browser_get_economy      (KhKeyBrowser *self);

/* TRUE from the start of a scan until its last key is in the list.
 * Notified as "loading". */
gboolean    kh_key_browser_get_loading      (KhKeyBrowser *self);
/* Starts a new scan of the current database (a running one is stopped):
 * every key, or only those matching the "Server pattern" when it is on. */
void        kh_key_browser_rescan           (KhKeyBrowser *self);
/* Stops a running scan; the keys found so far stay. */
void        kh_key_browser_stop             (KhKeyBrowser *self);

/* "list" or "tree"; also the "browser.view-mode" action. */
const char *kh_key_browser_get_view_mode    (KhKeyBrowser *self);
void        kh_key_browser_set_view_mode    (KhKeyBrowser *self,
                                             const char   *view_mode);

/* The rows the list shows (a GtkSelectionModel of KhKeyItem, or of
 * GtkTreeListRow in the tree view). */
GListModel *kh_key_browser_get_model        (KhKeyBrowser *self);
/* The selected key (a namespace's prefix for a namespace row); NULL when
 * nothing is selected. */
GBytes     *kh_key_browser_get_selected_key (KhKeyBrowser *self);
/* Selects @key and scrolls to it, in the flat list (the filter is cleared if
 * it hides the key). Returns FALSE when the key is not loaded. */
gboolean    kh_key_browser_select_key       (KhKeyBrowser *self,
                                             GBytes       *key);

G_END_DECLS
