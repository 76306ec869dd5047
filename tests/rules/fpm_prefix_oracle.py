#!/usr/bin/python3
"""fpm_prefix_oracle.py - rule fpm-ini-relative-path against php-fpm8.2.

php-fpm puts its prefix before a relative value of the path settings of
FPM_PHP_INI_TO_EXPAND (docs/rules/fpm-ini-relative-path.md).  For each
case a private pool file is checked twice:

  1. php-fpm8.2 -tt prints the pool's php_value/php_admin_value lines as
     the workers get them; proxyfpm lint must report the rule at the
     value's line exactly when php-fpm changed the value, and name the
     same path ("runs with KEY = PATH (");
  2. one pool is started (php-fpm8.2 -F on a private socket in $T) and a
     worker's ini_get() of each setting, asked over FastCGI, must equal
     the path in the finding too.

Usage: fpm_prefix_oracle.py TMPDIR (from fpm_prefix_oracle.sh, which
removes TMPDIR and stops every PID listed in TMPDIR/pids).
"""
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time

PROXYFPM = os.environ.get("PROXYFPM", "proxyfpm")
FPM = "php-fpm8.2"
RULE = "fpm-ini-relative-path"
T = sys.argv[1]
fails = []

# (name, pool lines before the one under test, the line under test,
#  key, php-fpm -p or None, finding expected)
CASES = [
    ("number", [], "php_admin_value[sendmail_path] = 32767",
     "sendmail_path", None, True),
    ("constexpr", [], "php_admin_value[sendmail_path] = ~~E_ALL",
     "sendmail_path", None, True),
    ("php-value-syslog", [], "php_value[error_log] = syslog",
     "error_log", None, True),
    ("admin-syslog", [], "php_admin_value[error_log] = SysLog",
     "error_log", None, False),
    ("empty", [], 'php_admin_value[extension_dir] = ""',
     "extension_dir", None, True),
    ("flag", [], "php_admin_flag[soap.wsdl_cache_dir] = on",
     "soap.wsdl_cache_dir", None, True),
    ("cookie", [], "php_value[session.cookie_path] = app/x",
     "session.cookie_path", None, True),
    ("spaces", [], 'php_admin_value[sendmail_path] = "sendmail -t -i"',
     "sendmail_path", None, True),
    ("dollar", [], "php_admin_value[error_log] = '$prefix/log/$pool.err'",
     "error_log", None, True),
    ("absolute", [], "php_admin_value[sendmail_path] = /usr/sbin/sendmail",
     "sendmail_path", None, False),
    ("save-path", [], "php_admin_value[session.save_path] = rel/sess",
     "session.save_path", None, False),
    ("pool-prefix", ["prefix = %s/pfx" % T],
     "php_admin_value[error_log] = logs/php.err", "error_log", None, True),
    ("relative-pool-prefix", ["prefix = pfx"],
     "php_admin_value[error_log] = logs/php.err", "error_log", T, True),
    ("dash-p", [], "php_admin_value[xdebug.output_dir] = out",
     "xdebug.output_dir", T, True),
    ("chroot", ["chroot ="], "php_admin_value[error_log] = logs/php.err",
     "error_log", None, False),
]


def pool_file(name, pre, lines, listen):
    path = os.path.join(T, name + ".conf")
    with open(path, "w") as f:
        f.write("[global]\nerror_log = %s/%s.log\npid = %s/%s.pid\n"
                "daemonize = no\n" % (T, name, T, name))
        f.write("[%s]\nuser = www-data\ngroup = www-data\n" % name)
        for l in pre:
            f.write(l + "\n")
        f.write("listen = %s\npm = static\npm.max_children = 1\n" % listen)
        first = 11 + len(pre)
        for l in lines:
            f.write(l + "\n")
    return path, first


def fpm_tt(conf, prefix):
    args = [FPM, "-tt", "-y", conf] + (["-p", prefix] if prefix else [])
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        fails.append("%s: php-fpm8.2 -tt exits %d:\n%s" % (
            conf, r.returncode, r.stderr))
        return {}
    vals = {}
    for l in r.stderr.splitlines():
        m = re.search(r"NOTICE: \t(php_(?:admin_)?value)\[([^]]+)\] = (.*)$",
                      l)
        if m:
            vals[(m.group(1), m.group(2))] = m.group(3)
    return vals


def lint(conf, prefix):
    args = [PROXYFPM, "lint", "--no-config", "--fpm", conf,
            "--format", "json", "--no-redact"] + (["--fpm-prefix", prefix] if prefix else [])
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        fails.append("%s: lint exits %d:\n%s%s" % (conf, r.returncode,
                                                   r.stdout, r.stderr))
        return []
    return [f for f in json.loads(r.stdout)["findings"] if f["id"] == RULE]


