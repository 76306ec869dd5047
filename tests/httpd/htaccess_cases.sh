#!/bin/bash
# htaccess_cases.sh - tests/httpd/htaccess_corpus.py --strict on the
# minimal .htaccess cases of testdata/httpd-htaccess/ (each sets its
# directory's AllowOverride in a comment): apache2's per-request verdict
# and message for each file (its error log's "[core:alert] FILE: MESSAGE"),
# lint's diagnostics located in the file and the reader's refused flag
# must all agree.  The same tool runs on a corpus of real-world files
# kept outside the tree (see its header).
set -u
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2 "$PYTHON"
pf_tmpdir
chmod a+x "$T"	# apache2's children run as www-data
# Debian's defaults less mod_authz_user (Require valid-user then fails)
# and without mod_rewrite (<IfModule mod_rewrite.c> is false)
"$PYTHON" "$PF_SRC/tests/httpd/htaccess_corpus.py" "$PROXYFPM" \
    "$PF_TESTDATA/httpd-htaccess" --probe "$PF_BUILD/httpd-probe" \
    --modules mpm_event,authz_core,authz_host,authn_core,authn_file,auth_basic,access_compat,mime,dir,alias,setenvif \
    --no-php-route --strict --keep "$T/run" --pids "$T/pids"
rc=$?
# testdata/httpd-htaccess-mods/: cases that need mod_rewrite and
# mod_autoindex loaded (RewriteCond expr, IndexOptions), found by the
# real-world corpus (/work/htaccess-corpus, docs/httpd-reader.md)
"$PYTHON" "$PF_SRC/tests/httpd/htaccess_corpus.py" "$PROXYFPM" \
    "$PF_TESTDATA/httpd-htaccess-mods" --probe "$PF_BUILD/httpd-probe" \
    --modules mpm_event,authz_core,authz_host,access_compat,mime,dir,alias,rewrite,autoindex,setenvif \
    --no-php-route --strict --keep "$T/run2" --pids "$T/pids" || rc=1
# testdata/httpd-htaccess-apps/: constructs of the big projects' files
# (Nextcloud, Magento, TYPO3, Joomla, Drupal, Backdrop, ProcessWire, Bolt,
# GLPI, Dolibarr, WP Rocket ...; the corpus's files/big/) with the modules
# such sites load: <If>/<Else> scope, SetEnvIf's variables, ="" and
# [E=var], cPanel's AllowOverride Options=..., an unclosed <RequireAny>
"$PYTHON" "$PF_SRC/tests/httpd/htaccess_corpus.py" "$PROXYFPM" \
    "$PF_TESTDATA/httpd-htaccess-apps" --probe "$PF_BUILD/httpd-probe" \
    --modules mpm_event,authz_core,authz_host,authz_user,authn_core,authn_file,auth_basic,access_compat,mime,dir,alias,rewrite,headers,expires,setenvif,env,filter,deflate,negotiation,autoindex \
    --no-php-route --strict --keep "$T/run3" --pids "$T/pids" || rc=1
exit $rc
