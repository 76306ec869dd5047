/*
 * report_json.c - the json report (docs/report-schema.json, version
 * PF_REPORT_JSON_VERSION) and the rule list for 'proxyfpm rules --format
 * json'.
 *
 * Keys come in a fixed order and findings in file/line order, so two
 * reports of the same inputs are byte-identical and diff cleanly; no
 * timestamp is written.  Absent values are null, never missing keys.
 */
#include "emitters/report_view.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
add_str(cJSON *o, const char *k, const char *s)
{
	if (s != NULL)
		cJSON_AddStringToObject(o, k, s);
	else
		cJSON_AddNullToObject(o, k);
}

static void
add_uint(cJSON *o, const char *k, uint32_t n)
{
	if (n > 0)
		pf_json_add_int(o, k, (long long)n);
	else
		cJSON_AddNullToObject(o, k);
}

/* Paths are bytes: make them valid UTF-8, but do not redact them. */
static const char *
clean(struct pf_rv *v, const char *s)
{
	const unsigned char *q;

	/* cJSON copies: printable ASCII needs no cleaned copy of its own
	 * (one per source, 20,000 at 10,000 vhosts) */
	for (q = (const unsigned char *)s; *q >= 0x20 && *q < 0x7f; q++)
		;
	return *q == '\0' ? s : pf_rv_clean(v->arena, s, strlen(s), 0, NULL,
	    0);
}

static cJSON *
short_loc(const struct pf_rv_loc *l)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "path", l->path);
	cJSON_AddStringToObject(o, "uri", l->uri);
	add_uint(o, "line", l->loc.line);
	add_uint(o, "column", l->loc.col);
	return o;
}

/* A location: place, snippet, Include chain and, for generated text,
 * the description line it came from. */
static cJSON *
loc_json(const struct pf_rv_loc *l, const struct pf_rv_loc *origin)
{
	cJSON *o, *a;
	size_t i;

	if (l->loc.file == 0)
		return cJSON_CreateNull();
	o = short_loc(l);
	pf_json_add_int(o, "length", (long long)l->loc.len);
	cJSON_AddStringToObject(o, "kind", pf_rv_kind_name(l->kind));
	add_str(o, "snippet", l->snippet);
	a = cJSON_AddArrayToObject(o, "include_chain");
	for (i = 0; i < l->nchain; i++)
		cJSON_AddItemToArray(a, short_loc(&l->chain[i]));
	if (origin != NULL)
		cJSON_AddItemToObject(o, "origin", loc_json(origin, NULL));
	else
		cJSON_AddNullToObject(o, "origin");
	return o;
}

/* Rule metadata is ours, but keep the output valid whatever it holds. */
static const char *
aclean(struct pf_arena *a, const char *s)
{
	return s ? pf_rv_clean(a, s, strlen(s), 1, NULL, 0) : NULL;
}

static cJSON *
rule_json(struct pf_arena *a, const struct pf_rule_info *r, const char *uri)
{
	cJSON *o = cJSON_CreateObject();
	const char *ss = pf_rv_security_severity(r->severity);

	cJSON_AddStringToObject(o, "id", aclean(a, r->id));
	add_str(o, "name", aclean(a, r->name));
	add_str(o, "severity", pf_sev_name(r->severity));
	add_str(o, "category", aclean(a, r->category));
	add_str(o, "summary", aclean(a, r->summary));
	add_str(o, "help", aclean(a, r->help));
	cJSON_AddStringToObject(o, "help_uri", uri);
	add_str(o, "security_severity", ss);
	cJSON_AddStringToObject(o, "sarif_level", pf_rv_level(r->severity));
	return o;
}

