/*
 * selftest_probe.c - the probe matrix, the requests, and what each answer
 * was.
 *
 * For every probed vhost: the static file, the PHP scripts the site
 * means to run (index.php, a script in a subfolder, the front
 * controller), PATH_INFO after a script, a missing script and a pretty
 * URL, the hidden files (.htaccess, .user.ini), a.php.jpg; in every
 * upload folder: an image holding PHP code, the same with /x.php after
 * it, a.php.jpg, x.php (and x.php?x=1: the client picks the query
 * string), and a .jpg below an uploaded .htaccess; the
 * pool's status and ping pages from 127.0.0.1 and from an address
 * outside (mod_remoteip in the sandbox takes it from a request header).
 *
 * An answer is classified by what produced it: the runtime marks every
 * FastCGI answer with X-Proxyfpm-Verdict and names the script in its
 * JSON body; with the real php-fpm, the fixtures print a marker and
 * their path when PHP runs them, and FPM's own error texts tell its 403
 * and 404 from Apache's.  A 200 whose body is the fixture's bytes is a
 * static answer.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/selftest.h"
#include "runtime/http_client.h"

static const char *const obs_names[ST_NOBS] = {
	"-", "PHP ran", "static", "FPM 403", "FPM 404", "status page",
	"ping", "403", "404", "redirect", "5xx", "other", "no answer", "401",
};

const char *
st_obs_name(enum st_obs o)
{
	return (unsigned)o < ST_NOBS ? obs_names[o] : "?";
}

static struct st_probe *
add(struct st_ctx *c, struct st_target *t, const char *url, const char *file,
    const char *expect, unsigned allow, const char *exec, enum pf_severity sev,
    struct pf_loc loc, const char *why)
{
	struct st_probe p;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.url = url;
	p.file = file;
	p.expect = expect;
	p.allow = allow;
	p.exec = exec;
	p.sev = sev;
	p.loc = loc.file ? loc : t->loc;
	p.why = why;
	PF_PUSH(c->a, c->probes, p);
	return &c->probes.v[c->probes.n - 1];
}

static const char *
fx(struct st_ctx *c, const char *dir, const char *name)
{
	return pf_printf(c->a, "%s/%s", dir, name);
}

/*
 * A URL path as it goes on the wire: a '%' of a folder name (the site
 * format allows it) is written %25, else Apache answers 400 (AH10244
 * invalid URI path) and every probe below such a folder failed
 * (tests/site/site_props.py seed 5).  The other characters of the
 * format's paths are pchars as they are.
 */
static const char *
wire_url(struct st_ctx *c, const char *url)
{
	size_t n = 0, i, j;
	char *r;

	for (i = 0; url[i] != '\0'; i++)
		n += url[i] == '%' ? 3 : 1;
	if (n == i)
		return url;
	r = pf_alloc(c->a, n + 1);
	for (i = j = 0; url[i] != '\0'; i++)
		if (url[i] == '%') {
			memcpy(r + j, "%25", 3);
			j += 3;
		} else
			r[j++] = url[i];
	r[j] = '\0';
	return r;
}

/* The URL of a file below the document root. */
static const char *
url_of(struct st_ctx *c, const char *prefix, const char *name)
{
	return pf_printf(c->a, "%s%s", prefix, name);
}

static void
status_probes(struct st_ctx *c, struct st_target *t, const char *path,
    enum st_obs page, const char *what)
{
	unsigned never = ST_NOEXEC & ~ST_BIT(ST_STATUS) & ~ST_BIT(ST_PING);
	struct st_probe *p;
	int remoteip = !c->remoteip_conflict;

