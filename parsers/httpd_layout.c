/*
 * httpd_layout.c - where httpd trees live when no --httpd is given
 * (Debian /etc/apache2/apache2.conf, RHEL /etc/httpd/conf/httpd.conf,
 * FreeBSD /usr/local/etc/apache24/httpd.conf, the httpd Docker image's
 * /usr/local/apache2/conf/httpd.conf, Alpine/Gentoo/SUSE
 * /etc/apache2/httpd.conf; reference/semantics.md 5.1-5.4), Debian's
 * envvars file (the ${APACHE_*} variables apache2ctl exports, 1.6), the
 * command line each distribution's service gives httpd (-f, -d, -D, -C,
 * -c: systemd units via svc_unit.c, Gentoo's and Alpine's conf.d, SUSE's
 * sysconfig, FreeBSD's rc.conf), service instances (--instance), the
 * layout's name, compiled-in MPMs and the installed apache2 version.
 * docs/httpd-services.md describes it.
 */
#include <ctype.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/binver.h"
#include "model/buf.h"
#include "parsers/httpd_int.h"
#include "parsers/httpd_layout.h"
#include "parsers/svc_unit.h"

static int
exists(struct pf_run *run, const char *p)
{
	struct stat st;

	return stat(pf_host_path(run, p), &st) == 0;
}

#define GENTOO_CONFD	"/etc/conf.d/apache2"
#define FREEBSD_CONF	"/usr/local/etc/apache24/httpd.conf"
#define SUSE_SYSCONFIG	"/etc/sysconfig/apache2"

/*
 * A shell variables file as the services read it (Gentoo's conf.d file is
 * sourced by /etc/init.d/apache2 and is systemd's EnvironmentFile, SUSE's
 * sysconfig file is sourced by start_apache2): NAME=value, NAME="value"
 * or NAME='value' at the start of a line, the last one winning; a quoted
 * value may span lines.  Expansions ($X) are kept as written.
 */
struct shval {
	const char	*v;		/* the value, quotes removed */
	const char	*at;		/* its first byte in the file */
	const char	*end;		/* one past its last byte */
};

/* Each word of a shell variable, with its place. */
struct svword {
	const char	*w;
	struct pf_loc	 at;
};

static size_t	sv_words(struct hrd *, uint32_t, const char *, const char *,
	    struct svword **);
static void	gentoo_mpm(struct hrd *);
static size_t	rc_words(struct hrd *, const char *, const char *,
	    struct svword **);
static const char *rc_var(struct pf_run *, const char *, const char *);
static int	rc_instance(struct pf_run *, const char *);

/* The value of "NAME=..." if the line at p assigns NAME (p then moves to
 * the next line); returns 0 if it does. */
static int
sh_assign(const char **pp, const char *name, struct shval *out)
{
	size_t nl = strlen(name);
	const char *p = *pp, *q = p, *v = NULL, *e;

	while (*q == ' ' || *q == '\t')
		q++;
	if (strncmp(q, "export ", 7) == 0)
		q += 7;
	if (strncmp(q, name, nl) == 0 && q[nl] == '=')
		v = q + nl + 1;
	if (v != NULL && (*v == '"' || *v == '\'')) {
		/* a quoted value may span lines */
		e = strchr(v + 1, *v);
		out->at = v + 1;
		out->end = e != NULL ? e : v + 1 + strlen(v + 1);
		p = out->end;
	} else if (v != NULL) {
		out->at = v;
		out->end = v + strcspn(v, " \t\n#;");
	}
	p = strchr(p, '\n');
	*pp = p != NULL ? p + 1 : q + strlen(q);
	if (v == NULL)
		return -1;
	out->v = NULL;
	return 0;
}

/* The last assignment of NAME; -1 if none. */
static int
sh_find(const char *data, const char *name, struct shval *out)
{
	const char *p = data;
	struct shval sv;
	int found = -1;

	while (*p != '\0')
		if (sh_assign(&p, name, &sv) == 0) {
			*out = sv;
			found = 0;
		}
	return found;
}

static const char *
file_var(struct pf_run *run, const char *file, const char *name)
{
	struct shval sv;
	char *data;
	size_t len;

	if (pf_read_file(run, file, &data, &len) != 0 ||
	    sh_find(data, name, &sv) != 0)
		return NULL;
	return pf_strndup(run->arena, sv.at, (size_t)(sv.end - sv.at));
}

