/*
 * httpd_check.c - judges every directive of the read tree as httpd's
 * ap_walk_config/invoke_cmd would (after the whole tree is read, so a
 * module loaded later in the file counts): unknown directives, directives
 * of modules not loaded, the context (req_override and the directive's
 * own ap_check_cmd_context), the argument count (args_how) and section
 * syntax.  Errors here are errors for `apache2 -t` too; in .htaccess files
 * (which -t never reads) they are warnings (a 500 at request time).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/httpd_int.h"
#include "parsers/httpd_so.h"

#define K(k)	(1ull << (k))
/* The sections whose body is a per-directory context. */
#define DIR_SECTIONS	(K(HK_DIRECTORY) | K(HK_DIRECTORYMATCH) |	\
	K(HK_LOCATION) | K(HK_LOCATIONMATCH) | K(HK_FILES) |		\
	K(HK_FILESMATCH) | K(HK_PROXY) | K(HK_PROXYMATCH) | K(HK_IF) |	\
	K(HK_ELSEIF) | K(HK_ELSE) | K(HK_LIMIT) | K(HK_LIMITEXCEPT))

static int
in_set(const struct pf_node *n, unsigned long long set)
{
	return (n->flags & PF_NODE_SECTION) && (set & K(pf_hrd_kind(n)));
}

/* The nearest ancestor section of one of the kinds (NULL if none). */
static const struct pf_node *
ancestor(const struct pf_node *n, unsigned long long set)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (in_set(n, set))
			return n;
	return NULL;
}

static const char *
arity_msg(int how)
{
	switch (how) {
	case PF_ARGS_NO_ARGS:	return "takes no arguments";
	case PF_ARGS_TAKE1:	return "takes one argument";
	case PF_ARGS_TAKE2:	return "takes two arguments";
	case PF_ARGS_TAKE12:	return "takes 1-2 arguments";
	case PF_ARGS_TAKE3:	return "takes three arguments";
	case PF_ARGS_TAKE23:	return "takes two or three arguments";
	case PF_ARGS_TAKE123:	return "takes one, two or three arguments";
	case PF_ARGS_TAKE13:	return "takes one or three arguments";
	case PF_ARGS_ITERATE:	return "requires at least one argument";
	case PF_ARGS_ITERATE2:	return "requires at least two arguments";
	case PF_ARGS_FLAG:	return "must be On or Off";
	}
	return NULL;
}

/* invoke_cmd's counting; 0 when the words fit the shape. */
static int
bad_arity(const struct pf_node *n, int how)
{
	int c = n->argc;
	char **v = n->argv;

#define E(i) (c > (i) && v[i][0] == '\0')
	switch (how) {
	case PF_ARGS_NO_ARGS:	return n->raw[0] != '\0';
	case PF_ARGS_TAKE1:	return c != 1 || E(0);
	case PF_ARGS_TAKE2:	return c != 2 || E(0) || E(1);
	case PF_ARGS_TAKE12:	return c < 1 || c > 2 || E(0);
	case PF_ARGS_TAKE3:	return c != 3 || E(0) || E(1) || E(2);
	case PF_ARGS_TAKE23:	return c < 2 || c > 3 || E(0) || E(1);
	case PF_ARGS_TAKE123:	return c < 1 || c > 3 || E(0);
	case PF_ARGS_TAKE13:	return c < 1 || c == 2 || c > 3 || E(0);
	case PF_ARGS_ITERATE:	return c < 1 || E(0);
	case PF_ARGS_ITERATE2:	return c < 2 || E(0);
	case PF_ARGS_FLAG:	return c < 1 || (strcasecmp(v[0], "on") != 0 &&
				    strcasecmp(v[0], "off") != 0);
	}
#undef E
	return 0;
}

