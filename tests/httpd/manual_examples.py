#!/usr/bin/python3
"""manual_examples.py - the httpd manual's configuration examples as an
oracle for `proxyfpm lint --httpd`.

usage: manual_examples.py PROXYFPM [--manual DIR] [--jobs N] [--all-modules]
                          [--verbose] [--list] [--findings] [--only PAGE]

Users' trees are built from the Apache manual's examples, so the reader must
give `apache2 -t`'s verdict on each of them.  The script extracts every
configuration example of the English manual (Debian's apache2-doc): the
<pre class="prettyprint lang-config"> blocks and the older
<div class="example"><p><code> ones whose first word is a directive, of the
module pages (mod/), the howto/, misc/, vhosts/, rewrite/, ssl/ pages and the
top-level guides.  Each is tagged with its page and the directive whose
section it sits in (whose Context row says where it may be wrapped).

Each example is made runnable in its own private tree: absolute file system
paths are moved under the tree (the same text goes to both tools), the
files and directories they name are created (a name with an extension is a
file, a wildcard gets one match), lines that are only "..." are dropped, and
LoadModule lines point at Debian's module files.  It is wrapped in a private
server configuration (ServerRoot, Listen 127.0.0.1:free port, logs, pid,
runtime dir and mutexes in the tree; mpm_event, the modules the example's
directives and providers need plus their link dependencies, in an order
that loads) at server level, and, when the documented directive's Context
allows and the example holds no section that cannot nest there, inside a
<VirtualHost> and a <Directory>.

On each wrapping, `apache2 -t` and `proxyfpm lint --httpd` run; the kinds of
disagreement are
  a  lint exits 3 where apache2 -t passes (a false error: the worst bug)
  b  apache2 -t fails and lint does not exit 3 (a missed error)
  c  both reject, but no lint error carries apache2's message
  d  (--findings) a high or critical finding on an example apache2 accepts,
     printed for a human to judge (many examples are unsafe on purpose)
The exit status is 1 when a disagreement of kind a or b is not in KNOWN
below, 77 when apache2 or the manual is missing, else 0.
"""
import concurrent.futures, glob, html, json, os, re, shutil, socket
import subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"
MODDIR = "/usr/lib/apache2/modules"
MANUALS = ["/usr/share/doc/apache2-doc/manual/en",
           "/usr/share/doc/apache2-doc/manual",
           "/usr/share/apache2-doc/manual/en",
           "/usr/share/apache2-doc/manual"]
SECTIONS = ["mod", "howto", "misc", "vhosts", "rewrite", "ssl", "."]

# Known disagreements of kind a or b, as (page, directive-or-section, n,
# wrapping): each with the reason it is not (yet) fixed.  n is the example's
# number on its page (from 1), wrapping "server", "vhost" or "dir".
DBD = ("DBDriver: apache2 loads the apr-util driver (apr_dbd_pgsql/mysql) at "
       "configuration time; the reader does not look for the driver files, "
       "not installed here")
FCGI = ("'...' placeholder as a provider name: with mod_authnz_fcgi loaded the "
        "reader takes every provider name as possibly defined by "
        "AuthnzFcgiDefineProvider")
PROXYSET = ("ProxySet names a balancer/worker no earlier line defined; the "
            "reader does not track workers in order")
