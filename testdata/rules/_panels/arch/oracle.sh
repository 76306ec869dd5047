# Arch Linux oracle: this machine's apache2 -t (ServerRoot /etc/httpd as
# Arch's httpd.conf says) and php-fpm8.2 -t accept the copy, as lint does.
. "$PF_SRC/tests/rules/panel_oracle.sh"
h=$C/etc/httpd
# Debian's modules stand in for Arch's (--enable-mods-shared=all: only
# core, mod_so and http_core are built in there); the ones Debian
# compiles in (log_config, unixd, version, ...) are left out of the copy.
ln -sfn /usr/lib/apache2/modules "$h/modules"
f=$h/conf/httpd.conf
po_local_modules "$f"
# The http user and group this machine lacks: www-data instead.
sed -i -E 's/^(User|Group) http$/\1 www-data/' "$f"
sed -i -E 's/^((listen\.)?(user|group|owner)) = http$/\1 = www-data/' \
	"$C/etc/php/php-fpm.d/www.conf"
po_apache "$h" "$f"
po_fpm "$C/etc/php/php-fpm.conf" "$C/etc/php/php.ini"
exit $fail
