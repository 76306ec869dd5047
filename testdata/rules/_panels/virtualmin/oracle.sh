# Virtualmin oracle: apache2 -t and php-fpm8.2 -t (the 8.2 and the 8.1
# master) accept the remapped copy, as lint (no reader error) does.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
# The domains' users this machine lacks: www-data in the pools.
sed -i -E 's/^((listen\.)?(user|group|owner) = )(example|legacy)$/\1www-data/' \
    "$C"/etc/php/*/fpm/pool.d/*.conf
# apache2 checks its compiled-in /usr/lib/apache2/suexec (a Virtualmin
# server has apache2-suexec-custom; this machine may have none): without
# the binary SuexecUserGroup is 'configured, but suEXEC is disabled'.
[ -x /usr/lib/apache2/suexec ] ||
	sed -i '/^SuexecUserGroup /d' "$C"/etc/apache2/sites-available/*.conf
fail=0
out=$(set +u -a; APACHE_CONFDIR=$C/etc/apache2; . "$C/etc/apache2/envvars"; set +a
	apache2 -t -d "$C/etc/apache2" -f "$C/etc/apache2/apache2.conf" 2>&1)
if ! grep -q 'Syntax OK' <<<"$out"; then
	echo "apache2 -t refuses what lint accepts:"; echo "$out"; fail=1
fi
for v in 8.2 8.1; do
	m=$C/etc/php/$v/fpm/php-fpm.conf
	out=$(php-fpm8.2 -t -y "$m" -c "$C/etc/php/8.2/fpm/php.ini" 2>&1)
	if ! grep -q 'test is successful' <<<"$out"; then
		echo "php-fpm8.2 -t refuses $m:"; echo "$out"; fail=1
	fi
done
exit $fail
