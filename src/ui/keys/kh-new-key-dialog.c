/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-new-key-dialog.c: creates a key of any collection type with its first
 * content, never replacing an existing key unless told to
 *
 * Redis has no empty collections, so a new key comes with its first field,
 * element, member or entry. The create is one atomic step on the server
 * (kh_value_create_async): an existing key is either refused or, with
 * "Replace Existing Key", replaced whole.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-error.h"
#include "kh-new-key-dialog.h"
#include "kh-value-edit.h"
#include "kh-value-pane.h"

struct _KhNewKeyDialog
{
  AdwWindow         parent_instance;

  KhSession        *session;
  GCancellable     *cancellable;
  gboolean          busy;
  char             *error;

  /* template children */
  GtkWidget        *create_button;
  AdwComboRow      *type_row;
  AdwEntryRow      *name_row;
  AdwPreferencesGroup *content_group;
  AdwEntryRow      *field_row;
  AdwEntryRow      *value_row;
  AdwEntryRow      *score_row;
  AdwExpanderRow   *ttl_row;
  GtkSpinButton    *ttl_spin;
  GtkSwitch        *replace_switch;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (KhNewKeyDialog, kh_new_key_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The type chooser lists STRING to STREAM in KhValueType order */
#define FIRST_TYPE KH_VALUE_TYPE_STRING
#define LAST_TYPE  KH_VALUE_TYPE_STREAM

static void
set_error (KhNewKeyDialog *self,
           const char     *text)
{
  g_free (self->error);
  self->error = g_strdup (text);
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
update_actions (KhNewKeyDialog *self)
{
  gboolean writable = !kh_session_is_read_only (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-key.create", writable && !self->busy);
  gtk_widget_set_tooltip_text (self->create_button,
                               writable ? _("Create the key with this content (Ctrl+Enter)")
                                        : kh_value_pane_read_only_tip ());
}

static void
update_content_rows (KhNewKeyDialog *self)
{
  KhValueType type = kh_new_key_dialog_get_key_type (self);
  const char *value_title;
  const char *description;

  switch (type)
    {
    case KH_VALUE_TYPE_HASH:
      value_title = _("_Value");
      description = _("A hash starts with one field and its value.");
      break;
    case KH_VALUE_TYPE_LIST:
      value_title = _("_Element");
      description = _("A list starts with one element.");
      break;
    case KH_VALUE_TYPE_SET:
      value_title = _("_Member");
      description = _("A set starts with one member.");
      break;
    case KH_VALUE_TYPE_ZSET:
      value_title = _("_Member");
      description = _("A sorted set starts with one member and its score.");
      break;
    case KH_VALUE_TYPE_STREAM:
      value_title = _("_Value");
      description = _("A stream starts with one entry; its ID is chosen by the server.");
      break;
    case KH_VALUE_TYPE_STRING:
    default:
      value_title = _("_Value");
      description = _("The string’s value. It can be empty.");
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), value_title);
  adw_preferences_group_set_description (self->content_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->field_row),
                          type == KH_VALUE_TYPE_HASH || type == KH_VALUE_TYPE_STREAM);
  gtk_widget_set_visible (GTK_WIDGET (self->score_row), type == KH_VALUE_TYPE_ZSET);
}

static void
on_type_selected (AdwComboRow    *row,
                  GParamSpec     *pspec,
                  KhNewKeyDialog *self)
{
  update_content_rows (self);
}

typedef struct {
  KhNewKeyDialog *self;
  GBytes         *key;
} CreateOp;

static void
create_op_free (CreateOp *op)
{
  g_object_unref (op->self);
  g_bytes_unref (op->key);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CreateOp, create_op_free)

static void
on_create_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CreateOp) op = user_data;
  KhNewKeyDialog *self = op->self;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!kh_value_edit_finish (KH_SESSION (object), result, NULL, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      update_actions (self);
      if (g_error_matches (error, KH_ERROR, KH_ERROR_CONFLICT) && !gtk_switch_get_active (self->replace_switch))
        {
          g_autofree char *text = g_strdup_printf (_("%s. Turn on “Replace Existing Key” to replace it."),
                                                   error->message);
          set_error (self, text);
        }
      else
        set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, op->key);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
kh_new_key_dialog_create (KhNewKeyDialog *self)
{
  KhValueType type;
  KhValueContent content = { 0 };
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) value = NULL;
  g_autoptr(GBytes) field = NULL;
  g_autoptr(GPtrArray) stream_fields = NULL;
  gint64 ttl_ms = 0;
  KhValueCreateFlags flags = KH_VALUE_CREATE_DEFAULT;
  CreateOp *op;

