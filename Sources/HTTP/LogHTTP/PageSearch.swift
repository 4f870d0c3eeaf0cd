// The search of the log's pages (`/ui/search?q=`, specs/http-api.md "Pages"): an entry index, an
// RFC 6962 leaf hash, or the SHA-256 of a statement as logged (what `receiptlog issue` records as
// `statement_sha256`).
import CryptoPrimitives
import Foundation
import LogEngine
import Merkle

/// A parsed search query.
enum PageSearch: Equatable {
    /// An entry index (canonical decimal).
    case index(UInt64)
    /// 64 hex digits: a leaf hash or a statement's SHA-256.
    case hash(Hash)

    /// The longest query accepted.
    static let maxLength = 200
    /// How many of the newest entries a statement SHA-256 is looked for in: the log indexes leaf
    /// hashes only, so a statement hash is found by reading entry bundles, newest first.
    static let statementScanLimit: UInt64 = 4096

    /// Parses `q` (surrounding spaces ignored; hex in either case). Throws a message for people
    /// for anything else.
    init(_ q: String?) throws(PageSearchError) {
        guard let q, q.utf8.count <= Self.maxLength else {
            throw PageSearchError("Enter an entry index, a leaf hash or a statement SHA-256 (64 hex digits).")
        }
        let text = q.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw PageSearchError("The search is empty: enter an entry index, a leaf hash or a statement SHA-256 (64 hex digits).")
        }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), text.utf8.count < 2 * Hash.count {
            guard let index = Decimal64.parse(text.utf8) else {
                throw PageSearchError("\(text) is not an entry index: an index is a decimal integer from 0 to \(UInt64.max), without leading zeros.")
            }
            self = .index(index)
            return
        }
        guard text.utf8.count == 2 * Hash.count, let hash = try? Hash(hex: text.lowercased()) else {
            throw PageSearchError(
                "\(text) is neither an entry index nor a hash: a leaf hash or a statement SHA-256 is 64 hex digits.")
        }
        self = .hash(hash)
    }

    /// The index of the entry whose SHA-256 is `digest`, among the newest ``statementScanLimit``
    /// entries of the published tree, or nil. Blocks on disk.
    static func entry(withSHA256 digest: Hash, in service: LogService) throws -> UInt64? {
        let size = service.treeHead.treeSize
        let low = size > statementScanLimit ? size - statementScanLimit : 0
        var bundle = size >> UInt64(Tile.height)
        while true {
            let first = bundle << UInt64(Tile.height)
            let width = Int(min(size - first, UInt64(Tile.fullWidth)))
            if width > 0 {
                let data = try service.tile(try TilePath.entries(index: bundle, width: width))
                let entries = try EntryBundle(parsing: data).entries
                for (offset, entry) in entries.enumerated().reversed() where first + UInt64(offset) >= low {
                    if SHA256.digest(entry) == digest.bytes { return first + UInt64(offset) }
                }
            }
            if bundle == 0 || first <= low { return nil }
            bundle -= 1
        }
    }
}

/// A search query that is not one, with a message for people.
struct PageSearchError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
