import CBOR
import CryptoPrimitives
import Foundation
import Testing
import COSE

/// The AIR v1 golden vectors (Tests/Vectors/air-v1), signed by another implementation: each is a
/// COSE_Sign1 that parses strictly, re-encodes to the same bytes, and verifies (or fails) as the
/// vector says at the signature level.
@Suite struct AIRVectorSignatureTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Vectors/air-v1")

    static func vector(_ path: String, keyField: String = "public_key_hex") throws -> (receipt: [UInt8], publicKey: Ed25519PublicKey) {
        let data = try Data(contentsOf: directory.appendingPathComponent(path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let receipt = try #require(json["receipt_hex"] as? String)
        let key = try #require(json[keyField] as? String)
        return (hex(receipt), try Ed25519PublicKey(bytes: hex(key)))
    }

    @Test(arguments: [
        "valid/v1-nitro-no-nonce.json", "valid/v1-tdx-with-nonce.json", "invalid/v1-zero-model-hash.json",
        "invalid/v1-stale-iat.json",
    ])
    func signatureVerifies(_ path: String) throws {
        let (receipt, key) = try Self.vector(path)
        let message = try COSESign1.parse(receipt, requireDeterministic: true)
        #expect(message.encoded() == receipt)
        #expect(message.algorithm == COSEAlgorithm.edDSA)
        try message.verify(key: key)
    }

    @Test func wrongKeyVectorFailsTheSignature() throws {
        let (receipt, key) = try Self.vector("invalid/v1-wrong-key.json", keyField: "wrong_public_key_hex")
        #expect(throws: COSEError(.signatureInvalid, "")) { try COSESign1.parse(receipt).verify(key: key) }
    }

    @Test func wrongAlgorithmVectorIsRefused() throws {
        let (receipt, key) = try Self.vector("invalid/v1-wrong-alg.json")
        let message = try COSESign1.parse(receipt)
        #expect(throws: COSEError(.unsupportedAlgorithm, "")) { try message.verify(key: key) }
    }
}
