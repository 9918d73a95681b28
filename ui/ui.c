/* ui.c — the dashboard's loop: ui_run opens the session for the chosen
 * profile, sets up the terminal and the signals, and runs the poll loop
 * (keys, the session's wake-ups, auto-refresh) until the user quits; the
 * terminal is restored on every exit path. A key travels key → binding
 * (keys.c) → request (request.h) → the current view's key op, and what the
 * view leaves (quit, help, context, commands…) is done here. Each turn runs
 * the update step (the only place state follows the model) and then draws.
 * It never does network I/O: everything goes through src/session.h. */
#include "ui.h"

#include "clip.h"
#include "frame.h"
#include "keys.h"
#include "pager.h"
#include "pane.h"
#include "prompt.h"
#include "table.h"
#include "theme.h"
#include "ui_int.h"

#include "config.h"
#include "sanitize.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;
static int curses_on;

static const struct view_ops *const views[V_COUNT] = {
	[V_TABLE] = &table_view, [V_TEXT] = &text_view, [V_LOG] = &log_view, [V_HELP] = &help_view,
};

static void on_signal(int sig) { got_signal = sig; }

static void restore_terminal(void)
{
	if (curses_on && !isendwin()) {
		endwin();
		curses_on = 0;
	}
}

void ui_show(struct ui *u, enum view v)
{
	if (v == u->view)
		return;
	if (views[u->view]->leave)
		views[u->view]->leave(u);
	u->view = v;
	if (views[v]->enter)
		views[v]->enter(u);
}

const char *ui_scope(const struct ui *u)
{
	const struct tt_resource *r = pane_resource(u);
	return r ? r->name : "tenants";
}

/* :profile NAME: reopen on it when this loop ends. */
static void switch_profile(struct ui *u, const char *name)
{
	struct tt_error e = { 0 };

	if (!name[0] || !config_profile(session_config(u->s), name, &e))
		set_status(u, 1, "%s", name[0] ? e.message : ":profile NAME");
	else if (session_offline(u->s))
		set_status(u, 1, "a snapshot holds one profile");
	else {
		snprintf(u->switch_profile, sizeof u->switch_profile, "%s", name);
		u->quit = 1;
	}
}

void ui_request(struct ui *u, enum request req, const char *arg)
{
	if (req == REQ_NONE || !(ui_requests[req].views & VIEW_BIT(u->view)))
		return;
	if (views[u->view]->key && views[u->view]->key(u, req, arg))
		return;
	switch (req) {
	case REQ_CONTEXT:
		if (!arg || u->prov->ctx == CTX_NONE)
			prompt_context(u);
		else
			pane_set_context(u, arg);
		break;
	case REQ_PREV_CONTEXT: pane_prev_context(u); break;
	case REQ_RELOAD:
		/* the rows stay until the new answer replaces them (a failed
		 * reload leaves them, with the error) */
		session_refresh(u->s);
		u->last_refresh = time(NULL);
		set_status(u, 0, "reloading");
		break;
	case REQ_AUTO_REFRESH:
		u->auto_refresh = !u->auto_refresh;
		u->last_refresh = time(NULL);
		set_status(u, 0, "auto-refresh %s (every %d s)", u->auto_refresh ? "on" : "off", u->refresh_s);
		break;
	case REQ_REQUESTS: pager_show_log(u); break;
	case REQ_LAST_ERROR: pager_show_error(u); break;
	case REQ_HELP: pager_show_help(u); break;
	case REQ_COMMAND: prompt_start(u, P_COMMAND, ":", ""); break;
	case REQ_EXPORT:
		if (!arg)
			prompt_start(u, P_COMMAND, ":", "export ");
		else if (!arg[0])
			set_status(u, 1, ":export FILE");
		else
			clip_export(u, arg);
		break;
	case REQ_PROFILE:
		if (!arg)
			prompt_start(u, P_COMMAND, ":", "profile ");
		else
			switch_profile(u, arg);
		break;
	case REQ_QUIT: u->quit = 1; break;
	default: break;
	}
}

