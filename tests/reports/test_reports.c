/*
 * test_reports.c - every report format on the same runs (fixtures.c):
 * golden outputs, determinism, redaction in every format, well-formed
 * XML and JSON for any input bytes, JUnit against the schema, SARIF
 * fingerprints, GitHub escaping, exit status, the redaction scanner.
 *
 *   test_reports               run the tests
 *   test_reports --write DIR   write every fixture in every format to
 *                              DIR/FIXTURE.EXT (for the schema and
 *                              Chromium tests)
 *
 * Goldens live in testdata/reports/expected/FIXTURE.EXT; after a
 * deliberate change, regenerate them with PF_UPDATE_GOLDEN=1 and review
 * the diff.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emitters/report.h"
#include "fixtures.h"
#include "model/fingerprint.h"
#include "model/buf.h"
#include "model/redact.h"
#include "t.h"

static const struct {
	const char	*format;
	const char	*ext;
} exts[] = {
	{ "text", "txt" }, { "compact", "compact.txt" }, { "json", "json" },
	{ "sarif", "sarif" }, { "junit", "junit.xml" },
	{ "checkstyle", "checkstyle.xml" }, { "github", "github.txt" },
	{ "gitlab", "gitlab.json" }, { "html", "html" }, { NULL, NULL },
};

static char *
render_fmt(struct pf_run *run, const char *fmt,
    const struct pf_report_opts *o, size_t *len)
{
	const struct pf_report_format *f = pf_report_find(fmt);
	char *s = NULL;
	size_t n = 0;
	FILE *mf = open_memstream(&s, &n);

	if (f == NULL || mf == NULL) {
		fprintf(stderr, "no format %s\n", fmt);
		exit(2);
	}
	T_EQ_INT(f->render(run, mf, o), 0);
	fclose(mf);
	if (len != NULL)
		*len = n;
	return s;
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0, r;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap * 2 + 8192;
			s = realloc(s, cap);
		}
		r = fread(s + n, 1, 4096, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

static int
write_all(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	fwrite(s, 1, n, f);
	return fclose(f);
}

/* Is the output valid UTF-8 without control characters (but TAB, LF)? */
static int
clean_utf8(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len, k;
	unsigned c;

	while (i < n) {
		c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				goto fail;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, c &= 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, c &= 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, c &= 0x07;
		else
			goto fail;
		if (i + len > n)
			goto fail;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto fail;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff ||
		    (c >= 0x80 && c <= 0x9f) || c == 0xfffe || c == 0xffff)
			goto fail;
		i += len;
	}
	return 1;
fail:
	*bad = i;
	return 0;
}

