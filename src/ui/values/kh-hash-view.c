/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-hash-view.c: a hash, a page of fields at a time (HSCAN), with an editor
 * for the selected field's value
 *
 * Writes compare first: a field is saved or deleted only if it still holds
 * the value shown, and a new field never replaces an existing one unless the
 * user says so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-hash-view.h"
#include "kh-value-load.h"

struct _KhHashView
{
  KhValuePane       parent_instance;

  GHashTable       *seen;        /* GBytes field: SCAN may repeat one */
  char             *cursor;

  /* template children */
  GtkWidget        *add_button;
  GtkWidget        *delete_button;
  GtkLabel         *editor_label;
  GtkWidget        *escaped_label;
  GtkWidget        *revert_button;
  GtkWidget        *save_button;
  GtkTextView      *editor_view;
};

G_DEFINE_FINAL_TYPE (KhHashView, kh_hash_view, KH_TYPE_VALUE_PANE)

static char *
kh_hash_view_count_text (KhValuePane *pane,
                         guint        shown,
                         gint64       total)
{
  g_autofree char *n = kh_value_format_count (shown);
  g_autofree char *all = NULL;

  if (total < 0)
    return g_strdup_printf (g_dngettext (NULL, "%s field", "%s fields", shown), n);
  all = kh_value_format_count (total);
  /* Translators: "Showing 200 of 1,000,000 fields" */
  return g_strdup_printf (g_dngettext (NULL, "Showing %s of %s field", "Showing %s of %s fields",
                                       (gulong) total), n, all);
}

static void
kh_hash_view_show_row (KhValuePane *pane,
                       KhValueRow  *row)
{
  KhHashView *self = KH_HASH_VIEW (pane);

  if (row != NULL)
    {
      g_autofree char *field = kh_value_format_cell (kh_value_row_get_name (row));
      g_autofree char *label = g_strdup_printf (_("Value of “%s”"), field);

      gtk_label_set_label (self->editor_label, label);
    }
  else
    gtk_label_set_label (self->editor_label, _("Select a field to see its value"));
  kh_value_pane_edit_value (pane, row != NULL ? kh_value_row_get_value (row) : NULL);
}

/* Replaces @row's value and redraws it, keeping the selection. */
static void
update_row (KhHashView *self,
            KhValueRow *row,
            GBytes     *value)
{
  KhValuePane *pane = KH_VALUE_PANE (self);
  guint position;

  kh_value_row_set_value (row, value);
  if (kh_value_pane_find_row (pane, kh_value_row_get_name (row), &position))
    g_list_model_items_changed (G_LIST_MODEL (kh_value_pane_get_rows (pane)), position, 1, 1);
  if (row == kh_value_pane_get_shown_row (pane))
    kh_value_pane_show_row (pane, row);
}

static void
remove_row (KhHashView *self,
            GBytes     *field)
{
  KhValuePane *pane = KH_VALUE_PANE (self);
  KhValueRow *shown;
  guint position;

  if (kh_value_pane_find_row (pane, field, &position))
    g_list_store_remove (kh_value_pane_get_rows (pane), position);
  g_hash_table_remove (self->seen, field);
  /* After the removal: a change of selection shows another row */
  shown = kh_value_pane_get_shown_row (pane);
  if (shown != NULL && g_bytes_equal (kh_value_row_get_name (shown), field))
    kh_value_pane_show_row (pane, kh_value_pane_get_selected_row (pane));
  kh_value_pane_update_count (pane);
}

/* Loading */

static void load_page (KhHashView *self);

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KhHashView) self = user_data;
  g_autoptr(KhValuePage) page = kh_value_pane_finish_page (KH_VALUE_PANE (self), result);
  g_autoptr(GPtrArray) added = NULL;

  if (page == NULL)
    return;
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->items->len; i++)
    {
      KhValueHashEntry *entry = g_ptr_array_index (page->items, i);

      if (g_hash_table_add (self->seen, g_bytes_ref (entry->field)))
        g_ptr_array_add (added, kh_value_row_new_hash (entry));
    }
  g_free (self->cursor);
  self->cursor = g_strdup (page->next_cursor);
  kh_value_pane_add_page (KH_VALUE_PANE (self), added, page->complete);

  /* An empty page that is not the last says nothing: go on */
  if (added->len == 0 && !page->complete)
    load_page (self);
}

