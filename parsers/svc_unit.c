/*
 * svc_unit.c - a systemd service unit read as systemd reads it, to know
 * the command line and environment a distribution's unit gives httpd
 * (RHEL/Fedora/Arch httpd.service and httpd@.service, Debian's
 * apache2.service and apache2@.service).  The rules follow systemd's
 * sources: src/basic/path-lookup.c (the unit search path),
 * src/shared/dropin.c (NAME.d/ and template drop-ins, *.conf sorted by
 * file name, an earlier directory masking a later file of the same
 * name), src/shared/conf-parser.c (sections, comments, a trailing \
 * joining lines), src/core/load-fragment.c (Environment=,
 * EnvironmentFile= with its '-' prefix, ExecStart= and its prefixes, an
 * empty assignment resetting the list), src/basic/env-file.c (the
 * EnvironmentFile syntax), src/core/execute.c (EnvironmentFile= values
 * override Environment=) and src/basic/env-util.c replace_env_argv ($VAR
 * alone splits into words, ${VAR} stays one word).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/svc_unit.h"

/* The system manager's unit search path, in priority order (generator
 * and transient directories of a running system left out: a copy has
 * none). */
static const char *const unit_paths[] = {
	"/etc/systemd/system.control", "/etc/systemd/system",
	"/run/systemd/system", "/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system", "/lib/systemd/system",
};
#define NPATHS (sizeof(unit_paths) / sizeof(unit_paths[0]))

/* An Environment= word or EnvironmentFile= path as written, or a reset. */
struct ent {
	const char	*s;		/* NULL: an empty assignment */
	struct pf_loc	 at;
};

struct uctx {
	struct pf_run	*run;
	struct pf_arena	*a;
	int		 with_src;
	const char	*name;		/* httpd@x.service */
	const char	*prefix;	/* httpd */
	const char	*inst;		/* x, or NULL */
	PF_VEC(struct ent) envs, files;
	const char	*exec;		/* the last ExecStart= value */
	struct pf_loc	 exec_at;
};

static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

static void
env_push(struct pf_arena *a, struct pf_svc_envs *env, const char *name,
    const char *val, struct pf_loc at)
{
	struct pf_svc_env e;

	e.name = name;
	e.val = val;
	e.at = at;
	PF_PUSH(a, *env, e);
}

const char *
pf_svc_getenv(const struct pf_svc_envs *env, const char *name,
    struct pf_loc *at)
{
	size_t i;

	for (i = env->n; i > 0; i--)
		if (strcmp(env->v[i - 1].name, name) == 0) {
			if (at != NULL)
				*at = env->v[i - 1].at;
			return env->v[i - 1].val;
		}
	return NULL;
}

/* A growable string in the arena. */
struct sb {
	char	*s;
	size_t	 n, cap;
};

static void
sb_add(struct pf_arena *a, struct sb *b, char c)
{
	if (b->n + 2 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 32;

		b->s = pf_grow(a, b->s, b->n, nc, 1);
		b->cap = nc;
	}
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
}

static const char *
sb_str(struct pf_arena *a, struct sb *b)
{
	return b->s != NULL ? b->s : pf_strdup(a, "");
}