static void mouse(struct ui *u)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return;
	int wheel = ev.bstate & BUTTON4_PRESSED ? -3 : ev.bstate & BUTTON5_PRESSED ? 3 : 0;
	if (wheel && u->view == V_TABLE)
		table_move(u, wheel);
	else if (wheel)
		pager_scroll(u, wheel);
	else if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) && u->view == V_TABLE)
		table_click(u, ev.y, ev.x);
}

void ui_key(struct ui *u, int ch)
{
	if (u->prompt != P_NONE) {
		prompt_key(u, ch);
		return;
	}
	if (ch == KEY_MOUSE) {
		mouse(u);
		return;
	}
	if (ch == KEY_RESIZE) {
		clear();
		return;
	}
	/* a provider action bound to this key in this pane (keys = { PANE = { KEY = ACTION; }; }) */
	const struct tt_resource *r = pane_resource(u);
	const char *bound = keys_bound_action(ui_scope(u), ch);
	if (bound && u->view == V_TABLE && r && resource_action(r, bound)) {
		prompt_action(u, resource_action(r, bound));
		return;
	}
	enum request req = keys_request(ui_scope(u), VIEW_BIT(u->view), ch);
	if (req == REQ_NONE) {
		/* say so rather than nothing: a key of another view, or none */
		char name[16];
		keys_name(ch, name, sizeof name);
		set_status(u, 0, "%s does nothing in the %s (? or F1: keys here)", name, views[u->view]->name);
		return;
	}
	ui_request(u, req, NULL);
}

void ui_frame(struct ui *u)
{
	struct session_progress p;

	/* update: everything that follows the model or the clock, before drawing */
	session_progress(u->s, &p);
	frame_update(u, &p);
	pane_update(u, &p);
	pager_poll(u);
	prompt_follow_update(u);
	if (views[u->view]->update)
		views[u->view]->update(u, &p);
	/* draw: reads the state, changes none of it */
	frame_header(u, &p);
	views[u->view]->draw(u, &p);
	frame_bottom(u);
	refresh();
}

static int report(const struct tt_error *e)
{
	tt_error_report(e);
	return 1;
}

static void ui_free(struct ui *u)
{
	session_close(u->s);
	pager_clear(u);
	detail_view_free(&u->dview);
	free(u->fidx);
	free(u->sidx);
	pane_free_tenants(u);
	for (int i = 0; i < TT_MAX_FIELDS; i++)
		free(u->act_values[i]);
	keys_free();
}

/* ---------- Q while a *_command runs, before the dashboard is up ----------
 * A profile's secret command runs in session_open, before curses starts (its
 * stderr is captured, but a command that talks to the terminal through an
 * agent, like gpg's pinentry, must find it free of curses). Meanwhile the
 * terminal is read key by key, without echo or signals: Q, q or Ctrl-C kills
 * the command and its process group, and thingtop ends as from the dashboard
 * (issue 16: Q quits within 1 s in every state). Once another program sets
 * the terminal's modes (a pinentry asking for a passphrase), its keys are
 * its own: thingtop reads none from then on, and command_timeout still holds. */
static int quit_in_command;
static tcflag_t command_lflag; /* the local modes set while a command runs */

static void command_started(const char *what, const char *prog, void *ud)
{
	char clean[128];

	(void)ud;
	sanitize_text(prog, strlen(prog), clean, sizeof clean); /* the name comes from the config */
	fprintf(stderr, "thingtop: running %s_command '%s'... (Q quits)\n", what, clean);
}

