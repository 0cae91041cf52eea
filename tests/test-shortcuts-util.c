/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-shortcuts-util.c: the server's state, finding widgets, and putting
 * the window in the context a shortcut names, for test-shortcuts */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "test-shortcuts.h"

/* Server state */

/* The CLI's answer to one command, without the line end */
char *
cli (const char *first_arg,
     ...)
{
  const char *args[8] = { first_arg };
  guint n = 1;
  va_list ap;
  char *out;

  va_start (ap, first_arg);
  while (n < G_N_ELEMENTS (args) - 1 && (args[n] = va_arg (ap, const char *)) != NULL)
    n++;
  va_end (ap);
  args[n] = NULL;

  out = kh_test_server_cli (f.server, args[0], args[1], args[2], args[3], args[4], args[5], args[6], NULL);
  g_assert_nonnull (out);
  return g_strstrip (out);
}

gint64
cli_int (const char *first_arg,
         ...)
{
  const char *args[4] = { first_arg };
  guint n = 1;
  va_list ap;
  g_autofree char *out = NULL;

  va_start (ap, first_arg);
  while (n < G_N_ELEMENTS (args) - 1 && (args[n] = va_arg (ap, const char *)) != NULL)
    n++;
  va_end (ap);
  args[n] = NULL;
  out = cli (args[0], args[1], args[2], NULL);
  return g_ascii_strtoll (out, NULL, 10);
}

/* How often the server ran commands whose INFO commandstats name starts with
 * @name ("client|list") */
guint64
command_calls (const char *name)
{
  g_autofree char *info = cli ("INFO", "commandstats", NULL);
  g_autofree char *prefix = g_strdup_printf ("cmdstat_%s:calls=", name);
  const char *at = strstr (info, prefix);

  return at != NULL ? g_ascii_strtoull (at + strlen (prefix), NULL, 10) : 0;
}

gboolean
key_exists (gpointer name)
{
  return cli_int ("EXISTS", name, NULL) == 1;
}

gboolean
key_gone (gpointer name)
{
  return cli_int ("EXISTS", name, NULL) == 0;
}

/* Finding things */

GtkWidget *
find_shown (GType type)
{
  return GTK_WIDGET (kh_test_find_shown_toplevel (type));
}

gboolean
dialog_shown (gpointer type)
{
  return find_shown (GPOINTER_TO_SIZE (type)) != NULL;
}

gboolean
dialog_hidden (gpointer type)
{
  return find_shown (GPOINTER_TO_SIZE (type)) == NULL;
}

gboolean
message_dialog_shown (gpointer data)
{
  return kh_test_find_message_dialog () != NULL;
}

gboolean
message_dialog_hidden (gpointer data)
{
  return kh_test_find_message_dialog () == NULL;
}

/* The message dialog that is up, whose heading starts with @heading */
AdwMessageDialog *
wait_for_message_dialog (const char *heading)
{
  AdwMessageDialog *dialog;

  kh_test_wait_for (message_dialog_shown, NULL, 10000);
  dialog = kh_test_find_message_dialog ();
  if (!g_str_has_prefix (adw_message_dialog_get_heading (dialog), heading))
    g_error ("The dialog says “%s”, not “%s”", adw_message_dialog_get_heading (dialog), heading);
  return dialog;
}

GtkWidget *
focus_widget (void)
{
  return gtk_root_get_focus (GTK_ROOT (f.window));
}

gboolean
focus_in (GtkWidget *widget)
{
  GtkWidget *focus = focus_widget ();

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

gboolean
focus_is_in (gpointer widget)
{
  return focus_in (widget);
}

/* The row of a GtkListView (or of a GtkColumnView's list) that shows a
 * label reading @text */
GtkWidget *
find_row (GtkWidget  *list,
          const char *text)
{
  GtkWidget *label = kh_test_find_label (list, text);
  GtkWidget *row = label;

  g_assert_nonnull (label);
  while (row != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)))
    row = gtk_widget_get_parent (row);
  g_assert_nonnull (row);
  return row;
}

