/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-tls.c: OpenSSL on a non-blocking socket, with errors a user can act on */
#include "config.h"

#include "kh-tls-private.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <glib/gi18n-lib.h>

#include "kh-error.h"

struct _KhTlsContext {
  SSL_CTX *ctx;
  gboolean verify;
};

struct _KhTls {
  SSL *ssl;
  char *peer_name;
  gboolean verify;
};

static char *
kh_tls_last_error_string (void)
{
  unsigned long code = ERR_peek_last_error ();
  const char *reason;

  if (code == 0)
    return NULL;
  reason = ERR_reason_error_string (code);
  ERR_clear_error ();
  return g_strdup (reason != NULL ? reason : "unknown error");
}

KhTlsContext *
kh_tls_context_new (gboolean     verify,
                    const char  *ca_file,
                    const char  *cert_file,
                    const char  *key_file,
                    GError     **error)
{
  g_autoptr(KhTlsContext) context = g_new0 (KhTlsContext, 1);

  ERR_clear_error ();
  context->verify = verify;
  context->ctx = SSL_CTX_new (TLS_client_method ());
  if (context->ctx == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE, _("Could not set up TLS"));
      return NULL;
    }
  SSL_CTX_set_min_proto_version (context->ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode (context->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

  if (verify)
    {
      SSL_CTX_set_verify (context->ctx, SSL_VERIFY_PEER, NULL);
      if (SSL_CTX_set_default_verify_paths (context->ctx) != 1)
        ERR_clear_error ();
      if (ca_file != NULL && *ca_file != '\0' &&
          SSL_CTX_load_verify_locations (context->ctx, ca_file, NULL) != 1)
        {
          g_autofree char *why = kh_tls_last_error_string ();
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("The CA file “%s” could not be read (%s)"), ca_file, why ? why : "no certificates");
          return NULL;
        }
    }
  else
    {
      SSL_CTX_set_verify (context->ctx, SSL_VERIFY_NONE, NULL);
    }

  if ((cert_file != NULL && *cert_file != '\0') != (key_file != NULL && *key_file != '\0'))
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           "A client certificate needs both a certificate file and a key file");
      return NULL;
    }
  if (cert_file != NULL && *cert_file != '\0')
    {
      if (SSL_CTX_use_certificate_chain_file (context->ctx, cert_file) != 1)
        {
          g_autofree char *why = kh_tls_last_error_string ();
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("The client certificate “%s” could not be read (%s)"), cert_file, why);
          return NULL;
        }
      if (SSL_CTX_use_PrivateKey_file (context->ctx, key_file, SSL_FILETYPE_PEM) != 1)
        {
          g_autofree char *why = kh_tls_last_error_string ();
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("The client key “%s” could not be read (%s)"), key_file, why);
          return NULL;
        }
      if (SSL_CTX_check_private_key (context->ctx) != 1)
        {
          ERR_clear_error ();
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("The client key “%s” does not belong to the certificate “%s”"), key_file, cert_file);
          return NULL;
        }
    }

  return g_steal_pointer (&context);
}

void
kh_tls_context_free (KhTlsContext *context)
{
  if (context == NULL)
    return;
  if (context->ctx != NULL)
    SSL_CTX_free (context->ctx);
  g_free (context);
}

KhTls *
kh_tls_new (KhTlsContext  *context,
            int            fd,
            const char    *peer_name,
            GError       **error)
{
  KhTls *tls = g_new0 (KhTls, 1);
  gboolean is_address = g_hostname_is_ip_address (peer_name);

  tls->peer_name = g_strdup (peer_name);
  tls->verify = context->verify;
  tls->ssl = SSL_new (context->ctx);
  if (tls->ssl == NULL || SSL_set_fd (tls->ssl, fd) != 1)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE, _("Could not set up TLS"));
      kh_tls_free (tls);
      return NULL;
    }

  if (!is_address)
    SSL_set_tlsext_host_name (tls->ssl, peer_name);

  if (context->verify)
    {
      X509_VERIFY_PARAM *param = SSL_get0_param (tls->ssl);
      int ok;

      X509_VERIFY_PARAM_set_hostflags (param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      if (is_address)
        ok = X509_VERIFY_PARAM_set1_ip_asc (param, peer_name);
      else
        ok = X509_VERIFY_PARAM_set1_host (param, peer_name, 0);
      if (ok != 1)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE,
                       _("“%s” cannot be checked against a TLS certificate"), peer_name);
          kh_tls_free (tls);
          return NULL;
        }
    }

  return tls;
}

void
kh_tls_free (KhTls *tls)
{
  if (tls == NULL)
    return;
  if (tls->ssl != NULL)
    SSL_free (tls->ssl);
  g_free (tls->peer_name);
  g_free (tls);
}

