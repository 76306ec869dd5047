/*
 * sim_expr.c - the conditions a request passes through: <If> expressions
 * (the ap_expr subset that decides routing: -f/-d/-e/-s on variables,
 * =~ / !~ against REQUEST_URI, true/false, !, &&, ||, parentheses) and
 * RewriteCond (test string with %{VAR}, $N, %N; -f -F -d -s -l -x, =,
 * regex, [NC], [OR]).  Anything else is T_UNKNOWN: the caller decides
 * what an attacker can make of it.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "rules/sim_int.h"

/* The value of %{NAME}; NULL if it depends on the client or is unknown. */
/*
 * REDIRECT_STATUS, which no [E=] of the request set: only
 * ap_internal_redirect() puts it in r->subprocess_env (the old request's
 * status, 200 for a per-directory rewrite's redirect).  The initial
 * request has none: mod_rewrite's lookup_variable gives "" (the Symfony
 * .htaccess's RewriteCond %{ENV:REDIRECT_STATUS} ="" holds, and its
 * index.php/... redirect is sent).  Elsewhere (an ErrorDocument, a
 * sub-request) NULL: unknown.
 */
static const char *
redirect_status(const struct sreq *r, const char *name, size_t nl)
{
	if (nl != 15 || strncasecmp(name, "REDIRECT_STATUS", 15) != 0)
		return NULL;
	if (r->redirected)
		return "200";
	if (r->depth == 0 && !r->sub)
		return "";
	return NULL;
}

static const char *
var(struct sreq *r, const char *name, size_t n, const char *filename)
{
#define V(s) (n == sizeof(s) - 1 && strncasecmp(name, s, n) == 0)
	if (V("REQUEST_URI") || V("SCRIPT_NAME"))
		return r->uri;
	/* r->filename once the request is mapped (per-directory rules,
	 * <If>); before that, in server context, the URI (mod_rewrite
	 * docs: "the same value as REQUEST_URI"). */
	if ((V("REQUEST_FILENAME") || V("SCRIPT_FILENAME")) &&
	    r->rw_file_now != NULL)
		return r->rw_file_now;
	if (V("REQUEST_FILENAME") || V("SCRIPT_FILENAME"))
		return filename != NULL ? filename : r->out != NULL &&
		    r->out->filename != NULL ? r->out->filename : r->uri;
	if (V("DOCUMENT_ROOT") || V("CONTEXT_DOCUMENT_ROOT"))
		return r->docroot;
	if (V("QUERY_STRING")) {
		if (r->out != NULL)
			r->out->query_read = 1;
		return r->query != NULL ? r->query : "";
	}
	if (V("PATH_INFO"))
		return r->out != NULL && r->out->path_info != NULL ?
		    r->out->path_info : "";
	if (V("REQUEST_METHOD"))
		return "GET";
	if (V("HTTPS"))
		return r->v != NULL && r->v->tls ? "on" : "off";
	if (V("REQUEST_SCHEME"))
		return r->v != NULL && r->v->tls ? "https" : "http";
	return NULL;
#undef V
}

