/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-chart.c: a line chart of time series, drawn with GtkSnapshot
 *
 * GTK 4.8 has no stroke nodes, so the lines go through a cairo node clipped to the plot;
 * the grid, the legend swatches and the hover label are plain colour and text nodes.
 * Everything that places pixels goes through one layout, computed from the data and the
 * size, so kh_chart_value_to_point() tells tests exactly where a sample was drawn.
 * This file holds the series model and the drawing; the formatting and that layout
 * are in kh-chart-layout.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart.h"
#include "kh-chart-private.h"

G_DEFINE_FINAL_TYPE (KhChart, kh_chart, GTK_TYPE_WIDGET)

/* The libadwaita palette, darker shades on light backgrounds and lighter on dark. */
static const char * const line_colors_light[] = {
  "#1c71d8", "#26a269", "#e66100", "#9141ac", "#c88800", "#865e3c", "#1e7b87", "#5e5c64",
};
static const char * const line_colors_dark[] = {
  "#62a0ea", "#33d17a", "#ffa348", "#c061cb", "#f6d32d", "#b5835a", "#5bc8af", "#c0bfbc",
};
static const char limit_color_light[] = "#e01b24";
static const char limit_color_dark[] = "#f66151";

static void
kh_chart_series_free (KhChartSeries *series)
{
  g_free (series->name);
  g_array_unref (series->times);
  g_array_unref (series->values);
  g_free (series);
}

