/* ui.c — the dashboard's loop: ui_run opens the session for the chosen
 * profile, sets up the terminal and signals, and runs the poll loop (keys,
 * the session's wake-ups, auto-refresh) until the user quits; every key goes
 * through dispatch(). The terminal is restored on every exit path. It never
 * does network I/O: everything goes through src/session.h. */
#include "ui.h"

#include "ui_int.h"
#include "frame.h"
#include "table.h"
#include "narrow.h"
#include "pager.h"
#include "prompt.h"
#include "command.h"
#include "clip.h"
#include "keys.h"
#include "query.h"
#include "sanitize.h"
#include "session.h"
#include "strbuf.h"
#include "theme.h"

#include <cjson/cJSON.h>

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>

static volatile sig_atomic_t got_signal;

static int curses_on;

static void on_signal(int sig) { got_signal = sig; }

static void restore_terminal(void)
{
	if (curses_on && !isendwin()) {
		endwin();
		curses_on = 0;
	}
}

static void act_reload(struct ui *u)
{
	requery(u, NULL);
	set_status(u, 0, "reloading");
}

static void act_auto(struct ui *u)
{
	u->auto_refresh = !u->auto_refresh;
	u->last_refresh = time(NULL);
	set_status(u, 0, "auto-refresh %s (every %d s)", u->auto_refresh ? "on" : "off", u->refresh_s);
}

static void act_log(struct ui *u) { show_log(u); }

static void act_quit(struct ui *u) { u->quit = 1; }

const struct ui_action ui_actions[] = {
	{ "down", "move down", { 'j', KEY_DOWN }, act_down, 0 },
	{ "up", "move up", { 'k', KEY_UP }, act_up, 0 },
	{ "page-down", "one page down", { KEY_NPAGE, ' ', 6 /* ^F */ }, act_pgdown, 0 },
	{ "page-up", "one page up", { KEY_PPAGE, 2 /* ^B */ }, act_pgup, 0 },
	{ "top", "first row", { 'g', KEY_HOME }, act_top, 0 },
	{ "bottom", "last row (loaded so far)", { 'G', KEY_END }, act_bottom, 0 },
	{ "column-left", "select the column to the left (for sorting)", { 'h', KEY_LEFT }, act_left, 0 },
	{ "column-right", "select the column to the right", { 'l', KEY_RIGHT }, act_right, 0 },
	{ "next-pane", "next pane (1-9 jump to a pane)", { '\t' }, act_next_pane, 0 },
	{ "prev-pane", "previous pane", { KEY_BTAB }, act_prev_pane, 0 },
	{ "filter", "filter: server query + instant local narrowing; !text inverts locally; search in text views", { '/' }, act_filter, 0 },
	{ "clear", "clear the filter", { 27 /* Esc */ }, act_clear, 0 },
	{ "sort", "sort by the selected column: asc, desc, off (sent to the API)", { 's' }, act_sort, 0 },
	{ "sort-add", "add the selected column as a further sort key", { 'S' }, act_sort_add, 0 },
	{ "time-filter", "filter by time: createdSince=-7d, modifiedSince=2025-09-01", { 'f' }, act_time, 0 },
	{ "context", "switch customer / workspace (Tab completes)", { 'c' }, act_context, 0 },
	{ "previous-context", "back to the previous customer", { '-' }, act_prev_context, 0 },
	{ "reload", "reload the current query", { 'r' }, act_reload, 0 },
	{ "auto-refresh", "toggle auto-refresh", { 'R' }, act_auto, 0 },
	{ "detail", "detail of the selected item (tenants: switch to it)", { '\n', KEY_ENTER, 'd' }, act_detail, 0 },
	{ "requests", "request log: every API call", { 'L' }, act_log, 0 },
	{ "action", "actions on the selected item (writes ask first; refused read-only)", { 'a' }, act_action, 1 },
	{ "copy", "copy the selected id to the clipboard (OSC 52)", { 'y' }, act_copy, 0 },
	{ "copy-cell", "copy the selected column's value (e.g. DEVEUI: pick it with h/l)", { 'Y' }, act_copy_cell, 0 },
	{ "copy-row", "copy the whole row, tab-separated", { 25 /* ^Y */ }, act_copy_row, 0 },
	{ "next-match", "next search match in text views", { 'n' }, act_next_match, 0 },
	{ "command", ":devices :assets :ctx NAME :profile NAME :log :export FILE :help :q", { ':' }, act_command, 0 },
	{ "help", "this help", { '?' }, act_help, 0 },
	{ "back", "back / clear / quit from the top", { 'q' }, act_back, 0 },
	{ "quit", "quit", { 'Q' }, act_quit, 0 },
	{ NULL, NULL, { 0 }, NULL, 0 },
};

static void handle_mouse(struct ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		move_sel(u, -3);
	else if (ev.bstate & BUTTON5_PRESSED)
		move_sel(u, 3);
	else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		if (ev.y == 1 && u->view == V_TABLE) {
			int x = 0;
			for (int i = 0; i < u->npanes; i++) {
				char buf[96];
				snprintf(buf, sizeof buf, " %d %s ", i + 1, u->pane_name[i]);
				int w = sanitize_width(buf);
				if (ev.x >= x && ev.x < x + w) {
					switch_pane(u, i);
					return;
				}
				x += w + 1;
			}
		} else if (ev.y >= 3 && ev.y < LINES - 2 && u->view == V_TABLE) {
			move_sel(u, (long)(u->top + (size_t)(ev.y - 3)) - (long)u->sel);
		}
	}
}

