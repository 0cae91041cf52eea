/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* An array whose announced length is not trusted: its elements are stored as
 * they arrive, in order, through kh_reply_array_append(), and its len counts
 * those that came. A reply that announces two billion elements and sends none
 * costs nothing. */
KhReply *kh_reply_new_array_growing (void);
void     kh_reply_array_append      (KhReply     *array,
                                     KhReply     *element);

G_END_DECLS
