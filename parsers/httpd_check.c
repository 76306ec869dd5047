/*
 * httpd_check.c - judges every directive of the read tree as httpd's
 * ap_walk_config/invoke_cmd would (after the whole tree is read, so a
 * module loaded later in the file counts): unknown directives, directives
 * of modules not loaded, the context (req_override and the directive's
 * own ap_check_cmd_context), the argument count (args_how) and section
 * syntax.  Errors here are errors for `apache2 -t` too; in .htaccess files
 * (which -t never reads) they are warnings (a 500 at request time).
 */
#include <string.h>
#include <strings.h>

#include "parsers/httpd_int.h"

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
 * the directives allowed in a <Directory> or an .htaccess file)? */
static int
listed(const struct pf_hovr *o, const struct pf_directive *d)
{
	int i;

	if (o->list == NULL || (d->ctx & (PF_OVR_ALL | PF_CTX_DIR)) == 0)
		return 0;
	for (i = 0; i < o->list->argc; i++)
		if (strcasecmp(o->list->argv[i], d->name + (d->name[0] == '<')) ==
		    0 || strcasecmp(o->list->argv[i], d->name) == 0)
			return 1;
	return 0;
}

/*
 * An .htaccess directive under the overrides of its directory (invoke_cmd:
 * the directive's classes against AllowOverride, or its name in
 * AllowOverrideList; Nonfatal=Override skips it with a warning).  Returns
 * 1 if it reported.
 */
