/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-frame-memory.c: keeps the shared memory that carries frames to an X server
 *
 * With GTK's cairo renderer on X11, each frame's pixels reach the X server
 * through shared memory that cairo takes from a pool of segments. cairo drops
 * a segment as soon as nothing in it is in use, which is after almost every
 * frame, so the next large frame maps a new one and faults in each of its
 * pages, in Keyhole and again in the X server: about 1,000 page faults for a
 * 1200×800 window. Where a page fault is slow (10-16 µs in some virtual
 * machines) that made a 20-25 ms frame out of a 10 ms one.
 *
 * Holding one small image in a segment sized for a whole monitor keeps that
 * segment, so each frame reuses pages that are already there. Nothing happens
 * on Wayland, with GL or Vulkan renderers, or without cairo's Xlib backend.
 */
#include "config.h"

#include "kh-frame-memory.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#include <gsk/gskcairorenderer.h>

#if defined (GDK_WINDOWING_X11) && __has_include (<cairo-xlib.h>)
#include <cairo-xlib.h>
#define HAVE_CAIRO_XLIB 1
#endif

#define KEEP_KEY "kh-frame-memory-keep"

#ifdef HAVE_CAIRO_XLIB
static void
keep_segment (GdkDisplay *display,
              GdkSurface *surface)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  int screen = DefaultScreen (xdisplay);
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (display, surface);
  GdkRectangle area = { 0, 0, gdk_surface_get_width (surface), gdk_surface_get_height (surface) };
  int scale = gdk_surface_get_scale_factor (surface);
  cairo_surface_t *root;
  cairo_surface_t *frame;
  cairo_surface_t *keep;

  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      area.width = MAX (area.width, geometry.width);
      area.height = MAX (area.height, geometry.height);
    }

  /* cairo keeps its segments per X connection: any drawable of it will do */
  root = cairo_xlib_surface_create (xdisplay, RootWindow (xdisplay, screen), DefaultVisual (xdisplay, screen),
                                    DisplayWidth (xdisplay, screen), DisplayHeight (xdisplay, screen));
  /* A frame as large as the monitor makes a segment big enough for every
   * frame of a window on it; the small image then takes a corner of that
   * segment and keeps it when the large one is gone */
  frame = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, area.width * scale, area.height * scale);
  keep = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_surface_destroy (frame);
  cairo_surface_destroy (root);

  if (cairo_surface_status (keep) == CAIRO_STATUS_SUCCESS)
    g_object_set_data_full (G_OBJECT (display), KEEP_KEY, keep, (GDestroyNotify) cairo_surface_destroy);
  else
    cairo_surface_destroy (keep);
}
#endif

void
kh_frame_memory_keep (GtkWidget *widget)
{
  GtkNative *native;
  GdkDisplay *display;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  native = gtk_widget_get_native (widget);
  if (native == NULL || !gtk_widget_get_realized (GTK_WIDGET (native)))
    return;
  display = gtk_widget_get_display (widget);
  if (!GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native)) ||
      g_object_get_data (G_OBJECT (display), KEEP_KEY) != NULL)
    return;

#ifdef HAVE_CAIRO_XLIB
  if (GDK_IS_X11_DISPLAY (display))
    keep_segment (display, gtk_native_get_surface (native));
#endif
}
