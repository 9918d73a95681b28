/* snapshot.c — record and replay a session's GET responses (see snapshot.h). */
#include "snapshot.h"
#include "xalloc.h"

#include "safefile.h"

#include "jsonspan.h"
#include "sanitize.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct snap_entry {
	char *key;            /* "METHOD path\ncontext" */
	long status;
	char *content_type;
	char *body;
	size_t len;
};

struct snapshot {
	char *path;
	FILE *out;                  /* recording */
	pthread_mutex_t lock;
	unsigned long recorded;
	struct snap_entry *ent;     /* browsing: sorted by key */
	size_t n, cap;
	struct tt_config *cfg;
	char first_context[64];
	int have_first;
};

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
}

struct snapshot *snapshot_create(const char *path, const struct tt_profile *profile, const char *base_url,
				 struct tt_error *e)
{
	struct snapshot *sn = xcalloc(1, sizeof *sn);
	int fd = sn ? safefile_open_write(path, 0, e) : -1; /* 0600, no symlink, no other user's file */
	char created[32];
	time_t now = time(NULL);

	if (!sn || fd < 0) {
		if (!sn)
			tt_error_set(e, 0, "cannot write snapshot %s: %s", path, strerror(ENOMEM));
		else
			tt_error_prefix(e, "--snapshot");
		free(sn);
		return NULL;
	}
	sn->out = fdopen(fd, "w");
	sn->path = xstrdup(path);
	pthread_mutex_init(&sn->lock, NULL);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));

	cJSON *h = cJSON_CreateObject();
	cJSON_AddNumberToObject(h, "thingtop_snapshot", 1);
	cJSON_AddStringToObject(h, "created", created);
	add_str(h, "profile", profile->name);
	add_str(h, "provider", profile->provider);
	add_str(h, "base_url", base_url);
	add_str(h, "organization", profile->organization);
	add_str(h, "context", profile->context);
	cJSON *cs = cJSON_AddArrayToObject(h, "customers");
	for (int i = 0; i < profile->ncustomers; i++) {
		cJSON *c = cJSON_CreateObject();
		add_str(c, "name", profile->customers[i].name);
		add_str(c, "id", profile->customers[i].id);
		cJSON_AddItemToArray(cs, c);
	}
	char *line = cJSON_PrintUnformatted(h);
	cJSON_Delete(h);
	if (!sn->out || !sn->path || !line || fprintf(sn->out, "%s\n", line) < 0 || fflush(sn->out)) {
		tt_error_set(e, 0, "cannot write snapshot %s", path);
		free(line);
		snapshot_close(sn);
		return NULL;
	}
	free(line);
	return sn;
}

/* A JSON string literal for s (cJSON does the escaping). */
static void append_json_string(struct strbuf *b, const char *s)
{
	cJSON *str = cJSON_CreateString(s ? s : "");
	char *lit = cJSON_PrintUnformatted(str);
	sb_adds(b, lit ? lit : "\"\"");
	free(lit);
	cJSON_Delete(str);
}

void snapshot_record(struct snapshot *sn, const char *method, const char *path, const char *context,
		     const char *context_id, long status, const char *content_type, const char *body, size_t len)
{
	struct strbuf line = { 0 };
	size_t pos = 0, end;
	char num[32];

	if (!sn || !sn->out || !body)
		return;
	/* only well-formed JSON goes in: one line per response, no stray text */
	if (jsonspan_skip(body, len, &pos))
		return;
	end = pos;
	while (pos < len && (body[pos] == ' ' || body[pos] == '\n' || body[pos] == '\r' || body[pos] == '\t'))
		pos++;
	if (pos != len)
		return;
	sb_adds(&line, "{\"method\":");
	append_json_string(&line, method);
	sb_adds(&line, ",\"path\":");
	append_json_string(&line, path);
	sb_adds(&line, ",\"context\":");
	append_json_string(&line, context);
	sb_adds(&line, ",\"context_id\":");
	append_json_string(&line, context_id);
	snprintf(num, sizeof num, ",\"status\":%ld", status);
	sb_adds(&line, num);
	sb_adds(&line, ",\"content_type\":");
	append_json_string(&line, content_type);
	sb_adds(&line, ",\"body\":");
	jsonspan_minify(body, 0, end, &line);
	sb_adds(&line, "}\n");
	pthread_mutex_lock(&sn->lock);
	if (line.s && fwrite(line.s, 1, line.len, sn->out) == line.len)
		sn->recorded++;
	fflush(sn->out);
	pthread_mutex_unlock(&sn->lock);
	sb_free(&line);
}

