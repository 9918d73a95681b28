/* test_provider.c — provider descriptions as data: the shipped files load
 * with the expected settings, lookups explain themselves, and broken files
 * are refused naming file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ident.h"
#include "provider.h"
#include "provfix.h"

static void test_kpn_things(void **state)
{
	(void)state;
	struct tt_provider *p = provfix_shipped("kpn-things");
	assert_string_equal(p->name, "kpn-things");
	assert_string_equal(p->title, "KPN Things");
	assert_string_equal(p->base_url, "https://api.kpnthings.com");
	assert_int_equal(p->auth, AUTH_OAUTH2_CC);
	assert_string_equal(p->auth_url, "https://auth.grip-on-it.com/api/v3/idp/oidc/token");
	assert_string_equal(p->token_field, "access_token");
	assert_int_equal(p->paging, PAGING_CURSOR_LINKS);
	assert_string_equal(p->items, "items");
	assert_string_equal(p->next_field, "next");
	assert_string_equal(p->limit_param, "limit");
	assert_int_equal(p->default_limit, 50);
	assert_int_equal(p->max_limit, 1000);
	assert_int_equal(p->errors, ERRFMT_PROBLEM);
	assert_int_equal(p->ctx, CTX_HEADER);
	assert_string_equal(p->ctx_header, "KPN-Things-Security-Context");
	assert_string_equal(p->ctx_template, "client:uuid:%s");
	assert_string_equal(p->ctx_validate, "uuid");
	assert_int_equal(p->sort_style, SORT_MINUS_PREFIX);
	assert_string_equal(p->text_param, "q");

	const struct tt_resource *d = provfix_res(p, "devices");
	assert_string_equal(d->path, "/devices");
	assert_string_equal(d->detail, "/devices/{id}");
	assert_string_equal(d->id, "id");
	assert_int_equal(d->ncols, 8); /* and DEVEUI, IMEI (sub), CUSTOMER (ref) */
	assert_string_equal(d->cols[0].title, "NAME");
	assert_string_equal(d->cols[0].path, "name");
	assert_int_equal(d->cols[0].width, 30);
	assert_int_equal(d->cols[0].type, COL_TEXT);
	assert_string_equal(d->cols[0].sort, "name");
	/* no DevEUI column: KPN device items carry none; the adapters come as the detail's extra */
	for (int k = 0; k < d->ncols; k++)
		assert_null(strstr(d->cols[k].path, "networkAdapters"));
	assert_string_equal(d->detail_extra, "/devices/{id}/network-adapters");
	assert_string_equal(d->detail_extra_title, "network adapters");
	assert_string_equal(d->cols[3].path, "createdAt");
	assert_int_equal(d->cols[3].type, COL_TIME);
	assert_int_equal(d->nsort_keys, 5);
	assert_int_equal(d->nfilters, 8);
	assert_string_equal(d->filters[1], "createdSince");
	assert_string_equal(d->filters[7], "deviceSpecificationId");

	const struct tt_action *a = resource_action(d, "downlink");
	assert_non_null(a);
	assert_string_equal(a->method, "POST");
	assert_string_equal(a->path, "/downlinks");
	assert_true(a->dangerous);
	assert_true(a->needs_row); /* the body holds {id} */
	assert_int_equal(a->nfields, 1);
	assert_string_equal(a->fields[0], "message");
	assert_string_equal(a->defaults[0], "01");
	assert_null(resource_action(d, "delete"));

	const struct tt_resource *dl = provfix_res(p, "downlinks");
	assert_string_equal(dl->path, "/downlinks");
	assert_int_equal(dl->ncols, 6);
	assert_string_equal(dl->cols[1].title, "DEVICE");
	assert_string_equal(dl->cols[1].path, "deviceId");
	/* KPN documents no deviceId or clientId filter on /downlinks */
	assert_int_equal(dl->nfilters, 5);
	for (int k = 0; k < dl->nfilters; k++) {
		assert_string_not_equal(dl->filters[k], "deviceId");
		assert_string_not_equal(dl->filters[k], "clientId");
	}
	a = resource_action(dl, "downlink");
	assert_non_null(a);
	assert_false(a->needs_row);
	assert_int_equal(a->nfields, 2);
	assert_string_equal(a->fields[0], "deviceId");
	assert_string_equal(a->defaults[0], "");
	assert_string_equal(a->fields[1], "message");
	provider_free(p);
}

