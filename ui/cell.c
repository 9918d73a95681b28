/* cell.c — the text a table cell shows (see cell.h). */
#include "cell.h"

#include "jsonpath.h"

const char *cell_text(const struct ui *u, const struct tt_resource *r, size_t row, int col, char *buf, size_t bufsz)
{
	const char *cell = session_cell(u->s, row, col);

	if (r && col >= 0 && col < r->ncols && r->cols[col].type == COL_TIME && *cell) {
		jsonpath_short_time(cell, buf, bufsz);
		return buf;
	}
	return cell;
}
