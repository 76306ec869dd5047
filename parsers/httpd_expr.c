/*
 * httpd_expr.c - ap_expr (<If>, <ElseIf>, Require expr, RewriteCond expr,
 * SetEnvIfExpr, Header ... expr=, string expressions) checked as httpd
 * 2.4 parses it at configuration time: the flex lexer of
 * server/util_expr_scan.l, the bison grammar of server/util_expr_parse.y
 * and the lookups of server/util_expr_eval.c (core_expr_lookup, mod_ssl's
 * and mod_proxy_hcheck's hooks, expr_lookup_not_found).
 *
 * The verdict and the message are httpd's: bison's "syntax error,
 * unexpected X, expecting Y" names the state bison is in when it finds
 * the error (after its default reductions), so each place below that
 * refuses a token gives the expected-token list of that LALR state
 * (none when the state expects five or more tokens, as bison does).
 * httpd appends the last lookup or lexer error (ctx->error2) after ": ";
 * lookups run at the reductions, so they are made here at the same
 * points relative to reading the next token.  bison's stack (YYMAXDEPTH
 * 10000 entries) is counted too: past it httpd says "memory exhausted".
 * The expression level (!, (), &&, ||) is iterative; words nest by
 * recursion, bounded by that count (at most ~5,000 frames).
 *
 * With a module proxyfpm does not know loaded, names are not looked up
 * (modules register their own); the grammar is core and always checked.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/httpd_int.h"

/* mod_ssl's strcEQ/strcEQn (SSL_*, SSL(), PeerExtList()) and
 * mod_proxy_hcheck's names ignore case as well. */

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

/* string_func_providers, case-insensitive. */
static const char *const funcs[] = {
	"osenv", "env", "resp", "req", "http", "note", "reqenv",
	"req_novary", "tolower", "toupper", "escape", "unescape", "file",
	"filesize", "base64", "unbase64", "sha1", "md5", "ldap", NULL
};

/* unary_op_providers (case matters) and binary_op_providers (not). */
static const char unary_ops[] = "nzRTdefsLhxFUA";
static const char *const binary_ops[] = {
	"ipmatch", "fnmatch", "strmatch", "strcmatch", NULL
};

/* bison's symbol numbers (util_expr_parse.c yytname) */
enum {
	S_END = 0, S_TRUE = 3, S_FALSE = 4, S_ERROR = 7, S_DIGIT = 8,
	S_ID = 9, S_STRING = 10, S_REGEX = 11, S_REGEX_I = 12,
	S_BACKREF = 13, S_UNARY = 14, S_BINARY = 15, S_STR_BEGIN = 16,
	S_STR_END = 17, S_VAR_BEGIN = 18, S_VAR_END = 19, S_EQ = 20,
	S_NE, S_LT, S_LE, S_GT, S_GE, S_REG = 26, S_NRE = 27, S_IN = 28,
	S_STR_EQ = 29, S_STR_NE, S_STR_LT, S_STR_LE, S_STR_GT, S_STR_GE,
	S_CONCAT = 35, S_OR = 36, S_AND = 37, S_NOT = 38, S_LP = 39,
	S_RP = 40, S_LB = 41, S_RB = 42, S_COMMA = 43, S_COLON = 44,
	S_NSYM
};

static const char *const symname[S_NSYM] = {
	"$end", "error", "$undefined", "T_TRUE", "T_FALSE", "T_EXPR_BOOL",
	"T_EXPR_STRING", "T_ERROR", "T_DIGIT", "T_ID", "T_STRING", "T_REGEX",
	"T_REGEX_I", "T_REGEX_BACKREF", "T_OP_UNARY", "T_OP_BINARY",
	"T_STR_BEGIN", "T_STR_END", "T_VAR_BEGIN", "T_VAR_END", "T_OP_EQ",
	"T_OP_NE", "T_OP_LT", "T_OP_LE", "T_OP_GT", "T_OP_GE", "T_OP_REG",
	"T_OP_NRE", "T_OP_IN", "T_OP_STR_EQ", "T_OP_STR_NE", "T_OP_STR_LT",
	"T_OP_STR_LE", "T_OP_STR_GT", "T_OP_STR_GE", "T_OP_CONCAT", "T_OP_OR",
	"T_OP_AND", "T_OP_NOT", "'('", "')'", "'{'", "'}'", "','", "':'"
};

/* The expected-token lists of the states that refuse (4 at most). */
#define X_END	"$end"
#define X_PAREN	"T_OP_OR or T_OP_AND or ')'"
#define X_LP	"'('"
#define X_ARGRP	"T_OP_CONCAT or ')'"
#define X_LIST	"T_ID or '{'"
#define X_WORDS	"'}' or ','"
#define X_REGEX	"T_REGEX or T_REGEX_I"
#define X_ID	"T_ID"
#define X_VARID	"T_VAR_END or ':'"
#define X_ARG0	"T_ERROR or T_STRING or T_REGEX_BACKREF or T_VAR_BEGIN"
#define X_ARG	"T_STRING or T_REGEX_BACKREF or T_VAR_BEGIN or T_VAR_END"
#define X_STR	"T_STRING or T_REGEX_BACKREF or T_STR_END or T_VAR_BEGIN"

