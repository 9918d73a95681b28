/* kpn.c — the simulated KPN Things API: the GRIP token endpoint, cursor-paged
 * lists (/devices, /device-groups, /projects, /downlinks, /lora/downlinks)
 * with q/time/resource filters and multi-key sort, device detail and its
 * network adapters, downlink creation and detail, and the reseller context
 * header. Every endpoint accepts only the query parameters KPN documents (the
 * tables below; --lenient ignores the others). */
#include "sim.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { C_DEVICES, C_GROUPS, C_PROJECTS, C_DOWNLINKS, C_LORA, N_KPN };

/* The query parameters each endpoint documents [D S2-S4, S8; api-notes §2, §3, §8]. */
#define KPN_LIST_PARAMS "cursor", "limit", "sort", "q", "createdBefore", "createdSince", \
	"modifiedBefore", "modifiedSince"
static const char *const params_devices[] = { KPN_LIST_PARAMS, "clientId", "barcode",
					       "deviceSpecificationId", NULL };
static const char *const params_groups[] = { KPN_LIST_PARAMS, "clientId", "projectId",
					     KPN_GROUPS_DEVICE_FILTER, NULL };   /* the last: a guess */
static const char *const params_projects[] = { KPN_LIST_PARAMS, "clientId", NULL };
static const char *const params_downlinks[] = { KPN_LIST_PARAMS, NULL };  /* no deviceId, no clientId */
static const char *const params_lora[] = { KPN_LIST_PARAMS, "deviceId", NULL };
static const char *const *const list_params[N_KPN] = {
	[C_DEVICES] = params_devices, [C_GROUPS] = params_groups, [C_PROJECTS] = params_projects,
	[C_DOWNLINKS] = params_downlinks, [C_LORA] = params_lora,
};
/* Details, sub-resources and the token endpoint document none. */
static const char *const params_none[] = { NULL };

struct kitem {
	char id[37];
	char name[320];
	char description[128];
	char barcode[16];
	const char *client_id;
	char device_id[37];
	char project_id[37];
	char message[128];
	char network_id[40];
	char tag_value[48];
	const char *status;
	int64_t created, modified;
	struct device dev;
	int posted;
};

static uint32_t n_generated_downlinks(void)
{
	uint32_t n = g_sim.fleet.devices < 3000 ? g_sim.fleet.devices : 3000;
	return n;
}

static uint32_t coll_count(int c)
{
	const struct fleet *f = &g_sim.fleet;
	uint32_t n;

	switch (c) {
	case C_DEVICES: return f->devices;
	case C_GROUPS: n = 3 + f->devices / 100; return n > 20000 ? 20000 : n;
	case C_PROJECTS: return 2 + 2 * f->customers;
	case C_DOWNLINKS:
		pthread_mutex_lock(&g_sim.lock);
		n = n_generated_downlinks() + g_sim.ndownlinks;
		pthread_mutex_unlock(&g_sim.lock);
		return n;
	case C_LORA: return n_generated_downlinks() / 2;
	}
	return 0;
}

static const char *client_of(uint64_t h)
{
	const struct fleet *f = &g_sim.fleet;
	int c = (int)(h % (f->customers + 1)) - 1;
	return c < 0 ? f->reseller_id : f->customer_ids[c];
}

