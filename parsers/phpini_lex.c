/*
 * phpini_lex.c - PHP's INI scanner and parser (see phpini_lex.h).
 *
 * The scanner follows zend_ini_scanner.l rule by rule: in each state every
 * rule is tried at the cursor, the longest match wins and ties go to the
 * rule written first, as re2c does.  The buffer ends with a virtual NUL at
 * buf[len]; a rule that consumes it and wants one more byte makes the
 * scanner return "end of file" (PHP's YYFILL), which is how an unclosed
 * '...' or a ';' comment on a last line without newline ends the parse.
 * The parser is a recursive-descent form of zend_ini_parser.y that accepts
 * the same language and calls back at the same points.
 */
#include "parsers/phpini_lex.h"
#include "model/run.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Scanner states (zend_ini_scanner.l conditions). */
enum { S_INITIAL, S_SECTION, S_OFFSET, S_VALUE, S_DQ, S_VARNAME };

/* Tokens (bison names in comments, used in messages). */
enum {
	T_END,		/* end of file */
	T_SECTION,	/* TC_SECTION */
	T_RAW,		/* TC_RAW */
	T_CONSTANT,	/* TC_CONSTANT */
	T_NUMBER,	/* TC_NUMBER */
	T_STRING,	/* TC_STRING */
	T_WHITESPACE,	/* TC_WHITESPACE */
	T_LABEL,	/* TC_LABEL */
	T_OFFSET,	/* TC_OFFSET */
	T_DOLLAR_CURLY,	/* TC_DOLLAR_CURLY */
	T_VARNAME,	/* TC_VARNAME */
	T_QUOTED,	/* TC_QUOTED_STRING */
	T_BOOL_TRUE,	/* BOOL_TRUE */
	T_BOOL_FALSE,	/* BOOL_FALSE */
	T_NULL,		/* NULL_NULL */
	T_EOL,		/* END_OF_LINE */
	T_CHAR,		/* a one-character token: '=', ']', '"', '|', ... */
};

static const char *const tok_names[] = {
	"end of file", "TC_SECTION", "TC_RAW", "TC_CONSTANT", "TC_NUMBER",
	"TC_STRING", "TC_WHITESPACE", "TC_LABEL", "TC_OFFSET",
	"TC_DOLLAR_CURLY", "TC_VARNAME", "TC_QUOTED_STRING", "BOOL_TRUE",
	"BOOL_FALSE", "NULL_NULL", "END_OF_LINE", "char",
};

#define FILL	(-1)		/* past the virtual NUL: "return 0" */
#define STACK	16

struct zp {
	struct pf_arena	*a;
	const unsigned char *b;
	size_t		 len, pos;
	int		 state;
	int		 stack[STACK];
	int		 depth;
	/* location cursor: (lpos) is at (line, col) */
	size_t		 lpos;
	uint32_t	 line, col, file;
	/* the current token */
	int		 tok, ch;
	size_t		 tstart, tend;	/* bytes of the token */
	const char	*text;		/* its semantic text (not terminated) */
	size_t		 tlen;
	const struct pf_zini_handler *h;
	struct pf_zini_error *err;
	int		 failed;
	/* bison's stack: states below the value, and nested ( ~ ! | & ^ */
	int		 base, nest;
};

/*
 * PHP's parser is bison with YYMAXDEPTH 10000: a value nested deeper
 * than its stack ("((((...", "~~~~...") fails with "memory exhausted".
 * The same bound keeps this recursive parser's stack small.
 */
#define ZINI_MAXDEPTH	10000

/* A string under construction, in the arena. */
struct sb {
	char	*p;
	size_t	 len, cap;
	size_t	 start, end;	/* source span, for its location */
	int	 any;		/* a token was added */
};

