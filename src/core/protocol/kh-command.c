/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-command.c: one command's arguments, binary safe */
#include "kh-command.h"

#include <string.h>

struct _KhCommand {
  GPtrArray *args;   /* GBytes, the first is the command name */
  char *name;        /* upper case */
};

G_DEFINE_BOXED_TYPE (KhCommand, kh_command, kh_command_copy, kh_command_free)

KhCommand *
kh_command_new (const char *name)
{
  KhCommand *self = g_new0 (KhCommand, 1);

  self->args = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (name != NULL)
    kh_command_add (self, name);
  return self;
}

KhCommand *
kh_command_new_va (const char *name,
                   ...)
{
  KhCommand *self = kh_command_new (name);
  const char *arg;
  va_list ap;

  va_start (ap, name);
  while ((arg = va_arg (ap, const char *)) != NULL)
    kh_command_add (self, arg);
  va_end (ap);
  return self;
}

KhCommand *
kh_command_new_argv (guint         argc,
                     const char  **argv,
                     const gsize  *argvlen)
{
  KhCommand *self = kh_command_new (NULL);

  for (guint i = 0; i < argc; i++)
    kh_command_add_len (self, argv[i], argvlen != NULL ? argvlen[i] : strlen (argv[i]));
  return self;
}

KhCommand *
kh_command_copy (const KhCommand *self)
{
  KhCommand *copy = kh_command_new (NULL);

  for (guint i = 0; i < self->args->len; i++)
    kh_command_add_bytes (copy, g_ptr_array_index (self->args, i));
  return copy;
}

void
kh_command_free (KhCommand *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->args);
  g_free (self->name);
  g_free (self);
}

void
kh_command_add_bytes (KhCommand *self,
                      GBytes    *bytes)
{
  g_ptr_array_add (self->args, g_bytes_ref (bytes));
  if (self->args->len == 1)
    {
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      g_free (self->name);
      self->name = g_ascii_strup (data != NULL ? data : "", data != NULL ? (gssize) len : 0);
    }
}

void
kh_command_add_len (KhCommand  *self,
                    const void *data,
                    gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  kh_command_add_bytes (self, bytes);
}

void
kh_command_add (KhCommand  *self,
                const char *arg)
{
  kh_command_add_len (self, arg, strlen (arg));
}

void
kh_command_add_int (KhCommand *self,
                    gint64     value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  kh_command_add (self, buf);
}

void
kh_command_add_printf (KhCommand  *self,
                       const char *format,
                       ...)
{
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  kh_command_add (self, text);
}

guint
kh_command_get_n_args (const KhCommand *self)
{
  return self->args->len;
}

const char *
kh_command_get_arg (const KhCommand *self,
                    guint            index,
                    gsize           *len)
{
  g_return_val_if_fail (index < self->args->len, NULL);
  return g_bytes_get_data (g_ptr_array_index (self->args, index), len);
}

const char *
kh_command_get_name (const KhCommand *self)
{
  return self->name != NULL ? self->name : "";
}

/* Commands whose subcommands commandstats counts apart ("client|list"). */
static const char * const container_commands[] = {
  "ACL", "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "FUNCTION", "LATENCY", "MEMORY",
  "MODULE", "OBJECT", "PUBSUB", "SCRIPT", "SLOWLOG", "XGROUP", "XINFO",
};

char *
kh_command_dup_stats_name (const KhCommand *self)
{
  const char *name = kh_command_get_name (self);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (self->args->len < 2)
    return g_steal_pointer (&lower);

  for (guint i = 0; i < G_N_ELEMENTS (container_commands); i++)
    {
      if (g_str_equal (name, container_commands[i]))
        {
          gsize len;
          const char *sub = kh_command_get_arg (self, 1, &len);
          g_autofree char *sub_lower = NULL;

          /* A subcommand is a word; anything else stays out of the name. */
          if (len == 0 || len > 32)
            break;
          for (gsize j = 0; j < len; j++)
            if (!g_ascii_isalnum (sub[j]) && sub[j] != '-' && sub[j] != '_')
              return g_steal_pointer (&lower);
          sub_lower = g_ascii_strdown (sub, (gssize) len);
          return g_strdup_printf ("%s|%s", lower, sub_lower);
        }
    }
  return g_steal_pointer (&lower);
}

