/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-stream-view.c: a stream, newest entries first, a page at a time
 * (XREVRANGE), with its consumer groups and what they have pending
 *
 * Entries are immutable: they are added and deleted, never edited.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-stream-view.h"
#include "kh-value-load.h"

/* Groups shown; a stream rarely has more */
#define MAX_GROUPS 100

struct _KhStreamView
{
  KhValuePane       parent_instance;

  char             *next_id;
  guint             n_groups;

  /* template children */
  GtkWidget        *add_button;
  GtkWidget        *delete_button;
  GtkLabel         *entry_label;
  GtkTextView      *entry_view;
  GtkLabel         *groups_summary;
  GtkListBox       *groups_list;
};

G_DEFINE_FINAL_TYPE (KhStreamView, kh_stream_view, KH_TYPE_VALUE_PANE)

static char *
kh_stream_view_count_text (KhValuePane *pane,
                           guint        shown,
                           gint64       total)
{
  g_autofree char *n = kh_value_format_count (shown);
  g_autofree char *all = NULL;

  if (total < 0)
    return g_strdup_printf (g_dngettext (NULL, "%s entry", "%s entries", shown), n);
  all = kh_value_format_count (total);
  /* Translators: "Newest 200 of 5,000 entries" */
  return g_strdup_printf (g_dngettext (NULL, "Newest %s of %s entry", "Newest %s of %s entries",
                                       (gulong) total), n, all);
}

static void
kh_stream_view_show_row (KhValuePane *pane,
                         KhValueRow  *row)
{
  KhStreamView *self = KH_STREAM_VIEW (pane);
  g_autoptr(GString) text = g_string_new (NULL);

  if (row != NULL)
    {
      GPtrArray *fields = kh_value_row_get_fields (row);
      g_autofree char *label = g_strdup_printf (_("Entry %s"), kh_value_row_get_id (row));

      for (guint i = 0; fields != NULL && i + 1 < fields->len; i += 2)
        {
          g_autofree char *field = kh_value_format_bytes (g_ptr_array_index (fields, i), NULL);
          g_autofree char *value = kh_value_format_bytes (g_ptr_array_index (fields, i + 1), NULL);

          g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "", field, value);
        }
      gtk_label_set_label (self->entry_label, label);
    }
  else
    gtk_label_set_label (self->entry_label, _("Select an entry to see its fields"));
  kh_value_pane_set_text (pane, self->entry_view, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->entry_view), row != NULL);
}

/* Groups */

typedef struct {
  KhStreamView *self;
  AdwExpanderRow *row;
  GBytes       *group;
  gboolean      loaded;
} GroupData;

static void
group_data_free (gpointer data)
{
  GroupData *group = data;

  g_bytes_unref (group->group);
  g_free (group);
}

static void
on_pending (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GObject) row_ref = user_data;
  AdwExpanderRow *row = ADW_EXPANDER_ROW (row_ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueStreamPending) pending = kh_value_stream_pending_finish (KH_SESSION (object), result, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pending == NULL)
    {
      child = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), error->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (child), FALSE);
      adw_expander_row_add_row (row, child);
      return;
    }

  child = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (child), FALSE);
  if (pending->count == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), _("Nothing pending"));
  else
    {
      g_autofree char *count = kh_value_format_count (pending->count);
      g_autofree char *title = g_strdup_printf (g_dngettext (NULL, "%s entry pending", "%s entries pending",
                                                             (gulong) pending->count), count);
      g_autofree char *subtitle = g_strdup_printf (_("From %s to %s"), pending->min_id, pending->max_id);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), subtitle);
    }
  adw_expander_row_add_row (row, child);

  for (guint i = 0; pending->consumers != NULL && i < pending->consumers->len && i < MAX_GROUPS; i++)
    {
      KhValueStreamConsumer *consumer = g_ptr_array_index (pending->consumers, i);
      g_autofree char *name = kh_value_format_cell (consumer->name);
      g_autofree char *count = kh_value_format_count (consumer->pending);
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (NULL, "%s pending", "%s pending",
                                                                (gulong) consumer->pending), count);

      child = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (child), FALSE);
      /* Translators: a consumer of a stream's consumer group */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), subtitle);
      gtk_widget_add_css_class (child, "property");
      adw_expander_row_add_row (row, child);
    }
}

