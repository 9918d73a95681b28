/* akenza.c — the simulated akenza v3 API: x-api-key auth (with a key limited to
 * one workspace), organizations, workspaces, assets (GET and POST /list; some
 * are SIM cards, which are no devices) in Spring pages, devices (by id and by
 * DevEUI), device types, tags, downlinks, data queries and backfilling. Errors
 * use the Spring error body. Every endpoint accepts only the query parameters
 * akenza documents (the tables below; --lenient ignores the others), and write
 * bodies are validated field by field. */
#include "sim.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C_ASSETS 5

/* The query parameters each endpoint documents [H JC filters, EX, DOC; api-notes §2, §3]. */
static const char *const params_assets[] = { "workspaceId", "organizationId", "page", "size", "sort",
					     "search", "type", "tags.ids", "assetIds", NULL };   /* [H] JC AssetFilter */
static const char *const params_assets_list[] = { "page", "size", "sort", NULL };  /* [M] body holds the rest */
static const char *const params_workspaces[] = { "organizationId", "page", "size", "sort", "search", "name", NULL };
static const char *const params_organizations[] = { "page", "size", "sort", "minimal", "search", NULL };
static const char *const params_tags[] = { "workspaceId", "page", "size", "sort", "search", NULL };
static const char *const params_device_types[] = { "organizationId", "page", "size", "sort", "search", NULL };
static const char *const params_by_device_id[] = { "deviceId", NULL };
static const char *const params_none[] = { NULL };  /* details, downlink, query, backfill */
static const char *const params_query_get[] = { "topic", "limit", "skip", NULL };  /* [M] HA: GET …/query */

/* [I] Asset i is a SIM card (akenza's other asset type [H JC AssetType]) for
 * one index in AKENZA_SIM_CARD_EVERY, spread over the workspaces; the first
 * AKENZA_SIM_CARD_EVERY - 1 of every workspace are devices. */
static int is_sim_card(uint32_t i)
{
	return (i / g_sim.fleet.workspaces) % AKENZA_SIM_CARD_EVERY == AKENZA_SIM_CARD_EVERY - 1;
}

/* Asset i: the fleet's device, or a SIM card (no DevEUI, no data flow). */
static void asset(uint32_t i, struct device *d)
{
	fleet_device(&g_sim.fleet, i, d);
	if (is_sim_card(i)) {
		uint64_t h = fleet_hash(g_sim.fleet.seed, 15, i);
		snprintf(d->name, sizeof d->name, "SIM card %05u", i);
		snprintf(d->description, sizeof d->description, "ICCID 8931%015llu",
			 (unsigned long long)(h % 1000000000000000ull));
		d->deveui[0] = '\0';
	}
}

static void asset_order_fn(uint32_t i, int64_t *created, int64_t *modified, const char **name,
			   const char **id, const char **barcode, void *scratch)
{
	struct device *d = scratch;

	asset(i, d);
	*created = d->created;
	*modified = d->modified;
	*name = d->name;
	*id = d->akenza_id;
	*barcode = NULL;
}

void akenza_init(void)
{
	order_register(C_ASSETS, asset_order_fn, sizeof(struct device));
}

/* Which workspaces the key may see: bit w set. Returns 0, or fills o. */
static int check_key(struct sim_req *r, struct sim_resp *o, uint64_t *allowed)
{
	const struct fleet *f = &g_sim.fleet;
	const char *k = req_header(r, "x-api-key");
	struct buf b = { 0 };

	if (k && !strcmp(k, f->akenza_api_key)) {
		*allowed = f->workspaces >= 64 ? ~0ull : (1ull << f->workspaces) - 1;
		snprintf(r->auth_desc, sizeof r->auth_desc, "apikey");
		return 0;
	}
	if (k && !strcmp(k, f->akenza_restricted_key)) {
		*allowed = 1;
		snprintf(r->auth_desc, sizeof r->auth_desc, "apikey:restricted");
		return 0;
	}
	buf_adds(&b, "{\"message\":\"Unauthorized\"}");
	resp_json(o, 401, &b);
	return -1;
}

static void denied(struct sim_req *r, struct sim_resp *o)
{
	resp_spring_error(o, r, 403, "Forbidden", "Permission denied: no role exists matching the criteria");
}

static int workspace_index(const char *id)
{
	for (uint32_t w = 0; w < g_sim.fleet.workspaces; w++)
		if (id && !strcmp(id, g_sim.fleet.workspace_ids[w]))
			return (int)w;
	return -1;
}

static int page_args(struct sim_req *r, struct sim_resp *o, long *page, long *size)
{
	const char *p = req_arg(r, "page"), *s = req_arg(r, "size");
	char *end;

	*page = 0;
	*size = AKENZA_DEFAULT_SIZE;
	if (p) {
		*page = strtol(p, &end, 10);
		if (*end || end == p || *page < 0) {
			resp_spring_error(o, r, 400, "Bad Request", "page must be a non-negative integer");
			return -1;
		}
	}
	if (s) {
		*size = strtol(s, &end, 10);
		if (*end || end == s || *size <= 0 || *size > AKENZA_MAX_SIZE) {
			resp_spring_error(o, r, 400, "Bad Request", "size must be between 1 and 1000");
			return -1;
		}
	}
	return 0;
}