  g_return_if_fail (KH_IS_NEW_KEY_DIALOG (self));

  if (self->busy)
    return;
  if (kh_session_is_read_only (self->session))
    {
      set_error (self, _("This connection is read-only: keys cannot be created"));
      return;
    }

  type = kh_new_key_dialog_get_key_type (self);
  key = kh_value_parse_text (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), TRUE);
  if (g_bytes_get_size (key) == 0)
    {
      set_error (self, _("Give the key a name"));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  value = kh_value_parse_text (gtk_editable_get_text (GTK_EDITABLE (self->value_row)), FALSE);
  field = kh_value_parse_text (gtk_editable_get_text (GTK_EDITABLE (self->field_row)), FALSE);
  content.value = value;

  switch (type)
    {
    case KH_VALUE_TYPE_HASH:
      content.field = field;
      break;
    case KH_VALUE_TYPE_ZSET:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->score_row))));
        char *end = NULL;

        content.score = g_ascii_strtod (text, &end);
        if (*text == '\0' || end == NULL || *end != '\0' || isnan (content.score))
          {
            set_error (self, _("The score must be a number, inf or -inf"));
            gtk_widget_grab_focus (GTK_WIDGET (self->score_row));
            return;
          }
      }
      break;
    case KH_VALUE_TYPE_STREAM:
      if (g_bytes_get_size (field) == 0)
        {
          set_error (self, _("A stream entry needs a field name"));
          gtk_widget_grab_focus (GTK_WIDGET (self->field_row));
          return;
        }
      stream_fields = g_ptr_array_new ();
      g_ptr_array_add (stream_fields, field);
      g_ptr_array_add (stream_fields, value);
      content.stream_fields = stream_fields;
      break;
    case KH_VALUE_TYPE_STRING:
    case KH_VALUE_TYPE_LIST:
    case KH_VALUE_TYPE_SET:
    default:
      break;
    }

  if (adw_expander_row_get_enable_expansion (self->ttl_row))
    ttl_ms = (gint64) gtk_spin_button_get_value_as_int (self->ttl_spin) * 1000;
  if (gtk_switch_get_active (self->replace_switch))
    flags |= KH_VALUE_CREATE_OVERWRITE;

  set_error (self, NULL);
  self->busy = TRUE;
  update_actions (self);
  op = g_new0 (CreateOp, 1);
  op->self = g_object_ref (self);
  op->key = g_bytes_ref (key);
  kh_value_create_async (self->session, type, key, &content, ttl_ms, flags, self->cancellable,
                         on_create_done, op);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kh_new_key_dialog_create (KH_NEW_KEY_DIALOG (widget));
}

static void
on_entry_activated (AdwEntryRow    *row,
                    KhNewKeyDialog *self)
{
  kh_new_key_dialog_create (self);
}

/* Form */

void
kh_new_key_dialog_set_key_type (KhNewKeyDialog *self,
                                KhValueType     type)
{
  g_return_if_fail (KH_IS_NEW_KEY_DIALOG (self));
  g_return_if_fail (type >= FIRST_TYPE && type <= LAST_TYPE);

  adw_combo_row_set_selected (self->type_row, type - FIRST_TYPE);
}

KhValueType
kh_new_key_dialog_get_key_type (KhNewKeyDialog *self)
{
  guint selected;

  g_return_val_if_fail (KH_IS_NEW_KEY_DIALOG (self), KH_VALUE_TYPE_STRING);

  selected = adw_combo_row_get_selected (self->type_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected > LAST_TYPE - FIRST_TYPE)
    return KH_VALUE_TYPE_STRING;
  return FIRST_TYPE + selected;
}

