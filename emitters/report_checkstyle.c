/*
 * report_checkstyle.c - Checkstyle XML, as shellcheck, hadolint and
 * tflint write it (read by Jenkins warnings-ng, reviewdog, SonarQube):
 *
 *   <checkstyle version="4.3">
 *     <file name="path">
 *       <error line="2" column="17" severity="error" message="..."
 *              source="proxyfpm.rule-id"/>
 *
 * Severities map critical/high/error to error, medium/warning to
 * warning, the rest to info; suppressed findings appear only with
 * --show-suppressed, as severity "ignore".  Columns count characters.
 * Written with libxml2's xmlTextWriter from the report view, so any
 * input bytes give well-formed XML.
 */
#include "emitters/report_view.h"

#include <libxml/xmlwriter.h>
#include <string.h>

#define X(s)	((const xmlChar *)(s))

int
pf_report_checkstyle(struct pf_run *run, FILE *f,
    const struct pf_report_opts *o)
{
	struct pf_rv v;
	xmlOutputBufferPtr ob;
	xmlTextWriterPtr w;
	const char *open = NULL;
	struct pf_arena *a;
	size_t i;
	int rc = 0;

	/* One entry completed at a time (10,000 findings, one tree). */
	pf_rv_build_flags(&v, run, o, PF_RV_LAZY);
	ob = xmlOutputBufferCreateFile(f, NULL);
	w = ob ? xmlNewTextWriter(ob) : NULL;
	if (w == NULL) {
		pf_rv_free(&v);
		return -1;
	}
	a = pf_arena_new();
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, X("  "));
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, X("checkstyle"));
	xmlTextWriterWriteAttribute(w, X("version"), X("4.3"));
	for (i = 0; i < v.n; i++) {
		struct pf_rv_diag *rd = &v.v[i];
		const char *name = rd->at.loc.file ? rd->at.path : "proxyfpm";
		const char *msg;

		if (rd->suppressed != NULL && !o->show_suppressed)
			continue;
		pf_arena_reset(a);
		pf_rv_fill(&v, rd, a);
		/* The view is sorted by file; origins of generated text
		 * may interleave, which only repeats a <file>. */
		if (open == NULL || strcmp(open, name) != 0) {
			if (open != NULL)
				xmlTextWriterEndElement(w);
			xmlTextWriterStartElement(w, X("file"));
			xmlTextWriterWriteAttribute(w, X("name"), X(name));
			open = name;
		}
		xmlTextWriterStartElement(w, X("error"));
		/* Checkstyle's DTD requires a line: 0 when there is none. */
		xmlTextWriterWriteFormatAttribute(w, X("line"), "%u",
		    rd->at.loc.line);
		if (rd->at.ccol > 0)
			xmlTextWriterWriteFormatAttribute(w, X("column"),
			    "%u", rd->at.ccol);
		xmlTextWriterWriteAttribute(w, X("severity"),
		    X(rd->suppressed ? "ignore" :
		    strcmp(pf_rv_level(rd->sev), "note") == 0 ? "info" :
		    pf_rv_level(rd->sev)));
		msg = rd->fix ? pf_printf(a, "%s (fix: %s)",
		    rd->message, rd->fix) : rd->message;
		xmlTextWriterWriteAttribute(w, X("message"), X(msg));
		xmlTextWriterWriteAttribute(w, X("source"),
		    X(pf_printf(a, "proxyfpm.%s", rd->id)));
		xmlTextWriterEndElement(w);
	}
	if (open != NULL)
		xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	if (xmlTextWriterEndDocument(w) < 0)
		rc = -1;
	xmlFreeTextWriter(w);
	pf_arena_free(a);
	pf_rv_free(&v);
	return rc < 0 || ferror(f) ? -1 : 0;
}
