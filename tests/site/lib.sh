# lib.sh - sourced by the site tests: compile a description into a private
# tree and run the real apache2 and php-fpm8.2 on what comes out, with
# every path (ServerRoot, PidFile, Mutex, logs, sockets) in the test's temp
# dir, so nothing under /etc is read or written.
#
#   site_compile ROOT ARGS...    compile with --remap-root ROOT and
#                                --user-map '*=www-data'
#   site_prepare ROOT            create the folders, logs, docroots and
#                                certificates the emitted files mention
#   apache_wrapper ROOT PORT OUT FILE...  a private httpd.conf including FILE...
#   fpm_wrapper ROOT OUT FILE...          a private php-fpm.conf including FILE...

MODDIR=/usr/lib/apache2/modules
FPM=php-fpm8.2

site_compile() {
	root=$1
	shift
	"$PROXYFPM" compile --fail-on none --remap-root "$root" --user-map '*=www-data' "$@"
}

# Every absolute path below ROOT that the emitted files mention.
site_paths() {
	root=$1
	find "$root/etc" -type f -name '*.conf' -exec cat {} + 2>/dev/null |
		grep -o "$root/[^\"' |;:]*" | sort -u
}

site_prepare() {
	root=$1
	chmod 755 "$root"
	for p in $(site_paths "$root"); do
		case "$p" in
		*.sock) mkdir -p "$(dirname "$p")" ;;
		*.log|*_log) mkdir -p "$(dirname "$p")" ;;
		*.pem|*.crt|*.key) ;;
		*/\$1) ;;
		*.*) mkdir -p "$(dirname "$p")" ;;
		*) mkdir -p "$p" ;;
		esac
	done
	# Certificates: each certificate path gets a self-signed pair; keys
	# named in the files get the matching key.
	for f in $(find "$root/etc" -type f -name '*.conf' \
	    -exec grep -ho 'SSLCertificateFile "[^"]*"' {} + 2>/dev/null |
	    sed 's/.*"\(.*\)"/\1/' | sort -u); do
		key=$(find "$root/etc" -type f -name '*.conf' \
		    -exec grep -h -A1 "SSLCertificateFile \"$f\"" {} + |
		    sed -n 's/.*SSLCertificateKeyFile "\(.*\)"/\1/p' | head -1)
		mkdir -p "$(dirname "$f")" "$(dirname "$key")"
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		    -subj /CN=test.invalid -keyout "$key" -out "$f" \
		    >/dev/null 2>&1 || { echo "openssl failed" >&2; exit 1; }
	done
	# Apache (www-data) reads the tree.
	find "$root" -type d -exec chmod 755 {} +
}

apache_wrapper() {
	root=$1 port=$2 out=$3
	shift 3
	run="$root/apache-run"
	mkdir -p "$run/logs"
	cat > "$out" <<EOF
ServerRoot "$run"
DefaultRuntimeDir "$run"
PidFile "$run/httpd.pid"
Mutex file:$run default
ErrorLog "$run/logs/error.log"
LogLevel warn
LogFormat "%h %l %u %t \"%r\" %>s %O" combined
User www-data
Group www-data
ServerName localhost
Listen 127.0.0.1:$port
LoadModule mpm_event_module $MODDIR/mod_mpm_event.so
LoadModule authz_core_module $MODDIR/mod_authz_core.so
LoadModule authz_host_module $MODDIR/mod_authz_host.so
LoadModule dir_module $MODDIR/mod_dir.so
LoadModule mime_module $MODDIR/mod_mime.so
LoadModule alias_module $MODDIR/mod_alias.so
LoadModule headers_module $MODDIR/mod_headers.so
LoadModule socache_shmcb_module $MODDIR/mod_socache_shmcb.so
LoadModule ssl_module $MODDIR/mod_ssl.so
LoadModule http2_module $MODDIR/mod_http2.so
LoadModule proxy_module $MODDIR/mod_proxy.so
LoadModule proxy_fcgi_module $MODDIR/mod_proxy_fcgi.so
TypesConfig /etc/mime.types
EOF
	for f in "$@"; do
		echo "Include \"$f\"" >> "$out"
	done
}

fpm_wrapper() {
	root=$1 out=$2
	shift 2
	mkdir -p "$root/fpm-run"
	cat > "$out" <<EOF
[global]
pid = $root/fpm-run/php-fpm.pid
error_log = $root/fpm-run/php-fpm.log
daemonize = no
EOF
	for f in "$@"; do
		echo "include = $f" >> "$out"
	done
}
