/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-reply.c: a server reply, decoded from RESP */
#include "kh-reply.h"
#include "kh-reply-private.h"

#include <errno.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (KhReply, kh_reply, kh_reply_ref, kh_reply_unref)

static KhReply *
kh_reply_alloc (KhReplyKind kind)
{
  KhReply *reply = g_new0 (KhReply, 1);

  reply->kind = kind;
  reply->ref_count = 1;
  return reply;
}

/* Fills a node whose bytes follow it in the same block */
static KhReply *
init_inline_string (KhReply     *reply,
                    KhReplyKind  kind,
                    const char  *data,
                    gsize        len)
{
  memset (reply, 0, sizeof (KhReply));
  reply->kind = kind;
  reply->ref_count = 1;
  reply->str_inline = TRUE;
  reply->str = (char *) (reply + 1);
  if (len > 0)
    memcpy (reply->str, data, len);
  reply->str[len] = '\0';
  reply->len = len;
  return reply;
}

/* One allocation for the node and its bytes */
KhReply *
kh_reply_new_string_kind (KhReplyKind  kind,
                          const char  *data,
                          gsize        len)
{
  return init_inline_string (g_malloc (sizeof (KhReply) + len + 1), kind, data, len);
}

/* Nodes of one reply, allocated together */

#define ARENA_BLOCK_SIZE  (64 * 1024)
/* Larger strings get an allocation of their own */
#define ARENA_MAX_NODE    (16 * 1024)

typedef struct ArenaBlock ArenaBlock;
struct ArenaBlock {
  ArenaBlock *next;
  gsize used;
  gsize size;
  /* nodes follow, 8-byte aligned */
};

#define ARENA_HEADER ((sizeof (ArenaBlock) + 7) & ~(gsize) 7)

static gpointer
arena_alloc (KhReply *root,
             gsize    size)
{
  ArenaBlock *block = root->arena;
  gpointer mem;

  size = (size + 7) & ~(gsize) 7;
  if (block == NULL || block->size - block->used < size)
    {
      block = g_malloc (ARENA_BLOCK_SIZE);
      block->next = root->arena;
      block->used = ARENA_HEADER;
      block->size = ARENA_BLOCK_SIZE;
      root->arena = block;
    }
  mem = (char *) block + block->used;
  block->used += size;
  return mem;
}

static void
arena_free (gpointer arena)
{
  ArenaBlock *block = arena;

  while (block != NULL)
    {
      ArenaBlock *next = block->next;

      g_free (block);
      block = next;
    }
}

KhReply *
kh_reply_new_string_in (KhReply     *root,
                        KhReplyKind  kind,
                        const char  *data,
                        gsize        len)
{
  KhReply *reply;

  if (root == NULL || sizeof (KhReply) + len + 1 > ARENA_MAX_NODE)
    return kh_reply_new_string_kind (kind, data, len);

  reply = init_inline_string (arena_alloc (root, sizeof (KhReply) + len + 1), kind, data, len);
  reply->in_arena = TRUE;
  return reply;
}

KhReply *
kh_reply_new_string (const char *data,
                     gsize       len)
{
  KhReply *reply = kh_reply_alloc (KH_REPLY_STRING);

  reply->str = g_malloc (len + 1);
  if (len > 0)
    memcpy (reply->str, data, len);
  reply->str[len] = '\0';
  reply->len = len;
  return reply;
}

static KhReply *
kh_reply_new_text (KhReplyKind  kind,
                   const char  *text)
{
  KhReply *reply = kh_reply_alloc (kind);

  reply->str = g_strdup (text);
  reply->len = strlen (text);
  return reply;
}

KhReply *
kh_reply_new_status (const char *text)
{
  return kh_reply_new_text (KH_REPLY_STATUS, text);
}

KhReply *
kh_reply_new_error (const char *text)
{
  return kh_reply_new_text (KH_REPLY_ERROR, text);
}

