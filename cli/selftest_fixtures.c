/*
 * selftest_fixtures.c - the files the probes ask for, in every probed
 * document root and upload folder of the sandbox (never anywhere else).
 *
 * Every PHP-looking file prints the probe marker and its own path when
 * PHP runs it; the marker is built from two strings, so the file's bytes
 * served as they are never contain it.  The "image" files start like a
 * GIF and carry the same PHP code: served statically they are harmless
 * bytes, executed they print the marker (with the real php-fpm this is
 * how selftest knows PHP ran them).  In a folder the site names as an
 * upload folder, a subfolder holds the .htaccess an attacker would
 * upload to hand .jpg files to PHP-FPM.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli/selftest.h"

const char st_marker[] = "PROXYFPM-PROBE:";

static const char php_src[] =
    "<?php echo \"PROXYFPM-\" . \"PROBE:\", __FILE__, \"\\n\";\n";
static const char img_src[] =
    "GIF89a\n<?php echo \"PROXYFPM-\" . \"PROBE:\", __FILE__, \"\\n\"; ?>\n";
static const char static_src[] = "proxyfpm selftest: a static file\n";
static const char hidden_src[] =
    "# proxyfpm selftest: this file must never be served\n";

static int
put(struct st_ctx *c, const char *dir, const char *name, const char *data,
    int keep)
{
	const char *p = pf_printf(c->a, "%s/%s", dir, name);
	size_t n = strlen(c->root);

	/* Only below the sandbox's root, whatever a configuration says. */
	if (strncmp(p, c->root, n) != 0 || p[n] != '/' || strstr(p, "/../"))
		return -1;
	if (keep && access(p, F_OK) == 0)
		return 0;	/* the deployed tree's own .htaccess */
	return st_write_file(p, data, strlen(data), 0644);
}

int
st_fixtures(struct st_ctx *c)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; i < c->targets.n; i++) {
		struct st_target *t = c->targets.v[i];
		const char *d = t->docroot;

		if (t->skip != NULL)
			continue;
		rc |= put(c, d, "index.php", php_src, 0);
		rc |= put(c, d, "static.txt", static_src, 0);
		rc |= put(c, d, "a.php.jpg", img_src, 0);
		rc |= put(c, d, "sub/x.php", php_src, 0);
		rc |= put(c, d, ".user.ini", hidden_src, 0);
		rc |= put(c, d, ".htaccess", hidden_src, 1);
		if (t->front != NULL && t->front[0] == '/' &&
		    t->front[strlen(t->front) - 1] != '/')
			rc |= put(c, d, t->front + 1, php_src, 0);
		for (k = 0; k < t->udirs.n; k++) {
			const struct st_udir *u = &t->udirs.v[k];

			rc |= put(c, u->path, "evil.jpg", img_src, 0);
			rc |= put(c, u->path, "a.php.jpg", img_src, 0);
			rc |= put(c, u->path, "x.php", php_src, 0);
			if (u->judged && t->handler != NULL &&
			    strpbrk(t->handler, "\"\n") == NULL) {
				rc |= put(c, u->path, "ht/evil.jpg", img_src,
				    0);
				rc |= put(c, u->path, "ht/.htaccess",
				    pf_printf(c->a, "# what an attacker would "
				    "upload: .jpg files to PHP-FPM\n"
				    "<FilesMatch \"\\.jpg$\">\n"
				    "\tSetHandler \"%s\"\n</FilesMatch>\n",
				    t->handler), 0);
			}
		}
		if (rc != 0) {
			st_error(c, "selftest-io", PF_NOLOC, "cannot lay out "
			    "the probe files below %s: %s", d,
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}
