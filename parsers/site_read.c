/*
 * site_read.c - reading site description files with the Debian libinih.
 *
 * libinih (version 55, options fixed at build time) gives its handler no
 * line numbers, splits lines of 200 bytes or more silently, strips
 * comments and tells the handler nothing about section headers
 * (DESIGN.md section 4).  So libinih reads through rd_gets(), which hands
 * it one physical line at a time and keeps that line's number, text and
 * class: the handler turns libinih's pointers back into columns, headers
 * are parsed here from the raw line, and lines libinih would mangle
 * (too long, NUL bytes, control characters) never reach it.
 */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <ini.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/site.h"
#include "parsers/site_int.h"

enum {
	LINE_NONE = 0,
	LINE_BLANK,
	LINE_COMMENT,
	LINE_SECTION,
	LINE_CONT,		/* indented: continues the previous key */
	LINE_KV,		/* should be key = value */
	LINE_SKIP,		/* rejected here, replaced by a comment */
};

/* After this many errors in one file the rest of it is skipped: a binary
 * or foreign file would otherwise bury the report. */
#define MAX_FILE_ERRORS	25

static void
rd_error(struct rd *rd, struct pf_loc loc, const char *id, const char *fmt,
    const char *arg)
{
	pf_diag_add(rd->run, PF_SEV_ERROR, id, loc, fmt, arg);
}

static struct pf_loc
line_loc(struct rd *rd, size_t off, size_t len)
{
	return pf_loc_make(rd->file, rd->lineno, (uint32_t)off + 1,
	    (uint32_t)len);
}

/* Column (1-based) of a pointer libinih passed, which points into the
 * line buffer rd_gets() filled. */
static uint32_t
col_of(const struct rd *rd, const char *p)
{
	uintptr_t b = (uintptr_t)rd->buf, q = (uintptr_t)p;

	if (rd->buf != NULL && q >= b && q <= b + rd->linelen)
		return (uint32_t)(q - b) + 1;
	return 1;
}

/* Called before the next line: reports a line libinih did not accept. */
static void
finish_line(struct rd *rd)
{
	size_t off = 0;

	if (rd->lineno == 0 || rd->handled || rd->kind != LINE_KV)
		return;
	while (off < rd->linelen && isspace((unsigned char)rd->line[off]))
		off++;
	pf_diag_add(rd->run, PF_SEV_ERROR, "site-syntax",
	    line_loc(rd, off, rd->linelen - off),
	    "expected 'key = value', a [section] header or a comment");
}

/* The byte of libinih's find_chars_or_comment(): the first of chars, or
 * a ';' that follows whitespace (an inline comment). */
static size_t
find_chars_or_comment(const char *s, size_t n, const char *chars)
{
	size_t i;
	int ws = 0;

	for (i = 0; i < n; i++) {
		if (chars != NULL && strchr(chars, s[i]) != NULL)
			return i;
		if (ws && s[i] == ';')
			return i;
		ws = isspace((unsigned char)s[i]);
	}
	return n;
}

static void
classify(struct rd *rd)
{
	const char *s = rd->line;
	size_t n = rd->linelen, off = 0, bom = 0, end, close;

	if (rd->lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		off = bom = 3;	/* libinih skips a UTF-8 BOM */
	while (off < n && isspace((unsigned char)s[off]))
		off++;
	if (off == n) {
		rd->kind = LINE_BLANK;
		return;
	}
	if (s[off] == ';' || s[off] == '#') {
		rd->kind = LINE_COMMENT;
		return;
	}
	/* libinih continues the previous name on an indented line, but
	 * only once a key has been seen since the last good header. */
	if (off > bom && rd->last_key != NULL) {
		rd->kind = LINE_CONT;
		return;
	}
	if (s[off] != '[') {
		rd->kind = LINE_KV;
		return;
	}
	rd->kind = LINE_SECTION;
	rd->nsections++;
	close = off + 1 + find_chars_or_comment(s + off + 1, n - off - 1, "]");
	if (close >= n || s[close] != ']') {
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-syntax",
		    line_loc(rd, off, n - off),
		    "section header without a closing ']'");
		/* libinih keeps the previous section; keys that follow are
		 * skipped here rather than given to the wrong section. */
		rd->sect = SECT_UNKNOWN;
		rd->obj = NULL;
		return;
	}
	end = close + 1;
	while (end < n && isspace((unsigned char)s[end]))
		end++;
	if (end < n && s[end] != ';')
		pf_diag_add(rd->run, PF_SEV_WARNING, "site-syntax",
		    line_loc(rd, end, n - end),
		    "text after the section header is ignored");
	rd->last_key = NULL;
	site_section(rd, s + off + 1, close - off - 1,
	    line_loc(rd, off, close - off + 1));
}

/* The ini_reader: fgets() over the file in memory, one physical line at
 * a time. */