/* Spring's envelope around already-written content. */
static void spring_close(struct buf *b, long page, long size, uint64_t total, long nitems, int sorted)
{
	uint64_t pages = (total + (uint64_t)size - 1) / (uint64_t)size;
	const char *sortobj = sorted ? "{\"sorted\":true,\"unsorted\":false,\"empty\":false}"
				     : "{\"sorted\":false,\"unsorted\":true,\"empty\":true}";

	buf_addf(b, "],\"pageable\":{\"sort\":%s,\"offset\":%ld,\"pageNumber\":%ld,\"pageSize\":%ld,"
		    "\"unpaged\":false,\"paged\":true},\"totalPages\":%llu,\"totalElements\":%llu,"
		    "\"last\":%s,\"number\":%ld,\"sort\":%s,\"size\":%ld,\"numberOfElements\":%ld,"
		    "\"first\":%s,\"empty\":%s}",
		 sortobj, page * size, page, size, (unsigned long long)pages, (unsigned long long)total,
		 (uint64_t)page + 1 >= pages ? "true" : "false", page, sortobj, size, nitems,
		 page == 0 ? "true" : "false", nitems == 0 ? "true" : "false");
}

static void tag_id(uint32_t t, char out[17])
{
	fleet_akenza_id(g_sim.fleet.seed, 0x71, t, out);
}

static uint32_t device_tag(const struct device *d)
{
	return (uint32_t)d->workspace * 4 + (d->index / g_sim.fleet.workspaces) % 4;
}

static const char *const tag_names[] = { "Indoor", "Outdoor", "Critical", "Pilot" };
static const char *const type_names[] = { "EM500-CO2", "Elsys ERS", "Decentlab DL-PM", "Milesight AM307",
					   "Adeunis Pulse", "Tektelic Vivid" };

static void write_asset(struct buf *b, const struct device *d)
{
	const struct fleet *f = &g_sim.fleet;
	char t1[40], t2[40], t3[40], tid[17], dt[17], df[17];
	int first = 1;
	uint32_t tag = device_tag(d);

	json_time(t1, d->created, (d->index & 1) == 0);
	json_time(t2, d->modified, (d->index & 1) == 0);
	json_time(t3, d->modified + 3600, 0);
	tag_id(tag, tid);
	fleet_akenza_id(f->seed, 0x33, d->index % 6, dt);
	fleet_akenza_id(f->seed, 0x08, d->index % 6, df);
	buf_adds(b, "{");
	json_kv_str(b, "id", d->akenza_id, &first);
	json_kv_str(b, "name", d->name, &first);
	json_kv_str(b, "description", (d->index % 3) ? d->description : NULL, &first);
	if (is_sim_card(d->index)) {
		/* a SIM card: no deviceId, no connectivity state, no data flow */
		json_kv_str(b, "type", "SIM_CARD", &first);
		json_kv_str(b, "workspaceId", f->workspace_ids[d->workspace], &first);
		json_kv_str(b, "organizationId", f->org_id, &first);
		json_kv_raw(b, "properties", "{}", &first);
		json_key(b, "tags", &first);
		buf_addf(b, "[{\"id\":\"%s\",\"name\":\"%s\",\"description\":null}]", tid, tag_names[tag % 4]);
		json_kv_str(b, "created", t1, &first);
		json_kv_str(b, "updated", t2, &first);
		buf_adds(b, "}");
		return;
	}
	json_kv_str(b, "type", "DEVICE", &first);
	json_kv_str(b, "workspaceId", f->workspace_ids[d->workspace], &first);
	json_kv_str(b, "organizationId", f->org_id, &first);
	json_kv_str(b, "deviceId", d->deveui, &first);
	json_kv_str(b, "connectivity", "LORA", &first);
	json_kv_bool(b, "online", d->online, &first);
	if (!g_sim.faults.drift) /* --fault drift: dropped */
		json_kv_str(b, "onlineState", d->online ? "ONLINE" : "OFFLINE", &first);
	json_kv_int(b, "onlineTimeout", 86400, &first);
	json_kv_bool(b, "registered", 1, &first);
	json_kv_raw(b, "properties", "{}", &first);
	json_kv_str(b, "dataFlowId", df, &first);
	json_key(b, "dataFlow", &first);
	buf_addf(b, "{\"id\":\"%s\",\"name\":\"%s flow\",\"deviceType\":{\"id\":\"%s\",\"name\":\"%s\"}}",
		 df, type_names[d->index % 6], dt, type_names[d->index % 6]);
	json_key(b, "tags", &first);
	buf_addf(b, "[{\"id\":\"%s\",\"name\":\"%s\",\"description\":null}]", tid, tag_names[tag % 4]);
	json_key(b, "uplinkMetrics", &first);
	if (d->online)
		buf_addf(b, "{\"timestamp\":\"%s\",\"uplinkSize\":%u,\"rssi\":%d.0,\"snr\":%d.0,\"batteryLevel\":%d.0}",
			 t3, 20 + d->index % 200, d->rssi, (int)(d->index % 12), d->battery);
	else
		buf_adds(b, "null");
	json_kv_str(b, "created", t1, &first);
	json_kv_str(b, "updated", t2, &first);
	buf_adds(b, "}");
}

struct aquery {
	uint64_t ws;            /* workspace bitmask requested */
	const char *search;
	int tag;                /* -1 = none */
	int none;               /* type filter excludes everything */
	int type;               /* 0 any, 1 DEVICE only, 2 SIM_CARD only */
	uint32_t ids[16];       /* assetIds=a,b,…: only these (as indexes) */
	int nids;               /* -1: no assetIds filter */
	struct sort_spec sort;
};

