#!/usr/bin/env python3
"""Signs a matrix of S3 requests with botocore's SigV4 signer and writes them as JSON vectors.

The Swift `SigV4Signer` (Sources/Storage/ObjectStore) must produce the same canonical request,
string to sign, signature and headers for every request; Tests/ObjectStoreTests/SigV4SignerTests
reads the file this script writes. Each request is signed by `botocore.auth.S3SigV4Auth` at one
fixed instant. The URL handed to botocore is built as botocore's S3 client builds it: the key
with `percent_encode(key, safe='/~')` (the `{Key+}` label) and the query with
`percent_encode_sequence` (RFC 3986 unreserved characters kept, everything else %XX of UTF-8).

Usage: tools/sigv4-vectors.py OUT.json   (in a venv with tools/sigv4-requirements.txt)
"""

import datetime
import hashlib
import json
import sys

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode, percent_encode_sequence

INSTANT = datetime.datetime(2026, 12, 2, 10, 20, 30, tzinfo=datetime.timezone.utc)

ACCESS = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/=="
TILE = bytes(range(256)) * 4


def case(name, method, path, query=(), headers=(), body=None, unsigned=False, token=None,
         region="us-east-1", scheme="https", host="s3.example.test", port=None):
    return {
        "name": name, "method": method, "scheme": scheme, "host": host, "port": port,
        "path": path, "query": [list(q) for q in query], "headers": [list(h) for h in headers],
        "bodyHex": None if body is None else body.hex(), "unsignedPayload": unsigned,
        "accessKeyID": ACCESS, "secretAccessKey": SECRET, "sessionToken": token,
        "region": region, "service": "s3",
    }


def matrix():
    cases = []
    keys = [
        ("plain", "/tlog/checkpoint"),
        ("tile-partial", "/tlog/tile/0/x001/234.p/7"),
        ("tile-entries", "/tlog/tile/entries/000"),
        ("tile-high-level", "/tlog/tile/3/x123/x456/789"),
        ("space", "/tlog/a key with spaces"),
        ("unicode", "/tlog/r\u00e9sum\u00e9/\u65e5\u672c\u8a9e/\U0001F600"),
        ("plus-equals-tilde", "/tlog/a+b=c~d"),
        ("reserved", "/tlog/!$&'()*,;:@[]#?%"),
        ("double-slash", "/tlog/dir//object"),
        ("bucket-root", "/tlog"),
        ("service-root", "/"),
    ]
    for kname, path in keys:
        for method in ("GET", "HEAD", "DELETE"):
            cases.append(case(f"{method.lower()}-{kname}", method, path, unsigned=True))
        cases.append(case(f"put-{kname}", "PUT", path, body=b"hello\n",
                          headers=[("Content-Type", "text/plain")]))
    cases += [
        case("put-tile-create-only", "PUT", "/tlog/tile/0/x001/234.p/7", body=TILE,
             headers=[("If-None-Match", "*"), ("Cache-Control", "public, max-age=604800, immutable"),
                      ("Content-Type", "application/octet-stream")]),
        case("put-tile-unsigned", "PUT", "/tlog/tile/entries/000", body=TILE, unsigned=True,
             headers=[("If-None-Match", "*"), ("Content-Type", "application/octet-stream")]),
        case("put-checkpoint-cas-quoted", "PUT", "/tlog/checkpoint", body=b"example.com/log\n42\n",
             headers=[("If-Match", '"9b2cf535f27731c974343645a3985328"'), ("Cache-Control", "no-cache"),
                      ("Content-Type", "text/plain; charset=utf-8")]),
        case("put-checkpoint-cas-unquoted", "PUT", "/tlog/checkpoint", body=b"example.com/log\n42\n",
             headers=[("If-Match", "9b2cf535f27731c974343645a3985328"), ("Cache-Control", "no-cache")]),
        case("put-odd-whitespace", "PUT", "/tlog/checkpoint", body=b"x",
             headers=[("Cache-Control", "  public,\t\tmax-age=60 ,   immutable  "),
                      ("Content-Type", "\ttext/plain ;  charset=utf-8\t"),
                      ("X-Amz-Meta-Note", "a  \t b   c")]),
        case("put-empty-body", "PUT", "/tlog/empty", body=b""),
        case("get-empty-body-hash", "GET", "/tlog/checkpoint", body=b""),
        case("get-if-none-match-etag", "GET", "/tlog/checkpoint", unsigned=True,
             headers=[("If-None-Match", '"abc"')]),
        case("get-range", "GET", "/tlog/tile/entries/000", unsigned=True, headers=[("Range", "bytes=0-9")]),
        case("list-v2", "GET", "/tlog", unsigned=True,
             query=[("list-type", "2"), ("prefix", "tile/0/"), ("delimiter", "/"), ("max-keys", "1000")]),
        case("list-v2-continuation", "GET", "/tlog", unsigned=True,
             query=[("list-type", "2"), ("continuation-token", "1/ab+cd==/ef"), ("start-after", "tile/entries/x001")]),
        case("query-empty-values", "GET", "/tlog/checkpoint", unsigned=True,
             query=[("versions", ""), ("acl", ""), ("b", "")]),
        case("query-repeated-names", "GET", "/tlog", unsigned=True,
             query=[("tag", "zeta"), ("tag", "alpha"), ("tag", ""), ("tag", "Mu"), ("a", "1")]),
        case("query-special-characters", "GET", "/tlog", unsigned=True,
             query=[("prefix", "a b+c=d&e/f~g*h'i(j)k!l"), ("x-id", "\u00e9\u00e8"), ("~name.-_", "%41")]),
        case("query-sort-by-encoded-name", "GET", "/tlog", unsigned=True,
             query=[("a b", "1"), ("a+b", "2"), ("a-b", "3"), ("aB", "4"), ("A", "5"), ("a", "6")]),
        case("delete-multiple", "POST", "/tlog", query=[("delete", "")],
             body=b"<Delete><Object><Key>tile/0/x001/234.p/7</Key></Object></Delete>",
             headers=[("Content-Type", "application/xml")]),
        case("session-token-get", "GET", "/tlog/checkpoint", unsigned=True, token=TOKEN),
        case("session-token-put", "PUT", "/tlog/tile/0/x001/234.p/7", body=TILE, token=TOKEN,
             headers=[("If-None-Match", "*")]),
        case("region-eu-get", "GET", "/tlog/checkpoint", unsigned=True, region="eu-central-1"),
        case("region-eu-put-token", "PUT", "/tlog/tile/entries/000", body=TILE, region="eu-central-1",
             token=TOKEN, headers=[("If-None-Match", "*"), ("Cache-Control", "public, max-age=604800, immutable")]),
        case("region-default-ceph", "GET", "/tlog/checkpoint", unsigned=True, region="default"),
        case("http-port", "GET", "/tlog/checkpoint", unsigned=True, scheme="http", host="127.0.0.1", port=7480),
        case("http-default-port", "PUT", "/tlog/checkpoint", body=b"y", scheme="http", host="127.0.0.1", port=80),
        case("https-default-port", "GET", "/tlog/checkpoint", unsigned=True, host="s3.example.test", port=443),
        case("https-other-port", "GET", "/tlog/checkpoint", unsigned=True, host="localhost", port=8333),
        case("virtual-host-style", "GET", "/tile/0/000", unsigned=True, host="tlog.s3.eu-central-1.amazonaws.com",
             region="eu-central-1"),
        case("header-case-and-amz-meta", "PUT", "/tlog/checkpoint", body=b"z",
             headers=[("X-AMZ-META-Origin", "example.com/log"), ("content-TYPE", "text/plain")]),
    ]
    return cases


