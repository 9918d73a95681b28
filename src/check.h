/* check.h — thingtop --check: a conformance probe of one profile against the
 * API it talks to. It gets a token, then for each resource of the provider
 * fetches one small page, one detail and each sub-resource, probes every
 * declared filter and sort key, and reports where the answers differ from
 * the provider file (absent column paths, refused parameters, failed calls),
 * naming the provider-file key to change. The report is one screen, holds no
 * secret, and masks ids unless asked not to, so it can be pasted into a bug
 * report. */
#ifndef TT_CHECK_H
#define TT_CHECK_H

#include "options.h"

#include <stddef.h>

/* Run the probe for o->profile (o->context, o->show_ids). Returns the exit
 * status: 0 when everything matched, 1 when something differs or failed. */
int check_run(const struct tt_options *o);

/* Mask ids in text for a report: every run of 8 or more letters, digits and
 * dashes that holds 3 or more digits keeps its first 4 characters and ends
 * in "…". Always NUL-terminates out. Exposed for the unit tests. */
void check_mask_ids(const char *in, char *out, size_t outsz);

#endif
