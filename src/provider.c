/* provider.c — loading provider descriptions (see provider.h). */
#include "provider.h"
#include "xalloc.h"
#include "datafile.h"
#include "ident.h"

#include "safefile.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/thingtop"
#endif

static char *get_str(config_setting_t *g, const char *key, const char *def)
{
	const char *v = NULL;

	if (g && config_setting_lookup_string(g, key, &v) == CONFIG_TRUE)
		return xstrdup(v);
	return def ? xstrdup(def) : NULL;
}

static int get_int(config_setting_t *g, const char *key, int def)
{
	int v;
	return g && config_setting_lookup_int(g, key, &v) == CONFIG_TRUE ? v : def;
}

static double get_num(config_setting_t *g, const char *key, double def)
{
	double d;
	int i;

	if (!g)
		return def;
	if (config_setting_lookup_float(g, key, &d) == CONFIG_TRUE)
		return d;
	if (config_setting_lookup_int(g, key, &i) == CONFIG_TRUE)
		return i;
	return def;
}

static int get_bool(config_setting_t *g, const char *key, int def)
{
	int v;
	return g && config_setting_lookup_bool(g, key, &v) == CONFIG_TRUE ? v : def;
}

struct name_val { const char *name; int val; };

static int lookup_enum(const char *v, const struct name_val *t, int *out)
{
	for (; t->name; t++)
		if (v && !strcmp(v, t->name)) {
			*out = t->val;
			return 0;
		}
	return -1;
}

/* A list longer than this build holds is an error, never silently cut. */
static int too_many(const config_setting_t *s, int max, const char *what, const char *file, struct tt_error *e)
{
	if (!s || config_setting_length(s) <= max)
		return 0;
	tt_error_set(e, 0, "%s:%d: more than %d %s (%d given); thingtop holds at most %d", file,
		     config_setting_source_line(s), max, what, config_setting_length(s), max);
	tt_error_hint(e, "split the resource, or drop what you do not need");
	return 1;
}

static int str_list(config_setting_t *g, const char *key, char **out, int max, const char *file, struct tt_error *e)
{
	config_setting_t *a = g ? config_setting_get_member(g, key) : NULL;
	int n = 0;

	if (!a)
		return 0;
	if (too_many(a, max, key, file, e))
		return -1;
	for (int i = 0; i < config_setting_length(a) && n < max; i++) {
		const char *v = config_setting_get_string_elem(a, i);
		if (v)
			out[n++] = xstrdup(v);
	}
	return n;
}

/* related = ( { title; resource; filter; } | { title; path; [items;] } ) (provider.h);
 * the resource names are resolved by resolve_related once all are loaded. */
static int load_related(config_setting_t *rl, struct tt_resource *r, const char *file, struct tt_error *e)
{
	if (!rl)
		return 0;
	if (config_setting_type(rl) != CONFIG_TYPE_LIST) {
		tt_error_set(e, 0, "%s:%d: related must be a list of groups: ( { title = \"…\"; resource = \"…\"; "
			     "filter = \"key={id}\"; }, … )", file, config_setting_source_line(rl));
		return -1;
	}
	if (too_many(rl, TT_MAX_RELATED, "related lists", file, e))
		return -1;
	for (int i = 0; i < config_setting_length(rl); i++) {
		config_setting_t *g = config_setting_get_elem(rl, (unsigned)i);
		struct tt_related *x = &r->related[r->nrelated++];
		x->line = config_setting_source_line(g);
		x->res = -1;
		x->title = get_str(g, "title", NULL);
		x->resource = get_str(g, "resource", NULL);
		x->filter = get_str(g, "filter", NULL);
		x->path = get_str(g, "path", NULL);
		x->items = get_str(g, "items", NULL);
		x->guess = get_bool(g, "guess", 0);
		if ((x->nfields = str_list(g, "fields", x->fields, TT_MAX_COLUMNS, file, e)) < 0) {
			x->nfields = 0;
			return -1;
		}
		const char *why = !x->title ? "a related list needs a title"
			: !x->resource == !x->path ? "a related list gives either resource (with filter) or path"
			: x->resource && (!x->filter || !strchr(x->filter, '=') || !strchr(x->filter, '{'))
			? "a related resource needs filter = \"key={id}\" (a filter of that resource)"
			: x->path && !strchr(x->path, '{') ? "a related path needs a placeholder such as {id}" : NULL;
		if (why) {
			tt_error_set(e, 0, "%s:%d: %s", file, x->line, why);
			return -1;
		}
	}
	return 0;
}

/* Every resource-kind related list names a resource with a list that
 * declares the filter it sets. */
