/*
 * test_site.c - unit tests of the site description reader (locations,
 * libinih's quirks, values, errors), host facts, the sizing arithmetic,
 * the emitted files' origins, quoting and the unified diff.
 */
#include <stdlib.h>
#include <string.h>

#include "emitters/emit.h"
#include "emitters/emit_int.h"
#include "model/model.h"
#include "parsers/site.h"
#include "parsers/site_int.h"
#include "t.h"

static const char HOST[] = "[host]\ncores = 4\nmemory = 8G\n";

static struct pf_run *
read_text(const char *name, const char *text)
{
	struct pf_run *run = pf_run_new();
	const char *path = t_tmpfile(name, text);

	pf_site_read(run, &path, 1);
	return run;
}

/* The first diagnostic with this id, or NULL. */
static const struct pf_diag *
find_diag(const struct pf_run *run, const char *id)
{
	size_t i;

	for (i = 0; i < run->diags.n; i++)
		if (run->diags.v[i]->id && strcmp(run->diags.v[i]->id, id) == 0)
			return run->diags.v[i];
	return NULL;
}

T_TEST(values_keep_line_and_column)
{
	struct pf_run *run = read_text("loc.ini",
	    "; comment\n"
	    "[site shop]\n"
	    "\taliases = a.example.com   b.example.com ; inline\n"
	    "server_name = shop.example.com\n"
	    "document_root   =    \"/srv/shop\"\n"
	    "upload_dirs = media\n"
	    "    cache/img\n");
	struct pf_model *m = pf_model_get(run);
	struct pf_site *s;

	T_EQ_INT(pf_run_errors(run), 0);
	T_EQ_INT(m->sites.n, 1);
	s = m->sites.v[0];
	T_EQ_INT(s->loc.line, 2);
	T_EQ_INT(s->loc.col, 1);
	T_EQ_STR(s->server_name.s, "shop.example.com");
	T_EQ_INT(s->server_name.loc.line, 4);
	T_EQ_INT(s->server_name.loc.col, 15);
	T_EQ_INT(s->server_name.loc.len, 16);
	/* An indented key right after a header is not a continuation
	 * (libinih forgets the previous name at a header). */
	T_EQ_INT(s->aliases.n, 2);
	T_EQ_STR(s->aliases.v[1].s, "b.example.com");
	T_EQ_INT(s->aliases.v[1].loc.line, 3);
	T_EQ_INT(s->aliases.v[1].loc.col, 28);
	/* Quotes are removed and the column moves past the quote. */
	T_EQ_STR(s->document_root.s, "/srv/shop");
	T_EQ_INT(s->document_root.loc.col, 23);
	/* A continuation line adds list items, with their own place;
	 * relative upload dirs become absolute below the docroot. */
	T_EQ_INT(s->upload_dirs.n, 2);
	T_EQ_STR(s->upload_dirs.v[1].s, "/srv/shop/cache/img");
	T_EQ_INT(s->upload_dirs.v[1].loc.line, 7);
	T_EQ_INT(s->upload_dirs.v[1].loc.col, 5);
	/* The site got an implicit pool of its name. */
	T_TRUE(s->pool != NULL && strcmp(s->pool->name, "shop") == 0);
	pf_run_free(run);
}

T_TEST(crlf_bom_and_comments)
{
	struct pf_run *run = read_text("crlf.ini",
	    "\xEF\xBB\xBF[site a]\r\n"
	    "# hash comment\r\n"
	    "server_name = a.example\r\n"
	    "document_root = /srv/a;not-a-comment\r\n");
	struct pf_model *m = pf_model_get(run);

	/* ';' without whitespace before it is part of the value, which a
	 * path then refuses. */
	T_TRUE(find_diag(run, "site-value") != NULL);
	T_EQ_INT(m->sites.n, 1);
	T_EQ_STR(m->sites.v[0]->server_name.s, "a.example");
	T_EQ_INT(m->sites.v[0]->server_name.loc.col, 15);
	T_EQ_INT(m->sites.v[0]->loc.col, 4);	/* after the BOM */
	pf_run_free(run);
}

