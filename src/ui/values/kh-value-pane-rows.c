/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-pane-rows.c: what the panes of collections share: their rows and
 * the one selected, the count, paging, and the editor of a row's value
 *
 * The row shown beside the rows (in an editor, or read-only) follows the
 * selection; a pane shows it again itself after it changed the row.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-value-load.h"
#include "kh-value-pane-private.h"

/* Rows */

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      KhValuePane       *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);
  KhValueRow *row = gtk_single_selection_get_selected_item (priv->selection);

  if (row != priv->shown_row)
    kh_value_pane_show_row (self, row);
}

static void
on_activate (GtkColumnView *view,
             guint          position,
             KhValuePane   *self)
{
  kh_value_pane_select_row (self, position);
  gtk_widget_grab_focus (kh_value_pane_get_private (self)->row_editor);
}

static void
on_edge_reached (GtkScrolledWindow *scrolled,
                 GtkPositionType    position,
                 KhValuePane       *self)
{
  if (position == GTK_POS_BOTTOM)
    kh_value_pane_load_more (self);
}

void
kh_value_pane_init_rows (KhValuePane *self,
                         GtkWidget   *editor)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));
  g_return_if_fail (priv->column_view != NULL);
  g_return_if_fail (priv->rows == NULL);

  priv->rows = g_list_store_new (KH_TYPE_VALUE_ROW);
  priv->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (priv->rows)));
  priv->row_editor = editor;
  gtk_single_selection_set_autoselect (priv->selection, FALSE);
  gtk_single_selection_set_can_unselect (priv->selection, TRUE);
  gtk_column_view_set_model (priv->column_view, GTK_SELECTION_MODEL (priv->selection));
  g_signal_connect_object (priv->selection, "selection-changed", G_CALLBACK (on_selection_changed), self, 0);
  if (editor != NULL)
    g_signal_connect_object (priv->column_view, "activate", G_CALLBACK (on_activate), self, 0);
  g_signal_connect_object (priv->scrolled, "edge-reached", G_CALLBACK (on_edge_reached), self, 0);
}

GListStore *
kh_value_pane_get_rows (KhValuePane *self)
{
  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return kh_value_pane_get_private (self)->rows;
}

KhValueRow *
kh_value_pane_get_selected_row (KhValuePane *self)
{
  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return gtk_single_selection_get_selected_item (kh_value_pane_get_private (self)->selection);
}

void
kh_value_pane_select_row (KhValuePane *self,
                          guint        position)
{
  g_return_if_fail (KH_IS_VALUE_PANE (self));

  gtk_single_selection_set_selected (kh_value_pane_get_private (self)->selection, position);
}

KhValueRow *
kh_value_pane_find_row (KhValuePane *self,
                        GBytes      *name,
                        guint       *position)
{
  GListModel *rows;
  guint n;

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  rows = G_LIST_MODEL (kh_value_pane_get_private (self)->rows);
  n = g_list_model_get_n_items (rows);
  for (guint i = 0; i < n; i++)
    {
      /* The store keeps the row alive after this reference is dropped */
      g_autoptr(KhValueRow) row = g_list_model_get_item (rows, i);

      if (g_bytes_equal (kh_value_row_get_name (row), name))
        {
          if (position != NULL)
            *position = i;
          return row;
        }
    }
  return NULL;
}

KhValueRow *
kh_value_pane_get_shown_row (KhValuePane *self)
{
  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return kh_value_pane_get_private (self)->shown_row;
}

void
kh_value_pane_show_row (KhValuePane *self,
                        KhValueRow  *row)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (row != NULL)
    g_object_ref (row);
  g_clear_object (&priv->shown_row);
  priv->shown_row = row;
  if (KH_VALUE_PANE_GET_CLASS (self)->show_row != NULL)
    KH_VALUE_PANE_GET_CLASS (self)->show_row (self, row);
  kh_value_pane_update_actions (self);
}

void
kh_value_pane_show_row_again (KhValuePane *self)
{
  g_return_if_fail (KH_IS_VALUE_PANE (self));

  kh_value_pane_show_row (self, kh_value_pane_get_private (self)->shown_row);
}

void
kh_value_pane_update_count (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);
  const KhValueHeader *header = kh_value_pane_get_header (self);
  guint n;
  g_autofree char *text = NULL;

  g_return_if_fail (KH_IS_VALUE_PANE (self));
  g_return_if_fail (KH_VALUE_PANE_GET_CLASS (self)->count_text != NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (priv->rows));
  text = KH_VALUE_PANE_GET_CLASS (self)->count_text (self, n,
                                                     priv->more_available && header != NULL && header->length >= 0
                                                       ? header->length : -1);
  gtk_label_set_label (priv->count_label, text);
  gtk_widget_set_visible (priv->load_more_button, priv->more_available);
}

/* Paging */

gboolean
kh_value_pane_get_more_available (KhValuePane *self)
{
  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  return kh_value_pane_get_private (self)->more_available;
}

void
kh_value_pane_load_more (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);
  KhValuePaneClass *klass = KH_VALUE_PANE_GET_CLASS (self);

  if (klass->load_more != NULL && priv->more_available && !priv->loading && !priv->disposed)
    klass->load_more (self);
}

