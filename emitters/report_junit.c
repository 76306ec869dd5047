/*
 * report_junit.c - JUnit XML (the Ant JUnit schema Jenkins, GitLab and
 * most CI read; ../shared/schemas/junit.xsd), written with libxml2's
 * xmlTextWriter.
 *
 * Mapping: one <testsuite> per input file (every file read, so a clean
 * run shows what was checked); in it one <testcase> per diagnostic whose
 * primary location is in that file.  A testcase fails exactly when the
 * diagnostic makes the run fail: a rule finding at or above --fail-on is
 * a <failure>, a reader error an <error>; a suppressed finding is
 * <skipped>; the rest pass and are listed in the suite's <system-out>.
 * A file without diagnostics gets one passing testcase.  Diagnostics
 * without a file go to a last suite named "proxyfpm".
 *
 * The schema requires a timestamp: the injected time (SOURCE_DATE_EPOCH
 * or the time of the run, see report_cli.c), else the epoch.  Every
 * string comes from the report view, so it is valid UTF-8 without
 * control characters, and xmlTextWriter escapes the rest.
 */
#include "emitters/report_view.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define X(s)	((const xmlChar *)(s))

/* Renders one diagnostic in the text form (for failure bodies). */
static char *
diag_text(const struct pf_rv_diag *rd)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (f == NULL)
		pf_oom();
	pf_rv_text_diag(f, rd, 0);
	if (fclose(f) != 0 || s == NULL)
		pf_oom();
	return s;
}

static void
attr(xmlTextWriterPtr w, const char *k, const char *v)
{
	xmlTextWriterWriteAttribute(w, X(k), X(v));
}

static void
attr_n(xmlTextWriterPtr w, const char *k, size_t n)
{
	xmlTextWriterWriteFormatAttribute(w, X(k), "%zu", n);
}

static void
property(xmlTextWriterPtr w, const char *k, const char *v)
{
	if (v == NULL)
		return;
	xmlTextWriterStartElement(w, X("property"));
	attr(w, "name", k);
	attr(w, "value", v);
	xmlTextWriterEndElement(w);
}

static const char *
case_name(struct pf_arena *a, const struct pf_rv_diag *rd)
{
	const struct pf_rv_loc *l = &rd->at;

	if (l->loc.file == 0)
		return pf_printf(a, "proxyfpm: %s", rd->id);
	if (l->loc.line == 0)
		return pf_printf(a, "%s: %s", l->path, rd->id);
	if (l->loc.col == 0)
		return pf_printf(a, "%s:%u: %s", l->path, l->loc.line,
		    rd->id);
	return pf_printf(a, "%s:%u:%u: %s", l->path, l->loc.line,
	    l->loc.col, rd->id);
}

static void
suite(struct pf_rv *v, xmlTextWriterPtr w, int id, const char *name,
    const struct pf_source *src, struct pf_rv_diag **d, size_t n,
    const char *stamp, struct pf_arena *a)
{
	size_t i, fail = 0, err = 0, skip = 0;
	char *text;
	int out = 0;

	/* The suite's entries, completed in a (reset after the suite). */
	for (i = 0; i < n; i++)
		pf_rv_fill(v, d[i], a);

	for (i = 0; i < n; i++) {
		if (d[i]->suppressed != NULL)
			skip++;
		else if (d[i]->failing && d[i]->sev == PF_SEV_ERROR)
			err++;
		else if (d[i]->failing)
			fail++;
	}
	xmlTextWriterStartElement(w, X("testsuite"));
	attr(w, "name", name);
	attr(w, "package", "proxyfpm");
	xmlTextWriterWriteFormatAttribute(w, X("id"), "%d", id);
	attr(w, "timestamp", stamp);
	attr(w, "hostname", "localhost");
	attr_n(w, "tests", n > 0 ? n : 1);
	attr_n(w, "failures", fail);
	attr_n(w, "errors", err);
	attr_n(w, "skipped", skip);
	attr(w, "time", "0");

	xmlTextWriterStartElement(w, X("properties"));
	property(w, "tool", pf_printf(a, "proxyfpm %s",
	    v->tool_version));
	property(w, "command", v->o->command);
	property(w, "fail-on", (unsigned)v->o->fail_on < PF_SEV_MAX ?
	    pf_sev_name(v->o->fail_on) : "none");
	if (src != NULL)
		property(w, "file.kind", pf_rv_kind_name(src->kind));
	property(w, "apache-version", v->o->apache_version);
	property(w, "php-version", v->o->php_version);
	xmlTextWriterEndElement(w);

	if (n == 0) {
		xmlTextWriterStartElement(w, X("testcase"));
		attr(w, "name", pf_printf(a, "%s: no findings", name));
		attr(w, "classname", "proxyfpm.file");
		attr(w, "time", "0");
		xmlTextWriterEndElement(w);
	}
	for (i = 0; i < n; i++) {
		const struct pf_rv_diag *rd = d[i];

		xmlTextWriterStartElement(w, X("testcase"));
		/* two cases of one line for two vhosts: named apart */
		attr(w, "name", pf_rv_subject_needed(v, (size_t)(rd - v->v)) ?
		    pf_printf(a, "%s (for %s)", case_name(a, rd),
		    rd->subject) : case_name(a, rd));
		attr(w, "classname", pf_printf(a, "proxyfpm.%s",
		    rd->id));
		attr(w, "time", "0");
		if (rd->suppressed != NULL) {
			xmlTextWriterStartElement(w, X("skipped"));
			attr(w, "message", pf_printf(a,
			    "suppressed: %s", rd->suppressed));
			xmlTextWriterEndElement(w);
		} else if (rd->failing) {
			xmlTextWriterStartElement(w, X(rd->sev ==
			    PF_SEV_ERROR ? "error" : "failure"));
			attr(w, "message", rd->message);
			attr(w, "type", pf_sev_name(rd->sev));
			text = diag_text(rd);
			xmlTextWriterWriteString(w, X(text));
			free(text);
			xmlTextWriterEndElement(w);
		}
		xmlTextWriterEndElement(w);
	}

	xmlTextWriterStartElement(w, X("system-out"));
	for (i = 0; i < n; i++) {
		if (d[i]->failing || d[i]->suppressed != NULL)
			continue;
		text = diag_text(d[i]);
		xmlTextWriterWriteString(w, X(text));
		free(text);
		out = 1;
	}
	if (!out)
		xmlTextWriterWriteString(w, X(""));
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, X("system-err"));
	xmlTextWriterWriteString(w, X(""));
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	pf_arena_reset(a);
}