static void
sb_add(struct zp *z, struct sb *s, const char *x, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t nc = s->cap ? s->cap : 32;

		while (nc < s->len + n + 1)
			nc *= 2;
		s->p = pf_grow(z->a, s->p, s->len, nc, 1);
		s->cap = nc;
	}
	if (n > 0)
		memcpy(s->p + s->len, x, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void
sb_span(struct zp *z, struct sb *s)
{
	if (!s->any) {
		s->start = z->tstart;
		s->any = 1;
	}
	s->end = z->tend;
}

static const char *
sb_str(struct zp *z, struct sb *s)
{
	if (s->p == NULL)
		sb_add(z, s, "", 0);
	return s->p;
}

/* ---- locations ---- */

static void
loc_at(struct zp *z, size_t pos, uint32_t *line, uint32_t *col)
{
	if (pos > z->len)
		pos = z->len;
	while (z->lpos < pos) {
		const unsigned char *nl = memchr(z->b + z->lpos, '\n',
		    pos - z->lpos);

		if (nl == NULL) {
			z->col += (uint32_t)(pos - z->lpos);
			z->lpos = pos;
			break;
		}
		z->line++;
		z->col = 1;
		z->lpos = (size_t)(nl - z->b) + 1;
	}
	*line = z->line;
	*col = z->col;
}

static struct pf_loc
span_loc(struct zp *z, size_t start, size_t end)
{
	struct pf_loc l;
	size_t e = start;

	loc_at(z, start, &l.line, &l.col);
	l.file = z->file;
	while (e < end && e < z->len && z->b[e] != '\n' && z->b[e] != '\r')
		e++;
	l.len = (uint32_t)(e - start);
	return l;
}

/* ---- scanner helpers ---- */

/* Character classes, built once (the scanner asks for every byte). */
enum {
	C_LABEL = 1,	/* LABEL_CHAR */
	C_VALUE = 2,	/* the plain part of VALUE_CHARS */
	C_SECTION = 4,	/* the plain part of SECTION_VALUE_CHARS, not NUL */
	C_TOKEN = 8,	/* TOKENS of INITIAL */
	C_OPER = 16,	/* OPERATORS */
	C_KW = 32,	/* first letter of a keyword */
	/* for fast_line: */
	C_PLAIN = 64,	/* [A-Za-z0-9_.-]: names, keys and sections */
	C_CONSTCH = 128,	/* [A-Za-z0-9_]: the rest of a constant */
	C_FASTVAL = 256,	/* a plain value byte: C_VALUE, not '$',
				 * not NUL and below 0x80 */
};

static unsigned short cls[256];

static void
init_classes(void)
{
	int c;

	if (cls['a'] != 0)
		return;
	for (c = 1; c < 256; c++) {
		unsigned k = 0;

		if (strchr("=\n\r\t;&|^$~(){}!\"[", c) == NULL)
			k |= C_LABEL;
		if (strchr("$= \t\n\r;&|^~()!\"'", c) == NULL)
			k |= C_VALUE;
		if (strchr("$\n\r;\"'\\]", c) == NULL)
			k |= C_SECTION;
		if (strchr(":,.[]\"'()&|^+-/*=%$!~<>?@{}", c) != NULL)
			k |= C_TOKEN;
		if (strchr("&|^~()!", c) != NULL)
			k |= C_OPER;
		if (strchr("tToOyYfFnN", c) != NULL)
			k |= C_KW;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_')
			k |= C_CONSTCH | C_PLAIN;
		if (c == '.' || c == '-')
			k |= C_PLAIN;
		if ((k & C_VALUE) && c != '$' && c < 0x80)
			k |= C_FASTVAL;
		cls[c] = (unsigned short)k;
	}
}

static int
at(const struct zp *z, size_t i)
{
	if (i < z->len)
		return z->b[i];
	return i == z->len ? 0 : FILL;
}

static size_t
ws_run(const struct zp *z, size_t i)
{
	size_t n = 0;

	while (at(z, i + n) == ' ' || at(z, i + n) == '\t')
		n++;
	return n;
}

/* NEWLINE ("\r"|"\n"|"\r\n"): its length at i, or 0. */
static size_t
nl_len(const struct zp *z, size_t i)
{
	int c = at(z, i);

	if (c == '\n')
		return 1;
	if (c == '\r')
		return at(z, i + 1) == '\n' ? 2 : 1;
	return 0;
}

/*
 * LABEL_CHAR of PHP 8.2: [^=\n\r\t;&|^$~(){}!"[\x00] (']' is a label
 * character there: "]=1" sets key "]"; later PHP versions exclude it).
 */
static int
is_label_char(int c)
{
	return c > 0 && (cls[c] & C_LABEL);
}

static size_t
label_run(const struct zp *z, size_t i)
{
	size_t n = 0;

	while (is_label_char(at(z, i + n)))
		n++;
	return n;
}

/*
 * The BOOL_TRUE / BOOL_FALSE / NULL_NULL keywords (case-insensitive, with
 * trailing blanks).  Returns the match length, or 0.
 */
static size_t
keyword(const struct zp *z, size_t i, int *tok)
{
	static const struct {
		const char *w;
		int t;
	} kw[] = {
		{ "true", T_BOOL_TRUE }, { "on", T_BOOL_TRUE },
		{ "yes", T_BOOL_TRUE }, { "false", T_BOOL_FALSE },
		{ "off", T_BOOL_FALSE }, { "no", T_BOOL_FALSE },
		{ "none", T_BOOL_FALSE }, { "null", T_NULL },
	};
	size_t k, j, best = 0;
	int bt = 0, c0 = at(z, i);

	*tok = 0;
	if (c0 <= 0 || !(cls[c0] & C_KW))
		return 0;
	for (k = 0; k < sizeof(kw) / sizeof(kw[0]); k++) {
		const char *w = kw[k].w;
		size_t n = strlen(w);

		for (j = 0; j < n; j++) {
			int c = at(z, i + j);

			if (c <= 0 || (c | 0x20) != w[j])
				break;
		}
		if (j < n)
			continue;
		n += ws_run(z, i + n);
		/* Same length: the rule written first (true < false < null). */
		if (n > best || (n == best && kw[k].t < bt)) {
			best = n;
			bt = kw[k].t;
		}
	}
	*tok = bt;
	return best;
}

/* CONSTANT [a-zA-Z_][a-zA-Z0-9_]* */
static size_t
constant_run(const struct zp *z, size_t i)
{
	size_t n = 0;
	int c = at(z, i);

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
		return 0;
	for (n = 1;; n++) {
		c = at(z, i + n);
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_'))
			return n;
	}
}

static size_t
digits(const struct zp *z, size_t i)
{
	size_t n = 0;

	while (at(z, i + n) >= '0' && at(z, i + n) <= '9')
		n++;
	return n;
}

/* NUMBER [-]?[0-9]+ | [0-9]*[.][0-9]+ | [0-9]+[.][0-9]* */
static size_t
number_run(const struct zp *z, size_t i)
{
	size_t best = 0, n, d;

	n = at(z, i) == '-' ? 1 : 0;
	d = digits(z, i + n);
	if (d > 0)
		best = n + d;
	d = digits(z, i);
	if (at(z, i + d) == '.') {
		size_t f = digits(z, i + d + 1);

		if (f > 0 || d > 0)
			if (d + 1 + f > best)
				best = d + 1 + f;
	}
	return best;
}

/*
 * "$" ([^{\0] | "\\" ANY_CHAR): the length of a literal dollar at i, 0 if
 * none, FILL if it would read past the limit.
 */
static long
literal_dollar(const struct zp *z, size_t i)
{
	int d = at(z, i + 1);

	if (d == '\\') {
		/* The 3-byte form wins; it consumes the NUL at the limit. */
		if (i + 2 >= z->len)
			return FILL;
		return 3;
	}
	if (d == FILL || d == 0 || d == '{')
		return 0;
	return 2;
}

/* VALUE_CHARS+ ; returns the run length or FILL. */
static long
value_run(const struct zp *z, size_t i)
{
	size_t n = 0;

	for (;;) {
		int c = at(z, i + n);

		if (c == '$') {
			long l = literal_dollar(z, i + n);

			if (l == FILL)
				return FILL;
			if (l == 0)
				return (long)n;
			n += (size_t)l;
			continue;
		}
		if (c <= 0 || !(cls[c] & C_VALUE))
			return (long)n;
		n++;
	}
}

/* SECTION_VALUE_CHARS+ ; returns the run length or FILL. */
static long
section_run(const struct zp *z, size_t i)
{
	size_t n = 0;

	for (;;) {
		int c = at(z, i + n);

		if (c == FILL)
			return FILL;
		if (c == '$') {
			long l = literal_dollar(z, i + n);

			if (l == FILL)
				return FILL;
			if (l == 0)
				return (long)n;
			n += (size_t)l;
			continue;
		}
		if (c == '\\') {
			if (at(z, i + n + 1) == FILL || i + n + 1 >= z->len)
				return FILL;
			n += 2;
			continue;
		}
		if (c != 0 && !(cls[c] & C_SECTION) && c != '$' && c != '\\')
			return (long)n;
		if (i + n >= z->len)	/* it takes the NUL: wants more */
			return FILL;
		n++;
	}
}

/* "'" [^']+ "'" : length, 0, or FILL. */
static long
raw_run(const struct zp *z, size_t i)
{
	size_t n;

	if (at(z, i) != '\'' || at(z, i + 1) == '\'')
		return 0;
	for (n = 1;; n++) {
		int c = at(z, i + n);

		if (c == FILL || (c == 0 && i + n >= z->len))
			return FILL;
		if (c == '\'')
			return n >= 2 ? (long)(n + 1) : 0;
	}
}

/* ws* ";" [^\r\n]* NEWLINE : length, 0, or FILL. */
static long
comment_run(const struct zp *z, size_t i)
{
	size_t n = ws_run(z, i);

	if (at(z, i + n) != ';')
		return 0;
	n++;
	for (;;) {
		int c = at(z, i + n);

		if (c == FILL || (c == 0 && i + n >= z->len))
			return FILL;
		if (c == '\r' || c == '\n')
			return (long)(n + nl_len(z, i + n));
		n++;
	}
}

/* ---- the scanner ---- */

static void
push_state(struct zp *z, int s)
{
	if (z->depth < STACK)
		z->stack[z->depth++] = z->state;
	z->state = s;
}

static void
pop_state(struct zp *z)
{
	if (z->depth > 0)
		z->state = z->stack[--z->depth];
	else
		z->state = S_INITIAL;
}

static void
set_tok(struct zp *z, int tok, size_t n)
{
	z->tok = tok;
	z->tstart = z->pos;
	z->tend = z->pos + n;
	z->text = (const char *)z->b + z->pos;
	z->tlen = n;
	z->pos += n;
}

static void
set_char(struct zp *z, int c, size_t n)
{
	set_tok(z, T_CHAR, n);
	z->ch = c;
}

static void
set_end(struct zp *z)
{
	z->tok = T_END;
	z->tstart = z->tend = z->pos < z->len ? z->pos : z->len;
	z->text = "";
	z->tlen = 0;
}

/* Keeps the candidate of a rule if it is longer than the best so far
 * (rules are tried in the order zend_ini_scanner.l lists them). */
#define CAND(n, r) do {							\
	if ((size_t)(n) > best) {					\
		best = (size_t)(n);					\
		rule = (r);						\
	}								\
} while (0)

