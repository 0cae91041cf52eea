/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-factory.c: the rows of the key browser's list
 *
 * Rows exist only for what GtkListView shows (it keeps 200): the key's
 * escaped name (monospace when it has bytes that are not text), a type badge,
 * the TTL counting down and the size. Details are asked for when a row is
 * bound, and one timer a second counts down the TTLs of the bound rows from
 * the cached expiry time.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-key-browser-private.h"

/* Keys whose details are remembered for the TTL and size orders */
#define KNOWN_MAX KH_KEY_METADATA_CACHE_SIZE

static GQuark row_quark;

char *
kh_key_browser_format_ttl (gint64 ms)
{
  gint64 s = (ms + 999) / 1000;

  if (s < 60)
    /* Translators: a time to live, in seconds */
    return g_strdup_printf (C_("ttl", "%d s"), (int) s);
  if (s < 3600)
    /* Translators: a time to live, in minutes and seconds */
    return g_strdup_printf (C_("ttl", "%d min %02d s"), (int) (s / 60), (int) (s % 60));
  if (s < 86400)
    /* Translators: a time to live, in hours and minutes */
    return g_strdup_printf (C_("ttl", "%d h %02d min"), (int) (s / 3600), (int) (s % 3600 / 60));
  /* Translators: a time to live, in days and hours */
  return g_strdup_printf (C_("ttl", "%d d %d h"), (int) (s / 86400), (int) (s % 86400 / 3600));
}

static const char *
type_css_class (const char *key_type)
{
  static const char * const known[][2] = {
    { "string", "kh-type-string" },
    { "hash", "kh-type-hash" },
    { "list", "kh-type-list" },
    { "set", "kh-type-set" },
    { "zset", "kh-type-zset" },
    { "stream", "kh-type-stream" },
    { "ReJSON-RL", "kh-type-json" },
    { "none", "kh-type-none" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (key_type, known[i][0]) == 0)
      return known[i][1];
  return "kh-type-other";
}

static const char *
type_display_name (const char *key_type)
{
  if (g_strcmp0 (key_type, "ReJSON-RL") == 0)
    return "json";
  return key_type;
}

void
kh_key_browser_ensure_css (GtkWidget *widget)
{
  static const char css[] =
    ".kh-type-badge { padding: 0 6px; border-radius: 6px; font-size: smaller; font-weight: bold; }\n"
    ".kh-type-string { color: mix(@blue_3, @window_fg_color, 0.2); background-color: alpha(@blue_3, 0.18); }\n"
    ".kh-type-hash { color: mix(@purple_3, @window_fg_color, 0.2); background-color: alpha(@purple_3, 0.18); }\n"
    ".kh-type-list { color: mix(@green_4, @window_fg_color, 0.2); background-color: alpha(@green_3, 0.18); }\n"
    ".kh-type-set { color: mix(@orange_4, @window_fg_color, 0.2); background-color: alpha(@orange_3, 0.18); }\n"
    ".kh-type-zset { color: mix(@red_3, @window_fg_color, 0.2); background-color: alpha(@red_3, 0.18); }\n"
    ".kh-type-stream { color: mix(@yellow_5, @window_fg_color, 0.3); background-color: alpha(@yellow_3, 0.25); }\n"
    ".kh-type-json { color: mix(@brown_3, @window_fg_color, 0.2); background-color: alpha(@brown_2, 0.25); }\n"
    ".kh-type-none, .kh-type-other { color: alpha(@window_fg_color, 0.6); background-color: alpha(@window_fg_color, 0.08); }\n"
    ".kh-key-list .kh-key-meta { font-size: smaller; font-feature-settings: \"tnum\"; }\n"
    ".kh-key-list .kh-ttl-expired { color: @error_color; }\n";
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "kh-key-browser-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "kh-key-browser-css",
                          g_object_ref (provider), g_object_unref);
}


static void
row_set_type_class (KhKeyBrowserRow        *row,
                    const char *css_class)
{
  if (row->type_class == css_class)
    return;
  if (row->type_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (row->type_label), row->type_class);
  row->type_class = css_class;
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row->type_label), css_class);
}

static gint64
row_remaining_ttl (KhKeyBrowserRow *row)
{
  GBytes *key = kh_key_item_get_key (row->item);
  gsize len;
  const char *data = g_bytes_get_data (key, &len);
  gint64 remaining = kh_key_metadata_get_remaining_ttl (row->browser->metadata, data != NULL ? data : "", len);

  return remaining == KH_KEY_TTL_MISSING ? kh_key_item_get_ttl (row->item) : remaining;
}

