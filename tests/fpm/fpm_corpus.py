#!/usr/bin/python3
"""fpm_corpus.py - real-world php-fpm.conf and pool files as an oracle for
the php-fpm reader: the real `php-fpm8.2 -tt` against `proxyfpm lint --fpm`
and `proxyfpm dump --fpm --json`, file by file.

usage: fpm_corpus.py PROXYFPM CORPUS... [--sources LIST] [-j N]
                     [--json FILE] [--keep DIR] [--verbose] [--only SUBSTR]
                     [--keep-users]

A development tool, not a ctest test: it needs a corpus of configuration
files (Docker images, Ansible roles, Chef/Puppet modules, panel templates,
etckeeper trees ...), which stays outside the repository (they are others'
content).  CORPUS is any number of files or directories (read recursively).
Identical files are read once.  A file that names no php-fpm directive
(a dovecot.conf that happened to match a search) is skipped and counted.

Each file gets a private temp dir T:
  * a file with a [global] section is the main file (php-fpm -y FILE);
    any other file is a pool file, included from a minimal main file
    (error_log and pid in T, include = T/pool.d/*.conf);
  * both tools get -p T (so the default error_log and relative includes
    stay in T) and the same environment;
  * templates are instantiated: Jinja2 ({{ }}, {% %}), ERB/EPP (<%= %>),
    Go templates, Mustache and the %name% placeholders of Vesta/Hestia
    templates.  Control blocks keep their first branch and a loop body is
    emitted once; a value is the template's own default when it has one
    (default('x'), getenv "X" "x"), else a plausible one chosen by the
    directive it is assigned to.  ${VAR} is PHP's INI syntax, not a
    template: the variable gets a plausible value in the environment, both
    tools read it.  A file with template syntax left after that is skipped;
  * user and group names this machine lacks become www-data (with
    --keep-users they stay: php-fpm's "cannot get uid" against lint's), absolute
    paths under /etc /var /home /srv /opt /usr/local /run /tmp are moved
    into T (as tests/rules/panels.sh pf_remap does), and the directories
    they need are created (a deployed tree has its log directories); an
    include= glob of a main file that matches nothing gets one minimal
    pool, so the file's own settings are checked rather than "No pool
    defined".

A template's conditionals are rendered twice when that changes the text:
once with every first branch, once with the other branches (else, or
nothing), so both halves of an "{% if %}" meet php-fpm.  A file holding
a [www] pool without a user (Docker's docker.conf, zz-docker.conf), or
no section at all, is included after a stock-like [www] pool, as in the
php image's php-fpm.d/.

Compared for every file:
  verdict  php-fpm -tt's exit status against lint's (3 = refused; a
           sanitizer report or another exit status is a crash);
  message  php-fpm's first ERROR/ALERT line, or the INI scanner's "PHP:
           syntax error ..." (timestamp, "[FILE:LINE] ", errno and the
           generic "failed to post process ..." tail dropped) must be in
           one of lint's error messages;
  warnings every php-fpm WARNING must be in one of lint's diagnostics;
  values   when both accept, the [global] section and every pool's
           directives as -tt prints them against dump --json (as
           tests/fpm/fpm_oracle.py compares pools; syslog.facility as
           its number, log_level not compared: -tt prints "unknown
           value").

Prints one block per disagreement and a summary; exit 1 if any verdict or
value differs, 77 if php-fpm8.2 is missing.
"""
import argparse, concurrent.futures, grp, hashlib, json, os, pwd, re
import shutil, subprocess, sys, tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dump_pools import dump_pools  # noqa: E402

FPM = shutil.which('php-fpm8.2') or '/usr/sbin/php-fpm8.2'

FPM_KEYS = set('''pid error_log syslog.ident syslog.facility log_buffering
log_level log_limit emergency_restart_threshold emergency_restart_interval
process_control_timeout process.max process.priority daemonize rlimit_files
rlimit_core events.mechanism systemd_interval prefix user group listen
listen.backlog listen.acl_users listen.acl_groups listen.owner listen.group
listen.mode listen.allowed_clients process.dumpable pm pm.max_children
pm.start_servers pm.min_spare_servers pm.max_spare_servers pm.max_spawn_rate
pm.process_idle_timeout pm.max_requests pm.status_path pm.status_listen
ping.path ping.response access.log access.format slowlog
request_slowlog_timeout request_slowlog_trace_depth request_terminate_timeout
request_terminate_timeout_track_finished chroot chdir catch_workers_output
decorate_workers_output clear_env security.limit_extensions apparmor_hat
include'''.split())
ARRAY_KEYS = ('php_value[', 'php_admin_value[', 'php_flag[',
              'php_admin_flag[', 'env[', 'access.suppress_path[')
