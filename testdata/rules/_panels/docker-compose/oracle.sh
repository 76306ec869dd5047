# docker-compose oracle: apache2 -t and php-fpm8.2 -t accept the copy.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
h=$C/usr/local/apache2
ln -sfn /usr/lib/apache2/modules "$h/modules"
# Debian's apache2 has these built in ('built-in and can't be loaded');
# the image loads them as shared modules.
sed -i -E 's/^LoadModule (log_config|unixd|version)_module/#&/' "$h/conf/httpd.conf"
fail=0
out=$(apache2 -t -d "$h" -f "$h/conf/httpd.conf" 2>&1)
if ! grep -q 'Syntax OK' <<<"$out"; then
	echo "apache2 -t refuses what lint accepts:"; echo "$out"; fail=1
fi
out=$(php-fpm8.2 -t -n -y "$C/usr/local/etc/php-fpm.conf" 2>&1)
if ! grep -q 'test is successful' <<<"$out"; then
	echo "php-fpm8.2 -t refuses it:"; echo "$out"; fail=1
fi
exit $fail
