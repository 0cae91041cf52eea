/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-browser.h: the fixture and helpers test-key-browser-util.c gives
 * test-key-browser.c and test-key-browser-details.c */
#pragma once

#include <adwaita.h>

#include "kh-key-browser.h"
#include "kh-key-item.h"
#include "kh-test-server.h"
#include "kh-test-ui.h"

#define N_USERS    1500
#define N_SESSIONS 1200
#define N_PAGES    300
/* the three namespaces, one key outside them and one binary key */
#define N_KEYS     (N_USERS + N_SESSIONS + N_PAGES + 2)

typedef gboolean (*Condition) (gpointer data);

typedef struct {
  KhTestServer *server;
  KhSession    *session;
  GtkWindow    *window;
  KhKeyBrowser *browser;
} Fixture;

/* Runs the main loop until @condition holds, failing after @timeout_ms */
void
wait_for (Condition  condition,
          gpointer   data,
          guint      timeout_ms,
          const char *what);

KhSession *
open_session (KhTestServer   *server,
              KhSessionFlags  flags);

void
on_last_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data);

gboolean
loaded (gpointer data);

void
fixture_show (Fixture        *f,
              KhSessionFlags  flags);

/* A server filled with N_KEYS keys, loaded in a window; FALSE when the test
 * is skipped */
gboolean
fixture_show_filled (Fixture       *f,
                     gconstpointer  kind);

void
fixture_close (Fixture *f);

GObject *
child (Fixture    *f,
       const char *name);

guint
n_rows (Fixture *f);

KhKeyItem *
row_item (Fixture *f,
          guint    position);

void
wait_for_rows (Fixture *f,
               guint    n);

gboolean
at_start (gpointer data);

/* Until the list has been laid out and drawn once more */
void
wait_for_frame (Fixture *f);

/* The row widgets show consecutive rows of the list, each the key of its
 * position: GTK binds rows again and again as their positions move while
 * keys load or a filter changes, and a row bound again to the key it had
 * keeps what it shows */
void
assert_rows_show_their_keys (Fixture *f,
                             guint    at_least);

AdwMessageDialog *
find_dialog (void);

gboolean
dialog_shown (gpointer data);

void
respond (const char *response);
