/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-icon.h: a profile's colour dot and its provider's icon */
#pragma once

#include <gtk/gtk.h>

#include "kh-provider.h"

G_BEGIN_DECLS

/* A round dot in @color, a colour tag of kh_profile_get_colors(); NULL for no
 * or an unknown colour. */
GIcon      *kh_profile_icon_new_for_color     (const char *color);

/* The symbolic icon name for a provider's badge. */
const char *kh_profile_icon_name_for_provider (KhProvider provider);

G_END_DECLS
