# Virtualmin oracle: apache2 -t and php-fpm8.2 -t (the 8.2 and the 8.1
# master) accept the remapped copy, as lint (no reader error) does.
. "$PF_SRC/tests/rules/panel_oracle.sh"
# The domains' users this machine lacks: www-data in the pools.
sed -i -E 's/^((listen\.)?(user|group|owner) = )(example|legacy)$/\1www-data/' \
    "$C"/etc/php/*/fpm/pool.d/*.conf
# A Virtualmin server has apache2-suexec-custom.
po_no_suexec && sed -i '/^SuexecUserGroup /d' "$C"/etc/apache2/sites-available/*.conf
po_apache_debian
for v in 8.2 8.1; do
	po_fpm "$C/etc/php/$v/fpm/php-fpm.conf" "$C/etc/php/8.2/fpm/php.ini"
done
exit $fail
