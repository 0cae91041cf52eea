/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-env-import-dialog.c: choosing a Redis URL from a .env file
 *
 * The file is read asynchronously and parsed with kh_env; every candidate is
 * listed, the unusable ones too (a bad URL, an Upstash REST token), with the
 * reason, so the user learns why their variable is not offered. Values are
 * shown as URLs without their password.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-env-import-dialog.h"
#include "kh-env.h"

/* .env files are small; anything this large is not one. */
#define MAX_ENV_SIZE (1024 * 1024)

struct _KhEnvImportDialog
{
  AdwWindow      parent_instance;

  GFile         *file;
  GCancellable  *cancellable;
  GPtrArray     *candidates;   /* KhEnvCandidate */

  /* template children */
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  AdwPreferencesGroup *group;
  GtkListBox    *list_box;
};

G_DEFINE_FINAL_TYPE (KhEnvImportDialog, kh_env_import_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_URL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kh_env_import_dialog_show_failure (KhEnvImportDialog *self,
                                   const char        *title,
                                   const char        *description)
{
  adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static GtkWidget *
create_row (KhEnvCandidate *candidate)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *line = g_strdup_printf (_("line %u"), candidate->line);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), candidate->name);

  if (candidate->url != NULL)
    {
      g_autofree char *shown = kh_url_to_string (candidate->url, FALSE);

      /* Translators: a URL without its password, then "line 3" */
      g_string_append_printf (subtitle, _("%s · %s"), shown, line);
      for (guint i = 0; candidate->url->notes != NULL && candidate->url->notes[i] != NULL; i++)
        g_string_append_printf (subtitle, "\n%s", candidate->url->notes[i]);
      if (candidate->url->password != NULL)
        g_string_append_printf (subtitle, "\n%s", _("Has a password, which goes to the keyring."));
      icon = gtk_image_new_from_icon_name ("go-next-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }
  else
    {
      g_string_append_printf (subtitle, _("%s · %s"),
                              candidate->error != NULL ? candidate->error->message : _("Not a Redis URL"),
                              line);
      icon = gtk_image_new_from_icon_name (candidate->kind == KH_ENV_CANDIDATE_REST_API
                                           ? "dialog-information-symbolic"
                                           : "dialog-warning-symbolic");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    }
  /* AdwActionRow's subtitle is markup: escape what came from the file. */
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  }
  g_object_set_data (G_OBJECT (row), "candidate", candidate);
  return row;
}

static void
choose_candidate (KhEnvImportDialog *self,
                  KhEnvCandidate    *candidate)
{
  g_autoptr(KhUrl) url = kh_url_copy (candidate->url);

  g_signal_emit (self, signals[SIGNAL_URL_CHOSEN], 0, url);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_row_activated (KhEnvImportDialog *self,
                  GtkListBoxRow     *row)
{
  KhEnvCandidate *candidate = g_object_get_data (G_OBJECT (row), "candidate");

  if (candidate != NULL && candidate->url != NULL)
    choose_candidate (self, candidate);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KhEnvImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      kh_env_import_dialog_show_failure (self, _("The File Could Not Be Read"), error->message);
      return;
    }
  if (self->list_box == NULL)
    return;

  name = g_file_get_basename (self->file);
  if (length > MAX_ENV_SIZE)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is larger than 1 MB: it is not a .env file."), name);
      kh_env_import_dialog_show_failure (self, _("Not a .env File"), message);
      return;
    }

  entries = kh_env_parse (contents, (gssize) length, &error);
  if (entries == NULL)
    {
      kh_env_import_dialog_show_failure (self, _("The File Could Not Be Read"), error->message);
      return;
    }

  self->candidates = kh_env_find_redis_urls (entries);
  if (self->candidates->len == 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("Keyhole looked in “%s” for REDIS_URL, UPSTASH_REDIS_URL, KV_URL and "
                           "variables whose name contains REDIS or VALKEY and ends in URL."), name);
      adw_status_page_set_description (self->empty_page, message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  adw_preferences_group_set_title (self->group, name);
  for (guint i = 0; i < self->candidates->len; i++)
    gtk_list_box_append (self->list_box, create_row (g_ptr_array_index (self->candidates, i)));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static gboolean
kh_env_import_dialog_close_request (GtkWindow *window)
{
  g_cancellable_cancel (KH_ENV_IMPORT_DIALOG (window)->cancellable);

  return GTK_WINDOW_CLASS (kh_env_import_dialog_parent_class)->close_request (window);
}

static void
kh_env_import_dialog_dispose (GObject *object)
{
  KhEnvImportDialog *self = KH_ENV_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_ENV_IMPORT_DIALOG);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kh_env_import_dialog_parent_class)->dispose (object);
}

static void
kh_env_import_dialog_finalize (GObject *object)
{
  KhEnvImportDialog *self = KH_ENV_IMPORT_DIALOG (object);

  g_clear_pointer (&self->candidates, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_env_import_dialog_parent_class)->finalize (object);
}

static void
kh_env_import_dialog_class_init (KhEnvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kh_env_import_dialog_dispose;
  object_class->finalize = kh_env_import_dialog_finalize;
  window_class->close_request = kh_env_import_dialog_close_request;

  /**
   * KhEnvImportDialog::url-chosen:
   * @url: the chosen variable's URL, password included
   */
  signals[SIGNAL_URL_CHOSEN] =
    g_signal_new ("url-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_URL | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-env-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhEnvImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KhEnvImportDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhEnvImportDialog, group);
  gtk_widget_class_bind_template_child (widget_class, KhEnvImportDialog, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kh_env_import_dialog_init (KhEnvImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

KhEnvImportDialog *
kh_env_import_dialog_new (GFile *file)
{
  KhEnvImportDialog *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (KH_TYPE_ENV_IMPORT_DIALOG, NULL);
  self->file = g_object_ref (file);
  g_file_load_contents_async (file, self->cancellable, on_loaded, g_object_ref (self));
  return self;
}

guint
kh_env_import_dialog_get_n_usable (KhEnvImportDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (KH_IS_ENV_IMPORT_DIALOG (self), 0);

  for (guint i = 0; self->candidates != NULL && i < self->candidates->len; i++)
    if (((KhEnvCandidate *) g_ptr_array_index (self->candidates, i))->url != NULL)
      n++;
  return n;
}

gboolean
kh_env_import_dialog_choose (KhEnvImportDialog *self,
                             guint              index)
{
  g_return_val_if_fail (KH_IS_ENV_IMPORT_DIALOG (self), FALSE);

  for (guint i = 0; self->candidates != NULL && i < self->candidates->len; i++)
    {
      KhEnvCandidate *candidate = g_ptr_array_index (self->candidates, i);

      if (candidate->url == NULL)
        continue;
      if (index-- == 0)
        {
          choose_candidate (self, candidate);
          return TRUE;
        }
    }
  return FALSE;
}