static void
load_page (KhHashView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  kh_value_pane_set_loading (pane, TRUE);
  kh_value_hash_scan_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), self->cursor,
                            KH_VALUE_PAGE_SIZE, NULL, kh_value_pane_get_cancellable (pane),
                            on_page, g_object_ref (self));
}

static void
kh_hash_view_reload (KhValuePane *pane)
{
  KhHashView *self = KH_HASH_VIEW (pane);

  g_clear_pointer (&self->cursor, g_free);
  g_hash_table_remove_all (self->seen);
  load_page (self);
}

static void
kh_hash_view_load_more (KhValuePane *pane)
{
  load_page (KH_HASH_VIEW (pane));
}

/* Writes */

typedef struct {
  KhHashView *self;
  KhValueRow *row;    /* NULL for a new field */
  GBytes     *field;
  GBytes     *value;
  GBytes     *expected;  /* what an add found: the value to replace */
} Op;

static Op *
op_new (KhHashView *self,
        KhValueRow *row,
        GBytes     *field,
        GBytes     *value)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->row = row != NULL ? g_object_ref (row) : NULL;
  op->field = g_bytes_ref (field);
  op->value = value != NULL ? g_bytes_ref (value) : NULL;
  return op;
}

static void
op_free (gpointer data)
{
  Op *op = data;

  g_object_unref (op->self);
  g_clear_object (&op->row);
  g_bytes_unref (op->field);
  g_clear_pointer (&op->value, g_bytes_unref);
  g_clear_pointer (&op->expected, g_bytes_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static void start_set (Op     *op,
                       GBytes *expected);
static void start_delete (Op     *op,
                          GBytes *expected);

static void
on_field_reloaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) value = kh_value_hash_get_field_finish (KH_SESSION (object), result, &error);

  if (value != NULL)
    {
      KhValueRow *row = op->row;

      if (row == NULL)
        row = kh_value_pane_find_row (KH_VALUE_PANE (op->self), op->field, NULL);
      if (row != NULL)
        update_row (op->self, row, value);
    }
  else if (g_error_matches (error, KH_ERROR, KH_ERROR_NOT_FOUND))
    remove_row (op->self, op->field);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    kh_value_pane_show_message (KH_VALUE_PANE (op->self), error->message);
}

/* "Keep theirs": the field as the server has it now */
static void
reload_field (Op *op)
{
  KhValuePane *pane = KH_VALUE_PANE (op->self);

  kh_value_hash_get_field_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), op->field,
                                 kh_value_pane_get_cancellable (pane), on_field_reloaded,
                                 op_new (op->self, op->row, op->field, NULL));
}

static void
on_set_conflict (KhValuePane           *pane,
                 const char            *response,
                 const KhValueConflict *conflict,
                 gpointer               data)
{
  Op *op = data;

  if (g_strcmp0 (response, "theirs") == 0)
    reload_field (op);
  else if (g_strcmp0 (response, "overwrite") == 0 && conflict->server_value != NULL)
    start_set (op_new (op->self, op->row, op->field, op->value), conflict->server_value);
}

static void
on_set (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  KhValuePane *pane = KH_VALUE_PANE (op->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (conflict != NULL && conflict->kind != KH_VALUE_CONFLICT_WRONG_TYPE)
        kh_value_pane_resolve_conflict (pane, conflict, NULL, on_set_conflict, g_steal_pointer (&op), op_free);
      else
        kh_value_pane_show_message (pane, error->message);
      return;
    }

  if (op->row != NULL)
    update_row (op->self, op->row, op->value);
  else
    {
      guint position = 0;
      KhValueRow *found = kh_value_pane_find_row (pane, op->field, &position);

      if (found != NULL)
        update_row (op->self, found, op->value);
      else
        {
          g_autoptr(KhValueRow) row = kh_value_row_new (op->field, op->value);

          g_hash_table_add (op->self->seen, g_bytes_ref (op->field));
          g_list_store_insert (kh_value_pane_get_rows (pane), 0, row);
        }
      kh_value_pane_select_row (pane, position);
      kh_value_pane_update_count (pane);
    }
  kh_value_pane_toast (pane, _("Saved"));
  kh_value_pane_value_changed (pane);
}

static void
start_set (Op     *op,
           GBytes *expected)
{
  KhValuePane *pane = KH_VALUE_PANE (op->self);

  kh_value_pane_begin_write (pane);
  kh_value_hash_set_field_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                 op->field, expected, op->value, NULL, on_set, op);
}