static char *make_key(const char *method, const char *path, const char *context)
{
	size_t n = strlen(method) + strlen(path) + strlen(context ? context : "") + 3;
	char *k = xmalloc(n);
	if (k)
		snprintf(k, n, "%s %s\n%s", method, path, context ? context : "");
	return k;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct snap_entry *)a)->key, ((const struct snap_entry *)b)->key);
}

static char *dup_member(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) && v->valuestring ? xstrdup(v->valuestring) : NULL;
}

static int load_header(struct snapshot *sn, const char *line, size_t len, struct tt_error *e)
{
	cJSON *h = cJSON_ParseWithLength(line, len);
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(h, "thingtop_snapshot");
	struct tt_config *c;
	struct tt_profile *p;

	if (!cJSON_IsNumber(ver) || ver->valueint != 1) {
		tt_error_set(e, 0, "%s:1: not a thingtop snapshot (version 1)", sn->path);
		tt_error_hint(e, "snapshots are written by thingtop --snapshot FILE");
		cJSON_Delete(h);
		return -1;
	}
	c = sn->cfg = xcalloc(1, sizeof *c);
	c->path = xstrdup(sn->path);
	c->read_only = 1;
	c->nprofiles = 1;
	p = &c->profiles[0];
	p->name = dup_member(h, "profile");
	p->provider = dup_member(h, "provider");
	p->base_url = dup_member(h, "base_url");
	p->organization = dup_member(h, "organization");
	p->context = dup_member(h, "context");
	p->line = 1;
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(h, "customers"), *it;
	cJSON_ArrayForEach(it, cs) {
		if (p->ncustomers >= TT_MAX_CUSTOMERS)
			break;
		char *name = dup_member(it, "name"), *id = dup_member(it, "id");
		if (!name || !id) {
			free(name);
			free(id);
			continue;
		}
		p->customers[p->ncustomers].name = name;
		p->customers[p->ncustomers].id = id;
		p->ncustomers++;
	}
	cJSON_Delete(h);
	if (!p->name || !p->provider || !p->base_url) {
		tt_error_set(e, 0, "%s:1: the snapshot header lacks profile, provider or base_url", sn->path);
		return -1;
	}
	return 0;
}

static int load_entry(struct snapshot *sn, const char *line, size_t len, unsigned long lineno, struct tt_error *e)
{
	size_t bs, be;
	cJSON *o;

	if (jsonspan_member(line, len, "body", &bs, &be) != 0 || !(o = cJSON_ParseWithLength(line, len))) {
		tt_error_set(e, 0, "%s:%lu: not a snapshot response line", sn->path, lineno);
		return -1;
	}
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "method"), *p = cJSON_GetObjectItemCaseSensitive(o, "path"),
		    *c = cJSON_GetObjectItemCaseSensitive(o, "context"), *st = cJSON_GetObjectItemCaseSensitive(o, "status");
	if (!cJSON_IsString(m) || !cJSON_IsString(p)) {
		tt_error_set(e, 0, "%s:%lu: a response line needs method and path", sn->path, lineno);
		cJSON_Delete(o);
		return -1;
	}
	if (sn->n == sn->cap) {
		size_t cap = sn->cap ? sn->cap * 2 : 64;
		sn->ent = xrealloc(sn->ent, cap * sizeof *sn->ent);
		sn->cap = cap;
	}
	struct snap_entry *en = &sn->ent[sn->n];
	if (!sn->have_first) {
		const cJSON *cid = cJSON_GetObjectItemCaseSensitive(o, "context_id");
		snprintf(sn->first_context, sizeof sn->first_context, "%s",
			 cJSON_IsString(cid) ? cid->valuestring : "");
		sn->have_first = 1;
	}
	en->key = make_key(m->valuestring, p->valuestring, cJSON_IsString(c) ? c->valuestring : "");
	en->status = cJSON_IsNumber(st) ? (long)st->valuedouble : 200;
	en->content_type = dup_member(o, "content_type");
	en->body = xstrndup(line + bs, be - bs);
	en->len = be - bs;
	cJSON_Delete(o);
	if (!en->key || !en->body) {
		free(en->key);
		free(en->body);
		free(en->content_type);
		return -1;
	}
	sn->n++;
	return 0;
}

