/*
 * nss.h - where the passwd and group databases are read from, as the
 * (--root's) /etc/nsswitch.conf says: the flat-file sources glibc's NSS
 * modules read, in the order the line lists them.
 */
#ifndef PF_NSS_H
#define PF_NSS_H

#include "model/run.h"

#define PF_NSS_MAX_FILES	2

/*
 * The files of database db ("passwd" or "group") in lookup order:
 * "files" and "compat" read /etc/DB, "extrausers" (libnss-extrausers,
 * where Froxlor keeps its customers) /var/lib/extrausers/DB.  Sources
 * that are not flat files (systemd, ldap, sss, winbind) are left out.
 * Without nsswitch.conf, or without a line for db, /etc/DB alone (glibc's
 * default).  Returns the number of paths stored.
 */
int	pf_nss_files(struct pf_run *, const char *db,
	    const char *paths[PF_NSS_MAX_FILES]);

/*
 * The accounts of the passwd database (its flat files in lookup order, as
 * getpwnam() finds them): the first line of a name counts; lines without
 * the seven fields, with a uid that is no number, or compat's +/- lines
 * are no accounts.  Returns how many; *out in run's arena (NULL: none).
 */
struct pf_pwent {
	const char	*name;
	long long	 uid;
	const char	*home;
	const char	*shell;
};
size_t	pf_passwd_accounts(struct pf_run *, struct pf_pwent **out);

#endif
