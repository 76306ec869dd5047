# docker-httpd oracle: the same two images as docker-compose (httpd:2.4,
# php:8.2-fpm), so the same check: apache2 -t and php-fpm8.2 -t accept
# the copy.
. "$(dirname "$0")/../docker-compose/oracle.sh"
