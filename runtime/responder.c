/*
 * responder.c - answers a request with php-fpm's verdict as JSON, or the
 * ping / status page as php-fpm prints it (sapi/fpm/fpm/fpm_status.c).
 *
 * Every answer carries an explicit Status: header: mod_proxy_fcgi does not
 * make one up (reference/semantics.md 2.8).  What FPM would write to
 * stderr ("Primary script unknown", the limit_extensions notice) goes to
 * FCGI_STDERR, so Apache logs it as it logs FPM's (AH01071).
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "model/arena.h"
#include "runtime/responder.h"

static const char nocache[] =
    "Expires: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
    "Cache-Control: no-cache, no-store, must-revalidate, max-age=0\r\n";

static const char *
reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 431:
		return "Request Header Fields Too Large";
	case 503:
		return "Service Unavailable";
	default:
		return "Error";
	}
}

size_t
pf_utf8_len(const unsigned char *p, size_t n)
{
	size_t k, i;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (k > n)
		return 0;
	cp = p[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

void
pf_json_str(struct pf_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	unsigned char *o;
	size_t k;

	/* Written in place: at most 6 bytes ("\u00XX") per input byte. */
	if (len > ((size_t)-1 - 3) / 6)
		pf_oom();
	pf_buf_reserve(b, len * 6 + 2);
	o = (unsigned char *)b->p + b->len;
	*o++ = '"';
	while (p < e) {
		/* Eight bytes at a time while none is below 0x20, above
		 * 0x7f, '"' or '\\' (the words' has-zero-byte test). */
		while (e - p >= 8) {
			uint64_t w, q, bs;

			memcpy(&w, p, 8);
			q = w ^ 0x2222222222222222ull;
			bs = w ^ 0x5c5c5c5c5c5c5c5cull;
			if (((w | ((w - 0x2020202020202020ull) & ~w) |
			    ((q - 0x0101010101010101ull) & ~q) |
			    ((bs - 0x0101010101010101ull) & ~bs)) &
			    0x8080808080808080ull) != 0)
				break;
			memcpy(o, p, 8);
			o += 8;
			p += 8;
		}
		if (p == e)
			break;
		/* Printable ASCII (and DEL) but '"' and '\\' as it is. */
		if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
			*o++ = *p++;
			continue;
		}
		switch (*p) {
		case '"':
		case '\\':
			*o++ = '\\';
			*o++ = *p++;
			continue;
		case '\n':
			*o++ = '\\';
			*o++ = 'n';
			p++;
			continue;
		case '\r':
			*o++ = '\\';
			*o++ = 'r';
			p++;
			continue;
		case '\t':
			*o++ = '\\';
			*o++ = 't';
			p++;
			continue;
		}
		if (*p >= 0x80 && (k = pf_utf8_len(p, (size_t)(e - p))) > 0) {
			memcpy(o, p, k);
			o += k;
			p += k;
			continue;
		}
		memcpy(o, "\\u00", 4);
		o[4] = hex[*p >> 4];
		o[5] = hex[*p & 15];
		o += 6;
		p++;
	}
	*o++ = '"';
	*o = '\0';
	b->len = (size_t)((char *)o - b->p);
}

/* A decimal number; the answer path avoids printf (a tenth of a request's
 * user time went to formatting three numbers). */
static void
put_num(struct pf_buf *b, unsigned long long n)
{
	char d[24];
	size_t i = sizeof(d);

	do
		d[--i] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	pf_buf_add(b, d + i, sizeof(d) - i);
}

static void
json_cstr(struct pf_buf *b, const char *s)
{
	if (s == NULL)
		pf_buf_puts(b, "null");
	else
		pf_json_str(b, s, strlen(s));
}

static const char *
role_name(unsigned role)
{
	return role == 1 ? "RESPONDER" : role == 2 ? "AUTHORIZER" :
	    role == 3 ? "FILTER" : "?";
}

/* $_GET has the key: the query string holds key, key=... between &s. */
static int
query_has(const char *qs, const char *key)
{
	size_t kl = strlen(key);
	const char *p = qs;

	if (qs == NULL)
		return 0;
	while (*p != '\0') {
		if (strncmp(p, key, kl) == 0 &&
		    (p[kl] == '\0' || p[kl] == '=' || p[kl] == '&'))
			return 1;
		p = strchr(p, '&');
		if (p == NULL)
			break;
		p++;
	}
	return 0;
}

