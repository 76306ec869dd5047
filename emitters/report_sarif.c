/*
 * report_sarif.c - SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure
 * DevOps, IDE viewers).
 *
 * What consumers rely on (reference/peers.md 2.16):
 *   - ruleId and artifact URIs stable across runs: URIs are relative to
 *     the base directory (uriBaseId SRCROOT, originalUriBaseIds gives its
 *     file: URI) or, for files outside it, to "/" (ROOT);
 *   - partialFingerprints that do not move when unrelated lines do
 *     ("proxyfpm/v1", model/fingerprint.h), since line-based ones bring
 *     back dismissed alerts;
 *   - a reportingDescriptor per rule with help text, helpUri, a default
 *     level and the "security-severity" property GitHub ranks alerts by.
 * Columns are Unicode code points (run.columnKind).  Suppressed findings
 * are kept, with a suppressions entry, as SARIF intends.
 */
#include "emitters/report_view.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <string.h>

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" \
	"sarif-schema-2.1.0.json"
#define TOOL_URI	"https://github.com/proxyfpm/proxyfpm"

static cJSON *
text_obj(const char *text)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "text", text);
	return o;
}

/* "greedy-proxypassmatch" -> "GreedyProxypassmatch" (SARIF's name is an
 * identifier; GitHub shows it). */
static const char *
pascal(struct pf_rv *v, const char *id)
{
	char *out = pf_alloc(v->arena, strlen(id) + 1), *o = out;
	int up = 1;

	for (; *id != '\0'; id++) {
		if (!isalnum((unsigned char)*id)) {
			up = 1;
			continue;
		}
		*o++ = up ? (char)toupper((unsigned char)*id) : *id;
		up = 0;
	}
	*o = '\0';
	return out;
}

/* Plain text as Markdown: backslash-escape what Markdown would read as
 * markup (patterns like ^/(.*\.php)$ are common in help texts). */
