#!/usr/bin/python3
"""property.py - randomized property test of 'proxyfpm compile'.

Generates valid site descriptions (docs/site-format.md: every section and
key, boundary values, odd but valid names, continuation lines, quotes,
comments, CRLF, host files, both layouts, several PHP versions), one per
seed, and requires of each:

  1. compile exits 0 (with --remap-root, and again with -o, no remap);
  2. check on the same input reports no error;
  3. apache2 -t accepts the emitted vhosts (and the MPM snippet) in a
     private httpd.conf that loads the MPM the description names;
  4. php-fpm8.2 -t accepts the emitted pools of each service together, and
     php-fpm8.2 -tt shows each [php NAME] value and env[] value as the
     description meant it (flags as 1/0, remapped paths moved);
  5. lint --root of the emitted tree (with an apache2.conf/httpd.conf and
     php-fpm.conf that include it, the users in etc/passwd, the folders
     and certificates in place) reports no error and no finding of
     severity high or critical; medium and low findings are counted and
     listed at the end;
  6. compiling twice gives byte-identical trees.

Environment: PROXYFPM (the binary), PF_PROP_COUNT (descriptions, default
200), PF_PROP_SEED (first seed, default 1), PF_PROP_JOBS (parallel
checks, default 2), PF_PROP_ONLY (a comma list of seeds: reproduce),
PF_PROP_KEEP (a folder: each failing description is copied there),
PF_PROP_PRINT (a seed: print its description and exit).
Exit 0 when every property holds, 1 otherwise (each failure names its
seed and prints the description).
"""
import concurrent.futures
import filecmp
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

PROXYFPM = os.environ.get("PROXYFPM", "proxyfpm")
APACHE = "/usr/sbin/apache2"
FPM = "php-fpm8.2"
MODDIR = "/usr/lib/apache2/modules"

# ---------------------------------------------------------------- values

NAME_CH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
PATH_CH = "abcdefghijklmnopqrstuvwxyz0123456789_.-+@,%~"