static void
status_page(const struct pf_responder *r, const struct pf_fcgi_params *pp,
    int head, struct pf_buf *out)
{
	const struct pf_rt_stats *st = r->stats;
	const char *qs = pf_fcgi_param(pp, "QUERY_STRING");
	const char *pool = r->pool ? r->pool : "www";
	unsigned long accepted = st ? st->requests : 0;
	unsigned active = 1, maxact = st && st->max_active_conns ?
	    st->max_active_conns : 1;
	time_t start = st ? st->start_time : time(NULL);
	long since = (long)(time(NULL) - start);
	char tbuf[64];
	struct tm tm;

	pf_buf_printf(out, "Status: 200 OK\r\n%s", nocache);
	if (query_has(qs, "html")) {
		pf_buf_puts(out, "Content-Type: text/html\r\n\r\n");
		if (head)
			return;
		localtime_r(&start, &tm);
		strftime(tbuf, sizeof(tbuf), "%d/%b/%Y:%H:%M:%S %z", &tm);
		pf_buf_printf(out, "<!DOCTYPE html>\n<html><head><title>"
		    "PHP-FPM Status Page</title></head>\n<body>\n<table>\n"
		    "<tr><th>pool</th><td>%s</td></tr>\n"
		    "<tr><th>process manager</th><td>static</td></tr>\n"
		    "<tr><th>start time</th><td>%s</td></tr>\n"
		    "<tr><th>start since</th><td>%ld</td></tr>\n"
		    "<tr><th>accepted conn</th><td>%lu</td></tr>\n"
		    "<tr><th>idle processes</th><td>0</td></tr>\n"
		    "<tr><th>active processes</th><td>%u</td></tr>\n"
		    "<tr><th>total processes</th><td>%u</td></tr>\n"
		    "<tr><th>max active processes</th><td>%u</td></tr>\n"
		    "<tr><th>max children reached</th><td>0</td></tr>\n"
		    "<tr><th>slow requests</th><td>0</td></tr>\n"
		    "</table>\n</body></html>", pool, tbuf, since, accepted,
		    active, active, maxact);
	} else if (query_has(qs, "xml")) {
		pf_buf_puts(out, "Content-Type: text/xml\r\n\r\n");
		if (head)
			return;
		pf_buf_printf(out, "<?xml version=\"1.0\" ?>\n<status>\n"
		    "<pool>%s</pool>\n<process-manager>static</process-manager>\n"
		    "<start-time>%ld</start-time>\n<start-since>%ld</start-since>\n"
		    "<accepted-conn>%lu</accepted-conn>\n"
		    "<idle-processes>0</idle-processes>\n"
		    "<active-processes>%u</active-processes>\n"
		    "<total-processes>%u</total-processes>\n"
		    "<max-active-processes>%u</max-active-processes>\n"
		    "<max-children-reached>0</max-children-reached>\n"
		    "<slow-requests>0</slow-requests>\n</status>", pool,
		    (long)start, since, accepted, active, active, maxact);
	} else if (query_has(qs, "json")) {
		pf_buf_puts(out, "Content-Type: application/json\r\n\r\n");
		if (head)
			return;
		pf_buf_puts(out, "{\"pool\":");
		pf_json_str(out, pool, strlen(pool));
		pf_buf_printf(out, ",\"process manager\":\"static\","
		    "\"start time\":%ld,\"start since\":%ld,"
		    "\"accepted conn\":%lu,\"listen queue\":0,"
		    "\"max listen queue\":0,\"listen queue len\":0,"
		    "\"idle processes\":0,\"active processes\":%u,"
		    "\"total processes\":%u,\"max active processes\":%u,"
		    "\"max children reached\":0,\"slow requests\":0}",
		    (long)start, since, accepted, active, active, maxact);
	} else {
		pf_buf_puts(out, "Content-Type: text/plain\r\n\r\n");
		if (head)
			return;
		localtime_r(&start, &tm);
		strftime(tbuf, sizeof(tbuf), "%d/%b/%Y:%H:%M:%S %z", &tm);
		pf_buf_printf(out,
		    "pool:                 %s\n"
		    "process manager:      static\n"
		    "start time:           %s\n"
		    "start since:          %ld\n"
		    "accepted conn:        %lu\n"
		    "listen queue:         0\n"
		    "max listen queue:     0\n"
		    "listen queue len:     0\n"
		    "idle processes:       0\n"
		    "active processes:     %u\n"
		    "total processes:      %u\n"
		    "max active processes: %u\n"
		    "max children reached: 0\n"
		    "slow requests:        0\n", pool, tbuf, since, accepted,
		    active, active, maxact);
	}
}

static void
json_params(struct pf_buf *out, const struct pf_fcgi_params *pp)
{
	size_t i;

	pf_buf_puts(out, "\"params\":{");
	for (i = 0; i < pp->n; i++) {
		if (i > 0)
			pf_buf_putc(out, ',');
		pf_json_str(out, pp->buf + pp->v[i].name, pp->v[i].nlen);
		pf_buf_putc(out, ':');
		pf_json_str(out, pp->buf + pp->v[i].value, pp->v[i].vlen);
	}
	pf_buf_putc(out, '}');
}

/*
 * Ends a JSON answer begun at out->len == start with "}\n", with 0-7
 * spaces before the newline so that the whole STDOUT content is a
 * multiple of 8 bytes.  Records stay on 8-byte boundaries (the spec's
 * recommendation) with no padding: mod_proxy_fcgi's dispatch() reads a
 * record's header, its content and then its padding with a read() of
 * each, so an unpadded answer costs Apache one system call less per
 * request (seen with strace: 6 reads and 3 polls for a padded answer).
 * Spaces after a JSON value are insignificant (RFC 8259 section 2).
 */
