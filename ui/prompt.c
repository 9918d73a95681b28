/* prompt.c — see prompt.h. */
#include "prompt.h"

#include "ui_int.h"
#include "frame.h"
#include "table.h"
#include "narrow.h"
#include "pager.h"
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

void start_prompt(struct ui *u, enum prompt_kind k, const char *label, const char *init)
{
	u->prompt = k;
	snprintf(u->plabel, sizeof u->plabel, "%s", label);
	snprintf(u->input, sizeof u->input, "%s", init ? init : "");
	u->ilen = strlen(u->input);
	u->complete_i = 0;
}

void act_action(struct ui *u)
{
	const struct tt_resource *r = cur_res(u);
	if (!r || r->nactions == 0) {
		set_status(u, 1, "no actions here");
		return;
	}
	char label[400] = "action: ";
	for (int i = 0; i < r->nactions; i++) {
		size_t l = strlen(label);
		snprintf(label + l, sizeof label - l, "%d %s%s  ", i + 1, r->actions[i].name,
			 r->actions[i].dangerous ? "*" : "");
	}
	start_prompt(u, P_ACTION_PICK, label, "");
}

/* Show exactly what a write will send, and to which customer, then ask. */
static void confirm_action(struct ui *u)
{
	char prev[1500];

	session_action_preview(u->s, u->act, u->act_row, (const char *const *)u->act_values, prev, sizeof prev,
			       &u->act_ctx);
	u->act_confirmed_ctx = 1;
	if (!u->act->documented) {
		size_t l = strlen(prev);
		snprintf(prev + l, sizeof prev - l,
			 "\n\n! request shape not documented by the vendor: this method, path and body are\n"
			 "  the provider file's guess (see thingtop(1), WRITES); the API may refuse it");
	}
	lines_set_text(u, prev);
	snprintf(u->text_title, sizeof u->text_title, " confirm: %s ", u->act->title);
	u->view = V_TEXT;
	start_prompt(u, P_CONFIRM, "send this? [y/N] ", "");
}

void start_action(struct ui *u, const struct tt_action *a)
{
	u->act = a;
	u->act_confirmed_ctx = 0;
	snprintf(u->act_row, sizeof u->act_row, "%s", u->sel_id);
	for (int i = 0; i < 8; i++) {
		free(u->act_values[i]);
		u->act_values[i] = NULL;
	}
	if (a->dangerous && session_read_only(u->s)) {
		set_status(u, 1, "read-only: refused '%s' (it writes)", a->title);
		return;
	}
	if (a->needs_row && !u->act_row[0]) {
		set_status(u, 1, "select an item first");
		return;
	}
	u->act_field = 0;
	if (a->nfields > 0) {
		char l[160];
		snprintf(l, sizeof l, "%s — %s: ", a->title, a->fields[0]);
		start_prompt(u, P_FIELD, l, a->defaults[0]);
	} else if (a->dangerous) {
		confirm_action(u);
	} else {
		struct tt_error e = { 0 };
		if (session_action(u->s, a, u->act_row, NULL, NULL, &e))
			set_status(u, 1, "%s", e.message);
		else {
			u->waiting_op = 1;
			lines_free(u);
			lines_add(u, "running…");
			snprintf(u->text_title, sizeof u->text_title, " %s ", a->title);
			u->view = V_TEXT;
		}
	}
}

static void complete_context(struct ui *u)
{
	int n = u->profile->ncustomers;
	if (n == 0)
		return;
	for (int k = 0; k < n; k++) {
		int i = (u->complete_i + k) % n;
		if (!strncasecmp(u->profile->customers[i].name, u->input, u->ilen) || u->complete_i > 0) {
			snprintf(u->input, sizeof u->input, "%s", u->profile->customers[i].name);
			u->complete_i = i + 1;
			return;
		}
	}
}