static void
kh_hash_view_save (KhValuePane *pane)
{
  KhValueRow *row = kh_value_pane_get_shown_row (pane);
  g_autoptr(GBytes) value = kh_value_pane_dup_edited_value (pane);

  start_set (op_new (KH_HASH_VIEW (pane), row, kh_value_row_get_name (row), value), kh_value_row_get_value (row));
}

/* Adding */

static void
on_replace_confirmed (KhValuePane *pane,
                      gpointer     data)
{
  Op *op = data;

  start_set (op_new (op->self, NULL, op->field, op->value), op->expected);
}

static void
on_added (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  KhValuePane *pane = KH_VALUE_PANE (op->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (conflict != NULL && conflict->kind == KH_VALUE_CONFLICT_EXISTS && conflict->server_value != NULL)
        {
          g_autofree char *field = kh_value_format_cell (op->field);
          g_autofree char *current = kh_value_format_cell (conflict->server_value);
          g_autofree char *heading = g_strdup_printf (_("Replace Field “%s”?"), field);
          g_autofree char *body = g_strdup_printf (_("The field already exists with the value “%s”. "
                                                     "Replacing it writes your value over that one."), current);

          /* The replacement still checks that the field holds what we just saw */
          op->expected = g_bytes_ref (conflict->server_value);
          kh_value_pane_confirm (pane, heading, body, _("_Replace"), on_replace_confirmed,
                                 g_steal_pointer (&op), op_free);
        }
      else
        kh_value_pane_show_message (pane, error->message);
      return;
    }

  {
    g_autoptr(KhValueRow) row = kh_value_row_new (op->field, op->value);
    GListStore *rows = kh_value_pane_get_rows (pane);
    guint position;

    if (kh_value_pane_find_row (pane, op->field, &position))
      g_list_store_remove (rows, position);
    g_hash_table_add (op->self->seen, g_bytes_ref (op->field));
    g_list_store_insert (rows, 0, row);
    kh_value_pane_select_row (pane, 0);
    kh_value_pane_update_count (pane);
  }
  kh_value_pane_toast (pane, _("Field added"));
  kh_value_pane_value_changed (pane);
}

static void
on_add_answered (KhValuePane        *pane,
                 const char * const *values,
                 gpointer            data)
{
  KhHashView *self = KH_HASH_VIEW (pane);
  g_autoptr(GBytes) field = kh_value_parse_text (values[0], FALSE);
  g_autoptr(GBytes) value = kh_value_parse_text (values[1], FALSE);

  kh_value_pane_begin_write (pane);
  kh_value_hash_add_field_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), field, value,
                                 NULL, on_added, op_new (self, NULL, field, value));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  const char *labels[] = { _("Field"), _("Value"), NULL };

  kh_value_pane_ask (KH_VALUE_PANE (widget), _("Add Field"),
                     _("An existing field is not replaced unless you confirm it."),
                     labels, _("_Add"), on_add_answered, NULL, NULL);
}

/* Deleting */

static void
on_delete_conflict (KhValuePane           *pane,
                    const char            *response,
                    const KhValueConflict *conflict,
                    gpointer               data)
{
  Op *op = data;

  if (g_strcmp0 (response, "theirs") == 0)
    reload_field (op);
  else if (g_strcmp0 (response, "overwrite") == 0 && conflict->server_value != NULL)
    start_delete (op_new (op->self, op->row, op->field, NULL), conflict->server_value);
}

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  KhValuePane *pane = KH_VALUE_PANE (op->self);
  g_autoptr(KhValueConflict) changed = NULL;

  if (kh_value_pane_finish_removal (pane, result, _("Field deleted"), _("The field was already deleted"), &changed))
    remove_row (op->self, op->field);
  else if (changed != NULL)
    kh_value_pane_resolve_conflict (pane, changed, _("_Delete Anyway"), on_delete_conflict,
                                    g_steal_pointer (&op), op_free);
}

static void
start_delete (Op     *op,
              GBytes *expected)
{
  KhValuePane *pane = KH_VALUE_PANE (op->self);

  kh_value_pane_begin_write (pane);
  kh_value_hash_delete_field_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                    op->field, expected, NULL, on_deleted, op);
}

