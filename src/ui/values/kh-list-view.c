/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-list-view.c: a list, a page of elements at a time (LRANGE), with an
 * editor for the selected element
 *
 * An element is set (LSET) or removed only if it still holds what is shown.
 * Pushes and removals shift the indexes, so the list reloads after them.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kh-error.h"
#include "kh-list-view.h"
#include "kh-value-load.h"

struct _KhListView
{
  KhValuePane       parent_instance;

  gint64            next_start;

  /* template children */
  GtkWidget        *push_head_button;
  GtkWidget        *push_tail_button;
  GtkWidget        *delete_button;
  GtkLabel         *editor_label;
  GtkWidget        *escaped_label;
  GtkWidget        *revert_button;
  GtkWidget        *save_button;
  GtkTextView      *editor_view;
};

G_DEFINE_FINAL_TYPE (KhListView, kh_list_view, KH_TYPE_VALUE_PANE)

static char *
kh_list_view_count_text (KhValuePane *pane,
                         guint        shown,
                         gint64       total)
{
  g_autofree char *n = kh_value_format_count (shown);
  g_autofree char *all = NULL;

  if (total < 0)
    return g_strdup_printf (g_dngettext (NULL, "%s element", "%s elements", shown), n);
  all = kh_value_format_count (total);
  /* Translators: "Showing 200 of 5,000 elements" */
  return g_strdup_printf (g_dngettext (NULL, "Showing %s of %s element", "Showing %s of %s elements",
                                       (gulong) total), n, all);
}

static void
kh_list_view_show_row (KhValuePane *pane,
                       KhValueRow  *row)
{
  KhListView *self = KH_LIST_VIEW (pane);

  if (row != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Element %" PRId64), kh_value_row_get_index (row));

      gtk_label_set_label (self->editor_label, label);
    }
  else
    gtk_label_set_label (self->editor_label, _("Select an element to see it whole"));
  kh_value_pane_edit_value (pane, row != NULL ? kh_value_row_get_value (row) : NULL);
}

/* Loading */

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KhListView) self = user_data;
  g_autoptr(KhValuePage) page = kh_value_pane_finish_page (KH_VALUE_PANE (self), result);
  g_autoptr(GPtrArray) added = NULL;

  if (page == NULL)
    return;
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (added, kh_value_row_new_list (g_ptr_array_index (page->items, i)));
  self->next_start = page->next_start;
  kh_value_pane_add_page (KH_VALUE_PANE (self), added, page->complete);
}

static void
load_page (KhListView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  kh_value_pane_set_loading (pane, TRUE);
  kh_value_list_range_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), self->next_start,
                             KH_VALUE_PAGE_SIZE, kh_value_pane_get_cancellable (pane), on_page,
                             g_object_ref (self));
}

static void
kh_list_view_reload (KhValuePane *pane)
{
  KhListView *self = KH_LIST_VIEW (pane);

  self->next_start = 0;
  load_page (self);
}

static void
kh_list_view_load_more (KhValuePane *pane)
{
  load_page (KH_LIST_VIEW (pane));
}

/* Writes */

typedef struct {
  KhListView *self;
  KhValueRow *row;
  GBytes     *value;
} Op;

static Op *
op_new (KhListView *self,
        KhValueRow *row,
        GBytes     *value)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->row = row != NULL ? g_object_ref (row) : NULL;
  op->value = value != NULL ? g_bytes_ref (value) : NULL;
  return op;
}

