/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-actions.c: operations on keys: copy, rename, TTL, delete,
 * go to key, and bulk delete of a namespace or pattern, with their dialogs
 * (the bulk delete's are in kh-key-browser-bulk-delete.c)
 *
 * Every write asks the server first and changes the list after its answer.
 * On a read-only session the write actions are disabled, and their buttons
 * say why.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-error.h"
#include "kh-key-browser-private.h"

/* What an operation remembers until the server answers */
typedef struct {
  KhKeyBrowser *self;
  GBytes       *key;
  GBytes       *new_key;
  KhKeyItem    *item;
  guint         position;
  gint64        ttl_ms;     /* set-ttl: what was asked */
} Op;

static Op *
op_new (KhKeyBrowser *self,
        GBytes       *key)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->key = g_bytes_ref (key);
  op->position = gtk_single_selection_get_selected (self->selection);
  return op;
}

static void
op_free (Op *op)
{
  g_clear_object (&op->self);
  g_clear_pointer (&op->key, g_bytes_unref);
  g_clear_pointer (&op->new_key, g_bytes_unref);
  g_clear_object (&op->item);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

char *
_kh_key_browser_escape_bytes (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return kh_key_escape (data != NULL ? data : "", len);
}

static GtkWindow *
parent_window (KhKeyBrowser *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* A modal message dialog over the browser's window, closed as "cancel" */
AdwMessageDialog *
kh_key_browser_new_dialog (KhKeyBrowser *self,
                           const char   *heading,
                           const char   *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

gboolean
_kh_key_browser_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
toast_error (KhKeyBrowser *self,
             const char   *what,
             const GError *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", what, error->message);

  kh_key_browser_toast (self, text);
}

/* Setting a tooltip asks the X server where the pointer is: only on change */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  const char *current = gtk_widget_get_tooltip_text (widget);

  if (g_strcmp0 (current, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

/* The selected key, not a namespace */
static KhKeyItem *
selected_key_item (KhKeyBrowser *self)
{
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);

  if (item == NULL || kh_key_item_get_is_namespace (item))
    return NULL;
  return g_steal_pointer (&item);
}

void
kh_key_browser_update_actions (KhKeyBrowser *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(KhKeyItem) item = NULL;
  gboolean is_key, is_namespace;
  gboolean writable = !self->read_only;
  const char *read_only_tip = _("This connection is read-only: keys cannot be changed");

  if (self->selection == NULL)
    return;

  item = kh_key_browser_dup_selected_item (self);
  is_key = item != NULL && !kh_key_item_get_is_namespace (item);
  is_namespace = item != NULL && kh_key_item_get_is_namespace (item);

  gtk_widget_action_set_enabled (widget, "browser.copy-name", item != NULL);
  gtk_widget_action_set_enabled (widget, "browser.load-details", is_key);
  gtk_widget_action_set_enabled (widget, "browser.rename", is_key && writable);
  gtk_widget_action_set_enabled (widget, "browser.set-ttl", is_key && writable);
  gtk_widget_action_set_enabled (widget, "browser.clear-ttl", is_key && writable);
  gtk_widget_action_set_enabled (widget, "browser.delete", is_key && writable);
  gtk_widget_action_set_enabled (widget, "browser.delete-namespace", is_namespace && writable);
  gtk_widget_action_set_enabled (widget, "browser.delete-matching", writable);
  gtk_widget_action_set_enabled (widget, "browser.new-key", writable);
  gtk_widget_action_set_enabled (widget, "browser.stop", self->scanning);

  set_tooltip (GTK_WIDGET (self->rename_button), writable ? _("Rename the key (F2)") : read_only_tip);
  set_tooltip (GTK_WIDGET (self->ttl_button), writable ? _("Set when the key expires (Ctrl+E)") : read_only_tip);
  set_tooltip (GTK_WIDGET (self->delete_button), writable ? _("Delete the key (Delete)") : read_only_tip);
  set_tooltip (GTK_WIDGET (self->new_key_button), writable ? _("New key (Ctrl+Enter)") : read_only_tip);
}

/* Copy */

static void
copy_name_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  name = _kh_key_browser_escape_bytes (kh_key_item_get_key (item));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), name);
  text = g_strdup_printf (_("Copied “%s”"), name);
  kh_key_browser_toast (self, text);
}

/* Delete one key */

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _kh_key_browser_escape_bytes (op->key);
  g_autofree char *text = NULL;
  gboolean existed = FALSE;
  guint n;

  if (!kh_key_delete_finish (KH_SESSION (object), result, &existed, &error))
    {
      if (!_kh_key_browser_is_cancelled (error))
        {
          text = g_strdup_printf (_("Could not delete “%s”"), name);
          toast_error (op->self, text, error);
        }
      return;
    }

  kh_key_browser_forget_key (op->self, op->key);

  /* On to the next row, as a file manager does */
  n = g_list_model_get_n_items (G_LIST_MODEL (op->self->selection));
  if (gtk_single_selection_get_selected (op->self->selection) == GTK_INVALID_LIST_POSITION &&
      op->position != GTK_INVALID_LIST_POSITION && n > 0)
    gtk_single_selection_set_selected (op->self->selection, MIN (op->position, n - 1));

  text = existed ? g_strdup_printf (_("Deleted “%s”"), name)
                 : g_strdup_printf (_("“%s” was already gone"), name);
  kh_key_browser_toast (op->self, text);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Op               *op)
{
  if (!g_str_equal (response, "delete"))
    return;
  kh_key_delete_async (op->self->session, op->key, op->self->op_cancellable, on_deleted,
                       op_new (op->self, op->key));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = selected_key_item (self);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (item == NULL || self->read_only)
    return;

  name = _kh_key_browser_escape_bytes (kh_key_item_get_key (item));
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  dialog = kh_key_browser_new_dialog (self, heading, _("The key and its value are removed from the server. This cannot be undone."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_delete_response),
                         op_new (self, kh_key_item_get_key (item)), (GClosureNotify) (void (*) (void)) op_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rename */

static void
on_renamed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _kh_key_browser_escape_bytes (op->key);
  g_autofree char *new_name = _kh_key_browser_escape_bytes (op->new_key);
  g_autofree char *text = NULL;

  if (!kh_key_rename_finish (KH_SESSION (object), result, &error))
    {
      if (_kh_key_browser_is_cancelled (error))
        return;
      if (g_error_matches (error, KH_ERROR, KH_ERROR_CONFLICT))
        text = g_strdup_printf (_("“%s” already exists. Rename again and tick “Replace existing key” to overwrite it."),
                                new_name);
      else if (g_error_matches (error, KH_ERROR, KH_ERROR_NOT_FOUND))
        {
          kh_key_browser_forget_key (op->self, op->key);
          text = g_strdup_printf (_("“%s” no longer exists"), name);
        }
      else
        {
          g_autofree char *what = g_strdup_printf (_("Could not rename “%s”"), name);

          toast_error (op->self, what, error);
          return;
        }
      kh_key_browser_toast (op->self, text);
      return;
    }

  if (g_bytes_equal (op->key, op->new_key))
    return;

  kh_key_browser_forget_key (op->self, op->key);
  kh_key_metadata_invalidate (op->self->metadata, g_bytes_get_data (op->new_key, NULL),
                              g_bytes_get_size (op->new_key));
  kh_key_browser_reveal_key (op->self, op->new_key);
  text = g_strdup_printf (_("Renamed to “%s”"), new_name);
  kh_key_browser_toast (op->self, text);
}

static void
on_rename_text_changed (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "rename", *gtk_editable_get_text (entry) != '\0');
}

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Op               *op)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkEditable *entry = g_object_get_data (G_OBJECT (box), "entry");
  GtkCheckButton *replace = g_object_get_data (G_OBJECT (box), "replace");
  Op *rename;

  if (!g_str_equal (response, "rename"))
    return;

  rename = op_new (op->self, op->key);
  rename->new_key = kh_key_browser_unescape (gtk_editable_get_text (entry));
  kh_key_rename_async (op->self->session, rename->key, rename->new_key,
                       gtk_check_button_get_active (replace) ? KH_KEY_RENAME_OVERWRITE : KH_KEY_RENAME_DEFAULT,
                       op->self->op_cancellable, on_renamed, rename);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = selected_key_item (self);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *replace;

  if (item == NULL || self->read_only)
    return;

  name = _kh_key_browser_escape_bytes (kh_key_item_get_key (item));
  heading = g_strdup_printf (_("Rename “%s”"), name);
  dialog = kh_key_browser_new_dialog (self, heading,
                       _("Bytes that are not text are written \\xHH. "
                         "An existing key is not overwritten unless you say so."));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New name"), -1);
  replace = gtk_check_button_new_with_mnemonic (_("_Replace existing key"));
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), replace);
  g_object_set_data (G_OBJECT (box), "entry", entry);
  g_object_set_data (G_OBJECT (box), "replace", replace);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  g_signal_connect (entry, "changed", G_CALLBACK (on_rename_text_changed), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_rename_response),
                         op_new (self, kh_key_item_get_key (item)), (GClosureNotify) (void (*) (void)) op_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* TTL */

