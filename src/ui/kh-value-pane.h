/* kh-value-pane.h: what every per-type value view shares: the session and
 * key, loading and write state, read-only handling, messages, dialogs and
 * the paging of collections
 *
 * A pane shows one key's value and is thrown away when another key is
 * selected. KhValueView creates the pane for the key's type, then calls
 * kh_value_pane_reload().
 */
#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "kh-session.h"
#include "kh-value-edit.h"
#include "kh-value-header.h"
#include "kh-value-row.h"
#include "kh-value-text.h"

G_BEGIN_DECLS

#define KH_TYPE_VALUE_PANE (kh_value_pane_get_type ())

G_DECLARE_DERIVABLE_TYPE (KhValuePane, kh_value_pane, KH, VALUE_PANE, GtkWidget)

struct _KhValuePaneClass
{
  GtkWidgetClass parent_class;

  /* Loads the value (or a collection's first page) from the start. */
  void (*reload)         (KhValuePane *self);
  /* Loads a collection's next page; NULL for values that are not paged. */
  void (*load_more)      (KhValuePane *self);
  /* Saves the edit in progress ("pane.save", Ctrl+S); NULL when the type
   * has nothing to save. */
  void (*save)           (KhValuePane *self);
  /* Enables and disables the pane's actions after a state change (loading,
   * busy, selection). Chain up: the base enables "pane.save" and
   * "pane.load-more". */
  void (*update_actions) (KhValuePane *self);
  /* Whether "pane.save" has something to save. */
  gboolean (*can_save)   (KhValuePane *self);
};

/* Said on every disabled editing control of a read-only session. */
const char          *kh_value_pane_read_only_tip    (void);

KhSession           *kh_value_pane_get_session      (KhValuePane         *self);
GBytes              *kh_value_pane_get_key          (KhValuePane         *self);
/* The key as a user reads it, escaped and shortened. */
char                *kh_value_pane_dup_display_key  (KhValuePane         *self);
const KhValueHeader *kh_value_pane_get_header       (KhValuePane         *self);
void                 kh_value_pane_set_header       (KhValuePane         *self,
                                                     const KhValueHeader *header);
gboolean             kh_value_pane_is_read_only     (KhValuePane         *self);
/* Cancelled when the pane reloads or goes away: for loads, not for writes. */
GCancellable        *kh_value_pane_get_cancellable  (KhValuePane         *self);

void                 kh_value_pane_reload           (KhValuePane         *self);
/* Stops the pane for good: loads are cancelled, and results of writes
 * already sent no longer reach the user. For a pane that is replaced. */
void                 kh_value_pane_close            (KhValuePane         *self);
void                 kh_value_pane_save             (KhValuePane         *self);
gboolean             kh_value_pane_can_save         (KhValuePane         *self);
void                 kh_value_pane_update_actions   (KhValuePane         *self);

/* TRUE while a load waits for the server. */
gboolean             kh_value_pane_get_loading      (KhValuePane         *self);
void                 kh_value_pane_set_loading      (KhValuePane         *self,
                                                     gboolean             loading);
/* TRUE while a write waits for the server or asks the user. */
gboolean             kh_value_pane_get_busy         (KhValuePane         *self);
void                 kh_value_pane_begin_write      (KhValuePane         *self);
void                 kh_value_pane_end_write        (KhValuePane         *self);

/* Collections: whether another page can be loaded ("pane.load-more"). */
void                 kh_value_pane_set_more_available (KhValuePane       *self,
                                                       gboolean           more);
gboolean             kh_value_pane_get_more_available (KhValuePane       *self);
/* Loads the next page when @scrolled is scrolled to its end. */
void                 kh_value_pane_watch_scrolling  (KhValuePane         *self,
                                                     GtkScrolledWindow   *scrolled);

/* Says something went wrong, in a sentence ("message" signal). */
void                 kh_value_pane_show_message     (KhValuePane         *self,
                                                     const char          *text);
/* Reports a failed load: nothing for a cancellation, "gone" for a missing
 * key (KH_ERROR_NOT_FOUND), "message" otherwise, and "changed" too when the
 * key now holds another type (KH_ERROR_CONFLICT). */
void                 kh_value_pane_show_error       (KhValuePane         *self,
                                                     const GError        *error);
/* Passing news, in the nearest AdwToastOverlay. */
void                 kh_value_pane_toast            (KhValuePane         *self,
                                                     const char          *text);
/* The pane changed the value on the server ("changed": the header reloads). */
void                 kh_value_pane_value_changed    (KhValuePane         *self);
/* An editing control: insensitive with the read-only tip on a read-only
 * session, else with @tooltip. */
void                 kh_value_pane_editing_control  (KhValuePane         *self,
                                                     GtkWidget           *widget,
                                                     const char          *tooltip);

/* Dialogs. Callbacks run only when the pane still exists. */
typedef void (*KhValuePaneConfirmFunc) (KhValuePane        *self,
                                        gpointer            data);
typedef void (*KhValuePaneAskFunc)     (KhValuePane        *self,
                                        const char * const *values,
                                        gpointer            data);
typedef void (*KhValuePaneConflictFunc) (KhValuePane           *self,
                                         const char            *response,
                                         const KhValueConflict *conflict,
                                         gpointer               data);

/* Asks before a destructive action; @func runs on @action_label. */
void                 kh_value_pane_confirm          (KhValuePane            *self,
                                                     const char             *heading,
                                                     const char             *body,
                                                     const char             *action_label,
                                                     KhValuePaneConfirmFunc  func,
                                                     gpointer                data,
                                                     GDestroyNotify          destroy);
/* Asks for a few texts, one entry row per label in @labels (NULL
 * terminated); @func gets the texts in the same order. */
void                 kh_value_pane_ask              (KhValuePane            *self,
                                                     const char             *heading,
                                                     const char             *body,
                                                     const char * const     *labels,
                                                     const char             *action_label,
                                                     KhValuePaneAskFunc      func,
                                                     gpointer                data,
                                                     GDestroyNotify          destroy);
/* Shows a KhConflictDialog; @func gets "cancel", "theirs" or "overwrite".
 * @overwrite_label names the overwrite choice (NULL: "Overwrite With Mine"). */
void                 kh_value_pane_resolve_conflict (KhValuePane            *self,
                                                     const KhValueConflict  *conflict,
                                                     const char             *overwrite_label,
                                                     KhValuePaneConflictFunc func,
                                                     gpointer                data,
                                                     GDestroyNotify          destroy);

/* Columns of KhValueRow items whose cells are labels. */
typedef char *(*KhValuePaneCellFunc) (KhValueRow *row);

typedef enum {
  KH_VALUE_CELL_DEFAULT   = 0,
  KH_VALUE_CELL_MONOSPACE = 1 << 0,
  KH_VALUE_CELL_NUMERIC   = 1 << 1,  /* right-aligned, tabular figures */
  KH_VALUE_CELL_EXPAND    = 1 << 2,
  KH_VALUE_CELL_DIM       = 1 << 3,
} KhValueCellFlags;

GtkColumnViewColumn *kh_value_pane_add_column       (GtkColumnView       *view,
                                                     const char          *title,
                                                     KhValuePaneCellFunc  func,
                                                     KhValueCellFlags     flags);

G_END_DECLS
