/* pane.c — the panes and their queries (see pane.h). */
#include "pane.h"
#include "xalloc.h"

#include "frame.h"
#include "narrow.h"
#include "pager.h"
#include "prompt.h"
#include "query.h"
#include "sanitize.h"
#include "table.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The tenants pane (provider.h: tenants = { … }): the own account and the
 * configured ones, or a resource of the API. */
static int tenants_synthetic(const struct ui *u)
{
	return u->prov->tenants_res < 0;
}

/* The resource the tenants pane lists, or -1. */
static int tenants_resource(const struct ui *u)
{
	return u->prov->ctx == CTX_NONE ? -1 : u->prov->tenants_res;
}

void pane_build(struct ui *u)
{
	int tres = tenants_resource(u);

	u->npanes = 0;
	if (u->prov->ctx != CTX_NONE) {
		u->pane_res[u->npanes] = TENANTS;
		snprintf(u->pane_name[u->npanes++], sizeof u->pane_name[0], "tenants");
	}
	for (int i = 0; i < u->prov->nres && u->npanes < MAX_PANES; i++) {
		if (i == tres)
			continue; /* shown as the tenants pane */
		u->pane_res[u->npanes] = i;
		snprintf(u->pane_name[u->npanes++], sizeof u->pane_name[0], "%s", u->prov->res[i].name);
	}
	/* first_pane = "…" in the provider, else its first list that is not the
	 * tenants pane, else the first pane */
	u->first_pane = -1;
	for (int i = 0; i < u->npanes && u->first_pane < 0; i++)
		if (u->pane_res[i] >= 0 && (u->prov->first_res >= 0 ? u->pane_res[i] == u->prov->first_res
								     : u->prov->res[u->pane_res[i]].path != NULL))
			u->first_pane = i;
	if (u->first_pane < 0)
		u->first_pane = u->npanes > 1 && u->pane_res[0] == TENANTS ? 1 : 0;
}

int pane_by_name(const struct ui *u, const char *name)
{
	for (int i = 0; i < u->npanes; i++)
		if (!strcmp(u->pane_name[i], name))
			return i;
	return -1;
}

/* Leave a related list for another pane: the list set aside is forgotten. */
static void related_drop(struct ui *u)
{
	if (!u->rel_active)
		return;
	u->rel_active = 0;
	u->crumb[0] = '\0';
	session_drop_pushed(u->s);
}

void pane_open(struct ui *u, int pane, const char *context)
{
	if (pane < 0 || pane >= u->npanes)
		return;
	related_drop(u);
	u->ufilters[0] = '\0';
	u->pane = pane;
	u->all_on = 0; /* another pane leaves :all */
	ui_show(u, V_TABLE);
	u->sort[0] = u->text[0] = u->time_filter[0] = '\0';
	narrow_set(u, "", 0);
	table_reset(u);
	/* one query, with the tenant when there is one: a second query sent
	 * after it must not be the one that goes without the tenant */
	if (context)
		pane_set_context(u, context);
	else
		requery(u, NULL);
}

void pane_switch(struct ui *u, int pane)
{
	pane_open(u, pane, NULL);
}

/* The resource index pane i lists, or TENANTS for the synthetic list. */
static int resource_of(const struct ui *u, int pane)
{
	if (u->rel_active && pane == u->pane)
		return u->rel_res; /* a related list in this pane's place */
	int r = u->pane_res[pane];
	return r == TENANTS ? tenants_resource(u) < 0 ? TENANTS : tenants_resource(u) : r;
}

const struct tt_resource *pane_resource(const struct ui *u)
{
	int r = resource_of(u, u->pane);
	/* :all: the rows on screen carry their tenant as a first column */
	if (r >= 0 && r == u->all_res_index && u->all_res.ncols && session_fan_on(u->s) == r + 1)
		return &u->all_res;
	return r >= 0 ? &u->prov->res[r] : NULL;
}

int pane_synthetic_tenants(const struct ui *u)
{
	return u->pane_res[u->pane] == TENANTS && tenants_synthetic(u);
}

int pane_is_tenants(const struct ui *u)
{
	return u->pane_res[u->pane] == TENANTS;
}

const char *pane_tenant_word(const struct ui *u)
{
	return u->prov->tenants_word ? u->prov->tenants_word : "context";
}

