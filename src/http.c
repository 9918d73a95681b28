/* http.c — the libcurl wrapper (see http.h). */
#include "http.h"
#include "xalloc.h"

#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct tt_http {
	CURL *curl;
	CURLM *multi; /* drives curl so a cancel is seen within POLL_MS, and keeps the connection cache */
	const unsigned *cancel;
	unsigned cancel_value;
	struct tt_http_response *cur;
	int too_big;
	int has_client_cert;
	long timeout_ms;
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void http_global_init(void)
{
	pthread_once(&global_once, global_init);
}

enum { POLL_MS = 50 };

struct tt_http *http_new(const struct tt_http_tls *tls, const unsigned *cancel, struct tt_error *e)
{
	struct tt_http *h;

	http_global_init(); /* a second thread waits until the first has finished */
	h = xcalloc(1, sizeof *h);
	if (!(h->curl = curl_easy_init()) || !(h->multi = curl_multi_init())) {
		if (h->curl)
			curl_easy_cleanup(h->curl);
		free(h);
		tt_error_set(e, 0, "cannot initialise libcurl");
		return NULL;
	}
	h->cancel = cancel;
	if (cancel)
		h->cancel_value = __atomic_load_n(cancel, __ATOMIC_ACQUIRE);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (tls && tls->ca_file)
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, tls->ca_file);
	if (tls && tls->client_cert && tls->client_key) {
		curl_easy_setopt(h->curl, CURLOPT_SSLCERT, tls->client_cert);
		curl_easy_setopt(h->curl, CURLOPT_SSLCERTTYPE, "PEM");
		curl_easy_setopt(h->curl, CURLOPT_SSLKEY, tls->client_key);
		curl_easy_setopt(h->curl, CURLOPT_SSLKEYTYPE, "PEM");
		/* always set: without it OpenSSL would prompt on the terminal for an encrypted key */
		curl_easy_setopt(h->curl, CURLOPT_KEYPASSWD, tls->key_password ? tls->key_password : "");
		h->has_client_cert = 1;
	}
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	http_set_timeout(h, 120000L);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h->curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(h->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "thingtop/" PACKAGE_VERSION);
	return h;
}

void http_free(struct tt_http *h)
{
	if (!h)
		return;
	curl_multi_cleanup(h->multi);
	curl_easy_cleanup(h->curl);
	free(h);
}

void http_set_cancel_value(struct tt_http *h, unsigned value)
{
	h->cancel_value = value;
}

void http_set_timeout(struct tt_http *h, long ms)
{
	h->timeout_ms = ms;
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, ms);
}

void http_response_reset(struct tt_http_response *r)
{
	r->status = 0;
	r->len = 0;
	if (r->body)
		r->body[0] = '\0';
	r->content_type[0] = r->request_id[0] = r->location[0] = r->ratelimit[0] = '\0';
	r->retry_after = -1;
	r->ms = 0;
	r->transport_error = r->retryable = r->cancelled = r->timed_out = 0;
}