static char *
rd_gets(char *str, int num, void *stream)
{
	struct rd *rd = stream;
	const char *start, *nl, *end;
	size_t len, i;
	int errs;

	finish_line(rd);
	for (;;) {
		rd->kind = LINE_NONE;
		rd->handled = 0;
		errs = (int)pf_run_errors(rd->run) - rd->nerrors;
		if (errs > MAX_FILE_ERRORS && !rd->stop) {
			pf_diag_add(rd->run, PF_SEV_NOTE, "site-syntax",
			    pf_loc_make(rd->file, rd->lineno, 0, 0),
			    "too many errors; the rest of %s is not read",
			    rd->path);
			rd->stop = 1;
		}
		if (rd->stop || rd->pos >= rd->len || num < 4)
			return NULL;
		start = rd->data + rd->pos;
		nl = memchr(start, '\n', rd->len - rd->pos);
		end = nl != NULL ? nl : rd->data + rd->len;
		rd->pos = (size_t)(end - rd->data) + (nl != NULL);
		if (rd->lineno == UINT32_MAX)
			return NULL;
		rd->lineno++;
		len = (size_t)(end - start);
		if (len > 0 && start[len - 1] == '\r')
			len--;
		rd->line = start;
		rd->linelen = len;
		rd->buf = NULL;
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)start[i];

			if (c >= 0x20 && c != 0x7f)
				continue;
			if (c == '\t')
				continue;
			if (c == '\0') {
				rd_error(rd, line_loc(rd, i, 1), "site-binary",
				    "NUL byte: %s is not a text file (a site "
				    "description is INI text)", rd->path);
				rd->stop = 1;
				return NULL;
			}
			pf_diag_add(rd->run, PF_SEV_ERROR, "site-syntax",
			    line_loc(rd, i, 1), "control character 0x%02x "
			    "in line", c);
			break;
		}
		if (i < len) {
			rd->kind = LINE_SKIP;
			continue;
		}
		/* libinih's buffer holds num - 1 bytes; with the newline a
		 * longer line would be split and its tail read as a line of
		 * its own (DESIGN.md section 4). */
		if (len + 2 > (size_t)num) {
			pf_diag_add(rd->run, PF_SEV_ERROR, "site-line-too-long",
			    line_loc(rd, 0, len > 400 ? 400 : len),
			    "line is too long (%zu bytes; at most %d): "
			    "continue a long list on indented lines", len,
			    num - 2);
			rd->kind = LINE_SKIP;
			continue;
		}
		memcpy(str, start, len);
		str[len] = '\n';
		str[len + 1] = '\0';
		rd->buf = str;
		classify(rd);
		return str;
	}
}

static int
rd_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct rd *rd = user;
	struct pf_loc nloc, vloc;
	size_t sep;

	(void)section;		/* tracked from the raw lines instead */
	rd->handled = 1;
	if (rd->stop || rd->buf == NULL)
		return 1;
	vloc = line_loc(rd, col_of(rd, value) - 1, strlen(value));
	if (rd->kind == LINE_CONT) {
		/* libinih 55 strips a ' ;' comment from a key's first line
		 * but not from a continuation line; the format takes it as a
		 * comment on every line ("upload_dirs = a ; first" then
		 * "    b ; second"). */
		size_t n = find_chars_or_comment(value, strlen(value), NULL);

		while (n > 0 && isspace((unsigned char)value[n - 1]))
			n--;
		vloc.len = (uint32_t)n;
		site_continue(rd, pf_strndup(rd->run->arena, value, n), vloc);
		return 1;
	}
	rd->nkeys++;
	nloc = line_loc(rd, col_of(rd, name) - 1, strlen(name));
	/* libinih also splits at ':'; the format uses '=' only. */
	sep = nloc.col - 1 + strlen(name);
	while (sep < rd->linelen && isspace((unsigned char)rd->line[sep]))
		sep++;
	/* libinih remembers the name for continuation lines either way;
	 * last_ok says whether they extend an accepted value. */
	rd->last_key = pf_strdup(rd->run->arena, name);
	rd->last_loc = nloc;
	rd->last_ok = 0;
	if (sep < rd->linelen && rd->line[sep] == ':') {
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-syntax",
		    line_loc(rd, sep, 1), "expected '=' after '%s'", name);
		return 1;
	}
	switch (rd->sect) {
	case SECT_NONE:
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-syntax", nloc,
		    "'%s' is outside any section (start with [host], "
		    "[site NAME], [pool NAME] or [php NAME])", name);
		return 1;
	case SECT_UNKNOWN:
		return 1;
	default:
		site_key(rd, name, nloc, value, vloc);
		return 1;
	}
}

static int
seen_file(struct site_ctx *ctx, const char *real)
{
	size_t i;

	for (i = 0; i < ctx->files.n; i++)
		if (strcmp(ctx->files.v[i], real) == 0)
			return 1;
	PF_PUSH(ctx->run->arena, ctx->files,
	    pf_strdup(ctx->run->arena, real));
	return 0;
}

