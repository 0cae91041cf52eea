/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-ring-buffer.c: a fixed-capacity ring of timestamped samples */
#include "kh-ring-buffer.h"

#include <math.h>
#include <string.h>

struct _KhRingBuffer {
  gint ref_count;
  guint capacity;
  guint n_values;
  guint start;      /* slot of the oldest sample */
  guint length;
  gint64 *timestamps;
  double *values;   /* capacity rows of n_values */
};

G_DEFINE_BOXED_TYPE (KhRingBuffer, kh_ring_buffer, kh_ring_buffer_ref, kh_ring_buffer_unref)

KhRingBuffer *
kh_ring_buffer_new (guint capacity,
                    guint n_values)
{
  KhRingBuffer *self;

  g_return_val_if_fail (capacity > 0, NULL);
  g_return_val_if_fail (n_values > 0, NULL);
  g_return_val_if_fail (capacity <= G_MAXUINT / n_values, NULL);

  self = g_new0 (KhRingBuffer, 1);
  self->ref_count = 1;
  self->capacity = capacity;
  self->n_values = n_values;
  self->timestamps = g_new0 (gint64, capacity);
  self->values = g_new0 (double, (gsize) capacity * n_values);
  return self;
}

KhRingBuffer *
kh_ring_buffer_ref (KhRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
kh_ring_buffer_unref (KhRingBuffer *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->timestamps);
  g_free (self->values);
  g_free (self);
}

static inline guint
kh_ring_buffer_slot (const KhRingBuffer *self,
                     guint               index)
{
  /* start < capacity and index < capacity, so the sum cannot wrap a guint
   * unless capacity is above G_MAXUINT / 2; subtracting avoids that case. */
  if (index >= self->capacity - self->start)
    return index - (self->capacity - self->start);
  return self->start + index;
}

void
kh_ring_buffer_push (KhRingBuffer *self,
                     gint64        timestamp_us,
                     const double *values)
{
  guint slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (values != NULL);

  if (self->length < self->capacity)
    {
      slot = kh_ring_buffer_slot (self, self->length);
      self->length++;
    }
  else
    {
      slot = self->start;
      self->start = kh_ring_buffer_slot (self, 1);
    }

  self->timestamps[slot] = timestamp_us;
  memcpy (&self->values[(gsize) slot * self->n_values], values,
          sizeof (double) * self->n_values);
}

void
kh_ring_buffer_clear (KhRingBuffer *self)
{
  g_return_if_fail (self != NULL);

  self->start = 0;
  self->length = 0;
}

guint
kh_ring_buffer_get_length (const KhRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

guint
kh_ring_buffer_get_capacity (const KhRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->capacity;
}

guint
kh_ring_buffer_get_n_values (const KhRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_values;
}

gint64
kh_ring_buffer_get_timestamp (const KhRingBuffer *self,
                              guint               index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->length, 0);

  return self->timestamps[kh_ring_buffer_slot (self, index)];
}

const double *
kh_ring_buffer_get_values (const KhRingBuffer *self,
                           guint               index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->length, NULL);

  return &self->values[(gsize) kh_ring_buffer_slot (self, index) * self->n_values];
}

double
kh_ring_buffer_get_value (const KhRingBuffer *self,
                          guint               index,
                          guint               column)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (index < self->length, NAN);
  g_return_val_if_fail (column < self->n_values, NAN);

  return self->values[(gsize) kh_ring_buffer_slot (self, index) * self->n_values + column];
}
