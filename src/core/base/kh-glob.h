/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-glob.h: Redis-compatible glob matching (the rules of KEYS and SCAN MATCH) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kh_glob_match          (const char *pattern,
                                 gsize       pattern_len,
                                 const char *str,
                                 gsize       str_len);

gboolean kh_glob_is_literal     (const char *pattern,
                                 gsize       pattern_len);

gboolean kh_glob_as_substring   (const char *pattern,
                                 gsize       pattern_len,
                                 gsize      *offset,
                                 gsize      *len);

G_END_DECLS
