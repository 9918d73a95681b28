/* config.c — loading the libconfig configuration and resolving secrets (see config.h). */
#include "config.h"
#include "xalloc.h"
#include "datafile.h"

#include "safefile.h"
#include "sanitize.h"
#include "strbuf.h"

#include <errno.h>
#include <libconfig.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void secret_wipe(void *p, size_t n)
{
	if (p)
		explicit_bzero(p, n);
}

int config_default_path(char *out, size_t outsz)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		return snprintf(out, outsz, "%s/thingtop/config", xdg) < (int)outsz ? 0 : -1;
	if (home && *home)
		return snprintf(out, outsz, "%s/.config/thingtop/config", home) < (int)outsz ? 0 : -1;
	return -1;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static const char *str_member(config_setting_t *g, const char *key)
{
	const char *v = NULL;
	config_setting_t *s = config_setting_get_member(g, key);

	if (s && config_setting_type(s) == CONFIG_TYPE_STRING)
		v = config_setting_get_string(s);
	return v;
}

/* Every known profile key and its type, for "unknown key" errors. */
static const char *const profile_keys[] = {
	"name", "provider", "base_url", "auth_url", "client_id",
	"client_secret", "client_secret_env", "client_secret_command",
	"api_key", "api_key_env", "api_key_command",
	"auth_param", "auth_param_env", "auth_param_command",
	"customers", "organization", "context", "ca_file", "insecure_http", "refresh",
	"client_cert", "client_key", "client_key_password_env", "client_key_password_command", "auth_body",
};

#define PROFILE_KEYS_HINT \
	"profile keys: name, provider, base_url, auth_url, client_id, client_secret[_env|_command], " \
	"api_key[_env|_command], auth_param[_env|_command], customers, organization, context (or the " \
	"provider's word for it), ca_file, client_cert, client_key, client_key_password_env|_command, " \
	"auth_body, insecure_http, refresh"

static int known_profile_key(const char *k)
{
	for (size_t i = 0; i < sizeof profile_keys / sizeof profile_keys[0]; i++)
		if (!strcmp(k, profile_keys[i]))
			return 1;
	return 0;
}

static int load_secret(config_setting_t *g, const char *base, struct tt_secret_source *s,
		       const char *file, int *inline_line, struct tt_error *e)
{
	char key[64];
	int n = 0;
	config_setting_t *st;

	snprintf(key, sizeof key, "%s", base);
	if ((st = config_setting_get_member(g, key))) {
		s->value = dup_or_null(config_setting_get_string(st));
		s->line = config_setting_source_line(st);
		if (!*inline_line)
			*inline_line = s->line;
		n++;
	}
	snprintf(key, sizeof key, "%s_env", base);
	if ((st = config_setting_get_member(g, key))) {
		s->env = dup_or_null(config_setting_get_string(st));
		s->line = config_setting_source_line(st);
		n++;
	}
	snprintf(key, sizeof key, "%s_command", base);
	if ((st = config_setting_get_member(g, key))) {
		s->command = dup_or_null(config_setting_get_string(st));
		s->line = config_setting_source_line(st);
		n++;
	}
	if (n > 1) {
		tt_error_set(e, 0, "%s:%d: give only one of %s, %s_env and %s_command", file, s->line, base, base, base);
		return -1;
	}
	if (n == 1 && !s->value && !s->env && !s->command) {
		tt_error_set(e, 0, "%s:%d: %s must be a string", file, s->line, base);
		return -1;
	}
	return 0;
}

/* A file path setting: a leading ~ or ~/ is $HOME. -1 only when out of memory. */
static int load_path(config_setting_t *g, const char *key, char **out, int *line)
{
	config_setting_t *st = config_setting_get_member(g, key);
	const char *v, *home = getenv("HOME");

	if (!st || !(v = config_setting_get_string(st)))
		return 0;
	*line = config_setting_source_line(st);
	if (v[0] == '~' && (v[1] == '/' || !v[1]) && home && *home) {
		struct strbuf b = { 0 };
		sb_adds(&b, home);
		sb_adds(&b, v + 1);
		*out = b.s;
	} else {
		*out = xstrdup(v);
	}
	return *out ? 0 : -1;
}

static int load_profile(config_setting_t *g, struct tt_profile *p, const char *file, int *inline_line,
			struct tt_error *e)
{
	config_setting_t *cs;
	int line = config_setting_source_line(g);

