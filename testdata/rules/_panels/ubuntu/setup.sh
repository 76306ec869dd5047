# Ubuntu 24.04: what the apache2 and php8.3-fpm/php8.1-fpm packages make
# beside their conffiles (the module directory, /var/log/apache2, /run/php
# from the php-fpm tmpfiles.d), /var/www/html, and the two sites' document
# roots as the admin made them: example.com's root-owned (mkdir -p as
# root), legacy.example.org's handed to www-data as the widely copied
# "multiple PHP versions on Ubuntu" recipe says (chown -R www-data:www-data).
# The module files are this machine's (Debian's) build: a link --root
# resolves to itself ends on the host.
mkdir -p usr/lib/apache2 var/log/apache2 var/run/apache2 var/lock/apache2 \
	run/php var/www/html var/www/example.com/public \
	var/www/legacy.example.org
ln -sfn /usr/lib/apache2/modules usr/lib/apache2/modules
chown -R 33:33 var/www/legacy.example.org
