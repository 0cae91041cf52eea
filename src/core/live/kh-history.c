/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-history.c: the console's command history, kept per profile across runs
 *
 * The file holds one command a line, oldest first, each argument quoted the
 * way kh_cli_parse_line() reads it back, so binary arguments survive. Lines
 * that no longer parse, or that carry a secret, are dropped when loading.
 */
#include "config.h"

#include "kh-history.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kh-cli-parse.h"
#include "kh-command-info.h"
#include "kh-error.h"

struct _KhHistory
{
  GObject    parent_instance;

  char      *path;
  GPtrArray *entries;         /* char *, oldest first */

  gboolean   loading;
  gboolean   loaded;          /* a load finished: saving will not lose the file */
  gboolean   saving;
  gboolean   save_requested;  /* another write is due once the current one ends */
  GPtrArray *save_waiters;    /* GTask *, completed by the next write */
};

G_DEFINE_FINAL_TYPE (KhHistory, kh_history, G_TYPE_OBJECT)

static void kh_history_start_write (KhHistory *self);

/* Formatting */

static gboolean
kh_history_arg_is_bare (const char *data,
                        gsize       len)
{
  const char *end = data + len;

  if (len == 0 || !g_utf8_validate (data, len, NULL))
    return FALSE;

  for (const char *p = data; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '\\' ||
          g_unichar_iscntrl (c) || g_unichar_isspace (c))
        return FALSE;
    }
  return TRUE;
}

static void
kh_history_append_quoted (GString    *out,
                          const char *data,
                          gsize       len)
{
  const char *p = data;
  const char *end = data + len;

  g_string_append_c (out, '"');
  while (p < end)
    {
      const char *valid_end = NULL;
      guchar c = (guchar) *p;

      switch (c)
        {
        case '\\': g_string_append (out, "\\\\"); p++; continue;
        case '"':  g_string_append (out, "\\\""); p++; continue;
        case '\n': g_string_append (out, "\\n"); p++; continue;
        case '\r': g_string_append (out, "\\r"); p++; continue;
        case '\t': g_string_append (out, "\\t"); p++; continue;
        case '\a': g_string_append (out, "\\a"); p++; continue;
        case '\b': g_string_append (out, "\\b"); p++; continue;
        default:
          break;
        }

      if (c >= 0x20 && c < 0x7f)
        {
          g_string_append_c (out, (char) c);
          p++;
          continue;
        }

      /* A whole printable UTF-8 character stays as it is; anything else is \xHH. */
      if (c >= 0x80)
        {
          gsize avail = (gsize) (end - p);
          gsize char_len = (gsize) (g_utf8_skip[c]);

          if (char_len > 1 && char_len <= avail &&
              g_utf8_validate (p, (gssize) char_len, &valid_end) && valid_end == p + char_len &&
              g_unichar_isprint (g_utf8_get_char (p)))
            {
              g_string_append_len (out, p, (gssize) char_len);
              p += char_len;
              continue;
            }
        }

      g_string_append_printf (out, "\\x%02x", c);
      p++;
    }
  g_string_append_c (out, '"');
}

char *
kh_history_format_command (const KhCommand *command)
{
  GString *out;
  guint n_args;

  g_return_val_if_fail (command != NULL, NULL);

  out = g_string_new (NULL);
  n_args = kh_command_get_n_args (command);
  for (guint i = 0; i < n_args; i++)
    {
      gsize len = 0;
      const char *data = kh_command_get_arg (command, i, &len);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (kh_history_arg_is_bare (data, len))
        g_string_append_len (out, data, (gssize) len);
      else
        kh_history_append_quoted (out, data, len);
    }
  return g_string_free (out, FALSE);
}