size_t tenants_count(const struct ui *u)
{
	return u->prov->ctx == CTX_NONE ? 0 : 1 + (size_t)u->profile->ncustomers;
}

void tenants_row(const struct ui *u, size_t i, const char **name, const char **id)
{
	if (i == 0) {
		*name = "own account";
		*id = "";
	} else {
		*name = u->profile->customers[i - 1].name;
		*id = u->profile->customers[i - 1].id;
	}
}

void requery(struct ui *u, const char *context)
{
	int r = resource_of(u, u->pane);

	/* a new server query (sort, filter, time filter, tenant) starts at the
	 * top of its list: the old row number means nothing in the new one */
	u->top_on_reload = 1;
	narrow_sort(u, -1, 0); /* a new list comes in the API's order */
	u->sel = u->top = 0;
	u->sel_id[0] = u->want_id[0] = '\0';
	if (r < 0 || !u->prov->res[r].path) {
		/* no list here (the synthetic tenants, an actions-only resource),
		 * but the context still switches: the fetch thread validates and
		 * sets it while listing the first pane's resource */
		int first = u->pane_res[u->first_pane];
		if (context)
			session_query(u->s, first >= 0 ? first : 0, NULL, NULL, NULL, context);
		return;
	}
	narrow_reset(u);
	char text[400], filters[1200];
	snprintf(text, sizeof text, "%s", u->text);
	pane_filters(u, filters, sizeof filters);
	if (u->all_on && !context && !u->rel_active) /* :all: the same query, with its sort and filters, in every tenant */
		session_query_all(u->s, r, u->sort, text, filters[0] ? filters : NULL);
	else
		session_query(u->s, r, u->sort, text, filters[0] ? filters : NULL, context);
	u->last_refresh = time(NULL);
}

void pane_filters(const struct ui *u, char *out, size_t outsz)
{
	const char *parts[3] = { u->rel_active ? u->rel_filter : "", u->time_filter[0] ? u->time_filter + 2 : "",
				 u->ufilters };
	out[0] = '\0';
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(out);
		if (parts[i][0])
			snprintf(out + n, outsz - n, "%s%s", n ? "\n" : "", parts[i]);
	}
}

/* ---------- related lists ---------- */

void pane_open_related(struct ui *u, const struct detail_view *dv, int k)
{
	const struct detail_related *d = &dv->related[k];
	char name[200], crumb[400];
	const struct tt_resource *from = pane_resource(u);

	sanitize_text(dv->item_name, strlen(dv->item_name), name, sizeof name);
	snprintf(crumb, sizeof crumb, "%s %s %s %s %s%s", from ? from->name : u->pane_name[u->pane],
		 u->ascii ? ">" : "›", name, u->ascii ? ">" : "›", d->title, d->guess ? " (guess)" : "");
	if (!d->ok) {
		set_status(u, 1, "%s cannot be listed: %s", d->title, d->why);
		return;
	}
	if (d->res < 0) { /* one GET, fetched with the detail: shown as text */
		pager_show_related(u, crumb, d->full ? d->full : "");
		return;
	}
	if (!u->rel_active) {
		/* where q/Esc goes back to: this list, its query, row and scroll */
		struct pane_spot *b = &u->rel_back;
		b->pane = u->pane;
		b->sel_col = u->sel_col;
		b->linvert = u->linvert;
		b->lsort_on = u->lsort_on;
		b->lsort_col = u->lsort_col;
		b->lsort_desc = u->lsort_desc;
		snprintf(b->sort, sizeof b->sort, "%s", u->sort);
		snprintf(b->text, sizeof b->text, "%s", u->text);
		snprintf(b->time_filter, sizeof b->time_filter, "%s", u->time_filter);
		snprintf(b->lfilter, sizeof b->lfilter, "%s", u->lfilter);
		snprintf(b->ufilters, sizeof b->ufilters, "%s", u->ufilters);
		snprintf(b->sel_id, sizeof b->sel_id, "%s", u->sel_id);
		b->top = u->top;
		b->sel = u->sel;
	}
	int pushed = u->rel_active;
	u->rel_active = 1;
	u->rel_res = d->res;
	snprintf(u->rel_filter, sizeof u->rel_filter, "%s", d->filter);
	snprintf(u->crumb, sizeof u->crumb, "%s", crumb);
	ui_show(u, V_TABLE);
	u->sort[0] = u->text[0] = u->time_filter[0] = u->ufilters[0] = '\0';
	narrow_set(u, "", 0);
	narrow_sort(u, -1, 0);
	table_reset(u);
	u->top_on_reload = 1;
	if (pushed)
		requery(u, NULL); /* one related list after another: the first list stays set aside */
	else {
		session_push_query(u->s, d->res, u->rel_filter);
		u->last_refresh = time(NULL);
	}
	set_status(u, 0, "%s (q goes back)", crumb);
}