static void
row_update_ttl (KhKeyBrowserRow *row)
{
  gint64 remaining = row_remaining_ttl (row);
  g_autofree char *text = NULL;

  if (remaining == KH_KEY_TTL_PERSISTENT)
    {
      gtk_label_set_text (row->ttl_label, _("no expiry"));
      gtk_widget_add_css_class (GTK_WIDGET (row->ttl_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (row->ttl_label), "kh-ttl-expired");
    }
  else if (remaining <= 0)
    {
      gtk_label_set_text (row->ttl_label, _("expired"));
      gtk_widget_remove_css_class (GTK_WIDGET (row->ttl_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (row->ttl_label), "kh-ttl-expired");
    }
  else
    {
      text = kh_key_browser_format_ttl (remaining);
      gtk_label_set_text (row->ttl_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (row->ttl_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (row->ttl_label), "kh-ttl-expired");
    }
}

static void
row_update (KhKeyBrowserRow *row)
{
  KhKeyBrowser *self = row->browser;
  KhKeyItem *item = row->item;
  KhKeyMetadataState state;

  if (kh_key_item_get_is_namespace (item))
    {
      g_autofree char *count = kh_key_browser_format_count (kh_key_item_get_n_keys (item));
      g_autofree char *text = g_strdup_printf (ngettext ("%s key", "%s keys", kh_key_item_get_n_keys (item)), count);

      if (row->count_label != NULL)
        gtk_label_set_text (row->count_label, text);
      return;
    }

  state = kh_key_item_get_metadata_state (item);
  switch (state)
    {
    case KH_KEY_METADATA_LOADED:
      {
        gint64 size = kh_key_item_get_size (item);

        gtk_label_set_text (row->type_label, type_display_name (kh_key_item_get_key_type (item)));
        row_set_type_class (row, type_css_class (kh_key_item_get_key_type (item)));
        row_update_ttl (row);
        if (size >= 0)
          {
            g_autofree char *text = g_format_size ((guint64) size);
            gtk_label_set_text (row->size_label, text);
          }
        else
          gtk_label_set_text (row->size_label, "—");
      }
      break;

    case KH_KEY_METADATA_MISSING:
      gtk_label_set_text (row->type_label, _("deleted"));
      row_set_type_class (row, "kh-type-none");
      gtk_label_set_text (row->ttl_label, "");
      gtk_label_set_text (row->size_label, "");
      break;

    case KH_KEY_METADATA_FAILED:
      gtk_label_set_text (row->type_label, "?");
      row_set_type_class (row, "kh-type-other");
      gtk_label_set_text (row->ttl_label, "");
      gtk_label_set_text (row->size_label, "");
      break;

    case KH_KEY_METADATA_LOADING:
      gtk_label_set_text (row->type_label, "…");
      row_set_type_class (row, "kh-type-other");
      gtk_label_set_text (row->ttl_label, "");
      gtk_label_set_text (row->size_label, "");
      break;

    case KH_KEY_METADATA_NONE:
    default:
      if (self->sort != KH_KEY_BROWSER_SORT_NAME)
        {
          /* After the sorted keys in the TTL and size orders */
          gtk_label_set_text (row->type_label, C_("key details", "unknown"));
          row_set_type_class (row, "kh-type-other");
          gtk_label_set_text (row->ttl_label, "—");
          gtk_label_set_text (row->size_label, "—");
          break;
        }
      gtk_label_set_text (row->type_label, self->economy ? "—" : "");
      row_set_type_class (row, self->economy ? "kh-type-other" : NULL);
      gtk_label_set_text (row->ttl_label, self->economy ? "—" : "");
      gtk_label_set_text (row->size_label, self->economy ? "—" : "");
      break;
    }
}

void
kh_key_browser_remember_known (KhKeyBrowser *self,
                               KhKeyItem    *item)
{
  GBytes *key = kh_key_item_get_key (item);

  if (g_hash_table_contains (self->known, key) || g_hash_table_size (self->known) >= KNOWN_MAX)
    return;
  g_hash_table_insert (self->known, g_bytes_ref (key), g_object_ref (item));
  /* Into place in the TTL or size order */
  kh_key_browser_queue_refresh_sorted (self);
}

static void
on_item_notify (KhKeyItem  *item,
                GParamSpec *pspec,
                KhKeyBrowserRow        *row)
{
  if (kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED)
    kh_key_browser_remember_known (row->browser, item);
  row_update (row);
  if (pspec->name == g_intern_static_string ("metadata-state") &&
      gtk_list_item_get_selected (row->list_item))
    kh_key_browser_update_actions (row->browser);
}

static void
on_row_pressed (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                KhKeyBrowserRow             *row)
{
  KhKeyBrowser *self = row->browser;
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  guint position = gtk_list_item_get_position (row->list_item);
  graphene_point_t point;

  if (row->item == NULL || position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_single_selection_set_selected (self->selection, position);
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->row_popover),
                                   kh_key_item_get_is_namespace (row->item) ? self->namespace_menu : self->key_menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

/* Tooltips are computed when shown: setting one on each bind costs an X
 * round trip (GTK looks for the pointer) */
static gboolean
on_type_query_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       KhKeyBrowserRow        *row)
{
  const char *text = NULL;

  if (row->item == NULL)
    return FALSE;

  switch (kh_key_item_get_metadata_state (row->item))
    {
    case KH_KEY_METADATA_MISSING:
      text = _("The key no longer exists on the server");
      break;
    case KH_KEY_METADATA_FAILED:
      text = _("The server did not give this key’s details");
      break;
    case KH_KEY_METADATA_NONE:
      if (row->browser->economy)
        text = _("Economy mode: select the key and choose Load Details");
      else if (row->browser->sort != KH_KEY_BROWSER_SORT_NAME)
        text = _("Details not loaded: select the key and choose Load Details");
      break;
    default:
      break;
    }
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The whole name, when the row shows only part of it */
static gboolean
on_name_query_tooltip (GtkWidget       *widget,
                       int              x,
                       int              y,
                       gboolean         keyboard,
                       GtkTooltip      *tooltip,
                       KhKeyBrowserRow *row)
{
  if (row->item == NULL || !pango_layout_is_ellipsized (gtk_label_get_layout (row->name_label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (row->name_label));
  return TRUE;
}

static GtkLabel *
meta_label (int width_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_widget_add_css_class (label, "kh-key-meta");
  return GTK_LABEL (label);
}

static void
row_release_item (KhKeyBrowserRow *row)
{
  if (row->item == NULL)
    return;
  g_clear_signal_handler (&row->notify_id, row->item);
  g_clear_object (&row->item);
}

static void
row_free (gpointer data)
{
  row_release_item (data);
  g_free (data);
}

/* Two factories: namespace rows (an expander, an icon and a count) only in
 * the tree view; flat rows are lighter, which matters when a load rebinds
 * all of GtkListView's 200 rows */
static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  KhKeyBrowser             *self)
{
  KhKeyBrowserRow *row = g_new0 (KhKeyBrowserRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gboolean tree = GTK_LIST_ITEM_FACTORY (factory) == self->tree_factory;
  GtkWidget *root = box;
  GtkGesture *gesture;

  row->browser = self;
  row->list_item = list_item;
  row->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->name_label, 0.0);
  /* A flat row's name is the whole path: its end tells keys apart, so the
   * namespace is what gives way. A tree row's name is its last part. */
  gtk_label_set_ellipsize (row->name_label, tree ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_START);
  gtk_label_set_single_line_mode (row->name_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (row->name_label), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (row->name_label), TRUE);
  g_signal_connect (row->name_label, "query-tooltip", G_CALLBACK (on_name_query_tooltip), row);
  row->type_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->type_label), "kh-type-badge");
  gtk_widget_set_valign (GTK_WIDGET (row->type_label), GTK_ALIGN_CENTER);
  gtk_widget_set_has_tooltip (GTK_WIDGET (row->type_label), TRUE);
  g_signal_connect (row->type_label, "query-tooltip", G_CALLBACK (on_type_query_tooltip), row);
  row->ttl_label = meta_label (11);
  row->size_label = meta_label (8);

  if (tree)
    {
      row->expander = GTK_TREE_EXPANDER (gtk_tree_expander_new ());
      row->icon = GTK_IMAGE (gtk_image_new_from_icon_name ("folder-symbolic"));
      row->count_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (row->count_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (row->count_label), "kh-key-meta");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->icon));
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->name_label));
  if (tree)
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->count_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->type_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->ttl_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->size_label));
  if (tree)
    {
      gtk_tree_expander_set_child (row->expander, box);
      root = GTK_WIDGET (row->expander);
    }

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_row_pressed), row);
  gtk_widget_add_controller (root, GTK_EVENT_CONTROLLER (gesture));

  gtk_list_item_set_child (list_item, root);
  g_object_set_qdata_full (G_OBJECT (list_item), row_quark, row, row_free);
}