static void
kh_tls_set_verify_error (KhTls   *tls,
                         long     result,
                         GError **error)
{
  const char *name = tls->peer_name;

  switch (result)
    {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY,
                   _("The TLS certificate presented by %s is for a different host name. "
                   "Check the host, or set the expected server name in the profile"),
                   name);
      break;

    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY,
                   _("The TLS certificate of %s is not trusted: it is signed by an unknown "
                   "certificate authority. Add that authority’s CA file to the profile"),
                   name);
      break;

    case X509_V_ERR_CERT_HAS_EXPIRED:
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY,
                   _("The TLS certificate of %s has expired"), name);
      break;

    case X509_V_ERR_CERT_NOT_YET_VALID:
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY,
                   _("The TLS certificate of %s is not valid yet: check this computer’s clock"), name);
      break;

    default:
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY,
                   _("The TLS certificate of %s could not be verified (%s)"),
                   name, X509_verify_cert_error_string (result));
      break;
    }
}

static KhTlsStatus
kh_tls_map_error (KhTls      *tls,
                  int         ret,
                  gboolean    handshaking,
                  GError    **error)
{
  int code = SSL_get_error (tls->ssl, ret);
  unsigned long err;

  switch (code)
    {
    case SSL_ERROR_WANT_READ:
      return KH_TLS_WANT_READ;
    case SSL_ERROR_WANT_WRITE:
      return KH_TLS_WANT_WRITE;
    case SSL_ERROR_ZERO_RETURN:
      return KH_TLS_EOF;
    default:
      break;
    }

  if (handshaking && tls->verify)
    {
      long result = SSL_get_verify_result (tls->ssl);

      if (result != X509_V_OK)
        {
          ERR_clear_error ();
          kh_tls_set_verify_error (tls, result, error);
          return KH_TLS_ERROR;
        }
    }

  err = ERR_peek_last_error ();
  if (code == SSL_ERROR_SYSCALL && err == 0)
    {
      if (handshaking)
        g_set_error (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE,
                     _("%s closed the connection during the TLS handshake. "
                     "It may not accept TLS on this port, or it refuses this client"),
                     tls->peer_name);
      else
        return KH_TLS_EOF;
      return KH_TLS_ERROR;
    }

  if (err != 0 && ERR_GET_LIB (err) == ERR_LIB_SSL)
    {
      int reason = ERR_GET_REASON (err);

      ERR_clear_error ();
      if (reason == SSL_R_WRONG_VERSION_NUMBER ||
          reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
          reason == SSL_R_HTTP_REQUEST ||
          reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        {
          if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING && !handshaking)
            return KH_TLS_EOF;
          g_set_error (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE,
                       _("%s did not answer with TLS. It may not have TLS enabled on this "
                       "port: try a redis:// URL instead of rediss://"),
                       tls->peer_name);
          return KH_TLS_ERROR;
        }
      if (reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED ||
          reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE ||
          reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE ||
          reason == SSL_R_TLSV1_ALERT_UNKNOWN_CA)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE,
                       _("%s refused the TLS handshake (%s). It may require a client "
                       "certificate signed by a CA it trusts"),
                       tls->peer_name, ERR_reason_error_string (err));
          return KH_TLS_ERROR;
        }
      g_set_error (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE,
                   _("TLS with %s failed: %s"), tls->peer_name, ERR_reason_error_string (err));
      return KH_TLS_ERROR;
    }

  ERR_clear_error ();
  g_set_error (error, KH_ERROR, handshaking ? KH_ERROR_TLS_HANDSHAKE : KH_ERROR_CLOSED,
               _("TLS with %s failed"), tls->peer_name);
  return KH_TLS_ERROR;
}

KhTlsStatus
kh_tls_handshake (KhTls   *tls,
                  GError **error)
{
  int ret;

  ERR_clear_error ();
  ret = SSL_connect (tls->ssl);
  if (ret == 1)
    return KH_TLS_OK;
  return kh_tls_map_error (tls, ret, TRUE, error);
}

gsize
kh_tls_read (KhTls       *tls,
             void        *buffer,
             gsize        size,
             KhTlsStatus *status,
             GError     **error)
{
  size_t done = 0;
  int ret;

  ERR_clear_error ();
  ret = SSL_read_ex (tls->ssl, buffer, size, &done);
  if (ret == 1)
    {
      *status = KH_TLS_OK;
      return done;
    }
  *status = kh_tls_map_error (tls, ret, FALSE, error);
  return 0;
}

gsize
kh_tls_write (KhTls       *tls,
              const void  *data,
              gsize        size,
              KhTlsStatus *status,
              GError     **error)
{
  size_t done = 0;
  int ret;

  ERR_clear_error ();
  ret = SSL_write_ex (tls->ssl, data, size, &done);
  if (ret == 1)
    {
      *status = KH_TLS_OK;
      return done;
    }
  *status = kh_tls_map_error (tls, ret, FALSE, error);
  return 0;
}

gboolean
kh_tls_has_pending (KhTls *tls)
{
  return SSL_pending (tls->ssl) > 0;
}
