/*
 * registry.c - looking rules up, selecting them (--enable/--disable/
 * --severity take ids, categories or patterns) and listing the catalog.
 */
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

/* Attaches the embedded docs to the table once. */
static void
attach_docs(void)
{
	static int done;
	size_t i, j;

	if (done)
		return;
	done = 1;
	for (i = 0; i < pf_rule_table_n; i++)
		for (j = 0; j < pf_rule_docs_n; j++)
			if (strcmp(pf_rule_docs[j].id, pf_rule_table[i].id) == 0)
				pf_rule_table[i].help = pf_rule_docs[j].text;
}

size_t
pf_rules_count(void)
{
	return pf_rule_table_n;
}

const struct pf_rule_info *
pf_rules_get(size_t i)
{
	attach_docs();
	return i < pf_rule_table_n ? &pf_rule_table[i] : NULL;
}

int
pf_rule_index(const char *id)
{
	size_t i;

	if (id == NULL)
		return -1;
	for (i = 0; i < pf_rule_table_n; i++)
		if (strcasecmp(pf_rule_table[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct pf_rule_info *
pf_rules_find(const char *id)
{
	int i = pf_rule_index(id);

	attach_docs();
	return i < 0 ? NULL : &pf_rule_table[i];
}

enum pf_severity
pf_rule_sev(const char *id)
{
	int i = pf_rule_index(id);

	return i < 0 ? PF_SEV_INFO : pf_rule_table[i].severity;
}

int
pf_rules_selects(const char *sel, const struct pf_rule_info *r)
{
	if (strcasecmp(sel, "all") == 0 || strcasecmp(sel, r->id) == 0 ||
	    strcasecmp(sel, r->category) == 0)
		return 1;
	return strpbrk(sel, "*?[") != NULL &&
	    fnmatch(sel, r->id, FNM_CASEFOLD) == 0;
}

int
pf_rules_selector_ok(const char *sel)
{
	size_t i;

	for (i = 0; i < pf_rule_table_n; i++)
		if (pf_rules_selects(sel, &pf_rule_table[i]))
			return 1;
	return 0;
}
