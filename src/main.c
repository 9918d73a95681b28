/* main.c — thingtop's entry point: parses the command line (one table drives
 * getopt_long, --help and the man-page check), applies process-wide safety
 * (no core dumps, locale), starts the demo simulator when asked, and hands
 * over to the headless --dump engine or to the curses dashboard. */
#include "check.h"
#include "demo.h"
#include "dump.h"
#include "error.h"
#include "listing.h"
#include "options.h"
#include "sanitize.h"
#include "ui.h"
#include "ui_version.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <libconfig.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

enum opt_id {
	OPT_CONFIG = 'c', OPT_PROFILE = 'p', OPT_CONTEXT = 'C', OPT_DUMP = 'd',
	OPT_HELP = 'h', OPT_VERSION = 'V',
	OPT_FORMAT = 256, OPT_SORT, OPT_FILTER, OPT_LIMIT, OPT_DEMO, OPT_READ_ONLY,
	OPT_THEME, OPT_NO_COLOR, OPT_ASCII, OPT_LOG, OPT_SNAPSHOT, OPT_OPEN, OPT_LIST, OPT_CHECK, OPT_SHOW_IDS, OPT_ALL_CONTEXTS,
};

struct opt_doc {
	const char *name;   /* long name without dashes */
	int id;             /* short option char or OPT_* above */
	const char *arg;    /* argument name, NULL for a flag */
	const char *help;   /* one line for --help */
};

/* The one table of options: getopt_long, --help and tests/e2e/cli-options.sh
 * (which checks the man page against --help) all derive from it. */
static const struct opt_doc opt_table[] = {
	{ "config",    OPT_CONFIG,    "FILE",     "read FILE instead of ~/.config/thingtop/config" },
	{ "profile",   OPT_PROFILE,   "NAME",     "use profile NAME (default: the first in the config)" },
	{ "context",   OPT_CONTEXT,   "TENANT",   "the tenant to use (a reseller's customer...), by name or id" },
	{ "demo",      OPT_DEMO,      NULL,       "start the built-in simulator and connect to it (no account needed)" },
	{ "read-only", OPT_READ_ONLY, NULL,       "refuse every write (downlinks, backfills, invitations)" },
	{ "dump",      OPT_DUMP,      "RESOURCE", "print every item of RESOURCE and exit (no dashboard)" },
	{ "all-contexts", OPT_ALL_CONTEXTS, NULL, "--dump in every tenant of the profile, one after the other" },
	{ "format",    OPT_FORMAT,    "FMT",      "--dump output: jsonl (default), csv or table" },
	{ "sort",      OPT_SORT,      "SPEC",     "sort keys, e.g. -createdAt,id (translated per provider)" },
	{ "filter",    OPT_FILTER,    "KEY=VALUE","API filter, e.g. q=pump or createdSince=2025-09-01 (repeatable)" },
	{ "limit",     OPT_LIMIT,     "N",        "one page size for the whole walk (default: adaptive, see the man page)" },
	{ "check",     OPT_CHECK,     NULL,       "probe the profile's API: where it differs from the provider file" },
	{ "show-ids",  OPT_SHOW_IDS,  NULL,       "--check prints ids in full (masked by default)" },
	{ "log",       OPT_LOG,       "FILE",     "append every API request to FILE (no secrets)" },
	{ "snapshot",  OPT_SNAPSHOT,  "FILE",     "save every response this session fetches to FILE (no secrets)" },
	{ "open",      OPT_OPEN,      "FILE",     "browse a snapshot offline, read-only, with the same panes" },
	{ "list",      OPT_LIST,      "WHAT",     "print profiles, resources, contexts or themes, one per line" },
	{ "theme",     OPT_THEME,     "NAME",     "colour theme: default, dark, light, solarized, mono" },
	{ "no-color",  OPT_NO_COLOR,  NULL,       "no colours, attributes only (also when NO_COLOR is set)" },
	{ "ascii",     OPT_ASCII,     NULL,       "draw lines with ASCII characters only" },
	{ "help",      OPT_HELP,      NULL,       "show this help and exit" },
	{ "version",   OPT_VERSION,   NULL,       "show version and library versions and exit" },
};
#define N_OPTS (sizeof opt_table / sizeof opt_table[0])

static void usage_line(FILE *out)
{
	fprintf(out, "Usage: thingtop [OPTION]...\n"
		     "       thingtop [--config FILE] [--profile NAME] [--context TENANT] --dump RESOURCE\n"
		     "                [--format jsonl|csv|table] [--sort SPEC] [--filter KEY=VALUE]... [--all-contexts]\n"
		     "       thingtop --open SNAPSHOT [--dump RESOURCE]\n"
		     "       thingtop --check [--profile NAME] [--context TENANT] [--show-ids]\n");
}

static void print_help(void)
{
	usage_line(stdout);
	printf("\nA terminal dashboard for IoT fleets behind vendor REST APIs, one provider file each.\n\n"
	       "Options:\n");
	for (size_t i = 0; i < N_OPTS; i++) {
		const struct opt_doc *o = &opt_table[i];
		char left[64];
		int n;

		if (o->id < 256)
			n = snprintf(left, sizeof left, "-%c, --%s", o->id, o->name);
		else
			n = snprintf(left, sizeof left, "    --%s", o->name);
		if (o->arg && n > 0 && (size_t)n < sizeof left)
			snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
		printf("  %-28s %s\n", left, o->help);
	}
	printf("\nWithout --dump, thingtop opens the dashboard; press ? inside for keys.\n"
	       "Try: thingtop --demo\n"
	       "Exit status: 0 ok, 1 failure (an API or config error), 2 usage error.\n"
	       "See thingtop(1) for the configuration file and keys.\n");
}

