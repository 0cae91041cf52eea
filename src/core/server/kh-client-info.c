/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-client-info.c: one client connection, as CLIENT LIST describes it
 *
 * A GObject with properties, so list views can sort on them with property expressions.
 */
#include "kh-client-info.h"
#include "kh-number.h"

struct _KhClientInfo
{
  GObject     parent_instance;

  GHashTable *fields;    /* name -> value, both owned */
  guint64     id;
  guint64     age;
  guint64     idle;
  int         db;
};

G_DEFINE_FINAL_TYPE (KhClientInfo, kh_client_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ADDR,
  PROP_NAME,
  PROP_AGE,
  PROP_IDLE,
  PROP_DB,
  PROP_CMD,
  PROP_USER,
  PROP_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint64
kh_client_info_parse_uint (GHashTable *fields,
                           const char *name)
{
  const char *text = g_hash_table_lookup (fields, name);
  guint64 value = 0;

  if (!kh_number_parse_uint64 (text, G_MAXUINT64, &value))
    return 0;
  return value;
}

static void
kh_client_info_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhClientInfo *self = KH_CLIENT_INFO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint64 (value, self->id);
      break;
    case PROP_ADDR:
      g_value_set_string (value, kh_client_info_get_addr (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, kh_client_info_get_name (self));
      break;
    case PROP_AGE:
      g_value_set_uint64 (value, self->age);
      break;
    case PROP_IDLE:
      g_value_set_uint64 (value, self->idle);
      break;
    case PROP_DB:
      g_value_set_int (value, self->db);
      break;
    case PROP_CMD:
      g_value_set_string (value, kh_client_info_get_cmd (self));
      break;
    case PROP_USER:
      g_value_set_string (value, kh_client_info_get_user (self));
      break;
    case PROP_FLAGS:
      g_value_set_string (value, kh_client_info_get_flags (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_client_info_finalize (GObject *object)
{
  KhClientInfo *self = KH_CLIENT_INFO (object);

  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (kh_client_info_parent_class)->finalize (object);
}

static void
kh_client_info_class_init (KhClientInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kh_client_info_get_property;
  object_class->finalize = kh_client_info_finalize;

  properties[PROP_ID] = g_param_spec_uint64 ("id", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_ADDR] = g_param_spec_string ("addr", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_AGE] = g_param_spec_uint64 ("age", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_IDLE] = g_param_spec_uint64 ("idle", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DB] = g_param_spec_int ("db", NULL, NULL, -1, G_MAXINT, 0, flags);
  properties[PROP_CMD] = g_param_spec_string ("cmd", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_FLAGS] = g_param_spec_string ("flags", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_client_info_init (KhClientInfo *self)
{
}

/**
 * kh_client_info_new:
 * @fields: (transfer none): field names to values, both strings
 *
 * Returns: (transfer full): a client holding a copy of @fields
 */
KhClientInfo *
kh_client_info_new (GHashTable *fields)
{
  KhClientInfo *self;
  GHashTableIter iter;
  gpointer key, value;
  gint64 db = 0;
  const char *db_text;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (KH_TYPE_CLIENT_INFO, NULL);
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->fields, g_utf8_make_valid (key, -1), g_utf8_make_valid (value, -1));

  self->id = kh_client_info_parse_uint (self->fields, "id");
  self->age = kh_client_info_parse_uint (self->fields, "age");
  self->idle = kh_client_info_parse_uint (self->fields, "idle");
  db_text = g_hash_table_lookup (self->fields, "db");
  if (kh_number_parse_int64 (db_text, -1, G_MAXINT, &db))
    self->db = (int) db;

  return self;
}

guint64
kh_client_info_get_id (KhClientInfo *self)
{
  g_return_val_if_fail (KH_IS_CLIENT_INFO (self), 0);
  return self->id;
}

const char *
kh_client_info_get_addr (KhClientInfo *self)
{
  return kh_client_info_get_field (self, "addr");
}

const char *
kh_client_info_get_name (KhClientInfo *self)
{
  const char *name = kh_client_info_get_field (self, "name");

  return name != NULL ? name : "";
}

guint64
kh_client_info_get_age (KhClientInfo *self)
{
  g_return_val_if_fail (KH_IS_CLIENT_INFO (self), 0);
  return self->age;
}

guint64
kh_client_info_get_idle (KhClientInfo *self)
{
  g_return_val_if_fail (KH_IS_CLIENT_INFO (self), 0);
  return self->idle;
}

int
kh_client_info_get_db (KhClientInfo *self)
{
  g_return_val_if_fail (KH_IS_CLIENT_INFO (self), 0);
  return self->db;
}

const char *
kh_client_info_get_cmd (KhClientInfo *self)
{
  return kh_client_info_get_field (self, "cmd");
}

const char *
kh_client_info_get_user (KhClientInfo *self)
{
  return kh_client_info_get_field (self, "user");
}

const char *
kh_client_info_get_flags (KhClientInfo *self)
{
  return kh_client_info_get_field (self, "flags");
}

const char *
kh_client_info_get_field (KhClientInfo *self,
                          const char   *name)
{
  g_return_val_if_fail (KH_IS_CLIENT_INFO (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->fields, name);
}