static const char *
gentoo_var(struct pf_run *run, const char *name)
{
	const char *v = file_var(run, GENTOO_CONFD, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * Gentoo's service file, not Alpine's: Alpine's apache2 package ships an
 * /etc/conf.d/apache2 too (derived from Gentoo's; HTTPD, HTTPD_OPTS), for
 * a build whose MPM is a module.  Gentoo's ebuild always writes
 * APACHE2_OPTS there.
 */
static int
is_gentoo(struct pf_run *run)
{
	char *data;
	size_t len;
	struct shval sv;

	if (pf_read_file(run, GENTOO_CONFD, &data, &len) != 0)
		return 0;
	return sh_find(data, "APACHE2_OPTS", &sv) == 0 ||
	    exists(run, "/etc/gentoo-release");
}

static const char *
suse_var(struct pf_run *run, const char *name)
{
	return file_var(run, SUSE_SYSCONFIG, name);
}

/*
 * What httpd's own command line sets, as main.c reads it (apr_getopt over
 * AP_SERVER_BASEARGS "C:c:D:d:E:e:f:vVlLtTSMh?X" plus "k:"): -f FILE, -d
 * DIR (the last one wins), -D NAME (also -DNAME), -C and -c directive
 * lines, -X (defines DEBUG); an option's argument is the rest of its word
 * or the next word; options may be grouped ("-tDFOO"); the first word
 * that is not an option ends them (httpd would print its usage).
 */
struct hargs {
	const char	*f, *d;
	struct pf_svc_words defs, pre, post;
	/* a word httpd refuses (it prints its usage and does not start):
	 * an unknown option, one without its argument, a word that is not
	 * an option */
	const struct pf_svc_word *bad;
	const char	*why;
};

static void
hargs_parse(struct pf_arena *a, const struct pf_svc_word *v, size_t n,
    struct hargs *h)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *w = v[i].w, *p;

		if (strcmp(w, "--") == 0)
			i++;
		if (i < n && (w[0] != '-' || w[1] == '\0' ||
		    strcmp(w, "--") == 0)) {
			h->bad = &v[i];
			h->why = "is not an option";
		}
		if (i >= n || h->bad != NULL)
			return;
		for (p = w + 1; *p != '\0'; p++) {
			struct pf_svc_word x;

			if (*p == 'X') {
				x.w = "DEBUG";
				x.at = v[i].at;
				PF_PUSH(a, h->defs, x);
				continue;
			}
			if (strchr("vVlLtTSMh?", *p) != NULL)
				continue;	/* no effect on what is read */
			if (strchr("CcDdEefk", *p) == NULL) {
				h->bad = &v[i];
				h->why = "has an option httpd does not know";
				return;
			}
			if (p[1] != '\0')
				x.w = p + 1;
			else if (i + 1 < n)
				x.w = v[++i].w;
			else {
				h->bad = &v[i];
				h->why = "lacks its argument";
				return;
			}
			x.at = v[i].at;
			switch (*p) {
			case 'C': PF_PUSH(a, h->pre, x); break;
			case 'c': PF_PUSH(a, h->post, x); break;
			case 'D': PF_PUSH(a, h->defs, x); break;
			case 'd': h->d = x.w; break;
			case 'f': h->f = x.w; break;
			default: break;		/* -E, -e, -k */
			}
			break;
		}
	}
}

/* The program a unit or script starts, by its file name. */
static int
prog_is(const char *path, const char *const *names)
{
	const char *b = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	for (; *names != NULL; names++)
		if (strcmp(b, *names) == 0)
			return 1;
	return 0;
}

static const char *const httpd_progs[] = { "httpd", "apache2",
    "httpd.worker", "httpd.event", "httpd-prefork", "httpd-worker",
    "httpd-event", NULL };

/*
 * The httpd.service (or httpd@NAME.service) of RHEL, Fedora, CentOS,
 * Alma, Rocky and Arch, read as systemd does (svc_unit.c).  The packages'
 * units: Fedora/RHEL 8+ httpd.service "ExecStart=/usr/sbin/httpd $OPTIONS
 * -DFOREGROUND" with OPTIONS from a drop-in (systemctl edit httpd:
 * /etc/systemd/system/httpd.service.d/override.conf,
 * Environment=OPTIONS=...); RHEL 7 the same with
 * EnvironmentFile=/etc/sysconfig/httpd; httpd@.service (httpd.service(8),
 * httpd@.service(8)) "Environment=HTTPD_INSTANCE=%i ExecStart=
 * /usr/sbin/httpd $OPTIONS -DFOREGROUND -f conf/%i.conf"; Arch's
 * "ExecStart=/usr/bin/httpd -k start -DFOREGROUND".  A tree without the
 * unit file (a copy of /etc) is read with the RHEL 7 text, whose
 * EnvironmentFile is optional here: /etc/sysconfig/httpd is in a tree
 * only where the service reads it (RHEL 8 and later do not ship it), and
 * drop-ins in /etc/systemd/system still apply.  Returns 0 and the
 * command line if the unit starts httpd itself.
 */
static int
rhel_unit(struct pf_run *run, const char *inst, int with_src,
    struct pf_svc_unit *u, struct hargs *h)
{
	const char *name = inst != NULL ? pf_printf(run->arena,
	    "httpd@%s.service", inst) : "httpd.service";
	const char *fallback = inst != NULL ?
	    "[Service]\nEnvironment=LANG=C\nEnvironment=HTTPD_INSTANCE=%i\n"
	    "ExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND -f conf/%i.conf\n" :
	    "[Service]\nEnvironment=LANG=C\n"
	    "EnvironmentFile=-/etc/sysconfig/httpd\n"
	    "ExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND\n";

	memset(h, 0, sizeof(*h));
	if (pf_svc_unit_load(run, name, fallback, with_src, u) != 0 ||
	    u->argv.n == 0 || !prog_is(u->argv.v[0].w, httpd_progs))
		return -1;
	hargs_parse(run->arena, u->argv.v + 1, u->argv.n - 1, h);
	return 0;
}

/*
 * Gentoo under systemd: the apache2.service the ebuild installs
 * ("EnvironmentFile=/etc/conf.d/apache2", "ExecStart=/usr/sbin/apache2
 * $APACHE2_OPTS -DFOREGROUND", www-servers/apache files/) when it is the
 * enabled one (a link in a *.wants directory of /etc/systemd/system;
 * else OpenRC's /etc/init.d/apache2 runs, which sources the file as
 * shell and passes -d $SERVERROOT -f $CONFIGFILE).  systemd reads conf.d/apache2 with its
 * own syntax: no ${APACHE2_OPTS} expansion, and the unit passes no -d or
 * -f (the compiled-in ServerRoot and /etc/apache2/httpd.conf).  Returns 0
 * and the command line if so.
 */
static int
gentoo_systemd(struct pf_run *run, int with_src, struct pf_svc_unit *u,
    struct hargs *h)
{
	static const char *const progs[] = { "apache2", NULL };
	glob_t g;
	int enabled;

	if (glob(pf_printf(run->arena, "%s/etc/systemd/system/*.wants/"
	    "apache2.service", run->root != NULL ? run->root : ""), 0, NULL,
	    &g) != 0)
		return -1;
	enabled = g.gl_pathc > 0;
	globfree(&g);
	memset(h, 0, sizeof(*h));
	if (!enabled || pf_svc_unit_load(run, "apache2.service",
	    "[Service]\nEnvironmentFile=/etc/conf.d/apache2\n"
	    "ExecStart=/usr/sbin/apache2 $APACHE2_OPTS -DFOREGROUND\n",
	    with_src, u) != 0 || u->argv.n == 0 ||
	    !prog_is(u->argv.v[0].w, progs))
		return -1;
	hargs_parse(run->arena, u->argv.v + 1, u->argv.n - 1, h);
	return 0;
}

/* The main file and ServerRoot of a command line: -f relative to -d, or
 * to the compiled root (ap_server_root_relative). */
static const char *
hargs_config(struct pf_arena *a, const struct hargs *h, const char *dflt,
    const char **root)
{
	if (h->d != NULL)
		*root = h->d;
	if (h->f == NULL)
		return dflt;
	return h->f[0] == '/' ? h->f : pf_printf(a, "%s/%s", *root, h->f);
}

/*
 * Alpine (aports main/apache2 apache2.initd, apache2.confd): OpenRC's
 * script sources /etc/conf.d/apache2 and runs "httpd $HTTPD_OPTS -d
 * $SERVERROOT -f $CONFIGFILE -k start", SERVERROOT default /var/www,
 * CONFIGFILE default /etc/apache2/httpd.conf, relative to SERVERROOT;
 * -d and -f of HTTPD_OPTS come first and lose to these.  Gentoo's
 * conf.d file (APACHE2_OPTS) is taken first.
 */
#define ALPINE_CONFD	"/etc/conf.d/apache2"

static const char *
alpine_config(struct pf_run *run, const char *inst, const char **root)
{
	const char *d = rc_var(run, inst, "SERVERROOT");
	const char *c = rc_var(run, inst, "CONFIGFILE");

	*root = d != NULL && *d != '\0' ? d : "/var/www";
	if (c == NULL || *c == '\0')
		c = "/etc/apache2/httpd.conf";
	else if (c[0] != '/')
		c = pf_printf(run->arena, "%s/%s", *root, c);
	return c;
}

/* Returns the main file of the first layout found, and its compiled
 * ServerRoot in *root; NULL if none. */
const char *
pf_hrd_default_config(struct pf_run *run, const char **root)
{
	if (exists(run, "/etc/apache2/apache2.conf")) {
		*root = "/etc/apache2";
		return "/etc/apache2/apache2.conf";
	}
	/* RHEL, and Arch: its arch.layout has prefix /etc/httpd too
	 * (HTTPD_ROOT), and its httpd.conf says ServerRoot "/etc/httpd"
	 * with modules/ -> /usr/lib/httpd/modules; the two differ in the
	 * php-fpm tree (/etc/php-fpm.conf vs /etc/php/php-fpm.conf), which
	 * fpm_read.c finds on its own */
	if (exists(run, "/etc/httpd/conf/httpd.conf")) {
		struct pf_svc_unit u;
		struct hargs h;
		const char *c = "/etc/httpd/conf/httpd.conf";

		*root = "/etc/httpd";
		/* -f and -d of the unit's command line (OPTIONS) */
		if (rhel_unit(run, NULL, 0, &u, &h) == 0) {
			const char *r = *root;

			/* a -f file that is not there: the service fails
			 * on it too, and lint says so */
			c = hargs_config(run->arena, &h, c, &r);
			*root = r;
		}
		return c;
	}
	/* FreeBSD's www/apache24 (semantics.md 5.4) */
	if (exists(run, "/usr/local/etc/apache24/httpd.conf")) {
		*root = "/usr/local";
		return "/usr/local/etc/apache24/httpd.conf";
	}
	/* the official httpd:2.4 image (--prefix=/usr/local/apache2) */
	if (exists(run, "/usr/local/apache2/conf/httpd.conf")) {
		*root = "/usr/local/apache2";
		return "/usr/local/apache2/conf/httpd.conf";
	}
	/* Gentoo: the service runs apache2 -d $SERVERROOT -f $CONFIGFILE
	 * (/etc/conf.d/apache2; by default /usr/lib64/apache2, which
	 * httpd.conf also sets, and /etc/apache2/httpd.conf) */
	if (is_gentoo(run)) {
		const char *c = gentoo_var(run, "CONFIGFILE");
		const char *d = gentoo_var(run, "SERVERROOT");
		struct pf_svc_unit u;
		struct hargs h;

		*root = d != NULL ? d : exists(run, "/usr/lib64/apache2") ||
		    !exists(run, "/usr/lib/apache2") ? "/usr/lib64/apache2" :
		    "/usr/lib/apache2";
		if (gentoo_systemd(run, 0, &u, &h) == 0) {
			if (d != NULL)	/* SERVERROOT: OpenRC's only */
				*root = exists(run, "/usr/lib64/apache2") ||
				    !exists(run, "/usr/lib/apache2") ?
				    "/usr/lib64/apache2" : "/usr/lib/apache2";
			return hargs_config(run->arena, &h,
			    "/etc/apache2/httpd.conf", root);
		}
		if (c == NULL)
			c = "/etc/apache2/httpd.conf";
		else if (c[0] != '/')
			c = pf_printf(run->arena, "%s/%s", *root, c);
		if (exists(run, c))
			return c;
	}
	/* SUSE: start_apache2 runs -f $APACHE_HTTPD_CONF (/etc/sysconfig/
	 * apache2), else /etc/apache2/httpd.conf; the compiled ServerRoot
	 * is the layout's prefix /srv/www (apache2.spec's SUSE layout) */
	if (exists(run, SUSE_SYSCONFIG)) {
		const char *c = suse_var(run, "APACHE_HTTPD_CONF");

		*root = "/srv/www";
		if (c == NULL || *c == '\0')
			c = "/etc/apache2/httpd.conf";
		if (exists(run, c))
			return c;
	}
	if (exists(run, ALPINE_CONFD) && !is_gentoo(run)) {
		const char *c = alpine_config(run, NULL, root);

		if (exists(run, c))
			return c;
	}
	/* Alpine (5.3: its compiled ServerRoot is /var/www), and Gentoo's
	 * and SUSE's file without their service's file: httpd.conf sets its
	 * own ServerRoot or uses absolute paths */
	if (exists(run, "/etc/apache2/httpd.conf")) {
		*root = "/var/www";
		return "/etc/apache2/httpd.conf";
	}
	return NULL;
}

/*
 * The layout pf_hrd_default_config finds, by name.  /etc/httpd/conf/
 * httpd.conf is RHEL's and Arch's: Arch's filesystem package writes
 * /etc/arch-release and its apache package keeps its includes in
 * conf/extra/, RHEL's in conf.modules.d/ and conf.d/ (redhat-release).
 */
const char *
pf_httpd_layout(struct pf_run *run, const char **why)
{
	const char *root, *c = pf_hrd_default_config(run, &root);

	*why = c;
	if (c == NULL)
		return NULL;
	if (strcmp(c, "/etc/apache2/apache2.conf") == 0)
		return "debian";
	if (strncmp(c, "/etc/httpd/", 11) == 0) {
		if (exists(run, "/etc/arch-release")) {
			*why = pf_printf(run->arena, "%s, /etc/arch-release", c);
			return "arch";
		}
		if (!exists(run, "/etc/redhat-release") &&
		    !exists(run, "/etc/httpd/conf.modules.d") &&
		    exists(run, "/etc/httpd/conf/extra")) {
			*why = pf_printf(run->arena, "%s, /etc/httpd/conf/extra",
			    c);
			return "arch";
		}
		return "rhel";
	}
	if (strcmp(c, FREEBSD_CONF) == 0)
		return "freebsd";
	if (strcmp(c, "/usr/local/apache2/conf/httpd.conf") == 0)
		return "httpd-image";
	if (is_gentoo(run)) {
		*why = pf_printf(run->arena, "%s, %s", c, GENTOO_CONFD);
		return "gentoo";
	}
	if (exists(run, SUSE_SYSCONFIG)) {
		*why = pf_printf(run->arena, "%s, %s", c, SUSE_SYSCONFIG);
		return "opensuse";
	}
	if (exists(run, "/etc/alpine-release") || exists(run, ALPINE_CONFD)) {
		*why = pf_printf(run->arena, "%s, %s", c,
		    exists(run, "/etc/alpine-release") ? "/etc/alpine-release" :
		    ALPINE_CONFD);
		return "alpine";
	}
	return NULL;
}

/* $NAME and ${NAME} from what envvars set so far, then the environment;
 * ${NAME##prefix} style expansions are not evaluated (empty). */
static const char *
sh_expand(struct hrd *r, const char *s)
{
	char *out = pf_alloc(r->a, strlen(s) * 4 + 256), *o = out;
	size_t room = strlen(s) * 4 + 255;

	while (*s != '\0' && room > 0) {
		if (*s == '$') {
			const char *b = s + 1, *e;
			char *name;
			const char *v;

			if (*b == '{') {
				e = strchr(b, '}');
				if (e == NULL)
					break;
				name = pf_strndup(r->a, b + 1,
				    (size_t)(e - b - 1));
				s = e + 1;
			} else {
				e = b;
				while (isalnum((unsigned char)*e) || *e == '_')
					e++;
				name = pf_strndup(r->a, b, (size_t)(e - b));
				s = e;
			}
			v = pf_hmap_get(&r->env, name);
			if (v == NULL && strpbrk(name, "#%:") == NULL)
				v = getenv(name);
			if (v == NULL)
				v = "";
			while (*v != '\0' && room > 0) {
				*o++ = *v++;
				room--;
			}
			continue;
		}
		*o++ = *s++;
		room--;
	}
	*o = '\0';
	return out;
}

/*
 * Reads the envvars file beside the main config (or --envvars): plain
 * NAME=value and export NAME=value lines at the top level; if/case blocks
 * are skipped (Debian's only sets SUFFIX there, computed here from the
 * config directory as apache2ctl does).
 */
void
pf_hrd_envvars(struct hrd *r, const char *config)
{
	const char *path = r->o->envvars;
	char *data, *line, *save = NULL, *dir;
	size_t len;
	int depth = 0, rerr;

	dir = pf_strdup(r->a, config);
	if (strrchr(dir, '/') != NULL)
		*strrchr(dir, '/') = '\0';
	if (path == NULL)
		path = pf_printf(r->a, "%s/envvars", dir);
	if ((rerr = pf_read_file(r->run, path, &data, &len)) != 0) {
		/* only the one beside the configuration may be absent
		 * (RHEL and the others have none) */
		if (r->o->envvars != NULL)
			pf_diag_add(r->run, PF_SEV_ERROR, "httpd-include",
			    PF_NOLOC, "cannot read the --envvars file %s: %s",
			    path, strerror(rerr));
		return;
	}
	pf_hmap_put(r->a, &r->env, "APACHE_CONFDIR", dir);
	pf_hmap_put(r->a, &r->env, "SUFFIX",
	    strncmp(dir, "/etc/apache2-", 13) == 0 ?
	    pf_printf(r->a, "-%s", dir + 13) : pf_strdup(r->a, ""));
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *p = line, *eq, *name, *v, *e;

		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "if ", 3) == 0 || strncmp(p, "case ", 5) == 0)
			depth++;
		if ((strncmp(p, "fi", 2) == 0 && (p[2] == '\0' ||
		    isspace((unsigned char)p[2]) || p[2] == ';')) ||
		    strncmp(p, "esac", 4) == 0) {
			if (depth > 0)
				depth--;
			continue;
		}
		if (depth > 0 || *p == '#')
			continue;
		if (strncmp(p, "export ", 7) == 0)
			p += 7;
		while (isspace((unsigned char)*p))
			p++;
		eq = strchr(p, '=');
		if (eq == NULL || eq == p)
			continue;
		for (e = p; e < eq; e++)
			if (!isalnum((unsigned char)*e) && *e != '_')
				break;
		if (e != eq)
			continue;
		name = pf_strndup(r->a, p, (size_t)(eq - p));
		v = pf_strdup(r->a, eq + 1);
		/* strip one level of quotes and a trailing comment */
		if (*v == '"' || *v == '\'') {
			char q = *v++;

			if (strchr(v, q) != NULL)
				*strchr(v, q) = '\0';
		} else {
			for (e = v; *e != '\0' && !isspace((unsigned char)*e);
			    e++)
				;
			*e = '\0';
		}
		pf_hmap_put(r->a, &r->env, name, (void *)sh_expand(r, v));
	}
}

