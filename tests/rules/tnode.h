/*
 * tnode.h - the rule unit tests' tiny tree builder: node(parent, name,
 * argc, args...) makes a directive (or, given children, a section) in the
 * arena of the test's run R, appended to parent's children.
 */
#ifndef PF_TESTS_TNODE_H
#define PF_TESTS_TNODE_H

#include <stdarg.h>

#include "model/model.h"

static struct pf_run *R;

static struct pf_node *
node(struct pf_node *parent, const char *name, int argc, ...)
{
	struct pf_node *n = pf_alloc(R->arena, sizeof(*n));
	va_list ap;
	int i;

	n->name = name;
	n->argc = argc;
	n->argv = pf_alloc(R->arena, (size_t)(argc + 1) * sizeof(char *));
	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		n->argv[i] = pf_strdup(R->arena, va_arg(ap, const char *));
	va_end(ap);
	n->raw = argc > 0 ? n->argv[0] : "";
	n->loc = pf_loc_make(1, 1, 1, 0);
	if (parent != NULL) {
		struct pf_node **pp = &parent->child;

		n->parent = parent;
		while (*pp != NULL)
			pp = &(*pp)->next;
		*pp = n;
		parent->flags |= PF_NODE_SECTION;
	}
	return n;
}

#endif