static void
report(struct hrd *r, const struct pf_node *n, const char *id,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
report(struct hrd *r, const struct pf_node *n, const char *id,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pf_diag_vadd(r->run, (n->flags & PF_NODE_HTACCESS) ? PF_SEV_WARNING :
	    PF_SEV_ERROR, id, n->loc, fmt, ap);
	va_end(ap);
	/* Each error here fails an .htaccess file the walk read as a whole
	 * (ap_parse_htaccess: 500 for every request under it), those found
	 * after the walk too (the Require checks): the request simulator
	 * knows a refused file by this flag. */
	if ((n->flags & PF_NODE_HTACCESS) && r->htovr != NULL)
		((struct pf_node *)n)->flags |= PF_NODE_FORBIDDEN;
}

/* A word as httpd's error log shows it: bytes outside printable ASCII
 * as \xHH (an editor's UTF-8 byte order mark, a stray control byte). */
static const char *
log_escaped(struct hrd *r, const char *s)
{
	const unsigned char *p;
	char *out, *o;

	for (p = (const unsigned char *)s; *p >= 0x20 && *p < 0x7f; p++)
		;
	if (*p == '\0')
		return s;
	o = out = pf_alloc(r->a, strlen(s) * 4 + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p >= 0x20 && *p < 0x7f)
			*o++ = (char)*p;
		else
			o += snprintf(o, 5, "\\x%02x", *p);
	*o = '\0';
	return out;
}

/* The directory of the .htaccess file n was read from. */
static const char *
htaccess_dir(const struct pf_node *n)
{
	while (n->parent != NULL && (n->parent->flags & PF_NODE_HTACCESS))
		n = n->parent;
	return n->argc > 0 ? n->argv[0] : "?";
}

/* The AllowOverride classes that would allow d ("FileInfo or
 * Indexes"), NULL if none (never in .htaccess). */
static const char *
classes(struct hrd *r, const struct pf_directive *d)
{
	static const struct { unsigned bit; const char *name; } c[] = {
		{ PF_OVR_AUTHCONFIG, "AuthConfig" }, { PF_OVR_LIMIT, "Limit" },
		{ PF_OVR_OPTIONS, "Options" }, { PF_OVR_FILEINFO, "FileInfo" },
		{ PF_OVR_INDEXES, "Indexes" },
	};
	const char *s = NULL;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (d->ctx & c[i].bit)
			s = s == NULL ? c[i].name : pf_printf(r->a, "%s or %s",
			    s, c[i].name);
	return s;
}

/* Is d named by the AllowOverrideList in effect (set_override_list keeps
 * the directives allowed in a <Directory> or an .htaccess file)?  By
 * cmd->name, as invoke_cmd's apr_table_get looks it up: a section as
 * "<Files" ("Files" there does not allow <Files>). */
static int
listed(const struct pf_hovr *o, const struct pf_directive *d)
{
	int i;

	if (o->list == NULL || (d->ctx & (PF_OVR_ALL | PF_CTX_DIR)) == 0)
		return 0;
	for (i = 0; i < o->list->argc; i++)
		if (strcasecmp(o->list->argv[i], d->name) == 0)
			return 1;
	return 0;
}

static const char *sec_name(const struct pf_node *);

/*
 * Where invoke_cmd says an .htaccess directive is refused: "here" at the
 * file's top level, "in <Files> context" inside a section of the file
 * (parms->directive->parent, which a true <IfModule> and its kin do not
 * become: their bodies are spliced into the enclosing level, as the
 * reader's tree has them).
 */
static const char *
ht_where(struct hrd *r, const struct pf_node *n)
{
	const struct pf_node *p = n->parent;

	if (p != NULL && (p->flags & PF_NODE_SECTION) && p->parent != NULL &&
	    (p->parent->flags & PF_NODE_HTACCESS))
		return pf_printf(r->a, "in <%s> context", sec_name(p));
	return "here";
}

/*
 * An .htaccess directive under the overrides of its directory (invoke_cmd:
 * the directive's classes against AllowOverride, or its name in
 * AllowOverrideList; Nonfatal=Override skips it with a warning).  Returns
 * 1 if it reported.  The messages name the directive as its module
 * registers it (cmd->name: "order not allowed here" for an "Order" line).
 */
static int
check_override(struct hrd *r, struct pf_node *n, const struct pf_directive *d)
{
	const struct pf_hovr *o = r->htovr;
	const char *cls = (d->ctx & PF_OVR_ALL) ? "" : NULL;
	const char *dname = d->name;

	if (o == NULL) {
		/* not from the walk: only whether .htaccess may have it */
		if (cls != NULL)
			return 0;
		report(r, n, "httpd-context", "%s not allowed %s "
		    "(in .htaccess)", dname, ht_where(r, n));
		return 1;
	}
	if ((o->ovr & d->ctx & PF_OVR_ALL) != 0 || listed(o, d))
		return 0;
	if (o->nonfatal & PF_HOVR_NF_OVERRIDE) {
		n->flags |= PF_NODE_IGNORED;
		pf_diag_add(r->run, PF_SEV_WARNING, "httpd-context", n->loc,
		    "%s in .htaccess forbidden by AllowOverride: httpd skips "
		    "it (AllowOverride Nonfatal=Override)", dname);
		return 1;
	}
	n->flags |= PF_NODE_FORBIDDEN;
	report(r, n, "httpd-context", "%s not allowed %s: %s, so httpd "
	    "answers 500 for every request under %s", dname, ht_where(r, n),
	    cls == NULL ?
	    "never in .htaccess unless AllowOverrideList names it" : o->unset ?
	    "no AllowOverride applies to this directory (httpd then reads "
	    ".htaccess and allows nothing in it)" : pf_printf(r->a,
	    "AllowOverride does not include %s", classes(r, d)),
	    htaccess_dir(n));
	return 1;
}

/*
 * set_options in an .htaccess file: each word's options must be among
 * those AllowOverride Options=... allows ("Option X not allowed here").
 */
static int
check_options_allowed(struct hrd *r, struct pf_node *n)
{
	const struct pf_hovr *o = r->htovr;
	int i, b;

	for (i = 0; o != NULL && i < n->argc; i++) {
		const char *w = n->argv[i];

		if (*w == '+' || *w == '-')
			w++;
		b = pf_hrd_option_bits(w);
		if (b > 0 && (o->opts & (unsigned)b) != (unsigned)b) {
			n->flags |= PF_NODE_FORBIDDEN;
			report(r, n, "httpd-context", "Option %s not allowed "
			    "here: AllowOverride Options=... does not include "
			    "it, so httpd answers 500 for every request under "
			    "%s", w, htaccess_dir(n));
			return 1;
		}
	}
	return 0;
}

/*
 * What the body of section p lets a directive be (cmd->override while
 * httpd walks it): <Directory>, <Location>, <Files>, <Proxy>, <If> and
 * their kin a per-directory context; <Limit> and <LimitExcept> keep the
 * context they stand in (ap_limit_section); mod_authz_core's
 * <RequireAll>, <RequireAny> and <RequireNone> allow only OR_AUTHCFG
 * directives ("Redirect not allowed in <RequireAny> context"), and
 * <AuthnProviderAlias>/<AuthzProviderAlias> OR_AUTHCFG | ACCESS_CONF
 * (add_authz_section, authaliassection); anything else (the main server,
 * <VirtualHost>, <MDomain>) the server context.
 */
enum { BODY_SERVER, BODY_DIR, BODY_AUTHCFG, BODY_AUTHCFG_ACCESS };

static int
body_context(const struct pf_node *p)
{
	const unsigned long long limit = K(HK_LIMIT) | K(HK_LIMITEXCEPT);

	for (; p != NULL && p->name != NULL && p->parent != NULL;
	    p = p->parent) {
		if (in_set(p, limit))
			continue;
		if (in_set(p, DIR_SECTIONS))
			return BODY_DIR;
		if (!(p->flags & PF_NODE_SECTION))
			return BODY_SERVER;
		/* (the first letter first: <VirtualHost> bodies pass here) */
		if ((p->name[0] | 0x20) != 'r' && (p->name[0] | 0x20) != 'a')
			return BODY_SERVER;
		if (strncasecmp(p->name, "Require", 7) == 0 &&
		    (strcasecmp(p->name + 7, "All") == 0 ||
		    strcasecmp(p->name + 7, "Any") == 0 ||
		    strcasecmp(p->name + 7, "None") == 0))
			return BODY_AUTHCFG;
		if (strcasecmp(p->name, "AuthnProviderAlias") == 0 ||
		    strcasecmp(p->name, "AuthzProviderAlias") == 0)
			return BODY_AUTHCFG_ACCESS;
		return BODY_SERVER;
	}
	return BODY_SERVER;
}

/*
 * The ap_check_cmd_context() bits a directive's handler passes.  The
 * generated table has what the generator saw with one argument; Alias and
 * ScriptAlias with two (add_alias_internal) refuse every per-directory
 * context (NOT_IN_DIR_CONTEXT), with one only <Directory> and <Files>.
 */
static unsigned
forbidden_bits(const struct pf_node *n, const struct pf_directive *d)
{
	unsigned f = d->ctx;

	if (n->argc >= 2 && (strcmp(d->lname, "alias") == 0 ||
	    strcmp(d->lname, "scriptalias") == 0))
		f |= PF_NOT_IN_LIMIT | PF_NOT_IN_DIRECTORY |
		    PF_NOT_IN_LOCATION | PF_NOT_IN_FILES | PF_NOT_IN_PROXY;
	return f;
}

/* A section's name as httpd's tree holds it: the registered spelling
 * when the directive is known (ap_build_config_sub stores cmd->name), else
 * as written; without the '<'. */
static const char *
sec_name(const struct pf_node *p)
{
	if (p->def != NULL && p->def->name[0] == '<')
		return p->def->name + 1;
	return p->name;
}

static int handler_context(struct hrd *, struct pf_node *,
		    const struct pf_directive *);

/*
 * The context invoke_cmd checks against the command table (req_override)
 * before it counts the words; for a section, also handler_context's.
 * Returns 1 if it reported (httpd stops at the first error).  The
 * messages name the directive as its module registers it (cmd->name:
 * "DAV not allowed here" for a "Dav" line) and so the sections.
 */
static int
check_context(struct hrd *r, struct pf_node *n, const struct pf_directive *d)
{
	const struct pf_node *p = n->parent;
	const char *cname = d->name;
	int dirctx;

	if (n->flags & PF_NODE_HTACCESS)
		return check_override(r, n, d);
	dirctx = body_context(p);
	if (dirctx == BODY_DIR ? !(d->ctx & PF_CTX_DIR) :
	    dirctx == BODY_SERVER ? !(d->ctx & PF_CTX_SERVER) :
	    dirctx == BODY_AUTHCFG ? !(d->ctx & PF_OVR_AUTHCONFIG) :
	    !(d->ctx & PF_OVR_AUTHCONFIG) && !((d->ctx & PF_CTX_DIR) &&
	    !(d->ctx & PF_OVR_ALL))) {
		if (p != NULL && p->parent != NULL)
			report(r, n, "httpd-context", "%s not allowed in <%s> "
			    "context", cname, sec_name(p));
		else
			report(r, n, "httpd-context", "%s not allowed here",
			    cname);
		return 1;
	}
	/* a section's handler checks where it is before anything else */
	return (n->flags & PF_NODE_SECTION) ? handler_context(r, n, d) : 0;
}

/*
 * The rest of ap_check_cmd_context, which a directive's handler calls:
 * after invoke_cmd has counted the words and read a FLAG's On/Off
 * ("ServerLimit 1 2" in a <VirtualHost> is "takes one argument").
 * Nothing to check in an .htaccess file (check_override did).
 */
static int
handler_context(struct hrd *r, struct pf_node *n,
    const struct pf_directive *d)
{
	const unsigned long long vhost = K(HK_VHOST);
	const unsigned long long dirs = K(HK_DIRECTORY) | K(HK_DIRECTORYMATCH);
	const unsigned long long locs = K(HK_LOCATION) | K(HK_LOCATIONMATCH);
	const unsigned long long files = K(HK_FILES) | K(HK_FILESMATCH) |
	    K(HK_IF) | K(HK_ELSEIF) | K(HK_ELSE);
	const unsigned long long proxy = K(HK_PROXY) | K(HK_PROXYMATCH);
	const unsigned long long limit = K(HK_LIMIT) | K(HK_LIMITEXCEPT);
	const unsigned dir_loc_file = PF_NOT_IN_DIRECTORY |
	    PF_NOT_IN_LOCATION | PF_NOT_IN_FILES;
	const unsigned dir_context = dir_loc_file | PF_NOT_IN_LIMIT |
	    PF_NOT_IN_PROXY;
	const struct pf_node *f;
	const char *cname = d->name;
	const char *gt = cname[0] == '<' && cname[strlen(cname) - 1] != '>' ?
	    ">" : "";
	unsigned forbid;

	if (n->flags & PF_NODE_HTACCESS)
		return 0;
	/* ap_check_cmd_context's order: <VirtualHost>, then <Limit> for
	 * any per-directory bit (cmd->limited), then all of Directory,
	 * Location and Files in any section with a path, then each. */
	forbid = forbidden_bits(n, d);
	if ((forbid & PF_NOT_IN_VHOST) && ancestor(n, vhost) != NULL) {
		report(r, n, "httpd-context", "%s%s cannot occur within "
		    "<VirtualHost> section", cname, gt);
		return 1;
	}
	if ((forbid & dir_context) && ancestor(n, limit) != NULL) {
		report(r, n, "httpd-context", "%s%s cannot occur within <Limit> "
		    "or <LimitExcept> section", cname, gt);
		return 1;
	}
	if ((forbid & dir_loc_file) == dir_loc_file &&
	    ancestor(n, DIR_SECTIONS & ~limit) != NULL) {
		report(r, n, "httpd-context", "%s%s cannot occur within "
		    "directory context", cname, gt);
		return 1;
	}
	if (((forbid & PF_NOT_IN_DIRECTORY) && (f = ancestor(n, dirs))) ||
	    ((forbid & PF_NOT_IN_LOCATION) && (f = ancestor(n, locs))) ||
	    ((forbid & PF_NOT_IN_FILES) && (f = ancestor(n, files))) ||
	    ((forbid & PF_NOT_IN_PROXY) && (f = ancestor(n, proxy)))) {
		report(r, n, "httpd-context", "%s%s cannot occur within <%s> "
		    "section", cname, gt, sec_name(f));
		return 1;
	}
	return 0;
}

/*
 * The <If>/<ElseIf>/<Else> added last to n's scope before n: core.c
 * ap_add_if_conf looks at the last entry of the enclosing config's sec_if
 * list, not at the previous line, so other directives and sections
 * (<Files>, whose <If>s go to their own config) may stand between an <If>
 * and its <Else> (a 404 in apache2 2.4.71, not the 500 of a lone <Else>).
 * Active conditionals are spliced in place, so an <If> in a true
 * <IfModule> counts and one in a false <IfModule> does not.
 */
static const struct pf_node *
prev_if_section(const struct pf_node *n)
{
	const struct pf_node *c, *prev = NULL;

	if (n->parent == NULL)
		return NULL;
	for (c = n->parent->child; c != NULL && c != n; c = c->next)
		if ((c->flags & PF_NODE_SECTION) &&
		    !(c->flags & (PF_NODE_READ | PF_NODE_INACTIVE)) &&
		    in_set(c, K(HK_IF) | K(HK_ELSEIF) | K(HK_ELSE)))
			prev = c;
	return prev;
}

/* http_protocol.c's register_core_methods: the methods every server
 * knows (names are case-sensitive: "get" is not GET). */
static int
builtin_method(const char *m)
{
	static const char *const known[] = {
		"GET", "HEAD", "PUT", "POST", "DELETE", "CONNECT", "OPTIONS",
		"TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY",
		"MOVE", "LOCK", "UNLOCK", "VERSION-CONTROL", "CHECKOUT",
		"UNCHECKOUT", "CHECKIN", "UPDATE", "LABEL", "REPORT",
		"MKWORKSPACE", "MKACTIVITY", "BASELINE-CONTROL", "MERGE",
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(m, known[i]) == 0)
			return 1;
	return 0;
}

/* Did a <Limit>/<LimitExcept> or RegisterHttpMethod of the server
 * configuration below p register m (ap_method_register at startup,
 * before any .htaccess is read), with use non-NULL by the time httpd
 * reads use: one that encloses it or comes first in file order (an
 * .htaccess file comes after all)? */
static int
registered_method(const struct pf_node *p, const char *m,
    const struct pf_node *use)
{
	const struct pf_node *c, *x;
	int i;

	for (c = p->child; c != NULL; c = c->next) {
		if (c->flags & (PF_NODE_INACTIVE | PF_NODE_READ |
		    PF_NODE_HTACCESS))
			continue;
		if (in_set(c, K(HK_LIMIT) | K(HK_LIMITEXCEPT)) ||
		    (c->def != NULL && !(c->flags & PF_NODE_SECTION) &&
		    strcmp(c->def->lname, "registerhttpmethod") == 0))
			for (i = 0; i < c->argc; i++) {
				if (strcmp(c->argv[i], m) != 0)
					continue;
				for (x = use; x != NULL && x != c; x = x->parent)
					;
				if (use == NULL || x != NULL ||
				    pf_hrd_done_before(c, use))
					return 1;
			}
		if (c->child != NULL && registered_method(c, m, use))
			return 1;
	}
	return 0;
}

int
pf_hrd_method_known(struct hrd *r, const char *m)
{
	return builtin_method(m) || registered_method(r->ap->root, m, NULL);
}

/* The methods of a <Limit> (or all but those of a <LimitExcept>) as bits
 * over names[] (bit nn: every method not named). */
static unsigned long long
limit_bits(const struct pf_node *n, const char **names, int nn)
{
	unsigned long long b = 0;
	int i, j;

	for (i = 0; i < n->argc; i++)
		for (j = 0; j < nn; j++)
			if (strcmp(n->argv[i], names[j]) == 0)
				b |= 1ull << j;
	if (pf_hrd_kind(n) == HK_LIMITEXCEPT)
		b = ~b & ((1ull << (nn + 1)) - 1);
	return b;
}

/*
 * core.c ap_limit_section after the words: cmd->limited is what the
 * enclosing <Limit>s leave (all methods outside any), and a nested one
 * that leaves none, or that does not narrow it, is refused.  Found by
 * the htaccess corpus (<Limit GET> inside <Limit POST>).
 */
static const char *
nested_limit_error(const struct pf_node *n, int except)
{
	const char *names[63];
	const struct pf_node *p;
	unsigned long long old, cur;
	int nn = 0, i, j;

	for (p = n; p != NULL; p = p->parent) {
		if (!in_set(p, K(HK_LIMIT) | K(HK_LIMITEXCEPT)) ||
		    (p->flags & PF_NODE_INACTIVE))
			continue;
		for (i = 0; i < p->argc; i++) {
			for (j = 0; j < nn; j++)
				if (strcmp(names[j], p->argv[i]) == 0)
					break;
			if (j < nn)
				continue;
			if (nn == 62)
				return NULL;	/* too many to judge */
			names[nn++] = p->argv[i];
		}
	}
	old = (1ull << (nn + 1)) - 1;
	for (p = n->parent; p != NULL; p = p->parent)
		if (in_set(p, K(HK_LIMIT) | K(HK_LIMITEXCEPT)) &&
		    !(p->flags & PF_NODE_INACTIVE))
			old &= limit_bits(p, names, nn);
	cur = limit_bits(n, names, nn);
	if ((old & cur) == 0)
		return except ? "<LimitExcept> directive excludes all methods" :
		    "<Limit> directive excludes all methods";
	if ((old & cur) == old)
		return except ? "<LimitExcept> directive specifies methods "
		    "already excluded" : "<Limit> directive specifies methods "
		    "already excluded";
	return NULL;
}

/*
 * core.c ap_limit_section on each method word: TRACE is TraceEnable's
 * (<Limit> only); a method no module knows is registered, which an
 * .htaccess file cannot do ("<Limit get>" there is a 500).
 */
static const char *
limit_error(struct hrd *r, const struct pf_node *n)
{
	int i, except = pf_hrd_kind(n) == HK_LIMITEXCEPT;

	for (i = 0; i < n->argc; i++) {
		const char *m = n->argv[i];

		if (!except && strcmp(m, "TRACE") == 0)
			return "TRACE cannot be controlled by <Limit>, see "
			    "TraceEnable";
		if ((n->flags & PF_NODE_HTACCESS) && r->htovr != NULL &&
		    !builtin_method(m) && !registered_method(r->ap->root, m, NULL))
			return pf_printf(r->a, "Could not register method "
			    "'%s' for <%s from .htaccess configuration", m,
			    except ? "LimitExcept" : "Limit");
	}
	return nested_limit_error(n, except);
}

static const char *authn_alias(struct hrd *, const struct pf_node *);
static const char *authz_alias(struct hrd *, const struct pf_node *);

static void
check_section(struct hrd *r, struct pf_node *n)
{
	const unsigned long long path_sections = K(HK_DIRECTORY) |
	    K(HK_LOCATION) | K(HK_FILES);
	const unsigned long long need_arg = (DIR_SECTIONS & ~K(HK_ELSE)) |
	    K(HK_VHOST);
	const char *e0;

	if (n->flags & PF_NODE_NOGT) {
		report(r, n, "httpd-syntax", "<%s> directive missing closing "
		    "'>'", sec_name(n));
		return;
	}
	if (in_set(n, need_arg) && n->argc == 0) {
		/* core.c missing_container_arg: cmd->cmd->name */
		report(r, n, "httpd-syntax", "<%s> directive requires "
		    "additional arguments", sec_name(n));
		return;
	}
	if (in_set(n, path_sections) && n->argc > 1 &&
	    !(strcmp(n->argv[0], "~") == 0 && n->argc == 2)) {
		report(r, n, "httpd-syntax", "Multiple <%s> arguments not "
		    "(yet) supported.", sec_name(n));
		return;
	}
	/* ifsection, before its body */
	if (in_set(n, K(HK_ELSE)) && n->argc > 0) {
		report(r, n, "httpd-syntax", "<Else> does not take an "
		    "argument");
		return;
	}
	if (in_set(n, K(HK_ELSE) | K(HK_ELSEIF))) {
		const struct pf_node *p = prev_if_section(n);

		if (p == NULL || !in_set(p, K(HK_IF) | K(HK_ELSEIF))) {
			report(r, n, "httpd-syntax", "<Else> or <ElseIf> "
			    "section without previous <If> or <ElseIf> "
			    "section in same scope");
			return;
		}
	}
	if (in_set(n, K(HK_LIMIT) | K(HK_LIMITEXCEPT)) &&
	    (e0 = limit_error(r, n)) != NULL) {
		report(r, n, "httpd-value", "%s", e0);
		return;
	}
	if ((e0 = authn_alias(r, n)) != NULL ||
	    (e0 = authz_alias(r, n)) != NULL ||
	    (e0 = pf_hrd_handler_error(r, n)) != NULL) {
		report(r, n, "httpd-value", "%s", e0);
		return;
	}
	/* ifsection: the first word is the condition */
	if (in_set(n, K(HK_IF) | K(HK_ELSEIF)) && n->argc > 0) {
		const char *e = pf_hrd_expr_check(r, n->argv[0],
		    n->flags & PF_NODE_HTACCESS ? PF_HEXPR_HTACCESS : 0);

		if (e != NULL)
			report(r, n, "httpd-value", "Cannot parse condition "
			    "clause: %s", e);
		else if (n->argc > 1)
			/* (httpd says it after the body and the If chain) */
			report(r, n, "httpd-syntax", "Multiple <%s> arguments "
			    "not supported.", sec_name(n));
	}
}
/* The head of an <Authn|AuthzProviderAlias BASE ALIAS ...> of the main
 * configuration: -1 not one, 0 without both names, 1 with them. */
static int
alias_head(const struct pf_node *n, const char *lname)
{
	if (n->def == NULL || strcmp(n->def->lname, lname) != 0 ||
	    (n->flags & PF_NODE_HTACCESS))
		return -1;
	return n->argc >= 2 && n->argv[0][0] != '\0' && n->argv[1][0] != '\0';
}

/*
 * mod_authn_core's authaliassection: <AuthnProviderAlias BASE ALIAS>
 * needs both words, two names that differ (case-insensitively), an
 * ALIAS that no loaded module and no earlier alias registered (the
 * provider registry is the process's: one table for every server), and
 * then, after its body, a BASE that is one (ap_lookup_provider, case
 * kept: "File" is unknown).  AuthnzFcgiDefineProvider lines register
 * providers of their own, and so may third-party modules.
 */
static const char *
authn_alias(struct hrd *r, const struct pf_node *n)
{
	const char *base, *alias;
	int h = alias_head(n, "<authnprovideralias");

	if (h <= 0)
		return h < 0 ? NULL : "<AuthnProviderAlias> directive requires "
		    "additional arguments";
	base = n->argv[0];
	alias = n->argv[1];
	if (strcasecmp(base, alias) == 0)
		return "The alias provider name must be different from the "
		    "base provider name.";
	if (pf_hrd_authn_base(r, alias) || pf_hmap_get(&r->cfg_names,
	    pf_printf(r->a, "authn|%s", alias)) != NULL)
		return pf_printf(r->a, "The alias provider %s has already be "
		    "registered previously as either a base provider or an "
		    "alias provider.", alias);
	if (!pf_hrd_authn_base(r, base) && pf_hmap_get(&r->cfg_names,
	    pf_printf(r->a, "authn|%s", base)) == NULL &&
	    !pf_hrd_authn_dynamic(r, base, n))
		return pf_printf(r->a, "Unknown Authn provider: %s", base);
	pf_hmap_put(r->a, &r->cfg_names, pf_printf(r->a, "authn|%s", alias),
	    (void *)n);
	return NULL;
}

/*
 * mod_ext_filter's define_filter: a filter name (ap_getword_white, lower
 * case) defined twice in one server's config is "ExtFilter NAME is
 * already defined".  Each server has a table of its own (no merge: a
 * vhost may define again a name of the main server's, whose table a
 * request falls back to), so the key is the nearest <VirtualHost>.
 * Checked before the arguments, as define_filter does.
 */
static const char *
ext_filter_again(struct hrd *r, const struct pf_node *n)
{
	const struct pf_node *v;
	const char *a = n->raw, *e;
	char *key;
	size_t k, i;

	if (n->def == NULL || strcmp(n->def->lname, "extfilterdefine") != 0 ||
	    a == NULL || (n->flags & PF_NODE_HTACCESS))
		return NULL;
	for (v = n->parent; v != NULL && !((v->flags & PF_NODE_SECTION) &&
	    pf_hrd_kind(v) == HK_VHOST); v = v->parent)
		;
	while (isspace((unsigned char)*a))
		a++;
	for (e = a; *e != '\0' && !isspace((unsigned char)*e); e++)
		;
	k = (size_t)(e - a);
	key = pf_printf(r->a, "%p|%.*s", (const void *)v, (int)k, a);
	for (i = strlen(key) - k; key[i] != '\0'; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	if (pf_hmap_get(&r->cfg_names, key) != NULL)
		return pf_printf(r->a, "ExtFilter %.*s is already defined",
		    (int)k, a);
	pf_hmap_put(r->a, &r->cfg_names, key, (void *)n);
	return NULL;
}


static int
module_on(struct hrd *r, const struct pf_directive *d)
{
	return r->mod_on[d->module];
}

/* A name a loaded module whose command table could not be read may
 * define: noted once, at its first line; the later ones are counted in
 * that note. */
struct hrd_unknown {
	struct pf_diag	*d;
	const char	*text;		/* the note without the count */
	size_t		 more;
};

static void
third_party_note(struct hrd *r, const struct pf_node *n, const char *dname,
    const char *lname, const char *who)
{
	struct hrd_unknown *u;

	if ((u = pf_hmap_get(&r->unknown_noted, lname)) != NULL) {
		if (u->d == NULL)
			return;	/* past the diagnostics' cap */
		u->more++;
		u->d->message = pf_printf(r->a, "%s (%zu more line%s use%s "
		    "it, not noted)", u->text, u->more, u->more == 1 ? "" : "s",
		    u->more == 1 ? "s" : "");
		return;
	}
	u = pf_alloc(r->a, sizeof(*u));
	u->text = pf_printf(r->a, "'%s' is not a directive of any module "
	    "Apache ships or Debian packages; %s, loaded here, may define it "
	    "(its command table could not be read)", dname, who);
	u->d = pf_diag_add(r->run, PF_SEV_NOTE, "httpd-unknown-directive",
	    n->loc, "%s", u->text);
	if (u->d->message[0] == '\0')
		u->d = NULL;	/* dropped: past the cap */
	pf_hmap_put(r->a, &r->unknown_noted, pf_strdup(r->a, lname), u);
}

/*
 * Whether a loaded module that is not Apache's defines lname (lower
 * case), a name no table row has (a build newer than the table's, or a
 * module no table knows): 1 when its command table, read from its file,
 * has it (*cmd: the row); 0 when none does (apache2 -t refuses it:
 * "Invalid command"); 2 when the command table of a module no table
 * knows could not be read (its file missing, as under --root, or
 * relocations this reader does not follow), *unread_id the first.
 */
static int
tp_defines(struct hrd *r, const char *lname, const struct pf_so_cmd **cmd,
    const char **unread_id)
{
	size_t i, k;

	*cmd = NULL;
	*unread_id = NULL;
	for (i = 0; i < r->tpmods.n; i++) {
		const struct hrd_tpmod *t = r->tpmods.v[i];

		if (!t->so.have_cmds) {
			if (!t->known && *unread_id == NULL)
				*unread_id = t->id;
			continue;
		}
		for (k = 0; k < t->so.ncmds; k++)
			if (strcasecmp(t->so.cmds[k].name, lname) == 0) {
				*cmd = &t->so.cmds[k];
				return 1;
			}
	}
	return *unread_id != NULL ? 2 : 0;
}

/*
 * A command of a loaded module's own table (its file's command_rec) as a
 * row of the generated table would describe it: args_how as the shape,
 * req_override as the contexts (OR_LIMIT 1, OR_OPTIONS 2, OR_FILEINFO 4,
 * OR_AUTHCFG 8, OR_INDEXES 16, ACCESS_CONF 64, RSRC_CONF 128: the server
 * and a vhost take RSRC_CONF and the OR_* classes but AuthConfig and
 * Limit, a per-directory section ACCESS_CONF and every OR_* class).
 * tests/httpd/so_cmds.c checks it against the rows apache2 -L gave for
 * every module Apache ships.
 */
void
pf_hrd_so_row(const struct pf_so_cmd *c, const char *lname,
    struct pf_directive *d)
{
	/* enum cmd_how (http_config.h) -> PF_ARGS_* */
	static const unsigned char how[] = {
		PF_ARGS_RAW, PF_ARGS_TAKE1, PF_ARGS_TAKE2, PF_ARGS_ITERATE,
		PF_ARGS_ITERATE2, PF_ARGS_FLAG, PF_ARGS_NO_ARGS, PF_ARGS_TAKE12,
		PF_ARGS_TAKE3, PF_ARGS_TAKE23, PF_ARGS_TAKE123, PF_ARGS_TAKE13,
		PF_ARGS_RAW,	/* TAKE_ARGV */
	};
	int o = c->override;
	unsigned ctx = 0;

	memset(d, 0, sizeof(*d));
	d->lname = lname;
	d->name = c->name;
	d->help = c->help;
	if (o & (128 | 2 | 4 | 16))
		ctx |= PF_CTX_SERVER;
	if (o & (64 | 0x1f))
		ctx |= PF_CTX_DIR;
	ctx |= (o & 1 ? PF_OVR_LIMIT : 0) | (o & 2 ? PF_OVR_OPTIONS : 0) |
	    (o & 4 ? PF_OVR_FILEINFO : 0) | (o & 8 ? PF_OVR_AUTHCONFIG : 0) |
	    (o & 16 ? PF_OVR_INDEXES : 0);
	d->ctx = (unsigned short)ctx;
	d->args = c->name[0] == '<' ? PF_ARGS_SECTION : c->how >= 0 &&
	    (size_t)c->how < sizeof(how) ? how[c->how] : PF_ARGS_RAW;
}

/*
 * A line of such a command: the context and the word count invoke_cmd
 * checks (http_config.c), as for the generated rows.  Not a row of the
 * table: n->def stays NULL, and no value check applies.
 */
static void
check_tp_cmd(struct hrd *r, struct pf_node *n, const struct pf_so_cmd *c,
    const char *lname)
{
	struct pf_directive d;

	pf_hrd_so_row(c, lname, &d);
	if (check_context(r, n, &d) || d.args == PF_ARGS_SECTION)
		return;
	if (!bad_arity(n, d.args))
		return;
	report(r, n, "httpd-arity", "%s %s%s%s", d.name, arity_msg(d.args),
	    d.help != NULL && d.args != PF_ARGS_FLAG && d.args !=
	    PF_ARGS_NO_ARGS ? ", " : "", d.help != NULL && d.args !=
	    PF_ARGS_FLAG && d.args != PF_ARGS_NO_ARGS ? d.help : "");
}

/* The fix of an unknown directive's error (the last diagnostic); d: the
 * name's table row, of a module not loaded, or NULL. */
static void
unknown_fix(struct hrd *r, const struct pf_node *n,
    const struct pf_directive *d)
{
	struct pf_diag *last;
	const struct pf_httpd_module *m;

	if (r->run->diags.n == 0)
		return;
	last = r->run->diags.v[r->run->diags.n - 1];
	m = d != NULL ? &pf_httpd_modules[d->module] : NULL;
	if (strncmp(n->name, "\xef\xbb\xbf", 3) == 0)
		/* httpd strips it on Windows only (ap_pcfg_openfile) */
		pf_diag_fix(r->run, last, "remove the UTF-8 byte order mark "
		    "(BOM) before the name (an editor saved the file with "
		    "one): httpd reads it as part of the directive's name");
	else if (strncasecmp(n->name, "php_", 4) == 0)
		/* the classic of .htaccess files moved to PHP-FPM */
		pf_diag_fix(r->run, last, "%s is mod_php's, which is not "
		    "loaded (under PHP-FPM set it in the pool, php_value[...], "
		    "or a .user.ini; or keep it inside <IfModule mod_php.c>)",
		    n->name);
	else if (m != NULL && m->pkg != NULL)
		pf_diag_fix(r->run, last, "LoadModule %s (%s defines it; in "
		    "Debian, package %.*s)", m->id, m->src,
		    (int)strcspn(m->pkg, " "), m->pkg);
	else if (m != NULL)
		pf_diag_fix(r->run, last, "LoadModule %s (%s defines it)",
		    m->id, m->src);
}

static void
check_node(struct hrd *r, struct pf_node *n)
{
	char lname[128];
	const struct pf_directive *d, *use = NULL;
	size_t i, nd, len;
	const char *dname, *verr;
	char dbuf[130];
	int sec = (n->flags & PF_NODE_SECTION) != 0;
	size_t nerr = 0;	/* warnings + 1 before an .htaccess check */

	/* (the name's length is needed for a section or a name with no
	 * row: most nodes are neither) */
	len = n->def == NULL || sec ? strlen(n->name) : 0;
	if (n->def != NULL) {
		/* the reader left the name's first row there */
		d = n->def;
		nd = pf_hrd_rows(d);
	} else if (len + 2 > sizeof(lname)) {
		d = NULL;
		nd = 0;
	} else {
		size_t k = 0;
		uint32_t h = PF_HRD_HASH0;

		if (sec) {
			lname[k++] = '<';
			h = PF_HRD_HASH(h, '<');
		}
		for (i = 0; i < len; i++) {
			lname[k] = (char)(n->name[i] >= 'A' &&
			    n->name[i] <= 'Z' ? n->name[i] + 32 : n->name[i]);
			h = PF_HRD_HASH(h, lname[k]);
			k++;
		}
		lname[k] = '\0';
		d = pf_hrd_dfind(lname, h, &nd);
	}
	for (i = 0; d != NULL && i < nd; i++)
		if (module_on(r, &d[i])) {
			use = &d[i];
			break;
		}
	dname = n->name;
	if (sec && len + 2 <= sizeof(dbuf)) {
		dbuf[0] = '<';
		memcpy(dbuf + 1, n->name, len + 1);
		dname = dbuf;
	} else if (sec)
		dname = pf_printf(r->a, "<%s", n->name);
	if (use == NULL) {
		/* a name no row has: may a module not Apache's define it? */
		const struct pf_so_cmd *cmd = NULL;
		const char *who = NULL;
		int tp = d == NULL && r->third_party && len + 2 <=
		    sizeof(lname) ? tp_defines(r, lname, &cmd, &who) : 0;

		n->def = NULL;
		n->flags |= PF_NODE_UNKNOWN;
		if ((n->flags & PF_NODE_HTACCESS) && r->htovr != NULL &&
		    tp == 0) {
			if (r->htovr->nonfatal & PF_HOVR_NF_UNKNOWN) {
				n->flags |= PF_NODE_IGNORED;
				pf_diag_add(r->run, PF_SEV_WARNING,
				    "httpd-unknown-directive", n->loc, "Unknown "
				    "directive %s: httpd skips it (AllowOverride "
				    "Nonfatal=Unknown)", dname);
				return;
			}
			n->flags |= PF_NODE_FORBIDDEN;
		}
		if (tp == 1 && cmd != NULL) {
			check_tp_cmd(r, n, cmd, pf_strdup(r->a, lname));
			return;
		}
		if (tp == 1)
			return;	/* the module's (it reads them) */
		if (tp == 2) {
			third_party_note(r, n, dname, lname, who);
			return;
		}
		report(r, n, "httpd-unknown-directive", "Invalid command '%s', "
		    "perhaps misspelled or defined by a module not included in "
		    "the server configuration", log_escaped(r, dname));
		unknown_fix(r, n, d);
		return;
	}
	n->def = use;
	if (check_context(r, n, use))
		return;
	/* Past here an error in an .htaccess file fails the whole file at
	 * request time (ap_parse_htaccess: 500). */
	if ((n->flags & PF_NODE_HTACCESS) && r->htovr != NULL)
		nerr = r->run->count[PF_SEV_WARNING] + 1;
	if (sec) {
		check_section(r, n);
		if (nerr != 0 && r->run->count[PF_SEV_WARNING] >= nerr)
			n->flags |= PF_NODE_FORBIDDEN;
		return;
	}
	if (bad_arity(n, use->args))
		/* invoke_cmd appends the help text except for FLAG and
		 * NO_ARGS */
		report(r, n, "httpd-arity", "%s %s%s%s", use->name,
		    arity_msg(use->args), use->help != NULL &&
		    use->args != PF_ARGS_FLAG && use->args != PF_ARGS_NO_ARGS ?
		    ", " : "", use->help != NULL && use->args != PF_ARGS_FLAG &&
		    use->args != PF_ARGS_NO_ARGS ? use->help : "");
	else if (handler_context(r, n, use))
		return;
	else if ((verr = ext_filter_again(r, n)) != NULL)
		report(r, n, "httpd-value", "%s", verr);
	else if ((verr = pf_hrd_value_error(r, n)) != NULL)
		report(r, n, "httpd-value", "%s", verr);
	else if ((verr = pf_hrd_handler_error(r, n)) != NULL)
		report(r, n, "httpd-value", "%s", verr);
	else if (nerr != 0 && strcmp(use->lname, "options") == 0)
		(void)check_options_allowed(r, n);
	if (nerr != 0 && r->run->count[PF_SEV_WARNING] >= nerr)
		n->flags |= PF_NODE_FORBIDDEN;
}

/* --- mod_authz_core: Require and <RequireAll|Any|None> --------------- */

/*
 * The authorization providers of the modules Apache ships (the name a
 * Require line starts with; case matters: "Require All granted" is
 * "Unknown Authz provider: All").  Checked one by one with apache2 -t.
 */
static const struct { const char *name, *module; } authz_providers[] = {
	{ "env", "authz_core_module" }, { "all", "authz_core_module" },
	{ "method", "authz_core_module" }, { "expr", "authz_core_module" },
	{ "ip", "authz_host_module" }, { "host", "authz_host_module" },
	{ "local", "authz_host_module" },
	{ "forward-dns", "authz_host_module" },
	{ "valid-user", "authz_user_module" }, { "user", "authz_user_module" },
	{ "group", "authz_groupfile_module" },
	{ "file-group", "authz_groupfile_module" },
	{ "file-owner", "authz_owner_module" },
	{ "dbm-group", "authz_dbm_module" },
	{ "dbm-file-group", "authz_dbm_module" },
	{ "dbd-group", "authz_dbd_module" },
	{ "dbd-login", "authz_dbd_module" },
	{ "dbd-logout", "authz_dbd_module" },
	{ "ldap-user", "authnz_ldap_module" },
	{ "ldap-group", "authnz_ldap_module" },
	{ "ldap-dn", "authnz_ldap_module" },
	{ "ldap-attribute", "authnz_ldap_module" },
	{ "ldap-filter", "authnz_ldap_module" },
	{ "ldap-search", "authnz_ldap_module" },
	{ "ssl", "ssl_module" }, { "ssl-verify-client", "ssl_module" },
};

enum { AZ_OR, AZ_AND };

/* An authz section being filled (authz_section_conf: op, negate and
 * whether it has a child yet). */
struct azsec {
	int	 op, negate, count;
	int	 pos;	/* lines or sections not negated, as
			 * authz_core_check_section counts them */
};

struct azctx {
	struct hrd	*r;
	int		 dynamic;	/* providers defined at run time */
	int		 failed;	/* httpd stops at the first error */
};

static const char *
az_name(const struct azsec *s)
{
	return s->op == AZ_AND ? (s->negate ? "<RequireNotAll>" :
	    "<RequireAll>") : (s->negate ? "<RequireNone>" : "<RequireAny>");
}

/* Is name an authorization provider of a loaded module (or an
 * <AuthzProviderAlias> of the main server, or one a LuaAuthzProvider or
 * AuthnzFcgiDefineProvider line registers) by the time httpd comes to
 * use (pf_hrd_done_before)? */
static int
az_provider_known(struct azctx *c, const char *name,
    const struct pf_node *use)
{
	size_t i;

	if (c->dynamic)
		return 1;
	for (i = 0; i < sizeof(authz_providers) / sizeof(authz_providers[0]);
	    i++)
		if (strcmp(authz_providers[i].name, name) == 0)
			return pf_hrd_module_loaded(c->r,
			    authz_providers[i].module);
	return pf_hrd_dyn_known(c->r, &c->r->dyn_authz, name, use) ||
	    pf_hrd_alias_known(c->r, "AuthzProviderAlias", name, use);
}

/* add_authz_provider: one Require line added to cur (or the default
 * section, created on demand). */
static void
az_require(struct azctx *c, const struct pf_node *n, struct azsec *cur)
{
	const char *prov = n->argc > 0 ? n->argv[0] : "";
	int negate = 0, args = 1;

	if (strcasecmp(prov, "not") == 0) {
		negate = 1;
		prov = n->argc > 1 ? n->argv[1] : "";
		args = 2;
	}
	if (!az_provider_known(c, prov, n)) {
		report(c->r, n, "httpd-value", "Unknown Authz provider: %s",
		    prov);
		c->failed = 1;
		return;
	}
	/* The parse_require_line checks that need no address parser. */
	if (strcmp(prov, "all") == 0 && (n->argc != args + 1 ||
	    (strcasecmp(n->argv[args], "granted") != 0 &&
	    strcasecmp(n->argv[args], "denied") != 0))) {
		report(c->r, n, "httpd-value", "Argument for 'Require all' "
		    "must be 'granted' or 'denied'");
		c->failed = 1;
		return;
	}
	if (strcmp(prov, "expr") == 0 && n->raw != NULL) {
		/* the rest of the line after "expr", as expr_parse_config
		 * gets it */
		const char *x = n->raw, *e;

		while (pf_hrd_space(*x))
			x++;
		if (negate) {
			x += 3;
			while (pf_hrd_space(*x))
				x++;
		}
		x += 4;
		if ((e = pf_hrd_expr_check(c->r, x, PF_HEXPR_REQUIRE |
		    (n->flags & PF_NODE_HTACCESS ? PF_HEXPR_HTACCESS : 0))) !=
		    NULL) {
			report(c->r, n, "httpd-value", "Cannot parse expression "
			    "in require line: %s", e);
			c->failed = 1;
			return;
		}
	}
	if (strcmp(prov, "ip") == 0 && n->argc <= args) {
		report(c->r, n, "httpd-value", "'require ip' requires an "
		    "argument");
		c->failed = 1;
		return;
	}
	/* mod_authz_host's ip_parse_config: apr_ipsubnet_create on each */
	if (strcmp(prov, "ip") == 0) {
		int i;

		for (i = args; i < n->argc; i++) {
			const char *a = n->argv[i];
			int e = pf_hrd_subnet_word(c->r->a, a, NULL);

			if (e == 0)
				continue;
			report(c->r, n, "httpd-value", "ip address '%s' "
			    "appears to be invalid%s", a, pf_hrd_subnet_why(e));
			c->failed = 1;
			return;
		}
	}
	/* mod_authz_core's method_parse_config: a method httpd knows by
	 * then (a <Limit> or RegisterHttpMethod registers one) */
	if (strcmp(prov, "method") == 0) {
		int i;

		for (i = args; i < n->argc; i++)
			if (n->argv[i][0] != '\0' &&
			    !builtin_method(n->argv[i]) &&
			    !registered_method(c->r->ap->root, n->argv[i],
			    n)) {
				report(c->r, n, "httpd-value", "Invalid Method "
				    "'%s'", n->argv[i]);
				c->failed = 1;
				return;
			}
	}
	if (negate && cur->op == AZ_OR) {
		report(c->r, n, "httpd-value", "negative Require directive has "
		    "no effect in %s directive", az_name(cur));
		c->failed = 1;
		return;
	}
	cur->count++;
	cur->pos += !negate;
}

static int	az_is_section(const struct pf_node *);

/*
 * The body of a scope or of a <Require...> section, with cur the section
 * its Require lines go to: <Limit> and <LimitExcept> are transparent;
 * sections with their own per-directory config (<Files> in <Directory>,
 * <If>) are scopes of their own, judged when the walk reaches them.
 */
static void
az_body(struct azctx *c, const struct pf_node *first, struct azsec *cur,
    int depth)
{
	const unsigned long long limit = K(HK_LIMIT) | K(HK_LIMITEXCEPT);
	const struct pf_node *n;

	for (n = first; n != NULL && !c->failed; n = n->next) {
		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ |
		    PF_NODE_FORBIDDEN | PF_NODE_IGNORED | PF_NODE_UNKNOWN) ||
		    n->def == NULL)
			continue;
		if (in_set(n, limit)) {
			az_body(c, n->child, cur, depth + 1);
			continue;
		}
		if (az_is_section(n)) {
			struct azsec s = { AZ_OR, 0, 0, 0 };

			if (depth > 1000) {
				c->failed = 1;	/* bad input: enough */
				return;
			}
			if (strcasecmp(n->name, "RequireAll") == 0)
				s.op = AZ_AND;
			else if (strcasecmp(n->name, "RequireNone") == 0)
				s.negate = 1;
			az_body(c, n->child, &s, depth + 1);
			if (c->failed)
				return;
			if (s.count == 0) {
				report(c->r, n, "httpd-value", "%s directive "
				    "contains no authorization directives",
				    az_name(&s));
				c->failed = 1;
				return;
			}
			if (s.negate && cur->op == AZ_OR) {
				report(c->r, n, "httpd-value", "%s directive "
				    "has no effect in %s directive",
				    az_name(&s), az_name(cur));
				c->failed = 1;
				return;
			}
			/* add_authz_section "be associative": a section of
			 * its parent's kind hands it its lines.  Then
			 * authz_core_check_config, once the configuration is
			 * read (not an .htaccess file's): a <RequireNone> in
			 * a <RequireAll> hands it its lines negated (De
			 * Morgan), and a <RequireAll> left with no line or
			 * section that is not negated is refused (AH01624) */
			if (!s.negate && s.op == cur->op) {
				cur->count++;
				cur->pos += s.pos;
				continue;
			}
			if (s.op == AZ_AND && s.pos == 0 &&
			    !(n->flags & PF_NODE_HTACCESS)) {
				report(c->r, n, "httpd-value", "%s directive "
				    "contains only negative authorization "
				    "directives", az_name(&s));
				c->failed = 1;
				return;
			}
			cur->count++;
			cur->pos += !s.negate;
			continue;
		}
		if (!(n->flags & PF_NODE_SECTION) &&
		    strcasecmp(n->def->lname, "require") == 0)
			az_require(c, n, cur);
	}
}

