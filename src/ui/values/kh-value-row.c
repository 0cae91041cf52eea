/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-row.c: one loaded item of a collection, as a list model item
 *
 * One type for every collection keeps the views' paging code alike; rows
 * exist only for loaded pages, never for a whole collection.
 */
#include "config.h"

#include "kh-value-row.h"

#include <string.h>

struct _KhValueRow
{
  GObject    parent_instance;

  GBytes    *name;
  GBytes    *value;
  gint64     index;
  double     score;
  char      *score_text;
  char      *id;
  GPtrArray *fields;
};

G_DEFINE_FINAL_TYPE (KhValueRow, kh_value_row, G_TYPE_OBJECT)

static void
kh_value_row_finalize (GObject *object)
{
  KhValueRow *self = KH_VALUE_ROW (object);

  g_clear_pointer (&self->name, g_bytes_unref);
  g_clear_pointer (&self->value, g_bytes_unref);
  g_clear_pointer (&self->score_text, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_value_row_parent_class)->finalize (object);
}

static void
kh_value_row_class_init (KhValueRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kh_value_row_finalize;
}

static void
kh_value_row_init (KhValueRow *self)
{
  self->index = -1;
}

KhValueRow *
kh_value_row_new (GBytes *name,
                  GBytes *value)
{
  KhValueRow *self = g_object_new (KH_TYPE_VALUE_ROW, NULL);

  self->name = name != NULL ? g_bytes_ref (name) : NULL;
  self->value = value != NULL ? g_bytes_ref (value) : NULL;
  return self;
}

KhValueRow *
kh_value_row_new_hash (const KhValueHashEntry *entry)
{
  return kh_value_row_new (entry->field, entry->value);
}

KhValueRow *
kh_value_row_new_list (const KhValueListEntry *entry)
{
  KhValueRow *self = kh_value_row_new (NULL, entry->value);

  self->index = entry->index;
  return self;
}

KhValueRow *
kh_value_row_new_zset (const KhValueZsetEntry *entry)
{
  KhValueRow *self = kh_value_row_new (entry->member, NULL);

  self->index = entry->rank;
  self->score = entry->score;
  self->score_text = g_strdup (entry->score_text);
  return self;
}

KhValueRow *
kh_value_row_new_stream (const KhValueStreamEntry *entry)
{
  g_autoptr(GBytes) name = g_bytes_new (entry->id, strlen (entry->id));
  KhValueRow *self = kh_value_row_new (name, NULL);

  self->id = g_strdup (entry->id);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; entry->fields != NULL && i < entry->fields->len; i++)
    g_ptr_array_add (self->fields, g_bytes_ref (g_ptr_array_index (entry->fields, i)));
  return self;
}

/* Returns: (transfer none) (nullable) */
GBytes *
kh_value_row_get_name (KhValueRow *self)
{
  g_return_val_if_fail (KH_IS_VALUE_ROW (self), NULL);

  return self->name;
}

/* Returns: (transfer none) (nullable) */
GBytes *
kh_value_row_get_value (KhValueRow *self)
{
  g_return_val_if_fail (KH_IS_VALUE_ROW (self), NULL);

  return self->value;
}

void
kh_value_row_set_value (KhValueRow *self,
                        GBytes     *value)
{
  g_return_if_fail (KH_IS_VALUE_ROW (self));

  if (value != NULL)
    g_bytes_ref (value);
  g_clear_pointer (&self->value, g_bytes_unref);
  self->value = value;
}

gint64
kh_value_row_get_index (KhValueRow *self)
{
  g_return_val_if_fail (KH_IS_VALUE_ROW (self), -1);

  return self->index;
}

void
kh_value_row_set_index (KhValueRow *self,
                        gint64      index)
{
  g_return_if_fail (KH_IS_VALUE_ROW (self));

  self->index = index;
}

double
kh_value_row_get_score (KhValueRow *self)
{
  g_return_val_if_fail (KH_IS_VALUE_ROW (self), 0);

  return self->score;
}

const char *
kh_value_row_get_score_text (KhValueRow *self)
{
  g_return_val_if_fail (KH_IS_VALUE_ROW (self), NULL);

  return self->score_text;
}

void
kh_value_row_set_score (KhValueRow *self,
                        double      score,
                        const char *score_text)
{
  g_return_if_fail (KH_IS_VALUE_ROW (self));

  self->score = score;
  g_free (self->score_text);
  self->score_text = g_strdup (score_text);
}

const char *
kh_value_row_get_id (KhValueRow *self)
{
  g_return_val_if_fail (KH_IS_VALUE_ROW (self), NULL);

  return self->id;
}

/* Returns: (transfer none) (nullable) */
GPtrArray *
kh_value_row_get_fields (KhValueRow *self)
{
  g_return_val_if_fail (KH_IS_VALUE_ROW (self), NULL);

  return self->fields;
}
