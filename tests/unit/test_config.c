/* test_config.c — configuration loading: profiles, file:line errors, the
 * permission rule for inline secrets and secret resolution (env / command). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"

/* Write text to a fresh temp file with the given mode; path into out. */
static void write_conf(char *out, size_t outsz, const char *text, mode_t mode)
{
	snprintf(out, outsz, "/tmp/tt_ut_config_XXXXXX");
	int fd = mkstemp(out);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* Load text (mode) and return the config or NULL with e filled; removes the file. */
static struct tt_config *load_text(const char *text, mode_t mode, char *path, size_t pathsz, struct tt_error *e)
{
	write_conf(path, pathsz, text, mode);
	tt_error_clear(e);
	struct tt_config *c = config_load(path, e);
	unlink(path);
	return c;
}

static const char two_profiles[] =
	"theme = \"dark\";\n"                                               /* 1 */
	"read_only = true;\n"                                               /* 2 */
	"refresh = 7;\n"                                                    /* 3 */
	"profiles = (\n"                                                    /* 4 */
	"  { name = \"kpn\"; provider = \"kpn-things\"; client_id = \"abc\";\n" /* 5 */
	"    client_secret_env = \"TT_UT_SECRET\";\n"                        /* 6 */
	"    customers = ( { name = \"Acme\"; id = \"79658ca8-f1ba-4c25-b824-93813e9fba76\"; } ); },\n" /* 7 */
	"  { name = \"ak\"; provider = \"akenza\"; organization = \"org1\";\n" /* 8 */
	"    api_key_command = \"printf 's3cret\\\\n'\"; refresh = 30; }\n"  /* 9 */
	");\n";                                                             /* 10 */

static void test_two_profiles_load(void **state)
{
	char path[64];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text(two_profiles, 0644, path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(c->nprofiles, 2);
	assert_string_equal(c->theme, "dark");
	assert_int_equal(c->read_only, 1);
	assert_int_equal(c->refresh, 7);
	assert_string_equal(c->profiles[0].name, "kpn");
	assert_string_equal(c->profiles[0].provider, "kpn-things");
	assert_string_equal(c->profiles[0].client_id, "abc");
	assert_string_equal(c->profiles[0].client_secret.env, "TT_UT_SECRET");
	assert_null(c->profiles[0].client_secret.value);
	assert_null(c->profiles[0].client_secret.command);
	assert_int_equal(c->profiles[0].ncustomers, 1);
	assert_string_equal(c->profiles[0].customers[0].name, "Acme");
	assert_string_equal(c->profiles[0].customers[0].id, "79658ca8-f1ba-4c25-b824-93813e9fba76");
	assert_string_equal(c->profiles[1].name, "ak");
	assert_string_equal(c->profiles[1].provider, "akenza");
	assert_string_equal(c->profiles[1].organization, "org1");
	assert_int_equal(c->profiles[1].refresh, 30);
	assert_string_equal(c->profiles[1].api_key.command, "printf 's3cret\\n'");
	assert_int_equal(c->profiles[1].api_key.line, 9);
	config_free(c);
}

static void test_unknown_key_names_file_line(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	/* one unknown string key may be the provider's word for the context
	 * (workspace = "…"): it is checked once the provider is known, still
	 * naming file and line */
	struct tt_config *c = load_text("profiles = (\n"
					"  { name = \"a\"; provider = \"kpn-things\";\n"
					"    clientsecret = \"x\"; }\n"
					");\n",
					0600, path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_check_context_key(c, &c->profiles[0], "customer", &e), -1);
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "clientsecret"));
	assert_non_null(strstr(e.hint, "client_secret"));
	/* the provider's word is the start context */
	assert_int_equal(config_check_context_key(c, &c->profiles[0], "clientsecret", &e), 0);
	assert_string_equal(c->profiles[0].context, "x");
	config_free(c);
	/* a second unknown key, or one that is not a string, fails at once */
	c = load_text("profiles = (\n"
		      "  { name = \"a\"; provider = \"kpn-things\";\n"
		      "    clientsecret = \"x\"; cleint_id = \"y\"; }\n"
		      ");\n",
		      0600, path, sizeof path, &e);
	assert_null(c);
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "cleint_id"));
	c = load_text("profiles = (\n  { name = \"a\"; provider = \"kpn-things\";\n    refesh = 3; }\n);\n",
		      0600, path, sizeof path, &e);
	assert_null(c);
	assert_non_null(strstr(e.message, "refesh"));
	/* context and the word together: given twice */
	c = load_text("profiles = (\n  { name = \"a\"; provider = \"akenza\";\n    workspace = \"W\"; context = \"V\"; }\n);\n",
		      0600, path, sizeof path, &e);
	assert_null(c);
	assert_non_null(strstr(e.message, "once"));
}