static void test_other_shipped_providers(void **state)
{
	(void)state;
	struct tt_provider *p = provfix_shipped("akenza");
	assert_int_equal(p->auth, AUTH_API_KEY_HEADER);
	assert_string_equal(p->key_header, "x-api-key");
	assert_int_equal(p->paging, PAGING_PAGE_NUMBER);
	assert_string_equal(p->items, "content");
	assert_int_equal(p->parallel, 4);
	assert_int_equal(p->errors, ERRFMT_SPRING);
	assert_int_equal(p->ctx, CTX_QUERY);
	assert_int_equal(p->sort_style, SORT_FIELD_DIRECTION);
	assert_true(p->nsort_map >= 2);
	assert_true(p->rate > 9.9 && p->rate < 10.1);
	assert_true(p->burst > 24.9 && p->burst < 25.1);
	const struct tt_resource *r = provfix_res(p, "assets");
	assert_true(r->context_param);
	assert_string_equal(r->owner_param, "organizationId");
	provider_free(p);

	p = provfix_shipped("partner-jwt");
	assert_int_equal(p->auth, AUTH_API_KEY_JWT);
	assert_string_equal(p->token_field, "token");
	assert_int_equal(p->ctx, CTX_NONE);
	assert_int_equal(p->placeholder_urls, 1); /* the real URLs come from the account manager */
	provider_free(p);
	p = provfix_shipped("kpn-things");
	assert_int_equal(p->placeholder_urls, 0);
	provider_free(p);
}

static void test_unknown_resource_lists_names(void **state)
{
	struct tt_error e;
	(void)state;
	struct tt_provider *p = provfix_shipped("kpn-things");
	tt_error_clear(&e);
	assert_null(provider_resource(p, "gadgets", &e));
	assert_non_null(strstr(e.message, "gadgets"));
	assert_non_null(strstr(e.message, "KPN Things"));
	assert_non_null(strstr(e.hint, "devices, downlinks, lora-downlinks, device-groups, projects"));
	provider_free(p);
}

static const char minimal_head[] = "name = \"t\";\n"                              /* 1 */
				   "auth = {\n"                                    /* 2 */
				   "  scheme = \"%s\";\n"                          /* 3 */
				   "};\n"                                          /* 4 */
				   "paging = { style = \"page-number\"; };\n"     /* 5 */
				   "resources = (\n"                               /* 6 */
				   "  { name = \"things\"; path = \"/things\";\n" /* 7 */
				   "    columns = (\n"                             /* 8 */
				   "      { title = \"ID\"; path = \"id\"; }\n"  /* 9 */
				   "    ); }\n"                                    /* 10 */
				   ");\n";

static void test_minimal_defaults(void **state)
{
	char text[1024], path[64];
	struct tt_error e;
	(void)state;
	snprintf(text, sizeof text, minimal_head, "api-key-header");
	struct tt_provider *p = provfix_text(text, path, sizeof path, &e);
	assert_non_null(p);
	assert_string_equal(p->title, "t");
	assert_string_equal(p->items, "content");
	assert_string_equal(p->limit_param, "size");
	assert_string_equal(p->page_param, "page");
	assert_int_equal(p->default_limit, 50);
	assert_int_equal(p->parallel, 1);
	assert_int_equal(p->errors, ERRFMT_PROBLEM);
	assert_int_equal(p->ctx, CTX_NONE);
	const struct tt_resource *r = provfix_res(p, "things");
	assert_string_equal(r->title, "things");
	assert_string_equal(r->id, "id");
	assert_int_equal(r->cols[0].width, 16);
	assert_int_equal(r->cols[0].type, COL_TEXT);
	provider_free(p);
}

/* tenants = { … } and first_pane: the dashboard's panes as data. */
static int index_of(const struct tt_provider *p, const char *name)
{
	return (int)(provfix_res(p, name) - p->res);
}