static int
xml_ok(const char *s, size_t n, xmlDocPtr *out)
{
	xmlDocPtr doc = xmlReadMemory(s, (int)n, "report.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (doc == NULL)
		return 0;
	if (out != NULL)
		*out = doc;
	else
		xmlFreeDoc(doc);
	return 1;
}

static xmlSchemaPtr junit_schema;
static int schema_tried;

static xmlSchemaPtr
load_junit_schema(void)
{
	char path[1024];
	xmlSchemaParserCtxtPtr pc;
	const char *ci = getenv("CI");

	if (schema_tried)
		return junit_schema;
	schema_tried = 1;
	snprintf(path, sizeof(path), "%s/schemas/junit.xsd", PF_SHARED_DIR);
	if (access(path, R_OK) != 0) {
		if (ci != NULL && strcmp(ci, "true") == 0)
			t_fail(__FILE__, __LINE__, "%s missing in CI", path);
		else
			fprintf(stderr, "SKIP: %s missing; JUnit not "
			    "validated\n", path);
		return NULL;
	}
	pc = xmlSchemaNewParserCtxt(path);
	junit_schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	T_TRUE(junit_schema != NULL);
	return junit_schema;
}

static int
junit_valid(const char *s, size_t n)
{
	xmlSchemaPtr sc = load_junit_schema();
	xmlSchemaValidCtxtPtr vc;
	xmlDocPtr doc;
	int rc;

	if (!xml_ok(s, n, &doc))
		return 0;
	if (sc == NULL) {
		xmlFreeDoc(doc);
		return 1;
	}
	vc = xmlSchemaNewValidCtxt(sc);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return rc == 0;
}

/* Structural checks every output of every run must pass. */
static void
check_wellformed(const char *what, const char *fmt, const char *s, size_t n)
{
	size_t bad = 0;
	cJSON *j;

	if (!clean_utf8(s, n, &bad))
		t_fail(__FILE__, __LINE__, "%s %s: not clean UTF-8 at byte "
		    "%zu", what, fmt, bad);
	else
		t_checks++;
	if (strcmp(fmt, "json") == 0 || strcmp(fmt, "sarif") == 0 ||
	    strcmp(fmt, "gitlab") == 0) {
		j = cJSON_ParseWithLength(s, n);
		if (j == NULL)
			t_fail(__FILE__, __LINE__, "%s %s: JSON does not parse",
			    what, fmt);
		t_checks++;
		cJSON_Delete(j);
	}
	if (strcmp(fmt, "checkstyle") == 0) {
		if (!xml_ok(s, n, NULL))
			t_fail(__FILE__, __LINE__, "%s checkstyle: not "
			    "well-formed XML", what);
		t_checks++;
	}
	if (strcmp(fmt, "junit") == 0) {
		if (!junit_valid(s, n))
			t_fail(__FILE__, __LINE__, "%s junit: not valid "
			    "against junit.xsd", what);
		t_checks++;
	}
}

T_TEST(goldens_match_and_outputs_are_wellformed)
{
	const char *update = getenv("PF_UPDATE_GOLDEN");
	const struct fixture *fx;
	struct pf_report_opts o;
	char path[1024];
	size_t i, n, en;
	char *out, *exp;

	for (fx = fixtures; fx->name != NULL; fx++) {
		for (i = 0; exts[i].format != NULL; i++) {
			struct pf_run *run = fx->build();

			fixture_opts(fx, &o);
			out = render_fmt(run, exts[i].format, &o, &n);
			snprintf(path, sizeof(path),
			    "%s/reports/expected/%s.%s", PF_TESTDATA,
			    fx->name, exts[i].ext);
			check_wellformed(fx->name, exts[i].format, out, n);
			if (update != NULL && strcmp(update, "1") == 0) {
				T_EQ_INT(write_all(path, out, n), 0);
			} else if ((exp = read_all(path, &en)) == NULL) {
				t_fail(__FILE__, __LINE__, "missing golden "
				    "%s (PF_UPDATE_GOLDEN=1 writes it)", path);
			} else {
				t_checks++;
				if (en != n || memcmp(exp, out, n) != 0) {
					char actual[1100];

					/* Kept in the working directory (the
					 * build's tests/) for the diff. */
					mkdir("reports-actual", 0755);
					snprintf(actual, sizeof(actual),
					    "reports-actual/%s.%s", fx->name,
					    exts[i].ext);
					write_all(actual, out, n);
					t_fail(__FILE__, __LINE__, "%s differs "
					    "from the golden; diff -u %s %s",
					    exts[i].format, path, actual);
				}
				free(exp);
			}
			free(out);
			pf_run_free(run);
		}
	}
}

T_TEST(outputs_are_deterministic)
{
	const struct fixture *fx = &fixtures[0];
	struct pf_report_opts o;
	size_t i, n1, n2;

	fixture_opts(fx, &o);
	for (i = 0; exts[i].format != NULL; i++) {
		struct pf_run *a = fx->build(), *b = fx->build();
		char *x = render_fmt(a, exts[i].format, &o, &n1);
		char *y = render_fmt(b, exts[i].format, &o, &n2);
		char *z = render_fmt(a, exts[i].format, &o, NULL);

		/* Same inputs, separate runs, and a second rendering of the
		 * same run (fingerprints already set) give the same bytes. */
		T_TRUE(n1 == n2 && memcmp(x, y, n1) == 0);
		T_EQ_STR(z, x);
		free(x);
		free(y);
		free(z);
		pf_run_free(a);
		pf_run_free(b);
	}
}

T_TEST(secrets_are_redacted_in_every_format)
{
	const struct fixture *fx;
	struct pf_report_opts o;
	size_t i, k, n;
	char *out;

	for (fx = fixtures; fx->name != NULL; fx++)
		for (i = 0; exts[i].format != NULL; i++) {
			struct pf_run *run = fx->build();

			fixture_opts(fx, &o);
			o.show_suppressed = 1;
			out = render_fmt(run, exts[i].format, &o, &n);
			for (k = 0; fixture_secrets[k] != NULL; k++)
				if (strstr(out, fixture_secrets[k]) != NULL)
					t_fail(__FILE__, __LINE__, "%s %s "
					    "shows the secret '%s'", fx->name,
					    exts[i].format,
					    fixture_secrets[k]);
				else
					t_checks++;
			free(out);
			pf_run_free(run);
		}
	/* --no-redact shows them (snippets, messages). */
	fx = &fixtures[0];
	for (i = 0; exts[i].format != NULL; i++) {
		struct pf_run *run = fx->build();

		fixture_opts(fx, &o);
		o.redact = 0;
		out = render_fmt(run, exts[i].format, &o, &n);
		T_TRUE(strstr(out, "hunter2-secret") != NULL);
		T_TRUE(strstr(out, "[redacted]") == NULL);
		free(out);
		pf_run_free(run);
	}
}

/* A run with random bytes in files, messages and locations. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
rnd_bytes(char *p, size_t n, int nul)
{
	static const char pool[] = "<>&\"']]>%:,\r\n\t\x1b\x7f\xc0\xff\xfe"
	    "\xed\xa0\x80\xef\xbf\xbe\xc2\x85\xf0\x9f\x90\x98" "ab =env[PW]";
	size_t i;

	for (i = 0; i < n; i++) {
		p[i] = rnd(3) == 0 ? (char)rnd(256) :
		    pool[rnd(sizeof(pool) - 1)];
		if (!nul && p[i] == '\0')
			p[i] = 'x';
	}
}

static struct pf_run *
random_run(void)
{
	struct pf_run *run = pf_run_new();
	uint32_t nsrc = 1 + rnd(4), i, k;

	for (i = 0; i < nsrc; i++) {
		size_t len = rnd(300);
		char *data = pf_alloc(run->arena, len + 1), path[64];

		rnd_bytes(data, len, 1);
		rnd_bytes(path, 20, 0);
		path[20] = '\0';
		path[0] = rnd(2) ? '/' : 'a';
		pf_source_add(run, path, data, len, (enum pf_src_kind)
		    rnd(PF_SRC_KIND_MAX), i > 0 && rnd(2) ?
		    pf_loc_make(rnd(i) + 1, rnd(20), rnd(40), rnd(10)) :
		    PF_NOLOC);
	}
	for (k = 0; k < 1 + rnd(6); k++) {
		char msg[80];
		struct pf_diag *d;
		static const struct pf_rule_info ri = { "random-rule",
		    "Random \x01 rule", PF_SEV_HIGH, "sum\xffmary", "cat",
		    "help <b>&amp;" };

		rnd_bytes(msg, sizeof(msg) - 1, 0);
		msg[sizeof(msg) - 1] = '\0';
		d = pf_diag_add(run, (enum pf_severity)rnd(PF_SEV_MAX),
		    rnd(3) ? "rid" : NULL, pf_loc_make(rnd(nsrc + 2),
		    rnd(30), rnd(400), rnd(500)), "%s", msg);
		if (rnd(2))
			d->rule = &ri;
		if (rnd(2))
			pf_diag_fix(run, d, "%s", msg + 10);
		if (rnd(2))
			pf_diag_related(run, d, pf_loc_make(rnd(nsrc + 1),
			    rnd(20), rnd(50), rnd(9)), "%s", msg + 20);
		if (rnd(3) == 0)
			d->suppressed = "why\x02not";
		if (rnd(3) == 0)
			d->subject = "sub,ject:%";
	}
	return run;
}

T_TEST(any_input_bytes_give_wellformed_reports)
{
	struct pf_report_opts o;
	size_t i, n;
	int iter;
	char *out;

	memset(&o, 0, sizeof(o));
	o.redact = 1;
	o.fail_on = PF_SEV_MEDIUM;
	o.base_dir = "/b";
	o.show_suppressed = 1;
	for (iter = 0; iter < 150; iter++) {
		struct pf_run *run = random_run();

		o.redact = iter & 1;
		for (i = 0; exts[i].format != NULL; i++) {
			out = render_fmt(run, exts[i].format, &o, &n);
			check_wellformed("random", exts[i].format, out, n);
			free(out);
		}
		pf_run_free(run);
	}
}

T_TEST(junit_maps_failures_to_the_exit_status)
{
	struct pf_run *run = fixtures[0].build();
	struct pf_report_opts o;
	xmlDocPtr doc = NULL;
	xmlNodePtr s, c, k;
	size_t n;
	int failures = 0, errors = 0, skipped = 0, suites = 0;
	char *out;

	fixture_opts(&fixtures[0], &o);
	out = render_fmt(run, "junit", &o, &n);
	T_TRUE(xml_ok(out, n, &doc));
	if (doc == NULL)
		return;
	for (s = xmlDocGetRootElement(doc)->children; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE)
			continue;
		suites++;
		for (c = s->children; c; c = c->next)
			for (k = c->children; k; k = k->next) {
				if (k->type != XML_ELEMENT_NODE)
					continue;
				failures += !strcmp((char *)k->name,
				    "failure");
				errors += !strcmp((char *)k->name, "error");
				skipped += !strcmp((char *)k->name,
				    "skipped");
			}
	}
	/* One suite per file; high, critical, medium findings fail (3),
	 * the reader error errs, the suppressed finding is skipped. */
	T_EQ_INT(suites, 7);	/* the snippet Included twice is one */
	T_EQ_INT(failures, 3);
	T_EQ_INT(errors, 1);
	T_EQ_INT(skipped, 1);
	xmlFreeDoc(doc);
	free(out);
	pf_run_free(run);
}

