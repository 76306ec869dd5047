# cPanel EA4: /etc/apache2/modules is a symlink to the modules directory
# (/usr/lib64/apache2/modules on AlmaLinux; this machine's Debian one here).
ln -s /usr/lib/apache2/modules etc/apache2/modules
mkdir -p run/apache2 etc/apache2/logs/domlogs var/www/html \
	home/alice/logs home/bob/logs home/alice/public_html/cgi-bin \
	home/alice/public_html/shop/cgi-bin home/bob/public_html/cgi-bin \
	opt/cpanel/ea-php82/root/usr/var/run/php-fpm \
	opt/cpanel/ea-php82/root/usr/var/log/php-fpm \
	opt/cpanel/ea-php81/root/usr/var/run/php-fpm \
	opt/cpanel/ea-php81/root/usr/var/log/php-fpm
# cPanel's account homes: 0711 (Apache, as nobody, traverses into public_html)
chmod 0711 home/alice home/bob
chmod 0750 home/alice/public_html home/bob/public_html
# the account owns its home and public_html (group nobody: Apache's group)
chown -R 1001:1002 home/alice
chown -R 1002:1003 home/bob
chown 1001:99 home/alice/public_html
chown 1002:99 home/bob/public_html