/*
 * Under --root: the version in the banner of the tree's own httpd binary
 * (Debian/Ubuntu /usr/sbin/apache2; RHEL, Alpine, Arch, SUSE, Gentoo's
 * /usr/sbin/httpd or apache2; FreeBSD's /usr/local/sbin/httpd; the httpd
 * image's /usr/local/apache2/bin/httpd), read and never run (it is
 * another machine's program).  NULL when the copy holds none.
 */
const char *
pf_hrd_tree_version(struct pf_run *run)
{
	static const char *const bins[] = { "/usr/sbin/apache2",
	    "/usr/sbin/httpd", "/usr/local/sbin/httpd",
	    "/usr/local/apache2/bin/httpd" };
	const char *v = NULL;
	size_t i;

	for (i = 0; i < sizeof(bins) / sizeof(bins[0]) && v == NULL; i++)
		v = pf_binary_version(run->arena,
		    pf_host_path(run, bins[i]), "Apache/");
	return v;
}

/* "2.4.71" from the banner of the installed apache2 (else `apache2 -v`),
 * or NULL. */
const char *
pf_hrd_installed_version(struct pf_arena *a)
{
	static const char *const bins[] = { "/usr/sbin/apache2",
	    "/usr/sbin/httpd", NULL };
	char buf[256];
	const char *v = NULL;
	int i;

	for (i = 0; bins[i] != NULL && v == NULL; i++) {
		FILE *p;
		char *cmd;

		if (access(bins[i], X_OK) != 0)
			continue;
		if ((v = pf_binary_version(a, bins[i], "Apache/")) != NULL)
			break;
		cmd = pf_printf(a, "%s -v 2>/dev/null", bins[i]);
		if ((p = popen(cmd, "r")) == NULL)
			continue;
		while (fgets(buf, sizeof(buf), p) != NULL) {
			char *s = strstr(buf, "Apache/");

			if (s != NULL && v == NULL) {
				size_t n;

				s += 7;
				n = strspn(s, "0123456789.");
				v = pf_strndup(a, s, n);
			}
		}
		pclose(p);
	}
	return v;
}

/* ---- what the distribution's service adds to the command line ---- */

/* The place of byte p of a source's data (line and column, 1-based). */
static struct pf_loc
loc_at(uint32_t src, const char *data, const char *p, size_t len)
{
	uint32_t line = 1, col = 1;
	const char *q;

	for (q = data; q < p; q++)
		if (*q == '\n') {
			line++;
			col = 1;
		} else
			col++;
	return pf_loc_make(src, line, col, (uint32_t)len);
}

/* loc_at for increasing places of one file: counts from the last one
 * (a long file of many words stays linear). */
struct lcur {
	const char	*p;
	uint32_t	 line, col;
};

static struct pf_loc
loc_next(struct lcur *c, uint32_t src, const char *data, const char *p,
    size_t len)
{
	if (c->p == NULL || p < c->p) {
		c->p = data;
		c->line = c->col = 1;
	}
	for (; c->p < p; c->p++)
		if (*c->p == '\n') {
			c->line++;
			c->col = 1;
		} else
			c->col++;
	return pf_loc_make(src, c->line, c->col, (uint32_t)len);
}

/* The next word of [*p, end): returns its start and length, or NULL. */
static const char *
next_word(const char **p, const char *end, size_t *n)
{
	const char *s = *p, *e;

	while (s < end && isspace((unsigned char)*s))
		s++;
	if (s >= end)
		return NULL;
	for (e = s; e < end && !isspace((unsigned char)*e); e++)
		;
	*p = e;
	*n = (size_t)(e - s);
	return s;
}

/* Is w one of the whitespace-separated words of s? */
static int
has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	const char *p = s;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || isspace((unsigned char)p[-1])) &&
		    (p[n] == '\0' || isspace((unsigned char)p[n])))
			return 1;
		p += n;
	}
	return 0;
}

