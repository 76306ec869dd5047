/*
 * readback.h - judge what compile emits with the same readers and rules
 * that judge a deployed server (DESIGN.md section 2 point 1).
 */
#ifndef PF_CLI_READBACK_H
#define PF_CLI_READBACK_H

#include "emitters/emit.h"
#include "model/run.h"
#include "rules/rules.h"

/*
 * Installs the emitted files into a private sandbox root (with a minimal
 * main httpd config and php-fpm.conf around them, as a target machine of
 * the emitted layout would have), reads it back with the httpd and
 * php-fpm readers, links and runs the rules, and removes the sandbox.
 * Diagnostics on emitted files point at the description lines that
 * produced them (pf_loc_origin).  Returns 0, or -1 if the sandbox could
 * not be made (an I/O diagnostic says why).  The main files are the
 * layout's stock ones in what the rules read (Debian's apache2.conf:
 * Timeout 300 and its mods-available/mpm_NAME.conf; RHEL's httpd.conf:
 * no Timeout, httpd's 60 s, and the MPM's compiled-in defaults), with the
 * MPM of [host] mpm loaded.  PF_READBACK_KEEP=1 in the environment keeps
 * the sandbox and names it on standard error.
 */
int	pf_readback_rules(struct pf_run *, const struct pf_emitted *, size_t n,
	    const struct pf_rules_opts *);

#endif
