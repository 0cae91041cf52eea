/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-pubsub-view.c: subscribe to channels and patterns, watch messages, publish
 *
 * KhPubsub does the work (the second connection, the bounded message list,
 * publishing, PUBSUB CHANNELS); this view only shows it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-error.h"
#include "kh-live-feed.h"
#include "kh-pubsub-view.h"

/* Payload characters shown in a row's tooltip at most. */
#define TOOLTIP_MAX_CHARS 2000

struct _KhPubsubView
{
  GtkWidget          parent_instance;

  KhSession         *session;
  KhPubsub          *pubsub;
  GCancellable      *cancellable;
  GtkStringList     *subscriptions;   /* "<P|C><1|0>\t<name>": pattern?, confirmed? */
  GtkStringList     *channels;        /* "<count>\t<name>" */
  KhLiveFeedScroll   scroll;

  /* template children */
  GtkEntry          *subscribe_entry;
  GtkLabel          *status_label;
  GtkLabel          *error_label;
  GtkStack          *stack;
  GtkScrolledWindow *messages_scroller;
  GtkListView       *messages_view;
  GtkListView       *subscriptions_view;
  GtkListView       *channels_view;
  GtkWidget         *publish_box;
  GtkEntry          *publish_channel_entry;
  GtkEntry          *publish_message_entry;
};

G_DEFINE_FINAL_TYPE (KhPubsubView, kh_pubsub_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kh_pubsub_view_show_error (KhPubsubView *self,
                           const GError *error)
{
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
kh_pubsub_view_update_status (KhPubsubView *self)
{
  guint n = g_list_model_get_n_items (kh_pubsub_get_messages (self->pubsub));
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message", "%u messages", n), n);

  gtk_label_set_label (self->status_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "messages" : "empty");
}

/* Subscriptions */

static void
on_subscriptions_changed (KhPubsub     *pubsub,
                          KhPubsubView *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint pattern = 0; pattern <= 1; pattern++)
    {
      g_auto(GStrv) names = kh_pubsub_dup_names (pubsub, pattern);

      for (guint i = 0; names[i] != NULL; i++)
        g_ptr_array_add (items, g_strdup_printf ("%c%c\t%s", pattern ? 'P' : 'C',
                                                 kh_pubsub_is_confirmed (pubsub, names[i], pattern) ? '1' : '0',
                                                 names[i]));
    }
  g_ptr_array_add (items, NULL);
  gtk_string_list_splice (self->subscriptions, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->subscriptions)),
                          (const char * const *) items->pdata);

  /* Our own subscriptions count in PUBSUB CHANNELS too. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    kh_pubsub_view_refresh_channels (self);
}

static void
on_pubsub_error (KhPubsub     *pubsub,
                 const GError *error,
                 KhPubsubView *self)
{
  kh_pubsub_view_show_error (self, error);
}

static gboolean
name_is_pattern (const char *name)
{
  return strpbrk (name, "*?[") != NULL;
}

void
kh_pubsub_view_subscribe (KhPubsubView *self,
                          const char   *name)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (KH_IS_PUBSUB_VIEW (self));
  g_return_if_fail (name != NULL);

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    return;
  kh_pubsub_view_show_error (self, NULL);
  kh_pubsub_subscribe (self->pubsub, stripped, name_is_pattern (stripped));
}

static void
subscribe_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhPubsubView *self = KH_PUBSUB_VIEW (widget);

  kh_pubsub_view_subscribe (self, gtk_editable_get_text (GTK_EDITABLE (self->subscribe_entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->subscribe_entry), "");
}

static void
on_subscribe_activate (GtkEntry     *entry,
                       KhPubsubView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "pubsub.subscribe", NULL);
}

static void
on_unsubscribe_clicked (GtkButton   *button,
                        GtkListItem *item)
{
  GtkStringObject *object = gtk_list_item_get_item (item);
  KhPubsubView *self = KH_PUBSUB_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button), KH_TYPE_PUBSUB_VIEW));
  const char *text;

  if (object == NULL || self == NULL)
    return;
  text = gtk_string_object_get_string (object);
  kh_pubsub_unsubscribe (self->pubsub, text + 3, text[0] == 'P');
}

static void
setup_subscription_row (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_add_css_class (kind, "caption");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, _("Unsubscribe"));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_unsubscribe_clicked), item);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_subscription_row (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *kind = gtk_widget_get_next_sibling (name);
  gboolean pattern = text[0] == 'P';
  gboolean confirmed = text[1] == '1';

  gtk_label_set_label (GTK_LABEL (name), text + 3);
  gtk_widget_set_tooltip_text (name, text + 3);
  if (!confirmed)
    gtk_label_set_label (GTK_LABEL (kind), _("subscribing…"));
  else
    gtk_label_set_label (GTK_LABEL (kind), pattern ? _("pattern") : _("channel"));
}

/* Messages */

static void
on_messages_changed (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     KhPubsubView *self)
{
  kh_pubsub_view_update_status (self);
  kh_live_feed_scroll_added (&self->scroll, added);
}

