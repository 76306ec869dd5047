#!/usr/bin/python3
"""htaccess_corpus.py - real-world .htaccess files as an oracle for the
reader: Apache's per-request verdict against `proxyfpm lint`'s.

usage: htaccess_corpus.py PROXYFPM CORPUS... [--probe HTTPD-PROBE]
                          [--modules LIST] [--allow-override CLASSES]
                          [--override-list NAMES] [--no-php-route]
                          [--strict] [--json FILE] [--keep DIR]
                          [--verbose]

A development tool, not a ctest test: it needs a corpus of .htaccess files
(WordPress, Laravel, Drupal, Magento, Nextcloud, hand-written ones ...),
which stays outside the repository (they are others' content).  CORPUS is
any number of files or directories (read recursively; every regular file is
one .htaccess text, names starting with '.' or ending in .md/.list skipped).

Every file goes to DOCROOT/tNNN/.htaccess of one private tree (ServerRoot,
logs, pid, runtime dir in a temp dir; Listen 127.0.0.1:free port;
DocumentRoot with AllowOverride All; Debian's usual modules but no mod_php:
PHP runs under FPM).  The real /usr/sbin/apache2 is started once and asked
GET /tNNN/x for each: ap_directory_walk parses the directory's .htaccess on
the way to any file in it (x need not exist), and a file that does not
parse is ap_parse_htaccess's 500 with "[core:alert] ... FILE: MESSAGE" in
the error log.  That is Apache's verdict; other 500s (a rewrite loop, the
RewriteRule-without-FollowSymLinks one) are shown as "runtime 500" but are
not parse errors.

Then `proxyfpm lint --httpd` reads the same configuration (it walks the
document root and reads every .htaccess as Apache would) and lint's verdict
for a file is: a reader diagnostic located in it that makes the file fail
(the reader's .htaccess errors are warnings: the server still starts, the
directory answers 500), i.e. any warning or error of an httpd-* id but the
ones that only advise (a '#' that is not a comment, an undefined ${VAR},
a NUL byte, Nonfatal= skips).  With --probe the reader's own flag (the
PF_NODE_FORBIDDEN the request simulator uses, from httpd-probe --json) is
compared as well.

Apache stops at its first error; lint reports them all.  Messages agree
when Apache's message is one of lint's messages for the file, or the start
of one (lint appends why: "... not allowed here: AllowOverride does not
include ...").

A file may set its own directory's AllowOverride (and AllowOverrideList)
in a comment line, "# htaccess_corpus: AllowOverride FileInfo" (the
minimal cases of
testdata/httpd-htaccess/, which tests/httpd/htaccess_cases.sh runs under
ctest with --strict).

Prints one line per disagreement and a summary; exit 1 if any verdict
differs (with --strict also a message, or lint against the probe's flag),
77 if apache2 is missing.  --keep DIR leaves the tree, lint's JSON
and the error log there.
"""
import argparse, http.client, json, os, re, shutil, signal, socket
import subprocess, sys, tempfile, time

APACHE = "/usr/sbin/apache2"
MODDIR = "/usr/lib/apache2/modules"
# Debian's default set (a2enmod at install) plus what PHP sites enable,
# without php: mod_php is not loaded in an FPM setup.
MODULES = ("mpm_event authz_core authz_host authz_user authn_core "
           "authn_file auth_basic access_compat mime dir alias rewrite "
           "headers expires deflate filter setenvif env proxy proxy_fcgi "
           "negotiation autoindex").split()
