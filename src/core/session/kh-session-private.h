/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-private.h: KhSession's instance, shared by kh-session.c and
 * kh-session-facts.c (what the session learns about its server) */
#pragma once

#include "kh-session.h"

G_BEGIN_DECLS

struct _KhSession {
  GObject parent_instance;

  KhConnectionConfig *config;
  KhSessionFlags flags;
  KhSessionState state;
  char *description;
  guint database;

  KhConnection *connection;   /* connecting or connected; NULL otherwise */
  gulong closed_id;
  guint64 commands_base;      /* sent on connections no longer in use */
  GHashTable *commands_base_by_name; /* the same, per command name */
  GSource *notify_source;

  guint attempt;
  GSource *reconnect_source;

  KhServerKind server_kind;
  char *server_version;
  KhServerMode mode;
  guint64 maxmemory;
  char *maxmemory_policy;
  GHashTable *commands;       /* lower-case names; NULL means the assumed set */
  gboolean command_probe_failed;
  guint n_databases;
};

/* kh-session-facts.c: each reads replies that may be NULL (refused or lost). */
void       kh_session_learn_info       (KhSession     *self,
                                        const KhReply *server,
                                        const KhReply *memory);
void       kh_session_learn_commands   (KhSession     *self,
                                        const KhReply *list,
                                        const KhReply *info);
guint      kh_session_learn_databases  (KhSession     *self,
                                        const KhReply *reply);
/* COMMAND INFO about the commands that matter, for servers without COMMAND LIST. */
KhCommand *kh_session_command_info_new (void);

G_END_DECLS
