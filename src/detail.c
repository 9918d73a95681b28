/* detail.c — the detail view's text and its related lists (see detail.h). */
#include "detail.h"
#include "xalloc.h"

#include "http.h"
#include "jsonpath.h"
#include "query.h"
#include "sanitize.h"
#include "strbuf.h"
#include "walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_MAX 400   /* a field's value is cut here in the readable view (raw has it whole) */
#define CELL_MAX 24     /* a related row's cell width at most */

static void add_pretty(struct strbuf *t, const char *body, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	char *p = j ? cJSON_Print(j) : NULL;
	if (p)
		sb_adds(t, p);
	else
		sb_add(t, body, len);
	free(p);
	cJSON_Delete(j);
}

/* The value as one line: strings as they are, others as JSON; a line break
 * shows as ↵, as the sanitiser shows it (the pager splits lines at \n). */
static void value_line(const cJSON *v, struct strbuf *out)
{
	struct strbuf tmp = { 0 };
	jsonpath_text_sb(v, &tmp);
	for (size_t i = 0; i < tmp.len && i < VALUE_MAX; i++) {
		if (tmp.s[i] == '\n' || tmp.s[i] == '\r')
			sb_adds(out, "\u21b5");
		else
			sb_addc(out, tmp.s[i] == '\t' ? ' ' : tmp.s[i]);
	}
	if (tmp.len > VALUE_MAX)
		sb_adds(out, "…");
	sb_free(&tmp);
}

static void field_line(struct strbuf *t, const char *indent, const char *name, int w, const cJSON *v)
{
	char clean[128], fit[160];
	sanitize_text(name, strlen(name), clean, sizeof clean);
	sanitize_fit(clean, w, 1, fit, sizeof fit);
	sb_addf(t, "%s%s  ", indent, fit);
	value_line(v, t);
	sb_addc(t, '\n');
}

/* A column the item's fields are listed under by its title: not one read
 * from a sub-resource (the detail_extra section shows that), nor a ref
 * (its id goes by the field's own name: the table shows the name). */
static int field_column(const struct tt_column *c)
{
	return !c->sub && !c->ref;
}

/* A column covers a member when its path starts with that member's name. */
static int covered(const struct tt_resource *r, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < r->ncols; i++)
		if (field_column(&r->cols[i]) && !strncmp(r->cols[i].path, name, n) && (r->cols[i].path[n] == '\0' || r->cols[i].path[n] == '.'))
			return 1;
	return !strcmp(name, r->id);
}

/* The item's fields: the columns (by their titles) first, then the rest. */
static void add_fields(struct strbuf *t, const struct tt_resource *r, const cJSON *item)
{
	int w = 4;
	const cJSON *m;
	for (int i = 0; i < r->ncols; i++)
		if (field_column(&r->cols[i]) && sanitize_width(r->cols[i].title) > w)
			w = sanitize_width(r->cols[i].title);
	cJSON_ArrayForEach(m, item)
		if (m->string && !covered(r, m->string) && (int)strlen(m->string) > w)
			w = (int)strlen(m->string);
	if (w > 28)
		w = 28;
	char title[80];
	for (int i = 0; i < r->ncols; i++) {
		if (!field_column(&r->cols[i]))
			continue;
		snprintf(title, sizeof title, "%s:", r->cols[i].title);
		field_line(t, "", title, w + 1, jsonpath_get(item, r->cols[i].path));
	}
	/* the id by its own name when no column shows it */
	int id_shown = 0;
	for (int i = 0; i < r->ncols; i++)
		id_shown |= !strcmp(r->cols[i].path, r->id);
	if (!id_shown && jsonpath_get(item, r->id)) {
		snprintf(title, sizeof title, "%s:", r->id);
		field_line(t, "", title, w + 1, jsonpath_get(item, r->id));
	}
	cJSON_ArrayForEach(m, item) {
		if (!m->string || covered(r, m->string))
			continue;
		snprintf(title, sizeof title, "%s:", m->string);
		field_line(t, "", title, w + 1, m);
	}
}

void detail_extra_section(struct strbuf *t, const char *title, const char *extra, size_t extra_len,
			  const char *extra_err, const char *text)
{
	sb_addf(t, "\n── %s ──\n", title);
	if (text)
		sb_adds(t, text);
	else if (extra)
		add_pretty(t, extra, extra_len);
	else
		sb_addf(t, "(%s)", extra_err ? extra_err : "not fetched");
	sb_addc(t, '\n');
}

