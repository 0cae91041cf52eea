/* SPDX-License-Identifier: GPL-3.0-or-later */
/* keyhole-cli: one command to one server, on the same core as Keyhole
 *
 *   keyhole-cli [OPTION…] URL COMMAND [ARGUMENT…]
 *
 * Prints the reply as redis-cli does (numbered and quoted on a terminal, raw
 * otherwise). Exits 0 on success, 1 on an error reply, 2 when it cannot
 * connect, 64 on bad usage.
 */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <gio/gunixinputstream.h>
#include <termios.h>
#include <unistd.h>
#else
#include <fcntl.h>
#include <io.h>
#define isatty _isatty
#define STDOUT_FILENO 1
#define STDIN_FILENO 0
#define read _read
#endif

#include "kh-cli-parse.h"
#include "kh-connection.h"
#include "kh-error.h"
#include "kh-reply-format.h"
#include "kh-url.h"

#define EXIT_REPLY_ERROR 1
#define EXIT_CONNECT 2
#define EXIT_USAGE 64

typedef struct {
  GMainLoop *loop;
  KhConnection *conn;
  KhCommand *command;
  gboolean raw;
  guint timeout_ms;
  int status;
} Cli;

static void
print_error (const char *what,
             const GError *error)
{
  g_printerr ("keyhole-cli: %s%s%s\n", what ? what : "", what ? ": " : "", error->message);
}

static void
on_reply (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_connection_send_finish (KH_CONNECTION (object), result, &error);

  if (reply == NULL)
    {
      if (g_error_matches (error, KH_ERROR, KH_ERROR_SERVER))
        {
          if (cli->raw)
            g_printerr ("%s\n", error->message);
          else
            g_printerr ("(error) %s\n", error->message);
          cli->status = EXIT_REPLY_ERROR;
        }
      else
        {
          print_error (NULL, error);
          cli->status = EXIT_CONNECT;
        }
    }
  else if (cli->raw)
    {
      g_autoptr(GBytes) bytes = kh_reply_format_raw_bytes (reply);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      fwrite (data, 1, len, stdout);
      fputc ('\n', stdout);
    }
  else
    {
      g_autofree char *text = kh_reply_format_cli (reply);

      fputs (text, stdout);
      fputc ('\n', stdout);
    }

  kh_connection_close (cli->conn);
  g_main_loop_quit (cli->loop);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_connection_connect_finish (KH_CONNECTION (object), result, &error))
    {
      print_error (NULL, error);
      cli->status = EXIT_CONNECT;
      g_main_loop_quit (cli->loop);
      return;
    }

  kh_connection_send_async (cli->conn, g_steal_pointer (&cli->command), cli->timeout_ms,
                            NULL, on_reply, cli);
}

static GBytes *
read_stdin (GError **error)
{
#ifdef G_OS_UNIX
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
#else
  /* No GUnixInputStream on Windows: stdio, in binary mode so bytes stay bytes. */
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[8192];
  size_t n;

  _setmode (_fileno (stdin), _O_BINARY);
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_byte_array_append (data, buffer, (guint) n);
  if (ferror (stdin))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not read the standard input");
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
#endif
}

/* Seconds from --timeout or --connect-timeout, read strictly: a finite decimal
 * number from 0.001 to 86400 (a day), or 0 when @zero_is_none (no limit, given
 * back as G_MAXUINT). GOption's own double accepted NaN and 1e300, and
 * 4294968 s wrapped to 0.7 s once in milliseconds. */
static gboolean
parse_seconds (const char  *option,
               const char  *text,
               gboolean     zero_is_none,
               guint       *out_ms)
{
  char *end = NULL;
  double seconds;

  if (text == NULL)
    return TRUE;
  seconds = g_ascii_strtod (text, &end);
  /* Plain decimal only: strtod would also take hex, "inf" and "nan". */
  if (*text != '\0' && text[strspn (text, "0123456789.eE+-")] == '\0' &&
      end != NULL && *end == '\0' && isfinite (seconds))
    {
      if (zero_is_none && seconds == 0)
        {
          *out_ms = G_MAXUINT;
          return TRUE;
        }
      if (seconds >= 0.001 && seconds <= 86400)
        {
          *out_ms = (guint) (seconds * 1000 + 0.5);
          return TRUE;
        }
    }
  g_printerr ("keyhole-cli: %s wants a number of seconds from 0.001 to 86400%s, not “%s”\n",
              option, zero_is_none ? " (or 0 for no limit)" : "", text);
  return FALSE;
}

