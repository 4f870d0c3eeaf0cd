import PropertyBased
import Testing
import CBOR

/// Property tests: random data items round-trip through the deterministic encoding, and random
/// bytes never trap the decoder.
@Suite struct CBORPropertyTests {
    /// Builds a data item from a stream of random words, so shrinking the words shrinks the item.
    struct ItemBuilder {
        var words: [UInt64]
        var index = 0

        mutating func next() -> UInt64 {
            defer { index += 1 }
            return words.isEmpty ? 0 : words[index % words.count] &+ UInt64(index / words.count)
        }

        mutating func item(depth: Int) -> CBOR {
            let word = next()
            let choice = depth >= 4 ? word % 9 : word % 12
            let n = next()
            switch choice {
            case 0: return .unsigned(n >> (n % 64))
            case 1: return .negative(n >> (n % 64))
            case 2: return .bytes((0..<Int(n % 40)).map { _ in UInt8(truncatingIfNeeded: next()) })
            case 3:
                let scalars = (0..<Int(n % 12)).compactMap { _ in Unicode.Scalar(UInt32(next() % 0x11_0000)) }
                return .text(String(String.UnicodeScalarView(scalars)))
            case 4: return .float(Double(bitPattern: n))
            case 5: return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: n))))
            case 6: return .float(Double(sign: n & 1 == 0 ? .plus : .minus, exponent: Int(n % 60) - 30, significand: Double(n % 2048) / 1024 + 1))
            case 7: return [.bool(n & 1 == 0), .null, .undefined, .simple(UInt8(n % 20)), .simple(UInt8(32 + n % 224))][Int(n % 5)]
            case 8: return .tagged(n >> (n % 64), .unsigned(n % 1000))
            case 9: return .array((0..<Int(n % 6)).map { _ in item(depth: depth + 1) })
            case 10:
                var map: [CBOR: CBOR] = [:]
                for _ in 0..<Int(n % 6) { map[item(depth: depth + 1)] = item(depth: depth + 1) }
                return .map(map)
            default: return .tagged(n % 100_000, item(depth: depth + 1))
            }
        }
    }

    @Test func randomItemsRoundTrip() async {
        await propertyCheck(count: 400, input: Gen.uint64().array(of: 1...64)) { words in
            var builder = ItemBuilder(words: words)
            let item = builder.item(depth: 0)
            let encoded = item.encoded()
            #expect(throws: Never.self) {
                let decoded = try CBOR.decode(encoded, requireDeterministic: true)
                #expect(decoded == item)
                #expect(decoded.hashValue == item.hashValue)
                #expect(decoded.encoded() == encoded)
            }
        }
    }

    @Test func randomBytesDecodeOrThrowAndReencodeStably() async {
        await propertyCheck(count: 2000, input: Gen.uint8().array(of: 0...48)) { bytes in
            guard let item = try? CBOR.decode(bytes) else { return }
            let encoded = item.encoded()
            #expect((try? CBOR.decode(encoded, requireDeterministic: true)) == item)
            if (try? CBOR.decode(bytes, requireDeterministic: true)) != nil {
                #expect(encoded == bytes)
            }
        }
    }

    @Test func mutatedEncodingsNeverTrap() async {
        let sample = CBOR.map([
            .unsigned(1): .int(-8), .unsigned(4): .bytes(Array(0..<16)), .text("k"): .array([.float(1.5), .null]),
            .int(-1): .tagged(18, .array([.bytes([]), .map([:]), .null, .bytes([9, 9])])),
        ]).encoded()
        await propertyCheck(count: 2000, input: Gen.int(in: 0..<sample.count), Gen.uint8()) { position, value in
            var bytes = sample
            bytes[position] = value
            if let item = try? CBOR.decode(bytes) {
                #expect((try? CBOR.decode(item.encoded())) == item)
            }
        }
        for length in 0..<sample.count {
            #expect(throws: CBORError(.truncated, "")) { try CBOR.decode(sample.prefix(length)) }
        }
    }
}
