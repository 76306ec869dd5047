/*
 * t.c - the unit test harness (see t.h).
 */
#include "t.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

int t_failures, t_checks;
const char *t_current = "";

void
t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	t_failures++;
	fprintf(stderr, "%s:%d: %s: ", file, line, t_current);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
t_done(void)
{
	printf("%d checks, %d failures\n", t_checks, t_failures);
	return t_failures ? 1 : 0;
}

static char tmpdir[256];

static void
cleanup(void)
{
	char cmd[300];

	if (tmpdir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

const char *
t_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof(tmpdir), "%s/pf-unit-XXXXXX",
		    base ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(cleanup);
	}
	return tmpdir;
}

const char *
t_tmpfile(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t_tmpdir(), name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	return path;
}
