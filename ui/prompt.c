/* prompt.c — prompts, action forms and the confirm screen (see prompt.h). */
#include "prompt.h"
#include "xalloc.h"

#include "command.h"
#include "frame.h"
#include "ident.h"
#include "narrow.h"
#include "pager.h"
#include "pane.h"
#include "sanitize.h"
#include "strbuf.h"
#include "table.h"
#include "theme.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void prompt_start(struct ui *u, enum prompt_kind k, const char *label, const char *init)
{
	u->prompt = k;
	snprintf(u->plabel, sizeof u->plabel, "%s", label);
	snprintf(u->input, sizeof u->input, "%s", init ? init : "");
	u->ilen = strlen(u->input);
	u->complete_i = 0;
}

void prompt_draw(const struct ui *u)
{
	int y = LINES - 1;
	struct strbuf b = { 0 };
	char typed[3 * sizeof u->input + 1];

	char label[sizeof u->plabel];
	sanitize_text(u->input, u->ilen, typed, sizeof typed);
	/* what is typed stays in view: a long label gives way, ending in "…" */
	int lw = sanitize_width(u->plabel), room = COLS - 1 - sanitize_width(typed);
	if (room < 12)
		room = 12;
	const char *tail = strstr(u->plabel, " — ");
	for (const char *t = tail; t; t = strstr(t + 1, " — "))
		tail = t; /* the last one: " — field (hint): " stays whole */
	if (lw > room && tail && sanitize_width(tail) + 6 < room) {
		char head[sizeof u->plabel];
		snprintf(head, sizeof head, "%.*s", (int)(tail - u->plabel), u->plabel);
		size_t n = sanitize_fit(head, room - sanitize_width(tail) - 1, 0, label, sizeof label - 8);
		snprintf(label + n, sizeof label - n, "%s%s", u->ascii ? "~" : "…", tail);
	} else if (lw > room) {
		size_t n = sanitize_fit(u->plabel, room - 2, 0, label, sizeof label - 8);
		snprintf(label + n, sizeof label - n, "%s ", u->ascii ? "~" : "…");
	} else {
		snprintf(label, sizeof label, "%s", u->plabel);
	}
	sb_adds(&b, label);
	sb_adds(&b, u->input);
	put_raw(y, 0, COLS, b.s, theme_attr(EL_KEYHINT));
	sb_free(&b);
	curs_set(1);
	int cx = sanitize_width(label) + sanitize_width(typed);
	move(y, cx < COLS ? cx : COLS - 1);
}

void prompt_action_pick(struct ui *u)
{
	const struct tt_resource *r = pane_resource(u);
	struct strbuf label = { 0 };

	if (!r || r->nactions == 0) {
		set_status(u, 1, "no actions here");
		return;
	}
	sb_adds(&label, "action: ");
	for (int i = 0; i < r->nactions; i++)
		sb_addf(&label, "%d %s%s  ", i + 1, r->actions[i].name, r->actions[i].dangerous ? "*" : "");
	prompt_start(u, P_ACTION_PICK, label.s, "");
	sb_free(&label);
}

void prompt_context(struct ui *u)
{
	char label[200];

	if (u->prov->ctx == CTX_NONE) {
		set_status(u, 1, "%s has no context to switch", u->prov->title);
		return;
	}
	snprintf(label, sizeof label, "%s (Tab completes; empty = own account): ", pane_tenant_word(u));
	prompt_start(u, P_CONTEXT, label, "");
}

#ifdef TT_MUTANT_CONFIRM
static void send_action(struct ui *u);
#endif