T_TEST(long_lines_are_found_by_the_reader)
{
	char *text = malloc(1000);
	struct pf_run *run;
	const struct pf_diag *d;

	/* 198 bytes fit libinih's 200-byte buffer with the newline. */
	snprintf(text, 1000, "[site a]\nserver_name = a.example\n"
	    "document_root = /%0181d\n", 0);
	T_EQ_INT(strlen(strchr(strchr(text, '\n') + 1, '\n') + 1), 199);
	run = read_text("ok198.ini", text);
	T_EQ_INT(pf_run_errors(run), 0);
	T_EQ_INT(strlen(pf_model_get(run)->sites.v[0]->document_root.s), 182);
	pf_run_free(run);
	snprintf(text, 1000, "[site a]\nserver_name = a.example\n"
	    "document_root = /%0182d\nhttp2 = yes\n", 0);
	run = read_text("long199.ini", text);
	d = find_diag(run, "site-line-too-long");
	T_TRUE(d != NULL);
	if (d != NULL) {
		T_EQ_INT(d->loc.line, 3);
		T_TRUE(strstr(d->message, "199 bytes") != NULL);
	}
	/* The next line is read as a line of its own. */
	T_EQ_INT(pf_model_get(run)->sites.v[0]->http2.v, 1);
	pf_run_free(run);
	free(text);
}

T_TEST(errors_have_locations)
{
	struct pf_run *run = read_text("bad.ini",
	    "stray = 1\n"
	    "[site a]\n"
	    "server_name = a.example\n"
	    "document_root = srv/a\n"
	    "bogus = 1\n"
	    "max_children = 3\n"
	    "server_name = again.example\n"
	    "listen: *:80\n"
	    "no equals sign here\n"
	    "[pool a]\n"
	    "listen = 0.0.0.0:9000\n"
	    "max_children = many\n"
	    "request_timeout = 10s\n"
	    "slowlog_after = 20s\n"
	    "[site a]\n"
	    "[virtualhost x]\n"
	    "[host\n");
	const struct pf_diag *d;

	d = find_diag(run, "site-syntax");
	T_TRUE(d != NULL && d->loc.line == 1);
	d = find_diag(run, "site-value");
	T_TRUE(d != NULL && d->loc.line == 4 && d->loc.col == 17);
	T_TRUE(d != NULL && strstr(d->message, "absolute") != NULL);
	d = find_diag(run, "site-unknown-key");
	T_TRUE(d != NULL && d->loc.line == 5);
	T_TRUE(d != NULL && d->fix == NULL);
	d = find_diag(run, "site-duplicate-key");
	T_TRUE(d != NULL && d->loc.line == 7 && d->nrelated == 1);
	T_TRUE(d != NULL && d->related[0].loc.line == 3);
	d = find_diag(run, "site-listen-public");
	T_TRUE(d != NULL && d->loc.line == 11 && d->loc.col == 10);
	d = find_diag(run, "site-slowlog");
	T_TRUE(d != NULL && d->loc.line == 14);
	d = find_diag(run, "site-duplicate");
	T_TRUE(d != NULL && d->loc.line == 15);
	T_TRUE(d != NULL && d->nrelated == 1 && d->related[0].loc.line == 2);
	pf_run_free(run);
}

T_TEST(every_error_line_is_reported)
{
	struct pf_run *run = read_text("many.ini",
	    "[site a]\n"
	    "server_name = a.example\n"
	    "document_root = /srv/a\n"
	    "max_children = 3\n"
	    "listen: *:80\n"
	    "no equals sign here\n"
	    "  continued = not really\n"
	    "[virtualhost x]\n"
	    "key = skipped\n"
	    "[host\n");
	size_t i, lines[16] = { 0 };

	for (i = 0; i < run->diags.n; i++)
		if (run->diags.v[i]->loc.line < 16)
			lines[run->diags.v[i]->loc.line]++;
	T_EQ_INT(lines[4], 1);	/* pool key in [site]: unknown, with fix */
	T_TRUE(find_diag(run, "site-unknown-key")->fix != NULL);
	T_EQ_INT(lines[5], 1);	/* ':' */
	T_EQ_INT(lines[6], 1);	/* no '=' */
	T_EQ_INT(lines[8], 1);	/* unknown section */
	T_EQ_INT(lines[9], 0);	/* its keys are skipped quietly */
	T_EQ_INT(lines[10], 1);	/* no ']' */
	pf_run_free(run);
}

