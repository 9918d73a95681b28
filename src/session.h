/* session.h — one live profile for the dashboard: owns the fetch thread (walks
 * the current list query page by page into the model), the op thread (detail
 * fetches and actions, so a long walk never blocks them), the model of rows,
 * the request-log ring and the customer context. The UI reads everything here
 * without blocking for long and is woken through a pipe. No curses. */
#ifndef TT_SESSION_H
#define TT_SESSION_H

#include "api.h"
#include "config.h"
#include "detail.h"
#include "error.h"
#include "options.h"
#include "provider.h"

#include <stddef.h>

struct tt_session;

struct session_progress {
	unsigned long generation;   /* of the query these numbers describe */
	unsigned long pages, rows;
	double rows_per_s;
	unsigned retries;
	int loading;                /* a walk is running */
	int done;                   /* the walk reached the last page */
	int failed;                 /* the walk stopped with an error */
	char error[512], hint[256]; /* last error (walk, detail or action), sanitised */
	int transient;              /* failed: the server was unreachable (err_status 0)
				     * or answered 5xx (err_status): trying again may work */
	int err_status;
	double token_left;          /* seconds, -1 = no token scheme or none yet */
	long total;                 /* server-reported total, -1 unknown */
};

struct session_op_result {
	int state;                  /* 0 idle, 1 running, 2 done, 3 failed */
	char *text;                 /* detail: pretty JSON; action: response summary */
	char title[200];
	struct tt_error err;
};

struct tt_session *session_open(const struct tt_options *o, struct tt_error *e);
void session_close(struct tt_session *s);

int session_wake_fd(struct tt_session *s);
void session_drain_wake(struct tt_session *s);

const struct tt_config *session_config(struct tt_session *s);
const struct tt_profile *session_profile(struct tt_session *s);
const struct tt_provider *session_provider(struct tt_session *s);
int session_read_only(struct tt_session *s);
/* The UI draws ASCII only (--ascii, or no UTF-8): text the session renders
 * (a sample's sparklines) follows. Before the first detail. */
void session_set_ascii(struct tt_session *s, int ascii);
/* 1 when browsing a snapshot (--open): nothing goes to the network. */
int session_offline(struct tt_session *s);
/* Where the dashboard starts: --context, a snapshot's first tenant, or the
 * profile's preset workspace; NULL = own account. */
const char *session_initial_context(struct tt_session *s, const struct tt_options *o);

/* The context shown in the header (sanitised) and its id ("" = own account):
 * the tenant of the rows on screen. Never waits for the network. */
void session_context(struct tt_session *s, char *label, size_t labelsz, char *id, size_t idsz);

/* Start a new list query (cancels the running one between pages and mid-transfer).
 * filter: extra "key=value" API filters, one a line (createdSince=-7d), or NULL.
 * context: NULL keeps the one last asked for (even if the fetch thread has not
 * reached it yet: a switch is never lost); "" = own account. A refused context
 * leaves the session where it was. */
void session_query(struct tt_session *s, int resource, const char *sort, const char *text, const char *filter,
		   const char *context);
void session_progress(struct tt_session *s, struct session_progress *p);
/* A related list (a filtered list of another resource) in place of the rows
 * on screen, which are set aside with their query, not dropped: filter is
 * "key=value" lines. session_pop_query puts the list set aside back — 1 as
 * it was (its walk had reached the end: nothing is fetched), 0 asked for again
 * (it was still loading, or the tenant changed), -1 nothing set aside. One
 * list is set aside at a time (a second push drops the first). */
void session_push_query(struct tt_session *s, int resource, const char *filter);
int session_pop_query(struct tt_session *s);
/* Forget the list set aside (another pane was opened instead of going back). */
void session_drop_pushed(struct tt_session *s);

/* :all — the query over every tenant at once (src/fanout.c). Like
 * session_query in the tenant last asked for, but the query is walked in
 * every tenant of the profile (its configured customers, else the provider's
 * list of tenants: akenza's workspaces), several at a time within the rate
 * limit. Each row carries its tenant: the model has one cell more than the
 * resource has columns, the tenant's name first, and a detail or an action
 * on a row goes to that row's tenant. A tenant that fails is shown as failed
 * (session_fan_entry) and the others go on. session_query (a new query, a
 * context switch) leaves it; session_refresh runs it again. While it holds
 * the rows, session_context says "all N {tenant}s" with the id "*". */
void session_query_all(struct tt_session *s, int resource, const char *sort, const char *text, const char *filter);
enum session_fan_state { SESSION_FAN_WAITING, SESSION_FAN_LOADING, SESSION_FAN_DONE, SESSION_FAN_FAILED };
struct session_fan_summary {
	int on;                     /* the rows on screen are a fan-out */
	int resource;
	int n, waiting, loading, done, failed;   /* tenants */
	int listing;                /* the tenants are still being listed */
};
struct session_fan_entry {
	char name[160];             /* sanitised */
	char id[64];
	enum session_fan_state state;
	unsigned long rows, pages;
	long status;                /* failed: the HTTP status, 0 none */
	char error[300];            /* failed: why, sanitised */
};
void session_fan_summary(struct tt_session *s, struct session_fan_summary *out);
/* Tenant i of the fan-out on screen: 0, or -1 past the end. */
int session_fan_entry(struct tt_session *s, int i, struct session_fan_entry *out);
/* The rows are a fan-out (cell 0 is the tenant's name): the index + 1 of
 * their resource, else 0. Takes no lock; under session_lock it stays so
 * until unlock. */
