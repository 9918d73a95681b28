/* detail.h — what the dashboard's detail view shows of one item, built on
 * the session's op thread (never the UI thread): the item's fields readably
 * ("TITLE: value", the resource's columns first, then the other fields), the
 * detail_extra section, and the first rows of each related list the provider
 * declares (provider.h struct tt_related), each fetched here; and the raw
 * JSON, one key away in the view. The text is not sanitised yet: the pager
 * sanitises every line it shows. No curses. */
#ifndef TT_DETAIL_H
#define TT_DETAIL_H

#include "api.h"
#include "provider.h"
#include "strbuf.h"

#include <cjson/cJSON.h>

#include <stddef.h>

/* One related list of the item shown, resolved. */
struct detail_related {
	int ok;                   /* the template resolved: the list can be opened */
	int guess;                /* the provider marks the relation a guess */
	char title[64];
	char filter[512];         /* resource kind: "key=value", the value raw (not URL-escaped) */
	int res;                  /* resource kind: the resource listed; -1 path kind */
	char path[1024];          /* path kind: the path sent */
	char why[200];            /* !ok: why it cannot be opened */
	char *full;               /* path kind: every row of the answer, readable (malloc'd) */
};

struct detail_view {
	char *text;               /* readable (malloc'd) */
	char *raw;                /* pretty JSON of the item and of detail_extra (malloc'd) */
	char item_id[256];        /* the item's id field ("" when the answer has none) */
	char item_name[200];      /* its first column's text (the breadcrumb names it so) */
	int nrelated;
	struct detail_related related[TT_MAX_RELATED];
};

/* Build the view of one item of resource r: body is the detail's answer,
 * extra the detail_extra answer (NULL when none or it failed: extra_err
 * says why) from extra_path, fetched_id the id the detail was asked for.
 * Every related list is fetched through api (its first TT_RELATED_ROWS
 * rows); a path-kind one at extra_path is read from extra, not asked again.
 * extra_text: the extra answer already rendered for reading (akenza: the
 * sample table, src/samples.c), shown instead of its JSON; NULL: the JSON. */
void detail_build(struct tt_api *api, const struct tt_resource *r, const char *fetched_id, const char *body,
		  size_t len, const char *extra_path, const char *extra, size_t extra_len, const char *extra_err,
		  const char *extra_text, struct detail_view *out);
/* The detail_extra section (title, and text or else the answer), as the
 * view shows it: one function, so what is drawn under the detail can change
 * in one place. */
void detail_extra_section(struct strbuf *t, const char *title, const char *extra, size_t extra_len,
			  const char *extra_err, const char *text);
/* Fill a related template: {id}, {FIELD} (a dotted path into item), {extra:PATH}
 * (into extra). 0, or -1 with the missing name in why. url: URL-escape the values. */
int detail_template(const char *tmpl, const char *id, const cJSON *item, const cJSON *extra, int url,
		    struct strbuf *out, char *why, size_t whysz);
void detail_view_copy(struct detail_view *dst, const struct detail_view *src);
void detail_view_free(struct detail_view *v);

#endif