KNOWN = {
    ("mod/mod_authn_dbd.html", "example", 1, "server"): DBD,
    ("mod/mod_authz_dbd.html", "example", 4, "server"): DBD,
    ("mod/mod_dbd.html", "connecting", 1, "server"): DBD,
    ("mod/mod_session_dbd.html", "dbdconfig", 1, "server"): DBD,
    ("mod/mod_authnz_fcgi.html", "invocations", 1, "server"): FCGI,
    ("mod/mod_authnz_fcgi.html", "invocations", 2, "server"): FCGI,
    ("mod/mod_authnz_fcgi.html", "invocations", 4, "server"): FCGI,
    ("mod/mod_authnz_ldap.html", "reqfilter", 9, "server"):
        "expression of Require ldap-filter: parsers/httpd_expr.c's part",
    ("mod/mod_authnz_ldap.html", "reqsearch", 10, "server"):
        "expression of Require ldap-search: parsers/httpd_expr.c's part",
    ("mod/mod_authnz_ldap.html", "AuthLDAPBindPassword", 20, "dir"):
        "AuthLDAPBindPassword exec:program runs the program at configuration "
        "time (here missing: empty password); the reader runs nothing",
    ("mod/mod_authz_core.html", "AuthzProviderAlias", 12, "server"):
        "Require ip addresses (apr_ipsubnet_create) are not validated",
    ("mod/mod_filter.html", "examples", 3, "server"):
        "FilterProvider expression: parsers/httpd_expr.c's part",
    ("mod/mod_filter.html", "examples", 4, "server"):
        "FilterProvider's filter names (registered by modules, "
        "ExtFilterDefine) are not tracked",
    ("mod/mod_proxy.html", "ProxySet", 32, "server"): PROXYSET,
    ("mod/mod_proxy.html", "ProxySet", 32, "vhost"): PROXYSET,
    ("mod/mod_proxy.html", "ProxySet", 32, "dir"): PROXYSET,
    ("mod/mod_proxy.html", "ProxySet", 33, "server"): PROXYSET,
    ("mod/mod_proxy.html", "ProxySet", 33, "vhost"): PROXYSET,
    ("mod/mod_proxy.html", "ProxySet", 33, "dir"): PROXYSET,
    ("mod/mod_suexec.html", "SuexecUserGroup", 1, "server"):
        "suEXEC disabled (no setuid /usr/lib/apache2/suexec: apache2-suexec-* "
        "not installed); the reader does not check the binary",
    ("mod/mod_suexec.html", "SuexecUserGroup", 1, "vhost"):
        "suEXEC disabled, as above",
    ("rewrite/rewritemap.html", "dbm", 9, "server"):
        "RewriteMap dbm=sdbm: the files apr_dbm uses (.dir/.pag) are not "
        "checked",
}

# Modules whose symbols another module links against: it must load first.
LINK_DEPS = {"cache_disk": ["cache"], "cache_socache": ["cache"],
             "dav_fs": ["dav"], "dav_lock": ["dav"],
             "session_cookie": ["session"], "session_crypto": ["session"],
             "session_dbd": ["session", "dbd"], "authn_dbd": ["dbd"],
             "authz_dbd": ["dbd"], "proxy_balancer": ["proxy"],
             "proxy_html": ["xml2enc"], "authnz_ldap": ["ldap"],
             "lbmethod_byrequests": ["proxy", "proxy_balancer"],
             "lbmethod_bybusyness": ["proxy", "proxy_balancer"],
             "lbmethod_bytraffic": ["proxy", "proxy_balancer"],
             "lbmethod_heartbeat": ["proxy", "proxy_balancer"]}
# Every proxy_* module links against mod_proxy (added below).

# Compiled into Debian's apache2.
BUILTIN = ["so", "watchdog", "http", "log_config", "logio", "version", "unixd"]

# Always loaded: what Debian enables by default and the authz/authn
# providers most examples name in Require or Auth*Provider.
BASE = ["authz_core", "authz_host", "authz_user", "authn_core", "authn_file",
        "auth_basic", "alias", "dir", "mime", "env", "setenvif", "filter",
        "deflate", "negotiation", "autoindex", "reqtimeout", "status",
        "access_compat"]