static void
on_ttl_set (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _kh_key_browser_escape_bytes (op->key);
  g_autofree char *text = NULL;
  g_autofree char *ttl = NULL;

  if (!kh_key_set_ttl_finish (KH_SESSION (object), result, &error))
    {
      if (!_kh_key_browser_is_cancelled (error))
        {
          text = g_strdup_printf (_("Could not set the TTL of “%s”"), name);
          toast_error (op->self, text, error);
        }
      return;
    }
  /* The row and the value view follow through "key-changed" */
  ttl = kh_key_browser_format_ttl (op->ttl_ms);
  /* Translators: %s is a time to live such as "2 h 00 min" */
  text = g_strdup_printf (_("“%s” now expires in %s"), name, ttl);
  kh_key_browser_toast (op->self, text);
}

static void
on_ttl_cleared (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _kh_key_browser_escape_bytes (op->key);
  g_autofree char *text = NULL;

  if (!kh_key_clear_ttl_finish (KH_SESSION (object), result, &error))
    {
      if (!_kh_key_browser_is_cancelled (error))
        {
          text = g_strdup_printf (_("Could not clear the TTL of “%s”"), name);
          toast_error (op->self, text, error);
        }
      return;
    }
  text = g_strdup_printf (_("“%s” no longer expires"), name);
  kh_key_browser_toast (op->self, text);
}