	p->line = line;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		tt_error_set(e, 0, "%s:%d: each profile must be a group { name = \"…\"; provider = \"…\"; … }", file, line);
		return -1;
	}
	for (int i = 0; i < config_setting_length(g); i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(m);
		if (!strcmp(k, "client_key_password")) {
			tt_error_set(e, 0, "%s:%d: client_key_password cannot be written in the file", file,
				     config_setting_source_line(m));
			tt_error_hint(e, "use client_key_password_env = \"VAR\"; or client_key_password_command = "
				      "\"pass show …\";");
			return -1;
		}
		if (!known_profile_key(k)) {
			/* maybe the provider's own word for the context (checked once the
			 * provider is known): one such key per profile, a string */
			if (!p->context_key && config_setting_type(m) == CONFIG_TYPE_STRING) {
				p->context_key = xstrdup(k);
				p->context_line = config_setting_source_line(m);
				continue;
			}
			tt_error_set(e, 0, "%s:%d: unknown profile key '%s'", file, config_setting_source_line(m), k);
			tt_error_hint(e, "%s", PROFILE_KEYS_HINT);
			return -1;
		}
		int t = config_setting_type(m);
		int want_string = strcmp(k, "customers") && strcmp(k, "insecure_http") && strcmp(k, "refresh");
		if (want_string && t != CONFIG_TYPE_STRING) {
			tt_error_set(e, 0, "%s:%d: %s must be a string in quotes", file, config_setting_source_line(m), k);
			return -1;
		}
	}
	p->name = dup_or_null(str_member(g, "name"));
	p->provider = dup_or_null(str_member(g, "provider"));
	if (!p->name || !*p->name) {
		tt_error_set(e, 0, "%s:%d: profile without a name", file, line);
		return -1;
	}
	if (!p->provider || !*p->provider) {
		tt_error_set(e, 0, "%s:%d: profile '%s' has no provider", file, line, p->name);
		char names[160];
		datafile_names("providers", names, sizeof names);
		tt_error_hint(e, "add provider = \"NAME\"; (providers found: %s)", names[0] ? names : "none");
		return -1;
	}
	p->base_url = dup_or_null(str_member(g, "base_url"));
	p->auth_url = dup_or_null(str_member(g, "auth_url"));
	p->client_id = dup_or_null(str_member(g, "client_id"));
	p->organization = dup_or_null(str_member(g, "organization"));
	if (p->context_key) {
		p->context = dup_or_null(str_member(g, p->context_key));
		if (str_member(g, "context")) {
			tt_error_set(e, 0, "%s:%d: give the context once: context or %s", file, p->context_line,
				     p->context_key);
			return -1;
		}
	} else {
		p->context = dup_or_null(str_member(g, "context"));
		if (p->context)
			p->context_line = config_setting_source_line(config_setting_get_member(g, "context"));
	}
	if (load_path(g, "ca_file", &p->ca_file, &p->ca_file_line) ||
	    load_path(g, "client_cert", &p->client_cert, &p->client_cert_line) ||
	    load_path(g, "client_key", &p->client_key, &p->client_key_line)) {
		tt_error_set(e, 0, "out of memory");
		return -1;
	}
	if (!p->client_cert != !p->client_key) {
		int l = p->client_cert ? p->client_cert_line : p->client_key_line;
		tt_error_set(e, 0, "%s:%d: %s without %s: mutual TLS needs both", file, l,
			     p->client_cert ? "client_cert" : "client_key", p->client_cert ? "client_key" : "client_cert");
		tt_error_hint(e, "set client_cert = \"…/client.crt\"; and client_key = \"…/client.key\"; (PEM files)");
		return -1;
	}
	if ((cs = config_setting_get_member(g, "auth_body"))) {
		p->auth_body = dup_or_null(config_setting_get_string(cs));
		p->auth_body_line = config_setting_source_line(cs);
	}
	config_setting_lookup_bool(g, "insecure_http", &p->insecure_http);
	config_setting_lookup_int(g, "refresh", &p->refresh);
	if (load_secret(g, "client_secret", &p->client_secret, file, inline_line, e) ||
	    load_secret(g, "api_key", &p->api_key, file, inline_line, e) ||
	    load_secret(g, "auth_param", &p->auth_param, file, inline_line, e) ||
	    load_secret(g, "client_key_password", &p->client_key_password, file, inline_line, e))
		return -1;
	if ((p->client_key_password.env || p->client_key_password.command) && !p->client_key) {
		tt_error_set(e, 0, "%s:%d: a client_key_password without a client_key", file, p->client_key_password.line);
		tt_error_hint(e, "set client_cert and client_key, or drop the password setting");
		return -1;
	}
	if ((cs = config_setting_get_member(g, "customers"))) {
		if (!config_setting_is_aggregate(cs)) {
			tt_error_set(e, 0, "%s:%d: customers must be a list ( { name = \"…\"; id = \"…\"; }, … )",
				     file, config_setting_source_line(cs));
			return -1;
		}
		if (config_setting_length(cs) > TT_MAX_CUSTOMERS) {
			tt_error_set(e, 0, "%s:%d: more than %d customers (%d given); thingtop holds at most %d", file,
				     config_setting_source_line(cs), TT_MAX_CUSTOMERS, config_setting_length(cs),
				     TT_MAX_CUSTOMERS);
			return -1;
		}
		for (int i = 0; i < config_setting_length(cs) && p->ncustomers < TT_MAX_CUSTOMERS; i++) {
			config_setting_t *c = config_setting_get_elem(cs, (unsigned)i);
			const char *n = str_member(c, "name"), *id = str_member(c, "id");
			if (!n || !id) {
				tt_error_set(e, 0, "%s:%d: each customer needs name and id", file,
					     config_setting_source_line(c));
				return -1;
			}
			p->customers[p->ncustomers].name = xstrdup(n);
			p->customers[p->ncustomers].id = xstrdup(id);
			p->ncustomers++;
		}
	}
	return 0;
}

