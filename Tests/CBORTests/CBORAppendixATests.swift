import Testing
import CBOR

/// RFC 8949 Appendix A: every example, decoded, checked against its value, and re-encoded where
/// the example's encoding is the deterministic one (§4.2.1).
///
/// Examples whose encoding is NOT deterministic (so re-encoding gives the shorter form):
/// - `fa7f800000`, `fa7fc00000`, `faff800000` and `fb7ff0000000000000`, `fb7ff8000000000000`,
///   `fbfff0000000000000`: Infinity, NaN and -Infinity in single or double precision, where half
///   precision (`f97c00`, `f97e00`, `f9fc00`) keeps the value.
/// Every indefinite-length example (`5f…`, `7f…`, `9f…`, `bf…` and the arrays holding them) is
/// rejected: this codec accepts definite lengths only.
@Suite struct CBORAppendixATests {
    struct Example: CustomTestStringConvertible, Sendable {
        let hex: String
        let value: CBOR
        /// The deterministic re-encoding when it differs from `hex`.
        var reencoded: String? = nil
        var testDescription: String { hex }
    }

    static let examples: [Example] = [
        .init(hex: "00", value: .unsigned(0)),
        .init(hex: "01", value: .unsigned(1)),
        .init(hex: "0a", value: .unsigned(10)),
        .init(hex: "17", value: .unsigned(23)),
        .init(hex: "1818", value: .unsigned(24)),
        .init(hex: "1819", value: .unsigned(25)),
        .init(hex: "1864", value: .unsigned(100)),
        .init(hex: "1903e8", value: .unsigned(1000)),
        .init(hex: "1a000f4240", value: .unsigned(1_000_000)),
        .init(hex: "1b000000e8d4a51000", value: .unsigned(1_000_000_000_000)),
        .init(hex: "1bffffffffffffffff", value: .unsigned(18_446_744_073_709_551_615)),
        // 18446744073709551616: tag 2 (unsigned bignum) around its bytes.
        .init(hex: "c249010000000000000000", value: .tagged(2, .bytes(hex("010000000000000000")))),
        .init(hex: "3bffffffffffffffff", value: .negative(18_446_744_073_709_551_615)),
        // -18446744073709551617: tag 3 (negative bignum).
        .init(hex: "c349010000000000000000", value: .tagged(3, .bytes(hex("010000000000000000")))),
        .init(hex: "20", value: .int(-1)),
        .init(hex: "29", value: .int(-10)),
        .init(hex: "3863", value: .int(-100)),
        .init(hex: "3903e7", value: .int(-1000)),
        .init(hex: "f90000", value: .float(0.0)),
        .init(hex: "f98000", value: .float(-0.0)),
        .init(hex: "f93c00", value: .float(1.0)),
        .init(hex: "fb3ff199999999999a", value: .float(1.1)),
        .init(hex: "f93e00", value: .float(1.5)),
        .init(hex: "f97bff", value: .float(65504.0)),
        .init(hex: "fa47c35000", value: .float(100000.0)),
        .init(hex: "fa7f7fffff", value: .float(3.4028234663852886e+38)),
        .init(hex: "fb7e37e43c8800759c", value: .float(1.0e+300)),
        .init(hex: "f90001", value: .float(5.960464477539063e-8)),
        .init(hex: "f90400", value: .float(0.00006103515625)),
        .init(hex: "f9c400", value: .float(-4.0)),
        .init(hex: "fbc010666666666666", value: .float(-4.1)),
        .init(hex: "f97c00", value: .float(.infinity)),
        .init(hex: "f97e00", value: .float(.nan)),
        .init(hex: "f9fc00", value: .float(-.infinity)),
        .init(hex: "fa7f800000", value: .float(.infinity), reencoded: "f97c00"),
        .init(hex: "fa7fc00000", value: .float(.nan), reencoded: "f97e00"),
        .init(hex: "faff800000", value: .float(-.infinity), reencoded: "f9fc00"),
        .init(hex: "fb7ff0000000000000", value: .float(.infinity), reencoded: "f97c00"),
        .init(hex: "fb7ff8000000000000", value: .float(.nan), reencoded: "f97e00"),
        .init(hex: "fbfff0000000000000", value: .float(-.infinity), reencoded: "f9fc00"),
        .init(hex: "f4", value: .bool(false)),
        .init(hex: "f5", value: .bool(true)),
        .init(hex: "f6", value: .null),
        .init(hex: "f7", value: .undefined),
        .init(hex: "f0", value: .simple(16)),
        .init(hex: "f8ff", value: .simple(255)),
        .init(hex: "c074323031332d30332d32315432303a30343a30305a", value: .tagged(0, .text("2013-03-21T20:04:00Z"))),
        .init(hex: "c11a514b67b0", value: .tagged(1, .unsigned(1_363_896_240))),
        .init(hex: "c1fb41d452d9ec200000", value: .tagged(1, .float(1_363_896_240.5))),
        .init(hex: "d74401020304", value: .tagged(23, .bytes([1, 2, 3, 4]))),
        .init(hex: "d818456449455446", value: .tagged(24, .bytes(hex("6449455446")))),
        .init(hex: "d82076687474703a2f2f7777772e6578616d706c652e636f6d", value: .tagged(32, .text("http://www.example.com"))),
        .init(hex: "40", value: .bytes([])),
        .init(hex: "4401020304", value: .bytes([1, 2, 3, 4])),
        .init(hex: "60", value: .text("")),
        .init(hex: "6161", value: .text("a")),
        .init(hex: "6449455446", value: .text("IETF")),
        .init(hex: "62225c", value: .text("\"\\")),
        .init(hex: "62c3bc", value: .text("\u{00fc}")),
        .init(hex: "63e6b0b4", value: .text("\u{6c34}")),
        .init(hex: "64f0908591", value: .text("\u{10151}")),
        .init(hex: "80", value: .array([])),
        .init(hex: "83010203", value: .array([.unsigned(1), .unsigned(2), .unsigned(3)])),
        .init(
            hex: "8301820203820405",
            value: .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])])),
        .init(
            hex: "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
            value: .array((1...25).map { .unsigned($0) })),
        .init(hex: "a0", value: .map([:])),
        .init(hex: "a201020304", value: .map([.unsigned(1): .unsigned(2), .unsigned(3): .unsigned(4)])),
        .init(
            hex: "a26161016162820203",
            value: .map([.text("a"): .unsigned(1), .text("b"): .array([.unsigned(2), .unsigned(3)])])),
        .init(hex: "826161a161626163", value: .array([.text("a"), .map([.text("b"): .text("c")])])),
        .init(
            hex: "a56161614161626142616361436164614461656145",
            value: .map([
                .text("a"): .text("A"), .text("b"): .text("B"), .text("c"): .text("C"), .text("d"): .text("D"),
                .text("e"): .text("E"),
            ])),
    ]

    /// The indefinite-length examples of Appendix A.
    static let indefiniteExamples = [
        "5f42010243030405ff", "7f657374726561646d696e67ff", "9fff", "9f018202039f0405ffff",
        "9f01820203820405ff", "83018202039f0405ff", "83019f0203ff820405",
        "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", "bf61610161629f0203ffff",
        "826161bf61626163ff", "bf6346756ef563416d7421ff",
    ]

    @Test(arguments: examples)
    func decodesToItsValue(_ example: Example) throws {
        let decoded = try CBOR.decode(hex(example.hex))
        #expect(decoded == example.value)
        #expect(hexString(decoded.encoded()) == (example.reencoded ?? example.hex))
    }

    @Test(arguments: examples)
    func deterministicDecodingAcceptsExactlyTheDeterministicExamples(_ example: Example) throws {
        if example.reencoded == nil {
            #expect(try CBOR.decode(hex(example.hex), requireDeterministic: true) == example.value)
        } else {
            #expect(throws: CBORError(.nonShortestEncoding, "")) {
                try CBOR.decode(hex(example.hex), requireDeterministic: true)
            }
        }
    }

    @Test(arguments: indefiniteExamples)
    func indefiniteLengthsAreRejected(_ example: String) {
        #expect(throws: CBORError(.indefiniteLength, "")) { try CBOR.decode(hex(example)) }
    }

    @Test func valuesEncodeToTheExamples() {
        for example in CBORAppendixATests.examples where example.reencoded == nil {
            #expect(hexString(example.value.encoded()) == example.hex)
        }
    }
}
