/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-large-text-view.c: a read-only view of a text too large for
 * GtkTextView: megabytes, or lines of millions of characters
 *
 * GtkTextView lays out a paragraph whole, so one line of 5 MB takes seconds
 * and hundreds of megabytes, and inserting megabytes at once stalls the main
 * loop too. This view draws only the rows on screen. The text is cut into
 * rows of as many characters as fit the width (the font is monospace), each
 * row a slice of the text: wrapping adds nothing, no hyphen and no newline.
 * The lines are indexed once, in a thread; a new width only recounts the
 * rows of each line. Memory: the text (shared, not copied) and 40 bytes a
 * line. Characters wider than a column (CJK, tabs) may run past the edge.
 * The cursor, the selection, keys and mouse are in
 * kh-large-text-view-cursor.c.
 */
#include "config.h"

#include <string.h>

#include "kh-large-text-view-private.h"

G_DEFINE_FINAL_TYPE_WITH_CODE (KhLargeTextView, kh_large_text_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS,
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

/* The index, built in a thread */

static void
index_free (Index *index)
{
  g_bytes_unref (index->text);
  g_array_unref (index->lines);
  g_array_unref (index->checkpoints);
  g_free (index);
}

static gboolean
is_ascii (const guint8 *p,
          gsize         n)
{
  guint8 any = 0;

  for (gsize i = 0; i < n; i++)
    any |= p[i];
  return (any & 0x80) == 0;
}

static Index *
index_build (GBytes       *text,
             GCancellable *cancellable)
{
  Index *index = g_new0 (Index, 1);
  gsize len;
  const guint8 *data = g_bytes_get_data (text, &len);
  const guint8 *p = data;
  const guint8 *end = data + len;
  gsize checked = 0;

  index->text = g_bytes_ref (text);
  index->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  index->checkpoints = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (;;)
    {
      const guint8 *newline = p < end ? memchr (p, '\n', end - p) : NULL;
      const guint8 *line_end = newline != NULL ? newline : end;
      Line line = { p - data, line_end - p, 0, 0 };

      if (is_ascii (p, line_end - p))
        line.n_chars = line.n_bytes;
      else
        {
          line.checkpoint = index->checkpoints->len;
          for (const guint8 *q = p; q < line_end; q++)
            if ((*q & 0xc0) != 0x80)
              {
                if (line.n_chars % CHECKPOINT_CHARS == 0)
                  {
                    guint64 at = q - data;

                    g_array_append_val (index->checkpoints, at);
                  }
                line.n_chars++;
              }
        }
      g_array_append_val (index->lines, line);
      if (newline == NULL)
        break;
      p = newline + 1;
      if ((gsize) (p - data) - checked > 4 * 1024 * 1024)
        {
          checked = p - data;
          if (g_cancellable_is_cancelled (cancellable))
            break;
        }
    }
  return index;
}

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Index *index = index_build (task_data, cancellable);

  if (g_task_return_error_if_cancelled (task))
    index_free (index);
  else
    g_task_return_pointer (task, index, (GDestroyNotify) index_free);
}

/* Rows */

static const Line *
line_at (KhLargeTextView *self,
         guint64          i)
{
  return &g_array_index (self->index->lines, Line, i);
}

static guint64
n_lines (KhLargeTextView *self)
{
  return self->index != NULL ? self->index->lines->len : 0;
}

static const guint8 *
text_data (KhLargeTextView *self)
{
  return g_bytes_get_data (self->index->text, NULL);
}

/* @n characters on from @p, no further than @end */
const guint8 *
_kh_large_text_view_advance_chars (const guint8 *p,
               const guint8 *end,
               guint64       n)
{
  for (; n > 0 && p < end; n--)
    for (p++; p < end && (*p & 0xc0) == 0x80; p++)
      ;
  return p;
}

/* Characters in bytes [@from, @to) */
static guint64
count_chars (const guint8 *data,
             guint64       from,
             guint64       to)
{
  guint64 n = 0;

  for (guint64 q = from; q < to; q++)
    n += (data[q] & 0xc0) != 0x80;
  return n;
}

