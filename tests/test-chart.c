/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chart.c: KhChart drawn into an image, checked pixel by pixel */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "kh-chart.h"
#include "kh-test-ui.h"

#define CHART_WIDTH  640
#define CHART_HEIGHT 320
#define STEP_US      (2 * G_USEC_PER_SEC)
#define END_US       ((gint64) 1000 * G_USEC_PER_SEC)
#define N_SAMPLES    300   /* ten minutes at 2 s */

static gboolean
is_laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) == CHART_WIDTH;
}

static void
iterate_until_drawn (GtkWidget *widget)
{
  kh_test_iterate_until (is_laid_out, widget, 10000);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), ==, CHART_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, CHART_HEIGHT);
}

/* A chart of CHART_WIDTH × CHART_HEIGHT in a window of its own. */
static KhChart *
show_chart (GtkWindow **window_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *chart = kh_chart_new ();

  gtk_widget_set_size_request (chart, CHART_WIDTH, CHART_HEIGHT);
  gtk_widget_set_halign (chart, GTK_ALIGN_START);
  gtk_widget_set_valign (chart, GTK_ALIGN_START);
  gtk_window_set_child (window, chart);
  gtk_window_set_default_size (window, CHART_WIDTH, CHART_HEIGHT);
  gtk_window_present (window);
  iterate_until_drawn (chart);

  *window_out = window;
  return KH_CHART (chart);
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static cairo_surface_t *
render_chart (KhChart *chart)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (chart));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  gboolean drawn = FALSE;

  /* The paintable holds what the widget drew in its last frame: draw a new one. */
  g_signal_connect_swapped (paintable, "invalidate-contents", G_CALLBACK (set_true), &drawn);
  gtk_widget_queue_draw (GTK_WIDGET (chart));
  kh_test_wait_until (&drawn, 10000);
  g_assert_true (drawn);
  g_signal_handlers_disconnect_by_func (paintable, set_true, &drawn);

  gdk_paintable_snapshot (paintable, snapshot, CHART_WIDTH, CHART_HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, CHART_WIDTH, CHART_HEIGHT);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (g_getenv ("KH_TEST_CHART_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("KH_TEST_CHART_PNG"));
  return surface;
}

/* The pixel under a point, unpremultiplied, channels 0..1. */
static GdkRGBA
pixel_at (cairo_surface_t        *surface,
          const graphene_point_t *point)
{
  int x = (int) floor (point->x);
  int y = (int) floor (point->y);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p;
  GdkRGBA color = { 0, 0, 0, 0 };

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  p = *(const guint32 *) (data + y * stride + x * 4);
  color.alpha = (p >> 24) / 255.0f;
  if (color.alpha > 0)
    {
      color.red = ((p >> 16) & 0xff) / 255.0f / color.alpha;
      color.green = ((p >> 8) & 0xff) / 255.0f / color.alpha;
      color.blue = (p & 0xff) / 255.0f / color.alpha;
    }
  return color;
}

static gboolean
color_near (const GdkRGBA *a,
            const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.16 && fabs (a->green - b->green) < 0.16 &&
         fabs (a->blue - b->blue) < 0.16 && a->alpha > 0.7;
}

static void
assert_color_at (cairo_surface_t *surface,
                 KhChart         *chart,
                 gint64           t,
                 double           v,
                 const GdkRGBA   *expected)
{
  graphene_point_t point;
  GdkRGBA found;

  g_assert_true (kh_chart_value_to_point (chart, t, v, &point));
  found = pixel_at (surface, &point);
  if (!color_near (&found, expected))
    g_error ("pixel at (%.1f, %.1f) for value %g is rgba(%.2f, %.2f, %.2f, %.2f), expected %s",
             point.x, point.y, v, found.red, found.green, found.blue, found.alpha,
             gdk_rgba_to_string (expected));
}

static void
assert_background_at (cairo_surface_t *surface,
                      KhChart         *chart,
                      gint64           t,
                      double           v,
                      const GdkRGBA   *series_color)
{
  graphene_point_t point;
  GdkRGBA found;

  g_assert_true (kh_chart_value_to_point (chart, t, v, &point));
  found = pixel_at (surface, &point);
  g_assert_false (color_near (&found, series_color));
  g_assert_cmpfloat (found.alpha, <, 0.2);
}

/* 100 for the first five minutes, a gap from −3 to −2 min, 300 after. */
static void
fill_step_data (gint64 *times,
                double *values,
                double *limit)
{
  for (guint i = 0; i < N_SAMPLES; i++)
    {
      gint64 back = (gint64) (N_SAMPLES - 1 - i) * STEP_US;

      times[i] = END_US - back;
      if (back <= 3 * 60 * G_USEC_PER_SEC && back >= 2 * 60 * G_USEC_PER_SEC)
        values[i] = NAN;
      else
        values[i] = back >= 5 * 60 * G_USEC_PER_SEC ? 100 : 300;
      limit[i] = 500;
    }
}

#define MIN_US(m) ((gint64) ((m) * 60 * G_USEC_PER_SEC))

static void
test_chart_line_pixels (void)
{
  GtkWindow *window;
  KhChart *chart;
  gint64 times[N_SAMPLES];
  double values[N_SAMPLES], limit[N_SAMPLES];
  cairo_surface_t *surface;
  GdkRGBA line_color, limit_color;
  graphene_point_t a, b;
  double y_min, y_max;
  guint series, limit_series;
  guint red = 0, clear = 0;

  if (kh_test_skip_without_display ())
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  chart = show_chart (&window);
  fill_step_data (times, values, limit);

  series = kh_chart_add_series (chart, "Used");
  limit_series = kh_chart_add_limit (chart, "Limit");
  g_assert_cmpuint (kh_chart_get_n_series (chart), ==, 2);
  kh_chart_set_points (chart, series, times, values, N_SAMPLES);
  kh_chart_set_points (chart, limit_series, times, limit, N_SAMPLES);
  kh_chart_set_end_time (chart, END_US);

  kh_chart_get_y_range (chart, &y_min, &y_max);
  g_assert_cmpfloat (y_min, ==, 0);
  g_assert_cmpfloat (y_max, >=, 500);
  g_assert_cmpfloat (y_max, <, 1000);

  /* Time runs left to right, values bottom to top, inside the widget. */
  g_assert_true (kh_chart_value_to_point (chart, END_US - MIN_US (8), 100, &a));
  g_assert_true (kh_chart_value_to_point (chart, END_US - MIN_US (1), 300, &b));
  g_assert_cmpfloat (a.x, <, b.x);
  g_assert_cmpfloat (a.y, >, b.y);
  g_assert_cmpfloat (b.x, <, CHART_WIDTH);
  g_assert_cmpfloat (a.y, <, CHART_HEIGHT);

  kh_chart_get_series_color (chart, series, &line_color);
  kh_chart_get_series_color (chart, limit_series, &limit_color);
  g_assert_false (gdk_rgba_equal (&line_color, &limit_color));

  surface = render_chart (chart);

  /* On the line, on both levels. */
  assert_color_at (surface, chart, END_US - MIN_US (7.5), 100, &line_color);
  assert_color_at (surface, chart, END_US - MIN_US (6.1), 100, &line_color);
  assert_color_at (surface, chart, END_US - MIN_US (4.5), 300, &line_color);
  assert_color_at (surface, chart, END_US - MIN_US (0.7), 300, &line_color);

  /* Far from any line: above the first level, below the limit. */
  assert_background_at (surface, chart, END_US - MIN_US (7.5), 250, &line_color);
  assert_background_at (surface, chart, END_US - MIN_US (0.7), 420, &line_color);
  /* The NaN samples leave a gap. */
  assert_background_at (surface, chart, END_US - MIN_US (2.5), 300, &line_color);

  /* The limit is dashed: along it there are pixels of its colour and clear ones. */
  for (double m = 9.5; m > 0.5; m -= 0.02)
    {
      graphene_point_t p;
      GdkRGBA found;

      g_assert_true (kh_chart_value_to_point (chart, END_US - MIN_US (m), 500, &p));
      found = pixel_at (surface, &p);
      if (color_near (&found, &limit_color))
        red++;
      else if (found.alpha < 0.3)
        clear++;
    }
  g_assert_cmpuint (red, >, 20);
  g_assert_cmpuint (clear, >, 20);

  cairo_surface_destroy (surface);
  gtk_window_destroy (window);
}

static void
test_chart_dark_style (void)
{
  GtkWindow *window;
  KhChart *chart;
  gint64 times[N_SAMPLES];
  double values[N_SAMPLES], limit[N_SAMPLES];
  cairo_surface_t *surface;
  GdkRGBA light_color, dark_color;
  guint series;

  if (kh_test_skip_without_display ())
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  chart = show_chart (&window);
  fill_step_data (times, values, limit);
  series = kh_chart_add_series (chart, "Used");
  kh_chart_set_points (chart, series, times, values, N_SAMPLES);
  kh_chart_set_end_time (chart, END_US);
  kh_chart_get_series_color (chart, series, &light_color);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  kh_chart_get_series_color (chart, series, &dark_color);
  g_assert_false (gdk_rgba_equal (&light_color, &dark_color));
  /* Lighter lines on the dark background. */
  g_assert_cmpfloat (dark_color.red + dark_color.green + dark_color.blue, >,
                     light_color.red + light_color.green + light_color.blue);

  surface = render_chart (chart);
  assert_color_at (surface, chart, END_US - MIN_US (7.5), 100, &dark_color);
  cairo_surface_destroy (surface);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_destroy (window);
}

static void
test_chart_ring_buffer_and_span (void)
{
  GtkWindow *window;
  KhChart *chart;
  g_autoptr(KhRingBuffer) ring = kh_ring_buffer_new (100, 2);
  cairo_surface_t *surface;
  GdkRGBA color;
  graphene_point_t left, right;
  guint series;

  if (kh_test_skip_without_display ())
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  chart = show_chart (&window);
  g_assert_cmpint (kh_chart_get_span (chart), ==, 10 * 60 * G_USEC_PER_SEC);

  /* Column 1 rises from 0 to 3 MiB over a minute. */
  for (guint i = 0; i <= 60; i++)
    {
      double row[2] = { -1, i * (3.0 * 1024 * 1024 / 60) };

      kh_ring_buffer_push (ring, END_US - (gint64) (60 - i) * G_USEC_PER_SEC, row);
    }

  kh_chart_set_unit (chart, KH_CHART_UNIT_BYTES);
  kh_chart_set_span (chart, 60 * G_USEC_PER_SEC);
  series = kh_chart_add_series (chart, "Memory");
  kh_chart_set_ring_buffer (chart, series, ring, 1);
  kh_chart_get_series_color (chart, series, &color);

  /* No end time set: the newest sample is at the right edge, the span at the left. */
  g_assert_true (kh_chart_value_to_point (chart, END_US, 0, &right));
  g_assert_true (kh_chart_value_to_point (chart, END_US - 60 * G_USEC_PER_SEC, 0, &left));
  g_assert_cmpfloat (right.x - left.x, >, CHART_WIDTH / 2);
  g_assert_cmpfloat (fabs (left.y - right.y), <, 0.01);

  surface = render_chart (chart);
  assert_color_at (surface, chart, END_US - 30 * G_USEC_PER_SEC, 1.5 * 1024 * 1024, &color);
  assert_color_at (surface, chart, END_US - 15 * G_USEC_PER_SEC, 2.25 * 1024 * 1024, &color);
  /* Column 0 (−1 everywhere) was not drawn: the axis starts at 0 and ends in whole MiB. */
  {
    double y_min, y_max;

    kh_chart_get_y_range (chart, &y_min, &y_max);
    g_assert_cmpfloat (y_min, ==, 0);
    g_assert_cmpfloat (y_max, >=, 3.0 * 1024 * 1024);
    g_assert_cmpfloat (fmod (y_max, 512 * 1024), ==, 0);
  }
  assert_background_at (surface, chart, END_US - 45 * G_USEC_PER_SEC, 2.5 * 1024 * 1024, &color);

  cairo_surface_destroy (surface);
  gtk_window_destroy (window);
}

static void
test_chart_hover (void)
{
  GtkWindow *window;
  KhChart *chart;
  gint64 times[N_SAMPLES];
  double values[N_SAMPLES], limit[N_SAMPLES];
  cairo_surface_t *before, *after;
  g_autoptr(GListModel) controllers = NULL;
  GtkEventController *motion = NULL;
  graphene_point_t hover, probe;
  GdkRGBA found;
  guint series;

  if (kh_test_skip_without_display ())
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  chart = show_chart (&window);
  fill_step_data (times, values, limit);
  series = kh_chart_add_series (chart, "Used");
  kh_chart_set_points (chart, series, times, values, N_SAMPLES);
  kh_chart_set_end_time (chart, END_US);

  /* Under the line, on a sample's time: nothing drawn there before hovering. */
  g_assert_true (kh_chart_value_to_point (chart, times[50], 30, &probe));
  before = render_chart (chart);
  found = pixel_at (before, &probe);
  g_assert_cmpfloat (found.alpha, <, 0.2);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (chart));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        motion = controller;
    }
  g_assert_nonnull (motion);

  /* A little off the sample: the hover line snaps to it. */
  g_assert_true (kh_chart_value_to_point (chart, times[50] + STEP_US / 4, 200, &hover));
  g_signal_emit_by_name (motion, "enter", (double) hover.x, (double) hover.y);
  g_signal_emit_by_name (motion, "motion", (double) hover.x, (double) hover.y);
  after = render_chart (chart);
  /* A one-pixel line, within a pixel of the sample's x. */
  {
    double alpha = 0;

    for (int dx = -1; dx <= 1; dx++)
      {
        graphene_point_t p = GRAPHENE_POINT_INIT (probe.x + dx, probe.y);

        found = pixel_at (after, &p);
        alpha = MAX (alpha, found.alpha);
      }
    g_assert_cmpfloat (alpha, >, 0.3);
  }

  /* Leaving takes it away. */
  g_signal_emit_by_name (motion, "leave");
  cairo_surface_destroy (after);
  after = render_chart (chart);
  found = pixel_at (after, &probe);
  g_assert_cmpfloat (found.alpha, <, 0.2);

  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
  gtk_window_destroy (window);
}