static void coll_item(int c, uint32_t i, struct kitem *it)
{
	const struct fleet *f = &g_sim.fleet;
	uint64_t h = fleet_hash(f->seed, 200 + (uint64_t)c, i);
	static const char *const group_words[] = { "Flow", "Meters", "Pilot", "Alarm routing", "Gebäude", "倉庫" };
	static const char *const project_words[] = { "Smart water", "Parking", "Cold chain", "Facilities" };
	static const char *const statuses[] = { "QUEUED", "SENT", "DELIVERED", "FAILED" };

	memset(it, 0, offsetof(struct kitem, dev));
	it->posted = 0;
	switch (c) {
	case C_DEVICES:
		fleet_device(f, i, &it->dev);
		memcpy(it->id, it->dev.id, sizeof it->id);
		snprintf(it->name, sizeof it->name, "%s", it->dev.name);
		snprintf(it->description, sizeof it->description, "%s", it->dev.description);
		memcpy(it->barcode, it->dev.barcode, sizeof it->barcode);
		it->client_id = it->dev.client_id;
		it->created = it->dev.created;
		it->modified = it->dev.modified;
		return;
	case C_GROUPS:
		fleet_uuid(f->seed, 5, i, it->id);
		snprintf(it->name, sizeof it->name, "%s %u", group_words[h % 6], i + 1);
		snprintf(it->description, sizeof it->description, "Device group %u", i + 1);
		it->client_id = client_of(h >> 8);
		fleet_uuid(f->seed, 6, (h >> 20) % coll_count(C_PROJECTS), it->project_id);
		it->created = f->base_time + (int64_t)i * 3600;
		it->modified = it->created + (int64_t)((h >> 30) % (30 * 86400));
		return;
	case C_PROJECTS:
		fleet_uuid(f->seed, 6, i, it->id);
		snprintf(it->name, sizeof it->name, "%s %u", project_words[h % 4], i + 1);
		snprintf(it->description, sizeof it->description, "Project %u", i + 1);
		it->client_id = i < 2 ? f->reseller_id : f->customer_ids[(i - 2) / 2];
		it->created = f->base_time + (int64_t)i * 86400;
		it->modified = it->created + (int64_t)((h >> 30) % (30 * 86400));
		return;
	case C_DOWNLINKS:
	case C_LORA: {
		uint32_t gen = n_generated_downlinks();
		if (c == C_DOWNLINKS && i >= gen) {
			pthread_mutex_lock(&g_sim.lock);
			const struct posted_downlink *p = &g_sim.downlinks[i - gen];
			memcpy(it->id, p->id, sizeof it->id);
			memcpy(it->device_id, p->device_id, sizeof it->device_id);
			snprintf(it->message, sizeof it->message, "%s", p->message);
			it->created = it->modified = p->created;
			char client[37];
			memcpy(client, p->client_id, sizeof client);
			pthread_mutex_unlock(&g_sim.lock);
			/* point at the fleet's own copy: the posted array may move */
			it->client_id = f->reseller_id;
			for (uint32_t k = 0; k < f->customers; k++)
				if (!strcmp(f->customer_ids[k], client))
					it->client_id = f->customer_ids[k];
			snprintf(it->network_id, sizeof it->network_id, "lora");
			/* a posted downlink goes out after a while, then reaches a final
			 * state: its status and modifiedAt change each time */
			int64_t age = (int64_t)now_seconds() - it->created;
			uint32_t serial = i - gen;
			if (age >= SIM_DOWNLINK_FINAL_AFTER_S) {
				it->status = serial % SIM_DOWNLINK_FAIL_EVERY == SIM_DOWNLINK_FAIL_EVERY - 1 ? "FAILED"
													  : "DELIVERED";
				it->modified = it->created + SIM_DOWNLINK_FINAL_AFTER_S;
			} else if (age >= SIM_DOWNLINK_SENT_AFTER_S) {
				it->status = "SENT";
				it->modified = it->created + SIM_DOWNLINK_SENT_AFTER_S;
			} else {
				it->status = "QUEUED";
			}
			it->posted = 1;
			return;
		}
		uint32_t dev = (uint32_t)((h >> 4) % (f->devices ? f->devices : 1));
		uint32_t gi = c == C_LORA ? i * 2 : i;
		fleet_uuid(f->seed, 7, gi, it->id);
		struct device d;
		fleet_device(f, dev, &d);
		memcpy(it->device_id, d.id, sizeof it->device_id);
		it->client_id = d.client_id;
		snprintf(it->message, sizeof it->message, "%02x%02x%02x", (unsigned)(h >> 16) & 0xFF,
			 (unsigned)(h >> 24) & 0xFF, (unsigned)(h >> 32) & 0xFF);
		snprintf(it->network_id, sizeof it->network_id, "%s", (gi % 2 == 0) ? "lora" : "lte-m");
		snprintf(it->tag_value, sizeof it->tag_value, "urn:dev:DEVEUI:%s:", d.deveui);
		it->status = statuses[(h >> 40) % 4];
		it->created = f->base_time + (int64_t)gi * 600;
		it->modified = it->created + (int64_t)((h >> 44) % 3600);
		return;
	}
	}
}

/* order.c callback: the sort keys of item i */
static int order_coll;
static void order_fn_generic(int c, uint32_t i, int64_t *created, int64_t *modified, const char **name,
			     const char **id, const char **barcode, void *scratch)
{
	struct kitem *it = scratch;

	coll_item(c, i, it);
	*created = it->created;
	*modified = it->modified;
	*name = it->name;
	*id = it->id;
	*barcode = it->barcode;
}
#define ORDER_FN(C) \
	static void order_fn_##C(uint32_t i, int64_t *a, int64_t *b, const char **n, const char **d, \
				 const char **bc, void *s) { order_fn_generic(C, i, a, b, n, d, bc, s); }
ORDER_FN(C_DEVICES) ORDER_FN(C_GROUPS) ORDER_FN(C_PROJECTS) ORDER_FN(C_DOWNLINKS) ORDER_FN(C_LORA)

void kpn_init(void)
{
	(void)order_coll;
	order_register(C_DEVICES, order_fn_C_DEVICES, sizeof(struct kitem));
	order_register(C_GROUPS, order_fn_C_GROUPS, sizeof(struct kitem));
	order_register(C_PROJECTS, order_fn_C_PROJECTS, sizeof(struct kitem));
	order_register(C_DOWNLINKS, order_fn_C_DOWNLINKS, sizeof(struct kitem));
	order_register(C_LORA, order_fn_C_LORA, sizeof(struct kitem));
}

/* ---------- JSON ---------- */

static void write_item(struct buf *b, int c, const struct kitem *it)
{
	char t1[40], t2[40];
	int first = 1;

	json_time(t1, it->created, 0);
	json_time(t2, it->modified, 0);
	buf_adds(b, "{");
	json_kv_str(b, "id", it->id, &first);
	switch (c) {
	case C_DEVICES:
		/* --fault drift: the name field renamed, the barcode dropped */
		json_kv_str(b, g_sim.faults.drift ? "displayName" : "name", it->name, &first);
		json_kv_str(b, "description", it->description, &first);
		if (!g_sim.faults.drift)
			json_kv_str(b, "barcode", it->barcode[0] ? it->barcode : NULL, &first);
		json_kv_str(b, "clientId", it->client_id, &first);
		json_kv_str(b, "deviceSpecificationId", it->dev.spec_id, &first);
		/* [D] no DevEUI/IMEI here: they live on the network adapters */
		break;
	case C_GROUPS:
		json_kv_str(b, "name", it->name, &first);
		json_kv_str(b, "description", it->description, &first);
		json_kv_str(b, "clientId", it->client_id, &first);
		json_kv_str(b, "projectId", it->project_id, &first);
		break;
	case C_PROJECTS:
		json_kv_str(b, "name", it->name, &first);
		json_kv_str(b, "description", it->description, &first);
		json_kv_str(b, "clientId", it->client_id, &first);
		break;
	case C_DOWNLINKS:
	case C_LORA:
		json_kv_str(b, "deviceId", it->device_id, &first);
		json_kv_str(b, "clientId", it->client_id, &first);
		json_kv_str(b, "networkId", it->network_id, &first);
		json_kv_str(b, "tagValue", it->tag_value[0] ? it->tag_value : NULL, &first);
		json_kv_str(b, "message", it->message, &first);
		json_kv_str(b, "status", it->status, &first);
		if (c == C_LORA)
			json_kv_int(b, "port", 1 + (int)(it->created % 200), &first);
		break;
	}
	json_kv_str(b, "createdAt", t1, &first);
	json_kv_str(b, "modifiedAt", t2, &first);
	buf_adds(b, "}");
}