T_TEST(binary_and_empty_files)
{
	struct pf_run *run = read_text("empty.ini", "");
	const struct pf_diag *d = find_diag(run, "site-empty");

	T_TRUE(d != NULL && d->loc.line == 1);
	T_EQ_INT(run->diags.n, 1);
	pf_run_free(run);
	run = read_text("comments.ini", "; only\n\n# comments\n");
	T_TRUE(find_diag(run, "site-empty") != NULL);
	pf_run_free(run);
	run = pf_run_new();
	{
		const char *p = t_tmpfile("bin.ini", "x");
		FILE *f = fopen(p, "wb");
		const char bin[] = "[site a]\nab\001c\0\377\376";

		fwrite(bin, 1, sizeof(bin), f);
		fclose(f);
		pf_site_read(run, &p, 1);
	}
	d = find_diag(run, "site-binary");
	T_TRUE(d != NULL && d->loc.line == 2 && d->loc.col == 5);
	T_EQ_INT(pf_run_errors(run), 1);
	pf_run_free(run);
}

T_TEST(php_settings_flags_and_continuations)
{
	struct pf_run *run = read_text("php.ini",
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n"
	    "[php a]\n"
	    "display_errors = Off\n"
	    "log_errors = yes\n"
	    "memory_limit = 256M\n"
	    "open_basedir = /srv/a:\n"
	    "   /tmp\n"
	    "engine = off\n");
	struct pf_pool *p = pf_model_get(run)->pools.v[0];

	T_TRUE(find_diag(run, "site-php-engine") != NULL);
	T_EQ_INT(p->php.n, 4);
	T_EQ_STR(p->php.v[0].value, "0");
	T_EQ_INT(p->php.v[0].flag, 1);
	T_EQ_STR(p->php.v[1].value, "1");
	T_EQ_INT(p->php.v[2].flag, 0);
	T_EQ_STR(p->php.v[3].value, "/srv/a:/tmp");
	T_EQ_INT(p->php.v[3].loc.line, 8);
	pf_run_free(run);
}

T_TEST(value_parsers)
{
	struct pf_run *run = pf_run_new();
	struct pf_loc l = PF_NOLOC;
	struct pf_listen li;
	long long n;

	T_EQ_INT(sv_size(run, "k", "8G", l, &n), 0);
	T_EQ_INT(n, 8LL << 30);
	T_EQ_INT(sv_size(run, "k", "512m", l, &n), 0);
	T_EQ_INT(n, 512LL << 20);
	T_EQ_INT(sv_size(run, "k", "1536KB", l, &n), 0);
	T_EQ_INT(n, 1536LL << 10);
	T_EQ_INT(sv_size(run, "k", "1.5G", l, &n), -1);
	T_EQ_INT(sv_size(run, "k", "99999999999999999999", l, &n), -1);
	T_EQ_INT(sv_size(run, "k", "9999999999T", l, &n), -1);
	T_EQ_INT(sv_time(run, "k", "60s", l, 0, &n), 0);
	T_EQ_INT(n, 60000);
	T_EQ_INT(sv_time(run, "k", "5m", l, 0, &n), 0);
	T_EQ_INT(n, 300000);
	T_EQ_INT(sv_time(run, "k", "90", l, 0, &n), 0);
	T_EQ_INT(n, 90000);
	T_EQ_INT(sv_time(run, "k", "50ms", l, 0, &n), -1);
	T_EQ_INT(sv_time(run, "k", "50ms", l, 1, &n), 0);
	T_EQ_INT(n, 50);
	T_EQ_INT(sv_time(run, "k", "1w", l, 1, &n), -1);
	T_EQ_INT(sv_listen(run, "/run/php/a.sock", l, &li), 0);
	T_TRUE(li.kind == PF_LISTEN_UNIX && li.loopback);
	T_EQ_INT(sv_listen(run, "127.0.0.1:9000", l, &li), 0);
	T_TRUE(li.kind == PF_LISTEN_TCP && li.loopback && li.port == 9000);
	T_EQ_INT(sv_listen(run, "[::1]:9001", l, &li), 0);
	T_TRUE(li.loopback && strcmp(li.host, "::1") == 0);
	T_EQ_INT(sv_listen(run, "localhost:9002", l, &li), 0);
	T_TRUE(li.loopback);
	T_EQ_INT(sv_listen(run, "9000", l, &li), 0);
	T_TRUE(li.any && !li.loopback);
	T_EQ_INT(sv_listen(run, "0.0.0.0:9000", l, &li), 0);
	T_TRUE(li.any && !li.loopback);
	T_EQ_INT(sv_listen(run, "192.0.2.1:9000", l, &li), 0);
	T_TRUE(!li.loopback);
	T_EQ_INT(sv_listen(run, "127.0.0.1:0", l, &li), -1);
	T_EQ_INT(sv_listen(run, "127.0.0.1:70000", l, &li), -1);
	T_EQ_INT(sv_vaddr(run, "listen", "*:80", l), 0);
	T_EQ_INT(sv_vaddr(run, "listen", "[2001:db8::1]:443", l), 0);
	T_EQ_INT(sv_vaddr(run, "listen", "2001:db8::1:443", l), -1);
	T_EQ_INT(sv_abspath(run, "k", "/srv/../etc", l), -1);
	T_EQ_INT(sv_abspath(run, "k", "/srv/a b", l), -1);
	T_EQ_INT(sv_abspath(run, "k", "/srv/${X}", l), -1);
	T_EQ_INT(sv_name(run, "pool name", "-x", l), -1);
	T_EQ_INT(sv_ipmask(run, "k", "10.0.0.0/8", l), 0);
	T_EQ_INT(sv_ipmask(run, "k", "10.0.0.0/33", l), -1);
	pf_run_free(run);
}