const char *
sim_expand(struct sreq *r, const char *s, const char *subject,
    const long *rov, int rn, const char *csubj, const long *cov, int cn,
    int *unknown)
{
	struct pf_arena *a = SA(r->s);
	size_t cap = strlen(s) + 256, o = 0;
	char *out = pf_alloc(a, cap);
	const char *p;

	r->exp_qmark = r->exp_qmark_last = -1;
	for (p = s; *p != '\0'; p++) {
		const char *add = NULL;
		size_t al = 0;

		if (*p == '\\' && p[1] != '\0') {
			add = ++p;
			al = 1;
		} else if ((*p == '$' || *p == '%') &&
		    isdigit((unsigned char)p[1])) {
			int g = p[1] - '0';
			const long *ov = *p == '$' ? rov : cov;
			int nn = *p == '$' ? rn : cn;
			const char *sj = *p == '$' ? subject : csubj;

			p++;
			if (ov != NULL && sj != NULL && g < nn && ov[2 * g] >= 0) {
				add = sj + ov[2 * g];
				al = (size_t)(ov[2 * g + 1] - ov[2 * g]);
			}
		} else if (*p == '%' && p[1] == '{') {
			const char *e = strchr(p + 2, '}');

			if (e != NULL) {
				const char *nm = p + 2;
				size_t nl = (size_t)(e - nm);

				if (nl > 4 && strncasecmp(nm, "ENV:", 4) == 0) {
					/* lookup_variable: r->notes, then
					 * r->subprocess_env (an earlier [E=]
					 * of this request), then getenv() */
					add = sim_env_get(r, nm + 4, nl - 4);
					if (add == NULL)
						add = redirect_status(r,
						    nm + 4, nl - 4);
					if (add == NULL || add ==
					    sim_env_unknown) {
						add = NULL;
						*unknown = 1;
					} else
						al = strlen(add);
				} else {
					add = var(r, nm, nl, NULL);
					if (add == NULL)
						*unknown = 1;
					else
						al = strlen(add);
				}
				p = e;
			}
		} else {
			add = p;
			al = 1;
		}
		if (add == NULL)
			continue;
		if (o + al > SIM_EXPAND_MAX) {
			if (o >= SIM_EXPAND_MAX)
				break;
			al = SIM_EXPAND_MAX - o;
		}
		/* do_expand's unsafe_qmark: where the first (and the last)
		 * '?' of the result came from, 1: an expansion ($N, %N,
		 * %{VAR}), 0: the substitution's own text. */
		if (memchr(add, '?', al) != NULL) {
			if (r->exp_qmark < 0)
				r->exp_qmark = add != p;
			r->exp_qmark_last = add != p;
		}
		if (o + al + 1 >= cap) {
			out = pf_grow(a, out, o, cap * 2 + al, 1);
			cap = cap * 2 + al;
		}
		memcpy(out + o, add, al);
		o += al;
	}
	out[o] = '\0';
	return out;
}

/* A file test on an expanded path.  A relative one is looked up from
 * httpd's working directory, which is "/" once it has detached
 * (apr_proc_detach, apache2 -k start under systemd): Heroku's
 * "RewriteCond %2 -f" on the script's path without its leading '/'
 * (verified on 2.4.71: true for an existing script). */
/*
 * Whether path is the host's rather than the site's: outside the
 * DocumentRoot and the vhost's Alias targets, where lint's probes
 * imagine the site's files.  "<If \"-e '/run/php/php-fpm.sock'\">"
 * (FreedomBox's php-fpm-freedombox.conf picks its pool so) asks about the
 * machine, whatever the request.
 */
static int
host_path(struct sreq *r, const char *path)
{
	size_t i;

	if (path[0] != '/' || pf_path_under(path, r->docroot))
		return 0;
	if (r->v != NULL)
		for (i = 0; i < r->v->alias_map.n; i++)
			if (pf_path_under(path, r->v->alias_map.v[i].path))
				return 0;
	return 1;
}

/*
 * A file test on the host's path (host_path) while the files are lint's
 * imagined ones: the machine (under --root) answers, as it answers the
 * server.  (Unknown for a missing path would make mod_rewrite's
 * "RewriteCond /srv/maintenance.flag -f" a rule the client can take.)
 */
static int
machine_test(struct pf_run *run, char op, const char *path)
{
	struct stat st;

	if (stat(pf_host_path(run, path), &st) != 0)
		return 0;
	switch (op) {
	case 'e':
		return 1;
	case 'd':
		return S_ISDIR(st.st_mode);
	case 's':
		return S_ISREG(st.st_mode) && st.st_size > 0;
	case 'x':
		return S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0;
	default:
		return S_ISREG(st.st_mode);
	}
}

static int
host_test(struct sreq *r, char op, const char *path)
{
	sim_taint_if(r->s, path);
	return machine_test(r->s->run, op, path) ? T_TRUE : T_FALSE;
}

