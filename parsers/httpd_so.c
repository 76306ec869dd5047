/*
 * httpd_so.c - a LoadModule file judged as mod_so would find it (see
 * httpd_so.h).
 *
 * mod_so's load_module (modules/core/mod_so.c) calls apr_dso_load, which
 * is dlopen(): its failure is "Cannot load FILE into server: " and
 * dlerror's text; then apr_dso_sym(modname): "Can't locate API module
 * structure `MOD' in file FILE: " and dlerror's.  The texts below are
 * glibc's (elf/dl-load.c open_verify), each seen from apache2 -t on
 * Debian 12:
 *   a directory      "cannot read file data: Is a directory"
 *   under 64 bytes   "file too short" (an empty file, /etc/hostname)
 *   no \177ELF       "invalid ELF header"
 *   32-bit object    "wrong ELF class: ELFCLASS32"
 *   no such symbol   "FILE: undefined symbol: MOD" (LoadModule php8_module
 *                    libphp8.2.so: PHP 8's structure is php_module)
 * The symbol is looked for in the section headers' dynamic symbol table
 * (SHT_DYNSYM, which strip keeps); an object without one, or of the other
 * byte order or a 32-bit host, is not judged.
 */
#include "parsers/httpd_so.h"

#include "model/arena.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SO	((off_t)256 << 20)	/* larger objects are not judged */

/* n bytes at off lie within len */
static int
within(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

enum pf_so_verdict
pf_so_judge(const unsigned char *data, size_t len, const char *sym,
    const char **why)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh, st;
	Elf64_Sym s;
	size_t symlen = strlen(sym), i, k;
	static const unsigned char host_data =
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	    ELFDATA2LSB;
#else
	    ELFDATA2MSB;
#endif

	*why = NULL;
	if (len < sizeof(Elf64_Ehdr)) {
		*why = "file too short";
		return PF_SO_NOT_LOADABLE;
	}
	if (memcmp(data, ELFMAG, SELFMAG) != 0) {
		*why = "invalid ELF header";
		return PF_SO_NOT_LOADABLE;
	}
	if (sizeof(void *) != 8)
		return PF_SO_UNKNOWN;
	if (data[EI_CLASS] == ELFCLASS32) {
		*why = "wrong ELF class: ELFCLASS32";
		return PF_SO_NOT_LOADABLE;
	}
	if (data[EI_CLASS] != ELFCLASS64 || data[EI_DATA] != host_data)
		return PF_SO_UNKNOWN;
	memcpy(&eh, data, sizeof(eh));
	if (eh.e_shoff == 0 || eh.e_shentsize != sizeof(Elf64_Shdr) ||
	    !within(len, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(sh)))
		return PF_SO_UNKNOWN;
	for (i = 0; i < eh.e_shnum; i++) {
		memcpy(&sh, data + eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_DYNSYM)
			continue;
		if (sh.sh_entsize != sizeof(Elf64_Sym) ||
		    !within(len, sh.sh_offset, sh.sh_size) ||
		    sh.sh_link >= eh.e_shnum)
			return PF_SO_UNKNOWN;
		memcpy(&st, data + eh.e_shoff + sh.sh_link * sizeof(st),
		    sizeof(st));
		if (st.sh_type != SHT_STRTAB ||
		    !within(len, st.sh_offset, st.sh_size))
			return PF_SO_UNKNOWN;
		for (k = 0; k < sh.sh_size / sizeof(s); k++) {
			memcpy(&s, data + sh.sh_offset + k * sizeof(s),
			    sizeof(s));
			if (s.st_shndx == SHN_UNDEF ||
			    s.st_name >= st.sh_size ||
			    st.sh_size - s.st_name <= symlen)
				continue;
			if (memcmp(data + st.sh_offset + s.st_name, sym,
			    symlen + 1) == 0)
				return PF_SO_OK;
		}
		return PF_SO_NO_SYMBOL;
	}
	return PF_SO_UNKNOWN;
}

/*
 * The file's bytes, read whole; NULL if not.  A FIFO or a device is not
 * opened (a FIFO would block).  Read, not mapped (a file cut short
 * meanwhile is no SIGBUS), into memory the caller frees, not the run's
 * arena: libphp alone is megabytes lint would keep to the end.
 */
