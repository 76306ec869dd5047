/*
 * zini_dump.c - prints the callbacks of the PHP INI dialect reader for a
 * file, one JSON array per line: ["S",name] ["E",name,value|null]
 * ["P",name,key,value] and ["ERR",message] (used by tests/fpm/zini_diff.py
 * to compare the reader with PHP's parse_ini_string()).
 *
 * usage: zini_dump [-s] FILE...   (-s: cut at the first NUL as a C string;
 * with several files each output starts with a line "---")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/phpini_lex.h"

static void
js(const char *s, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void
on_section(void *ctx, const struct pf_zini_str *n)
{
	(void)ctx;
	printf("[\"S\",");
	js(n->s, n->len);
	printf("]\n");
}

static void
on_entry(void *ctx, const struct pf_zini_str *n, const struct pf_zini_str *v)
{
	(void)ctx;
	printf("[\"E\",");
	js(n->s, n->len);
	putchar(',');
	if (v == NULL)
		printf("null");
	else
		js(v->s, v->len);
	printf("]\n");
}

static void
on_pop(void *ctx, const struct pf_zini_str *n, const struct pf_zini_str *k,
    const struct pf_zini_str *v)
{
	(void)ctx;
	printf("[\"P\",");
	js(n->s, n->len);
	putchar(',');
	js(k->s, k->len);
	putchar(',');
	js(v->s, v->len);
	printf("]\n");
}

static int
dump(const char *path, int cstr)
{
	struct pf_arena *a = pf_arena_new();
	struct pf_zini_handler h = { NULL, on_section, on_entry, on_pop, NULL };
	struct pf_zini_input in = { 0 };
	struct pf_zini_error err;
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		pf_arena_free(a);
		return -1;
	}
	for (;;) {
		if (len + 4096 > cap) {
			cap = cap * 2 + 4096;
			buf = realloc(buf, cap + 1);
			if (buf == NULL)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	buf[len] = '\0';
	in.buf = buf;
	in.len = cstr ? strlen(buf) : len;
	in.line = in.col = 1;
	if (pf_zini_parse(a, &in, &h, &err) < 0)
		printf("[\"ERR\",\"%s\"]\n", "syntax");
	free(buf);
	pf_arena_free(a);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, cstr = 0;

	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		cstr = 1;
		argv++;
		argc--;
	}
	for (i = 1; i < argc; i++) {
		if (argc > 2)
			printf("---\n");
		if (dump(argv[i], cstr) < 0)
			return 2;
	}
	return argc > 1 ? 0 : 2;
}
