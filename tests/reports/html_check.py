"""html_check.py FIXTURE DOM PNG SOURCE - assertions on the HTML report of
one fixture (tests/reports/fixtures.c) as Chromium rendered it: the DOM
after load, and the screenshot."""
import struct
import sys
import zlib
from html.parser import HTMLParser

fixture, dom_path, png_path, src_path = sys.argv[1:5]
SECRETS = ["hunter2-secret", "tok_9f8e7d6c5b4a", "s3cr3t-pw", "redispass123",
           "c2hvcDpzM2NyM3Q=", "ldap-bind-pw-77", "dbpw-in-ini", "site-ini-pw"]
failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL {fixture}: {msg}")


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def all_text(self):
        return "".join(self.text) + "".join(c.all_text()
                                            for c in self.children)

    def find_all(self, pred):
        out = [self] if pred(self) else []
        for c in self.children:
            out += c.find_all(pred)
        return out

    def classes(self):
        return self.attrs.get("class", "").split()


VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base",
        "embed", "source", "track", "wbr"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


dom = open(dom_path, encoding="utf-8").read()
tree = Tree()
tree.feed(dom)
root = tree.root


def by_class(cls, tag=None):
    return root.find_all(lambda n: cls in n.classes() and
                         (tag is None or n.tag == tag))


def attr_nodes(name, value=None):
    return root.find_all(lambda n: name in n.attrs and
                         (value is None or n.attrs[name] == value))


# Self-contained: nothing that would load from elsewhere.
for n in root.find_all(lambda n: n.tag in ("script", "img", "iframe",
                                           "object", "embed", "link")):
    fail(f"external-resource element <{n.tag}>")
for n in root.find_all(lambda n: "src" in n.attrs):
    fail(f"element with src: <{n.tag}>")
styles = root.find_all(lambda n: n.tag == "style")
if len(styles) != 1 or "@import" in styles[0].all_text() or \
        "url(" in styles[0].all_text():
    fail("expected one inline <style> without @import or url()")

text = root.all_text()
for s in SECRETS:
    if s in dom:
        fail(f"secret {s!r} in the DOM")

titles = root.find_all(lambda n: n.tag == "title")
if not titles or "proxyfpm" not in titles[0].all_text():
    fail("no title")

verdict = attr_nodes("id", "verdict")
counts = {n.attrs["data-severity"]: int(n.attrs["data-count"])
          for n in root.find_all(lambda n: n.tag == "li" and
                                 "data-count" in n.attrs)}
findings = by_class("finding", "article")
vhosts = by_class("vhost", "article")
routes = by_class("route", "tr")

if fixture == "lint":
    if not verdict or verdict[0].attrs.get("data-failed") != "true":
        fail("verdict is not 'fails'")
    want = {"error": 1, "critical": 1, "high": 1, "medium": 1,
            "warning": 1, "low": 3, "info": 1, "note": 3}
    if counts != want:
        fail(f"counts {counts} != {want}")
    # 13 findings, the suppressed one inside <details>; errors first,
    # then by severity.
    sev = [f.attrs["data-severity"] for f in findings]
    if len(findings) != 13 or sev[:4] != ["error", "critical", "high",
                                          "medium"]:
        fail(f"findings in order {sev}")
    sup = attr_nodes("id", "suppressed")
    if not sup or "shared-pool" not in sup[0].all_text():
        fail("suppressed finding not in its <details>")
    names = [v.attrs.get("data-server-name") for v in vhosts]
    if names != ["shop.example.com", "blog.example.com"]:
        fail(f"vhosts {names}")
    shop = vhosts[0] if vhosts else None
    if shop:
        rows = [(r.attrs["data-kind"], r.all_text())
                for r in shop.find_all(lambda n: "route" in n.classes())]
        kinds = [k for k, _ in rows]
        for k in ("php", "denied", "static", "proxy"):
            if k not in kinds:
                fail(f"shop has no {k} row: {kinds}")
        php = [t for k, t in rows if k == "php"]
        if not php or "shop" not in php[0] or "9000" not in php[0]:
            fail(f"PHP route row does not name pool shop: {php}")
        denied = " ".join(t for k, t in rows if k == "denied")
        if "uploads" not in denied or "^\\.ht" not in denied:
            fail(f"denied rows: {denied}")
        if "never.txt" in denied:
            fail("an inactive section shows as denied")
        if kinds[-1] != "static" or "everything else" not in rows[-1][1]:
            fail("no catch-all static row last")
        pools = [n.attrs.get("data-pool") for n in
                 shop.find_all(lambda n: n.tag == "td" and
                               "data-pool" in n.attrs)]
        if pools != ["shop"]:
            fail(f"pool cells {pools}")
    if vhosts[1:] and not vhosts[1].find_all(
            lambda n: "unlinked" in n.classes()):
        fail("blog's route to a socket no pool listens on is not flagged")
    # Snippets with the span marked, secrets masked, hostile bytes shown
    # as U+FFFD.
    marks = root.find_all(lambda n: n.tag == "mark")
    if not any(m.all_text() == '"^/(.*\\.php(/.*)?)$"' for m in marks):
        fail("the greedy pattern is not marked in its snippet")
    if "[redacted]" not in text:
        fail("no [redacted] marker")
    if "\ufffd" not in text or "\x1b" in dom or "\x01" in dom:
        fail("hostile bytes not neutralised")
    if "café 日 🐘" not in text:
        fail("valid UTF-8 damaged")
    if not root.find_all(lambda n: n.tag == "a" and n.attrs.get(
            "href", "").endswith("/greedy-proxypassmatch.md")):
        fail("no link to the rule's documentation")
elif fixture == "check":
    if counts.get("medium") != 1 or counts.get("warning") != 1:
        fail(f"counts {counts}")
    sites = attr_nodes("data-site", "shop")
    if not sites or "ProxyPassMatch" not in sites[0].all_text():
        fail("site description row missing")
    if not any("generated as" in c.all_text()
               for c in by_class("chain", "ul")):
        fail("no 'generated as' line for a finding in generated text")
elif fixture == "clean":
    if not verdict or verdict[0].attrs.get("data-failed") != "false":
        fail("clean run does not pass")
    if findings or any(counts.values()):
        fail("clean run shows findings")

# The screenshot: a PNG of the window size that is not blank.
png = open(png_path, "rb").read()
if png[:8] != b"\x89PNG\r\n\x1a\n":
    fail("screenshot is not a PNG")
else:
    w, h = struct.unpack(">II", png[16:24])
    if (w, h) != (1280, 2000):
        fail(f"screenshot is {w}x{h}")
    pos, idat = 8, b""
    while pos < len(png):
        n, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    colors = set(raw[i:i + 3] for i in range(0, min(len(raw), 4_000_000),
                                              997))
    if len(colors) < 8:
        fail(f"screenshot looks blank ({len(colors)} colours)")

print(f"{fixture}: {len(findings)} findings, {len(vhosts)} vhosts, "
      f"{len(routes)} routes, {len(failures)} failures")
sys.exit(1 if failures else 0)
