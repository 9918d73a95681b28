/* fleet.c — deterministic generation of customers, workspaces and devices (see fleet.h). */
#include "fleet.h"

#include <stdio.h>
#include <string.h>

uint64_t fleet_hash(uint64_t seed, uint64_t a, uint64_t b)
{
	/* splitmix64 over the three inputs */
	uint64_t z = seed + 0x9E3779B97F4A7C15ull * (a + 1) + 0xBF58476D1CE4E5B9ull * (b + 7);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint64_t unxorshift(uint64_t y, unsigned s)
{
	uint64_t x = y;

	for (unsigned k = s; k < 64; k += s)
		x ^= y >> k;
	return x;
}

static uint64_t modinv(uint64_t m) /* m odd: m * modinv(m) == 1 mod 2^64 */
{
	uint64_t x = m;

	for (int k = 0; k < 6; k++)
		x *= 2 - m * x;
	return x;
}

/* The b for which fleet_hash(seed, a, b) == h. */
static uint64_t fleet_unhash(uint64_t seed, uint64_t a, uint64_t h)
{
	uint64_t z = unxorshift(h, 31);

	z *= modinv(0x94D049BB133111EBull);
	z = unxorshift(z, 27);
	z *= modinv(0xBF58476D1CE4E5B9ull);
	z = unxorshift(z, 30);
	z -= seed + 0x9E3779B97F4A7C15ull * (a + 1);
	return z * modinv(0xBF58476D1CE4E5B9ull) - 7;
}

int fleet_uuid_index(uint64_t seed, uint64_t kind, uint64_t n, const char *id, uint32_t *index)
{
	char low[37], u[37];
	unsigned long long p1, p2, p3;

	if (!id || strlen(id) != 36)
		return -1;
	for (int k = 0; k < 36; k++)
		low[k] = (char)(id[k] >= 'A' && id[k] <= 'F' ? id[k] - 'A' + 'a' : id[k]);
	low[36] = '\0';
	if (sscanf(low, "%8llx-%4llx-4%3llx-", &p1, &p2, &p3) != 3)
		return -1;
	/* the UUID shows bits 63..16 and 11..0 of the hash: try the 16 values of 15..12 */
	for (uint64_t hidden = 0; hidden < 16; hidden++) {
		uint64_t h = (uint64_t)p1 << 32 | (uint64_t)p2 << 16 | hidden << 12 | (uint64_t)p3;
		uint64_t i = fleet_unhash(seed, kind, h);
		if (i < n) {
			fleet_uuid(seed, kind, i, u);
			if (!strcmp(u, low)) {
				*index = (uint32_t)i;
				return 0;
			}
		}
	}
	return -1;
}

int fleet_akenza_index(uint64_t seed, unsigned kind, uint64_t n, const char *id, uint32_t *index)
{
	char u[17];
	unsigned k;
	unsigned long long low;

	if (!id || strlen(id) != 16 || sscanf(id, "%2x%14llx", &k, &low) != 2 || k != (kind & 0xFF))
		return -1;
	/* the id shows the low 56 bits of the hash: try the 256 values of the top 8 */
	for (uint64_t hidden = 0; hidden < 256; hidden++) {
		uint64_t i = fleet_unhash(seed, 1000 + kind, hidden << 56 | (uint64_t)low);
		if (i < n) {
			fleet_akenza_id(seed, kind, i, u);
			if (!strcmp(u, id)) {
				*index = (uint32_t)i;
				return 0;
			}
		}
	}
	return -1;
}

void fleet_uuid(uint64_t seed, uint64_t kind, uint64_t i, char out[37])
{
	uint64_t h1 = fleet_hash(seed, kind, i), h2 = fleet_hash(seed ^ 0xA5A5, kind, i);

	snprintf(out, 37, "%08x-%04x-4%03x-%04x-%012llx",
		 (unsigned)(h1 >> 32), (unsigned)(h1 >> 16) & 0xFFFF, (unsigned)h1 & 0xFFF,
		 0x8000 | ((unsigned)(h2 >> 48) & 0x3FFF),
		 (unsigned long long)(h2 & 0xFFFFFFFFFFFFull));
}

void fleet_akenza_id(uint64_t seed, unsigned kind, uint64_t i, char out[17])
{
	snprintf(out, 17, "%02x%014llx", kind & 0xFF,
		 (unsigned long long)(fleet_hash(seed, 1000 + kind, i) & 0xFFFFFFFFFFFFFFull));
}

static const char *const customer_names[] = {
	"Acme BV", "Waterschap Noord", "Gemeente Delft", "Bakkerij Jansen & Zn",
	"Müller Logistik GmbH", "東京精機株式会社", "Café Zoë", "Ørsted Fjernvarme",
	"São Paulo Agro Ltda", "Hôtel du Lac", "Nordic Cold Chain AB", "Vlaamse Havens NV",
};
static const char *const nouns[] = {
	"pump 🚰", "water meter", "Küchen-Zähler", "温度センサー", "compteur d'eau",
	"CO₂ sensor", "door contact", "tracker 🚚", "smart plug 🔌", "Rauchmelder",
	"parking sensor", "thermostat", "bin level", "Feuchtesensor", "valve",
};
static const char *const places[] = {
	"north", "south", "east", "west", "roof", "basement", "depot", "hall",
	"Zürich", "Ålesund", "東京", "Kraków", "Malmö", "Genève", "dock 7", "lab",
};
static const char *const workspace_words[] = {
	"Production", "Staging", "Facility Management", "Smart Building Zürich",
	"Cold chain", "Wasserwerk", "東京 Office", "Field trials",
};
/* --fault hostile: what a malicious tenant might name a device. */
static const char *const hostile_names[] = {
	"\x1b[2J\x1b[Hsystem compromised",
	"clip\x1b]52;c;cm0gLXJmIH4K\x07board",
	"\x1b]0;owned title\x07pump",
	"line one\r\nline two",
	"bad \xff\xfe utf8 \xc0\xaf",
	"zero\xe2\x80\x8bwidth\xe2\x80\x8d joiner",
	"\xe2\x80\xae" "evil reversed",
	"\x1bP+q544e\x1b\\dcs",
	"bell\x07\x07\x07",
};

void fleet_init(struct fleet *f, uint64_t seed, uint32_t devices, uint32_t customers,
		uint32_t workspaces, int hostile)
{
	memset(f, 0, sizeof *f);
	f->seed = seed;
	f->devices = devices;
	f->customers = customers > FLEET_MAX_CUSTOMERS ? FLEET_MAX_CUSTOMERS : customers;
	f->workspaces = workspaces == 0 ? 1 : workspaces > FLEET_MAX_WORKSPACES ? FLEET_MAX_WORKSPACES : workspaces;
	f->hostile = hostile;
	f->base_time = 1735689600; /* 2025-01-01T00:00:00Z */
	/* spread creation over about 300 days, at least one second apart */
	f->step = devices ? (int64_t)(300LL * 86400 / devices) : 1;
	if (f->step < 1)
		f->step = 1;
	fleet_uuid(seed, 1, 0, f->reseller_id);
	for (uint32_t c = 0; c < f->customers; c++) {
		fleet_uuid(seed, 2, c, f->customer_ids[c]);
		const char *base = customer_names[c % (sizeof customer_names / sizeof customer_names[0])];
		if (c < sizeof customer_names / sizeof customer_names[0])
			snprintf(f->customer_names[c], sizeof f->customer_names[c], "%s", base);
		else
			snprintf(f->customer_names[c], sizeof f->customer_names[c], "%s %u", base, c + 1);
	}
	fleet_akenza_id(seed, 0x28, 0, f->org_id);
	snprintf(f->org_name, sizeof f->org_name, "Simulated Org %llu", (unsigned long long)(seed % 1000));
	for (uint32_t w = 0; w < f->workspaces; w++) {
		fleet_akenza_id(seed, 0x29, w, f->workspace_ids[w]);
		const char *base = workspace_words[w % (sizeof workspace_words / sizeof workspace_words[0])];
		if (w < sizeof workspace_words / sizeof workspace_words[0])
			snprintf(f->workspace_names[w], sizeof f->workspace_names[w], "%s", base);
		else
			snprintf(f->workspace_names[w], sizeof f->workspace_names[w], "%s %u", base, w + 1);
	}
	snprintf(f->kpn_client_id, sizeof f->kpn_client_id, "kpn-%016llx",
		 (unsigned long long)fleet_hash(seed, 50, 1));
	snprintf(f->kpn_client_secret, sizeof f->kpn_client_secret, "%016llx%016llx",
		 (unsigned long long)fleet_hash(seed, 51, 1), (unsigned long long)fleet_hash(seed, 51, 2));
	char u[37];
	fleet_uuid(seed, 52, 1, u);
	snprintf(f->akenza_api_key, sizeof f->akenza_api_key, "%016llx.%s",
		 (unsigned long long)fleet_hash(seed, 53, 1), u);
	fleet_uuid(seed, 52, 2, u);
	snprintf(f->akenza_restricted_key, sizeof f->akenza_restricted_key, "%016llx.%s",
		 (unsigned long long)fleet_hash(seed, 53, 2), u);
	snprintf(f->partner_api_key, sizeof f->partner_api_key, "pk_%016llx%08llx",
		 (unsigned long long)fleet_hash(seed, 54, 1),
		 (unsigned long long)(fleet_hash(seed, 54, 2) & 0xFFFFFFFF));
	snprintf(f->partner_auth_param, sizeof f->partner_auth_param, "ap-%012llx",
		 (unsigned long long)(fleet_hash(seed, 55, 1) & 0xFFFFFFFFFFFFull));
}

void fleet_device_light(const struct fleet *f, uint32_t i, struct device *d)
{
	uint64_t h = fleet_hash(f->seed, 10, i);
	size_t nn = sizeof nouns / sizeof nouns[0], np = sizeof places / sizeof places[0];

	d->index = i;
	d->id[0] = d->akenza_id[0] = d->deveui[0] = d->spec_id[0] = '\0';
	if (f->hostile && i % 5 == 1) {
		const char *hn = hostile_names[(i / 5) % (sizeof hostile_names / sizeof hostile_names[0])];
		if ((i / 5) % 11 == 10) {
			memset(d->name, 'W', 200);
			snprintf(d->name + 200, sizeof d->name - 200, " %05u", i);
		} else {
			snprintf(d->name, sizeof d->name, "%s %05u", hn, i);
		}
	} else {
		snprintf(d->name, sizeof d->name, "%s %s %05u", nouns[h % nn], places[(h >> 8) % np], i);
	}
	snprintf(d->description, sizeof d->description, "%s unit, batch %u",
		 (h >> 16) % 3 == 0 ? "outdoor" : "indoor", (unsigned)((h >> 20) % 40) + 1);
	if ((h >> 24) % 7 == 0)
		d->barcode[0] = '\0';
	else
		snprintf(d->barcode, sizeof d->barcode, "BC%08u", i);
	/* one device in (customers+1) belongs to the reseller itself */
	d->customer = (int)((h >> 40) % (f->customers + 1)) - 1;
	d->client_id = d->customer < 0 ? f->reseller_id : f->customer_ids[d->customer];
	d->workspace = (int)(i % f->workspaces);
	d->created = f->base_time + (int64_t)i * f->step;
	d->modified = d->created + (int64_t)((h >> 12) % (90 * 86400));
	d->spec = (int)((h >> 32) % FLEET_SPECS);
	d->online = (h >> 50) % 5 != 0;
	d->battery = (int)((h >> 52) % 101);
	d->rssi = -60 - (int)((h >> 56) % 60);
}

void fleet_device(const struct fleet *f, uint32_t i, struct device *d)
{
	fleet_device_light(f, i, d);
	fleet_uuid(f->seed, 3, i, d->id);
	fleet_akenza_id(f->seed, 0x02, i, d->akenza_id);
	snprintf(d->deveui, sizeof d->deveui, "%016llX", (unsigned long long)fleet_hash(f->seed, 11, i));
	fleet_spec_id(f, d->spec, d->spec_id);
}

void fleet_spec_id(const struct fleet *f, int s, char out[37])
{
	fleet_uuid(f->seed, 4, (uint64_t)s, out);
}

int fleet_deveui_index(const struct fleet *f, const char *eui, uint32_t *index)
{
	unsigned long long h;
	char tail;

	if (!eui || strlen(eui) != 16 || strspn(eui, "0123456789abcdefABCDEF") != 16 ||
	    sscanf(eui, "%16llx%c", &h, &tail) != 1)
		return -1;
	uint64_t i = fleet_unhash(f->seed, 11, h);
	if (i >= f->devices)
		return -1;
	*index = (uint32_t)i;
	return 0;
}