static void
kh_chart_invalidate (KhChart *self)
{
  self->layout_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
kh_chart_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
kh_chart_get_foreground (KhChart *self,
                         GdkRGBA *color)
{
  /* gtk_widget_get_color() is GTK 4.10; the style context is the 4.8 way. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

void
kh_chart_get_series_color (KhChart *self,
                           guint    series,
                           GdkRGBA *color)
{
  const KhChartSeries *s;
  gboolean dark = kh_chart_is_dark ();

  g_return_if_fail (KH_IS_CHART (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (color != NULL);

  s = g_ptr_array_index (self->series, series);
  if (s->limit)
    gdk_rgba_parse (color, dark ? limit_color_dark : limit_color_light);
  else if (dark)
    gdk_rgba_parse (color, line_colors_dark[s->color_index % G_N_ELEMENTS (line_colors_dark)]);
  else
    gdk_rgba_parse (color, line_colors_light[s->color_index % G_N_ELEMENTS (line_colors_light)]);
}


/* Drawing */

static void
kh_chart_append_text (GtkSnapshot   *snapshot,
                      PangoLayout   *layout,
                      double         x,
                      double         y,
                      const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
kh_chart_snapshot_grid (KhChart       *self,
                        GtkSnapshot   *snapshot,
                        const GdkRGBA *foreground)
{
  static const int x_steps_s[] = { 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600 };
  GdkRGBA grid = *foreground;
  GdkRGBA text = *foreground;
  double max_x_ticks;
  gint64 step_us = 0;

  grid.alpha = 0.12f;
  text.alpha = 0.6f;

  /* Horizontal lines with their value on the left. */
  for (double v = self->y_min; v <= self->y_max + self->y_step / 2; v += self->y_step)
    {
      g_autofree char *label = _kh_chart_format_axis_label (self, v);
      g_autoptr(PangoLayout) layout = _kh_chart_create_layout (self, label, TRUE);
      double y = round (_kh_chart_y_for_value (self, v));
      int w, h;

      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT (self->plot.origin.x, (float) y - 0.5f,
                                                      self->plot.size.width, 1));
      pango_layout_get_pixel_size (layout, &w, &h);
      kh_chart_append_text (snapshot, layout, self->plot.origin.x - KH_CHART_PAD / 2 - w, y - h / 2.0, &text);
    }

  /* Vertical lines back from the right edge, every so many seconds or minutes. */
  max_x_ticks = MAX (self->plot.size.width / 90, 1);
  for (guint i = 0; i < G_N_ELEMENTS (x_steps_s); i++)
    {
      step_us = (gint64) x_steps_s[i] * G_USEC_PER_SEC;
      if ((double) self->span_us / step_us <= max_x_ticks)
        break;
    }

  for (gint64 back = 0; back <= self->span_us; back += step_us)
    {
      g_autofree char *label = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      double x = round (_kh_chart_x_for_time (self, self->x_end - back));
      int w, h;

      if (back == 0)
        label = g_strdup (_("now"));
      else if (back % (60 * G_USEC_PER_SEC) == 0)
        /* TRANSLATORS: an axis label, minutes before now, with a minus sign */
        label = g_strdup_printf (_("−%d min"), (int) (back / (60 * G_USEC_PER_SEC)));
      else
        /* TRANSLATORS: an axis label, seconds before now, with a minus sign */
        label = g_strdup_printf (_("−%d s"), (int) (back / G_USEC_PER_SEC));

      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT ((float) x - 0.5f, self->plot.origin.y,
                                                      1, self->plot.size.height));
      layout = _kh_chart_create_layout (self, label, TRUE);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* Keep the edge labels inside the widget. */
      kh_chart_append_text (snapshot, layout,
                            CLAMP (x - w / 2.0, 0, self->layout_width - w),
                            self->plot.origin.y + self->plot.size.height + 4, &text);
    }
}

static void
kh_chart_snapshot_lines (KhChart     *self,
                         GtkSnapshot *snapshot)
{
  graphene_rect_t bounds;
  cairo_t *cr;
  gint64 start = self->x_end - self->span_us;

  /* Clipped to the plot's width; a little taller so a line along the top is whole. */
  graphene_rect_inset_r (&self->plot, 0, -KH_CHART_LINE_WIDTH, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Limits first, so the data lines are drawn over them. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < self->series->len; i++)
        {
          const KhChartSeries *s = g_ptr_array_index (self->series, i);
          gboolean drawing = FALSE;
          guint first = 0;
          GdkRGBA color;

          if (s->limit != (pass == 0))
            continue;

          /* Start at the last sample left of the plot, so the line enters from the edge. */
          while (first + 1 < s->times->len && g_array_index (s->times, gint64, first + 1) <= start)
            first++;

          kh_chart_get_series_color (self, i, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          if (s->limit)
            {
              static const double dashes[] = { 6, 4 };

              cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
              cairo_set_line_width (cr, KH_CHART_LIMIT_LINE_WIDTH);
            }
          else
            {
              cairo_set_dash (cr, NULL, 0, 0);
              cairo_set_line_width (cr, KH_CHART_LINE_WIDTH);
            }

          for (guint j = first; j < s->times->len; j++)
            {
              gint64 t = g_array_index (s->times, gint64, j);
              double v = g_array_index (s->values, double, j);
              double x, y;

              if (t > self->x_end)
                break;
              if (!isfinite (v))
                {
                  drawing = FALSE;
                  continue;
                }
              x = _kh_chart_x_for_time (self, t);
              y = _kh_chart_y_for_value (self, v);
              if (drawing)
                cairo_line_to (cr, x, y);
              else
                {
                  /* A lone sample between gaps shows as a dot: a zero-length round-capped line. */
                  cairo_move_to (cr, x, y);
                  cairo_line_to (cr, x, y);
                }
              drawing = TRUE;
            }
          cairo_stroke (cr);
        }
    }
  cairo_destroy (cr);
}

static void
kh_chart_snapshot_legend (KhChart       *self,
                          GtkSnapshot   *snapshot,
                          const GdkRGBA *foreground)
{
  GdkRGBA text = *foreground;

  text.alpha = 0.8f;
  for (guint i = 0; i < self->legend->len; i++)
    {
      const KhChartLegendItem *item = &g_array_index (self->legend, KhChartLegendItem, i);
      const KhChartSeries *s = g_ptr_array_index (self->series, item->series);
      g_autoptr(PangoLayout) layout = _kh_chart_create_layout (self, s->name, TRUE);
      double x = KH_CHART_PAD + item->x;
      double mid = item->y + self->label_height / 2;
      GdkRGBA color;

      kh_chart_get_series_color (self, item->series, &color);
      if (s->limit)
        {
          /* Two dashes, like the line. */
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT ((float) x, (float) mid - 1, 4, 2));
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT ((float) x + 6, (float) mid - 1, 4, 2));
        }
      else
        {
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT ((float) x, (float) (mid - KH_CHART_SWATCH / 2),
                                                          KH_CHART_SWATCH, KH_CHART_SWATCH));
        }
      kh_chart_append_text (snapshot, layout, x + KH_CHART_SWATCH + 6, item->y, &text);
    }
}

