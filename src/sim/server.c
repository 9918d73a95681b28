/* server.c — thingtop-sim's process: options, the libmicrohttpd server, the
 * request life cycle (body collection, latency, faults, routing to the API
 * modules), the request log, and token issuing/checking. */
#include "sim.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <gnutls/gnutls.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct sim g_sim;

double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int parse_iso_time(const char *s, int64_t *out)
{
	struct tm tm = { 0 };
	const char *p;
	int off = 0;

	if (!s || !*s)
		return -1;
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p) {
		memset(&tm, 0, sizeof tm);
		p = strptime(s, "%Y-%m-%d", &tm);
		if (!p || *p)
			return -1;
	} else {
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
		if (*p == 'Z')
			p++;
		else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
			int hh, mm;
			if (sscanf(p + 1, "%2d:%2d", &hh, &mm) != 2)
				return -1;
			off = (hh * 3600 + mm * 60) * (*p == '-' ? -1 : 1);
			p += 6;
		}
		if (*p)
			return -1;
	}
	*out = (int64_t)timegm(&tm) - off;
	return 0;
}

/* ---------- request helpers ---------- */

const char *req_arg(struct sim_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

struct collect { const char *key; const char **vals; int max, n; };

static enum MHD_Result collect_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct collect *c = cls;

	(void)kind;
	if (strcasecmp(key, c->key) == 0) {
		if (c->n < c->max && c->vals)
			c->vals[c->n] = value ? value : "";
		c->n++;
	}
	return MHD_YES;
}

int req_arg_all(struct sim_req *r, const char *key, const char **vals, int max)
{
	struct collect c = { key, vals, max, 0 };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_cb, &c);
	return c.n;
}

int req_arg_count(struct sim_req *r, const char *key)
{
	return req_arg_all(r, key, NULL, 0);
}

const char *req_header(struct sim_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

int req_header_count(struct sim_req *r, const char *name)
{
	struct collect c = { name, NULL, 0, 0 };

	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, collect_cb, &c);
	return c.n;
}

int params_have(const char *const *allowed, const char *key)
{
	for (; allowed && *allowed; allowed++)
		if (!strcmp(*allowed, key))
			return 1;
	return 0;
}

struct unknown { const char *const *allowed; const char *bad; };

static enum MHD_Result unknown_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct unknown *u = cls;

	(void)kind;
	(void)value;
	if (params_have(u->allowed, key))
		return MHD_YES;
	u->bad = key;
	return MHD_NO; /* the first one is enough */
}

/* --fault drift: parameters a vendor stopped accepting (the item fields that
 * drift are in the item writers: KPN device name → displayName, barcode
 * dropped; akenza onlineState dropped). A client's --check must name each. */
static const struct { const char *path, *param; } drift_params[] = {
	{ "/devices", "barcode" },
	{ "/v3/assets", "type" },
};

int req_check_params(struct sim_req *r, struct sim_resp *o, const char *const *allowed,
		     const char *problem_title)
{
	struct unknown u = { allowed, NULL };
	char detail[200];

	for (size_t i = 0; g_sim.faults.drift && i < sizeof drift_params / sizeof drift_params[0]; i++)
		if (!strcmp(r->path, drift_params[i].path) && req_arg(r, drift_params[i].param))
			u.bad = drift_params[i].param;
	if (g_sim.lenient && !u.bad)
		return 0;
	if (!u.bad)
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, unknown_cb, &u);
	if (!u.bad)
		return 0;
	snprintf(detail, sizeof detail, "Unknown query parameter '%.80s' for %.80s", u.bad, r->path);
	if (problem_title)
		resp_problem(o, r, 400, problem_title, detail);
	else
		resp_spring_error(o, r, 400, "Bad Request", detail);
	return -1;
}

void resp_json(struct sim_resp *o, int status, struct buf *b)
{
	o->status = status;
	o->ctype = "application/json";
	o->body = buf_steal(b, &o->len);
}