KhValuePage *
kh_value_pane_finish_page (KhValuePane  *self,
                           GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  KhValuePage *page;

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  page = kh_value_page_load_finish (kh_value_pane_get_session (self), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  kh_value_pane_set_loading (self, FALSE);
  if (page == NULL)
    kh_value_pane_show_error (self, error);
  return page;
}

void
kh_value_pane_add_page (KhValuePane *self,
                        GPtrArray   *rows,
                        gboolean     complete)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  g_list_store_splice (priv->rows, g_list_model_get_n_items (G_LIST_MODEL (priv->rows)), 0,
                       rows->pdata, rows->len);
  priv->more_available = !complete;
  kh_value_pane_update_actions (self);
  kh_value_pane_update_count (self);
}

gboolean
kh_value_pane_finish_removal (KhValuePane      *self,
                              GAsyncResult     *result,
                              const char       *removed,
                              const char       *already,
                              KhValueConflict **changed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  kh_value_pane_end_write (self);
  if (kh_value_edit_finish (kh_value_pane_get_session (self), result, NULL, &conflict, &error))
    {
      kh_value_pane_toast (self, removed);
      kh_value_pane_value_changed (self);
      return TRUE;
    }
  if (conflict != NULL && conflict->kind == KH_VALUE_CONFLICT_GONE)
    {
      kh_value_pane_toast (self, already);
      return TRUE;
    }
  if (changed != NULL && conflict != NULL && conflict->kind == KH_VALUE_CONFLICT_CHANGED)
    *changed = g_steal_pointer (&conflict);
  else
    kh_value_pane_show_message (self, error->message);
  return FALSE;
}

/* Text */

gboolean
kh_value_pane_set_text (KhValuePane *self,
                        GtkTextView *view,
                        const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  if (text != NULL && kh_value_text_has_long_line (text))
    {
      g_autofree char *broken = kh_value_text_break_lines (text);

      gtk_text_buffer_set_text (buffer, broken, -1);
      return TRUE;
    }
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  return FALSE;
}

static void
on_value_modified (GtkTextBuffer *buffer,
                   KhValuePane   *self)
{
  kh_value_pane_update_actions (self);
}

void
kh_value_pane_set_value_editor (KhValuePane *self,
                                GtkTextView *view,
                                GtkWidget   *note)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  priv->value_view = view;
  priv->value_note = note;
  kh_value_text_buffer_without_hyphens (gtk_text_view_get_buffer (view));
  g_signal_connect_object (gtk_text_view_get_buffer (view), "modified-changed",
                           G_CALLBACK (on_value_modified), self, 0);
}

void
kh_value_pane_edit_value (KhValuePane *self,
                          GBytes      *value)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);
  g_autofree char *text = NULL;

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  priv->value_escaped = FALSE;
  if (value != NULL)
    text = kh_value_format_bytes (value, &priv->value_escaped);
  priv->value_long_lines = kh_value_pane_set_text (self, priv->value_view, text);
  gtk_text_buffer_set_modified (gtk_text_view_get_buffer (priv->value_view), FALSE);
  gtk_label_set_label (GTK_LABEL (priv->value_note),
                       priv->value_long_lines ? _("Too long to edit here: long lines are broken up, read-only.")
                                              : _("Not text: shown escaped, with \\xHH for a byte and \\\\ for a backslash."));
  gtk_widget_set_visible (priv->value_note, priv->value_escaped || priv->value_long_lines);
  gtk_text_view_set_editable (priv->value_view,
                              value != NULL && !priv->value_long_lines && !kh_value_pane_is_read_only (self));
}

gboolean
kh_value_pane_value_edited (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  return priv->shown_row != NULL && gtk_text_buffer_get_modified (gtk_text_view_get_buffer (priv->value_view));
}

gboolean
kh_value_pane_can_save_value (KhValuePane *self)
{
  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  return kh_value_pane_value_edited (self) && !kh_value_pane_get_private (self)->value_long_lines;
}

GBytes *
kh_value_pane_dup_edited_value (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_private (self);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  buffer = gtk_text_view_get_buffer (priv->value_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  return kh_value_parse_text (text, priv->value_escaped);
}

GtkTextBuffer *
kh_value_pane_get_value_buffer (KhValuePane *self)
{
  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return gtk_text_view_get_buffer (kh_value_pane_get_private (self)->value_view);
}

/* Columns */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  KhValueCellFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "kh-cell-flags"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), (flags & KH_VALUE_CELL_NUMERIC) ? 1 : 0);
  if (flags & KH_VALUE_CELL_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  if (flags & KH_VALUE_CELL_MONOSPACE)
    gtk_widget_add_css_class (label, "monospace");
  if (flags & KH_VALUE_CELL_DIM)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  KhValuePaneCellFunc func = (KhValuePaneCellFunc) user_data;
  KhValueRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = func (row);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

GtkColumnViewColumn *
kh_value_pane_add_column (KhValuePane         *self,
                          const char          *title,
                          KhValuePaneCellFunc  func,
                          KhValueCellFlags     flags)
{
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_object_set_data (G_OBJECT (factory), "kh-cell-flags", GUINT_TO_POINTER (flags));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) func);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, (flags & KH_VALUE_CELL_EXPAND) != 0);
  gtk_column_view_append_column (kh_value_pane_get_private (self)->column_view, column);
  g_object_unref (column);
  return column;
}