static unsigned char *
read_whole(const char *path, size_t *len)
{
	struct stat sb;
	unsigned char *buf;
	size_t got = 0;
	ssize_t k;
	int fd;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > MAX_SO ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return NULL;
	if ((buf = malloc((size_t)sb.st_size + 1)) != NULL) {
		while (got < (size_t)sb.st_size) {
			k = read(fd, buf + got, (size_t)sb.st_size - got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		if (got != (size_t)sb.st_size) {
			free(buf);
			buf = NULL;
		}
	}
	close(fd);
	*len = got;
	return buf;
}

/* The ELF object in a buffer, for module_read(). */
struct elf {
	const unsigned char *d;
	size_t		 len;
	Elf64_Ehdr	 eh;
	uint32_t	 rel_relative, rel_abs;	/* the machine's types */
	uint64_t	 dynsym_off, dynsym_n, dynstr_off, dynstr_len;
};

/* The file offset of n bytes at virtual address v (a PT_LOAD's file
 * part); 0 with *zero set when they lie in its memory-only part. */
static int
va_off(const struct elf *e, uint64_t v, uint64_t n, uint64_t *off, int *zero)
{
	Elf64_Phdr ph;
	size_t i;

	*zero = 0;
	for (i = 0; i < e->eh.e_phnum; i++) {
		memcpy(&ph, e->d + e->eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || v < ph.p_vaddr ||
		    v - ph.p_vaddr >= ph.p_memsz || n > ph.p_memsz -
		    (v - ph.p_vaddr))
			continue;
		if (v - ph.p_vaddr >= ph.p_filesz) {
			*zero = 1;
			return 0;
		}
		if (n > ph.p_filesz - (v - ph.p_vaddr) ||
		    !within(e->len, ph.p_offset + (v - ph.p_vaddr), n))
			return -1;
		*off = ph.p_offset + (v - ph.p_vaddr);
		return 0;
	}
	return -1;
}

/* n (4 or 8) bytes stored at v, as the host reads them (a memory-only
 * part reads 0). */
static int
va_read(const struct elf *e, uint64_t v, size_t n, uint64_t *out)
{
	uint64_t off;
	int zero;
	uint32_t u32;

	if (va_off(e, v, n, &off, &zero) < 0)
		return -1;
	*out = 0;
	if (zero)
		return 0;
	if (n == 4) {
		memcpy(&u32, e->d + off, 4);
		*out = u32;
	} else
		memcpy(out, e->d + off, 8);
	return 0;
}

/* The string at v (NULL if it does not end within the file). */
static const char *
va_str(const struct elf *e, uint64_t v)
{
	uint64_t off;
	int zero;
	const unsigned char *nul;

	if (va_off(e, v, 1, &off, &zero) < 0 || zero)
		return NULL;
	nul = memchr(e->d + off, '\0', e->len - off);
	return nul != NULL ? (const char *)e->d + off : NULL;
}

/* Fills want[i] with the target of the relocation at base + i * step
 * (i < n), where the object has one.  A relative relocation's target is
 * its addend; an absolute one's the symbol's value plus it. */
static void
relocs(const struct elf *e, uint64_t base, uint64_t step, size_t n,
    uint64_t *want, unsigned char *found)
{
	Elf64_Shdr sh;
	Elf64_Rela ra;
	Elf64_Sym sy;
	size_t i, k;

	for (i = 0; i < e->eh.e_shnum; i++) {
		memcpy(&sh, e->d + e->eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_RELA || sh.sh_entsize != sizeof(ra) ||
		    !within(e->len, sh.sh_offset, sh.sh_size))
			continue;
		for (k = 0; k < sh.sh_size / sizeof(ra); k++) {
			uint32_t t;
			uint64_t idx, sv = 0;

			memcpy(&ra, e->d + sh.sh_offset + k * sizeof(ra),
			    sizeof(ra));
			if (ra.r_offset < base || (ra.r_offset - base) % step !=
			    0 || (idx = (ra.r_offset - base) / step) >= n)
				continue;
			t = (uint32_t)ELF64_R_TYPE(ra.r_info);
			if (t == e->rel_abs && ELF64_R_SYM(ra.r_info) != 0) {
				uint64_t si = ELF64_R_SYM(ra.r_info);

				if (si >= e->dynsym_n)
					continue;
				memcpy(&sy, e->d + e->dynsym_off + si *
				    sizeof(sy), sizeof(sy));
				if (sy.st_shndx == SHN_UNDEF)
					continue;	/* another object's */
				sv = sy.st_value;
			} else if (t != e->rel_relative)
				continue;
			want[idx] = sv + (uint64_t)ra.r_addend;
			found[idx] = 1;
		}
	}
}

#define MAX_CMDS	4096

/* A pointer field at v: its relocation's target, else its stored value
 * (an object linked without relocations for it). */
static int
va_ptr(const struct elf *e, uint64_t v, uint64_t *p)
{
	unsigned char found = 0;

	*p = 0;
	relocs(e, v, 8, 1, p, &found);
	if (found)
		return 0;
	return va_read(e, v, 8, p);
}

/*
 * The module structure at v (struct module_struct of httpd 2.4 on a
 * 64-bit host: version 0, minor_version 4, module_index 8, name 16,
 * dynamic_load_handle 24, next 32, magic 40, rewrite_args 48, the four
 * config functions 56-80, cmds 88; command_rec: name 0, func 8,
 * cmd_data 16, req_override 24, args_how 28, errmsg 32, 40 bytes).
 */
static void
module_read(struct elf *e, uint64_t v, struct pf_arena *a,
    struct pf_so_module *m)
{
	uint64_t x, cmds, *names, *helps;
	unsigned char *found, *hfound;
	struct pf_so_cmd *tmp;
	size_t i;

	if (va_read(e, v, 4, &x) < 0)
		return;
	m->version = (int)(uint32_t)x;
	if (va_read(e, v + 40, 8, &x) < 0)
		return;
	m->magic = (unsigned long)x;
	m->read = 1;
	if (va_ptr(e, v + 16, &x) == 0 && x != 0 &&
	    (m->name = va_str(e, x)) != NULL)
		m->name = pf_strdup(a, m->name);
	if (e->rel_relative == 0 || va_ptr(e, v + 88, &cmds) < 0)
		return;
	if (cmds == 0) {	/* a module with no directives */
		m->have_cmds = 1;
		return;
	}
	names = calloc(MAX_CMDS, sizeof(*names));
	helps = calloc(MAX_CMDS, sizeof(*helps));
	found = calloc(MAX_CMDS, 1);
	hfound = calloc(MAX_CMDS, 1);
	tmp = calloc(MAX_CMDS, sizeof(*tmp));
	if (names == NULL || helps == NULL || found == NULL ||
	    hfound == NULL || tmp == NULL) {
		free(names);
		free(helps);
		free(found);
		free(hfound);
		free(tmp);
		return;
	}
	relocs(e, cmds, 40, MAX_CMDS, names, found);
	relocs(e, cmds + 32, 40, MAX_CMDS, helps, hfound);
	for (i = 0; i < MAX_CMDS; i++) {
		uint64_t nv = names[i], ov, hv, ev = helps[i];

		if (!found[i] && va_read(e, cmds + i * 40, 8, &nv) < 0)
			break;
		if (nv == 0) {
			m->have_cmds = 1;	/* the table's end */
			break;
		}
		if ((tmp[i].name = va_str(e, nv)) == NULL ||
		    va_read(e, cmds + i * 40 + 24, 4, &ov) < 0 ||
		    va_read(e, cmds + i * 40 + 28, 4, &hv) < 0)
			break;
		tmp[i].override = (int)(uint32_t)ov;
		tmp[i].how = (int)(uint32_t)hv;
		if (!hfound[i] && va_read(e, cmds + i * 40 + 32, 8, &ev) < 0)
			ev = 0;
		tmp[i].help = ev != 0 ? va_str(e, ev) : NULL;
	}
	if (m->have_cmds && i > 0) {
		size_t k;

		m->cmds = pf_alloc(a, i * sizeof(*m->cmds));
		for (k = 0; k < i; k++) {
			m->cmds[k] = tmp[k];
			m->cmds[k].name = pf_strdup(a, tmp[k].name);
			if (tmp[k].help != NULL)
				m->cmds[k].help = pf_strdup(a, tmp[k].help);
		}
		m->ncmds = i;
	}
	free(names);
	free(helps);
	free(found);
	free(hfound);
	free(tmp);
}

/* The symbol's value in the object (the module structure's address). */
static int
module_at(struct elf *e, const char *sym, uint64_t *v)
{
	Elf64_Shdr sh, st;
	Elf64_Sym s;
	size_t i, k, symlen = strlen(sym);

	for (i = 0; i < e->eh.e_shnum; i++) {
		memcpy(&sh, e->d + e->eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_DYNSYM)
			continue;
		if (sh.sh_entsize != sizeof(Elf64_Sym) ||
		    !within(e->len, sh.sh_offset, sh.sh_size) ||
		    sh.sh_link >= e->eh.e_shnum)
			return -1;
		memcpy(&st, e->d + e->eh.e_shoff + sh.sh_link * sizeof(st),
		    sizeof(st));
		if (st.sh_type != SHT_STRTAB ||
		    !within(e->len, st.sh_offset, st.sh_size))
			return -1;
		e->dynsym_off = sh.sh_offset;
		e->dynsym_n = sh.sh_size / sizeof(s);
		for (k = 0; k < e->dynsym_n; k++) {
			memcpy(&s, e->d + sh.sh_offset + k * sizeof(s),
			    sizeof(s));
			if (s.st_shndx == SHN_UNDEF ||
			    s.st_name >= st.sh_size ||
			    st.sh_size - s.st_name <= symlen ||
			    memcmp(e->d + st.sh_offset + s.st_name, sym,
			    symlen + 1) != 0)
				continue;
			*v = s.st_value;
			return 0;
		}
	}
	return -1;
}

enum pf_so_verdict
pf_so_judge_module_buf(const unsigned char *buf, size_t len, const char *sym,
    struct pf_arena *a, struct pf_so_module *m, const char **why)
{
	enum pf_so_verdict v;
	struct elf e;
	uint64_t at;

	memset(m, 0, sizeof(*m));
	v = pf_so_judge(buf, len, sym, why);
	if (v != PF_SO_OK || a == NULL)
		return v;
	memset(&e, 0, sizeof(e));
	e.d = buf;
	e.len = len;
	memcpy(&e.eh, buf, sizeof(e.eh));
	if (e.eh.e_machine == EM_X86_64) {
		e.rel_relative = R_X86_64_RELATIVE;
		e.rel_abs = R_X86_64_64;
	} else if (e.eh.e_machine == EM_AARCH64) {
		e.rel_relative = R_AARCH64_RELATIVE;
		e.rel_abs = R_AARCH64_ABS64;
	}
	if (e.eh.e_phentsize == sizeof(Elf64_Phdr) &&
	    within(len, e.eh.e_phoff, (uint64_t)e.eh.e_phnum *
	    sizeof(Elf64_Phdr)) && module_at(&e, sym, &at) == 0)
		module_read(&e, at, a, m);
	return v;
}

enum pf_so_verdict
pf_so_judge_module(const char *path, const char *sym, struct pf_arena *a,
    struct pf_so_module *m, const char **why)
{
	struct stat sb;
	enum pf_so_verdict v;
	unsigned char *buf;
	size_t len;

	memset(m, 0, sizeof(*m));
	*why = NULL;
	if (stat(path, &sb) != 0)
		return PF_SO_UNKNOWN;
	if (S_ISDIR(sb.st_mode)) {
		*why = "cannot read file data: Is a directory";
		return PF_SO_NOT_LOADABLE;
	}
	if ((buf = read_whole(path, &len)) == NULL)
		return PF_SO_UNKNOWN;
	v = pf_so_judge_module_buf(buf, len, sym, a, m, why);
	free(buf);
	return v;
}

enum pf_so_verdict
pf_so_judge_file(const char *path, const char *sym, const char **why)
{
	struct pf_so_module m;

	return pf_so_judge_module(path, sym, NULL, &m, why);
}
