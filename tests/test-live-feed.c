/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-live-feed.c: a live feed's list (Monitor, Pub/Sub) keeps its newest line in view */
#include "config.h"

#include <adwaita.h>

#include "kh-live-feed.h"
#include "kh-test-ui.h"

#define N_BURSTS   12
#define BURST_SIZE 40

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0 &&
      gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_live_feed_follows_newest (void)
{
  g_autoptr(GtkStringList) lines = gtk_string_list_new (NULL);
  KhLiveFeedScroll scroll = { 0 };
  GtkWindow *window;
  GtkWidget *scroller, *list, *newest;
  graphene_rect_t bounds;
  g_autofree char *last = NULL;
  guint n = 0;

  if (kh_test_skip_without_display ())
    return;

  window = GTK_WINDOW (gtk_window_new ());
  scroller = gtk_scrolled_window_new ();
  list = gtk_list_view_new (NULL, NULL);
  kh_live_feed_set_list (GTK_LIST_VIEW (list), G_LIST_MODEL (lines), G_CALLBACK (setup_row), G_CALLBACK (bind_row));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (window, scroller);
  gtk_window_set_default_size (window, 500, 300);
  gtk_window_present (window);
  kh_live_feed_scroll_init (&scroll, GTK_SCROLLED_WINDOW (scroller), list);
  kh_test_iterate_briefly ();

  /* Lines come in bursts, as MONITOR delivers them. */
  for (guint burst = 0; burst < N_BURSTS; burst++)
    {
      for (guint i = 0; i < BURST_SIZE; i++)
        {
          g_autofree char *line = g_strdup_printf ("line %u", n++);

          gtk_string_list_append (lines, line);
        }
      kh_live_feed_scroll_added (&scroll, BURST_SIZE);
      kh_test_iterate_briefly ();
    }
  /* A few frames, for the scroll and the layout after it. */
  for (gint64 end = g_get_monotonic_time () + 500 * 1000; g_get_monotonic_time () < end;)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }

  /* The newest line is on screen, whole. */
  last = g_strdup_printf ("line %u", n - 1);
  newest = find_label (list, last);
  g_assert_nonnull (newest);
  g_assert_true (gtk_widget_compute_bounds (newest, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller) + 0.5);
  g_assert_true (scroll.follow);

  kh_live_feed_scroll_clear (&scroll);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  kh_test_ui_init ();

  g_test_add_func ("/ui/live-feed/follows-newest", test_live_feed_follows_newest);

  return g_test_run ();
}