static int parse_spring_sort(struct sim_req *r, struct sim_resp *o, struct sort_spec *sp, const char *what)
{
	const char *vals[4];
	int n = req_arg_all(r, "sort", vals, 4);
	static const struct { const char *name; enum sort_field f; } fields[] = {
		{ "name", SF_NAME }, { "created", SF_CREATED }, { "updated", SF_MODIFIED }, { "id", SF_ID },
	};

	sp->nkeys = 0;
	for (int i = 0; i < n && i < 4; i++) {
		char f[64];
		const char *comma = strchr(vals[i], ',');
		size_t len = comma ? (size_t)(comma - vals[i]) : strlen(vals[i]);
		int found = 0, desc = 0;

		if (comma && strcasecmp(comma + 1, "desc") == 0)
			desc = 1;
		else if (comma && strcasecmp(comma + 1, "asc") != 0) {
			resp_spring_error(o, r, 400, "Bad Request", "sort direction must be asc or desc");
			return -1;
		}
		if (len >= sizeof f)
			len = sizeof f - 1;
		memcpy(f, vals[i], len);
		f[len] = '\0';
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
			if (!strcmp(f, fields[k].name)) {
				sp->keys[sp->nkeys].field = fields[k].f;
				sp->keys[sp->nkeys].desc = desc;
				sp->nkeys++;
				found = 1;
			}
		}
		if (!found) {
			char msg[128];
			snprintf(msg, sizeof msg, "No property '%s' found for type '%s'", f, what);
			resp_spring_error(o, r, 400, "Bad Request", msg);
			return -1;
		}
	}
	return 0;
}

static int asset_matches(const struct aquery *q, uint32_t i, struct device *d, int *have)
{
	uint32_t w = i % g_sim.fleet.workspaces;

	*have = 0;
	if (q->none || !(q->ws & (1ull << w)))
		return 0;
	if (q->type && (q->type == 2) != is_sim_card(i))
		return 0;
	if (q->nids >= 0) {
		int hit = 0;
		for (int k = 0; k < q->nids && !hit; k++)
			hit = q->ids[k] == i;
		if (!hit)
			return 0;
	}
	if (!q->search && q->tag < 0)
		return 1;
	asset(i, d);
	*have = 1;
	if (q->tag >= 0 && (int)device_tag(d) != q->tag)
		return 0;
	if (q->search) {
		size_t n = strlen(q->search);
		const char *fields[] = { d->name, d->description, d->deveui };
		for (int k = 0; k < 3; k++)
			for (const char *p = fields[k]; *p; p++)
				if (!strncasecmp(p, q->search, n))
					return 1;
		return 0;
	}
	return 1;
}

static void assets_page(struct sim_req *r, struct sim_resp *o, struct aquery *q)
{
	long page, size;
	uint32_t n = g_sim.fleet.devices;
	uint64_t total = 0, skip;
	long nitems = 0;
	int reverse, have;
	struct device d;
	struct buf b = { 0 };

	if (page_args(r, o, &page, &size) || parse_spring_sort(r, o, &q->sort, "Asset"))
		return;
	const uint32_t *perm = order_get(C_ASSETS, &q->sort, n, &reverse);
	skip = (uint64_t)page * (uint64_t)size;
	buf_reserve(&b, (size_t)size * 900 + 512);
	buf_adds(&b, "{\"content\":[");
	for (uint32_t pos = 0; pos < n; pos++) {
		uint32_t i = order_at(perm, reverse, n, pos);
		if (!asset_matches(q, i, &d, &have))
			continue;
		if (total >= skip && nitems < size) {
			if (!have)
				asset(i, &d);
			if (nitems)
				buf_adds(&b, ",");
			write_asset(&b, &d);
			nitems++;
		}
		total++;
	}
	spring_close(&b, page, size, total, nitems, q->sort.nkeys > 0);
	if (g_sim.faults.huge) {
		buf_free(&b);
		o->status = 200;
		o->ctype = "application/json";
		o->stream_huge = 1;
		return;
	}
	resp_json(o, 200, &b);
}

static int tag_index(const char *id)
{
	char t[17];
	for (uint32_t k = 0; k < g_sim.fleet.workspaces * 4; k++) {
		tag_id(k, t);
		if (id && !strcmp(id, t))
			return (int)k;
	}
	return -1;
}

/* assetIds=ID,ID…: the akenza ids inverted to their indexes (O(1) each); an
 * id that names no asset matches nothing. */
static void parse_asset_ids(const char *v, struct aquery *q)
{
	const struct fleet *f = &g_sim.fleet;
	char id[64];

	q->nids = 0;
	while (v && *v && q->nids < (int)(sizeof q->ids / sizeof q->ids[0])) {
		size_t n = strcspn(v, ",");
		uint32_t i;
		snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id - 1 ? n : sizeof id - 1), v);
		if (!fleet_akenza_index(f->seed, 0x02, f->devices, id, &i))
			q->ids[q->nids++] = i;
		v += n + (v[n] == ',');
	}
	if (!q->nids)
		q->none = 1;
}