void resp_problem(struct sim_resp *o, struct sim_req *r, int status, const char *title,
		  const char *detail)
{
	struct buf b = { 0 };
	int first = 1;

	buf_adds(&b, "{");
	json_kv_str(&b, "title", title, &first);
	json_kv_int(&b, "status", status, &first);
	json_kv_str(&b, "detail", detail, &first);
	json_kv_str(&b, "instance", r->raw, &first);
	buf_adds(&b, "}");
	resp_json(o, status, &b);
	o->ctype = "application/problem+json";
}

void resp_spring_error(struct sim_resp *o, struct sim_req *r, int status, const char *error,
		       const char *message)
{
	struct buf b = { 0 };
	char ts[40];
	int first = 1;
	uint64_t h = fleet_hash(g_sim.fleet.seed, 90, (uint64_t)(r->t0 * 1000));

	json_time(ts, (int64_t)r->t0, 1);
	buf_adds(&b, "{");
	json_kv_str(&b, "timestamp", ts, &first);
	json_kv_str(&b, "path", r->path, &first);
	json_kv_int(&b, "status", status, &first);
	json_kv_str(&b, "error", error, &first);
	json_kv_str(&b, "message", message, &first);
	json_key(&b, "requestId", &first);
	buf_addf(&b, "\"%08llx-%05u\"", (unsigned long long)(h & 0xFFFFFFFF), (unsigned)(h >> 40) % 100000);
	buf_adds(&b, "}");
	resp_json(o, status, &b);
}

void resp_empty(struct sim_resp *o, int status)
{
	o->status = status;
	o->ctype = NULL;
	o->body = NULL;
	o->len = 0;
}

void link_with(struct buf *b, struct sim_req *r, const char *param, const char *value,
	       int other_origin)
{
	const char *q = strchr(r->raw, '?');
	size_t plen = strlen(param);
	int any = 0;

	if (other_origin)
		buf_addf(b, "%s://127.0.0.2:%u", g_sim.scheme, g_sim.port);
	else
		buf_addf(b, "%s://%s", g_sim.scheme, r->host ? r->host : "127.0.0.1");
	buf_adds(b, r->path);
	buf_adds(b, "?");
	if (q) {
		const char *p = q + 1;
		while (*p) {
			const char *amp = strchr(p, '&');
			size_t n = amp ? (size_t)(amp - p) : strlen(p);
			if (n && !(n > plen && strncmp(p, param, plen) == 0 && p[plen] == '=') &&
			    !(n == plen && strncmp(p, param, plen) == 0)) {
				if (any)
					buf_adds(b, "&");
				buf_add(b, p, n);
				any = 1;
			}
			p += n;
			if (*p == '&')
				p++;
		}
	}
	if (any)
		buf_adds(b, "&");
	buf_addf(b, "%s=%s", param, value);
}

/* ---------- tokens ---------- */

static uint64_t token_mac(uint64_t kind, uint32_t serial)
{
	return fleet_hash(g_sim.fleet.seed ^ 0x5EC12E7ull, kind, serial);
}

void token_issue(char *out, size_t outsz, uint32_t *serial)
{
	pthread_mutex_lock(&g_sim.lock);
	if (g_sim.ntokens == g_sim.captokens) {
		g_sim.captokens = g_sim.captokens ? g_sim.captokens * 2 : 64;
		g_sim.token_issued = realloc(g_sim.token_issued, g_sim.captokens * sizeof(int64_t));
		if (!g_sim.token_issued)
			abort();
	}
	*serial = g_sim.ntokens++;
	g_sim.token_issued[*serial] = (int64_t)now_seconds();
	pthread_mutex_unlock(&g_sim.lock);
	snprintf(out, outsz, "grip.%u.%016llx", *serial, (unsigned long long)token_mac(1, *serial));
}

int token_check(const char *token, uint32_t *serial)
{
	unsigned s;
	unsigned long long mac;
	char tail;
	int ok = 0;

	if (!token || sscanf(token, "grip.%u.%16llx%c", &s, &mac, &tail) != 2)
		return 0;
	if (mac != token_mac(1, s))
		return 0;
	*serial = s;
	pthread_mutex_lock(&g_sim.lock);
	if (s < g_sim.ntokens)
		ok = (int64_t)now_seconds() < g_sim.token_issued[s] + (int64_t)g_sim.token_ttl ? 1 : -1;
	pthread_mutex_unlock(&g_sim.lock);
	return ok;
}

