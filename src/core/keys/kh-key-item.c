/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-item.c: one row of the key browser
 *
 * Items are made by the key models only for rows that are asked for, so the
 * number alive at once is bounded by what the view shows; the count of live
 * instances is kept so that tests can check it.
 */
#include "config.h"

#include <string.h>

#include "kh-key-item.h"

struct _KhKeyItem {
  GObject             parent_instance;

  GBytes             *key;
  char               *name;
  gboolean            is_namespace;
  guint               n_keys;

  char               *key_type;
  gint64              ttl;
  gint64              size;
  KhKeyMetadataState  metadata_state;
};

enum {
  PROP_0,
  PROP_KEY,
  PROP_NAME,
  PROP_IS_NAMESPACE,
  PROP_N_KEYS,
  PROP_KEY_TYPE,
  PROP_TTL,
  PROP_SIZE,
  PROP_METADATA_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static gint n_live_items;

G_DEFINE_FINAL_TYPE (KhKeyItem, kh_key_item, G_TYPE_OBJECT)

static void
kh_key_item_finalize (GObject *object)
{
  KhKeyItem *self = (KhKeyItem *) object;

  g_clear_pointer (&self->key, g_bytes_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->key_type, g_free);
  g_atomic_int_add (&n_live_items, -1);

  G_OBJECT_CLASS (kh_key_item_parent_class)->finalize (object);
}

static void
kh_key_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KhKeyItem *self = KH_KEY_ITEM (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_boxed (value, self->key);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_IS_NAMESPACE:
      g_value_set_boolean (value, self->is_namespace);
      break;
    case PROP_N_KEYS:
      g_value_set_uint (value, self->n_keys);
      break;
    case PROP_KEY_TYPE:
      g_value_set_string (value, self->key_type);
      break;
    case PROP_TTL:
      g_value_set_int64 (value, self->ttl);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_METADATA_STATE:
      g_value_set_enum (value, self->metadata_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_item_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KhKeyItem *self = KH_KEY_ITEM (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_clear_pointer (&self->key, g_bytes_unref);
      self->key = g_value_dup_boxed (value);
      break;
    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;
    case PROP_IS_NAMESPACE:
      self->is_namespace = g_value_get_boolean (value);
      break;
    case PROP_N_KEYS:
      kh_key_item_set_n_keys (self, g_value_get_uint (value));
      break;
    case PROP_KEY_TYPE:
      kh_key_item_set_key_type (self, g_value_get_string (value));
      break;
    case PROP_TTL:
      kh_key_item_set_ttl (self, g_value_get_int64 (value));
      break;
    case PROP_SIZE:
      kh_key_item_set_size (self, g_value_get_int64 (value));
      break;
    case PROP_METADATA_STATE:
      kh_key_item_set_metadata_state (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_item_class_init (KhKeyItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_key_item_finalize;
  object_class->get_property = kh_key_item_get_property;
  object_class->set_property = kh_key_item_set_property;

  properties[PROP_KEY] =
    g_param_spec_boxed ("key", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_NAMESPACE] =
    g_param_spec_boolean ("is-namespace", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_KEYS] =
    g_param_spec_uint ("n-keys", NULL, NULL, 0, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY_TYPE] =
    g_param_spec_string ("key-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TTL] =
    g_param_spec_int64 ("ttl", NULL, NULL, KH_KEY_TTL_MISSING, G_MAXINT64, KH_KEY_TTL_PERSISTENT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METADATA_STATE] =
    g_param_spec_enum ("metadata-state", NULL, NULL,
                       KH_TYPE_KEY_METADATA_STATE, KH_KEY_METADATA_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_key_item_init (KhKeyItem *self)
{
  self->n_keys = 1;
  self->ttl = KH_KEY_TTL_PERSISTENT;
  self->size = -1;
  g_atomic_int_inc (&n_live_items);
}

/**
 * kh_key_item_new:
 * @key: the key's bytes; for a namespace, its prefix with the delimiter
 * @name: the text shown (see kh_key_escape())
 * @n_keys: keys under a namespace; 1 for a key
 */
KhKeyItem *
kh_key_item_new (GBytes     *key,
                 const char *name,
                 gboolean    is_namespace,
                 guint       n_keys)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (KH_TYPE_KEY_ITEM,
                       "key", key,
                       "name", name,
                       "is-namespace", is_namespace,
                       "n-keys", n_keys,
                       NULL);
}

/* Returns: (transfer none) */
GBytes *
kh_key_item_get_key (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), NULL);

  return self->key;
}

const char *
kh_key_item_get_name (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), NULL);

  return self->name;
}

gboolean
kh_key_item_get_is_namespace (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), FALSE);

  return self->is_namespace;
}

guint
kh_key_item_get_n_keys (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), 0);

  return self->n_keys;
}

