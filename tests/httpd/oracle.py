#!/usr/bin/python3
"""oracle.py - compare the httpd reader with the real apache2 on one tree.

usage: oracle.py PROBE CASE_DIR        (a testdata/httpd/<case>/ folder)
       oracle.py PROBE --tree CONF SERVERROOT [ENVVARS]   (an existing tree)

A case folder holds httpd.conf and any files it includes; "@ROOT@" in
text files becomes the private copy's path.  "defines" lists -D names.
apache2 -t -D DUMP_INCLUDES -D DUMP_RUN_CFG -D DUMP_VHOSTS runs on a
private copy (never /etc); the verdict must agree; when apache2 rejects
the tree the reader must have an error at the line apache2 stops at; when
apache2 accepts it the files read (with their depth), the defines in
order and the vhosts (file:line, ServerName, the ServerAlias names of a
name-based one) must agree too.
"""
import json, os, re, shutil, subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"
probe = sys.argv[1]
BASE = """ServerRoot "@ROOT@"
ServerName oracle.test
ErrorLog /dev/null
PidFile @ROOT@/httpd.pid
DefaultRuntimeDir @ROOT@
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
"""

def copy_case(src, dst):
    for dp, dns, fns in os.walk(src):
        rel = os.path.relpath(dp, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for fn in fns:
            s, d = os.path.join(dp, fn), os.path.join(dst, rel, fn)
            if os.path.islink(s):
                os.symlink(os.readlink(s), d)
                continue
            data = open(s, "rb").read()
            data = data.replace(b"@ROOT@", dst.encode())
            open(d, "wb").write(data)
    open(os.path.join(dst, "base.conf"), "w").write(BASE.replace("@ROOT@", dst))

def run(cmd, env):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

def apache_aliases(out):
    """(file, line) -> the ServerAlias names DUMP_VHOSTS lists under the
    vhost's first "namevhost" line (vhost.c dump_a_vhost: the plain names,
    then the wildcard ones as "wild alias"; a vhost alone on its address
    is listed without them)."""
    al, cur = {}, None
    for line in out.split("\n"):
        # a vhost of a macro is "(macro 'v' (defined on line D of "F")
        # used on line U of "G":1)", keyed (G, U) as apache_facts does
        m = re.search(r"\(macro '.*' \(.*\) used on line (\d+) of \"(.*)\":\d+\)$", line)
        if m:
            m = (None, m.group(2), m.group(1))
        else:
            m = re.search(r"\((/.*):(\d+)\)$", line)
        if m:
            key = (m[1], int(m[2]))
            cur = key if key not in al and " namevhost " in line else None
            if cur:
                al[cur] = ([], [])
            continue
        m = re.match(r"^\s+(alias|wild alias) (\S+)$", line)
        if m and cur:
            al[cur][m.group(1) == "wild alias"].append(m.group(2))
    return al

def apache_facts(out):
    inc, defs, vh = [], [], set()
    for line in out.split("\n"):
        m = re.match(r"^( +)\((?:\*|\d+)\) (.*)$", line)
        if m:
            inc.append((len(m.group(1)) // 2 - 1, m.group(2)))
            continue
        m = re.match(r"^Define: (.*)$", line)
        if m:
            defs.append(m.group(1))
            continue
        m = re.search(r"(?:namevhost|^\S+\s+)\s*(\S+) \((/.*):(\d+)\)$", line)
        if m and "default server" not in line:
            vh.add((m.group(2), int(m.group(3))))
        m = re.search(r"\(macro '.*' \(.*\) used on line (\d+) of \"(.*)\":\d+\)$", line)
        if m and "default server" not in line:
            vh.add((m.group(2), int(m.group(1))))
    return inc, defs, vh

def main():
    tmp = None
    env = dict(os.environ)
    defines = ["DUMP_INCLUDES", "DUMP_RUN_CFG", "DUMP_VHOSTS"]
    if sys.argv[2] == "--tree":
        conf, sroot = sys.argv[3], sys.argv[4]
        if len(sys.argv) > 5:
            out = subprocess.run(["/bin/sh", "-c", ". %s && env -0" % sys.argv[5]],
                                 stdout=subprocess.PIPE).stdout.decode()
            env = dict(kv.split("=", 1) for kv in out.split("\0") if "=" in kv)
    else:
        case = sys.argv[2]
        tmp = tempfile.mkdtemp(prefix="pf-oracle.")
        root = os.path.join(tmp, "t")
        copy_case(case, root)
        conf, sroot = os.path.join(root, "httpd.conf"), root
        dfile = os.path.join(root, "defines")
        if os.path.exists(dfile):
            defines += open(dfile).read().split()
    dargs = sum((["-D", d] for d in defines), [])
    aenv = env
    rundir = env.get("APACHE_RUN_DIR") if sys.argv[2] == "--tree" else None
    if rundir and not os.path.isdir(rundir):
        # apache2ctl and the service create APACHE_RUN_DIR before apache2
        # runs (the reader only notes that it is missing): do the same
        # in a temp dir, without writing to the machine (a fresh boot
        # has no /run/apache2 until the service first starts)
        tmp = tempfile.mkdtemp(prefix="pf-oracle.")
        aenv = dict(env, APACHE_RUN_DIR=tmp)
    arc, aout, aerr = run([APACHE, "-d", sroot, "-f", conf, "-t"] + dargs, aenv)
    prc, pout, perr = run([probe, "--json", "-d", sroot] + dargs + [conf], env)
    fails = []
    if (arc == 0) != (prc == 0):
        fails.append("verdict: apache2 -t exit %d, reader exit %d" % (arc, prc))
    if arc != 0 and prc != 0:
        # where apache2 stops (the innermost "Syntax error on line N of
        # FILE" of an Include chain; not inside a macro, which httpd
        # names by its definition) the reader has an error too
        m = re.findall(r"Syntax error on line (\d+) of (/[^:\s]*):", aout + aerr)
        # (an Include recursion's 128 nested prefixes are cut short)
        if m and len(m) < 16 and "macro '" not in aout + aerr:
            line, path = m[-1]
            if not re.search(r"^%s:%s:\d+: error: " % (re.escape(path), line),
                             perr, re.M):
                fails.append("apache2 stops at %s:%s; the reader has no error there"
                             % (path, line))
    if arc == 0 and prc == 0:
        d = json.loads(pout)
        inc, defs, vh = apache_facts(aout)
        mine = [(f["depth"], f["path"]) for f in d["files"]]
        if inc != mine:
            fails.append("files differ:\n  apache2: %s\n  reader:  %s" % (inc, mine))
        mdefs = [x["name"] + ("=" + x["value"] if x["value"] is not None else "")
                 for x in d["defines"]]
        if defs != mdefs:
            fails.append("defines differ:\n  apache2: %s\n  reader:  %s" % (defs, mdefs))
        mvh = set((v["vhost"]["use"]["file"], v["vhost"]["use"]["line"]) if "use" in v["vhost"]
                  else (v["vhost"]["file"], v["vhost"]["line"]) for v in d["vhosts"])
        if vh != mvh:
            fails.append("vhosts differ:\n  apache2: %s\n  reader:  %s" % (sorted(vh), sorted(mvh)))
        # aliases: the same names, in the same order, for each vhost
        aal = apache_aliases(aout)
        for v in d["vhosts"]:
            vv = v["vhost"]
            if "use" in vv:
                continue
            key = (vv["file"], vv["line"])
            names = [a["value"] if isinstance(a, dict) else a for a in vv.get("aliases") or []]
            wild = lambda n: "*" in n or "?" in n
            mine = ([n for n in names if not wild(n)], [n for n in names if wild(n)])
            if key in aal and aal[key] != mine:
                fails.append("vhost %s:%d aliases differ:\n  apache2: %s\n  reader:  %s"
                             % (key[0], key[1], aal[key], mine))
        # names: every ServerName we found appears in apache2's listing
        for v in d["vhosts"]:
            sn = v["vhost"]["server_name"]
            loc = "(%s:%d)" % (v["vhost"]["file"], v["vhost"]["line"])
            if sn and "use" not in v["vhost"] and not re.search(re.escape(sn["value"]) + r" " + re.escape(loc), aout):
                fails.append("vhost %s: apache2 does not list ServerName %s" % (loc, sn["value"]))
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    if fails:
        print("apache2 -t (exit %d):\n%s%s" % (arc, aout[-3000:], aerr[-3000:]))
        print("reader (exit %d):\n%s" % (prc, perr[-3000:]))
        print("\n".join(fails))
        return 1
    print("agree: apache2 exit %d, reader exit %d" % (arc, prc))
    return 0

sys.exit(main())
