/*
 * host_load.c - host facts from --host FILE (an INI file with one [host]
 * section) or --host auto (this machine).
 *
 * auto reads what php-fpm and Apache will actually get: cores online,
 * MemTotal (and a cgroup memory limit, in a container), somaxconn, and
 * the LimitNOFILE / LimitNPROC systemd gives the php-fpm service: the
 * unit file and its drop-ins in systemd's order, else DefaultLimit* of
 * system.conf, else systemd's built-in defaults.  Files are read through
 * pf_read_file(), so lint --root reads another machine's units; /proc
 * and sysconf() always describe this machine.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/buf.h"
#include "parsers/httpd_layout.h"
#include "parsers/site.h"
#include "parsers/site_int.h"

/* Share of MemTotal auto gives Apache and PHP-FPM; the rest stays with
 * the kernel, the page cache and other services (a database, say). */
#define AUTO_MEMORY_PERCENT	75
/* systemd's built-in DefaultLimitNOFILE soft limit (since v240). */
#define SYSTEMD_NOFILE_SOFT	1024

/* (not inlined: gcc -O3's -Wdangling-pointer then takes the pointer
 * returned through &data for one to data itself) */
static __attribute__((noinline)) char *
slurp(struct pf_run *run, const char *path)
{
	char *data;
	size_t len;

	if (pf_read_file(run, path, &data, &len) != 0)
		return NULL;
	return data;
}

/* Reads a file of /proc or /sys (never below --root). */
static int
read_proc(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t r;

	if (f == NULL)
		return -1;
	r = fread(buf, 1, n - 1, f);
	fclose(f);
	buf[r] = '\0';
	return r > 0 ? 0 : -1;
}

static long long
meminfo_total(void)
{
	char buf[8192], *p;
	long long kb;

	if (read_proc("/proc/meminfo", buf, sizeof(buf)) < 0 ||
	    (p = strstr(buf, "MemTotal:")) == NULL)
		return -1;
	if (sscanf(p + 9, "%lld", &kb) != 1 || kb <= 0)
		return -1;
	return kb * 1024;
}

static long long
cgroup_limit(void)
{
	char buf[64];
	long long v;

	if (read_proc("/sys/fs/cgroup/memory.max", buf, sizeof(buf)) < 0 &&
	    read_proc("/sys/fs/cgroup/memory/memory.limit_in_bytes", buf,
	    sizeof(buf)) < 0)
		return -1;
	if (strncmp(buf, "max", 3) == 0 || sscanf(buf, "%lld", &v) != 1 ||
	    v <= 0 || v >= (1LL << 60))
		return -1;
	return v;
}

static long long
proc_number(const char *path)
{
	char buf[64];
	long long v;

	if (read_proc(path, buf, sizeof(buf)) < 0 || sscanf(buf, "%lld",
	    &v) != 1)
		return -1;
	return v;
}

/*
 * Applies "Key=value" lines of a unit file's [section] to *val (a soft
 * limit: "N", "N:M", "infinity"; empty resets to -1 = default).
 */
static void
unit_limit(const char *text, const char *section, const char *key,
    long long *val, int *found)
{
	const char *p = text, *eol;
	size_t kl = strlen(key), sl = strlen(section);
	int in = 0;

	while (*p != '\0') {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		while (p < eol && isspace((unsigned char)*p))
			p++;
		if (*p == '[')
			in = (size_t)(eol - p) >= sl + 2 &&
			    strncmp(p + 1, section, sl) == 0 && p[sl + 1] == ']';
		else if (in && (size_t)(eol - p) > kl &&
		    strncmp(p, key, kl) == 0 &&
		    (p[kl] == '=' || p[kl] == ' ')) {
			const char *v = p + kl;

			while (v < eol && (*v == ' ' || *v == '='))
				v++;
			*found = 1;
			if (v == eol)
				*val = -1;
			else if (strncmp(v, "infinity", 8) == 0)
				*val = LLONG_MAX;
			else
				*val = strtoll(v, NULL, 10);
		}
		p = *eol ? eol + 1 : eol;
	}
}