static void print_version(void)
{
	printf("thingtop %s\n", PACKAGE_VERSION);
	printf("libcurl %s, cJSON %s, libconfig %d.%d.%d, %s\n",
	       curl_version_info(CURLVERSION_NOW)->version, cJSON_Version(),
	       LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR, LIBCONFIG_VER_REVISION,
	       ui_curses_version());
}

static int usage_error(const char *fmt, const char *what)
{
	char clean[512];

	/* what comes from argv: a pasted escape sequence must not drive the terminal */
	sanitize_text(what, strlen(what), clean, sizeof clean);
	fprintf(stderr, "thingtop: ");
	fprintf(stderr, fmt, clean);
	fprintf(stderr, "\n");
	usage_line(stderr);
	fprintf(stderr, "Try 'thingtop --help' for more information.\n");
	return 2;
}

/* Parse argv into o. Returns -1 to go on, or an exit status (0 after --help). */
static int parse_args(int argc, char **argv, struct tt_options *o)
{
	struct option longopts[N_OPTS + 1];
	char shortopts[2 * N_OPTS + 2];
	size_t ns = 0;

	shortopts[ns++] = ':';
	for (size_t i = 0; i < N_OPTS; i++) {
		longopts[i] = (struct option){ opt_table[i].name,
			opt_table[i].arg ? required_argument : no_argument, NULL, opt_table[i].id };
		if (opt_table[i].id < 256) {
			shortopts[ns++] = (char)opt_table[i].id;
			if (opt_table[i].arg)
				shortopts[ns++] = ':';
		}
	}
	longopts[N_OPTS] = (struct option){ 0 };
	shortopts[ns] = '\0';

	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shortopts, longopts, NULL);
		char *end;

		if (c == -1)
			break;
		switch (c) {
		case OPT_CONFIG:    o->config_path = optarg; break;
		case OPT_PROFILE:   o->profile = optarg; break;
		case OPT_CONTEXT:   o->context = optarg; break;
		case OPT_DUMP:      o->dump_resource = optarg; break;
		case OPT_SORT:      o->sort = optarg; break;
		case OPT_THEME:     o->theme = optarg; break;
		case OPT_LOG:       o->log_path = optarg; break;
		case OPT_SNAPSHOT:  o->snapshot_path = optarg; break;
		case OPT_OPEN:      o->open_path = optarg; break;
		case OPT_LIST:      o->list = optarg; break;
		case OPT_DEMO:      o->demo = 1; break;
		case OPT_READ_ONLY: o->read_only = 1; break;
		case OPT_NO_COLOR:  o->no_color = 1; break;
		case OPT_ASCII:     o->ascii = 1; break;
		case OPT_CHECK:     o->check = 1; break;
		case OPT_SHOW_IDS:  o->show_ids = 1; break;
		case OPT_ALL_CONTEXTS: o->all_contexts = 1; break;
		case OPT_HELP:      print_help(); return 0;
		case OPT_VERSION:   print_version(); return 0;
		case OPT_FORMAT:
			if (strcmp(optarg, "jsonl") && strcmp(optarg, "csv") && strcmp(optarg, "table"))
				return usage_error("--format must be jsonl, csv or table, not '%s'", optarg);
			o->format = optarg;
			break;
		case OPT_FILTER: {
			char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg)
				return usage_error("--filter takes KEY=VALUE, not '%s'", optarg);
			if (o->nfilters >= TT_MAX_FILTERS)
				return usage_error("too many --filter options (at most %s)", "32");
			*eq = '\0';
			o->filters[o->nfilters].key = optarg;
			o->filters[o->nfilters].value = eq + 1;
			o->nfilters++;
			break;
		}
		case OPT_LIMIT:
			errno = 0;
			o->limit = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || o->limit <= 0 || o->limit > 100000)
				return usage_error("--limit takes a page size from 1 to 100000, not '%s'", optarg);
			break;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o->all_contexts && (!o->dump_resource || o->context))
		return usage_error("%s: takes --dump RESOURCE and no --context", "--all-contexts");
	if (o->check && (o->dump_resource || o->open_path))
		return usage_error("%s: --check probes a live API; drop --dump and --open", "--check");
	if (o->open_path && (o->config_path || o->demo || o->snapshot_path))
		return usage_error("%s: --open brings its own profile; drop --config, --demo and --snapshot",
				   o->open_path);
	return -1;
}

int main(int argc, char **argv)
{
	struct tt_options o = { .format = "jsonl" };
	struct rlimit no_core = { 0, 0 };
	const char *nc = getenv("NO_COLOR");
	int rc;

	/* A core dump would hold tokens and API keys. */
	setrlimit(RLIMIT_CORE, &no_core);
	setlocale(LC_ALL, "");

	rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (nc && *nc)
		o.no_color = 1;

	if (o.list)
		return listing_run(&o);
	if (o.demo) {
		struct demo d;
		struct tt_error e = { 0 };

		if (o.config_path) {
			fprintf(stderr, "thingtop: --demo brings its own configuration; drop --config\n");
			return 2;
		}
		if (demo_start(&d, NULL, &e)) {
			tt_error_report(&e);
			return 1;
		}
		o.config_path = d.config_path;
		rc = o.check ? check_run(&o) : o.dump_resource ? dump_run(&o) : ui_run(&o);
		demo_stop(&d);
		return rc;
	}
	return o.check ? check_run(&o) : o.dump_resource ? dump_run(&o) : ui_run(&o);
}
