/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view-private.h: what kh-console-view.c shares with the files
 * that hold the console's output (-output.c), reply formatting (-format.c),
 * sending (-send.c), Tab completion (-completion.c) and history browsing
 * (-history.c) */
#pragma once

#include "kh-console-view.h"
#include "kh-history.h"

G_BEGIN_DECLS

/* A command and its reply in the output. */
typedef struct {
  gint         ref_count;
  GtkTextMark *start;         /* where the echo begins */
  GtkTextMark *reply_start;   /* where the reply goes, and then begins */
  GtkTextMark *reply_end;     /* NULL until the reply is in */
  gboolean     removed;
} KhConsoleEntry;

struct _KhConsoleView
{
  GtkWidget       parent_instance;

  KhSession      *session;
  char           *profile_id;
  KhHistory      *history;
  GCancellable   *cancellable;
  gboolean        disposed;

  GQueue          entries;          /* KhConsoleEntry *, oldest first */
  guint           n_pending;

  gint            history_pos;      /* -1 when not browsing */
  char           *history_draft;    /* what was typed before browsing */

  GPtrArray      *completions;      /* upper-case names, sorted; NULL until fetched */
  gboolean        completions_loading;

  GtkTextTag     *prompt_tag;
  GtkTextTag     *command_tag;
  GtkTextTag     *error_tag;
  GtkTextTag     *dim_tag;
  GtkTextTag     *note_tag;

  /* template children */
  GtkTextView    *output;
  GtkEntry       *entry;
  GtkLabel       *prompt_label;
};

/* kh-console-view.c */

/* "host:port[db]>", as redis-cli prompts. */
char             *kh_console_view_dup_prompt      (KhConsoleView    *self);
/* Emits "open-view" with "monitor" or "pubsub". */
void              kh_console_view_emit_open_view  (KhConsoleView    *self,
                                                   const char       *view);

/* kh-console-view-output.c */

KhConsoleEntry   *kh_console_entry_ref            (KhConsoleEntry   *entry);
void              kh_console_entry_unref          (KhConsoleEntry   *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhConsoleEntry, kh_console_entry_unref)

GtkTextBuffer    *kh_console_view_get_buffer      (KhConsoleView    *self);
/* Inserts @text, made valid UTF-8, at @iter, with @tag unless NULL. */
void              kh_console_insert_text          (GtkTextBuffer    *buffer,
                                                   GtkTextIter      *iter,
                                                   const char       *text,
                                                   GtkTextTag       *tag);
void              kh_console_view_scroll_to_end   (KhConsoleView    *self);
/* Drops @entry's marks and the output's reference; its text stays. */
void              kh_console_view_forget_entry    (KhConsoleView    *self,
                                                   KhConsoleEntry   *entry);
/* Echoes @line as a new entry at the end and returns it (owned by the view). */
KhConsoleEntry   *kh_console_view_begin_entry     (KhConsoleView    *self,
                                                   const char       *line);
/* Puts @text (valid UTF-8) as the reply of @entry, tagged whole with @tag;
 * with @tag_elements, also the nil and error lines of an array reply. Does
 * nothing once @entry has its reply or is gone. */
void              kh_console_view_fill_entry      (KhConsoleView    *self,
                                                   KhConsoleEntry   *entry,
                                                   const char       *text,
                                                   GtkTextTag       *tag,
                                                   gboolean          tag_elements);
/* "(error) <message>" as @entry's reply. */
void              kh_console_view_fill_error      (KhConsoleView    *self,
                                                   KhConsoleEntry   *entry,
                                                   const GError     *error);
/* @text, as a note, as @entry's reply. */
void              kh_console_view_note            (KhConsoleView    *self,
                                                   KhConsoleEntry   *entry,
                                                   const char       *text);

/* kh-console-view-format.c */

/* The reply as redis-cli shows it, cut to the display limit with a note
 * (then *@truncated is TRUE). */
char             *kh_console_format_reply         (const KhReply    *reply,
                                                   const KhCommand  *command,
                                                   gboolean         *truncated);

/* kh-console-view-send.c */

/* A command on its way, for the entry it answers (or none). */
typedef struct {
  KhConsoleView  *self;
  KhConsoleEntry *entry;
  KhCommand      *command;
} KhConsoleRequest;

/* Holds @self and @entry (both may be kept past a clear), copies @command. */
KhConsoleRequest *kh_console_request_new          (KhConsoleView    *self,
                                                   KhConsoleEntry   *entry,
                                                   const KhCommand  *command);
void              kh_console_request_free         (KhConsoleRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhConsoleRequest, kh_console_request_free)

/* Sends @command for @entry, or refuses it with a note saying why, or asks
 * first when it is dangerous. */
void              kh_console_view_dispatch        (KhConsoleView    *self,
                                                   KhConsoleEntry   *entry,
                                                   const KhCommand  *command);

/* kh-console-view-completion.c */

/* Tab: completes the command name, or a subcommand after a container
 * ("CONFIG G" -> "CONFIG GET"), from what the server said it knows. */
void              kh_console_view_complete        (KhConsoleView    *self);

/* kh-console-view-history.c */

/* ↑ (-1) or ↓ (+1): the entry line shows the previous or next command of
 * the history, or what was typed before browsing. */
void              kh_console_view_browse_history  (KhConsoleView    *self,
                                                   gint              direction);

G_END_DECLS