static struct pf_run *
compile_text(const char *name, const char *text, struct pf_emitted **f,
    size_t *n, struct pf_buf *explain)
{
	struct pf_run *run = read_text(name, text);
	struct pf_compile_opts o;

	memset(&o, 0, sizeof(o));
	o.emit_mpm = -1;
	o.explain = explain;
	pf_compile(run, &o, f, n);
	return run;
}

static const struct pf_emitted *
file_of(struct pf_emitted *f, size_t n, const char *rel)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].rel, rel) == 0)
			return &f[i];
	return NULL;
}

T_TEST(sizing_static_pool_from_memory_and_demand)
{
	struct pf_emitted *f;
	size_t n;
	struct pf_run *run = compile_text("size1.ini",
	    "[host]\ncores = 2\nmemory = 1G\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n"
	    "[pool a]\nworker_memory = 100M\n", &f, &n, NULL);
	struct pf_pool *p = pf_model_get(run)->pools.v[0];
	struct pf_site *s = pf_model_get(run)->sites.v[0];

	T_EQ_INT(pf_run_errors(run), 0);
	/* (1024M - 16 x 5M Apache - 3M master) / 100M = 9; demand 16. */
	T_EQ_INT(p->max_children.v, 9);
	T_EQ_INT(p->pm, PF_PM_STATIC);
	T_EQ_INT(p->listen_backlog.v, 511);
	T_EQ_INT(p->request_terminate_timeout.v, 60);
	T_EQ_INT(s->proxy_timeout, 65);
	/* No MPM snippet: the process count is not fixed, no reuse. */
	T_EQ_INT(s->proxy_reuse, 0);
	T_EQ_INT(n, 3);
	T_TRUE(file_of(f, n, "etc/apache2/sites-available/a.conf") != NULL);
	T_TRUE(file_of(f, n, "etc/php/8.2/fpm/pool.d/a.conf") != NULL);
	T_TRUE(file_of(f, n,
	    "etc/systemd/system/php8.2-fpm.service.d/proxyfpm.conf") != NULL);
	pf_run_free(run);
}

T_TEST(sizing_reuse_and_mpm)
{
	struct pf_emitted *f;
	struct pf_buf ex = PF_BUF_INIT;
	size_t n;
	struct pf_run *run = compile_text("size2.ini",
	    "[host]\ncores = 4\nmemory = 8G\nemit_mpm = yes\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n"
	    "[pool a]\nworker_memory = 48M\nrps = 400\nrequest_time = 50ms\n",
	    &f, &n, &ex);
	struct pf_model *m = pf_model_get(run);
	struct pf_pool *p = m->pools.v[0];
	struct pf_site *s = m->sites.v[0];

	T_EQ_INT(pf_run_errors(run), 0);
	/* demand = 400 x 0.050 x 1.25 = 25; threads = 25 + 32 x 4 = 153 in
	 * ceil(153 / 128) = 2 processes of 96 (MRW 192), ServerLimit 3;
	 * reuse max = ceil(25 / 2) = 13 and max_children = 3 x 13 + 2 = 41;
	 * no recycling behind kept connections. */
	T_EQ_INT(m->host.plan.max_request_workers, 192);
	T_EQ_INT(m->host.plan.threads_per_child, 96);
	T_EQ_INT(m->host.plan.server_limit, 3);
	T_EQ_INT(s->proxy_reuse, 1);
	T_EQ_INT(s->proxy_max, 13);
	T_EQ_INT(p->max_children.v, 41);
	T_EQ_INT(p->max_requests.v, 0);
	T_TRUE(m->host.plan.server_limit * s->proxy_max <=
	    p->max_children.v - 2);
	T_TRUE(file_of(f, n, "etc/apache2/conf-available/proxyfpm-mpm.conf")
	    != NULL);
	T_TRUE(strstr(pf_buf_str(&ex), "ceil(demand 25 / 2 Apache") != NULL);
	pf_buf_free(&ex);
	pf_run_free(run);
}

