# Froxlor oracle: apache2 -t and php-fpm8.2 -t accept the remapped copy, as
# lint (no reader error) does.
. "$PF_SRC/tests/rules/panel_oracle.sh"
po_links
# The customers live in libnss-extrausers' files, the panel's user in
# etc/passwd of the target; this machine has neither: www-data instead.
find "$C/etc/php" -name '*.conf' | while IFS= read -r f; do
	sed -i -E 's/^((listen\.)?(user|group|owner) = )(web[0-9]+|froxlorlocal)$/\1www-data/' "$f"
done
po_apache_debian
po_fpm "$C/etc/php/8.2/fpm/php-fpm.conf" "$C/etc/php/8.2/fpm/php.ini"
exit $fail