/* The index of the sample of @s nearest to @t, or -1 when it has none. */
static int
kh_chart_series_nearest (const KhChartSeries *s,
                         gint64               t)
{
  guint lo = 0, hi = s->times->len;

  if (s->times->len == 0)
    return -1;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (s->times, gint64, mid) < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == s->times->len)
    return (int) lo - 1;
  if (lo > 0 && t - g_array_index (s->times, gint64, lo - 1) < g_array_index (s->times, gint64, lo) - t)
    return (int) lo - 1;
  return (int) lo;
}

static char *
kh_chart_format_hover_time (gint64 t)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add (now, t - g_get_monotonic_time ());

  return g_date_time_format (then, "%X");
}

static void
kh_chart_snapshot_hover (KhChart       *self,
                         GtkSnapshot   *snapshot,
                         const GdkRGBA *foreground)
{
  gint64 start = self->x_end - self->span_us;
  gint64 hover_t, sample_t = 0;
  gint64 best = G_MAXINT64;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *time_text = NULL;
  double x, box_width = 0, box_height = 0, box_x, box_y;
  GdkRGBA background, border, line = *foreground;
  gboolean dark = kh_chart_is_dark ();
  GskRoundedRect rounded;
  double y;

  if (!graphene_rect_contains_point (&self->plot, &GRAPHENE_POINT_INIT ((float) self->hover_x,
                                                                         (float) self->hover_y)))
    return;

  hover_t = start + (gint64) ((self->hover_x - self->plot.origin.x) / self->plot.size.width * self->span_us);

  /* Snap to the nearest sample of any series. */
  for (guint i = 0; i < self->series->len; i++)
    {
      const KhChartSeries *s = g_ptr_array_index (self->series, i);
      int j = kh_chart_series_nearest (s, hover_t);
      gint64 t;

      if (j < 0)
        continue;
      t = g_array_index (s->times, gint64, j);
      if (t < start || t > self->x_end)
        continue;
      if (ABS (t - hover_t) < best)
        {
          best = ABS (t - hover_t);
          sample_t = t;
        }
    }
  if (best == G_MAXINT64)
    return;

  x = round (_kh_chart_x_for_time (self, sample_t)) + 0.5;
  line.alpha = 0.5f;
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT ((float) x - 0.5f, self->plot.origin.y, 1, self->plot.size.height));

  /* One text row for the time, then one per series with a value there. */
  time_text = kh_chart_format_hover_time (sample_t);
  g_ptr_array_add (rows, _kh_chart_create_layout (self, time_text, TRUE));
  for (guint i = 0; i < self->series->len; i++)
    {
      const KhChartSeries *s = g_ptr_array_index (self->series, i);
      int j = kh_chart_series_nearest (s, sample_t);
      g_autofree char *value = NULL;
      g_autofree char *text = NULL;
      PangoLayout *layout;
      double v = NAN;

      if (j >= 0 && g_array_index (s->times, gint64, j) == sample_t)
        v = g_array_index (s->values, double, j);

      if (isfinite (v))
        {
          GdkRGBA color;

          kh_chart_get_series_color (self, i, &color);
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT ((float) x - 3, (float) _kh_chart_y_for_value (self, v) - 3, 6, 6));
        }
      value = kh_chart_format_value (self->unit, v);
      text = g_strdup_printf ("%s: %s", s->name, value);
      layout = _kh_chart_create_layout (self, text, TRUE);
      g_object_set_data (G_OBJECT (layout), "kh-series", GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (rows, layout);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      int w, h;

      pango_layout_get_pixel_size (g_ptr_array_index (rows, i), &w, &h);
      box_width = MAX (box_width, w + (i > 0 ? KH_CHART_SWATCH + 6 : 0));
      box_height += h;
    }
  box_width += 2 * KH_CHART_PAD;
  box_height += 2 * 6 + 2 * (rows->len - 1);

  box_x = x + 8;
  if (box_x + box_width > self->plot.origin.x + self->plot.size.width)
    box_x = x - 8 - box_width;
  box_x = MAX (box_x, 0);
  box_y = self->plot.origin.y + 4;

  gdk_rgba_parse (&background, dark ? "#383838" : "#ffffff");
  background.alpha = 0.95f;
  border = *foreground;
  border.alpha = 0.15f;
  gsk_rounded_rect_init_from_rect (&rounded,
                                   &GRAPHENE_RECT_INIT ((float) box_x, (float) box_y,
                                                        (float) box_width, (float) box_height), 6);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &background, &rounded.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &rounded,
                              (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { border, border, border, border });

  y = box_y + 6;
  for (guint i = 0; i < rows->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (rows, i);
      guint series = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (layout), "kh-series"));
      double text_x = box_x + KH_CHART_PAD;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      if (series > 0)
        {
          GdkRGBA color;

          kh_chart_get_series_color (self, series - 1, &color);
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT ((float) text_x, (float) (y + (h - KH_CHART_SWATCH) / 2),
                                                          KH_CHART_SWATCH, KH_CHART_SWATCH));
          text_x += KH_CHART_SWATCH + 6;
        }
      kh_chart_append_text (snapshot, layout, text_x, y, foreground);
      y += h + 2;
    }
}