static int find_device(const char *id, struct device *d);

/* [I] KPN_GROUPS_DEVICE_FILTER: the group a device is in — the first group
 * of the device's customer from its index on, else group index % count. */
static void device_group(const char *device_id, char out[37])
{
	struct device d;
	struct kitem *it = malloc(sizeof *it);
	uint32_t n = coll_count(C_GROUPS);

	out[0] = '\0';
	if (!it || find_device(device_id, &d)) {
		free(it);
		return;
	}
	for (uint32_t k = 0; k < n && !out[0]; k++) {
		coll_item(C_GROUPS, (d.index + k) % n, it);
		if (!strcmp(it->client_id, d.client_id))
			memcpy(out, it->id, 37);
	}
	if (!out[0] && n) { /* no group of its customer: one of the reseller's */
		coll_item(C_GROUPS, d.index % n, it);
		memcpy(out, it->id, 37);
	}
	free(it);
}

/* ---------- query parsing ---------- */

struct kquery {
	int coll;
	struct sort_spec sort;
	const char *q, *client, *device, *project, *barcode;
	uint64_t specs;                 /* deviceSpecificationId: bit s set for spec s */
	int has_specs;
	const char *context;           /* client id from the context header, or NULL */
	int64_t cs, cb, ms, mb;         /* created since/before, modified since/before; 0 = none */
	int has_cs, has_cb, has_ms, has_mb;
	uint32_t limit;
	uint64_t hash;
	char dev_group[37];            /* /device-groups?deviceId=: the device's group ("" none) */
};

static int icontains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!hay)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static int matches(const struct kquery *q, const struct kitem *it)
{
	if (q->context && strcmp(it->client_id, q->context) != 0)
		return 0;
	if (q->client && strcasecmp(it->client_id, q->client) != 0)
		return 0;
	if (q->device && q->coll == C_GROUPS ? strcmp(it->id, q->dev_group) != 0
	    : q->device && strcasecmp(it->device_id, q->device) != 0)
		return 0;
	if (q->project && strcasecmp(it->project_id, q->project) != 0)
		return 0;
	if (q->barcode && !icontains(it->barcode, q->barcode))
		return 0;
	if (q->has_specs && !(q->specs >> it->dev.spec & 1))
		return 0;
	if (q->has_cs && it->created < q->cs) return 0;
	if (q->has_cb && it->created >= q->cb) return 0;
	if (q->has_ms && it->modified < q->ms) return 0;
	if (q->has_mb && it->modified >= q->mb) return 0;
	if (q->q) {
		if (q->coll == C_DOWNLINKS || q->coll == C_LORA) {
			/* [D] downlinks: tagValue exact, networkId or message partial, case-sensitive */
			if (strcmp(it->tag_value, q->q) != 0 && !strstr(it->network_id, q->q) &&
			    !strstr(it->message, q->q))
				return 0;
		} else if (!icontains(it->name, q->q) && !icontains(it->description, q->q)) {
			/* [D] name or description, case-insensitive: not the barcode, not a DevEUI */
			return 0;
		}
	}
	return 1;
}

static const struct { const char *name; enum sort_field field; } sort_fields[] = {
	{ "createdAt", SF_CREATED }, { "modifiedAt", SF_MODIFIED }, { "name", SF_NAME },
	{ "id", SF_ID }, { "barcode", SF_BARCODE },
};

/* Parse "-createdAt,id"; returns NULL or an error detail. */
static const char *parse_sort(const char *s, int coll, struct sort_spec *out, char *err, size_t errsz)
{
	out->nkeys = 0;
	if (!s || !*s)
		return NULL;
	char tmp[256];
	snprintf(tmp, sizeof tmp, "%s", s);
	for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int desc = 0, found = 0;
		if (*tok == '-' || *tok == '+') {
			desc = *tok == '-';
			tok++;
		}
		for (size_t k = 0; k < sizeof sort_fields / sizeof sort_fields[0]; k++) {
			if (!strcmp(tok, sort_fields[k].name) &&
			    !(sort_fields[k].field == SF_BARCODE && coll != C_DEVICES) &&
			    !(sort_fields[k].field == SF_NAME && (coll == C_DOWNLINKS || coll == C_LORA))) {
				if (out->nkeys == 4) {
					snprintf(err, errsz, "At most 4 sort fields are supported.");
					return err;
				}
				out->keys[out->nkeys].field = sort_fields[k].field;
				out->keys[out->nkeys].desc = desc;
				out->nkeys++;
				found = 1;
			}
		}
		if (!found) {
			snprintf(err, errsz, "Unknown sort field '%s'.", tok);
			return err;
		}
	}
	return NULL;
}

