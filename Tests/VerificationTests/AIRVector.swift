import CryptoPrimitives
import Foundation
import Merkle
import Statements

/// An AIR v1 golden vector (Tests/Vectors/air-v1), as far as verification needs it.
struct AIRVector: Decodable, Sendable, CustomStringConvertible {
    struct Failure: Decodable, Sendable {
        let layer: Int
        let code: String
    }
    struct Policy: Decodable, Sendable {
        let expected_nonce_hex: String?
        let expected_model_hash_hex: String?
        let expected_platform: String?
        let max_age_secs: UInt64?
    }

    let name: String
    let date: String
    let receipt_hex: String
    let public_key_hex: String?
    let wrong_public_key_hex: String?
    let expected_failure: Failure?
    let verify_policy: Policy?

    var description: String { name }
    var receipt: [UInt8] { unhex(receipt_hex) }

    /// The key the vector is verified with: the wrong key for the wrong-key vector.
    var verificationKey: Ed25519PublicKey { try! Ed25519PublicKey(bytes: unhex(wrong_public_key_hex ?? public_key_hex!)) }

    /// The vector's date at midnight UTC, in Unix seconds.
    var now: UInt64 {
        let parts = date.split(separator: "-").map { Int($0)! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        return UInt64(date.timeIntervalSince1970)
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/air-v1")

    static func load(_ relativePath: String) -> AIRVector {
        try! JSONDecoder().decode(AIRVector.self, from: Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }

    static let valid = ["valid/v1-nitro-no-nonce.json", "valid/v1-tdx-with-nonce.json"].map(load)
    static let invalid = [
        "invalid/v1-wrong-key.json", "invalid/v1-wrong-alg.json", "invalid/v1-zero-model-hash.json",
        "invalid/v1-bad-measurement-length.json", "invalid/v1-nonce-mismatch.json",
        "invalid/v1-model-hash-mismatch.json", "invalid/v1-platform-mismatch.json", "invalid/v1-stale-iat.json",
    ].map(load)
}

func unhex(_ s: String) -> [UInt8] {
    var out = [UInt8]()
    var it = s.utf8.makeIterator()
    while let a = it.next(), let b = it.next() { out.append(UInt8(String(decoding: [a, b], as: UTF8.self), radix: 16)!) }
    return out
}