static void
trim_label(struct zp *z, int trail_bracket)
{
	while (z->tlen > 0 && (z->text[0] == ' ' || z->text[0] == '\t')) {
		z->text++;
		z->tlen--;
	}
	while (z->tlen > 0) {
		char c = z->text[z->tlen - 1];

		if ((trail_bracket && c == '[') || c == '\n' || c == '\r' ||
		    c == '\t' || c == ' ')
			z->tlen--;
		else
			break;
	}
}

enum {
	R_NONE, R_SECTION, R_OFFSET, R_KW, R_LABEL, R_EQ, R_EOL, R_TOKENS,
	R_SKIP, R_COMMENT, R_ANY,
	R_RAW, R_DOLLAR, R_CONST, R_NUM, R_OPER, R_EQ_VALUE, R_STR,
	R_DQ_OPEN, R_WS, R_SEC_END, R_OFF_END, R_DQ_CLOSE, R_DQ_TEXT,
	R_VARNAME, R_VAR_END,
};

static void
lex(struct zp *z)
{
	size_t best, i, n;
	long l;
	int rule, kt = 0, c;

restart:
	i = z->pos;
	if (i >= z->len) {
		if (z->state == S_VALUE) {
			z->state = S_INITIAL;
			set_tok(z, T_EOL, 0);
			return;
		}
		set_end(z);
		return;
	}
	/* A UTF-8 BOM at the very start is skipped. */
	if (i == 0 && z->len > 3 && memcmp(z->b, "\xef\xbb\xbf", 3) == 0) {
		z->pos = 3;
		loc_at(z, 3, &z->line, &z->col);
		goto restart;
	}
	best = 0;
	rule = R_NONE;
	c = z->b[i];

	switch (z->state) {
	case S_INITIAL: {
		size_t lab = label_run(z, i), kl, w;

		if (c == '[')
			CAND(1, R_SECTION);
		if (lab > 0 && at(z, i + lab) == '[')
			CAND(lab + 1 + ws_run(z, i + lab + 1), R_OFFSET);
		kl = keyword(z, i, &kt);
		/*
		 * Observed with PHP 8.2: a keyword that ties with a label
		 * running to the end of the input is a label ("OFF" alone on
		 * a last line is a bare label, "OFF\n" is BOOL_FALSE).
		 */
		if (!(lab > 0 && i + lab == z->len && kl == lab))
			CAND(kl, R_KW);
		CAND(lab, R_LABEL);
		w = ws_run(z, i);
		if (at(z, i + w) == '=')
			CAND(w + 1 + ws_run(z, i + w + 1), R_EQ);
		if (nl_len(z, i + w) > 0)
			CAND(w + nl_len(z, i + w), R_EOL);
		if (cls[c] & C_TOKEN)
			CAND(1, R_TOKENS);
		CAND(w, R_SKIP);
		l = comment_run(z, i);
		if (l == FILL) {
			set_end(z);
			return;
		}
		CAND(l, R_COMMENT);
		CAND(1, R_ANY);
		switch (rule) {
		case R_SECTION:
			z->state = S_SECTION;
			set_tok(z, T_SECTION, 1);
			return;
		case R_OFFSET:
			z->state = S_OFFSET;
			set_tok(z, T_OFFSET, best);
			trim_label(z, 1);
			return;
		case R_KW:
			set_tok(z, kt, best);
			return;
		case R_LABEL:
			set_tok(z, T_LABEL, best);
			trim_label(z, 0);
			return;
		case R_EQ:
			z->state = S_VALUE;
			set_char(z, '=', best);
			return;
		case R_EOL:
		case R_COMMENT:
			set_tok(z, T_EOL, best);
			return;
		case R_TOKENS:
			set_char(z, c, 1);
			return;
		case R_SKIP:
			z->pos += best;
			goto restart;
		default:
			set_end(z);	/* <*>[^] { return 0; } */
			return;
		}
	}
	case S_SECTION:
	case S_OFFSET: {
		l = raw_run(z, i);
		if (l == FILL) {
			set_end(z);
			return;
		}
		CAND(l, R_RAW);
		if (z->state == S_SECTION && c == ']') {
			n = 1 + ws_run(z, i + 1);
			CAND(n + nl_len(z, i + n), R_SEC_END);
		}
		if (z->state == S_OFFSET) {
			n = ws_run(z, i);
			if (at(z, i + n) == ']')
				CAND(n + 1, R_OFF_END);
		}
		if (c == '$' && at(z, i + 1) == '{')
			CAND(2, R_DOLLAR);
		CAND(constant_run(z, i), R_CONST);
		CAND(number_run(z, i), R_NUM);
		l = section_run(z, i);
		if (l == FILL) {
			set_end(z);
			return;
		}
		CAND(l, R_STR);
		n = ws_run(z, i);
		if (at(z, i + n) == '"')
			CAND(n + 1, R_DQ_OPEN);
		CAND(ws_run(z, i), R_WS);
		break;
	}
	case S_VALUE: {
		size_t kl, w;

		l = raw_run(z, i);
		if (l == FILL) {
			set_end(z);
			return;
		}
		CAND(l, R_RAW);
		if (c == '$' && at(z, i + 1) == '{')
			CAND(2, R_DOLLAR);
		kl = keyword(z, i, &kt);
		CAND(kl, R_KW);
		w = ws_run(z, i);
		if (nl_len(z, i + w) > 0)
			CAND(w + nl_len(z, i + w), R_EOL);
		CAND(constant_run(z, i), R_CONST);
		CAND(number_run(z, i), R_NUM);
		if (cls[c] & C_OPER)
			CAND(1 + ws_run(z, i + 1), R_OPER);
		if (c == '=')
			CAND(1, R_EQ_VALUE);
		l = value_run(z, i);
		if (l == FILL) {
			set_end(z);
			return;
		}
		CAND(l, R_STR);
		if (at(z, i + w) == '"')
			CAND(w + 1, R_DQ_OPEN);
		CAND(w, R_WS);
		l = comment_run(z, i);
		if (l == FILL) {
			set_end(z);
			return;
		}
		CAND(l, R_COMMENT);
		CAND(1, R_ANY);
		break;
	}
	case S_DQ:
		if (c == '"')
			CAND(1 + ws_run(z, i + 1), R_DQ_CLOSE);
		if (c == '$' && at(z, i + 1) == '{')
			CAND(2, R_DOLLAR);
		CAND(1, R_DQ_TEXT);
		break;
	case S_VARNAME:
		CAND(label_run(z, i), R_VARNAME);
		if (c == '}')
			CAND(1, R_VAR_END);
		break;
	}

	switch (rule) {
	case R_RAW:
		set_tok(z, T_RAW, best);
		z->text++;
		z->tlen -= 2;
		return;
	case R_SEC_END:
	case R_OFF_END:
		z->state = S_INITIAL;
		set_char(z, ']', best);
		return;
	case R_DOLLAR:
		push_state(z, S_VARNAME);
		set_tok(z, T_DOLLAR_CURLY, 2);
		return;
	case R_KW:
		set_tok(z, kt, best);
		return;
	case R_EOL:
	case R_COMMENT:
		z->state = S_INITIAL;
		set_tok(z, T_EOL, best);
		return;
	case R_CONST:
		set_tok(z, T_CONSTANT, best);
		return;
	case R_NUM:
		set_tok(z, T_NUMBER, best);
		return;
	case R_OPER:
		set_char(z, c, best);
		return;
	case R_EQ_VALUE:
		/* yyless(0): the '=' is scanned again in INITIAL. */
		z->state = S_INITIAL;
		set_tok(z, T_EOL, 0);
		return;
	case R_STR:
		set_tok(z, T_STRING, best);
		return;
	case R_DQ_OPEN:
		push_state(z, S_DQ);
		set_char(z, '"', best);
		return;
	case R_WS:
		if (best > 0) {
			set_tok(z, T_WHITESPACE, best);
			return;
		}
		set_end(z);
		return;
	case R_ANY:		/* <ST_VALUE>[^]: ends the value, eats 1 */
		z->state = S_INITIAL;
		set_tok(z, T_EOL, 1);
		return;
	case R_DQ_CLOSE:
		pop_state(z);
		set_char(z, '"', best);
		return;
	case R_DQ_TEXT: {
		/*
		 * The content up to '"' or "${", as the scanner's C code: a
		 * backslash escapes the next byte, except that \" at the end
		 * of a line ends the string (Windows paths: "C:\dir\").
		 */
		size_t k = i, end = z->len;

		while (k < z->len) {
			int ch = z->b[k++];

			if (ch == '"') {
				end = k - 1;
				break;
			}
			if (ch == '$' && k < z->len && z->b[k] == '{') {
				end = k - 1;
				break;
			}
			if (ch == '\\' && k < z->len) {
				int e = z->b[k++];

				if (e == '"' && (k >= z->len ||
				    z->b[k] == '\n' || z->b[k] == '\r')) {
					end = k - 1;
					break;
				}
			}
		}
		set_tok(z, T_QUOTED, end - i);
		return;
	}
	case R_VARNAME:
		set_tok(z, T_VARNAME, best);
		trim_label(z, 0);
		return;
	case R_VAR_END:
		pop_state(z);
		set_char(z, '}', 1);
		return;
	default:
		set_end(z);
		return;
	}
}