static void
on_group_expanded (AdwExpanderRow *row,
                   GParamSpec     *pspec,
                   GroupData      *group)
{
  KhValuePane *pane = KH_VALUE_PANE (group->self);

  if (!adw_expander_row_get_expanded (row) || group->loaded)
    return;
  group->loaded = TRUE;
  kh_value_stream_pending_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), group->group,
                                 kh_value_pane_get_cancellable (pane), on_pending, g_object_ref (row));
}

static void
clear_groups (KhStreamView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_list))) != NULL)
    gtk_list_box_remove (self->groups_list, child);
  self->n_groups = 0;
}

static void
on_info (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KhStreamView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueStreamInfo) info = kh_value_stream_info_finish (KH_SESSION (object), result, &error);
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_groups (self);
  if (info == NULL)
    {
      gtk_label_set_label (self->groups_summary, error->message);
      return;
    }

  for (guint i = 0; i < info->groups->len && i < MAX_GROUPS; i++)
    {
      KhValueStreamGroup *group = g_ptr_array_index (info->groups, i);
      GtkWidget *row = adw_expander_row_new ();
      g_autofree char *name = kh_value_format_cell (group->name);
      g_autofree char *consumers = kh_value_format_count (group->consumers);
      g_autofree char *pending = kh_value_format_count (group->pending);
      g_autofree char *subtitle = NULL;
      GroupData *data = g_new0 (GroupData, 1);

      /* Translators: "2 consumers · 5 pending · last delivered 1700000000000-0" */
      subtitle = g_strdup_printf (_("%s consumers · %s pending · last delivered %s"),
                                  consumers, pending, group->last_delivered_id);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

      data->self = self;
      data->row = ADW_EXPANDER_ROW (row);
      data->group = g_bytes_ref (group->name);
      g_signal_connect_data (row, "notify::expanded", G_CALLBACK (on_group_expanded), data,
                             (GClosureNotify) (void (*) (void)) group_data_free, 0);
      gtk_list_box_append (self->groups_list, row);
      self->n_groups++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->groups_list), self->n_groups > 0);

  if (info->groups->len == 0)
    summary = g_strdup (_("No consumer groups read this stream."));
  else
    summary = g_strdup_printf (g_dngettext (NULL, "%u group. Expand one to see what it has pending.",
                                            "%u groups. Expand one to see what they have pending.",
                                            info->groups->len), info->groups->len);
  gtk_label_set_label (self->groups_summary, summary);
}

static void
load_groups (KhStreamView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  gtk_label_set_label (self->groups_summary, _("Loading…"));
  kh_value_stream_info_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                              kh_value_pane_get_cancellable (pane), on_info, g_object_ref (self));
}

/* Entries */

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KhStreamView) self = user_data;
  g_autoptr(KhValuePage) page = kh_value_pane_finish_page (KH_VALUE_PANE (self), result);
  g_autoptr(GPtrArray) added = NULL;

  if (page == NULL)
    return;
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (added, kh_value_row_new_stream (g_ptr_array_index (page->items, i)));
  g_free (self->next_id);
  self->next_id = g_strdup (page->next_id);
  kh_value_pane_add_page (KH_VALUE_PANE (self), added, page->complete);
}

static void
load_page (KhStreamView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  kh_value_pane_set_loading (pane, TRUE);
  kh_value_stream_range_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), self->next_id,
                               KH_VALUE_PAGE_SIZE, kh_value_pane_get_cancellable (pane), on_page,
                               g_object_ref (self));
}

static void
kh_stream_view_reload (KhValuePane *pane)
{
  KhStreamView *self = KH_STREAM_VIEW (pane);

  g_clear_pointer (&self->next_id, g_free);
  load_page (self);
  load_groups (self);
}

static void
kh_stream_view_load_more (KhValuePane *pane)
{
  load_page (KH_STREAM_VIEW (pane));
}

/* Adding */

typedef struct {
  KhStreamView *self;
  GtkEditable  *id_entry;
  GtkBox       *pairs;
} AddDialog;

static void
add_dialog_free (gpointer data)
{
  AddDialog *dialog = data;

  g_object_unref (dialog->self);
  g_free (dialog);
}

static void
add_pair (GtkBox *pairs)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *field = gtk_entry_new ();
  GtkWidget *value = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (field), _("Field"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (value), _("Value"));
  /* Enter in any of them adds the entry */
  gtk_entry_set_activates_default (GTK_ENTRY (field), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (value), TRUE);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (field), 10);
  gtk_box_append (GTK_BOX (box), field);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (pairs, box);
}

