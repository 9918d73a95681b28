/* partner.c — the simulated partner JWT API (CreditEstimate-like): API key +
 * authentication parameter → a JWT valid --token-ttl seconds; invitations in
 * Spring pages; POST /v1/invitations demands a JWT never used before; credit
 * reports; a shared rate limit of 6 calls/s answered with 429 + Retry-After. */
#include "sim.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The query parameters each endpoint documents [D Rabobank CreditEstimate]:
 * page and size; sort is a guess (see guesses.h). */
static const char *const params_list[] = { "page", "size", PARTNER_SORT_PARAM, NULL };
static const char *const params_none[] = { NULL };

static const char *const statuses[] = { "PENDING", "CONSENTED", "COMPLETED", "EXPIRED" };
static const char *const companies[] = { "Bakkerij Jansen", "Fietsenmaker De Vries", "Café Zoë",
					 "Loodgieter Bakker & Zn", "Bloemen Müller", "Studio 東京" };

static int rate_limited(void)
{
	double now = now_seconds();
	int limited;

	pthread_mutex_lock(&g_sim.lock);
	if (g_sim.rl_last == 0) {
		g_sim.rl_last = now;
		g_sim.rl_tokens = PARTNER_RATE_PER_S;
	}
	g_sim.rl_tokens += (now - g_sim.rl_last) * PARTNER_RATE_PER_S;
	if (g_sim.rl_tokens > PARTNER_RATE_PER_S)
		g_sim.rl_tokens = PARTNER_RATE_PER_S;
	g_sim.rl_last = now;
	limited = g_sim.rl_tokens < 1.0;
	if (!limited)
		g_sim.rl_tokens -= 1.0;
	pthread_mutex_unlock(&g_sim.lock);
	return limited;
}

static void auth(struct sim_req *r, struct sim_resp *o)
{
	const struct fleet *f = &g_sim.fleet;
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
	const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, g_sim.partner_key_field));
	const char *param = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, g_sim.partner_param_field));
	struct buf b = { 0 };

	if (!j || !key || !param) {
		char detail[200];
		snprintf(detail, sizeof detail, "The body must be JSON with %s and %s.", g_sim.partner_key_field,
			 g_sim.partner_param_field);
		resp_problem(o, r, 400, "Bad Request", detail);
	} else if (strcmp(key, f->partner_api_key) != 0 || strcmp(param, f->partner_auth_param) != 0) {
		resp_problem(o, r, 401, "Unauthorized", "Invalid API key or authentication parameter.");
	} else {
		char tok[512];
		uint32_t serial;
		jwt_issue(tok, sizeof tok, &serial);
		snprintf(r->auth_desc, sizeof r->auth_desc, "issued:jwt:j%u", serial);
		buf_addf(&b, "{\"token\":\"%s\"}", tok);
		resp_json(o, 200, &b);
	}
	cJSON_Delete(j);
}

static int check_jwt(struct sim_req *r, struct sim_resp *o, uint32_t *serial)
{
	const char *h = req_header(r, "Authorization");
	int ok;

	if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
		resp_problem(o, r, 401, "Unauthorized", "Missing JWT: authenticate at /auth first.");
		return -1;
	}
	ok = jwt_check(h + 7, serial);
	if (ok == 1) {
		snprintf(r->auth_desc, sizeof r->auth_desc, "jwt:j%u", *serial);
		return 0;
	}
	resp_problem(o, r, 401, "Unauthorized", ok == -1 ? "The JWT has expired; re-authenticate." : "The JWT is not valid.");
	return -1;
}

static uint32_t n_invitations(void)
{
	uint32_t n;
	pthread_mutex_lock(&g_sim.lock);
	n = PARTNER_GENERATED_INVITATIONS + g_sim.ninvitations;
	pthread_mutex_unlock(&g_sim.lock);
	return n;
}