static int is_uuid(const char *s)
{
	static const char pat[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	if (!s || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (pat[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* deviceSpecificationId (uuid[]): repeated and/or comma-separated. A UUID
 * that is no specification of the fleet matches nothing. */
static int parse_specs(const char *const *vals, int n, struct kquery *q)
{
	char spec[FLEET_SPECS][37];

	for (int s = 0; s < FLEET_SPECS; s++)
		fleet_spec_id(&g_sim.fleet, s, spec[s]);
	for (int k = 0; k < n; k++) {
		const char *p = vals[k];
		for (;;) {
			size_t len = strcspn(p, ",");
			char one[40];
			if (len != 36)
				return -1;
			memcpy(one, p, 36);
			one[36] = '\0';
			if (!is_uuid(one))
				return -1;
			q->has_specs = 1;
			for (int s = 0; s < FLEET_SPECS; s++)
				if (!strcasecmp(one, spec[s]))
					q->specs |= 1ull << s;
			if (!p[len])
				break;
			p += len + 1;
		}
	}
	return 0;
}

/* ---------- auth and context ---------- */

/* Returns 0 when authorised; otherwise fills o. */
static int check_bearer(struct sim_req *r, struct sim_resp *o)
{
	const char *h = req_header(r, "Authorization");
	uint32_t serial;
	int ok;

	if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
		resp_problem(o, r, 401, "Unauthorized", "Missing bearer token: request one from GRIP.");
		return -1;
	}
	ok = token_check(h + 7, &serial);
	if (ok == 1) {
		snprintf(r->auth_desc, sizeof r->auth_desc, "bearer:%u", serial);
		return 0;
	}
	if (ok == -1) {
		snprintf(r->auth_desc, sizeof r->auth_desc, "bearer:%u", serial);
		resp_problem(o, r, 401, "Unauthorized", "The access token has expired.");
	} else {
		resp_problem(o, r, 401, "Unauthorized", "The access token is not valid.");
	}
	return -1;
}

/* Sets *ctx to the customer client id (or NULL); returns 0, or fills o. */
static int check_context(struct sim_req *r, struct sim_resp *o, const char **ctx)
{
	const struct fleet *f = &g_sim.fleet;
	int n = req_header_count(r, KPN_CONTEXT_HEADER);
	const char *v = NULL;
	const char *uuid;

	*ctx = NULL;
	if (n > 1) {
		resp_problem(o, r, 400, "Invalid request",
			     "Only one " KPN_CONTEXT_HEADER " header can be included per request.");
		return -1;
	}
	if (n == 1) {
		v = req_header(r, KPN_CONTEXT_HEADER);
		if (strncmp(v, KPN_CONTEXT_PREFIX, strlen(KPN_CONTEXT_PREFIX)) != 0 ||
		    !is_uuid(v + strlen(KPN_CONTEXT_PREFIX))) {
			resp_problem(o, r, 400, "Invalid request",
				     KPN_CONTEXT_HEADER " must be client:uuid:{customerID}.");
			return -1;
		}
		uuid = v + strlen(KPN_CONTEXT_PREFIX);
	} else if ((v = req_header(r, KPN_ALT_CONTEXT_HEADER))) {
		uuid = v;
		if (!is_uuid(uuid)) {
			resp_problem(o, r, 400, "Invalid request", KPN_ALT_CONTEXT_HEADER " must be a UUID.");
			return -1;
		}
	} else {
		return 0;
	}
	snprintf(r->ctx_desc, sizeof r->ctx_desc, "%s", uuid);
	if (!strcasecmp(uuid, f->reseller_id)) {
		*ctx = f->reseller_id;
		return 0;
	}
	for (uint32_t c = 0; c < f->customers; c++) {
		if (!strcasecmp(uuid, f->customer_ids[c])) {
			*ctx = f->customer_ids[c];
			return 0;
		}
	}
	resp_problem(o, r, 403, "Forbidden", "Your account is not authorised as a reseller for this customer.");
	return -1;
}

/* ---------- handlers ---------- */

static void token_endpoint(struct sim_req *r, struct sim_resp *o)
{
	const struct fleet *f = &g_sim.fleet;
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
	const char *gt, *aud, *id, *secret;
	struct buf b = { 0 };

	gt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "grant_type"));
	aud = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "audience"));
	id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "client_id"));
	secret = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "client_secret"));
	if (!j || !gt || !id || !secret) {
		buf_adds(&b, "{\"error\":\"invalid_request\",\"error_description\":"
			     "\"A JSON body with grant_type, audience, client_id and client_secret is required.\"}");
		resp_json(o, 400, &b);
	} else if (strcmp(gt, "client_credentials") != 0) {
		buf_adds(&b, "{\"error\":\"unsupported_grant_type\",\"error_description\":"
			     "\"Only client_credentials is supported.\"}");
		resp_json(o, 400, &b);
	} else if (!strcmp(id, GRIP_NO_SERVICE_CLIENT_ID)) {
		buf_adds(&b, "{\"error\":\"invalid_client\",\"error_description\":\"" GRIP_ERR_SERVICE "\"}");
		resp_json(o, 403, &b);
	} else if (strcmp(id, f->kpn_client_id) != 0 || strcmp(secret, f->kpn_client_secret) != 0) {
		buf_adds(&b, "{\"error\":\"invalid_client\",\"error_description\":\"" GRIP_ERR_USER "\"}");
		resp_json(o, 401, &b);
	} else if (!aud || strcmp(aud, KPN_AUDIENCE) != 0) {
		buf_adds(&b, "{\"error\":\"invalid_request\",\"error_description\":"
			     "\"Unknown audience: use the KPN Things application id.\"}");
		resp_json(o, 400, &b);
	} else {
		char tok[96];
		uint32_t serial;
		token_issue(tok, sizeof tok, &serial);
		snprintf(r->auth_desc, sizeof r->auth_desc, "issued:bearer:%u", serial);
		buf_addf(&b, "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":%u}", tok,
			 g_sim.token_ttl);
		resp_json(o, 200, &b);
	}
	cJSON_Delete(j);
}

