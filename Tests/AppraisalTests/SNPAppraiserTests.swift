import Testing
import Foundation
import CryptoPrimitives
import Evidence
import Appraisal
import EvidenceTestSupport

/// Tests/Vectors/tee/sev-snp, read from the test's folder.
enum SNPVectors {
    static func bytes(_ path: String) throws -> [UInt8] { try TEEVectors.bytes(path) }

    static func certificates(_ paths: String...) throws -> [EvidenceCertificate] {
        try paths.flatMap { try EvidenceCertificate.parseAll(bytes("sev-snp/\($0)")) }
    }

    static func instant(_ s: String) -> Date { RFC3339.parse(s)! }

    static var milanReport: [UInt8] { get throws { try bytes("sev-snp/virtee-sev/report_milan.bin") } }
    static var debugReport: [UInt8] { get throws { try bytes("sev-snp/go-sev-guest/attestation.bin") } }
    static var vlekReport: [UInt8] { get throws { try bytes("sev-snp/trustee/test-vlek-report.bin") } }

    static let s1Instant = instant("2023-04-04T19:23:43Z")
    static let s2Instant = instant("2022-09-25T00:55:28Z")
    static let s3Instant = instant("2024-12-11T22:14:21Z")
    static let s4Instant = instant("2024-11-07T21:14:00Z")
    static let s7Instant = instant("2025-12-11T22:14:21Z")
}

/// SNPAppraiser on the real reports (Tests/Vectors/tee/README.md rows S1–S7) and on variants
/// with one thing changed.
@Suite struct SNPAppraiserTests {
    static let order = [
        "snp.format", "snp.endorsement-key", "chain.pinned-root", "chain.names", "chain.signatures", "chain.validity",
        "chain.ca-constraints", "chain.revocation", "snp.signature", "snp.reported-tcb", "snp.chip-id", "snp.tcb-order",
        "snp.policy", "debug",
    ]

    private func failing(_ report: AppraisalReport) -> [String] {
        report.checks.filter { $0.status == .fail }.map(\.name)
    }

