/* kh-key-browser.c: the keys of a database: models, finding, selection
 *
 * The browser shows one index of keys (KhKeyIndex) through three models: the
 * flat list (KhKeyListModel, optionally filtered, seen through
 * KhKeyBrowserRows), the namespace tree (GtkTreeListModel over
 * KhKeyTreeModel, made only while shown) and, for the TTL and size orders, a
 * list of the keys whose details are known. Loading is in
 * kh-key-browser-loading.c, the rows in kh-key-browser-factory.c and the key
 * operations in kh-key-browser-actions.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-format.h"
#include "kh-key-browser-private.h"
#include "kh-value-view.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DELIMITER,
  PROP_ECONOMY,
  PROP_LOADING,
  PROP_VIEW_MODE,
  N_PROPS
};

enum {
  KEY_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KhKeyBrowser, kh_key_browser, GTK_TYPE_WIDGET)

static void kh_key_browser_update_model (KhKeyBrowser *self);

/* Text helpers */

char *
kh_key_browser_format_count (guint64 n)
{
  return kh_format_count (n);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

GBytes *
kh_key_browser_unescape (const char *text)
{
  GByteArray *out = g_byte_array_new ();

  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 c = (guint8) *p;

      if (p[0] == '\\' && p[1] == '\\')
        p++;
      else if (p[0] == '\\' && p[1] == 'x' && hex_value (p[2]) >= 0 && hex_value (p[3]) >= 0)
        {
          c = (guint8) (hex_value (p[2]) * 16 + hex_value (p[3]));
          p += 3;
        }
      g_byte_array_append (out, &c, 1);
    }
  return g_byte_array_free_to_bytes (out);
}

void
kh_key_browser_toast (KhKeyBrowser *self,
                      const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Selection */

KhKeyItem *
kh_key_browser_item_from_row (gpointer object)
{
  if (object == NULL)
    return NULL;
  if (GTK_IS_TREE_LIST_ROW (object))
    return gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (object));
  return g_object_ref (object);
}

KhKeyItem *
kh_key_browser_dup_selected_item (KhKeyBrowser *self)
{
  return kh_key_browser_item_from_row (gtk_single_selection_get_selected_item (self->selection));
}

GBytes *
kh_key_browser_get_selected_key (KhKeyBrowser *self)
{
  g_autoptr(KhKeyItem) item = NULL;

  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), NULL);

  item = kh_key_browser_dup_selected_item (self);
  return item != NULL ? kh_key_item_get_key (item) : NULL;
}

/* The position of @key in the flat model (filtered or not), by binary search */
static guint
flat_position (KhKeyBrowser *self,
               const char   *key,
               gsize         len)
{
  GListModel *model = G_LIST_MODEL (self->flat_model);
  guint lo = 0, hi = g_list_model_get_n_items (model);
  guint n = hi;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gsize mlen;
      const char *m = kh_key_index_get_key (self->index, kh_key_list_model_get_key_id (self->flat_model, mid), &mlen);

      if (kh_key_compare (m, mlen, key, len, self->delimiter) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo < n)
    {
      gsize mlen;
      const char *m = kh_key_index_get_key (self->index, kh_key_list_model_get_key_id (self->flat_model, lo), &mlen);

      if (mlen == len && memcmp (m, key, len) == 0)
        return lo;
    }
  return GTK_INVALID_LIST_POSITION;
}

void
kh_key_browser_begin_change (KhKeyBrowser *self)
{
  self->selection_freeze++;
}

void
kh_key_browser_end_change (KhKeyBrowser *self)
{
  g_return_if_fail (self->selection_freeze > 0);

  self->selection_freeze--;
  if (self->selection_freeze == 0)
    kh_key_browser_update_actions (self);
}

static int
compare_pins (gconstpointer a,
              gconstpointer b)
{
  const KhKeyBrowserRowsPin *pa = a, *pb = b;

  return pa->old_position < pb->old_position ? -1 : pa->old_position > pb->old_position;
}

/* Where a row's key is after the change: in the flat list, or among the
 * keys without details after the TTL or size order */
static guint
new_position (KhKeyBrowser *self,
              gboolean      unknown,
              const char   *key,
              gsize         len)
{
  guint position;

  if (!unknown)
    return flat_position (self, key, len);
  position = kh_key_unknown_model_get_position (self->unknown_model, key, len);
  return position == G_MAXUINT ? GTK_INVALID_LIST_POSITION : position;
}

/* @offset: the rows of the list view before those of the changing model */
static void
add_pin (KhKeyBrowser *self,
         GArray       *pins,
         guint         offset,
         gboolean      unknown,
         guint         list_position,
         KhKeyItem    *item)
{
  KhKeyBrowserRowsPin pin;
  gsize len;
  const char *key;

  if (item == NULL || list_position == GTK_INVALID_LIST_POSITION || list_position < offset ||
      kh_key_item_get_is_namespace (item))
    return;
  key = g_bytes_get_data (kh_key_item_get_key (item), &len);
  pin.old_position = list_position - offset;
  pin.new_position = new_position (self, unknown, key != NULL ? key : "", len);
  if (pin.new_position != GTK_INVALID_LIST_POSITION)
    g_array_append_val (pins, pin);
}

/* The rows that stay when the flat list changes: those on screen (GTK
 * tracks the top one and the focused one), the selected one, and the last
 * row GtkListView has: GTK looks for the rows a change removes among all
 * those it adds, one g_list_model_get_item() each, which after that row is
 * every key to the end. Not the other rows GtkListView has off screen: each
 * pin splits the change in one more report, and GTK (4.8) binds again every
 * row after a report in its range; pinning all its 200 rows made a refresh
 * of a loading list take 10-20 ms and 1,300-6,100 binds. The same for the
 * keys without details after the TTL or size order, @offset rows down. */
