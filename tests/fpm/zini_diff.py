#!/usr/bin/python3
"""zini_diff.py - differential test of the PHP INI dialect reader against
PHP's own parse_ini_string(): random snippets built from the constructs
that matter (quotes, ${}, constants, operators, keywords, sections, offsets,
comments, '#', CR/LF, NUL, BOM) must give the same verdict and, when PHP
accepts them, the same sections, keys and values.

usage: zini_diff.py ZINI_DUMP [N] [SEED]     (needs the php CLI)
exit: 0 all agree, 1 mismatches (printed), 77 php missing
"""
import json, os, random, shutil, subprocess, sys, tempfile

dump = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
php = shutil.which('php') or shutil.which('php8.2')
if not php:
    print('SKIP: no php CLI'); sys.exit(77)
os.environ['PFZ_A'] = 'alpha'
os.environ['PFZ_B'] = 'b b'
os.environ.pop('PFZ_UNSET', None)

FRAG = ['a', 'key', 'x.y', 'php_value', ' ', '  ', '\t', '=', ' = ', '"', "'", ';', ' ;c', '#', '[', ']',
        '${PFZ_A}', '${PFZ_UNSET}', '${PFZ_B}', '${', '}', '{', '$', '$x', '\\', '\\"', 'E_ALL', 'E_NOTICE',
        '~', '!', '|', '&', '^', '(', ')', 'yes', 'No', 'on', 'OFF', 'none', 'null', 'true', 'TRUE', '1', '-1', '1.5', '.5',
        '0x1F', 'PHP_EOL', 'M_PI', 'foo:bar', '/path/to', 'E_ALL:x', '\n', '\r\n', '\r', '\x00', '\xef\xbb\xbf', 'é',
        '%', '@', ',', ':', '-', '+', '*', '/', '<', '>', '?', '.', '_', "it's", '"q q"', "'r r'", '[sec]', 'a[]', 'a[k]', '127.0.0.1:9000']
LINES = ['key = value', 'a = "x y"', "a = 'x y'", 'a = ${PFZ_A}/x', 'a = E_ALL & ~E_NOTICE', '[sec]', '[ sp ]',
         'a[] = 1', 'a[k] = v', 'a = yes', 'a = on ; c', '; comment', '# hash', 'bare', 'a = "${PFZ_B}"',
         'x = (1|2)&3', 'x = !0', 'q = "C:\\dir\\"', 'k = v=w', 'k = x "y" z', "k = ''", 'k = x ;', 'k=$', '']

def rnd_line(r):
    if r.random() < 0.3:
        base = r.choice(LINES)
    else:
        base = ''.join(r.choice(FRAG) for _ in range(r.randint(1, 8)))
    if r.random() < 0.3:
        base = r.choice(LINES) + ' ' + base
    return base

def gen(r):
    k = r.randint(1, 4)
    return ''.join(rnd_line(r) + r.choice(['\n', '\n', '\n', '\r\n', '']) for _ in range(k))

PHPCODE = r'''
function canon($v) {
  if (!is_array($v)) return bin2hex($v);
  $o = [];
  foreach ($v as $k => $x) $o[] = [bin2hex((string)$k), canon($x)];
  return $o;
}
$cases = json_decode(file_get_contents($argv[1]), true);
$out = [];
foreach ($cases as $c) {
  $c = base64_decode($c);
  $r = @parse_ini_string($c, true, INI_SCANNER_NORMAL);
  $out[] = $r === false ? "ERR" : canon($r);
}
echo json_encode($out);
'''