/* Show exactly what a write will send, and to which context, then ask. */
static void confirm_action(struct ui *u)
{
	char prev[1500], title[240];
	struct strbuf text = { 0 };

	session_action_preview(u->s, u->act, u->act_row, (const char *const *)u->act_values, prev, sizeof prev,
			       &u->act_ctx);
	u->act_confirmed_ctx = 1;
#ifdef TT_MUTANT_CONFIRM /* defence: a write waits for y on the confirm screen; the mutant sends at once */
	send_action(u);
	return;
#endif
	char target[600];
	table_target_text(u, u->act_row, target, sizeof target);
	if (target[0]) /* which item: its name, identifier and id */
		sb_addf(&text, "%s\n", target);
	sb_adds(&text, prev);
	if (!u->act->documented)
		sb_adds(&text, "\n\n! request shape not documented by the vendor: this method, path and body are\n"
			       "  the provider file's guess (see thingtop(1), WRITES); the API may refuse it");
	pager_set_text(u, text.s);
	sb_free(&text);
	snprintf(title, sizeof title, " confirm: %s ", u->act->title);
	pager_show(u, V_TEXT, title);
	prompt_start(u, P_CONFIRM, "send this? [y/N] ", "");
}

/* The prompt for field i of the action under way. */
static void field_prompt(struct ui *u, int i)
{
	char l[240];
	const char *hint = u->act->hints[i] ? u->act->hints[i] : u->act->patterns[i];
	snprintf(l, sizeof l, "%s — %s%s%s%s: ", u->act->title, u->act->fields[i], hint ? " (" : "", hint ? hint : "",
		 hint ? ")" : "");
	/* what was typed before (a form the server refused comes back filled in) */
	prompt_start(u, P_FIELD, l, u->act_values[i] ? u->act_values[i] : u->act->defaults[i]);
}

/* A write the server refused: the form opens again with what was typed. */
static void reopen_form(struct ui *u)
{
	char l[sizeof u->plabel];

	u->act_confirmed_ctx = 0;
	u->act_field = 0;
	field_prompt(u, 0);
	snprintf(l, sizeof l, "refused (E: why; Esc gives up) · %s", u->plabel);
	snprintf(u->plabel, sizeof u->plabel, "%s", l);
}

void prompt_action(struct ui *u, const struct tt_action *a)
{
	u->act = a;
	u->act_confirmed_ctx = 0;
	snprintf(u->act_row, sizeof u->act_row, "%s", u->sel_id);
	for (int i = 0; i < TT_MAX_FIELDS; i++) {
		free(u->act_values[i]);
		u->act_values[i] = NULL;
	}
#ifndef TT_MUTANT_READ_ONLY /* defence: --read-only refuses writes in the dispatcher; the mutant lets them through */
	if (a->dangerous && session_read_only(u->s)) {
		set_status(u, 1, "read-only: refused '%s' (it writes)", a->title);
		return;
	}
#endif
	if (a->needs_row && !u->act_row[0]) {
		set_status(u, 1, "select an item first");
		return;
	}
	u->act_field = 0;
	if (a->nfields > 0) {
		field_prompt(u, 0);
	} else if (a->dangerous) {
		confirm_action(u);
	} else {
		struct tt_error e = { 0 };
		char title[240];
		if (session_action(u->s, a, u->act_row, NULL, NULL, &e)) {
			set_status(u, 1, "%s", e.message);
			return;
		}
		snprintf(title, sizeof title, " %s ", a->title);
		pager_wait(u, V_TEXT, title, "running…");
	}
}

void prompt_action_done(struct ui *u, const struct session_op_result *op)
{
	if (u->act && op->state == 2) {
		if (u->act->follow) {
			/* the status line is the write's state from now on (prompt_follow_update) */
			u->status[0] = '\0';
			u->follow_serial = 0;
		} else {
			set_status(u, 0, "%s: done", op->title);
		}
		/* the write shows in the list without r: the session merges the
		 * answer of an action with a result resource, others are fetched again */
		if (u->act->dangerous && !u->act->result)
			session_refresh(u->s);
	} else if (u->act && op->state == 3 && u->act->nfields > 0) {
		/* refused (a 400): keep every value, fix and send again */
		reopen_form(u);
		return;
	}
	u->act = NULL;
}