# Words in an example that name a provider or filter of a module that
# has no directive in it (the module must be loaded for apache2 to find
# the provider at configuration time).
PROVIDERS = [
    (r"\bshmcb\b", "socache_shmcb"), (r"\bdbm:", "socache_dbm"),
    (r"SOCache\s+dbm\b", "socache_dbm"), (r"(?i)\bDav\s+(on|filesystem)\b", "dav_fs"),
    (r"\bmemcache\b", "socache_memcache"), (r"\bredis\b", "socache_redis"),
    (r"\bRequire\s+(not\s+)?group\b", "authz_groupfile"),
    (r"\bRequire\s+(not\s+)?dbm-group\b", "authz_dbm"),
    (r"\bRequire\s+(not\s+)?dbd-group\b", "authz_dbd"),
    (r"\bRequire\s+(not\s+)?file-(owner|group)\b", "authz_owner"),
    (r"\bRequire\s+(not\s+)?ldap-", "authnz_ldap"),
    (r"Provider\s+.*\bdbm\b", "authn_dbm"), (r"Provider\s+.*\bdbd\b", "authn_dbd"),
    (r"Provider\s+.*\bsocache\b", "authn_socache"),
    (r"Provider\s+.*\bldap\b", "authnz_ldap"),
    (r"Provider\s+.*\banon\b", "authn_anon"),
    (r"\bAuthType\s+digest\b", "auth_digest"), (r"\bAuthType\s+form\b", "auth_form"),
    (r"\bCacheEnable\s+disk\b", "cache_disk"),
    (r"\bCacheEnable\s+socache\b", "cache_socache"),
    (r"lbmethod=byrequests", "lbmethod_byrequests"),
    (r"lbmethod=bybusyness", "lbmethod_bybusyness"),
    (r"lbmethod=bytraffic", "lbmethod_bytraffic"),
    (r"lbmethod=heartbeat", "lbmethod_heartbeat"),
    (r"balancer://", "proxy_balancer"), (r"\bfcgi://", "proxy_fcgi"),
    (r"\bhttps?://", None), (r"\bajp://", "proxy_ajp"),
    (r"\bwss?://", "proxy_wstunnel"), (r"\bh2c?://", "proxy_http2"),
    (r"\bscgi://", "proxy_scgi"), (r"\buwsgi://", "proxy_uwsgi"),
    (r"\bINCLUDES\b", "include"), (r"\bSUBSTITUTE\b", "substitute"),
    (r"\bBROTLI_COMPRESS\b", "brotli"), (r"\bSED\b", "sed"),
    (r"\bproxy-html\b", "proxy_html"), (r"\bxml2enc\b", "xml2enc"),
    (r"\bRATE_LIMIT\b", "ratelimit"), (r"\bBUFFER\b", "buffer"),
    (r"\bDATA\b", "data"), (r"\bhcmethod=", "proxy_hcheck"),
    (r"\bSSLEngine\b", "ssl"), (r"\bssl\b", None),
]


def find_manual(arg):
    for d in ([arg] if arg else MANUALS):
        if d and os.path.isfile(os.path.join(d, "mod", "core.html")):
            return d, ".html"
        if d and os.path.isfile(os.path.join(d, "mod", "core.html.en")):
            return d, ".html.en"
    return None, None


def text_of(frag):
    """An HTML fragment's text: <br /> as newlines, tags dropped."""
    frag = re.sub(r"<br\s*/?>", "\n", frag)
    # The manual writes &nbsp; for a space it wants seen ("%M% ,\ referer"
    # in ErrorLogFormat, indentation): a space in the configuration.
    return html.unescape(re.sub(r"<[^>]+>", "", frag)).replace("\xa0", " ")


# One regex over a page finds, in order, directive sections, headings and
# examples.
EVENTS = re.compile(
    r'<div class="directive-section"><h2[^>]*><span id="(?P<dname>[^"]+)"'
    r'|<h[23][^>]*?(?:id|name)="(?P<sec>[^"]+)"'
    r'|<pre class="prettyprint lang-config">(?P<pre>.*?)</pre>'
    r'|<div class="example">(?:<h3>.*?</h3>)?<p><code>(?P<code>.*?)</code></p></div>'
    r'|<th><a href="directive-dict.html#(?P<row>Context|Module)">[^<]*</a></th>'
    r'<td>(?P<val>.*?)</td>', re.S)


