/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-mapped-array.h: large zeroed arrays in huge pages, mapped in ahead */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether an array of @size bytes is mapped on its own (2 MiB and more) */
gboolean kh_mapped_array_is_mapped (gsize size);

/* Returns: (transfer full): @size bytes, zeroed. A large array's pages are
 * mapped in by the default main context, a huge page per idle dispatch;
 * free it with kh_mapped_array_free() and the same @size. */
gpointer kh_mapped_array_new       (gsize    size);
void     kh_mapped_array_free      (gpointer mem,
                                    gsize    size);
/* Whether all the pages of an array are mapped in, so that writing to it
 * costs no faults; TRUE for an array that is not mapped on its own */
gboolean kh_mapped_array_is_ready  (gpointer mem,
                                    gsize    size);

G_END_DECLS