static int
az_is_section(const struct pf_node *n)
{
	return (n->flags & PF_NODE_SECTION) &&
	    strncasecmp(n->name, "Require", 7) == 0 &&
	    (strcasecmp(n->name + 7, "All") == 0 ||
	    strcasecmp(n->name + 7, "Any") == 0 ||
	    strcasecmp(n->name + 7, "None") == 0);
}

/* One per-directory config (a <Directory>, <Location>, <Files>, <If>...
 * or an .htaccess file): its Require lines start a default <RequireAny>
 * (create_default_section). */
static void
check_authz(struct hrd *r, const struct pf_node *scope)
{
	struct azctx c = { r, 0, 0 };
	struct azsec dflt = { AZ_OR, 0, 0, 0 };

	/* unknown modules may register providers of any name
	 * (mod_authnz_fcgi's and mod_lua's are looked up) */
	c.dynamic = r->third_party;
	az_body(&c, scope->child, &dflt, 0);
}

/*
 * mod_authz_core's authz_require_alias_section: <AuthzProviderAlias BASE
 * ALIAS [ARGS]> needs both names; after its body BASE must be a provider
 * ("Unknown Authz provider: %s"), and its parse_require_line takes the
 * one ARGS word ("Can't parse 'Require %s %s': %s").  A second alias of
 * the same name replaces the first (checked with apache2 -t, unlike
 * <AuthnProviderAlias>).
 */
