import CBOR
import Testing
import COSE

/// Strict parsing of COSE_Sign1 (RFC 9052 §4.2, §3): each malformed shape and its error code.
@Suite struct COSESign1ParseTests {
    static let sig = CBOR.bytes([UInt8](repeating: 0x5a, count: 64))
    static let protected = CBOR.bytes(CBOR.map([.unsigned(1): .int(-8)]).encoded())

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let item: CBOR
        let code: COSEError.Code
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "wrong tag", item: .tagged(98, .array([protected, .map([:]), .null, sig])), code: .notCOSESign1),
        .init(name: "not an array", item: .map([:]), code: .notCOSESign1),
        .init(name: "three elements", item: .array([protected, .map([:]), .null]), code: .notCOSESign1),
        .init(name: "five elements", item: .array([protected, .map([:]), .null, sig, .null]), code: .notCOSESign1),
        .init(name: "protected header as a map", item: .array([.map([.unsigned(1): .int(-8)]), .map([:]), .null, sig]), code: .notCOSESign1),
        .init(name: "protected bstr holds an array", item: .array([.bytes([0x80]), .map([:]), .null, sig]), code: .badProtectedHeader),
        .init(name: "protected bstr holds an empty map", item: .array([.bytes([0xa0]), .map([:]), .null, sig]), code: .badProtectedHeader),
        .init(name: "protected bstr is not CBOR", item: .array([.bytes([0xff]), .map([:]), .null, sig]), code: .badProtectedHeader),
        .init(name: "protected bstr has trailing bytes", item: .array([.bytes([0xa1, 0x01, 0x27, 0x00]), .map([:]), .null, sig]), code: .badProtectedHeader),
        .init(name: "protected label is bytes", item: .array([.bytes(CBOR.map([.bytes([1]): .null]).encoded()), .map([:]), .null, sig]), code: .badProtectedHeader),
        .init(name: "unprotected header not a map", item: .array([protected, .array([]), .null, sig]), code: .badUnprotectedHeader),
        .init(name: "unprotected label is a float", item: .array([protected, .map([.float(1): .null]), .null, sig]), code: .badUnprotectedHeader),
        .init(name: "label in both headers", item: .array([protected, .map([.unsigned(1): .int(-8)]), .null, sig]), code: .duplicateLabel),
        .init(name: "payload is text", item: .array([protected, .map([:]), .text("p"), sig]), code: .notCOSESign1),
        .init(name: "signature is text", item: .array([protected, .map([:]), .null, .text("s")]), code: .notCOSESign1),
        .init(name: "EdDSA signature of 63 bytes", item: .array([protected, .map([:]), .null, .bytes([UInt8](repeating: 1, count: 63))]), code: .badSignatureLength),
        .init(name: "EdDSA signature of 65 bytes", item: .array([protected, .map([:]), .null, .bytes([UInt8](repeating: 1, count: 65))]), code: .badSignatureLength),
    ]

    @Test(arguments: cases)
    func rejected(_ c: Case) {
        #expect(throws: COSEError(c.code, "")) { try COSESign1.parse(c.item.encoded()) }
    }

    @Test func malformedCBORIsRejected() {
        let good = CBOR.tagged(18, .array([Self.protected, .map([:]), .null, Self.sig])).encoded()
        #expect(throws: COSEError(.malformed, "")) { try COSESign1.parse(good + [0]) }
        #expect(throws: COSEError(.malformed, "")) { try COSESign1.parse(good.dropLast()) }
        #expect(throws: COSEError(.malformed, "")) { try COSESign1.parse([0xd2, 0x9f, 0xff]) }
        #expect(throws: COSEError(.malformed, "")) { try COSESign1.parse([]) }
    }

    @Test func acceptedShapes() throws {
        // An empty protected header is a zero-length bstr; a non-EdDSA alg parses (verify refuses it).
        let empty = try COSESign1.parse(CBOR.array([.bytes([]), .map([:]), .bytes([1]), .bytes([2])]).encoded())
        #expect(empty.protectedHeader.isEmpty)
        #expect(empty.payload == [1])
        let es256 = CBOR.bytes(CBOR.map([.unsigned(1): .int(-7)]).encoded())
        let other = try COSESign1.parse(CBOR.array([es256, .map([.text("x"): .null]), .null, .bytes([3])]).encoded())
        #expect(other.algorithm == -7)
        #expect(other.payload == nil)
    }

    @Test func nonDeterministicOuterEncodingParsesOnlyLeniently() throws {
        // The array head of four in two bytes (0x98 0x04) instead of one.
        var bytes = CBOR.array([Self.protected, .map([:]), .null, Self.sig]).encoded()
        bytes.replaceSubrange(0...0, with: [0x98, 0x04])
        let message = try COSESign1.parse(bytes)
        #expect(message.encoded(tagged: false) != bytes)
        #expect(throws: COSEError(.malformed, "")) { try COSESign1.parse(bytes, requireDeterministic: true) }
    }
}
