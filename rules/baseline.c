/*
 * baseline.c - accepted findings.
 *
 * A baseline file lists findings a team has accepted; a later run marks
 * findings with the same fingerprint as suppressed, so only new ones
 * fail the build.  Fingerprints (model/fingerprint.h) hash the rule, the
 * file, the subject and the directive's text, never line numbers, so a
 * baseline survives unrelated edits.  Format, one finding a line:
 *
 *   # proxyfpm baseline (fingerprint v1)
 *   <fingerprint> <rule-id> <path>: <message>
 *
 * Only the first word of each line is read back; the rest is for people.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/fingerprint.h"
#include "rules/rule.h"

void
pf_fingerprint_all(struct pf_run *run, size_t first)
{
	(void)first;
	pf_fingerprint_run(run);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
pf_baseline_apply(struct pf_run *run, const char *path, size_t first)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, **fp = NULL;
	size_t cap = 0, n = 0, fpcap = 0, i;
	ssize_t len;
	struct stat st;
	int err;

	(void)first;
	err = errno;
	/* fopen takes a directory, whose reads fail: not an empty baseline */
	if (f != NULL && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		f = NULL;
		err = EISDIR;
	}
	if (f == NULL) {
		pf_diag_add(run, PF_SEV_ERROR, "baseline-unreadable", PF_NOLOC,
		    "cannot read baseline %s: %s", path, strerror(err));
		/* a missing or forbidden file is unreadable input (exit 3),
		 * as for the configuration; only a failing read is I/O */
		if (err != ENOENT && err != EACCES && err != EISDIR &&
		    err != ENOTDIR)
			run->io_error = 1;
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p = line;
		size_t l;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		l = strcspn(p, " \t\r\n");
		if (n == fpcap) {
			fpcap = fpcap ? fpcap * 2 : 64;
			fp = pf_xrealloc(fp, fpcap * sizeof(*fp));
		}
		fp[n++] = pf_strndup(run->arena, p, l);
	}
	free(line);
	if (ferror(f)) {
		pf_diag_add(run, PF_SEV_ERROR, "baseline-unreadable", PF_NOLOC,
		    "cannot read baseline %s: %s", path, strerror(errno));
		run->io_error = 1;
	}
	fclose(f);
	if (n > 1)
		qsort(fp, n, sizeof(*fp), cmp_str);
	for (i = 0; i < run->diags.n; i++) {
		struct pf_diag *d = run->diags.v[i];
		const char *key;

		if (d->rule == NULL || d->suppressed != NULL ||
		    d->fingerprint == NULL)
			continue;
		key = d->fingerprint;
		if (n > 0 && bsearch(&key, fp, n, sizeof(*fp), cmp_str) != NULL)
			d->suppressed = pf_printf(run->arena, "accepted in "
			    "baseline %s", path);
	}
	free(fp);
	return 0;
}

int
pf_baseline_write(struct pf_run *run, const char *path, size_t first)
{
	char *tmp = pf_printf(run->arena, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	size_t i;
	int bad;

	(void)first;
	if (f == NULL) {
		pf_diag_add(run, PF_SEV_ERROR, "baseline-unwritable", PF_NOLOC,
		    "cannot write baseline %s: %s", path, strerror(errno));
		run->io_error = 1;
		return -1;
	}
	fprintf(f, "# proxyfpm baseline (fingerprint v%d): findings listed "
	    "here are\n# reported as suppressed; delete a line to see it "
	    "again.\n", PF_FINGERPRINT_VERSION);
	for (i = 0; i < run->diags.n; i++) {
		const struct pf_diag *d = run->diags.v[i];
		const struct pf_source *s = pf_source_get(run, d->loc.file);
		const char *m;

		if (d->rule == NULL || d->fingerprint == NULL ||
		    (d->suppressed != NULL &&
		    strncmp(d->suppressed, "accepted in baseline", 20) != 0))
			continue;
		fprintf(f, "%s %s %s: ", d->fingerprint, d->rule->id,
		    s != NULL ? s->path : "-");
		for (m = d->message; *m != '\0'; m++)
			fputc(*m == '\n' ? ' ' : *m, f);
		fputc('\n', f);
	}
	bad = ferror(f);
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		pf_diag_add(run, PF_SEV_ERROR, "baseline-unwritable", PF_NOLOC,
		    "cannot write baseline %s: %s", path, strerror(errno));
		remove(tmp);
		run->io_error = 1;
		return -1;
	}
	return 0;
}