static const char *
authz_alias(struct hrd *r, const struct pf_node *n)
{
	struct azctx c = { r, 0, 0 };
	const char *base, *args, *w;
	const char *p;
	int e, h = alias_head(n, "<authzprovideralias");

	if (h <= 0)
		return h < 0 ? NULL : "<AuthzProviderAlias> directive requires "
		    "additional arguments";
	c.dynamic = r->third_party;
	base = n->argv[0];
	args = n->argc > 2 ? n->argv[2] : "";
	if (!az_provider_known(&c, base, n))
		return pf_printf(r->a, "Unknown Authz provider: %s", base);
	if (strcmp(base, "all") == 0 && strcasecmp(args, "granted") != 0 &&
	    strcasecmp(args, "denied") != 0)
		return pf_printf(r->a, "Can't parse 'Require all %s': Argument "
		    "for 'Require all' must be 'granted' or 'denied'", args);
	if (strcmp(base, "ip") != 0)
		return NULL;
	/* ip_parse_config: each word of ARGS, none at all an error */
	p = args;
	w = pf_hrd_getword(r->a, &p);
	if (*w == '\0')
		return pf_printf(r->a, "Can't parse 'Require ip %s': 'require "
		    "ip' requires an argument", args);
	for (; *w != '\0'; w = pf_hrd_getword(r->a, &p)) {
		e = pf_hrd_subnet_word(r->a, w, NULL);
		if (e != 0)
			return pf_printf(r->a, "Can't parse 'Require ip %s': ip "
			    "address '%s' appears to be invalid%s", args, w,
			    pf_hrd_subnet_why(e));
	}
	return NULL;
}

