/*
 * selftest_model.c - the sandbox's configuration read back by proxyfpm's
 * own readers, exactly as Apache and php-fpm will read it: the vhosts to
 * probe and the simulator's model come from here, and each pool's policy
 * for the runtime (its listen address in the sandbox, cgi.fix_pathinfo
 * and cgi.discard_path from php.ini and the pool's php_value /
 * php_admin_value, security.limit_extensions, status and ping).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/selftest.h"
#include "parsers/fpm.h"
#include "parsers/httpd.h"
#include "parsers/phpini.h"
#include "rules/link.h"

static int
ini_bool(const char *s, int def)
{
	if (s == NULL)
		return def;
	if (strcmp(s, "1") == 0 || strcasecmp(s, "on") == 0 ||
	    strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcasecmp(s, "off") == 0 ||
	    strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	    strcasecmp(s, "none") == 0 || *s == '\0')
		return 0;
	return atoi(s) != 0;
}

int
st_readback(struct st_ctx *c, int htaccess)
{
	struct pf_httpd_opts ho;
	struct pf_fpm_opts fo;
	struct pf_phpini_opts po;
	struct pf_model *m;
	size_t i;

	if (c->sb != NULL)
		pf_run_free(c->sb);
	c->sb = pf_run_new();
	memset(&ho, 0, sizeof(ho));
	memset(&fo, 0, sizeof(fo));
	memset(&po, 0, sizeof(po));
	if (c->phpini != NULL) {
		po.path = c->phpini;
		po.scan_dir = pf_printf(c->a, "%s/php-conf.d", c->fdir);
		pf_phpini_read(c->sb, &po);
	}
	fo.config = c->fpm_conf;
	fo.prefix = c->fdir;
	pf_fpm_read(c->sb, &fo);
	ho.config = c->httpd_conf;
	ho.server_root = c->adir;
	ho.envvars = c->envvars;
	ho.version = c->apache_version;
	ho.no_htaccess = !htaccess;
	if (pf_httpd_read(c->sb, &ho) < 0) {
		st_error(c, "selftest-internal", PF_NOLOC, "the sandbox's "
		    "configuration %s cannot be read back", c->httpd_conf);
		return -1;
	}
	m = pf_model_get(c->sb);
	if (c->apache_version == NULL && m->apache != NULL &&
	    m->apache->version != NULL)
		c->apache_version = pf_strdup(c->a, m->apache->version);
	pf_link(c->sb);

	c->pools.n = 0;
	for (i = 0; i < m->pools.n; i++) {
		const struct pf_pool *p = m->pools.v[i];
		struct st_pool sp;

		memset(&sp, 0, sizeof(sp));
		sp.name = pf_strdup(c->a, p->name);
		sp.loc = p->loc;
		if (p->listen.kind == PF_LISTEN_UNIX &&
		    p->listen.path != NULL) {
			const char *sl = strrchr(p->listen.path, '/');
			size_t dl = strlen(c->dir);

			sp.listen = pf_printf(c->a, "unix:%s", p->listen.path);
			/* the socket's folder, as systemd's RuntimeDirectory */
			if (sl != NULL && strncmp(p->listen.path, c->dir, dl) ==
			    0 && p->listen.path[dl] == '/')
				st_mkdirs(pf_strndup(c->a, p->listen.path,
				    (size_t)(sl - p->listen.path)));
		} else if (p->listen.kind == PF_LISTEN_TCP)
			sp.listen = pf_printf(c->a, "127.0.0.1:%d",
			    p->listen.port);
		else
			continue;
		sp.fix_pathinfo = ini_bool(pf_php_effective(m->phpini, p,
		    "cgi.fix_pathinfo", NULL), 1);
		sp.discard_path = ini_bool(pf_php_effective(m->phpini, p,
		    "cgi.discard_path", NULL), 0);
		sp.limit_ext = p->limit_extensions.s ?
		    pf_strdup(c->a, p->limit_extensions.s) : NULL;
		sp.status_path = p->status_path.s ?
		    pf_strdup(c->a, p->status_path.s) : NULL;
		sp.ping_path = p->ping_path.s ?
		    pf_strdup(c->a, p->ping_path.s) : NULL;
		sp.ping_response = p->ping_response.s ?
		    pf_strdup(c->a, p->ping_response.s) : NULL;
		sp.socket_mode = p->listen_mode.s ?
		    (int)strtol(p->listen_mode.s, NULL, 8) : 0660;
		sp.owner = p->listen_owner.s ? p->listen_owner.s : p->user.s;
		sp.group = p->listen_group.s ? p->listen_group.s :
		    p->group.s ? p->group.s : sp.owner;
		if (sp.owner != NULL)
			sp.owner = pf_strdup(c->a, sp.owner);
		if (sp.group != NULL)
			sp.group = pf_strdup(c->a, sp.group);
		PF_PUSH(c->a, c->pools, sp);
	}
	return 0;
}
