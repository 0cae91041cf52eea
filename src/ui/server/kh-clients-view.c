/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-clients-view.c: the clients connected to a server, with Keyhole's own marked
 *
 * Keyhole's connection is recognised by CLIENT ID, asked once per connection, so it is
 * marked in the list and can never be the target of a kill. Kills ask first and are
 * impossible on a read-only profile. While shown, the list refreshes itself every few
 * seconds (one CLIENT LIST each time); hidden, it sends nothing. The commands and their
 * replies are the core's (kh-clients.c); this file only shows them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-clients.h"
#include "kh-clients-view.h"
#include "kh-error.h"
#include "kh-server-table.h"

typedef enum {
  KH_CLIENTS_COLUMN_ID,
  KH_CLIENTS_COLUMN_ADDR,
  KH_CLIENTS_COLUMN_NAME,
  KH_CLIENTS_COLUMN_AGE,
  KH_CLIENTS_COLUMN_IDLE,
  KH_CLIENTS_COLUMN_DB,
  KH_CLIENTS_COLUMN_CMD,
} KhClientsColumn;

struct _KhClientsView
{
  GtkWidget           parent_instance;

  KhSession          *session;
  KhServerTableRequests requests;
  GListStore         *clients;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  guint64             own_id;         /* 0 until CLIENT ID answered */
  guint               refresh_interval_ms;
  guint               refresh_source; /* while mapped */
  gboolean            own_id_asked;   /* for the current connection */

  /* template children */
  GtkLabel           *summary_label;
  GtkWidget          *kill_button;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *error_page;
};

G_DEFINE_FINAL_TYPE (KhClientsView, kh_clients_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_REFRESH_INTERVAL,
  N_PROPS
};

#define KH_CLIENTS_VIEW_DEFAULT_REFRESH_MS 5000

static GParamSpec *properties[N_PROPS];

static void kh_clients_view_update_actions (KhClientsView *self);

static gboolean
kh_clients_view_is_own (KhClientsView *self,
                        KhClientInfo  *client)
{
  return self->own_id != 0 && kh_client_info_get_id (client) == self->own_id;
}

/* Cells */

/* "42 s", "5 min", "3 h 12 min", "2 d 4 h": short enough for a column. */
static char *
kh_clients_view_format_seconds (guint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (_("%u s"), (guint) seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%u min"), (guint) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (_("%u h %u min"), (guint) (seconds / 3600), (guint) (seconds % 3600 / 60));
  return g_strdup_printf (_("%u d %u h"), (guint) (seconds / 86400), (guint) (seconds % 86400 / 3600));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  KhClientsColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kh-column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  switch (column)
    {
    case KH_CLIENTS_COLUMN_ID:
    case KH_CLIENTS_COLUMN_AGE:
    case KH_CLIENTS_COLUMN_IDLE:
    case KH_CLIENTS_COLUMN_DB:
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      break;
    case KH_CLIENTS_COLUMN_CMD:
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "monospace");
      break;
    case KH_CLIENTS_COLUMN_ADDR:
    case KH_CLIENTS_COLUMN_NAME:
    default:
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      break;
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           KhClientsView            *self)
{
  KhClientsColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kh-column"));
  KhClientInfo *client = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  gboolean own = kh_clients_view_is_own (self, client);
  g_autofree char *text = NULL;
  const char *cmd;

  switch (column)
    {
    case KH_CLIENTS_COLUMN_ID:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, kh_client_info_get_id (client));
      break;
    case KH_CLIENTS_COLUMN_ADDR:
      text = g_strdup (kh_client_info_get_addr (client));
      break;
    case KH_CLIENTS_COLUMN_NAME:
      if (own)
        /* TRANSLATORS: the client name of Keyhole's own connection, marked in the list */
        text = g_strdup_printf (_("%s (this connection)"), kh_client_info_get_name (client));
      else
        text = g_strdup (kh_client_info_get_name (client));
      break;
    case KH_CLIENTS_COLUMN_AGE:
      text = kh_clients_view_format_seconds (kh_client_info_get_age (client));
      break;
    case KH_CLIENTS_COLUMN_IDLE:
      text = kh_clients_view_format_seconds (kh_client_info_get_idle (client));
      break;
    case KH_CLIENTS_COLUMN_DB:
      text = g_strdup_printf ("%d", kh_client_info_get_db (client));
      break;
    case KH_CLIENTS_COLUMN_CMD:
    default:
      cmd = kh_client_info_get_cmd (client);
      /* Before its first command a client shows "NULL". */
      text = g_strdup (g_strcmp0 (cmd, "NULL") == 0 ? "" : cmd);
      break;
    }

  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  /* Rows are recycled: set the mark both ways. */
  if (own)
    gtk_widget_add_css_class (label, "accent");
  else
    gtk_widget_remove_css_class (label, "accent");
}

