/*
 * test_model.c - arena, buffers, sources, diagnostics and the text report.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/report.h"
#include "model/buf.h"
#include "model/run.h"
#include "model/suggest.h"
#include "t.h"

T_TEST(arena_allocates_zeroed_aligned_memory)
{
	struct pf_arena *a = pf_arena_new();
	char *big;
	int i;

	for (i = 0; i < 10000; i++) {
		long *p = pf_alloc(a, 24);

		T_TRUE(((uintptr_t)p & 15) == 0);
		if (p[0] != 0 || p[2] != 0)
			T_TRUE(0);
		p[0] = i;
	}
	big = pf_alloc(a, 1 << 20);	/* bigger than a chunk */
	T_EQ_INT(big[(1 << 20) - 1], 0);
	T_EQ_STR(pf_printf(a, "%s-%d", "x", 42), "x-42");
	T_EQ_STR(pf_strndup(a, "abcdef", 3), "abc");
	T_TRUE(pf_arena_used(a) >= 10000 * 32 + (1 << 20));
	pf_arena_free(a);
}

/* pf_printf's own formatting of %s, %.*s, %d and %% is vsnprintf's; other
 * conversions, NULL strings and long results go to vsnprintf. */
static void
printf_same(struct pf_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
printf_same(struct pf_arena *a, const char *fmt, ...)
{
	char want[2048];
	va_list ap;
	char *got;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	got = pf_vprintf(a, fmt, ap);
	va_end(ap);
	T_EQ_STR(got, want);
}

T_TEST(printf_formats_as_vsnprintf)
{
	struct pf_arena *a = pf_arena_new();
	char long_s[1000];
	/* NULL, which the compiler cannot see (it warns of a NULL %s) */
	const char *no_str = getenv("PF_TEST_NO_SUCH_VARIABLE");

	memset(long_s, 'x', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	printf_same(a, "%s%s", "/srv/www", "/index.php");
	printf_same(a, "%.*s%s", 3, "abcdef", "/x");
	printf_same(a, "%.*s|", -1, "abcdef");
	printf_same(a, "%.*s|", 0, "abc");
	printf_same(a, "%.*s|", 10, "abc");
	printf_same(a, "a%%b %d %d %d", 0, -2147483647 - 1, 2147483647);
	printf_same(a, "Apache answers %d%s%s%s", 404, "", " (x)", ".");
	printf_same(a, "%s and %s", long_s, long_s);	/* past 512 bytes */
	printf_same(a, "%5s|%-3d|%x|%p", "ab", 7, 255, (void *)a);
	printf_same(a, "%s|%.*s", no_str, 3, no_str);
	printf_same(a, "%s", "");
	printf_same(a, "plain");
	pf_arena_free(a);
}

T_TEST(vec_grows_and_keeps_items)
{
	struct pf_arena *a = pf_arena_new();
	PF_VEC(int) v = { 0 };
	int i;

	for (i = 0; i < 1000; i++)
		PF_PUSH(a, v, i * 3);
	T_EQ_INT(v.n, 1000);
	T_EQ_INT(v.v[999], 2997);
	T_EQ_INT(v.v[0], 0);
	pf_arena_free(a);
}

T_TEST(buf_builds_strings)
{
	struct pf_buf b = PF_BUF_INIT;
	char *s;
	int i;

	T_EQ_STR(pf_buf_str(&b), "");
	for (i = 0; i < 1000; i++)
		pf_buf_printf(&b, "%d,", i % 10);
	T_EQ_INT(b.len, 2000);
	pf_buf_reset(&b);
	pf_buf_puts(&b, "ab");
	pf_buf_putc(&b, 'c');
	s = pf_buf_detach(&b);
	T_EQ_STR(s, "abc");
	T_EQ_INT(b.len, 0);
	free(s);
	pf_buf_free(&b);
}

T_TEST(source_lines_handle_crlf_and_missing_lines)
{
	struct pf_run *run = pf_run_new();
	static const char text[] = "one\r\ntwo\n\nfour";
	const char *p;
	size_t n;
	uint32_t f = pf_source_add(run, "/x.conf", text, sizeof(text) - 1,
	    PF_SRC_HTTPD, PF_NOLOC);

	T_EQ_INT(f, 1);
	T_EQ_INT(pf_source_line(run, f, 1, &p, &n), 0);
	T_EQ_INT(n, 3);
	T_TRUE(memcmp(p, "one", 3) == 0);
	T_EQ_INT(pf_source_line(run, f, 3, &p, &n), 0);
	T_EQ_INT(n, 0);
	T_EQ_INT(pf_source_line(run, f, 4, &p, &n), 0);
	T_EQ_INT(n, 4);
	T_EQ_INT(pf_source_line(run, f, 5, &p, &n), -1);
	T_EQ_INT(pf_source_line(run, 9, 1, &p, &n), -1);
	T_EQ_INT(pf_source_find(run, "/x.conf"), 1);
	T_EQ_INT(pf_source_find(run, "/y.conf"), 0);
	pf_run_free(run);
}

T_TEST(read_file_rejects_directories_and_missing_files)
{
	struct pf_run *run = pf_run_new();
	char *data;
	size_t len;
	const char *p = t_tmpfile("r.conf", "abc\n");

	T_EQ_INT(pf_read_file(run, p, &data, &len), 0);
	T_EQ_INT(len, 4);
	T_EQ_STR(data, "abc\n");
	T_EQ_INT(pf_read_file(run, t_tmpdir(), &data, &len), EISDIR);
	T_EQ_INT(pf_read_file(run, "/nonexistent/x", &data, &len), ENOENT);
	T_EQ_INT(pf_read_file(run, "/dev/null", &data, &len), 0);
	T_EQ_INT(len, 0);
	pf_run_free(run);
}

/* pf_read_file_max: no more than max bytes of a file (TypesConfig's). */
T_TEST(read_file_max_stops_at_its_limit)
{
	struct pf_run *run = pf_run_new();
	char *data;
	size_t len;
	const char *p = t_tmpfile("m.types", "text/plain txt\nimage/png png\n");

	T_EQ_INT(pf_read_file_max(run, p, 10, &data, &len), 0);
	T_EQ_INT(len, 10);
	T_EQ_STR(data, "text/plain");
	T_EQ_INT(pf_read_file_max(run, p, 0, &data, &len), 0);
	T_EQ_INT(len, 0);
	T_EQ_INT(pf_read_file_max(run, p, 1000, &data, &len), 0);
	T_EQ_INT(len, 29);
	T_EQ_INT(pf_read_file_max(run, t_tmpdir(), 10, &data, &len), EISDIR);
	pf_run_free(run);
}

/* --root: an absolute link of the copy leads below the root (Plesk's
 * vhosts/DOMAIN.conf -> /var/www/vhosts/system/DOMAIN/conf/httpd.conf), a
 * relative one from its directory, '..' stops at the root. */
T_TEST(root_links_resolve_below_the_root)
{
	struct pf_run *run = pf_run_new();
	const char *root = pf_printf(run->arena, "%s/rootlinks", t_tmpdir());
	char *data;
	size_t len;

	T_EQ_INT(system(pf_printf(run->arena, "r=%s; mkdir -p $r/etc/a/vhosts "
	    "$r/var/sys/d/conf $r/etc/a/avail && "
	    "echo real > $r/var/sys/d/conf/httpd.conf && "
	    "echo rel > $r/etc/a/avail/x.conf && "
	    "ln -sfn /var/sys/d/conf/httpd.conf $r/etc/a/vhosts/d.conf && "
	    "ln -sfn ../avail/x.conf $r/etc/a/vhosts/x.conf && "
	    "ln -sfn /var/sys $r/etc/a/sys && "
	    "ln -sfn /etc/a/loop $r/etc/a/loop", root)), 0);
	run->root = root;
	T_EQ_INT(pf_read_file(run, "/etc/a/vhosts/d.conf", &data, &len), 0);
	T_EQ_STR(data, "real\n");
	T_EQ_INT(pf_read_file(run, "/etc/a/vhosts/x.conf", &data, &len), 0);
	T_EQ_STR(data, "rel\n");
	/* a link in the middle of the path, then '..' past the root */
	T_EQ_INT(pf_read_file(run, "/etc/a/sys/d/conf/httpd.conf", &data,
	    &len), 0);
	T_EQ_INT(pf_read_file(run, "/../../etc/a/avail/x.conf", &data, &len),
	    0);
	T_EQ_STR(data, "rel\n");
	T_EQ_STR(pf_host_path(run, "/etc/a/vhosts/d.conf"), pf_printf(run->arena,
	    "%s/var/sys/d/conf/httpd.conf", root));
	/* a loop ends the walk: the kernel opens the copy's own link (the
	 * panels' 'ln -s /usr/lib/apache2/modules usr/lib/apache2/modules'
	 * reaches this machine's modules that way) */
	T_TRUE(pf_read_file(run, "/etc/a/loop/f", &data, &len) != 0);
	T_EQ_INT(pf_read_file(run, "/etc/a/none/f", &data, &len), ENOENT);
	run->root = NULL;
	pf_run_free(run);
}

/* Renders the run's diagnostics as text into a string. */
static char *
render(struct pf_run *run)
{
	struct pf_report_opts o;
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	memset(&o, 0, sizeof(o));
	pf_report_text(run, f, &o);
	fclose(f);
	return s;
}

T_TEST(text_report_shows_caret_chain_and_fix)
{
	struct pf_run *run = pf_run_new();
	static const char main_conf[] = "ServerRoot /etc\nInclude site.conf\n";
	static const char site[] = "<VirtualHost *:80>\n"
	    "\tProxyPassMatch ^/(.*\\.php)$ fcgi://127.0.0.1:9000/srv/$1\n";
	uint32_t m = pf_source_add(run, "/etc/apache2/apache2.conf", main_conf,
	    sizeof(main_conf) - 1, PF_SRC_HTTPD, PF_NOLOC);
	uint32_t s = pf_source_add(run, "/etc/apache2/site.conf", site,
	    sizeof(site) - 1, PF_SRC_HTTPD, pf_loc_make(m, 2, 1, 7));
	struct pf_diag *d;
	char *out;

	d = pf_diag_add(run, PF_SEV_HIGH, "greedy-proxypassmatch",
	    pf_loc_make(s, 2, 17, 12), "route forwards '%s'",
	    "/uploads/evil.jpg/x.php");
	pf_diag_fix(run, d, "route with SetHandler in <FilesMatch>");
	pf_diag_add(run, PF_SEV_ERROR, NULL, pf_loc_make(m, 1, 1, 0),
	    "first");
	out = render(run);
	T_EQ_STR(out,
	    "/etc/apache2/apache2.conf:1:1: error: first\n"
	    "    ServerRoot /etc\n"
	    "    ^\n"
	    "/etc/apache2/site.conf:2:17: high: route forwards "
	    "'/uploads/evil.jpg/x.php' [greedy-proxypassmatch]\n"
	    "    \tProxyPassMatch ^/(.*\\.php)$ fcgi://127.0.0.1:9000/srv/$1\n"
	    "    \t               ^~~~~~~~~~~~\n"
	    "  included from /etc/apache2/apache2.conf:2:1\n"
	    "  fix: route with SetHandler in <FilesMatch>\n"
	    "summary: 1 high, 1 error\n");
	free(out);
	pf_run_free(run);
}

T_TEST(generated_locations_map_to_their_origin)
{
	struct pf_run *run = pf_run_new();
	static const char desc[] = "[site a]\ndocument_root = /srv/a\n";
	static const char gen[] = "# banner\nDocumentRoot /srv/a\n";
	uint32_t d = pf_source_add(run, "site.ini", desc, sizeof(desc) - 1,
	    PF_SRC_SITE, PF_NOLOC);
	uint32_t g = pf_source_add(run, "out/a.conf", gen, sizeof(gen) - 1,
	    PF_SRC_GENERATED, PF_NOLOC);
	struct pf_loc *origin = pf_alloc(run->arena, 2 * sizeof(*origin));
	struct pf_loc at;

	origin[1] = pf_loc_make(d, 2, 17, 6);
	pf_source_get(run, g)->origin = origin;
	pf_source_get(run, g)->norigin = 2;
	at = pf_loc_origin(run, pf_loc_make(g, 2, 14, 6));
	T_EQ_INT(at.file, d);
	T_EQ_INT(at.line, 2);
	at = pf_loc_origin(run, pf_loc_make(g, 1, 1, 0));
	T_EQ_INT(at.file, g);
	pf_run_free(run);
}

T_TEST(diagnostics_over_the_cap_are_counted_not_stored)
{
	struct pf_run *run = pf_run_new();
	int i;

	for (i = 0; i < PF_MAX_DIAGS + 5; i++)
		pf_diag_add(run, PF_SEV_NOTE, NULL, PF_NOLOC, "n%d", i);
	T_EQ_INT(run->diags.n, PF_MAX_DIAGS);
	T_EQ_INT(run->dropped, 5);
	T_EQ_INT(run->count[PF_SEV_NOTE], PF_MAX_DIAGS + 5);
	/* Errors, warnings and findings that matter are still stored past
	 * the cap. */
	pf_diag_add(run, PF_SEV_ERROR, NULL, PF_NOLOC, "e");
	pf_diag_add(run, PF_SEV_HIGH, NULL, PF_NOLOC, "h");
	pf_diag_add(run, PF_SEV_WARNING, NULL, PF_NOLOC, "w");
	pf_diag_add(run, PF_SEV_INFO, NULL, PF_NOLOC, "i");
	T_EQ_INT(run->diags.n, PF_MAX_DIAGS + 3);
	T_EQ_INT(run->dropped, 6);
	for (i = 0; i < PF_MAX_DIAGS_HARD; i++)
		pf_diag_add(run, PF_SEV_ERROR, NULL, PF_NOLOC, "e%d", i);
	T_EQ_INT(run->diags.n, PF_MAX_DIAGS_HARD);
	T_EQ_INT(pf_run_errors(run), PF_MAX_DIAGS_HARD + 1);
	pf_run_free(run);
}

T_TEST(diagnostic_texts_are_stored_once)
{
	struct pf_run *run = pf_run_new();
	struct pf_diag *a, *b, *c;
	char big[700];

	a = pf_diag_add(run, PF_SEV_INFO, "x", PF_NOLOC, "no file check (%s)",
	    "/nope.php");
	b = pf_diag_add(run, PF_SEV_INFO, "x", PF_NOLOC, "no file %s (%s)",
	    "check", "/nope.php");
	c = pf_diag_add(run, PF_SEV_INFO, "x", PF_NOLOC, "no file check (/a)");
	pf_diag_fix(run, a, "wrap it");
	pf_diag_fix(run, b, "wrap %s", "it");
	T_EQ_STR(a->message, "no file check (/nope.php)");
	T_TRUE(a->message == b->message);	/* one copy */
	T_TRUE(a->fix == b->fix);
	T_EQ_STR(c->message, "no file check (/a)");
	T_TRUE(c->message != a->message);
	/* past the formatting buffer: its own copy, still exact */
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	a = pf_diag_add(run, PF_SEV_INFO, "x", PF_NOLOC, "%s", big);
	b = pf_diag_add(run, PF_SEV_INFO, "x", PF_NOLOC, "%s", big);
	T_EQ_STR(a->message, big);
	T_EQ_STR(b->message, big);
	pf_run_free(run);
}

T_TEST(severity_names_round_trip)
{
	int s;

	for (s = 0; s < PF_SEV_MAX; s++)
		T_EQ_INT(pf_sev_parse(pf_sev_name((enum pf_severity)s)), s);
	T_EQ_INT(pf_sev_parse("bogus"), -1);
	T_TRUE(pf_sev_is_finding(PF_SEV_CRITICAL));
	T_TRUE(!pf_sev_is_finding(PF_SEV_ERROR));
}

T_TEST(suggest_offers_only_close_names)
{
	struct pf_suggest s;

	T_EQ_INT(pf_edit_distance("lint", "lint"), 0);
	T_EQ_INT(pf_edit_distance("lnit", "lint"), 1);	/* a swap */
	T_EQ_INT(pf_edit_distance("LINT", "lint"), 0);
	T_EQ_INT(pf_edit_distance("", "abc"), 3);
	T_EQ_INT(pf_edit_distance("kitten", "sitting"), 3);
	pf_suggest_init(&s, "htpd");
	pf_suggest_add(&s, "host");
	pf_suggest_add(&s, "httpd");
	pf_suggest_add(&s, "fpm");
	T_EQ_STR(pf_suggest_best(&s), "httpd");
	pf_suggest_init(&s, "zzzz");
	pf_suggest_add(&s, "lint");
	T_TRUE(pf_suggest_best(&s) == NULL);
	pf_suggest_init(&s, "max-request-unset");
	pf_suggest_add(&s, "max-requests-unset");
	T_EQ_STR(pf_suggest_best(&s), "max-requests-unset");
}

int
main(void)
{
	T_RUN(arena_allocates_zeroed_aligned_memory);
	T_RUN(printf_formats_as_vsnprintf);
	T_RUN(vec_grows_and_keeps_items);
	T_RUN(buf_builds_strings);
	T_RUN(source_lines_handle_crlf_and_missing_lines);
	T_RUN(read_file_rejects_directories_and_missing_files);
	T_RUN(read_file_max_stops_at_its_limit);
	T_RUN(root_links_resolve_below_the_root);
	T_RUN(text_report_shows_caret_chain_and_fix);
	T_RUN(generated_locations_map_to_their_origin);
	T_RUN(diagnostics_over_the_cap_are_counted_not_stored);
	T_RUN(diagnostic_texts_are_stored_once);
	T_RUN(severity_names_round_trip);
	T_RUN(suggest_offers_only_close_names);
	return t_done();
}
