/*
 * report_cli.c - the report options every checking command shares
 * (--format, --fail-on, --no-redact, --color, --show-suppressed,
 * --report-base), writing the reports, and the exit code.
 *
 * Reports are deterministic: the only time they show (JUnit's required
 * timestamp, the HTML page) is SOURCE_DATE_EPOCH when set, so CI and
 * golden tests can pin it; paths are relative to --report-base (default
 * the working directory).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/suggest.h"

void
pf_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "proxyfpm %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
pf_report_cli_init(struct pf_report_cli *r, const char *command)
{
	memset(r, 0, sizeof(*r));
	r->opts.command = command;
	r->opts.redact = 1;
	r->opts.fail_on = PF_SEV_MEDIUM;
	r->min_sev = PF_SEV_INFO;
	r->color = "auto";
}

/*
 * "--format text,json:out.json" is split into copies that must outlive
 * option parsing (the outputs point into them); they are released at
 * exit, so the process ends without leaks whatever path it takes.
 */
static char	**spec_copies;
static size_t	  nspec_copies;

static void
free_spec_copies(void)
{
	size_t i;

	for (i = 0; i < nspec_copies; i++)
		free(spec_copies[i]);
	free(spec_copies);
	spec_copies = NULL;
	nspec_copies = 0;
}

static char *
keep_copy(const char *s)
{
	char *c = strdup(s), **v;

	if (c == NULL)
		return NULL;
	v = realloc(spec_copies, (nspec_copies + 1) * sizeof(*v));
	if (v == NULL) {
		free(c);
		return NULL;
	}
	if (spec_copies == NULL)
		atexit(free_spec_copies);
	spec_copies = v;
	spec_copies[nspec_copies++] = c;
	return c;
}

static int
add_output(struct pf_report_cli *r, const char *spec)
{
	char name[64];
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct pf_report_format *f;
	int i;

	if (n == 0 || n >= sizeof(name)) {
		pf_usage_error(r->opts.command, "bad --format '%s'", spec);
		return -1;
	}
	memcpy(name, spec, n);
	name[n] = '\0';
	if ((f = pf_report_find(name)) == NULL) {
		struct pf_suggest sg;
		const char *best;

		pf_suggest_init(&sg, name);
		for (f = pf_report_formats; f->name != NULL; f++)
			pf_suggest_add(&sg, f->name);
		if ((best = pf_suggest_best(&sg)) != NULL)
			pf_usage_error(r->opts.command, "unknown format '%s'; "
			    "did you mean '%s'?", name, best);
		else
			pf_usage_error(r->opts.command, "unknown format '%s' "
			    "(see 'proxyfpm --formats')", name);
		return -1;
	}
	if (r->nout == PF_MAX_OUTPUTS) {
		pf_usage_error(r->opts.command, "too many --format options");
		return -1;
	}
	if (colon != NULL && colon[1] == '\0') {
		pf_usage_error(r->opts.command, "empty file name in --format "
		    "'%s'", spec);
		return -1;
	}
	for (i = 0; i < r->nout; i++)
		if (r->out[i].file == NULL && (colon == NULL ||
		    strcmp(colon + 1, "-") == 0)) {
			pf_usage_error(r->opts.command, "only one --format "
			    "can go to standard output");
			return -1;
		}
	r->out[r->nout].fmt = f;
	r->out[r->nout].file = colon && strcmp(colon + 1, "-") != 0 ?
	    colon + 1 : NULL;
	r->nout++;
	return 0;
}

int
pf_report_opt(struct pf_report_cli *r, int opt, const char *arg)
{
	int s;
	char *list, *tok, *save = NULL;
	struct stat st;

	switch (opt) {
	case PF_OPT_FORMAT:
		/* "--format text,json:out.json" is two outputs. */
		if ((list = keep_copy(arg)) == NULL)
			return -1;
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save))
			if (add_output(r, tok) < 0)
				return -1;
		return 1;
	case PF_OPT_FAIL_ON:
		s = pf_sev_parse(arg);
		if (s < 0 || !pf_sev_is_finding((enum pf_severity)s)) {
			if (strcmp(arg, "none") == 0 ||
			    strcmp(arg, "never") == 0) {
				r->opts.fail_on = PF_SEV_MAX;
				return 1;
			}
			pf_usage_error(r->opts.command, "--fail-on: '%s' "
			    "is not one of critical, high, medium, low, info, "
			    "none", arg);
			return -1;
		}
		r->opts.fail_on = (enum pf_severity)s;
		return 1;
	case PF_OPT_MIN_SEVERITY:
		s = pf_sev_parse(arg);
		if (s < 0 || !pf_sev_is_finding((enum pf_severity)s)) {
			pf_usage_error(r->opts.command, "--min-severity: '%s' "
			    "is not one of critical, high, medium, low, info",
			    arg);
			return -1;
		}
		r->min_sev = (enum pf_severity)s;
		r->min_sev_given = 1;
		return 1;
	case PF_OPT_NO_REDACT:
		r->opts.redact = 0;
		return 1;
	case PF_OPT_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") &&
		    strcmp(arg, "never")) {
			pf_usage_error(r->opts.command,
			    "--color takes auto, always or never");
			return -1;
		}
		r->color = arg;
		return 1;
	case PF_OPT_SHOW_SUPPRESSED:
		r->opts.show_suppressed = 1;
		return 1;
	case PF_OPT_REPORT_BASE:
		if (stat(arg, &st) != 0) {
			pf_usage_error(r->opts.command, "--report-base %s: %s",
			    arg, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			pf_usage_error(r->opts.command, "--report-base %s: not "
			    "a directory", arg);
			return -1;
		}
		r->opts.base_dir = arg;	/* made absolute when writing */
		return 1;
	default:
		return 0;
	}
}

