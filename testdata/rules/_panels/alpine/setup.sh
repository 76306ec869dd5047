# Alpine 3.20: ServerRoot /var/www with the apache2 package's links
# (modules -> /usr/lib/apache2, logs -> /var/log/apache2, run ->
# /run/apache2), this machine's modules standing in for
# /usr/lib/apache2, /var/log/php82 (php82-fpm), the document roots.
mkdir -p var/www/localhost/htdocs var/www/localhost/cgi-bin usr/lib \
	var/log/apache2 run/apache2 var/log/php82 \
	var/www/example.com/htdocs var/www/shop.example.net/htdocs
ln -sfn /usr/lib/apache2/modules usr/lib/apache2
ln -sfn /var/log/apache2 var/www/logs
ln -sfn /run/apache2 var/www/run
ln -sfn /usr/lib/apache2 var/www/modules
printf '<html><body><h1>It works!</h1></body></html>\n' \
	> var/www/localhost/htdocs/index.html
printf '<?php phpinfo();\n' > var/www/example.com/htdocs/index.php
printf '<?php echo "shop";\n' > var/www/shop.example.net/htdocs/index.php
