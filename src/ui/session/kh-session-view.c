/* kh-session-view.c: the content of a connection tab
 *
 * Opening a profile goes: start the sandbox when the profile is the sandbox,
 * look up the password in the keyring, open a KhSession, and when the server
 * asks for a password nobody has, ask the user. Each attempt is a new session
 * with its own cancellable, so Retry, Cancel and closing the tab never race an
 * old attempt. Passwords stay in this object's memory and the keyring only.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "kh-settings.h"
#include "kh-error.h"
#include "kh-profile-icon.h"
#include "kh-provider-hints.h"
#include "kh-secrets.h"
#include "kh-session-view.h"

#include "kh-clients-view.h"
#include "kh-console-view.h"
#include "kh-key-browser.h"
#include "kh-monitor-view.h"
#include "kh-pubsub-view.h"
#include "kh-server-view.h"
#include "kh-slowlog-view.h"

struct _KhSessionView
{
  AdwBin          parent_instance;

  KhProfile      *profile;
  KhSandbox      *sandbox;
  KhSession      *session;
  KhServerSampler *sampler;       /* the session's load history, from the moment it opened */
  GSettings      *settings;
  GCancellable   *cancellable;    /* the running attempt */
  guint           attempt;        /* counts attempts, so late callbacks know they are stale */
  GBinding       *progress_binding;

  char           *password;       /* typed by the user for this tab */
  GtkWindow      *password_dialog; /* weak */
  gboolean        remember_password;
  gboolean        keyring_available;
  gboolean        loading;
  GIcon          *icon;
  GIcon          *indicator_icon;

  /* template children */
  GtkStack       *stack;
  AdwStatusPage  *connecting_page;
  GtkSpinner     *spinner;
  GtkProgressBar *progress_bar;
  AdwStatusPage  *error_page;
  GtkWidget      *edit_button;
  GtkRevealer    *reconnect_revealer;
  GtkSpinner     *reconnect_spinner;
  GtkLabel       *reconnect_label;
  GtkWidget      *reconnect_button;
  GtkWidget      *retry_now_button;
  GtkWidget      *disconnect_button;
  char           *lost_reason;    /* why the connection was lost, for the banner */
  AdwViewStack   *view_stack;
  AdwViewSwitcherBar *switcher_bar;
  GtkLabel       *server_label;
  GtkLabel       *address_label;
  GtkLabel       *database_label;
  GtkWidget      *read_only_label;
  GtkLabel       *state_label;
  GtkLabel       *commands_label;
};

G_DEFINE_FINAL_TYPE (KhSessionView, kh_session_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_SANDBOX,
  PROP_SESSION,
  PROP_LOADING,
  PROP_TITLE,
  PROP_ICON,
  PROP_INDICATOR_ICON,
  N_PROPS
};