void
kh_new_key_dialog_set_name (KhNewKeyDialog *self,
                            const char     *name)
{
  g_return_if_fail (KH_IS_NEW_KEY_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
}

void
kh_new_key_dialog_set_content (KhNewKeyDialog *self,
                               const char     *field,
                               const char     *value,
                               double          score)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (KH_IS_NEW_KEY_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->field_row), field != NULL ? field : "");
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), value != NULL ? value : "");
  gtk_editable_set_text (GTK_EDITABLE (self->score_row), g_ascii_dtostr (buffer, sizeof buffer, score));
}

void
kh_new_key_dialog_set_ttl (KhNewKeyDialog *self,
                           gint64          ttl_seconds)
{
  g_return_if_fail (KH_IS_NEW_KEY_DIALOG (self));

  adw_expander_row_set_enable_expansion (self->ttl_row, ttl_seconds > 0);
  if (ttl_seconds > 0)
    gtk_spin_button_set_value (self->ttl_spin, (double) ttl_seconds);
}

void
kh_new_key_dialog_set_replace (KhNewKeyDialog *self,
                               gboolean        replace)
{
  g_return_if_fail (KH_IS_NEW_KEY_DIALOG (self));

  gtk_switch_set_active (self->replace_switch, replace);
}

gboolean
kh_new_key_dialog_get_busy (KhNewKeyDialog *self)
{
  g_return_val_if_fail (KH_IS_NEW_KEY_DIALOG (self), FALSE);

  return self->busy;
}

const char *
kh_new_key_dialog_get_error (KhNewKeyDialog *self)
{
  g_return_val_if_fail (KH_IS_NEW_KEY_DIALOG (self), NULL);

  return self->error;
}

/* GObject */

static void
kh_new_key_dialog_dispose (GObject *object)
{
  KhNewKeyDialog *self = KH_NEW_KEY_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (kh_new_key_dialog_parent_class)->dispose (object);
}

static void
kh_new_key_dialog_finalize (GObject *object)
{
  KhNewKeyDialog *self = KH_NEW_KEY_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (kh_new_key_dialog_parent_class)->finalize (object);
}

static void
kh_new_key_dialog_class_init (KhNewKeyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_new_key_dialog_dispose;
  object_class->finalize = kh_new_key_dialog_finalize;

  /**
   * KhNewKeyDialog::created:
   * @key: the new key
   *
   * The server has the key; the dialog closes next.
   */
  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/keyhole/Keyhole/ui/kh-new-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, content_group);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, field_row);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, score_row);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, ttl_row);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, ttl_spin);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, replace_switch);
  gtk_widget_class_bind_template_child (widget_class, KhNewKeyDialog, error_label);

  gtk_widget_class_install_action (widget_class, "new-key.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "new-key.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kh_new_key_dialog_init (KhNewKeyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->type_row, "notify::selected", G_CALLBACK (on_type_selected), self, 0);
  g_signal_connect_object (self->name_row, "entry-activated", G_CALLBACK (on_entry_activated), self, 0);
  g_signal_connect_object (self->value_row, "entry-activated", G_CALLBACK (on_entry_activated), self, 0);
  g_signal_connect_object (self->score_row, "entry-activated", G_CALLBACK (on_entry_activated), self, 0);
  update_content_rows (self);
}

KhNewKeyDialog *
kh_new_key_dialog_new (GtkWindow *parent,
                       KhSession *session)
{
  KhNewKeyDialog *self;

  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  self = g_object_new (KH_TYPE_NEW_KEY_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  update_actions (self);
  if (kh_session_is_read_only (session))
    set_error (self, _("This connection is read-only: keys cannot be created."));
  return self;
}

KhNewKeyDialog *
kh_new_key_dialog_present (GtkWindow *parent,
                           KhSession *session)
{
  KhNewKeyDialog *self = kh_new_key_dialog_new (parent, session);

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}
