/* provider.h — a platform described as data (one .conf file in providers/): base and auth
 * URLs, auth scheme, paging style, error format, customer context, rate limit,
 * sort/filter mapping and the resources with their columns and actions. The
 * engines (auth.c, walk.c, problem.c, query.c) read this; adding a resource of
 * an existing kind needs no C. */
#ifndef TT_PROVIDER_H
#define TT_PROVIDER_H

#include "error.h"
#include "problem.h"

#include <regex.h>

#define TT_MAX_RESOURCES 24
#define TT_MAX_COLUMNS 12
#define TT_MAX_FILTERS_PER_RES 24
#define TT_MAX_ACTIONS 8
#define TT_MAX_FIELDS 8
#define TT_MAX_SORT_MAP 16
#define TT_MAX_HINTS 16
#define TT_MAX_LOOKUPS 4
#define TT_MAX_IDENTS 8
#define TT_MAX_RELATED 6
#define TT_RELATED_ROWS 5   /* rows of each related list the detail shows */
#define TT_MAX_UNITS 32
#define TT_MAX_FINALS 8

enum tt_auth_scheme { AUTH_OAUTH2_CC, AUTH_API_KEY_HEADER, AUTH_API_KEY_JWT };
enum tt_paging { PAGING_CURSOR_LINKS, PAGING_PAGE_NUMBER };
enum tt_error_format { ERRFMT_PROBLEM, ERRFMT_SPRING, ERRFMT_TEXT };
/* how a sort is sent: sort=-createdAt,name (minus-prefix) or one
 * sort=field,asc|desc per key (field-direction, Spring) */
enum tt_sort_style { SORT_MINUS_PREFIX, SORT_FIELD_DIRECTION };
enum tt_ctx_kind { CTX_NONE, CTX_HEADER, CTX_QUERY };
enum tt_col_type { COL_TEXT, COL_TIME, COL_NUMBER, COL_BOOL };

struct tt_column {
	char *title;
	char *path;           /* dotted JSON path: "dataFlow.deviceType.name", "tags.0.name" */
	int width;
	enum tt_col_type type;
	char *sort;           /* the KPN-form sort key this column sorts by, or NULL */
	int priority;         /* too narrow a terminal drops whole columns, lowest first (default 0) */
	/* ref = "devices": the cell holds an id of that resource; the table shows
	 * the item's name (its label), from a list walked before or a detail GET
	 * for the rows on screen (src/refcache.c). ref = "tenants": the id of a
	 * tenant; the name comes from the profile's customers. NULL: none. */
	char *ref;
	int ref_res;          /* index of ref, TT_REF_TENANTS, or -1 */
	/* sub = "/devices/{id}/network-adapters": the cell comes from that
	 * sub-resource of the row's item (path read on the first of its items
	 * that has a value), fetched for the rows on screen only. NULL: none. */
	char *sub;
	int own_account;      /* shown only on the own account's list (a reseller's: every customer's rows) */
};
#define TT_REF_TENANTS (-2)

struct tt_action {
	char *name, *title;
	char *method, *path;  /* path may hold {id} (the selected row) */
	char *body;           /* JSON template: {id}, {field} placeholders, JSON-escaped */
	char *fields[TT_MAX_FIELDS];
	char *defaults[TT_MAX_FIELDS];
	/* { name = "kvkNumber"; pattern = "^[0-9]{8}$"; hint = "8 digits"; }: a
	 * value must match pattern (POSIX extended regex) before it is sent;
	 * hint says what is expected. NULL: anything goes. */
	char *patterns[TT_MAX_FIELDS], *hints[TT_MAX_FIELDS];
	regex_t res[TT_MAX_FIELDS];
	int nfields;
	int dangerous;        /* a write: confirmed, refused in read-only */
	int fresh_token;      /* api-key-jwt: this call needs a JWT of its own */
	char *body_file;      /* a field naming a file whose JSON content is the body (bulk uploads) */
	int needs_row;
	int documented;       /* 0: the vendor documents no request shape for it (the confirm screen says so) */
	/* After a write is accepted:
	 *   result = "downlinks";  the answer is an item of that resource: it is
	 *                          merged into that list's rows (no reload);
	 *   follow = "/downlinks/{result.id}"; follow_status = "status";
	 *   final = [ "DELIVERED", "FAILED" ]; failed = [ "FAILED" ];
	 *                          the item is polled at that path ({result.PATH}: a
	 *                          value of the answer, {id}: the selected row) with
	 *                          backoff until its status is one of final. */
	char *result;
	char *follow, *follow_status;
	char *finals[TT_MAX_FINALS], *failed[TT_MAX_FINALS];
	int nfinals, nfailed;
};