static void
svc_define(struct hrd *r, const char *name, struct pf_loc at)
{
	PF_PUSH(r->a, r->svc_defs, pf_sval_make(name, at));
}

/* A module the distribution's binary has compiled in (an MPM built with
 * --with-mpm and no --enable-mpms-shared): loaded before any file. */
static void
compiled_in(struct hrd *r, const char *id, struct pf_loc at)
{
	const struct pf_httpd_module *m = pf_httpd_module_by_id(id);
	size_t i;

	if (m == NULL)
		return;
	i = (size_t)(m - pf_httpd_modules);
	if (r->mod_on[i])
		return;
	r->mod_on[i] = 1;
	pf_hmap_put(r->a, &r->mods, m->id, (void *)"1");
	pf_hmap_put(r->a, &r->mods, m->src, (void *)"1");
	PF_PUSH(r->a, r->ap->modules, pf_sval_make(m->id, at));
	r->gen++;
}

/* A line for -C (pre) or -c (post), made from a line of the service's
 * file (at; PF_NOLOC when the script writes it on its own). */
static void
svc_cmd(struct hrd *r, int post, struct pf_loc at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
svc_cmd(struct hrd *r, int post, struct pf_loc at, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	line = pf_alloc(r->a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(line, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (post) {
		r->svc_post = pf_printf(r->a, "%s%s\n", r->svc_post ?
		    r->svc_post : "", line);
		PF_PUSH(r->a, r->svc_post_from, at);
	} else {
		r->svc_pre = pf_printf(r->a, "%s%s\n", r->svc_pre ?
		    r->svc_pre : "", line);
		PF_PUSH(r->a, r->svc_pre_from, at);
	}
}

/* Reads a service's file as a source of its own (for the provenance of
 * what it sets); NULL if it cannot be read. */
static char *
svc_file(struct hrd *r, const char *path, uint32_t *src)
{
	char *data;
	size_t len;

	if (pf_read_file(r->run, path, &data, &len) != 0)
		return NULL;
	*src = pf_source_add(r->run, path, data, len, PF_SRC_OTHER, PF_NOLOC);
	return data;
}

/*
 * The MPM compiled into an httpd binary (--with-mpm, no
 * --enable-mpms-shared), read from its bytes and never run: each module
 * structure names its source file (STANDARD20_MODULE_STUFF's __FILE__),
 * and the MPM's is "event.c", "worker.c" or "prefork.c" as libtool
 * compiles it in server/mpm/X/ (a shared MPM carries it in its
 * mod_mpm_X.so instead; Debian's apache2 has none).  The module id, or
 * NULL.
 */
static const char *
binary_mpm(struct pf_run *run, const char *bin)
{
	static const char *const mpms[] = { "event", "worker", "prefork" };
	const char *path = pf_host_path(run, bin), *found = NULL;
	struct stat st;
	char *map;
	int fd;
	size_t i;

	if ((fd = open(path, O_RDONLY)) < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 16 ||
	    st.st_size > (off_t)256 << 20) {
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return NULL;
	for (i = 0; i < 3 && found == NULL; i++) {
		char pat[16];
		size_t n = (size_t)snprintf(pat, sizeof(pat), "%s.c", mpms[i]) +
		    1;
		const char *p = map, *end = map + st.st_size;

		while ((p = memmem(p, (size_t)(end - p), pat, n)) != NULL) {
			if (p > map && (p[-1] == '\0' || p[-1] == '/')) {
				found = mpms[i];
				break;
			}
			p++;
		}
	}
	munmap(map, (size_t)st.st_size);
	return found != NULL ? pf_printf(run->arena, "mpm_%s_module", found) :
	    NULL;
}

/*
 * What Portage builds www-servers/apache with when the tree has no
 * /var/db/pkg (a copy of /etc): APACHE2_MPMS in /etc/portage/make.conf
 * (USE_EXPAND: the apache2_mpms_X flag), a package.use line for
 * www-servers/apache (file or directory, later lines winning) with
 * apache2_mpms_X or threads, USE="threads" in make.conf.  The module id
 * and where it was set, or NULL.
 */
static const char *
portage_mpm(struct hrd *r, struct pf_loc *at)
{
	static const char *const confs[] = { "/etc/portage/make.conf",
	    "/etc/make.conf" };
	const char *mpm = NULL, *v;
	size_t i, k;
	glob_t g;

	for (i = 0; i < 2 && mpm == NULL; i++) {
		uint32_t src;
		char *data;
		struct shval sv;

		if (!exists(r->run, confs[i]) ||
		    (data = svc_file(r, confs[i], &src)) == NULL)
			continue;
		if (sh_find(data, "APACHE2_MPMS", &sv) == 0 && sv.end > sv.at) {
			v = pf_strndup(r->a, sv.at, (size_t)(sv.end - sv.at));
			mpm = has_word(v, "event") ? "event" : has_word(v,
			    "worker") ? "worker" : has_word(v, "prefork") ?
			    "prefork" : NULL;
		} else if (sh_find(data, "USE", &sv) == 0) {
			v = pf_strndup(r->a, sv.at, (size_t)(sv.end - sv.at));
			if (has_word(v, "threads"))
				mpm = "event";
		}
		if (mpm != NULL)
			*at = loc_at(src, data, sv.at, (size_t)(sv.end -
			    sv.at));
	}
	/* package.use: a file, or a directory of files read in order */
	if (glob(pf_printf(r->a, "%s/etc/portage/package.use{,/*}",
	    r->run->root ? r->run->root : ""), GLOB_BRACE, NULL, &g) != 0)
		return mpm != NULL ? pf_printf(r->a, "mpm_%s_module", mpm) :
		    NULL;
	for (k = 0; k < g.gl_pathc; k++) {
		const char *f = g.gl_pathv[k] + (r->run->root ?
		    strlen(r->run->root) : 0);
		char *data, *line, *save = NULL;
		size_t len, lno = 0;
		uint32_t src = 0;
		struct stat st;

		if (stat(g.gl_pathv[k], &st) != 0 || !S_ISREG(st.st_mode) ||
		    pf_read_file(r->run, f, &data, &len) != 0)
			continue;
		data = pf_strdup(r->a, data);
		for (line = data; line != NULL; line = save) {
			const char *m = NULL;

			save = strchr(line, '\n');
			if (save != NULL)
				*save++ = '\0';
			lno++;
			if (strncmp(line, "www-servers/apache", 18) != 0 ||
			    (line[18] != ' ' && line[18] != '\t' &&
			    line[18] != ':'))
				continue;
			if (has_word(line, "apache2_mpms_event"))
				m = "event";
			else if (has_word(line, "apache2_mpms_worker"))
				m = "worker";
			else if (has_word(line, "apache2_mpms_prefork"))
				m = "prefork";
			else if (has_word(line, "threads"))
				m = "event";
			else if (has_word(line, "-threads"))
				m = "prefork";
			if (m == NULL)
				continue;
			mpm = m;
			if (src == 0 && svc_file(r, f, &src) == NULL)
				src = 0;
			*at = pf_loc_make(src, (uint32_t)lno, 1, 0);
		}
	}
	globfree(&g);
	return mpm != NULL ? pf_printf(r->a, "mpm_%s_module", mpm) : NULL;
}

/*
 * Gentoo (www-servers/apache with the gentoo-apache files): OpenRC's
 * /etc/init.d/apache2 and apache2.service (EnvironmentFile=) run
 * "apache2 $APACHE2_OPTS", APACHE2_OPTS from /etc/conf.d/apache2
 * ("-D DEFAULT_VHOST -D INFO -D SSL -D SSL_DEFAULT_VHOST -D LANGUAGE" as
 * the ebuild writes it; the wiki's PHP-FPM recipe adds -D PHP -D PROXY).
 * httpd.conf wraps the LoadModule lines of proxy*, ssl, info, status,
 * dav, cache, userdir, http2 (the eclass's MODULE_DEFINES) in <IfDefine>,
 * and so do most modules.d and vhosts.d files: without these defines the
 * tree read is not the server that runs.  The MPM is compiled in
 * (--with-mpm): the one the installed package was built with, from
 * /var/db/pkg/www-servers/apache-* /USE (APACHE2_MPMS, else event with
 * USE=threads, prefork without) when the tree has it.
 */
static void
gentoo_service(struct hrd *r, const char *inst)
{
	uint32_t src;
	char *data = svc_file(r, GENTOO_CONFD, &src);
	struct shval sv;
	struct svword *w;
	size_t i, n;
	int want_name = 0;

	if (data == NULL)
		return;
	r->svc_pre_name = GENTOO_CONFD;
	if (sh_find(data, "APACHE2_OPTS", &sv) == 0) {
		/* lint's provenance: what the tree is read with */
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-define", loc_at(src,
		    data, sv.at, (size_t)(sv.end - sv.at)), "the Gentoo "
		    "service (/etc/init.d/apache2, apache2.service) starts "
		    "apache2 with APACHE2_OPTS: its -D names apply to the "
		    "tree's <IfDefine> sections");
	}
	n = rc_words(r, inst, "APACHE2_OPTS", &w);
	for (i = 0; i < n; i++) {
		if (want_name) {
			svc_define(r, w[i].w, w[i].at);
			want_name = 0;
		} else if (strcmp(w[i].w, "-D") == 0)
			want_name = 1;
		else if (strncmp(w[i].w, "-D", 2) == 0) {
			struct pf_loc at = w[i].at;

			at.col += 2;
			at.len -= 2;
			svc_define(r, w[i].w + 2, at);
		}
	}
	gentoo_mpm(r);
}

/* The MPM Gentoo's apache2 has compiled in. */
static void
gentoo_mpm(struct hrd *r)
{
	glob_t g;
	const char *pat;

	/* the binary itself: the MPM it was linked with */
	if ((pat = binary_mpm(r->run, "/usr/sbin/apache2")) != NULL) {
		compiled_in(r, pat, PF_NOLOC);
		return;
	}
	pat = pf_printf(r->a, "%s/var/db/pkg/www-servers/apache-[0-9]*/USE",
	    r->run->root ? r->run->root : "");
	if (glob(pat, 0, NULL, &g) != 0) {
		/* not in the tree (a copy of /etc): what Portage builds it
		 * with, else the ebuild's default, prefork (event needs
		 * USE=threads, off by default) */
		struct pf_loc at = PF_NOLOC;
		const char *m = portage_mpm(r, &at);

		compiled_in(r, m != NULL ? m : "mpm_prefork_module", at);
		return;
	}
	if (g.gl_pathc > 0) {
		const char *use = pf_strdup(r->a, g.gl_pathv[g.gl_pathc - 1] +
		    (r->run->root ? strlen(r->run->root) : 0));
		char *u;
		size_t len;

		if (pf_read_file(r->run, use, &u, &len) == 0) {
			const char *mpm = has_word(u, "apache2_mpms_event") ?
			    "mpm_event_module" : has_word(u,
			    "apache2_mpms_worker") ? "mpm_worker_module" :
			    has_word(u, "apache2_mpms_prefork") ?
			    "mpm_prefork_module" : has_word(u, "threads") ?
			    "mpm_event_module" : "mpm_prefork_module";
			uint32_t us = pf_source_add(r->run, use, u, len,
			    PF_SRC_OTHER, PF_NOLOC);

			compiled_in(r, mpm, pf_loc_make(us, 1, 1, 0));
		}
	}
	globfree(&g);
}

static int
host_exists(struct hrd *r, const char *path)
{
	struct stat st;

	return stat(pf_host_path(r->run, path), &st) == 0;
}


#define SV_MAX_WORDS	4096

/* The words of NAME after a file that the shell runs after another,
 * whose words of NAME were prior (OpenRC's conf.d/apache2 then
 * conf.d/apache2.NAME). */
static size_t
sv_words_after(struct hrd *r, uint32_t src, const char *data,
    const char *name, struct svword *prior, size_t nprior,
    struct svword **out)
{
	const char *p = data, *q, *w;
	const char *ref1 = pf_printf(r->a, "$%s", name);
	const char *ref2 = pf_printf(r->a, "${%s}", name);
	struct svword *v = prior, *old;
	size_t n, k = nprior, cap = nprior, nold, i;
	struct shval sv;
	struct lcur lc = { NULL, 0, 0 };

	/* Every assignment in order, as the shell runs them: the file
	 * often adds with NAME="${NAME} -D X" */
	while (*p != '\0') {
		if (sh_assign(&p, name, &sv) != 0)
			continue;
		old = v;
		nold = k;
		v = NULL;
		k = cap = 0;
		q = sv.at;
		while ((w = next_word(&q, sv.end, &n)) != NULL) {
			int ref = (n == strlen(ref1) && strncmp(w, ref1, n) ==
			    0) || (n == strlen(ref2) && strncmp(w, ref2, n) ==
			    0);

			/* NAME="$NAME $NAME" doubles: bounded, as a
			 * command line is */
			for (i = 0; i < (ref ? nold : 1) && k < SV_MAX_WORDS;
			    i++) {
				if (k == cap) {
					v = pf_grow(r->a, v, cap, cap ? cap * 2 :
					    16, sizeof(*v));
					cap = cap ? cap * 2 : 16;
				}
				if (ref)
					v[k] = old[i];
				else {
					v[k].w = pf_strndup(r->a, w, n);
					v[k].at = loc_next(&lc, src, data, w,
					    n);
				}
				k++;
			}
		}
	}
	*out = v;
	return k;
}

static size_t
sv_words(struct hrd *r, uint32_t src, const char *data, const char *name,
    struct svword **out)
{
	return sv_words_after(r, src, data, name, NULL, 0, out);
}

/*
 * OpenRC's multiplexed services: /etc/init.d/apache2.NAME, a link to
 * apache2, sources /etc/conf.d/apache2 and then /etc/conf.d/apache2.NAME
 * (openrc-run.sh: the base name's file, then the service's own): the
 * second's assignments win and may add to the first's ("${HTTPD_OPTS}
 * -D X").  Gentoo and Alpine run several servers this way.
 */
#define RC_CONFD	"/etc/conf.d/apache2"

static const char *
rc_confd(struct pf_arena *a, const char *inst)
{
	return pf_printf(a, "%s.%s", RC_CONFD, inst);
}

static int
rc_instance(struct pf_run *run, const char *inst)
{
	return exists(run, pf_printf(run->arena, "/etc/init.d/apache2.%s",
	    inst)) || exists(run, rc_confd(run->arena, inst));
}

/* A variable's value after both files; NULL if neither sets it. */
static const char *
rc_var(struct pf_run *run, const char *inst, const char *name)
{
	const char *v = inst != NULL ? file_var(run, rc_confd(run->arena,
	    inst), name) : NULL;

	return v != NULL ? v : file_var(run, RC_CONFD, name);
}

/* The words of a variable after both files (sources of the run). */
static size_t
rc_words(struct hrd *r, const char *inst, const char *name,
    struct svword **out)
{
	uint32_t src;
	char *data = svc_file(r, RC_CONFD, &src);
	size_t n = 0;

	*out = NULL;
	if (data != NULL)
		n = sv_words(r, src, data, name, out);
	if (inst != NULL && (data = svc_file(r, rc_confd(r->a, inst),
	    &src)) != NULL)
		n = sv_words_after(r, src, data, name, *out, n, out);
	return n;
}

/* A sysconfig variable's whole value and its place; NULL if unset or
 * empty (start_apache2 tests -n). */
static const char *
sv_value(struct hrd *r, uint32_t src, const char *data, const char *name,
    struct pf_loc *at)
{
	struct shval sv;

	if (sh_find(data, name, &sv) != 0 || sv.end == sv.at)
		return NULL;
	*at = loc_at(src, data, sv.at, (size_t)(sv.end - sv.at));
	return pf_strndup(r->a, sv.at, (size_t)(sv.end - sv.at));
}

/*
 * SUSE (openSUSE Leap and Tumbleweed, SLES; apache2.service runs
 * /usr/sbin/start_apache2).  With /etc/sysconfig/apache2 there it passes
 * -DSYSCONFIG (httpd.conf then skips its own loadmodule.conf and
 * global.conf, in <IfDefine !SYSCONFIG>), every word of
 * APACHE_SERVER_FLAGS as a define ("SSL", "-DSSL" and "-D SSL" alike),
 * -DEXTENDED_STATUS or -DLUA_STATUS for APACHE_EXTENDED_STATUS on or lua,
 * and at every start writes sysconfig.d/loadmodule.conf (APACHE_MODULES),
 * global.conf (APACHE_ACCESS_LOG, _SERVERADMIN, _SERVERNAME,
 * _SERVERSIGNATURE, _LOGLEVEL, _USE_CANONICAL_NAME, _SERVERTOKENS,
 * _TRACEENABLE) and include.conf (APACHE_CONF_INCLUDE_FILES and _DIRS),
 * given as -C "PidFile /run/httpd.pid" -C "Include .../loadmodule.conf"
 * -C "Include .../global.conf" -f httpd.conf -c "Include
 * .../include.conf".  Those lines are made here as the next start makes
 * them (from apache2-start_apache2 and apache2-script-helpers of the
 * apache2 package), each pointing at the variable it comes from; the
 * sysconfig.d files of the last start are not read.  The MPM is the
 * binary's (httpd-prefork, -worker or -event, built with --with-mpm):
 * APACHE_MPM, else the package's default, prefork.
 */
static void
suse_service(struct hrd *r, const char *sysconfig)
{
	static const struct {
		const char *var, *directive;
	} global[] = {
		{ "APACHE_SERVERADMIN", "ServerAdmin" },
		{ "APACHE_SERVERNAME", "ServerName" },
		{ "APACHE_SERVERSIGNATURE", "ServerSignature" },
		{ "APACHE_LOGLEVEL", "LogLevel" },
		{ "APACHE_USE_CANONICAL_NAME", "UseCanonicalName" },
		{ "APACHE_SERVERTOKENS", "ServerTokens" },
		{ "APACHE_TRACEENABLE", "TraceEnable" },
	};
	uint32_t src;
	char *data = svc_file(r, sysconfig, &src);
	struct svword *w;
	struct pf_loc at, mpm_at = PF_NOLOC;
	const char *mpm = "prefork", *v, *dir;
	size_t i, n;

	if (data == NULL)
		return;
	pf_diag_add(r->run, PF_SEV_NOTE, "httpd-define", pf_loc_make(src, 0,
	    0, 0), "start_apache2 (apache2.service) starts httpd with "
	    "-DSYSCONFIG, APACHE_SERVER_FLAGS as -D, and the LoadModule, "
	    "global and Include lines it makes from this file "
	    "(sysconfig.d/*.conf): the tree is read with them");
	r->svc_pre_name = "/usr/sbin/start_apache2 (-C)";
	r->svc_post_name = "/usr/sbin/start_apache2 (-c)";
	svc_define(r, "SYSCONFIG", pf_loc_make(src, 0, 0, 0));
	n = sv_words(r, src, data, "APACHE_SERVER_FLAGS", &w);
	for (i = 0; i < n; i++) {
		if (strcmp(w[i].w, "-D") == 0)
			continue;
		svc_define(r, strncmp(w[i].w, "-D", 2) == 0 ? w[i].w + 2 :
		    w[i].w, w[i].at);
	}
	if ((v = sv_value(r, src, data, "APACHE_EXTENDED_STATUS", &at)) !=
	    NULL) {
		if (strcmp(v, "lua") == 0)
			svc_define(r, "LUA_STATUS", at);
		else if (strcmp(v, "on") == 0)
			svc_define(r, "EXTENDED_STATUS", at);
	}
	if ((v = sv_value(r, src, data, "APACHE_MPM", &at)) != NULL) {
		mpm = v;
		mpm_at = at;
	} else {
		/* find_mpm: the binary update-alternatives chose,
		 * /etc/alternatives/httpd -> /usr/sbin/httpd-MPM */
		char buf[256];
		ssize_t k = readlink(pf_printf(r->a, "%s/httpd",
		    pf_host_path(r->run, "/etc/alternatives")), buf,
		    sizeof(buf) - 1);

		if (k > 0) {
			const char *b;

			buf[k] = '\0';
			b = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
			if (strncmp(b, "httpd-", 6) == 0 && b[6] != '\0')
				mpm = pf_strdup(r->a, b + 6);
		}
	}
	compiled_in(r, pf_printf(r->a, "mpm_%s_module", mpm), mpm_at);

	svc_cmd(r, 0, PF_NOLOC, "PidFile /run/httpd.pid");
	/* loadmodule.conf: get_module_list */
	n = sv_words(r, src, data, "APACHE_MODULES", &w);
	for (i = 0; i < n; i++) {
		const char *m = w[i].w, *path = NULL, *id;
		static const char *const libdirs[] = { "/usr/lib64",
		    "/usr/lib" };
		size_t k, len;
		int any_dir = 0;

		if (strncmp(m, "mod_", 4) == 0)
			m += 4;
		len = strlen(m);
		if (strcmp(m, "cgid") == 0 && strcmp(mpm, "prefork") == 0)
			m = "cgi";
		else if (strcmp(m, "cgi") == 0 && (strcmp(mpm, "event") ==
		    0 || strcmp(mpm, "worker") == 0))
			m = "cgid";
		id = pf_printf(r->a, "%s_module", m);
		if (len == 4 && strncmp(m, "php", 3) == 0 &&
		    (m[3] == '8' || m[3] == '9'))
			id = "php_module";
		/* the first of these that exists; a tree without the
		 * module directories (a copy of /etc) takes the
		 * alternatives link /usr/lib64/apache2/mod_X.so */
		for (k = 0; k < 2 && path == NULL; k++) {
			const char *c[4];
			size_t j;

			c[0] = pf_printf(r->a, "%s/apache2-%s/mod_%s.so",
			    libdirs[k], mpm, m);
			c[1] = pf_printf(r->a, "%s/apache2-%s/%s.so",
			    libdirs[k], mpm, m);
			c[2] = pf_printf(r->a, "%s/apache2/mod_%s.so",
			    libdirs[k], m);
			c[3] = pf_printf(r->a, "%s/apache2/%s.so", libdirs[k],
			    m);
			any_dir |= host_exists(r, pf_printf(r->a,
			    "%s/apache2-%s", libdirs[k], mpm)) ||
			    host_exists(r, pf_printf(r->a, "%s/apache2",
			    libdirs[k]));
			for (j = 0; j < 4 && path == NULL; j++)
				if (host_exists(r, c[j]))
					path = c[j];
		}
		if (path == NULL) {
			/* "modules listed here will be ignored if they are
			 * not installed" */
			if (any_dir)
				continue;
			path = pf_printf(r->a, "/usr/lib64/apache2/mod_%s.so",
			    m);
		}
		svc_cmd(r, 0, w[i].at, "LoadModule %s %s", id, path);
	}
	/* global.conf */
	if ((v = sv_value(r, src, data, "APACHE_ACCESS_LOG", &at)) != NULL) {
		const char *comma = strchr(v, ',');

		/* sed 's:,:\nCustomLog :': the first comma only */
		if (comma != NULL) {
			svc_cmd(r, 0, at, "CustomLog %.*s", (int)(comma - v),
			    v);
			svc_cmd(r, 0, at, "CustomLog %s", comma + 1);
		} else
			svc_cmd(r, 0, at, "CustomLog %s", v);
	}
	for (i = 0; i < sizeof(global) / sizeof(global[0]); i++)
		if ((v = sv_value(r, src, data, global[i].var, &at)) != NULL)
			svc_cmd(r, 0, at, "%s %s", global[i].directive, v);
	/* include.conf */
	n = sv_words(r, src, data, "APACHE_CONF_INCLUDE_FILES", &w);
	for (i = 0; i < n; i++) {
		const char *f = w[i].w[0] == '/' ? w[i].w :
		    pf_printf(r->a, "/etc/apache2/%s", w[i].w);

		if (host_exists(r, f))
			svc_cmd(r, 1, w[i].at, "Include %s", f);
	}
	n = sv_words(r, src, data, "APACHE_CONF_INCLUDE_DIRS", &w);
	for (i = 0; i < n; i++) {
		const char *d = w[i].w[0] == '/' ? w[i].w :
		    pf_printf(r->a, "/etc/apache2/%s", w[i].w);
		const char *slash = strrchr(d, '/');

		dir = slash != NULL ? pf_strndup(r->a, d,
		    (size_t)(slash - d)) : d;
		if (host_exists(r, d) || host_exists(r, dir))
			svc_cmd(r, 1, w[i].at, "Include %s", d);
	}
}

/*
 * What the service that starts this main file passes besides -f: Gentoo's
 * when the file is its CONFIGFILE, SUSE's when it is its
 * APACHE_HTTPD_CONF (found without --httpd or given).  -D NAME of the
 * command line add to these, as they do to the service's.
 */
/*
 * FreeBSD (www/apache24's files/apache24.in): the rc script runs
 * "eval httpd $apache24_flags" and, unless apache24_http_accept_enable is
 * YES (default NO: it would load the accf_http/accf_data kernel modules
 * instead), adds -DNOHTTPACCEPT, under which the port's
 * Includes/no-accf.conf sets "AcceptFilter http none" and "https none".
 * rc.subr's load_rc_config reads /etc/rc.conf, /etc/rc.conf.local, then
 * /etc/rc.conf.d/apache24 and /usr/local/etc/rc.conf.d/apache24: the last
 * assignment wins.  With apache24_profiles="a b" the script starts each
 * enabled profile instead ("service apache24 start" loops over them and
 * never runs httpd.conf on its own): profile a is "-f
 * $apache24_a_configfile -c 'PidFile /var/run/httpd.a.pid'" then
 * apache24_a_flags (else apache24_flags), its accept filters from
 * apache24_a_http_accept_enable (else the global one).
 */
static void	svc_apply(struct hrd *, const struct hargs *, const char *);

static const char *const fb_files[] = { "/etc/rc.conf", "/etc/rc.conf.local",
    "/etc/rc.conf.d/apache24", "/usr/local/etc/rc.conf.d/apache24" };

/* The last assignment of var in the rc.conf files, its place when r is
 * given (the files become sources); NULL if none. */
static const char *
fb_get(struct pf_run *run, struct hrd *r, const char *var, struct pf_loc *at)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < sizeof(fb_files) / sizeof(fb_files[0]); i++) {
		uint32_t src = 0;
		char *data;
		size_t len;
		struct shval sv;

		if (!exists(run, fb_files[i]))
			continue;
		if (r != NULL)
			data = svc_file(r, fb_files[i], &src);
		else if (pf_read_file(run, fb_files[i], &data, &len) != 0)
			data = NULL;
		if (data == NULL || sh_find(data, var, &sv) != 0)
			continue;
		v = pf_strndup(run->arena, sv.at, (size_t)(sv.end - sv.at));
		if (at != NULL)
			*at = r != NULL ? loc_at(src, data, sv.at,
			    (size_t)(sv.end - sv.at)) : PF_NOLOC;
	}
	return v;
}

