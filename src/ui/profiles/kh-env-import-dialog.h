/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-env-import-dialog.h: choosing a Redis URL from a .env file */
#pragma once

#include <adwaita.h>

#include "kh-url.h"

G_BEGIN_DECLS

#define KH_TYPE_ENV_IMPORT_DIALOG (kh_env_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KhEnvImportDialog, kh_env_import_dialog, KH, ENV_IMPORT_DIALOG, AdwWindow)

/* Reads @file and lists the variables that hold Redis URLs, each with what
 * its URL says or why it cannot be used. Choosing one emits "url-chosen"
 * (a KhUrl, password included) and closes the dialog. */
KhEnvImportDialog *kh_env_import_dialog_new            (GFile             *file);
/* How many candidates have a usable URL, once the file is read. */
guint              kh_env_import_dialog_get_n_usable   (KhEnvImportDialog *self);
/* Chooses the @index-th usable candidate, as a click on its row does. */
gboolean           kh_env_import_dialog_choose         (KhEnvImportDialog *self,
                                                        guint              index);

G_END_DECLS
