/* keys.c — default and configured key bindings (see keys.h). */
#include "keys.h"
#include "xalloc.h"

#include <curses.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct binding {
	char scope[48];
	int key;
	enum request req; /* the request bound, or REQ_NONE: ... */
	char action[48];  /* ... the provider action of this name */
};

static struct binding *binds;
static int nbinds;

static const struct { const char *name; int key; } named[] = {
	{ "enter", '\n' }, { "tab", '\t' }, { "esc", 27 }, { "space", ' ' }, { "up", KEY_UP },
	{ "down", KEY_DOWN }, { "left", KEY_LEFT }, { "right", KEY_RIGHT }, { "pgup", KEY_PPAGE },
	{ "pgdn", KEY_NPAGE }, { "home", KEY_HOME }, { "end", KEY_END }, { "backtab", KEY_BTAB },
};

int keys_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	if (!strncmp(s, "ctrl-", 5) && s[5] && !s[6]) {
		char c = s[5];
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		return -1;
	}
	if ((s[0] == 'f' || s[0] == 'F') && s[1] >= '1' && s[1] <= '9') {
		int n = atoi(s + 1);
		if (n >= 1 && n <= 12)
			return KEY_F(n);
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (!strcmp(named[i].name, s))
			return named[i].key;
	if (!s[1] && (unsigned char)s[0] > 32 && (unsigned char)s[0] < 127)
		return s[0];
	return -1;
}

void keys_name(int k, char *out, size_t n)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == k) {
			snprintf(out, n, "%s", named[i].name);
			return;
		}
	if (k == KEY_ENTER)
		snprintf(out, n, "enter");
	else if (k >= 1 && k <= 26)
		snprintf(out, n, "^%c", 'A' + k - 1);
	else if (k >= KEY_F(1) && k <= KEY_F(12))
		snprintf(out, n, "F%d", k - KEY_F(0));
	else if (k > 32 && k < 127)
		snprintf(out, n, "%c", k);
	else
		snprintf(out, n, "#%d", k);
}

void keys_describe(const int *keys, int n, char *out, size_t outsz)
{
	out[0] = '\0';
	for (int i = 0; i < n && keys[i]; i++) {
		char one[16], prev[16];
		size_t l = strlen(out);
		int dup = 0;
		keys_name(keys[i], one, sizeof one);
		for (int j = 0; j < i && !dup; j++) { /* '\n' and KEY_ENTER are both "enter" */
			keys_name(keys[j], prev, sizeof prev);
			dup = !strcmp(prev, one);
		}
		if (dup)
			continue;
		snprintf(out + l, outsz - l, "%s%s", i ? " " : "", one);
	}
}

static int holds_key(const int *keys, int ch)
{
	for (int i = 0; i < 4 && keys[i]; i++)
		if (keys[i] == ch)
			return 1;
	return 0;
}

/* The request other than except whose default keys hold ch, or REQ_NONE. */
static enum request default_owner(int ch, enum request except)
{
	for (int r = 0; r < REQ_COUNT; r++)
		if (r != (int)except && holds_key(ui_requests[r].keys, ch))
			return (enum request)r;
	return REQ_NONE;
}

int keys_load(const struct tt_config *cfg, const struct tt_provider *prov, struct tt_error *e)
{
	config_setting_t *keys = cfg ? cfg->keys : NULL;

	keys_free();
	if (!keys)
		return 0;
	for (int i = 0; i < config_setting_length(keys); i++) {
		config_setting_t *scope = config_setting_get_elem(keys, (unsigned)i);
		const char *sname = config_setting_name(scope);
		const struct tt_resource *res = NULL;

		if (strcmp(sname, "global") != 0 && strcmp(sname, "tenants") != 0) {
			for (int r = 0; r < prov->nres; r++)
				if (!strcmp(prov->res[r].name, sname))
					res = &prov->res[r];
			if (!res) {
				/* another provider's pane (a config serves several profiles): skip it */
				continue;
			}
		}
		for (int k = 0; k < config_setting_length(scope); k++) {
			config_setting_t *b = config_setting_get_elem(scope, (unsigned)k);
			char decoded[32];
			const char *kname = config_name_decode(config_setting_name(b), decoded, sizeof decoded);
			const char *act = config_setting_get_string(b);
			int line = config_setting_source_line(b), key = keys_parse(kname);
			struct binding nb = { 0 };

			if (key < 0) {
				tt_error_set(e, 0, "%s:%d: unknown key '%s' in keys.%s", cfg->path, line, kname, sname);
				tt_error_hint(e, "keys look like x, ctrl-d, f5, enter, tab, esc, space, up, pgdn");
				return -1;
			}
			if (!act) {
				tt_error_set(e, 0, "%s:%d: keys.%s.%s must name an action in quotes", cfg->path, line, sname,
					     kname);
				return -1;
			}
			enum request ba = request_by_name(act);
			if (ba == REQ_NONE && !(res && resource_action(res, act))) {
				tt_error_set(e, 0, "%s:%d: keys.%s: '%s' is not an action%s%s", cfg->path, line, sname, act,
					     res ? " of " : "", res ? res->name : "");
				tt_error_hint(e, "press ? in thingtop for the action names");
				return -1;
			}
			enum request owner = default_owner(key, ba);
			if (owner != REQ_NONE && !(ba != REQ_NONE && holds_key(ui_requests[ba].keys, key))) {
				tt_error_set(e, 0, "%s:%d: key '%s' in keys.%s is bound to '%s' here and to '%s' by default",
					     cfg->path, line, kname, sname, act, ui_requests[owner].name);
				tt_error_hint(e, "pick a free key (ctrl-…, f2-f9, f11 and f12 are free)");
				return -1;
			}
			snprintf(nb.scope, sizeof nb.scope, "%s", sname);
			nb.key = key;
			snprintf(nb.action, sizeof nb.action, "%s", act);
			nb.req = ba;
			binds = xrealloc(binds, (size_t)(nbinds + 1) * sizeof *binds);
			binds[nbinds++] = nb;
		}
	}
	return 0;
}

void keys_free(void)
{
	free(binds);
	binds = NULL;
	nbinds = 0;
}

static const struct binding *find_binding(const char *pane, int ch)
{
	const struct binding *global = NULL;
	for (int i = 0; i < nbinds; i++) {
		if (binds[i].key != ch)
			continue;
		if (!strcmp(binds[i].scope, pane))
			return &binds[i];
		if (!strcmp(binds[i].scope, "global"))
			global = &binds[i];
	}
	return global;
}

enum request keys_request(const char *scope, unsigned view, int ch)
{
	const struct binding *b = find_binding(scope, ch);
	if (b)
		return b->req != REQ_NONE && (ui_requests[b->req].views & view) ? b->req : REQ_NONE;
	for (int r = 0; r < REQ_COUNT; r++)
		if ((ui_requests[r].views & view) && holds_key(ui_requests[r].keys, ch))
			return (enum request)r;
	return REQ_NONE;
}

const char *keys_bound_action(const char *scope, int ch)
{
	const struct binding *b = find_binding(scope, ch);
	return b && b->req == REQ_NONE ? b->action : NULL;
}

int keys_bound(const char *scope, enum request r, const char *action, int *out, int max)
{
	int n = 0;
	for (int i = 0; i < nbinds && n < max; i++) {
		const struct binding *b = &binds[i];
		/* the binding in effect for this key here (the pane's own wins) */
		if (find_binding(scope, b->key) != b)
			continue;
		if (action ? b->req == REQ_NONE && !strcmp(b->action, action) : b->req == r)
			out[n++] = b->key;
	}
	return n;
}
