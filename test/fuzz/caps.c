/* caps.h: caps_parse_list (names via libcap-ng's capng_name_to_capability)
 * and caps_compute's set arithmetic.
 * Input: ADD-LIST ['|' DROP-LIST] '\0' PARAMS, where PARAMS (zero-filled when
 * short) is last_cap (1 byte), flags (1 byte: privileged, target is root) and
 * the held bounding and permitted sets (8 bytes each). */
#include "fuzz.h"

#include <linux/capability.h>
#include <string.h>

#include "capinit/caps.h"

static void check_list(char *text, unsigned last_cap, struct cap_list *out)
{
	const char *problem = NULL, *item = NULL;
	char *end = text + strlen(text);
	int rc = caps_parse_list(text, last_cap, out, &problem, &item);

	if (rc != 0) {
		FUZZ_CHECK(rc == -1 && problem && *problem && item);
		FUZZ_CHECK(item >= text && item <= end);
		fuzz_touch(item);
		out->mask = 0;
		out->all = false;
		return;
	}
	/* Only capabilities the kernel (last_cap) and a 64-bit mask know. */
	if (last_cap < 63)
		FUZZ_CHECK((out->mask >> (last_cap + 1)) == 0);
}

static uint64_t u64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	size_t len = strlen(text);
	uint8_t params[18] = {CAP_LAST_CAP, 0};
	char *bar = strchr(text, '|');
	struct cap_request req = {0};
	struct cap_sets held = {0}, out;
	uint64_t missing, add, drop, base;

	if (len < size)
		memcpy(params, data + len + 1,
		       size - len - 1 < sizeof(params) ? size - len - 1 : sizeof(params));
	if (bar)
		*bar = '\0';
	check_list(text, params[0], &req.add);
	if (bar)
		check_list(bar + 1, params[0], &req.drop);
	req.privileged = params[1] & 1;
	req.target_is_root = params[1] & 2;
	held.bounding = u64(params + 2);
	held.permitted = u64(params + 10);
	held.effective = held.permitted;

	missing = caps_compute(&req, &held, &out);
	add = req.add.all ? held.bounding : req.add.mask;
	drop = req.drop.all ? ~UINT64_C(0) : req.drop.mask;
	base = req.privileged ? held.bounding : caps_docker_default();

	/* The bounding set only shrinks; nothing appears that was not held. */
	FUZZ_CHECK((out.bounding & ~held.bounding) == 0);
	FUZZ_CHECK((out.permitted & ~held.permitted) == 0);
	FUZZ_CHECK(out.effective == out.permitted);
	FUZZ_CHECK(missing == (add & ~(held.bounding & held.permitted)));
	/* Dropped and not added: gone everywhere. */
	FUZZ_CHECK((out.bounding & drop & ~add) == 0);
	/* Not in the base and not added: never appears. */
	FUZZ_CHECK((out.bounding & ~base & ~add) == 0);
	if (req.target_is_root) {
		FUZZ_CHECK(out.inheritable == 0 && out.ambient == 0);
		FUZZ_CHECK((out.permitted & ~out.bounding) == 0);
	} else {
		/* Only what was added by name reaches a non-root target. */
		FUZZ_CHECK((out.permitted & ~add) == 0);
		FUZZ_CHECK(out.inheritable == out.permitted && out.ambient == out.permitted);
	}
	if (missing == 0) {
		/* A feasible plan is one the kernel accepts. */
		FUZZ_CHECK((out.permitted & ~out.bounding) == 0);
		FUZZ_CHECK((out.ambient & ~(out.permitted & out.inheritable)) == 0);
		FUZZ_CHECK((add & ~out.bounding) == 0);
	}
	free(text);
	return 0;
}
