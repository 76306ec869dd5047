/*
 * phpini.c - php.ini and its scan directory as PHP reads them
 * (main/php_ini.c: php_init_config, php_ini_parser_cb), and the effective
 * value of a setting for a pool (pf_php_effective).
 *
 * The main file is read first, then every regular "*.ini" file of the
 * scan directory in strcmp order (Debian's conf.d, RHEL's php.d); for a
 * key the last global entry wins.  [PATH=...] and [HOST=...] sections
 * (any section whose name starts with "path" or "host", as PHP compares
 * only those four letters) scope the entries after them, up to the end of
 * the file, to that path or host; other section names change nothing.  A syntax error makes PHP print
 * "PHP: syntax error ..." and ignore the rest of that file, yet start:
 * that is reported as an error, since every setting below it is lost.
 */
#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "model/model.h"
#include "parsers/phpini.h"
#include "parsers/phpini_int.h"
#include "parsers/phpini_lex.h"

struct ini_ctx {
	struct pf_run	*run;
	struct pf_phpini *ini;
	const char	*section;	/* current section name */
	const char	*scope;		/* PATH=/HOST= scope, NULL global */
	int		 user;		/* a .user.ini: its errors are warnings
					 * (a site's file, not the server's) */
	struct pf_arena	*a;		/* the entries' (the run's, or
					 * pf_phpini_read_user's scratch) */
};

static void	check_removed(struct pf_run *, const struct pf_phpini *);
static void	check_refused(struct pf_run *, const struct pf_phpini *);
static void	check_extensions(struct pf_run *, const struct pf_phpini *);

/*
 * php_ini_parser_cb: a section whose name starts with "path" or "host"
 * (only those four letters are compared) and has more after them opens a
 * scope for its key (trailing '/' and '\\' and leading '=', blanks
 * stripped; host names lower-cased).  Any other section changes nothing:
 * entries after "[PATH=/x]" ... "[PHP]" still belong to /x (observed with
 * 8.2.36), until the file ends.
 */
static void
on_section(void *ctx, const struct pf_zini_str *name)
{
	struct ini_ctx *c = ctx;
	int path = strncasecmp(name->s, "path", 4) == 0;
	int host = !path && strncasecmp(name->s, "host", 4) == 0;
	char *k;
	size_t n;

	c->section = name->s;
	if ((!path && !host) || name->len <= 4)
		return;
	k = pf_strndup(c->a, name->s + 4, name->len - 4);
	n = strlen(k);
	while (n > 0 && (k[n - 1] == '/' || k[n - 1] == '\\'))
		k[--n] = '\0';
	while (*k == '=' || *k == ' ' || *k == '\t')
		k++;
	if (host)
		for (n = 0; k[n]; n++)
			if (k[n] >= 'A' && k[n] <= 'Z')
				k[n] += 'a' - 'A';
	c->scope = pf_printf(c->a, "%s=%s", path ? "PATH" : "HOST",
	    k);
}

static void
add(struct ini_ctx *c, const struct pf_zini_str *name, const char *offset,
    const struct pf_zini_str *value)
{
	struct pf_ini_entry e;

	memset(&e, 0, sizeof(e));
	e.section = c->section;
	e.scope = c->scope;
	e.key = pf_strndup(c->a, name->s, name->len);
	e.value = value->s;
	e.loc = value->loc;
	e.offset = offset;
	PF_PUSH(c->a, c->ini->entries, e);
}

static void
on_entry(void *ctx, const struct pf_zini_str *name,
    const struct pf_zini_str *value)
{
	if (value == NULL)
		return;		/* a bare word: PHP ignores it in php.ini */
	add(ctx, name, NULL, value);
}

static void
on_pop(void *ctx, const struct pf_zini_str *name,
    const struct pf_zini_str *key, const struct pf_zini_str *value)
{
	struct ini_ctx *c = ctx;

	add(c, name, pf_strndup(c->a, key->s, key->len), value);
}

/* ${NAME}: the configuration read so far, then the environment. */
static const char *
on_getvar(void *ctx, const char *name, struct pf_loc where)
{
	struct ini_ctx *c = ctx;
	size_t i;

	(void)where;
	for (i = c->ini->entries.n; i-- > 0;) {
		const struct pf_ini_entry *e = &c->ini->entries.v[i];

		if (e->scope == NULL && e->offset == NULL &&
		    strcmp(e->key, name) == 0)
			return e->value;
	}
	return getenv(name);
}

static void	parse_one(struct ini_ctx *, const char *, char *, size_t,
		    struct pf_loc);

/* Reads one file; returns 0, or an errno value if it cannot be read. */
static int
read_one(struct ini_ctx *c, const char *path, struct pf_loc from)
{
	char *data;
	size_t len;
	int e;

	if ((e = pf_read_file(c->run, path, &data, &len)) != 0)
		return e;
	parse_one(c, path, data, len, from);
	return 0;
}

/* The len bytes at data (NUL-terminated, the run's) as the file path. */
static void
parse_one(struct ini_ctx *c, const char *path, char *data, size_t len,
    struct pf_loc from)
{
	static const struct pf_zini_handler h0 = {
		NULL, on_section, on_entry, on_pop, on_getvar,
	};
	struct pf_zini_handler h = h0;
	struct pf_zini_input in;
	struct pf_zini_error err;
	const char *nul;
	uint32_t file;
	struct pf_diag *d;