static void get_assets(struct sim_req *r, struct sim_resp *o, uint64_t allowed)
{
	struct aquery q = { .tag = -1, .nids = -1 };
	const char *ws = req_arg(r, "workspaceId"), *org = req_arg(r, "organizationId");
	const char *type = req_arg(r, "type"), *tags = req_arg(r, "tags.ids");

	if (ws) {
		int w = workspace_index(ws);
		if (w < 0) {
			resp_spring_error(o, r, 404, "Not Found", "Workspace not found");
			return;
		}
		if (!(allowed & (1ull << w))) {
			denied(r, o);
			return;
		}
		q.ws = 1ull << w;
	} else if (org) {
		if (strcmp(org, g_sim.fleet.org_id) != 0) {
			resp_spring_error(o, r, 404, "Not Found", "Organization not found");
			return;
		}
		if (allowed != (g_sim.fleet.workspaces >= 64 ? ~0ull : (1ull << g_sim.fleet.workspaces) - 1)) {
			denied(r, o); /* org-level permission check fails for workspace-scoped keys */
			return;
		}
		q.ws = allowed;
	} else {
		resp_spring_error(o, r, 400, "Bad Request", "Either workspaceId or organizationId is required");
		return;
	}
	q.search = req_arg(r, "search");
	if (q.search && !*q.search)
		q.search = NULL;
	if (type && !strcmp(type, "DEVICE"))
		q.type = 1;
	else if (type && !strcmp(type, "SIM_CARD"))
		q.type = 2;
	else if (type)
		q.none = 1;
	if (tags) {
		q.tag = tag_index(tags);
		if (q.tag < 0)
			q.none = 1;
	}
	if (req_arg(r, "assetIds"))
		parse_asset_ids(req_arg(r, "assetIds"), &q);
	assets_page(r, o, &q);
}

static void post_assets_list(struct sim_req *r, struct sim_resp *o, uint64_t allowed)
{
	struct aquery q = { .tag = -1, .nids = -1 };
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
	cJSON *ids = cJSON_GetObjectItemCaseSensitive(j, "workspaceIds");
	const char *org = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "organizationId"));
	cJSON *it;

	if (!j || (!ids && !org) || (ids && org)) {
		cJSON_Delete(j);
		resp_spring_error(o, r, 400, "Bad Request", "Body needs either workspaceIds or organizationId");
		return;
	}
	if (ids) {
		cJSON_ArrayForEach(it, ids) {
			int w = workspace_index(cJSON_GetStringValue(it));
			if (w < 0 || !(allowed & (1ull << w))) {
				cJSON_Delete(j);
				denied(r, o);
				return;
			}
			q.ws |= 1ull << w;
		}
	} else if (strcmp(org, g_sim.fleet.org_id) != 0 ||
		   allowed != (g_sim.fleet.workspaces >= 64 ? ~0ull : (1ull << g_sim.fleet.workspaces) - 1)) {
		cJSON_Delete(j);
		denied(r, o);
		return;
	} else {
		q.ws = allowed;
	}
	cJSON_Delete(j);
	assets_page(r, o, &q);
}

static void write_org(struct buf *b)
{
	const struct fleet *f = &g_sim.fleet;
	char t[40];
	int first = 1;

	json_time(t, f->base_time - 86400 * 30, 1);
	buf_adds(b, "{");
	json_kv_str(b, "id", f->org_id, &first);
	json_kv_str(b, "name", f->org_name, &first);
	json_kv_str(b, "description", "Generated by thingtop-sim", &first);
	json_kv_raw(b, "logo", "null", &first);
	json_kv_str(b, "created", t, &first);
	json_kv_str(b, "updated", t, &first);
	buf_adds(b, "}");
}

static void organization(struct sim_req *r, struct sim_resp *o, const char *id)
{
	struct buf b = { 0 };

	if (strcmp(id, g_sim.fleet.org_id) != 0) {
		resp_spring_error(o, r, 404, "Not Found", "Organization not found");
		return;
	}
	write_org(&b);
	resp_json(o, 200, &b);
}

/* The small collections: organizations, workspaces, tags, device types. */
enum small_kind { S_ORGS, S_WORKSPACES, S_TAGS, S_TYPES };

struct small_item { uint32_t k; const char *name; char id[17]; };

static void write_small(struct buf *b, enum small_kind kind, int w, const struct small_item *it)
{
	const struct fleet *f = &g_sim.fleet;
	char t[40];
	int first = 1;

	if (kind == S_ORGS) {
		write_org(b);
		return;
	}
	buf_adds(b, "{");
	json_kv_str(b, "id", it->id, &first);
	json_kv_str(b, "name", it->name, &first);
	switch (kind) {
	case S_WORKSPACES:
		json_time(t, f->base_time - 86400 * 20, 1);
		json_kv_str(b, "description", NULL, &first);
		json_kv_int(b, "version", 0, &first);
		json_kv_raw(b, "properties", "{}", &first);
		json_kv_str(b, "organizationId", f->org_id, &first);
		json_kv_str(b, "created", t, &first);
		json_kv_raw(b, "updated", "null", &first);
		break;
	case S_TAGS:
		json_kv_str(b, "workspaceId", f->workspace_ids[w], &first);
		json_kv_str(b, "color", it->k % 2 ? "#FF8800" : NULL, &first);
		json_kv_int(b, "taggedDevices", f->devices / (f->workspaces * 4), &first);
		break;
	case S_TYPES:
		json_kv_str(b, "type", "library", &first);
		json_kv_raw(b, "organizationId", "null", &first);
		break;
	case S_ORGS:
		break;
	}
	buf_adds(b, "}");
}

