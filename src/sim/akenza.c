/* akenza.c — the simulated akenza v3 API: x-api-key auth (with a key limited to
 * one workspace), organizations, workspaces, assets (GET and POST /list) in
 * Spring pages, devices, device types, tags, downlinks, data queries and
 * backfilling. Errors use the Spring error body. */
#include "sim.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C_ASSETS 5

static void asset_order_fn(uint32_t i, int64_t *created, int64_t *modified, const char **name,
			   const char **id, const char **barcode, void *scratch)
{
	struct device *d = scratch;

	fleet_device(&g_sim.fleet, i, d);
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
	json_kv_str(b, "type", "DEVICE", &first);
	json_kv_str(b, "workspaceId", f->workspace_ids[d->workspace], &first);
	json_kv_str(b, "organizationId", f->org_id, &first);
	json_kv_str(b, "deviceId", d->deveui, &first);
	json_kv_str(b, "connectivity", "LORA", &first);
	json_kv_bool(b, "online", d->online, &first);
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
	struct sort_spec sort;
};

static int parse_spring_sort(struct sim_req *r, struct sim_resp *o, struct sort_spec *sp)
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
			snprintf(msg, sizeof msg, "No property '%s' found for type 'Asset'", f);
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
	if (!q->search && q->tag < 0)
		return 1;
	fleet_device(&g_sim.fleet, i, d);
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

	if (page_args(r, o, &page, &size) || parse_spring_sort(r, o, &q->sort))
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
				fleet_device(&g_sim.fleet, i, &d);
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

static void get_assets(struct sim_req *r, struct sim_resp *o, uint64_t allowed)
{
	struct aquery q = { .tag = -1 };
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
	if (type && strcmp(type, "DEVICE") != 0)
		q.none = 1;
	if (tags) {
		q.tag = tag_index(tags);
		if (q.tag < 0)
			q.none = 1;
	}
	assets_page(r, o, &q);
}

static void post_assets_list(struct sim_req *r, struct sim_resp *o, uint64_t allowed)
{
	struct aquery q = { .tag = -1 };
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
	q.search = req_arg(r, "search");
	assets_page(r, o, &q);
}

static void organizations(struct sim_req *r, struct sim_resp *o, const char *id)
{
	const struct fleet *f = &g_sim.fleet;
	struct buf b = { 0 };
	char t[40];
	int first = 1;

	if (id && strcmp(id, f->org_id) != 0) {
		resp_spring_error(o, r, 404, "Not Found", "Organization not found");
		return;
	}
	json_time(t, f->base_time - 86400 * 30, 1);
	if (!id)
		buf_adds(&b, "{\"content\":[");
	buf_adds(&b, "{");
	json_kv_str(&b, "id", f->org_id, &first);
	json_kv_str(&b, "name", f->org_name, &first);
	json_kv_str(&b, "description", "Generated by thingtop-sim", &first);
	json_kv_raw(&b, "logo", "null", &first);
	json_kv_str(&b, "created", t, &first);
	json_kv_str(&b, "updated", t, &first);
	buf_adds(&b, "}");
	if (!id)
		spring_close(&b, 0, 25, 1, 1, 0);
	resp_json(o, 200, &b);
}

static void workspaces(struct sim_req *r, struct sim_resp *o, uint64_t allowed)
{
	const struct fleet *f = &g_sim.fleet;
	const char *org = req_arg(r, "organizationId"), *search = req_arg(r, "search");
	long page, size, nitems = 0;
	uint64_t total = 0;
	struct buf b = { 0 };
	char t[40];

	if (page_args(r, o, &page, &size))
		return;
	if (!org || strcmp(org, f->org_id) != 0) {
		resp_spring_error(o, r, 400, "Bad Request", "organizationId is required and must exist");
		return;
	}
	json_time(t, f->base_time - 86400 * 20, 1);
	buf_adds(&b, "{\"content\":[");
	for (uint32_t w = 0; w < f->workspaces; w++) {
		int first = 1;
		if (!(allowed & (1ull << w)))
			continue;
		if (search && !strcasestr(f->workspace_names[w], search))
			continue;
		if (total >= (uint64_t)(page * size) && nitems < size) {
			if (nitems)
				buf_adds(&b, ",");
			buf_adds(&b, "{");
			json_kv_str(&b, "id", f->workspace_ids[w], &first);
			json_kv_str(&b, "name", f->workspace_names[w], &first);
			json_kv_str(&b, "description", NULL, &first);
			json_kv_int(&b, "version", 0, &first);
			json_kv_raw(&b, "properties", "{}", &first);
			json_kv_str(&b, "organizationId", f->org_id, &first);
			json_kv_str(&b, "created", t, &first);
			json_kv_raw(&b, "updated", "null", &first);
			buf_adds(&b, "}");
			nitems++;
		}
		total++;
	}
	spring_close(&b, page, size, total, nitems, 0);
	resp_json(o, 200, &b);
}

