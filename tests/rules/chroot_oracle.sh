#!/bin/bash
# chroot_oracle.sh - pools with a chroot, against the real apache2 +
# php-fpm8.2.  php-fpm chroots the pool's workers and then looks for
# SCRIPT_FILENAME below the chroot as it is (nothing in fpm_main.c takes
# the chroot off a path), so the simulator must look there too
# (rules/sim_fpm.c fpm_path).  Three vhosts on one apache2, a pool each:
#   a  chroot = the DocumentRoot, Apache sends its own paths: every
#      script is "File not found." (lint: fpm-chroot-paths)
#   b  ISPConfig's chrooted site: the pool as its php_fpm_pool.conf.master
#      writes it (prefix = the site's folder, chroot = $prefix, chdir = /,
#      upload_tmp_dir = /tmp), the DocumentRoot its web/ below, and the
#      vhost template's ProxyFCGISetEnvIf lines, DOCUMENT_ROOT "/web" and
#      SCRIPT_FILENAME "%{reqenv:DOCUMENT_ROOT}%{reqenv:SCRIPT_NAME}":
#      the scripts run, an uploaded one too (lint: upload-under-docroot,
#      no fpm-chroot-paths)
#   c  no chroot, for comparison
# Each URL goes to the real servers (curl) and to the simulator
# (sim-probe); PHP's __FILE__ inside a chroot is the path below it, so
# "EXEC:" + __FILE__ is compared as chroot + __FILE__.  Then lint's
# findings per vhost.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
S='<?php echo "EXEC:", __FILE__;'
mk() {	# DOCROOT: a site's files, an upload folder its pool may write
	mkdir -p "$1/up"
	echo "$S" > "$1/index.php"
	echo "$S" > "$1/up/x.php"
	echo 'not php' > "$1/up/evil.jpg"
	chown www-data "$1/up"
}
mk "$T/a"
mk "$T/b/web"
mkdir -p "$T/b/tmp"
mk "$T/c"
mkdir -p "$T/logs"
{
	printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
	for p in a b c; do
		printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s/%s.sock\nlisten.mode = 0666\npm = static\npm.max_children = 1\n' \
		    "$p" "$T" "$p"
		case $p in
		a) printf 'chroot = %s/a\nchdir = /\n' "$T" ;;
		b) printf 'prefix = %s/b\nchroot = $prefix\nchdir = /\nphp_admin_value[upload_tmp_dir] = /tmp\n' "$T" ;;
		esac
	done
} > "$T/fpm.conf"
chmod -R a+rX "$T"
pf_fpm_run "$T/c.sock"
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" mime dir proxy proxy_fcgi
	echo "TypesConfig /etc/mime.types"
	for p in a b c; do
		d="$T/$p"
		[ "$p" = b ] && d="$T/b/web"
		printf '<VirtualHost *:%s>\n    ServerName %s.test\n    DocumentRoot %s\n    <Directory %s>\n        Require all granted\n    </Directory>\n    <FilesMatch "\\.php$">\n        SetHandler "proxy:unix:%s/%s.sock|fcgi://localhost"\n    </FilesMatch>\n' \
		    "$PORT" "$p" "$d" "$d" "$T" "$p"
		[ "$p" = b ] && cat <<'EOF'
    ProxyFCGISetEnvIf "true" DOCUMENT_ROOT "/web"
    ProxyFCGISetEnvIf "true" SCRIPT_FILENAME "%{reqenv:DOCUMENT_ROOT}%{reqenv:SCRIPT_NAME}"
EOF
		echo '</VirtualHost>'
	done
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
URLS="/index.php /up/x.php /nope.php /index.php/foo /up/evil.jpg/x.php"
bad=0 n=0 vi=0
for p in a b c; do
	root=
	case $p in a) root="$T/a" ;; b) root="$T/b" ;; esac
	pf_sim_agree "$vi" "$p" "$root"
	vi=$((vi + 1))
done
pf_lint_tree
has() {	# VHOST RULE: 1 when lint reports RULE for VHOST
	if grep "\[$2\]\$" <<<"$out" | grep -q "$1"; then echo 1; else echo 0; fi
}
pf_check "a.test fpm-chroot-paths" 1 "$(has ' a\.test answers 404' fpm-chroot-paths)"
pf_check "b.test fpm-chroot-paths" 0 "$(has ' b\.test answers 404' fpm-chroot-paths)"
pf_check "c.test fpm-chroot-paths" 0 "$(has ' c\.test answers 404' fpm-chroot-paths)"
pf_check "a.test upload-under-docroot" 0 "$(has "$T/a/up is writable" upload-under-docroot)"
pf_check "b.test upload-under-docroot" 1 "$(has "$T/b/web/up is writable" upload-under-docroot)"
pf_check "c.test upload-under-docroot" 1 "$(has "$T/c/up is writable" upload-under-docroot)"
pf_lint_end 'chroot|upload-under' "$n verdicts agree with apache2 + php-fpm8.2 for chrooted pools"