static void
setup_message_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *channel = gtk_label_new (NULL);
  GtkWidget *payload = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "numeric");
  gtk_label_set_xalign (GTK_LABEL (channel), 0);
  gtk_label_set_width_chars (GTK_LABEL (channel), 18);
  gtk_label_set_max_width_chars (GTK_LABEL (channel), 24);
  gtk_label_set_ellipsize (GTK_LABEL (channel), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (payload), 0);
  gtk_label_set_ellipsize (GTK_LABEL (payload), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (payload), TRUE);
  gtk_widget_set_hexpand (payload, TRUE);
  gtk_widget_add_css_class (payload, "monospace");
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), channel);
  gtk_box_append (GTK_BOX (box), payload);
  gtk_list_item_set_child (item, box);
}

static void
bind_message_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  KhPubsubMessage *message = gtk_list_item_get_item (item);
  GtkWidget *time = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *channel = gtk_widget_get_next_sibling (time);
  GtkWidget *payload = gtk_widget_get_next_sibling (channel);
  g_autofree char *time_text = kh_live_feed_format_time (kh_pubsub_message_get_time_us (message));
  g_autofree char *channel_text = kh_pubsub_message_dup_display (kh_pubsub_message_get_channel (message));
  g_autofree char *payload_text = kh_pubsub_message_dup_display (kh_pubsub_message_get_payload (message));
  g_autofree char *tooltip = NULL;
  GBytes *pattern = kh_pubsub_message_get_pattern (message);

  gtk_label_set_label (GTK_LABEL (time), time_text);
  if (pattern != NULL)
    {
      g_autofree char *pattern_text = kh_pubsub_message_dup_display (pattern);
      /* Translators: a channel, and the pattern subscription it matched */
      g_autofree char *text = g_strdup_printf (_("%s, matched by %s"), channel_text, pattern_text);
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>  <span alpha=\"55%%\">%s</span>",
                                                         channel_text, pattern_text);

      gtk_label_set_markup (GTK_LABEL (channel), markup);
      gtk_widget_set_tooltip_text (channel, text);
    }
  else
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", channel_text);

      gtk_label_set_markup (GTK_LABEL (channel), markup);
      gtk_widget_set_tooltip_text (channel, channel_text);
    }

  gtk_label_set_label (GTK_LABEL (payload), payload_text);
  tooltip = g_utf8_substring (payload_text, 0, MIN (g_utf8_strlen (payload_text, -1), TOOLTIP_MAX_CHARS));
  gtk_widget_set_tooltip_text (payload, tooltip);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kh_pubsub_clear_messages (KH_PUBSUB_VIEW (widget)->pubsub);
}

/* Publishing */

static void
on_published (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KhPubsubView) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n;

  n = kh_pubsub_publish_finish (KH_PUBSUB (object), result, &error);
  if (self->pubsub == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n < 0)
    {
      kh_pubsub_view_show_error (self, error);
      return;
    }

  {
    g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Published to %s subscriber",
                                                          "Published to %s subscribers", (gulong) n),
                                             count);
    gtk_label_set_label (self->status_label, text);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->publish_message_entry), "");
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhPubsubView *self = KH_PUBSUB_VIEW (widget);
  const char *channel = gtk_editable_get_text (GTK_EDITABLE (self->publish_channel_entry));
  const char *message = gtk_editable_get_text (GTK_EDITABLE (self->publish_message_entry));
  g_autoptr(GBytes) payload = g_bytes_new (message, strlen (message));

  if (*channel == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->publish_channel_entry));
      gtk_widget_error_bell (widget);
      return;
    }
  kh_pubsub_view_show_error (self, NULL);
  kh_pubsub_publish_async (self->pubsub, channel, payload, self->cancellable,
                           on_published, g_object_ref (self));
}

static void
on_publish_activate (GtkEntry     *entry,
                     KhPubsubView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "pubsub.publish", NULL);
}

/* Channels */

static void
on_channels (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KhPubsubView) self = user_data;
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  channels = kh_pubsub_list_channels_finish (KH_PUBSUB (object), result, &error);
  if (self->pubsub == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (channels == NULL)
    {
      kh_pubsub_view_show_error (self, error);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < channels->len; i++)
    {
      KhPubsubChannel *channel = g_ptr_array_index (channels, i);
      g_autofree char *name = kh_pubsub_message_dup_display (channel->name);

      g_ptr_array_add (items, g_strdup_printf ("%" G_GINT64_FORMAT "\t%s", channel->n_subscribers, name));
    }
  g_ptr_array_add (items, NULL);
  gtk_string_list_splice (self->channels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->channels)),
                          (const char * const *) items->pdata);
}

void
kh_pubsub_view_refresh_channels (KhPubsubView *self)
{
  g_return_if_fail (KH_IS_PUBSUB_VIEW (self));

  kh_pubsub_list_channels_async (self->pubsub, NULL, self->cancellable, on_channels, g_object_ref (self));
}

