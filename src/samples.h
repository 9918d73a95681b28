/* samples.h — one sensor sample as a person reads it: the members of its data
 * object (the resource's sample.fields) as a table of field, value and unit
 * (sample.units), each numeric field with a sparkline (src/sparkline.c) of
 * its values over the recent samples (sample.recent, newest first). Text
 * only, no curses: the detail view shows it under the item, after the
 * pager's sanitiser. */
#ifndef TT_SAMPLES_H
#define TT_SAMPLES_H

#include "provider.h"
#include "strbuf.h"

#include <stddef.h>

/* Append the table for the sample latest[0..llen) to out. recent: the
 * recent samples' answer (NULL: none; recent_err then says why, or NULL when
 * the resource asks for none). ascii: ASCII sparkline marks. */
void samples_section(const struct tt_resource *r, const char *latest, size_t llen, const char *recent, size_t rlen,
		     const char *recent_err, int ascii, struct strbuf *out);

#endif
