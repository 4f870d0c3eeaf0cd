import Testing
import Foundation
import Appraisal
import EvidenceTestSupport
import Evidence

/// TDXAppraiser against the real vectors T1–T5 (Tests/Vectors/tee/README.md §Expected verdicts)
/// and their corruptions.
@Suite struct TDXAppraiserTests {
    static func bytes(_ path: String) throws -> [UInt8] { try TEEVectors.bytes("tdx/" + path) }
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    static let quote = "dcap-qvl/tdx_quote"
    static let outdatedQuote = "dcap-qvl/tdx_quote_outdated"
    static let debugQuote = "trustee/tdx_quote_4.dat"
    static let june = "dcap-qvl/tdx_quote_collateral.json"
    static let february = "dcap-qvl/tdx_quote_outdated_collateral.json"

    static func collateral(_ path: String) throws -> DCAPCollateral { try DCAPCollateral.parse(json: bytes(path)) }

    /// The names of the failing checks.
    static func failures(_ report: AppraisalReport) -> [String] { report.checks.filter { $0.status == .fail }.map(\.name) }

    @Test func t1VerifiedUpToDate() throws {
        let report = TDXAppraiser.appraise(try Self.bytes(Self.quote), collateral: try Self.collateral(Self.june),
                                           at: Self.at("2025-07-01T00:00:00Z"), policy: .default)
        #expect(report.verdict == .verified, "\(report.checks.filter { $0.status != .pass })")
        #expect(report.tcbStatus == "UpToDate")
        #expect(report.tcbDate == "2024-03-13T00:00:00Z")
        #expect(report.advisoryIDs.isEmpty)
        #expect(report.rootsUsed.map(\.name) == ["Intel SGX Root CA"])
        let names = report.checks.map(\.name)
        let expected = [
            "tdx.format", "tdx.header", "pck-chain.pinned-root", "pck-chain.names", "pck-chain.signatures",
            "pck-chain.validity", "pck-chain.ca-constraints", "pck-chain.revocation", "tdx.pck-extension",
            "tdx.qe-report-signature", "tdx.qe-report-data", "tdx.quote-signature",
            "tcb-signing-chain.pinned-root", "tcb-signing-chain.names", "tcb-signing-chain.signatures",
            "tcb-signing-chain.validity", "tcb-signing-chain.ca-constraints", "tcb-signing-chain.revocation",
            "tcb-info.chain", "tcb-info.signature", "tcb-info.current", "tcb-info.identity", "qe-identity.signature",
            "qe-identity.current", "qe-identity.identity", "qe-identity.match", "tdx.fmspc", "tdx.tcb-level",
            "tdx.module-identity", "tdx.tcb-status", "debug", "tdx.attributes",
        ]
        #expect(names == expected)
        #expect(report.check("tdx.module-identity")?.reason.hasPrefix("TDX_01") == true)
        let quote = try TDXQuote.parse(Self.bytes(Self.quote))
        #expect(report.bindingFields["report_data"] == quote.body.reportData)
        #expect(report.measurements.map(\.name) == [
            "MRTD", "RTMR0", "RTMR1", "RTMR2", "RTMR3", "MRCONFIGID", "MROWNER", "MROWNERCONFIG", "MRSEAM",
            "MRSIGNERSEAM", "REPORTDATA", "TEE_TCB_SVN", "TDATTRIBUTES", "XFAM",
        ])
        #expect(report.measurements.first?.value == quote.body.mrTD)
    }

    @Test func t2StaleCollateralFails() throws {
        let report = TDXAppraiser.appraise(try Self.bytes(Self.quote), collateral: try Self.collateral(Self.june),
                                           at: Self.at("2025-09-01T00:00:00Z"), policy: .default)
        #expect(report.verdict == .failed)
        #expect(Set(Self.failures(report)) == ["pck-chain.revocation", "tcb-info.current", "qe-identity.current"])
        #expect(report.check("tdx.quote-signature")?.status == .pass)
        #expect(report.check("tdx.qe-report-signature")?.status == .pass)
    }

    @Test func t3NoTCBLevelMatches() throws {
        let report = TDXAppraiser.appraise(try Self.bytes(Self.outdatedQuote), collateral: try Self.collateral(Self.february),
                                           at: Self.at("2026-03-01T00:00:00Z"), policy: .default)
        #expect(report.verdict == .failed)
        #expect(Self.failures(report) == ["tdx.tcb-level"])
        #expect(report.check("tdx.module-identity")?.status == .pass)
        #expect(report.check("qe-identity.match")?.status == .pass)
        #expect(report.check("tdx.tcb-status")?.status == .notChecked)
        #expect(report.check("tdx.attributes")?.reason.contains("MRSERVICETD is zero") == true)
    }

    @Test func t4DebugWithoutCollateral() throws {
        let quote = try Self.bytes(Self.debugQuote)
        let instant = Self.at("2023-02-08T08:02:55Z")
        let report = TDXAppraiser.appraise(quote, collateral: nil, at: instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(Self.failures(report) == ["debug"])
        for name in ["pck-chain.signatures", "pck-chain.validity", "tdx.qe-report-signature", "tdx.qe-report-data", "tdx.quote-signature"] {
            #expect(report.check(name)?.status == .pass, "\(name)")
        }
        for name in ["pck-chain.revocation", "tcb-info.chain", "tcb-info.signature", "tcb-info.current", "qe-identity.match",
                     "tdx.fmspc", "tdx.tcb-level", "tdx.module-identity", "tdx.tcb-status"] {
            #expect(report.check(name)?.status == .notChecked && report.check(name)?.required == true, "\(name)")
        }
        #expect(report.tcbStatus == nil)
        var allowDebug = AppraisalPolicy()
        allowDebug.allowDebug = true
        let allowed = TDXAppraiser.appraise(quote, collateral: nil, at: instant, policy: allowDebug)
        #expect(allowed.verdict == .notChecked)
        #expect(allowed.check("debug")?.reason == "debug allowed by policy (TDATTRIBUTES bit 0, DEBUG, is set)")
    }

    @Test func t5AnotherPlatformsCollateral() throws {
        let report = TDXAppraiser.appraise(try Self.bytes(Self.quote), collateral: try Self.collateral(Self.february),
                                           at: Self.at("2026-03-01T00:00:00Z"), policy: .default)
        #expect(report.verdict == .failed)
        #expect(report.firstFailure?.name == "tdx.fmspc")
        #expect(Self.failures(report) == ["tdx.fmspc"])
        #expect(report.firstFailure?.reason.contains("b0c06f000000") == true)
        #expect(report.firstFailure?.reason.contains("90c06f000000") == true)
    }

    @Test func flippedBitsInTheSignedQuoteBreakTheQuoteSignature() throws {
        let bytes = try Self.bytes(Self.quote)
        let collateral = try Self.collateral(Self.june)
        // MRTD at file offset 48 + 136, REPORTDATA at 568.
        for offset in [48 + 136 + 5, 568 + 17] {
            var flipped = bytes
            flipped[offset] ^= 0x01
            let report = TDXAppraiser.appraise(flipped, collateral: collateral, at: Self.at("2025-07-01T00:00:00Z"), policy: .default)
            #expect(Self.failures(report) == ["tdx.quote-signature"], "offset \(offset)")
            #expect(report.bindingFields.isEmpty)
        }
    }

    @Test func aFlippedBitInTheTCBInfoBreaksItsSignature() throws {
        var object = try JSONSerialization.jsonObject(with: Data(Self.bytes(Self.june))) as! [String: Any]
        let tcbInfo = object["tcb_info"] as! String
        // "tcbEvaluationDataNumber":17 → 16: one bit of the signed bytes.
        object["tcb_info"] = tcbInfo.replacingOccurrences(of: "\"tcbEvaluationDataNumber\":17", with: "\"tcbEvaluationDataNumber\":16")
        #expect(object["tcb_info"] as! String != tcbInfo)
        let collateral = try DCAPCollateral.parse(json: Array(JSONSerialization.data(withJSONObject: object)))
        let report = TDXAppraiser.appraise(try Self.bytes(Self.quote), collateral: collateral,
                                           at: Self.at("2025-07-01T00:00:00Z"), policy: .default)
        #expect(Self.failures(report) == ["tcb-info.signature"])
    }

    @Test func aFlippedBitInARevokedSerialOfThePCKCRLBreaksItsSignature() throws {
        var object = try JSONSerialization.jsonObject(with: Data(Self.bytes(Self.june))) as! [String: Any]
        let original = try DCAPCollateral.parse(json: Self.bytes(Self.june)).pckCRL
        var der = original.der
        // The first revoked serial: find its bytes in the DER and flip the last bit.
        let serial = original.revokedSerialNumbers.sorted { $0.lexicographicallyPrecedes($1) }[0]
        let start = (0...(der.count - serial.count)).first { Array(der[$0..<$0 + serial.count]) == serial }!
        der[start + serial.count - 1] ^= 0x01
        object["pck_crl"] = der.map { String(format: "%02x", $0) }.joined()
        let collateral = try DCAPCollateral.parse(json: Array(JSONSerialization.data(withJSONObject: object)))
        #expect(collateral.pckCRL.revokedSerialNumbers != original.revokedSerialNumbers)
        let report = TDXAppraiser.appraise(try Self.bytes(Self.quote), collateral: collateral,
                                           at: Self.at("2025-07-01T00:00:00Z"), policy: .default)
        #expect(Self.failures(report) == ["pck-chain.revocation"])
        #expect(report.check("pck-chain.revocation")?.reason.contains("not signed") == true)
    }

    @Test func policyChoices() throws {
        let bytes = try Self.bytes(Self.quote)
        let collateral = try Self.collateral(Self.june)
        let instant = Self.at("2025-07-01T00:00:00Z")
        let quote = try TDXQuote.parse(bytes)
        var onlyOutOfDate = AppraisalPolicy()
        onlyOutOfDate.acceptedTCBStatuses = ["OutOfDate"]
        let refused = TDXAppraiser.appraise(bytes, collateral: collateral, at: instant, policy: onlyOutOfDate)
        #expect(Self.failures(refused) == ["tdx.tcb-status"] && refused.tcbStatus == "UpToDate")

        var measured = AppraisalPolicy()
        measured.measurements = ["MRTD": [quote.body.mrTD], "RTMR3": [Array(repeating: 1, count: 48)]]
        let report = TDXAppraiser.appraise(bytes, collateral: collateral, at: instant, policy: measured)
        #expect(report.check("measurement.MRTD")?.status == .pass)
        #expect(Self.failures(report) == ["measurement.RTMR3"])
        var unknown = AppraisalPolicy()
        unknown.measurements = ["PCR0": [[0]]]
        #expect(Self.failures(TDXAppraiser.appraise(bytes, collateral: collateral, at: instant, policy: unknown)) == ["measurement.PCR0"])
    }

    @Test func attributeRules() throws {
        // TDATTRIBUTES is signed, so the rule is exercised on the body directly.
        var bytes = try Self.bytes(Self.quote)
        bytes[48 + 123] = 0  // clear SEPT_VE_DISABLE (byte 3 of TDATTRIBUTES)
        let body = try TDXQuote.parse(bytes).body
        #expect(TDXAppraiser.appraise(bytes, collateral: nil, at: Self.at("2025-07-01T00:00:00Z"), policy: .default)
            .check("tdx.attributes")?.status == .fail)
        var lenient = AppraisalPolicy()
        lenient.requireSEPTVEDisable = false
        let report = TDXAppraiser.appraise(bytes, collateral: nil, at: Self.at("2025-07-01T00:00:00Z"), policy: lenient)
        #expect(report.check("tdx.attributes")?.status == .pass)
        #expect(!body.isDebug)
        bytes[48 + 120] = 0x02  // a reserved TUD bit
        #expect(TDXAppraiser.appraise(bytes, collateral: nil, at: Self.at("2025-07-01T00:00:00Z"), policy: lenient)
            .check("tdx.attributes")?.status == .fail)
    }

    @Test func unparseableQuoteFailsFormat() throws {
        let report = TDXAppraiser.appraise([4, 0, 2, 0], collateral: nil, at: Self.at("2025-07-01T00:00:00Z"), policy: .default)
        #expect(report.checks.map(\.name) == ["tdx.format"] && report.verdict == .failed)
    }
}