static int name_char(char c, int first)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*' ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '_'));
}

/* The file's text with quoted setting names made bare, so the documented
 * keys = { devices = { "ctrl-d" = "downlink"; "?" = "help"; }; } works with
 * libconfig, which only takes bare names: a quoted name that is a valid bare
 * name loses its quotes, any other becomes x_ + its bytes in hex (see
 * config_name_decode). Comments, strings and line numbers are untouched. */
static char *read_config_text(FILE *f)
{
	struct strbuf in = { 0 }, out = { 0 };
	char buf[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&in, buf, n);
	fclose(f);
	if (!in.s)
		sb_adds(&in, "");
	for (size_t i = 0; i < in.len;) {
		char ch = in.s[i];
		if (ch == '#' || (ch == '/' && i + 1 < in.len && in.s[i + 1] == '/')) {
			while (i < in.len && in.s[i] != '\n')
				sb_addc(&out, in.s[i++]);
			continue;
		}
		if (ch == '/' && i + 1 < in.len && in.s[i + 1] == '*') {
			size_t j = i + 2;
			while (j + 1 < in.len && !(in.s[j] == '*' && in.s[j + 1] == '/'))
				j++;
			j = j + 2 <= in.len ? j + 2 : in.len;
			sb_add(&out, in.s + i, j - i);
			i = j;
			continue;
		}
		if (ch != '"') {
			sb_addc(&out, ch);
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < in.len && in.s[j] != '"' && in.s[j] != '\n')
			j += in.s[j] == '\\' && j + 1 < in.len ? 2 : 1;
		if (j >= in.len || in.s[j] != '"') { /* unterminated: let libconfig report it */
			sb_add(&out, in.s + i, in.len - i);
			break;
		}
		size_t k = j + 1;
		while (k < in.len && (in.s[k] == ' ' || in.s[k] == '\t'))
			k++;
		int is_name = k < in.len && (in.s[k] == '=' || in.s[k] == ':') && j > i + 1;
		for (size_t q = i + 1; is_name && q < j; q++)
			if (in.s[q] == '\\')
				is_name = 0; /* escapes in a key name: leave it to libconfig */
		if (!is_name) {
			sb_add(&out, in.s + i, j + 1 - i);
		} else {
			int bare = 1;
			for (size_t q = i + 1; q < j; q++)
				bare &= name_char(in.s[q], q == i + 1);
			if (bare) {
				sb_add(&out, in.s + i + 1, j - i - 1);
			} else {
				sb_adds(&out, "x_");
				for (size_t q = i + 1; q < j; q++)
					sb_addf(&out, "%02x", (unsigned char)in.s[q]);
			}
		}
		i = j + 1;
	}
	sb_free(&in);
	return out.s ? out.s : xstrdup("");
}

const char *config_name_decode(const char *name, char *buf, size_t bufsz)
{
	size_t n = strlen(name), o = 0;

	if (n < 4 || strncmp(name, "x_", 2) != 0 || (n - 2) % 2 != 0)
		return name;
	for (size_t i = 2; i < n && o + 1 < bufsz; i += 2) {
		unsigned v;
		if (sscanf(name + i, "%2x", &v) != 1)
			return name;
		buf[o++] = (char)v;
	}
	buf[o] = '\0';
	return buf;
}

