#!/usr/bin/python3
"""conf_gen.py - random httpd trees for conf_diff.sh: what real trees are
made of (modules loaded or not, Define and ${VAR}, IfDefine, IfModule in
its three spellings, IfVersion, Include and IncludeOptional of files and
globs, Macro/Use, vhosts with the sections and the PHP routes of this
stack, and the directives of the modules real trees load: REAL), written
the ways people write them (tabs, continuation lines,
comments, quotes with escapes, names in any case, CRLF files), and, in
some trees, one mistake of the kind apache2 -t rejects or lets pass (a
section left open, a stray or misspelt close, a directive out of its
context, a wrong argument count, an unknown directive, a Use of no
macro).  Each tree is a testdata/httpd-style case folder (httpd.conf, the
files it includes, "@ROOT@" for its own path, "defines" for -D names)
that oracle.py compares with the real apache2.

usage: conf_gen.py SEED COUNT OUTDIR    (writes OUTDIR/c0000 ...)
"""
import os, random, sys

MODS = [("proxy_module", "mod_proxy.so"), ("proxy_fcgi_module", "mod_proxy_fcgi.so"),
        ("rewrite_module", "mod_rewrite.so"), ("headers_module", "mod_headers.so"),
        ("setenvif_module", "mod_setenvif.so"), ("mime_module", "mod_mime.so"),
        ("dir_module", "mod_dir.so"), ("alias_module", "mod_alias.so"),
        ("macro_module", "mod_macro.so"), ("authz_host_module", "mod_authz_host.so"),
        ("access_compat_module", "mod_access_compat.so"), ("env_module", "mod_env.so"),
        ("userdir_module", "mod_userdir.so"), ("expires_module", "mod_expires.so"),
        ("actions_module", "mod_actions.so")]   # mod_version is built in on Debian
DEFS = ["SITE", "PHPV", "TLS", "Lab", "X_1"]
ADDRS = ["*:80", "*:8080", "127.0.0.1:80", "[::1]:80", "*", "_default_:80",
         "*:80 *:8080", "localhost:80", "192.0.2.1:443"]  # no names DNS may not know: not resolved (docs/httpd-reader.md)
NAMES = ["a.test", "www.a.test", "b.test", "*.c.test", "d.test:80",
         "${SITE}.test", "e.test"]
SOCKS = ['"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"',
         "proxy:fcgi://127.0.0.1:9000", '"proxy:unix:/run/php/${SITE}.sock|fcgi://localhost/"',
         "proxy:unix:///var/run/x.sock|fcgi://127.0.0.1:9000", "proxy:fcgi://[::1]:9000/"]


NEEDS = {"Header": "headers_module", "RewriteEngine": "rewrite_module",
         "RewriteRule": "rewrite_module", "RewriteCond": "rewrite_module",
         "SetEnvIfNoCase": "setenvif_module", "ExpiresActive": "expires_module",
         "Order": "access_compat_module", "Allow": "access_compat_module",
         "Deny": "access_compat_module", "Action": "actions_module",
         "ProxyFCGIBackendType": "proxy_fcgi_module", "AddHandler": "mime_module",
         "AddType": "mime_module", "DirectoryIndex": "dir_module",
         "Alias": "alias_module", "ProxyPass": "proxy_module",
         "ProxyPassMatch": "proxy_module", "ProxyTimeout": "proxy_module",
         "Require": "authz_core_module"}
# allowed in sections (and .htaccess) only
PERDIR_ONLY = {"Require", "Order", "Allow", "Deny", "AllowOverride"}


