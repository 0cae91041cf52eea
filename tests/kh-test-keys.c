/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-keys.c: key presses as a user makes them, for widget tests
 *
 * The keys go through the X server with the XTEST extension (Xvfb has it),
 * so GTK receives real key events: the same propagation, shortcut
 * controllers, key capture and input methods as a user's keyboard meets.
 * The one request needed is made here with Xlib's request macros rather
 * than with libXtst, which the build does not otherwise need.
 */
#include "config.h"

#include "kh-test-keys.h"
#include "kh-test-util.h"

/* KH_TEST_XLIB: meson found Xlib to link with */
#if defined (GDK_WINDOWING_X11) && defined (KH_TEST_XLIB)
#define HAVE_XTEST 1
#include <gdk/x11/gdkx.h>
#include <X11/Xlibint.h>
#include <X11/keysym.h>
#include <X11/extensions/xtestproto.h>
#endif

#ifdef HAVE_XTEST
static Display *
x_display (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  return display != NULL && GDK_IS_X11_DISPLAY (display) ? gdk_x11_display_get_xdisplay (display) : NULL;
}

static int
xtest_opcode (void)
{
  static int opcode = -1;
  Display *dpy = x_display ();
  int event, error;

  if (opcode == -1 && dpy != NULL)
    {
      if (!XQueryExtension (dpy, XTestExtensionName, &opcode, &event, &error))
        opcode = 0;
    }
  return opcode > 0 ? opcode : 0;
}

static void
fake_input (Display *dpy,
            int      type,
            guint    detail,
            Window   root,
            int      root_x,
            int      root_y)
{
  xXTestFakeInputReq *req;

  LockDisplay (dpy);
  GetReq (XTestFakeInput, req);
  req->reqType = xtest_opcode ();
  req->xtReqType = X_XTestFakeInput;
  req->type = type;
  req->detail = detail;
  req->time = CurrentTime;
  req->root = root;
  req->rootX = root_x;
  req->rootY = root_y;
  req->deviceid = 0;
  UnlockDisplay (dpy);
  SyncHandle ();
}

static void
fake_key (Display  *dpy,
          guint     keycode,
          gboolean  press)
{
  fake_input (dpy, press ? KeyPress : KeyRelease, keycode, None, 0, 0);
}
#endif

gboolean
kh_test_keys_available (void)
{
#ifdef HAVE_XTEST
  return x_display () != NULL && xtest_opcode () > 0;
#else
  return FALSE;
#endif
}

static gboolean
window_is_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

void
kh_test_focus_window (GtkWindow *window)
{
  gtk_window_present (window);
#ifdef HAVE_XTEST
  /* GTK asks with the time of the last key event, which the X server
   * ignores when the focus changed later (a dialog closed): ask for now */
  if (x_display () != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

      XRaiseWindow (x_display (), gdk_x11_surface_get_xid (surface));
      XSetInputFocus (x_display (), gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
      XSync (x_display (), False);
    }
#endif
  if (!kh_test_iterate_until (window_is_active, window, 5000))
    g_error ("The window “%s” did not become active", gtk_window_get_title (window));
}

/* Key presses GDK has handed to a surface, of one keycode: a press is done
 * once it went through GTK (an emission hook runs before GTK's handlers,
 * which may stop the emission; the main loop returns after them). Not the
 * release: a press that closes a dialog leaves its release nowhere to go. */
static guint pressed_keycode;
static guint n_pressed;

static gboolean
on_surface_event (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               data)
{
  GdkEvent *event = n_values > 1 ? g_value_peek_pointer (&values[1]) : NULL;

  if (event != NULL && gdk_event_get_event_type (event) == GDK_KEY_PRESS &&
      gdk_key_event_get_keycode (event) == pressed_keycode)
    n_pressed++;
  return TRUE;
}

static gboolean
press_seen (gpointer data)
{
  return n_pressed > GPOINTER_TO_UINT (data);
}

/* Runs the main loop for @ms */
static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

void
kh_test_press (const char *accel)
{
#ifdef HAVE_XTEST
  GdkDisplay *display = gdk_display_get_default ();
  Display *dpy = x_display ();
  g_autofree GdkKeymapKey *keys = NULL;
  guint keyval = 0;
  GdkModifierType mods = 0;
  guint modifiers[3];
  guint n_modifiers = 0;
  int n_keys = 0;
  int best = -1;
  static gulong hook_id;
  guint before;

  g_assert_true (kh_test_keys_available ());
  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  g_assert_true (gdk_display_map_keyval (display, keyval, &keys, &n_keys));

  /* The key of the first group, on its lowest level: Shift for the second */
  for (int i = 0; i < n_keys; i++)
    if (keys[i].group == 0 && keys[i].level <= 1 && (best < 0 || keys[i].level < keys[best].level))
      best = i;
  g_assert_cmpint (best, >=, 0);
  if (keys[best].level == 1)
    mods |= GDK_SHIFT_MASK;

  if (mods & GDK_CONTROL_MASK)
    modifiers[n_modifiers++] = XKeysymToKeycode (dpy, XK_Control_L);
  if (mods & GDK_SHIFT_MASK)
    modifiers[n_modifiers++] = XKeysymToKeycode (dpy, XK_Shift_L);
  if (mods & GDK_ALT_MASK)
    modifiers[n_modifiers++] = XKeysymToKeycode (dpy, XK_Alt_L);

  if (hook_id == 0)
    hook_id = g_signal_add_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), 0,
                                          on_surface_event, NULL, NULL);
  pressed_keycode = keys[best].keycode;
  before = n_pressed;

  for (guint i = 0; i < n_modifiers; i++)
    fake_key (dpy, modifiers[i], TRUE);
  fake_key (dpy, keys[best].keycode, TRUE);
  fake_key (dpy, keys[best].keycode, FALSE);
  for (guint i = n_modifiers; i > 0; i--)
    fake_key (dpy, modifiers[i - 1], FALSE);
  XSync (dpy, False);
  if (!kh_test_iterate_until (press_seen, GUINT_TO_POINTER (before), 5000))
    g_error ("GTK did not get %s: does a window of this process have the X input focus?", accel);
  /* The release, and what the key started in an idle or at the next frame */
  iterate_for (50);
#else
  g_assert_not_reached ();
#endif
}

void
kh_test_move_pointer (GtkWidget *widget,
                      double     x,
                      double     y)
{
#ifdef HAVE_XTEST
  Display *dpy = x_display ();
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Window root = DefaultRootWindow (dpy);
  Window child;
  graphene_point_t point;
  double sx, sy;
  int rx, ry;

  g_assert_true (kh_test_keys_available ());
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  /* From the native widget's coordinates to its surface's (past the shadow) */
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (dpy, gdk_x11_surface_get_xid (surface), root,
                         (int) (point.x + sx), (int) (point.y + sy), &rx, &ry, &child);
  fake_input (dpy, MotionNotify, False, root, rx, ry);
  XSync (dpy, False);
  iterate_for (150);
#else
  g_assert_not_reached ();
#endif
}
