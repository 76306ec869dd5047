/*
 * test_svc_unit.c - systemd's EnvironmentFile syntax and $VAR splitting
 * (parsers/svc_unit.c), and the layout name --host auto gives each
 * distribution's tree (pf_httpd_layout, the detection lint's discovery
 * uses).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/host.h"
#include "model/model.h"
#include "model/run.h"
#include "parsers/httpd_layout.h"
#include "parsers/site.h"
#include "parsers/svc_unit.h"
#include "t.h"

static const char *
env(const char *text, const char *name)
{
	static struct pf_run *run;
	struct pf_svc_envs e = { 0 };

	if (run != NULL)
		pf_run_free(run);
	run = pf_run_new();
	pf_svc_envfile(run->arena, pf_strdup(run->arena, text), 0, &e);
	return pf_svc_getenv(&e, name, NULL);
}

/* Each expectation as systemd 252's env-file.c state machine gives it. */
T_TEST(envfile_syntax)
{
	T_EQ_STR(env("A=1\nA=2\n", "A"), "2");
	T_EQ_STR(env("  A  =  x y  \n", "A"), "x y");
	T_EQ_STR(env("A='a \\ \"b\"'", "A"), "a \\ \"b\"");
	T_EQ_STR(env("A=\"a \\\" \\$ \\n\"", "A"), "a \" $ \\n");
	T_EQ_STR(env("A=\"x\"'y'z", "A"), "xyz");
	T_EQ_STR(env("A=a\\\nb\n", "A"), "ab");
	T_EQ_STR(env("A=\"a\\\nb\"\n", "A"), "ab");
	T_EQ_STR(env("A=a\\ \n", "A"), "a ");
	T_EQ_STR(env("#A=1\n;A=2\n", "A"), NULL);
	T_EQ_STR(env("A=1 # not a comment\n", "A"), "1 # not a comment");
	T_EQ_STR(env("export A=1\n", "A"), NULL);
	T_EQ_STR(env("A\nB=2\n", "B"), "2");
	T_EQ_STR(env("A=\n", "A"), "");
	T_EQ_STR(env("A=\"unterminated\nB=2\n", "A"), "unterminated\nB=2\n");
	T_EQ_STR(env("1A=1\n", "1A"), NULL);
	T_EQ_STR(env("A=1\r\nB=2", "B"), "2");
}

T_TEST(split_like_replace_env_argv)
{
	struct pf_run *run = pf_run_new();
	struct pf_svc_words w = { 0 };

	pf_svc_split(run->arena, " -D A  -C \"ServerName x\" -c'a b'\\ c ",
	    PF_NOLOC, &w);
	T_EQ_INT(w.n, 5);
	if (w.n == 5) {
		T_EQ_STR(w.v[0].w, "-D");
		T_EQ_STR(w.v[1].w, "A");
		T_EQ_STR(w.v[2].w, "-C");
		T_EQ_STR(w.v[3].w, "ServerName x");
		T_EQ_STR(w.v[4].w, "-ca b c");
	}
	pf_run_free(run);
}

static void
put(const char *root, const char *rel, const char *text)
{
	char *path = malloc(strlen(root) + strlen(rel) + 1);
	char *cmd = malloc(strlen(root) + strlen(rel) + 64);
	FILE *f;

	sprintf(path, "%s%s", root, rel);
	sprintf(cmd, "mkdir -p \"$(dirname '%s')\"", path);
	T_EQ_INT(system(cmd), 0);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(cmd);
	free(path);
}

static const char *
layout(const char *root)
{
	static char out[64];
	struct pf_run *run = pf_run_new();
	const char *why, *l;

	run->root = root;
	l = pf_httpd_layout(run, &why);
	snprintf(out, sizeof(out), "%s", l != NULL ? l : "(none)");
	/* --host auto says the same */
	if (pf_host_load(run, "auto") == 0 && l != NULL)
		T_EQ_STR(pf_model_get(run)->host.layout.s, l);
	pf_run_free(run);
	return out;
}