/* machine_test's answer for a condition that is nothing but a file test on
 * a constant absolute path ("-e '/x'", "!-f \"/y\""), else T_UNKNOWN. */
static int
const_test(struct pf_run *run, const char *expr)
{
	char op, q, path[4096];
	const char *p = expr, *e;
	int neg = 0;
	size_t n;

	if (p == NULL)
		return T_UNKNOWN;
	while (isspace((unsigned char)*p))
		p++;
	n = strlen(p);
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
		p++;
		n -= 2;
	}
	e = p + n;
	while (p < e && isspace((unsigned char)*p))
		p++;
	if (p < e && *p == '!') {
		neg = 1;
		for (p++; p < e && isspace((unsigned char)*p); p++)
			;
	}
	if (e - p < 6 || p[0] != '-' || strchr("efdsx", p[1]) == NULL ||
	    !isspace((unsigned char)p[2]))
		return T_UNKNOWN;
	op = p[1];
	for (p += 3; p < e && isspace((unsigned char)*p); p++)
		;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	q = *p;
	if ((q != '\'' && q != '"') || e - p < 3 || e[-1] != q || p[1] != '/')
		return T_UNKNOWN;
	n = (size_t)(e - p - 2);
	if (n >= sizeof(path) || memchr(p + 1, '%', n) != NULL ||
	    memchr(p + 1, '\\', n) != NULL || memchr(p + 1, q, n) != NULL)
		return T_UNKNOWN;
	memcpy(path, p + 1, n);
	path[n] = '\0';
	return machine_test(run, op, path) != neg ? T_TRUE : T_FALSE;
}

static int
is_cond(const struct pf_node *s, const char *name)
{
	return strcasecmp(s->name, name) == 0;
}

/* const_test() of an <If>/<ElseIf> section's condition. */
static int
section_test(struct pf_run *run, const struct pf_node *s)
{
	return const_test(run, s->raw != NULL ? s->raw : s->argc > 0 ?
	    s->argv[0] : NULL);
}

int
pf_sim_branch_never(struct pf_run *run, const struct pf_node *n)
{
	const struct pf_node *s, *c;

	for (s = n->parent; s != NULL && s->parent != NULL; s = s->parent) {
		int own = is_cond(s, "If") || is_cond(s, "ElseIf");

		if (!own && !is_cond(s, "Else"))
			continue;
		if (own && section_test(run, s) == T_FALSE)
			return 1;
		if (is_cond(s, "If"))
			continue;
		/* the chain before s: from its <If> on */
		for (c = s->parent->child; c != NULL && c != s; c = c->next) {
			if (is_cond(c, "If"))
				own = section_test(run, c) == T_TRUE;
			else if (is_cond(c, "ElseIf"))
				own = own || section_test(run, c) == T_TRUE;
			else if (c->flags & PF_NODE_SECTION)
				own = 0;
		}
		if (own)
			return 1;
	}
	return 0;
}

static int
file_test(struct sreq *r, const char *op, const char *path)
{
	struct stat st;

	if (path[0] != '/' && path[0] != '\0' && op[0] == '-' &&
	    op[1] != '\0' && strchr("fFsxdeU", op[1]) != NULL &&
	    op[2] == '\0')
		path = pf_printf(SA(r->s), "/%s", path);
	if (op[0] == '-' && op[1] != '\0' && strchr("fFsxde", op[1]) != NULL &&
	    op[2] == '\0' && (r->fs == NULL || !r->fs->real) &&
	    host_path(r, path))
		return host_test(r, op[1], path);
	if (strcmp(op, "-f") == 0 || strcmp(op, "-F") == 0 ||
	    strcmp(op, "-s") == 0 || strcmp(op, "-x") == 0)
		return sim_is_file(r, path) ? T_TRUE : T_FALSE;
	if (strcmp(op, "-d") == 0)
		return sim_is_dir(r, path) ? T_TRUE : T_FALSE;
	/* ap_expr's -e is apr_stat's success: a socket, a FIFO or a
	 * device exists too (verified on 2.4.71: <If "-e '/run/php/x.sock'">
	 * true for php-fpm's socket) */
	if (strcmp(op, "-e") == 0)
		return sim_is_file(r, path) || sim_is_dir(r, path) ||
		    (r->fs != NULL && r->fs->real && stat(pf_host_path(r->s->run,
		    path), &st) == 0) ? T_TRUE : T_FALSE;
	if (strcmp(op, "-U") == 0)
		return sim_is_file(r, path) || sim_is_dir(r, path) ? T_TRUE :
		    T_FALSE;
	if (strcmp(op, "-l") == 0 || strcmp(op, "-L") == 0 ||
	    strcmp(op, "-h") == 0)
		return T_FALSE;
	/* ap_expr string tests. */
	if (strcmp(op, "-n") == 0)
		return path[0] != '\0' ? T_TRUE : T_FALSE;
	if (strcmp(op, "-z") == 0)
		return path[0] == '\0' ? T_TRUE : T_FALSE;
	return T_UNKNOWN;
}