static void
op_free (gpointer data)
{
  Op *op = data;

  g_object_unref (op->self);
  g_clear_object (&op->row);
  g_clear_pointer (&op->value, g_bytes_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static void start_set (Op     *op,
                       GBytes *expected);

static void
on_set_conflict (KhValuePane           *pane,
                 const char            *response,
                 const KhValueConflict *conflict,
                 gpointer               data)
{
  Op *op = data;

  if (g_strcmp0 (response, "theirs") == 0)
    kh_value_pane_reload (pane);
  else if (g_strcmp0 (response, "overwrite") == 0 && conflict->server_value != NULL)
    start_set (op_new (op->self, op->row, op->value), conflict->server_value);
}

static void
on_set (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  KhValuePane *pane = KH_VALUE_PANE (op->self);
  GListStore *rows = kh_value_pane_get_rows (pane);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;
  guint position;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, &conflict, &error))
    {
      if (conflict != NULL && conflict->kind != KH_VALUE_CONFLICT_WRONG_TYPE)
        kh_value_pane_resolve_conflict (pane, conflict, NULL, on_set_conflict, g_steal_pointer (&op), op_free);
      else
        kh_value_pane_show_message (pane, error->message);
      return;
    }

  kh_value_row_set_value (op->row, op->value);
  if (g_list_store_find (rows, op->row, &position))
    g_list_model_items_changed (G_LIST_MODEL (rows), position, 1, 1);
  if (op->row == kh_value_pane_get_shown_row (pane))
    kh_value_pane_show_row (pane, op->row);
  kh_value_pane_toast (pane, _("Saved"));
  kh_value_pane_value_changed (pane);
}

static void
start_set (Op     *op,
           GBytes *expected)
{
  KhValuePane *pane = KH_VALUE_PANE (op->self);

  kh_value_pane_begin_write (pane);
  kh_value_list_set_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                           kh_value_row_get_index (op->row), expected, op->value, NULL, on_set, op);
}

static void
kh_list_view_save (KhValuePane *pane)
{
  KhValueRow *row = kh_value_pane_get_shown_row (pane);
  g_autoptr(GBytes) value = kh_value_pane_dup_edited_value (pane);

  start_set (op_new (KH_LIST_VIEW (pane), row, value), kh_value_row_get_value (row));
}

/* Pushing */

static void
on_pushed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KhListView) self = user_data;
  KhValuePane *pane = KH_VALUE_PANE (self);
  g_autoptr(GError) error = NULL;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, NULL, &error))
    {
      kh_value_pane_show_message (pane, error->message);
      return;
    }
  kh_value_pane_toast (pane, _("Element added"));
  kh_value_pane_value_changed (pane);
  kh_value_pane_reload (pane);
}

static void
on_push_answered (KhValuePane        *pane,
                  const char * const *values,
                  gpointer            data)
{
  KhValueListEnd end = GPOINTER_TO_INT (data);
  g_autoptr(GBytes) value = kh_value_parse_text (values[0], FALSE);

  kh_value_pane_begin_write (pane);
  kh_value_list_push_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), end, value,
                            NULL, on_pushed, g_object_ref (pane));
}

static void
push_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gboolean head = g_str_equal (g_variant_get_string (parameter, NULL), "head");
  const char *labels[] = { _("Element"), NULL };

  kh_value_pane_ask (KH_VALUE_PANE (widget),
                     head ? _("Push to the Head") : _("Push to the Tail"),
                     head ? _("The element becomes the first of the list (LPUSH).")
                          : _("The element becomes the last of the list (RPUSH)."),
                     labels, _("_Push"), on_push_answered,
                     GINT_TO_POINTER (head ? KH_VALUE_LIST_HEAD : KH_VALUE_LIST_TAIL), NULL);
}

/* Removing */

static void
on_removed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  KhValuePane *pane = KH_VALUE_PANE (op->self);
  g_autoptr(GError) error = NULL;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, NULL, &error))
    kh_value_pane_show_message (pane, error->message);
  else
    {
      kh_value_pane_toast (pane, _("Element removed"));
      kh_value_pane_value_changed (pane);
    }
  /* Indexes shifted, or the list changed under us: show it as it is */
  kh_value_pane_reload (pane);
}

