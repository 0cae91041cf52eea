/* kh-value-view-actions.c: what the value view's header does to the key:
 * rename, set or remove its expiry, delete it; reload and save
 *
 * Writes are refused on a read-only session: their actions are disabled and
 * their buttons say why.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-key-item.h"
#include "kh-key-ops.h"
#include "kh-value-view-private.h"

/* Rename */

static void start_rename (KhValueView      *self,
                          GBytes           *new_key,
                          KhKeyRenameFlags  flags);

static void
on_replace_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Request          *request)
{
  if (!kh_value_view_request_current (request))
    return;
  if (g_strcmp0 (response, "replace") == 0)
    start_rename (request->self, request->new_key, KH_KEY_RENAME_OVERWRITE);
}

static void
on_renamed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  KhValueView *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_name = kh_value_format_cell (request->new_key);

  if (!kh_key_rename_finish (KH_SESSION (object), result, &error))
    {
      if (!kh_value_view_request_current (request))
        return;
      if (g_error_matches (error, KH_ERROR, KH_ERROR_CONFLICT))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          g_autofree char *heading = g_strdup_printf (_("Replace “%s”?"), new_name);
          AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
            GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
            _("A key with this name already exists. Renaming replaces it, and its value is lost.")));

          gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
          adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
          adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
          adw_message_dialog_set_default_response (dialog, "cancel");
          adw_message_dialog_set_close_response (dialog, "cancel");
          g_signal_connect_data (dialog, "response", G_CALLBACK (on_replace_response),
                                 g_steal_pointer (&request), (GClosureNotify) (void (*) (void)) kh_value_view_request_free, 0);
          gtk_window_present (GTK_WINDOW (dialog));
          return;
        }
      if (g_error_matches (error, KH_ERROR, KH_ERROR_NOT_FOUND))
        kh_value_view_set_state (self, KH_VALUE_VIEW_GONE);
      else
        kh_value_view_show_message (self, error->message);
      return;
    }

  /* Done on the server whatever the user looks at now */
  kh_value_view_emit_key_renamed (self, request->key, request->new_key);
  if (kh_value_view_request_current (request))
    {
      g_autofree char *text = g_strdup_printf (_("Renamed to “%s”"), new_name);

      kh_value_view_set_key_with_type (self, request->new_key,
                                       self->has_header ? self->header.type_name : NULL);
      kh_value_view_toast (self, text);
    }
}

static void
start_rename (KhValueView      *self,
              GBytes           *new_key,
              KhKeyRenameFlags  flags)
{
  Request *request = kh_value_view_request_new (self);

  request->new_key = g_bytes_ref (new_key);
  kh_key_rename_async (self->session, self->key, new_key, flags, self->cancellable, on_renamed, request);
}

static void
rename_apply_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KhValueView *self = KH_VALUE_VIEW (widget);
  g_autoptr(GBytes) new_key = NULL;

  if (self->key == NULL || !kh_value_view_is_writable (self))
    return;
  new_key = kh_value_parse_text (gtk_editable_get_text (self->rename_entry), TRUE);
  if (g_bytes_get_size (new_key) == 0)
    {
      kh_value_view_show_message (self, _("A key name cannot be empty; the key was not renamed"));
      return;
    }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->rename_button));
  if (!g_bytes_equal (new_key, self->key))
    start_rename (self, new_key, KH_KEY_RENAME_DEFAULT);
}

static void
on_rename_activate (GtkEntry    *entry,
                    KhValueView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "value.rename-apply", NULL);
}

static void
on_rename_popover_shown (GtkWidget   *popover,
                         KhValueView *self)
{
  gsize len;
  const char *data;
  g_autofree char *name = NULL;

  if (self->key == NULL)
    return;
  data = g_bytes_get_data (self->key, &len);
  name = kh_key_escape (data != NULL ? data : "", len);
  gtk_editable_set_text (self->rename_entry, name);
  gtk_widget_grab_focus (GTK_WIDGET (self->rename_entry));
  gtk_editable_select_region (self->rename_entry, 0, -1);
}

/* Focus leaves the entry for the window before the popover goes, so that the
 * entry stops blinking its cursor */
static void
on_rename_popover_closed (GtkPopover  *popover,
                          KhValueView *self)
{
  gtk_widget_grab_focus (self->rename_button);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhValueView *self = KH_VALUE_VIEW (widget);

  gtk_menu_button_popup (GTK_MENU_BUTTON (self->rename_button));
}