REMAP_RE = re.compile(r'''(^|[\s"'=:(,])/([A-Za-z0-9_.-]+(?:/(?:local|share/nginx))?)(?=/|[\s"';]|$)''')
# top directories left where they are (read-only system paths, /proc/self)
KEEP_USERS = False  # --keep-users: names this machine lacks stay (php-fpm's "cannot get uid")
URL_KEYS = {'ping.path', 'pm.status_path', 'access.format', 'ping.response', 'access.suppress_path[]'}
KEEP_TOP = {'proc', 'dev', 'usr', 'bin', 'sbin', 'lib', 'lib64', 'sys'}
# php-fpm's generic tail after the message that says why
GENERIC = ('failed to post process the configuration', 'FPM initialization failed',
           'failed to load configuration file', 'Unable to include')


# ---------------------------------------------------------------- templates

def plausible(key, name='corpus'):
    """A value a real deployment would give KEY ('' for none known)."""
    k = key.strip().strip('"\'').lower()
    if k.startswith('['):
        return name
    arr = re.match(r'^(php_value|php_admin_value|php_flag|php_admin_flag|env)\[(.*)\]$', k)
    if arr:
        kind, sub = arr.groups()
        if 'flag' in kind or sub in ('display_errors', 'log_errors', 'short_open_tag', 'expose_php'):
            return 'off'
        if 'memory' in sub or 'size' in sub:
            return '128M'
        if 'timezone' in sub:
            return 'UTC'
        if 'log' in sub or 'path' in sub or 'dir' in sub or 'basedir' in sub:
            return '/var/log/php-fpm/%s.log' % name if 'log' in sub else '/var/lib/php/%s' % name
        if 'disable' in sub:
            return 'exec,passthru'
        if kind == 'env':
            return '/usr/local/bin:/usr/bin:/bin'
        return '1'
    table = {
        'user': 'www-data', 'group': 'www-data', 'listen.owner': 'www-data', 'listen.group': 'www-data',
        'listen.acl_users': 'www-data', 'listen.acl_groups': 'www-data',
        'listen': '/run/php/%s.sock' % name, 'listen.mode': '0660', 'listen.allowed_clients': '127.0.0.1',
        'listen.backlog': '511', 'pm': 'dynamic', 'pm.max_children': '10', 'pm.start_servers': '2',
        'pm.min_spare_servers': '1', 'pm.max_spare_servers': '3', 'pm.max_requests': '500',
        'pm.max_spawn_rate': '32', 'pm.process_idle_timeout': '10', 'pm.status_path': '/status',
        'pm.status_listen': '127.0.0.1:9001', 'ping.path': '/ping', 'ping.response': 'pong',
        'access.log': '/var/log/php-fpm/%s.access.log' % name, 'access.format': '"%R - %u %t \\"%m %r\\" %s"',
        'slowlog': '/var/log/php-fpm/%s.slow.log' % name, 'request_slowlog_timeout': '5',
        'request_terminate_timeout': '60', 'request_slowlog_trace_depth': '20', 'rlimit_files': '1024',
        'rlimit_core': '0', 'chdir': '/', 'chroot': '', 'catch_workers_output': 'yes',
        'decorate_workers_output': 'no', 'clear_env': 'no', 'security.limit_extensions': '.php',
        'process.dumpable': 'no', 'process.priority': '0', 'pid': '/run/php-fpm.pid',
        'error_log': '/var/log/php-fpm/error.log', 'syslog.ident': 'php-fpm', 'syslog.facility': 'daemon',
        'log_level': 'notice', 'log_limit': '4096', 'log_buffering': 'yes',
        'emergency_restart_threshold': '10', 'emergency_restart_interval': '1m',
        'process_control_timeout': '10', 'process.max': '128', 'daemonize': 'yes',
        'events.mechanism': 'epoll', 'systemd_interval': '10', 'include': '/etc/php-fpm.d/*.conf',
        'prefix': '/var/www', 'apparmor_hat': 'php', 'request_terminate_timeout_track_finished': 'no',
    }
    return table.get(k)