#define MAXDEPTH	10000	/* bison's YYMAXDEPTH */
#define STRBUF		8192	/* MAX_STRING_LEN: scan_buf, regex_buf */

enum { L_INIT, L_STR, L_VAR, L_VARARG, L_REGEX_EOF };

struct tok {
	int		 t;
	const char	*s;	/* ID/operator name, T_STRING value, regex */
	size_t		 n;
};

struct xp {
	struct hrd	*r;
	const char	*p;		/* the lexer's position */
	int		 ls;		/* its start condition */
	unsigned char	*lstk;		/* yy_push_state's stack */
	size_t		 lsp, lcap;
	char		 del;		/* the quote of the string */
	size_t		 slen;		/* bytes in scan_buf */
	char		*sbuf;		/* scan_buf (STRBUF) */
	struct tok	 la;
	int		 have;		/* la holds the next token */
	int		 sp;		/* bison's stack entries */
	int		 names;		/* look names up */
	int		 ssl, hc;
	int		 restricted;	/* AP_EXPR_FLAG_RESTRICTED */
	int		 jam;		/* flex scanner jammed */
	int		 stop;		/* YYABORT or an error */
	const char	*error, *error2;
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
alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
idch(int c)
{
	return alpha(c) || digit(c) || c == '_';
}

/* ---- the lexer (util_expr_scan.l, longest match, first rule on ties) */

static int
lpush(struct xp *x, int state)
{
	if (x->lsp == x->lcap) {
		size_t n = x->lcap ? x->lcap * 2 : 16;
		unsigned char *s = realloc(x->lstk, n);

		if (s == NULL)
			return -1;
		x->lstk = s;
		x->lcap = n;
	}
	x->lstk[x->lsp++] = (unsigned char)state;
	return 0;
}

static int
lerr(struct xp *x, struct tok *t, const char *msg)
{
	x->error2 = msg;
	t->t = S_ERROR;
	return S_ERROR;
}

/* STR_APPEND: httpd's scan_buf holds STRBUF bytes. */
static int
sappend(struct xp *x, struct tok *t, char c)
{
	x->sbuf[x->slen++] = c;
	if (x->slen >= STRBUF)
		return lerr(x, t, "String too long");
	return 0;
}

/* T_STRING of what scan_buf holds (the caller rescans the current char). */
static int
sflush(struct xp *x, struct tok *t)
{
	t->t = S_STRING;
	t->s = pf_strndup(x->r->a, x->sbuf, x->slen);
	t->n = x->slen;
	x->slen = 0;
	return S_STRING;
}

/* The rules of <str> and <vararg> (vararg: no quotes, '}' ends it). */
static int
lex_str(struct xp *x, struct tok *t)
{
	const char *p;

	for (;;) {
		p = x->p;
		if (*p == '\0') {
			if (x->ls == L_STR && x->del == '\0') {
				/* a string expression's end */
				x->ls = L_INIT;
				return sflush(x, t);
			}
			return lerr(x, t, "Unterminated string or variable");
		}
		if (*p == '\n')
			return lerr(x, t, "Unterminated string or variable");
		if (*p == '"' || *p == '\'') {
			if (x->ls == L_VARARG) {
				x->jam = 1;
				return lerr(x, t, "flex scanner jammed");
			}
			if (*p != x->del) {
				x->p++;
				if (sappend(x, t, *p))
					return S_ERROR;
				continue;
			}
			if (x->slen > 0)
				return sflush(x, t);
			x->p++;
			x->ls = L_INIT;
			return t->t = S_STR_END;
		}
		if (*p == '\\') {
			int v = 0, o = 0, d = 0;

			if (p[1] == '\0') {
				x->jam = 1;
				return lerr(x, t, "flex scanner jammed");
			}
			while (digit(p[1 + d]))
				d++;
			while (o < 3 && p[1 + o] >= '0' && p[1 + o] <= '7')
				v = v * 8 + (p[1 + o++] - '0');
			if (d > o)
				return lerr(x, t, "Bad escape sequence");
			if (o > 0) {
				if (v > 0xff)
					return lerr(x, t,
					    "Escape sequence out of bound");
				x->p += 1 + o;
				if (sappend(x, t, (char)v))
					return S_ERROR;
				continue;
			}
			x->p += 2;
			switch (p[1]) {
			case 'n': v = '\n'; break;
			case 'r': v = '\r'; break;
			case 't': v = '\t'; break;
			case 'b': v = '\b'; break;
			case 'f': v = '\f'; break;
			default: v = (unsigned char)p[1]; break;
			}
			if (sappend(x, t, (char)v))
				return S_ERROR;
			continue;
		}
		if (*p == '$' && digit(p[1])) {
			if (x->slen > 0)
				return sflush(x, t);
			x->p += 2;
			t->t = S_BACKREF;
			return S_BACKREF;
		}
		if (*p == '%' && p[1] == '{') {
			if (x->slen > 0)
				return sflush(x, t);
			if (lpush(x, x->ls) < 0)
				return lerr(x, t, "out of memory");
			x->p += 2;
			x->ls = L_VAR;
			return t->t = S_VAR_BEGIN;
		}
		if (*p == '}' && x->ls == L_VARARG) {
			if (x->slen > 0)
				return sflush(x, t);
			x->p++;
			x->ls = x->lsp > 0 ? x->lstk[--x->lsp] : L_INIT;
			return t->t = S_VAR_END;
		}
		x->p++;
		if (sappend(x, t, *p))
			return S_ERROR;
	}
}

static int
kw(const char *s, size_t n, const char *k)
{
	return strlen(k) == n && memcmp(s, k, n) == 0;
}

/* The regex delimiters of "m"[...] */
static const char mdelims[] = "/#$%^,;:_?|-!.'\"";

static int
lex_regex(struct xp *x, struct tok *t, char d)
{
	const char *s = x->p;

	while (*x->p != '\0' && *x->p != d) {
		x->p++;
		if (x->p - s >= STRBUF)
			return lerr(x, t, "Regexp too long");
	}
	if (*x->p == '\0') {
		/* no <<EOF>> rule in <regex>: yyterminate() */
		x->ls = L_REGEX_EOF;
		return t->t = S_END;
	}
	t->s = pf_strndup(x->r->a, s, (size_t)(x->p - s));
	t->n = (size_t)(x->p - s);
	x->p++;
	if (*x->p == 'i') {
		x->p++;
		return t->t = S_REGEX_I;
	}
	return t->t = S_REGEX;
}

static int
lex(struct xp *x, struct tok *t)
{
	const char *p, *s;
	size_t n;

	t->s = NULL;
	t->n = 0;
	if (x->ls == L_REGEX_EOF)
		return t->t = S_END;
	if (x->ls == L_STR || x->ls == L_VARARG)
		return lex_str(x, t);
	if (x->ls == L_VAR) {
		p = x->p;
		if (*p == '\0')
			return lerr(x, t, "Unterminated string or variable");
		if (alpha(*p)) {
			for (s = p; idch(*p); p++)
				;
			x->p = p;
			t->s = s;
			t->n = (size_t)(p - s);
			return t->t = S_ID;
		}
		x->p++;
		if (*p == '}') {
			x->ls = x->lsp > 0 ? x->lstk[--x->lsp] : L_INIT;
			return t->t = S_VAR_END;
		}
		if (*p == ':') {
			x->ls = L_VARARG;
			return t->t = S_COLON;
		}
		return lerr(x, t, pf_printf(x->r->a, "Invalid character in "
		    "variable name '%c'", *p));
	}
	while (*x->p == ' ' || *x->p == '\t' || *x->p == '\n')
		x->p++;
	p = x->p;
	switch (*p) {
	case '\0':
		return t->t = S_END;
	case '"': case '\'':
		x->p++;
		x->del = *p;
		x->slen = 0;
		x->ls = L_STR;
		return t->t = S_STR_BEGIN;
	case '%':
		if (p[1] == '{') {
			if (lpush(x, L_INIT) < 0)
				return lerr(x, t, "out of memory");
			x->p += 2;
			x->ls = L_VAR;
			return t->t = S_VAR_BEGIN;
		}
		break;
	case '$':
		if (digit(p[1])) {
			x->p += 2;
			return t->t = S_BACKREF;
		}
		break;
	case '/':
		x->p++;
		return lex_regex(x, t, '/');
	case '=':
		x->p += p[1] == '=' || p[1] == '~' ? 2 : 1;
		return t->t = p[1] == '~' ? S_REG : S_STR_EQ;
	case '!':
		x->p += p[1] == '=' || p[1] == '~' ? 2 : 1;
		return t->t = p[1] == '=' ? S_STR_NE : p[1] == '~' ? S_NRE :
		    S_NOT;
	case '<':
		x->p += p[1] == '=' ? 2 : 1;
		return t->t = p[1] == '=' ? S_STR_LE : S_STR_LT;
	case '>':
		x->p += p[1] == '=' ? 2 : 1;
		return t->t = p[1] == '=' ? S_STR_GE : S_STR_GT;
	case '&':
		if (p[1] == '&') {
			x->p += 2;
			return t->t = S_AND;
		}
		break;
	case '|':
		if (p[1] == '|') {
			x->p += 2;
			return t->t = S_OR;
		}
		break;
	case '.':
		x->p++;
		return t->t = S_CONCAT;
	case '(': x->p++; return t->t = S_LP;
	case ')': x->p++; return t->t = S_RP;
	case '{': x->p++; return t->t = S_LB;
	case '}': x->p++; return t->t = S_RB;
	case ',': x->p++; return t->t = S_COMMA;
	case ':': x->p++; return t->t = S_COLON;
	case '-':
		if (alpha(p[1]) || p[1] == '_') {
			for (s = p + 2; idch(*s); s++)
				;
			n = (size_t)(s - p);
			x->p = s;
			t->s = p + 1;
			t->n = n - 1;
			if (n == 2)
				return t->t = S_UNARY;
			if (kw(p, n, "-in")) return t->t = S_IN;
			if (kw(p, n, "-eq")) return t->t = S_EQ;
			if (kw(p, n, "-ne")) return t->t = S_NE;
			if (kw(p, n, "-ge")) return t->t = S_GE;
			if (kw(p, n, "-le")) return t->t = S_LE;
			if (kw(p, n, "-gt")) return t->t = S_GT;
			if (kw(p, n, "-lt")) return t->t = S_LT;
			return t->t = S_BINARY;
		}
		break;
	default:
		break;
	}
	if (digit(*p) || (*p == '-' && digit(p[1]))) {
		for (s = p + 1; digit(*s); s++)
			;
		x->p = s;
		t->s = p;
		t->n = (size_t)(s - p);
		return t->t = S_DIGIT;
	}
	if (alpha(*p)) {
		for (s = p; idch(*s); s++)
			;
		n = (size_t)(s - p);
		/* "m"[delims] against the identifier: longer wins, the
		 * regex rule on a tie ("m_" then not an identifier char) */
		if (*p == 'm' && p[1] != '\0' && strchr(mdelims, p[1]) != NULL &&
		    n <= 2) {
			x->p = p + 2;
			return lex_regex(x, t, p[1]);
		}
		x->p = s;
		t->s = p;
		t->n = n;
		if (kw(p, n, "and")) return t->t = S_AND;
		if (kw(p, n, "or")) return t->t = S_OR;
		if (kw(p, n, "not")) return t->t = S_NOT;
		if (kw(p, n, "lt")) return t->t = S_LT;
		if (kw(p, n, "le")) return t->t = S_LE;
		if (kw(p, n, "gt")) return t->t = S_GT;
		if (kw(p, n, "ge")) return t->t = S_GE;
		if (kw(p, n, "ne")) return t->t = S_NE;
		if (kw(p, n, "eq")) return t->t = S_EQ;
		if (kw(p, n, "in")) return t->t = S_IN;
		if (kw(p, n, "true")) return t->t = S_TRUE;
		if (kw(p, n, "false")) return t->t = S_FALSE;
		return t->t = S_ID;
	}
	x->p++;
	return lerr(x, t, pf_printf(x->r->a, "Parse error near '%c'", *p));
}

/* ---- the parser */

static int
peek(struct xp *x)
{
	if (!x->have) {
		lex(x, &x->la);
		x->have = 1;
		if (x->jam)
			x->stop = 1;
	}
	return x->la.t;
}

/* bison's shift: one more stack entry, "memory exhausted" at the top. */
static int
shift(struct xp *x)
{
	x->have = 0;
	if (++x->sp >= MAXDEPTH) {
		x->error = "memory exhausted";
		x->stop = 1;
		return -1;
	}
	return 0;
}

/* A reduction of n symbols: n entries become one. */
static void
reduce(struct xp *x, int n)
{
	x->sp -= n - 1;
}

/* yyerror after the unexpected token in a state expecting exp (NULL:
 * five or more tokens, which bison does not list). */
static int
syn(struct xp *x, const char *exp)
{
	if (x->stop)
		return -1;
	x->error = exp != NULL ? pf_printf(x->r->a, "syntax error, "
	    "unexpected %s, expecting %s", symname[x->la.t], exp) :
	    pf_printf(x->r->a, "syntax error, unexpected %s",
	    symname[x->la.t]);
	x->stop = 1;
	return -1;
}

/* A T_ERROR the grammar takes (expr, string): YYABORT with error2. */
static int
abort_lex(struct xp *x)
{
	x->stop = 1;
	return -1;
}

static void
notfound(struct xp *x, const char *type, const char *pre, const char *s,
    size_t n)
{
	x->error2 = pf_printf(x->r->a, "%s '%s%.*s' does not exist", type, pre,
	    (int)n, s);
}

static void
lookup_var(struct xp *x, const char *s, size_t n)
{
	if (!x->names || listed(vars, s, n))
		return;
	if (x->ssl && n >= 4 && strncasecmp(s, "SSL_", 4) == 0)
		return;
	if (x->hc && n >= 3 && strncasecmp(s, "HC_", 3) == 0)
		return;
	notfound(x, "Variable", "", s, n);
}

/*
 * util_expr_eval.c core_expr_lookup: in an .htaccess file
 * (ap_expr_parse_cmd_mi sets AP_EXPR_FLAG_RESTRICTED there) the
 * providers marked restricted are refused, "file not available in
 * restricted context".  Of the unary operators marked so (-d -e -f -s -L
 * -h -x) apache2 2.4.71 refuses none in an .htaccess <If>, so only the
 * two functions are (found by the big projects' files: TYPO3/Nextcloud
 * style <If> conditions, varied).
 */
static const char *const restricted_funcs[] = { "file", "filesize", NULL };

static void
lookup_func(struct xp *x, const char *s, size_t n)
{
	if (x->restricted && listed(restricted_funcs, s, n)) {
		/* the provider's name as the table spells it (FILE: file) */
		x->error2 = pf_printf(x->r->a, "%s not available in "
		    "restricted context", n == 4 ? "file" : "filesize");
		return;
	}
	if (!x->names || listed(funcs, s, n))
		return;
	if (x->ssl && n == 3 && strncasecmp(s, "SSL", 3) == 0)
		return;
	if (x->hc && n == 2 && strncasecmp(s, "HC", 2) == 0)
		return;
	notfound(x, "Function", "", s, n);
}

static void
lookup_list(struct xp *x, const char *s, size_t n)
{
	if (!x->names)
		return;
	if (x->ssl && n == 11 && strncasecmp(s, "PeerExtList", 11) == 0)
		return;
	notfound(x, "List-returning function", "", s, n);
}

/* APR's inet_pton4: four dotted decimals up to 255 (leading zeros too). */
static int
apr_pton4(const char *s)
{
	int octets = 0, saw = 0;
	unsigned v = 0;

	for (; *s != '\0'; s++) {
		if (digit(*s)) {
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255)
				return 0;
			if (!saw) {
				if (++octets > 4)
					return 0;
				saw = 1;
			}
		} else if (*s == '.' && saw) {
			if (octets == 4)
				return 0;
			v = 0;
			saw = 0;
		} else
			return 0;
	}
	return octets == 4;
}

