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

#include "model/buf.h"

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

/*
 * Each diagnostic is formatted into a buffer and written with one fwrite
 * (a tree of 10,000 vhosts prints 10,000 findings of five lines).
 */
/* sep and a number. */
static void
put_u(struct pf_buf *b, char sep, uint32_t u)
{
	char t[16], *p = t + sizeof(t);

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	*--p = sep;
	pf_buf_add(b, p, (size_t)(t + sizeof(t) - p));
}

static void
put_loc(struct pf_buf *b, const struct pf_rv_loc *l)
{
	if (l->loc.file == 0) {
		pf_buf_puts(b, "proxyfpm");
		return;
	}
	pf_buf_puts(b, l->path);
	if (l->loc.line > 0) {
		put_u(b, ':', l->loc.line);
		if (l->loc.col > 0)
			put_u(b, ':', l->loc.col);
	}
}

/* A message; continuation lines are indented so no line of a message
 * can pass for a diagnostic of its own. */
static void
put_message(struct pf_buf *b, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		pf_buf_add(b, s, (size_t)(nl - s) + 1);
		pf_buf_puts(b, "    ");
		s = nl + 1;
	}
	pf_buf_puts(b, s);
}

/* The source line and a caret under the span. */
static void
put_snippet(struct pf_buf *b, const struct pf_rv_loc *l, int color)
{
	const char *p = l->snippet;
	size_t i, w;

	if (p == NULL)
		return;
	pf_buf_puts(b, "    ");
	pf_buf_puts(b, p);
	pf_buf_putc(b, '\n');
	if (!l->caret)
		return;
	pf_buf_puts(b, "    ");
	/* One column per character; tabs kept so the caret lines up. */
	for (i = 0; i < l->snip_start; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			pf_buf_putc(b, p[i] == '\t' ? '\t' : ' ');
	if (color)
		pf_buf_puts(b, C_GREEN);
	pf_buf_putc(b, '^');
	w = pf_rv_width(p + l->snip_start, l->snip_end - l->snip_start);
	for (i = 1; i < w; i++)
		pf_buf_putc(b, '~');
	if (color)
		pf_buf_puts(b, C_RESET);
	pf_buf_putc(b, '\n');
}

static void
put_chain(struct pf_buf *b, const struct pf_rv_loc *l)
{
	size_t i;

	for (i = 0; i < l->nchain; i++) {
		pf_buf_puts(b, "  included from ");
		put_loc(b, &l->chain[i]);
		pf_buf_putc(b, '\n');
	}
}

static void
text_diag(struct pf_buf *b, const struct pf_rv_diag *rd, int color,
    int subject)
{
	size_t i;

	if (color)
		pf_buf_puts(b, C_BOLD);
	put_loc(b, &rd->at);
	pf_buf_puts(b, ": ");
	if (color) {
		pf_buf_puts(b, sev_color(rd->sev));
		pf_buf_puts(b, pf_sev_name(rd->sev));
		pf_buf_puts(b, ":" C_RESET C_BOLD " ");
	} else {
		pf_buf_puts(b, pf_sev_name(rd->sev));
		pf_buf_puts(b, ": ");
	}
	put_message(b, rd->message);
	if (rd->d->id != NULL) {
		pf_buf_puts(b, " [");
		pf_buf_puts(b, rd->id);
		pf_buf_putc(b, ']');
	}
	if (rd->suppressed != NULL) {
		pf_buf_puts(b, " (suppressed: ");
		put_message(b, rd->suppressed);
		pf_buf_putc(b, ')');
	}
	if (color)
		pf_buf_puts(b, C_RESET);
	pf_buf_putc(b, '\n');
	put_snippet(b, &rd->at, color);
	put_chain(b, &rd->at);
	if (subject) {
		/* one line shared by several vhosts or pools: say which */
		pf_buf_puts(b, "  for: ");
		put_message(b, rd->subject);
		pf_buf_putc(b, '\n');
	}
	if (rd->gen != NULL) {
		pf_buf_puts(b, "  in generated ");
		put_loc(b, rd->gen);
		pf_buf_putc(b, '\n');
		put_snippet(b, rd->gen, color);
		put_chain(b, rd->gen);
	}
	for (i = 0; i < rd->nrel; i++) {
		pf_buf_puts(b, "  ");
		put_loc(b, &rd->rel[i].loc);
		pf_buf_puts(b, ": note: ");
		put_message(b, rd->rel[i].message);
		pf_buf_putc(b, '\n');
		put_snippet(b, &rd->rel[i].loc, color);
	}
	if (rd->fix != NULL) {
		pf_buf_puts(b, "  fix: ");
		put_message(b, rd->fix);
		pf_buf_putc(b, '\n');
	}
}

/* Writes out what b holds once it is big (or at the end: all). */
static void
flush(FILE *f, struct pf_buf *b, size_t over)
{
	if (b->len > over) {
		fwrite(b->p, 1, b->len, f);
		b->len = 0;
		b->p[0] = '\0';
	}
}

void
pf_rv_text_diag(FILE *f, const struct pf_rv_diag *rd, int color)
{
	struct pf_buf b = PF_BUF_INIT;

	text_diag(&b, rd, color, 0);
	flush(f, &b, 0);
	pf_buf_free(&b);
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

/* "; 10000 info, 3 notes below --min-severity low not shown" */
static void
put_below(FILE *f, const struct pf_run *run)
{
	int s, first = 1;

	if (pf_run_below_total(run) == 0)
		return;
	fputs("; ", f);
	for (s = PF_SEV_MAX - 1; s >= 0; s--) {
		if (run->below[s] == 0)
			continue;
		fprintf(f, "%s%zu %s%s", first ? "" : ", ", run->below[s],
		    pf_sev_name((enum pf_severity)s), run->below[s] != 1 &&
		    !pf_sev_is_finding((enum pf_severity)s) ? "s" : "");
		first = 0;
	}
	fprintf(f, " below --min-severity %s not shown",
	    pf_sev_name(run->min_sev));
}

int
pf_report_text(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	struct pf_buf b = PF_BUF_INIT;
	struct pf_arena *a = pf_arena_new();
	size_t i;
	int s, first = 1;

	/* One diagnostic completed, printed and let go at a time. */
	pf_rv_build_flags(&v, run, o, PF_RV_LAZY | PF_RV_NO_FINGERPRINTS |
	    PF_RV_NO_FILES | PF_RV_PATHS_ONLY);
	for (i = 0; i < v.n; i++)
		if (v.v[i].suppressed == NULL || o->show_suppressed) {
			pf_rv_fill(&v, &v.v[i], a);
			text_diag(&b, &v.v[i], o->color,
			    pf_rv_subject_needed(&v, i));
			flush(f, &b, 1 << 16);
			pf_arena_reset(a);
		}
	if (b.len > 0)
		flush(f, &b, 0);
	pf_buf_free(&b);
	pf_arena_free(a);
	if (run->dropped > 0)
		fprintf(f, "proxyfpm: note: %zu more diagnostics not shown "
		    "(over the limits of %d and %d)\n", run->dropped, PF_MAX_DIAGS,
		    PF_MAX_DIAGS_HARD);
	if (v.n == 0 && run->dropped == 0 && pf_run_below_total(run) == 0)
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
	put_below(f, run);
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
	struct pf_buf b = PF_BUF_INIT;
	struct pf_arena *a = pf_arena_new();
	size_t i;

	pf_rv_build_flags(&v, run, o, PF_RV_LAZY | PF_RV_NO_FINGERPRINTS |
	    PF_RV_NO_FILES | PF_RV_PATHS_ONLY | PF_RV_MESSAGE_ONLY);
	for (i = 0; i < v.n; i++) {
		struct pf_rv_diag *rd = &v.v[i];
		const char *p, *nl;

		if (rd->suppressed != NULL && !o->show_suppressed)
			continue;
		pf_rv_fill(&v, rd, a);
		put_loc(&b, &rd->at);
		pf_buf_puts(&b, ": ");
		pf_buf_puts(&b, pf_sev_name(rd->sev));
		pf_buf_puts(&b, ": ");
		/* One line each, for editors' quickfix lists and grep. */
		for (p = rd->message; (nl = strchr(p, '\n')) != NULL;
		    p = nl + 1) {
			pf_buf_add(&b, p, (size_t)(nl - p));
			pf_buf_putc(&b, ' ');
		}
		pf_buf_puts(&b, p);
		if (pf_rv_subject_needed(&v, i)) {
			pf_buf_puts(&b, " (for ");
			pf_buf_puts(&b, rd->subject);
			pf_buf_putc(&b, ')');
		}
		pf_buf_puts(&b, " [");
		pf_buf_puts(&b, rd->id);
		pf_buf_puts(&b, "]\n");
		flush(f, &b, 1 << 16);
		pf_arena_reset(a);
	}
	if (b.len > 0)
		flush(f, &b, 0);
	pf_buf_free(&b);
	pf_arena_free(a);
	pf_rv_free(&v);
	return ferror(f) ? -1 : 0;
}
