/*
 * report_github.c - GitHub Actions workflow commands, one annotation per
 * diagnostic:
 *
 *   ::error file=site.ini,line=2,endLine=2,col=17,endColumn=29,
 *          title=proxyfpm high [rule-id]::message%0Afix: ...
 *
 * critical/high/error become ::error, medium/warning ::warning, the rest
 * ::notice.  Escaping follows the runner (actions/toolkit command.ts):
 * in the message %, CR and LF are %-encoded; in properties also ':' and
 * ','.  Paths are relative to the base directory (the workspace) when
 * below it, so the annotation lands on the file in the pull request;
 * generated text is reported at the description line it came from.
 */
#include "emitters/report_view.h"

#include <string.h>

static void
put_escaped(FILE *f, const char *s, int property)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '%':
			fputs("%25", f);
			break;
		case '\r':
			fputs("%0D", f);
			break;
		case '\n':
			fputs("%0A", f);
			break;
		case ':':
			fputs(property ? "%3A" : ":", f);
			break;
		case ',':
			fputs(property ? "%2C" : ",", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static const char *
command(enum pf_severity s)
{
	const char *l = pf_rv_level(s);

	return strcmp(l, "note") == 0 ? "notice" : l;
}

int
pf_report_github(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	struct pf_arena *a = pf_arena_new();
	size_t i;

	/* One entry completed at a time (10,000 findings, one tree). */
	pf_rv_build_flags(&v, run, o, PF_RV_LAZY);
	for (i = 0; i < v.n; i++) {
		struct pf_rv_diag *rd = &v.v[i];
		const struct pf_rv_loc *l = &rd->at;
		const char *sep = " ";

		if (rd->suppressed != NULL && !o->show_suppressed)
			continue;
		pf_arena_reset(a);
		pf_rv_fill(&v, rd, a);
		fprintf(f, "::%s", rd->suppressed ? "notice" :
		    command(rd->sev));
		if (l->loc.file != 0) {
			fputs(" file=", f);
			if (strcmp(l->uri_base, "ROOT") == 0)
				fputc('/', f);
			put_escaped(f, l->rel, 1);
			if (l->loc.line > 0)
				fprintf(f, ",line=%u,endLine=%u", l->loc.line,
				    l->loc.line);
			if (l->ccol > 0) {
				fprintf(f, ",col=%u", l->ccol);
				if (l->cend > l->ccol)
					fprintf(f, ",endColumn=%u", l->cend);
			}
			sep = ",";
		}
		fprintf(f, "%stitle=", sep);
		put_escaped(f, pf_printf(a, "proxyfpm %s [%s]%s",
		    pf_sev_name(rd->sev), rd->id, rd->suppressed ?
		    " (suppressed)" : ""), 1);
		fputs("::", f);
		put_escaped(f, rd->message, 0);
		if (rd->subject != NULL) {
			fputs("%0A(", f);
			put_escaped(f, rd->subject, 0);
			fputc(')', f);
		}
		if (rd->fix != NULL) {
			fputs("%0Afix: ", f);
			put_escaped(f, rd->fix, 0);
		}
		if (rd->suppressed != NULL) {
			fputs("%0Asuppressed: ", f);
			put_escaped(f, rd->suppressed, 0);
		}
		fputc('\n', f);
	}
	pf_arena_free(a);
	pf_rv_free(&v);
	return ferror(f) ? -1 : 0;
}
