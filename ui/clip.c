/* clip.c — the clipboard and :export (see clip.h). */
#include "clip.h"

#include "frame.h"
#include "pane.h"
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
	char *enc = malloc(4 * (n / 3 + 1) + 1);

	if (!enc)
		return;
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
	session_lock(u->s);
	size_t n = table_count(u);
	if (u->sel < n) {
		size_t row = table_row(u, u->sel);
		if (what == COPY_ID) {
			sb_adds(&out, session_row_id(u->s, row));
			snprintf(label, sizeof label, "the id");
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

void clip_export(struct ui *u, const char *file)
{
	const struct tt_resource *r = pane_resource(u);
	int fd;
	FILE *f;

	if (!r) {
		set_status(u, 1, "nothing to export here");
		return;
	}
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		set_status(u, 1, "cannot write %s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	size_t flen = strlen(file);
	int json = (flen > 5 && !strcmp(file + flen - 5, ".json")) || (flen > 6 && !strcmp(file + flen - 6, ".jsonl"));
	if (!json) {
		fprintf(f, "id");
		for (int c = 0; c < r->ncols; c++)
			fprintf(f, ",\"%s\"", r->cols[c].title);
		fputc('\n', f);
	}
	session_lock(u->s);
	size_t n = table_count(u);
	for (size_t i = 0; i < n; i++) {
		size_t row = table_row(u, i);
		if (json) {
			/* one object per line: the id and the visible columns, in view order */
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", session_row_id(u->s, row));
			for (int c = 0; c < r->ncols; c++)
				cJSON_AddStringToObject(o, r->cols[c].title, session_cell(u->s, row, c));
			char *line = cJSON_PrintUnformatted(o);
			if (line)
				fprintf(f, "%s\n", line);
			free(line);
			cJSON_Delete(o);
			continue;
		}
		fprintf(f, "\"%s\"", session_row_id(u->s, row));
		for (int c = 0; c < r->ncols; c++) {
			const char *v = session_cell(u->s, row, c);
			fputs(",\"", f);
			for (; *v; v++) {
				if (*v == '"')
					fputc('"', f);
				fputc(*v, f);
			}
			fputc('"', f);
		}
		fputc('\n', f);
	}
	session_unlock(u->s);
	fclose(f);
	set_status(u, 0, "wrote %zu rows to %s (%s, mode 0600%s%s)", n, file, json ? "JSON lines" : "CSV",
		   u->sort[0] || u->text[0] || u->lfilter[0] ? ", as sorted and filtered on screen" : "", "");
}
