# FreeBSD 14: www/apache24's modules (this machine's in their place:
# ServerRoot /usr/local, LoadModule libexec/apache24/mod_*.so), the
# directories the packages make (log files sit directly in /var/log), the
# sites' document roots and the phpMyAdmin port's directory.
mkdir -p usr/local/libexec var/log var/run usr/local/www/apache24/data \
	usr/local/www/apache24/cgi-bin usr/local/www/example.com \
	usr/local/www/blog.example.org usr/local/www/phpMyAdmin
ln -sfn /usr/lib/apache2/modules usr/local/libexec/apache24
printf '<html><body><h1>It works!</h1></body></html>\n' \
	> usr/local/www/apache24/data/index.html
printf '<?php phpinfo();\n' > usr/local/www/example.com/index.php
printf '<?php echo "blog";\n' > usr/local/www/blog.example.org/index.php
printf '<?php echo "pma";\n' > usr/local/www/phpMyAdmin/index.php