static void b64url(struct buf *b, const char *s)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;
		if (i + 1 < n) v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < n) v |= (unsigned char)s[i + 2];
		char o[4] = { tbl[(v >> 18) & 63], tbl[(v >> 12) & 63], tbl[(v >> 6) & 63], tbl[v & 63] };
		buf_add(b, o, i + 2 < n ? 4 : i + 1 < n ? 3 : 2);
	}
}

void jwt_issue(char *out, size_t outsz, uint32_t *serial)
{
	struct buf b = { 0 };
	char payload[160];
	int64_t now = (int64_t)now_seconds();

	pthread_mutex_lock(&g_sim.lock);
	if (g_sim.njwts == g_sim.capjwts) {
		g_sim.capjwts = g_sim.capjwts ? g_sim.capjwts * 2 : 64;
		g_sim.jwt_issued = realloc(g_sim.jwt_issued, g_sim.capjwts * sizeof(int64_t));
		g_sim.jwt_used = realloc(g_sim.jwt_used, g_sim.capjwts);
		if (!g_sim.jwt_issued || !g_sim.jwt_used)
			abort();
	}
	*serial = g_sim.njwts++;
	g_sim.jwt_issued[*serial] = now;
	g_sim.jwt_used[*serial] = 0;
	pthread_mutex_unlock(&g_sim.lock);
	b64url(&b, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
	buf_adds(&b, ".");
	snprintf(payload, sizeof payload, "{\"sub\":\"partner\",\"iat\":%lld,\"exp\":%lld,\"jti\":\"j%u\"}",
		 (long long)now, (long long)(now + g_sim.token_ttl), *serial);
	b64url(&b, payload);
	buf_addf(&b, ".%016llx", (unsigned long long)token_mac(2, *serial));
	snprintf(out, outsz, "%s", b.data);
	buf_free(&b);
}

int jwt_check(const char *token, uint32_t *serial)
{
	const char *sig;
	unsigned long long mac;
	int ok = 0;

	if (!token || !(sig = strrchr(token, '.')) || sscanf(sig + 1, "%16llx", &mac) != 1)
		return 0;
	/* find the serial by its MAC: the payload carries it, but the MAC is what we trust */
	pthread_mutex_lock(&g_sim.lock);
	for (uint32_t s = g_sim.njwts; s-- > 0;) {
		if (token_mac(2, s) == mac) {
			*serial = s;
			ok = (int64_t)now_seconds() < g_sim.jwt_issued[s] + (int64_t)g_sim.token_ttl ? 1 : -1;
			break;
		}
	}
	pthread_mutex_unlock(&g_sim.lock);
	return ok;
}

/* ---------- faults ---------- */

static int fault_hit(double p, uint64_t reqno, uint64_t salt)
{
	if (p <= 0)
		return 0;
	return (double)(fleet_hash(g_sim.fleet.seed, 700 + salt, reqno) % 1000000) < p * 1000000.0;
}

static int parse_fault(const char *spec)
{
	char name[32];
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	double v = colon ? atof(colon + 1) : 0;
	struct sim_faults *f = &g_sim.faults;

	if (n >= sizeof name)
		return -1;
	memcpy(name, spec, n);
	name[n] = '\0';
	if (colon && (v < 0 || (strcmp(name, "slow") != 0 && v > 1)))
		return -1;
	if (!strcmp(name, "429") && colon) f->p429 = v;
	else if (!strcmp(name, "500") && colon) f->p500 = v;
	else if (!strcmp(name, "drop") && colon) f->pdrop = v;
	else if (!strcmp(name, "malformed") && colon) f->pmalformed = v;
	else if (!strcmp(name, "slow") && colon) f->slow_ms = (unsigned)v;
	else if (!strcmp(name, "huge") && !colon) f->huge = 1;
	else if (!strcmp(name, "hostile") && !colon) f->hostile = 1;
	else if (!strcmp(name, "redirect") && !colon) f->redirect = 1;
	else if (!strcmp(name, "cursor-loop") && !colon) f->cursor_loop = 1;
	else if (!strcmp(name, "drift") && !colon) f->drift = 1;
	else return -1;
	return 0;
}

/* ---------- huge and dropped bodies ---------- */

#define HUGE_BYTES (300ull * 1024 * 1024)

static ssize_t huge_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	static const char head[] = "{\"items\":[";
	(void)cls;
	if (pos >= HUGE_BYTES)
		return MHD_CONTENT_READER_END_OF_STREAM;
	size_t n = max;
	if (pos + n > HUGE_BYTES)
		n = (size_t)(HUGE_BYTES - pos);
	for (size_t i = 0; i < n; i++) {
		uint64_t p = pos + i;
		out[i] = p < sizeof head - 1 ? head[p] : "{\"id\":\"x\"},"[(p - (sizeof head - 1)) % 11];
	}
	return (ssize_t)n;
}

