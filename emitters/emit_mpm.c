/*
 * emit_mpm.c - the event (or worker) MPM snippet, when [host] emit_mpm
 * asks for it: process and thread counts from the cores and every pool of
 * the run (sizing.c).  It is a conf snippet read after the module's own
 * mpm_event.conf, so its values win (last setting wins for these
 * directives).
 */
#include <string.h>

#include "emitters/emit_int.h"

static void
mpm_block(struct out *o, struct cc *cc, const char *module)
{
	const struct pf_mpm_plan *pl = &cc->m->host.plan;
	struct pf_loc hl = cc->m->host.loc;

	out_line(o, hl, "<IfModule %s>", module);
	o->indent++;
	out_line(o, hl, "ServerLimit %lld", pl->server_limit);
	if (pl->threads_per_child > 64)
		out_line(o, hl, "ThreadLimit %lld", pl->threads_per_child);
	out_line(o, hl, "ThreadsPerChild %lld", pl->threads_per_child);
	out_line(o, hl, "MaxRequestWorkers %lld", pl->max_request_workers);
	out_line(o, hl, "StartServers %lld", pl->start_servers);
	out_line(o, hl, "MinSpareThreads %lld", pl->min_spare_threads);
	out_line(o, hl, "MaxSpareThreads %lld", pl->max_spare_threads);
	out_line(o, hl, "MaxConnectionsPerChild 0");
	o->indent--;
	out_line(o, hl, "</IfModule>");
}

void
emit_mpm(struct cc *cc)
{
	struct pf_run *run = cc->run;
	const struct pf_mpm_plan *pl = &cc->m->host.plan;
	struct pf_loc hl = cc->m->host.loc;
	const char *mpm = cc->m->host.mpm.s ? cc->m->host.mpm.s : "event";
	struct out o;

	out_init(&o, run, '#');
	out_banner(&o, cc, PF_NOLOC, NULL, cc->rhel ? "Read from conf.d "
	    "after conf.modules.d, so these values win." : "Enable with: "
	    "a2enconf proxyfpm-mpm (read after mods-enabled, so these "
	    "values win).");
	out_blank(&o);
	out_comment(&o, hl, cc->why_mpm);
	mpm_block(&o, cc, strcmp(mpm, "worker") == 0 ? "mpm_worker_module" :
	    "mpm_event_module");
	if (pl->h2_max_workers > 0) {
		out_line(&o, cc->m->host.http2.loc, "<IfModule http2_module>");
		o.indent++;
		out_line(&o, cc->m->host.http2.loc, "H2MaxWorkers %lld",
		    pl->h2_max_workers);
		o.indent--;
		out_line(&o, cc->m->host.http2.loc, "</IfModule>");
	}
	out_finish(&o, cc, PF_EMIT_MPM, "mpm", cc->rhel ?
	    "/etc/httpd/conf.d/proxyfpm-mpm.conf" :
	    "/etc/apache2/conf-available/proxyfpm-mpm.conf");
}
