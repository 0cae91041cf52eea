/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-window.c: a Keyhole main window
 *
 * A tab view: the first tab, pinned, is the list of saved connections; every
 * opened connection gets a tab of its own with a KhSessionView, whose session
 * is closed with the tab. Its size and maximized state, and the saved profiles
 * open in its tabs, are kept in GSettings when the schema is installed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-settings.h"
#include "kh-dialog-focus.h"
#include "kh-frame-memory.h"
#include "kh-window.h"

struct _KhWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  KhProfileStore       *store;
  KhSandbox            *sandbox;          /* only without a KhApplication */
  KhProfilesPage       *profiles_page;
  AdwTabPage           *connections_page;
  char                **reopen_ids;       /* waiting for the store to load */

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwTabBar            *tab_bar;
  AdwTabView           *tab_view;
};

G_DEFINE_FINAL_TYPE (KhWindow, kh_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROFILE_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Tabs */

static KhSessionView *
session_view_of (AdwTabPage *page)
{
  GtkWidget *child = adw_tab_page_get_child (page);

  return KH_IS_SESSION_VIEW (child) ? KH_SESSION_VIEW (child) : NULL;
}

/* The tab showing the profile with @id, or the sandbox's tab for NULL. */
static AdwTabPage *
kh_window_find_tab (KhWindow   *self,
                    const char *id)
{
  int n = adw_tab_view_get_n_pages (self->tab_view);

  for (int i = 0; i < n; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      KhSessionView *view = session_view_of (page);
      KhProfile *profile;

      if (view == NULL)
        continue;
      profile = kh_session_view_get_profile (view);
      if (id == NULL ? kh_profile_get_provider (profile) == KH_PROVIDER_SANDBOX
                     : g_strcmp0 (kh_profile_get_id (profile), id) == 0)
        return page;
    }
  return NULL;
}

static void
kh_window_update_title (KhWindow *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);
  KhSessionView *view = page != NULL ? session_view_of (page) : NULL;

  if (view != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("%s — Keyhole"), adw_tab_page_get_title (page));

      adw_window_title_set_subtitle (self->window_title, adw_tab_page_get_title (page));
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Keyhole"));
    }
}

static void
on_selected_page (KhWindow *self)
{
  kh_window_update_title (self);
}

/* The bar appears with the first connection: alone, the pinned list tab is noise.
 * Open Sandbox is offered while the sandbox is not open. */
static void
on_n_pages (KhWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->tab_bar), adw_tab_view_get_n_pages (self->tab_view) > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-sandbox", kh_window_find_tab (self, NULL) == NULL);
}

static void
on_page_title (KhWindow *self)
{
  kh_window_update_title (self);
}

static AdwTabPage *
kh_window_add_session_tab (KhWindow      *self,
                           KhSessionView *view)
{
  KhProfile *profile = kh_session_view_get_profile (view);
  g_autofree char *address = NULL;
  AdwTabPage *page;

  /* The bar appears once the tab is in and selected: shown first, it slides
   * the new tab into view, repainting its whole width each frame for a
   * tenth of a second, while the session opens and its keys start loading */
  g_signal_handlers_block_by_func (self->tab_view, on_n_pages, self);
  page = adw_tab_view_append (self->tab_view, GTK_WIDGET (view));

  if (kh_profile_get_provider (profile) == KH_PROVIDER_SANDBOX)
    address = g_strdup (_("Keyhole’s private demo server"));
  else
    address = kh_profile_describe_address (profile);

  g_object_bind_property (view, "title", page, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (view, "loading", page, "loading", G_BINDING_SYNC_CREATE);
  g_object_bind_property (view, "icon", page, "icon", G_BINDING_SYNC_CREATE);
  g_object_bind_property (view, "indicator-icon", page, "indicator-icon", G_BINDING_SYNC_CREATE);
  adw_tab_page_set_tooltip (page, address);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (on_page_title), self, G_CONNECT_SWAPPED);

  adw_tab_view_set_selected_page (self->tab_view, page);
  g_signal_handlers_unblock_by_func (self->tab_view, on_n_pages, self);
  on_n_pages (self);
  return page;
}

