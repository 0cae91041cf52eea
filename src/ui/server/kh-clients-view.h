/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-clients-view.h: the clients connected to a server, with Keyhole's own marked */
#pragma once

#include <adwaita.h>

#include "kh-client-info.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_CLIENTS_VIEW (kh_clients_view_get_type ())

G_DECLARE_FINAL_TYPE (KhClientsView, kh_clients_view, KH, CLIENTS_VIEW, GtkWidget)

/* Reads CLIENT LIST each time the view is shown and on Refresh. */
GtkWidget    *kh_clients_view_new         (KhSession     *session);

KhSession    *kh_clients_view_get_session (KhClientsView *self);
void          kh_clients_view_refresh     (KhClientsView *self);
/* TRUE while a refresh or a kill waits for the server. */
gboolean      kh_clients_view_get_loading (KhClientsView *self);
/* The clients shown, KhClientInfo items in the current sort order. */
GListModel   *kh_clients_view_get_model   (KhClientsView *self);
/* CLIENT ID of the session's connection; 0 until known. */
guint64       kh_clients_view_get_own_id  (KhClientsView *self);
/* Selects @client's row; NULL clears the selection. */
void          kh_clients_view_select      (KhClientsView *self,
                                           KhClientInfo  *client);

G_END_DECLS