void http_response_free(struct tt_http_response *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct tt_http *h = ud;
	struct tt_http_response *r = h->cur;
	size_t add = size * n;

	if (r->len + add > TT_HTTP_MAX_BODY) {
		h->too_big = 1;
		return 0; /* aborts the transfer */
	}
	if (r->len + add + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 64 * 1024;
		while (cap < r->len + add + 1)
			cap *= 2;
		r->body = xrealloc(r->body, cap);
		r->cap = cap;
	}
	memcpy(r->body + r->len, p, add);
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

static void copy_header_value(char *dst, size_t dstsz, const char *v, size_t n)
{
	while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
		n--;
	while (n && *v == ' ') {
		v++;
		n--;
	}
	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static double parse_retry_after(const char *v)
{
	char *end;
	double s = strtod(v, &end);
	struct tm tm = { 0 };

	if (end != v && (*end == '\0' || isspace((unsigned char)*end)))
		return s < 0 ? 0 : s;
	/* HTTP-date: Sun, 06 Nov 1994 08:49:37 GMT */
	if (strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm)) {
		double d = difftime(timegm(&tm), time(NULL));
		return d < 0 ? 0 : d;
	}
	return -1;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct tt_http *h = ud;
	struct tt_http_response *r = h->cur;
	size_t len = size * n;
	const char *colon = memchr(p, ':', len);
	char v[256];

	if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		/* a new response (e.g. after 100 Continue): forget headers seen so far */
		r->content_type[0] = r->request_id[0] = r->location[0] = r->ratelimit[0] = '\0';
		r->retry_after = -1;
		return len;
	}
	if (!colon)
		return len;
	size_t klen = (size_t)(colon - p);
	const char *val = colon + 1;
	size_t vlen = len - klen - 1;
	if (klen == 12 && !strncasecmp(p, "Content-Type", 12))
		copy_header_value(r->content_type, sizeof r->content_type, val, vlen);
	else if ((klen == 12 && !strncasecmp(p, "X-Request-Id", 12)) ||
		 (klen == 9 && !strncasecmp(p, "RequestId", 9)) ||
		 (klen == 16 && !strncasecmp(p, "X-Correlation-Id", 16)))
		copy_header_value(r->request_id, sizeof r->request_id, val, vlen);
	else if (klen == 8 && !strncasecmp(p, "Location", 8))
		copy_header_value(r->location, sizeof r->location, val, vlen);
	else if ((klen > 12 && !strncasecmp(p, "X-RateLimit-", 12)) || (klen >= 9 && !strncasecmp(p, "RateLimit", 9))) {
		size_t used = strlen(r->ratelimit);
		copy_header_value(v, sizeof v, val, vlen);
		snprintf(r->ratelimit + used, sizeof r->ratelimit - used, "%s%.*s: %s", used ? "; " : "", (int)klen, p, v);
	} else if (klen == 11 && !strncasecmp(p, "Retry-After", 11)) {
		copy_header_value(v, sizeof v, val, vlen);
		r->retry_after = parse_retry_after(v);
	}
	return len;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct tt_http *h = ud;

	(void)dt; (void)dn; (void)ut; (void)un;
	return h->cancel && __atomic_load_n(h->cancel, __ATOMIC_ACQUIRE) != h->cancel_value;
}

int http_cancelled(const struct tt_http *h)
{
	return h->cancel && __atomic_load_n(h->cancel, __ATOMIC_ACQUIRE) != h->cancel_value;
}

/* curl_easy_perform, but waiting at most POLL_MS at a time, so a newer query
 * stops this transfer at once (curl's progress callback runs only about once a
 * second while a server is silent). Removing an unfinished transfer closes its
 * connection; a finished one's stays cached in the multi handle. */
static CURLcode run_transfer(struct tt_http *h)
{
	CURLcode rc = CURLE_OK;
	CURLMcode mc;
	CURLMsg *msg;
	int running = 1, left, done = 0;

	if (curl_multi_add_handle(h->multi, h->curl) != CURLM_OK)
		return CURLE_FAILED_INIT;
	for (;;) {
		mc = curl_multi_perform(h->multi, &running);
		if (mc != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			break;
		}
		while ((msg = curl_multi_info_read(h->multi, &left)))
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == h->curl) {
				rc = msg->data.result;
				done = 1;
			}
		if (done || !running)
			break;
		if (http_cancelled(h)) {
			rc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (curl_multi_poll(h->multi, NULL, 0, POLL_MS, NULL) != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			break;
		}
	}
	curl_multi_remove_handle(h->multi, h->curl);
	return rc;
}

/* TLS failures about the client's own certificate (mutual TLS), told apart by
 * the TLS alert the server sent (curl's error buffer carries its name). */
static int tls_refusal(const struct tt_http *h, CURLcode rc, struct tt_error *e)
{
	static const char *const cert_alerts[] = { "alert bad certificate", "alert unknown ca",
		"alert certificate unknown", "alert unsupported certificate", "alert certificate revoked",
		"alert certificate expired", "alert access denied" };
	const char *eb = h->errbuf;

	if (rc == CURLE_SSL_CERTPROBLEM) {
		tt_error_set(e, 0, "cannot use the client certificate: %s", eb[0] ? eb : curl_easy_strerror(rc));
		tt_error_hint(e, "check client_cert and client_key (PEM), and the passphrase given by "
			      "client_key_password_env / _command: a wrong passphrase, or a key that is not the "
			      "certificate's, ends here");
		return 1;
	}
	if (rc != CURLE_SSL_CONNECT_ERROR && rc != CURLE_RECV_ERROR && rc != CURLE_SEND_ERROR)
		return 0;
	if (strstr(eb, "alert certificate required")) {
		if (!h->has_client_cert) {
			tt_error_set(e, 0, "the server requires a client certificate (set client_cert and client_key)");
			tt_error_hint(e, "mutual TLS: client_cert and client_key are the PEM files your provider signed");
		} else {
			tt_error_set(e, 0, "the server did not get the client certificate it requires (%s)", eb);
		}
		return 1;
	}
	for (size_t i = 0; i < sizeof cert_alerts / sizeof cert_alerts[0]; i++) {
		if (!strstr(eb, cert_alerts[i]))
			continue;
		if (h->has_client_cert) {
			tt_error_set(e, 0, "the server refused the client certificate (%s)", eb);
			tt_error_hint(e, "is client_cert the certificate your provider signed, and still valid?");
		} else {
			tt_error_set(e, 0, "the server refused the TLS handshake (%s)", eb);
			tt_error_hint(e, "it probably requires a client certificate: set client_cert and client_key");
		}
		return 1;
	}
	if (!h->has_client_cert && strstr(eb, "alert handshake failure")) {
		tt_error_set(e, 0, "the server refused the TLS handshake (%s)", eb);
		tt_error_hint(e, "if it requires a client certificate (mutual TLS), set client_cert and client_key");
		return 1;
	}
	return 0;
}