KhSessionView *
kh_window_open_profile (KhWindow  *self,
                        KhProfile *profile)
{
  AdwTabPage *page;
  KhSessionView *view;

  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  g_return_val_if_fail (KH_IS_PROFILE (profile), NULL);

  page = kh_window_find_tab (self, kh_profile_get_id (profile));
  if (page != NULL)
    {
      view = session_view_of (page);
      adw_tab_view_set_selected_page (self->tab_view, page);
      /* Asked again after a failure: that is a retry. */
      if (g_strcmp0 (kh_session_view_get_page_name (view), "error") == 0)
        {
          kh_session_view_set_profile (view, profile);
          kh_session_view_connect (view);
        }
      return view;
    }

  view = kh_session_view_new (profile, NULL);
  kh_window_add_session_tab (self, view);
  kh_session_view_connect (view);
  return view;
}

static KhSandbox *
kh_window_get_sandbox (KhWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (KH_IS_APPLICATION (app))
    return kh_application_get_sandbox (KH_APPLICATION (app));
  if (self->sandbox == NULL)
    self->sandbox = kh_sandbox_new ();
  return self->sandbox;
}

KhSessionView *
kh_window_open_sandbox (KhWindow *self)
{
  g_autoptr(KhProfile) profile = NULL;
  AdwTabPage *page;
  KhSessionView *view;

  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  page = kh_window_find_tab (self, NULL);
  if (page != NULL)
    {
      view = session_view_of (page);
      adw_tab_view_set_selected_page (self->tab_view, page);
      if (g_strcmp0 (kh_session_view_get_page_name (view), "error") == 0)
        kh_session_view_connect (view);
      return view;
    }

  /* Not saved in the store: the sandbox's socket changes every run. */
  profile = kh_profile_new_for_provider (KH_PROVIDER_SANDBOX);
  kh_profile_set_name (profile, _("Sandbox"));
  kh_profile_set_color (profile, "purple");
  view = kh_session_view_new (profile, kh_window_get_sandbox (self));
  kh_window_add_session_tab (self, view);
  kh_session_view_connect (view);
  return view;
}

char **
kh_window_dup_open_profile_ids (KhWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int n;

  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  n = adw_tab_view_get_n_pages (self->tab_view);
  for (int i = 0; i < n; i++)
    {
      KhSessionView *view = session_view_of (adw_tab_view_get_nth_page (self->tab_view, i));
      KhProfile *profile = view != NULL ? kh_session_view_get_profile (view) : NULL;

      /* The sandbox is not in the store: its socket changes every run. */
      if (profile != NULL && kh_profile_get_provider (profile) != KH_PROVIDER_SANDBOX)
        g_strv_builder_add (builder, kh_profile_get_id (profile));
    }
  return g_strv_builder_end (builder);
}

static void
kh_window_reopen_pending (KhWindow *self)
{
  g_auto(GStrv) ids = g_steal_pointer (&self->reopen_ids);

  g_signal_handlers_disconnect_by_func (self->profiles_page, kh_window_reopen_pending, self);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      KhProfile *profile = kh_profile_store_find (self->store, ids[i], NULL);

      if (profile != NULL)
        kh_window_open_profile (self, profile);
    }
}

void
kh_window_reopen_profiles (KhWindow           *self,
                           const char * const *ids)
{
  g_return_if_fail (KH_IS_WINDOW (self));

  if (ids == NULL || ids[0] == NULL)
    return;

  g_strfreev (self->reopen_ids);
  self->reopen_ids = g_strdupv ((char **) ids);
  if (kh_profiles_page_get_loaded (self->profiles_page))
    kh_window_reopen_pending (self);
  else
    g_signal_connect_object (self->profiles_page, "notify::loaded",
                             G_CALLBACK (kh_window_reopen_pending), self, G_CONNECT_SWAPPED);
}

static gboolean
on_close_page (AdwTabView *tab_view,
               AdwTabPage *page,
               KhWindow   *self)
{
  KhSessionView *view = session_view_of (page);

  /* The connections list stays. */
  if (page == self->connections_page || view == NULL)
    {
      adw_tab_view_close_page_finish (tab_view, page, FALSE);
      return GDK_EVENT_STOP;
    }

  kh_session_view_close (view);
  return GDK_EVENT_PROPAGATE;
}

