#!/usr/bin/python3
"""gen_directives.py - regenerate parsers/httpd_directives_gen.c from the
installed apache2 (data only: names, contexts, argument shapes).

It asks the real binary, never httpd's sources:
  * `apache2 -L` with every shipped module loaded gives each directive, the
    module source name that defines it and the "Allowed in" text (which
    encodes the command's req_override bits: server, directory, .htaccess
    override classes);
  * one `apache2 -t` per directive with zero arguments (and, where that is
    accepted, with one argument) gives its argument shape from the arity
    message of the core (takes one argument, takes 1-2 arguments, ...);
  * `<IfModule NAME>` probes map each module identifier to its source
    file name (mpm_event_module is event.c).

Third-party modules (PF_GEN_THIRD_PARTY=DIR[:DIR...], optional): each DIR
holds the .deb files of modules Debian packages and the libraries they
need, as
  apt-get install --download-only --no-install-recommends \
      -o Dir::Cache::archives=DIR libapache2-mod-security2 ...
downloads them (packages that conflict, such as libapache2-mod-uwsgi and
libapache2-mod-ruwsgi, in separate DIRs).  Nothing is installed: the
packages are unpacked into a temporary folder and each module of their
mods-available/*.load files is loaded by the real apache2 on its own
(beside the shipped ones and the modules its "# Depends:" line names),
so `apache2 -L` and the same probes give its directives.  Their rows say
which package and version they come from.

usage: tests/httpd/gen_directives.py [OUT.c]   (takes a minute or two, and
       about as long again for Debian's ~60 third-party module packages)
"""
import os, re, subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"
MODDIR = "/usr/lib/apache2/modules"
BUILTIN = [("core_module", "core.c"), ("so_module", "mod_so.c"),
           ("watchdog_module", "mod_watchdog.c"), ("http_module", "http_core.c"),
           ("log_config_module", "mod_log_config.c"), ("logio_module", "mod_logio.c"),
           ("version_module", "mod_version.c"), ("unixd_module", "mod_unixd.c")]
MPMS = ["mpm_event", "mpm_prefork", "mpm_worker"]

tmp = tempfile.mkdtemp(prefix="pfgen.")
os.makedirs(tmp + "/logs")
BASE = "ServerRoot %s\nErrorLog /dev/null\nPidFile %s/pid\nServerName gen\n" % (tmp, tmp)

ENV = dict(os.environ)

