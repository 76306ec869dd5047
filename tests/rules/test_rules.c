/*
 * test_rules.c - unit tests of the rule engine: registry, backend parsing
 * and route->pool linking, Apache-compatible pattern matching, the
 * request simulator on hand-built trees, suppression comments, baselines
 * that survive line shifts, and the project configuration file.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/fingerprint.h"
#include "model/model.h"
#include "rules/link.h"
#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/writable.h"
#include "t.h"
#include "tnode.h"

/* ---- a tiny tree builder -------------------------------------------- */

static struct pf_node *
section(struct pf_node *parent, const char *name, int argc, ...)
{
	struct pf_node *n;
	va_list ap;
	const char *a0 = NULL, *a1 = NULL;

	va_start(ap, argc);
	if (argc > 0)
		a0 = va_arg(ap, const char *);
	if (argc > 1)
		a1 = va_arg(ap, const char *);
	va_end(ap);
	n = argc == 0 ? node(parent, name, 0) : argc == 1 ?
	    node(parent, name, 1, a0) : node(parent, name, 2, a0, a1);
	n->flags |= PF_NODE_SECTION;
	return n;
}

struct fixture {
	struct pf_model	*m;
	struct pf_node	*root, *vh;
	struct pf_vhost	*v;
	struct pf_pool	*pool;
	struct pf_sim	*sim;
};

static void
fixture(struct fixture *f, const char *limit_ext)
{
	R = pf_run_new();
	pf_source_add(R, "test.conf", "", 0, PF_SRC_HTTPD, PF_NOLOC);
	f->m = pf_model_get(R);
	f->m->apache = pf_alloc(R->arena, sizeof(*f->m->apache));
	f->root = section(NULL, "", 0);
	f->m->apache->root = f->root;
	f->vh = section(f->root, "VirtualHost", 1, "*:80");
	node(f->vh, "DocumentRoot", 1, "/srv/w");
	f->v = pf_alloc(R->arena, sizeof(*f->v));
	f->v->node = f->vh;
	f->v->document_root.s = "/srv/w";
	PF_PUSH(R->arena, f->m->apache->vhosts, f->v);
	f->pool = pf_alloc(R->arena, sizeof(*f->pool));
	f->pool->name = "w";
	f->pool->listen.kind = PF_LISTEN_UNIX;
	f->pool->listen.path = "/run/php/w.sock";
	f->pool->limit_extensions.s = limit_ext;
	PF_PUSH(R->arena, f->m->pools, f->pool);
	f->sim = NULL;
}

static struct pf_sim *
sim(struct fixture *f)
{
	if (f->sim == NULL)
		f->sim = pf_sim_new(R, pf_wdirs_build(R, NULL));
	return f->sim;
}

static void
ask(struct fixture *f, const char *url, const char *file,
    struct pf_sim_verdict *v)
{
	const char *files[1] = { file };
	struct pf_sim_fs fs = { files, file ? 1 : 0, 0 };

	/* The tests grow the tree between questions; a simulator caches
	 * the tree it was built for, so each question gets a new one. */
	f->sim = NULL;
	T_EQ_INT(pf_sim_request(sim(f), f->v, url, &fs, v), 0);
}

static const char *HANDLER = "proxy:unix:/run/php/w.sock|fcgi://localhost";

/* ---- registry ------------------------------------------------------- */

T_TEST(every_rule_has_metadata_and_doc)
{
	size_t i, j, n = pf_rules_count();

	T_TRUE(n >= 45);
	for (i = 0; i < n; i++) {
		const struct pf_rule_info *r = pf_rules_get(i);
		const char *p;

		T_TRUE(r->id != NULL && r->name != NULL && r->summary != NULL);
		for (p = r->id; *p != '\0'; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' &&
			    *p <= '9') || *p == '-'))
				t_fail(__FILE__, __LINE__, "id %s is not "
				    "kebab-case", r->id);
		T_TRUE(pf_sev_is_finding(r->severity));
		if (r->help == NULL || strstr(r->help, "## Fix") == NULL)
			t_fail(__FILE__, __LINE__, "rule %s has no embedded "
			    "doc with a Fix section", r->id);
		for (j = 0; j < i; j++)
			T_TRUE(strcmp(pf_rules_get(j)->id, r->id) != 0);
	}
	T_TRUE(pf_rules_find("GREEDY-proxypassmatch") != NULL);
	T_TRUE(pf_rules_find("no-such-rule") == NULL);
}

T_TEST(selectors_take_ids_categories_and_patterns)
{
	const struct pf_rule_info *g = pf_rules_find("greedy-proxypassmatch");
	const struct pf_rule_info *c = pf_rules_find("cve-2014-3583");

	T_TRUE(pf_rules_selects("routing", g));
	T_TRUE(!pf_rules_selects("routing", c));
	T_TRUE(pf_rules_selects("cve-*", c));
	T_TRUE(!pf_rules_selects("cve-*", g));
	T_TRUE(pf_rules_selects("all", g));
	T_TRUE(pf_rules_selector_ok("sizing"));
	T_TRUE(!pf_rules_selector_ok("nonsense"));
}

/* ---- helpers -------------------------------------------------------- */