static int
cmp_str(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	const char *bx = strrchr(*x, '/'), *by = strrchr(*y, '/');

	return strcmp(bx ? bx + 1 : *x, by ? by + 1 : *y);
}

/*
 * The *.conf files of the folders PREFIX/NAME.d, PREFIX taken from
 * dirs in priority order (a file name in an earlier folder masks the same
 * name in later ones), returned sorted by file name: the order systemd
 * applies drop-ins in.
 */
static size_t
conf_dropins(struct pf_run *run, const char *const *dirs, size_t ndirs,
    const char *name, const char ***out)
{
	PF_VEC(const char *) v = { NULL, 0, 0 };
	struct dirent *e;
	size_t i, j, n;
	DIR *d;

	for (i = 0; i < ndirs; i++) {
		const char *dir = pf_printf(run->arena, "%s/%s.d", dirs[i],
		    name);

		if ((d = opendir(pf_host_path(run, dir))) == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			n = strlen(e->d_name);
			if (n < 6 || strcmp(e->d_name + n - 5, ".conf") != 0)
				continue;
			for (j = 0; j < v.n; j++)
				if (strcmp(strrchr(v.v[j], '/') + 1,
				    e->d_name) == 0)
					break;
			if (j == v.n)
				PF_PUSH(run->arena, v, pf_printf(run->arena,
				    "%s/%s", dir, e->d_name));
		}
		closedir(d);
	}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof(*v.v), cmp_str);
	*out = v.v;
	return v.n;
}

static size_t
dropins(struct pf_run *run, const char *unit, const char ***out)
{
	static const char *const dirs[] = { "/etc/systemd/system",
	    "/run/systemd/system", "/usr/lib/systemd/system",
	    "/lib/systemd/system" };

	return conf_dropins(run, dirs, sizeof(dirs) / sizeof(dirs[0]), unit,
	    out);
}

/* The php-fpm units installed: php8.2-fpm.service (Debian) or
 * php-fpm.service (RHEL). */
static size_t
fpm_units(struct pf_run *run, const char ***out)
{
	static const char *const dirs[] = { "/etc/systemd/system",
	    "/usr/lib/systemd/system", "/lib/systemd/system" };
	PF_VEC(const char *) v = { NULL, 0, 0 };
	struct dirent *e;
	size_t i, j, n;
	DIR *d;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if ((d = opendir(pf_host_path(run, dirs[i]))) == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			n = strlen(e->d_name);
			if (strncmp(e->d_name, "php", 3) != 0 || n < 16 ||
			    strcmp(e->d_name + n - 12, "-fpm.service") != 0)
				continue;
			for (j = 0; j < v.n; j++)
				if (strcmp(v.v[j], e->d_name) == 0)
					break;
			if (j == v.n)
				PF_PUSH(run->arena, v,
				    pf_strdup(run->arena, e->d_name));
		}
		closedir(d);
	}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof(*v.v), cmp_str);
	*out = v.v;
	return v.n;
}

/* The unit file itself: the first found in systemd's search path. */
static char *
unit_text(struct pf_run *run, const char *unit, const char **where)
{
	static const char *const dirs[] = { "/etc/systemd/system",
	    "/run/systemd/system", "/usr/lib/systemd/system",
	    "/lib/systemd/system" };
	size_t i;
	char *t;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		const char *p = pf_printf(run->arena, "%s/%s", dirs[i], unit);

		if ((t = slurp(run, p)) != NULL) {
			*where = p;
			return t;
		}
	}
	return NULL;
}

/* The limit systemd gives a unit: unit file, drop-ins, then
 * DefaultLimitX of system.conf and its drop-ins. */
