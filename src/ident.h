/* ident.h — identifiers typed at `/`: the kinds a user may type (DevEUI,
 * IMEI, a provider's own such as a KPN barcode), which one a text is, the
 * resource's documented lookup for it, and what to say when the provider
 * documents none (what was searched instead). The kinds are data: two
 * well-known built-ins (ident_builtin) and the provider file's
 * `identifiers`, loaded by provider.c. No curses, no network. */
#ifndef TT_IDENT_H
#define TT_IDENT_H

#include "provider.h"

#include <stddef.h>

/* The built-in kinds, in the order they are tried before a provider's own:
 * { name, pattern }; a provider entry of the same name replaces one. */
struct ident_builtin { const char *name, *pattern; };
extern const struct ident_builtin ident_builtins[];
extern const int ident_nbuiltins;

/* What text typed at / in resource r is. */
struct ident_match {
	const char *kind;               /* "DevEUI", "IMEI", "barcode"; NULL: plain text */
	const struct tt_lookup *lookup; /* r's documented lookup for it, NULL: none */
};
/* Fill m for text (a leading '!' is never an identifier). Returns 1 when the
 * text is an identifier of a known kind, 0 for plain text. A lookup with
 * its own pattern is tried first, then the provider's kinds in order. */
int ident_classify(const struct tt_provider *p, const struct tt_resource *r, const char *text,
		   struct ident_match *m);
/* The lookup of r for kind (by name, case-insensitive), or NULL. */
const struct tt_lookup *ident_lookup_for(const struct tt_resource *r, const char *kind);
/* The provider's kind called name, or NULL. */
const struct tt_ident *ident_kind(const struct tt_provider *p, const char *name);
/* What a text typed at / searches in r, for messages:
 * "name and description (q)" (the resource's text_matches and the API's
 * free-text parameter), "the free text (search)" when the provider does not
 * say what it matches, "the loaded rows" when r has no free-text search. */
void ident_searched(const struct tt_provider *p, const struct tt_resource *r, char *out, size_t outsz);
/* The message when r documents no lookup for kind, sanitised:
 * "KPN Things documents no DevEUI lookup: searched name and description (q)
 * for 0123456789abcdef". */
void ident_no_lookup(const struct tt_provider *p, const struct tt_resource *r, const char *kind,
		     const char *text, char *out, size_t outsz);

#endif
