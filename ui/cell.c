/* cell.c — the text a table cell shows (see cell.h). */
#include "cell.h"

#include "jsonpath.h"
#include "refcache.h"

const char *cell_text(const struct ui *u, const struct tt_resource *r, size_t row, int col, char *buf, size_t bufsz)
{
	const char *cell = session_cell(u->s, row, col);

	if (r && col >= 0 && col < r->ncols && (r->cols[col].ref || r->cols[col].sub)) {
		/* a name for the id, a sub-resource's value: when known (refcache.c),
		 * and only for rows of this pane (the model may still hold another's) */
		int res = (int)(r - session_provider(u->s)->res);
		if (session_resource_index(u->s) != res)
			return cell;
		int got = refcache_get(session_refcache(u->s), session_ctx_id(u->s), res, col, session_row_id(u->s, row),
				       cell, buf, bufsz);
		return got > 0 ? buf : r->cols[col].sub ? "" : cell;
	}
	if (r && col >= 0 && col < r->ncols && r->cols[col].type == COL_TIME && *cell) {
		jsonpath_short_time(cell, buf, bufsz);
		return buf;
	}
	return cell;
}