static const gint64 ttl_units_ms[] = { 1000, 60 * 1000, 3600 * 1000, 86400 * 1000 };

static void
on_ttl_response (AdwMessageDialog *dialog,
                 const char       *response,
                 Op               *op)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (box), "amount");
  GtkDropDown *unit = g_object_get_data (G_OBJECT (box), "unit");
  guint u = gtk_drop_down_get_selected (unit);
  gint64 ttl_ms;
  Op *set;

  if (!g_str_equal (response, "set"))
    return;

  gtk_spin_button_update (spin);
  ttl_ms = (gint64) gtk_spin_button_get_value_as_int (spin) * ttl_units_ms[MIN (u, G_N_ELEMENTS (ttl_units_ms) - 1)];
  set = op_new (op->self, op->key);
  set->item = op->item != NULL ? g_object_ref (op->item) : NULL;
  set->ttl_ms = MAX (ttl_ms, 1);
  kh_key_set_ttl_async (op->self->session, set->key, MAX (ttl_ms, 1), op->self->op_cancellable, on_ttl_set, set);
}

static void
set_ttl_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = selected_key_item (self);
  const char *units[] = { _("seconds"), _("minutes"), _("hours"), _("days"), NULL };
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *spin, *unit;
  gint64 remaining;
  gsize len;
  const char *key;
  Op *op;

  if (item == NULL || self->read_only)
    return;

  key = g_bytes_get_data (kh_key_item_get_key (item), &len);
  name = kh_key_escape (key, len);
  heading = g_strdup_printf (_("Set the TTL of “%s”"), name);
  dialog = kh_key_browser_new_dialog (self, heading, _("The key is deleted by the server when its time to live runs out."));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  spin = gtk_spin_button_new_with_range (1, G_MAXINT32, 1);
  /* A spin button edits through a GtkText, not a GtkEntry */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (spin))), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time to live"), -1);
  unit = gtk_drop_down_new_from_strings (units);
  gtk_accessible_update_property (GTK_ACCESSIBLE (unit), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unit"), -1);

  /* Start from what is left, in the largest unit that keeps a whole number */
  remaining = kh_key_metadata_get_remaining_ttl (self->metadata, key != NULL ? key : "", len);
  if (remaining > 0)
    {
      gint64 seconds = (remaining + 999) / 1000;
      guint u = 0;

      while (u + 1 < G_N_ELEMENTS (ttl_units_ms) && seconds * 1000 % ttl_units_ms[u + 1] == 0)
        u++;
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double) (seconds * 1000 / ttl_units_ms[u]));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (unit), u);
    }
  else
    {
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (unit), 2);
    }

  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), unit);
  g_object_set_data (G_OBJECT (box), "amount", spin);
  g_object_set_data (G_OBJECT (box), "unit", unit);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "set", _("_Set TTL"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "set");
  op = op_new (self, kh_key_item_get_key (item));
  op->item = g_object_ref (item);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_ttl_response),
                         op, (GClosureNotify) (void (*) (void)) op_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (spin);
}

