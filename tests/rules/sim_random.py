#!/usr/bin/python3
"""sim_random.py - the request simulator against the real servers on
random routing setups: which URL executes which file.

usage: sim_random.py BUILD-DIR [--seed S] [--count N] [--per K] [-j J]
                     [--show] [--keep DIR] [--print]

Each setup is one vhost made of the routing pieces real sites use, drawn
at random and combined: a PHP handler (FilesMatch/Files/Location/
LocationMatch/Directory SetHandler, with or without <If -f>, AddHandler,
greedy and strict ProxyPassMatch, ProxyPass prefixes, RewriteRule [P]),
over a unix socket or TCP, plus what admins put around it (upload folders
denied, SetHandler none, RemoveHandler, ProxyPass ... ! exclusions, an
.htaccess in the upload folder under one AllowOverride or another, an
Alias to the uploads or to a folder outside the DocumentRoot,
DirectoryIndex, AcceptPathInfo, front-controller rewrites, ErrorDocument),
and a pool of its own (security.limit_extensions, cgi.fix_pathinfo).  K
setups share one apache2 (a port each) and one php-fpm8.2 (a pool each),
on 127.0.0.1 in a private tree.  Every probe URL goes to the real servers
(curl) and to build/sim-probe; the verdicts (exec:FILE, static, 404,
fpm403, fpm404, ... as tests/rules/sim_oracle.sh names them) must agree.
A setup apache2 -t refuses is a generator bug and fails the run.

SIM_RANDOM_FILLERS=N adds N <Directory>, <Location> and <Proxy> blocks each
that hold for no request, and a <Directory> over every setup, to the main
server: the simulator and the .htaccess walk then use their indexes and
views for many sections (seeds 309, 310 and 311 on 2026-11-29, N=40: 196
setups, 9,800 probes, no disagreement).

Prints each disagreement with the setup's folder (--keep leaves the
trees; --print prints each vhost) and a summary; exit 0 all agree, 1
disagreements, 77 apache2 or php-fpm8.2 missing.  Runs as root (php-fpm's
master); the servers' children run as www-data.
"""
import argparse, concurrent.futures, os, random, shutil, signal, socket, \
    subprocess, sys, tempfile, threading, time

sys.dont_write_bytecode = True
MODS = '/usr/lib/apache2/modules'
MODULES = ('authz_core mime alias rewrite authz_host proxy proxy_fcgi '
           'setenvif env access_compat auth_basic authn_core authn_file '
           'authz_user autoindex').split()
PHP = '<?php echo "EX"."EC:".__FILE__;'
# The tree of each setup, below its DocumentRoot (www/) and beside it.
FILES_PHP = ['index.php', 'sub/x.php', 'uploads/x.php', 'uploads/x.php5',
             'uploads/x.phar', 'uploads/ht/x.php', 'app/index.php',
             '.hidden/x.php', 'sub/index.php', 'info.PHP', 'error.php',
             'uploads/.x.php', 'app/sub/y.php']
FILES_IMG = ['uploads/evil.jpg', 'uploads/evil.php.jpg', 'uploads/ht/evil.jpg',
             'sub/pic.jpg', 'uploads/evil.php.']
FILES_OUT = ['lib/secret.php', 'lib/evil.jpg']	# outside www/

URLS = ['/', '/index.php', '/sub/x.php', '/sub/', '/sub', '/nope.php',
        '/index.php/foo', '/index.php/a/b.php', '/uploads/x.php',
        '/uploads/evil.jpg', '/uploads/evil.jpg/x.php',
        '/uploads/evil.jpg/.php', '/uploads/evil.php.jpg', '/uploads/x.php5',
        '/uploads/x.phar', '/uploads/ht/x.php', '/uploads/ht/evil.jpg/x.php',
        '/uploads/', '/uploads/.x.php', '/uploads/evil.php.', '/app/',
        '/app/index.php', '/app/sub/y.php', '/app/sub/y.php/z',
        '/.hidden/x.php', '/info.PHP', '/INDEX.PHP', '/sub/pic.jpg/a.php',
        '/media/x.php', '/media/evil.jpg/x.php', '/media/evil.jpg',
        '/lib/secret.php', '/lib/evil.jpg/x.php', '/sub/x.php/',
        '/%75ploads/x.php', '/sub/x%2ephp', '/index.php%2fx',
        '/nope.php/x', '/uploads/nope.php', '/app', '/sub/nope.php',
        '/app/nope.php', '/sub/x.php/abc', '/lnk/x.php', '/lnk/evil.jpg/x.php',
        '/lnk/', '/sh/y.php', '/sh/', '/app/link.php', '/app/link.php/z']


TCP = None	# --body: the socket (False) or TCP (True)


USED = set()
USED_LOCK = threading.Lock()


def free_port():
    """A free port of 127.0.0.1 no other batch of this run was given."""
    with USED_LOCK:
        while True:
            s = socket.socket()
            s.bind(('127.0.0.1', 0))
            p = s.getsockname()[1]
            s.close()
            if p not in USED:
                USED.add(p)
                return p


class Setup:
    """One vhost: its lines, its pool's lines, its .htaccess files."""

    def __init__(self, rng, d, port, fport):
        self.d = d				# the setup's folder
        self.www = d + '/www'
        self.sock = d + '/php.sock'
        self.port, self.fport = port, fport
        self.lines, self.pool, self.htaccess = [], [], {}
        self.links = []		# (link below www, target, owner of link)
        self.cur = None		# owner of d/cur -> www (a DocumentRoot)
        self.rng = rng
        self.tcp = rng.random() < 0.3 if TCP is None else TCP
        self.handler = ('"proxy:fcgi://127.0.0.1:%d"' % fport if self.tcp
                        else '"proxy:unix:%s|fcgi://localhost"' % self.sock)
        self.target = ('fcgi://127.0.0.1:%d' % fport if self.tcp else
                       '"unix:%s|fcgi://localhost' % self.sock)

    def ppm_target(self, tail):
        """A ProxyPassMatch/ProxyPass target ending in tail."""
        if self.tcp:
            return 'fcgi://127.0.0.1:%d%s' % (self.fport, tail)
        return '"unix:%s|fcgi://localhost%s"' % (self.sock, tail)

    def add(self, *ls):
        self.lines.extend(ls)