static const struct {
	const char *name;
	long def, min, max;
	const char *unit;
} limit_info[TT_LIMIT_COUNT] = {
	[TT_LIMIT_PAGE_TIMEOUT] = { "page_timeout", 60, 1, 86400, "seconds" },
	[TT_LIMIT_TOKEN_TIMEOUT] = { "token_timeout", 30, 1, 86400, "seconds" },
	[TT_LIMIT_MAX_ROWS] = { "max_rows", 5000000, 1, 1000000000, "rows" },
	[TT_LIMIT_MAX_PAGES] = { "max_pages", 100000, 1, 1000000000, "pages" },
	[TT_LIMIT_COMMAND_TIMEOUT] = { "command_timeout", 10, 1, 3600, "seconds" },
};

long config_limit(const struct tt_config *c, enum tt_limit which)
{
	return c && c->limits[which] > 0 ? c->limits[which] : limit_info[which].def;
}

const char *config_limit_name(enum tt_limit which)
{
	return limit_info[which].name;
}

/* The global limit settings: whole numbers in range, or an error naming file:line. */
static int load_limits(config_t *lc, struct tt_config *c, const char *path, struct tt_error *e)
{
	for (int i = 0; i < TT_LIMIT_COUNT; i++) {
		config_setting_t *st = config_lookup(lc, limit_info[i].name);
		long long v;
		if (!st)
			continue;
		int t = config_setting_type(st);
		v = t == CONFIG_TYPE_INT ? config_setting_get_int(st) : t == CONFIG_TYPE_INT64 ? config_setting_get_int64(st) : -1;
		if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) || v < limit_info[i].min || v > limit_info[i].max) {
			tt_error_set(e, 0, "%s:%d: %s must be a whole number of %s from %ld to %ld", path,
				     config_setting_source_line(st), limit_info[i].name, limit_info[i].unit, limit_info[i].min,
				     limit_info[i].max);
			return -1;
		}
		c->limits[i] = (long)v;
	}
	return 0;
}

struct tt_config *config_load(const char *path, struct tt_error *e)
{
	char def[4096];
	struct tt_config *c;
	config_t *lc;
	config_setting_t *profiles, *s;
	int inline_line = 0;
	struct stat st;

	if (!path) {
		if (config_default_path(def, sizeof def)) {
			tt_error_set(e, 0, "cannot find the configuration: neither XDG_CONFIG_HOME nor HOME is set");
			return NULL;
		}
		path = def;
	}
	if (stat(path, &st) != 0) {
		tt_error_set(e, 0, "%s: %s", path, strerror(errno));
		tt_error_hint(e, "create it (see thingtop(1) CONFIGURATION), or try thingtop --demo");
		return NULL;
	}
	lc = xcalloc(1, sizeof *lc);
	c = xcalloc(1, sizeof *c);
	config_init(lc);
	c->lc = lc;
	c->path = xstrdup(path);
	/* like ssh: a file someone else could write is refused (its URLs receive the
	 * credentials, its *_command lines print them) */
	FILE *f = safefile_open_read(path, "configuration", &st, e);
	if (!f) {
		config_free(c);
		return NULL;
	}
	char *text = read_config_text(f);
	if (!config_read_string(lc, text)) {
		tt_error_set(e, 0, "%s:%d: %s", path, config_error_line(lc), config_error_text(lc));
		free(text);
		config_free(c);
		return NULL;
	}
	free(text);
	s = config_lookup(lc, "theme");
	c->theme = dup_or_null(s && config_setting_type(s) == CONFIG_TYPE_STRING ? config_setting_get_string(s) : NULL);
	config_lookup_bool(lc, "read_only", &c->read_only);
	config_lookup_int(lc, "refresh", &c->refresh);
	if (load_limits(lc, c, path, e)) {
		config_free(c);
		return NULL;
	}
	c->keys = config_lookup(lc, "keys");
	profiles = config_lookup(lc, "profiles");
	if (!profiles || !config_setting_is_aggregate(profiles) || config_setting_length(profiles) == 0) {
		tt_error_set(e, 0, "%s:%d: no profiles: add profiles = ( { name = \"…\"; provider = \"…\"; … } );", path,
			     profiles ? config_setting_source_line(profiles) : 1);
		config_free(c);
		return NULL;
	}
	for (int i = 0; i < config_setting_length(profiles); i++) {
		if (c->nprofiles == TT_MAX_PROFILES) {
			tt_error_set(e, 0, "%s: more than %d profiles", path, TT_MAX_PROFILES);
			config_free(c);
			return NULL;
		}
		if (load_profile(config_setting_get_elem(profiles, (unsigned)i), &c->profiles[c->nprofiles], path,
				 &inline_line, e)) {
			c->nprofiles++;
			config_free(c);
			return NULL;
		}
		for (int k = 0; k < c->nprofiles; k++) {
			if (!strcmp(c->profiles[k].name, c->profiles[c->nprofiles].name)) {
				tt_error_set(e, 0, "%s:%d: a second profile named '%s' (the first is at line %d)", path,
					     c->profiles[c->nprofiles].line, c->profiles[k].name, c->profiles[k].line);
				c->nprofiles++;
				config_free(c);
				return NULL;
			}
		}
		c->nprofiles++;
	}
	/* Like ssh: an inline secret in a file others can read is refused. */
	if (inline_line && (st.st_mode & 077)) {
		tt_error_set(e, 0, "%s:%d: an inline secret in a file readable by group or others is refused", path,
			     inline_line);
		tt_error_hint(e, "chmod 600 %s (or use *_env / *_command instead of an inline secret)", path);
		config_free(c);
		return NULL;
	}
	return c;
}