static void test_syntax_error_names_file_line(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text("profiles = (\n  { name = ; provider = \"x\"; }\n);\n", 0600, path,
					sizeof path, &e);
	assert_null(c);
	snprintf(want, sizeof want, "%s:2:", path);
	assert_non_null(strstr(e.message, want));
}

static void test_missing_file(void **state)
{
	struct tt_error e;
	(void)state;
	tt_error_clear(&e);
	assert_null(config_load("/tmp/tt_ut_config_does_not_exist/config", &e));
	assert_non_null(strstr(e.message, "/tmp/tt_ut_config_does_not_exist/config"));
	assert_true(e.hint[0] != '\0');
}

static void test_no_profiles(void **state)
{
	char path[64];
	struct tt_error e;
	(void)state;
	assert_null(load_text("theme = \"dark\";\n", 0600, path, sizeof path, &e));
	assert_non_null(strstr(e.message, "no profiles"));
	assert_null(load_text("profiles = ( );\n", 0600, path, sizeof path, &e));
	assert_non_null(strstr(e.message, "no profiles"));
}

static void test_profile_needs_name_and_provider(void **state)
{
	char path[64];
	struct tt_error e;
	(void)state;
	assert_null(load_text("profiles = ( { provider = \"akenza\"; } );\n", 0600, path, sizeof path, &e));
	assert_non_null(strstr(e.message, "without a name"));
	assert_null(load_text("profiles = ( { name = \"p\"; } );\n", 0600, path, sizeof path, &e));
	assert_non_null(strstr(e.message, "no provider"));
	assert_non_null(strstr(e.hint, "provider ="));
}

static void test_string_key_must_be_string(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	assert_null(load_text("profiles = (\n { name = \"p\"; provider = \"akenza\";\n client_id = 42; }\n);\n", 0600,
			      path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "client_id"));
}

static const char inline_secret[] =
	"profiles = (\n"
	"  { name = \"kpn\"; provider = \"kpn-things\"; client_id = \"abc\";\n"
	"    client_secret = \"hunter2-inline\"; }\n"
	");\n";

static void test_inline_secret_0644_refused(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text(inline_secret, 0644, path, sizeof path, &e);
	assert_null(c);
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.hint, "chmod 600"));
	assert_non_null(strstr(e.hint, path));
	assert_null(strstr(e.message, "hunter2"));
	assert_null(strstr(e.hint, "hunter2"));
}

static void test_inline_secret_group_readable_refused(void **state)
{
	char path[64];
	struct tt_error e;
	(void)state;
	assert_null(load_text(inline_secret, 0640, path, sizeof path, &e));
	assert_non_null(strstr(e.hint, "chmod 600"));
}

static void test_inline_secret_0600_accepted(void **state)
{
	char path[64], out[64];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text(inline_secret, 0600, path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_secret(c, &c->profiles[0].client_secret, "client_secret", out, sizeof out, &e), 0);
	assert_string_equal(out, "hunter2-inline");
	/* too small a buffer: refused, not truncated, secret not in the message */
	char small[4];
	assert_int_equal(config_secret(c, &c->profiles[0].client_secret, "client_secret", small, sizeof small, &e),
			 -1);
	assert_null(strstr(e.message, "hunter2"));
	config_free(c);
}

