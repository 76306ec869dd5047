/*
 * config.c - the project configuration file, .proxyfpm.ini, looked up
 * from a directory towards / like .shellcheckrc (see rules.h).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "model/buf.h"
#include "model/suggest.h"
#include "rules/rules.h"

/* After this many the rest of the file's problems are not listed. */
#define MAX_ERRORS	20

/*
 * The file as libinih reads it.  libinih (Debian's, version 55) gives
 * its handler no line numbers (INI_HANDLER_LINENO is 0) and splits a line
 * of INI_MAX_LINE bytes or more silently, parsing the rest as a line of
 * its own; so it reads through conf_gets(), which hands it one physical
 * line at a time and keeps that line's number and buffer: the handler
 * turns libinih's pointers back into columns.  Section headers are
 * checked here (libinih tells the handler nothing about them), and a
 * line libinih would mangle (too long, a NUL byte) never reaches it.
 */
struct conf_rd {
	struct pf_project_conf *c;
	const char	*data;
	size_t		 len, pos;
	uint32_t	 lineno;	/* of the line in buf */
	const char	*line;		/* the raw line, in data */
	size_t		 linelen;
	const char	*buf;		/* libinih's copy of it */
	size_t		 bufsz;
	int		 bad_section;	/* in a section that is not known */
	int		 have_prev;	/* libinih's prev_name: an indented line
					 * continues the last NAME = VALUE */
	struct conf_err {
		uint32_t	 line;
		char		*text;	/* "PATH:LINE:COL: error: ..." */
	}		*errs;
	size_t		 nerrs;
};