static const char *
md(struct pf_rv *v, const char *s)
{
	char *out = pf_alloc(v->arena, strlen(s) * 2 + 1), *o = out;

	for (; *s != '\0'; s++) {
		if (strchr("\\`*_{}[]()<>#+-.!|~", *s) != NULL)
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

static const char *
problem_severity(enum pf_severity s)
{
	const char *l = pf_rv_level(s);

	return strcmp(l, "note") == 0 ? "recommendation" : l;
}

/* The reportingDescriptor of an id; reader diagnostics have no rule. */
static cJSON *
descriptor(struct pf_rv *v, const char *id)
{
	cJSON *o = cJSON_CreateObject(), *c, *p, *tags;
	int ri = pf_rv_rule_index(v, id);
	const struct pf_rule_info *r = ri >= 0 ? v->rules[ri] : NULL;
	enum pf_severity sev = PF_SEV_NOTE;
	const char *ss, *text, *uri;
	size_t i;

	for (i = 0; i < v->n; i++)	/* a reader id: its worst severity */
		if (strcmp(v->v[i].id, id) == 0 && v->v[i].sev > sev)
			sev = v->v[i].sev;
	if (r != NULL)
		sev = r->severity;
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "name", pascal(v, id));
	if (r != NULL) {
		text = pf_rv_text(v, r->summary ? r->summary :
		    r->name ? r->name : id);
		cJSON_AddItemToObject(o, "shortDescription",
		    text_obj(pf_rv_text(v, r->name ? r->name : text)));
		cJSON_AddItemToObject(o, "fullDescription", text_obj(text));
		uri = pf_rv_rule_uri(v, id);
		c = cJSON_AddObjectToObject(o, "help");
		cJSON_AddStringToObject(c, "text", r->help ?
		    pf_rv_text(v, r->help) : pf_printf(v->arena,
		    "%s\nDocumentation: %s (or 'proxyfpm explain %s').",
		    text, uri, id));
		cJSON_AddStringToObject(c, "markdown", pf_printf(v->arena,
		    "%s\n\n[Documentation](%s) - `proxyfpm explain %s`",
		    md(v, r->help ? pf_rv_text(v, r->help) : text), uri, id));
		cJSON_AddStringToObject(o, "helpUri", uri);
	} else {
		text = pf_printf(v->arena, "Apache httpd / PHP-FPM / php.ini "
		    "reader diagnostic '%s': what the server itself would say "
		    "about its configuration.", id);
		cJSON_AddItemToObject(o, "shortDescription",
		    text_obj(pf_printf(v->arena, "Configuration reader: %s",
		    id)));
		cJSON_AddItemToObject(o, "fullDescription", text_obj(text));
		cJSON_AddItemToObject(o, "help", text_obj(text));
	}
	c = cJSON_AddObjectToObject(o, "defaultConfiguration");
	cJSON_AddStringToObject(c, "level", pf_rv_level(sev));
	p = cJSON_AddObjectToObject(o, "properties");
	tags = cJSON_AddArrayToObject(p, "tags");
	if (r != NULL) {
		cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
		if (r->category != NULL)
			cJSON_AddItemToArray(tags,
			    cJSON_CreateString(pf_rv_text(v, r->category)));
	} else
		cJSON_AddItemToArray(tags,
		    cJSON_CreateString("configuration"));
	if ((ss = pf_rv_security_severity(sev)) != NULL)
		cJSON_AddStringToObject(p, "security-severity", ss);
	cJSON_AddStringToObject(p, "problem.severity", problem_severity(sev));
	cJSON_AddStringToObject(p, "precision", "high");
	return o;
}

static cJSON *
physical(struct pf_rv *v, const struct pf_rv_loc *l, int with_snippet)
{
	cJSON *o = cJSON_CreateObject(), *a, *r;

	a = cJSON_AddObjectToObject(o, "artifactLocation");
	cJSON_AddStringToObject(a, "uri", l->uri);
	cJSON_AddStringToObject(a, "uriBaseId", l->uri_base);
	pf_json_add_int(a, "index", v->file_index[l->loc.file]);
	if (l->loc.line == 0)
		return o;
	r = cJSON_AddObjectToObject(o, "region");
	pf_json_add_int(r, "startLine", l->loc.line);
	if (l->ccol > 0) {
		pf_json_add_int(r, "startColumn", l->ccol);
		if (l->cend > l->ccol)
			pf_json_add_int(r, "endColumn", l->cend);
	}
	/* The region is the span; the whole line (secrets masked) goes in
	 * the context region, as SARIF viewers expect. */
	if (with_snippet && l->snippet != NULL) {
		r = cJSON_AddObjectToObject(o, "contextRegion");
		pf_json_add_int(r, "startLine", l->loc.line);
		cJSON_AddItemToObject(r, "snippet", text_obj(l->snippet));
	}
	return o;
}

static void
add_related(struct pf_rv *v, cJSON *a, int *id, const struct pf_rv_loc *l,
    const char *msg)
{
	cJSON *o;

	if (l->loc.file == 0)
		return;
	o = cJSON_CreateObject();
	pf_json_add_int(o, "id", (*id)++);
	cJSON_AddItemToObject(o, "physicalLocation", physical(v, l, 1));
	cJSON_AddItemToObject(o, "message", text_obj(msg));
	cJSON_AddItemToArray(a, o);
}

static void
add_chain(struct pf_rv *v, cJSON *a, int *id, const struct pf_rv_loc *l)
{
	size_t i;

	for (i = 0; i < l->nchain; i++)
		add_related(v, a, id, &l->chain[i], i == 0 ?
		    pf_printf(v->arena, "%s is included from here", l->path) :
		    pf_printf(v->arena, "%s is included from here",
		    l->chain[i - 1].path));
}

static cJSON *
result(struct pf_rv *v, const struct pf_rv_diag *rd)
{
	cJSON *o = cJSON_CreateObject(), *a, *l, *p;
	int rel = 1;
	size_t i;

	cJSON_AddStringToObject(o, "ruleId", rd->id);
	pf_json_add_int(o, "ruleIndex", pf_rv_id_index(v, rd->id));
	cJSON_AddStringToObject(o, "level", pf_rv_level(rd->sev));
	cJSON_AddItemToObject(o, "message", text_obj(rd->message));
	a = cJSON_AddArrayToObject(o, "locations");
	if (rd->at.loc.file != 0 || rd->subject != NULL) {
		l = cJSON_CreateObject();
		if (rd->at.loc.file != 0)
			cJSON_AddItemToObject(l, "physicalLocation",
			    physical(v, &rd->at, 1));
		if (rd->subject != NULL) {
			cJSON *ll = cJSON_AddArrayToObject(l,
			    "logicalLocations"), *x = cJSON_CreateObject();

			cJSON_AddStringToObject(x, "fullyQualifiedName",
			    rd->subject);
			cJSON_AddStringToObject(x, "kind", "resource");
			cJSON_AddItemToArray(ll, x);
		}
		cJSON_AddItemToArray(a, l);
	}
	a = cJSON_AddArrayToObject(o, "relatedLocations");
	if (rd->gen != NULL) {
		add_related(v, a, &rel, rd->gen, "the generated line this "
		    "description line produced");
		add_chain(v, a, &rel, rd->gen);
	}
	add_chain(v, a, &rel, &rd->at);
	for (i = 0; i < rd->nrel; i++) {
		add_related(v, a, &rel, &rd->rel[i].loc, rd->rel[i].message);
		if (rd->rel[i].gen != NULL)
			add_related(v, a, &rel, rd->rel[i].gen, pf_printf(
			    v->arena, "generated from the line above: %s",
			    rd->rel[i].message));
	}
	if (cJSON_GetArraySize(a) == 0)
		cJSON_DeleteItemFromObject(o, "relatedLocations");
	if (rd->fingerprint != NULL) {
		p = cJSON_AddObjectToObject(o, "partialFingerprints");
		cJSON_AddStringToObject(p, "proxyfpm/v1", rd->fingerprint);
	}
	if (rd->suppressed != NULL) {
		cJSON *s = cJSON_AddArrayToObject(o, "suppressions");
		cJSON *x = cJSON_CreateObject();

		/* The rules write "baseline: ..." for baseline entries. */
		cJSON_AddStringToObject(x, "kind",
		    strncmp(rd->suppressed, "baseline", 8) == 0 ?
		    "external" : "inSource");
		cJSON_AddStringToObject(x, "justification", rd->suppressed);
		cJSON_AddItemToArray(s, x);
	}
	p = cJSON_AddObjectToObject(o, "properties");
	cJSON_AddStringToObject(p, "severity", pf_sev_name(rd->sev));
	if (rd->fix != NULL)
		cJSON_AddStringToObject(p, "fix", rd->fix);
	if (rd->subject != NULL)
		cJSON_AddStringToObject(p, "subject", rd->subject);
	return o;
}

/* One artifact: the k-th distinct file. */
static cJSON *
artifact(void *ctx, size_t i)
{
	struct pf_rv *v = ctx;
	uint32_t k = v->file_first[i];
	const struct pf_source *s = v->run->sources.v[k];
	struct pf_rv_loc l = pf_rv_resolve(v, pf_loc_make(k, 0, 0, 0), 0);
	cJSON *x, *al, *roles;

	x = cJSON_CreateObject();
	al = cJSON_AddObjectToObject(x, "location");
	cJSON_AddStringToObject(al, "uri", l.uri);
	cJSON_AddStringToObject(al, "uriBaseId", l.uri_base);
	pf_json_add_int(x, "length", (long long)s->len);
	roles = cJSON_AddArrayToObject(x, "roles");
	cJSON_AddItemToArray(roles, cJSON_CreateString("analysisTarget"));
	if (s->kind == PF_SRC_GENERATED) {
		/* compile's output, checked before it is written */
		cJSON_AddItemToArray(roles,
		    cJSON_CreateString("memoryContents"));
		cJSON_AddItemToObject(x, "description", text_obj(
		    "Generated by proxyfpm from a site description; "
		    "results point at the description line that "
		    "produced each generated line."));
	}
	return x;
}

static cJSON *
result_item(void *ctx, size_t i)
{
	struct pf_rv_items *it = ctx;

	return result(it->v, pf_rv_item(it, i));
}

int
pf_report_sarif(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	cJSON *root, *runs, *r, *drv, *a, *x, *b;
	struct pf_json_array arr[2];
	struct pf_rv_items it;
	size_t i;
	int rc;

	pf_rv_build_flags(&v, run, o, PF_RV_LAZY);
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
	cJSON_AddStringToObject(root, "version", "2.1.0");
	runs = cJSON_AddArrayToObject(root, "runs");
	r = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, r);
	drv = cJSON_AddObjectToObject(cJSON_AddObjectToObject(r, "tool"),
	    "driver");
	cJSON_AddStringToObject(drv, "name", "proxyfpm");
	cJSON_AddStringToObject(drv, "version", v.tool_version);
	cJSON_AddStringToObject(drv, "informationUri", TOOL_URI);
	a = cJSON_AddArrayToObject(drv, "rules");
	for (i = 0; i < v.nids; i++)
		cJSON_AddItemToArray(a, descriptor(&v, v.ids[i]));
	x = cJSON_AddObjectToObject(r, "automationDetails");
	cJSON_AddStringToObject(x, "id", pf_printf(v.arena, "proxyfpm/%s/",
	    o->command ? o->command : "report"));
	b = cJSON_AddObjectToObject(r, "originalUriBaseIds");
	/* Without a known base (no working directory), consumers resolve
	 * SRCROOT themselves, as SARIF allows. */
	x = cJSON_AddObjectToObject(b, "SRCROOT");
	if (v.srcroot_uri != NULL)
		cJSON_AddStringToObject(x, "uri", v.srcroot_uri);
	cJSON_AddItemToObject(x, "description", text_obj(
	    "The directory paths are reported relative to."));
	x = cJSON_AddObjectToObject(b, "ROOT");
	cJSON_AddStringToObject(x, "uri", "file:///");
	cJSON_AddItemToObject(x, "description", text_obj(
	    "The file system root, for files outside SRCROOT."));
	/* SARIF artifacts are unique: a file Included from many places is
	 * listed once. */
	arr[0].items = cJSON_AddArrayToObject(r, "artifacts");
	arr[0].n = v.nfiles;
	arr[0].item = artifact;
	arr[0].ctx = &v;
	x = cJSON_CreateObject();
	cJSON_AddBoolToObject(x, "executionSuccessful", !run->io_error);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "invocations"), x);
	cJSON_AddStringToObject(r, "columnKind", "unicodeCodePoints");
	arr[1].items = cJSON_AddArrayToObject(r, "results");
	arr[1].n = v.n;
	arr[1].item = result_item;
	arr[1].ctx = &it;
	x = cJSON_AddObjectToObject(r, "properties");
	if (o->command != NULL)
		cJSON_AddStringToObject(x, "command", o->command);
	if (o->apache_version != NULL)
		cJSON_AddStringToObject(x, "apacheVersion", o->apache_version);
	if (o->php_version != NULL)
		cJSON_AddStringToObject(x, "phpVersion", o->php_version);
	cJSON_AddStringToObject(x, "failOn", (unsigned)o->fail_on <
	    PF_SEV_MAX ? pf_sev_name(o->fail_on) : "none");
	cJSON_AddBoolToObject(x, "failed", v.failed);
	pf_json_add_int(x, "notStored", (long long)run->dropped);
	if (run->min_sev > PF_SEV_INFO) {
		cJSON_AddStringToObject(x, "minSeverity",
		    pf_sev_name(run->min_sev));
		pf_json_add_int(x, "belowMinSeverity",
		    (long long)pf_run_below_total(run));
	}
	it.v = &v;
	it.a = pf_arena_new();
	rc = pf_rv_print_json_stream(f, root, arr, 2);
	pf_arena_free(it.a);
	pf_rv_free(&v);
	return rc;
}
