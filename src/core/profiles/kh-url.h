/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-url.h: redis://, rediss:// and unix:// URLs, and what they say about the provider */
#pragma once

#include <glib-object.h>

#include "kh-provider.h"

G_BEGIN_DECLS

typedef struct _KhUrl KhUrl;

/* A parsed URL. Strings are NULL when the URL does not give them. */
struct _KhUrl {
  gboolean    tls;               /* rediss://, or forced on for Upstash */
  gboolean    tls_insecure;      /* ?ssl_cert_reqs=none: no certificate checks */
  char       *tls_ca_file;       /* ?ssl_ca_certs= */
  char       *tls_cert_file;     /* ?ssl_certfile= */
  char       *tls_key_file;      /* ?ssl_keyfile= */

  char       *username;          /* percent-decoded */
  char       *password;          /* percent-decoded; any byte but NUL */
  char       *host;              /* lower case, IPv6 without brackets; NULL for unix:// */
  guint16     port;              /* 6379 unless given; 0 for unix:// */
  char       *socket_path;       /* unix:// only */
  gint        database;          /* from /2 or ?db=2; 0 when absent */

  KhProvider  provider;
  gboolean    render_internal;   /* red-… host only reachable inside Render */

  /* Sentences for the user about what was understood or changed (TLS forced
   * on, internal host...), and the query options Keyhole did not use. */
  GStrv       notes;
  GStrv       unknown_options;
};

#define KH_URL_DEFAULT_PORT 6379
#define KH_URL_MAX_DATABASE 65535

#define KH_TYPE_URL (kh_url_get_type ())
GType     kh_url_get_type     (void) G_GNUC_CONST;

/* Parses @text; leading and trailing white space is ignored. Errors are
 * KH_ERROR_INVALID_INPUT and name the part that is wrong, never the password. */
KhUrl    *kh_url_parse        (const char  *text,
                               GError     **error);
KhUrl    *kh_url_copy         (const KhUrl *url);
void      kh_url_free         (KhUrl       *url);

/* A canonical URL that kh_url_parse() reads back to the same fields (notes
 * aside). Without @include_password the password is left out. */
char     *kh_url_to_string    (const KhUrl *url,
                               gboolean     include_password);

/* "Ignored unknown option “foo”." or NULL when every option was understood. */
char     *kh_url_get_warning  (const KhUrl *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhUrl, kh_url_free)

G_END_DECLS