int pane_related_back(struct ui *u)
{
	if (!u->rel_active)
		return 0;
	const struct pane_spot *b = &u->rel_back;
	int rc = session_pop_query(u->s);
	u->rel_active = 0;
	u->crumb[0] = '\0';
	u->pane = b->pane;
	ui_show(u, V_TABLE);
	snprintf(u->sort, sizeof u->sort, "%s", b->sort);
	snprintf(u->text, sizeof u->text, "%s", b->text);
	snprintf(u->time_filter, sizeof u->time_filter, "%s", b->time_filter);
	snprintf(u->ufilters, sizeof u->ufilters, "%s", b->ufilters);
	narrow_set(u, b->lfilter, b->linvert);
	narrow_sort(u, b->lsort_on ? b->lsort_col : -1, b->lsort_desc);
	u->sel_col = b->sel_col;
	/* the same row and scroll: the rows come back as they were (rc 1), or
	 * the selection follows its id into the list fetched again (rc 0) */
	u->top = b->top;
	u->sel = b->sel;
	snprintf(u->sel_id, sizeof u->sel_id, "%s", b->sel_id);
	u->want_id[0] = '\0';
	u->top_on_reload = 0;
	if (rc == 0) {
		u->last_refresh = time(NULL);
		set_status(u, 0, "back; the list had not finished loading: fetching it again");
	} else {
		set_status(u, 0, "back");
	}
	return 1;
}

static int has_key(const char *lines, const char *key, const char **at)
{
	size_t kl = strlen(key);
	for (const char *l = lines; l && *l;) {
		if (!strncmp(l, key, kl) && l[kl] == '=') {
			*at = l;
			return 1;
		}
		const char *nl = strchr(l, '\n');
		l = nl ? nl + 1 : NULL;
	}
	return 0;
}

