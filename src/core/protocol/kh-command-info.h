/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-command-info.h: what a command does, from its name and arguments */
#pragma once

#include <glib.h>

#include "kh-command.h"

G_BEGIN_DECLS

typedef enum {
  KH_COMMAND_NONE      = 0,
  KH_COMMAND_WRITE     = 1 << 0,  /* changes data: refuse on a read-only profile */
  KH_COMMAND_DANGEROUS = 1 << 1,  /* ask first: see kh_command_info_describe_danger() */
  KH_COMMAND_BLOCKING  = 1 << 2,  /* may hold the connection until data or a timeout */
  KH_COMMAND_SUBSCRIBE = 1 << 3,  /* turns the connection into a pub/sub one */
  KH_COMMAND_MONITOR   = 1 << 4,  /* turns the connection into a MONITOR stream */
  KH_COMMAND_SECRET    = 1 << 5,  /* carries a password: never store it in history */
} KhCommandFlags;

/* Classifies @cmd by its name, its subcommand for containers ("CONFIG SET",
 * "CLIENT KILL"), and the arguments that matter (XREAD ... BLOCK, HELLO ...
 * AUTH, CONFIG SET requirepass). Unknown commands get KH_COMMAND_NONE. */
KhCommandFlags  kh_command_info_classify        (const KhCommand *cmd);

/* The name @cmd is known under, in upper case: "GET", "CONFIG SET", or the
 * container alone ("CONFIG") for an unknown subcommand; NULL if unknown. */
const char     *kh_command_info_lookup_name     (const KhCommand *cmd);

/* One translated sentence saying what a dangerous command would do
 * ("FLUSHDB deletes every key in the current database."), or NULL when the
 * command is not dangerous. */
const char     *kh_command_info_describe_danger (const KhCommand *cmd);

G_END_DECLS