def read_pages(manual, ext):
    """(directives, examples): directives maps a lower-cased name to
    (name, modules, contexts); examples is a list of dicts."""
    pages = []
    for sec in SECTIONS:
        pages += sorted(glob.glob(os.path.join(manual, sec, "*" + ext)))
    directives, examples = {}, []
    parsed = []
    for path in pages:
        rel = os.path.relpath(path, manual)
        with open(path, encoding="utf-8", errors="replace") as f:
            parsed.append((rel, list(EVENTS.finditer(f.read()))))
    for rel, events in parsed:
        cur = None
        for m in events:
            if m.group("dname"):
                cur = m.group("dname")
                directives.setdefault(cur.lower(), [cur, [], ""])
            elif m.group("row") and cur:
                val = text_of(m.group("val")).strip()
                if m.group("row") == "Context":
                    directives[cur.lower()][2] = val
                else:
                    directives[cur.lower()][1] = [
                        v.strip() for v in val.split(",") if v.strip()]
    for rel, events in parsed:
        cur, sec, n = None, None, 0
        for m in events:
            if m.group("dname"):
                cur = m.group("dname")
            elif m.group("sec") and not cur:
                sec = m.group("sec")
            elif m.group("pre") is not None or m.group("code") is not None:
                body = text_of(m.group("pre") if m.group("pre") is not None
                               else m.group("code"))
                if m.group("code") is not None and not looks_like_config(
                        body, directives):
                    continue
                n += 1
                examples.append({"page": rel, "n": n, "directive": cur,
                                 "section": sec, "text": body})
    return directives, examples


def first_words(text):
    for line in text.split("\n"):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        w = s.split()[0].lstrip("<").rstrip(">").lstrip("/")
        yield w


def looks_like_config(text, directives):
    for w in first_words(text):
        return w.lower() in directives
    return False


# ---- making an example runnable -------------------------------------------

# A file system path inside an argument: after the start of a word, a quote,
# '|', ':' (dbm:/x, txt:/x) or '='; two components at least, so URL-paths
# like "/" stay.  Paths under /dev and /proc are real.
PATH = re.compile(r'(?:^|(?<=[\s"\'|:=,(]))(/(?!dev/|proc/|/)'
                  r'[A-Za-z0-9._~+@-]+/[^\s"\'|,()<>]*)')
REGEXY = re.compile(r"[\^$()\[\]{}*?+\\%]")


def transform(ex, tree):
    """The example's text with paths moved into tree/root, the paths it
    names created there; None and a reason when it cannot run."""
    root = os.path.join(tree, "root")
    out = []
    made = set()
    for line in ex["text"].split("\n"):
        s = line.strip()
        if s in ("...", "# ...", "[...]", "…") or re.fullmatch(r"\.\.\.+", s):
            continue
        words = s.split()
        dname = words[0].lstrip("<").lower() if words else ""
        if dname == "loadfile":
            return None, "LoadFile of a library not on this system"
        if dname == "loadmodule" and len(words) >= 3:
            so = os.path.basename(words[2].strip('"'))
            if not os.path.exists(os.path.join(MODDIR, so)):
                return None, "LoadModule of %s, not shipped" % so
            line = "LoadModule %s %s/%s" % (words[1], MODDIR, so)
            out.append(line)
            continue
        if s.startswith("#"):
            out.append(line)
            continue

        def move(m):
            p = m.group(1)
            if p.startswith(tree):
                return p
            new = root + p
            made.add((new, dname))
            return new
        line = PATH.sub(move, line)
        # Relative file arguments of file directives resolve against the
        # ServerRoot (the tree): create them too.
        if re.search(r"(file|path)$", dname) or dname.startswith("include"):
            for w in words[1:]:
                w = w.strip('"\'')
                if w and not w.startswith("/") and "://" not in w and \
                        re.fullmatch(r"[A-Za-z0-9._/-]+", w) and "/" in w:
                    made.add((os.path.join(tree, w), dname))
        out.append(line)
    for p, dname in sorted(made):
        create(p, dname)
    return "\n".join(out), None