	if (path == NULL || path[0] != '/')
		return;
	if (t->status_local == 1)
		add(c, t, path, NULL, what, ST_BIT(page), NULL, PF_SEV_MEDIUM,
		    t->status_loc, "the pool's page answers the addresses "
		    "status_allow names");
	else if (t->status_local == 0)
		add(c, t, path, NULL, "refused", never, NULL, PF_SEV_MEDIUM,
		    t->status_loc, "status_allow does not name 127.0.0.1");
	else
		add(c, t, path, NULL, "(shown)", ~0u, NULL, PF_SEV_INFO,
		    t->status_loc, NULL);
	if (remoteip) {
		p = add(c, t, path, NULL, "refused", never, NULL,
		    PF_SEV_MEDIUM, t->status_loc, "the pool's status and ping "
		    "pages are for the administrators' addresses only");
		p->outside = 1;
	}
}

void
st_probes_build(struct st_ctx *c)
{
	size_t i, k;

	c->probes.n = 0;
	for (i = 0; i < c->targets.n; i++) {
		struct st_target *t = c->targets.v[i];
		const char *d = t->docroot, *idx, *fc = NULL;
		unsigned php = t->php ? ST_BIT(ST_EXEC) : ~0u;
		const char *runs = t->php ? "PHP runs" : "(no PHP route)";

		if (t->skip != NULL)
			continue;
		idx = fx(c, d, "index.php");
		if (t->front != NULL && t->front[0] == '/')
			fc = fx(c, d, t->front + 1);
		add(c, t, "/static.txt", fx(c, d, "static.txt"), "static",
		    ST_BIT(ST_STATIC), NULL, PF_SEV_MEDIUM, t->docroot_loc,
		    "files are served as they are");
		add(c, t, "/index.php", idx, runs, php, idx, PF_SEV_MEDIUM,
		    t->handler_loc, "PHP scripts of the site run");
		add(c, t, "/sub/x.php", fx(c, d, "sub/x.php"), runs, php,
		    fx(c, d, "sub/x.php"), PF_SEV_MEDIUM, t->handler_loc,
		    "PHP scripts in subfolders run");
		add(c, t, "/a.php.jpg", fx(c, d, "a.php.jpg"), "static",
		    ST_BIT(ST_STATIC), NULL, PF_SEV_MEDIUM, t->handler_loc,
		    "only the last extension makes a PHP script");
		if (t->pathinfo == 1)
			add(c, t, "/index.php/extra", NULL, "PHP runs",
			    ST_BIT(ST_EXEC), idx, PF_SEV_MEDIUM,
			    t->pathinfo_loc, "pathinfo = on passes PATH_INFO "
			    "to the script");
		else if (t->pathinfo == 0)
			add(c, t, "/index.php/extra", NULL, "refused",
			    ST_REFUSED, NULL, PF_SEV_MEDIUM, t->pathinfo_loc,
			    "pathinfo = off: no PATH_INFO after a script");
		else
			add(c, t, "/index.php/extra", NULL, "PHP runs or 404",
			    ST_REFUSED | ST_BIT(ST_EXEC), idx, PF_SEV_MEDIUM,
			    t->pathinfo_loc, "PATH_INFO runs the script itself "
			    "or nothing");
		add(c, t, "/.htaccess", fx(c, d, ".htaccess"), "refused",
		    ST_REFUSED, NULL, PF_SEV_MEDIUM, t->loc,
		    ".ht* files are never served");
		add(c, t, "/.user.ini", fx(c, d, ".user.ini"), "refused",
		    ST_REFUSED, NULL, PF_SEV_MEDIUM, t->loc,
		    ".user.ini files are never served");
		if (fc != NULL) {
			add(c, t, "/nope.php", NULL, "front controller or 404",
			    ST_REFUSED | ST_BIT(ST_EXEC), fc, PF_SEV_MEDIUM,
			    t->front_loc, "a missing script reaches the front "
			    "controller or nothing");
			add(c, t, "/no/such/page", NULL, "front controller",
			    ST_BIT(ST_EXEC), fc, PF_SEV_MEDIUM, t->front_loc,
			    "front_controller: URLs without a file run it");
		} else if (t->site != NULL) {
			add(c, t, "/nope.php", NULL, "refused", ST_REFUSED,
			    NULL, PF_SEV_MEDIUM, t->handler_loc,
			    "a missing script is a 404");
			add(c, t, "/no/such/page", NULL, "refused", ST_REFUSED,
			    NULL, PF_SEV_MEDIUM, t->loc,
			    "no front controller: a missing page is a 404");
		} else {
			add(c, t, "/nope.php", NULL, "index.php or 404",
			    ST_REFUSED | (t->php ? ST_BIT(ST_EXEC) : 0), idx,
			    PF_SEV_MEDIUM, t->handler_loc, "a missing script "
			    "runs nothing else");
			add(c, t, "/no/such/page", NULL, "(shown)", ~0u,
			    NULL, PF_SEV_INFO, t->loc, NULL);
		}
		for (k = 0; k < t->udirs.n; k++) {
			const struct st_udir *u = &t->udirs.v[k];

			add(c, t, url_of(c, u->url, "evil.jpg"),
			    fx(c, u->path, "evil.jpg"), "static",
			    ST_BIT(ST_STATIC), NULL, PF_SEV_MEDIUM, u->loc,
			    "uploaded files are served as they are");
			add(c, t, url_of(c, u->url, "evil.jpg/x.php"), NULL,
			    "no PHP", ST_NOEXEC, NULL, PF_SEV_MEDIUM, u->loc,
			    "an uploaded file never runs as PHP")->updir =
			    u->path;
			add(c, t, url_of(c, u->url, "a.php.jpg"),
			    fx(c, u->path, "a.php.jpg"), "static or 403",
			    ST_BIT(ST_STATIC) | ST_BIT(ST_DENIED) |
			    ST_BIT(ST_NOTFOUND), NULL, PF_SEV_MEDIUM, u->loc,
			    "an uploaded image never reaches PHP-FPM");
			if (u->judged) {
				add(c, t, url_of(c, u->url, "x.php"),
				    fx(c, u->path, "x.php"), "no PHP",
				    ST_NOEXEC, NULL, PF_SEV_MEDIUM, u->loc,
				    "PHP never runs in an upload folder")->updir =
				    u->path;
				/* the client picks the query: a guard on
				 * QUERY_STRING ("^$") must not be the lock */
				add(c, t, url_of(c, u->url, "x.php?x=1"),
				    fx(c, u->path, "x.php"), "no PHP",
				    ST_NOEXEC, NULL,
				    PF_SEV_MEDIUM, u->loc, "PHP never runs in "
				    "an upload folder, whatever the query "
				    "string")->updir = u->path;
			} else
				add(c, t, url_of(c, u->url, "x.php"),
				    fx(c, u->path, "x.php"), "(shown)", ~0u,
				    NULL, PF_SEV_INFO, u->loc, NULL);
			if (u->judged && t->handler != NULL &&
			    strpbrk(t->handler, "\"\n") == NULL)
				add(c, t, url_of(c, u->url, "ht/evil.jpg"),
				    fx(c, u->path, "ht/evil.jpg"),
				    "no PHP-FPM", ST_BIT(ST_STATIC) |
				    ST_BIT(ST_DENIED) | ST_BIT(ST_NOTFOUND) |
				    ST_BIT(ST_ERROR), NULL, PF_SEV_MEDIUM,
				    u->loc, "an uploaded .htaccess changes "
				    "nothing");
		}
		status_probes(c, t, t->status_path, ST_STATUS, "status page");
		status_probes(c, t, t->ping_path, ST_PING, "ping answer");
	}
}

