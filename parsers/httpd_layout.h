/*
 * httpd_layout.h - the name of the distribution layout whose httpd tree
 * lint reads when no --httpd is given (httpd_layout.c), for --host auto.
 */
#ifndef PF_PARSERS_HTTPD_LAYOUT_H
#define PF_PARSERS_HTTPD_LAYOUT_H

#include "model/run.h"

/*
 * "debian" (also Ubuntu), "rhel" (RHEL, Fedora, CentOS, Alma, Rocky),
 * "arch", "freebsd", "httpd-image", "gentoo", "opensuse", "alpine", or
 * NULL when no layout is found; *why names the files that told (the main
 * file, and the release file or directory that tells two apart).
 */
const char	*pf_httpd_layout(struct pf_run *, const char **why);

#endif
