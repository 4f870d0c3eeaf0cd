import Testing
import CBOR

/// The decoding limits (RFC 8949 §10): each bound holds exactly at its value and fails one past it.
@Suite struct CBORLimitsTests {
    static let small = CBORLimits(maxInputBytes: 64, maxDepth: 3, maxItemsPerContainer: 4, maxTotalItems: 10)

    @Test func inputSize() throws {
        let fits = CBOR.bytes([UInt8](repeating: 7, count: 62)).encoded()  // 2-byte head + 62
        #expect(fits.count == 64)
        _ = try CBOR.decode(fits, limits: Self.small)
        let tooBig = CBOR.bytes([UInt8](repeating: 7, count: 63)).encoded()
        #expect(throws: CBORError(.inputTooLarge, "")) { try CBOR.decode(tooBig, limits: Self.small) }
    }

    @Test func depth() throws {
        _ = try CBOR.decode(hex("81818100"), limits: Self.small)  // [[[0]]]: depth 3
        #expect(throws: CBORError(.tooDeep, "")) { try CBOR.decode(hex("8181818100"), limits: Self.small) }
        #expect(throws: CBORError(.tooDeep, "")) { try CBOR.decode(hex("c1c1c1c100"), limits: Self.small) }
        #expect(throws: CBORError(.tooDeep, "")) { try CBOR.decode(hex("a100a100a1008100"), limits: Self.small) }
    }

    @Test func hostileNestingIsRefusedWithoutDeepRecursion() {
        // 100,000 nested one-element arrays, then a tag chain of the same depth.
        let arrays = [UInt8](repeating: 0x81, count: 100_000) + [0x00]
        #expect(throws: CBORError(.tooDeep, "")) { try CBOR.decode(arrays) }
        let tags = [UInt8](repeating: 0xc1, count: 100_000) + [0x00]
        #expect(throws: CBORError(.tooDeep, "")) { try CBOR.decode(tags) }
    }

    @Test func itemsPerContainer() throws {
        _ = try CBOR.decode(hex("8400000000"), limits: Self.small)
        #expect(throws: CBORError(.tooManyItems, "")) { try CBOR.decode(hex("850000000000"), limits: Self.small) }
        _ = try CBOR.decode(hex("a40000010002000300"), limits: Self.small)
        #expect(throws: CBORError(.tooManyItems, "")) {
            try CBOR.decode(hex("a5000001000200030004 00".filter { $0 != " " }), limits: Self.small)
        }
    }

    @Test func totalItems() throws {
        // [[0,0,0],[0,0,0],0]: 1 + 4 + 4 + 1 = 10 items.
        _ = try CBOR.decode(hex("83830000008300000000"), limits: Self.small)
        #expect(throws: CBORError(.tooManyItems, "")) {
            try CBOR.decode(hex("8383000000830000008100"), limits: Self.small)
        }
    }

    @Test func claimedLengthsBeyondTheInputAllocateNothing() {
        // A map claiming 65,536 entries in a 5-byte input fails before reserving space.
        #expect(throws: CBORError(.truncated, "")) { try CBOR.decode(hex("ba00010000")) }
        #expect(throws: CBORError(.truncated, "")) { try CBOR.decode(hex("5a7fffffff")) }
    }
}
