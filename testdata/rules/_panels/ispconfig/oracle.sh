# ISPConfig oracle: apache2 -t and php-fpm8.2 -t (the 8.2 and the
# additional 8.1 master) accept the remapped copy, as lint (no reader
# error) does.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
# Absolute symlinks (sites-enabled/100-DOMAIN.vhost, /var/www/DOMAIN,
# conf.d/*.ini) into the copy; the modules link stays on this machine's.
find "$C" -type l | while IFS= read -r l; do
	t=$(readlink "$l")
	case $t in
	/etc/*|/var/*|/run|/run/*|/home/*|/srv/*)
		ln -sfn "$C$t" "$l" ;;
	esac
done
# Users and groups this machine lacks: www-data instead.
grep -rlE '\b(web[0-9]+|client[0-9]+)\b' "$C/etc/apache2/sites-available" \
    "$C/etc/php" | while IFS= read -r f; do
	sed -i -E 's/^((listen\.)?(user|group|owner) = )(web|client)[0-9]+$/\1www-data/;
		s/(SuexecUserGroup|AssignUserId) web[0-9]+ client[0-9]+/\1 www-data www-data/' "$f"
done
# apache2 checks its compiled-in /usr/lib/apache2/suexec (an ISPConfig
# server has apache2-suexec-pristine; this machine has none): without the
# binary SuexecUserGroup is 'configured, but suEXEC is disabled'.
[ -x /usr/lib/apache2/suexec ] || rm -f "$C/etc/apache2/mods-enabled/suexec.load"
fail=0
out=$(set +u -a; APACHE_CONFDIR=$C/etc/apache2; . "$C/etc/apache2/envvars"; set +a
	apache2 -t -d "$C/etc/apache2" -f "$C/etc/apache2/apache2.conf" 2>&1)
if ! grep -q 'Syntax OK' <<<"$out"; then
	echo "apache2 -t refuses what lint accepts:"; echo "$out"; fail=1
fi
for v in 8.2 8.1; do
	m=$C/etc/php/$v/fpm/php-fpm.conf
	out=$(php-fpm8.2 -t -y "$m" -c "$C/etc/php/$v/fpm/php.ini" 2>&1)
	if ! grep -q 'test is successful' <<<"$out"; then
		echo "php-fpm8.2 -t refuses $m:"; echo "$out"; fail=1
	fi
done
exit $fail
