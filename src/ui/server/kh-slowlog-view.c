/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-slowlog-view.c: a connection's slow log, and the server's memory and latency doctors
 *
 * Read on demand (when shown, and on Refresh), never polled. Reset erases history other
 * people may rely on, so it asks first and is impossible on a read-only profile. The
 * commands and their replies are the core's (kh-slowlog.c); this file only shows them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-server-table.h"
#include "kh-slowlog.h"
#include "kh-slowlog-view.h"

#define KH_SLOWLOG_VIEW_MAX_ENTRIES 128

typedef enum {
  KH_SLOWLOG_COLUMN_ID,
  KH_SLOWLOG_COLUMN_TIME,
  KH_SLOWLOG_COLUMN_DURATION,
  KH_SLOWLOG_COLUMN_COMMAND,
  KH_SLOWLOG_COLUMN_CLIENT,
} KhSlowlogColumn;

struct _KhSlowlogView
{
  GtkWidget         parent_instance;

  KhSession        *session;
  KhServerTableRequests requests;
  GListStore       *entries;
  GtkSortListModel *sort_model;

  /* template children */
  GtkLabel         *summary_label;
  GtkWidget        *reset_button;
  GtkStack         *stack;
  GtkColumnView    *column_view;
  AdwStatusPage    *error_page;
  GtkWidget        *memory_doctor_expander;
  GtkLabel         *memory_doctor_label;
  GtkLabel         *memory_doctor_note;
  GtkWidget        *latency_doctor_expander;
  GtkLabel         *latency_doctor_label;
  GtkLabel         *latency_doctor_note;
};

G_DEFINE_FINAL_TYPE (KhSlowlogView, kh_slowlog_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cells */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  KhSlowlogColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == KH_SLOWLOG_COLUMN_ID || column == KH_SLOWLOG_COLUMN_DURATION)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (column == KH_SLOWLOG_COLUMN_COMMAND)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static char *
kh_slowlog_view_format_time (gint64 timestamp)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (timestamp);

  if (time == NULL)
    return g_strdup ("—");
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  KhSlowlogColumn column = GPOINTER_TO_INT (user_data);
  KhSlowlogEntry *entry = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch (column)
    {
    case KH_SLOWLOG_COLUMN_ID:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, kh_slowlog_entry_get_id (entry));
      break;
    case KH_SLOWLOG_COLUMN_TIME:
      text = kh_slowlog_view_format_time (kh_slowlog_entry_get_timestamp (entry));
      break;
    case KH_SLOWLOG_COLUMN_DURATION:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, kh_slowlog_entry_get_duration (entry));
      break;
    case KH_SLOWLOG_COLUMN_COMMAND:
      text = g_strdup (kh_slowlog_entry_get_command (entry));
      /* The whole line, for commands wider than the column. */
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      break;
    case KH_SLOWLOG_COLUMN_CLIENT:
    default:
      if (*kh_slowlog_entry_get_client_name (entry) != '\0')
        text = g_strdup_printf ("%s (%s)", kh_slowlog_entry_get_client_addr (entry),
                                kh_slowlog_entry_get_client_name (entry));
      else
        text = g_strdup (kh_slowlog_entry_get_client_addr (entry));
      break;
    }
  gtk_label_set_label (label, text);
}

static void
kh_slowlog_view_add_column (KhSlowlogView   *self,
                            KhSlowlogColumn  column,
                            const char      *title,
                            const char      *property,
                            gboolean         numeric,
                            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));
  kh_server_table_add_column (self->column_view, factory, title, KH_TYPE_SLOWLOG_ENTRY, property, numeric, expand);
}

/* Replies */

static void
kh_slowlog_view_show_doctor (GtkWidget       *expander,
                             GtkLabel        *label,
                             GtkLabel        *note,
                             KhSlowlogDoctor  doctor,
                             const char      *report,
                             const GError    *error)
{
  if (report != NULL)
    {
      gtk_label_set_label (label, report);
      gtk_widget_set_visible (expander, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (note), FALSE);
    }
  else
    {
      /* TRANSLATORS: %s is MEMORY DOCTOR or LATENCY DOCTOR, then the server's reason */
      g_autofree char *text = g_strdup_printf (_("This server does not run %s: %s"),
                                               kh_slowlog_doctor_get_command (doctor), error->message);

      gtk_label_set_label (note, text);
      gtk_widget_set_visible (expander, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (note), TRUE);
    }
}