static int command_stop(int fd, void *ud)
{
	unsigned char buf[64];
	struct termios now;
	const tcflag_t mine = ICANON | ECHO | ISIG;

	(void)ud;
	if (tcgetattr(fd, &now) != 0 || (now.c_lflag & mine) != (command_lflag & mine))
		return -1; /* someone else has the terminal */
	ssize_t n = read(fd, buf, sizeof buf);
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == 'Q' || buf[i] == 'q' || buf[i] == 3) /* 3: Ctrl-C, ISIG being off */
			return quit_in_command = 1;
	return 0; /* other keys typed ahead are dropped */
}

static struct tt_session *open_watched(const struct tt_options *o, struct tt_error *e)
{
	struct termios saved, keys;
	int tty = isatty(0) && tcgetattr(0, &saved) == 0;
	struct tt_command_watch w = { tty ? 0 : -1, command_started, command_stop, NULL };
	struct tt_session *s;

	quit_in_command = 0;
	if (tty) {
		keys = saved;
		keys.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
		keys.c_cc[VMIN] = 1;
		keys.c_cc[VTIME] = 0;
		command_lflag = keys.c_lflag;
		tcsetattr(0, TCSANOW, &keys);
	}
	config_command_watch(&w);
	s = session_open(o, e);
	config_command_watch(NULL);
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	return s;
}

/* One profile: open its session, run the loop, close it. On :profile NAME,
 * next holds NAME. */
static int run_profile(const struct tt_options *o, char *next, size_t nextsz)
{
	struct ui u = { 0 };
	struct tt_error e = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	static int screen_made;
	int rc = 0;

	next[0] = '\0';
	if (!(u.s = open_watched(o, &e)))
		return quit_in_command ? 0 : report(&e);
	u.prov = session_provider(u.s);
	u.profile = session_profile(u.s);
	if (keys_load(session_config(u.s), u.prov, &e)) {
		ui_free(&u);
		return report(&e);
	}
	const struct tt_config *cfg = session_config(u.s);
	u.refresh_s = u.profile->refresh > 0 ? u.profile->refresh : cfg->refresh > 0 ? cfg->refresh : 30;
	const char *cs = nl_langinfo(CODESET);
	u.ascii = o->ascii || !cs || strcmp(cs, "UTF-8") != 0;
	session_set_ascii(u.s, u.ascii);
	pane_build(&u);
	if (theme_load(o->theme ? o->theme : cfg->theme, &e)) {
		ui_free(&u);
		return report(&e);
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!screen_made)
		atexit(restore_terminal);
	if (screen_made) {
		refresh(); /* back from :profile: resume the screen made before */
	} else if (!initscr()) {
		fprintf(stderr, "thingtop: cannot initialise the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		ui_free(&u);
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

	/* open on the provider's first pane, in the configured context */
	u.pane = u.first_pane;
	requery(&u, session_initial_context(u.s, o));

	while (!u.quit && !got_signal) {
		struct pollfd pf[2] = { { 0, POLLIN, 0 }, { session_wake_fd(u.s), POLLIN, 0 } };

		ui_frame(&u);
		if (poll(pf, 2, u.lfilter[0] ? 20 : 250) < 0 && errno != EINTR)
			break;
		if (pf[1].revents & POLLIN)
			session_drain_wake(u.s);
		int ch;
		while ((ch = getch()) != ERR && !u.quit) {
			/* Enter arrives as \r with nonl() */
			if (ch == '\r')
				ch = '\n';
			ui_key(&u, ch);
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
	snprintf(next, nextsz, "%s", u.switch_profile);
	ui_free(&u);
	return rc;
}

int ui_run(const struct tt_options *o)
{
	struct tt_options cur = *o;
	char next[64], name[64];
	int rc;

	/* :profile NAME ends one profile's loop; the next opens on the same
	 * options with its own context, until one ends without a switch */
	while ((rc = run_profile(&cur, next, sizeof next)) == 0 && next[0] && !got_signal) {
		snprintf(name, sizeof name, "%s", next);
		cur.profile = name;
		cur.context = NULL;
	}
	return rc;
}
