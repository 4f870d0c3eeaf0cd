import Testing
import Foundation
import Evidence
import EvidenceTestSupport

/// TDXQuote and SGXPCKExtension against the three real quotes (Tests/Vectors/tee/tdx/README.md).
@Suite struct TDXQuoteTests {
    static let v4 = "tdx/dcap-qvl/tdx_quote"
    static let v5 = "tdx/dcap-qvl/tdx_quote_outdated"
    static let debug = "tdx/trustee/tdx_quote_4.dat"

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func v4QuoteWithZeroPadding() throws {
        let bytes = try TEEVectors.bytes(Self.v4)
        #expect(bytes.count == 5006)
        let quote = try TDXQuote.parse(bytes)
        #expect(quote.version == 4 && quote.bodyType == 2 && quote.teeType == 0x81 && quote.attestationKeyType == 2)
        #expect(quote.qeVendorID == TDXQuote.intelQEVendorID)
        #expect(quote.signedBytes == Array(bytes[0..<632]))
        #expect(hex(quote.body.teeTCBSVN).hasPrefix("06010300"))
        #expect(hex(quote.body.mrTD) == "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7")
        #expect(quote.body.reportData == Array(bytes[568..<632]))
        #expect(hex(quote.body.tdAttributes) == "0000001000000000" && !quote.body.isDebug)
        #expect(hex(quote.body.xfam) == "e702060000000000")
        #expect(quote.body.mrServiceTD == nil && quote.body.teeTCBSVN2 == nil)
        #expect(quote.qeReport.bytes == Array(bytes[770..<1154]))
        #expect(quote.qeReport.isvSVN == 6 && quote.qeReport.isvProdID == 2)
        #expect(hex(quote.qeReport.mrSigner).hasPrefix("dc9e2a7c6f948f17"))
        #expect(quote.qeAuthData.count == 32)
        #expect(quote.pckChain.map(\.commonName) == ["Intel SGX PCK Certificate", "Intel SGX PCK Platform CA", "Intel SGX Root CA"])
        let pck = try SGXPCKExtension(certificate: quote.pckChain[0])
        #expect(hex(pck.fmspc) == "b0c06f000000" && hex(pck.pceID) == "0000" && pck.pceSVN == 11)
        #expect(pck.sgxTCBComponents == [3, 3, 2, 2, 4, 1, 0, 5] + Array(repeating: 0, count: 8))
        #expect(hex(pck.cpuSVN).hasPrefix("0303020204010005"))
        #expect(pck.ppid.count == 16)
    }

    @Test func v5QuoteWithTD15Body() throws {
        let bytes = try TEEVectors.bytes(Self.v5)
        let quote = try TDXQuote.parse(bytes)
        #expect(quote.version == 5 && quote.bodyType == 3)
        #expect(quote.signedBytes.count == 702)
        #expect(quote.body.reportData == Array(bytes[574..<638]))
        #expect(hex(quote.body.teeTCBSVN2 ?? []).hasPrefix("0d010300"))
        #expect(quote.body.mrServiceTD == Array(repeating: 0, count: 48))
        #expect(quote.qeReport.bytes == Array(bytes[840..<1224]) && quote.qeReport.isvSVN == 7)
        let pck = try SGXPCKExtension(certificate: quote.pckChain[0])
        #expect(hex(pck.fmspc) == "90c06f000000" && pck.pceSVN == 13 && pck.sgxTCBComponents[7] == 3)
    }

    @Test func debugQuote() throws {
        let quote = try TDXQuote.parse(TEEVectors.bytes(Self.debug))
        #expect(quote.body.isDebug && quote.qeReport.isvSVN == 4)
        #expect(hex(quote.body.teeTCBSVN).hasPrefix("03000500"))
        let pck = try SGXPCKExtension(certificate: quote.pckChain[0])
        #expect(hex(pck.fmspc) == "50806f000000" && pck.sgxTCBComponents.prefix(8) == [5, 5, 13, 2, 3, 1, 0, 3])
    }

    private func code(_ bytes: [UInt8]) -> EvidenceError.Code? {
        do { _ = try TDXQuote.parse(bytes); return nil } catch { return error.code }
    }

    @Test func headerFieldsOutsideTheFormatAreUnsupported() throws {
        let bytes = try TEEVectors.bytes(Self.v4)
        for (offset, value) in [(0, 3), (0, 6), (2, 3), (4, 0)] as [(Int, UInt8)] {
            var b = bytes
            b[offset] = value
            #expect(code(b) == .unsupported, "byte \(offset) = \(value)")
        }
        var v5 = try TEEVectors.bytes(Self.v5)
        v5[48] = 4  // body type 4
        #expect(code(v5) == .unsupported)
        v5[48] = 2  // body type 2 with a body size of 648
        #expect(code(v5) == .malformed)
    }

    @Test func truncationAndTrailingBytes() throws {
        let bytes = try TEEVectors.bytes(Self.v4)
        for end in [0, 1, 47, 48, 300, 631, 632, 635, 700, 770, 1000, 1154, 1300, 4935] {
            #expect(code(Array(bytes[0..<end])) == .truncated, "truncated at \(end)")
        }
        #expect(code(Array(bytes[0..<4936])) == nil)
        var padded = bytes
        padded[5005] = 1
        #expect(code(padded) == .trailingBytes)
        let debug = try TEEVectors.bytes(Self.debug)
        #expect(code(debug + [0]) == nil)
        #expect(code(debug + [0, 0, 7]) == .trailingBytes)
        #expect(code(Array(repeating: 0, count: TDXQuote.maxCount + 1)) == .tooLarge)
    }

    @Test func lengthFieldsMustFitTheirData() throws {
        let bytes = try TEEVectors.bytes(Self.debug)
        // sig_data_len one larger than the data: truncated; one smaller: the fields overrun it.
        var longer = bytes
        longer[632] &+= 1
        #expect(code(longer) == .truncated)
        var shorter = bytes
        shorter[632] &-= 1
        #expect(code(shorter) == .truncated)
        // Certification data type 5 at the top level, nested type 6.
        var outer = bytes
        outer[764] = 5
        #expect(code(outer) == .unsupported)
    }
}
