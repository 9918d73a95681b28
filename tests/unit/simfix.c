/* simfix.c — the unit tests' simulator fixture (see simfix.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "simfix.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t sim_pid;
char sim_log[256], cfg_path[256], tmpdir[128];

void sim_start(const char *extra)
{
	char cmd[1024], line[256], port[16];
	int fds[2];
	const char *sim = getenv("THINGTOP_SIM");

	assert_non_null(sim);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/%s.XXXXXX", program_invocation_short_name);
	assert_non_null(mkdtemp(tmpdir));
	snprintf(sim_log, sizeof sim_log, "%s/sim.log", tmpdir);
	snprintf(cfg_path, sizeof cfg_path, "%s/config", tmpdir);
	assert_int_equal(pipe(fds), 0);
	sim_pid = fork();
	assert_true(sim_pid >= 0);
	if (sim_pid == 0) {
		/* a test that ends without teardown (ThreadSanitizer's
		 * halt_on_error, a crash) must not leave the simulator behind */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(fds[1], 1);
		close(fds[0]);
		snprintf(cmd, sizeof cmd, "exec '%s' --port 0 --log '%s' %s", sim, sim_log, extra);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *f = fdopen(fds[0], "r");
	assert_non_null(fgets(line, sizeof line, f));
	assert_non_null(strstr(line, "listening on http://127.0.0.1:"));
	snprintf(port, sizeof port, "%s", strrchr(line, ':') + 1);
	port[strcspn(port, "\n")] = '\0';
	fclose(f);
	snprintf(cmd, sizeof cmd, "umask 077; '%s' --print-config --port %s %s > '%s'", sim, port, extra, cfg_path);
	assert_int_equal(system(cmd), 0);
}

void sim_stop(void)
{
	char cmd[300];
	kill(sim_pid, SIGTERM);
	waitpid(sim_pid, NULL, 0);
	sim_pid = 0;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

int log_count(const char *a, const char *b)
{
	char line[4096];
	int n = 0;
	FILE *f = fopen(sim_log, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strstr(line, a) && (!b || strstr(line, b)))
			n++;
	fclose(f);
	return n;
}

void open_profile(struct fixture *fx, const char *profile)
{
	struct tt_error e = { 0 };
	fx->cfg = config_load(cfg_path, &e);
	assert_non_null(fx->cfg);
	fx->profile = config_profile(fx->cfg, profile, &e);
	assert_non_null(fx->profile);
	fx->prov = provider_load(fx->profile->provider, &e);
	if (!fx->prov)
		fail_msg("%s", e.message);
	assert_int_equal(api_open(&fx->shared, fx->cfg, fx->profile, fx->prov, NULL, &e), 0);
	assert_int_equal(api_thread_init(&fx->api, &fx->shared, &e), 0);
}

void close_profile(struct fixture *fx)
{
	api_thread_free(&fx->api);
	api_close(&fx->shared);
	provider_free(fx->prov);
	config_free(fx->cfg);
}
