/* api.c — authenticated, rate-limited, retried API calls (see api.h). */
#include "api.h"
#include "xalloc.h"

#include "problem.h"
#include "safefile.h"
#include "sanitize.h"
#include "snapshot.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int rate_wait(struct tt_api *a);
static double mono_now(void);
#include <time.h>
#include <unistd.h>

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleep s seconds, in slices short enough that a cancel (a newer query,
 * session_close) is seen within 50 ms: -1 when cancelled, else 0. A
 * Retry-After: 59 must not keep quit waiting for a minute. */
static int api_sleep(struct tt_api *a, double s)
{
	double end = mono_now() + s;

	for (;;) {
		if (a->http && http_cancelled(a->http))
			return -1;
		double left = end - mono_now();
		if (left <= 0)
			return 0;
		if (left > 0.05)
			left = 0.05;
		struct timespec ts = { 0, (long)(left * 1e9) };
		while (nanosleep(&ts, &ts) != 0)
			;
	}
}

/* The error of a call whose wait was cut short by a cancel. */
static void error_cancelled(struct tt_error *e, struct tt_http_response *resp)
{
	tt_error_set(e, 0, "cancelled");
	if (resp) {
		resp->transport_error = 1;
		resp->cancelled = 1;
	}
}

static void strip_slash(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		s[--n] = '\0';
}

static void shared_init(struct tt_api_shared *s, const struct tt_config *cfg, const struct tt_profile *profile,
			const struct tt_provider *prov)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->token_lock, NULL);
	pthread_mutex_init(&s->token_fetch_lock, NULL);
	s->prov = prov;
	s->profile = profile;
	s->cfg = cfg;
}

/* equal URLs, trailing slashes aside */
static int same_url(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na && a[na - 1] == '/')
		na--;
	while (nb && b[nb - 1] == '/')
		nb--;
	return na == nb && !strncmp(a, b, na);
}

/* A provider file may mark its URLs as stand-ins (placeholder_urls = true;):
 * a profile still on them is refused before any request. */
static int placeholder_check(const struct tt_config *cfg, const struct tt_profile *profile,
			     const struct tt_provider *prov, const char *base, const char *auth, struct tt_error *e)
{
	const char *which = NULL, *url = NULL;

	if (!prov->placeholder_urls)
		return 0;
	if (prov->base_url && same_url(base, prov->base_url))
		which = "base_url", url = prov->base_url;
	else if (prov->auth != AUTH_API_KEY_HEADER && auth && prov->auth_url && same_url(auth, prov->auth_url))
		which = "auth_url", url = prov->auth_url;
	if (!which)
		return 0;
	tt_error_set(e, 0, "%s:%d: profile '%s': %s is the placeholder %s; set base_url (and auth_url) to the values "
		     "from your account manager", cfg->path, profile->line, profile->name, which, url);
	tt_error_hint(e, "%s marks its URLs as placeholders (placeholder_urls = true;)", prov->path);
	return -1;
}

struct body_check {
	const struct tt_provider *prov;
	char unknown[64];
};

static const char *body_check_lookup(void *ud, const char *name)
{
	struct body_check *bc = ud;
	static const char *const known[] = { "api_key", "client_secret", "auth_param", "client_id", "audience" };

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!strcmp(name, known[i]))
			return "x";
	if (!bc->unknown[0])
		snprintf(bc->unknown, sizeof bc->unknown, "%s", name);
	return NULL;
}

/* A profile's auth_body: only known placeholders, and a JSON object once filled in. */
static int check_auth_body(const struct tt_config *cfg, const struct tt_profile *profile,
			   const struct tt_provider *prov, struct tt_error *e)
{
	struct body_check bc = { prov, "" };
	struct strbuf b = { 0 };
	cJSON *j;
	int ok;

	if (prov->auth == AUTH_API_KEY_HEADER) {
		tt_error_set(e, 0, "%s:%d: auth_body has no use with %s: it sends the key in a header, with no token "
			     "request", cfg->path, profile->auth_body_line, prov->name);
		return -1;
	}
	sb_template(&b, profile->auth_body, body_check_lookup, &bc, 1);
	if (bc.unknown[0]) {
		sb_free(&b);
		tt_error_set(e, 0, "%s:%d: auth_body has an unknown placeholder {%s}", cfg->path, profile->auth_body_line,
			     bc.unknown);
		tt_error_hint(e, "placeholders: {api_key}, {auth_param}, {client_id}, {client_secret}, {audience}");
		return -1;
	}
	j = cJSON_Parse(b.s ? b.s : "");
	ok = cJSON_IsObject(j);
	cJSON_Delete(j);
	sb_free(&b);
	if (!ok) {
		tt_error_set(e, 0, "%s:%d: auth_body is not a JSON object", cfg->path, profile->auth_body_line);
		tt_error_hint(e, "e.g. auth_body = \"{\\\"apiKey\\\":\\\"{api_key}\\\",\\\"authParameter\\\":\\\"{auth_param}\\\"}\";");
		return -1;
	}
	return 0;
}

