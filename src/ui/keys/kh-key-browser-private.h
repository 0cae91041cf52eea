/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-private.h: what kh-key-browser.c (loading, rows, finding)
 * and kh-key-browser-actions.c (key operations and their dialogs) share */
#pragma once

#include "kh-key-browser.h"
#include "kh-key-item.h"
#include "kh-key-list-model.h"
#include "kh-key-metadata.h"
#include "kh-key-ops.h"
#include "kh-key-scanner.h"
#include "kh-key-tree-model.h"
#include "kh-key-unknown-model.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_BROWSER_ROWS (kh_key_browser_rows_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyBrowserRows, kh_key_browser_rows, KH, KEY_BROWSER_ROWS, GObject)

/* A row that stays through a change: where it was, where it is now */
typedef struct {
  guint old_position;
  guint new_position;
} KhKeyBrowserRowsPin;

/* Returns: (transfer full) (nullable): KhKeyBrowserRowsPin, by old position */
typedef GArray *(*KhKeyBrowserRowsPinFunc) (KhKeyBrowserRows *rows,
                                            gpointer          user_data);

/* kh-key-browser-rows.c */
KhKeyBrowserRows *kh_key_browser_rows_new (GListModel              *model,
                                           KhKeyBrowserRowsPinFunc  pin_func,
                                           gpointer                 pin_data);
void              kh_key_browser_rows_set_limit (KhKeyBrowserRows *self,
                                                 guint             limit);
guint             kh_key_browser_rows_get_limit (KhKeyBrowserRows *self);

typedef enum {
  KH_KEY_BROWSER_SORT_NAME,
  KH_KEY_BROWSER_SORT_TTL,
  KH_KEY_BROWSER_SORT_SIZE,
} KhKeyBrowserSort;

/* One row widget of the list, for what GtkListView shows */
typedef struct {
  KhKeyBrowser    *browser;
  GtkListItem     *list_item;
  GtkTreeExpander *expander;     /* tree rows only */
  GtkImage        *icon;         /* tree rows only */
  GtkLabel        *name_label;
  GtkLabel        *count_label;  /* tree rows only */
  GtkLabel        *type_label;
  GtkLabel        *ttl_label;
  GtkLabel        *size_label;
  const char      *type_class;
  KhKeyItem       *item;
  gulong           notify_id;
} KhKeyBrowserRow;

struct _KhKeyBrowser
{
  GtkWidget           parent_instance;

  KhSession          *session;
  char                delimiter;
  gboolean            economy;
  gboolean            read_only;

  /* The keys the views show, and while a scan runs, the keys it found that
   * were not moved to the views yet (see kh-key-browser.c). */
  KhKeyIndex         *index;
  KhKeyIndex         *staging;
  guint32             staging_moved;
  KhKeyScanner       *scanner;
  GCancellable       *scan_cancellable;
  char               *scan_message;     /* why the last scan is incomplete */
  gboolean            scan_lost_connection; /* ... because the connection was lost */
  char               *scan_pattern;     /* SCAN MATCH of what is loaded; NULL: every key */
  gboolean            started;
  gboolean            scanning;
  gboolean            loading;
  guint64             db_size;
  guint               refresh_source;
  guint               move_budget;      /* keys moved per refresh, adapted to take a few ms */
  GBytes             *held_key;         /* moved, but not added yet: see show_pending() */
  gint64              last_show_us;
  guint               last_show_n;      /* keys the views saw then */
  gint64              load_start_us;
  gint64              max_move_us;      /* the longest steps so far, for benchmarks */
  gint64              max_show_us;

  KhKeyMetadata      *metadata;
  KhKeyListModel     *flat_model;
  KhKeyBrowserRows   *flat_rows;        /* flat_model as the list view sees it */
  GtkTreeListModel   *tree_model;
  GListStore         *sorted_store;     /* TTL or size order, of keys with details */
  KhKeyUnknownModel  *unknown_model;    /* the other keys shown, after them */
  KhKeyBrowserRows   *unknown_rows;     /* unknown_model as the list view sees it */
  GtkFlattenListModel *sorted_model;    /* the two, as the TTL and size orders show them */
  guint               sorted_refresh_source; /* details arrived: the order is made again */
  GHashTable         *known;            /* GBytes -> KhKeyItem whose details arrived */
  GPtrArray          *all_details_items; /* KhKeyItem still asked about, or NULL (kh-key-browser-details.c) */
  guint               all_details_done;
  guint               all_details_total;
  guint               all_details_timeout;
  GtkSingleSelection *selection;
  GtkListItemFactory *flat_factory;
  GtkListItemFactory *tree_factory;
  gboolean            tree_view;
  KhKeyBrowserSort    sort;
  gboolean            filtered;
  guint               selection_freeze; /* > 0 while the index changes */
  GArray             *move_refs;        /* KhKeyRef, reused by each refresh */

