/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-view-pages.c: the pages of a connected session
 *
 * Keys, Server, Console, Monitor, Pub/Sub, Slow Log and Clients, in the
 * view switcher. Each retry makes a new session, so the pages are made
 * anew for it, and each is made only when first shown: a placeholder holds
 * its factory until then.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-session-view-private.h"

#include "kh-clients-view.h"
#include "kh-console-view.h"
#include "kh-key-browser.h"
#include "kh-monitor-view.h"
#include "kh-pubsub-view.h"
#include "kh-server-view.h"
#include "kh-slowlog-view.h"

/* Pages */

static void
kh_session_view_remove_pages (KhSessionView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack))) != NULL)
    adw_view_stack_remove (self->view_stack, child);
}

static void
on_console_open_view (GtkWidget  *console,
                      const char *name,
                      gpointer    user_data)
{
  KhSessionView *self = user_data;

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* The profile keeps its delimiter as a string; the index splits on one byte. */
static char
kh_profile_get_delimiter_char (KhProfile *profile)
{
  const char *delimiter = kh_profile_get_delimiter (profile);

  return delimiter != NULL && delimiter[0] != '\0' ? delimiter[0] : ':';
}

/* Every view takes the session it shows; a retry makes a new session, so the
 * pages are made anew each time one is ready. They are made when first
 * shown: making all seven at once took 30 ms of the main loop as a session
 * opened, while the key browser starts its load */
typedef GtkWidget *(*PageFactory) (KhSessionView *self,
                                   KhSession     *session);

#define PAGE_FACTORY_KEY "kh-session-view-page-factory"

static GtkWidget *
make_keys_page (KhSessionView *self,
                KhSession     *session)
{
  return kh_key_browser_new (session, kh_profile_get_delimiter_char (self->profile),
                             kh_profile_get_economy (self->profile));
}

static GtkWidget *
make_server_page (KhSessionView *self,
                  KhSession     *session)
{
  return kh_server_view_new (self->sampler);
}

static GtkWidget *
make_console_page (KhSessionView *self,
                   KhSession     *session)
{
  GtkWidget *console = kh_console_view_new (session, kh_profile_get_id (self->profile));

  g_signal_connect_object (console, "open-view", G_CALLBACK (on_console_open_view), self, G_CONNECT_DEFAULT);
  return console;
}

static GtkWidget *
make_monitor_page (KhSessionView *self,
                   KhSession     *session)
{
  return kh_monitor_view_new (session, kh_profile_get_id (self->profile));
}

static GtkWidget *
make_pubsub_page (KhSessionView *self,
                  KhSession     *session)
{
  return kh_pubsub_view_new (session, kh_profile_get_id (self->profile));
}

static GtkWidget *
make_slowlog_page (KhSessionView *self,
                   KhSession     *session)
{
  return kh_slowlog_view_new (session);
}

static GtkWidget *
make_clients_page (KhSessionView *self,
                   KhSession     *session)
{
  return kh_clients_view_new (session);
}

static void
kh_session_view_add_lazy_page (KhSessionView *self,
                               PageFactory    factory,
                               const char    *name,
                               const char    *title,
                               const char    *icon_name)
{
  GtkWidget *holder = adw_bin_new ();

  g_object_set_data (G_OBJECT (holder), PAGE_FACTORY_KEY, factory);
  kh_session_view_add_page (self, holder, name, title, icon_name);
}

/* Makes the visible page when it is still a placeholder */
void
_kh_session_view_fill_visible_page (KhSessionView *self)
{
  GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);
  PageFactory factory;

  if (page == NULL || self->session == NULL)
    return;
  factory = g_object_steal_data (G_OBJECT (page), PAGE_FACTORY_KEY);
  if (factory != NULL)
    adw_bin_set_child (ADW_BIN (page), factory (self, self->session));
  /* The console is for typing: its command line takes the keyboard at once */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "console") == 0)
    gtk_widget_grab_focus (adw_bin_get_child (ADW_BIN (page)));
}

void
_kh_session_view_build_pages (KhSessionView *self)
{
  g_autofree char *visible = g_strdup (adw_view_stack_get_visible_child_name (self->view_stack));

  kh_session_view_remove_pages (self);

  kh_session_view_add_lazy_page (self, make_keys_page, "keys", _("Keys"), "view-list-symbolic");
  kh_session_view_add_lazy_page (self, make_server_page, "server", _("Server"), "network-server-symbolic");
  kh_session_view_add_lazy_page (self, make_console_page, "console", _("Console"), "utilities-terminal-symbolic");
  kh_session_view_add_lazy_page (self, make_monitor_page, "monitor", _("Monitor"), "view-reveal-symbolic");
  kh_session_view_add_lazy_page (self, make_pubsub_page, "pubsub", _("Pub/Sub"), "mail-send-receive-symbolic");
  kh_session_view_add_lazy_page (self, make_slowlog_page, "slowlog", _("Slow Log"), "document-open-recent-symbolic");
  kh_session_view_add_lazy_page (self, make_clients_page, "clients", _("Clients"), "system-users-symbolic");

  if (visible != NULL && adw_view_stack_get_child_by_name (self->view_stack, visible) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, visible);
  _kh_session_view_fill_visible_page (self);
}

/**
 * kh_session_view_add_page:
 * @self: a #KhSessionView
 * @page: the page's widget
 * @name: its name in the stack
 * @title: (nullable): what the view switcher shows
 * @icon_name: (nullable): the view switcher's icon
 *
 * Adds @page to the views of the connected session; the switcher appears once
 * there are two.
 */
void
kh_session_view_add_page (KhSessionView *self,
                          GtkWidget     *page,
                          const char    *name,
                          const char    *title,
                          const char    *icon_name)
{
  g_return_if_fail (KH_IS_SESSION_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (name != NULL);

  adw_view_stack_add_titled (self->view_stack, page, name, title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (adw_view_stack_get_page (self->view_stack, page), icon_name);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    g_list_model_get_n_items (G_LIST_MODEL (adw_view_stack_get_pages (self->view_stack))) > 1);
}
