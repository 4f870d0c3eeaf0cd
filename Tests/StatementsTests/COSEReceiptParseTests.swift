import CBOR
import COSE
import CryptoPrimitives
import Merkle
import Testing
import Statements

/// Strict parsing of receipts: each malformed shape and its error code.
@Suite struct COSEReceiptParseTests {
    static let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x33, count: 32))
    static let hash = CBOR.bytes([UInt8](repeating: 0xab, count: 32))
    static let goodProof = CBOR.array([.unsigned(2), .unsigned(1), .array([hash])])
    static let goodProtected: [CBOR: CBOR] = [
        .unsigned(1): .int(-8), .unsigned(4): .bytes([7]), .unsigned(395): .unsigned(1),
        .int(COSEReceipt.treeSizeLabel): .unsigned(2),
    ]

    static func vdp(_ proofs: [CBOR]) -> [CBOR: CBOR] {
        [.unsigned(396): .map([.int(-1): .array(proofs)])]
    }

    static func receipt(
        protected: [CBOR: CBOR] = goodProtected, unprotected: [CBOR: CBOR] = vdp([.bytes(goodProof.encoded())]),
        detached: Bool = true, tagged: Bool = true
    ) -> [UInt8] {
        COSESign1.sign(protectedHeader: protected, unprotectedHeader: unprotected, payload: [UInt8](repeating: 0, count: 32),
            detached: detached, key: key).encoded(tagged: tagged)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let code: StatementsError.Code
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var protectedWithout = goodProtected
        var extraProtected = goodProtected
        extraProtected[.unsigned(3)] = .text("application/cbor")
        var badKid = goodProtected
        badKid[.unsigned(4)] = .text("kid")
        var noTreeSize = goodProtected
        noTreeSize[.int(COSEReceipt.treeSizeLabel)] = nil
        var textTreeSize = goodProtected
        textTreeSize[.int(COSEReceipt.treeSizeLabel)] = .text("2")
        var otherTreeSize = goodProtected
        otherTreeSize[.int(COSEReceipt.treeSizeLabel)] = .unsigned(3)
        var wrongVDS = goodProtected
        wrongVDS[.unsigned(395)] = .unsigned(2)
        protectedWithout[.unsigned(4)] = nil
        var extraVDP = vdp([.bytes(goodProof.encoded())])
        extraVDP[.unsigned(396)] = .map([.int(-1): .array([.bytes(goodProof.encoded())]), .int(-2): .array([])])
        var extraUnprotected = vdp([.bytes(goodProof.encoded())])
        extraUnprotected[.unsigned(33)] = .null
        var nonShortestProof = goodProof.encoded()
        nonShortestProof.replaceSubrange(1...1, with: [0x18, 0x02])
        let longPath = CBOR.array([.unsigned(UInt64.max), .unsigned(0), .array(Array(repeating: hash, count: 65))])
        var nonDeterministicOuter = receipt()
        nonDeterministicOuter.replaceSubrange(1...1, with: [0x98, 0x04])
        return [
            .init(name: "untagged", bytes: receipt(tagged: false), code: .receiptMalformed),
            .init(name: "not CBOR", bytes: [0xd2, 0xff], code: .receiptMalformed),
            .init(name: "trailing byte", bytes: receipt() + [0], code: .receiptMalformed),
            .init(name: "non-deterministic outer array head", bytes: nonDeterministicOuter, code: .receiptMalformed),
            .init(name: "attached payload", bytes: receipt(detached: false), code: .receiptMalformed),
            .init(name: "no kid", bytes: receipt(protected: protectedWithout), code: .receiptMalformed),
            .init(name: "kid as text", bytes: receipt(protected: badKid), code: .receiptMalformed),
            .init(name: "extra protected label", bytes: receipt(protected: extraProtected), code: .receiptMalformed),
            .init(name: "no signed tree size", bytes: receipt(protected: noTreeSize), code: .receiptMalformed),
            .init(name: "signed tree size as text", bytes: receipt(protected: textTreeSize), code: .receiptMalformed),
            .init(name: "signed tree size differs from the proof's", bytes: receipt(protected: otherTreeSize), code: .receiptBadProof),
            .init(name: "vds 2", bytes: receipt(protected: wrongVDS), code: .receiptUnsupported),
            .init(name: "no vdp", bytes: receipt(unprotected: [:]), code: .receiptMalformed),
            .init(name: "extra unprotected label", bytes: receipt(unprotected: extraUnprotected), code: .receiptMalformed),
            .init(name: "vdp not a map", bytes: receipt(unprotected: [.unsigned(396): .array([])]), code: .receiptMalformed),
            .init(name: "consistency proofs too", bytes: receipt(unprotected: extraVDP), code: .receiptBadProof),
            .init(name: "no inclusion proof", bytes: receipt(unprotected: vdp([])), code: .receiptBadProof),
            .init(name: "two inclusion proofs", bytes: receipt(unprotected: vdp([.bytes(goodProof.encoded()), .bytes(goodProof.encoded())])), code: .receiptBadProof),
            .init(name: "proof not a bstr", bytes: receipt(unprotected: vdp([goodProof])), code: .receiptBadProof),
            .init(name: "proof of two elements", bytes: receipt(unprotected: vdp([.bytes(CBOR.array([.unsigned(2), .unsigned(1)]).encoded())])), code: .receiptBadProof),
            .init(name: "negative tree size", bytes: receipt(unprotected: vdp([.bytes(CBOR.array([.int(-2), .unsigned(1), .array([hash])]).encoded())])), code: .receiptBadProof),
            .init(name: "path hash of 31 bytes", bytes: receipt(unprotected: vdp([.bytes(CBOR.array([.unsigned(2), .unsigned(1), .array([.bytes([UInt8](repeating: 1, count: 31))])]).encoded())])), code: .receiptBadProof),
            .init(name: "path flattened into the proof", bytes: receipt(unprotected: vdp([.bytes(CBOR.array([.unsigned(2), .unsigned(1), hash]).encoded())])), code: .receiptBadProof),
            .init(name: "non-shortest tree size", bytes: receipt(unprotected: vdp([.bytes(nonShortestProof)])), code: .receiptBadProof),
            .init(name: "65 path hashes", bytes: receipt(unprotected: vdp([.bytes(longPath.encoded())])), code: .receiptBadProof),
            .init(name: "trailing bytes in the proof", bytes: receipt(unprotected: vdp([.bytes(goodProof.encoded() + [0])])), code: .receiptBadProof),
        ]
    }()

    @Test func wellFormedReceiptParses() throws {
        let receipt = try COSEReceipt.parse(Self.receipt())
        #expect(receipt.proof == InclusionProof(leafIndex: 1, treeSize: 2, hashes: [try Hash(bytes: [UInt8](repeating: 0xab, count: 32))]))
        #expect(receipt.keyID == [7])
    }

    @Test(arguments: cases)
    func rejected(_ c: Case) {
        #expect(throws: StatementsError(c.code, "")) { try COSEReceipt.parse(c.bytes) }
    }

    @Test func alg() {
        var es256 = Self.goodProtected
        es256[.unsigned(1)] = .int(-7)
        let message = COSESign1(
            protectedBytes: CBOR.map(es256).encoded(), protectedHeader: es256,
            unprotectedHeader: Self.vdp([.bytes(Self.goodProof.encoded())]), payload: nil,
            signature: [UInt8](repeating: 1, count: 64))
        #expect(throws: StatementsError(.receiptUnsupported, "")) { try COSEReceipt.parse(message.encoded()) }
    }
}