static void
conf_error(struct conf_rd *rd, uint32_t line, uint32_t col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* Adds "PATH:LINE:COL: error: message" (no COL when 0). */
static void
conf_error(struct conf_rd *rd, uint32_t line, uint32_t col, const char *fmt,
    ...)
{
	struct pf_buf b = PF_BUF_INIT;
	va_list ap;

	if (col > 0)
		pf_buf_printf(&b, "%s:%u:%u: error: ", rd->c->path, line, col);
	else
		pf_buf_printf(&b, "%s:%u: error: ", rd->c->path, line);
	va_start(ap, fmt);
	pf_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rd->errs = pf_xrealloc(rd->errs, (rd->nerrs + 1) * sizeof(*rd->errs));
	rd->errs[rd->nerrs].line = line;
	rd->errs[rd->nerrs].text = pf_buf_detach(&b);
	rd->nerrs++;
}

/* Errors in line order; on one line, in the order they were found. */
static void
sort_errors(struct conf_rd *rd)
{
	struct conf_err t;
	size_t i, j;

	for (i = 1; i < rd->nerrs; i++) {
		t = rd->errs[i];
		for (j = i; j > 0 && rd->errs[j - 1].line > t.line; j--)
			rd->errs[j] = rd->errs[j - 1];
		rd->errs[j] = t;
	}
}

/* The column of p, a pointer libinih gave the handler (into its copy of
 * the line), or 0 when it points elsewhere (a continuation's name). */
static uint32_t
col_of(const struct conf_rd *rd, const char *p)
{
	if (rd->buf == NULL || p < rd->buf || p >= rd->buf + rd->bufsz)
		return 0;
	return (uint32_t)(p - rd->buf) + 1;
}

/* The rule, category or pattern closest to sel, as "; did you mean
 * 'X'?", or "" */
static const char *
rule_hint(const char *sel, char *buf, size_t bufsz)
{
	struct pf_suggest sg;
	size_t i, n = pf_rules_count();

	pf_suggest_init(&sg, sel);
	for (i = 0; i < n; i++) {
		pf_suggest_add(&sg, pf_rules_get(i)->id);
		pf_suggest_add(&sg, pf_rules_get(i)->category);
	}
	if (pf_suggest_best(&sg) == NULL)
		return " (see 'proxyfpm rules')";
	snprintf(buf, bufsz, "; did you mean '%s'?", pf_suggest_best(&sg));
	return buf;
}

static void
push(const char ***v, size_t *n, const char *s)
{
	*v = pf_xrealloc(*v, (*n + 1) * sizeof(**v));
	if (((*v)[(*n)++] = strdup(s)) == NULL)
		pf_oom();
}

static void
push_list(struct conf_rd *rd, const char ***v, size_t *n, const char *val)
{
	char *dup = strdup(val), *tok, *save = NULL, hint[160];

	if (dup == NULL)
		pf_oom();
	for (tok = strtok_r(dup, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (!pf_rules_selector_ok(tok)) {
			uint32_t col = col_of(rd, val);

			conf_error(rd, rd->lineno, col ? col +
			    (uint32_t)(tok - dup) : 0, "unknown rule '%s'%s",
			    tok, rule_hint(tok, hint, sizeof(hint)));
		}
		push(v, n, tok);
	}
	free(dup);
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct conf_rd *rd = user;
	struct pf_project_conf *c = rd->c;
	char hint[160];

	rd->have_prev = 1;
	if (rd->bad_section)
		return 1;	/* said once, at its header */
	if (strcasecmp(section, "severity") == 0) {
		char buf[512];
		int s = pf_sev_parse(value);

		if (!pf_rules_selector_ok(name))
			conf_error(rd, rd->lineno, col_of(rd, name),
			    "unknown rule '%s'%s", name,
			    rule_hint(name, hint, sizeof(hint)));
		else if (s < 0 || !pf_sev_is_finding((enum pf_severity)s))
			conf_error(rd, rd->lineno, col_of(rd, value),
			    "bad severity '%s' for %s (critical, high, medium, "
			    "low, info)", value, name);
		snprintf(buf, sizeof(buf), "%s=%s", name, value);
		push(&c->severity, &c->nseverity, buf);
		return 1;
	}
	if (strcasecmp(name, "fail-on") == 0 || strcasecmp(name, "fail_on")
	    == 0) {
		int s = pf_sev_parse(value);

		/* The values of --fail-on. */
		if (strcasecmp(value, "none") == 0 ||
		    strcasecmp(value, "never") == 0)
			c->fail_on = PF_SEV_MAX;
		else if (s < 0 || !pf_sev_is_finding((enum pf_severity)s))
			conf_error(rd, rd->lineno, col_of(rd, value),
			    "bad fail-on '%s' (critical, high, medium, low, "
			    "info, none or never)", value);
		else
			c->fail_on = s;
	} else if (strcasecmp(name, "min-severity") == 0 ||
	    strcasecmp(name, "min_severity") == 0) {
		int s = pf_sev_parse(value);

		if (s < 0 || !pf_sev_is_finding((enum pf_severity)s))
			conf_error(rd, rd->lineno, col_of(rd, value),
			    "bad min-severity '%s' (critical, high, medium, "
			    "low, info)", value);
		else
			c->min_sev = s;
	} else if (strcasecmp(name, "disable") == 0)
		push_list(rd, &c->disable, &c->ndisable, value);
	else if (strcasecmp(name, "enable") == 0)
		push_list(rd, &c->enable, &c->nenable, value);
	else if (strcasecmp(name, "baseline") == 0) {
		char *dir, *slash;

		free((char *)c->baseline);
		if (value[0] == '/') {
			if ((c->baseline = strdup(value)) == NULL)
				pf_oom();
			return 1;
		}
		/* Relative to the directory of the config file. */
		dir = strdup(c->path);
		slash = dir ? strrchr(dir, '/') : NULL;
		if (slash != NULL)
			*slash = '\0';
		c->baseline = malloc(strlen(dir ? dir : ".") + strlen(value) +
		    2);
		if (c->baseline == NULL)
			pf_oom();
		sprintf((char *)c->baseline, "%s/%s", slash ? dir : ".", value);
		free(dir);
	} else {
		static const char *const known[] = { "fail-on", "disable",
		    "enable", "baseline", "min-severity" };
		struct pf_suggest sg;
		size_t i;

		pf_suggest_init(&sg, name);
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			pf_suggest_add(&sg, known[i]);
		if (pf_suggest_best(&sg) != NULL)
			conf_error(rd, rd->lineno, col_of(rd, name),
			    "unknown setting '%s'; did you mean '%s'?", name,
			    pf_suggest_best(&sg));
		else
			conf_error(rd, rd->lineno, col_of(rd, name),
			    "unknown setting '%s' (fail-on, min-severity, "
			    "enable, disable, baseline)", name);
	}
	return 1;
}

/* A section header, as libinih reads it: the name is what stands
 * between '[' and the first ']' (spaces included). */
static void
conf_section(struct conf_rd *rd, size_t off)
{
	const char *s = rd->line + off + 1;
	size_t n = rd->linelen - off - 1, k;

	for (k = 0; k < n && s[k] != ']'; k++)
		;
	rd->bad_section = 0;
	if (k == n) {
		conf_error(rd, rd->lineno, (uint32_t)off + 1, "section header "
		    "without ']'");
		rd->bad_section = 1;
	} else if (!(k == 8 && strncasecmp(s, "proxyfpm", 8) == 0) &&
	    !(k == 8 && strncasecmp(s, "severity", 8) == 0)) {
		conf_error(rd, rd->lineno, (uint32_t)off + 1, "unknown section "
		    "[%.*s] ([proxyfpm] or [severity])", (int)k, s);
		rd->bad_section = 1;
	}
}

/* libinih's find_chars_or_comment(s, "=:"): is there a '=' or ':' before
 * an inline comment (a ';' after a blank)? */
static int
has_separator(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' || s[i] == ':')
			return 1;
		if (s[i] == ';' && i > 0 && (s[i - 1] == ' ' ||
		    s[i - 1] == '\t'))
			return 0;
	}
	return 0;
}

/* The ini_reader: fgets() over the file in memory, one physical line at
 * a time. */
static char *
conf_gets(char *str, int num, void *stream)
{
	struct conf_rd *rd = stream;
	const char *start, *nl, *end;
	size_t len, off;

	rd->buf = NULL;
	if (rd->pos >= rd->len || num < 4 || rd->lineno == UINT32_MAX)
		return NULL;
	start = rd->data + rd->pos;
	nl = memchr(start, '\n', rd->len - rd->pos);
	end = nl != NULL ? nl : rd->data + rd->len;
	rd->pos = (size_t)(end - rd->data) + (nl != NULL);
	rd->lineno++;
	len = (size_t)(end - start);
	if (len > 0 && start[len - 1] == '\r')
		len--;
	rd->line = start;
	rd->linelen = len;
	if (memchr(start, '\0', len) != NULL) {
		conf_error(rd, rd->lineno, (uint32_t)((const char *)memchr(
		    start, '\0', len) - start) + 1, "NUL byte: %s is not a "
		    "text file", rd->c->path);
		rd->pos = rd->len;
		return NULL;
	}
	if (len + 2 > (size_t)num) {
		/* libinih would cut it and read the rest as another line. */
		conf_error(rd, rd->lineno, 0, "line of %zu bytes, longer than "
		    "the %d that libinih reads; continue a list on indented "
		    "lines", len, num - 2);
		memcpy(str, "\n", 2);
		return str;
	}
	/* As libinih classifies the line: after a byte order mark and
	 * blanks, an indented line after NAME = VALUE continues it, else
	 * '[' starts a section header. */
	off = rd->lineno == 1 && len >= 3 && memcmp(start, "\xef\xbb\xbf", 3)
	    == 0 ? 3 : 0;
	while (off < len && (start[off] == ' ' || start[off] == '\t'))
		off++;
	if (off < len && start[off] != ';' && start[off] != '#' &&
	    !(rd->have_prev && off > 0)) {
		if (start[off] == '[') {
			rd->have_prev = 0;
			conf_section(rd, off);
		} else if (!has_separator(start + off, len - off))
			conf_error(rd, rd->lineno, (uint32_t)off + 1, "expected "
			    "'NAME = VALUE' or a [section], not '%.*s'",
			    (int)(len - off > 60 ? 60 : len - off), start + off);
	}
	memcpy(str, start, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	rd->buf = str;
	rd->bufsz = len + 1;
	return str;
}

/* What libinih refused on line n: it says only "error" and its line. */
static void
syntax_error(struct conf_rd *rd, uint32_t n)
{
	const char *p = rd->data, *e = rd->data + rd->len, *nl;
	uint32_t i;
	size_t off = 0, len;

	for (i = 1; i < n && p < e; i++) {
		nl = memchr(p, '\n', (size_t)(e - p));
		p = nl != NULL ? nl + 1 : e;
	}
	nl = memchr(p, '\n', (size_t)(e - p));
	len = (size_t)((nl != NULL ? nl : e) - p);
	while (off < len && (p[off] == ' ' || p[off] == '\t'))
		off++;
	conf_error(rd, n, (uint32_t)off + 1, "expected 'NAME = VALUE' or a "
	    "[section], not '%.*s'", (int)(len - off > 60 ? 60 : len - off),
	    p + off);
}

struct pf_project_conf *
pf_project_conf_load(const char *path)
{
	struct pf_project_conf *c = calloc(1, sizeof(*c));
	struct conf_rd rd;
	struct pf_buf out = PF_BUF_INIT;
	char *data = NULL, *nd;
	size_t len = 0, cap = 0, got, i;
	FILE *f;
	int rc, e = 0;

	if (c == NULL || (c->path = strdup(path)) == NULL)
		pf_oom();
	c->fail_on = -1;
	c->min_sev = -1;
	if ((f = fopen(path, "r")) == NULL)
		e = errno;
	else {
		for (;;) {
			if (len == cap) {
				cap = cap ? cap * 2 : 4096;
				if ((nd = realloc(data, cap)) == NULL)
					pf_oom();
				data = nd;
			}
			got = fread(data + len, 1, cap - len, f);
			len += got;
			if (got == 0)
				break;
		}
		if (ferror(f))
			e = errno ? errno : EIO;
		fclose(f);
	}
	if (e != 0) {
		char buf[PATH_MAX + 128];

		snprintf(buf, sizeof(buf), "cannot read %s: %s", path,
		    strerror(e));
		if ((c->error = strdup(buf)) == NULL)
			pf_oom();
		free(data);
		return c;
	}
	memset(&rd, 0, sizeof(rd));
	rd.c = c;
	rd.data = data != NULL ? data : "";
	rd.len = len;
	rc = ini_parse_stream(conf_gets, &rd, handler, &rd);
	/* libinih's count is of conf_gets() calls: one a physical line.
	 * It names only the first line it refused, and that line may have
	 * been said here already (a header without ']'). */
	for (i = 0; rc > 0 && i < rd.nerrs; i++)
		if (rd.errs[i].line == (uint32_t)rc)
			rc = 0;
	if (rc > 0)
		syntax_error(&rd, (uint32_t)rc);
	free(data);
	sort_errors(&rd);
	for (i = 0; i < rd.nerrs; i++) {
		if (i == MAX_ERRORS)
			pf_buf_printf(&out, "\n%s:%u: note: %zu more errors "
			    "are not listed", path, rd.errs[i].line,
			    rd.nerrs - i);
		else if (i < MAX_ERRORS)
			pf_buf_printf(&out, "%s%s", i ? "\n" : "",
			    rd.errs[i].text);
		free(rd.errs[i].text);
	}
	if (rd.nerrs > 0) {
		c->error_line = rd.errs[0].line;
		c->error = pf_buf_detach(&out);
	}
	free(rd.errs);
	return c;
}

struct pf_project_conf *
pf_project_conf_find(const char *dir)
{
	char buf[PATH_MAX];
	char *p;
	size_t l;

	if (dir == NULL) {
		if (getcwd(buf, sizeof(buf) - 20) == NULL)
			return NULL;
	} else if (snprintf(buf, sizeof(buf) - 20, "%s", dir) >=
	    (int)sizeof(buf) - 20)
		return NULL;
	for (;;) {
		l = strlen(buf);
		snprintf(buf + l, sizeof(buf) - l, "%s.proxyfpm.ini",
		    l > 0 && buf[l - 1] == '/' ? "" : "/");
		if (access(buf, F_OK) == 0)
			return pf_project_conf_load(buf);
		buf[l] = '\0';
		p = strrchr(buf, '/');
		if (p == NULL || (p == buf && buf[1] == '\0'))
			return NULL;
		if (p == buf)
			p[1] = '\0';
		else
			*p = '\0';
	}
}

void
pf_project_conf_free(struct pf_project_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nenable; i++)
		free((char *)c->enable[i]);
	for (i = 0; i < c->ndisable; i++)
		free((char *)c->disable[i]);
	for (i = 0; i < c->nseverity; i++)
		free((char *)c->severity[i]);
	free(c->enable);
	free(c->disable);
	free(c->severity);
	free((char *)c->baseline);
	free((char *)c->path);
	free(c->error);
	free(c);
}
