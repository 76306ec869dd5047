/*
 * report_gitlab.c - GitLab Code Quality (the Code Climate JSON subset
 * GitLab reads from artifacts:reports:codequality): an array of
 *
 *   {"description", "check_name", "fingerprint", "severity",
 *    "location": {"path", "lines": {"begin"}}}
 *
 * Severity: critical -> blocker, high/error -> critical, medium/warning
 * -> major, low -> minor, info/note -> info.  Suppressed findings are
 * left out (GitLab has no place for them); fingerprints are the
 * line-independent ones, so merge request widgets track findings across
 * edits.
 */
#include "emitters/report_view.h"

#include <cjson/cJSON.h>
#include <string.h>

static const char *
cq_severity(enum pf_severity s)
{
	switch (s) {
	case PF_SEV_CRITICAL:
		return "blocker";
	case PF_SEV_HIGH:
	case PF_SEV_ERROR:
		return "critical";
	case PF_SEV_MEDIUM:
	case PF_SEV_WARNING:
		return "major";
	case PF_SEV_LOW:
		return "minor";
	default:
		return "info";
	}
}

int
pf_report_gitlab(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	cJSON *root, *x, *l;
	size_t i;

	pf_rv_build(&v, run, o);
	root = cJSON_CreateArray();
	for (i = 0; i < v.n; i++) {
		const struct pf_rv_diag *rd = &v.v[i];
		const struct pf_rv_loc *at = &rd->at;

		if (rd->suppressed != NULL)
			continue;
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "description", rd->fix ?
		    pf_printf(v.arena, "%s (fix: %s)", rd->message, rd->fix) :
		    rd->message);
		cJSON_AddStringToObject(x, "check_name", rd->id);
		cJSON_AddStringToObject(x, "fingerprint", rd->fingerprint ?
		    rd->fingerprint : "");
		cJSON_AddStringToObject(x, "severity", cq_severity(rd->sev));
		l = cJSON_AddObjectToObject(x, "location");
		cJSON_AddStringToObject(l, "path", at->loc.file == 0 ?
		    "proxyfpm" : strcmp(at->uri_base, "ROOT") == 0 ?
		    pf_printf(v.arena, "/%s", at->rel) : at->rel);
		cJSON_AddNumberToObject(cJSON_AddObjectToObject(l, "lines"),
		    "begin", at->loc.line > 0 ? at->loc.line : 1);
		cJSON_AddItemToArray(root, x);
	}
	pf_rv_free(&v);
	return pf_rv_print_json(f, root);
}