PATS = [r'"\.php$"', r'".+\.php$"', r'"\.php"', r'".+\.ph(?:ar|p|tml)$"',
        r'"\.(php|phar)$"', r'"\.php[0-9]?$"', r'"^index\.php$"',
        r'"(?i)\.php$"', r'"\.ph(p[3457]?|t|tml)$"', r'"^[^.]+\.php$"']


def handler_block(s, r):
    """The SetHandler lines, guarded by <If -f> at times."""
    if r.random() < 0.3:
        return ['<If "-f %{REQUEST_FILENAME}">', '    SetHandler ' +
                s.handler, '</If>']
    return ['SetHandler ' + s.handler]


def indent(ls, n=4):
    return [' ' * n + l for l in ls]


def h_filesmatch(s, r):
    s.add('<FilesMatch %s>' % r.choice(PATS), *indent(handler_block(s, r)),
          '</FilesMatch>')


def h_files(s, r):
    s.add('<Files %s>' % r.choice(['"*.php"', '~ "\\.php$"', '"index.php"',
                                   '"*.ph*"']),
          *indent(handler_block(s, r)), '</Files>')


def h_dir_filesmatch(s, r):
    s.add('<Directory %s>' % s.www, '    <FilesMatch %s>' % r.choice(PATS),
          *indent(handler_block(s, r), 8), '    </FilesMatch>',
          '</Directory>')


def h_addhandler(s, r):
    exts = r.choice(['.php', '.php .phar', '.php .php5', 'php'])
    s.add('AddHandler %s %s' % (s.handler, exts))


def h_location(s, r):
    where = r.choice(['<Location /app>', '<Location "/app/">',
                      '<LocationMatch "\\.php$">',
                      '<LocationMatch "^/(app|sub)/.*\\.php$">',
                      '<LocationMatch "\\.php">'])
    end = '</LocationMatch>' if 'Match' in where else '</Location>'
    s.add(where, *indent(handler_block(s, r)), end)


def h_ppm(s, r):
    www = s.www
    pat, tail = r.choice([
        (r'"^/(.*\.php(/.*)?)$"', www + '/$1'),
        (r'"^/(.*\.php)$"', www + '/$1'),
        (r'"^(.*\.php)$"', www + '$1'),
        (r'"^/(.*\.php(/.*)?)$"', www + '/$1'),
        (r'"^/(.+\.php)(/.*)?$"', www + '/$1'),
        (r'"\.php$"', www),
        (r'"^/(app/.*\.php)$"', www + '/$1'),
        (r'"^/(.*\.php)(/.*)?$"', www + '/$1$2'),
        (r'"(?i)^/(.*\.php(/.*)?)$"', www + '/$1'),
    ])
    opt = r.choice(['', '', ' enablereuse=on', ' timeout=30'])
    s.add('ProxyPassMatch %s %s%s' % (pat, s.ppm_target(tail), opt))


def h_location_proxypass(s, r):
    """ProxyPass's one-word form in a <Location>."""
    s.add('<Location /app/>', '    ProxyPass %s' % s.ppm_target(
        s.www + '/app/'), '</Location>')


def h_proxypass(s, r):
    where = r.choice(['/app/', '/app', '/'])
    s.add('ProxyPass %s %s' % (where, s.ppm_target(
        s.www + where.rstrip('/') + ('/' if where.endswith('/') else ''))))


def h_htaccess(s, r):
    """The handler in the DocumentRoot's .htaccess (shared hosting): read
    only where AllowOverride lets FileInfo through."""
    s.htaccess['.htaccess'] = s.htaccess.get('.htaccess', '') + r.choice([
        '<FilesMatch %s>\n    SetHandler %s\n</FilesMatch>\n' % (
            r.choice(PATS), s.handler),
        'AddHandler %s .php\n' % s.handler,
        '<Files "*.php">\n    SetHandler %s\n</Files>\n' % s.handler,
    ])


def h_dir_sethandler(s, r):
    """Every file of a folder to FPM (limit_extensions decides)."""
    s.add('<Directory %s/%s>' % (s.www, r.choice(['app', 'sub', 'uploads'])),
          *indent(handler_block(s, r)), '</Directory>')


def engine(r):
    """A RewriteEngine On line, left out at times: the rules then run by
    the main server's (some batches say On there) or not at all."""
    return ['RewriteEngine On'] if r.random() < 0.75 else []


def h_rewrite_h(s, r):
    s.add(*engine(r),
          'RewriteRule %s - [H=%s]' % (r.choice([r'"\.php$"', r'"^/.*\.php"',
                                                r'"\.ph(p|ar)$"']),
                                        s.handler.strip('"')))


def h_alias_app(s, r):
    """An application outside the DocumentRoot (phpMyAdmin's layout):
    its handler in its own <Directory>."""
    s.add('Alias /lib %s/lib' % s.d, '<Directory %s/lib>' % s.d,
          '    Require all granted',
          '    <FilesMatch %s>' % r.choice(PATS),
          *indent(handler_block(s, r), 8), '    </FilesMatch>',
          '</Directory>')


def h_rewrite(s, r):
    s.add(*engine(r))
    if r.random() < 0.5:
        s.add('RewriteCond %{DOCUMENT_ROOT}%{REQUEST_URI} -f')
    pat = r.choice([r'"^/(.*\.php)$"', r'"^/(.*\.php(/.*)?)$"',
                    r'"\.php$"'])
    tail = s.www + ('/$1' if '(' in pat else '%{REQUEST_URI}')
    tgt = ('fcgi://127.0.0.1:%d%s' % (s.fport, tail) if s.tcp else
           '"unix:%s|fcgi://localhost%s"' % (s.sock, tail))
    s.add('RewriteRule %s %s [P,L]' % (pat, tgt))


HANDLERS = [(h_filesmatch, 5), (h_files, 2), (h_dir_filesmatch, 2),
            (h_addhandler, 2), (h_location, 2), (h_ppm, 4),
            (h_proxypass, 1), (h_rewrite, 2), (h_htaccess, 2),
            (h_location_proxypass, 1), (h_alias_app, 1),
            (h_dir_sethandler, 1), (h_rewrite_h, 1)]


