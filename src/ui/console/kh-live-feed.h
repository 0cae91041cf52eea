/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-live-feed.h: what the views of a live feed share (MONITOR, Pub/Sub):
 * following the newest item, times of arrival, and their lists' rows */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Keeps the newest item in view while the user is at the end of the list;
 * scrolling up stops that until they scroll back down. Part of the view's
 * instance struct. */
typedef struct {
  GtkScrolledWindow *scroller;
  GtkWidget         *list;      /* the scrolled list, whose frames scroll */
  gboolean           follow;
  guint              tick;
  guint              passes;      /* frames the tick has scrolled at since the last items came */
  double             last_value;  /* the adjustment's, to tell scrolling up from growing */
} KhLiveFeedScroll;

void   kh_live_feed_scroll_init   (KhLiveFeedScroll  *scroll,
                                   GtkScrolledWindow *scroller,
                                   GtkWidget         *list);
/* After @added items were appended. */
void   kh_live_feed_scroll_added  (KhLiveFeedScroll  *scroll,
                                   guint              added);
/* For the view's dispose. */
void   kh_live_feed_scroll_clear  (KhLiveFeedScroll  *scroll);

/* "14:03:27.512", local time. */
char  *kh_live_feed_format_time   (gint64             time_us);

/* Shows @model in @view, without selection, in rows that @setup and @bind
 * (GtkSignalListItemFactory handlers) make. */
void   kh_live_feed_set_list      (GtkListView       *view,
                                   GListModel        *model,
                                   GCallback          setup,
                                   GCallback          bind);
/* A @setup for rows of a name and, at the end, a dim count: two labels. */
void   kh_live_feed_setup_count_row (GtkSignalListItemFactory *factory,
                                     GtkListItem              *item,
                                     gpointer                  user_data);

G_END_DECLS