/* GtkListView binds about 200 rows in GTK 4.8 wherever the view is, a dozen
 * or two of them on screen, and details cost three commands a key: they are
 * asked for the rows on screen and half a screen either side. A row's place
 * is reckoned from its position, the scroll position and the height of a
 * row laid out before, all rows being of one height: a row just bound is not
 * laid out yet, and neither is the list whose rows just changed (a namespace
 * expanded), so its height per row would be wrong. */
static void
measure_row_height (KhKeyBrowser *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      KhKeyBrowserRow *row = key;
      GtkWidget *child = gtk_list_item_get_child (row->list_item);
      GtkWidget *row_widget = child != NULL ? gtk_widget_get_parent (child) : NULL;

      /* The allocation holds the CSS margins between rows, the content
       * height does not (38 and 36 pixels with Adwaita) */
      if (row_widget != NULL && gtk_widget_get_height (row_widget) > 0)
        {
          self->row_height = gtk_widget_get_allocated_height (row_widget);
          return;
        }
    }
}

static gboolean
position_in_view (KhKeyBrowser *self,
                  guint         position)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  double page = gtk_adjustment_get_page_size (adjustment);
  double first, last, margin;

  /* Not laid out yet: asked again once it is (on_scroll_changed) */
  if (self->row_height <= 0 || page <= 0)
    return FALSE;
  first = gtk_adjustment_get_value (adjustment) / self->row_height;
  last = first + page / self->row_height;
  margin = (last - first) / 2 + 1;
  return position + margin >= first && position <= last + margin;
}

