"""Checks what a running ReceiptLog issues with two SCITT implementations that are not ours:
pycose (COSE_Sign1, RFC 9052) and scitt-cose (RFC 9942 receipts, RFC 9162 proofs).

Usage: interop-log.py LOG_URL LOG_VERIFIER_KEY ISSUERS_FILE STATEMENT...
(tools/interop-cose starts the log, issues the statements with the CLI, and calls this.)

For each statement it registers three forms and checks the answers:
  - the statement as issued;
  - the same statement with a non-empty unprotected header (which the entry drops);
  - the same statement with a two-byte array head (d2 98 04), which the entry rule refuses.
The entry is computed here from RFC 9943 alone: the submitted bytes with the unprotected header
emptied. Every check prints one line; the exit status is 1 if any failed.
"""
import base64
import sys
import urllib.error
import urllib.request

import cbor2
import interop_checks
from interop_checks import check, leaf_hash, root_from_inclusion_proof
import scitt_cose
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pycose.keys.curves import Ed25519
from pycose.keys.okp import OKPKey
from pycose.messages import Sign1Message

def raw_key(verifier_key):
    """The Ed25519 public key of a c2sp.org/signed-note verifier key name+hash+base64(0x01‖key)."""
    name, _, rest = verifier_key.strip().partition("+")
    _, _, encoded = rest.partition("+")
    data = base64.b64decode(encoded)
    assert data[0] == 0x01 and len(data) == 33, "an Ed25519 verifier key"
    return name, data[1:]


def pem(raw):
    return Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def register(url, statement):
    request = urllib.request.Request(
        url.rstrip("/") + "/entries", data=statement, method="POST",
        headers={"Content-Type": "application/cose", "Accept": "application/cose"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def entry_of(statement):
    """RFC 9943 §6.3: the unprotected header set to an empty map. Done on the bytes: the
    protected header, payload and signature are kept as they are, and only the unprotected
    header's bytes become a0."""
    tag = cbor2.loads(statement)
    protected, unprotected, payload, signature = tag.value
    head = bytes([0xD2, 0x84]) + cbor2.dumps(protected)
    unprotected_bytes = cbor2.dumps(unprotected)
    assert statement.startswith(head) and statement[len(head):].startswith(unprotected_bytes)
    return head + b"\xa0" + statement[len(head) + len(unprotected_bytes):]


def check_receipt(name, receipt, entry, log_key, origin):
    tag = cbor2.loads(receipt)
    protected = cbor2.loads(tag.value[0])
    check(f"{name}: receipt protected header alg -8, vds 1, kid", protected.get(1) == -8 and protected.get(395) == 1
          and isinstance(protected.get(4), bytes), repr(protected))
    check(f"{name}: receipt CWT claims (15) iss and sub are the log's origin",
          protected.get(15) == {1: origin, 2: origin}, repr(protected.get(15)))
    result = scitt_cose.verify_receipt(receipt, leaf_entry_hex=entry.hex(), log_public_key_pem=pem(log_key))
    check(f"{name}: scitt-cose verifies the receipt for the entry", result.ok, "; ".join(result.errors))
    check(f"{name}: scitt-cose reads iss and sub", result.issuer == origin and result.subject == origin,
          f"{result.issuer!r} {result.subject!r}")
    other = scitt_cose.verify_receipt(receipt, leaf_entry_hex=(entry + b"!").hex(), log_public_key_pem=pem(log_key))
    check(f"{name}: scitt-cose refuses the receipt for another entry", not other.ok)
    size, index, path = cbor2.loads(tag.value[1][396][-1][0])
    root = root_from_inclusion_proof(index, size, leaf_hash(entry), path)
    message = Sign1Message.decode(receipt)
    message.key = OKPKey(crv=Ed25519, x=log_key)
    check(f"{name}: pycose verifies the log's signature over the root from the entry",
          root is not None and message.verify_signature(detached_payload=root))
    bad = bytearray(receipt)
    bad[-1] ^= 0x01
    tampered = scitt_cose.verify_receipt(bytes(bad), leaf_entry_hex=entry.hex(), log_public_key_pem=pem(log_key))
    check(f"{name}: scitt-cose refuses a tampered signature", not tampered.ok)
    return index


def main():
    url, verifier_key, issuers_file = sys.argv[1:4]
    origin, log_key = raw_key(verifier_key)
    issuer_lines = [l for l in open(issuers_file).read().splitlines() if l.strip() and not l.startswith("#")]
    _, issuer_key = raw_key(issuer_lines[0])
    for path in sys.argv[4:]:
        statement = open(path, "rb").read()
        name = path.rsplit("/", 1)[-1]
        message = Sign1Message.decode(statement)
        message.key = OKPKey(crv=Ed25519, x=issuer_key)
        check(f"{name}: pycose verifies the issuer's signature", message.verify_signature())
        try:
            scitt_cose.verify_sign1(statement, public_key_pem=pem(issuer_key))
            check(f"{name}: scitt-cose verifies the issuer's signature", True)
        except scitt_cose.CoseError as error:
            check(f"{name}: scitt-cose verifies the issuer's signature", False, str(error))

        status, receipt = register(url, statement)
        check(f"{name}: registered (201)", status == 201, "" if status == 201 else f"{status} {receipt[:200]!r}")
        if status != 201:
            continue
        entry = entry_of(statement)
        index = check_receipt(name, receipt, entry, log_key, origin)

        tag = cbor2.loads(statement)
        tag.value[1] = {"note": "dropped from the entry", 33: b"\xaa\xbb"}
        decorated = cbor2.dumps(tag)
        check(f"{name} with an unprotected header: its entry is the statement's", entry_of(decorated) == entry)
        status, again = register(url, decorated)
        check(f"{name} with an unprotected header: registered (201)", status == 201,
              "" if status == 201 else f"{status} {again[:200]!r}")
        if status == 201:
            same = check_receipt(f"{name} with an unprotected header", again, entry_of(decorated), log_key, origin)
            check(f"{name} with an unprotected header: the same entry as the statement", same == index, f"{same} {index}")

        long_head = statement[:1] + b"\x98\x04" + statement[2:]
        status, body = register(url, long_head)
        check(f"{name} with a two-byte array head: refused 400 NON_CANONICAL_ENVELOPE",
              status == 400 and b"NON_CANONICAL_ENVELOPE" in body, "" if status == 400 else f"{status} {body[:200]!r}")
    print(f"interop-log: {interop_checks.failures} failure(s)")
    sys.exit(1 if interop_checks.failures else 0)


if __name__ == "__main__":
    main()