/* ---- the parser ---- */

static void
syntax_error(struct zp *z, const char *expecting)
{
	const char *what;

	if (z->failed)
		return;
	z->failed = 1;
	if (z->tok == T_CHAR) {
		if (z->ch == '\'')
			what = "'\\''";
		else
			what = pf_printf(z->a, "'%c'", z->ch);
	} else
		what = tok_names[z->tok];
	z->err->message = pf_printf(z->a, "syntax error, unexpected %s%s%s",
	    what, expecting ? ", expecting " : "", expecting ? expecting : "");
	z->err->loc = span_loc(z, z->tstart, z->tend > z->tstart ?
	    z->tend : z->tstart + 1);
	if (z->err->loc.len == 0)
		z->err->loc.len = 1;
}

/* Escape processing of a double-quoted chunk (zend_ini_escape_string). */
static void
add_quoted(struct zp *z, struct sb *s, const char *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (p[k] == '\\') {
			k++;
			if (k >= n) {
				sb_add(z, s, "\\", 1);
				continue;
			}
			if (p[k] == '"' || p[k] == '\\' || p[k] == '$')
				sb_add(z, s, p + k, 1);
			else {
				sb_add(z, s, "\\", 1);
				sb_add(z, s, p + k, 1);
			}
		} else
			sb_add(z, s, p + k, 1);
	}
}

