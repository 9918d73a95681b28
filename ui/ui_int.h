/* ui_int.h — what the dashboard's modules share and nothing else sees:
 * struct ui (the state of one open session on screen), the prompt ids, the
 * view ops every view implements and the loop's own entry points. Each group
 * of fields is owned by the module its comment names: that module keeps them
 * consistent, and the others read them or change them through its
 * functions (the status, the quit flag and the refresh clock excepted). */
#ifndef TT_UI_INT_H
#define TT_UI_INT_H

#include "options.h"
#include "provider.h"
#include "request.h"
#include "session.h"

#include <stddef.h>
#include <time.h>

#define MAX_PANES 20
#define TENANTS (-1)

enum prompt_kind { P_NONE, P_FILTER, P_SEARCH, P_COMMAND, P_CONTEXT, P_TIME, P_FIELD, P_CONFIRM, P_ACTION_PICK };

struct ui {
	/* the loop (ui.c) */
	struct tt_session *s;
	const struct tt_provider *prov;
	const struct tt_profile *profile;
	int ascii;                  /* no UTF-8: ASCII marks and lines */
	enum view view;
	int auto_refresh, refresh_s;
	char switch_profile[64];    /* :profile NAME: reopen on it when the loop ends */
	int quit;
	/* the panes and their query (pane.c) */
	int npanes, pane, pane_res[MAX_PANES];
	char pane_name[MAX_PANES][48];
	int first_pane;             /* the pane the dashboard opens on */
	char sort[128], text[256];  /* the API sort ("-name,id") and free text */
	char time_filter[128];      /* "  key=value", shown as typed */
	int ctx_switching;          /* a c/:ctx switch is under way ... */
	unsigned long ctx_switch_gen; /* ... started while this generation was shown */
	char prev_ctx[160];         /* the context before the last switch that succeeded (-) */
	char shown_ctx[160];        /* the context of the rows on screen, as last seen */
	time_t last_refresh;        /* the last query sent (auto-refresh counts from it) */
	int top_on_reload;          /* a new query was sent: the table's update step takes it
				     * to mean the next model reset is a new list */
	int all_on;                 /* :all: the pane's query goes to every tenant at once ... */
	int all_res_index;          /* ... all_res is this resource (-1 none) with a first column ... */
	struct tt_resource all_res; /* ... naming the row's tenant, shown while the session's rows are a fan-out */
	char all_title[64];
	char **tnames;              /* names the tenants pane listed (Tab completes them) */
	char **tids;                /* ... and their ids (the header names a tenant by them) */
	size_t ntnames;
	unsigned long tnames_epoch;
	/* a related list shown as a filtered pane (pane.c): its resource and
	 * filter, the breadcrumb, and the spot q/Esc goes back to */
	int rel_active, rel_res;
	char rel_filter[512];       /* "key=value" */
	char crumb[256];            /* "devices › pump Kraków 00004 › downlinks", sanitised */
	struct pane_spot {
		int pane, sel_col, linvert, lsort_on, lsort_col, lsort_desc;
		char sort[128], text[256], time_filter[128], lfilter[256], ufilters[512], sel_id[256];
		size_t top, sel;
	} rel_back;
	char ufilters[512];         /* :filter KEY=VALUE, "key=value" lines (pane.c) */
	/* the table view (table.c) */
	int sel_col;
	size_t top, sel;
	char sel_id[256];
	/* the selected item went away in a reload (a new sort): follow it to
	 * wherever it arrives; rows before want_from were already searched */
	char want_id[256];
	size_t want_from;
	int colw[TT_MAX_COLUMNS];   /* column widths fitted to ... */
	const struct tt_resource *colw_res; /* ... this resource ... */
	int colw_cols;              /* ... at this terminal width ... */
	char colw_sort[160];        /* ... and this sort (a sorted column is never dropped) */
	/* the narrowing filter over loaded rows (narrow.c) */
	char lfilter[256];
	int linvert;
	unsigned *fidx;
	unsigned long fepoch;       /* session_model_epoch() the narrowed list was built on */
	size_t fn, fcap, fscanned;
	/* the local sort (narrow.c): a column the API cannot sort by, once every
	 * row is loaded; sidx is the model rows in that order */
	int lsort_on, lsort_col, lsort_desc;
	unsigned *sidx;
	size_t sn;
	unsigned long sepoch;
	/* the text views (pager.c) */
	char **lines;
	size_t nlines, ltop;
	char text_title[200];
	char search[128];
	int waiting_op;             /* a detail or an action result is awaited */
	struct detail_view dview;   /* the detail shown (detail.h): fields, raw JSON, related lists */
	int have_dview;
	int detail_raw;             /* J: the raw JSON is shown */
	int rel_text;               /* a path-kind related list is shown over the detail */
	char detail_title[200];
	/* the prompt and the action form (prompt.c) */
	enum prompt_kind prompt;
	char plabel[400], input[512];
	size_t ilen;
	int complete_i;
	char complete_prefix[64];   /* what was typed before the first Tab */
	char lookup_text[512];      /* an identifier looked up at /, until its answer */
	const struct tt_action *act;
	char act_row[256];
	char *act_values[TT_MAX_FIELDS];
	struct tt_ctx act_ctx;      /* the tenant the confirmation screen showed */
	int act_confirmed_ctx;      /* 1: send to act_ctx, 0: to the tenant on screen */
	int act_field;
	unsigned follow_serial;     /* the followed write's state last seen ... */
	char follow_text[512];      /* ... and the status text made of it */
	/* the status line (frame.c) */
	char status[512];
	int status_err;
	char last_error[1024];      /* the last error status in full (E shows it) */
	unsigned long seen_gen;     /* the walk generation whose error is shown */
	time_t retry_at;            /* unreachable or 5xx: refresh again at this time ... */
	int retry_s;                /* ... after this backoff (2, 4, 8 … 30 s; 0 = none) */
};

/* A view (tig's word): the table, or one of the three text views. The loop
 * calls update before draw (update may change state, draw never does), and
 * hands every request that applies to the view to key first; key returns 0
 * for requests it leaves to the loop (quit, help, context…). enter and leave
 * run when the view is shown and when another one replaces it. */
struct view_ops {
	const char *name;
	void (*enter)(struct ui *u);
	void (*leave)(struct ui *u);
	void (*update)(struct ui *u, const struct session_progress *p);
	void (*draw)(const struct ui *u, const struct session_progress *p);
	int (*key)(struct ui *u, enum request req, const char *arg);
};

/* ui.c: show view v (leave the current one, enter v). */
void ui_show(struct ui *u, enum view v);
/* ui.c: carry out req in the current view; arg is a `:` command's argument
 * ("" when typed without one) or NULL from a key. */
void ui_request(struct ui *u, enum request req, const char *arg);
/* ui.c: one key, as the loop hands it on (the benchmark drives it too). */
void ui_key(struct ui *u, int ch);
/* ui.c: one frame: the update step, then drawing (the benchmark too). */
void ui_frame(struct ui *u);
/* ui.c: the scope of key bindings here (the pane's resource, or "tenants"). */
const char *ui_scope(const struct ui *u);

#endif
