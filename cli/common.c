/*
 * common.c - rule selection, suppression options and the project
 * configuration file (.proxyfpm.ini).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "model/suggest.h"

void
pf_rules_cli_init(struct pf_rules_cli *r)
{
	memset(r, 0, sizeof(*r));
}

void
pf_rules_cli_free(struct pf_rules_cli *r)
{
	free(r->opts.enable);
	free(r->opts.disable);
	free(r->opts.severity);
	pf_project_conf_free(r->project);
	memset(r, 0, sizeof(*r));
}

static int
push(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL)
		return -1;
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

const char *
pf_rules_suggest(const char *sel)
{
	struct pf_suggest s;
	size_t i, n = pf_rules_count();

	pf_suggest_init(&s, sel);
	for (i = 0; i < n; i++) {
		pf_suggest_add(&s, pf_rules_get(i)->id);
		pf_suggest_add(&s, pf_rules_get(i)->category);
	}
	return pf_suggest_best(&s);
}

static int
check_selector(const char *opt, const char *sel)
{
	const char *best;

	if (pf_rules_selector_ok(sel))
		return 0;
	if ((best = pf_rules_suggest(sel)) != NULL)
		fprintf(stderr, "proxyfpm: %s: no rule, category or pattern "
		    "'%s'; did you mean '%s'?\n", opt, sel, best);
	else
		fprintf(stderr, "proxyfpm: %s: no rule, category or pattern "
		    "'%s' (see 'proxyfpm rules')\n", opt, sel);
	return -1;
}

int
pf_rules_opt(struct pf_rules_cli *r, int opt, const char *arg)
{
	const char *eq;
	char sel[256];
	int s;

	switch (opt) {
	case PF_OPT_ENABLE:
		if (check_selector("--enable", arg) < 0)
			return -1;
		return push(&r->opts.enable, &r->opts.nenable, arg) ? -1 : 1;
	case PF_OPT_DISABLE:
		if (check_selector("--disable", arg) < 0)
			return -1;
		return push(&r->opts.disable, &r->opts.ndisable, arg) ? -1 : 1;
	case PF_OPT_SEVERITY:
		eq = strchr(arg, '=');
		if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof(sel)) {
			fprintf(stderr, "proxyfpm: --severity takes ID=SEVERITY "
			    "(e.g. expose-php=low)\n");
			return -1;
		}
		memcpy(sel, arg, (size_t)(eq - arg));
		sel[eq - arg] = '\0';
		s = pf_sev_parse(eq + 1);
		if (check_selector("--severity", sel) < 0)
			return -1;
		if (s < 0 || !pf_sev_is_finding((enum pf_severity)s)) {
			fprintf(stderr, "proxyfpm: --severity: '%s' is not one "
			    "of critical, high, medium, low, info\n", eq + 1);
			return -1;
		}
		return push(&r->opts.severity, &r->opts.nseverity, arg) ? -1 : 1;
	case PF_OPT_BASELINE:
		r->opts.baseline = arg;
		return 1;
	case PF_OPT_WRITE_BASELINE:
		r->opts.write_baseline = arg;
		return 1;
	case PF_OPT_NO_INLINE:
		r->opts.no_inline = 1;
		return 1;
	case PF_OPT_CONFIG:
		r->config = arg;
		return 1;
	case PF_OPT_NO_CONFIG:
		r->no_config = 1;
		return 1;
	case PF_OPT_FAIL_ON:
		r->fail_on_given = 1;
		return 0;
	default:
		return 0;
	}
}

int
pf_rules_cli_finish(struct pf_rules_cli *r, struct pf_report_cli *rep,
    const char *command)
{
	struct pf_project_conf *pc;
	const char **sev = NULL;
	size_t i, nsev = 0;

	if (r->no_config)
		return 0;
	pc = r->config != NULL ? pf_project_conf_load(r->config) :
	    pf_project_conf_find(NULL);
	if (pc == NULL)
		return 0;
	r->project = pc;
	if (pc->error != NULL) {
		/* Problems at a line are said as a compiler says them
		 * (PATH:LINE:COL: error: ...); a file that cannot be read by
		 * the command. */
		if (pc->error_line > 0)
			fprintf(stderr, "%s\n", pc->error);
		else
			fprintf(stderr, "proxyfpm %s: %s\n", command, pc->error);
		return -1;
	}
	if (pc->fail_on >= 0 && !r->fail_on_given && rep != NULL)
		rep->opts.fail_on = (enum pf_severity)pc->fail_on;
	if (pc->min_sev >= 0 && rep != NULL && !rep->min_sev_given)
		rep->min_sev = (enum pf_severity)pc->min_sev;
	if (pc->baseline != NULL && r->opts.baseline == NULL)
		r->opts.baseline = pc->baseline;
	for (i = 0; i < pc->ndisable; i++)
		if (push(&r->opts.disable, &r->opts.ndisable, pc->disable[i]))
			return -1;
	if (r->opts.nenable == 0)
		for (i = 0; i < pc->nenable; i++)
			if (push(&r->opts.enable, &r->opts.nenable,
			    pc->enable[i]))
				return -1;
	/* The file's severities first, so the command line's win. */
	for (i = 0; i < pc->nseverity; i++)
		if (push(&sev, &nsev, pc->severity[i]))
			return -1;
	for (i = 0; i < r->opts.nseverity; i++)
		if (push(&sev, &nsev, r->opts.severity[i]))
			return -1;
	free(r->opts.severity);
	r->opts.severity = sev;
	r->opts.nseverity = nsev;
	return 0;
}