void pane_set_filter(struct ui *u, const char *arg)
{
	const struct tt_resource *r = pane_resource(u);
	char key[64];
	const char *eq = strchr(arg, '='), *at;

	if (!r || !r->path) {
		set_status(u, 1, "this pane has no list to filter");
		return;
	}
	if (!arg[0]) {
		u->ufilters[0] = '\0';
		set_status(u, 0, "filters cleared");
		requery(u, NULL);
		return;
	}
	snprintf(key, sizeof key, "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
	int known = 0;
	for (int i = 0; i < r->nfilters; i++)
		known |= !strcmp(r->filters[i], key);
	if (!eq || !known) {
		char list[400] = "";
		for (int i = 0; i < r->nfilters; i++) {
			size_t n = strlen(list);
			snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", r->filters[i]);
		}
		set_status(u, 1, "%s: use :filter KEY=VALUE with KEY one of: %s", r->name, list[0] ? list : "none");
		return;
	}
	/* the same key again replaces its value; KEY= removes it */
	char out[sizeof u->ufilters] = "";
	for (const char *l = u->ufilters; *l;) {
		size_t n = strcspn(l, "\n");
		if (!(has_key(l, key, &at) && at == l)) {
			size_t k = strlen(out);
			snprintf(out + k, sizeof out - k, "%s%.*s", k ? "\n" : "", (int)n, l);
		}
		l += n + (l[n] == '\n');
	}
	if (eq[1]) {
		size_t k = strlen(out);
		snprintf(out + k, sizeof out - k, "%s%s", k ? "\n" : "", arg);
	}
	snprintf(u->ufilters, sizeof u->ufilters, "%s", out);
	set_status(u, 0, eq[1] ? "filter %s" : "filter %s cleared", eq[1] ? arg : key);
	requery(u, NULL);
}

void pane_complete_filter(const struct ui *u, char *input, size_t inputsz, const char *typed, int *cycle)
{
	const struct tt_resource *r = pane_resource(u);
	int n = r ? r->nfilters : 0;
	size_t tl = strlen(typed);

	for (int k = 0; k < n; k++) {
		int i = (*cycle + k) % n;
		if (!strncmp(r->filters[i], typed, tl)) {
			snprintf(input, inputsz, "filter %s=", r->filters[i]);
			*cycle = i + 1;
			return;
		}
	}
}

void pane_set_context(struct ui *u, const char *context)
{
	struct session_progress p;

	session_progress(u->s, &p);
	u->ctx_switch_gen = p.generation;
	u->ctx_switching = 1;
	u->all_on = 0; /* a context switch leaves :all */
	requery(u, context);
	set_status(u, 0, "switching context to %s", context[0] ? context : "own account");
}

void pane_update(struct ui *u, const struct session_progress *p)
{
	char label[160], id[64];

	/* the previous context (-) is the one left by a switch that succeeded:
	 * the session's context changes only then, together with its rows */
	pane_context_label(u, label, sizeof label, id, sizeof id);
	/* "*": every tenant (:all), which - does not go back to */
	if (strcmp(id, "*") != 0 && strcmp(id, u->shown_ctx) != 0) {
		snprintf(u->prev_ctx, sizeof u->prev_ctx, "%s", u->shown_ctx);
		snprintf(u->shown_ctx, sizeof u->shown_ctx, "%s", id);
	}
	if (u->ctx_switching && p->generation != u->ctx_switch_gen && !p->loading) {
		u->ctx_switching = 0;
		if (!p->failed)
			set_status(u, 0, "context: %s", label);
	}
}

void pane_set_text(struct ui *u, const char *text)
{
	snprintf(u->text, sizeof u->text, "%s", text);
	requery(u, NULL);
}

void pane_prev_context(struct ui *u)
{
	char tmp[160];
	snprintf(tmp, sizeof tmp, "%s", u->prev_ctx);
	u->all_on = 0;
	requery(u, tmp);
}

#define MAX_TENANT_NAMES 10000

void pane_free_tenants(struct ui *u)
{
	for (size_t i = 0; i < u->ntnames; i++) {
		free(u->tnames[i]);
		free(u->tids[i]);
	}
	free(u->tnames);
	free(u->tids);
	u->tnames = u->tids = NULL;
	u->ntnames = 0;
}

const char *pane_tenant_name(const struct ui *u, const char *id)
{
	for (size_t i = 0; id[0] && i < u->ntnames; i++)
		if (!strcmp(u->tids[i], id))
			return u->tnames[i];
	return NULL;
}

void pane_context_label(struct ui *u, char *label, size_t labelsz, char *id, size_t idsz)
{
	session_context(u->s, label, labelsz, id, idsz);
	const char *name = pane_tenant_name(u, id);
	if (name) /* the name the tenants pane listed, not "workspace 2835…" */
		snprintf(label, labelsz, "%s", name);
}

void pane_remember_tenants(struct ui *u)
{
	size_t n = session_nrows(u->s);

	if (!pane_is_tenants(u) || pane_synthetic_tenants(u) ||
	    (u->tnames_epoch == session_model_epoch(u->s) && u->ntnames == n))
		return;
	pane_free_tenants(u);
	if (n > MAX_TENANT_NAMES)
		n = MAX_TENANT_NAMES;
	u->tnames = xcalloc(n ? n : 1, sizeof *u->tnames);
	u->tids = xcalloc(n ? n : 1, sizeof *u->tids);
	for (size_t i = 0; i < n; i++) {
		const char *name = session_cell(u->s, i, 0);
		u->tnames[u->ntnames] = xstrdup(*name ? name : session_row_id(u->s, i));
		u->tids[u->ntnames] = xstrdup(session_row_id(u->s, i));
		u->ntnames++;
	}
	u->tnames_epoch = session_model_epoch(u->s);
}

/* The i-th name Tab offers: the configured ones, then the listed ones. */
static const char *tenant_name(const struct ui *u, int i)
{
	return i < u->profile->ncustomers ? u->profile->customers[i].name
					  : u->tnames[i - u->profile->ncustomers];
}

void pane_complete_context(const struct ui *u, char *input, size_t inputsz, size_t typed, int *cycle)
{
	int n = u->profile->ncustomers + (int)u->ntnames;

	for (int k = 0; k < n; k++) {
		int i = (*cycle + k) % n;
		if (!strncasecmp(tenant_name(u, i), input, typed) || *cycle > 0) {
			snprintf(input, inputsz, "%s", tenant_name(u, i));
			*cycle = i + 1;
			return;
		}
	}
}

void pane_sort(struct ui *u, int add)
{
#ifdef TT_MUTANT_SORT /* defence: s/S sort the list; the mutant makes the sort keys a no-op */
	(void)u;
	(void)add;
	return;
#endif
	const struct tt_resource *r = pane_resource(u);
	if (!r || u->sel_col >= r->ncols)
		return;
	const char *key = r->cols[u->sel_col].sort;
	if (!key) {
		/* every row is here: sort them locally, and say so */
		struct session_progress p;
		session_progress(u->s, &p);
		if (add || p.loading || !p.done) {
			set_status(u, 1, "the API cannot sort by %s%s", r->cols[u->sel_col].title,
				   add ? "" : "; it is sorted locally once every row is loaded");
			return;
		}
		int desc = 0, col = u->sel_col;
		if (u->lsort_on && u->lsort_col == col) {
			if (u->lsort_desc)
				col = -1; /* asc → desc → off */
			else
				desc = 1;
		}
		narrow_sort(u, col, desc);
		u->sel = u->top = 0;
		u->sel_id[0] = u->want_id[0] = '\0';
		if (col < 0)
			set_status(u, 0, "sort: off (the API's order)");
		else
			set_status(u, 0, "sorted locally by %s %s (the API cannot sort by it; all %lu rows are loaded)",
				   r->cols[col].title, desc ? "descending" : "ascending", p.rows);
		return;
	}
	narrow_sort(u, -1, 0); /* the API sorts from here */
	/* parse current spec */
	char keys[4][64];
	int desc[4], n = 0, at = -1;
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s", u->sort);
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t && n < 4; t = strtok_r(NULL, ",", &save)) {
		desc[n] = *t == '-';
		snprintf(keys[n], sizeof keys[n], "%s", t + desc[n]);
		if (!strcmp(keys[n], key))
			at = n;
		n++;
	}
	if (!add) {
		if (at == 0 && !desc[0]) {
			desc[0] = 1;
			n = 1;
		} else if (at == 0 && desc[0]) {
			n = 0;
		} else {
			snprintf(keys[0], sizeof keys[0], "%s", key);
			desc[0] = 0;
			n = 1;
		}
	} else if (at >= 0) {
		if (!desc[at])
			desc[at] = 1;
		else {
			for (int i = at; i + 1 < n; i++) {
				memcpy(keys[i], keys[i + 1], sizeof keys[i]);
				desc[i] = desc[i + 1];
			}
			n--;
		}
	} else if (n < 4) {
		snprintf(keys[n], sizeof keys[n], "%s", key);
		desc[n++] = 0;
	}
	u->sort[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(u->sort);
		snprintf(u->sort + l, sizeof u->sort - l, "%s%s%s", i ? "," : "", desc[i] ? "-" : "", keys[i]);
	}
	set_status(u, 0, "sort: %s", u->sort[0] ? u->sort : "off (the API's order)");
	requery(u, NULL);
}