static void test_tenants_and_first_pane(void **state)
{
	(void)state;
	struct tt_provider *p = provfix_shipped("kpn-things");
	assert_int_equal(p->tenants_res, -1); /* the own account + configured customers */
	assert_string_equal(p->tenants_word, "customer");
	assert_int_equal(p->first_res, index_of(p, "devices"));
	provider_free(p);
	p = provfix_shipped("akenza");
	assert_int_equal(p->tenants_res, index_of(p, "workspaces"));
	assert_string_equal(p->tenants_word, "workspace");
	assert_int_equal(p->first_res, index_of(p, "assets"));
	provider_free(p);
	p = provfix_shipped("partner-jwt"); /* no context: the defaults */
	assert_int_equal(p->tenants_res, -1);
	assert_string_equal(p->tenants_word, "context");
	assert_int_equal(p->first_res, -1);
	provider_free(p);

	static const struct { const char *keys, *want; } bad[] = {
		{ "tenants = { resource = \"nosuch\"; };", ":2: tenants.resource: no resource 'nosuch'" },
		{ "tenants = { from = \"config\"; resource = \"r\"; };", "not both" },
		{ "tenants = { from = \"api\"; };", "tenants.from" },
		{ "tenants = \"r\";", "tenants must be a group" },
		{ "first_pane = \"tools\";", "first_pane: resource 'tools' has no list" },
		{ "first_pane = \"nosuch\";", "first_pane: no resource 'nosuch'" },
		{ "tenants = { resource = \"r\"; }; first_pane = \"r\";", "is the tenants pane's resource" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[1024], path[64];
		struct tt_error e;
		snprintf(text, sizeof text,
			 "name = \"t\";\n%s\nauth = { scheme = \"api-key-header\"; };\n"
			 "paging = { style = \"cursor-links\"; };\ncontext = { kind = \"header\"; header = \"X\"; };\n"
			 "resources = ( { name = \"r\"; path = \"/r\"; }, { name = \"tools\"; } );\n",
			 bad[i].keys);
		assert_null(provfix_text(text, path, sizeof path, &e));
		if (!strstr(e.message, bad[i].want))
			fail_msg("%s: got '%s', want '%s'", bad[i].keys, e.message, bad[i].want);
	}
	/* a provider without a context has no tenants pane to describe */
	char text[512], path[64];
	struct tt_error e;
	snprintf(text, sizeof text, "name = \"t\";\ntenants = { from = \"config\"; };\n"
				    "auth = { scheme = \"api-key-header\"; };\npaging = { style = \"cursor-links\"; };\n"
				    "resources = ( { name = \"r\"; path = \"/r\"; } );\n");
	assert_null(provfix_text(text, path, sizeof path, &e));
	assert_non_null(strstr(e.message, "no context"));
}

/* Page sizes of a walk (issue 17): the dashboard's cursor walk starts small and
 * goes on at the maximum; --dump and page-number walks use the maximum
 * throughout; --limit forces one size; resize_cursor = false keeps one size. */
static void test_page_sizes(void **state)
{
	long first, rest;
	(void)state;
	struct tt_provider *kpn = provfix_shipped("kpn-things"), *ak = provfix_shipped("akenza");
	assert_true(kpn->resize_cursor);
	provider_page_sizes(kpn, 0, 0, &first, &rest);
	assert_int_equal(first, 50);
	assert_int_equal(rest, 1000);
	provider_page_sizes(kpn, 0, 1, &first, &rest);
	assert_int_equal(first, 1000);
	assert_int_equal(rest, 1000);
	provider_page_sizes(kpn, 77, 0, &first, &rest);
	assert_int_equal(first, 77);
	assert_int_equal(rest, 77);
	provider_page_sizes(kpn, 77, 1, &first, &rest);
	assert_int_equal(first, 77);
	assert_int_equal(rest, 77);
	kpn->resize_cursor = 0;
	provider_page_sizes(kpn, 0, 0, &first, &rest);
	assert_int_equal(first, 1000);
	assert_int_equal(rest, 1000);
	/* akenza: page numbers count pages of one size, so the maximum on every page */
	provider_page_sizes(ak, 0, 0, &first, &rest);
	assert_int_equal(first, 1000);
	assert_int_equal(rest, 1000);
	provider_page_sizes(ak, 0, 1, &first, &rest);
	assert_int_equal(first, 1000);
	provider_page_sizes(ak, 25, 0, &first, &rest);
	assert_int_equal(first, 25);
	assert_int_equal(rest, 25);
	provider_free(kpn);
	provider_free(ak);

	char text[1024], path[64];
	struct tt_error e;
	snprintf(text, sizeof text, "name = \"t\"; auth = { scheme = \"api-key-header\"; };\n"
		 "paging = { style = \"cursor-links\"; default_limit = 20; max_limit = 500; resize_cursor = false; };\n"
		 "resources = ( { name = \"things\"; path = \"/things\"; columns = ( { title = \"ID\"; path = \"id\"; } ); } );\n");
	struct tt_provider *p = provfix_text(text, path, sizeof path, &e);
	if (!p)
		fail_msg("%s", e.message);
	assert_false(p->resize_cursor);
	provider_page_sizes(p, 0, 0, &first, &rest);
	assert_int_equal(first, 500);
	assert_int_equal(rest, 500);
	p->resize_cursor = 1;
	provider_page_sizes(p, 0, 0, &first, &rest);
	assert_int_equal(first, 20);
	assert_int_equal(rest, 500);
	p->default_limit = 900; /* a default above the maximum is the maximum */
	provider_page_sizes(p, 0, 0, &first, &rest);
	assert_int_equal(first, 500);
	provider_free(p);
}

static void test_bad_auth_scheme_names_file_line(void **state)
{
	char text[1024], path[64], want[128];
	struct tt_error e;
	(void)state;
	snprintf(text, sizeof text, minimal_head, "basic");
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:2:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "auth.scheme"));
}