def reachable(h):
    """h as a name a Host header can carry: httpd answers 400 to one whose
    last label does not start with a letter, or of digits and dots but
    not an IPv4 address (check refuses those: site-value)."""
    if re.fullmatch(r"[0-9.]+", h):
        parts = h.split(".")
        if len(parts) == 4 and all(p and (p == "0" or p[0] != "0")
                                   for p in parts):
            return h
    last = h.rsplit(".", 1)[-1]
    if "." not in h or last[:1].isalpha() or re.search(r"[*?]", last):
        if not re.fullmatch(r"[0-9]+", h):
            return h
    head = h[:len(h) - len(last)]
    return head + ("x" + last)[:63]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used_names = set()      # case-blind: sites and pools

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def name(self, maxlen=32):
        r = self.r
        for _ in range(100):
            kind = r.random()
            if kind < 0.05:
                # names php-fpm's INI scanner would read as something
                # else if they were written bare
                n = self.pick(["yes", "no", "on", "Off", "none", "null",
                               "TRUE", "E_ALL", "PHP_OS", "E_STRICT",
                               "PHP_EOL", "x.y", "0", "1"])
            elif kind < 0.4:
                n = self.pick(["shop", "blog", "wiki", "app", "api", "cms",
                               "www", "forum", "static", "admin"])
                n += self.pick(["", str(r.randint(1, 99)), "-" + str(
                    r.randint(1, 9)), "_x", ".v2", "-prod", ".example"])
            elif kind < 0.6:
                n = str(r.randint(0, 9)) + "".join(
                    r.choice(NAME_CH + "_-.") for _ in range(r.randint(0, 8)))
            elif kind < 0.7:
                # boundary: exactly the longest name
                n = r.choice(NAME_CH) + "".join(
                    r.choice(NAME_CH + "_-.") for _ in range(maxlen - 1))
            elif kind < 0.8:
                n = r.choice(NAME_CH)          # one character
            else:
                n = r.choice(NAME_CH) + "".join(
                    r.choice(NAME_CH + "_-.") for _ in range(
                        r.randint(1, 15)))
            n = n[:maxlen]
            # root, and digits that are all 0 (php-fpm's uid 0), are
            # refused as default users
            if n.lower() in self.used_names or n.lower() == "root" or \
                    n.strip("0") == "":
                continue
            self.used_names.add(n.lower())
            return n
        raise RuntimeError("no name")

    def user(self):
        # a user or group name (never root)
        return self.pick(["www-data", "nobody", "app", "deploy", "u1",
                          "svc.shop", "a" * 32, "9lives", "web-1", "no",
                          "E_ALL", "Null", "MyApp"])

    def label(self, n=None):
        r = self.r
        if n is None:
            n = r.choice([1, 2, 3, 5, 8, 12, 63])
        return "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789-_")
                       for _ in range(n))

    def hostname(self, wildcard=False, maxlen=150):
        r = self.r
        k = r.random()
        if k < 0.5:
            h = self.pick(["example.com", "example.org", "shop.example.net",
                           "www.example.com", "a.b.c.d.example"])
            h = self.pick(["", self.label(r.randint(1, 10)) + "."]) + h
        elif k < 0.6:
            h = "localhost"
        elif k < 0.7:
            h = ".".join(str(r.randint(0, 255)) for _ in range(4))
        elif k < 0.8:
            h = self.label(63) + "." + self.label(3)
        else:
            h = ".".join(self.label() for _ in range(r.randint(1, 4)))
        if wildcard and self.chance(0.4):
            h = self.pick(["*.", "?", "*", "w?w.", "*-"]) + h
        h = h[:maxlen].strip(".") or "x"
        # labels of at most 63 characters (sv_hostname)
        return reachable(".".join(x[:63] for x in h.split(".") if x) or "x")

    def vaddr(self, tls=False):
        r = self.r
        port = self.pick(["", ":80", ":443", ":8080", ":8443", ":1",
                          ":65535", ":%d" % r.randint(1, 65535)])
        if tls and self.chance(0.6):
            port = ":443"
        host = self.pick(["*", "*", "_default_", "192.0.2.%d" % r.randint(
            1, 254), "127.0.0.1", "0.0.0.0", "[2001:db8::%x]" % r.randint(
                1, 0xffff), "[::1]", "[::]", "localhost"])
        if host == "localhost" and port == "":
            port = ":8081"
        return host + port

    def path(self, prefix=None, depth=None, maxlen=60):
        r = self.r
        if depth is None:
            depth = r.randint(1, 4)
        segs = []
        for _ in range(depth):
            k = r.random()
            if k < 0.6:
                s = self.pick(["srv", "var", "www", "data", "html", "public",
                               "sites", "home", "htdocs", "web", "php"])
            else:
                s = "".join(r.choice(PATH_CH) for _ in range(
                    r.randint(1, 10)))
                if s in (".", ".."):
                    s = "d" + s
            segs.append(s)
        p = (prefix or "") + "/" + "/".join(segs)
        return p[:maxlen].rstrip("/") or "/x"

    def messy(self, p):
        """The same absolute path written with '//', '/./' or a trailing
        '/', which the reader drops."""
        if not self.chance(0.15):
            return p
        k = self.r.randint(0, 2)
        if k == 0:
            return p.replace("/", "//", 1)
        if k == 1:
            i = p.rfind("/")
            return p[:i] + "/." + p[i:] if i > 0 else p
        return p + "/"

    def size(self, nbytes):
        """nbytes written in one of the size forms."""
        r = self.r
        for unit, sh in (("T", 40), ("G", 30), ("M", 20), ("K", 10)):
            if nbytes % (1 << sh) == 0 and self.chance(0.8):
                u = self.pick([unit, unit.lower(), unit + "B",
                               unit.lower() + "b"])
                return "%d%s" % (nbytes >> sh, u)
        return str(nbytes)

    def secs(self, s, allow_ms=False):
        r = self.r
        forms = ["%d" % s, "%ds" % s]
        if s % 60 == 0:
            forms.append("%dm" % (s // 60))
        if s % 3600 == 0:
            forms.append("%dh" % (s // 3600))
        if s % 86400 == 0:
            forms.append("%dd" % (s // 86400))
        if allow_ms:
            forms.append("%dms" % (s * 1000))
        return r.choice(forms)

    def boolean(self, v):
        w = self.pick([("yes", "no"), ("on", "off"), ("true", "false"),
                       ("1", "0"), ("Yes", "No"), ("TRUE", "FALSE"),
                       ("On", "Off")])
        return w[0] if v else w[1]


# ----------------------------------------------------------- php values

# Values whose meaning is a PHP constant expression, with what php-fpm
# 8.2 makes of them (E_ALL 32767, E_DEPRECATED 8192, E_STRICT 2048,
# E_NOTICE 8, E_WARNING 2).
CONST_EXPR = [
    ("E_ALL", "32767"),
    ("E_ALL & ~E_DEPRECATED", "24575"),
    ("E_ALL & ~E_DEPRECATED & ~E_STRICT", "22527"),
    ("E_ALL&~E_NOTICE", "32759"),
    ("E_WARNING | E_NOTICE", "10"),
    ("E_ALL ^ E_DEPRECATED", "24575"),
    ("(E_ALL & ~E_NOTICE)", "32759"),
]

PHP_KEYS_STR = ["date.timezone", "sendmail_path", "highlight.string",
                "arg_separator.output", "error_prepend_string",
                "error_append_string", "session.name", "default_charset",
                "mbstring.language", "session.cookie_samesite",
                "user_agent", "my.ext-setting_1", "x", "E_ALL", "PHP_OS",
                "on", "null", "opcache.preferred_memory_model",
                "session.serialize_handler", "variables_order",
                "disable_classes", "disable_functions"]
PATH_SINGLE = ["error_log", "upload_tmp_dir", "sys_temp_dir",
               "auto_prepend_file", "auto_append_file", "doc_root",
               "opcache.file_cache", "opcache.error_log", "mail.log",
               "soap.wsdl_cache_dir"]
FLAG_KEYS = ["display_errors", "expose_php", "log_errors",
             "short_open_tag", "allow_url_fopen", "file_uploads",
             "session.cookie_httponly", "session.cookie_secure",
             "opcache.enable", "zend.exception_ignore_args"]
NUM_KEYS = ["max_execution_time", "max_input_time", "max_input_vars",
            "opcache.memory_consumption", "session.gc_maxlifetime",
            "realpath_cache_ttl", "precision"]
SIZE_KEYS = ["upload_max_filesize", "post_max_size",
             "realpath_cache_size"]

TEXT_VALUES = [
    "Europe/Berlin", "UTC", "/usr/sbin/sendmail -t -i", "#DD0000",
    "&amp;", "<span class='err'>", "say \"hi\"", "it's; here",
    "a;b", "100%", "a=b", "${HOME}", "$HOME", "back\\slash",
    "tab\there", "x | y", "(paren)", "!bang", "~tilde", "a^b",
    "none", "null", "NONE", "Null", "yes please", "  lead", "UTF-8",
    "exec,passthru,shell_exec,system,proc_open,popen", "Strict", "Lax",
    "'single'", "\"dq\"", "a'b\"c", "x\\\"y", "\\", "$", "{}", "[a]",
    "semi;", "?", "=", "=x", "*.php", "mixed CASE words",
    "12abc", "0x1F", "1e3", "-1", "+5", "0777", "äöü", "日本",
    "1_000", "1.5", ".5", "-0", "1.2.3", "A_B", "_", "9Z", "Z9", "E_ALL_X",
    "a'b\"c$x\\", "${HOME}x", "a${b", "@", "%", "~/x", "x~", "1-2",
    "--", "a,b", "a:b", "/", "//", "-", "+", ".", "..", "\\n", "NULL",
    "YES", "off ", "TRUE1", "1TRUE", "E_ALL|E_STRICT", "E_ALL&", "(E_ALL",
    "E_ALL)", "~", "!", "!E_ALL", "~~E_ALL", "E_ALL E_STRICT",
]


FPM_EXPANDS = ["error_log", "extension_dir", "mime_magic.magicfile",
               "sendmail_path", "session.cookie_path",
               "session_pgsql.sem_file_name", "soap.wsdl_cache_dir",
               "uploadprogress.file.filename_template", "xdebug.output_dir",
               "xdebug.profiler_output_dir", "xdebug.trace_output_dir",
               "xmms.path", "axis2.client_home", "blenc.key_file",
               "coin_acceptor.device"]


CONSTS = {"E_ALL": 32767, "E_STRICT": 2048, "E_DEPRECATED": 8192,
          "E_NOTICE": 8, "E_WARNING": 2}


def const_expr(v):
    """The value php-fpm gives a constant expression of the constants
    above and numbers (zend_ini_parser.y), None when it is not one (the
    emitter quotes it, so it stays as written) or names another
    constant."""
    toks = re.findall(r"[A-Z0-9_]+|[&|^~!()]|\S", v)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def unary():
        t = peek()
        if t is None:
            raise ValueError
        pos[0] += 1
        if t == "~":
            return ~unary()
        if t == "!":
            return int(not unary())
        if t == "(":
            x = expr()
            if peek() != ")":
                raise ValueError
            pos[0] += 1
            return x
        if t in CONSTS:
            return CONSTS[t]
        if t.isdigit():
            return int(t)
        raise KeyError

    def expr():
        x = unary()
        while peek() in ("|", "&", "^"):
            op = peek()
            pos[0] += 1
            y = unary()
            x = x | y if op == "|" else x & y if op == "&" else x ^ y
        return x
    try:
        x = expr()
        if pos[0] != len(toks):
            return v       # not an expression: quoted, kept as written
        return str(x)
    except ValueError:
        return v
    except KeyError:
        return None


def ini_bool(v):
    """zend_ini_parse_bool: "true", "yes", "on" in any case, else atoi."""
    low = v.strip().lower()
    if low in ("true", "yes", "on"):
        return True
    m = re.match(r"\s*[-+]?\d+", v)
    return bool(m) and int(m.group(0)) != 0


def upload_fallback(php):
    """Where PHP stages uploads without upload_tmp_dir (sys_temp_dir, else
    /tmp: compile writes clear_env = yes), or None when nothing is checked
    against open_basedir (emitters/emit_pool.c upload_fallback)."""
    d = dict(php)
    if d.get("upload_tmp_dir"):
        return None
    if "file_uploads" in d and not ini_bool(d["file_uploads"]):
        return None
    if d.get("sys_temp_dir"):
        return d["sys_temp_dir"] if d["sys_temp_dir"].startswith("/") \
            else None
    return "/tmp"


def basedir_with_roots(value, roots, php=()):
    """The open_basedir compile writes: each document root of the pool's
    sites (in path order) that no absolute entry holds (the entry's
    folder or below it) is added at the end (emitters/emit_pool.c):
    php-fpm refuses the scripts of a site it leaves out; then the folder
    uploads are staged in, without which every upload fails."""
    out = value

    def held(path):
        for e in out.split(":"):
            b = e.rstrip("/")
            if e.startswith("/") and (b == "" or path == b or
                                      path.startswith(b + "/")):
                return True
        return False
    for root in sorted(set(roots)):
        if not held(root):
            out = out + ":" + root if out else root
    up = upload_fallback(php)
    if up is not None and not held(up):
        out = out + ":" + up if out else up
    return out


def php_fpm_expected(key, value, root):
    """What php-fpm8.2 -tt should show for php_admin_*[key] written from
    this description value (None: a constant expression not in the
    table; not compared)."""
    low = value.lower()
    if low in ("on", "yes", "true", "off", "no", "false"):
        # php_admin_flag: 1 or 0, which php-fpm then expands like any
        # other value of these keys (a flag sendmail_path is /usr/1)
        v = "1" if low in ("on", "yes", "true") else "0"
        return "/usr/" + v if key in FPM_EXPANDS else v
    for expr, num in CONST_EXPR:
        if value == expr:
            return num
    if re.fullmatch(r"[A-Z0-9_ \t&|^~!()]+", value) and \
            re.search(r"[&|^~!()]", value):
        r = const_expr(value)
        if r != value:
            return r     # evaluated (None: a constant not in the table)
    if root is None:
        return value
    if key in ("open_basedir", "include_path"):
        return ":".join(root + p if p.startswith("/") else p
                        for p in value.split(":"))
    if key == "session.save_path":
        i = value.rfind(";")
        head, tail = value[:i + 1], value[i + 1:]
        return head + root + tail if tail.startswith("/") else value
    if key in PATH_SINGLE and value.startswith("/"):
        return root + value
    # php-fpm itself puts its prefix (/usr) before a relative value of
    # these (fpm_php.c, fpm_php_ini_to_expand; error_log = syslog stays)
    if key in FPM_EXPANDS and not value.startswith("/") and not (
            key == "error_log" and value == "syslog"):
        return "/usr/" + value
    return value


# ------------------------------------------------------------ generator

def split_value(g, v, maxpiece=60):
    """Splits a [php] value into pieces for continuation lines, only
    where neither side is blank and no piece starts a comment."""
    pieces = []
    while len(v) > maxpiece:
        ok = [i for i in range(10, maxpiece)
              if v[i - 1] not in " \t" and v[i] not in " \t;#["
              and not (v[i] == ";" or v[i - 1] == ";")]
        if not ok:
            break
        i = g.pick(ok)
        pieces.append(v[:i])
        v = v[i:]
    pieces.append(v)
    return pieces


class Desc:
    """One generated description: files, command-line arguments and what
    the checks need to know."""

    def __init__(self, seed):
        self.seed = seed
        self.files = {}          # relative path -> text
        self.inputs = []         # files given on the command line
        self.args = []           # extra compile/check arguments
        self.layout = "debian"
        self.mpm = "event"
        self.emit_mpm = False
        self.php_expect = {}     # pool -> [(kind, key, value)]
        self.users = set()
        self.versions = set()


def gen_desc(seed):
    g = Gen(seed)
    r = g.r
    d = Desc(seed)

    # ---- host
    d.layout = "rhel" if g.chance(0.25) else "debian"
    layout_in_host = g.chance(0.5)
    if not layout_in_host and d.layout == "rhel" or g.chance(0.1):
        d.args += ["--layout", d.layout]
        layout_in_host = False
    cores = g.pick([1, 1, 2, 2, 4, 4, 8, 16, 32, 64, 96, 128, 1024, 65536]
                   if g.chance(0.97) else [65536])
    d.mpm = g.pick(["event", "event", "event", "worker", "prefork"])
    d.emit_mpm = d.mpm != "prefork" and g.chance(0.45)
    mpm_arg = None
    if d.mpm != "prefork" and g.chance(0.1):
        mpm_arg = g.pick(["--mpm", "--no-mpm"])
        d.emit_mpm = mpm_arg == "--mpm"
        d.args.append(mpm_arg)
    wpc = g.pick([None, None, 1, 2, 8, 64, 1024])
    php_versions = ["8.2"]
    if d.layout == "debian" and g.chance(0.3):
        php_versions = g.pick([["8.2", "7.4"], ["8.3", "8.1"], ["8.2", "10.12"],
                               ["7.4"], ["8.2", "8.3", "5.6"]])
    host_ver = php_versions[0] if g.chance(0.5) else None

    # ---- pools and sites
    npools = g.pick([1, 1, 1, 2, 2, 3, 5])
    pools = []
    for i in range(npools):
        p = {"name": g.name(), "keys": [], "php": [], "sites": [],
             "handlers": set(), "pathinfo_on": False}
        p["ver"] = g.pick(php_versions) if len(php_versions) > 1 else \
            php_versions[0]
        pools.append(p)
    nsites = g.pick([1, 1, 1, 2, 2, 3, 4, 6])
    sites = []
    for i in range(nsites):
        s = {"name": None, "keys": []}
        if i < npools:
            s["pool"] = pools[i]
        else:
            s["pool"] = g.pick(pools)
        sites.append(s)
    # site i < npools uses pool i, and may be named like it (then it
    # needs no 'pool ='); the others name a pool
    for i, s in enumerate(sites):
        p = s["pool"]
        if i < npools and g.chance(0.6):
            s["name"] = p["name"]
            s["implicit"] = True
        else:
            s["name"] = g.name()
        p["sites"].append(s)
    d.pools, d.sites = pools, sites

    # site keys
    for s in sites:
        p = s["pool"]
        k = s["keys"]
        if not s.get("implicit"):
            pn = p["name"]
            if g.chance(0.2):
                pn = pn.swapcase()
            k.append(("pool", pn))
        k.append(("server_name", g.hostname()))
        if g.chance(0.4):
            k.append(("aliases", [g.hostname(wildcard=True)
                                  for _ in range(r.randint(1, 5))]))
        tls = g.chance(0.4)
        s["tls"] = tls
        if g.chance(0.35):
            k.append(("listen", [g.vaddr(tls) for _ in range(
                r.randint(1, 3))]))
        if g.chance(0.3):
            k.append(("server_admin", g.pick(["webmaster@example.com",
                                              "a.b+c@x-y.example",
                                              "root", "ops_1@localhost"])))
        # never "/": compile refuses a site that serves the whole file
        # system (property.sh checks that it does)
        docroot = g.path(depth=r.randint(1, 5))
        s["docroot"] = docroot
        k.append(("document_root", g.messy(docroot)))
        if g.chance(0.5):
            ups = []
            for _ in range(r.randint(1, 4)):
                if g.chance(0.75):
                    u = g.path(depth=r.randint(1, 3)).lstrip("/")
                    u = g.pick(["", "", "", "./"]) + u
                    if g.chance(0.1):
                        u += "/"
                else:
                    u = g.path(prefix="/var/lib/uploads", depth=1)
                    if g.chance(0.5) and docroot != "/":
                        u = docroot + "/" + g.path(depth=1).lstrip("/")
                ups.append(u)
            k.append(("upload_dirs", ups))
        if g.chance(0.3):
            k.append(("front_controller", g.pick(
                ["/index.php", "/app.php", "/a/b/c.php", "/x-y_z.php",
                 "/~user/index.php", "/v1.2/app.php"])))
        if g.chance(0.2):
            k.append(("index", [g.pick(["index.php", "index.html",
                                        "default.htm", "app_1.php",
                                        "a-b.php", "INDEX.PHP"])
                                for _ in range(r.randint(1, 3))]))
        handler = "proxypassmatch" if g.chance(0.3) else "sethandler"
        if handler == "proxypassmatch" or g.chance(0.2):
            k.append(("handler", handler))
        s["handler"] = handler
        p["handlers"].add(handler)
        if handler == "proxypassmatch" and "%" in docroot:
            # a '%' cannot go into its FastCGI URL (check refuses it)
            s["docroot"] = docroot = docroot.replace("%", "_")
            k[:] = [(kk, vv.replace("%", "_") if kk == "document_root"
                     else vv) for kk, vv in k]
        pi = None
        if g.chance(0.5):
            pi = handler == "sethandler" and g.chance(0.5)
            k.append(("pathinfo", g.boolean(pi)))
        if pi:
            p["pathinfo_on"] = True
        if tls:
            k.append(("tls_cert", g.path(prefix="/etc/ssl/certs",
                                         depth=1) + ".pem"))
            k.append(("tls_key", g.path(prefix="/etc/ssl/private",
                                        depth=1) + ".key"))
            if g.chance(0.4):
                k.append(("tls_redirect", g.boolean(g.chance(0.7))))
            if g.chance(0.25):
                k.append(("redirect_listen", [g.vaddr() for _ in range(
                    r.randint(1, 2))]))
            if g.chance(0.3):
                k.append(("hsts", g.pick(["off", "0", "1", "1s", "300",
                                          "730d", "365d", "1h", "3660d",
                                          "52704h"])))
        if g.chance(0.3):
            k.append(("http2", g.boolean(g.chance(0.6))))
        if g.chance(0.2):
            k.append(("error_log", g.path(prefix="/var/log", depth=2)))
        if g.chance(0.2):
            k.append(("access_log", "off" if g.chance(0.3) else
                      g.path(prefix="/var/log", depth=2)))

    # a pool behind proxypassmatch runs with cgi.fix_pathinfo = 0: its
    # sethandler sites cannot have pathinfo = on (check refuses that)
    for s in sites:
        p = s["pool"]
        if "proxypassmatch" in p["handlers"]:
            s["keys"] = [(k, g.boolean(False)) if k == "pathinfo" else (k, v)
                         for k, v in s["keys"]]
    for p in pools:
        if "proxypassmatch" in p["handlers"]:
            p["pathinfo_on"] = False

    # pool keys; memory need is summed for the host
    need_explicit = 0
    wmax = 128 << 20
    demand_sum = 0
    ports = set()
    for p in pools:
        k = p["keys"]
        if p["ver"] != (host_ver or "8.2") or g.chance(0.2):
            k.append(("php_version", p["ver"]))
        d.versions.add(p["ver"])
        if g.chance(0.3):
            u = g.user()
            k.append(("user", u))
            d.users.add(u)
            if g.chance(0.5):
                gr = g.user()
                k.append(("group", gr))
                d.users.add(gr)
        else:
            d.users.add(p["name"])
        if g.chance(0.3):
            if g.chance(0.5):
                while True:
                    port = r.randint(1, 65535)
                    if port not in ports:
                        break
                ports.add(port)
                host = g.pick(["127.0.0.1", "127.0.0.%d" % r.randint(2, 254),
                               "[::1]", "localhost", "127.255.255.254"])
                k.append(("listen", "%s:%d" % (host, port)))
            else:
                # unique: a number after the generated name
                sock = "%s-%d.sock" % (g.path(prefix="/run/php", depth=1,
                                              maxlen=50), len(ports))
                ports.add(-len(ports) - 1)
                k.append(("listen", g.messy(sock)))
        shared_sites = len(p["sites"])
        if shared_sites > 1 or g.chance(0.1):
            if g.chance(0.8):
                k.append(("shared", g.boolean(True)))
        W = None
        if g.chance(0.4):
            W = g.pick([1 << 20, 16 << 20, 48 << 20, 64 << 20, 128 << 20,
                        256 << 20, 1 << 30, 3 << 19])
            k.append(("worker_memory", g.size(W)))
        ml = None
        if g.chance(0.4):
            ml = g.pick(["128M", "256M", "512M", "1G", "-1", "64M",
                         "2048M", "32768K"])
            p["php"].append(("memory_limit", ml))
        if W is None:
            W = {"128M": 128 << 20, "256M": 256 << 20, "512M": 512 << 20,
                 "1G": 1 << 30, "64M": 64 << 20, "2048M": 2048 << 20,
                 "32768K": 32 << 20}.get(ml, 128 << 20)
        p["W"] = W
        wmax = max(wmax, W)
        pm = g.pick(["auto", "auto", "static", "dynamic", "ondemand", None])
        if pm is not None:
            k.append(("pm", pm))
        pm = pm or "auto"
        p["pm"] = pm
        reuse = None
        if g.chance(0.2):
            reuse = g.pick(["auto", "off", "no", "false"])
        mc = None
        if g.chance(0.3) or (pm == "dynamic" and g.chance(0.5)):
            mc = g.pick([1, 2, 5, 10, 50, 100, 1000])
            k.append(("max_children", str(mc)))
            need_explicit += mc * W
            demand_sum += mc
        if pm == "dynamic" and mc is not None and g.chance(0.7):
            mn = r.randint(1, mc)
            mx = r.randint(mn, mc)
            st = r.randint(mn, mx)
            for key, v in (("min_spare_servers", mn),
                           ("max_spare_servers", mx),
                           ("start_servers", st)):
                if g.chance(0.7) or key == "min_spare_servers":
                    k.append((key, str(v)))
            # only the ones given are checked against each other, the
            # others follow php-fpm's formulas within [min, max]
            given = dict(k)
            mn_ = int(given.get("min_spare_servers", max(1, mc // 4)))
            mx_ = int(given.get("max_spare_servers",
                                max(mc // 2, mn_)))
            st_ = int(given.get("start_servers", mn_ + (mx_ - mn_) // 2))
            if not (mn_ <= mx_ <= mc and mn_ <= st_ <= mx_):
                k[:] = [kv for kv in k if kv[0] not in (
                    "min_spare_servers", "max_spare_servers",
                    "start_servers")]
        if pm in ("ondemand", "auto") and g.chance(0.3):
            k.append(("idle_timeout", g.secs(g.pick([1, 10, 60, 86400]))))
        if g.chance(0.15) and mc is None:
            mem = g.pick([W, W * 3, W * 10, W * 1000])
            k.append(("memory", g.size(mem)))
            p["budget"] = mem
            need_explicit += mem
        if g.chance(0.3):
            k.append(("rps", str(g.pick([1, 10, 400, 100000]))))
            k.append(("request_time", g.pick(["1ms", "50ms", "1s", "2",
                                              "1m", "3600000ms"])))
        rt = g.pick([None, 1, 5, 30, 60, 300, 86400])
        if rt is not None:
            k.append(("request_timeout", g.secs(rt)))
        rtv = rt or 60
        if g.chance(0.3):
            so = g.pick(["off", "0"] + [g.secs(x) for x in (1, 5, rtv)
                                        if x <= rtv])
            k.append(("slowlog_after", so))
        if g.chance(0.2):
            k.append(("slowlog", g.path(prefix="/var/log/php", depth=1) +
                      ".log"))
        if g.chance(0.2):
            k.append(("access_log", g.path(prefix="/var/log/php",
                                           depth=1) + ".access"))
        if g.chance(0.25):
            k.append(("max_requests", str(g.pick([0, 1, 500, 1000000]))))
        sp = pp = None
        if g.chance(0.3):
            sp = g.pick(["/fpm-status", "/status", "/s~t.a-t_us",
                         "/_/x/y", "/a.php", "/~"])
            k.append(("status_path", sp))
        if g.chance(0.3):
            pp = g.pick(["/fpm-ping", "/ping", "/p.i-n_g~", "/ping/me"])
            if pp != sp:
                k.append(("ping_path", pp))
        if (sp or pp) and g.chance(0.6):
            k.append(("status_allow", [g.pick(
                ["local", "127.0.0.1", "10.0.0.0/8", "192.0.2.7",
                 "2001:db8::/32", "::1", "0.0.0.0/1", "fe80::1/128",
                 "192.0.2.0/24"]) for _ in range(r.randint(1, 3))]))
        if g.chance(0.15):
            k.append(("listen_backlog", str(g.pick([1, 511, 4096,
                                                     65535]))))
        if g.chance(0.15):
            k.append(("rlimit_files", str(g.pick([64, 1024, 65536,
                                                   1048576]))))
        if reuse is not None:
            k.append(("reuse", reuse))
        if g.chance(0.25):
            for _ in range(r.randint(1, 3)):
                en = g.pick(["APP_ENV", "DB_PASSWORD", "PATH", "TMP",
                             "X_1", "_U", "lower_case", "A" * 20, "E_ALL",
                             "PHP_OS"])
                ev = g.pick(["production", "$DB_PASSWORD", "$PATH", "E_ALL",
                             "PHP_OS", "~", "(", "A|B", "yes please",
                             "it's; here", "/usr/bin:/bin", "a b c",
                             "say \"hi\"", "x=y", "100%", "~", "!x",
                             "on", "off", "none", "0"])
                if ("env[%s]" % en) not in dict(k):
                    k.append(("env[%s]" % en, ev))
        # demand for the memory bound
        given = dict(k)
        if mc is None:
            if "rps" in given:
                demand_sum += 1000
            else:
                demand_sum += cores * (wpc or 8)

    # [php NAME] settings (memory_limit already chosen above)
    for p in pools:
        only_ppm = p["handlers"] == {"proxypassmatch"}
        only_sh = p["handlers"] == {"sethandler"}
        keys_used = {kv[0] for kv in p["php"]}
        for _ in range(r.randint(0, 8) if g.chance(0.7) else 0):
            kind = r.random()
            if kind < 0.2:
                key, v = g.pick(FLAG_KEYS), g.pick(
                    ["on", "off", "yes", "no", "true", "false", "On",
                     "OFF", "1", "0", "True"])
            elif kind < 0.3:
                key, v = g.pick(NUM_KEYS), str(g.pick([0, 1, 30, 300,
                                                       1000000]))
            elif kind < 0.38:
                key, v = g.pick(SIZE_KEYS), g.pick(["2M", "64M", "1G",
                                                    "8k", "100"])
            elif kind < 0.45:
                key, v = "error_reporting", g.pick(CONST_EXPR)[0]
            elif kind < 0.6:
                key = g.pick(PATH_SINGLE)
                v = g.path(prefix=g.pick(["/var/lib/php", "/tmp", "/srv"]),
                           depth=r.randint(1, 2))
                if g.chance(0.15):
                    v = g.pick(["php_errors.log", "syslog", "relative/x"])
            elif kind < 0.68:
                key = "open_basedir"
                v = ":".join(g.path(depth=r.randint(1, 3))
                             for _ in range(r.randint(1, 6)))
                if g.chance(0.3):
                    v += g.pick([":", ":/tmp", ":."])
            elif kind < 0.72:
                key = "include_path"
                v = ".:" + g.path(prefix="/usr/share", depth=1)
            elif kind < 0.78:
                key = "session.save_path"
                v = g.pick(["", "2;", "2;0600;"]) + \
                    g.path(prefix="/var/lib/php/sessions", depth=1)
            elif kind < 0.8:
                key = "user_ini.filename"
                v = g.pick([".user.ini", "", ".my.ini"])
            elif kind < 0.83:
                key = "cgi.fix_pathinfo"
                if only_ppm:
                    v = "0"
                elif only_sh and not p["pathinfo_on"]:
                    v = g.pick(["1", "0"])
                elif only_sh:
                    v = "1"
                else:
                    continue
            else:
                key = g.pick(PHP_KEYS_STR)
                v = g.pick(TEXT_VALUES)
            if key in keys_used or (key == "memory_limit"):
                continue
            if key in FPM_EXPANDS and not v.startswith("/") and not (
                    key == "error_log" and v.lower() == "syslog"):
                # php-fpm would put its prefix before it (seed 786:
                # sendmail_path = ~~E_ALL ran as /usr/32767); compile
                # refuses that (property.sh checks it), so the generator
                # makes such a value absolute
                v = "/" + v
            keys_used.add(key)
            p["php"].append((key, v))

    # ---- host memory: enough for Apache (at most), the masters, the
    # pools given memory or max_children, and every other pool's share
    nauto = sum(1 for p in pools if "budget" not in p and
                not any(kv[0] == "max_children" for kv in p["keys"]))
    A = 16 * 5 << 20 if d.mpm != "prefork" else 256 * 5 << 20
    if d.emit_mpm:
        needt = demand_sum + 32 * cores
        procs = -(-needt // 128)
        A = (procs + 1) * 20 << 20
    apache_mem = None
    if g.chance(0.15):
        apache_mem = g.pick([64 << 20, 1 << 30, 200 << 20])
        A = apache_mem
    masters = len(d.versions) * 3 << 20
    fixed_pm = any(p["pm"] in ("static", "dynamic") for p in pools)
    need = A + masters + need_explicit + (nauto if fixed_pm else 1) * wmax
    mem = g.pick([512 << 20, 1 << 30, 2 << 30, 8 << 30, 64 << 30,
                  1 << 40, 4 << 40])
    while mem < need * 1.05 + (16 << 20):
        mem *= 2
    hk = [("cores", str(cores)), ("memory", g.size(mem))]
    if apache_mem is not None:
        hk.append(("apache_memory", g.size(apache_mem)))
    if layout_in_host or (d.layout == "debian" and g.chance(0.2)):
        if "--layout" not in d.args:
            hk.append(("layout", d.layout))
    if d.mpm != "event" or g.chance(0.2):
        hk.append(("mpm", d.mpm))
    if mpm_arg is None and (d.emit_mpm or g.chance(0.2)):
        hk.append(("emit_mpm", g.boolean(d.emit_mpm)))
    elif mpm_arg is not None and d.mpm != "prefork" and g.chance(0.5):
        hk.append(("emit_mpm", g.boolean(g.chance(0.5))))
    if host_ver is not None:
        hk.append(("php_version", host_ver))
    if wpc is not None:
        hk.append(("workers_per_core", str(wpc)))
    for key, vals in (("nofile", [16, 1024, 65536, 1000000000]),
                      ("nproc", [1, 4096, 1000000000]),
                      ("somaxconn", [1, 128, 4096, 1000000000])):
        if g.chance(0.25):
            hk.append((key, str(g.pick(vals))))
    if g.chance(0.2):
        au = g.pick(["www-data", "apache", "httpd", "web.server-1"])
        hk.append(("apache_user", au))
        d.users.add(au)
        if g.chance(0.5):
            ag = g.pick(["www-data", "apache", "web"])
            hk.append(("apache_group", ag))
            d.users.add(ag)
    d.users.update(["www-data", "apache"])

    # reuse = on where it can be sized safely: a static pool with plenty
    # of memory serving one site behind a fixed MPM, no max_requests
    if d.emit_mpm and cores <= 64:
        for p in pools:
            if p["pm"] == "static" and len(p["sites"]) == 1 and \
                    not any(kv[0] in ("max_requests", "max_children",
                                      "memory", "reuse") for kv in p["keys"]) \
                    and g.chance(0.5):
                p["keys"].append(("reuse", "on"))
                mem = max(mem, 4 << 40)
                hk[1] = ("memory", g.size(mem))
    d.host_keys = hk
    render(g, d, pools, sites)
    return d


def fmt_kv(g, key, val, php=False):
    """Lines for key = val (a list continues on indented lines)."""
    eq = g.pick([" = ", " = ", "=", "  =\t"])
    lines = []
    if isinstance(val, list):
        sep = g.pick([" ", "  ", "\t"])
        if len(val) > 1 and (g.chance(0.4) or
                             len(key + eq + sep.join(val)) > 190):
            cut = g.r.randint(1, len(val) - 1)
            while cut > 1 and len(key + eq + sep.join(val[:cut])) > 180:
                cut -= 1
            lines.append(key + eq + sep.join(val[:cut]))
            rest = val[cut:]
            while rest:
                n = g.r.randint(1, len(rest))
                while n > 1 and len(sep.join(rest[:n])) > 180:
                    n -= 1
                lines.append(g.pick(["    ", "\t", " "]) + sep.join(rest[:n]))
                rest = rest[n:]
        else:
            v = sep.join(val)
            if g.chance(0.1) and '"' not in v:
                v = '"' + v + '"'
            lines.append(key + eq + v)
    else:
        v = val
        quote = (v == "" or v != v.strip() or v.startswith(";")) or (
            g.chance(0.15) and not (v.startswith('"') and v.endswith('"')))
        if v.startswith('"') and v.endswith('"') and len(v) >= 2:
            quote = True      # kept as written: the reader unquotes once
        if php and not quote and len(v) > 40 and g.chance(0.7):
            pieces = split_value(g, v, maxpiece=g.r.randint(15, 40))
            lines.append(key + eq + pieces[0])
            for pc in pieces[1:]:
                lines.append(g.pick(["    ", "\t", "  "]) + pc)
            return lines
        if quote:
            v = '"' + v + '"'
        lines.append(key + eq + v)
    if g.chance(0.1) and not lines[-1].endswith("\\"):
        lines[-1] += g.pick(["  ; a comment", "\t; why", " ;"])
    return lines


def render_section(g, header, kvs, php=False):
    out = []
    if g.chance(0.2):
        out.append(g.pick(["; " + header, "# notes", ""]))
    h = header
    if g.chance(0.1):
        h = h + "   ; trailing comment"
    out.append(h)
    items = list(kvs)
    if g.chance(0.5):
        g.r.shuffle(items)
    for key, val in items:
        out += fmt_kv(g, key, val, php)
        if g.chance(0.05):
            out.append(g.pick(["", "; comment", "# comment", "   "]))
    return out


def render(g, d, pools, sites):
    r = g.r
    # expected php-fpm values: (pool, key, value as meant)
    for p in pools:
        roots = [s["docroot"] for s in p["sites"]]
        d.php_expect[p["name"]] = [
            ("php", kk, basedir_with_roots(vv, roots, p["php"])
             if kk == "open_basedir" else vv) for kk, vv in p["php"]]
        d.php_expect[p["name"]] += [("env", kk[4:-1], vv)
                                    for kk, vv in p["keys"]
                                    if kk.startswith("env[")]
    sections = []
    for s in sites:
        sections.append(("[site %s]" % s["name"], s["keys"], False))
    for p in pools:
        if p["keys"] or g.chance(0.5) or not any(
                x.get("implicit") for x in p["sites"]):
            sections.append(("[pool %s]" % p["name"], p["keys"], False))
        if p["php"]:
            nm = p["name"] if g.chance(0.8) else p["name"].swapcase()
            sections.append(("[php %s]" % nm, p["php"], True))
    if g.chance(0.5):
        r.shuffle(sections)
    host = ("[host]", d.host_keys, False)
    hostfile = g.chance(0.12)
    nl = "\r\n" if g.chance(0.1) else "\n"
    bom = "\ufeff" if g.chance(0.05) else ""
    if hostfile:
        hk = list(d.host_keys) + [("sites", [g.pick(["sites/*.ini",
                                                      "sites/[a-z0-9]*.ini",
                                                      "sites/?*.ini"])])]
        d.files["host.ini"] = bom + nl.join(render_section(g, "[host]", hk)) + nl
        d.inputs = ["host.ini"]
        # members: one section group per file, in file-name order
        n = 0
        for hdr, kvs, php in sections:
            name = "sites/%02d.ini" % n
            n += 1
            d.files[name] = nl.join(render_section(g, hdr, kvs, php)) + nl
        if g.chance(0.3):
            d.inputs.append("sites/00.ini")   # named twice: read once
        return
    lines = []
    if g.chance(0.1):
        # --host FILE: the facts come from a file of their own
        d.files["facts.ini"] = nl.join(render_section(g, *host)) + nl
        d.args += ["--host", "facts.ini"]
        host = None
    multi = g.chance(0.2) and len(sections) > 1
    if multi:
        # several files on the command line; [host] in one of them
        cut = r.randint(1, len(sections) - 1)
        a = render_section(g, *host) if host else []
        for sec in sections[:cut]:
            a += [""] + render_section(g, *sec)
        b = []
        for sec in sections[cut:]:
            b += render_section(g, *sec) + [""]
        d.files["a.ini"] = bom + nl.join(a) + nl
        d.files["b.ini"] = nl.join(b) + nl
        d.inputs = ["a.ini", "b.ini"]
        return
    allsec = ([host] if host else []) + sections
    if g.chance(0.3):
        r.shuffle(allsec)
    for sec in allsec:
        lines += render_section(g, *sec) + [""]
    d.files["site.ini"] = bom + nl.join(lines) + nl
    d.inputs = ["site.ini"]


def desc_text(d):
    out = ["# seed %d; args: %s; inputs: %s" % (d.seed, " ".join(d.args),
                                                   " ".join(d.inputs))]
    for name in sorted(d.files):
        out.append("==> %s <==" % name)
        out.append(d.files[name].rstrip("\n"))
    return "\n".join(out)


# ------------------------------------------------------------ the checks

def run(cmd, cwd=None, timeout=60):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def write_desc(d, folder):
    for name, text in d.files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)


def tree_files(root):
    out = []
    for dp, _, fns in os.walk(root):
        for fn in fns:
            out.append(os.path.relpath(os.path.join(dp, fn), root))
    return sorted(out)


def conf_files(root, layout):
    vh, pools, mpm = [], [], []
    for rel in tree_files(root):
        if not rel.endswith(".conf"):
            continue
        if rel.endswith("proxyfpm-mpm.conf"):
            mpm.append(rel)
        elif rel.startswith("etc/apache2/sites-available/") or \
                rel.startswith("etc/httpd/conf.d/"):
            vh.append(rel)
        elif rel.startswith("etc/php/") or rel.startswith("etc/php-fpm.d/"):
            pools.append(rel)
    return vh, pools, mpm


def mentioned_paths(text, root):
    """Absolute paths below root that a file names."""
    out = set()
    for m in re.finditer(re.escape(root) + r'(/[^\s"\'|;:]*)', text):
        out.add(m.group(1))
    return out


def prepare_tree(root, cert, key, prefix):
    """Folders, log folders and certificates the files name, created
    below root (prefix: how the files write root, '' without remap)."""
    texts = []
    for rel in tree_files(root):
        if rel.endswith(".conf"):
            with open(os.path.join(root, rel), encoding="utf-8",
                      errors="replace") as f:
                texts.append(f.read())
    paths = set()
    for t in texts:
        if prefix:
            paths |= mentioned_paths(t, prefix)
        else:
            for line in t.splitlines():
                line = line.strip()
                if line.startswith(("#", ";")):
                    continue
                for m in re.finditer(r'(?:^|[\s"\'=:])(/[A-Za-z0-9_.\-+@,%~/]+)',
                                     line):
                    paths.add(m.group(1))
    for p in paths:
        full = root + p
        base = os.path.basename(p)
        if p.endswith((".sock", ".pid")):
            os.makedirs(os.path.dirname(full), exist_ok=True)
        elif p.endswith((".pem", ".crt")):
            os.makedirs(os.path.dirname(full), exist_ok=True)
            shutil.copy(cert, full)
        elif p.endswith(".key"):
            os.makedirs(os.path.dirname(full), exist_ok=True)
            shutil.copy(key, full)
        elif re.search(r'(\.log|_log|\.access|\.php|\.ini|\.slow)$', base) \
                or "$" in p:
            os.makedirs(os.path.dirname(full), exist_ok=True)
        elif p.startswith(("/etc/", "/usr/")) or p == "/":
            continue
        else:
            try:
                os.makedirs(full, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                pass


def load_mpm(mpm):
    return "LoadModule mpm_%s_module %s/mod_mpm_%s.so\n" % (mpm, MODDIR, mpm)


MODULES = ["authz_core", "authz_host", "dir", "mime", "alias", "headers",
           "socache_shmcb", "ssl", "http2", "proxy", "proxy_fcgi"]


def apache_conf(run_dir, port, mpm, includes):
    s = ('ServerRoot "%s"\nDefaultRuntimeDir "%s"\nPidFile "%s/httpd.pid"\n'
         'Mutex file:%s default\nErrorLog "%s/error.log"\nLogLevel warn\n'
         'LogFormat "%%h %%l %%u %%t \\"%%r\\" %%>s %%O" combined\n'
         'User www-data\nGroup www-data\nServerName localhost\n'
         'Listen 127.0.0.1:%d\n') % (run_dir, run_dir, run_dir, run_dir,
                                     run_dir, port)
    s += load_mpm(mpm)
    for m in MODULES:
        s += "LoadModule %s_module %s/mod_%s.so\n" % (m, MODDIR, m)
    s += "TypesConfig /etc/mime.types\n"
    for f in includes:
        s += 'Include "%s"\n' % f
    return s


TT_RE = re.compile(r"NOTICE: \t((?:php_admin_value|php_value|env)\[(.*?)\]) = (.*)$")


def check_fpm(tmp, root, d, pools_rel, failures):
    """php-fpm -t on the pools of each service, and -tt values."""
    by_dir = {}
    for rel in pools_rel:
        by_dir.setdefault(os.path.dirname(rel), []).append(rel)
    for dr, rels in sorted(by_dir.items()):
        run_dir = os.path.join(tmp, "fpm-run")
        os.makedirs(run_dir, exist_ok=True)
        conf = os.path.join(tmp, "php-fpm.conf")
        with open(conf, "w") as f:
            f.write("[global]\npid = %s/php-fpm.pid\nerror_log = %s/php-fpm.log\n"
                    "daemonize = no\n" % (run_dir, run_dir))
            for rel in rels:
                f.write("include = %s\n" % os.path.join(root, rel))
        rc, out, err = run([FPM, "-tt", "-y", conf])
        text = out + err
        if rc != 0 or "test is successful" not in text:
            failures.append("php-fpm8.2 -t failed for %s:\n%s" % (dr, text))
            continue
        # pool sections in -tt: "[name]" lines then "\tkey = value"
        got = {}
        cur = None
        for line in text.splitlines():
            m = re.search(r"NOTICE: \t?\[(.*)\]$", line)
            if m and "[global]" not in line:
                cur = m.group(1)
                got.setdefault(cur.lower(), {})
                continue
            m = TT_RE.search(line)
            if m and cur is not None:
                kind = "env" if m.group(1).startswith("env") else "php"
                got[cur.lower()][(kind, m.group(2))] = m.group(3)
        for rel in rels:
            pname = os.path.basename(rel)[:-5]
            if pname.lower() not in got:
                failures.append("php-fpm8.2 -tt: no pool [%s] in %s (pools: "
                                "%s)" % (pname, rel, sorted(got)))
                continue
            for kind, key, val in d.php_expect.get(pname, []):
                want = php_fpm_expected(key, val, root) if kind == "php" \
                    else val
                if want is None:
                    continue
                have = got.get(pname.lower(), {}).get((kind, key))
                if have != want:
                    failures.append(
                        "php-fpm8.2 -tt: pool %s %s[%s] is %r, the "
                        "description means %r" % (
                            pname, "php_admin_value" if kind == "php"
                            else "env", key, have, want))


def lint_tree(tmp, out, d, cert, key, failures, findings):
    """lint --root OUT with the main files that include the emitted ones."""
    prepare_tree(out, cert, key, "")
    vh, pools, mpm = conf_files(out, d.layout)
    mods = "".join("LoadModule %s_module /usr/lib/apache2/modules/mod_%s.so\n"
                   % (m, m) for m in MODULES)
    # the site's own MPM only: two are "More than one MPM loaded" for
    # apache2 and for lint
    mods = load_mpm(d.mpm) + mods
    if d.layout == "rhel":
        os.makedirs(os.path.join(out, "etc/httpd/conf"), exist_ok=True)
        os.makedirs(os.path.join(out, "run/httpd"), exist_ok=True)
        os.makedirs(os.path.join(out, "var/log/httpd"), exist_ok=True)
        with open(os.path.join(out, "etc/httpd/conf/httpd.conf"), "w") as f:
            f.write("ServerRoot /etc/httpd\nPidFile /run/httpd/httpd.pid\n"
                    "User apache\nGroup apache\nErrorLog /var/log/httpd/error_log\n"
                    "ServerName localhost\n" + mods +
                    "Listen 80\nListen 443\nIncludeOptional conf.d/*.conf\n")
        os.makedirs(os.path.join(out, "etc/php-fpm.d"), exist_ok=True)
        os.makedirs(os.path.join(out, "var/log/php-fpm"), exist_ok=True)
        with open(os.path.join(out, "etc/php-fpm.conf"), "w") as f:
            f.write("[global]\npid = /run/php-fpm/php-fpm.pid\n"
                    "error_log = /var/log/php-fpm/error.log\n"
                    "include = /etc/php-fpm.d/*.conf\n")
        os.makedirs(os.path.join(out, "run/php-fpm"), exist_ok=True)
        fpm_confs = ["/etc/php-fpm.conf"]
        httpd = "/etc/httpd/conf/httpd.conf"
    else:
        os.makedirs(os.path.join(out, "etc/apache2"), exist_ok=True)
        os.makedirs(os.path.join(out, "run/apache2"), exist_ok=True)
        os.makedirs(os.path.join(out, "var/log/apache2"), exist_ok=True)
        with open(os.path.join(out, "etc/apache2/apache2.conf"), "w") as f:
            f.write("ServerRoot /etc/apache2\nPidFile /run/apache2/apache2.pid\n"
                    "User www-data\nGroup www-data\n"
                    "ErrorLog /var/log/apache2/error.log\nServerName localhost\n"
                    + mods + "Listen 80\nListen 443\n"
                    "IncludeOptional conf-available/*.conf\n"
                    "IncludeOptional sites-available/*.conf\n")
        # one lint per php-fpm service (lint takes one php-fpm.conf)
        fpm_confs = []
        for v in sorted(d.versions):
            dr = os.path.join(out, "etc/php/%s/fpm" % v)
            if not os.path.isdir(os.path.join(dr, "pool.d")):
                continue
            with open(os.path.join(dr, "php-fpm.conf"), "w") as f:
                f.write("[global]\npid = /run/php/php%s-fpm.pid\n"
                        "error_log = /var/log/php%s-fpm.log\n"
                        "include = /etc/php/%s/fpm/pool.d/*.conf\n" % (v, v, v))
            fpm_confs.append("/etc/php/%s/fpm/php-fpm.conf" % v)
        os.makedirs(os.path.join(out, "run/php"), exist_ok=True)
        httpd = "/etc/apache2/apache2.conf"
    os.makedirs(os.path.join(out, "var/log"), exist_ok=True)
    with open(os.path.join(out, "etc/passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\n")
        for i, u in enumerate(sorted(d.users | {"www-data", "apache"})):
            f.write("%s:x:%d:%d::/nonexistent:/usr/sbin/nologin\n" % (
                u, 1000 + i, 1000 + i))
    with open(os.path.join(out, "etc/group"), "w") as f:
        f.write("root:x:0:\n")
        for i, u in enumerate(sorted(d.users | {"www-data", "apache"})):
            f.write("%s:x:%d:\n" % (u, 1000 + i))
    for fc in fpm_confs:
        rc, o, e = run([PROXYFPM, "lint", "--root", out, "--httpd", httpd,
                        "--fpm", fc, "--fail-on", "none", "--format", "json",
                        "--no-config"])
        try:
            rep = json.loads(o)
        except ValueError:
            failures.append("lint --root (%s) gave no JSON (exit %d):\n%s"
                            % (fc, rc, e))
            continue
        if rc != 0:
            failures.append("lint --root exit %d" % rc)
        for f in rep.get("findings", []):
            sev = f.get("severity")
            where = "%s:%s" % (f["location"]["path"], f["location"]["line"]) \
                if f.get("location") else ""
            line = "%s %s %s: %s" % (sev, f.get("id"), where,
                                     f.get("message"))
            if len(fpm_confs) > 1 and f.get("id") == "route-no-pool" and \
                    other_service(out, fc, f.get("message", "")):
                continue      # its pool is another version's: linted there
            known = known_rules_issue(d, f)
            if known:
                findings.append(("known: " + known, sev, line))
            elif sev in ("error", "high", "critical"):
                failures.append("lint: " + line)
            elif sev in ("medium", "low"):
                findings.append((f.get("id"), sev, line))


def other_service(out, fc, msg):
    """Does a route-no-pool message name an address that a pool of another
    php-fpm service (not fc's) listens on?"""
    mine = os.path.dirname(fc).lstrip("/")
    for rel in tree_files(out):
        if not rel.startswith("etc/php/") or "/pool.d/" not in rel or \
                rel.startswith(mine + "/"):
            continue
        with open(os.path.join(out, rel)) as f:
            for line in f:
                m = re.match(r"listen = '?([^'\n]*)'?$", line)
                if m and m.group(1) in msg:
                    return True
    return False


def known_rules_issue(d, f):
    """Findings of rules/ that are wrong about what compile emits,
    reported to their owner; they are listed, not failed.  Each is
    recognised narrowly, so that anything else still fails."""
    fid, msg = f.get("id"), f.get("message", "")
    return None


_cert = {}
# The seeds run on threads: without the lock two of them could both run
# openssl on the same key.pem, one copying it while the other truncated it
# (CI run of 7d97850: "SSLCertificateKeyFile: file ... does not exist or
# is empty" for seed 3).
_cert_lock = threading.Lock()


def certificate(tmp_base):
    with _cert_lock:
        return _certificate(tmp_base)


def _certificate(tmp_base):
    if "pair" not in _cert:
        cert = os.path.join(tmp_base, "cert.pem")
        key = os.path.join(tmp_base, "key.pem")
        rc, o, e = run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-days", "2", "-subj", "/CN=test.invalid",
                        "-keyout", key, "-out", cert])
        if rc != 0:
            raise RuntimeError("openssl failed: " + e)
        _cert["pair"] = (cert, key)
    return _cert["pair"]


def check_one(seed, tmp_base, port):
    d = gen_desc(seed)
    failures, findings = [], []
    # short paths: a remapped socket path must stay within the 95 bytes
    # mod_proxy takes (compile refuses longer ones)
    tmp = os.path.join(tmp_base, str(seed))
    os.makedirs(tmp)
    os.chmod(tmp, 0o755)
    src = os.path.join(tmp, "in")
    os.makedirs(src)
    write_desc(d, src)
    cert, key = certificate(tmp_base)
    root = os.path.join(tmp, "r")
    o1, o2 = os.path.join(tmp, "o1"), os.path.join(tmp, "o2")
    try:
        # 1. compile, remapped for the servers
        rc, out, err = run([PROXYFPM, "compile", "--fail-on", "none",
                            "--remap-root", root, "--user-map",
                            "*=www-data"] + d.args + d.inputs, cwd=src)
        if rc != 0:
            failures.append("compile --remap-root exit %d:\n%s%s" % (
                rc, out, err))
            return d, failures, findings
        # 2. check
        rc, out, err = run([PROXYFPM, "check", "--fail-on", "none"] +
                           d.args + d.inputs, cwd=src)
        if rc != 0 or re.search(r": error: ", out + err):
            failures.append("check exit %d:\n%s%s" % (rc, out, err))
        # 6. compile twice, as for the target
        for o in (o1, o2):
            rc, out, err = run([PROXYFPM, "compile", "--fail-on", "none",
                                "-o", o] + d.args + d.inputs, cwd=src)
            if rc != 0:
                failures.append("compile -o exit %d:\n%s%s" % (rc, out, err))
                return d, failures, findings
        f1, f2 = tree_files(o1), tree_files(o2)
        if f1 != f2:
            failures.append("two compiles wrote different files: %s / %s"
                            % (f1, f2))
        else:
            _, mism, errs = filecmp.cmpfiles(o1, o2, f1, shallow=False)
            if mism or errs:
                failures.append("two compiles differ in %s" % (mism + errs))
        # 3. apache2 -t
        prepare_tree(root, cert, key, root)
        vh, pools, mpm = conf_files(root, d.layout)
        if not vh or not pools:
            failures.append("compile wrote no vhost or no pool")
            return d, failures, findings
        run_dir = os.path.join(tmp, "apache-run")
        os.makedirs(run_dir, exist_ok=True)
        conf = os.path.join(tmp, "httpd.conf")
        with open(conf, "w") as f:
            f.write(apache_conf(run_dir, port, d.mpm,
                                [os.path.join(root, x) for x in mpm + vh]))
        rc, out, err = run([APACHE, "-t", "-f", conf])
        if rc != 0 or "Syntax OK" not in out + err:
            failures.append("apache2 -t:\n%s%s" % (out, err))
        elif re.search(r"AH\d+: .*(warn|exceeds|decreas|ignor)", out + err,
                       re.I):
            failures.append("apache2 -t warns:\n%s%s" % (out, err))
        # 4. php-fpm -t / -tt
        check_fpm(tmp, root, d, pools, failures)
        # 5. lint of the tree as deployed
        lint_tree(tmp, o1, d, cert, key, failures, findings)
    finally:
        if not failures:
            shutil.rmtree(tmp, ignore_errors=True)
    return d, failures, findings


def keep_desc(d, dst):
    """The description as a testdata/site case: its files, and args and
    inputs files when it needs them."""
    os.makedirs(dst, exist_ok=True)
    write_desc(d, dst)
    if d.args:
        with open(os.path.join(dst, "args"), "w") as f:
            f.write(" ".join(d.args) + "\n")
    if d.inputs != ["site.ini"]:
        with open(os.path.join(dst, "inputs"), "w") as f:
            f.write(" ".join(d.inputs) + "\n")


def main():
    count = int(os.environ.get("PF_PROP_COUNT", "200"))
    first = int(os.environ.get("PF_PROP_SEED", "1"))
    jobs = int(os.environ.get("PF_PROP_JOBS", "2"))
    only = os.environ.get("PF_PROP_ONLY")
    keep = os.environ.get("PF_PROP_KEEP")
    if os.environ.get("PF_PROP_PRINT"):
        d = gen_desc(int(os.environ["PF_PROP_PRINT"]))
        if keep:
            keep_desc(d, keep)
        else:
            print(desc_text(d))
        return 0
    seeds = [int(x) for x in only.split(",")] if only else \
        list(range(first, first + count))
    # compile writes atomically with fsync; on tmpfs that costs nothing
    # (3x faster on a busy disk)
    base = os.environ.get("PF_PROP_TMP")
    if base is None:
        base = "/dev/shm" if os.path.isdir("/dev/shm") and \
            os.access("/dev/shm", os.W_OK) else \
            os.environ.get("TMPDIR", "/tmp")
    tmp_base = tempfile.mkdtemp(prefix="pfp.", dir=base)
    os.chmod(tmp_base, 0o755)
    t0 = time.time()
    failed = 0
    allfind = {}
    try:
        import socket
        ports = []
        for _ in range(jobs):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
            s.close()
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            futs = [ex.submit(check_one, sd, tmp_base, ports[i % jobs])
                    for i, sd in enumerate(seeds)]
            for fu in futs:
                d, failures, findings = fu.result()
                for fid, sev, line in findings:
                    e = allfind.setdefault((fid, sev), [0, line, d.seed])
                    e[0] += 1
                if failures:
                    failed += 1
                    print("FAIL: seed %d (reproduce: PF_PROP_ONLY=%d)" % (
                        d.seed, d.seed))
                    for f in failures:
                        print("  " + f.replace("\n", "\n    "))
                    print("  description:")
                    print("    " + desc_text(d).replace("\n", "\n    "))
                    if keep:
                        keep_desc(d, os.path.join(keep, "seed-%d" % d.seed))
    finally:
        shutil.rmtree(tmp_base, ignore_errors=True)
    for (fid, sev), (n, line, sd) in sorted(allfind.items()):
        print("note: lint %s (%s) in %d description(s), e.g. seed %d: %s"
              % (fid, sev, n, sd, line))
    print("property: %d description(s), %d failed, %.1f s" % (
        len(seeds), failed, time.time() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