static void
on_stream_added (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KhStreamView) self = user_data;
  KhValuePane *pane = KH_VALUE_PANE (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) id = NULL;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, &id, NULL, &error))
    {
      kh_value_pane_show_message (pane, error->message);
      return;
    }
  kh_value_pane_toast (pane, _("Entry added"));
  kh_value_pane_value_changed (pane);
  kh_value_pane_reload (pane);
}

static void
on_add_response (AdwMessageDialog *message_dialog,
                 const char       *response,
                 AddDialog        *dialog)
{
  KhValuePane *pane = KH_VALUE_PANE (dialog->self);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *id = NULL;

  if (g_strcmp0 (response, "add") != 0 || kh_value_pane_get_session (pane) == NULL)
    return;

  for (GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (dialog->pairs)); box != NULL;
       box = gtk_widget_get_next_sibling (box))
    {
      GtkWidget *field = gtk_widget_get_first_child (box);
      GtkWidget *value = gtk_widget_get_next_sibling (field);
      const char *field_text = gtk_editable_get_text (GTK_EDITABLE (field));

      if (*field_text == '\0' && *gtk_editable_get_text (GTK_EDITABLE (value)) == '\0')
        continue;
      g_ptr_array_add (fields, kh_value_parse_text (field_text, FALSE));
      g_ptr_array_add (fields, kh_value_parse_text (gtk_editable_get_text (GTK_EDITABLE (value)), FALSE));
    }
  if (fields->len == 0)
    {
      kh_value_pane_show_message (pane, _("An entry needs at least one field; nothing was added"));
      return;
    }

  id = g_strstrip (g_strdup (gtk_editable_get_text (dialog->id_entry)));
  kh_value_pane_begin_write (pane);
  kh_value_stream_add_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                             *id != '\0' ? id : NULL, fields, NULL, on_stream_added, g_object_ref (dialog->self));
}

static void
on_add_pair_clicked (GtkButton *button,
                     GtkBox    *pairs)
{
  add_pair (pairs);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KhStreamView *self = KH_STREAM_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *message_dialog;
  AddDialog *dialog = g_new0 (AddDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *id_entry = gtk_entry_new ();
  GtkWidget *pairs = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *more = gtk_button_new_with_mnemonic (_("Add _Another Field"));

  gtk_entry_set_placeholder_text (GTK_ENTRY (id_entry), _("ID: empty for the next automatic one"));
  gtk_entry_set_activates_default (GTK_ENTRY (id_entry), TRUE);
  gtk_box_append (GTK_BOX (box), id_entry);
  add_pair (GTK_BOX (pairs));
  gtk_box_append (GTK_BOX (box), pairs);
  gtk_widget_set_halign (more, GTK_ALIGN_START);
  gtk_widget_add_css_class (more, "flat");
  g_signal_connect_object (more, "clicked", G_CALLBACK (on_add_pair_clicked), pairs, 0);
  gtk_box_append (GTK_BOX (box), more);

  dialog->self = g_object_ref (self);
  dialog->id_entry = GTK_EDITABLE (id_entry);
  dialog->pairs = GTK_BOX (pairs);

  message_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                               _("Add Entry"),
                                                               _("Entries are added after the newest one (XADD).")));
  gtk_window_set_modal (GTK_WINDOW (message_dialog), TRUE);
  adw_message_dialog_set_extra_child (message_dialog, box);
  adw_message_dialog_add_responses (message_dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (message_dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (message_dialog, "add");
  adw_message_dialog_set_close_response (message_dialog, "cancel");
  g_signal_connect_data (message_dialog, "response", G_CALLBACK (on_add_response), dialog,
                         (GClosureNotify) (void (*) (void)) add_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (message_dialog));
}

/* Deleting */

typedef struct {
  KhStreamView *self;
  KhValueRow   *row;
} Op;

static Op *
op_new (KhStreamView *self,
        KhValueRow   *row)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->row = g_object_ref (row);
  return op;
}

static void
op_free (gpointer data)
{
  Op *op = data;

  g_object_unref (op->self);
  g_object_unref (op->row);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static void
remove_row (KhStreamView *self,
            KhValueRow   *row)
{
  KhValuePane *pane = KH_VALUE_PANE (self);
  guint position;

  if (g_list_store_find (kh_value_pane_get_rows (pane), row, &position))
    g_list_store_remove (kh_value_pane_get_rows (pane), position);
  kh_value_pane_update_count (pane);
}

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;

  if (kh_value_pane_finish_removal (KH_VALUE_PANE (op->self), result, _("Entry deleted"),
                                    _("The entry was already deleted"), NULL))
    remove_row (op->self, op->row);
}

