/*
 * report_view.h - what every report format renders, prepared once.
 *
 * Renderers do not read pf_diag directly: pf_rv_build() turns the run's
 * diagnostics into a view where every string is valid UTF-8 with control
 * bytes replaced (so XML and JSON stay well-formed for any input bytes),
 * secrets are masked (unless --no-redact), locations in generated text
 * are mapped to the description line that produced them, include chains
 * are resolved, snippets are cut and their carets placed, and findings
 * have fingerprints.  A format is then a loop over the view.
 */
#ifndef PF_REPORT_VIEW_H
#define PF_REPORT_VIEW_H

#include "emitters/report.h"
#include "model/arena.h"

struct pf_redactor;

/* A location, resolved for printing. */
struct pf_rv_loc {
	struct pf_loc	 loc;		/* as in the model; file 0 = none */
	const char	*path;		/* display path ("" if none) */
	const char	*uri;		/* relative URI (percent-encoded) */
	const char	*rel;		/* the same, not encoded */
	const char	*uri_base;	/* "SRCROOT" or "ROOT" */
	enum pf_src_kind kind;
	/* The source line: valid UTF-8, controls shown as U+FFFD, secrets
	 * masked, long lines cut around the column; NULL if none. */
	const char	*snippet;
	size_t		 snip_start;	/* caret span in snippet bytes, */
	size_t		 snip_end;	/* [start, end) */
	int		 caret;		/* a caret is shown at snip_start */
	/* Columns in Unicode code points (SARIF unicodeCodePoints), 1-based;
	 * end is exclusive; 0 if unknown. */
	uint32_t	 ccol, cend;
	/* The Include chain of the file, innermost first (these entries
	 * have no chain or snippet of their own). */
	struct pf_rv_loc *chain;
	size_t		 nchain;
};

struct pf_rv_related {
	struct pf_rv_loc loc;		/* the origin for generated text */
	struct pf_rv_loc *gen;		/* where in generated text, or NULL */
	const char	*message;
};

struct pf_rv_diag {
	const struct pf_diag *d;
	enum pf_severity sev;
	const char	*id;		/* effective id (never NULL) */
	const struct pf_rule_info *rule;
	int		 finding;	/* a rule finding, not a reader diag */
	int		 failing;	/* counts towards a non-zero exit */
	const char	*message, *fix, *subject, *suppressed;
	const char	*fingerprint;	/* without the repeat suffix kept */
	struct pf_rv_loc at;		/* primary: the origin for generated */
	struct pf_rv_loc *gen;		/* where in generated text, or NULL */
	struct pf_rv_related *rel;
	size_t		 nrel;
};

struct pf_rv {
	struct pf_run	*run;
	const struct pf_report_opts *o;
	struct pf_arena	*arena;		/* the view's strings */
	struct pf_redactor *redactor;	/* NULL with --no-redact */
	struct pf_rv_diag *v;		/* every stored diagnostic, sorted */
	size_t		 n;
	size_t		 nshown;	/* not suppressed */
	size_t		 nsuppressed;
	/* Per severity, not suppressed, including diagnostics over the
	 * storage cap (run->dropped). */
	size_t		 count[PF_SEV_MAX];
	size_t		 nfailing;	/* findings >= fail_on + errors */
	int		 failed;	/* the run fails (exit 1 or 3) */
	/* Rules referenced by findings, sorted by id. */
	const struct pf_rule_info **rules;
	size_t		 nrules;
	/* Distinct ids (incl. reader ids), sorted, for SARIF/JSON tables. */
	const char	**ids;
	size_t		 nids;
	/*
	 * A file Included from several places is one source per place (each
	 * has its own chain) but one file: file_index[source] numbers the
	 * distinct files (by URI) in reading order, nfiles of them; first[k]
	 * is the first source of file k.
	 */
	uint32_t	*file_index;
	uint32_t	*file_first;
	uint32_t	 nfiles;
	const char	*tool_version;
	/* Where relative URIs start (absolute, ends in '/'), as file URI. */
	const char	*srcroot_uri;
	/* path, rel, uri and uri_base of each source, made once (resolve);
	 * not whole pf_rv_locs: 20,000 sources would take 2.5 MB */
	struct pf_rv_paths {
		const char	*path, *rel, *uri, *uri_base;
	} *paths;
	size_t		 npaths;
	/* source -> the first source of the same path string (sources of
	 * one file Included from many places share it): malloc'd */
	uint32_t	*same_path;
	/* Sources whose lines were looked up once (source_line). */
	unsigned char	*asked;
	size_t		 nasked;
	/* Where snippets, chains and texts go when not NULL (pf_rv_fill). */
	struct pf_arena	*tmp;
	int		 flags;		/* PF_RV_* given to the build */
};

/* Builds the view; free it with pf_rv_free(). */
void	pf_rv_build(struct pf_rv *, struct pf_run *,
	    const struct pf_report_opts *);