static gboolean
kh_chart_has_data (KhChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      const KhChartSeries *s = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < s->values->len; j++)
        {
          if (isfinite (g_array_index (s->values, double, j)))
            return TRUE;
        }
    }
  return FALSE;
}

static void
kh_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  KhChart *self = KH_CHART (widget);
  GdkRGBA foreground;

  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return;

  _kh_chart_ensure_layout (self);
  kh_chart_get_foreground (self, &foreground);

  kh_chart_snapshot_grid (self, snapshot, &foreground);
  kh_chart_snapshot_legend (self, snapshot, &foreground);

  if (!kh_chart_has_data (self))
    {
      g_autoptr(PangoLayout) layout = _kh_chart_create_layout (self, _("Waiting for data…"), FALSE);
      GdkRGBA dim = foreground;
      int w, h;

      dim.alpha = 0.55f;
      pango_layout_get_pixel_size (layout, &w, &h);
      kh_chart_append_text (snapshot, layout,
                            self->plot.origin.x + (self->plot.size.width - w) / 2,
                            self->plot.origin.y + (self->plot.size.height - h) / 2, &dim);
      return;
    }

  kh_chart_snapshot_lines (self, snapshot);
  if (self->hovering)
    kh_chart_snapshot_hover (self, snapshot, &foreground);
}

static void
kh_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 360;
    }
  else
    {
      *minimum = 120;
      *natural = 180;
    }
}

static void
kh_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (kh_chart_parent_class)->css_changed (widget, change);
  /* Fonts change text sizes, colours change everything. */
  kh_chart_invalidate (KH_CHART (widget));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           KhChart                  *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          KhChart                  *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_dark_changed (KhChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
kh_chart_finalize (GObject *object)
{
  KhChart *self = KH_CHART (object);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->legend, g_array_unref);

  G_OBJECT_CLASS (kh_chart_parent_class)->finalize (object);
}

static void
kh_chart_class_init (KhChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kh_chart_finalize;
  widget_class->snapshot = kh_chart_snapshot;
  widget_class->measure = kh_chart_measure;
  widget_class->css_changed = kh_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kh_chart_init (KhChart *self)
{
  GtkEventController *motion;

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_chart_series_free);
  self->legend = g_array_new (FALSE, FALSE, sizeof (KhChartLegendItem));
  self->unit = KH_CHART_UNIT_COUNT;
  self->span_us = KH_CHART_DEFAULT_SPAN_US;

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (on_motion), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_motion), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_leave), self, G_CONNECT_DEFAULT);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
kh_chart_new (void)
{
  return g_object_new (KH_TYPE_CHART, NULL);
}

KhChartUnit
kh_chart_get_unit (KhChart *self)
{
  g_return_val_if_fail (KH_IS_CHART (self), KH_CHART_UNIT_COUNT);

  return self->unit;
}

void
kh_chart_set_unit (KhChart     *self,
                   KhChartUnit  unit)
{
  g_return_if_fail (KH_IS_CHART (self));

  self->unit = unit;
  kh_chart_invalidate (self);
}

