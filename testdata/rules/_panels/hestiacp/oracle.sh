# HestiaCP oracle: apache2 -t and php-fpm8.2 -t (the 8.2 and 8.1 masters)
# accept the remapped copy, as lint (no reader error) does.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
# Absolute symlinks (conf.d/domains/DOMAIN.conf -> /home/USER/conf/web/
# DOMAIN/apache2.conf, conf.d/*.ini) into the copy; the modules link stays.
find "$C" -type l | while IFS= read -r l; do
	t=$(readlink "$l")
	case $t in
	/etc/*|/var/*|/run|/run/*|/home/*|/srv/*)
		ln -sfn "$C$t" "$l" ;;
	esac
done
# Users and groups this machine lacks: www-data instead.
find "$C/etc/php" -name '*.conf' | while IFS= read -r f; do
	sed -i -E 's/^((listen\.)?(user|group|owner) = )(admin|bob|hestiamail)$/\1www-data/' "$f"
done
# No suexec binary on this machine: SuexecUserGroup would be refused
# ('suEXEC is disabled'); HestiaCP's vhosts only carry it commented out.
[ -x /usr/lib/apache2/suexec ] || rm -f "$C/etc/apache2/mods-enabled/suexec.load"
# HestiaCP's php-fpm.conf says log_level = error, which also silences
# -t's 'test is successful' and -tt's dump: notice in the copy.
sed -i 's/^log_level = error$/log_level = notice/' "$C"/etc/php/*/fpm/php-fpm.conf
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
# dummy.conf and www.conf both open [www]: php-fpm reads them as one pool
# (fpm_conf.c's section lookup), the later listen winning - as lint does.
out=$(php-fpm8.2 -tt -y "$C/etc/php/8.2/fpm/php-fpm.conf" 2>&1)
if [ "$(grep -c '\[www\]' <<<"$out")" -ne 1 ] ||
    ! grep -q "listen = $C/run/php/www.sock" <<<"$out"; then
	echo "php-fpm8.2 -tt: [www] is not one pool on www.sock:"; echo "$out"; fail=1
fi
exit $fail