class Gen:
    def __init__(self, r, root):
        self.r, self.root = r, root
        self.files = {}         # relative name -> text
        self.defined = set()
        self.loaded = {"core_module", "authz_core_module"}
        self.macros = {}        # name -> argc
        self.nfile = 0
        self.mistake = None

    def ch(self, seq):
        return self.r.choice(seq)

    def p(self, x):
        return self.r.random() < x

    def name(self, n):
        """A directive name as people spell it."""
        k = self.r.random()
        if k < 0.8:
            return n
        if k < 0.9:
            return n.lower()
        return n.upper()

    def ws(self):
        return self.ch(["", "", "\t", "    ", "  "])

    def arg(self, text):
        """text quoted or not, sometimes through a Define."""
        k = self.r.random()
        if " " in text or k < 0.2:
            return '"' + text + '"'
        if k < 0.28:
            return "'" + text + "'"
        return text

    def docroot(self):
        d = self.ch(["www/a", "www/b", "www/a/up", "nodir"])
        if d != "nodir":
            self.files.setdefault(d + "/.keep", "")
        return "@ROOT@/" + d

    # --- per-directory directives ---
    def dir_line(self, ctx):
        """A per-directory line for ctx ("dir", "dirmatch", "other" for the
        other sections, "server" outside them); mostly one its module
        (NEEDS) makes known and its context allows."""
        for _ in range(8):
            ln = self.dir_line1(ctx)
            w = ln.split()[0]
            if ctx == "server" and w in PERDIR_ONLY:
                continue
            if NEEDS.get(w, "core_module") not in self.loaded and \
                    NEEDS.get(w) is not None and self.p(0.9):
                continue
            return ln
        return "Timeout 30"

    def dir_line1(self, ctx):
        c = [
            lambda: 'Require all granted',
            lambda: 'Require all denied',
            lambda: 'Require ip 127.0.0.1 ::1',
            lambda: 'Require local',
            lambda: 'Options -Indexes +FollowSymLinks',
            lambda: 'Options ' + self.ch(['None', 'All', '+ExecCGI', 'Indexes MultiViews']),
            lambda: 'SetHandler ' + self.ch(SOCKS + ["None", "server-status"]),
            lambda: 'AddHandler ' + self.ch(SOCKS[1:2] + ["application/x-httpd-php"]) + ' .php',
            lambda: 'AddType application/x-httpd-php .php .phtml',
            lambda: 'DirectoryIndex index.php index.html',
            lambda: 'Header always set X-Frame-Options "SAMEORIGIN"',
            lambda: 'Header set X-Note "a \\"quoted\\" value"',
            lambda: 'RewriteEngine On',
            lambda: 'RewriteRule ^(.*\\.php)$ fcgi://127.0.0.1:9000/srv/$1 [P,L]',
            lambda: 'RewriteCond %{REQUEST_FILENAME} !-f',
            lambda: 'RewriteRule ^ index.php [L]',
            lambda: 'SetEnvIfNoCase ^Authorization$ "(.+)" HTTP_AUTHORIZATION=$1',
            lambda: 'ExpiresActive On',
            lambda: 'Order allow,deny',
            lambda: 'Allow from all',
            lambda: 'Deny from 192.0.2.0/24',
            lambda: 'ErrorDocument 404 "Not here, sorry',
            lambda: 'Action php-script /cgi-bin/php',
            lambda: 'ProxyFCGIBackendType GENERIC',
        ]
        if ctx == "loc":
            # add_pass's words where cmd->path is the section's
            c.append(lambda: self.ch(["ProxyPass", "ProxyPassMatch"]) + " " + self.ch([
                "fcgi://127.0.0.1:9000/srv/", '"unix:/run/php/x.sock|fcgi://localhost/srv/"',
                "fcgi://127.0.0.1:9000/srv/ timeout=30", "!", "/p fcgi://127.0.0.1:9000/",
                "fcgi://127.0.0.1:9000/ nocanon", "balancer://php/"]))
        if ctx in ("dir", "dirmatch"):
            c.append(lambda: 'AllowOverride ' + self.ch(['None', 'All', 'FileInfo AuthConfig',
                                                        'Options=Indexes,FollowSymLinks']))
        return self.ch(c)()

    def section(self, depth, ctx_server):
        kinds = ["Directory", "DirectoryMatch", "Files", "FilesMatch", "Location",
                 "LocationMatch", "Proxy", "If"]
        k = self.ch(kinds)
        arg = {
            "Directory": lambda: self.arg(self.docroot()) if self.p(0.7) else '"/srv/*/public"',
            "DirectoryMatch": lambda: '"^/srv/.*/uploads"',
            "Files": lambda: self.ch(['".user.ini"', "wp-config.php", '"~ \\.phps$"']),
            "FilesMatch": lambda: self.ch(['"\\.php$"', '".+\\.ph(?:ar|p|tml)$"', "\\.(?i:php)$"]),
            "Location": lambda: self.ch(["/server-status", '"/up load"', "/", "/x/"]),
            "LocationMatch": lambda: self.ch(['"^/(.*\\.php)$"', "^/status"]),
            "Proxy": lambda: self.ch(['"unix:/run/php/php8.2-fpm.sock|fcgi://localhost"',
                                      '"fcgi://127.0.0.1:9000"', '"*"']),
            "If": lambda: self.ch(['"-f %{REQUEST_FILENAME}"', "\"%{HTTP_HOST} == 'a.test'\"",
                                   '"%{REQUEST_URI} =~ m#^/x#"']),
        }[k]()
        ctx = {"Directory": "dir", "DirectoryMatch": "dirmatch", "Location": "loc",
               "LocationMatch": "loc", "Proxy": "loc"}.get(k, "other")
        out = ["<%s %s>" % (self.name(k), arg)]
        for _ in range(self.r.randint(0, 4)):
            if depth < 2 and k in ("Directory", "DirectoryMatch") and self.p(0.15):
                inner = self.ch(["Files", "FilesMatch"])
                ia = '"\\.php$"' if inner == "FilesMatch" else "x.php"
                out.append("\t<%s %s>" % (inner, ia))
                out.append("\t\t" + self.dir_line("other"))
                out.append("\t</%s>" % inner)
            elif self.p(0.12):
                out += ["\t" + x for x in self.cond_block(depth + 1, "dir")]
            else:
                out.append("\t" + self.dir_line(ctx))
        out.append("</%s>" % self.name(k))
        return out

    def cond_block(self, depth, where):
        """IfModule / IfDefine / IfVersion around a few lines."""
        k = self.r.random()
        if k < 0.5:
            m, so = self.ch(MODS)
            spell = self.ch([m, so.replace(".so", ".c"), so.replace(".so", ".c"),
                             m.replace("_module", "")])
            neg = "!" if self.p(0.2) else ""
            head, tail = "<IfModule %s%s>" % (neg, spell), "</IfModule>"
        elif k < 0.85:
            d = self.ch(DEFS)
            neg = "!" if self.p(0.3) else ""
            head, tail = "<IfDefine %s%s>" % (neg, d), "</IfDefine>"
        else:
            head = "<IfVersion %s>" % self.ch([">= 2.4", "< 2.4.10", "~ ^2\\.4", "= 2.4.62",
                                              "2.2"])
            tail = "</IfVersion>"
        body = []
        for _ in range(self.r.randint(0, 3)):
            if where == "dir":
                body.append("\t" + self.dir_line("other"))
            elif self.p(0.3) and m_guard(head) in self.loaded:
                body.append("\t" + self.dir_line("server"))
            elif where == "vhost":
                body += ["\t" + x for x in self.vhost_line(depth + 1)]
            else:
                body += ["\t" + x for x in self.top_item(depth + 1)]
        return [head] + body + [tail]

    def vhost_line(self, depth):
        k = self.r.random()
        if k < 0.12:
            return ["ServerAlias " + " ".join(self.ch(NAMES) for _ in range(self.r.randint(1, 3)))]
        if k < 0.2:
            return ["DocumentRoot " + self.arg(self.docroot())]
        if k < 0.25:
            return ["ProxyPassMatch " + self.ch(['"^/(.*\\.php(/.*)?)$"', "^/(.+\\.php)$"]) +
                    " " + self.ch(["fcgi://127.0.0.1:9000/srv/www/$1",
                                   '"unix:/run/php/x.sock|fcgi://localhost/srv/$1"'])]
        if k < 0.3:
            return ["ProxyPass /app/ fcgi://127.0.0.1:9001/srv/app/" +
                    self.ch(["", " timeout=30", " enablereuse=on", " max=10 retry=0"])]
        if k < 0.35:
            return ["Alias /static " + self.arg(self.docroot())]
        if k < 0.4:
            return ["ErrorLog /dev/null", "LogLevel " + self.ch(["warn", "info", "debug proxy:trace2"])]
        if k < 0.45 and depth < 3:
            return self.cond_block(depth, "vhost")
        if k < 0.5 and self.macros:
            return [self.use()]
        if k < 0.75 and depth < 3:
            return self.section(depth, False)
        return [self.dir_line("server")]

    def vhost(self, depth):
        out = ["<%s %s>" % (self.name("VirtualHost"), self.ch(ADDRS))]
        if self.p(0.9):
            out.append("\tServerName " + self.ch([n for n in NAMES if "*" not in n]))
        for _ in range(self.r.randint(0, 6)):
            out += ["\t" + x for x in self.vhost_line(depth + 1)]
        out.append("</VirtualHost>")
        return out

    def use(self):
        n = self.ch(sorted(self.macros))
        args = ["m%d" % self.r.randint(1, 9) for _ in range(self.macros[n])]
        return "Use %s %s" % (n, " ".join(args))

    def macro(self):
        n = "M%d" % len(self.macros)
        argc = self.r.randint(0, 2)
        params = ["$host", "${dir}"][:argc]
        out = ["<Macro %s %s>" % (n, " ".join(params))]
        out.append("\t<VirtualHost *:80>")
        out.append("\t\tServerName %s.test" % (params[0] if argc else n.lower()))
        if argc > 1:
            out.append("\t\tDocumentRoot @ROOT@/www/%s" % params[1])
        out.append("\t\t" + self.dir_line("other"))
        out.append("\t</VirtualHost>")
        out.append("</Macro>")
        self.macros[n] = argc
        return out

    def include(self, depth):
        self.nfile += 1
        k = self.r.random()
        if k < 0.5:
            name = "conf.d/f%d.conf" % self.nfile
            self.files[name] = self.file_body(depth + 1)
            return ["%s %s" % (self.name("Include"), self.ch([name, "@ROOT@/" + name, '"' + name + '"']))]
        if k < 0.8:
            sub = "sites%d" % self.nfile
            for i in range(self.r.randint(0, 3)):
                self.files["%s/s%d.conf" % (sub, i)] = self.file_body(depth + 1)
            if self.p(0.2):
                self.files["%s/s9.conf~" % sub] = "Bogus line\n"
            self.files.setdefault(sub + "/README", "not read\n")
            return ["%s %s/*.conf" % (self.ch(["Include", "IncludeOptional"]), sub)]
        return ["IncludeOptional %s" % self.ch(["nothing/*.conf", "missing.conf", "conf.d/*.nomatch"])]

    def top_item(self, depth):
        k = self.r.random()
        if k < 0.1:
            d = self.ch(DEFS)
            self.defined.add(d)
            v = self.ch(["", " 1", " value", ' "two words"', " ${SITE}x", " a\\\"b"])
            return ["Define " + d + v]
        if k < 0.13:
            return ["UnDefine " + self.ch(DEFS)]
        if k < 0.3 and depth < 4:
            return self.cond_block(depth, "top")
        if k < 0.5 and depth < 4:
            return self.vhost(depth)
        if k < 0.58 and depth < 3:
            return self.include(depth)
        if k < 0.63 and depth < 3 and "macro_module" in self.loaded:
            return self.macro()
        if k < 0.66 and self.macros:
            return [self.use()]
        if k < 0.75 and depth < 4:
            return self.section(depth, True)
        if k < 0.8:
            return ["Listen " + self.ch(["8080", "127.0.0.1:8081", "[::1]:8082", "8443 https"])]
        if k < 0.82:
            return self.odd_item(depth)
        if k < 0.9:
            return self.real_item()
        if k < 0.93:
            return [self.ch(["Timeout 60", "KeepAlive Off", "ServerTokens Prod",
                             "ProxyTimeout 300", "ServerAdmin root@localhost",
                             "AddDefaultCharset UTF-8", "HostnameLookups Off"])]
        return [self.dir_line("server")]

    def real_item(self):
        """A module's directives as real trees use them (and misuse them):
        its LoadModule (usually; without it the directives are unknown),
        then a few of its lines at the top, in a <VirtualHost> or in a
        per-directory section, some of them with values apache2 -t
        refuses."""
        fam = self.ch(sorted(REAL))
        mods, lines = REAL[fam]
        out = []
        if self.p(0.85):
            for m, so in mods:
                self.loaded.add(m)
                out += ["<IfModule !%s>" % so.replace(".so", ".c"),
                        "\tLoadModule %s /usr/lib/apache2/modules/%s" % (m, so),
                        "</IfModule>"]
        self.files.setdefault("tls/c.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n"
                              "-----END CERTIFICATE-----\n")
        self.files.setdefault("tls/empty.pem", "")
        self.files.setdefault("htpasswd", "alice:$apr1$x$y\n")
        where = self.ch([w for w in ("top", "vhost", "dir") if lines.get(w)] +
                        ["top", "vhost", "dir"])
        pick = lines.get(where) or lines.get("top") or lines["dir"]
        body = [self.ch(pick) for _ in range(self.r.randint(1, 3))]
        body = [x for b in body for x in b.split("\n")]
        if where == "vhost":
            out += ["<VirtualHost %s>" % self.ch(["*:443", "*:80", "127.0.0.1:8443"]),
                    "\tServerName r.test"] + ["\t" + b for b in body] + ["</VirtualHost>"]
        elif where == "dir":
            sec = self.ch(['Directory "@ROOT@/www/a"', "Location /r", "Files r.php",
                           'DirectoryMatch "^/srv/(.+)/x"', 'Location ~ "^/re"'])
            out += ["<%s>" % sec] + ["\t" + b for b in body] + \
                ["</%s>" % sec.split()[0]]
        else:
            out += body
        return out

    def odd_item(self, depth):
        """Less common forms real trees hold."""
        k = self.r.randint(0, 21)
        if k == 10:
            return ["<VirtualHost %s>" % self.ch(ADDRS),
                    "\tServerName " + self.ch(["https://a.test:443", "http://b.test",
                                               "a.test:8080", "[::1]", "c.test."]),
                    "</VirtualHost>"]
        if k == 11:
            self.defined.add("ADDR")
            return ["Define ADDR " + self.ch(["*:80", "127.0.0.1:8080", "*"]),
                    "<VirtualHost ${ADDR}>", "\tServerName d.test",
                    "\tServerAlias ${SITE}.d.test *.d.test d.test", "</VirtualHost>"]
        if k == 12:
            m, so = self.ch(MODS[2:6])
            self.loaded.add(m)
            return ["<IfModule !%s>" % so.replace(".so", ".c"),
                    "\tLoadModule %s /usr/lib/apache2/modules/%s" % (m, so),
                    "</IfModule>"]
        if k == 13:
            return ["ServerAlias stray.test"] if self.p(0.3) else \
                ["Options " + self.ch(["+Indexes -ExecCGI", "Indexes -ExecCGI",
                                       "+Includes +IncludesNOEXEC", "-All"])]
        if k == 14:
            return ["<Directory @ROOT@/www/a>", "\t<RequireAll>",
                    "\t\tRequire all granted",
                    "\t\t" + self.ch(["Require not ip 192.0.2.1", "Require ip 10.0.0.0/8",
                                        "Require not host evil.test", "Require not all denied"]),
                    "\t</RequireAll>", "</Directory>"]
        if k == 15:
            self.files.setdefault("inc/${X}.conf", "Timeout 31\n")
            self.files.setdefault("inc/one.conf", "Timeout 32\n")
            return ["Include " + self.ch(["inc/${SITE}.conf", "\"inc/one.conf\"",
                                          "inc/o*.conf", "inc/[o]ne.conf", "inc/*/x.conf"])]
        if k == 16:
            # (no names DNS may not know: the reader does not resolve)
            return ["Listen " + self.ch(["80", "8080", "127.0.0.1:8081", "0.0.0.0:8083",
                                          "[::]:8084", "8085 http", "localhost:8086"])]
        if k == 18:
            return ["<Proxy \"balancer://php%s\">" % self.ch(["", "/", "x"]),
                    "\tBalancerMember " + self.ch(["fcgi://127.0.0.1:9000", "fcgi://127.0.0.1:9001 route=a",
                                                   "\"unix:/run/php/a.sock|fcgi://localhost\"",
                                                   "balancer://php fcgi://127.0.0.1:9002",
                                                   "fcgi://127.0.0.1:9003 loadfactor=0"]),
                    "\tProxySet " + self.ch(["lbmethod=byrequests", "stickysession=ID",
                                             "timeout=5", "nofailover=On", "growth=4"]),
                    "</Proxy>",
                    "ProxyPass /lb/ balancer://php%s" % self.ch(["/", "", "/x/"])]
        if k == 19:
            return ["<Location /l>", "\t<Limit " + self.ch(["GET POST", "PUT", "GET", "BOGUS"]) + ">",
                    "\t\tRequire all denied", "\t</Limit>",
                    "\t<LimitExcept GET>", "\t\tRequire local", "\t</LimitExcept>",
                    "</Location>"]
        if k == 20:
            return [self.ch(["ProxyPassReverse /app/ fcgi://127.0.0.1:9000/",
                             "ProxyRequests Off", "ProxyPreserveHost On",
                             "ProxyErrorOverride On 404", "ProxyVia Full",
                             "ProxyFCGISetEnvIf \"true\" SCRIPT_FILENAME \"/srv%{reqenv:SCRIPT_NAME}\"",
                             "ProxyAddHeaders Off", "ProxyReceiveBufferSize 1024",
                             "ProxyIOBufferSize 100"])]
        if k == 21:
            return [self.ch(["AddHandler cgi-script", "AddType text/html",
                             "SetEnvIf Request_URI \"\\.php$\" is_php",
                             "SetEnvIf", "Header edit Location ^http: https:",
                             "Header set X-A \"b\" \"expr=%{REQUEST_STATUS} == 200\"",
                             "RequestHeader unset Proxy early",
                             "RewriteRule ^/x$ /y [R=301,L,NE]",
                             "RewriteRule ^/x$ - [F,QSA,bogus]"])]
        if k == 17:
            return ["Protocols " + self.ch(["h2 http/1.1", "http/1.1", "h2c"]),
                    self.ch(["AcceptPathInfo On", "AcceptPathInfo Default",
                             "AcceptPathInfo maybe", "EnableSendfile On",
                             "ServerSignature EMail", "TraceEnable extended"])]
        if k == 0:
            f = self.ch(["httpd.conf", "base.conf", "nofile", "@ROOT@/www/a",
                         "/etc/passwd", "conf.d"])
            return ["<IfFile %s%s>" % (self.ch(["", "!"]), f),
                    "\t" + self.dir_line("server"), "</IfFile>"]
        if k == 1:
            w = self.ch(["ProxyPass", "RewriteEngine", "Bogus", "<VirtualHost",
                         "!Header", "php_value"])
            return ["<IfDirective %s>" % w, "\t" + self.dir_line("server"),
                    "</IfDirective>"]
        if k == 2:
            w = self.ch(["VirtualHost", "Proxy", "If", "Nope", "!Macro"])
            return ["<IfSection %s>" % w, "\t" + self.dir_line("server"),
                    "</IfSection>"]
        if k == 3 and self.macros:
            n = self.ch(sorted(self.macros))
            del self.macros[n]
            return ["UndefMacro " + n]
        if k == 4:
            self.files.setdefault("extra/zz.conf", "# read by a directory Include\n")
            self.files.setdefault("extra/.hidden.conf", "Bogus not read\n")
            return ["IncludeOptional " + self.ch(["extra/", "extra", "@ROOT@/extra/"])]
        if k == 5:
            return ["<Location /a>", "\t<If \"%{REQUEST_URI} -strmatch '/a>b'\">",
                    "\t\tRequire all denied", "\t</If>",
                    "\t<ElseIf \"-z %{QUERY_STRING}\">", "\t\tRequire all granted",
                    "\t</ElseIf>", "\t<Else>", "\t\tRequire local", "\t</Else>",
                    "</Location>"]
        if k == 6:
            return ["ServerAdmin \\", "\twebmaster@a.test"] if self.p(0.5) else \
                ["ServerAdmin webmaster@a.test \\ "]
        if k == 7:
            return ["Define %s ${%s}%s" % (self.ch(DEFS), self.ch(DEFS), self.ch(["", "/x", " y"]))]
        if k == 8:
            return ["<Directory %s>" % self.arg(self.docroot()),
                    "\t# a comment ending in a backslash \\",
                    "\tRequire all granted", "</Directory>"]
        return ["<VirtualHost %s>" % self.ch(ADDRS),
                "\tServerName a.test", "\tDefine INNER 1",
                "\t<IfDefine INNER>", "\t\tServerAlias inner.a.test", "\t</IfDefine>",
                "</VirtualHost>"]

    def file_body(self, depth):
        lines = []
        for _ in range(self.r.randint(1, 5)):
            lines += self.top_item(depth)
        return self.render(lines)

    def render(self, lines):
        """Indentation, comments, continuations, CRLF."""
        out = []
        for ln in lines:
            ind = self.ws()
            if self.p(0.05):
                out.append(ind + "# " + self.ch(["a comment", "with a \\", "Include nowhere"]))
                if out[-1].endswith("\\"):
                    out.append("continued comment")
            if self.p(0.04) and " " in ln.strip() and not ln.lstrip().startswith("<"):
                a, b = ln.split(" ", 1)
                out.append(ind + a + " \\")
                out.append("\t" + b)
                continue
            out.append(ind + ln + self.ch(["", "", "", " ", "\t"]))
        eol = "\r\n" if self.p(0.05) else "\n"
        return eol.join(out) + eol

    def mistake_in(self, text):
        """One error of the kind apache2 -t reports (or lets pass)."""
        lines = text.split("\n")
        k = self.r.random()
        idx = [i for i, l in enumerate(lines) if l.strip()]
        if not idx:
            return text
        i = self.ch(idx)
        closes = [j for j, l in enumerate(lines) if l.strip().startswith("</")]
        if k < 0.15 and closes:
            j = self.ch(closes)
            self.mistake = "close dropped: " + lines[j].strip()
            del lines[j]
        elif k < 0.25:
            self.mistake = "stray close"
            lines.insert(i, self.ch(["</Directory>", "</IfModule>", "</VirtualHost>"]))
        elif k < 0.35 and closes:
            j = self.ch(closes)
            self.mistake = "misspelt close: " + lines[j].strip()
            lines[j] = lines[j].replace("</", "</X")
        elif k < 0.5:
            self.mistake = "out of context"
            lines.insert(i, self.ch(["Listen 9999", "DocumentRoot /tmp", "ServerName x.test",
                                     "AllowOverride None", "<VirtualHost *:80>\n</VirtualHost>",
                                     "ProxyPassMatch ^/x$ fcgi://127.0.0.1:9000/x",
                                     "LoadModule x_module /nonexistent.so"]))
        elif k < 0.65:
            self.mistake = "arity"
            lines.insert(i, self.ch(["SetHandler", "ServerName", "Define", "Require",
                                     "DocumentRoot a b", "Timeout", "Listen",
                                     "ProxyPass /x", "RewriteRule ^", "Header set"]))
        elif k < 0.75:
            self.mistake = "unknown directive"
            lines.insert(i, self.ch(["ServerNmae x.test", "PhpValue x 1", "php_value x 1",
                                     "Allow from all", "<Nope>\n</Nope>"]))
        elif k < 0.85:
            self.mistake = "bad argument"
            lines.insert(i, self.ch(["Timeout abc", "Options +Bogus", "KeepAlive maybe",
                                     "AllowOverride Whatever", "<FilesMatch \"(\">\n</FilesMatch>",
                                     "<If \"%{HTTP_HOST ==\">\n</If>", "Listen 99999",
                                     "ProxyPass /y fcgi://127.0.0.1:9000/ timeout=x"]))
        else:
            self.mistake = "undefined"
            lines.insert(i, self.ch(["Use NoSuchMacro", "ServerAdmin ${NOPE}",
                                     "Include does-not-exist.conf", "UnDefine NOPE",
                                     "Timeout 30 # not a comment",
                                     "Require all granted # not a comment"]))
        return "\n".join(lines)

    def tree(self):
        head = []
        mods = [m for m in MODS if self.p(0.75)]
        self.r.shuffle(mods)
        # mod_proxy_fcgi needs mod_proxy loaded before it
        if MODS[1] in mods and (MODS[0] not in mods or
                                mods.index(MODS[0]) > mods.index(MODS[1])):
            if MODS[0] in mods:
                mods.remove(MODS[0])
            mods.insert(mods.index(MODS[1]), MODS[0])
        late = []
        for m, so in mods:
            line = "LoadModule %s /usr/lib/apache2/modules/%s" % (m, so)
            if self.p(0.15) and m != "proxy_module":
                late.append(line)
            else:
                head.append(line)
                self.loaded.add(m)
        items = [self.top_item(0) for _ in range(self.r.randint(3, 12))]
        items.insert(self.r.randint(0, len(items)), late)
        body = [ln for it in items for ln in it]
        for m in late:
            self.loaded.add(m.split()[1])
        text = self.render(["Include base.conf"] + head + body)
        if self.p(0.35):
            text = self.mistake_in(text)
        self.files["httpd.conf"] = text
        defines = [d for d in DEFS if self.p(0.25)]
        return defines