static void
kh_clients_view_add_column (KhClientsView   *self,
                            KhClientsColumn  column,
                            const char      *title,
                            const char      *property,
                            gboolean         numeric,
                            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "kh-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, G_CONNECT_DEFAULT);
  kh_server_table_add_column (self->column_view, factory, title, KH_TYPE_CLIENT_INFO, property, numeric, expand);
}

/* Refreshing */

static void
on_client_id (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KhServerTableRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  guint64 id = kh_clients_get_own_id_finish (KH_SESSION (object), result, &error);
  KhClientsView *self = kh_server_table_request_finish (request);

  if (self == NULL)
    return;

  /* Before Redis 5 there is no CLIENT ID: nothing is marked, and nothing is protected
   * but by the confirmation. */
  if (id != 0)
    self->own_id = id;
  else
    g_debug ("CLIENT ID failed: %s", error->message);
}

static void
on_client_list (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhServerTableRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clients = kh_clients_list_finish (KH_SESSION (object), result, &error);
  KhClientsView *self = kh_server_table_request_finish (request);
  g_autofree char *summary = NULL;
  guint64 selected_id = 0;
  KhClientInfo *selected;

  if (self == NULL)
    return;

  if (clients == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_list_store_remove_all (self->clients);
      gtk_label_set_label (self->summary_label, "");
      return;
    }

  /* Keep the selection on the same client across refreshes. */
  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected != NULL)
    selected_id = kh_client_info_get_id (selected);

  g_list_store_splice (self->clients, 0, g_list_model_get_n_items (G_LIST_MODEL (self->clients)),
                       clients->pdata, clients->len);
  gtk_stack_set_visible_child_name (self->stack, "list");

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; selected_id != 0 && i < clients->len; i++)
    {
      if (kh_client_info_get_id (g_ptr_array_index (clients, i)) == selected_id)
        {
          kh_clients_view_select (self, g_ptr_array_index (clients, i));
          break;
        }
    }

  summary = g_strdup_printf (ngettext ("%u client connected", "%u clients connected", clients->len),
                             clients->len);
  gtk_label_set_label (self->summary_label, summary);
  kh_clients_view_update_actions (self);
}

void
kh_clients_view_refresh (KhClientsView *self)
{
  KhServerTableRequest *request;

  g_return_if_fail (KH_IS_CLIENTS_VIEW (self));

  /* Pipelined, so the id is known when the list arrives. */
  if (!self->own_id_asked && kh_session_get_state (self->session) == KH_SESSION_READY)
    {
      self->own_id_asked = TRUE;
      request = kh_server_table_requests_start (&self->requests, NULL, NULL);
      kh_clients_get_own_id_async (self->session, kh_server_table_request_get_cancellable (request),
                                   on_client_id, request);
    }
  request = kh_server_table_requests_start (&self->requests, NULL, NULL);
  kh_clients_list_async (self->session, kh_server_table_request_get_cancellable (request),
                         on_client_list, request);
}

static void
on_reconnected (KhClientsView *self)
{
  /* A new connection has a new id. */
  self->own_id = 0;
  self->own_id_asked = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    kh_clients_view_refresh (self);
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kh_clients_view_refresh (KH_CLIENTS_VIEW (widget));
}

static void
on_kill_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KhServerTableRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  guint killed = 0;
  gboolean done = kh_clients_kill_finish (KH_SESSION (object), result, &killed, &error);
  KhClientsView *self = kh_server_table_request_finish (request);
  KhClientInfo *client = kh_server_table_request_get_data (request);
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;

  if (self == NULL)
    return;

  id = g_strdup_printf ("%" G_GUINT64_FORMAT, kh_client_info_get_id (client));
  if (!done)
    text = g_strdup_printf (_("Client %s was not disconnected: %s"), id, error->message);
  else if (killed == 0)
    text = g_strdup_printf (_("Client %s had already disconnected"), id);
  else
    text = g_strdup_printf (_("Client %s was disconnected"), id);

  kh_clients_view_refresh (self);
  kh_server_table_notify (GTK_WIDGET (self), self->summary_label, text);
}

/* Returns why @client may not be killed, or NULL. */
static const char *
kh_clients_view_kill_refusal (KhClientsView *self,
                              KhClientInfo  *client)
{
  if (kh_session_is_read_only (self->session))
    return _("This profile is read-only: no client was disconnected");
  if (client != NULL && kh_clients_view_is_own (self, client))
    return _("This is Keyhole’s own connection: it was not disconnected");
  return NULL;
}

