/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-toast.c: passing news, shown in the toast overlay nearest a widget
 *
 * The window, the key browser and the value view each have an overlay; news
 * belongs in the one around the widget it is about, so widgets find it by
 * walking up instead of asking the window for its own.
 */
#include "config.h"

#include "kh-toast.h"

gboolean
kh_toast_add (GtkWidget *widget,
              AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST (toast), FALSE);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_object_ref_sink (toast);
      g_object_unref (toast);
      return FALSE;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}

gboolean
kh_toast_show (GtkWidget  *widget,
               const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return kh_toast_add (widget, adw_toast_new (text));
}
