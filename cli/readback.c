/*
 * readback.c - lint(compile(site)) inside check and compile.
 *
 * The emitted files are written below a temporary directory exactly where
 * the target machine keeps them; a main httpd configuration (modules,
 * User/Group and the stock deny rules of the layout) includes the vhosts
 * and the MPM snippet, a php-fpm.conf includes the pools.  The readers
 * then read that tree with --root semantics, so the rules see what the
 * target would run.  Users and groups the pools name are added to the
 * sandbox's etc/passwd and etc/group (the target will have them), and the
 * folders php-fpm -t and apache2 -t expect to exist are created, so the
 * host-dependent checks of the readers judge the files, not this machine.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/readback.h"
#include "model/buf.h"
#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/httpd.h"

/* The modules the emitted vhosts may use, in dependency order (after
 * the MPM of [host] mpm). */
static const char *const modules[] = {
	"authz_core", "authz_host", "authn_core", "access_compat",
	"alias", "dir", "mime", "env", "setenvif", "headers", "rewrite",
	"socache_shmcb", "ssl", "http2", "proxy", "proxy_fcgi", "proxy_http2",
	"status", "filter", "deflate", "reqtimeout", "negotiation",
	"autoindex", "auth_basic", "authn_file", "authz_user",
};

static int
mkdirs(const char *path)
{
	char *p = strdup(path), *s;
	int rc = 0;

	if (p == NULL)
		return -1;
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* Writes data to root/rel, creating folders. */
static int
put(const char *root, const char *rel, const char *data, size_t len)
{
	struct pf_buf path = PF_BUF_INIT;
	char *slash;
	FILE *f;
	int rc = -1;

	while (*rel == '/')
		rel++;
	pf_buf_printf(&path, "%s/%s", root, rel);
	slash = strrchr(path.p, '/');
	*slash = '\0';
	mkdirs(path.p);
	*slash = '/';
	if ((f = fopen(path.p, "w")) != NULL) {
		rc = fwrite(data, 1, len, f) == len ? 0 : -1;
		if (fclose(f) != 0)
			rc = -1;
	}
	pf_buf_free(&path);
	return rc;
}

static void
mkdir_in(const char *root, const char *abs, int parent)
{
	struct pf_buf p = PF_BUF_INIT;
	char *slash;

	if (abs == NULL || abs[0] != '/')
		return;
	pf_buf_printf(&p, "%s%s", root, abs);
	if (parent && (slash = strrchr(p.p, '/')) != NULL)
		*slash = '\0';
	mkdirs(p.p);
	pf_buf_free(&p);
}

static void
touch_in(const char *root, const char *abs, int nonempty)
{
	struct pf_buf p = PF_BUF_INIT;
	FILE *f;

	if (abs == NULL || abs[0] != '/')
		return;
	mkdir_in(root, abs, 1);
	pf_buf_printf(&p, "%s%s", root, abs);
	if (access(p.p, F_OK) != 0 && (f = fopen(p.p, "w")) != NULL) {
		if (nonempty)
			fputs("placeholder\n", f);
		fclose(f);
	}
	pf_buf_free(&p);
}

/*
 * The value of "key = value" or "Key value" lines of an emitted file,
 * one at a time: returns the next value after *pos, unquoted, in buf.
 */
static const char *
next_value(const char *data, size_t *pos, const char *key, int ini,
    struct pf_buf *buf)
{
	size_t klen = strlen(key);
	const char *p, *e, *v;

	while (*pos < strlen(data)) {
		p = data + *pos;
		e = strchr(p, '\n');
		*pos = e ? (size_t)(e - data) + 1 : strlen(data);
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(e - p) <= klen || strncasecmp(p, key, klen) != 0)
			continue;
		v = p + klen;
		if (ini) {
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			if (v == e || *v != '=')
				continue;
			v++;
		} else if (*v != ' ' && *v != '\t')
			continue;
		while (v < e && (*v == ' ' || *v == '\t'))
			v++;
		while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v) {
			v++;
			e--;
		}
		pf_buf_reset(buf);
		pf_buf_add(buf, v, (size_t)(e - v));
		return buf->p;
	}
	return NULL;
}

/* Collects the users and groups named in emitted files. */
struct names {
	PF_VEC(const char *) users, groups;
};