int prompt_lookup_done(struct ui *u, const struct session_op_result *op)
{
	char text[sizeof u->lookup_text], searched[256];

	if (!u->lookup_text[0])
		return 0;
	snprintf(text, sizeof text, "%s", u->lookup_text);
	u->lookup_text[0] = '\0';
	/* the user went back to the table meanwhile: the answer is only reported */
	if (op->state != 3 || op->err.status != 404 || !pane_resource(u) || u->view != V_TEXT)
		return 0;
	/* no dead end: what the lookup did not find is searched as text */
	ident_searched(u->prov, pane_resource(u), searched, sizeof searched);
	ui_show(u, V_TABLE);
	narrow_submit(u, text);
	set_status(u, 0, "no item with %s: searched %s for it instead", op->title, searched);
	return 1;
}

void prompt_follow_update(struct ui *u)
{
	struct session_follow f;
	struct strbuf b = { 0 };

	session_follow(u->s, &f);
	if (!f.serial || f.serial == u->follow_serial)
		return;
	u->follow_serial = f.serial;
	/* "downlink 3f2a… QUEUED → SENT → DELIVERED" */
	sb_adds(&b, f.what);
	if (f.id[0])
		sb_addf(&b, " %.4s%s", f.id, strlen(f.id) > 4 ? (u->ascii ? "~" : "…") : "");
	for (int i = 0; i < f.nstates; i++)
		sb_addf(&b, "%s%s", i ? (u->ascii ? " -> " : " → ") : " ", f.states[i]);
	if (f.active)
		sb_adds(&b, " (following)");
	if (f.note[0])
		sb_addf(&b, " — %s", f.note);
	/* a state on the way replaces only its own line (or none): what a key
	 * just said stays; the final state always shows */
	if (!u->status[0] || !strcmp(u->status, u->follow_text) || !f.active)
		set_status(u, f.failed, "%s", b.s);
	snprintf(u->follow_text, sizeof u->follow_text, "%s", b.s);
	sb_free(&b);
}

/* y on the confirm screen (or the run? prompt): send it. */
static void send_action(struct ui *u)
{
	struct tt_error e = { 0 };
	char title[sizeof u->text_title];

	if (session_action(u->s, u->act, u->act_row, (const char *const *)u->act_values,
			   u->act_confirmed_ctx ? &u->act_ctx : NULL, &e)) {
		set_status(u, 1, "%s%s%s", e.message, e.hint[0] ? " — " : "", e.hint);
		ui_show(u, V_TABLE);
		return;
	}
	snprintf(title, sizeof title, "%s", u->text_title);
	pager_wait(u, V_TEXT, title, "sending…");
}

