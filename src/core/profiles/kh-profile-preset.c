/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-preset.c: what picking a provider sets on a profile, and undoing it
 *
 * A provider preset owns a few fields (Upstash: TLS, port 6379, economy mode,
 * the user "default"). The edit dialog applies a preset when the user picks
 * the provider and undoes it when they pick another, so that going through
 * Render and Upstash back to Local leaves the form as the user had it. Only
 * values the preset put there are undone: what the user changed meanwhile is
 * theirs and stays.
 */
#include "config.h"

#include "kh-profile-preset.h"

#define PRESET_PORT     6379
#define PRESET_USERNAME "default"
#define PRESET_HOST     "localhost"

KhPresetFields
kh_profile_preset_get_fields (KhProvider provider)
{
  switch (provider)
    {
    case KH_PROVIDER_RENDER:
      return KH_PRESET_FIELD_TLS | KH_PRESET_FIELD_PORT;
    case KH_PROVIDER_UPSTASH:
      return KH_PRESET_FIELD_TLS | KH_PRESET_FIELD_PORT | KH_PRESET_FIELD_ECONOMY |
             KH_PRESET_FIELD_USERNAME;
    case KH_PROVIDER_LOCAL:
      return KH_PRESET_FIELD_HOST;
    case KH_PROVIDER_CUSTOM:
    case KH_PROVIDER_SANDBOX:
    default:
      return KH_PRESET_FIELD_NONE;
    }
}

/* Whether @profile's @field holds the preset's value. */
static gboolean
holds_preset_value (KhProfile      *profile,
                    KhPresetFields  field)
{
  switch (field)
    {
    case KH_PRESET_FIELD_HOST:
      return g_strcmp0 (kh_profile_get_host (profile), PRESET_HOST) == 0;
    case KH_PRESET_FIELD_PORT:
      return kh_profile_get_port (profile) == PRESET_PORT;
    case KH_PRESET_FIELD_TLS:
      return kh_profile_get_tls (profile);
    case KH_PRESET_FIELD_USERNAME:
      return g_strcmp0 (kh_profile_get_username (profile), PRESET_USERNAME) == 0;
    case KH_PRESET_FIELD_ECONOMY:
      return kh_profile_get_economy (profile);
    case KH_PRESET_FIELD_NONE:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Copies @field from @from to @to. */
static void
copy_field (KhProfile      *from,
            KhProfile      *to,
            KhPresetFields  field)
{
  switch (field)
    {
    case KH_PRESET_FIELD_HOST:
      kh_profile_set_host (to, kh_profile_get_host (from));
      break;
    case KH_PRESET_FIELD_PORT:
      kh_profile_set_port (to, kh_profile_get_port (from));
      break;
    case KH_PRESET_FIELD_TLS:
      kh_profile_set_tls (to, kh_profile_get_tls (from));
      break;
    case KH_PRESET_FIELD_USERNAME:
      kh_profile_set_username (to, kh_profile_get_username (from));
      break;
    case KH_PRESET_FIELD_ECONOMY:
      kh_profile_set_economy (to, kh_profile_get_economy (from));
      break;
    case KH_PRESET_FIELD_NONE:
    default:
      g_return_if_reached ();
    }
}

static void
set_preset_value (KhProfile      *profile,
                  KhPresetFields  field)
{
  switch (field)
    {
    case KH_PRESET_FIELD_HOST:
      kh_profile_set_host (profile, PRESET_HOST);
      break;
    case KH_PRESET_FIELD_PORT:
      kh_profile_set_port (profile, PRESET_PORT);
      break;
    case KH_PRESET_FIELD_TLS:
      kh_profile_set_tls (profile, TRUE);
      break;
    case KH_PRESET_FIELD_USERNAME:
      kh_profile_set_username (profile, PRESET_USERNAME);
      break;
    case KH_PRESET_FIELD_ECONOMY:
      kh_profile_set_economy (profile, TRUE);
      break;
    case KH_PRESET_FIELD_NONE:
    default:
      g_return_if_reached ();
    }
}

/* The user name and the host are filled in, never replaced. */
static gboolean
preset_applies (KhProfile      *profile,
                KhPresetFields  field)
{
  if (field == KH_PRESET_FIELD_USERNAME)
    return kh_profile_get_username (profile) == NULL;
  if (field == KH_PRESET_FIELD_HOST)
    return kh_profile_get_host (profile) == NULL && kh_profile_get_socket_path (profile) == NULL;
  return TRUE;
}

KhPresetFields
kh_profile_preset_apply (KhProfile  *profile,
                         KhProvider  provider,
                         KhProfile  *saved)
{
  KhPresetFields owned = kh_profile_preset_get_fields (provider);
  KhPresetFields applied = KH_PRESET_FIELD_NONE;

  g_return_val_if_fail (KH_IS_PROFILE (profile), KH_PRESET_FIELD_NONE);
  g_return_val_if_fail (saved == NULL || KH_IS_PROFILE (saved), KH_PRESET_FIELD_NONE);

  g_object_freeze_notify (G_OBJECT (profile));
  for (KhPresetFields field = 1; field <= KH_PRESET_FIELD_ECONOMY; field <<= 1)
    {
      if ((owned & field) == 0 || !preset_applies (profile, field))
        continue;
      if (saved != NULL)
        copy_field (profile, saved, field);
      set_preset_value (profile, field);
      applied |= field;
    }
  g_object_thaw_notify (G_OBJECT (profile));
  return applied;
}

void
kh_profile_preset_undo (KhProfile      *profile,
                        KhProvider      provider,
                        KhPresetFields  fields,
                        KhProfile      *saved)
{
  g_return_if_fail (KH_IS_PROFILE (profile));
  g_return_if_fail (KH_IS_PROFILE (saved));

  fields &= kh_profile_preset_get_fields (provider);
  g_object_freeze_notify (G_OBJECT (profile));
  for (KhPresetFields field = 1; field <= KH_PRESET_FIELD_ECONOMY; field <<= 1)
    if ((fields & field) != 0 && holds_preset_value (profile, field))
      copy_field (saved, profile, field);
  g_object_thaw_notify (G_OBJECT (profile));
}
