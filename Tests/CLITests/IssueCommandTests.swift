import Foundation
import HTTPTestSupport
import Testing

@Suite struct IssueCommandTests {
    typealias F = IssuerFixture

    /// A directory with an issuer key, a small model and the inference data.
    struct Setup {
        let root: URL
        var key: String { root.appendingPathComponent("issuer.key").path }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }

        init() throws {
            root = try F.directory()
            let generated = try ChildProcess.run(["keys", "generate", "--name", "inference.example", "--out", key])
            #expect(generated.status == 0)
            try F.write("{\"hidden\":64}", "model/config.json", in: root)
            try F.write([UInt8](repeating: 7, count: 10_000), "model/weights.bin", in: root)
            try F.write("What is 2+2?", "request.txt", in: root)
            try F.write("4", "response.txt", in: root)
            try F.write("{\"temperature\":0}", "parameters.json", in: root)
        }

        func issue(_ extra: [String], out: String = "statement.cose") throws -> ChildProcess.Output {
            try ChildProcess.run(["issue", "--key", key, "--subject", "deployment/7", "--out", path(out)] + extra)
        }

        func open(_ field: String, data: String, statement: String = "statement.cose", salt: String? = nil) throws
            -> ChildProcess.Output
        {
            try ChildProcess.run([
                "commitment", "open", "--statement", path(statement), "--field", field,
                "--salt", salt ?? path(statement + ".salts.json"), "--data", path(data),
            ])
        }

