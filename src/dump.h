/* dump.h — headless mode: `thingtop --dump RESOURCE` walks every page and
 * prints each item as jsonl (exactly as sent, minified), csv (configured
 * columns, RFC 4180) or table (aligned, sanitised). Output streams page by
 * page; on failure the items already written stay, and stderr says the run is
 * incomplete and how many items came before the error. */
#ifndef TT_DUMP_H
#define TT_DUMP_H

#include "options.h"

int dump_run(const struct tt_options *o);

#endif