static void test_env_secret(void **state)
{
	char path[64], out[64], want[128];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text(two_profiles, 0644, path, sizeof path, &e);
	assert_non_null(c);
	const struct tt_secret_source *s = &c->profiles[0].client_secret;

	assert_int_equal(setenv("TT_UT_SECRET", "from-the-env", 1), 0);
	assert_int_equal(config_secret(c, s, "client_secret", out, sizeof out, &e), 0);
	assert_string_equal(out, "from-the-env");

	assert_int_equal(unsetenv("TT_UT_SECRET"), 0);
	tt_error_clear(&e);
	assert_int_equal(config_secret(c, s, "client_secret", out, sizeof out, &e), -1);
	snprintf(want, sizeof want, "%s:6:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "TT_UT_SECRET"));
	assert_non_null(strstr(e.hint, "export TT_UT_SECRET"));

	/* set but empty counts as missing */
	assert_int_equal(setenv("TT_UT_SECRET", "", 1), 0);
	assert_int_equal(config_secret(c, s, "client_secret", out, sizeof out, &e), -1);
	unsetenv("TT_UT_SECRET");
	config_free(c);
}

static void test_command_secret_trimmed(void **state)
{
	char path[64], out[64];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text(two_profiles, 0644, path, sizeof path, &e);
	assert_non_null(c);
	memset(out, 'X', sizeof out);
	assert_int_equal(config_secret(c, &c->profiles[1].api_key, "api_key", out, sizeof out, &e), 0);
	assert_string_equal(out, "s3cret");
	config_free(c);
}

static void test_command_secret_failure_hides_secret(void **state)
{
	char path[64], out[64], want[128];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text("profiles = (\n"
					"  { name = \"p\"; provider = \"akenza\";\n"
					"    api_key_command = \"sh -c 'printf s3cret-leak; exit 3'\"; }\n"
					");\n",
					0644, path, sizeof path, &e);
	assert_non_null(c);
	tt_error_clear(&e);
	assert_int_equal(config_secret(c, &c->profiles[0].api_key, "api_key", out, sizeof out, &e), -1);
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "exit status 3"));
	assert_null(strstr(e.message, "s3cret"));
	assert_null(strstr(e.hint, "s3cret"));
	/* the partial output is wiped, not left for the caller to use */
	assert_null(memmem(out, sizeof out, "s3cret", 6));
	config_free(c);
}

/* Write an executable shell script (body after the #! line); path into out. */
static void write_script(char *out, size_t outsz, const char *body)
{
	char text[1024];
	snprintf(text, sizeof text, "#!/bin/sh\n%s", body);
	write_conf(out, outsz, text, 0755);
}

/* Run profile 0's api_key_command = script with fd 2 sent to a temp file;
 * returns config_secret's result, what reached our stderr into leaked. */
static int secret_from_script_in(const char *globals, const char *body, char *out, size_t outsz,
				 struct tt_error *e, char *leaked, size_t leakedsz);

static int secret_from_script(const char *body, char *out, size_t outsz, struct tt_error *e, char *leaked,
			      size_t leakedsz)
{
	return secret_from_script_in("", body, out, outsz, e, leaked, leakedsz);
}

/* The same, with global settings (e.g. "command_timeout = 1;") before the profiles. */
static int secret_from_script_in(const char *globals, const char *body, char *out, size_t outsz,
				 struct tt_error *e, char *leaked, size_t leakedsz)
{
	char script[64], path[64], conf[256], errpath[] = "/tmp/tt_ut_stderr_XXXXXX";
	int efd = mkstemp(errpath), saved = dup(2), rc;
	ssize_t got;