/* Whether @line, read from the file, may become an entry. */
static gboolean
kh_history_line_is_storable (const char *line)
{
  g_autoptr(KhCommand) command = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_utf8_validate (line, -1, NULL))
    return FALSE;
  command = kh_cli_parse_line (line, &error);
  if (command == NULL)
    return FALSE;
  return (kh_command_info_classify (command) & KH_COMMAND_SECRET) == 0;
}

static void
kh_history_trim (KhHistory *self)
{
  if (self->entries->len > KH_HISTORY_MAX_ENTRIES)
    g_ptr_array_remove_range (self->entries, 0, self->entries->len - KH_HISTORY_MAX_ENTRIES);
}

/* Loading */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_task_return_pointer (task, g_steal_pointer (&lines), (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               "Could not read the command history %s: %s", path, error->message);
      return;
    }

  split = g_strsplit (contents, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      char *line = split[i];
      gsize line_len = strlen (line);

      if (line_len > 0 && line[line_len - 1] == '\r')
        line[--line_len] = '\0';
      if (line_len == 0 || !kh_history_line_is_storable (line))
        continue;
      /* Consecutive repeats collapse, as when they were added. */
      if (lines->len > 0 && g_str_equal (g_ptr_array_index (lines, lines->len - 1), line))
        continue;
      g_ptr_array_add (lines, g_strdup (line));
    }
  if (lines->len > KH_HISTORY_MAX_ENTRIES)
    g_ptr_array_remove_range (lines, 0, lines->len - KH_HISTORY_MAX_ENTRIES);

  g_task_return_pointer (task, g_steal_pointer (&lines), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_load_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KhHistory *self = KH_HISTORY (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) lines = NULL;
  GError *error = NULL;

  self->loading = FALSE;
  lines = g_task_propagate_pointer (G_TASK (result), &error);
  if (lines != NULL)
    {
      /* What was added while loading comes after what the file held. */
      guint skip = 0;

      if (lines->len > 0 && self->entries->len > 0 &&
          g_str_equal (g_ptr_array_index (lines, lines->len - 1), g_ptr_array_index (self->entries, 0)))
        skip = 1;
      for (guint i = skip; i < self->entries->len; i++)
        g_ptr_array_add (lines, g_strdup (g_ptr_array_index (self->entries, i)));
      g_ptr_array_unref (self->entries);
      self->entries = g_steal_pointer (&lines);
      kh_history_trim (self);
    }
  /* Even a failed load allows saving: the user's new entries matter more
   * than an unreadable file. */
  self->loaded = TRUE;

  if (self->save_requested && !self->saving)
    kh_history_start_write (self);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
kh_history_load_async (KhHistory           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (KH_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_history_load_async);

  if (self->path == NULL || self->loading)
    {
      if (self->path == NULL)
        self->loaded = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->loading = TRUE;
  worker = g_task_new (self, NULL, on_load_done, g_steal_pointer (&task));
  g_task_set_task_data (worker, g_strdup (self->path), g_free);
  g_task_run_in_thread (worker, load_thread);
}

gboolean
kh_history_load_finish (KhHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saving */

typedef struct {
  char  *path;
  GBytes *contents;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->path);
  g_bytes_unref (data->contents);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *contents = g_bytes_get_data (data->contents, &len);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               "Could not create the folder %s for the command history: %s",
                               dir, g_strerror (saved_errno));
      return;
    }

  if (!g_file_set_contents_full (data->path, contents != NULL ? contents : "", (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               "Could not save the command history to %s: %s",
                               data->path, error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_write_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KhHistory *self = KH_HISTORY (object);
  g_autoptr(GPtrArray) waiters = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  g_task_propagate_boolean (G_TASK (result), &error);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  if (self->save_requested)
    kh_history_start_write (self);
}

static void
kh_history_start_write (KhHistory *self)
{
  g_autoptr(GTask) worker = NULL;
  GString *contents = g_string_new (NULL);
  WriteData *data;

  g_assert (!self->saving);

  for (guint i = 0; i < self->entries->len; i++)
    {
      g_string_append (contents, g_ptr_array_index (self->entries, i));
      g_string_append_c (contents, '\n');
    }

  data = g_new0 (WriteData, 1);
  data->path = g_strdup (self->path);
  data->contents = g_string_free_to_bytes (contents);

  self->saving = TRUE;
  self->save_requested = FALSE;
  /* The tasks waiting now are answered by this write; later ones by the next. */
  worker = g_task_new (self, NULL, on_write_done,
                       g_steal_pointer (&self->save_waiters));
  self->save_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (worker, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (worker, write_thread);
}

void
kh_history_save_async (KhHistory           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KH_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_history_save_async);

  if (self->path == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->save_waiters, g_steal_pointer (&task));
  self->save_requested = TRUE;
  /* Saving before the file was read would throw its entries away. */
  if (!self->loaded)
    {
      if (!self->loading)
        kh_history_load_async (self, NULL, NULL, NULL);
      return;
    }
  if (!self->saving)
    kh_history_start_write (self);
}

gboolean
kh_history_save_finish (KhHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Entries */

gboolean
kh_history_add (KhHistory       *self,
                const KhCommand *command)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (KH_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (command != NULL, FALSE);

  if (kh_command_get_n_args (command) == 0 ||
      (kh_command_info_classify (command) & KH_COMMAND_SECRET) != 0)
    return FALSE;

  line = kh_history_format_command (command);
  if (self->entries->len > 0 &&
      g_str_equal (g_ptr_array_index (self->entries, self->entries->len - 1), line))
    return FALSE;

  g_ptr_array_add (self->entries, g_steal_pointer (&line));
  kh_history_trim (self);
  return TRUE;
}

guint
kh_history_get_n_entries (KhHistory *self)
{
  g_return_val_if_fail (KH_IS_HISTORY (self), 0);
  return self->entries->len;
}

const char *
kh_history_get_entry (KhHistory *self,
                      guint      index)
{
  g_return_val_if_fail (KH_IS_HISTORY (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_ptr_array_index (self->entries, index);
}

/* Construction */

char *
kh_history_get_default_path (const char *profile_id)
{
  GString *name = g_string_new (NULL);
  g_autofree char *file = NULL;

  g_return_val_if_fail (profile_id != NULL, NULL);

  /* The id becomes a file name: anything but [A-Za-z0-9_-] and inner dots is escaped. */
  for (const char *p = profile_id; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (g_ascii_isalnum (c) || c == '_' || c == '-' || (c == '.' && p != profile_id))
        g_string_append_c (name, (char) c);
      else
        g_string_append_printf (name, "%%%02X", c);
    }
  g_string_append (name, ".txt");
  file = g_string_free (name, FALSE);
  return g_build_filename (g_get_user_data_dir (), "keyhole", "history", file, NULL);
}

KhHistory *
kh_history_new (const char *path)
{
  KhHistory *self = g_object_new (KH_TYPE_HISTORY, NULL);

  self->path = g_strdup (path);
  return self;
}

KhHistory *
kh_history_new_for_profile (const char *profile_id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (profile_id != NULL, NULL);

  path = kh_history_get_default_path (profile_id);
  return kh_history_new (path);
}

const char *
kh_history_get_path (KhHistory *self)
{
  g_return_val_if_fail (KH_IS_HISTORY (self), NULL);
  return self->path;
}

static void
kh_history_finalize (GObject *object)
{
  KhHistory *self = KH_HISTORY (object);

  /* Workers hold a reference, so no load or write is running here. */
  g_assert (self->save_waiters->len == 0);
  g_ptr_array_unref (self->save_waiters);
  g_ptr_array_unref (self->entries);
  g_free (self->path);

  G_OBJECT_CLASS (kh_history_parent_class)->finalize (object);
}

static void
kh_history_class_init (KhHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_history_finalize;
}

static void
kh_history_init (KhHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_free);
  self->save_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}