void
pf_svc_envfile(struct pf_arena *a, const char *data, uint32_t src,
    struct pf_svc_envs *env)
{
	enum { PRE_KEY, KEY, PRE_VALUE, VALUE, VALUE_ESC, SQ, DQ, DQ_ESC,
	    COMMENT, COMMENT_ESC } st = PRE_KEY;
	struct sb key = { 0 }, val = { 0 };
	size_t key_ws = (size_t)-1, val_ws = (size_t)-1;
	uint32_t line = 1, col = 1;
	struct pf_loc at = PF_NOLOC;
	const char *p;

#define PUSH() do {							\
	if (key_ws != (size_t)-1)					\
		key.s[key_ws] = '\0';					\
	if (st == VALUE && val_ws != (size_t)-1)			\
		val.s[val_ws] = '\0';					\
	if (name_ok(key.s, strlen(key.s)))				\
		env_push(a, env, pf_strdup(a, key.s),			\
		    pf_strdup(a, sb_str(a, &val)), at);			\
	key.n = val.n = 0;						\
	if (key.s != NULL)						\
		key.s[0] = '\0';					\
	if (val.s != NULL)						\
		val.s[0] = '\0';					\
} while (0)

	for (p = data; *p != '\0'; p++) {
		char c = *p;
		int nl = c == '\n' || c == '\r';
		int ws = c == ' ' || c == '\t' || nl;

		switch (st) {
		case PRE_KEY:
			if (c == '#' || c == ';')
				st = COMMENT;
			else if (!ws) {
				st = KEY;
				key_ws = (size_t)-1;
				at = pf_loc_make(src, line, col, 0);
				sb_add(a, &key, c);
			}
			break;
		case KEY:
			if (nl) {
				st = PRE_KEY;
				key.n = 0;
				key.s[0] = '\0';
			} else if (c == '=') {
				st = PRE_VALUE;
				val_ws = (size_t)-1;
			} else {
				if (!ws)
					key_ws = (size_t)-1;
				else if (key_ws == (size_t)-1)
					key_ws = key.n;
				sb_add(a, &key, c);
			}
			break;
		case PRE_VALUE:
			if (nl) {
				PUSH();
				st = PRE_KEY;
			} else if (c == '\'')
				st = SQ;
			else if (c == '"')
				st = DQ;
			else if (c == '\\')
				st = VALUE_ESC;
			else if (!ws) {
				st = VALUE;
				sb_add(a, &val, c);
			}
			if (val.n <= 1 && st != PRE_KEY && !ws)
				at = pf_loc_make(src, line, col, 0);
			break;
		case VALUE:
			if (nl) {
				PUSH();
				st = PRE_KEY;
			} else if (c == '\\') {
				st = VALUE_ESC;
				val_ws = (size_t)-1;
			} else {
				if (!ws)
					val_ws = (size_t)-1;
				else if (val_ws == (size_t)-1)
					val_ws = val.n;
				sb_add(a, &val, c);
			}
			break;
		case VALUE_ESC:
			st = VALUE;
			if (!nl)
				sb_add(a, &val, c);
			break;
		case SQ:
			if (c == '\'')
				st = PRE_VALUE;
			else
				sb_add(a, &val, c);
			break;
		case DQ:
			if (c == '"')
				st = PRE_VALUE;
			else if (c == '\\')
				st = DQ_ESC;
			else
				sb_add(a, &val, c);
			break;
		case DQ_ESC:
			st = DQ;
			if (strchr("\"\\`$", c) != NULL)
				sb_add(a, &val, c);
			else if (c != '\n') {
				sb_add(a, &val, '\\');
				sb_add(a, &val, c);
			}
			break;
		case COMMENT:
			if (c == '\\')
				st = COMMENT_ESC;
			else if (nl)
				st = PRE_KEY;
			break;
		case COMMENT_ESC:
			st = nl ? PRE_KEY : COMMENT;
			break;
		}
		if (c == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	if (st == PRE_VALUE || st == VALUE || st == VALUE_ESC || st == SQ ||
	    st == DQ || st == DQ_ESC)
		PUSH();
#undef PUSH
}

/* The next word of *pp as extract_first_word with EXTRACT_UNQUOTE (and
 * EXTRACT_CUNESCAPE when cunescape): NULL at the end. */
static const char *
xword(struct pf_arena *a, const char **pp, int cunescape)
{
	const char *p = *pp;
	struct sb b = { 0 };
	char q = 0;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p == '\0') {
		*pp = p;
		return NULL;
	}
	for (; *p != '\0'; p++) {
		char c = *p;

		if (q == 0 && (c == ' ' || c == '\t' || c == '\n' ||
		    c == '\r'))
			break;
		if (c == '\\') {
			char n = *++p;

			if (n == '\0')
				break;
			if (cunescape)
				switch (n) {
				case 'n': n = '\n'; break;
				case 't': n = '\t'; break;
				case 'r': n = '\r'; break;
				case 's': n = ' '; break;
				default: break;
				}
			sb_add(a, &b, n);
		} else if (q != 0 && c == q)
			q = 0;
		else if (q == 0 && (c == '\'' || c == '"'))
			q = c;
		else
			sb_add(a, &b, c);
	}
	*pp = p;
	return sb_str(a, &b);
}

void
pf_svc_split(struct pf_arena *a, const char *s, struct pf_loc at,
    struct pf_svc_words *out)
{
	const char *w;

