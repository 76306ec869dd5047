#!/bin/bash
# modphp_upload_oracle.sh - PHP that mod_php runs inside Apache, against the
# real apache2 with Debian's libapache2-mod-php8.2 (prefork; the package
# scripts/setup.sh --test downloads into build/testdebs, never installed).
# Each vhost has its own DocumentRoot with wp-content/uploads (a
# conventional upload folder) holding shell.php, and Debian's php8.2.conf
# handler (FilesMatch ".+\.ph(?:ar|p|tml)$" SetHandler
# application/x-httpd-php).  The simulator (sim-probe) must say what the
# server does for each URL (exec, the source sent as a file, 404, 403),
# and lint must report upload-under-docroot exactly where shell.php runs:
#   plain     nothing more: runs
#   adminoff  <Directory uploads> php_admin_flag engine off, and an
#             .htaccess there (AllowOverride All) with php_flag engine on:
#             the admin line outlasts it (merge_php_config), the source
#             is sent
#   flagoff   the same with php_flag engine off and AllowOverride
#             Options: the .htaccess line wins, runs (and lint's
#             htaccess-override-upload says an uploaded one can do that)
#   valueoff  php_value engine off (a value, not a flag): the source
#   flagyes   php_admin_flag engine yes: a flag is on only for On or 1,
#             so "yes" turns it off: the source
#   vhostoff  php_admin_flag engine off for the whole vhost and
#             php_admin_value engine 1 for uploads: /index.php's source
#             is sent (php-source-served), uploads run
#   noinfo    AcceptPathInfo Off in uploads: shell.php runs, shell.php/x
#             is mod_php's 404
#   cond      engine off only under an <If> on the query string: a
#             condition the client controls, so not counted on; runs
# Three more with other handler lines, and in every DocumentRoot
# evil.php.jpg and evil.php. (names whose last extension is not PHP, as
# lint's probes name them):
#   addh      AddHandler application/x-httpd-php .php: mod_mime maps
#             every extension, both run (addhandler-multi-extension)
#   addt      AddType application/x-httpd-php .php (the PHP manual's old
#             line): the type of .jpg (the system's mime.types) comes
#             after, so evil.php.jpg is an image; evil.php. (no last
#             extension) runs (addhandler-multi-extension)
#   unanch    <FilesMatch "\.php"> SetHandler application/x-httpd-php:
#             both run (unanchored-php-handler)
#   wf        the .htaccess security plugins (Wordfence) write into
#             wp-content/uploads, under AllowOverride All: php_flag
#             engine 0 inside <IfModule mod_php.c> (true for PHP 8's
#             module) and AddHandler cgi-script .php with Options
#             -ExecCGI; the vhost's FilesMatch handler wins over the
#             AddHandler and the engine is off: the source, no finding
# plain.test also has info.php, which calls phpinfo(): phpinfo-exposed
# (mod_php runs it) there, and nowhere else.
# The upload folders belong to www-data, Apache's User (a name is taken
# for an upload folder only where PHP's user can write it); vhost walk
# also has avatars/, a folder of no conventional name that www-data owns
# in a DocumentRoot it cannot write: found by the walk for Apache's
# user, as for a pool's, and reported.
. "$PF_SRC/tests/lib/need.sh"
pf_modphp_start
[ "$(id -u)" = 0 ] || { echo "SKIP: apache2 must start as root (User www-data)"; exit 77; }
NAMES="plain adminoff flagoff valueoff flagyes vhostoff noinfo cond walk addh addt unanch wf"
for n in $NAMES; do
	w="$T/www-$n"
	mkdir -p "$w/wp-content/uploads"
	printf '<?php echo "EX"."EC:".__FILE__;' > "$w/index.php"
	printf '<?php echo "EX"."EC:".__FILE__;' > "$w/evil.php.jpg"
	printf '<?php echo "EX"."EC:".__FILE__;' > "$w/evil.php."
	printf '<?php echo "EX"."EC:".__FILE__;' > "$w/wp-content/uploads/shell.php"
	chown www-data "$w/wp-content/uploads"
done
rm -r "$T/www-walk/wp-content"
printf '<?php phpinfo();' > "$T/www-plain/info.php"
mkdir "$T/www-walk/avatars"
printf '<?php echo "EX"."EC:".__FILE__;' > "$T/www-walk/avatars/shell.php"
chown www-data "$T/www-walk/avatars"
printf 'php_flag engine on\n' > "$T/www-adminoff/wp-content/uploads/.htaccess"
printf '<IfModule mod_php5.c>\nphp_flag engine 0\n</IfModule>\n<IfModule mod_php7.c>\nphp_flag engine 0\n</IfModule>\n<IfModule mod_php.c>\nphp_flag engine 0\n</IfModule>\nAddHandler cgi-script .php .phtml .php3 .pl .py .jsp .asp .htm .shtml .sh .cgi\nOptions -ExecCGI\n' \
    > "$T/www-wf/wp-content/uploads/.htaccess"
