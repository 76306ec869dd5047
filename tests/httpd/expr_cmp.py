#!/usr/bin/python3
"""expr_cmp.py - ap_expr cases against apache2 -t and the reader.

usage: expr_cmp.py PROBE [FILE|-]   (one case per line, as values.txt)

A development aid to find grammar corners: every line is a config body
('#' inside a line is a newline); prints each disagreement of verdict or
message.  The cases worth keeping go to testdata/httpd-values/values.txt.
"""
import os, re, shutil, subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"
M = "/usr/lib/apache2/modules"
MODS = ["mpm_event", "authz_core", "proxy", "proxy_fcgi", "rewrite", "headers",
        "mime", "dir", "alias", "setenvif", "ssl", "authz_host", "authz_user",
        "authn_core", "authn_file", "http2", "expires", "filter", "deflate"]

def run(probe, tmp, conf, head, body):
    with open(conf, "w") as f:
        f.write(head + body + "\n")
    a = subprocess.run([APACHE, "-d", tmp, "-f", conf, "-t"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    p = subprocess.run([probe, "--no-htaccess", "-d", tmp, conf],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    aout = a.stdout.decode("utf-8", "replace")
    perr = p.stderr.decode("utf-8", "replace")
    errs = [l for l in perr.split("\n") if ": error: " in l]
    m = re.search(r"Syntax error on line \d+ of [^:]+:\s*(.*)", aout)
    # the error log escapes a backslash (ap_escape_errorlog_item)
    amsg = (m.group(1).strip() if m else aout.strip()).replace("\\\\", "\\")
    if (a.returncode == 0) != (p.returncode == 0):
        return "verdict: apache2 %d %r, reader %d %r" % (a.returncode, amsg[:200],
                                                        p.returncode, errs)
    if a.returncode != 0 and m and not any(amsg in l for l in errs):
        return "message: apache2 %r, reader %r" % (amsg, errs)
    return None

def main():
    probe = sys.argv[1]
    src = open(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "-" else sys.stdin
    tmp = tempfile.mkdtemp(prefix="pf-expr.")
    conf = os.path.join(tmp, "h.conf")
    head = ("ServerRoot %s\nServerName v.test\nErrorLog /dev/null\nPidFile %s/pid\n"
            "DefaultRuntimeDir %s\n" % (tmp, tmp, tmp) +
            "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, M, m) for m in MODS))
    n = fails = 0
    for raw in src:
        raw = raw.rstrip("\n")
        if not raw or raw.startswith("# "):
            continue
        n += 1
        why = run(probe, tmp, conf, head, raw.replace("\\#", "\0").replace("#", "\n").replace("\0", "#"))
        if why:
            fails += 1
            print("FAIL %s\n     %s" % (raw[:120], why))
    shutil.rmtree(tmp, ignore_errors=True)
    print("%d cases, %d disagree" % (n, fails))
    return 1 if fails else 0

sys.exit(main())