/* ---- answers -------------------------------------------------------- */

static char *
slurp(const char *path, size_t *len)
{
	char *buf;
	ssize_t n;
	size_t cap = 1 << 16;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return NULL;
	buf = malloc(cap + 1);
	n = buf ? read(fd, buf, cap) : -1;
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	*len = (size_t)n;
	buf[n] = '\0';
	return buf;
}

static void
classify(struct st_ctx *c, struct st_probe *p,
    const struct pf_http_response *r)
{
	const char *v, *m, *body = r->body ? r->body : "";
	size_t vl;

	p->status = r->status;
	if ((v = pf_http_header(r, "X-Proxyfpm-Verdict", &vl)) != NULL) {
		if (vl == 7 && strncmp(v, "execute", 7) == 0) {
			cJSON *j = cJSON_ParseWithLength(body, r->body_len);
			cJSON *s = cJSON_GetObjectItemCaseSensitive(j,
			    "script");

			p->obs = ST_EXEC;
			if (cJSON_IsString(s))
				p->obs_exec = pf_strdup(c->a, s->valuestring);
			cJSON_Delete(j);
		} else if ((vl == 6 && strncmp(v, "denied", 6) == 0) ||
		    (vl == 11 && strncmp(v, "open-denied", 11) == 0))
			p->obs = ST_FPM_DENIED;
		else if ((vl == 9 && strncmp(v, "not-found", 9) == 0) ||
		    (vl == 8 && strncmp(v, "no-input", 8) == 0))
			p->obs = ST_FPM_NOTFOUND;
		else if (vl == 11 && strncmp(v, "worker-exit", 11) == 0)
			p->obs = ST_ERROR;
		else
			p->obs = ST_OTHER;
		p->detail = pf_strndup(c->a, v, vl);
		return;
	}
	if ((m = memmem(body, r->body_len, st_marker, strlen(st_marker))) !=
	    NULL) {
		m += strlen(st_marker);
		p->obs = ST_EXEC;
		p->obs_exec = pf_strndup(c->a, m, strcspn(m, "\r\n"));
		return;
	}
	if (r->status == 200) {
		const char *pong = p->t->ping_response ? p->t->ping_response :
		    "pong";
		size_t n = r->body_len;

		while (n > 0 && (body[n - 1] == '\n' || body[n - 1] == '\r'))
			n--;
		if (n == strlen(pong) && memcmp(body, pong, n) == 0 &&
		    p->t->ping_path != NULL) {
			p->obs = ST_PING;
			return;
		}
		if (strstr(body, "pool:") && strstr(body, "process manager:")) {
			p->obs = ST_STATUS;
			return;
		}
		p->obs = ST_OTHER;
		if (p->file != NULL) {
			size_t fl;
			char *f = slurp(p->file, &fl);

			if (f != NULL && fl == r->body_len &&
			    memcmp(f, body, fl) == 0)
				p->obs = ST_STATIC;
			free(f);
		}
		if (p->obs == ST_OTHER)
			p->detail = "200 with other content";
		return;
	}
	if (r->status == 403)
		p->obs = strncmp(body, "Access denied.", 14) == 0 ?
		    ST_FPM_DENIED : ST_DENIED;
	else if (r->status == 404)
		p->obs = strncmp(body, "File not found.", 15) == 0 ||
		    strncmp(body, "No input file specified.", 24) == 0 ?
		    ST_FPM_NOTFOUND : ST_NOTFOUND;
	else if (r->status == 401)
		p->obs = ST_UNAUTH;
	else if (r->status >= 300 && r->status < 400) {
		p->obs = ST_REDIRECT;
		if ((v = pf_http_header(r, "Location", &vl)) != NULL)
			p->detail = pf_strndup(c->a, v, vl);
	} else if (r->status >= 500)
		p->obs = ST_ERROR;
	else
		p->obs = ST_OTHER;
	if (p->detail == NULL && p->obs == ST_OTHER)
		p->detail = pf_printf(c->a, "HTTP %d", r->status);
}