/* lookups = ( { name = "DevEUI"; path = "/v3/devices/by-device-id?deviceId={value}"; },
 *             { name = "barcode"; filter = "barcode={value}"; } ):
 * the identifiers the vendor documents a way to find an item by. name is a
 * kind of identifier (the provider's `identifiers`, ident.h), whose pattern
 * says which typed text it is; a lookup may give a pattern of its own. The
 * request is either a path that answers with that one item, or a filter on
 * the resource's list (one of its `filters`) whose answer holds it. */
struct tt_lookup {
	char *name;           /* the kind of identifier: "DevEUI" */
	char *pattern;        /* its own POSIX extended regex, or NULL: the kind's */
	char *path;           /* {value}: the typed text, URL-escaped; or NULL */
	char *filter;         /* "barcode={value}": a list filter; or NULL */
	char *field;          /* filter: the item field equal to the value, to pick one of several */
	regex_t re;           /* compiled pattern (when pattern) */
};

/* identifiers = ( { name = "barcode"; pattern = "^[^[:space:]]{6,}$"; } ): a
 * kind of identifier a user may type at /, tried in order after the built-in
 * DevEUI and IMEI (ident.c); an entry of the same name replaces a built-in. */
struct tt_ident {
	char *name, *pattern;
	regex_t re;
};

/* related = ( { title = "downlinks"; resource = "lora-downlinks"; filter = "deviceId={id}"; },
 *             { title = "network adapters"; path = "/devices/{id}/network-adapters"; } ):
 * lists that belong to one item, shown under its detail (the first rows) and
 * opened from it. A resource-kind one is that resource's list with one filter
 * (a filtered pane); a path-kind one is one GET of its own path (no paging
 * parameters: sub-resources document none), an array or an object holding
 * items. Templates: {id} is the item's id, {name} any top-level field of the
 * detail, {extra:PATH} a field of the detail_extra answer (items.0.devEUI). */
struct tt_related {
	char *title;
	char *resource;       /* resource-kind: the resource listed ... */
	int res;              /* ... its index (resolved after every resource is loaded), -1 path-kind */
	char *filter;         /* resource-kind: "key={template}", a filter that resource declares */
	char *path;           /* path-kind: the path template */
	char *items;          /* path-kind: the items array of the answer (none: the answer itself) */
	char *fields[TT_MAX_COLUMNS]; /* path-kind: the fields (dotted paths) a row shows; none: all */
	int nfields;
	int guess;            /* guess = true: the vendor documents no such relation (shown as a guess) */
	int line;
};

struct tt_resource {
	char *name, *title;
	char *path;           /* NULL: no list (actions only) */
	char *items;          /* items field, default the provider's */
	char *id;             /* id field */
	char *detail;         /* detail path with {id}, or NULL */
	char *detail_extra;   /* a second path shown under the detail (akenza: the latest sample) */
	char *detail_extra_title;
	char *label;          /* path of an item's name, for ref columns and confirm screens (default "name") */
	char *identifier;     /* path of a person's identifier (KPN barcode), for confirm screens, or NULL */
	int ref_target;       /* some column refers to this resource: its walks teach the refcache names */
	char *detail_fallback; /* a list filter naming one item by id: when the detail answers 404 (akenza
				* SIM cards have no /v3/devices/{id}), the list's own item is shown */
	char *owner_param;    /* query param naming the owner when no context (akenza organizationId) */
	int context_param;    /* 1: the context goes into this resource's query (akenza workspaceId) */
	struct tt_column cols[TT_MAX_COLUMNS];
	int ncols;
	char *filters[TT_MAX_FILTERS_PER_RES];   /* accepted --filter keys (API parameter names) */
	int nfilters;
	char *sort_keys[TT_MAX_FILTERS_PER_RES]; /* accepted sort keys, KPN form names */
	int nsort_keys;
	struct tt_action actions[TT_MAX_ACTIONS];
	int nactions;
	struct tt_lookup lookups[TT_MAX_LOOKUPS];
	int nlookups;
	char *text_matches;   /* what the free-text parameter matches here ("name and description"), or NULL */
	struct tt_related related[TT_MAX_RELATED];
	int nrelated;
	/* sample = { fields = "data"; time = "timestamp"; recent = { method; path; body; items; };
	 *            units = { temperature = "°C"; }; }:
	 * the detail_extra answer is one sample: the members of its `fields`
	 * object show as a table (field, value, unit), each numeric one with a
	 * sparkline over the `recent` samples (a list, newest first). */
	char *sample_fields, *sample_time;
	char *recent_method, *recent_path, *recent_body, *recent_items;
	char *unit_names[TT_MAX_UNITS], *unit_values[TT_MAX_UNITS];
	int nunits;
	int line;
};