static int small_before(const struct sort_spec *sp, const struct small_item *a, const struct small_item *b)
{
	for (int k = 0; k < sp->nkeys; k++) {
		int c = 0;
		if (sp->keys[k].field == SF_NAME)
			c = strcmp(a->name, b->name);
		else if (sp->keys[k].field == SF_ID)
			c = strcmp(a->id, b->id);
		/* created/updated: the same for every item of these collections */
		if (c)
			return sp->keys[k].desc ? c > 0 : c < 0;
	}
	return 0;
}

/* A Spring page of a small collection: search (case-insensitive, the name)
 * and, for workspaces, name [I: exact]; sort by name or id; page and size. */
static void small_list(struct sim_req *r, struct sim_resp *o, enum small_kind kind, uint64_t allowed)
{
	static const char *const what[] = { "Organization", "Workspace", "Tag", "DeviceType" };
	const struct fleet *f = &g_sim.fleet;
	const char *search = req_arg(r, "search"), *name = kind == S_WORKSPACES ? req_arg(r, "name") : NULL;
	const char *org = req_arg(r, "organizationId");
	struct small_item items[FLEET_MAX_WORKSPACES * 4];
	struct sort_spec sp;
	struct buf b = { 0 };
	long page, size, nitems = 0;
	uint32_t n = 0;
	int w = -1;

	if (page_args(r, o, &page, &size) || parse_spring_sort(r, o, &sp, what[kind]))
		return;
	if (kind == S_WORKSPACES && (!org || strcmp(org, f->org_id) != 0)) {
		resp_spring_error(o, r, 400, "Bad Request", "organizationId is required and must exist");
		return;
	}
	if (kind == S_TYPES && org && strcmp(org, f->org_id) != 0) {
		resp_spring_error(o, r, 404, "Not Found", "Organization not found");
		return;
	}
	if (kind == S_TAGS) {
		w = workspace_index(req_arg(r, "workspaceId"));
		if (w < 0) {
			resp_spring_error(o, r, 400, "Bad Request", "workspaceId is required and must exist");
			return;
		}
		if (!(allowed & (1ull << w))) {
			denied(r, o);
			return;
		}
	}
	uint32_t all = kind == S_ORGS ? 1 : kind == S_WORKSPACES ? f->workspaces : kind == S_TAGS ? 4 : 6;
	for (uint32_t k = 0; k < all; k++) {
		struct small_item *it = &items[n];
		it->k = k;
		switch (kind) {
		case S_ORGS:
			it->name = f->org_name;
			memcpy(it->id, f->org_id, sizeof it->id);
			break;
		case S_WORKSPACES:
			if (!(allowed & (1ull << k)))
				continue;
			it->name = f->workspace_names[k];
			memcpy(it->id, f->workspace_ids[k], sizeof it->id);
			break;
		case S_TAGS:
			it->name = tag_names[k];
			tag_id((uint32_t)w * 4 + k, it->id);
			break;
		case S_TYPES:
			it->name = type_names[k];
			fleet_akenza_id(f->seed, 0x33, k, it->id);
			break;
		}
		if (search && *search && !strcasestr(it->name, search))
			continue;
		if (name && strcmp(it->name, name) != 0)
			continue;
		/* insertion sort: stable, at most a few hundred items */
		uint32_t pos = n;
		struct small_item tmp = *it;
		while (pos > 0 && small_before(&sp, &tmp, &items[pos - 1])) {
			items[pos] = items[pos - 1];
			pos--;
		}
		items[pos] = tmp;
		n++;
	}
	buf_adds(&b, "{\"content\":[");
	for (uint64_t k = (uint64_t)page * (uint64_t)size; k < n && nitems < size; k++) {
		if (nitems++)
			buf_adds(&b, ",");
		write_small(&b, kind, w, &items[k]);
	}
	spring_close(&b, page, size, n, nitems, sp.nkeys > 0);
	resp_json(o, 200, &b);
}

/* O(1): the id is inverted to its index (fleet_akenza_index), never searched. */
static int find_asset(const char *id, struct device *d)
{
	const struct fleet *f = &g_sim.fleet;
	uint32_t i;

	if (fleet_akenza_index(f->seed, 0x02, f->devices, id, &i) || is_sim_card(i))
		return -1; /* [D] a SIM card is an asset, not a device */
	fleet_device(f, i, d);
	return 0;
}

static void write_sample(struct buf *b, const struct device *d, int64_t ts, const char *topic,
			 const char *data_json)
{
	char t[40];

	json_time(t, ts, 0);
	buf_addf(b, "{\"timestamp\":\"%s\",\"dateStored\":\"%s\",\"deviceId\":\"%s\",\"topic\":", t, t, d->akenza_id);
	json_str(b, topic);
	buf_addf(b, ",\"data\":%s}", data_json);
}

static void generated_data(char *out, size_t n, const struct device *d, uint32_t k)
{
	uint64_t h = fleet_hash(g_sim.fleet.seed, 300 + k, d->index);
	snprintf(out, n, "{\"temperature\":%.1f,\"humidity\":%u,\"co2\":%u,\"batteryLevel\":%d}",
		 15.0 + (double)(h % 120) / 10.0, (unsigned)(30 + (h >> 8) % 50), (unsigned)(400 + (h >> 16) % 900),
		 d->battery);
}