T_TEST(sizing_dynamic_ondemand_and_errors)
{
	struct pf_emitted *f;
	size_t n;
	struct pf_run *run = compile_text("size3.ini",
	    "[host]\ncores = 1\nmemory = 600M\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n"
	    "[site b]\nserver_name = b.example\ndocument_root = /srv/b\n"
	    "[pool a]\npm = dynamic\nworker_memory = 20M\n"
	    "[pool b]\nworker_memory = 512M\n", &f, &n, NULL);
	struct pf_pool *a = pf_model_get(run)->pools.v[0];
	struct pf_pool *b = pf_model_get(run)->pools.v[1];

	T_EQ_INT(pf_run_errors(run), 0);
	T_EQ_INT(a->pm, PF_PM_DYNAMIC);
	T_EQ_INT(a->max_children.v, 8);
	T_EQ_INT(a->min_spare_servers.v, 2);
	T_EQ_INT(a->max_spare_servers.v, 4);
	T_EQ_INT(a->start_servers.v, 3);
	/* Less than one worker fits b's share: ondemand, overcommitted. */
	T_EQ_INT(b->pm, PF_PM_ONDEMAND);
	T_EQ_INT(b->max_children.v, 1);
	T_EQ_INT(b->process_idle_timeout.v, 10);
	T_TRUE(find_diag(run, "sizing-overcommit") != NULL);
	pf_run_free(run);

	run = compile_text("size4.ini",
	    "[host]\ncores = 1\nmemory = 1G\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n"
	    "[pool a]\nreuse = on\n", &f, &n, NULL);
	T_TRUE(find_diag(run, "sizing-reuse") != NULL);
	T_EQ_INT(n, 0);
	pf_run_free(run);

	run = compile_text("size5.ini",
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n",
	    &f, &n, NULL);
	T_TRUE(find_diag(run, "compile-no-host") != NULL);
	T_EQ_INT(n, 0);
	pf_run_free(run);

	run = compile_text("size6.ini",
	    "[host]\ncores = 1\nmemory = 1G\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n"
	    "[pool a]\npm = dynamic\nmax_children = 4\nstart_servers = 9\n",
	    &f, &n, NULL);
	T_TRUE(find_diag(run, "sizing-pm") != NULL);
	pf_run_free(run);
}

T_TEST(emitted_lines_point_at_the_description)
{
	struct pf_emitted *f;
	size_t n, i;
	struct pf_run *run = compile_text("origin.ini",
	    "[host]\ncores = 1\nmemory = 1G\n"
	    "[site a]\n"
	    "server_name = a.example\n"
	    "document_root = /srv/a\n"
	    "upload_dirs = up\n"
	    "[pool a]\n"
	    "user = alice\n", &f, &n, NULL);
	const struct pf_emitted *v = file_of(f, n,
	    "etc/apache2/sites-available/a.conf");
	const struct pf_emitted *p = file_of(f, n,
	    "etc/php/8.2/fpm/pool.d/a.conf");
	const struct pf_source *src;
	const char *line;
	size_t len;
	uint32_t ln, found = 0;

	T_TRUE(v != NULL && p != NULL);
	if (v == NULL || p == NULL)
		return;
	src = pf_source_get(run, v->source);
	T_TRUE(src != NULL && src->kind == PF_SRC_GENERATED);
	T_TRUE(src->origin == v->origin && src->norigin == v->norigin);
	T_TRUE(pf_emit_has_banner(v->data, v->len));
	for (ln = 1; pf_source_line(run, v->source, ln, &line, &len) == 0;
	    ln++) {
		struct pf_loc o = pf_loc_origin(run,
		    pf_loc_make(v->source, ln, 1, 0));

		if (len > 12 && strncmp(line, "\tServerName ", 12) == 0) {
			T_EQ_INT(o.line, 5);
			T_EQ_INT(o.col, 15);
			found++;
		}
		if (len == 24 && memcmp(line, "\t<Directory \"/srv/a/up\">",
		    24) == 0) {
			T_EQ_INT(o.line, 7);
			found++;
		}
		if (ln == 1)
			T_EQ_INT(o.file, v->source);	/* banner: no origin */
	}
	T_EQ_INT(found, 2);
	for (i = 0, ln = 1; i < p->len; i++) {
		if (strncmp(p->data + i, "user = alice", 12) == 0)
			T_EQ_INT(p->origin[ln - 1].line, 9);
		if (p->data[i] == '\n')
			ln++;
	}
	T_EQ_INT(ln - 1, p->norigin);
	pf_run_free(run);
}