T_TEST(sarif_fingerprints_ignore_line_numbers)
{
	static const char a[] = "<VirtualHost *:80>\n"
	    "\tSetEnv DB_PASSWORD one\n</VirtualHost>\n";
	static const char b[] = "# a comment added above\n\n"
	    "<VirtualHost *:80>\n"
	    "\tSetEnv   DB_PASSWORD    two-rotated\n</VirtualHost>\n";
	struct pf_run *r1 = pf_run_new(), *r2 = pf_run_new();
	uint32_t f1 = pf_source_add(r1, "etc/x.conf", a, sizeof(a) - 1,
	    PF_SRC_HTTPD, PF_NOLOC);
	uint32_t f2 = pf_source_add(r2, "./etc/x.conf", b, sizeof(b) - 1,
	    PF_SRC_HTTPD, PF_NOLOC);
	struct pf_diag *d1, *d2, *d3, *d4;
	char fp[PF_FINGERPRINT_MAX];

	d1 = pf_diag_add(r1, PF_SEV_MEDIUM, "setenv-secret",
	    pf_loc_make(f1, 2, 9, 11), "x at line 2");
	d2 = pf_diag_add(r2, PF_SEV_MEDIUM, "setenv-secret",
	    pf_loc_make(f2, 4, 11, 11), "x at line 4");
	pf_fingerprint_run(r1);
	pf_fingerprint_run(r2);
	/* Moved down two lines, re-indented, password rotated: the same
	 * finding.  (The path differs only by "./".) */
	T_TRUE(d1->fingerprint != NULL);
	T_EQ_STR(d1->fingerprint, "075ec0f7705db6ec5c3a2cc356eb534d");
	T_TRUE(strlen(d1->fingerprint) == 32);
	pf_fingerprint_diag(r2, d2, fp);
	T_EQ_STR(fp, "075ec0f7705db6ec5c3a2cc356eb534d");
	T_EQ_STR(d2->fingerprint, d1->fingerprint);
	/* Another rule on the same line, or another file, differs. */
	d3 = pf_diag_add(r1, PF_SEV_MEDIUM, "other-rule",
	    pf_loc_make(f1, 2, 9, 11), "x");
	pf_fingerprint_run(r1);
	T_TRUE(strcmp(d3->fingerprint, d1->fingerprint) != 0);
	/* The same rule twice on identical lines: unique, in file order. */
	d4 = pf_diag_add(r1, PF_SEV_MEDIUM, "setenv-secret",
	    pf_loc_make(f1, 2, 1, 0), "again");
	d4->fingerprint = NULL;
	pf_fingerprint_run(r1);
	T_EQ_STR(d4->fingerprint, "075ec0f7705db6ec5c3a2cc356eb534d:2");
	/* Without a line: the message, numbers ignored. */
	{
		struct pf_diag *x = pf_diag_add(r1, PF_SEV_INFO, "sizing",
		    PF_NOLOC, "max_children 5 is below 150");
		struct pf_diag *y = pf_diag_add(r2, PF_SEV_INFO, "sizing",
		    PF_NOLOC, "max_children 8 is below 300");
		char fx[PF_FINGERPRINT_MAX], fy[PF_FINGERPRINT_MAX];

		pf_fingerprint_diag(r1, x, fx);
		pf_fingerprint_diag(r2, y, fy);
		T_EQ_STR(fx, fy);
	}
	pf_run_free(r1);
	pf_run_free(r2);
}