KhReply *
kh_reply_new_integer (gint64 value)
{
  KhReply *reply = kh_reply_alloc (KH_REPLY_INTEGER);

  reply->integer = value;
  return reply;
}

KhReply *
kh_reply_new_nil (void)
{
  return kh_reply_alloc (KH_REPLY_NIL);
}

KhReply *
kh_reply_new_array (gsize len)
{
  KhReply *reply = kh_reply_alloc (KH_REPLY_ARRAY);

  g_return_val_if_fail (len <= G_MAXUINT32, NULL);

  reply->len = len;
  reply->capacity = (guint32) MAX (len, 1);
  reply->element = g_new0 (KhReply *, MAX (len, 1));
  return reply;
}

KhReply *
kh_reply_new_array_growing (void)
{
  return kh_reply_alloc (KH_REPLY_ARRAY);
}

void
kh_reply_array_append (KhReply *array,
                       KhReply *element)
{
  g_return_if_fail (array->kind == KH_REPLY_ARRAY);

  if (array->len == array->capacity)
    {
      gsize capacity = MAX (array->capacity * 2, 4);

      g_return_if_fail (capacity <= G_MAXUINT32);
      array->element = g_renew (KhReply *, array->element, capacity);
      array->capacity = (guint32) capacity;
    }
  array->element[array->len++] = element;
}

KhReply *
kh_reply_ref (KhReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  g_atomic_int_inc (&reply->ref_count);
  return reply;
}

static void
kh_reply_free_tree (KhReply *reply)
{
  if (reply == NULL)
    return;

  if (reply->kind == KH_REPLY_ARRAY)
    {
      for (gsize i = 0; i < reply->len; i++)
        kh_reply_free_tree (reply->element[i]);
      g_free (reply->element);
    }
  if (!reply->str_inline)
    g_free (reply->str);
  if (reply->arena != NULL)
    arena_free (reply->arena);
  if (!reply->in_arena)
    g_free (reply);
}

void
kh_reply_unref (KhReply *reply)
{
  g_return_if_fail (reply != NULL);

  if (g_atomic_int_dec_and_test (&reply->ref_count))
    kh_reply_free_tree (reply);
}

gboolean
kh_reply_is_string (const KhReply *reply)
{
  return reply != NULL && reply->kind == KH_REPLY_STRING;
}

gboolean
kh_reply_is_array (const KhReply *reply)
{
  return reply != NULL && reply->kind == KH_REPLY_ARRAY;
}

gboolean
kh_reply_is_nil (const KhReply *reply)
{
  return reply != NULL && reply->kind == KH_REPLY_NIL;
}

KhReply *
kh_reply_get_element (const KhReply *reply,
                      gsize          index)
{
  if (reply == NULL || reply->kind != KH_REPLY_ARRAY || index >= reply->len)
    return NULL;
  return reply->element[index];
}

GBytes *
kh_reply_dup_bytes (const KhReply *reply)
{
  if (reply == NULL || reply->str == NULL)
    return NULL;
  return g_bytes_new (reply->str, reply->len);
}

char *
kh_reply_dup_text (const KhReply *reply)
{
  if (reply == NULL)
    return NULL;
  if (reply->kind == KH_REPLY_INTEGER)
    return g_strdup_printf ("%" G_GINT64_FORMAT, reply->integer);
  if (reply->str == NULL)
    return NULL;
  return g_strndup (reply->str, reply->len);
}

gboolean
kh_reply_get_int64 (const KhReply *reply,
                    gint64        *value)
{
  if (reply == NULL)
    return FALSE;

  if (reply->kind == KH_REPLY_INTEGER)
    {
      *value = reply->integer;
      return TRUE;
    }

  if ((reply->kind == KH_REPLY_STRING || reply->kind == KH_REPLY_STATUS) &&
      reply->len > 0 && reply->len < 32)
    {
      char *end = NULL;
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (reply->str, &end, 10);
      if (errno == 0 && end == reply->str + reply->len)
        {
          *value = v;
          return TRUE;
        }
    }
  return FALSE;
}