static guint64
char_to_byte (KhLargeTextView *self,
              const Line      *line,
              guint64          c)
{
  const guint8 *data = text_data (self);
  guint64 from;

  if (line->n_chars == line->n_bytes)
    return line->start + c;
  if (c >= line->n_chars)
    return line->start + line->n_bytes;
  from = g_array_index (self->index->checkpoints, guint64, line->checkpoint + c / CHECKPOINT_CHARS);
  return _kh_large_text_view_advance_chars (data + from, data + line->start + line->n_bytes, c % CHECKPOINT_CHARS) - data;
}

static guint64
byte_to_char (KhLargeTextView *self,
              const Line      *line,
              guint64          b)
{
  const guint8 *data = text_data (self);
  guint64 k, c = 0;

  if (line->n_chars == line->n_bytes)
    return b - line->start;
  /* The checkpoint at or before @b */
  k = line->checkpoint;
  for (guint64 lo = 0, hi = (line->n_chars + CHECKPOINT_CHARS - 1) / CHECKPOINT_CHARS; lo < hi;)
    {
      guint64 mid = (lo + hi) / 2;

      if (g_array_index (self->index->checkpoints, guint64, line->checkpoint + mid) <= b)
        {
          k = line->checkpoint + mid;
          c = mid * CHECKPOINT_CHARS;
          lo = mid + 1;
        }
      else
        hi = mid;
    }
  for (guint64 q = g_array_index (self->index->checkpoints, guint64, k); q < b; q++)
    c += (data[q] & 0xc0) != 0x80;
  return c;
}

static guint64
rows_of (const Line *line,
         guint       columns)
{
  return line->n_chars == 0 ? 1 : (line->n_chars + columns - 1) / columns;
}

guint64
_kh_large_text_view_n_rows (KhLargeTextView *self)
{
  return self->first_rows != NULL ? self->first_rows[n_lines (self)] : 0;
}

static void
count_rows (KhLargeTextView *self)
{
  guint64 n = n_lines (self);
  guint64 row = 0;

  g_clear_pointer (&self->first_rows, g_free);
  if (self->index == NULL || self->columns == 0)
    return;
  self->first_rows = g_new (guint64, n + 1);
  for (guint64 i = 0; i < n; i++)
    {
      self->first_rows[i] = row;
      row += rows_of (line_at (self, i), self->columns);
    }
  self->first_rows[n] = row;
}