static void submit(struct ui *u)
{
	enum prompt_kind k = u->prompt;
	char in[sizeof u->input];

	snprintf(in, sizeof in, "%s", u->input);
	u->prompt = P_NONE;
	switch (k) {
	case P_FILTER: {
		/* an identifier (ident.h): through the vendor's documented lookup
		 * for its kind, the one item opens; a kind the vendor documents no
		 * lookup for is searched as text, and the status says so */
		const struct tt_resource *r = pane_resource(u);
		struct ident_match m = { 0 };
		if (r && !pane_synthetic_tenants(u) && ident_classify(u->prov, r, in, &m) && m.lookup) {
			char title[300];
			snprintf(title, sizeof title, " %s %s ", m.kind, in);
			session_lookup(u->s, m.lookup, in);
			pager_wait(u, V_TEXT, title, "looking up…");
			snprintf(u->lookup_text, sizeof u->lookup_text, "%s", in);
			set_status(u, 0, "%s lookup: asked the API for this one item", m.kind);
			break;
		}
		narrow_submit(u, in);
		if (m.kind) {
			char msg[sizeof u->status];
			ident_no_lookup(u->prov, r, m.kind, in, msg, sizeof msg);
			set_status(u, 0, "%s", msg);
		}
		break;
	}
	case P_SEARCH:
		pager_search(u, in);
		break;
	case P_COMMAND:
		command_run(u, in);
		break;
	case P_CONTEXT:
		pane_set_context(u, in);
		break;
	case P_TIME:
		pane_set_time(u, in);
		break;
	case P_ACTION_PICK: {
		const struct tt_resource *r = pane_resource(u);
		int i = atoi(in) - 1;
		if (r && i >= 0 && i < r->nactions)
			prompt_action(u, &r->actions[i]);
		else if (r && resource_action(r, in))
			prompt_action(u, resource_action(r, in));
		break;
	}
	case P_FIELD:
		free(u->act_values[u->act_field]);
		u->act_values[u->act_field] = xstrdup(in);
		if (u->act->patterns[u->act_field] && regexec(&u->act->res[u->act_field], in, 0, NULL, 0)) {
			/* checked before sending, where the provider file says how */
			char l[sizeof u->plabel];
			set_status(u, 1, "%s: '%s' is not %s", u->act->fields[u->act_field], in,
				   u->act->hints[u->act_field] ? u->act->hints[u->act_field] : u->act->patterns[u->act_field]);
			field_prompt(u, u->act_field);
			/* the prompt covers the status line: it says what is wrong itself */
			snprintf(l, sizeof l, "not %s · %s",
				 u->act->hints[u->act_field] ? u->act->hints[u->act_field] : u->act->patterns[u->act_field],
				 u->plabel);
			snprintf(u->plabel, sizeof u->plabel, "%s", l);
			break;
		}
		u->act_field++;
		if (u->act_field < u->act->nfields)
			field_prompt(u, u->act_field);
		else if (u->act->dangerous)
			confirm_action(u);
		else
			prompt_start(u, P_CONFIRM, "run? [y/N] ", "y");
		break;
	case P_CONFIRM:
		if (in[0] == 'y' || in[0] == 'Y') {
			send_action(u);
		} else {
			set_status(u, 0, "cancelled: nothing was sent");
			ui_show(u, V_TABLE);
		}
		break;
	default:
		break;
	}
}

void prompt_key(struct ui *u, int ch)
{
	if (ch != '\t')
		u->complete_i = 0; /* typing starts a new completion */
	if (ch == 27) {
		int was_confirm = u->prompt == P_CONFIRM;
		if (u->prompt == P_FIELD)
			u->act = NULL; /* the form is given up */
		u->prompt = P_NONE;
		if (was_confirm) {
			set_status(u, 0, "cancelled: nothing was sent");
			ui_show(u, V_TABLE);
		}
		return;
	}
	if (ch == '\n' || ch == KEY_ENTER) {
		submit(u);
		return;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		/* drop one UTF-8 character */
		while (u->ilen > 0 && ((unsigned char)u->input[u->ilen - 1] & 0xC0) == 0x80)
			u->ilen--;
		if (u->ilen > 0)
			u->ilen--;
		u->input[u->ilen] = '\0';
		return;
	}
	if (ch == 21) { /* ^U */
		u->ilen = 0;
		u->input[0] = '\0';
		return;
	}
	if (ch == '\t' && u->prompt == P_COMMAND) {
		command_complete(u);
		return;
	}
	if (ch == '\t' && u->prompt == P_CONTEXT) {
		pane_complete_context(u, u->input, sizeof u->input, u->ilen, &u->complete_i);
		u->ilen = strlen(u->input);
		return;
	}
	if (ch >= 32 && ch < 256 && ch != 127 && u->ilen + 1 < sizeof u->input) {
		u->input[u->ilen++] = (char)ch;
		u->input[u->ilen] = '\0';
		if (u->prompt == P_CONFIRM && (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N'))
			submit(u);
	}
}