static GArray *
collect_pins (KhKeyBrowser *self,
              GListModel   *shown,
              guint         offset,
              gboolean      unknown)
{
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
  int height = gtk_widget_get_height (GTK_WIDGET (self->scroller));
  KhKeyBrowserRow *last = NULL;
  guint last_position = 0;
  GArray *pins;
  GHashTableIter iter;
  gpointer key;

  if (gtk_single_selection_get_model (self->selection) != shown)
    return NULL;

  pins = g_array_new (FALSE, FALSE, sizeof (KhKeyBrowserRowsPin));
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      KhKeyBrowserRow *row = key;
      GtkWidget *child = gtk_list_item_get_child (row->list_item);
      guint position = gtk_list_item_get_position (row->list_item);
      graphene_rect_t bounds;

      if (child == NULL)
        continue;
      if (last == NULL || position > last_position)
        {
          last = row;
          last_position = position;
        }
      if ((focus != NULL && gtk_widget_get_parent (child) == focus) ||
          (gtk_widget_compute_bounds (child, GTK_WIDGET (self->scroller), &bounds) &&
           bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height))
        add_pin (self, pins, offset, unknown, position, row->item);
    }
  if (last != NULL)
    add_pin (self, pins, offset, unknown, last_position, last->item);
  add_pin (self, pins, offset, unknown, gtk_single_selection_get_selected (self->selection),
           gtk_single_selection_get_selected_item (self->selection));
  g_array_sort (pins, compare_pins);
  return pins;
}

static GArray *
pin_rows (KhKeyBrowserRows *rows,
          gpointer          user_data)
{
  return collect_pins (user_data, G_LIST_MODEL (rows), 0, FALSE);
}

static GArray *
pin_unknown_rows (KhKeyBrowserRows *rows,
                  gpointer          user_data)
{
  KhKeyBrowser *self = user_data;

  return collect_pins (self, G_LIST_MODEL (self->sorted_model),
                       g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store)), TRUE);
}

/* Models */

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  KhKeyBrowser *self = user_data;
  gsize len;
  const char *prefix;

  if (!kh_key_item_get_is_namespace (item))
    return NULL;
  prefix = g_bytes_get_data (kh_key_item_get_key (item), &len);
  return G_LIST_MODEL (kh_key_tree_model_new (self->index, prefix, len));
}

static GListModel *
wanted_model (KhKeyBrowser *self)
{
  if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    return G_LIST_MODEL (self->sorted_model);
  if (self->filtered || !self->tree_view)
    return G_LIST_MODEL (self->flat_rows);

  /* Made only while shown: each expanded namespace recomputes its children on
   * every change of the index */
  if (self->tree_model == NULL)
    {
      g_autoptr(KhKeyTreeModel) root = kh_key_tree_model_new (self->index, NULL, 0);

      self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&root)), FALSE, FALSE,
                                                  create_child_model, self, NULL);
    }
  return G_LIST_MODEL (self->tree_model);
}

/* The "Loading Keys…" page waits this long for the first keys */
#define LOADING_PAGE_DELAY_MS 300

static void
on_loading_page_timeout (gpointer data)
{
  KhKeyBrowser *self = data;

  self->loading_page_timeout = 0;
  kh_key_browser_update_empty_state (self);
}

