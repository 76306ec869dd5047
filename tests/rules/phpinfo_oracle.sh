#!/bin/bash
# phpinfo_oracle.sh - rule phpinfo-exposed against the real apache2 and
# php-fpm8.2: pages left at the top of DocumentRoots, asked for from
# 127.0.0.1.  phpinfo()'s page is "<title>PHP ... - phpinfo()</title>";
# lint must report exactly the pages that show it:
#   open.test      info.php: phpinfo(); (pool with clear_env = no)
#   upper.test     phpinfo.php: PhpInfo ( INFO_GENERAL ); in HTML (a pool
#                  that clears the environment)
#   comment.test   test.php: the call commented out (// and /* */, #)
#   string.test    i.php: function_exists('phpinfo') in a string
#   html.test      test.php: "phpinfo()" in the HTML around the code
#   denied.test    info.php behind <Files info.php> Require all denied
#   disabled.test  info.php in a pool with disable_functions = phpinfo
#   static.test    info.php where no handler sends PHP to FPM (its
#                  source is served: php-source-served's, not this rule's)
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
for s in open upper comment string html denied disabled static; do
	mkdir -p "$T/$s"
	echo "<?php echo 'home';" > "$T/$s/index.php"
done
echo '<?php phpinfo();' > "$T/open/info.php"
printf '<html><body>\n<?php\n  PhpInfo ( INFO_GENERAL );\n?>\n</body></html>\n' \
    > "$T/upper/phpinfo.php"
printf '<?php\n// phpinfo();\n# phpinfo();\n/* phpinfo(); */\necho "ok";\n' \
    > "$T/comment/test.php"
echo "<?php echo function_exists('phpinfo') ? 'y' : 'n';" > "$T/string/i.php"
printf '<p>call phpinfo() to see the settings</p>\n<?php echo "x"; ?>\n' \
    > "$T/html/test.php"
for s in denied disabled static; do
	echo '<?php phpinfo();' > "$T/$s/info.php"
done
chmod -R a+rX "$T"
mkdir -p "$T/logs"
pool() {	# NAME EXTRA: a static pool as www-data on $T/NAME.sock
	printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s/%s.sock\nlisten.mode = 0666\npm = static\npm.max_children = 1\n%s\n' \
	    "$1" "$T" "$1" "$2"
}
{
	printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
	pool dis 'php_admin_value[disable_functions] = exec,phpinfo'
	pool u ''
	pool t 'clear_env = no'
} > "$T/fpm.conf"
pf_fpm_run "$T/t.sock"
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" dir mime proxy proxy_fcgi
	cat <<EOF
TypesConfig /etc/mime.types
<Directory "$T">
    Require all granted
</Directory>
DirectoryIndex index.php
EOF
	for s in open upper comment string html denied disabled static; do
		sock=$T/t.sock
		[ $s = disabled ] && sock=$T/dis.sock
		[ $s = upper ] && sock=$T/u.sock
		echo "<VirtualHost *:$PORT>"
		echo "    ServerName $s.test"
		echo "    DocumentRoot \"$T/$s\""
		[ $s = static ] || printf '    <FilesMatch "\\.php$">\n        SetHandler "proxy:unix:%s|fcgi://localhost"\n    </FilesMatch>\n' "$sock"
		[ $s = denied ] && printf '    <Files info.php>\n        Require all denied\n    </Files>\n'
		echo "</VirtualHost>"
	done
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
bad=0
: > "$T/shown"
for u in open.test/info.php upper.test/phpinfo.php comment.test/test.php \
    string.test/i.php html.test/test.php denied.test/info.php \
    disabled.test/info.php static.test/info.php; do
	h=${u%%/*}
	out=$(curl -s -H "Host: $h" "http://127.0.0.1:$PORT/${u#*/}")
	if grep -q 'phpinfo()</title>' <<<"$out"; then
		echo "$h /${u#*/}" >> "$T/shown"
	fi
done
want=$(printf '%s\n' "open.test /info.php" "upper.test /phpinfo.php" | sort | tr '\n' ';')
got_real=$(sort "$T/shown" | tr '\n' ';')
[ "$got_real" = "$want" ] ||
	{ echo "FAIL: Apache shows phpinfo() on '$got_real', the test expects '$want'"; bad=1; }
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
	grep '\[phpinfo-exposed\]$')
got=$(sed -n 's/.*GET \([^ ]*\) on \([^ ]*\) runs.*/\2 \1/p' <<<"$out" | sort | tr '\n' ';')
if [ "$got" != "$got_real" ]; then
	echo "FAIL: lint reports '$got', Apache shows phpinfo() on '$got_real'"
	echo "$out" | sed 's/^/    /'
	bad=1
fi
grep "open.test" <<<"$out" | grep -q "clear_env = no" ||
	{ echo "FAIL: the finding on open.test does not say clear_env = no"; bad=1; }
grep "upper.test" <<<"$out" | grep -q "clear_env = no" &&
	{ echo "FAIL: the finding on upper.test says clear_env = no"; bad=1; }
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "8 vhosts: the pages Apache and php-fpm show phpinfo() on and lint's findings agree"
echo "1 passed, 0 failed"
