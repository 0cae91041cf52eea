/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-chart.h: a line chart of time series, drawn with GtkSnapshot */
#pragma once

#include <adwaita.h>

#include "kh-ring-buffer.h"

G_BEGIN_DECLS

/* How the y axis, the hover label and the legend write values. */
typedef enum {
  KH_CHART_UNIT_COUNT,           /* 12, 1.5k, 3M */
  KH_CHART_UNIT_BYTES,           /* 512 B, 1.5 KiB, 3 MiB, 2 GiB */
  KH_CHART_UNIT_BYTES_PER_SEC,   /* 1.5 KiB/s */
  KH_CHART_UNIT_OPS_PER_SEC,     /* 12 ops/s, 1.5k ops/s */
  KH_CHART_UNIT_PERCENT,         /* values are fractions: 0.25 is 25 % */
} KhChartUnit;

#define KH_TYPE_CHART (kh_chart_get_type ())

G_DECLARE_FINAL_TYPE (KhChart, kh_chart, KH, CHART, GtkWidget)

GtkWidget   *kh_chart_new              (void);

KhChartUnit  kh_chart_get_unit         (KhChart            *self);
void         kh_chart_set_unit         (KhChart            *self,
                                        KhChartUnit         unit);

/* The visible time span, ending at the end time. Default 10 minutes. */
gint64       kh_chart_get_span         (KhChart            *self);
void         kh_chart_set_span         (KhChart            *self,
                                        gint64              span_us);
/* The time at the right edge; 0 (the default) follows the newest sample. */
void         kh_chart_set_end_time     (KhChart            *self,
                                        gint64              end_time_us);

/* Adds a series and returns its index. Colours come from the libadwaita
 * palette by index. A limit (such as maxmemory) is drawn as a red dashed line. */
guint        kh_chart_add_series       (KhChart            *self,
                                        const char         *name);
guint        kh_chart_add_limit        (KhChart            *self,
                                        const char         *name);
guint        kh_chart_get_n_series     (KhChart            *self);
const char  *kh_chart_get_series_name  (KhChart            *self,
                                        guint               series);
/* Colours in the palette; a series may pick one by index so it keeps its
 * colour when the chart's series are rebuilt. */
guint        kh_chart_get_n_colors     (void);
void         kh_chart_set_series_color_index (KhChart      *self,
                                        guint               series,
                                        guint               color_index);
void         kh_chart_remove_all_series (KhChart           *self);

/* Replaces a series' samples: @times_us ascending (g_get_monotonic_time()
 * microseconds), NaN values are gaps in the line. */
void         kh_chart_set_points       (KhChart            *self,
                                        guint               series,
                                        const gint64       *times_us,
                                        const double       *values,
                                        guint               n_points);
/* Copies one column of @ring as the series' samples. */
void         kh_chart_set_ring_buffer  (KhChart            *self,
                                        guint               series,
                                        const KhRingBuffer *ring,
                                        guint               column);

/* The colour the series is drawn in, for the current light or dark style. */
void         kh_chart_get_series_color (KhChart            *self,
                                        guint               series,
                                        GdkRGBA            *color);

/* Where the sample (@time_us, @value) is drawn, in widget coordinates, for
 * the current size and data. FALSE when the widget has no size yet. */
gboolean     kh_chart_value_to_point   (KhChart            *self,
                                        gint64              time_us,
                                        double              value,
                                        graphene_point_t   *point);

/* The y axis range after rounding to nice ticks. */
void         kh_chart_get_y_range      (KhChart            *self,
                                        double             *min,
                                        double             *max);

/* The y axis labels, bottom to top, for the current size and data: all with
 * the same unit prefix. */
GStrv        kh_chart_dup_axis_labels  (KhChart            *self);

/* @value written in @unit: "1.5 MiB", "12 ops/s", "25 %". */
char        *kh_chart_format_value     (KhChartUnit         unit,
                                        double              value);

G_END_DECLS
