/*
 * diag.h - locations, source files and diagnostics.
 *
 * One diagnostic type carries both what the readers report about their
 * input (error, warning, note) and what the rules find (critical .. info).
 * Reports render the same list in every format.
 */
#ifndef PF_DIAG_H
#define PF_DIAG_H

#include <stddef.h>
#include <stdint.h>

/*
 * A place in a source file.  file is an index into the run's source table
 * (0 = no location); line and col are 1-based (col counts bytes); len is the
 * length in bytes of the span a caret underlines (0 = just the column).
 */
struct pf_loc {
	uint32_t	file;
	uint32_t	line;
	uint32_t	col;
	uint32_t	len;
};

#define PF_NOLOC ((struct pf_loc){ 0, 0, 0, 0 })

enum pf_src_kind {
	PF_SRC_OTHER = 0,
	PF_SRC_SITE,		/* a site description (INI) */
	PF_SRC_HTTPD,		/* an httpd configuration file */
	PF_SRC_HTACCESS,	/* an .htaccess file */
	PF_SRC_FPM,		/* php-fpm.conf or a pool file */
	PF_SRC_PHPINI,		/* php.ini or a scan-dir file */
	PF_SRC_GENERATED,	/* emitted by compile, held in memory */
	PF_SRC_KIND_MAX
};

/*
 * One file (or in-memory text) read during a run.  data is NUL-terminated
 * and owned by the run's arena.  For generated text, origin[i] is the
 * location in the site description that produced line i+1 (file 0 if none).
 */
struct pf_source {
	const char	*path;
	const char	*data;
	size_t		 len;
	enum pf_src_kind kind;
	struct pf_loc	 included_from;
	const struct pf_loc *origin;
	uint32_t	 norigin;
	uint32_t	*lines;		/* line start offsets, built lazily */
	uint32_t	 nlines;
};

enum pf_severity {
	/* reader diagnostics: what the servers themselves would say */
	PF_SEV_NOTE = 0,
	PF_SEV_WARNING,
	PF_SEV_ERROR,
	/* rule findings */
	PF_SEV_INFO,
	PF_SEV_LOW,
	PF_SEV_MEDIUM,
	PF_SEV_HIGH,
	PF_SEV_CRITICAL,
	PF_SEV_MAX
};

/* "error", "high", ...; NULL for an out-of-range value. */
const char	*pf_sev_name(enum pf_severity);
/* Parses a severity name (case-insensitive); returns -1 if unknown. */
int		 pf_sev_parse(const char *);
/* Nonzero for critical..info (rule findings). */
int		 pf_sev_is_finding(enum pf_severity);

/*
 * What a report needs to know about a rule; the rule registry (rules/)
 * owns one per rule and diagnostics point at it.  Reader diagnostics have
 * rule == NULL and carry only an id.
 */
struct pf_rule_info {
	const char	*id;		/* stable, kebab-case */
	const char	*name;		/* short title */
	enum pf_severity severity;	/* default severity */
	const char	*summary;	/* one line */
	const char	*category;	/* routing, uploads, exposure, sizing, ... */
	const char	*help;		/* long text (the rule's doc), may be NULL */
};

struct pf_related {
	struct pf_loc	 loc;
	const char	*message;
};

struct pf_diag {
	enum pf_severity sev;
	const char	*id;		/* rule or reader diagnostic id, or NULL */
	const struct pf_rule_info *rule;/* set for rule findings */
	const char	*message;
	const char	*fix;		/* suggested fix, or NULL */
	const char	*subject;	/* site, vhost or pool the finding is about */
	struct pf_loc	 loc;
	struct pf_related *related;
	size_t		 nrelated;
	const char	*fingerprint;	/* line-independent identity, or NULL */
	const char	*suppressed;	/* reason it was suppressed, or NULL */
	uint32_t	 seq;		/* order of creation, for stable sorting */
};

#endif