/*
 * The check_config hooks that stat a log file's directory (apache2 -t
 * runs them): mod_log_config's check_log_dir for CustomLog, TransferLog
 * and GlobalLog ("Cannot access directory '%s' for log file '%s' defined
 * at %s:%d", AH02297) and core's check_errorlog_dir for an ErrorLog that
 * is no pipe or syslog (AH02291 for the main server's, AH02292 for a
 * vhost's).  The directory is that of the ServerRoot-relative path, with
 * its trailing '/' (ap_make_dirstr_parent).  Under --root a missing one
 * is a note: the copy may leave the log directories out.  A main server
 * that sets no ErrorLog has the compiled-in one, DEFAULT_ERRORLOG
 * "logs/error_log" below the ServerRoot (Debian's and RHEL's builds alike,
 * apache2 -V), checked the same way: apache2 -t says "Cannot access
 * directory '/srv/x/logs/' for main error log" when the ServerRoot has no
 * logs/.
 */
static const char *
src_path(struct hrd *r, struct pf_loc l)
{
	const struct pf_source *s = pf_source_get(r->run, l.file);

	return s != NULL && s->path != NULL ? s->path : "?";
}

/* One log file's directory (elog: an ErrorLog; vh: its <VirtualHost>).
 * ok holds the directories already found to be ones: apache2 -t stats
 * each time, but thousands of vhosts log to one or two directories, and
 * the answer does not change during a run. */
