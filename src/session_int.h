/* session_int.h — private to the session's modules (session.c, session_fan.c,
 * session_follow.c): owns the struct tt_session definition, the internal
 * structs they pass each other (job, op, merge, follow_job, walk_ctx ...) and
 * the functions they share. Not for the UI: it includes session.h only. */
#ifndef TT_SESSION_INT_H
#define TT_SESSION_INT_H

#include "session.h"
#include "strbuf.h"
#include "walk.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stddef.h>
#include <time.h>

#define CHUNK (1u << 20)
#define LOG_RING 512

struct chunk {
	struct chunk *next;
	size_t used;
	char data[];
};

struct job {
	unsigned gen;
	int resource;
	char sort[128], text[256], filter[1024];   /* filter: "key=value" lines */
	char ctx[160];                /* the tenant asked for ("" = own account); every job carries
	                               * the latest, so a switch cannot be lost by a newer job */
	int refresh;                  /* re-poll the shown query and mark what changed */
	int all;                      /* :all: the query in every tenant at once (fan_job) */
};

/* Live changes: a refresh compares the new answer with the rows on screen by
 * id. Old rows are found through this open-addressing table (FNV-1a of the id). */
struct row_index {
	size_t *slot;                 /* row + 1, 0 = empty */
	size_t mask;
	unsigned char *seen;          /* full refresh: old rows met again */
};

enum op_kind { OP_NONE, OP_DETAIL, OP_ACTION };

/* An item to merge into the rows on screen, if they are its resource's and
 * its tenant's: an existing row (same id) is replaced, a new one inserted. */
struct merge {
	struct merge *next;
	int resource;
	char ctx_id[160];
	char *item;                   /* minified JSON of one object */
};

/* A write to follow: poll path until the status is final. */
struct follow_job {
	const struct tt_action *action;
	struct tt_ctx ctx;
	int result_res;               /* merge each new state into this resource's rows, or -1 */
	unsigned gen;                 /* which write: a poll of an older one must not show as this one's */
	char path[1024];
};

/* A job for the op thread: immutable once handed over, it carries the tenant
 * and the resource it was made for. */
struct op {
	enum op_kind kind;
	struct tt_ctx ctx;
	int resource;
	char id[256];
	const struct tt_action *action;
	char path[1024];
	char extra[1024];             /* detail: a second path shown under it, or "" */
	char extra_title[64];
	char lookup[64];              /* a lookup by this kind of identifier ("DevEUI"), or "" */
	char lfilter[64];             /* a lookup through this list filter ("barcode"; the value is id), or "" */
	char lfield[64];              /* ... and the item field equal to the value, or "" */
	char *body;
	char title[200];
};

struct tt_session {
	struct tt_config *cfg;
	const struct tt_profile *profile;
	struct tt_provider *prov;
	struct tt_api_shared shared;
	int read_only;
	int ascii;                    /* the UI draws ASCII only: sample sparklines too */
	long page_size;               /* --limit, 0 = the provider's */
	int wake[2];

	pthread_t fetch_th, op_th;
	int threads;
	pthread_mutex_t jm;           /* job and op slots */
	pthread_cond_t jc;
	struct job job;
	int job_pending, quit;
	unsigned want_gen;            /* the cancel word for http */
	unsigned op_cancel;           /* the op thread's own cancel word: session_close bumps it */
	struct op op;
	int op_pending;
	/* a write's answer merged into the rows on screen by the fetch thread,
	 * the one thread that writes rows (merge_main): under jm */
	struct merge *merges;
	/* following a write to its final state (follow_main) */
	pthread_t follow_th;
	unsigned follow_cancel;       /* bumped by session_close: a poll in flight ends */
	struct follow_job fjob;       /* handed over under jm */
	int follow_pending;
	struct session_follow follow; /* what the UI shows: under mm ... */
	unsigned follow_gen;          /* ... for this write (after_write bumps it) */

	pthread_mutex_t mm;           /* model, progress, resource, ctx, op result */
	struct chunk *chunks;
	struct chunk *spare;          /* a mapped chunk for arena_alloc, made outside mm (chunk_fresh) */
	char **rows;
	unsigned char *marks;         /* per row, enum session_mark, for one refresh */
	size_t nrows, caprows;
	/* the last walk that reached the end, for "modified since" polls */
	struct job done_job;
	time_t done_started;
	int have_done;
	size_t arena_bytes;           /* allocated in chunks, for compaction after refreshes */
	unsigned long epoch;          /* bumps whenever rows are replaced, moved or removed */
	int resource, ncols;
	struct tt_ctx ctx;            /* the tenant of the rows on screen and of the header;
	                               * written by the fetch thread only */
	struct session_progress prog;
	struct timespec t0;
	struct session_op_result opres;
	/* the list set aside while a related list is shown (session_push_query),
	 * under jm and mm */
	struct {
		int have;
		struct job job, done_job;
		struct chunk *chunks;
		char **rows;
		unsigned char *marks;
		size_t nrows, caprows, arena_bytes;
		int resource, ncols, have_done;
		int fan_on;               /* a fan-out (:all) set aside: its tenants stay in s->fan */
		time_t done_started;
		struct session_progress prog;
		struct tt_ctx ctx;
	} stash;
	/* models taken off screen by push/pop, freed by the fetch thread at its
	 * next job: its walk may still be copying their row arrays (model_grow) */
	struct grave { struct grave *next; struct chunk *chunks; char **rows; unsigned char *marks; } *graves;
	struct detail_view dview;     /* the last detail (opres is a detail: have_dview) */
	int have_dview;
	struct tt_ctx dview_ctx;      /* the tenant it came from (:all: its row's) */