/* Files in the order of their display paths. */
static struct pf_rv *sort_view;

static int
cmp_file(const void *a, const void *b)
{
	uint32_t x = sort_view->file_first[*(const uint32_t *)a];
	uint32_t y = sort_view->file_first[*(const uint32_t *)b];
	int c = strcmp(pf_report_path(sort_view->run, x, sort_view->o),
	    pf_report_path(sort_view->run, y, sort_view->o));

	return c != 0 ? c : (x < y ? -1 : x > y);
}

static uint32_t
key(const struct pf_rv *v, const struct pf_rv_diag *rd)
{
	return rd->at.loc.file ? v->file_index[rd->at.loc.file] + 1 : 0;
}

int
pf_report_junit(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	xmlOutputBufferPtr ob;
	xmlTextWriterPtr w;
	struct pf_rv_diag ***by;
	size_t *nby, i, nf;
	uint32_t *order;
	char stamp[32];
	time_t t = o->time_set ? (time_t)o->time : 0;
	struct tm tm;
	struct pf_arena *a;
	int rc = 0, id = 0;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		strcpy(stamp, "1970-01-01T00:00:00");
	/* Entries completed a suite at a time (10,000 findings). */
	pf_rv_build_flags(&v, run, o, PF_RV_LAZY);
	a = pf_arena_new();
	/* Diagnostics per file of their primary location (0 = none; a file
	 * Included from several places is one suite). */
	nf = v.nfiles;
	nby = pf_alloc(v.arena, (nf + 1) * sizeof(*nby));
	by = pf_alloc(v.arena, (nf + 1) * sizeof(*by));
	for (i = 0; i < v.n; i++)
		nby[key(&v, &v.v[i])]++;
	for (i = 0; i <= nf; i++)
		by[i] = pf_alloc(v.arena, (nby[i] + 1) * sizeof(**by));
	memset(nby, 0, (nf + 1) * sizeof(*nby));
	for (i = 0; i < v.n; i++) {
		uint32_t k = key(&v, &v.v[i]);

		by[k][nby[k]++] = &v.v[i];
	}
	order = pf_alloc(v.arena, (nf + 1) * sizeof(*order));
	for (i = 0; i < nf; i++)
		order[i] = (uint32_t)i;
	sort_view = &v;
	if (nf > 1)
		qsort(order, nf, sizeof(*order), cmp_file);
	sort_view = NULL;

	ob = xmlOutputBufferCreateFile(f, NULL);
	w = ob ? xmlNewTextWriter(ob) : NULL;
	if (w == NULL) {
		pf_arena_free(a);
		pf_rv_free(&v);
		return -1;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, X("  "));
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, X("testsuites"));
	for (i = 0; i < nf; i++) {
		uint32_t k = order[i] + 1, src = v.file_first[order[i]];

		suite(&v, w, id++, pf_rv_resolve(&v, pf_loc_make(src, 0, 0, 0),
		    0).path, run->sources.v[src], by[k], nby[k], stamp, a);
	}
	if (nby[0] > 0 || nf == 0)
		suite(&v, w, id++, "proxyfpm", NULL, by[0], nby[0], stamp,
		    a);
	xmlTextWriterEndElement(w);
	if (xmlTextWriterEndDocument(w) < 0)
		rc = -1;
	xmlFreeTextWriter(w);	/* flushes and frees the output buffer */
	pf_arena_free(a);
	pf_rv_free(&v);
	return rc < 0 || ferror(f) ? -1 : 0;
}
