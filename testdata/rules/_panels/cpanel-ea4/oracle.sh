# oracle.sh - the real servers on the path-remapped copy $C agree with lint:
# lint reported no reader error, so apache2 -t and php-fpm8.2 -t (for both
# ea-php masters) must accept the tree.  Users this machine lacks (nobody's
# group, the cPanel accounts) become www-data in the copy.
. "$PF_SRC/tests/rules/panel_oracle.sh"
sed -i -E 's/^Group nobody$/Group www-data/' "$C/etc/apache2/conf/httpd.conf"
# EA4 builds every module shared; Debian's apache2 has these compiled in
sed -i -E '/^LoadModule (log_config|logio|unixd)_module /d' "$C"/etc/apache2/conf.modules.d/*.conf
po_apache "$C/etc/apache2" "$C/etc/apache2/conf/httpd.conf"
for v in 82 81; do
	d=$C/opt/cpanel/ea-php$v/root/etc
	sed -i -E 's/^(user|group|listen\.owner|listen\.group) = .*/\1 = www-data/' "$d"/php-fpm.d/*.conf
	po_fpm "$d/php-fpm.conf"
done
exit $fail
