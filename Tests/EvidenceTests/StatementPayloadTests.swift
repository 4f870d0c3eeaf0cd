import CBOR
import Evidence
import Testing

/// specs/evidence.md §6: evidence and collateral statement payloads.
@Suite struct StatementPayloadTests {
    @Test func evidencePayloadRoundTripsAndIsStrict() throws {
        let payload = try EvidenceStatementPayload(platform: "sev-snp", evidence: [1, 2, 3], nonce: [UInt8](repeating: 5, count: 32))
        let bytes = payload.encoded()
        #expect(try EvidenceStatementPayload(encoded: bytes) == payload)
        let bad: [CBOR] = [
            .map([.text("platform"): .text("sgx"), .text("evidence"): .bytes([1])]),
            .map([.text("platform"): .text("tdx")]),
            .map([.text("platform"): .text("tdx"), .text("evidence"): .bytes([])]),
            .map([.text("platform"): .text("tdx"), .text("evidence"): .bytes([1]), .text("nonce"): .bytes([1])]),
            .map([.text("platform"): .text("tdx"), .text("evidence"): .bytes([1]), .text("extra"): .null]),
            .map([.text("platform"): .text("tdx"), .text("evidence"): .text("x")]),
            .array([]),
        ]
        for item in bad {
            #expect(throws: EvidenceError(.malformed, "")) { try EvidenceStatementPayload(encoded: item.encoded()) }
        }
        // Not deterministic CBOR: a map head in a longer form than needed.
        var loose = bytes
        loose[0] = 0xB8
        loose.insert(UInt8(2), at: 1)
        #expect(throws: EvidenceError(.malformed, "")) { try EvidenceStatementPayload(encoded: loose) }
    }

    @Test func collateralPayloadRoundTripsAndIsStrict() throws {
        let payload = try CollateralStatementPayload(platform: "tdx", dcap: Array("{}".utf8))
        #expect(try CollateralStatementPayload(encoded: payload.encoded()) == payload)
        let snp = try CollateralStatementPayload(platform: "sev-snp", certificates: [[0x30, 0x00]], crls: [[0x30, 0x01]])
        #expect(try CollateralStatementPayload(encoded: snp.encoded()) == snp)
        #expect(throws: EvidenceError(.malformed, "")) { try CollateralStatementPayload(platform: "tdx") }
        #expect(throws: EvidenceError(.malformed, "")) {
            try CollateralStatementPayload(encoded: CBOR.map([.text("platform"): .text("tdx"), .text("crls"): .array([])]).encoded())
        }
    }
}
