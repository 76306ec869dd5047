/*
 * so_cmds.c - the module files' own command tables (httpd_so.c
 * pf_so_judge_module: the module structure and its command_rec rows read
 * from the ELF object, never loaded) against the directive table, which
 * gen_directives.py made by asking apache2 (-L and one -t per directive):
 * for every module file Apache ships in /usr/lib/apache2/modules, the
 * same names, the same argument shapes and the same server, directory
 * and AllowOverride contexts; and damaged copies of each file judged
 * without reading outside them.  With MODDIR=DIR (and ALL=1, the
 * third-party rows too) another folder.  Exit 0 all agree, 1 some differ,
 * 77 no module folder.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "model/arena.h"
#include "parsers/httpd_int.h"

/*
 * The reader on damaged copies of a module file: bytes changed in the
 * ELF header, the section header table and anywhere, and the file cut
 * short; it must judge each without reading outside it (ASan's build
 * runs this too).  Returns the number judged.
 */
static size_t
damaged(const char *path, const char *sym)
{
	static uint64_t x = 88172645463325252ull;	/* xorshift64 */
	FILE *f = fopen(path, "rb");
	unsigned char *orig, *buf;
	long len;
	size_t n = 0, i, k;

	if (f == NULL)
		return 0;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) <= 64 ||
	    fseek(f, 0, SEEK_SET) != 0 || (orig = malloc((size_t)len)) == NULL) {
		fclose(f);
		return 0;
	}
	if (fread(orig, 1, (size_t)len, f) != (size_t)len || (buf =
	    malloc((size_t)len)) == NULL) {
		free(orig);
		fclose(f);
		return 0;
	}
	fclose(f);
	for (i = 0; i < 60; i++) {
		struct pf_arena *a = pf_arena_new();
		struct pf_so_module so;
		const char *why;
		size_t use = (size_t)len, at, span;
		uint64_t shoff;

		memcpy(buf, orig, (size_t)len);
		memcpy(&shoff, orig + 40, 8);	/* e_shoff */
		for (k = 0; k < 1 + i % 8; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			switch (i % 4) {
			case 0:	at = 0, span = 64; break;
			case 1:	at = shoff < (uint64_t)len ? shoff : 0;
				span = (size_t)len - at; break;
			default: at = 0, span = (size_t)len; break;
			}
			buf[at + (x >> 8) % span] = (unsigned char)x;
		}
		if (i % 10 == 9)
			use = (size_t)(x % (uint64_t)len);
		(void)pf_so_judge_module_buf(buf, use, sym, a, &so, &why);
		pf_arena_free(a);
		n++;
	}
	free(orig);
	free(buf);
	return n;
}

int
main(void)
{
	const char *dir = getenv("MODDIR") ? getenv("MODDIR") :
	    "/usr/lib/apache2/modules";
	int all = getenv("ALL") != NULL, bad = 0;
	size_t i, k, j, mods = 0, rows = 0, hurt = 0;
	char path[4096];

	if (access(dir, R_OK) != 0) {
		printf("SKIP: no %s\n", dir);
		return 77;
	}
	for (i = 0; i < pf_httpd_nmodules; i++) {
		const struct pf_httpd_module *m = &pf_httpd_modules[i];
		struct pf_arena *a = pf_arena_new();
		struct pf_so_module so;
		const char *why;
		size_t intable = 0;

		if (m->builtin || (m->pkg != NULL && !all))
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, m->so);
		if (access(path, R_OK) != 0)
			goto next;
		if (pf_so_judge_module(path, m->id, a, &so, &why) !=
		    PF_SO_OK || !so.read || !so.have_cmds) {
			printf("FAIL: %s: the command table of %s was not read\n",
			    m->id, path);
			bad = 1;
			goto next;
		}
		mods++;
		hurt += damaged(path, m->id);
		for (k = 0; k < pf_httpd_ndirectives; k++)
			intable += pf_httpd_directives[k].module == i;
		for (j = 0; j < so.ncmds; j++) {
			const struct pf_so_cmd *c = &so.cmds[j];
			const struct pf_directive *d = NULL;
			struct pf_directive row;
			unsigned want, have;
			int args;

			for (k = 0; k < pf_httpd_ndirectives; k++)
				if (pf_httpd_directives[k].module == i &&
				    strcmp(pf_httpd_directives[k].name,
				    c->name) == 0)
					d = &pf_httpd_directives[k];
			if (d == NULL) {
				printf("FAIL: %s: %s is in its file, not in the "
				    "table\n", m->id, c->name);
				bad = 1;
				continue;
			}
			rows++;
			pf_hrd_so_row(c, d->lname, &row);
			args = row.args;
			/* (RAW_ARGS: the handler counts the words itself,
			 * which the generator's probe saw: "requires at
			 * least two arguments") */
			if (args != d->args && args != PF_ARGS_RAW) {
				printf("FAIL: %s: %s: args %d in its file, %d in "
				    "the table\n", m->id, c->name, args, d->args);
				bad = 1;
			}
			want = d->ctx & (PF_CTX_SERVER | PF_CTX_DIR | PF_OVR_ALL);
			have = row.ctx;
			if (want != have) {
				printf("FAIL: %s: %s: contexts %#x from its "
				    "req_override %#x, %#x in the table\n", m->id,
				    c->name, have, (unsigned)c->override, want);
				bad = 1;
			}
		}
		if (intable != so.ncmds) {
			printf("FAIL: %s: %zu rows in the table, %zu commands in "
			    "%s\n", m->id, intable, so.ncmds, path);
			bad = 1;
		}
next:
		pf_arena_free(a);
	}
	printf("%zu modules, %zu directives: the files' command tables %s the "
	    "table (and %zu damaged copies judged)\n", mods, rows,
	    bad ? "differ from" : "agree with", hurt);
	return bad;
}