/* A layout --host auto found that compile cannot write (arch, gentoo...):
 * a warning that says so, and the Debian layout, never a silent guess. */
T_TEST(compile_warns_on_a_layout_it_does_not_write)
{
	struct pf_run *run = read_text("arch.ini",
	    "[host]\ncores = 1\nmemory = 1G\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n");
	struct pf_compile_opts o;
	struct pf_emitted *f;
	size_t n, i, warned = 0;

	memset(&o, 0, sizeof(o));
	o.emit_mpm = 0;
	pf_model_get(run)->host.layout = pf_sval_make("arch", PF_NOLOC);
	pf_compile(run, &o, &f, &n);
	T_EQ_INT(pf_run_errors(run), 0);
	for (i = 0; i < run->diags.n; i++)
		if (run->diags.v[i]->id != NULL &&
		    strcmp(run->diags.v[i]->id, "compile-layout") == 0 &&
		    run->diags.v[i]->sev == PF_SEV_WARNING &&
		    strstr(run->diags.v[i]->message, "arch") != NULL)
			warned++;
	T_EQ_INT(warned, 1);
	T_TRUE(file_of(f, n, "etc/apache2/sites-available/a.conf") != NULL);
	pf_run_free(run);

	/* --layout given: no warning */
	run = read_text("arch2.ini", "[host]\ncores = 1\nmemory = 1G\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n");
	pf_model_get(run)->host.layout = pf_sval_make("arch", PF_NOLOC);
	o.layout = "rhel";
	pf_compile(run, &o, &f, &n);
	for (i = 0, warned = 0; i < run->diags.n; i++)
		warned += run->diags.v[i]->id != NULL &&
		    strcmp(run->diags.v[i]->id, "compile-layout") == 0;
	T_EQ_INT(warned, 0);
	T_TRUE(file_of(f, n, "etc/httpd/conf.d/a.conf") != NULL);
	pf_run_free(run);
}

T_TEST(remap_and_user_map)
{
	struct pf_run *run = read_text("remap.ini",
	    "[host]\ncores = 1\nmemory = 1G\n"
	    "[site a]\nserver_name = a.example\ndocument_root = /srv/a\n"
	    "[pool a]\nuser = alice\n"
	    "[php a]\nopen_basedir = /srv/a:/tmp:.\n"
	    "session.save_path = 2;/var/lib/php/s\n");
	struct pf_user_map um[] = { { "alice", "nobody" },
	    { "*", "www-data" } };
	struct pf_compile_opts o;
	struct pf_emitted *f;
	const struct pf_emitted *v, *p;
	size_t n;

	memset(&o, 0, sizeof(o));
	o.emit_mpm = 0;
	o.remap_root = "/tmp/R/";
	o.user_map = um;
	o.nuser_map = 2;
	pf_compile(run, &o, &f, &n);
	T_EQ_INT(pf_run_errors(run), 0);
	v = file_of(f, n, "etc/apache2/sites-available/a.conf");
	p = file_of(f, n, "etc/php/8.2/fpm/pool.d/a.conf");
	T_TRUE(v != NULL && p != NULL);
	if (v == NULL || p == NULL)
		return;
	T_EQ_STR(v->target, "/tmp/R/etc/apache2/sites-available/a.conf");
	T_TRUE(strstr(v->data, "DocumentRoot \"/tmp/R/srv/a\"") != NULL);
	T_TRUE(strstr(v->data, "proxy:unix:/tmp/R/run/php/php8.2-fpm-a.sock"
	    "|fcgi://a") != NULL);
	T_TRUE(strstr(p->data, "\nuser = nobody\n") != NULL);
	T_TRUE(strstr(p->data, "\nlisten.owner = www-data\n") != NULL);
	T_TRUE(strstr(p->data, "open_basedir] = /tmp/R/srv/a:/tmp/R/tmp:.\n")
	    != NULL);
	T_TRUE(strstr(p->data, "save_path] = '2;/tmp/R/var/lib/php/s'\n")
	    != NULL);
	pf_run_free(run);
}

