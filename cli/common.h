/*
 * common.h - options shared by several subcommands: rule selection,
 * suppression and the project configuration file.
 */
#ifndef PF_CLI_COMMON_H
#define PF_CLI_COMMON_H

#include <getopt.h>

#include "cli/cli.h"
#include "model/run.h"
#include "rules/rules.h"

enum {
	PF_OPT_ENABLE = 0x1080,
	PF_OPT_DISABLE,
	PF_OPT_BASELINE,
	PF_OPT_NO_INLINE,
	PF_OPT_SEVERITY,
	PF_OPT_WRITE_BASELINE,
	PF_OPT_CONFIG,
	PF_OPT_NO_CONFIG,
};

#define PF_RULES_LONGOPTS						\
	{ "enable", required_argument, NULL, PF_OPT_ENABLE },		\
	{ "disable", required_argument, NULL, PF_OPT_DISABLE },		\
	{ "baseline", required_argument, NULL, PF_OPT_BASELINE },	\
	{ "no-inline-suppress", no_argument, NULL, PF_OPT_NO_INLINE },	\
	{ "severity", required_argument, NULL, PF_OPT_SEVERITY },	\
	{ "write-baseline", required_argument, NULL, PF_OPT_WRITE_BASELINE }, \
	{ "config", required_argument, NULL, PF_OPT_CONFIG },		\
	{ "no-config", no_argument, NULL, PF_OPT_NO_CONFIG }

#define PF_RULES_USAGE							\
	"  --enable ID          run only the named rules (repeatable; an id,\n" \
	"                       a category such as routing or sizing, or a\n" \
	"                       pattern such as 'cve-*')\n"		\
	"  --disable ID         do not run rule ID (same forms; repeatable)\n" \
	"  --severity ID=SEV    report rule ID at severity SEV (repeatable)\n" \
	"  --baseline FILE      report findings accepted in FILE as suppressed\n" \
	"  --write-baseline FILE  write this run's findings as a baseline\n" \
	"  --no-inline-suppress ignore 'proxyfpm-ignore:' comments in the inputs\n" \
	"  --config FILE        project settings (default: .proxyfpm.ini found\n" \
	"                       from the current directory up); --no-config\n" \
	"                       reads none\n"

struct pf_rules_cli {
	struct pf_rules_opts opts;
	const char	*config;	/* --config FILE */
	int		 no_config;
	int		 fail_on_given;	/* --fail-on was on the command line */
	struct pf_project_conf *project;
};

void	pf_rules_cli_init(struct pf_rules_cli *);
void	pf_rules_cli_free(struct pf_rules_cli *);
/*
 * Returns 1 if handled, 0 if not a rules option, -1 on error (a message
 * has been printed).  It also notes --fail-on (and returns 0 for it, so
 * the report options handle it).
 */
int	pf_rules_opt(struct pf_rules_cli *, int opt, const char *arg);
/*
 * After option parsing: reads the project configuration file and merges
 * it under the command line (the command line wins: its --fail-on,
 * --baseline and --severity override the file's; --disable adds).
 * rep may be NULL.  Returns 0, or -1 with a message printed.
 */
int	pf_rules_cli_finish(struct pf_rules_cli *, struct pf_report_cli *rep,
	    const char *command);

/*
 * After getopt_long has refused an option (and said so): when the word
 * was a long option close to one of longopts, prints "proxyfpm CMD: did
 * you mean '--NAME'?" to stderr.
 */
void	pf_opt_suggest(const char *command, const struct option *longopts,
	    int argc, char **argv);

/* The rule id or category closest to a mistyped selector, or NULL. */
const char *pf_rules_suggest(const char *sel);

/*
 * --root DIR must be a directory: else an error naming it (and 0 is not
 * returned), instead of every reader saying that nothing was found below
 * it.  Returns 0 without --root.
 */
int	pf_root_check(struct pf_run *);

/*
 * After reading the file given with OPT (--httpd, --fpm, --php-ini) as a
 * KIND source: when the read added errors (past errors_before) and the
 * file reads like another server's configuration (php-fpm.conf given to
 * --httpd, apache2.conf to --fpm, ...), or path is a directory holding
 * the file meant, a note says so and names the option or file to use.
 * src_before is run->sources.n before the read.
 */
void	pf_input_kind_note(struct pf_run *, const char *opt, const char *path,
	    enum pf_src_kind kind, size_t src_before, size_t errors_before);

#endif
