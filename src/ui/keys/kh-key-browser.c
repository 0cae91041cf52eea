/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser.c: the keys of a database: models, finding, selection
 *
 * The browser shows one index of keys (KhKeyIndex) through three models: the
 * flat list (KhKeyListModel, optionally filtered, seen through
 * KhKeyBrowserRows), the namespace tree (GtkTreeListModel over
 * KhKeyTreeModel, made only while shown) and, for the TTL and size orders, a
 * list of the keys whose details are known. Loading is in
 * kh-key-browser-loading.c, the rows in kh-key-browser-factory.c and the key
 * operations in kh-key-browser-actions.c; the orders in
 * kh-key-browser-sorted.c, the rows kept in place in kh-key-browser-pins.c,
 * the search in kh-key-browser-finding.c, the selection and the value side
 * in kh-key-browser-selection.c, and what the session reports in
 * kh-key-browser-session.c.
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

/* The position of @key in the flat model (filtered or not), by binary search */
guint
_kh_key_browser_flat_position (KhKeyBrowser *self,
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

void
_kh_key_browser_update_model (KhKeyBrowser *self)
{
  GListModel *model;

  kh_key_browser_show_pending (self);
  model = wanted_model (self);

  if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    _kh_key_browser_rebuild_sorted (self);
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
          guint position = _kh_key_browser_flat_position (self, data, len);

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

/* Sort */

static void
on_sort_dropdown (KhKeyBrowser *self)
{
  guint selected = gtk_drop_down_get_selected (self->sort_dropdown);

  self->sort = selected <= KH_KEY_BROWSER_SORT_SIZE ? (KhKeyBrowserSort) selected : KH_KEY_BROWSER_SORT_NAME;
  _kh_key_browser_update_model (self);
  kh_key_browser_update_status (self);
}

/* GObject */

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
  _kh_key_browser_connect_session (self);

  gtk_widget_set_visible (GTK_WIDGET (self->read_only_icon), self->read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->details_button), self->economy);
  _kh_key_browser_setup_databases (self);

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
  _kh_key_browser_class_init_finding (widget_class);
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
    self->unknown_rows = kh_key_browser_rows_new (G_LIST_MODEL (self->unknown_model),
                                                  _kh_key_browser_pin_unknown_rows, self);
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

  self->flat_rows = kh_key_browser_rows_new (G_LIST_MODEL (self->flat_model), _kh_key_browser_pin_rows, self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->flat_rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (_kh_key_browser_on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (_kh_key_browser_on_selection_changed), self, G_CONNECT_SWAPPED);
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
  g_signal_connect_object (self->database_dropdown, "notify::selected",
                           G_CALLBACK (_kh_key_browser_on_database_dropdown), self, G_CONNECT_SWAPPED);
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
    _kh_key_browser_update_model (self);
}

GListModel *
kh_key_browser_get_model (KhKeyBrowser *self)
{
  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), NULL);
  return G_LIST_MODEL (self->selection);
}