/* The line that row @row belongs to */
static guint64
line_of_row (KhLargeTextView *self,
             guint64          row)
{
  guint64 lo = 0, hi = n_lines (self);

  while (hi - lo > 1)
    {
      guint64 mid = (lo + hi) / 2;

      if (self->first_rows[mid] <= row)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static guint64
line_of_byte (KhLargeTextView *self,
              guint64          b)
{
  guint64 lo = 0, hi = n_lines (self);

  while (hi - lo > 1)
    {
      guint64 mid = (lo + hi) / 2;

      if (line_at (self, mid)->start <= b)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* The bytes of row @row: [*start, *end) */
static void
row_bounds (KhLargeTextView *self,
            guint64          row,
            guint64         *start,
            guint64         *end,
            gboolean        *ends_line)
{
  guint64 i = line_of_row (self, row);
  const Line *line = line_at (self, i);
  guint64 first = (row - self->first_rows[i]) * self->columns;
  guint64 last = MIN (first + self->columns, line->n_chars);

  *start = char_to_byte (self, line, first);
  if (line->n_chars == line->n_bytes)
    *end = line->start + last;
  else
    {
      const guint8 *data = text_data (self);

      *end = _kh_large_text_view_advance_chars (data + *start, data + line->start + line->n_bytes, last - first) - data;
    }
  if (ends_line != NULL)
    *ends_line = last == line->n_chars;
}

/* Where byte @b is shown: its row and column. The end of a full row is shown
 * after its last character, not at the start of the next row. */
void
_kh_large_text_view_byte_to_row (KhLargeTextView *self,
             guint64          b,
             guint64         *row,
             guint64         *column)
{
  guint64 i = line_of_byte (self, b);
  const Line *line = line_at (self, i);
  guint64 c = byte_to_char (self, line, MIN (b, line->start + line->n_bytes));
  guint64 in_line = c / self->columns;

  *column = c % self->columns;
  if (c > 0 && c == line->n_chars && *column == 0)
    {
      in_line--;
      *column = self->columns;
    }
  *row = self->first_rows[i] + in_line;
}

guint64
_kh_large_text_view_row_column_to_byte (KhLargeTextView *self,
                    guint64          row,
                    guint64          column)
{
  guint64 start, end;
  gboolean ends_line;
  const guint8 *data = text_data (self);

  row_bounds (self, MIN (row, _kh_large_text_view_n_rows (self) - 1), &start, &end, &ends_line);
  /* Past the end of a row that continues is the start of the next */
  if (!ends_line && column >= self->columns)
    column = self->columns - 1;
  return _kh_large_text_view_advance_chars (data + start, data + end, column) - data;
}

/* Layout and scrolling */

static void
ensure_metrics (KhLargeTextView *self)
{
  PangoRectangle logical;

  if (self->layout != NULL)
    return;
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "0000000000");
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  pango_layout_get_extents (self->layout, NULL, &logical);
  self->char_width = MAX (logical.width / 10, 1);
  self->row_height = MAX (PANGO_PIXELS_CEIL (logical.height), 1);
}

static guint64
top_row (KhLargeTextView *self)
{
  if (self->vadjustment == NULL || self->row_height == 0)
    return 0;
  return (guint64) (MAX (gtk_adjustment_get_value (self->vadjustment) - MARGIN, 0) / self->row_height);
}

static void
configure_adjustments (KhLargeTextView *self,
                       double           value)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double upper = (double) _kh_large_text_view_n_rows (self) * self->row_height + 2 * MARGIN;

  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment, 0, 0, width, width * 0.1, width * 0.9, width);
  if (self->vadjustment != NULL)
    gtk_adjustment_configure (self->vadjustment, CLAMP (value, 0, MAX (upper - height, 0)), 0, MAX (upper, height),
                              self->row_height, height * 0.9, height);
}

void
_kh_large_text_view_scroll_to_cursor (KhLargeTextView *self)
{
  guint64 row, column;
  double y, value, page;

  if (self->index == NULL || self->vadjustment == NULL)
    return;
  _kh_large_text_view_byte_to_row (self, self->cursor, &row, &column);
  y = (double) row * self->row_height + MARGIN;
  value = gtk_adjustment_get_value (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);
  if (y < value)
    gtk_adjustment_set_value (self->vadjustment, y - MARGIN);
  else if (y + self->row_height > value + page)
    gtk_adjustment_set_value (self->vadjustment, y + self->row_height + MARGIN - page);
}

static void
kh_large_text_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (widget);

  ensure_metrics (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL (MIN_COLUMNS * self->char_width) + 2 * MARGIN;
      *natural = PANGO_PIXELS_CEIL (80 * self->char_width) + 2 * MARGIN;
    }
  else
    {
      *minimum = self->row_height + 2 * MARGIN;
      *natural = (int) MAX (MIN (_kh_large_text_view_n_rows (self), 40), 1) * self->row_height + 2 * MARGIN;
    }
}

static void
kh_large_text_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (widget);
  guint columns;
  double value = self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;

  ensure_metrics (self);
  columns = MAX ((guint) ((gint64) MAX (width - 2 * MARGIN, 0) * PANGO_SCALE / self->char_width), MIN_COLUMNS);
  if (columns != self->columns)
    {
      /* The first row shown stays in view */
      guint64 anchor = 0, row, column;

      if (self->first_rows != NULL && _kh_large_text_view_n_rows (self) > 0)
        {
          guint64 end;

          row_bounds (self, MIN (top_row (self), _kh_large_text_view_n_rows (self) - 1), &anchor, &end, NULL);
        }
      self->columns = columns;
      count_rows (self);
      if (self->index != NULL)
        {
          _kh_large_text_view_byte_to_row (self, anchor, &row, &column);
          value = (double) row * self->row_height + (value > 0 ? MARGIN : 0);
        }
    }
  configure_adjustments (self, value);
}