int api_open(struct tt_api_shared *s, const struct tt_config *cfg, const struct tt_profile *profile,
	     const struct tt_provider *prov, const char *log_path, struct tt_error *e)
{
	const char *base = profile->base_url ? profile->base_url : prov->base_url;
	const char *auth = profile->auth_url ? profile->auth_url : prov->auth_url;
	int key_encrypted = 0;

	shared_init(s, cfg, profile, prov);
	if (config_check_context_key(cfg, profile, prov->ctx_word, e))
		return -1;
	if (!base) {
		tt_error_set(e, 0, "%s:%d: profile '%s' needs base_url", cfg->path, profile->line, profile->name);
		return -1;
	}
	snprintf(s->base_url, sizeof s->base_url, "%s", base);
	strip_slash(s->base_url);
	if (placeholder_check(cfg, profile, prov, s->base_url, auth, e))
		return -1;
	if (http_origin(s->base_url, s->base_origin, sizeof s->base_origin)) {
		tt_error_set(e, 0, "%s:%d: base_url '%s' is not a URL", cfg->path, profile->line, base);
		return -1;
	}
	if (strncmp(s->base_origin, "https://", 8) != 0 && !http_is_loopback(s->base_url) && !profile->insecure_http) {
		tt_error_set(e, 0, "%s:%d: base_url is plain http:// on a non-loopback host", cfg->path, profile->line);
		tt_error_hint(e, "use https://, or set insecure_http = true; in the profile if you really mean it");
		return -1;
	}
	if (prov->auth != AUTH_API_KEY_HEADER) {
		if (!auth) {
			tt_error_set(e, 0, "%s:%d: profile '%s' needs auth_url", cfg->path, profile->line, profile->name);
			return -1;
		}
		snprintf(s->auth_url, sizeof s->auth_url, "%s", auth);
		if (http_origin(s->auth_url, s->auth_origin, sizeof s->auth_origin)) {
			tt_error_set(e, 0, "%s:%d: auth_url '%s' is not a URL", cfg->path, profile->line, auth);
			return -1;
		}
		if (strncmp(s->auth_origin, "https://", 8) != 0 && !http_is_loopback(s->auth_url) &&
		    !profile->insecure_http) {
			tt_error_set(e, 0, "%s:%d: auth_url is plain http:// on a non-loopback host", cfg->path,
				     profile->line);
			tt_error_hint(e, "use https://, or set insecure_http = true; in the profile");
			return -1;
		}
	}
	if (profile->auth_body && check_auth_body(cfg, profile, prov, e))
		return -1;
	if (config_check_tls_files(cfg, profile, &key_encrypted, e))
		return -1;
	if (key_encrypted && config_secret(cfg, &profile->client_key_password, "client_key_password", s->key_password,
					   sizeof s->key_password, e))
		return -1;
	switch (prov->auth) {
	case AUTH_OAUTH2_CC:
		if (!profile->client_id) {
			tt_error_set(e, 0, "%s:%d: profile '%s' needs client_id (the %s API key id)", cfg->path,
				     profile->line, profile->name, prov->title);
			return -1;
		}
		snprintf(s->client_id, sizeof s->client_id, "%s", profile->client_id);
		if (config_secret(cfg, &profile->client_secret, "client_secret", s->secret, sizeof s->secret, e))
			return -1;
		break;
	case AUTH_API_KEY_HEADER:
		if (config_secret(cfg, &profile->api_key, "api_key", s->secret, sizeof s->secret, e))
			return -1;
		break;
	case AUTH_API_KEY_JWT:
		if (config_secret(cfg, &profile->api_key, "api_key", s->secret, sizeof s->secret, e))
			return -1;
		if ((profile->auth_param.value || profile->auth_param.env || profile->auth_param.command) &&
		    config_secret(cfg, &profile->auth_param, "auth_param", s->auth_param, sizeof s->auth_param, e))
			return -1;
		break;
	}
	if (strpbrk(s->secret, "\r\n")) {
		tt_error_set(e, 0, "%s: the secret of profile '%s' contains a line break", cfg->path, profile->name);
		return -1;
	}
	if (log_path) {
		/* 0600, never through a symbolic link, never another user's file */
		int fd = safefile_open_write(log_path, 1, e);
		if (fd < 0 || !(s->log = fdopen(fd, "a"))) {
			if (fd >= 0) {
				close(fd);
				tt_error_set(e, 0, "cannot open the request log %s", log_path);
			}
			tt_error_prefix(e, "--log");
			return -1;
		}
	}
	s->rl_tokens = prov->burst > 0 ? prov->burst : 1;
	s->rl_last = mono_now();
	if (profile->organization)
		snprintf(s->owner_id, sizeof s->owner_id, "%s", profile->organization);
	return 0;
}

void api_close(struct tt_api_shared *s)
{
	secret_wipe(s->secret, sizeof s->secret);
	secret_wipe(s->auth_param, sizeof s->auth_param);
	secret_wipe(s->key_password, sizeof s->key_password);
	secret_wipe(s->token, sizeof s->token);
	if (s->log)
		fclose(s->log);
	s->log = NULL;
	snapshot_close(s->snap_out);
	snapshot_close(s->snap_in);
	s->snap_out = s->snap_in = NULL;
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->token_lock);
	pthread_mutex_destroy(&s->token_fetch_lock);
}

/* The profile's TLS settings, for every connection of every thread (token requests included). */
static struct tt_http_tls profile_tls(const struct tt_api_shared *s)
{
	struct tt_http_tls t = { s->profile->ca_file, s->profile->client_cert, s->profile->client_key,
				 s->key_password[0] ? s->key_password : NULL };
	return t;
}

int api_thread_init(struct tt_api *a, struct tt_api_shared *s, struct tt_error *e)
{
	struct tt_http_tls tls = profile_tls(s);

	a->s = s;
	api_own_context(s, &a->ctx);
	a->http = http_new(&tls, s->cancel, e);
	if (a->http && s->cancel)
		api_set_cancel_value(a, __atomic_load_n(s->cancel, __ATOMIC_ACQUIRE));
	return a->http ? 0 : -1;
}

int api_thread_init_uncancelled(struct tt_api *a, struct tt_api_shared *s, struct tt_error *e)
{
	struct tt_http_tls tls = profile_tls(s);

	a->s = s;
	api_own_context(s, &a->ctx);
	a->cancel_value = 0;
	a->http = http_new(&tls, NULL, e);
	return a->http ? 0 : -1;
}

int api_thread_init_own_cancel(struct tt_api *a, struct tt_api_shared *s, const unsigned *cancel,
			       struct tt_error *e)
{
	struct tt_http_tls tls = profile_tls(s);

