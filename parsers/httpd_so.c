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

enum pf_so_verdict
pf_so_judge_file(const char *path, const char *sym, const char **why)
{
	struct stat sb;
	enum pf_so_verdict v = PF_SO_UNKNOWN;
	unsigned char *buf;
	size_t got = 0;
	ssize_t k;
	int fd;

	*why = NULL;
	if (stat(path, &sb) != 0)
		return PF_SO_UNKNOWN;
	if (S_ISDIR(sb.st_mode)) {
		*why = "cannot read file data: Is a directory";
		return PF_SO_NOT_LOADABLE;
	}
	/*
	 * A FIFO or a device is not opened (a FIFO would block).  Read, not
	 * mapped (a file cut short meanwhile is no SIGBUS), into memory
	 * freed here, not pf_read_file's run arena: libphp alone is
	 * megabytes lint would keep to the end.  Judged only when read
	 * whole.
	 */
	if (!S_ISREG(sb.st_mode) || sb.st_size > MAX_SO ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return PF_SO_UNKNOWN;
	if ((buf = malloc((size_t)sb.st_size + 1)) != NULL) {
		while (got < (size_t)sb.st_size) {
			k = read(fd, buf + got, (size_t)sb.st_size - got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		if (got == (size_t)sb.st_size)
			v = pf_so_judge(buf, got, sym, why);
		free(buf);
	}
	close(fd);
	return v;
}
