/* simfix.h — the unit tests' shared fixture: a real thingtop-sim started on a
 * free loopback port with a request log, the config it prints, a count of
 * its log lines, and a profile opened on it (config, provider, API handles).
 * Used by the tests that talk HTTP (test_engine, test_session,
 * test_ctx_stress). Fails the running cmocka test on any error. */
#ifndef TT_SIMFIX_H
#define TT_SIMFIX_H

#include "api.h"
#include "config.h"
#include "provider.h"

#include <sys/types.h>

extern pid_t sim_pid;
extern char sim_log[256], cfg_path[256], tmpdir[128];

/* Start thingtop-sim with extra args (also given to --print-config, which
 * writes cfg_path); its scratch directory is /tmp/PROGRAM.XXXXXX. */
void sim_start(const char *extra);
/* Stop it and remove the scratch directory. */
void sim_stop(void);
/* Lines of the simulator's log containing a (and b, unless NULL); -1 when
 * the log cannot be read. */
int log_count(const char *a, const char *b);

struct fixture {
	struct tt_config *cfg;
	const struct tt_profile *profile;
	struct tt_provider *prov;
	struct tt_api_shared shared;
	struct tt_api api;
};

/* Open profile of cfg_path with its provider and one thread's API handle. */
void open_profile(struct fixture *fx, const char *profile);
void close_profile(struct fixture *fx);

#endif