static void
add_name(struct pf_run *run, struct names *nm, int group, const char *s)
{
	size_t i;
	PF_VEC(const char *) *v = group ? (void *)&nm->groups :
	    (void *)&nm->users;

	if (s == NULL || s[0] == '\0' || strchr(s, ':') || strchr(s, '\n'))
		return;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return;
	PF_PUSH(run->arena, *v, pf_strdup(run->arena, s));
}

/* Appends to root/etc/{passwd,group} every name this machine lacks. */
static void
write_accounts(struct pf_run *run, const char *root, struct names *nm)
{
	struct pf_buf pw = PF_BUF_INIT, gr = PF_BUF_INIT;
	char *data;
	size_t len, i;
	unsigned id = 61000;

	if (pf_read_file(run, "/etc/passwd", &data, &len) == 0)
		pf_buf_add(&pw, data, len);
	else
		pf_buf_puts(&pw, "root:x:0:0:root:/root:/bin/sh\n");
	if (pf_read_file(run, "/etc/group", &data, &len) == 0)
		pf_buf_add(&gr, data, len);
	else
		pf_buf_puts(&gr, "root:x:0:\n");
	/* A user of the same name as a group gets it as primary group. */
	for (i = 0; i < nm->users.n; i++)
		add_name(run, nm, 1, nm->users.v[i]);
	for (i = 0; i < nm->groups.n; i++) {
		struct pf_buf pat = PF_BUF_INIT;

		pf_buf_printf(&pat, "\n%s:", nm->groups.v[i]);
		if (strncmp(gr.p, pat.p + 1, pat.len - 1) != 0 &&
		    strstr(gr.p, pat.p) == NULL) {
			if (gr.len > 0 && gr.p[gr.len - 1] != '\n')
				pf_buf_putc(&gr, '\n');
			pf_buf_printf(&gr, "%s:x:%u:\n", nm->groups.v[i],
			    id + (unsigned)i);
		}
		pf_buf_free(&pat);
	}
	for (i = 0; i < nm->users.n; i++) {
		struct pf_buf pat = PF_BUF_INIT;

		pf_buf_printf(&pat, "\n%s:", nm->users.v[i]);
		if (strncmp(pw.p, pat.p + 1, pat.len - 1) != 0 &&
		    strstr(pw.p, pat.p) == NULL) {
			if (pw.len > 0 && pw.p[pw.len - 1] != '\n')
				pf_buf_putc(&pw, '\n');
			pf_buf_printf(&pw, "%s:x:%u:%u::/nonexistent:"
			    "/usr/sbin/nologin\n", nm->users.v[i],
			    id + 500 + (unsigned)i, id + (unsigned)i);
		}
		pf_buf_free(&pat);
	}
	put(root, "etc/passwd", pw.p ? pw.p : "", pw.len);
	put(root, "etc/group", gr.p ? gr.p : "", gr.len);
	pf_buf_free(&pw);
	pf_buf_free(&gr);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Makes the sandbox; returns the layout's httpd main file (target path). */
static const char *
build_sandbox(struct pf_run *run, const char *root,
    const struct pf_emitted *files, size_t n, const char **fpm_conf)
{
	struct pf_model *m = pf_model_get(run);
	struct pf_buf conf = PF_BUF_INIT, fpm = PF_BUF_INIT, v = PF_BUF_INIT;
	struct names nm;
	const char *sroot = "/etc/apache2", *main_rel, *moddir;
	const char *user, *group, *mpm_name;
	size_t i, pos;
	int rhel = 0, mpm = 0;
	struct stat st;

	memset(&nm, 0, sizeof(nm));
	for (i = 0; i < n; i++)
		if (files[i].kind == PF_EMIT_VHOST &&
		    strncmp(files[i].rel, "etc/httpd/", 10) == 0)
			rhel = 1;
	if (rhel) {
		sroot = "/etc/httpd";
		main_rel = "etc/httpd/conf/proxyfpm-check.conf";
		moddir = "/usr/lib64/httpd/modules";
		*fpm_conf = "/etc/proxyfpm-check/php-fpm.conf";
	} else {
		main_rel = "etc/apache2/proxyfpm-check.conf";
		moddir = "/usr/lib/apache2/modules";
		*fpm_conf = "/etc/proxyfpm-check/php-fpm.conf";
	}
	mpm_name = m->host.mpm.s != NULL && (strcmp(m->host.mpm.s, "worker") ==
	    0 || strcmp(m->host.mpm.s, "prefork") == 0) ? m->host.mpm.s :
	    "event";
	user = m->host.apache_user.s ? m->host.apache_user.s :
	    rhel ? "apache" : "www-data";
	group = m->host.apache_group.s ? m->host.apache_group.s : user;
	add_name(run, &nm, 0, user);
	add_name(run, &nm, 1, group);

	/* Module files: this machine's when it has them. */
	if (stat(moddir, &st) == 0) {
		struct pf_buf link = PF_BUF_INIT;

		mkdir_in(root, moddir, 1);
		pf_buf_printf(&link, "%s%s", root, moddir);
		if (symlink(moddir, link.p) < 0 && errno != EEXIST)
			pf_buf_reset(&link);
		pf_buf_free(&link);
	}
	pf_buf_printf(&conf,
	    "# The main configuration proxyfpm check puts around compile's "
	    "output.\n"
	    "ServerRoot %s\n"
	    "DefaultRuntimeDir /run/proxyfpm-check\n"
	    "PidFile /run/proxyfpm-check/httpd.pid\n", sroot);
	/*
	 * The stock main file's own settings.  Debian's apache2.conf sets
	 * Timeout 300 and the keep-alive defaults; RHEL's httpd.conf (Fedora's
	 * rpms/httpd, testdata/rules/_stock/rhel) sets none of them, so httpd
	 * waits its compiled-in Timeout of 60 s.
	 */
	if (!rhel)
		pf_buf_puts(&conf, "Timeout 300\nKeepAlive On\n"
		    "MaxKeepAliveRequests 100\nKeepAliveTimeout 5\n");
	pf_buf_puts(&conf, "ErrorLog /var/log/proxyfpm-check/error.log\n");
	mkdir_in(root, "/run/proxyfpm-check", 0);
	mkdir_in(root, "/var/log/proxyfpm-check", 0);
	/* The MPM the target runs ([host] mpm): the snippet compile writes
	 * for it is inside <IfModule mpm_NAME_module>, and the rules size
	 * reuse and capacity with that MPM's numbers. */
	pf_buf_printf(&conf, "LoadModule mpm_%s_module %s/mod_mpm_%s.so\n",
	    mpm_name, moddir, mpm_name);
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
		pf_buf_printf(&conf, "LoadModule %s_module %s/mod_%s.so\n",
		    modules[i], moddir, modules[i]);
	pf_buf_printf(&conf, "User %s\nGroup %s\nListen 80\nListen 443\n"
	    "ServerName localhost\n", user, group);
	if (rhel)
		pf_buf_puts(&conf, "<Directory />\n\tAllowOverride none\n"
		    "\tRequire all denied\n</Directory>\n"
		    "<Files \".ht*\">\n\tRequire all denied\n</Files>\n");
	else
		pf_buf_puts(&conf, "<Directory />\n\tOptions FollowSymLinks\n"
		    "\tAllowOverride None\n\tRequire all denied\n</Directory>\n"
		    "AccessFileName .htaccess\n"
		    "<FilesMatch \"^\\.ht\">\n\tRequire all denied\n"
		    "</FilesMatch>\n");
	/* MPM settings first, then the sites, as conf-enabled precedes
	 * sites-enabled in the stock main file. */
	for (i = 0; i < n; i++)
		if (files[i].kind == PF_EMIT_MPM) {
			pf_buf_printf(&conf, "Include /%s\n", files[i].rel);
			mpm = 1;
		}
	/* Without an MPM snippet the target keeps its stock settings:
	 * Debian's mods-available/mpm_NAME.conf (RHEL ships httpd's
	 * compiled-in defaults, which need no lines). */
	if (!mpm && !rhel) {
		struct pf_buf stock = PF_BUF_INIT, rel = PF_BUF_INIT;

		pf_buf_printf(&stock, "# Debian's stock %s MPM settings "
		    "(mods-available).\n<IfModule mpm_%s_module>\n", mpm_name,
		    mpm_name);
		if (strcmp(mpm_name, "prefork") == 0)
			pf_buf_puts(&stock, "\tStartServers\t\t\t 5\n"
			    "\tMinSpareServers\t\t 5\n"
			    "\tMaxSpareServers\t\t 10\n"
			    "\tMaxRequestWorkers\t  150\n"
			    "\tMaxConnectionsPerChild   0\n</IfModule>\n");
		else
			pf_buf_puts(&stock, "\tStartServers\t\t\t 2\n"
			    "\tMinSpareThreads\t\t 25\n"
			    "\tMaxSpareThreads\t\t 75\n"
			    "\tThreadLimit\t\t\t 64\n"
			    "\tThreadsPerChild\t\t 25\n"
			    "\tMaxRequestWorkers\t  150\n"
			    "\tMaxConnectionsPerChild   0\n</IfModule>\n");
		pf_buf_printf(&rel, "etc/apache2/mods-available/mpm_%s.conf",
		    mpm_name);
		put(root, rel.p, stock.p, stock.len);
		pf_buf_printf(&conf, "Include /%s\n", rel.p);
		pf_buf_free(&stock);
		pf_buf_free(&rel);
	}
	for (i = 0; i < n; i++)
		if (files[i].kind == PF_EMIT_VHOST)
			pf_buf_printf(&conf, "Include /%s\n", files[i].rel);

	pf_buf_puts(&fpm, "[global]\npid = /run/proxyfpm-check/php-fpm.pid\n"
	    "error_log = /var/log/proxyfpm-check/php-fpm.log\n");
	for (i = 0; i < n; i++) {
		const struct pf_emitted *f = &files[i];

		if (put(root, f->rel, f->data, f->len) < 0) {
			pf_diag_add(run, PF_SEV_ERROR, "io", PF_NOLOC,
			    "cannot write %s/%s: %s", root, f->rel,
			    strerror(errno));
			run->io_error = 1;
		}
		if (f->kind == PF_EMIT_POOL) {
			pf_buf_printf(&fpm, "include = /%s\n", f->rel);
			/* What php-fpm -t needs to find on the target. */
			pos = 0;
			while (next_value(f->data, &pos, "user", 1, &v))
				add_name(run, &nm, 0, v.p);
			static const char *const gkeys[] = { "group",
			    "listen.group" };
			static const char *const ukeys[] = { "listen.owner" };
			size_t k;

			for (k = 0; k < 2; k++)
				for (pos = 0; next_value(f->data, &pos,
				    gkeys[k], 1, &v) != NULL;)
					add_name(run, &nm, 1, v.p);
			for (k = 0; k < 1; k++)
				for (pos = 0; next_value(f->data, &pos,
				    ukeys[k], 1, &v) != NULL;)
					add_name(run, &nm, 0, v.p);
			/* Logs php-fpm -t opens exist on a running target. */
			static const char *const pkeys[] = { "slowlog",
			    "access.log" };
			for (k = 0; k < 2; k++)
				for (pos = 0; next_value(f->data, &pos,
				    pkeys[k], 1, &v) != NULL;)
					touch_in(root, v.p, 0);
			for (pos = 0; next_value(f->data, &pos, "listen", 1,
			    &v) != NULL;)
				mkdir_in(root, v.p, 1);
			for (pos = 0; next_value(f->data, &pos, "chdir", 1,
			    &v) != NULL;)
				mkdir_in(root, v.p, 0);
		}
		if (f->kind == PF_EMIT_VHOST) {
			static const char *const dkeys[] = { "DocumentRoot",
			    "<Directory" };
			static const char *const fkeys[] = {
			    "SSLCertificateFile", "SSLCertificateKeyFile",
			    "SSLCertificateChainFile" };
			size_t k;

			for (k = 0; k < 2; k++)
				for (pos = 0; next_value(f->data, &pos,
				    dkeys[k], 0, &v) != NULL;) {
					if (v.len > 0 && v.p[v.len - 1] == '>')
						v.p[--v.len] = '\0';
					if (v.len > 1 && v.p[v.len - 1] == '"')
						v.p[--v.len] = '\0';
					mkdir_in(root, v.p[0] == '"' ? v.p + 1 :
					    v.p, 0);
				}
			/* mod_ssl refuses an empty certificate or key */
			for (k = 0; k < 3; k++)
				for (pos = 0; next_value(f->data, &pos,
				    fkeys[k], 0, &v) != NULL;)
					touch_in(root, v.p, 1);
			for (pos = 0; next_value(f->data, &pos, "ErrorLog", 0,
			    &v) != NULL;)
				mkdir_in(root, v.p, 1);
		}
	}
	write_accounts(run, root, &nm);
	put(root, main_rel, conf.p, conf.len);
	put(root, *fpm_conf + 1, fpm.p, fpm.len);
	pf_buf_free(&conf);
	pf_buf_free(&fpm);
	pf_buf_free(&v);
	return pf_printf(run->arena, "/%s", main_rel);
}

int
pf_readback_rules(struct pf_run *run, const struct pf_emitted *files,
    size_t n, const struct pf_rules_opts *ro)
{
	struct pf_model *m = pf_model_get(run);
	struct pf_httpd_opts ho;
	struct pf_fpm_opts fo;
	struct pf_rules_opts rules = *ro;
	const char *tmp = getenv("TMPDIR"), *fpm_conf, *saved_root, *keep_env;
	char *root;
	uint32_t first = (uint32_t)run->sources.n, s;
	size_t first_diag = run->diags.n;
	size_t i, j, keep, nup = 0;
	const char **ups = NULL;
	int rc = 0;
	__typeof__(m->pools) desc_pools;

	root = pf_printf(run->arena, "%s/proxyfpm-check.XXXXXX",
	    tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		pf_diag_add(run, PF_SEV_ERROR, "io", PF_NOLOC,
		    "cannot make a sandbox to read the output back: %s",
		    strerror(errno));
		run->io_error = 1;
		return -1;
	}
	memset(&ho, 0, sizeof(ho));
	memset(&fo, 0, sizeof(fo));
	ho.config = build_sandbox(run, root, files, n, &fpm_conf);
	fo.config = fpm_conf;

	/* The description's upload dirs are what attackers can write. */
	for (i = 0; i < m->sites.n; i++)
		nup += m->sites.v[i]->upload_dirs.n;
	if (nup > 0) {
		ups = pf_alloc(run->arena, nup * sizeof(*ups));
		nup = 0;
		for (i = 0; i < m->sites.n; i++)
			for (j = 0; j < m->sites.v[i]->upload_dirs.n; j++)
				ups[nup++] = m->sites.v[i]->upload_dirs.v[j].s;
		ho.upload_dirs = ups;
		ho.nupload_dirs = nup;
	}

	/* The description's pools produced the files; the rules judge the
	 * pools read back from them. */
	desc_pools = m->pools;
	memset(&m->pools, 0, sizeof(m->pools));
	saved_root = run->root;
	run->root = root;
	pf_fpm_read(run, &fo);
	pf_httpd_read(run, &ho);

	/* Point every file read back at the emitted file it is. */
	for (s = first; s < run->sources.n; s++) {
		struct pf_source *src = run->sources.v[s];

		for (i = 0; i < n; i++)
			if (src->path[0] == '/' &&
			    strcmp(src->path + 1, files[i].rel) == 0) {
				src->origin = files[i].origin;
				src->norigin = files[i].norigin;
				src->path = files[i].target;
				break;
			}
	}
	/*
	 * What the readers say about the sandbox's own main files (missing
	 * module files on a machine without apache2, ...) is not about the
	 * description: keep only errors there, which would be proxyfpm's
	 * bug and must show.
	 */
	for (i = keep = 0; i < run->diags.n; i++) {
		struct pf_diag *d = run->diags.v[i];
		const struct pf_source *src = pf_source_get(run, d->loc.file);
		int wrapper = d->loc.file >= first && src != NULL &&
		    src->origin == NULL;

		if ((wrapper || d->loc.file == 0) && d->sev < PF_SEV_ERROR &&
		    d->seq >= first_diag) {
			run->count[d->sev]--;
			continue;
		}
		run->diags.v[keep++] = d;
	}
	run->diags.n = keep;

	if (pf_rules_run(run, &rules) < 0)
		rc = -1;
	run->root = saved_root;
	/* The description's pools stay the model's (compile may run again). */
	m->pools = desc_pools;
	/* PF_READBACK_KEEP=1: leave the tree for a look at what was read
	 * (tests/cli/readback.sh reads its main files). */
	keep_env = getenv("PF_READBACK_KEEP");
	if (keep_env != NULL && keep_env[0] != '\0' &&
	    strcmp(keep_env, "0") != 0)
		fprintf(stderr, "proxyfpm: read-back tree kept in %s\n", root);
	else if (nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS) < 0)
		rc = -1;
	return rc;
}
