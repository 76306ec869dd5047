/*
 * test_fpm_verdict.c - php-fpm's verdict against real files in a temp
 * docroot: the rows of reference/semantics.md 2.7.2, 2.7.3 and 3.6
 * (ProxyPassMatch and SetHandler parameters, cgi.fix_pathinfo 0/1,
 * security.limit_extensions), the proxy: prefixes and the '//' variant,
 * '..', ping/status, directories.  verdict_oracle.sh checks a sample of
 * the same against the real php-fpm8.2.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/fpm_verdict.h"
#include "t.h"

static char DR[600];

static void
mk(const char *rel, int dir)
{
	char p[800];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", DR, rel);
	if (dir) {
		mkdir(p, 0755);
		return;
	}
	f = fopen(p, "w");
	if (f == NULL) {
		perror(p);
		exit(2);
	}
	fputs("<?php echo 1;", f);
	fclose(f);
}

static const char *
D(const char *rel)
{
	static char bufs[8][800];
	static int k;

	k = (k + 1) % 8;
	snprintf(bufs[k], sizeof(bufs[k]), "%s%s", DR, rel);
	return bufs[k];
}

static const char *
P(const char *prefix, const char *rel)
{
	static char bufs[8][900];
	static int k;

	k = (k + 1) % 8;
	snprintf(bufs[k], sizeof(bufs[k]), "%s%s%s", prefix, DR, rel);
	return bufs[k];
}

static struct pf_fpm_policy pol;
static struct pf_fpm_env env;
static struct pf_fpm_verdict v;

static void
reset(int fix, const char *ext)
{
	pf_fpm_verdict_free(&v);
	memset(&pol, 0, sizeof(pol));
	pol.fix_pathinfo = fix;
	pol.limit_extensions = ext;
	pol.ping_path = "/ping";
	pol.status_path = "/status";
	memset(&env, 0, sizeof(env));
	env.request_method = "GET";
	env.document_root = DR;
}

static void
run(void)
{
	pf_fpm_verdict_free(&v);
	pf_fpm_verdict(&pol, &env, &v);
}

#define VAR(k)	(v.set[PF_FPM_##k] ? v.val[PF_FPM_##k] : "(unset)")

T_TEST(ppm_rows)
{
	/* 2.7.2 PPM /index.php */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000", "/index.php");
	env.script_name = "/index.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_INT(v.status, 200);
	T_EQ_STR(v.script, D("/index.php"));
	T_TRUE(v.apache_was_here);
	T_EQ_STR(VAR(SCRIPT_FILENAME), D("/index.php"));
	T_EQ_STR(v.request_uri, "/index.php");

	/* PPM /a/b.php/extra/path?x=1 */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000",
	    "/a/b.php/extra/path");
	env.script_name = "/a/b.php/extra/path";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/a/b.php"));
	T_EQ_STR(VAR(SCRIPT_NAME), "/a/b.php");
	T_EQ_STR(VAR(PATH_INFO), "/extra/path");
	T_EQ_STR(VAR(PATH_TRANSLATED), D("/extra/path"));
	T_EQ_STR(VAR(ORIG_SCRIPT_FILENAME), D("/a/b.php/extra/path"));
	T_EQ_STR(VAR(ORIG_SCRIPT_NAME), "/a/b.php/extra/path");

	/* PPM /uploads/evil.jpg/x.php: 403, evil.jpg checked */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000",
	    "/uploads/evil.jpg/x.php");
	env.script_name = "/uploads/evil.jpg/x.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_DENIED);
	T_EQ_INT(v.status, 403);
	T_EQ_STR(v.message, "Access denied.");
	T_EQ_STR(v.script, D("/uploads/evil.jpg"));
	T_TRUE(v.log != NULL && strstr(v.log, "security.limit_extensions"));

	/* PPM /nonexistent.php: 404 File not found. */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000",
	    "/nonexistent.php");
	env.script_name = "/nonexistent.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_FOUND);
	T_EQ_INT(v.status, 404);
	T_EQ_STR(v.message, "File not found.");
	T_EQ_STR(v.log, "Primary script unknown");
	T_TRUE(v.script == NULL);

	/* PPM /sp%20ace.php: the %20 stays, 404 (2.7.3). */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000",
	    "/sp%20ace.php");
	env.script_name = "/sp ace.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_FOUND);
}

