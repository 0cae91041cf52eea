/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-monitor-view.c: MONITOR as a live list, on a second connection while running
 *
 * KhMonitor does the work (the connection, parsing, the bound of 10 000
 * lines, counts); this view only shows it. MONITOR costs the server, so it
 * never starts by itself and stops as soon as the view is hidden.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-live-feed.h"
#include "kh-monitor-view.h"

struct _KhMonitorView
{
  GtkWidget           parent_instance;

  KhSession          *session;
  KhMonitor          *monitor;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkStringList      *counts;
  char               *filter_text;
  KhLiveFeedScroll    scroll;

  /* template children */
  GtkWidget          *start_button;
  GtkWidget          *stop_button;
  GtkToggleButton    *pause_button;
  GtkSearchEntry     *filter_entry;
  GtkLabel           *status_label;
  GtkLabel           *error_label;
  GtkStack           *stack;
  GtkScrolledWindow  *lines_scroller;
  GtkListView        *lines_view;
  GtkListView        *counts_view;
};

G_DEFINE_FINAL_TYPE (KhMonitorView, kh_monitor_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* State */

static void
kh_monitor_view_update_status (KhMonitorView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint64 dropped = kh_monitor_get_n_dropped (self->monitor);
  g_autofree char *lines = NULL;

  lines = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", shown), shown);
  if (dropped > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, dropped);
      /* Translators: "12 lines · 340 skipped while paused" */
      g_autofree char *text = g_strdup_printf (_("%s · %s skipped while paused"), lines, count);
      gtk_label_set_label (self->status_label, text);
    }
  else
    gtk_label_set_label (self->status_label, lines);
}

static void
kh_monitor_view_update_state (KhMonitorView *self)
{
  gboolean active = kh_monitor_get_active (self->monitor);
  gboolean running = kh_monitor_get_running (self->monitor);
  gboolean has_lines = g_list_model_get_n_items (kh_monitor_get_lines (self->monitor)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "monitor.start", !active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "monitor.stop", active);
  gtk_widget_set_visible (self->start_button, !active);
  gtk_widget_set_visible (self->stop_button, active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pause_button), running);
  if (!running && gtk_toggle_button_get_active (self->pause_button))
    gtk_toggle_button_set_active (self->pause_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, running || has_lines ? "lines" : "empty");
}

static void
kh_monitor_view_show_error (KhMonitorView *self,
                            const GError  *error)
{
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
on_monitor_state (KhMonitor     *monitor,
                  GParamSpec    *pspec,
                  KhMonitorView *self)
{
  kh_monitor_view_update_state (self);
}

static void
on_monitor_stopped (KhMonitor     *monitor,
                    const GError  *error,
                    KhMonitorView *self)
{
  if (error != NULL)
    {
      g_autoptr(GError) stopped = g_error_new (error->domain, error->code,
                                               _("Monitoring stopped: %s"), error->message);
      kh_monitor_view_show_error (self, stopped);
    }
  kh_monitor_view_update_state (self);
}

static void
on_counts_changed (KhMonitor     *monitor,
                   KhMonitorView *self)
{
  g_auto(GStrv) names = kh_monitor_dup_command_names (monitor);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (items, g_strdup_printf ("%s\t%" G_GUINT64_FORMAT, names[i],
                                             kh_monitor_get_command_count (monitor, names[i])));
  g_ptr_array_add (items, NULL);
  gtk_string_list_splice (self->counts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->counts)),
                          (const char * const *) items->pdata);
  kh_monitor_view_update_status (self);
}

/* Lines */

static void
on_lines_changed (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  KhMonitorView *self)
{
  kh_monitor_view_update_status (self);
  if (g_list_model_get_n_items (model) > 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "lines") != 0)
    kh_monitor_view_update_state (self);
  kh_live_feed_scroll_added (&self->scroll, added);
}

/* Filter */