printf 'php_flag engine on\n' > "$T/www-flagoff/wp-content/uploads/.htaccess"
chmod -R a+rX "$T"
# (a pool for sim-probe to read, never started)
pf_fpm_conf "$T"
PORT=$(pf_free_port)
{
	pf_modphp_head "$T" "$PORT" mime dir
	for n in $NAMES; do
		w="$T/www-$n"
		printf '<VirtualHost *:%s>\n    ServerName %s.test\n    DocumentRoot "%s"\n    <Directory "%s">\n        Require all granted\n    </Directory>\n' \
		    "$PORT" "$n" "$w" "$w"
		case $n in
		addh) echo '    AddHandler application/x-httpd-php .php' ;;
		addt) echo '    AddType application/x-httpd-php .php' ;;
		unanch) printf '    <FilesMatch "\\.php">\n        SetHandler application/x-httpd-php\n    </FilesMatch>\n' ;;
		*) printf '    <FilesMatch ".+\\.ph(?:ar|p|tml)$">\n        SetHandler application/x-httpd-php\n    </FilesMatch>\n' ;;
		esac
		u="    <Directory \"$w/wp-content/uploads\">"
		case $n in
		adminoff) printf '%s\n        AllowOverride All\n        php_admin_flag engine off\n    </Directory>\n' "$u" ;;
		flagoff) printf '%s\n        AllowOverride Options\n        php_flag engine off\n    </Directory>\n' "$u" ;;
		valueoff) printf '%s\n        php_value engine off\n    </Directory>\n' "$u" ;;
		flagyes) printf '%s\n        php_admin_flag engine yes\n    </Directory>\n' "$u" ;;
		vhostoff) printf '    php_admin_flag engine off\n%s\n        php_admin_value engine 1\n    </Directory>\n' "$u" ;;
		noinfo) printf '%s\n        AcceptPathInfo Off\n    </Directory>\n' "$u" ;;
		wf) printf '%s\n        AllowOverride All\n    </Directory>\n' "$u" ;;
		cond) printf '%s\n        <If "%%{QUERY_STRING} =~ /safe/">\n            php_admin_flag engine off\n        </If>\n    </Directory>\n' "$u" ;;
		esac
		echo '</VirtualHost>'
	done
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || { cat "$T/logs/error.log"; echo "FAIL: apache2 did not start"; exit 1; }
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
    --httpd "$T/httpd.conf" 2>&1)
URLS="/index.php /wp-content/uploads/shell.php /wp-content/uploads/shell.php/x /wp-content/uploads/none.php /avatars/shell.php /evil.php.jpg /evil.php."
bad=0 n=0 vi=0
for name in $NAMES; do
	w="$T/www-$name"
	pf_sim_agree "$vi" "$name" ""
	# lint: upload-under-docroot exactly where shell.php runs
	up=wp-content/uploads
	[ "$name" = walk ] && up=avatars
	case $(curl -s -H "Host: $name.test" \
	    "http://127.0.0.1:$PORT/$up/shell.php") in
	EXEC:*) runs=1 ;;
	*) runs=0 ;;
	esac
	if grep "\[upload-under-docroot\]" <<<"$out" | grep -Eq "$w/$up is (writable|an upload folder by its name).*mod_php"; then
		lint=1
	else
		lint=0
	fi
	if [ "$runs" != "$lint" ]; then
		echo "FAIL: $name.test: apache2 $([ $runs = 1 ] && echo runs || echo does not run) an uploaded shell.php; lint $([ $lint = 1 ] && echo reports || echo does not report) upload-under-docroot"
		bad=1
	fi
	vi=$((vi + 1))
done
# flagoff.test's uploads: AllowOverride Options lets the .htaccess there
# turn the engine back on, which the server shows (shell.php runs):
# htaccess-override-upload says so.
grep "\[htaccess-override-upload\]" <<<"$out" | grep -q "www-flagoff/wp-content/uploads is writable.*php_flag engine on" || {
	echo "FAIL: flagoff.test: no htaccess-override-upload naming php_flag engine on"
	bad=1
}
# A name whose last extension is not PHP: reported where one runs.
for name in $NAMES; do
	runs=0
	for f in evil.php.jpg evil.php.; do
		case $(curl -s -H "Host: $name.test" "http://127.0.0.1:$PORT/$f") in
		EXEC:*) runs=1 ;;
		esac
	done
	lint=$(grep -E "\[(addhandler-multi-extension|unanchored-php-handler)\]" <<<"$out" |
	    grep -c "mod_php runs $T/www-$name/")
	if [ "$runs" != "$lint" ]; then
		echo "FAIL: $name.test: the server $([ $runs = 1 ] && echo runs || echo does not run) evil.php.jpg or evil.php., lint has $lint findings"
		bad=1
	fi
done
# avatars/ was found by the walk for Apache's user.
grep "\[upload-under-docroot\]" <<<"$out" | grep -q "www-walk/avatars is writable (Apache's user, which mod_php runs PHP as, can write it" || {
	echo "FAIL: walk.test: avatars/ is not named as Apache's user's"
	bad=1
}
# phpinfo() runs on plain.test (the server shows it), lint says so.
curl -s -H "Host: plain.test" "http://127.0.0.1:$PORT/info.php" |
    grep -q "PHP Version" || {
	echo "FAIL: plain.test/info.php: no phpinfo() page from the server"
	bad=1
}
if ! grep "\[phpinfo-exposed\]" <<<"$out" | grep -q "www-plain/info.php calls it, mod_php executes it" ||
    [ "$(grep -c "\[phpinfo-exposed\]" <<<"$out")" != 1 ]; then
	echo "FAIL: phpinfo-exposed: not once, for plain.test/info.php run by mod_php"
	grep "\[phpinfo-exposed\]" <<<"$out" | sed 's/^/    /'
	bad=1
fi
# The whole vhost's engine off: its scripts' source is sent.
grep "\[php-source-served\]" <<<"$out" | grep -q "engine" || {
	echo "FAIL: vhostoff.test: no php-source-served for the engine turned off"
	bad=1
}
if [ "$(grep -c "\[php-source-served\]" <<<"$out")" != 1 ]; then
	echo "FAIL: php-source-served other than vhostoff.test's"
	bad=1
fi
if [ $bad != 0 ]; then
	grep -E "upload-under-docroot|php-source-served" <<<"$out" | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$n URLs: the simulator agrees with apache2 + mod_php 8.2; upload-under-docroot and php-source-served where the server runs and sends"
echo "1 passed, 0 failed"
