/* pane.h — the panes and the query each one shows: the pane list (the
 * tenants pane first when the provider has a context, then one pane per
 * resource; the provider's tenants and first_pane keys say what the tenants
 * pane lists and where the dashboard opens), the tenants list and its names
 * for completion, the pane's query (sort, server text, time filter:
 * u->sort, text, time_filter) and the context, all sent to the session
 * through requery(). */
#ifndef TT_UI_PANE_H
#define TT_UI_PANE_H

#include "ui_int.h"

/* The panes of this provider (u->npanes, pane_res, pane_name, first_pane). */
void pane_build(struct ui *u);
/* The pane called name, or -1. */
int pane_by_name(const struct ui *u, const char *name);
/* Show pane i with a fresh query (the table view, no sort or filter). */
void pane_switch(struct ui *u, int pane);
/* Show pane i with a fresh query sent to context (a tenant picked in the
 * tenants pane): one query, the context with it, said in the status. */
void pane_open(struct ui *u, int pane, const char *context);

/* The resource the current pane lists, NULL for the tenants pane when it is
 * the synthetic list (own account + configured ones). */
const struct tt_resource *pane_resource(const struct ui *u);
/* The current pane is the synthetic tenants list. */
int pane_synthetic_tenants(const struct ui *u);
/* The current pane is the tenants pane (synthetic or a resource). */
int pane_is_tenants(const struct ui *u);
/* What the provider calls a context ("customer"), for prompts and hints. */
const char *pane_tenant_word(const struct ui *u);
/* The synthetic tenants list: row 0 is the own account (id ""). */
size_t tenants_count(const struct ui *u);
void tenants_row(const struct ui *u, size_t i, const char **name, const char **id);

/* Send the current pane's query again; context != NULL also switches the
 * context ("" = own account). */
void requery(struct ui *u, const char *context);
/* Switch the context and say so in the status once the new list is in. */
void pane_set_context(struct ui *u, const char *context);
/* Back to the context before the last switch. */
void pane_prev_context(struct ui *u);
/* Locked, update step: keep the names the tenants pane lists (when it lists
 * a resource) for Tab in the context prompt. */
void pane_remember_tenants(struct ui *u);
void pane_free_tenants(struct ui *u);
/* The name the tenants pane listed for id, or NULL. */
const char *pane_tenant_name(const struct ui *u, const char *id);
/* The context of the rows on screen, named as the tenants pane listed it. */
void pane_context_label(struct ui *u, char *label, size_t labelsz, char *id, size_t idsz);
/* Tab in the context prompt: the next name starting with what was typed,
 * from the configured ones and those the tenants pane has listed. */
void pane_complete_context(const struct ui *u, char *input, size_t inputsz, size_t typed, int *cycle);

/* :all (A): run the pane's query in every tenant at once (a first column
 * names each row's tenant; requery() keeps doing so with the new sort and
 * filters); again: back to the one tenant. A context switch or another pane
 * leaves it. */
void pane_all(struct ui *u);

/* The free text sent to the API (text_param) with the query. */
void pane_set_text(struct ui *u, const char *text);
/* Update step: "switching context to X" becomes "context: X" once the new
 * list is in. */
void pane_update(struct ui *u, const struct session_progress *p);
/* s / S: cycle the selected column's sort asc → desc → off; add: as a
 * further key. */
void pane_sort(struct ui *u, int add);
/* The time filter: the prompt for it, and its answer ("" clears). */
void pane_time_prompt(struct ui *u);
void pane_set_time(struct ui *u, const char *in);
/* The API filters of the pane's query, "key=value" lines: a related list's,
 * the time filter, those set with :filter. */
void pane_filters(const struct ui *u, char *out, size_t outsz);
/* Open related list k of the detail dv: a resource-kind one as a filtered
 * pane in this pane's place, with a breadcrumb (the list on screen is set
 * aside, to come back to); a path-kind one as text over the detail. */
void pane_open_related(struct ui *u, const struct detail_view *dv, int k);
/* q/Esc in a related list: back to the list it was opened from, same query,
 * row and scroll. 0 when no related list is shown. */
int pane_related_back(struct ui *u);
/* :filter KEY=VALUE — any filter the pane's resource declares; KEY= removes
 * it, nothing removes them all. */
void pane_set_filter(struct ui *u, const char *arg);
/* Tab after ":filter ": the next filter name starting with typed. */
void pane_complete_filter(const struct ui *u, char *input, size_t inputsz, const char *typed, int *cycle);
/* Esc, q: clear the server text, the time filter and the narrowing. */
void pane_clear_filter(struct ui *u);
/* Any of them is set. */
int pane_has_filter(const struct ui *u);

#endif