static void invitation(uint32_t i, struct posted_invitation *inv, const char **status)
{
	if (i < PARTNER_GENERATED_INVITATIONS) {
		uint64_t h = fleet_hash(g_sim.fleet.seed, 400, i);
		snprintf(inv->code, sizeof inv->code, "INV-%08llX", (unsigned long long)(h & 0xFFFFFFFF));
		snprintf(inv->company, sizeof inv->company, "%s %u", companies[h % 6], i + 1);
		snprintf(inv->kvk, sizeof inv->kvk, "%08u", (unsigned)((h >> 32) % 100000000));
		snprintf(inv->email, sizeof inv->email, "finance%u@example.nl", i + 1);
		inv->created = g_sim.fleet.base_time + (int64_t)i * 7200;
		*status = statuses[(h >> 40) % 4];
		return;
	}
	pthread_mutex_lock(&g_sim.lock);
	*inv = g_sim.invitations[i - PARTNER_GENERATED_INVITATIONS];
	pthread_mutex_unlock(&g_sim.lock);
	*status = "PENDING";
}

static void write_invitation(struct buf *b, const struct posted_invitation *inv, const char *status)
{
	char t[40];
	int first = 1;

	json_time(t, inv->created, 0);
	buf_adds(b, "{");
	json_kv_str(b, "code", inv->code, &first);
	json_kv_str(b, "companyName", inv->company, &first);
	json_kv_str(b, "kvkNumber", inv->kvk, &first);
	json_kv_str(b, "email", inv->email, &first);
	json_kv_str(b, "status", status, &first);
	json_key(b, "link", &first);
	buf_addf(b, "\"https://app.creditestimate.example/i/%s\"", inv->code);
	json_kv_str(b, "createdAt", t, &first);
	buf_adds(b, "}");
}

static int parse_long(const char *s, long *out)
{
	char *end;

	if (!s)
		return 0;
	*out = strtol(s, &end, 10);
	return end == s || *end ? -1 : 0;
}

static void list(struct sim_req *r, struct sim_resp *o)
{
	const char *sort = req_arg(r, PARTNER_SORT_PARAM);
	long page = 0, size = PARTNER_DEFAULT_SIZE;
	uint32_t n = n_invitations();
	struct buf b = { 0 };
	long nitems = 0;
	int desc = 0;

	if (parse_long(req_arg(r, "page"), &page) || parse_long(req_arg(r, "size"), &size) || page < 0 ||
	    size <= 0 || size > PARTNER_MAX_SIZE) {
		char msg[80];
		snprintf(msg, sizeof msg, "page must be >= 0 and size between 1 and %d.", PARTNER_MAX_SIZE);
		resp_problem(o, r, 400, "Bad Request", msg);
		return;
	}
	/* [I] sort: createdAt only (the natural order), asc or desc */
	if (sort && strcmp(sort, "createdAt") != 0 && strcmp(sort, "createdAt,asc") != 0) {
		if (strcmp(sort, "createdAt,desc") != 0) {
			resp_problem(o, r, 400, "Bad Request", "sort must be createdAt,asc or createdAt,desc.");
			return;
		}
		desc = 1;
	}
	buf_adds(&b, "{\"content\":[");
	for (uint64_t i = (uint64_t)page * (uint64_t)size; i < n && nitems < size; i++) {
		struct posted_invitation inv;
		const char *st;
		invitation(desc ? n - 1 - (uint32_t)i : (uint32_t)i, &inv, &st);
		if (nitems++)
			buf_adds(&b, ",");
		write_invitation(&b, &inv, st);
	}
	uint64_t pages = (n + (uint64_t)size - 1) / (uint64_t)size;
	buf_addf(&b, "],\"totalPages\":%llu,\"totalElements\":%u,\"last\":%s,\"number\":%ld,\"size\":%ld,"
		     "\"numberOfElements\":%ld,\"first\":%s,\"empty\":%s}",
		 (unsigned long long)pages, n, (uint64_t)page + 1 >= pages ? "true" : "false", page, size, nitems,
		 page == 0 ? "true" : "false", nitems ? "false" : "true");
	resp_json(o, 200, &b);
}

