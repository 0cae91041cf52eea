/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-pane.h: what every per-type value view shares: the session and
 * key, loading and write state, read-only handling, messages, dialogs, and
 * for collections their rows, paging and value editor
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

  /* Loads the value (or a collection's first page) from the start; a
   * collection's rows are gone by then. */
  void (*reload)         (KhValuePane *self);
  /* Loads a collection's next page; NULL for values that are not paged. */
  void (*load_more)      (KhValuePane *self);
  /* Saves the edit in progress ("pane.save", Ctrl+S); NULL when the type
   * has nothing to save. */
  void (*save)           (KhValuePane *self);
  /* Enables and disables the pane's actions after a state change (loading,
   * busy, selection). Chain up: the base enables "pane.save",
   * "pane.revert" and "pane.load-more". */
  void (*update_actions) (KhValuePane *self);
  /* Whether "pane.save" has something to save. */
  gboolean (*can_save)   (KhValuePane *self);
  /* Drops the edit in progress ("pane.revert"); NULL when the type has no
   * edits to drop. */
  void (*revert)         (KhValuePane *self);
  /* Whether "pane.revert" has something to drop. */
  gboolean (*can_revert) (KhValuePane *self);
  /* Collections: shows @row (NULL: none) beside the rows, when another row
   * is selected or kh_value_pane_show_row() is called. */
  void (*show_row)       (KhValuePane *self,
                          KhValueRow  *row);
  /* Collections: the count above the rows, "200 fields", or "Showing 200 of
   * 5,000 fields" when @total (else -1) is known and more pages remain. */
  char *(*count_text)    (KhValuePane *self,
                          guint        shown,
                          gint64       total);
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
/* TRUE on a read-only session, and once the key is gone. */
gboolean             kh_value_pane_is_read_only     (KhValuePane         *self);
/* The key no longer exists: the pane keeps what it shows, but every write
 * action is disabled and the editors stop taking input. For good: a key
 * that is back is shown by a new pane. */
void                 kh_value_pane_set_gone         (KhValuePane         *self);
gboolean             kh_value_pane_get_gone         (KhValuePane         *self);
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

/* Collections (kh-value-pane-rows.c) */

/* For class_init, after the template is set: binds the children every
 * collection's template has: "column_view" showing the rows, "scrolled"
 * around it (scrolled to its end, it loads the next page), "count_label"
 * and "load_more_button" (shown while more pages remain). */
void                 kh_value_pane_class_bind_rows  (GtkWidgetClass      *widget_class);
/* For init, after the template: the rows (KhValueRow), one selected at
 * most. Activating a row moves the focus to @editor (NULL: nowhere). */
void                 kh_value_pane_init_rows        (KhValuePane         *self,
                                                     GtkWidget           *editor);
GListStore          *kh_value_pane_get_rows         (KhValuePane         *self);
KhValueRow          *kh_value_pane_get_selected_row (KhValuePane         *self);
void                 kh_value_pane_select_row       (KhValuePane         *self,
                                                     guint                position);
/* The row named @name (a hash field, a member) and its @position (may be
 * NULL), or NULL. */
KhValueRow          *kh_value_pane_find_row         (KhValuePane         *self,
                                                     GBytes              *name,
                                                     guint               *position);
/* The row shown beside the rows (being edited), or NULL. */
KhValueRow          *kh_value_pane_get_shown_row    (KhValuePane         *self);
void                 kh_value_pane_show_row         (KhValuePane         *self,
                                                     KhValueRow          *row);
/* Shows the row shown again, dropping changes: a "revert" implementation. */
void                 kh_value_pane_show_row_again   (KhValuePane         *self);
void                 kh_value_pane_update_count     (KhValuePane         *self);

/* Ends the load of a page started with the pane's cancellable: the page,
 * or NULL when the load was cancelled or failed (then said). */
KhValuePage         *kh_value_pane_finish_page      (KhValuePane         *self,
                                                     GAsyncResult        *result);
/* Appends a page's @rows; @complete when it was the last page. */
void                 kh_value_pane_add_page         (KhValuePane         *self,
                                                     GPtrArray           *rows,
                                                     gboolean             complete);
/* Ends the removal of a row begun with kh_value_pane_begin_write(). TRUE
 * when the row is gone: removed now (@removed is toasted, "changed"
 * emitted) or already (@already is toasted). FALSE when it is still there:
 * the reason is said, except for a value changed meanwhile when @changed is
 * given: *@changed is then the conflict, for the caller to resolve. */
gboolean             kh_value_pane_finish_removal   (KhValuePane         *self,
                                                     GAsyncResult        *result,
                                                     const char          *removed,
                                                     const char          *already,
                                                     KhValueConflict    **changed);
/* Whether another page can be loaded ("pane.load-more"). */
gboolean             kh_value_pane_get_more_available (KhValuePane       *self);

/* Sets @view's text, broken up when a line is too long to lay out quickly;
 * returns whether it was. */
gboolean             kh_value_pane_set_text         (KhValuePane         *self,
                                                     GtkTextView         *view,
                                                     const char          *text);

/* Hashes and lists: @view edits the value of the row shown; @note says when
 * it is shown escaped or broken up. Called once, from init. */
void                 kh_value_pane_set_value_editor (KhValuePane         *self,
                                                     GtkTextView         *view,
                                                     GtkWidget           *note);
/* Puts @value (NULL: none) in the value editor: escaped when it is not
 * text, broken up and read-only when a line is too long. */
void                 kh_value_pane_edit_value       (KhValuePane         *self,
                                                     GBytes              *value);
/* Whether the value editor holds changes to the row shown. */
gboolean             kh_value_pane_value_edited     (KhValuePane         *self);
/* Whether they can be saved: the value was not broken up. */
gboolean             kh_value_pane_can_save_value   (KhValuePane         *self);
/* The value editor's text as bytes, unescaped when it was shown escaped. */
GBytes              *kh_value_pane_dup_edited_value (KhValuePane         *self);
GtkTextBuffer       *kh_value_pane_get_value_buffer (KhValuePane         *self);

/* Columns of KhValueRow items whose cells are labels. */
typedef char *(*KhValuePaneCellFunc) (KhValueRow *row);

typedef enum {
  KH_VALUE_CELL_DEFAULT   = 0,
  KH_VALUE_CELL_MONOSPACE = 1 << 0,
  KH_VALUE_CELL_NUMERIC   = 1 << 1,  /* right-aligned, tabular figures */
  KH_VALUE_CELL_EXPAND    = 1 << 2,
  KH_VALUE_CELL_DIM       = 1 << 3,
} KhValueCellFlags;

GtkColumnViewColumn *kh_value_pane_add_column       (KhValuePane         *self,
                                                     const char          *title,
                                                     KhValuePaneCellFunc  func,
                                                     KhValueCellFlags     flags);

G_END_DECLS