static void free_secret_source(struct tt_secret_source *s)
{
	if (s->value)
		secret_wipe(s->value, strlen(s->value));
	free(s->value);
	free(s->env);
	free(s->command);
}

void config_free(struct tt_config *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nprofiles; i++) {
		struct tt_profile *p = &c->profiles[i];
		free(p->name);
		free(p->provider);
		free(p->base_url);
		free(p->auth_url);
		free(p->client_id);
		free(p->organization);
		free(p->context);
		free(p->context_key);
		free(p->ca_file);
		free(p->client_cert);
		free(p->client_key);
		free(p->auth_body);
		free_secret_source(&p->client_key_password);
		free_secret_source(&p->client_secret);
		free_secret_source(&p->api_key);
		free_secret_source(&p->auth_param);
		for (int k = 0; k < p->ncustomers; k++) {
			free(p->customers[k].name);
			free(p->customers[k].id);
		}
	}
	if (c->lc) {
		config_destroy(c->lc);
		free(c->lc);
	}
	free(c->theme);
	free(c->path);
	free(c);
}

const struct tt_profile *config_profile(const struct tt_config *c, const char *name, struct tt_error *e)
{
	if (!name)
		return &c->profiles[0];
	for (int i = 0; i < c->nprofiles; i++)
		if (!strcmp(c->profiles[i].name, name))
			return &c->profiles[i];
	char list[512] = "";
	for (int i = 0; i < c->nprofiles; i++) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", c->profiles[i].name);
	}
	tt_error_set(e, 0, "%s: no profile named '%s'", c->path, name);
	tt_error_hint(e, "profiles in this file: %s", list);
	return NULL;
}

/* ---------- TLS files (mutual TLS) ---------- */

/* Read a small PEM file (certificates, keys) into buf; -1 with e naming key and path. */
static int read_pem(const struct tt_config *c, const char *key, const char *path, int line, char *buf, size_t bufsz,
		    struct stat *st, struct tt_error *e)
{
	FILE *f = NULL;
	size_t n;

	if (stat(path, st) != 0 || !(f = fopen(path, "r"))) {
		tt_error_set(e, 0, "%s:%d: %s %s: %s", c->path, line, key, path, strerror(errno));
		tt_error_hint(e, "set %s to the PEM file's path (a leading ~/ is your home directory)", key);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		fclose(f);
		tt_error_set(e, 0, "%s:%d: %s %s is not a regular file", c->path, line, key, path);
		return -1;
	}
	n = fread(buf, 1, bufsz - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}

/* 1: the first PEM private key in text is encrypted (PKCS#8 "BEGIN ENCRYPTED
 * PRIVATE KEY", or a legacy "Proc-Type: 4,ENCRYPTED" header); 0: it is not;
 * -1: there is no PEM private key. */
static int pem_key_encrypted(const char *text)
{
	for (const char *p = text; (p = strstr(p, "-----BEGIN ")) != NULL; p++) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (!memmem(p, n, "PRIVATE KEY", 11))
			continue;
		if (memmem(p, n, "ENCRYPTED", 9))
			return 1;
		return eol && !strncmp(eol + 1, "Proc-Type: 4,ENCRYPTED", 22) ? 1 : 0;
	}
	return -1;
}

int config_check_tls_files(const struct tt_config *c, const struct tt_profile *p, int *key_encrypted,
			   struct tt_error *e)
{
	enum { BUFSZ = 64 * 1024 };
	char *buf = xmalloc(BUFSZ);
	size_t bufsz = BUFSZ;
	struct stat st;
	int enc, rc = -1;