def m_uploads_dir(s, r):
    inner = r.choice([
        ['<FilesMatch "\\.php$">', '    Require all denied', '</FilesMatch>'],
        ['<FilesMatch "\\.ph(p[0-9]?|ar|tml)$">', '    Require all denied',
         '</FilesMatch>'],
        ['SetHandler none'], ['SetHandler None'], ['RemoveHandler .php'],
        ['Require all denied'], ['<Files "*.php">', '    SetHandler none',
                                 '</Files>'],
        ['<FilesMatch ".*">', '    SetHandler none', '</FilesMatch>'],
        ['RemoveType .php'], ['Options -ExecCGI'],
        ['AddCharset UTF-8 .txt'], ['DefaultLanguage en'],
    ])
    where = r.choice(['<Directory %s/uploads>' % s.www,
                      '<Directory "%s/uploads/">' % s.www,
                      '<DirectoryMatch "^%s/uploads">' % s.www])
    end = '</DirectoryMatch>' if 'Match' in where else '</Directory>'
    s.add(where, *indent(inner), end)


def m_uploads_location(s, r):
    s.add(*r.choice([
        ['<Location /uploads>', '    SetHandler none', '</Location>'],
        ['<Location "/uploads/">', '    Require all denied', '</Location>'],
        ['<LocationMatch "^/uploads/.*\\.php">', '    Require all denied',
         '</LocationMatch>'],
        ['ProxyPass /uploads/ !'], ['ProxyPass /uploads !'],
        ['ProxyPassMatch "^/uploads/.*\\.php$" !'],
    ]))


def m_htaccess(s, r):
    s.htaccess['uploads/ht/.htaccess'] = r.choice([
        'SetHandler none\n', 'RemoveHandler .php\n', 'Require all denied\n',
        '<FilesMatch "\\.php$">\n    Require all denied\n</FilesMatch>\n',
        'php_flag engine off\n', 'Options -ExecCGI\n',
        'AddHandler %s .jpg\n' % s.handler,
        '<Files "*.php">\n    SetHandler none\n</Files>\n',
        # WordPress hardening plugins and guides
        '<Files *.php>\n    deny from all\n</Files>\n',
        'Order Deny,Allow\nDeny from all\n',
        '<IfModule mod_php7.c>\n    php_flag engine off\n</IfModule>\n',
        '<FilesMatch "\\.php$">\n    ForceType text/plain\n</FilesMatch>\n',
        'AddType text/plain .php\n',
        'RemoveHandler .php .phtml .php3\nRemoveType .php .phtml .php3\n',
        '<FilesMatch "\\.(?i:php)$">\n  <IfModule !mod_authz_core.c>\n'
        '    Order allow,deny\n    Deny from all\n  </IfModule>\n'
        '  <IfModule mod_authz_core.c>\n    Require all denied\n'
        '  </IfModule>\n</FilesMatch>\n',
    ])
    if r.random() < 0.4:
        s.htaccess['uploads/.htaccess'] = r.choice([
            'SetHandler none\n', 'Require all denied\n',
            'RewriteEngine On\nRewriteRule \\.php$ - [F]\n'])


def m_alias(s, r):
    if r.random() < 0.5:
        s.add('Alias /media %s/uploads' % s.www)
    else:
        s.add('Alias /lib "%s/lib"' % s.d, '<Directory %s/lib>' % s.d,
              '    Require all granted', '</Directory>')


def m_index(s, r):
    s.add(r.choice(['DirectoryIndex index.php', 'DirectoryIndex index.html',
                    'DirectoryIndex disabled',
                    'DirectoryIndex index.html index.php',
                    'DirectoryIndex /index.php', 'DirectorySlash Off',
                    'DirectoryCheckHandler On', 'DirectoryIndexRedirect on',
                    'DirectoryIndexRedirect 302',
                    'DirectoryIndex index.php\nDirectoryIndexRedirect on']))


def m_pathinfo(s, r):
    v = r.choice(['On', 'Off', 'Default'])
    if r.random() < 0.5:
        s.add('AcceptPathInfo ' + v)
    else:
        s.add('<Directory %s/app>' % s.www, '    AcceptPathInfo ' + v,
              '</Directory>')


def m_front(s, r):
    where = r.choice(['app', '', 'app', '', 'L /', 'L /app',
                      'M "^/(app|sub)"'])
    sec = 'Directory'
    if where.startswith('L '):
        sec, where = 'Location', where[2:]
    elif where.startswith('M '):
        sec, where = 'LocationMatch', where[2:]
    else:
        where = s.www + ('/' + where if where else '')
    s.add('<%s %s>' % (sec, where),
          *indent(engine(r)), '    RewriteCond %{REQUEST_FILENAME} !-f',
          '    RewriteCond %{REQUEST_FILENAME} !-d',
          '    RewriteRule ^ %s [L]' % r.choice(['index.php', '/index.php']),
          '</%s>' % sec)


def m_rewrite_sections(s, r):
    """mod_rewrite lines in an <If> or a <Files>/<FilesMatch> section (at
    the vhost's top or in the DocumentRoot's <Directory>): per-directory
    rules whose directory is "*If" or the pattern, which replace the
    directory's while the section applies."""
    cond = r.choice(['"%{REQUEST_URI} =~ m#^/(app|nope|sub)#"',
                     '"%{REQUEST_URI} !~ m#\\.php$#"', '"true"',
                     '"! -f %{REQUEST_FILENAME}"',
                     '"%{REQUEST_URI} == \'/nope.php\'"'])
    sec = r.choice(['If %s' % cond, 'If %s' % cond, 'Files "x.php"',
                    'FilesMatch "\\.php$"', 'Files "index.php"'])
    body = r.choice([
        ['RewriteEngine On', 'RewriteCond %{REQUEST_FILENAME} !-f',
         'RewriteRule ^ %s [L]' % r.choice(['/index.php', 'index.php',
                                             '/app/index.php'])],
        ['RewriteEngine On', 'RewriteRule \\.php$ - [F]'],
        ['RewriteEngine On', 'RewriteRule ^/.*/www/sub/(.*)$ /app/$1 [L]'],
        ['RewriteEngine On', 'RewriteRule ^(.*)/x\\.php$ /index.php [L]'],
        ['RewriteOptions Inherit', 'RewriteRule ^/.*/nope\\.php$ - [G]'],
        ['RewriteEngine Off']])
    name = sec.split()[0]
    lines = ['<%s>' % sec] + indent(body) + ['</%s>' % name]
    if r.random() < 0.5:
        s.add(*lines)
    else:
        s.add('<Directory %s>' % s.www, *indent(lines), '</Directory>')


def m_errdoc(s, r):
    s.add('ErrorDocument %s %s' % (r.choice(['404', '404', '403']),
                                   r.choice(['/error.php', '/nope.php',
                                             '"Not here"', '/sub/pic.jpg',
                                             '/index.php'])))


