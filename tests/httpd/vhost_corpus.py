#!/usr/bin/python3
"""vhost_corpus.py - real-world Apache vhost/conf files that route PHP to
PHP-FPM as an oracle for `proxyfpm lint --httpd` and `proxyfpm dump`.

usage: vhost_corpus.py PROXYFPM CORPUS... [--jobs N] [--keep DIR]
                       [--json FILE] [--findings] [--only SUBSTR] [--verbose]

A development tool, not a ctest test: the corpus (Docker setups' httpd.conf,
Ansible/Chef templates, panel templates, deployment repositories' vhosts)
stays outside the repository (they are others' content).  CORPUS is any
number of files or directories (every regular file is one configuration;
names ending in .md/.tsv/.list and SOURCES are skipped).

Each file gets a private tree (ServerRoot, logs, pid, runtime dir in a temp
dir).  A whole main configuration (it has LoadModule or ServerRoot lines)
is used as is, with ServerRoot, PidFile, DefaultRuntimeDir, Mutex and Listen
moved into the tree and LoadModule pointed at Debian's module files (modules
not shipped there are dropped and counted).  A vhost or conf snippet is
Included from a Debian-like main configuration (mpm_event, Debian's default
modules, proxy and proxy_fcgi, Listen on a free 127.0.0.1 port, envvars'
APACHE_* names in the process environment).  Modules a file needs beyond
that are found by asking apache2: an "Invalid command 'X'" names a directive,
and the shipped module whose binary registers X is added (at most 6 rounds);
the same module list then goes to proxyfpm, so both read the same text.

Templates are instantiated: Jinja/Go {{ expr }}, ERB <%= expr %>, %name%
(HestiaCP, ISPConfig {tmpl_var}) and undefined ${VAR} (set in the process
environment of both tools) get a plausible value chosen from the name (a
port, a host, a path, a socket, a user ...); a file with template control
flow ({% if %}, <% %>, <tmpl_if>) is skipped, and counted.  User/Group that
do not exist here become www-data, SSL certificate/key files Debian's
snakeoil pair, Include'd files that are missing empty files: all counted.

Then, per file:
  verdict   apache2 -t against lint (exit 3 = rejected): "false error",
            "missed error", or both reject and lint has no error with
            apache2's message ("message");
  vhosts    apache2 -t -D DUMP_VHOSTS against proxyfpm dump --httpd --json:
            the set of (file, line) of every vhost, with its ServerName and
            addresses;
  findings  (--findings) lint's rule findings at low (--min-severity) or
            above on the files
            apache2 accepts, grouped by rule with the lines they point at,
            for a person to judge.
Exit 1 when a verdict, message or vhost disagrees, 77 without apache2.
"""
import concurrent.futures, json, os, re, shutil, socket, subprocess, sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from htaccess_corpus import free_port  # noqa: E402

APACHE = "/usr/sbin/apache2"
MODDIR = "/usr/lib/apache2/modules"
# Debian's a2enmod set at install, with what an FPM site enables.
BASE = ("mpm_event authz_core authz_host authz_user authn_core authn_file "
        "auth_basic access_compat alias autoindex deflate dir env filter "
        "mime negotiation reqtimeout setenvif status proxy proxy_fcgi "
        "rewrite headers").split()
BUILTIN = {"so", "watchdog", "http", "log_config", "logio", "version",
           "unixd", "core", "mpm_common"}
LINK_DEPS = {"proxy_balancer": ["proxy", "slotmem_shm"],
             "lbmethod_byrequests": ["proxy", "proxy_balancer"],
             "cache_disk": ["cache"], "cache_socache": ["cache"],
             "dav_fs": ["dav"], "session_cookie": ["session"],
             "authnz_ldap": ["ldap"], "proxy_html": ["xml2enc"]}
# Not link dependencies: what a2enmod enables with a module on Debian
# ("# Depends:" in mods-available/*.load); only for snippets, a main
# configuration loads what it names.
A2ENMOD_DEPS = {"ssl": ["socache_shmcb"]}
ENVVARS = {"APACHE_RUN_USER": "www-data", "APACHE_RUN_GROUP": "www-data",
           "APACHE_LOCK_DIR": "@T@/lock", "APACHE_RUN_DIR": "@T@/run",
           "APACHE_PID_FILE": "@T@/run/apache2.pid",
           "APACHE_LOG_DIR": "@T@/logs", "LANG": "C"}