/* TTL */

static void
on_ttl_changed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  KhValueView *self = request->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (request->full)
    ok = kh_key_set_ttl_finish (KH_SESSION (object), result, &error);
  else
    ok = kh_key_clear_ttl_finish (KH_SESSION (object), result, &error);
  if (!kh_value_view_request_current (request))
    return;
  if (!ok)
    {
      if (g_error_matches (error, KH_ERROR, KH_ERROR_NOT_FOUND))
        {
          kh_value_view_drop_pane (self);
          kh_value_view_set_state (self, KH_VALUE_VIEW_GONE);
        }
      else
        kh_value_view_show_message (self, error->message);
      return;
    }
  kh_value_view_toast (self, request->full ? _("Expiry set") : _("Expiry removed"));
  kh_value_view_load_header (self, FALSE);
}

static void
set_ttl_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhValueView *self = KH_VALUE_VIEW (widget);
  Request *request = kh_value_view_request_new (self);
  gint64 seconds = gtk_spin_button_get_value_as_int (self->ttl_spin);

  request->full = TRUE;
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->ttl_button));
  kh_key_set_ttl_async (self->session, self->key, MAX (seconds, 1) * 1000, self->cancellable,
                        on_ttl_changed, request);
}

static void
clear_ttl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhValueView *self = KH_VALUE_VIEW (widget);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->ttl_button));
  kh_key_clear_ttl_async (self->session, self->key, self->cancellable, on_ttl_changed, kh_value_view_request_new (self));
}

/* Delete */

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  KhValueView *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = kh_value_format_cell (request->key);
  g_autofree char *text = NULL;
  gboolean existed = FALSE;

  if (!kh_key_delete_finish (KH_SESSION (object), result, &existed, &error))
    {
      if (kh_value_view_request_current (request))
        kh_value_view_show_message (self, error->message);
      return;
    }
  kh_value_view_emit_key_deleted (self, request->key);
  text = existed ? g_strdup_printf (_("Deleted “%s”"), name)
                 : g_strdup_printf (_("“%s” was already gone"), name);
  if (kh_value_view_request_current (request))
    kh_value_view_set_key (self, NULL);
  kh_value_view_toast (self, text);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Request          *request)
{
  if (g_strcmp0 (response, "delete") != 0 || !kh_value_view_request_current (request))
    return;
  /* Not cancellable: once asked, the answer must be known */
  kh_key_delete_async (request->self->session, request->key, NULL, on_deleted, kh_value_view_request_new (request->self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhValueView *self = KH_VALUE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = kh_value_format_cell (self->key);
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       _("The key and its value are removed from the server. "
                                                         "This cannot be undone.")));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_delete_response), kh_value_view_request_new (self),
                         (GClosureNotify) (void (*) (void)) kh_value_view_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Other actions */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kh_value_view_reload (KH_VALUE_VIEW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KhValueView *self = KH_VALUE_VIEW (widget);

  if (self->pane != NULL)
    kh_value_pane_save (self->pane);
}

static void
dismiss_message_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  kh_value_view_show_message (KH_VALUE_VIEW (widget), NULL);
}

void
kh_value_view_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "value.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "value.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "value.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "value.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "value.rename-apply", NULL, rename_apply_action);
  gtk_widget_class_install_action (widget_class, "value.set-ttl", NULL, set_ttl_action);
  gtk_widget_class_install_action (widget_class, "value.clear-ttl", NULL, clear_ttl_action);
  gtk_widget_class_install_action (widget_class, "value.dismiss-message", NULL, dismiss_message_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "value.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "value.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "value.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "value.rename", NULL);
}

/* Enter in the TTL popover sets it, as its suggested button does */
static void
on_ttl_spin_activate (KhValueView *self)
{
  gtk_spin_button_update (self->ttl_spin);
  gtk_widget_activate_action (GTK_WIDGET (self), "value.set-ttl", NULL);
}

void
kh_value_view_init_actions (KhValueView *self)
{
  /* GTK 4.8's spin button has no "activate" of its own: its text's */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->ttl_spin)), "activate",
                           G_CALLBACK (on_ttl_spin_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rename_entry, "activate", G_CALLBACK (on_rename_activate), self, 0);
  g_signal_connect_object (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->rename_button)), "show",
                           G_CALLBACK (on_rename_popover_shown), self, 0);
  g_signal_connect_object (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->rename_button)), "closed",
                           G_CALLBACK (on_rename_popover_closed), self, 0);
}
