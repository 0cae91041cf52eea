/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-large-text-view-cursor.c: the cursor and the selection of a
 * KhLargeTextView: keys (arrows, pages, Home and End, with Shift to select,
 * Ctrl+A, Ctrl+C) and the mouse (click, drag, Shift+click)
 *
 * The cursor and the selection's other end are byte offsets at character
 * starts; copying puts the selected bytes on the clipboard without copying
 * them.
 */
#include "config.h"

#include "kh-large-text-view-private.h"

typedef enum {
  MOVE_CHARS,
  MOVE_ROWS,
  MOVE_PAGES,
  MOVE_ROW_ENDS,
  MOVE_TEXT_ENDS,
} Move;

static void
set_cursor (KhLargeTextView *self,
            guint64          cursor,
            gboolean         extend)
{
  self->cursor = cursor;
  if (!extend)
    self->anchor = cursor;
  _kh_large_text_view_scroll_to_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static guint64
step_char (KhLargeTextView *self,
           guint64          b,
           int              count)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (self->index->text, &len);

  for (; count > 0 && b < len; count--)
    b = _kh_large_text_view_advance_chars (data + b, data + len, 1) - data;
  for (; count < 0 && b > 0; count++)
    for (b--; b > 0 && (data[b] & 0xc0) == 0x80; b--)
      ;
  return b;
}

static gboolean
move_cursor (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (widget);
  int move, count;
  gboolean extend;
  guint64 row, column;
  gint64 target;

  if (self->index == NULL || self->first_rows == NULL)
    return FALSE;
  g_variant_get (args, "(iib)", &move, &count, &extend);
  _kh_large_text_view_byte_to_row (self, self->cursor, &row, &column);
  switch ((Move) move)
    {
    case MOVE_CHARS:
      set_cursor (self, step_char (self, self->cursor, count), extend);
      break;
    case MOVE_ROWS:
    case MOVE_PAGES:
      if (move == MOVE_PAGES && self->vadjustment != NULL)
        count *= MAX ((int) (gtk_adjustment_get_page_size (self->vadjustment) / self->row_height) - 1, 1);
      target = CLAMP ((gint64) row + count, 0, (gint64) _kh_large_text_view_n_rows (self) - 1);
      set_cursor (self, _kh_large_text_view_row_column_to_byte (self, target, column), extend);
      break;
    case MOVE_ROW_ENDS:
      set_cursor (self, _kh_large_text_view_row_column_to_byte (self, row, count < 0 ? 0 : G_MAXUINT64), extend);
      break;
    case MOVE_TEXT_ENDS:
    default:
      set_cursor (self, count < 0 ? 0 : g_bytes_get_size (self->index->text), extend);
      break;
    }
  return TRUE;
}

static gboolean
select_all (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (widget);

  if (self->index == NULL)
    return FALSE;
  self->anchor = 0;
  self->cursor = g_bytes_get_size (self->index->text);
  gtk_widget_queue_draw (widget);
  return TRUE;
}

/* The selected bytes, not copied, onto the clipboard */
static gboolean
copy_selection (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (widget);
  guint64 start = MIN (self->anchor, self->cursor);
  guint64 end = MAX (self->anchor, self->cursor);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;

  if (self->index == NULL || start == end)
    return FALSE;
  bytes = g_bytes_new_from_bytes (self->index->text, start, end - start);
  provider = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
  return TRUE;
}

static guint64
byte_at_point (KhLargeTextView *self,
               double           x,
               double           y)
{
  guint64 row = (guint64) MAX ((y + gtk_adjustment_get_value (self->vadjustment) - MARGIN) / self->row_height, 0);
  double column = MAX ((x - MARGIN) * PANGO_SCALE / self->char_width + 0.5, 0);

  if (row >= _kh_large_text_view_n_rows (self))
    return g_bytes_get_size (self->index->text);
  return _kh_large_text_view_row_column_to_byte (self, row, (guint64) column);
}

static void
on_drag_begin (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               KhLargeTextView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->index == NULL || self->first_rows == NULL || self->vadjustment == NULL)
    return;
  set_cursor (self, byte_at_point (self, x, y), (state & GDK_SHIFT_MASK) != 0);
}

static void
on_drag_update (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                KhLargeTextView *self)
{
  double x, y;

  if (self->index == NULL || self->first_rows == NULL || self->vadjustment == NULL ||
      !gtk_gesture_drag_get_start_point (gesture, &x, &y))
    return;
  set_cursor (self, byte_at_point (self, x + dx, y + dy), TRUE);
}

/* With Shift, the move extends the selection */
static void
add_move_binding (GtkWidgetClass  *widget_class,
                  guint            keyval,
                  GdkModifierType  modifiers,
                  Move             move,
                  int              count)
{
  gtk_widget_class_add_binding (widget_class, keyval, modifiers, move_cursor, "(iib)", move, count, FALSE);
  gtk_widget_class_add_binding (widget_class, keyval, modifiers | GDK_SHIFT_MASK, move_cursor, "(iib)", move, count,
                                TRUE);
}

void
_kh_large_text_view_class_init_cursor (GtkWidgetClass *widget_class)
{
  add_move_binding (widget_class, GDK_KEY_Left, 0, MOVE_CHARS, -1);
  add_move_binding (widget_class, GDK_KEY_Right, 0, MOVE_CHARS, 1);
  add_move_binding (widget_class, GDK_KEY_Up, 0, MOVE_ROWS, -1);
  add_move_binding (widget_class, GDK_KEY_Down, 0, MOVE_ROWS, 1);
  add_move_binding (widget_class, GDK_KEY_Page_Up, 0, MOVE_PAGES, -1);
  add_move_binding (widget_class, GDK_KEY_Page_Down, 0, MOVE_PAGES, 1);
  add_move_binding (widget_class, GDK_KEY_Home, 0, MOVE_ROW_ENDS, -1);
  add_move_binding (widget_class, GDK_KEY_End, 0, MOVE_ROW_ENDS, 1);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, MOVE_TEXT_ENDS, -1);
  add_move_binding (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, MOVE_TEXT_ENDS, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, select_all, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, copy_selection, NULL);
}

void
_kh_large_text_view_init_cursor (KhLargeTextView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