/*
 * Whether path can be written the way it will be at the end of the run:
 * opened with fopen(path, "w") (a report), or made as path.tmp beside it
 * and renamed over it (rename_over: --write-baseline).  Asked with stat()
 * and access() only: nothing is created or truncated, so a run that then
 * stops (a usage or input error, Ctrl-C) leaves the previous report as it
 * was.  Returns 0, or an errno with *where set to what it concerns (the
 * path, or its directory in buf).
 */
static int
writable(const char *path, int rename_over, const char **where, char *buf,
    size_t bufsz)
{
	const char *slash;
	struct stat st;
	size_t n;
	int e;

	*where = path;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return EISDIR;
		if (!rename_over)
			return access(path, W_OK) == 0 ? 0 : errno;
	} else if (errno != ENOENT)
		return errno;
	/* The file is made in its directory. */
	slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(buf, bufsz, ".");
	else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= bufsz)
			return ENAMETOOLONG;
		memcpy(buf, path, n);
		buf[n] = '\0';
	}
	if (stat(buf, &st) != 0)
		e = errno;
	else if (!S_ISDIR(st.st_mode))
		e = ENOTDIR;
	else if (access(buf, W_OK | X_OK) != 0)
		e = errno;
	else
		return 0;
	*where = buf;
	return e;
}

int
pf_report_check(const struct pf_report_cli *r, const char *baseline_out)
{
	char buf[PATH_MAX];
	const char *where;
	int i, e, rc = 0;

	for (i = 0; i < r->nout; i++) {
		if (r->out[i].file == NULL)
			continue;
		if ((e = writable(r->out[i].file, 0, &where, buf,
		    sizeof(buf))) == 0)
			continue;
		if (where == r->out[i].file)
			pf_usage_error(r->opts.command, "cannot write %s (the %s "
			    "report): %s", r->out[i].file, r->out[i].fmt->name,
			    strerror(e));
		else
			pf_usage_error(r->opts.command, "cannot write %s (the %s "
			    "report): %s: %s", r->out[i].file,
			    r->out[i].fmt->name, where, strerror(e));
		rc = -1;
	}
	if (baseline_out != NULL && (e = writable(baseline_out, 1, &where, buf,
	    sizeof(buf))) != 0) {
		if (where == baseline_out)
			pf_usage_error(r->opts.command, "cannot write baseline "
			    "%s: %s", baseline_out, strerror(e));
		else
			pf_usage_error(r->opts.command, "cannot write baseline "
			    "%s: %s: %s", baseline_out, where, strerror(e));
		rc = -1;
	}
	return rc;
}

static int
want_color(const char *mode, FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	const char *term = getenv("TERM");

	/* An explicit --color=always wins over NO_COLOR, as no-color.org
	 * asks; auto means a terminal that is not "dumb", without
	 * NO_COLOR. */
	if (strcmp(mode, "never") == 0)
		return 0;
	if (strcmp(mode, "always") == 0)
		return 1;
	if (nc != NULL && nc[0] != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fileno(f));
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org) pins the time reports
 * show; otherwise it is now. */
static void
report_time(struct pf_report_opts *o)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (e != NULL && *e != '\0') {
		errno = 0;
		t = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && t >= 0) {
			o->time = t;
			o->time_set = 1;
			return;
		}
	}
	o->time = (long long)time(NULL);
	o->time_set = 1;
}

int
pf_report_write(struct pf_run *run, struct pf_report_cli *r)
{
	struct pf_report_opts base = r->opts, o;
	char *cwd = getcwd(NULL, 0), *bdir = NULL;
	int i, rc = 0;
	FILE *f;

	pf_run_hide_below(run);
	if (r->nout == 0) {
		r->out[0].fmt = pf_report_find("text");
		r->out[0].file = NULL;
		r->nout = 1;
	}
	if (base.base_dir != NULL)
		bdir = realpath(base.base_dir, NULL);
	base.cwd = cwd;
	base.base_dir = bdir ? bdir : base.base_dir ? base.base_dir : cwd;
	if (base.tool_version == NULL)
		base.tool_version = PF_VERSION;
	/* The versions the rules judged by (given, or detected). */
	if (base.apache_version == NULL)
		base.apache_version = run->apache_version;
	if (base.php_version == NULL)
		base.php_version = run->php_version;
	if (!base.time_set)
		report_time(&base);
	for (i = 0; i < r->nout; i++) {
		o = base;
		if (r->out[i].file == NULL) {
			o.color = want_color(r->color, stdout);
			if (r->out[i].fmt->render(run, stdout, &o) < 0 ||
			    fflush(stdout) != 0)
				rc = -1;
			continue;
		}
		f = fopen(r->out[i].file, "w");
		if (f == NULL) {
			pf_usage_error(r->opts.command, "cannot write %s "
			    "(the %s report): %s", r->out[i].file,
			    r->out[i].fmt->name, strerror(errno));
			rc = -1;
			continue;
		}
		o.color = 0;
		if (r->out[i].fmt->render(run, f, &o) < 0)
			rc = -1;
		if (fclose(f) != 0) {
			pf_usage_error(r->opts.command, "cannot write %s "
			    "(the %s report): %s", r->out[i].file,
			    r->out[i].fmt->name, strerror(errno));
			rc = -1;
		}
	}
	free(cwd);
	free(bdir);
	if (rc < 0)
		run->io_error = 1;
	return rc;
}

int
pf_exit_code(struct pf_run *run, enum pf_severity fail_on)
{
	int r;

	pf_run_hide_below(run);
	if (run->io_error)
		return PF_EXIT_IO;
	r = pf_report_failing(run, fail_on);
	return r == 3 ? PF_EXIT_INPUT : r == 1 ? PF_EXIT_FINDINGS : PF_EXIT_OK;
}