/* Overwrites the password of the URL @arg in place (in the userinfo and in a
 * password= option), so that ps and /proc/PID/cmdline no longer show it: the
 * kernel reads them from this very memory. Returns whether it found one. */
static gboolean
scrub_url_password (char *arg)
{
  char *start = strstr (arg, "://");
  char *end;
  char *at = NULL;
  char *query;
  gboolean found = FALSE;

  if (start == NULL)
    return FALSE;
  start += 3;
  end = start + strcspn (start, "/?#");
  for (char *c = start; c < end; c++)
    if (*c == '@')
      at = c;
  if (at != NULL)
    {
      char *colon = memchr (start, ':', (gsize) (at - start));

      if (colon != NULL && colon + 1 < at)
        {
          memset (colon + 1, 'x', (gsize) (at - colon - 1));
          found = TRUE;
        }
    }

  query = strchr (end, '?');
  while (query != NULL && *query != '\0' && *query != '#')
    {
      char *option = query + 1;
      gsize len = strcspn (option, "&#");

      if (g_str_has_prefix (option, "password=") && len > strlen ("password="))
        {
          memset (option + strlen ("password="), 'x', len - strlen ("password="));
          found = TRUE;
        }
      query = option + len;
      if (*query != '&')
        break;
    }
  return found;
}

/* The password for --askpass: typed on the terminal without echo, or the first
 * line of standard input when that is not a terminal (the rest stays for -x).
 * Read a byte at a time so that nothing past the line is consumed. */