/* The n-th time filter the current pane's resource accepts, or NULL. */
static const char *time_key(const struct ui *u, int n)
{
	const struct tt_resource *r = pane_resource(u);
	for (int i = 0; r && i < r->nfilters; i++)
		if (query_is_time_filter(u->prov, r->filters[i]) && n-- == 0)
			return r->filters[i];
	return NULL;
}

void pane_time_prompt(struct ui *u)
{
	const char *k0 = time_key(u, 0), *k1 = time_key(u, 1);
	char label[200], init[160];

	if (!k0) {
		const struct tt_resource *r = pane_resource(u);
		set_status(u, 1, "%s has no time filters", r ? r->name : "this pane");
		return;
	}
	/* the examples are this pane's own keys */
	snprintf(label, sizeof label, "filter KEY=TIME (%s=-7d, %s=2025-09-01; empty clears): ", k0, k1 ? k1 : k0);
	snprintf(init, sizeof init, "%s=-7d", k0);
	prompt_start(u, P_TIME, label, u->time_filter[0] ? u->time_filter + 2 : init);
}

void pane_set_time(struct ui *u, const char *in)
{
	char key[64], val[128], iso[40];

	if (!in[0]) {
		u->time_filter[0] = '\0';
		requery(u, NULL);
		return;
	}
	if (sscanf(in, "%63[^=]=%127s", key, val) != 2 || !query_is_time_filter(u->prov, key) ||
	    query_parse_time(val, time(NULL), iso, sizeof iso)) {
		const char *k0 = time_key(u, 0), *k1 = time_key(u, 1);
		set_status(u, 1, "use KEY=TIME, e.g. %s=-7d or %s=2025-09-01", k0 ? k0 : "KEY", k1 ? k1 : k0 ? k0 : "KEY");
		return;
	}
	snprintf(u->time_filter, sizeof u->time_filter, "  %s=%s", key, val);
	/* the word follows the filter: createdBefore … before, createdSince … since */
	set_status(u, 0, "%s: %s %s", key, strcasestr(key, "before") ? "before" : "since", iso);
	requery(u, NULL);
}