static void
kh_large_text_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const guint8 *data;
  GdkRGBA color, selection;
  guint64 sel_start = MIN (self->anchor, self->cursor);
  guint64 sel_end = MAX (self->anchor, self->cursor);
  double value;
  guint64 rows, row;
  double y;

  if (self->index == NULL || self->first_rows == NULL || self->vadjustment == NULL)
    return;
  ensure_metrics (self);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  data = text_data (self);
  rows = _kh_large_text_view_n_rows (self);
  selection = color;
  selection.alpha *= 0.25f;
  value = gtk_adjustment_get_value (self->vadjustment);
  row = top_row (self);
  y = (double) row * self->row_height + MARGIN - value;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (; row < rows && y < height; row++, y += self->row_height)
    {
      guint64 start, end;
      const char *text;
      g_autofree char *valid = NULL;

      row_bounds (self, row, &start, &end, NULL);
      if (sel_end > start && sel_start <= end && sel_start != sel_end)
        {
          guint64 from = count_chars (data, start, MAX (sel_start, start));
          guint64 to = count_chars (data, start, MIN (sel_end, end)) + (sel_end > end ? 1 : 0);

          gtk_snapshot_append_color (snapshot, &selection,
                                     &GRAPHENE_RECT_INIT (MARGIN + (float) from * self->char_width / PANGO_SCALE, y,
                                                          (float) (to - from) * self->char_width / PANGO_SCALE,
                                                          self->row_height));
        }
      text = (const char *) data + start;
      if (!g_utf8_validate_len (text, end - start, NULL))
        text = valid = g_utf8_make_valid (text, end - start);
      pango_layout_set_text (self->layout, text, valid != NULL ? -1 : (int) (end - start));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MARGIN, y));
      gtk_snapshot_append_layout (snapshot, self->layout, &color);
      gtk_snapshot_restore (snapshot);
    }
  if (gtk_widget_has_focus (widget))
    {
      guint64 column;

      _kh_large_text_view_byte_to_row (self, self->cursor, &row, &column);
      y = (double) row * self->row_height + MARGIN - value;
      if (y + self->row_height >= 0 && y < height)
        gtk_snapshot_append_color (snapshot, &color,
                                   &GRAPHENE_RECT_INIT (MARGIN + (float) column * self->char_width / PANGO_SCALE,
                                                        y, 1, self->row_height));
    }
  gtk_snapshot_pop (snapshot);
}

static void
kh_large_text_view_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (widget);

  GTK_WIDGET_CLASS (kh_large_text_view_parent_class)->css_changed (widget, change);
  /* The font may have changed */
  g_clear_object (&self->layout);
  g_clear_pointer (&self->first_rows, g_free);
  self->columns = 0;
  gtk_widget_queue_resize (widget);
}

static void
kh_large_text_view_state_flags_changed (GtkWidget     *widget,
                                        GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (kh_large_text_view_parent_class)->state_flags_changed (widget, previous);
  gtk_widget_queue_draw (widget);
}

/* Loading */

static void
on_indexed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Index *index = g_task_propagate_pointer (G_TASK (result), &error);
  KhLargeTextView *self;

  if (index == NULL)
    return;   /* cancelled: a newer text or disposal */
  self = KH_LARGE_TEXT_VIEW (object);
  g_assert (self->index == NULL);
  self->index = index;
  g_clear_object (&self->cancellable);
  count_rows (self);
  configure_adjustments (self, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (object, properties[PROP_LOADING]);
}