	*key_encrypted = 0;
	if (!buf) {
		tt_error_set(e, 0, "out of memory");
		return -1;
	}
	if (p->ca_file && read_pem(c, "ca_file", p->ca_file, p->ca_file_line, buf, bufsz, &st, e))
		goto out;
	if (!p->client_cert) {
		rc = 0;
		goto out;
	}
	if (read_pem(c, "client_cert", p->client_cert, p->client_cert_line, buf, bufsz, &st, e))
		goto out;
	if (!strstr(buf, "-----BEGIN CERTIFICATE-----")) {
		tt_error_set(e, 0, "%s:%d: client_cert %s holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
			     c->path, p->client_cert_line, p->client_cert);
		goto out;
	}
	if (read_pem(c, "client_key", p->client_key, p->client_key_line, buf, bufsz, &st, e))
		goto out;
	enc = pem_key_encrypted(buf);
	if (enc < 0) {
		tt_error_set(e, 0, "%s:%d: client_key %s holds no PEM private key (-----BEGIN … PRIVATE KEY-----)",
			     c->path, p->client_key_line, p->client_key);
		goto out;
	}
	/* like ssh: a key anyone else may read is no secret */
	if (!enc && (st.st_mode & 077)) {
		tt_error_set(e, 0, "%s:%d: client_key %s is not encrypted and has mode %04o (readable by group or "
			     "others): refused", c->path, p->client_key_line, p->client_key, (unsigned)(st.st_mode & 07777));
		tt_error_hint(e, "chmod 600 %s (or encrypt it and set client_key_password_env or _command)",
			      p->client_key);
		goto out;
	}
	if (enc && !p->client_key_password.env && !p->client_key_password.command) {
		tt_error_set(e, 0, "%s:%d: client_key %s is encrypted, and the profile gives no passphrase", c->path,
			     p->client_key_line, p->client_key);
		tt_error_hint(e, "set client_key_password_env = \"VAR\"; or client_key_password_command = \"pass show …\";");
		goto out;
	}
	*key_encrypted = enc;
	rc = 0;
out:
	secret_wipe(buf, bufsz);
	free(buf);
	return rc;
}

/* Split a command line into words: whitespace separates, '…' and "…" quote, \ escapes. */
static int split_words(const char *cmd, char *buf, size_t bufsz, char **argv, int maxargs)
{
	size_t o = 0;
	int argc = 0, in_word = 0;
	char q = 0;

	for (const char *p = cmd;; p++) {
		char ch = *p;
		if (!ch || (!q && (ch == ' ' || ch == '\t'))) {
			if (in_word) {
				if (o >= bufsz)
					return -1;
				buf[o++] = '\0';
				in_word = 0;
			}
			if (!ch)
				break;
			continue;
		}
		if (!in_word) {
			if (argc == maxargs - 1)
				return -1;
			argv[argc++] = buf + o;
			in_word = 1;
		}
		if (!q && (ch == '\'' || ch == '"')) {
			q = ch;
			continue;
		}
		if (q && ch == q) {
			q = 0;
			continue;
		}
		if (ch == '\\' && q != '\'' && p[1])
			ch = *++p;
		if (o >= bufsz)
			return -1;
		buf[o++] = ch;
	}
	if (q)
		return -1;
	argv[argc] = NULL;
	return argc;
}

/* Overwrite every occurrence of the n bytes at what in line with '*'; a
 * short one (under 4 bytes) is no secret, and masking it would mangle words. */
static void mask_in(char *line, const char *what, size_t n)
{
	char *hit;

	if (n < 4)
		return;
	for (char *p = line; (hit = memmem(p, strlen(p), what, n)) != NULL; p = hit + n)
		memset(hit, '*', n);
}

/* stderr_summary: the last non-empty line the command wrote to stderr, made
 * safe to show: everything it printed on stdout (a secret, maybe partial) is
 * masked, then the line is sanitised and cut to fit. "" when it said nothing. */