int detail_template(const char *tmpl, const char *id, const cJSON *item, const cJSON *extra, int url,
		    struct strbuf *out, char *why, size_t whysz)
{
	for (const char *p = tmpl; *p;) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		if (!end) {
			sb_addc(out, *p++);
			continue;
		}
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
		struct strbuf v = { 0 };
		const cJSON *j = NULL;
		if (!strcmp(name, "id"))
			sb_adds(&v, id);
		else if (!strncmp(name, "extra:", 6))
			j = extra ? jsonpath_get(extra, name + 6) : NULL;
		else
			j = item ? jsonpath_get(item, name) : NULL;
		if (j && !cJSON_IsNull(j) && !cJSON_IsObject(j) && !cJSON_IsArray(j))
			jsonpath_text_sb(j, &v);
		if (!v.len) {
			snprintf(why, whysz, "%s is missing from the %s", !strncmp(name, "extra:", 6) ? name + 6 : name,
				 !strncmp(name, "extra:", 6) ? "sub-resource" : "item");
			sb_free(&v);
			return -1;
		}
		if (url)
			sb_add_url_escaped(out, v.s);
		else
			sb_adds(out, v.s);
		sb_free(&v);
		p = end + 1;
	}
	return 0;
}

/* One member of a row: "name: value"; an object is opened one level
 * ({"data":{"temperature":21.9}} shows temperature: 21.9). */
static void row_member(struct strbuf *t, const char *name, const cJSON *m, int *n)
{
	if (cJSON_IsObject(m) && m->child) {
		const cJSON *c;
		cJSON_ArrayForEach(c, m)
			row_member(t, c->string ? c->string : "?", cJSON_IsObject(c) ? NULL : c, n);
		return;
	}
	if (!m)
		return;
	sb_addf(t, "%s%s: ", (*n)++ ? " · " : "", name);
	value_line(m, t);
}

/* A row of a related list that is not a resource: the related list's fields
 * (all the row's, when it names none) on one line. */
static void generic_row(struct strbuf *t, const struct tt_related *x, const cJSON *it)
{
	const cJSON *m;
	int n = 0;
	sb_adds(t, "  ");
	if (!cJSON_IsObject(it)) {
		value_line(it, t);
		sb_addc(t, '\n');
		return;
	}
	if (x->nfields) {
		for (int i = 0; i < x->nfields; i++)
			row_member(t, x->fields[i], jsonpath_get(it, x->fields[i]), &n);
	} else {
		cJSON_ArrayForEach(m, it)
			if (m->string && n < 12)
				row_member(t, m->string, m, &n);
	}
	sb_addc(t, '\n');
}

/* A path-kind answer: rows (an array), or one object's fields. max: rows shown, 0 all. */
static void generic_answer(struct strbuf *t, const struct tt_related *x, const cJSON *doc, int max, int *shown,
			   int *total)
{
	const cJSON *arr = x->items ? jsonpath_get(doc, x->items) : doc;
	const cJSON *it;
	*shown = *total = 0;
	if (cJSON_IsArray(arr)) {
		*total = cJSON_GetArraySize(arr);
		cJSON_ArrayForEach(it, arr) {
			if (max && *shown >= max)
				break;
			generic_row(t, x, it);
			(*shown)++;
		}
		if (!*total)
			sb_adds(t, "  (none)\n");
	} else if (cJSON_IsObject(doc)) {
		const cJSON *m;
		int w = 4;
		cJSON_ArrayForEach(m, doc)
			if (m->string && (int)strlen(m->string) > w)
				w = (int)strlen(m->string);
		if (w > 28)
			w = 28;
		cJSON_ArrayForEach(m, doc) {
			char title[80];
			snprintf(title, sizeof title, "%s:", m->string ? m->string : "?");
			field_line(t, "  ", title, w + 1, m);
		}
		*shown = *total = 1;
	} else {
		sb_adds(t, "  (the answer is neither a list nor an object)\n");
	}
}

