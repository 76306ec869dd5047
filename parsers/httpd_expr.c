/*
 * httpd_expr.c - the names and regular expressions of an ap_expr (<If>,
 * <ElseIf>, Require expr), checked as httpd checks them when it parses
 * the expression at configuration time (server/util_expr_eval.c
 * core_expr_lookup, util_expr_scan.l): a %{NAME} that no provider knows,
 * a %{func:arg} or func(...) that is no function, a regular expression
 * PCRE cannot compile each fail `apache2 -t`.
 *
 * This is not the grammar: a misplaced operator or an unbalanced
 * parenthesis is left to httpd (the reader would rather say nothing than
 * refuse an expression httpd accepts).  With a module proxyfpm does not
 * know loaded, names are not checked at all (modules register their own).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>
#include <strings.h>

#include "parsers/httpd_int.h"

/* core_expr_lookup's variables (var_providers), case-insensitive. */
static const char *const vars[] = {
	"TIME_YEAR", "TIME_MON", "TIME_DAY", "TIME_HOUR", "TIME_MIN",
	"TIME_SEC", "TIME_WDAY", "TIME", "SERVER_SOFTWARE", "API_VERSION",
	"HTTP_USER_AGENT", "HTTP_PROXY_CONNECTION", "HTTP_REFERER",
	"HTTP_COOKIE", "HTTP_FORWARDED", "HTTP_HOST", "HTTP_ACCEPT",
	"REQUEST_METHOD", "REQUEST_SCHEME", "REQUEST_URI", "REQUEST_FILENAME",
	"REMOTE_HOST", "REMOTE_IDENT", "REMOTE_USER", "SERVER_ADMIN",
	"SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SCRIPT_FILENAME",
	"PATH_INFO", "QUERY_STRING", "IS_SUBREQ", "DOCUMENT_ROOT", "AUTH_TYPE",
	"THE_REQUEST", "CONTENT_TYPE", "HANDLER", "REQUEST_LOG_ID",
	"SCRIPT_USER", "SCRIPT_GROUP", "DOCUMENT_URI", "LAST_MODIFIED",
	"CONTEXT_PREFIX", "CONTEXT_DOCUMENT_ROOT", "REQUEST_STATUS",
	"REMOTE_ADDR", "REMOTE_PORT", "HTTPS", "IPV6", "CONN_LOG_ID",
	"CONN_REMOTE_ADDR", "HTTP2", NULL
};

/* string_func_providers (and mod_ssl's list function), case-insensitive. */
static const char *const funcs[] = {
	"osenv", "env", "resp", "req", "http", "note", "reqenv",
	"req_novary", "tolower", "toupper", "escape", "unescape", "file",
	"filesize", "base64", "unbase64", "sha1", "md5", "ldap", NULL
};

static int
listed(const char *const *l, const char *s, size_t n)
{
	for (; *l != NULL; l++)
		if (strlen(*l) == n && strncasecmp(*l, s, n) == 0)
			return 1;
	return 0;
}

static int
id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

struct ectx {
	struct hrd	*r;
	int		 ssl;		/* mod_ssl: SSL_* variables */
	const char	*err;
};

static void
fail(struct ectx *c, const char *fmt, const char *s, size_t n)
{
	if (c->err == NULL)
		c->err = pf_printf(c->r->a, fmt, (int)n, s);
}

/* %{NAME} or %{func:arg} at p (past "%{"); returns the end ('}' + 1) or
 * NULL if unterminated (httpd's lexer error: left to httpd). */
static const char *
var(struct ectx *c, const char *p)
{
	const char *s = p, *colon;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return NULL;
	while (id_char(*p))
		p++;
	colon = *p == ':' ? p : NULL;
	if (colon == NULL && *p != '}')
		return NULL;
	if (colon != NULL) {
		if (!listed(funcs, s, (size_t)(colon - s)))
			fail(c, "Function '%.*s' does not exist", s,
			    (size_t)(colon - s));
		p = strchr(colon, '}');
		return p != NULL ? p + 1 : NULL;
	}
	if (!listed(vars, s, (size_t)(p - s)) &&
	    !(c->ssl && p - s > 4 && strncmp(s, "SSL_", 4) == 0))
		fail(c, "Variable '%.*s' does not exist", s, (size_t)(p - s));
	return p + 1;
}

/* A quoted string at p (on the quote): its %{} are variables too. */
static const char *
string(struct ectx *c, const char *p)
{
	char q = *p++;

	while (*p != '\0' && *p != q) {
		if (*p == '\\' && p[1] != '\0')
			p += 2;
		else if (p[0] == '%' && p[1] == '{') {
			if ((p = var(c, p + 2)) == NULL)
				return NULL;
		} else
			p++;
	}
	return *p == q ? p + 1 : NULL;
}

/* A regex literal at p (/re/ or m#re#, flags i): compiled as
 * ap_regcomp would. */
static const char *
regex(struct ectx *c, const char *p)
{
	char d;
	const char *s;
	char *re;
	pcre2_code *code;
	int err, icase = 0;
	PCRE2_SIZE off;

	if (*p == '/')
		d = '/';
	else if (*p == 'm' && p[1] != '\0' && !id_char(p[1]) && p[1] != ' ')
		d = *++p;
	else
		return p;
	/* util_expr_scan.l: the first delimiter ends it, a backslash
	 * does not escape it ("/^\/a/" is the regex "^\") */
	s = ++p;
	while (*p != '\0' && *p != d)
		p++;
	if (*p != d)
		return NULL;
	re = pf_strndup(c->r->a, s, (size_t)(p - s));
	for (p++; *p == 'i'; p++)
		icase = 1;
	code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
	    icase ? PCRE2_CASELESS : 0, &err, &off, NULL);
	if (code == NULL)
		fail(c, "Failed to compile regular expression%.*s", "", 0);
	pcre2_code_free(code);
	return p;
}

const char *
pf_hrd_expr_error(struct hrd *r, const char *e)
{
	struct ectx c = { r, 0, NULL };
	const char *p = e, *s;

	if (r->third_party || pf_hrd_module_loaded(r, "lua_module"))
		return NULL;
	c.ssl = pf_hrd_module_loaded(r, "ssl_module");
	while (p != NULL && *p != '\0' && c.err == NULL) {
		if (*p == '"' || *p == '\'') {
			p = string(&c, p);
		} else if (p[0] == '%' && p[1] == '{') {
			p = var(&c, p + 2);
		} else if ((p[0] == '=' || p[0] == '!') && p[1] == '~') {
			for (p += 2; pf_hrd_space(*p); p++)
				;
			p = regex(&c, p);
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
			/* a word: a function when '(' follows; operators
			 * (eq, in, ...) and true/false are words too */
			const char *end;

			for (s = p; id_char(*p); p++)
				;
			end = p;
			if (s > e && (s[-1] == '-' || s[-1] == '$'))
				continue;	/* -f, -ipmatch, $1 */
			while (pf_hrd_space(*p))
				p++;
			if (*p == '(' && !listed(funcs, s, (size_t)(end - s)) &&
			    !(c.ssl && end - s == 11 &&
			    strncasecmp(s, "PeerExtList", 11) == 0))
				fail(&c, "Function '%.*s' does not exist", s,
				    (size_t)(end - s));
		} else
			p++;
	}
	return c.err != NULL ? c.err : NULL;
}