/* Is word w one of the blank-separated words of list? */
static int
in_list(const char *list, const char *w)
{
	return list != NULL && has_word(list, w);
}

/* A profile's apache24_PROFILE_VAR, else the global apache24_VAR. */
static const char *
fb_prof(struct pf_run *run, struct hrd *r, const char *profile,
    const char *var, struct pf_loc *at)
{
	const char *v = NULL;

	if (profile != NULL)
		v = fb_get(run, r, pf_printf(run->arena, "apache24_%s_%s",
		    profile, var), at);
	if (v == NULL || *v == '\0')
		v = fb_get(run, r, pf_printf(run->arena, "apache24_%s", var),
		    at);
	return v;
}

static void
freebsd_service(struct hrd *r, const char *profile)
{
	struct pf_loc accept_at = PF_NOLOC, flags_at = PF_NOLOC;
	const char *accept = fb_prof(r->run, r, profile, "http_accept_enable",
	    &accept_at);
	const char *flags = fb_prof(r->run, r, profile, "flags", &flags_at);
	struct pf_svc_words v = { 0 };
	struct hargs h;

	memset(&h, 0, sizeof(h));
	if (profile != NULL) {
		struct pf_loc at = PF_NOLOC;
		const char *cf = fb_get(r->run, r, pf_printf(r->a,
		    "apache24_%s_configfile", profile), &at);
		struct pf_svc_word x;

		x.at = at;
		x.w = "-f";
		PF_PUSH(r->a, v, x);
		x.w = cf != NULL ? cf : "";
		PF_PUSH(r->a, v, x);
		x.w = "-c";
		PF_PUSH(r->a, v, x);
		x.w = pf_printf(r->a, "PidFile /var/run/httpd.%s.pid", profile);
		PF_PUSH(r->a, v, x);
	}
	/* eval: the shell's quote removal, then words */
	if (flags != NULL)
		pf_svc_split(r->a, flags, flags_at, &v);
	hargs_parse(r->a, v.v, v.n, &h);
	svc_apply(r, &h, "/usr/local/etc/rc.d/apache24");
	/* rc.subr's checkyesno: yes, true, on or 1, in any case */
	if (accept == NULL || (strcasecmp(accept, "yes") != 0 &&
	    strcasecmp(accept, "true") != 0 && strcasecmp(accept, "on") != 0 &&
	    strcmp(accept, "1") != 0))
		svc_define(r, "NOHTTPACCEPT", accept_at);
}