def m_error_override(s, r):
    s.add(*r.choice([['ProxyErrorOverride On'], ['ProxyErrorOverride On 404'],
                     ['ProxyErrorOverride On 403 404'],
                     ['ProxyErrorOverride On', 'ProxyErrorOverride 404'],
                     ['ProxyErrorOverride On 404 Off'],
                     ['ProxyErrorOverride On 403', '<Location />',
                      '    ProxyErrorOverride On', '</Location>']]))


def m_hidden(s, r):
    s.add(*r.choice([
        ['<FilesMatch "^\\.">', '    Require all denied', '</FilesMatch>'],
        ['<DirectoryMatch "/\\.">', '    Require all denied',
         '</DirectoryMatch>'],
        ['RedirectMatch 404 /\\.'],
        ['<LocationMatch "/\\.">', '    Require all denied',
         '</LocationMatch>'],
    ]))


def m_fallback(s, r):
    s.add('<Directory %s%s>' % (s.www, r.choice(['', '/app'])),
          '    FallbackResource %s' % r.choice(['/index.php', 'index.php',
                                                '/app/index.php']),
          '</Directory>')


def m_modphp_leftover(s, r):
    """What a move from mod_php leaves: types with no handler, the
    source sent as a file where no other handler applies."""
    s.add(r.choice(['AddType application/x-httpd-php .php',
                    'AddType application/x-httpd-php .php .phtml',
                    '<FilesMatch "\\.ph(p[3-7]?|tml)$">\n'
                    '        SetHandler application/x-httpd-php\n'
                    '    </FilesMatch>']))


def m_deny_ifs(s, r):
    s.add(*r.choice([
        ['<If "%{REQUEST_URI} =~ m#^/uploads/.*\\.php#">',
         '    Require all denied', '</If>'],
        ['<FilesMatch "\\.(phar|php5)$">', '    Require all denied',
         '</FilesMatch>'],
        ['<LocationMatch "^/uploads/.*\\.php$">', '    SetHandler none',
         '</LocationMatch>'],
        ['ErrorDocument 403 /error.php'],
    ]))


def m_front_htaccess(s, r):
    """WordPress's .htaccess in the DocumentRoot."""
    s.htaccess['.htaccess'] = s.htaccess.get('.htaccess', '') + (
        '<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteBase /\n'
        'RewriteRule ^index\\.php$ - [L]\n'
        'RewriteCond %{REQUEST_FILENAME} !-f\n'
        'RewriteCond %{REQUEST_FILENAME} !-d\n'
        'RewriteRule . /index.php [L]\n</IfModule>\n')


def m_options(s, r):
    """Hardening guides' Options lines (per-directory rewriting needs
    FollowSymLinks or SymLinksIfOwnerMatch)."""
    o = r.choice(['Options -FollowSymLinks', 'Options None',
                  'Options Indexes', 'Options -Indexes',
                  'Options -Indexes +SymLinksIfOwnerMatch -FollowSymLinks',
                  'Options All', 'Options -Indexes -FollowSymLinks',
                  'Options +Indexes', 'Options SymLinksIfOwnerMatch'])
    if r.random() < 0.3:
        f = r.choice(['.htaccess', '.htaccess', 'uploads/.htaccess'])
        s.htaccess[f] = s.htaccess.get(f, '') + o + '\n'
    else:
        s.add('<Directory %s%s>' % (s.www, r.choice(['', '/app',
                                                      '/uploads'])),
              '    ' + o, '</Directory>')


def m_symlinks(s, r):
    """Symbolic links in the tree (a deploy tool's shared folder, a link
    to a script) under Options that follow them or not: httpd's walk
    looks at each component with the Options of the folders above it
    (rules/sim_symlink.c)."""
    s.links += [('lnk', 'uploads', None), ('app/link.php', '../sub/x.php',
                                          r.choice([None, 'www-data'])),
                ('sh', '../shared', r.choice([None, None, 'www-data']))]
    if r.random() < 0.3:
        # the DocumentRoot through a link (a deploy tool's current):
        # the <Directory> sections of www/ no longer match
        s.cur = r.choice(['root', 'root', 'www-data'])
        s.add('DocumentRoot %s/cur' % s.d)
    for _ in range(r.choice([1, 1, 2])):
        o = r.choice(['Options -FollowSymLinks', 'Options None',
                      'Options SymLinksIfOwnerMatch', 'Options Indexes',
                      'Options +SymLinksIfOwnerMatch',
                      'Options FollowSymLinks SymLinksIfOwnerMatch',
                      'Options -Indexes', 'Options +FollowSymLinks',
                      'Options All'])
        where = r.choice(['', '', '/app', '/sh', '/lnk', '/uploads', 'ht',
                          'main'])
        if where == 'ht':
            s.htaccess['.htaccess'] = s.htaccess.get('.htaccess', '') + \
                o + '\n'
        elif where == 'main':
            s.add('<Directory %s>' % s.d, '    ' + o, '</Directory>')
        else:
            s.add('<Directory %s%s>' % (s.www, where), '    ' + o,
                  '</Directory>')