/* cfg_var_ref: TC_DOLLAR_CURLY TC_VARNAME '}' (current token is ${). */
static int
var_ref(struct zp *z, struct sb *s)
{
	const char *v;
	char *name;
	struct pf_loc where;
	size_t start = z->tstart;

	lex(z);
	if (z->tok != T_VARNAME) {
		syntax_error(z, "TC_VARNAME");
		return -1;
	}
	name = pf_strndup(z->a, z->text, z->tlen);
	lex(z);
	if (!(z->tok == T_CHAR && z->ch == '}')) {
		syntax_error(z, "'}'");
		return -1;
	}
	where = span_loc(z, start, z->tend);
	v = NULL;
	if (z->h->getvar != NULL)
		v = z->h->getvar(z->h->ctx, name, where);
	else
		v = getenv(name);
	if (v != NULL)
		sb_add(z, s, v, strlen(v));
	sb_span(z, s);
	lex(z);
	return 0;
}

/* '"' encapsed_list '"' (current token is the opening quote). */
static int
encapsed(struct zp *z, struct sb *s)
{
	sb_span(z, s);
	lex(z);
	for (;;) {
		if (z->tok == T_DOLLAR_CURLY) {
			if (var_ref(z, s) < 0)
				return -1;
			continue;
		}
		if (z->tok == T_QUOTED) {
			add_quoted(z, s, z->text, z->tlen);
			lex(z);
			continue;
		}
		if (z->tok == T_CHAR && z->ch == '"') {
			sb_span(z, s);
			lex(z);
			return 0;
		}
		syntax_error(z, "TC_DOLLAR_CURLY or TC_QUOTED_STRING or '\"'");
		return -1;
	}
}

static int
starts_string(const struct zp *z)
{
	switch (z->tok) {
	case T_DOLLAR_CURLY:
	case T_CONSTANT:
	case T_RAW:
	case T_NUMBER:
	case T_STRING:
	case T_WHITESPACE:
		return 1;
	case T_CHAR:
		return z->ch == '"';
	default:
		return 0;
	}
}

/*
 * var_string_list (expand != 0: constants are looked up) or
 * var_string_list_section (literal constants).  At least one item.
 */
static int
string_list(struct zp *z, struct sb *s, int expand)
{
	while (starts_string(z)) {
		if (z->tok == T_DOLLAR_CURLY) {
			if (var_ref(z, s) < 0)
				return -1;
			continue;
		}
		if (z->tok == T_CHAR) {
			if (encapsed(z, s) < 0)
				return -1;
			continue;
		}
		if (z->tok == T_CONSTANT && expand) {
			char *name = pf_strndup(z->a, z->text, z->tlen);
			const char *v = memchr(name, ':', z->tlen) ? NULL :
			    pf_php_constant(name);

			if (v != NULL)
				sb_add(z, s, v, strlen(v));
			else
				sb_add(z, s, z->text, z->tlen);
		} else
			sb_add(z, s, z->text, z->tlen);
		sb_span(z, s);
		lex(z);
	}
	return 0;
}

