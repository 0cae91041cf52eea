/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-conflict-dialog.c: an edit refused because someone else changed the
 * value: both versions side by side, and the choice of which to keep
 *
 * A window rather than an AdwMessageDialog: two values side by side need
 * more width than a message dialog allows.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "kh-conflict-dialog.h"
#include "kh-value-decode.h"
#include "kh-value-text.h"

struct _KhConflictDialog
{
  AdwWindow         parent_instance;

  KhValueConflict  *conflict;
  gboolean          responded;

  /* template children */
  GtkLabel         *body_label;
  GtkLabel         *mine_title;
  GtkLabel         *mine_note;
  GtkTextView      *mine_view;
  GtkLabel         *theirs_note;
  GtkTextView      *theirs_view;
  GtkButton        *overwrite_button;
};

G_DEFINE_FINAL_TYPE (KhConflictDialog, kh_conflict_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RESPONSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Both versions pretty-printed when both are JSON, so they line up. */
static char *
display_text (GBytes   *bytes,
              gboolean  as_json)
{
  gsize len;
  const guint8 *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (as_json)
    {
      char *pretty = kh_value_decode_json_pretty (data, len, NULL, NULL, NULL);

      if (pretty != NULL)
        return pretty;
    }
  return kh_value_format_bytes (bytes, NULL);
}

static gboolean
is_json (GBytes *bytes)
{
  gsize len;
  const guint8 *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  return kh_value_decode_detect (data, len) == KH_VALUE_FORMAT_JSON;
}

static void
kh_conflict_dialog_fill (KhConflictDialog *self,
                         const char       *overwrite_label)
{
  const KhValueConflict *conflict = self->conflict;
  GBytes *mine = conflict->attempted_value != NULL ? conflict->attempted_value : conflict->user_value;
  GBytes *theirs = conflict->server_value;
  gboolean as_json = is_json (mine) && (theirs == NULL || is_json (theirs));
  g_autofree char *mine_text = display_text (mine, as_json);
  g_autofree char *theirs_text = display_text (theirs, as_json);
  g_autofree char *item = conflict->item != NULL ? kh_value_format_cell (conflict->item) : NULL;
  g_autofree char *key = kh_value_format_cell (conflict->key);
  g_autofree char *body = NULL;
  gboolean can_overwrite;

  if (item != NULL)
    body = g_strdup_printf (_("“%s” in “%s” changed on the server after you loaded it, so nothing "
                              "was written. Compare both versions and choose which one to keep."), item, key);
  else if (conflict->index >= 0)
    body = g_strdup_printf (_("Element %" PRId64 " of “%s” changed on the server after you "
                              "loaded it, so nothing was written. Compare both versions and choose "
                              "which one to keep."), conflict->index, key);
  else
    body = g_strdup_printf (_("“%s” changed on the server after you loaded it, so nothing was "
                              "written. Compare both versions and choose which one to keep."), key);
  gtk_label_set_label (self->body_label, body);

  if (conflict->attempted_value == NULL)
    {
      gtk_label_set_label (self->mine_title, _("What You Loaded"));
      gtk_label_set_label (self->mine_note, _("The value you saw before it changed"));
    }
  else
    gtk_label_set_label (self->mine_note, _("What you tried to save"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->mine_view), mine_text != NULL ? mine_text : "", -1);

  if (theirs == NULL)
    {
      if (conflict->kind == KH_VALUE_CONFLICT_WRONG_TYPE && conflict->server_type != NULL)
        {
          g_autofree char *note = g_strdup_printf (_("The key now holds a value of type “%s”"),
                                                   conflict->server_type);
          gtk_label_set_label (self->theirs_note, note);
        }
      else
        gtk_label_set_label (self->theirs_note, _("Removed from the server"));
    }
  else if (conflict->server_value_truncated)
    {
      g_autofree char *shown = g_format_size (g_bytes_get_size (theirs));
      g_autofree char *total = g_format_size (conflict->server_length);
      g_autofree char *note = g_strdup_printf (_("On the server now: the first %s of %s"), shown, total);

      gtk_label_set_label (self->theirs_note, note);
    }
  else
    gtk_label_set_label (self->theirs_note, _("On the server now"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->theirs_view), theirs_text != NULL ? theirs_text : "", -1);

  /* Overwriting needs something to compare against: a value of the same type */
  can_overwrite = conflict->kind == KH_VALUE_CONFLICT_CHANGED && theirs != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflict.overwrite", can_overwrite);
  if (overwrite_label != NULL)
    gtk_button_set_label (self->overwrite_button, overwrite_label);
  if (!can_overwrite)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->overwrite_button),
                                 _("There is no value of the same type on the server to write over; "
                                   "keep theirs and add yours again"));
}