static void
refresh_channels_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  kh_pubsub_view_refresh_channels (KH_PUBSUB_VIEW (widget));
}

static void
bind_channel_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const char *tab = strchr (text, '\t');
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *count = gtk_widget_get_next_sibling (name);
  g_autofree char *count_text = g_strndup (text, tab != NULL ? (gsize) (tab - text) : 0);
  guint64 n = g_ascii_strtoull (count_text, NULL, 10);
  g_autofree char *subscribers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s subscriber",
                                                               "%s subscribers", (gulong) n),
                                                  count_text);

  gtk_label_set_label (GTK_LABEL (name), tab != NULL ? tab + 1 : text);
  gtk_widget_set_tooltip_text (name, tab != NULL ? tab + 1 : text);
  gtk_label_set_label (GTK_LABEL (count), subscribers);
}

/* Object */

static void
kh_pubsub_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_pubsub_view_parent_class)->map (widget);
  kh_pubsub_view_refresh_channels (KH_PUBSUB_VIEW (widget));
}

static void
kh_pubsub_view_constructed (GObject *object)
{
  KhPubsubView *self = KH_PUBSUB_VIEW (object);
  GListModel *messages;

  G_OBJECT_CLASS (kh_pubsub_view_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));

  self->pubsub = kh_pubsub_new (self->session);
  messages = kh_pubsub_get_messages (self->pubsub);
  g_signal_connect_object (self->pubsub, "subscriptions-changed",
                           G_CALLBACK (on_subscriptions_changed), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->pubsub, "error", G_CALLBACK (on_pubsub_error), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (messages, "items-changed", G_CALLBACK (on_messages_changed), self, G_CONNECT_DEFAULT);

  kh_live_feed_set_list (self->messages_view, messages, G_CALLBACK (setup_message_row),
                         G_CALLBACK (bind_message_row));
  kh_live_feed_set_list (self->subscriptions_view, G_LIST_MODEL (self->subscriptions),
                         G_CALLBACK (setup_subscription_row), G_CALLBACK (bind_subscription_row));
  kh_live_feed_set_list (self->channels_view, G_LIST_MODEL (self->channels),
                         G_CALLBACK (kh_live_feed_setup_count_row), G_CALLBACK (bind_channel_row));
  kh_live_feed_scroll_init (&self->scroll, self->messages_scroller, GTK_WIDGET (self->messages_view));

  if (kh_session_is_read_only (self->session))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "pubsub.publish", FALSE);
      gtk_widget_set_sensitive (self->publish_box, FALSE);
      gtk_widget_set_tooltip_text (self->publish_box, _("This profile is read-only: publishing is off"));
    }
  kh_pubsub_view_update_status (self);
}

static void
kh_pubsub_view_dispose (GObject *object)
{
  KhPubsubView *self = KH_PUBSUB_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  kh_live_feed_scroll_clear (&self->scroll);
  /* Closes the second connection, if any. */
  if (self->pubsub != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pubsub, self);
      g_signal_handlers_disconnect_by_data (kh_pubsub_get_messages (self->pubsub), self);
      kh_pubsub_unsubscribe_all (self->pubsub);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_PUBSUB_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->pubsub);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_pubsub_view_parent_class)->dispose (object);
}

static void
kh_pubsub_view_finalize (GObject *object)
{
  KhPubsubView *self = KH_PUBSUB_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->subscriptions);
  g_clear_object (&self->channels);

  G_OBJECT_CLASS (kh_pubsub_view_parent_class)->finalize (object);
}

static void
kh_pubsub_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhPubsubView *self = KH_PUBSUB_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_pubsub_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KhPubsubView *self = KH_PUBSUB_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_pubsub_view_class_init (KhPubsubViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_pubsub_view_constructed;
  object_class->dispose = kh_pubsub_view_dispose;
  object_class->finalize = kh_pubsub_view_finalize;
  object_class->get_property = kh_pubsub_view_get_property;
  object_class->set_property = kh_pubsub_view_set_property;
  widget_class->map = kh_pubsub_view_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-pubsub-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, subscribe_entry);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, messages_scroller);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, messages_view);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, subscriptions_view);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, channels_view);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, publish_box);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, publish_channel_entry);
  gtk_widget_class_bind_template_child (widget_class, KhPubsubView, publish_message_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_subscribe_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_publish_activate);

  gtk_widget_class_install_action (widget_class, "pubsub.subscribe", NULL, subscribe_action);
  gtk_widget_class_install_action (widget_class, "pubsub.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "pubsub.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "pubsub.refresh-channels", NULL, refresh_channels_action);
}

static void
kh_pubsub_view_init (KhPubsubView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->subscriptions = gtk_string_list_new (NULL);
  self->channels = gtk_string_list_new (NULL);
}

GtkWidget *
kh_pubsub_view_new (KhSession  *session,
                    const char *profile_id)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_PUBSUB_VIEW, "session", session, NULL);
}

KhPubsub *
kh_pubsub_view_get_pubsub (KhPubsubView *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB_VIEW (self), NULL);
  return self->pubsub;
}