	a->s = s;
	api_own_context(s, &a->ctx);
	a->http = http_new(&tls, cancel, e);
	a->cancel_value = cancel ? __atomic_load_n(cancel, __ATOMIC_ACQUIRE) : 0;
	return a->http ? 0 : -1;
}

void api_set_cancel_value(struct tt_api *a, unsigned value)
{
	a->cancel_value = value;
	http_set_cancel_value(a->http, value);
}

void api_thread_free(struct tt_api *a)
{
	http_free(a->http);
	a->http = NULL;
}

/* ---------- request log ---------- */

/* An absolute http(s) URL: the scheme is case-insensitive (RFC 3986 3.1). */
static int is_absolute(const char *u)
{
	return !strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8);
}

/* Scheme and host of an absolute URL in lower case, as RFC 3986 6.2.2.1
 * normalises them: a server's HTTP://HOST/ next link is the same origin, and
 * the origin check, the snapshot and the log compare the normalised text. */
static void lower_origin_part(char *u)
{
	char *p = strstr(u, "://");

	if (!p)
		return;
	for (char *c = u, *end = p + 3 + strcspn(p + 3, "/?#"); c < end; c++)
		*c = (char)tolower((unsigned char)*c);
}

static void log_request(struct tt_api_shared *s, const char *method, const char *url, const struct tt_http_response *r,
			int attempt, const struct tt_error *e)
{
	struct tt_reqlog_entry ent = { 0 };
	const char *p = url;

	ent.when = wall_now();
	snprintf(ent.method, sizeof ent.method, "%s", method);
	if (is_absolute(p)) {
		p = strstr(p, "://") + 3;
		p = strchr(p, '/');
		if (!p)
			p = "/";
	}
	sanitize_text(p, strlen(p), ent.path, sizeof ent.path);
	ent.status = r ? r->status : 0;
	ent.ms = r ? r->ms : 0;
	ent.bytes = r ? r->len : 0;
	ent.attempt = attempt;
	if (r && r->request_id[0])
		sanitize_text(r->request_id, strlen(r->request_id), ent.request_id, sizeof ent.request_id);
	if (e && e->message[0])
		sanitize_text(e->message, strlen(e->message), ent.detail, sizeof ent.detail);
	pthread_mutex_lock(&s->lock);
	if (s->log) {
		fprintf(s->log, "%.3f %s %s status=%ld ms=%.0f bytes=%zu attempt=%d request_id=%s%s%s\n", ent.when,
			ent.method, ent.path, ent.status, ent.ms, ent.bytes, ent.attempt,
			ent.request_id[0] ? ent.request_id : "-", ent.detail[0] ? " detail=" : "", ent.detail);
		fflush(s->log);
	}
	pthread_mutex_unlock(&s->lock);
	if (s->on_request)
		s->on_request(s->on_request_ud, &ent);
}

/* ---------- tokens ---------- */

/* 1 when body[0..len) holds secret (at least 4 bytes), as sent or JSON-escaped
 * (the way a request body carried it). */
static int body_quotes(const char *body, size_t len, const char *secret)
{
	size_t n = strlen(secret);
	int hit = 0;

	if (!body || n < 4)
		return 0;
	if (memmem(body, len, secret, n))
		return 1;
	struct strbuf esc = { 0 };
	sb_add_json_escaped(&esc, secret);
	if (esc.len != n)
		hit = memmem(body, len, esc.s, esc.len) != NULL;
	secret_wipe(esc.s, esc.len);
	sb_free(&esc);
	return hit;
}

/* 1 when an error body quotes a credential we sent: the API key or client
 * secret, the auth parameter, or token (may be NULL). Such a body is never
 * quoted in an error: it would carry the secret to the terminal and the logs. */
static int quotes_credentials(const struct tt_api_shared *s, const char *body, size_t len, const char *token)
{
	return body_quotes(body, len, s->secret) || body_quotes(body, len, s->auth_param) ||
	       (token && body_quotes(body, len, token));
}

/* The error for an HTTP error answer: the server's own words, unless they
 * quote a credential; then only the status (and the generic hint). */
static void error_from_answer(const struct tt_api_shared *s, const struct tt_http_response *r, const char *what,
			      const char *token, struct tt_error *e)
{
	if (!quotes_credentials(s, r->body, r->len, token)) {
		problem_from_response_hinted(r->status, r->content_type, r->body, r->len, what, s->prov->hints,
					     s->prov->nhints, e);
		return;
	}
	problem_from_response_hinted(r->status, r->content_type, NULL, 0, what, s->prov->hints, s->prov->nhints, e);
	size_t n = strlen(e->message);
	snprintf(e->message + n, sizeof e->message - n, " (the answer quotes the credentials sent, so it is not shown)");
}

/* A request that ran into page_timeout or token_timeout: say which. */
static void error_timed_out(struct tt_error *e, const char *what, const char *which_request, enum tt_limit limit,
			    long secs)
{
	tt_error_set(e, 0, "%s: the %s took longer than %s (%ld s)", what, which_request, config_limit_name(limit), secs);
	if (limit == TT_LIMIT_TOKEN_TIMEOUT)
		tt_error_hint(e, "the token endpoint (auth_url) did not answer in time; if it is only slow, raise "
			      "token_timeout in the configuration");
	else
		tt_error_hint(e, "the server sent too slowly; if it is only slow, raise page_timeout in the "
			      "configuration, or ask for smaller pages (--limit)");
}

static const char *tmpl_lookup(void *ud, const char *name)
{
	struct tt_api_shared *s = ud;

	if (!strcmp(name, "api_key") || !strcmp(name, "client_secret"))
		return s->secret;
	if (!strcmp(name, "auth_param"))
		return s->auth_param;
	if (!strcmp(name, "client_id"))
		return s->client_id;
	if (!strcmp(name, "audience"))
		return s->prov->audience ? s->prov->audience : "";
	return "";
}