T_TEST(sethandler_rows)
{
	/* SH /a/b.php/extra/path: Apache sent PATH_INFO itself. */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://localhost", "/a/b.php");
	env.script_name = "/a/b.php";
	env.path_info = "/extra/path";
	env.path_translated = D("/extra/path");
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/a/b.php"));
	T_TRUE(!v.set[PF_FPM_SCRIPT_NAME]);
	T_TRUE(!v.set[PF_FPM_PATH_INFO]);
	T_EQ_STR(v.request_uri, "/a/b.php");

	/* SH /sp ace.php (decoded by Apache): runs. */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://localhost", "/sp ace.php");
	env.script_name = "/sp ace.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);

	/* The trailing-slash handler quirk: proxy:fcgi://h:P/ + path. */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000/", "/index.php");
	env.script_name = "/index.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, P("/", "/index.php"));

	/* proxy:balancer://, case-insensitive prefix, ?query cut. */
	reset(1, NULL);
	env.script_filename = P("proxy:balancer://mycluster", "/index.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/index.php"));
	reset(1, NULL);
	env.script_filename = P("PROXY:FCGI://h", "/index.php?x=1");
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/index.php"));
	/* Without a prefix, '?' is part of the path. */
	reset(1, NULL);
	env.script_filename = D("/index.php?x=1");
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_FOUND);
}

