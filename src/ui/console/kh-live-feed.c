/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-live-feed.c: what the views of a live feed share (MONITOR, Pub/Sub) */
#include "config.h"

#include "kh-live-feed.h"

/* Scrolls once the list has its new height: at the next frame, and again at the
 * one after. The list's height counts rows it has not measured yet as estimates,
 * so the first scroll's end fell short of the newest rows (by about 8 lines);
 * once those rows are laid out, the second one reaches the true end. */
static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  KhLiveFeedScroll *scroll = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroll->scroller);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* The user scrolled up in between: they are reading, leave the list where it is. */
  if (!scroll->follow)
    {
      scroll->tick = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adjustment, bottom);
  scroll->last_value = gtk_adjustment_get_value (adjustment);
  if (++scroll->passes < 3)
    return G_SOURCE_CONTINUE;
  scroll->tick = 0;
  return G_SOURCE_REMOVE;
}

static void
on_scrolled (GtkAdjustment    *adjustment,
             KhLiveFeedScroll *scroll)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  double value = gtk_adjustment_get_value (adjustment);

  /* Only the user scrolling up stops following: the list moving its rows as it
   * grows, or measuring the ones it had estimated, does not. */
  if (value >= bottom - 8)
    scroll->follow = TRUE;
  else if (value < scroll->last_value - 1)
    scroll->follow = FALSE;
  scroll->last_value = value;
}

void
kh_live_feed_scroll_init (KhLiveFeedScroll  *scroll,
                          GtkScrolledWindow *scroller,
                          GtkWidget         *list)
{
  scroll->scroller = scroller;
  scroll->list = list;
  scroll->follow = TRUE;
  scroll->tick = 0;
  g_signal_connect (gtk_scrolled_window_get_vadjustment (scroller), "value-changed",
                    G_CALLBACK (on_scrolled), scroll);
}

void
kh_live_feed_scroll_added (KhLiveFeedScroll *scroll,
                           guint             added)
{
  if (!scroll->follow || added == 0)
    return;
  scroll->passes = 0;
  if (scroll->tick == 0)
    scroll->tick = gtk_widget_add_tick_callback (scroll->list, scroll_to_end_tick, scroll, NULL);
}

void
kh_live_feed_scroll_clear (KhLiveFeedScroll *scroll)
{
  if (scroll->tick != 0 && scroll->list != NULL)
    gtk_widget_remove_tick_callback (scroll->list, scroll->tick);
  scroll->tick = 0;
  if (scroll->scroller != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (scroll->scroller), scroll);
  scroll->scroller = NULL;
  scroll->list = NULL;
}

char *
kh_live_feed_format_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *hms = local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");

  return g_strdup_printf ("%s.%03d", hms, (int) ((time_us % G_USEC_PER_SEC) / 1000));
}

void
kh_live_feed_set_list (GtkListView *view,
                       GListModel  *model,
                       GCallback    setup,
                       GCallback    bind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, NULL);
  gtk_list_view_set_factory (view, factory);
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (model))));
}

void
kh_live_feed_setup_count_row (GtkSignalListItemFactory *factory,
                              GtkListItem              *item,
                              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_item_set_child (item, box);
}