def default_of(expr):
    """The literal default a template expression carries, or None."""
    m = re.search(r'''default\(\s*(?:'([^']*)'|"([^"]*)"|(-?\d+))''', expr)
    if m:
        return next(g for g in m.groups() if g is not None)
    m = re.search(r'''getenv\s+"[^"]*"\s+"([^"]*)"''', expr)
    if m:
        return m.group(1)
    m = re.search(r'''\|\|\s*(?:'([^']*)'|"([^"]*)"|(\d+))''', expr)   # ERB x || 'd'
    if m:
        return next(g for g in m.groups() if g is not None)
    return None


OPEN_KW = re.compile(r'^\s*(if|for|unless|while|with|range|macro|block|raw|filter|call)\b')
MID_KW = re.compile(r'^\s*(else|elif|elsif|else if)\b')
END_KW = re.compile(r'^\s*(end\w*)\b')


def instantiate(text, name, alt=False):
    """Render template syntax with plausible values.  Returns (text, kind)
    with kind None for a plain file, or (None, why) when it cannot."""
    kinds = []
    if '<tmpl_' in text:
        # ISPConfig's vlibTemplate, read as the Jinja it is equivalent to
        kinds.append('vlib')
        text = re.sub(r"<tmpl_var\s+name=['\"]?([\w]+)['\"]?[^>]*>", r'{{ \1 }}', text)
        text = re.sub(r'<tmpl_(if|unless|loop)\b[^>]*>', '{% if x %}', text)
        text = re.sub(r'<tmpl_else\s*/?>', '{% else %}', text)
        text = re.sub(r'</tmpl_(if|unless|loop)\s*>', '{% endif %}', text)
    code = re.sub(r'(?m)^\s*;.*$', '', text)      # INI comments say "%{%Y}t"
    # "{%" is also access.format's strftime ("%{%Y-%m-%d}t" in a JSON
    # format): a Jinja tag has a space or '-' after "{%"
    if re.search(r'\{\{|\{%[-\s]', code):
        kinds.append('jinja/go/mustache')
    if '<%' in code:
        kinds.append('erb')
    if re.search(r'%[a-z][a-z_]+%', code):
        kinds.append('panel %name%')
    if not kinds:
        return text, None
    kinds = [k for k in kinds if k != 'jinja/go/mustache' or 'vlib' not in kinds]
    text = re.sub(r'^#jinja2:.*\n', '', text)     # Ansible's template options
    text = re.sub(r'\{#.*?#\}', '', text, flags=re.S)
    text = re.sub(r'<%#.*?%>', '', text, flags=re.S)
    text = re.sub(r'\{\{!.*?\}\}', '', text, flags=re.S)         # mustache comment
    # a tag may span lines ("{% if a is defined and\n b %}"): join them
    text = re.sub(r'\{%[-\s].*?[-\s]%\}', lambda m: m.group(0).replace('\n', ' '), text, flags=re.S)
    tok = re.compile(r'(\{%[-\s].*?[-\s]?%\}|\{\{-?.*?-?\}\}|<%[-=]?.*?-?%>)', re.S)
    out_lines = []
    # stack of [keeping?, branch already taken?]
    stack = [[True, True]]
    for line in text.split('\n'):
        parts = tok.split(line)
        had_ctl = False
        emitted = ''
        for i, p in enumerate(parts):
            keep = all(s[0] for s in stack)
            if i % 2 == 0:
                if keep:
                    emitted += p
                continue
            if p.startswith('{%') or (p.startswith('<%') and not p.startswith('<%=')):
                body = p[2:-2].strip('-').strip()
                had_ctl = True
                ctl = 'jinja' if p.startswith('{%') else 'erb'
            elif p.startswith('{{'):
                body = p[2:-2].strip('-').strip()
                if re.match(r'^(if|else|end|range|with|define|template|block)\b', body) or body[:1] in '#^/':
                    had_ctl = True
                    ctl = 'go'
                else:
                    ctl = None
            else:
                body = p[3:-2].strip('-').strip()
                ctl = None
            if ctl:
                # a conditional keeps its first branch, or with ALT its
                # second (the else, or nothing); a loop body is kept once
                cond = re.match(r'^\s*(if|unless)\b', body) or (ctl == 'go' and body[:1] in '#^')
                if (body[:1] in '#^' and ctl == 'go') or cond:
                    stack.append([not alt, not alt])
                elif body[:1] == '/' and ctl == 'go':
                    if len(stack) > 1:
                        stack.pop()
                elif MID_KW.match(body):
                    stack[-1][0] = not stack[-1][1]
                    stack[-1][1] = True
                elif END_KW.match(body):
                    if len(stack) > 1:
                        stack.pop()
                elif OPEN_KW.match(body) or (ctl == 'erb' and re.search(r'\bdo\b\s*(\|[^|]*\|)?\s*$', body)):
                    stack.append([True, True])
                # set, include, import ...: nothing to emit
                continue
            if not keep:
                continue
            if not emitted.strip() and not ''.join(parts[i + 1:]).strip():
                # a whole line: "{{ ansible_managed | comment }}", a block
                # of extra settings; nothing a pool needs
                had_ctl = True
                continue
            d = default_of(body)
            if d is not None:
                emitted += d
                continue
            before = emitted
            if '=' in before and before.split('=', 1)[1].strip():
                emitted += name     # part of a value: "/run/fpm-{{ x }}.sock"
            elif '=' in before:
                v = plausible(before.split('=', 1)[0], name)
                emitted += '1' if v is None else v
            elif before.lstrip().startswith('['):
                emitted += name if not before.lstrip().startswith(('php', 'env')) else 'x'
            elif not before.strip():
                continue    # "{{ comment_or_not }}php_admin_value[...] = ..."
            else:
                k = re.match(r'^\s*([\w.\[\]]+)\s*$', before)
                emitted += (name if not k else 'x')
        if had_ctl and not emitted.strip():
            continue
        if all(s[0] for s in stack) or emitted.strip():
            out_lines.append(emitted)
    text = '\n'.join(out_lines)

    def panel(m):
        w = m.group(1)
        if w in ('user', 'owner', 'group', 'web_user', 'system_user', 'system_group'):
            return 'www-data'
        if 'domain' in w or w in ('host', 'servername'):
            return 'example.com'
        if 'port' in w:
            return '9001'
        if 'home' in w or 'docroot' in w or 'dir' in w or 'root' in w:
            return '/home/www-data/web/example.com'
        if 'version' in w:
            return '8.2'
        return name
    text = re.sub(r'%([a-z][a-z_]+)%', panel, text)
    if re.search(r'\{\{|\{%[-\s]|<%|[-\s]%\}|\}\}', re.sub(r'(?m)^\s*;.*$', '', text)):
        return None, 'template syntax left after instantiation (%s)' % '+'.join(kinds)
    return text, '+'.join(kinds)