T_TEST(fix_pathinfo_0_rows)
{
	/* PPM + fix_pathinfo=0: /index.php fine */
	reset(0, NULL);
	env.script_filename = P("proxy:fcgi://B:1", "/index.php");
	env.script_name = "/index.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	/* /a/b.php/extra/path: the whole path is checked: 403 */
	reset(0, NULL);
	env.script_filename = P("proxy:fcgi://B:1", "/a/b.php/extra/path");
	run();
	T_EQ_INT(v.outcome, PF_FPM_DENIED);
	T_EQ_STR(v.script, D("/a/b.php/extra/path"));
	/* evil and nonexistent: 404 No input file specified. */
	reset(0, NULL);
	env.script_filename = P("proxy:fcgi://B:1", "/uploads/evil.jpg/x.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_NO_INPUT);
	T_EQ_STR(v.message, "No input file specified.");
	T_TRUE(v.log != NULL && strstr(v.log, "Unable to open primary "
	    "script") != NULL);
	reset(0, NULL);
	env.script_filename = P("proxy:fcgi://B:1", "/nonexistent.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_NO_INPUT);
	/* SH + fix_pathinfo=0: PATH_TRANSLATED is the script. */
	reset(0, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000", "/a/b.php");
	env.script_name = "/a/b.php";
	env.path_info = "/extra/path";
	env.path_translated = D("/extra/path");
	run();
	T_EQ_INT(v.outcome, PF_FPM_DENIED);
	T_EQ_STR(v.script, D("/extra/path"));
	reset(0, NULL);
	env.script_filename = P("proxy:fcgi://127.0.0.1:9000", "/a/b.php");
	env.script_name = "/a/b.php";
	env.path_info = "/index.php";
	env.path_translated = D("/index.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/index.php"));	/* not b.php */
	T_EQ_STR(v.request_uri, "/index.php");	/* PHP_SELF */
	/* cgi.discard_path=1 keeps SCRIPT_FILENAME */
	pol.discard_path = 1;
	run();
	T_EQ_STR(v.script, D("/a/b.php"));
}

T_TEST(limit_extensions_table)
{
	/* 3.6: fix_pathinfo=1 with .php .jpg runs evil.jpg */
	reset(1, ".php .jpg");
	env.script_filename = P("proxy:fcgi://B:1", "/uploads/evil.jpg/x.php");
	env.script_name = "/uploads/evil.jpg/x.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/uploads/evil.jpg"));
	T_EQ_STR(VAR(SCRIPT_NAME), "/uploads/evil.jpg");
	T_EQ_STR(VAR(PATH_INFO), "/x.php");
	T_EQ_STR(VAR(ORIG_SCRIPT_FILENAME), D("/uploads/evil.jpg/x.php"));
	/* empty list: everything allowed */
	reset(1, "");
	env.script_filename = P("proxy:fcgi://B:1", "/uploads/evil.jpg/x.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	reset(1, " \t ");
	env.script_filename = P("proxy:fcgi://B:1", "/uploads/evil.jpg/x.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	/* proxy-fcgi-pathinfo=full: Apache already sent evil.jpg */
	reset(1, ".php .jpg");
	env.script_filename = D("/uploads/evil.jpg");
	env.path_info = "/x.php";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	/* suffix compare: case-sensitive, longer than the extension */
	T_TRUE(pf_fpm_extension_allowed(NULL, "/a/x.php"));
	T_TRUE(pf_fpm_extension_allowed(NULL, "/a/x.phar"));
	T_TRUE(!pf_fpm_extension_allowed(NULL, "/a/x.PHP"));
	T_TRUE(!pf_fpm_extension_allowed(NULL, ".php"));
	T_TRUE(!pf_fpm_extension_allowed(NULL, "/a/x.php5"));
	T_TRUE(pf_fpm_extension_allowed("php", "/a/xphp"));
	T_TRUE(pf_fpm_extension_allowed("", "/etc/passwd"));
	T_TRUE(!pf_fpm_extension_allowed(".php", ""));
}

T_TEST(paths_and_pages)
{
	/* '..' rejected even when the file exists */
	reset(1, NULL);
	env.script_filename = D("/a/../index.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_FOUND);
	T_TRUE(!pf_fpm_path_valid("/x/../y"));
	T_TRUE(!pf_fpm_path_valid(".."));
	T_TRUE(!pf_fpm_path_valid("/x/.."));
	T_TRUE(pf_fpm_path_valid("/x/..y/z"));
	T_TRUE(pf_fpm_path_valid("/x/y../z"));
	/* a directory: realpath works, no walk; extension decides */
	reset(1, NULL);
	env.script_filename = D("/dir");
	run();
	T_EQ_INT(v.outcome, PF_FPM_DENIED);
	reset(1, NULL);
	env.script_filename = D("/d.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_NO_INPUT);
	/* trailing slash: walk to index.php, PATH_INFO "/" */
	reset(1, NULL);
	env.script_filename = P("proxy:fcgi://h", "/index.php/");
	env.script_name = "/index.php/";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(VAR(PATH_INFO), "/");
	T_EQ_STR(VAR(SCRIPT_NAME), "/index.php");
	/* only PATH_TRANSLATED */
	reset(1, NULL);
	env.path_translated = D("/index.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/index.php"));
	/* an empty script path nothing stops: the worker dies */
	reset(1, "");
	env.script_filename = "";
	run();
	T_EQ_INT(v.outcome, PF_FPM_WORKER_EXIT);
	reset(1, NULL);
	env.script_filename = "";
	run();
	T_EQ_INT(v.outcome, PF_FPM_DENIED);
	/* nothing at all */
	reset(1, NULL);
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_FOUND);
	/* no REQUEST_METHOD: not an HTTP request */
	reset(1, NULL);
	env.request_method = NULL;
	env.script_filename = D("/index.php");
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_HTTP);
	T_EQ_INT(v.status, 200);
	/* ping: SCRIPT_NAME matches, only with a SCRIPT_FILENAME */
	reset(1, NULL);
	env.script_name = "/ping";
	env.script_filename = D("/ping");
	run();
	T_EQ_INT(v.outcome, PF_FPM_PING);
	reset(1, NULL);
	env.script_name = "/ping";
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_FOUND);
	reset(1, NULL);
	env.script_name = "/status";
	env.script_filename = P("proxy:fcgi://h", "/status");
	run();
	T_EQ_INT(v.outcome, PF_FPM_STATUS);
	/* status path unset: an ordinary 404 */
	pol.status_path = NULL;
	run();
	T_EQ_INT(v.outcome, PF_FPM_NOT_FOUND);
	/* non-Apache PATH_INFO trimming (CGI style) */
	reset(1, NULL);
	env.script_filename = D("/a/b.php/x/y");
	env.script_name = "/a/b.php";
	env.path_info = "/x/y";
	run();
	T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
	T_EQ_STR(v.script, D("/a/b.php"));
	/* PATH_INFO is not longer than the stripped tail: kept as sent */
	T_TRUE(!v.set[PF_FPM_PATH_INFO]);
	T_EQ_STR(VAR(PATH_TRANSLATED), D("/x/y"));
}

