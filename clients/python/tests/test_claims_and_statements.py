"""Claims, commitments, keys and signed statements against the worked examples of specs/."""

from __future__ import annotations

import base64
import dataclasses
import os
import re
from pathlib import Path

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import receiptlog
from receiptlog import cose
from receiptlog.claims import EnclaveMeasurements, EvidenceReference, Freshness, InferenceReceiptClaims
from receiptlog.errors import ReceiptLogError

SPECS = Path(__file__).resolve().parents[3] / "specs"
EXAMPLE_SALT = bytes(range(1, 33))


def spec_hex_after(document: str, marker: str, block: int = 0) -> bytes:
    """The hex of the ``block``-th fenced block after ``marker`` in a spec."""
    text = (SPECS / document).read_text()
    after = text.split(marker, 1)[1]
    blocks = re.findall(r"```\n(.*?)```", after, re.S)
    return bytes.fromhex("".join(blocks[block].split()))


def example_claims() -> InferenceReceiptClaims:
    commitments = [
        receiptlog.commit(data, field, EXAMPLE_SALT)[0]
        for field, data in (("request", b"What is 2+2?"), ("response", b"4"), ("parameters", b'{"max_tokens":64}'))
    ]
    return InferenceReceiptClaims(
        issuer="inference.example",
        subject="deployment/llama-7b",
        issued_at=1767225600,
        cwt_id=bytes(range(0x10, 0x20)),
        model_id="llama-7b",
        model_version="2.0.0",
        model_hash=b"\x55" * 32,
        model_hash_scheme="receiptlog-sha256-manifest-v1",
        commitments=commitments,
    )


def test_commitment_of_the_specification() -> None:
    commitment, salt = receiptlog.commit(b"What is 2+2?", "request", EXAMPLE_SALT)
    assert salt == EXAMPLE_SALT
    assert commitment.value.hex() == "7426f47dbe893121858c78ef94f3e2e8cc32abb17fb06a03ad095eb69a7adede"
    receiptlog.open_commitment(commitment, "request", EXAMPLE_SALT, b"What is 2+2?")
    for field, salt_, data, code in (
        ("request", EXAMPLE_SALT, b"What is 2+3?", "commitmentMismatch"),
        ("response", EXAMPLE_SALT, b"What is 2+2?", "wrongCommitmentField"),
        ("request", EXAMPLE_SALT[:16], b"What is 2+2?", "badSaltLength"),
    ):
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.open_commitment(commitment, field, salt_, data)
        assert caught.value.code == code


def test_fresh_salts_differ_and_field_names_are_checked() -> None:
    a, salt_a = receiptlog.commit(b"x", "request")
    b, salt_b = receiptlog.commit(b"x", "request")
    assert salt_a != salt_b and a.value != b.value and len(salt_a) == 32
    for bad in ("", "Request", "a" * 65, "re quest"):
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.commit(b"x", bad)
        assert caught.value.code == "badCommitmentField"


def test_claims_of_the_specification_encode_byte_for_byte() -> None:
    expected = spec_hex_after("receipt-profile.md", "The test `specificationExample` checks these bytes.", 1)
    assert example_claims().encode() == expected
    decoded = cbor2.loads(expected)
    assert decoded[265] == receiptlog.PROFILE


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"issued_at": 0}, "iat (6) is zero"),
        ({"cwt_id": bytes(15)}, "cti (7) is 15 bytes"),
        ({"model_hash": bytes(32)}, "all zeros"),
        ({"nonce": bytes(7)}, "eat_nonce"),
        ({"model_id": ""}, "model_id"),
        ({"evidence": [EvidenceReference("tdx-quote", "application/octet-stream", bytes(32))]}, "needs key_binding"),
        ({"key_binding": "report-data-sha512-pubkey"}, "needs env_evidence"),
        ({"freshness": Freshness(1, 2)}, "outside the freshness window"),
        ({"image_digest": "sha256:ABC"}, "image_digest"),
        ({"commitments": []}, "no request commitment"),
    ],
)
def test_claims_rules(change: dict[str, object], fragment: str) -> None:
    claims = dataclasses.replace(example_claims(), **change)  # type: ignore[arg-type]
    with pytest.raises(ReceiptLogError) as caught:
        claims.encode()
    assert caught.value.code == "badReceiptClaims"
    assert fragment in caught.value.message


def test_model_hash_scheme_and_measurements_fail_closed() -> None:
    with pytest.raises(ReceiptLogError) as caught:
        dataclasses.replace(example_claims(), model_hash_scheme="md5").encode()
    assert caught.value.code == "unknownModelHashScheme"
    with pytest.raises(ReceiptLogError) as caught:
        EnclaveMeasurements("tdx-mrtd-rtmr", bytes(48), bytes(48), bytes(48), bytes(48))
    assert caught.value.code == "TDX_PCR8_FORBIDDEN"
    with pytest.raises(ReceiptLogError) as caught:
        EnclaveMeasurements("nitro-pcr", bytes(32), bytes(48), bytes(48))
    assert caught.value.code == "BAD_MEASUREMENT_LENGTH"


def worked_example_key() -> receiptlog.SignerKey:
    return receiptlog.SignerKey("example.com/inference", 0x01, b"\x11" * 32)


