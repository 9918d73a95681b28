/* check.c — thingtop --check (see check.h). Everything it prints passes the
 * sanitiser, and unless --show-ids the id masker: a report is meant to be
 * pasted into a bug report. Findings name the provider-file key to change. */
#include "check.h"

#include "api.h"
#include "config.h"
#include "jsonpath.h"
#include "provider.h"
#include "query.h"
#include "sanitize.h"
#include "strbuf.h"
#include "walk.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_PAGE 5        /* items asked for in the sample page */
#define CHECK_MAX_FINDINGS 64

struct check {
	struct tt_api api;
	const struct tt_provider *prov;
	int show_ids;
	int nfindings;           /* differences: each makes the exit status 1 */
	char ratelimit[256];     /* the first rate-limit headers seen */
	struct strbuf findings;  /* one line each, printed at the end */
};

void check_mask_ids(const char *in, char *out, size_t outsz)
{
	size_t o = 0;

	if (!outsz)
		return;
	while (*in && o + 1 < outsz) {
		size_t run = 0, digits = 0;
		while (isalnum((unsigned char)in[run]) || in[run] == '-') {
			digits += isdigit((unsigned char)in[run]) != 0;
			run++;
		}
		if (run >= 8 && digits >= 3) {
			/* keep 4 characters and "…" (3 bytes) */
			if (o + 4 + 3 >= outsz)
				break;
			memcpy(out + o, in, 4);
			memcpy(out + o + 4, "\xe2\x80\xa6", 3);
			o += 7;
			in += run;
		} else if (run) {
			size_t n = run < outsz - 1 - o ? run : outsz - 1 - o;
			memcpy(out + o, in, n);
			o += n;
			in += n;
		} else {
			out[o++] = *in++;
		}
	}
	out[o] = '\0';
}