/* Become ID (effective ids only, so that root can come back). */
static void
as(const struct passwd *pw, int back)
{
	if (pw == NULL)
		return;
	if (back) {
		if (seteuid(0) != 0 || setegid(0) != 0)
			t_fail(__FILE__, __LINE__, "cannot become root again");
	} else if (setegid(pw->pw_gid) != 0 || seteuid(pw->pw_uid) != 0)
		t_fail(__FILE__, __LINE__, "cannot become %s", pw->pw_name);
}

/*
 * The read check follows every change of the file, though its answers
 * are remembered (read_access): php-fpm opens the script afresh on each
 * request.  As root the test looks through www-data's eyes, since root
 * may read a file of mode 0.
 */
T_TEST(read_access_follows_changes)
{
	const struct passwd *pw = NULL;
	const char *f = D("/perm.php");
	int i;

	if (geteuid() == 0) {
		pw = getpwnam("www-data");
		if (pw == NULL)
			pw = getpwnam("nobody");
		if (pw == NULL) {
			fprintf(stderr, "no www-data or nobody: skipped\n");
			return;
		}
		chmod(t_tmpdir(), 0755);
	}
	mk("perm.php", 0);
	for (i = 0; i < 3; i++) {
		reset(1, NULL);
		env.script_filename = f;
		chmod(f, 0644);
		as(pw, 0);
		run();
		run();
		T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
		as(pw, 1);
		chmod(f, 0600);
		as(pw, 0);
		run();
		T_EQ_INT(v.outcome, pw == NULL && geteuid() == 0 ?
		    PF_FPM_EXECUTE : PF_FPM_OPEN_DENIED);
		as(pw, 1);
		/* Same mode, another owner: still judged afresh. */
		if (pw != NULL) {
			chmod(f, 0600);
			if (chown(f, pw->pw_uid, (gid_t)-1) != 0)
				t_fail(__FILE__, __LINE__, "chown");
			as(pw, 0);
			run();
			T_EQ_INT(v.outcome, PF_FPM_EXECUTE);
			as(pw, 1);
			if (chown(f, 0, (gid_t)-1) != 0)
				t_fail(__FILE__, __LINE__, "chown");
		}
	}
}

int
main(void)
{
	snprintf(DR, sizeof(DR), "%s/dr", t_tmpdir());
	mkdir(DR, 0755);
	mk("a", 1);
	mk("uploads", 1);
	mk("dir", 1);
	mk("d.php", 1);
	mk("index.php", 0);
	mk("a/b.php", 0);
	mk("uploads/evil.jpg", 0);
	mk("dir/index.php", 0);
	mk("sp ace.php", 0);
	T_RUN(ppm_rows);
	T_RUN(sethandler_rows);
	T_RUN(fix_pathinfo_0_rows);
	T_RUN(limit_extensions_table);
	T_RUN(paths_and_pages);
	T_RUN(read_access_follows_changes);
	pf_fpm_verdict_free(&v);
	{
		char cmd[700];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", DR);
		if (system(cmd) != 0)
			fprintf(stderr, "cleanup failed\n");
	}
	return t_done();
}
