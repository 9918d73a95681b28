/* demo.h — `thingtop --demo`: starts the bundled simulator on a free loopback
 * port, writes its thingtop configuration to a private temporary file, and
 * stops both when the dashboard exits. No account needed. */
#ifndef TT_DEMO_H
#define TT_DEMO_H

#include "error.h"

#include <sys/types.h>

struct demo {
	pid_t pid;
	int port;
	char config_path[4096];
};

/* extra_sim_args: NULL-terminated, may be NULL. */
int demo_start(struct demo *d, const char *const *extra_sim_args, struct tt_error *e);
void demo_stop(struct demo *d);

#endif
