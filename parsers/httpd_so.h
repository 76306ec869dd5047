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

/*
 * The module structure of a loaded module, as its file holds it
 * (include/http_config.h, MODULE_MAGIC_NUMBER_MAJOR 20120211 of httpd
 * 2.4): magic, version and name are stored values, the cmds pointer and
 * each command_rec's name are found through the object's relocations
 * (R_X86_64_RELATIVE and _64, or AArch64's) or, in an object that needs
 * none, their stored values.
 */
struct pf_so_cmd {
	const char	*name;		/* as the module spells it */
	int		 override;	/* req_override: OR_*, ACCESS_CONF,
					 * RSRC_CONF... */
	int		 how;		/* args_how: enum cmd_how */
	const char	*help;		/* errmsg, or NULL */
};

struct pf_so_module {
	int		 read;		/* 1: the structure was read */
	int		 version;
	unsigned long	 magic;
	const char	*name;		/* its name (__FILE__), or NULL */
	int		 have_cmds;	/* 1: cmds read (0: not judged) */
	struct pf_so_cmd *cmds;
	size_t		 ncmds;
};

#define PF_SO_MAGIC_COOKIE	0x41503234UL	/* "AP24" */
#define PF_SO_MMN_MAJOR		20120211

struct pf_arena;

/* pf_so_judge_file(), and for an object that defines sym its module
 * structure in *m (strings and tables in a; a NULL: not read). */
enum pf_so_verdict pf_so_judge_module(const char *path, const char *sym,
		    struct pf_arena *a, struct pf_so_module *m,
		    const char **why);
/* The same for the object in buf (len bytes). */
enum pf_so_verdict pf_so_judge_module_buf(const unsigned char *buf,
		    size_t len, const char *sym, struct pf_arena *a,
		    struct pf_so_module *m, const char **why);

#endif
