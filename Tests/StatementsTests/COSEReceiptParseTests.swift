import CBOR
import COSE
import CryptoPrimitives
import Merkle
import Testing
import Statements

/// Parsing of receipts: each malformed shape and its error code, and the standard shapes that other
/// RFC 9942 issuers may produce, which parse.
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
        var textIssuer = goodProtected
        textIssuer[.unsigned(15)] = .map([.unsigned(1): .bytes([1])])
        var claimsNotAMap = goodProtected
        claimsNotAMap[.unsigned(15)] = .text("log.example")
        var mismatchedProofs = vdp([.bytes(goodProof.encoded())])
        mismatchedProofs[.unsigned(396)] = .map([.int(-1): .array([
            .bytes(goodProof.encoded()), .bytes(CBOR.array([.unsigned(3), .unsigned(1), .array([hash, hash])]).encoded()),
        ])])
        return [
            .init(name: "iss not text", bytes: receipt(protected: textIssuer), code: .receiptMalformed),
            .init(name: "CWT claims not a map", bytes: receipt(protected: claimsNotAMap), code: .receiptMalformed),
            .init(name: "proofs of two tree sizes", bytes: receipt(unprotected: mismatchedProofs), code: .receiptBadProof),
            .init(name: "65 inclusion proofs", bytes: receipt(unprotected: vdp(Array(repeating: .bytes(goodProof.encoded()), count: 65))), code: .receiptBadProof),
            .init(name: "untagged", bytes: receipt(tagged: false), code: .receiptMalformed),
            .init(name: "not CBOR", bytes: [0xd2, 0xff], code: .receiptMalformed),
            .init(name: "trailing byte", bytes: receipt() + [0], code: .receiptMalformed),
            .init(name: "attached payload", bytes: receipt(detached: false), code: .receiptMalformed),
            .init(name: "kid as text", bytes: receipt(protected: badKid), code: .receiptMalformed),
            .init(name: "signed tree size as text", bytes: receipt(protected: textTreeSize), code: .receiptMalformed),
            .init(name: "signed tree size differs from the proof's", bytes: receipt(protected: otherTreeSize), code: .receiptBadProof),
            .init(name: "vds 2", bytes: receipt(protected: wrongVDS), code: .receiptUnsupported),
            .init(name: "no vdp", bytes: receipt(unprotected: [:]), code: .receiptMalformed),
            .init(name: "vdp not a map", bytes: receipt(unprotected: [.unsigned(396): .array([])]), code: .receiptMalformed),
            .init(name: "no inclusion proof", bytes: receipt(unprotected: vdp([])), code: .receiptBadProof),
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

    /// RFC 9942's CDDL ends both header maps with `* cose-label => cose-value`, and requires only
    /// `alg` and `vds`: a receipt with other parameters, without `kid` or ReceiptLog's tree size,
    /// with several proofs, or in another valid encoding, parses, and keeps its bytes.
    @Test func standardShapesParse() throws {
        var extra = Self.goodProtected
        extra[.unsigned(3)] = .text("application/cbor")
        extra[.unsigned(15)] = .map([.unsigned(1): .text("ts.example"), .unsigned(6): .unsigned(1_700_000_000)])
        var minimal = Self.goodProtected
        minimal[.unsigned(4)] = nil
        minimal[.int(COSEReceipt.treeSizeLabel)] = nil
        var extraUnprotected = Self.vdp([.bytes(Self.goodProof.encoded())])
        extraUnprotected[.unsigned(33)] = .null
        extraUnprotected[.unsigned(396)] = .map([.int(-1): .array([.bytes(Self.goodProof.encoded())]), .int(-2): .array([])])
        let other = CBOR.array([.unsigned(2), .unsigned(0), .array([Self.hash])])
        let twoProofs = Self.vdp([.bytes(Self.goodProof.encoded()), .bytes(other.encoded())])
        var longHead = Self.receipt()
        longHead.replaceSubrange(1...1, with: [0x98, 0x04])
        for bytes in [
            Self.receipt(protected: extra), Self.receipt(protected: minimal), Self.receipt(unprotected: extraUnprotected),
            Self.receipt(unprotected: twoProofs), longHead,
        ] {
            let receipt = try COSEReceipt.parse(bytes)
            #expect(receipt.proof.treeSize == 2)
            #expect(receipt.encoded() == bytes)
        }
        #expect(try COSEReceipt.parse(Self.receipt(protected: extra)).issuer == "ts.example")
        #expect(try COSEReceipt.parse(Self.receipt(protected: minimal)).keyID == [])
        #expect(try COSEReceipt.parse(Self.receipt(protected: minimal)).signedTreeSize == nil)
        #expect(try COSEReceipt.parse(Self.receipt(unprotected: twoProofs)).proofs.map(\.leafIndex) == [1, 0])
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