def m_rewrite_nested(s, r):
    """mod_rewrite lines in a folder below a front controller's rules:
    the folder's config replaces the rules unless RewriteOptions
    inherit them (the parent's InheritDown too)."""
    front = ['RewriteEngine On', 'RewriteCond %{REQUEST_FILENAME} !-f',
             'RewriteCond %{REQUEST_FILENAME} !-d',
             'RewriteRule . /index.php [L]']
    down = r.choice([None, None, 'InheritDown', 'InheritDownBefore'])
    if down:
        front.insert(1, 'RewriteOptions ' + down)
    if r.random() < 0.4:
        front.insert(1, 'RewriteBase /')
    if r.random() < 0.5:
        s.htaccess['.htaccess'] = s.htaccess.get('.htaccess', '') + \
            '\n'.join(front) + '\n'
    else:
        s.add('<Directory %s>' % s.www, *indent(front), '</Directory>')
    sub = r.choice(['sub', 'uploads', 'app'])
    body = r.choice([
        ['RewriteEngine On'], ['RewriteEngine Off'],
        ['RewriteBase /%s/' % sub], ['RewriteOptions Inherit'],
        ['RewriteOptions InheritBefore'], ['RewriteOptions IgnoreInherit'],
        ['RewriteOptions AllowNoSlash'],
        ['RewriteEngine On', 'RewriteRule \\.php$ - [F]'],
        ['RewriteOptions Inherit', 'RewriteRule ^x\\.php$ index.php [L]'],
        ['RewriteOptions InheritBefore',
         'RewriteRule ^nope\\.php$ /sub/x.php [L]'],
        ['RewriteCond %{REQUEST_FILENAME} !-f',
         'RewriteRule ^nope\\.php$ x.php [L]'],
        ['RewriteBase /sub/', 'RewriteRule ^nope\\.php$ x.php [L]'],
        ['RewriteBase /', 'RewriteRule ^nope\\.php$ sub/x.php [L]'],
        ['RewriteOptions MergeBase', 'RewriteRule ^nope\\.php$ x.php [L]'],
        ['RewriteOptions Inherit MergeBase'],
        ['RewriteEngine On', 'RewriteRule ^x\\.php/(.*)$ nope/$1',
         'RewriteRule ^nope/([a-z]+)$ x.php [L]'],
        ['RewriteEngine On', 'RewriteRule ^x\\.php/(.*)$ nope/$1 [DPI]',
         'RewriteRule ^nope/([a-z]+)$ /index.php [L]'],
    ])
    if r.random() < 0.5:
        s.htaccess[sub + '/.htaccess'] = s.htaccess.get(
            sub + '/.htaccess', '') + '\n'.join(body) + '\n'
    else:
        s.add('<Directory %s/%s>' % (s.www, sub), *indent(body),
              '</Directory>')


def m_setenv(s, r):
    s.add(r.choice(['ProxyFCGISetEnvIf "true" PATH_INFO',
                    'ProxyFCGISetEnvIf "true" !PATH_INFO',
                    'SetEnv proxy-fcgi-pathinfo full',
                    'SetEnv proxy-fcgi-pathinfo first-dot',
                    'SetEnv proxy-fcgi-pathinfo last-dot',
                    'SetEnv proxy-fcgi-pathinfo unescape']))


def m_access(s, r):
    """Access control where admins put it (an admin area, the uploads, one
    script): Basic authentication, client addresses, RequireAll/Any/None,
    mod_access_compat's lines and Satisfy, in a <Location>, <Directory>,
    <Files> or an .htaccess (read with AuthConfig or Limit).  The access
    checks run before the fixups and the handler: a 401 or 403 there is
    the answer, whatever rewrites or routes the request.  sim-probe asks
    for curl's client, 127.0.0.1 with no credentials
    (pf_sim_set_client)."""
    auth = ['AuthType Basic', 'AuthName "admin"',
            'AuthUserFile %s/htpasswd' % s.d]
    body = r.choice([
        auth + ['Require valid-user'], auth + ['Require user admin'],
        ['Require valid-user'], ['AuthType Basic', 'Require valid-user'],
        ['Require ip 127.0.0.1'], ['Require ip 10.0.0.0/8'],
        ['Require local'], ['Require all denied'], ['Require all granted'],
        ['Require ip 127.0.0.0/8 ::1'],
        auth + ['<RequireAny>', '    Require ip 127.0.0.1',
                '    Require valid-user', '</RequireAny>'],
        auth + ['<RequireAny>', '    Require ip 10.0.0.0/8',
                '    Require valid-user', '</RequireAny>'],
        auth + ['<RequireAll>', '    Require ip 127.0.0.1',
                '    Require valid-user', '</RequireAll>'],
        ['<RequireAll>', '    Require all granted',
         '    Require not ip 127.0.0.1', '</RequireAll>'],
        ['<RequireAll>', '    Require all granted',
         '    Require not ip 10.0.0.0/8', '</RequireAll>'],
        ['<RequireAll>', '    Require all granted', '    <RequireNone>',
         '        Require ip 127.0.0.1', '    </RequireNone>',
         '</RequireAll>'],
        ['AuthType None', 'Require all granted'],
        ['Deny from all'], ['Order deny,allow', 'Deny from all'],
        ['Order allow,deny', 'Allow from all'],
        ['Order allow,deny', 'Allow from 10.0.0.0/8'],
        ['Order deny,allow', 'Deny from all', 'Allow from 127.0.0.1'],
        ['Require all denied', 'Satisfy Any', 'Allow from all'],
        auth + ['Require valid-user', 'Satisfy Any', 'Order deny,allow',
                'Deny from all'],
        auth + ['Require valid-user', 'Satisfy Any', 'Order allow,deny',
                'Allow from 127.0.0.1'],
        ['Require all granted', 'Order allow,deny'],
        ['<Limit POST>', '    Require all denied', '</Limit>'],
        ['<LimitExcept GET>', '    Require all denied', '</LimitExcept>'],
        ['<LimitExcept POST>', '    Require all denied', '</LimitExcept>'],
        auth + ['AuthMerging And', 'Require valid-user'],
        ['AuthMerging Or', 'Require ip 127.0.0.1'],
        ['ErrorDocument 401 /error.php', 'Require valid-user'],
        ['AuthType Basic', 'AuthName "admin"'],
    ])
    where = r.choice(['L /app', 'L /uploads', 'M "^/(app|sub)/"',
                      'D app', 'D uploads', 'D ', 'F x.php',
                      'FM "\\.php$"', 'H app/.htaccess',
                      'H uploads/.htaccess', 'H .htaccess'])
    kind, arg = where.split(' ', 1)
    if kind == 'H':
        s.htaccess[arg] = s.htaccess.get(arg, '') + '\n'.join(body) + '\n'
        return
    sec, tgt = {'L': ('Location', arg), 'M': ('LocationMatch', arg),
                'D': ('Directory', s.www + ('/' + arg if arg else '')),
                'F': ('Files', '"%s"' % arg),
                'FM': ('FilesMatch', arg)}[kind]
    s.add('<%s %s>' % (sec, tgt), *indent(body), '</%s>' % sec)