/* Reads the files a host file's "sites = GLOB ..." names, relative to
 * the host file's folder. */
static void
read_members(struct site_ctx *ctx, const char *hostfile)
{
	struct pf_host *h = &ctx->model->host;
	const char *slash = strrchr(hostfile, '/');
	const char *dir = slash ? pf_strndup(ctx->run->arena, hostfile,
	    (size_t)(slash - hostfile)) : ".";
	size_t i, j;
	glob_t g;
	int r;

	if (slash == hostfile)
		dir = "";
	for (i = 0; i < h->sites.n; i++) {
		const struct pf_sval *pat = &h->sites.v[i];
		const char *full = pat->s[0] == '/' ? pat->s :
		    pf_printf(ctx->run->arena, "%s/%s", dir, pat->s);

		memset(&g, 0, sizeof(g));
		r = glob(full, GLOB_MARK, NULL, &g);
		if (r == GLOB_NOMATCH || (r == 0 && g.gl_pathc == 0)) {
			pf_diag_add(ctx->run, PF_SEV_WARNING, "site-glob",
			    pat->loc, "sites: '%s' matches no file", full);
		} else if (r != 0) {
			pf_diag_add(ctx->run, PF_SEV_ERROR, "site-glob",
			    pat->loc, "sites: cannot expand '%s'", full);
		} else {
			for (j = 0; j < g.gl_pathc; j++) {
				size_t n = strlen(g.gl_pathv[j]);

				if (n > 0 && g.gl_pathv[j][n - 1] == '/')
					continue;	/* a folder */
				site_read_file(ctx, g.gl_pathv[j], RD_MEMBER,
				    pat->loc);
			}
		}
		globfree(&g);
	}
}

int
site_read_file(struct site_ctx *ctx, const char *path, enum rd_mode mode,
    struct pf_loc from)
{
	struct pf_run *run = ctx->run;
	struct rd rd;
	char *data, *real;
	const char *nul;
	size_t len, host_sites;
	int err;

	real = realpath(path, NULL);
	if (real != NULL) {
		int dup = seen_file(ctx, real);

		free(real);
		if (dup) {
			pf_diag_add(run, PF_SEV_NOTE, "site-duplicate-file",
			    from, "%s is already read; reading it once", path);
			return 0;
		}
	}
	err = pf_read_file(run, path, &data, &len);
	if (err != 0) {
		pf_diag_add(run, PF_SEV_ERROR, "site-unreadable", from,
		    "cannot read %s: %s", path, err == EINVAL ?
		    "not a regular file" : strerror(err));
		return -1;
	}
	memset(&rd, 0, sizeof(rd));
	rd.run = run;
	rd.ctx = ctx;
	rd.mode = mode;
	rd.path = path;
	rd.data = data;
	rd.len = len;
	rd.nerrors = (int)pf_run_errors(run);
	rd.file = pf_source_add(run, path, data, len, PF_SRC_SITE, from);
	host_sites = ctx->model->host.sites.n;
	nul = memchr(data, '\0', len);
	if (nul != NULL) {
		/* A binary file: one diagnostic, at the first NUL byte. */
		const char *p, *bol = data;
		uint32_t line = 1;

		for (p = data; p < nul; p++)
			if (*p == '\n') {
				line++;
				bol = p + 1;
			}
		pf_diag_add(run, PF_SEV_ERROR, "site-binary",
		    pf_loc_make(rd.file, line, (uint32_t)(nul - bol) + 1, 1),
		    "%s is not a text file (NUL byte); a site description "
		    "is INI text", path);
		return 0;
	}
	ini_parse_stream(rd_gets, &rd, rd_handler, &rd);
	finish_line(&rd);
	if (rd.nsections == 0 && rd.nkeys == 0 &&
	    (int)pf_run_errors(run) == rd.nerrors && !rd.stop)
		pf_diag_add(run, PF_SEV_ERROR, "site-empty",
		    pf_loc_make(rd.file, 1, 1, 0), "%s is empty: a site "
		    "description needs a [site NAME] or [host] section",
		    path);
	if (mode == RD_DESCRIPTION && ctx->model->host.sites.n > host_sites)
		read_members(ctx, path);
	return 0;
}

int
pf_site_read(struct pf_run *run, const char *const *files, size_t nfiles)
{
	struct site_ctx ctx;
	size_t i;
	int rc = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.run = run;
	ctx.model = pf_model_get(run);
	ctx.site_names.ci = ctx.pool_names.ci = ctx.php_names.ci = 1;
	for (i = 0; i < nfiles; i++)
		if (site_read_file(&ctx, files[i], RD_DESCRIPTION,
		    PF_NOLOC) < 0)
			rc = -1;
	site_check(&ctx);
	return rc;
}
