import CryptoPrimitives
@testable import Notes

/// Deterministic keys for tests.
enum TestKeys {
    static func signer(_ name: String, _ type: SignatureType = .ed25519, seed: UInt8 = 1) -> SignerKey {
        try! SignerKey(name: name, type: type, privateKey: Ed25519PrivateKey(seed: [UInt8](repeating: seed, count: 32)))
    }

    /// A valid signed note line for `text` by `key`, as bytes.
    static func signedNote(_ text: String, by keys: [SignerKey]) -> [UInt8] {
        try! Note(text: text, signatures: keys.map { try $0.sign(text: text) }).encoded
    }
}