/* Masks what pf_redact_scan finds in line. */
static const char *
masked(struct pf_arena *a, const char *line)
{
	struct pf_span sp[64];
	size_t ns = pf_redact_scan(line, strlen(line), sp, 64), n;

	return pf_redact_apply(a, line, strlen(line), sp, ns, &n, NULL, 0);
}

T_TEST(redaction_scanner_finds_secrets_by_syntax)
{
	static const struct { const char *in, *out; } cases[] = {
		/* php-fpm */
		{ "env[DB_HOST] = db.internal", "env[DB_HOST] = [redacted]" },
		{ "env[X]=\"quoted value\" ", "env[X]=\"[redacted]\" " },
		{ "php_admin_value[mysqli.default_pw] = pw1",
		  "php_admin_value[mysqli.default_pw] = [redacted]" },
		{ "php_value[memory_limit] = 256M",
		  "php_value[memory_limit] = 256M" },
		{ ";env[OLD] = commented-out", ";env[OLD] = [redacted]" },
		/* the process environment www.conf passes on is no secret */
		{ "env[TMP] = /tmp", "env[TMP] = /tmp" },
		{ "env[PATH] = /usr/local/bin:/usr/bin:/bin",
		  "env[PATH] = /usr/local/bin:/usr/bin:/bin" },
		{ "env[LC_ALL] = C.UTF-8", "env[LC_ALL] = C.UTF-8" },
		{ "env[TMP_KEY] = k9", "env[TMP_KEY] = [redacted]" },
		/* php.ini and site descriptions */
		{ "mysql.default_password = x1", "mysql.default_password = "
		  "[redacted]" },
		{ "session.save_path = \"tcp://h:6379?auth=r3d1s&db=2\"",
		  "session.save_path = \"tcp://h:6379?auth=[redacted]&db=2\"" },
		{ "tls_key = /etc/ssl/private/shop.key",
		  "tls_key = /etc/ssl/private/shop.key" },
		{ "api_key = abc123", "api_key = [redacted]" },
		{ "memory_limit = 128M", "memory_limit = 128M" },
		/* httpd */
		{ "SetEnv DB_PASSWORD \"p w\"", "SetEnv DB_PASSWORD "
		  "\"[redacted]\"" },
		{ "SetEnv APP_ENV production", "SetEnv APP_ENV production" },
		{ "php_admin_value mysqli.default_pw pw2",
		  "php_admin_value mysqli.default_pw [redacted]" },
		{ "ProxyFCGISetEnvIf \"true\" SECRET_TOKEN abc",
		  "ProxyFCGISetEnvIf \"true\" SECRET_TOKEN [redacted]" },
		{ "RequestHeader set Authorization \"Bearer xyz\"",
		  "RequestHeader set Authorization \"[redacted]\"" },
		{ "Header always set X-Frame-Options DENY",
		  "Header always set X-Frame-Options DENY" },
		{ "AuthLDAPBindPassword s3cret", "AuthLDAPBindPassword "
		  "[redacted]" },
		{ "SSLPassPhraseDialog exec:/usr/share/apache2/ask",
		  "SSLPassPhraseDialog exec:/usr/share/apache2/ask" },
		{ "DBDParams \"host=db user=u password=pw3 dbname=d\"",
		  "DBDParams \"host=db user=u password=[redacted] dbname=d\"" },
		{ "RewriteRule ^ - [E=API_KEY:k3y,L]",
		  "RewriteRule ^ - [E=API_KEY:[redacted],L]" },
		{ "SetEnvIf Host x DB_PASS=pw4", "SetEnvIf Host x "
		  "DB_PASS=[redacted]" },
		{ "ProxyPass / http://user:pw5@backend:8080/",
		  "ProxyPass / http://user:[redacted]@backend:8080/" },
		{ "ProxyPass / fcgi://127.0.0.1:9000/srv/",
		  "ProxyPass / fcgi://127.0.0.1:9000/srv/" },
		{ "ProxyPassMatch ^/(.*\\.php)$ fcgi://h:9000/x/$1",
		  "ProxyPassMatch ^/(.*\\.php)$ fcgi://h:9000/x/$1" },
		{ "<If \"%{QUERY_STRING} == 'token=1'\">",
		  "<If \"%{QUERY_STRING} == 'token=[redacted]'\">" },
		{ "PassEnv DB_PASSWORD", "PassEnv DB_PASSWORD" },
		{ NULL, NULL },
	};
	struct pf_arena *a = pf_arena_new();
	int i;

	for (i = 0; cases[i].in != NULL; i++)
		T_EQ_STR(masked(a, cases[i].in), cases[i].out);
	T_TRUE(pf_redact_secret_name("DB_PASSWORD", 11));
	T_TRUE(pf_redact_secret_name("dbPassword", 10));
	T_TRUE(pf_redact_secret_name("mysqli.default_pw", 17));
	T_TRUE(pf_redact_secret_name("APP_KEY", 7));
	T_TRUE(!pf_redact_secret_name("pm.max_children", 15));
	T_TRUE(!pf_redact_secret_name("keyboard", 8));
	T_TRUE(!pf_redact_secret_name("passthru", 8));
	pf_arena_free(a);
}