def emulate(events):
    """php_ini_parser_cb_with_sections + php_simple_ini_parser_cb."""
    top = {}
    order = []
    cur = top
    def upd(arr, key, val):
        arr[key] = val
    def hx(s):
        return s.encode('latin-1').hex()
    def to_list(d):
        return [[hx(k), to_list(v) if isinstance(v, dict) else hx(v)] for k, v in d.items()]
    def norm_key(k):
        # zend_symtable_update: canonical decimal integers become ints
        if k == '0' or (k[:1] in '-123456789' and k.lstrip('-').isdigit() and not k.lstrip('-').startswith('0')
                        and k != '-' and len(k) < 20):
            return str(int(k))
        return k
    for ev in events:
        if ev[0] == 'ERR':
            return 'ERR'
        if ev[0] == 'S':
            name = norm_key(ev[1])
            top[name] = {}
            cur = top[name]
        elif ev[0] == 'E':
            if ev[2] is None:
                continue
            upd(cur, norm_key(ev[1]), ev[2])
        elif ev[0] == 'P':
            name = norm_key(ev[1])
            if name not in cur or not isinstance(cur[name], dict):
                cur[name] = {}
            arr = cur[name]
            if ev[2] == '':
                ints = [int(k) for k in arr if k.lstrip('-').isdigit()]
                nk = str(max(ints) + 1) if ints and max(ints) >= 0 else '0'
                arr[nk] = ev[3]
            else:
                arr[norm_key(ev[2])] = ev[3]
    return to_list(top)

r = random.Random(seed)
cases = [gen(r) for _ in range(n)]
# single lines ending in a newline, as php-fpm feeds them (the fast path)
SIMPLE = ['user', 'pm.max_children', 'php_value[x]', 'env[PATH]', 'env[E_ALL]', 'a[]', 'yes', 'On', 'x.y-z_1',
          '[www]', '[global]', '[a.b]', '[E_ALL]', '[yes]']
VALS = ['www-data', '5', '-1', '1.5', 'yes', 'Off', 'NULL', 'none', 'E_ALL', 'E_ALLX', 'PHP_EOL', 'M_PI', '/run/php/x.sock',
        '127.0.0.1:9000', 'Europe/Paris', '', 'a$b', 'x y', '"q"', "'r'", '128M', 'é', 'a{b}', 'a[b]', 'a\\b', 'x:y', '%R - %u']
for _ in range(n // 2):
    lab = r.choice(SIMPLE)
    if lab.startswith('['):
        line = r.choice(['', ' ', '\t']) + lab + r.choice(['', ' ', ' x', ';c'])
    else:
        line = (r.choice(['', ' ', '\t']) + lab + r.choice(['=', ' = ', '\t=\t', ' =']) + r.choice(VALS) +
                r.choice(['', ' ', ' ;c', ';c', '\t', ' # x', ' ;c\rx=1', '\rx']))
    cases.append(line + '\n')
n = len(cases)
tmp = tempfile.mkdtemp(prefix='pf-zini-')
try:
    cf = os.path.join(tmp, 'cases.json')
    with open(cf, 'w') as f:
        json.dump([__import__('base64').b64encode(c.encode('utf-8', 'surrogateescape')).decode() for c in cases], f)
    pf = os.path.join(tmp, 'p.php')
    with open(pf, 'w') as f:
        f.write('<?php ' + PHPCODE)
    res = json.loads(subprocess.run([php, '-n', pf, cf], capture_output=True, check=True).stdout)
    paths = []
    for i, c in enumerate(cases):
        p = os.path.join(tmp, 'c%05d.ini' % i)
        with open(p, 'wb') as f:
            f.write(c.encode('utf-8', 'surrogateescape'))
        paths.append(p)
    outs = []
    for k in range(0, len(paths), 500):
        out = subprocess.run([dump, '-s'] + paths[k:k + 500] + ([os.devnull] if len(paths[k:k + 500]) == 1 else []),
                             capture_output=True).stdout.decode('utf-8', 'surrogateescape')
        outs += out.split('---\n')[1:]
    bad = 0
    for i, c in enumerate(cases):
        events = [json.loads(l) for l in outs[i].splitlines() if l]
        mine = emulate(events)
        if mine != res[i]:
            bad += 1
            if bad <= 25:
                print('MISMATCH %r\n  php:  %s\n  mine: %s' % (c, json.dumps(res[i]), json.dumps(mine)))
    print('%d cases, %d mismatches' % (n, bad))
    sys.exit(1 if bad else 0)
finally:
    shutil.rmtree(tmp)
