/*
 * config.c - the project configuration file, .proxyfpm.ini, looked up
 * from a directory towards / like .shellcheckrc (see rules.h).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "model/suggest.h"
#include "rules/rules.h"

static void
set_error(struct pf_project_conf *c, const char *fmt, const char *a,
    const char *b)
{
	char buf[512];

	if (c->error != NULL)
		return;
	snprintf(buf, sizeof(buf), fmt, a, b);
	c->error = strdup(buf);
}

/* An unknown rule or category, with the closest one offered. */
static void
unknown_rule(struct pf_project_conf *c, const char *sel)
{
	struct pf_suggest sg;
	size_t i, n = pf_rules_count();
	char buf[256];

	pf_suggest_init(&sg, sel);
	for (i = 0; i < n; i++) {
		pf_suggest_add(&sg, pf_rules_get(i)->id);
		pf_suggest_add(&sg, pf_rules_get(i)->category);
	}
	if (pf_suggest_best(&sg) != NULL) {
		snprintf(buf, sizeof(buf), "%s'; did you mean '%s'?", sel,
		    pf_suggest_best(&sg));
		set_error(c, "%s: unknown rule '%s", c->path, buf);
	} else
		set_error(c, "%s: unknown rule '%s'", c->path, sel);
}

static void
push(const char ***v, size_t *n, const char *s)
{
	*v = pf_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = strdup(s);
}

static void
push_list(struct pf_project_conf *c, const char ***v, size_t *n,
    const char *val)
{
	char *dup = strdup(val), *tok, *save = NULL;

	if (dup == NULL)
		pf_oom();
	for (tok = strtok_r(dup, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (!pf_rules_selector_ok(tok))
			unknown_rule(c, tok);
		push(v, n, tok);
	}
	free(dup);
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct pf_project_conf *c = user;

	if (strcasecmp(section, "severity") == 0) {
		char buf[512];
		int s = pf_sev_parse(value);

		if (!pf_rules_selector_ok(name))
			unknown_rule(c, name);
		else if (s < 0 || !pf_sev_is_finding((enum pf_severity)s))
			set_error(c, "%s: bad severity '%s'", c->path, value);
		snprintf(buf, sizeof(buf), "%s=%s", name, value);
		push(&c->severity, &c->nseverity, buf);
		return 1;
	}
	if (strcasecmp(section, "proxyfpm") != 0 && section[0] != '\0') {
		set_error(c, "%s: unknown section [%s]", c->path, section);
		return 1;
	}
	if (strcasecmp(name, "fail-on") == 0 || strcasecmp(name, "fail_on")
	    == 0) {
		int s = pf_sev_parse(value);

		if (strcasecmp(value, "none") == 0)
			c->fail_on = PF_SEV_MAX;
		else if (s < 0 || !pf_sev_is_finding((enum pf_severity)s))
			set_error(c, "%s: bad fail-on '%s'", c->path, value);
		else
			c->fail_on = s;
	} else if (strcasecmp(name, "disable") == 0)
		push_list(c, &c->disable, &c->ndisable, value);
	else if (strcasecmp(name, "enable") == 0)
		push_list(c, &c->enable, &c->nenable, value);
	else if (strcasecmp(name, "baseline") == 0) {
		char *dir, *slash;

		free((char *)c->baseline);
		if (value[0] == '/') {
			c->baseline = strdup(value);
			return 1;
		}
		/* Relative to the directory of the config file. */
		dir = strdup(c->path);
		slash = dir ? strrchr(dir, '/') : NULL;
		if (slash != NULL)
			*slash = '\0';
		c->baseline = malloc(strlen(dir ? dir : ".") + strlen(value) +
		    2);
		if (c->baseline == NULL)
			pf_oom();
		sprintf((char *)c->baseline, "%s/%s", slash ? dir : ".", value);
		free(dir);
	} else {
		static const char *const known[] = { "fail-on", "disable",
		    "enable", "baseline" };
		struct pf_suggest sg;
		char buf[256];
		size_t i;

		pf_suggest_init(&sg, name);
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			pf_suggest_add(&sg, known[i]);
		if (pf_suggest_best(&sg) != NULL) {
			snprintf(buf, sizeof(buf), "%s'; did you mean '%s'?",
			    name, pf_suggest_best(&sg));
			set_error(c, "%s: unknown setting '%s", c->path, buf);
		} else
			set_error(c, "%s: unknown setting '%s' (fail-on, "
			    "enable, disable, baseline)", c->path, name);
	}
	return 1;
}

struct pf_project_conf *
pf_project_conf_load(const char *path)
{
	struct pf_project_conf *c = calloc(1, sizeof(*c));
	FILE *f;
	int rc;

	if (c == NULL)
		pf_oom();
	c->path = strdup(path);
	c->fail_on = -1;
	f = fopen(path, "r");
	if (f == NULL) {
		set_error(c, "cannot read %s: %s", path, strerror(errno));
		return c;
	}
	rc = ini_parse_file(f, handler, c);
	fclose(f);
	if (rc > 0) {
		char line[32];

		snprintf(line, sizeof(line), "%d", rc);
		set_error(c, "%s:%s: syntax error", path, line);
	}
	return c;
}

struct pf_project_conf *
pf_project_conf_find(const char *dir)
{
	char buf[PATH_MAX];
	char *p;
	size_t l;

	if (dir == NULL) {
		if (getcwd(buf, sizeof(buf) - 20) == NULL)
			return NULL;
	} else if (snprintf(buf, sizeof(buf) - 20, "%s", dir) >=
	    (int)sizeof(buf) - 20)
		return NULL;
	for (;;) {
		l = strlen(buf);
		snprintf(buf + l, sizeof(buf) - l, "%s.proxyfpm.ini",
		    l > 0 && buf[l - 1] == '/' ? "" : "/");
		if (access(buf, F_OK) == 0)
			return pf_project_conf_load(buf);
		buf[l] = '\0';
		p = strrchr(buf, '/');
		if (p == NULL || (p == buf && buf[1] == '\0'))
			return NULL;
		if (p == buf)
			p[1] = '\0';
		else
			*p = '\0';
	}
}

void
pf_project_conf_free(struct pf_project_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nenable; i++)
		free((char *)c->enable[i]);
	for (i = 0; i < c->ndisable; i++)
		free((char *)c->disable[i]);
	for (i = 0; i < c->nseverity; i++)
		free((char *)c->severity[i]);
	free(c->enable);
	free(c->disable);
	free(c->severity);
	free((char *)c->baseline);
	free((char *)c->path);
	free(c->error);
	free(c);
}
