/*
 * r_phpinfo.c - phpinfo-exposed: a page that calls phpinfo(), left at the
 * top of a DocumentRoot after a set-up or a test (info.php, phpinfo.php,
 * i.php, test.php), runs for anyone.  Its output is the whole PHP
 * configuration (open_basedir, disable_functions, the session and upload
 * paths), the loaded extensions and their versions, the server's paths,
 * the request's headers and cookies (a session cookie marked HttpOnly is
 * readable there), and the environment of the FPM worker: with
 * clear_env = no every variable the master was started with, database
 * passwords and cloud tokens of a container included.  Scanners ask for
 * these names first.
 *
 * The names come from the listing pf_wdirs_for() made of the DocumentRoot
 * (pf_wdirs_docroot_infos: no lookup per vhost).  Each such file is read
 * and scanned as PHP reads it (code between <? and ?>, comments and
 * string literals skipped) for a call of phpinfo; the request simulator
 * says whether GET /name runs it in FPM for anyone, and the pool's
 * disable_functions whether the call does anything.
 */
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/writable.h"

#define READ_MAX	(64 * 1024)	/* bytes of a page scanned */

static int
ident(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || (unsigned char)ch >= 0x80;
}

/*
 * Does the PHP code of buf[0..n) call phpinfo (any case, as PHP names
 * functions)?  Text outside <? ... ?> is output, not code; comments and
 * quoted strings are skipped, so `// phpinfo();` and
 * function_exists('phpinfo') are not calls.
 */
static int
calls_phpinfo(const char *buf, size_t n)
{
	size_t i = 0;
	int code = 0;

	while (i < n) {
		char ch = buf[i];

		if (!code) {
			if (ch == '<' && i + 1 < n && buf[i + 1] == '?')
				code = 1, i += 2;
			else
				i++;
			continue;
		}
		if (ch == '?' && i + 1 < n && buf[i + 1] == '>') {
			code = 0;
			i += 2;
		} else if (ch == '#' || (ch == '/' && i + 1 < n &&
		    buf[i + 1] == '/')) {
			while (i < n && buf[i] != '\n' && !(buf[i] == '?' &&
			    i + 1 < n && buf[i + 1] == '>'))
				i++;
		} else if (ch == '/' && i + 1 < n && buf[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(buf[i] == '*' &&
			    buf[i + 1] == '/'); i++)
				;
			i += 2;
		} else if (ch == '\'' || ch == '"' || ch == '`') {
			for (i++; i < n && buf[i] != ch; i++)
				if (buf[i] == '\\')
					i++;
			i++;
		} else if ((ch == 'p' || ch == 'P') && (i == 0 ||
		    !ident(buf[i - 1])) && i + 7 <= n &&
		    strncasecmp(buf + i, "phpinfo", 7) == 0) {
			size_t j = i + 7;

			while (j < n && (buf[j] == ' ' || buf[j] == '\t' ||
			    buf[j] == '\r' || buf[j] == '\n'))
				j++;
			if (j < n && buf[j] == '(' && (i + 7 >= n ||
			    !ident(buf[i + 7])))
				return 1;
			i += 7;
		} else
			i++;
	}
	return 0;
}

/* Does the file at host path p call phpinfo (its first READ_MAX bytes)? */
static int
file_calls_phpinfo(const char *p, char *buf)
{
	int fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t r;
	size_t n = 0;

	if (fd < 0)
		return 0;
	while (n < READ_MAX && (r = read(fd, buf + n, READ_MAX - n)) > 0)
		n += (size_t)r;
	close(fd);
	return calls_phpinfo(buf, n);
}

/* Is phpinfo among the pool's disable_functions (the call then only
 * warns)? */
static int
disabled(struct pf_rctx *c, const struct pf_pool *pool)
{
	const char *df = pf_php_get(c, pool, "disable_functions", NULL);
	const char *p;

	if (df == NULL)
		return 0;
	for (p = df; (p = strcasestr(p, "phpinfo")) != NULL; p += 7)
		if ((p == df || !ident(p[-1])) && !ident(p[7]))
			return 1;
	return 0;
}

void
pf_phpinfo_served(struct pf_rctx *c, const struct pf_vhost *vh,
    const char *label, const char *dr, struct pf_arena *a)
{
	/* (looked up once per thread: called for every vhost) */
	static _Thread_local int id = -2;
	const char *const *names;
	size_t n, i, drl;
	char *buf = NULL;

	if (id == -2)
		id = pf_rule_index("phpinfo-exposed");
	if (id < 0 || !c->enabled[id] || dr == NULL ||
	    (n = pf_wdirs_docroot_infos(c->wdirs, dr, &names)) == 0)
		return;
	drl = strlen(dr);
	while (drl > 1 && dr[drl - 1] == '/')
		drl--;
	for (i = 0; i < n; i++) {
		const char *f = pf_printf(a, "%.*s/%s", (int)drl, dr, names[i]);
		const char *url = pf_printf(a, "/%s", names[i]);
		struct pf_sim_fs fs = { &f, 1, 0 };
		struct pf_sim_verdict v;
		struct pf_diag *d;

		if (buf == NULL)
			buf = pf_alloc(a, READ_MAX);
		/* (run by FPM, or by mod_php inside Apache) */
		if (!file_calls_phpinfo(pf_host_path(c->run, f), buf) ||
		    pf_sim_request(c->sim, vh, url, &fs, &v) < 0 ||
		    ((v.outcome != PF_SIM_FPM || v.fpm != PF_FPM_EXEC) &&
		    (v.outcome != PF_SIM_OTHER || !v.php_exec)) ||
		    v.authz != PF_AUTHZ_GRANTED || v.conditional ||
		    (v.pool != NULL && disabled(c, v.pool)))
			continue;
		d = pf_finding(c, "phpinfo-exposed",
		    pf_rule_sev("phpinfo-exposed"), v.route != NULL ?
		    v.route->loc : vh->loc, pf_printf(a, "%s %s", label, url),
		    "GET %s on %s runs phpinfo() for anyone (%s calls it, "
		    "%s%s%s executes it): the PHP configuration, paths, "
		    "extensions, the request's cookies and the worker's "
		    "environment variables are shown%s", url, label, f,
		    v.php_exec ? "mod_php" : "FPM",
		    v.pool != NULL ? " pool " : "", v.pool != NULL ?
		    pf_pool_label(v.pool) : "", v.pool != NULL &&
		    v.pool->clear_env.set && v.pool->clear_env.v == 0 ?
		    " (clear_env = no: every variable the FPM master has, "
		    "secrets included)" : "");
		if (vh->document_root.loc.file != 0)
			pf_frel(c, d, vh->document_root.loc, "the DocumentRoot");
		pf_ffix(c, d, "delete %s, or <Files \"%s\"> Require ip "
		    "ADMIN-ADDRESS </Files>", f, names[i]);
	}
}
