# FreeBSD oracle: this machine's apache2 -t (ServerRoot /usr/local of the
# copy, www/apache24's libexec/apache24 linked to Debian's modules) and
# php-fpm8.2 -t accept the copy, with the -DNOHTTPACCEPT the rc script
# passes (rc.conf leaves apache24_http_accept_enable unset).
. "$PF_SRC/tests/rules/panel_oracle.sh"
h=$C/usr/local
# Debian's apache2 builds these in ('built-in and can't be loaded'); the
# port builds them as shared modules.
sed -i -E 's/^LoadModule (log_config|unixd|version)_module/#&/' \
	"$h/etc/apache24/httpd.conf"
# The ServerRoot line has no trailing slash (pf_remap leaves it).
sed -i "s|^ServerRoot \"/usr/local\"|ServerRoot \"$h\"|" "$h/etc/apache24/httpd.conf"
# User www (uid 80) is FreeBSD's; this machine has www-data.
sed -i -E 's/^(User|Group) www$/\1 www-data/' "$h/etc/apache24/httpd.conf"
sed -i -E 's/^(user|group) = www$/\1 = www-data/' "$h/etc/php-fpm.d/www.conf"
# The stock error_log (log/php-fpm.log below /var) would be this
# machine's /var/log: into the copy.
sed -i "s|^\[global\]|&\nerror_log = $C/var/log/php-fpm.log|" "$h/etc/php-fpm.conf"
po_syntax_ok "$(apache2 -t -D NOHTTPACCEPT -d "$h" -f "$h/etc/apache24/httpd.conf" 2>&1)"
po_fpm "$h/etc/php-fpm.conf" "$h/etc/php.ini"
exit $fail