/* All samples of a device newest first: backfilled ones plus 48 hourly generated ones. */
static void query_samples(struct sim_req *r, struct sim_resp *o, const struct device *d, int latest_only)
{
	struct buf b = { 0 };
	cJSON *j = latest_only ? NULL : cJSON_ParseWithLength(r->body.data, r->body.len);
	const char *topic = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "topic"));
	cJSON *lim = cJSON_GetObjectItemCaseSensitive(j, "limit");
	cJSON *skipj = cJSON_GetObjectItemCaseSensitive(j, "skip");
	long limit = cJSON_IsNumber(lim) ? (long)lim->valuedouble : 8000;
	long skip = cJSON_IsNumber(skipj) ? (long)skipj->valuedouble : 0;
	if (!latest_only && !strcmp(r->method, "GET")) {
		/* [M] HA: GET …/query?topic=*&limit=1&skip=0, the POST body's fields as parameters */
		const char *t = req_arg(r, "topic"), *l = req_arg(r, "limit"), *k = req_arg(r, "skip");
		topic = t;
		limit = l ? strtol(l, NULL, 10) : 8000;
		skip = k ? strtol(k, NULL, 10) : 0;
	}
	int64_t gen_base = (int64_t)now_seconds() / 3600 * 3600;
	long emitted = 0, seen = 0;
	char data[160];

	if (!topic)
		topic = "default";
	if (latest_only)
		limit = 1;
	/* backfilled samples, newest first */
	struct { int64_t ts; uint32_t k; } *bf = NULL;
	size_t nbf = 0;
	pthread_mutex_lock(&g_sim.lock);
	for (uint32_t k = 0; k < g_sim.nsamples; k++) {
		if (g_sim.samples[k].device == d->index &&
		    (!strcmp(topic, "*") || !strcmp(topic, g_sim.samples[k].topic))) {
			bf = realloc(bf, (nbf + 1) * sizeof *bf);
			bf[nbf].ts = g_sim.samples[k].timestamp;
			bf[nbf].k = k;
			nbf++;
		}
	}
	if (!latest_only)
		buf_adds(&b, "[");
	size_t bi = nbf;
	for (int g = 0; emitted < limit;) {
		int64_t gts = g < 48 && (!strcmp(topic, "default") || !strcmp(topic, "*")) ? gen_base - g * 3600 : INT64_MIN;
		int64_t bts = bi > 0 ? bf[bi - 1].ts : INT64_MIN;
		if (gts == INT64_MIN && bts == INT64_MIN)
			break;
		if (seen++ < skip) {
			if (bts >= gts) bi--; else g++;
			continue;
		}
		if (emitted)
			buf_adds(&b, ",");
		if (bts >= gts) {
			const struct posted_sample *s = &g_sim.samples[bf[--bi].k];
			write_sample(&b, d, s->timestamp, s->topic, s->data_json);
		} else {
			generated_data(data, sizeof data, d, (uint32_t)g);
			write_sample(&b, d, gts, "default", data);
			g++;
		}
		emitted++;
	}
	pthread_mutex_unlock(&g_sim.lock);
	free(bf);
	cJSON_Delete(j);
	if (!latest_only)
		buf_adds(&b, "]");
	else if (!emitted) {
		buf_free(&b);
		resp_spring_error(o, r, 404, "Not Found", "No data for this topic");
		return;
	}
	resp_json(o, 200, &b);
}

/* Validate one backfill sample [I body: {timestamp?, topic?, data}]; at names
 * it in messages ("" for the body itself, "[3]" in a bulk array). 0, or -1
 * with err naming the field. */
static int check_sample(cJSON *s, const char *at, int64_t *when, char *err, size_t errsz)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(s, "data");
	cJSON *topic = cJSON_GetObjectItemCaseSensitive(s, "topic");
	cJSON *ts = cJSON_GetObjectItemCaseSensitive(s, "timestamp");
	const char *dot = *at ? "." : "";

	*when = (int64_t)now_seconds();
	if (!cJSON_IsObject(s)) {
		snprintf(err, errsz, "%s must be a JSON object (a sample)", *at ? at : "the body");
		return -1;
	}
	if (!data) {
		snprintf(err, errsz, "field '%s%sdata' is required (an object)", at, dot);
		return -1;
	}
	if (!cJSON_IsObject(data)) {
		snprintf(err, errsz, "field '%s%sdata' must be an object", at, dot);
		return -1;
	}
	if (topic && !cJSON_IsNull(topic) &&
	    (!cJSON_IsString(topic) || !*topic->valuestring ||
	     strlen(topic->valuestring) >= sizeof ((struct posted_sample *)0)->topic)) {
		snprintf(err, errsz, "field '%s%stopic' must be a non-empty string of at most 31 bytes", at, dot);
		return -1;
	}
	if (ts && !cJSON_IsNull(ts) && (!cJSON_IsString(ts) || parse_iso_time(ts->valuestring, when))) {
		snprintf(err, errsz, "field '%s%stimestamp' must be an ISO-8601 date-time string", at, dot);
		return -1;
	}
	return 0;
}