int
sim_cond_eval(struct sreq *r, const struct pf_node *c, const char *subject,
    const long *rov, int rn, long *cov, int *cn, const char **csubj)
{
	const char *ts, *pat, *flags;
	int unknown = 0, neg = 0, icase, t;

	if (c->argc < 2)
		return T_UNKNOWN;
	ts = sim_expand(r, c->argv[0], subject, rov, rn, *csubj, cov, *cn,
	    &unknown);
	pat = c->argv[1];
	flags = c->argc > 2 ? c->argv[2] : "";
	icase = strcasestr(flags, "NC") != NULL ||
	    strcasestr(flags, "nocase") != NULL;
	if (*pat == '!') {
		neg = 1;
		pat++;
	}
	if (unknown)
		return T_UNKNOWN;
	if (pat[0] == '-' && pat[1] != '\0' && (pat[2] == '\0')) {
		t = file_test(r, pat, ts);
	} else if (pat[0] == '=' || pat[0] == '<' || pat[0] == '>') {
		/* Comparing text that holds an own string (memo). */
		sim_taint_if(r->s, ts);
		if (pat[0] == '=' && (pat[1] == '"' ? strcmp(pat + 1, "\"\"")
		    == 0 : 0))
			t = ts[0] == '\0' ? T_TRUE : T_FALSE;
		else if (pat[0] == '=')
			t = (icase ? strcasecmp(ts, pat + 1) :
			    strcmp(ts, pat + 1)) == 0 ? T_TRUE : T_FALSE;
		else
			return T_UNKNOWN;
	} else {
		long ov[20];
		int m;

		sim_taint_if(r->s, ts);
		m = pf_sim_regex(r->s, pat, icase, ts, ov, 10);

		if (m < 0)
			return T_UNKNOWN;
		t = m ? T_TRUE : T_FALSE;
		if (m && !neg) {
			memcpy(cov, ov, sizeof(ov));
			*cn = 10;
			*csubj = ts;
		}
	}
	if (t == T_UNKNOWN)
		return t;
	return neg ? !t : t;
}

/* ---- ap_expr subset ------------------------------------------------- */

struct ex {
	struct sreq	*r;
	const char	*p;
	const char	*filename;
	struct sim_apx	*apx;		/* ProxyFCGISetEnvIf's ap_expr */
};

static const char *apx_str(struct sreq *, const char *s, size_t n,
	    struct sim_apx *, int *unknown);

/* %{NAME} or %{func:arg} for ProxyFCGISetEnvIf: NULL if unknown. */
static const char *
apx_var(struct sim_apx *x, const char *nm, size_t nl)
{
	const char *colon = memchr(nm, ':', nl);

	if (colon == NULL)
		return x->var(x->ctx, nm, nl);
	if (((size_t)(colon - nm) == 6 && strncasecmp(nm, "reqenv", 6) == 0) ||
	    ((size_t)(colon - nm) == 3 && strncasecmp(nm, "env", 3) == 0))
		return x->env(x->ctx, colon + 1, nl - (size_t)(colon - nm) - 1);
	return NULL;
}