SNAKEOIL = ["cert.pem", "key.pem"]	# made in the run's temp dir
# Where deployments keep their sites: absolute paths under these prefixes
# are moved into the tree (TREE/root/...), and the directories DocumentRoot,
# <Directory> and Alias name there are created, as they exist where the file
# is deployed.  A path right after a URL's host:port (fcgi://php:9000/var/
# www/...: the path FPM sees) is moved the same way, so the two still agree.
SITE_PREFIX = re.compile(r'(^|[\s"\'=|,]|fcgi://[\w.-]*(?::\d+)?)'
                         r'(/(?:var/www|usr/local/apache2|srv|home|app|code|'
                         r'vagrant|opt|data|web|www|project|application|'
                         r'var/app)(?=[/\s"\'$]|$)[^\s"\'|,]*)')


SEVS = ["info", "low", "medium", "high", "critical"]


def corpus_files(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            for d, _, names in sorted(os.walk(a)):
                for n in sorted(names):
                    if n.endswith((".md", ".tsv", ".list")) or n == "SOURCES":
                        continue
                    out.append(os.path.join(d, n))
        elif os.path.isfile(a):
            out.append(a)
    return out


# ---- templates --------------------------------------------------------------

CONTROL = re.compile(r"\{%-?\s*(if|for|macro|set|block)\b|<%(?![=#])|"
                     r"\[%-?\s*(IF|FOREACH|UNLESS|SET|BLOCK)\b|"
                     r"<tmpl_(if|loop)|\{\{-?\s*(if|range|with)\b", re.I)


def plausible(expr, port):
    """A value for a template expression or variable, from its name."""
    e = expr.lower()
    if re.search(r"level", e):
        return "warn"
    if re.search(r"include|config", e):	# an Include's file
        return "@T@/conf/empty.conf"
    if re.search(r"time", e):	# Timeout, ProxyTimeout
        return "60"
    if re.search(r"size|bytes|limit", e):	# LimitRequestBody
        return "10485760"
    if re.search(r"sock", e):
        return "/run/php/php8.2-fpm.sock"
    if re.search(r"port", e):
        if "ssl" in e or "https" in e:
            return "443"
        if re.search(r"fpm|fcgi|backend|php", e):
            return "9000"
        return "80"
    if re.search(r"(^|[^a-z])(ip|addr|address)([^a-z]|$)", e):
        return "*"
    if re.search(r"fpm|fcgi|backend|php_?host|upstream", e):
        return "127.0.0.1"
    if re.search(r"(log)", e) and re.search(r"dir|path|root", e):
        return "@T@/logs"
    if re.search(r"docroot|document_?root|web_?root|public|root|dir|path|home",
                 e):
        return "/var/www/html"
    if re.search(r"alias", e):
        return "www.example.test"
    if re.search(r"mail|admin", e):
        return "webmaster@example.test"
    if re.search(r"user|owner|group", e):
        return "www-data"
    if re.search(r"ver", e):
        return "8.2"
    if re.search(r"timeout", e):
        return "60"
    if re.search(r"name|domain|host|site|fqdn|url|server", e):
        return "example.test"
    return "x"


def instantiate(text, port, counts):
    """The text with template expressions replaced, or None when the file
    has template control flow."""
    if CONTROL.search(text):
        return None
    n0 = text
    # a placeholder alone on its line stands for whole directives
    # (HestiaCP's %alias_string% is "ServerAlias ..."): none here
    text = re.sub(r"(?m)^([ \t]*)(%\w+%|\{\{[^}]*\}\}|<%=[^%]*%>)[ \t]*$",
                  r"\1# (template line) \2", text)
    # an Alias's URL (HestiaCP's "Alias /%pma_alias% ...") is a path word
    text = re.sub(r"(?im)^(\s*(?:Script)?Alias\s+\"?/?)(?:%(\w+)%|"
                  r"\{\{-?\s*([\w.]+)\s*-?\}\})",
                  lambda m: m.group(1) + re.sub(r"\W", "_",
                                                m.group(2) or m.group(3)),
                  text)
    text = re.sub(r"\{\{-?\s*(.*?)\s*-?\}\}",
                  lambda m: plausible(m.group(1), port), text)
    text = re.sub(r"<%=\s*(.*?)\s*%>", lambda m: plausible(m.group(1), port),
                  text)
    text = re.sub(r"\{tmpl_var\s+name=['\"]?(\w+)['\"]?\}",
                  lambda m: plausible(m.group(1), port), text)
    # %name% (HestiaCP, DAMP): not a RewriteCond %{...} nor %1 backref,
    # nor a mod_macro parameter (<Macro Name %param% ...>)
    params = set()
    for m in re.finditer(r"(?im)^\s*<Macro\s+\S+([^>]*)>", text):
        params.update(m.group(1).split())
    text = re.sub(r"%([a-zA-Z_][a-zA-Z0-9_]*)%",
                  lambda m: m.group(0) if m.group(0) in params
                  else plausible(m.group(1), port), text)
    if text != n0:
        counts["templated"] += 1
    return text


# ---- modules ----------------------------------------------------------------

_SO = {}


def shipped():
    return sorted(f[4:-3] for f in os.listdir(MODDIR)
                  if f.startswith("mod_") and f.endswith(".so"))


def module_of(directive):
    """The shipped module whose binary holds the directive's name as a
    string (the command_rec's name): the smallest such module."""
    want = b"\0" + directive.encode() + b"\0"
    best = None
    for m in shipped():
        if m.startswith("mpm_"):
            continue
        if m not in _SO:
            with open(os.path.join(MODDIR, "mod_%s.so" % m), "rb") as f:
                _SO[m] = f.read()
        if want in _SO[m] or want.lower() in _SO[m].lower():
            if best is None or len(_SO[m]) < len(_SO[best]):
                best = m
    return best


def ordered(mods):
    out, seen = [], set()

    def add(m):
        if m in seen:
            return
        seen.add(m)
        deps = list(LINK_DEPS.get(m, []))
        if m.startswith("proxy_") or m.startswith("lbmethod_"):
            deps.insert(0, "proxy")
        for d in deps:
            add(d)
        out.append(m)
    mpm = [m for m in mods if m.startswith("mpm_")]
    for m in (mpm[:1] or ["mpm_event"]):
        add(m)
    for m in mods:
        if not m.startswith("mpm_"):
            add(m)
    return out


# ---- building a tree ----------------------------------------------------------

# A main configuration sets its ServerRoot or loads its MPM; a conf.d
# snippet may load a module or two (proxy_fcgi) and is still a snippet.
FULL = re.compile(r"^\s*(ServerRoot\s|LoadModule\s+mpm_)", re.I | re.M)


def fix_line(line, t, port, counts, have, extra_mods):
    """One line of the file adjusted to run here (a main configuration's
    server-level paths, module files, users, certificates)."""
    s = line.strip()
    w = s.split()
    if not w:
        return line
    d = w[0].lower()
    if d == "loadmodule" and len(w) >= 3:
        so = os.path.basename(w[2].strip('"'))
        name = re.sub(r"^mod_|\.so$", "", so)
        if name not in have:
            counts["modules_dropped"] += 1
            return "# (not shipped here) " + s
        extra_mods.append(name)
        return "# (loaded by the harness) " + s
    if d == "loadfile":
        counts["modules_dropped"] += 1
        return "# (not here) " + s
    if d == "serverroot":
        return 'ServerRoot "%s"' % t
    if d == "listen":
        counts["listen_moved"] += 1
        return "# (moved) " + s
    if d in ("pidfile", "scoreboardfile"):
        return '%s "%s/run/%s"' % (w[0], t, d)
    if d == "defaultruntimedir":
        return 'DefaultRuntimeDir "%s/run"' % t
    if d == "mutex":
        return "Mutex file:%s/lock default" % t
    if d in ("user", "group") and len(w) == 2 and not w[1].startswith("${"):
        import grp, pwd
        try:
            (pwd.getpwnam if d == "user" else grp.getgrnam)(w[1].strip('"'))
        except KeyError:
            if not w[1].startswith("#"):
                counts["users_replaced"] += 1
                return "%s www-data" % w[0]
    if d in ("sslcertificatefile", "sslcertificatekeyfile",
             "sslcertificatechainfile", "sslcacertificatefile") and \
            len(w) >= 2 and not os.path.exists(w[1].strip('"')):
        counts["certs_replaced"] += 1
        if d == "sslcertificatekeyfile":
            return "%s %s" % (w[0], SNAKEOIL[1])
        return "%s %s" % (w[0], SNAKEOIL[0])
    if d in ("include", "includeoptional") and len(w) == 2:
        p = w[1].strip('"')
        if not re.search(r"[*?\[]|\$\{", p):
            full = p if p.startswith("/") else os.path.join(t, p)
            if not full.startswith("/etc/") and not os.path.exists(full):
                try:
                    os.makedirs(os.path.dirname(full), exist_ok=True)
                    open(full, "a").close()
                    counts["includes_created"] += 1
                except OSError:
                    pass
    if SITE_PREFIX.search(line) and d not in ("include", "includeoptional"):
        made = []

        def move(m):
            made.append(t + "/root" + m.group(2))
            return m.group(1) + t + "/root" + m.group(2)
        line = SITE_PREFIX.sub(move, line)
        counts["paths_moved"] += 1
        if d.lstrip("<") in ("documentroot", "directory", "alias",
                             "scriptalias", "userdir"):
            for p in made[-1:]:
                p = p.rstrip(">").rstrip('"')
                if not re.search(r"[*?\[\]()^$\\{}]", p):
                    os.makedirs(p if d != "alias" or "." not in
                                os.path.basename(p) else os.path.dirname(p),
                                exist_ok=True)
        w = line.strip().split()
    if d in ("errorlog", "customlog", "transferlog") and len(w) >= 2:
        p = w[1].strip('"')
        if p.startswith("/") and not p.startswith(("/dev/", "/proc/")) \
                and not os.path.isdir(os.path.dirname(p)):
            # a container's /usr/local/apache2/logs or /var/log/httpd: the
            # log directory is the deployment's, not the config's question
            return line.replace(w[1], '"%s/logs/%s"' % (t, os.path.basename(p)), 1)
    return line


def build(src, t, port, counts):
    """Write the tree for one corpus file: (conf, env, modules, extra) or
    (None, reason)."""
    raw = open(src, "rb").read()
    if b"\0" in raw:
        return None, "binary"
    text = raw.decode("utf-8", "replace")
    for d in ("logs", "run", "lock", "conf"):
        os.makedirs(os.path.join(t, d), exist_ok=True)
    open(os.path.join(t, "conf", "empty.conf"), "a").close()
    text = instantiate(text, port, counts)
    if text is None:
        return None, "template control flow"
    have = set(shipped())
    extra = []
    # mod_macro's sections are read while the tree is built, before any
    # "Invalid command" (apache2 names a failing Include inside a <Macro>
    # first): a file that defines or uses macros gets the module
    if re.search(r"(?im)^\s*(<Macro\s|Use\s+\w)", text) and \
            not FULL.search(text):
        extra.append("macro")
    lines = [fix_line(l, t, port, counts, have, extra)
             for l in text.split("\n")]
    body = "\n".join(lines)
    env = dict((k, v.replace("@T@", t)) for k, v in ENVVARS.items())
    env["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
    # a variable alone on its line stands for whole directives (fpfis'
    # ${APACHE_EXTRA_CONF}, empty by default)
    for v in set(re.findall(r"(?m)^[ \t]*\$\{(\w+)\}[ \t]*$", body)):
        if v not in env:
            env[v] = ""
            counts["env_defined"] += 1
    for v in set(re.findall(r"\$\{(\w+)\}", body)):
        if v not in env:
            env[v] = plausible(v, port).replace("@T@", t)
            counts["env_defined"] += 1
    body = body.replace("@T@", t)
    full = bool(FULL.search(text))
    # a main configuration that loads its modules from a directory of its
    # own (RHEL's conf.modules.d, Debian's mods-enabled) and names no
    # LoadModule: that directory exists (empty) and the harness loads
    # Debian's set, as for a snippet
    mdirs = re.findall(r"(?im)^\s*Include(?:Optional)?\s+\"?"
                       r"((?:conf\.modules\.d|mods-enabled)/?)", text)
    if full and mdirs and not re.search(r"(?im)^\s*LoadModule\s", text):
        for d in mdirs:
            os.makedirs(os.path.join(t, d), exist_ok=True)
            open(os.path.join(t, d, "00-corpus.conf"), "a").close()
        counts["module_dirs_made"] += 1
        full = "bare"
    site = os.path.join(t, "conf", "site.conf")
    with open(site, "w") as f:
        f.write(body + ("\n" if not body.endswith("\n") else ""))
    return (site, env, extra, full), None


def write_main(t, port, site, mods, full):
    conf = os.path.join(t, "apache2.conf")
    head = ['ServerRoot "%s"' % t]
    for m in ordered(mods):
        head.append("LoadModule %s_module %s/mod_%s.so" % (m, MODDIR, m))
    head += ["Listen 127.0.0.1:%d" % port,
             'PidFile "%s/run/apache2.pid"' % t,
             'DefaultRuntimeDir "%s/run"' % t,
             "Mutex file:%s/lock default" % t,
             'ErrorLog "%s/logs/error.log"' % t]
    if not full:
        head += ["ServerName corpus.test",
                 "User www-data", "Group www-data",
                 "TypesConfig /etc/mime.types",
                 "<Directory />", "AllowOverride None",
                 "Require all denied", "</Directory>",
                 # Debian's apache2.conf grants /usr/share and /var/www; root/
                 # stands for the deployment's site directories
                 "<Directory /usr/share>", "AllowOverride None",
                 "Require all granted", "</Directory>",
                 "<Directory /var/www/>", "Options Indexes FollowSymLinks",
                 "AllowOverride None", "Require all granted", "</Directory>",
                 "<Directory %s/root/>" % t, "Options FollowSymLinks",
                 "AllowOverride None", "Require all granted", "</Directory>",
                 '<FilesMatch "^\\.ht">', "Require all denied",
                 "</FilesMatch>"]
    head.append('Include "%s"' % site)
    if full:
        # a main configuration's own later ServerRoot/ErrorLog win: the
        # harness lines only fill what it leaves unset
        pass
    with open(conf, "w") as f:
        f.write("\n".join(head) + "\n")
    return conf


def run(cmd, env, cwd=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=env, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def apache_msg(out):
    # an error in an Included file is nested: "Syntax error on line 41 of
    # main.conf: Syntax error on line 3 of site.conf: MESSAGE"
    m = re.search(r"(?:Syntax error on line \d+ of [^:]+:\s*)+(.*)", out)
    lines = [l for l in out.strip().split("\n")
             if l and "Configuration check failed" not in l
             and not re.search(r"AH00111|AH00112|AH00558|AH00543 .*warn", l)]
    msg = m.group(1).strip() if m else (lines or [""])[-1]
    msg = re.sub(r"^\(\d+\)[^:]*: ", "", msg)
    msg = re.sub(r"^AH\d+: (apache2: )?", "", msg)
    return msg


MACRO_AT = re.compile(r"\(macro '[^']*' \(defined on line (\d+) of \"([^\"]+)\"\)"
                      r" used on line \d+ of .*?:(\d+)\)$")


def apache_vhosts(out):
    """{(file, line): {name: {addresses}}} from DUMP_VHOSTS (one macro
    line can make several vhosts, told apart by name).  A vhost that
    a mod_macro Use made is "(macro 'm' (defined on line D of "F") used on
    line U of "G":N)": line N of the macro's body, so line D + N of F (where
    proxyfpm puts it)."""
    vh = {}
    addr = None
    for line in out.split("\n"):
        line = MACRO_AT.sub(lambda m: "(%s:%d)" % (
            m.group(2), int(m.group(1)) + int(m.group(3))), line)
        m = re.match(r"^(\S+)\s+is a NameVirtualHost$", line)
        if m:
            addr = m.group(1)
            continue
        m = re.match(r"^\s+port (\S+) namevhost (\S+) \((/.*):(\d+)\)$", line)
        if m and addr:
            k = (m.group(3), int(m.group(4)))
            vh.setdefault(k, {}).setdefault(m.group(2), set()).add(addr)
            continue
        m = re.match(r"^(\S+)\s+(\S+) \((/.*):(\d+)\)$", line)
        if m:
            addr = None
            k = (m.group(3), int(m.group(4)))
            vh.setdefault(k, {}).setdefault(m.group(2), set()).add(m.group(1))
    return vh


# vhost.c's ap_fini_vhost_config puts INADDR_ANY and in6addr_any addresses
# in the default list with "*": DUMP_VHOSTS prints 0.0.0.0:80 and [::]:80 as
# *:80 (one name-based set); proxyfpm's dump keeps the words as written.
ANY_ADDR = re.compile(r"^(?:0\.0\.0\.0|\[(?:0*:)*:?(?::0*)*\])(:.*)?$")


def canon_addr(a):
    """DUMP_VHOSTS prints an address as getaddrinfo left it: [0000::2]:80
    is [::2]:80, 0.0.0.0:80 and [::]:80 are *:80."""
    m = re.match(r"^\[([^]%]*)\](:.*)?$", a)
    if m:
        try:
            a = "[%s]%s" % (socket.inet_ntop(socket.AF_INET6, socket.inet_pton(
                socket.AF_INET6, m.group(1))), m.group(2) or "")
        except OSError:
            pass
    return ANY_ADDR.sub(lambda m: "*" + (m.group(1) or ""), a)


def lint_vhosts(dump):
    vh = {}
    for v in dump.get("vhosts", []):
        x = v["vhost"]
        k = (x["file"], x["line"])
        sn = x.get("server_name")
        vh.setdefault(k, {}).setdefault(sn["value"] if sn else None, set()).update(
            canon_addr(a) for a in v.get("addresses", []))
    return vh


def run_one(job):
    t, src, port, lint = job["t"], job["src"], job["port"], job["lint"]
    counts = job["counts"]
    built, why = build(src, t, port, counts)
    if not built:
        return dict(src=src, skip=why)
    site, env, extra, full = built
    # a main configuration loads what it names; a snippet gets Debian's set
    mods = list(dict.fromkeys(extra if full is True else BASE + extra))
    conf = None
    added = []
    # modules the file needs: apache2 names each missing directive
    for _ in range(6):
        conf = write_main(t, port, site, mods, full)
        rc, out = run([APACHE, "-d", t, "-f", conf, "-t"], env)
        m = re.search(r"Invalid command '([^']+)', perhaps misspelled", out)
        if rc == 0 or not m:
            break
        mod = module_of(m.group(1)) or module_of(m.group(1).lstrip("<"))
        if not mod or mod in mods:
            break
        mods.append(mod)
        added.append(mod)
        if not full:
            for dep in A2ENMOD_DEPS.get(mod, []):
                if dep not in mods:
                    mods.insert(0, dep)
    # the verdict from a plain -t: with -D DUMP_* httpd runs in
    # AP_SQ_RM_CONFIG_DUMP mode, where mod_ssl checks no certificate file
    arc, aout = rc, out
    _, dout = run([APACHE, "-d", t, "-f", conf, "-t", "-D", "DUMP_VHOSTS"],
                  env)
    lrc, lout = 0, ""
    p = subprocess.run([lint, "lint", "--httpd", conf, "-d", t, "--no-config",
                        "--fail-on", "none", "--format", "json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       timeout=120)
    lrc = p.returncode
    errs, finds, other = [], [], []
    try:
        rep = json.loads(p.stdout.decode("utf-8", "replace"))
        for f in rep.get("findings", []):
            sev = f.get("severity") or f.get("level")
            if f.get("kind") == "diagnostic":
                if sev == "error":
                    errs.append(f.get("message", ""))
            elif sev in job["sevs"]:
                loc = f.get("location") or {}
                finds.append(dict(id=f.get("id"), sev=sev,
                                  msg=f.get("message", ""),
                                  at="%s:%s" % (loc.get("path"),
                                                loc.get("line"))))
    except ValueError:
        errs.append("(no JSON) " + p.stderr.decode("utf-8", "replace")[-300:])
    res = dict(src=src, t=t, arc=arc, lrc=lrc, aout=aout.strip()[-1500:],
               errs=errs, finds=finds, added=added, kind=None, vh=None)
    # a sanitizer build exits 1 on an error: its report is on stderr
    if lrc not in (0, 1, 3) or re.search(
            rb"AddressSanitizer|LeakSanitizer|runtime error:", p.stderr):
        res["kind"] = "lint-crash"
        res["errs"].append(p.stderr.decode("utf-8", "replace")[-600:])
        return res
    if arc == 0 and lrc == 3:
        res["kind"] = "false-error"
    elif arc != 0 and lrc != 3:
        res["kind"] = "missed-error"
    elif arc != 0:
        msg = apache_msg(aout)
        res["amsg"] = msg
        if msg and not any(msg in e for e in errs):
            res["kind"] = "message"
    if arc == 0 and lrc != 3:
        d = subprocess.run([lint, "dump", "--httpd", conf, "-d", t, "--json"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, timeout=120)
        try:
            mine = lint_vhosts(json.loads(d.stdout.decode("utf-8", "replace")))
        except ValueError:
            mine = {}
        theirs = apache_vhosts(dout)
        diffs = []
        for k in sorted(set(mine) | set(theirs)):
            a, b = theirs.get(k), mine.get(k)
            if not a or not b:
                diffs.append("%s:%d only in %s" % (k[0], k[1],
                             "apache2" if a else "proxyfpm"))
                continue
            if None in b and len(a) == 1 and len(b) == 1:
                b = {next(iter(a)): b[None]}   # no ServerName: apache2's default
            if sorted(a) != sorted(x for x in b if x is not None) and \
                    None not in b:
                diffs.append("%s:%d name %s / %s" % (k[0], k[1], sorted(a),
                                                     sorted(b)))
                continue
            for name in a:
                if name in b and a[name] != b[name]:
                    diffs.append("%s:%d addresses %s / %s" % (
                        k[0], k[1], sorted(a[name]), sorted(b[name])))
        res["nvhosts"] = len(theirs)
        if diffs:
            res["vh"] = diffs
            res["kind"] = res["kind"] or "vhosts"
    return res


def main():
    import argparse
    from collections import Counter
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("proxyfpm")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep")
    ap.add_argument("--json")
    ap.add_argument("--only")
    ap.add_argument("--findings", action="store_true")
    ap.add_argument("--min-severity", default="low", choices=SEVS,
                    help="the findings collected (default low)")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if not os.access(APACHE, os.X_OK):
        print("SKIP: %s missing" % APACHE)
        return 77
    lint = os.path.abspath(a.proxyfpm)
    files = corpus_files(a.corpus)
    if a.only:
        files = [f for f in files if a.only in f]
    tmp = os.path.abspath(a.keep) if a.keep else tempfile.mkdtemp(
        prefix="pf-vhcorpus.")
    os.makedirs(tmp, exist_ok=True)
    os.chmod(tmp, 0o755)
    for i, n in enumerate(("cert.pem", "key.pem")):
        SNAKEOIL[i] = os.path.join(tmp, n)
    subprocess.run(["openssl", "req", "-x509", "-nodes", "-newkey", "rsa:2048",
                    "-days", "2", "-subj", "/CN=corpus.test", "-keyout",
                    SNAKEOIL[1], "-out", SNAKEOIL[0]],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counts = Counter()
    jobs = []
    for i, src in enumerate(files):
        t = os.path.join(tmp, "v%03d" % (i + 1))
        shutil.rmtree(t, ignore_errors=True)
        os.makedirs(t)
        jobs.append(dict(t=t, src=src, port=free_port(), lint=lint,
                         counts=counts, sevs=SEVS[SEVS.index(a.min_severity):]))
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(run_one, jobs))
    tally = Counter()
    byrule = {}
    bad = 0
    for r in results:
        name = os.path.basename(r["src"])
        if r.get("skip"):
            tally["skipped"] += 1
            tally["skip: " + r["skip"]] += 1
            if a.verbose:
                print("SKIP %s: %s" % (name, r["skip"]))
            continue
        tally["run"] += 1
        tally["apache2 accepts" if r["arc"] == 0 else "apache2 rejects"] += 1
        tally["vhosts compared"] += r.get("nvhosts", 0)
        if r["added"]:
            tally["needed extra modules"] += 1
        if r["kind"]:
            bad += 1
            tally["disagree: " + r["kind"]] += 1
            print("%s %s (%s)" % (r["kind"].upper(), name, r["t"]))
            print("  apache2 (%d): %s" % (r["arc"], r["aout"][-400:]))
            print("  lint (%d): %s" % (r["lrc"], "\n    ".join(r["errs"])[:800]))
            for d in r.get("vh") or []:
                print("  vhost: " + d)
        else:
            tally["agree"] += 1
            if a.verbose:
                print("ok %s: apache2 %d lint %d" % (name, r["arc"], r["lrc"]))
        if r["arc"] == 0:
            for f in r["finds"]:
                byrule.setdefault(f["id"], []).append((name, f))
    if a.findings:
        for rid, fs in sorted(byrule.items(), key=lambda kv: -len(kv[1])):
            print("== %s: %d findings in %d files" % (
                rid, len(fs), len(set(n for n, _ in fs))))
            for n, f in fs:
                print("  %s %s %s\n      %s" % (f["sev"], n, f["at"],
                                                f["msg"][:300]))
    for k in sorted(counts):
        tally["instantiated: " + k] += counts[k]
    print("vhost corpus: " + "; ".join("%s %d" % kv for kv in sorted(tally.items())))
    print("findings on accepted files: " + ", ".join(
        "%s %d" % (rid, len(fs)) for rid, fs in sorted(byrule.items())))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(tally=tally, results=results), f, indent=1,
                      default=list)
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