static cJSON *
finding_json(struct pf_rv *v, const struct pf_rv_diag *rd)
{
	cJSON *o = cJSON_CreateObject(), *a, *r;
	const struct pf_rv_loc *found = rd->gen ? rd->gen : &rd->at;
	size_t i;

	cJSON_AddStringToObject(o, "kind", rd->finding ? "finding" :
	    "diagnostic");
	cJSON_AddStringToObject(o, "id", rd->id);
	add_str(o, "rule", rd->rule ? rd->id : NULL);
	cJSON_AddStringToObject(o, "severity", pf_sev_name(rd->sev));
	cJSON_AddStringToObject(o, "level", pf_rv_level(rd->sev));
	cJSON_AddStringToObject(o, "message", rd->message);
	add_str(o, "subject", rd->subject);
	cJSON_AddItemToObject(o, "location", loc_json(found,
	    rd->gen ? &rd->at : NULL));
	a = cJSON_AddArrayToObject(o, "related");
	for (i = 0; i < rd->nrel; i++) {
		const struct pf_rv_related *rl = &rd->rel[i];

		r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "message", rl->message);
		cJSON_AddItemToObject(r, "location", loc_json(rl->gen ?
		    rl->gen : &rl->loc, rl->gen ? &rl->loc : NULL));
		cJSON_AddItemToArray(a, r);
	}
	add_str(o, "fix", rd->fix);
	add_str(o, "fingerprint", rd->fingerprint);
	if (rd->suppressed != NULL) {
		r = cJSON_AddObjectToObject(o, "suppressed");
		cJSON_AddStringToObject(r, "reason", rd->suppressed);
	} else
		cJSON_AddNullToObject(o, "suppressed");
	cJSON_AddBoolToObject(o, "failing", rd->failing);
	(void)v;
	return o;
}

cJSON *
pf_json_add_int(cJSON *o, const char *key, long long n)
{
	char b[24], *e = b + sizeof(b) - 1;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n :
	    (unsigned long long)n;

	/* %1.15g writes exponents from 10^15 on */
	if (u >= 1000000000000000ULL)
		return cJSON_AddNumberToObject(o, key, (double)n);
	*e = '\0';
	do
		*--e = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		*--e = '-';
	return cJSON_AddRawToObject(o, key, e);
}

static cJSON *
tool_json(const char *version)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", "proxyfpm");
	cJSON_AddStringToObject(o, "version", version);
	return o;
}

/* One entry of inputs.files (source i + 1). */
static cJSON *
file_json(void *ctx, size_t k)
{
	struct pf_rv *v = ctx;
	struct pf_run *run = v->run;
	uint32_t i = (uint32_t)k + 1;
	const struct pf_source *s = run->sources.v[i];
	const char *path = pf_report_path(run, i, v->o);
	cJSON *f = cJSON_CreateObject(), *r;

	cJSON_AddStringToObject(f, "path", clean(v, path));
	cJSON_AddStringToObject(f, "kind", pf_rv_kind_name(s->kind));
	pf_json_add_int(f, "bytes", (long long)s->len);
	if (s->included_from.file != 0) {
		path = pf_report_path(run, s->included_from.file, v->o);
		r = cJSON_AddObjectToObject(f, "included_from");
		cJSON_AddStringToObject(r, "path", clean(v, path));
		add_uint(r, "line", s->included_from.line);
		add_uint(r, "column", s->included_from.col);
	} else
		cJSON_AddNullToObject(f, "included_from");
	return f;
}

/* inputs, with its files array left empty for the stream (*files). */
static cJSON *
inputs_json(struct pf_rv *v, cJSON **files)
{
	struct pf_run *run = v->run;
	cJSON *o = cJSON_CreateObject();

	add_str(o, "apache_version", v->o->apache_version);
	add_str(o, "php_version", v->o->php_version);
	add_str(o, "root", run->root ? clean(v, run->root) : NULL);
	add_str(o, "base_dir", v->o->base_dir ?
	    clean(v, v->o->base_dir) : NULL);
	*files = cJSON_AddArrayToObject(o, "files");
	return o;
}