/* Applies a service's command line: its -D names, -C and -c lines. */
static void
svc_apply(struct hrd *r, const struct hargs *h, const char *what)
{
	size_t i;

	if (h->bad != NULL)
		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-service", h->bad->at,
		    "%s: httpd's argument '%s' %s: httpd prints its usage and "
		    "does not start", what, h->bad->w, h->why);
	for (i = 0; i < h->defs.n; i++)
		svc_define(r, h->defs.v[i].w, h->defs.v[i].at);
	if (h->pre.n > 0)
		r->svc_pre_name = pf_printf(r->a, "%s (-C)", what);
	for (i = 0; i < h->pre.n; i++)
		svc_cmd(r, 0, h->pre.v[i].at, "%s", h->pre.v[i].w);
	if (h->post.n > 0)
		r->svc_post_name = pf_printf(r->a, "%s (-c)", what);
	for (i = 0; i < h->post.n; i++)
		svc_cmd(r, 1, h->post.v[i].at, "%s", h->post.v[i].w);
}

/* A note saying what a service runs, at the line that says it. */
static void
svc_note(struct hrd *r, struct pf_loc at, const char *what,
    const struct pf_svc_words *argv, size_t from)
{
	struct pf_buf b = { 0 };
	size_t i;

	for (i = from; i < argv->n; i++)
		pf_buf_printf(&b, "%s%s", i > from ? " " : "", argv->v[i].w);
	pf_diag_add(r->run, PF_SEV_NOTE, "httpd-define", at, "%s starts "
	    "httpd with '%s': the tree is read with its -D, -C and -c",
	    what, pf_buf_str(&b));
	pf_buf_free(&b);
}

