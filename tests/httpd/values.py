#!/usr/bin/python3
"""values.py - value and arity checks of the httpd reader against apache2.

usage: values.py PROBE CASES   (testdata/httpd-values/values.txt)

Each case is one directive line ('#' inside a line separates lines, so a
case can be a small section; '\#' is a '#').  It goes into a private tree that loads the
modules this stack uses; `apache2 -t` and the reader (httpd-probe) read it.
The verdicts must agree and, when apache2 rejects the line, the reader's
error must carry apache2's message (after "Syntax error on line N of F:").
"""
import os, re, shutil, subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"
M = "/usr/lib/apache2/modules"
MODS = ["mpm_event", "authz_core", "proxy", "proxy_fcgi", "rewrite", "headers",
        "mime", "dir", "alias", "setenvif", "ssl", "authz_host", "authz_user",
        "authn_core", "authn_file", "http2", "expires", "filter", "deflate",
        "negotiation", "remoteip", "auth_basic", "autoindex", "access_compat",
        "include", "userdir", "actions", "reqtimeout", "cache", "cache_disk",
        "substitute", "ratelimit", "dav", "dav_fs", "speling", "allowmethods",
        "unique_id", "info", "cgid"]

def main():
    probe, cases = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="pf-values.")
    conf = os.path.join(tmp, "h.conf")
    head = ("ServerRoot %s\nServerName v.test\nErrorLog /dev/null\nPidFile %s/pid\n"
            "DefaultRuntimeDir %s\n" % (tmp, tmp, tmp) +
            "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, M, m) for m in MODS))
    fails = n = 0
    for raw in open(cases):
        raw = raw.rstrip("\n")
        if not raw or raw.startswith("# "):
            continue
        n += 1
        body = raw.replace("\\#", "\0").replace("#", "\n").replace("\0", "#")
        with open(conf, "w") as f:
            f.write(head + body + "\n")
        a = subprocess.run([APACHE, "-d", tmp, "-f", conf, "-t"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        p = subprocess.run([probe, "--no-htaccess", "-d", tmp, conf],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        aout = a.stdout.decode("utf-8", "replace")
        perr = p.stderr.decode("utf-8", "replace")
        errs = [l for l in perr.split("\n") if ": error: " in l]
        why = None
        if (a.returncode == 0) != (p.returncode == 0):
            why = "verdict: apache2 %d, reader %d" % (a.returncode, p.returncode)
        elif a.returncode != 0:
            m = re.search(r"Syntax error on line \d+ of [^:]+:\s*(.*)", aout)
            msg = m.group(1).strip() if m else None
            if msg and "\\n" in msg:
                # a message of several lines (apache2 prints its tabs and
                # newlines escaped): its first sentence, on one line
                msg = re.sub(r"\s+", " ", msg.replace("\\t", " ").replace(
                    "\\n", " ")).split(". ")[0]
            if msg and not any(msg in l for l in errs):
                why = "message: apache2 %r, reader %r" % (msg, errs)
        if why:
            fails += 1
            print("FAIL %-50s %s" % (raw[:50] if not raw.startswith("LoadModule ") else raw.split("#", 1)[-1][:50], why))
    shutil.rmtree(tmp, ignore_errors=True)
    print("%d cases, %d disagree" % (n, fails))
    return 1 if fails else 0

sys.exit(main())
