/*
 * mod_foo.c - a module for tests/httpd/third_party.sh, built there with
 * cc -shared: the structures httpd 2.4 reads (include/http_config.h, on a
 * 64-bit host) without its headers, and handlers that accept every value,
 * so apache2 -t loads it and runs its commands.  foo_module is a module
 * no table knows; garbled_module has the wrong signature (magic) and
 * old_module an older module API (MODULE_MAGIC_NUMBER_MAJOR), which
 * mod_so and ap_add_module refuse.
 */
#include <stddef.h>

typedef const char *(*cmd_func)(void);

struct command_rec {
	const char	*name;
	cmd_func	 func;
	void		*cmd_data;
	int		 req_override;
	int		 args_how;
	const char	*errmsg;
};

struct module {
	int		 version, minor_version, module_index;
	const char	*name;
	void		*dynamic_load_handle, *next;
	unsigned long	 magic;
	void		*rewrite_args, *create_dir_config, *merge_dir_config;
	void		*create_server_config, *merge_server_config;
	const struct command_rec *cmds;
	void		*register_hooks;
	int		 flags;
};

static const char *
accept_it(void)
{
	return NULL;
}

enum { OR_FILEINFO = 4, ACCESS_CONF = 64, RSRC_CONF = 128 };
enum { RAW_ARGS, TAKE1, TAKE2, ITERATE, ITERATE2, FLAG, NO_ARGS, TAKE12 };

static const struct command_rec foo_cmds[] = {
	{ "FooRule", accept_it, NULL, RSRC_CONF | ACCESS_CONF, TAKE1,
	    "a rule" },
	{ "FooFlag", accept_it, NULL, RSRC_CONF, FLAG, "On or Off" },
	{ "FooPair", accept_it, NULL, OR_FILEINFO, TAKE12,
	    "a name and an optional value" },
	{ NULL, NULL, NULL, 0, 0, NULL },
};

#define MAGIC	0x41503234UL	/* "AP24" */
#define MMN	20120211

struct module foo_module = { MMN, 0, -1, "/build/foo/src/mod_foo.c", NULL,
	NULL, MAGIC, NULL, NULL, NULL, NULL, NULL, foo_cmds, NULL, 0 };
struct module garbled_module = { MMN, 0, -1, "mod_garbled.c", NULL, NULL,
	0x41503232UL, NULL, NULL, NULL, NULL, NULL, foo_cmds, NULL, 0 };
struct module old_module = { 20051115, 0, -1, "mod_old.c", NULL, NULL,
	MAGIC, NULL, NULL, NULL, NULL, NULL, foo_cmds, NULL, 0 };