static int resolve_related(struct tt_provider *p, const char *file, struct tt_error *e)
{
	for (int i = 0; i < p->nres; i++)
		for (int k = 0; k < p->res[i].nrelated; k++) {
			struct tt_related *x = &p->res[i].related[k];
			if (!x->resource)
				continue;
			for (int j = 0; j < p->nres && x->res < 0; j++)
				if (!strcmp(p->res[j].name, x->resource) && p->res[j].path)
					x->res = j;
			if (x->res < 0) {
				tt_error_set(e, 0, "%s:%d: related: no resource '%s' with a list", file, x->line, x->resource);
				return -1;
			}
			const struct tt_resource *t = &p->res[x->res];
			size_t kl = strcspn(x->filter, "=");
			int ok = 0;
			for (int f = 0; f < t->nfilters && !ok; f++)
				ok = strlen(t->filters[f]) == kl && !strncmp(t->filters[f], x->filter, kl);
			if (!ok) {
				tt_error_set(e, 0, "%s:%d: related: '%.*s' is not one of %s's filters", file, x->line, (int)kl,
					     x->filter, t->name);
				tt_error_hint(e, "a related list may only set a filter the resource declares (its filters list)");
				return -1;
			}
		}
	return 0;
}

const struct tt_related *resource_related(const struct tt_resource *r, const char *name)
{
	for (int i = 0; r && i < r->nrelated; i++)
		if (!strcmp(r->related[i].title, name) ||
		    (r->related[i].resource && !strcmp(r->related[i].resource, name)))
			return &r->related[i];
	return NULL;
}

