/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-ui.c: helpers the widget tests share */
#include "kh-test-ui.h"

void
kh_test_ui_init (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      gtk_init ();
      adw_init ();
    }
}

void
kh_test_iterate_briefly (void)
{
  for (guint i = 0; i < 50; i++)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

GtkWidget *
kh_test_find_widget (GtkWidget        *widget,
                     KhTestWidgetTest  test,
                     gconstpointer     data)
{
  if (test (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kh_test_find_widget (child, test, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  label)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), label) == 0;
}

GtkWidget *
kh_test_find_label (GtkWidget  *widget,
                    const char *label)
{
  return kh_test_find_widget (widget, is_label, label);
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type);
}

GtkWidget *
kh_test_find_widget_of_type (GtkWidget *widget,
                             GType      type)
{
  return kh_test_find_widget (widget, is_of_type, &type);
}

static gboolean
is_actionable (GtkWidget     *widget,
               gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

GtkWidget *
kh_test_find_actionable (GtkWidget  *widget,
                         const char *action_name)
{
  return kh_test_find_widget (widget, is_actionable, action_name);
}

gboolean
kh_test_has_accel (char       **accels,
                   const char  *wanted)
{
  guint wanted_key, key;
  GdkModifierType wanted_mods, mods;

  g_assert_true (gtk_accelerator_parse (wanted, &wanted_key, &wanted_mods));
  for (guint i = 0; accels != NULL && accels[i] != NULL; i++)
    {
      if (gtk_accelerator_parse (accels[i], &key, &mods) && key == wanted_key && mods == wanted_mods)
        return TRUE;
    }
  return FALSE;
}

static GtkWindow *
find_toplevel (GType    type,
               gboolean shown_only)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      /* The list keeps its own reference: the window outlives this one. */
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          (!shown_only || gtk_widget_get_visible (GTK_WIDGET (window))))
        return window;
    }
  return NULL;
}

GtkWindow *
kh_test_find_toplevel (GType type)
{
  return find_toplevel (type, FALSE);
}

GtkWindow *
kh_test_find_shown_toplevel (GType type)
{
  return find_toplevel (type, TRUE);
}

AdwMessageDialog *
kh_test_find_message_dialog (void)
{
  return ADW_MESSAGE_DIALOG (kh_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}
