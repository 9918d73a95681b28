/* listing.h — `thingtop --list WHAT`: names, one per line, for shell
 * completion and scripts (profiles, resources, contexts, themes). Reads only
 * local files: the config, the provider file, the themes directories. */
#ifndef TT_LISTING_H
#define TT_LISTING_H

#include "options.h"

/* Print the names for o->list to stdout; 0, 1 on error (message on stderr),
 * 2 for an unknown WHAT. */
int listing_run(const struct tt_options *o);

#endif