enum {
  SIGNAL_SESSION_READY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void kh_session_view_open_session (KhSessionView *self);

/* What an async callback gets: the view and which attempt it belongs to. */
typedef struct {
  KhSessionView *self;
  guint          attempt;
} Attempt;

static Attempt *
attempt_new (KhSessionView *self)
{
  Attempt *attempt = g_new0 (Attempt, 1);

  attempt->self = g_object_ref (self);
  attempt->attempt = self->attempt;
  return attempt;
}

static void
attempt_free (Attempt *attempt)
{
  g_object_unref (attempt->self);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

static gboolean
attempt_is_current (Attempt *attempt)
{
  return attempt->attempt == attempt->self->attempt && attempt->self->cancellable != NULL;
}

/* State */

static void
kh_session_view_set_loading (KhSessionView *self,
                             gboolean       loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
kh_session_view_update_actions (KhSessionView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.cancel", self->loading);
}

static void
kh_session_view_show_error (KhSessionView *self,
                            const GError  *error)
{
  g_autofree char *sentence = NULL;

  if (self->profile != NULL)
    sentence = kh_provider_hints_explain (kh_profile_get_provider (self->profile),
                                          kh_profile_get_socket_path (self->profile) == NULL
                                          ? kh_profile_get_host (self->profile) : NULL,
                                          kh_profile_get_tls (self->profile), error);
  else
    sentence = g_strdup (error->message);

  /* Core messages are clauses; the page shows a sentence. */
  if (*sentence != '\0' && strchr (".!?…", sentence[strlen (sentence) - 1]) == NULL)
    {
      char *full = g_strconcat (sentence, ".", NULL);
      g_free (sentence);
      sentence = full;
    }
  adw_status_page_set_description (self->error_page, sentence);
  gtk_stack_set_visible_child_name (self->stack, "error");
  kh_session_view_set_loading (self, FALSE);
  kh_session_view_update_actions (self);
}

static void
kh_session_view_update_commands (KhSessionView *self)
{
  /* PRIu64, not G_GUINT64_FORMAT: xgettext and gettext know the <inttypes.h> macros. */
  guint64 sent = self->session != NULL ? kh_session_get_commands_sent (self->session) : 0;
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " command sent",
                                       "%" PRIu64 " commands sent",
                                       sent > 1000000 ? 1000000 + sent % 1000000 : sent),
                          (uint64_t) sent);
  gtk_label_set_label (self->commands_label, text);
}

static void
kh_session_view_update_status (KhSessionView *self)
{
  KhSession *session = self->session;
  const char *kind = NULL;
  const char *version;
  g_autofree char *server = NULL;
  g_autofree char *address = NULL;
  g_autofree char *database = NULL;
  const char *state = "";

  if (session == NULL)
    return;

  switch (kh_session_get_server_kind (session))
    {
    case KH_SERVER_VALKEY:
      kind = "Valkey";
      break;
    case KH_SERVER_REDIS:
      kind = "Redis";
      break;
    case KH_SERVER_UNKNOWN:
    default:
      kind = _("Unknown server");
      break;
    }
  version = kh_session_get_server_version (session);
  server = version != NULL ? g_strdup_printf ("%s %s", kind, version) : g_strdup (kind);
  gtk_label_set_label (self->server_label, server);

  /* The sandbox's socket path is long and says nothing; its server program does. */
  if (self->sandbox != NULL && kh_sandbox_get_server_path (self->sandbox) != NULL)
    {
      g_autofree char *program = g_path_get_basename (kh_sandbox_get_server_path (self->sandbox));
      address = g_strdup_printf (_("Private server (%s)"), program);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->address_label),
                                   kh_profile_get_socket_path (self->profile));
    }
  else
    address = kh_profile_describe_address (self->profile);
  gtk_label_set_label (self->address_label, address);

  database = g_strdup_printf (_("Database %u"), kh_session_get_database (session));
  gtk_label_set_label (self->database_label, database);

  gtk_widget_set_visible (self->read_only_label, kh_session_is_read_only (session));

  switch (kh_session_get_state (session))
    {
    case KH_SESSION_READY:
      state = _("Connected");
      break;
    case KH_SESSION_RECONNECTING:
      state = _("Reconnecting…");
      break;
    case KH_SESSION_CLOSED:
      state = _("Disconnected");
      break;
    case KH_SESSION_NEW:
    case KH_SESSION_CONNECTING:
    default:
      state = _("Connecting…");
      break;
    }
  gtk_label_set_label (self->state_label, state);
  kh_session_view_update_commands (self);
}

static void
kh_session_view_show_banner (KhSessionView *self,
                             const char    *text,
                             gboolean       working,
                             gboolean       offer_reconnect)
{
  gtk_label_set_label (self->reconnect_label, text);
  gtk_spinner_set_spinning (self->reconnect_spinner, working);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_spinner), working);
  gtk_widget_set_visible (self->reconnect_button, offer_reconnect);
  /* While it retries on its own: now instead of after the wait, or not at all */
  gtk_widget_set_visible (self->retry_now_button, working);
  gtk_widget_set_visible (self->disconnect_button, working);
  gtk_revealer_set_reveal_child (self->reconnect_revealer, TRUE);
}

static void
on_session_commands_sent (KhSession     *session,
                          GParamSpec    *pspec,
                          KhSessionView *self)
{
  kh_session_view_update_commands (self);
}

static void
on_session_state (KhSession     *session,
                  GParamSpec    *pspec,
                  KhSessionView *self)
{
  kh_session_view_update_status (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.retry-now",
                                 kh_session_get_state (session) == KH_SESSION_RECONNECTING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.disconnect",
                                 kh_session_get_state (session) == KH_SESSION_RECONNECTING);

  /* Closed for good after being ready (not during the first open): offer to reconnect. */
  if (kh_session_get_state (session) == KH_SESSION_CLOSED &&
      g_str_equal (gtk_stack_get_visible_child_name (self->stack), "ready"))
    {
      kh_session_view_show_banner (self, _("Disconnected from the server."), FALSE, TRUE);
    }
}