void
kh_key_item_set_n_keys (KhKeyItem *self,
                        guint      n_keys)
{
  g_return_if_fail (KH_IS_KEY_ITEM (self));

  if (self->n_keys == n_keys)
    return;

  self->n_keys = n_keys;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_KEYS]);
}

/* The server's TYPE answer ("string", "hash", "ReJSON-RL"...), or NULL */
const char *
kh_key_item_get_key_type (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), NULL);

  return self->key_type;
}

void
kh_key_item_set_key_type (KhKeyItem  *self,
                          const char *key_type)
{
  g_return_if_fail (KH_IS_KEY_ITEM (self));

  if (g_strcmp0 (self->key_type, key_type) == 0)
    return;

  g_free (self->key_type);
  self->key_type = g_strdup (key_type);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_TYPE]);
}

/* In milliseconds; KH_KEY_TTL_PERSISTENT or KH_KEY_TTL_MISSING */
gint64
kh_key_item_get_ttl (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), KH_KEY_TTL_MISSING);

  return self->ttl;
}

void
kh_key_item_set_ttl (KhKeyItem *self,
                     gint64     ttl_ms)
{
  g_return_if_fail (KH_IS_KEY_ITEM (self));
  g_return_if_fail (ttl_ms >= KH_KEY_TTL_MISSING);

  if (self->ttl == ttl_ms)
    return;

  self->ttl = ttl_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TTL]);
}

/* MEMORY USAGE in bytes, or -1 when unknown */
gint64
kh_key_item_get_size (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), -1);

  return self->size;
}

void
kh_key_item_set_size (KhKeyItem *self,
                      gint64     size)
{
  g_return_if_fail (KH_IS_KEY_ITEM (self));
  g_return_if_fail (size >= -1);

  if (self->size == size)
    return;

  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

KhKeyMetadataState
kh_key_item_get_metadata_state (KhKeyItem *self)
{
  g_return_val_if_fail (KH_IS_KEY_ITEM (self), KH_KEY_METADATA_NONE);

  return self->metadata_state;
}

void
kh_key_item_set_metadata_state (KhKeyItem          *self,
                                KhKeyMetadataState  state)
{
  g_return_if_fail (KH_IS_KEY_ITEM (self));

  if (self->metadata_state == state)
    return;

  self->metadata_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METADATA_STATE]);
}

/* How many KhKeyItem instances exist right now (for tests) */
guint
kh_key_item_get_n_live (void)
{
  return (guint) g_atomic_int_get (&n_live_items);
}

/**
 * kh_key_escape:
 * @key: (array length=len): a key's bytes
 *
 * Makes a key printable without losing information: valid UTF-8 stays as it
 * is, a backslash becomes "\\", and control characters and bytes that are not
 * UTF-8 become "\xHH".
 *
 * Returns: (transfer full): valid UTF-8
 */
char *
kh_key_escape (const char *key,
               gsize       len)
{
  GString *out;
  const char *p, *end;

  g_return_val_if_fail (key != NULL || len == 0, NULL);

  if (len == 0)
    return g_strdup ("");

  out = g_string_sized_new (len + 8);
  p = key;
  end = key + len;

  while (p < end)
    {
      const char *valid_end;

      /* Validate once per run of valid UTF-8, not once per character */
      g_utf8_validate_len (p, (gsize) (end - p), &valid_end);

      while (p < valid_end)
        {
          guchar c = (guchar) *p;

          if (c == '\\')
            {
              g_string_append (out, "\\\\");
              p++;
            }
          else if (c < 0x20 || c == 0x7f)
            {
              g_string_append_printf (out, "\\x%02x", c);
              p++;
            }
          else if (c < 0x80)
            {
              g_string_append_c (out, (char) c);
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (out, p, next - p);
              p = next;
            }
        }

      if (p < end)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
        }
    }

  return g_string_free (out, FALSE);
}
