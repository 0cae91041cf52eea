/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-application.c: the Keyhole application object
 *
 * Owns the app-wide actions (quit, about, new-window, preferences), the command-line
 * options and the colour scheme setting; every window it opens is a KhWindow. The first
 * window reopens the connections that were open when Keyhole was last closed.
 * SIGTERM and SIGINT quit as the Quit action does, so the sandbox's server and
 * folder go with Keyhole even when it is stopped from outside.
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef G_OS_UNIX
#include <glib-unix.h>
#include <signal.h>
#endif

#include "kh-application.h"
#include "kh-settings.h"
#include "kh-preferences-window.h"
#include "kh-profile-store.h"
#include "kh-sandbox.h"
#include "kh-window.h"

struct _KhApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        open_sandbox;
  gboolean        tabs_reopened;
  KhProfileStore *profile_store;
  KhSandbox      *sandbox;
  guint           sigterm_source;
  guint           sigint_source;
};

G_DEFINE_FINAL_TYPE (KhApplication, kh_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_OPEN_SANDBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry main_options[] = {
  { "sandbox", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Open the built-in sandbox server, filled with demo data"), NULL },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static void
kh_application_apply_style (KhApplication *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (style, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (style, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
on_style_changed (GSettings     *settings,
                  const char    *key,
                  KhApplication *self)
{
  kh_application_apply_style (self);
}

static void
kh_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  KhApplication *self = KH_APPLICATION (user_data);
  g_autoptr(GList) windows = NULL;

  /* Closing (rather than quitting outright) lets each window save its state or refuse;
   * the application exits when the last one is gone. The list starts with the most
   * recently focused window: closing it last makes its tabs the ones reopened. */
  windows = g_list_reverse (g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self))));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
kh_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  KhApplication *self = KH_APPLICATION (user_data);
  static const char *developers[] = { "The Keyhole developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, _("Keyhole"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_developer_name (about, _("The Keyhole developers"));
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_comments (about,
                                 _("Browse keys, edit values and watch live metrics "
                                   "of Redis and Valkey servers."));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (about, "© 2026 The Keyhole developers");
  adw_about_window_set_developers (about, developers);
  /* Translators: replace with your names, one per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
}

static void
kh_application_new_window_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  KhApplication *self = KH_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (kh_window_new (GTK_APPLICATION (self))));
}

static void
kh_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  KhApplication *self = KH_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  KhPreferencesWindow *preferences = kh_preferences_window_new (self->settings);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

#ifdef G_OS_UNIX
/* SIGTERM or SIGINT: the sandbox's folder first, then quit as the Quit action does. */
static gboolean
on_quit_signal (gpointer user_data)
{
  KhApplication *self = KH_APPLICATION (user_data);

  g_debug ("Quitting on a signal");
  if (self->sandbox != NULL)
    kh_sandbox_stop (self->sandbox);
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_CONTINUE;
}
#endif

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = kh_application_quit_action },
  { .name = "about", .activate = kh_application_about_action },
  { .name = "new-window", .activate = kh_application_new_window_action },
  { .name = "preferences", .activate = kh_application_preferences_action },
};

static gint
kh_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  KhApplication *self = KH_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "Keyhole", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_contains (options, "sandbox"))
    kh_application_set_open_sandbox (self, TRUE);

  return -1; /* go on with the default processing */
}

static void
kh_application_startup (GApplication *app)
{
  KhApplication *self = KH_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *new_window_accels[] = { "<Primary>n", NULL };
  static const char *preferences_accels[] = { "<Primary>comma", NULL };

  G_APPLICATION_CLASS (kh_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window",
                                         new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  /* What a killed Keyhole left behind. */
  kh_sandbox_remove_stale_async (NULL, NULL, NULL);
#ifdef G_OS_UNIX
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  self->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, self);
#endif

  self->settings = kh_settings_load ();
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::style",
                               G_CALLBACK (on_style_changed), self, G_CONNECT_DEFAULT);
      kh_application_apply_style (self);
    }
}

