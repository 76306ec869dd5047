# Arch Linux: what the apache and php-fpm packages make beside their
# conffiles (PKGBUILD package(): /etc/httpd/modules ->
# /usr/lib/httpd/modules; tmpfiles.d: /run/httpd, /run/php-fpm), the log
# directory, /srv/http (filesystem package) and the two sites' document
# roots.  The module files are this machine's (Debian's) build, reached as
# HestiaCP's panel does: a link --root resolves to itself ends on the host.
mkdir -p etc/httpd usr/lib/httpd usr/lib/apache2 var/log/httpd run/httpd \
	run/php-fpm srv/http/cgi-bin srv/http/example.com srv/http/example.org \
	srv/http/wiki
ln -sfn /usr/lib/apache2/modules usr/lib/apache2/modules
ln -sfn ../apache2/modules usr/lib/httpd/modules
ln -sfn /usr/lib/httpd/modules etc/httpd/modules