int session_fan_on(struct tt_session *s);

/* Live changes: poll the shown query again without clearing the table. When
 * the last walk of the same query reached the end and the resource takes
 * modifiedSince, only items modified since then (minus 5 s) are fetched and
 * merged by id; otherwise the whole list is fetched aside and swapped in.
 * Rows are marked for one refresh: */
enum session_mark { SESSION_MARK_NONE, SESSION_MARK_CHANGED, SESSION_MARK_NEW, SESSION_MARK_REMOVED };
void session_refresh(struct tt_session *s);
/* Under session_lock. */
enum session_mark session_row_mark(struct tt_session *s, size_t row);
/* Under session_lock: changes whenever rows are replaced, moved or removed
 * (a new query, a refresh), so row indices kept by the UI are stale. Appends
 * by the walk do not change it. */
unsigned long session_model_epoch(struct tt_session *s);

/* Rows of the current query: lock, read, unlock (pointers valid until unlock). */
void session_lock(struct tt_session *s);
void session_unlock(struct tt_session *s);
size_t session_nrows(struct tt_session *s);
int session_resource_index(struct tt_session *s);
const char *session_row_id(struct tt_session *s, size_t row);
/* cell text of column col of row (already sanitised; times as the API sent them) */
const char *session_cell(struct tt_session *s, size_t row, int col);
/* the whole row as one string "id\tcell\tcell…" for local filtering */
const char *session_row_blob(struct tt_session *s, size_t row, size_t *len);

/* Detail of one item of the rows on screen (their resource and tenant). */
void session_detail(struct tt_session *s, const char *id);
/* Find one item by an identifier through the vendor's lookup l of the
 * resource on screen (akenza: a DevEUI through by-device-id); the answer
 * arrives like a detail. */
void session_lookup(struct tt_session *s, const struct tt_lookup *l, const char *value);
/* Run an action; values are the form fields in action order. ctx: the tenant
 * to send it to — the one session_action_preview showed (so what was confirmed
 * is what is sent, even if the list switched tenant meanwhile); NULL = the
 * tenant of the rows on screen now. Dangerous actions are refused here when
 * the session is read-only: the one check for every view. */
int session_action(struct tt_session *s, const struct tt_action *a, const char *row_id,
		   const char *const *values, const struct tt_ctx *ctx, struct tt_error *e);
/* Preview what an action would send: method, URL path, body, tenant. shown
 * (may be NULL) receives that tenant, for session_action. */
void session_action_preview(struct tt_session *s, const struct tt_action *a, const char *row_id,
			    const char *const *values, char *out, size_t outsz, struct tt_ctx *shown);
/* Following a write: an action with follow = "…" polls the created item
 * (backoff 0.5 s, 1, 2, 4, 8 s, then every 8 s) on the session's follow
 * thread until its status is one of the action's final states; each new
 * state is merged into the rows of the action's result resource when they
 * are on screen. A newer write replaces the one followed. */
#define SESSION_FOLLOW_STATES 8
struct session_follow {
	int active;                 /* still polling */
	int failed;                 /* a failed final state, or following stopped (note) */
	char what[64];              /* the action's name: "downlink" */
	char id[128];               /* the followed item's id, sanitised ("" unknown) */
	char states[SESSION_FOLLOW_STATES][48]; /* the states seen, oldest first, sanitised */
	int nstates;
	char note[256];             /* why following stopped early, or "" */
	unsigned serial;            /* changes whenever the above does; 0: nothing followed yet (last) */
};
void session_follow(struct tt_session *s, struct session_follow *out);

/* Copy the op result (text is malloc'd for the caller; NULL if none). */
void session_op_result(struct tt_session *s, struct session_op_result *out);
/* The last detail's view (detail.h: readable text, raw JSON, the related
 * lists resolved), copied for the caller (detail_view_free); -1 when the last
 * op result is not a detail. */
int session_detail_view(struct tt_session *s, struct detail_view *out);

/* Names for ids and sub-resource cells of the rows on screen (refcache.h). */
struct tt_refcache *session_refcache(struct tt_session *s);
/* Under session_lock: 1 while the rows on screen belong to a query that a
 * newer one (another pane, tenant, sort…) replaces as soon as its walk starts,
 * or to :all (many tenants): no lazy cells are fetched for them. */
int session_rows_stale(struct tt_session *s);
/* Under session_lock: the id of the rows' tenant ("" = own account). */
const char *session_ctx_id(struct tt_session *s);
/* The tenant of the rows on screen, whole (for requests made for them). */
void session_current_ctx(struct tt_session *s, struct tt_ctx *out);

/* Request log ring: newest last. */
size_t session_log_count(struct tt_session *s);
int session_log_entry(struct tt_session *s, size_t i, struct tt_reqlog_entry *out);

#endif
