/*
 * fuzz_so.c - libFuzzer harness for the LoadModule file judge
 * (parsers/httpd_so.c): the input is the object's bytes; its first byte
 * chooses the symbol looked for.  The judge walks the ELF header, the
 * section headers and the dynamic symbol table by their offsets and
 * sizes, each of which the input controls.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/httpd_so.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const syms[] = { "pf_seed_module", "x", "",
	    "rewrite_module" };
	const char *why = NULL;
	unsigned char *copy;
	enum pf_so_verdict v;

	if (len == 0)
		return 0;
	/* an exact-size copy, so reads past the end are caught */
	if ((copy = malloc(len - 1 + 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, len - 1);
	v = pf_so_judge(copy, len - 1, syms[data[0] % 4], &why);
	if ((v == PF_SO_NOT_LOADABLE) != (why != NULL))
		abort();
	free(copy);
	return 0;
}