static void
clear_ttl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = selected_key_item (self);
  Op *op;

  if (item == NULL || self->read_only)
    return;

  op = op_new (self, kh_key_item_get_key (item));
  op->item = g_object_ref (item);
  kh_key_clear_ttl_async (self->session, op->key, self->op_cancellable, on_ttl_cleared, op);
}

/* Details in economy mode */

static void
load_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = selected_key_item (self);

  if (item == NULL)
    return;
  kh_key_metadata_request_now (self->metadata, item);
  kh_key_metadata_flush (self->metadata);
}

/* Find and go to key */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _kh_key_browser_escape_bytes (op->key);
  g_autofree char *text = NULL;
  KhKeyLookup lookup = { 0 };

  if (!kh_key_lookup_finish (KH_SESSION (object), result, &lookup, &error))
    {
      if (!_kh_key_browser_is_cancelled (error))
        {
          text = g_strdup_printf (_("Could not look up “%s”"), name);
          toast_error (op->self, text, error);
        }
      return;
    }

  if (!lookup.exists)
    {
      text = g_strdup_printf (_("There is no key named “%s” in database %u"), name,
                              kh_session_get_database (op->self->session));
      kh_key_browser_toast (op->self, text);
      return;
    }

  kh_key_browser_reveal_key (op->self, op->key);
  gtk_widget_grab_focus (GTK_WIDGET (op->self->list_view));
}

static void
on_go_to_response (AdwMessageDialog *dialog,
                   const char       *response,
                   KhKeyBrowser     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GBytes) key = NULL;

  if (!g_str_equal (response, "go"))
    return;

  key = kh_key_browser_unescape (gtk_editable_get_text (entry));
  /* Already loaded: no need to ask */
  if (kh_key_browser_select_key (self, key))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
      return;
    }
  kh_key_lookup_async (self->session, key, self->op_cancellable, on_looked_up, op_new (self, key));
}

static void
on_go_to_text_changed (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "go", *gtk_editable_get_text (entry) != '\0');
}

static void
go_to_key_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = kh_key_browser_new_dialog (self, _("Go to Key"),
                       _("The exact name of a key. It is looked up on the server, "
                         "so it is found even if it is not loaded."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("user:1234"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Key name"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "go", _("_Go"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "go", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "go");
  adw_message_dialog_set_response_enabled (dialog, "go", FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_go_to_text_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_go_to_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Loading */

static void
rescan_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kh_key_browser_rescan (KH_KEY_BROWSER (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kh_key_browser_stop (KH_KEY_BROWSER (widget));
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);

  if (item == NULL)
    {
      gtk_menu_button_popup (self->menu_button);
      return;
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->row_popover),
                                   kh_key_item_get_is_namespace (item) ? self->namespace_menu : self->key_menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover), NULL);
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

void
kh_key_browser_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "browser.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "browser.go-to-key", NULL, go_to_key_action);
  gtk_widget_class_install_action (widget_class, "browser.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "browser.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "browser.copy-name", NULL, copy_name_action);
  gtk_widget_class_install_action (widget_class, "browser.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "browser.set-ttl", NULL, set_ttl_action);
  gtk_widget_class_install_action (widget_class, "browser.clear-ttl", NULL, clear_ttl_action);
  gtk_widget_class_install_action (widget_class, "browser.load-details", NULL, load_details_action);
  gtk_widget_class_install_action (widget_class, "browser.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "browser.delete-namespace", NULL,
                                   _kh_key_browser_delete_namespace_action);
  gtk_widget_class_install_action (widget_class, "browser.delete-matching", NULL,
                                   _kh_key_browser_delete_matching_action);
  gtk_widget_class_install_action (widget_class, "browser.show-menu", NULL, show_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "browser.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "browser.go-to-key", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "browser.rescan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "browser.rescan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "browser.copy-name", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "browser.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "browser.set-ttl", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "browser.clear-ttl", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "browser.load-details", NULL);
  /* The last binding of an action is the one menus show: "Delete", not "KP Delete" */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "browser.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "browser.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_SHIFT_MASK,
                                       "browser.delete-namespace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "browser.delete-matching", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "browser.show-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "browser.show-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "browser.view-mode", "s", "list");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "browser.view-mode", "s", "tree");
}