	while ((w = xword(a, &s, 0)) != NULL) {
		struct pf_svc_word x;

		x.w = w;
		x.at = at;
		PF_PUSH(a, *out, x);
	}
}

/* unit_name_unescape: \xNN is the byte, '-' is '/'. */
static const char *
unescape(struct pf_arena *a, const char *s)
{
	struct sb b = { 0 };

	for (; *s != '\0'; s++) {
		if (*s == '-')
			sb_add(a, &b, '/');
		else if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned
		    char)s[2]) && isxdigit((unsigned char)s[3])) {
			char h[3] = { s[2], s[3], '\0' };

			sb_add(a, &b, (char)strtol(h, NULL, 16));
			s += 3;
		} else
			sb_add(a, &b, *s);
	}
	return sb_str(a, &b);
}

/* The unit specifiers a service file uses for its instance (%i %I %n %N
 * %p %P %%); others are kept as written. */
static const char *
specifiers(struct uctx *u, const char *s)
{
	struct sb b = { 0 };
	const char *v;

	if (strchr(s, '%') == NULL)
		return s;
	for (; *s != '\0'; s++) {
		if (*s != '%' || s[1] == '\0') {
			sb_add(u->a, &b, *s);
			continue;
		}
		switch (*++s) {
		case 'i': v = u->inst ? u->inst : ""; break;
		case 'I': v = u->inst ? unescape(u->a, u->inst) : ""; break;
		case 'n': v = u->name; break;
		case 'N': v = pf_strndup(u->a, u->name, strlen(u->name) - 8);
			break;
		case 'p': v = u->prefix; break;
		case 'P': v = unescape(u->a, u->prefix); break;
		case '%': v = "%"; break;
		default:
			sb_add(u->a, &b, '%');
			sb_add(u->a, &b, *s);
			continue;
		}
		for (; *v != '\0'; v++)
			sb_add(u->a, &b, *v);
	}
	return sb_str(u->a, &b);
}

static uint32_t
add_src(struct uctx *u, const char *path, const char *data, size_t len)
{
	uint32_t s;

	if (!u->with_src)
		return 0;
	if ((s = pf_source_find(u->run, path)) != 0)
		return s;
	return pf_source_add(u->run, path, data, len, PF_SRC_OTHER,
	    PF_NOLOC);
}

/* Reads one unit file or drop-in's [Service] settings. */
static void
parse_unit(struct uctx *u, char *data, uint32_t src)
{
	char *p = data, *line;
	uint32_t lno = 0, first;
	size_t i;
	int in_service = 0;

	while (*p != '\0') {
		struct sb b = { 0 };
		char *k, *v, *e;
		struct pf_loc at;

		/* a logical line: a trailing \ joins the next one (as a
		 * space); comment lines inside are skipped */
		first = lno + 1;
		for (;;) {
			char *nl = strchr(p, '\n');
			size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
			const char *t = p;
			int cont;

			lno++;
			while (*t == ' ' || *t == '\t')
				t++;
			if (b.n > 0 && (*t == '#' || *t == ';')) {
				p = nl != NULL ? nl + 1 : p + n;
				if (*p == '\0')
					break;
				continue;
			}
			while (n > 0 && (p[n - 1] == '\r'))
				n--;
			cont = n > 0 && p[n - 1] == '\\';
			for (i = 0; i < n - (size_t)cont; i++)
				sb_add(u->a, &b, p[i]);
			if (cont)
				sb_add(u->a, &b, ' ');
			p = nl != NULL ? nl + 1 : p + strlen(p);
			if (!cont || *p == '\0')
				break;
		}
		line = (char *)sb_str(u->a, &b);
		while (isspace((unsigned char)*line))
			line++;
		e = line + strlen(line);
		while (e > line && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*line == '\0' || *line == '#' || *line == ';')
			continue;
		if (*line == '[') {
			in_service = strcmp(line, "[Service]") == 0;
			continue;
		}
		if (!in_service || (v = strchr(line, '=')) == NULL)
			continue;
		k = line;
		*v++ = '\0';
		for (e = v - 1; e > k && isspace((unsigned char)e[-1]); e--)
			e[-1] = '\0';
		while (isspace((unsigned char)*v))
			v++;
		at = u->with_src ? pf_loc_make(src, first, 1, 0) : PF_NOLOC;
		if (strcmp(k, "Environment") == 0) {
			const char *s = specifiers(u, v), *w;
			struct ent x;

			x.at = at;
			if (*s == '\0') {
				x.s = NULL;
				PF_PUSH(u->a, u->envs, x);
			}
			while ((w = xword(u->a, &s, 1)) != NULL) {
				x.s = w;
				PF_PUSH(u->a, u->envs, x);
			}
		} else if (strcmp(k, "EnvironmentFile") == 0) {
			struct ent x;

			x.at = at;
			x.s = *v == '\0' ? NULL : specifiers(u, v);
			PF_PUSH(u->a, u->files, x);
		} else if (strcmp(k, "ExecStart") == 0) {
			/* one ExecStart= for a service that is not
			 * oneshot; an empty one resets it */
			u->exec = *v == '\0' ? NULL : specifiers(u, v);
			u->exec_at = at;
		}
	}
}

