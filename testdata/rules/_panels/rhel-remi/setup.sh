# RHEL 9: httpd's ServerRoot links (logs, run, modules) as the package
# makes them, the directories Remi's php74/php82-php-fpm packages create,
# the two sites' document roots.
mkdir -p etc/httpd var/log/httpd run/httpd var/www/html var/www/cgi-bin \
	var/www/app.example.com/public_html \
	var/www/legacy.example.com/public_html
ln -sfn ../../var/log/httpd etc/httpd/logs
ln -sfn /run/httpd etc/httpd/run
# the modules themselves are not in the copy (only /etc and /var were)
ln -sfn ../../usr/lib64/httpd/modules etc/httpd/modules
for v in 74 82; do
	mkdir -p var/opt/remi/php$v/run/php-fpm var/opt/remi/php$v/log/php-fpm \
		var/opt/remi/php$v/lib/php/session \
		var/opt/remi/php$v/lib/php/wsdlcache
	chmod 0770 var/opt/remi/php$v/lib/php/session
done
