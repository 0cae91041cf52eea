/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-dialog-focus.c: gives a window the keyboard focus back when one of its
 * dialogs closes
 *
 * A window keeps its focus widget while a dialog is up, but what the dialog
 * did often takes that widget away: an answer starts a write that disables
 * the button that asked (GTK then drops the focus), or the rows are made
 * again. The window is left with no focus at all, and the keyboard does
 * nothing until a click. So when a dialog of the window is unmapped, once its
 * response has run (in an idle), and if nothing has the focus:
 *
 *  - the widget that had it when the dialog opened gets it back;
 *  - if that widget is insensitive (a write in progress), it gets it back
 *    when it is sensitive again, unless something took the focus meanwhile;
 *  - if it is gone from the window, its nearest ancestor that can take the
 *    focus gets it: the list around a row that is gone, for instance.
 *
 * Every toplevel is watched, as dialogs are made in many places; only those
 * transient for the window count.
 */
#include "config.h"

#include "kh-dialog-focus.h"

#define STATE_KEY "kh-dialog-focus-state"

/* What a dialog's window had focused when the dialog was mapped */
typedef struct {
  GWeakRef   window;
  GPtrArray *chain;   /* GWeakRef *: the focus widget, then its ancestors up to the window */
} Saved;

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
saved_free (gpointer data)
{
  Saved *saved = data;

  g_weak_ref_clear (&saved->window);
  g_ptr_array_unref (saved->chain);
  g_free (saved);
}

static Saved *
saved_new (GtkWindow *window)
{
  Saved *saved = g_new0 (Saved, 1);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  g_weak_ref_init (&saved->window, window);
  saved->chain = g_ptr_array_new_with_free_func (weak_ref_free);
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (window); w = gtk_widget_get_parent (w))
    g_ptr_array_add (saved->chain, weak_ref_new (w));
  return saved;
}

static Saved *
saved_copy (Saved *saved)
{
  Saved *copy = g_new0 (Saved, 1);
  g_autoptr(GObject) window = g_weak_ref_get (&saved->window);

  g_weak_ref_init (&copy->window, window);
  copy->chain = g_ptr_array_new_with_free_func (weak_ref_free);
  for (guint i = 0; i < saved->chain->len; i++)
    {
      g_autoptr(GObject) widget = g_weak_ref_get (g_ptr_array_index (saved->chain, i));

      g_ptr_array_add (copy->chain, weak_ref_new (widget));
    }
  return copy;
}

static gboolean
is_in (GtkWidget *widget,
       GtkWindow *window)
{
  return widget != NULL && gtk_widget_get_root (widget) == GTK_ROOT (window) && gtk_widget_get_mapped (widget);
}

static void
on_state_flags_changed (GtkWidget     *widget,
                        GtkStateFlags  previous,
                        Saved         *saved)
{
  g_autoptr(GtkWindow) window = g_weak_ref_get (&saved->window);

  if (!gtk_widget_is_sensitive (widget))
    return;
  if (window != NULL && gtk_root_get_focus (GTK_ROOT (window)) == NULL && is_in (widget, window))
    gtk_widget_grab_focus (widget);
  /* Frees @saved */
  g_signal_handlers_disconnect_by_func (widget, on_state_flags_changed, saved);
}

static void
restore (Saved *saved)
{
  g_autoptr(GtkWindow) window = g_weak_ref_get (&saved->window);

  if (window == NULL || gtk_root_get_focus (GTK_ROOT (window)) != NULL)
    return;

  for (guint i = 0; i < saved->chain->len; i++)
    {
      g_autoptr(GtkWidget) widget = g_weak_ref_get (g_ptr_array_index (saved->chain, i));

      if (!is_in (widget, window))
        continue;
      /* Disabled for now: back when it is enabled again */
      if (i == 0 && !gtk_widget_is_sensitive (widget))
        {
          g_signal_connect_data (widget, "state-flags-changed", G_CALLBACK (on_state_flags_changed),
                                 saved_copy (saved), (GClosureNotify) (void (*) (void)) saved_free,
                                 G_CONNECT_AFTER);
          return;
        }
      if (gtk_widget_is_sensitive (widget) && gtk_widget_grab_focus (widget))
        return;
    }
}

static gboolean
restore_idle (gpointer data)
{
  restore (data);
  return G_SOURCE_REMOVE;
}

static void
on_dialog_unmap (GtkWindow *dialog,
                 Saved     *saved)
{
  g_assert (GTK_IS_WINDOW (dialog));

  /* The dialog may be gone before the idle runs: the idle has its own copy */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_idle, saved_copy (saved), saved_free);
}

static void
on_dialog_map (GtkWindow *dialog,
               GtkWindow *window)
{
  Saved *saved;

  g_assert (GTK_IS_WINDOW (dialog));
  g_assert (GTK_IS_WINDOW (window));

  if (gtk_window_get_transient_for (dialog) != window)
    return;

  /* Mapped again: the focus of now is the one to give back */
  g_signal_handlers_disconnect_matched (dialog, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_dialog_unmap, NULL);
  saved = saved_new (window);
  g_object_set_data_full (G_OBJECT (dialog), STATE_KEY, saved, saved_free);
  /* "unmap", not "hide": gtk_window_destroy() hides without the signal */
  g_signal_connect (dialog, "unmap", G_CALLBACK (on_dialog_unmap), saved);
}

static void
on_toplevels_changed (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GtkWindow  *window)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      /* Not transient for anything yet: that is set after the window is listed */
      if (toplevel != window)
        g_signal_connect_object (toplevel, "map", G_CALLBACK (on_dialog_map), window, G_CONNECT_DEFAULT);
    }
}

void
kh_dialog_focus_watch (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed), window, G_CONNECT_DEFAULT);
}
