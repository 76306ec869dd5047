/*
 * binver.h - the version a program carries in its own bytes, found
 * without running it (a --root copy's binaries are another machine's).
 */
#ifndef PF_BINVER_H
#define PF_BINVER_H

#include "model/arena.h"

/*
 * The first dotted version X.Y.Z (digits and at least two dots, at most
 * 16 bytes, not ending in a dot) that follows tag in the file at path
 * (a host path): "Apache/" finds AP_SERVER_BASEVERSION's "2.4.71", "X-
 * Powered-By: PHP/" PHP_VERSION's "8.2.29".  NULL when the file is not a
 * regular file of at most 256 MiB or holds no such string.
 */
const char	*pf_binary_version(struct pf_arena *, const char *path,
		    const char *tag);

#endif
