# openSUSE oracle: this machine's apache2 -t started as start_apache2
# starts httpd-prefork (-DSYSCONFIG, APACHE_SERVER_FLAGS, -C lines made
# from /etc/sysconfig/apache2) and php-fpm8.2 -t on php8-fpm's master
# accept the copy.
. "$PF_SRC/tests/rules/panel_oracle.sh"
h=$C/etc/apache2
# shellcheck disable=SC1091
set +u; . "$C/etc/sysconfig/apache2"; set -u
# SUSE's MPM is compiled into httpd-prefork, Debian's is a module; what
# Debian builds in (log_config, ...) is not loaded again.
builtin=$(apache2 -l | sed -n 's/^ *mod_\(.*\)\.c$/\1/p')
args=(-DSYSCONFIG -C "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so"
	-C "PidFile $C/run/httpd.pid")
for f in $APACHE_SERVER_FLAGS; do
	case $f in -D) ;; -D*) args+=("$f") ;; *) args+=("-D$f") ;; esac
done
for m in $APACHE_MODULES; do
	m=${m#mod_}
	grep -qx "$m" <<<"$builtin" && continue
	if [ ! -e "/usr/lib/apache2/modules/mod_$m.so" ]; then
		echo "FAIL: APACHE_MODULES names $m, not a module here"
		fail=1
		continue
	fi
	args+=(-C "LoadModule ${m}_module /usr/lib/apache2/modules/mod_$m.so")
done
[ -n "$APACHE_ACCESS_LOG" ] && args+=(-C "CustomLog $APACHE_ACCESS_LOG")
[ -n "$APACHE_SERVERSIGNATURE" ] && args+=(-C "ServerSignature $APACHE_SERVERSIGNATURE")
[ -n "$APACHE_LOGLEVEL" ] && args+=(-C "LogLevel $APACHE_LOGLEVEL")
[ -n "$APACHE_USE_CANONICAL_NAME" ] && args+=(-C "UseCanonicalName $APACHE_USE_CANONICAL_NAME")
[ -n "$APACHE_SERVERTOKENS" ] && args+=(-C "ServerTokens $APACHE_SERVERTOKENS")
# Users this machine lacks (wwwrun, www): www-data instead.
sed -i -E 's/(User) wwwrun$/\1 www-data/; s/(Group) www$/\1 www-data/' "$h/uid.conf"
sed -i -E 's/^user = wwwrun$/user = www-data/; s/^group = www$/group = www-data/' \
	"$C/etc/php8/fpm/php-fpm.d/www.conf"
po_syntax_ok "$(apache2 -t -d "$C/srv/www" "${args[@]}" -f "$h/httpd.conf" 2>&1)"
po_fpm "$C/etc/php8/fpm/php-fpm.conf" "$C/etc/php8/fpm/php.ini"
exit $fail