T_TEST(fpm_quoting)
{
	struct pf_run *run = pf_run_new();
	struct cc cc;

	memset(&cc, 0, sizeof(cc));
	cc.run = run;
	T_EQ_STR(q_fpm(&cc, "256M"), "256M");
	T_EQ_STR(q_fpm(&cc, "E_ALL & ~E_NOTICE"), "E_ALL & ~E_NOTICE");
	T_EQ_STR(q_fpm(&cc, "a|b"), "'a|b'");
	T_EQ_STR(q_fpm(&cc, "2;/var/lib"), "'2;/var/lib'");
	T_EQ_STR(q_fpm(&cc, "on"), "'on'");
	T_EQ_STR(q_fpm(&cc, ""), "\"\"");
	T_EQ_STR(q_fpm(&cc, "it's $x \"q\""), "\"it's \\$x \\\"q\\\"\"");
	T_EQ_STR(q_apache(&cc, "^\\.ht$"), "\"^\\.ht$\"");
	T_EQ_STR(q_apache(&cc, "a\"b\\"), "\"a\\\"b\\\\\"");
	T_EQ_STR(re_escape(&cc, "a.b/c+d"), "a\\.b/c\\+d");
	pf_run_free(run);
}

T_TEST(unified_diff)
{
	struct pf_buf b = PF_BUF_INIT;
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
	const char *c = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\nthirteen";

	T_EQ_INT(pf_diff_unified(&b, "a/x", a, strlen(a), "b/x", a,
	    strlen(a)), 0);
	T_EQ_INT(b.len, 0);
	T_EQ_INT(pf_diff_unified(&b, "a/x", a, strlen(a), "b/x", c,
	    strlen(c)), 1);
	T_EQ_STR(pf_buf_str(&b),
	    "--- a/x\n+++ b/x\n"
	    "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
	    "@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+thirteen\n"
	    "\\ No newline at end of file\n");
	pf_buf_reset(&b);
	pf_diff_unified(&b, "/dev/null", "", 0, "b/y", "x\ny\n", 4);
	T_EQ_STR(pf_buf_str(&b), "--- /dev/null\n+++ b/y\n@@ -0,0 +1,2 @@\n"
	    "+x\n+y\n");
	pf_buf_free(&b);
}

T_TEST(host_files_and_globs)
{
	char dir[512], path[600];
	struct pf_run *run;
	struct pf_model *m;
	FILE *f;
	const char *p;

	snprintf(dir, sizeof(dir), "%s/hosting", t_tmpdir());
	snprintf(path, sizeof(path), "mkdir -p %s/sites", dir);
	T_EQ_INT(system(path), 0);
	snprintf(path, sizeof(path), "%s/sites/one.ini", dir);
	f = fopen(path, "w");
	fputs("[site one]\nserver_name = one.example\n"
	    "document_root = /srv/one\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/sites/two.ini", dir);
	f = fopen(path, "w");
	fputs("[host]\ncores = 1\n[site two]\nserver_name = two.example\n"
	    "document_root = /srv/two\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/host.ini", dir);
	f = fopen(path, "w");
	fputs("[host]\ncores = 2\nmemory = 2G\nsites = sites/*.ini "
	    "nothing/*.ini\n", f);
	fclose(f);
	run = pf_run_new();
	p = path;
	pf_site_read(run, &p, 1);
	m = pf_model_get(run);
	T_EQ_INT(m->sites.n, 2);
	T_EQ_INT(m->host.cores.v, 2);
	/* [host] only in the host file; a glob that matches nothing. */
	T_TRUE(find_diag(run, "site-section") != NULL);
	T_TRUE(find_diag(run, "site-glob") != NULL);
	pf_run_free(run);

	/* --host FILE replaces the description's facts. */
	snprintf(path, sizeof(path), "%s/other-host.ini", dir);
	f = fopen(path, "w");
	fputs("[host]\ncores = 16\nmemory = 32G\n", f);
	fclose(f);
	run = read_text("hosted.ini", HOST);
	T_EQ_INT(pf_host_load(run, path), 0);
	m = pf_model_get(run);
	T_EQ_INT(m->host.cores.v, 16);
	T_EQ_INT(m->host.source, PF_HOST_FILE);
	T_EQ_INT(pf_host_load(run, "auto"), 0);
	T_TRUE(m->host.cores.v >= 1 && m->host.memory.v > 0);
	T_EQ_INT(m->host.source, PF_HOST_AUTO);
	T_TRUE(m->host.detail != NULL);
	pf_run_free(run);
}