void
kh_key_browser_update_empty_state (KhKeyBrowser *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  adw_status_page_set_description (self->empty_page, NULL);
  if (self->loading && kh_key_index_get_n_keys (self->index) == 0)
    {
      /* A fast server's first keys come before this page could be drawn
       * (a status page costs milliseconds to lay out the first time): it is
       * shown only once the wait is noticeable */
      if (g_get_monotonic_time () - self->load_start_us < LOADING_PAGE_DELAY_MS * 1000)
        {
          gtk_stack_set_visible_child_name (self->list_stack, "list");
          if (self->loading_page_timeout == 0)
            self->loading_page_timeout = g_timeout_add_once (LOADING_PAGE_DELAY_MS, on_loading_page_timeout, self);
          return;
        }
      adw_status_page_set_title (self->empty_page, _("Loading Keys…"));
    }
  else if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    {
      adw_status_page_set_title (self->empty_page, _("No Key Details Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("TTL and size are known for keys that were on screen. "
                                         "Sort by name and scroll through the keys to load them."));
    }
  else if (self->filtered)
    {
      g_autofree char *text = g_strdup_printf (_("No loaded key matches “%s”."), search);

      adw_status_page_set_title (self->empty_page, _("No Matching Keys"));
      adw_status_page_set_description (self->empty_page, text);
    }
  else if (self->scan_pattern != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No key on the server matches “%s”."), self->scan_pattern);

      adw_status_page_set_title (self->empty_page, _("No Matching Keys"));
      adw_status_page_set_description (self->empty_page, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Database %u has no keys."), kh_session_get_database (self->session));

      adw_status_page_set_title (self->empty_page, _("No Keys"));
      adw_status_page_set_description (self->empty_page, text);
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* Ties in the TTL and size orders (keys without expiry, all of one size) are
 * in name order, as the keys without details after them */
static int
compare_by_name (KhKeyBrowser *self,
                 KhKeyItem    *a,
                 KhKeyItem    *b)
{
  gsize alen, blen;
  const char *ka = g_bytes_get_data (kh_key_item_get_key (a), &alen);
  const char *kb = g_bytes_get_data (kh_key_item_get_key (b), &blen);

  return kh_key_compare (ka != NULL ? ka : "", alen, kb != NULL ? kb : "", blen, self->delimiter);
}

static int
compare_by_ttl (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  KhKeyBrowser *self = user_data;
  KhKeyItem *items[2] = { *(KhKeyItem **) a, *(KhKeyItem **) b };
  gint64 ttl[2];

  for (guint i = 0; i < 2; i++)
    {
      gsize len;
      const char *key = g_bytes_get_data (kh_key_item_get_key (items[i]), &len);

      ttl[i] = kh_key_metadata_get_remaining_ttl (self->metadata, key != NULL ? key : "", len);
      if (ttl[i] == KH_KEY_TTL_MISSING)
        ttl[i] = kh_key_item_get_ttl (items[i]);
      /* Keys without expiry go last */
      if (ttl[i] < 0)
        ttl[i] = G_MAXINT64;
    }
  if (ttl[0] != ttl[1])
    return ttl[0] < ttl[1] ? -1 : 1;
  return compare_by_name (self, items[0], items[1]);
}

static int
compare_by_size (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  KhKeyItem *ia = *(KhKeyItem **) a, *ib = *(KhKeyItem **) b;
  gint64 sa = kh_key_item_get_size (ia);
  gint64 sb = kh_key_item_get_size (ib);

  /* The largest first; unknown sizes (-1) last */
  if (sa != sb)
    return sa > sb ? -1 : 1;
  return compare_by_name (user_data, ia, ib);
}

/* The TTL and size orders sort the keys whose details are known: sorting a
 * million rows would mean a million TYPE/PTTL/MEMORY USAGE round trips. The
 * other keys follow in name order (unknown_model), so that every key shown
 * by name is shown in these orders too. */
static void
rebuild_sorted (KhKeyBrowser *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  KhKeyFilterMode mode = strpbrk (search, "*?[") != NULL ? KH_KEY_FILTER_GLOB : KH_KEY_FILTER_SUBSTRING;
  gsize search_len = strlen (search);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gsize len;
      const char *key = g_bytes_get_data (kh_key_item_get_key (value), &len);

      if (kh_key_item_get_metadata_state (value) != KH_KEY_METADATA_LOADED)
        continue;
      if (search_len > 0 && !gtk_toggle_button_get_active (self->server_pattern_button) &&
          !kh_key_filter_match (search, search_len, mode, key != NULL ? key : "", len))
        continue;
      g_ptr_array_add (items, value);
    }

  if (self->sort == KH_KEY_BROWSER_SORT_TTL)
    g_ptr_array_sort_with_data (items, compare_by_ttl, self);
  else
    g_ptr_array_sort_with_data (items, compare_by_size, self);

  g_clear_handle_id (&self->sorted_refresh_source, g_source_remove);
  g_list_store_splice (self->sorted_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store)),
                       items->pdata, items->len);
  kh_key_unknown_model_refresh (self->unknown_model);
  kh_key_browser_update_sorted_note (self);
}

/* Says what the TTL or size order holds, and how to get the rest in order;
 * also after keys left it */
void
kh_key_browser_update_sorted_note (KhKeyBrowser *self)
{
  guint n, n_unknown;
  g_autofree char *count = NULL;
  g_autofree char *known = NULL;
  g_autofree char *note = NULL;

  /* Disposed, or another order */
  if (self->unknown_model == NULL || self->sort == KH_KEY_BROWSER_SORT_NAME || self->all_details_items != NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store));
  n_unknown = g_list_model_get_n_items (G_LIST_MODEL (self->unknown_model));
  count = kh_key_browser_format_count (n);
  if (self->sort == KH_KEY_BROWSER_SORT_TTL)
    known = g_strdup_printf (ngettext ("Sorted by TTL, soonest first: the %s key whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       "Sorted by TTL, soonest first: the %s keys whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       n), count);
  else
    known = g_strdup_printf (ngettext ("Sorted by size, largest first: the %s key whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       "Sorted by size, largest first: the %s keys whose details are loaded. "
                                       "Details load for the keys you see in the name order.",
                                       n), count);

  if (n_unknown > 0)
    {
      g_autofree char *unknown = kh_key_browser_format_count (n_unknown);
      g_autofree char *max = kh_key_browser_format_count (KH_KEY_BROWSER_ALL_DETAILS_MAX);
      g_autofree char *rest = g_strdup_printf (ngettext ("The %s key without details follows in name order.",
                                                         "The %s keys without details follow in name order.",
                                                         n_unknown), unknown);
      g_autofree char *how = NULL;

      if (g_list_model_get_n_items (G_LIST_MODEL (self->flat_model)) <= KH_KEY_BROWSER_ALL_DETAILS_MAX)
        how = g_strdup (_("Load All… asks the server for their details."));
      else
        /* Translators: %s is a number of keys, "10,000" */
        how = g_strdup_printf (_("To sort them too, filter the list to %s keys or fewer, then choose Load All…"), max);
      note = g_strdup_printf ("%s %s %s", known, rest, how);
    }
  else
    note = g_steal_pointer (&known);
  gtk_label_set_text (self->note_label, note);
  kh_key_browser_update_all_details (self);
}

void
kh_key_browser_refresh_sorted (KhKeyBrowser *self)
{
  if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    rebuild_sorted (self);
}

/* Details come a batch of replies at a time, a key each: the keys move into
 * place once per batch. Not during "Load All", which sorts at its end. */
