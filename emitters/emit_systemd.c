/*
 * emit_systemd.c - the systemd drop-in of a php-fpm service: the file
 * and process limits the pools of the run need (sizing.c, section
 * "services"), which the master and, through rlimit_files, its workers
 * get.  A limit is only ever raised above what the host already gives.
 */
#include "emitters/emit_int.h"

void
emit_systemd(struct cc *cc, struct svc_plan *sv)
{
	struct pf_run *run = cc->run;
	struct out o;
	const char *path;

	out_init(&o, run, '#');
	path = pf_printf(run->arena, "/etc/systemd/system/%s.service.d/"
	    "proxyfpm.conf", sv->service);
	out_banner(&o, cc, PF_NOLOC, NULL, pf_printf(run->arena, "Apply with: "
	    "systemctl daemon-reload && systemctl restart %s", sv->service));
	out_blank(&o);
	out_line(&o, sv->loc, "[Service]");
	out_comment(&o, sv->loc, sv->why_nofile);
	out_line(&o, sv->loc, "LimitNOFILE=%lld", sv->nofile);
	out_comment(&o, sv->loc, sv->why_nproc);
	if (sv->set_nproc)
		out_line(&o, sv->loc, "LimitNPROC=%lld", sv->nproc);
	out_comment(&o, sv->loc, sv->why_tasks);
	if (sv->set_tasks)
		out_line(&o, sv->loc, "TasksMax=%lld", sv->tasks);
	out_finish(&o, cc, PF_EMIT_SYSTEMD, sv->service, path);
}
