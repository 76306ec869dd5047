# Froxlor oracle: apache2 -t and php-fpm8.2 -t accept the remapped copy, as
# lint (no reader error) does.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
# Absolute symlinks (conf.d/*.ini) into the copy; the modules link stays.
find "$C" -type l | while IFS= read -r l; do
	t=$(readlink "$l")
	case $t in
	/etc/*|/var/*|/run|/run/*|/home/*|/srv/*)
		ln -sfn "$C$t" "$l" ;;
	esac
done
# The customers live in libnss-extrausers' files, the panel's user in
# etc/passwd of the target; this machine has neither: www-data instead.
find "$C/etc/php" -name '*.conf' | while IFS= read -r f; do
	sed -i -E 's/^((listen\.)?(user|group|owner) = )(web[0-9]+|froxlorlocal)$/\1www-data/' "$f"
done
fail=0
out=$(set +u -a; APACHE_CONFDIR=$C/etc/apache2; . "$C/etc/apache2/envvars"; set +a
	apache2 -t -d "$C/etc/apache2" -f "$C/etc/apache2/apache2.conf" 2>&1)
if ! grep -q 'Syntax OK' <<<"$out"; then
	echo "apache2 -t refuses what lint accepts:"; echo "$out"; fail=1
fi
m=$C/etc/php/8.2/fpm/php-fpm.conf
out=$(php-fpm8.2 -t -y "$m" -c "$C/etc/php/8.2/fpm/php.ini" 2>&1)
if ! grep -q 'test is successful' <<<"$out"; then
	echo "php-fpm8.2 -t refuses $m:"; echo "$out"; fail=1
fi
exit $fail