T_TEST(layout_names)
{
	const char *t = t_tmpdir();
	char *r = malloc(strlen(t) + 32);

#define TREE(n) (sprintf(r, "%s/lay-%s", t, n), r)
	put(TREE("debian"), "/etc/apache2/apache2.conf", "");
	T_EQ_STR(layout(r), "debian");
	put(TREE("rhel"), "/etc/httpd/conf/httpd.conf", "");
	put(r, "/etc/httpd/conf.modules.d/00-base.conf", "");
	T_EQ_STR(layout(r), "rhel");
	/* Arch: /etc/httpd too (was "rhel") */
	put(TREE("arch"), "/etc/httpd/conf/httpd.conf", "");
	put(r, "/etc/httpd/conf/extra/httpd-default.conf", "");
	T_EQ_STR(layout(r), "arch");
	put(TREE("arch2"), "/etc/httpd/conf/httpd.conf", "");
	put(r, "/etc/arch-release", "");
	T_EQ_STR(layout(r), "arch");
	put(TREE("freebsd"), "/usr/local/etc/apache24/httpd.conf", "");
	T_EQ_STR(layout(r), "freebsd");
	put(TREE("image"), "/usr/local/apache2/conf/httpd.conf", "");
	T_EQ_STR(layout(r), "httpd-image");
	/* /etc/apache2 trees that are not Debian's (were "debian") */
	put(TREE("gentoo"), "/etc/apache2/httpd.conf", "");
	put(r, "/etc/conf.d/apache2", "APACHE2_OPTS=\"-D PHP\"\n");
	T_EQ_STR(layout(r), "gentoo");
	put(TREE("suse"), "/etc/apache2/httpd.conf", "");
	put(r, "/etc/sysconfig/apache2", "APACHE_MODULES=\"\"\n");
	T_EQ_STR(layout(r), "opensuse");
	put(TREE("alpine"), "/etc/apache2/httpd.conf", "");
	put(r, "/etc/conf.d/apache2", "HTTPD_OPTS=\n");
	T_EQ_STR(layout(r), "alpine");
	put(TREE("none"), "/etc/nothing", "");
	T_EQ_STR(layout(r), "(none)");
#undef TREE
	free(r);
}

static void
rewrite(const char *root, const char *rel, const char *text)
{
	char *path = malloc(strlen(root) + strlen(rel) + 1);
	FILE *f;

	sprintf(path, "%s%s", root, rel);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* Random text of the characters that matter to the parsers: no crash,
 * no read past the end (the ASan pass), every value a string. */
T_TEST(random_input)
{
	static const char cs[] = "AB=\"'\\\n\r \t#;$%{}@-:+!iIn[]Service"
	    "EnvironmentFileExecStart";
	const char *t = t_tmpdir();
	char *root = malloc(strlen(t) + 16);
	unsigned seed = 12345;
	int k;

	sprintf(root, "%s/rand", t);
	for (k = 0; k < 400; k++) {
		struct pf_run *run = pf_run_new();
		struct pf_svc_envs e = { 0 };
		struct pf_svc_words w = { 0 };
		struct pf_svc_unit u;
		char buf[301];
		size_t i, n = (size_t)(k % 300);

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = cs[(seed >> 16) % (sizeof(cs) - 1)];
		}
		buf[n] = '\0';
		pf_svc_envfile(run->arena, buf, 0, &e);
		for (i = 0; i < e.n; i++)
			T_TRUE(e.v[i].val != NULL && e.v[i].name[0] != '\0');
		pf_svc_split(run->arena, buf, PF_NOLOC, &w);
		if (k == 0) {
			put(root, "/etc/systemd/system/httpd@x.service", "");
			put(root, "/etc/sysconfig/httpd", "");
		}
		rewrite(root, "/etc/systemd/system/httpd@x.service", buf);
		rewrite(root, "/etc/sysconfig/httpd", buf);
		run->root = root;
		if (pf_svc_unit_load(run, "httpd@x.service", NULL, 1, &u) == 0)
			for (i = 0; i < u.argv.n; i++)
				T_TRUE(u.argv.v[i].w != NULL);
		pf_run_free(run);
	}
	free(root);
}

int
main(void)
{
	T_RUN(envfile_syntax);
	T_RUN(split_like_replace_env_argv);
	T_RUN(layout_names);
	T_RUN(random_input);
	return t_done();
}