/* Nonzero if the observation is what the site means. */
/* Is file dir itself or below it (both resolved where they exist)? */
static int
below(const char *file, const char *dir)
{
	char rf[4096], rd[4096];
	size_t n;

	if (realpath(file, rf) == NULL)
		snprintf(rf, sizeof(rf), "%s", file);
	if (realpath(dir, rd) == NULL)
		snprintf(rd, sizeof(rd), "%s", dir);
	n = strlen(rd);
	while (n > 1 && rd[n - 1] == '/')
		n--;
	return strncmp(rf, rd, n) == 0 && (rf[n] == '/' || rf[n] == '\0');
}

static int
judge(const struct st_probe *p)
{
	char ra[4096], rb[4096];

	/* What must not run is a file of the upload folder: a script of
	 * the site answering instead (ErrorDocument 404 /index.php) is
	 * the site as meant. */
	if (p->obs == ST_EXEC && p->updir != NULL && p->obs_exec != NULL &&
	    !(p->allow & ST_BIT(ST_EXEC)))
		return !below(p->obs_exec, p->updir);
	if (!(p->allow & ST_BIT(p->obs)))
		return 0;
	if (p->obs != ST_EXEC || p->exec == NULL || p->allow == ~0u)
		return 1;
	if (p->obs_exec == NULL)
		return 0;
	if (strcmp(p->obs_exec, p->exec) == 0)
		return 1;
	return realpath(p->obs_exec, ra) != NULL &&
	    realpath(p->exec, rb) != NULL && strcmp(ra, rb) == 0;
}

