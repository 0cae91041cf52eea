/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-view.h: the content of a connection tab */
#pragma once

#include <adwaita.h>

#include "kh-profile.h"
#include "kh-sandbox.h"
#include "kh-server-sampler.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_SESSION_VIEW (kh_session_view_get_type ())
G_DECLARE_FINAL_TYPE (KhSessionView, kh_session_view, KH, SESSION_VIEW, AdwBin)

/* A view for @profile; nothing happens until kh_session_view_connect(). With
 * @sandbox (for a KH_PROVIDER_SANDBOX profile), connecting first starts the
 * sandbox when it is not running and points the profile at its socket. */
KhSessionView *kh_session_view_new          (KhProfile     *profile,
                                             KhSandbox     *sandbox);

/* Looks up the password (keyring, then asks when the server wants one), opens
 * a new KhSession and shows it; a running attempt is cancelled first. */
void           kh_session_view_connect      (KhSessionView *self);
/* Cancels what is running and closes the session. */
void           kh_session_view_close        (KhSessionView *self);

/* Adds a page to the view switcher of a connected session. @name is the
 * stack child name, @title and @icon_name what the switcher shows. Pages stay
 * across reconnects and retries: follow "session-ready" for the new session. */
void           kh_session_view_add_page     (KhSessionView *self,
                                             GtkWidget     *page,
                                             const char    *name,
                                             const char    *title,
                                             const char    *icon_name);

KhProfile     *kh_session_view_get_profile  (KhSessionView *self);
/* After the profile was edited: shown at once, used at the next connect. */
void           kh_session_view_set_profile  (KhSessionView *self,
                                             KhProfile     *profile);
/* The current session; NULL before the first attempt. Notified as "session". */
KhSession     *kh_session_view_get_session  (KhSessionView *self);
/* The session's load history, sampled from the moment it opened; NULL until then. */
KhServerSampler *kh_session_view_get_sampler (KhSessionView *self);
/* TRUE while connecting (or starting the sandbox). */
gboolean       kh_session_view_get_loading  (KhSessionView *self);
/* "connecting", "error" or "ready". */
const char    *kh_session_view_get_page_name (KhSessionView *self);
/* The provider's symbolic icon, and a dot in the profile's colour (NULL
 * without a colour): for the tab. */
GIcon         *kh_session_view_get_icon           (KhSessionView *self);
GIcon         *kh_session_view_get_indicator_icon (KhSessionView *self);

G_END_DECLS