/*
 * APR's inet_pton6 (network_io/unix/inet_pton.c), which apache2 uses where
 * it checks an IPv6 address (apr_parse_addr_port, apr_ipsubnet_create): a
 * group is any number of hex digits worth at most 0xffff ("00000" passes,
 * glibc's inet_pton wants at most four digits), a dotted quad may end it.
 * 1 when S is such an address, its 16 bytes in OUT.
 */
int
pf_apr_pton6(const char *s, unsigned char out[16])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char tmp[16], *tp = tmp, *end = tmp + 16, *colonp = NULL;
	const char *cur, *h;
	unsigned val = 0;
	int saw = 0, ch;

	memset(tmp, 0, sizeof(tmp));
	if (*s == ':' && *++s != ':')
		return 0;
	cur = s;
	while ((ch = *s++) != '\0') {
		if ((h = strchr(hex, tolower(ch))) != NULL) {
			val = (val << 4) | (unsigned)(h - hex);
			if (val > 0xffff)
				return 0;
			saw = 1;
			continue;
		}
		if (ch == ':') {
			cur = s;
			if (!saw) {
				if (colonp != NULL)
					return 0;
				colonp = tp;
				continue;
			} else if (*s == '\0')
				return 0;
			if (tp + 2 > end)
				return 0;
			*tp++ = (unsigned char)(val >> 8);
			*tp++ = (unsigned char)(val & 0xff);
			saw = 0;
			val = 0;
			continue;
		}
		if (ch == '.' && tp + 4 <= end && apr_pton4(cur)) {
			unsigned v = 0;

			for (; *cur != '\0'; cur++)	/* decimal octets */
				if (*cur == '.') {
					*tp++ = (unsigned char)v;
					v = 0;
				} else
					v = v * 10 + (unsigned)(*cur - '0');
			*tp++ = (unsigned char)v;
			saw = 0;
			break;
		}
		return 0;
	}
	if (saw) {
		if (tp + 2 > end)
			return 0;
		*tp++ = (unsigned char)(val >> 8);
		*tp++ = (unsigned char)(val & 0xff);
	}
	if (colonp != NULL) {
		size_t n = (size_t)(tp - colonp);

		if (tp == end)
			return 0;
		memmove(end - n, colonp, n);
		memset(colonp, 0, (size_t)(end - n - colonp));
		tp = end;
	}
	if (tp != end)
		return 0;
	memcpy(out, tmp, 16);
	return 1;
}

