/* request.h — the one request table of the dashboard. Every thing a user can
 * ask for (move, sort, switch context, export…) is a row of UI_REQUESTS, and
 * everything about it comes from that row: the enum (REQ_DOWN…), the name a
 * config binding uses (keys = { global = { "ctrl-r" = "reload"; }; }), the
 * default keys, the views it applies to, the footer hint (and in which views
 * it shows), the `:` command names and the help text. The help screen, the
 * footer hints, key lookup, the 1–9 pane keys and the `:` commands are all
 * generated from it (request.c, keys.c, pager.c, frame.c, command.c), so they
 * cannot drift apart. No curses here: the key codes are expanded in request.c.
 *
 * R(ID, name, default keys, views, hint views, hint, commands, help)
 *   keys      K(…): up to four key codes (curses KEY_* allowed), K(0) = none
 *   views     where the request does something (IN_TABLE, IN_TEXT, IN_LOG,
 *             IN_HELP, IN_PAGER = the three text views, IN_ALL)
 *   hint      the footer label, shown in the hint views after the keys in
 *             effect; consecutive rows with the same label share one hint
 *             ("j/k scroll"); "{tenant}" is the provider's word for a context
 *   commands  "ctx,context NAME": the `:` names (first one shown) and the
 *             argument the command takes, or NULL
 *   help      the help line; "{tenant}" as above */
#ifndef TT_UI_REQUEST_H
#define TT_UI_REQUEST_H

#include <stddef.h>

enum view { V_TABLE, V_TEXT, V_LOG, V_HELP, V_COUNT };

#define IN_TABLE (1u << V_TABLE)
#define IN_TEXT (1u << V_TEXT)
#define IN_LOG (1u << V_LOG)
#define IN_HELP (1u << V_HELP)
#define IN_PAGER (IN_TEXT | IN_LOG | IN_HELP)
#define IN_ALL (IN_TABLE | IN_PAGER)
#define VIEW_BIT(v) (1u << (v))

#define UI_PANE_REQUEST(R, n) R(PANE_##n, "pane-" #n, K('0' + n), IN_TABLE, 0, NULL, NULL, "jump to pane " #n)

#define UI_RELATED_REQUEST(R, n) R(RELATED_##n, "related-" #n, K('0' + n), IN_TEXT, 0, NULL, NULL, "open related list " #n)