static cJSON *
summary_json(struct pf_rv *v)
{
	static const enum pf_severity order[] = {
		PF_SEV_CRITICAL, PF_SEV_HIGH, PF_SEV_MEDIUM, PF_SEV_LOW,
		PF_SEV_INFO, PF_SEV_ERROR, PF_SEV_WARNING, PF_SEV_NOTE,
	};
	cJSON *o = cJSON_CreateObject(), *s, *a, *r;
	size_t i, k, *cnt;

	add_str(o, "fail_on", (unsigned)v->o->fail_on < PF_SEV_MAX ?
	    pf_sev_name(v->o->fail_on) : "none");
	cJSON_AddBoolToObject(o, "failed", v->failed);
	pf_json_add_int(o, "exit_code",
	    pf_report_failing(v->run, v->o->fail_on));
	pf_json_add_int(o, "reported", (long long)v->nshown);
	pf_json_add_int(o, "suppressed", (long long)v->nsuppressed);
	pf_json_add_int(o, "not_stored", (long long)v->run->dropped);
	add_str(o, "min_severity", pf_sev_name(v->run->min_sev > PF_SEV_INFO ?
	    v->run->min_sev : PF_SEV_INFO));
	pf_json_add_int(o, "below_min_severity",
	    (long long)pf_run_below_total(v->run));
	s = cJSON_AddObjectToObject(o, "by_severity");
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		pf_json_add_int(s, pf_sev_name(order[i]),
		    (long long)v->count[order[i]]);
	cnt = pf_alloc(v->arena, (v->nids + 1) * sizeof(*cnt));
	for (i = 0; i < v->n; i++)
		if (v->v[i].suppressed == NULL)
			cnt[pf_rv_id_index(v, v->v[i].id)]++;
	a = cJSON_AddArrayToObject(o, "by_id");
	for (k = 0; k < v->nids; k++) {
		if (cnt[k] == 0)
			continue;
		r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "id", v->ids[k]);
		pf_json_add_int(r, "count", (long long)cnt[k]);
		cJSON_AddItemToArray(a, r);
	}
	return o;
}

int
pf_rv_print_json(FILE *f, struct cJSON *root)
{
	char *s = cJSON_Print(root);
	int rc = 0;

	cJSON_Delete(root);
	if (s == NULL)
		return -1;
	if (fputs(s, f) == EOF || fputc('\n', f) == EOF)
		rc = -1;
	cJSON_free(s);
	return rc != 0 || ferror(f) ? -1 : 0;
}

/* What stands in a streamed array while the rest is printed: control
 * characters, which cJSON escapes and the report never writes raw. */
#define STREAM_MARK	"\001proxyfpm-stream-%zu\001"
#define STREAM_MARK_JSON "\"\\u0001proxyfpm-stream-%zu\\u0001\""
#define STREAM_MAX	4

/* Prints the elements of one array, each indented as cJSON would. */
static int
stream_items(FILE *f, const struct pf_json_array *ar, size_t tabs)
{
	const char *p, *nl;
	size_t i, k;

	for (i = 0; i < ar->n; i++) {
		cJSON *x = ar->item(ar->ctx, i);
		char *t = x != NULL ? cJSON_Print(x) : NULL;

		cJSON_Delete(x);
		if (t == NULL)
			return -1;
		if (i > 0)
			fputs(", ", f);
		/* cJSON indents an array's elements one tab deeper than
		 * the line that opens it */
		for (p = t; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
			fwrite(p, 1, (size_t)(nl + 1 - p), f);
			for (k = 0; k <= tabs; k++)
				fputc('\t', f);
		}
		fputs(p, f);
		cJSON_free(t);
		if (ferror(f))
			return -1;
	}
	return 0;
}

int
pf_rv_print_json_stream(FILE *f, struct cJSON *root,
    struct pf_json_array *arrays, size_t narrays)
{
	char mark[64], *s, *at[STREAM_MAX], *p;
	size_t i, k, order[STREAM_MAX], tabs, mlen[STREAM_MAX];
	const char *done;
	int rc = 0;

