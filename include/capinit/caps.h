/* Capability names, lists and set arithmetic. Pure: no syscalls here; sets
 * are 64-bit masks, bit N for capability N. */
#ifndef CAPINIT_CAPS_H
#define CAPINIT_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#define CAP_BIT(n) (UINT64_C(1) << (n))

/* Docker's and containerd's default set, the base of cap_add/cap_drop. */
uint64_t caps_docker_default(void);

/* A parsed cap_add or cap_drop list. */
struct cap_list {
	uint64_t mask;
	bool all;
};

/* Parses "NET_ADMIN, cap_net_raw, ALL" in place: names match without case and
 * with or without CAP_; capabilities above last_cap are refused. On error
 * returns -1 with *problem and *item set for the message. */
int caps_parse_list(char *text, unsigned last_cap, struct cap_list *out, const char **problem,
                    const char **item);

/* libcap-ng starts lazily (built without its constructor) and acts on the
 * pid it was given: every process that uses it attaches itself first, and
 * after fork the child attaches anew. */
void caps_attach(void);

/* The lower-case name of cap ("net_bind_service"), or NULL. */
const char *caps_name(unsigned cap);

/* The capability sets a target gets, from what capinit holds now. */
struct cap_sets {
	uint64_t bounding, permitted, effective, inheritable, ambient;
};

struct cap_request {
	struct cap_list add, drop;
	bool privileged;
	bool target_is_root;
};

/* DESIGN.md section 3: base = Docker's default (or the whole bounding set when
 * privileged), drop ALL empties it, minus drops, plus adds; a root target
 * keeps the result in bounding, permitted and effective; a non-root target
 * has it as bounding and only the added caps in the other four sets.
 * held: what capinit has now. Returns the added caps capinit does not hold in
 * both its bounding and permitted sets (0 when feasible). */
uint64_t caps_compute(const struct cap_request *req, const struct cap_sets *held,
                      struct cap_sets *out);

#endif
