// The entry ID of SCRAPI's receipt resolution (draft-ietf-scitt-scrapi-09 §2.5,
// `GET /entries/{EntryID}`): an entry's RFC 6962 leaf hash in lowercase hex (specs/scrapi.md).
import Merkle

/// Entry IDs: 64 lowercase hex digits of an RFC 6962 leaf hash, the form `GET /lookup` takes.
/// They never collide with an entry index, which is canonical decimal of at most 20 digits.
enum EntryID {
    /// The leaf hash `text` names; nil unless it is exactly 64 lowercase hex digits.
    static func leafHash(_ text: some StringProtocol) -> Hash? {
        guard text.utf8.count == 2 * Hash.count,
            text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        return try? Hash(hex: String(text))
    }

    /// The entry ID of the entry with `leafHash`.
    static func text(_ leafHash: Hash) -> String { leafHash.description }
}