static void
end_json(struct pf_buf *out, size_t start)
{
	static const char sp[8] = "       ";
	size_t k = (8 - ((out->len - start + 2) & 7)) & 7;

	pf_buf_putc(out, '}');
	pf_buf_add(out, sp, k);
	pf_buf_putc(out, '\n');
}

static void
error_answer(const struct pf_fcgi_request *req, int status,
    const char *verdict, const char *message, struct pf_buf *out,
    struct pf_buf *err)
{
	size_t start = out->len;

	pf_buf_printf(out, "Status: %d %s\r\n"
	    "Content-Type: application/json\r\n"
	    "X-Proxyfpm-Verdict: %s\r\n\r\n", status, reason(status), verdict);
	pf_buf_printf(out, "{\"verdict\":\"%s\",\"status\":%d,\"message\":",
	    verdict, status);
	json_cstr(out, message);
	pf_buf_printf(out, ",\"stdin_bytes\":%zu,", req->stdin_len);
	json_params(out, req->params);
	end_json(out, start);
	pf_buf_printf(err, "proxyfpm: %s", message);
}

void
pf_responder_answer(void *ctx, const struct pf_fcgi_request *req,
    struct pf_buf *out, struct pf_buf *err)
{
	const struct pf_responder *r = ctx;
	const struct pf_fcgi_params *pp = req->params;
	struct pf_fpm_env env;
	struct pf_fpm_verdict v;
	const char *method, *ping, *name;
	size_t start = out->len;
	int head, i, first;

	if (req->params_overflow) {
		error_answer(req, 431, "params-too-large",
		    "FastCGI params exceed the runtime's limit", out, err);
		return;
	}
	if (req->params_malformed) {
		error_answer(req, 400, "params-malformed",
		    "a FastCGI name-value pair was cut short", out, err);
		return;
	}
	memset(&env, 0, sizeof(env));
	env.request_method = method = pf_fcgi_param(pp, "REQUEST_METHOD");
	env.script_filename = pf_fcgi_param(pp, "SCRIPT_FILENAME");
	env.path_translated = pf_fcgi_param(pp, "PATH_TRANSLATED");
	env.path_info = pf_fcgi_param(pp, "PATH_INFO");
	env.script_name = pf_fcgi_param(pp, "SCRIPT_NAME");
	env.document_root = pf_fcgi_param(pp, "DOCUMENT_ROOT");
	env.redirect_url = pf_fcgi_param(pp, "REDIRECT_URL");
	env.server_software = pf_fcgi_param(pp, "SERVER_SOFTWARE");
	pf_fpm_verdict(&r->policy, &env, &v);
	head = method != NULL && strcmp(method, "HEAD") == 0;

	if (v.outcome == PF_FPM_PING) {
		ping = r->policy.ping_response ? r->policy.ping_response :
		    "pong";
		pf_buf_printf(out, "Status: 200 OK\r\n"
		    "Content-Type: text/plain\r\n%s\r\n", nocache);
		if (!head)
			pf_buf_puts(out, ping);
		pf_fpm_verdict_free(&v);
		return;
	}
	if (v.outcome == PF_FPM_STATUS) {
		status_page(r, pp, head, out);
		pf_fpm_verdict_free(&v);
		return;
	}
	if (v.log != NULL)
		pf_buf_puts(err, v.log);

	name = pf_fpm_outcome_name(v.outcome);
	pf_buf_puts(out, "Status: ");
	put_num(out, (unsigned)v.status);
	pf_buf_putc(out, ' ');
	pf_buf_puts(out, reason(v.status));
	pf_buf_puts(out, "\r\nContent-Type: application/json\r\n"
	    "X-Proxyfpm-Verdict: ");
	pf_buf_puts(out, name);
	pf_buf_puts(out, "\r\n\r\n{\"verdict\":\"");
	pf_buf_puts(out, name);
	pf_buf_puts(out, "\",\"status\":");
	put_num(out, (unsigned)v.status);
	pf_buf_puts(out, ",\"message\":");
	json_cstr(out, v.message);
	pf_buf_puts(out, ",\"script\":");
	json_cstr(out, v.script);
	pf_buf_puts(out, ",\"request_uri\":");
	json_cstr(out, v.request_uri);
	pf_buf_puts(out, v.apache_was_here ? ",\"proxy_prefix\":true,\"fpm\":{" :
	    ",\"proxy_prefix\":false,\"fpm\":{");
	for (i = 0, first = 1; i < PF_FPM_NVARS; i++) {
		if (!v.set[i])
			continue;
		if (!first)
			pf_buf_putc(out, ',');
		first = 0;
		json_cstr(out, pf_fpm_var_names[i]);
		pf_buf_putc(out, ':');
		json_cstr(out, v.val[i]);
	}
	pf_buf_puts(out, "},\"role\":\"");
	pf_buf_puts(out, role_name(req->role));
	pf_buf_puts(out, "\",\"stdin_bytes\":");
	put_num(out, req->stdin_len);
	pf_buf_putc(out, ',');
	json_params(out, pp);
	end_json(out, start);
	pf_fpm_verdict_free(&v);
}
