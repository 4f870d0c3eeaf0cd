import CBOR
import COSE
import CryptoPrimitives
import Foundation
import Merkle
import Statements

/// Lower-case hex of `bytes`.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// Bytes of an even-length hex string; traps on bad input (test data only).
func unhex(_ s: String) -> [UInt8] {
    let chars = Array(s.utf8)
    precondition(chars.count % 2 == 0, "odd-length hex")
    return stride(from: 0, to: chars.count, by: 2).map { i in
        UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16)!
    }
}

/// Tests/Vectors, found from this file's path.
let vectorsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Vectors")

/// A private key from a repeated seed byte.
func testKey(_ byte: UInt8) -> Ed25519PrivateKey {
    try! Ed25519PrivateKey(seed: [UInt8](repeating: byte, count: 32))
}

/// One AIR v1 golden vector (Tests/Vectors/air-v1/README.md, "JSON Schema").
struct AIRVector: Decodable, Sendable, CustomStringConvertible {
    struct Claims: Decodable, Sendable {
        struct Measurements: Decodable, Sendable {
            let measurement_type: String
            let pcr0_hex: String
            let pcr1_hex: String
            let pcr2_hex: String
            let pcr8_hex: String?
        }
        let iss: String
        let iat: UInt64
        let cti_hex: String
        let eat_nonce_hex: String?
        let eat_profile: String
        let model_id: String
        let model_version: String
        let model_hash_hex: String
        let request_hash_hex: String
        let response_hash_hex: String
        let attestation_doc_hash_hex: String
        let enclave_measurements: Measurements
        let policy_version: String
        let sequence_number: UInt64
        let execution_time_ms: UInt64
        let memory_peak_mb: UInt64
        let security_mode: String
    }
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
    let payload_hex: String?
    let public_key_hex: String?
    let wrong_public_key_hex: String?
    let signing_key_seed_hex: String?
    let claims: Claims?
    let expected_failure: Failure?
    let verify_policy: Policy?

    var description: String { name }
    var receipt: [UInt8] { unhex(receipt_hex) }

    /// The key the vector is verified with: the wrong key for the wrong-key vector.
    var verificationKey: Ed25519PublicKey {
        try! Ed25519PublicKey(bytes: unhex(wrong_public_key_hex ?? public_key_hex!))
    }

    /// The vector's policy as an AIRVerifyPolicy (every check skipped when it has none).
    var policy: AIRVerifyPolicy {
        guard let p = verify_policy else { return AIRVerifyPolicy() }
        return AIRVerifyPolicy(
            maximumAge: p.max_age_secs, expectedNonce: p.expected_nonce_hex.map(unhex),
            expectedModelHash: p.expected_model_hash_hex.map { try! Hash(hex: $0) },
            expectedPlatform: p.expected_platform.map { AIRPlatform(rawValue: $0)! })
    }

    /// The vector's date (YYYY-MM-DD) at midnight UTC, in Unix seconds: the "now" of the tests.
    var now: UInt64 {
        let parts = date.split(separator: "-").map { Int($0)! }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        components.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return UInt64(calendar.date(from: components)!.timeIntervalSince1970)
    }

    static func load(_ relativePath: String) -> AIRVector {
        let url = vectorsDirectory.appendingPathComponent("air-v1").appendingPathComponent(relativePath)
        return try! JSONDecoder().decode(AIRVector.self, from: Data(contentsOf: url))
    }

    static let validNames = ["valid/v1-nitro-no-nonce.json", "valid/v1-tdx-with-nonce.json"]
    static let invalidNames = [
        "invalid/v1-wrong-key.json", "invalid/v1-wrong-alg.json", "invalid/v1-zero-model-hash.json",
        "invalid/v1-bad-measurement-length.json", "invalid/v1-nonce-mismatch.json",
        "invalid/v1-model-hash-mismatch.json", "invalid/v1-platform-mismatch.json", "invalid/v1-stale-iat.json",
    ]
    static var valid: [AIRVector] { validNames.map(load) }
    static var invalid: [AIRVector] { invalidNames.map(load) }
}

/// The public key of every AIR v1 vector (seed 0x2a repeated).
let airVectorKey = testKey(0x2A)

/// Builds and signs a tagged COSE_Sign1 over exactly `header` (no `alg` is added, any `alg` is
/// kept): for messages the public API refuses to produce.
func signedMessage(
    protected header: [CBOR: CBOR], unprotected: [CBOR: CBOR] = [:], payload: [UInt8], key: Ed25519PrivateKey
) -> [UInt8] {
    var message = COSESign1(
        protectedBytes: CBOR.map(header).encoded(), protectedHeader: header, unprotectedHeader: unprotected,
        payload: payload, signature: [])
    message.signature = key.signature(for: message.toBeSigned(payload: payload))
    return message.encoded(tagged: true)
}

/// The protected header of a well-formed statement, for tests to change one entry of.
func statementHeader(issuer: String, subject: String = "model:minilm", key: Ed25519PrivateKey) -> [CBOR: CBOR] {
    [
        .unsigned(1): .int(-8),
        .unsigned(3): .text("application/json"),
        .unsigned(4): .bytes(IssuerKey.bytes(ofKeyID: IssuerKey.keyID(name: issuer, publicKey: key.publicKey))),
        .unsigned(15): .map([.unsigned(1): .text(issuer), .unsigned(2): .text(subject)]),
    ]
}
