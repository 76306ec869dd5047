/*
 * httpd_so.h - what mod_so's load_module would say of a LoadModule file:
 * the dynamic loader's refusal (a directory, a file too short, no ELF
 * header, the wrong ELF class) or a missing module structure (the symbol
 * the first argument names is not defined by the object).  Read from the
 * file's ELF headers and its dynamic symbol table, never by loading it:
 * a module's constructors are not run here.
 */
#ifndef PF_PARSERS_HTTPD_SO_H
#define PF_PARSERS_HTTPD_SO_H

#include <stddef.h>

enum pf_so_verdict {
	PF_SO_UNKNOWN,		/* not judged (unreadable, a device, a form
				 * this reader does not take apart) */
	PF_SO_OK,		/* an object that defines the symbol */
	PF_SO_NOT_LOADABLE,	/* the loader refuses it: why says dlerror's
				 * words */
	PF_SO_NO_SYMBOL,	/* loads, but does not define the symbol */
};

/*
 * The object in data (len bytes) and the symbol sym.  *why (for
 * PF_SO_NOT_LOADABLE) is a static string: glibc's dlerror() text after
 * the file name ("file too short", "invalid ELF header", "wrong ELF
 * class: ELFCLASS32").
 */
enum pf_so_verdict pf_so_judge(const unsigned char *data, size_t len,
		    const char *sym, const char **why);

/* The same for the file path (mapped, not read whole); a directory is
 * "cannot read file data: Is a directory". */
enum pf_so_verdict pf_so_judge_file(const char *path, const char *sym,
		    const char **why);

#endif