/* A resource-kind list's first rows, in its own columns. */
static void resource_rows(struct strbuf *t, const struct tt_resource *res, const cJSON *arr, int *n)
{
	char fit[CELL_MAX * 4 + 8], clean[512], cell[512];
	int w[TT_MAX_COLUMNS];
	const cJSON *it;

	*n = 0;
	sb_adds(t, "  ");
	for (int c = 0; c < res->ncols; c++) {
		if (res->cols[c].sub)
			continue; /* read per row from a sub-resource: the table's */
		w[c] = res->cols[c].width < CELL_MAX ? res->cols[c].width : CELL_MAX;
		if (w[c] < sanitize_width(res->cols[c].title))
			w[c] = sanitize_width(res->cols[c].title);
		sanitize_fit(res->cols[c].title, w[c], c + 1 < res->ncols, fit, sizeof fit);
		sb_addf(t, "%s%s", c ? "  " : "", fit);
	}
	sb_addc(t, '\n');
	cJSON_ArrayForEach(it, arr) {
		if (*n >= TT_RELATED_ROWS)
			break;
		sb_adds(t, "  ");
		for (int c = 0; c < res->ncols; c++) {
			if (res->cols[c].sub)
				continue;
			size_t k = jsonpath_text(jsonpath_get(it, res->cols[c].path), cell, sizeof cell);
			if (res->cols[c].type == COL_TIME) {
				char s[64];
				jsonpath_short_time(cell, s, sizeof s);
				snprintf(cell, sizeof cell, "%s", s);
				k = strlen(cell);
			}
			sanitize_text(cell, k, clean, sizeof clean);
			sanitize_fit(clean, w[c], c + 1 < res->ncols, fit, sizeof fit);
			sb_addf(t, "%s%s", c ? "  " : "", fit);
		}
		sb_addc(t, '\n');
		(*n)++;
	}
	if (!*n)
		sb_adds(t, "  (none)\n");
}

static void fetch_related(struct tt_api *api, const struct tt_related *x, int k, const char *id, const cJSON *item,
			  const cJSON *xj, const char *extra_path, struct detail_related *d, struct strbuf *t)
{
	const struct tt_provider *p = api->s->prov;
	struct strbuf val = { 0 }, url = { 0 }, first = { 0 };
	struct tt_http_response resp = { 0 };
	struct tt_error e = { 0 };
	char key[64];

	snprintf(d->title, sizeof d->title, "%s", x->title);
	d->guess = x->guess;
	d->res = x->res;
	sb_addf(t, "\n── %d %s%s", k + 1, x->title, x->guess ? " (guess: undocumented)" : "");
	if (x->res >= 0) {
		size_t kl = strcspn(x->filter, "=");
		snprintf(key, sizeof key, "%.*s", (int)kl, x->filter);
		if (detail_template(x->filter + kl + 1, id, item, xj, 0, &val, d->why, sizeof d->why)) {
			sb_addf(t, " ──\n  (cannot be listed: %s)\n", d->why);
			goto out;
		}
		snprintf(d->filter, sizeof d->filter, "%s=%s", key, val.s);
		sb_addf(t, " · %s ──\n", d->filter);
		d->ok = 1;
		const struct tt_resource *res = &p->res[x->res];
		struct tt_query q = { .limit = TT_RELATED_ROWS, .nfilters = 1 };
		q.filters[0].key = key;
		q.filters[0].value = val.s;
		if (query_build(api, res, &q, &first, &e) == 0) {
			if (p->paging == PAGING_PAGE_NUMBER)
				walk_page_url(&url, first.s, p->page_param, p->first_page);
			else
				sb_adds(&url, first.s);
		}
		if (url.s && api_call(api, "GET", url.s, NULL, 0, &resp, &e) == 0) {
			cJSON *doc = cJSON_ParseWithLength(resp.body, resp.len);
			const cJSON *arr = jsonpath_get(doc, res->items ? res->items : p->items);
			int n = 0;
			if (cJSON_IsArray(arr))
				resource_rows(t, res, arr, &n);
			else
				sb_adds(t, "  (the answer has no items)\n");
			if (n >= TT_RELATED_ROWS)
				sb_addf(t, "  … the first %d; %d lists them all\n", n, k + 1);
			cJSON_Delete(doc);
		} else {
			sb_addf(t, "  (%s)\n", e.message);
		}
	} else {
		if (detail_template(x->path, id, item, xj, 1, &val, d->why, sizeof d->why)) {
			sb_addf(t, " ──\n  (cannot be listed: %s)\n", d->why);
			goto out;
		}
		snprintf(d->path, sizeof d->path, "%s", val.s);
		sb_adds(t, " ──\n");
		d->ok = 1;
		struct strbuf full = { 0 };
		int have = xj && extra_path && !strcmp(extra_path, d->path); /* the detail_extra answer */
		if (have || api_call(api, "GET", d->path, NULL, 0, &resp, &e) == 0) {
			cJSON *doc = have ? cJSON_Duplicate(xj, 1) : cJSON_ParseWithLength(resp.body, resp.len);
			int shown, total;
			if (doc) {
				generic_answer(t, x, doc, TT_RELATED_ROWS, &shown, &total);
				if (total > shown)
					sb_addf(t, "  … %d of %d; %d lists them all\n", shown, total, k + 1);
				generic_answer(&full, x, doc, 0, &shown, &total);
			} else {
				sb_adds(t, "  (the answer is not JSON)\n");
				sb_adds(&full, "(the answer is not JSON)\n");
			}
			cJSON_Delete(doc);
		} else {
			sb_addf(t, "  (%s)\n", e.message);
			sb_addf(&full, "(%s)\n", e.message);
		}
		d->full = full.s ? full.s : xstrdup("");
	}
out:
	http_response_free(&resp);
	sb_free(&val);
	sb_free(&url);
	sb_free(&first);
}