/* While keys load, rows come and go: details are asked for once the list
 * settles (finish_loading); while the keys loaded are checked, the rows may
 * be keys that are gone (on_check_done) */
static void
request_row_details (KhKeyBrowser    *self,
                     KhKeyBrowserRow *row)
{
  if (self->loading || self->check_scanner != NULL || row->item == NULL || kh_key_item_get_is_namespace (row->item))
    return;
  /* The keys without details after the TTL or size order: asking for theirs
   * would move them into the order, and the next ones into view, and so on
   * through the whole keyspace */
  if (self->sort != KH_KEY_BROWSER_SORT_NAME && kh_key_item_get_metadata_state (row->item) == KH_KEY_METADATA_NONE)
    return;
  if (position_in_view (self, gtk_list_item_get_position (row->list_item)))
    kh_key_metadata_request (self->metadata, row->item);
}

/* At idle priority, once the list was laid out at its new place */
static gboolean
on_details_idle (gpointer data)
{
  KhKeyBrowser *self = data;

  self->details_idle = 0;
  kh_key_browser_request_bound_details (self);
  return G_SOURCE_REMOVE;
}

static void
queue_bound_details (KhKeyBrowser *self)
{
  if (self->details_idle == 0 && !self->loading)
    self->details_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_details_idle, self, NULL);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 KhKeyBrowser             *self)
{
  KhKeyBrowserRow *row = g_object_get_qdata (G_OBJECT (list_item), row_quark);
  gpointer object = gtk_list_item_get_item (list_item);
  g_autoptr(KhKeyItem) item = kh_key_browser_item_from_row (object);
  const char *name;
  gboolean is_namespace;

  if (row->expander != NULL)
    gtk_tree_expander_set_list_row (row->expander, GTK_IS_TREE_LIST_ROW (object) ? object : NULL);
  if (item == NULL)
    {
      row_release_item (row);
      return;
    }
  is_namespace = kh_key_item_get_is_namespace (item);

  /* The same key again, as GTK 4.8 does when only the row's position
   * changed: the row still shows its name (see on_factory_unbind), and what
   * may have changed meanwhile, such as the TTL counting down, is updated */
  if (item == row->item)
    {
      g_hash_table_add (self->bound_rows, row);
      request_row_details (self, row);
      row_update (row);
      return;
    }

  row_release_item (row);
  row->item = g_steal_pointer (&item);
  name = kh_key_item_get_name (row->item);
  gtk_label_set_text (row->name_label, name);
  if (strstr (name, "\\x") != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row->name_label), "monospace");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row->name_label), "monospace");

  if (row->icon != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (row->icon), is_namespace);
      gtk_widget_set_visible (GTK_WIDGET (row->count_label), is_namespace);
    }
  gtk_widget_set_visible (GTK_WIDGET (row->type_label), !is_namespace);
  gtk_widget_set_visible (GTK_WIDGET (row->ttl_label), !is_namespace);
  gtk_widget_set_visible (GTK_WIDGET (row->size_label), !is_namespace);

  row->notify_id = g_signal_connect (row->item, "notify", G_CALLBACK (on_item_notify), row);
  g_hash_table_add (self->bound_rows, row);

  request_row_details (self, row);
  if (!is_namespace && kh_key_item_get_metadata_state (row->item) == KH_KEY_METADATA_LOADED)
    kh_key_browser_remember_known (self, row->item);
  row_update (row);
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   KhKeyBrowser             *self)
{
  KhKeyBrowserRow *row = g_object_get_qdata (G_OBJECT (list_item), row_quark);

  /* The row keeps its key and follows it until it is bound to another:
   * GTK 4.8 unbinds and binds a row again whenever its position changes,
   * which each refresh of a loading list does to its rows hundreds of
   * times, and binding the same key again is then nearly free */
  g_hash_table_remove (self->bound_rows, row);
  if (row->expander != NULL)
    gtk_tree_expander_set_list_row (row->expander, NULL);
}