static int load_resource(config_setting_t *g, struct tt_resource *r, const char *file, struct tt_error *e)
{
	static const struct name_val coltypes[] = {
		{ "text", COL_TEXT }, { "time", COL_TIME }, { "number", COL_NUMBER }, { "bool", COL_BOOL }, { 0, 0 } };
	config_setting_t *cols, *acts;

	r->line = config_setting_source_line(g);
	r->name = get_str(g, "name", NULL);
	if (!r->name) {
		tt_error_set(e, 0, "%s:%d: resource without a name", file, r->line);
		return -1;
	}
	r->title = get_str(g, "title", r->name);
	r->path = get_str(g, "path", NULL);
	r->items = get_str(g, "items", NULL);
	r->id = get_str(g, "id", "id");
	r->detail = get_str(g, "detail", NULL);
	r->detail_extra = get_str(g, "detail_extra", NULL);
	r->detail_extra_title = get_str(g, "detail_extra_title", "more");
	r->label = get_str(g, "label", "name");
	r->identifier = get_str(g, "identifier", NULL);
	r->detail_fallback = get_str(g, "detail_fallback", NULL);
	r->owner_param = get_str(g, "owner_param", NULL);
	r->context_param = get_bool(g, "context_param", 0);
	if ((r->nfilters = str_list(g, "filters", r->filters, TT_MAX_FILTERS_PER_RES, file, e)) < 0 ||
	    (r->nsort_keys = str_list(g, "sort_keys", r->sort_keys, TT_MAX_FILTERS_PER_RES, file, e)) < 0) {
		r->nfilters = r->nfilters < 0 ? 0 : r->nfilters;
		r->nsort_keys = r->nsort_keys < 0 ? 0 : r->nsort_keys;
		return -1;
	}
	if ((cols = config_setting_get_member(g, "columns"))) {
		if (too_many(cols, TT_MAX_COLUMNS, "columns", file, e))
			return -1;
		for (int i = 0; i < config_setting_length(cols) && r->ncols < TT_MAX_COLUMNS; i++) {
			config_setting_t *c = config_setting_get_elem(cols, (unsigned)i);
			struct tt_column *col = &r->cols[r->ncols];
			char *type = get_str(c, "type", "text");
			int t;
			col->title = get_str(c, "title", NULL);
			col->path = get_str(c, "path", NULL);
			col->width = get_int(c, "width", 16);
			col->priority = get_int(c, "priority", 0);
			col->sort = get_str(c, "sort", NULL);
			col->ref = get_str(c, "ref", NULL);
			col->ref_res = -1;
			col->sub = get_str(c, "sub", NULL);
			col->own_account = get_bool(c, "own_account", 0);
			if (!col->title || !col->path || lookup_enum(type, coltypes, &t)) {
				tt_error_set(e, 0, "%s:%d: a column needs title, path and a type of text, time, number or bool",
					     file, config_setting_source_line(c));
				free(type);
				r->ncols++;
				return -1;
			}
			free(type);
			if ((col->sub && !strstr(col->sub, "{id}")) || (col->sub && col->ref)) {
				tt_error_set(e, 0, "%s:%d: a column's sub needs {id} (the row's id), and a column is "
					     "either a ref or a sub, not both", file, config_setting_source_line(c));
				r->ncols++;
				return -1;
			}
			col->type = (enum tt_col_type)t;
			if (col->width < 1 || col->width > 200)
				col->width = 16;
			r->ncols++;
		}
	}
	r->text_matches = get_str(g, "text_matches", NULL);
	config_setting_t *smp = config_setting_get_member(g, "sample");
	if (smp) {
		config_setting_t *rec = config_setting_get_member(smp, "recent");
		config_setting_t *units = config_setting_get_member(smp, "units");
		r->sample_fields = get_str(smp, "fields", "data");
		r->sample_time = get_str(smp, "time", NULL);
		if (rec) {
			r->recent_method = get_str(rec, "method", "GET");
			r->recent_path = get_str(rec, "path", NULL);
			r->recent_body = get_str(rec, "body", NULL);
			r->recent_items = get_str(rec, "items", NULL);
		}
		if (too_many(units, TT_MAX_UNITS, "units", file, e))
			return -1;
		for (int i = 0; units && i < config_setting_length(units); i++) {
			config_setting_t *u = config_setting_get_elem(units, (unsigned)i);
			const char *v = config_setting_get_string(u);
			if (!config_setting_name(u) || !v)
				continue;
			r->unit_names[r->nunits] = xstrdup(config_setting_name(u));
			r->unit_values[r->nunits++] = xstrdup(v);
		}
	}
	config_setting_t *lks = config_setting_get_member(g, "lookups");
	if (too_many(lks, TT_MAX_LOOKUPS, "lookups", file, e))
		return -1;
	for (int i = 0; lks && i < config_setting_length(lks); i++) {
		config_setting_t *l = config_setting_get_elem(lks, (unsigned)i);
		struct tt_lookup *lk = &r->lookups[r->nlookups++];
		int line = config_setting_source_line(l);
		lk->name = get_str(l, "name", NULL);
		lk->pattern = get_str(l, "pattern", NULL);
		lk->path = get_str(l, "path", NULL);
		lk->filter = get_str(l, "filter", NULL);
		lk->field = get_str(l, "field", NULL);
		if (lk->pattern && regcomp(&lk->re, lk->pattern, REG_EXTENDED | REG_NOSUB)) {
			tt_error_set(e, 0, "%s:%d: lookup %s: pattern is not a regular expression", file, line, lk->name ? lk->name : "");
			free(lk->pattern);
			lk->pattern = NULL;
			return -1;
		}
		const char *req = lk->path ? lk->path : lk->filter;
		if (!lk->name || !req || (lk->path && lk->filter) || !strstr(req, "{value}")) {
			tt_error_set(e, 0, "%s:%d: a lookup needs a name and either a path or a filter with {value}", file,
				     line);
			return -1;
		}
		if (lk->filter) { /* "key={value}": a filter the resource declares */
			size_t k = strcspn(lk->filter, "=");
			int known = 0;
			for (int f = 0; f < r->nfilters; f++)
				known |= strlen(r->filters[f]) == k && !strncmp(r->filters[f], lk->filter, k);
			if (!lk->filter[k] || strcmp(lk->filter + k + 1, "{value}") || !known) {
				tt_error_set(e, 0, "%s:%d: lookup %s: filter must be KEY={value} with KEY one of the "
					     "resource's filters", file, line, lk->name);
				return -1;
			}
		}
	}
	if (load_related(config_setting_get_member(g, "related"), r, file, e))
		return -1;
	if ((acts = config_setting_get_member(g, "actions"))) {
		if (too_many(acts, TT_MAX_ACTIONS, "actions", file, e))
			return -1;
		for (int i = 0; i < config_setting_length(acts) && r->nactions < TT_MAX_ACTIONS; i++) {
			config_setting_t *a = config_setting_get_elem(acts, (unsigned)i);
			struct tt_action *ac = &r->actions[r->nactions++];
			config_setting_t *fields;
			ac->name = get_str(a, "name", NULL);
			ac->title = get_str(a, "title", ac->name);
			ac->method = get_str(a, "method", "POST");
			ac->path = get_str(a, "path", NULL);
			ac->body = get_str(a, "body", NULL);
			ac->dangerous = get_bool(a, "dangerous", 1);
			ac->fresh_token = get_bool(a, "fresh_token", 0);
			ac->documented = get_bool(a, "documented", 1);
			ac->body_file = get_str(a, "body_file", NULL);
			ac->needs_row = ac->path && strstr(ac->path, "{id}") ? 1 : get_bool(a, "needs_row", 0);
			if (ac->body && strstr(ac->body, "{id}"))
				ac->needs_row = 1;
			if ((fields = config_setting_get_member(a, "fields"))) {
				if (too_many(fields, TT_MAX_FIELDS, "fields", file, e))
					return -1;
				for (int k = 0; k < config_setting_length(fields) && ac->nfields < TT_MAX_FIELDS; k++) {
					config_setting_t *f = config_setting_get_elem(fields, (unsigned)k);
					if (config_setting_type(f) == CONFIG_TYPE_STRING) {
						ac->fields[ac->nfields] = xstrdup(config_setting_get_string(f));
						ac->defaults[ac->nfields] = xstrdup("");
					} else {
						ac->fields[ac->nfields] = get_str(f, "name", "value");
						ac->defaults[ac->nfields] = get_str(f, "default", "");
						ac->patterns[ac->nfields] = get_str(f, "pattern", NULL);
						ac->hints[ac->nfields] = get_str(f, "hint", NULL);
					}
					if (ac->patterns[ac->nfields] &&
					    regcomp(&ac->res[ac->nfields], ac->patterns[ac->nfields], REG_EXTENDED | REG_NOSUB)) {
						tt_error_set(e, 0, "%s:%d: field %s: pattern is not a regular expression", file,
							     config_setting_source_line(f), ac->fields[ac->nfields]);
						free(ac->patterns[ac->nfields]);
						ac->patterns[ac->nfields] = NULL;
						ac->nfields++;
						return -1;
					}
					ac->nfields++;
				}
			}
			ac->result = get_str(a, "result", NULL);
			ac->follow = get_str(a, "follow", NULL);
			ac->follow_status = get_str(a, "follow_status", ac->follow ? "status" : NULL);
			if ((ac->nfinals = str_list(a, "final", ac->finals, TT_MAX_FINALS, file, e)) < 0 ||
			    (ac->nfailed = str_list(a, "failed", ac->failed, TT_MAX_FINALS, file, e)) < 0)
				return -1;
			if (ac->follow && !ac->nfinals) {
				tt_error_set(e, 0, "%s:%d: action %s: follow needs final = [ \"…\" ] (the states that end it)",
					     file, config_setting_source_line(a), ac->name ? ac->name : "?");
				return -1;
			}
			if (!ac->name || !ac->path) {
				tt_error_set(e, 0, "%s:%d: an action needs a name and a path", file,
					     config_setting_source_line(a));
				return -1;
			}
		}
	}
	return 0;
}

