/* demo.c — the --demo launcher (see demo.h). */
#include "demo.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEMO_SEED "42"
#define DEMO_DEVICES "5000"

/* thingtop-sim next to this executable, else from PATH. */
static void sim_path(char *out, size_t outsz)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(out, outsz, "%s/thingtop-sim", exe);
			if (access(out, X_OK) == 0)
				return;
		}
	}
	snprintf(out, outsz, "thingtop-sim");
}

static pid_t spawn(const char *path, char *const argv[], int out_fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		/* the simulator must not outlive the dashboard, even after a crash */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);
		}
		dup2(out_fd, 1);
		execvp(path, argv);
		_exit(127);
	}
	return pid;
}

int demo_start(struct demo *d, const char *const *extra, struct tt_error *e)
{
	char sim[4096], line[256], port[16];
	char *argv[32];
	int fds[2], n = 0, cfd;
	size_t used = 0;

	memset(d, 0, sizeof *d);
	d->pid = -1;
	sim_path(sim, sizeof sim);
	argv[n++] = sim;
	argv[n++] = "--port";
	argv[n++] = "0";
	argv[n++] = "--seed";
	argv[n++] = DEMO_SEED;
	argv[n++] = "--devices";
	argv[n++] = DEMO_DEVICES;
	for (int i = 0; extra && extra[i] && n < 30; i++)
		argv[n++] = (char *)extra[i];
	argv[n] = NULL;
	if (pipe(fds)) {
		tt_error_set(e, 0, "pipe: %s", strerror(errno));
		return -1;
	}
	d->pid = spawn(sim, argv, fds[1]);
	close(fds[1]);
	if (d->pid < 0) {
		close(fds[0]);
		tt_error_set(e, 0, "cannot start thingtop-sim: %s", strerror(errno));
		return -1;
	}
	/* first line: "listening on http://127.0.0.1:PORT", within 10 s */
	for (;;) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		if (poll(&p, 1, 10000) <= 0)
			break;
		ssize_t r = read(fds[0], line + used, sizeof line - 1 - used);
		if (r <= 0)
			break;
		used += (size_t)r;
		line[used] = '\0';
		if (strchr(line, '\n') || used == sizeof line - 1)
			break;
	}
	close(fds[0]);
	line[used] = '\0';
	char *colon = strrchr(line, ':');
	if (strncmp(line, "listening on http://", 20) != 0 || !colon || (d->port = atoi(colon + 1)) <= 0) {
		demo_stop(d);
		tt_error_set(e, 0, "thingtop-sim did not start (looked for %s)", sim);
		tt_error_hint(e, "build it with make, or put thingtop-sim in PATH");
		return -1;
	}
	snprintf(port, sizeof port, "%d", d->port);

	/* the config holds inline secrets: a private file (mkstemp makes it 0600) */
	const char *tmp = getenv("TMPDIR");
	snprintf(d->config_path, sizeof d->config_path, "%s/thingtop-demo.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	cfd = mkstemp(d->config_path);
	if (cfd < 0) {
		tt_error_set(e, 0, "cannot create the demo config: %s", strerror(errno));
		d->config_path[0] = '\0';
		demo_stop(d);
		return -1;
	}
	char *pargv[] = { sim, "--print-config", "--port", port, "--seed", DEMO_SEED, "--devices", DEMO_DEVICES, NULL };
	pid_t pc = spawn(sim, pargv, cfd);
	int status = 1;
	close(cfd);
	if (pc > 0)
		while (waitpid(pc, &status, 0) < 0 && errno == EINTR)
			;
	if (pc < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		tt_error_set(e, 0, "thingtop-sim --print-config failed");
		demo_stop(d);
		return -1;
	}
	return 0;
}

void demo_stop(struct demo *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		while (waitpid(d->pid, NULL, 0) < 0 && errno == EINTR)
			;
		d->pid = -1;
	}
	if (d->config_path[0]) {
		unlink(d->config_path);
		d->config_path[0] = '\0';
	}
}
