// What `receiptlog audit` remembers between runs (specs/audit.md): how far it has checked the
// log, the tree up to there, and every checkpoint it has seen.
import Foundation
import Merkle

/// The audit's progress, saved as JSON after every window of entry bundles.
public struct AuditState: Codable, Sendable {
    /// The log's origin.
    public var origin: String
    /// How many entries have been checked: always a multiple of 256 (a full entry bundle), so a
    /// resumed audit starts at a bundle boundary.
    public var size: UInt64
    /// The compact range of the first ``size`` entries, hex.
    public var range: [String]
    /// The hashes at tile levels 1, 2, … computed from the checked entries, hex, for checking
    /// the hash tiles above level 0.
    public var upper: [[String]]
    /// Every signed checkpoint note the audit has seen, oldest first.
    public var checkpoints: [String]

    /// A fresh state for `origin`.
    public init(origin: String) {
        self.origin = origin
        size = 0
        range = []
        upper = []
        checkpoints = []
    }

    /// The compact range, parsed.
    func compactRange() throws -> CompactRange {
        try CompactRange(size: size, hashes: range.map { try Hash(hex: $0) })
    }

    /// The JSON encoding.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try! encoder.encode(self))
    }

    /// Decodes a saved state.
    public init(decoding bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(bytes))
    }
}