static void
on_session_database (KhSession     *session,
                     GParamSpec    *pspec,
                     KhSessionView *self)
{
  kh_session_view_update_status (self);
}

static void
on_session_disconnected (KhSession     *session,
                         const GError  *error,
                         KhSessionView *self)
{
  g_autofree char *text = NULL;

  g_free (self->lost_reason);
  /* Error sentences never hold a password (see DESIGN.md) */
  self->lost_reason = g_strdup (error != NULL ? error->message : _("no reason given"));
  text = g_strdup_printf (_("Connection lost: %s. Reconnecting…"), self->lost_reason);
  kh_session_view_show_banner (self, text, TRUE, FALSE);
}

static void
on_session_reconnecting (KhSession     *session,
                         guint          attempt,
                         guint          delay_ms,
                         KhSessionView *self)
{
  g_autofree char *text = NULL;

  if (self->lost_reason != NULL)
    /* Translators: the first %s is why the connection was lost */
    text = g_strdup_printf (_("Connection lost: %s. Reconnecting… (attempt %u, next in %u s)"),
                            self->lost_reason, attempt, (delay_ms + 999) / 1000);
  else
    text = g_strdup_printf (_("Reconnecting… (attempt %u)"), attempt);

  kh_session_view_show_banner (self, text, TRUE, FALSE);
}

static void
on_session_reconnected (KhSession     *session,
                        KhSessionView *self)
{
  gtk_spinner_set_spinning (self->reconnect_spinner, FALSE);
  gtk_revealer_set_reveal_child (self->reconnect_revealer, FALSE);
  g_clear_pointer (&self->lost_reason, g_free);
  kh_session_view_update_status (self);
}

static void kh_session_view_stop (KhSessionView *self);

/* Reconnecting to a dead sandbox is hopeless: say so, and let Reconnect start a new one. */
static void
on_sandbox_running (KhSandbox     *sandbox,
                    GParamSpec    *pspec,
                    KhSessionView *self)
{
  if (kh_sandbox_is_running (sandbox) || self->session == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "ready") != 0)
    return;

  kh_session_view_stop (self);
  gtk_label_set_label (self->state_label, _("Disconnected"));
  kh_session_view_show_banner (self, _("The sandbox server stopped. Reconnect starts a new one "
                                       "with fresh demo data."), FALSE, TRUE);
}

/* Ends the current attempt and drops the current session. */
static void
kh_session_view_stop (KhSessionView *self)
{
  self->attempt++;
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  if (self->sampler != NULL)
    {
      kh_server_sampler_stop (self->sampler);
      g_clear_object (&self->sampler);
    }
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      kh_session_close (self->session);
      g_clear_object (&self->session);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

static void
kh_session_view_set_connecting (KhSessionView *self,
                                const char    *title,
                                const char    *description)
{
  adw_status_page_set_title (self->connecting_page, title);
  adw_status_page_set_description (self->connecting_page, description);
  gtk_stack_set_visible_child_name (self->stack, "connecting");
  kh_session_view_set_loading (self, TRUE);
  kh_session_view_update_actions (self);
}

/* Password */

static void
on_password_stored (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The connection works either way; only say where the password went. */
  if (!kh_secrets_store_finish (result, &error))
    g_message ("The password was not kept in the keyring: %s", error->message);
}

static void
on_password_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  KhSessionView *self = user_data;
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkWidget *remember = g_object_get_data (G_OBJECT (dialog), "remember");
  GError *reason = g_object_get_data (G_OBJECT (dialog), "reason");

  /* GTK 4.8's GtkPasswordEntry crashes when its window is destroyed while it
   * has the focus (as after Enter): take the focus away before the dialog closes. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  /* The tab was closed, or another attempt started while the dialog was open. */
  if (self->profile == NULL ||
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "attempt")) != self->attempt)
    return;

  if (g_strcmp0 (response, "connect") != 0)
    {
      kh_session_view_show_error (self, reason);
      return;
    }

  g_free (self->password);
  self->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  self->remember_password = gtk_widget_get_visible (remember) &&
                            gtk_check_button_get_active (GTK_CHECK_BUTTON (remember));
  kh_session_view_open_session (self);
}

