/* ident.c — identifiers typed at `/` (see ident.h). */
#include "ident.h"

#include "sanitize.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Well-known formats, no vendor's: a LoRaWAN DevEUI is 64 bits written as 16
 * hex digits; an IMEI is 15 decimal digits (3GPP TS 23.003). */
const struct ident_builtin ident_builtins[] = {
	{ "DevEUI", "^[0-9A-Fa-f]{16}$" },
	{ "IMEI", "^[0-9]{15}$" },
};
const int ident_nbuiltins = (int)(sizeof ident_builtins / sizeof ident_builtins[0]);

const struct tt_lookup *ident_lookup_for(const struct tt_resource *r, const char *kind)
{
	for (int i = 0; r && kind && i < r->nlookups; i++)
		if (!strcasecmp(r->lookups[i].name, kind))
			return &r->lookups[i];
	return NULL;
}

const struct tt_ident *ident_kind(const struct tt_provider *p, const char *name)
{
	for (int i = 0; p && name && i < p->nidents; i++)
		if (!strcasecmp(p->idents[i].name, name))
			return &p->idents[i];
	return NULL;
}

int ident_classify(const struct tt_provider *p, const struct tt_resource *r, const char *text,
		   struct ident_match *m)
{
	m->kind = NULL;
	m->lookup = NULL;
	if (!text || !*text || *text == '!')
		return 0;
	for (int i = 0; r && i < r->nlookups; i++)
		if (r->lookups[i].pattern && regexec(&r->lookups[i].re, text, 0, NULL, 0) == 0) {
			m->kind = r->lookups[i].name;
			m->lookup = &r->lookups[i];
			return 1;
		}
	for (int i = 0; p && i < p->nidents; i++)
		if (regexec(&p->idents[i].re, text, 0, NULL, 0) == 0) {
			m->kind = p->idents[i].name;
			m->lookup = ident_lookup_for(r, m->kind);
			/* a lookup with a pattern of its own takes only what it matches */
			if (m->lookup && m->lookup->pattern)
				m->lookup = NULL;
			return 1;
		}
	return 0;
}

void ident_searched(const struct tt_provider *p, const struct tt_resource *r, char *out, size_t outsz)
{
	if (!p->text_param)
		snprintf(out, outsz, "the loaded rows");
	else if (r && r->text_matches)
		snprintf(out, outsz, "%s (%s)", r->text_matches, p->text_param);
	else
		snprintf(out, outsz, "the free text (%s)", p->text_param);
}

void ident_no_lookup(const struct tt_provider *p, const struct tt_resource *r, const char *kind,
		     const char *text, char *out, size_t outsz)
{
	char searched[256], v[256];

	ident_searched(p, r, searched, sizeof searched);
	sanitize_text(text, strlen(text), v, sizeof v);
	snprintf(out, outsz, "%s documents no %s lookup: searched %s for %s", p->title ? p->title : p->name, kind,
		 searched, v);
}