/* get_int_val of a string: atoi(), i.e. (int)strtol(s, NULL, 10). */
static int
ini_atoi(const char *s)
{
	long v = strtol(s, NULL, 10);

	return (int)(unsigned int)(unsigned long)v;
}

static int expr(struct zp *, struct sb *);

static int
too_deep(struct zp *z)
{
	if (z->base + z->nest + 1 < ZINI_MAXDEPTH)
		return 0;
	if (!z->failed) {
		z->failed = 1;
		z->err->message = "memory exhausted (the value nests deeper "
		    "than PHP's parser stack)";
		z->err->loc = span_loc(z, z->tstart, z->tend > z->tstart ?
		    z->tend : z->tstart + 1);
	}
	return 1;
}

static int
unary(struct zp *z, struct sb *s)
{
	int r;

	if (too_deep(z))
		return -1;
	if (z->tok == T_CHAR && (z->ch == '~' || z->ch == '!')) {
		int op = z->ch, v;
		struct sb t = { 0 };
		char num[16];

		sb_span(z, s);
		lex(z);
		z->nest++;
		r = unary(z, &t);
		z->nest--;
		if (r < 0)
			return -1;
		v = ini_atoi(sb_str(z, &t));
		v = op == '~' ? ~v : !v;
		snprintf(num, sizeof(num), "%d", v);
		sb_add(z, s, num, strlen(num));
		s->end = t.end;
		return 0;
	}
	if (z->tok == T_CHAR && z->ch == '(') {
		sb_span(z, s);
		lex(z);
		z->nest++;
		r = expr(z, s);
		z->nest--;
		if (r < 0)
			return -1;
		if (!(z->tok == T_CHAR && z->ch == ')')) {
			syntax_error(z, "'^' or '|' or '&' or ')'");
			return -1;
		}
		sb_span(z, s);
		lex(z);
		return 0;
	}
	if (!starts_string(z)) {
		syntax_error(z, NULL);
		return -1;
	}
	return string_list(z, s, 1);
}

/* expr: unary { ('|' | '&' | '^') unary }, left-associative. */
static int
expr(struct zp *z, struct sb *s)
{
	struct sb left = { 0 };

	if (unary(z, &left) < 0)
		return -1;
	while (z->tok == T_CHAR && (z->ch == '|' || z->ch == '&' ||
	    z->ch == '^')) {
		int op = z->ch, a, b, v, r;
		struct sb right = { 0 };
		char num[16];

		lex(z);
		z->nest += 2;	/* expr and the operator wait on the stack */
		r = unary(z, &right);
		z->nest -= 2;
		if (r < 0)
			return -1;
		a = ini_atoi(sb_str(z, &left));
		b = ini_atoi(sb_str(z, &right));
		v = op == '|' ? (a | b) : op == '&' ? (a & b) : (a ^ b);
		snprintf(num, sizeof(num), "%d", v);
		left.len = 0;
		sb_add(z, &left, num, strlen(num));
		left.end = right.end;
	}
	if (!s->any) {
		s->start = left.start;
		s->any = left.any;
	}
	sb_add(z, s, sb_str(z, &left), left.len);
	if (left.any)
		s->end = left.end;
	return 0;
}

/* string_or_value; the value's location is filled in v. */
static int
string_or_value(struct zp *z, struct pf_zini_str *v)
{
	struct sb s = { 0 };

	switch (z->tok) {
	case T_BOOL_TRUE:
	case T_BOOL_FALSE:
	case T_NULL:
		v->s = z->tok == T_BOOL_TRUE ? "1" : "";
		v->len = z->tok == T_BOOL_TRUE ? 1 : 0;
		v->loc = span_loc(z, z->tstart, z->tend);
		/* the keyword without its trailing blanks */
		while (v->loc.len > 0 && (z->b[z->tstart + v->loc.len - 1] ==
		    ' ' || z->b[z->tstart + v->loc.len - 1] == '\t'))
			v->loc.len--;
		lex(z);
		return 0;
	case T_EOL:
		v->s = "";
		v->len = 0;
		v->loc = span_loc(z, z->tstart, z->tstart);
		lex(z);
		return 0;
	default:
		break;
	}
	if (expr(z, &s) < 0)
		return -1;
	v->s = sb_str(z, &s);
	v->len = s.len;
	v->loc = span_loc(z, s.start, s.end);
	return 0;
}

/*
 * A fast path for the line shapes that make up nearly every php-fpm.conf
 * (php-fpm hands the parser one line at a time): a blank or ';' line,
 * "[name]", and "name = value" / "name[key] = value" with a value of plain
 * value characters.  For these the scanner's rules reduce to: a keyword
 * value is "1" or "", a value shaped like a constant is looked up, any
 * other run is its own text.  Anything else returns 0 and takes the full
 * scanner; tests/fpm/zini_diff.py checks both against PHP.
 */
static int
is_plain(int c)
{
	return (cls[(unsigned char)c] & C_PLAIN) != 0;
}

static int
is_constant_shape(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' &&
	    s[0] <= 'Z') || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!(cls[(unsigned char)s[i]] & C_CONSTCH))
			return 0;
	return 1;
}

/* Does S (N bytes) equal the lower-case word W, ignoring ASCII case? */
static int
ci_word(const char *s, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) != w[i])	/* w is letters only */
			return 0;
	return 1;
}