/* Profiles page */

static void
on_connect_profile (KhProfilesPage *page,
                    KhProfile      *profile,
                    KhWindow       *self)
{
  kh_window_open_profile (self, profile);
}

static void
on_profile_saved (KhProfilesPage *profiles_page,
                  KhProfile      *profile,
                  KhWindow       *self)
{
  AdwTabPage *page = kh_window_find_tab (self, kh_profile_get_id (profile));
  g_autofree char *message = g_strdup_printf (_("“%s” saved"), kh_profile_get_name (profile));

  kh_window_add_toast (self, adw_toast_new (message));

  /* An open tab follows the edit; after a failure, the edit is worth a retry. */
  if (page != NULL)
    {
      KhSessionView *view = session_view_of (page);

      kh_session_view_set_profile (view, profile);
      if (g_strcmp0 (kh_session_view_get_page_name (view), "error") == 0)
        kh_session_view_connect (view);
    }
}

/* Actions */

static void
open_sandbox_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kh_window_open_sandbox (KH_WINDOW (widget));
}

static void
add_connection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  kh_profiles_page_add_profile (KH_WINDOW (widget)->profiles_page, KH_PROVIDER_CUSTOM);
}

static void
add_local_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kh_profiles_page_add_profile (KH_WINDOW (widget)->profiles_page, KH_PROVIDER_LOCAL);
}

static void
paste_url_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kh_profiles_page_paste_url (KH_WINDOW (widget)->profiles_page);
}

static void
export_profiles_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  kh_profiles_page_export_profiles (KH_WINDOW (widget)->profiles_page);
}

static void
import_profiles_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  kh_profiles_page_import_profiles (KH_WINDOW (widget)->profiles_page);
}

static void
import_env_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kh_profiles_page_import_env (KH_WINDOW (widget)->profiles_page);
}

static void
edit_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);

  if (kh_profiles_page_edit_profile (self->profiles_page, g_variant_get_string (parameter, NULL)) == NULL)
    kh_window_add_toast (self, adw_toast_new (_("This connection is no longer saved")));
}

static void
close_tab_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL && page != self->connections_page)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
show_connections_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KhWindow *self = KH_WINDOW (widget);

  adw_tab_view_set_selected_page (self->tab_view, self->connections_page);
  gtk_widget_grab_focus (GTK_WIDGET (self->profiles_page));
}

/* State */

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

/* With several windows, the tabs of the last one closed are the ones reopened. */
static gboolean
kh_window_is_last (KhWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL)
    return TRUE;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    {
      if (l->data != self && KH_IS_WINDOW (l->data))
        return FALSE;
    }
  return TRUE;
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
  /* Closed before the store loaded, the tabs still to reopen are the open ones. */
  if (kh_window_is_last (self) && self->reopen_ids != NULL)
    g_settings_set_strv (self->settings, "open-profiles", (const char * const *) self->reopen_ids);
  else if (kh_window_is_last (self))
    {
      g_auto(GStrv) ids = kh_window_dup_open_profile_ids (self);

      g_settings_set_strv (self->settings, "open-profiles", (const char * const *) ids);
    }
  g_settings_apply (self->settings);
}

static gboolean
kh_window_close_request (GtkWindow *window)
{
  kh_window_save_state (KH_WINDOW (window));

  return GTK_WINDOW_CLASS (kh_window_parent_class)->close_request (window);
}

/* GObject */