# ------------------------------------------------------------------ remap

def known_user(u):
    try:
        pwd.getpwnam(u)
        return True
    except KeyError:
        return u.isdigit()


def known_group(g):
    try:
        grp.getgrnam(g)
        return True
    except KeyError:
        return g.isdigit()


LINE_RE = re.compile(r'^(\s*)([^=;#\[\s][^=]*?)(\s*=\s*)(.*?)\s*$')


def remap(text, T, env):
    """Users, groups and absolute paths of a deployed tree, moved onto
    this machine; ${VAR} given a plausible value in ENV."""
    out = []
    mk = set()
    for line in text.split('\n'):
        m = LINE_RE.match(line)
        if m:
            ind, key, eq, val = m.groups()
            k = key.strip().lower()
            for var in re.findall(r'\$\{([^}]*)\}', val):
                if var not in env and var not in os.environ:
                    v = plausible(k)
                    env[var] = '1' if v is None else v
            raw = val.strip('"\'')
            if KEEP_USERS:
                pass
            elif k in ('user', 'listen.owner') and raw and not known_user(raw) and '$' not in raw:
                val = 'www-data'
            elif k in ('group', 'listen.group') and raw and not known_group(raw) and '$' not in raw:
                val = 'www-data'
            elif k in ('listen.acl_users', 'listen.acl_groups') and raw:
                chk = known_user if k.endswith('users') else known_group
                val = ','.join(x if chk(x.strip()) else 'www-data' for x in raw.split(','))
            line = ind + key + eq + val
        # a container's PID 1 is php-fpm itself: its stderr is ours
        line = line.replace('/proc/1/fd/', '/proc/self/fd/')
        def mv(mm):
            top = mm.group(2)
            if top.split('/')[0] in KEEP_TOP and top not in ('usr/local', 'usr/share/nginx'):
                return mm.group(0)
            return mm.group(1) + T + '/' + top
        if m and m.group(2).strip().lower() not in URL_KEYS and 'url' not in m.group(2).lower() \
                and 'cookie_path' not in m.group(2).lower():
            # values only: a "[/etc]" section name stays as written
            ind, key, eq, val = LINE_RE.match(line).groups()
            line = ind + key + eq + REMAP_RE.sub(mv, val)
        out.append(line)
        if m:
            k = m.group(2).strip().lower()
            for p in re.findall(re.escape(T) + r'/[^\s"\';]*', line):
                p = p.replace('$pool', 'corpus')
                if any(c in p for c in '*?[{$'):
                    mk.add(os.path.dirname(p.split('*')[0].split('?')[0]))
                elif k in ('chdir', 'chroot', 'prefix') or k.endswith('dir]') or 'save_path' in k \
                        or 'basedir' in k:
                    mk.add(p)
                else:
                    mk.add(os.path.dirname(p))
    for d in mk:
        if d.startswith(T):
            try:
                os.makedirs(d, exist_ok=True)
            except OSError:
                pass
    return '\n'.join(out)