def create(p, dname):
    if REGEXY.search(p.replace("*", "")):
        return
    try:
        if "*" in p or "?" in p:
            d, base = os.path.split(p)
            if REGEXY.search(d):
                return
            os.makedirs(d, exist_ok=True)
            name = base.replace("*", "x").replace("?", "x")
            if not REGEXY.search(name):
                open(os.path.join(d, name), "a").close()
            return
        if os.path.exists(p):
            return
        base = os.path.basename(p.rstrip("/"))
        isdir = (p.endswith("/") or "." not in base or
                 dname in ("documentroot", "directory", "directorymatch",
                           "cacheroot", "userdir", "davlockdb") or
                 dname.endswith("path") and not dname.endswith("file"))
        if dname.endswith("file") or dname.startswith("include") or \
                dname in ("loadfile",):
            isdir = p.endswith("/")
        if isdir:
            os.makedirs(p, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "a").close()
    except OSError:
        pass


SHIPPED = None


def shipped():
    global SHIPPED
    if SHIPPED is None:
        SHIPPED = set(f[4:-3] for f in os.listdir(MODDIR)
                      if f.startswith("mod_") and f.endswith(".so"))
    return SHIPPED


def modules_for(text, directives, all_modules):
    """(load order, None) or (None, reason)."""
    have = shipped()
    if all_modules:
        want = set(m for m in have if not m.startswith("mpm_"))
    else:
        want = set(BASE)
        for w in first_words(text):
            d = directives.get(w.lower())
            if not d:
                continue
            mods = [m for m in d[1] if m.startswith("mod_")]
            if d[1] and not mods:
                continue	# core, an MPM, mpm_common
            ok = [m[4:] for m in mods if m[4:] in have]
            if any(m[4:] in BUILTIN for m in mods):
                continue
            if mods and not ok:
                return None, "%s is a directive of %s, not shipped" % (
                    d[0], ", ".join(mods))
            want.update(ok)
        for pat, mod in PROVIDERS:
            if mod and re.search(pat, text, re.I if mod.startswith("auth")
                                 else 0):
                want.add(mod)
        if re.search(r"\bSSL\w+\b", text) or re.search(r"\bMD\w+", text):
            pass
    order, seen = [], set()

    def add(m):
        if m in seen:
            return
        seen.add(m)
        deps = list(LINK_DEPS.get(m, []))
        if m.startswith("proxy_"):
            deps.insert(0, "proxy")
        for d in deps:
            add(d)
        order.append(m)
    for m in sorted(want):
        add(m)
    return order, None


def head(tree, port, mods, text):
    m = re.search(r"^\s*LoadModule\s+(mpm_\w+)_module", text, re.M)
    mpm = m.group(1) if m else "mpm_event"
    return ("ServerRoot \"%s\"\nServerName ex.test\nListen 127.0.0.1:%d\n"
            "ErrorLog \"%s/logs/error_log\"\nPidFile \"%s/run/pid\"\n"
            "DefaultRuntimeDir \"%s/run\"\nMutex file:%s/run default\n"
            "LoadModule %s_module %s/mod_%s.so\n"
            % (tree, port, tree, tree, tree, tree, mpm, MODDIR, mpm) +
            "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, MODDIR, m)
                    for m in mods))


# Sections that cannot sit inside <VirtualHost> or <Directory>.
NO_VHOST = re.compile(r"^\s*<\s*(VirtualHost|MDomain|ManagedDomain)\b", re.I | re.M)
NO_DIR = re.compile(r"^\s*<\s*(VirtualHost|Directory|DirectoryMatch|Location|"
                    r"LocationMatch|Proxy|ProxyMatch|MDomain|ManagedDomain|"
                    r"Macro|AuthnProviderAlias|AuthzProviderAlias|"
                    r"IfDefine|IfModule)\b", re.I | re.M)