	assert_true(efd >= 0 && saved >= 0);
	write_script(script, sizeof script, body);
	snprintf(conf, sizeof conf, "%s\nprofiles = ( { name = \"p\"; provider = \"akenza\"; api_key_command = \"%s\"; } );\n",
		 globals, script);
	struct tt_config *c = load_text(conf, 0644, path, sizeof path, e);
	assert_non_null(c);
	tt_error_clear(e);
	fflush(stderr);
	assert_true(dup2(efd, 2) >= 0);
	rc = config_secret(c, &c->profiles[0].api_key, "api_key", out, outsz, e);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	got = pread(efd, leaked, leakedsz - 1, 0);
	leaked[got > 0 ? got : 0] = '\0';
	close(efd);
	unlink(errpath);
	unlink(script);
	config_free(c);
	return rc;
}

/* The command's stderr never reaches the terminal: on success it is dropped. */
static void test_command_stderr_captured(void **state)
{
	char out[64], leaked[256];
	struct tt_error e;
	(void)state;
	assert_int_equal(secret_from_script("echo 'gpg: encrypted with 2048-bit RSA key' >&2\n"
					    "printf 'tok-123456\\n'\n",
					    out, sizeof out, &e, leaked, sizeof leaked),
			 0);
	assert_string_equal(out, "tok-123456");
	assert_string_equal(leaked, "");
}

