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

/* The shown entries of a lazy view, each completed in a scratch arena. */
struct cq_items {
	struct pf_rv	*v;
	struct pf_arena	*a;
	size_t		*shown;
};

static cJSON *
cq_item(void *ctx, size_t k)
{
	struct cq_items *it = ctx;
	struct pf_rv_diag *rd = &it->v->v[it->shown[k]];
	const struct pf_rv_loc *at = &rd->at;
	struct pf_arena *a = it->a;
	cJSON *x, *l;

	pf_arena_reset(a);
	pf_rv_fill(it->v, rd, a);
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "description", rd->fix ?
	    pf_printf(a, "%s (fix: %s)", rd->message, rd->fix) : rd->message);
	cJSON_AddStringToObject(x, "check_name", rd->id);
	cJSON_AddStringToObject(x, "fingerprint", rd->fingerprint ?
	    rd->fingerprint : "");
	cJSON_AddStringToObject(x, "severity", cq_severity(rd->sev));
	l = cJSON_AddObjectToObject(x, "location");
	cJSON_AddStringToObject(l, "path", at->loc.file == 0 ? "proxyfpm" :
	    strcmp(at->uri_base, "ROOT") == 0 ? pf_printf(a, "/%s", at->rel) :
	    at->rel);
	pf_json_add_int(cJSON_AddObjectToObject(l, "lines"), "begin",
	    at->loc.line > 0 ? at->loc.line : 1);
	return x;
}

int
pf_report_gitlab(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	struct cq_items it;
	struct pf_json_array arr;
	size_t i, n = 0;
	int rc;

	pf_rv_build_flags(&v, run, o, PF_RV_LAZY);
	it.v = &v;
	it.a = pf_arena_new();
	it.shown = pf_alloc(v.arena, (v.n + 1) * sizeof(*it.shown));
	for (i = 0; i < v.n; i++)
		if (v.v[i].suppressed == NULL)
			it.shown[n++] = i;
	arr.items = cJSON_CreateArray();
	arr.n = n;
	arr.item = cq_item;
	arr.ctx = &it;
	rc = pf_rv_print_json_stream(f, arr.items, &arr, 1);
	pf_arena_free(it.a);
	pf_rv_free(&v);
	return rc;
}