struct drop_body { char *data; size_t len, cut; };

static ssize_t drop_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	struct drop_body *d = cls;

	if (pos >= d->cut)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	size_t n = d->cut - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(out, d->data + pos, n);
	return (ssize_t)n;
}

static void drop_free(void *cls)
{
	struct drop_body *d = cls;

	free(d->data);
	free(d);
}

/* ---------- log ---------- */

static void log_request(struct sim_req *r, int status, size_t bytes)
{
	double t = now_seconds();

	if (!g_sim.log)
		return;
	pthread_mutex_lock(&g_sim.lock);
	fprintf(g_sim.log, "ts=%.3f method=%s path=%s status=%d bytes=%zu ms=%.0f conn=%lu ctx=%s auth=%s\n",
		t, r->method, r->raw, status, bytes, (t - r->t0) * 1000.0, r->conn_serial,
		r->ctx_desc[0] ? r->ctx_desc : "-", r->auth_desc[0] ? r->auth_desc : "-");
	fflush(g_sim.log);
	pthread_mutex_unlock(&g_sim.lock);
}

/* ---------- MHD callbacks ---------- */

static unsigned long conn_counter;

static void notify_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
			      enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)c;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		*socket_ctx = (void *)__atomic_add_fetch(&conn_counter, 1, __ATOMIC_RELAXED);
}

/* --tls-client-ca: MHD asks every TLS client for a certificate
 * (GNUTLS_CERT_REQUEST) but cannot demand one: when a handshake fails, it
 * closes the connection without a TLS alert, which tells a client nothing.
 * So the handshake completes and every request without a certificate signed
 * by the CA is answered 403 with a problem+json naming the reason. */
static int client_cert_refused(struct sim_req *r, struct sim_resp *o)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	gnutls_session_t s = ci ? (gnutls_session_t)ci->tls_session : NULL;
	unsigned n = 0, status = 0;

	if (!s || !gnutls_certificate_get_peers(s, &n) || n == 0) {
		snprintf(r->auth_desc, sizeof r->auth_desc, "mtls:none");
		resp_problem(o, r, 403, "Forbidden",
			     "A client certificate is required (mutual TLS); the connection presented none.");
		return 1;
	}
	if (gnutls_certificate_verify_peers2(s, &status) < 0 || status != 0) {
		snprintf(r->auth_desc, sizeof r->auth_desc, "mtls:untrusted");
		resp_problem(o, r, 403, "Forbidden",
			     "The client certificate is not signed by a CA this server trusts (mutual TLS).");
		return 1;
	}
	return 0;
}

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct sim_req *r = calloc(1, sizeof *r);

	(void)cls;
	if (!r)
		return NULL;
	r->raw = strdup(uri);
	r->t0 = now_seconds();
	r->conn = c;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	r->conn_serial = ci ? (unsigned long)ci->socket_context : 0;
	return r;
}

static void request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			      enum MHD_RequestTerminationCode toe)
{
	struct sim_req *r = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (!r)
		return;
	free(r->raw);
	buf_free(&r->body);
	free(r);
	*con_cls = NULL;
}

