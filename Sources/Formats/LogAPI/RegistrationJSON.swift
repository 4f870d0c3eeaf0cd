// The JSON answer to a registration (specs/http-api.md, "POST /entries").
//
//     {"index":12,"leaf_hash":"<hex>","tree_size":13,"checkpoint":"<note>",
//      "receipt":"<base64 COSE receipt>","proof":"<c2sp.org/tlog-proof@v1 text>"}
import Foundation

/// The JSON form of a registration answer and of `GET /entries/<index>/proof?format=json`.
public struct RegistrationJSON: Codable, Sendable, Hashable {
    /// The entry's index.
    public var index: UInt64
    /// The entry's RFC 6962 leaf hash, lowercase hex.
    public var leafHash: String
    /// The size of the tree the proofs lead to.
    public var treeSize: UInt64
    /// The signed checkpoint note of that tree.
    public var checkpoint: String
    /// The RFC 9942 COSE receipt, standard base64.
    public var receipt: String
    /// The `c2sp.org/tlog-proof@v1` proof.
    public var proof: String

    enum CodingKeys: String, CodingKey {
        case index
        case leafHash = "leaf_hash"
        case treeSize = "tree_size"
        case checkpoint, receipt, proof
    }

    /// Creates the answer.
    public init(index: UInt64, leafHash: String, treeSize: UInt64, checkpoint: String, receipt: String, proof: String) {
        self.index = index
        self.leafHash = leafHash
        self.treeSize = treeSize
        self.checkpoint = checkpoint
        self.receipt = receipt
        self.proof = proof
    }

    /// The JSON encoding, with sorted keys.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return Array(try! encoder.encode(self)) + [0x0A]
    }

    /// Decodes an answer; throws `DecodingError` for anything else.
    public init(decoding bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(bytes))
    }
}