/* hints = ( { status = 401; match = "…"; hint = "…"; }, … ): status 0 or
 * absent matches any status, no match any text; hint is required. */
static int load_hints(config_setting_t *hs, struct tt_provider *p, const char *path, struct tt_error *e)
{
	if (!hs)
		return 0;
	if (config_setting_type(hs) != CONFIG_TYPE_LIST) {
		tt_error_set(e, 0, "%s:%d: hints must be a list like ( { status = 401; match = \"…\"; hint = \"…\"; } )",
			     path, config_setting_source_line(hs));
		return -1;
	}
	if (too_many(hs, TT_MAX_HINTS, "hints", path, e))
		return -1;
	for (int i = 0; i < config_setting_length(hs); i++) {
		config_setting_t *h = config_setting_get_elem(hs, (unsigned)i);
		char *hint = config_setting_type(h) == CONFIG_TYPE_GROUP ? get_str(h, "hint", NULL) : NULL;
		if (!hint) {
			tt_error_set(e, 0, "%s:%d: each hint is a group with a hint = \"what to do\";", path,
				     config_setting_source_line(h));
			return -1;
		}
		p->hints[p->nhints].status = get_int(h, "status", 0);
		p->hints[p->nhints].match = get_str(h, "match", NULL);
		p->hints[p->nhints].hint = hint;
		p->nhints++;
	}
	return 0;
}

/* The index of the resource called name that has a list, or -1 with e set
 * naming key (and file:line). */
static int listed_resource(const struct tt_provider *p, const char *name, const char *key, config_setting_t *at,
			   const char *file, struct tt_error *e)
{
	for (int i = 0; i < p->nres; i++)
		if (!strcmp(p->res[i].name, name)) {
			if (p->res[i].path)
				return i;
			tt_error_set(e, 0, "%s:%d: %s: resource '%s' has no list (no path)", file,
				     config_setting_source_line(at), key, name);
			return -1;
		}
	tt_error_set(e, 0, "%s:%d: %s: no resource '%s'", file, config_setting_source_line(at), key, name);
	return -1;
}

/* tenants = { from = "config" | resource = "NAME"; [word = "…";] } and
 * first_pane = "NAME" (see provider.h). */
/* Every column's ref names a resource of this file (or "tenants"); the
 * resources referred to learn names from their walks. */
static int resolve_refs(struct tt_provider *p, const char *file, struct tt_error *e)
{
	for (int i = 0; i < p->nres; i++)
		for (int c = 0; c < p->res[i].ncols; c++) {
			struct tt_column *col = &p->res[i].cols[c];
			if (!col->ref)
				continue;
			if (!strcmp(col->ref, "tenants")) {
				col->ref_res = TT_REF_TENANTS;
				continue;
			}
			for (int k = 0; k < p->nres; k++)
				if (!strcmp(p->res[k].name, col->ref))
					col->ref_res = k;
			if (col->ref_res < 0) {
				tt_error_set(e, 0, "%s:%d: column %s refers to '%s', which is no resource of this file", file,
					     p->res[i].line, col->title, col->ref);
				tt_error_hint(e, "ref names a resource (its name = \"…\") or \"tenants\"");
				return -1;
			}
			p->res[col->ref_res].ref_target = 1;
		}
	return 0;
}

