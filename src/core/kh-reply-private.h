/* kh-reply-private.h: constructors for the connection's reply decoder */
#pragma once

#include "kh-reply.h"

G_BEGIN_DECLS

KhReply *kh_reply_new_string_kind (KhReplyKind  kind,
                                   const char  *data,
                                   gsize        len);

G_END_DECLS
