# RHEL 9 + Remi oracle: this machine's apache2 -t and php-fpm8.2 -t (for
# both masters: the 7.4 pool file is plain php-fpm syntax) accept the copy.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
h=$C/etc/httpd
# Debian's modules stand in for RHEL's; what Debian builds in or lacks
# (log_config, logio, unixd, version, watchdog; mod_systemd, ...) is
# left out of the copy.
ln -sfn /usr/lib/apache2/modules "$h/modules"
ln -sfn "$C/run/httpd" "$h/run"
builtin=$(apache2 -l | sed -n 's/^ *mod_\(.*\)\.c$/\1/p')
for f in "$h"/conf.modules.d/*.conf; do
	while read -r id so; do
		m=${so##*/mod_}; m=${m%.so}
		if [ ! -e "/usr/lib/apache2/modules/${so##*/}" ] ||
		    grep -qx "$m" <<<"$builtin"; then
			sed -i "s|^\([[:space:]]*\)LoadModule $id |\1#LoadModule $id |" "$f"
		fi
	done < <(sed -n 's/^[[:space:]]*LoadModule \([^ ]*\) \([^ ]*\)$/\1 \2/p' "$f")
done
# Users this machine lacks: www-data instead.
grep -rlE '\b(apache|nginx)\b' "$C/etc/httpd/conf" "$C/etc/opt" |
while IFS= read -r f; do
	sed -i -E 's/^(User|Group) apache$/\1 www-data/; s/^(user|group) = apache$/\1 = www-data/; s/^listen.acl_users = .*/listen.acl_users = www-data/' "$f"
done
fail=0
out=$(apache2 -t -d "$h" -f "$h/conf/httpd.conf" 2>&1)
if ! grep -q 'Syntax OK' <<<"$out"; then
	echo "apache2 -t refuses what lint accepts:"; echo "$out"; fail=1
fi
for v in 82 74; do
	out=$(php-fpm8.2 -t -n -y "$C/etc/opt/remi/php$v/php-fpm.conf" 2>&1)
	if ! grep -q 'test is successful' <<<"$out"; then
		echo "php-fpm8.2 -t refuses php$v:"; echo "$out"; fail=1
	fi
done
exit $fail
