"""verdict_oracle.py - the runtime's verdict against the real php-fpm8.2.

Lays out a docroot (every script, evil.jpg included, prints __FILE__ and
$_SERVER as JSON), starts php-fpm8.2 with four pools (cgi.fix_pathinfo
1/0 x security.limit_extensions default/".php .jpg"/empty) and one
`proxyfpm serve` per pool with the same settings, sends the same
FastCGI parameters to both and requires the same status, and for 200 the
same executed file and SCRIPT_NAME / PATH_INFO / PATH_TRANSLATED /
SCRIPT_FILENAME.  Usage: verdict_oracle.py TMPDIR PROXYFPM
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fcgi_client  # noqa: E402

T, PROXYFPM = sys.argv[1], sys.argv[2]
DR = T + "/dr"
SCRIPT = ('<?php echo json_encode(["file" => __FILE__, '
          '"SCRIPT_FILENAME" => $_SERVER["SCRIPT_FILENAME"] ?? null, '
          '"SCRIPT_NAME" => $_SERVER["SCRIPT_NAME"] ?? null, '
          '"PATH_INFO" => $_SERVER["PATH_INFO"] ?? null, '
          '"PATH_TRANSLATED" => $_SERVER["PATH_TRANSLATED"] ?? null]);\n')

POOLS = {
    "fix1": (1, None),
    "fix0": (0, None),
    "jpg": (1, ".php .jpg"),
    "all": (1, ""),
}


def write(rel, text):
    p = os.path.join(DR, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)


def layout():
    for rel in ("index.php", "a/b.php", "uploads/evil.jpg", "dir/index.php",
                "sp ace.php", "x.phar", "static.txt"):
        write(rel, SCRIPT)
    os.makedirs(DR + "/d.php", exist_ok=True)
    for d in (T, DR):
        os.chmod(d, 0o755)


def start(cmd, log):
    p = subprocess.Popen(cmd, stdout=log, stderr=log)
    with open(T + "/pids", "a") as f:
        f.write("%d\n" % p.pid)
    return p


def wait_socket(path, proc):
    for _ in range(300):
        if os.path.exists(path):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    sys.exit("FAIL: %s did not appear" % path)


def start_servers():
    conf = ["[global]", "pid = %s/fpm.pid" % T,
            "error_log = %s/fpm.log" % T, "daemonize = no", ""]
    for name, (fix, ext) in POOLS.items():
        conf += ["[%s]" % name, "user = www-data", "group = www-data",
                 "listen = %s/%s.sock" % (T, name),
                 "listen.owner = root", "listen.mode = 0666",
                 "pm = static", "pm.max_children = 2",
                 "ping.path = /ping", "pm.status_path = /status",
                 "php_admin_value[cgi.fix_pathinfo] = %d" % fix]
        if ext is not None:
            conf.append('security.limit_extensions = "%s"' % ext)
        conf.append("")
    with open(T + "/php-fpm.conf", "w") as f:
        f.write("\n".join(conf))
    log = open(T + "/servers.log", "a")
    fpm = start(["php-fpm8.2", "-n", "-F", "-y", T + "/php-fpm.conf"], log)
    serves = []
    for name, (fix, ext) in POOLS.items():
        cmd = [PROXYFPM, "serve", "--listen",
               "unix:%s/rt-%s.sock" % (T, name), "--fix-pathinfo", str(fix),
               "--ping-path", "/ping", "--status-path", "/status", "-q"]
        if ext is not None:
            cmd += ["--limit-extensions", ext]
        serves.append(start(cmd, log))
    for i, name in enumerate(POOLS):
        wait_socket("%s/%s.sock" % (T, name), fpm)
        wait_socket("%s/rt-%s.sock" % (T, name), serves[i])
    return fpm, serves


B = "proxy:fcgi://127.0.0.1:9000"


def cases():
    G = {"REQUEST_METHOD": "GET", "DOCUMENT_ROOT": DR,
         "SERVER_SOFTWARE": "Apache/2.4.71 (Debian)"}

    def c(name, **kw):
        p = dict(G)
        p.update({k: v for k, v in kw.items() if v is not None})
        for k in [k for k, v in kw.items() if v is None]:
            p.pop(k, None)
        return name, p

    return [
        c("ppm index", SCRIPT_FILENAME=B + DR + "/index.php",
          SCRIPT_NAME="/index.php"),
        c("ppm pathinfo", SCRIPT_FILENAME=B + DR + "/a/b.php/extra/path",
          SCRIPT_NAME="/a/b.php/extra/path"),
        c("ppm evil", SCRIPT_FILENAME=B + DR + "/uploads/evil.jpg/x.php",
          SCRIPT_NAME="/uploads/evil.jpg/x.php"),
        c("ppm missing", SCRIPT_FILENAME=B + DR + "/nonexistent.php",
          SCRIPT_NAME="/nonexistent.php"),
        c("ppm %20", SCRIPT_FILENAME=B + DR + "/sp%20ace.php",
          SCRIPT_NAME="/sp ace.php"),
        c("ppm encoded pathinfo",
          SCRIPT_FILENAME=B + DR + "/a/b.php/x%20y",
          SCRIPT_NAME="/a/b.php/x y"),
        c("ppm phar", SCRIPT_FILENAME=B + DR + "/x.phar",
          SCRIPT_NAME="/x.phar"),
        c("ppm static", SCRIPT_FILENAME=B + DR + "/static.txt",
          SCRIPT_NAME="/static.txt"),
        c("sh pathinfo", SCRIPT_FILENAME="proxy:fcgi://localhost" + DR +
          "/a/b.php", SCRIPT_NAME="/a/b.php", PATH_INFO="/extra/path",
          PATH_TRANSLATED=DR + "/extra/path"),
        c("sh pathinfo index", SCRIPT_FILENAME="proxy:fcgi://localhost" +
          DR + "/a/b.php", SCRIPT_NAME="/a/b.php", PATH_INFO="/index.php",
          PATH_TRANSLATED=DR + "/index.php"),
        c("sh space", SCRIPT_FILENAME="proxy:fcgi://localhost" + DR +
          "/sp ace.php", SCRIPT_NAME="/sp ace.php"),
        c("double slash", SCRIPT_FILENAME=B + "/" + DR + "/index.php",
          SCRIPT_NAME="/index.php"),
        c("balancer", SCRIPT_FILENAME="proxy:balancer://c" + DR +
          "/index.php", SCRIPT_NAME="/index.php"),
        c("query cut", SCRIPT_FILENAME=B + DR + "/index.php?a=b",
          SCRIPT_NAME="/index.php"),
        c("upper prefix", SCRIPT_FILENAME="PROXY:FCGI://h" + DR +
          "/index.php", SCRIPT_NAME="/index.php"),
        c("dir", SCRIPT_FILENAME=DR + "/dir", SCRIPT_NAME="/dir"),
        c("dir named .php", SCRIPT_FILENAME=DR + "/d.php",
          SCRIPT_NAME="/d.php"),
        c("trailing slash", SCRIPT_FILENAME=B + DR + "/index.php/",
          SCRIPT_NAME="/index.php/"),
        c("dotdot", SCRIPT_FILENAME=DR + "/a/../index.php",
          SCRIPT_NAME="/a/../index.php"),
        c("dotdot in pathinfo", SCRIPT_FILENAME=B + DR + "/index.php/../x",
          SCRIPT_NAME="/index.php/../x"),
        c("only path_translated", PATH_TRANSLATED=DR + "/index.php",
          SCRIPT_NAME="/index.php"),
        c("cgi style pathinfo", SCRIPT_FILENAME=DR + "/a/b.php/x/y",
          SCRIPT_NAME="/a/b.php", PATH_INFO="/x/y"),
        c("cgi long pathinfo", SCRIPT_FILENAME=DR + "/a/b.php/y",
          SCRIPT_NAME="/a/b.php", PATH_INFO="/long/x/y"),
        c("nothing", DOCUMENT_ROOT=None),
        c("ping", SCRIPT_FILENAME=DR + "/ping", SCRIPT_NAME="/ping"),
        c("ping without script", SCRIPT_NAME="/ping"),
        c("status", SCRIPT_FILENAME=B + DR + "/status",
          SCRIPT_NAME="/status"),
        c("not http", REQUEST_METHOD=None,
          SCRIPT_FILENAME=DR + "/index.php"),
        c("empty script", SCRIPT_FILENAME="", SCRIPT_NAME="/"),
    ]


def fpm_view(body):
    try:
        return json.loads(body)
    except ValueError:
        return None


def runtime_view(body, params):
    d = json.loads(body)
    out = {"file": d.get("script")}
    for k in ("SCRIPT_FILENAME", "SCRIPT_NAME", "PATH_INFO",
              "PATH_TRANSLATED"):
        out[k] = d["fpm"][k] if k in d["fpm"] else params.get(k)
    return d, out


def main():
    layout()
    fpm, serves = start_servers()
    failures = 0
    checked = 0
    for pool in POOLS:
        for name, params in cases():
            try:
                fs, fh, fb, fe = fcgi_client.request(
                    "unix:%s/%s.sock" % (T, pool), params)
            except OSError as e:
                fs, fh, fb, fe = -1, {}, str(e).encode(), b""
            rs, rh, rb, re_ = fcgi_client.request(
                "unix:%s/rt-%s.sock" % (T, pool), params)
            label = "%s / %s" % (pool, name)
            checked += 1
            if fs == -1 and rs == 503 and b"worker-exit" in rb:
                continue    # FPM's worker died; Apache would say 503
            if fs != rs:
                print("FAIL %s: php-fpm %d, runtime %d\n  fpm: %r\n  rt: %r"
                      % (label, fs, rs, fb[:300], rb[:300]))
                failures += 1
                continue
            if name.startswith("ping") and fs == 200:
                if fb != rb:
                    print("FAIL %s: ping body %r vs %r" % (label, fb, rb))
                    failures += 1
                continue
            if name == "status" or name == "not http":
                continue
            f = fpm_view(fb) if fs == 200 else None
            d, r = runtime_view(rb, params)
            if fs == 200 and f is not None:
                r["file"] = os.path.realpath(r["file"])
                for k in ("file", "SCRIPT_FILENAME", "SCRIPT_NAME",
                          "PATH_INFO", "PATH_TRANSLATED"):
                    if f.get(k) != r.get(k):
                        print("FAIL %s: %s php-fpm %r, runtime %r"
                              % (label, k, f.get(k), r.get(k)))
                        failures += 1
            elif fs != 200:
                # FPM's error text is the runtime's message.
                msg = fb.decode("latin-1").strip()
                if d.get("message") != msg:
                    print("FAIL %s: body %r vs message %r"
                          % (label, msg, d.get("message")))
                    failures += 1
    for p in serves:
        p.terminate()
    fpm.terminate()
    for p in serves + [fpm]:
        p.wait(timeout=10)
    for p in serves:
        if p.returncode != 0:
            print("FAIL: proxyfpm serve exited %d on SIGTERM" % p.returncode)
            failures += 1
    print("%d requests compared, %d failures" % (checked, failures))
    return 1 if failures else 0


sys.exit(main())