GtkWidget *
value_view (void)
{
  return kh_test_find_widget_of_type (GTK_WIDGET (f.browser), KH_TYPE_VALUE_VIEW);
}

gboolean
value_shows (gpointer name)
{
  GtkWidget *view = value_view ();
  GBytes *key = view != NULL ? kh_value_view_get_key (KH_VALUE_VIEW (view)) : NULL;

  return key != NULL && g_bytes_get_size (key) == strlen (name) &&
         memcmp (g_bytes_get_data (key, NULL), name, strlen (name)) == 0 &&
         !kh_value_view_get_loading (KH_VALUE_VIEW (view)) &&
         kh_value_view_get_state (KH_VALUE_VIEW (view)) == KH_VALUE_VIEW_VALUE;
}

gboolean
selected_is (gpointer name)
{
  GBytes *key = kh_key_browser_get_selected_key (f.browser);

  return key != NULL && g_bytes_get_size (key) == strlen (name) &&
         memcmp (g_bytes_get_data (key, NULL), name, strlen (name)) == 0;
}

/* Contexts */

void
show_page (const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (kh_test_find_widget_of_type (GTK_WIDGET (f.view), ADW_TYPE_VIEW_STACK));

  adw_tab_view_set_selected_page (kh_window_get_tab_view (f.window),
                                  adw_tab_view_get_page (kh_window_get_tab_view (f.window), GTK_WIDGET (f.view)));
  adw_view_stack_set_visible_child_name (stack, name);
  kh_test_iterate_briefly ();
  kh_test_focus_window (GTK_WINDOW (f.window));
}

gboolean
browser_idle (gpointer data)
{
  return !kh_key_browser_get_loading (f.browser);
}

/* The keys page, @name selected, its row focused and its value shown */
GtkWidget *
focus_key_row (const char *name)
{
  g_autoptr(GBytes) key = g_bytes_new (name, strlen (name));
  GtkWidget *row;

  show_page ("keys");
  kh_test_wait_for (browser_idle, NULL, 20000);
  kh_key_browser_set_view_mode (f.browser, "list");
  g_assert_true (kh_key_browser_select_key (f.browser, key));
  kh_test_iterate_briefly ();
  row = find_row (GTK_WIDGET (f.browser->list_view), name);
  g_assert_true (gtk_widget_grab_focus (row));
  kh_test_wait_for (value_shows, name, 10000);
  /* Selecting made the value view: the row keeps the focus */
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_has_focus (row));
  return row;
}

/* The key's row has the focus again, as after a dialog closed */
void
assert_focus_back_in_list (void)
{
  kh_test_wait_for (focus_is_in, f.browser->list_view, 5000);
}

/* Presses Escape in the dialog that is up and waits until it is gone */
void
escape_message_dialog (void)
{
  kh_test_focus_window (GTK_WINDOW (kh_test_find_message_dialog ()));
  kh_test_press ("Escape");
  kh_test_wait_for (message_dialog_hidden, NULL, 5000);
}

/* Answers the dialog that is up as a click on @response would */
void
answer_message_dialog (const char *response)
{
  AdwMessageDialog *dialog = kh_test_find_message_dialog ();

  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  kh_test_wait_for (message_dialog_hidden, NULL, 5000);
}

/* Types @text as a user does */
void
type_text (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      char key[2] = { *c, '\0' };

      kh_test_press (key);
    }
}

gint64
hash_len (void)
{
  return cli_int ("HLEN", "profile", NULL);
}

gboolean
hash_shrank (gpointer data)
{
  return hash_len () < (gint64) GPOINTER_TO_SIZE (data);
}

gboolean
hash_grew (gpointer data)
{
  return hash_len () > (gint64) GPOINTER_TO_SIZE (data);
}
