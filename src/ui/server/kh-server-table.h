/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-server-table.h: what the views of a table read from the server share
 * (the clients, the slow log): requests whose replies may outlive the view,
 * notices, sortable columns, and asking before a destructive command */
#pragma once

#include <adwaita.h>

#include "kh-session.h"

G_BEGIN_DECLS

/* A view's commands: the view is loading while any wait for their reply,
 * and replies that arrive after the view was disposed are dropped. Part of
 * the view's instance struct. */
typedef struct {
  GObject      *view;
  GParamSpec   *loading;      /* notified when the first is sent and the last answered */
  GCancellable *cancellable;
  guint         n_pending;
} KhServerTableRequests;

typedef struct _KhServerTableRequest KhServerTableRequest;

/* For the view's init. */
void      kh_server_table_requests_init     (KhServerTableRequests *requests,
                                             GObject               *view,
                                             GParamSpec            *loading);
/* For the view's dispose: replies still to come are dropped. */
void      kh_server_table_requests_cancel   (KhServerTableRequests *requests);
/* For the view's finalize. */
void      kh_server_table_requests_clear    (KhServerTableRequests *requests);
gboolean  kh_server_table_requests_loading  (KhServerTableRequests *requests);
/* Starts a request, which holds @data until it is freed: give the core's
 * async call kh_server_table_request_get_cancellable() and @callback, with
 * the request as its user data. */
KhServerTableRequest *kh_server_table_requests_start (KhServerTableRequests *requests,
                                                      gpointer               data,
                                                      GDestroyNotify         destroy);
GCancellable *kh_server_table_request_get_cancellable (KhServerTableRequest *request);
/* In the callback: the view, or NULL when it was disposed meanwhile. */
gpointer  kh_server_table_request_finish    (KhServerTableRequest  *request);
gpointer  kh_server_table_request_get_data  (KhServerTableRequest  *request);
void      kh_server_table_request_free      (KhServerTableRequest  *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhServerTableRequest, kh_server_table_request_free)

/* Says @text in a toast, and in @summary_label until the next refresh. */
void      kh_server_table_notify            (GtkWidget             *view,
                                             GtkLabel              *summary_label,
                                             const char            *text);
/* Appends a resizable column whose cells @factory (transfer full) makes,
 * sorted by the @property of its @item_type items: as numbers when
 * @numeric. */
void      kh_server_table_add_column        (GtkColumnView         *view,
                                             GtkListItemFactory    *factory,
                                             const char            *title,
                                             GType                  item_type,
                                             const char            *property,
                                             gboolean               numeric,
                                             gboolean               expand);
/* Shows @items in @view, in the order of the column the user sorts by, one
 * selected at most (a GtkSingleSelection). Returns the sorted model. */
GtkSortListModel *kh_server_table_set_items (GtkColumnView         *view,
                                             GListModel            *items);
/* A dialog asking before a destructive command, not yet presented: its
 * choices are "cancel" (the default) and @response, labelled @label. */
AdwMessageDialog *kh_server_table_new_confirmation (GtkWidget      *view,
                                                    const char     *heading,
                                                    const char     *body,
                                                    const char     *response,
                                                    const char     *label);

G_END_DECLS
