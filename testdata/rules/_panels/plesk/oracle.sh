# Plesk oracle: apache2 -t and php-fpm8.2 -t (both masters) accept the
# remapped copy, as lint (no reader error) does.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
# Absolute symlinks (Plesk's vhosts/DOMAIN.conf, /var/run) into the copy;
# the modules link stays on this machine's files.
find "$C" -type l | while IFS= read -r l; do
	t=$(readlink "$l")
	case $t in
	/etc/*|/var/*|/run|/run/*|/opt/*|/usr/local/*|/home/*|/srv/*)
		ln -sfn "$C$t" "$l" ;;
	esac
done
# Users this machine lacks: www-data instead.
grep -rlE 'exuser|psacln|psaserv' "$C/etc" "$C/opt" "$C/var/www/vhosts/system" |
while IFS= read -r f; do
	sed -i -E 's/\b(exuser|psacln|psaserv)\b/www-data/g' "$f"
done
# apache2 checks its compiled-in /usr/lib/apache2/suexec (Plesk installs
# apache2-suexec-custom; this machine has none): without the binary
# SuexecUserGroup is 'configured, but suEXEC is disabled'.  The copy runs
# without mod_suexec here.
[ -x /usr/lib/apache2/suexec ] || rm -f "$C/etc/apache2/mods-enabled/suexec.load"
fail=0
out=$(set +u -a; APACHE_CONFDIR=$C/etc/apache2; . "$C/etc/apache2/envvars"; set +a
	apache2 -t -d "$C/etc/apache2" -f "$C/etc/apache2/apache2.conf" 2>&1)
if ! grep -q 'Syntax OK' <<<"$out"; then
	echo "apache2 -t refuses what lint accepts:"; echo "$out"; fail=1
fi
for m in "$C/opt/plesk/php/8.2/etc/php-fpm.conf" "$C/etc/php/8.2/fpm/php-fpm.conf"; do
	out=$(php-fpm8.2 -t -y "$m" -c "$C/etc/php/8.2/fpm/php.ini" 2>&1)
	if ! grep -q 'test is successful' <<<"$out"; then
		echo "php-fpm8.2 -t refuses $m:"; echo "$out"; fail=1
	fi
done
exit $fail
