# RHEL 9 + Remi oracle: this machine's apache2 -t and php-fpm8.2 -t (for
# both masters: the 7.4 pool file is plain php-fpm syntax) accept the copy.
. "$PF_SRC/tests/rules/panel_oracle.sh"
h=$C/etc/httpd
# Debian's modules stand in for RHEL's; what Debian builds in or lacks
# (log_config, logio, unixd, version, watchdog; mod_systemd, ...) is
# left out of the copy.
ln -sfn /usr/lib/apache2/modules "$h/modules"
ln -sfn "$C/run/httpd" "$h/run"
po_local_modules "$h"/conf.modules.d/*.conf
# Users this machine lacks: www-data instead.
grep -rlE '\b(apache|nginx)\b' "$C/etc/httpd/conf" "$C/etc/opt" |
while IFS= read -r f; do
	sed -i -E 's/^(User|Group) apache$/\1 www-data/; s/^(user|group) = apache$/\1 = www-data/; s/^listen.acl_users = .*/listen.acl_users = www-data/' "$f"
done
po_apache "$h" "$h/conf/httpd.conf"
for v in 82 74; do
	po_fpm "$C/etc/opt/remi/php$v/php-fpm.conf"
done
exit $fail