static void
on_kill_response (AdwMessageDialog *dialog,
                  const char       *response,
                  KhClientsView    *self)
{
  KhClientInfo *client = g_object_get_data (G_OBJECT (dialog), "kh-client");
  const char *refusal;
  KhServerTableRequest *request;

  if (g_strcmp0 (response, "kill") != 0)
    return;

  /* Checked again: the connection may have been re-made while the dialog was open. */
  refusal = kh_clients_view_kill_refusal (self, client);
  if (refusal != NULL)
    {
      kh_server_table_notify (GTK_WIDGET (self), self->summary_label, refusal);
      return;
    }

  request = kh_server_table_requests_start (&self->requests, g_object_ref (client), g_object_unref);
  kh_clients_kill_async (self->session, kh_client_info_get_id (client),
                         kh_server_table_request_get_cancellable (request), on_kill_reply, request);
}

static void
kill_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KhClientsView *self = KH_CLIENTS_VIEW (widget);
  KhClientInfo *client = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *id = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *refusal;
  const char *name;
  AdwMessageDialog *dialog;

  if (client == NULL)
    return;
  refusal = kh_clients_view_kill_refusal (self, client);
  if (refusal != NULL)
    {
      kh_server_table_notify (GTK_WIDGET (self), self->summary_label, refusal);
      return;
    }

  name = kh_client_info_get_name (client);
  id = g_strdup_printf ("%" G_GUINT64_FORMAT, kh_client_info_get_id (client));
  heading = g_strdup_printf (_("Disconnect client %s?"), id);
  if (*name != '\0')
    body = g_strdup_printf (_("The connection from %s (%s) is closed. The application behind it may lose work in progress, or reconnect."),
                            kh_client_info_get_addr (client), name);
  else
    body = g_strdup_printf (_("The connection from %s is closed. The application behind it may lose work in progress, or reconnect."),
                            kh_client_info_get_addr (client));

  dialog = kh_server_table_new_confirmation (widget, heading, body, "kill", _("_Disconnect"));
  g_object_set_data_full (G_OBJECT (dialog), "kh-client", g_object_ref (client), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_kill_response), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kh_clients_view_update_actions (KhClientsView *self)
{
  KhClientInfo *client = gtk_single_selection_get_selected_item (self->selection);
  gboolean read_only = kh_session_is_read_only (self->session);
  gboolean own = client != NULL && kh_clients_view_is_own (self, client);
  const char *tooltip;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clients.kill", client != NULL && !read_only && !own);

  if (read_only)
    tooltip = _("This profile is read-only");
  else if (own)
    tooltip = _("This is Keyhole’s own connection");
  else
    tooltip = _("Close the selected client’s connection");
  gtk_widget_set_tooltip_text (self->kill_button, tooltip);
}

/* GtkWidget */

static gboolean
on_refresh_timeout (gpointer user_data)
{
  KhClientsView *self = KH_CLIENTS_VIEW (user_data);

  /* A slow server's last answer is still on its way: no second request behind it. */
  if (!kh_server_table_requests_loading (&self->requests))
    kh_clients_view_refresh (self);
  return G_SOURCE_CONTINUE;
}

static void
kh_clients_view_start_refreshing (KhClientsView *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_source = g_timeout_add (self->refresh_interval_ms, on_refresh_timeout, self);
}

static void
kh_clients_view_map (GtkWidget *widget)
{
  KhClientsView *self = KH_CLIENTS_VIEW (widget);

  GTK_WIDGET_CLASS (kh_clients_view_parent_class)->map (widget);

  kh_clients_view_refresh (self);
  kh_clients_view_start_refreshing (self);
}

static void
kh_clients_view_unmap (GtkWidget *widget)
{
  KhClientsView *self = KH_CLIENTS_VIEW (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  GTK_WIDGET_CLASS (kh_clients_view_parent_class)->unmap (widget);
}

/* GObject */

static void
kh_clients_view_constructed (GObject *object)
{
  KhClientsView *self = KH_CLIENTS_VIEW (object);

  G_OBJECT_CLASS (kh_clients_view_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));
  g_signal_connect_object (self->session, "notify::read-only",
                           G_CALLBACK (kh_clients_view_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "reconnected",
                           G_CALLBACK (on_reconnected), self, G_CONNECT_SWAPPED);
  kh_clients_view_update_actions (self);
}

static void
kh_clients_view_dispose (GObject *object)
{
  KhClientsView *self = KH_CLIENTS_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  kh_server_table_requests_cancel (&self->requests);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_CLIENTS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->clients);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_clients_view_parent_class)->dispose (object);
}