static int
masked(struct pf_run *run, const char *path)
{
	char buf[64];
	ssize_t n = readlink(pf_host_path(run, path), buf, sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	return strcmp(buf, "/dev/null") == 0;
}

/* A drop-in: its file name and where it is. */
struct dropin {
	const char	*base, *path;
};

struct dropins {
	struct dropin	*v;
	size_t		 n, cap;
};

static int
dropin_cmp(const void *x, const void *y)
{
	return strcmp(((const struct dropin *)x)->base,
	    ((const struct dropin *)y)->base);
}

static void
find_dropins(struct uctx *u, const char *const *names, size_t nnames,
    struct dropins *out)
{
	size_t i, j, k;

	for (i = 0; i < nnames; i++)
		for (j = 0; j < NPATHS; j++) {
			const char *dir = pf_printf(u->a, "%s/%s.d",
			    unit_paths[j], names[i]);
			DIR *d = opendir(pf_host_path(u->run, dir));
			struct dirent *de;

			if (d == NULL)
				continue;
			while ((de = readdir(d)) != NULL) {
				size_t n = strlen(de->d_name);
				struct dropin x;
				int seen = 0;

				if (n < 6 || strcmp(de->d_name + n - 5,
				    ".conf") != 0 || de->d_name[0] == '.')
					continue;
				for (k = 0; k < out->n && !seen; k++)
					seen = strcmp(out->v[k].base,
					    de->d_name) == 0;
				if (seen)	/* masked by an earlier one */
					continue;
				x.base = pf_strdup(u->a, de->d_name);
				x.path = pf_printf(u->a, "%s/%s", dir,
				    de->d_name);
				PF_PUSH(u->a, *out, x);
			}
			closedir(d);
		}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(out->v[0]), dropin_cmp);
}

/* Reads path as a unit file (0), or -1 if it is absent or masked. */
static int
read_unit(struct uctx *u, const char *path)
{
	char *data;
	size_t len;

	if (masked(u->run, path) || pf_read_file(u->run, path, &data,
	    &len) != 0)
		return -1;
	parse_unit(u, data, add_src(u, path, data, len));
	return 0;
}

/* ExecStart= into argv: prefixes, then each word with $VAR and ${VAR}
 * of env (replace_env_argv), unless the ':' prefix says not to. */
static void
exec_argv(struct uctx *u, struct pf_svc_unit *out)
{
	const char *s = u->exec, *w;
	int expand = 1, at_sign = 0, nword = 0;

	while (*s != '\0' && strchr("-@:+!|", *s) != NULL) {
		if (*s == ':')
			expand = 0;
		if (*s == '@')
			at_sign = 1;
		s++;
	}
	while ((w = xword(u->a, &s, 1)) != NULL) {
		struct pf_svc_word x;
		struct sb b = { 0 };
		const char *q;

		/* with @, the second word is argv[0]: not an argument */
		if (at_sign && nword++ == 1)
			continue;
		x.at = u->exec_at;
		/* "$X" as a whole word, whatever X is (a name no variable
		 * has gives no word at all, as in systemd) */
		if (expand && w[0] == '$' && w[1] != '{' && w[1] != '$') {
			struct pf_loc at;
			const char *v = pf_svc_getenv(&out->env, w + 1, &at);

			if (v != NULL)
				pf_svc_split(u->a, v, at, &out->argv);
			continue;
		}
		for (q = w; expand && *q != '\0'; q++) {
			const char *e;

			if (q[0] == '$' && q[1] == '$') {
				sb_add(u->a, &b, '$');
				q++;
			} else if (q[0] == '$' && q[1] == '{' &&
			    (e = strchr(q + 2, '}')) != NULL) {
				struct pf_loc vat;
				const char *v = pf_svc_getenv(&out->env,
				    pf_strndup(u->a, q + 2, (size_t)(e - q -
				    2)), &vat);

				/* "${VAR}" alone: where VAR was set */
				if (v != NULL && q == w && e[1] == '\0')
					x.at = vat;

				for (; v != NULL && *v != '\0'; v++)
					sb_add(u->a, &b, *v);
				q = e;
			} else
				sb_add(u->a, &b, *q);
		}
		x.w = expand ? sb_str(u->a, &b) : w;
		PF_PUSH(u->a, out->argv, x);
	}
}