	if (narrays > STREAM_MAX)
		return -1;
	for (i = 0; i < narrays; i++) {
		snprintf(mark, sizeof(mark), STREAM_MARK, i);
		cJSON_AddItemToArray(arrays[i].items, cJSON_CreateString(mark));
	}
	s = cJSON_Print(root);
	cJSON_Delete(root);
	if (s == NULL)
		return -1;
	for (i = 0; i < narrays; i++) {
		snprintf(mark, sizeof(mark), STREAM_MARK_JSON, i);
		mlen[i] = strlen(mark);
		if ((at[i] = strstr(s, mark)) == NULL) {
			cJSON_free(s);
			return -1;
		}
		/* in the order they stand in the text */
		for (k = i; k > 0 && at[order[k - 1]] > at[i]; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	done = s;
	for (k = 0; k < narrays && rc == 0; k++) {
		i = order[k];
		for (p = at[i]; p > s && p[-1] != '\n'; p--)
			;
		for (tabs = 0; p[tabs] == '\t'; tabs++)
			;
		if (fwrite(done, 1, (size_t)(at[i] - done), f) !=
		    (size_t)(at[i] - done))
			rc = -1;
		else
			rc = stream_items(f, &arrays[i], tabs);
		done = at[i] + mlen[i];
	}
	if (rc == 0 && (fputs(done, f) == EOF || fputc('\n', f) == EOF))
		rc = -1;
	cJSON_free(s);
	return rc != 0 || ferror(f) ? -1 : 0;
}

static cJSON *
json_item(void *ctx, size_t i)
{
	struct pf_rv_items *it = ctx;

	return finding_json(it->v, pf_rv_item(it, i));
}

int
pf_report_json(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	cJSON *root, *a;
	size_t i;

	struct pf_rv_items it;
	struct pf_json_array arr[2];
	cJSON *files;
	int rc;

	pf_rv_build_flags(&v, run, o, PF_RV_LAZY);
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "format", "proxyfpm-report");
	pf_json_add_int(root, "version", PF_REPORT_JSON_VERSION);
	cJSON_AddItemToObject(root, "tool", tool_json(v.tool_version));
	add_str(root, "command", o->command);
	cJSON_AddItemToObject(root, "inputs", inputs_json(&v, &files));
	cJSON_AddItemToObject(root, "summary", summary_json(&v));
	arr[0].items = files;
	arr[0].n = run->sources.n > 0 ? run->sources.n - 1 : 0;
	arr[0].item = file_json;
	arr[0].ctx = &v;
	arr[1].items = cJSON_AddArrayToObject(root, "findings");
	arr[1].n = v.n;
	arr[1].item = json_item;
	arr[1].ctx = &it;
	a = cJSON_AddArrayToObject(root, "rules");
	for (i = 0; i < v.nrules; i++)
		cJSON_AddItemToArray(a, rule_json(v.arena, v.rules[i],
		    pf_rv_rule_uri(&v, v.rules[i]->id)));
	it.v = &v;
	it.a = pf_arena_new();
	rc = pf_rv_print_json_stream(f, root, arr, 2);
	pf_arena_free(it.a);
	pf_rv_free(&v);
	return rc;
}

int
pf_report_rules_json(FILE *f, const struct pf_rule_info *const *rules,
    size_t nrules, const struct pf_report_opts *o)
{
	const char *base = o && o->rule_docs_url ? o->rule_docs_url :
	    PF_RULE_DOCS_URL;
	cJSON *root = cJSON_CreateObject(), *a;
	struct pf_arena *ar = pf_arena_new();
	size_t i;
	const char *uri;

	cJSON_AddStringToObject(root, "format", "proxyfpm-rules");
	pf_json_add_int(root, "version", PF_REPORT_JSON_VERSION);
	cJSON_AddItemToObject(root, "tool", tool_json(o && o->tool_version ?
	    o->tool_version : PF_VERSION));
	a = cJSON_AddArrayToObject(root, "rules");
	for (i = 0; i < nrules; i++) {
		uri = aclean(ar, pf_printf(ar, "%s%s.md", base, rules[i]->id));
		cJSON_AddItemToArray(a, rule_json(ar, rules[i], uri));
	}
	pf_arena_free(ar);
	return pf_rv_print_json(f, root);
}