static void
on_delete_confirmed (KhValuePane *pane,
                     gpointer     data)
{
  Op *op = data;

  start_delete (op_new (op->self, op->row, op->field, NULL), kh_value_row_get_value (op->row));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhHashView *self = KH_HASH_VIEW (widget);
  KhValueRow *row = kh_value_pane_get_selected_row (KH_VALUE_PANE (self));
  g_autofree char *field = NULL;
  g_autofree char *heading = NULL;

  if (row == NULL)
    return;
  field = kh_value_format_cell (kh_value_row_get_name (row));
  heading = g_strdup_printf (_("Delete Field “%s”?"), field);
  kh_value_pane_confirm (KH_VALUE_PANE (self), heading,
                         _("The field and its value are removed from the hash. If someone changed "
                           "the value meanwhile, nothing is deleted."),
                         _("_Delete"), on_delete_confirmed,
                         op_new (self, row, kh_value_row_get_name (row), NULL), op_free);
}

/* GObject */

static void
kh_hash_view_update_actions (KhValuePane *pane)
{
  KhHashView *self = KH_HASH_VIEW (pane);
  gboolean writable = !kh_value_pane_is_read_only (pane) && !kh_value_pane_get_busy (pane);

  KH_VALUE_PANE_CLASS (kh_hash_view_parent_class)->update_actions (pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hash.add", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hash.delete",
                                 writable && kh_value_pane_get_selected_row (pane) != NULL);
}

static char *
field_cell (KhValueRow *row)
{
  return kh_value_format_cell (kh_value_row_get_name (row));
}

static char *
value_cell (KhValueRow *row)
{
  return kh_value_format_cell (kh_value_row_get_value (row));
}

static void
kh_hash_view_finalize (GObject *object)
{
  KhHashView *self = KH_HASH_VIEW (object);

  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->cursor, g_free);

  G_OBJECT_CLASS (kh_hash_view_parent_class)->finalize (object);
}

static void
kh_hash_view_class_init (KhHashViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  object_class->finalize = kh_hash_view_finalize;
  pane_class->reload = kh_hash_view_reload;
  pane_class->load_more = kh_hash_view_load_more;
  pane_class->save = kh_hash_view_save;
  pane_class->can_save = kh_value_pane_can_save_value;
  pane_class->update_actions = kh_hash_view_update_actions;
  pane_class->revert = kh_value_pane_show_row_again;
  pane_class->can_revert = kh_value_pane_value_edited;
  pane_class->show_row = kh_hash_view_show_row;
  pane_class->count_text = kh_hash_view_count_text;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-hash-view.ui");
  kh_value_pane_class_bind_rows (widget_class);
  gtk_widget_class_bind_template_child (widget_class, KhHashView, add_button);
  gtk_widget_class_bind_template_child (widget_class, KhHashView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhHashView, editor_label);
  gtk_widget_class_bind_template_child (widget_class, KhHashView, escaped_label);
  gtk_widget_class_bind_template_child (widget_class, KhHashView, revert_button);
  gtk_widget_class_bind_template_child (widget_class, KhHashView, save_button);
  gtk_widget_class_bind_template_child (widget_class, KhHashView, editor_view);

  gtk_widget_class_install_action (widget_class, "hash.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "hash.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "hash.delete", NULL);
}

static void
kh_hash_view_init (KhHashView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  kh_value_pane_init_rows (pane, GTK_WIDGET (self->editor_view));
  kh_value_pane_set_value_editor (pane, self->editor_view, self->escaped_label);
  kh_value_pane_add_column (pane, _("Field"), field_cell, KH_VALUE_CELL_DEFAULT);
  kh_value_pane_add_column (pane, _("Value"), value_cell,
                            KH_VALUE_CELL_MONOSPACE | KH_VALUE_CELL_EXPAND);
}

GtkWidget *
kh_hash_view_new (KhSession *session,
                  GBytes    *key)
{
  KhHashView *self;
  KhValuePane *pane;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (KH_TYPE_HASH_VIEW, "session", session, "key", key, NULL);
  pane = KH_VALUE_PANE (self);
  kh_value_pane_editing_control (pane, self->add_button, _("Add a field; an existing one is not replaced unless you confirm"));
  kh_value_pane_editing_control (pane, self->delete_button, _("Delete the selected field (Delete)"));
  kh_value_pane_editing_control (pane, self->save_button, _("Save the value (Ctrl+S); refused if someone else changed it meanwhile"));
  kh_value_pane_editing_control (pane, self->revert_button, _("Drop your changes"));
  kh_value_pane_show_row (pane, NULL);
  return GTK_WIDGET (self);
}