/* parse_network: "10", "10.1." ... at most four octets. */
static int
apr_network(const char *s)
{
	int shift = 24;

	if (strlen(s) >= sizeof("255.255.255.255"))
		return 0;
	while (*s != '\0') {
		int v = 0;

		if (!digit(*s))
			return 0;
		while (digit(*s))
			v = v * 10 + (*s++ - '0');
		if (*s == '.')
			s++;
		else if (*s != '\0')
			return 0;
		if (shift < 0 || v > 255)
			return 0;
		shift -= 8;
	}
	return 1;
}

int
pf_hrd_subnet_word(struct pf_arena *a, const char *w, const char **ip)
{
	const char *sl = strchr(w, '/');
	const char *addr = sl != NULL ? pf_strndup(a, w, (size_t)(sl - w)) :
	    w;

	if (ip != NULL)
		*ip = addr;
	return pf_hrd_subnet(addr, sl != NULL ? sl + 1 : NULL);
}

const char *
pf_hrd_subnet_why(int e)
{
	return e == PF_SUBNET_BADIP ? ": The specified IP address is "
	    "invalid." : e == PF_SUBNET_BADMASK ? ": The specified network "
	    "mask is invalid." : "";
}

/*
 * apr_ipsubnet_create(addr, mask): 0, or why it fails (PF_SUBNET_*).
 * looks_like_ip first: digits and dots, or any ':'.
 */