/* The unit's environment is httpd's: ${HTTPD_INSTANCE} in the
 * configuration is the unit's (an envvars value is kept first). */
static void
svc_env(struct hrd *r, const struct pf_svc_envs *env)
{
	size_t i;

	/* each name once, its last value */
	for (i = 0; i < env->n; i++)
		if (pf_svc_getenv(env, env->v[i].name, NULL) == env->v[i].val &&
		    pf_hmap_get(&r->env, env->v[i].name) == NULL)
			pf_hmap_put(r->a, &r->env, env->v[i].name,
			    (void *)env->v[i].val);
}

/* A required EnvironmentFile= the tree lacks: systemd refuses to start
 * the unit ("Failed to load environment files"). */
static void
svc_missing(struct hrd *r, const struct pf_svc_unit *u, const char *what)
{
	if (u->missing != NULL)
		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-service",
		    u->missing_at, "%s: EnvironmentFile=%s does not exist "
		    "(without '-' it is required): systemd does not start the "
		    "service", what, u->missing);
}

static void
rhel_service(struct hrd *r, const char *config, const char *inst)
{
	struct pf_svc_unit u;
	struct hargs h;
	const char *root = "/etc/httpd", *c, *what;

	if (rhel_unit(r->run, inst, 0, &u, &h) != 0)
		return;
	c = hargs_config(r->a, &h, "/etc/httpd/conf/httpd.conf", &root);
	if (strcmp(c, config) != 0)
		return;
	rhel_unit(r->run, inst, 1, &u, &h);
	what = u.path != NULL ? u.path : inst != NULL ? pf_printf(r->a,
	    "httpd@%s.service", inst) : "httpd.service";
	svc_missing(r, &u, what);
	if (u.argv.n > 1)
		svc_note(r, u.exec_at, what, &u.argv, 1);
	svc_env(r, &u.env);
	svc_apply(r, &h, what);
}

/* Alpine's OpenRC script: HTTPD_OPTS of /etc/conf.d/apache2, as the
 * shell splits the unquoted ${HTTPD_OPTS} (no quote removal). */
static void
alpine_service(struct hrd *r, const char *inst)
{
	struct svword *w;
	struct pf_svc_words v = { 0 };
	struct hargs h;
	size_t i, n;

	memset(&h, 0, sizeof(h));
	n = rc_words(r, inst, "HTTPD_OPTS", &w);
	for (i = 0; i < n; i++) {
		struct pf_svc_word x;

		x.w = w[i].w;
		x.at = w[i].at;
		PF_PUSH(r->a, v, x);
	}
	hargs_parse(r->a, v.v, v.n, &h);
	if (v.n > 0)
		svc_note(r, v.v[0].at, "/etc/init.d/apache2", &v, 0);
	svc_apply(r, &h, "/etc/init.d/apache2");
}

/*
 * Debian and Ubuntu: apache2.service (apache2@NAME.service: Environment=
 * APACHE_CONFDIR=/etc/apache2-%i) runs "apachectl start", which sources
 * $APACHE_CONFDIR/envvars and runs "$HTTPD ${APACHE_ARGUMENTS} -k start"
 * (/usr/sbin/apache2ctl of the apache2 package), APACHE_ARGUMENTS from
 * envvars (commented out in the stock file) or the unit's environment (a
 * drop-in's Environment=), split on blanks by the shell, quotes kept.
 * (apachectl adds -d $APACHE_CONFDIR, the directory config is in.)
 */
static const char *const apachectl_progs[] = { "apachectl", "apache2ctl",
    NULL };

static void
debian_service(struct hrd *r, const char *config)
{
	const char *dir = pf_strndup(r->a, config, strlen(config) -
	    strlen("/apache2.conf"));
	const char *inst = strncmp(dir, "/etc/apache2-", 13) == 0 ? dir + 13 :
	    NULL;
	const char *name = inst != NULL ? pf_printf(r->a,
	    "apache2@%s.service", inst) : "apache2.service";
	const char *fallback = inst != NULL ? "[Service]\nEnvironment="
	    "APACHE_CONFDIR=/etc/apache2-%i APACHE_STARTED_BY_SYSTEMD=true\n"
	    "ExecStart=/usr/sbin/apachectl start\n" : "[Service]\n"
	    "Environment=APACHE_STARTED_BY_SYSTEMD=true\n"
	    "ExecStart=/usr/sbin/apachectl start\n";
	struct pf_svc_unit u;
	struct pf_svc_words v = { 0 };
	struct hargs h;
	struct pf_loc at = PF_NOLOC;
	const char *args, *p, *w;
	size_t n;

	if (pf_svc_unit_load(r->run, name, fallback, 1, &u) != 0 ||
	    u.argv.n == 0 || !prog_is(u.argv.v[0].w, apachectl_progs))
		return;
	svc_missing(r, &u, u.path != NULL ? u.path : name);
	args = pf_hmap_get(&r->env, "APACHE_ARGUMENTS");
	if (args != NULL) {
		/* envvars set it: its line (pf_hrd_envvars read it) */
		const char *ev = r->o->envvars != NULL ? r->o->envvars :
		    pf_printf(r->a, "%s/envvars", dir);
		uint32_t src;
		char *data = svc_file(r, ev, &src);
		struct shval sv;

		if (data != NULL && sh_find(data, "APACHE_ARGUMENTS", &sv) ==
		    0)
			at = loc_at(src, data, sv.at, (size_t)(sv.end -
			    sv.at));
	} else
		args = pf_svc_getenv(&u.env, "APACHE_ARGUMENTS", &at);
	svc_env(r, &u.env);
	if (args == NULL)
		return;
	for (p = args; (w = next_word(&p, args + strlen(args), &n)) != NULL;) {
		struct pf_svc_word x;

		x.w = pf_strndup(r->a, w, n);
		x.at = at;
		PF_PUSH(r->a, v, x);
	}
	memset(&h, 0, sizeof(h));
	hargs_parse(r->a, v.v, v.n, &h);
	if (v.n > 0)
		svc_note(r, at, "apachectl (APACHE_ARGUMENTS)", &v, 0);
	svc_apply(r, &h, "apachectl");
}