static void
on_doctor (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KhServerTableRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = kh_slowlog_doctor_finish (KH_SESSION (object), result, &error);
  KhSlowlogView *self = kh_server_table_request_finish (request);
  KhSlowlogDoctor doctor = GPOINTER_TO_INT (kh_server_table_request_get_data (request));

  if (self == NULL)
    return;
  if (doctor == KH_SLOWLOG_DOCTOR_MEMORY)
    kh_slowlog_view_show_doctor (self->memory_doctor_expander, self->memory_doctor_label,
                                 self->memory_doctor_note, doctor, report, error);
  else
    kh_slowlog_view_show_doctor (self->latency_doctor_expander, self->latency_doctor_label,
                                 self->latency_doctor_note, doctor, report, error);
}

static void
on_slowlog_get (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhServerTableRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kh_slowlog_get_finish (KH_SESSION (object), result, &error);
  KhSlowlogView *self = kh_server_table_request_finish (request);
  g_autofree char *summary = NULL;

  if (self == NULL)
    return;

  if (entries == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_list_store_remove_all (self->entries);
      gtk_label_set_label (self->summary_label, "");
      return;
    }

  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       entries->pdata, entries->len);
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
  if (entries->len >= KH_SLOWLOG_VIEW_MAX_ENTRIES)
    summary = g_strdup_printf (_("The %u most recent slow commands"), entries->len);
  else
    summary = g_strdup_printf (ngettext ("%u slow command", "%u slow commands", entries->len), entries->len);
  gtk_label_set_label (self->summary_label, summary);
}

static void
kh_slowlog_view_ask_doctor (KhSlowlogView   *self,
                            KhSlowlogDoctor  doctor)
{
  KhServerTableRequest *request = kh_server_table_requests_start (&self->requests, GINT_TO_POINTER (doctor), NULL);

  kh_slowlog_doctor_async (self->session, doctor, kh_server_table_request_get_cancellable (request),
                           on_doctor, request);
}

void
kh_slowlog_view_refresh (KhSlowlogView *self)
{
  KhServerTableRequest *request;

  g_return_if_fail (KH_IS_SLOWLOG_VIEW (self));

  request = kh_server_table_requests_start (&self->requests, NULL, NULL);
  kh_slowlog_get_async (self->session, KH_SLOWLOG_VIEW_MAX_ENTRIES,
                        kh_server_table_request_get_cancellable (request), on_slowlog_get, request);
  kh_slowlog_view_ask_doctor (self, KH_SLOWLOG_DOCTOR_MEMORY);
  kh_slowlog_view_ask_doctor (self, KH_SLOWLOG_DOCTOR_LATENCY);
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kh_slowlog_view_refresh (KH_SLOWLOG_VIEW (widget));
}

static void
on_reset_reply (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhServerTableRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  gboolean reset = kh_slowlog_reset_finish (KH_SESSION (object), result, &error);
  KhSlowlogView *self = kh_server_table_request_finish (request);

  if (self == NULL)
    return;

  if (!reset)
    {
      g_autofree char *text = g_strdup_printf (_("The slow log was not reset: %s"), error->message);

      kh_server_table_notify (GTK_WIDGET (self), self->summary_label, text);
      return;
    }
  kh_slowlog_view_refresh (self);
  kh_server_table_notify (GTK_WIDGET (self), self->summary_label, _("The slow log was reset"));
}

static void
on_reset_response (AdwMessageDialog *dialog,
                   const char       *response,
                   KhSlowlogView    *self)
{
  KhServerTableRequest *request;

  if (g_strcmp0 (response, "reset") != 0)
    return;

  /* The profile may have become read-only while the dialog was open. */
  if (kh_session_is_read_only (self->session))
    {
      kh_server_table_notify (GTK_WIDGET (self), self->summary_label,
                              _("This profile is read-only: the slow log was not reset"));
      return;
    }
  request = kh_server_table_requests_start (&self->requests, NULL, NULL);
  kh_slowlog_reset_async (self->session, kh_server_table_request_get_cancellable (request), on_reset_reply, request);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KhSlowlogView *self = KH_SLOWLOG_VIEW (widget);
  AdwMessageDialog *dialog;

  if (kh_session_is_read_only (self->session))
    {
      kh_server_table_notify (widget, self->summary_label, _("This profile is read-only: the slow log was not reset"));
      return;
    }

  dialog = kh_server_table_new_confirmation (widget, _("Reset the slow log?"),
                                             _("Every recorded slow command is erased from the server, for everyone who looks at it."),
                                             "reset", _("_Reset"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kh_slowlog_view_update_read_only (KhSlowlogView *self)
{
  gboolean read_only = kh_session_is_read_only (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "slowlog.reset", !read_only);
  gtk_widget_set_tooltip_text (self->reset_button,
                               read_only ? _("This profile is read-only")
                                         : _("Erase the record of slow commands"));
}

/* GtkWidget */

static void
kh_slowlog_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_slowlog_view_parent_class)->map (widget);

  /* Fresh each time the user comes back to it. */
  kh_slowlog_view_refresh (KH_SLOWLOG_VIEW (widget));
}

/* GObject */

static void
kh_slowlog_view_constructed (GObject *object)
{
  KhSlowlogView *self = KH_SLOWLOG_VIEW (object);

  G_OBJECT_CLASS (kh_slowlog_view_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));
  g_signal_connect_object (self->session, "notify::read-only",
                           G_CALLBACK (kh_slowlog_view_update_read_only), self, G_CONNECT_SWAPPED);
  kh_slowlog_view_update_read_only (self);
}

