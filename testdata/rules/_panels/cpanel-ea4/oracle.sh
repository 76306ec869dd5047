# oracle.sh - the real servers on the path-remapped copy $C agree with lint:
# lint reported no reader error, so apache2 -t and php-fpm8.2 -t (for both
# ea-php masters) must accept the tree.  Users this machine lacks (nobody's
# group, the cPanel accounts) become www-data in the copy.
set -u
fail=0
sed -i -E 's/^Group nobody$/Group www-data/' "$C/etc/apache2/conf/httpd.conf"
# EA4 builds every module shared; Debian's apache2 has these compiled in
sed -i -E '/^LoadModule (log_config|logio|unixd)_module /d' "$C"/etc/apache2/conf.modules.d/*.conf
out=$(/usr/sbin/apache2 -d "$C/etc/apache2" -f "$C/etc/apache2/conf/httpd.conf" -t 2>&1)
if [ $? -ne 0 ]; then
	echo "FAIL: apache2 -t refuses what lint accepts:"; echo "$out"; fail=1
fi
for v in 82 81; do
	d=$C/opt/cpanel/ea-php$v/root/etc
	sed -i -E 's/^(user|group|listen\.owner|listen\.group) = .*/\1 = www-data/' "$d"/php-fpm.d/*.conf
	out=$(/usr/sbin/php-fpm8.2 -n -t -y "$d/php-fpm.conf" 2>&1)
	if [ $? -ne 0 ]; then
		echo "FAIL: php-fpm8.2 -t refuses ea-php$v's configuration:"; echo "$out"; fail=1
	fi
done
exit $fail
