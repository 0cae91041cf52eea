/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-preferences-window.c: the application's preferences
 *
 * Every row is bound to the app.keyhole.Keyhole GSettings with g_settings_bind,
 * so there is no Apply button and each change is saved as it is made. The
 * application follows "style" itself (KhApplication applies it through
 * AdwStyleManager); the server view follows the poll interval and chart span.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-settings.h"
#include "kh-preferences-window.h"

struct _KhPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  AdwPreferencesGroup  *unavailable_group;
  AdwPreferencesGroup  *appearance_group;
  AdwPreferencesGroup  *metrics_group;
  AdwPreferencesGroup  *connections_group;
  AdwComboRow          *style_row;
  GtkSpinButton        *poll_interval_spin;
  AdwActionRow         *poll_interval_row;
  GtkSpinButton        *chart_span_spin;
  AdwEntryRow          *delimiter_row;
  GtkSwitch            *economy_switch;
};

G_DEFINE_FINAL_TYPE (KhPreferencesWindow, kh_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The combo row's items, in the order of the .ui's string list. */
static const char * const style_values[] = { "system", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *style = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_values); i++)
    {
      if (g_strcmp0 (style, style_values[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  /* GTK_INVALID_LIST_POSITION while the model is being replaced: keep the setting. */
  if (selected >= G_N_ELEMENTS (style_values))
    return NULL;
  return g_variant_new_string (style_values[selected]);
}

/* An empty delimiter would put every key in one group: keep the last real one. */
static GVariant *
delimiter_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  const char *text = g_value_get_string (value);

  if (text == NULL || *text == '\0')
    return NULL;
  return g_variant_new_string (text);
}

static gboolean
delimiter_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_string (value, g_variant_get_string (variant, NULL));
  return TRUE;
}

/* What the interval costs: each open connection sends one INFO per interval. */
static void
kh_preferences_window_update_poll_cost (KhPreferencesWindow *self)
{
  guint seconds = MAX (g_settings_get_uint (self->settings, "poll-interval"), 1);
  g_autofree char *per_hour = g_strdup_printf ("%'u", 3600 / seconds);
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf (ngettext ("Seconds between two samples of a server’s statistics, from the moment a connection opens. "
                                        "INFO every %u second: %s commands an hour per connection. "
                                        "Economy-mode connections sample only while their Server page is shown.",
                                        "Seconds between two samples of a server’s statistics, from the moment a connection opens. "
                                        "INFO every %u seconds: %s commands an hour per connection. "
                                        "Economy-mode connections sample only while their Server page is shown.",
                                        seconds),
                              seconds, per_hour);
  adw_action_row_set_subtitle (self->poll_interval_row, subtitle);
}

static void
kh_preferences_window_bind (KhPreferencesWindow *self)
{
  g_signal_connect_object (self->settings, "changed::poll-interval",
                           G_CALLBACK (kh_preferences_window_update_poll_cost), self, G_CONNECT_SWAPPED);
  kh_preferences_window_update_poll_cost (self);
  g_settings_bind_with_mapping (self->settings, "style",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  /* The spin buttons' double values map onto the unsigned keys; the schema's
   * range and the adjustments' bounds agree (1–60). */
  g_settings_bind (self->settings, "poll-interval",
                   self->poll_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "chart-span",
                   self->chart_span_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "default-delimiter",
                                self->delimiter_row, "text",
                                G_SETTINGS_BIND_DEFAULT,
                                delimiter_get_mapping, delimiter_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "economy-default",
                   self->economy_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
kh_preferences_window_constructed (GObject *object)
{
  KhPreferencesWindow *self = KH_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (kh_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = kh_settings_load ();

  if (self->settings != NULL)
    {
      kh_preferences_window_bind (self);
      return;
    }

  /* Rows that change nothing would mislead: show them off, and say why. */
  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_group), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->appearance_group), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->metrics_group), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connections_group), FALSE);
}

static void
kh_preferences_window_dispose (GObject *object)
{
  KhPreferencesWindow *self = KH_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kh_preferences_window_parent_class)->dispose (object);
}

static void
kh_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KhPreferencesWindow *self = KH_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KhPreferencesWindow *self = KH_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preferences_window_class_init (KhPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_preferences_window_constructed;
  object_class->dispose = kh_preferences_window_dispose;
  object_class->get_property = kh_preferences_window_get_property;
  object_class->set_property = kh_preferences_window_set_property;

  /**
   * KhPreferencesWindow:settings:
   *
   * The app.keyhole.Keyhole settings the rows edit; loaded when not given.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, unavailable_group);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, appearance_group);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, metrics_group);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, connections_group);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, poll_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, poll_interval_row);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, chart_span_spin);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, KhPreferencesWindow, economy_switch);
}

static void
kh_preferences_window_init (KhPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KhPreferencesWindow *
kh_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (KH_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

GSettings *
kh_preferences_window_get_settings (KhPreferencesWindow *self)
{
  g_return_val_if_fail (KH_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}