static void simple_list(struct sim_req *r, struct sim_resp *o, uint64_t allowed, int tags)
{
	const struct fleet *f = &g_sim.fleet;
	struct buf b = { 0 };
	long page, size, nitems = 0;
	uint64_t total = 0;
	int w = -1;

	if (page_args(r, o, &page, &size))
		return;
	if (tags) {
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
	buf_adds(&b, "{\"content\":[");
	uint32_t n = tags ? 4 : 6;
	for (uint32_t k = 0; k < n; k++) {
		int first = 1;
		char id[17];
		if (total >= (uint64_t)(page * size) && nitems < size) {
			if (nitems)
				buf_adds(&b, ",");
			buf_adds(&b, "{");
			if (tags) {
				tag_id((uint32_t)w * 4 + k, id);
				json_kv_str(&b, "id", id, &first);
				json_kv_str(&b, "name", tag_names[k], &first);
				json_kv_str(&b, "workspaceId", f->workspace_ids[w], &first);
				json_kv_str(&b, "color", k % 2 ? "#FF8800" : NULL, &first);
				json_kv_int(&b, "taggedDevices", f->devices / (f->workspaces * 4), &first);
			} else {
				fleet_akenza_id(f->seed, 0x33, k, id);
				json_kv_str(&b, "id", id, &first);
				json_kv_str(&b, "name", type_names[k], &first);
				json_kv_str(&b, "type", "library", &first);
				json_kv_raw(&b, "organizationId", "null", &first);
			}
			buf_adds(&b, "}");
			nitems++;
		}
		total++;
	}
	spring_close(&b, page, size, total, nitems, 0);
	resp_json(o, 200, &b);
}

/* O(1): the id is inverted to its index (fleet_akenza_index), never searched. */
static int find_asset(const char *id, struct device *d)
{
	const struct fleet *f = &g_sim.fleet;
	uint32_t i;

	if (fleet_akenza_index(f->seed, 0x02, f->devices, id, &i))
		return -1;
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

static int store_sample(const struct device *d, cJSON *s, char *err, size_t errsz)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(s, "data");
	const char *topic = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "topic"));
	const char *ts = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "timestamp"));
	struct tm tm = { 0 };
	int64_t when = (int64_t)now_seconds();

	if (!cJSON_IsObject(data)) {
		snprintf(err, errsz, "each sample needs a data object");
		return -1;
	}
	if (ts) {
		if (!strptime(ts, "%Y-%m-%dT%H:%M:%S", &tm)) {
			snprintf(err, errsz, "timestamp must be ISO-8601");
			return -1;
		}
		when = (int64_t)timegm(&tm);
	}
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
	ns[g_sim.nsamples].data_json = cJSON_PrintUnformatted(data);
	ns[g_sim.nsamples].timestamp = when;
	g_sim.nsamples++;
	pthread_mutex_unlock(&g_sim.lock);
	return 0;
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
		int ok = cJSON_IsObject(j) && (cJSON_GetObjectItemCaseSensitive(j, "loraDownlink") ||
					      cJSON_GetObjectItemCaseSensitive(j, "mqttDownlink"));
		cJSON_Delete(j);
		if (!ok)
			resp_spring_error(o, r, 400, "Bad Request", "Body needs loraDownlink or mqttDownlink");
		else
			resp_empty(o, 204);
	} else if (!strcmp(sub, "/query/latest-sample") && get) {
		query_samples(r, o, &d, 1);
	} else if (!strcmp(sub, "/query") && post) {
		query_samples(r, o, &d, 0);
	} else if ((!strcmp(sub, "/backfill") || !strcmp(sub, "/backfill/bulk")) && post) {
		cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len), *it;
		int bulk = !strcmp(sub, "/backfill/bulk"), count = 0;
		char err[128] = "";
		if (!j || (bulk ? !cJSON_IsArray(j) : !cJSON_IsObject(j))) {
			snprintf(err, sizeof err, bulk ? "body must be a JSON array of samples" : "body must be a JSON sample");
		} else if (bulk) {
			cJSON_ArrayForEach(it, j) {
				if (store_sample(&d, it, err, sizeof err))
					break;
				count++;
			}
		} else if (!store_sample(&d, j, err, sizeof err)) {
			count = 1;
		}
		cJSON_Delete(j);
		if (err[0]) {
			resp_spring_error(o, r, 400, "Bad Request", err);
		} else {
			buf_addf(&b, "{\"message\":\"%d sample%s backfilled\",\"count\":%d}", count, count == 1 ? "" : "s", count);
			resp_json(o, 200, &b);
		}
	} else {
		resp_spring_error(o, r, 404, "Not Found", "No such endpoint");
	}
}

int akenza_handle(struct sim_req *r, struct sim_resp *o)
{
	uint64_t allowed;
	int get = !strcmp(r->method, "GET");

	if (strncmp(r->path, "/v3/", 4) != 0)
		return 0;
	if (check_key(r, o, &allowed))
		return 1;
	if (!strcmp(r->path, "/v3/organizations") && get)
		organizations(r, o, NULL);
	else if (!strncmp(r->path, "/v3/organizations/", 18) && get)
		organizations(r, o, r->path + 18);
	else if (!strcmp(r->path, "/v3/workspaces") && get)
		workspaces(r, o, allowed);
	else if (!strcmp(r->path, "/v3/assets") && get)
		get_assets(r, o, allowed);
	else if (!strcmp(r->path, "/v3/assets/list") && !strcmp(r->method, "POST"))
		post_assets_list(r, o, allowed);
	else if (!strcmp(r->path, "/v3/device-types") && get)
		simple_list(r, o, allowed, 0);
	else if (!strcmp(r->path, "/v3/tags") && get)
		simple_list(r, o, allowed, 1);
	else if (!strncmp(r->path, "/v3/devices/", 12))
		device_routes(r, o, allowed, r->path + 12);
	else
		resp_spring_error(o, r, 404, "Not Found", "No such endpoint");
	return 1;
}
