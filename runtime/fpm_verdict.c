/*
 * fpm_verdict.c - php-fpm's decision for a request, from its parameters
 * and the files on disk.
 *
 * The order of the steps and every comparison follow init_request_info()
 * and the request loop of php-src sapi/fpm/fpm/fpm_main.c (PHP 8.2), so
 * that the odd cases come out as FPM's do: with cgi.fix_pathinfo=1 the
 * walk back strips '/'-components until a regular file is found and
 * rewrites SCRIPT_NAME from the stripped tail; with 0, PATH_TRANSLATED
 * replaces SCRIPT_FILENAME.  The FPM source works on the request's own
 * buffers and truncates some of them in place; this code keeps those
 * buffers (scratch copies) and does the same, because later comparisons
 * see the truncated strings.  Comments name the FPM behaviour, the tests
 * (tests/runtime/) check it against the real php-fpm8.2.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/arena.h"
#include "runtime/fpm_verdict.h"

const char *const pf_fpm_var_names[PF_FPM_NVARS] = {
	"SCRIPT_FILENAME", "SCRIPT_NAME", "PATH_INFO", "PATH_TRANSLATED",
	"ORIG_SCRIPT_FILENAME", "ORIG_SCRIPT_NAME", "ORIG_PATH_INFO",
	"ORIG_PATH_TRANSLATED",
};

/* Scratch strings of one verdict, freed together: from an inline block
 * while they fit (a request's paths usually do), else malloc'ed and
 * listed. */
struct scratch {
	char	**p;
	size_t	  n, cap;
	char	  inl[2048];
	size_t	  used;
	/* The script path fix_pathinfo found whole, and its stat: the
	 * open check reuses it (one path walk less per request). */
	const char	*st_path;
	struct stat	 st;
};

static char *
keep(struct scratch *s, char *str)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->p = pf_xrealloc(s->p, s->cap * sizeof(*s->p));
	}
	s->p[s->n++] = str;
	return str;
}

static char *
salloc(struct scratch *s, size_t n)
{
	char *d;

	if (n <= sizeof(s->inl) - s->used) {
		d = s->inl + s->used;
		s->used += n;
		return d;
	}
	return keep(s, pf_xmalloc(n));
}

static char *
sdup(struct scratch *s, const char *str)
{
	size_t n;
	char *d;

	if (str == NULL)
		return NULL;
	n = strlen(str);
	d = salloc(s, n + 1);
	memcpy(d, str, n + 1);
	return d;
}

static char *
sconcat(struct scratch *s, const char *a, size_t alen, const char *b)
{
	size_t blen = b ? strlen(b) : 0;
	char *d = salloc(s, alen + blen + 1);

	memcpy(d, a, alen);
	if (blen)
		memcpy(d + alen, b, blen);
	d[alen + blen] = '\0';
	return d;
}

static char *
xstrdup(const char *str)
{
	size_t n;
	char *d;

	if (str == NULL)
		return NULL;
	n = strlen(str);
	d = pf_xmalloc(n + 1);
	memcpy(d, str, n + 1);
	return d;
}

/* FCGI_PUTENV: sets (copies) or removes a variable; returns the copy. */
static char *
putvar(struct pf_fpm_verdict *v, enum pf_fpm_var k, const char *val)
{
	free(v->val[k]);
	v->set[k] = 1;
	v->val[k] = xstrdup(val);
	return v->val[k];
}

static void
logf_(struct pf_fpm_verdict *v, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	free(v->log);
	v->log = pf_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(v->log, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

int
pf_fpm_path_valid(const char *path)
{
	const char *p;

	if (path == NULL)
		return 0;
	/* is_valid_path(): a ".." between slashes (or at either end). */
	for (p = strstr(path, ".."); p != NULL; p = strstr(p + 1, ".."))
		if ((p == path || p[-1] == '/') &&
		    (p[2] == '\0' || p[2] == '/'))
			return 0;
	return 1;
}

int
pf_fpm_extension_allowed(const char *list, const char *path)
{
	const char *p, *e;
	size_t plen, elen;
	int any = 0;

	if (list == NULL)
		list = ".php .phar";	/* fpm_conf.c default */
	plen = strlen(path);
	for (p = list; *p != '\0'; p = e) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ' ' && *e != '\t'; e++)
			;
		elen = (size_t)(e - p);
		if (elen == 0)
			continue;
		any = 1;
		/* Case-sensitive suffix, and the path must be longer. */
		if (plen > elen && memcmp(path + plen - elen, p, elen) == 0)
			return 1;
	}
	/* No extension in the list: FPM keeps no list, all allowed. */
	return !any;
}