#define SORTED_REFRESH_DELAY_MS 200

static gboolean
on_sorted_refresh (gpointer data)
{
  KhKeyBrowser *self = data;

  self->sorted_refresh_source = 0;
  kh_key_browser_refresh_sorted (self);
  return G_SOURCE_REMOVE;
}

void
kh_key_browser_queue_refresh_sorted (KhKeyBrowser *self)
{
  if (self->sort == KH_KEY_BROWSER_SORT_NAME || self->all_details_items != NULL || self->sorted_refresh_source != 0)
    return;
  self->sorted_refresh_source = g_timeout_add (SORTED_REFRESH_DELAY_MS, on_sorted_refresh, self);
}

static void
kh_key_browser_update_model (KhKeyBrowser *self)
{
  GListModel *model;

  kh_key_browser_show_pending (self);
  model = wanted_model (self);

  if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    rebuild_sorted (self);
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store)) > 0)
    {
      /* Not shown: the keys without details need not follow every change */
      g_list_store_remove_all (self->sorted_store);
      kh_key_unknown_model_refresh (self->unknown_model);
    }
  gtk_revealer_set_reveal_child (self->note_revealer, self->sort != KH_KEY_BROWSER_SORT_NAME);

  if (gtk_single_selection_get_model (self->selection) != model)
    {
      g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);
      g_autoptr(GBytes) key = item != NULL ? g_bytes_ref (kh_key_item_get_key (item)) : NULL;

      GtkListItemFactory *factory = model == G_LIST_MODEL (self->tree_model) ? self->tree_factory
                                                                              : self->flat_factory;

      /* Without a model while the factory changes, so rows are made once */
      if (gtk_list_view_get_factory (self->list_view) != factory)
        {
          gtk_list_view_set_model (self->list_view, NULL);
          gtk_list_view_set_factory (self->list_view, factory);
        }
      gtk_single_selection_set_model (self->selection, model);
      if (gtk_list_view_get_model (self->list_view) == NULL)
        gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
      if (key != NULL && model == G_LIST_MODEL (self->flat_rows))
        {
          gsize len;
          const char *data = g_bytes_get_data (key, &len);
          guint position = flat_position (self, data, len);

          if (position != GTK_INVALID_LIST_POSITION)
            gtk_single_selection_set_selected (self->selection, position);
        }
    }

  /* Once out of the tree view, forget it (and its expanded namespaces) */
  if (model != G_LIST_MODEL (self->tree_model) && self->tree_model != NULL)
    g_clear_object (&self->tree_model);

  kh_key_browser_update_empty_state (self);
  kh_key_browser_update_actions (self);
}

void
kh_key_browser_set_loading (KhKeyBrowser *self,
                            gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  kh_key_browser_update_all_details (self);
}

/* Finding */