/* On failure, the last stderr line explains it: sanitised, the secret masked. */
static void test_command_stderr_summarised(void **state)
{
	char out[64], leaked[256];
	struct tt_error e;
	(void)state;
	assert_int_equal(secret_from_script("printf 's3cret-leak'\n"
					    "echo 'usage: vault read PATH' >&2\n"
					    "printf 'bad token s3cret-leak \\033]52;c;aGk=\\007\\033[2J now\\n\\n' >&2\n"
					    "exit 3\n",
					    out, sizeof out, &e, leaked, sizeof leaked),
			 -1);
	assert_string_equal(leaked, "");
	assert_non_null(strstr(e.message, "exit status 3"));
	assert_non_null(strstr(e.message, "bad token ***********"));
	assert_null(strstr(e.message, "usage:"));
	assert_null(strstr(e.message, "s3cret"));
	assert_null(strchr(e.message, '\033'));
	assert_null(strchr(e.message, '\007'));
	assert_null(memmem(out, sizeof out, "s3cret", 6));

	/* nothing on stdout: the stderr line says why */
	assert_int_equal(secret_from_script("echo 'Error: x is not in the password store.' >&2\n", out, sizeof out, &e,
					    leaked, sizeof leaked),
			 -1);
	assert_string_equal(leaked, "");
	assert_non_null(strstr(e.message, "printed nothing"));
	assert_non_null(strstr(e.message, "not in the password store"));
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A command that never exits is killed at command_timeout and reported; so is
 * one that exits but leaves a child holding its stdout open. */
static void test_command_timeout(void **state)
{
	char out[64], leaked[256];
	struct tt_error e;
	(void)state;
	double t0 = now_s();
	assert_int_equal(secret_from_script_in("command_timeout = 1;", "printf 'tok-'; exec sleep 30\n", out, sizeof out,
					       &e, leaked, sizeof leaked),
			 -1);
	double took = now_s() - t0;
	if (took > 4 || !strstr(e.message, "killed after 1 s (command_timeout)"))
		fail_msg("%.1f s: %s", took, e.message);
	assert_null(strstr(e.message, "tok-"));
	assert_null(memmem(out, sizeof out, "tok-", 4));
	t0 = now_s();
	assert_int_equal(secret_from_script_in("command_timeout = 1;", "printf 'tok-x'; sleep 30 &\nexit 0\n", out,
					       sizeof out, &e, leaked, sizeof leaked),
			 -1);
	took = now_s() - t0;
	if (took > 4 || !strstr(e.message, "killed after 1 s (command_timeout)") || !strstr(e.message, "output open"))
		fail_msg("%.1f s: %s", took, e.message);
	assert_null(strstr(e.message, "tok-x"));
	/* the default is 10 s */
	assert_int_equal(config_limit(NULL, TT_LIMIT_COMMAND_TIMEOUT), 10);
}

/* A secret of several lines never reaches the error, not even one line of it
 * echoed on stderr (the mask used to look for the whole output only). */
static void test_command_multiline_masked(void **state)
{
	char out[128], leaked[256];
	struct tt_error e;
	(void)state;
	assert_int_equal(secret_from_script("printf 'line-one-s3cret\\nline-two-s3cret\\n'\n"
					    "echo 'vault: token line-two-s3cret expired, line-one-s3cret too' >&2\n"
					    "exit 2\n",
					    out, sizeof out, &e, leaked, sizeof leaked),
			 -1);
	if (strstr(e.message, "s3cret") || strstr(e.message, "line-"))
		fail_msg("%s", e.message);
	assert_non_null(strstr(e.message, "exit status 2"));
	assert_non_null(strstr(e.message, "expired"));
}

/* A command flooding stderr neither blocks nor overflows: the tail is kept. */
static void test_command_stderr_flood(void **state)
{
	char out[64], leaked[256];
	struct tt_error e;
	(void)state;
	assert_int_equal(secret_from_script("i=0; while [ $i -lt 2000 ]; do echo \"noise line $i\" >&2; i=$((i+1)); done\n"
					    "echo 'last words' >&2; printf tok-ok; exit 1\n",
					    out, sizeof out, &e, leaked, sizeof leaked),
			 -1);
	assert_string_equal(leaked, "");
	assert_non_null(strstr(e.message, "\"last words\""));
}

static void test_command_secret_not_found_and_empty(void **state)
{
	char path[64], out[64];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text("profiles = (\n"
					"  { name = \"a\"; provider = \"akenza\"; api_key_command = \"tt-ut-no-such-cmd x\"; },\n"
					"  { name = \"b\"; provider = \"akenza\"; api_key_command = \"true\"; },\n"
					"  { name = \"c\"; provider = \"akenza\"; api_key_command = \"printf 'oops\"; }\n"
					");\n",
					0644, path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_secret(c, &c->profiles[0].api_key, "api_key", out, sizeof out, &e), -1);
	assert_non_null(strstr(e.hint, "tt-ut-no-such-cmd"));
	assert_int_equal(config_secret(c, &c->profiles[1].api_key, "api_key", out, sizeof out, &e), -1);
	assert_non_null(strstr(e.message, "printed nothing"));
	assert_int_equal(config_secret(c, &c->profiles[2].api_key, "api_key", out, sizeof out, &e), -1);
	assert_non_null(strstr(e.message, "unbalanced quote"));
	config_free(c);
}

/* More customers than the build holds is an error naming file and line, not a cut. */
static void test_too_many_customers(void **state)
{
	static char text[64 * 1024];
	char path[64], want[128];
	struct tt_error e;
	size_t n;
	(void)state;
	n = (size_t)snprintf(text, sizeof text, "profiles = (\n  { name = \"k\"; provider = \"kpn-things\";\n    customers = (");
	for (int i = 0; i < TT_MAX_CUSTOMERS + 1; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s{ name = \"C%d\"; id = \"79658ca8-f1ba-4c25-b824-%012d\"; }",
				      i ? ", " : " ", i, i);
	snprintf(text + n, sizeof text - n, " ); }\n);\n");
	assert_null(load_text(text, 0644, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:3: more than %d customers (%d given)", path, TT_MAX_CUSTOMERS, TT_MAX_CUSTOMERS + 1);
	if (!strstr(e.message, want))
		fail_msg("got '%s', want '%s'", e.message, want);
}

static void test_no_secret_configured(void **state)
{
	char path[64], out[64];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text(two_profiles, 0644, path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_secret(c, &c->profiles[1].client_secret, "client_secret", out, sizeof out, &e), -1);
	assert_non_null(strstr(e.hint, "client_secret_env"));
	config_free(c);
}

static void test_two_secret_sources_refused(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	assert_null(load_text("profiles = (\n"
			      "  { name = \"p\"; provider = \"kpn-things\";\n"
			      "    client_secret_env = \"A\";\n"
			      "    client_secret_command = \"pass show x\"; }\n"
			      ");\n",
			      0600, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "only one of client_secret"));
}

static void test_duplicate_profile_names(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	assert_null(load_text("profiles = (\n"
			      "  { name = \"kpn\"; provider = \"kpn-things\"; },\n"
			      "  { name = \"other\"; provider = \"akenza\"; },\n"
			      "  { name = \"kpn\"; provider = \"akenza\"; }\n"
			      ");\n",
			      0600, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:4:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "'kpn'"));
	assert_non_null(strstr(e.message, "line 2"));
}

static void test_config_profile_lookup(void **state)
{
	char path[64];
	struct tt_error e;
	(void)state;
	struct tt_config *c = load_text(two_profiles, 0644, path, sizeof path, &e);
	assert_non_null(c);
	const struct tt_profile *p = config_profile(c, NULL, &e);
	assert_non_null(p);
	assert_string_equal(p->name, "kpn");
	p = config_profile(c, "ak", &e);
	assert_non_null(p);
	assert_string_equal(p->name, "ak");
	tt_error_clear(&e);
	assert_null(config_profile(c, "nope", &e));
	assert_non_null(strstr(e.message, "nope"));
	assert_non_null(strstr(e.hint, "kpn, ak"));
	config_free(c);
}

static void test_default_path(void **state)
{
	char out[256];
	char *old_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	assert_int_equal(config_default_path(out, sizeof out), 0);
	assert_string_equal(out, "/x/cfg/thingtop/config");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	assert_int_equal(config_default_path(out, sizeof out), 0);
	assert_string_equal(out, "/home/u/.config/thingtop/config");
	assert_int_equal(config_default_path(out, 8), -1);
	unsetenv("HOME");
	assert_int_equal(config_default_path(out, sizeof out), -1);
	if (old_xdg)
		setenv("XDG_CONFIG_HOME", old_xdg, 1);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_xdg);
	free(old_home);
}


/* ---------- mutual TLS files ---------- */

/* The limits against hostile servers: defaults, set values, and bad values
 * refused naming file:line. */
static void test_limits(void **state)
{
	char path[64];
	struct tt_error e;
	struct tt_config *c;
	(void)state;
	assert_int_equal(config_limit(NULL, TT_LIMIT_PAGE_TIMEOUT), 60);
	assert_int_equal(config_limit(NULL, TT_LIMIT_TOKEN_TIMEOUT), 30);
	assert_int_equal(config_limit(NULL, TT_LIMIT_MAX_ROWS), 5000000);
	assert_int_equal(config_limit(NULL, TT_LIMIT_MAX_PAGES), 100000);
	c = load_text("page_timeout = 5;\ntoken_timeout = 7;\n"
		      "profiles = ( { name = \"p\"; provider = \"akenza\"; api_key_env = \"X\"; } );\n",
		      0600, path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_limit(c, TT_LIMIT_PAGE_TIMEOUT), 5);
	assert_int_equal(config_limit(c, TT_LIMIT_TOKEN_TIMEOUT), 7);
	config_free(c);
	c = load_text("profiles = ( { name = \"p\"; provider = \"akenza\"; api_key_env = \"X\"; } );\n", 0600, path,
		      sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_limit(c, TT_LIMIT_PAGE_TIMEOUT), 60);
	config_free(c);
	static const char *const bad[] = { "page_timeout = 0;", "token_timeout = -3;", "page_timeout = \"60\";",
					   "token_timeout = 1.5;", "max_rows = 0;", "max_pages = 2000000000;" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[256];
		snprintf(text, sizeof text, "\n%s\nprofiles = ( { name = \"p\"; provider = \"akenza\"; api_key_env = \"X\"; } );\n",
			 bad[i]);
		assert_null(load_text(text, 0600, path, sizeof path, &e));
		char want[128];
		snprintf(want, sizeof want, "%s:2: %.*s must be a whole number", path, (int)strcspn(bad[i], " "), bad[i]);
		if (!strstr(e.message, want))
			fail_msg("'%s': %s", bad[i], e.message);
	}
}

static const char pem_cert[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
static const char pem_key[] = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";
static const char pem_key_enc[] = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIHs\n-----END ENCRYPTED PRIVATE KEY-----\n";
static const char pem_key_legacy_enc[] = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
					 "DEK-Info: AES-128-CBC,00\n\nMHc\n-----END EC PRIVATE KEY-----\n";

/* A config with one partner profile using cert/key (and an optional extra line). */
static struct tt_config *tls_config(const char *cert, const char *key, const char *extra, char *path, size_t pathsz,
				    struct tt_error *e)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "profiles = (\n"                                              /* 1 */
		 "  { name = \"p\"; provider = \"partner-jwt\";\n"               /* 2 */
		 "    client_cert = \"%s\";\n"                                  /* 3 */
		 "    client_key = \"%s\";\n"                                   /* 4 */
		 "    %s }\n"                                                   /* 5 */
		 ");\n",
		 cert, key, extra ? extra : "");
	return load_text(text, 0600, path, pathsz, e);
}

static void test_client_cert_needs_key(void **state)
{
	char path[64], want[128];
	struct tt_error e;
	(void)state;
	assert_null(load_text("profiles = (\n  { name = \"p\"; provider = \"partner-jwt\";\n"
			      "    client_cert = \"/x/c.pem\"; }\n);\n", 0600, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "client_cert without client_key"));
	assert_null(load_text("profiles = (\n  { name = \"p\"; provider = \"partner-jwt\";\n\n"
			      "    client_key = \"/x/k.pem\"; }\n);\n", 0600, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:4:", path);
	assert_non_null(strstr(e.message, want));
	assert_non_null(strstr(e.message, "client_key without client_cert"));
	/* a passphrase is never written in the file */
	assert_null(load_text("profiles = (\n  { name = \"p\"; provider = \"partner-jwt\";\n"
			      "    client_key_password = \"hunter2\"; }\n);\n", 0600, path, sizeof path, &e));
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.message, want));
	assert_null(strstr(e.message, "hunter2"));
	assert_non_null(strstr(e.hint, "client_key_password_env"));
	/* nor given for no key */
	assert_null(load_text("profiles = (\n  { name = \"p\"; provider = \"partner-jwt\";\n"
			      "    client_key_password_env = \"X\"; }\n);\n", 0600, path, sizeof path, &e));
	assert_non_null(strstr(e.message, "without a client_key"));
}

static void test_tls_paths_tilde_expanded(void **state)
{
	char path[64];
	struct tt_error e;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	(void)state;
	setenv("HOME", "/home/u", 1);
	struct tt_config *c = tls_config("~/pki/c.pem", "/abs/~/k.pem", "ca_file = \"~/pki/ca.pem\";", path,
					 sizeof path, &e);
	assert_non_null(c);
	assert_string_equal(c->profiles[0].client_cert, "/home/u/pki/c.pem");
	assert_string_equal(c->profiles[0].client_key, "/abs/~/k.pem");
	assert_string_equal(c->profiles[0].ca_file, "/home/u/pki/ca.pem");
	assert_int_equal(c->profiles[0].client_cert_line, 3);
	config_free(c);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_home);
}

static void test_tls_files_checked(void **state)
{
	char path[64], cert[64], key[64], want[256];
	struct tt_error e;
	int enc = -1;
	(void)state;
	write_conf(cert, sizeof cert, pem_cert, 0644);

	/* an unencrypted key anyone may read: refused, naming file, line, mode and the fix */
	write_conf(key, sizeof key, pem_key, 0644);
	struct tt_config *c = tls_config(cert, key, NULL, path, sizeof path, &e);
	assert_non_null(c);
	tt_error_clear(&e);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), -1);
	snprintf(want, sizeof want, "%s:4: client_key %s is not encrypted and has mode 0644", path, key);
	assert_non_null(strstr(e.message, want));
	snprintf(want, sizeof want, "chmod 600 %s", key);
	assert_non_null(strstr(e.hint, want));
	/* 0600: accepted */
	chmod(key, 0600);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), 0);
	assert_int_equal(enc, 0);
	/* 0640 is group-readable: refused */
	chmod(key, 0640);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), -1);
	assert_non_null(strstr(e.message, "mode 0640"));
	unlink(key);
	/* missing: names the key and the path */
	tt_error_clear(&e);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), -1);
	snprintf(want, sizeof want, "%s:4: client_key %s: No such file or directory", path, key);
	assert_non_null(strstr(e.message, want));
	config_free(c);

	/* an encrypted key may be 0644, but needs a passphrase source */
	write_conf(key, sizeof key, pem_key_enc, 0644);
	c = tls_config(cert, key, NULL, path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), -1);
	assert_non_null(strstr(e.message, "is encrypted"));
	assert_non_null(strstr(e.hint, "client_key_password_env"));
	config_free(c);
	c = tls_config(cert, key, "client_key_password_env = \"TT_UT_KEYPASS\";", path, sizeof path, &e);
	assert_non_null(c);
	assert_string_equal(c->profiles[0].client_key_password.env, "TT_UT_KEYPASS");
	assert_int_equal(c->profiles[0].client_key_password.line, 5);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), 0);
	assert_int_equal(enc, 1);
	config_free(c);
	unlink(key);
	/* the legacy OpenSSL form (Proc-Type: 4,ENCRYPTED) counts as encrypted */
	write_conf(key, sizeof key, pem_key_legacy_enc, 0644);
	c = tls_config(cert, key, "client_key_password_command = \"pass show k\";", path, sizeof path, &e);
	assert_non_null(c);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), 0);
	assert_int_equal(enc, 1);
	config_free(c);
	unlink(key);
	/* not a key at all, and a certificate that is not one */
	write_conf(key, sizeof key, pem_cert, 0600);
	c = tls_config(cert, key, NULL, path, sizeof path, &e);
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), -1);
	assert_non_null(strstr(e.message, "holds no PEM private key"));
	config_free(c);
	unlink(key);
	write_conf(key, sizeof key, pem_key, 0600);
	c = tls_config(key, key, NULL, path, sizeof path, &e); /* client_cert holds a key */
	assert_int_equal(config_check_tls_files(c, &c->profiles[0], &enc, &e), -1);
	assert_non_null(strstr(e.message, "client_cert"));
	assert_non_null(strstr(e.message, "holds no PEM certificate"));
	config_free(c);
	unlink(key);
	unlink(cert);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_profiles_load),
		cmocka_unit_test(test_unknown_key_names_file_line),
		cmocka_unit_test(test_syntax_error_names_file_line),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_no_profiles),
		cmocka_unit_test(test_profile_needs_name_and_provider),
		cmocka_unit_test(test_string_key_must_be_string),
		cmocka_unit_test(test_inline_secret_0644_refused),
		cmocka_unit_test(test_inline_secret_group_readable_refused),
		cmocka_unit_test(test_inline_secret_0600_accepted),
		cmocka_unit_test(test_env_secret),
		cmocka_unit_test(test_command_secret_trimmed),
		cmocka_unit_test(test_command_secret_failure_hides_secret),
		cmocka_unit_test(test_command_secret_not_found_and_empty),
		cmocka_unit_test(test_command_stderr_captured),
		cmocka_unit_test(test_command_stderr_summarised),
		cmocka_unit_test(test_command_stderr_flood),
		cmocka_unit_test(test_command_timeout),
		cmocka_unit_test(test_command_multiline_masked),
		cmocka_unit_test(test_too_many_customers),
		cmocka_unit_test(test_no_secret_configured),
		cmocka_unit_test(test_two_secret_sources_refused),
		cmocka_unit_test(test_duplicate_profile_names),
		cmocka_unit_test(test_config_profile_lookup),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_client_cert_needs_key),
		cmocka_unit_test(test_tls_paths_tilde_expanded),
		cmocka_unit_test(test_tls_files_checked),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