/* exp claim of a JWT, or 0. */
static double jwt_exp(const char *jwt)
{
	const char *p = strchr(jwt, '.'), *q;
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char out[2048];
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	double exp = 0;

	if (!p || !(q = strchr(p + 1, '.')))
		return 0;
	for (const char *c = p + 1; c < q && o < sizeof out - 1; c++) {
		const char *k = strchr(tbl, *c == '+' ? '-' : *c == '/' ? '_' : *c);
		if (!k || !*c)
			break;
		acc = (acc << 6) | (unsigned)(k - tbl);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	out[o] = '\0';
	cJSON *j = cJSON_Parse(out);
	cJSON *x = cJSON_GetObjectItemCaseSensitive(j, "exp");
	if (cJSON_IsNumber(x))
		exp = x->valuedouble;
	cJSON_Delete(j);
	return exp;
}

/* Fetch a token into out: network I/O, retries and sleeps, so the caller holds
 * no lock but token_fetch_lock (the shared token) or none (a fresh token). */
static int fetch_token(struct tt_api *a, char *out, size_t outsz, double *expires, struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	struct strbuf body = { 0 };
	struct tt_http_response r = { 0 };
	const char *hdrs[] = { NULL };
	int rc = -1;

	const char *tmpl = s->profile->auth_body ? s->profile->auth_body : s->prov->auth_body;

	if (s->prov->auth == AUTH_OAUTH2_CC && !tmpl) {
		sb_adds(&body, "{\"grant_type\":\"client_credentials\",\"audience\":\"");
		sb_add_json_escaped(&body, s->prov->audience ? s->prov->audience : "");
		sb_adds(&body, "\",\"client_id\":\"");
		sb_add_json_escaped(&body, s->client_id);
		sb_adds(&body, "\",\"client_secret\":\"");
		sb_add_json_escaped(&body, s->secret);
		sb_adds(&body, "\"}");
	} else {
		sb_template(&body, tmpl ? tmpl : "{}", tmpl_lookup, s, 1);
	}
	long limit = config_limit(s->cfg, TT_LIMIT_TOKEN_TIMEOUT);
	for (int attempt = 0;; attempt++) {
		struct tt_error te = { 0 };
		if (rate_wait(a)) { /* token calls count against a shared limit too (partner API) */
			error_cancelled(e, NULL);
			goto out;
		}
		http_set_timeout(a->http, limit * 1000);
		if (http_perform(a->http, "POST", s->auth_url, hdrs, body.s, &r, &te) == 0 && r.status >= 200 &&
		    r.status < 300) {
			log_request(s, "POST", s->auth_url, &r, attempt, NULL);
			break;
		}
		if (r.timed_out) {
			char what[300];
			snprintf(what, sizeof what, "POST %s", s->auth_origin);
			error_timed_out(&te, what, "token request", TT_LIMIT_TOKEN_TIMEOUT, limit);
		} else if (!r.transport_error)
			error_from_answer(s, &r, "token request", NULL, &te);
		else
			tt_error_prefix(&te, "token request to %s", s->auth_origin);
		log_request(s, "POST", s->auth_url, r.transport_error ? NULL : &r, attempt, &te);
		int again = attempt < 3 && ((r.transport_error && r.retryable) || r.status == 429 || r.status >= 500);
		if (!again) {
			*e = te;
			goto out;
		}
		if (api_sleep(a, r.retry_after >= 0 ? (r.retry_after > 30 ? 30 : r.retry_after) : 0.2 * (1 << attempt))) {
			error_cancelled(e, NULL);
			goto out;
		}
	}
	cJSON *j = cJSON_ParseWithLength(r.body, r.len);
	const char *tok = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, s->prov->token_field));
	cJSON *ttl = cJSON_GetObjectItemCaseSensitive(j, "expires_in");
	if (!tok || !*tok || strlen(tok) >= outsz || strpbrk(tok, "\r\n ")) {
		tt_error_set(e, (int)r.status, "token request: the answer has no usable '%s' field", s->prov->token_field);
	} else {
		double life = cJSON_IsNumber(ttl) ? ttl->valuedouble : 0;
		if (life <= 0) {
			double exp = jwt_exp(tok);
			life = exp > 0 ? exp - wall_now() : 3600;
		}
		strcpy(out, tok);
		*expires = mono_now() + life;
		rc = 0;
	}
	if (j) {
		cJSON *t = cJSON_GetObjectItemCaseSensitive(j, s->prov->token_field);
		if (cJSON_IsString(t) && t->valuestring)
			secret_wipe(t->valuestring, strlen(t->valuestring));
	}
	cJSON_Delete(j);
out:
	if (r.body)
		secret_wipe(r.body, r.len);
	http_response_free(&r);
	secret_wipe(body.s, body.len);
	sb_free(&body);
	return rc;
}

/* The cached token into hdr when it is still good: 1, else 0. Under the short token_lock. */
static int token_copy(struct tt_api_shared *s, char *hdr, size_t hdrsz, unsigned *serial)
{
	int ok;

	pthread_mutex_lock(&s->token_lock);
	/* renew 60 s before expiry, or a quarter of the lifetime for short-lived tokens */
	ok = s->token[0] && mono_now() <= s->token_expires - s->token_margin;
	if (ok) {
		snprintf(hdr, hdrsz, "Authorization: Bearer %s", s->token);
		*serial = s->token_serial;
	}
	pthread_mutex_unlock(&s->token_lock);
	return ok;
}