static void encode_cursor(char *out, size_t outsz, uint32_t pos, uint64_t qh)
{
	snprintf(out, outsz, "c%08x%08x", pos ^ (uint32_t)(qh >> 32), (uint32_t)qh);
}

static int decode_cursor(const char *s, uint64_t qh, uint32_t *pos)
{
	unsigned a, b;
	char tail;

	if (!s || sscanf(s, "c%8x%8x%c", &a, &b, &tail) != 2 || b != (uint32_t)qh)
		return -1;
	*pos = a ^ (uint32_t)(qh >> 32);
	return 0;
}

/* The first index whose createdAt is >= t (n when none): createdAt never
 * decreases with the index (see list()). */
static uint32_t first_created_at_least(int coll, uint32_t n, int64_t t, struct kitem *it)
{
	uint32_t lo = 0, hi = n;

	if (t == INT64_MIN)
		return 0;
	if (t == INT64_MAX)
		return n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		coll_item(coll, mid, it);
		if (it->created < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void list(struct sim_req *r, struct sim_resp *o, int coll)
{
	struct kquery q = { .coll = coll };
	char err[160];
	const char *v;
	uint64_t qh;
	static const struct { const char *name; size_t off_val; size_t off_has; } times[] = {
		{ "createdSince", offsetof(struct kquery, cs), offsetof(struct kquery, has_cs) },
		{ "createdBefore", offsetof(struct kquery, cb), offsetof(struct kquery, has_cb) },
		{ "modifiedSince", offsetof(struct kquery, ms), offsetof(struct kquery, has_ms) },
		{ "modifiedBefore", offsetof(struct kquery, mb), offsetof(struct kquery, has_mb) },
	};

	const char *const *allowed = list_params[coll];

	if (check_bearer(r, o) || check_context(r, o, &q.context) ||
	    req_check_params(r, o, allowed, "Invalid request"))
		return;
	v = req_arg(r, "limit"); /* with a cursor too: KPN_CURSOR_TAKES_LIMIT */
	_Static_assert(KPN_CURSOR_TAKES_LIMIT, "a limit sent with a cursor is honoured (guesses.h)");
	q.limit = KPN_DEFAULT_LIMIT;
	if (v) {
		char *end;
		long l = strtol(v, &end, 10);
		if (*end || end == v || l <= 0) {
			resp_problem(o, r, 400, "Invalid request", "The field 'limit' must be greater than zero.");
			return;
		}
		if (l > KPN_MAX_LIMIT) {
			snprintf(err, sizeof err, "The field 'limit' must be at most %d.", KPN_MAX_LIMIT);
			resp_problem(o, r, 400, "Invalid request", err);
			return;
		}
		q.limit = (uint32_t)l;
	}
	if (parse_sort(req_arg(r, "sort"), coll, &q.sort, err, sizeof err)) {
		resp_problem(o, r, 400, "Invalid request", err);
		return;
	}
	for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
		if ((v = req_arg(r, times[k].name))) {
			if (parse_iso_time(v, (int64_t *)((char *)&q + times[k].off_val))) {
				snprintf(err, sizeof err, "The field '%s' must be an ISO-8601 date-time.", times[k].name);
				resp_problem(o, r, 400, "Invalid request", err);
				return;
			}
			*(int *)((char *)&q + times[k].off_has) = 1;
		}
	}
	q.q = req_arg(r, "q");
	if (q.q && !*q.q) {
		resp_problem(o, r, 400, "Invalid request", "The field 'q' must not be empty.");
		return;
	}
	/* resource filters: only those the endpoint documents (with --lenient the
	 * others are ignored, as a server ignores what it does not know) */
	static const struct { const char *name; size_t off; } uuid_filters[] = {
		{ "clientId", offsetof(struct kquery, client) },
		{ "deviceId", offsetof(struct kquery, device) },
		{ "projectId", offsetof(struct kquery, project) },
	};
	for (size_t k = 0; k < sizeof uuid_filters / sizeof uuid_filters[0]; k++) {
		if (!params_have(allowed, uuid_filters[k].name) || !(v = req_arg(r, uuid_filters[k].name)))
			continue;
		/* [I] the guessed deviceId of /device-groups answers any other text with no group */
		if (!is_uuid(v) && !(coll == C_GROUPS && !strcmp(uuid_filters[k].name, KPN_GROUPS_DEVICE_FILTER))) {
			snprintf(err, sizeof err, "The field '%s' must be a UUID.", uuid_filters[k].name);
			resp_problem(o, r, 400, "Invalid request", err);
			return;
		}
		*(const char **)((char *)&q + uuid_filters[k].off) = v;
	}
	if (coll == C_GROUPS && q.device)
		device_group(q.device, q.dev_group);
	q.barcode = params_have(allowed, "barcode") ? req_arg(r, "barcode") : NULL;
	const char *specv[16];
	int nspec = params_have(allowed, "deviceSpecificationId") ?
		    req_arg_all(r, "deviceSpecificationId", specv, 16) : 0;
	if (nspec > 16) {
		resp_problem(o, r, 400, "Invalid request", "At most 16 values of 'deviceSpecificationId' are supported.");
		return;
	}
	if (parse_specs(specv, nspec, &q)) {
		resp_problem(o, r, 400, "Invalid request",
			     "The field 'deviceSpecificationId' must be a UUID or a comma-separated list of UUIDs.");
		return;
	}

	/* the cursor is bound to the query it came from */
	struct buf hb = { 0 };
	buf_addf(&hb, "%d|%s|%s|%s|%s|%s|%s|%s", coll, req_arg(r, "sort") ?: "", q.q ?: "", q.client ?: "",
		 q.device ?: "", q.project ?: "", q.barcode ?: "", q.context ?: "");
	for (size_t k = 0; k < sizeof times / sizeof times[0]; k++)
		buf_addf(&hb, "|%s", req_arg(r, times[k].name) ?: "");
	for (int k = 0; k < nspec; k++)
		buf_addf(&hb, "|s%s", specv[k]);
	qh = 1469598103934665603ull;
	for (size_t i = 0; i < hb.len; i++)
		qh = (qh ^ (unsigned char)hb.data[i]) * 1099511628211ull;
	buf_free(&hb);

	uint32_t pos = 0, n = coll_count(coll);
	if ((v = req_arg(r, "cursor")) && decode_cursor(v, qh, &pos)) {
		resp_problem(o, r, 400, "Invalid request", "The cursor is not valid for this query.");
		return;
	}
	int reverse;
	const uint32_t *perm = order_get(coll, &q.sort, n, &reverse);
	struct kitem *it = malloc(sizeof *it);
	struct buf b = { 0 };
	uint32_t count = 0, next = UINT32_MAX, start = pos, end = n;
	int first = 1;

	/* Time filters in the natural order touch only their index range: createdAt
	 * grows with the index in every collection, and modifiedAt lies within
	 * MAX_SPAN of createdAt, so a createdSince/modifiedSince poll of a million
	 * devices costs a binary search, not a scan. */
	if (!perm && (q.has_cs || q.has_cb || q.has_ms || q.has_mb)) {
		static const int64_t max_span[N_KPN] = { 90 * 86400, 30 * 86400, 30 * 86400, 3600, 3600 };
		_Static_assert(SIM_DOWNLINK_SENT_AFTER_S <= SIM_DOWNLINK_FINAL_AFTER_S && SIM_DOWNLINK_FINAL_AFTER_S <= 3600,
			       "a posted downlink's modifiedAt must stay in max_span");
		int64_t lo_t = INT64_MIN, hi_t = INT64_MAX;
		if (q.has_cs) lo_t = q.cs;
		if (q.has_ms && q.ms - max_span[coll] > lo_t) lo_t = q.ms - max_span[coll];
		if (q.has_cb) hi_t = q.cb;
		if (q.has_mb && q.mb < hi_t) hi_t = q.mb;
		uint32_t lo = first_created_at_least(coll, n, lo_t, it);
		uint32_t hi = first_created_at_least(coll, n, hi_t, it);
		if (hi < lo)
			hi = lo;
		uint32_t pstart = reverse ? n - hi : lo, pend = reverse ? n - lo : hi;
		if (pos < pstart)
			pos = pstart;
		end = pend;
	}

	buf_reserve(&b, q.limit * 420u + 512);
	buf_adds(&b, "{\"items\":[");
	/* devices: filters first look at the id-less light item (the cheap part) */
	int light = coll == C_DEVICES && (q.q || q.client || q.context || q.barcode || q.has_specs);
	for (; pos < end; pos++) {
		uint32_t idx = order_at(perm, reverse, n, pos);
		if (light) {
			fleet_device_light(&g_sim.fleet, idx, &it->dev);
			it->client_id = it->dev.client_id;
			if (q.context && strcmp(it->client_id, q.context) != 0)
				continue;
			if (q.client && strcasecmp(it->client_id, q.client) != 0)
				continue;
			if (q.barcode && !icontains(it->dev.barcode, q.barcode))
				continue;
			if (q.has_specs && !(q.specs >> it->dev.spec & 1))
				continue;
			if (q.q && !icontains(it->dev.name, q.q) && !icontains(it->dev.description, q.q))
				continue;
		}
		coll_item(coll, idx, it);
		if (!matches(&q, it))
			continue;
		if (count == q.limit) {
			next = pos;
			break;
		}
		if (!first)
			buf_adds(&b, ",");
		first = 0;
		write_item(&b, coll, it);
		count++;
	}
	free(it);
	buf_adds(&b, "]");
	char cur[40];
	if (next != UINT32_MAX) {
		if (g_sim.faults.cursor_loop && start > 0)
			encode_cursor(cur, sizeof cur, start, qh); /* points back at this very page */
		else
			encode_cursor(cur, sizeof cur, next, qh);
		buf_adds(&b, ",\"next\":\"");
		link_with(&b, r, "cursor", cur, g_sim.faults.redirect);
		buf_adds(&b, "\"");
	} else {
		buf_adds(&b, ",\"next\":null");
	}
	if (start > 0) {
		uint32_t prev = start > q.limit ? start - q.limit : 0;
		encode_cursor(cur, sizeof cur, prev, qh);
		buf_adds(&b, ",\"prev\":\"");
		link_with(&b, r, "cursor", cur, 0);
		buf_adds(&b, "\"");
	} else {
		buf_adds(&b, ",\"prev\":null");
	}
	buf_adds(&b, "}");
	if (g_sim.faults.huge) {
		buf_free(&b);
		o->status = 200;
		o->ctype = "application/json";
		o->stream_huge = 1;
		return;
	}
	resp_json(o, 200, &b);
}

/* O(1): the id is inverted to its index (fleet_uuid_index), never searched. */
static int find_device(const char *id, struct device *d)
{
	const struct fleet *f = &g_sim.fleet;
	uint32_t i;

	if (!is_uuid(id) || fleet_uuid_index(f->seed, 3, f->devices, id, &i))
		return -1;
	fleet_device(f, i, d);
	return 0;
}

static void device_detail(struct sim_req *r, struct sim_resp *o, const char *id)
{
	const char *ctx;
	struct kitem *it;
	struct buf b = { 0 };

	if (check_bearer(r, o) || check_context(r, o, &ctx) || req_check_params(r, o, params_none, "Invalid request"))
		return;
	it = calloc(1, sizeof *it);
	if (find_device(id, &it->dev) || (ctx && strcmp(it->dev.client_id, ctx) != 0)) {
		free(it);
		resp_problem(o, r, 404, "Not Found", "No device with this id in this context.");
		return;
	}
	coll_item(C_DEVICES, it->dev.index, it);
	write_item(&b, C_DEVICES, it);
	free(it);
	resp_json(o, 200, &b);
}

/* [I] A device's network adapters: most are LoRa only, some cellular only,
 * some both. The DevEUI is the fleet's; the IMEI is 14 digits plus a Luhn
 * check digit. Returns the number of adapters written. */
static int write_adapters(struct buf *b, const struct device *d)
{
	const struct fleet *f = &g_sim.fleet;
	uint64_t h = fleet_hash(f->seed, 12, d->index);
	unsigned mix = (unsigned)(h % 10);           /* 0-6 LoRa, 7-8 cellular, 9 both */
	int lora = mix <= 6 || mix == 9, cell = mix >= 7, n = 0;
	char id[37], imei[16];

	if (lora) {
		fleet_uuid(f->seed, 13, (uint64_t)d->index * 2, id);
		buf_addf(b, "{\"id\":\"%s\",\"type\":\"" KPN_ADAPTER_LORA "\",\"" KPN_ADAPTER_DEVEUI "\":\"%s\"}",
			 id, d->deveui);
		n++;
	}
	if (cell) {
		int sum = 0;
		snprintf(imei, sizeof imei, "35%012llu", (unsigned long long)((h >> 8) % 1000000000000ull));
		for (int k = 0; k < 14; k++) {
			int v = imei[13 - k] - '0';
			if (k % 2 == 0 && (v *= 2) > 9)
				v -= 9;
			sum += v;
		}
		imei[14] = (char)('0' + (10 - sum % 10) % 10);
		imei[15] = '\0';
		fleet_uuid(f->seed, 13, (uint64_t)d->index * 2 + 1, id);
		buf_addf(b, "%s{\"id\":\"%s\",\"type\":\"" KPN_ADAPTER_CELLULAR "\",\"" KPN_ADAPTER_IMEI "\":\"%s\"}",
			 n ? "," : "", id, imei);
		n++;
	}
	return n;
}

/* GET /devices/{id}/network-adapters [D name, I path and fields]: a short KPN page. */
static void network_adapters(struct sim_req *r, struct sim_resp *o, const char *id)
{
	const char *ctx;
	struct device d;
	struct buf b = { 0 };

	if (check_bearer(r, o) || check_context(r, o, &ctx) || req_check_params(r, o, params_none, "Invalid request"))
		return;
	if (find_device(id, &d) || (ctx && strcmp(d.client_id, ctx) != 0)) {
		resp_problem(o, r, 404, "Not Found", "No device with this id in this context.");
		return;
	}
	buf_adds(&b, "{\"items\":[");
	write_adapters(&b, &d);
	buf_adds(&b, "],\"next\":null,\"prev\":null}");
	resp_json(o, 200, &b);
}

/* GET /downlinks/{id}: one downlink, generated or posted, in this context. */
static void downlink_detail(struct sim_req *r, struct sim_resp *o, const char *id)
{
	const struct fleet *f = &g_sim.fleet;
	const char *ctx;
	uint32_t i, nposted, gen = n_generated_downlinks();
	struct kitem *it;
	struct buf b = { 0 };

	if (check_bearer(r, o) || check_context(r, o, &ctx) || req_check_params(r, o, params_none, "Invalid request"))
		return;
	pthread_mutex_lock(&g_sim.lock);
	nposted = g_sim.ndownlinks;
	pthread_mutex_unlock(&g_sim.lock);
	/* generated ids are kind 7 (index i), posted ones kind 8 (index gen + serial) */
	if (!is_uuid(id)) {
		i = UINT32_MAX;
	} else if (fleet_uuid_index(f->seed, 7, gen, id, &i)) {
		uint32_t serial;
		i = fleet_uuid_index(f->seed, 8, nposted, id, &serial) ? UINT32_MAX : gen + serial;
	}
	if (i == UINT32_MAX) {
		resp_problem(o, r, 404, "Not Found", "No downlink with this id in this context.");
		return;
	}
	it = calloc(1, sizeof *it);
	coll_item(C_DOWNLINKS, i, it);
	if (ctx && strcmp(it->client_id, ctx) != 0) {
		free(it);
		resp_problem(o, r, 404, "Not Found", "No downlink with this id in this context.");
		return;
	}
	write_item(&b, C_DOWNLINKS, it);
	free(it);
	resp_json(o, 200, &b);
}

/* Validate the POST /downlinks body [I: {"deviceId","message"}]; NULL or the problem detail. */
static const char *downlink_body_error(cJSON *j, const char **dev_id, const char **msg)
{
	cJSON *dev = cJSON_GetObjectItemCaseSensitive(j, "deviceId");
	cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");

	if (!cJSON_IsObject(j))
		return "The body must be a JSON object with the fields 'deviceId' and 'message'.";
	if (!dev)
		return "field 'deviceId' is required (a device UUID)";
	if (!cJSON_IsString(dev) || !is_uuid(dev->valuestring))
		return "field 'deviceId' must be a device UUID (a string)";
	if (!m)
		return "field 'message' is required (a string)";
	if (!cJSON_IsString(m))
		return "field 'message' must be a string";
	if (!*m->valuestring)
		return "field 'message' must not be empty";
	if (strlen(m->valuestring) >= sizeof ((struct posted_downlink *)0)->message)
		return "field 'message' is too long for the simulator (at most 127 bytes)";
	*dev_id = dev->valuestring;
	*msg = m->valuestring;
	return NULL;
}

static void create_downlink(struct sim_req *r, struct sim_resp *o)
{
	const char *ctx;
	cJSON *j;
	const char *dev_id = NULL, *msg = NULL, *bad;
	struct device d;
	struct buf b = { 0 };

	if (check_bearer(r, o) || check_context(r, o, &ctx) || req_check_params(r, o, params_none, "Invalid request"))
		return;
	j = cJSON_ParseWithLength(r->body.data, r->body.len);
	if ((bad = downlink_body_error(j, &dev_id, &msg))) {
		cJSON_Delete(j);
		resp_problem(o, r, 400, "Invalid request", bad);
		return;
	}
	if (find_device(dev_id, &d) || (ctx && strcmp(d.client_id, ctx) != 0)) {
		cJSON_Delete(j);
		resp_problem(o, r, 404, "Not Found", "No device with this id in this context.");
		return;
	}
	pthread_mutex_lock(&g_sim.lock);
	if (g_sim.ndownlinks >= 100000) {
		pthread_mutex_unlock(&g_sim.lock);
		cJSON_Delete(j);
		resp_problem(o, r, 409, "Conflict", "Too many queued downlinks in the simulator.");
		return;
	}
	struct posted_downlink *nd = realloc(g_sim.downlinks, (g_sim.ndownlinks + 1) * sizeof *nd);
	if (!nd)
		abort();
	g_sim.downlinks = nd;
	struct posted_downlink *p = &nd[g_sim.ndownlinks];
	fleet_uuid(g_sim.fleet.seed, 8, g_sim.ndownlinks, p->id);
	snprintf(p->device_id, sizeof p->device_id, "%s", d.id);
	snprintf(p->client_id, sizeof p->client_id, "%s", d.client_id);
	snprintf(p->message, sizeof p->message, "%s", msg);
	p->created = (int64_t)now_seconds();
	struct kitem it = { 0 };
	memcpy(it.id, p->id, sizeof it.id);
	memcpy(it.device_id, p->device_id, sizeof it.device_id);
	snprintf(it.message, sizeof it.message, "%s", p->message);
	it.client_id = d.client_id;
	snprintf(it.network_id, sizeof it.network_id, "lora");
	it.status = "QUEUED";
	it.created = it.modified = p->created;
	g_sim.ndownlinks++;
	pthread_mutex_unlock(&g_sim.lock);
	cJSON_Delete(j);
	write_item(&b, C_DOWNLINKS, &it);
	resp_json(o, 201, &b);
}

int kpn_handle(struct sim_req *r, struct sim_resp *o)
{
	static const struct { const char *path; int coll; } lists[] = {
		{ "/devices", C_DEVICES }, { "/device-groups", C_GROUPS }, { "/projects", C_PROJECTS },
		{ "/downlinks", C_DOWNLINKS }, { "/lora/downlinks", C_LORA },
	};
	int get = !strcmp(r->method, "GET"), post = !strcmp(r->method, "POST");

	if (!strcmp(r->path, KPN_TOKEN_PATH)) {
		if (post) {
			if (!req_check_params(r, o, params_none, "Invalid request"))
				token_endpoint(r, o);
		} else
			resp_problem(o, r, 405, "Method Not Allowed", "Use POST.");
		return 1;
	}
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
		if (!strcmp(r->path, lists[k].path)) {
			if (get)
				list(r, o, lists[k].coll);
			else if (post && lists[k].coll == C_DOWNLINKS)
				create_downlink(r, o);
			else
				resp_problem(o, r, 405, "Method Not Allowed", "This method is not supported here.");
			return 1;
		}
	}
	if (!strncmp(r->path, "/devices/", 9) && get) {
		const char *id = r->path + 9, *slash = strchr(id, '/');
		char one[40];
		if (!slash) {
			device_detail(r, o, id);
			return 1;
		}
		if (!strcmp(slash, KPN_ADAPTERS_SUFFIX) && (size_t)(slash - id) < sizeof one) {
			memcpy(one, id, (size_t)(slash - id));
			one[slash - id] = '\0';
			network_adapters(r, o, one);
			return 1;
		}
		return 0;
	}
	if (!strncmp(r->path, "/downlinks/", 11) && !strchr(r->path + 11, '/')) {
		if (get)
			downlink_detail(r, o, r->path + 11);
		else
			resp_problem(o, r, 405, "Method Not Allowed", "This method is not supported here.");
		return 1;
	}
	return 0;
}