static void
on_search_changed (KhKeyBrowser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  KhKeyFilterMode mode = strpbrk (text, "*?[") != NULL ? KH_KEY_FILTER_GLOB : KH_KEY_FILTER_SUBSTRING;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *filter = NULL;

  /* A server pattern is sent on Enter, not as you type */
  if (gtk_toggle_button_get_active (self->server_pattern_button))
    return;

  /* The filter matches bytes: typed \xHH escapes mean those bytes; a glob
   * keeps its backslashes, which escape glob characters */
  if (mode == KH_KEY_FILTER_SUBSTRING && strchr (text, '\\') != NULL)
    {
      bytes = kh_key_browser_unescape (text);
      filter = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else
    filter = g_strdup (text);

  kh_key_browser_show_pending (self);
  kh_key_browser_begin_change (self);
  kh_key_list_model_set_filter (self->flat_model, filter, mode);
  self->filtered = *filter != '\0';
  kh_key_browser_end_change (self);

  kh_key_browser_update_model (self);
  kh_key_browser_update_status (self);
}

static void
on_search_activate (KhKeyBrowser *self)
{
  if (gtk_toggle_button_get_active (self->server_pattern_button))
    {
      kh_key_browser_start_scan (self);
      return;
    }
  /* Enter in the filter: on to the first match */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
}

static void
on_search_stop (KhKeyBrowser *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_server_pattern_toggled (KhKeyBrowser *self)
{
  gboolean active = gtk_toggle_button_get_active (self->server_pattern_button);

  g_object_set (self->search_entry, "placeholder-text",
                active ? _("Server pattern, then Enter (user:*)") : _("Filter loaded keys"),
                NULL);
  if (active)
    {
      /* The pattern now goes to the server: drop the local filter */
      kh_key_browser_begin_change (self);
      kh_key_list_model_set_filter (self->flat_model, NULL, KH_KEY_FILTER_SUBSTRING);
      self->filtered = FALSE;
      kh_key_browser_end_change (self);
      kh_key_browser_update_model (self);
      kh_key_browser_update_status (self);
    }
  else
    {
      /* Back to every key if only a pattern's keys are loaded */
      if (self->scan_pattern != NULL && self->started)
        kh_key_browser_start_scan (self);
      on_search_changed (self);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Selection and activation */

static void
on_value_key_deleted (KhKeyBrowser *self,
                      GBytes       *key)
{
  kh_key_browser_forget_key (self, key);
}

static void
on_value_key_renamed (KhKeyBrowser *self,
                      GBytes       *old_key,
                      GBytes       *new_key)
{
  kh_key_browser_forget_key (self, old_key);
  kh_key_browser_reveal_key (self, new_key);
}

static void
update_placeholder (KhKeyBrowser *self)
{
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  gsize len;
  const char *key;

  if (item != NULL)
    {
      key = g_bytes_get_data (kh_key_item_get_key (item), &len);
      name = kh_key_escape (key, len);
    }

  if (item == NULL)
    text = NULL;
  else if (kh_key_item_get_is_namespace (item))
    {
      g_autofree char *count = kh_key_browser_format_count (kh_key_item_get_n_keys (item));

      text = g_strdup_printf (ngettext ("Namespace %s with %s key", "Namespace %s with %s keys",
                                        kh_key_item_get_n_keys (item)),
                              name, count);
    }
  else if (kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED)
    text = g_strdup_printf ("%s · %s", name, kh_key_item_get_key_type (item));
  else
    text = g_steal_pointer (&name);

  adw_status_page_set_description (self->value_placeholder, text);
}

/* The selected key's value shows beside the list; namespaces show the placeholder. */
static void
update_value_view (KhKeyBrowser *self)
{
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);

  if (item == NULL || kh_key_item_get_is_namespace (item))
    {
      if (self->value_view != NULL)
        kh_value_view_set_key (KH_VALUE_VIEW (self->value_view), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->value_placeholder), TRUE);
      gtk_stack_set_visible_child (self->value_stack, GTK_WIDGET (self->value_placeholder));
      return;
    }

  if (self->value_view == NULL)
    {
      self->value_view = kh_value_view_new (self->session);
      gtk_stack_add_child (self->value_stack, self->value_view);
      g_signal_connect_object (self->value_view, "key-deleted", G_CALLBACK (on_value_key_deleted), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->value_view, "key-renamed", G_CALLBACK (on_value_key_renamed), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_stack_set_visible_child (self->value_stack, self->value_view);
  {
    GBytes *shown = kh_value_view_get_key (KH_VALUE_VIEW (self->value_view));
    GBytes *key = kh_key_item_get_key (item);

    if (shown == NULL || !g_bytes_equal (shown, key))
      kh_value_view_set_key_with_type (KH_VALUE_VIEW (self->value_view), key,
                                       kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED
                                         ? kh_key_item_get_key_type (item) : NULL);
  }
}

static void
on_selection_changed (KhKeyBrowser *self)
{
  if (self->selection_freeze > 0)
    return;
  kh_key_browser_update_actions (self);
  update_placeholder (self);
  update_value_view (self);
}

static void
on_list_activate (KhKeyBrowser *self,
                  guint         position)
{
  g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(KhKeyItem) item = kh_key_browser_item_from_row (object);

  if (item == NULL)
    return;

  if (kh_key_item_get_is_namespace (item))
    {
      if (GTK_IS_TREE_LIST_ROW (object))
        gtk_tree_list_row_set_expanded (GTK_TREE_LIST_ROW (object),
                                        !gtk_tree_list_row_get_expanded (GTK_TREE_LIST_ROW (object)));
      return;
    }

  g_signal_emit (self, signals[KEY_ACTIVATED], 0, kh_key_item_get_key (item));
}

/* Changes the server made or that we made */

void
kh_key_browser_forget_key (KhKeyBrowser *self,
                           GBytes       *key)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  g_ptr_array_add (keys, key);
  kh_key_browser_forget_keys (self, keys);
}

/* One change for the views however many keys go (thousands whose TTL ran
 * out at once, or a namespace deleted): each change makes every expanded
 * namespace and the flat list look at the order again */
void
kh_key_browser_forget_keys (KhKeyBrowser *self,
                            GPtrArray    *keys)
{
  g_autoptr(GArray) refs = g_array_sized_new (FALSE, FALSE, sizeof (KhKeyRef), keys->len);
  gboolean sorted_changed = FALSE;

  if (keys->len == 0)
    return;

  kh_key_browser_show_pending (self);
  for (guint i = 0; i < keys->len; i++)
    {
      GBytes *key = g_ptr_array_index (keys, i);
      KhKeyRef ref;

      ref.data = g_bytes_get_data (key, &ref.len);
      if (ref.data == NULL)
        ref.data = "";
      g_array_append_val (refs, ref);
      if (g_hash_table_remove (self->known, key))
        sorted_changed = TRUE;
      kh_key_metadata_invalidate (self->metadata, ref.data, ref.len);
    }
  if (self->staging != NULL)
    kh_key_index_remove_batch (self->staging, (const KhKeyRef *) (gpointer) refs->data, refs->len);

  kh_key_browser_begin_change (self);
  if (sorted_changed)
    kh_key_browser_refresh_sorted (self);
  kh_key_index_remove_batch (self->index, (const KhKeyRef *) (gpointer) refs->data, refs->len);
  kh_key_browser_end_change (self);

  kh_key_browser_update_status (self);
  kh_key_browser_update_sorted_note (self);
  kh_key_browser_update_empty_state (self);
}

void
kh_key_browser_forget_matching (KhKeyBrowser *self,
                                GBytes       *pattern)
{
  gsize len;
  const char *data = g_bytes_get_data (pattern, &len);
  g_autoptr(GArray) ids = kh_key_index_filter (self->index, data != NULL ? data : "", len,
                                               KH_KEY_FILTER_GLOB, NULL, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (ids == NULL || ids->len == 0)
    return;

  kh_key_browser_show_pending (self);
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (keys, kh_key_index_dup_key (self->index, g_array_index (ids, guint32, i)));
  kh_key_browser_forget_keys (self, keys);
}

gboolean
kh_key_browser_select_key (KhKeyBrowser *self,
                           GBytes       *key)
{
  gsize len;
  const char *data;
  guint position;

  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  data = g_bytes_get_data (key, &len);
  if (data == NULL)
    data = "";
  kh_key_browser_show_pending (self);
  if (!kh_key_index_contains (self->index, data, len))
    return FALSE;

  if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    gtk_drop_down_set_selected (self->sort_dropdown, KH_KEY_BROWSER_SORT_NAME);
  if (self->tree_view)
    kh_key_browser_set_view_mode (self, "list");

  position = flat_position (self, data, len);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Hidden by the filter */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      on_search_changed (self);
      position = flat_position (self, data, len);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

void
kh_key_browser_reveal_key (KhKeyBrowser *self,
                           GBytes       *key)
{
  gsize len;
  const char *data = g_bytes_get_data (key, &len);

  if (data == NULL)
    data = "";
  kh_key_browser_show_pending (self);
  if (!kh_key_index_contains (self->index, data, len))
    {
      kh_key_browser_begin_change (self);
      kh_key_index_add (self->index, data, len);
      kh_key_browser_end_change (self);
      kh_key_browser_update_status (self);
    }
  kh_key_browser_select_key (self, key);
}

/* Databases */

static void
on_database_selected_done (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(KhKeyBrowser) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_session_select_database_finish (KH_SESSION (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not switch databases: %s"), error->message);
      kh_key_browser_toast (self, text);
      self->database_switching++;
      gtk_drop_down_set_selected (self->database_dropdown, kh_session_get_database (self->session));
      self->database_switching--;
      return;
    }
  kh_key_browser_start_scan (self);
}

static void
on_database_dropdown (KhKeyBrowser *self)
{
  guint database = gtk_drop_down_get_selected (self->database_dropdown);

  if (self->database_switching > 0 || database == GTK_INVALID_LIST_POSITION ||
      database == kh_session_get_database (self->session))
    return;

  kh_key_browser_cancel_scan (self);
  kh_session_select_database_async (self->session, database, self->op_cancellable,
                                    on_database_selected_done, g_object_ref (self));
}

static void
setup_databases (KhKeyBrowser *self)
{
  guint n = kh_session_get_n_databases (self->session);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("db%u", i);
      gtk_string_list_append (names, name);
    }

  self->database_switching++;
  gtk_drop_down_set_model (self->database_dropdown, G_LIST_MODEL (names));
  if (n > 0)
    gtk_drop_down_set_selected (self->database_dropdown, MIN (kh_session_get_database (self->session), n - 1));
  self->database_switching--;
  gtk_widget_set_visible (GTK_WIDGET (self->database_dropdown), n > 1);
}

/* Sort */

static void
on_sort_dropdown (KhKeyBrowser *self)
{
  guint selected = gtk_drop_down_get_selected (self->sort_dropdown);

  self->sort = selected <= KH_KEY_BROWSER_SORT_SIZE ? (KhKeyBrowserSort) selected : KH_KEY_BROWSER_SORT_NAME;
  kh_key_browser_update_model (self);
  kh_key_browser_update_status (self);
}

static void
on_key_vanished (KhKeyBrowser *self,
                 GBytes       *key)
{
  kh_key_browser_key_vanished (self, key);
}

/* Details arrived for a key (on screen, selected, or all of them): the TTL
 * and size orders take it in */
static void
on_item_loaded (KhKeyBrowser *self,
                KhKeyItem    *item)
{
  kh_key_browser_remember_known (self, item);
}

/* Their countdown ended: gone from the server, gone from the views, without
 * asking (see KhKeyMetadata::keys-expired) */
static void
on_keys_expired (KhKeyBrowser *self,
                 GPtrArray    *keys)
{
  kh_key_browser_forget_keys (self, keys);
}

/* "Reconnecting… (attempt 1)" is no longer true once connected: the
 * note says what still is */
static void
on_session_reconnected (KhKeyBrowser *self)
{
  if (self->scan_message == NULL || !self->scan_lost_connection || self->scanning)
    return;
  g_free (self->scan_message);
  self->scan_message = g_strdup (_("The connection was lost while keys were loading, so the list is "
                                   "incomplete. Rescan loads every key."));
  self->scan_lost_connection = FALSE;
  kh_key_browser_update_status (self);
}

/* What a write did to a key, wherever it was made (a value view, the
 * console, this browser): its row shows it */
static void
on_session_key_changed (KhKeyBrowser *self,
                        GBytes       *key,
                        guint         change)
{
  GHashTableIter iter;
  KhKeyBrowserRow *row;
  KhKeyItem *item;
  gsize len;
  const char *data;

  if (key == NULL)
    return;
  if ((change & KH_KEY_CHANGED_GONE) != 0 && (change & KH_KEY_CHANGED_NEW) == 0)
    {
      /* Found missing by the details: key-vanished came first and forgets it
       * with the others, counting what finding them costs */
      for (guint i = 0; self->vanished != NULL && i < self->vanished->len; i++)
        if (g_bytes_equal (g_ptr_array_index (self->vanished, i), key))
          return;
      kh_key_browser_forget_key (self, key);
      return;
    }
  data = g_bytes_get_data (key, &len);
  if (data == NULL)
    data = "";
  kh_key_browser_show_pending (self);
  if ((change & KH_KEY_CHANGED_NEW) != 0 && !kh_key_index_contains (self->index, data, len))
    {
      kh_key_browser_begin_change (self);
      kh_key_index_add (self->index, data, len);
      kh_key_browser_end_change (self);
      kh_key_browser_update_status (self);
      kh_key_browser_update_empty_state (self);
    }
  kh_key_metadata_invalidate (self->metadata, data, len);
  item = g_hash_table_lookup (self->known, key);
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (item == NULL && g_hash_table_iter_next (&iter, (gpointer *) &row, NULL))
    if (row->item != NULL && !kh_key_item_get_is_namespace (row->item) &&
        g_bytes_equal (kh_key_item_get_key (row->item), key))
      item = row->item;
  if (item != NULL)
    {
      kh_key_metadata_request_now (self->metadata, item);
      kh_key_metadata_flush (self->metadata);
    }
}

/* GObject */

/* The value side's placeholder is a large status page, drawn in a frame of
 * its own: with the list's first rows or the browser's first frame, it made
 * the longest stall of a load. Shown after the next frame, by then nothing
 * else changes (a load holds its next view refresh while it waits). */
static void
on_placeholder_painted (GdkFrameClock *clock,
                        KhKeyBrowser  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_placeholder_painted, self);
  self->placeholder_waiting = FALSE;
}

static void
on_before_placeholder (GdkFrameClock *clock,
                       KhKeyBrowser  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_before_placeholder, self);
  gtk_widget_set_visible (GTK_WIDGET (self->value_placeholder), TRUE);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_placeholder_painted), self, 0);
}

void
kh_key_browser_show_placeholder_soon (KhKeyBrowser *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || self->placeholder_waiting ||
      gtk_widget_get_visible (GTK_WIDGET (self->value_placeholder)))
    return;
  self->placeholder_waiting = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_before_placeholder), self, 0);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static void
