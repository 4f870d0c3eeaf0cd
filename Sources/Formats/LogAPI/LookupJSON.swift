// The answer of `GET /lookup/<hex leaf hash>` (specs/http-api.md).
//
//     {"index":12,"leaf_hash":"<hex>"}
import Foundation

/// The JSON answer to a lookup by leaf hash.
public struct LookupJSON: Codable, Sendable, Hashable {
    /// The entry's index.
    public var index: UInt64
    /// The entry's RFC 6962 leaf hash, lowercase hex.
    public var leafHash: String

    enum CodingKeys: String, CodingKey {
        case index
        case leafHash = "leaf_hash"
    }

    /// Creates the answer.
    public init(index: UInt64, leafHash: String) {
        self.index = index
        self.leafHash = leafHash
    }

    /// The JSON encoding, with sorted keys.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try! encoder.encode(self)) + [0x0A]
    }

    /// Decodes an answer; throws `DecodingError` for anything else.
    public init(decoding bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(bytes))
    }
}
