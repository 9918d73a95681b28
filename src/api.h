/* api.h — talking to one provider as one profile: credentials, tokens (cached
 * until 60 s before expiry, fetched once for all threads, fetched again once on
 * 401/302), the customer context, origin pinning, the client-side rate limit,
 * retries (Retry-After, capped exponential backoff with jitter) and the request
 * log. struct tt_api_shared is shared by every thread of a session; each thread
 * has its own struct tt_api (its own connection and its own customer context).
 *
 * Locks in struct tt_api_shared, never held across network I/O or a sleep
 * unless said: lock (rate limiter, --log file), token_lock (token, token_expires,
 * token_margin, token_serial: copied in and out, nothing else), token_fetch_lock
 * (single flight: held by the one thread fetching the shared token, across the
 * token request — only threads that need that token wait on it, never the UI).
 * Everything else in it is set before the threads start and only read after,
 * except retries (atomic) and owner_id (the fetch thread's). */
#ifndef TT_API_H
#define TT_API_H

#include "config.h"
#include "error.h"
#include "options.h"
#include "http.h"
#include "provider.h"

#include <pthread.h>
#include <stdio.h>

#define API_FRESH_TOKEN 1   /* api-key-jwt: get a JWT just for this call */
#define API_NO_RETRY 2      /* never retry (writes) */

struct tt_reqlog_entry {
	double when;            /* unix seconds */
	char method[8];
	char path[256];         /* path and query, origin stripped */
	long status;            /* 0: no response */
	double ms;
	size_t bytes;
	int attempt;            /* 0 = first try */
	char request_id[64];
	char detail[200];       /* problem detail or transport error, sanitised */
};

typedef void (*tt_reqlog_fn)(void *ud, const struct tt_reqlog_entry *entry);

struct snapshot;

/* One tenant, resolved: what a request carries and what the header shows. A
 * plain value: copied between threads, never shared. */
struct tt_ctx {
	char value[128];        /* the context header value or query parameter value; "" = none */
	char id[64];            /* the customer/workspace id; "" = own account */
	char label[160];        /* what the header shows (sanitised) */
};

struct tt_api_shared {
	const struct tt_provider *prov;
	const struct tt_profile *profile;
	const struct tt_config *cfg;
	char base_url[512], auth_url[512];
	char base_origin[256], auth_origin[256];
	char client_id[256];
	char secret[2048];      /* client secret or API key; wiped by api_close */
	char auth_param[1024];
	char key_password[1024]; /* client_key passphrase (mutual TLS); wiped by api_close */
	pthread_mutex_t lock;   /* rate limiter, log */
	pthread_mutex_t token_lock; /* the four token fields below; short, never across I/O */
	pthread_mutex_t token_fetch_lock; /* single flight: held while fetching the shared token */
	char token[8192];
	double token_expires;   /* monotonic seconds */
	double token_margin;    /* renew this long before expiry (60 s, less for short tokens) */
	unsigned token_serial;  /* bumps on every new token */
	double rl_tokens, rl_last;
	char owner_id[64];      /* akenza organization for owner_param (resolved by the list thread) */
	FILE *log;              /* --log */
	tt_reqlog_fn on_request;
	void *on_request_ud;
	const unsigned *cancel; /* see http.h */
	unsigned retries;       /* total retries, for progress; atomic */
	struct snapshot *snap_out; /* --snapshot: every successful GET is recorded */
	struct snapshot *snap_in;  /* --open: GETs are answered from the file, no network */
};

struct tt_api {
	struct tt_api_shared *s;
	struct tt_http *http;
	struct tt_ctx ctx;      /* the tenant this thread's calls go to (own account at first) */
	unsigned cancel_value;  /* see api_set_cancel_value */
};

/* Resolve secrets, URLs and origins. log_path may be NULL. */
int api_open(struct tt_api_shared *s, const struct tt_config *cfg, const struct tt_profile *profile,
	     const struct tt_provider *prov, const char *log_path, struct tt_error *e);