static int valid_kvk(const char *s)
{
	if (!s || strlen(s) != 8)
		return 0;
	for (int i = 0; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Validate the POST /v1/invitations body; NULL or the problem detail naming the field. */
static const char *invitation_body_error(cJSON *j)
{
	cJSON *company = cJSON_GetObjectItemCaseSensitive(j, "companyName");
	cJSON *kvk = cJSON_GetObjectItemCaseSensitive(j, "kvkNumber");
	cJSON *email = cJSON_GetObjectItemCaseSensitive(j, "email");

	if (!cJSON_IsObject(j))
		return "The body must be a JSON object with companyName, kvkNumber and email.";
	if (!company)
		return "field 'companyName' is required (a non-empty string)";
	if (!cJSON_IsString(company) || !*company->valuestring)
		return "field 'companyName' must be a non-empty string";
	if (strlen(company->valuestring) >= sizeof ((struct posted_invitation *)0)->company)
		return "field 'companyName' is too long for the simulator (at most 127 bytes)";
	if (!kvk)
		return "field 'kvkNumber' is required (exactly 8 digits, the KvK registration)";
	if (!cJSON_IsString(kvk) || !valid_kvk(kvk->valuestring))
		return "field 'kvkNumber' must be a string of exactly 8 digits (the KvK registration)";
	if (!email)
		return "field 'email' is required (an e-mail address)";
	if (!cJSON_IsString(email) || !strchr(email->valuestring, '@'))
		return "field 'email' must be an e-mail address (a string containing @)";
	if (strlen(email->valuestring) >= sizeof ((struct posted_invitation *)0)->email)
		return "field 'email' is too long for the simulator (at most 127 bytes)";
	return NULL;
}

static void create(struct sim_req *r, struct sim_resp *o, uint32_t serial)
{
	cJSON *j;
	const char *company, *kvk, *email, *bad;
	int used;
	struct buf b = { 0 };

	pthread_mutex_lock(&g_sim.lock);
	used = g_sim.jwt_used[serial];
	g_sim.jwt_used[serial] = 1;
	pthread_mutex_unlock(&g_sim.lock);
	if (used) {
		resp_problem(o, r, 401, "Unauthorized",
			     "This token has already been used for an invitation; request a new token");
		return;
	}
	j = cJSON_ParseWithLength(r->body.data, r->body.len);
	if ((bad = invitation_body_error(j))) {
		cJSON_Delete(j);
		resp_problem(o, r, 400, "Bad Request", bad);
		return;
	}
	company = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "companyName"));
	kvk = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "kvkNumber"));
	email = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "email"));
	pthread_mutex_lock(&g_sim.lock);
	struct posted_invitation *ni = realloc(g_sim.invitations, (g_sim.ninvitations + 1) * sizeof *ni);
	if (!ni)
		abort();
	g_sim.invitations = ni;
	struct posted_invitation *p = &ni[g_sim.ninvitations];
	snprintf(p->code, sizeof p->code, "INV-N%07u", g_sim.ninvitations + 1);
	snprintf(p->company, sizeof p->company, "%s", company);
	snprintf(p->kvk, sizeof p->kvk, "%s", kvk);
	snprintf(p->email, sizeof p->email, "%s", email);
	p->created = (int64_t)now_seconds();
	struct posted_invitation copy = *p;
	g_sim.ninvitations++;
	pthread_mutex_unlock(&g_sim.lock);
	cJSON_Delete(j);
	write_invitation(&b, &copy, "PENDING");
	resp_json(o, 201, &b);
}