int
pf_hrd_subnet(const char *addr, const char *mask)
{
	const char *q;
	unsigned char a6[16];
	int six = 0;
	long bits;
	char *end;

	if (*addr == '\0')
		return PF_SUBNET_INVAL;
	if (strchr(addr, ':') == NULL) {
		for (q = addr; *q == '.' || digit(*q); q++)
			;
		if (*q != '\0')
			return PF_SUBNET_INVAL;
	}
	if (pf_apr_pton6(addr, a6) == 1) {
		static const unsigned char v4m[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
		    0, 0, 0xff, 0xff };

		if (memcmp(a6, v4m, 12) == 0)
			return PF_SUBNET_BADIP;
		six = 1;
	} else if (!apr_pton4(addr)) {
		if (mask != NULL || !apr_network(addr))
			return PF_SUBNET_BADIP;
	}
	if (mask == NULL)
		return 0;
	errno = 0;
	bits = strtol(mask, &end, 10);
	if (*end == '\0' && bits > 0 && bits <= (six ? 128 : 32))
		return 0;
	return !six && apr_pton4(mask) ? 0 : PF_SUBNET_BADMASK;
}

/* apr_ipsubnet_create(addr, mask) succeeds (subnet_parse_arg). */
static int
subnet_ok(struct xp *x, const char *arg)
{
	const char *slash = strchr(arg, '/');
	char *addr = slash != NULL ? pf_strndup(x->r->a, arg,
	    (size_t)(slash - arg)) : (char *)arg;

	return pf_hrd_subnet(addr, slash != NULL ? slash + 1 : NULL) == 0;
}

