/* kh-list-view.c: a list, a page of elements at a time (LRANGE), with an
 * editor for the selected element
 *
 * An element is set (LSET) or removed only if it still holds what is shown.
 * Pushes and removals shift the indexes, so the list reloads after them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-list-view.h"
#include "kh-value-load.h"

struct _KhListView
{
  KhValuePane       parent_instance;

  GListStore       *rows;
  GtkSingleSelection *selection;
  gint64            next_start;
  KhValueRow       *editing;
  gboolean          escaped;
  gboolean          long_lines;  /* shown broken up, read-only */

  /* template children */
  GtkLabel         *count_label;
  GtkWidget        *push_head_button;
  GtkWidget        *push_tail_button;
  GtkWidget        *delete_button;
  GtkScrolledWindow *scrolled;
  GtkColumnView    *column_view;
  GtkWidget        *load_more_button;
  GtkLabel         *editor_label;
  GtkWidget        *escaped_label;
  GtkWidget        *revert_button;
  GtkWidget        *save_button;
  GtkTextView      *editor_view;
};

G_DEFINE_FINAL_TYPE (KhListView, kh_list_view, KH_TYPE_VALUE_PANE)

static KhValueRow *
selected_row (KhListView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_count (KhListView *self)
{
  const KhValueHeader *header = kh_value_pane_get_header (KH_VALUE_PANE (self));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree char *shown = kh_value_format_count (n);
  g_autofree char *text = NULL;

  if (kh_value_pane_get_more_available (KH_VALUE_PANE (self)) && header != NULL && header->length >= 0)
    {
      g_autofree char *total = kh_value_format_count (header->length);

      /* Translators: "Showing 200 of 5,000 elements" */
      text = g_strdup_printf (g_dngettext (NULL, "Showing %s of %s element", "Showing %s of %s elements",
                                           (gulong) header->length), shown, total);
    }
  else
    text = g_strdup_printf (g_dngettext (NULL, "%s element", "%s elements", n), shown);
  gtk_label_set_label (self->count_label, text);
  gtk_widget_set_visible (self->load_more_button, kh_value_pane_get_more_available (KH_VALUE_PANE (self)));
}

/* Editor */

static gboolean
editor_modified (KhListView *self)
{
  return gtk_text_buffer_get_modified (gtk_text_view_get_buffer (self->editor_view));
}

static void
show_in_editor (KhListView *self,
                KhValueRow *row)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->editor_view);
  g_autofree char *text = NULL;

  if (row != NULL)
    g_object_ref (row);
  g_clear_object (&self->editing);
  self->editing = row;

  if (row != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Element %" G_GINT64_FORMAT), kh_value_row_get_index (row));

      text = kh_value_format_bytes (kh_value_row_get_value (row), &self->escaped);
      gtk_label_set_label (self->editor_label, label);
    }
  else
    {
      self->escaped = FALSE;
      gtk_label_set_label (self->editor_label, _("Select an element to see it whole"));
    }
  self->long_lines = text != NULL && kh_value_text_has_long_line (text);
  if (self->long_lines)
    {
      char *broken = kh_value_text_break_lines (text);

      g_free (text);
      text = broken;
    }
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_set_modified (buffer, FALSE);
  gtk_label_set_label (GTK_LABEL (self->escaped_label),
                       self->long_lines ? _("Too long to edit here: long lines are broken up, read-only.")
                                        : _("Not text: shown escaped, with \\xHH for a byte and \\\\ for a backslash."));
  gtk_widget_set_visible (self->escaped_label, self->escaped || self->long_lines);
  gtk_text_view_set_editable (self->editor_view,
                              row != NULL && !self->long_lines && !kh_value_pane_is_read_only (KH_VALUE_PANE (self)));
  kh_value_pane_update_actions (KH_VALUE_PANE (self));
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      KhListView        *self)
{
  KhValueRow *row = selected_row (self);

  if (row != self->editing)
    show_in_editor (self, row);
}

static void
on_activate (GtkColumnView *view,
             guint          position,
             KhListView    *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->editor_view));
}

/* Loading */

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KhListView) self = user_data;
  KhValuePane *pane = KH_VALUE_PANE (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValuePage) page = kh_value_page_load_finish (KH_SESSION (object), result, &error);
  g_autoptr(GPtrArray) added = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  kh_value_pane_set_loading (pane, FALSE);
  if (page == NULL)
    {
      kh_value_pane_show_error (pane, error);
      return;
    }

  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (added, kh_value_row_new_list (g_ptr_array_index (page->items, i)));
  g_list_store_splice (self->rows, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), 0,
                       added->pdata, added->len);
  self->next_start = page->next_start;
  kh_value_pane_set_more_available (pane, !page->complete);
  update_count (self);
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
  g_list_store_remove_all (self->rows);
  show_in_editor (self, NULL);
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
  KhListView *self = op->self;
  KhValuePane *pane = KH_VALUE_PANE (self);
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
  if (g_list_store_find (self->rows, op->row, &position))
    g_list_model_items_changed (G_LIST_MODEL (self->rows), position, 1, 1);
  if (op->row == self->editing)
    show_in_editor (self, op->row);
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

