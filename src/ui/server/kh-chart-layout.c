/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-chart-layout.c: how a chart writes its values and where it puts them
 *
 * Formatting (numbers in the chart's unit with one prefix for a whole axis) and the
 * layout: the y range and step in the unit's natural steps, the legend rows and the
 * plot rectangle, computed once per size and data change. kh-chart.c draws from it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart-private.h"

/* Formatting */

/* @value with as few decimals as it needs, at most two below 10, one below 100. */
static char *
kh_chart_format_number (double value)
{
  double magnitude = fabs (value);
  int max_decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  int decimals = 0;

  while (decimals < max_decimals)
    {
      double scaled = value * pow (10, decimals);

      if (fabs (scaled - round (scaled)) < 0.005)
        break;
      decimals++;
    }
  return g_strdup_printf ("%.*f", decimals, value);
}

/* Splits @value into a mantissa and an index into the unit prefixes. */
static double
kh_chart_scale (double  value,
                double  base,
                guint   n_prefixes,
                guint  *prefix)
{
  guint p = 0;

  /* Round first, so 1023.99 B shows as 1 KiB and not as 1024 B. */
  while (p + 1 < n_prefixes && fabs (value) >= base * 0.9995)
    {
      value /= base;
      p++;
    }
  *prefix = p;
  return value;
}

static const char * const byte_units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
static const char * const count_prefixes[] = { "", "k", "M", "G", "T" };

static double
kh_chart_unit_base (KhChartUnit unit)
{
  return unit == KH_CHART_UNIT_BYTES || unit == KH_CHART_UNIT_BYTES_PER_SEC ? 1024 : 1000;
}

/* @value in @unit with the prefix @fixed_prefix, or the value's own when it is -1. */
static char *
kh_chart_format_in_prefix (KhChartUnit unit,
                           double      value,
                           int         fixed_prefix)
{
  g_autofree char *number = NULL;
  guint prefix;
  double scaled;

  if (isnan (value))
    return g_strdup ("—");

  if (fixed_prefix >= 0)
    {
      prefix = (guint) fixed_prefix;
      scaled = value / pow (kh_chart_unit_base (unit), prefix);
    }
  else
    scaled = kh_chart_scale (value, kh_chart_unit_base (unit), G_N_ELEMENTS (count_prefixes), &prefix);

  switch (unit)
    {
    case KH_CHART_UNIT_BYTES:
    case KH_CHART_UNIT_BYTES_PER_SEC:
      number = kh_chart_format_number (scaled);
      if (unit == KH_CHART_UNIT_BYTES)
        return g_strdup_printf ("%s %s", number, byte_units[prefix]);
      /* TRANSLATORS: a transfer rate, such as "1.5 MiB/s" */
      return g_strdup_printf (_("%s %s/s"), number, byte_units[prefix]);

    case KH_CHART_UNIT_PERCENT:
      number = kh_chart_format_number (value * 100);
      /* TRANSLATORS: a percentage, such as "25%" */
      return g_strdup_printf (_("%s%%"), number);

    case KH_CHART_UNIT_OPS_PER_SEC:
      number = kh_chart_format_number (scaled);
      /* TRANSLATORS: commands per second, such as "12 ops/s" or "1.5k ops/s" */
      return g_strdup_printf (_("%s%s ops/s"), number, count_prefixes[prefix]);

    case KH_CHART_UNIT_COUNT:
    default:
      number = kh_chart_format_number (scaled);
      return g_strdup_printf ("%s%s", number, count_prefixes[prefix]);
    }
}

char *
kh_chart_format_value (KhChartUnit unit,
                       double      value)
{
  return kh_chart_format_in_prefix (unit, value, -1);
}

/* Layout */

/* 1, 2 or 5 times a power of ten, at least @raw. */
static double
kh_chart_nice_step (double raw)
{
  double exponent = floor (log10 (raw));
  double power = pow (10, exponent);
  double fraction = raw / power;

  if (fraction <= 1.0)
    return power;
  if (fraction <= 2.0)
    return 2 * power;
  if (fraction <= 5.0)
    return 5 * power;
  return 10 * power;
}

static gint64
kh_chart_newest_time (KhChart *self)
{
  gint64 newest = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      const KhChartSeries *s = g_ptr_array_index (self->series, i);

      if (s->times->len > 0)
        newest = MAX (newest, g_array_index (s->times, gint64, s->times->len - 1));
    }
  return newest;
}

