/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profiles-page-private.h: what the files of KhProfilesPage share
 *
 * kh-profiles-page.c (the list, the dialogs, the actions, GObject) and
 * kh-profiles-page-transfer.c (Paste URL, Import .env, Export and Import).
 */
#pragma once

#include "kh-profile-dialog.h"
#include "kh-profiles-page.h"

G_BEGIN_DECLS

struct _KhProfilesPage
{
  AdwBin           parent_instance;

  KhProfileStore  *store;
  GCancellable    *cancellable;
  gboolean         loaded;
  char            *warning;

  /* template children */
  GtkRevealer     *warning_revealer;
  GtkLabel        *warning_label;
  GtkStack        *stack;
  GtkSpinner      *loading_spinner;
  GtkListBox      *list_box;
  GtkWidget       *open_sandbox_button;
};

/* kh-profiles-page.c */
void             _kh_profiles_page_save           (KhProfilesPage *self);
KhProfileDialog *_kh_profiles_page_present_dialog (KhProfilesPage *self,
                                                   KhProfile      *profile);

G_END_DECLS
