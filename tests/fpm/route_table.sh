# route_table.sh - sourced by the TCP route oracles (tcp_route_oracle.sh,
# name_route_oracle.sh): one php-fpm8.2 pool per key of HOST, listening on
# HOST[key]:its own port (PP[key]); one name-based vhost per route of
# ROUTES ("name,pool,host Apache connects to,expected status" words), its
# PHP handler fcgi://host:PP[pool]; then Apache's answer to each vhost's
# /index.php against the expected status, and lint's route-no-pool on the
# handler's line (LINE[name]) against a 503.  Sets bad=1 on a
# disagreement; the caller has run pf_fpm_oracle_start and set PORT,
# HOST and ROUTES.
declare -A PP LINE
route_table() {
	local p r name pool host want got says
	{
		printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
		for p in "${!HOST[@]}"; do
			PP[$p]=$(pf_free_port)
			printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s:%s\npm = static\npm.max_children = 1\n' \
				"$p" "${HOST[$p]}" "${PP[$p]}"
		done
	} > "$T/fpm.conf"
	mkdir -p "$T/logs"
	{
		pf_apache_head "$T" "$PORT" proxy proxy_fcgi
		printf 'DocumentRoot "%s"\n<Directory "%s">\n    Require all granted\n</Directory>\n' "$T" "$T"
	} > "$T/httpd.conf"
	for r in $ROUTES; do
		IFS=, read -r name pool host want <<< "$r"
		mkdir -p "$T/$name"
		echo '<?php echo "ok";' > "$T/$name/index.php"
		# a name-based vhost each, its PHP handler for the whole
		# DocumentRoot
		printf '<VirtualHost 127.0.0.1:%s>\n    ServerName %s.test\n    DocumentRoot "%s/%s"\n    <FilesMatch "\\.php$">\n' \
			"$PORT" "$name" "$T" "$name" >> "$T/httpd.conf"
		LINE[$name]=$(($(wc -l < "$T/httpd.conf") + 1))
		printf '        SetHandler "proxy:fcgi://%s:%s"\n    </FilesMatch>\n</VirtualHost>\n' "$host" "${PP[$pool]}" >> "$T/httpd.conf"
	done
	php-fpm8.2 -F -y "$T/fpm.conf" 2>>"$T/logs/fpm.out" &
	echo $! >> "$T/pids"
	for _ in $(seq 300); do [ -f "$T/fpm.pid" ] && break; sleep 0.01; done
	sleep 0.3
	pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
	"$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$T/httpd.conf" --fpm "$T/fpm.conf" --php-ini /dev/null \
		> "$T/lint.out" 2>&1
	bad=0
	for r in $ROUTES; do
		IFS=, read -r name pool host want <<< "$r"
		got=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $name.test" "http://127.0.0.1:$PORT/index.php")
		[ "$got" = "$want" ] || { echo "FAIL: $name ($host to pool $pool on ${HOST[$pool]}): Apache answered $got, the test expects $want"; bad=1; }
		says=$(grep -c "httpd.conf:${LINE[$name]}:.*\[route-no-pool\]" "$T/lint.out")
		if [ "$got" = 503 ] && [ "$says" = 0 ]; then
			echo "FAIL: $name ($host to ${HOST[$pool]}): 503 from Apache, lint links the route to pool $pool"
			bad=1
		elif [ "$got" != 503 ] && [ "$says" != 0 ]; then
			echo "FAIL: $name ($host to ${HOST[$pool]}): $got from Apache, lint says route-no-pool"
			bad=1
		fi
	done
}