static void
on_delete_confirmed (KhValuePane *pane,
                     gpointer     data)
{
  Op *op = data;

  kh_value_pane_begin_write (pane);
  kh_value_stream_delete_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                kh_value_row_get_id (op->row), NULL, on_deleted, op_new (op->self, op->row));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhStreamView *self = KH_STREAM_VIEW (widget);
  KhValueRow *row = kh_value_pane_get_selected_row (KH_VALUE_PANE (self));
  g_autofree char *heading = NULL;

  if (row == NULL)
    return;
  heading = g_strdup_printf (_("Delete Entry %s?"), kh_value_row_get_id (row));
  kh_value_pane_confirm (KH_VALUE_PANE (self), heading,
                         _("The entry is removed from the stream (XDEL). Consumer groups that have it "
                           "pending keep its ID without its fields."),
                         _("_Delete"), on_delete_confirmed, op_new (self, row), op_free);
}

/* GObject */

static void
kh_stream_view_update_actions (KhValuePane *pane)
{
  KhStreamView *self = KH_STREAM_VIEW (pane);
  gboolean writable = !kh_value_pane_is_read_only (pane) && !kh_value_pane_get_busy (pane);

  KH_VALUE_PANE_CLASS (kh_stream_view_parent_class)->update_actions (pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.add", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.delete",
                                 writable && kh_value_pane_get_selected_row (pane) != NULL);
}

static char *
id_cell (KhValueRow *row)
{
  return g_strdup (kh_value_row_get_id (row));
}

static char *
fields_cell (KhValueRow *row)
{
  GPtrArray *fields = kh_value_row_get_fields (row);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; fields != NULL && i + 1 < fields->len && text->len < 300; i += 2)
    {
      g_autofree char *field = kh_value_format_cell (g_ptr_array_index (fields, i));
      g_autofree char *value = kh_value_format_cell (g_ptr_array_index (fields, i + 1));

      g_string_append_printf (text, "%s%s=%s", i > 0 ? "  " : "", field, value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
kh_stream_view_finalize (GObject *object)
{
  KhStreamView *self = KH_STREAM_VIEW (object);

  g_clear_pointer (&self->next_id, g_free);

  G_OBJECT_CLASS (kh_stream_view_parent_class)->finalize (object);
}

static void
kh_stream_view_class_init (KhStreamViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  object_class->finalize = kh_stream_view_finalize;
  pane_class->reload = kh_stream_view_reload;
  pane_class->load_more = kh_stream_view_load_more;
  pane_class->update_actions = kh_stream_view_update_actions;
  pane_class->show_row = kh_stream_view_show_row;
  pane_class->count_text = kh_stream_view_count_text;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-stream-view.ui");
  kh_value_pane_class_bind_rows (widget_class);
  gtk_widget_class_bind_template_child (widget_class, KhStreamView, add_button);
  gtk_widget_class_bind_template_child (widget_class, KhStreamView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhStreamView, entry_label);
  gtk_widget_class_bind_template_child (widget_class, KhStreamView, entry_view);
  gtk_widget_class_bind_template_child (widget_class, KhStreamView, groups_summary);
  gtk_widget_class_bind_template_child (widget_class, KhStreamView, groups_list);

  gtk_widget_class_install_action (widget_class, "stream.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "stream.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "stream.delete", NULL);
}

static void
kh_stream_view_init (KhStreamView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  kh_value_pane_init_rows (pane, NULL);
  kh_value_pane_add_column (pane, _("ID"), id_cell, KH_VALUE_CELL_MONOSPACE);
  kh_value_pane_add_column (pane, _("Fields"), fields_cell,
                            KH_VALUE_CELL_MONOSPACE | KH_VALUE_CELL_EXPAND);
}

GtkWidget *
kh_stream_view_new (KhSession *session,
                    GBytes    *key)
{
  KhStreamView *self;
  KhValuePane *pane;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (KH_TYPE_STREAM_VIEW, "session", session, "key", key, NULL);
  pane = KH_VALUE_PANE (self);
  kh_value_pane_editing_control (pane, self->add_button, _("Add an entry with its fields (XADD)"));
  kh_value_pane_editing_control (pane, self->delete_button, _("Delete the selected entry (Delete)"));
  kh_value_pane_show_row (pane, NULL);
  return GTK_WIDGET (self);
}

guint
kh_stream_view_get_n_groups (KhStreamView *self)
{
  g_return_val_if_fail (KH_IS_STREAM_VIEW (self), 0);

  return self->n_groups;
}
