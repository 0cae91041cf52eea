/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-error.h: the error domain shared by everything in the core */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_ERROR (kh_error_quark ())

typedef enum {
  KH_ERROR_FAILED,
  KH_ERROR_REFUSED,          /* nothing listens there, or the peer reset the connection */
  KH_ERROR_TIMEOUT,          /* connect or command took longer than allowed */
  KH_ERROR_DNS,              /* the host name does not resolve */
  KH_ERROR_AUTH_FAILED,      /* wrong password, unknown user, or a password is needed */
  KH_ERROR_TLS_VERIFY,       /* certificate untrusted, expired, or for another host */
  KH_ERROR_TLS_HANDSHAKE,    /* TLS could not be negotiated */
  KH_ERROR_PROTOCOL,         /* the peer does not speak RESP */
  KH_ERROR_CLOSED,           /* the connection is closed or was lost */
  KH_ERROR_SERVER,           /* the server answered with an error reply */
  KH_ERROR_INVALID_INPUT,    /* malformed URL, command line, file... */
  KH_ERROR_READ_ONLY,        /* a write refused on a read-only profile */
  KH_ERROR_NOT_SUPPORTED,    /* the server lacks a command or feature */
  KH_ERROR_TOO_LARGE,        /* a value or request past a limit */
  KH_ERROR_CONFLICT,         /* the key changed since it was read */
  KH_ERROR_NOT_FOUND,        /* the key or item does not exist */
} KhError;

GQuark kh_error_quark (void);

G_END_DECLS
