/* clip.c — the clipboard and :export (see clip.h). */
#include "clip.h"
#include "xalloc.h"

#include "csv.h"
#include "safefile.h"
#include "frame.h"
#include "narrow.h"
#include "pane.h"
#include "refcache.h"
#include "strbuf.h"
#include "table.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Put text on the local clipboard with OSC 52: it reaches the user's own
 * machine over SSH. Inside tmux, the plain sequence is taken by tmux itself
 * when set-clipboard is on (and passed on to the outer terminal); the
 * DCS-wrapped copy gets through when allow-passthrough is on instead. */
static void osc52_copy(const char *text)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(text), o = 0;
	char *enc = xmalloc(4 * (n / 3 + 1) + 1);

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)text[i] << 16;
		if (i + 1 < n) v |= (unsigned char)text[i + 1] << 8;
		if (i + 2 < n) v |= (unsigned char)text[i + 2];
		enc[o++] = b64[(v >> 18) & 63];
		enc[o++] = b64[(v >> 12) & 63];
		enc[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		enc[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	enc[o] = '\0';
	printf("\033]52;c;%s\a", enc);
	if (getenv("TMUX"))
		printf("\033Ptmux;\033\033]52;c;%s\a\033\\", enc);
	fflush(stdout);
	free(enc);
}

/* The selected row's id, the cell of the selected column (a DevEUI, say) or
 * the whole row as tab-separated cells; all of it already sanitised. */
void clip_copy(struct ui *u, enum copy_what what)
{
	const struct tt_resource *r = pane_resource(u);
	struct strbuf out = { 0 };
	char label[64];

	if (!u->sel_id[0] || !r) {
		set_status(u, 1, "nothing selected");
		return;
	}
	struct tt_ctx ctx;
	session_current_ctx(u->s, &ctx); /* before the lock: it takes it */
	session_lock(u->s);
	size_t n = table_count(u);
	if (u->sel < n) {
		size_t row = table_row(u, u->sel);
		char sub[256];
		if (what == COPY_ID) {
			sb_adds(&out, session_row_id(u->s, row));
			snprintf(label, sizeof label, "the id");
		} else if (what == COPY_CELL && r->cols[u->sel_col].sub) {
			/* a sub-resource's value, as shown (a ref column copies its id) */
			if (refcache_get(session_refcache(u->s), ctx.id, session_resource_index(u->s), u->sel_col,
					 session_row_id(u->s, row), "", sub, sizeof sub) > 0)
				sb_adds(&out, sub);
			snprintf(label, sizeof label, "%s", r->cols[u->sel_col].title);
		} else if (what == COPY_CELL) {
			sb_adds(&out, session_cell(u->s, row, u->sel_col));
			snprintf(label, sizeof label, "%s", r->cols[u->sel_col].title);
		} else {
			sb_adds(&out, session_row_id(u->s, row));
			for (int c = 0; c < r->ncols; c++) {
				sb_addc(&out, '\t');
				sb_adds(&out, session_cell(u->s, row, c));
			}
			snprintf(label, sizeof label, "the row");
		}
	}
	session_unlock(u->s);
	if (!out.s || !out.len) {
		set_status(u, 1, "nothing to copy");
		sb_free(&out);
		return;
	}
	osc52_copy(out.s);
	set_status(u, 0, "copied %s to the clipboard: %.60s", label, out.s);
	sb_free(&out);
}

/* The columns :export writes besides the leading id: all but the one that
 * repeats the id (one id column, not both "id" and "ID") and the ones read
 * from a sub-resource. */
static int exported(const struct tt_resource *r, int c)
{
	if (r->cols[c].sub) /* read per row on screen from a sub-resource: not a field of the item */
		return 0;
	return !r->cols[c].path || strcmp(r->cols[c].path, r->id) != 0;
}

/* One record of the export into line: CSV through the shared writer, or a
 * JSON object with the same keys. Locked. */
static void export_row(const struct ui *u, const struct tt_resource *r, size_t row, int json, struct strbuf *line)
{
	sb_reset(line);
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", session_row_id(u->s, row));
		for (int c = 0; c < r->ncols; c++)
			if (exported(r, c))
				cJSON_AddStringToObject(o, r->cols[c].title, session_cell(u->s, row, c));
		char *text = cJSON_PrintUnformatted(o);
		if (!text)
			abort();
		sb_adds(line, text);
		free(text);
		cJSON_Delete(o);
	} else {
		csv_field(line, session_row_id(u->s, row));
		for (int c = 0; c < r->ncols; c++)
			if (exported(r, c))
				csv_sep_field(line, session_cell(u->s, row, c), 0);
	}
	sb_addc(line, '\n');
}

/* 0, or the errno of the write that failed. */
static int put_line(FILE *f, const struct strbuf *line)
{
	return fwrite(line->s, 1, line->len, f) == line->len ? 0 : errno ? errno : EIO;
}

void clip_export(struct ui *u, const char *file)
{
	const struct tt_resource *r = pane_resource(u);
	struct strbuf line = { 0 };
	size_t flen = strlen(file), n = 0;
	int json = (flen > 5 && !strcmp(file + flen - 5, ".json")) || (flen > 6 && !strcmp(file + flen - 6, ".jsonl"));
	int fd, err = 0;
	FILE *f;

	if (!r || !r->path) {
		set_status(u, 1, "nothing to export here");
		return;
	}
	/* 0600, never through a link, never another user's file (safefile.c) */
	struct tt_error fe = { 0 };
	fd = safefile_open_write(file, 0, &fe);
	if (fd < 0) {
		set_status(u, 1, "%s", fe.message);
		return;
	}
	if (!(f = fdopen(fd, "w"))) {
		set_status(u, 1, "cannot write %s: %s", file, strerror(errno));
		close(fd);
		return;
	}
	errno = 0;
	if (!json) {
		csv_field(&line, "id");
		for (int c = 0; c < r->ncols; c++)
			if (exported(r, c))
				csv_sep_field(&line, r->cols[c].title, 0);
		sb_addc(&line, '\n');
		err = put_line(f, &line);
	}
	session_lock(u->s);
	n = table_count(u);
	if (narrow_busy(u) || (u->lfilter[0] && session_model_epoch(u->s) != u->fepoch))
		err = EAGAIN; /* the narrowed list is still being built: it would be cut short */
	for (size_t i = 0; i < n && !err; i++) {
		export_row(u, r, table_row(u, i), json, &line);
		err = put_line(f, &line);
	}
	session_unlock(u->s);
	sb_free(&line);
	/* the rows sit in stdio's buffer until here: a full disk shows now */
	if (fflush(f) != 0 && !err)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (err == EAGAIN) {
		set_status(u, 1, "%s is incomplete: the narrowing is still running, export again when it is done", file);
		return;
	}
	if (err) {
		set_status(u, 1, "cannot write %s: %s", file, strerror(err));
		return;
	}
	set_status(u, 0, "wrote %zu rows to %s (%s, mode 0600%s)", n, file, json ? "JSON lines" : "CSV",
		   u->sort[0] || u->text[0] || u->lfilter[0] ? ", as sorted and filtered on screen" : "");
}