static long long
unit_rlimit(struct pf_run *run, const char *unit, const char *key,
    const char **from)
{
	static const char *const confdirs[] = { "/etc/systemd",
	    "/run/systemd", "/usr/lib/systemd" };
	const char **d, *where = NULL;
	long long v = -1, dv = -1;
	size_t i, n;
	char *t;
	int found = 0, dfound = 0;

	if ((t = unit_text(run, unit, &where)) != NULL)
		unit_limit(t, "Service", key, &v, &found);
	if (found)
		*from = where;
	n = dropins(run, unit, &d);
	for (i = 0; i < n; i++)
		if ((t = slurp(run, d[i])) != NULL) {
			int f = 0;

			unit_limit(t, "Service", key, &v, &f);
			if (f) {
				found = 1;
				*from = d[i];
			}
		}
	if (found && v >= 0)
		return v;
	if ((t = slurp(run, "/etc/systemd/system.conf")) != NULL) {
		unit_limit(t, "Manager", pf_printf(run->arena, "Default%s",
		    key), &dv, &dfound);
		if (dfound)
			*from = "/etc/systemd/system.conf";
	}
	n = conf_dropins(run, confdirs, sizeof(confdirs) / sizeof(confdirs[0]),
	    "system.conf", &d);
	for (i = 0; i < n; i++)
		if ((t = slurp(run, d[i])) != NULL) {
			int f = 0;

			unit_limit(t, "Manager", pf_printf(run->arena,
			    "Default%s", key), &dv, &f);
			if (f) {
				dfound = 1;
				*from = d[i];
			}
		}
	if (dfound && dv >= 0)
		return dv;
	*from = NULL;
	return -1;
}

static const char *
envvars_user(struct pf_run *run)
{
	char *t = slurp(run, "/etc/apache2/envvars"), *p, *e;

	if (t == NULL || (p = strstr(t, "APACHE_RUN_USER=")) == NULL)
		return NULL;
	p += 16;
	for (e = p; *e != '\0' && !isspace((unsigned char)*e) && *e != '\''
	    && *e != '"'; e++)
		;
	if (e == p || *p == '$')
		return NULL;
	return pf_strndup(run->arena, p, (size_t)(e - p));
}

