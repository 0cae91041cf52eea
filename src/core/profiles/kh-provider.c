/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-provider.c */
#include "config.h"

#include "kh-provider.h"

#include <glib/gi18n-lib.h>

const char *
kh_provider_get_display_name (KhProvider provider)
{
  switch (provider)
    {
    case KH_PROVIDER_RENDER:
      return _("Render Key Value");
    case KH_PROVIDER_UPSTASH:
      return _("Upstash");
    case KH_PROVIDER_LOCAL:
      return _("Local");
    case KH_PROVIDER_CUSTOM:
      return _("Custom");
    case KH_PROVIDER_SANDBOX:
      return _("Sandbox");
    default:
      break;
    }
  g_return_val_if_reached (_("Custom"));
}

/* The nicks are the enum's own (kh-core-enums.c): "render", "upstash", … as
 * profiles.json stores them. */
const char *
kh_provider_to_nick (KhProvider provider)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (KH_TYPE_PROVIDER);
  GEnumValue *value = g_enum_get_value (klass, provider);

  g_return_val_if_fail (value != NULL, "custom");
  return value->value_nick;
}

gboolean
kh_provider_from_nick (const char *nick,
                       KhProvider *provider)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  g_return_val_if_fail (provider != NULL, FALSE);

  if (nick == NULL)
    return FALSE;
  klass = g_type_class_ref (KH_TYPE_PROVIDER);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    return FALSE;
  *provider = (KhProvider) value->value;
  return TRUE;
}