# real_item's families: (modules, {context: lines}); "top" lines are also
# tried in a <VirtualHost>, a "\n" splits a line into several.
SSLM = [("socache_shmcb_module", "mod_socache_shmcb.so"), ("ssl_module", "mod_ssl.so")]
REAL = {
    "ssl": (SSLM, {
        "top": ["SSLEngine on", "SSLEngine optional", "SSLEngine maybe",
                "SSLCertificateFile @ROOT@/tls/c.pem", "SSLCertificateFile @ROOT@/tls/empty.pem",
                "SSLCertificateFile tls/c.pem", "SSLCertificateFile @ROOT@/tls/none.pem",
                "SSLCertificateKeyFile @ROOT@/tls/c.pem", "SSLCertificateChainFile @ROOT@/tls",
                "SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1", "SSLProtocol -all +TLSv1.2 +TLSv1.3",
                "SSLProtocol TLSv1.4", "SSLProtocol +TLSv1.2 all", "SSLCipherSuite HIGH:!aNULL:!MD5",
                "SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384", "SSLHonorCipherOrder off",
                "SSLHonorCipherOrder sometimes",
                "SSLSessionCache shmcb:@ROOT@/ssl_scache(512000)", "SSLSessionCache none",
                "SSLSessionCache shmcb:", "SSLSessionCache bogus:x", "SSLSessionCacheTimeout 300",
                "SSLStaplingCache shmcb:@ROOT@/stapling(32768)", "SSLUseStapling On",
                "SSLCompression off", "SSLSessionTickets off", "SSLProxyEngine on",
                "SSLProxyVerify none", "SSLProxyCheckPeerName off",
                "SSLOpenSSLConfCmd Curves X25519:prime256v1", "SSLRandomSeed startup builtin",
                "SSLRandomSeed connect file:/dev/urandom 512", "SSLRandomSeed sometime builtin",
                "SSLPassPhraseDialog builtin", "SSLStrictSNIVHostCheck on", "SSLInsecureRenegotiation off"],
        "dir": ["SSLRequireSSL", "SSLOptions +StdEnvVars", "SSLOptions +Bogus",
                "SSLOptions StdEnvVars -ExportCertData", "SSLVerifyClient require",
                "SSLVerifyClient bogus", "SSLVerifyDepth 2", "SSLVerifyDepth x",
                'SSLRequire %{SSL_CIPHER_USEKEYSIZE} >= 128', "SSLRenegBufferSize 1024",
                "SSLCipherSuite HIGH"]}),
    "auth": ([("authn_core_module", "mod_authn_core.so"), ("authn_file_module", "mod_authn_file.so"),
              ("auth_basic_module", "mod_auth_basic.so"), ("authz_user_module", "mod_authz_user.so"),
              ("authz_groupfile_module", "mod_authz_groupfile.so")], {
        "dir": ['AuthType Basic\nAuthName "Restricted area"\nAuthUserFile @ROOT@/htpasswd\nRequire valid-user',
                "AuthType Basic", "AuthType Digest", "AuthType None", 'AuthName "x"', "AuthName",
                "AuthUserFile @ROOT@/htpasswd", "AuthUserFile htpasswd",
                "AuthBasicProvider file", "AuthBasicProvider dbm", "AuthBasicProvider bogus",
                "Require valid-user", "Require user alice bob", "Require group admins",
                "Require Valid-User", "AuthGroupFile @ROOT@/groups", "AuthBasicAuthoritative Off",
                "AuthBasicFake admin password", "AuthMerging And", "AuthMerging Maybe",
                "<RequireAny>\nRequire valid-user\nRequire ip 127.0.0.1\n</RequireAny>"]}),
    "alias": ([("alias_module", "mod_alias.so")], {
        "top": ["Redirect /old http://a.test/new", "Redirect permanent /old https://a.test/",
                "Redirect 301 /o https://a.test/", "Redirect gone /g", "Redirect gone /g http://a.test/",
                "Redirect /r relative/path", "Redirect 410 /g", "Redirect 200 /x http://a.test/",
                "Redirect 302 /x", "Redirect seeother /s http://a.test/", "Redirect temp",
                "RedirectMatch 301 ^/(.*)$ https://a.test/$1", "RedirectMatch ^/(.* http://a.test/",
                "RedirectPermanent /p http://a.test/", "RedirectTemp /t http://a.test/",
                "RedirectPermanent /p", "ScriptAlias /cgi-bin/ /usr/lib/cgi-bin/",
                "ScriptAliasMatch ^/cgi/(.*) /usr/lib/cgi-bin/$1", "ScriptAlias /cgi-bin/",
                "AliasMatch ^/s/(.*)$ @ROOT@/www/a/$1", 'AliasMatch "^/s/(" /x',
                "Alias /a/ @ROOT@/www/a/ extra", "RedirectMatch gone ^/old"],
        "dir": ["Redirect http://a.test/", "Redirect 301 http://a.test/", "Redirect gone",
                "Redirect /x http://a.test/", "Alias @ROOT@/www/a", "ScriptAlias /usr/lib/cgi-bin/",
                "RedirectMatch ^/(.*) http://a.test/$1"]}),
    "log": ([], {
        "top": ['LogFormat "%h %l %u %t \\"%r\\" %>s %b" common',
                'LogFormat "%{Referer}i -> %U" referer', "LogFormat \"%v %h\"",
                'LogFormat "%h %{bogus" broken', "CustomLog /dev/null common",
                "CustomLog /dev/null combined env=!dontlog", 'CustomLog "|/bin/true" common',
                'CustomLog /dev/null "%h %r" expr=%{REQUEST_STATUS}==404',
                "CustomLog /dev/null common bogus", "CustomLog /dev/null",
                'ErrorLogFormat "[%t] [%l] %M"', "ErrorLogFormat connection \"[%{c}t] %a\"",
                "LogLevel warn ssl:info", "LogLevel bogus", "LogLevel core:loud",
                "BufferedLogs On", "GlobalLog /dev/null common", "TransferLog /dev/null",
                "ErrorLog syslog:local7", "ErrorLog @ROOT@/nodir/e.log"]}),
    "remoteip": ([("remoteip_module", "mod_remoteip.so")], {
        "top": ["RemoteIPHeader X-Forwarded-For", "RemoteIPHeader X-Real-IP",
                "RemoteIPTrustedProxy 10.0.0.0/8 192.0.2.1", "RemoteIPInternalProxy 127.0.0.1 ::1",
                "RemoteIPTrustedProxy 10.0.0.0/33", "RemoteIPProxiesHeader X-Forwarded-By",
                "RemoteIPTrustedProxyList @ROOT@/proxies.txt", "RemoteIPProxyProtocol On",
                "RemoteIPHeader"]}),
    "status": ([("status_module", "mod_status.so")], {
        "top": ["ExtendedStatus On", "ExtendedStatus perhaps", "SeeRequestTail On",
                "<Location /server-status>\nSetHandler server-status\nRequire local\n</Location>"],
        "dir": ["SetHandler server-status", "Require local", "ExtendedStatus On"]}),
    "deflate": ([("filter_module", "mod_filter.so"), ("deflate_module", "mod_deflate.so")], {
        "top": ["AddOutputFilterByType DEFLATE text/html text/plain", "DeflateCompressionLevel 9",
                "DeflateCompressionLevel 12", "DeflateBufferSize 8096", "SetOutputFilter DEFLATE",
                "DeflateFilterNote Ratio ratio", "DeflateInflateLimitRequestBody 0",
                "FilterDeclare gzip CONTENT_SET\nFilterProvider gzip DEFLATE \"%{CONTENT_TYPE} =~ m#^text/#\"\nFilterChain gzip"],
        "dir": ["AddOutputFilterByType DEFLATE application/json", "SetOutputFilter DEFLATE;INFLATE",
                "RemoveOutputFilter .html", "DeflateCompressionLevel 1"]}),
    "expires": ([("expires_module", "mod_expires.so")], {
        "dir": ["ExpiresActive On", "ExpiresActive sometimes", 'ExpiresByType text/css "access plus 1 week"',
                "ExpiresByType image/png A2592000", 'ExpiresDefault "modification plus 2 hours"',
                'ExpiresByType text/html "access plus bogus"', 'ExpiresByType image/* "access plus 1 day"',
                "ExpiresByType text/html M", 'ExpiresDefault "now plus 0 seconds"',
                'ExpiresByType text/css "access plus 1 month 2 days"']}),
    "headers": ([("headers_module", "mod_headers.so")], {
        "dir": ["Header always unset X-Powered-By", "Header append Vary Accept-Encoding",
                "Header merge Cache-Control no-cache", "Header setifempty X-A a", "Header echo ^X-",
                "Header note X-N n", "Header bogus X-A y", "Header onsuccess set X-A y",
                'Header set Strict-Transport-Security "max-age=31536000; includeSubDomains" env=HTTPS',
                "Header set X-A y early", "Header always edit* Set-Cookie (.*) $1;HttpOnly",
                "Header edit Location", "RequestHeader set X-Forwarded-Proto https",
                'RequestHeader set X-A "%{HTTP_HOST}e" "expr=%{HTTPS} == \'on\'"',
                "Header unset X-A env=!x extra", "Header set X-A %{bogus}q"]}),
    "core": ([], {
        "top": ["LimitRequestBody 1048576", "LimitRequestBody -1", "LimitRequestBody abc",
                "LimitRequestFieldSize 16380", "LimitRequestLine 8190", "LimitRequestFields x",
                "FileETag MTime Size", "FileETag None", "FileETag +INode -Size", "FileETag INode +Size",
                "ServerTokens Bogus", "ServerTokens Minimal", "UseCanonicalName DNS",
                "UseCanonicalName Maybe", "ServerSignature Off", "HostnameLookups Double",
                "KeepAliveTimeout 5", "KeepAliveTimeout 5ms", "MaxKeepAliveRequests 100",
                "NameVirtualHost *:80", "EnableMMAP off", "AllowEncodedSlashes NoDecode",
                "AllowEncodedSlashes Maybe", "MergeSlashes Off",
                "HttpProtocolOptions Strict LenientMethods Allow0.9", "HttpProtocolOptions Bogus",
                "ErrorDocument 500 /err.html", "ErrorDocument 404 http://a.test/",
                "ErrorDocument 99 x", "ErrorDocument 404 default", "ErrorDocument 404",
                "DefaultType text/plain", "DefaultType None", "RLimitCPU 10 20", "RLimitMEM max",
                "RLimitNPROC x", "Mutex file:@ROOT@ default", "Mutex bogus default",
                "TimeOut 10", "ServerPath /x", "UseCanonicalPhysicalPort On",
                "TraceEnable off", "MaxRangeRanges none", "MaxRanges 10",
                "RegisterHttpMethod PURGE", "Options -Indexes\nOptions +Bogus",
                "<IfModule mpm_event_module>\nMaxRequestWorkers 150\nServerLimit 16\nThreadsPerChild 25\n</IfModule>",
                "<IfModule mpm_event_module>\nThreadsPerChild x\n</IfModule>",
                "StartServers 2", "MinSpareThreads 25", "MaxConnectionsPerChild 0",
                "MaxMemFree 2048", "ListenBacklog 511", "GracefulShutdownTimeout 5"],
        "dir": ["Options -Indexes -Includes", "Options +Indexes Includes", "Options SymLinksIfOwnerMatch",
                "ForceType text/plain", "SetHandler none", "DirectorySlash Off",
                "FallbackResource /index.php", "FallbackResource disabled", "CGIPassAuth On",
                "CGIPassAuth maybe", "QualifyRedirectURL On", "AcceptPathInfo Off",
                "ErrorDocument 403 /forbidden.html", "LimitRequestBody 0", "ServerSignature On",
                "EnableSendfile Off", "FileETag None", "AddDefaultCharset Off", "Satisfy Any",
                "RLimitCPU max"]}),
    "env": ([("env_module", "mod_env.so"), ("mime_module", "mod_mime.so"),
             ("setenvif_module", "mod_setenvif.so")], {
        "dir": ["SetEnv A b", "SetEnv A", "SetEnv", "UnsetEnv A B", "PassEnv HOME",
                "PassEnv PF_NOT_SET_ANYWHERE", "AddCharset UTF-8 .utf8", "RemoveHandler .php",
                "AddEncoding x-gzip .gz", "AddLanguage en .en", "AddType", "ModMimeUsePathInfo On",
                "BrowserMatch ^Mozilla/4 gzip-only-text/html", "BrowserMatchNoCase bot is_bot",
                'SetEnvIf Remote_Addr "^127\\." local', 'SetEnvIfExpr "-R \'10.0.0.0/8\'" internal',
                "SetEnvIf Host (", "MultiviewsMatch Any", "TypesConfig /etc/mime.types"]}),
    "http2": ([("http2_module", "mod_http2.so")], {
        "top": ["Protocols h2 h2c http/1.1", "H2Direct on", "H2Direct maybe", "H2MaxSessionStreams 100",
                "H2MaxSessionStreams 0", "H2StreamMaxMemSize 65536", "H2WindowSize 65535",
                "H2MinWorkers 1", "H2MaxWorkers x", "H2Push off", "H2ModernTLSOnly off",
                "H2EarlyHints on", "H2Padding 2", "H2Padding 9", "H2TLSWarmUpSize 1048576",
                "H2StreamTimeout 30"],
        "dir": ["H2PushResource /x.css", "H2PushResource add /x.css critical",
                "H2PushResource bogus /x.css critical extra", "H2CopyFiles on"]}),
    "autoindex": ([("autoindex_module", "mod_autoindex.so")], {
        "dir": ["IndexOptions FancyIndexing HTMLTable", "IndexOptions +SuppressHTMLPreamble -IconsAreLinks",
                "IndexOptions FancyIndexing +Bogus", "IndexOptions IconWidth=16 NameWidth=*",
                "IndexOptions NameWidth=x", "IndexIgnore .??* *~ *#", "IndexOrderDefault Descending Name",
                "IndexOrderDefault Up Name", "AddIcon /icons/x.gif .x", "DefaultIcon /icons/unknown.gif",
                "HeaderName HEADER.html", "ReadmeName README.html", "IndexStyleSheet /s.css",
                "AddDescription \"A file\" *.x", "IndexHeadInsert \"<meta x>\""]}),
    "cache": ([("cache_module", "mod_cache.so"), ("cache_disk_module", "mod_cache_disk.so")], {
        "top": ["CacheEnable disk /", "CacheEnable bogus /", "CacheEnable disk", "CacheRoot @ROOT@",
                "CacheDisable /x", "CacheIgnoreHeaders Set-Cookie", "CacheDefaultExpire 3600",
                "CacheMaxExpire x", "CacheLock on", "CacheQuickHandler off",
                "CacheDirLevels 2", "CacheDirLevels 30", "CacheDirLength 1", "CacheIgnoreURLSessionIdentifiers jsessionid",
                "CacheKeyBaseURL http://a.test/", "CacheKeyBaseURL nonsense"],
        "dir": ["CacheEnable disk", "CacheDisable on", "CacheHeader on", "CacheIgnoreNoLastMod On"]}),
    "reqtimeout": ([("reqtimeout_module", "mod_reqtimeout.so")], {
        "top": ["RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500",
                "RequestReadTimeout handshake=5 header=10 body=30", "RequestReadTimeout header=x",
                "RequestReadTimeout bogus=10", "RequestReadTimeout header=40-20",
                "RequestReadTimeout body=0"]}),
    "filters": ([("substitute_module", "mod_substitute.so"), ("filter_module", "mod_filter.so"),
                 ("include_module", "mod_include.so"), ("ratelimit_module", "mod_ratelimit.so")], {
        "dir": ["AddOutputFilterByType SUBSTITUTE text/html", "Substitute s/foo/bar/ni",
                "Substitute s/foo/bar/", "Substitute s/foo/bar", "Substitute \"s|(|x|\"",
                "Substitute x/foo/bar/", "SubstituteMaxLineLength 10m", "SubstituteMaxLineLength x",
                "SubstituteInheritBefore on", "XBitHack full", "XBitHack maybe",
                "SSIErrorMsg \"[error]\"", "SSILegacyExprParser on", "SSIUndefinedEcho x",
                "Options +Includes", "SetOutputFilter INCLUDES", "SetOutputFilter RATE_LIMIT",
                "SetEnv rate-limit 400"]}),
    "dav": ([("dav_module", "mod_dav.so"), ("dav_fs_module", "mod_dav_fs.so")], {
        "top": ["DavLockDB @ROOT@/davlock", "DAVLockDB @ROOT@/davlock"],
        "dir": ["Dav On", "Dav filesystem", "Dav bogus", "DavDepthInfinity on",
                "DavMinTimeout 600", "DavMinTimeout x", "DavBasePath /dav"]}),
    "misc": ([("speling_module", "mod_speling.so"), ("allowmethods_module", "mod_allowmethods.so"),
              ("unique_id_module", "mod_unique_id.so"), ("info_module", "mod_info.so"),
              ("cgid_module", "mod_cgid.so")], {
        "top": ["ScriptSock @ROOT@/cgisock", "CGIDScriptTimeout 30", "AddModuleInfo mod_x.c 'x'",
                "<Location /server-info>\nSetHandler server-info\nRequire local\n</Location>",
                "CheckSpelling On", "CheckCaseOnly on", "CheckSpelling maybe"],
        "dir": ["AllowMethods GET POST OPTIONS", "AllowMethods reset", "AllowMethods GET reset",
                "AllowMethods BOGUS", "CheckSpelling On", "SpelingExclude x", "CheckBasenameMatch off",
                "Options +ExecCGI", "AddHandler cgi-script .cgi", "ScriptLog @ROOT@/cgi.log"]}),
    "md": ([("md_module", "mod_md.so")], {
        "top": ["MDomain a.test www.a.test", "MDomain a.test auto", "MDCertificateAgreement accepted",
                "MDContactEmail admin@a.test", "MDRenewMode auto", "MDRenewMode sometimes",
                "MDRenewWindow 33%", "MDRenewWindow 120%", "MDRenewWindow 30d", "MDRenewWindow x",
                "MDWarnWindow 10%", "MDPortMap http:80 https:443", "MDPortMap bogus:80",
                "MDPrivateKeys RSA 2048", "MDPrivateKeys RSA 1024", "MDPrivateKeys secp256r1 RSA 3072",
                "MDCertificateAuthority letsencrypt", "MDCertificateAuthority bogus-ca",
                "MDCertificateAuthority https://acme.a.test/directory", "MDRequireHttps temporary",
                "MDRequireHttps always", "MDMustStaple off", "MDStapling on", "MDStoreDir @ROOT@/md",
                "MDCAChallenges http-01 tls-alpn-01", "MDBaseServer off",
                "<MDomainSet a.test>\nMDMember www.a.test\nMDRenewMode manual\n</MDomainSet>",
                "<MDomain b.test>\nMDMember www.b.test\nMDPrivateKeys RSA 4096\n</MDomain>",
                "<MDomainSet a.test>\nMDomain c.test\n</MDomainSet>",
                "MDMember www.a.test", "MDMember auto"]}),
    "lua": ([("lua_module", "mod_lua.so"), ("usertrack_module", "mod_usertrack.so")], {
        "top": ["LuaScope once", "LuaScope Once", "LuaScope server 1 5", "LuaCodeCache stat",
                "LuaCodeCache bogus", "LuaMapHandler ^/(.*) @ROOT@/x.lua", "LuaMapHandler ^/( @ROOT@/x.lua",
                "LuaRoot @ROOT@", "LuaPackagePath @ROOT@/?.lua"],
        "dir": ["LuaInherit parent-first", "LuaInherit bogus", "CookieTracking on",
                "CookieStyle Cookie2", "CookieStyle Bogus", "CookieDomain .a.test",
                "CookieDomain a.test", "CookieName x", "SetHandler lua-script"]}),
    "ldap": ([("ldap_module", "mod_ldap.so"), ("authnz_ldap_module", "mod_authnz_ldap.so"),
              ("authn_core_module", "mod_authn_core.so"), ("auth_basic_module", "mod_auth_basic.so")], {
        "top": ["LDAPTrustedGlobalCert CA_BASE64 /etc/ssl/certs/ca-certificates.crt",
                "LDAPTrustedGlobalCert CA_BASE64 @ROOT@/none.pem", "LDAPTrustedGlobalCert BOGUS @ROOT@/x",
                "LDAPTrustedMode SSL", "LDAPTrustedMode BOGUS", "LDAPSharedCacheSize 500000",
                "LDAPConnectionTimeout 5", "LDAPVerifyServerCert off"],
        "dir": ['AuthType Basic\nAuthName "LDAP"\nAuthBasicProvider ldap\n'
                'AuthLDAPURL "ldap://ldap.a.test/dc=a,dc=test?uid?sub?(objectClass=*)"\nRequire valid-user',
                "AuthLDAPURL ldap://ldap.a.test/dc=a,dc=test?uid STARTTLS", "Require ldap-group cn=admins,dc=a",
                "AuthLDAPURL bogus://x", 'AuthLDAPURL "ldap://x/dc=a?uid?bogus"', "AuthLDAPURL ldap://x/dc=a BOGUS",
                "AuthLDAPBindDN cn=x", "AuthLDAPBindPassword secret", "AuthLDAPGroupAttributeIsDN on"]}),
    "filters2": ([("ext_filter_module", "mod_ext_filter.so"), ("session_module", "mod_session.so"),
                  ("buffer_module", "mod_buffer.so"), ("request_module", "mod_request.so"),
                  ("charset_lite_module", "mod_charset_lite.so")], {
        "top": ['ExtFilterDefine up mode=output intype=text/plain cmd="/usr/bin/tr a-z A-Z"',
                'ExtFilterDefine up2 mode=sideways cmd="/bin/true"', "ExtFilterDefine up3 cmd=/bin/true bogus=1",
                'ExtFilterDefine up4 cmd="/bin/true'],
        "dir": ["ExtFilterOptions LogStderr", "ExtFilterOptions Bogus", "Session On",
                "SessionExpiryUpdateInterval -1", "SessionMaxAge 3600", "BufferSize 65536", "BufferSize x",
                "KeptBodySize 1024", "KeptBodySize 10k", "CharsetOptions ImplicitAdd", "CharsetOptions Bogus",
                "CharsetSourceEnc UTF-8"]}),
}


def m_guard(head):
    """The module an <IfModule> head names (for its body's lines)."""
    w = head[len("<IfModule "):-1] if head.startswith("<IfModule ") else ""
    for m, so in MODS:
        if w in (m, so.replace(".so", ".c"), m.replace("_module", "")):
            return m
    return ""


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    for n in range(count):
        r = random.Random("%d/%d" % (seed, n))
        g = Gen(r, out)
        defines = g.tree()
        d = os.path.join(out, "c%04d" % n)
        for name, text in g.files.items():
            p = os.path.join(d, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", newline="") as f:
                f.write(text)
        if defines:
            with open(os.path.join(d, "defines"), "w") as f:
                f.write(" ".join(defines) + "\n")
        with open(os.path.join(d, "mistake"), "w") as f:
            f.write((g.mistake or "none") + "\n")


main()