static int
host_auto(struct pf_run *run, struct pf_host *h)
{
	struct pf_buf detail = PF_BUF_INIT;
	const char **units, *from, *unit = NULL, *v_layout;
	long long total, cg, v;
	long cores;
	size_t nunits, i;

	memset(h, 0, sizeof(*h));
	h->source = PF_HOST_AUTO;
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1) {
		pf_diag_add(run, PF_SEV_ERROR, "host-auto", PF_NOLOC,
		    "--host auto: cannot count the CPUs of this machine");
		pf_buf_free(&detail);
		return -1;
	}
	h->cores = pf_ival_make(cores, PF_NOLOC);
	pf_buf_printf(&detail, "cores %ld (online CPUs)", cores);
	total = meminfo_total();
	if (total < 0) {
		pf_diag_add(run, PF_SEV_ERROR, "host-auto", PF_NOLOC,
		    "--host auto: cannot read MemTotal from /proc/meminfo");
		pf_buf_free(&detail);
		return -1;
	}
	cg = cgroup_limit();
	if (cg > 0 && cg < total) {
		pf_buf_printf(&detail, "; cgroup memory limit %s",
		    sv_size_str(run->arena, cg));
		total = cg;
	} else
		pf_buf_printf(&detail, "; MemTotal %s",
		    sv_size_str(run->arena, total));
	v = total / 100 * AUTO_MEMORY_PERCENT;
	v -= v % (1 << 20);
	h->memory = pf_ival_make(v, PF_NOLOC);
	pf_buf_printf(&detail, "; memory %d%% of it = %s",
	    AUTO_MEMORY_PERCENT, sv_size_str(run->arena, v));
	if ((v = proc_number("/proc/sys/net/core/somaxconn")) > 0) {
		h->somaxconn = pf_ival_make(v, PF_NOLOC);
		pf_buf_printf(&detail, "; somaxconn %lld", v);
	}
	if ((v = proc_number("/proc/sys/fs/nr_open")) > 0) {
		h->nr_open = pf_ival_make(v, PF_NOLOC);
		pf_buf_printf(&detail, "; nr_open %lld", v);
	}

	nunits = fpm_units(run, &units);
	for (i = 0; i < nunits; i++)
		unit = units[i];	/* the newest PHP version sorts last */
	if (unit != NULL && strcmp(unit, "php-fpm.service") != 0 &&
	    strlen(unit) > 15) {
		const char *ver = pf_strndup(run->arena, unit + 3,
		    strlen(unit) - 3 - 12);

		h->php_version = pf_sval_make(ver, PF_NOLOC);
		pf_buf_printf(&detail, "; php_version %s (%s)", ver, unit);
	}
	if (unit == NULL)
		unit = "php-fpm.service";
	v = unit_rlimit(run, unit, "LimitNOFILE", &from);
	if (v < 0) {
		v = SYSTEMD_NOFILE_SOFT;
		from = "systemd's default";
	}
	h->nofile = pf_ival_make(v, PF_NOLOC);
	pf_buf_printf(&detail, "; nofile %lld (%s)", v, from);
	v = unit_rlimit(run, unit, "LimitNPROC", &from);
	if (v < 0) {
		/* Without a setting systemd keeps the kernel's limit for
		 * PID 1: threads-max / 2. */
		v = proc_number("/proc/sys/kernel/threads-max");
		if (v > 0) {
			v /= 2;
			from = "kernel default: threads-max / 2";
		}
	}
	if (v > 0) {
		h->nproc = pf_ival_make(v, PF_NOLOC);
		pf_buf_printf(&detail, "; nproc %lld (%s)", v, from);
	}
	/* the layout lint finds the httpd tree of (httpd_layout.c) */
	if ((v_layout = pf_httpd_layout(run, &from)) != NULL) {
		h->layout = pf_sval_make(v_layout, PF_NOLOC);
		pf_buf_printf(&detail, "; layout %s (%s)", v_layout, from);
	} else if (access(pf_host_path(run, "/etc/apache2"), F_OK) == 0) {
		/* no main file: the directory alone (Debian's envvars) */
		h->layout = pf_sval_make("debian", PF_NOLOC);
		pf_buf_puts(&detail, "; layout debian (/etc/apache2)");
	} else if (access(pf_host_path(run, "/etc/httpd"), F_OK) == 0) {
		h->layout = pf_sval_make("rhel", PF_NOLOC);
		pf_buf_puts(&detail, "; layout rhel (/etc/httpd)");
	}
	if ((from = envvars_user(run)) != NULL) {
		h->apache_user = pf_sval_make(from, PF_NOLOC);
		pf_buf_printf(&detail, "; apache_user %s (envvars)", from);
	}
	h->detail = pf_strdup(run->arena, pf_buf_str(&detail));
	pf_buf_free(&detail);
	return 0;
}

int
pf_host_load(struct pf_run *run, const char *spec)
{
	struct pf_model *m = pf_model_get(run);
	struct pf_host saved = m->host;
	struct site_ctx ctx;

	if (strcmp(spec, "auto") == 0) {
		if (host_auto(run, &m->host) < 0) {
			m->host = saved;
			return -1;
		}
		return 0;
	}
	memset(&m->host, 0, sizeof(m->host));
	memset(&ctx, 0, sizeof(ctx));
	ctx.run = run;
	ctx.model = m;
	ctx.site_names.ci = ctx.pool_names.ci = ctx.php_names.ci = 1;
	if (site_read_file(&ctx, spec, RD_HOSTFILE, PF_NOLOC) < 0) {
		m->host = saved;
		return -1;
	}
	if (!ctx.host_seen) {
		pf_diag_add(run, PF_SEV_ERROR, "host-file",
		    pf_loc_make(pf_source_find(run, spec), 1, 1, 0),
		    "%s has no [host] section", spec);
		m->host = saved;
		return -1;
	}
	m->host.source = PF_HOST_FILE;
	return 0;
}