int pane_has_filter(const struct ui *u)
{
	return u->lfilter[0] || u->text[0] || u->time_filter[0] || u->ufilters[0];
}

void pane_clear_filter(struct ui *u)
{
	int requery_needed = u->text[0] || u->time_filter[0] || u->ufilters[0];

	if (!pane_has_filter(u) && u->all_on) {
		pane_all(u); /* Esc after the filters: out of :all */
		return;
	}
	if (!pane_has_filter(u)) {
		set_status(u, 0, "no filter to clear (Q quits)");
		return;
	}
	u->text[0] = u->time_filter[0] = u->ufilters[0] = '\0';
	narrow_set(u, "", 0);
	set_status(u, 0, "filter cleared");
	if (requery_needed)
		requery(u, NULL);
}

void pane_all(struct ui *u)
{
	const struct tt_resource *r = pane_resource(u);
	int ri = resource_of(u, u->pane);

	if (u->all_on) {
		u->all_on = 0;
		requery(u, NULL);
		set_status(u, 0, "back to one %s", u->prov->ctx_word);
		return;
	}
	if (u->prov->ctx == CTX_NONE) {
		set_status(u, 1, "%s has no %ss to go through", u->prov->title, u->prov->ctx_word);
		return;
	}
	if (!r || ri < 0 || pane_is_tenants(u) || !u->prov->res[ri].path) {
		set_status(u, 1, ":all runs a list pane's query in every %s: open a list first", u->prov->ctx_word);
		return;
	}
	/* the pane's resource with a first column for the tenant, as in
	 * --dump --all-contexts: the model's rows carry its name as cell 0 */
	u->all_res = u->prov->res[ri];
	size_t i = 0;
	for (; u->prov->ctx_word[i] && i + 1 < sizeof u->all_title; i++)
		u->all_title[i] = (char)toupper((unsigned char)u->prov->ctx_word[i]);
	u->all_title[i] = '\0';
	int n = u->all_res.ncols < TT_MAX_COLUMNS ? u->all_res.ncols : TT_MAX_COLUMNS - 1;
	memmove(&u->all_res.cols[1], &u->all_res.cols[0], (size_t)n * sizeof u->all_res.cols[0]);
	memset(&u->all_res.cols[0], 0, sizeof u->all_res.cols[0]);
	u->all_res.cols[0].title = u->all_title;
	u->all_res.cols[0].width = 20;
	u->all_res.cols[0].type = COL_TEXT;
	u->all_res.cols[0].priority = 100; /* the last to go on a narrow terminal */
	u->all_res.ncols = n + 1;
	u->all_res_index = ri;
	u->colw_res = NULL; /* fit the widths again */
	if (u->sel_col >= u->prov->res[ri].ncols)
		u->sel_col = 0;
	u->all_on = 1;
	requery(u, NULL);
	set_status(u, 0, "every %s at once (A, q or Esc: back to one)", u->prov->ctx_word);
}