on_first_paint (GdkFrameClock *clock,
                KhKeyBrowser  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  if (!self->started && gtk_widget_get_mapped (GTK_WIDGET (self)))
    kh_key_browser_start_scan (self);
}

static void
kh_key_browser_map (GtkWidget *widget)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (kh_key_browser_parent_class)->map (widget);

  if (self->ttl_timer == 0)
    self->ttl_timer = g_timeout_add_seconds (1, kh_key_browser_tick_ttl, self);
  /* The first load starts once the browser was drawn: the first frame of a
   * session's pages lays out and draws all of them (10-20 ms), and the
   * scan's first replies would only make it later */
  clock = gtk_widget_get_frame_clock (widget);
  if (!self->started && clock != NULL)
    {
      g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_paint), self, 0);
      gtk_widget_queue_draw (widget);
    }
  else if (!self->started)
    kh_key_browser_start_scan (self);
  /* A load shows it once its first rows are in (see kh-key-browser-loading.c) */
  if (self->started && !self->loading)
    kh_key_browser_show_placeholder_soon (self);
}

static void
kh_key_browser_unmap (GtkWidget *widget)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);

  g_clear_handle_id (&self->ttl_timer, g_source_remove);

  GTK_WIDGET_CLASS (kh_key_browser_parent_class)->unmap (widget);
}

