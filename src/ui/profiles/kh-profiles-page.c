/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profiles-page.c: the saved connections, the first tab of a window
 *
 * A welcome page while there are none, else a list with a menu per row. It
 * opens the dialogs that add and edit profiles; connecting is the window's
 * business, asked for with the "connect-profile" signal. Windows share the
 * application's store, so the first page to show it loads it and the others
 * wait for that load instead of reading the file again. Paste URL, Import
 * .env, and the export and import of profiles are in
 * kh-profiles-page-transfer.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-profile-dialog.h"
#include "kh-profiles-page-private.h"
#include "kh-secrets.h"
#include "kh-profile-icon.h"

G_DEFINE_FINAL_TYPE (KhProfilesPage, kh_profiles_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADED,
  N_PROPS
};

enum {
  SIGNAL_CONNECT_PROFILE,
  SIGNAL_PROFILE_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Loading the shared store once */

#define STORE_LOAD_KEY "kh-profiles-page-load"

typedef struct {
  gboolean   done;
  GError    *error;
  GPtrArray *waiters;   /* GTask */
} StoreLoad;

static void
store_load_free (StoreLoad *load)
{
  g_clear_error (&load->error);
  g_clear_pointer (&load->waiters, g_ptr_array_unref);
  g_free (load);
}

static void
on_store_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KhProfileStore *store = KH_PROFILE_STORE (object);
  StoreLoad *load = g_object_get_data (object, STORE_LOAD_KEY);
  g_autoptr(GPtrArray) waiters = NULL;

  load->done = TRUE;
  kh_profile_store_load_finish (store, result, &load->error);
  waiters = g_steal_pointer (&load->waiters);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (load->error != NULL)
        g_task_return_error (task, g_error_copy (load->error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
store_ensure_loaded_async (KhProfileStore      *store,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  StoreLoad *load = g_object_get_data (G_OBJECT (store), STORE_LOAD_KEY);

  g_task_set_source_tag (task, store_ensure_loaded_async);

  if (load != NULL && load->done)
    {
      /* The error was shown by the page that loaded; this one starts clean. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (load != NULL)
    {
      g_ptr_array_add (load->waiters, g_steal_pointer (&task));
      return;
    }

  load = g_new0 (StoreLoad, 1);
  load->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (load->waiters, g_steal_pointer (&task));
  g_object_set_data_full (G_OBJECT (store), STORE_LOAD_KEY, load, (GDestroyNotify) store_load_free);
  kh_profile_store_load_async (store, NULL, on_store_loaded, NULL);
}

/* Saving */

static void
on_store_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhProfilesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_profile_store_save_finish (KH_PROFILE_STORE (object), result, &error))
    kh_profiles_page_show_warning (self, error->message);
}

void
_kh_profiles_page_save (KhProfilesPage *self)
{
  kh_profile_store_save_async (self->store, NULL, on_store_saved, g_object_ref (self));
}

/* State */

static void
kh_profiles_page_update_stack (KhProfilesPage *self)
{
  const char *name;

  if (!self->loaded)
    name = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    name = "welcome";
  else
    name = "list";

  gtk_stack_set_visible_child_name (self->stack, name);
  if (self->loaded)
    gtk_spinner_stop (self->loading_spinner);
  else
    gtk_spinner_start (self->loading_spinner);
}

static void
on_items_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  KhProfilesPage *self)
{
  kh_profiles_page_update_stack (self);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KhProfilesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      kh_profiles_page_show_warning (self, error->message);
    }

  self->loaded = TRUE;
  kh_profiles_page_update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Rows */

static GtkWidget *
new_badge (const char *text,
           const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "kh-badge");
  gtk_widget_add_css_class (label, "caption");
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

static GMenuModel *
new_row_menu (KhProfile *profile)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  const char *id = kh_profile_get_id (profile);
  static const struct { const char *label; const char *action; } items[] = {
    { N_("_Connect"), "profiles.connect" },
    { N_("_Edit…"), "profiles.edit" },
    { N_("_Duplicate"), "profiles.duplicate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target (item, items[i].action, "s", id);
      g_menu_append_item (menu, item);
    }
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("_Delete…"), NULL);

    g_menu_item_set_action_and_target (item, "profiles.delete", "s", id);
    g_menu_append_item (section, item);
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  }
  return G_MENU_MODEL (menu);
}

/* What the row's title does not say: the address unless the name holds it,
 * the user, the database, and for a local server the provider. Render and
 * Upstash have a badge. */