/* The operators' lookups; arg: the right word when it is one constant
 * string (op_String), else NULL. */
static void
lookup_op(struct xp *x, int binary, const char *s, size_t n,
    const char *arg)
{
	int known;

	if (!x->names)
		return;
	if (binary)
		known = listed(binary_ops, s, n);
	else
		known = n == 1 && strchr(unary_ops, *s) != NULL;
	if (!known) {
		notfound(x, binary ? "Binary operator" : "Unary operator", "-",
		    s, n);
		return;
	}
	if (!(binary ? n == 7 && strncasecmp(s, "ipmatch", 7) == 0 :
	    *s == 'R'))
		return;
	if (arg == NULL)
		x->error2 = pf_printf(x->r->a, "-%.*s requires subnet/netmask "
		    "as constant argument", (int)n, s);
	else if (!subnet_ok(x, arg))
		x->error2 = "parsing of subnet/netmask failed";
}

static int parse_word(struct xp *, const char **);

static int
is_part(int t)
{
	return t == S_STRING || t == S_BACKREF || t == S_VAR_BEGIN;
}

static int parse_var(struct xp *);

/* strpart (the token is the look-ahead) */
static int
parse_part(struct xp *x)
{
	int t = x->la.t;

	if (shift(x) < 0)
		return -1;
	if (t == S_VAR_BEGIN)
		return parse_var(x);
	return 0;
}

/* var after T_VAR_BEGIN (states 13, 33, 59, 86). */
static int
parse_var(struct xp *x)
{
	struct tok id;

	if (peek(x) != S_ID)
		return syn(x, X_ID);
	id = x->la;
	if (shift(x) < 0)
		return -1;
	if (peek(x) == S_VAR_END) {
		if (shift(x) < 0)
			return -1;
		reduce(x, 3);
		lookup_var(x, id.s, id.n);
		return 0;
	}
	if (x->la.t != S_COLON)
		return syn(x, X_VARID);
	if (shift(x) < 0)
		return -1;
	if (peek(x) == S_ERROR) {
		shift(x);
		return abort_lex(x);
	}
	if (!is_part(x->la.t))
		return syn(x, X_ARG0);
	if (parse_part(x) < 0)
		return -1;
	for (;;) {
		if (peek(x) == S_VAR_END)
			break;
		if (!is_part(x->la.t))
			return syn(x, X_ARG);
		if (parse_part(x) < 0)
			return -1;
		reduce(x, 2);
	}
	if (shift(x) < 0)
		return -1;
	reduce(x, 5);
	lookup_func(x, id.s, id.n);
	return 0;
}

/* "..." after T_STR_BEGIN (states 12, 32); *cst: its value when it is
 * one constant string. */
static int
parse_quoted(struct xp *x, const char **cst)
{
	int parts = 0;

	*cst = NULL;
	if (peek(x) == S_STR_END) {
		if (shift(x) < 0)
			return -1;
		reduce(x, 2);
		*cst = "";
		return 0;
	}
	if (x->la.t == S_ERROR) {
		shift(x);
		return abort_lex(x);
	}
	if (!is_part(x->la.t))
		return syn(x, NULL);
	for (;;) {
		const char *v = x->la.t == S_STRING ? x->la.s : NULL;

		if (parse_part(x) < 0)
			return -1;
		if (parts++ > 0)
			reduce(x, 2);
		*cst = parts == 1 ? v : NULL;
		if (peek(x) == S_STR_END)
			break;
		if (!is_part(x->la.t))
			return syn(x, X_STR);
	}
	if (shift(x) < 0)
		return -1;
	reduce(x, 3);
	return 0;
}

