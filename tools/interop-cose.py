"""Verifies ReceiptLog's COSE_Sign1 statements and RFC 9942 receipts with pycose and cbor2.

Usage: interop-cose.py SAMPLES_DIR   (tools/interop-cose writes the samples and calls this)

Every check prints one line; the exit status is 1 if any check failed. The Merkle root of a
receipt is recomputed here from the entry and the inclusion path (RFC 9162 §2.1.3.2), written
independently of the Swift code.
"""
import pathlib
import sys

import cbor2
import interop_checks
from interop_checks import check, leaf_hash, root_from_inclusion_proof
from pycose.keys.curves import Ed25519
from pycose.keys.okp import OKPKey
from pycose.messages import Sign1Message

def key(path):
    return OKPKey(crv=Ed25519, x=path.read_bytes())


def verify(message_bytes, public_key, detached_payload=None, external_aad=b""):
    """pycose's verdict on a tagged COSE_Sign1."""
    message = Sign1Message.decode(message_bytes)
    message.key = public_key
    message.external_aad = external_aad
    if detached_payload is None:
        return message.verify_signature()
    return message.verify_signature(detached_payload=detached_payload)


def check_statements(d):
    issuer = key(d / "issuer.pub")
    statement = (d / "statement.cbor").read_bytes()
    payload = (d / "statement.payload").read_bytes()
    message = Sign1Message.decode(statement)
    check("statement: payload as signed", message.payload == payload)
    check("statement: pycose verifies the signature", verify(statement, issuer))
    tag = cbor2.loads(statement)
    protected = cbor2.loads(tag.value[0])
    check("statement: tag 18", tag.tag == 18)
    check("statement: protected alg -8, kid, CWT claims iss/sub",
          protected.get(1) == -8 and protected.get(4) == b"issuer-key-1"
          and protected.get(15) == {1: "https://issuer.example", 2: "inference/42"}, repr(protected))
    tampered = bytearray(statement)
    tampered[-70] ^= 0x01  # inside the payload, before the 64-byte signature and its 2-byte head
    check("statement: pycose rejects a tampered payload", not verify(bytes(tampered), issuer))
    check("statement: pycose rejects another key", not verify(statement, key(d / "log.pub")))

    detached = (d / "statement-detached.cbor").read_bytes()
    aad = (d / "statement-detached.aad").read_bytes()
    check("detached statement: payload is nil", Sign1Message.decode(detached).payload is None)
    check("detached statement: pycose verifies with payload and external AAD",
          verify(detached, issuer, detached_payload=payload, external_aad=aad))
    check("detached statement: pycose rejects without the external AAD",
          not verify(detached, issuer, detached_payload=payload))
    check("detached statement: pycose rejects another payload",
          not verify(detached, issuer, detached_payload=payload + b" ", external_aad=aad))


def check_receipt(d, name, expected_root):
    log = key(d / "log.pub")
    receipt = (d / f"receipt-{name}.cbor").read_bytes()
    entry = (d / f"receipt-{name}.entry").read_bytes()
    tag = cbor2.loads(receipt)
    check(f"receipt {name}: tag 18", tag.tag == 18)
    protected_bytes, unprotected, payload, _ = tag.value
    protected = cbor2.loads(protected_bytes)
    check(f"receipt {name}: protected alg -8, vds 1, kid, CWT claims iss and sub, signed tree size",
          {k: v for k, v in protected.items() if k != -65537}
          == {1: -8, 4: b"log-key-1", 15: {1: "log.example/receipts", 2: "log.example/receipts"}, 395: 1},
          repr(protected))
    check(f"receipt {name}: payload detached", payload is None)
    proofs = unprotected.get(396, {}).get(-1, [])
    check(f"receipt {name}: one inclusion proof, bstr-wrapped", len(proofs) == 1 and isinstance(proofs[0], bytes))
    size, index, path = cbor2.loads(proofs[0])
    check(f"receipt {name}: the proof's tree size is the signed one", protected.get(-65537) == size)
    check(f"receipt {name}: proof [tree_size, leaf_index, [path]]",
          isinstance(path, list) and all(isinstance(h, bytes) and len(h) == 32 for h in path),
          f"size {size}, index {index}, {len(path)} hashes")
    root = root_from_inclusion_proof(index, size, leaf_hash(entry), path)
    check(f"receipt {name}: root recomputed from entry and path", root is not None)
    if expected_root is not None:
        check(f"receipt {name}: root equals the log's tree root", root == expected_root)
    check(f"receipt {name}: pycose verifies the log signature over the root",
          root is not None and verify(receipt, log, detached_payload=root))
    if root is not None:
        check(f"receipt {name}: pycose rejects another root", not verify(receipt, log, detached_payload=leaf_hash(b"x")))
        other = root_from_inclusion_proof(index, size, leaf_hash(entry + b"!"), path)
        check(f"receipt {name}: another entry gives another root", other != root)


def check_cbor_sample(d):
    sample = (d / "sample.cbor").read_bytes()
    value = cbor2.loads(sample)
    expected = {
        1: -8, "a": [1.5, 100000.0, 1.1, None, True], -1: b"\x00\x01\x02",
        1000: cbor2.CBORTag(32767, 1363896240), "ü": -18446744073709551616, 18446744073709551615: "max",
    }
    check("cbor2: decodes the deterministic sample to the expected value", value == expected, repr(value))
    # RFC 8949 §4.2.1 orders keys bytewise by their encodings; cbor2 keeps the wire order in
    # the dict it returns.
    wire_order = list(value.keys())
    bytewise = sorted(wire_order, key=cbor2.dumps)
    check("cbor2: map keys are in bytewise order of their encodings", wire_order == bytewise, repr(wire_order))
    # Floats are in their shortest exact width: 1.5 as half, 100000.0 as single, 1.1 as double.
    check("cbor2: shortest float widths", bytes.fromhex("f93e00") in sample and bytes.fromhex("fa47c35000") in sample
          and bytes.fromhex("fb3ff199999999999a") in sample)
    canonical = cbor2.dumps(value, canonical=True)
    same = canonical == sample
    print(("info " if not same else "ok   ") + "cbor2 canonical=True encoding "
          + ("is byte-identical" if same else "differs (cbor2 orders map keys length-first, RFC 7049 §3.9; "
                                              "RFC 8949 §4.2.1 orders them bytewise)"))


def main():
    d = pathlib.Path(sys.argv[1])
    check_statements(d)
    root = (d / "root.bin").read_bytes()
    for name in ["0", "5", "12"]:
        check_receipt(d, name, root)
    check_receipt(d, "single", None)
    check_cbor_sample(d)
    print(f"interop-cose: {interop_checks.failures} failure(s)")
    sys.exit(1 if interop_checks.failures else 0)


if __name__ == "__main__":
    main()
