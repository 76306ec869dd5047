/*
 * fuzz_tmp.h - the private directory a fuzz harness writes its inputs to:
 * made once per process (/tmp/pf-fuzz-NAME.XXXXXX) and removed with its
 * files when the process exits (the corpus replay ctest runs, libFuzzer
 * runs that end), so no run leaves anything in /tmp.
 */
#ifndef PF_FUZZ_TMP_H
#define PF_FUZZ_TMP_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char pf_fuzz_tmp[64];

static int
pf_fuzz_rm1(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		(void)rmdir(p);
	else
		(void)unlink(p);
	return 0;
}

/* rm -rf path (a harness's subtree; symlinks are removed, not followed). */
static void
pf_fuzz_rmtree(const char *path)
{
	(void)nftw(path, pf_fuzz_rm1, 16, FTW_DEPTH | FTW_PHYS);
}

static void
pf_fuzz_tmp_remove(void)
{
	if (pf_fuzz_tmp[0] != '\0')
		pf_fuzz_rmtree(pf_fuzz_tmp);
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