/* lookups: a pattern that is no regular expression, or a path without
 * {value}, is an error naming file and line; a good one matches only its
 * kind of identifier. The shipped akenza file finds DevEUIs. */
static void test_lookups(void **state)
{
	static const char head[] = "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
				   "paging = { style = \"page-number\"; };\nresources = ( { name = \"r\"; path = \"/r\";\n"
				   "  lookups = ( { name = \"EUI\"; %s } ); } );\n";
	char text[1024], path[64], want[128];
	struct tt_error e;
	struct tt_provider *p;
	(void)state;
	snprintf(text, sizeof text, head, "pattern = \"^[0-9a-f{16}$\"; path = \"/x?v={value}\";");
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:5:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "not a regular expression"));
	snprintf(text, sizeof text, head, "pattern = \"^[0-9a-f]{16}$\"; path = \"/x\";");
	assert_null(provfix_text(text, path, sizeof path, &e));
	assert_non_null(strstr(e.message, "{value}"));
	snprintf(text, sizeof text, head, "pattern = \"^[0-9a-f]{16}$\"; path = \"/x?v={value}\";");
	p = provfix_text(text, path, sizeof path, &e);
	assert_non_null(p);
	struct ident_match m;
	assert_int_equal(ident_classify(p, &p->res[0], "00112233aabbccdd", &m), 1);
	assert_non_null(m.lookup);
	assert_string_equal(m.kind, "EUI");
	ident_classify(p, &p->res[0], "00112233aabbccd", &m);
	assert_null(m.lookup);
	ident_classify(p, &p->res[0], "pump 00112233aabbccdd", &m);
	assert_null(m.lookup);
	provider_free(p);
}


/* related = ( … ): both kinds load, resource names and their filters are
 * checked against the resources, and mistakes name file:line */
