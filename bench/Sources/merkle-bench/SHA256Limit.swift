// (a) The machine's SHA-256 limit: 65-byte RFC 6962 node hashes per second on one core, through
// the OpenSSL EVP path the integrator uses.
import BenchSupport
import CryptoPrimitives

enum SHA256Limit {
    /// Hashes `count` chained 65-byte node inputs (0x01 ‖ 64 bytes), as the integrator does,
    /// with a copied pre-absorbed prefix context; returns node hashes per second.
    static func prefixed(count: Int, runs: Int) -> Rate {
        let hasher = SHA256.current
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 7, count: 64)
        let input = UnsafeRawBufferPointer(start: buffer, count: 64)
        return measure(units: count, runs: runs) {
            for _ in 0..<count { hasher.hash(prefix: 0x01, input, into: buffer) }
        }
    }

    /// The same with a fresh `EVP_DigestInit_ex2` per hash (the plain `SHA256.hash` path).
    static func plain(count: Int, runs: Int) -> Rate {
        let hasher = SHA256.current
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 65, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 7, count: 65)
        buffer.storeBytes(of: 0x01, as: UInt8.self)
        let input = UnsafeRawBufferPointer(start: buffer, count: 65)
        return measure(units: count, runs: runs) {
            for _ in 0..<count { hasher.hash(input, into: buffer + 1) }
        }
    }
}
