/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-application.h: the Keyhole application object */
#pragma once

#include <adwaita.h>

#include "kh-profile-store.h"
#include "kh-sandbox.h"

G_BEGIN_DECLS

#define KH_TYPE_APPLICATION (kh_application_get_type ())

G_DECLARE_FINAL_TYPE (KhApplication, kh_application, KH, APPLICATION, AdwApplication)

KhApplication *kh_application_new              (void);
gboolean       kh_application_get_open_sandbox (KhApplication *self);
void           kh_application_set_open_sandbox (KhApplication *self,
                                                gboolean       open_sandbox);
KhProfileStore *kh_application_get_profile_store (KhApplication *self);
KhSandbox     *kh_application_get_sandbox      (KhApplication *self);

G_END_DECLS