/* Put "Authorization: Bearer …" or the key header into hdr. */
static int auth_header(struct tt_api *a, int fresh, char *hdr, size_t hdrsz, unsigned *serial, struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	int rc = 0;

	if (s->prov->auth == AUTH_API_KEY_HEADER) {
		snprintf(hdr, hdrsz, "%s: %s", s->prov->key_header, s->secret);
		return 0;
	}
	if (fresh) {
		/* a JWT for this call only: nothing shared, no lock */
		char tok[8192];
		double exp;
		rc = fetch_token(a, tok, sizeof tok, &exp, e);
		if (!rc)
			snprintf(hdr, hdrsz, "Authorization: Bearer %s", tok);
		secret_wipe(tok, sizeof tok);
		*serial = 0;
		return rc;
	}
	if (token_copy(s, hdr, hdrsz, serial))
		return 0;
	/* single flight: one thread fetches, the others wait here (not on
	 * token_lock, which the UI takes for api_token_remaining) and then find
	 * the new token */
	pthread_mutex_lock(&s->token_fetch_lock);
	if (token_copy(s, hdr, hdrsz, serial)) {
		pthread_mutex_unlock(&s->token_fetch_lock);
		return 0;
	}
	char tok[8192];
	double expires = 0;
	rc = fetch_token(a, tok, sizeof tok, &expires, e);
	pthread_mutex_lock(&s->token_lock);
	if (!rc) {
		snprintf(s->token, sizeof s->token, "%s", tok);
		s->token_expires = expires;
		s->token_serial++;
		double life = expires - mono_now();
		s->token_margin = life / 4 < 60 ? life / 4 : 60;
		snprintf(hdr, hdrsz, "Authorization: Bearer %s", s->token);
	} else {
		s->token[0] = '\0';
	}
	*serial = s->token_serial;
	pthread_mutex_unlock(&s->token_lock);
	pthread_mutex_unlock(&s->token_fetch_lock);
	secret_wipe(tok, sizeof tok);
	return rc;
}

static void token_invalidate(struct tt_api_shared *s, unsigned serial)
{
	pthread_mutex_lock(&s->token_lock);
	if (s->token_serial == serial)
		s->token[0] = '\0';
	pthread_mutex_unlock(&s->token_lock);
}

double api_token_remaining(struct tt_api_shared *s)
{
	double r = -1;

	pthread_mutex_lock(&s->token_lock);
	if (s->prov->auth != AUTH_API_KEY_HEADER && s->token[0])
		r = s->token_expires - mono_now();
	pthread_mutex_unlock(&s->token_lock);
	return r;
}

/* ---------- rate limit ---------- */

static int rate_wait(struct tt_api *a)
{
	struct tt_api_shared *s = a->s;
	double wait = 0;

#ifdef TT_MUTANT_RATE_LIMIT /* defence: the client-side rate limiter; the mutant never waits */
	return 0;
#endif
	if (s->prov->rate <= 0)
		return 0;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		double now = mono_now(), cap = s->prov->burst > 0 ? s->prov->burst : 1;
		s->rl_tokens += (now - s->rl_last) * s->prov->rate;
		if (s->rl_tokens > cap)
			s->rl_tokens = cap;
		s->rl_last = now;
		if (s->rl_tokens >= 1) {
			s->rl_tokens -= 1;
			pthread_mutex_unlock(&s->lock);
			return 0;
		}
		wait = (1 - s->rl_tokens) / s->prov->rate;
		pthread_mutex_unlock(&s->lock);
		if (api_sleep(a, wait))
			return -1;
	}
}

/* ---------- calls ---------- */

static double backoff(int attempt)
{
	double base = 0.25 * (double)(1u << (attempt < 6 ? attempt : 6));
	if (base > 8)
		base = 8;
	return base * (0.5 + (double)rand() / RAND_MAX * 0.5); /* jitter */
}

/* ---------- snapshots (--snapshot records, --open replays) ---------- */

/* url relative to base_url when it lies under it: what a snapshot keys on */
static const char *snapshot_path_of(const struct tt_api_shared *s, const char *url)
{
	size_t n = strlen(s->base_url);
	return strncmp(url, s->base_url, n) == 0 ? url + n : url;
}