        var flags: [String] {
            [
                "--model-dir", path("model"), "--model-id", "tiny", "--model-version", "1",
                "--request", path("request.txt"), "--response", path("response.txt"),
                "--parameters", path("parameters.json"),
            ]
        }
    }

    @Test func issuesAStatementAndAPrivateSaltsFileThatOpenEveryCommitment() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        let issued = try s.issue(s.flags)
        #expect(issued.status == 0, "\(issued.stderr)")
        let lines = issued.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("signed statement: \(s.path("statement.cose"))"))
        #expect(lines[1].hasPrefix("salts: \(s.path("statement.cose.salts.json")) (mode 0600"))
        let digest = try ChildProcess.run(["model-digest", s.path("model")]).stdout.dropLast()
        #expect(lines[2].hasPrefix("model digest: \(digest) (receiptlog-sha256-manifest-v1, 2 files"))

        let attributes = try FileManager.default.attributesOfItem(atPath: s.path("statement.cose.salts.json"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let salts = try JSONSerialization.jsonObject(with: Data(contentsOf: s.root.appendingPathComponent("statement.cose.salts.json"))) as! [String: Any]
        #expect(salts["scheme"] as? String == "hmac-sha256-v1")
        let statement = try [UInt8](Data(contentsOf: s.root.appendingPathComponent("statement.cose")))
        #expect(salts["statement_sha256"] as? String == (try F.sha256sum(statement)))
        #expect(statement.first == 0xD2)  // COSE_Sign1 tag 18

        for (field, data) in [("request", "request.txt"), ("response", "response.txt"), ("parameters", "parameters.json")] {
            let opened = try s.open(field, data: data)
            #expect(opened.status == 0, "\(field): \(opened.stderr)")
            #expect(opened.stdout.hasPrefix("opened:"))
        }
        // An auditor gets one salt, in hex, and opens one commitment with it.
        let requestSalt = (salts["salts"] as! [String: String])["request"]!
        let saltFile = try F.write(requestSalt + "\n", "request.salt", in: s.root)
        #expect(try s.open("request", data: "request.txt", salt: saltFile).status == 0)
        F.expectOneLineError(try s.open("response", data: "response.txt", salt: saltFile), "do not open")
        F.expectOneLineError(try s.open("request", data: "response.txt"), "do not open")
        F.expectOneLineError(try s.open("tools", data: "request.txt"), "no tools commitment")
    }

    @Test func eachIssueUsesFreshSaltsAndRefusesToOverwrite() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        #expect(try s.issue(s.flags, out: "a.cose").status == 0)
        #expect(try s.issue(s.flags, out: "b.cose").status == 0)
        let a = try String(contentsOf: s.root.appendingPathComponent("a.cose.salts.json"), encoding: .utf8)
        let b = try String(contentsOf: s.root.appendingPathComponent("b.cose.salts.json"), encoding: .utf8)
        #expect(a != b)
        // The salts of one statement do not open another's commitments.
        F.expectOneLineError(
            try s.open("request", data: "request.txt", statement: "a.cose", salt: s.path("b.cose.salts.json")),
            "another statement")
        let before = try Data(contentsOf: s.root.appendingPathComponent("a.cose"))
        F.expectOneLineError(try s.issue(s.flags, out: "a.cose"), "refusing to overwrite")
        #expect(try Data(contentsOf: s.root.appendingPathComponent("a.cose")) == before)
        // A leftover salts file stops the issue and the new statement is removed again.
        try F.write("{}", "c.cose.salts.json", in: s.root)
        F.expectOneLineError(try s.issue(s.flags, out: "c.cose"), "refusing to overwrite")
        #expect(!FileManager.default.fileExists(atPath: s.path("c.cose")))
    }

    @Test func claimsFileAndAIRv1Output() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        let measurements = """
            {"measurement_type": "tdx-mrtd-rtmr", "pcr0_hex": "\(String(repeating: "10", count: 48))",
             "pcr1_hex": "\(String(repeating: "20", count: 48))", "pcr2_hex": "\(String(repeating: "30", count: 48))"}
            """
        let claims = try F.write(
            """
            {"model_id": "tiny", "model_version": "1", "request_file": "request.txt", "response_file": "response.txt",
             "iat": 1767225600, "eat_nonce_hex": "deadbeefcafebabe",
             "attestation_doc_hash_hex": "\(String(repeating: "88", count: 32))", "enclave_measurements": \(measurements),
             "policy_version": "p1", "sequence_number": 3, "execution_time_ms": 20, "memory_peak_mb": 512,
             "security_mode": "ShieldMode", "project": "tenant-1", "operator": "ops",
             "env_evidence": [{"kind": "tdx-quote", "media_type": "application/octet-stream",
                               "digest_hex": "\(String(repeating: "ab", count: 32))"}],
             "key_binding": "report-data-sha512-pubkey",
             "freshness": {"not_before": 1767225500, "not_after": 1767225700}}
            """, "claims.json", in: s.root)
        let full = try s.issue(["--claims", claims, "--model-dir", s.path("model")], out: "full.cose")
        #expect(full.status == 0, "\(full.stderr)")
        #expect(try s.open("response", data: "response.txt", statement: "full.cose").status == 0)

        let air = try s.issue(["--claims", claims, "--model-dir", s.path("model"), "--air"], out: "air.cose")
        #expect(air.status == 0, "\(air.stderr)")
        #expect(air.stdout.hasPrefix("AIR v1 receipt: \(s.path("air.cose"))"))
        #expect(air.stdout.contains("not carried by AIR v1: env_evidence, key_binding, project, operator, freshness"))
        let receipt = try [UInt8](Data(contentsOf: s.root.appendingPathComponent("air.cose")))
        // The AIR v1 protected header {1: -8, 3: 61} and its profile URI.
        #expect(Array(receipt.prefix(8)) == [0xD2, 0x84, 0x46, 0xA2, 0x01, 0x27, 0x03, 0x18])
        #expect(String(decoding: receipt, as: UTF8.self).contains("https://spec.cyntrisec.com/air/v1"))
        #expect(try s.open("request", data: "request.txt", statement: "air.cose").status == 0)
        #expect(try s.open("response", data: "response.txt", statement: "air.cose").status == 0)
        F.expectOneLineError(try s.open("parameters", data: "parameters.json", statement: "air.cose"), "only to the request")
    }

    @Test func badInputFailsWithOneLineAndWritesNothing() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        let cosigner = s.path("witness.key")
        #expect(try ChildProcess.run(["keys", "generate", "--name", "w", "--type", "cosignature", "--out", cosigner]).status == 0)
        let notKey = try F.write("PRIVATE+KEY+nope", "bad.key", in: s.root)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: notKey)
        let unknownClaim = try F.write("{\"model_idd\": \"x\"}", "unknown.json", in: s.root)
        let notJSON = try F.write("{", "broken.json", in: s.root)
        let bothModels = try F.write("{\"model_hash_hex\": \"\(String(repeating: "11", count: 32))\", \"model_hash_scheme\": \"sha256-single\"}", "both.json", in: s.root)
        let badScheme = try F.write("{\"model_hash_hex\": \"\(String(repeating: "11", count: 32))\", \"model_hash_scheme\": \"md5\"}", "scheme.json", in: s.root)
        let badDigest = try F.write("{\"image_digest\": \"sha256:xyz\"}", "digest.json", in: s.root)
        let badWindow = try F.write("{\"iat\": 10, \"freshness\": {\"not_before\": 20, \"not_after\": 30}}", "window.json", in: s.root)
        let f = s.flags
        let cases: [([String], String)] = [
            (["--key", s.path("missing.key")] + f, "cannot read"),
            (["--key", notKey] + f, "not a valid private key"),
            (["--key", cosigner] + f, "Ed25519"),
            (Array(f.dropLast(4)), "missing required option: --response"),
            (f + ["--claims", unknownClaim], "unknown claim model_idd"),
            (f + ["--claims", notJSON], "not JSON"),
            (f + ["--claims", bothModels], "not both"),
            (Array(f.dropFirst(2)) + ["--claims", badScheme], "unknown model hashing scheme"),
            (f + ["--claims", badDigest], "not a digest"),
            (f + ["--claims", badWindow], "freshness window"),
            (f + ["--air"], "AIR v1 has no claim for a parameters"),
            (Array(f.dropLast(2)) + ["--air"], "AIR v1 output needs attestation_doc_hash"),
            (["--model-dir", s.path("nowhere")] + f.dropFirst(2), "cannot read"),
            (f + ["--subject", ""], "sub (2)"),
        ]
        for (arguments, fragment) in cases {
            // --key given twice takes the last value.
            let result = try ChildProcess.run(
                ["issue", "--key", s.key, "--subject", "deployment/7", "--out", s.path("x.cose")] + arguments)
            F.expectOneLineError(result, fragment)
            #expect(!FileManager.default.fileExists(atPath: s.path("x.cose")), "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: s.path("x.cose.salts.json")), "\(arguments)")
        }
    }
}