	file = pf_source_add(c->run, path, data, len, PF_SRC_PHPINI, from);
	PF_PUSH(c->a, c->ini->files, pf_source_get(c->run,
	    file)->path);
	h.ctx = c;
	c->section = NULL;
	c->scope = NULL;
	memset(&in, 0, sizeof(in));
	in.buf = data;
	in.len = len;
	in.file = file;
	in.line = in.col = 1;
	if ((nul = memchr(data, '\0', len)) != NULL) {
		size_t off = (size_t)(nul - data), k;
		uint32_t line = 1, col = 1;

		for (k = 0; k < off; k++) {
			if (data[k] == '\n') {
				line++;
				col = 1;
			} else
				col++;
		}
		pf_diag_add(c->run, c->user ? PF_SEV_WARNING : PF_SEV_ERROR,
		    "phpini-binary",
		    pf_loc_make(file, line, col, 1), "NUL byte in an INI file: "
		    "PHP's scanner may stop reading the file here");
		c->ini->broken = 1;
	}
	if (pf_zini_parse(c->a, &in, &h, &err) < 0) {
		d = pf_diag_add(c->run, c->user ? PF_SEV_WARNING :
		    PF_SEV_ERROR, "phpini-syntax", err.loc, "%s; PHP ignores "
		    "the rest of this file", err.message);
		if (strstr(err.message, "unexpected '='") != NULL)
			pf_diag_fix(c->run, d, "quote a value that contains "
			    "'=' (\"a=b\")");
		else if (strstr(err.message, "unexpected '('") != NULL ||
		    strstr(err.message, "unexpected ')'") != NULL ||
		    strstr(err.message, "unexpected '!'") != NULL)
			pf_diag_fix(c->run, d, "comments start with ';'; '#' "
			    "does not start a comment, and ( ) ! are operators");
		c->ini->broken = 1;
	}
}

int
pf_phpini_read_user(struct pf_run *run, const char *path, char *data,
    size_t len, struct pf_phpini *ini, struct pf_loc from,
    struct pf_arena *a)
{
	struct ini_ctx c;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.ini = ini;
	c.user = 1;
	c.a = a != NULL ? a : run->arena;
	if (data == NULL)
		return read_one(&c, path, from);
	parse_one(&c, path, data, len, from);
	return 0;
}

static int
is_dir(struct pf_run *run, const char *path)
{
	struct stat st;

	return stat(pf_host_path(run, path), &st) == 0 && S_ISDIR(st.st_mode);
}

