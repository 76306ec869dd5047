/*
 * test_fpm.c - unit tests of the php-fpm.conf and php.ini readers: what
 * lands in the model (pools, listen, php settings, env, effective PHP
 * values) for the Debian and RHEL trees in testdata/fpm/trees (read with
 * --root), the INI dialect's values, and the diagnostics' ids and places.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/phpini.h"
#include "parsers/phpini_lex.h"
#include "t.h"

static struct pf_pool *
pool(struct pf_run *run, const char *name)
{
	struct pf_model *m = pf_model_get(run);
	size_t i;

	for (i = 0; i < m->pools.n; i++)
		if (strcmp(m->pools.v[i]->name, name) == 0)
			return m->pools.v[i];
	return NULL;
}

static size_t
count_id(struct pf_run *run, const char *id, enum pf_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < run->diags.n; i++)
		if (run->diags.v[i]->id != NULL &&
		    strcmp(run->diags.v[i]->id, id) == 0 &&
		    run->diags.v[i]->sev == sev)
			n++;
	return n;
}

static struct pf_run *
read_text(const char *text, struct pf_fpm_opts *o)
{
	struct pf_run *run = pf_run_new();
	struct pf_fpm_opts d = { 0 };

	if (o == NULL)
		o = &d;
	o->config = t_tmpfile("php-fpm.conf", text);
	pf_fpm_read(run, o);
	return run;
}

/* listen.allowed_clients as php-fpm's workers split it: commas alone,
 * each entry an address whole (tests/fpm/startup_oracle.py checks the
 * same lists against a started php-fpm). */
T_TEST(allowed_clients_split_at_commas_alone)
{
	struct pf_arena *a = pf_arena_new();
	const char *bad;
	size_t lo, nbad;

	T_EQ_INT(pf_fpm_allowed_clients(a, "127.0.0.1,::1", &lo, &bad,
	    &nbad), 2);
	T_EQ_INT(lo, 2);
	T_TRUE(bad == NULL);
	T_EQ_INT(pf_fpm_allowed_clients(a, "127.0.0.1, ::1", &lo, &bad,
	    &nbad), 1);
	T_EQ_STR(bad, " ::1");
	T_EQ_INT(pf_fpm_allowed_clients(a, "localhost,10.0.0.0/8", &lo, &bad,
	    &nbad), 0);
	T_EQ_INT(nbad, 2);
	T_EQ_STR(bad, "localhost");
	T_EQ_INT(pf_fpm_allowed_clients(a, "10.1.2.3,::ffff:127.0.0.2", &lo,
	    NULL, NULL), 2);
	T_EQ_INT(lo, 1);
	pf_arena_free(a);
}