static int replay(struct tt_api *a, const char *method, const char *url, struct tt_http_response *resp,
		  struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	const char *ctype, *body;
	size_t len;
	long status;

	http_response_reset(resp);
	if (strcmp(method, "GET") != 0) {
		tt_error_set(e, 0, "%s refused: this is a snapshot, opened read-only", method);
		tt_error_hint(e, "writes need the live API: run thingtop without --open");
		log_request(s, method, url, NULL, 0, e);
		return -1;
	}
	if (snapshot_lookup(s->snap_in, method, snapshot_path_of(s, url), a->ctx.value, &status, &ctype, &body, &len,
			    e)) {
		log_request(s, method, url, NULL, 0, e);
		return -1;
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	free(resp->body);
	resp->body = copy;
	resp->len = len;
	resp->cap = len + 1;
	resp->status = status;
	snprintf(resp->content_type, sizeof resp->content_type, "%s", ctype);
	log_request(s, method, url, resp, 0, NULL);
	return 0;
}

int api_open_replay(struct tt_api_shared *s, const struct tt_config *cfg, const struct tt_profile *profile,
		    const struct tt_provider *prov, struct snapshot *snap, struct tt_error *e)
{
	shared_init(s, cfg, profile, prov);
	s->snap_in = snap;
	snprintf(s->base_url, sizeof s->base_url, "%s", profile->base_url ? profile->base_url : "");
	strip_slash(s->base_url);
	if (http_origin(s->base_url, s->base_origin, sizeof s->base_origin)) {
		tt_error_set(e, 0, "%s:1: the snapshot's base_url is not a URL", cfg->path);
		return -1;
	}
	if (profile->organization)
		snprintf(s->owner_id, sizeof s->owner_id, "%s", profile->organization);
	return 0;
}

const char *api_initial_context(const struct tt_api_shared *s, const struct tt_options *o)
{
	if (o->context)
		return o->context;
	if (s->snap_in && *snapshot_first_context(s->snap_in))
		return snapshot_first_context(s->snap_in);
	return s->prov->ctx != CTX_NONE ? s->profile->context : NULL;
}

struct tt_config *api_load_config(const struct tt_options *o, struct tt_error *e)
{
	return o->open_path ? snapshot_read_config(o->open_path, e) : config_load(o->config_path, e);
}

int api_open_for(struct tt_api_shared *s, const struct tt_config *cfg, const struct tt_profile *profile,
		 const struct tt_provider *prov, const struct tt_options *o, struct tt_error *e)
{
	if (o->open_path) {
		struct snapshot *snap = snapshot_load(o->open_path, e);
		if (!snap)
			return -1;
		if (api_open_replay(s, cfg, profile, prov, snap, e)) {
			snapshot_close(snap);
			s->snap_in = NULL;
			return -1;
		}
		return 0;
	}
	if (api_open(s, cfg, profile, prov, o->log_path, e))
		return -1;
	if (o->snapshot_path && !(s->snap_out = snapshot_create(o->snapshot_path, profile, s->base_url, e))) {
		api_close(s);
		return -1;
	}
	return 0;
}

int api_call(struct tt_api *a, const char *method, const char *url_or_path, const char *body, int flags,
	     struct tt_http_response *resp, struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	struct strbuf url = { 0 };
	char origin[256], authh[8400], ctxh[300];
	const char *hdrs[4];
	int is_get = !strcmp(method, "GET"), refreshed = 0, rc = -1;
	int max_attempts = (flags & API_NO_RETRY) ? 1 : 6;
	long page_limit = config_limit(s->cfg, TT_LIMIT_PAGE_TIMEOUT);
	char what[320];

	if (is_absolute(url_or_path)) {
		sb_adds(&url, url_or_path);
		lower_origin_part(url.s);
	} else {
		sb_adds(&url, s->base_url);
		sb_adds(&url, url_or_path);
	}
	int unparsable = http_origin(url.s, origin, sizeof origin) != 0;
	if (unparsable || strcmp(origin, s->base_origin) != 0) {
		/* an unparsable URL has no origin: name the URL itself (origin is unset then) */
		const char *shown = unparsable ? url.s : origin;
#ifdef TT_MUTANT_ORIGIN_PIN /* defence: credentials go only to the configured origin; the mutant goes anywhere */
		(void)shown;
	}
	if (0) {
		const char *shown = url.s;
#endif
		char clean[256];
		sanitize_text(shown, strnlen(shown, 200), clean, sizeof clean);
		if (unparsable)
			tt_error_set(e, 0, "refusing to send credentials to '%s': not a URL whose origin can be checked "
				     "against %s", clean, s->base_origin);
		else
			tt_error_set(e, 0, "refusing to send credentials to %s: the server pointed outside %s", clean,
				     s->base_origin);
		tt_error_hint(e, "a next link or redirect to another origin is never followed; check base_url");
		log_request(s, method, url.s, NULL, 0, e);
		sb_free(&url);
		return -1;
	}
	snprintf(what, sizeof what, "%s %.300s", method, url.s + strlen(s->base_url));
	if (s->snap_in) {
		rc = replay(a, method, url.s, resp, e);
		sb_free(&url);
		return rc;
	}
	for (int attempt = 0; attempt < max_attempts; attempt++) {
		unsigned serial = 0;
		int n = 0;

		/* wait for the rate limiter first: a token taken before a long wait
		 * could expire in the queue */
		if (rate_wait(a)) {
			error_cancelled(e, resp);
			break;
		}
		if (auth_header(a, (flags & API_FRESH_TOKEN) != 0, authh, sizeof authh, &serial, e))
			break;
		hdrs[n++] = authh;
#ifndef TT_MUTANT_CONTEXT_HEADER /* defence: every call in a context carries its header; the mutant drops it */
		if (s->prov->ctx == CTX_HEADER && a->ctx.value[0]) {
			snprintf(ctxh, sizeof ctxh, "%s: %s", s->prov->ctx_header, a->ctx.value);
			hdrs[n++] = ctxh;
		}
#else
		(void)ctxh;
#endif
		hdrs[n] = NULL;
		struct tt_error te = { 0 };
		http_set_timeout(a->http, page_limit * 1000);
		int prc = http_perform(a->http, method, url.s, hdrs, body, resp, &te);
		/* an error answer that quotes the key or token is never quoted back */
		const char *sent = strchr(authh, ':');
		sent = sent ? sent + 1 + strspn(sent + 1, " ") : NULL;
		if (sent && !strncmp(sent, "Bearer ", 7))
			sent += 7;
		int quoted = prc == 0 && (resp->status < 200 || resp->status >= 300) &&
			     quotes_credentials(s, resp->body, resp->len, sent);
		secret_wipe(authh, sizeof authh);
		if (prc == 0 && resp->status >= 200 && resp->status < 300) {
			log_request(s, method, url.s, resp, attempt, NULL);
			if (s->snap_out && is_get)
				snapshot_record(s->snap_out, method, snapshot_path_of(s, url.s), a->ctx.value, a->ctx.id,
						resp->status, resp->content_type, resp->body, resp->len);
			rc = 0;
			break;
		}
		if (prc != 0 && resp->timed_out) {
			error_timed_out(&te, what, is_get ? "page" : "request", TT_LIMIT_PAGE_TIMEOUT, page_limit);
			log_request(s, method, url.s, NULL, attempt, &te);
			*e = te;
			break; /* a server this slow would only be as slow again */
		}
		if (prc != 0) {
			if (resp->retryable && !te.hint[0])
				tt_error_hint(&te, "the connection failed or was cut off mid-response%s",
					      is_get ? " on every attempt" : " (not retried: the request is not idempotent)");
			tt_error_prefix(&te, "%s", what);
			log_request(s, method, url.s, NULL, attempt, &te);
			*e = te;
			if (resp->cancelled)
				break;
			if (resp->retryable && is_get && attempt + 1 < max_attempts) {
				__atomic_add_fetch(&s->retries, 1, __ATOMIC_RELAXED);
				if (api_sleep(a, backoff(attempt))) {
					error_cancelled(e, resp);
					break;
				}
				continue;
			}
			break;
		}
		problem_from_response_hinted(resp->status, resp->content_type, quoted ? NULL : resp->body,
					     quoted ? 0 : resp->len, what, s->prov->hints, s->prov->nhints, &te);
		if (quoted) {
			size_t k = strlen(te.message);
			snprintf(te.message + k, sizeof te.message - k,
				 " (the answer quotes the credentials sent, so it is not shown)");
		}
		log_request(s, method, url.s, resp, attempt, &te);
		*e = te;
#ifdef TT_MUTANT_TOKEN_REFRESH /* defence: a 401 on a cached token fetches a new one once; the mutant gives up */
		refreshed = 1;
#endif
		if ((resp->status == 401 || (resp->status == 302 && s->prov->auth == AUTH_OAUTH2_CC)) &&
		    s->prov->auth != AUTH_API_KEY_HEADER && !refreshed && !(flags & API_FRESH_TOKEN)) {
			refreshed = 1;
			token_invalidate(s, serial);
			attempt--; /* a token refresh is not a retry */
			continue;
		}
		if (resp->status == 429 || resp->status == 503) {
			double wait = resp->retry_after >= 0 ? resp->retry_after : backoff(attempt);
#ifdef TT_MUTANT_RETRY_AFTER /* defence: a 429/503 waits as long as Retry-After says; the mutant backs off its own way */
			wait = backoff(attempt);
#endif
			if (wait > 60)
				break; /* the server wants a long pause: report instead of hanging */
			__atomic_add_fetch(&s->retries, 1, __ATOMIC_RELAXED);
			if (api_sleep(a, wait)) { /* quit or a newer query must not wait out a Retry-After */
				error_cancelled(e, resp);
				break;
			}
			continue;
		}
		if (resp->status >= 500 && is_get && attempt + 1 < max_attempts) {
			__atomic_add_fetch(&s->retries, 1, __ATOMIC_RELAXED);
			if (api_sleep(a, backoff(attempt))) {
				error_cancelled(e, resp);
				break;
			}
			continue;
		}
		break;
	}
	sb_free(&url);
	return rc;
}

/* ---------- context ---------- */

static int is_uuid(const char *s)
{
	static const char pat[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++)
		if (pat[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int is_hex16(const char *s)
{
	if (strlen(s) != 16)
		return 0;
	for (int i = 0; i < 16; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A tenant id in the provider's format (context.validate); 1 when none is set. */
static int id_ok(const struct tt_provider *pv, const char *id)
{
	static const struct { const char *name; int (*fn)(const char *); } formats[] = {
		{ "uuid", is_uuid }, { "hex16", is_hex16 },
	};
	for (size_t i = 0; pv->ctx_validate && i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(pv->ctx_validate, formats[i].name))
			return formats[i].fn(id);
	return *id != '\0';
}

static const char *format_words(const struct tt_provider *pv)
{
	if (!pv->ctx_validate)
		return "an id";
	if (!strcmp(pv->ctx_validate, "uuid"))
		return "a UUID (8-4-4-4-12 hex)";
	if (!strcmp(pv->ctx_validate, "hex16"))
		return "an id of 16 hex digits";
	return "an id";
}

int api_owner(struct tt_api *a, struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	struct tt_http_response r = { 0 };
	struct strbuf path = { 0 };
	int rc = -1;

	if (s->owner_id[0] || !s->prov->org_lookup)
		return 0;
	sb_addf(&path, "%s?%s=1", s->prov->org_lookup, s->prov->limit_param);
	if (api_call(a, "GET", path.s, NULL, 0, &r, e) == 0) {
		cJSON *j = cJSON_ParseWithLength(r.body, r.len);
		cJSON *items = cJSON_GetObjectItemCaseSensitive(j, s->prov->items);
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "id"));
		if (id && *id && strlen(id) < sizeof s->owner_id && !strpbrk(id, "/?&#% \r\n")) {
			snprintf(s->owner_id, sizeof s->owner_id, "%s", id);
			rc = 0;
		} else {
			tt_error_set(e, 0, "the API key sees no organization");
			tt_error_hint(e, "set organization = \"…\"; in the profile");
		}
		cJSON_Delete(j);
	}
	http_response_free(&r);
	sb_free(&path);
	return rc;
}

/* Call fn for each tenant in the provider's list of tenants (context.names:
 * akenza's workspaces of the organization), in the list's order. */
static int each_listed_context(struct tt_api *a, void (*fn)(void *ud, const char *name, const char *id), void *ud,
			       struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	const struct tt_provider *pv = s->prov;
	struct tt_http_response r = { 0 };
	struct strbuf path = { 0 };
	int rc = -1;

	sb_addf(&path, "%s?%s=%d", pv->ctx_names_path, pv->limit_param, pv->max_limit);
	if (pv->ctx_names_owner) {
		if (api_owner(a, e))
			return -1;
		sb_addf(&path, "&%s=", pv->ctx_names_owner);
		sb_add_url_escaped(&path, s->owner_id);
	}
	if (api_call(a, "GET", path.s, NULL, 0, &r, e) == 0) {
		cJSON *j = cJSON_ParseWithLength(r.body, r.len), *it;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, pv->items)) {
			const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "name"));
			const char *i = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
			if (n && i && id_ok(pv, i))
				fn(ud, n, i);
		}
		cJSON_Delete(j);
		rc = 0;
	}
	http_response_free(&r);
	sb_free(&path);
	return rc;
}

