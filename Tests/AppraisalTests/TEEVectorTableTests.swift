import Appraisal
import Evidence
import EvidenceTestSupport
import Foundation
import Testing

/// Every row of Tests/Vectors/tee/README.md's table, through the one entry point
/// (`EvidenceAppraisal`), with its verdict and failing checks, and the opposite verdict where the
/// README names one; prints how many rows ran.
@Suite struct TEEVectorTableTests {
    struct Row {
        let id: String
        let platform: EvidencePlatform
        let evidence: String?
        let certificates: [String]
        let dcap: String?
        let at: String?
        let allowDebug: Bool
        let verdict: AppraisalVerdict
        /// The checks that must fail (exactly these), for a FAILED row.
        let failing: Set<String>
    }

    static func row(_ id: String, _ platform: EvidencePlatform, _ evidence: String?, certs: [String] = [], dcap: String? = nil,
                    at: String?, debug: Bool = false, _ verdict: AppraisalVerdict, failing: Set<String> = []) -> Row {
        Row(id: id, platform: platform, evidence: evidence, certificates: certs, dcap: dcap, at: at, allowDebug: debug,
            verdict: verdict, failing: failing)
    }

    static let nitroValid = "nitro/evervault/valid-attestation-doc-bytes"
    static let nitroDebug = "nitro/evervault/debug-mode-attestation-doc-bytes"
    static let milanReport = "sev-snp/virtee-sev/report_milan.bin"
    static let tdxQuote = "tdx/dcap-qvl/tdx_quote"
    static let tdxCollateral = "tdx/dcap-qvl/tdx_quote_collateral.json"
    static let outdatedCollateral = "tdx/dcap-qvl/tdx_quote_outdated_collateral.json"

    static let rows: [Row] = [
        row("N1", .nitro, nitroValid, at: nil, .verified),
        row("N2", .nitro, nitroValid, at: "2022-10-14T11:58:02Z", .failed, failing: ["chain.validity"]),
        row("N3", .nitro, nitroDebug, at: nil, .failed, failing: ["debug"]),
        row("N3 debug allowed", .nitro, nitroDebug, at: nil, debug: true, .verified),
        row("S1", .sevSNP, milanReport, certs: ["sev-snp/virtee-sev/vcek_milan.der", "sev-snp/go-sev-guest/ask_ark_milan.pem"],
            at: "2023-04-04T19:23:43Z", .verified),
        row("S2", .sevSNP, "sev-snp/go-sev-guest/attestation.bin", certs: ["sev-snp/go-sev-guest/vcek.testcer", "sev-snp/go-sev-guest/ask_ark_milan.pem"],
            at: "2022-09-25T00:55:28Z", .failed, failing: ["debug"]),
        row("S2 debug allowed", .sevSNP, "sev-snp/go-sev-guest/attestation.bin",
            certs: ["sev-snp/go-sev-guest/vcek.testcer", "sev-snp/go-sev-guest/ask_ark_milan.pem"], at: "2022-09-25T00:55:28Z", debug: true, .verified),
        row("S3", .sevSNP, "sev-snp/trustee/test-vlek-report.bin", certs: ["sev-snp/trustee/test-vlek.der", "sev-snp/go-sev-guest/ask_ark_milan_vlek.pem"],
            at: "2024-12-11T22:14:21Z", .verified),
        row("S5", .sevSNP, milanReport, certs: ["sev-snp/virtee-sev/vcek_milan.der", "sev-snp/go-sev-guest/ask_ark_genoa.pem"],
            at: "2023-04-04T19:23:43Z", .failed, failing: ["chain.signatures", "chain.names"]),
        row("S6", .sevSNP, milanReport, certs: ["sev-snp/go-sev-guest/vcek.testcer", "sev-snp/go-sev-guest/ask_ark_milan.pem"],
            at: "2022-09-25T00:55:28Z", .failed, failing: ["snp.chip-id", "snp.reported-tcb", "snp.signature"]),
        row("S7", .sevSNP, "sev-snp/trustee/test-vlek-report.bin", certs: ["sev-snp/trustee/test-vlek.der", "sev-snp/go-sev-guest/ask_ark_milan_vlek.pem"],
            at: "2025-12-11T22:14:21Z", .failed, failing: ["chain.validity"]),
        row("T1", .tdx, tdxQuote, dcap: tdxCollateral, at: "2025-07-01T00:00:00Z", .verified),
        row("T2", .tdx, tdxQuote, dcap: tdxCollateral, at: "2025-09-01T00:00:00Z", .failed,
            failing: ["tcb-info.current", "qe-identity.current", "pck-chain.revocation"]),
        row("T3", .tdx, "tdx/dcap-qvl/tdx_quote_outdated", dcap: outdatedCollateral, at: "2026-03-01T00:00:00Z", .failed, failing: ["tdx.tcb-level"]),
        row("T4", .tdx, "tdx/trustee/tdx_quote_4.dat", at: "2023-02-08T08:02:55Z", .failed, failing: ["debug"]),
        row("T4 debug allowed", .tdx, "tdx/trustee/tdx_quote_4.dat", at: "2023-02-08T08:02:55Z", debug: true, .notChecked),
        row("T5", .tdx, tdxQuote, dcap: outdatedCollateral, at: "2026-03-01T00:00:00Z", .failed, failing: ["tdx.fmspc"]),
    ]