static void
log_dir_at(struct hrd *r, const char *f, struct pf_loc loc, int elog,
    const struct pf_node *vh, struct pf_hmap *ok)
{
	const char *abs, *slash;
	struct stat st;
	char *dir;

	if (f[0] == '|' || f[0] == '\0' || (elog && (strcmp(f, "syslog") == 0 ||
	    strncmp(f, "syslog:", 7) == 0)))
		return;
	abs = f[0] == '/' ? f : pf_hrd_join(r->a, r->server_root, "/", f);
	slash = strrchr(abs, '/');
	dir = pf_strndup(r->a, abs, (size_t)(slash - abs) + 1);
	if (pf_hmap_get(ok, dir) != NULL)
		return;
	if (stat(pf_host_path(r->run, dir), &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		pf_hmap_put(r->a, ok, dir, dir);
		return;
	}
	if (r->run->root != NULL)
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value", loc, "log "
		    "directory '%s' is not in the tree under --root (apache2 "
		    "-t there fails unless it is a directory)", dir);
	else if (!elog)
		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-value", loc,
		    "Cannot access directory '%s' for log file '%s' defined at "
		    "%s:%u", dir, f, src_path(r, loc), loc.line);
	else if (vh == NULL)
		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-value", loc,
		    "Cannot access directory '%s' for main error log%s", dir,
		    loc.line == 0 ? " (no ErrorLog: the compiled-in "
		    "logs/error_log below the ServerRoot)" : "");
	else
		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-value", loc,
		    "Cannot access directory '%s' for error log of vhost "
		    "defined at %s:%u", dir, src_path(r, vh->loc), vh->loc.line);
}

