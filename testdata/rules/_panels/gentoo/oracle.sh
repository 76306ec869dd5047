# Gentoo oracle: this machine's apache2 -t with the defines of
# APACHE2_OPTS (as the Gentoo service passes them) and php-fpm8.2 -t on
# the slot's master accept the copy.
. "$PF_SRC/tests/rules/panel_oracle.sh"
h=$C/etc/apache2
# ServerRoot /usr/lib64/apache2 (not remapped: /usr is not part of the
# copy's remap) is the copy's, whose modules/ is this machine's.
sed -i "s|^ServerRoot .*|ServerRoot \"$C/usr/lib64/apache2\"|" "$h/httpd.conf"
# Debian's apache2 builds log_config, logio, unixd, version and watchdog
# in; Gentoo loads them.  Gentoo's MPM is compiled in (prefork unless
# USE=threads or APACHE2_MPMS): Debian's is a module, loaded first.
po_local_modules "$h/httpd.conf"
sed -i '1i LoadModule mpm_prefork_module modules/mod_mpm_prefork.so' \
	"$h/httpd.conf"
# Users this machine lacks (acct-user/apache; Debian's nobody's group is
# nogroup): www-data and nogroup instead.
sed -i -E 's/^(User|Group) apache$/\1 www-data/' "$h/httpd.conf"
f=$C/etc/php/fpm-php8.2/fpm.d/www.conf
sed -i -E 's/^(listen\.(owner|group)) = apache$/\1 = www-data/; s/^group = nobody$/group = nogroup/' "$f"
opts=$(. "$C/etc/conf.d/apache2"; echo "$APACHE2_OPTS")
# shellcheck disable=SC2086
po_syntax_ok "$(apache2 -t -d "$C/usr/lib64/apache2" -f "$h/httpd.conf" $opts 2>&1)"
po_fpm "$C/etc/php/fpm-php8.2/php-fpm.conf" "$C/etc/php/fpm-php8.2/php.ini"
exit $fail
