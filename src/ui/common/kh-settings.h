/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-settings.h: the application's GSettings */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's settings, or NULL when the schema is not installed (a build tree
 * run without GSETTINGS_SCHEMA_DIR): callers then keep to the defaults. */
GSettings *kh_settings_load (void);

G_END_DECLS
