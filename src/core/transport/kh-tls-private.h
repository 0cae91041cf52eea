/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-tls-private.h: OpenSSL on a non-blocking socket, for KhConnection */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhTlsContext KhTlsContext;
typedef struct _KhTls KhTls;

typedef enum {
  KH_TLS_OK,
  KH_TLS_WANT_READ,
  KH_TLS_WANT_WRITE,
  KH_TLS_EOF,
  KH_TLS_ERROR,
} KhTlsStatus;

/* Loads CA files and the client certificate: file I/O, so call it in a thread. */
KhTlsContext *kh_tls_context_new   (gboolean       verify,
                                    const char    *ca_file,
                                    const char    *cert_file,
                                    const char    *key_file,
                                    GError       **error);
void          kh_tls_context_free  (KhTlsContext  *context);

/* @peer_name is the name to verify and send as SNI (a DNS name or an address). */
KhTls        *kh_tls_new           (KhTlsContext  *context,
                                    int            fd,
                                    const char    *peer_name,
                                    GError       **error);
void          kh_tls_free          (KhTls         *tls);
KhTlsStatus   kh_tls_handshake     (KhTls         *tls,
                                    GError       **error);
/* Returns bytes moved (> 0), or 0 with *status saying why. */
gsize         kh_tls_read          (KhTls         *tls,
                                    void          *buffer,
                                    gsize          size,
                                    KhTlsStatus   *status,
                                    GError       **error);
gsize         kh_tls_write         (KhTls         *tls,
                                    const void    *data,
                                    gsize          size,
                                    KhTlsStatus   *status,
                                    GError       **error);
gboolean      kh_tls_has_pending   (KhTls         *tls);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhTlsContext, kh_tls_context_free)

G_END_DECLS
