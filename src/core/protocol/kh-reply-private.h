/* kh-reply-private.h: constructors for the connection's reply decoder */
#pragma once

#include "kh-reply.h"

G_BEGIN_DECLS

KhReply *kh_reply_new_string_kind (KhReplyKind  kind,
                                   const char  *data,
                                   gsize        len);
/* A string node allocated with @root's other nodes, freed with the root:
 * a SCAN reply's thousands of keys cost a few allocations, not one each */
KhReply *kh_reply_new_string_in   (KhReply     *root,
                                   KhReplyKind  kind,
                                   const char  *data,
                                   gsize        len);

G_END_DECLS
