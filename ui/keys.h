/* keys.h — the key map: the default keys of every request (the table
 * UI_REQUESTS in request.h) plus bindings from the config
 * (keys = { global = { "ctrl-r" = "reload"; }; devices = { "ctrl-d" = "downlink"; }; }).
 * A binding adds a key: it may name a request or one of the pane's provider
 * actions. Unknown actions and keys that clash with a default are reported
 * with file, line and both owners; nothing is silently dropped. Lookups take
 * the scope (the pane's resource name, or "tenants") and answer with the
 * bindings in effect there: the pane's own first, then the global ones. */
#ifndef TT_KEYS_H
#define TT_KEYS_H

#include "config.h"
#include "error.h"
#include "provider.h"
#include "request.h"

#include <stddef.h>

/* Parse "ctrl-d", "x", "f5", "enter", "tab", "esc", "space", "up", "pgdn"…; -1 if unknown. */
int keys_parse(const char *name);
/* The name of one key: "enter", "^D", "F5", "x". */
void keys_name(int key, char *out, size_t outsz);
/* Human form of n keys (0 ends early): "j ↓"; a key named twice is shown once. */
void keys_describe(const int *keys, int n, char *out, size_t outsz);

int keys_load(const struct tt_config *cfg, const struct tt_provider *prov, struct tt_error *e);
void keys_free(void);

/* The request ch asks for in this scope and view (a VIEW_BIT): a config
 * binding first, else the request whose default keys hold ch and that applies
 * in the view. REQ_NONE if none. */
enum request keys_request(const char *scope, unsigned view, int ch);
/* A provider action name bound to ch in this scope by the config, or NULL. */
const char *keys_bound_action(const char *scope, int ch);
/* The keys the config binds to a request (action == NULL: to r) or to a
 * provider action in this scope, at most max into out; returns the count. */
int keys_bound(const char *scope, enum request r, const char *action, int *out, int max);

#endif
