/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view-output.c: the console's output, a read-only GtkTextView
 *
 * Each entry is a command echoed after the prompt and its reply, which goes
 * in at a mark: replies that arrive after later commands were echoed still
 * land under their command. Nil and error lines of an array reply are
 * tagged, and the oldest entries go past KH_CONSOLE_VIEW_MAX_ENTRIES.
 */
#include "config.h"

#include <string.h>

#include "kh-console-view-private.h"

/* Entries */

KhConsoleEntry *
kh_console_entry_ref (KhConsoleEntry *entry)
{
  entry->ref_count++;
  return entry;
}

void
kh_console_entry_unref (KhConsoleEntry *entry)
{
  if (--entry->ref_count == 0)
    g_free (entry);
}

/* The output */

GtkTextBuffer *
kh_console_view_get_buffer (KhConsoleView *self)
{
  return gtk_text_view_get_buffer (self->output);
}

void
kh_console_view_scroll_to_end (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);

  /* Aligned to the bottom: the view clamps it to the top while the text is short. */
  gtk_text_view_scroll_to_mark (self->output, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 1.0);
}

void
kh_console_view_forget_entry (KhConsoleView  *self,
                              KhConsoleEntry *entry)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);

  gtk_text_buffer_delete_mark (buffer, entry->start);
  gtk_text_buffer_delete_mark (buffer, entry->reply_start);
  if (entry->reply_end != NULL)
    gtk_text_buffer_delete_mark (buffer, entry->reply_end);
  entry->removed = TRUE;
  kh_console_entry_unref (entry);
}

static void
kh_console_view_trim (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);

  while (self->entries.length > KH_CONSOLE_VIEW_MAX_ENTRIES)
    {
      KhConsoleEntry *oldest = g_queue_pop_head (&self->entries);
      KhConsoleEntry *next = g_queue_peek_head (&self->entries);
      GtkTextIter start, end;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, next->start);
      gtk_text_buffer_delete (buffer, &start, &end);
      kh_console_view_forget_entry (self, oldest);
    }
}

void
kh_console_insert_text (GtkTextBuffer *buffer,
                        GtkTextIter   *iter,
                        const char    *text,
                        GtkTextTag    *tag)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (tag != NULL)
    gtk_text_buffer_insert_with_tags (buffer, iter, valid, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, iter, valid, -1);
}

/* Echoes @line as a new entry at the end and returns it (owned by the view). */
KhConsoleEntry *
kh_console_view_begin_entry (KhConsoleView *self,
                             const char    *line)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  g_autofree char *prompt = kh_console_view_dup_prompt (self);
  g_autofree char *one_line = g_strdup (line);
  KhConsoleEntry *entry = g_new0 (KhConsoleEntry, 1);
  GtkTextIter end;

  g_strdelimit (one_line, "\r\n", ' ');
  entry->ref_count = 1;
  gtk_text_buffer_get_end_iter (buffer, &end);
  entry->start = gtk_text_buffer_create_mark (buffer, NULL, &end, TRUE);
  kh_console_insert_text (buffer, &end, prompt, self->prompt_tag);
  gtk_text_buffer_insert (buffer, &end, " ", 1);
  kh_console_insert_text (buffer, &end, one_line, self->command_tag);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);
  entry->reply_start = gtk_text_buffer_create_mark (buffer, NULL, &end, TRUE);
  gtk_text_buffer_place_cursor (buffer, &end);

  g_queue_push_tail (&self->entries, entry);
  kh_console_view_trim (self);
  kh_console_view_scroll_to_end (self);
  return entry;
}

/* Skips what redis-cli puts before an array element: blanks and "12) ". */
static const char *
skip_array_indices (const char *p,
                    const char *end)
{
  for (;;)
    {
      const char *q;

      while (p < end && *p == ' ')
        p++;
      q = p;
      while (q < end && g_ascii_isdigit (*q))
        q++;
      if (q == p || q + 1 >= end || q[0] != ')' || q[1] != ' ')
        return p;
      p = q + 2;
    }
}

/* Tags the lines of an array reply that hold a nil or an error element. */
static void
kh_console_view_tag_elements (KhConsoleView *self,
                              gint           offset,
                              const char    *text)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  const char *line = text;
  gint line_offset = offset;

  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      const char *content;
      GtkTextTag *tag = NULL;

      if (eol == NULL)
        eol = line + strlen (line);
      content = skip_array_indices (line, eol);
      if ((gsize) (eol - content) == strlen ("(nil)") && strncmp (content, "(nil)", 5) == 0)
        tag = self->dim_tag;
      else if (strncmp (content, "(empty array)", MIN ((gsize) (eol - content), 13)) == 0 &&
               eol - content == 13)
        tag = self->dim_tag;
      else if (eol - content > 8 && strncmp (content, "(error) ", 8) == 0)
        tag = self->error_tag;

      if (tag != NULL)
        {
          GtkTextIter start, stop;
          gint content_offset = line_offset + (gint) g_utf8_strlen (line, content - line);
          gint eol_offset = content_offset + (gint) g_utf8_strlen (content, eol - content);

          gtk_text_buffer_get_iter_at_offset (buffer, &start, content_offset);
          gtk_text_buffer_get_iter_at_offset (buffer, &stop, eol_offset);
          gtk_text_buffer_apply_tag (buffer, tag, &start, &stop);
        }

      line_offset += (gint) g_utf8_strlen (line, eol - line);
      if (*eol == '\0')
        break;
      line = eol + 1;
      line_offset++;
    }
}

/* Puts @text (valid UTF-8) as the reply of @entry, tagged whole with @tag. */
void
kh_console_view_fill_entry (KhConsoleView  *self,
                            KhConsoleEntry *entry,
                            const char     *text,
                            GtkTextTag     *tag,
                            gboolean        tag_elements)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  GtkTextIter iter;
  gint offset;

  if (entry->removed || entry->reply_end != NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, entry->reply_start);
  offset = gtk_text_iter_get_offset (&iter);
  kh_console_insert_text (buffer, &iter, text, tag);
  gtk_text_buffer_insert (buffer, &iter, "\n", 1);
  entry->reply_end = gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE);
  if (tag_elements)
    kh_console_view_tag_elements (self, offset, text);

  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  kh_console_view_scroll_to_end (self);
}

void
kh_console_view_fill_error (KhConsoleView  *self,
                            KhConsoleEntry *entry,
                            const GError   *error)
{
  g_autofree char *text = g_strdup_printf ("(error) %s", error->message);

  kh_console_view_fill_entry (self, entry, text, self->error_tag, FALSE);
}

void
kh_console_view_note (KhConsoleView  *self,
                      KhConsoleEntry *entry,
                      const char     *text)
{
  kh_console_view_fill_entry (self, entry, text, self->note_tag, FALSE);
}
