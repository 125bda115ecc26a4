/* Linked into the config, env and cli harnesses: what must hold of a struct
 * config after any source was read, successfully or not. */
#include "check_config.h"

#include <string.h>

#include "capinit/signame.h"
#include "capinit/text.h"

static int typed_bool(const struct config *c, enum key k)
{
	switch (k) {
	case KEY_PRIVILEGED:
		return c->privileged;
	case KEY_NO_NEW_PRIVILEGES:
		return c->no_new_privileges;
	case KEY_RUN_AS_NON_ROOT:
		return c->run_as_non_root;
	case KEY_EXEC:
		return c->exec;
	case KEY_PRINT:
		return c->print;
	case KEY_SUBREAPER:
		return c->subreaper;
	case KEY_KILL_PROCESS_GROUP:
		return c->kill_process_group;
	case KEY_WARN_ON_REAP:
		return c->warn_on_reap;
	case KEY_ALLOW_ENV:
		return c->allow_env;
	default:
		return -1;
	}
}

void check_config(const struct config *c)
{
	/* config_origin writes into a 256-byte buffer: an exact-size heap copy. */
	char *buf = malloc(256);

	for (int k = 0; k < KEY_COUNT; k++) {
		const struct setting *s = &c->set[k];
		const char *where;
		uint32_t n = 0;
		int b;

		FUZZ_CHECK(config_key_name((enum key)k) != NULL);
		if (s->source == SRC_UNSET) {
			FUZZ_CHECK(s->value == NULL);
			continue;
		}
		FUZZ_CHECK(s->source <= SRC_ARGV && s->value && s->origin);
		/* The value must still be there: it is printed by --print and
		 * resolved by plan_resolve long after the source was read. */
		fuzz_touch(s->value);
		FUZZ_CHECK(s->value[0] != '\0');
		where = config_origin(s, buf);
		FUZZ_CHECK(strlen(where) < 256);
		fuzz_touch(config_source_name(s->source));

		/* The typed value is the winning text's. */
		b = typed_bool(c, (enum key)k);
		if (b >= 0)
			FUZZ_CHECK(text_parse_bool(s->value) == b);
		switch (k) {
		case KEY_GRACE:
			FUZZ_CHECK(text_parse_uint(s->value, 86400, &n) && n == c->grace);
			break;
		case KEY_VERBOSITY:
			FUZZ_CHECK(text_parse_uint(s->value, 3, &n) && n == c->verbosity);
			break;
		case KEY_PARENT_DEATH_SIGNAL:
			FUZZ_CHECK(signame_parse(s->value) == c->parent_death_signal);
			break;
		case KEY_SUPPLEMENTAL_GROUPS_POLICY:
			FUZZ_CHECK(c->strict_groups == text_ieq(s->value, "strict"));
			break;
		default:
			break;
		}
	}
	free(buf);
}
