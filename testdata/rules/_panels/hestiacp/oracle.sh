# HestiaCP oracle: apache2 -t and php-fpm8.2 -t (the 8.2 and 8.1 masters)
# accept the remapped copy, as lint (no reader error) does.
. "$PF_SRC/tests/rules/panel_oracle.sh"
po_links
# Users and groups this machine lacks: www-data instead.
find "$C/etc/php" -name '*.conf' | while IFS= read -r f; do
	sed -i -E 's/^((listen\.)?(user|group|owner) = )(admin|bob|hestiamail)$/\1www-data/' "$f"
done
# HestiaCP's vhosts only carry SuexecUserGroup commented out.
po_no_suexec && rm -f "$C/etc/apache2/mods-enabled/suexec.load"
# HestiaCP's php-fpm.conf says log_level = error, which also silences
# -t's 'test is successful' and -tt's dump: notice in the copy.
sed -i 's/^log_level = error$/log_level = notice/' "$C"/etc/php/*/fpm/php-fpm.conf
po_apache_debian
for v in 8.2 8.1; do
	po_fpm "$C/etc/php/$v/fpm/php-fpm.conf" "$C/etc/php/$v/fpm/php.ini"
done
# dummy.conf and www.conf both open [www]: php-fpm reads them as one pool
# (fpm_conf.c's section lookup), the later listen winning - as lint does.
out=$(php-fpm8.2 -tt -y "$C/etc/php/8.2/fpm/php-fpm.conf" 2>&1)
if [ "$(grep -c '\[www\]' <<<"$out")" -ne 1 ] ||
    ! grep -q "listen = $C/run/php/www.sock" <<<"$out"; then
	echo "php-fpm8.2 -tt: [www] is not one pool on www.sock:"; echo "$out"; fail=1
fi
exit $fail
