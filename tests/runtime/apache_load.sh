#!/bin/bash
# apache_load.sh - the runtime behind the REAL Apache (private config on a
# free 127.0.0.1 port, mod_proxy_fcgi with a <Proxy> worker
# enablereuse=on, so FCGI_KEEP_CONN is set and connections are reused):
# what Apache hands the runtime, then load bounded in time with wrk,
# GET and POST (the POST bodies check that STDIN is drained on kept
# connections, reference/perf-baselines.md section 7), requiring zero
# failed requests and no proxy errors in Apache's log.
. "$PF_SRC/tests/lib/need.sh"
need apache2 wrk "$PYTHON"
pf_tmpdir
fail() { echo "FAIL: $*" >&2; tail -20 "$T/apache/error.log" >&2; exit 1; }
MODS=/usr/lib/apache2/modules
chmod 755 "$T"
mkdir -p "$T/dr/uploads" "$T/apache/run"
echo '<?php echo "ok";' > "$T/dr/index.php"
echo '<?php' > "$T/dr/uploads/evil.jpg"
port=$(pf_free_port)

"$PROXYFPM" serve --listen "unix:$T/rt.sock" --socket-mode 0666 -q \
	2>"$T/serve.log" &
rtpid=$!
echo $rtpid >> "$T/pids"

cat > "$T/apache/httpd.conf" <<EOF
ServerRoot "$T/apache"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$T/apache/run/httpd.pid"
DefaultRuntimeDir "$T/apache/run"
Mutex file:$T/apache/run default
ErrorLog "$T/apache/error.log"
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module $MODS/mod_mpm_event.so
LoadModule authz_core_module $MODS/mod_authz_core.so
LoadModule proxy_module $MODS/mod_proxy.so
LoadModule proxy_fcgi_module $MODS/mod_proxy_fcgi.so
StartServers 2
ServerLimit 2
ThreadsPerChild 32
ThreadLimit 32
MaxRequestWorkers 64
KeepAlive On
DocumentRoot "$T/dr"
<Directory "$T/dr">
    Require all granted
</Directory>
<Proxy "unix:$T/rt.sock|fcgi://pf-runtime">
    ProxySet enablereuse=on max=4
</Proxy>
<FilesMatch "\.php$">
    SetHandler "proxy:unix:$T/rt.sock|fcgi://pf-runtime"
</FilesMatch>
# ProxyPassMatch sends the whole path: the runtime walks back (fix_pathinfo)
ProxyPassMatch "^/ppm/(.*\.php(/.*)?)$" "unix:$T/rt.sock|fcgi://pf-runtime$T/dr/\$1"
EOF
apache2 -f "$T/apache/httpd.conf" -t 2>"$T/t.log" || { cat "$T/t.log"; fail "apache2 -t"; }
apache2 -f "$T/apache/httpd.conf" -DFOREGROUND 2>>"$T/apache/error.log" &
echo $! >> "$T/pids"
# Both must be up: Apache can answer before the runtime has bound its
# socket on a loaded machine (the check below failed once that way).
for _ in $(seq 300); do
	[ -S "$T/rt.sock" ] &&
	    "$PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
	sleep 0.01
done
[ -S "$T/rt.sock" ] || fail "runtime socket"

# What the runtime saw through Apache.
"$PYTHON" - "$port" "$T" <<'EOF' || fail "functional checks"
import http.client, json, sys
port, T = int(sys.argv[1]), sys.argv[2]
def get(path, method="GET", body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, body=body)
    r = c.getresponse()
    return r.status, r.read(), r
s, b, r = get("/index.php?x=1")
d = json.loads(b)
assert s == 200 and d["verdict"] == "execute", (s, b)
assert d["script"] == T + "/dr/index.php", d["script"]
assert d["params"]["SCRIPT_FILENAME"] == "proxy:fcgi://pf-runtime" + T + "/dr/index.php"
assert d["params"]["QUERY_STRING"] == "x=1"
assert "proxy-nokeepalive" not in d["params"]        # a reusing worker
assert r.getheader("X-Proxyfpm-Verdict") == "execute"
# ProxyPassMatch + fix_pathinfo: evil.jpg found, denied by limit_extensions
s, b, r = get("/ppm/uploads/evil.jpg/x.php")
assert s == 403 and json.loads(b)["script"] == T + "/dr/uploads/evil.jpg", (s, b)
s, b, r = get("/ppm/missing.php")
assert s == 404 and json.loads(b)["message"] == "File not found.", (s, b)
s, b, r = get("/index.php", "POST", b"y" * 100000)
assert s == 200 and json.loads(b)["stdin_bytes"] == 100000, (s, b[:200])
print("functional: ok")
EOF

cat > "$T/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = string.rep("p", 20000)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF
check_wrk() {	# check_wrk LABEL OUTPUT
	echo "$1: $(grep -E 'requests in|Requests/sec' "$2" | tr -s ' ' | tr '\n' ' ')"
	grep -q "Non-2xx" "$2" && fail "$1: non-2xx responses"
	grep -q "Socket errors" "$2" && fail "$1: socket errors"
	n=$(awk '/requests in/ {print $1}' "$2")
	[ "${n:-0}" -gt 100 ] || fail "$1: only ${n:-0} requests"
}
wrk -t1 -c16 -d3s "http://127.0.0.1:$port/index.php" > "$T/w1.txt" 2>&1
check_wrk "GET c16" "$T/w1.txt"
wrk -t1 -c16 -d2s -s "$T/post.lua" "http://127.0.0.1:$port/index.php" \
	> "$T/w2.txt" 2>&1
check_wrk "POST 20k c16" "$T/w2.txt"
# AH01071 is FCGI_STDERR, logged as FPM's would be; any other proxy
# error (bad header, reset, timeout, connect) is a failure.
grep -q "AH01071: Got error 'Primary script unknown'" "$T/apache/error.log" ||
	fail "the runtime's stderr did not reach Apache's log"
if grep -E "AH010(6[0-9]|7[02-9])|AH00957|AH01079|AH01102" \
	"$T/apache/error.log"; then
	fail "proxy errors in Apache's log"
fi
kill -0 $rtpid || fail "runtime died"
kill -TERM $rtpid
wait $rtpid || fail "runtime exit code"
echo "apache_load: ok"