T_TEST(redactor_masks_known_values_as_whole_tokens)
{
	struct pf_run *run = pf_run_new();
	static const char pool[] = "[p]\nenv[APP_ENV] = prod\n"
	    "env[DB_PASSWORD] = hunter2\nenv[SHORT] = ab\n"
	    "env[TMPDIR] = /tmp\n";
	struct pf_redactor *r;

	pf_source_add(run, "/p.conf", pool, sizeof(pool) - 1, PF_SRC_FPM,
	    PF_NOLOC);
	r = pf_redactor_new(run);
	T_EQ_INT(pf_redactor_count(r), 2);	/* "ab" is too short */
	T_EQ_STR(pf_redact_text(r, run->arena, "pw 'hunter2' in prod, "
	    "production, hunter22"), "pw '[redacted]' in [redacted], "
	    "production, hunter22");
	T_EQ_STR(pf_redact_text(r, run->arena, "ab"), "ab");
	T_EQ_STR(pf_redact_text(r, run->arena, "log /tmp/x.log"),
	    "log /tmp/x.log");
	pf_redactor_free(r);
	pf_run_free(run);
}

/*
 * Thousands of values sharing a prefix (one per pool), values that end
 * inside others (the automaton's dictionary links), overlapping values:
 * the leftmost value wins, the longest at a position, whole tokens only.
 */
T_TEST(redactor_many_values_shared_prefixes_and_overlaps)
{
	struct pf_run *run = pf_run_new();
	struct pf_buf b = PF_BUF_INIT;
	struct pf_redactor *r;
	int i;

	for (i = 0; i < 3000; i++)
		pf_buf_printf(&b, "[p%d]\nenv[DB_PASSWORD] = /srv/site%04d/tmp\n",
		    i, i);
	pf_buf_puts(&b, "[q]\nenv[A_TOKEN] = superhunter2\n"
	    "env[B_TOKEN] = hunter2\nenv[C_TOKEN] = ab-cd\n"
	    "env[D_TOKEN] = cd-ef\n");
	pf_source_add(run, "/p.conf", pf_buf_str(&b), b.len, PF_SRC_FPM,
	    PF_NOLOC);
	r = pf_redactor_new(run);
	T_EQ_INT(pf_redactor_count(r), 3004);
	T_EQ_STR(pf_redact_text(r, run->arena, "in /srv/site2999/tmp and "
	    "/srv/site0002/tmpx, /srv/site3000/tmp"), "in [redacted] and "
	    "/srv/site0002/tmpx, /srv/site3000/tmp");
	T_EQ_STR(pf_redact_text(r, run->arena, "superhunter2 hunter2 "
	    "xhunter2"), "[redacted] [redacted] xhunter2");
	T_EQ_STR(pf_redact_text(r, run->arena, "ab-cd-ef cd-ef"),
	    "[redacted]-ef [redacted]");
	T_EQ_STR(pf_redact_text(r, run->arena, "/srv/site0001/tmp"),
	    "[redacted]");
	pf_buf_free(&b);
	pf_redactor_free(r);
	pf_run_free(run);
}

/*
 * The scan remembers lines that hold no secret (a tree stamped from one
 * template repeats them thousands of times): a line one byte away from a
 * remembered one, of the same length and in a full table, is still
 * scanned, and its secret found.
 */
T_TEST(redactor_remembered_quiet_lines_hide_no_secret)
{
	struct pf_run *run = pf_run_new();
	struct pf_buf b = PF_BUF_INIT;
	struct pf_redactor *r;
	int i, round;

	for (round = 0; round < 2; round++)
		for (i = 0; i < 5000; i++)
			pf_buf_printf(&b, "\tSetEnv DB_PASSWORE s%05d\n", i);
	for (i = 0; i < 5000; i++)
		pf_buf_printf(&b, "\tSetEnv DB_PASSWORD s%05d\n", i);
	pf_source_add(run, "/v.conf", pf_buf_str(&b), b.len, PF_SRC_HTTPD,
	    PF_NOLOC);
	r = pf_redactor_new(run);
	T_EQ_INT(pf_redactor_count(r), 5000);
	T_EQ_STR(pf_redact_text(r, run->arena, "s00000 s04999 s05000"),
	    "[redacted] [redacted] s05000");
	pf_buf_free(&b);
	pf_redactor_free(r);
	pf_run_free(run);
}