#define UI_REQUESTS(R) \
	R(DOWN, "down", K('j', KEY_DOWN), IN_ALL, IN_TEXT | IN_LOG, "scroll", NULL, "move down") \
	R(UP, "up", K('k', KEY_UP), IN_ALL, IN_TEXT | IN_LOG, "scroll", NULL, "move up") \
	R(PAGE_DOWN, "page-down", K(KEY_NPAGE, ' ', 6 /* ^F */), IN_ALL, 0, NULL, NULL, "one page down") \
	R(PAGE_UP, "page-up", K(KEY_PPAGE, 2 /* ^B */), IN_ALL, 0, NULL, NULL, "one page up") \
	R(TOP, "top", K('g', KEY_HOME), IN_ALL, 0, NULL, NULL, "first row") \
	R(BOTTOM, "bottom", K('G', KEY_END), IN_ALL, IN_LOG, "end", NULL, "last row (loaded so far)") \
	R(COLUMN_LEFT, "column-left", K('h', KEY_LEFT), IN_TABLE, 0, NULL, NULL, \
	  "select the column to the left (for sorting)") \
	R(COLUMN_RIGHT, "column-right", K('l', KEY_RIGHT), IN_TABLE, 0, NULL, NULL, "select the column to the right") \
	R(NEXT_PANE, "next-pane", K('\t'), IN_TABLE, 0, NULL, NULL, "next pane (1-9 jump to a pane)") \
	R(PREV_PANE, "prev-pane", K(KEY_BTAB), IN_TABLE, 0, NULL, NULL, "previous pane") \
	R(FILTER, "filter", K('/'), IN_TABLE, IN_TABLE, "filter", NULL, \
	  "filter: server query + local narrowing; !text inverts; DevEUI/IMEI/barcode: vendor lookup") \
	R(SEARCH, "search", K('/'), IN_PAGER, IN_TEXT, "search", NULL, "search in text views") \
	R(NEXT_MATCH, "next-match", K('n'), IN_PAGER, IN_TEXT, "next", NULL, "next search match in text views") \
	R(CLEAR, "clear", K(27 /* Esc */), IN_ALL, 0, NULL, NULL, \
	  "clear the filters (text, time, narrowing); text views: the search, then back") \
	R(SORT, "sort", K('s'), IN_TABLE, IN_TABLE, "sort", NULL, \
	  "sort by the selected column: asc, desc, off (sent to the API)") \
	R(SORT_ADD, "sort-add", K('S'), IN_TABLE, 0, NULL, NULL, "add the selected column as a further sort key") \
	R(TIME_FILTER, "time-filter", K('f'), IN_TABLE, IN_TABLE, "since", NULL, \
	  "filter by time: one of the pane's time keys = -7d, -2h or a date") \
	R(CONTEXT, "context", K('c'), IN_ALL, IN_TABLE, "{tenant}", "ctx,context NAME", \
	  "switch {tenant} (Tab completes; empty = own account)") \
	R(PREV_CONTEXT, "previous-context", K('-'), IN_ALL, 0, NULL, NULL, "back to the previous {tenant}") \
	R(ALL, "all", K('A'), IN_TABLE, 0, NULL, "all", \
	  "the pane's query in every {tenant} at once, with a column naming each row's {tenant} (Enter and " \
	  "actions go to it; E: each {tenant}'s state); A again, q or Esc: back") \
	R(RELOAD, "reload", K('r'), IN_ALL, 0, NULL, "reload", "reload the current query") \
	R(AUTO_REFRESH, "auto-refresh", K('R'), IN_ALL, 0, NULL, NULL, "toggle auto-refresh") \
	R(ACTION, "action", K('a'), IN_TABLE, IN_TABLE, "action", NULL, \
	  "actions on the selected item (writes ask first; refused read-only)") \
	R(DETAIL, "detail", K('\n', KEY_ENTER, 'd'), IN_TABLE, IN_TABLE, "detail", NULL, \
	  "detail of the selected item (tenants: switch to it)") \
	R(RAW, "raw", K('J'), IN_TEXT, IN_TEXT, "raw", NULL, "detail: the raw JSON, or back to the fields") \
	R(RELATED, "related", K(0), IN_TEXT, 0, NULL, "rel,related NAME", \
	  "detail: open the related list of that title or number") \
	R(SET_FILTER, "set-filter", K(0), IN_TABLE, 0, NULL, "filter KEY=VALUE", \
	  "set one of the pane's filters by name (Tab completes; KEY= clears it, nothing clears all)") \
	R(LAST_ERROR, "last-error", K('E'), IN_ALL, 0, NULL, "error", \
	  "the last error in full (one cut at the screen edge)") \
	R(REQUESTS, "requests", K('L'), IN_ALL, IN_TABLE, "requests", "log,requests", "request log: every API call") \
	R(COPY, "copy", K('y'), IN_TABLE, 0, NULL, NULL, "copy the selected id to the clipboard (OSC 52)") \
	R(COPY_CELL, "copy-cell", K('Y'), IN_TABLE, 0, NULL, NULL, \
	  "copy the selected column's value (pick the column with h/l)") \
	R(COPY_ROW, "copy-row", K(25 /* ^Y */), IN_TABLE, 0, NULL, NULL, "copy the whole row, tab-separated") \
	R(EXPORT, "export", K(0), IN_ALL, 0, NULL, "export FILE", \
	  "write the view as sorted and filtered: FILE.json(l) as JSON lines, else CSV") \
	R(PROFILE, "profile", K(0), IN_ALL, 0, NULL, "profile NAME", "reopen on another profile of the config") \
	R(COMMAND, "command", K(':'), IN_ALL, 0, NULL, NULL, "type a command (COMMANDS below)") \
	R(HELP, "help", K('?', KEY_F(1)), IN_ALL, IN_TABLE, "help", "help", "this help") \
	R(BACK, "back", K('q'), IN_ALL, IN_PAGER, "back", NULL, "text views: back; table: clear the filters, quit when none is set") \
	R(QUIT, "quit", K('Q', KEY_F(10)), IN_ALL, IN_TABLE, "quit", "q,quit", "quit") \
	UI_PANE_REQUEST(R, 1) UI_PANE_REQUEST(R, 2) UI_PANE_REQUEST(R, 3) \
	UI_PANE_REQUEST(R, 4) UI_PANE_REQUEST(R, 5) UI_PANE_REQUEST(R, 6) \
	UI_PANE_REQUEST(R, 7) UI_PANE_REQUEST(R, 8) UI_PANE_REQUEST(R, 9) \
	UI_RELATED_REQUEST(R, 1) UI_RELATED_REQUEST(R, 2) UI_RELATED_REQUEST(R, 3) \
	UI_RELATED_REQUEST(R, 4) UI_RELATED_REQUEST(R, 5) UI_RELATED_REQUEST(R, 6) \
	UI_RELATED_REQUEST(R, 7) UI_RELATED_REQUEST(R, 8) UI_RELATED_REQUEST(R, 9)

#define UI_REQUEST_ENUM(id, ...) REQ_##id,
enum request { REQ_NONE = -1, UI_REQUESTS(UI_REQUEST_ENUM) REQ_COUNT };
#undef UI_REQUEST_ENUM

struct ui_request {
	const char *name;
	int keys[4];          /* 0-terminated */
	unsigned views, hint_views;
	const char *hint, *commands, *help;
};

extern const struct ui_request ui_requests[REQ_COUNT];

/* The request a config binding or a `:` command names, or REQ_NONE. For a
 * command, *arg_name is the argument it takes ("NAME") or NULL. */
enum request request_by_name(const char *name);
enum request request_by_command(const char *word, const char **arg_name);

/* The first `:` name of r into out ("ctx"), "" if none. */
void request_command_name(enum request r, char *out, size_t outsz);

/* tmpl with "{tenant}" replaced by word. */
void request_expand(const char *tmpl, const char *word, char *out, size_t outsz);

/* The keys of r in effect in this pane: the defaults and the config's
 * bindings. all != 0: every key, space-separated ("j ↓ ^N"), for help;
 * all == 0: the first default key and the bound ones, comma-separated, in
 * hint form ("Enter", "L,F5"). "" when r has no key at all. */
void request_keys(const char *scope, enum request r, int all, char *out, size_t outsz);

#endif