static void test_related(void **state)
{
	static const char head[] = "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
				   "paging = { style = \"page-number\"; };\nresources = ( { name = \"dev\"; path = \"/d\";\n"
				   "  related = ( %s ); },\n"
				   "  { name = \"msg\"; path = \"/m\"; filters = [ \"deviceId\" ]; } );\n";
	char text[1024], path[64], want[128];
	struct tt_error e;
	struct tt_provider *p;
	(void)state;
	snprintf(text, sizeof text, head,
		 "{ title = \"messages\"; resource = \"msg\"; filter = \"deviceId={id}\"; },\n"
		 "{ title = \"adapters\"; path = \"/d/{id}/a\"; items = \"items\"; guess = true; }");
	p = provfix_text(text, path, sizeof path, &e);
	if (!p)
		fail_msg("%s", e.message);
	const struct tt_resource *r = &p->res[0];
	assert_int_equal(r->nrelated, 2);
	assert_string_equal(r->related[0].title, "messages");
	assert_int_equal(r->related[0].res, 1);
	assert_string_equal(r->related[0].filter, "deviceId={id}");
	assert_null(r->related[0].path);
	assert_int_equal(r->related[0].guess, 0);
	assert_int_equal(r->related[1].res, -1);
	assert_string_equal(r->related[1].path, "/d/{id}/a");
	assert_string_equal(r->related[1].items, "items");
	assert_int_equal(r->related[1].guess, 1);
	assert_ptr_equal(resource_related(r, "adapters"), &r->related[1]);
	assert_ptr_equal(resource_related(r, "msg"), &r->related[0]);
	assert_null(resource_related(r, "nope"));
	provider_free(p);

	static const struct { const char *rel, *err; } bad[] = {
		{ "{ resource = \"msg\"; filter = \"deviceId={id}\"; }", "needs a title" },
		{ "{ title = \"x\"; }", "either resource" },
		{ "{ title = \"x\"; resource = \"msg\"; path = \"/d/{id}\"; filter = \"deviceId={id}\"; }", "either resource" },
		{ "{ title = \"x\"; resource = \"msg\"; }", "needs filter" },
		{ "{ title = \"x\"; path = \"/d/a\"; }", "placeholder" },
		{ "{ title = \"x\"; resource = \"nope\"; filter = \"deviceId={id}\"; }", "no resource 'nope'" },
		{ "{ title = \"x\"; resource = \"msg\"; filter = \"clientId={id}\"; }", "'clientId' is not one of msg's filters" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, head, bad[i].rel);
		assert_null(provfix_text(text, path, sizeof path, &e));
		snprintf(want, sizeof want, "%s:5:", path);
		if (!strstr(e.message, want) || !strstr(e.message, bad[i].err))
			fail_msg("%s: got %s", bad[i].rel, e.message);
	}
}

/* the shipped related lists: KPN device → downlinks (by DevEUI, q), LoRa
 * downlinks, network adapters, device groups (a guess); akenza asset →
 * recent samples; partner invitation → credit report */
static void test_shipped_related(void **state)
{
	(void)state;
	struct tt_provider *p = provfix_shipped("kpn-things");
	const struct tt_resource *d = provfix_res(p, "devices");
	assert_int_equal(d->nrelated, 4);
	assert_string_equal(resource_related(d, "downlinks")->filter, "q=urn:dev:DEVEUI:{extra:items.0.devEUI}:");
	assert_string_equal(resource_related(d, "LoRa downlinks")->filter, "deviceId={id}");
	assert_string_equal(resource_related(d, "network adapters")->path, "/devices/{id}/network-adapters");
	assert_int_equal(resource_related(d, "device groups")->guess, 1);
	provider_free(p);
	p = provfix_shipped("akenza");
	const struct tt_related *rs = resource_related(provfix_res(p, "assets"), "recent samples");
	assert_non_null(strstr(rs->path, "/query?"));
	assert_int_equal(rs->nfields, 3);
	assert_string_equal(rs->fields[2], "data");
	provider_free(p);
	p = provfix_shipped("partner-jwt");
	assert_string_equal(resource_related(provfix_res(p, "invitations"), "credit report")->path,
			    "/v1/invitations/{id}/credit-report");
	provider_free(p);
}

/* ref = "RESOURCE" | "tenants" and sub = "/…/{id}/…" columns: resolved to
 * indices at load, the target learns names from walks; unknown refs and subs
 * without {id} are refused naming file:line. */