static void
kh_application_shutdown (GApplication *app)
{
  KhApplication *self = KH_APPLICATION (app);

  /* The sandbox is a child process with a directory of its own: never leave it behind. */
  if (self->sandbox != NULL)
    kh_sandbox_stop (self->sandbox);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->sigint_source, g_source_remove);

  G_APPLICATION_CLASS (kh_application_parent_class)->shutdown (app);
}

static void
kh_application_activate (GApplication *app)
{
  KhApplication *self = KH_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (kh_window_new (GTK_APPLICATION (app)));

  gtk_window_present (window);

  /* Once per run: a second window (Ctrl+N) starts with the connections list only. */
  if (!self->tabs_reopened && self->settings != NULL && KH_IS_WINDOW (window))
    {
      g_auto(GStrv) ids = g_settings_get_strv (self->settings, "open-profiles");

      self->tabs_reopened = TRUE;
      kh_window_reopen_profiles (KH_WINDOW (window), (const char * const *) ids);
    }

  /* --sandbox: once, for the window the command line opened. */
  if (self->open_sandbox && KH_IS_WINDOW (window))
    {
      kh_application_set_open_sandbox (self, FALSE);
      kh_window_open_sandbox (KH_WINDOW (window));
    }
}

static void
kh_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhApplication *self = KH_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_OPEN_SANDBOX:
      g_value_set_boolean (value, self->open_sandbox);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KhApplication *self = KH_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_OPEN_SANDBOX:
      kh_application_set_open_sandbox (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_application_dispose (GObject *object)
{
  KhApplication *self = KH_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->profile_store);
  if (self->sandbox != NULL)
    kh_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (kh_application_parent_class)->dispose (object);
}

static void
kh_application_class_init (KhApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = kh_application_get_property;
  object_class->set_property = kh_application_set_property;
  object_class->dispose = kh_application_dispose;

  app_class->handle_local_options = kh_application_handle_local_options;
  app_class->startup = kh_application_startup;
  app_class->activate = kh_application_activate;
  app_class->shutdown = kh_application_shutdown;

  /**
   * KhApplication:open-sandbox:
   *
   * Whether the first window opens the sandbox server (set by `--sandbox`).
   */
  properties[PROP_OPEN_SANDBOX] =
    g_param_spec_boolean ("open-sandbox", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_application_init (KhApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Inspect Redis and Valkey servers."));
}

KhApplication *
kh_application_new (void)
{
  return g_object_new (KH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/app/keyhole/Keyhole",
                       NULL);
}

gboolean
kh_application_get_open_sandbox (KhApplication *self)
{
  g_return_val_if_fail (KH_IS_APPLICATION (self), FALSE);

  return self->open_sandbox;
}

void
kh_application_set_open_sandbox (KhApplication *self,
                                  gboolean       open_sandbox)
{
  g_return_if_fail (KH_IS_APPLICATION (self));

  open_sandbox = !!open_sandbox;
  if (self->open_sandbox == open_sandbox)
    return;

  self->open_sandbox = open_sandbox;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN_SANDBOX]);
}

/**
 * kh_application_get_profile_store:
 * @self: a #KhApplication
 *
 * The saved connections at the default path, shared by every window so that
 * two windows never write different lists to the same file.
 *
 * Returns: (transfer none): the store; the first window's page loads it.
 */
KhProfileStore *
kh_application_get_profile_store (KhApplication *self)
{
  g_return_val_if_fail (KH_IS_APPLICATION (self), NULL);

  if (self->profile_store == NULL)
    self->profile_store = kh_profile_store_new (NULL);
  return self->profile_store;
}

/**
 * kh_application_get_sandbox:
 * @self: a #KhApplication
 *
 * The one sandbox server of this application, made on first use (not
 * started) and stopped when the application shuts down.
 *
 * Returns: (transfer none): the sandbox
 */
KhSandbox *
kh_application_get_sandbox (KhApplication *self)
{
  g_return_val_if_fail (KH_IS_APPLICATION (self), NULL);

  if (self->sandbox == NULL)
    self->sandbox = kh_sandbox_new ();
  return self->sandbox;
}