static gboolean
filter_line (gpointer item,
             gpointer user_data)
{
  KhMonitorView *self = user_data;

  return kh_monitor_line_matches (KH_MONITOR_LINE (item), self->filter_text);
}

static void
on_filter_changed (GtkSearchEntry *entry,
                   KhMonitorView  *self)
{
  g_free (self->filter_text);
  self->filter_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  kh_monitor_view_update_status (self);
}

static void
on_pause_toggled (GtkToggleButton *button,
                  KhMonitorView   *self)
{
  kh_monitor_set_paused (self->monitor, gtk_toggle_button_get_active (button));
  gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                               gtk_toggle_button_get_active (button)
                                 ? _("Resume the list")
                                 : _("Pause the list; the connection stays and lines are counted"));
}

/* Rows */

static void
setup_line_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *client = gtk_label_new (NULL);
  GtkWidget *args = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (client, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (client), 0);
  gtk_label_set_width_chars (GTK_LABEL (client), 24);
  gtk_label_set_max_width_chars (GTK_LABEL (client), 24);
  gtk_label_set_ellipsize (GTK_LABEL (client), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (args), 0);
  gtk_label_set_ellipsize (GTK_LABEL (args), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (args), TRUE);
  gtk_widget_set_hexpand (args, TRUE);
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), client);
  gtk_box_append (GTK_BOX (box), args);
  gtk_list_item_set_child (item, box);
}

static void
bind_line_row (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  KhMonitorLine *line = gtk_list_item_get_item (item);
  GtkWidget *time = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *client = gtk_widget_get_next_sibling (time);
  GtkWidget *args = gtk_widget_get_next_sibling (client);
  g_autofree char *time_text = kh_live_feed_format_time (kh_monitor_line_get_time_us (line));
  g_autofree char *client_text = g_strdup_printf ("db%u %s", kh_monitor_line_get_database (line),
                                                  kh_monitor_line_get_client (line));
  g_autofree char *args_text = g_utf8_make_valid (kh_monitor_line_get_args_text (line), -1);

  gtk_label_set_label (GTK_LABEL (time), time_text);
  gtk_label_set_label (GTK_LABEL (client), client_text);
  gtk_widget_set_tooltip_text (client, client_text);
  gtk_label_set_label (GTK_LABEL (args), args_text);
}

static void
bind_count_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const char *tab = strchr (text, '\t');
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *count = gtk_widget_get_next_sibling (name);
  g_autofree char *name_text = g_strndup (text, tab != NULL ? (gsize) (tab - text) : strlen (text));

  gtk_label_set_label (GTK_LABEL (name), name_text);
  gtk_label_set_label (GTK_LABEL (count), tab != NULL ? tab + 1 : "");
}

/* Actions */

