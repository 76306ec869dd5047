/*
 * report_text.c - the compiler-style text report (DESIGN.md section 6):
 *
 *   file:line:col: severity: message [id]
 *       source line
 *       ^~~~~
 *     included from file:line
 *     fix: ...
 */
#include "emitters/report.h"

#include <string.h>

#define C_RESET		"\033[0m"
#define C_BOLD		"\033[1m"
#define C_RED		"\033[1;31m"
#define C_MAGENTA	"\033[1;35m"
#define C_YELLOW	"\033[1;33m"
#define C_CYAN		"\033[1;36m"
#define C_GREEN		"\033[1;32m"

static const char *
sev_color(enum pf_severity s)
{
	switch (s) {
	case PF_SEV_CRITICAL:
	case PF_SEV_HIGH:
	case PF_SEV_ERROR:
		return C_RED;
	case PF_SEV_MEDIUM:
	case PF_SEV_WARNING:
		return C_MAGENTA;
	case PF_SEV_LOW:
		return C_YELLOW;
	case PF_SEV_INFO:
	case PF_SEV_NOTE:
	case PF_SEV_MAX:
		break;
	}
	return C_CYAN;
}

const char *
pf_report_path(struct pf_run *run, uint32_t file,
    const struct pf_report_opts *o)
{
	const struct pf_source *s = pf_source_get(run, file);
	size_t n;

	if (s == NULL)
		return "";
	if (o != NULL && o->base_dir != NULL) {
		n = strlen(o->base_dir);
		while (n > 1 && o->base_dir[n - 1] == '/')
			n--;
		if (n > 0 && strncmp(s->path, o->base_dir, n) == 0 &&
		    s->path[n] == '/')
			return s->path + n + 1;
	}
	return s->path;
}

static void
put_loc(struct pf_run *run, FILE *f, struct pf_loc loc,
    const struct pf_report_opts *o)
{
	if (loc.file == 0) {
		fputs("proxyfpm", f);
		return;
	}
	fputs(pf_report_path(run, loc.file, o), f);
	if (loc.line > 0) {
		fprintf(f, ":%u", loc.line);
		if (loc.col > 0)
			fprintf(f, ":%u", loc.col);
	}
}

/* Prints the source line and a caret under the span. */
static void
put_snippet(struct pf_run *run, FILE *f, struct pf_loc loc,
    const struct pf_report_opts *o)
{
	const char *p;
	size_t n, i, shown;
	uint32_t col, len;

	if (loc.file == 0 || pf_source_line(run, loc.file, loc.line, &p, &n))
		return;
	/* Long lines (a 20 MB line) are cut around the column. */
	shown = n > 400 ? 400 : n;
	col = loc.col;
	if (col > shown + 1)
		col = 0;
	fputs("    ", f);
	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)p[i];

		/* Keep tabs so the caret lines up; hide control bytes. */
		fputc(c == '\t' || c >= 0x20 ? c : '?', f);
	}
	if (shown < n)
		fputs(" ...", f);
	fputc('\n', f);
	if (col == 0)
		return;
	fputs("    ", f);
	for (i = 0; i + 1 < col; i++)
		fputc(p[i] == '\t' ? '\t' : ' ', f);
	if (o->color)
		fputs(C_GREEN, f);
	fputc('^', f);
	len = loc.len;
	if (len > 0 && col - 1 + len > shown)
		len = (uint32_t)(shown - (col - 1));
	for (i = 1; i < len; i++)
		fputc('~', f);
	if (o->color)
		fputs(C_RESET, f);
	fputc('\n', f);
}

static void
put_chain(struct pf_run *run, FILE *f, struct pf_loc loc,
    const struct pf_report_opts *o)
{
	const struct pf_source *s = pf_source_get(run, loc.file);
	int depth = 0;

	while (s != NULL && s->included_from.file != 0 && depth++ < 200) {
		fputs("  included from ", f);
		put_loc(run, f, s->included_from, o);
		fputc('\n', f);
		s = pf_source_get(run, s->included_from.file);
	}
}

static void
put_diag(struct pf_run *run, FILE *f, const struct pf_diag *d,
    const struct pf_report_opts *o)
{
	struct pf_loc at = pf_loc_origin(run, d->loc);
	size_t i;

	if (o->color)
		fputs(C_BOLD, f);
	put_loc(run, f, at, o);
	fputs(": ", f);
	if (o->color)
		fprintf(f, "%s%s:%s%s ", sev_color(d->sev), pf_sev_name(d->sev),
		    C_RESET, C_BOLD);
	else
		fprintf(f, "%s: ", pf_sev_name(d->sev));
	fputs(d->message, f);
	if (d->id != NULL)
		fprintf(f, " [%s]", d->id);
	if (d->suppressed != NULL)
		fprintf(f, " (suppressed: %s)", d->suppressed);
	if (o->color)
		fputs(C_RESET, f);
	fputc('\n', f);
	put_snippet(run, f, at, o);
	if (at.file != d->loc.file || at.line != d->loc.line) {
		fputs("  in generated ", f);
		put_loc(run, f, d->loc, o);
		fputc('\n', f);
		put_snippet(run, f, d->loc, o);
	}
	put_chain(run, f, d->loc, o);
	for (i = 0; i < d->nrelated; i++) {
		struct pf_loc r = pf_loc_origin(run, d->related[i].loc);

		fputs("  ", f);
		put_loc(run, f, r, o);
		fprintf(f, ": note: %s\n", d->related[i].message);
		put_snippet(run, f, r, o);
	}
	if (d->fix != NULL)
		fprintf(f, "  fix: %s\n", d->fix);
}

int
pf_report_text(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	size_t i, nfind = 0;
	int s, first = 1;

	pf_run_sort_diags(run);
	for (i = 0; i < run->diags.n; i++) {
		const struct pf_diag *d = run->diags.v[i];

		if (d->suppressed != NULL && !o->show_suppressed)
			continue;
		put_diag(run, f, d, o);
	}
	if (run->dropped > 0)
		fprintf(f, "proxyfpm: note: %zu more diagnostics not shown\n",
		    run->dropped);
	for (s = PF_SEV_INFO; s < PF_SEV_MAX; s++)
		nfind += run->count[s];
	if (run->diags.n == 0 && run->dropped == 0)
		return ferror(f) ? -1 : 0;
	fputs("summary: ", f);
	for (s = PF_SEV_MAX - 1; s >= 0; s--) {
		if (run->count[s] == 0)
			continue;
		fprintf(f, "%s%zu %s", first ? "" : ", ", run->count[s],
		    pf_sev_name((enum pf_severity)s));
		first = 0;
	}
	fputc('\n', f);
	(void)nfind;
	return ferror(f) ? -1 : 0;
}