static gboolean
kh_list_view_can_save (KhValuePane *pane)
{
  KhListView *self = KH_LIST_VIEW (pane);

  return self->editing != NULL && !self->long_lines && editor_modified (self);
}

static void
kh_list_view_save (KhValuePane *pane)
{
  KhListView *self = KH_LIST_VIEW (pane);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->editor_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) value = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  value = kh_value_parse_text (text, self->escaped);
  start_set (op_new (self, self->editing, value), kh_value_row_get_value (self->editing));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhListView *self = KH_LIST_VIEW (widget);

  show_in_editor (self, self->editing);
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
  KhValueRow *row = selected_row (self);
  g_autofree char *heading = NULL;

  if (row == NULL)
    return;
  heading = g_strdup_printf (_("Remove Element %" G_GINT64_FORMAT "?"), kh_value_row_get_index (row));
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.remove", writable && selected_row (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.revert", self->editing != NULL && editor_modified (self));
}

static void
on_editor_modified (GtkTextBuffer *buffer,
                    KhListView    *self)
{
  kh_value_pane_update_actions (KH_VALUE_PANE (self));
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
kh_list_view_dispose (GObject *object)
{
  KhListView *self = KH_LIST_VIEW (object);

  g_clear_object (&self->editing);

  G_OBJECT_CLASS (kh_list_view_parent_class)->dispose (object);
}

static void
kh_list_view_finalize (GObject *object)
{
  KhListView *self = KH_LIST_VIEW (object);

  g_clear_object (&self->rows);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (kh_list_view_parent_class)->finalize (object);
}

static void
kh_list_view_class_init (KhListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KhValuePaneClass *pane_class = KH_VALUE_PANE_CLASS (klass);

  object_class->dispose = kh_list_view_dispose;
  object_class->finalize = kh_list_view_finalize;
  pane_class->reload = kh_list_view_reload;
  pane_class->load_more = kh_list_view_load_more;
  pane_class->save = kh_list_view_save;
  pane_class->can_save = kh_list_view_can_save;
  pane_class->update_actions = kh_list_view_update_actions;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhListView, count_label);
  gtk_widget_class_bind_template_child (widget_class, KhListView, push_head_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, push_tail_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, KhListView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhListView, load_more_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, editor_label);
  gtk_widget_class_bind_template_child (widget_class, KhListView, escaped_label);
  gtk_widget_class_bind_template_child (widget_class, KhListView, revert_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, save_button);
  gtk_widget_class_bind_template_child (widget_class, KhListView, editor_view);

  gtk_widget_class_install_action (widget_class, "list.push", "s", push_action);
  gtk_widget_class_install_action (widget_class, "list.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "list.revert", NULL, revert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list.remove", NULL);
}

static void
kh_list_view_init (KhListView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (KH_TYPE_VALUE_ROW);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self, 0);
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (on_activate), self, 0);
  g_signal_connect_object (gtk_text_view_get_buffer (self->editor_view), "modified-changed",
                           G_CALLBACK (on_editor_modified), self, 0);

  kh_value_pane_add_column (self->column_view, _("Index"), index_cell, KH_VALUE_CELL_NUMERIC | KH_VALUE_CELL_DIM);
  kh_value_pane_add_column (self->column_view, _("Element"), value_cell,
                            KH_VALUE_CELL_MONOSPACE | KH_VALUE_CELL_EXPAND);
  kh_value_pane_watch_scrolling (KH_VALUE_PANE (self), self->scrolled);
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
  show_in_editor (self, NULL);
  return GTK_WIDGET (self);
}

GListModel *
kh_list_view_get_rows (KhListView *self)
{
  g_return_val_if_fail (KH_IS_LIST_VIEW (self), NULL);

  return G_LIST_MODEL (self->rows);
}

void
kh_list_view_select (KhListView *self,
                     guint       position)
{
  g_return_if_fail (KH_IS_LIST_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
}

GtkTextBuffer *
kh_list_view_get_editor_buffer (KhListView *self)
{
  g_return_val_if_fail (KH_IS_LIST_VIEW (self), NULL);

  return gtk_text_view_get_buffer (self->editor_view);
}