/*
 * A prescan (lint starts it between reading and the rules) sees the
 * sources of its start; pf_redactor_new() adds those registered after,
 * and finds the same set as a scan from scratch.  A run freed with its
 * prescan never taken joins the thread (ASan: no leak, no race on the
 * arena it frees).
 */
static void
big_source(struct pf_run *run, struct pf_buf *b, const char *path,
    const char *secret)
{
	int i;

	/* past the 4 MiB from which the scan gets a thread of its own */
	for (i = 0; i < 130000; i++)
		pf_buf_printf(b, "\tServerAlias www%06d.example.test\n", i);
	pf_buf_printf(b, "\tSetEnv DB_PASSWORD %s\n", secret);
	pf_source_add(run, path, pf_buf_str(b), b->len, PF_SRC_HTTPD,
	    PF_NOLOC);
}

T_TEST(redactor_prescan_then_later_sources)
{
	struct pf_run *run = pf_run_new(), *plain = pf_run_new();
	struct pf_buf b1 = PF_BUF_INIT, b2 = PF_BUF_INIT;
	static const char late[] = "[p]\nenv[API_TOKEN] = late-s3cret\n";
	struct pf_redactor *r, *rp;

	big_source(run, &b1, "/big.conf", "early-s3cret");
	pf_redactor_prescan(run);
	T_TRUE(run->redact_pre != NULL);	/* big enough for a thread */
	pf_source_add(run, "/late.conf", late, sizeof(late) - 1,
	    PF_SRC_FPM, PF_NOLOC);
	r = pf_redactor_new(run);
	T_TRUE(run->redact_pre == NULL);
	T_EQ_STR(pf_redact_text(r, run->arena, "a early-s3cret b "
	    "late-s3cret"), "a [redacted] b [redacted]");
	/* the same set as without a prescan */
	pf_source_add(plain, "/big.conf", pf_buf_str(&b1), b1.len,
	    PF_SRC_HTTPD, PF_NOLOC);
	pf_source_add(plain, "/late.conf", late, sizeof(late) - 1,
	    PF_SRC_FPM, PF_NOLOC);
	rp = pf_redactor_new(plain);
	T_EQ_INT(pf_redactor_count(r), pf_redactor_count(rp));
	pf_redactor_free(rp);
	pf_redactor_free(r);
	pf_run_free(plain);
	pf_run_free(run);

	/* started, never taken: pf_run_free waits for it */
	run = pf_run_new();
	big_source(run, &b2, "/big.conf", "other-s3cret");
	pf_redactor_prescan(run);
	T_TRUE(run->redact_pre != NULL);
	pf_run_free(run);
	pf_buf_free(&b1);
	pf_buf_free(&b2);

	/* small runs scan when the report asks, as before */
	run = pf_run_new();
	pf_source_add(run, "/late.conf", late, sizeof(late) - 1,
	    PF_SRC_FPM, PF_NOLOC);
	pf_redactor_prescan(run);
	T_TRUE(run->redact_pre == NULL);
	pf_run_free(run);
}

/* The masking the automaton must reproduce, the plain way. */
static int
tok(const char *s, size_t i)
{
	return isalnum((unsigned char)s[i]) || s[i] == '_';
}

static void
naive_mask(char vals[][12], int nv, const char *s, char *out)
{
	size_t len = strlen(s), i, o = 0, best, n;
	int k;

	for (i = 0; i < len; i++) {
		best = 0;
		for (k = 0; k < nv; k++) {
			n = strlen(vals[k]);
			if (n > len - i || n <= best ||
			    memcmp(s + i, vals[k], n) != 0)
				continue;
			if (tok(s, i) && i > 0 && tok(s, i - 1))
				continue;
			if (tok(s, i + n - 1) && i + n < len && tok(s, i + n))
				continue;
			best = n;
		}
		if (best == 0) {
			out[o++] = s[i];
			continue;
		}
		memcpy(out + o, "[redacted]", 10);
		o += 10;
		i += best - 1;
	}
	out[o] = '\0';
}

/* Random values and texts over a small alphabet (overlaps, shared
 * prefixes and suffixes everywhere): the automaton masks as the plain
 * scan does. */
T_TEST(redactor_agrees_with_the_plain_scan)
{
	static const char abc[] = "ab-_/.x";
	struct pf_run *run = pf_run_new();
	struct pf_redactor *r = pf_redactor_new(run);
	char vals[40][12], text[64], want[700];
	unsigned seed = 12345;
	int i, k, nv = 0, masked_texts = 0;
	size_t n;

#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
	for (i = 0; i < 40; i++) {
		n = 4 + RND() % 6;
		for (k = 0; k < (int)n; k++)
			vals[nv][k] = abc[RND() % (sizeof(abc) - 1)];
		vals[nv][n] = '\0';
		for (k = 0; k < nv && strcmp(vals[k], vals[nv]) != 0; k++)
			;
		if (k < nv)
			continue;
		pf_redactor_add(r, vals[nv], n);
		nv++;
	}
	T_EQ_INT(pf_redactor_count(r), nv);
	for (i = 0; i < 3000; i++) {
		n = RND() % 60;
		for (k = 0; k < (int)n; k++)
			text[k] = abc[RND() % (sizeof(abc) - 1)];
		text[n] = '\0';
		naive_mask(vals, nv, text, want);
		masked_texts += strstr(want, "[redacted]") != NULL;
		T_EQ_STR(pf_redact_text(r, run->arena, text), want);
	}
	T_TRUE(masked_texts > 100);	/* the comparison saw matches */
#undef RND
	pf_redactor_free(r);
	pf_run_free(run);
}

