/* sim.h — what the simulator's API modules (kpn.c, akenza.c, partner.c) share
 * with its server (server.c): the request, response helpers, tokens, faults,
 * and the ordering/paging engine (order.c). */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include "buf.h"
#include "fleet.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>

/* Behaviour the public API notes mark as a guess lives in guesses.h. */
#include "guesses.h"

struct sim_faults {
	double p429, p500, pdrop, pmalformed;
	unsigned slow_ms;
	int huge, hostile, redirect, cursor_loop;
	int drift;       /* the API has moved away from the provider files (see drift_params) */
};

struct sim {
	struct fleet fleet;
	struct sim_faults faults;
	unsigned latency_ms;
	unsigned token_ttl;
	unsigned port;
	const char *bind;
	const char *scheme;          /* "http", or "https" with --tls-cert */
	int require_client_cert;     /* --tls-client-ca: refuse a TLS client without a certificate it signed */
	const char *partner_key_field, *partner_param_field; /* /auth body names (--partner-auth-fields) */
	int lenient;                 /* --lenient: undocumented query parameters are ignored, not refused */
	FILE *log;
	pthread_mutex_t lock;        /* guards everything mutable below */
	uint64_t requests;           /* request counter (fault decisions) */
	/* issued GRIP tokens: issue time per serial */
	int64_t *token_issued;
	uint32_t ntokens, captokens;
	/* partner JWTs: issue time per serial, and whether used for an invitation POST */
	int64_t *jwt_issued;
	unsigned char *jwt_used;
	uint32_t njwts, capjwts;
	/* partner rate limit (token bucket) */
	double rl_tokens;
	double rl_last;
	/* state created by clients */
	struct posted_downlink *downlinks;
	uint32_t ndownlinks;
	struct posted_sample *samples;
	uint32_t nsamples;
	struct posted_invitation *invitations;
	uint32_t ninvitations;
};

struct posted_downlink {
	char id[37], device_id[37], client_id[37];
	char message[128];
	int64_t created;
};

struct posted_sample {
	uint32_t device;
	char topic[32];
	char *data_json; /* minified JSON object */
	int64_t timestamp;
};

struct posted_invitation {
	char code[24];
	char company[128], kvk[16], email[128];
	int64_t created;
};

extern struct sim g_sim;

struct sim_req {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;        /* without query */
	char *raw;               /* request target as received (path?query) */
	const char *host;        /* Host header, for absolute links */
	struct buf body;
	unsigned long conn_serial;
	double t0;
	char auth_desc[48];      /* for the log: bearer:N, jwt:J, apikey, - */
	char ctx_desc[40];       /* KPN context customer or - */
	int started, done;
};

struct sim_resp {
	int status;
	const char *ctype;
	char *body;              /* malloc'd, owned */
	size_t len;
	unsigned retry_after;    /* > 0: Retry-After header */
	int stream_huge;         /* body is generated: hundreds of MB */
};

/* Query arguments. */
const char *req_arg(struct sim_req *r, const char *key);
int req_arg_count(struct sim_req *r, const char *key);
/* Iterate every value of a repeated argument (e.g. sort=name,asc&sort=id,desc). */
int req_arg_all(struct sim_req *r, const char *key, const char **vals, int max);
const char *req_header(struct sim_req *r, const char *name);
/* Strict mode: every endpoint names the query parameters its vendor documents
 * (a NULL-terminated table; NULL = none). Returns 0 when the request carries
 * only those (or --lenient is on); otherwise fills o with a 400 that names the
 * first other parameter: application/problem+json titled problem_title, or
 * akenza's Spring error body when problem_title is NULL. */
int req_check_params(struct sim_req *r, struct sim_resp *o, const char *const *allowed,
		     const char *problem_title);
/* Whether a parameter table lists key. */
int params_have(const char *const *allowed, const char *key);
int req_header_count(struct sim_req *r, const char *name);

/* Responses. */
void resp_json(struct sim_resp *o, int status, struct buf *b);       /* takes b */
void resp_problem(struct sim_resp *o, struct sim_req *r, int status, const char *title,
		  const char *detail);
void resp_spring_error(struct sim_resp *o, struct sim_req *r, int status, const char *error,
		       const char *message);
void resp_empty(struct sim_resp *o, int status);

/* Build "http://HOST/PATH?QUERY-without-cursor&cursor=C" (or page=N). */
void link_with(struct buf *b, struct sim_req *r, const char *param, const char *value,
	       int other_origin);

/* Tokens. */
void token_issue(char *out, size_t outsz, uint32_t *serial);
/* 1 valid, 0 unknown, -1 expired; serial set when known. */
int token_check(const char *token, uint32_t *serial);
void jwt_issue(char *out, size_t outsz, uint32_t *serial);
int jwt_check(const char *token, uint32_t *serial);

double now_seconds(void);
/* ISO-8601 date-time ("2025-05-01T00:00:00Z", fraction and offset allowed) or
 * date; 0 and *out set, or -1. */
int parse_iso_time(const char *s, int64_t *out);

/* Ordering and filtering over an index range [0, n). */
enum sort_field { SF_CREATED, SF_MODIFIED, SF_NAME, SF_ID, SF_BARCODE };
struct sort_key { enum sort_field field; int desc; };
struct sort_spec { struct sort_key keys[4]; int nkeys; };
/* Returns the position → index permutation for (collection, spec, n), NULL for
 * the natural created-ascending order; *reverse set for plain -created. */
const uint32_t *order_get(int collection, const struct sort_spec *spec, uint32_t n, int *reverse);
typedef void (*order_item_fn)(uint32_t i, int64_t *created, int64_t *modified,
			      const char **name, const char **id, const char **barcode, void *scratch);
void order_register(int collection, order_item_fn fn, size_t scratch_size);
uint32_t order_at(const uint32_t *perm, int reverse, uint32_t n, uint32_t pos);

/* API modules: return 1 if they handled the path. */
int kpn_handle(struct sim_req *r, struct sim_resp *o);
int akenza_handle(struct sim_req *r, struct sim_resp *o);
int partner_handle(struct sim_req *r, struct sim_resp *o);
void kpn_init(void);
void akenza_init(void);

#endif