static int load_panes(config_setting_t *root, struct tt_provider *p, const char *file, struct tt_error *e)
{
	config_setting_t *t = config_setting_get_member(root, "tenants");
	config_setting_t *first = config_setting_get_member(root, "first_pane");
	int rc = -1;
	char *from = NULL, *name = NULL;

	p->tenants_res = p->first_res = -1;
	if (t && config_setting_type(t) != CONFIG_TYPE_GROUP) {
		tt_error_set(e, 0, "%s:%d: tenants must be a group like { from = \"config\"; }", file,
			     config_setting_source_line(t));
		return -1;
	}
	if (t && p->ctx == CTX_NONE) {
		tt_error_set(e, 0, "%s:%d: tenants: the provider has no context (context.kind = \"none\")", file,
			     config_setting_source_line(t));
		return -1;
	}
	from = get_str(t, "from", NULL);
	name = get_str(t, "resource", NULL);
	p->tenants_word = get_str(t, "word", p->ctx_word ? p->ctx_word : "context");
	if (from && name) {
		tt_error_set(e, 0, "%s:%d: tenants: give from or resource, not both", file, config_setting_source_line(t));
		goto out;
	}
	if (from && strcmp(from, "config") != 0) {
		tt_error_set(e, 0, "%s:%d: tenants.from must be \"config\" (or name a resource instead)", file,
			     config_setting_source_line(t));
		goto out;
	}
	if (name && (p->tenants_res = listed_resource(p, name, "tenants.resource", t, file, e)) < 0)
		goto out;
	if (first && config_setting_type(first) != CONFIG_TYPE_STRING) {
		tt_error_set(e, 0, "%s:%d: first_pane must name a resource in quotes", file,
			     config_setting_source_line(first));
		goto out;
	}
	if (first && (p->first_res = listed_resource(p, config_setting_get_string(first), "first_pane", first, file, e)) < 0)
		goto out;
	if (first && p->first_res == p->tenants_res) {
		tt_error_set(e, 0, "%s:%d: first_pane: '%s' is the tenants pane's resource", file,
			     config_setting_source_line(first), config_setting_get_string(first));
		goto out;
	}
	rc = 0;
out:
	free(from);
	free(name);
	return rc;
}

static int add_ident(struct tt_provider *p, const char *name, const char *pattern, const char *file, int line,
		     struct tt_error *e)
{
	struct tt_ident *k = (struct tt_ident *)ident_kind(p, name);
	regex_t re;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB)) {
		tt_error_set(e, 0, "%s:%d: identifier %s: pattern is not a regular expression", file, line, name);
		return -1;
	}
	if (k) { /* the provider's own pattern for a built-in kind */
		regfree(&k->re);
		free(k->pattern);
	} else if (p->nidents == TT_MAX_IDENTS) {
		regfree(&re);
		tt_error_set(e, 0, "%s:%d: too many identifiers (at most %d with the built-in ones)", file, line,
			     TT_MAX_IDENTS);
		return -1;
	} else {
		k = &p->idents[p->nidents++];
		k->name = xstrdup(name);
	}
	k->pattern = xstrdup(pattern);
	k->re = re;
	return 0;
}

/* The kinds of identifier: the built-in ones, then identifiers = ( … ); and
 * every resource's lookup names one of them or has a pattern of its own. */
static int load_idents(config_setting_t *root, struct tt_provider *p, const char *file, struct tt_error *e)
{
	config_setting_t *ids = config_setting_get_member(root, "identifiers");

	for (int i = 0; i < ident_nbuiltins; i++)
		if (add_ident(p, ident_builtins[i].name, ident_builtins[i].pattern, file, 0, e))
			return -1;
	for (int i = 0; ids && i < config_setting_length(ids); i++) {
		config_setting_t *g = config_setting_get_elem(ids, (unsigned)i);
		const char *name = NULL, *pattern = NULL;
		config_setting_lookup_string(g, "name", &name);
		config_setting_lookup_string(g, "pattern", &pattern);
		if (!name || !pattern) {
			tt_error_set(e, 0, "%s:%d: an identifier needs a name and a pattern", file,
				     config_setting_source_line(g));
			return -1;
		}
		if (add_ident(p, name, pattern, file, config_setting_source_line(g), e))
			return -1;
	}
	for (int i = 0; i < p->nres; i++)
		for (int k = 0; k < p->res[i].nlookups; k++) {
			const struct tt_lookup *lk = &p->res[i].lookups[k];
			if (!lk->pattern && !ident_kind(p, lk->name)) {
				tt_error_set(e, 0, "%s:%d: lookup %s: no pattern, and no identifier of that name", file,
					     p->res[i].line, lk->name);
				tt_error_hint(e, "give it a pattern, or declare identifiers = ( { name = \"%s\"; pattern = …; } )",
					      lk->name);
				return -1;
			}
		}
	return 0;
}

struct tt_provider *provider_load_file(const char *path, struct tt_error *e)
{
	static const struct name_val auths[] = { { "oauth2-client-credentials", AUTH_OAUTH2_CC },
		{ "api-key-header", AUTH_API_KEY_HEADER }, { "api-key-jwt", AUTH_API_KEY_JWT }, { 0, 0 } };
	static const struct name_val pagings[] = { { "cursor-links", PAGING_CURSOR_LINKS },
		{ "page-number", PAGING_PAGE_NUMBER }, { 0, 0 } };
	static const struct name_val errfmts[] = { { "problem+json", ERRFMT_PROBLEM }, { "spring", ERRFMT_SPRING },
		{ "text", ERRFMT_TEXT }, { 0, 0 } };
	static const struct name_val sorts[] = { { "minus-prefix", SORT_MINUS_PREFIX },
		{ "field-direction", SORT_FIELD_DIRECTION }, { 0, 0 } };
	static const struct name_val ctxs[] = { { "none", CTX_NONE }, { "header", CTX_HEADER }, { "query", CTX_QUERY },
		{ 0, 0 } };
	config_t lc;
	struct tt_provider *p = xcalloc(1, sizeof *p);
	config_setting_t *root, *auth, *paging, *ctx, *rate, *sort, *res;
	char *v;
	int t;

