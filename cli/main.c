/*
 * main.c - proxyfpm: the subcommand table and global options.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/suggest.h"

const struct pf_cmd pf_cmds[] = {
	{ "compile", "compile site descriptions into Apache and PHP-FPM files",
	    pf_cmd_compile },
	{ "check", "validate site descriptions and report every finding",
	    pf_cmd_check },
	{ "lint", "read deployed Apache/PHP-FPM/php.ini trees and run the rules",
	    pf_cmd_lint },
	{ "dump", "print the effective configuration with provenance",
	    pf_cmd_dump },
	{ "rules", "list the rules", pf_cmd_rules },
	{ "explain", "print the documentation of a rule", pf_cmd_explain },
	{ "selftest", "prove a site with real Apache and probe requests",
	    pf_cmd_selftest },
	{ "serve", "run the bundled FastCGI runtime", pf_cmd_serve },
	{ NULL, NULL, NULL },
};

static void
usage(FILE *f)
{
	const struct pf_cmd *c;

	fputs("usage: proxyfpm COMMAND [options] [args]\n\ncommands:\n", f);
	for (c = pf_cmds; c->name != NULL; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\n'proxyfpm COMMAND --help' describes a command; "
	    "'proxyfpm --formats' lists the\nreport formats; "
	    "'proxyfpm --version' prints the version.\n", f);
}

static int
unknown_command(const char *name)
{
	const struct pf_cmd *c;
	struct pf_suggest s;
	const char *best;

	pf_suggest_init(&s, name);
	for (c = pf_cmds; c->name != NULL; c++)
		pf_suggest_add(&s, c->name);
	fprintf(stderr, "proxyfpm: unknown command '%s'\n", name);
	if (name[0] == '-')
		fputs("proxyfpm: options follow the command: proxyfpm "
		    "COMMAND [options]\n", stderr);
	else if ((best = pf_suggest_best(&s)) != NULL)
		fprintf(stderr, "proxyfpm: did you mean '%s'?\n", best);
	usage(stderr);
	return PF_EXIT_USAGE;
}

/*
 * The readers follow the servers' own limits, which are deep: PHP's INI
 * parser nests values 10,000 levels (YYMAXDEPTH), httpd nests sections
 * and includes as deep as its input.  The recursive parsers that mirror
 * them need more than the 8 MB a main thread usually has (and far more
 * under ASan, whose frames are larger), so a command runs on a thread
 * with a large stack; only the pages it touches cost memory.  The main
 * thread blocks every signal and waits, so signals reach the command's
 * thread as if it were the only one.  serve stays on the main thread: its
 * event loop owns the signal mask (blocked, then unblocked in the wait).
 */
#define PF_CMD_STACK	((size_t)512 << 20)

struct cmd_job {
	const struct pf_cmd	*cmd;
	int			 argc;
	char			**argv;
	sigset_t		 mask;
	int			 rc;
};

static void *
cmd_thread(void *arg)
{
	struct cmd_job *j = arg;

	pthread_sigmask(SIG_SETMASK, &j->mask, NULL);
	j->rc = j->cmd->run(j->argc, j->argv);
	return NULL;
}

static int
run_cmd(const struct pf_cmd *c, int argc, char **argv)
{
	struct cmd_job j = { c, argc, argv, { { 0 } }, 0 };
	pthread_attr_t a;
	pthread_t t;
	sigset_t all;
	int ok;
	static char prog[32];

	/* getopt_long names argv[0] in its messages: "proxyfpm lint:
	 * unrecognized option", as the commands' own messages begin. */
	snprintf(prog, sizeof(prog), "proxyfpm %s", c->name);
	argv[0] = prog;
	if (strcmp(c->name, "serve") == 0 || pthread_attr_init(&a) != 0)
		return c->run(argc, argv);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &j.mask);
	ok = pthread_attr_setstacksize(&a, PF_CMD_STACK) == 0 &&
	    pthread_create(&t, &a, cmd_thread, &j) == 0;
	pthread_attr_destroy(&a);
	if (!ok) {	/* no thread: run here, with the stack there is */
		pthread_sigmask(SIG_SETMASK, &j.mask, NULL);
		return c->run(argc, argv);
	}
	pthread_join(t, NULL);
	return j.rc;
}

int
main(int argc, char **argv)
{
	const struct pf_cmd *c;
	const struct pf_report_format *fmt;

	if (argc < 2) {
		usage(stderr);
		return PF_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("proxyfpm %s\n", PF_VERSION);
		return PF_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0 && argc > 2) {
		/* proxyfpm help COMMAND: as proxyfpm COMMAND --help */
		static char help_opt[] = "--help";
		char *hv[3];

		for (c = pf_cmds; c->name != NULL; c++)
			if (strcmp(argv[2], c->name) == 0) {
				hv[0] = argv[2];
				hv[1] = help_opt;
				hv[2] = NULL;
				return run_cmd(c, 2, hv);
			}
		return unknown_command(argv[2]);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return PF_EXIT_OK;
	}
	if (strcmp(argv[1], "--formats") == 0) {
		for (fmt = pf_report_formats; fmt->name != NULL; fmt++)
			printf("%-12s %s\n", fmt->name, fmt->summary);
		return PF_EXIT_OK;
	}
	for (c = pf_cmds; c->name != NULL; c++)
		if (strcmp(argv[1], c->name) == 0)
			return run_cmd(c, argc - 1, argv + 1);
	return unknown_command(argv[1]);
}
