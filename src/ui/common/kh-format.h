/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-format.h: numbers as every page shows them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "1,234,567": digits grouped in threes with the locale's separator (a comma
 * where the locale has none), so a count reads the same on every page. */
char *kh_format_count (guint64 n);

G_END_DECLS
