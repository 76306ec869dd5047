# Plesk oracle: apache2 -t and php-fpm8.2 -t (both masters) accept the
# remapped copy, as lint (no reader error) does.
. "$PF_SRC/tests/rules/panel_oracle.sh"
po_links
# Users this machine lacks: www-data instead.
grep -rlE 'exuser|psacln|psaserv' "$C/etc" "$C/opt" "$C/var/www/vhosts/system" |
while IFS= read -r f; do
	sed -i -E 's/\b(exuser|psacln|psaserv)\b/www-data/g' "$f"
done
# Plesk installs apache2-suexec-custom.
po_no_suexec && rm -f "$C/etc/apache2/mods-enabled/suexec.load"
po_apache_debian
for m in "$C/opt/plesk/php/8.2/etc/php-fpm.conf" "$C/etc/php/8.2/fpm/php-fpm.conf"; do
	po_fpm "$m" "$C/etc/php/8.2/fpm/php.ini"
done
exit $fail
