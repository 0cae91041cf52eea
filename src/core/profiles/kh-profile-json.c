/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-json.c: a KhProfile as a member of profiles.json
 *
 * Members are named after the properties, so the format is the property list
 * below; passwords are not properties and never reach the file.
 */
#include "config.h"

#include "kh-profile.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "kh-error.h"

/* In file order. Every KhProfile property is here; test-profile-store's
 * round trip fails when one is missing. */
static const char * const json_members[] = {
  "id", "name", "provider",
  "host", "port", "socket-path",
  "tls", "tls-insecure", "tls-ca-file", "tls-cert-file", "tls-key-file", "tls-server-name",
  "username", "database",
  "read-only", "delimiter", "color", "economy",
};

static GParamSpec *
find_member_property (KhProfile  *self,
                      const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (json_members); i++)
    if (g_str_equal (json_members[i], name))
      return g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
  return NULL;
}

JsonNode *
kh_profile_to_json (KhProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (KH_IS_PROFILE (self), NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (json_members); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), json_members[i]);
      GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, type);
      g_object_get_property (G_OBJECT (self), pspec->name, &value);

      if (type == G_TYPE_STRING)
        {
          if (g_value_get_string (&value) == NULL)
            continue;
          json_builder_set_member_name (builder, pspec->name);
          json_builder_add_string_value (builder, g_value_get_string (&value));
        }
      else if (type == G_TYPE_BOOLEAN)
        {
          json_builder_set_member_name (builder, pspec->name);
          json_builder_add_boolean_value (builder, g_value_get_boolean (&value));
        }
      else if (type == G_TYPE_UINT)
        {
          json_builder_set_member_name (builder, pspec->name);
          json_builder_add_int_value (builder, g_value_get_uint (&value));
        }
      else if (type == G_TYPE_INT)
        {
          json_builder_set_member_name (builder, pspec->name);
          json_builder_add_int_value (builder, g_value_get_int (&value));
        }
      else if (type == KH_TYPE_PROVIDER)
        {
          json_builder_set_member_name (builder, pspec->name);
          json_builder_add_string_value (builder, kh_provider_to_nick (g_value_get_enum (&value)));
        }
      else
        g_assert_not_reached ();
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Converts one JSON member to the property's type, checking type and range. */
static gboolean
value_from_json (GParamSpec  *pspec,
                 JsonNode    *node,
                 GValue      *value,
                 GError     **error)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);
  GType node_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  g_value_init (value, type);

  if (type == G_TYPE_STRING)
    {
      if (JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (node_type != G_TYPE_STRING)
        goto wrong_type;
      g_value_set_string (value, json_node_get_string (node));
      return TRUE;
    }
  if (type == G_TYPE_BOOLEAN)
    {
      if (node_type != G_TYPE_BOOLEAN)
        goto wrong_type;
      g_value_set_boolean (value, json_node_get_boolean (node));
      return TRUE;
    }
  if (type == G_TYPE_UINT || type == G_TYPE_INT)
    {
      gint64 number;
      gint64 min, max;

      if (node_type != G_TYPE_INT64)
        goto wrong_type;
      number = json_node_get_int (node);
      if (type == G_TYPE_UINT)
        {
          min = G_PARAM_SPEC_UINT (pspec)->minimum;
          max = G_PARAM_SPEC_UINT (pspec)->maximum;
        }
      else
        {
          min = G_PARAM_SPEC_INT (pspec)->minimum;
          max = G_PARAM_SPEC_INT (pspec)->maximum;
        }
      if (number < min || number > max)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("“%s” is %" PRId64 ", out of range (%" PRId64 "–%" PRId64 ")"),
                       pspec->name, number, min, max);
          return FALSE;
        }
      if (type == G_TYPE_UINT)
        g_value_set_uint (value, (guint) number);
      else
        g_value_set_int (value, (gint) number);
      return TRUE;
    }
  if (type == KH_TYPE_PROVIDER)
    {
      KhProvider provider;

      if (node_type != G_TYPE_STRING)
        goto wrong_type;
      if (!kh_provider_from_nick (json_node_get_string (node), &provider))
        {
          g_autofree char *shown = g_utf8_make_valid (json_node_get_string (node), -1);
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("Unknown provider “%s”"), shown);
          return FALSE;
        }
      g_value_set_enum (value, provider);
      return TRUE;
    }
  g_assert_not_reached ();

wrong_type:
  g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
               type == G_TYPE_STRING ? _("“%s” should be text")
               : type == G_TYPE_BOOLEAN ? _("“%s” should be true or false")
               : type == KH_TYPE_PROVIDER ? _("“%s” should be the name of a provider")
               : _("“%s” should be a whole number"),
               pspec->name);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[strspn (text, " \t\r\n")] == '\0';
}

KhProfile *
kh_profile_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(KhProfile) self = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *member_node;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT, _("A profile should be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  self = kh_profile_new ();

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &member_node))
    {
      GParamSpec *pspec = find_member_property (self, member);
      g_auto(GValue) value = G_VALUE_INIT;
      const char *text;

      if (pspec == NULL)
        continue;  /* a member from a newer Keyhole of the same format */
      if (!value_from_json (pspec, member_node, &value, error))
        return NULL;

      text = G_VALUE_HOLDS_STRING (&value) ? g_value_get_string (&value) : NULL;
      if (g_str_equal (member, "id") && is_blank (text))
        continue;
      if (g_str_equal (member, "name") && text == NULL)
        continue;
      if (g_str_equal (member, "color") && text != NULL &&
          !g_strv_contains (kh_profile_get_colors (), text))
        continue;  /* a colour from a newer palette: no tag rather than no profile */
      g_object_set_property (G_OBJECT (self), member, &value);
    }
  return g_steal_pointer (&self);
}
