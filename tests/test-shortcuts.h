/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-shortcuts.h: what the three files of test-shortcuts share: the window
 * under test, helpers that put it in a context, and the checks */
#pragma once

/* The value of the key "long-line": one line of this many x */
#define LONG_LINE_LENGTH 20000

#include <adwaita.h>

#include "kh-application.h"
#include "kh-clients-view.h"
#include "kh-console-view.h"
#include "kh-key-browser-private.h"
#include "kh-new-key-dialog.h"
#include "kh-preferences-window.h"
#include "kh-profile-dialog.h"
#include "kh-slowlog-view.h"
#include "kh-stream-view.h"
#include "kh-test-keys.h"
#include "kh-test-server.h"
#include "kh-test-ui.h"
#include "kh-value-view.h"
#include "kh-window.h"

G_BEGIN_DECLS

typedef struct {
  KhTestServer   *server;
  KhApplication  *app;
  KhProfileStore *store;
  KhWindow       *window;
  KhProfile      *profile;
  KhSessionView  *view;
  KhKeyBrowser   *browser;
} Fixture;

/* The window under test, connected to a server with keys (test-shortcuts.c) */
extern Fixture f;

/* test-shortcuts-util.c: the server's state, finding widgets, contexts */
char *cli (const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
gint64 cli_int (const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
guint64 command_calls (const char *name);
gboolean key_exists (gpointer name);
gboolean key_gone (gpointer name);
GtkWidget *find_shown (GType type);
gboolean dialog_shown (gpointer type);
gboolean dialog_hidden (gpointer type);
gboolean message_dialog_shown (gpointer data);
gboolean message_dialog_hidden (gpointer data);
AdwMessageDialog *wait_for_message_dialog (const char *heading);
GtkWidget *focus_widget (void);
gboolean focus_in (GtkWidget *widget);
gboolean focus_is_in (gpointer widget);
GtkWidget *find_row (GtkWidget *list, const char *text);
GtkWidget *value_view (void);
gboolean value_shows (gpointer name);
gboolean selected_is (gpointer name);
void show_page (const char *name);
gboolean browser_idle (gpointer data);
GtkWidget *focus_key_row (const char *name);
void assert_focus_back_in_list (void);
void escape_message_dialog (void);
void answer_message_dialog (const char *response);
void type_text (const char *text);
gint64 hash_len (void);
gboolean hash_shrank (gpointer data);
gboolean hash_grew (gpointer data);

/* test-shortcuts-checks.c: what each shortcut of the shortcuts window does,
 * by its group and title there */
typedef struct {
  const char *group;
  const char *title;
  void      (*check) (const char *accel);
  guint       n_checked;
} Check;

extern Check checks[];
extern const guint n_checks;

void check_delete_key (const char *accel);

G_END_DECLS
