/* test_sim_fleet.c — the simulator's generator (src/sim/fleet.c): the same
 * seed gives the same fleet byte for byte, another seed another fleet; names
 * are valid UTF-8 and realistic (accents, CJK, emoji occur); ids are unique and
 * well-formed; customers and workspaces partition the devices; device 999,999
 * of a million is computed like device 0; --fault hostile plants escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fleet.h"

#include <stdlib.h>
#include <string.h>

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0 || (n == 1 && *p < 0xc2))
			return 0;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

static int is_uuid(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!strchr("0123456789abcdef", s[i])) {
			return 0;
		}
	}
	return 1;
}

static void test_deterministic(void **state)
{
	struct fleet a, b, c;
	struct device da, db, dc;
	int differ = 0;
	(void)state;
	fleet_init(&a, 42, 5000, 5, 4, 0);
	fleet_init(&b, 42, 5000, 5, 4, 0);
	fleet_init(&c, 43, 5000, 5, 4, 0);
	assert_memory_equal(a.customer_ids, b.customer_ids, sizeof a.customer_ids);
	assert_string_equal(a.kpn_client_secret, b.kpn_client_secret);
	assert_string_not_equal(a.kpn_client_secret, c.kpn_client_secret);
	for (uint32_t i = 0; i < 5000; i += 7) {
		fleet_device(&a, i, &da);
		fleet_device(&b, i, &db);
		fleet_device(&c, i, &dc);
		assert_string_equal(da.id, db.id);
		assert_string_equal(da.name, db.name);
		assert_string_equal(da.deveui, db.deveui);
		assert_int_equal(da.created, db.created);
		assert_int_equal(da.modified, db.modified);
		differ += strcmp(da.id, dc.id) != 0;
	}
	assert_true(differ > 700);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_names_and_ids(void **state)
{
	enum { N = 20000 };
	struct fleet f;
	struct device d;
	char **ids = calloc(N, sizeof *ids);
	int accents = 0, cjk = 0, emoji = 0, per_customer[FLEET_MAX_CUSTOMERS + 1] = { 0 };
	(void)state;
	assert_non_null(ids);
	fleet_init(&f, 1, N, 5, 4, 0);
	for (uint32_t i = 0; i < N; i++) {
		fleet_device(&f, i, &d);
		assert_true(valid_utf8(d.name));
		assert_true(strlen(d.name) > 3);
		assert_true(is_uuid(d.id));
		assert_int_equal(strlen(d.akenza_id), 16);
		assert_int_equal(strlen(d.deveui), 16);
		assert_true(d.customer >= -1 && d.customer < 5);
		assert_true(d.workspace >= 0 && d.workspace < 4);
		assert_true(d.modified >= d.created);
		per_customer[d.customer + 1]++;
		for (const unsigned char *p = (const unsigned char *)d.name; *p; p++) {
			accents += *p == 0xc3;
			cjk += *p >= 0xe3 && *p <= 0xe9;
			emoji += *p == 0xf0;
		}
		ids[i] = strdup(d.id);
	}
	assert_true(accents > 0 && cjk > 0 && emoji > 0);
	for (int k = 0; k <= 5; k++)
		assert_true(per_customer[k] > N / 20); /* every tenant owns a share */
	qsort(ids, N, sizeof *ids, cmp_str);
	for (uint32_t i = 1; i < N; i++)
		assert_string_not_equal(ids[i - 1], ids[i]);
	for (uint32_t i = 0; i < N; i++)
		free(ids[i]);
	free(ids);
}

static void test_million_is_index_based(void **state)
{
	struct fleet f;
	struct device d0, d1;
	(void)state;
	/* the fleet struct holds no per-device state: a million devices are
	 * computed from (seed, index); the last one is as valid as the first */
	fleet_init(&f, 1, 1000000, 5, 4, 0);
	fleet_device(&f, 999999, &d1);
	fleet_device(&f, 0, &d0);
	assert_true(is_uuid(d1.id));
	assert_string_not_equal(d0.id, d1.id);
	assert_int_equal(d1.index, 999999);
	assert_true(d1.created > d0.created);
}

static void test_hostile_plants_attacks(void **state)
{
	struct fleet f;
	struct device d;
	int esc = 0, crlf = 0, bad_utf8 = 0;
	(void)state;
	fleet_init(&f, 1, 2000, 5, 4, 1);
	for (uint32_t i = 0; i < 2000; i++) {
		fleet_device(&f, i, &d);
		esc += strchr(d.name, 0x1b) != NULL;
		crlf += strpbrk(d.name, "\r\n") != NULL;
		bad_utf8 += !valid_utf8(d.name);
	}
	assert_true(esc > 0);
	assert_true(crlf > 0);
	assert_true(bad_utf8 > 0);
}