static void
kh_session_view_ask_password (KhSessionView *self,
                              const GError  *reason)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *remember;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  heading = g_strdup_printf (_("Password for “%s”"), kh_profile_get_name (self->profile));
  if (self->keyring_available)
    body = g_strdup_printf (_("%s. Enter the password to connect."), reason->message);
  else
    body = g_strdup_printf (_("%s. Enter the password to connect. No keyring is available, so "
                              "Keyhole cannot remember it and will ask again next time."),
                            reason->message);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  remember = gtk_check_button_new_with_mnemonic (_("_Remember in the keyring"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (remember), TRUE);
  gtk_widget_set_visible (remember, self->keyring_available);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), remember);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "remember", remember);
  g_object_set_data_full (G_OBJECT (dialog), "reason", g_error_copy (reason),
                          (GDestroyNotify) g_error_free);
  g_object_set_data (G_OBJECT (dialog), "attempt", GUINT_TO_POINTER (self->attempt));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_password_response), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, G_CONNECT_DEFAULT);

  if (self->password_dialog != NULL)
    {
      gtk_window_set_focus (self->password_dialog, NULL);
      gtk_window_destroy (self->password_dialog);
    }
  self->password_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->password_dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

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
static void
kh_session_view_fill_visible_page (KhSessionView *self)
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

static void
kh_session_view_build_pages (KhSessionView *self)
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
  kh_session_view_fill_visible_page (self);
}

/* Opening */

static void
kh_session_view_apply_poll_interval (KhSessionView *self)
{
  if (self->sampler == NULL)
    return;
  if (self->settings == NULL)
    {
      self->settings = kh_settings_load ();
      if (self->settings != NULL)
        g_signal_connect_object (self->settings, "changed::poll-interval",
                                 G_CALLBACK (kh_session_view_apply_poll_interval), self, G_CONNECT_SWAPPED);
    }
  if (self->settings != NULL)
    kh_server_sampler_set_interval (self->sampler, g_settings_get_uint (self->settings, "poll-interval") * 1000);
}

static void
on_session_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  KhSessionView *self = attempt->self;
  KhSession *session = KH_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!kh_session_open_finish (session, result, &error))
    {
      if (!attempt_is_current (attempt) || session != self->session)
        return;

      g_clear_object (&self->cancellable);
      if (g_error_matches (error, KH_ERROR, KH_ERROR_AUTH_FAILED) &&
          kh_profile_get_provider (self->profile) != KH_PROVIDER_SANDBOX)
        {
          /* A wrong password typed here is forgotten, so the dialog asks afresh. */
          g_clear_pointer (&self->password, g_free);
          kh_session_view_ask_password (self, error);
          return;
        }
      kh_session_view_show_error (self, error);
      return;
    }
  if (!attempt_is_current (attempt) || session != self->session)
    return;

  g_clear_object (&self->cancellable);

  if (self->password != NULL && self->remember_password && self->keyring_available)
    {
      g_autofree char *label = g_strdup_printf (_("Keyhole: %s"), kh_profile_get_name (self->profile));

      self->remember_password = FALSE;
      kh_secrets_store_async (kh_profile_get_id (self->profile), label, self->password,
                              NULL, on_password_stored, NULL);
    }

  /* Sampling starts with the connection, not when the Server page is first shown. */
  g_clear_object (&self->sampler);
  self->sampler = kh_server_sampler_new (session, kh_profile_get_economy (self->profile));
  kh_session_view_apply_poll_interval (self);

  gtk_revealer_set_reveal_child (self->reconnect_revealer, FALSE);
  kh_session_view_build_pages (self);
  kh_session_view_update_status (self);
  /* At once: each frame of a crossfade paints both pages whole, off screen,
   * while the key browser starts its load (cairo: 30-55 ms frames). */
  gtk_stack_set_visible_child_full (self->stack, "ready", GTK_STACK_TRANSITION_TYPE_NONE);
  kh_session_view_set_loading (self, FALSE);
  kh_session_view_update_actions (self);

  g_signal_emit (self, signals[SIGNAL_SESSION_READY], 0, session);
}