class RecordingS3SigV4Auth(botocore.auth.S3SigV4Auth):
    """botocore's S3 signer, unchanged, keeping the canonical request and string to sign it made.

    They are recorded while `add_auth` runs: recomputed afterwards they would also cover the
    Authorization header that `add_auth` adds.
    """

    def canonical_request(self, request):
        self.recorded_canonical_request = super().canonical_request(request)
        return self.recorded_canonical_request

    def string_to_sign(self, request, canonical_request):
        self.recorded_string_to_sign = super().string_to_sign(request, canonical_request)
        return self.recorded_string_to_sign


def sign(c):
    netloc = c["host"] if c["port"] is None else f"{c['host']}:{c['port']}"
    url = f"{c['scheme']}://{netloc}{percent_encode(c['path'], safe='/~')}"
    if c["query"]:
        url += "?" + percent_encode_sequence([tuple(q) for q in c["query"]])
    body = None if c["bodyHex"] is None else bytes.fromhex(c["bodyHex"])
    request = AWSRequest(method=c["method"], url=url, headers=dict(c["headers"]), data=body or b"")
    request.context["client_config"] = type("Config", (), {"s3": {"payload_signing_enabled": not c["unsignedPayload"]}})()
    credentials = Credentials(c["accessKeyID"], c["secretAccessKey"], c["sessionToken"])
    signer = RecordingS3SigV4Auth(credentials, c["service"], c["region"])
    signer.add_auth(request)
    canonical = signer.recorded_canonical_request
    string_to_sign = signer.recorded_string_to_sign
    authorization = request.headers["Authorization"]
    signature = authorization.rsplit("Signature=", 1)[1]
    assert signer.signature(string_to_sign, request) == signature
    out = {
        "url": url,
        "canonicalRequest": canonical,
        "stringToSign": string_to_sign,
        "signature": signature,
        "authorization": authorization,
        "x-amz-date": request.headers["X-Amz-Date"],
        "x-amz-content-sha256": request.headers["X-Amz-Content-SHA256"],
        "x-amz-security-token": request.headers.get("X-Amz-Security-Token"),
    }
    if body is not None and not c["unsignedPayload"]:
        assert out["x-amz-content-sha256"] == hashlib.sha256(body).hexdigest()
    return out


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    botocore.auth.get_current_datetime = lambda: INSTANT
    cases = matrix()
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    for c in cases:
        c["expected"] = sign(c)
    doc = {
        "generator": "tools/sigv4-vectors.py",
        "botocore": botocore.__version__,
        "signer": "botocore.auth.S3SigV4Auth (add_auth)",
        "instant": INSTANT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "instantEpochSeconds": int(INSTANT.timestamp()),
        "cases": cases,
    }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