T_TEST(debian_tree)
{
	struct pf_run *run = pf_run_new();
	struct pf_fpm_opts fo = { 0 };
	struct pf_phpini_opts po = { 0 };
	struct pf_model *m;
	struct pf_pool *www, *shop;
	struct pf_loc loc;
	const char *v;

	run->root = PF_TESTDATA "/fpm/trees/debian";
	T_EQ_INT(pf_phpini_read(run, &po), 0);
	T_EQ_INT(pf_fpm_read(run, &fo), 0);
	m = pf_model_get(run);
	/* the highest installed version is picked */
	T_EQ_STR(m->fpm->path, "/etc/php/8.2/fpm/php-fpm.conf");
	T_EQ_STR(m->fpm->layout, "debian");
	T_EQ_STR(m->phpini->path, "/etc/php/8.2/fpm/php.ini");
	T_EQ_STR(m->phpini->scan_dir, "/etc/php/8.2/fpm/conf.d");
	/* php.ini then conf.d in order; the directory named *.ini is no file */
	T_EQ_INT(m->phpini->files.n, 3);
	T_EQ_STR(m->phpini->files.v[2], "/etc/php/8.2/fpm/conf.d/99-local.ini");
	T_EQ_INT(m->fpm->refused, 0);
	T_EQ_INT(pf_run_errors(run), 0);
	T_EQ_INT(m->pools.n, 2);
	T_EQ_INT(m->fpm->pools.n, 2);
	/* glob order: shop.conf before www.conf */
	T_EQ_STR(m->pools.v[0]->name, "shop");
	www = pool(run, "www");
	shop = pool(run, "shop");
	T_TRUE(www != NULL && shop != NULL);
	if (www == NULL || shop == NULL)
		return;
	T_TRUE(m->pools.v[1] == m->fpm->pools.v[1]);
	T_EQ_INT(www->listen.kind, PF_LISTEN_UNIX);
	T_EQ_STR(www->listen.path, "/run/php/php8.2-fpm.sock");
	T_EQ_INT(www->listen.loopback, 1);
	T_EQ_INT(www->pm, PF_PM_DYNAMIC);
	T_EQ_INT(www->max_children.v, 5);
	T_EQ_INT(www->start_servers.v, 2);
	T_EQ_STR(www->user.s, "www-data");
	T_EQ_INT(www->uid, 33);
	T_EQ_INT(www->user.loc.line, 2);
	/* a bare port listens on every interface */
	T_EQ_INT(shop->listen.kind, PF_LISTEN_TCP);
	T_EQ_INT(shop->listen.port, 9000);
	T_EQ_INT(shop->listen.any, 1);
	T_EQ_INT(shop->listen.loopback, 0);
	T_EQ_INT(shop->uid, 1001);	/* from --root's etc/passwd */
	/* start_servers computed as php-fpm does: 2 + (4 - 2) / 2 */
	T_EQ_INT(shop->start_servers.v, 3);
	/* php_value: the first of two wins (php-src#8398) */
	v = pf_php_effective(m->phpini, shop, "memory_limit", &loc);
	T_EQ_STR(v, "64M");
	T_EQ_INT(loc.line, 9);
	/* php_admin_value; paths of error_log made absolute with $pool */
	T_EQ_STR(pf_php_effective(m->phpini, shop, "cgi.fix_pathinfo", NULL),
	    "0");
	T_EQ_STR(pf_php_effective(m->phpini, shop, "error_log", NULL),
	    "/usr/log/shop.err");
	/* php_flag normalised to 1 */
	T_EQ_STR(pf_php_effective(m->phpini, shop, "display_errors", NULL),
	    "1");
	/* php.ini: conf.d/99-local.ini overrides php.ini */
	v = pf_php_effective(m->phpini, www, "memory_limit", &loc);
	T_EQ_STR(v, "256M");
	T_TRUE(loc.file != 0);
	T_EQ_STR(pf_php_effective(m->phpini, www, "display_errors", NULL), "");
	T_EQ_STR(pf_php_effective(m->phpini, www, "expose_php", NULL), "");
	/* the constant expression is evaluated as PHP does */
	T_EQ_STR(pf_php_effective(m->phpini, www, "error_reporting", NULL),
	    "22527");
	/* [PATH=...] entries do not apply globally */
	T_EQ_STR(pf_php_effective(m->phpini, www, "allow_url_include", &loc),
	    "0");
	T_EQ_INT(loc.file, 0);
	/* built-in defaults */
	T_EQ_STR(pf_php_effective(m->phpini, www, "cgi.fix_pathinfo", NULL),
	    "1");
	T_EQ_STR(pf_php_effective(m->phpini, www, "user_ini.filename", NULL),
	    ".user.ini");
	T_EQ_STR(pf_php_effective(NULL, NULL, "allow_url_fopen", NULL), "1");
	T_EQ_STR(pf_php_effective(NULL, NULL, "no.such.setting", NULL), NULL);
	/* env: the first env[NAME] wins too */
	T_EQ_INT(shop->env.n, 2);
	T_EQ_INT(shop->env.v[0].overridden, 0);
	T_EQ_INT(shop->env.v[1].overridden, 1);
	pf_run_free(run);
}