static void stderr_summary(char *err, size_t errlen, const char *secret, char *out, size_t outsz)
{
	size_t end = errlen, start, slen = strlen(secret);
	char line[256];

	out[0] = '\0';
	while (end > 0 && (err[end - 1] == '\n' || err[end - 1] == '\r' || err[end - 1] == ' ' || err[end - 1] == '\t'))
		end--;
	if (!end)
		return;
	start = end;
	while (start > 0 && err[start - 1] != '\n')
		start--;
	if (end - start >= sizeof line)
		start = end - (sizeof line - 1);
	memcpy(line, err + start, end - start);
	line[end - start] = '\0';
	/* the whole output, and each of its lines: a secret of several lines (or a
	 * tool printing more than the secret) must not leak one line at a time */
	mask_in(line, secret, slen);
	for (const char *p = secret; *p;) {
		size_t n = strcspn(p, "\r\n");
		mask_in(line, p, n);
		p += n;
		p += strspn(p, "\r\n");
	}
	sanitize_text(line, strlen(line), out, outsz);
	secret_wipe(line, sizeof line);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const struct tt_command_watch *cmd_watch;

void config_command_watch(const struct tt_command_watch *w)
{
	cmd_watch = w;
}

/* run_command: run a *_command secret source (no shell) with stdout and stderr
 * both captured: stdout is the secret; stderr never reaches the terminal (it
 * would scribble over the dashboard and may echo what it read), and on failure
 * its last line, with the secret masked, becomes part of the error. The output
 * itself is never quoted. The command runs in a process group of its own and
 * gets timeout seconds (command_timeout): one that does not finish by then, or
 * that leaves a process holding its output open, is killed with all its group
 * and reported. A command watch (config_command_watch) that says stop kills
 * the group at once. */
static int run_command(const char *cmd, char *out, size_t outsz, const char *what, int line, const char *file,
		       long timeout, struct tt_error *e)
{
	char words[4096], err[2048], said[160];
	char *argv[64];
	int fds[2], efds[2], status = 0, reaped = 0, killed = 0, stopped = 0;
	size_t n = 0, en = 0;
	pid_t pid;
	double deadline;

	if (split_words(cmd, words, sizeof words, argv, 64) <= 0) {
		tt_error_set(e, 0, "%s:%d: %s_command is empty or has an unbalanced quote", file, line, what);
		return -1;
	}
	if (pipe(fds))
		goto fail;
	if (pipe(efds)) {
		close(fds[0]);
		close(fds[1]);
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		close(efds[0]);
		close(efds[1]);
		goto fail;
	}
	if (pid == 0) {
		setpgid(0, 0); /* its own group: a timeout kills what it started too */
		dup2(fds[1], 1);
		dup2(efds[1], 2);
		close(fds[0]);
		close(fds[1]);
		close(efds[0]);
		close(efds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no window in which a kill of the group misses it */
	close(fds[1]);
	close(efds[1]);
	deadline = now_s() + (double)timeout;
	if (cmd_watch && cmd_watch->started)
		cmd_watch->started(what, argv[0], cmd_watch->ud);
	{
		/* the command's stdout and stderr, and the watch's fd (-1: none) */
		struct pollfd pf[3] = { { .fd = fds[0], .events = POLLIN }, { .fd = efds[0], .events = POLLIN },
					{ .fd = cmd_watch ? cmd_watch->fd : -1, .events = POLLIN } };
		while (pf[0].fd >= 0 || pf[1].fd >= 0 || !reaped) {
			if (!reaped) {
				pid_t w = waitpid(pid, &status, WNOHANG);
				reaped = w == pid || (w < 0 && errno != EINTR);
			}
			double left = deadline - now_s();
			if (left <= 0) {
				kill(-pid, SIGKILL);
				killed = 1;
				break;
			}
			int ms = left > 0.1 ? 100 : (int)(left * 1000) + 1; /* short: reap the child as it exits */
			if (pf[0].fd < 0 && pf[1].fd < 0) /* output closed, the command still running */
				ms = 10;
			int pr = poll(pf, 3, ms);
			if (pr < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			if (pf[2].fd >= 0 && pf[2].revents) {
				int stop = cmd_watch->stop(pf[2].fd, cmd_watch->ud);
				if (stop > 0) {
					kill(-pid, SIGKILL);
					stopped = 1;
					break;
				}
				if (stop < 0 || (pf[2].revents & (POLLERR | POLLHUP | POLLNVAL)))
					pf[2].fd = -1; /* nothing more will come from it */
			}
			if (pf[0].fd < 0 && pf[1].fd < 0)
				continue;
			if (pf[0].fd >= 0 && pf[0].revents) {
				ssize_t r = read(fds[0], out + n, outsz - 1 - n);
				if (r < 0 && errno == EINTR)
					continue;
				if (r > 0)
					n += (size_t)r;
				if (r <= 0 || n == outsz - 1) {
					close(fds[0]);
					pf[0].fd = -1;
				}
			}
			if (pf[1].fd >= 0 && pf[1].revents) {
				char tmp[512];
				ssize_t r = read(efds[0], tmp, sizeof tmp);
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0) {
					close(efds[0]);
					pf[1].fd = -1;
				} else { /* keep the tail: the last line is the one that explains */
					size_t k = (size_t)r;
					if (en + k > sizeof err) {
						size_t drop = en + k - sizeof err;
						if (drop > en)
							drop = en;
						memmove(err, err + drop, en - drop);
						en -= drop;
					}
					if (k > sizeof err - en)
						k = sizeof err - en;
					memcpy(err + en, tmp + ((size_t)r - k), k);
					en += k;
				}
				secret_wipe(tmp, sizeof tmp);
			}
		}
		if (pf[0].fd >= 0)
			close(fds[0]);
		if (pf[1].fd >= 0)
			close(efds[0]);
		if ((killed || stopped) && reaped) {
			/* it exited, but something it started still held the pipes */
		} else if (!reaped) {
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
		}
	}
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ' || out[n - 1] == '\t'))
		out[--n] = '\0';
	stderr_summary(err, en, out, said, sizeof said);
	secret_wipe(err, sizeof err);
	if (stopped) {
		secret_wipe(out, outsz);
		secret_wipe(said, sizeof said);
		tt_error_set(e, 0, "%s:%d: %s_command '%s' stopped: you quit while it ran", file, line, what, argv[0]);
		return -1;
	}
	if (killed) {
		secret_wipe(out, outsz);
		tt_error_set(e, 0, "%s:%d: %s_command '%s' was killed after %ld s (command_timeout): %s%s%s%s", file, line,
			     what, argv[0], timeout,
			     reaped ? "it exited, but a process it started still held its output open"
				    : "it did not finish",
			     said[0] ? " (stderr: \"" : "", said, said[0] ? "\")" : "");
		tt_error_hint(e, "does it wait for input, or start a daemon without closing its output? raise "
			      "command_timeout in the configuration if it is only slow");
		secret_wipe(said, sizeof said);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		secret_wipe(out, outsz);
		tt_error_set(e, 0, "%s:%d: %s_command '%s' failed (%s %d)%s%s%s", file, line, what, argv[0],
			     WIFEXITED(status) ? "exit status" : "signal",
			     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), said[0] ? ": \"" : "", said,
			     said[0] ? "\"" : "");
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			tt_error_hint(e, "is '%s' installed and in PATH?", argv[0]);
		secret_wipe(said, sizeof said);
		return -1;
	}
	if (!n) {
		tt_error_set(e, 0, "%s:%d: %s_command printed nothing%s%s%s", file, line, what, said[0] ? " (stderr: \"" : "",
			     said, said[0] ? "\")" : "");
		secret_wipe(said, sizeof said);
		return -1;
	}
	secret_wipe(said, sizeof said);
	return 0;
fail:
	tt_error_set(e, 0, "%s:%d: cannot run %s_command: %s", file, line, what, strerror(errno));
	return -1;
}

int config_secret(const struct tt_config *c, const struct tt_secret_source *s, const char *what,
		  char *out, size_t outsz, struct tt_error *e)
{
	out[0] = '\0';
	if (s->value) {
		if (strlen(s->value) >= outsz) {
			tt_error_set(e, 0, "%s:%d: %s is too long", c->path, s->line, what);
			return -1;
		}
		strcpy(out, s->value);
		return 0;
	}
	if (s->env) {
		const char *v = getenv(s->env);
		if (!v || !*v) {
			tt_error_set(e, 0, "%s:%d: %s_env names %s, which is not set", c->path, s->line, what, s->env);
			tt_error_hint(e, "export %s=… before starting thingtop", s->env);
			return -1;
		}
		if (strlen(v) >= outsz) {
			tt_error_set(e, 0, "%s is too long", s->env);
			return -1;
		}
		strcpy(out, v);
		return 0;
	}
	if (s->command)
		return run_command(s->command, out, outsz, what, s->line, c->path,
				   config_limit(c, TT_LIMIT_COMMAND_TIMEOUT), e);
	tt_error_set(e, 0, "%s: the profile has no %s", c->path, what);
	tt_error_hint(e, "add %s_env = \"VAR\"; or %s_command = \"pass show …\"; to the profile", what, what);
	return -1;
}

int config_check_context_key(const struct tt_config *c, const struct tt_profile *p, const char *word,
			     struct tt_error *e)
{
	if (!p->context_key || (word && !strcmp(p->context_key, word)))
		return 0;
	tt_error_set(e, 0, "%s:%d: unknown profile key '%s'", c->path, p->context_line, p->context_key);
	tt_error_hint(e, "%s", PROFILE_KEYS_HINT);
	return -1;
}
