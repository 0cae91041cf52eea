/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-typing.c: typing on the key list filters it
 *
 * Characters typed while the key side of the browser has the focus (a row,
 * a button) go to the filter entry, as GtkSearchEntry's key capture would
 * send them. That capture is not used: it hands the entry every key the
 * entry has a use for, so Delete, KP_Delete, Shift+Delete and Shift+F10 on a
 * focused row edited the filter instead of reaching the browser's shortcuts.
 * Here only keys that type a character go to the entry, and BackSpace while
 * there is a filter to shorten; the value side keeps its keys.
 */
#include "config.h"

#include "kh-key-browser-private.h"

static gboolean
types_into_filter (KhKeyBrowser    *self,
                   guint            keyval,
                   GdkModifierType  state)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gunichar c = gdk_keyval_to_unicode (keyval);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0)
    return FALSE;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->value_stack)))
    return FALSE;
  /* BackSpace */
  if (c == '\b')
    return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
  /* Space activates buttons and selects rows */
  return c != 0 && g_unichar_isgraph (c);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KhKeyBrowser          *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));

  g_assert (KH_IS_KEY_BROWSER (self));

  if (!types_into_filter (self, keyval, state))
    return GDK_EVENT_PROPAGATE;
  return gtk_event_controller_key_forward (controller, GTK_WIDGET (text));
}

/* Input methods see the release of a key they saw pressed */
static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 KhKeyBrowser          *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));

  g_assert (KH_IS_KEY_BROWSER (self));

  if (types_into_filter (self, keyval, state))
    gtk_event_controller_key_forward (controller, GTK_WIDGET (text));
}

void
kh_key_browser_init_typing (KhKeyBrowser *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autofree char *placeholder = NULL;

  /* In the bubble phase, as GtkSearchEntry's capture: an entry of the
   * browser that has the focus takes its text first */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_BUBBLE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (keys, "key-released", G_CALLBACK (on_key_released), self, G_CONNECT_DEFAULT);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  /* At the narrowest, the filter still says what it is for, not "…" */
  g_object_get (self->search_entry, "placeholder-text", &placeholder, NULL);
  if (placeholder != NULL)
    gtk_editable_set_width_chars (GTK_EDITABLE (self->search_entry),
                                  MIN ((int) g_utf8_strlen (placeholder, -1), 24));
}
