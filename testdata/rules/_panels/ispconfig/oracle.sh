# ISPConfig oracle: apache2 -t and php-fpm8.2 -t (the 8.2 and the
# additional 8.1 master) accept the remapped copy, as lint (no reader
# error) does.
. "$PF_SRC/tests/rules/panel_oracle.sh"
po_links
# Users and groups this machine lacks: www-data instead.
grep -rlE '\b(web[0-9]+|client[0-9]+)\b' "$C/etc/apache2/sites-available" \
    "$C/etc/php" | while IFS= read -r f; do
	sed -i -E 's/^((listen\.)?(user|group|owner) = )(web|client)[0-9]+$/\1www-data/;
		s/(SuexecUserGroup|AssignUserId) web[0-9]+ client[0-9]+/\1 www-data www-data/' "$f"
done
# An ISPConfig server has apache2-suexec-pristine.
po_no_suexec && rm -f "$C/etc/apache2/mods-enabled/suexec.load"
po_apache_debian
for v in 8.2 8.1; do
	po_fpm "$C/etc/php/$v/fpm/php-fpm.conf" "$C/etc/php/$v/fpm/php.ini"
done
exit $fail
