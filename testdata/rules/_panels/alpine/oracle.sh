# Alpine oracle: this machine's apache2 -t (ServerRoot /var/www of the
# copy, its modules link pointed at Debian's modules) and php-fpm8.2 -t
# accept the copy.
. "$PF_SRC/tests/rules/panel_oracle.sh"
# the package's /var/www/{logs,run} links, into the copy
po_links
ln -sfn /usr/lib/apache2/modules "$C/var/www/modules"
a=$C/etc/apache2
# Debian's apache2 builds these in ('built-in and can't be loaded');
# Alpine's are shared modules.
sed -i -E 's/^LoadModule (log_config|unixd|version)_module/#&/' \
	"$a/httpd.conf"
# User apache (the apache2 package's) and group nobody are Alpine's;
# this machine has www-data and nogroup.
sed -i -E 's/^(User|Group) apache$/\1 www-data/' "$a/httpd.conf"
sed -i -E 's/^group = nobody$/group = nogroup/' \
	"$C/etc/php82/php-fpm.d/www.conf"
# The default error_log (log/php-fpm.log below /var) would be this
# machine's /var/log: into the copy.
sed -i "s|^\[global\]|&\nerror_log = $C/var/log/php82/error.log|" \
	"$C/etc/php82/php-fpm.conf"
po_apache "$C/var/www" "$a/httpd.conf"
po_fpm "$C/etc/php82/php-fpm.conf" "$C/etc/php82/php.ini"
exit $fail