void
pf_opt_suggest(const char *command, const struct option *longopts,
    int argc, char **argv)
{
	struct pf_suggest s;
	const struct option *o;
	const char *w, *best;
	char name[64];
	size_t n;

	/* An unknown long option leaves optopt 0 and optind past it (a
	 * missing argument or a short option sets optopt). */
	if (optopt != 0 || optind < 1 || optind > argc)
		return;
	w = argv[optind - 1];
	if (w == NULL || strncmp(w, "--", 2) != 0)
		return;
	w += 2;
	n = strcspn(w, "=");
	if (n == 0 || n >= sizeof(name))
		return;
	memcpy(name, w, n);
	name[n] = '\0';
	pf_suggest_init(&s, name);
	for (o = longopts; o->name != NULL; o++) {
		/* A prefix of several options is ambiguous, not a typo:
		 * getopt_long has listed them. */
		if (strncmp(o->name, name, n) == 0)
			return;
		pf_suggest_add(&s, o->name);
	}
	if ((best = pf_suggest_best(&s)) != NULL)
		fprintf(stderr, "proxyfpm %s: did you mean '--%s'?\n", command,
		    best);
}

/* What a configuration file reads like, with the first line telling it. */
enum cfg_kind { CFG_NONE, CFG_HTTPD, CFG_FPM, CFG_PHPINI, CFG_INI };

struct cfg_sniff {
	uint32_t	 line[CFG_INI + 1];	/* first telling line, 0: none */
	char		 what[CFG_INI + 1][48];	/* its first word */
};

static int
word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
			return 1;
	return 0;
}

static void
sniff_line(struct cfg_sniff *sn, const char *p, size_t n, uint32_t line)
{
	static const char *const httpd_words[] = { "ServerRoot", "LoadModule",
	    "Include", "IncludeOptional", "Listen", "DocumentRoot",
	    "ServerName", "ErrorLog", "DirectoryIndex", "AllowOverride",
	    "ProxyPass", "SetHandler", "PidFile", "DefaultRuntimeDir",
	    "KeepAlive", "LogFormat", "CustomLog", "AccessFileName", NULL };
	static const char *const fpm_words[] = { "pm", "pm.max_children",
	    "pm.start_servers", "listen", "listen.owner", "listen.mode",
	    "process_control_timeout", "emergency_restart_threshold", NULL };
	static const char *const ini_words[] = { "engine", "short_open_tag",
	    "memory_limit", "display_errors", "error_reporting",
	    "max_execution_time", "post_max_size", "upload_max_filesize",
	    "expose_php", "zend_extension", NULL };
	enum cfg_kind k = CFG_NONE;
	size_t i = 0, w;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	p += i;
	n -= i;
	if (n == 0 || *p == '#' || *p == ';')
		return;
	if (n > 1 && *p == '<' && (p[1] == '/' || ((p[1] | 0x20) >= 'a' &&
	    (p[1] | 0x20) <= 'z')))
		k = CFG_HTTPD;
	else if (*p == '[') {
		for (w = 1; w < n && p[w] != ']'; w++)
			;
		if (w == n)
			return;
		if (w == 7 && strncmp(p, "[global", 7) == 0)
			k = CFG_FPM;
		else if (w == 4 && strncmp(p, "[PHP", 4) == 0)
			k = CFG_PHPINI;
		else
			k = CFG_INI;
		w++;
	} else {
		for (w = 0; w < n && p[w] != ' ' && p[w] != '\t' &&
		    p[w] != '='; w++)
			;
		i = w;
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i < n && p[i] == '=') {
			if (word_in(p, w, fpm_words))
				k = CFG_FPM;
			else if (word_in(p, w, ini_words))
				k = CFG_PHPINI;
		} else if (i < n && word_in(p, w, httpd_words))
			k = CFG_HTTPD;
	}
	if (k == CFG_NONE || sn->line[k] != 0)
		return;
	if (k == CFG_HTTPD && *p == '<')
		for (w = 1; w < n && p[w] != ' ' && p[w] != '\t' &&
		    p[w] != '>'; w++)
			;
	sn->line[k] = line;
	snprintf(sn->what[k], sizeof(sn->what[k]), "%.*s%s",
	    (int)(w < 40 ? w : 40), p, *p == '<' ? ">" : "");
}