static void
write_file(const char *root, const char *rel, const char *text)
{
	char cmd[1200], path[1100];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	T_EQ_INT(system(cmd), 0);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

T_TEST(host_auto_reads_systemd_units)
{
	char root[600];
	struct pf_run *run;
	struct pf_host *h;

	snprintf(root, sizeof(root), "%s/machine", t_tmpdir());
	/* The unit says 4096; drop-ins sort by name across folders, the
	 * /etc one masks the /lib one of the same name, and the last
	 * setting wins (its soft limit counts). */
	write_file(root, "/lib/systemd/system/php8.1-fpm.service",
	    "[Service]\nLimitNOFILE=2048\n");
	write_file(root, "/lib/systemd/system/php8.2-fpm.service",
	    "[Unit]\nLimitNOFILE=1\n[Service]\nType=notify\n"
	    "LimitNOFILE=4096\n");
	write_file(root, "/lib/systemd/system/php8.2-fpm.service.d/b.conf",
	    "[Service]\nLimitNOFILE=99\n");
	write_file(root, "/etc/systemd/system/php8.2-fpm.service.d/b.conf",
	    "[Service]\nLimitNOFILE=20000:40000\n");
	write_file(root, "/etc/systemd/system/php8.2-fpm.service.d/a.conf",
	    "[Service]\nLimitNOFILE=10000\n");
	write_file(root, "/etc/systemd/system.conf",
	    "[Manager]\n#DefaultLimitNPROC=5\nDefaultLimitNPROC=777\n");
	write_file(root, "/etc/apache2/envvars",
	    "export APACHE_RUN_USER=web\nexport APACHE_RUN_GROUP=web\n");
	run = pf_run_new();
	run->root = root;
	T_EQ_INT(pf_host_load(run, "auto"), 0);
	h = &pf_model_get(run)->host;
	T_EQ_INT(h->nofile.v, 20000);
	T_EQ_INT(h->nproc.v, 777);
	T_EQ_STR(h->php_version.s, "8.2");
	T_EQ_STR(h->apache_user.s, "web");
	T_EQ_STR(h->layout.s, "debian");
	T_TRUE(strstr(h->detail, "php8.2-fpm.service.d/b.conf") != NULL);
	pf_run_free(run);

	/* Without any setting: systemd's default soft limit. */
	snprintf(root, sizeof(root), "%s/bare", t_tmpdir());
	write_file(root, "/usr/lib/systemd/system/php-fpm.service",
	    "[Service]\nExecStart=/usr/sbin/php-fpm\n");
	run = pf_run_new();
	run->root = root;
	T_EQ_INT(pf_host_load(run, "auto"), 0);
	h = &pf_model_get(run)->host;
	T_EQ_INT(h->nofile.v, 1024);
	T_TRUE(h->php_version.s == NULL);
	pf_run_free(run);
}

int
main(void)
{
	T_RUN(values_keep_line_and_column);
	T_RUN(crlf_bom_and_comments);
	T_RUN(long_lines_are_found_by_the_reader);
	T_RUN(errors_have_locations);
	T_RUN(every_error_line_is_reported);
	T_RUN(binary_and_empty_files);
	T_RUN(php_settings_flags_and_continuations);
	T_RUN(value_parsers);
	T_RUN(sizing_static_pool_from_memory_and_demand);
	T_RUN(sizing_reuse_and_mpm);
	T_RUN(sizing_dynamic_ondemand_and_errors);
	T_RUN(emitted_lines_point_at_the_description);
	T_RUN(remap_and_user_map);
	T_RUN(compile_warns_on_a_layout_it_does_not_write);
	T_RUN(fpm_quoting);
	T_RUN(unified_diff);
	T_RUN(host_files_and_globs);
	T_RUN(host_auto_reads_systemd_units);
	return t_done();
}