def run(conf, *args):
    p = tmp + "/t.conf"
    with open(p, "w") as f:
        f.write(conf)
    r = subprocess.run([APACHE, "-d", tmp, "-f", p] + list(args), env=ENV,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return r.returncode, r.stdout.decode("utf-8", "replace")

def load_order(mpm):
    mods = sorted(f[4:-3] for f in os.listdir(MODDIR)
                  if f.startswith("mod_") and f.endswith(".so"))
    mods = [m for m in mods if not m.startswith("mpm_")]
    order = [mpm] + mods
    for _ in range(400):
        conf = BASE + "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, MODDIR, m) for m in order)
        rc, out = run(conf, "-t")
        m = re.search(r"Cannot load %s/mod_(\w+)\.so" % MODDIR, out)
        if not m:
            return order, conf
        bad = m.group(1)
        i = order.index(bad)
        # move it one step later than the module it most likely needs
        order.pop(i)
        order.insert(min(i + 8, len(order)), bad)
    sys.exit("cannot find a load order")

order, conf_all = load_order("mpm_event")
directives = {}   # lname -> dict
def parse_L(out):
    cur = None
    for line in out.split("\n"):
        m = re.match(r"^(\S.*) \(([^()]+)\)$", line)
        if m:
            name, src = m.group(1), m.group(2)
            seen = name.lower() in directives
            cur = directives.setdefault(name.lower(), {"name": name, "src": src, "allowed": "",
                                                       "help": None, "srcs": [src]})
            # another module (an MPM: Listen, ServerLimit...) defines it too
            # a row for each, so it is known whichever of them is loaded
            if src not in cur["srcs"]:
                cur["srcs"].append(src)
            if seen:
                cur = None	# its text was read from the first module
            continue
        if cur is not None and line.startswith("\t"):
            t = line.strip()
            if t.startswith("Allowed in") or cur["allowed"]:
                cur["allowed"] += t + " "
            else:
                # the command's errmsg, which the arity messages repeat
                cur["help"] = line[1:] if cur["help"] is None else cur["help"] + "\n" + line[1:]
for mpm in MPMS:
    o, c = load_order(mpm)
    rc, out = run(c, "-L")
    parse_L(out)

# module id -> source name
src_of = dict(BUILTIN)
probe = conf_all
cands = {}
for m in order:
    so = "%s/mod_%s.so" % (MODDIR, m)
    names = ["mod_%s.c" % m]
    if m.startswith("mpm_"):
        names.insert(0, m[4:] + ".c")
    s = subprocess.run(["strings", "-a", so], stdout=subprocess.PIPE).stdout.decode("latin1")
    names += [x for x in re.findall(r"^[a-z0-9_]+\.c$", s, re.M) if x not in names]
    cands[m] = names
    for i, n in enumerate(names):
        probe += "<IfModule %s>\nDefine S_%s_%d\n</IfModule>\n" % (n, m, i)
rc, out = run(probe, "-t", "-D", "DUMP_RUN_CFG")
for m in order:
    for i, n in enumerate(cands[m]):
        if re.search(r"Define: S_%s_%d\b" % (m, i), out):
            src_of[m + "_module"] = n
            break
for mpm in MPMS:
    src_of.setdefault(mpm + "_module", mpm[4:] + ".c")

# Third-party modules: module id -> "package version", and their .so names
pkg_of, so_of, mod_defines = {}, {}, {}
apache_srcs = set(v for v in src_of.values())

def third_party(dirs):
    import glob
    roots, mods = [], []
    for i, dd in enumerate(dirs):
        root = os.path.join(tmp, "tp%d" % i)
        os.makedirs(root)
        owner = {}
        for deb in sorted(glob.glob(os.path.join(dd, "*.deb"))):
            subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
            f = subprocess.run(["dpkg-deb", "-f", deb, "Package", "Version"],
                               stdout=subprocess.PIPE).stdout.decode()
            pv = dict(l.split(": ", 1) for l in f.strip().split("\n"))
            for l in subprocess.run(["dpkg-deb", "-c", deb], stdout=subprocess.PIPE
                                    ).stdout.decode().split("\n"):
                if "/etc/apache2/mods-available/" in l and l.endswith(".load"):
                    owner[os.path.basename(l)] = "%s %s" % (pv["Package"], pv["Version"])
        roots.append(root)
        loads = {}
        for lf in sorted(glob.glob(root + "/etc/apache2/mods-available/*.load")):
            loads[os.path.basename(lf)[:-5]] = open(lf).read()
        for name, text in sorted(loads.items()):
            deps = []
            for m in re.finditer(r"^#\s*Depends:\s*(.*)$", text, re.M):
                deps += [x for x in re.split(r"[\s,]+", m.group(1)) if x]
            # log_sql_mysql.load names no dependency, but needs log_sql
            # (mods-enabled's order loads it first)
            deps += [o for o in loads if name.startswith(o + "_")]
            pre, prefork = "", "mpm_prefork" in deps
            for dep in deps:	# another package's module it needs
                if dep in loads and dep != name:
                    pre += re.sub(r"(LoadModule\s+\S+\s+)/", r"\g<1>" + root + "/",
                                  loads[dep])
            for m in re.finditer(r"^\s*LoadModule\s+(\S+)\s+(\S+)", text, re.M):
                mods.append({"id": m.group(1), "so": m.group(2), "root": root,
                             "pkg": owner.get(name + ".load", "?"),
                             "load": pre + "LoadModule %s %s%s\n" % (m.group(1), root, m.group(2)),
                             "prefork": prefork})
    libs = []
    for root in roots:
        for dp, dn, fn in os.walk(root):
            if any(".so" in f for f in fn) and "/usr/lib" in dp:
                libs.append(dp)
    ENV["LD_LIBRARY_PATH"] = ":".join(libs)
    return mods

TP_DIRS = [x for x in os.environ.get("PF_GEN_THIRD_PARTY", "").split(":") if x]
for tm in third_party(TP_DIRS) if TP_DIRS else []:
    mid = tm["id"]
    if mid in src_of:
        print("skipped %s (%s): %s" % (mid, tm["pkg"], "read already" if mid in pkg_of
              else "an Apache module's id"), file=sys.stderr)
        continue
    base = conf_all
    if tm["prefork"]:
        base = base.replace("mod_mpm_event.so", "mod_mpm_prefork.so").replace(
            "mpm_event_module", "mpm_prefork_module")
    rc, out = run(base + tm["load"], "-t")
    if rc != 0:
        print("skipped %s (%s): %s" % (mid, tm["pkg"], out.strip().split("\n")[-1]),
              file=sys.stderr)
        continue
    # its source name: what -L prints beside its directives, else the
    # <IfModule> probe of the names in the file
    rc, out = run(base + tm["load"], "-L")
    srcs = set(re.findall(r"^\S.* \(([^()]+)\)$", out, re.M)) - apache_srcs
    pre = tm["load"][:tm["load"].rfind("LoadModule ")]
    if pre:	# not those of the modules it needs
        rc, o2 = run(base + pre, "-L")
        srcs -= set(re.findall(r"^\S.* \(([^()]+)\)$", o2, re.M))
    so = tm["root"] + tm["so"]
    s_ = subprocess.run(["strings", "-a", so], stdout=subprocess.PIPE).stdout.decode("latin1")
    cands = sorted(srcs) + sorted(set(re.findall(r"([A-Za-z0-9_]+\.c)\b", s_)) - srcs)
    probe = base + tm["load"] + "".join(
        "<IfModule %s>\nDefine S_%d\n</IfModule>\n" % (n, i) for i, n in enumerate(cands))
    rc, dump = run(probe, "-t", "-D", "DUMP_RUN_CFG")
    src = next((n for i, n in enumerate(cands)
                if re.search(r"Define: S_%d\b" % i, dump)), None)
    if src is None or src in apache_srcs or src in set(src_of.values()):
        print("skipped %s (%s): source name %s" % (mid, tm["pkg"], src), file=sys.stderr)
        continue
    src_of[mid] = src
    pkg_of[mid] = tm["pkg"]
    # the names it defines when loaded, as <IfDefine> sees them
    # (mod_security2's register_hooks pushes MODSEC_2.5 and MODSEC_2.9
    # onto ap_server_config_defines); Apache's own modules add none
    had = set(re.findall(r"^Define: (.*)$", run(base + pre, "-t", "-D", "DUMP_RUN_CFG")[1], re.M))
    for dn in re.findall(r"^Define: (.*)$", dump, re.M):
        if dn not in had and not dn.startswith("S_") and dn not in mod_defines.get(mid, []):
            mod_defines.setdefault(mid, []).append(dn)
    so_of[mid] = os.path.basename(tm["so"])
    before = set(directives)
    parse_L(out)
    for ln in set(directives) - before:
        directives[ln]["load"] = tm["load"]
        directives[ln]["prefork"] = tm["prefork"]
    print("%s (%s, %s): %d directives" % (mid, src, tm["pkg"], len(set(directives) - before)),
          file=sys.stderr)

def ctx_bits(allowed):
    srv = dirc = 0
    if "anywhere" in allowed:
        srv = dirc = 1
    elif "only outside" in allowed:
        srv = 1
    else:
        dirc = 1
    ovr = []
    if ".htaccess" in allowed:
        if "isn't None" in allowed:
            ovr = ["ALL"]
        else:
            for k in ("AuthConfig", "Limit", "Options", "FileInfo", "Indexes"):
                if k in (allowed.split("includes", 1) + [""])[1]:
                    ovr.append(k.upper())
    # OR_OPTIONS/FILEINFO/INDEXES are accepted in the server config too
    if any(k in ovr for k in ("ALL", "OPTIONS", "FILEINFO", "INDEXES")):
        srv = 1
    return srv, dirc, ovr

SHAPES = [("takes no arguments", "NO_ARGS"),
          ("takes one argument", "TAKE1"), ("takes two arguments", "TAKE2"),
          ("takes 1-2 arguments", "TAKE12"), ("takes three arguments", "TAKE3"),
          ("takes two or three arguments", "TAKE23"),
          ("takes one, two or three arguments", "TAKE123"),
          ("takes one or three arguments", "TAKE13"),
          ("requires at least one argument", "ITERATE"),
          ("requires at least two arguments", "ITERATE2"),
          ("must be On or Off", "FLAG")]

def shape_of(d, args):
    name = d["name"]
    srv, dirc, _ = ctx_bits(d["allowed"])
    line = name + ((" " + args) if args else "") + "\n"
    body = line if srv else "<Directory /gen>\n" + line + "</Directory>\n"
    mpm = "mpm_event"
    if d["src"] == "prefork.c" or d.get("prefork"):
        mpm = "mpm_prefork"
    c = conf_all.replace("mod_mpm_event.so", "mod_%s.so" % mpm).replace(
        "mpm_event_module", "%s_module" % mpm) + d.get("load", "") + body
    rc, out = run(c, "-t")
    for pat, sh in SHAPES:
        if (name + " " + pat) in out:
            return sh
    return None

for ln, d in sorted(directives.items()):
    if d["name"].startswith("<"):
        d["shape"] = "SECTION"
        continue
    sh = shape_of(d, "")
    if sh is None:
        sh = "NO_ARGS" if shape_of(d, "x") == "NO_ARGS" else "RAW"
    d["shape"] = sh


# Context checks that a directive's own code makes (ap_check_cmd_context):
# place it, with arguments of the right count, in each kind of section it
# may appear in according to -L and look for the refusal.
CTX = [("VHOST", "<VirtualHost *:80>\n", "</VirtualHost>\n", "srv"),
       ("DIRECTORY", "<Directory /gen>\n", "</Directory>\n", "dir"),
       ("LOCATION", "<Location /gen>\n", "</Location>\n", "dir"),
       ("FILES", "<Files gen>\n", "</Files>\n", "dir"),
       ("PROXY", "<Proxy fcgi://gen>\n", "</Proxy>\n", "dir"),
       ("LIMIT", "<Directory /gen>\n<Limit GET>\n", "</Limit>\n</Directory>\n", "dir")]
DUMMY = {"NO_ARGS": "", "TAKE1": "x", "TAKE2": "x x", "TAKE12": "x", "TAKE3": "x x x",
         "TAKE23": "x x", "TAKE123": "x", "TAKE13": "x", "ITERATE": "x",
         "ITERATE2": "x x", "FLAG": "On", "RAW": "x"}
ONLY = os.environ.get("GEN_CTX_MODULES")
for ln, d in sorted(directives.items()):
    d["notin"] = []
    srv, dirc, _ = ctx_bits(d["allowed"])
    if ONLY and d["src"] not in ONLY.split(","):
        continue
    name = d["name"]
    for tag, pre, post, need in CTX:
        if (need == "srv" and not srv) or (need == "dir" and not dirc):
            continue
        if name.startswith("<"):
            body = pre + name + " x>\n</" + name[1:] + ">\n" + post
        else:
            body = pre + name + " " + DUMMY[d["shape"]] + "\n" + post
        base = conf_all
        if d.get("prefork"):
            base = base.replace("mod_mpm_event.so", "mod_mpm_prefork.so").replace(
                "mpm_event_module", "mpm_prefork_module")
        rc, out = run(base + d.get("load", "") + body, "-t")
        short = name + (">" if name.startswith("<") else "")
        if (short + " cannot occur within") in out or (name + " not allowed in") in out \
           or (name + " not allowed here") in out:
            d["notin"].append(tag)

out = sys.argv[1] if len(sys.argv) > 1 else "parsers/httpd_directives_gen.c"
mods = sorted(src_of.items())
modidx = {}
with open(out, "w") as f:
    f.write("/*\n * httpd_directives_gen.c - GENERATED by tests/httpd/gen_directives.py from\n"
            " * the installed apache2 (%s): every directive of every module it\n"
            " * ships, with its contexts, argument shape and help text%s.  Data only; do\n"
            " * not edit.\n */\n"
            % (subprocess.run([APACHE, "-v"], stdout=subprocess.PIPE).stdout.decode().split("\n")[0].split(": ")[1],
               "; and the same of\n * the third-party modules Debian packages (each row names its package)"
               if pkg_of else ""))
    f.write('#include "parsers/httpd_table.h"\n\n')
    f.write("const struct pf_httpd_module pf_httpd_modules[] = {\n")
    for i, (mid, src) in enumerate(mods):
        modidx[src] = i
        builtin = 1 if (mid, src) in BUILTIN else 0
        so = "" if builtin else so_of.get(mid, "mod_%s.so" % mid[:-7])
        pkg = '"%s"' % pkg_of[mid] if mid in pkg_of else "NULL"
        f.write('\t{ "%s", "%s", "%s", %d, %s },\n' % (mid, src, so, builtin, pkg))
    f.write("};\nconst size_t pf_httpd_nmodules = %d;\n\n" % len(mods))
    f.write("/* Names a module defines when it is loaded (<IfDefine>). */\n")
    f.write("const struct pf_httpd_module_define pf_httpd_module_defines[] = {\n")
    nd = 0
    for mid in sorted(mod_defines):
        for dn in mod_defines[mid]:
            f.write('\t{ "%s", "%s" },\n' % (mid, dn))
            nd += 1
    if nd == 0:
        f.write("\t{ NULL, NULL },\n")
    f.write("};\nconst size_t pf_httpd_nmodule_defines = %d;\n\n" % nd)
    f.write("const struct pf_directive pf_httpd_directives[] = {\n")
    rows = 0
    for ln, d in sorted(directives.items()):
        if d["src"] not in modidx:
            continue
        srv, dirc, ovr = ctx_bits(d["allowed"])
        ctx = []
        if srv: ctx.append("PF_CTX_SERVER")
        if dirc: ctx.append("PF_CTX_DIR")
        ctx += ["PF_OVR_" + o for o in ovr]
        ctx += ["PF_NOT_IN_" + t for t in d.get("notin", [])]
        hp = d.get("help")
        hs = "NULL" if hp is None else '"%s"' % hp.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        for src in d["srcs"]:
            if src not in modidx:
                continue
            f.write('\t{ "%s", "%s", %d, %s, PF_ARGS_%s,\n\t    %s },\n' % (
                ln, d["name"], modidx[src], "|".join(ctx) or "0", d["shape"], hs))
            rows += 1
    f.write("};\nconst size_t pf_httpd_ndirectives = %d;\n" % rows)
print("wrote", out, rows, "directives,", len(mods), "modules", file=sys.stderr)
