/*
 * test_httpd_reader.c - unit tests of the httpd reader's pieces: words as
 * ap_getword_conf splits them, continuation lines, ${} expansion, the order
 * of a glob Include, IfVersion comparisons, mod_macro substitution, the
 * Action routes and --upload-dir of the model.  Small trees are written to
 * a temp dir and read with pf_httpd_read; results are read back from the
 * model (defines, files, routes) as the rules see them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/httpd.h"
#include "parsers/httpd_int.h"
#include "parsers/httpd_so.h"
#include "t.h"

/* Debian's module directory: LoadModule checks that the file exists. */
#define MODS	"/usr/lib/apache2/modules"

static struct pf_run *run;
static int with_htaccess;	/* read_tree reads .htaccess files */

/* A path in the temp dir (static storage, one at a time). */
static const char *
path(const char *name)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/%s", t_tmpdir(), name);
	return buf;
}

/* Reads CONF (a file in the temp dir) and returns the model's apache. */
static struct pf_apache *
read_tree(const char *conf, const char *version, const char **uploads,
    size_t nuploads)
{
	struct pf_httpd_opts o;

	if (run != NULL)
		pf_run_free(run);
	run = pf_run_new();
	memset(&o, 0, sizeof(o));
	/* (the ServerRoot's logs/: a main server without ErrorLog logs
	 * there, and apache2 -t wants the directory) */
	{
		char logs[512];	/* (not path(): conf may be its buffer) */

		snprintf(logs, sizeof(logs), "%s/logs", t_tmpdir());
		mkdir(logs, 0755);
	}
	o.config = conf;
	o.server_root = t_tmpdir();
	o.version = version;
	o.no_htaccess = !with_htaccess;
	o.upload_dirs = uploads;
	o.nupload_dirs = nuploads;
	if (pf_httpd_read(run, &o) != 0)
		return NULL;
	return pf_model_get(run)->apache;
}

/* The value of a Define at the end of reading ("" name-only, NULL none). */
static const char *
defined(const struct pf_apache *ap, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; ap != NULL && i < ap->defines.n; i++) {
		const char *d = ap->defines.v[i].s;

		if (strncmp(d, name, n) == 0 && (d[n] == '\0' || d[n] == '='))
			return d[n] == '=' ? d + n + 1 : "";
	}
	return NULL;
}

static size_t
count_diags(const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < run->diags.n; i++)
		if (strcmp(run->diags.v[i]->id, id) == 0)
			n++;
	return n;
}

/* Both word splitters (arena and one-pass) give the same words. */
static void
words(const char *line, const char *const *want)
{
	const char *p = line, *q = line;
	char buf[256];
	int i;

	for (i = 0; want[i] != NULL; i++) {
		T_EQ_STR(pf_hrd_getword(run->arena, &p), want[i]);
		pf_hrd_word(&q, buf);
		T_EQ_STR(buf, want[i]);
	}
	T_EQ_STR(pf_hrd_getword(run->arena, &p), "");
}

T_TEST(words_split_as_ap_getword_conf)
{
	static const char *const w1[] = { "a \"q\" \\ \\n", "it's", NULL };
	static const char *const w2[] = { "foo\"bar", "baz\"qux", NULL };
	static const char *const w3[] = { "a \\", NULL };
	static const char *const w4[] = { "a\\b", "a\\\"b", NULL };
	static const char *const w5[] = { "a\\", "b", NULL };
	static const char *const w6[] = { "", "x", NULL };

	if (run == NULL)
		run = pf_run_new();
	/* inside quotes only \<quote> and \\ are escapes */
	words("\"a \\\"q\\\" \\\\ \\n\" 'it\\'s'", w1);
	/* a quote inside a word is an ordinary character */
	words("foo\"bar baz\"qux", w2);
	/* an unterminated quote runs to the end of the line */
	words("\"a \\", w3);
	/* outside quotes only \\ is an escape */
	words("a\\\\b a\\\"b", w4);
	/* the scan takes \\ as a pair: the quote after it closes */
	words("\"a\\\\\" b", w5);
	/* an empty quoted word is a word */
	words("\"\" x", w6);
}

