/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-chart-private.h: what kh-chart.c (the series model and the drawing) shares
 * with kh-chart-layout.c (units, axis steps and labels, where everything goes) */
#pragma once

#include "kh-chart.h"

G_BEGIN_DECLS

#define KH_CHART_DEFAULT_SPAN_US   (10 * 60 * G_USEC_PER_SEC)
#define KH_CHART_PAD               8.0
#define KH_CHART_LINE_WIDTH        2.0
#define KH_CHART_LIMIT_LINE_WIDTH  1.5
#define KH_CHART_SWATCH            10.0
#define KH_CHART_MIN_TICK_SPACING  36.0

typedef struct {
  char    *name;
  gboolean limit;
  guint    color_index;
  GArray  *times;     /* gint64 */
  GArray  *values;    /* double */
} KhChartSeries;

/* One legend entry, placed during layout. */
typedef struct {
  guint  series;
  double x, y;
} KhChartLegendItem;

struct _KhChart
{
  GtkWidget     parent_instance;

  GPtrArray    *series;          /* KhChartSeries */
  guint         n_lines;         /* non-limit series, for colours */
  KhChartUnit   unit;
  gint64        span_us;
  gint64        end_time_us;

  /* The layout, valid for layout_width × layout_height. */
  gboolean      layout_valid;
  int           layout_width;
  int           layout_height;
  graphene_rect_t plot;
  gint64        x_end;
  double        y_min;
  double        y_max;
  double        y_step;
  guint         y_prefix;        /* one unit prefix for every label on the axis */
  double        label_height;
  GArray       *legend;          /* KhChartLegendItem */

  gboolean      hovering;
  double        hover_x;
  double        hover_y;
};

PangoLayout *_kh_chart_create_layout     (KhChart    *self,
                                          const char *text,
                                          gboolean    small);
char        *_kh_chart_format_axis_label (KhChart    *self,
                                          double      v);
void         _kh_chart_ensure_layout     (KhChart    *self);
double       _kh_chart_x_for_time        (KhChart    *self,
                                          gint64      t);
double       _kh_chart_y_for_value       (KhChart    *self,
                                          double      v);

G_END_DECLS
