# DirectAdmin/CustomBuild: Apache's modules are in /usr/lib/apache (this
# machine's Debian ones stand in), the directories DirectAdmin creates for
# each user and domain, the FPM socket directories.
mkdir -p usr/lib
ln -s /usr/lib/apache2/modules usr/lib/apache
mkdir -p var/log/httpd/domains var/run/php-fpm var/www/html var/www/cgi-bin \
	usr/local/php82/sockets usr/local/php81/sockets \
	home/fred/domains/fred.com/public_html/shop \
	home/fred/domains/fred.net/public_html \
	home/anna/domains/anna.org/public_html \
	home/fred/tmp home/anna/tmp home/fred/.php home/anna/.php
# DirectAdmin: homes 0711, domains/*/public_html 0755 owned by the user
chmod 0711 home/fred home/anna
# the user owns everything in the home; webapps owns /var/www/html
chown -R 1002:1002 home/fred
chown -R 1003:1003 home/anna
chown -R 1001:1001 var/www/html