void
kh_conflict_dialog_response (KhConflictDialog *self,
                             const char       *response)
{
  g_return_if_fail (KH_IS_CONFLICT_DIALOG (self));
  g_return_if_fail (response != NULL);

  if (self->responded)
    return;
  self->responded = TRUE;
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_RESPONSE], 0, response);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

gboolean
kh_conflict_dialog_get_response_enabled (KhConflictDialog *self,
                                         const char       *response)
{
  g_return_val_if_fail (KH_IS_CONFLICT_DIALOG (self), FALSE);

  if (g_strcmp0 (response, KH_CONFLICT_RESPONSE_OVERWRITE) == 0)
    return self->conflict->kind == KH_VALUE_CONFLICT_CHANGED && self->conflict->server_value != NULL;
  return g_strcmp0 (response, KH_CONFLICT_RESPONSE_CANCEL) == 0 ||
         g_strcmp0 (response, KH_CONFLICT_RESPONSE_THEIRS) == 0;
}

static void
respond_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  /* "conflict.<response>" */
  kh_conflict_dialog_response (KH_CONFLICT_DIALOG (widget), action_name + strlen ("conflict."));
}

static gboolean
kh_conflict_dialog_close_request (GtkWindow *window)
{
  KhConflictDialog *self = KH_CONFLICT_DIALOG (window);

  if (!self->responded)
    {
      self->responded = TRUE;
      g_signal_emit (self, signals[SIGNAL_RESPONSE], 0, KH_CONFLICT_RESPONSE_CANCEL);
    }
  return GTK_WINDOW_CLASS (kh_conflict_dialog_parent_class)->close_request (window);
}

static void
kh_conflict_dialog_finalize (GObject *object)
{
  KhConflictDialog *self = KH_CONFLICT_DIALOG (object);

  g_clear_pointer (&self->conflict, kh_value_conflict_free);

  G_OBJECT_CLASS (kh_conflict_dialog_parent_class)->finalize (object);
}

static void
kh_conflict_dialog_class_init (KhConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->finalize = kh_conflict_dialog_finalize;
  window_class->close_request = kh_conflict_dialog_close_request;

  /**
   * KhConflictDialog::response:
   * @response: "cancel", "theirs" or "overwrite"
   *
   * Emitted once, when the user chooses or closes the dialog ("cancel").
   */
  signals[SIGNAL_RESPONSE] =
    g_signal_new ("response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhConflictDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, KhConflictDialog, mine_title);
  gtk_widget_class_bind_template_child (widget_class, KhConflictDialog, mine_note);
  gtk_widget_class_bind_template_child (widget_class, KhConflictDialog, mine_view);
  gtk_widget_class_bind_template_child (widget_class, KhConflictDialog, theirs_note);
  gtk_widget_class_bind_template_child (widget_class, KhConflictDialog, theirs_view);
  gtk_widget_class_bind_template_child (widget_class, KhConflictDialog, overwrite_button);

  gtk_widget_class_install_action (widget_class, "conflict.cancel", NULL, respond_action);
  gtk_widget_class_install_action (widget_class, "conflict.theirs", NULL, respond_action);
  gtk_widget_class_install_action (widget_class, "conflict.overwrite", NULL, respond_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "conflict.cancel", NULL);
}

static void
kh_conflict_dialog_init (KhConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KhConflictDialog *
kh_conflict_dialog_new (GtkWindow             *parent,
                        const KhValueConflict *conflict,
                        const char            *overwrite_label)
{
  KhConflictDialog *self;

  g_return_val_if_fail (conflict != NULL, NULL);

  self = g_object_new (KH_TYPE_CONFLICT_DIALOG, "transient-for", parent, NULL);
  self->conflict = kh_value_conflict_copy (conflict);
  kh_conflict_dialog_fill (self, overwrite_label);
  return self;
}

const KhValueConflict *
kh_conflict_dialog_get_conflict (KhConflictDialog *self)
{
  g_return_val_if_fail (KH_IS_CONFLICT_DIALOG (self), NULL);

  return self->conflict;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
kh_conflict_dialog_dup_mine_text (KhConflictDialog *self)
{
  g_return_val_if_fail (KH_IS_CONFLICT_DIALOG (self), NULL);

  return buffer_text (self->mine_view);
}

char *
kh_conflict_dialog_dup_theirs_text (KhConflictDialog *self)
{
  g_return_val_if_fail (KH_IS_CONFLICT_DIALOG (self), NULL);

  return buffer_text (self->theirs_view);
}