static void
kh_chart_data_range (KhChart *self,
                     gint64   start,
                     gint64   end,
                     double  *lo,
                     double  *hi)
{
  gboolean any = FALSE;

  *lo = 0;
  *hi = 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      const KhChartSeries *s = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < s->times->len; j++)
        {
          gint64 t = g_array_index (s->times, gint64, j);
          double v = g_array_index (s->values, double, j);

          if (t < start || t > end || !isfinite (v))
            continue;
          *lo = any ? MIN (*lo, v) : v;
          *hi = any ? MAX (*hi, v) : v;
          any = TRUE;
        }
    }

  /* The axis always shows zero: these are amounts, and a flat line should sit low. */
  *lo = MIN (*lo, 0);
  *hi = MAX (*hi, 0);
}

/* The y step for about @n_ticks intervals over [lo, hi], in the unit's natural steps. */
static double
kh_chart_choose_y_step (KhChartUnit unit,
                        double      lo,
                        double      hi,
                        guint       n_ticks,
                        guint      *prefix)
{
  double range = hi - lo;
  double base = 1;
  double step;

  *prefix = 0;
  if (unit == KH_CHART_UNIT_PERCENT)
    {
      step = kh_chart_nice_step (range * 100 / n_ticks) / 100;
      return MAX (step, 0.001);
    }

  /* Every label on the axis takes the prefix of the largest value, and the steps are
   * round in it: 0, 0.5, 1, 1.5 MiB/s, not 500 KiB/s, 1000 KiB/s, 1.46 MiB/s. */
  kh_chart_scale (MAX (fabs (lo), fabs (hi)), kh_chart_unit_base (unit),
                  G_N_ELEMENTS (count_prefixes), prefix);
  for (;;)
    {
      base = pow (kh_chart_unit_base (unit), *prefix);
      step = kh_chart_nice_step (range / base / n_ticks) * base;
      /* The top tick, rounded up, must not read 1000 or more either. */
      if (*prefix + 1 >= G_N_ELEMENTS (count_prefixes) ||
          ceil (MAX (fabs (lo), fabs (hi)) / step - 1e-9) * step / base < 1000)
        break;
      (*prefix)++;
    }
  if (unit == KH_CHART_UNIT_OPS_PER_SEC)
    return step;
  /* Bytes and counts come whole. */
  return MAX (step, 1);
}

PangoLayout *
_kh_chart_create_layout (KhChart    *self,
                        const char *text,
                        gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
    }
  return layout;
}