static void
on_started (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KhMonitorView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_monitor_start_finish (KH_MONITOR (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->monitor != NULL)
    kh_monitor_view_show_error (self, error);
}

void
kh_monitor_view_start (KhMonitorView *self)
{
  g_return_if_fail (KH_IS_MONITOR_VIEW (self));

  if (kh_monitor_get_active (self->monitor))
    return;
  kh_monitor_view_show_error (self, NULL);
  self->scroll.follow = TRUE;
  kh_monitor_start_async (self->monitor, NULL, on_started, g_object_ref (self));
}

void
kh_monitor_view_stop (KhMonitorView *self)
{
  g_return_if_fail (KH_IS_MONITOR_VIEW (self));

  if (self->monitor != NULL)
    kh_monitor_stop (self->monitor);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kh_monitor_view_start (KH_MONITOR_VIEW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kh_monitor_view_stop (KH_MONITOR_VIEW (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KhMonitorView *self = KH_MONITOR_VIEW (widget);

  kh_monitor_clear (self->monitor);
  kh_monitor_view_update_state (self);
  kh_monitor_view_update_status (self);
}

/* Object */

static void
kh_monitor_view_unmap (GtkWidget *widget)
{
  /* Out of sight, MONITOR would only cost the server. */
  kh_monitor_view_stop (KH_MONITOR_VIEW (widget));
  GTK_WIDGET_CLASS (kh_monitor_view_parent_class)->unmap (widget);
}

static void
kh_monitor_view_constructed (GObject *object)
{
  KhMonitorView *self = KH_MONITOR_VIEW (object);
  GListModel *lines;

  G_OBJECT_CLASS (kh_monitor_view_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));

  self->monitor = kh_monitor_new (self->session);
  g_signal_connect_object (self->monitor, "notify::running", G_CALLBACK (on_monitor_state), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->monitor, "notify::active", G_CALLBACK (on_monitor_state), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->monitor, "stopped", G_CALLBACK (on_monitor_stopped), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->monitor, "counts-changed", G_CALLBACK (on_counts_changed), self, G_CONNECT_DEFAULT);

  lines = kh_monitor_get_lines (self->monitor);
  self->filter = gtk_custom_filter_new (filter_line, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (lines), GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (on_lines_changed), self, G_CONNECT_DEFAULT);
  kh_live_feed_set_list (self->lines_view, G_LIST_MODEL (self->filtered), G_CALLBACK (setup_line_row),
                         G_CALLBACK (bind_line_row));
  kh_live_feed_set_list (self->counts_view, G_LIST_MODEL (self->counts), G_CALLBACK (kh_live_feed_setup_count_row),
                         G_CALLBACK (bind_count_row));
  kh_live_feed_scroll_init (&self->scroll, self->lines_scroller, GTK_WIDGET (self->lines_view));

  kh_monitor_view_update_state (self);
  kh_monitor_view_update_status (self);
}

static void
kh_monitor_view_dispose (GObject *object)
{
  KhMonitorView *self = KH_MONITOR_VIEW (object);
  GtkWidget *child;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      kh_monitor_stop (self->monitor);
    }
  kh_live_feed_scroll_clear (&self->scroll);

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_MONITOR_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->monitor);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_monitor_view_parent_class)->dispose (object);
}

static void
kh_monitor_view_finalize (GObject *object)
{
  KhMonitorView *self = KH_MONITOR_VIEW (object);

  g_clear_object (&self->counts);
  g_free (self->filter_text);

  G_OBJECT_CLASS (kh_monitor_view_parent_class)->finalize (object);
}

static void
kh_monitor_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhMonitorView *self = KH_MONITOR_VIEW (object);

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
kh_monitor_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhMonitorView *self = KH_MONITOR_VIEW (object);

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
kh_monitor_view_class_init (KhMonitorViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_monitor_view_constructed;
  object_class->dispose = kh_monitor_view_dispose;
  object_class->finalize = kh_monitor_view_finalize;
  object_class->get_property = kh_monitor_view_get_property;
  object_class->set_property = kh_monitor_view_set_property;
  widget_class->unmap = kh_monitor_view_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-monitor-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, start_button);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, pause_button);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, lines_scroller);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, lines_view);
  gtk_widget_class_bind_template_child (widget_class, KhMonitorView, counts_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_pause_toggled);

  gtk_widget_class_install_action (widget_class, "monitor.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "monitor.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "monitor.clear", NULL, clear_action);
}

static void
kh_monitor_view_init (KhMonitorView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->counts = gtk_string_list_new (NULL);
}

GtkWidget *
kh_monitor_view_new (KhSession  *session,
                     const char *profile_id)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_MONITOR_VIEW, "session", session, NULL);
}

KhMonitor *
kh_monitor_view_get_monitor (KhMonitorView *self)
{
  g_return_val_if_fail (KH_IS_MONITOR_VIEW (self), NULL);
  return self->monitor;
}

GListModel *
kh_monitor_view_get_model (KhMonitorView *self)
{
  g_return_val_if_fail (KH_IS_MONITOR_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}