static void test_refs_and_subs(void **state)
{
	static const char head[] = "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
				   "paging = { style = \"page-number\"; };\nresources = (\n"
				   "  { name = \"a\"; path = \"/a\"; detail = \"/a/{id}\"; identifier = \"eui\";\n"
				   "    columns = ( { title = \"NAME\"; path = \"name\"; } ); },\n"
				   "  { name = \"b\"; path = \"/b\"; columns = ( %s ); } );\n";
	char text[2048], path[64], want[128];
	struct tt_error e;
	struct tt_provider *p;
	(void)state;
	snprintf(text, sizeof text, head,
		 "{ title = \"A\"; path = \"aId\"; ref = \"a\"; }, { title = \"C\"; path = \"clientId\"; ref = \"tenants\"; },"
		 "{ title = \"X\"; path = \"x\"; sub = \"/b/{id}/more\"; }, { title = \"P\"; path = \"p\"; }");
	p = provfix_text(text, path, sizeof path, &e);
	if (!p)
		fail_msg("%s", e.message);
	assert_int_equal(p->res[1].cols[0].ref_res, 0);
	assert_string_equal(p->res[1].cols[0].ref, "a");
	assert_int_equal(p->res[1].cols[1].ref_res, TT_REF_TENANTS);
	assert_null(p->res[1].cols[2].ref);
	assert_string_equal(p->res[1].cols[2].sub, "/b/{id}/more");
	assert_int_equal(p->res[1].cols[3].ref_res, -1);
	assert_null(p->res[1].cols[3].sub);
	assert_true(p->res[0].ref_target);
	assert_false(p->res[1].ref_target);
	assert_string_equal(p->res[0].label, "name"); /* the default */
	assert_string_equal(p->res[0].identifier, "eui");
	assert_null(p->res[1].identifier);
	provider_free(p);

	snprintf(text, sizeof text, head, "{ title = \"A\"; path = \"aId\"; ref = \"zz\"; }");
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:7:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "refers to 'zz'"));

	snprintf(text, sizeof text, head, "{ title = \"X\"; path = \"x\"; sub = \"/b/more\"; }");
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:7:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "{id}"));

	/* the shipped KPN file: downlink devices by name, DevEUI from the adapters */
	p = provfix_shipped("kpn-things");
	const struct tt_resource *d = provfix_res(p, "downlinks"), *dev = provfix_res(p, "devices");
	int found = 0;
	for (int i = 0; i < d->ncols; i++)
		if (!strcmp(d->cols[i].title, "DEVICE")) {
			assert_string_equal(p->res[d->cols[i].ref_res].name, "devices");
			found++;
		}
	for (int i = 0; i < dev->ncols; i++)
		if (!strcmp(dev->cols[i].title, "DEVEUI")) {
			assert_non_null(strstr(dev->cols[i].sub, "{id}/network-adapters"));
			found++;
		} else if (!strcmp(dev->cols[i].title, "CUSTOMER")) {
			assert_int_equal(dev->cols[i].ref_res, TT_REF_TENANTS);
			assert_true(dev->cols[i].own_account);
			found++;
		}
	assert_int_equal(found, 3);
	assert_true(dev->ref_target);
	assert_string_equal(dev->identifier, "barcode");
	provider_free(p);
}

/* context.template is used as a format: exactly one %s, no other conversion */
static void test_context_template_validated(void **state)
{
	static const char head[] = "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
				   "paging = { style = \"page-number\"; };\n"
				   "context = { kind = \"header\"; header = \"X\";\n  template = \"%s\"; };\n"
				   "resources = ( { name = \"r\"; path = \"/r\"; } );\n";
	static const char *const bad[] = { "client:%d:%s", "client:%s:%s", "none", "%n%s", "%s%", "%x" };
	char text[1024], path[64], want[128];
	struct tt_error e;
	struct tt_provider *p;
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, head, bad[i]);
		assert_null(provfix_text(text, path, sizeof path, &e));
		snprintf(want, sizeof want, "%s:5:", path);
		assert_non_null(strstr(e.message, want));
		assert_non_null(strstr(e.message, "context.template"));
	}
	snprintf(text, sizeof text, head, "client:uuid:%s");
	p = provfix_text(text, path, sizeof path, &e);
	assert_non_null(p);
	provider_free(p);
}

/* action fields: a pattern that is no regular expression is an error naming
 * file and line; the shipped partner file checks the KvK number (8 digits)
 * and says so in its hint; KPN's columns rank the UUID below the barcode. */