static enum MHD_Result queue(struct sim_req *r, struct sim_resp *o)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	uint64_t reqno;

	pthread_mutex_lock(&g_sim.lock);
	reqno = g_sim.requests;
	pthread_mutex_unlock(&g_sim.lock);

	if (o->stream_huge) {
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, huge_reader, NULL, NULL);
		o->len = HUGE_BYTES;
	} else if (o->body && g_sim.faults.pdrop > 0 && o->status == 200 &&
		   fault_hit(g_sim.faults.pdrop, reqno, 3)) {
		struct drop_body *d = malloc(sizeof *d);
		d->data = o->body;
		d->len = o->len;
		d->cut = o->len / 2;
		o->body = NULL;
		resp = MHD_create_response_from_callback(d->len, 32 * 1024, drop_reader, d, drop_free);
	} else {
		if (o->body && o->status == 200 && fault_hit(g_sim.faults.pmalformed, reqno, 4))
			o->len /= 2; /* truncated JSON */
		resp = MHD_create_response_from_buffer(o->len, o->body ? o->body : (char *)"",
						       o->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		o->body = NULL;
	}
	if (!resp)
		return MHD_NO;
	if (o->ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, o->ctype);
	if (o->retry_after) {
		char ra[16];
		snprintf(ra, sizeof ra, "%u", o->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	ret = MHD_queue_response(r->conn, (unsigned)o->status, resp);
	MHD_destroy_response(resp);
	log_request(r, o->status, o->len);
	return ret;
}

static void route(struct sim_req *r, struct sim_resp *o)
{
	uint64_t reqno;
	int is_api;

	pthread_mutex_lock(&g_sim.lock);
	reqno = ++g_sim.requests;
	pthread_mutex_unlock(&g_sim.lock);

	if (g_sim.latency_ms)
		usleep(g_sim.latency_ms * 1000u);
	if (g_sim.faults.slow_ms)
		usleep(g_sim.faults.slow_ms * 1000u);

	/* Faults hit the APIs, never the token endpoints (a client retries those too,
	 * but tests want to know which request failed). */
	is_api = strcmp(r->path, KPN_TOKEN_PATH) != 0 && strcmp(r->path, PARTNER_AUTH_PATH) != 0;
	if (is_api && fault_hit(g_sim.faults.p429, reqno, 1)) {
		resp_problem(o, r, 429, "Too Many Requests", "Rate limit exceeded (simulated); retry later.");
		o->retry_after = 1;
		return;
	}
	if (is_api && fault_hit(g_sim.faults.p500, reqno, 2)) {
		resp_problem(o, r, 500, "Internal Server Error", "Simulated server error.");
		return;
	}
	if (kpn_handle(r, o) || akenza_handle(r, o) || partner_handle(r, o))
		return;
	resp_problem(o, r, 404, "Not Found", "No such resource in thingtop-sim.");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct sim_req *r = *con_cls;
	struct sim_resp o = { 0 };

	(void)cls;
	(void)version;
	if (!r)
		return MHD_NO;
	if (!r->started) {
		/* MHD's first call announces the request; the body (if any) follows */
		r->started = 1;
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->body.len + *upload_size > 8 * 1024 * 1024)
			return MHD_NO;
		buf_add(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->done)
		return MHD_YES;
	r->done = 1;
	r->conn = c;
	r->method = method;
	r->path = url;
	r->host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!r->body.data)
		buf_adds(&r->body, "");
	if (!g_sim.require_client_cert || !client_cert_refused(r, &o))
		route(r, &o);
	enum MHD_Result ret = queue(r, &o);
	free(o.body);
	return ret;
}

/* ---------- printing credentials and config ---------- */

static void print_credentials(void)
{
	const struct fleet *f = &g_sim.fleet;

	printf("KPN_CLIENT_ID=%s\nKPN_CLIENT_SECRET=%s\nKPN_CUSTOMER_IDS=", f->kpn_client_id, f->kpn_client_secret);
	for (uint32_t c = 0; c < f->customers; c++)
		printf("%s%s", c ? "," : "", f->customer_ids[c]);
	printf("\nKPN_RESELLER_ID=%s\n", f->reseller_id);
	printf("AKENZA_API_KEY=%s\nAKENZA_RESTRICTED_API_KEY=%s\nAKENZA_ORGANIZATION_ID=%s\n",
	       f->akenza_api_key, f->akenza_restricted_key, f->org_id);
	printf("AKENZA_WORKSPACE_IDS=");
	for (uint32_t w = 0; w < f->workspaces; w++)
		printf("%s%s", w ? "," : "", f->workspace_ids[w]);
	printf("\nPARTNER_API_KEY=%s\nPARTNER_AUTH_PARAM=%s\n", f->partner_api_key, f->partner_auth_param);
}

static void print_config(unsigned port)
{
	const struct fleet *f = &g_sim.fleet;
	char base[64];

	snprintf(base, sizeof base, "%s://127.0.0.1:%u", g_sim.scheme, port);
	printf("# thingtop configuration for thingtop-sim --seed %llu --port %u\n"
	       "# It holds inline secrets: keep it chmod 600.\n"
	       "read_only = false;\nrefresh = 30;\nprofiles = (\n",
	       (unsigned long long)f->seed, port);
	printf("  { name = \"kpn\"; provider = \"kpn-things\";\n"
	       "    client_id = \"%s\"; client_secret = \"%s\";\n"
	       "    base_url = \"%s\"; auth_url = \"%s%s\";\n"
	       "    customers = (\n", f->kpn_client_id, f->kpn_client_secret, base, base, KPN_TOKEN_PATH);
	for (uint32_t c = 0; c < f->customers; c++)
		printf("      { name = \"%s\"; id = \"%s\"; }%s\n", f->customer_names[c], f->customer_ids[c],
		       c + 1 < f->customers ? "," : "");
	printf("    ); },\n");
	printf("  { name = \"akenza\"; provider = \"akenza\"; api_key = \"%s\";\n"
	       "    base_url = \"%s\"; organization = \"%s\"; },\n", f->akenza_api_key, base, f->org_id);
	printf("  { name = \"partner\"; provider = \"partner-jwt\"; api_key = \"%s\"; auth_param = \"%s\";\n"
	       "    base_url = \"%s\"; auth_url = \"%s%s\";",
	       f->partner_api_key, f->partner_auth_param, base, base, PARTNER_AUTH_PATH);
	if (strcmp(g_sim.partner_key_field, "apiKey") || strcmp(g_sim.partner_param_field, "authParameter"))
		printf("\n    auth_body = \"{\\\"%s\\\":\\\"{api_key}\\\",\\\"%s\\\":\\\"{auth_param}\\\"}\";",
		       g_sim.partner_key_field, g_sim.partner_param_field);
	printf(" }\n);\n");
}

/* ---------- main ---------- */

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: thingtop-sim [OPTION]...\n"
		"A loopback simulator of the KPN Things, akenza and partner JWT APIs.\n\n"
		"  --port N            listen on port N (0 = a free port; default 0)\n"
		"  --bind ADDR         listen address (default 127.0.0.1)\n"
		"  --seed N            fleet seed (default 1)\n"
		"  --devices N         number of devices (default 2000, up to 10000000)\n"
		"  --customers N       reseller sub-customers (default 5, at most 64)\n"
		"  --workspaces N      akenza workspaces (default 4, at most 64)\n"
		"  --latency-ms N      delay every response by N ms\n"
		"  --token-ttl S       token lifetime in seconds (default 3600)\n"
		"  --fault SPEC        429:P, 500:P, drop:P, slow:MS, malformed:P, huge, hostile,\n"
		"                      redirect, cursor-loop, drift (repeatable; P is a fraction 0..1)\n"
		"  --log FILE          append one line per request to FILE\n"
		"  --tls-cert FILE     serve HTTPS with this PEM certificate (chain) ...\n"
		"  --tls-key FILE      ... and this unencrypted PEM key\n"
		"  --tls-client-ca FILE  require a client certificate signed by this PEM CA\n"
		"                      (mutual TLS; requests without one get 403)\n"
		"  --partner-auth-fields KEY,PARAM\n"
		"                      JSON names /auth reads (default apiKey,authParameter)\n"
		"  --lenient           accept query parameters the vendors do not document\n"
		"                      (ignored); by default they are refused with a 400\n"
		"  --print-credentials print the credentials for this seed and exit\n"
		"  --print-config      print a thingtop config for this seed and --port and exit\n"
		"  --help              show this help and exit\n"
		"  --version           show the version and exit\n");
}