/* One word without '.' (a state expecting a word: five tokens or more);
 * list: after -in (a function is a list function). */
static int
parse_atom(struct xp *x, const char **cst, int list)
{
	struct tok id;

	*cst = NULL;
	switch (peek(x)) {
	case S_DIGIT:
	case S_BACKREF:
		return shift(x);
	case S_VAR_BEGIN:
		if (shift(x) < 0)
			return -1;
		return parse_var(x);
	case S_STR_BEGIN:
		if (shift(x) < 0)
			return -1;
		return parse_quoted(x, cst);
	case S_ID:
		break;
	default:
		return syn(x, NULL);
	}
	id = x->la;
	if (shift(x) < 0)
		return -1;
	if (peek(x) != S_LP)
		return syn(x, X_LP);
	if (shift(x) < 0 || parse_word(x, cst) < 0)
		return -1;
	*cst = NULL;
	if (peek(x) != S_RP)
		return syn(x, X_ARGRP);
	if (shift(x) < 0)
		return -1;
	reduce(x, 4);
	if (list)
		lookup_list(x, id.s, id.n);
	else
		lookup_func(x, id.s, id.n);
	return 0;
}

/* word: atoms joined by '.' (right-associative: reduced at the end);
 * returns with the next token read. */
static int
parse_word(struct xp *x, const char **cst)
{
	int n = 0;

	if (parse_atom(x, cst, 0) < 0)
		return -1;
	while (peek(x) == S_CONCAT) {
		const char *c;

		if (shift(x) < 0 || parse_atom(x, &c, 0) < 0)
			return -1;
		n++;
		*cst = NULL;
	}
	x->sp -= 2 * n;
	return x->stop ? -1 : 0;
}

/* wordlist after -in (states 47, 87-95). */
static int
parse_wordlist(struct xp *x)
{
	const char *c;

	if (peek(x) == S_ID) {
		/* lstfunccall: T_ID '(' word ')' */
		return parse_atom(x, &c, 1);
	}
	if (x->la.t != S_LB)
		return syn(x, X_LIST);
	if (shift(x) < 0 || parse_word(x, &c) < 0)
		return -1;
	for (;;) {
		if (x->la.t == S_RB)
			break;
		if (x->la.t != S_COMMA)
			return syn(x, X_WORDS);
		if (shift(x) < 0 || parse_word(x, &c) < 0)
			return -1;
		reduce(x, 3);
	}
	if (shift(x) < 0)
		return -1;
	reduce(x, 3);
	return 0;
}

/* An expr that is no operator of the expression level: true, false,
 * -x word, word op word (the token is read). */
static int
parse_cond(struct xp *x)
{
	struct tok op;
	const char *cst;
	int t = peek(x);

	if (t == S_TRUE || t == S_FALSE)
		return shift(x);
	if (t == S_ERROR) {
		shift(x);
		return abort_lex(x);
	}
	if (t == S_UNARY) {
		op = x->la;
		if (shift(x) < 0 || parse_word(x, &cst) < 0)
			return -1;
		reduce(x, 2);
		lookup_op(x, 0, op.s, op.n, cst);
		return 0;
	}
	if (t != S_DIGIT && t != S_ID && t != S_BACKREF && t != S_STR_BEGIN &&
	    t != S_VAR_BEGIN)
		return syn(x, NULL);
	if (parse_word(x, &cst) < 0)
		return -1;
	op = x->la;
	switch (op.t) {
	case S_BINARY:
		if (shift(x) < 0 || parse_word(x, &cst) < 0)
			return -1;
		reduce(x, 3);
		lookup_op(x, 1, op.s, op.n, cst);
		return 0;
	case S_EQ: case S_NE: case S_LT: case S_LE: case S_GT: case S_GE:
	case S_STR_EQ: case S_STR_NE: case S_STR_LT: case S_STR_LE:
	case S_STR_GT: case S_STR_GE:
		if (shift(x) < 0 || parse_word(x, &cst) < 0)
			return -1;
		break;
	case S_IN:
		if (shift(x) < 0 || parse_wordlist(x) < 0)
			return -1;
		break;
	case S_REG:
	case S_NRE: {
		pcre2_code *code;
		int err;
		PCRE2_SIZE off;

		if (shift(x) < 0)
			return -1;
		t = peek(x);
		if (t != S_REGEX && t != S_REGEX_I)
			return syn(x, X_REGEX);
		if (shift(x) < 0)
			return -1;
		/* ap_pregcomp(AP_REG_EXTENDED|AP_REG_NOSUB[|AP_REG_ICASE]) */
		code = pcre2_compile((PCRE2_SPTR)x->la.s, x->la.n,
		    t == S_REGEX_I ? PCRE2_CASELESS : 0, &err, &off, NULL);
		if (code == NULL) {
			x->error = "Failed to compile regular expression";
			x->stop = 1;
			return -1;
		}
		pcre2_code_free(code);
		break;
	}
	default:
		return syn(x, NULL);
	}
	reduce(x, 3);
	return 0;
}

