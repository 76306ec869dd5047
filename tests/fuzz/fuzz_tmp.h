/*
 * fuzz_tmp.h - the private directory a fuzz harness writes its inputs to:
 * made once per process (/tmp/pf-fuzz-NAME.XXXXXX) and removed with its
 * files when the process exits (the corpus replay ctest runs, libFuzzer
 * runs that end), so no run leaves anything in /tmp.
 */
#ifndef PF_FUZZ_TMP_H
#define PF_FUZZ_TMP_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pf_fuzz_tmp[64];

static void
pf_fuzz_tmp_remove(void)
{
	char p[512];
	struct dirent *e;
	DIR *d;

	if (pf_fuzz_tmp[0] == '\0' || (d = opendir(pf_fuzz_tmp)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			snprintf(p, sizeof(p), "%s/%s", pf_fuzz_tmp, e->d_name);
			unlink(p);
		}
	closedir(d);
	rmdir(pf_fuzz_tmp);
}

/* The directory (NULL if it cannot be made). */
static const char *
pf_fuzz_dir(const char *name)
{
	if (pf_fuzz_tmp[0] == '\0') {
		snprintf(pf_fuzz_tmp, sizeof(pf_fuzz_tmp),
		    "/tmp/pf-fuzz-%s.XXXXXX", name);
		if (mkdtemp(pf_fuzz_tmp) == NULL) {
			pf_fuzz_tmp[0] = '\0';
			return NULL;
		}
		atexit(pf_fuzz_tmp_remove);
	}
	return pf_fuzz_tmp;
}

#endif