T_TEST(versions_and_ini_values)
{
	T_TRUE(pf_vercmp("2.4.9", "2.4.10") < 0);
	T_TRUE(pf_vercmp("2.4.71", "2.4.71") == 0);
	T_TRUE(pf_vercmp("8.2.36-1+deb12u1", "8.2.36") == 0);
	T_TRUE(pf_vercmp("8.3", "8.2.99") > 0);
	T_EQ_INT(pf_ini_bytes("128M"), 128LL << 20);
	T_EQ_INT(pf_ini_bytes("1G"), 1LL << 30);
	T_EQ_INT(pf_ini_bytes("-1"), -1);
	/* zend_ini_parse_quantity: the last character is the multiplier */
	T_EQ_INT(pf_ini_bytes("128MB"), 128);
	T_EQ_INT(pf_ini_bytes("1.5G"), 1LL << 30);
	T_EQ_INT(pf_ini_bytes(" 64 M "), 64LL << 20);
	T_EQ_INT(pf_ini_bytes("\"256M\""), 256LL << 20);
	T_EQ_INT(pf_ini_bytes("30"), 30);
	T_EQ_INT(pf_ini_bytes("0x10"), 16);
	T_EQ_INT(pf_ini_bytes("010"), 8);
	T_EQ_INT(pf_ini_bytes("0b101"), 5);
	T_EQ_INT(pf_ini_bytes("-0x10"), -16);
	T_EQ_INT(pf_ini_bytes("2M junk"), 2048);
	T_TRUE(pf_ini_true("On") && pf_ini_true("1") && pf_ini_true("stderr"));
	T_TRUE(!pf_ini_true("Off") && !pf_ini_true("0") && !pf_ini_true(""));
	T_TRUE(pf_path_under("/srv/w/up", "/srv/w"));
	T_TRUE(pf_path_under("/srv/w", "/srv/w/"));
	T_TRUE(!pf_path_under("/srv/ww", "/srv/w"));
}

/* ---- backends and linking ------------------------------------------- */

T_TEST(backend_urls_parse_like_mod_proxy)
{
	struct pf_arena *a = pf_arena_new();
	struct pf_backend b;

	T_EQ_INT(pf_backend_parse(a, "proxy:unix:/run/php/x.sock|fcgi://localhost",
	    &b), 0);
	T_EQ_STR(b.socket, "/run/php/x.sock");
	T_EQ_STR(b.host, "localhost");
	T_EQ_INT(b.port, 8000);
	T_EQ_INT(pf_backend_parse(a, "fcgi://127.0.0.1:9000/var/www/$1", &b), 0);
	T_TRUE(b.socket == NULL);
	T_EQ_STR(b.host, "127.0.0.1");
	T_EQ_INT(b.port, 9000);
	T_EQ_STR(b.path, "/var/www/$1");
	T_EQ_INT(pf_backend_parse(a, "proxy:fcgi://[::1]:9001", &b), 0);
	T_EQ_STR(b.host, "::1");
	T_EQ_INT(b.port, 9001);
	T_EQ_INT(pf_backend_parse(a, "http://127.0.0.1:8080/", &b), -1);
	T_EQ_INT(pf_backend_parse(a, "application/x-httpd-php", &b), -1);
	pf_arena_free(a);
}

T_TEST(routes_link_to_the_pool_that_listens_there)
{
	struct fixture f;
	struct pf_pool *tcp, *any;
	struct pf_backend b;
	struct pf_worker *w;

	fixture(&f, NULL);
	tcp = pf_alloc(R->arena, sizeof(*tcp));
	tcp->name = "tcp";
	tcp->listen.kind = PF_LISTEN_TCP;
	tcp->listen.host = "127.0.0.1";
	tcp->listen.port = 9000;
	PF_PUSH(R->arena, f.m->pools, tcp);
	any = pf_alloc(R->arena, sizeof(*any));
	any->name = "any";
	any->listen.kind = PF_LISTEN_TCP;
	any->listen.port = 8000;
	any->listen.any = 1;
	PF_PUSH(R->arena, f.m->pools, any);

	pf_backend_parse(R->arena, "proxy:unix:/var/run/php/w.sock|fcgi://x", &b);
	T_TRUE(pf_link_backend(f.m, &b, NULL) == f.pool);
	pf_backend_parse(R->arena, "proxy:fcgi://localhost:9000", &b);
	T_TRUE(pf_link_backend(f.m, &b, NULL) == tcp);
	/* No port: mod_proxy's default 8000 (the bare-port pool). */
	pf_backend_parse(R->arena, "proxy:fcgi://localhost", &b);
	T_TRUE(pf_link_backend(f.m, &b, NULL) == any);
	pf_backend_parse(R->arena, "proxy:fcgi://127.0.0.1:9999", &b);
	T_TRUE(pf_link_backend(f.m, &b, NULL) == NULL);
	/* A <Proxy "unix:...|fcgi://php"> worker supplies the socket. */
	w = pf_alloc(R->arena, sizeof(*w));
	w->name = "fcgi://php";
	w->socket = "/run/php/w.sock";
	PF_PUSH(R->arena, f.m->apache->workers, w);
	pf_backend_parse(R->arena, "proxy:fcgi://php", &b);
	T_TRUE(pf_link_backend(f.m, &b, NULL) == f.pool);
	pf_run_free(R);
}

/* ---- patterns ------------------------------------------------------- */

T_TEST(patterns_compile_as_apache_does)
{
	struct fixture f;
	long ov[4];

	fixture(&f, NULL);
	/* DOLLAR_ENDONLY: "$" does not match before a final newline. */
	T_EQ_INT(pf_sim_regex(sim(&f), "\\.php$", 0, "x.php\n", NULL, 0), 0);
	T_EQ_INT(pf_sim_regex(sim(&f), "\\.php$", 0, "x.php", NULL, 0), 1);
	/* DOTALL: "." matches a newline. */
	T_EQ_INT(pf_sim_regex(sim(&f), "^a.b$", 0, "a\nb", NULL, 0), 1);
	/* Case-sensitive unless (?i) or icase. */
	T_EQ_INT(pf_sim_regex(sim(&f), "\\.php$", 0, "X.PHP", NULL, 0), 0);
	T_EQ_INT(pf_sim_regex(sim(&f), "(?i)\\.php$", 0, "X.PHP", NULL, 0), 1);
	T_EQ_INT(pf_sim_regex(sim(&f), "\\.php$", 1, "X.PHP", NULL, 0), 1);
	T_EQ_INT(pf_sim_regex(sim(&f), "^/(.*\\.php)$", 0, "/a.jpg/b.php", ov,
	    2), 1);
	T_EQ_INT(ov[2], 1);
	T_EQ_INT(ov[3], 12);
	T_EQ_INT(pf_sim_regex(sim(&f), "(unclosed", 0, "x", NULL, 0), -1);
	pf_run_free(R);

	/* RegexDefaultOptions None drops DOLLAR_ENDONLY (pre-2.4.30). */
	fixture(&f, NULL);
	node(f.root, "RegexDefaultOptions", 1, "None");
	T_EQ_INT(pf_sim_regex(sim(&f), "\\.php$", 0, "x.php\n", NULL, 0), 1);
	pf_run_free(R);
}