int
st_probes_run(struct st_ctx *c)
{
	struct pf_http_opts ho;
	struct pf_http_client **cl;
	struct pf_http_response r;
	const char *hdr[1];
	char err[256];
	double end;
	size_t i, k;
	int rc = 0;

	memset(&ho, 0, sizeof(ho));
	ho.timeout_ms = c->timeout_ms;
	ho.max_body = 1u << 20;
	ho.cancel = &st_interrupted;
	cl = pf_alloc(c->a, (c->vports.n + 1) * sizeof(*cl));
	end = st_now_ms() + 3.0 * c->timeout_ms;
	hdr[0] = ST_CLIENT_HEADER ": " ST_OUTSIDE_IP;
	for (i = 0; i < c->probes.n; i++) {
		struct st_probe *p = &c->probes.v[i];
		struct st_target *t = p->t;

		if (st_interrupted) {
			rc = -1;
			break;
		}
		if (t->skip != NULL)
			continue;
		/* A server that stops answering must not hold the run for
		 * one timeout per probe. */
		if (st_now_ms() > end) {
			p->obs = ST_NOANSWER;
			p->detail = "not sent: out of time";
			p->ok = 0;
			continue;
		}
		for (k = 0; k < c->vports.n && c->vports.v[k].to != t->port;
		    k++)
			;
		if (k == c->vports.n)
			continue;
		if (cl[k] == NULL)
			cl[k] = pf_http_new("127.0.0.1", t->port, &ho);
		if (cl[k] == NULL ||
		    pf_http_get(cl[k], wire_url(c, p->url), t->host, hdr,
		    p->outside ? 1 : 0,
		    &r, err, sizeof(err)) < 0) {
			if (st_interrupted) {
				rc = -1;
				break;
			}
			p->obs = ST_NOANSWER;
			p->detail = pf_strdup(c->a, cl[k] ? err :
			    "cannot make a client");
		} else {
			classify(c, p, &r);
			pf_http_response_free(&r);
		}
		p->ok = judge(p);
		/* A vhost that only redirects (http -> https) serves no
		 * content of its own: its probes say nothing. */
		if (strcmp(p->url, "/static.txt") == 0 &&
		    p->obs == ST_REDIRECT && t->site == NULL)
			t->skip = pf_printf(c->a, "it redirects every request "
			    "(to %s)", p->detail ? p->detail : "elsewhere");
	}
	for (k = 0; k < c->vports.n; k++)
		pf_http_free(cl[k]);
	return rc;
}
