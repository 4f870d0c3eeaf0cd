import Foundation
import HTTPTestSupport
import Testing

/// `receiptlog evidence appraise` and `receiptlog evidence statement` on the real binary, with
/// the real vectors of Tests/Vectors/tee (specs/evidence.md).
@Suite struct EvidenceCommandTests {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/tee").path

    static func appraise(_ arguments: [String]) throws -> ChildProcess.Output {
        try ChildProcess.run(["evidence", "appraise"] + arguments)
    }

    @Test func verdictsAndExitStatuses() throws {
        let v = Self.vectors
        let t1 = try Self.appraise([
            "--platform", "tdx", "--evidence", "\(v)/tdx/dcap-qvl/tdx_quote",
            "--collateral", "\(v)/tdx/dcap-qvl/tdx_quote_collateral.json", "--at", "2025-07-01T00:00:00Z",
        ])
        #expect(t1.status == 0 && t1.stdout.hasSuffix("verdict VERIFIED\n") && t1.stdout.contains("tcb status UpToDate"), "\(t1.stdout)\(t1.stderr)")

        // Unix seconds name the same instant.
        let seconds = try Self.appraise([
            "--platform", "tdx", "--evidence", "\(v)/tdx/dcap-qvl/tdx_quote",
            "--collateral", "\(v)/tdx/dcap-qvl/tdx_quote_collateral.json", "--at", "1751328000",
        ])
        #expect(seconds.status == 0 && seconds.stdout == t1.stdout)

        // Two months later the collateral is stale: FAILED, exit 1.
        let t2 = try Self.appraise([
            "--platform", "tdx", "--evidence", "\(v)/tdx/dcap-qvl/tdx_quote",
            "--collateral", "\(v)/tdx/dcap-qvl/tdx_quote_collateral.json", "--at", "2025-09-01T00:00:00Z",
        ])
        #expect(t2.status == 1 && t2.stdout.contains("FAIL        tcb-info.current"), "\(t2.stdout)")

        // A debug TD without collateral, debug allowed by a policy file: NOT_CHECKED, exit 2.
        let dir = NSTemporaryDirectory() + "evidence-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("# debug allowed\nevidence-debug allow\n".utf8).write(to: URL(fileURLWithPath: dir + "/policy"))
        let t4 = try Self.appraise([
            "--platform", "tdx", "--evidence", "\(v)/tdx/trustee/tdx_quote_4.dat", "--at", "2023-02-08T08:02:55Z",
            "--policy", dir + "/policy",
        ])
        #expect(t4.status == 2 && t4.stdout.hasSuffix("verdict NOT_CHECKED\n"), "\(t4.stdout)")

        // SEV-SNP with the VCEK alone (the ASK and ARK ship with the binary), as JSON.
        let s1 = try Self.appraise([
            "--platform", "sev-snp", "--evidence", "\(v)/sev-snp/virtee-sev/report_milan.bin",
            "--cert", "\(v)/sev-snp/virtee-sev/vcek_milan.der", "--at", "2023-04-04T19:23:43Z", "--json",
        ])
        #expect(s1.status == 0, "\(s1.stdout)\(s1.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(s1.stdout.utf8)) as? [String: Any]
        #expect(json?["verdict"] as? String == "VERIFIED")
        #expect((json?["roots"] as? [[String: String]])?.first?["name"] == "AMD ARK-Milan")

        // Nitro at its own timestamp; a day after its leaf expired.
        let n1 = try Self.appraise(["--platform", "nitro", "--evidence", "\(v)/nitro/evervault/valid-attestation-doc-bytes"])
        #expect(n1.status == 0, "\(n1.stdout)")
        let n2 = try Self.appraise([
            "--platform", "nitro", "--evidence", "\(v)/nitro/evervault/valid-attestation-doc-bytes", "--at", "2022-10-14T11:58:02Z",
        ])
        #expect(n2.status == 1 && n2.stdout.contains("FAIL        chain.validity"), "\(n2.stdout)")
    }

    @Test func inputsThatCannotRunExitThreeWithOneLine() throws {
        let v = Self.vectors
        let cases: [([String], String)] = [
            (["--platform", "sgx", "--evidence", "x"], "--platform is nitro, sev-snp or tdx"),
            (["--platform", "tdx", "--evidence", "\(v)/tdx/dcap-qvl/tdx_quote"], "give --at TIME"),
            (["--platform", "nitro", "--evidence", "/nonexistent/evidence"], "cannot read evidence file"),
            (["--platform", "sev-snp", "--evidence", "\(v)/sev-snp/virtee-sev/report_milan.bin", "--at", "1"], "needs the VCEK or VLEK"),
            (["--platform", "tdx", "--evidence", "\(v)/tdx/dcap-qvl/tdx_quote", "--at", "yesterday"], "neither RFC 3339"),
            (["--platform", "tdx", "--evidence", "\(v)/tdx/dcap-qvl/tdx_quote", "--at", "1", "--collateral", "\(v)/tdx/dcap-qvl/TrustedRootCA.der"],
             "is not DCAP collateral JSON"),
        ]
        for (arguments, message) in cases {
            let r = try Self.appraise(arguments)
            #expect(r.status == 3, "\(arguments)")
            #expect(r.stderr.hasPrefix("Error: ") && r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    @Test func statementsWrapEvidenceAndCollateral() throws {
        let v = Self.vectors
        let dir = NSTemporaryDirectory() + "evidence-statement-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = try ChildProcess.run(["keys", "generate", "--name", "issuer.example", "--out", dir + "/issuer.key"])
        #expect(key.status == 0, "\(key.stderr)")
        let evidence = try ChildProcess.run([
            "evidence", "statement", "--key", dir + "/issuer.key", "--platform", "sev-snp",
            "--evidence", "\(v)/sev-snp/virtee-sev/report_milan.bin", "--out", dir + "/evidence.cose",
        ])
        #expect(evidence.status == 0 && evidence.stdout.contains("reference: kind sev-snp-report"), "\(evidence.stderr)")
        let collateral = try ChildProcess.run([
            "evidence", "statement", "--key", dir + "/issuer.key", "--platform", "sev-snp",
            "--cert", "\(v)/sev-snp/virtee-sev/vcek_milan.der", "--cert", "\(v)/sev-snp/go-sev-guest/ask_ark_milan.pem",
            "--out", dir + "/collateral.cose",
        ])
        #expect(collateral.status == 0 && collateral.stdout.contains("reference: kind tee-collateral"), "\(collateral.stderr)")
        // Both kinds at once is refused before anything is written.
        let both = try ChildProcess.run([
            "evidence", "statement", "--key", dir + "/issuer.key", "--platform", "sev-snp",
            "--evidence", "\(v)/sev-snp/virtee-sev/report_milan.bin", "--cert", "\(v)/sev-snp/virtee-sev/vcek_milan.der",
            "--out", dir + "/both.cose",
        ])
        #expect(both.status != 0 && !FileManager.default.fileExists(atPath: dir + "/both.cose"))
        // A certificate file that is not a certificate.
        let bad = try ChildProcess.run([
            "evidence", "statement", "--key", dir + "/issuer.key", "--platform", "sev-snp",
            "--cert", "\(v)/sev-snp/virtee-sev/report_milan.bin", "--out", dir + "/bad.cose",
        ])
        #expect(bad.status != 0 && bad.stderr.contains("certificate file"), "\(bad.stderr)")
    }
}
