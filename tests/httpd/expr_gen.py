#!/usr/bin/python3
"""expr_gen.py - ap_expr cases for expr_cmp.py: valid expressions of the
grammar (util_expr_parse.y) built at random, and the same with a token
dropped, doubled or replaced, in the contexts that parse one.

usage: expr_gen.py SEED COUNT > cases.txt
"""
import random, sys

WORDS = ["%{HTTP_HOST}", "%{REQUEST_URI}", "%{NOPE}", "'a'", '"b"', "''", "1",
         "-5", "$1", "req('Host')", "nofn('x')", "%{env:X}", "%{nofn:X}",
         "tolower(%{HTTP_HOST})", "'a%{HTTP_HOST}b'", '"$1x"', "%{HTTP:X-Y}",
         "%{tolower:%{HTTP_HOST}}", "'x\\'y'", "'\\101\\n'", "%{SSL_PROTOCOL}",
         "SSL('x')", "%{ssl_protocol}", "%{time}", "md5('')"]
CMP = ["==", "=", "!=", "<", "<=", ">", ">=", "-eq", "-ne", "-lt", "-le",
       "-gt", "-ge", "eq", "ne", "lt", "le", "gt", "ge"]
REGEX = ["/x/", "/x/i", "m#x#", "m|^a$|", "m_x_", "/(/", "m!a!i", "/[/"]
UNARY = ["-n", "-z", "-f", "-d", "-e", "-s", "-L", "-h", "-x", "-F", "-U",
         "-A", "-T", "-R", "-q", "-Z"]
BINARY = ["-ipmatch", "-strmatch", "-strcmatch", "-fnmatch", "-foo", "-IPMATCH"]
SUBNETS = ["'10.0.0.0/8'", "'1.2.3.4'", "'10.1'", "'::1'", "'fe80::/10'",
           "'1.2.3.4/33'", "'1.2.3.4/255.0.0.0'", "'x'", "''", "%{HTTP_HOST}",
           "'10.0.0.0/0'", "'::ffff:1.2.3.4'", "'10.0.0.256'"]
JUNK = ["(", ")", "{", "}", ",", ":", "!", "&&", "||", ".", "@", "%{", "foo",
        "-", "$", "\\", "==", "=~", "-in", "true", "'", "/", "m", "%", "&",
        "|", "1", "%{}", "%{X-Y}", "'\\8'", "'\\400'", "-ipmatch"]

def word(r, d):
    k = r.random()
    if d > 2 or k < 0.55:
        return r.choice(WORDS)
    if k < 0.7:
        return word(r, d + 1) + r.choice([" . ", ".", " ."]) + word(r, d + 1)
    if k < 0.85:
        return r.choice(["tolower", "toupper", "escape", "nofn", "base64"]) + \
            "(" + word(r, d + 1) + ")"
    return "'" + r.choice(["x", "%{HTTP_HOST}", "$2", "a\\tb", "%{env:%{HTTP_HOST}}"]) + "'"

def cond(r, d):
    k = r.random()
    if k < 0.3:
        return word(r, d) + " " + r.choice(CMP) + " " + word(r, d)
    if k < 0.42:
        return word(r, d) + " " + r.choice(["=~", "!~"]) + " " + r.choice(REGEX)
    if k < 0.52:
        lst = r.choice(["{" + ", ".join(word(r, 3) for _ in range(r.randint(1, 3))) + "}",
                        "PeerExtList('x')", "nofn('x')", "{}"])
        return word(r, d) + " " + r.choice(["-in", "in"]) + " " + lst
    if k < 0.64:
        u = r.choice(UNARY)
        return u + " " + (r.choice(SUBNETS) if u == "-R" else word(r, d))
    if k < 0.72:
        b = r.choice(BINARY)
        return word(r, d) + " " + b + " " + (r.choice(SUBNETS) if "ip" in b.lower() else word(r, d))
    return r.choice(["true", "false"])

def expr(r, d=0):
    k = r.random()
    if d > 3 or k < 0.4:
        return cond(r, d)
    if k < 0.6:
        return expr(r, d + 1) + " " + r.choice(["&&", "||", "and", "or"]) + " " + expr(r, d + 1)
    if k < 0.75:
        return r.choice(["!", "! ", "not "]) + expr(r, d + 1)
    return "(" + expr(r, d + 1) + ")"

def tokens(s):
    return s.split(" ")

def mutate(r, e):
    t = tokens(e)
    i = r.randrange(len(t))
    k = r.random()
    if k < 0.35:
        del t[i]
    elif k < 0.55:
        t.insert(i, t[i])
    elif k < 0.8:
        t[i] = r.choice(JUNK)
    else:
        t.insert(i, r.choice(JUNK))
    return " ".join(t)

def case(r, e):
    q = e.replace('"', '\\"').replace("#", "\\#")
    k = r.random()
    if k < 0.7:
        return '<If "%s">#</If>' % q
    if k < 0.78:
        return "<Directory /x>#Require expr %s#</Directory>" % e.replace("#", "\\#")
    if k < 0.86:
        return 'SetEnvIfExpr "%s" X=1' % q
    if k < 0.93:
        return 'RewriteCond expr "%s"' % q
    return 'Header set X 1 "expr=%s"' % q

def main():
    r = random.Random(int(sys.argv[1]))
    for _ in range(int(sys.argv[2])):
        e = expr(r)
        if r.random() < 0.5:
            e = mutate(r, e)
        print(case(r, e))

main()