static char *
describe_profile (KhProfile *profile)
{
  const char *name = kh_profile_get_name (profile);
  g_autofree char *address = kh_profile_describe_address (profile);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  KhProvider provider = kh_profile_get_provider (profile);

  if (strstr (name, address) == NULL)
    g_ptr_array_add (parts, g_steal_pointer (&address));
  if (kh_profile_get_username (profile) != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("user %s"), kh_profile_get_username (profile)));
  if (kh_profile_get_database (profile) > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("database %d"), kh_profile_get_database (profile)));
  if (provider == KH_PROVIDER_LOCAL && strstr (name, kh_provider_get_display_name (provider)) == NULL)
    g_ptr_array_add (parts, g_strdup (kh_provider_get_display_name (provider)));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  KhProfile *profile = KH_PROFILE (item);
  KhProvider provider = kh_profile_get_provider (profile);
  g_autoptr(GIcon) color_icon = kh_profile_icon_new_for_color (kh_profile_get_color (profile));
  g_autoptr(GMenuModel) menu = new_row_menu (profile);
  g_autofree char *subtitle = describe_profile (profile);
  GtkWidget *row, *prefix, *dot, *icon, *menu_button;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kh_profile_get_name (profile));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, kh_profile_get_id (profile));

  /* The colour dot keeps its place when there is none, so names line up. */
  prefix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  dot = color_icon != NULL ? gtk_image_new_from_gicon (color_icon) : gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (dot), 16);
  gtk_widget_set_size_request (dot, 16, 16);
  if (color_icon != NULL)
    gtk_widget_set_tooltip_text (dot, kh_profile_get_color (profile));
  icon = gtk_image_new_from_icon_name (kh_profile_icon_name_for_provider (provider));
  gtk_widget_set_tooltip_text (icon, kh_provider_get_display_name (provider));
  gtk_box_append (GTK_BOX (prefix), dot);
  gtk_box_append (GTK_BOX (prefix), icon);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);

  if (provider == KH_PROVIDER_RENDER)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_badge (_("Render"), NULL));
  else if (provider == KH_PROVIDER_UPSTASH)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_badge (_("Upstash"), NULL));
  if (kh_profile_get_tls (profile) && kh_profile_get_tls_insecure (profile))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_badge (_("Unverified TLS"), "error"));
  if (kh_profile_get_read_only (profile))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_badge (_("Read-only"), "warning"));

  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu_button, _("Connection Menu"));
  gtk_widget_add_css_class (menu_button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

  g_object_set_data_full (G_OBJECT (row), "profile", g_object_ref (profile), g_object_unref);
  return row;
}

static void
on_row_activated (KhProfilesPage *self,
                  GtkListBoxRow  *row)
{
  KhProfile *profile = g_object_get_data (G_OBJECT (row), "profile");

  if (profile != NULL)
    g_signal_emit (self, signals[SIGNAL_CONNECT_PROFILE], 0, profile);
}

/* Dialogs */

static void
on_profile_saved (KhProfileDialog *dialog,
                  KhProfile       *profile,
                  KhProfilesPage  *self)
{
  g_signal_emit (self, signals[SIGNAL_PROFILE_SAVED], 0, profile);
}

/* Connect in the dialog: saved, now opened. */
static void
on_profile_connect (KhProfileDialog *dialog,
                    KhProfile       *profile,
                    KhProfilesPage  *self)
{
  g_signal_emit (self, signals[SIGNAL_CONNECT_PROFILE], 0, profile);
}

KhProfileDialog *
_kh_profiles_page_present_dialog (KhProfilesPage *self,
                                  KhProfile      *profile)
{
  KhProfileDialog *dialog = kh_profile_dialog_new (self->store, profile);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_profile_saved), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (dialog, "connect", G_CALLBACK (on_profile_connect), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

GtkWindow *
kh_profiles_page_add_profile (KhProfilesPage *self,
                              KhProvider      provider)
{
  g_autoptr(KhProfile) profile = NULL;

  g_return_val_if_fail (KH_IS_PROFILES_PAGE (self), NULL);

  profile = kh_profile_new_for_provider (provider);
  return GTK_WINDOW (_kh_profiles_page_present_dialog (self, profile));
}

GtkWindow *
kh_profiles_page_edit_profile (KhProfilesPage *self,
                               const char     *id)
{
  KhProfile *profile;

  g_return_val_if_fail (KH_IS_PROFILES_PAGE (self), NULL);

  profile = kh_profile_store_find (self->store, id, NULL);
  if (profile == NULL)
    return NULL;
  return GTK_WINDOW (_kh_profiles_page_present_dialog (self, profile));
}

/* Warning box */

void
kh_profiles_page_show_warning (KhProfilesPage *self,
                               const char     *message)
{
  g_return_if_fail (KH_IS_PROFILES_PAGE (self));

  g_free (self->warning);
  self->warning = g_strdup (message);
  gtk_label_set_label (self->warning_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->warning_revealer, message != NULL);
}

const char *
kh_profiles_page_get_warning (KhProfilesPage *self)
{
  g_return_val_if_fail (KH_IS_PROFILES_PAGE (self), NULL);
  return self->warning;
}

/* Actions */

static KhProfile *
find_profile (KhProfilesPage *self,
              GVariant       *parameter,
              guint          *position)
{
  return kh_profile_store_find (self->store, g_variant_get_string (parameter, NULL), position);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (widget);
  KhProfile *profile = find_profile (self, parameter, NULL);

  if (profile != NULL)
    g_signal_emit (self, signals[SIGNAL_CONNECT_PROFILE], 0, profile);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (widget);

  kh_profiles_page_edit_profile (self, g_variant_get_string (parameter, NULL));
}

static void
on_password_copied (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kh_secrets_store_finish (result, &error))
    g_debug ("The duplicate's password was not stored: %s", error->message);
}

