/* kh-window.c: a Keyhole main window
 *
 * For now it shows the start page: what Keyhole is and the ways to connect. Its size and
 * maximized state are kept in GSettings when the schema is installed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-window.h"

struct _KhWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *start_page;
};

G_DEFINE_FINAL_TYPE (KhWindow, kh_window, ADW_TYPE_APPLICATION_WINDOW)

static void
kh_window_not_available_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);

  kh_window_add_toast (self, adw_toast_new (_("Not available yet")));
}

static void
kh_window_restore_state (KhWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
kh_window_save_state (KhWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  /* The default size follows the window's unmaximized size as the user resizes it. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
kh_window_close_request (GtkWindow *window)
{
  kh_window_save_state (KH_WINDOW (window));

  return GTK_WINDOW_CLASS (kh_window_parent_class)->close_request (window);
}

static void
kh_window_dispose (GObject *object)
{
  KhWindow *self = KH_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kh_window_parent_class)->dispose (object);
}

static void
kh_window_class_init (KhWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kh_window_dispose;
  window_class->close_request = kh_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, start_page);

  /* Placeholders until the connection flows land; the start page buttons use them. */
  gtk_widget_class_install_action (widget_class, "win.open-sandbox", NULL,
                                   kh_window_not_available_action);
  gtk_widget_class_install_action (widget_class, "win.add-connection", NULL,
                                   kh_window_not_available_action);
  gtk_widget_class_install_action (widget_class, "win.paste-url", NULL,
                                   kh_window_not_available_action);
  gtk_widget_class_install_action (widget_class, "win.import-env", NULL,
                                   kh_window_not_available_action);
}

static void
kh_window_init (KhWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = kh_application_load_settings ();
  kh_window_restore_state (self);
}

KhWindow *
kh_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (KH_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * kh_window_add_toast:
 * @self: a #KhWindow
 * @toast: (transfer full): the toast to show
 *
 * Shows @toast at the bottom of the window.
 */
void
kh_window_add_toast (KhWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