T_TEST(rhel_tree)
{
	struct pf_run *run = pf_run_new();
	struct pf_fpm_opts fo = { 0 };
	struct pf_phpini_opts po = { 0 };
	struct pf_model *m;
	struct pf_pool *www;

	run->root = PF_TESTDATA "/fpm/trees/rhel";
	T_EQ_INT(pf_phpini_read(run, &po), 0);
	T_EQ_INT(pf_fpm_read(run, &fo), 0);
	m = pf_model_get(run);
	T_EQ_STR(m->fpm->path, "/etc/php-fpm.conf");
	T_EQ_STR(m->phpini->scan_dir, "/etc/php.d");
	T_EQ_INT(pf_run_errors(run), 0);
	www = pool(run, "www");
	T_TRUE(www != NULL);
	if (www == NULL)
		return;
	/* include= before [global]: the global section still applies */
	T_EQ_STR(m->fpm->global.pid.s, "/run/php-fpm/php-fpm.pid");
	T_EQ_INT(www->uid, 48);
	T_EQ_STR(www->listen_acl_users.s, "apache,nginx");
	T_EQ_STR(pf_php_effective(m->phpini, www, "expose_php", NULL), "");
	T_EQ_STR(pf_php_effective(m->phpini, www, "log_errors", NULL), "1");
	T_EQ_STR(pf_php_effective(m->phpini, www, "session.save_path", NULL),
	    "/var/lib/php/session");
	pf_run_free(run);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

T_TEST(users_under_root)
{
	struct pf_run *run = pf_run_new();
	struct pf_fpm_opts fo = { 0 };
	char path[4096], etc[4096];
	const char *root = t_tmpdir();

	/* www-data exists on this machine but not in the tree: an error */
	snprintf(etc, sizeof(etc), "%s/etc", root);
	mkdir(etc, 0755);
	snprintf(path, sizeof(path), "%s/etc/passwd", root);
	write_file(path, "root:x:0:0:root:/root:/bin/sh\n"
	    "site:x:2000:2000::/srv/site:/bin/sh\n");
	snprintf(path, sizeof(path), "%s/etc/group", root);
	write_file(path, "root:x:0:\nsite:x:2000:\n");
	snprintf(path, sizeof(path), "%s/etc/php-fpm.conf", root);
	write_file(path, "[global]\nerror_log = syslog\n[a]\nuser = www-data\n"
	    "listen = 127.0.0.1:1\npm = static\npm.max_children = 1\n"
	    "[b]\nuser = site\nlisten = 127.0.0.1:2\npm = static\n"
	    "pm.max_children = 1\nlisten.owner = root\n");
	run->root = root;
	fo.config = "/etc/php-fpm.conf";
	T_EQ_INT(pf_fpm_read(run, &fo), 0);
	T_EQ_INT(count_id(run, "fpm-user", PF_SEV_ERROR), 1);
	T_TRUE(pool(run, "a") != NULL && pool(run, "a")->user_missing);
	T_TRUE(pool(run, "b") != NULL && pool(run, "b")->uid == 2000);
	pf_run_free(run);
}

static size_t
count_msg(struct pf_run *run, const char *part)
{
	size_t i, n = 0;

	for (i = 0; i < run->diags.n; i++)
		if (strstr(run->diags.v[i]->message, part) != NULL)
			n++;
	return n;
}

/*
 * A host name in listen is looked up in --root's etc/hosts, ::1 before
 * 127.0.0.1 (glibc's sort), each address tried until one binds; the
 * address bound is recorded (listen.bound: 4 or 6, -1 none, 0 a name not
 * in the file or a number) for rules/link.c.
 */
T_TEST(hosts_under_root)
{
	static const unsigned char lo6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 1 };
	static const unsigned char lo4[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 127, 0, 0, 1 };
	static const struct {
		const char *a, *b, *says;
		int aaf, baf;		/* listen.bound_af of a and b */
	} c[] = {
		{ "127.0.0.1:9000", "localhost:9000", NULL, 0, 6 },
		{ "9000", "localhost:9000", "overlaps", 0, -1 },
		{ "[::1]:9000", "localhost:9000", "gets the socket", 0, 6 },
		{ "0.0.0.0:9000", "localhost:9000", NULL, 0, 6 },
		{ "[::]:9000", "localhost:9000", "overlaps", 0, -1 },
		{ "localhost:9000", "ip6-localhost:9000", "gets the socket",
		  6, 6 },
		{ "localhost:9000", "nowhere.invalid:9000", NULL, 6, 0 },
		{ "v4only:9000", "localhost:9001", NULL, 4, 6 },
	};
	char path[4096], etc[4096], conf[1024];
	const char *root = t_tmpdir();
	size_t i;

	snprintf(etc, sizeof(etc), "%s/etc", root);
	mkdir(etc, 0755);
	snprintf(path, sizeof(path), "%s/etc/passwd", root);
	write_file(path, "site:x:2000:2000::/srv/site:/bin/sh\n");
	snprintf(path, sizeof(path), "%s/etc/group", root);
	write_file(path, "site:x:2000:\n");
	snprintf(path, sizeof(path), "%s/etc/hosts", root);
	write_file(path, "127.0.0.1\tlocalhost # v4\n"
	    "::1 localhost ip6-localhost\n127.0.0.1 v4only\n");
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct pf_run *run = pf_run_new();
		struct pf_fpm_opts fo = { 0 };

		snprintf(path, sizeof(path), "%s/etc/php-fpm.conf", root);
		snprintf(conf, sizeof(conf), "[global]\nerror_log = syslog\n"
		    "[a]\nuser = site\nlisten = %s\npm = static\n"
		    "pm.max_children = 1\n[b]\nuser = site\nlisten = %s\n"
		    "pm = static\npm.max_children = 1\n", c[i].a, c[i].b);
		write_file(path, conf);
		run->root = root;
		fo.config = "/etc/php-fpm.conf";
		T_EQ_INT(pf_fpm_read(run, &fo), 0);
		T_EQ_INT(count_msg(run, "overlaps"),
		    c[i].says != NULL && strcmp(c[i].says, "overlaps") == 0);
		T_EQ_INT(count_msg(run, "gets the socket"),
		    c[i].says != NULL && strcmp(c[i].says, "gets the socket") ==
		    0);
		if (pool(run, "a") != NULL && pool(run, "b") != NULL) {
			const struct pf_listen *la = &pool(run, "a")->listen;
			const struct pf_listen *lb = &pool(run, "b")->listen;

			T_EQ_INT(la->bound_af, c[i].aaf);
			T_EQ_INT(lb->bound_af, c[i].baf);
			if (la->bound_af > 0)
				T_TRUE(memcmp(la->bound, la->bound_af == 6 ?
				    lo6 : lo4, 16) == 0);
			if (lb->bound_af > 0)
				T_TRUE(memcmp(lb->bound, lb->bound_af == 6 ?
				    lo6 : lo4, 16) == 0);
		} else
			T_TRUE(0);
		pf_run_free(run);
	}
}

