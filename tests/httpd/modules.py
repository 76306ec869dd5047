#!/usr/bin/python3
"""modules.py - LoadModule of every module file apache2 ships, against apache2.

usage: modules.py PROBE [MODULES_DIR]   (default /usr/lib/apache2/modules)

Some modules link against another module's symbols (mod_proxy_fcgi against
mod_proxy) and fail to load unless it came first; others look theirs up at
run time and load alone (mod_lbmethod_*, mod_authnz_ldap, mod_proxy_html).
For every mod_*.so but the MPMs, a private tree loads mpm_event and that one
module; then one tree loads all of them in file-name order (what a2enmod of
everything gives in Debian's mods-enabled); then each MPM with each of the
MPM directives (Listen, ServerLimit, MinSpareServers, ThreadsPerChild...).  `apache2 -t` and the reader
(httpd-probe) must give the same verdict on each.
"""
import os, shutil, subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"

def main():
    probe = sys.argv[1]
    mdir = sys.argv[2] if len(sys.argv) > 2 else "/usr/lib/apache2/modules"
    tmp = tempfile.mkdtemp(prefix="pf-modules.")
    conf = os.path.join(tmp, "h.conf")
    head = ("ServerRoot %s\nServerName m.test\nErrorLog /dev/null\n"
            "PidFile %s/pid\nDefaultRuntimeDir %s\n"
            "LoadModule mpm_event_module %s/mod_mpm_event.so\n"
            % (tmp, tmp, tmp, mdir))
    files = sorted(f for f in os.listdir(mdir)
                   if f.startswith("mod_") and f.endswith(".so")
                   and not f.startswith("mod_mpm_"))
    cases = [(f, [f]) for f in files] + [("all, in name order", files)]
    # Each MPM with the directives every MPM shares (Listen...) and those of
    # the others: a directive several MPMs define is known whichever is
    # loaded (the table had Listen and ServerLimit under mpm_event only).
    mpm_lines = ["Listen 8080", "ListenBacklog 511", "ServerLimit 16",
                 "StartServers 2", "MaxRequestWorkers 150",
                 "MaxConnectionsPerChild 0", "GracefulShutdownTimeout 5",
                 "MinSpareServers 5", "MaxSpareServers 10", "ThreadLimit 64",
                 "ThreadsPerChild 25", "MinSpareThreads 25",
                 "MaxSpareThreads 75", "AsyncRequestWorkerFactor 2"]
    for mpm in ("prefork", "worker", "event"):
        for line in mpm_lines:
            cases.append(("mpm_%s + %s" % (mpm, line), [], mpm, line))
    fails = rejected = 0
    for case in cases:
        name, mods = case[0], case[1]
        text = head
        if len(case) > 2:
            text = text.replace("mpm_event", "mpm_" + case[2]) + case[3] + "\n"
        with open(conf, "w") as out:
            out.write(text + "".join("LoadModule %s_module %s/%s\n"
                      % (f[4:-3], mdir, f) for f in mods))
        a = subprocess.run([APACHE, "-d", tmp, "-f", conf, "-t"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        p = subprocess.run([probe, "--no-htaccess", "-d", tmp, conf],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        rejected += a.returncode != 0
        if (a.returncode == 0) != (p.returncode == 0):
            fails += 1
            print("FAIL %-28s apache2 %d, reader %d\n  apache2: %s\n  reader: %s"
                  % (name, a.returncode, p.returncode,
                     a.stdout.decode("utf-8", "replace").strip()[-300:],
                     p.stderr.decode("utf-8", "replace").strip()[-300:]))
    shutil.rmtree(tmp, ignore_errors=True)
    print("%d cases (%d rejected by apache2), %d disagree"
          % (len(cases), rejected, fails))
    # Without a module that needs another one the test proves nothing.
    if rejected == 0:
        print("FAIL no module needs another one: is %s complete?" % mdir)
        return 1
    return 1 if fails else 0

sys.exit(main())
