/*
 * svc_unit.h - a systemd service as systemd itself would start it: the
 * unit file found on the unit search path (or the package's text when
 * the tree lacks it), its drop-ins, the environment of Environment= and
 * EnvironmentFile= (systemd's own syntax, not the shell's) and ExecStart=
 * with $VAR / ${VAR} expanded into the argv the program receives.
 */
#ifndef PF_PARSERS_SVC_UNIT_H
#define PF_PARSERS_SVC_UNIT_H

#include "model/run.h"

/* A word of a command line or a variable, with where it was written. */
struct pf_svc_word {
	const char	*w;
	struct pf_loc	 at;
};

struct pf_svc_words {
	struct pf_svc_word *v;
	size_t		 n, cap;
};

struct pf_svc_env {
	const char	*name, *val;
	struct pf_loc	 at;		/* the value in the file that set it */
};

/* An environment: later entries win (pf_svc_getenv). */
struct pf_svc_envs {
	struct pf_svc_env *v;
	size_t		 n, cap;
};

struct pf_svc_unit {
	const char	*path;		/* the unit file read, NULL: the
					 * fallback text */
	struct pf_svc_envs env;
	struct pf_svc_words argv;	/* ExecStart: argv[0] the program */
	struct pf_loc	 exec_at;	/* the ExecStart= line */
	/* a required EnvironmentFile= (no '-') that is not there: systemd
	 * does not start the unit */
	const char	*missing;
	struct pf_loc	 missing_at;
};

/*
 * Reads the unit name ("httpd.service", "httpd@site.service") below the
 * run's --root.  fallback is the unit text to take when no unit file is
 * found (NULL: none; then returns -1).  With with_src every file read is a
 * source of the run and words carry their place; without, PF_NOLOC (a
 * look-up that must not add sources).  Returns 0 if a unit was read.
 */
int	 pf_svc_unit_load(struct pf_run *, const char *name,
	    const char *fallback, int with_src, struct pf_svc_unit *);

/* The value of name in env, or NULL. */
const char *pf_svc_getenv(const struct pf_svc_envs *, const char *name,
	    struct pf_loc *at);

/*
 * Parses data as systemd's EnvironmentFile= (env-file.c
 * parse_env_file_internal): KEY=VALUE lines, # and ; comments, '...'
 * literal, "..." with \ escaping only " \ ` $ and newline, an unquoted \
 * escaping any byte, unquoted trailing whitespace dropped, no expansion;
 * keys that are not valid variable names ("export X") are dropped, as
 * exec_context_load_environment does.  Appends to env.
 */
void	 pf_svc_envfile(struct pf_arena *, const char *data, uint32_t src,
	    struct pf_svc_envs *);

/*
 * Splits s into words as systemd splits $VAR in ExecStart= (EXTRACT_RELAX
 * | EXTRACT_UNQUOTE: whitespace separates, quotes group, \ escapes the
 * next byte); each word gets the place at.  Appends to out.
 */
void	 pf_svc_split(struct pf_arena *, const char *s, struct pf_loc at,
	    struct pf_svc_words *out);

#endif