static int store_sample(const struct device *d, cJSON *s, int64_t when, char *err, size_t errsz)
{
	const char *topic = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "topic"));

	pthread_mutex_lock(&g_sim.lock);
	if (g_sim.nsamples >= 100000) {
		pthread_mutex_unlock(&g_sim.lock);
		snprintf(err, errsz, "the simulator holds at most 100000 backfilled samples");
		return -1;
	}
	struct posted_sample *ns = realloc(g_sim.samples, (g_sim.nsamples + 1) * sizeof *ns);
	if (!ns)
		abort();
	g_sim.samples = ns;
	ns[g_sim.nsamples].device = d->index;
	snprintf(ns[g_sim.nsamples].topic, sizeof ns[g_sim.nsamples].topic, "%s", topic ? topic : "default");
	ns[g_sim.nsamples].data_json = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(s, "data"));
	ns[g_sim.nsamples].timestamp = when;
	g_sim.nsamples++;
	pthread_mutex_unlock(&g_sim.lock);
	return 0;
}

static void backfill(struct sim_req *r, struct sim_resp *o, const struct device *d, int bulk)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len), *it;
	struct buf b = { 0 };
	char err[160] = "", at[24];
	int count = 0, k = 0;
	int64_t when;

	if (bulk && !cJSON_IsArray(j))
		snprintf(err, sizeof err, "the body must be a JSON array of samples");
	else if (bulk && cJSON_GetArraySize(j) == 0)
		snprintf(err, sizeof err, "the body must hold at least one sample");
	else if (bulk) {
		/* all or nothing: every sample is checked before any is stored */
		cJSON_ArrayForEach(it, j) {
			snprintf(at, sizeof at, "[%d]", k++);
			if (check_sample(it, at, &when, err, sizeof err))
				break;
		}
		if (!err[0]) {
			cJSON_ArrayForEach(it, j) {
				check_sample(it, "", &when, err, sizeof err);
				if (store_sample(d, it, when, err, sizeof err))
					break;
				count++;
			}
		}
	} else if (!check_sample(j, "", &when, err, sizeof err) && !store_sample(d, j, when, err, sizeof err)) {
		count = 1;
	}
	cJSON_Delete(j);
	if (err[0]) {
		resp_spring_error(o, r, 400, "Bad Request", err);
		return;
	}
	buf_addf(&b, "{\"message\":\"%d sample%s backfilled\",\"count\":%d}", count, count == 1 ? "" : "s", count);
	resp_json(o, 200, &b);
}

static int is_hex_even(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n % 2 == 0 && strspn(s, "0123456789abcdefABCDEF") == n;
}

/* Validate a downlink body [H JC]: {"raw":bool,"loraDownlink":{"port":1..223,
 * "payloadHex":hex,"payload":{},"confirmed":bool,"clearQueue":bool}} or
 * "mqttDownlink":{"topic":string,...}. NULL or the message naming the field. */
static const char *downlink_body_error(cJSON *j)
{
	cJSON *raw = cJSON_GetObjectItemCaseSensitive(j, "raw");
	cJSON *lora = cJSON_GetObjectItemCaseSensitive(j, "loraDownlink");
	cJSON *mqtt = cJSON_GetObjectItemCaseSensitive(j, "mqttDownlink");

	if (!cJSON_IsObject(j))
		return "the body must be a JSON object with raw and loraDownlink";
	if (!raw)
		return "field 'raw' is required (true or false)";
	if (!cJSON_IsBool(raw))
		return "field 'raw' must be a boolean";
	if (!lora && !mqtt)
		return "field 'loraDownlink' is required (an object)";
	if (lora) {
		cJSON *port = cJSON_GetObjectItemCaseSensitive(lora, "port");
		cJSON *hex = cJSON_GetObjectItemCaseSensitive(lora, "payloadHex");
		cJSON *payload = cJSON_GetObjectItemCaseSensitive(lora, "payload");
		cJSON *conf = cJSON_GetObjectItemCaseSensitive(lora, "confirmed");
		cJSON *clear = cJSON_GetObjectItemCaseSensitive(lora, "clearQueue");
		if (!cJSON_IsObject(lora))
			return "field 'loraDownlink' must be an object";
		if (!port)
			return "field 'loraDownlink.port' is required (an integer from 1 to 223)";
		if (!cJSON_IsNumber(port) || port->valuedouble != (double)(int)port->valuedouble ||
		    port->valuedouble < 1 || port->valuedouble > 223)
			return "field 'loraDownlink.port' must be an integer from 1 to 223";
		if (hex && !cJSON_IsNull(hex) && (!cJSON_IsString(hex) || !is_hex_even(hex->valuestring)))
			return "field 'loraDownlink.payloadHex' must be a hex string (an even number of hex digits)";
		if (cJSON_IsTrue(raw) && (!hex || cJSON_IsNull(hex)))
			return "field 'loraDownlink.payloadHex' is required when raw is true (a hex string)";
		if (payload && !cJSON_IsNull(payload) && !cJSON_IsObject(payload))
			return "field 'loraDownlink.payload' must be an object";
		if (cJSON_IsFalse(raw) && !cJSON_IsObject(payload) && !cJSON_IsString(hex))
			return "field 'loraDownlink.payload' is required when raw is false (an object)";
		if (conf && !cJSON_IsBool(conf))
			return "field 'loraDownlink.confirmed' must be a boolean";
		if (clear && !cJSON_IsBool(clear))
			return "field 'loraDownlink.clearQueue' must be a boolean";
	}
	if (mqtt) {
		cJSON *topic = cJSON_GetObjectItemCaseSensitive(mqtt, "topic");
		if (!cJSON_IsObject(mqtt))
			return "field 'mqttDownlink' must be an object";
		if (!topic)
			return "field 'mqttDownlink.topic' is required (a string)";
		if (!cJSON_IsString(topic) || !*topic->valuestring)
			return "field 'mqttDownlink.topic' must be a non-empty string";
	}
	return NULL;
}