void detail_build(struct tt_api *api, const struct tt_resource *r, const char *fetched_id, const char *body,
		  size_t len, const char *extra_path, const char *extra, size_t extra_len, const char *extra_err,
		  const char *extra_text, struct detail_view *out)
{
	struct strbuf t = { 0 }, raw = { 0 };
	cJSON *item = cJSON_ParseWithLength(body, len);
	cJSON *xj = extra ? cJSON_ParseWithLength(extra, extra_len) : NULL;

	memset(out, 0, sizeof *out);
	add_pretty(&raw, body, len);
	if (r->detail_extra) {
		sb_addc(&raw, '\n');
		detail_extra_section(&raw, r->detail_extra_title, extra, extra_len, extra_err, NULL);
	}
	const cJSON *idv = item ? jsonpath_get(item, r->id) : NULL;
	if (idv && !cJSON_IsObject(idv) && !cJSON_IsArray(idv))
		jsonpath_text(idv, out->item_id, sizeof out->item_id);
	if (!out->item_id[0])
		snprintf(out->item_id, sizeof out->item_id, "%s", fetched_id);
	if (item && r->ncols)
		jsonpath_text(jsonpath_get(item, r->cols[0].path), out->item_name, sizeof out->item_name);
	if (!out->item_name[0])
		snprintf(out->item_name, sizeof out->item_name, "%s", out->item_id);

	if (!cJSON_IsObject(item)) {
		/* not an object: nothing to read as fields */
		out->text = raw.s;
		out->raw = xstrdup(raw.s ? raw.s : "");
		cJSON_Delete(item);
		cJSON_Delete(xj);
		return;
	}
	add_fields(&t, r, item);
	if (r->detail_extra)
		detail_extra_section(&t, r->detail_extra_title, extra, extra_len, extra_err, extra_text);
	for (int k = 0; k < r->nrelated; k++)
		fetch_related(api, &r->related[k], k, out->item_id, item, xj, extra_path, &out->related[k], &t);
	out->nrelated = r->nrelated;
	sb_addf(&t, "\n(J: raw JSON%s)\n", r->nrelated ? " · 1-9: open a related list" : "");
	out->text = t.s;
	out->raw = raw.s;
	cJSON_Delete(item);
	cJSON_Delete(xj);
}

void detail_view_copy(struct detail_view *dst, const struct detail_view *src)
{
	*dst = *src;
	dst->text = src->text ? xstrdup(src->text) : NULL;
	dst->raw = src->raw ? xstrdup(src->raw) : NULL;
	for (int i = 0; i < src->nrelated; i++)
		dst->related[i].full = src->related[i].full ? xstrdup(src->related[i].full) : NULL;
}

void detail_view_free(struct detail_view *v)
{
	free(v->text);
	free(v->raw);
	for (int i = 0; i < v->nrelated; i++)
		free(v->related[i].full);
	memset(v, 0, sizeof *v);
}
