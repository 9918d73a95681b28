/* fleet.h — the simulator's deterministic fleet: every customer, workspace and
 * device is computed from (seed, index) on demand, so a million devices cost no
 * memory and the same seed gives byte-identical responses. */
#ifndef SIM_FLEET_H
#define SIM_FLEET_H

#include <stdint.h>

#define FLEET_MAX_CUSTOMERS 64
#define FLEET_MAX_WORKSPACES 64
#define FLEET_SPECS 6          /* KPN device specifications: every device has one of these */

struct fleet {
	uint64_t seed;
	uint32_t devices, customers, workspaces;
	int hostile;                  /* --fault hostile: some names carry attacks */
	int64_t base_time, step;      /* createdAt of device i = base_time + i*step + jitter */
	char reseller_id[37];         /* the reseller's own client id */
	char customer_ids[FLEET_MAX_CUSTOMERS][37];
	char customer_names[FLEET_MAX_CUSTOMERS][64];
	char org_id[17];              /* akenza organization */
	char org_name[64];
	char workspace_ids[FLEET_MAX_WORKSPACES][17];
	char workspace_names[FLEET_MAX_WORKSPACES][64];
	/* credentials (derived from the seed) */
	char kpn_client_id[40], kpn_client_secret[48];
	char akenza_api_key[64], akenza_restricted_key[64];
	char partner_api_key[48], partner_auth_param[40];
};

struct device {
	uint32_t index;
	char id[37];             /* KPN uuid */
	char akenza_id[17];      /* akenza 02… id */
	char name[320];
	char description[96];
	char barcode[16];        /* "" = null */
	char deveui[17];
	char spec_id[37];
	int spec;                /* 0..FLEET_SPECS-1: spec_id is fleet_spec_id(spec) */
	int customer;            /* -1 = the reseller's own device */
	const char *client_id;   /* points into struct fleet */
	int workspace;
	int64_t created, modified;
	int online, battery, rssi;
};

void fleet_init(struct fleet *f, uint64_t seed, uint32_t devices, uint32_t customers,
		uint32_t workspaces, int hostile);
void fleet_device(const struct fleet *f, uint32_t i, struct device *d);
/* fleet_device without the ids (id, akenza_id, deveui, spec_id are ""): what
 * filters look at, at a fraction of the cost, so a filtered page of a million
 * devices formats only the items it returns. */
void fleet_device_light(const struct fleet *f, uint32_t i, struct device *d);

/* The id of device specification s (0..FLEET_SPECS-1). */
void fleet_spec_id(const struct fleet *f, int s, char out[37]);
/* The index of the device whose DevEUI is eui (16 hex digits, any case), in
 * O(1) like fleet_uuid_index: 0 and *index set, or -1. */
int fleet_deveui_index(const struct fleet *f, const char *eui, uint32_t *index);

/* Deterministic hashing used everywhere in the simulator. */
uint64_t fleet_hash(uint64_t seed, uint64_t a, uint64_t b);
void fleet_uuid(uint64_t seed, uint64_t kind, uint64_t i, char out[37]);
void fleet_akenza_id(uint64_t seed, unsigned kind, uint64_t i, char out[17]);

/* The index behind an id, in O(1) without any table: fleet_hash is invertible
 * (an affine map of the index through the splitmix64 finalizer), so an id is
 * inverted over the few hash bits it does not show and checked by
 * regenerating it. Returns 0 and sets *index when an index < n gives exactly
 * this id (a UUID is matched case-insensitively), else -1. */
int fleet_uuid_index(uint64_t seed, uint64_t kind, uint64_t n, const char *id, uint32_t *index);
int fleet_akenza_index(uint64_t seed, unsigned kind, uint64_t n, const char *id, uint32_t *index);

#endif
