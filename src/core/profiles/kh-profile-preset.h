/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-preset.h: what picking a provider sets on a profile, and undoing it */
#pragma once

#include "kh-profile.h"

G_BEGIN_DECLS

/* The fields of a profile a provider's preset may set. */
typedef enum {
  KH_PRESET_FIELD_NONE     = 0,
  KH_PRESET_FIELD_HOST     = 1 << 0,
  KH_PRESET_FIELD_PORT     = 1 << 1,
  KH_PRESET_FIELD_TLS      = 1 << 2,
  KH_PRESET_FIELD_USERNAME = 1 << 3,
  KH_PRESET_FIELD_ECONOMY  = 1 << 4,
} KhPresetFields;

/* The fields @provider's preset owns: TLS and port 6379 for Render; those,
 * economy mode and the user "default" for Upstash; the host "localhost" for
 * Local; none for Custom and the sandbox. */
KhPresetFields kh_profile_preset_get_fields (KhProvider  provider);

/* Sets on @profile what @provider's preset owns (the user name and the host
 * only where they are empty) and returns the fields it set; their values
 * before go to @saved, when not NULL. */
KhPresetFields kh_profile_preset_apply      (KhProfile  *profile,
                                             KhProvider  provider,
                                             KhProfile  *saved);
/* Undoes kh_profile_preset_apply(): each of @fields that still holds
 * @provider's value gets @saved's back; a field the user changed since keeps
 * the user's value. */
void           kh_profile_preset_undo       (KhProfile      *profile,
                                             KhProvider      provider,
                                             KhPresetFields  fields,
                                             KhProfile      *saved);

G_END_DECLS