static void
kh_session_view_open_session (KhSessionView *self)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;
  KhSessionFlags flags = KH_SESSION_FLAGS_NONE;

  kh_session_view_stop (self);
  self->cancellable = g_cancellable_new ();

  title = g_strdup_printf (_("Connecting to %s…"), kh_profile_get_name (self->profile));
  description = kh_profile_describe_address (self->profile);
  kh_session_view_set_connecting (self, title, description);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);

  config = kh_profile_to_connection_config (self->profile, self->password);
  if (kh_profile_get_read_only (self->profile))
    flags |= KH_SESSION_READ_ONLY;

  self->session = kh_session_new (config, flags);
  g_signal_connect_object (self->session, "notify::commands-sent",
                           G_CALLBACK (on_session_commands_sent), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "notify::state",
                           G_CALLBACK (on_session_state), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "notify::database",
                           G_CALLBACK (on_session_database), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "disconnected",
                           G_CALLBACK (on_session_disconnected), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "reconnecting",
                           G_CALLBACK (on_session_reconnecting), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "reconnected",
                           G_CALLBACK (on_session_reconnected), self, G_CONNECT_DEFAULT);
  /* Learned again after a reconnect */
  g_signal_connect_object (self->session, "notify::server-version",
                           G_CALLBACK (kh_session_view_update_status), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  kh_session_open_async (self->session, self->cancellable, on_session_opened, attempt_new (self));
}

static void
on_password_looked_up (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  KhSessionView *self = attempt->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = kh_secrets_lookup_finish (result, &error);
  if (!attempt_is_current (attempt))
    return;

  if (error != NULL)
    {
      /* No keyring, or a locked one: connect without and ask if the server wants one. */
      g_debug ("No password from the keyring: %s", error->message);
      self->keyring_available = FALSE;
    }
  else
    {
      self->keyring_available = TRUE;
      g_free (self->password);
      self->password = g_steal_pointer (&password);
    }
  kh_session_view_open_session (self);
}

/* Several tabs (and windows) may open the sandbox at once: the first starts
 * it, the others wait for that start. The waiting tasks hang off the sandbox. */
#define SANDBOX_WAITERS_KEY "kh-session-view-start-waiters"

static void
on_sandbox_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KhSandbox *sandbox = KH_SANDBOX (object);
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;

  waiters = g_object_steal_data (G_OBJECT (sandbox), SANDBOX_WAITERS_KEY);
  kh_sandbox_start_finish (sandbox, result, &error);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
sandbox_start_shared_async (KhSandbox           *sandbox,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (sandbox, cancellable, callback, user_data);
  GPtrArray *waiters;

  g_task_set_source_tag (task, sandbox_start_shared_async);
  g_task_set_check_cancellable (task, TRUE);

  if (kh_sandbox_is_running (sandbox))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiters = g_object_get_data (G_OBJECT (sandbox), SANDBOX_WAITERS_KEY);
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_object_set_data_full (G_OBJECT (sandbox), SANDBOX_WAITERS_KEY, waiters,
                          (GDestroyNotify) g_ptr_array_unref);
  /* Not the caller's cancellable: other tabs may be waiting for this start. */
  kh_sandbox_start_async (sandbox, NULL, on_sandbox_started, NULL);
}

static void
on_sandbox_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  KhSessionView *self = attempt->self;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!attempt_is_current (attempt))
        return;
      g_clear_pointer (&self->progress_binding, g_binding_unbind);
      g_clear_object (&self->cancellable);
      kh_session_view_show_error (self, error);
      return;
    }
  if (!attempt_is_current (attempt))
    return;

  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  kh_profile_set_socket_path (self->profile, kh_sandbox_get_socket_path (self->sandbox));
  kh_session_view_open_session (self);
}

/**
 * kh_session_view_connect:
 * @self: a #KhSessionView
 *
 * Starts a new attempt to open the profile, cancelling a running one.
 */
