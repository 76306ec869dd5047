/*
 * report_text.c - the compiler-style text report (DESIGN.md section 6)
 * and its one-line-per-diagnostic "compact" variant:
 *
 *   file:line:col: severity: message [id]
 *       source line
 *       ^~~~~
 *     included from file:line:col
 *     file:line:col: note: related location
 *     fix: ...
 *   summary: 1 high, 1 error
 *
 * Diagnostics come sorted by file, line and column, so each file's are
 * together; the summary counts what was shown and breaks findings down
 * by rule when there are several.
 */
#include "emitters/report_view.h"

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
	default:
		return C_CYAN;
	}
}

static void
put_loc(FILE *f, const struct pf_rv_loc *l)
{
	if (l->loc.file == 0) {
		fputs("proxyfpm", f);
		return;
	}
	fputs(l->path, f);
	if (l->loc.line > 0) {
		fprintf(f, ":%u", l->loc.line);
		if (l->loc.col > 0)
			fprintf(f, ":%u", l->loc.col);
	}
}

/* A message; continuation lines are indented so no line of a message
 * can pass for a diagnostic of its own. */
static void
put_message(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		fputc(*s, f);
		if (*s == '\n')
			fputs("    ", f);
	}
}

/* The source line and a caret under the span. */
static void
put_snippet(FILE *f, const struct pf_rv_loc *l, int color)
{
	const char *p = l->snippet;
	size_t i, w;

	if (p == NULL)
		return;
	fprintf(f, "    %s\n", p);
	if (!l->caret)
		return;
	fputs("    ", f);
	/* One column per character; tabs kept so the caret lines up. */
	for (i = 0; i < l->snip_start; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			fputc(p[i] == '\t' ? '\t' : ' ', f);
	if (color)
		fputs(C_GREEN, f);
	fputc('^', f);
	w = pf_rv_width(p + l->snip_start, l->snip_end - l->snip_start);
	for (i = 1; i < w; i++)
		fputc('~', f);
	if (color)
		fputs(C_RESET, f);
	fputc('\n', f);
}

static void
put_chain(FILE *f, const struct pf_rv_loc *l)
{
	size_t i;

	for (i = 0; i < l->nchain; i++) {
		fputs("  included from ", f);
		put_loc(f, &l->chain[i]);
		fputc('\n', f);
	}
}

void
pf_rv_text_diag(FILE *f, const struct pf_rv_diag *rd, int color)
{
	size_t i;

	if (color)
		fputs(C_BOLD, f);
	put_loc(f, &rd->at);
	fputs(": ", f);
	if (color)
		fprintf(f, "%s%s:%s%s ", sev_color(rd->sev),
		    pf_sev_name(rd->sev), C_RESET, C_BOLD);
	else
		fprintf(f, "%s: ", pf_sev_name(rd->sev));
	put_message(f, rd->message);
	if (rd->d->id != NULL)
		fprintf(f, " [%s]", rd->id);
	if (rd->suppressed != NULL) {
		fputs(" (suppressed: ", f);
		put_message(f, rd->suppressed);
		fputc(')', f);
	}
	if (color)
		fputs(C_RESET, f);
	fputc('\n', f);
	put_snippet(f, &rd->at, color);
	put_chain(f, &rd->at);
	if (rd->gen != NULL) {
		fputs("  in generated ", f);
		put_loc(f, rd->gen);
		fputc('\n', f);
		put_snippet(f, rd->gen, color);
		put_chain(f, rd->gen);
	}
	for (i = 0; i < rd->nrel; i++) {
		fputs("  ", f);
		put_loc(f, &rd->rel[i].loc);
		fputs(": note: ", f);
		put_message(f, rd->rel[i].message);
		fputc('\n', f);
		put_snippet(f, &rd->rel[i].loc, color);
	}
	if (rd->fix != NULL) {
		fputs("  fix: ", f);
		put_message(f, rd->fix);
		fputc('\n', f);
	}
}

/* Findings per rule, most frequent first, when more than one rule fired. */
static void
put_by_rule(FILE *f, const struct pf_rv *v)
{
	size_t *cnt, i, k, nids = 0, best;
	int *sev;

	cnt = pf_alloc(v->arena, (v->nids + 1) * sizeof(*cnt));
	sev = pf_alloc(v->arena, (v->nids + 1) * sizeof(*sev));
	for (i = 0; i < v->n; i++) {
		const struct pf_rv_diag *rd = &v->v[i];
		int k2;

		if (!rd->finding || rd->suppressed != NULL ||
		    (k2 = pf_rv_id_index(v, rd->id)) < 0)
			continue;
		if (cnt[k2]++ == 0)
			nids++;
		if ((int)rd->sev > sev[k2])
			sev[k2] = (int)rd->sev;
	}
	if (nids < 2)
		return;
	for (;;) {
		best = v->nids;
		for (k = 0; k < v->nids; k++)
			if (cnt[k] > 0 && (best == v->nids ||
			    sev[k] > sev[best] ||
			    (sev[k] == sev[best] && cnt[k] > cnt[best])))
				best = k;
		if (best == v->nids)
			break;
		fprintf(f, "  %4zu %-8s %s\n", cnt[best],
		    pf_sev_name((enum pf_severity)sev[best]), v->ids[best]);
		cnt[best] = 0;
	}
}

int
pf_report_text(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	size_t i;
	int s, first = 1;

	pf_rv_build(&v, run, o);
	for (i = 0; i < v.n; i++)
		if (v.v[i].suppressed == NULL || o->show_suppressed)
			pf_rv_text_diag(f, &v.v[i], o->color);
	if (run->dropped > 0)
		fprintf(f, "proxyfpm: note: %zu more diagnostics not shown "
		    "(over the limits of %d and %d)\n", run->dropped, PF_MAX_DIAGS,
		    PF_MAX_DIAGS_HARD);
	if (v.n == 0 && run->dropped == 0)
		goto out;
	fputs("summary: ", f);
	for (s = PF_SEV_MAX - 1; s >= 0; s--) {
		if (v.count[s] == 0)
			continue;
		/* "2 errors", "2 high": reader severities are nouns. */
		fprintf(f, "%s%zu %s%s", first ? "" : ", ", v.count[s],
		    pf_sev_name((enum pf_severity)s), v.count[s] != 1 &&
		    !pf_sev_is_finding((enum pf_severity)s) ? "s" : "");
		first = 0;
	}
	if (first)
		fputs("nothing to report", f);
	if (v.nsuppressed > 0)
		fprintf(f, "; %zu suppressed%s", v.nsuppressed,
		    o->show_suppressed ? "" : " (--show-suppressed shows them)");
	fputc('\n', f);
	put_by_rule(f, &v);
out:
	pf_rv_free(&v);
	return ferror(f) ? -1 : 0;
}

int
pf_report_compact(struct pf_run *run, FILE *f,
    const struct pf_report_opts *o)
{
	struct pf_rv v;
	size_t i;

	pf_rv_build(&v, run, o);
	for (i = 0; i < v.n; i++) {
		const struct pf_rv_diag *rd = &v.v[i];
		const char *p;

		if (rd->suppressed != NULL && !o->show_suppressed)
			continue;
		put_loc(f, &rd->at);
		fprintf(f, ": %s: ", pf_sev_name(rd->sev));
		/* One line each, for editors' quickfix lists and grep. */
		for (p = rd->message; *p != '\0'; p++)
			fputc(*p == '\n' ? ' ' : *p, f);
		fprintf(f, " [%s]\n", rd->id);
	}
	pf_rv_free(&v);
	return ferror(f) ? -1 : 0;
}