static const char *const kind_name[] = {
	[CFG_HTTPD] = "an Apache httpd configuration",
	[CFG_FPM] = "a php-fpm configuration",
	[CFG_PHPINI] = "a php.ini",
	[CFG_INI] = "an INI file (php-fpm.conf or php.ini)",
};
static const char *const kind_opt[] = {
	[CFG_HTTPD] = "--httpd",
	[CFG_FPM] = "--fpm",
	[CFG_PHPINI] = "--php-ini",
	[CFG_INI] = "--fpm or --php-ini",
};

void
pf_input_kind_note(struct pf_run *run, const char *opt, const char *path,
    enum pf_src_kind kind, size_t src_before, size_t errors_before)
{
	static const char *const dir_files[][3] = {
		{ "apache2.conf", "httpd.conf", "conf/httpd.conf" },
		{ "php-fpm.conf", "php-fpm.d/www.conf", NULL },
		{ "php.ini", NULL, NULL },
	};
	struct cfg_sniff sn;
	const struct pf_source *src = NULL;
	const char *id, *p, *e, *real;
	enum cfg_kind want, got = CFG_NONE;
	struct stat st;
	uint32_t line = 0;
	size_t i, di;

	/* PHP reads php-fpm.conf as a php.ini without a word: --php-ini
	 * is judged with or without errors. */
	if (path == NULL || (pf_run_errors(run) <= errors_before &&
	    kind != PF_SRC_PHPINI))
		return;
	switch (kind) {
	case PF_SRC_HTTPD:
		want = CFG_HTTPD, id = "httpd-include", di = 0;
		break;
	case PF_SRC_FPM:
		want = CFG_FPM, id = "fpm-open", di = 1;
		break;
	case PF_SRC_PHPINI:
		want = CFG_PHPINI, id = "phpini-open", di = 2;
		break;
	default:
		return;
	}
	for (i = src_before > 0 ? src_before : 1; i < run->sources.n; i++)
		if (run->sources.v[i]->kind == kind) {
			src = run->sources.v[i];
			break;
		}
	if (src == NULL || src->data == NULL) {
		/* Not read: a directory holding the file meant? */
		real = pf_host_path(run, path);
		if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
			return;
		for (i = 0; i < 3 && dir_files[di][i] != NULL; i++) {
			const char *f = pf_printf(run->arena, "%s/%s", real,
			    dir_files[di][i]);

			if (stat(f, &st) == 0 && S_ISREG(st.st_mode)) {
				size_t n = strlen(path);

				while (n > 1 && path[n - 1] == '/')
					n--;
				pf_diag_add(run, PF_SEV_NOTE, id, PF_NOLOC,
				    "%s takes a file, and %.*s is a directory: "
				    "the configuration in it is %.*s/%s", opt,
				    (int)n, path, (int)n, path,
				    dir_files[di][i]);
				return;
			}
		}
		return;
	}
	memset(&sn, 0, sizeof(sn));
	for (p = src->data; *p != '\0' && line < 5000; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		sniff_line(&sn, p, (size_t)(e - p), ++line);
	}
	if (sn.line[want] != 0)
		return;
	switch (want) {
	case CFG_HTTPD:
		got = sn.line[CFG_FPM] ? CFG_FPM : sn.line[CFG_PHPINI] ?
		    CFG_PHPINI : sn.line[CFG_INI] ? CFG_INI : CFG_NONE;
		break;
	case CFG_FPM:
		got = sn.line[CFG_PHPINI] ? CFG_PHPINI : sn.line[CFG_HTTPD] &&
		    !sn.line[CFG_INI] ? CFG_HTTPD : CFG_NONE;
		break;
	case CFG_PHPINI:
		got = sn.line[CFG_FPM] ? CFG_FPM : sn.line[CFG_HTTPD] &&
		    !sn.line[CFG_INI] ? CFG_HTTPD : CFG_NONE;
		break;
	default:
		break;
	}
	if (got == CFG_NONE)
		return;
	/* Without a location, so that it comes first, before the errors
	 * of every line. */
	pf_diag_add(run, PF_SEV_NOTE, id, PF_NOLOC, "%s reads like %s (line "
	    "%u: %s), not what %s takes: give it with %s", src->path,
	    kind_name[got], sn.line[got], sn.what[got], opt, kind_opt[got]);
}

int
pf_root_check(struct pf_run *run)
{
	struct stat st;

	if (run->root == NULL)
		return 0;
	if (stat(run->root, &st) != 0) {
		pf_diag_add(run, PF_SEV_ERROR, "root", PF_NOLOC, "cannot read "
		    "the --root tree %s: %s", run->root, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		pf_diag_add(run, PF_SEV_ERROR, "root", PF_NOLOC, "--root %s is "
		    "not a directory: it takes the top of a tree copied from "
		    "another machine", run->root);
		return -1;
	}
	return 0;
}