static void test_field_patterns(void **state)
{
	static const char head[] = "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
				   "paging = { style = \"page-number\"; };\nresources = ( { name = \"r\"; path = \"/r\";\n"
				   "  actions = ( { name = \"a\"; path = \"/a\";\n"
				   "    fields = ( \"x\", { name = \"n\"; pattern = \"%s\"; } ); } ); } );\n";
	char text[1024], path[64], want[128];
	struct tt_error e;
	(void)state;
	snprintf(text, sizeof text, head, "^[0-9{8}$");
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:6:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "field n: pattern is not a regular expression"));
	snprintf(text, sizeof text, head, "^[0-9]{2}$");
	struct tt_provider *p = provfix_text(text, path, sizeof path, &e);
	assert_non_null(p);
	assert_null(p->res[0].actions[0].patterns[0]);
	assert_int_equal(regexec(&p->res[0].actions[0].res[1], "12", 0, NULL, 0), 0);
	assert_int_not_equal(regexec(&p->res[0].actions[0].res[1], "123", 0, NULL, 0), 0);
	provider_free(p);

	p = provider_load("partner-jwt", &e);
	assert_non_null(p);
	const struct tt_action *inv = resource_action(&p->res[0], "invite");
	assert_non_null(inv);
	assert_string_equal(inv->fields[1], "kvkNumber");
	assert_string_equal(inv->hints[1], "8 digits");
	assert_int_equal(regexec(&inv->res[1], "12345678", 0, NULL, 0), 0);
	assert_int_not_equal(regexec(&inv->res[1], "1234567", 0, NULL, 0), 0);
	provider_free(p);

	p = provider_load("kpn-things", &e);
	assert_non_null(p);
	const struct tt_resource *dev = &p->res[0];
	for (int i = 0; i < p->nres; i++)
		if (!strcmp(p->res[i].name, "devices"))
			dev = &p->res[i];
	assert_string_equal(dev->cols[1].title, "ID");
	assert_string_equal(dev->cols[2].title, "BARCODE");
	assert_true(dev->cols[1].priority < dev->cols[2].priority);
	provider_free(p);
}