def wrappings(ex, text, directives, tree, port):
    ctx = ""
    if ex["directive"]:
        ctx = directives.get(ex["directive"].lower(), ["", [], ""])[2].lower()
    forms = []
    if not ctx or "server config" in ctx:
        forms.append(("server", text))
    if "virtual host" in ctx and not NO_VHOST.search(text):
        forms.append(("vhost", "<VirtualHost 127.0.0.1:%d>\n%s\n</VirtualHost>"
                      % (port, text)))
    if ("directory" in ctx or ".htaccess" in ctx) and not NO_DIR.search(text):
        d = os.path.join(tree, "root", "srv", "wrap")
        os.makedirs(d, exist_ok=True)
        forms.append(("dir", "<Directory \"%s\">\n%s\n</Directory>" % (d, text)))
    return forms


def run_one(job):
    tree, conf, lint = job["tree"], job["conf"], job["lint"]
    a = subprocess.run([APACHE, "-d", tree, "-f", conf, "-t"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    p = subprocess.run([lint, "lint", "--httpd", conf, "-d", tree,
                        "--no-htaccess", "--no-config", "--fail-on", "none",
                        "--format", "json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    aout = a.stdout.decode("utf-8", "replace")
    errs, high = [], []
    try:
        rep = json.loads(p.stdout.decode("utf-8", "replace"))
        for f in rep.get("findings", []):
            if f.get("severity") == "error":
                errs.append(f.get("message", ""))
            elif f.get("severity") in ("high", "critical"):
                high.append("%s %s: %s" % (f.get("severity"), f.get("id"),
                                           f.get("message", "")))
    except ValueError:
        errs.append("(no JSON report) " +
                    p.stderr.decode("utf-8", "replace")[-300:])
    kind = None
    aok = a.returncode == 0
    if aok and p.returncode == 3:
        kind = "a"
    elif not aok and p.returncode != 3:
        kind = "b"
    elif not aok:
        m = re.search(r"Syntax error on line \d+ of [^:]+:\s*(.*)", aout)
        lines = [l for l in aout.strip().split("\n")
                 if "Configuration check failed" not in l]
        msg = m.group(1).strip() if m else (lines or [""])[-1]
        msg = re.sub(r"^\(\d+\)[^:]*: ", "", msg)
        msg = re.sub(r"^AH\d+: (apache2: )?", "", msg)
        # ap_log_error escapes bytes outside ASCII ("\xc2\xa0") and
        # doubles backslashes
        msg = re.sub(rb"\\(x[0-9a-f]{2}|\\)", lambda x: b"\\" if
                     x.group(1) == b"\\" else bytes([int(x.group(1)[1:], 16)]),
                     msg.encode("utf-8")).decode("utf-8", "replace")
        if msg and not any(msg in e for e in errs):
            kind = "c"
    if p.returncode not in (0, 1, 3):
        kind = kind or "b"
        errs.append("lint exit %d: %s" % (p.returncode,
                    p.stderr.decode("utf-8", "replace")[-300:]))
    return {"kind": kind, "arc": a.returncode, "lrc": p.returncode,
            "aout": aout.strip(), "errs": errs, "high": high if aok else []}


def main(argv):
    lint = None
    opts = {"--manual": None, "--jobs": str(min(4, (os.cpu_count() or 2) + 1)),
            "--only": None}
    flags = set()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in opts and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
            continue
        if a in ("--all-modules", "--verbose", "--list", "--findings", "--keep"):
            flags.add(a)
        elif lint is None and not a.startswith("-"):
            lint = a
        else:
            print(__doc__)
            return 2
        i += 1
    manual, ext = find_manual(opts["--manual"])
    if not os.access(APACHE, os.X_OK) or not manual:
        print("SKIP: needs %s and the manual (apt-get install apache2-doc)"
              % APACHE)
        return 77
    if not lint and "--list" not in flags:
        print(__doc__)
        return 2
    directives, examples = read_pages(manual, ext)
    if opts["--only"]:
        examples = [e for e in examples if opts["--only"] in e["page"]]
    if "--list" in flags:
        for e in examples:
            print("== %s #%d [%s]\n%s" % (e["page"], e["n"],
                  e["directive"] or e["section"], e["text"]))
        print("%d examples" % len(examples))
        return 0
    tmp = tempfile.mkdtemp(prefix="pf-manual.")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    jobs, skips = [], {}
    seen = set()
    for k, ex in enumerate(examples):
        tree = os.path.join(tmp, "e%04d" % k)
        for d in ("logs", "run", "root"):
            os.makedirs(os.path.join(tree, d))
        text, why = transform(ex, tree)
        mods = None
        if text is not None:
            mods, why = modules_for(text, directives, "--all-modules" in flags)
        if why:
            skips.setdefault(why, []).append(ex)
            continue
        forms = wrappings(ex, text, directives, tree, port)
        if not forms:
            skips.setdefault("no context to wrap it in", []).append(ex)
            continue
        for wrap, body in forms:
            conf = os.path.join(tree, "%s.conf" % wrap)
            full = head(tree, port, mods, text) + body + "\n"
            key = full.replace(tree, "TREE")
            if key in seen:
                continue
            seen.add(key)
            with open(conf, "w") as f:
                f.write(full)
            jobs.append({"ex": ex, "wrap": wrap, "tree": tree, "conf": conf,
                         "lint": lint})
    with concurrent.futures.ThreadPoolExecutor(int(opts["--jobs"])) as pool:
        results = list(pool.map(run_one, jobs))
    counts = {"a": 0, "b": 0, "c": 0}
    known = agree = rejected = highs = 0
    ran = set()
    fail = 0
    for job, r in zip(jobs, results):
        ex = job["ex"]
        ran.add((ex["page"], ex["n"]))
        tag = "%s #%d [%s] %s" % (ex["page"], ex["n"],
                                  ex["directive"] or ex["section"], job["wrap"])
        rejected += r["arc"] != 0
        if r["high"] and "--findings" in flags:
            highs += 1
            print("FINDING %s\n  %s\n  | %s" % (tag, "\n  ".join(r["high"]),
                  "\n  | ".join(ex["text"].split("\n"))))
        if not r["kind"]:
            agree += 1
            continue
        counts[r["kind"]] += 1
        key = (ex["page"], ex["directive"] or ex["section"], ex["n"], job["wrap"])
        is_known = r["kind"] in "ab" and key in KNOWN
        known += is_known
        if r["kind"] in "ab" and not is_known:
            fail += 1
        print("%s %s: %s\n  apache2 (%d): %s\n  lint (%d): %s"
              % ("KNOWN" if is_known else "DIFF-" + r["kind"], tag,
                 KNOWN.get(key, ""), r["arc"], r["aout"][-400:], r["lrc"],
                 "\n    ".join(r["errs"])[:600]))
        if "--verbose" in flags:
            print("  | " + "\n  | ".join(open(job["conf"]).read().split("\n")))
    nskip = sum(len(v) for v in skips.values())
    print("skipped %d examples:" % nskip)
    for why, exs in sorted(skips.items(), key=lambda kv: -len(kv[1])):
        print("  %3d  %s" % (len(exs), why))
    print("%d examples, %d run (%d configurations, %d rejected by apache2), "
          "%d skipped; %d agree; disagree: a %d, b %d, c %d (%d known)"
          % (len(examples), len(ran), len(jobs), rejected, nskip, agree,
             counts["a"], counts["b"], counts["c"], known)
          + ("; %d with high/critical findings" % highs
             if "--findings" in flags else ""))
    if "--keep" in flags:
        print("trees kept in " + tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