/* process.max against the workers the pools start and may fork */
T_TEST(process_max)
{
	static const struct {
		const char *pools;
		size_t warns, notes;
	} c[] = {
		/* static 2 + dynamic start 1: cap 2 leaves b none */
		{ "[a]\nuser = www-data\nlisten = /tmp/a.sock\npm = static\n"
		  "pm.max_children = 2\n[b]\nuser = www-data\nlisten = "
		  "/tmp/b.sock\npm = dynamic\npm.max_children = 4\n"
		  "pm.start_servers = 1\npm.min_spare_servers = 1\n"
		  "pm.max_spare_servers = 1\n", 1, 0 },
		/* static 1 + ondemand 2: starts fine, a busy b stops at 1 */
		{ "[a]\nuser = www-data\nlisten = /tmp/a.sock\npm = static\n"
		  "pm.max_children = 1\n[b]\nuser = www-data\nlisten = "
		  "/tmp/b.sock\npm = ondemand\npm.max_children = 2\n", 0, 1 },
		/* static 2 + ondemand: the static pool holds both */
		{ "[a]\nuser = www-data\nlisten = /tmp/a.sock\npm = static\n"
		  "pm.max_children = 2\n[b]\nuser = www-data\nlisten = "
		  "/tmp/b.sock\npm = ondemand\npm.max_children = 2\n", 1, 0 },
		/* within the cap */
		{ "[a]\nuser = www-data\nlisten = /tmp/a.sock\npm = static\n"
		  "pm.max_children = 1\n", 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *text = NULL;
		struct pf_run *run;

		if (asprintf(&text, "[global]\nerror_log = syslog\n"
		    "process.max = 2\n%s", c[i].pools) < 0)
			return;
		run = read_text(text, NULL);
		free(text);
		T_EQ_INT(count_id(run, "fpm-pm", PF_SEV_WARNING), c[i].warns);
		T_EQ_INT(count_id(run, "fpm-pm", PF_SEV_NOTE), c[i].notes);
		pf_run_free(run);
	}
}

T_TEST(listen_forms)
{
	static const struct {
		const char *listen;
		int kind, port, any, loopback, invalid;
	} c[] = {
		{ "9000", PF_LISTEN_TCP, 9000, 1, 0, 0 },
		{ "127.0.0.1:9000", PF_LISTEN_TCP, 9000, 0, 1, 0 },
		{ "[::1]:9000", PF_LISTEN_TCP, 9000, 0, 1, 0 },
		{ "::1:9000", PF_LISTEN_TCP, 9000, 0, 1, 0 },
		{ "0.0.0.0:9000", PF_LISTEN_TCP, 9000, 1, 0, 0 },
		{ "[::]:9000", PF_LISTEN_TCP, 9000, 1, 0, 0 },
		{ "192.0.2.7:9000", PF_LISTEN_TCP, 9000, 0, 0, 0 },
		{ "localhost:9000", PF_LISTEN_TCP, 9000, 0, 1, 0 },
		{ "127.0.0.1:", PF_LISTEN_TCP, 0, 0, 1, 1 },
		{ "127.0.0.1:99999", PF_LISTEN_TCP, 0, 0, 1, 1 },
		{ "unix:/run/x.sock", PF_LISTEN_TCP, 0, 0, 0, 1 },
		{ "/run/php/x.sock", PF_LISTEN_UNIX, 0, 0, 1, 0 },
		{ "rel.sock", PF_LISTEN_UNIX, 0, 0, 1, 0 },
		/* getaddrinfo() refuses them at startup (fpm_listen.c) */
		{ "[::1]", PF_LISTEN_TCP, 0, 0, 0, 1 },
		{ "::1", PF_LISTEN_TCP, 0, 0, 0, 1 },
		{ "127.0.0.1:9000x", PF_LISTEN_TCP, 0, 0, 1, 1 },
		{ "[::1]:+9000", PF_LISTEN_TCP, 9000, 0, 1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *text = NULL;
		struct pf_run *run;
		struct pf_pool *p;

		if (asprintf(&text, "[global]\nerror_log = syslog\n[p]\n"
		    "user = www-data\nlisten = %s\npm = static\n"
		    "pm.max_children = 1\n", c[i].listen) < 0)
			return;
		run = read_text(text, NULL);
		free(text);
		p = pool(run, "p");
		T_TRUE(p != NULL);
		if (p != NULL) {
			T_EQ_INT(p->listen.kind, c[i].kind);
			T_EQ_INT(p->listen.port, c[i].port);
			T_EQ_INT(p->listen.any, c[i].any);
			T_EQ_INT(p->listen.loopback, c[i].loopback);
			T_EQ_INT(p->listen.port_invalid, c[i].invalid);
		}
		/* -t accepts all of these (startup may not) */
		T_EQ_INT(pf_run_errors(run), 0);
		if (strcmp(c[i].listen, "rel.sock") == 0 && p != NULL)
			T_EQ_STR(p->listen.path, "/usr/rel.sock");
		pf_run_free(run);
	}
}

T_TEST(errors_and_places)
{
	struct pf_run *run;
	struct pf_model *m;

	/* '#' is no comment: error at the line, with the fix */
	run = read_text("[global]\nerror_log = syslog\n[p]\n# note\n"
	    "user = www-data\nlisten = 9\npm = static\npm.max_children = 1\n",
	    NULL);
	T_EQ_INT(count_id(run, "fpm-syntax", PF_SEV_ERROR), 1);
	T_EQ_INT(run->diags.v[0]->loc.line, 4);
	T_TRUE(run->diags.v[0]->fix != NULL);
	T_EQ_INT(pf_model_get(run)->fpm->refused, 1);
	pf_run_free(run);

	/* pm relations, unknown entry, wrong type: all reported */
	run = read_text("[global]\nerror_log = syslog\n[p]\nuser = www-data\n"
	    "listen = 9\npm = dynamic\npm.max_children = 4\n"
	    "pm.min_spare_servers = 1\npm.max_spare_servers = 3\n"
	    "pm.start_servers = 5\npm.bogus = 1\nrlimit_files = x\n", NULL);
	T_EQ_INT(count_id(run, "fpm-pm", PF_SEV_ERROR), 1);
	T_EQ_INT(count_id(run, "fpm-unknown-entry", PF_SEV_ERROR), 1);
	T_EQ_INT(count_id(run, "fpm-invalid-value", PF_SEV_ERROR), 1);
	pf_run_free(run);

	/* last scalar wins; pools merge by case-insensitive name */
	run = read_text("[global]\nerror_log = syslog\n[Www]\nuser = nosuch\n"
	    "listen = 9\npm = static\npm.max_children = 0\n[wWW]\n"
	    "user = www-data\npm.max_children = 7\n", NULL);
	m = pf_model_get(run);
	T_EQ_INT(m->pools.n, 1);
	T_EQ_STR(m->pools.v[0]->name, "Www");
	T_EQ_INT(m->pools.v[0]->max_children.v, 7);
	T_EQ_INT(m->pools.v[0]->max_children.loc.line, 10);
	T_EQ_INT(pf_run_errors(run), 0);
	pf_run_free(run);

	/* a hidden status pool from pm.status_listen */
	run = read_text("[global]\nerror_log = syslog\n[w]\nuser = www-data\n"
	    "listen = 127.0.0.1:9001\npm = static\npm.max_children = 1\n"
	    "pm.status_listen = 127.0.0.1:9002\n", NULL);
	m = pf_model_get(run);
	T_EQ_INT(m->pools.n, 2);
	T_EQ_STR(m->pools.v[1]->name, "w_status");
	T_EQ_STR(m->pools.v[1]->status_of, "w");
	T_EQ_INT(m->pools.v[1]->listen.port, 9002);
	T_EQ_INT(pf_run_errors(run), 0);
	pf_run_free(run);
}

struct cap {
	char	 out[4096];
	size_t	 n;
};

static void
cap_entry(void *ctx, const struct pf_zini_str *n, const struct pf_zini_str *v)
{
	struct cap *c = ctx;
	int k = snprintf(c->out + c->n, sizeof(c->out) - c->n, "%s=%s|", n->s,
	    v ? v->s : "(null)");

	if (k > 0 && (size_t)k < sizeof(c->out) - c->n)
		c->n += (size_t)k;
}

static const char *
zini(const char *text)
{
	static struct cap c;
	struct pf_arena *a = pf_arena_new();
	struct pf_zini_handler h = { &c, NULL, cap_entry, NULL, NULL };
	struct pf_zini_input in = { text, strlen(text), 0, 1, 1, 0 };
	struct pf_zini_error err;

	memset(&c, 0, sizeof(c));
	if (pf_zini_parse(a, &in, &h, &err) < 0)
		snprintf(c.out + c.n, sizeof(c.out) - c.n, "ERR");
	pf_arena_free(a);
	return c.out;
}

T_TEST(dialect)
{
	T_EQ_STR(zini("a = yes\nb = Off\nc = null\n"), "a=1|b=|c=|");
	T_EQ_STR(zini("a = \"yes\"\nb = 'x ; y'\n"), "a=yes|b=x ; y|");
	T_EQ_STR(zini("a = x # y\n"), "a=x # y|");
	T_EQ_STR(zini("# x\n"), "# x=(null)|");
	T_EQ_STR(zini("a = E_ALL & ~E_NOTICE\n"), "a=32759|");
	T_EQ_STR(zini("a = E_ALL:x\n"), "a=E_ALL:x|");
	T_EQ_STR(zini("a = \"x\" y\n"), "a=xy|");
	T_EQ_STR(zini("a = \"C:\\dir\\\"\n"), "a=C:\\dir\\|");
	T_EQ_STR(zini("a = ${PF_TEST_UNSET_VAR}/x\n"), "a=/x|");
	/* the entry is reported before the error, as bison reduces it */
	T_EQ_STR(zini("a = b=c\n"), "a=b|ERR");
	T_EQ_STR(zini("yes = 1\n"), "ERR");
	/* the first quote ends the value, the second starts a label */
	T_EQ_STR(zini("a = ''\n"), "a=|'=(null)|");
	T_EQ_STR(zini("a=1\rb=2\n"), "a=1|b=2|");
}

/*
 * include= of many pool files: read ahead by a thread (prefetch.h) while
 * earlier ones are parsed; pools, values, places and errors are those of
 * reading them one by one (an empty file and a file with an error among
 * them; a pool merged from two files).
 */
T_TEST(many_included_pools)
{
	struct pf_run *run = pf_run_new();
	struct pf_fpm_opts o = { 0 };
	struct pf_model *m;
	char name[64], text[512], conf[512];
	int i, ok = 1;

	snprintf(name, sizeof(name), "%s/pools", t_tmpdir());
	mkdir(name, 0755);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "pools/p%02d.conf", i);
		snprintf(text, sizeof(text), "[p%02d]\nuser = www-data\n"
		    "listen = 127.0.0.1:%d\npm = static\npm.max_children = %d\n"
		    "php_admin_value[memory_limit] = %dM\n%s", i == 30 ? 0 : i,
		    9000 + i, i + 1, i, i == 12 ? "pm.bogus = 1\n" : "");
		t_tmpfile(name, i == 7 ? "" : text);
	}
	snprintf(conf, sizeof(conf), "[global]\nerror_log = syslog\n"
	    "include = %s/pools/*.conf\n", t_tmpdir());
	o.config = t_tmpfile("many.conf", conf);
	pf_fpm_read(run, &o);
	m = pf_model_get(run);
	/* 40 files, p07 empty, p30 adds to [p00] */
	T_EQ_INT(m->pools.n, 38);
	for (i = 0; i < (int)m->pools.n; i++) {
		const struct pf_pool *p = m->pools.v[i];
		int k = (i < 7 ? i : i + 1) + (i >= 29 ? 1 : 0);

		snprintf(name, sizeof(name), "p%02d", k);
		if (strcmp(p->name, name) != 0)
			ok = 0;
	}
	T_TRUE(ok);
	/* the last of the two files wins for [p00] */
	T_EQ_INT(pool(run, "p00")->max_children.v, 31);
	T_EQ_INT(pool(run, "p00")->max_children.loc.line, 5);
	T_EQ_INT(pool(run, "p39")->max_children.v, 40);
	T_EQ_INT(count_id(run, "fpm-unknown-entry", PF_SEV_ERROR), 1);
	pf_run_free(run);
}

int
main(void)
{
	T_RUN(allowed_clients_split_at_commas_alone);
	T_RUN(debian_tree);
	T_RUN(rhel_tree);
	T_RUN(users_under_root);
	T_RUN(hosts_under_root);
	T_RUN(process_max);
	T_RUN(listen_forms);
	T_RUN(errors_and_places);
	T_RUN(dialect);
	T_RUN(many_included_pools);
	return t_done();
}
