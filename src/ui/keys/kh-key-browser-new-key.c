/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-new-key.c: the New Key button and Ctrl+Enter: a key made
 * in KhNewKeyDialog is selected in the list, which shows its value */
#include "config.h"

#include "kh-key-browser-private.h"
#include "kh-new-key-dialog.h"

static void
on_key_created (KhNewKeyDialog *dialog,
                GBytes         *key,
                KhKeyBrowser   *self)
{
  g_assert (KH_IS_NEW_KEY_DIALOG (dialog));
  g_assert (KH_IS_KEY_BROWSER (self));

  kh_key_browser_reveal_key (self, key);
}

static void
new_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  KhNewKeyDialog *dialog;

  if (self->read_only)
    return;

  /* Modal: the answer comes while the dialog is up, after which it closes */
  dialog = kh_new_key_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_key_created), self, G_CONNECT_DEFAULT);
}

void
kh_key_browser_class_init_new_key (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "browser.new-key", NULL, new_key_action);
  /* The last binding of an action is the one menus show */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "browser.new-key", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "browser.new-key", NULL);
}
