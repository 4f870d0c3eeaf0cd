import Testing
import CBOR

/// Inputs that decoding must reject, each with the code it must report (RFC 8949 §3, §5, §4.2.1).
@Suite struct CBORRejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let hex: String
        let code: CBORError.Code
        let why: String
        var testDescription: String { "\(hex): \(why)" }
    }

    /// Rejected always, deterministic or not.
    static let alwaysRejected: [Case] = [
        .init(hex: "", code: .truncated, why: "empty input"),
        .init(hex: "18", code: .truncated, why: "one-byte argument missing"),
        .init(hex: "19 01", code: .truncated, why: "two-byte argument cut short"),
        .init(hex: "1b 00000000000000", code: .truncated, why: "eight-byte argument cut short"),
        .init(hex: "43 0102", code: .truncated, why: "byte string shorter than its length"),
        .init(hex: "5b ffffffffffffffff 00", code: .truncated, why: "byte string length near 2^64"),
        .init(hex: "7b 8000000000000000", code: .truncated, why: "text length above Int.max"),
        .init(hex: "83 0102", code: .truncated, why: "array with a missing element"),
        .init(hex: "9b ffffffffffffffff", code: .tooManyItems, why: "array length near 2^64"),
        .init(hex: "9a 00010000 00", code: .truncated, why: "array length larger than the input"),
        .init(hex: "a2 0102 03", code: .truncated, why: "map with a missing value"),
        .init(hex: "bb ffffffffffffffff", code: .tooManyItems, why: "map length near 2^64"),
        .init(hex: "c6", code: .truncated, why: "tag without content"),
        .init(hex: "f9 00", code: .truncated, why: "half float cut short"),
        .init(hex: "fb 0000", code: .truncated, why: "double cut short"),
        .init(hex: "00 00", code: .trailingBytes, why: "two items"),
        .init(hex: "a0 ff", code: .trailingBytes, why: "map and a stray byte"),
        .init(hex: "1c", code: .reservedAdditionalInfo, why: "additional information 28, major 0"),
        .init(hex: "3d", code: .reservedAdditionalInfo, why: "additional information 29, major 1"),
        .init(hex: "5e", code: .reservedAdditionalInfo, why: "additional information 30, major 2"),
        .init(hex: "7c", code: .reservedAdditionalInfo, why: "major 3"),
        .init(hex: "9d", code: .reservedAdditionalInfo, why: "major 4"),
        .init(hex: "be", code: .reservedAdditionalInfo, why: "major 5"),
        .init(hex: "dc", code: .reservedAdditionalInfo, why: "major 6"),
        .init(hex: "fd", code: .reservedAdditionalInfo, why: "major 7"),
        .init(hex: "1f", code: .malformed, why: "indefinite unsigned integer"),
        .init(hex: "3f", code: .malformed, why: "indefinite negative integer"),
        .init(hex: "df 00", code: .malformed, why: "indefinite tag"),
        .init(hex: "ff", code: .malformed, why: "break outside an indefinite item"),
        .init(hex: "81 ff", code: .malformed, why: "break inside a definite array"),
        .init(hex: "f8 00", code: .malformed, why: "two-byte simple value 0"),
        .init(hex: "f8 18", code: .malformed, why: "two-byte simple value 24 (RFC 7049 erratum 5917)"),
        .init(hex: "f8 1f", code: .malformed, why: "two-byte simple value 31"),
        .init(hex: "5f 40 ff", code: .indefiniteLength, why: "indefinite byte string"),
        .init(hex: "7f ff", code: .indefiniteLength, why: "indefinite text"),
        .init(hex: "9f ff", code: .indefiniteLength, why: "indefinite array"),
        .init(hex: "bf ff", code: .indefiniteLength, why: "indefinite map"),
        .init(hex: "a2 0100 0100", code: .duplicateMapKey, why: "key 1 twice"),
        .init(hex: "a2 6161 00 6161 01", code: .duplicateMapKey, why: "key \"a\" twice"),
        .init(hex: "a2 f4 00 f4 00", code: .duplicateMapKey, why: "key false twice"),
        .init(hex: "a2 80 00 80 01", code: .duplicateMapKey, why: "key [] twice"),
        .init(hex: "61 ff", code: .invalidUTF8, why: "byte 0xff"),
        .init(hex: "61 80", code: .invalidUTF8, why: "lone continuation byte"),
        .init(hex: "62 c3 28", code: .invalidUTF8, why: "bad continuation"),
        .init(hex: "62 c0 80", code: .invalidUTF8, why: "overlong encoding of NUL"),
        .init(hex: "63 eda080", code: .invalidUTF8, why: "UTF-16 surrogate"),
        .init(hex: "64 f4908080", code: .invalidUTF8, why: "code point above U+10FFFF"),
        .init(hex: "63 e6b0", code: .truncated, why: "text shorter than its length"),
        .init(hex: "62 e6b0", code: .invalidUTF8, why: "truncated code point"),
        .init(hex: "a1 6161 61 ff", code: .invalidUTF8, why: "invalid UTF-8 inside a map value"),
    ]

    /// Duplicate keys that differ only in a non-deterministic encoding: duplicates by default;
    /// with `requireDeterministic` the longer encoding is refused first.
    static let duplicatesInDisguise: [Case] = [
        .init(hex: "a2 00 00 1800 01", code: .duplicateMapKey, why: "key 0 twice, once not shortest"),
        .init(hex: "a2 f93c00 00 fa3f800000 01", code: .duplicateMapKey, why: "key 1.0 as half and single"),
        .init(hex: "a2 f97e00 00 fb7ff8000000000001 01", code: .duplicateMapKey, why: "NaN twice, different payloads"),
    ]

    /// Accepted by default, rejected with `requireDeterministic` (RFC 8949 §4.2.1).
    static let nonDeterministic: [Case] = [
        .init(hex: "1800", code: .nonShortestEncoding, why: "0 in two bytes"),
        .init(hex: "1817", code: .nonShortestEncoding, why: "23 in two bytes"),
        .init(hex: "190018", code: .nonShortestEncoding, why: "24 in three bytes"),
        .init(hex: "1a0000ffff", code: .nonShortestEncoding, why: "65535 in five bytes"),
        .init(hex: "1b00000000ffffffff", code: .nonShortestEncoding, why: "2^32-1 in nine bytes"),
        .init(hex: "3800", code: .nonShortestEncoding, why: "-1 in two bytes"),
        .init(hex: "5800", code: .nonShortestEncoding, why: "byte string length in two bytes"),
        .init(hex: "7800", code: .nonShortestEncoding, why: "text length in two bytes"),
        .init(hex: "9800", code: .nonShortestEncoding, why: "array length in two bytes"),
        .init(hex: "b800", code: .nonShortestEncoding, why: "map length in two bytes"),
        .init(hex: "d80000", code: .nonShortestEncoding, why: "tag 0 in two bytes"),
        .init(hex: "fa3fc00000", code: .nonShortestEncoding, why: "1.5 as single"),
        .init(hex: "fb3ff8000000000000", code: .nonShortestEncoding, why: "1.5 as double"),
        .init(hex: "fb3ff0000000000000", code: .nonShortestEncoding, why: "1.0 as double"),
        .init(hex: "fb0000000000000000", code: .nonShortestEncoding, why: "0.0 as double"),
        .init(hex: "fb47efffffe0000000", code: .nonShortestEncoding, why: "single max as double"),
        .init(hex: "f97e01", code: .nonShortestEncoding, why: "NaN with a payload"),
        .init(hex: "f9fe00", code: .nonShortestEncoding, why: "negative NaN"),
        .init(hex: "a2 03 00 01 00", code: .unsortedMapKeys, why: "3 before 1"),
        .init(hex: "a2 6162 00 6161 00", code: .unsortedMapKeys, why: "\"b\" before \"a\""),
        .init(hex: "a2 6161 00 0a 00", code: .unsortedMapKeys, why: "text before integer"),
        .init(hex: "a2 20 00 01 00", code: .unsortedMapKeys, why: "-1 (0x20) before 1 (0x01)"),
        .init(hex: "a2 626161 00 6162 00", code: .unsortedMapKeys, why: "longer key first (bytewise, not length-first)"),
        .init(hex: "81 a2 0200 0100", code: .unsortedMapKeys, why: "unsorted map inside an array"),
    ]

    @Test(arguments: alwaysRejected)
    func rejected(_ c: Case) {
        let bytes = hex(c.hex.filter { $0 != " " })
        #expect(throws: CBORError(c.code, "")) { try CBOR.decode(bytes) }
        #expect(throws: CBORError(c.code, "")) { try CBOR.decode(bytes, requireDeterministic: true) }
    }

    @Test(arguments: duplicatesInDisguise)
    func duplicateKeysAreTheSameDataItem(_ c: Case) {
        let bytes = hex(c.hex.filter { $0 != " " })
        #expect(throws: CBORError(.duplicateMapKey, "")) { try CBOR.decode(bytes) }
        #expect(throws: CBORError(.nonShortestEncoding, "")) { try CBOR.decode(bytes, requireDeterministic: true) }
    }

    @Test(arguments: nonDeterministic)
    func rejectedOnlyWhenDeterminismIsRequired(_ c: Case) throws {
        let bytes = hex(c.hex.filter { $0 != " " })
        let lenient = try CBOR.decode(bytes)
        #expect(lenient.encoded() != bytes)
        #expect(try CBOR.decode(lenient.encoded(), requireDeterministic: true) == lenient)
        #expect(throws: CBORError(c.code, "")) { try CBOR.decode(bytes, requireDeterministic: true) }
    }

    @Test func sortedKeysInBytewiseOrderAreAccepted() throws {
        // 0x0a < 0x20 < 0x61…: integer 10, then -1, then "a"; "a" < "aa" (a prefix sorts first).
        let bytes = hex("a4" + "0a00" + "2000" + "616100" + "62616100")
        let map = try CBOR.decode(bytes, requireDeterministic: true)
        #expect(map.encoded() == bytes)
        #expect(map.map?.count == 4)
    }
}
