# Plesk: modules of this machine, the directories Plesk creates, modes.
mkdir -p usr/lib/apache2 var
# Debian: /var/run -> /run (absolute: read below --root)
ln -sfn /run var/run
ln -sfn /usr/lib/apache2/modules usr/lib/apache2/modules
mkdir -p var/log/apache2 run/apache2 run/php var/lib/php/sessions \
	var/log/plesk-php82-fpm usr/share/awstats/icon usr/lib/mailman \
	var/www/vhosts/default/htdocs var/www/vhosts/default/cgi-bin \
	var/www/vhosts/example.com/httpdocs \
	var/www/vhosts/example.com/shop.example.com \
	var/www/vhosts/example.com/web_users
for d in example.com shop.example.com; do
	mkdir -p var/www/vhosts/system/$d/logs var/www/vhosts/system/$d/statistics \
		var/www/vhosts/system/$d/pd
done
# owner exuser:psaserv, 0710 on the webspace, 0750 on document roots
chmod 0710 var/www/vhosts/example.com
chmod 0750 var/www/vhosts/example.com/httpdocs var/www/vhosts/example.com/shop.example.com