static void
ws(struct ex *e)
{
	while (isspace((unsigned char)*e->p))
		e->p++;
}

/*
 * A string word with variables ("-f '%{REQUEST_FILENAME}'", ISPConfig's
 * vhost template): ap_expr interpolates each %{VAR} in it; unknown if a
 * variable is (or a %{ has no end before the quote).
 */
static const char *
quoted_vars(struct ex *e, const char *s, const char *end, int *unknown)
{
	struct pf_arena *a = SA(e->r->s);
	const char *p = s, *q, *v;
	char *out = pf_strndup(a, "", 0);

	while (p < end) {
		q = strstr(p, "%{");
		if (q == NULL || q >= end) {
			out = pf_printf(a, "%s%.*s", out, (int)(end - p), p);
			break;
		}
		v = memchr(q, '}', (size_t)(end - q));
		if (v == NULL) {
			*unknown = 1;
			return "";
		}
		{
			const char *val = var(e->r, q + 2, (size_t)(v - q - 2),
			    e->filename);

			if (val == NULL) {
				*unknown = 1;
				return "";
			}
			out = pf_printf(a, "%s%.*s%s", out, (int)(q - p), p,
			    val);
		}
		p = v + 1;
	}
	return out;
}

/* A word: %{VAR}, 'str', "str", or a bare token. */
static const char *
word(struct ex *e, int *unknown)
{
	struct pf_arena *a = SA(e->r->s);
	const char *s;

	ws(e);
	s = e->p;
	if (s[0] == '%' && s[1] == '{') {
		const char *end = strchr(s, '}');
		const char *v;

		if (end == NULL)
			return NULL;
		e->p = end + 1;
		v = e->apx != NULL ? apx_var(e->apx, s + 2, (size_t)(end - s -
		    2)) : var(e->r, s + 2, (size_t)(end - s - 2), e->filename);
		if (v == NULL)
			*unknown = 1;
		return v ? v : "";
	}
	if (s[0] == '\'' || s[0] == '"') {
		const char *end = strchr(s + 1, s[0]);

		if (end == NULL)
			return NULL;
		e->p = end + 1;
		if (e->apx != NULL)
			return apx_str(e->r, s + 1, (size_t)(end - s - 1),
			    e->apx, unknown);
		if (strstr(s, "%{") != NULL && strstr(s, "%{") < end)
			return quoted_vars(e, s + 1, end, unknown);
		return pf_strndup(a, s + 1, (size_t)(end - s - 1));
	}
	if (e->apx != NULL && isalpha((unsigned char)s[0])) {
		/* A function: reqenv('NAME') and env('NAME') read the
		 * environment; the others are unknown. */
		size_t fl = strspn(s, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		const char *q = s + fl, *arg, *end;

		while (isspace((unsigned char)*q))
			q++;
		if (*q == '(') {
			q++;
			while (isspace((unsigned char)*q))
				q++;
			end = strchr(q, ')');
			if (end == NULL)
				return NULL;
			e->p = end + 1;
			arg = NULL;
			if ((*q == '\'' || *q == '"') && (end = strchr(q + 1,
			    *q)) != NULL && ((fl == 6 && strncasecmp(s,
			    "reqenv", 6) == 0) || (fl == 3 && strncasecmp(s,
			    "env", 3) == 0)))
				arg = e->apx->env(e->apx->ctx, q + 1,
				    (size_t)(end - q - 1));
			if (arg == NULL)
				*unknown = 1;
			return arg != NULL ? arg : "";
		}
	}
	while (*e->p != '\0' && !isspace((unsigned char)*e->p) &&
	    *e->p != ')')
		e->p++;
	return pf_strndup(a, s, (size_t)(e->p - s));
}

static int ex_or(struct ex *);

static int
ex_prim(struct ex *e)
{
	int unknown = 0, t;
	const char *l, *op;

	ws(e);
	if (*e->p == '!' && e->p[1] != '=' && e->p[1] != '~') {
		e->p++;
		t = ex_prim(e);
		return t == T_UNKNOWN ? t : !t;
	}
	if (*e->p == '(') {
		e->p++;
		t = ex_or(e);
		ws(e);
		if (*e->p == ')')
			e->p++;
		return t;
	}
	if (strncasecmp(e->p, "true", 4) == 0) {
		e->p += 4;
		return T_TRUE;
	}
	if (strncasecmp(e->p, "false", 5) == 0) {
		e->p += 5;
		return T_FALSE;
	}
	if (e->p[0] == '-' && isalpha((unsigned char)e->p[1]) &&
	    isspace((unsigned char)e->p[2])) {
		char opb[3] = { e->p[0], e->p[1], '\0' };
		const char *arg;

		e->p += 2;
		arg = word(e, &unknown);
		if (arg == NULL || unknown)
			return T_UNKNOWN;
		return file_test(e->r, opb, arg);
	}
	l = word(e, &unknown);
	if (l == NULL)
		return T_UNKNOWN;
	ws(e);
	op = e->p;
	if (strncmp(op, "=~", 2) == 0 || strncmp(op, "!~", 2) == 0) {
		int neg = op[0] == '!';
		const char *s, *end;
		char delim;
		int icase = 0, m;
		char *pat;

		e->p += 2;
		ws(e);
		s = e->p;
		if (*s == 'm')
			s++;
		delim = *s;
		if (delim == '\0')
			return T_UNKNOWN;
		end = strchr(s + 1, delim);
		if (end == NULL)
			return T_UNKNOWN;
		pat = pf_strndup(SA(e->r->s), s + 1,
		    (size_t)(end - s - 1));
		e->p = end + 1;
		if (*e->p == 'i') {
			icase = 1;
			e->p++;
		}
		if (unknown)
			return T_UNKNOWN;
		sim_taint_if(e->r->s, l);
		if (e->apx != NULL && !neg) {
			long ov[20];

			m = pf_sim_regex(e->r->s, pat, icase, l, ov, 10);
			if (m == 1) {
				/* ap_expr_exec_re(): the captures of the
				 * regex that matched, for $0..$9 */
				e->apx->subj = l;
				memcpy(e->apx->ov, ov, sizeof(ov));
			}
		} else
			m = pf_sim_regex(e->r->s, pat, icase, l, NULL, 0);
		if (m < 0)
			return T_UNKNOWN;
		return neg ? !m : m;
	}
	if (strncmp(op, "==", 2) == 0 || strncmp(op, "!=", 2) == 0 ||
	    strncmp(op, "-strmatch", 9) == 0) {
		int neg = op[0] == '!';
		const char *rv;

		e->p += op[0] == '-' ? 9 : 2;
		rv = word(e, &unknown);
		if (rv == NULL || unknown)
			return T_UNKNOWN;
		sim_taint_if(e->r->s, l);
		sim_taint_if(e->r->s, rv);
		t = strcmp(l, rv) == 0;
		return neg ? !t : t;
	}
	/* Functions and anything else (-ipmatch, req(), ...). */
	while (*e->p != '\0' && strncmp(e->p, "&&", 2) != 0 &&
	    strncmp(e->p, "||", 2) != 0 && *e->p != ')')
		e->p++;
	return T_UNKNOWN;
}

static int
ex_and(struct ex *e)
{
	int t = ex_prim(e), u;

	for (;;) {
		ws(e);
		if (strncmp(e->p, "&&", 2) != 0)
			return t;
		e->p += 2;
		u = ex_prim(e);
		if (t == T_FALSE || u == T_FALSE)
			t = T_FALSE;
		else if (t == T_UNKNOWN || u == T_UNKNOWN)
			t = T_UNKNOWN;
		else
			t = T_TRUE;
	}
}

static int
ex_or(struct ex *e)
{
	int t = ex_and(e), u;

	for (;;) {
		ws(e);
		if (strncmp(e->p, "||", 2) != 0)
			return t;
		e->p += 2;
		u = ex_and(e);
		if (t == T_TRUE || u == T_TRUE)
			t = T_TRUE;
		else if (t == T_UNKNOWN || u == T_UNKNOWN)
			t = T_UNKNOWN;
		else
			t = T_FALSE;
	}
}

int
sim_if_eval(struct sreq *r, const char *expr, const char *filename)
{
	struct ex e;
	size_t n;
	char *x;

	if (expr == NULL)
		return T_UNKNOWN;
	/* raw may keep the quotes around the whole expression. */
	while (isspace((unsigned char)*expr))
		expr++;
	n = strlen(expr);
	x = pf_strndup(SA(r->s), expr, n);
	if (n >= 2 && x[0] == '"' && x[n - 1] == '"') {
		x[n - 1] = '\0';
		x++;
	}
	e.r = r;
	e.p = x;
	e.filename = filename;
	e.apx = NULL;
	return ex_or(&e);
}

/* ---- ap_expr for ProxyFCGISetEnvIf ---------------------------------- */

/*
 * A string expression (util_expr_scan.l, state str): text, \ escapes
 * (octal, \n \r \t \b \f, any other character as itself), $0..$9 of
 * the condition's match ("" when unset), %{NAME} and %{func:arg}.
 */
static const char *
apx_str(struct sreq *r, const char *s, size_t n, struct sim_apx *x,
    int *unknown)
{
	struct pf_arena *a = SA(r->s);
	size_t cap = n + 256, o = 0, i;
	char *out = pf_alloc(a, cap);

	for (i = 0; i < n; i++) {
		const char *add = NULL;
		char ch;
		size_t al = 0;

		if (s[i] == '\\' && i + 1 < n) {
			i++;
			if (s[i] >= '0' && s[i] <= '7') {
				int v = 0, k;

				for (k = 0; k < 3 && i < n && s[i] >= '0' &&
				    s[i] <= '7'; k++, i++)
					v = v * 8 + (s[i] - '0');
				i--;
				ch = (char)v;
			} else
				ch = s[i] == 'n' ? '\n' : s[i] == 'r' ? '\r' :
				    s[i] == 't' ? '\t' : s[i] == 'b' ? '\b' :
				    s[i] == 'f' ? '\f' : s[i];
			add = &ch;
			al = 1;
			if (ch == '\0')
				continue;
		} else if (s[i] == '$' && i + 1 < n &&
		    isdigit((unsigned char)s[i + 1])) {
			int g = s[++i] - '0';

			if (x->subj != NULL && x->ov[2 * g] >= 0) {
				add = x->subj + x->ov[2 * g];
				al = (size_t)(x->ov[2 * g + 1] - x->ov[2 * g]);
			}
		} else if (s[i] == '%' && i + 1 < n && s[i + 1] == '{') {
			const char *e = memchr(s + i + 2, '}', n - i - 2);

			if (e == NULL) {
				*unknown = 1;
				break;
			}
			add = apx_var(x, s + i + 2, (size_t)(e - s - i - 2));
			if (add == NULL)
				*unknown = 1;
			else
				al = strlen(add);
			i = (size_t)(e - s);
		} else {
			add = s + i;
			al = 1;
		}
		if (add == NULL)
			continue;
		if (o + al + 1 >= cap) {
			out = pf_grow(a, out, o, cap * 2 + al, 1);
			cap = cap * 2 + al;
		}
		memcpy(out + o, add, al);
		o += al;
	}
	out[o] = '\0';
	return out;
}

const char *
sim_apx_string(struct sreq *r, const char *expr, struct sim_apx *x,
    int *unknown)
{
	return apx_str(r, expr, strlen(expr), x, unknown);
}

int
sim_apx_cond(struct sreq *r, const char *expr, struct sim_apx *x)
{
	struct ex e;
	int t;

	if (expr == NULL)
		return T_UNKNOWN;
	e.r = r;
	e.p = expr;
	e.filename = NULL;
	e.apx = x;
	t = ex_or(&e);
	/* Text the subset did not read: not the whole expression. */
	ws(&e);
	return *e.p != '\0' ? T_UNKNOWN : t;
}