def finding_path(f, key):
    m = re.search(r"runs with %s = (.*) \(" % re.escape(key), f["message"])
    return m.group(1) if m else None


def kind_of(line):
    return "php_admin_value" if line.startswith("php_admin_") else \
        "php_value"


os.makedirs(os.path.join(T, "pfx"))
for name, pre, line, key, prefix, fires in CASES:
    conf, first = pool_file(name, pre, [line], "%s/%s.sock" % (T, name))
    shown = fpm_tt(conf, prefix).get((kind_of(line), key))
    found = lint(conf, prefix)
    written = re.sub(r"^[^=]*= ", "", line).strip("\"'")
    if shown is None:
        fails.append("%s: php-fpm8.2 -tt shows no %s" % (name, key))
        continue
    changed = shown != written and not (written == "on" and shown == "1")
    if changed != fires:
        fails.append("%s: php-fpm8.2 -tt shows %s = %r for %r: the case "
                     "expects it %s" % (name, key, shown, line,
                                        "changed" if fires else "kept"))
    if not fires:
        if found:
            fails.append("%s: finding for a value php-fpm keeps (%r): %s"
                         % (name, shown, found[0]["message"]))
        continue
    if len(found) != 1:
        fails.append("%s: %d findings, expected one" % (name, len(found)))
        continue
    f = found[0]
    if f["location"]["line"] != first:
        fails.append("%s: finding at line %s, the value is at %d" % (
            name, f["location"]["line"], first))
    if finding_path(f, key) != shown:
        fails.append("%s: the finding says %r, php-fpm8.2 -tt %r (%s)" % (
            name, finding_path(f, key), shown, f["message"]))


# A worker's ini_get() of the same rewritten values.
def fcgi_get(sock, script, timeout=10.0):
    def rec(t, body):
        return struct.pack("!BBHHBx", 1, t, 1, len(body), 0) + body

    def pair(k, v):
        k, v = k.encode(), v.encode()
        return bytes([len(k), len(v)]) + k + v
    params = b"".join(pair(k, v) for k, v in (
        ("SCRIPT_FILENAME", script), ("REQUEST_METHOD", "GET"),
        ("SCRIPT_NAME", "/i.php"), ("REQUEST_URI", "/i.php"),
        ("QUERY_STRING", ""), ("SERVER_PROTOCOL", "HTTP/1.1"),
        ("GATEWAY_INTERFACE", "CGI/1.1")))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock)
    s.sendall(rec(1, struct.pack("!HB5x", 1, 0)) + rec(4, params) +
              rec(4, b"") + rec(5, b""))
    data, out = b"", b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    while len(data) >= 8:
        _, t, _, n, pad = struct.unpack("!BBHHB", data[:7])
        if t == 6:
            out += data[8:8 + n]
        data = data[8 + n + pad:]
    return out.decode("utf-8", "replace").split("\r\n\r\n", 1)[-1]


WORKER = [("php_admin_value[sendmail_path] = 32767", "sendmail_path"),
          ("php_value[error_log] = syslog", "error_log"),
          ('php_admin_value[extension_dir] = ""', "extension_dir"),
          ("php_value[session.cookie_path] = app", "session.cookie_path")]
www = os.path.join(T, "www")
os.makedirs(www)
script = os.path.join(www, "i.php")
with open(script, "w") as f:
    f.write("<?php echo json_encode(array_map('ini_get', [%s]));\n" %
            ",".join("'%s'" % k for _, k in WORKER))
os.chmod(T, 0o755)
os.chmod(www, 0o755)
os.chmod(script, 0o644)
sock = os.path.join(T, "w.sock")
conf, first = pool_file("w", [], [l for l, _ in WORKER], sock)
found = {f["location"]["line"]: f for f in lint(conf, None)}
proc = subprocess.Popen([FPM, "-F", "-y", conf],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
with open(os.path.join(T, "pids"), "a") as f:
    f.write("%d\n" % proc.pid)
try:
    for _ in range(100):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    body = fcgi_get(sock, script)
    try:
        got = json.loads(body)
    except ValueError:
        got = None
        fails.append("worker: no JSON from the script: %r" % body)
finally:
    proc.terminate()
    proc.wait(timeout=10)
for i, (line, key) in enumerate(WORKER if got else []):
    f = found.get(first + i)
    if f is None:
        fails.append("worker: no finding at line %d (%s)" % (first + i,
                                                             line))
    elif finding_path(f, key) != got[i]:
        fails.append("worker: the finding says %r, ini_get('%s') %r" % (
            finding_path(f, key), key, got[i]))

for m in fails:
    print("FAIL:", m)
print("fpm-ini-relative-path oracle: %d cases + %d worker values, %d "
      "failed" % (len(CASES), len(WORKER), len(fails)))
sys.exit(1 if fails else 0)