    @Test func everyVectorGivesItsVerdict() throws {
        var ran = 0
        for row in Self.rows {
            var policy = AppraisalPolicy.default
            policy.allowDebug = row.allowDebug
            var collateral = EvidenceAppraisal.Collateral()
            collateral.certificates = try row.certificates.flatMap { try EvidenceCertificate.parseAll(TEEVectors.bytes($0)) }
            if let dcap = row.dcap { collateral.dcap = try DCAPCollateral.parse(json: TEEVectors.bytes(dcap)) }
            let report = EvidenceAppraisal.appraise(
                platform: row.platform, evidence: try TEEVectors.bytes(row.evidence!), collateral: collateral,
                at: row.at.map { RFC3339.parse($0)! }, loggedBy: nil, policy: policy)
            #expect(report.verdict == row.verdict, "\(row.id): \(report.text)")
            if row.verdict == .failed {
                let failed = Set(report.checks.filter { $0.status == .fail }.map(\.name))
                #expect(failed == row.failing, "\(row.id): failed \(failed.sorted())")
            }
            ran += 1
        }
        // S4: a Turin VCEK chain without a report.
        let turin = try EvidenceCertificate.parseAll(TEEVectors.bytes("sev-snp/virtee-sev/vcek_turin.der"))
            + EvidenceCertificate.parseAll(TEEVectors.bytes("sev-snp/go-sev-guest/ask_ark_turin_vcek.pem"))
        let s4 = SNPAppraiser.appraiseChain(certificates: turin, at: RFC3339.parse("2024-11-07T21:14:00Z")!, policy: .default)
        #expect(s4.verdict == .verified, "S4: \(s4.text)")
        ran += 1
        print("TEE vectors: \(ran) rows of Tests/Vectors/tee/README.md appraised, each with its expected verdict")
        #expect(ran == 18)
    }

    /// SEV-SNP and TDX evidence carries no time: without an instant the appraisal is NOT_CHECKED.
    @Test func noInstantIsNotChecked() throws {
        let report = EvidenceAppraisal.appraise(
            platform: .tdx, evidence: try TEEVectors.bytes(Self.tdxQuote),
            collateral: .init(dcap: try DCAPCollateral.parse(json: TEEVectors.bytes(Self.tdxCollateral))), at: nil, loggedBy: nil,
            policy: .default)
        #expect(report.verdict == .notChecked && report.check("time")?.status == .notChecked)
    }
}
