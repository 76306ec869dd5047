/*
 * httpd_layout.c - where httpd trees live when no --httpd is given
 * (Debian /etc/apache2/apache2.conf, RHEL /etc/httpd/conf/httpd.conf,
 * FreeBSD /usr/local/etc/apache24/httpd.conf, the httpd Docker image's
 * /usr/local/apache2/conf/httpd.conf, Alpine/Gentoo/SUSE
 * /etc/apache2/httpd.conf; reference/semantics.md 5.1-5.4), Debian's envvars file (the ${APACHE_*}
 * variables apache2ctl exports, 1.6) and the installed apache2 version.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/httpd_int.h"

static int
exists(struct pf_run *run, const char *p)
{
	struct stat st;

	return stat(pf_host_path(run, p), &st) == 0;
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
	if (exists(run, "/etc/httpd/conf/httpd.conf")) {
		*root = "/etc/httpd";
		return "/etc/httpd/conf/httpd.conf";
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
	/* Alpine (5.3: its compiled ServerRoot is /var/www), Gentoo and
	 * SUSE, whose httpd.conf sets its own ServerRoot or uses absolute
	 * paths */
	if (exists(run, "/etc/apache2/httpd.conf")) {
		*root = "/var/www";
		return "/etc/apache2/httpd.conf";
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
	int depth = 0;

	dir = pf_strdup(r->a, config);
	if (strrchr(dir, '/') != NULL)
		*strrchr(dir, '/') = '\0';
	if (path == NULL)
		path = pf_printf(r->a, "%s/envvars", dir);
	if (pf_read_file(r->run, path, &data, &len) != 0)
		return;
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
 * The version in the binary's banner ("Apache/2.4.71", the
 * AP_SERVER_BASEVERSION that `apache2 -v` prints), found by scanning the
 * file: starting apache2 costs ~10 ms, a tenth of reading 10,000 vhosts.
 * NULL if the binary holds no such string.
 */
static const char *
banner_version(struct pf_arena *a, const char *bin)
{
	static const char tag[] = "Apache/2.";
	struct stat st;
	const char *p, *end, *v = NULL;
	void *map;
	size_t k;
	int fd;

	if ((fd = open(bin, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > (256 << 20) || (map = mmap(NULL, (size_t)st.st_size,
	    PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	close(fd);
	p = map;
	end = p + st.st_size;
	while (v == NULL && (p = memmem(p, (size_t)(end - p), tag,
	    sizeof(tag) - 1)) != NULL) {
		p += 7;
		/* "2.4.71": digits and two dots, not "Apache/2.4" alone */
		for (k = 0; p + k < end && (isdigit((unsigned char)p[k]) ||
		    p[k] == '.'); k++)
			;
		if (k >= 5 && k <= 12 && p[k - 1] != '.' &&
		    memchr(p + 2, '.', k - 2) != NULL)
			v = pf_strndup(a, p, k);
	}
	munmap(map, (size_t)st.st_size);
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
		if ((v = banner_version(a, bins[i])) != NULL)
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