static void test_id_lookup_is_inverse(void **state)
{
	struct fleet f;
	struct device d;
	uint32_t idx;
	char up[37];
	(void)state;
	/* every id of a million-device fleet maps back to its index without a scan */
	fleet_init(&f, 77, 1000000, 5, 4, 0);
	for (uint32_t i = 0; i < 1000000; i += 997) {
		fleet_device(&f, i, &d);
		idx = UINT32_MAX;
		assert_int_equal(fleet_uuid_index(f.seed, 3, f.devices, d.id, &idx), 0);
		assert_int_equal(idx, i);
		idx = UINT32_MAX;
		assert_int_equal(fleet_akenza_index(f.seed, 0x02, f.devices, d.akenza_id, &idx), 0);
		assert_int_equal(idx, i);
	}
	fleet_device(&f, 999999, &d);
	for (int k = 0; k < 37; k++)
		up[k] = (char)(d.id[k] >= 'a' && d.id[k] <= 'f' ? d.id[k] - 32 : d.id[k]);
	assert_int_equal(fleet_uuid_index(f.seed, 3, f.devices, up, &idx), 0); /* case-insensitive */
	assert_int_equal(idx, 999999);
	/* beyond --devices, another seed, another kind, a changed digit: not found */
	assert_int_equal(fleet_uuid_index(f.seed, 3, 999999, d.id, &idx), -1);
	assert_int_equal(fleet_uuid_index(f.seed + 1, 3, f.devices, d.id, &idx), -1);
	assert_int_equal(fleet_uuid_index(f.seed, 5, f.devices, d.id, &idx), -1);
	assert_int_equal(fleet_akenza_index(f.seed, 0x29, f.devices, d.akenza_id, &idx), -1);
	d.id[35] = d.id[35] == '0' ? '1' : '0';
	assert_int_equal(fleet_uuid_index(f.seed, 3, f.devices, d.id, &idx), -1);
	d.akenza_id[15] = d.akenza_id[15] == '0' ? '1' : '0';
	assert_int_equal(fleet_akenza_index(f.seed, 0x02, f.devices, d.akenza_id, &idx), -1);
	assert_int_equal(fleet_uuid_index(f.seed, 3, f.devices, "not-a-uuid", &idx), -1);
	assert_int_equal(fleet_akenza_index(f.seed, 0x02, f.devices, "", &idx), -1);
}

/* akenza's by-device-id and KPN's deviceSpecificationId filter rest on these */
static void test_deveui_lookup_and_specs(void **state)
{
	struct fleet f;
	struct device d;
	uint32_t idx;
	char spec[37], low[17];
	int seen[FLEET_SPECS] = { 0 };
	(void)state;
	fleet_init(&f, 77, 1000000, 5, 4, 0);
	for (uint32_t i = 0; i < 1000000; i += 997) {
		fleet_device(&f, i, &d);
		idx = UINT32_MAX;
		assert_int_equal(fleet_deveui_index(&f, d.deveui, &idx), 0);
		assert_int_equal(idx, i);
		assert_true(d.spec >= 0 && d.spec < FLEET_SPECS);
		fleet_spec_id(&f, d.spec, spec);
		assert_string_equal(d.spec_id, spec);
		seen[d.spec] = 1;
	}
	for (int s = 0; s < FLEET_SPECS; s++)
		assert_true(seen[s]);
	for (int k = 0; k < 17; k++)
		low[k] = (char)(d.deveui[k] >= 'A' && d.deveui[k] <= 'F' ? d.deveui[k] + 32 : d.deveui[k]);
	assert_int_equal(fleet_deveui_index(&f, low, &idx), 0); /* any letter case */
	/* beyond --devices, not hex, too short or long: not found */
	f.devices = d.index;
	assert_int_equal(fleet_deveui_index(&f, d.deveui, &idx), -1);
	assert_int_equal(fleet_deveui_index(&f, "000000000000000G", &idx), -1);
	assert_int_equal(fleet_deveui_index(&f, "0123", &idx), -1);
	assert_int_equal(fleet_deveui_index(&f, "0123456789ABCDEF0", &idx), -1);
	assert_int_equal(fleet_deveui_index(&f, "+123456789ABCDEF", &idx), -1);
}

static void test_light_is_full_without_ids(void **state)
{
	struct fleet f;
	struct device full, light;
	(void)state;
	for (int hostile = 0; hostile < 2; hostile++) {
		fleet_init(&f, 9, 3000, 5, 4, hostile);
		for (uint32_t i = 0; i < 3000; i++) {
			fleet_device(&f, i, &full);
			fleet_device_light(&f, i, &light);
			assert_string_equal(full.name, light.name);
			assert_string_equal(full.description, light.description);
			assert_string_equal(full.barcode, light.barcode);
			assert_ptr_equal(full.client_id, light.client_id);
			assert_int_equal(full.customer, light.customer);
			assert_int_equal(full.workspace, light.workspace);
			assert_int_equal(full.created, light.created);
			assert_int_equal(full.modified, light.modified);
			assert_int_equal(full.spec, light.spec);
			assert_string_equal(light.id, "");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_names_and_ids),
		cmocka_unit_test(test_million_is_index_based),
		cmocka_unit_test(test_hostile_plants_attacks),
		cmocka_unit_test(test_id_lookup_is_inverse),
		cmocka_unit_test(test_deveui_lookup_and_specs),
		cmocka_unit_test(test_light_is_full_without_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