void
kh_session_view_connect (KhSessionView *self)
{
  g_return_if_fail (KH_IS_SESSION_VIEW (self));
  g_return_if_fail (self->profile != NULL);

  kh_session_view_stop (self);
  self->cancellable = g_cancellable_new ();

  if (self->sandbox != NULL && !kh_sandbox_is_running (self->sandbox))
    {
      kh_session_view_set_connecting (self, _("Starting the Sandbox…"),
                                      _("A private server on this computer, filled with demo "
                                        "data: rate limits, cached API responses, sessions, "
                                        "users, leaderboards, job queues and event streams."));
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      self->progress_binding = g_object_bind_property (self->sandbox, "progress",
                                                       self->progress_bar, "fraction",
                                                       G_BINDING_SYNC_CREATE);
      sandbox_start_shared_async (self->sandbox, self->cancellable, on_sandbox_ready,
                                  attempt_new (self));
      return;
    }
  if (self->sandbox != NULL)
    kh_profile_set_socket_path (self->profile, kh_sandbox_get_socket_path (self->sandbox));

  if (kh_profile_get_provider (self->profile) == KH_PROVIDER_SANDBOX || self->password != NULL)
    {
      kh_session_view_open_session (self);
      return;
    }

  {
    g_autofree char *title = g_strdup_printf (_("Connecting to %s…"), kh_profile_get_name (self->profile));
    g_autofree char *description = kh_profile_describe_address (self->profile);

    kh_session_view_set_connecting (self, title, description);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  kh_secrets_lookup_async (kh_profile_get_id (self->profile), self->cancellable,
                           on_password_looked_up, attempt_new (self));
}

void
kh_session_view_close (KhSessionView *self)
{
  g_return_if_fail (KH_IS_SESSION_VIEW (self));

  kh_session_view_stop (self);
  kh_session_view_set_loading (self, FALSE);

  if (self->password_dialog != NULL)
    {
      GtkWindow *dialog = self->password_dialog;

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->password_dialog);
      self->password_dialog = NULL;
      /* See on_password_response(): no focused password entry at destruction. */
      gtk_window_set_focus (dialog, NULL);
      gtk_window_destroy (dialog);
    }
}

/* Actions */

static void
kh_session_view_retry_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  kh_session_view_connect (KH_SESSION_VIEW (widget));
}

static void
kh_session_view_retry_now_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  KhSessionView *self = KH_SESSION_VIEW (widget);

  if (self->session != NULL)
    kh_session_reconnect_now (self->session);
}

/* Stops retrying: the banner then offers Reconnect (see on_session_state) */
static void
kh_session_view_disconnect_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  KhSessionView *self = KH_SESSION_VIEW (widget);

  if (self->session != NULL)
    kh_session_close (self->session);
}

static void
kh_session_view_cancel_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  KhSessionView *self = KH_SESSION_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!self->loading)
    return;
  kh_session_view_stop (self);
  error = g_error_new (KH_ERROR, KH_ERROR_FAILED, _("Connecting to %s was cancelled."),
                       kh_profile_get_name (self->profile));
  kh_session_view_show_error (self, error);
}

/* Profile */

static void
kh_session_view_update_profile (KhSessionView *self)
{
  KhProvider provider = kh_profile_get_provider (self->profile);

  g_clear_object (&self->icon);
  self->icon = g_themed_icon_new (kh_profile_icon_name_for_provider (provider));
  g_clear_object (&self->indicator_icon);
  self->indicator_icon = kh_profile_icon_new_for_color (kh_profile_get_color (self->profile));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s",
                                    kh_profile_get_id (self->profile));
  gtk_widget_set_visible (self->edit_button, provider != KH_PROVIDER_SANDBOX);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR_ICON]);
  if (self->session != NULL)
    kh_session_view_update_status (self);
  /* Economy mode switched on an open tab takes effect at once. */
  if (self->sampler != NULL)
    kh_server_sampler_set_economy (self->sampler, kh_profile_get_economy (self->profile));
}

static void
on_profile_notify (KhProfile     *profile,
                   GParamSpec    *pspec,
                   KhSessionView *self)
{
  kh_session_view_update_profile (self);
}