/* Print one line: sanitised, ids masked unless --show-ids. */
static void out_line(const struct check *c, FILE *f, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void out_line(const struct check *c, FILE *f, const char *fmt, ...)
{
	char raw[2048], clean[4096], masked[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	sanitize_text(raw, strlen(raw), clean, sizeof clean);
	if (!c->show_ids) {
		check_mask_ids(clean, masked, sizeof masked);
		fprintf(f, "%s\n", masked);
	} else {
		fprintf(f, "%s\n", clean);
	}
}

/* A difference between the API and the provider file, with the key to change. */
static void finding(struct check *c, const struct tt_resource *res, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void finding(struct check *c, const struct tt_resource *res, const char *key, const char *fmt, ...)
{
	char what[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	c->nfindings++;
	if (c->nfindings > CHECK_MAX_FINDINGS)
		return;
	sb_addf(&c->findings, "  %s\n      change: %s", what, key);
	if (res)
		sb_addf(&c->findings, " (resource '%s', %s line %d)", res->name, c->prov->path ? c->prov->path : "provider",
			res->line);
	sb_adds(&c->findings, "\n");
}

/* The reason a call failed, on one line: problem detail and hint. */
static void why(const struct tt_error *e, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%s%s", e->message, e->hint[0] ? " — " : "", e->hint);
}

static void note_ratelimit(struct check *c, const struct tt_http_response *r)
{
	if (!c->ratelimit[0] && r->ratelimit[0])
		snprintf(c->ratelimit, sizeof c->ratelimit, "%s", r->ratelimit);
}

/* GET path; fills r (caller frees) and e. Returns the api_call status. */
static int get(struct check *c, const char *path, struct tt_http_response *r, struct tt_error *e)
{
	int rc;

	tt_error_clear(e);
	http_response_reset(r);
	rc = api_call(&c->api, "GET", path, NULL, 0, r, e);
	note_ratelimit(c, r);
	return rc;
}

/* The first-page URL of res for query q, as the walk would ask for it. */
static int page_path(struct check *c, const struct tt_resource *res, const struct tt_query *q, struct strbuf *out,
		     struct tt_error *e)
{
	struct strbuf first = { 0 };
	int rc = query_build(&c->api, res, q, &first, e);

	if (!rc && c->prov->paging == PAGING_PAGE_NUMBER)
		walk_page_url(out, first.s, c->prov->page_param, c->prov->first_page);
	else if (!rc) {
		sb_reset(out);
		sb_adds(out, first.s);
	}
	sb_free(&first);
	return rc;
}

/* One path with {id} replaced by the (URL-escaped) id. */
static void fill_id(struct strbuf *out, const char *tmpl, const char *id)
{
	const char *p = strstr(tmpl, "{id}");

	sb_reset(out);
	if (!p) {
		sb_adds(out, tmpl);
		return;
	}
	sb_add(out, tmpl, (size_t)(p - tmpl));
	sb_add_url_escaped(out, id);
	sb_adds(out, p + 4);
}

/* A value to probe filter name with: a time for time filters, a little text
 * for the free-text parameter, else the sample item's own value of that name. */
static int probe_value(const struct tt_provider *p, const char *name, const cJSON *item, char *out, size_t outsz)
{
	if (query_is_time_filter(p, name)) {
		snprintf(out, outsz, "2000-01-01T00:00:00Z");
		return 0;
	}
	if (p->text_param && !strcmp(name, p->text_param)) {
		snprintf(out, outsz, "a");
		return 0;
	}
	const cJSON *v = item ? jsonpath_get(item, name) : NULL;
	if (v && (cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v)) && jsonpath_text(v, out, outsz) > 0)
		return 0;
	return -1;
}

/* Probe one query (a filter or a sort key) with a one-item page: 1 when the
 * API refused it (4xx), 0 when accepted, -1 when the call failed otherwise. */
static int probe(struct check *c, const struct tt_resource *res, const struct tt_query *q, char *err, size_t errsz)
{
	struct strbuf path = { 0 };
	struct tt_http_response r = { 0 };
	struct tt_error e = { 0 };
	int rc = 0;

	if (page_path(c, res, q, &path, &e)) {
		why(&e, err, errsz);
		rc = -1;
	} else if (get(c, path.s, &r, &e)) {
		why(&e, err, errsz);
		rc = r.status >= 400 && r.status < 500 && r.status != 401 && r.status != 429 ? 1 : -1;
	}
	http_response_free(&r);
	sb_free(&path);
	return rc;
}

static void probe_params(struct check *c, const struct tt_resource *res, const cJSON *item, char *notes, size_t nsz)
{
	char err[800], val[256];
	int probed = 0, refused = 0, skipped = 0;

	for (int i = 0; i < res->nfilters; i++) {
		struct tt_query q = { .limit = 1, .nfilters = 1 };
		/* without a sample value, a placeholder: a refusal may then be of the value only */
		int placeholder = probe_value(c->prov, res->filters[i], item, val, sizeof val) != 0;
		if (placeholder) {
			snprintf(val, sizeof val, "x");
			skipped++;
		}
		q.filters[0].key = res->filters[i];
		q.filters[0].value = val;
		int rc = probe(c, res, &q, err, sizeof err);
		probed++;
		if (rc == 1) {
			refused++;
			finding(c, res, "the filters list of this resource (drop it, or rename it to the API's name)",
				"%s: filter '%s' refused%s: %s", res->name, res->filters[i],
				placeholder ? " (probed with the placeholder value 'x': the API may refuse only the value)"
					    : "", err);
		} else if (rc < 0) {
			finding(c, res, "nothing in the provider file, if the API was only unavailable",
				"%s: probing filter '%s' failed: %s", res->name, res->filters[i], err);
		}
	}
	for (int i = 0; i < res->nsort_keys; i++) {
		struct tt_query q = { .limit = 1, .sort = res->sort_keys[i] };
		int rc = probe(c, res, &q, err, sizeof err);
		probed++;
		if (rc == 1) {
			refused++;
			finding(c, res, "sort_keys of this resource, or sort.map of the provider",
				"%s: sort by '%s' refused: %s", res->name, res->sort_keys[i], err);
		} else if (rc < 0) {
			finding(c, res, "nothing in the provider file, if the API was only unavailable",
				"%s: probing sort '%s' failed: %s", res->name, res->sort_keys[i], err);
		}
	}
	snprintf(notes, nsz, "%d params probed, %d refused", probed, refused);
	if (skipped) {
		size_t l = strlen(notes);
		snprintf(notes + l, nsz - l, ", %d with a placeholder value (no sample in the items)", skipped);
	}
}

/* Fetch path (with {id}) for the sample item; returns the status or 0. */
static long sub_get(struct check *c, const struct tt_resource *res, const char *tmpl, const char *id,
		    const char *key, int must_exist, char *notes, size_t nsz, const char *label)
{
	struct strbuf path = { 0 };
	struct tt_http_response r = { 0 };
	struct tt_error e = { 0 };
	char err[800];
	long status;

	fill_id(&path, tmpl, id);
	int rc = get(c, path.s, &r, &e);
	status = r.status;
	size_t l = strlen(notes);
	snprintf(notes + l, nsz - l, " · %s %ld", label, status);
	if (rc) {
		why(&e, err, sizeof err);
		if (status == 404 && !must_exist) {
			l = strlen(notes);
			snprintf(notes + l, nsz - l, " (none for this item)");
		} else {
			finding(c, res, key, "%s: %s %s failed (%s): %s", res->name, label, tmpl,
				status ? "HTTP status" : "no response", err);
		}
	}
	http_response_free(&r);
	sb_free(&path);
	return status;
}

/* Check one resource; returns the HTTP status of its sample page (0: none). */
static long check_resource(struct check *c, const struct tt_resource *res)
{
	struct tt_query q = { .limit = CHECK_PAGE };
	struct strbuf path = { 0 };
	struct tt_http_response r = { 0 };
	struct tt_error e = { 0 };
	char err[800], notes[600] = "";
	cJSON *doc = NULL;
	const char *items_field = res->items ? res->items : c->prov->items;
	int nitems = 0;

	if (page_path(c, res, &q, &path, &e)) {
		/* nothing was sent: a local reason (a resource that needs a context) */
		why(&e, err, sizeof err);
		out_line(c, stdout, "%-16s    -      -      -  not checked: %s", res->name, err);
		goto out;
	}
	if (get(c, path.s, &r, &e)) {
		/* a failed token request has no page response: its status is the error's */
		long st = r.status ? r.status : e.status;
		why(&e, err, sizeof err);
		out_line(c, stdout, "%-16s  %3ld  %5.0f      -  %s", res->name, st, r.ms, err);
		if (st == 401 || st == 403 || st == 302)
			finding(c, NULL, "the profile's credentials (client_id, client_secret*, api_key*, auth_param*) or context",
				"%s: GET %s failed: %s", res->name, res->path, err);
		else
			finding(c, res, st == 400 ? "the parameters this resource sends (limit_param, sort, context)"
				   : st == 404 ? "the path of this resource"
				   : "nothing, if the API was only unavailable",
				"%s: GET %s failed: %s", res->name, res->path, err);
		http_response_free(&r);
		sb_free(&path);
		return st ? st : -1;
	}
	doc = cJSON_ParseWithLength(r.body, r.len);
	const cJSON *items = doc ? cJSON_GetObjectItemCaseSensitive(doc, items_field) : NULL;
	if (!cJSON_IsArray(items)) {
		out_line(c, stdout, "%-16s  %3ld  %5.0f      -  no '%s' array in the answer", res->name, r.status, r.ms,
			 items_field);
		finding(c, res, res->items ? "items of this resource" : "paging.items of the provider", "%s: the page has no '%s' array",
			res->name, items_field);
		goto out;
	}
	nitems = cJSON_GetArraySize(items);
	/* paging fields: a full cursor page carries a next link; a numbered page says where it ends */
	if (c->prov->paging == PAGING_CURSOR_LINKS && nitems >= CHECK_PAGE &&
	    !cJSON_GetObjectItemCaseSensitive(doc, c->prov->next_field))
		finding(c, NULL, "paging.next", "%s: a full page of %d items has no '%s' link", res->name, nitems,
			c->prov->next_field);
	if (c->prov->paging == PAGING_PAGE_NUMBER && !cJSON_GetObjectItemCaseSensitive(doc, "totalPages") &&
	    !cJSON_GetObjectItemCaseSensitive(doc, "last"))
		finding(c, NULL, "paging.style", "%s: the page has neither 'totalPages' nor 'last'", res->name);
	/* columns: a path absent from every sample item is a difference */
	for (int i = 0; i < res->ncols && nitems > 0; i++) {
		int seen = 0;
		if (res->cols[i].sub)
			continue; /* read on the sub-resource, probed below */
		const cJSON *it;
		cJSON_ArrayForEach(it, items)
			seen += jsonpath_get(it, res->cols[i].path) != NULL;
		if (!seen)
			finding(c, res, "the path of this column (or drop the column)",
				"%s: column %s: path '%s' absent from all %d items", res->name, res->cols[i].title,
				res->cols[i].path, nitems);
	}
	const cJSON *first = nitems ? cJSON_GetArrayItem(items, 0) : NULL;
	char id[256] = "";
	if (first) {
		const cJSON *idv = jsonpath_get(first, res->id);
		if (idv)
			jsonpath_text(idv, id, sizeof id);
		else
			finding(c, res, "id of this resource", "%s: the items have no id field '%s'", res->name, res->id);
	}
	snprintf(notes, sizeof notes, "%d items", nitems);
	if (id[0]) {
		if (res->detail)
			sub_get(c, res, res->detail, id, "detail of this resource", 1, notes, sizeof notes, "detail");
		if (res->detail_extra)
			sub_get(c, res, res->detail_extra, id, "detail_extra of this resource", 1, notes, sizeof notes,
				res->detail_extra_title ? res->detail_extra_title : "extra");
		for (int i = 0; i < res->ncols; i++) { /* each sub-resource columns read, once */
			const char *sub = res->cols[i].sub;
			int seen = !sub || (res->detail_extra && !strcmp(sub, res->detail_extra));
			for (int k = 0; k < i && !seen; k++)
				seen = res->cols[k].sub && !strcmp(res->cols[k].sub, sub);
			if (!seen)
				sub_get(c, res, sub, id, "sub of this resource's columns", 1, notes, sizeof notes,
					res->cols[i].title);
		}
		for (int i = 0; i < res->nactions; i++) {
			const struct tt_action *a = &res->actions[i];
			if (strcmp(a->method, "GET") || !strstr(a->path, "{id}"))
				continue;  /* writes are never sent by --check */
			sub_get(c, res, a->path, id, "path of this action", 0, notes, sizeof notes, a->name);
		}
	} else if (!nitems) {
		size_t l = strlen(notes);
		snprintf(notes + l, sizeof notes - l, " (columns and detail not checked: the list is empty)");
	}
	out_line(c, stdout, "%-16s  %3ld  %5.0f  %5d  %s", res->name, r.status, r.ms, nitems, notes);
	char pnotes[200];
	probe_params(c, res, first, pnotes, sizeof pnotes);
	out_line(c, stdout, "%-16s                     %s", "", pnotes);
out:
	cJSON_Delete(doc);
	long status = r.status;
	http_response_free(&r);
	sb_free(&path);
	return status;
}

static const char *scheme_name(enum tt_auth_scheme s)
{
	static const char *const names[] = {
		[AUTH_OAUTH2_CC] = "oauth2-client-credentials",
		[AUTH_API_KEY_HEADER] = "api-key-header",
		[AUTH_API_KEY_JWT] = "api-key-jwt",
	};
	return names[s];
}

int check_run(const struct tt_options *o)
{
	struct tt_error e = { 0 };
	struct tt_config *cfg = NULL;
	struct tt_provider *prov = NULL;
	const struct tt_profile *profile = NULL;
	struct tt_api_shared shared;
	struct check c = { .show_ids = o->show_ids };
	int shared_open = 0, rc = 1;

	if (!(cfg = api_load_config(o, &e)) || !(profile = config_profile(cfg, o->profile, &e)) ||
	    !(prov = provider_load(profile->provider, &e)))
		goto fail;
	c.prov = prov;
	if (api_open_for(&shared, cfg, profile, prov, o, &e))
		goto fail;
	shared_open = 1;
	if (api_thread_init_uncancelled(&c.api, &shared, &e))
		goto fail;
	out_line(&c, stdout, "thingtop --check: profile %s, provider %s (%s)", profile->name, prov->name,
		 prov->path ? prov->path : "built in");
	out_line(&c, stdout, "base url: %s", shared.base_url);
	const char *ctx = api_initial_context(&shared, o);
	if (ctx && api_set_context(&c.api, ctx, &e)) {
		char err[800];
		why(&e, err, sizeof err);
		out_line(&c, stdout, "context: %s: %s", ctx, err);
		rc = 1;
		goto out;
	}
	out_line(&c, stdout, "context: %s", ctx && *ctx ? ctx : "own account");
	out_line(&c, stdout, "%-16s  %3s  %5s  %5s  %s", "RESOURCE", "HTTP", "MS", "ITEMS", "NOTES");
	int first = 1;
	double token_left = -1;
	for (int i = 0; i < prov->nres; i++) {
		if (!prov->res[i].path)
			continue;
		long status = check_resource(&c, &prov->res[i]);
		if (status && first) {
			/* the first call that went out fetched the token, if the scheme has one */
			token_left = api_token_remaining(&shared);
			first = 0;
			if (status == 401 || status == 403 || status == 302) {
				out_line(&c, stdout, "cannot authenticate: nothing else can be checked");
				break;
			}
		}
	}
	if (prov->auth != AUTH_API_KEY_HEADER)
		out_line(&c, stdout, token_left > 0 ? "token (%s): ok, valid for %.0f more minutes"
						    : "token (%s): none obtained (see the failures below)",
			 scheme_name(prov->auth), token_left / 60);
	out_line(&c, stdout, "rate-limit headers: %s", c.ratelimit[0] ? c.ratelimit : "none seen");
	if (c.nfindings) {
		out_line(&c, stdout, "%d difference%s from %s:", c.nfindings, c.nfindings == 1 ? "" : "s",
			 prov->path ? prov->path : prov->name);
		char *save = NULL;
		for (char *l = strtok_r(c.findings.s, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			out_line(&c, stdout, "%s", l);
		if (c.nfindings > CHECK_MAX_FINDINGS)
			out_line(&c, stdout, "  … and %d more", c.nfindings - CHECK_MAX_FINDINGS);
		out_line(&c, stdout, "see doc/providers.md for how to change a provider file without C");
	} else {
		out_line(&c, stdout, "everything matches %s", prov->path ? prov->path : prov->name);
		rc = 0;
	}
	goto out;
fail: {
	char err[800];
	why(&e, err, sizeof err);
	out_line(&c, stderr, "thingtop: %s", err);
}
out:
	fflush(stdout);
	sb_free(&c.findings);
	if (c.api.http)
		api_thread_free(&c.api);
	if (shared_open)
		api_close(&shared);
	provider_free(prov);
	config_free(cfg);
	return rc;
}