GHashTable *
kh_command_counts_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
kh_command_counts_add (GHashTable *counts,
                       const char *name,
                       guint64     n)
{
  guint64 *count = g_hash_table_lookup (counts, name);

  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (counts, g_strdup (name), count);
    }
  *count += n;
}

guint64
kh_command_counts_get (GHashTable *counts,
                       const char *name)
{
  guint64 *count = counts != NULL ? g_hash_table_lookup (counts, name) : NULL;

  return count != NULL ? *count : 0;
}

void
kh_command_encode (const KhCommand *self,
                   GByteArray      *out)
{
  char header[48];
  int n;

  n = g_snprintf (header, sizeof header, "*%u\r\n", self->args->len);
  g_byte_array_append (out, (const guint8 *) header, n);
  for (guint i = 0; i < self->args->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (self->args, i), &len);

      n = g_snprintf (header, sizeof header, "$%" G_GSIZE_FORMAT "\r\n", len);
      g_byte_array_append (out, (const guint8 *) header, n);
      if (len > 0)
        g_byte_array_append (out, data, len);
      g_byte_array_append (out, (const guint8 *) "\r\n", 2);
    }
}

/* Which arguments of a command are secrets, so displays can mask them. */
static gboolean
kh_command_arg_is_secret (const KhCommand *self,
                          guint            index)
{
  const char *name = kh_command_get_name (self);

  if (g_str_equal (name, "AUTH"))
    return index == self->args->len - 1;

  if (g_str_equal (name, "HELLO") || g_str_equal (name, "MIGRATE"))
    {
      /* HELLO 3 AUTH user pass / MIGRATE ... AUTH pass | AUTH2 user pass */
      for (guint i = 1; i < index; i++)
        {
          gsize len;
          const char *arg = kh_command_get_arg (self, i, &len);

          if (len == 4 && g_ascii_strncasecmp (arg, "AUTH", 4) == 0)
            return g_str_equal (name, "HELLO") ? index == i + 2 : index == i + 1;
          if (len == 5 && g_ascii_strncasecmp (arg, "AUTH2", 5) == 0)
            return index == i + 2;
        }
    }

  if (g_str_equal (name, "ACL") && index >= 3)
    {
      gsize len;
      const char *sub = kh_command_get_arg (self, 1, &len);

      return len == 7 && g_ascii_strncasecmp (sub, "SETUSER", 7) == 0;
    }

  if (g_str_equal (name, "CONFIG") && index == 3)
    {
      gsize len;
      const char *param = kh_command_get_arg (self, 2, &len);

      return (len == 11 && g_ascii_strncasecmp (param, "requirepass", 11) == 0) ||
             (len == 10 && g_ascii_strncasecmp (param, "masterauth", 10) == 0);
    }

  return FALSE;
}

char *
kh_command_to_display (const KhCommand *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->args->len; i++)
    {
      gsize len;
      const guchar *arg = (const guchar *) kh_command_get_arg (self, i, &len);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (kh_command_arg_is_secret (self, i))
        {
          g_string_append (out, "•••");
          continue;
        }
      if (len > 64 && i > 0)
        {
          g_string_append_printf (out, "<%" G_GSIZE_FORMAT " bytes>", len);
          continue;
        }
      for (gsize j = 0; j < len; j++)
        {
          if (arg[j] < 0x20 || arg[j] >= 0x7f || arg[j] == '\\')
            g_string_append_printf (out, "\\x%02x", arg[j]);
          else
            g_string_append_c (out, arg[j]);
        }
    }
  return g_string_free (out, FALSE);
}
