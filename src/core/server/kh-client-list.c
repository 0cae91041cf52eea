/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-client-list.c: the text of a CLIENT LIST reply, parsed into clients */
#include "kh-client-list.h"
#include "kh-number.h"

#include <string.h>

/* Adds the fields of one line to @fields; returns FALSE when it has no valid id. */
static gboolean
kh_client_list_parse_line (const char *line,
                           gsize       length,
                           GHashTable *fields)
{
  const char *end = line + length;
  const char *p = line;
  const char *id;
  guint64 value;

  while (p < end)
    {
      const char *space = memchr (p, ' ', end - p);
      const char *token_end = space != NULL ? space : end;
      const char *equals = memchr (p, '=', token_end - p);

      /* A token without "=" is not a field; CLIENT LIST never writes one. */
      if (equals != NULL && equals > p)
        g_hash_table_insert (fields,
                             g_strndup (p, equals - p),
                             g_strndup (equals + 1, token_end - equals - 1));
      p = token_end + 1;
    }

  id = g_hash_table_lookup (fields, "id");
  return kh_number_parse_uint64 (id, G_MAXUINT64, &value);
}

GPtrArray *
kh_client_list_parse (const char *text,
                      gssize      length)
{
  GPtrArray *clients = g_ptr_array_new_with_free_func (g_object_unref);
  const char *p, *end;

  if (text == NULL)
    return clients;
  if (length < 0)
    length = strlen (text);

  p = text;
  end = text + length;
  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline != NULL ? newline : end;
      gsize line_length = line_end - p;
      g_autoptr(GHashTable) fields = NULL;

      if (line_length > 0 && p[line_length - 1] == '\r')
        line_length--;

      if (line_length > 0)
        {
          fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          if (kh_client_list_parse_line (p, line_length, fields))
            g_ptr_array_add (clients, kh_client_info_new (fields));
        }
      p = line_end + 1;
    }

  return clients;
}