void api_close(struct tt_api_shared *s);
/* What the options ask for: the config file, or with --open the profile
 * rebuilt from the snapshot's header. NULL + e on error. */
struct tt_config *api_load_config(const struct tt_options *o, struct tt_error *e);
/* api_open, or with --open a replay of the snapshot (no secrets, no network);
 * with --snapshot every successful GET is also recorded. api_close closes both. */
int api_open_for(struct tt_api_shared *s, const struct tt_config *cfg, const struct tt_profile *profile,
		 const struct tt_provider *prov, const struct tt_options *o, struct tt_error *e);
/* The tenant to start in: --context, else where a snapshot started, else the
 * profile's preset workspace (akenza); NULL = own account. */
const char *api_initial_context(const struct tt_api_shared *s, const struct tt_options *o);
/* For --open: the profile comes from a snapshot; no secrets, no network. */
int api_open_replay(struct tt_api_shared *s, const struct tt_config *cfg, const struct tt_profile *profile,
		    const struct tt_provider *prov, struct snapshot *snap, struct tt_error *e);

int api_thread_init(struct tt_api *a, struct tt_api_shared *s, struct tt_error *e);
/* The same, for a thread whose calls a new list query must not cancel (details, actions). */
int api_thread_init_uncancelled(struct tt_api *a, struct tt_api_shared *s, struct tt_error *e);
/* The same, with a cancel word of the thread's own (not the list's): its calls,
 * their transfers and their waits (Retry-After, backoff, the rate limiter) end
 * once *cancel changes from the value it has now (session_close bumps it). */
int api_thread_init_own_cancel(struct tt_api *a, struct tt_api_shared *s, const unsigned *cancel,
			       struct tt_error *e);
void api_thread_free(struct tt_api *a);

/* The calls of a go on while *cancel equals value (a walk's generation); a
 * helper thread copies its parent's. */
void api_set_cancel_value(struct tt_api *a, unsigned value);

/* Resolve a tenant into out: NULL or "" = own account. Validates (KPN: customer
 * name or UUID; akenza: 16-hex workspace id or a workspace name, looked up with
 * a — network I/O). Changes nothing shared and nothing in a but its connection. */
int api_resolve_context(struct tt_api *a, const char *context, struct tt_ctx *out, struct tt_error *e);
/* A tenant resolved from its id is labelled "workspace 2919…": give it its
 * name from the provider's list of tenants (context.names) — network I/O, one
 * call; best effort: on a failure, or offline, the label stays. For the
 * dashboard's header (--dump does not need it and does not ask). */
void api_name_context(struct tt_api *a, struct tt_ctx *c);
/* Own account ("-" where the provider has no context). */
void api_own_context(const struct tt_api_shared *s, struct tt_ctx *out);
/* From now on the calls of a go to ctx. */
void api_use_context(struct tt_api *a, const struct tt_ctx *ctx);
/* Both (single-threaded callers: --dump). */
int api_set_context(struct tt_api *a, const char *context, struct tt_error *e);

/* Every tenant of the profile, for --all-contexts: the configured customers,
 * else the provider's list of tenants (context.names). fn gets name and id. */
int api_list_contexts(struct tt_api *a, void (*fn)(void *ud, const char *name, const char *id), void *ud,
		      struct tt_error *e);

/* One API call. url_or_path: a path under base_url, or an absolute URL that must
 * be on the base origin. Returns 0 for a 2xx response (in resp), -1 otherwise
 * with e filled (problem detail + hint). */
int api_call(struct tt_api *a, const char *method, const char *url_or_path, const char *body, int flags,
	     struct tt_http_response *resp, struct tt_error *e);

/* Seconds the cached token stays valid (-1: none, or no token scheme). Takes
 * only the short token_lock: never waits for a token request. */
double api_token_remaining(struct tt_api_shared *s);

/* The akenza organization: the profile's, or the first the key can see. */
int api_owner(struct tt_api *a, struct tt_error *e);

#endif
