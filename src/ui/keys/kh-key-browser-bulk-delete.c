/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-bulk-delete.c: deleting a namespace or the keys of a pattern
 *
 * Delete Namespace takes the selected namespace's pattern; Delete Matching
 * asks for a glob first. A preview dialog then counts the keys that match,
 * with a sample of their names, and only its Delete button confirms; the
 * deletion runs in a progress dialog whose Stop ends it once the batches
 * already sent complete; a toast says how many keys went, and they leave
 * the list (kh_key_browser_forget_matching).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-error.h"
#include "kh-key-browser-private.h"

/* Bulk delete: preview, confirm, run with progress, report */

typedef struct {
  KhKeyBrowser     *self;
  GBytes           *pattern;
  char             *display;      /* the pattern, escaped, for messages */
  GCancellable     *cancellable;
  AdwMessageDialog *dialog;       /* the preview, then the progress dialog */
  GtkProgressBar   *progress;
  GtkLabel         *sample;
  guint64           n_matched;
  gboolean          answered;     /* the preview's first response counts */
} Bulk;

static void
bulk_free (Bulk *bulk)
{
  g_clear_object (&bulk->self);
  g_clear_pointer (&bulk->pattern, g_bytes_unref);
  g_clear_object (&bulk->cancellable);
  g_free (bulk->display);
}

static Bulk *
bulk_ref (Bulk *bulk)
{
  return g_rc_box_acquire (bulk);
}

static void
bulk_unref (Bulk *bulk)
{
  g_rc_box_release_full (bulk, (GDestroyNotify) bulk_free);
}

static void
bulk_set_body (Bulk       *bulk,
               const char *body)
{
  if (bulk->dialog != NULL)
    adw_message_dialog_set_body (bulk->dialog, body);
}

static void
on_bulk_progress (const KhKeyBulkProgress *progress,
                  gpointer                 user_data)
{
  Bulk *bulk = user_data;
  g_autofree char *deleted = kh_key_browser_format_count (progress->n_deleted);
  g_autofree char *total = kh_key_browser_format_count (bulk->n_matched);
  g_autofree char *body = NULL;

  if (bulk->dialog == NULL)
    return;
  /* Translators: "Deleted 1,000 of 12,345 keys…" */
  body = g_strdup_printf (_("Deleted %s of %s keys…"), deleted, total);
  bulk_set_body (bulk, body);
  if (bulk->n_matched > 0)
    gtk_progress_bar_set_fraction (bulk->progress, MIN (1.0, (double) progress->n_deleted / bulk->n_matched));
  else
    gtk_progress_bar_set_fraction (bulk->progress, progress->fraction);
}

static void
close_bulk_dialog (Bulk *bulk)
{
  if (bulk->dialog != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&bulk->dialog);

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &bulk->dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
on_bulk_deleted (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Bulk *bulk = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  guint64 n_deleted = 0;
  gboolean ok;

  ok = kh_key_bulk_delete_finish (KH_SESSION (object), result, &n_deleted, &error);
  close_bulk_dialog (bulk);
  count = kh_key_browser_format_count (n_deleted);

  if (ok)
    {
      kh_key_browser_forget_matching (bulk->self, bulk->pattern);
      text = g_strdup_printf (ngettext ("Deleted %s key matching “%s”", "Deleted %s keys matching “%s”", n_deleted),
                              count, bulk->display);
    }
  else if (_kh_key_browser_is_cancelled (error))
    /* "Deleted N keys before you stopped" */
    text = g_strdup_printf (_("%s. Rescan to see the keys that are left."), error->message);
  else
    text = g_strdup_printf (ngettext ("Deleted %s key, then: %s", "Deleted %s keys, then: %s", n_deleted),
                            count, error->message);

  if (bulk->self->op_cancellable != NULL && !g_cancellable_is_cancelled (bulk->self->op_cancellable))
    kh_key_browser_toast (bulk->self, text);
  bulk_unref (bulk);
}

static void
on_bulk_progress_response (AdwMessageDialog *dialog,
                           const char       *response,
                           Bulk             *bulk)
{
  /* Stop: the batches already sent complete, then the tally is reported */
  g_cancellable_cancel (bulk->cancellable);
}

static void
start_bulk_delete (Bulk *bulk)
{
  KhKeyBrowser *self = bulk->self;
  g_autofree char *heading = g_strdup_printf (_("Deleting Keys Matching “%s”"), bulk->display);
  AdwMessageDialog *dialog = kh_key_browser_new_dialog (self, heading, _("Starting…"));
  GtkWidget *progress = gtk_progress_bar_new ();

  adw_message_dialog_set_extra_child (dialog, progress);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Stop"), NULL);
  bulk->dialog = dialog;
  bulk->progress = GTK_PROGRESS_BAR (progress);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &bulk->dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_bulk_progress_response),
                         bulk_ref (bulk), (GClosureNotify) (void (*) (void)) bulk_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  g_clear_object (&bulk->cancellable);
  bulk->cancellable = g_cancellable_new ();
  kh_key_bulk_delete_async (self->session, bulk->pattern, on_bulk_progress, bulk, bulk->cancellable,
                            on_bulk_deleted, bulk_ref (bulk));
}

static void
on_preview_progress (const KhKeyBulkProgress *progress,
                     gpointer                 user_data)
{
  Bulk *bulk = user_data;
  g_autofree char *count = kh_key_browser_format_count (progress->n_seen);
  g_autofree char *body = NULL;

  if (bulk->dialog == NULL)
    return;
  body = g_strdup_printf (_("Counting the keys that match… %s so far"), count);
  bulk_set_body (bulk, body);
  gtk_progress_bar_set_fraction (bulk->progress, progress->fraction);
}

