/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-dialog-private.h: what the files of KhProfileDialog share */
#pragma once

#include "kh-profile-dialog.h"
#include "kh-profile-preset.h"
#include "kh-session.h"

G_BEGIN_DECLS

struct _KhProfileDialog
{
  AdwWindow        parent_instance;

  KhProfileStore  *store;
  KhProfile       *profile;         /* the working copy */
  GCancellable    *cancellable;     /* keyring look-ups, saving; cancelled on close */
  GCancellable    *test_cancellable;
  KhSession       *test_session;
  gint64           test_ping_start;
  char            *error;
  char            *test_result;
  gboolean         test_shown;      /* the test row shows a result or an attempt */

  /* The provider preset in force: the fields it set, and the user's values
   * it replaced, put back when another provider is picked. */
  KhProvider       preset_provider;
  KhPresetFields   preset_fields;
  KhProfile       *preset_saved;

  gboolean         loading_form;    /* programmatic changes: not the user's */
  gboolean         editing;         /* the profile is in the store already */
  gboolean         economy_default; /* the preference, for new profiles */
  gboolean         name_edited;     /* named by the user: the name no longer follows the address */
  gboolean         password_dirty;
  gboolean         keyring_available;
  gboolean         saving;
  gboolean         connect_after_save;

  /* template children */
  GtkScrolledWindow *scrolled_window;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  AdwPreferencesGroup *provider_group;
  AdwComboRow     *provider_row;
  AdwEntryRow     *url_row;
  GtkLabel        *url_feedback;
  AdwEntryRow     *name_row;
  AdwEntryRow     *host_row;
  AdwEntryRow     *port_row;
  AdwEntryRow     *socket_row;
  AdwPreferencesGroup *auth_group;
  AdwEntryRow     *username_row;
  AdwEntryRow     *password_row;
  AdwExpanderRow  *tls_row;
  GtkSwitch       *verify_switch;
  AdwActionRow    *ca_row;
  AdwActionRow    *cert_row;
  AdwActionRow    *key_row;
  GtkWidget       *ca_clear_button;
  GtkWidget       *cert_clear_button;
  GtkWidget       *key_clear_button;
  AdwEntryRow     *server_name_row;
  GtkWidget       *insecure_row;
  GtkSpinButton   *database_spin;
  GtkSwitch       *read_only_switch;
  GtkSwitch       *economy_switch;
  AdwEntryRow     *delimiter_row;
  GtkBox          *color_box;
  AdwActionRow    *test_row;
  GtkSpinner      *test_spinner;
};

/* kh-profile-dialog.c */
gboolean   _kh_profile_dialog_apply_form           (KhProfileDialog *self);
void       _kh_profile_dialog_load_form            (KhProfileDialog *self);
/* Names the connection after its provider and address, until the user names it. */
void       _kh_profile_dialog_follow_name          (KhProfileDialog *self);
void       _kh_profile_dialog_update_visibility    (KhProfileDialog *self);
void       _kh_profile_dialog_show_error           (KhProfileDialog *self,
                                                    const char      *message,
                                                    GtkWidget       *row);
GtkWidget *_kh_profile_dialog_row_for_invalid_profile (KhProfileDialog *self);

/* kh-profile-dialog-files.c: the TLS files, chosen or cleared ("ca", "cert", "key") */
void       _kh_profile_dialog_choose_file_action   (GtkWidget       *widget,
                                                    const char      *action_name,
                                                    GVariant        *parameter);
void       _kh_profile_dialog_clear_file_action    (GtkWidget       *widget,
                                                    const char      *action_name,
                                                    GVariant        *parameter);

/* kh-profile-dialog-test.c: the Test button */
void       _kh_profile_dialog_test_action          (GtkWidget       *widget,
                                                    const char      *action_name,
                                                    GVariant        *parameter);
/* Cancels a test under way; its spinner stops. */
void       _kh_profile_dialog_stop_test            (KhProfileDialog *self);
/* A setting the test used changed: its result no longer holds, and goes. */
void       _kh_profile_dialog_clear_test           (KhProfileDialog *self);

G_END_DECLS
