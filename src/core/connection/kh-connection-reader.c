/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-connection-reader.c: hiredis' reader, building KhReply trees for KhConnection */
#include "config.h"

#include "kh-connection-private.h"
#include "kh-reply-private.h"

/* hiredis' reader builds KhReply trees directly through these functions, so
 * a SCAN reply's thousands of strings are allocated once, not copied again. */

static void *
kh_reader_attach (const redisReadTask *task,
                  KhReply             *reply)
{
  if (task->parent != NULL)
    {
      KhReply *parent = task->parent->obj;

      /* hiredis fills an array in order, one element after the other. */
      g_assert (parent->kind == KH_REPLY_ARRAY && (gsize) task->idx == parent->len);
      kh_reply_array_append (parent, reply);
    }
  return reply;
}

/* The reply a task is part of; NULL for a reply of its own */
static KhReply *
kh_reader_root (const redisReadTask *task)
{
  const redisReadTask *top = task->parent;

  if (top == NULL)
    return NULL;
  while (top->parent != NULL)
    top = top->parent;
  return top->obj;
}

static void *
kh_reader_create_string (const redisReadTask *task,
                         char                *str,
                         size_t               len)
{
  KhReplyKind kind;

  switch (task->type)
    {
    case REDIS_REPLY_STATUS: kind = KH_REPLY_STATUS; break;
    case REDIS_REPLY_ERROR: kind = KH_REPLY_ERROR; break;
    default: kind = KH_REPLY_STRING; break;
    }
  return kh_reader_attach (task, kh_reply_new_string_in (kh_reader_root (task), kind, str, len));
}

#if HIREDIS_MAJOR >= 1
static void *
kh_reader_create_array (const redisReadTask *task,
                        size_t               elements)
#else
static void *
kh_reader_create_array (const redisReadTask *task,
                        int                  elements)
#endif
{
  /* Not kh_reply_new_array (elements): the length is the server's word, and
   * "*2147483647" would otherwise take 16 GiB before a single element came. */
  return kh_reader_attach (task, kh_reply_new_array_growing ());
}

static void *
kh_reader_create_integer (const redisReadTask *task,
                          long long            value)
{
  return kh_reader_attach (task, kh_reply_new_integer (value));
}

static void *
kh_reader_create_nil (const redisReadTask *task)
{
  return kh_reader_attach (task, kh_reply_new_nil ());
}

#if HIREDIS_MAJOR >= 1
/* RESP3 types; Keyhole speaks RESP2, but a server could still send them. */
static void *
kh_reader_create_double (const redisReadTask *task,
                         double               value,
                         char                *str,
                         size_t               len)
{
  return kh_reader_attach (task, kh_reply_new_string_kind (KH_REPLY_STRING, str, len));
}

static void *
kh_reader_create_bool (const redisReadTask *task,
                       int                  value)
{
  return kh_reader_attach (task, kh_reply_new_integer (value != 0));
}
#endif

static void
kh_reader_free_object (void *reply)
{
  kh_reply_unref (reply);
}

static redisReplyObjectFunctions kh_reader_functions = {
  .createString = kh_reader_create_string,
  .createArray = kh_reader_create_array,
  .createInteger = kh_reader_create_integer,
  .createNil = kh_reader_create_nil,
#if HIREDIS_MAJOR >= 1
  .createDouble = kh_reader_create_double,
  .createBool = kh_reader_create_bool,
#endif
  .freeObject = kh_reader_free_object,
};

redisReader *
kh_connection_reader_new (void)
{
  return redisReaderCreateWithFunctions (&kh_reader_functions);
}