static void
log_dir(struct hrd *r, const struct pf_node *n, int elog,
    const struct pf_node *vh, struct pf_hmap *ok)
{
	log_dir_at(r, n->argv[0], n->loc, elog, vh, ok);
}

/* The node after n in a pre-order walk of root's subtree, without
 * recursion (trees may be very deep): its first child when descend, else
 * the next sibling of n or of its nearest ancestor; NULL at the end. */
static struct pf_node *
walk_next(struct pf_node *n, const struct pf_node *root, int descend)
{
	if (descend && n->child != NULL)
		return n->child;
	while (n != NULL && n->next == NULL && n != root)
		n = n->parent;
	return n == NULL || n == root ? NULL : n->next;
}

/* Every CustomLog-like line counts; of ErrorLog only a server's last
 * (a <VirtualHost> is one subtree, so its last is known on leaving it). */
struct logwalk {
	const struct pf_node *main_el, *vh_el, *vh_of;
	struct pf_hmap	 ok;
};

/* One node of the check's walk (n after check_node: the flags it sets
 * count): CustomLog, TransferLog and GlobalLog at once, a server's last
 * ErrorLog when the walk leaves the server (log_walk_end for the last
 * vhost's and the main server's). */
static void
log_walk(struct hrd *r, struct logwalk *w, const struct pf_node *n)
{
	const char *l = n->def != NULL ? n->def->lname : "";
	const struct pf_node *vh;

	/* (the first letter first: every node of the tree passes) */
	if ((l[0] != 'e' && l[0] != 'c' && l[0] != 't' && l[0] != 'g') ||
	    (n->flags & (PF_NODE_SECTION | PF_NODE_READ | PF_NODE_UNKNOWN |
	    PF_NODE_FORBIDDEN | PF_NODE_IGNORED | PF_NODE_HTACCESS |
	    PF_NODE_INACTIVE)) || n->argc < 1)
		return;
	if (strcmp(l, "errorlog") == 0) {
		if ((vh = ancestor(n, K(HK_VHOST))) == NULL)
			w->main_el = n;
		else {
			if (vh != w->vh_of && w->vh_el != NULL)
				log_dir(r, w->vh_el, 1, w->vh_of, &w->ok);
			w->vh_of = vh;
			w->vh_el = n;
		}
	} else if (strcmp(l, "customlog") == 0 ||
	    strcmp(l, "transferlog") == 0 || strcmp(l, "globallog") == 0)
		log_dir(r, n, 0, ancestor(n, K(HK_VHOST)), &w->ok);
}

