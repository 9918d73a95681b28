/* config.h — the user's configuration file (libconfig): global settings and
 * profiles. Owns parsing, validation with file:line errors, the permission
 * check for inline secrets, and secret resolution (env / command / inline). */
#ifndef TT_CONFIG_H
#define TT_CONFIG_H

#include "error.h"

#include <stddef.h>

#define TT_MAX_PROFILES 32
#define TT_MAX_CUSTOMERS 256

struct tt_customer {
	char *name;
	char *id;
};

/* Where a secret comes from: exactly one of value/env/command. */
struct tt_secret_source {
	char *value;     /* inline (file must be chmod 600) */
	char *env;       /* name of an environment variable */
	char *command;   /* command line, run without a shell */
	int line;        /* config line, for errors */
};

struct tt_profile {
	char *name;
	char *provider;
	char *base_url, *auth_url;   /* NULL = the provider's */
	char *client_id;
	struct tt_secret_source client_secret, api_key, auth_param;
	struct tt_customer customers[TT_MAX_CUSTOMERS];
	int ncustomers;
	char *organization;          /* the owner (akenza organization) when the profile names one */
	char *context;               /* the tenant to start in: `context`, or the provider's own word
				      * for it (context.word: `workspace = "Production";`), see context_key */
	char *context_key;           /* the key it was given as; a key config.c does not know is kept
				      * here and checked against the provider's word by config_check_context_key */
	int context_line;
	char *ca_file;               /* PEM CA bundle; a leading ~/ is the home directory */
	char *client_cert, *client_key; /* mutual TLS: PEM files, both or neither (~/ expanded) */
	struct tt_secret_source client_key_password; /* _env or _command only, never inline */
	char *auth_body;             /* token request body template; NULL = the provider's */
	int ca_file_line, client_cert_line, client_key_line, auth_body_line;
	int insecure_http;
	int refresh;                 /* seconds, 0 = global */
	int line;
};

/* Limits against hostile or broken servers (issue 16), from global settings
 * of the same names; 0 in struct tt_config means the default (a config rebuilt
 * from a snapshot sets none). Read them through config_limit(). */
enum tt_limit {
	TT_LIMIT_PAGE_TIMEOUT,    /* seconds one API request may take, body included (60) */
	TT_LIMIT_TOKEN_TIMEOUT,   /* seconds one token request may take (30) */
	TT_LIMIT_MAX_ROWS,        /* rows the dashboard holds for one list (5,000,000) */
	TT_LIMIT_MAX_PAGES,       /* pages one walk fetches (100,000) */
	TT_LIMIT_COMMAND_TIMEOUT, /* seconds a *_command may run (10) */
	TT_LIMIT_COUNT
};

struct tt_config {
	char *path;
	char *theme;
	int read_only;
	int refresh;
	long limits[TT_LIMIT_COUNT]; /* 0 = default; see config_limit */
	struct tt_profile profiles[TT_MAX_PROFILES];
	int nprofiles;
	void *keys;                  /* the libconfig `keys` group, opaque (config_setting_t *) */
	void *lc;                    /* the libconfig handle (config_t *), kept for `keys` */
};

/* The default path: $XDG_CONFIG_HOME/thingtop/config or ~/.config/thingtop/config. */
int config_default_path(char *out, size_t outsz);

/* Load and validate path (NULL = default). NULL on error (e filled, naming file:line). */
struct tt_config *config_load(const char *path, struct tt_error *e);
void config_free(struct tt_config *c);

/* A profile key config.c does not know is allowed only as the provider's own
 * word for the context (word may be NULL); else an error naming file:line. */
int config_check_context_key(const struct tt_config *c, const struct tt_profile *p, const char *word,
			     struct tt_error *e);
/* A limit's value (its default when unset; c may be NULL) and its setting name. */
long config_limit(const struct tt_config *c, enum tt_limit which);
const char *config_limit_name(enum tt_limit which);

/* The profile called name, or the first when name is NULL; NULL + e if none. */
const struct tt_profile *config_profile(const struct tt_config *c, const char *name, struct tt_error *e);

/* A watch on the wait for a *_command (the dashboard sets one around opening
 * a profile, so that Q quits while a command hangs): started is told which
 * command runs (what: "client_secret"; prog: its argv[0], from the config:
 * sanitise it before it is shown); fd is polled beside the command's output,
 * and when it is readable stop(fd, ud) reads it: 1 kills the command with its
 * whole process group at once, and config_secret fails ("stopped"); 0 goes on;
 * -1 goes on without the fd from then on. NULL clears it. Main thread only:
 * commands run in api_open. */
struct tt_command_watch {
	int fd;
	void (*started)(const char *what, const char *prog, void *ud);
	int (*stop)(int fd, void *ud);
	void *ud;
};
void config_command_watch(const struct tt_command_watch *w);

/* Resolve a secret into out (NUL-terminated). Never puts the secret in e. */
int config_secret(const struct tt_config *c, const struct tt_secret_source *s, const char *what,
		  char *out, size_t outsz, struct tt_error *e);

/* Before any request: the profile's ca_file, client_cert and client_key exist
 * and are readable; an unencrypted client_key (PEM without ENCRYPTED) that
 * group or others can read is refused, as ssh refuses such keys. Sets
 * *key_encrypted. Errors name the file:line, the key and the path. */
int config_check_tls_files(const struct tt_config *c, const struct tt_profile *p, int *key_encrypted,
			   struct tt_error *e);

/* A setting name as the user wrote it: quoted names that are not valid bare
 * libconfig names ("?", "1") are read as x_ + hex; this turns them back. */
const char *config_name_decode(const char *name, char *buf, size_t bufsz);

/* Overwrite memory that held a secret (not optimised away). */
void secret_wipe(void *p, size_t n);

#endif