T_TEST(caret_survives_redaction_and_long_lines)
{
	struct pf_run *run = pf_run_new();
	static const char conf[] = "SetEnv DB_PASSWORD verylongsecretvalue "
	    "x\n";
	size_t big = 1 << 20, n;
	char *line = pf_alloc(run->arena, big + 2), *out, *p;
	uint32_t f, g;
	struct pf_report_opts o;

	f = pf_source_add(run, "/a.conf", conf, sizeof(conf) - 1,
	    PF_SRC_HTTPD, PF_NOLOC);
	pf_diag_add(run, PF_SEV_LOW, "x", pf_loc_make(f, 1, 40, 1), "m");
	memset(line, 'a', big);
	memcpy(line + 500000, "NEEDLE", 6);
	line[big] = '\n';
	g = pf_source_add(run, "/b.conf", line, big + 1, PF_SRC_HTTPD,
	    PF_NOLOC);
	pf_diag_add(run, PF_SEV_LOW, "y", pf_loc_make(g, 1, 500001, 6), "m");
	memset(&o, 0, sizeof(o));
	o.redact = 1;
	out = render_fmt(run, "text", &o, &n);
	T_TRUE(strstr(out, "    SetEnv DB_PASSWORD [redacted] x\n"
	    "                                  ^\n") != NULL);
	p = strstr(out, "NEEDLE");
	T_TRUE(p != NULL);
	T_TRUE(n < 2000);	/* a 1 MB line is cut around the column */
	T_TRUE(strstr(out, "^~~~~~\n") != NULL);
	free(out);
	/* Colour only when asked. */
	o.color = 1;
	out = render_fmt(run, "text", &o, &n);
	T_TRUE(strchr(out, '\033') != NULL);
	free(out);
	pf_run_free(run);
}

T_TEST(github_escapes_properties_and_data)
{
	struct pf_run *run = pf_run_new();
	static const char conf[] = "x\n";
	struct pf_report_opts o;
	uint32_t f = pf_source_add(run, "/w/a,b:c%d.conf", conf,
	    sizeof(conf) - 1, PF_SRC_HTTPD, PF_NOLOC);
	struct pf_diag *d;
	char *out;

	d = pf_diag_add(run, PF_SEV_HIGH, "r", pf_loc_make(f, 1, 1, 1),
	    "100%% sure\r\nline two: a,b");
	pf_diag_fix(run, d, "do x");
	pf_diag_add(run, PF_SEV_LOW, "q", PF_NOLOC, "no file");
	memset(&o, 0, sizeof(o));
	o.base_dir = "/w";
	out = render_fmt(run, "github", &o, NULL);
	T_EQ_STR(out,
	    "::error file=a%2Cb%3Ac%25d.conf,line=1,endLine=1,col=1,"
	    "endColumn=2,title=proxyfpm high [r]::100%25 sure%0Aline "
	    "two: a,b%0Afix: do x\n"
	    "::notice title=proxyfpm low [q]::no file\n");
	free(out);
	pf_run_free(run);
}

T_TEST(failing_follows_fail_on_and_suppression)
{
	struct pf_run *run = pf_run_new();
	struct pf_diag *d;

	T_EQ_INT(pf_report_failing(run, PF_SEV_MEDIUM), 0);
	pf_diag_add(run, PF_SEV_WARNING, NULL, PF_NOLOC, "w");
	T_EQ_INT(pf_report_failing(run, PF_SEV_INFO), 0);
	d = pf_diag_add(run, PF_SEV_HIGH, "h", PF_NOLOC, "h");
	T_EQ_INT(pf_report_failing(run, PF_SEV_MEDIUM), 1);
	T_EQ_INT(pf_report_failing(run, PF_SEV_CRITICAL), 0);
	T_EQ_INT(pf_report_failing(run, PF_SEV_MAX), 0);
	d->suppressed = "inline: ok";
	T_EQ_INT(pf_report_failing(run, PF_SEV_LOW), 0);
	pf_diag_add(run, PF_SEV_ERROR, NULL, PF_NOLOC, "e");
	T_EQ_INT(pf_report_failing(run, PF_SEV_MAX), 3);
	pf_run_free(run);
}

