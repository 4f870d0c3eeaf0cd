import Testing
import Foundation
import Evidence
import EvidenceTestSupport

/// DCAPCollateral, TCBInfo and QEIdentity against the two real collateral sets.
@Suite struct DCAPCollateralTests {
    static let current = "tdx/dcap-qvl/tdx_quote_collateral.json"
    static let outdated = "tdx/dcap-qvl/tdx_quote_outdated_collateral.json"

    @Test func parsesTheJuneCollateral() throws {
        let c = try DCAPCollateral.parse(json: TEEVectors.bytes(Self.current))
        #expect(c.tcbInfoBytes == Array(try TEEVectors.collateralField(Self.current, "tcb_info").utf8))
        #expect(c.tcbInfo.id == "TDX" && c.tcbInfo.version == 3 && c.tcbInfo.tcbEvaluationDataNumber == 17)
        #expect(c.tcbInfo.fmspc == [0xB0, 0xC0, 0x6F, 0, 0, 0] && c.tcbInfo.pceID == [0, 0])
        #expect(RFC3339.string(c.tcbInfo.issueDate) == "2025-06-19T10:16:03Z")
        #expect(RFC3339.string(c.tcbInfo.nextUpdate) == "2025-07-19T10:16:03Z")
        #expect(c.tcbInfo.tcbLevels.count == 2)
        let first = c.tcbInfo.tcbLevels[0]
        #expect(first.sgxTCBComponents.prefix(8) == [2, 2, 2, 2, 3, 1, 0, 5] && first.pceSVN == 11)
        #expect(first.tdxTCBComponents.prefix(3) == [5, 0, 2] && first.tcbStatus == .upToDate && first.advisoryIDs.isEmpty)
        #expect(c.tcbInfo.tcbLevels[1].tcbStatus == .outOfDate && c.tcbInfo.tcbLevels[1].advisoryIDs.count == 14)
        #expect(c.tcbInfo.tdxModuleIdentities.map(\.id) == ["TDX_03", "TDX_01"])
        #expect(c.tcbInfo.tdxModuleIdentities[1].tcbLevels.map(\.isvSVN) == [4, 2])
        #expect(c.tcbInfo.tdxModule?.attributesMask == Array(repeating: 0xFF, count: 8))
        #expect(c.qeIdentity.id == "TD_QE" && c.qeIdentity.version == 2 && c.qeIdentity.isvProdID == 2)
        #expect(c.qeIdentity.mrSigner.prefix(4) == [0xDC, 0x9E, 0x2A, 0x7C])
        #expect(c.qeIdentity.attributes.prefix(2) == [0x11, 0] && c.qeIdentity.miscSelectMask == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(c.qeIdentity.tcbLevels.map(\.isvSVN) == [4])
        #expect(c.tcbInfoSignature.count == 64 && c.qeIdentitySignature.count == 64)
        #expect(c.tcbInfoIssuerChain.map(\.commonName) == ["Intel SGX TCB Signing", "Intel SGX Root CA"])
        #expect(c.pckCRLIssuerChain.map(\.commonName) == ["Intel SGX PCK Platform CA", "Intel SGX Root CA"])
        #expect(c.pckCRL.revokedSerialNumbers.count == 44 && c.rootCACRL.revokedSerialNumbers.isEmpty)
    }

    @Test func parsesTheFebruaryCollateral() throws {
        let c = try DCAPCollateral.parse(json: TEEVectors.bytes(Self.outdated))
        #expect(c.tcbInfo.fmspc == [0x90, 0xC0, 0x6F, 0, 0, 0] && c.tcbInfo.tcbLevels.count == 3)
        #expect(c.tcbInfo.tcbLevels.allSatisfy { $0.sgxTCBComponents[7] == 5 })
        #expect(c.tcbInfo.tcbLevels[2].advisoryIDs.count == 19)
        #expect(c.pckCRL.revokedSerialNumbers.count == 57)
    }

    private func code(_ object: [String: Any]) -> EvidenceError.Code? {
        let data = try! JSONSerialization.data(withJSONObject: object)
        do { _ = try DCAPCollateral.parse(json: Array(data)); return nil } catch { return error.code }
    }

    @Test func rejectsCollateralOutOfForm() throws {
        let base = try JSONSerialization.jsonObject(with: Data(TEEVectors.bytes(Self.current))) as! [String: Any]
        #expect(code(base) == nil)
        var missing = base
        missing["pck_crl"] = nil
        #expect(code(missing) == .badCollateral)
        var shortSignature = base
        shortSignature["tcb_info_signature"] = String((base["tcb_info_signature"] as! String).dropLast(2))
        #expect(code(shortSignature) == .badCollateral)
        var notHex = base
        notHex["root_ca_crl"] = "zz"
        #expect(code(notHex) == .badCollateral)
        var badCRL = base
        badCRL["pck_crl"] = "3000"
        #expect(code(badCRL) == .badCRL)
        var noChain = base
        noChain["tcb_info_issuer_chain"] = "nothing"
        #expect(code(noChain) == .badCertificate)
        let tcbInfo = base["tcb_info"] as! String
        for (from, to) in [("\"issueDate\":\"2025-06-19T10:16:03Z\"", "\"issueDate\":\"2025-06-19 10:16:03\""),
                           ("\"fmspc\":\"B0C06F000000\"", "\"fmspc\":\"B0C06F0000\""),
                           ("\"tcbStatus\":\"UpToDate\"", "\"tcbStatus\":\"Fine\""),
                           ("\"pcesvn\":11", "\"pcesvn\":\"11\"")] {
            #expect(tcbInfo.contains(from), "\(from)")
            var edited = base
            edited["tcb_info"] = tcbInfo.replacingOccurrences(of: from, with: to)
            #expect(code(edited) == .badCollateral, "\(to)")
        }
        var notJSON = base
        notJSON["qe_identity"] = "{"
        #expect(code(notJSON) == .badCollateral)
        #expect(throws: EvidenceError.self) { try DCAPCollateral.parse(json: Array("[]".utf8)) }
    }
}