def m_server_rules(s, r):
    """The vhost's own mod_rewrite and mod_alias lines (translate_name,
    before any section): hardening guides' URL blocks, a front
    controller, [PT] into an Alias or a path info, redirects."""
    s.add(*r.choice([
        engine(r) + ['RewriteRule ^/uploads/.*\\.php$ - [F]'],
        engine(r) + ['RewriteRule \\.(phar|php5)$ - [F,NC]'],
        engine(r) + ['RewriteCond %{REQUEST_URI} ^/uploads/ [NC]',
                     'RewriteRule \\.php - [F]'],
        engine(r) + ['RewriteRule ^/media/(.*)$ /uploads/$1 [PT]'],
        engine(r) + ['RewriteRule ^/app/(.*)$ /index.php/$1 [PT]'],
        engine(r) + ['RewriteRule ^/sub/([a-z]+)\\.php$ /index.php?f=$1 [L]'],
        engine(r) + ['RewriteCond %{DOCUMENT_ROOT}%{REQUEST_URI} !-f',
                     'RewriteCond %{DOCUMENT_ROOT}%{REQUEST_URI} !-d',
                     'RewriteRule ^ /index.php [L]'],
        engine(r) + ['RewriteCond %{DOCUMENT_ROOT}%{REQUEST_URI} !-f',
                     'RewriteRule ^/(.*)$ /index.php/$1 [PT,L]'],
        engine(r) + ['RewriteRule ^/index\\.php/(.*)$ /$1 [R=301,L]'],
        engine(r) + ['RewriteRule ^/(.+)/$ /$1 [R=301,L]'],
        engine(r) + ['RewriteRule ^/uploads/(.*)\\.php$ /uploads/$1.txt'],
        engine(r) + ['RewriteRule ^/.*\\.phar$ - [G]'],
        ['RedirectMatch 403 ^/uploads/.*\\.php$'],
        ['RedirectMatch 404 "\\.phar$"'], ['Redirect 410 /uploads/ht'],
        ['Redirect permanent /sub /app'],
        ['RedirectMatch ^/app$ /app/index.php'],
    ]))


MODS_ = [(m_uploads_dir, 3), (m_uploads_location, 2), (m_htaccess, 3),
         (m_alias, 2), (m_index, 2), (m_pathinfo, 1), (m_front, 1),
         (m_errdoc, 1), (m_hidden, 1), (m_setenv, 1), (m_fallback, 1),
         (m_modphp_leftover, 1), (m_deny_ifs, 2), (m_front_htaccess, 1),
         (m_error_override, 1), (m_options, 2), (m_rewrite_nested, 2),
         (m_rewrite_sections, 2), (m_access, 3), (m_server_rules, 2),
         (m_symlinks, 2)]


def weighted(r, table, k):
    pool = [f for f, w in table for _ in range(w)]
    out = []
    for _ in range(k):
        f = r.choice(pool)
        if f not in out:
            out.append(f)
    return out


def from_file(path, r, d, port, fport):
    """A setup written by hand (--body): the vhost's lines with @W@ for
    its DocumentRoot, @D@ its folder, @H@ its handler, @T@ a
    ProxyPassMatch target's start (add the tail and a closing quote for
    a socket), @P@ its pool's TCP port (with --tcp), then '@@POOL@@' and the pool's lines, then '@@HT@@ NAME'
    and that .htaccess file's lines (NAME below the DocumentRoot)."""
    s = Setup(r, d, port, fport)
    part, name = 'v', None
    for l in open(path).read().split('\n'):
        if l == '@@POOL@@':
            part = 'p'
            continue
        if l.startswith('@@HT@@ '):
            part, name = 'h', l.split(' ', 1)[1]
            s.htaccess[name] = ''
            continue
        l = l.replace('@W@', s.www).replace('@D@', d).replace(
            '@H@', s.handler).replace('@T@', s.target).replace(
            '@P@', str(fport))
        if part == 'v' and l.strip():
            s.lines.append(l)
        elif part == 'p' and l.strip():
            s.pool.append(l)
        elif part == 'h':
            s.htaccess[name] += l + '\n'
    return s


def generate(r, d, port, fport, body=None):
    if body is not None:
        return from_file(body, r, d, port, fport)
    s = Setup(r, d, port, fport)
    override = r.choice(['None', 'All', 'FileInfo', 'AuthConfig',
                         'FileInfo AuthConfig Limit', 'Options', 'All',
                         'All'])
    s.add('DocumentRoot %s' % s.www, '<Directory %s>' % s.www,
          '    Require all granted', '    AllowOverride ' + override,
          '</Directory>')
    mods = weighted(r, MODS_, r.choice([0, 1, 1, 2, 2, 3, 4]))
    # Modifiers that go before the handler (ProxyPass exclusions are
    # order-sensitive) or after it.
    before = [m for m in mods if r.random() < 0.4]
    for m in before:
        m(s, r)
    for h in weighted(r, HANDLERS, r.choice([1, 1, 1, 2])):
        h(s, r)
    for m in mods:
        if m not in before:
            m(s, r)
    le = r.choice([None, None, '.php', '.php .jpg', '.php .phar .php5',
                   '.php .PHP', ''])
    if le is not None:
        s.pool.append('security.limit_extensions = %s' % le)
    if r.random() < 0.3:
        s.pool.append('php_admin_value[cgi.fix_pathinfo] = 0')
    return s


def setup_files(s):
    for f in FILES_PHP:
        p = s.www + '/' + f
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, 'w').write(PHP)
    for f in FILES_IMG:
        p = s.www + '/' + f
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, 'w').write('GIF89a' + PHP)
    for f in FILES_OUT:
        p = s.d + '/' + f
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, 'w').write(PHP if f.endswith('.php') else 'GIF89a' + PHP)
    for f, t in s.htaccess.items():
        open(s.www + '/' + f, 'w').write(t)
    if s.links:
        import pwd
        wd = pwd.getpwnam('www-data')
        os.makedirs(s.d + '/shared', exist_ok=True)
        open(s.d + '/shared/y.php', 'w').write(PHP)
        os.chown(s.d + '/shared', wd.pw_uid, wd.pw_gid)
        os.chown(s.d + '/shared/y.php', wd.pw_uid, wd.pw_gid)
        for link, target, owner in s.links:
            p = s.www + '/' + link
            os.symlink(target, p)
            if owner is not None:
                os.lchown(p, wd.pw_uid, wd.pw_gid)
        if s.cur is not None:
            os.symlink('www', s.d + '/cur')
            if s.cur == 'www-data':
                os.lchown(s.d + '/cur', wd.pw_uid, wd.pw_gid)


