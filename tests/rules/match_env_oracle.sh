#!/bin/bash
# match_env_oracle.sh - a regex section's named groups name the pool:
# httpd (server/request.c, the directory, location and file walks) sets
# MATCH_NAME in the request's environment for each named group of a
# <DirectoryMatch>, <LocationMatch> or <FilesMatch> that matched, and a
# handler expression reads it with %{env:MATCH_NAME}; a RewriteRule's
# [E=NAME:...] likewise.  Per-user pools are written so:
#   <DirectoryMatch "^/home/(?<user>[^/]+)/public_html">
#     SetHandler "proxy:unix:/run/php/%{env:MATCH_USER}.sock|fcgi://localhost"
# Against the real apache2 + php-fpm8.2, pools alice (plain), bob
# (chrooted to his folder: "File not found.") and site1; carol and site2
# have none (503):
#   u.test  UserDir with that <DirectoryMatch>: /~alice/ runs alice's
#           pool, /~bob/ bob's, /~carol/ 503
#   l.test  <LocationMatch "^/(?<site>site[0-9])/">: /site1/ site1's pool,
#           /site2/ 503
#   f.test  <FilesMatch "^(?<pool>alice|bob)-.+\.php$">: alice-x.php
#           alice's, bob-x.php bob's; other .php files are sent as they
#           are (no handler)
#   r.test  RewriteRule "^/r/([a-z]+)/" - [E=POOL:$1] and a <Location /r/>
#           handler of %{env:POOL}
# Each URL goes to the servers (curl) and to the simulator (sim-probe;
# before, the simulator left %{env:...} as written: every URL 503), and
# lint must stay quiet about these routes: no route-dead for u.test's
# <DirectoryMatch> (before: "matches none of /index.php ..."), no
# route-no-pool and no pool-unused.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
S='<?php echo "EX"."EC:", __FILE__;'
for u in alice bob carol; do
	mkdir -p "$T/home/$u/public_html"
	echo "$S" > "$T/home/$u/public_html/x.php"
done
mkdir -p "$T/www/site1" "$T/www/site2" "$T/www/r/alice" "$T/www/r/bob" "$T/www/r/carol"
for f in site1/x.php site2/x.php alice-x.php bob-x.php carol-x.php x.php \
    r/alice/x.php r/bob/x.php r/carol/x.php; do
	echo "$S" > "$T/www/$f"
done
mkdir -p "$T/logs"
chmod -R a+rX "$T"
pf_fpm_pools 'pm.max_children = 1' alice site1 "bob=$T/home/bob/public_html"
PORT=$(pf_free_port)
H="proxy:unix:$T/%%{env:%s}.sock|fcgi://localhost"
vhost() {	# NAME BODY
	printf '<VirtualHost *:%s>\n    ServerName %s.test\n    DocumentRoot %s/www\n    <Directory %s/www>\n        Require all granted\n    </Directory>\n%s\n</VirtualHost>\n' \
	    "$PORT" "$1" "$T" "$T" "$2"
}
{
	pf_apache_head "$T" "$PORT" mime dir proxy proxy_fcgi userdir rewrite
	echo "TypesConfig /etc/mime.types"
	echo "<Directory />"
	echo "    Require all denied"
	echo "</Directory>"
	vhost u "    UserDir $T/home/*/public_html
    <DirectoryMatch \"^$T/home/(?<user>[^/]+)/public_html\">
        Require all granted
        <FilesMatch \"\\.php\$\">
            SetHandler \"$(printf "$H" MATCH_USER)\"
        </FilesMatch>
    </DirectoryMatch>"
	vhost l "    <LocationMatch \"^/(?<site>site[0-9])/\">
        SetHandler \"$(printf "$H" MATCH_SITE)\"
    </LocationMatch>"
	vhost f "    <FilesMatch \"^(?<pool>alice|bob)-.+\\.php\$\">
        SetHandler \"$(printf "$H" MATCH_POOL)\"
    </FilesMatch>"
	vhost r "    RewriteEngine On
    RewriteRule \"^/r/([a-z]+)/\" - [E=POOL:\$1]
    <Location \"/r/\">
        SetHandler \"$(printf "$H" POOL)\"
    </Location>"
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
bad=0 n=0
URLS="/~alice/x.php /~bob/x.php /~carol/x.php /~alice/nope.php"
pf_sim_agree 0 u ""
URLS="/site1/x.php /site2/x.php /x.php"
pf_sim_agree 1 l ""
URLS="/alice-x.php /bob-x.php /carol-x.php"
pf_sim_agree 2 f ""
URLS="/r/alice/x.php /r/bob/x.php /r/carol/x.php"
pf_sim_agree 3 r ""
# bob's chroot makes his pool's answer "File not found.": the sim-probe
# line for /~bob/x.php must be fpm404, alice's an execution.
want() {	# URL VHOST VERDICT (the servers' answer, checked above)
	local got
	got=$("$PF_BUILD/sim-probe" --httpd "$T/httpd.conf" --fpm "$T/fpm.conf" \
	    --vhost "$2" "$1")
	n=$((n + 1))
	[ "${got#* }" = "$3" ] || { echo "FAIL: $1: want $3, the simulator says ${got#* }"; bad=1; }
}
want /~alice/x.php 0 "exec:$T/home/alice/public_html/x.php"
want /~bob/x.php 0 fpm404
want /~carol/x.php 0 503
want /r/bob/x.php 3 fpm404
pf_lint_tree
cnt() { grep -c "$1" <<<"$out"; }
pf_check "route-dead" 0 "$(cnt '\[route-dead\]')"
pf_check "route-no-pool" 0 "$(cnt '\[route-no-pool\]')"
pf_check "pool-unused" 0 "$(cnt '\[pool-unused\]')"
pf_lint_end 'route-|pool-unused' "$n verdicts agree with apache2 + php-fpm8.2 for %{env:...} sockets"