static int
check_override(struct hrd *r, struct pf_node *n, const struct pf_directive *d,
    const char *dname)
{
	const struct pf_hovr *o = r->htovr;
	const char *cls = (d->ctx & PF_OVR_ALL) ? "" : NULL;

	if (o == NULL) {
		/* not from the walk: only whether .htaccess may have it */
		if (cls != NULL)
			return 0;
		report(r, n, "httpd-context", "%s not allowed here "
		    "(in .htaccess)", dname);
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
	report(r, n, "httpd-context", "%s not allowed here: %s, so httpd "
	    "answers 500 for every request under %s", dname, cls == NULL ?
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

/* Returns 1 if it reported (httpd stops at the first error). */
static int
check_context(struct hrd *r, struct pf_node *n, const struct pf_directive *d,
    const char *dname)
{
	const unsigned long long vhost = K(HK_VHOST);
	const unsigned long long dirs = K(HK_DIRECTORY) | K(HK_DIRECTORYMATCH);
	const unsigned long long locs = K(HK_LOCATION) | K(HK_LOCATIONMATCH);
	const unsigned long long files = K(HK_FILES) | K(HK_FILESMATCH) |
	    K(HK_IF) | K(HK_ELSEIF) | K(HK_ELSE);
	const unsigned long long proxy = K(HK_PROXY) | K(HK_PROXYMATCH);
	const unsigned long long limit = K(HK_LIMIT) | K(HK_LIMITEXCEPT);
	const struct pf_node *p = n->parent, *f;
	const char *gt = dname[0] == '<' ? ">" : "";
	int dirctx;

	if (n->flags & PF_NODE_HTACCESS)
		return check_override(r, n, d, dname);
	dirctx = p != NULL && p->name != NULL && in_set(p, DIR_SECTIONS);
	if (dirctx ? !(d->ctx & PF_CTX_DIR) : !(d->ctx & PF_CTX_SERVER)) {
		if (p != NULL && p->parent != NULL)
			report(r, n, "httpd-context", "%s not allowed in <%s> "
			    "context", dname, p->name);
		else
			report(r, n, "httpd-context", "%s not allowed here",
			    dname);
		return 1;
	}
	if ((d->ctx & PF_NOT_IN_VHOST) && ancestor(n, vhost) != NULL) {
		report(r, n, "httpd-context", "%s%s cannot occur within "
		    "<VirtualHost> section", dname, gt);
		return 1;
	}
	if (((d->ctx & PF_NOT_IN_DIRECTORY) && (f = ancestor(n, dirs))) ||
	    ((d->ctx & PF_NOT_IN_LOCATION) && (f = ancestor(n, locs))) ||
	    ((d->ctx & PF_NOT_IN_FILES) && (f = ancestor(n, files))) ||
	    ((d->ctx & PF_NOT_IN_PROXY) && (f = ancestor(n, proxy)))) {
		report(r, n, "httpd-context", "%s%s cannot occur within <%s> "
		    "section", dname, gt, f->name);
		return 1;
	}
	/* The generator probes <Limit> inside <Directory>, so a directive
	 * refused in <Directory> also shows NOT_IN_LIMIT: trust it alone. */
	if ((d->ctx & PF_NOT_IN_LIMIT) && !(d->ctx & PF_NOT_IN_DIRECTORY) &&
	    ancestor(n, limit) != NULL) {
		report(r, n, "httpd-context", "%s%s cannot occur within <Limit> "
		    "or <LimitExcept> section", dname, gt);
		return 1;
	}
	return 0;
}

static const struct pf_node *
prev_effective(const struct pf_node *n)
{
	const struct pf_node *c, *prev = NULL;

	if (n->parent == NULL)
		return NULL;
	for (c = n->parent->child; c != NULL && c != n; c = c->next)
		if (!(c->flags & (PF_NODE_READ | PF_NODE_INACTIVE)))
			prev = c;
	return prev;
}

static void
check_section(struct hrd *r, struct pf_node *n)
{
	const unsigned long long path_sections = K(HK_DIRECTORY) |
	    K(HK_LOCATION) | K(HK_FILES);
	const unsigned long long need_arg = (DIR_SECTIONS & ~K(HK_ELSE)) |
	    K(HK_VHOST);

	if (n->flags & PF_NODE_NOGT) {
		report(r, n, "httpd-syntax", "<%s> directive missing closing "
		    "'>'", n->name);
		return;
	}
	if (in_set(n, need_arg) && n->argc == 0) {
		report(r, n, "httpd-syntax", "<%s> directive requires "
		    "additional arguments", n->name);
		return;
	}
	if (in_set(n, path_sections) && n->argc > 1 &&
	    !(strcmp(n->argv[0], "~") == 0 && n->argc == 2)) {
		report(r, n, "httpd-syntax", "Multiple <%s> arguments not "
		    "(yet) supported.", n->name);
		return;
	}
	if (in_set(n, K(HK_ELSE) | K(HK_ELSEIF))) {
		const struct pf_node *p = prev_effective(n);

		if (p == NULL || !in_set(p, K(HK_IF) | K(HK_ELSEIF)))
			report(r, n, "httpd-syntax", "<Else> or <ElseIf> "
			    "section without previous <If> or <ElseIf> "
			    "section in same scope");
	}
}

static int
module_on(struct hrd *r, const struct pf_directive *d)
{
	return r->mod_on[d->module];
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

	len = strlen(n->name);
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
		n->def = NULL;
		n->flags |= PF_NODE_UNKNOWN;
		if ((n->flags & PF_NODE_HTACCESS) && r->htovr != NULL &&
		    (d != NULL || !r->third_party)) {
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
		if (d == NULL && r->third_party) {
			pf_diag_add(r->run, PF_SEV_NOTE,
			    "httpd-unknown-directive", n->loc, "'%s' is not a "
			    "directive of any module Apache ships; a "
			    "third-party module loaded here may define it",
			    dname);
			return;
		}
		report(r, n, "httpd-unknown-directive", "Invalid command '%s', "
		    "perhaps misspelled or defined by a module not included in "
		    "the server configuration", dname);
		if (d != NULL && r->run->diags.n > 0)
			pf_diag_fix(r->run, r->run->diags.v[r->run->diags.n - 1],
			    "LoadModule %s (%s defines it)",
			    pf_httpd_modules[d->module].id,
			    pf_httpd_modules[d->module].src);
		return;
	}
	n->def = use;
	if (check_context(r, n, use, dname))
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
	else if ((verr = pf_hrd_value_error(r, n)) != NULL)
		report(r, n, "httpd-value", "%s", verr);
	else if (nerr != 0 && strcmp(use->lname, "options") == 0)
		(void)check_options_allowed(r, n);
	if (nerr != 0 && r->run->count[PF_SEV_WARNING] >= nerr)
		n->flags |= PF_NODE_FORBIDDEN;
}

void
pf_hrd_check(struct hrd *r, struct pf_node *root)
{
	struct pf_node *n = root->child;

	/* Pre-order walk without recursion (the tree may be very deep). */
	while (n != NULL) {
		int descend = 1;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ))
			descend = (n->flags & PF_NODE_INACTIVE) == 0 &&
			    !pf_node_is(n, "Macro");
		else
			check_node(r, n);
		if (descend && n->child != NULL) {
			n = n->child;
			continue;
		}
		while (n != NULL && n->next == NULL && n != root)
			n = n->parent;
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
}