static void
on_previewed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Bulk *bulk = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sample = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *body = NULL;
  guint64 n_matched = 0;

  if (!kh_key_bulk_delete_preview_finish (KH_SESSION (object), result, &n_matched, &sample, &error))
    {
      if (!_kh_key_browser_is_cancelled (error))
        {
          body = g_strdup_printf (_("Could not count the matching keys: %s"), error->message);
          bulk_set_body (bulk, body);
        }
      bulk_unref (bulk);
      return;
    }

  bulk->n_matched = n_matched;
  if (bulk->dialog == NULL)
    {
      bulk_unref (bulk);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (bulk->progress), FALSE);
  if (n_matched == 0)
    {
      body = g_strdup_printf (_("No key matches “%s”."), bulk->display);
      bulk_set_body (bulk, body);
      bulk_unref (bulk);
      return;
    }

  count = kh_key_browser_format_count (n_matched);
  body = g_strdup_printf (ngettext ("%s key matches. It is removed from the server; this cannot be undone.",
                                    "%s keys match. They are removed from the server; this cannot be undone.",
                                    n_matched), count);
  bulk_set_body (bulk, body);

  for (guint i = 0; sample != NULL && i < sample->len; i++)
    {
      g_autofree char *name = _kh_key_browser_escape_bytes (g_ptr_array_index (sample, i));

      if (i > 0)
        g_string_append_c (names, '\n');
      g_string_append (names, name);
    }
  if (sample != NULL && n_matched > sample->len)
    g_string_append (names, "\n…");
  gtk_label_set_text (bulk->sample, names->str);
  gtk_widget_set_visible (GTK_WIDGET (bulk->sample), names->len > 0);

  adw_message_dialog_set_response_label (bulk->dialog, "delete",
                                         n_matched == 1 ? _("_Delete 1 Key") : _("_Delete Keys"));
  adw_message_dialog_set_response_enabled (bulk->dialog, "delete", TRUE);
  bulk_unref (bulk);
}

static void
on_preview_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Bulk             *bulk)
{
  /* Closing after a button's response emits the close response too */
  if (bulk->answered)
    return;
  bulk->answered = TRUE;
  g_cancellable_cancel (bulk->cancellable);
  if (bulk->dialog == dialog)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &bulk->dialog);
      bulk->dialog = NULL;
    }
  if (g_str_equal (response, "delete") && bulk->n_matched > 0)
    start_bulk_delete (bulk);
}

static void
preview_bulk_delete (KhKeyBrowser *self,
                     GBytes       *pattern,
                     const char   *heading)
{
  Bulk *bulk = g_rc_box_new0 (Bulk);
  AdwMessageDialog *dialog;
  GtkWidget *box, *progress, *sample, *scroller;

  bulk->self = g_object_ref (self);
  bulk->pattern = g_bytes_ref (pattern);
  bulk->display = _kh_key_browser_escape_bytes (pattern);
  bulk->cancellable = g_cancellable_new ();

  dialog = kh_key_browser_new_dialog (self, heading, _("Counting the keys that match…"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  progress = gtk_progress_bar_new ();
  sample = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (sample), 0.0);
  gtk_label_set_selectable (GTK_LABEL (sample), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (sample), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (sample, "monospace");
  gtk_widget_set_visible (sample, FALSE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 220);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), sample);
  gtk_box_append (GTK_BOX (box), progress);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete Keys"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "delete", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");

  bulk->dialog = dialog;
  bulk->progress = GTK_PROGRESS_BAR (progress);
  bulk->sample = GTK_LABEL (sample);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &bulk->dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_preview_response),
                         bulk_ref (bulk), (GClosureNotify) (void (*) (void)) bulk_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  kh_key_bulk_delete_preview_async (self->session, pattern, on_preview_progress, bulk, bulk->cancellable,
                                    on_previewed, bulk);
}

void
_kh_key_browser_delete_namespace_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);
  g_autoptr(GBytes) pattern = NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  if (item == NULL || !kh_key_item_get_is_namespace (item) || self->read_only)
    return;

  pattern = kh_key_ops_namespace_pattern (kh_key_item_get_key (item));
  name = _kh_key_browser_escape_bytes (kh_key_item_get_key (item));
  heading = g_strdup_printf (_("Delete Every Key in “%s”?"), name);
  preview_bulk_delete (self, pattern, heading);
}

static void
on_pattern_response (AdwMessageDialog *dialog,
                     const char       *response,
                     KhKeyBrowser     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *text = gtk_editable_get_text (entry);
  g_autoptr(GBytes) pattern = NULL;
  g_autofree char *heading = NULL;

  if (!g_str_equal (response, "preview") || *text == '\0')
    return;

  pattern = g_bytes_new (text, strlen (text));
  heading = g_strdup_printf (_("Delete Keys Matching “%s”?"), text);
  preview_bulk_delete (self, pattern, heading);
}

static void
on_pattern_text_changed (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "preview", *gtk_editable_get_text (entry) != '\0');
}

void
_kh_key_browser_delete_matching_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->read_only)
    return;

  dialog = kh_key_browser_new_dialog (self, _("Delete Keys Matching a Pattern"),
                       _("A glob as in SCAN MATCH: * any text, ? one character, [abc] a set. "
                         "The matching keys are counted first, and nothing is deleted before you confirm."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "session:*");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pattern"), -1);
  if (strpbrk (search, "*?[") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), search);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "preview", _("C_ount Keys"), NULL);
  adw_message_dialog_set_default_response (dialog, "preview");
  adw_message_dialog_set_response_enabled (dialog, "preview", *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0');
  g_signal_connect (entry, "changed", G_CALLBACK (on_pattern_text_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_pattern_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}