static void
kh_key_browser_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_key_browser_parent_class)->realize (widget);
  kh_key_browser_ensure_css (widget);
}

static void
kh_key_browser_constructed (GObject *object)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (object);

  G_OBJECT_CLASS (kh_key_browser_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));

  self->read_only = kh_session_is_read_only (self->session);
  kh_key_index_set_delimiter (self->index, self->delimiter);
  self->metadata = kh_key_metadata_new (self->session);
  kh_key_metadata_set_economy (self->metadata, self->economy);
  g_signal_connect_object (self->metadata, "key-vanished", G_CALLBACK (on_key_vanished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "key-changed", G_CALLBACK (on_session_key_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "reconnected", G_CALLBACK (on_session_reconnected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metadata, "keys-expired", G_CALLBACK (on_keys_expired), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metadata, "item-loaded", G_CALLBACK (on_item_loaded), self, G_CONNECT_SWAPPED);

  gtk_widget_set_visible (GTK_WIDGET (self->read_only_icon), self->read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->details_button), self->economy);
  setup_databases (self);

  kh_key_browser_update_status (self);
  kh_key_browser_update_actions (self);
  kh_key_browser_update_empty_state (self);
}

static void
kh_key_browser_dispose (GObject *object)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (object);

  kh_key_browser_cancel_scan (self);
  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);
  g_clear_handle_id (&self->ttl_timer, g_source_remove);
  g_clear_handle_id (&self->loading_page_timeout, g_source_remove);
  g_clear_handle_id (&self->details_idle, g_source_remove);
  g_clear_handle_id (&self->sorted_refresh_source, g_source_remove);
  g_clear_pointer (&self->row_popover, gtk_widget_unparent);
  kh_key_browser_cancel_reveal (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_KEY_BROWSER);
  self->value_view = NULL;

  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->flat_rows);
  g_clear_object (&self->flat_factory);
  g_clear_object (&self->tree_factory);
  g_clear_object (&self->flat_model);
  g_clear_object (&self->sorted_model);
  g_clear_object (&self->unknown_rows);
  g_clear_object (&self->unknown_model);
  g_clear_object (&self->sorted_store);
  kh_key_browser_stop_all_details (self);
  g_clear_pointer (&self->known, g_hash_table_unref);
  if (self->metadata != NULL)
    kh_key_metadata_cancel_pending (self->metadata);
  g_clear_object (&self->metadata);
  g_clear_object (&self->index);
  g_clear_object (&self->session);
  g_clear_object (&self->op_cancellable);
  g_clear_pointer (&self->vanished, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_key_browser_parent_class)->dispose (object);
}