  GHashTable         *bound_rows;       /* Row *, the rows on screen */
  guint               reveal_tick;      /* raises flat_rows' limit a step per frame */
  guint               reveal_idle;      /* ... in an idle after the frame */
  guint               loading_page_timeout;
  gboolean            placeholder_waiting; /* to be shown, in a frame of its own */
  guint               details_idle;     /* asks again for the rows bound after a jump */
  gboolean            user_moved;       /* scrolled, clicked or typed in the list since the load began */
  guint               ttl_timer;
  double              last_scroll;
  int                 row_height;       /* of a laid out row, 0 until one is; see position_in_view */
  guint               database_switching;

  GCancellable       *op_cancellable;   /* key operations; cancelled on dispose */

  /* Keys found missing, and the check of the keys loaded (kh-key-browser-loading.c) */
  GPtrArray          *vanished;         /* GBytes, to be forgotten in vanished_idle */
  guint               vanished_idle;
  guint               n_vanished;       /* since the last check */
  KhKeyScanner       *check_scanner;
  KhKeyIndex         *check_found;      /* what SCAN found, drained into check_seen */
  GArray             *check_seen;       /* guint64 bitmap by id of the index */
  GCancellable       *check_cancellable;
  guint64             check_generation;
  guint32             check_first_new_id;

  /* template children */
  AdwToastOverlay    *toast_overlay;
  GtkPaned           *paned;
  GtkDropDown        *database_dropdown;
  GtkButton          *new_key_button;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *server_pattern_button;
  GtkToggleButton    *list_button;
  GtkToggleButton    *tree_button;
  GtkDropDown        *sort_dropdown;
  GtkMenuButton      *menu_button;
  GtkImage           *read_only_icon;
  GtkLabel           *status_label;
  GtkProgressBar     *progress_bar;
  GtkButton          *stop_button;
  GtkButton          *rescan_button;
  GtkRevealer        *note_revealer;
  GtkLabel           *note_label;
  GtkButton          *all_details_button;
  GtkStack           *list_stack;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  GtkButton          *copy_button;
  GtkButton          *rename_button;
  GtkButton          *ttl_button;
  GtkButton          *details_button;
  GtkButton          *delete_button;
  AdwStatusPage      *value_placeholder;
  GtkStack           *value_stack;    /* the placeholder, and the value view once made */
  GtkWidget          *value_view;
  GMenuModel         *key_menu;
  GMenuModel         *namespace_menu;
  GtkWidget          *row_popover;
};

/* kh-key-browser.c */
KhKeyItem *kh_key_browser_dup_selected_item (KhKeyBrowser *self);
/* The KhKeyItem of a row object (a KhKeyItem, or a GtkTreeListRow of one) */
KhKeyItem *kh_key_browser_item_from_row     (gpointer      object);
void       kh_key_browser_set_loading       (KhKeyBrowser *self,
                                             gboolean      loading);
void       kh_key_browser_update_empty_state (KhKeyBrowser *self);
void       kh_key_browser_toast             (KhKeyBrowser *self,
                                             const char   *text);
/* Changes of the index go between these two: the actions are updated once,
 * at the end. */
void       kh_key_browser_begin_change      (KhKeyBrowser *self);
void       kh_key_browser_end_change        (KhKeyBrowser *self);
/* Removes keys from the views (and the scan in progress) after the server
 * removed them. */
void       kh_key_browser_forget_key        (KhKeyBrowser *self,
                                             GBytes       *key);
void       kh_key_browser_forget_keys       (KhKeyBrowser *self,
                                             GPtrArray    *keys);
void       kh_key_browser_forget_matching   (KhKeyBrowser *self,
                                             GBytes       *pattern);
/* Adds a key the server has, then selects it. */
void       kh_key_browser_reveal_key        (KhKeyBrowser *self,
                                             GBytes       *key);
void       kh_key_browser_update_actions    (KhKeyBrowser *self);
/* Makes the TTL or size order again, if it is shown */
void       kh_key_browser_refresh_sorted    (KhKeyBrowser *self);
/* ... soon, once the details that arrive together are in */
void       kh_key_browser_queue_refresh_sorted (KhKeyBrowser *self);
void       kh_key_browser_update_sorted_note (KhKeyBrowser *self);
/* Shows the value side's placeholder in the next frame but one */
void       kh_key_browser_show_placeholder_soon (KhKeyBrowser *self);
/* Stops revealing the first rows of a load a step per frame; the list keeps its limit */
void       kh_key_browser_cancel_reveal         (KhKeyBrowser *self);
/* "1,234,567" in the user's locale */
char      *kh_key_browser_format_count      (guint64       n);
/* The inverse of kh_key_escape(): \\ and \xHH become bytes again */
GBytes    *kh_key_browser_unescape          (const char   *text);

