/* snapshot.h — what a session fetched, saved for later (--snapshot FILE) and
 * browsed offline (--open FILE). The file is JSON lines, mode 0600:
 *   line 1: {"thingtop_snapshot":1,"created":…,"profile":…,"provider":…,
 *            "base_url":…,"customers":[{"name":…,"id":…}],…}   (no secrets)
 *   then one line per successful GET:
 *            {"method":"GET","path":"/devices?limit=50&sort=…","context":…,"context_id":…,
 *             "status":200,"content_type":…,"body":<the response, minified>}
 * Paths are relative to base_url, so the query of every page is kept. When
 * opened, the API layer answers GETs from the file instead of the network
 * (api.c), writes are refused, and anything not in the file is a clear error. */
#ifndef TT_SNAPSHOT_H
#define TT_SNAPSHOT_H

#include "config.h"
#include "error.h"

#include <stddef.h>

struct snapshot;

/* Recording. The header holds the profile's name, provider, base URL,
 * customers, organization and workspace — never a secret or a client id. */
struct snapshot *snapshot_create(const char *path, const struct tt_profile *profile, const char *base_url,
				 struct tt_error *e);
/* Append one response (thread-safe). Bodies that are not JSON are skipped. */
void snapshot_record(struct snapshot *sn, const char *method, const char *path, const char *context,
		     const char *context_id, long status, const char *content_type, const char *body, size_t len);

/* The config rebuilt from a snapshot's header line only (cheap); the caller
 * owns it (config_free). One read-only profile, no secrets. */
struct tt_config *snapshot_read_config(const char *path, struct tt_error *e);

/* Browsing. The config returned holds one read-only profile rebuilt from the
 * header; it belongs to the snapshot (free with snapshot_close). */
struct snapshot *snapshot_load(const char *path, struct tt_error *e);
struct tt_config *snapshot_config(struct snapshot *sn);
/* 0 and the response, or -1 (e says the request is not in the snapshot). */
int snapshot_lookup(struct snapshot *sn, const char *method, const char *path, const char *context, long *status,
		    const char **content_type, const char **body, size_t *len, struct tt_error *e);

/* The tenant (customer UUID or workspace id) of the first response, "" = own
 * account: where --open starts when no --context is given. */
const char *snapshot_first_context(const struct snapshot *sn);

void snapshot_close(struct snapshot *sn);

#endif