/* The whole of a (PEM) file, NUL-terminated; NULL after saying why on stderr. */
static char *read_file(const char *path, const char *opt)
{
	FILE *f = fopen(path, "r");
	struct buf b = { 0 };
	char tmp[4096];
	size_t n;

	if (!f) {
		fprintf(stderr, "thingtop-sim: %s %s: %s\n", opt, path, strerror(errno));
		return NULL;
	}
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	if (!b.len || !strstr(b.data, "-----BEGIN ")) {
		fprintf(stderr, "thingtop-sim: %s %s is not a PEM file\n", opt, path);
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, &n);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || end == s || s[0] == '-' || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	enum { O_PORT = 256, O_BIND, O_SEED, O_DEVICES, O_CUSTOMERS, O_WORKSPACES, O_LATENCY, O_TTL,
	       O_FAULT, O_LOG, O_LENIENT, O_PCRED, O_PCONF, O_HELP, O_VERSION, O_TLS_CERT, O_TLS_KEY,
	       O_TLS_CLIENT_CA, O_PARTNER_FIELDS };
	static const struct option longopts[] = {
		{ "port", required_argument, 0, O_PORT }, { "bind", required_argument, 0, O_BIND },
		{ "seed", required_argument, 0, O_SEED }, { "devices", required_argument, 0, O_DEVICES },
		{ "customers", required_argument, 0, O_CUSTOMERS },
		{ "workspaces", required_argument, 0, O_WORKSPACES },
		{ "latency-ms", required_argument, 0, O_LATENCY }, { "token-ttl", required_argument, 0, O_TTL },
		{ "fault", required_argument, 0, O_FAULT }, { "log", required_argument, 0, O_LOG },
		{ "lenient", no_argument, 0, O_LENIENT },
		{ "print-credentials", no_argument, 0, O_PCRED }, { "print-config", no_argument, 0, O_PCONF },
		{ "help", no_argument, 0, O_HELP }, { "version", no_argument, 0, O_VERSION },
		{ "tls-cert", required_argument, 0, O_TLS_CERT }, { "tls-key", required_argument, 0, O_TLS_KEY },
		{ "tls-client-ca", required_argument, 0, O_TLS_CLIENT_CA },
		{ "partner-auth-fields", required_argument, 0, O_PARTNER_FIELDS }, { 0 } };
	unsigned long port = 0, seed = 1, devices = 2000, customers = 5, workspaces = 4, v;
	int pcred = 0, pconf = 0, c;
	const char *logpath = NULL, *tls_cert = NULL, *tls_key = NULL, *tls_client_ca = NULL;
	char partner_fields[128] = "";

	g_sim.token_ttl = 3600;
	g_sim.bind = "127.0.0.1";
	g_sim.scheme = "http";
	g_sim.partner_key_field = "apiKey";
	g_sim.partner_param_field = "authParameter";
	pthread_mutex_init(&g_sim.lock, NULL);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		int bad = 0;
		switch (c) {
		case O_PORT: bad = parse_uint(optarg, 65535, &port); break;
		case O_BIND: g_sim.bind = optarg; break;
		case O_SEED: bad = parse_uint(optarg, ~0ul, &seed); break;
		case O_DEVICES: bad = parse_uint(optarg, 10000000, &devices); break;
		case O_CUSTOMERS: bad = parse_uint(optarg, FLEET_MAX_CUSTOMERS, &customers); break;
		case O_WORKSPACES: bad = parse_uint(optarg, FLEET_MAX_WORKSPACES, &workspaces) || workspaces == 0; break;
		case O_LATENCY: bad = parse_uint(optarg, 60000, &v); g_sim.latency_ms = (unsigned)v; break;
		case O_TTL: bad = parse_uint(optarg, 86400 * 30, &v) || v == 0; g_sim.token_ttl = (unsigned)v; break;
		case O_FAULT:
			if (parse_fault(optarg)) {
				fprintf(stderr, "thingtop-sim: bad --fault '%s' (see --help)\n", optarg);
				return 2;
			}
			break;
		case O_LOG: logpath = optarg; break;
		case O_LENIENT: g_sim.lenient = 1; break;
		case O_PCRED: pcred = 1; break;
		case O_PCONF: pconf = 1; break;
		case O_TLS_CERT: tls_cert = optarg; break;
		case O_TLS_KEY: tls_key = optarg; break;
		case O_TLS_CLIENT_CA: tls_client_ca = optarg; break;
		case O_PARTNER_FIELDS: {
			char *comma;
			bad = snprintf(partner_fields, sizeof partner_fields, "%s", optarg) >= (int)sizeof partner_fields;
			comma = strchr(partner_fields, ',');
			if (bad || !comma || comma == partner_fields || !comma[1] || strchr(comma + 1, ',') ||
			    strpbrk(partner_fields, "\"\\ ")) {
				bad = 1;
				break;
			}
			*comma = '\0';
			g_sim.partner_key_field = partner_fields;
			g_sim.partner_param_field = comma + 1;
			break;
		}
		case O_HELP: usage(stdout); return 0;
		case O_VERSION:
			printf("thingtop-sim %s (libmicrohttpd %s)\n", PACKAGE_VERSION, MHD_get_version());
			return 0;
		default: usage(stderr); return 2;
		}
		if (bad) {
			fprintf(stderr, "thingtop-sim: bad value '%s' for --%s\n", optarg, longopts[c - O_PORT].name);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "thingtop-sim: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!tls_cert != !tls_key || (tls_client_ca && !tls_cert)) {
		fprintf(stderr, "thingtop-sim: %s\n", tls_client_ca && !tls_cert && !tls_key
				? "--tls-client-ca needs --tls-cert and --tls-key"
				: "--tls-cert and --tls-key go together");
		return 2;
	}
	if (tls_cert)
		g_sim.scheme = "https";
	fleet_init(&g_sim.fleet, seed, (uint32_t)devices, (uint32_t)customers, (uint32_t)workspaces,
		   g_sim.faults.hostile);
	if (pcred) {
		print_credentials();
		return 0;
	}
	if (pconf) {
		print_config((unsigned)port);
		return 0;
	}
	if (logpath && !(g_sim.log = fopen(logpath, "a"))) {
		fprintf(stderr, "thingtop-sim: cannot open log %s: %s\n", logpath, strerror(errno));
		return 1;
	}
	kpn_init();
	akenza_init();

	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (inet_pton(AF_INET, g_sim.bind, &sa.sin_addr) != 1) {
		fprintf(stderr, "thingtop-sim: --bind takes an IPv4 address, not '%s'\n", g_sim.bind);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* SIGINT/SIGTERM are blocked before MHD starts its threads (they inherit
	 * the mask), so only sigwait() below receives them: a clean stop however
	 * the signal was addressed. */
	sigset_t stopset;
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGINT);
	sigaddset(&stopset, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stopset, NULL);
	char *pem_cert = NULL, *pem_key = NULL, *pem_ca = NULL;
	struct MHD_OptionItem tls_opts[4] = { { MHD_OPTION_END, 0, NULL } };
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	if (tls_cert) {
		int n = 0;
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			fprintf(stderr, "thingtop-sim: this libmicrohttpd (%s) was built without TLS\n", MHD_get_version());
			return 1;
		}
		if (!(pem_cert = read_file(tls_cert, "--tls-cert")) || !(pem_key = read_file(tls_key, "--tls-key")) ||
		    (tls_client_ca && !(pem_ca = read_file(tls_client_ca, "--tls-client-ca"))))
			return 1;
		flags |= MHD_USE_TLS;
		tls_opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, pem_cert };
		tls_opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, pem_key };
		if (pem_ca) {
			tls_opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_TRUST, 0, pem_ca };
			g_sim.require_client_cert = 1;
		}
		tls_opts[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	}
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, handler, NULL,
		MHD_OPTION_ARRAY, tls_opts,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logger, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "thingtop-sim: cannot listen on %s:%lu: %s\n", g_sim.bind, port, strerror(errno));
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	g_sim.port = info ? info->port : (unsigned)port;
	printf("listening on %s://%s:%u\n", g_sim.scheme, g_sim.bind, g_sim.port);
	fflush(stdout);

	int sig = 0;
	while (sigwait(&stopset, &sig) != 0)
		;
	MHD_stop_daemon(d);
	free(pem_cert);
	free(pem_key);
	free(pem_ca);
	if (g_sim.log)
		fclose(g_sim.log);
	return 0;
}