/* The position of @key in the flat model (filtered or not), by binary search */
guint      _kh_key_browser_flat_position    (KhKeyBrowser *self,
                                             const char   *key,
                                             gsize         len);
/* Shows the model the view mode and the order ask for */
void       _kh_key_browser_update_model     (KhKeyBrowser *self);

/* kh-key-browser-pins.c */
GArray    *_kh_key_browser_pin_rows         (KhKeyBrowserRows *rows,
                                             gpointer          user_data);
GArray    *_kh_key_browser_pin_unknown_rows (KhKeyBrowserRows *rows,
                                             gpointer          user_data);

/* kh-key-browser-sorted.c */
void       _kh_key_browser_rebuild_sorted   (KhKeyBrowser *self);

/* kh-key-browser-finding.c */
void       _kh_key_browser_class_init_finding (GtkWidgetClass *widget_class);

/* kh-key-browser-selection.c */
void       _kh_key_browser_on_selection_changed (KhKeyBrowser *self);

/* kh-key-browser-session.c */
void       _kh_key_browser_connect_session  (KhKeyBrowser *self);
void       _kh_key_browser_setup_databases  (KhKeyBrowser *self);
void       _kh_key_browser_on_database_dropdown (KhKeyBrowser *self);

/* kh-key-browser-loading.c */
void       kh_key_browser_start_scan        (KhKeyBrowser *self);
void       kh_key_browser_cancel_scan       (KhKeyBrowser *self);
/* Tells the views about keys moved into the index since they last looked;
 * anything that reads or changes the index through the views calls it first */
void       kh_key_browser_show_pending      (KhKeyBrowser *self);
void       kh_key_browser_update_status     (KhKeyBrowser *self);
/* A key the server no longer has: forgotten, and the keys loaded checked
 * when more go */
void       kh_key_browser_key_vanished      (KhKeyBrowser *self,
                                             GBytes       *key);
void       kh_key_browser_cancel_check      (KhKeyBrowser *self);
/* Silences the views while the index changes in many steps */
GArray    *kh_key_browser_block_index_changed   (KhKeyBrowser *self);
void       kh_key_browser_unblock_index_changed (KhKeyBrowser *self,
                                                 GArray       *blocked);

/* kh-key-browser-details.c */
/* Keys shown, at most, for "Load All" to be offered: 30,000 commands */
#define KH_KEY_BROWSER_ALL_DETAILS_MAX 10000
void       kh_key_browser_class_init_all_details (GtkWidgetClass *widget_class);
void       kh_key_browser_update_all_details (KhKeyBrowser *self);
void       kh_key_browser_stop_all_details  (KhKeyBrowser *self);

/* kh-key-browser-factory.c */
void       kh_key_browser_init_factories    (KhKeyBrowser *self);
void       kh_key_browser_ensure_css        (GtkWidget    *widget);
gboolean   kh_key_browser_tick_ttl          (gpointer      data);
/* "2 h 00 min": a time to live as the rows show it */
char      *kh_key_browser_format_ttl        (gint64        ms);
/* Adds a key whose details arrived to those of the TTL and size orders */
void       kh_key_browser_remember_known    (KhKeyBrowser *self,
                                             KhKeyItem    *item);
/* Asks for the details of the key rows in view that have none (not while keys load) */
void       kh_key_browser_request_bound_details (KhKeyBrowser *self);

/* kh-key-browser-actions.c */
void       kh_key_browser_class_init_actions (GtkWidgetClass *widget_class);
/* A modal message dialog over the browser's window, closed as "cancel" */
AdwMessageDialog *kh_key_browser_new_dialog (KhKeyBrowser *self,
                                             const char   *heading,
                                             const char   *body);

/* "key", escaped for messages (kh_key_escape()) */
char      *_kh_key_browser_escape_bytes     (GBytes       *bytes);
gboolean   _kh_key_browser_is_cancelled     (const GError *error);

/* kh-key-browser-bulk-delete.c */
void       _kh_key_browser_delete_namespace_action (GtkWidget  *widget,
                                                    const char *action_name,
                                                    GVariant   *parameter);
void       _kh_key_browser_delete_matching_action  (GtkWidget  *widget,
                                                    const char *action_name,
                                                    GVariant   *parameter);

/* kh-key-browser-typing.c */
void       kh_key_browser_init_typing        (KhKeyBrowser *self);

/* kh-key-browser-new-key.c */
void       kh_key_browser_class_init_new_key (GtkWidgetClass *widget_class);

G_END_DECLS