/*
 * The service instances besides the main one, as "NAME (where)" words:
 * Debian's /etc/apache2-NAME (apache2@NAME.service), RHEL's and Arch's
 * enabled httpd@NAME.service (a *.wants/ link in /etc/systemd/system),
 * SUSE's /etc/sysconfig/apache2@NAME (apache2@NAME.service, the
 * package's README.QUICKSTART-instances), FreeBSD's apache24_profiles.
 */
static void
instances(struct pf_run *run, struct pf_buf *b)
{
	static const char *const pats[] = { "/etc/apache2-*/apache2.conf",
	    "/etc/systemd/system/*.wants/httpd@*.service",
	    "/etc/sysconfig/apache2@*", "/etc/init.d/apache2.*" };
	const char *root = run->root != NULL ? run->root : "";
	const char *prof;
	size_t i, k;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		glob_t g;

		if (glob(pf_printf(run->arena, "%s%s", root, pats[i]), 0, NULL,
		    &g) != 0)
			continue;
		for (k = 0; k < g.gl_pathc; k++) {
			const char *p = g.gl_pathv[k] + strlen(root);
			struct stat st;

			/* a multiplexed OpenRC service is a link to the
			 * script (not apache2.dpkg-old, a backup) */
			if (i == 3 && (lstat(g.gl_pathv[k], &st) != 0 ||
			    !S_ISLNK(st.st_mode)))
				continue;
			const char *n = i == 0 ? strchr(p + 5, '-') + 1 :
			    i == 3 ? strrchr(p, '/') + 9 :
			    strchr(strrchr(p, '/'), '@') + 1;
			size_t len = i == 0 ? strcspn(n, "/") : i == 1 ?
			    strlen(n) - 8 : strlen(n);

			if (len > 0 && len < 256)
				pf_buf_printf(b, "%s%.*s (%s)", b->len ? ", " :
				    "", (int)len, n, p);
		}
		globfree(&g);
	}
	if ((prof = fb_get(run, NULL, "apache24_profiles", NULL)) != NULL &&
	    *prof != '\0')
		pf_buf_printf(b, "%s%s (apache24_profiles)", b->len ? ", " :
		    "", prof);
}

/*
 * The main file of service instance inst (--instance), and the
 * ServerRoot it runs with; NULL with a diagnostic if the tree has no such
 * instance.
 */
const char *
pf_hrd_instance_config(struct pf_run *run, const char *inst,
    const char **root)
{
	const char *c;
	struct pf_buf b = PF_BUF_INIT;

	if (strchr(inst, '/') == NULL && *inst != '\0' &&
	    strcmp(inst, ".") != 0 && strcmp(inst, "..") != 0) {
		/* Debian: apachectl -d /etc/apache2-NAME */
		c = pf_printf(run->arena, "/etc/apache2-%s/apache2.conf", inst);
		if (exists(run, c)) {
			*root = pf_printf(run->arena, "/etc/apache2-%s", inst);
			return c;
		}
		/* RHEL, Arch: httpd@NAME.service, -f conf/NAME.conf */
		if (exists(run, "/etc/httpd")) {
			struct pf_svc_unit u;
			struct hargs h;

			*root = "/etc/httpd";
			if (rhel_unit(run, inst, 0, &u, &h) == 0) {
				c = hargs_config(run->arena, &h,
				    "/etc/httpd/conf/httpd.conf", root);
				if (exists(run, c))
					return c;
			}
		}
		/* SUSE: APACHE_HTTPD_CONF of /etc/sysconfig/apache2@NAME,
		 * else /etc/apache2@NAME/httpd.conf */
		c = pf_printf(run->arena, "%s@%s", SUSE_SYSCONFIG, inst);
		if (exists(run, c) || exists(run, pf_printf(run->arena,
		    "/etc/apache2@%s/httpd.conf", inst))) {
			const char *v = file_var(run, c, "APACHE_HTTPD_CONF");

			*root = "/srv/www";
			return v != NULL && *v != '\0' ? v : pf_printf(run->arena,
			    "/etc/apache2@%s/httpd.conf", inst);
		}
		/* Gentoo, Alpine: OpenRC's apache2.NAME */
		if (rc_instance(run, inst)) {
			if (is_gentoo(run)) {
				const char *d = rc_var(run, inst, "SERVERROOT");

				c = rc_var(run, inst, "CONFIGFILE");
				*root = d != NULL && *d != '\0' ? d :
				    exists(run, "/usr/lib64/apache2") ||
				    !exists(run, "/usr/lib/apache2") ?
				    "/usr/lib64/apache2" : "/usr/lib/apache2";
				if (c == NULL || *c == '\0')
					c = "/etc/apache2/httpd.conf";
				else if (c[0] != '/')
					c = pf_printf(run->arena, "%s/%s",
					    *root, c);
				return c;
			}
			return alpine_config(run, inst, root);
		}
		/* FreeBSD: a profile of apache24_profiles */
		if (in_list(fb_get(run, NULL, "apache24_profiles", NULL),
		    inst)) {
			*root = "/usr/local";
			c = fb_get(run, NULL, pf_printf(run->arena,
			    "apache24_%s_configfile", inst), NULL);
			if (c != NULL && *c != '\0')
				return c;
		}
	}
	instances(run, &b);
	pf_diag_add(run, PF_SEV_ERROR, "httpd-instance", PF_NOLOC, "no httpd "
	    "service instance '%s' in %s (%s)", inst, run->root != NULL ?
	    run->root : "/", b.len > 0 ? pf_buf_str(&b) : "it has none");
	pf_buf_free(&b);
	return NULL;
}

void
pf_hrd_service(struct hrd *r, const char *config)
{
	const char *c, *inst = r->o->instance;
	size_t n = strlen(config);

	if (inst == NULL && r->o->config == NULL) {
		struct pf_buf b = PF_BUF_INIT;

		instances(r->run, &b);
		if (b.len > 0)
			pf_diag_add(r->run, PF_SEV_NOTE, "httpd-instance",
			    PF_NOLOC, "other httpd instances are set up here: "
			    "%s; this is the main one (%s): lint each with "
			    "--instance NAME", pf_buf_str(&b), config);
		pf_buf_free(&b);
	}
	if (strncmp(config, "/etc/apache2", 12) == 0 && n > 13 &&
	    strcmp(config + n - 13, "/apache2.conf") == 0 &&
	    strchr(config + 12 + (config[12] == '-'), '/') == config + n - 13) {
		debian_service(r, config);
		return;
	}
	if (strncmp(config, "/etc/httpd/", 11) == 0) {
		rhel_service(r, config, inst);
		return;
	}
	if (inst != NULL) {
		const char *root;

		c = pf_printf(r->a, "%s@%s", SUSE_SYSCONFIG, inst);
		if (exists(r->run, c)) {
			suse_service(r, c);
			return;
		}
		if (rc_instance(r->run, inst) && (c = pf_hrd_instance_config(
		    r->run, inst, &root)) != NULL && strcmp(c, config) == 0) {
			if (is_gentoo(r->run))
				gentoo_service(r, inst);
			else
				alpine_service(r, inst);
			return;
		}
		if (in_list(fb_get(r->run, NULL, "apache24_profiles", NULL),
		    inst) && (c = pf_hrd_instance_config(r->run, inst,
		    &root)) != NULL && strcmp(c, config) == 0)
			freebsd_service(r, inst);
		return;
	}
	if (strcmp(config, FREEBSD_CONF) == 0) {
		freebsd_service(r, NULL);
		return;
	}
	if (is_gentoo(r->run)) {
		struct pf_svc_unit u;
		struct hargs h;

		if (gentoo_systemd(r->run, 0, &u, &h) == 0) {
			const char *root = r->server_root;

			if (strcmp(config, hargs_config(r->a, &h,
			    "/etc/apache2/httpd.conf", &root)) == 0) {
				gentoo_systemd(r->run, 1, &u, &h);
				svc_missing(r, &u, u.path != NULL ? u.path :
				    "apache2.service");
				svc_note(r, u.exec_at, u.path != NULL ? u.path :
				    "apache2.service", &u.argv, 1);
				svc_apply(r, &h, u.path != NULL ? u.path :
				    "apache2.service");
				gentoo_mpm(r);
			}
			return;
		}
		c = gentoo_var(r->run, "CONFIGFILE");
		if (c != NULL && c[0] != '/')
			c = pf_printf(r->a, "%s/%s", r->server_root, c);
		if (strcmp(config, c != NULL ? c : "/etc/apache2/httpd.conf")
		    == 0) {
			gentoo_service(r, NULL);
			return;
		}
	}
	if (exists(r->run, SUSE_SYSCONFIG)) {
		c = suse_var(r->run, "APACHE_HTTPD_CONF");
		if (strcmp(config, c != NULL && *c != '\0' ? c :
		    "/etc/apache2/httpd.conf") == 0) {
			suse_service(r, SUSE_SYSCONFIG);
			return;
		}
	}
	if (exists(r->run, ALPINE_CONFD) && !is_gentoo(r->run)) {
		const char *root;

		if (strcmp(config, alpine_config(r->run, NULL, &root)) == 0)
			alpine_service(r, NULL);
	}
}