static void device_routes(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	char id[17];
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
	const char *sub = slash ? slash : "";
	struct device d;
	struct buf b = { 0 };
	int get = !strcmp(r->method, "GET"), post = !strcmp(r->method, "POST");

	if (n != 16) {
		resp_spring_error(o, r, 404, "Not Found", "Device not found");
		return;
	}
	memcpy(id, rest, 16);
	id[16] = '\0';
	if (find_asset(id, &d)) {
		resp_spring_error(o, r, 404, "Not Found", "Device not found");
		return;
	}
	if (!(allowed & (1ull << d.workspace))) {
		denied(r, o);
		return;
	}
	if (!*sub && get) {
		write_asset(&b, &d);
		resp_json(o, 200, &b);
	} else if (!strcmp(sub, "/downlink") && post) {
		cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
		const char *bad = downlink_body_error(j);
		cJSON_Delete(j);
		if (bad)
			resp_spring_error(o, r, 400, "Bad Request", bad);
		else
			resp_empty(o, 204);
	} else if (!strcmp(sub, "/query/latest-sample") && get) {
		query_samples(r, o, &d, 1);
	} else if (!strcmp(sub, "/query") && (post || get)) {
		query_samples(r, o, &d, 0);
	} else if (!strcmp(sub, AKENZA_BACKFILL_SUFFIX) && post) {
		backfill(r, o, &d, 0);
	} else if (!strcmp(sub, AKENZA_BACKFILL_BULK_SUFFIX) && post) {
		backfill(r, o, &d, 1);
	} else {
		resp_spring_error(o, r, 404, "Not Found", "No such endpoint");
	}
}

/* GET /v3/devices/by-device-id?deviceId=<DevEUI> [C JC, H EX]: the device, like GET /v3/devices/{id}. */
static void by_device_id(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	const char *eui = req_arg(r, "deviceId");
	struct device d;
	struct buf b = { 0 };
	uint32_t i;

	(void)rest;
	if (!eui || !*eui) {
		resp_spring_error(o, r, 400, "Bad Request",
				  "Required request parameter 'deviceId' for method parameter type String is not present");
		return;
	}
	if (fleet_deveui_index(&g_sim.fleet, eui, &i) || is_sim_card(i)) {
		resp_spring_error(o, r, 404, "Not Found", "Device not found");
		return;
	}
	asset(i, &d);
	if (!(allowed & (1ull << d.workspace))) {
		denied(r, o);
		return;
	}
	write_asset(&b, &d);
	resp_json(o, 200, &b);
}

static void h_orgs(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	(void)rest;
	small_list(r, o, S_ORGS, allowed);
}
static void h_org(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	(void)allowed;
	organization(r, o, rest);
}
static void h_workspaces(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	(void)rest;
	small_list(r, o, S_WORKSPACES, allowed);
}
static void h_tags(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	(void)rest;
	small_list(r, o, S_TAGS, allowed);
}
static void h_types(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	(void)rest;
	small_list(r, o, S_TYPES, allowed);
}
static void h_assets(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	(void)rest;
	get_assets(r, o, allowed);
}
static void h_assets_list(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest)
{
	(void)rest;
	post_assets_list(r, o, allowed);
}

/* The endpoints: method (NULL = any, the handler decides), path (a prefix when
 * it ends in '/'), the query parameters akenza documents for it, the handler. */
static const struct route {
	const char *method, *path;
	const char *const *params;
	void (*fn)(struct sim_req *r, struct sim_resp *o, uint64_t allowed, const char *rest);
} routes[] = {
	{ "GET", "/v3/organizations", params_organizations, h_orgs },
	{ "GET", "/v3/organizations/", params_none, h_org },
	{ "GET", "/v3/workspaces", params_workspaces, h_workspaces },
	{ "GET", "/v3/assets", params_assets, h_assets },
	{ "POST", "/v3/assets/list", params_assets_list, h_assets_list },
	{ "GET", "/v3/device-types", params_device_types, h_types },
	{ "GET", "/v3/tags", params_tags, h_tags },
	{ "GET", "/v3/devices/by-device-id", params_by_device_id, by_device_id },
	{ NULL, "/v3/devices/", params_none, device_routes },
};

int akenza_handle(struct sim_req *r, struct sim_resp *o)
{
	uint64_t allowed;

	if (strncmp(r->path, "/v3/", 4) != 0)
		return 0;
	if (check_key(r, o, &allowed))
		return 1;
	for (size_t k = 0; k < sizeof routes / sizeof routes[0]; k++) {
		const struct route *rt = &routes[k];
		size_t n = strlen(rt->path);
		int prefix = rt->path[n - 1] == '/';
		if (rt->method && strcmp(rt->method, r->method) != 0)
			continue;
		if (prefix ? strncmp(r->path, rt->path, n) != 0 : strcmp(r->path, rt->path) != 0)
			continue;
		size_t pl = strlen(r->path);
		int query_get = rt->fn == device_routes && !strcmp(r->method, "GET") && pl > 6 &&
				!strcmp(r->path + pl - 6, "/query");
		if (!req_check_params(r, o, query_get ? params_query_get : rt->params, NULL))
			rt->fn(r, o, allowed, r->path + n);
		return 1;
	}
	resp_spring_error(o, r, 404, "Not Found", "No such endpoint");
	return 1;
}