static void
strip_proxy_prefix(char *sf, const char *prefix, int *apache)
{
	size_t plen = strlen(prefix);
	char *p;

	if (sf == NULL || strncasecmp(sf, prefix, plen) != 0)
		return;
	/* Drop the authority: everything up to the first '/' after it. */
	for (p = sf + plen; *p != '\0' && *p != '/'; p++)
		;
	if (*p != '\0') {
		memmove(sf, p, strlen(p) + 1);
		*apache = 1;
	}
	/* A query string sent by Apache (RewriteRule) is cut. */
	if ((p = strchr(sf, '?')) != NULL)
		*p = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* php_url_decode: '+' is a space, %XX a byte; in place, returns length. */
static size_t
url_decode(char *s)
{
	char *d = s;
	const char *p = s;

	while (*p != '\0') {
		if (*p == '+') {
			*d++ = ' ';
			p++;
		} else if (*p == '%' && hexval((unsigned char)p[1]) >= 0 &&
		    hexval((unsigned char)p[2]) >= 0) {
			*d++ = (char)(hexval((unsigned char)p[1]) * 16 +
			    hexval((unsigned char)p[2]));
			p += 3;
		} else
			*d++ = *p++;
	}
	*d = '\0';
	return (size_t)(d - s);
}

/*
 * The cgi.fix_pathinfo=1 part of init_request_info.  Variables named as
 * in fpm_main.c: spt = script_path_translated, pi = env_path_info, sn =
 * env_script_name, orig_* = their values on entry.
 */
static char *
fix_pathinfo(struct scratch *S, const struct pf_fpm_env *env,
    struct pf_fpm_verdict *v, char *spt, char *sf, char *pt_env, char *pi,
    char *sn, int apache, const char **request_uri)
{
	const char *redirect_url = env->redirect_url;
	const char *docroot = env->document_root;
	char *orig_pt = pt_env, *orig_pi = pi, *orig_sn = sn, *orig_sf = sf;
	char *pt, *ptr, *path_info, *dec, old;
	size_t len, ptlen, slen, pilen, snlen, declen, start, l;
	struct stat st;
	int tflag, found = 0, match;

	if (!apache && pt_env != NULL && redirect_url != NULL &&
	    pt_env != spt && strcmp(pt_env, spt) != 0) {
		/* mod_fastcgi style: SCRIPT_FILENAME is the PHP binary. */
		spt = pt_env;
		sn = sdup(S, redirect_url);
	}
	len = strlen(spt);
	/* FPM asks tsrm_realpath() only whether the path resolves (the
	 * result is thrown away); stat() answers the same in one call. */
	if (len > 0 && spt[len - 1] != '/' && stat(spt, &st) == 0) {
		S->st_path = sdup(S, spt);	/* a copy: spt may change */
		S->st = st;
	} else if (len > 0) {
		pt = sdup(S, spt);
		while ((ptr = strrchr(pt, '/')) != NULL ||
		    (ptr = strrchr(pt, '\\')) != NULL) {
			*ptr = '\0';
			if (stat(pt, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			/* Found the base script; the stripped tail is the
			 * path info. */
			ptlen = strlen(pt);
			slen = len - ptlen;
			pilen = pi ? strlen(pi) : 0;
			if (apache) {
				path_info = spt + ptlen;
				tflag = slen != 0 && (orig_pi == NULL ||
				    strcmp(orig_pi, path_info) != 0);
			} else {
				path_info = pi && pilen > slen ?
				    pi + pilen - slen : NULL;
				tflag = path_info != NULL;
			}
			if (tflag) {
				if (orig_pi != NULL) {
					putvar(v, PF_FPM_ORIG_PATH_INFO,
					    orig_pi);
					old = path_info[0];
					path_info[0] = '\0';
					if (orig_sn == NULL ||
					    strcmp(orig_sn, pi) != 0) {
						if (orig_sn != NULL)
							putvar(v,
							    PF_FPM_ORIG_SCRIPT_NAME,
							    orig_sn);
						*request_uri = putvar(v,
						    PF_FPM_SCRIPT_NAME, pi);
					} else
						*request_uri = orig_sn;
					path_info[0] = old;
				} else if (apache && sn != NULL) {
					/* ProxyPass: the path info is also
					 * at the end of SCRIPT_NAME. */
					dec = NULL;
					declen = 0;
					if (strchr(path_info, '%') != NULL) {
						dec = sdup(S, path_info);
						declen = url_decode(dec);
					}
					snlen = strlen(sn);
					match = 0;
					start = 0;
					if (snlen > slen && strcmp(sn + snlen -
					    slen, path_info) == 0) {
						start = snlen - slen;
						match = 1;
					} else if (dec != NULL &&
					    snlen > declen && strcmp(sn +
					    snlen - declen, dec) == 0) {
						start = snlen - declen;
						match = 1;
					}
					if (match) {
						putvar(v,
						    PF_FPM_ORIG_SCRIPT_NAME,
						    orig_sn);
						sn[start] = '\0';
						*request_uri = putvar(v,
						    PF_FPM_SCRIPT_NAME, sn);
					}
				}
				pi = sdup(S, putvar(v, PF_FPM_PATH_INFO,
				    path_info));
			}
			if (orig_sf == NULL || strcmp(orig_sf, pt) != 0) {
				if (orig_sf != NULL)
					putvar(v, PF_FPM_ORIG_SCRIPT_FILENAME,
					    orig_sf);
				spt = sdup(S, putvar(v,
				    PF_FPM_SCRIPT_FILENAME, pt));
			}
			/* PATH_TRANSLATED = DOCUMENT_ROOT + PATH_INFO, or
			 * the script path minus SCRIPT_NAME + PATH_INFO. */
			if (docroot != NULL) {
				l = strlen(docroot);
				if (l > 0 && docroot[l - 1] == '/')
					l--;
				if (orig_pt != NULL)
					putvar(v, PF_FPM_ORIG_PATH_TRANSLATED,
					    orig_pt);
				putvar(v, PF_FPM_PATH_TRANSLATED,
				    sconcat(S, docroot, l, pi));
			} else if (sn != NULL && strstr(pt, sn) != NULL) {
				l = strlen(pt) - strlen(sn);
				if (orig_pt != NULL)
					putvar(v, PF_FPM_ORIG_PATH_TRANSLATED,
					    orig_pt);
				putvar(v, PF_FPM_PATH_TRANSLATED,
				    sconcat(S, pt, l, pi));
			}
			found = 1;
			break;
		}
		if (!found) {
			/* Nothing left to strip: no script, 404. */
			if (orig_sf != NULL)
				putvar(v, PF_FPM_ORIG_SCRIPT_FILENAME, orig_sf);
			putvar(v, PF_FPM_SCRIPT_FILENAME, NULL);
			spt = NULL;
		}
		if (*request_uri == NULL) {
			if (orig_sn == NULL || strcmp(orig_sn, sn) != 0) {
				if (orig_sn != NULL)
					putvar(v, PF_FPM_ORIG_SCRIPT_NAME,
					    orig_sn);
				*request_uri = putvar(v, PF_FPM_SCRIPT_NAME,
				    sn);
			} else
				*request_uri = orig_sn;
		}
		return spt;
	}
	/* The path exists as given (or is empty). */
	if (orig_sf == NULL || (spt != orig_sf && strcmp(spt, orig_sf) != 0)) {
		if (orig_sf != NULL)
			putvar(v, PF_FPM_ORIG_SCRIPT_FILENAME, orig_sf);
		putvar(v, PF_FPM_SCRIPT_FILENAME, spt);
	}
	if (!apache && redirect_url != NULL) {
		if (orig_pi != NULL) {
			putvar(v, PF_FPM_ORIG_PATH_INFO, orig_pi);
			putvar(v, PF_FPM_PATH_INFO, NULL);
		}
		if (orig_pt != NULL) {
			putvar(v, PF_FPM_ORIG_PATH_TRANSLATED, orig_pt);
			putvar(v, PF_FPM_PATH_TRANSLATED, NULL);
		}
	}
	if (sn != orig_sn) {
		if (orig_sn != NULL)
			putvar(v, PF_FPM_ORIG_SCRIPT_NAME, orig_sn);
		*request_uri = putvar(v, PF_FPM_SCRIPT_NAME, sn);
	} else
		*request_uri = sn;
	return spt;
}

static void
outcome(struct pf_fpm_verdict *v, enum pf_fpm_outcome o, int status,
    const char *message)
{
	v->outcome = o;
	v->status = status;
	v->message = message;
}

/*
 * php_fopen_primary_script: open for reading, which then wants a regular
 * file; 0 or the errno.  The same answer without opening it (an open and
 * a close were a quarter of a request): stat for the type (the one
 * fix_pathinfo made, when it named this path), faccessat with the
 * effective ids for what open(O_RDONLY) would be allowed (a FIFO never
 * blocks).
 */
/*
 * The faccessat answers of recent paths, per thread.  A file's read
 * permission for this process follows from its owner, group, mode and
 * ACL; chmod, chown and setfacl change the inode's ctime (and most of
 * them the mode or owner), so an answer is reused only while the stat
 * just made shows the same device, inode, ctime, mode and owner.  The
 * directories on the way need the same search permission for stat as
 * for faccessat, and the stat succeeded.  The runtime does not change
 * its credentials after it starts.  This saves one of the five system
 * calls of a request (two path walks of the same path).
 */
#define ACC_SLOTS	16
#define ACC_PATH	240
struct acc_slot {
	dev_t		dev;
	ino_t		ino;
	struct timespec	ctim;
	mode_t		mode;
	uid_t		uid;
	gid_t		gid;
	int		err;
	char		path[ACC_PATH];
};
static _Thread_local struct acc_slot acc_cache[ACC_SLOTS];

static int
read_access(const char *path, const struct stat *st)
{
	struct acc_slot *a;
	size_t len = strlen(path);
	unsigned h = 2166136261u;
	int err;

	if (len >= ACC_PATH)
		return faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0 ?
		    errno : 0;
	for (const char *c = path; *c != '\0'; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	a = &acc_cache[h % ACC_SLOTS];
	if (a->dev == st->st_dev && a->ino == st->st_ino &&
	    a->ctim.tv_sec == st->st_ctim.tv_sec &&
	    a->ctim.tv_nsec == st->st_ctim.tv_nsec &&
	    a->mode == st->st_mode && a->uid == st->st_uid &&
	    a->gid == st->st_gid && strcmp(a->path, path) == 0)
		return a->err;
	err = faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0 ? errno : 0;
	a->dev = st->st_dev;
	a->ino = st->st_ino;
	a->ctim = st->st_ctim;
	a->mode = st->st_mode;
	a->uid = st->st_uid;
	a->gid = st->st_gid;
	a->err = err;
	memcpy(a->path, path, len + 1);
	return err;
}

static int
open_check(const struct scratch *S, const char *path)
{
	struct stat st;
	int err;

	if (S->st_path != NULL && strcmp(S->st_path, path) == 0)
		st = S->st;
	else if (stat(path, &st) != 0)
		return errno;
	if ((err = read_access(path, &st)) != 0)
		return err;
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	return 0;
}

void
pf_fpm_verdict(const struct pf_fpm_policy *pol, const struct pf_fpm_env *env,
    struct pf_fpm_verdict *v)
{
	struct scratch S;
	char *sf, *pt_env, *spt, *pi, *sn;
	const char *request_uri = NULL, *path_translated = NULL;
	size_t i;
	int err;

	memset(v, 0, sizeof(*v));
	S.p = NULL;
	S.n = S.cap = S.used = 0;
	S.st_path = NULL;
	sf = sdup(&S, env->script_filename);
	pt_env = sdup(&S, env->path_translated);
	/* Without SCRIPT_FILENAME, PATH_TRANSLATED names the script. */
	spt = sf != NULL ? sf : pt_env;
	if (spt != NULL) {
		pi = sdup(&S, env->path_info);
		sn = sdup(&S, env->script_name);
		/* IIS puts SCRIPT_NAME in front of PATH_INFO. */
		if (env->server_software != NULL && sn != NULL && pi != NULL &&
		    strncmp(env->server_software, "Microsoft-IIS", 13) == 0 &&
		    strncmp(pi, sn, strlen(sn)) == 0) {
			putvar(v, PF_FPM_ORIG_PATH_INFO, pi);
			pi += strlen(sn);
			if (*pi == '\0')
				pi = NULL;
			pi = sdup(&S, putvar(v, PF_FPM_PATH_INFO, pi));
		}
		strip_proxy_prefix(sf, "proxy:fcgi://", &v->apache_was_here);
		strip_proxy_prefix(sf, "proxy:balancer://",
		    &v->apache_was_here);
		/* FPM strips in place: the script sees the new value. */
		if (sf != NULL && strcmp(sf, env->script_filename) != 0)
			putvar(v, PF_FPM_SCRIPT_FILENAME, sf);
		if (pol->fix_pathinfo)
			spt = fix_pathinfo(&S, env, v, spt, sf, pt_env, pi, sn,
			    v->apache_was_here, &request_uri);
		else {
			/* "pre 4.3 behaviour": PATH_TRANSLATED is the
			 * script when present. */
			request_uri = pi != NULL ? pi : sn;
			if (!pol->discard_path && pt_env != NULL)
				spt = pt_env;
		}
		if (pf_fpm_path_valid(spt))
			path_translated = spt;
	}
	v->request_uri = xstrdup(request_uri);
	v->script = xstrdup(path_translated);

	if (env->request_method == NULL)
		outcome(v, PF_FPM_NOT_HTTP, 200, NULL);
	else if (request_uri != NULL && pol->ping_path != NULL &&
	    strcmp(pol->ping_path, request_uri) == 0)
		outcome(v, PF_FPM_PING, 200, NULL);
	else if (request_uri != NULL && pol->status_path != NULL &&
	    strcmp(pol->status_path, request_uri) == 0)
		outcome(v, PF_FPM_STATUS, 200, NULL);
	else if (path_translated == NULL) {
		outcome(v, PF_FPM_NOT_FOUND, 404, "File not found.");
		logf_(v, "Primary script unknown");
	} else if (!pf_fpm_extension_allowed(pol->limit_extensions,
	    path_translated)) {
		outcome(v, PF_FPM_DENIED, 403, "Access denied.");
		logf_(v, "Access to the script '%s' has been denied "
		    "(see security.limit_extensions)", path_translated);
	} else if (*path_translated == '\0') {
		/* Verified with php-fpm8.2: an empty script path that no
		 * extension list stops makes the worker bail out (exit 70)
		 * and the connection is reset. */
		outcome(v, PF_FPM_WORKER_EXIT, 503, NULL);
		logf_(v, "the worker exits on an empty script path");
	} else {
		err = open_check(&S, path_translated);
		if (err == 0) {
			outcome(v, PF_FPM_EXECUTE, 200, NULL);
		} else {
			if (err == EACCES)
				outcome(v, PF_FPM_OPEN_DENIED, 403,
				    "Access denied.");
			else
				outcome(v, PF_FPM_NO_INPUT, 404,
				    "No input file specified.");
			logf_(v, "Unable to open primary script: %s (%s)",
			    path_translated, strerror(err));
		}
	}
	for (i = 0; i < S.n; i++)
		free(S.p[i]);
	free(S.p);
}

void
pf_fpm_verdict_free(struct pf_fpm_verdict *v)
{
	int i;

	for (i = 0; i < PF_FPM_NVARS; i++)
		free(v->val[i]);
	free(v->script);
	free(v->request_uri);
	free(v->log);
	memset(v, 0, sizeof(*v));
}

const char *
pf_fpm_outcome_name(enum pf_fpm_outcome o)
{
	switch (o) {
	case PF_FPM_NOT_HTTP:
		return "not-http";
	case PF_FPM_PING:
		return "ping";
	case PF_FPM_STATUS:
		return "status";
	case PF_FPM_NOT_FOUND:
		return "not-found";
	case PF_FPM_DENIED:
		return "denied";
	case PF_FPM_NO_INPUT:
		return "no-input";
	case PF_FPM_OPEN_DENIED:
		return "open-denied";
	case PF_FPM_EXECUTE:
		return "execute";
	case PF_FPM_WORKER_EXIT:
		return "worker-exit";
	}
	return "?";
}