void
kh_session_view_set_profile (KhSessionView *self,
                             KhProfile     *profile)
{
  g_return_if_fail (KH_IS_SESSION_VIEW (self));
  g_return_if_fail (KH_IS_PROFILE (profile));

  if (self->profile == profile)
    return;

  /* A changed id is another profile: its password is not ours to reuse. */
  if (self->profile != NULL &&
      g_strcmp0 (kh_profile_get_id (self->profile), kh_profile_get_id (profile)) != 0)
    g_clear_pointer (&self->password, g_free);

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->profile, profile);
  g_signal_connect_object (profile, "notify::name", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (profile, "notify::color", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (profile, "notify::provider", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (profile, "notify::economy", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  kh_session_view_update_profile (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/* GObject */

static void
kh_session_view_dispose (GObject *object)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  kh_session_view_close (self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  /* The stack is both AdwBin's child and a template child: let AdwBin drop it
   * first, or disposing the template unparents it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_SESSION_VIEW);
  g_clear_object (&self->profile);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->icon);
  g_clear_object (&self->indicator_icon);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kh_session_view_parent_class)->dispose (object);
}

static void
kh_session_view_finalize (GObject *object)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->lost_reason);

  G_OBJECT_CLASS (kh_session_view_parent_class)->finalize (object);
}

static void
kh_session_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_SANDBOX:
      g_value_set_object (value, self->sandbox);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->profile != NULL ? kh_profile_get_name (self->profile) : NULL);
      break;
    case PROP_ICON:
      g_value_set_object (value, self->icon);
      break;
    case PROP_INDICATOR_ICON:
      g_value_set_object (value, self->indicator_icon);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_session_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      if (g_value_get_object (value) != NULL)
        kh_session_view_set_profile (self, g_value_get_object (value));
      break;
    case PROP_SANDBOX:
      self->sandbox = g_value_dup_object (value);
      if (self->sandbox != NULL)
        g_signal_connect_object (self->sandbox, "notify::running", G_CALLBACK (on_sandbox_running),
                                 self, G_CONNECT_DEFAULT);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_session_view_class_init (KhSessionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kh_session_view_dispose;
  object_class->finalize = kh_session_view_finalize;
  object_class->get_property = kh_session_view_get_property;
  object_class->set_property = kh_session_view_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, KH_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX] =
    g_param_spec_object ("sandbox", NULL, NULL, KH_TYPE_SANDBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION, ro);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_ICON] =
    g_param_spec_object ("icon", NULL, NULL, G_TYPE_ICON, ro);
  properties[PROP_INDICATOR_ICON] =
    g_param_spec_object ("indicator-icon", NULL, NULL, G_TYPE_ICON, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhSessionView::session-ready:
   * @session: the session, now %KH_SESSION_READY
   *
   * Emitted each time an attempt opens a session: views added with
   * kh_session_view_add_page() switch to it here.
   */
  signals[SIGNAL_SESSION_READY] =
    g_signal_new ("session-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-session-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, error_page);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, retry_now_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, server_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, address_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, database_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, state_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, commands_label);

  gtk_widget_class_install_action (widget_class, "session.retry", NULL, kh_session_view_retry_action);
  gtk_widget_class_install_action (widget_class, "session.retry-now", NULL, kh_session_view_retry_now_action);
  gtk_widget_class_install_action (widget_class, "session.disconnect", NULL, kh_session_view_disconnect_action);
  gtk_widget_class_install_action (widget_class, "session.cancel", NULL, kh_session_view_cancel_action);
}

static void
kh_session_view_init (KhSessionView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (kh_session_view_fill_visible_page),
                           self, G_CONNECT_SWAPPED);
  self->keyring_available = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.retry-now", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.disconnect", FALSE);

  placeholder = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (placeholder), "view-list-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (placeholder), _("Keys will appear here"));
  kh_session_view_add_page (self, placeholder, "keys", _("Keys"), "view-list-symbolic");
  kh_session_view_update_actions (self);
}

KhSessionView *
kh_session_view_new (KhProfile *profile,
                     KhSandbox *sandbox)
{
  g_return_val_if_fail (KH_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (sandbox == NULL || KH_IS_SANDBOX (sandbox), NULL);

  return g_object_new (KH_TYPE_SESSION_VIEW,
                       "sandbox", sandbox,
                       "profile", profile,
                       NULL);
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

KhProfile *
kh_session_view_get_profile (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->profile;
}

KhSession *
kh_session_view_get_session (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->session;
}

KhServerSampler *
kh_session_view_get_sampler (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->sampler;
}

gboolean
kh_session_view_get_loading (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), FALSE);
  return self->loading;
}

const char *
kh_session_view_get_page_name (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GIcon *
kh_session_view_get_icon (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->icon;
}

GIcon *
kh_session_view_get_indicator_icon (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->indicator_icon;
}