int
pf_svc_unit_load(struct pf_run *run, const char *name, const char *fallback,
    int with_src, struct pf_svc_unit *out)
{
	struct uctx u;
	const char *names[3], *at = strchr(name, '@'), *dot;
	size_t nnames = 0, i, j;
	struct dropins dropins = { 0 };
	int found = 0;

	memset(&u, 0, sizeof(u));
	memset(out, 0, sizeof(*out));
	u.run = run;
	u.a = run->arena;
	u.with_src = with_src;
	u.name = name;
	dot = strrchr(name, '.');
	if (dot == NULL || strcmp(dot, ".service") != 0)
		return -1;
	u.prefix = pf_strndup(u.a, name, (size_t)((at ? at : dot) - name));
	if (at != NULL)
		u.inst = pf_strndup(u.a, at + 1, (size_t)(dot - at - 1));
	names[nnames++] = name;
	if (at != NULL && u.inst[0] != '\0')
		names[nnames++] = pf_printf(u.a, "%s@.service", u.prefix);
	names[nnames++] = "service";	/* service.d/: every service */
	/* the unit file: the instance's own, else its template's, in the
	 * first directory of the search path that has it */
	for (i = 0; i < nnames - 1 && !found; i++)
		for (j = 0; j < NPATHS && !found; j++) {
			const char *p = pf_printf(u.a, "%s/%s", unit_paths[j],
			    names[i]);
			struct stat st;

			if (lstat(pf_host_path(run, p), &st) != 0)
				continue;
			if (read_unit(&u, p) == 0)
				out->path = p;
			found = 1;	/* masked: found, and empty */
		}
	if (!found) {
		if (fallback == NULL)
			return -1;
		parse_unit(&u, pf_strdup(u.a, fallback), add_src(&u,
		    pf_printf(u.a, "%s (the package's unit, not in the tree)",
		    name), fallback, strlen(fallback)));
	}
	find_dropins(&u, names, nnames, &dropins);
	for (i = 0; i < dropins.n; i++)
		if (!masked(run, dropins.v[i].path))
			read_unit(&u, dropins.v[i].path);
	/* Environment= first, then each EnvironmentFile= in order: the
	 * files override (exec_context_load_environment) */
	{
		size_t from = 0;

		for (i = 0; i < u.envs.n; i++)
			if (u.envs.v[i].s == NULL)
				from = i + 1;
		for (i = from; i < u.envs.n; i++) {
			const char *s = u.envs.v[i].s, *eq = strchr(s, '=');

			if (eq == NULL || !name_ok(s, (size_t)(eq - s)))
				continue;	/* systemd ignores it */
			env_push(u.a, &out->env, pf_strndup(u.a, s,
			    (size_t)(eq - s)), eq + 1, u.envs.v[i].at);
		}
		from = 0;
		for (i = 0; i < u.files.n; i++)
			if (u.files.v[i].s == NULL)
				from = i + 1;
		for (i = from; i < u.files.n; i++) {
			const char *f = u.files.v[i].s;
			char *data;
			size_t len;

			if (*f == '-')
				f++;
			if (pf_read_file(run, f, &data, &len) != 0) {
				if (f == u.files.v[i].s && out->missing ==
				    NULL) {
					out->missing = f;
					out->missing_at = u.files.v[i].at;
				}
				continue;
			}
			pf_svc_envfile(u.a, data, add_src(&u, f, data, len),
			    &out->env);
		}
	}
	if (u.exec != NULL)
		exec_argv(&u, out);
	out->exec_at = u.exec_at;
	return 0;
}
