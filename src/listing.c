/* listing.c — `thingtop --list WHAT` (see listing.h). */
#include "listing.h"

#include "api.h"
#include "config.h"
#include "datafile.h"
#include "provider.h"
#include "sanitize.h"

#include <stdio.h>
#include <string.h>

/* names from a config, a snapshot or a directory: keep the terminal safe */
static void print_clean(const char *s)
{
	char clean[512];
	sanitize_text(s, strlen(s), clean, sizeof clean);
	printf("%s\n", clean);
}

static void print_name(void *ud, const char *name)
{
	(void)ud;
	print_clean(name);
}

static int list_profiles(const struct tt_config *c, const struct tt_profile *p, const struct tt_provider *prov)
{
	for (int i = 0; i < c->nprofiles; i++)
		print_clean(c->profiles[i].name);
	return 0;
}

static int list_resources(const struct tt_config *c, const struct tt_profile *p, const struct tt_provider *prov)
{
	for (int i = 0; i < prov->nres; i++)
		if (prov->res[i].path)
			print_clean(prov->res[i].name);
	return 0;
}

static int list_contexts(const struct tt_config *c, const struct tt_profile *p, const struct tt_provider *prov)
{
	for (int i = 0; i < p->ncustomers; i++)
		print_clean(p->customers[i].name);
	if (p->context)
		print_clean(p->context);
	return 0;
}

static const struct {
	const char *what;
	int needs_provider;
	int (*fn)(const struct tt_config *, const struct tt_profile *, const struct tt_provider *);
} lists[] = {
	{ "profiles", 0, list_profiles },
	{ "resources", 1, list_resources },
	{ "contexts", 0, list_contexts },
};

int listing_run(const struct tt_options *o)
{
	struct tt_error e = { 0 };
	struct tt_config *c = NULL;
	const struct tt_profile *p = NULL;
	struct tt_provider *prov = NULL;
	int rc = 1;

	if (!strcmp(o->list, "themes")) {
		datafile_list("themes", print_name, NULL);
		return 0;
	}
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		if (strcmp(o->list, lists[i].what))
			continue;
		if ((c = api_load_config(o, &e)) && (p = config_profile(c, o->profile, &e)) &&
		    (!lists[i].needs_provider || (prov = provider_load(p->provider, &e))))
			rc = lists[i].fn(c, p, prov);
		else
			tt_error_report(&e);
		provider_free(prov);
		config_free(c);
		return rc;
	}
	char clean[256];
	sanitize_text(o->list, strlen(o->list), clean, sizeof clean);
	fprintf(stderr, "thingtop: --list takes profiles, resources, contexts or themes, not '%s'\n", clean);
	return 2;
}
