import Testing
import CBOR

/// Deterministic encoding (RFC 8949 §4.2.1) and the data-model equality of ``CBOR``.
@Suite struct CBOREncodingTests {
    @Test(arguments: [
        (UInt64(0), "00"), (23, "17"), (24, "1818"), (255, "18ff"), (256, "190100"), (65535, "19ffff"),
        (65536, "1a00010000"), (4_294_967_295, "1affffffff"), (4_294_967_296, "1b0000000100000000"),
    ])
    func integerHeadsAreShortestAtEveryBoundary(_ n: UInt64, _ expected: String) {
        #expect(hexString(CBOR.unsigned(n).encoded()) == expected)
        #expect(hexString(CBOR.negative(n).encoded()) == hexString([hex(expected)[0] | 0x20] + hex(expected).dropFirst()))
    }

    @Test func intChoosesTheMajorType() {
        #expect(CBOR.int(0) == .unsigned(0))
        #expect(CBOR.int(-1) == .negative(0))
        #expect(CBOR.int(.max) == .unsigned(UInt64(Int64.max)))
        #expect(CBOR.int(.min) == .negative(UInt64(Int64.max)))
        #expect(CBOR.int(.min).int64 == .min)
        #expect(CBOR.negative(UInt64(Int64.max) + 1).int64 == nil)
        #expect(CBOR.unsigned(UInt64(Int64.max) + 1).int64 == nil)
        #expect(CBOR.unsigned(UInt64.max).uint64 == .max)
        #expect(CBOR.int(-5).uint64 == nil)
    }

    @Test(arguments: [
        (0.5, "f93800"), (65504.0, "f97bff"), (65505.0, "fa477fe100"), (5.960464477539063e-8, "f90001"),
        (2.9802322387695312e-8, "fa33000000"), (6.097555160522461e-5, "f903ff"), (1.0 / 3.0, "fb3fd5555555555555"),
        (Double(Float.leastNonzeroMagnitude), "fa00000001"), (Double.leastNonzeroMagnitude, "fb0000000000000001"),
        (-2.0, "f9c000"), (Double(Float(0.1)), "fa3dcccccd"), (0.1, "fb3fb999999999999a"),
    ])
    func floatsTakeTheShortestWidthThatKeepsTheValue(_ d: Double, _ expected: String) throws {
        #expect(hexString(CBOR.float(d).encoded()) == expected)
        #expect(try CBOR.decode(hex(expected), requireDeterministic: true) == .float(d))
    }

    @Test func mapKeysAreSortedBytewiseByEncoding() {
        let map = CBOR.map([
            .text("aa"): .unsigned(0), .text("b"): .unsigned(1), .int(-1): .unsigned(2), .unsigned(10): .unsigned(3),
            .unsigned(100): .unsigned(4), .bytes([]): .unsigned(5), .array([]): .unsigned(6), .bool(false): .unsigned(7),
        ])
        // 0a, 1864, 20, 40, 6162, 626161, 80, f4
        #expect(hexString(map.encoded()) == "a8" + "0a03" + "186404" + "2002" + "4005" + "616201" + "62616100" + "8006" + "f407")
    }

    @Test func textComparesByBytesNotByUnicodeEquivalence() throws {
        let composed = CBOR.text("\u{00e9}")
        let decomposed = CBOR.text("e\u{0301}")
        #expect(composed != decomposed)
        #expect(composed.encoded() != decomposed.encoded())
        let map = CBOR.map([composed: .unsigned(1), decomposed: .unsigned(2)])
        #expect(map.map?.count == 2)
        #expect(try CBOR.decode(map.encoded(), requireDeterministic: true) == map)
    }

    @Test func floatEqualityFollowsTheEncoding() {
        #expect(CBOR.float(0.0) != CBOR.float(-0.0))
        #expect(CBOR.float(.nan) == CBOR.float(-.nan))
        #expect(CBOR.float(.nan) == CBOR.float(Double(bitPattern: 0x7ff0_0000_0000_0001)))
        #expect(CBOR.float(-.nan).encoded() == hex("f97e00"))
        #expect(CBOR.float(1.0) != CBOR.unsigned(1))
        #expect(Set([CBOR.float(.nan), .float(-.nan)]).count == 1)
    }

    @Test func namedSimpleValuesEqualTheirNumbers() {
        #expect(CBOR.simple(20) == .bool(false))
        #expect(CBOR.simple(21) == .bool(true))
        #expect(CBOR.simple(22) == .null)
        #expect(CBOR.simple(23) == .undefined)
        #expect(CBOR.simple(22).encoded() == CBOR.null.encoded())
        #expect(Set([CBOR.simple(21), .bool(true)]).count == 1)
        #expect(CBOR.simple(19) != .bool(false))
        #expect(CBOR.simple(32).encoded() == hex("f820"))
    }

    @Test func accessorsAndSubscript() {
        let item = CBOR.map([.unsigned(1): .text("one"), .text("b"): .bytes([2])])
        #expect(item[.unsigned(1)]?.textString == "one")
        #expect(item[.text("b")]?.byteString == [2])
        #expect(item[.unsigned(2)] == nil)
        #expect(CBOR.array([.null])[.unsigned(0)] == nil)
        #expect(CBOR.array([.null]).array == [.null])
        #expect(CBOR.text("x").byteString == nil)
        #expect(item.map?.count == 2)
        #expect(CBOR.tagged(18, .null).tagged?.tag == 18)
    }
}