    /// S1: the Milan report with its VCEK and the Milan chain given: VERIFIED.
    @Test func s1MilanReportVerifies() throws {
        let report = SNPAppraiser.appraise(
            try SNPVectors.milanReport,
            certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der", "go-sev-guest/ask_ark_milan.pem"),
            at: SNPVectors.s1Instant, policy: .default)
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.checks.map(\.name) == Self.order)
        #expect(report.check("chain.revocation")?.status == .notChecked)
        #expect(report.check("chain.revocation")?.required == false)
        #expect(report.rootsUsed.map(\.name) == ["AMD ARK-Milan"])
        #expect(report.bindingFields["report_data"] == (try SNPAttestationReport.parse(SNPVectors.milanReport)).reportData)
        #expect(report.measurements.map(\.name) == SNPAppraiser.measurementNames)
        #expect(report.measurements.first?.value == Hex.decode("7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f"))
        #expect(report.measurements.first { $0.name == "POLICY" }?.value == [0, 0, 3, 0, 0, 0, 0, 0])
    }

    /// S1 with the VCEK alone: the compiled-in Milan ASK and ARK complete the chain.
    @Test func s1WithTheVCEKAloneUsesTheCompiledInChain() throws {
        let report = SNPAppraiser.appraise(
            try SNPVectors.milanReport, certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der"),
            at: SNPVectors.s1Instant, policy: .default)
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.check("chain.signatures")?.reason.contains("SEV-VCEK ← SEV-Milan ← ARK-Milan") == true)
        // The ASK given without its ARK: the compiled-in ARK completes it.
        let askOnly = try SNPVectors.certificates("virtee-sev/vcek_milan.der", "go-sev-guest/ask_ark_milan.pem").prefix(2)
        let completed = SNPAppraiser.appraise(try SNPVectors.milanReport, certificates: Array(askOnly), at: SNPVectors.s1Instant, policy: .default)
        #expect(completed.verdict == .verified, "\(completed.checks)")
    }

    /// S2: the debug report FAILS on `debug` alone; VERIFIED when the policy allows debug.
    @Test func s2DebugReportFailsUnlessDebugIsAllowed() throws {
        let certificates = try SNPVectors.certificates("go-sev-guest/vcek.testcer", "go-sev-guest/ask_ark_milan.pem")
        let report = SNPAppraiser.appraise(try SNPVectors.debugReport, certificates: certificates, at: SNPVectors.s2Instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(failing(report) == ["debug"])
        var allow = AppraisalPolicy()
        allow.allowDebug = true
        let allowed = SNPAppraiser.appraise(try SNPVectors.debugReport, certificates: certificates, at: SNPVectors.s2Instant, policy: allow)
        #expect(allowed.verdict == .verified, "\(allowed.checks)")
        #expect(allowed.check("debug")?.reason.hasPrefix("debug allowed by policy") == true)
    }

    /// S3: the AWS VLEK report at VMPL 1: VERIFIED; REPORTED_TCB (ucode 217) matches the VLEK though
    /// COMMITTED (219) and CURRENT (220) differ; the chip ID is not checked (not required).
    @Test func s3VLEKReportVerifies() throws {
        let certificates = try SNPVectors.certificates("trustee/test-vlek.der", "go-sev-guest/ask_ark_milan_vlek.pem")
        let report = SNPAppraiser.appraise(try SNPVectors.vlekReport, certificates: certificates, at: SNPVectors.s3Instant, policy: .default)
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.check("snp.chip-id")?.status == .notChecked)
        #expect(report.check("snp.chip-id")?.required == false)
        #expect(report.check("snp.chip-id")?.reason == "a VLEK carries no chip ID")
        #expect(report.check("snp.reported-tcb")?.reason.contains("4/0/24/217") == true)
        #expect(report.measurements.first { $0.name == "VMPL" }?.value == [1, 0, 0, 0])
        // The VLEK alone: the compiled-in ASVK (SEV-VLEK-Milan) completes the chain.
        let alone = SNPAppraiser.appraise(
            try SNPVectors.vlekReport, certificates: [certificates[0]], at: SNPVectors.s3Instant, policy: .default)
        #expect(alone.verdict == .verified, "\(alone.checks)")
    }

    /// S4: the Turin VCEK's chain alone: VERIFIED, with the given and with the compiled-in chain.
    @Test func s4TurinChainVerifies() throws {
        let given = SNPAppraiser.appraiseChain(
            certificates: try SNPVectors.certificates("virtee-sev/vcek_turin.der", "go-sev-guest/ask_ark_turin_vcek.pem"),
            at: SNPVectors.s4Instant, policy: .default)
        #expect(given.verdict == .verified, "\(given.checks)")
        #expect(given.rootsUsed.map(\.name) == ["AMD ARK-Turin"])
        #expect(given.checks.map(\.name) == Array(Self.order[1...7]))
        let compiled = SNPAppraiser.appraiseChain(
            certificates: try SNPVectors.certificates("virtee-sev/vcek_turin.der"), at: SNPVectors.s4Instant, policy: .default)
        #expect(compiled.verdict == .verified, "\(compiled.checks)")
    }

    /// S5: a Milan VCEK against the Genoa chain (whose ARK is pinned): `chain.signatures` fails.
    @Test func s5MilanVCEKAgainstTheGenoaChainFails() throws {
        let report = SNPAppraiser.appraise(
            try SNPVectors.milanReport,
            certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der", "go-sev-guest/ask_ark_genoa.pem"),
            at: SNPVectors.s1Instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(report.check("chain.pinned-root")?.status == .pass)
        #expect(report.check("chain.signatures")?.status == .fail)
        #expect(report.check("chain.signatures")?.reason.contains("SEV-VCEK is not signed by SEV-Genoa") == true)
        #expect(report.check("chain.names")?.status == .fail)
        // The report itself is genuine: its signature still verifies under the VCEK.
        #expect(report.check("snp.signature")?.status == .pass)
    }

    /// S6: another chip's VCEK: chip ID, reported TCB and signature fail; the chain verifies.
    @Test func s6WrongChipsVCEKFails() throws {
        let report = SNPAppraiser.appraise(
            try SNPVectors.milanReport,
            certificates: try SNPVectors.certificates("go-sev-guest/vcek.testcer", "go-sev-guest/ask_ark_milan.pem"),
            at: SNPVectors.s2Instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(Set(failing(report)) == ["snp.chip-id", "snp.reported-tcb", "snp.signature"])
        #expect(report.check("snp.reported-tcb")?.reason.contains("REPORTED_TCB is 3/0/8/115 but SEV-VCEK certifies 2/0/5/68") == true)
        #expect(report.bindingFields.isEmpty)
    }

    /// S7: the VLEK report a day after the VLEK expired: `chain.validity` names the VLEK.
    @Test func s7ExpiredVLEKFails() throws {
        let report = SNPAppraiser.appraise(
            try SNPVectors.vlekReport,
            certificates: try SNPVectors.certificates("trustee/test-vlek.der", "go-sev-guest/ask_ark_milan_vlek.pem"),
            at: SNPVectors.s7Instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(failing(report) == ["chain.validity"])
        #expect(report.check("chain.validity")?.reason.hasPrefix("SEV-VLEK is valid 2024-12-10T22:14:21Z → 2025-12-10T22:14:21Z") == true)
    }

    /// One flipped bit in MEASUREMENT, or in REPORT_DATA, breaks the signature.
    @Test func aFlippedSignedBitFailsTheSignature() throws {
        let certificates = try SNPVectors.certificates("virtee-sev/vcek_milan.der", "go-sev-guest/ask_ark_milan.pem")
        for offset in [0x090, 0x0BF, 0x050, 0x08F] {
            var bytes = try SNPVectors.milanReport
            bytes[offset] ^= 0x01
            let report = SNPAppraiser.appraise(bytes, certificates: certificates, at: SNPVectors.s1Instant, policy: .default)
            #expect(failing(report) == ["snp.signature"], "offset 0x\(String(offset, radix: 16))")
            #expect(report.bindingFields["report_data"] == nil)
        }
    }

    /// A report that does not parse: `snp.format` fails with the parser's message, the report
    /// steps are NOT_CHECKED, and the chain is still appraised.
    @Test func anUnparseableReportFailsFormat() throws {
        var bytes = try SNPVectors.milanReport
        bytes[0] = 4
        var policy = AppraisalPolicy()
        policy.measurements["MEASUREMENT"] = [[UInt8](repeating: 0, count: 48)]
        let report = SNPAppraiser.appraise(
            bytes, certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der"), at: SNPVectors.s1Instant, policy: policy)
        #expect(report.firstFailure?.name == "snp.format")
        #expect(report.check("snp.format")?.reason.contains("VERSION 4") == true)
        #expect(report.checks.map(\.name) == Self.order + ["measurement.MEASUREMENT"])
        #expect(report.check("snp.signature")?.status == .notChecked)
        #expect(report.check("chain.signatures")?.status == .pass)
        #expect(report.measurements.isEmpty)
    }

    /// The signer info says VLEK, the certificate is a VCEK (the report is re-signed by nobody, so
    /// the signature fails too): `snp.endorsement-key` names both.
    @Test func aSignerMismatchFailsTheEndorsementKey() throws {
        var bytes = try SNPVectors.milanReport
        bytes[0x48] = 1 << 2
        let report = SNPAppraiser.appraise(
            bytes, certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der"), at: SNPVectors.s1Instant, policy: .default)
        #expect(report.check("snp.endorsement-key")?.status == .fail)
        #expect(report.check("snp.endorsement-key")?.reason.contains("signed by the VLEK but the certificate is SEV-VCEK") == true)
    }

    /// No certificate at all: the endorsement key and the chain fail.
    @Test func noCertificateFails() throws {
        let report = SNPAppraiser.appraise(try SNPVectors.milanReport, certificates: [], at: SNPVectors.s1Instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(report.check("snp.endorsement-key")?.status == .fail)
        #expect(report.check("snp.signature")?.status == .fail)
    }

    /// Measurement allow-lists: PASS when listed, FAIL naming expected and found otherwise.
    @Test func measurementAllowLists() throws {
        let certificates = try SNPVectors.certificates("virtee-sev/vcek_milan.der")
        let parsed = try SNPAttestationReport.parse(SNPVectors.milanReport)
        var policy = AppraisalPolicy()
        policy.measurements["MEASUREMENT"] = [parsed.measurement]
        policy.measurements["HOST_DATA"] = [[UInt8](repeating: 0, count: 32)]
        let pass = SNPAppraiser.appraise(try SNPVectors.milanReport, certificates: certificates, at: SNPVectors.s1Instant, policy: policy)
        #expect(pass.verdict == .verified, "\(pass.checks)")
        #expect(pass.checks.suffix(2).map(\.name) == ["measurement.HOST_DATA", "measurement.MEASUREMENT"])

        policy.measurements["REPORT_DATA"] = [[UInt8](repeating: 0, count: 64)]
        policy.measurements["PCR0"] = [[0]]
        let fail = SNPAppraiser.appraise(try SNPVectors.milanReport, certificates: certificates, at: SNPVectors.s1Instant, policy: policy)
        #expect(Set(failing(fail)) == ["measurement.REPORT_DATA", "measurement.PCR0"])
        #expect(fail.check("measurement.REPORT_DATA")?.reason.contains(Hex.encode(parsed.reportData)) == true)
    }

    /// A CRL that no certificate of the chain issued (Intel's root CA CRL) fails revocation.
    @Test func aForeignCRLFailsRevocation() throws {
        let json = try JSONSerialization.jsonObject(with: Data(SNPVectors.bytes("tdx/dcap-qvl/tdx_quote_collateral.json"))) as! [String: Any]
        let crl = try CertificateRevocationList(bytes: Hex.decode(json["root_ca_crl"] as! String)!)
        let report = SNPAppraiser.appraise(
            try SNPVectors.milanReport, certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der"), crl: crl,
            at: SNPVectors.s1Instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(failing(report) == ["chain.revocation"])
        #expect(report.check("chain.revocation")?.reason.contains("covers no certificate of the chain") == true)
    }

    /// No CRL while the policy requires one: NOT_CHECKED, not VERIFIED.
    @Test func aMissingRequiredCRLIsNotChecked() throws {
        var policy = AppraisalPolicy()
        policy.requireSNPCRL = true
        let report = SNPAppraiser.appraise(
            try SNPVectors.milanReport, certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der"),
            at: SNPVectors.s1Instant, policy: policy)
        #expect(report.verdict == .notChecked)
        #expect(report.check("chain.revocation")?.status == .notChecked)
        #expect(report.check("chain.revocation")?.required == true)
        let chain = SNPAppraiser.appraiseChain(
            certificates: try SNPVectors.certificates("virtee-sev/vcek_turin.der"), at: SNPVectors.s4Instant, policy: policy)
        #expect(chain.verdict == .notChecked)
    }

    /// POLICY bit 17 clear fails `snp.policy` (and, being signed, the signature).
    @Test func reservedPolicyBitClearFailsPolicy() throws {
        var bytes = try SNPVectors.milanReport
        bytes[0x0A] &= ~0x02
        let report = SNPAppraiser.appraise(
            bytes, certificates: try SNPVectors.certificates("virtee-sev/vcek_milan.der"), at: SNPVectors.s1Instant, policy: .default)
        #expect(Set(failing(report)) == ["snp.policy", "snp.signature"])
    }

    /// A Turin VCEK against a Milan report: wrong product chain and TCB layout, and nothing verifies.
    @Test func aTurinVCEKDoesNotVerifyAMilanReport() throws {
        let report = SNPAppraiser.appraise(
            try SNPVectors.milanReport, certificates: try SNPVectors.certificates("virtee-sev/vcek_turin.der"),
            at: SNPVectors.s4Instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(Set(failing(report)).isSuperset(of: ["snp.signature", "snp.reported-tcb", "snp.chip-id"]))
        #expect(report.check("chain.signatures")?.status == .pass)
    }
}
