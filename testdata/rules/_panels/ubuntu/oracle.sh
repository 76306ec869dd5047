# Ubuntu 24.04 oracle: apache2 -t (envvars sourced) and php-fpm8.2 -t on
# both masters (8.3's and the PPA's 8.1: the same php-fpm syntax) accept
# the remapped copy, as lint does.
. "$PF_SRC/tests/rules/panel_oracle.sh"
po_links
po_apache_debian
for v in 8.3 8.1; do
	po_fpm "$C/etc/php/$v/fpm/php-fpm.conf" "$C/etc/php/$v/fpm/php.ini"
done
exit $fail