def test_key_of_the_worked_example() -> None:
    key = worked_example_key()
    line = "example.com/inference+57dc5210+AdBKsjJ0K7SrOhNovUYV5ObQIkq3GgFrr4UgozLJd4c3"
    assert key.verifier_key.encoded == line
    assert receiptlog.VerifierKey.parse(line) == key.verifier_key
    assert receiptlog.SignerKey.parse(key.encoded) == key
    # Base64 may hold '+', a name may not: keys whose material holds one parse too.
    with_plus = [k for k in (receiptlog.SignerKey("log.example", 0x01, bytes([i]) * 32) for i in range(64)) if "+" in k.encoded.split("+", 4)[4]]
    assert with_plus and all(receiptlog.SignerKey.parse(k.encoded) == k for k in with_plus)
    assert all(receiptlog.VerifierKey.parse(k.verifier_key.encoded) == k.verifier_key for k in with_plus if "+" in k.verifier_key.encoded.split("+", 2)[2])
    for bad, code in (
        (line.replace("57dc5210", "57dc5211"), "keyIDMismatch"),
        (line.replace("57dc5210", "57DC5210"), "malformedKey"),
        ("bad name+57dc5210+AdBKsjJ0K7SrOhNovUYV5ObQIkq3GgFrr4UgozLJd4c3", "badKeyName"),
        (line[:-1], "malformedKey"),
        ("a+00000000+" + base64.b64encode(b"\x02" + bytes(32)).decode(), "unknownKeyType"),
    ):
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.VerifierKey.parse(bad)
        assert caught.value.code == code


def test_signed_statement_of_the_worked_example() -> None:
    key = worked_example_key()
    submitted = spec_hex_after("statements.md", "As submitted (180 bytes):")
    leaf = spec_hex_after("statements.md", "Its leaf form, the bytes that enter the log (167 bytes")
    statement = cose.sign_statement(
        issuer=key.name,
        subject="model:minilm-l6-v2",
        content_type="application/json",
        payload=b'{"request":"sha256:bb"}',
        key=key.private_key(),
        key_id=key.key_id.to_bytes(4, "big"),
    )
    assert statement == leaf
    assert receiptlog.leaf_form(submitted) == leaf
    assert receiptlog.leaf_form(leaf) == leaf
    message = receiptlog.CoseSign1.parse(submitted)
    assert message.unprotected == {"note": "dropped"}
    message.verify(key.private_key().public_key())
    tampered = dataclasses.replace(message, payload=b'{"request":"sha256:bc"}')
    with pytest.raises(ReceiptLogError) as caught:
        tampered.verify(key.private_key().public_key())
    assert caught.value.code == "signatureInvalid"


def test_key_files_are_private(tmp_path: Path) -> None:
    key = receiptlog.SignerKey.generate("issuer.example")
    path = tmp_path / "issuer.key"
    receiptlog.write_key_file(key, path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert receiptlog.read_key_file(path) == key
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.write_key_file(key, path)
    assert caught.value.code == "fileExists"
    os.chmod(path, 0o644)
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.read_key_file(path)
    assert caught.value.code == "keyFileUnreadable"
    os.chmod(path, 0o600)
    link = tmp_path / "link.key"
    link.symlink_to(path)
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.read_key_file(link)
    assert caught.value.code == "keyFileUnreadable"


def test_issuer_signs_a_verifiable_statement_and_checks_given_salts() -> None:
    key = receiptlog.SignerKey.generate("inference.example")
    issuer = receiptlog.Issuer(
        key, subject="deployment/7", model_id="m", model_version="1", model_hash=b"\x07" * 32, model_hash_scheme="sha256-single"
    )
    salts = {"request": EXAMPLE_SALT, "response": b"\xab" * 32}
    issued = issuer.issue(b"What is 2+2?", b"4", iat=1767225600, cti=bytes(16), salts=salts)
    again = issuer.issue(b"What is 2+2?", b"4", iat=1767225600, cti=bytes(16), salts=salts)
    assert issued.statement == again.statement
    message = receiptlog.CoseSign1.parse(issued.statement)
    message.verify(Ed25519PrivateKey.from_private_bytes(key.seed).public_key())
    assert message.protected[3] == receiptlog.CONTENT_TYPE
    assert message.protected[4] == key.key_id.to_bytes(4, "big")
    assert message.protected[15] == {1: "inference.example", 2: "deployment/7"}
    assert message.payload == issued.claims.encode()
    fresh = issuer.issue(b"What is 2+2?", b"4", iat=1767225600, cti=bytes(16))
    assert fresh.statement != issued.statement
    for given, code in (
        ({"request": EXAMPLE_SALT}, "missingSalt"),
        ({**salts, "parameters": EXAMPLE_SALT}, "unknownSaltField"),
        ({"request": EXAMPLE_SALT, "response": bytes(31)}, "badSaltLength"),
    ):
        with pytest.raises(ReceiptLogError) as caught:
            issuer.issue(b"q", b"a", salts=given)
        assert caught.value.code == code
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.Issuer(key, subject="s", model_id="m", model_version="1", model_hash=b"\x07" * 32, model_hash_scheme="sha256-single", claims={"colour": "red"})
    assert caught.value.code == "badReceiptClaims"