/* -1 not a keyword, else 1 (true) or 0 (false/null) */
static int
keyword_value(const char *s, size_t n)
{
	if (n < 2 || n > 5 || !(cls[(unsigned char)s[0]] & C_KW))
		return -1;
	switch (n) {
	case 2:
		return ci_word(s, "on", 2) ? 1 : ci_word(s, "no", 2) ? 0 : -1;
	case 3:
		return ci_word(s, "yes", 3) ? 1 : ci_word(s, "off", 3) ? 0 : -1;
	case 4:
		return ci_word(s, "true", 4) ? 1 : (ci_word(s, "none", 4) ||
		    ci_word(s, "null", 4)) ? 0 : -1;
	default:
		return ci_word(s, "false", 5) ? 0 : -1;
	}
}

static struct pf_loc
mkloc(uint32_t file, uint32_t line, uint32_t col, uint32_t len)
{
	struct pf_loc l = { file, line, col, len };

	return l;
}

/*
 * pf_php_constant() for an offset key ("env[PATH]" asks about PATH in
 * every pool): the last answers, remembered per thread.  Lower-case
 * words go straight to pf_php_constant, whose first-byte test refuses
 * them quicker than a memo (PHP's constants are upper case).
 */
#define KMEMO		64
#define KMEMO_LEN	24

static const char *
key_constant(const char *k, size_t n)
{
	static _Thread_local struct {
		char		 name[KMEMO_LEN];
		unsigned char	 len;
		const char	*value;
	} memo[KMEMO];
	size_t h;

	if (n >= KMEMO_LEN || n == 0 || (k[0] >= 'a' && k[0] <= 'z'))
		return pf_php_constant(k);
	h = (n * 7 + (unsigned char)k[0] * 31 + (unsigned char)k[n / 2] * 3 +
	    (unsigned char)k[n - 1]) & (KMEMO - 1);
	if (memo[h].len == n && memcmp(memo[h].name, k, n) == 0)
		return memo[h].value;
	memcpy(memo[h].name, k, n);
	memo[h].len = (unsigned char)n;
	memo[h].value = pf_php_constant(k);
	return memo[h].value;
}

static int
fast_line(struct pf_arena *a, const struct pf_zini_input *in,
    struct pf_zini_strings *sp, const struct pf_zini_handler *h)
{
	const char *b = in->buf, *e = in->buf + in->len, *p, *ls, *ks = NULL;
	size_t ln, kn = 0, vn;
	struct pf_zini_str name, key, val;
	const char *v;
	char nbuf[128], kbuf[128];
	int kw;

