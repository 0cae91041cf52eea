/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-reply.h: a server reply, decoded from RESP */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KH_REPLY_STRING,   /* bulk string: bytes, may hold NUL and non-UTF-8 */
  KH_REPLY_ARRAY,
  KH_REPLY_INTEGER,
  KH_REPLY_NIL,
  KH_REPLY_STATUS,   /* simple string such as OK */
  KH_REPLY_ERROR,    /* error reply, e.g. inside the array EXEC returns */
} KhReplyKind;

typedef struct _KhReply KhReply;

/* A reply tree. Only the root is reference counted; elements belong to it.
 * For STRING, STATUS and ERROR, str holds len bytes followed by a NUL.
 * For ARRAY, element holds len children. */
struct _KhReply {
  KhReplyKind kind;
  gint64 integer;
  gsize len;
  char *str;
  KhReply **element;
  /* On a root reply: microseconds from sending its command to the first byte
   * of the reply (round trip plus the server's work, not the transfer); 0 when
   * unknown. */
  gint64 first_byte_us;
  /*< private >*/
  gint ref_count;
  gboolean str_inline;   /* str lives in the same allocation as the node */
  gboolean in_arena;     /* the node lives in its root's arena */
  guint32 capacity;      /* on a growing array: the slots allocated in element */
  gpointer arena;        /* on a root: blocks that hold its nodes */
};

#define KH_TYPE_REPLY (kh_reply_get_type ())

GType      kh_reply_get_type       (void) G_GNUC_CONST;
KhReply   *kh_reply_ref            (KhReply       *reply);
void       kh_reply_unref          (KhReply       *reply);

KhReply   *kh_reply_new_string     (const char    *data,
                                    gsize          len);
KhReply   *kh_reply_new_status     (const char    *text);
KhReply   *kh_reply_new_error      (const char    *text);
KhReply   *kh_reply_new_integer    (gint64         value);
KhReply   *kh_reply_new_nil        (void);
KhReply   *kh_reply_new_array      (gsize          len);

gboolean   kh_reply_is_string      (const KhReply *reply);
gboolean   kh_reply_is_array       (const KhReply *reply);
gboolean   kh_reply_is_nil         (const KhReply *reply);
KhReply   *kh_reply_get_element    (const KhReply *reply,
                                    gsize          index);
GBytes    *kh_reply_dup_bytes      (const KhReply *reply);
char      *kh_reply_dup_text       (const KhReply *reply);
gboolean   kh_reply_get_int64      (const KhReply *reply,
                                    gint64        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhReply, kh_reply_unref)

G_END_DECLS