static void
kh_chart_text_size (KhChart    *self,
                    const char *text,
                    gboolean    small,
                    double     *width,
                    double     *height)
{
  g_autoptr(PangoLayout) layout = _kh_chart_create_layout (self, text, small);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* Places the legend entries in rows from the top left; returns its height. */
static double
kh_chart_layout_legend (KhChart *self,
                        double   width)
{
  double x = 0, y = 0, row_height = 0;

  g_array_set_size (self->legend, 0);
  for (guint i = 0; i < self->series->len; i++)
    {
      const KhChartSeries *s = g_ptr_array_index (self->series, i);
      KhChartLegendItem item;
      double text_width, text_height, item_width;

      kh_chart_text_size (self, s->name, TRUE, &text_width, &text_height);
      item_width = KH_CHART_SWATCH + 6 + text_width;
      if (x > 0 && x + item_width > width)
        {
          x = 0;
          y += row_height + 4;
        }
      item.series = i;
      item.x = x;
      item.y = y;
      g_array_append_val (self->legend, item);
      row_height = MAX (row_height, text_height);
      x += item_width + 16;
    }
  return self->series->len > 0 ? y + row_height : 0;
}

char *
_kh_chart_format_axis_label (KhChart *self,
                            double   v)
{
  /* Zero needs no unit: "0", not "0k ops/s". */
  if (fabs (v) < self->y_step / 2)
    return g_strdup ("0");
  return kh_chart_format_in_prefix (self->unit, v, self->unit == KH_CHART_UNIT_PERCENT ? -1 : (int) self->y_prefix);
}

void
_kh_chart_ensure_layout (KhChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double legend_height, top, bottom, left, right = KH_CHART_PAD;
  double lo, hi, label_width = 0;
  guint n_ticks;

  if (self->layout_valid && width == self->layout_width && height == self->layout_height)
    return;

  self->layout_width = width;
  self->layout_height = height;
  self->layout_valid = TRUE;

  self->x_end = self->end_time_us != 0 ? self->end_time_us : kh_chart_newest_time (self);

  kh_chart_text_size (self, "0", TRUE, NULL, &self->label_height);
  legend_height = kh_chart_layout_legend (self, MAX (width - 2 * KH_CHART_PAD, 1));
  top = legend_height > 0 ? legend_height + KH_CHART_PAD + self->label_height / 2
                          : self->label_height / 2 + 2;
  bottom = self->label_height + 6;

  kh_chart_data_range (self, self->x_end - self->span_us, self->x_end, &lo, &hi);
  if (hi - lo <= 0)
    hi = lo + 1;
  n_ticks = (guint) CLAMP ((height - top - bottom) / KH_CHART_MIN_TICK_SPACING, 1, 6);
  self->y_step = kh_chart_choose_y_step (self->unit, lo, hi, n_ticks, &self->y_prefix);
  self->y_min = floor (lo / self->y_step) * self->y_step;
  self->y_max = ceil (hi / self->y_step - 1e-9) * self->y_step;
  if (self->y_max <= self->y_min)
    self->y_max = self->y_min + self->y_step;

  for (double v = self->y_min; v <= self->y_max + self->y_step / 2; v += self->y_step)
    {
      g_autofree char *text = _kh_chart_format_axis_label (self, v);
      double w;

      kh_chart_text_size (self, text, TRUE, &w, NULL);
      label_width = MAX (label_width, w);
    }
  left = label_width + KH_CHART_PAD;

  graphene_rect_init (&self->plot, left, top,
                      MAX (width - left - right, 1),
                      MAX (height - top - bottom, 1));
}

double
_kh_chart_x_for_time (KhChart *self,
                     gint64   t)
{
  double start = (double) (self->x_end - self->span_us);

  return self->plot.origin.x + ((double) t - start) / (double) self->span_us * self->plot.size.width;
}

double
_kh_chart_y_for_value (KhChart *self,
                      double   v)
{
  double fraction = (v - self->y_min) / (self->y_max - self->y_min);

  return self->plot.origin.y + self->plot.size.height * (1 - fraction);
}

gboolean
kh_chart_value_to_point (KhChart          *self,
                         gint64            time_us,
                         double            value,
                         graphene_point_t *point)
{
  g_return_val_if_fail (KH_IS_CHART (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return FALSE;

  _kh_chart_ensure_layout (self);
  point->x = _kh_chart_x_for_time (self, time_us);
  point->y = _kh_chart_y_for_value (self, value);
  return TRUE;
}

void
kh_chart_get_y_range (KhChart *self,
                      double  *min,
                      double  *max)
{
  g_return_if_fail (KH_IS_CHART (self));

  _kh_chart_ensure_layout (self);
  if (min != NULL)
    *min = self->y_min;
  if (max != NULL)
    *max = self->y_max;
}