# -------------------------------------------------------------------- run

def is_fpm(text):
    if re.search(r'^\s*[\w-]+(\s+[^=\s]+)?\s*\{\s*$', text, re.M):
        return False        # dovecot.conf and other "name {" block syntax
    keys = set()
    for line in text.split('\n'):
        m = re.match(r'^\s*([A-Za-z_][\w.]*(\[)?)', line)
        if m:
            k = m.group(1).lower()
            if k in FPM_KEYS or any(k.startswith(a[:-1]) and m.group(2) for a in ARRAY_KEYS):
                keys.add(k)
    if text.startswith('#!'):
        return False        # a script that writes a pool
    # names other configuration files use too (mydns.conf, smb.conf ...)
    specific = keys - {'user', 'group', 'listen', 'prefix', 'include', 'pid', 'error_log', 'chdir',
                       'chroot', 'daemonize', 'log_level'}
    if specific and re.search(r'^\s*\[(www|global)\]', text, re.M | re.I):
        return True         # zz-docker.conf: "[global] daemonize = no"
    if re.search(r'^\s*\[global\]', text, re.M | re.I) and len(keys & {'pid', 'error_log', 'include'}) >= 2:
        return True         # a php-fpm.conf with its defaults commented out
    return len(keys) >= 2 and bool(specific)


def has_global(text):
    return re.search(r'^\s*\[global\]', text, re.M | re.I) is not None


BASE_WWW = ('[www]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:9000\npm = dynamic\n'
            'pm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n')
MIN_POOL = '[corpus_min]\nuser = www-data\nlisten = 127.0.0.1:9099\npm = static\npm.max_children = 1\n'


