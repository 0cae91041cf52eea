/* kh-provider.c */
#include "config.h"

#include "kh-provider.h"

#include <glib/gi18n-lib.h>

static const GEnumValue provider_values[] = {
  { KH_PROVIDER_RENDER, "KH_PROVIDER_RENDER", "render" },
  { KH_PROVIDER_UPSTASH, "KH_PROVIDER_UPSTASH", "upstash" },
  { KH_PROVIDER_LOCAL, "KH_PROVIDER_LOCAL", "local" },
  { KH_PROVIDER_CUSTOM, "KH_PROVIDER_CUSTOM", "custom" },
  { KH_PROVIDER_SANDBOX, "KH_PROVIDER_SANDBOX", "sandbox" },
  { 0, NULL, NULL },
};

GType
kh_provider_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("KhProvider"),
                                           provider_values);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

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

const char *
kh_provider_to_nick (KhProvider provider)
{
  for (guint i = 0; provider_values[i].value_nick != NULL; i++)
    if ((KhProvider) provider_values[i].value == provider)
      return provider_values[i].value_nick;
  g_return_val_if_reached ("custom");
}

gboolean
kh_provider_from_nick (const char *nick,
                       KhProvider *provider)
{
  g_return_val_if_fail (provider != NULL, FALSE);

  if (nick == NULL)
    return FALSE;
  for (guint i = 0; provider_values[i].value_nick != NULL; i++)
    if (g_strcmp0 (provider_values[i].value_nick, nick) == 0)
      {
        *provider = (KhProvider) provider_values[i].value;
        return TRUE;
      }
  return FALSE;
}
