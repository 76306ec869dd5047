"""fcgi_client.py - a tiny FastCGI client for the runtime's tests.

request(addr, params) sends one responder request (BEGIN_REQUEST, PARAMS,
empty STDIN) to "unix:/path" or "host:port" and returns (status, headers,
body, stderr) with status taken from the Status: header (200 if none).
"""
import socket
import struct


def connect(addr, timeout=5.0):
    if addr.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(addr[5:])
    else:
        host, port = addr.rsplit(":", 1)
        s = socket.create_connection((host.strip("[]"), int(port)), timeout)
    return s


def record(rtype, rid, content=b"", pad=0):
    return struct.pack(">BBHHBB", 1, rtype, rid, len(content), pad, 0) + \
        content + b"\0" * pad


def nv_len(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def nv(name, value):
    name = name.encode() if isinstance(name, str) else name
    value = value.encode() if isinstance(value, str) else value
    return nv_len(len(name)) + nv_len(len(value)) + name + value


def encode_request(params, rid=1, keep=False, stdin=b"", role=1):
    out = record(1, rid, struct.pack(">HB5x", role, 1 if keep else 0))
    body = b"".join(nv(k, v) for k, v in params.items())
    for i in range(0, len(body), 16384):
        out += record(4, rid, body[i:i + 16384])
    out += record(4, rid)
    for i in range(0, len(stdin), 8192):
        out += record(5, rid, stdin[i:i + 8192])
    out += record(5, rid)
    return out


def read_records(s, until_end=True):
    """Reads records until END_REQUEST (or EOF); returns a list of
    (type, id, content)."""
    buf = b""
    recs = []
    while True:
        while len(buf) >= 8:
            ver, rtype, rid, clen, plen, _ = struct.unpack(">BBHHBB",
                                                           buf[:8])
            if len(buf) < 8 + clen + plen:
                break
            recs.append((rtype, rid, buf[8:8 + clen]))
            buf = buf[8 + clen + plen:]
            if rtype == 3 and until_end:
                return recs
        chunk = s.recv(65536)
        if not chunk:
            return recs
        buf += chunk


def parse_response(recs):
    out = b"".join(c for t, i, c in recs if t == 6)
    err = b"".join(c for t, i, c in recs if t == 7)
    head, _, body = out.partition(b"\r\n\r\n")
    if not _:
        head, _, body = out.partition(b"\n\n")
    headers = {}
    for line in head.decode("latin-1").splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    status = int(headers.get("status", "200").split()[0])
    return status, headers, body, err


def request(addr, params, stdin=b""):
    s = connect(addr)
    try:
        s.sendall(encode_request(params, stdin=stdin))
        return parse_response(read_records(s))
    finally:
        s.close()
