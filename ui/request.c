/* request.c — the request table expanded (see request.h), and the lookups
 * and texts generated from it: names, `:` commands, the keys in effect. */
#include "request.h"

#include "keys.h"
#include "strbuf.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#define K(...) { __VA_ARGS__ }
#define UI_REQUEST_ROW(id, name, keys, views, hint_views, hint, commands, help) \
	[REQ_##id] = { name, keys, views, hint_views, hint, commands, help },
const struct ui_request ui_requests[REQ_COUNT] = { UI_REQUESTS(UI_REQUEST_ROW) };
#undef UI_REQUEST_ROW
#undef K

enum request request_by_name(const char *name)
{
	for (int r = 0; r < REQ_COUNT; r++)
		if (!strcmp(ui_requests[r].name, name))
			return (enum request)r;
	return REQ_NONE;
}

enum request request_by_command(const char *word, const char **arg_name)
{
	for (int r = 0; r < REQ_COUNT; r++) {
		const char *c = ui_requests[r].commands;
		while (c && *c && *c != ' ') {
			size_t n = strcspn(c, ", ");
			if (n == strlen(word) && !strncmp(c, word, n)) {
				const char *sp = strchr(c, ' ');
				*arg_name = sp ? sp + 1 : NULL;
				return (enum request)r;
			}
			c += n + (c[n] == ',');
		}
	}
	*arg_name = NULL;
	return REQ_NONE;
}

void request_command_name(enum request r, char *out, size_t outsz)
{
	const char *c = ui_requests[r].commands;
	snprintf(out, outsz, "%.*s", c ? (int)strcspn(c, ", ") : 0, c ? c : "");
}

void request_expand(const char *tmpl, const char *word, char *out, size_t outsz)
{
	struct strbuf b = { 0 };
	const char *p = tmpl ? tmpl : "", *t;

	while ((t = strstr(p, "{tenant}"))) {
		sb_add(&b, p, (size_t)(t - p));
		sb_adds(&b, word);
		p = t + strlen("{tenant}");
	}
	sb_adds(&b, p);
	snprintf(out, outsz, "%s", b.s ? b.s : "");
	sb_free(&b);
}

void request_keys(const char *scope, enum request r, int all, char *out, size_t outsz)
{
	int keys[12], n = 0;
	const int *def = ui_requests[r].keys;

	for (int i = 0; i < 4 && def[i] && (all || i == 0); i++)
		keys[n++] = def[i];
	n += keys_bound(scope, r, NULL, keys + n, (int)(sizeof keys / sizeof keys[0]) - n);
	if (all) {
		keys_describe(keys, n, out, outsz);
		return;
	}
	struct strbuf b = { 0 };
	for (int i = 0; i < n; i++) {
		char one[16];
		keys_name(keys[i], one, sizeof one);
		if (one[1] && islower((unsigned char)one[0]))
			one[0] = (char)toupper((unsigned char)one[0]); /* "Enter", "Tab" */
		if (i)
			sb_addc(&b, ',');
		sb_adds(&b, one);
	}
	snprintf(out, outsz, "%s", b.s ? b.s : "");
	sb_free(&b);
}
