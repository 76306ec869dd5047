#!/usr/bin/python3
"""directive_diff.py - every directive of every module apache2 ships, each
with a handful of argument values, read by apache2 -t and by the reader
(httpd-probe); prints where their verdicts differ.

usage: directive_diff.py PROBE [--context server|dir|vhost]
                         [--values 'v1|v2|...'] [--only Name,Name...]

A development tool, not a test (a full run is ~5,000 apache2 -t runs,
about four minutes): it found the handler checks of testdata/httpd-values/
values.txt's later cases (Listen's arity, ProxyPass without arguments,
LimitRequestLine below 0, RedirectRelative taken for a Redirect, ...).
Every module that loads is loaded (the MPM event first, then each module
that apache2 -t accepts after those before it), so directives of modules
that register providers (mod_authnz_fcgi, mod_lua) are judged with those
loaded.  Exit: 0 all agree, 1 some differ, 77 apache2 missing.
"""
import argparse, glob, os, re, shutil, subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"
M = "/usr/lib/apache2/modules"
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "parsers", "httpd_directives_gen.c")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("probe")
    ap.add_argument("--context", default="server", choices=["server", "dir", "vhost"])
    ap.add_argument("--values", default="|x|On|0|-1|1 2|a b c")
    ap.add_argument("--only", default="")
    o = ap.parse_args()
    if not os.path.exists(APACHE):
        print("SKIP: no apache2")
        return 77
    tmp = tempfile.mkdtemp(prefix="pf-ddiff.")
    conf = os.path.join(tmp, "h.conf")
    head = ("ServerRoot %s\nPidFile %s/pid\nErrorLog %s/err\nServerName x\n"
            "DefaultRuntimeDir %s\n" % (tmp, tmp, tmp, tmp))

    def apache(text):
        with open(conf, "w") as f:
            f.write(text)
        return subprocess.run([APACHE, "-d", tmp, "-f", conf, "-t"], capture_output=True)

    def load(ms):
        return "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, M, m) for m in ms)

    mods = ["mpm_event"]
    rest = [os.path.basename(s)[4:-3] for s in sorted(glob.glob(M + "/mod_*.so"))]
    rest = [m for m in rest if not m.startswith("mpm_")]
    grew = True
    while grew:
        grew = False
        for m in rest:
            if m not in mods and apache(head + load(mods + [m])).returncode == 0:
                mods.append(m)
                grew = True
    head += load(mods)
    pre, post = {"server": ("", ""), "dir": ("<Directory /x>\n", "</Directory>\n"),
                 "vhost": ("<VirtualHost *:80>\n", "</VirtualHost>\n")}[o.context]
    only = set(o.only.split(",")) - {""}
    names = []
    for n in re.findall(r'^\t\{ "[a-z0-9_<]+", "([^"]+)", \d+,', open(SRC).read(), re.M):
        if not n.startswith("<") and n not in names and (not only or n in only):
            names.append(n)
    runs = bad = 0
    for name in names:
        for v in o.values.split("|"):
            line = ("%s %s" % (name, v)).rstrip()
            a = apache(head + pre + line + "\n" + post)
            p = subprocess.run([o.probe, "--no-htaccess", "-d", tmp, conf], capture_output=True)
            runs += 1
            if (a.returncode == 0) != (p.returncode == 0):
                bad += 1
                aout = (a.stdout + a.stderr).decode("utf-8", "replace").strip().split("\n")[-1]
                perr = [l for l in p.stderr.decode("utf-8", "replace").split("\n") if ": error: " in l]
                print("%s | %r | apache2 %s | reader %s" % (
                    name, v, "accepts" if a.returncode == 0 else "refuses: " + aout[:120],
                    "accepts" if p.returncode == 0 else "refuses: " + (perr[0] if perr else "")[-120:]))
    shutil.rmtree(tmp, ignore_errors=True)
    print("%d modules, %d runs, %d differ" % (len(mods), runs, bad))
    return 1 if bad else 0


sys.exit(main())
