# Gentoo: what www-servers/apache and dev-lang/php[fpm] create beside
# their config files, and what an admin following the Gentoo wiki adds.
# ServerRoot /usr/lib64/apache2 holds modules/ (the package's module
# directory; this machine's Debian modules stand in), build/; logs live in
# /var/log/apache2 (httpd.conf and modules.d name them absolutely);
# the ebuild's tmpfiles.d/apache.conf makes /run/apache2 and
# /run/apache_ssl_mutex (40_mod_ssl.conf's Mutex directory: apache2 -t
# refuses a missing one).
mkdir -p usr/lib64/apache2 var/log/apache2 var/lib/dav run \
	var/www/localhost/htdocs var/www/localhost/cgi-bin \
	var/www/example.com/htdocs var/www/blog.example.org/htdocs \
	var/run/php-fpm etc/ssl/apache2 run/apache2 run/apache_ssl_mutex
ln -sfn /usr/lib/apache2/modules usr/lib64/apache2/modules
echo '<html><body><h1>It works!</h1></body></html>' \
	> var/www/localhost/htdocs/index.html
echo '<?php phpinfo();' > var/www/example.com/htdocs/index.php
echo '<?php echo "blog";' > var/www/blog.example.org/htdocs/index.php
# pkg_postinst's install_cert (USE=ssl): a self-signed pair; apache2 -t
# only needs the files to exist and be non-empty.
printf 'placeholder certificate\n' > etc/ssl/apache2/server.crt
printf 'placeholder key\n' > etc/ssl/apache2/server.key
chmod 0600 etc/ssl/apache2/server.key
# dev-lang/php: opcache enabled in ext-active/ by a link to ext/
mkdir -p etc/php/fpm-php8.2/ext-active	# git keeps no empty directory
ln -sfn ../ext/opcache.ini etc/php/fpm-php8.2/ext-active/opcache.ini
