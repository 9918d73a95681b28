/* keys.h — the key map: the default keys of every named action (the table
 * ui_actions[] in ui.c) plus bindings from the config
 * (keys = { global = { "ctrl-r" = "reload"; }; devices = { "ctrl-d" = "downlink"; }; }).
 * A binding may name a built-in action or one of the pane's provider actions.
 * Unknown actions and keys that clash with a default are reported with file,
 * line and both owners; nothing is silently dropped. */
#ifndef TT_KEYS_H
#define TT_KEYS_H

#include "config.h"
#include "error.h"
#include "provider.h"

struct ui;

struct ui_action {
	const char *name;
	const char *help;
	int keys[4];          /* 0-terminated */
	void (*fn)(struct ui *);
	int dangerous;
};

extern const struct ui_action ui_actions[];

/* Parse "ctrl-d", "x", "f5", "enter", "tab", "esc", "space", "up", "pgdn"…; -1 if unknown. */
int keys_parse(const char *name);
/* Human form of a key list: "j ↓". */
void keys_describe(const int *keys, char *out, size_t outsz);

int keys_load(const struct tt_config *cfg, const struct tt_provider *prov, struct tt_error *e);
void keys_free(void);

/* The built-in action for ch in pane (config bindings first). NULL if none. */
const struct ui_action *keys_lookup(const char *pane, int ch);
/* A provider action name bound to ch in pane by the config, or NULL. */
const char *keys_bound_action(const char *pane, int ch);

#endif