# Reader diagnostics that advise without failing the file.
ADVICE_IDS = {"httpd-trailing-comment", "httpd-undefined-var"}
ADVICE_RE = re.compile(r"httpd skips|NUL byte")
PIDS = None	# --pids: where a test harness collects PIDs to stop
OVERRIDE_LIST = None	# --override-list


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def corpus_files(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            for d, _, names in sorted(os.walk(a)):
                for n in sorted(names):
                    if n.startswith(".") and n != ".htaccess":
                        continue
                    if n.endswith((".md", ".list")) or n == "SOURCES":
                        continue
                    out.append(os.path.join(d, n))
        elif os.path.isfile(a):
            out.append(a)
        else:
            sys.exit("htaccess_corpus: no such file: " + a)
    return out


# A case file of one's own may set its directory's AllowOverride in a
# comment line (Apache skips it): "# htaccess_corpus: AllowOverride FileInfo"
OWN_OVERRIDE = re.compile(r"^#\s*htaccess_corpus:\s*(AllowOverride(?:List)?"
                          r"\s+.+?)\s*$", re.M)
# ... and the subdirectory of tNNN the file goes to (requests go there):
# "# htaccess_corpus: Dir .well-known/acme-challenge"
OWN_DIR = re.compile(r"^#\s*htaccess_corpus:\s*Dir\s+([\w.-]+(?:/[\w.-]+)*)\s*$",
                     re.M)


def write_conf(t, www, port, modules, override, php_route, own):
    lines = ["ServerRoot %s" % t]
    for m in modules:
        lines.append("LoadModule %s_module %s/mod_%s.so" % (m, MODDIR, m))
    lines += [
        "TypesConfig /etc/mime.types",
        "ServerName localhost",
        "PidFile %s/httpd.pid" % t,
        "ErrorLog %s/error.log" % t,
        "LogLevel warn",
        "Mutex file:%s default" % t,
        "DefaultRuntimeDir %s" % t,
        "User www-data",
        "Group www-data",
        "Listen 127.0.0.1:%d" % port,
        "AccessFileName .htaccess",
        "<FilesMatch \"^\\.ht\">",
        "Require all denied",
        "</FilesMatch>",
        "DocumentRoot %s" % www,
        "<Directory %s>" % www,
        "Options FollowSymLinks",
        "AllowOverride %s" % override,
    ] + (["AllowOverrideList %s" % OVERRIDE_LIST] if OVERRIDE_LIST else []) + [
        "Require all granted",
        "</Directory>",
    ]
    for n, ao in sorted(own.items()):
        lines += ["<Directory %s/%s>" % (www, n)] + ao + ["</Directory>"]
    if php_route:
        # Debian's php8.2-fpm.conf (a2enconf), so lint's rules see the PHP
        # route the .htaccess files change
        lines += [
            "<FilesMatch \".+\\.ph(?:ar|p|tml)$\">",
            "SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock"
            "|fcgi://localhost\"",
            "</FilesMatch>",
        ]
    with open(os.path.join(t, "httpd.conf"), "w") as f:
        f.write("\n".join(lines) + "\n")


def apache_verdicts(t, port, names, sub):
    """Start apache2, GET /tNNN/x for each, stop it: {name: (status,
    alert message or None)}."""
    conf = os.path.join(t, "httpd.conf")
    r = subprocess.run([APACHE, "-f", conf, "-k", "start"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("htaccess_corpus: apache2 did not start:\n" + r.stderr)
    pidf = os.path.join(t, "httpd.pid")
    for _ in range(200):
        if os.path.exists(pidf) and os.path.getsize(pidf) > 0:
            break
        time.sleep(0.05)
    pid = int(open(pidf).read())
    if PIDS:
        with open(PIDS, "a") as f:
            f.write("%d\n" % pid)
    status = {}
    try:
        for n in names:
            for attempt in range(50):
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port,
                                                   timeout=10)
                    c.request("GET", "/%s/x" % sub[n])
                    status[n] = c.getresponse().status
                    c.close()
                    break
                except (ConnectionError, OSError):
                    time.sleep(0.1)
            else:
                status[n] = 0
    finally:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except OSError:
                break
            time.sleep(0.05)
    alerts = {}
    pat = re.compile(r"\[core:alert\] .*?(/[^ :]*/(t\d+)/(?:[^ :]*/)?"
                     r"\.htaccess): (.*)$")
    for line in open(os.path.join(t, "error.log"), encoding="latin-1"):
        m = pat.search(line.rstrip("\n"))
        if m and m.group(2) not in alerts:
            # the error log writes bytes past ASCII as \xHH
            alerts[m.group(2)] = re.sub(
                rb"\\x([0-9a-f]{2})", lambda x: bytes([int(x.group(1), 16)]),
                m.group(3).encode("latin-1")).decode("utf-8", "replace")
    return {n: (status.get(n, 0), alerts.get(n)) for n in names}


def lint_verdicts(proxyfpm, t, keep):
    conf = os.path.join(t, "httpd.conf")
    r = subprocess.run([proxyfpm, "lint", "--httpd", conf, "--format",
                        "json", "--fail-on", "none", "--no-config"],
                       capture_output=True, text=True, errors="replace",
                       cwd=t)
    if r.returncode not in (0, 1, 3):
        sys.exit("htaccess_corpus: lint exit %d:\n%s" %
                 (r.returncode, r.stderr))
    if keep:
        with open(os.path.join(t, "lint.json"), "w") as f:
            f.write(r.stdout)
    rep = json.loads(r.stdout)
    out, other = {}, []
    for f in rep["findings"]:
        loc = f.get("location") or {}
        m = re.search(r"(?:^|/)(t\d+)/(?:.*/)?\.htaccess$",
                      loc.get("path") or "")
        if not m:
            if f["kind"] == "diagnostic" and f["level"] in ("error",
                                                             "warning"):
                other.append(f["message"])
            continue
        fatal = (f["kind"] == "diagnostic" and f["id"].startswith("httpd-")
                 and f["level"] in ("error", "warning")
                 and f["id"] not in ADVICE_IDS
                 and not ADVICE_RE.search(f["message"]))
        out.setdefault(m.group(1), []).append(
            (loc.get("line") or 0, fatal, f["id"], f["level"],
             f["message"]))
    return out, other


def probe_forbidden(probe, t):
    conf = os.path.join(t, "httpd.conf")
    # errors="replace": a .htaccess in Latin-1 (common in old hand-written
    # files) puts its raw bytes into the probe's dump
    r = subprocess.run([probe, "--json", "-d", t, conf],
                       capture_output=True, text=True, errors="replace")
    dump = json.loads(r.stdout)
    res = {}

    def walk(nodes, sec):
        for n in nodes:
            if (sec is None and n["name"] == "Directory"
                    and "htaccess" in n["flags"]):
                m = re.search(r"/www/(t\d+)(?:/|$)", n["args"][0])
                s = m.group(1) if m else None
                if s:
                    res.setdefault(s, False)
                walk(n.get("children", []), s)
                continue
            if sec is not None and "forbidden" in n["flags"]:
                res[sec] = True
            walk(n.get("children", []), sec)
    walk(dump["tree"], None)
    return res


def norm(s):
    # both sides as text: httpd's log and lint write bytes outside
    # printable ASCII as \xHH (the log's are undone when read)
    s = re.sub(rb"\\x([0-9a-f]{2})", lambda x: bytes([int(x.group(1), 16)]),
               s.encode("utf-8")).decode("utf-8", "replace")
    return " ".join(s.split())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("proxyfpm")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--probe")
    ap.add_argument("--modules", help="comma list replacing the default")
    ap.add_argument("--allow-override", default="All",
                    help="the document root's AllowOverride (default All)")
    ap.add_argument("--override-list",
                    help="the document root's AllowOverrideList")
    ap.add_argument("--no-php-route", action="store_true",
                    help="no FilesMatch/SetHandler proxy:unix: to FPM")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 on a message or probe disagreement too")
    ap.add_argument("--pids", help="append apache2's PID to this file")
    ap.add_argument("--json")
    ap.add_argument("--keep")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if not os.access(APACHE, os.X_OK):
        print("SKIP: %s missing" % APACHE)
        sys.exit(77)
    global PIDS, OVERRIDE_LIST
    PIDS, OVERRIDE_LIST = a.pids, a.override_list
    files = corpus_files(a.corpus)
    a.proxyfpm = os.path.abspath(a.proxyfpm)
    if a.probe:
        a.probe = os.path.abspath(a.probe)
    modules = a.modules.split(",") if a.modules else MODULES
    if a.keep:
        shutil.rmtree(a.keep, ignore_errors=True)
        os.makedirs(a.keep)
        t = os.path.abspath(a.keep)
    else:
        t = tempfile.mkdtemp(prefix="htcorpus.")
    os.chmod(t, 0o755)		# apache2's children run as www-data
    www = os.path.join(t, "www")
    os.makedirs(www)
    names, own, sub = {}, {}, {}
    for i, src in enumerate(files):
        n = "t%03d" % (i + 1)
        names[n] = src
        with open(src, "rb") as f:
            head = f.read(4096).decode("latin-1")
        m = OWN_OVERRIDE.findall(head)
        if m:
            own[n] = m
        m = OWN_DIR.search(head)
        sub[n] = n + "/" + m.group(1) if m else n
        os.makedirs(os.path.join(www, sub[n]))
        shutil.copyfile(src, os.path.join(www, sub[n], ".htaccess"))
    for d, dirs, fs in os.walk(t):
        os.chmod(d, 0o755)
        for f in fs:
            os.chmod(os.path.join(d, f), 0o644)
    port = free_port()
    write_conf(t, www, port, modules, a.allow_override, not a.no_php_route,
               own)
    real = apache_verdicts(t, port, sorted(names), sub)
    lint, other = lint_verdicts(a.proxyfpm, t, a.keep)
    forb = probe_forbidden(a.probe, t) if a.probe else None

    counts = dict(files=len(names), apache_fail=0, lint_fail=0, agree=0,
                  missed=0, false_err=0, both=0, msg_agree=0, msg_first=0,
                  runtime500=0, probe_disagree=0)
    rows = []
    for n in sorted(names):
        code, alert = real[n]
        diags = sorted(lint.get(n, []))
        fatal = [d for d in diags if d[1]]
        afail, lfail = alert is not None, bool(fatal)
        counts["apache_fail"] += afail
        counts["lint_fail"] += lfail
        kind = None
        if afail == lfail:
            counts["agree"] += 1
        elif afail:
            counts["missed"] += 1
            kind = "MISSED"
        else:
            counts["false_err"] += 1
            kind = "FALSE-ERROR"
        msg_ok = None
        if afail and lfail:
            counts["both"] += 1
            am = norm(alert)
            msgs = [norm(d[4]) for d in fatal]
            msg_ok = any(m == am or m.startswith(am) for m in msgs)
            counts["msg_agree"] += msg_ok
            counts["msg_first"] += msgs[0] == am or msgs[0].startswith(am)
            if not msg_ok:
                kind = "MESSAGE"
        if not afail and code == 500:
            counts["runtime500"] += 1
        if forb is not None and forb.get(n, False) != lfail:
            counts["probe_disagree"] += 1
            kind = kind or "PROBE"
        rows.append(dict(name=n, source=names[n], status=code, alert=alert,
                         lint=[dict(line=d[0], fatal=d[1], id=d[2],
                                    level=d[3], message=d[4])
                               for d in diags],
                         probe_forbidden=None if forb is None
                         else forb.get(n, False), kind=kind))
        if kind or a.verbose:
            print("%s %s %s (%s)" % (kind or "ok", n, code, names[n]))
            if alert:
                print("    apache: %s" % alert)
            for d in diags:
                print("    lint:%s %d: %s [%s]%s" % (
                    d[3], d[0], d[4], d[2], "" if d[1] else " (advice)"))
            if forb is not None and kind == "PROBE":
                print("    probe forbidden: %s" % forb.get(n, False))
    if other:
        print("lint diagnostics outside the corpus files:")
        for m in other:
            print("    " + m)
    print("htaccess corpus: %(files)d files; apache2 fails %(apache_fail)d, "
          "lint %(lint_fail)d; verdicts agree %(agree)d "
          "(missed %(missed)d, false errors %(false_err)d); both fail "
          "%(both)d, Apache's message among lint's %(msg_agree)d, lint's "
          "first %(msg_first)d; runtime 500s (not parse errors) "
          "%(runtime500)d" % counts +
          ("; lint vs probe forbidden flag disagree %(probe_disagree)d" %
           counts if forb is not None else ""))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(summary=counts, files=rows), f, indent=1)
    if not a.keep:
        shutil.rmtree(t, ignore_errors=True)
    bad = counts["missed"] + counts["false_err"]
    if a.strict:
        bad += counts["both"] - counts["msg_agree"] + counts["probe_disagree"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