def real_verdict(code, b):
    """tests/rules/sim_oracle.sh's real_verdict."""
    b = b[:300]
    if code == '200' and 'EXEC:' in b:
        return 'exec:' + b.split('EXEC:', 1)[1]
    if code == '000' and b == '':
        return 'noanswer'
    if 'Additionally, a ' in b:
        return code + '+'
    if 'EXEC:' in b:
        return 'exec/%s:%s' % (code, b.split('EXEC:', 1)[1])
    if code[0] != '2' and '"EX"."EC:"' in b:
        return 'static/' + code
    if b.startswith('Not here'):
        return 'text/' + code
    if 'Access denied.' in b:
        return 'fpm403'
    if 'File not found.' in b or 'No input file specified.' in b:
        return 'fpm404'
    if code == '200' and '<title>Index of ' in b:
        return '200'
    if code == '200' and ('pool:' in b or b.startswith('pong')):
        return 'status'
    if code == '200':
        return 'static'
    if code in ('404', '403', '400', '401', '410', '500', '503') or \
            code.startswith('30'):
        return code
    return 'other(%s)' % code


def head(T, ports):
    h = ['ServerRoot %s' % T,
         'LoadModule mpm_event_module %s/mod_mpm_event.so' % MODS]
    for m in MODULES:
        h.append('LoadModule %s_module %s/mod_%s.so' % (m, MODS, m))
    h.append('LoadModule dir_module %s/mod_dir.so' % MODS)
    h += ['DirectoryIndex index.php index.html',
          'TypesConfig /etc/mime.types', 'ServerName localhost',
          'PidFile %s/httpd.pid' % T, 'ErrorLog %s/logs/error.log' % T,
          'LogLevel ' + os.environ.get('SIM_RANDOM_LOGLEVEL', 'warn'),
          'Timeout 30', 'Mutex file:%s default' % T,
          'DefaultRuntimeDir %s' % T, 'User www-data', 'Group www-data']
    h += ['Listen 127.0.0.1:%d' % p for p in ports]
    # SIM_RANDOM_FILLERS=N: N <Directory>, <Location> and <Proxy> blocks
    # each at the top level that hold for no request, and a <Directory>
    # over every setup: the main server then has the many sections that
    # switch the simulator to its indexes and views (sim.c dindex_of,
    # EACH_V; the .htaccess walk's mindex_build), as a panel's tree does.
    n = int(os.environ.get('SIM_RANDOM_FILLERS', '0'))
    for i in range(n):
        h += ['<Directory %s/nowhere%d>' % (T, i), '    Require all denied',
              '</Directory>', '<Location /nowhere%d>' % i,
              '    Require all denied', '</Location>',
              '<Proxy "fcgi://filler%d:9000">' % i, '    ProxySet timeout=5',
              '</Proxy>']
    if n > 0:
        h += ['<Directory %s>' % T, '    Options FollowSymLinks',
              '</Directory>']
    return '\n'.join(h) + '\n'


class PortTaken(Exception):
    pass


# The servers running now (php-fpm's Popen, apache2's tree), stopped by
# PID on SIGTERM/SIGINT too (a test timeout): apache2 -k start detaches.
LIVE = {}
LIVE_LOCK = threading.Lock()
KEEP = False	# --keep


def live(key, val=None):
    with LIVE_LOCK:
        if val is None:
            LIVE.pop(key, None)
        else:
            LIVE[key] = val


def stop_all(signum, frame):
    with LIVE_LOCK:
        for k, v in list(LIVE.items()):
            if k[0] == 'fpm':
                v.terminate()
                v.wait()
            else:
                stop_apache(v)
        for k in LIVE:
            if k[0] == 'apache' and not KEEP:
                shutil.rmtree(k[1], ignore_errors=True)
    os._exit(128 + signum)


def run_batch(a, bi, seed):
    """One batch; again on other ports when one was taken meanwhile."""
    for _ in range(4):
        try:
            return run_batch_once(a, bi, seed)
        except PortTaken:
            continue
    return ['GENFAIL batch %d seed %d: no free ports' % (bi, seed)], 0, 1