static void
kh_window_constructed (GObject *object)
{
  KhWindow *self = KH_WINDOW (object);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GIcon) icon = g_themed_icon_new ("view-list-symbolic");

  G_OBJECT_CLASS (kh_window_parent_class)->constructed (object);

  if (self->store == NULL)
    self->store = KH_IS_APPLICATION (app)
                  ? g_object_ref (kh_application_get_profile_store (KH_APPLICATION (app)))
                  : kh_profile_store_new (NULL);

  self->profiles_page = kh_profiles_page_new (self->store);
  g_signal_connect_object (self->profiles_page, "connect-profile",
                           G_CALLBACK (on_connect_profile), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->profiles_page, "profile-saved",
                           G_CALLBACK (on_profile_saved), self, G_CONNECT_DEFAULT);

  self->connections_page = adw_tab_view_append (self->tab_view, GTK_WIDGET (self->profiles_page));
  adw_tab_page_set_title (self->connections_page, _("Connections"));
  adw_tab_page_set_tooltip (self->connections_page, _("Connections (Ctrl+T)"));
  adw_tab_page_set_icon (self->connections_page, icon);
  adw_tab_view_set_page_pinned (self->tab_view, self->connections_page, TRUE);
  adw_tab_view_set_selected_page (self->tab_view, self->connections_page);
}

static void
kh_window_dispose (GObject *object)
{
  KhWindow *self = KH_WINDOW (object);

  /* Before GtkWindow destroys our dialogs: each tab closes its session and its
   * password prompt itself. */
  for (int i = 0; self->tab_view != NULL && i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      KhSessionView *view = session_view_of (adw_tab_view_get_nth_page (self->tab_view, i));

      if (view != NULL)
        kh_session_view_close (view);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->reopen_ids, g_strfreev);
  if (self->sandbox != NULL)
    kh_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (kh_window_parent_class)->dispose (object);
}

static void
kh_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KhWindow *self = KH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KhWindow *self = KH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_window_parent_class)->realize (widget);
  kh_frame_memory_keep (widget);
}

static void
kh_window_class_init (KhWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kh_window_constructed;
  object_class->dispose = kh_window_dispose;
  object_class->get_property = kh_window_get_property;
  object_class->set_property = kh_window_set_property;
  widget_class->realize = kh_window_realize;
  window_class->close_request = kh_window_close_request;

  /**
   * KhWindow:profile-store:
   *
   * The saved connections this window shows; the application's by default.
   */
  properties[PROP_PROFILE_STORE] =
    g_param_spec_object ("profile-store", NULL, NULL, KH_TYPE_PROFILE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, tab_view);

  gtk_widget_class_install_action (widget_class, "win.open-sandbox", NULL, open_sandbox_action);
  gtk_widget_class_install_action (widget_class, "win.add-connection", NULL, add_connection_action);
  gtk_widget_class_install_action (widget_class, "win.add-local", NULL, add_local_action);
  gtk_widget_class_install_action (widget_class, "win.paste-url", NULL, paste_url_action);
  gtk_widget_class_install_action (widget_class, "win.import-env", NULL, import_env_action);
  gtk_widget_class_install_action (widget_class, "win.export-profiles", NULL, export_profiles_action);
  gtk_widget_class_install_action (widget_class, "win.import-profiles", NULL, import_profiles_action);
  gtk_widget_class_install_action (widget_class, "win.edit-profile", "s", edit_profile_action);
  gtk_widget_class_install_action (widget_class, "win.close-tab", NULL, close_tab_action);
  gtk_widget_class_install_action (widget_class, "win.show-connections", NULL, show_connections_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close-tab", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.show-connections", NULL);
}

static void
kh_window_init (KhWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->tab_view, "close-page", G_CALLBACK (on_close_page), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->tab_view, "notify::selected-page", G_CALLBACK (on_selected_page),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "notify::n-pages", G_CALLBACK (on_n_pages),
                           self, G_CONNECT_SWAPPED);

  self->settings = kh_settings_load ();
  kh_dialog_focus_watch (GTK_WINDOW (self));

  kh_window_restore_state (self);
}

KhWindow *
kh_window_new (GtkApplication *application)
{
  return kh_window_new_with_store (application, NULL);
}

KhWindow *
kh_window_new_with_store (GtkApplication *application,
                          KhProfileStore *store)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || KH_IS_PROFILE_STORE (store), NULL);

  return g_object_new (KH_TYPE_WINDOW,
                       "application", application,
                       "profile-store", store,
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

KhProfilesPage *
kh_window_get_profiles_page (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  return self->profiles_page;
}

AdwTabView *
kh_window_get_tab_view (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);
  return self->tab_view;
}