	if (!p) {
		tt_error_set(e, 0, "out of memory");
		return NULL;
	}
	config_init(&lc);
	p->path = xstrdup(path);
	/* a provider file says where the credentials go: refused if someone else could write it */
	FILE *pf = safefile_open_read(path, "provider file", NULL, e);
	if (!pf)
		goto fail;
	int read_ok = config_read(&lc, pf);
	fclose(pf);
	if (!read_ok) {
		tt_error_set(e, 0, "%s:%d: %s", path, config_error_line(&lc), config_error_text(&lc));
		goto fail;
	}
	root = config_root_setting(&lc);
	p->name = get_str(root, "name", NULL);
	p->title = get_str(root, "title", p->name);
	p->base_url = get_str(root, "base_url", NULL);
	p->placeholder_urls = get_bool(root, "placeholder_urls", 0);
	p->text_param = get_str(root, "text_param", NULL);
	p->modified_since = get_str(root, "modified_since", NULL);
	if ((p->ntime_filters = str_list(root, "time_filters", p->time_filters, TT_MAX_FILTERS_PER_RES, path, e)) < 0)
		goto fail;
	p->org_lookup = get_str(root, "org_lookup", NULL);
	if (!p->name) {
		tt_error_set(e, 0, "%s:1: the provider file has no name", path);
		goto fail;
	}
	auth = config_setting_get_member(root, "auth");
	v = get_str(auth, "scheme", NULL);
	t = 0;
	if (lookup_enum(v, auths, &t)) {
		tt_error_set(e, 0, "%s:%d: auth.scheme must be oauth2-client-credentials, api-key-header or api-key-jwt",
			     path, auth ? config_setting_source_line(auth) : 1);
		free(v);
		goto fail;
	}
	free(v);
	p->auth = (enum tt_auth_scheme)t;
	p->auth_url = get_str(auth, "url", NULL);
	p->audience = get_str(auth, "audience", NULL);
	p->key_header = get_str(auth, "header", "x-api-key");
	p->auth_body = get_str(auth, "body", NULL);
	p->token_field = get_str(auth, "token_field", p->auth == AUTH_API_KEY_JWT ? "token" : "access_token");

	paging = config_setting_get_member(root, "paging");
	v = get_str(paging, "style", NULL);
	if (lookup_enum(v, pagings, &t)) {
		tt_error_set(e, 0, "%s:%d: paging.style must be cursor-links or page-number", path,
			     paging ? config_setting_source_line(paging) : 1);
		free(v);
		goto fail;
	}
	free(v);
	p->paging = (enum tt_paging)t;
	p->items = get_str(paging, "items", p->paging == PAGING_CURSOR_LINKS ? "items" : "content");
	p->next_field = get_str(paging, "next", "next");
	p->limit_param = get_str(paging, "limit_param", p->paging == PAGING_CURSOR_LINKS ? "limit" : "size");
	p->page_param = get_str(paging, "page_param", "page");
	p->first_page = get_int(paging, "first_page", 0);
	p->default_limit = get_int(paging, "default_limit", 50);
	p->max_limit = get_int(paging, "max_limit", 1000);
	p->parallel = get_int(paging, "parallel", 1);
	p->resize_cursor = get_bool(paging, "resize_cursor", 1);
	if (p->parallel < 1)
		p->parallel = 1;
	if (p->parallel > 8)
		p->parallel = 8;

	v = get_str(root, "errors", "problem+json");
	if (lookup_enum(v, errfmts, &t)) {
		tt_error_set(e, 0, "%s: errors must be problem+json, spring or text", path);
		free(v);
		goto fail;
	}
	free(v);
	p->errors = (enum tt_error_format)t;

	ctx = config_setting_get_member(root, "context");
	v = get_str(ctx, "kind", "none");
	if (lookup_enum(v, ctxs, &t)) {
		tt_error_set(e, 0, "%s: context.kind must be none, header or query", path);
		free(v);
		goto fail;
	}
	free(v);
	p->ctx = (enum tt_ctx_kind)t;
	p->ctx_header = get_str(ctx, "header", NULL);
	p->ctx_template = get_str(ctx, "template", "%s");
	p->ctx_param = get_str(ctx, "param", NULL);
	p->ctx_validate = get_str(ctx, "validate", NULL);
	p->ctx_word = get_str(ctx, "word", "context");
	config_setting_t *names = ctx ? config_setting_get_member(ctx, "names") : NULL;
	p->ctx_names_path = get_str(names, "path", NULL);
	p->ctx_names_owner = get_str(names, "owner_param", NULL);
	/* used as a printf format: exactly one %, and it is %s */
	const char *pct = p->ctx_template ? strchr(p->ctx_template, '%') : NULL;
	if (p->ctx_template && (!pct || pct[1] != 's' || strchr(pct + 1, '%'))) {
		config_setting_t *ts = ctx ? config_setting_get_member(ctx, "template") : NULL;
		tt_error_set(e, 0, "%s:%d: context.template must contain exactly one %%s and no other %%", path,
			     ts ? config_setting_source_line(ts) : 0);
		goto fail;
	}