static void submit_prompt(struct ui *u)
{
	enum prompt_kind k = u->prompt;
	char in[512];

	snprintf(in, sizeof in, "%s", u->input);
	u->prompt = P_NONE;
	switch (k) {
	case P_FILTER:
		if (u->view != V_TABLE) {
			snprintf(u->search, sizeof u->search, "%s", in);
			u->ltop = u->ltop > 0 ? u->ltop - 1 : 0;
			act_next_match(u);
			break;
		}
		/* an identifier the vendor can find directly (akenza: a DevEUI through
		 * by-device-id): ask for that one item instead of filtering */
		const struct tt_lookup *lk = in[0] != '!' ? resource_lookup(cur_res(u), in) : NULL;
		if (lk) {
			session_lookup(u->s, lk, in);
			u->waiting_op = 1;
			lines_free(u);
			lines_add(u, "looking up…");
			snprintf(u->text_title, sizeof u->text_title, " %s %s ", lk->name, in);
			u->view = V_TEXT;
			set_status(u, 0, "%s lookup: asked the API for this one item", lk->name);
			break;
		}
		filter_reset(u);
		if (in[0] == '!') {
			snprintf(u->lfilter, sizeof u->lfilter, "%s", in + 1);
			u->linvert = 1;
		} else {
			/* narrow at once, and ask the server for the same text when the
			 * API has a free-text parameter; without one the text is local
			 * only, so clearing it must not reload the list (a reload made
			 * the keys typed after Esc land on an empty table) */
			snprintf(u->lfilter, sizeof u->lfilter, "%s", in);
			u->linvert = 0;
			if (u->prov->text_param) {
				snprintf(u->text, sizeof u->text, "%s", in);
				requery(u, NULL);
			}
		}
		break;
	case P_COMMAND:
		run_command(u, in);
		break;
	case P_CONTEXT: {
		struct session_progress p;
		session_progress(u->s, &p);
		u->ctx_switch_gen = p.generation;
		u->ctx_switching = 1;
		requery(u, in);
		set_status(u, 0, "switching context to %s", in[0] ? in : "own account");
		break;
	}
	case P_TIME: {
		char key[64], val[128], iso[40];
		if (!in[0]) {
			u->time_filter[0] = '\0';
			requery(u, NULL);
			break;
		}
		if (sscanf(in, "%63[^=]=%127s", key, val) != 2 || !query_is_time_filter(u->prov, key) ||
		    query_parse_time(val, time(NULL), iso, sizeof iso)) {
			set_status(u, 1, "use KEY=TIME, e.g. createdSince=-7d or modifiedSince=2025-09-01");
			break;
		}
		snprintf(u->time_filter, sizeof u->time_filter, "  %s=%s", key, val);
		set_status(u, 0, "%s since %s", key, iso);
		requery(u, NULL);
		break;
	}
	case P_ACTION_PICK: {
		const struct tt_resource *r = cur_res(u);
		int i = atoi(in) - 1;
		if (r && i >= 0 && i < r->nactions)
			start_action(u, &r->actions[i]);
		else if (r)
			for (int k2 = 0; k2 < r->nactions; k2++)
				if (!strcmp(r->actions[k2].name, in))
					start_action(u, &r->actions[k2]);
		break;
	}
	case P_FIELD: {
		const struct tt_action *a = u->act;
		u->act_values[u->act_field] = strdup(in);
		u->act_field++;
		if (u->act_field < a->nfields) {
			char l[160];
			snprintf(l, sizeof l, "%s — %s: ", a->title, a->fields[u->act_field]);
			start_prompt(u, P_FIELD, l, a->defaults[u->act_field]);
		} else if (a->dangerous) {
			confirm_action(u);
		} else {
			start_prompt(u, P_CONFIRM, "run? [y/N] ", "y");
		}
		break;
	}
	case P_CONFIRM:
		if (in[0] == 'y' || in[0] == 'Y') {
			struct tt_error e = { 0 };
			if (session_action(u->s, u->act, u->act_row, (const char *const *)u->act_values,
					   u->act_confirmed_ctx ? &u->act_ctx : NULL, &e)) {
				set_status(u, 1, "%s%s%s", e.message, e.hint[0] ? " — " : "", e.hint);
				u->view = V_TABLE;
			} else {
				u->waiting_op = 1;
				lines_free(u);
				lines_add(u, "sending…");
				u->view = V_TEXT;
			}
		} else {
			set_status(u, 0, "cancelled: nothing was sent");
			u->view = V_TABLE;
		}
		break;
	default:
		break;
	}
}

void prompt_key(struct ui *u, int ch)
{
	if (ch == 27) {
		int was_confirm = u->prompt == P_CONFIRM;
		u->prompt = P_NONE;
		if (was_confirm) {
			set_status(u, 0, "cancelled: nothing was sent");
			u->view = V_TABLE;
		}
		return;
	}
	if (ch == '\n' || ch == KEY_ENTER) {
		submit_prompt(u);
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
	if (ch == '\t' && u->prompt == P_CONTEXT) {
		complete_context(u);
		u->ilen = strlen(u->input);
		return;
	}
	if (ch >= 32 && ch < 256 && ch != 127 && u->ilen + 1 < sizeof u->input) {
		u->input[u->ilen++] = (char)ch;
		u->input[u->ilen] = '\0';
		if (u->prompt == P_CONFIRM && (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N'))
			submit_prompt(u);
	}
}