void dispatch(struct ui *u, int ch)
{
	const struct ui_action *a;

	if (u->prompt != P_NONE) {
		prompt_key(u, ch);
		return;
	}
	if (ch == KEY_MOUSE) {
		handle_mouse(u);
		return;
	}
	if (ch == KEY_RESIZE) {
		clear();
		return;
	}
	if (u->view == V_TABLE && ch >= '1' && ch <= '9') {
		switch_pane(u, ch - '1');
		return;
	}
	/* a provider action bound to this key in this pane (keys = { devices = { … } }) */
	const struct tt_resource *r = cur_res(u);
	const char *bound = keys_bound_action(r ? r->name : "tenants", ch);
	if (bound && u->view == V_TABLE && r) {
		const struct tt_action *pa = resource_action(r, bound);
		if (pa) {
			start_action(u, pa);
			return;
		}
	}
	if ((a = keys_lookup(r ? r->name : "tenants", ch)))
		a->fn(u);
}

int ui_run(const struct tt_options *o)
{
	struct ui u = { .o = o };
	struct tt_error e = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	int rc = 0;

	u.s = session_open(o, &e);
	if (!u.s) {
		tt_error_report(&e);
		return 1;
	}
	u.prov = session_provider(u.s);
	u.profile = session_profile(u.s);
	if (keys_load(session_config(u.s), u.prov, &e)) {
		tt_error_report(&e);
		session_close(u.s);
		return 1;
	}
	u.refresh_s = u.profile->refresh > 0 ? u.profile->refresh : session_config(u.s)->refresh > 0 ? session_config(u.s)->refresh : 30;
	const char *cs = nl_langinfo(CODESET);
	u.ascii = o->ascii || !cs || strcmp(cs, "UTF-8") != 0;
	build_panes(&u);
	if (theme_load(o->theme ? o->theme : session_config(u.s)->theme, &e)) {
		tt_error_report(&e);
		session_close(u.s);
		keys_free();
		return 1;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	static int screen_made;
	if (!screen_made)
		atexit(restore_terminal);
	if (screen_made) {
		refresh(); /* back from :profile: resume the screen made before */
	} else if (!initscr()) {
		fprintf(stderr, "thingtop: cannot initialise the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		session_close(u.s);
		return 1;
	}
	screen_made = 1;
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	theme_apply(o->no_color);

	/* open on the first list pane (devices for KPN, assets for akenza), in the configured context */
	int start = u.npanes > 1 ? 1 : 0;
	u.pane = start;
	const char *ctx0 = session_initial_context(u.s, o);
	requery(&u, ctx0 ? ctx0 : NULL);

	while (!u.quit && !got_signal) {
		struct pollfd pf[2] = { { 0, POLLIN, 0 }, { session_wake_fd(u.s), POLLIN, 0 } };
		struct session_op_result op;

		draw(&u);
		if (poll(pf, 2, u.lfilter[0] ? 20 : 250) < 0 && errno != EINTR)
			break;
		if (pf[1].revents & POLLIN)
			session_drain_wake(u.s);
		int ch;
		while ((ch = getch()) != ERR && !u.quit) {
			/* Enter arrives as \r with nonl() */
			if (ch == '\r')
				ch = '\n';
			dispatch(&u, ch);
		}
		if (u.waiting_op) {
			session_op_result(u.s, &op);
			if (op.state >= 2) {
				u.waiting_op = 0;
				if (op.state == 2) {
					lines_set_text(&u, op.text ? op.text : "");
					if (u.act)
						set_status(&u, 0, "%s: done", op.title);
				} else {
					lines_free(&u);
					lines_add(&u, op.err.message);
					if (op.err.hint[0])
						lines_add(&u, op.err.hint);
					set_status(&u, 1, "%s", op.err.message);
				}
				u.act = NULL;
			}
			free(op.text);
		}
		if (u.auto_refresh && time(NULL) - u.last_refresh >= u.refresh_s) {
			struct session_progress pr;
			session_progress(u.s, &pr);
			u.last_refresh = time(NULL);
			if (!pr.loading)   /* never cut a walk short to poll again */
				session_refresh(u.s);
		}
	}
	restore_terminal();
	if (got_signal && got_signal != SIGINT)
		rc = 128 + got_signal;
	session_close(u.s);
	lines_free(&u);
	free(u.fidx);
	for (int i = 0; i < 8; i++)
		free(u.act_values[i]);
	keys_free();
	if (u.switch_profile[0] && !got_signal) {
		/* :profile NAME — the same options on another profile, its own context */
		static char name[64];
		struct tt_options next = *o;
		snprintf(name, sizeof name, "%s", u.switch_profile);
		next.profile = name;
		next.context = NULL;
		return ui_run(&next);
	}
	return rc;
}
