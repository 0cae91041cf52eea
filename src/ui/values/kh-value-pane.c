/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-pane.c: what every per-type value view shares
 *
 * Loads use the pane's cancellable, which dies with the pane, so a key that
 * is no longer shown never receives late pages. Writes are not cancelled
 * (once sent they run), but their results are ignored once the pane is gone.
 * The pane's dialogs are in kh-value-pane-dialogs.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-error.h"
#include "kh-toast.h"
#include "kh-value-pane-private.h"

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KhValuePane, kh_value_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_KEY,
  PROP_LOADING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MESSAGE,
  SIGNAL_CHANGED,
  SIGNAL_GONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
kh_value_pane_read_only_tip (void)
{
  return _("This connection is read-only");
}

/* Accessors */

KhSession *
kh_value_pane_get_session (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return priv->session;
}

GBytes *
kh_value_pane_get_key (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return priv->key;
}

char *
kh_value_pane_dup_display_key (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return kh_value_format_cell (priv->key);
}

const KhValueHeader *
kh_value_pane_get_header (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return priv->has_header ? &priv->header : NULL;
}

void
kh_value_pane_set_header (KhValuePane         *self,
                          const KhValueHeader *header)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  priv->has_header = header != NULL;
  if (header != NULL)
    priv->header = *header;   /* its strings are interned */
  kh_value_pane_update_actions (self);
}

gboolean
kh_value_pane_is_read_only (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), TRUE);

  return priv->gone || priv->session == NULL || kh_session_is_read_only (priv->session);
}

void
kh_value_pane_set_gone (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (priv->gone)
    return;
  priv->gone = TRUE;
  if (priv->value_view != NULL)
    gtk_text_view_set_editable (priv->value_view, FALSE);
  kh_value_pane_update_actions (self);
}

gboolean
kh_value_pane_get_gone (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  return priv->gone;
}

GCancellable *
kh_value_pane_get_cancellable (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), NULL);

  return priv->cancellable;
}

/* Loading and writing */

void
kh_value_pane_reload (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (priv->disposed)
    return;
  /* Pages of the previous load must not land in the new one */
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  priv->loading = FALSE;
  priv->more_available = FALSE;
  if (priv->rows != NULL)
    {
      g_list_store_remove_all (priv->rows);
      kh_value_pane_show_row (self, NULL);
    }

  if (KH_VALUE_PANE_GET_CLASS (self)->reload != NULL)
    KH_VALUE_PANE_GET_CLASS (self)->reload (self);
  kh_value_pane_update_actions (self);
}

KhValuePanePrivate *
kh_value_pane_get_private (KhValuePane *self)
{
  return kh_value_pane_get_instance_private (self);
}

/* Here: the offsets of the private fields are only known in this file */
void
kh_value_pane_class_bind_rows (GtkWidgetClass *widget_class)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), KH_TYPE_VALUE_PANE));

  gtk_widget_class_bind_template_child_private (widget_class, KhValuePane, column_view);
  gtk_widget_class_bind_template_child_private (widget_class, KhValuePane, scrolled);
  gtk_widget_class_bind_template_child_private (widget_class, KhValuePane, count_label);
  gtk_widget_class_bind_template_child_private (widget_class, KhValuePane, load_more_button);
}

gboolean
kh_value_pane_is_closed (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  return priv->disposed;
}

void
kh_value_pane_close (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  priv->disposed = TRUE;
  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
}

gboolean
kh_value_pane_can_save (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);
  KhValuePaneClass *klass;

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  klass = KH_VALUE_PANE_GET_CLASS (self);
  if (klass->save == NULL || priv->disposed || kh_value_pane_is_read_only (self) ||
      priv->n_writes > 0 || priv->loading)
    return FALSE;
  return klass->can_save == NULL || klass->can_save (self);
}

void
kh_value_pane_save (KhValuePane *self)
{
  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (kh_value_pane_can_save (self))
    KH_VALUE_PANE_GET_CLASS (self)->save (self);
}

void
kh_value_pane_update_actions (KhValuePane *self)
{
  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (KH_VALUE_PANE_GET_CLASS (self)->update_actions != NULL)
    KH_VALUE_PANE_GET_CLASS (self)->update_actions (self);
}

static void
kh_value_pane_real_update_actions (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);
  KhValuePaneClass *klass = KH_VALUE_PANE_GET_CLASS (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.save", kh_value_pane_can_save (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.revert",
                                 klass->revert != NULL && klass->can_revert != NULL && klass->can_revert (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.load-more",
                                 klass->load_more != NULL && priv->more_available && !priv->loading);
}