void
kh_large_text_view_set_text (KhLargeTextView *self,
                             GBytes          *text)
{
  g_autoptr(GTask) task = NULL;
  gboolean was_loading;

  g_return_if_fail (KH_IS_LARGE_TEXT_VIEW (self));

  was_loading = kh_large_text_view_get_loading (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->index, index_free);
  g_clear_pointer (&self->first_rows, g_free);
  g_clear_pointer (&self->text, g_bytes_unref);
  self->cursor = self->anchor = 0;
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  if (text == NULL)
    {
      if (was_loading)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  self->text = g_bytes_ref (text);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_indexed, NULL);
  g_task_set_source_tag (task, kh_large_text_view_set_text);
  g_task_set_task_data (task, g_bytes_ref (text), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, index_thread);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

GBytes *
kh_large_text_view_get_text (KhLargeTextView *self)
{
  g_return_val_if_fail (KH_IS_LARGE_TEXT_VIEW (self), NULL);

  return self->text;
}

gboolean
kh_large_text_view_get_loading (KhLargeTextView *self)
{
  g_return_val_if_fail (KH_IS_LARGE_TEXT_VIEW (self), FALSE);

  return self->text != NULL && self->index == NULL;
}

guint
kh_large_text_view_get_columns (KhLargeTextView *self)
{
  g_return_val_if_fail (KH_IS_LARGE_TEXT_VIEW (self), 0);

  return self->columns;
}

guint64
kh_large_text_view_get_n_rows (KhLargeTextView *self)
{
  g_return_val_if_fail (KH_IS_LARGE_TEXT_VIEW (self), 0);

  return _kh_large_text_view_n_rows (self);
}

GBytes *
kh_large_text_view_dup_row (KhLargeTextView *self,
                            guint64          row,
                            gboolean        *ends_line)
{
  guint64 start, end;

  g_return_val_if_fail (KH_IS_LARGE_TEXT_VIEW (self), NULL);
  g_return_val_if_fail (row < _kh_large_text_view_n_rows (self), NULL);

  row_bounds (self, row, &start, &end, ends_line);
  return g_bytes_new_from_bytes (self->index->text, start, end - start);
}

guint64
kh_large_text_view_get_cursor (KhLargeTextView *self)
{
  g_return_val_if_fail (KH_IS_LARGE_TEXT_VIEW (self), 0);

  return self->cursor;
}

guint64
kh_large_text_view_get_top_row (KhLargeTextView *self)
{
  g_return_val_if_fail (KH_IS_LARGE_TEXT_VIEW (self), 0);

  return top_row (self);
}

/* GtkScrollable */

static void
on_adjustment_changed (GtkAdjustment   *adjustment,
                       KhLargeTextView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (KhLargeTextView  *self,
                GtkAdjustment   **slot,
                GtkAdjustment    *adjustment)
{
  if (adjustment != NULL && *slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, on_adjustment_changed, self);
  g_clear_object (slot);
  *slot = adjustment != NULL ? g_object_ref_sink (adjustment) : g_object_ref_sink (gtk_adjustment_new (0, 0, 0, 0, 0, 0));
  adjustment = *slot;
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (on_adjustment_changed), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* GObject */

static void
kh_large_text_view_dispose (GObject *object)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (kh_large_text_view_parent_class)->dispose (object);
}

static void
kh_large_text_view_finalize (GObject *object)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (object);

  g_clear_pointer (&self->index, index_free);
  g_clear_pointer (&self->first_rows, g_free);
  g_clear_pointer (&self->text, g_bytes_unref);

  G_OBJECT_CLASS (kh_large_text_view_parent_class)->finalize (object);
}

static void
kh_large_text_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, kh_large_text_view_get_loading (self));
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_large_text_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KhLargeTextView *self = KH_LARGE_TEXT_VIEW (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_large_text_view_class_init (KhLargeTextViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_large_text_view_dispose;
  object_class->finalize = kh_large_text_view_finalize;
  object_class->get_property = kh_large_text_view_get_property;
  object_class->set_property = kh_large_text_view_set_property;
  widget_class->measure = kh_large_text_view_measure;
  widget_class->size_allocate = kh_large_text_view_size_allocate;
  widget_class->snapshot = kh_large_text_view_snapshot;
  widget_class->css_changed = kh_large_text_view_css_changed;
  widget_class->state_flags_changed = kh_large_text_view_state_flags_changed;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  _kh_large_text_view_class_init_cursor (widget_class);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TEXT_BOX);
}

static void
kh_large_text_view_init (KhLargeTextView *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "view");
  gtk_widget_add_css_class (GTK_WIDGET (self), "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_READ_ONLY, TRUE,
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);
  _kh_large_text_view_init_cursor (self);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
}

GtkWidget *
kh_large_text_view_new (void)
{
  return g_object_new (KH_TYPE_LARGE_TEXT_VIEW, NULL);
}