static void one(struct sim_req *r, struct sim_resp *o, const char *code, int report)
{
	uint32_t n = n_invitations();
	struct buf b = { 0 };

	for (uint32_t i = 0; i < n; i++) {
		struct posted_invitation inv;
		const char *st;
		invitation(i, &inv, &st);
		if (strcmp(inv.code, code) != 0)
			continue;
		if (!report) {
			write_invitation(&b, &inv, st);
			resp_json(o, 200, &b);
		} else if (strcmp(st, "COMPLETED") != 0) {
			resp_problem(o, r, 404, "Not Found", "No credit report yet: the invitation is not completed.");
		} else {
			uint64_t h = fleet_hash(g_sim.fleet.seed, 401, i);
			buf_addf(&b, "{\"invitationCode\":\"%s\",\"companyName\":", inv.code);
			json_str(&b, inv.company);
			buf_addf(&b, ",\"creditScore\":{\"probabilityOfDefault\":%.4f,\"rating\":\"%c\"},"
				     "\"cashFlowAnalysis\":{\"months\":%u,\"averageMonthlyInflow\":%llu,"
				     "\"averageMonthlyOutflow\":%llu}}",
				 (double)(h % 1000) / 10000.0, "ABCDE"[h % 5], 3 + (unsigned)((h >> 8) % 22),
				 (unsigned long long)(5000 + (h >> 16) % 90000), (unsigned long long)(4000 + (h >> 24) % 80000));
			resp_json(o, 200, &b);
		}
		return;
	}
	resp_problem(o, r, 404, "Not Found", "No invitation with this code.");
}

/* DELETE /v1/invitations/{code}: revoke an invitation created through the API
 * (the generated ones are fixed by the seed). [I] the real API's revoke call is
 * not documented (guesses.h); clients use it to see rows disappear. */
static void revoke_invitation(struct sim_req *r, struct sim_resp *o, const char *code)
{
	pthread_mutex_lock(&g_sim.lock);
	for (uint32_t i = 0; i < g_sim.ninvitations; i++) {
		if (!strcmp(g_sim.invitations[i].code, code)) {
			memmove(&g_sim.invitations[i], &g_sim.invitations[i + 1],
				(g_sim.ninvitations - i - 1) * sizeof g_sim.invitations[0]);
			g_sim.ninvitations--;
			pthread_mutex_unlock(&g_sim.lock);
			resp_empty(o, 204);
			return;
		}
	}
	pthread_mutex_unlock(&g_sim.lock);
	resp_problem(o, r, 404, "Not Found", "No invitation created through the API has this code.");
}

int partner_handle(struct sim_req *r, struct sim_resp *o)
{
	uint32_t serial;
	int get = !strcmp(r->method, "GET"), post = !strcmp(r->method, "POST");

	if (!strcmp(r->path, PARTNER_AUTH_PATH)) {
		if (post) {
			if (!req_check_params(r, o, params_none, "Bad Request"))
				auth(r, o);
		} else
			resp_problem(o, r, 405, "Method Not Allowed", "Use POST.");
		return 1;
	}
	if (strncmp(r->path, "/v1/invitations", 15) != 0)
		return 0;
	if (rate_limited()) {
		resp_problem(o, r, 429, "Too Many Requests", "At most 6 calls per second; retry after 1 s.");
		o->retry_after = 1;
		return 1;
	}
	if (check_jwt(r, o, &serial))
		return 1;
	const char *rest = r->path + 15;
	if (req_check_params(r, o, !*rest && get ? params_list : params_none, "Bad Request"))
		return 1;
	if (!*rest && get)
		list(r, o);
	else if (!*rest && post)
		create(r, o, serial);
	else if (*rest == '/' && get) {
		char code[64];
		const char *slash = strchr(rest + 1, '/');
		size_t n = slash ? (size_t)(slash - rest - 1) : strlen(rest + 1);
		if (n >= sizeof code)
			n = sizeof code - 1;
		memcpy(code, rest + 1, n);
		code[n] = '\0';
		if (!slash)
			one(r, o, code, 0);
		else if (!strcmp(slash, "/credit-report"))
			one(r, o, code, 1);
		else
			resp_problem(o, r, 404, "Not Found", "No such endpoint.");
	} else if (*rest == '/' && !strcmp(r->method, "DELETE") && !strchr(rest + 1, '/')) {
		revoke_invitation(r, o, rest + 1);
	} else {
		resp_problem(o, r, 405, "Method Not Allowed", "This method is not supported here.");
	}
	return 1;
}