T_TEST(diagnostics_over_the_cap_are_counted)
{
	struct pf_run *run = pf_run_new();
	struct pf_report_opts o;
	cJSON *j, *s;
	char *out;
	int i;

	for (i = 0; i < PF_MAX_DIAGS_HARD + 3; i++)
		pf_diag_add(run, i < PF_MAX_DIAGS_HARD ? PF_SEV_LOW :
		    PF_SEV_HIGH, "r", PF_NOLOC, "n%d", i);
	/* The stored ones are below the threshold; the dropped ones are
	 * not, and still fail the run. */
	T_EQ_INT(pf_report_failing(run, PF_SEV_MEDIUM), 1);
	memset(&o, 0, sizeof(o));
	o.fail_on = PF_SEV_MEDIUM;
	out = render_fmt(run, "json", &o, NULL);
	j = cJSON_Parse(out);
	s = cJSON_GetObjectItem(j, "summary");
	T_EQ_INT(cJSON_GetObjectItem(s, "not_stored")->valuedouble, 3);
	T_EQ_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "by_severity"),
	    "high")->valuedouble, 3);
	T_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(s, "failed")));
	cJSON_Delete(j);
	free(out);
	pf_run_free(run);
}

T_TEST(rules_list_renders_as_json)
{
	const struct pf_rule_info *rules[] = { &fx_rule_greedy,
	    &fx_rule_sizing };
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	cJSON *j, *a, *r;

	T_EQ_INT(pf_report_rules_json(f, rules, 2, NULL), 0);
	fclose(f);
	j = cJSON_Parse(s);
	T_TRUE(j != NULL);
	T_EQ_STR(cJSON_GetObjectItem(j, "format")->valuestring,
	    "proxyfpm-rules");
	a = cJSON_GetObjectItem(j, "rules");
	T_EQ_INT(cJSON_GetArraySize(a), 2);
	r = cJSON_GetArrayItem(a, 0);
	T_EQ_STR(cJSON_GetObjectItem(r, "id")->valuestring,
	    "greedy-proxypassmatch");
	T_EQ_STR(cJSON_GetObjectItem(r, "severity")->valuestring, "high");
	T_EQ_STR(cJSON_GetObjectItem(r, "security_severity")->valuestring,
	    "8.0");
	T_EQ_STR(cJSON_GetObjectItem(r, "help_uri")->valuestring,
	    PF_RULE_DOCS_URL "greedy-proxypassmatch.md");
	T_TRUE(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 1),
	    "help")));
	cJSON_Delete(j);
	free(s);
}

static int
write_outputs(const char *dir)
{
	const struct fixture *fx;
	struct pf_report_opts o;
	char path[1024];
	size_t i, n, k;
	char *out;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		perror(dir);
		return 2;
	}
	{
		const struct pf_rule_info *rules[] = { &fx_rule_greedy,
		    &fx_rule_upload_php, &fx_rule_sizing };
		FILE *f;

		snprintf(path, sizeof(path), "%s/rules.json", dir);
		if ((f = fopen(path, "w")) == NULL ||
		    pf_report_rules_json(f, rules, 3, NULL) != 0 ||
		    fclose(f) != 0) {
			perror(path);
			return 2;
		}
	}
	for (fx = fixtures; fx->name != NULL; fx++)
		for (i = 0; exts[i].format != NULL; i++) {
			struct pf_run *run = fx->build();

			fixture_opts(fx, &o);
			out = render_fmt(run, exts[i].format, &o, &n);
			snprintf(path, sizeof(path), "%s/%s.%s", dir, fx->name,
			    exts[i].ext);
			if (write_all(path, out, n) != 0) {
				perror(path);
				return 2;
			}
			free(out);
			pf_run_free(run);
		}
	/* Random runs too, so the schemas see odd locations, bytes and a
	 * report without a base directory. */
	for (k = 0; k < 20; k++) {
		struct pf_run *run = random_run();
		static const char *const fmts[] = { "sarif", "json" };

		memset(&o, 0, sizeof(o));
		o.redact = k & 1;
		o.fail_on = PF_SEV_MEDIUM;
		o.base_dir = k % 3 ? "/b" : NULL;
		o.show_suppressed = 1;
		for (i = 0; i < 2; i++) {
			out = render_fmt(run, fmts[i], &o, &n);
			snprintf(path, sizeof(path), "%s/random-%zu.%s", dir, k,
			    fmts[i]);
			if (write_all(path, out, n) != 0) {
				perror(path);
				return 2;
			}
			free(out);
		}
		pf_run_free(run);
	}
	return t_failures ? 1 : 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		return write_outputs(argv[2]);
	T_RUN(goldens_match_and_outputs_are_wellformed);
	T_RUN(outputs_are_deterministic);
	T_RUN(secrets_are_redacted_in_every_format);
	T_RUN(any_input_bytes_give_wellformed_reports);
	T_RUN(junit_maps_failures_to_the_exit_status);
	T_RUN(sarif_fingerprints_ignore_line_numbers);
	T_RUN(redaction_scanner_finds_secrets_by_syntax);
	T_RUN(redactor_masks_known_values_as_whole_tokens);
	T_RUN(redactor_many_values_shared_prefixes_and_overlaps);
	T_RUN(redactor_remembered_quiet_lines_hide_no_secret);
	T_RUN(redactor_agrees_with_the_plain_scan);
	T_RUN(redactor_prescan_then_later_sources);
	T_RUN(caret_survives_redaction_and_long_lines);
	T_RUN(github_escapes_properties_and_data);
	T_RUN(failing_follows_fail_on_and_suppression);
	T_RUN(diagnostics_over_the_cap_are_counted);
	T_RUN(rules_list_renders_as_json);
	if (junit_schema != NULL)
		xmlSchemaFree(junit_schema);
	xmlCleanupParser();
	return t_done();
}
