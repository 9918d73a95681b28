/* ui_int.h — what the dashboard's modules share and nothing else sees:
 * struct ui (the state of one open session on screen), the view and prompt
 * ids, and the entry points the modules call in one another. Each field is
 * owned by the module named in its group comment; others only read it. */
#ifndef TT_UI_INT_H
#define TT_UI_INT_H

#include "options.h"
#include "provider.h"
#include "session.h"

#include <stddef.h>
#include <time.h>

#define MAX_PANES 20
#define TENANTS (-1)

enum view { V_TABLE, V_TEXT, V_LOG, V_HELP };
enum prompt_kind { P_NONE, P_FILTER, P_COMMAND, P_CONTEXT, P_TIME, P_FIELD, P_CONFIRM, P_ACTION_PICK };

struct ui {
	struct tt_session *s;
	const struct tt_options *o;
	const struct tt_provider *prov;
	const struct tt_profile *profile;
	int ascii;
	int npanes, pane, pane_res[MAX_PANES];
	char pane_name[MAX_PANES][48];
	/* query of the current pane */
	char sort[128], text[256];
	char time_filter[128];
	int sel_col;
	size_t top, sel;
	char sel_id[256];
	/* the selected item went away in a reload (a new sort): follow it to
	 * wherever it arrives; rows before want_from were already searched */
	char want_id[256];
	size_t want_from;
	int top_on_reload;          /* requery() was called: the next model reset is a new list */
	int ctx_switching;          /* a c/:ctx switch is under way ... */
	unsigned long ctx_switch_gen; /* ... started while this generation was shown */
	char prev_ctx[160];         /* the context before the last switch (-) */
	/* local narrowing over loaded rows (incremental) */
	char lfilter[256];
	int linvert;
	unsigned *fidx;
	unsigned long fepoch;   /* session_model_epoch() the narrowed list was built on */
	size_t fn, fcap, fscanned;
	char switch_profile[64]; /* :profile NAME: reopen on it when the loop ends */
	/* views */
	enum view view;
	char **lines;
	size_t nlines, ltop;
	char text_title[200];
	char search[128];
	int waiting_op;
	/* prompt */
	enum prompt_kind prompt;
	char plabel[160], input[512];
	size_t ilen;
	int complete_i;
	/* action form */
	const struct tt_action *act;
	char act_row[256];
	char *act_values[8];
	struct tt_ctx act_ctx;      /* the tenant the confirmation screen showed */
	int act_confirmed_ctx;      /* 1: send to act_ctx, 0: to the tenant on screen */
	int act_field;
	/* status */
	char status[512];
	int status_err;
	int auto_refresh;
	time_t last_refresh;
	int refresh_s;
	unsigned long seen_gen;
	int quit;
};

/* ui.c: one key, as the loop hands it on (the benchmark drives it too). */
void dispatch(struct ui *u, int ch);

#endif