gint64
kh_chart_get_span (KhChart *self)
{
  g_return_val_if_fail (KH_IS_CHART (self), 0);

  return self->span_us;
}

void
kh_chart_set_span (KhChart *self,
                   gint64   span_us)
{
  g_return_if_fail (KH_IS_CHART (self));
  g_return_if_fail (span_us > 0);

  self->span_us = span_us;
  kh_chart_invalidate (self);
}

void
kh_chart_set_end_time (KhChart *self,
                       gint64   end_time_us)
{
  g_return_if_fail (KH_IS_CHART (self));

  self->end_time_us = end_time_us;
  kh_chart_invalidate (self);
}

static guint
kh_chart_add (KhChart    *self,
              const char *name,
              gboolean    limit)
{
  KhChartSeries *s = g_new0 (KhChartSeries, 1);

  s->name = g_strdup (name);
  s->limit = limit;
  s->color_index = limit ? 0 : self->n_lines++;
  s->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  s->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (self->series, s);
  kh_chart_invalidate (self);

  return self->series->len - 1;
}

guint
kh_chart_add_series (KhChart    *self,
                     const char *name)
{
  g_return_val_if_fail (KH_IS_CHART (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  return kh_chart_add (self, name, FALSE);
}

guint
kh_chart_add_limit (KhChart    *self,
                    const char *name)
{
  g_return_val_if_fail (KH_IS_CHART (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  return kh_chart_add (self, name, TRUE);
}

const char *
kh_chart_get_series_name (KhChart *self,
                          guint    series)
{
  const KhChartSeries *s;

  g_return_val_if_fail (KH_IS_CHART (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  s = g_ptr_array_index (self->series, series);
  return s->name;
}

guint
kh_chart_get_n_colors (void)
{
  return G_N_ELEMENTS (line_colors_light);
}

void
kh_chart_set_series_color_index (KhChart *self,
                                 guint    series,
                                 guint    color_index)
{
  KhChartSeries *s;

  g_return_if_fail (KH_IS_CHART (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  s->color_index = color_index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GStrv
kh_chart_dup_axis_labels (KhChart *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (KH_IS_CHART (self), NULL);

  _kh_chart_ensure_layout (self);
  for (double v = self->y_min; v <= self->y_max + self->y_step / 2; v += self->y_step)
    {
      g_autofree char *label = _kh_chart_format_axis_label (self, v);

      g_strv_builder_add (builder, label);
    }
  return g_strv_builder_end (builder);
}

guint
kh_chart_get_n_series (KhChart *self)
{
  g_return_val_if_fail (KH_IS_CHART (self), 0);

  return self->series->len;
}

void
kh_chart_remove_all_series (KhChart *self)
{
  g_return_if_fail (KH_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  self->n_lines = 0;
  kh_chart_invalidate (self);
}

void
kh_chart_set_points (KhChart      *self,
                     guint         series,
                     const gint64 *times_us,
                     const double *values,
                     guint         n_points)
{
  KhChartSeries *s;

  g_return_if_fail (KH_IS_CHART (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (n_points == 0 || (times_us != NULL && values != NULL));

  s = g_ptr_array_index (self->series, series);
  g_array_set_size (s->times, 0);
  g_array_set_size (s->values, 0);
  g_array_append_vals (s->times, times_us, n_points);
  g_array_append_vals (s->values, values, n_points);
  kh_chart_invalidate (self);
}

void
kh_chart_set_ring_buffer (KhChart            *self,
                          guint               series,
                          const KhRingBuffer *ring,
                          guint               column)
{
  KhChartSeries *s;
  guint n;

  g_return_if_fail (KH_IS_CHART (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (ring != NULL);
  g_return_if_fail (column < kh_ring_buffer_get_n_values (ring));

  s = g_ptr_array_index (self->series, series);
  n = kh_ring_buffer_get_length (ring);
  g_array_set_size (s->times, n);
  g_array_set_size (s->values, n);
  for (guint i = 0; i < n; i++)
    {
      g_array_index (s->times, gint64, i) = kh_ring_buffer_get_timestamp (ring, i);
      g_array_index (s->values, double, i) = kh_ring_buffer_get_value (ring, i, column);
    }
  kh_chart_invalidate (self);
}