	/*
	 * One line ending in its only '\n', without NUL (the php-fpm.conf
	 * reader guarantees both when it sets one_line); a '\r' anywhere
	 * stops the scans below, since it is no plain character.
	 */
	if (in->len == 0 || e[-1] != '\n' || (unsigned char)b[0] == 0xef)
		return 0;
	if (!in->one_line && (memchr(b, '\n', in->len - 1) != NULL ||
	    memchr(b, '\0', in->len) != NULL))
		return 0;
	for (p = b; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\n')
		return 1;
	if (*p == ';')	/* a comment, unless a '\r' ends it early */
		return memchr(p, '\r', (size_t)(e - p)) == NULL;
	if (*p == '[') {
		/* " [x]" is a label " " with an offset: the full scanner */
		if (p != b)
			return 0;
		ls = ++p;
		while (is_plain((unsigned char)*p))
			p++;
		if (*p != ']' || p == ls)
			return 0;
		ln = (size_t)(p - ls);
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		if (*p != '\n')
			return 0;
		/* sections are kept */
		name.s = sp != NULL ? pf_zini_keep(sp, ls, ln) :
		    pf_strndup(a, ls, ln);
		name.len = ln;
		name.loc = mkloc(in->file, in->line, in->col +
		    (uint32_t)(ls - b), (uint32_t)ln);
		if (h->section != NULL)
			h->section(h->ctx, &name);
		return 1;
	}
	ls = p;
	while (is_plain((unsigned char)*p))
		p++;
	ln = (size_t)(p - ls);
	if (ln == 0 || ln >= sizeof(nbuf) || keyword_value(ls, ln) >= 0)
		return 0;
	if (*p == '[') {
		unsigned all = C_CONSTCH, k;

		/* (and is the key shaped like a constant?) */
		ks = ++p;
		while ((k = cls[(unsigned char)*p]) & C_PLAIN) {
			all &= k;
			p++;
		}
		kn = (size_t)(p - ks);
		if (*p != ']' || kn >= sizeof(kbuf))
			return 0;
		memcpy(kbuf, ks, kn);
		kbuf[kn] = '\0';
		if (all && kn > 0 && !(*ks >= '0' && *ks <= '9') &&
		    key_constant(kbuf, kn) != NULL)
			return 0;
		p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=')
		return 0;
	for (p++; *p == ' ' || *p == '\t'; p++)
		;
	/* the value: plain value characters, no '$'; is it shaped like a
	 * constant ([A-Za-z_][A-Za-z0-9_]*)? */
	v = p;
	while (cls[(unsigned char)*p] & C_FASTVAL)
		p++;
	vn = (size_t)(p - v);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\n' && *p != ';')
		return 0;
	if (*p == ';' && memchr(p, '\r', (size_t)(e - p)) != NULL)
		return 0;	/* a '\r' ends the comment: more follows */
	/* names and keys are passed on the stack: handlers copy them */
	memcpy(nbuf, ls, ln);
	nbuf[ln] = '\0';
	name.s = nbuf;
	name.len = ln;
	name.loc = mkloc(in->file, in->line, in->col + (uint32_t)(ls - b),
	    (uint32_t)ln);
	val.loc = mkloc(in->file, in->line, in->col + (uint32_t)(v - b),
	    (uint32_t)vn);
	if (vn == 0) {
		val.s = "";
		val.len = 0;
	} else if ((kw = keyword_value(v, vn)) >= 0) {
		val.s = kw ? "1" : "";
		val.len = (size_t)kw;
	} else {
		const char *t, *cv;

		t = sp != NULL ? pf_zini_keep(sp, v, vn) : pf_strndup(a, v, vn);

		val.s = t;
		val.len = vn;
		if ((((*v | 0x20) >= 'a' && (*v | 0x20) <= 'z') || *v == '_') &&
		    is_constant_shape(v, vn) && (cv = pf_php_constant(t)) !=
		    NULL) {
			val.s = cv;
			val.len = strlen(cv);
		}
	}
	if (ks != NULL) {
		key.s = kbuf;
		key.len = kn;
		key.loc = mkloc(in->file, in->line, in->col +
		    (uint32_t)(ks - b), (uint32_t)kn);
		if (h->pop_entry != NULL)
			h->pop_entry(h->ctx, &name, &key, &val);
	} else if (h->entry != NULL)
		h->entry(h->ctx, &name, &val);
	return 1;
}

int
pf_zini_parse(struct pf_arena *a, const struct pf_zini_input *in,
    const struct pf_zini_handler *h, struct pf_zini_error *err)
{
	return pf_zini_parse_w(a, in, NULL, h, err);
}

#define KEEP_CHUNK	(64 * 1024)

const char *
pf_zini_keep(struct pf_zini_strings *sp, const char *s, size_t n)
{
	char *t;

	if (sp->left < n + 1) {
		if (n + 1 > KEEP_CHUNK / 4)
			return pf_strndup(sp->a, s, n);	/* a long one alone */
		sp->p = pf_alloc(sp->a, KEEP_CHUNK);
		sp->left = KEEP_CHUNK;
	}
	t = sp->p;
	memcpy(t, s, n);
	t[n] = '\0';
	sp->p += n + 1;
	sp->left -= n + 1;
	return t;
}

int
pf_zini_fast_line(struct pf_zini_strings *sp, const struct pf_zini_input *in,
    const struct pf_zini_handler *h)
{
	init_classes();
	return fast_line(sp->a, in, sp, h);
}

int
pf_zini_parse_w(struct pf_arena *a, const struct pf_zini_input *in,
    struct pf_zini_strings *sp, const struct pf_zini_handler *h,
    struct pf_zini_error *err)
{
	struct zp z;

	init_classes();
	err->message = NULL;
	err->loc = PF_NOLOC;
	if (fast_line(a, in, sp, h))
		return 0;
	memset(&z, 0, sizeof(z));
	z.a = a;
	z.b = (const unsigned char *)in->buf;
	z.len = in->len;
	z.line = in->line ? in->line : 1;
	z.col = in->col ? in->col : 1;
	z.file = in->file;
	z.h = h;
	z.err = err;
	z.state = S_INITIAL;
	err->message = NULL;
	err->loc = PF_NOLOC;

	lex(&z);
	for (;;) {
		struct pf_zini_str name, key, val;
		struct sb s = { 0 };

		switch (z.tok) {
		case T_END:
			return 0;
		case T_EOL:
			lex(&z);
			continue;
		case T_SECTION:
			lex(&z);
			s.start = z.tstart;
			if (string_list(&z, &s, 0) < 0)
				return -1;
			if (!(z.tok == T_CHAR && z.ch == ']')) {
				syntax_error(&z, "']'");
				return -1;
			}
			name.s = sb_str(&z, &s);
			name.len = s.len;
			name.loc = s.any ? span_loc(&z, s.start, s.end) :
			    span_loc(&z, z.tstart, z.tstart);
			if (h->section != NULL)
				h->section(h->ctx, &name);
			lex(&z);
			continue;
		case T_LABEL:
			name.s = pf_strndup(a, z.text, z.tlen);
			name.len = z.tlen;
			name.loc = span_loc(&z, (size_t)(z.text -
			    (const char *)z.b), (size_t)(z.text -
			    (const char *)z.b) + z.tlen);
			lex(&z);
			if (!(z.tok == T_CHAR && z.ch == '=')) {
				/* A bare label: value NULL. */
				if (h->entry != NULL)
					h->entry(h->ctx, &name, NULL);
				continue;
			}
			lex(&z);
			z.base = 4;	/* $accept, statement_list, label, '=' */
			if (string_or_value(&z, &val) < 0)
				return -1;
			if (h->entry != NULL)
				h->entry(h->ctx, &name, &val);
			continue;
		case T_OFFSET:
			name.s = pf_strndup(a, z.text, z.tlen);
			name.len = z.tlen;
			name.loc = span_loc(&z, (size_t)(z.text -
			    (const char *)z.b), (size_t)(z.text -
			    (const char *)z.b) + z.tlen);
			lex(&z);
			s.start = z.tstart;
			if (string_list(&z, &s, 1) < 0)
				return -1;
			if (!(z.tok == T_CHAR && z.ch == ']')) {
				syntax_error(&z, "']'");
				return -1;
			}
			key.s = sb_str(&z, &s);
			key.len = s.len;
			key.loc = s.any ? span_loc(&z, s.start, s.end) :
			    span_loc(&z, z.tstart, z.tstart);
			lex(&z);
			if (!(z.tok == T_CHAR && z.ch == '=')) {
				syntax_error(&z, "'='");
				return -1;
			}
			lex(&z);
			z.base = 6;	/* ... offset, key, ']', '=' */
			if (string_or_value(&z, &val) < 0)
				return -1;
			if (h->pop_entry != NULL)
				h->pop_entry(h->ctx, &name, &key, &val);
			continue;
		default:
			syntax_error(&z, NULL);
			return -1;
		}
	}
}