static void
kh_clients_view_finalize (GObject *object)
{
  KhClientsView *self = KH_CLIENTS_VIEW (object);

  kh_server_table_requests_clear (&self->requests);

  G_OBJECT_CLASS (kh_clients_view_parent_class)->finalize (object);
}

static void
kh_clients_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhClientsView *self = KH_CLIENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, kh_server_table_requests_loading (&self->requests));
      break;
    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, self->refresh_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_clients_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhClientsView *self = KH_CLIENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_REFRESH_INTERVAL:
      self->refresh_interval_ms = g_value_get_uint (value);
      if (self->refresh_source != 0)
        kh_clients_view_start_refreshing (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_clients_view_class_init (KhClientsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_clients_view_constructed;
  object_class->dispose = kh_clients_view_dispose;
  object_class->finalize = kh_clients_view_finalize;
  object_class->get_property = kh_clients_view_get_property;
  object_class->set_property = kh_clients_view_set_property;
  widget_class->map = kh_clients_view_map;
  widget_class->unmap = kh_clients_view_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Milliseconds between two refreshes while the view is shown. */
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 50, 60 * 60 * 1000, KH_CLIENTS_VIEW_DEFAULT_REFRESH_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-clients-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhClientsView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KhClientsView, kill_button);
  gtk_widget_class_bind_template_child (widget_class, KhClientsView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhClientsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhClientsView, error_page);

  gtk_widget_class_install_action (widget_class, "clients.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "clients.kill", NULL, kill_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "clients.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "clients.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "clients.kill", NULL);
}

static void
kh_clients_view_init (KhClientsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  kh_server_table_requests_init (&self->requests, G_OBJECT (self), properties[PROP_LOADING]);
  self->clients = g_list_store_new (KH_TYPE_CLIENT_INFO);

  kh_clients_view_add_column (self, KH_CLIENTS_COLUMN_ID, _("ID"), "id", TRUE, FALSE);
  kh_clients_view_add_column (self, KH_CLIENTS_COLUMN_ADDR, _("Address"), "addr", FALSE, FALSE);
  kh_clients_view_add_column (self, KH_CLIENTS_COLUMN_NAME, _("Name"), "name", FALSE, TRUE);
  kh_clients_view_add_column (self, KH_CLIENTS_COLUMN_AGE, _("Age"), "age", TRUE, FALSE);
  kh_clients_view_add_column (self, KH_CLIENTS_COLUMN_IDLE, _("Idle"), "idle", TRUE, FALSE);
  kh_clients_view_add_column (self, KH_CLIENTS_COLUMN_DB, _("DB"), "db", TRUE, FALSE);
  kh_clients_view_add_column (self, KH_CLIENTS_COLUMN_CMD, _("Last Command"), "cmd", FALSE, FALSE);

  self->sort_model = kh_server_table_set_items (self->column_view, G_LIST_MODEL (self->clients));
  self->selection = g_object_ref (GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view)));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (kh_clients_view_update_actions), self, G_CONNECT_SWAPPED);
}

GtkWidget *
kh_clients_view_new (KhSession *session)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_CLIENTS_VIEW, "session", session, NULL);
}

KhSession *
kh_clients_view_get_session (KhClientsView *self)
{
  g_return_val_if_fail (KH_IS_CLIENTS_VIEW (self), NULL);

  return self->session;
}

gboolean
kh_clients_view_get_loading (KhClientsView *self)
{
  g_return_val_if_fail (KH_IS_CLIENTS_VIEW (self), FALSE);

  return kh_server_table_requests_loading (&self->requests);
}

GListModel *
kh_clients_view_get_model (KhClientsView *self)
{
  g_return_val_if_fail (KH_IS_CLIENTS_VIEW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

guint64
kh_clients_view_get_own_id (KhClientsView *self)
{
  g_return_val_if_fail (KH_IS_CLIENTS_VIEW (self), 0);

  return self->own_id;
}

void
kh_clients_view_select (KhClientsView *self,
                        KhClientInfo  *client)
{
  guint n;

  g_return_if_fail (KH_IS_CLIENTS_VIEW (self));
  g_return_if_fail (client == NULL || KH_IS_CLIENT_INFO (client));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  for (guint i = 0; client != NULL && i < n; i++)
    {
      g_autoptr(KhClientInfo) item = g_list_model_get_item (G_LIST_MODEL (self->sort_model), i);

      if (item == client)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}