static char *
ask_password (void)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean on_terminal = isatty (STDIN_FILENO);
#ifdef G_OS_UNIX
  struct termios saved, quiet;
  gboolean echo_off = FALSE;

  if (on_terminal && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
#endif
  if (on_terminal)
    g_printerr ("Please input password: ");

  for (;;)
    {
      char c;

      if (read (STDIN_FILENO, &c, 1) != 1 || c == '\n')
        break;
      g_string_append_c (line, c);
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

#ifdef G_OS_UNIX
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
#endif
  if (on_terminal)
    g_printerr ("\n");
  return g_string_free (g_steal_pointer (&line), FALSE);
}

int
main (int argc, char *argv[])
{
  g_autofree char *ca_file = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *server_name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *command_line = NULL;
  gboolean insecure = FALSE;
  gboolean force_raw = FALSE;
  gboolean force_pretty = FALSE;
  gboolean from_stdin = FALSE;
  gboolean version = FALSE;
  gboolean askpass = FALSE;
  gboolean no_auth_warning = FALSE;
  g_autofree char *timeout = NULL;
  g_autofree char *connect_timeout = NULL;
  g_auto(GStrv) rest = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *typed_password = NULL;
  const GOptionEntry entries[] = {
    { "cacert", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust the CA certificates in FILE", "FILE" },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file, "Client certificate (PEM)", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, "Client private key (PEM)", "FILE" },
    { "sni", 0, 0, G_OPTION_ARG_STRING, &server_name, "Server name to send and verify", "NAME" },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, "Do not verify the server certificate", NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "ACL user name (overrides the URL)", "NAME" },
    { "askpass", 0, 0, G_OPTION_ARG_NONE, &askpass, "Read the password from the terminal without echo (or the first line of standard input); overrides the URL and REDISCLI_AUTH", NULL },
    { "no-auth-warning", 0, 0, G_OPTION_ARG_NONE, &no_auth_warning, "Do not warn about a password in the URL", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &timeout, "Seconds to wait for the reply: 0.001 to 86400, or 0 for no limit (default 30)", "SECONDS" },
    { "connect-timeout", 0, 0, G_OPTION_ARG_STRING, &connect_timeout, "Seconds to wait for the connection: 0.001 to 86400 (default 10)", "SECONDS" },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &force_raw, "Print replies raw, even on a terminal", NULL },
    { "no-raw", 0, 0, G_OPTION_ARG_NONE, &force_pretty, "Print replies formatted, even in a pipe", NULL },
    { "line", 'c', 0, G_OPTION_ARG_STRING, &command_line, "The command as one line with redis-cli quoting", "LINE" },
    { "stdin", 'x', 0, G_OPTION_ARG_NONE, &from_stdin, "Read the last argument from standard input", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "URL COMMAND [ARGUMENT…]" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhUrl) url = NULL;
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const char *env_password;
  Cli cli = { .timeout_ms = 30 * 1000 };
  guint connect_timeout_ms = 10 * 1000;
  guint n_rest;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("URL COMMAND [ARGUMENT…]");
  g_option_context_set_summary (context,
    "Sends one command to a Redis or Valkey server and prints the reply.\n\n"
    "URL is redis://[user[:password]@]host[:port][/db], rediss://… for TLS, or unix:///path/to/socket.\n"
    "A password in the URL can be seen by other users (ps); give it in the REDISCLI_AUTH\n"
    "environment variable or type it with --askpass instead.");
  g_option_context_add_main_entries (context, entries, NULL);
  /* Parse a copy: the password is scrubbed from the real argv below. */
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("keyhole-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (version)
    {
      g_print ("keyhole-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  n_rest = rest != NULL ? g_strv_length (rest) : 0;
  if (n_rest < 1 || (n_rest < 2 && command_line == NULL))
    {
      g_printerr ("keyhole-cli: give a URL and a command, e.g. keyhole-cli redis://localhost:6379 PING\n");
      return EXIT_USAGE;
    }

  url = kh_url_parse (rest[0], &error);
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], rest[0]))
      {
        if (scrub_url_password (argv[i]) && !no_auth_warning)
          g_printerr ("Warning: Using a password in the URL on the command line may not be safe; "
                      "use REDISCLI_AUTH or --askpass.\n");
        break;
      }
  if (url == NULL)
    {
      g_printerr ("keyhole-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (!parse_seconds ("--timeout", timeout, TRUE, &cli.timeout_ms) ||
      !parse_seconds ("--connect-timeout", connect_timeout, FALSE, &connect_timeout_ms))
    return EXIT_USAGE;
  /* Before -x reads the rest of standard input. */
  if (askpass)
    typed_password = ask_password ();

  if (command_line != NULL)
    {
      cli.command = kh_cli_parse_line (command_line, &error);
      if (cli.command == NULL)
        {
          g_printerr ("keyhole-cli: %s\n", error ? error->message : "the command line is empty");
          return EXIT_USAGE;
        }
      for (guint i = 1; i < n_rest; i++)
        kh_command_add (cli.command, rest[i]);
    }
  else
    {
      cli.command = kh_command_new (NULL);
      for (guint i = 1; i < n_rest; i++)
        kh_command_add (cli.command, rest[i]);
    }
  if (from_stdin)
    {
      g_autoptr(GBytes) data = read_stdin (&error);

      if (data == NULL)
        {
          g_printerr ("keyhole-cli: could not read standard input: %s\n", error->message);
          return EXIT_USAGE;
        }
      kh_command_add_bytes (cli.command, data);
    }

  config = kh_connection_config_new ();
  config->host = g_strdup (url->host);
  config->port = url->port;
  config->socket_path = g_strdup (url->socket_path);
  config->tls = url->tls;
  config->tls_insecure = url->tls_insecure || insecure;
  config->tls_ca_file = g_strdup (ca_file ? ca_file : url->tls_ca_file);
  config->tls_cert_file = g_strdup (cert_file ? cert_file : url->tls_cert_file);
  config->tls_key_file = g_strdup (key_file ? key_file : url->tls_key_file);
  config->tls_server_name = g_strdup (server_name);
  config->username = g_strdup (user ? user : url->username);
  config->password = g_strdup (url->password);
  env_password = g_getenv ("REDISCLI_AUTH");
  if (config->password == NULL && env_password != NULL && *env_password != '\0')
    config->password = g_strdup (env_password);
  if (typed_password != NULL)
    {
      g_free (config->password);
      config->password = g_steal_pointer (&typed_password);
    }
  config->database = url->database;
  config->client_name = g_strdup ("keyhole-cli");
  config->connect_timeout_ms = connect_timeout_ms;
  if (ca_file != NULL || cert_file != NULL || server_name != NULL)
    config->tls = TRUE;

  cli.raw = force_raw || (!force_pretty && !isatty (STDOUT_FILENO));
  loop = g_main_loop_new (NULL, FALSE);
  cli.loop = loop;
  cli.conn = kh_connection_new (config);
  kh_connection_connect_async (cli.conn, NULL, on_connected, &cli);
  g_main_loop_run (loop);

  g_clear_pointer (&cli.command, kh_command_free);
  g_clear_object (&cli.conn);
  fflush (stdout);
  return cli.status;
}