static int
is_file(struct pf_run *run, const char *path)
{
	struct stat st;

	return stat(pf_host_path(run, path), &st) == 0 && S_ISREG(st.st_mode);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* php_init_config's scan: *.ini regular files in strcmp order. */
static void
read_scan_dir(struct ini_ctx *c, const char *dir)
{
	const char *real = pf_host_path(c->run, dir);
	DIR *d = opendir(real);
	struct dirent *de;
	PF_VEC(char *) names = { 0 };
	size_t i;

	if (d == NULL) {
		pf_diag_add(c->run, PF_SEV_WARNING, "phpini-scan-dir", PF_NOLOC,
		    "cannot read the INI scan directory '%s': %s", dir,
		    strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 4 || strcmp(de->d_name + n - 4, ".ini") != 0)
			continue;
		PF_PUSH(c->run->arena, names, pf_strdup(c->run->arena,
		    de->d_name));
	}
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (i = 0; i < names.n; i++) {
		const char *p = pf_printf(c->run->arena, "%s/%s", dir,
		    names.v[i]);
		int e;

		if (!is_file(c->run, p))
			continue;	/* PHP stats and skips non-files */
		if ((e = read_one(c, p, PF_NOLOC)) != 0)
			pf_diag_add(c->run, PF_SEV_WARNING, "phpini-open",
			    PF_NOLOC, "cannot read '%s': %s", p, strerror(e));
	}
}

static const char *
glob_last(struct pf_run *run, const char *pattern)
{
	const char *pat = pattern;
	const char *best = NULL;
	size_t i, rootlen = 0;
	glob_t g;

	if (run->root != NULL) {
		pat = pf_printf(run->arena, "%s%s", run->root, pattern);
		rootlen = strlen(run->root);
	}
	if (glob(pat, 0, NULL, &g) != 0)
		return NULL;
	for (i = 0; i < g.gl_pathc; i++) {
		const char *p = g.gl_pathv[i] + rootlen;

		if (best == NULL || strverscmp(p, best) > 0)
			best = pf_strdup(run->arena, p);
	}
	globfree(&g);
	return best;
}

/* The layout's php.ini (and its scan directory), or NULL. */
static const char *
locate(struct pf_run *run, const char **scan, const char **layout)
{
	const char *p;

	if ((p = glob_last(run, "/etc/php/*/fpm/php.ini")) != NULL) {
		*scan = pf_printf(run->arena, "%.*s/conf.d",
		    (int)(strrchr(p, '/') - p), p);
		*layout = "debian";
		return p;
	}
	if (is_file(run, "/etc/php.ini")) {
		*scan = "/etc/php.d";
		*layout = "rhel";
		return "/etc/php.ini";
	}
	if (is_file(run, "/usr/local/etc/php/php.ini")) {
		*scan = "/usr/local/etc/php/conf.d";
		*layout = "docker";
		return "/usr/local/etc/php/php.ini";
	}
	if (is_file(run, "/usr/local/etc/php.ini")) {
		*scan = "/usr/local/etc/php";
		*layout = "freebsd";
		return "/usr/local/etc/php.ini";
	}
	/* Arch: --with-config-file-path=/etc/php, scan dir /etc/php/conf.d */
	if (is_file(run, "/etc/php/php.ini")) {
		*scan = "/etc/php/conf.d";
		*layout = "arch";
		return "/etc/php/php.ini";
	}
	/* Gentoo: --with-config-file-path=/etc/php/fpm-phpX.Y and
	 * --with-config-file-scan-dir=.../ext-active (dev-lang/php) */
	if ((p = glob_last(run, "/etc/php/fpm-php*/php.ini")) != NULL) {
		*scan = pf_printf(run->arena, "%.*s/ext-active",
		    (int)(strrchr(p, '/') - p), p);
		*layout = "gentoo";
		return p;
	}
	/* SUSE: --with-config-file-path=/etc/phpN/fpm, one scan directory
	 * for every SAPI, --with-config-file-scan-dir=/etc/phpN/conf.d
	 * (php8.spec) */
	if ((p = glob_last(run, "/etc/php[0-9]*/fpm/php.ini")) != NULL) {
		*scan = pf_printf(run->arena, "%.*s/conf.d",
		    (int)(strstr(p, "/fpm/php.ini") - p), p);
		*layout = "suse";
		return p;
	}
	if ((p = glob_last(run, "/etc/php*/php.ini")) != NULL) {
		*scan = pf_printf(run->arena, "%.*s/conf.d",
		    (int)(strrchr(p, '/') - p), p);
		*layout = "alpine";
		return p;
	}
	return NULL;
}

/* The scan directory that goes with an explicitly given php.ini. */
static const char *
scan_for(struct pf_run *run, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dir, *p;

	if (strcmp(path, "/etc/php.ini") == 0)
		return is_dir(run, "/etc/php.d") ? "/etc/php.d" : NULL;
	if (strcmp(path, "/usr/local/etc/php.ini") == 0)
		return is_dir(run, "/usr/local/etc/php") ?
		    "/usr/local/etc/php" : NULL;
	dir = slash ? pf_strndup(run->arena, path, (size_t)(slash - path)) :
	    ".";
	/* Gentoo's slot directory scans ext-active/ (not conf.d) */
	if (strncmp(dir, "/etc/php/", 9) == 0 && strchr(dir + 9, '/') ==
	    NULL && strstr(dir + 9, "-php") != NULL) {
		p = pf_printf(run->arena, "%s/ext-active", dir);
		return is_dir(run, p) ? p : NULL;
	}
	/* SUSE's /etc/phpN/SAPI/php.ini scans /etc/phpN/conf.d */
	if (strncmp(dir, "/etc/php", 8) == 0 && isdigit((unsigned char)
	    dir[8]) && strchr(dir + 5, '/') != NULL) {
		const char *s = strchr(dir + 5, '/');

		p = pf_printf(run->arena, "%.*s/conf.d", (int)(s - dir), dir);
		if (strchr(s + 1, '/') == NULL && is_dir(run, p))
			return p;
	}
	p = pf_printf(run->arena, "%s/conf.d", dir);
	if (is_dir(run, p))
		return p;
	/* RHEL-style builds (Remi, Plesk, cPanel): php.d beside php.ini. */
	p = pf_printf(run->arena, "%s/php.d", dir);
	return is_dir(run, p) ? p : NULL;
}

int
pf_phpini_read(struct pf_run *run, const struct pf_phpini_opts *o)
{
	struct pf_model *m = pf_model_get(run);
	struct pf_phpini *ini = pf_alloc(run->arena, sizeof(*ini));
	struct pf_phpini **slot, *before;
	struct ini_ctx c;
	const char *path = o->path, *scan = o->scan_dir, *layout = NULL;
	size_t i, k;
	int e;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.a = run->arena;
	c.ini = ini;
	if (path == NULL) {
		const char *s = NULL;

		path = locate(run, &s, &layout);
		if (path == NULL) {
			pf_diag_add(run, PF_SEV_NOTE, "phpini-not-found",
			    PF_NOLOC, "no php.ini found (looked for "
			    "/etc/php/*/fpm/php.ini, /etc/php.ini, "
			    "/usr/local/etc/php/php.ini, /usr/local/etc/php.ini, "
			    "/etc/php/fpm-php*/php.ini, /etc/php*/fpm/php.ini, "
			    "/etc/php*/php.ini%s%s); PHP's built-in values "
			    "apply", run->root ? " below " : "",
			    run->root ? run->root : "");
			return -1;
		}
		if (scan == NULL && s != NULL && is_dir(run, s))
			scan = s;
	} else if (scan == NULL)
		scan = scan_for(run, path);
	ini->path = path;
	ini->scan_dir = scan;
	ini->layout = layout;
	slot = o->into != NULL ? o->into : &m->phpini;
	before = *slot;
	*slot = ini;
	if ((e = read_one(&c, path, PF_NOLOC)) != 0) {
		pf_diag_add(run, PF_SEV_ERROR, "phpini-open", PF_NOLOC,
		    "cannot read php.ini '%s': %s", path, strerror(e));
		if (e != ENOENT && e != EACCES && e != EISDIR && e != ENOTDIR)
			run->io_error = 1;
		ini->path = NULL;
		if (o->required) {
			*slot = before;
			return -1;
		}
		if (scan == NULL)
			return -1;
	}
	if (scan != NULL)
		read_scan_dir(&c, scan);
	/* For a key, the last global entry wins (a hash set, from the end). */
	if (ini->entries.n > 1) {
		size_t cap = 16;
		const char **seen;

		while (cap < ini->entries.n * 2)
			cap *= 2;
		seen = pf_alloc(run->arena, cap * sizeof(*seen));
		for (i = ini->entries.n; i-- > 0;) {
			struct pf_ini_entry *a = &ini->entries.v[i];
			size_t h = 5381;
			const char *s;

			if (a->scope != NULL || a->offset != NULL)
				continue;
			for (s = a->key; *s; s++)
				h = h * 33 + (unsigned char)*s;
			for (k = h & (cap - 1); seen[k] != NULL;
			    k = (k + 1) & (cap - 1))
				if (strcmp(seen[k], a->key) == 0)
					break;
			if (seen[k] != NULL)
				a->overridden = 1;
			else
				seen[k] = a->key;
		}
	}
	check_removed(run, ini);
	check_refused(run, ini);
	check_extensions(run, ini);
	return ini->path != NULL ? 0 : -1;
}

void
pf_phpini_per_master(struct pf_run *run)
{
	struct pf_model *m = pf_model_get(run);
	size_t i;

	if (m->fpms.n < 2)
		return;
	for (i = 0; i < m->fpms.n; i++) {
		struct pf_fpm_conf *f = m->fpms.v[i];
		const char *slash = f->path ? strrchr(f->path, '/') : NULL;
		struct pf_phpini_opts o = { 0 };
		const char *ini;
		struct stat st;

		if (slash == NULL)
			continue;
		ini = pf_printf(run->arena, "%.*s/php.ini",
		    (int)(slash - f->path), f->path);
		if (m->phpini != NULL && m->phpini->path != NULL &&
		    strcmp(m->phpini->path, ini) == 0) {
			f->phpini = m->phpini;
			continue;
		}
		if (stat(pf_host_path(run, ini), &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		o.path = ini;
		o.into = &f->phpini;
		pf_phpini_read(run, &o);
	}
}

/*
 * The PHP version a php.ini belongs to, from its path: Debian's
 * /etc/php/7.4/, Remi's /opt/remi/php74/, cPanel's ea-php81, Plesk's
 * /opt/plesk/php/8.1/, CloudLinux's /opt/alt/php56/, /etc/php5/.
 * Returns major * 100 + minor (minor 99 when the path has only a major
 * digit: /etc/php5/ is some 5.x), or 0 when the path names no version.
 */
static int
path_version(const char *path)
{
	const char *s;
	int major, minor, ver = 0;

	if (path == NULL)
		return 0;
	/* the last "php" with a version: /srv/php5-site/etc/php/8.2/ */
	for (s = path; (s = strstr(s, "php")) != NULL; s += 3) {
		const char *d = s + 3;

		if (*d == '/' || *d == '-')
			d++;
		if (!isdigit((unsigned char)d[0]) || d[0] == '0')
			continue;
		major = d[0] - '0';
		minor = 99;
		if (d[1] == '.' && isdigit((unsigned char)d[2]))
			minor = d[2] - '0';
		else if (isdigit((unsigned char)d[1]) &&
		    !isdigit((unsigned char)d[2]))
			minor = d[1] - '0';
		ver = major * 100 + minor;
	}
	return ver;
}

/*
 * php_module_startup (main/main.c, PHP 5.4 and later): these directives
 * were removed, and one set to a non-zero number (ZEND_STRTOL of the
 * value: On/1/yes, but not a quoted "On") is an E_CORE_ERROR, "Directive
 * '%s' is no longer available in PHP": PHP, and so php-fpm, refuses to
 * start.  track_errors joined the list in PHP 8.0 (7.2-7.4 deprecate it).
 * Verified with php8.2 -c FILE for every name.
 */
static const char *const removed_directives[] = {
	"allow_call_time_pass_reference", "asp_tags", "define_syslog_variables",
	"highlight.bg", "magic_quotes_gpc", "magic_quotes_runtime",
	"magic_quotes_sybase", "register_globals", "register_long_arrays",
	"safe_mode", "safe_mode_gid", "safe_mode_include_dir",
	"safe_mode_exec_dir", "safe_mode_allowed_env_vars",
	"safe_mode_protected_env_vars", "zend.ze1_compatibility_mode",
	"track_errors",
};


static int	php_quantity(const char *, unsigned long long *);

/*
 * ext/zlib OnUpdate_zlib_output_compression: "off" is 0, "on" 1, else a
 * quantity; non-zero with a non-empty output_handler is an E_CORE_ERROR
 * at startup ("Cannot use both zlib.output_compression and
 * output_handler together!!"), php-fpm -t included (8.2.36).
 */
static void
check_zlib(struct pf_run *run, const struct pf_phpini *ini)
{
	const struct pf_ini_entry *z = pf_phpini_value(ini,
	    "zlib.output_compression");
	const struct pf_ini_entry *h = pf_phpini_value(ini, "output_handler");
	unsigned long long q = 1;
	struct pf_diag *d;

	if (z == NULL || h == NULL || h->value[0] == '\0' ||
	    strcasecmp(z->value, "off") == 0)
		return;
	if (strcasecmp(z->value, "on") != 0 &&
	    php_quantity(z->value, &q) == 0 && q == 0)
		return;
	d = pf_diag_add(run, PF_SEV_ERROR, "phpini-startup-conflict", z->loc,
	    "zlib.output_compression = %s with output_handler = %s: PHP "
	    "refuses to start (\"Cannot use both zlib.output_compression and "
	    "output_handler together\")", z->value, h->value);
	pf_diag_related(run, d, h->loc, "output_handler is set here");
	pf_diag_fix(run, d, "keep one of the two (zlib.output_compression "
	    "= On alone compresses the output)");
}

static void
check_removed(struct pf_run *run, const struct pf_phpini *ini)
{
	int ver = path_version(ini->path);
	size_t i;

	for (i = 0; i < sizeof(removed_directives) /
	    sizeof(removed_directives[0]); i++) {
		const char *k = removed_directives[i];
		const struct pf_ini_entry *e = pf_phpini_value(ini, k);
		int since = strcmp(k, "track_errors") == 0 ? 800 : 504;
		struct pf_diag *d;

		if (e == NULL || strtol(e->value, NULL, 10) == 0)
			continue;
		/* a php.ini of an older PHP (by its path) that still had it */
		if (ver != 0 && ver < since)
			continue;
		/* PHP 7 images and hosts keep php.ini where no version shows
		 * (/usr/local/etc/php/php.ini): for track_errors, an error
		 * only when the path says PHP 8 or later */
		d = pf_diag_add(run, ver == 0 && since >= 800 ? PF_SEV_WARNING :
		    PF_SEV_ERROR, "phpini-removed-directive", e->loc, "%s = %s: "
		    "%s refuses to start (\"Directive '%s' is no longer "
		    "available in PHP\", a startup error since PHP %d.%d%s)", k,
		    e->value, ver == 0 && since >= 800 ? "PHP 8" : "PHP", k,
		    since / 100,
		    since % 100, ver == 0 && since >= 800 ? "; PHP 7.2-7.4 only "
		    "deprecate it, and the path names no version" : "");
		pf_diag_fix(run, d, "delete the line (or set it Off)");
	}
	check_zlib(run, ini);
}

/*
 * ZEND_MODULE_API_NO of each PHP minor version: the name of the directory
 * Debian's packages (and FreeBSD's, and the official images') install
 * extensions into.
 */
static const char *
php_api(int ver)
{
	static const struct { int ver; const char *api; } apis[] = {
		{ 700, "20151012" }, { 701, "20160303" }, { 702, "20170718" },
		{ 703, "20180731" }, { 704, "20190902" }, { 800, "20200930" },
		{ 801, "20210902" }, { 802, "20220829" }, { 803, "20230831" },
		{ 804, "20240924" },
	};
	size_t i;

	for (i = 0; i < sizeof(apis) / sizeof(apis[0]); i++)
		if (apis[i].ver == ver)
			return apis[i].api;
	return NULL;
}

/*
 * The extension_dir PHP was built with (PHP_EXTENSION_DIR), where the
 * layout of a php.ini's (or php-fpm.conf's) path says it: Debian's /etc/php/X.Y/SAPI/php.ini goes with
 * /usr/lib/php/API (debian/rules), RHEL's and Fedora's /etc/php.ini with
 * /usr/lib64/php/modules (php.spec), the official images'
 * /usr/local/etc/php/php.ini with the one no-debug-non-zts-API directory
 * of /usr/local/lib/php/extensions.  NULL elsewhere: no guess.
 */
static const char *
default_ext_dir(struct pf_run *run, const char *p)
{
	const char *api;

	if (p == NULL)
		return NULL;
	if (strncmp(p, "/etc/php/", 9) == 0 && isdigit((unsigned char)p[9]) &&
	    (api = php_api(path_version(p))) != NULL)
		return pf_printf(run->arena, "/usr/lib/php/%s", api);
	if (strcmp(p, "/etc/php.ini") == 0 ||
	    strcmp(p, "/etc/php-fpm.conf") == 0)
		return "/usr/lib64/php/modules";
	if (strcmp(p, "/usr/local/etc/php/php.ini") == 0 ||
	    strcmp(p, "/usr/local/etc/php-fpm.conf") == 0)
		return glob_last(run, "/usr/local/lib/php/extensions/"
		    "no-debug-non-zts-2*");
	return NULL;
}

/* Does dir (under --root) hold a shared object?  A tree copied without
 * PHP's libraries has none, and then nothing can be said. */
static int
has_shared_objects(struct pf_run *run, const char *dir)
{
	DIR *d = opendir(pf_host_path(run, dir));
	struct dirent *de;
	int found = 0;

	if (d == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		found = n > 3 && strcmp(de->d_name + n - 3, ".so") == 0;
	}
	closedir(d);
	return found;
}

/*
 * The file an extension line loads (php_load_extension): a name with a
 * '/' as it is (a zend_extension's only when absolute), else
 * DIR/NAME, then DIR/NAME.so.  NULL if none is a regular file; *tried
 * says what was looked for.
 */
static const char *
ext_file(struct pf_run *run, const char *dir, const char *v, int zend,
    const char **tried)
{
	size_t dl = strlen(dir);
	const char *a, *b;

	if (strchr(v, '/') != NULL && (!zend || v[0] == '/')) {
		*tried = v;
		return is_file(run, v) ? v : NULL;
	}
	a = pf_printf(run->arena, "%s%s%s", dir, dl > 0 && dir[dl - 1] ==
	    '/' ? "" : "/", v);
	b = pf_printf(run->arena, "%s.so", a);
	*tried = pf_printf(run->arena, "%s, %s", a, b);
	return is_file(run, a) ? a : is_file(run, b) ? b : NULL;
}

/* An extension file loaded, where, and whether by a pool's line. */
struct ext_loaded {
	const char	*file;
	struct pf_loc	 loc;
	int		 pool;
};

/* The index of file f among the n loaded ones at v, or n. */
static size_t
ext_seen(const struct ext_loaded *v, size_t n, const char *f)
{
	size_t j;

	for (j = 0; j < n && strcmp(v[j].file, f) != 0; j++)
		;
	return j;
}

/*
 * php_ini_register_extensions (main/php_ini.c, 8.2): every global
 * "extension" and "zend_extension" line (the key compared without case;
 * none in a [PATH=]/[HOST=] section, none written as extension[]) loads
 * at startup, zend extensions first.  A name without '/' is looked for as
 * EXTENSION_DIR/NAME, then EXTENSION_DIR/NAME.so (php_load_extension,
 * php_load_zend_extension_cb); a missing file is a startup warning
 * ("Unable to load dynamic library", "Failed loading Zend extension"),
 * php-fpm starts without it, and every script that calls its functions
 * fails.  One file loaded twice by extension= warns 'Module "X" is
 * already loaded'.  Checked only where the extension directory (the
 * last extension_dir, else the layout's built-in one) exists with shared
 * objects in it (verified with php8.2 -c FILE).
 */
static void
check_extensions(struct pf_run *run, const struct pf_phpini *ini)
{
	const struct pf_ini_entry *ed = pf_phpini_value(ini, "extension_dir");
	const char *dir = ed != NULL ? ed->value : default_ext_dir(run,
	    ini->path);
	PF_VEC(struct ext_loaded) done = { 0 };	/* by extension= */
	int zend;
	size_t i, j;

	if (dir == NULL || dir[0] != '/' || !has_shared_objects(run, dir))
		return;
	for (zend = 1; zend >= 0; zend--)
		for (i = 0; i < ini->entries.n; i++) {
			const struct pf_ini_entry *e = &ini->entries.v[i];
			const char *v = e->value, *f, *tried;
			struct pf_diag *d;

			if (e->scope != NULL || e->offset != NULL ||
			    v == NULL || v[0] == '\0' || strcasecmp(e->key,
			    zend ? "zend_extension" : "extension") != 0)
				continue;
			f = ext_file(run, dir, v, zend, &tried);
			if (f == NULL) {
				d = pf_diag_add(run, PF_SEV_WARNING,
				    "phpini-extension", e->loc, "%s = %s: PHP "
				    "cannot load it at startup (%s; tried %s): "
				    "it starts without it, and scripts that use "
				    "it fail", e->key, v, !zend ? "\"Unable to "
				    "load dynamic library\"" : v[0] == '/' ?
				    "\"Failed loading\"" : "\"Failed loading "
				    "Zend extension\"", tried);
				pf_diag_fix(run, d, "install the package that "
				    "ships it, or delete the line");
				continue;
			}
			if (zend)
				continue;
			if ((j = ext_seen(done.v, done.n, f)) < done.n) {
				d = pf_diag_add(run, PF_SEV_WARNING,
				    "phpini-extension", e->loc, "%s = %s loads "
				    "%s a second time: PHP warns at startup "
				    "(\"Module ... is already loaded\")", e->key,
				    v, f);
				pf_diag_related(run, d, done.v[j].loc,
				    "first loaded here");
				pf_diag_fix(run, d, "delete one of the two "
				    "lines");
				continue;
			}
			PF_PUSH(run->arena, done, ((struct ext_loaded){ f,
			    e->loc, 0 }));
		}
}

/*
 * A pool's php_value[extension] and php_admin_value[extension]: every
 * worker loads them when it starts (fpm_php_apply_defines_ex: php_dl,
 * MODULE_PERSISTENT), after php.ini's.  php-fpm -t says nothing; a
 * missing file is a warning from each worker ("Unable to load dynamic
 * library", in the log with catch_workers_output), which then serves
 * without it, and a module php.ini already loads warns 'Module "X" is
 * already loaded'.  php-fpm applies the pool's php_value entries, then
 * its php_admin_value ones, each list in reverse file order (the lists
 * are built by prepending), and an extension_dir among them applies to
 * the extensions after it in that order (verified with php-fpm8.2 and
 * catch_workers_output; tests/phpini/startup_oracle.py).  Judged, as
 * php.ini's lines are, only where the extension directory holds shared
 * objects.
 */
static void
check_pool_extensions(struct pf_run *run, const struct pf_phpini *ini,
    const char *conf_path, const struct pf_pool *pool)
{
	PF_VEC(struct ext_loaded) done = { 0 };
	const struct pf_ini_entry *ed;
	const char *dir, *cur;
	size_t i, j, k;
	int admin, any = 0;

	for (i = 0; i < pool->php.n && !any; i++)
		any = strcmp(pool->php.v[i].key, "extension") == 0;
	if (!any)
		return;
	ed = ini != NULL ? pf_phpini_value(ini, "extension_dir") : NULL;
	dir = ed != NULL ? ed->value : default_ext_dir(run, ini != NULL &&
	    ini->path != NULL ? ini->path : conf_path);
	if (dir == NULL || dir[0] != '/' || !has_shared_objects(run, dir))
		return;
	/* What php.ini loaded first (its own messages cover its lines). */
	for (i = 0; ini != NULL && i < ini->entries.n; i++) {
		const struct pf_ini_entry *e = &ini->entries.v[i];
		const char *f, *tried;

		if (e->scope == NULL && e->offset == NULL && e->value != NULL &&
		    e->value[0] != '\0' && strcasecmp(e->key, "extension") == 0 &&
		    (f = ext_file(run, dir, e->value, 0, &tried)) != NULL)
			PF_PUSH(run->arena, done, ((struct ext_loaded){ f,
			    e->loc, 0 }));
	}
	cur = dir;
	for (admin = 0; admin <= 1; admin++)
		for (k = pool->php.n; k-- > 0;) {
			const struct pf_php_setting *s = &pool->php.v[k];
			const char *what = admin ? "php_admin_value" :
			    "php_value", *f, *tried;
			struct pf_diag *d;

			if (s->admin != admin)
				continue;
			if (strcmp(s->key, "extension_dir") == 0) {
				cur = s->value != NULL ? s->value : "";
				continue;
			}
			if (strcmp(s->key, "extension") != 0 ||
			    s->value == NULL || s->value[0] == '\0' ||
			    cur[0] != '/' || (cur != dir &&
			    !has_shared_objects(run, cur)))
				continue;
			if ((f = ext_file(run, cur, s->value, 0, &tried)) ==
			    NULL) {
				d = pf_diag_add(run, PF_SEV_WARNING,
				    "phpini-extension", s->loc, "%s[extension] "
				    "= %s: every worker of pool %s fails to load "
				    "it when it starts (\"Unable to load dynamic "
				    "library\"; tried %s): it serves without it, "
				    "and scripts that use it fail", what,
				    s->value, pool->name != NULL ? pool->name :
				    "?", tried);
				pf_diag_fix(run, d, "install the package that "
				    "ships it, or delete the line");
				continue;
			}
			if ((j = ext_seen(done.v, done.n, f)) < done.n) {
				d = pf_diag_add(run, PF_SEV_WARNING,
				    "phpini-extension", s->loc, "%s[extension] "
				    "= %s loads %s, already loaded by %s: every "
				    "worker of pool %s warns when it starts "
				    "(\"Module ... is already loaded\")", what,
				    s->value, f, done.v[j].pool ? "the pool" :
				    "PHP's ini files", pool->name != NULL ?
				    pool->name : "?");
				pf_diag_related(run, d, done.v[j].loc,
				    "loaded here first");
				pf_diag_fix(run, d, "delete the line");
				continue;
			}
			PF_PUSH(run->arena, done, ((struct ext_loaded){ f,
			    s->loc, 1 }));
		}
}

void
pf_phpini_check_pools(struct pf_run *run)
{
	struct pf_model *m = pf_model_get(run);
	size_t i, k;

	for (i = 0; i < m->fpms.n; i++) {
		const struct pf_fpm_conf *f = m->fpms.v[i];

		for (k = 0; k < f->pools.n; k++)
			check_pool_extensions(run, pf_pool_ini(m,
			    f->pools.v[k]), f->path, f->pools.v[k]);
	}
}

int
pf_php_quantity(const char *s, size_t n, long long *out)
{
	static const char mult[] = "kKmMgG";
	const unsigned long long lim = LLONG_MAX;
	unsigned long long v = 0;
	const char *e = s + n, *d, *m;
	int base = 10, dv, shift, neg = 0;

	while (s < e && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		s++;
	if (s < e && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	if (e - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	else if (e - s >= 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		base = 8, s += 2;
	else if (e - s >= 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, s += 2;
	else if (e - s >= 2 && s[0] == '0' && isdigit((unsigned char)s[1]))
		base = 8;
	for (d = s; d < e; d++) {
		if (isdigit((unsigned char)*d))
			dv = *d - '0';
		else if (*d >= 'a' && *d <= 'f')
			dv = *d - 'a' + 10;
		else if (*d >= 'A' && *d <= 'F')
			dv = *d - 'A' + 10;
		else
			break;
		if (dv >= base)
			break;
		v = v > (lim - (unsigned)dv) / (unsigned)base ? lim :
		    v * (unsigned)base + (unsigned)dv;
	}
	if (d == s && base == 10)
		return -1;
	while (e > d && (e[-1] == ' ' || (e[-1] >= '\t' && e[-1] <= '\r')))
		e--;
	if (e > d && (m = strchr(mult, e[-1])) != NULL)
		for (shift = (int)(m - mult) / 2 + 1; shift > 0; shift--)
			v = v > lim >> 10 ? lim : v << 10;
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

/* A non-negative quantity (pf_php_quantity); -1 for a negative value
 * (not judged). */
static int
php_quantity(const char *s, unsigned long long *out)
{
	long long v;

	if (s[strspn(s, " \t\n\v\f\r")] == '-')
		return -1;
	if (pf_php_quantity(s, strlen(s), &v) < 0)
		v = 0;		/* PHP's 0 */
	*out = (unsigned long long)v;
	return 0;
}

/* ZEND_STRTOL(v, &end, 10) with nothing after the number. */
static int
whole_long(const char *v, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(v, &end, 10);
	return end != v && *end == '\0' && errno == 0;
}

/*
 * Is NAME a time zone PHP knows?  Debian's PHP reads the system tzdata
 * (timezone_version_get() is "0.system") and takes any regular file
 * below /usr/share/zoneinfo, matched without regard to case
 * ("europe/berlin", "Europe//Berlin", "EST", "posixrules" and
 * "zone.tab" are accepted; "", "Europe", "GMT+1", "Mars/Base" and
 * "Europe/Berlin " are not: php8.2 -c).  Returns 1 or 0, or -1 when this host has no zoneinfo to ask.
 */
static int
tz_valid(const char *name)
{
	static const char base[] = "/usr/share/zoneinfo";
	struct stat st;
	char *path, *comp;
	const char *p, *e;
	size_t n;
	int ok = 0;

	if (stat(base, &st) != 0 || !S_ISDIR(st.st_mode))
		return -1;
	if (strcasecmp(name, "UTC") == 0)
		return 1;
	if ((path = malloc(sizeof(base) + strlen(name) + 1)) == NULL)
		return -1;
	memcpy(path, base, sizeof(base));
	n = sizeof(base) - 1;
	for (p = name;; p = e + 1) {
		DIR *d;
		struct dirent *de;

		e = strchr(p, '/');
		if (e == NULL)
			e = p + strlen(p);
		/* "Europe//Berlin" and "./UTC" are found as paths are;
		 * ".." is refused */
		if (*e == '/' && (e == p || (e - p == 1 && p[0] == '.')))
			continue;
		if (e == p || (e - p == 2 && p[0] == '.' && p[1] == '.'))
			goto out;
		comp = path + n + 1;
		path[n] = '/';
		memcpy(comp, p, (size_t)(e - p));
		comp[e - p] = '\0';
		if (stat(path, &st) != 0) {
			/* not this spelling: a name that differs in case */
			path[n] = '\0';
			if ((d = opendir(path)) == NULL)
				goto out;
			while ((de = readdir(d)) != NULL)
				if (strlen(de->d_name) == (size_t)(e - p) &&
				    strncasecmp(de->d_name, p, (size_t)(e - p)) ==
				    0)
					break;
			if (de != NULL) {
				path[n] = '/';
				memcpy(comp, de->d_name, (size_t)(e - p));
			}
			closedir(d);
			if (de == NULL || stat(path, &st) != 0)
				goto out;
		}
		n += 1 + (size_t)(e - p);
		if (*e == '\0') {
			ok = S_ISREG(st.st_mode);
			break;
		}
		if (!S_ISDIR(st.st_mode))
			goto out;
	}
out:
	free(path);
	return ok;
}

/*
 * Values whose INI handler fails at startup (or, for a pool's php_value,
 * when the worker applies it): PHP warns and the setting keeps what it
 * had, its built-in value for php.ini.  Returns why, or NULL.  Each was
 * observed with php8.2 -c FILE (ini_get and the startup warning).
 */
static const char *
refused(const char *key, const char *value)
{
	unsigned long long q;
	long n;

	if (strcmp(key, "memory_limit") == 0) {
		/* OnChangeMemoryLimit: zend_set_memory_limit() fails below
		 * what the memory manager already holds at startup (one 2 MiB
		 * chunk: "Current memory usage is 2097152 bytes"); -1 is no
		 * limit.  Other negative values are not judged. */
		if (php_quantity(value, &q) == 0 && q < 2097152)
			return "below the 2 MiB PHP already uses at startup";
		return NULL;
	}
	if (strcmp(key, "session.sid_length") == 0)
		return whole_long(value, &n) && n >= 22 && n <= 256 ? NULL :
		    "not a number from 22 to 256";
	if (strcmp(key, "session.sid_bits_per_character") == 0)
		return whole_long(value, &n) && n >= 4 && n <= 6 ? NULL :
		    "not a number from 4 to 6";
	if (strcmp(key, "session.cookie_lifetime") == 0)
		return strtol(value, NULL, 10) < 0 ? "negative" : NULL;
	if (strcmp(key, "date.timezone") == 0)
		/* OnUpdate_date_timezone: "Invalid date.timezone value '%s',
		 * using 'UTC' instead" */
		return tz_valid(value) == 0 ? "not a time zone PHP knows" :
		    NULL;
	if (strcmp(key, "opcache.memory_consumption") == 0)
		return atoi(value) < 8 ? "below the required 8 (MiB)" : NULL;
	return NULL;
}

/* Warns at each refused value that is the last global one of its key. */
static void
check_refused(struct pf_run *run, const struct pf_phpini *ini)
{
	size_t i;

	for (i = 0; i < ini->entries.n; i++) {
		const struct pf_ini_entry *e = &ini->entries.v[i];
		const struct pf_ini_default *d;
		const char *why;

		if (e->scope != NULL || e->offset != NULL || e->overridden ||
		    (why = refused(e->key, e->value)) == NULL)
			continue;
		d = pf_ini_default(e->key);
		pf_diag_add(run, PF_SEV_WARNING, "phpini-value-refused", e->loc,
		    "PHP refuses %s = \"%s\" (%s) and keeps %s%s%s", e->key,
		    e->value, why, d ? "its built-in value " : "its built-in "
		    "value", d ? d->value : "", d && *d->value == '\0' ?
		    "(empty)" : "");
	}
}

const struct pf_ini_entry *
pf_phpini_value(const struct pf_phpini *ini, const char *key)
{
	size_t i;

	if (ini == NULL)
		return NULL;
	for (i = ini->entries.n; i-- > 0;) {
		const struct pf_ini_entry *e = &ini->entries.v[i];

		if (e->scope == NULL && e->offset == NULL &&
		    strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

/*
 * pool php_admin_value/flag (the first written wins: php-fpm applies the
 * list backwards), then php_value/flag (likewise), then php.ini, then
 * PHP's built-in value; a value PHP's handler refuses (refused()) is
 * passed over, as PHP keeps what the setting had.
 */
const char *
pf_php_effective(const struct pf_phpini *ini, const struct pf_pool *pool,
    const char *key, struct pf_loc *loc)
{
	const struct pf_ini_entry *e;
	const struct pf_ini_default *d;
	int admin;
	size_t i;

	if (pool != NULL)
		for (admin = 1; admin >= 0; admin--)
			for (i = 0; i < pool->php.n; i++) {
				const struct pf_php_setting *s = &pool->php.v[i];

				if (s->admin == admin && !s->overridden &&
				    strcmp(s->key, key) == 0 &&
				    refused(key, s->value) == NULL) {
					if (loc != NULL)
						*loc = s->loc;
					return s->value;
				}
			}
	/* a value PHP refused leaves the built-in one (check_refused) */
	if ((e = pf_phpini_value(ini, key)) != NULL &&
	    refused(key, e->value) == NULL) {
		if (loc != NULL)
			*loc = e->loc;
		return e->value;
	}
	if (loc != NULL)
		*loc = PF_NOLOC;
	if ((d = pf_ini_default(key)) != NULL)
		return d->value;
	return NULL;
}