	struct tt_refcache *rc;       /* names for ids, sub-resource cells (refcache.c) */
	int rows_stale;               /* under mm: a new query was asked for and its walk has not
	                               * taken over the rows yet (no cells are fetched for them) */

	pthread_mutex_t lm;           /* request log ring */
	struct tt_reqlog_entry ring[LOG_RING];
	size_t ring_n;

	/* :all (the fan-out section below), under mm */
	int fan_on;                   /* the rows are a fan-out (cell 0 of each is its tenant):
	                               * its resource + 1, else 0; atomic, read without mm */
	int fan_listing;              /* the tenants are being listed */
	struct session_fan_entry *fan;
	struct tt_ctx *fan_ctx;       /* each tenant as resolved when its walk began */
	int nfan;
	struct fan_run { size_t row; int tenant; } *fan_runs; /* rows from .row on are .tenant's */
	size_t nfan_runs, capfan_runs;
	pthread_mutex_t fan_m;        /* one fan-out worker places rows at a time (model_grow) */
};

/* scratch for row_blob, grown to the longest value seen: a cell is kept
 * whole (an :export writes it whole), however long */
struct cell_scratch {
	char *raw, *clean;
	size_t rawsz, cleansz;
};

struct walk_ctx {
	struct tt_session *s;
	unsigned gen;
	const struct tt_resource *res;
	struct strbuf tmp;
	struct cell_scratch scratch;
	struct walk_stats *st;
	/* a new tenant shows only with its first page (switch_in): until then,
	 * and for good if its walk fails, the tenant and rows on screen stay */
	int ctx_pending, reset_pending;
	struct tt_ctx new_ctx;
	/* refresh: delta (the provider's modified_since filter; update rows in place) or full (build
	 * new rows aside, swap at the end so the screen never empties) */
	int refresh, delta;
	size_t insert_at;             /* delta, descending sort: new rows go on top, in arrival order */
	int insert_top;
	struct row_index ix;          /* over the rows on screen when the refresh began */
	struct chunk *spare;          /* chunk_fresh, made outside mm, for s->spare */
	char **new_rows;              /* full refresh */
	unsigned char *new_marks;
	size_t new_n, new_cap;
	const char *lead;             /* :all: the tenant's name, a first cell on every row ... */
	int fan_i;                    /* ... and its index (fan_placed) */
};

/* ---------- shared by the session's modules ---------- */

/* session.c: the model, the fetch thread, the wake pipe */
void wake(struct tt_session *s);                          /* wake the UI (write to the pipe) */
void model_reset(struct tt_session *s);                   /* under mm: empty the rows */
char *arena_alloc(struct tt_session *s, size_t n);        /* under mm: room for a row blob */
void model_reserve(struct tt_session *s, size_t n);       /* under mm: room for n more rows */
size_t blob_len(const char *blob, int ncols);             /* the length of a row blob */
int row_paths(const struct tt_resource *r, const char **paths); /* the id's, then each column's path */
void row_blob(const struct tt_resource *r, const char *body, const size_t *vs, const size_t *ve,
	      const char *lead, struct strbuf *tmp, struct cell_scratch *sc); /* one item's row blob */
int on_page(void *ud, const struct walk_page *pg, struct tt_error *e); /* a walk's page into the rows (ud: walk_ctx) */
void set_failed(struct tt_session *s, unsigned gen, const struct tt_error *e); /* the walk of gen failed */

/* session_fan.c: :all, the fan-out */
void fan_clear(struct tt_session *s);                     /* under mm: forget the tenants */
void fan_placed(struct tt_session *s, const struct walk_ctx *w, size_t start, size_t n); /* under mm: rows placed */
const struct tt_ctx *fan_row_ctx(struct tt_session *s, const char *id); /* under mm: a fan-out row's tenant */
void fan_job(struct tt_session *s, struct tt_api *api, const struct job *job); /* the fetch thread runs an :all job */

/* session_follow.c: a write's answer merged into the rows, and followed */
void merge_apply_all(struct tt_session *s, struct merge *m); /* the fetch thread applies (and frees) merges */
void after_write(struct tt_session *s, const struct op *op, const struct tt_action *a,
		 const struct tt_http_response *r); /* the op thread: a write was accepted */
void *follow_main(void *arg);                             /* the follow thread (arg: the session) */

#endif
