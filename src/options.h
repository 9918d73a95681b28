/* options.h — the parsed command line, shared by main(), the --dump engine
 * and the dashboard. main.c owns parsing; everything else only reads. */
#ifndef TT_OPTIONS_H
#define TT_OPTIONS_H

#define TT_MAX_FILTERS 32

struct tt_filter_opt {
	const char *key;
	const char *value;
};

struct tt_options {
	const char *config_path;   /* --config, NULL = XDG default */
	const char *profile;       /* --profile, NULL = first profile */
	const char *context;       /* --context: customer name/UUID or workspace */
	const char *dump_resource; /* --dump RESOURCE, NULL = dashboard */
	const char *format;        /* --format jsonl|csv|table (default jsonl) */
	const char *sort;          /* --sort, KPN form "-createdAt,id" */
	struct tt_filter_opt filters[TT_MAX_FILTERS]; /* --filter KEY=VALUE */
	int nfilters;
	long limit;                /* --limit N (page size), 0 = provider default */
	const char *theme;         /* --theme NAME */
	const char *log_path;      /* --log FILE: thingtop's own request log */
	int demo;                  /* --demo */
	int read_only;             /* --read-only */
	int no_color;              /* --no-color or NO_COLOR */
	int ascii;                 /* --ascii */
	const char *snapshot_path; /* --snapshot FILE: record every GET response */
	const char *open_path;     /* --open FILE: browse a snapshot offline */
	const char *list;          /* --list WHAT: names for shell completion */
	int check;                 /* --check: probe the profile's API against its provider file */
	int show_ids;              /* --show-ids: --check prints ids unmasked */
	int all_contexts;          /* --all-contexts: --dump in every tenant of the profile */
};

#endif