struct name_search {
	const char *name;
	char *id;
	size_t idsz;
	int found;
	char names[400];
};

static void match_name(void *ud, const char *name, const char *id)
{
	struct name_search *ns = ud;
	size_t k = strlen(ns->names);

	if (!ns->found && !strcasecmp(name, ns->name)) {
		snprintf(ns->id, ns->idsz, "%s", id);
		ns->found = 1;
	}
	snprintf(ns->names + k, sizeof ns->names - k, "%s%s", k ? ", " : "", name);
}

/* Find a tenant's id by its name in the provider's list of tenants. */
static int lookup_context_name(struct tt_api *a, const char *name, char *id, size_t idsz, struct tt_error *e)
{
	struct name_search ns = { .name = name, .id = id, .idsz = idsz };
	const char *word = a->s->prov->ctx_word;

	if (each_listed_context(a, match_name, &ns, e))
		return -1;
	if (ns.found)
		return 0;
	char clean[160];
	sanitize_text(name, strlen(name), clean, sizeof clean);
	tt_error_set(e, 0, "no %s named '%s'", word, clean);
	sanitize_text(ns.names, strlen(ns.names), clean, sizeof clean);
	tt_error_hint(e, "%ss: %s", word, clean);
	return -1;
}

struct id_search {
	const char *id;
	char name[160];
};

