/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-view-actions.c: what the value view's header does to the key:
 * rename, set or remove its expiry, delete it; reload and save; and once it
 * is gone, create it again from what the pane showed
 *
 * Writes are refused on a read-only session: their actions are disabled and
 * their buttons say why.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-error.h"
#include "kh-json-view.h"
#include "kh-key-item.h"
#include "kh-key-ops.h"
#include "kh-string-view.h"
#include "kh-value-edit.h"
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
        kh_value_view_mark_gone (self);
      else
        kh_value_view_show_error (self, error);
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
        kh_value_view_mark_gone (self);
      else
        kh_value_view_show_error (self, error);
      return;
    }
  /* The header follows through "key-changed" */
  kh_value_view_toast (self, request->full ? _("Expiry set") : _("Expiry removed"));
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
        kh_value_view_show_error (self, error);
      return;
    }
  /* The view says "gone" by now ("key-changed"), and offers Create Again */
  kh_value_view_emit_key_deleted (self, request->key);
  text = existed ? g_strdup_printf (_("Deleted “%s”"), name)
                 : g_strdup_printf (_("“%s” was already gone"), name);
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

/* Create Again */

static int
compare_stream_rows (gconstpointer a,
                     gconstpointer b)
{
  const char *ia = kh_value_row_get_id (*(KhValueRow **) a);
  const char *ib = kh_value_row_get_id (*(KhValueRow **) b);
  guint64 ma = g_ascii_strtoull (ia, NULL, 10), mb = g_ascii_strtoull (ib, NULL, 10);
  const char *da = strchr (ia, '-'), *db = strchr (ib, '-');
  guint64 sa = da != NULL ? g_ascii_strtoull (da + 1, NULL, 10) : 0;
  guint64 sb = db != NULL ? g_ascii_strtoull (db + 1, NULL, 10) : 0;

  if (ma != mb)
    return ma < mb ? -1 : 1;
  return sa < sb ? -1 : sa > sb;
}

/* From the head, whichever end the pane loaded first */
static int
compare_list_rows (gconstpointer a,
                   gconstpointer b)
{
  gint64 ia = kh_value_row_get_index (*(KhValueRow **) a);
  gint64 ib = kh_value_row_get_index (*(KhValueRow **) b);

  return ia < ib ? -1 : ia > ib;
}

static void
add_text (GPtrArray  *items,
          const char *text)
{
  g_ptr_array_add (items, g_bytes_new (text, strlen (text)));
}

static GPtrArray *
dup_row_items (KhValueView *self)
{
  GListModel *rows = G_LIST_MODEL (kh_value_pane_get_rows (self->pane));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = rows != NULL ? g_list_model_get_n_items (rows) : 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (rows, i));
  if (self->header.type == KH_VALUE_TYPE_STREAM)
    g_ptr_array_sort (sorted, compare_stream_rows);
  else if (self->header.type == KH_VALUE_TYPE_LIST)
    g_ptr_array_sort (sorted, compare_list_rows);
  for (guint i = 0; i < sorted->len; i++)
    {
      KhValueRow *row = g_ptr_array_index (sorted, i);

      switch (self->header.type)
        {
        case KH_VALUE_TYPE_HASH:
          g_ptr_array_add (items, g_bytes_ref (kh_value_row_get_name (row)));
          g_ptr_array_add (items, g_bytes_ref (kh_value_row_get_value (row)));
          break;
        case KH_VALUE_TYPE_LIST:
          g_ptr_array_add (items, g_bytes_ref (kh_value_row_get_value (row)));
          break;
        case KH_VALUE_TYPE_SET:
          g_ptr_array_add (items, g_bytes_ref (kh_value_row_get_name (row)));
          break;
        case KH_VALUE_TYPE_ZSET:
          {
            g_autofree char *score = g_strdup (kh_value_row_get_score_text (row));

            if (score == NULL)
              {
                char buffer[G_ASCII_DTOSTR_BUF_SIZE];

                score = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, kh_value_row_get_score (row)));
              }
            add_text (items, score);
            g_ptr_array_add (items, g_bytes_ref (kh_value_row_get_name (row)));
          }
          break;
        case KH_VALUE_TYPE_STREAM:
          {
            GPtrArray *fields = kh_value_row_get_fields (row);
            g_autofree char *count = g_strdup_printf ("%u", fields != NULL ? fields->len : 0);

            add_text (items, kh_value_row_get_id (row));
            add_text (items, count);
            for (guint j = 0; fields != NULL && j < fields->len; j++)
              g_ptr_array_add (items, g_bytes_ref (g_ptr_array_index (fields, j)));
          }
          break;
        default:
          return NULL;
        }
    }
  return items->len > 0 ? g_steal_pointer (&items) : NULL;
}

GPtrArray *
kh_value_view_dup_shown_items (KhValueView *self)
{
  GPtrArray *items;

  if (self->pane == NULL || !self->has_header)
    return NULL;
  if (KH_IS_STRING_VIEW (self->pane))
    {
      GBytes *value = kh_string_view_get_value (KH_STRING_VIEW (self->pane));

      if (value == NULL || kh_string_view_get_truncated (KH_STRING_VIEW (self->pane)))
        return NULL;
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_ptr_array_add (items, g_bytes_ref (value));
      return items;
    }
  if (KH_IS_JSON_VIEW (self->pane))
    {
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (kh_json_view_get_buffer (KH_JSON_VIEW (self->pane)));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (*text == '\0')
        return NULL;
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      add_text (items, text);
      return items;
    }
  return dup_row_items (self);
}

static void
on_created_again (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  KhValueView *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;
  g_autofree char *name = kh_value_format_cell (request->key);
  g_autofree char *text = NULL;

  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (!kh_value_view_request_current (request))
        return;
      if (conflict != NULL && conflict->kind == KH_VALUE_CONFLICT_EXISTS)
        text = g_strdup_printf (_("A key named “%s” was created meanwhile (a %s), so nothing was written. "
                                  "Reload to see it."),
                                name, conflict->server_type != NULL ? conflict->server_type : "?");
      else
        text = g_strdup_printf (_("Could not create “%s” again: %s"), name, error->message);
      kh_value_view_show_message (self, text);
      return;
    }
  /* The view shows it again through "key-changed" */
  text = g_strdup_printf (_("Created “%s” again"), name);
  kh_value_view_toast (self, text);
}

static void
create_again_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KhValueView *self = KH_VALUE_VIEW (widget);
  g_autoptr(GPtrArray) items = NULL;

  if (self->state != KH_VALUE_VIEW_GONE || self->pane == NULL || !kh_value_view_is_writable (self))
    return;
  items = kh_value_view_dup_shown_items (self);
  if (items == NULL)
    {
      kh_value_view_show_message (self, _("Nothing that was shown can be written again: the value was "
                                          "not loaded, or only its beginning was"));
      return;
    }
  /* Not cancellable: once sent, the outcome must be known */
  kh_value_recreate_async (self->session, self->header.type, self->key, items, NULL, on_created_again,
                           kh_value_view_request_new (self));
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
  gtk_widget_class_install_action (widget_class, "value.create-again", NULL, create_again_action);

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