	rate = config_setting_get_member(root, "rate");
	p->rate = get_num(rate, "per_second", 0);
	p->burst = get_num(rate, "burst", p->rate);

	sort = config_setting_get_member(root, "sort");
	v = get_str(sort, "style", "minus-prefix");
	if (lookup_enum(v, sorts, &t)) {
		tt_error_set(e, 0, "%s: sort.style must be minus-prefix (sort=-a,b) or field-direction (sort=a,desc)", path);
		free(v);
		goto fail;
	}
	free(v);
	p->sort_style = (enum tt_sort_style)t;
	config_setting_t *map = sort ? config_setting_get_member(sort, "map") : NULL;
	if (map && config_setting_type(map) != CONFIG_TYPE_GROUP) {
		tt_error_set(e, 0, "%s:%d: sort.map must be a group like { createdAt = \"created\"; }", path,
			     config_setting_source_line(map));
		goto fail;
	}
	if (too_many(map, TT_MAX_SORT_MAP, "sort.map entries", path, e))
		goto fail;
	for (int i = 0; map && i < config_setting_length(map); i++) {
		config_setting_t *m = config_setting_get_elem(map, (unsigned)i);
		if (config_setting_type(m) != CONFIG_TYPE_STRING) {
			tt_error_set(e, 0, "%s:%d: sort.map.%s must be a string (the API's sort key)", path,
				     config_setting_source_line(m), config_setting_name(m));
			goto fail;
		}
		p->sort_from[p->nsort_map] = xstrdup(config_setting_name(m));
		p->sort_to[p->nsort_map] = xstrdup(config_setting_get_string(m));
		p->nsort_map++;
	}

	if (load_hints(config_setting_get_member(root, "hints"), p, path, e))
		goto fail;

	res = config_setting_get_member(root, "resources");
	if (!res || config_setting_length(res) == 0) {
		tt_error_set(e, 0, "%s: the provider declares no resources", path);
		goto fail;
	}
	if (too_many(res, TT_MAX_RESOURCES, "resources", path, e))
		goto fail;
	for (int i = 0; i < config_setting_length(res) && p->nres < TT_MAX_RESOURCES; i++) {
		if (load_resource(config_setting_get_elem(res, (unsigned)i), &p->res[p->nres++], path, e))
			goto fail;
	}
	if (resolve_refs(p, path, e) || resolve_related(p, path, e) || load_panes(root, p, path, e) ||
	    load_idents(root, p, path, e))
		goto fail;
	config_destroy(&lc);
	return p;
fail:
	config_destroy(&lc);
	provider_free(p);
	return NULL;
}

static int readable(const char *path)
{
	return access(path, R_OK) == 0;
}

struct tt_provider *provider_load(const char *name, struct tt_error *e)
{
	char path[4096];
	const char *env = getenv("THINGTOP_PROVIDERS_DIR"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	for (const char *c = name; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_')) {
			tt_error_set(e, 0, "provider name '%s' may only hold a-z, 0-9, - and _", name);
			return NULL;
		}
	}
	if (env && *env && snprintf(path, sizeof path, "%s/%s.conf", env, name) < (int)sizeof path && readable(path))
		return provider_load_file(path, e);
	if (xdg && *xdg && snprintf(path, sizeof path, "%s/thingtop/providers/%s.conf", xdg, name) < (int)sizeof path &&
	    readable(path))
		return provider_load_file(path, e);
	if (home && *home && snprintf(path, sizeof path, "%s/.config/thingtop/providers/%s.conf", home, name) <
				     (int)sizeof path && readable(path))
		return provider_load_file(path, e);
	/* next to the binary: ./thingtop run from a build tree, before `make install` */
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(path, sizeof path, "%s/providers/%s.conf", exe, name) < (int)sizeof path &&
			    readable(path))
				return provider_load_file(path, e);
		}
	}
	if (snprintf(path, sizeof path, "%s/providers/%s.conf", PKGDATADIR, name) < (int)sizeof path && readable(path))
		return provider_load_file(path, e);
#ifdef TT_SRCDIR
	if (snprintf(path, sizeof path, "%s/providers/%s.conf", TT_SRCDIR, name) < (int)sizeof path && readable(path))
		return provider_load_file(path, e);
