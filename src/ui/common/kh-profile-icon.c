/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-icon.c: how a profile looks in lists and tabs: its colour dot and
 * the icon of its provider. Shared by the connections list, the profile form and
 * the connection tab, which must all show a profile the same way.
 */
#include "config.h"

#include "kh-profile-icon.h"

/* The colour tags of kh_profile_get_colors(), as GNOME's accent colours. */
static gboolean
color_to_rgb (const char *color,
              double     *r,
              double     *g,
              double     *b)
{
  static const struct { const char *name; guint32 rgb; } table[] = {
    { "blue", 0x3584e4 }, { "teal", 0x2190a4 }, { "green", 0x3a944a },
    { "yellow", 0xc88800 }, { "orange", 0xed5b00 }, { "red", 0xe62d42 },
    { "pink", 0xd56199 }, { "purple", 0x9141ac }, { "slate", 0x6f8396 },
  };

  for (guint i = 0; color != NULL && i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (color, table[i].name))
      {
        *r = ((table[i].rgb >> 16) & 0xff) / 255.0;
        *g = ((table[i].rgb >> 8) & 0xff) / 255.0;
        *b = (table[i].rgb & 0xff) / 255.0;
        return TRUE;
      }
  return FALSE;
}

/**
 * kh_profile_icon_new_for_color:
 * @color: a colour tag of kh_profile_get_colors(), or %NULL
 *
 * Returns: (transfer full) (nullable): a round dot in @color, drawn at 32×32
 *   pixels so it stays sharp at double scale; %NULL for no or an unknown colour.
 */
GIcon *
kh_profile_icon_new_for_color (const char *color)
{
  const int size = 32;
  double r, g, b;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;

  if (!color_to_rgb (color, &r, &g, &b))
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (surface);
  cairo_arc (cr, size / 2.0, size / 2.0, size * 0.3, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * size);
  /* Cairo's ARGB32 is premultiplied BGRA in memory on little-endian, which is
   * GDK_MEMORY_DEFAULT there; the texture copies nothing, the bytes do. */
  {
    GdkTexture *texture = gdk_memory_texture_new (size, size, GDK_MEMORY_DEFAULT, bytes,
                                                  cairo_image_surface_get_stride (surface));
    cairo_surface_destroy (surface);
    return G_ICON (texture);
  }
}

const char *
kh_profile_icon_name_for_provider (KhProvider provider)
{
  switch (provider)
    {
    case KH_PROVIDER_RENDER:
    case KH_PROVIDER_UPSTASH:
      return "weather-overcast-symbolic";
    case KH_PROVIDER_LOCAL:
      return "computer-symbolic";
    case KH_PROVIDER_SANDBOX:
      return "applications-science-symbolic";
    case KH_PROVIDER_CUSTOM:
    default:
      return "network-server-symbolic";
    }
}
