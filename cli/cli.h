/*
 * cli.h - subcommands, shared options and exit codes.
 */
#ifndef PF_CLI_H
#define PF_CLI_H

#include "emitters/report.h"
#include "model/run.h"

/* Exit codes (DESIGN.md section 6; documented in proxyfpm(1)). */
enum pf_exit {
	PF_EXIT_OK = 0,		/* nothing at or above --fail-on */
	PF_EXIT_FINDINGS = 1,	/* findings at/above --fail-on, or drift */
	PF_EXIT_USAGE = 2,	/* bad command line, before any work */
	PF_EXIT_INPUT = 3,	/* an error diagnostic or unreadable input */
	PF_EXIT_IO = 4,		/* I/O or system error */
	PF_EXIT_INTERNAL = 5,	/* a bug in proxyfpm */
	PF_EXIT_MISSING = 6,	/* a program the command needs is missing */
};

struct pf_cmd {
	const char	*name;
	const char	*summary;
	int		(*run)(int argc, char **argv);
};

extern const struct pf_cmd pf_cmds[];

int	pf_cmd_compile(int, char **);
int	pf_cmd_check(int, char **);
int	pf_cmd_lint(int, char **);
int	pf_cmd_dump(int, char **);
int	pf_cmd_rules(int, char **);
int	pf_cmd_explain(int, char **);
int	pf_cmd_selftest(int, char **);
int	pf_cmd_serve(int, char **);

/*
 * Report options shared by check, compile, lint and selftest.  Long
 * options take codes from PF_OPT_REPORT_FIRST up; a subcommand puts
 * PF_REPORT_LONGOPTS in its getopt_long table and passes unknown codes to
 * pf_report_opt().
 */
#define PF_MAX_OUTPUTS	16

struct pf_output {
	const struct pf_report_format *fmt;
	const char	*file;		/* NULL: standard output */
};

struct pf_report_cli {
	struct pf_output out[PF_MAX_OUTPUTS];
	int		 nout;
	struct pf_report_opts opts;
	const char	*color;		/* auto | always | never */
	/* --min-severity (PF_SEV_INFO: everything), for run->min_sev */
	enum pf_severity min_sev;
	int		 min_sev_given;	/* --min-severity was given */
};

enum {
	PF_OPT_FORMAT = 0x1000,
	PF_OPT_FAIL_ON,
	PF_OPT_NO_REDACT,
	PF_OPT_COLOR,
	PF_OPT_SHOW_SUPPRESSED,
	PF_OPT_REPORT_BASE,
	PF_OPT_MIN_SEVERITY,
	PF_OPT_REPORT_LAST,
	/* subcommand-specific long options start here */
	PF_OPT_CMD_FIRST = 0x1100,
};

#define PF_REPORT_LONGOPTS						\
	{ "format", required_argument, NULL, PF_OPT_FORMAT },		\
	{ "fail-on", required_argument, NULL, PF_OPT_FAIL_ON },		\
	{ "no-redact", no_argument, NULL, PF_OPT_NO_REDACT },		\
	{ "color", required_argument, NULL, PF_OPT_COLOR },		\
	{ "show-suppressed", no_argument, NULL, PF_OPT_SHOW_SUPPRESSED }, \
	{ "report-base", required_argument, NULL, PF_OPT_REPORT_BASE },	\
	{ "min-severity", required_argument, NULL, PF_OPT_MIN_SEVERITY }

#define PF_REPORT_USAGE							\
	"  --format FMT[:FILE]  report format; repeatable, or a comma list\n" \
	"                       (text compact json sarif junit checkstyle github\n" \
	"                       gitlab html); FILE '-' is standard output\n" \
	"  --fail-on SEVERITY   exit 1 at findings of this severity or above\n" \
	"                       (critical, high, medium, low, info; none or\n" \
	"                       never: no finding fails; default medium)\n"	\
	"  --min-severity SEV   report only findings of SEV or above, and no\n" \
	"                       notes above info; the others are counted in\n" \
	"                       the summary, not stored, and do not fail the\n" \
	"                       run (default info: everything)\n"	\
	"  --no-redact          show secrets (env[] values, passwords) in reports\n" \
	"  --color WHEN         auto (default: only on a terminal, never with\n" \
	"                       NO_COLOR), always or never\n"		\
	"  --show-suppressed    also print findings that were suppressed\n" \
	"  --report-base DIR    show paths relative to DIR, the base of SARIF\n" \
	"                       URIs (default: the current directory)\n"

void	pf_report_cli_init(struct pf_report_cli *, const char *command);
/* Handles a report option; returns 1 if handled, 0 if not, -1 on error
 * (a message has been printed). */
int	pf_report_opt(struct pf_report_cli *, int opt, const char *arg);
/*
 * After option parsing, before any input is read: can every report file
 * (and baseline_out, --write-baseline, when not NULL) be written?  Checked
 * without creating or truncating anything.  Returns 0, or -1 when one
 * cannot (a message naming it and the reason has been printed): the
 * command then exits PF_EXIT_IO at once, as it would have at the end.
 */
int	pf_report_check(const struct pf_report_cli *, const char *baseline_out);
/* Renders every requested output (text on stdout by default), without
 * what --min-severity leaves out (pf_run_hide_below, as pf_exit_code).
 * Returns 0, or -1 if an output could not be written. */
int	pf_report_write(struct pf_run *, struct pf_report_cli *);
/* The findings only selftest makes (selftest-probe-failed, ...), which
 * the rule registry does not hold; NULL for another id. */
const struct pf_rule_info *pf_selftest_rule(const char *id);
/* The exit code for the run (the highest that applies). */
int	pf_exit_code(struct pf_run *, enum pf_severity fail_on);

/* Prints "proxyfpm CMD: message" to stderr. */
void	pf_usage_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