static void
kh_slowlog_view_dispose (GObject *object)
{
  KhSlowlogView *self = KH_SLOWLOG_VIEW (object);
  GtkWidget *child;

  kh_server_table_requests_cancel (&self->requests);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_SLOWLOG_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->sort_model);
  g_clear_object (&self->entries);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_slowlog_view_parent_class)->dispose (object);
}

static void
kh_slowlog_view_finalize (GObject *object)
{
  KhSlowlogView *self = KH_SLOWLOG_VIEW (object);

  kh_server_table_requests_clear (&self->requests);

  G_OBJECT_CLASS (kh_slowlog_view_parent_class)->finalize (object);
}

static void
kh_slowlog_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhSlowlogView *self = KH_SLOWLOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, kh_server_table_requests_loading (&self->requests));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_slowlog_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhSlowlogView *self = KH_SLOWLOG_VIEW (object);

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
kh_slowlog_view_class_init (KhSlowlogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_slowlog_view_constructed;
  object_class->dispose = kh_slowlog_view_dispose;
  object_class->finalize = kh_slowlog_view_finalize;
  object_class->get_property = kh_slowlog_view_get_property;
  object_class->set_property = kh_slowlog_view_set_property;
  widget_class->map = kh_slowlog_view_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-slowlog-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, reset_button);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, error_page);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, memory_doctor_expander);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, memory_doctor_label);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, memory_doctor_note);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, latency_doctor_expander);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, latency_doctor_label);
  gtk_widget_class_bind_template_child (widget_class, KhSlowlogView, latency_doctor_note);

  gtk_widget_class_install_action (widget_class, "slowlog.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "slowlog.reset", NULL, reset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "slowlog.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "slowlog.refresh", NULL);
}

static void
kh_slowlog_view_init (KhSlowlogView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  kh_server_table_requests_init (&self->requests, G_OBJECT (self), properties[PROP_LOADING]);
  self->entries = g_list_store_new (KH_TYPE_SLOWLOG_ENTRY);

  kh_slowlog_view_add_column (self, KH_SLOWLOG_COLUMN_ID, _("ID"), "id", TRUE, FALSE);
  kh_slowlog_view_add_column (self, KH_SLOWLOG_COLUMN_TIME, _("Time"), "timestamp", TRUE, FALSE);
  kh_slowlog_view_add_column (self, KH_SLOWLOG_COLUMN_DURATION, _("Duration (µs)"), "duration", TRUE, FALSE);
  kh_slowlog_view_add_column (self, KH_SLOWLOG_COLUMN_COMMAND, _("Command"), "command", FALSE, TRUE);
  kh_slowlog_view_add_column (self, KH_SLOWLOG_COLUMN_CLIENT, _("Client"), "client-addr", FALSE, FALSE);

  self->sort_model = kh_server_table_set_items (self->column_view, G_LIST_MODEL (self->entries));
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
kh_slowlog_view_new (KhSession *session)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_SLOWLOG_VIEW, "session", session, NULL);
}

KhSession *
kh_slowlog_view_get_session (KhSlowlogView *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_VIEW (self), NULL);

  return self->session;
}

gboolean
kh_slowlog_view_get_loading (KhSlowlogView *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_VIEW (self), FALSE);

  return kh_server_table_requests_loading (&self->requests);
}

GListModel *
kh_slowlog_view_get_model (KhSlowlogView *self)
{
  g_return_val_if_fail (KH_IS_SLOWLOG_VIEW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}