struct snapshot *snapshot_load(const char *path, struct tt_error *e)
{
	struct snapshot *sn = xcalloc(1, sizeof *sn);
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;

	if (!sn || !f) {
		tt_error_set(e, 0, "cannot open snapshot %s: %s", path, strerror(f ? ENOMEM : errno));
		if (f)
			fclose(f);
		free(sn);
		return NULL;
	}
	sn->path = xstrdup(path);
	pthread_mutex_init(&sn->lock, NULL);
	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (lineno == 1 ? load_header(sn, line, (size_t)len, e) : load_entry(sn, line, (size_t)len, lineno, e))
			goto fail;
	}
	if (!sn->cfg) {
		tt_error_set(e, 0, "%s: empty file, not a thingtop snapshot", path);
		goto fail;
	}
	free(line);
	fclose(f);
	qsort(sn->ent, sn->n, sizeof sn->ent[0], cmp_entry);
	return sn;
fail:
	free(line);
	fclose(f);
	snapshot_close(sn);
	return NULL;
}

struct tt_config *snapshot_read_config(const char *path, struct tt_error *e)
{
	struct snapshot sn = { .path = (char *)path };
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f) {
		tt_error_set(e, 0, "cannot open snapshot %s: %s", path, strerror(errno));
		return NULL;
	}
	len = getline(&line, &cap, f);
	fclose(f);
	if (len <= 0) {
		tt_error_set(e, 0, "%s: empty file, not a thingtop snapshot", path);
		free(line);
		return NULL;
	}
	if (load_header(&sn, line, (size_t)len, e)) {
		config_free(sn.cfg);
		sn.cfg = NULL;
	}
	free(line);
	return sn.cfg;
}

struct tt_config *snapshot_config(struct snapshot *sn)
{
	return sn->cfg;
}

int snapshot_lookup(struct snapshot *sn, const char *method, const char *path, const char *context, long *status,
		    const char **content_type, const char **body, size_t *len, struct tt_error *e)
{
	struct snap_entry key = { .key = make_key(method, path, context) };
	struct snap_entry *hit = key.key ? bsearch(&key, sn->ent, sn->n, sizeof sn->ent[0], cmp_entry) : NULL;

	free(key.key);
	if (!hit) {
		char clean[300];
		sanitize_text(path, strlen(path), clean, sizeof clean);
		tt_error_set(e, 404, "not in the snapshot: %s %s", method, clean);
		tt_error_hint(e, "a snapshot holds only what its session fetched (%zu responses); "
			      "other sorts, filters or customers need the live API", sn->n);
		return -1;
	}
	*status = hit->status;
	*content_type = hit->content_type ? hit->content_type : "application/json";
	*body = hit->body;
	*len = hit->len;
	return 0;
}

const char *snapshot_first_context(const struct snapshot *sn)
{
	return sn->first_context;
}

void snapshot_close(struct snapshot *sn)
{
	if (!sn)
		return;
	if (sn->out)
		fclose(sn->out);
	for (size_t i = 0; i < sn->n; i++) {
		free(sn->ent[i].key);
		free(sn->ent[i].content_type);
		free(sn->ent[i].body);
	}
	free(sn->ent);
	config_free(sn->cfg);
	pthread_mutex_destroy(&sn->lock);
	free(sn->path);
	free(sn);
}