/* ---- the simulator -------------------------------------------------- */

T_TEST(filesmatch_handler_resolves_the_file_first)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *fm, *iff;

	fixture(&f, NULL);
	fm = section(f.vh, "FilesMatch", 1, ".+\\.php$");
	iff = section(fm, "If", 1, "-f %{REQUEST_FILENAME}");
	iff->raw = "\"-f %{REQUEST_FILENAME}\"";
	node(iff, "SetHandler", 1, HANDLER);

	ask(&f, "/index.php", "/srv/w/index.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.via, PF_ROUTE_SETHANDLER);
	T_TRUE(v.pool == f.pool);
	T_TRUE(v.file_check);
	T_EQ_STR(v.script_filename, "proxy:fcgi://localhost/srv/w/index.php");
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	T_EQ_STR(v.executed, "/srv/w/index.php");

	/* PATH_INFO is split off by Apache, FPM runs the script. */
	ask(&f, "/index.php/a/b", "/srv/w/index.php", &v);
	T_EQ_STR(v.fpm_path_info, "/a/b");
	T_EQ_STR(v.script_name, "/index.php");
	T_EQ_STR(v.path_translated, "/srv/w/a/b");
	T_EQ_STR(v.executed, "/srv/w/index.php");

	/* evil.jpg/x.php: the file is evil.jpg, FilesMatch does not match. */
	ask(&f, "/up/evil.jpg/x.php", "/srv/w/up/evil.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_NOT_FOUND);
	T_EQ_STR(v.filename, "/srv/w/up/evil.jpg");
	T_EQ_STR(v.path_info, "/x.php");
	ask(&f, "/up/evil.php.jpg", "/srv/w/up/evil.php.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_STATIC);
	/* The -f guard keeps nonexistent scripts away from FPM. */
	ask(&f, "/nope.php", NULL, &v);
	T_EQ_INT(v.outcome, PF_SIM_NOT_FOUND);
	pf_run_free(R);
}

T_TEST(unguarded_handler_sends_missing_scripts_to_fpm)
{
	struct fixture f;
	struct pf_sim_verdict v;

	fixture(&f, NULL);
	node(section(f.vh, "FilesMatch", 1, ".+\\.php$"), "SetHandler", 1,
	    HANDLER);
	ask(&f, "/nope.php", NULL, &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.file_check, 0);
	T_EQ_INT(v.fpm, PF_FPM_NOT_FOUND);
	pf_run_free(R);
}

T_TEST(greedy_proxypassmatch_and_fix_pathinfo)
{
	struct fixture f;
	struct pf_sim_verdict v;

	fixture(&f, NULL);
	node(f.vh, "ProxyPassMatch", 2, "^/(.*\\.php(/.*)?)$",
	    "unix:/run/php/w.sock|fcgi://localhost/srv/w/$1");
	ask(&f, "/up/evil.jpg/x.php", "/srv/w/up/evil.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.via, PF_ROUTE_PROXYPASSMATCH);
	T_EQ_STR(v.script_filename,
	    "proxy:fcgi://localhost/srv/w/up/evil.jpg/x.php");
	/* fix_pathinfo=1 (default): FPM walks back to evil.jpg, and the
	 * default limit_extensions refuses it. */
	T_EQ_INT(v.fix_pathinfo, 1);
	T_EQ_STR(v.executed, "/srv/w/up/evil.jpg");
	T_EQ_INT(v.fpm, PF_FPM_DENIED);
	pf_run_free(R);

	fixture(&f, ".php .jpg");
	node(f.vh, "ProxyPassMatch", 2, "^/(.*\\.php(/.*)?)$",
	    "fcgi://127.0.0.1:9000/srv/w/$1");
	f.pool->listen.kind = PF_LISTEN_TCP;
	f.pool->listen.host = "127.0.0.1";
	f.pool->listen.port = 9000;
	ask(&f, "/up/evil.jpg/x.php", "/srv/w/up/evil.jpg", &v);
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	T_EQ_STR(v.executed, "/srv/w/up/evil.jpg");
	/* A literal front-controller route is not greedy. */
	pf_run_free(R);

	fixture(&f, NULL);
	node(f.vh, "ProxyPassMatch", 2, "^/(index\\.php)$",
	    "unix:/run/php/w.sock|fcgi://localhost/srv/w/$1");
	ask(&f, "/up/evil.jpg/x.php", "/srv/w/up/evil.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_NOT_FOUND);
	ask(&f, "/index.php", "/srv/w/index.php", &v);
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	pf_run_free(R);
}

T_TEST(proxypass_order_exclusions_and_location)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *loc;

	fixture(&f, NULL);
	node(f.vh, "ProxyPass", 2, "/app/static", "!");
	node(f.vh, "ProxyPass", 2, "/app/", "fcgi://127.0.0.1:9000/srv/w/app/");
	ask(&f, "/app/static/x.php", "/srv/w/app/static/x.php", &v);
	T_TRUE(v.outcome != PF_SIM_FPM);
	ask(&f, "/app/x.jpg", "/srv/w/app/x.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_STR(v.script_filename, "proxy:fcgi://127.0.0.1:9000/srv/w/app/x.jpg");
	/* Whole segments only: /application is not under /app. */
	node(f.vh, "ProxyPass", 2, "/api", "fcgi://127.0.0.1:9000/srv/w/api");
	ask(&f, "/apix.php", "/srv/w/apix.php", &v);
	T_TRUE(v.outcome != PF_SIM_FPM);
	pf_run_free(R);

	/* ProxyPass inside <Location> wins over the server's. */
	fixture(&f, NULL);
	node(f.vh, "ProxyPass", 2, "/", "fcgi://127.0.0.1:9000/srv/w/");
	loc = section(f.vh, "Location", 1, "/loc");
	node(loc, "ProxyPass", 1, "fcgi://127.0.0.1:9001/other");
	ask(&f, "/loc/sub/q", NULL, &v);
	T_EQ_STR(v.script_filename, "proxy:fcgi://127.0.0.1:9001/other/sub/q");
	pf_run_free(R);
}

T_TEST(locationmatch_proxypassmatch_and_inherited_rewrites)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *lm;

	/* ProxyPassMatch in <LocationMatch>: $1 comes from the section. */
	fixture(&f, NULL);
	lm = section(f.vh, "LocationMatch", 1, "^/app/(.*\\.php)$");
	node(lm, "ProxyPassMatch", 1, "fcgi://127.0.0.1:9000/srv/w/app/$1");
	ask(&f, "/app/x.php", "/srv/w/app/x.php", &v);
	T_EQ_STR(v.script_filename, "proxy:fcgi://127.0.0.1:9000/srv/w/app/x.php");
	pf_run_free(R);

	/* The main server's rules reach a vhost only with Inherit. */
	fixture(&f, NULL);
	node(f.root, "RewriteEngine", 1, "On");
	node(f.root, "RewriteRule", 3, "^/(.*\\.php)$",
	    "fcgi://127.0.0.1:9000/srv/w/$1", "[P]");
	node(f.vh, "RewriteEngine", 1, "On");
	ask(&f, "/a.php", "/srv/w/a.php", &v);
	T_TRUE(v.outcome != PF_SIM_FPM);
	node(f.vh, "RewriteOptions", 1, "Inherit");
	ask(&f, "/a.php", "/srv/w/a.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.via, PF_ROUTE_REWRITE_PROXY);
	pf_run_free(R);

	/* A condition on the Host header does not divert ordinary probes
	 * (the attacker sends another Host), but a proxying rule behind
	 * one counts (the attacker sends that Host). */
	fixture(&f, NULL);
	node(f.vh, "RewriteEngine", 1, "On");
	node(f.vh, "RewriteCond", 3, "%{HTTP_HOST}", "^www\\.(.+)$", "[NC]");
	node(f.vh, "RewriteRule", 3, "^", "http://%1%{REQUEST_URI}",
	    "[R=301,L]");
	node(f.vh, "RewriteCond", 2, "%{HTTP_HOST}", "^api\\.");
	node(f.vh, "RewriteRule", 3, "^/(.*)$",
	    "fcgi://127.0.0.1:9000/srv/w/$1", "[P]");
	ask(&f, "/x.jpg", "/srv/w/x.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_TRUE(v.conditional);
	pf_run_free(R);
}

T_TEST(merge_order_server_filesmatch_beats_vhost_directory)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *d, *fm;

	/* Server-level FilesMatch handler + vhost <Directory> SetHandler
	 * none: FilesMatch merges later and wins (case 17). */
	fixture(&f, NULL);
	fm = section(f.root, "FilesMatch", 1, ".+\\.php$");
	node(fm, "SetHandler", 1, HANDLER);
	d = section(f.vh, "Directory", 1, "/srv/w/up");
	node(d, "SetHandler", 1, "none");
	ask(&f, "/up/shell.php", "/srv/w/up/shell.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	/* A FilesMatch nested in that Directory merges after and wins. */
	node(section(d, "FilesMatch", 1, "\\.ph"), "SetHandler", 1, "none");
	ask(&f, "/up/shell.php", "/srv/w/up/shell.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_STATIC);
	/* ... and a Require all denied there refuses it. */
	node(section(d, "FilesMatch", 1, "\\.php$"), "Require", 2, "all",
	    "denied");
	ask(&f, "/up/shell.php", "/srv/w/up/shell.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_DENIED);
	ask(&f, "/up/a.png", "/srv/w/up/a.png", &v);
	T_EQ_INT(v.outcome, PF_SIM_STATIC);
	pf_run_free(R);
}

T_TEST(if_sections_merge_last)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *fm, *iff, *d;

	/* Verified on 2.4.71: an If-guarded handler beats a nested
	 * FilesMatch SetHandler none in the upload directory. */
	fixture(&f, NULL);
	fm = section(f.vh, "FilesMatch", 1, ".+\\.php$");
	iff = section(fm, "If", 1, "-f %{REQUEST_FILENAME}");
	node(iff, "SetHandler", 1, HANDLER);
	d = section(f.vh, "Directory", 1, "/srv/w/up");
	node(section(d, "FilesMatch", 1, "\\.ph"), "SetHandler", 1, "none");
	ask(&f, "/up/shell.php", "/srv/w/up/shell.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	pf_run_free(R);
}

T_TEST(location_handler_sends_the_existing_non_script)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *lm, *iff;

	fixture(&f, ".php .jpg");
	lm = section(f.vh, "LocationMatch", 1, "\\.php$");
	iff = section(lm, "If", 1, "-f %{REQUEST_FILENAME}");
	node(iff, "SetHandler", 1, HANDLER);
	ask(&f, "/up/evil.jpg/x.php", "/srv/w/up/evil.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_TRUE(v.route_section == lm);
	T_EQ_STR(v.executed, "/srv/w/up/evil.jpg");
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	pf_run_free(R);
}

T_TEST(addhandler_uses_every_extension)
{
	struct fixture f;
	struct pf_sim_verdict v;

	fixture(&f, NULL);
	node(f.vh, "AddHandler", 2, HANDLER, ".php");
	ask(&f, "/up/cat.php.jpg", "/srv/w/up/cat.php.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.via, PF_ROUTE_ADDHANDLER);
	T_EQ_INT(v.fpm, PF_FPM_DENIED);
	/* RemoveHandler in a directory undoes it. */
	node(section(f.vh, "Directory", 1, "/srv/w/up"), "RemoveHandler", 1,
	    ".php");
	ask(&f, "/up/cat.php.jpg", "/srv/w/up/cat.php.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_STATIC);
	pf_run_free(R);
}

T_TEST(fix_pathinfo_0_runs_path_translated)
{
	struct fixture f;
	struct pf_sim_verdict v;
	const char *files[2] = { "/srv/w/index.php", "/srv/w/admin/x.php" };
	struct pf_sim_fs fs = { files, 2, 0 };
	struct pf_php_setting s;

	memset(&s, 0, sizeof(s));
	s.key = "cgi.fix_pathinfo";
	s.value = "0";
	s.admin = 1;
	fixture(&f, NULL);
	node(section(f.vh, "FilesMatch", 1, ".+\\.php$"), "SetHandler", 1,
	    HANDLER);
	PF_PUSH(R->arena, f.pool->php, s);
	f.sim = NULL;
	pf_sim_request(sim(&f), f.v, "/index.php/admin/x.php", &fs, &v);
	T_EQ_INT(v.fix_pathinfo, 0);
	T_EQ_STR(v.executed, "/srv/w/admin/x.php");
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	/* AcceptPathInfo Off does not stop a proxy: handler (mod_proxy_fcgi
	 * ignores it; the selftest differential showed it on 2.4.71). */
	node(f.vh, "AcceptPathInfo", 1, "Off");
	f.sim = NULL;
	pf_sim_request(sim(&f), f.v, "/index.php/admin/x.php", &fs, &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_STR(v.executed, "/srv/w/admin/x.php");
	pf_run_free(R);
}

T_TEST(fallback_resource_redirects_missing_files)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *fm, *iff;

	fixture(&f, NULL);
	fm = section(f.vh, "FilesMatch", 1, ".+\\.php$");
	iff = section(fm, "If", 1, "-f %{REQUEST_FILENAME}");
	iff->raw = "\"-f %{REQUEST_FILENAME}\"";
	node(iff, "SetHandler", 1, HANDLER);
	node(f.vh, "FallbackResource", 1, "/index.php");
	ask(&f, "/no/such/page", NULL, &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_STR(v.executed, "/srv/w/index.php");
	T_EQ_INT(v.redirects, 1);
	/* Existing files are served as they are. */
	ask(&f, "/up/x.jpg", "/srv/w/up/x.jpg", &v);
	T_EQ_INT(v.outcome, PF_SIM_STATIC);
	pf_run_free(R);
}

T_TEST(url_routes_skip_directory_acls)
{
	struct fixture f;
	struct pf_sim_verdict v;

	fixture(&f, NULL);
	node(f.vh, "ProxyPassMatch", 2, "^/(.*\\.php)$",
	    "unix:/run/php/w.sock|fcgi://localhost/srv/w/$1");
	node(section(f.vh, "Directory", 1, "/srv/w/vendor"), "Require", 2,
	    "all", "denied");
	ask(&f, "/vendor/x.php", "/srv/w/vendor/x.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.authz, PF_AUTHZ_GRANTED);
	T_EQ_INT(v.fs_authz, PF_AUTHZ_DENIED);
	/* A <Location> restriction does apply to proxied requests. */
	node(section(f.vh, "Location", 1, "/vendor"), "Require", 2, "ip",
	    "10.0.0.0/8");
	ask(&f, "/vendor/x.php", "/srv/w/vendor/x.php", &v);
	T_EQ_INT(v.authz, PF_AUTHZ_RESTRICTED);
	pf_run_free(R);
}

/* Require env NAME: who gets NAME set before the access check (a header
 * the client sends: anyone; Remote_Addr: some; nothing: nobody; a line
 * under a condition or in a section the simulator does not read: some,
 * maybe).  The status oracle checks the first three against apache2. */
T_TEST(require_env_as_setenvif_sets_it)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *loc, *iff, *sec;
	char nm[16];
	size_t i;
	static const struct {
		const char *name, *url, *file;
		enum pf_sim_authz want;
	} cases[] = {
		{ "hdr", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_GRANTED },
		{ "addr", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_RESTRICTED },
		{ "nothere", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_DENIED },
		/* Request_URI decided for the URL asked */
		{ "uri", "/u.txt", "/srv/w/u.txt", PF_AUTHZ_GRANTED },
		{ "uri", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_DENIED },
		/* a later unset the client cannot avoid */
		{ "gone", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_DENIED },
		/* set under an <If> true for the request (the file exists):
		 * merged, header_parser runs it */
		{ "inif", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_GRANTED },
		/* under an <If> on the client's address: some, maybe */
		{ "ifaddr", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_RESTRICTED },
		/* a <Location>'s line on a header, merged after the one
		 * with the Require: anyone; one the URL is not under:
		 * nobody */
		{ "sec", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_GRANTED },
		{ "notsec", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_DENIED },
		/* a <Location>'s Request_URI line, per URL */
		{ "securi", "/u.txt", "/srv/w/u.txt", PF_AUTHZ_GRANTED },
		{ "securi", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_DENIED },
		/* a section's RewriteRule [E=] runs in fixups, after the
		 * check */
		{ "rw", "/x.txt", "/srv/w/x.txt", PF_AUTHZ_DENIED },
	};

	fixture(&f, NULL);
	node(f.vh, "SetEnvIf", 3, "X-Forwarded-For", "^10\\.", "hdr");
	node(f.vh, "SetEnvIf", 3, "Remote_Addr", "^192\\.0\\.2\\.", "addr");
	node(f.vh, "SetEnvIf", 3, "Request_URI", "^/u", "uri");
	node(f.vh, "SetEnvIf", 3, "X-A", ".", "gone");
	node(f.vh, "SetEnvIf", 3, "Request_URI", ".", "!gone");
	iff = section(f.vh, "If", 1, "-f %{REQUEST_FILENAME}");
	iff->raw = "\"-f %{REQUEST_FILENAME}\"";
	node(iff, "SetEnvIf", 3, "X-B", ".", "inif");
	iff = section(f.vh, "If", 1, "%{REMOTE_ADDR} == '10.0.0.1'");
	iff->raw = "\"%{REMOTE_ADDR} == '10.0.0.1'\"";
	node(iff, "SetEnvIf", 3, "X-B", ".", "ifaddr");
	loc = section(f.vh, "Location", 1, "/");
	node(loc, "Require", 2, "env", "hdr");
	sec = section(f.vh, "LocationMatch", 1, "^/");
	node(sec, "SetEnvIfNoCase", 3, "X-C", ".", "sec");
	node(sec, "SetEnvIf", 3, "Request_URI", "^/u", "securi");
	node(sec, "RewriteRule", 3, "^", "-", "[E=rw:1]");
	sec = section(f.vh, "Location", 1, "/elsewhere");
	node(sec, "SetEnvIf", 3, "X-C", ".", "notsec");
	loc->child->argv[1] = nm;	/* (each case renames it) */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(nm, sizeof(nm), "%s", cases[i].name);
		ask(&f, cases[i].url, cases[i].file, &v);
		T_EQ_INT(v.authz, cases[i].want);
	}
	pf_run_free(R);
}

T_TEST(rewrite_proxy_with_file_condition)
{
	struct fixture f;
	struct pf_sim_verdict v;

	fixture(&f, NULL);
	node(f.vh, "RewriteEngine", 1, "On");
	node(f.vh, "RewriteCond", 2, "%{DOCUMENT_ROOT}/$1", "-f");
	node(f.vh, "RewriteRule", 3, "^/(.*\\.php)$",
	    "fcgi://127.0.0.1:9000/srv/w/$1", "[P,L]");
	ask(&f, "/up/evil.jpg/x.php", "/srv/w/up/evil.jpg", &v);
	T_TRUE(v.outcome != PF_SIM_FPM);
	ask(&f, "/a.php", "/srv/w/a.php", &v);
	T_EQ_INT(v.outcome, PF_SIM_FPM);
	T_EQ_INT(v.via, PF_ROUTE_REWRITE_PROXY);
	T_EQ_STR(v.script_filename, "proxy:fcgi://127.0.0.1:9000/srv/w/a.php");
	pf_run_free(R);
}

T_TEST(status_page_answers_without_a_file)
{
	struct fixture f;
	struct pf_sim_verdict v;

	fixture(&f, NULL);
	f.pool->status_path.s = "/fpm-status.php";
	node(section(f.vh, "FilesMatch", 1, ".+\\.php$"), "SetHandler", 1,
	    HANDLER);
	ask(&f, "/fpm-status.php", NULL, &v);
	T_EQ_INT(v.fpm, PF_FPM_STATUS);
	T_EQ_INT(v.authz, PF_AUTHZ_GRANTED);
	pf_run_free(R);
}

/* ---- suppression, baselines, configuration -------------------------- */

static struct pf_diag *
finding(struct pf_run *run, const char *id, uint32_t file, uint32_t line)
{
	struct pf_diag *d = pf_diag_add(run, PF_SEV_HIGH, id,
	    pf_loc_make(file, line, 1, 0), "x");

	d->rule = pf_rules_find(id);
	return d;
}

static uint32_t
src(struct pf_run *run, const char *path, const char *text, enum pf_src_kind k)
{
	return pf_source_add(run, path, pf_strdup(run->arena, text),
	    strlen(text), k, PF_NOLOC);
}

T_TEST(inline_suppressions_need_an_id_and_a_reason)
{
	struct pf_run *run = pf_run_new();
	uint32_t h = src(run, "a.conf",
	    "# proxyfpm-ignore: greedy-proxypassmatch -- front controller\n"
	    "\n"
	    "ProxyPassMatch ^/(.*\\.php)$ fcgi://x/$1\n"
	    "# proxyfpm-ignore: handler-in-location\n"
	    "SetHandler x\n", PF_SRC_HTTPD);
	uint32_t p = src(run, "p.conf",
	    "[www]\n"
	    "security.limit_extensions = .php .jpg ; proxyfpm-ignore: "
	    "fpm-limit-extensions-weak -- legacy app, isolated\n"
	    "; proxyfpm-ignore-file: max-requests-unset, clear-env-no -- "
	    "managed elsewhere\n", PF_SRC_FPM);
	struct pf_diag *a = finding(run, "greedy-proxypassmatch", h, 3);
	struct pf_diag *b = finding(run, "handler-in-location", h, 5);
	struct pf_diag *c = finding(run, "fpm-limit-extensions-weak", p, 2);
	struct pf_diag *d = finding(run, "max-requests-unset", p, 1);
	struct pf_diag *e = finding(run, "unanchored-php-handler", h, 3);
	size_t i;
	int warned = 0;

	pf_suppress_inline(run, 0);
	T_TRUE(a->suppressed != NULL && strstr(a->suppressed,
	    "front controller") != NULL);
	T_TRUE(b->suppressed == NULL);		/* no reason given */
	T_TRUE(c->suppressed != NULL);
	T_TRUE(d->suppressed != NULL);		/* file-wide */
	T_TRUE(e->suppressed == NULL);		/* another rule */
	for (i = 0; i < run->diags.n; i++)
		if (run->diags.v[i]->id != NULL &&
		    strcmp(run->diags.v[i]->id, "suppress-no-reason") == 0)
			warned = 1;
	T_TRUE(warned);
	pf_run_free(run);
}

T_TEST(baseline_survives_line_shifts)
{
	const char *path = t_tmpfile("baseline.txt", "");
	struct pf_run *run = pf_run_new();
	uint32_t f = src(run, "/etc/x.conf", "A\nB\nProxyPassMatch x y\n",
	    PF_SRC_HTTPD);
	struct pf_diag *d;

	finding(run, "greedy-proxypassmatch", f, 3);
	pf_fingerprint_all(run, 0);
	T_EQ_INT(pf_baseline_write(run, path, 0), 0);
	pf_run_free(run);

	run = pf_run_new();
	f = src(run, "/etc/x.conf", "new line\nA\nB\n\nProxyPassMatch   x y\n",
	    PF_SRC_HTTPD);
	d = finding(run, "greedy-proxypassmatch", f, 5);
	finding(run, "fpm-pool-root", f, 2);
	pf_fingerprint_all(run, 0);
	T_EQ_INT(pf_baseline_apply(run, path, 0), 0);
	T_TRUE(d->suppressed != NULL);
	T_EQ_INT(pf_baseline_apply(run, "/nonexistent/baseline", 0), -1);
	pf_run_free(run);
}

T_TEST(project_config_is_found_upwards)
{
	char dir[512], sub[600], cwd[1024];
	struct pf_project_conf *c;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/proj", t_tmpdir());
	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	mkdir(dir, 0755);
	snprintf(cwd, sizeof(cwd), "%s/a", dir);
	mkdir(cwd, 0755);
	mkdir(sub, 0755);
	snprintf(cwd, sizeof(cwd), "%s/.proxyfpm.ini", dir);
	fp = fopen(cwd, "w");
	T_TRUE(fp != NULL);
	fputs("[proxyfpm]\nfail-on = high\ndisable = expose-php, cve-*\n"
	    "baseline = base.txt\n[severity]\nopen-basedir-missing = medium\n",
	    fp);
	fclose(fp);
	c = pf_project_conf_find(sub);
	T_TRUE(c != NULL && c->error == NULL);
	if (c != NULL) {
		T_EQ_INT(c->fail_on, PF_SEV_HIGH);
		T_EQ_INT(c->ndisable, 2);
		T_EQ_STR(c->severity[0], "open-basedir-missing=medium");
		T_TRUE(c->baseline != NULL && strstr(c->baseline,
		    "/proj/base.txt") != NULL);
	}
	pf_project_conf_free(c);
	fp = fopen(cwd, "w");
	fputs("[proxyfpm]\ndisable = no-such-rule\n", fp);
	fclose(fp);
	c = pf_project_conf_find(sub);
	T_TRUE(c != NULL && c->error != NULL);
	pf_project_conf_free(c);
}

/* ---- lookups that must not be scans ---------------------------------- */

T_TEST(sources_and_maps_find_the_first_entry)
{
	struct pf_run *run = pf_run_new();
	struct pf_pmap pm = { 0 };
	struct pf_smap sm = { 0 };
	char path[64];
	size_t i;
	uint32_t dup;

	for (i = 0; i < 3000; i++) {
		snprintf(path, sizeof(path), "/etc/x/%zu.conf", i);
		pf_source_add(run, path, "", 0, PF_SRC_HTTPD, PF_NOLOC);
	}
	T_EQ_INT(pf_source_find(run, "/etc/x/0.conf"), 1);
	T_EQ_INT(pf_source_find(run, "/etc/x/2999.conf"), 3000);
	T_EQ_INT(pf_source_find(run, "/etc/x/3000.conf"), 0);
	/* Sources added after a lookup are found; the first of a path wins. */
	dup = pf_source_add(run, "/etc/x/7.conf", "", 0, PF_SRC_HTTPD,
	    PF_NOLOC);
	T_TRUE(dup > 3000);
	pf_source_add(run, "/etc/late.conf", "", 0, PF_SRC_HTTPD, PF_NOLOC);
	T_EQ_INT(pf_source_find(run, "/etc/x/7.conf"), 8);
	T_EQ_INT(pf_source_find(run, "/etc/late.conf"), dup + 1);
	for (i = 0; i < 3000; i++) {
		snprintf(path, sizeof(path), "u%zu", i % 1000);
		if (pf_smap_get(&sm, path) == 0)
			pf_smap_put(run->arena, &sm, pf_strdup(run->arena,
			    path), i + 1);
		pf_pmap_put(run->arena, &pm, &run->sources.v[i + 1], i + 1);
	}
	T_EQ_INT(sm.n, 1000);
	T_EQ_INT(pf_smap_get(&sm, "u999"), 1000);
	T_EQ_INT(pf_smap_get(&sm, "u1000"), 0);
	T_EQ_INT(pf_pmap_get(&pm, &run->sources.v[2000]), 2000);
	T_EQ_INT(pf_pmap_get(&pm, NULL), 0);
	pf_run_free(run);
}

/*
 * ProxyFCGISetEnvIf (mod_proxy_fcgi fix_cgivars): lines of the merged
 * sections in order, after the CGI variables are made; what FPM then
 * runs or answers (tests/rules/fcgi_setenv_oracle.sh has the real
 * servers' answers).
 */
T_TEST(proxyfcgisetenvif_fixes_the_params)
{
	struct fixture f;
	struct pf_sim_verdict v;
	struct pf_node *fm, *lm;

	fixture(&f, NULL);
	f.pool->ping_path.s = "/p/i/ng";
	fm = section(f.vh, "FilesMatch", 1, "\\.php$");
	node(fm, "SetHandler", 1, HANDLER);
	lm = section(f.vh, "LocationMatch", 1, "^/p/");
	node(lm, "SetHandler", 1, HANDLER);
	/* Without the lines: SCRIPT_NAME /p, PATH_INFO /i/ng: 404. */
	ask(&f, "/p/i/ng", "/srv/w/index.php", &v);
	T_EQ_INT(v.fpm, PF_FPM_NOT_FOUND);
	node(lm, "ProxyFCGISetEnvIf", 3, "true", "SCRIPT_NAME",
	    "%{REQUEST_URI}");
	node(lm, "ProxyFCGISetEnvIf", 2, "true", "!PATH_INFO");
	node(lm, "ProxyFCGISetEnvIf", 2, "true", "!PATH_TRANSLATED");
	ask(&f, "/p/i/ng", "/srv/w/index.php", &v);
	T_EQ_STR(v.script_name, "/p/i/ng");
	T_TRUE(v.fpm_path_info == NULL && v.path_translated == NULL);
	T_EQ_INT(v.fpm, PF_FPM_STATUS);
	T_TRUE(!v.conditional);
	/* Neither SCRIPT_FILENAME nor PATH_TRANSLATED: no page at all. */
	node(lm, "ProxyFCGISetEnvIf", 2, "true", "!SCRIPT_FILENAME");
	ask(&f, "/p/i/ng", "/srv/w/index.php", &v);
	T_EQ_INT(v.fpm, PF_FPM_NOT_FOUND);
	pf_run_free(R);

	/* A capture of the condition in the value; the vhost's line
	 * before the <Location>'s, which wins; a false condition. */
	fixture(&f, NULL);
	fm = section(f.vh, "FilesMatch", 1, "\\.php$");
	node(fm, "SetHandler", 1, HANDLER);
	node(f.vh, "ProxyFCGISetEnvIf", 3, "true", "SCRIPT_FILENAME",
	    "/srv/w/nope.php");
	lm = section(f.vh, "Location", 1, "/a");
	node(lm, "ProxyFCGISetEnvIf", 3,
	    "%{REQUEST_URI} =~ m#^/a/(\\w+)x\\.php#", "SCRIPT_FILENAME",
	    "%{DOCUMENT_ROOT}/a/$1.php");
	node(lm, "ProxyFCGISetEnvIf", 3, "reqenv('SCRIPT_NAME') == '/x'",
	    "SCRIPT_FILENAME", "/srv/w/x.php");
	ask(&f, "/a/bx.php", "/srv/w/a/b.php", &v);
	T_EQ_STR(v.script_filename, "/srv/w/a/b.php");
	T_EQ_INT(v.fpm, PF_FPM_EXEC);
	T_EQ_STR(v.executed, "/srv/w/a/b.php");
	T_TRUE(!v.conditional);
	ask(&f, "/b.php", "/srv/w/b.php", &v);
	T_EQ_STR(v.script_filename, "/srv/w/nope.php");
	T_EQ_INT(v.fpm, PF_FPM_NOT_FOUND);
	pf_run_free(R);

	/* What the simulator cannot evaluate is said, not guessed. */
	fixture(&f, NULL);
	fm = section(f.vh, "FilesMatch", 1, "\\.php$");
	node(fm, "SetHandler", 1, HANDLER);
	node(f.vh, "ProxyFCGISetEnvIf", 3, "%{HTTP_HOST} == 'a.example'",
	    "SCRIPT_FILENAME", "/srv/w/index.php");
	ask(&f, "/x.php", "/srv/w/index.php", &v);
	T_TRUE(v.conditional);
	pf_run_free(R);
	fixture(&f, NULL);
	fm = section(f.vh, "FilesMatch", 1, "\\.php$");
	node(fm, "SetHandler", 1, HANDLER);
	node(f.vh, "ProxyFCGISetEnvIf", 3, "true", "SCRIPT_FILENAME",
	    "%{DOCUMENT_ROOT}%{HTTP:X-Script}");
	ask(&f, "/index.php", "/srv/w/index.php", &v);
	T_TRUE(v.conditional);
	pf_run_free(R);
}

int
main(void)
{
	T_RUN(every_rule_has_metadata_and_doc);
	T_RUN(selectors_take_ids_categories_and_patterns);
	T_RUN(versions_and_ini_values);
	T_RUN(backend_urls_parse_like_mod_proxy);
	T_RUN(routes_link_to_the_pool_that_listens_there);
	T_RUN(patterns_compile_as_apache_does);
	T_RUN(filesmatch_handler_resolves_the_file_first);
	T_RUN(unguarded_handler_sends_missing_scripts_to_fpm);
	T_RUN(greedy_proxypassmatch_and_fix_pathinfo);
	T_RUN(proxypass_order_exclusions_and_location);
	T_RUN(locationmatch_proxypassmatch_and_inherited_rewrites);
	T_RUN(merge_order_server_filesmatch_beats_vhost_directory);
	T_RUN(if_sections_merge_last);
	T_RUN(location_handler_sends_the_existing_non_script);
	T_RUN(addhandler_uses_every_extension);
	T_RUN(fix_pathinfo_0_runs_path_translated);
	T_RUN(fallback_resource_redirects_missing_files);
	T_RUN(url_routes_skip_directory_acls);
	T_RUN(require_env_as_setenvif_sets_it);
	T_RUN(rewrite_proxy_with_file_condition);
	T_RUN(status_page_answers_without_a_file);
	T_RUN(inline_suppressions_need_an_id_and_a_reason);
	T_RUN(baseline_survives_line_shifts);
	T_RUN(project_config_is_found_upwards);
	T_RUN(sources_and_maps_find_the_first_entry);
	T_RUN(proxyfcgisetenvif_fixes_the_params);
	return t_done();
}