static void
log_walk_end(struct hrd *r, struct logwalk *w)
{
	if (w->vh_el != NULL)
		log_dir(r, w->vh_el, 1, w->vh_of, &w->ok);
	if (w->main_el != NULL)
		log_dir(r, w->main_el, 1, NULL, &w->ok);
	else
		log_dir_at(r, "logs/error_log", PF_NOLOC, 1, NULL, &w->ok);
	pf_hmap_free(&w->ok);
}

/*
 * Modules whose post_config hook refuses to start the server when another
 * module is missing: apache2 -t runs no post_config and says "Syntax OK",
 * httpd -k start then exits ("Configuration Failed").  From httpd 2.4's
 * sources: mod_proxy_balancer's balancer_post_config looks up the "shm"
 * slotmem provider unconditionally (Alpine's apache2-proxy loads it, its
 * httpd.conf leaves mod_slotmem_shm commented: AH01177 at every start);
 * mod_proxy_hcheck and mod_heartmonitor need mod_watchdog's optional
 * functions.  mod_lbmethod_heartbeat only logs (AH02281) and is left out.
 */
static const struct {
	const char	*mod, *needs, *msg;
} start_deps[] = {
	{ "proxy_balancer_module", "slotmem_shm_module",
	  "AH01177: Failed to lookup provider 'shm' for 'slotmem': is "
	  "mod_slotmem_shm loaded??" },
	{ "proxy_hcheck_module", "watchdog_module",
	  "AH03262: mod_watchdog is required" },
	{ "heartmonitor_module", "watchdog_module",
	  "AH02093: mod_watchdog is required" },
};

static void
check_start_deps(struct hrd *r)
{
	const struct pf_apache *ap = r->ap;
	size_t i, k;

	for (k = 0; k < sizeof(start_deps) / sizeof(start_deps[0]); k++) {
		const struct pf_sval *m = NULL;

		if (pf_hmap_get(&r->mods, start_deps[k].needs) != NULL)
			continue;
		for (i = 0; i < ap->modules.n && m == NULL; i++)
			if (strcmp(ap->modules.v[i].s, start_deps[k].mod) == 0)
				m = &ap->modules.v[i];
		if (m == NULL)
			continue;
		pf_diag_fix(r->run, pf_diag_add(r->run, PF_SEV_WARNING,
		    "httpd-module", m->loc, "%s is loaded without %s: apache2 "
		    "-t accepts this, but httpd exits at start (%s; "
		    "Configuration Failed)", start_deps[k].mod,
		    start_deps[k].needs, start_deps[k].msg),
		    "LoadModule %s (or drop %s)", start_deps[k].needs,
		    start_deps[k].mod);
	}
}

/*
 * An <IfModule X> read before the LoadModule of X: httpd evaluates it
 * where it stands (core.c's start_ifmod looks X up among the modules
 * loaded so far), so the block is skipped for good although X ends up
 * loaded.  The classic is a conf.d file that sorts before the one
 * loading the module (Alpine: php-fpm.conf < proxy.conf), whose PHP
 * handler is then missing and .php files are served as text.  n is the
 * outermost inactive node of its branch (the walk does not descend), so
 * its own test made it false.
 */
static void
check_ifmodule_order(struct hrd *r, const struct pf_node *n)
{
	const struct pf_apache *ap = r->ap;
	const struct pf_httpd_module *m;
	const char *a, *id;
	size_t i;

	if (!(n->flags & PF_NODE_SECTION) || !pf_node_is(n, "IfModule") ||
	    n->argc != 1 || (a = n->argv[0])[0] == '!' ||
	    pf_hmap_get(&r->mods, a) == NULL)
		return;
	m = strchr(a, '.') != NULL ? pf_httpd_module_by_src(a) : NULL;
	id = m != NULL ? m->id : a;
	for (i = 0; i < ap->modules.n; i++)
		if (strcmp(ap->modules.v[i].s, id) == 0)
			break;
	if (i == ap->modules.n || ap->modules.v[i].loc.file == 0)
		return;
	pf_diag_related(r->run, pf_diag_add(r->run, PF_SEV_WARNING,
	    "httpd-module", n->loc, "<IfModule %s> is read before the module "
	    "is loaded: httpd skips this block, although %s is loaded later",
	    a, id), ap->modules.v[i].loc, "%s is loaded here", id);
}

void
pf_hrd_check(struct hrd *r, struct pf_node *root)
{
	const unsigned long long scopes = DIR_SECTIONS &
	    ~(K(HK_LIMIT) | K(HK_LIMITEXCEPT));
	struct pf_node *n = root->child;
	struct logwalk lw;
	int logs = !(root->flags & PF_NODE_HTACCESS);

	/* Pre-order walk without recursion (the tree may be very deep);
	 * the log directories are judged on the way (a walk of its own
	 * cost as much as this one at 10,000 vhosts: the nodes are read
	 * from memory again). */
	memset(&lw, 0, sizeof(lw));
	while (n != NULL) {
		int descend = 1;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ)) {
			descend = (n->flags & PF_NODE_INACTIVE) == 0 &&
			    !pf_node_is(n, "Macro");
			if (n->flags & PF_NODE_INACTIVE)
				check_ifmodule_order(r, n);
		} else {
			check_node(r, n);
			if (logs)
				log_walk(r, &lw, n);
		}
		n = walk_next(n, root, descend);
	}
	if (logs) {
		log_walk_end(r, &lw);
		pf_hrd_check_listen(r, root);
		pf_hrd_check_server(r, root);
		check_start_deps(r);
	}
	/* Then the authz sections of each per-directory config (after the
	 * walk, which flags what an .htaccess file may not hold); an
	 * .htaccess file (its synthetic <Directory>) is one too. */
	if (root->flags & PF_NODE_HTACCESS)
		check_authz(r, root);
	for (n = root->child; n != NULL;) {
		if (n->flags & PF_NODE_INACTIVE)
			goto next;
		if (in_set(n, scopes))
			check_authz(r, n);
		if (n->child != NULL && !(n->flags & PF_NODE_READ)) {
			n = n->child;
			continue;
		}
next:
		while (n != NULL && n->next == NULL && n != root)
			n = n->parent;
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
}
