# oracle.sh - the real servers on the path-remapped copy $C agree with lint:
# lint reported no reader error, so apache2 -t and php-fpm8.2 -t (both
# CustomBuild PHP releases' masters) must accept the tree.  In the copy the
# modules come from this machine (/usr/lib/apache -> Debian's directory,
# without the ones Debian's apache2 has compiled in) and the users this
# machine lacks (apache, webapps, the DirectAdmin users) become www-data.
# SuexecUserGroup lines go: apache2 -t refuses them without the suexec
# binary ("suEXEC is disabled: Missing suexec binary"), which this machine
# lacks and every DirectAdmin server has.
. "$PF_SRC/tests/rules/panel_oracle.sh"
for f in "$C"/etc/httpd/conf/httpd.conf "$C"/etc/httpd/conf/extra/*.conf \
    "$C"/usr/local/directadmin/data/users/*/httpd.conf; do
	sed -i -E -e '/^LoadModule (log_config|logio|unixd|version)_module /d' \
	    -e 's#/usr/lib/apache/#/usr/lib/apache2/modules/#' \
	    -e 's/^(User|Group) apache$/\1 www-data/' \
	    -e '/SuexecUserGroup /d' "$f"
done
po_syntax_ok "$(apache2 -f "$C/etc/httpd/conf/httpd.conf" -t 2>&1)"
for v in 82 81; do
	d=$C/usr/local/php$v/etc
	sed -i -E 's/^(user|group|listen\.owner|listen\.group) = .*/\1 = www-data/' "$d"/php-fpm.d/*.conf
	po_fpm "$d/php-fpm.conf"
done
exit $fail
