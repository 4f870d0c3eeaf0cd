import Testing
import Merkle

@Suite struct HashTests {
    // RFC 6962 §2.1: MTH({}) = SHA-256(), leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r).
    @Test func rfc6962Hashes() throws {
        #expect(Hash.emptyTree.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hash.leaf([UInt8]()).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        let l = Hash.leaf([0]), r = Hash.leaf([1])
        // The node hash, recomputed from its definition with a separate hasher.
        var bytes: [UInt8] = [1]
        bytes += l.bytes
        bytes += r.bytes
        #expect(Hash.node(l, r) == (try Hash(bytes: CryptoPrimitivesSHA(bytes))))
    }

    @Test func hexRoundTripAndStrictness() throws {
        let h = Hash.leaf(Array("x".utf8))
        #expect(try Hash(hex: h.hex) == h)
        #expect(try Hash(hex: h.hex.uppercased()) == h)
        #expect(throws: MerkleError.self) { try Hash(hex: String(h.hex.dropLast())) }
        #expect(throws: MerkleError.self) { try Hash(hex: String(h.hex.dropLast()) + "g") }
        #expect(throws: MerkleError.self) { try Hash(bytes: [UInt8](repeating: 0, count: 33)) }
    }
}

import CryptoPrimitives
private func CryptoPrimitivesSHA(_ b: [UInt8]) -> [UInt8] { SHA256().digest(b) }