struct tt_provider {
	char *name, *title, *path;
	char *base_url, *auth_url;
	int placeholder_urls;      /* base_url and auth.url are stand-ins: each profile must set its own */
	enum tt_auth_scheme auth;
	char *audience;            /* oauth2 */
	char *key_header;          /* api-key-header */
	char *auth_body;           /* api-key-jwt / oauth2 body template */
	char *token_field;         /* "access_token" / "token" */
	enum tt_paging paging;
	char *items;               /* default items field */
	char *next_field;          /* cursor-links */
	char *limit_param;         /* "limit" or "size" */
	char *page_param;          /* page-number: "page" */
	int first_page;
	int default_limit, max_limit, parallel;
	int resize_cursor;         /* cursor-links: a next link may be followed with another limit
				    * (paging.resize_cursor, default true); see provider_page_sizes */
	enum tt_error_format errors;
	enum tt_ctx_kind ctx;
	char *ctx_header, *ctx_template, *ctx_param;
	char *ctx_validate;        /* what a tenant id looks like: "uuid" or "hex16"; other text is a name */
	char *ctx_word;            /* context.word: the provider's word for a tenant ("customer",
				    * "workspace"), in messages and as a profile key for the start tenant */
	char *ctx_names_path;      /* context.names.path: a list naming the tenants, to find one by name
				    * (akenza /v3/workspaces); none: names come from the profile's customers */
	char *ctx_names_owner;     /* context.names.owner_param: that list's owner parameter */
	char *org_lookup;          /* path listing organizations, when the profile names none */
	double rate, burst;        /* requests per second (0 = unlimited), burst */
	enum tt_sort_style sort_style;
	char *sort_from[TT_MAX_SORT_MAP], *sort_to[TT_MAX_SORT_MAP];
	int nsort_map;
	char *text_param;          /* free-text query parameter: "q" / "search" */
	char *time_filters[TT_MAX_FILTERS_PER_RES]; /* the filters whose value is a time */
	int ntime_filters;
	char *modified_since;      /* the filter asking for items changed since a time (refresh deltas) */
	struct problem_hint hints[TT_MAX_HINTS]; /* hints = ( { status; match; hint; } ): the vendor's
					 * known error messages → what to do (strings owned) */
	int nhints;
	/* The dashboard's tenants pane (first, when the provider has a context),
	 * as data rather than in ui/:
	 *   tenants = { from = "config"; };
	 *     the pane lists the own account and the profile's configured
	 *     customers (a header context); Tab completes their names;
	 *   tenants = { resource = "workspaces"; };
	 *     the pane lists that resource (which gets no pane of its own);
	 *     Enter makes the selected item's id the context; Tab completes the
	 *     names (first column) the pane has listed.
	 * Absent: from the config. An optional word = "…" names a context in the
	 * dashboard's prompts, hints and help ("c customer"); it defaults to
	 * context.word, which is where the shipped providers say it.
	 *   first_pane = "devices";
	 * the pane the dashboard opens on (and goes to when a tenant is picked);
	 * absent: the first resource with a list that is not the tenants one. */
	int tenants_res;           /* index of tenants.resource, -1 = from the config */
	char *tenants_word;        /* tenants.word, else context.word */
	int first_res;             /* index of first_pane, -1 = the default above */
	struct tt_resource res[TT_MAX_RESOURCES];
	int nres;
	struct tt_ident idents[TT_MAX_IDENTS]; /* the built-in kinds, then identifiers = ( … ) */
	int nidents;
};

/* Load the provider named name from $THINGTOP_PROVIDERS_DIR, then
 * $XDG_CONFIG_HOME/thingtop/providers (or ~/.config/…), then PKGDATADIR/providers. */
struct tt_provider *provider_load(const char *name, struct tt_error *e);
/* Load from an explicit file (tests, fuzzing). */
struct tt_provider *provider_load_file(const char *path, struct tt_error *e);
void provider_free(struct tt_provider *p);

/* The page sizes of a list walk: the first page's and every later one's.
 * forced: --limit (0 = none), one size for the whole walk. for_dump: a --dump
 * walk, which wants everything and shows no first screen.
 *   --limit N                       N, N
 *   page-number paging              max, max (a page number counts pages of one size)
 *   cursor-links, --dump            max, max
 *   cursor-links, dashboard         default, max (a fast first screen, then the fewest
 *                                   round trips); with resize_cursor = false, max, max
 * max is max_limit, default is default_limit (at most max). */
void provider_page_sizes(const struct tt_provider *p, long forced, int for_dump, long *first, long *rest);

const struct tt_resource *provider_resource(const struct tt_provider *p, const char *name, struct tt_error *e);
const struct tt_action *resource_action(const struct tt_resource *r, const char *name);
/* The related list of r titled name (or listing the resource name), or NULL. */
const struct tt_related *resource_related(const struct tt_resource *r, const char *name);
/* The first lookup of r whose pattern matches text, or NULL. */
const struct tt_lookup *resource_lookup(const struct tt_resource *r, const char *text);

#endif