#endif
	char names[160];
	datafile_names("providers", names, sizeof names);
	tt_error_set(e, 0, "no provider named '%s'", name);
	tt_error_hint(e, "providers found: %s (looked in $THINGTOP_PROVIDERS_DIR, ~/.config/thingtop/providers and "
		      "%s/providers)", names[0] ? names : "none", PKGDATADIR);
	return NULL;
}

static void free_resource(struct tt_resource *r)
{
	free(r->name); free(r->title); free(r->path); free(r->items); free(r->id); free(r->detail);
	free(r->detail_extra); free(r->detail_extra_title); free(r->detail_fallback);
	free(r->label); free(r->identifier);
	free(r->owner_param);
	free(r->sample_fields); free(r->sample_time);
	free(r->recent_method); free(r->recent_path); free(r->recent_body); free(r->recent_items);
	for (int i = 0; i < r->nunits; i++) {
		free(r->unit_names[i]);
		free(r->unit_values[i]);
	}
	for (int i = 0; i < r->nlookups; i++) {
		struct tt_lookup *lk = &r->lookups[i];
		if (lk->pattern)
			regfree(&lk->re);
		free(lk->name); free(lk->pattern); free(lk->path); free(lk->filter); free(lk->field);
	}
	free(r->text_matches);
	for (int i = 0; i < r->nrelated; i++) {
		struct tt_related *x = &r->related[i];
		free(x->title); free(x->resource); free(x->filter); free(x->path); free(x->items);
		for (int k = 0; k < x->nfields; k++)
			free(x->fields[k]);
	}
	for (int i = 0; i < r->ncols; i++) {
		free(r->cols[i].title); free(r->cols[i].path); free(r->cols[i].sort);
		free(r->cols[i].ref); free(r->cols[i].sub);
	}
	for (int i = 0; i < r->nfilters; i++)
		free(r->filters[i]);
	for (int i = 0; i < r->nsort_keys; i++)
		free(r->sort_keys[i]);
	for (int i = 0; i < r->nactions; i++) {
		struct tt_action *a = &r->actions[i];
		free(a->name); free(a->title); free(a->method); free(a->path); free(a->body); free(a->body_file);
		free(a->result); free(a->follow); free(a->follow_status);
		for (int k = 0; k < a->nfinals; k++)
			free(a->finals[k]);
		for (int k = 0; k < a->nfailed; k++)
			free(a->failed[k]);
		for (int k = 0; k < a->nfields; k++) {
			free(a->fields[k]);
			free(a->defaults[k]);
			free(a->hints[k]);
			if (a->patterns[k])
				regfree(&a->res[k]);
			free(a->patterns[k]);
		}
	}
}

void provider_free(struct tt_provider *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nres; i++)
		free_resource(&p->res[i]);
	for (int i = 0; i < p->nsort_map; i++) {
		free(p->sort_from[i]);
		free(p->sort_to[i]);
	}
	free(p->name); free(p->title); free(p->path); free(p->base_url); free(p->auth_url); free(p->audience);
	free(p->key_header); free(p->auth_body); free(p->token_field); free(p->items); free(p->next_field);
	free(p->limit_param); free(p->page_param); free(p->ctx_header); free(p->ctx_template); free(p->ctx_param);
	free(p->ctx_validate); free(p->ctx_word); free(p->ctx_names_path); free(p->ctx_names_owner); free(p->text_param); free(p->org_lookup); free(p->modified_since);
	free(p->tenants_word);
	for (int i = 0; i < p->nidents; i++) {
		regfree(&p->idents[i].re);
		free(p->idents[i].name);
		free(p->idents[i].pattern);
	}
	for (int i = 0; i < p->ntime_filters; i++)
		free(p->time_filters[i]);
	for (int i = 0; i < p->nhints; i++) {
		free((char *)p->hints[i].match);
		free((char *)p->hints[i].hint);
	}
	free(p);
}

void provider_page_sizes(const struct tt_provider *p, long forced, int for_dump, long *first, long *rest)
{
	long max = p->max_limit > 0 ? p->max_limit : p->default_limit;
	long def = p->default_limit > 0 && p->default_limit < max ? p->default_limit : max;

	if (forced > 0)
		*first = *rest = forced;
	else if (p->paging != PAGING_CURSOR_LINKS || for_dump || !p->resize_cursor)
		*first = *rest = max;
	else {
		*first = def;
		*rest = max;
	}
}

const struct tt_resource *provider_resource(const struct tt_provider *p, const char *name, struct tt_error *e)
{
	char list[512] = "";

	for (int i = 0; i < p->nres; i++)
		if (!strcmp(p->res[i].name, name))
			return &p->res[i];
	for (int i = 0; i < p->nres; i++) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", p->res[i].name);
	}
	tt_error_set(e, 0, "%s has no resource '%s'", p->title, name);
	tt_error_hint(e, "resources: %s", list);
	return NULL;
}

const struct tt_action *resource_action(const struct tt_resource *r, const char *name)
{
	for (int i = 0; i < r->nactions; i++)
		if (!strcmp(r->actions[i].name, name))
			return &r->actions[i];
	return NULL;
}
