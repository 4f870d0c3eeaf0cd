"""The package against the real ``receiptlog`` binary (RECEIPTLOG_BIN): byte-identical
statements with ``receiptlog issue``, and registration, bundles and ``receiptlog verify``
against a real ``receiptlog serve``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import receiptlog
from receiptlog.claims import EnclaveMeasurements, Freshness
from receiptlog.errors import ReceiptLogError

from conftest import CLI, start_log

SALTS = {"request": bytes(range(1, 33)), "response": b"\xab" * 32, "parameters": b"\x0c" * 32}
IAT = 1767225600
CTI = bytes(range(0x10, 0x20))


def inference_files(root: Path) -> Path:
    model = root / "model"
    (model / "weights").mkdir(parents=True)
    (model / "config.json").write_bytes(b'{"hidden": 64}')
    (model / "weights" / "part-1.bin").write_bytes(os.urandom(20_000))
    (model / ".git").mkdir()
    (model / ".git" / "HEAD").write_bytes(b"ref: main")
    (root / "request.txt").write_bytes("Quelle heure est-il ? \u00e9\n".encode())
    (root / "response.txt").write_bytes(b"4")
    (root / "parameters.json").write_bytes(b'{"temperature":0}')
    return model


def generate_key(cli: CLI, root: Path, name: str) -> tuple[Path, str]:
    path = root / f"{name}.key"
    printed = cli.run("keys", "generate", "--name", name, "--out", str(path)).stdout.strip()
    return path, printed


def test_statements_are_byte_identical_to_receiptlog_issue(cli: CLI, tmp_path: Path) -> None:
    model = inference_files(tmp_path)
    key_path, vkey = generate_key(cli, tmp_path, "inference.example")
    key = receiptlog.read_key_file(key_path)
    assert key.verifier_key.encoded == vkey
    assert cli.run("model-digest", str(model)).stdout.strip() == receiptlog.model_digest(model).hex()

    # Evidence statements written by the CLI, referenced by both.
    (tmp_path / "report.bin").write_bytes(os.urandom(1184))
    (tmp_path / "quote.bin").write_bytes(os.urandom(5000))
    nonce = os.urandom(32)
    evidence_paths = [tmp_path / "evidence-snp.cose", tmp_path / "evidence-tdx.cose"]
    cli.run("evidence", "statement", "--key", str(key_path), "--platform", "sev-snp", "--evidence", str(tmp_path / "report.bin"), "--out", str(evidence_paths[0]))
    cli.run("evidence", "statement", "--key", str(key_path), "--platform", "tdx", "--evidence", str(tmp_path / "quote.bin"), "--nonce", nonce.hex(), "--out", str(evidence_paths[1]))
    assert receiptlog.evidence_statement(key, "tdx", (tmp_path / "quote.bin").read_bytes(), nonce=nonce) == evidence_paths[1].read_bytes()
    references = [receiptlog.evidence_reference(p.read_bytes()) for p in evidence_paths]

    pcr = [os.urandom(48) for _ in range(3)]
    claims_file = {
        "iat": IAT, "cti_hex": CTI.hex(), "eat_nonce_hex": "deadbeefcafebabe",
        "attestation_doc_hash_hex": "11" * 32,
        "enclave_measurements": {"measurement_type": "tdx-mrtd-rtmr", "pcr0_hex": pcr[0].hex(), "pcr1_hex": pcr[1].hex(), "pcr2_hex": pcr[2].hex()},
        "security_mode": "ShieldMode", "image_digest": "sha256:" + "ab" * 32, "config_digest": "sha384:" + "cd" * 48,
        "project": "tenant-42", "operator": "ops@inference.example",
        "freshness": {"not_before": IAT - 100, "not_after": IAT + 100},
        "policy_version": "policy-2026.03", "sequence_number": 7, "execution_time_ms": 2500, "memory_peak_mb": 8192,
    }
    (tmp_path / "claims.json").write_text(json.dumps(claims_file))
    (tmp_path / "salts.json").write_text(json.dumps({name: salt.hex() for name, salt in SALTS.items()}))
    out = tmp_path / "cli.cose"
    cli.run(
        "issue", "--key", str(key_path), "--subject", "deployment/llama-7b", "--model-dir", str(model),
        "--model-id", "llama-7b", "--model-version", "2.0.0", "--request", str(tmp_path / "request.txt"),
        "--response", str(tmp_path / "response.txt"), "--parameters", str(tmp_path / "parameters.json"),
        "--claims", str(tmp_path / "claims.json"), "--salts", str(tmp_path / "salts.json"),
        "--evidence-statement", str(evidence_paths[0]), "--evidence-statement", str(evidence_paths[1]),
        "--key-binding", "report-data-sha512-pubkey", "--out", str(out),
    )

    issuer = receiptlog.Issuer(
        key, subject="deployment/llama-7b", model_id="llama-7b", model_version="2.0.0", model_dir=model,
        evidence=references, key_binding="report-data-sha512-pubkey",
        claims={
            "nonce": bytes.fromhex("deadbeefcafebabe"), "attestation_doc_hash": b"\x11" * 32,
            "measurements": EnclaveMeasurements("tdx-mrtd-rtmr", *pcr), "security_mode": "ShieldMode",
            "image_digest": "sha256:" + "ab" * 32, "config_digest": "sha384:" + "cd" * 48, "project": "tenant-42",
            "operator": "ops@inference.example", "freshness": Freshness(IAT - 100, IAT + 100), "policy_version": "policy-2026.03",
        },
    )
    issued = issuer.issue(
        (tmp_path / "request.txt").read_bytes(), b"4", b'{"temperature":0}', iat=IAT, cti=CTI, salts=SALTS,
        claims={"sequence_number": 7, "execution_time_ms": 2500, "memory_peak_mb": 8192},
    )
    assert issued.statement == out.read_bytes()
    assert issued.salts_json == (tmp_path / "cli.cose.salts.json").read_bytes()

    # The package's own files open with the CLI.
    issued.write(tmp_path / "py.cose")
    opened = cli.run(
        "commitment", "open", "--statement", str(tmp_path / "py.cose"), "--field", "request",
        "--salt", str(tmp_path / "py.cose.salts.json"), "--data", str(tmp_path / "request.txt"),
    )
    assert opened.stdout.startswith("opened:")
    with pytest.raises(ReceiptLogError) as caught:
        issued.write(tmp_path / "py.cose")
    assert caught.value.code == "fileExists"


def test_a_minimal_statement_with_a_given_model_hash_is_byte_identical(cli: CLI, tmp_path: Path) -> None:
    inference_files(tmp_path)
    key_path, _ = generate_key(cli, tmp_path, "issuer.example")
    (tmp_path / "claims.json").write_text(json.dumps({
        "iat": IAT, "cti_hex": CTI.hex(), "model_id": "m", "model_version": "1",
        "model_hash_hex": "42" * 32, "model_hash_scheme": "sha256-single",
        "request_file": "request.txt", "response_file": "response.txt",
    }))
    salts = {"request": SALTS["request"], "response": SALTS["response"]}
    (tmp_path / "salts.json").write_text(json.dumps({name: salt.hex() for name, salt in salts.items()}))
    out = tmp_path / "cli.cose"
    cli.run("issue", "--key", str(key_path), "--subject", "s", "--claims", str(tmp_path / "claims.json"),
            "--salts", str(tmp_path / "salts.json"), "--out", str(out))
    issuer = receiptlog.Issuer(receiptlog.read_key_file(key_path), subject="s", model_id="m", model_version="1",
                               model_hash=b"\x42" * 32, model_hash_scheme="sha256-single")
    issued = issuer.issue((tmp_path / "request.txt").read_bytes(), b"4", iat=IAT, cti=CTI, salts=salts)
    assert issued.statement == out.read_bytes()


def test_register_bundle_and_verify_against_a_real_log(cli: CLI, tmp_path: Path) -> None:
    model = inference_files(tmp_path)
    key_path, issuer_vkey = generate_key(cli, tmp_path, "inference.example")
    (tmp_path / "log").mkdir()
    server = start_log(cli, tmp_path / "log", [issuer_vkey])
    try:
        issuer = receiptlog.Issuer(receiptlog.read_key_file(key_path), subject="deployment/test", model_id="tiny",
                                   model_version="1", model_dir=model)
        client = receiptlog.LogClient(server.url, server.vkey, timeout=10, retries=2)
        registrations = [client.submit(issuer.issue(b"q%d" % i, b"a%d" % i).statement) for i in range(3)]
        issued = issuer.issue((tmp_path / "request.txt").read_bytes(), b"4", b'{"temperature":0}')
        registration = client.submit(issued.statement)
        assert [r.index for r in registrations] + [registration.index] == [0, 1, 2, 3]
        assert registration.entry == issued.statement

        # Registration is idempotent: the same statement, the same entry and receipt.
        again = client.submit(issued.statement)
        assert (again.index, again.receipt) == (registration.index, registration.receipt)

        # A statement of an issuer the log does not know is refused, not retried.
        stranger = receiptlog.Issuer(receiptlog.SignerKey.generate("stranger.example"), subject="s", model_id="m",
                                     model_version="1", model_hash=b"\x01" * 32, model_hash_scheme="sha256-single")
        with pytest.raises(ReceiptLogError) as caught:
            client.submit(stranger.issue(b"q", b"a").statement)
        assert caught.value.code == "logRefused" and "UNKNOWN_ISSUER" in caught.value.message

        # The real receipt verifies; tampered, it does not.
        log_key = receiptlog.VerifierKey.parse(server.vkey).ed25519()
        receiptlog.verify_receipt(registration.receipt, registration.entry, log_key)
        tampered = registration.receipt[:-1] + bytes([registration.receipt[-1] ^ 0x01])
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.verify_receipt(tampered, registration.entry, log_key)
        assert caught.value.code == "receiptNotVerified"

        bundle = client.bundle_for(issued.statement)
        assert bundle.proof.index == registration.index
        receiptlog.write_new_file(tmp_path / "py.bundle", bundle.encoded, 0o644)
        cli_bundle = cli.run("bundle", "--log", server.url, "--index", str(registration.index), "--vkey", server.vkey).stdout
        assert bundle.encoded == cli_bundle.encode()

        (tmp_path / "policy.txt").write_text(f"log {server.vkey}\nissuer {issuer_vkey}\nmodel-id tiny\n")
        (tmp_path / "request.salt").write_text(issued.salts["request"].hex())
        verified = cli.run("verify", "--bundle", str(tmp_path / "py.bundle"), "--policy", str(tmp_path / "policy.txt"),
                           "--model-dir", str(model), "--open", f"request={tmp_path / 'request.salt'}:{tmp_path / 'request.txt'}",
                           check=False)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "result: VERIFIED" in verified.stdout
        assert "commitment request      VERIFIED" in verified.stdout

        # A bundle whose statement was changed fails verify.
        broken = bundle.encoded.replace(b"statement ", b"statement AAAA", 1)
        (tmp_path / "broken.bundle").write_bytes(broken)
        failed = cli.run("verify", "--bundle", str(tmp_path / "broken.bundle"), "--policy", str(tmp_path / "policy.txt"), check=False)
        assert failed.returncode != 0

        with pytest.raises(ReceiptLogError) as caught:
            client.bundle(99)
        assert caught.value.code == "notInLog"

        # A client holding another key refuses the log's answers.
        other = receiptlog.SignerKey.generate("py.example/log").verifier_key
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.LogClient(server.url, other).submit(issued.statement)
        assert caught.value.code == "receiptNotVerified"
        client.close()
    finally:
        status = server.stop()
    assert status == 0, (tmp_path / "log" / "serve.err").read_text()[-500:]


def test_the_example_wraps_an_inference_function(cli: CLI, tmp_path: Path) -> None:
    import subprocess
    import sys

    model = inference_files(tmp_path)
    key_path, issuer_vkey = generate_key(cli, tmp_path, "inference.example")
    (tmp_path / "log").mkdir()
    server = start_log(cli, tmp_path / "log", [issuer_vkey])
    try:
        example = Path(__file__).resolve().parents[1] / "examples" / "wrap_inference.py"
        out = tmp_path / "receipts"
        run = subprocess.run(
            [sys.executable, str(example), "--log", server.url, "--log-key", server.vkey, "--key", str(key_path),
             "--model-dir", str(model), "--out", str(out)],
            capture_output=True, text=True, timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert [json.loads(line)["answer"] for line in run.stdout.splitlines()[:3]] == ["4", "42", "6"]
        (tmp_path / "policy.txt").write_text(f"log {server.vkey}\nissuer {issuer_vkey}\n")
        for index in range(3):
            verified = cli.run("verify", "--bundle", str(out / f"receipt-{index}.bundle"), "--policy", str(tmp_path / "policy.txt"))
            assert "result: VERIFIED" in verified.stdout
    finally:
        assert server.stop() == 0