static void match_id(void *ud, const char *name, const char *id)
{
	struct id_search *is = ud;
	if (!is->name[0] && !strcmp(id, is->id))
		snprintf(is->name, sizeof is->name, "%s", name);
}

void api_name_context(struct tt_api *a, struct tt_ctx *c)
{
	const struct tt_provider *pv = a->s->prov;
	char given[sizeof c->label + 80], raw[sizeof given];
	struct id_search is = { .id = c->id };
	struct tt_error e = { 0 };

	if (!c->id[0] || !pv->ctx_names_path || a->s->snap_in)
		return;
	/* only a tenant given by its id: api_resolve_context labelled it "word id" */
	snprintf(raw, sizeof raw, "%s %s", pv->ctx_word, c->id);
	sanitize_text(raw, strlen(raw), given, sizeof given);
	if (strcmp(c->label, given) != 0)
		return;
	if (each_listed_context(a, match_id, &is, &e) == 0 && is.name[0])
		sanitize_text(is.name, strlen(is.name), c->label, sizeof c->label);
}

int api_list_contexts(struct tt_api *a, void (*fn)(void *ud, const char *name, const char *id), void *ud,
		      struct tt_error *e)
{
	const struct tt_profile *p = a->s->profile;

	if (a->s->prov->ctx == CTX_NONE) {
		tt_error_set(e, 0, "%s has no %s to select", a->s->prov->title, a->s->prov->ctx_word);
		return -1;
	}
	if (p->ncustomers) {
		for (int i = 0; i < p->ncustomers; i++)
			fn(ud, p->customers[i].name, p->customers[i].id);
		return 0;
	}
	if (a->s->prov->ctx_names_path)
		return each_listed_context(a, fn, ud, e);
	tt_error_set(e, 0, "profile '%s' lists no %ss", p->name, a->s->prov->ctx_word);
	tt_error_hint(e, "add customers = ( { name = \"…\"; id = \"…\"; } ); to the profile");
	return -1;
}

void api_own_context(const struct tt_api_shared *s, struct tt_ctx *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->label, sizeof out->label, "%s", s->prov->ctx == CTX_NONE ? "-" : "own account");
}

void api_use_context(struct tt_api *a, const struct tt_ctx *ctx)
{
	a->ctx = *ctx;
}

int api_set_context(struct tt_api *a, const char *context, struct tt_error *e)
{
	struct tt_ctx c;

	if (api_resolve_context(a, context, &c, e))
		return -1;
	api_use_context(a, &c);
	return 0;
}

int api_resolve_context(struct tt_api *a, const char *context, struct tt_ctx *out, struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	const struct tt_profile *p = s->profile;
	char id[64] = "", label[160] = "";

	if (!context || !*context) {
		api_own_context(s, out);
		return 0;
	}
	if (strpbrk(context, "\r\n")) {
		tt_error_set(e, 0, "the context may not contain line breaks");
		return -1;
	}
	if (s->prov->ctx == CTX_NONE) {
		tt_error_set(e, 0, "%s has no %s to select", s->prov->title, s->prov->ctx_word);
		return -1;
	}
	/* a configured tenant by name or id; else an id in the provider's format;
	 * else a name the provider's list of tenants knows (context.names) */
	const struct tt_provider *pv = s->prov;
	for (int i = 0; i < p->ncustomers; i++) {
		if (!strcasecmp(p->customers[i].name, context) || !strcasecmp(p->customers[i].id, context)) {
			snprintf(id, sizeof id, "%s", p->customers[i].id);
			snprintf(label, sizeof label, "%s", p->customers[i].name);
			break;
		}
	}
	if (!id[0] && pv->ctx_validate && id_ok(pv, context)) {
		snprintf(id, sizeof id, "%s", context);
		snprintf(label, sizeof label, "%s %s", pv->ctx_word, context);
	}
	if (!id[0] && !pv->ctx_validate) {
		snprintf(id, sizeof id, "%s", context);
		snprintf(label, sizeof label, "%s", context);
	}
	if (!id[0] && pv->ctx_names_path) {
		if (lookup_context_name(a, context, id, sizeof id, e))
			return -1;
		snprintf(label, sizeof label, "%s", context);
	}
	if (!id[0] || !id_ok(pv, id)) {
		char clean[160], names[400] = "";
		sanitize_text(context, strlen(context), clean, sizeof clean);
		for (int i = 0; i < p->ncustomers; i++) {
			size_t k = strlen(names);
			snprintf(names + k, sizeof names - k, "%s%s", k ? ", " : "", p->customers[i].name);
		}
		tt_error_set(e, 0, "'%s' is neither a configured %s nor %s", clean, pv->ctx_word, format_words(pv));
		if (names[0])
			tt_error_hint(e, "configured %ss: %s", pv->ctx_word, names);
		else
			tt_error_hint(e, "add customers = ( { name = \"…\"; id = \"…\"; } ); to the profile");
		return -1;
	}

	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", id);
	snprintf(out->value, sizeof out->value, s->prov->ctx_template ? s->prov->ctx_template : "%s", id);
	sanitize_text(label, strlen(label), out->label, sizeof out->label);
	return 0;
}
