/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-ring-buffer.h: a fixed-capacity ring of timestamped samples */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Each sample is a timestamp (µs, usually monotonic time) and n_values doubles,
 * n_values fixed at creation. Once full, a push overwrites the oldest sample.
 * Index 0 is the oldest sample still held, length - 1 the newest. */
typedef struct _KhRingBuffer KhRingBuffer;

#define KH_TYPE_RING_BUFFER (kh_ring_buffer_get_type ())

GType          kh_ring_buffer_get_type       (void) G_GNUC_CONST;
KhRingBuffer  *kh_ring_buffer_new            (guint               capacity,
                                              guint               n_values);
KhRingBuffer  *kh_ring_buffer_ref            (KhRingBuffer       *self);
void           kh_ring_buffer_unref          (KhRingBuffer       *self);

/* Copies n_values doubles from @values. */
void           kh_ring_buffer_push           (KhRingBuffer       *self,
                                              gint64              timestamp_us,
                                              const double       *values);
void           kh_ring_buffer_clear          (KhRingBuffer       *self);

guint          kh_ring_buffer_get_length     (const KhRingBuffer *self);
guint          kh_ring_buffer_get_capacity   (const KhRingBuffer *self);
guint          kh_ring_buffer_get_n_values   (const KhRingBuffer *self);

gint64         kh_ring_buffer_get_timestamp  (const KhRingBuffer *self,
                                              guint               index);
/* The n_values doubles of sample @index; valid until the next push or clear. */
const double  *kh_ring_buffer_get_values     (const KhRingBuffer *self,
                                              guint               index);
double         kh_ring_buffer_get_value      (const KhRingBuffer *self,
                                              guint               index,
                                              guint               column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRingBuffer, kh_ring_buffer_unref)

G_END_DECLS