/*
 * pf_rv_build() for formats that print one diagnostic at a time and need
 * less (the text reports: a tree of 10,000 vhosts has 10,000 findings).
 * PF_RV_LAZY: each entry has only d, sev, id, rule, finding, failing,
 * suppressed and at (path and location, no snippet or chain) until
 * pf_rv_fill() completes it; counts, order and tables are as
 * pf_rv_build() makes them.  PF_RV_NO_FINGERPRINTS: fingerprint stays
 * NULL (the diagnostics are still sorted).  PF_RV_NO_FILES: file_index,
 * file_first and nfiles are not made.  Paths are made once per source
 * and kept by the view in any case.
 */
#define PF_RV_LAZY		0x1
#define PF_RV_NO_FINGERPRINTS	0x2
#define PF_RV_NO_FILES		0x4
/* PF_RV_PATHS_ONLY: locations get path, not uri, rel or uri_base. */
#define PF_RV_PATHS_ONLY	0x8
/* PF_RV_MESSAGE_ONLY: pf_rv_fill() adds the message and the subject only. */
#define PF_RV_MESSAGE_ONLY	0x10
void	pf_rv_build_flags(struct pf_rv *, struct pf_run *,
	    const struct pf_report_opts *, int flags);
/*
 * Completes an entry of a PF_RV_LAZY view as pf_rv_build() would have
 * made it; what it adds lives in a (reset it once the entry is printed).
 */
void	pf_rv_fill(struct pf_rv *, struct pf_rv_diag *, struct pf_arena *a);
void	pf_rv_free(struct pf_rv *);
/*
 * Does entry i (filled) need its subject said?  Only when another entry
 * of the same id stands at the same place for another subject (a line
 * Included by several vhosts, conf-enabled/php8.2-fpm.conf's SetHandler)
 * and the message does not name it: else the two read the same.
 */
int	pf_rv_subject_needed(const struct pf_rv *, size_t i);

/* Resolves a location (full: with snippet and Include chain). */
struct pf_rv_loc pf_rv_resolve(struct pf_rv *, struct pf_loc, int full);

/* Index of an id in v->ids (binary search), or -1. */
int	pf_rv_id_index(const struct pf_rv *, const char *id);
/* Index of a rule in v->rules by id, or -1. */
int	pf_rv_rule_index(const struct pf_rv *, const char *id);

/*
 * Copies n bytes as valid UTF-8: invalid sequences, NUL and other
 * control characters (C0 but tab, and newline when keep_nl; DEL; C1)
 * and the XML-forbidden U+FFFE/U+FFFF become U+FFFD.  pos[] holds byte
 * offsets into the input, updated to offsets into the output.
 */
char	*pf_rv_clean(struct pf_arena *, const char *p, size_t n, int keep_nl,
	    size_t *pos, size_t npos);
/* Cleans and (when the view redacts) masks a string; NULL stays NULL. */
const char *pf_rv_text(struct pf_rv *, const char *s);

/* "error", "warning", "note": the SARIF/GitHub level of a severity. */
const char *pf_rv_level(enum pf_severity);
/* SARIF security-severity ("9.5" ...) of a finding severity, or NULL. */
const char *pf_rv_security_severity(enum pf_severity);
/* Number of code points in a UTF-8 string's first n bytes. */
size_t	pf_rv_width(const char *s, size_t n);

/* Prints one diagnostic in the text report's form (report_text.c). */
void	pf_rv_text_diag(FILE *, const struct pf_rv_diag *, int color);

/* Prints a cJSON tree (and a newline) and deletes it; 0 or -1. */
struct cJSON;
int	pf_rv_print_json(FILE *, struct cJSON *);
/*
 * cJSON_AddNumberToObject for an integer, printed the same (cJSON 1.7.15
 * formats every number with "%1.15g" and reads it back with sscanf: a
 * fifth of a JSON report's time with 10,000 findings) as a raw item.
 */
struct cJSON	*pf_json_add_int(struct cJSON *, const char *key, long long n);
/*
 * The same for a tree with arrays (empty, anywhere in root) whose n
 * elements come from item(ctx, i) one at a time, each printed and freed
 * before the next is made: the output is byte for byte what
 * pf_rv_print_json() prints of the whole tree, in the memory of one
 * element (a report of 10,000 findings from 20,000 files held each of them
 * as a cJSON tree and then all as one string).
 */
struct pf_json_array {
	struct cJSON	*items;
	size_t		 n;
	struct cJSON	*(*item)(void *ctx, size_t i);
	void		*ctx;
};
int	pf_rv_print_json_stream(FILE *, struct cJSON *root,
	    struct pf_json_array *, size_t narrays);
/* The entries of a lazy view, each completed in a scratch arena that is
 * reset for the next: pf_rv_item() returns entry i filled. */
struct pf_rv_items {
	struct pf_rv	*v;
	struct pf_arena	*a;
};
struct pf_rv_diag *pf_rv_item(struct pf_rv_items *, size_t i);

/* The help URI of a rule (PF_RULE_DOCS_URL + id + ".md"). */
const char *pf_rv_rule_uri(struct pf_rv *, const char *id);
/* The kind of a source as a word: "httpd", "php-fpm", ... */
const char *pf_rv_kind_name(enum pf_src_kind);

#endif