static void
on_password_for_copy (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KhProfile) copy = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = kh_secrets_lookup_finish (result, &error);
  g_autofree char *label = NULL;

  if (password == NULL)
    return;
  label = g_strdup_printf (_("Keyhole: %s"), kh_profile_get_name (copy));
  kh_secrets_store_async (kh_profile_get_id (copy), label, password, NULL, on_password_copied, NULL);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (widget);
  guint position = 0;
  KhProfile *profile = find_profile (self, parameter, &position);
  g_autoptr(KhProfile) copy = NULL;
  guint n;

  if (profile == NULL)
    return;

  copy = kh_profile_dup (profile);
  kh_profile_store_add (self->store, copy);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  kh_profile_store_move (self->store, n - 1, position + 1);
  _kh_profiles_page_save (self);

  /* The copy connects like the original: give it the same password. */
  kh_secrets_lookup_async (kh_profile_get_id (profile), NULL, on_password_for_copy,
                           g_object_ref (copy));
}

static void
on_secret_cleared (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kh_secrets_clear_finish (result, &error) &&
      !g_error_matches (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED))
    g_message ("The password of a deleted connection was not removed: %s", error->message);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    KhProfilesPage   *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "profile-id");

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!kh_profile_store_remove (self->store, id))
    return;
  _kh_profiles_page_save (self);
  kh_secrets_clear_async (id, NULL, on_secret_cleared, NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (widget);
  KhProfile *profile = find_profile (self, parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (profile == NULL)
    return;

  heading = g_strdup_printf (_("Delete “%s”?"), kh_profile_get_name (profile));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading,
                                                       _("The connection settings and the password "
                                                         "kept in the keyring are removed. The server "
                                                         "and its data are not touched.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "profile-id",
                          g_strdup (kh_profile_get_id (profile)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dismiss_warning_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  kh_profiles_page_show_warning (KH_PROFILES_PAGE (widget), NULL);
}

/* GObject */

static void
kh_profiles_page_constructed (GObject *object)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (object);

  G_OBJECT_CLASS (kh_profiles_page_parent_class)->constructed (object);

  if (self->store == NULL)
    self->store = kh_profile_store_new (NULL);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->store), create_row, self, NULL);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_DEFAULT);
  kh_profiles_page_update_stack (self);

  store_ensure_loaded_async (self->store, self->cancellable, on_loaded, g_object_ref (self));
}

static void
kh_profiles_page_dispose (GObject *object)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_PROFILES_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kh_profiles_page_parent_class)->dispose (object);
}

static void
kh_profiles_page_finalize (GObject *object)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (object);

  g_free (self->warning);

  G_OBJECT_CLASS (kh_profiles_page_parent_class)->finalize (object);
}

static void
kh_profiles_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_profiles_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KhProfilesPage *self = KH_PROFILES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_profiles_page_class_init (KhProfilesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_profiles_page_constructed;
  object_class->dispose = kh_profiles_page_dispose;
  object_class->finalize = kh_profiles_page_finalize;
  object_class->get_property = kh_profiles_page_get_property;
  object_class->set_property = kh_profiles_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KH_TYPE_PROFILE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhProfilesPage::connect-profile:
   * @profile: the profile to open
   *
   * The user asked to connect (double-click, Enter, or the row menu).
   */
  signals[SIGNAL_CONNECT_PROFILE] =
    g_signal_new ("connect-profile", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_PROFILE);
  /**
   * KhProfilesPage::profile-saved:
   * @profile: the profile as stored now
   *
   * A dialog opened by this page saved @profile, new or edited.
   */
  signals[SIGNAL_PROFILE_SAVED] =
    g_signal_new ("profile-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-profiles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KhProfilesPage, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhProfilesPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, KhProfilesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KhProfilesPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhProfilesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, KhProfilesPage, open_sandbox_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "profiles.connect", "s", connect_action);
  gtk_widget_class_install_action (widget_class, "profiles.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "profiles.duplicate", "s", duplicate_action);
  gtk_widget_class_install_action (widget_class, "profiles.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "profiles.dismiss-warning", NULL,
                                   dismiss_warning_action);
}

static void
kh_profiles_page_init (KhProfilesPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* While the sandbox is open its action is off: a greyed button would only puzzle. */
  g_object_bind_property (self->open_sandbox_button, "sensitive", self->open_sandbox_button, "visible",
                          G_BINDING_SYNC_CREATE);
}

KhProfilesPage *
kh_profiles_page_new (KhProfileStore *store)
{
  g_return_val_if_fail (store == NULL || KH_IS_PROFILE_STORE (store), NULL);

  return g_object_new (KH_TYPE_PROFILES_PAGE, "store", store, NULL);
}

KhProfileStore *
kh_profiles_page_get_store (KhProfilesPage *self)
{
  g_return_val_if_fail (KH_IS_PROFILES_PAGE (self), NULL);
  return self->store;
}

gboolean
kh_profiles_page_get_loaded (KhProfilesPage *self)
{
  g_return_val_if_fail (KH_IS_PROFILES_PAGE (self), FALSE);
  return self->loaded;
}