T_TEST(continuation_joins_lines_and_comments)
{
	const struct pf_apache *ap;
	const struct pf_node *n;

	t_tmpfile("cont.conf",
	    "Define A \"one \\\n  two\"\n"
	    "# a comment \\\n"
	    "Define HIDDEN 1\n"
	    "Define B b\\\r\n"
	    "c\n");
	ap = read_tree(path("cont.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	/* the backslash and newline go, the next line's text is kept */
	T_EQ_STR(defined(ap, "A"), "one   two");
	/* a comment continues too: the Define is part of it */
	T_TRUE(defined(ap, "HIDDEN") == NULL);
	/* CR before the newline is dropped, then the continuation joins */
	T_EQ_STR(defined(ap, "B"), "bc");
	/* a node is located on the last physical line of its logical line */
	n = ap->root->child;
	T_EQ_INT(n->loc.line, 2);
	T_EQ_INT(n->next->loc.line, 6);
}

/* A section's opening line ends at its last '>': httpd drops what follows
 * (Heroku's buildpack has <If "-f %{REQUEST_FILENAME}"> # make sure ...),
 * so a '#' there is the comment it looks like; before the '>', or on a
 * plain directive's line, it is an argument (apache2 2.4.71). */
T_TEST(comment_after_a_section_opening_is_dropped)
{
	const struct pf_apache *ap;
	const struct pf_node *n;
	int ifs = 0;

	t_tmpfile("sect.conf",
	    "LoadModule authz_core_module " MODS "/mod_authz_core.so\n"
	    "LoadModule dir_module " MODS "/mod_dir.so\n"
	    "<IfModule dir_module> # the usual index\n"
	    "DirectoryIndex index.php # not a comment\n"
	    "</IfModule>\n"
	    "<Directory /a> # the app\n"
	    "\t<If \"-f %{REQUEST_FILENAME}\"> # make sure the file exists\n"
	    "\t\tRequire all granted\n"
	    "\t</If>\n"
	    "</Directory>\n");
	ap = read_tree(path("sect.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	T_EQ_INT(count_diags("httpd-trailing-comment"), 1);
	for (n = ap != NULL ? ap->root->child : NULL; n != NULL; n = n->next)
		if (pf_node_is(n, "Directory") && n->child != NULL &&
		    pf_node_is(n->child, "If")) {
			ifs++;
			T_EQ_STR(n->argv[0], "/a");
			T_EQ_STR(n->child->argv[0], "-f %{REQUEST_FILENAME}");
		}
	T_EQ_INT(ifs, 1);
}

T_TEST(expansion_uses_defines_then_environment)
{
	const struct pf_apache *ap;

	setenv("PF_T_ENV", "from-env", 1);
	t_tmpfile("exp.conf",
	    "Define A 1\n"
	    "Define B ${A}x${PF_T_ENV}\n"
	    "Define C ${NOPE}\n"
	    "Define D ${X:y}\n"
	    "Define a lower\n"
	    "Define E ${A}\n");
	ap = read_tree(path("exp.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	T_EQ_STR(defined(ap, "B"), "1xfrom-env");
	/* an unknown name stays as written, with a warning unless it has
	 * a ':' (mod_rewrite-style ${map:key}) */
	T_EQ_STR(defined(ap, "C"), "${NOPE}");
	T_EQ_STR(defined(ap, "D"), "${X:y}");
	T_EQ_INT(count_diags("httpd-undefined-var"), 1);
	/* values are looked up case-insensitively: the later Define wins */
	T_EQ_STR(defined(ap, "E"), "lower");
}

T_TEST(glob_include_reads_matches_in_byte_order)
{
	const struct pf_apache *ap;
	const char *order[] = { "inc/B.conf", "inc/a.conf", "inc/b.conf" };
	size_t i;

	mkdir(path("inc"), 0755);
	t_tmpfile("inc/b.conf", "Define FROM_b\n");
	t_tmpfile("inc/a.conf", "Define FROM_a\n");
	t_tmpfile("inc/B.conf", "Define FROM_B\n");
	t_tmpfile("inc/.hidden.conf", "Define FROM_HIDDEN\n");
	t_tmpfile("inc/x.conf~", "Define FROM_BACKUP\n");
	t_tmpfile("glob.conf", "Include inc/*.conf\n");
	ap = read_tree(path("glob.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	/* main file, then the matches: upper case sorts first */
	T_EQ_INT(ap->files.n, 4);
	for (i = 0; i < 3 && i + 1 < ap->files.n; i++) {
		const struct pf_source *s = pf_source_get(run,
		    ap->files.v[i + 1]);
		const char *tail = s->path + strlen(s->path) -
		    strlen(order[i]);

		T_EQ_STR(tail, order[i]);
	}
	/* '*' does not match a leading dot; "*.conf" not "x.conf~" */
	T_TRUE(defined(ap, "FROM_HIDDEN") == NULL);
	T_TRUE(defined(ap, "FROM_BACKUP") == NULL);
}

T_TEST(ifversion_compares_as_mod_version)
{
	const struct pf_apache *ap;

	t_tmpfile("ver.conf",
	    "<IfVersion >= 2.4>\nDefine GE24\n</IfVersion>\n"
	    "<IfVersion < 2.4.9>\nDefine LT249\n</IfVersion>\n"
	    "<IfVersion 2.4.71>\nDefine EQ\n</IfVersion>\n"
	    "<IfVersion = 2.4.7>\nDefine EQ247\n</IfVersion>\n"
	    "<IfVersion !< 2.4.10>\nDefine NOTLT\n</IfVersion>\n"
	    "<IfVersion ~ ^2\\.4\\.7>\nDefine RX\n</IfVersion>\n"
	    "<IfVersion /^2\\.2/>\nDefine RX22\n</IfVersion>\n"
	    "<IfVersion > 2>\nDefine GT2\n</IfVersion>\n");
	ap = read_tree(path("ver.conf"), "2.4.71", NULL, 0);
	T_TRUE(ap != NULL);
	/* numeric, not string, comparison of each part */
	T_TRUE(defined(ap, "GE24") != NULL);
	T_TRUE(defined(ap, "LT249") == NULL);
	T_TRUE(defined(ap, "EQ") != NULL);
	T_TRUE(defined(ap, "EQ247") == NULL);
	T_TRUE(defined(ap, "NOTLT") != NULL);
	T_TRUE(defined(ap, "RX") != NULL);
	T_TRUE(defined(ap, "RX22") == NULL);
	/* a missing part counts as 0: 2.4.71 > 2(.0.0) */
	T_TRUE(defined(ap, "GT2") != NULL);
}

T_TEST(macro_substitutes_longest_name_and_quotes_at_args)
{
	const struct pf_apache *ap;

	t_tmpfile("macro.conf",
	    "LoadModule macro_module " MODS "/mod_macro.so\n"
	    "<Macro M $a $ab @q>\n"
	    "Define X_$a $ab\n"
	    "Define Q_$a @q\n"
	    "</Macro>\n"
	    "Use M one two \"three \\\"four\\\"\"\n");
	ap = read_tree(path("macro.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	/* $ab is not $a followed by "b": the longest name wins */
	T_EQ_STR(defined(ap, "X_one"), "two");
	/* an @ argument is substituted quoted, its " and \ escaped */
	T_EQ_STR(defined(ap, "Q_one"), "three \"four\"");
}

/* A <Macro> whose header httpd refuses (two arguments of one name, an
 * empty one): one error, naming the definition as mod_macro does; its
 * body, its </Macro> and a Use of it say nothing more (httpd stops at
 * the first; before, "</Macro> without matching <Macro>" and "no macro
 * defined before Use" followed). */
T_TEST(macro_header_error_is_the_only_one)
{
	static const char *heads[] = { "$a $a", "$a \"\"" };
	size_t i, k, nerr;

	for (i = 0; i < 2; i++) {
		char text[512];

		snprintf(text, sizeof(text),
		    "LoadModule macro_module " MODS "/mod_macro.so\n"
		    "<Macro M %s>\nDefine X $a\n</Macro>\n"
		    "Use M 1 2\nUndefMacro M\n", heads[i]);
		t_tmpfile("macro_bad.conf", text);
		(void)read_tree(path("macro_bad.conf"), NULL, NULL, 0);
		nerr = 0;
		for (k = 0; k < run->diags.n; k++)
			if (run->diags.v[k]->sev == PF_SEV_ERROR) {
				nerr++;
				T_TRUE(strstr(run->diags.v[k]->message,
				    "(defined on line 2 of \"") != NULL);
				T_EQ_INT(run->diags.v[k]->loc.line, 2);
			}
		T_EQ_INT(nerr, 1);
	}
}

static const struct pf_route *
route(const struct pf_vhost *vh, enum pf_route_kind kind, const char *pat)
{
	size_t i;

	for (i = 0; i < vh->routes.n; i++)
		if (vh->routes.v[i].kind == kind && (pat == NULL ?
		    vh->routes.v[i].pattern == NULL : vh->routes.v[i].pattern &&
		    strcmp(vh->routes.v[i].pattern, pat) == 0))
			return &vh->routes.v[i];
	return NULL;
}

T_TEST(action_routes_pair_mappings_with_actions)
{
	const struct pf_apache *ap;
	const struct pf_route *r;

	t_tmpfile("action.conf",
	    "LoadModule mime_module " MODS "/mod_mime.so\n"
	    "LoadModule actions_module " MODS "/mod_actions.so\n"
	    "LoadModule proxy_module " MODS "/mod_proxy.so\n"
	    "LoadModule proxy_fcgi_module " MODS "/mod_proxy_fcgi.so\n"
	    "AddType application/x-httpd-php .php\n"
	    "Action application/x-httpd-php /cgi-bin/php-cgi\n"
	    "<VirtualHost *:80>\n"
	    "ServerName a.test\n"
	    "AddHandler php-fpm .php5\n"
	    "Action php-fpm /php-fpm virtual\n"
	    "ProxyPass /php-fpm \"unix:/run/a.sock|fcgi://localhost/\"\n"
	    "<FilesMatch \"\\.phar$\">\nSetHandler php-fpm\n</FilesMatch>\n"
	    "AddHandler no-action .x\n"
	    "</VirtualHost>\n"
	    "<VirtualHost *:80>\n"
	    "ServerName b.test\n"
	    "Action application/x-httpd-php /php-b\n"
	    "<Location /php-b>\nSetHandler \"proxy:fcgi://127.0.0.1:9001\"\n"
	    "</Location>\n"
	    "</VirtualHost>\n");
	ap = read_tree(path("action.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL && ap->vhosts.n == 2);
	/* main server: AddType + Action to a CGI: no FastCGI backend */
	r = route(&ap->main, PF_ROUTE_ACTION, ".php");
	T_TRUE(r != NULL);
	if (r != NULL) {
		T_EQ_STR(r->target, "/cgi-bin/php-cgi");
		T_EQ_STR(r->node->name, "AddType");
		T_EQ_STR(r->action->name, "Action");
		T_TRUE(r->backend.host == NULL);
	}
	/* a.test: the Action's URL is served by its ProxyPass */
	r = route(ap->vhosts.v[0], PF_ROUTE_ACTION, ".php5");
	T_TRUE(r != NULL);
	if (r != NULL) {
		T_EQ_STR(r->flags, "virtual");
		T_EQ_STR(r->backend.socket, "/run/a.sock");
	}
	/* SetHandler of an Action's handler in a section: pattern NULL */
	r = route(ap->vhosts.v[0], PF_ROUTE_ACTION, NULL);
	T_TRUE(r != NULL && r->section != NULL &&
	    strcmp(r->section->name, "FilesMatch") == 0);
	/* a handler without an Action is no route */
	T_TRUE(route(ap->vhosts.v[0], PF_ROUTE_ACTION, ".x") == NULL);
	/* b.test: the main server's AddType with b's own Action, served by
	 * b's <Location> SetHandler "proxy:" */
	r = route(ap->vhosts.v[1], PF_ROUTE_ACTION, ".php");
	T_TRUE(r != NULL);
	if (r != NULL) {
		T_EQ_STR(r->target, "/php-b");
		T_EQ_INT(r->backend.port, 9001);
	}
}

T_TEST(upload_dirs_apply_inside_the_document_root)
{
	const struct pf_apache *ap;
	const char *up[] = { "/srv/a/public/uploads", "files/tmp", "/elsewhere" };

	t_tmpfile("up.conf",
	    "DocumentRoot /srv/main\n"
	    "<VirtualHost *:80>\nServerName a.test\n"
	    "DocumentRoot /srv/a/public/\n</VirtualHost>\n"
	    "<VirtualHost *:80>\nServerName b.test\n"
	    "DocumentRoot /srv/b\n</VirtualHost>\n");
	ap = read_tree(path("up.conf"), NULL, up, 3);
	T_TRUE(ap != NULL && ap->vhosts.n == 2);
	/* absolute: only where the document root contains it */
	T_EQ_INT(ap->vhosts.v[0]->upload_dirs.n, 2);
	T_EQ_STR(ap->vhosts.v[0]->upload_dirs.v[0].s,
	    "/srv/a/public/uploads");
	/* relative: joined to every document root */
	T_EQ_STR(ap->vhosts.v[0]->upload_dirs.v[1].s,
	    "/srv/a/public/files/tmp");
	T_EQ_INT(ap->vhosts.v[1]->upload_dirs.n, 1);
	T_EQ_STR(ap->vhosts.v[1]->upload_dirs.v[0].s, "/srv/b/files/tmp");
	T_EQ_STR(ap->main.upload_dirs.v[0].s, "/srv/main/files/tmp");
}

T_TEST(arity_errors_carry_the_help_text)
{
	size_t i;
	int seen = 0;

	t_tmpfile("arity.conf", "DocumentRoot\nKeepAlive maybe\n");
	(void)read_tree(path("arity.conf"), NULL, NULL, 0);
	for (i = 0; i < run->diags.n; i++) {
		const char *m = run->diags.v[i]->message;

		if (strcmp(m, "DocumentRoot takes one argument, Root "
		    "directory of the document tree") == 0)
			seen |= 1;
		/* FLAG messages have none (invoke_cmd) */
		if (strcmp(m, "KeepAlive must be On or Off") == 0)
			seen |= 2;
	}
	T_EQ_INT(seen, 3);
}

/*
 * The reader remembers lines it has made a node from (by their text) and
 * copies the node for the next identical line: the copy shares the words
 * but has its own place, parent and flags; lines with ${} are expanded
 * each time; a '#' argument warns at every occurrence.
 */
T_TEST(repeated_lines_share_words_not_context)
{
	const struct pf_apache *ap;
	const struct pf_node *a, *b, *c, *h1, *h2, *m, *req[4];
	size_t i, k = 0;

	t_tmpfile("rep.conf",
	    "LoadModule macro_module " MODS "/mod_macro.so\n"
	    "LoadModule headers_module " MODS "/mod_headers.so\n"
	    "LoadModule authz_core_module " MODS "/mod_authz_core.so\n"
	    "LoadModule dir_module " MODS "/mod_dir.so\n"
	    "<Directory /a>\n"
	    "\tRequire all granted\n"
	    "\tDirectoryIndex index.php # not a comment\n"
	    "</Directory>\n"
	    "<IfModule nosuch_module>\n"
	    "Require all granted\n"
	    "</IfModule>\n"
	    "<Directory /a>\n"
	    "  Require all granted\n"
	    "\tDirectoryIndex index.php # not a comment\n"
	    "</Directory>\n"
	    "Define X 1\n"
	    "Header set X-A \"${X}\"\n"
	    "Define X 2\n"
	    "Header set X-A \"${X}\"\n"
	    "<Macro M $a>\n"
	    "<Directory /a>\n"
	    "Require all granted\n"
	    "</Directory>\n"
	    "</Macro>\n"
	    "Use M 1\n");
	ap = read_tree(path("rep.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	for (a = ap->root->child; a != NULL; a = a->next) {
		const struct pf_node *x;

		for (x = a->child; x != NULL; x = x->next)
			if (pf_node_is(x, "Require") && k < 4)
				req[k++] = x;
	}
	T_EQ_INT(k, 4);
	if (k < 4)
		return;
	/* the three <Directory /a> (one from the macro) and the false
	 * <IfModule>: same words, own parents, lines and flags */
	a = req[0];
	b = req[2];
	c = req[3];
	T_TRUE(req[1]->parent != a->parent && b->parent != a->parent);
	T_TRUE(a->argv == b->argv && a->argv == c->argv);
	T_EQ_STR(b->argv[1], "granted");
	T_EQ_INT(a->loc.line, 6);
	T_EQ_INT(b->loc.line, 13);
	T_EQ_INT(b->loc.col, 3);
	T_TRUE(req[1]->flags & PF_NODE_INACTIVE);
	T_TRUE(!(a->flags & PF_NODE_INACTIVE) &&
	    !(b->flags & PF_NODE_INACTIVE));
	T_TRUE(b->parent->flags & PF_NODE_SECTION);
	m = c->parent;
	T_TRUE((c->flags & PF_NODE_MACRO) && (m->flags & PF_NODE_MACRO));
	T_EQ_INT(c->loc.line, 22);
	{
		const struct pf_loc *u = pf_node_use(c);

		T_TRUE(u != NULL);
		if (u != NULL)
			T_EQ_INT(u->line, 25);
	}
	T_TRUE(!(a->flags & PF_NODE_MACRO) && pf_node_use(a) == NULL);
	/* checked as any node: the row of the loaded module */
	T_TRUE(a->def != NULL && b->def == a->def);
	/* ${X} is expanded where each line is read */
	h1 = h2 = NULL;
	for (a = ap->root->child; a != NULL; a = a->next)
		if (pf_node_is(a, "Header"))
			h1 == NULL ? (void)(h1 = a) : (void)(h2 = a);
	T_TRUE(h1 != NULL && h2 != NULL);
	if (h1 != NULL && h2 != NULL) {
		T_EQ_STR(h1->argv[2], "1");
		T_EQ_STR(h2->argv[2], "2");
	}
	T_EQ_INT(count_diags("httpd-trailing-comment"), 2);
	for (i = 0; i < run->diags.n; i++)
		if (run->diags.v[i]->sev == PF_SEV_ERROR)
			t_fail(__FILE__, __LINE__, "error: %s",
			    run->diags.v[i]->message);
}

/* A conditional read again after a LoadModule or Define is evaluated
 * again (the reader remembers true verdicts only while modules and
 * defines stay as they are). */
T_TEST(repeated_conditionals_follow_modules_and_defines)
{
	const struct pf_apache *ap;

	t_tmpfile("cond.conf",
	    "<IfModule !headers_module>\nDefine NOHEADERS1\n</IfModule>\n"
	    "LoadModule headers_module " MODS "/mod_headers.so\n"
	    "<IfModule !headers_module>\nDefine NOHEADERS2\n</IfModule>\n"
	    "<IfDefine !X>\nDefine NOX1\n</IfDefine>\n"
	    "Define X\n"
	    "<IfDefine !X>\nDefine NOX2\n</IfDefine>\n"
	    "UnDefine X\n"
	    "<IfDefine !X>\nDefine NOX3\n</IfDefine>\n");
	ap = read_tree(path("cond.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	T_TRUE(defined(ap, "NOHEADERS1") != NULL);
	T_TRUE(defined(ap, "NOHEADERS2") == NULL);
	T_TRUE(defined(ap, "NOX1") != NULL);
	T_TRUE(defined(ap, "NOX2") == NULL);
	T_TRUE(defined(ap, "NOX3") != NULL);
}

/*
 * A glob of many files is read by the reader thread (parsers/prefetch.c)
 * while the files before are parsed: the result must be what reading
 * them one by one gives, in order, with a directory, an empty file,
 * symlinks (one dangling) and a nested glob among them.
 */
T_TEST(many_files_of_a_glob_read_ahead_in_order)
{
	const struct pf_apache *ap;
	char name[64], text[128];
	int i, order_ok = 1;
	size_t k;

	mkdir(path("many"), 0755);
	mkdir(path("many/d05.conf"), 0755);	/* a directory: read inside */
	mkdir(path("nested"), 0755);
	for (i = 0; i < 40; i++) {
		if (i == 5)
			continue;
		snprintf(name, sizeof(name), "many/f%02d.conf", i);
		snprintf(text, sizeof(text), "Define F%02d\n%s", i, i == 7 ?
		    "Include nested/*.conf\n" : "");
		t_tmpfile(name, i == 9 ? "" : text);
	}
	t_tmpfile("many/d05.conf/inner.conf", "Define INNER\n");
	t_tmpfile("nested/a.conf", "Define NESTED_A\n");
	t_tmpfile("nested/b.conf", "Define NESTED_B\n");
	(void)unlink(path("many/f38.conf"));
	T_EQ_INT(symlink("f01.conf", path("many/f38.conf")), 0);
	snprintf(text, sizeof(text), "%s", path("many/nope"));
	(void)unlink(path("many/f39.conf"));
	T_EQ_INT(symlink(text, path("many/f39.conf")), 0);
	t_tmpfile("many.conf", "IncludeOptional many/*.conf\n");
	ap = read_tree(path("many.conf"), NULL, NULL, 0);
	T_TRUE(ap != NULL);
	if (ap == NULL)
		return;
	for (i = 0; i < 38; i++) {
		snprintf(name, sizeof(name), "F%02d", i);
		if (i != 5 && i != 9)
			T_TRUE(defined(ap, name) != NULL);
	}
	T_TRUE(defined(ap, "INNER") != NULL);
	T_TRUE(defined(ap, "NESTED_A") != NULL && defined(ap, "NESTED_B"));
	/* in DUMP_INCLUDES order: f07 is followed by what it Includes */
	for (k = 1; k + 1 < ap->files.n; k++) {
		const char *a = pf_source_get(run, ap->files.v[k])->path;
		const char *b = pf_source_get(run, ap->files.v[k + 1])->path;

		if (strstr(a, "nested/") == NULL && strstr(b, "nested/") ==
		    NULL && strstr(a, "inner") == NULL && strstr(b, "inner")
		    == NULL && strcmp(a, b) >= 0)
			order_ok = 0;
	}
	T_TRUE(order_ok);
	/* IncludeOptional skips a match that is gone (apache2 -t agrees) */
	for (k = 0; k < run->diags.n; k++)
		if (strcmp(run->diags.v[k]->id, "httpd-include") == 0)
			t_fail(__FILE__, __LINE__, "%s", run->diags.v[k]->message);
	T_TRUE(defined(ap, "F39") == NULL);
}

/*
 * Many document roots are probed by the reader thread while the tree is
 * checked: what the walk then reads and flags is what probing them one by
 * one gives (a relative root, a missing one, roots shared by vhosts).
 */
T_TEST(many_document_roots_probed_ahead)
{
	const struct pf_apache *ap;
	char buf[16384], name[64];
	size_t n = 0, i;
	int k, forbidden = 0, read = 0;
	const struct pf_node *c, *x;

	n += (size_t)snprintf(buf + n, sizeof(buf) - n,
	    "LoadModule authz_core_module " MODS "/mod_authz_core.so\n"
	    "LoadModule mime_module " MODS "/mod_mime.so\n"
	    "<Directory />\nAllowOverride None\n</Directory>\n"
	    "<Directory %s/roots>\nAllowOverride FileInfo\n</Directory>\n",
	    t_tmpdir());
	mkdir(path("roots"), 0755);
	for (k = 0; k < 24; k++) {
		snprintf(name, sizeof(name), "roots/r%02d", k);
		if (k != 3)
			mkdir(path(name), 0755);
		snprintf(name, sizeof(name), "roots/r%02d/.htaccess", k);
		if (k != 3)
			t_tmpfile(name, k % 2 ? "Options -Indexes\n" :
			    "AddType text/plain .foo\n");
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    "<VirtualHost *:80>\nServerName v%d\nDocumentRoot %s\n"
		    "</VirtualHost>\n", k, k == 4 ? "roots/r04" : k == 5 ?
		    path("roots/r04") : path(name) );
		/* (path() of the .htaccess is fixed below) */
		{
			char *e = strstr(buf + n - 40, "/.htaccess");

			if (e != NULL)
				memmove(e, e + 10, strlen(e + 10) + 1), n -= 10;
		}
	}
	t_tmpfile("roots.conf", buf);
	with_htaccess = 1;
	ap = read_tree(path("roots.conf"), NULL, NULL, 0);
	with_htaccess = 0;
	T_TRUE(ap != NULL);
	if (ap == NULL)
		return;
	T_EQ_INT(ap->vhosts.n, 24);
	for (i = 0; i < ap->vhosts.n; i++)
		for (c = ap->vhosts.v[i]->node->child; c != NULL; c = c->next)
			if (c->flags & PF_NODE_HTACCESS) {
				read++;
				for (x = c->child; x != NULL; x = x->next)
					forbidden += (x->flags &
					    PF_NODE_FORBIDDEN) != 0;
			}
	/* r03 is missing; r04 is the root of v4 (relative) and v5; the
	 * odd ones have Options, which FileInfo does not allow */
	T_EQ_INT(read, 23);
	T_EQ_INT(forbidden, 10);
	/* Each section was appended after the vhost's own lines (the
	 * vhosts are read before any .htaccess, so the reader finds the
	 * last child by walking a list it did not just build): ServerName,
	 * DocumentRoot, then the .htaccess <Directory>, whose parent is the
	 * vhost; the main server keeps its 24 vhosts after the others. */
	for (i = 0; i < ap->vhosts.n; i++) {
		const struct pf_node *v = ap->vhosts.v[i]->node;

		c = v->child;
		T_TRUE(c != NULL && pf_node_is(c, "ServerName"));
		if (c == NULL || (c = c->next) == NULL)
			continue;
		T_TRUE(pf_node_is(c, "DocumentRoot"));
		if (i == 3)
			T_TRUE(c->next == NULL);
		else if (c->next != NULL) {
			T_TRUE(c->next->flags & PF_NODE_HTACCESS);
			T_TRUE(c->next->parent == v && c->next->next == NULL);
		}
	}
	k = 0;
	for (c = ap->root->child; c != NULL; c = c->next)
		k += pf_node_is(c, "VirtualHost");
	T_EQ_INT(k, 24);
}

/*
 * An .htaccess directive AllowOverride refuses is named as its module
 * registers it ("order", access_compat's spelling, for an "Order" line)
 * and, inside a section of the file, with that section (invoke_cmd's
 * parms->directive->parent: "Require not allowed in <FilesMatch>
 * context"); a true <IfModule> is no parent: its body is spliced into the
 * level around it.  Each message is apache2's for the request (checked
 * with tests/httpd/htaccess_corpus.py).  A php_flag there (mod_php not
 * loaded) is "Invalid command" with a fix that says where it goes.
 */
T_TEST(htaccess_refusals_name_the_directive_and_section)
{
	static const char *want[] = {
		"order not allowed here: ",
		"Require not allowed in <FilesMatch> context: ",
		"order not allowed in <Files> context: ",
		"deny not allowed here: ",
	};
	char buf[1024];
	size_t i, k = 0;

	mkdir(path("ht"), 0755);
	t_tmpfile("ht/.htaccess", "Order allow,deny\n"
	    "<filesmatch \\.ini$>\nRequire all denied\n</filesmatch>\n"
	    "<Files x>\n<IfModule mod_mime.c>\nOrder deny,allow\n"
	    "</IfModule>\n</Files>\n"
	    "<IfModule mod_mime.c>\nDeny from all\n</IfModule>\n"
	    "php_flag engine off\n");
	snprintf(buf, sizeof(buf),
	    "LoadModule authz_core_module " MODS "/mod_authz_core.so\n"
	    "LoadModule access_compat_module " MODS "/mod_access_compat.so\n"
	    "LoadModule mime_module " MODS "/mod_mime.so\n"
	    "DocumentRoot %s\n<Directory %s>\nAllowOverride FileInfo\n"
	    "</Directory>\n", path("ht"), path("ht"));
	t_tmpfile("ht.conf", buf);
	with_htaccess = 1;
	T_TRUE(read_tree(path("ht.conf"), NULL, NULL, 0) != NULL);
	with_htaccess = 0;
	for (i = 0; i < run->diags.n; i++) {
		const struct pf_diag *d = run->diags.v[i];

		/* php_flag: Apache's message, how to move it to FPM */
		if (strcmp(d->id, "httpd-unknown-directive") == 0) {
			T_TRUE(strstr(d->message, "'php_flag'") != NULL);
			T_TRUE(d->fix != NULL && strncmp(d->fix,
			    "php_flag is mod_php's", 21) == 0);
			k += 10;
		}
		if (strcmp(d->id, "httpd-context") != 0)
			continue;
		if (k < sizeof(want) / sizeof(want[0]) &&
		    strncmp(d->message, want[k], strlen(want[k])) != 0)
			t_fail(__FILE__, __LINE__, "got '%s', want '%s...'",
			    d->message, want[k]);
		k++;
	}
	T_EQ_INT(k, 14);
}

/*
 * The reader's tables index by the hash's low bits: paths that differ only
 * in a few digits near their end (10,000 generated vhost files, document
 * roots) must spread over them.  The hash without its finalizer took 21
 * extra probes a path here.
 */
T_TEST(hash_spreads_paths_differing_in_digits)
{
	static const char *shapes[] = {
		"/tmp/pf-perf/t/etc/apache2/sites-enabled/site%05d.conf",
		"/etc/apache2/sites-enabled/site%05d.conf",
		"/srv/www/site%05d/public", "/var/www/vhosts/example%d.com",
		"/home/u%d/public_html/.htaccess",
	};
	enum { N = 10000, CAP = 32768 };
	static unsigned char used[CAP];
	size_t s, i, j, extra;
	char path[128];

	for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		memset(used, 0, sizeof(used));
		for (i = 0, extra = 0; i < N; i++) {
			int len = snprintf(path, sizeof(path), shapes[s],
			    (int)i);

			for (j = pf_hrd_hash_bytes(path, (size_t)len) &
			    (CAP - 1); used[j]; j = (j + 1) & (CAP - 1))
				extra++;
			used[j] = 1;
		}
		/* Linear probing at load 0.3 expects about 0.2 a key. */
		T_TRUE(extra < N / 2);
	}
}

/*
 * The LoadModule judge (httpd_so.c) on Debian's own modules: each
 * mod_NAME.so defines NAME_module (as apache2 -t loads them), and no
 * other name; on the fuzz corpus's objects; on a directory.
 */
T_TEST(loadmodule_files_judged_as_the_loader_would)
{
	const char *why;
	struct dirent *e;
	DIR *d = opendir(MODS);
	char file[600], sym[300], seed[600];
	int n = 0;

	T_TRUE(d != NULL);
	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (strncmp(e->d_name, "mod_", 4) != 0 || l < 8 ||
		    strcmp(e->d_name + l - 3, ".so") != 0)
			continue;
		snprintf(file, sizeof(file), "%s/%s", MODS, e->d_name);
		snprintf(sym, sizeof(sym), "%.*s_module", (int)(l - 7),
		    e->d_name + 4);
		T_EQ_INT(pf_so_judge_file(file, sym, &why), PF_SO_OK);
		T_EQ_INT(pf_so_judge_file(file, "php8_module", &why),
		    PF_SO_NO_SYMBOL);
		n++;
	}
	if (d != NULL)
		closedir(d);
	T_TRUE(n > 50);
	T_EQ_INT(pf_so_judge_file(t_tmpdir(), "x_module", &why),
	    PF_SO_NOT_LOADABLE);
	T_EQ_STR(why, "cannot read file data: Is a directory");
	/* the corpus files start with the harness's symbol byte */
	snprintf(seed, sizeof(seed), "%s/fuzz/so/not-elf", PF_TESTDATA);
	T_EQ_INT(pf_so_judge_file(seed, "x", &why), PF_SO_NOT_LOADABLE);
	T_EQ_STR(why, "invalid ELF header");
	snprintf(seed, sizeof(seed), "%s/fuzz/so/too-short", PF_TESTDATA);
	T_EQ_INT(pf_so_judge_file(seed, "x", &why), PF_SO_NOT_LOADABLE);
	T_EQ_STR(why, "file too short");
	{
		static const unsigned char e32[64] = { 0x7f, 'E', 'L', 'F',
		    1, 1, 1 };

		T_EQ_INT(pf_so_judge(e32, sizeof(e32), "x", &why),
		    PF_SO_NOT_LOADABLE);
		T_EQ_STR(why, "wrong ELF class: ELFCLASS32");
	}
}

int
main(void)
{
	T_RUN(words_split_as_ap_getword_conf);
	T_RUN(hash_spreads_paths_differing_in_digits);
	T_RUN(continuation_joins_lines_and_comments);
	T_RUN(expansion_uses_defines_then_environment);
	T_RUN(comment_after_a_section_opening_is_dropped);
	T_RUN(glob_include_reads_matches_in_byte_order);
	T_RUN(ifversion_compares_as_mod_version);
	T_RUN(macro_substitutes_longest_name_and_quotes_at_args);
	T_RUN(macro_header_error_is_the_only_one);
	T_RUN(action_routes_pair_mappings_with_actions);
	T_RUN(upload_dirs_apply_inside_the_document_root);
	T_RUN(arity_errors_carry_the_help_text);
	T_RUN(repeated_lines_share_words_not_context);
	T_RUN(repeated_conditionals_follow_modules_and_defines);
	T_RUN(many_files_of_a_glob_read_ahead_in_order);
	T_RUN(many_document_roots_probed_ahead);
	T_RUN(htaccess_refusals_name_the_directive_and_section);
	T_RUN(loadmodule_files_judged_as_the_loader_would);
	if (run != NULL)
		pf_run_free(run);
	return t_done();
}