int http_perform(struct tt_http *h, const char *method, const char *url, const char *const *headers,
		 const char *body, struct tt_http_response *resp, struct tt_error *e)
{
	struct curl_slist *list = NULL;
	CURLcode rc;
	struct timespec t0, t1;

	http_response_reset(resp);
	if (h->cancel && __atomic_load_n(h->cancel, __ATOMIC_ACQUIRE) != h->cancel_value) {
		resp->transport_error = resp->cancelled = 1;
		tt_error_set(e, 0, "cancelled");
		return -1;
	}
	for (size_t i = 0; headers && headers[i]; i++) {
		if (strpbrk(headers[i], "\r\n")) {
			tt_error_set(e, 0, "refusing a header value with CR or LF");
			resp->transport_error = 1;
			curl_slist_free_all(list);
			return -1;
		}
		list = curl_slist_append(list, headers[i]);
	}
	if (body)
		list = curl_slist_append(list, "Content-Type: application/json");
	list = curl_slist_append(list, "Accept: application/json, application/problem+json;q=0.9, */*;q=0.1");
	h->cur = resp;
	h->too_big = 0;
	h->errbuf[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, NULL);
	} else {
		curl_easy_setopt(h->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
		curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, strcmp(method, "POST") ? method : NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = run_transfer(h);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	resp->ms = (double)(t1.tv_sec - t0.tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	curl_slist_free_all(list);
	h->cur = NULL;
	if (!resp->body) {
		resp->body = xcalloc(1, 1);
		resp->cap = resp->body ? 1 : 0;
	}
	if (rc == CURLE_OK) {
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &resp->status);
		return 0;
	}
	resp->transport_error = 1;
	if (h->too_big) {
		tt_error_set(e, 0, "the response was larger than %u MiB; refusing it", TT_HTTP_MAX_BODY >> 20);
		tt_error_hint(e, "use a smaller page size (--limit)");
		return -1;
	}
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		resp->cancelled = 1;
		tt_error_set(e, 0, "cancelled");
		return -1;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT && resp->ms >= (double)h->timeout_ms * 0.95) {
		/* the whole-request limit, not a stalled connect or a silent server: a
		 * server this slow (or trickling on purpose) would only do it again */
		resp->timed_out = 1;
		tt_error_set(e, 0, "took longer than %ld s", h->timeout_ms / 1000);
		return -1;
	}
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		resp->retryable = 1;
		break;
	default:
		break;
	}
	size_t el = strlen(h->errbuf);
	while (el && (h->errbuf[el - 1] == '\n' || h->errbuf[el - 1] == ' '))
		h->errbuf[--el] = '\0';
	if (tls_refusal(h, rc, e)) {
		resp->retryable = 0; /* a refused certificate stays refused */
		return -1;
	}
	if (el)
		tt_error_set(e, 0, "%s (%s)", curl_easy_strerror(rc), h->errbuf);
	else
		tt_error_set(e, 0, "%s", curl_easy_strerror(rc));
	if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
		tt_error_hint(e, "the server's TLS certificate was not trusted; set ca_file in the profile if it uses "
			      "a private CA (verification is never switched off)");
	else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
		tt_error_hint(e, "check base_url / auth_url in the profile and your network or proxy");
	return -1;
}

int http_origin(const char *url, char *out, size_t outsz)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = -1;

	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		for (char *c = host; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		for (char *c = scheme; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		rc = snprintf(out, outsz, "%s://%s:%s", scheme, host, port) < (int)outsz ? 0 : -1;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

int http_is_loopback(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	int yes = 0;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		yes = !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "[::1]");
	curl_free(host);
	curl_url_cleanup(u);
	return yes;
}