/* The expression level, iterative: pending '(' '!' "expr ||" "expr &&"
 * on a stack (bison's precedence: ! > && > ||, && and || to the right). */
enum { P_PAREN, P_NOT, P_OR, P_AND };

static int
parse_bool(struct xp *x)
{
	unsigned char *st = NULL;
	size_t n = 0, cap = 0;
	int t, rc = -1;

	for (;;) {
		/* an expr starts: '!' and '(' are pushed */
		t = peek(x);
		if (t == S_NOT || t == S_LP) {
			if (n == cap) {
				unsigned char *s = realloc(st, cap = cap ?
				    cap * 2 : 64);

				if (s == NULL)
					goto out;
				st = s;
			}
			st[n++] = t == S_NOT ? P_NOT : P_PAREN;
			if (shift(x) < 0)
				goto out;
			continue;
		}
		if (parse_cond(x) < 0)
			goto out;
		/* an expr ends: reduce what binds tighter than the next
		 * token, close a ')' */
		for (;;) {
			t = peek(x);
			if (x->stop)
				goto out;
			while (n > 0 && (st[n - 1] == P_NOT ||
			    (t != S_AND && st[n - 1] == P_AND) ||
			    (t != S_AND && t != S_OR && st[n - 1] == P_OR))) {
				reduce(x, st[n - 1] == P_NOT ? 2 : 3);
				n--;
			}
			if (t == S_OR || t == S_AND)
				break;
			if (n > 0) {	/* st[n - 1] == P_PAREN */
				if (t != S_RP) {
					syn(x, X_PAREN);
					goto out;
				}
				if (shift(x) < 0)
					goto out;
				reduce(x, 3);
				n--;
				continue;
			}
			if (t != S_END) {
				syn(x, X_END);
				goto out;
			}
			rc = 0;
			goto out;
		}
		if (n == cap) {
			unsigned char *s = realloc(st, cap = cap ? cap * 2 :
			    64);

			if (s == NULL)
				goto out;
			st = s;
		}
		st[n++] = t == S_OR ? P_OR : P_AND;
		if (shift(x) < 0)
			goto out;
	}
out:
	free(st);
	return rc;
}

/* root: T_EXPR_STRING string (state 2, 24, 4). */
static int
parse_string_expr(struct xp *x)
{
	int parts = 0;

	if (peek(x) == S_ERROR) {
		shift(x);
		return abort_lex(x);
	}
	for (;;) {
		if (!is_part(x->la.t))
			return syn(x, NULL);
		if (parse_part(x) < 0)
			return -1;
		if (parts++ > 0)
			reduce(x, 2);
		if (peek(x) == S_END || x->stop)
			break;
		if (!is_part(x->la.t))
			return syn(x, X_END);
	}
	return x->stop ? -1 : 0;
}

/* ap_expr_parse: its message, or NULL. */
static const char *
expr_parse(struct hrd *r, const char *e, int string, int restricted)
{
	struct xp x;
	char *sbuf = malloc(STRBUF);
	const char *msg;

	if (sbuf == NULL)
		return NULL;
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.p = e;
	x.sbuf = sbuf;
	x.names = !(r->third_party || pf_hrd_module_loaded(r, "lua_module"));
	x.ssl = pf_hrd_module_loaded(r, "ssl_module");
	x.hc = pf_hrd_module_loaded(r, "proxy_hcheck_module");
	x.restricted = restricted;
	x.sp = 2;		/* state 0, T_EXPR_BOOL/T_EXPR_STRING */
	if (string)
		x.ls = L_STR;	/* scan_del '\0': quotes are text */
	if (string)
		parse_string_expr(&x);
	else
		parse_bool(&x);
	free(x.lstk);
	free(sbuf);
	if (x.jam)
		return "flex scanner jammed";
	if (x.error != NULL && x.error2 != NULL)
		msg = pf_printf(r->a, "%s: %s", x.error, x.error2);
	else
		msg = x.error != NULL ? x.error : x.error2;
	return msg;
}

const char *
pf_hrd_expr_check(struct hrd *r, const char *e, unsigned flags)
{
	size_t n;

	if (flags & PF_HEXPR_REQUIRE) {
		/* mod_authz_core gets the line after the provider's word
		 * (spaces around it gone) and drops quotes around it all */
		while (pf_hrd_space(*e))
			e++;
		for (n = strlen(e); n > 0 && pf_hrd_space(e[n - 1]); n--)
			;
		if (n > 0 && e[0] == '"' && e[n - 1] == '"')
			e = pf_strndup(r->a, e + 1, n >= 2 ? n - 2 : 0);
		else
			e = pf_strndup(r->a, e, n);
	}
	return expr_parse(r, e, (flags & PF_HEXPR_STRING) != 0,
	    (flags & PF_HEXPR_HTACCESS) != 0);
}

const char *
pf_hrd_expr_error(struct hrd *r, const char *e)
{
	return expr_parse(r, e, 0, 0);
}