/* Counts down the TTLs on screen; keys whose countdown ended leave the views
 * through KhKeyMetadata::keys-expired */
gboolean
kh_key_browser_tick_ttl (gpointer data)
{
  KhKeyBrowser *self = data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      KhKeyBrowserRow *row = key;

      if (row->item != NULL && !kh_key_item_get_is_namespace (row->item) &&
          kh_key_item_get_metadata_state (row->item) == KH_KEY_METADATA_LOADED &&
          kh_key_item_get_ttl (row->item) != KH_KEY_TTL_PERSISTENT)
        row_update_ttl (row);
    }
  return G_SOURCE_CONTINUE;
}

/* Asks for the details of the bound rows in view that have none (see
 * request_row_details) */
void
kh_key_browser_request_bound_details (KhKeyBrowser *self)
{
  GHashTableIter iter;
  gpointer key;

  if (self->loading)
    return;
  measure_row_height (self);
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      KhKeyBrowserRow *row = key;

      if (row->item != NULL && kh_key_item_get_metadata_state (row->item) == KH_KEY_METADATA_NONE)
        request_row_details (self, row);
    }
}

/* The view moved or the list was laid out anew: bound rows that came into
 * view ask for their details. A jump far down the list also drops what was
 * queued for the rows left behind. */
static void
on_scroll_changed (GtkAdjustment *adjustment,
                   KhKeyBrowser  *self)
{
  double value = gtk_adjustment_get_value (adjustment);

  if (ABS (value - self->last_scroll) > 3 * gtk_adjustment_get_page_size (adjustment))
    kh_key_metadata_cancel_pending (self->metadata);
  self->last_scroll = value;
  queue_bound_details (self);
}

/* Whether the user moved in the list: a load that was left alone ends at the
 * start of the list (see finish_loading) */
static gboolean
on_list_event (GtkEventControllerLegacy *controller,
               GdkEvent                 *event,
               KhKeyBrowser             *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_SCROLL:
    case GDK_KEY_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCHPAD_SWIPE:
      self->user_moved = TRUE;
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

void
kh_key_browser_init_factories (KhKeyBrowser *self)
{
  GtkAdjustment *adjustment;

  if (row_quark == 0)
    row_quark = g_quark_from_static_string ("kh-key-browser-row");

  for (guint i = 0; i < 2; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      if (i == 0)
        self->flat_factory = factory;
      else
        self->tree_factory = factory;
      g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), self);
      g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), self);
    }

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_scroll_changed), self, 0);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_scroll_changed), self, 0);

  {
    GtkEventController *legacy = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
    g_signal_connect (legacy, "event", G_CALLBACK (on_list_event), self);
    gtk_widget_add_controller (GTK_WIDGET (self->scroller), legacy);
  }
}