def prepare(idx, path, text, base, alt=False):
    T = os.path.join(base, 't%04d%s' % (idx, 'b' if alt else ''))
    os.makedirs(os.path.join(T, 'var', 'log'))
    os.makedirs(os.path.join(T, 'log'))
    name = 'corpus%d' % idx
    inst, kind = instantiate(text, name, alt)
    if inst is None:
        return None, kind
    if alt:
        if kind is None or inst == instantiate(text, name)[0]:
            return None, None
        kind += ', other branches'
    env = {}
    body = remap(inst, T, env)
    fragment = (re.search(r'^\s*\[www\]', inst, re.M | re.I) is not None and
                re.search(r'^\s*user\s*=', inst, re.M | re.I) is None)
    # no section at all (laradock's xlaravel.pool.conf): php-fpm.d/*.conf
    # is read in order, so it continues the pool www.conf opened
    fragment = fragment or re.search(r'^\s*\[', inst, re.M) is None
    if fragment:
        # Docker's php-fpm.d/docker.conf and zz-docker.conf: pieces of the
        # [www] pool whose www.conf comes first in the same directory
        os.makedirs(os.path.join(T, 'pool.d'))
        with open(os.path.join(T, 'pool.d', '00-www.conf'), 'w') as f:
            f.write(BASE_WWW)
        with open(os.path.join(T, 'pool.d', 'zz-corpus.conf'), 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(body)
        main = os.path.join(T, 'php-fpm.conf')
        with open(main, 'w') as f:
            f.write('[global]\nerror_log = %s/fpm.log\npid = %s/fpm.pid\ninclude = %s/pool.d/*.conf\n' % (T, T, T))
        kind = (kind + ', ' if kind else '') + 'fragment of [www]'
    elif has_global(inst):
        main = os.path.join(T, 'php-fpm.conf')
        with open(main, 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(body)
        # include= globs that match nothing get one minimal pool
        for inc in re.findall(r'^\s*include\s*=\s*"?([^"\n;]*)', body, re.M | re.I):
            inc = inc.strip()
            if not inc.startswith('/'):
                inc = os.path.join(T, inc)
            import glob as g
            if not g.glob(inc):
                d = os.path.dirname(inc)
                fn = os.path.basename(inc).replace('*', 'corpus').replace('?', 'x')
                try:
                    os.makedirs(d, exist_ok=True)
                    with open(os.path.join(d, fn), 'w') as f:
                        f.write(MIN_POOL)
                except OSError:
                    pass
    else:
        os.makedirs(os.path.join(T, 'pool.d'))
        with open(os.path.join(T, 'pool.d', 'corpus.conf'), 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(body)
        main = os.path.join(T, 'php-fpm.conf')
        with open(main, 'w') as f:
            f.write('[global]\nerror_log = %s/fpm.log\npid = %s/fpm.pid\ninclude = %s/pool.d/*.conf\n' % (T, T, T))
    e = dict(os.environ)
    e.update(env)
    e['LC_ALL'] = 'C'
    return (T, main, e, kind), None


def fpm_run(T, main, env):
    try:
        p = subprocess.run([FPM, '-n', '-tt', '-p', T, '-y', main], cwd=T, env=env,
                           capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return 'timeout', [], {}, []
    text = p.stderr.decode('utf-8', 'surrogateescape') + p.stdout.decode('utf-8', 'surrogateescape')
    msgs, warns, pools, cur = [], [], {}, None
    for line in text.splitlines():
        # the INI scanner's own error: "PHP:  syntax error, unexpected '='
        # in Unknown on line 1"
        m = re.match(r'^PHP:\s+(.*?)(?: in \S+ on line \d+)?$', line)
        if m:
            msgs.append(m.group(1))
            continue
        # "[26-Nov-2026 14:23:43] ERROR: ..." on stderr, "[ERROR] ..." when
        # error_log is stderr itself
        m = re.match(r'^(?:\[[^\]]*\] )?\[?(ERROR|ALERT|WARNING|NOTICE)(?:\]|:) (.*)$', line)
        if not m:
            continue
        lvl, t = m.groups()
        t = re.sub(r'^pid \d+, [a-z_]+\(\), line \d+: ', '', t)
        if lvl == 'WARNING':
            warns.append(t)
            continue
        if lvl in ('ERROR', 'ALERT'):
            if not any(t.startswith(gm) for gm in GENERIC) or not msgs:
                msgs.append(t)
            continue
        if lvl != 'NOTICE':
            continue
        if t.startswith('[') and t.endswith(']'):
            # error_log = /proc/self/fd/2 prints every line twice
            cur = None if t[1:-1] in pools else pools.setdefault(t[1:-1], [])
        elif cur is not None and t.startswith('\t') and ' = ' in t:
            k, v = t[1:].split(' = ', 1)
            cur.append((k, v))
    return ('accept' if p.returncode == 0 else 'reject'), msgs, pools, warns


def pf_run(proxyfpm, T, main, env):
    try:
        p = subprocess.run([proxyfpm, 'lint', '--no-config', '--fpm', main, '-p', T, '--fail-on', 'critical',
                            '--format', 'json'], cwd=T, env=env, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return 'timeout', [], {}
    err = p.stderr.decode('utf-8', 'replace')
    if 'AddressSanitizer' in err or 'runtime error:' in err or 'LeakSanitizer' in err:
        return 'crash(sanitizer)', [('error', err[-800:], None)], {}
    if p.returncode == 3:
        verdict = 'reject'
    elif p.returncode in (0, 1):
        verdict = 'accept'
    else:
        return 'crash(%d)' % p.returncode, [('error', err[-500:], None)], {}
    msgs = []
    try:
        doc = json.loads(p.stdout.decode('utf-8', 'surrogateescape'))
        for x in doc.get('findings', []):
            if x.get('kind') == 'diagnostic' and x.get('severity') in ('error', 'warning'):
                msgs.append((x['severity'], x.get('message', ''), x.get('id')))
    except ValueError:
        msgs.append(('error', 'lint JSON did not parse', None))
    pools = {}
    if verdict == 'accept':
        q = subprocess.run([proxyfpm, 'dump', '--fpm', main, '-p', T, '--json'], cwd=T, env=env,
                           capture_output=True, timeout=30)
        try:
            doc = json.loads(q.stdout.decode('utf-8', 'surrogateescape'))['fpm']
            pools['global'] = [(x['name'], 'undefined' if x['value'] is None else x['value'])
                               for x in doc['global']['directives']]
            pools.update(dump_pools(doc))
        except (ValueError, KeyError, TypeError) as e:
            pools = {'?': [('dump', 'did not parse: %r' % e)]}
    return verdict, msgs, pools


FACILITY = {'kern': 0, 'user': 8, 'mail': 16, 'daemon': 24, 'auth': 32, 'syslog': 40, 'lpr': 48,
            'news': 56, 'uucp': 64, 'cron': 72, 'authpriv': 80, 'ftp': 88}
FACILITY.update({'local%d' % i: 128 + 8 * i for i in range(8)})


def norm(items, glob=False):
    d = {}
    pm = dict(items).get('pm')
    for k, v in items:
        if k in ('apparmor_hat',):
            continue
        if glob and k == 'log_level':
            continue        # -tt prints "unknown value" for every level
        if glob and k == 'syslog.facility':
            v = str(FACILITY.get(v.lower(), v))
        if glob and k in ('emergency_restart_interval', 'process_control_timeout', 'systemd_interval'):
            v = v[:-1] if v.endswith('s') else v
        if k in ('request_slowlog_timeout', 'request_terminate_timeout', 'pm.process_idle_timeout'):
            v = v[:-1] if v.endswith('s') else v
        if k == 'rlimit_core' and v == 'unlimited':
            v = '-1'
        if pm == 'ondemand' and k in ('pm.start_servers', 'pm.min_spare_servers', 'pm.max_spare_servers'):
            v = '0'
        v = v.rstrip('\n')
        if len(v) > 900:
            v = v[:900]
        d.setdefault(k, []).append(v)
    return d


def value_diff(a, b):
    if not a:
        return []
    if sorted(a) != sorted(b):
        return ['pools: php-fpm %s, proxyfpm %s' % (sorted(a), sorted(b))]
    out = []
    for pool in a:
        x, y = norm(a[pool], pool == 'global'), norm(b[pool], pool == 'global')
        for k in x:
            if k in y and x[k] != y[k]:
                out.append('[%s] %s: php-fpm %r, proxyfpm %r' % (pool, k, x[k], y[k]))
    return out


def msg_norm(m):
    """php-fpm says where as "[FILE:LINE] " and why as " (ERRNO)"; lint
    keeps the location apart and may quote php-fpm's words."""
    m = re.sub(r'^\[[^\]]*:\d+\] ', '', m)
    m = re.sub(r' from \S+ at line \d+\.?$', '', m)
    m = re.sub(r'(: Success)? \(\d+\)$', '', m)
    return m.strip().rstrip(' .!').lower()


def warn_missing(fw, pm):
    """php-fpm's warnings that lint does not give (as a warning or error)."""
    have = [msg_norm(m) for s, m, i in pm]
    out = []
    for w in dict.fromkeys(fw):
        n = re.sub(r' from \S+ at line \d+\.?$', '', msg_norm(w))
        if not any(n in h for h in have):
            out.append(w)
    return out


def msg_agree(fm, pm):
    if not fm:
        return True
    want = msg_norm(fm[0])
    errs = [msg_norm(m) for s, m, i in pm if s == 'error']
    return any(want in m or (m and m in want) for m in errs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('proxyfpm')
    ap.add_argument('corpus', nargs='+')
    ap.add_argument('--sources', help='TSV: file, repo, commit, path')
    ap.add_argument('-j', type=int, default=2)
    ap.add_argument('--json')
    ap.add_argument('--keep')
    ap.add_argument('--verbose', action='store_true')
    ap.add_argument('--only')
    ap.add_argument('--keep-users', action='store_true')
    a = ap.parse_args()
    global KEEP_USERS
    KEEP_USERS = a.keep_users
    a.proxyfpm = os.path.abspath(a.proxyfpm)
    if not os.path.exists(FPM):
        print('SKIP: php-fpm8.2 not installed')
        return 77
    origin = {}
    if a.sources:
        for line in open(a.sources):
            f = line.rstrip('\n').split('\t')
            if len(f) >= 4:
                origin[f[0]] = '%s@%s:%s' % (f[1], f[2][:10], f[3])
    files = []
    for c in a.corpus:
        if os.path.isdir(c):
            for dp, dn, fn in os.walk(c):
                dn.sort()
                for x in sorted(fn):
                    if not x.startswith('.'):
                        files.append(os.path.join(dp, x))
        else:
            files.append(c)
    if a.only:
        files = [f for f in files if a.only in f]
    seen, uniq, dup = set(), [], 0
    for f in files:
        data = open(f, 'rb').read()
        h = hashlib.sha1(data).hexdigest()
        if h in seen:
            dup += 1
            continue
        seen.add(h)
        uniq.append((f, data.decode('utf-8', 'surrogateescape')))
    base = a.keep or tempfile.mkdtemp(prefix='pf-fpm-corpus-')
    os.makedirs(base, exist_ok=True)
    notfpm, skipped, templ, jobs = [], [], 0, []
    for i, (f, text) in enumerate(uniq):
        if not is_fpm(text):
            notfpm.append(f)
            continue
        prep, why = prepare(i, f, text, base)
        if prep is None:
            skipped.append((f, why))
            continue
        templ += prep[3] is not None
        jobs.append((f, prep))
        prep, why = prepare(i, f, text, base, alt=True)
        if prep is not None:
            jobs.append((f, prep))
            templ += 1

    def one(job):
        f, (T, main, env, kind) = job
        fv, fm, fp, fw = fpm_run(T, main, env)
        pv, pm, pp = pf_run(a.proxyfpm, T, main, env)
        vd = value_diff(fp, pp) if fv == pv == 'accept' else []
        wd = warn_missing(fw, pm) if fv == pv else []
        return f, T, kind, fv, fm, pv, pm, vd, wd

    res = []
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        res = list(ex.map(one, jobs))
    nverdict = nmsg = nval = nwarn = 0
    tally = {}
    report = []
    for f, T, kind, fv, fm, pv, pm, vd, wd in res:
        tally[fv] = tally.get(fv, 0) + 1
        bad = []
        if fv != pv:
            nverdict += 1
            bad.append('verdict: php-fpm %s, lint %s' % (fv, pv))
        elif fv == 'reject' and not msg_agree(fm, pm):
            nmsg += 1
            bad.append('message')
        if vd:
            nval += 1
            bad.append('values')
        if wd:
            nwarn += 1
            bad.append('warnings')
        src = origin.get(os.path.basename(f), f)
        report.append({'file': f, 'source': src, 'template': kind, 'php_fpm': fv, 'lint': pv,
                       'php_fpm_messages': fm, 'lint_messages': [m for s, m, i in pm if s == 'error'],
                       'value_diffs': vd, 'warnings_missing': wd, 'disagree': bad, 'dir': T})
        if bad or a.verbose:
            print('%s %s\n  source: %s%s\n  dir: %s' % ('DISAGREE' if bad else 'ok', ', '.join(bad) or '',
                  src, ' (template: %s)' % kind if kind else '', T))
            print('  php-fpm: %s %s' % (fv, ' | '.join(fm[:3])))
            print('  lint:    %s %s' % (pv, ' | '.join('%s: %s [%s]' % x for x in pm[:4])))
            for d in vd[:8]:
                print('  ' + d[:300])
            for w in wd[:4]:
                print('  php-fpm warns, lint does not: ' + w[:300])
    nfiles = len(set(f for f, p in jobs))
    print('fpm corpus: %d files, %d duplicates, %d not php-fpm configurations, %d templates skipped; '
          '%d files compared as %d configurations (%d rendered from templates, %d of them with the '
          'other branches)' % (len(files), dup, len(notfpm), len(skipped), nfiles, len(jobs), templ,
                               len(jobs) - nfiles))
    for f, why in skipped:
        print('  skipped %s: %s' % (origin.get(os.path.basename(f), f), why))
    print('fpm corpus: php-fpm %s' % ', '.join('%d %s' % (v, k) for k, v in sorted(tally.items())))
    agree = len(res) - sum(1 for r in report if r['disagree'])
    print('fpm corpus: %d agree; %d verdicts differ, %d messages differ, %d effective values differ, '
          '%d with a php-fpm warning lint lacks' % (agree, nverdict, nmsg, nval, nwarn))
    if a.json:
        with open(a.json, 'w') as fp:
            json.dump(report, fp, indent=1)
    if not a.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 1 if (nverdict or nval) else 0


if __name__ == '__main__':
    sys.exit(main())