gboolean
kh_value_pane_get_loading (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  return priv->loading;
}

void
kh_value_pane_set_loading (KhValuePane *self,
                           gboolean     loading)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  loading = !!loading;
  if (priv->loading == loading)
    return;
  priv->loading = loading;
  kh_value_pane_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
kh_value_pane_get_busy (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_val_if_fail (KH_IS_VALUE_PANE (self), FALSE);

  return priv->n_writes > 0;
}

void
kh_value_pane_begin_write (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  priv->n_writes++;
  if (priv->n_writes == 1)
    {
      kh_value_pane_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

void
kh_value_pane_end_write (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));
  g_return_if_fail (priv->n_writes > 0);

  priv->n_writes--;
  if (priv->n_writes == 0 && !priv->disposed)
    {
      kh_value_pane_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

/* Telling the user */

void
kh_value_pane_show_message (KhValuePane *self,
                            const char  *text)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (!priv->disposed)
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

void
kh_value_pane_show_error (KhValuePane  *self,
                          const GError *error)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));
  g_return_if_fail (error != NULL);

  if (priv->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, KH_ERROR, KH_ERROR_NOT_FOUND))
    g_signal_emit (self, signals[SIGNAL_GONE], 0);
  else
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      /* The key holds another type now: the header finds out which */
      if (g_error_matches (error, KH_ERROR, KH_ERROR_CONFLICT) && !priv->disposed)
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

void
kh_value_pane_toast (KhValuePane *self,
                     const char  *text)
{
  AdwToast *toast;

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 3);
  kh_toast_add (GTK_WIDGET (self), toast);
}

void
kh_value_pane_value_changed (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (!priv->disposed)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
kh_value_pane_editing_control (KhValuePane *self,
                               GtkWidget   *widget,
                               const char  *tooltip)
{
  g_return_if_fail (KH_IS_VALUE_PANE (self));

  if (kh_value_pane_is_read_only (self))
    {
      gtk_widget_set_sensitive (widget, FALSE);
      gtk_widget_set_tooltip_text (widget, kh_value_pane_read_only_tip ());
    }
  else
    gtk_widget_set_tooltip_text (widget, tooltip);
}

/* GObject */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kh_value_pane_save (KH_VALUE_PANE (widget));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhValuePaneClass *klass = KH_VALUE_PANE_GET_CLASS (widget);

  if (klass->revert != NULL)
    klass->revert (KH_VALUE_PANE (widget));
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kh_value_pane_load_more (KH_VALUE_PANE (widget));
}

static void
kh_value_pane_dispose (GObject *object)
{
  KhValuePane *self = KH_VALUE_PANE (object);
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);
  GtkWidget *child;

  priv->disposed = TRUE;
  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->shown_row);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kh_value_pane_parent_class)->dispose (object);
}

static void
kh_value_pane_finalize (GObject *object)
{
  KhValuePane *self = KH_VALUE_PANE (object);
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  g_clear_object (&priv->session);
  g_clear_pointer (&priv->key, g_bytes_unref);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->shown_row);
  g_clear_object (&priv->selection);
  g_clear_object (&priv->rows);

  G_OBJECT_CLASS (kh_value_pane_parent_class)->finalize (object);
}

static void
kh_value_pane_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KhValuePane *self = KH_VALUE_PANE (object);
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_KEY:
      g_value_set_boxed (value, priv->key);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, priv->loading);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, priv->n_writes > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_value_pane_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KhValuePane *self = KH_VALUE_PANE (object);
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    case PROP_KEY:
      priv->key = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_value_pane_class_init (KhValuePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_value_pane_dispose;
  object_class->finalize = kh_value_pane_finalize;
  object_class->get_property = kh_value_pane_get_property;
  object_class->set_property = kh_value_pane_set_property;
  klass->update_actions = kh_value_pane_real_update_actions;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_boxed ("key", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhValuePane::message:
   * @text: a sentence saying what went wrong and what to do
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * KhValuePane::changed:
   *
   * The pane wrote to the key: its length or size may differ.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * KhValuePane::gone:
   *
   * The key no longer exists.
   */
  signals[SIGNAL_GONE] =
    g_signal_new ("gone", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "pane.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "pane.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "pane.load-more", NULL, load_more_action);
}

static void
kh_value_pane_init (KhValuePane *self)
{
  KhValuePanePrivate *priv = kh_value_pane_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}