static void test_broken_files(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	/* syntax error */
	assert_null(provfix_text("name = \"t\";\nauth = { scheme = ; };\n", path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:2:", path);
	assert_non_null(strstr(e.message, want));

	/* no name */
	assert_null(provfix_text("title = \"T\";\n", path, sizeof path, &e));
	assert_non_null(strstr(e.message, path));
	assert_non_null(strstr(e.message, "no name"));

	/* bad paging style */
	assert_null(provfix_text("name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
			      "paging = { style = \"offset\"; };\n",
			      path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "paging.style"));

	/* no resources */
	assert_null(provfix_text("name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
			      "paging = { style = \"cursor-links\"; };\n",
			      path, sizeof path, &e));
	assert_non_null(strstr(e.message, "no resources"));

	/* a context template without %s */
	assert_null(provfix_text("name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
			      "paging = { style = \"cursor-links\"; };\n"
			      "context = { kind = \"header\"; header = \"X\"; template = \"client:%d\"; };\n"
			      "resources = ( { name = \"r\"; path = \"/r\"; } );\n",
			      path, sizeof path, &e));
	assert_non_null(strstr(e.message, "context.template"));

	/* a column with an unknown type, at its own line */
	assert_null(provfix_text("name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
			      "paging = { style = \"cursor-links\"; };\n"
			      "resources = ( { name = \"r\"; path = \"/r\"; columns = (\n"
			      "  { title = \"A\"; path = \"a\"; },\n"
			      "  { title = \"B\"; path = \"b\"; type = \"date\"; }\n"
			      "); } );\n",
			      path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:6:", path);
	assert_non_null(strstr(e.message, want));

	/* an action without a path */
	assert_null(provfix_text("name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
			      "paging = { style = \"cursor-links\"; };\n"
			      "resources = ( { name = \"r\"; path = \"/r\"; actions = (\n"
			      "  { name = \"go\"; }\n"
			      "); } );\n",
			      path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:5:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "action"));
}

static void test_provider_load_by_name(void **state)
{
	char dir[4096];
	struct tt_error e;
	const char *top = getenv("top_srcdir");
	(void)state;
	snprintf(dir, sizeof dir, "%s/providers", top && *top ? top : ".");
	assert_int_equal(setenv("THINGTOP_PROVIDERS_DIR", dir, 1), 0);
	struct tt_provider *p = provider_load("kpn-things", &e);
	assert_non_null(p);
	assert_string_equal(p->name, "kpn-things");
	provider_free(p);
	/* names that could walk out of the directory are refused */
	tt_error_clear(&e);
	assert_null(provider_load("../kpn-things", &e));
	assert_non_null(strstr(e.message, "may only hold"));
	assert_null(provider_load("KPN", &e));
	unsetenv("THINGTOP_PROVIDERS_DIR");
}


/* More columns (or resources, filters, actions) than the build holds is an
 * error naming file and line, never a silent cut. */
static void test_too_many_is_an_error(void **state)
{
	char text[4096], path[64], want[128];
	struct tt_error e;
	size_t n;
	(void)state;
	n = (size_t)snprintf(text, sizeof text,
			     "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\npaging = { style = \"page-number\"; };\n"
			     "resources = (\n  { name = \"things\"; path = \"/things\";\n    columns = (\n");
	for (int i = 0; i < TT_MAX_COLUMNS + 1; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "      %s{ title = \"C%d\"; path = \"c%d\"; }\n",
				      i ? "," : "", i, i);
	snprintf(text + n, sizeof text - n, "    ); }\n);\n");
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:6: more than %d columns", path, TT_MAX_COLUMNS);
	if (!strstr(e.message, want))
		fail_msg("got '%s', want '%s'", e.message, want);

	/* sort.map: a list instead of a group (crashed: found by fuzz_provider),
	 * a non-string value, and more entries than the build holds */
	static const char head[] = "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\n"
				   "paging = { style = \"page-number\"; };\n";
	static const char tail[] = "resources = ( { name = \"r\"; path = \"/r\"; columns = ( { title = \"T\"; path = \"t\"; } ); } );\n";
	snprintf(text, sizeof text, "%ssort = { style = \"field-direction\";\n  map = ( \"name\", \"name.keyword\" ); };\n%s", head,
		 tail);
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:5: sort.map must be a group", path);
	if (!strstr(e.message, want))
		fail_msg("got '%s', want '%s'", e.message, want);
	snprintf(text, sizeof text, "%ssort = { style = \"field-direction\";\n  map = { name = 3; }; };\n%s", head, tail);
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:5: sort.map.name must be a string", path);
	if (!strstr(e.message, want))
		fail_msg("got '%s', want '%s'", e.message, want);
	n = (size_t)snprintf(text, sizeof text, "%ssort = { style = \"field-direction\";\n  map = {", head);
	for (int i = 0; i < TT_MAX_SORT_MAP + 1; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, " k%d = \"v%d\";", i, i);
	snprintf(text + n, sizeof text - n, " }; };\n%s", tail);
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:5: more than %d sort.map entries (%d given)", path, TT_MAX_SORT_MAP,
		 TT_MAX_SORT_MAP + 1);
	if (!strstr(e.message, want))
		fail_msg("got '%s', want '%s'", e.message, want);
	/* exactly the limit loads */
	n = (size_t)snprintf(text, sizeof text, "%ssort = { style = \"field-direction\";\n  map = {", head);
	for (int i = 0; i < TT_MAX_SORT_MAP; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, " k%d = \"v%d\";", i, i);
	snprintf(text + n, sizeof text - n, " }; };\n%s", tail);
	struct tt_provider *p = provfix_text(text, path, sizeof path, &e);
	assert_non_null(p);
	assert_int_equal(p->nsort_map, TT_MAX_SORT_MAP);
	assert_string_equal(p->sort_to[TT_MAX_SORT_MAP - 1], "v15");
	provider_free(p);

	/* resources: the line of the list, and the counts */
	n = (size_t)snprintf(text, sizeof text,
			     "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\npaging = { style = \"page-number\"; };\n"
			     "\nresources = (\n");
	for (int i = 0; i < TT_MAX_RESOURCES + 1; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "  %s{ name = \"r%d\"; path = \"/r%d\"; columns = ( { title = \"T\"; path = \"t\"; } ); }\n",
				      i ? "," : "", i, i);
	snprintf(text + n, sizeof text - n, ");\n");
	assert_null(provfix_text(text, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:5: more than %d resources (%d given)", path, TT_MAX_RESOURCES,
		 TT_MAX_RESOURCES + 1);
	if (!strstr(e.message, want))
		fail_msg("got '%s', want '%s'", e.message, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kpn_things),
		cmocka_unit_test(test_other_shipped_providers),
		cmocka_unit_test(test_unknown_resource_lists_names),
		cmocka_unit_test(test_minimal_defaults),
		cmocka_unit_test(test_tenants_and_first_pane),
		cmocka_unit_test(test_page_sizes),
		cmocka_unit_test(test_bad_auth_scheme_names_file_line),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_refs_and_subs),
		cmocka_unit_test(test_related),
		cmocka_unit_test(test_shipped_related),
		cmocka_unit_test(test_context_template_validated),
		cmocka_unit_test(test_field_patterns),
		cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_too_many_is_an_error),
		cmocka_unit_test(test_provider_load_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
