/* http.h — one libcurl easy handle, reused for every request of one thread so a
 * whole walk rides one keep-alive connection (HTTP/2 when offered, gzip
 * accepted). Enforces: TLS verification always on, no automatic redirects,
 * connect and total timeouts, a response size cap, and cancellation from
 * another thread between and during transfers. No retries, auth or logging
 * here: api.c does those. */
#ifndef TT_HTTP_H
#define TT_HTTP_H

#include "error.h"

#include <stddef.h>

#define TT_HTTP_MAX_BODY (64u * 1024 * 1024)

struct tt_http_response {
	long status;
	char *body;
	size_t len, cap;
	char content_type[128];
	char request_id[96];
	char location[512];
	double retry_after;        /* seconds from Retry-After, -1 when absent */
	char ratelimit[256];       /* the rate-limit headers seen ("X-RateLimit-Limit: 10; …"), for --check */
	double ms;
	int transport_error;       /* 1: no HTTP status (connection refused, dropped, timeout) */
	int retryable;             /* the transport error may go away on a retry */
	int cancelled;             /* a newer query cancelled this transfer */
	int timed_out;             /* the whole-request limit (http_set_timeout) ended it; not retryable */
};

struct tt_http;

/* TLS settings of a profile; every member may be NULL. Verification stays on. */
struct tt_http_tls {
	const char *ca_file;       /* CURLOPT_CAINFO */
	const char *client_cert;   /* mutual TLS: PEM certificate (CURLOPT_SSLCERT) … */
	const char *client_key;    /* … and its PEM key (CURLOPT_SSLKEY) */
	const char *key_password;  /* the key's passphrase (CURLOPT_KEYPASSWD); never logged */
};

/* libcurl's global init, exactly once (pthread_once); http_new calls it too. */
void http_global_init(void);

/* tls may be NULL. cancel: when non-NULL, the transfer aborts once *cancel != cancel_value. */
struct tt_http *http_new(const struct tt_http_tls *tls, const unsigned *cancel, struct tt_error *e);
void http_free(struct tt_http *h);
void http_set_cancel_value(struct tt_http *h, unsigned value);
/* 1 once *cancel differs from the cancel value (see http_new), else 0. */
int http_cancelled(const struct tt_http *h);
/* The most one request may take, connect to last byte, from the next
 * http_perform on (120 s at first); one that takes longer fails with
 * resp->timed_out set. */
void http_set_timeout(struct tt_http *h, long ms);

/* Perform one request. headers: NULL-terminated "Name: value" strings. body may
 * be NULL. Returns 0 when an HTTP response arrived (any status), -1 otherwise
 * (resp->transport_error set, e says why). The response body is NUL-terminated. */
int http_perform(struct tt_http *h, const char *method, const char *url, const char *const *headers,
		 const char *body, struct tt_http_response *resp, struct tt_error *e);
void http_response_reset(struct tt_http_response *r);
void http_response_free(struct tt_http_response *r);

/* "scheme://host:port" of url, lower-case, default ports made explicit. */
int http_origin(const char *url, char *out, size_t outsz);
/* 1 for http://localhost, 127.0.0.0/8 and [::1]. */
int http_is_loopback(const char *url);

#endif
