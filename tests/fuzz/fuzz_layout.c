/*
 * fuzz_layout.c - libFuzzer harness for the service and layout readers
 * (parsers/httpd_layout.c, parsers/svc_unit.c): the files a distribution's
 * service manager reads before it starts httpd (Debian's envvars, systemd
 * units and drop-ins with their EnvironmentFile= files, Gentoo's and
 * Alpine's /etc/conf.d/apache2, SUSE's /etc/sysconfig/apache2, FreeBSD's
 * rc.conf) are written below a private --root from the input, and the
 * tree is read with no -f, as `lint --root` reads it, then dumped.
 *
 * Input: the first byte chooses the layout; the rest is split at NUL
 * bytes into that layout's files, in the order of its list below (the
 * main config file last, so most inputs reach the service files).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/httpd.h"
#include "fuzz_tmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const layouts[][6] = {
	{ "etc/apache2/envvars",
	  "etc/systemd/system/apache2.service.d/override.conf",
	  "etc/apache2/apache2.conf" },
	{ "etc/sysconfig/httpd", "usr/lib/systemd/system/httpd.service",
	  "etc/systemd/system/httpd.service.d/override.conf",
	  "etc/httpd/conf/httpd.conf" },
	{ "etc/conf.d/apache2", "etc/gentoo-release",
	  "etc/apache2/httpd.conf" },
	{ "etc/sysconfig/apache2", "etc/sysconfig/apache2@site",
	  "etc/apache2/httpd.conf" },
	{ "etc/conf.d/apache2", "etc/alpine-release",
	  "etc/apache2/httpd.conf" },
	{ "etc/rc.conf", "etc/rc.conf.local", "etc/rc.conf.d/apache24",
	  "usr/local/etc/apache24/httpd.conf" },
};

/* mkdir -p of path's directories below dir. */
static void
parents(const char *dir, const char *path)
{
	char p[512];
	size_t i, n = (size_t)snprintf(p, sizeof(p), "%s/%s", dir, path);

	for (i = strlen(dir) + 1; i < n && i < sizeof(p); i++)
		if (p[i] == '/') {
			p[i] = '\0';
			(void)mkdir(p, 0755);
			p[i] = '/';
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = pf_fuzz_dir("layout");
	const char *const *files;
	struct pf_httpd_opts o;
	struct pf_run *run;
	size_t k, off = 1, nf;
	char root[160], path[512];

	if (dir == NULL || size == 0)
		return 0;
	files = layouts[data[0] % (sizeof(layouts) / sizeof(layouts[0]))];
	for (nf = 0; nf < 6 && files[nf] != NULL; nf++)
		;
	/* a fresh root per input: a file an earlier input wrote would
	 * change the layout found */
	snprintf(root, sizeof(root), "%s/r", dir);
	pf_fuzz_rmtree(root);
	(void)mkdir(root, 0755);
	for (k = 0; k < nf; k++) {
		const uint8_t *end = off < size ? memchr(data + off, '\0',
		    size - off) : NULL;
		size_t len = off < size ? (end != NULL ? (size_t)(end -
		    (data + off)) : size - off) : 0;
		FILE *f;

		parents(root, files[k]);
		snprintf(path, sizeof(path), "%s/%s", root, files[k]);
		if ((f = fopen(path, "wb")) == NULL)
			continue;
		if (len > 0)
			fwrite(data + off, 1, len, f);
		fclose(f);
		off += len + 1;
	}
	memset(&o, 0, sizeof(o));
	o.version = "2.4.71";
	o.no_htaccess = 1;
	run = pf_run_new();
	run->root = root;
	if (pf_httpd_read(run, &o) == 0) {
		FILE *null = fopen("/dev/null", "w");

		if (null != NULL) {
			pf_httpd_dump(run, null, 1);
			pf_httpd_dump(run, null, 0);
			fclose(null);
		}
	}
	pf_run_free(run);
	return 0;
}
