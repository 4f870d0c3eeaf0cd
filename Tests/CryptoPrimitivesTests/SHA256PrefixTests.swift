import Testing
import CryptoPrimitives

@Suite struct SHA256PrefixTests {
    /// `hash(prefix:…)` equals SHA-256 of the prefix byte followed by the parts, for every block
    /// boundary case and for several prefixes interleaved on one hasher.
    @Test(arguments: [0, 1, 31, 32, 55, 62, 63, 64, 65, 119, 128, 1000])
    func equalsDigestOfPrefixedInput(length: Int) {
        let hasher = SHA256()
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for prefix: UInt8 in [0x00, 0x01, 0xff, 0x00] {
            let want = SHA256().digest([prefix] + bytes)
            var got = [UInt8](repeating: 0, count: 32)
            got.withUnsafeMutableBytes { out in
                bytes.withUnsafeBytes { hasher.hash(prefix: prefix, $0, into: out.baseAddress!) }
            }
            #expect(got == want)
            // Split into two parts at every third position.
            for cut in stride(from: 0, through: length, by: 3) {
                var split = [UInt8](repeating: 0, count: 32)
                split.withUnsafeMutableBytes { out in
                    bytes[..<cut].withUnsafeBytes { a in
                        bytes[cut...].withUnsafeBytes { b in hasher.hash(prefix: prefix, a, b, into: out.baseAddress!) }
                    }
                }
                #expect(split == want)
            }
            // The plain path on the same hasher is unaffected by the cached prefix contexts.
            #expect(hasher.digest(bytes) == SHA256().digest(bytes))
        }
    }

    /// The output may overwrite the input, as an in-place Merkle level does.
    @Test func outputMayOverlapInput() {
        var buffer = (0..<64).map { UInt8($0) }
        let want = SHA256().digest([0x01] + buffer)
        buffer.withUnsafeMutableBytes { b in
            SHA256.current.hash(prefix: 0x01, UnsafeRawBufferPointer(b), into: b.baseAddress!)
        }
        #expect(Array(buffer[..<32]) == want)
    }
}
