/*
 * phpini_lex.h - PHP's own INI dialect (Zend/zend_ini_scanner.l and
 * zend_ini_parser.y of PHP 8.2), shared by the php.ini and php-fpm.conf
 * readers.  Internal to parsers/.
 *
 * The reader reproduces the scanner's longest-match rules state by state
 * (INITIAL, section, offset, value, double quotes, ${} names), PHP's value
 * normalisation (yes/on/true -> "1", no/off/false/none/null -> "", '...'
 * raw, "..." with \" \\ \$ escapes and ${} expansion, constants, the
 * | & ^ ~ ! ( ) expressions evaluated on 32-bit ints) and the grammar's
 * verdict: a syntax error stops the parse where PHP's parser stops.
 * Callbacks fire in the same order and with the same arguments as PHP's
 * ZEND_INI_PARSER_SECTION / _ENTRY / _POP_ENTRY callbacks, including the
 * NULL value of a bare label (a line without '=').
 */
#ifndef PF_PHPINI_LEX_H
#define PF_PHPINI_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "model/arena.h"
#include "model/diag.h"

/* A string produced by the reader: NUL-terminated, in the arena. */
struct pf_zini_str {
	const char	*s;
	size_t		 len;
	struct pf_loc	 loc;		/* where it was written */
};

struct pf_zini_handler {
	void	*ctx;
	void	(*section)(void *ctx, const struct pf_zini_str *name);
	/*
	 * value is NULL for a bare label (PHP's "value is NULL" case).
	 * Names and keys may live on the reader's stack: copy to keep.
	 */
	void	(*entry)(void *ctx, const struct pf_zini_str *name,
		    const struct pf_zini_str *value);
	void	(*pop_entry)(void *ctx, const struct pf_zini_str *name,
		    const struct pf_zini_str *key,
		    const struct pf_zini_str *value);
	/*
	 * ${NAME}: PHP looks in the configuration read so far, then in the
	 * environment.  Returns NULL when unset (the reader then uses "").
	 * May be NULL (environment only).
	 */
	const char *(*getvar)(void *ctx, const char *name,
		    struct pf_loc where);
};

struct pf_zini_input {
	const char	*buf;
	size_t		 len;		/* the scanner's limit */
	uint32_t	 file;		/* source index for locations */
	uint32_t	 line, col;	/* location of buf[0] (1-based) */
	int		 one_line;	/* buf is one line: no NUL, and its only
					 * '\n' is the last byte */
};

struct pf_zini_error {
	const char	*message;	/* "syntax error, unexpected ..." */
	struct pf_loc	 loc;
};

/*
 * Parses one buffer as zend_parse_ini_string/_file does in
 * ZEND_INI_SCANNER_NORMAL mode.  Returns 0, or -1 on a syntax error (err
 * says where; callbacks before it have run, as in PHP).
 */
int		 pf_zini_parse(struct pf_arena *, const struct pf_zini_input *,
		    const struct pf_zini_handler *, struct pf_zini_error *);
/*
 * Strings packed end to end in chunks of the arena (no alignment, no
 * per-string allocation): for the many short values of a big tree.
 */
struct pf_zini_strings {
	struct pf_arena	*a;
	char		*p;
	size_t		 left;
};

/* S[0..n) and a NUL, kept as long as the arena. */
const char	*pf_zini_keep(struct pf_zini_strings *, const char *s, size_t n);

/*
 * The fast path of pf_zini_parse_w alone, for a reader that hands over
 * one line at a time (in->one_line): returns 1 when the line had one of
 * the plain shapes and its callbacks have run, 0 when it needs
 * pf_zini_parse_w (nothing has been called then).
 */
int		 pf_zini_fast_line(struct pf_zini_strings *sp,
		    const struct pf_zini_input *in,
		    const struct pf_zini_handler *h);

/*
 * pf_zini_parse, with the values and section names of plain lines copied
 * into sp (NULL: the arena, as pf_zini_parse).
 */
int		 pf_zini_parse_w(struct pf_arena *, const struct pf_zini_input *,
		    struct pf_zini_strings *sp, const struct pf_zini_handler *,
		    struct pf_zini_error *);

/* The value of a PHP constant as a string, or NULL (phpini_consts.c). */
const char	*pf_php_constant(const char *name);

#endif
