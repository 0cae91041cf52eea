/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-command.h: one command's arguments, binary safe */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _KhCommand KhCommand;

#define KH_TYPE_COMMAND (kh_command_get_type ())

GType        kh_command_get_type      (void) G_GNUC_CONST;
KhCommand   *kh_command_new           (const char      *name);
KhCommand   *kh_command_new_va        (const char      *name,
                                       ...) G_GNUC_NULL_TERMINATED;
KhCommand   *kh_command_new_argv      (guint            argc,
                                       const char     **argv,
                                       const gsize     *argvlen);
KhCommand   *kh_command_copy          (const KhCommand *self);
void         kh_command_free          (KhCommand       *self);

void         kh_command_add           (KhCommand       *self,
                                       const char      *arg);
void         kh_command_add_len       (KhCommand       *self,
                                       const void      *data,
                                       gsize            len);
void         kh_command_add_bytes     (KhCommand       *self,
                                       GBytes          *bytes);
void         kh_command_add_int       (KhCommand       *self,
                                       gint64           value);
void         kh_command_add_printf    (KhCommand       *self,
                                       const char      *format,
                                       ...) G_GNUC_PRINTF (2, 3);

guint        kh_command_get_n_args    (const KhCommand *self);
const char  *kh_command_get_arg       (const KhCommand *self,
                                       guint            index,
                                       gsize           *len);
/* The command name in upper case ("GET", "CLIENT"). */
const char  *kh_command_get_name      (const KhCommand *self);
/* The name INFO commandstats counts this command under, in lower case:
 * "get", or "client|list" for a command with subcommands. */
char        *kh_command_dup_stats_name (const KhCommand *self);
/* Counts of commands by stats name: char * -> guint64 *. */
GHashTable  *kh_command_counts_new     (void);
void         kh_command_counts_add     (GHashTable      *counts,
                                        const char      *name,
                                        guint64          n);
guint64      kh_command_counts_get     (GHashTable      *counts,
                                        const char      *name);
/* Appends the RESP encoding to @out. */
void         kh_command_encode        (const KhCommand *self,
                                       GByteArray      *out);
/* A one-line description for logs and errors; passwords are masked. */
char        *kh_command_to_display    (const KhCommand *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhCommand, kh_command_free)

G_END_DECLS