static void
on_remove_confirmed (KhValuePane *pane,
                     gpointer     data)
{
  Op *op = data;

  kh_value_pane_begin_write (pane);
  kh_value_list_remove_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                              kh_value_row_get_index (op->row), kh_value_row_get_value (op->row), NULL,
                              on_removed, op_new (op->self, op->row, NULL));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhListView *self = KH_LIST_VIEW (widget);
  KhValueRow *row = kh_value_pane_get_selected_row (KH_VALUE_PANE (self));
  g_autofree char *heading = NULL;

  if (row == NULL)
    return;
  heading = g_strdup_printf (_("Remove Element %" PRId64 "?"), kh_value_row_get_index (row));
  kh_value_pane_confirm (KH_VALUE_PANE (self), heading,
                         _("The element is removed and the ones after it move up. If someone changed "
                           "it meanwhile, nothing is removed."),
                         _("_Remove"), on_remove_confirmed, op_new (self, row, NULL), op_free);
}

/* GObject */

static void
kh_list_view_update_actions (KhValuePane *pane)
{
  KhListView *self = KH_LIST_VIEW (pane);
  gboolean writable = !kh_value_pane_is_read_only (pane) && !kh_value_pane_get_busy (pane);

  KH_VALUE_PANE_CLASS (kh_list_view_parent_class)->update_actions (pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.push", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.remove",
                                 writable && kh_value_pane_get_selected_row (pane) != NULL);
}

static char *
index_cell (KhValueRow *row)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, kh_value_row_get_index (row));
}

static char *
value_cell (KhValueRow *row)
{
  return kh_value_format_cell (kh_value_row_get_value (row));
}

static void
kh_list_view_class_init (KhListViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  pane_class->reload = kh_list_view_reload;
  pane_class->load_more = kh_list_view_load_more;
  pane_class->save = kh_list_view_save;
  pane_class->can_save = kh_value_pane_can_save_value;
  pane_class->update_actions = kh_list_view_update_actions;
  pane_class->revert = kh_value_pane_show_row_again;
  pane_class->can_revert = kh_value_pane_value_edited;
  pane_class->show_row = kh_list_view_show_row;
  pane_class->count_text = kh_list_view_count_text;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-list-view.ui");
  kh_value_pane_class_bind_rows (widget_class);
  gtk_widget_class_bind_template_child (widget_class, KhListView, push_head_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, push_tail_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, editor_label);
  gtk_widget_class_bind_template_child (widget_class, KhListView, escaped_label);
  gtk_widget_class_bind_template_child (widget_class, KhListView, revert_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, save_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, editor_view);

  gtk_widget_class_install_action (widget_class, "list.push", "s", push_action);
  gtk_widget_class_install_action (widget_class, "list.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list.remove", NULL);
}

static void
kh_list_view_init (KhListView *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  kh_value_pane_init_rows (pane, GTK_WIDGET (self->editor_view));
  kh_value_pane_set_value_editor (pane, self->editor_view, self->escaped_label);
  kh_value_pane_add_column (pane, _("Index"), index_cell, KH_VALUE_CELL_NUMERIC | KH_VALUE_CELL_DIM);
  kh_value_pane_add_column (pane, _("Element"), value_cell,
                            KH_VALUE_CELL_MONOSPACE | KH_VALUE_CELL_EXPAND);
}

GtkWidget *
kh_list_view_new (KhSession *session,
                  GBytes    *key)
{
  KhListView *self;
  KhValuePane *pane;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (KH_TYPE_LIST_VIEW, "session", session, "key", key, NULL);
  pane = KH_VALUE_PANE (self);
  kh_value_pane_editing_control (pane, self->push_head_button, _("Add an element before the first one (LPUSH)"));
  kh_value_pane_editing_control (pane, self->push_tail_button, _("Add an element after the last one (RPUSH)"));
  kh_value_pane_editing_control (pane, self->delete_button, _("Remove the selected element (Delete)"));
  kh_value_pane_editing_control (pane, self->save_button, _("Save the element (Ctrl+S); refused if someone else changed it meanwhile"));
  kh_value_pane_editing_control (pane, self->revert_button, _("Drop your changes"));
  kh_value_pane_show_row (pane, NULL);
  return GTK_WIDGET (self);
}
