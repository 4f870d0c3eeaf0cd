// Hashes as lines of standard base64, one per line, each ending in a newline: the body of
// `GET /proof/consistency` (specs/http-api.md), as in the proof lines of c2sp.org/tlog-witness.
public import Merkle
import Notes

/// Encodes and parses a list of hashes as base64 lines.
public enum ProofLines {
    /// The most hashes a proof of a tree of at most 2^64 leaves has.
    public static let maxHashes = 127

    /// The lines for `hashes`.
    public static func encode(_ hashes: [Hash]) -> [UInt8] {
        var out: [UInt8] = []
        for h in hashes {
            out += Array(Base64.encode(h.bytes).utf8)
            out.append(0x0A)
        }
        return out
    }

    /// Parses lines strictly: each exactly a canonical base64 encoding of 32 bytes and a newline,
    /// at most ``maxHashes`` of them. Returns nil for anything else.
    public static func parse(_ bytes: [UInt8]) -> [Hash]? {
        guard bytes.isEmpty || bytes.last == 0x0A else { return nil }
        var hashes: [Hash] = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            guard hashes.count < maxHashes,
                let raw = try? Base64.decode(utf8: line, maxCount: Hash.count),
                let hash = try? Hash(bytes: raw)
            else { return nil }
            hashes.append(hash)
        }
        return hashes
    }
}