static void
kh_key_browser_finalize (GObject *object)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (object);

  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  g_clear_pointer (&self->move_refs, g_array_unref);
  g_clear_pointer (&self->held_key, g_bytes_unref);
  g_free (self->scan_message);
  g_free (self->scan_pattern);

  G_OBJECT_CLASS (kh_key_browser_parent_class)->finalize (object);
}

static void
kh_key_browser_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_DELIMITER:
      g_value_set_schar (value, self->delimiter);
      break;
    case PROP_ECONOMY:
      g_value_set_boolean (value, self->economy);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_VIEW_MODE:
      g_value_set_string (value, kh_key_browser_get_view_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_browser_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_DELIMITER:
      self->delimiter = g_value_get_schar (value);
      break;
    case PROP_ECONOMY:
      self->economy = g_value_get_boolean (value);
      break;
    case PROP_VIEW_MODE:
      kh_key_browser_set_view_mode (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_browser_class_init (KhKeyBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_key_browser_constructed;
  object_class->dispose = kh_key_browser_dispose;
  object_class->finalize = kh_key_browser_finalize;
  object_class->get_property = kh_key_browser_get_property;
  object_class->set_property = kh_key_browser_set_property;

  widget_class->map = kh_key_browser_map;
  widget_class->unmap = kh_key_browser_unmap;
  widget_class->realize = kh_key_browser_realize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELIMITER] =
    g_param_spec_char ("delimiter", NULL, NULL, G_MININT8, G_MAXINT8, ':',
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ECONOMY] =
    g_param_spec_boolean ("economy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW_MODE] =
    g_param_spec_string ("view-mode", NULL, NULL, "list",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[KEY_ACTIVATED] =
    g_signal_new ("key-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);


  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-key-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, paned);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, database_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, new_key_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, server_pattern_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, list_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, tree_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, menu_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, read_only_icon);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, stop_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, rescan_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, note_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, note_label);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, all_details_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, scroller);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, rename_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, ttl_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, details_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, value_placeholder);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, value_stack);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, key_menu);
  gtk_widget_class_bind_template_child (widget_class, KhKeyBrowser, namespace_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_server_pattern_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_property_action (widget_class, "browser.view-mode", "view-mode");
  kh_key_browser_class_init_actions (widget_class);
  kh_key_browser_class_init_all_details (widget_class);
  kh_key_browser_class_init_new_key (widget_class);
}

static void
kh_key_browser_init (KhKeyBrowser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->index = kh_key_index_new ();
  self->flat_model = kh_key_list_model_new (self->index);
  self->sorted_store = g_list_store_new (KH_TYPE_KEY_ITEM);
  self->unknown_model = kh_key_unknown_model_new (self->flat_model, G_LIST_MODEL (self->sorted_store));
  /* Its count is in the note: keys loaded, filtered, forgotten */
  g_signal_connect_object (self->unknown_model, "items-changed", G_CALLBACK (kh_key_browser_update_sorted_note),
                           self, G_CONNECT_SWAPPED);
  {
    GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);

    /* A change of every key without details is reported as the runs
     * between the rows that stay, as for the flat list */
    self->unknown_rows = kh_key_browser_rows_new (G_LIST_MODEL (self->unknown_model), pin_unknown_rows, self);
    g_list_store_append (parts, self->sorted_store);
    g_list_store_append (parts, self->unknown_rows);
    self->sorted_model = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  }
  self->known = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                       (GDestroyNotify) g_bytes_unref, g_object_unref);
  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->move_refs = g_array_new (FALSE, FALSE, sizeof (KhKeyRef));
  self->op_cancellable = g_cancellable_new ();
  self->delimiter = ':';

  self->flat_rows = kh_key_browser_rows_new (G_LIST_MODEL (self->flat_model), pin_rows, self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->flat_rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (kh_key_browser_update_empty_state),
                           self, G_CONNECT_SWAPPED);

  kh_key_browser_init_factories (self);
  gtk_list_view_set_factory (self->list_view, self->flat_factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->row_popover = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
  gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self));

  gtk_search_entry_set_search_delay (self->search_entry, 150);
  kh_key_browser_init_typing (self);
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (on_sort_dropdown),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->database_dropdown, "notify::selected", G_CALLBACK (on_database_dropdown),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
kh_key_browser_new (KhSession *session,
                    char       delimiter,
                    gboolean   economy)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_KEY_BROWSER,
                       "session", session,
                       "delimiter", delimiter,
                       "economy", economy,
                       NULL);
}

KhSession *
kh_key_browser_get_session (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), NULL);
  return self->session;
}

KhKeyIndex *
kh_key_browser_get_index (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), NULL);
  return self->index;
}

char
kh_key_browser_get_delimiter (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), ':');
  return self->delimiter;
}

gboolean
kh_key_browser_get_economy (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), FALSE);
  return self->economy;
}

gboolean
kh_key_browser_get_loading (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), FALSE);
  return self->loading;
}

const char *
kh_key_browser_get_view_mode (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), "list");
  return self->tree_view ? "tree" : "list";
}

void
kh_key_browser_set_view_mode (KhKeyBrowser *self,
                              const char   *view_mode)
{
  gboolean tree;

  g_return_if_fail (KH_IS_KEY_BROWSER (self));

  tree = g_strcmp0 (view_mode, "tree") == 0;
  if (tree == self->tree_view)
    return;
  self->tree_view = tree;
  self->row_height = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_MODE]);
  if (self->selection != NULL)
    kh_key_browser_update_model (self);
}

GListModel *
kh_key_browser_get_model (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), NULL);
  return G_LIST_MODEL (self->selection);
}
