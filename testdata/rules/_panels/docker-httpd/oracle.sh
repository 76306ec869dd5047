# docker-httpd oracle: apache2 -t and php-fpm8.2 -t accept the copy.
. "$PF_SRC/tests/rules/panel_oracle.sh"
h=$C/usr/local/apache2
ln -sfn /usr/lib/apache2/modules "$h/modules"
# Debian's apache2 has these built in ('built-in and can't be loaded');
# the image loads them as shared modules.
sed -i -E 's/^LoadModule (log_config|unixd|version)_module/#&/' "$h/conf/httpd.conf"
po_apache "$h" "$h/conf/httpd.conf"
po_fpm "$C/usr/local/etc/php-fpm.conf"
exit $fail
