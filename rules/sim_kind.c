/*
 * sim_kind.c - interning of the directive names the simulator reads: a
 * node's kind comes from the directive table row the reader left in
 * node->def (one array lookup), else from its name.
 */
#include <stdlib.h>
#include <strings.h>

#include "model/apache.h"
#include "parsers/httpd_table.h"
#include "rules/sim_kind.h"

static const char *const kind_names[SK_MAX] = {
	NULL,
	"AcceptPathInfo",
	"Action",
	"AddCharset",
	"AddEncoding",
	"AddHandler",
	"AddInputFilter",
	"AddLanguage",
	"AddOutputFilter",
	"AddType",
	"Alias",
	"AliasMatch",
	"Allow",
	"AllowOverride",
	"AllowOverrideList",
	"AuthMerging",
	"AuthName",
	"AuthType",
	"BrowserMatch",
	"BrowserMatchNoCase",
	"DefaultLanguage",
	"Deny",
	"Directory",
	"DirectoryCheckHandler",
	"DirectoryIndex",
	"DirectoryIndexRedirect",
	"DirectoryMatch",
	"DirectorySlash",
	"DocumentRoot",
	"Else",
	"ElseIf",
	"ErrorDocument",
	"FallbackResource",
	"Files",
	"FilesMatch",
	"If",
	"IndexIgnore",
	"IndexIgnoreReset",
	"LimitRequestBody",
	"Listen",
	"Location",
	"LocationMatch",
	"ModMimeUsePathInfo",
	"MultiviewsMatch",
	"Options",
	"Order",
	"php_admin_flag",
	"php_admin_value",
	"php_flag",
	"php_value",
	"Proxy",
	"ProxyErrorOverride",
	"ProxyFCGIBackendType",
	"ProxyFCGISetEnvIf",
	"ProxyMatch",
	"ProxyPass",
	"ProxyPassInherit",
	"ProxyPassMatch",
	"Redirect",
	"RedirectMatch",
	"RedirectPermanent",
	"RedirectTemp",
	"RegexDefaultOptions",
	"RemoteIPHeader",
	"RemoveCharset",
	"RemoveEncoding",
	"RemoveHandler",
	"RemoveInputFilter",
	"RemoveLanguage",
	"RemoveOutputFilter",
	"RemoveType",
	"Require",
	"RequireAll",
	"RequireAny",
	"RequireNone",
	"RewriteBase",
	"RewriteCond",
	"RewriteEngine",
	"RewriteOptions",
	"RewriteRule",
	"Satisfy",
	"ScriptAlias",
	"ScriptAliasMatch",
	"SetEnv",
	"SetEnvIf",
	"SetEnvIfExpr",
	"SetEnvIfNoCase",
	"SetHandler",
	"SSLEngine",
	"UnsetEnv",
	"UserDir",
	"VirtualHost",
};

/* Row of the httpd directive table -> kind, built once per process. */
static unsigned char *row_kinds;

static int
kind_by_name(const char *name)
{
	size_t lo = 1, hi = SK_MAX;

	if (name == NULL)
		return SK_OTHER;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcasecmp(name, kind_names[mid]);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SK_OTHER;
}

int
sim_kind_init(void)
{
	unsigned char *t;
	size_t i;

	if (row_kinds != NULL)
		return 0;
	if ((t = calloc(pf_httpd_ndirectives + 1, 1)) == NULL)
		return -1;
	for (i = 0; i < pf_httpd_ndirectives; i++) {
		const char *l = pf_httpd_directives[i].lname;

		t[i] = (unsigned char)kind_by_name(l[0] == '<' ? l + 1 : l);
	}
	row_kinds = t;
	return 0;
}

/*
 * A node's kind: what strcasecmp(name, ...) would say, without comparing
 * names on the hot path.  The reader leaves the table row of a directive
 * it checked in def (its lname is the name, lower-cased, '<' for
 * sections); other nodes (.htaccess sections, unknown or unchecked
 * directives, hand-built trees) are looked up by name.
 */
int
sim_kind(const struct pf_node *n)
{
	size_t row;

	if (n->def == NULL)
		return kind_by_name(n->name);
	if (row_kinds == NULL && sim_kind_init() < 0)
		return kind_by_name(n->name);
	row = (size_t)(n->def - pf_httpd_directives);
	return row < pf_httpd_ndirectives ? row_kinds[row] :
	    kind_by_name(n->name);
}