static void
test_chart_format (void)
{
  static const struct {
    KhChartUnit unit;
    double value;
    const char *text;
  } cases[] = {
    { KH_CHART_UNIT_BYTES, 0, "0 B" },
    { KH_CHART_UNIT_BYTES, 512, "512 B" },
    { KH_CHART_UNIT_BYTES, 1536, "1.5 KiB" },
    { KH_CHART_UNIT_BYTES, 3 * 1024 * 1024, "3 MiB" },
    { KH_CHART_UNIT_BYTES, 1023.9999, "1 KiB" },
    { KH_CHART_UNIT_BYTES, 2.0 * 1024 * 1024 * 1024, "2 GiB" },
    { KH_CHART_UNIT_BYTES, 123.4 * 1024 * 1024, "123 MiB" },
    { KH_CHART_UNIT_BYTES_PER_SEC, 2048, "2 KiB/s" },
    { KH_CHART_UNIT_OPS_PER_SEC, 12, "12 ops/s" },
    { KH_CHART_UNIT_OPS_PER_SEC, 0.5, "0.5 ops/s" },
    { KH_CHART_UNIT_OPS_PER_SEC, 1500, "1.5k ops/s" },
    { KH_CHART_UNIT_COUNT, 42, "42" },
    { KH_CHART_UNIT_COUNT, 2500000, "2.5M" },
    { KH_CHART_UNIT_PERCENT, 0.25, "25%" },
    { KH_CHART_UNIT_PERCENT, 0.995, "99.5%" },
    { KH_CHART_UNIT_PERCENT, NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kh_chart_format_value (cases[i].unit, cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Every label on an axis takes one unit prefix: not "1000 KiB/s" next to "1.46 MiB/s". */
static void
assert_axis_labels (KhChart     *chart,
                    KhChartUnit  unit,
                    double       top,
                    const char  *suffix)
{
  gint64 times[N_SAMPLES];
  double values[N_SAMPLES];
  g_auto(GStrv) labels = NULL;

  for (guint i = 0; i < N_SAMPLES; i++)
    {
      times[i] = END_US - (gint64) (N_SAMPLES - 1 - i) * STEP_US;
      values[i] = top * i / (N_SAMPLES - 1);
    }
  kh_chart_set_unit (chart, unit);
  kh_chart_set_points (chart, 0, times, values, N_SAMPLES);
  labels = kh_chart_dup_axis_labels (chart);
  g_assert_cmpuint (g_strv_length (labels), >=, 3);
  g_assert_cmpstr (labels[0], ==, "0");
  for (guint i = 1; labels[i] != NULL; i++)
    {
      if (!g_str_has_suffix (labels[i], suffix))
        g_error ("axis label “%s” does not end in “%s”", labels[i], suffix);
      /* The prefix is the top value's: no label reads 1000 of it. */
      g_assert_cmpfloat (g_ascii_strtod (labels[i], NULL), <, 1000);
    }
}

static void
test_chart_axis_units (void)
{
  GtkWindow *window;
  KhChart *chart;

  if (kh_test_skip_without_display ())
    return;

  chart = show_chart (&window);
  kh_chart_add_series (chart, "Out");
  kh_chart_set_end_time (chart, END_US);

  assert_axis_labels (chart, KH_CHART_UNIT_BYTES_PER_SEC, 1.46 * 1024 * 1024, " MiB/s");
  assert_axis_labels (chart, KH_CHART_UNIT_BYTES_PER_SEC, 1000 * 1024, " MiB/s");
  assert_axis_labels (chart, KH_CHART_UNIT_BYTES_PER_SEC, 600 * 1024, " KiB/s");
  assert_axis_labels (chart, KH_CHART_UNIT_BYTES, 3.2 * 1024 * 1024 * 1024, " GiB");
  assert_axis_labels (chart, KH_CHART_UNIT_OPS_PER_SEC, 1500, "k ops/s");
  assert_axis_labels (chart, KH_CHART_UNIT_OPS_PER_SEC, 18000, "k ops/s");
  assert_axis_labels (chart, KH_CHART_UNIT_COUNT, 2500, "k");

  gtk_window_destroy (window);
}

/* A series keeps the colour it was given, whatever its index. */
static void
test_chart_color_index (void)
{
  GtkWindow *window;
  KhChart *chart;
  GdkRGBA first, moved;

  if (kh_test_skip_without_display ())
    return;

  chart = show_chart (&window);
  kh_chart_add_series (chart, "All");
  kh_chart_add_series (chart, "SET");
  kh_chart_set_series_color_index (chart, 1, 3);
  kh_chart_get_series_color (chart, 1, &first);

  kh_chart_remove_all_series (chart);
  kh_chart_add_series (chart, "All");
  kh_chart_add_series (chart, "GET");
  kh_chart_add_series (chart, "SET");
  kh_chart_set_series_color_index (chart, 2, 3);
  kh_chart_get_series_color (chart, 2, &moved);
  g_assert_true (gdk_rgba_equal (&first, &moved));
  g_assert_cmpstr (kh_chart_get_series_name (chart, 2), ==, "SET");
  g_assert_cmpuint (kh_chart_get_n_colors (), >=, 6);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Number formats are checked in English. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  g_test_add_func ("/ui/chart/format", test_chart_format);
  g_test_add_func ("/ui/chart/line-pixels", test_chart_line_pixels);
  g_test_add_func ("/ui/chart/dark-style", test_chart_dark_style);
  g_test_add_func ("/ui/chart/ring-buffer-and-span", test_chart_ring_buffer_and_span);
  g_test_add_func ("/ui/chart/hover", test_chart_hover);
  g_test_add_func ("/ui/chart/axis-units", test_chart_axis_units);
  g_test_add_func ("/ui/chart/color-index", test_chart_color_index);

  return g_test_run ();
}