def run_batch_once(a, bi, seed):
    r = random.Random(seed)
    T = tempfile.mkdtemp(prefix='simr.', dir=a.keep)
    os.chmod(T, 0o755)
    os.makedirs(T + '/logs')
    n = a.per
    ports = [free_port() for _ in range(n)]
    fports = [free_port() for _ in range(n)]
    setups = []
    conf = head(T, ports)
    # The main server's PHP lines, which every vhost inherits, at times:
    # Debian's php8.2-fpm.conf (a2enconf) or RHEL's php.conf, on a pool
    # of their own.
    main = r.choice([None, None, None, 'debian', 'rhel'])
    mh = '"proxy:unix:%s/main.sock|fcgi://localhost"' % T
    # The main server's RewriteEngine On: every vhost's and section's
    # default (hook_uri2file and hook_fixup look at the per-directory
    # state), so rules without a line of their own run.
    if r.random() < 0.3:
        conf += 'RewriteEngine On\n'
    if main == 'debian':
        conf += ('<FilesMatch ".+\\.ph(?:ar|p|tml)$">\n'
                 '    SetHandler %s\n</FilesMatch>\n'
                 '<FilesMatch ".+\\.phps$">\n    Require all denied\n'
                 '</FilesMatch>\n<FilesMatch "^\\.ph(?:ar|p|ps|tml)$">\n'
                 '    Require all denied\n</FilesMatch>\n' % mh)
    elif main == 'rhel':
        conf += ('AddType text/html .php\nDirectoryIndex index.php\n'
                 '<Files ".user.ini">\n    Require all denied\n</Files>\n'
                 '<FilesMatch \\.(php|phar)$>\n    SetHandler %s\n'
                 '</FilesMatch>\n' % mh)
    fpm = ('[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\n'
           'daemonize = no\n' % (T, T))
    if main:
        fpm += ('[main]\nuser = www-data\ngroup = www-data\n'
                'listen = %s/main.sock\nlisten.owner = www-data\n'
                'listen.group = www-data\npm = ondemand\n'
                'pm.max_children = 80\n' % T)
    for i in range(n):
        d = '%s/v%d' % (T, i)
        os.makedirs(d)
        s = generate(r, d, ports[i], fports[i], a.body)
        setup_files(s)
        setups.append(s)
        conf += '<VirtualHost 127.0.0.1:%d>\n' % ports[i]
        conf += ''.join('    %s\n' % l for l in s.lines)
        conf += '</VirtualHost>\n'
        fpm += ('[v%d]\nuser = www-data\ngroup = www-data\n'
                'listen = %s\nlisten.owner = www-data\n'
                'listen.group = www-data\npm = ondemand\n'
                # (enablereuse keeps a child per Apache thread that
                # used it: a small pool starves, 504)
                'pm.max_children = 80\n%s' % (
                    i, '127.0.0.1:%d' % fports[i] if s.tcp else s.sock,
                    ''.join(l + '\n' for l in s.pool)))
    subprocess.run(['chmod', '-R', 'a+rX', T])
    cp, fp = T + '/httpd.conf', T + '/fpm.conf'
    open(cp, 'w').write(conf)
    open(fp, 'w').write(fpm)
    out = []
    if a.print:
        out.append('== batch %d (seed %d) %s\n%s' % (bi, seed, T, conf))
    p = subprocess.run(['apache2', '-t', '-f', cp], capture_output=True,
                       text=True)
    if p.returncode != 0:
        return out + ['GENFAIL batch %d seed %d: apache2 -t: %s [%s]' % (
            bi, seed, p.stderr.strip()[-400:], T)], 0, 1
    fpmp = subprocess.Popen(['php-fpm8.2', '-F', '-y', fp],
                            stderr=open(T + '/logs/fpm.err', 'w'))
    live(('fpm', T), fpmp)
    live(('apache', T), T)
    probes = diffs = 0
    try:
        for _ in range(100):
            if all(os.path.exists(s.sock) for s in setups if not s.tcp) \
                    and (not main or os.path.exists(T + '/main.sock')) \
                    and all(listening(s.fport) for s in setups if s.tcp):
                break
            if fpmp.poll() is not None:
                break
            time.sleep(0.05)
        p = subprocess.run(['apache2', '-f', cp, '-k', 'start'],
                           capture_output=True, text=True)
        if 'Address already in use' in p.stderr + text_of(
                T + '/logs/fpm.err') + text_of(T + '/logs/fpm.log'):
            if p.returncode == 0:
                stop_apache(T)
            raise PortTaken()
        if p.returncode != 0:
            return out + ['GENFAIL batch %d: apache2 did not start: %s' % (
                bi, p.stderr.strip()[-300:])], 0, 1
        for _ in range(100):
            if os.path.exists(T + '/httpd.pid') and \
                    os.path.getsize(T + '/httpd.pid'):
                break
            time.sleep(0.05)
        time.sleep(0.1)
        try:
            for i, s in enumerate(setups):
                pr, df, lines = compare(a, T, cp, fp, i, s)
                if df and not diffs:
                    out.append('batch %d (--seed %d: seed %d) in %s:' % (
                        bi, a.seed, seed, T))
                probes += pr
                diffs += df
                out += lines
        finally:
            stop_apache(T)
    finally:
        fpmp.terminate()
        fpmp.wait()
        live(('fpm', T))
        live(('apache', T))
        if not a.keep and diffs == 0:
            shutil.rmtree(T, ignore_errors=True)
    return out, probes, diffs


def text_of(path):
    try:
        return open(path, errors='replace').read()
    except OSError:
        return ''


def listening(port):
    s = socket.socket()
    try:
        s.connect(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def stop_apache(T):
    try:
        os.kill(int(open(T + '/httpd.pid').read()), signal.SIGTERM)
    except (OSError, ValueError):
        pass
    for _ in range(100):
        if not os.path.exists(T + '/httpd.pid'):
            break
        time.sleep(0.05)


def compare(a, T, cp, fp, i, s):
    p = subprocess.run([a.build + '/sim-probe', '--httpd', cp, '--fpm', fp,
                        '--vhost', str(i)] + URLS, capture_output=True,
                       text=True)
    sim = p.stdout.split('\n')[:-1]
    if len(sim) != len(URLS):
        return 0, 1, ['PROBEFAIL %s v%d: %s' % (T, i, p.stderr.strip()[:300])]
    args = []
    for k, u in enumerate(URLS):
        args += ['-o', '%s/body.%d.%d' % (T, i, k),
                 'http://127.0.0.1:%d%s' % (s.port, u)]
    c = subprocess.run(['curl', '-s', '--path-as-is', '-w', '%{http_code}\n']
                       + args, capture_output=True, text=True).stdout
    codes = c.split('\n')
    lines, diffs = [], 0
    for k, u in enumerate(URLS):
        bf = '%s/body.%d.%d' % (T, i, k)
        body = open(bf, errors='replace').read() if os.path.exists(bf) else ''
        if os.path.exists(bf):
            os.unlink(bf)
        want = real_verdict(codes[k] if k < len(codes) and codes[k] else
                            '000', body)
        got = sim[k].split(' ', 1)[1] if ' ' in sim[k] else '?'
        if a.show:
            lines.append('%s/v%d %s %s %s' % (T, i, u, want, got))
        if want != got:
            diffs += 1
            lines.append('DIFF %s/v%d %s: apache+php-fpm: %s, simulator: %s'
                         % (T, i, u, want, got))
    return len(URLS), diffs, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('build')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=4, help='batches')
    ap.add_argument('--per', type=int, default=6, help='setups per batch')
    ap.add_argument('-j', type=int, default=2)
    ap.add_argument('--show', action='store_true')
    ap.add_argument('--print', action='store_true')
    ap.add_argument('--keep')
    ap.add_argument('--body', help='a setup written by hand (see '
                    'from_file), run --per times; --tcp: over TCP')
    ap.add_argument('--tcp', action='store_true')
    ap.add_argument('--url', action='append', help='probe these instead')
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    global TCP, URLS
    if a.body:
        TCP = a.tcp
    if a.url:
        URLS = a.url
    for b in ('apache2', 'php-fpm8.2', 'curl'):
        if shutil.which(b) is None and not os.path.exists('/usr/sbin/' + b):
            if os.environ.get('CI') == 'true':
                print('FAIL: %s is required in CI' % b)
                sys.exit(1)
            print('SKIP: %s not installed' % b)
            sys.exit(77)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    global KEEP
    KEEP = bool(a.keep)
    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    total = dict(probes=0, diffs=0)
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        futs = [ex.submit(run_batch, a, b, a.seed * 100003 + b)
                for b in range(a.count)]
        for f in futs:
            out, pr, df = f.result()
            for l in out:
                print(l)
            total['probes'] += pr
            total['diffs'] += df
    print('setups %d probes %d disagreements %d' % (
        a.count * a.per, total['probes'], total['diffs']))
    sys.exit(1 if total['diffs'] else 0)


if __name__ == '__main__':
    main()
