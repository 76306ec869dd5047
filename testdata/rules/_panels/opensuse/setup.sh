# openSUSE: what apache2, apache2-prefork and php8-fpm create beside their
# files.  The modules live in /usr/lib64/apache2-prefork (the MPM
# package's), with /usr/lib64/apache2/mod_X.so alternatives links; this
# machine's Debian modules stand in.  The sites' document roots and the
# directories the configuration names.
mkdir -p usr/lib64 srv/www/htdocs srv/www/cgi-bin \
	srv/www/vhosts/example.com srv/www/vhosts/blog.example.org \
	var/log/apache2 var/lib/apache2 var/cache/apache2 run \
	var/lib/php8/sessions usr/share/apache2/icons usr/share/apache2/error
ln -sfn /usr/lib/apache2/modules usr/lib64/apache2-prefork
ln -sfn /usr/lib/apache2/modules usr/lib64/apache2
echo '<html><body><h1>It works!</h1></body></html>' > srv/www/htdocs/index.html
echo '<?php phpinfo();' > srv/www/vhosts/example.com/index.php
echo '<?php echo "blog";' > srv/www/vhosts/blog.example.org/index.php
