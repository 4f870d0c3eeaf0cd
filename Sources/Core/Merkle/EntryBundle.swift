// c2sp.org/tlog-tiles, "Log entries": entry bundles.
//
// A bundle is the entries of one level-0 tile, in order, each as a big-endian uint16 length
// followed by that many bytes. For example the bundle of the two entries "hi" and "" is
//
//     00 02 68 69 00 00

/// The entries of one level-0 tile: 1 to 256 entries of 0 to 65,535 bytes each.
///
/// Parsing is strict and canonical: `EntryBundle(parsing: b.encoded) == b` and
/// `EntryBundle(parsing: x).encoded == x`.
public struct EntryBundle: Hashable, Sendable {
    /// The most entries a bundle holds: one per hash of a full tile.
    public static let maxEntries = Tile.fullWidth
    /// The longest entry: the largest length a uint16 prefix can state.
    public static let maxEntryLength = Int(UInt16.max)
    /// The longest encoded bundle: 256 entries of 2 + 65,535 bytes.
    public static let maxEncodedLength = maxEntries * (2 + maxEntryLength)

    /// The entries, in log order.
    public let entries: [[UInt8]]

    /// Creates a bundle of `entries`.
    ///
    /// Throws ``MerkleError/Code/badEntryBundle`` unless there are 1...256 entries, and
    /// ``MerkleError/Code/entryTooLarge`` if any entry is longer than 65,535 bytes: an entry
    /// is refused, never truncated.
    public init(entries: [[UInt8]]) throws(MerkleError) {
        guard (1...EntryBundle.maxEntries).contains(entries.count) else {
            throw MerkleError(.badEntryBundle, "a bundle holds 1...256 entries, not \(entries.count)")
        }
        for (i, e) in entries.enumerated() where e.count > EntryBundle.maxEntryLength {
            throw MerkleError(
                .entryTooLarge, "entry \(i) is \(e.count) bytes; entries are at most \(EntryBundle.maxEntryLength)")
        }
        self.entries = entries
    }

    /// Parses an encoded bundle.
    ///
    /// Throws ``MerkleError/Code/badEntryBundle`` for empty input, a truncated length prefix,
    /// an entry shorter than its prefix says, more than 256 entries, or input longer than
    /// ``maxEncodedLength``.
    public init(parsing bytes: some Collection<UInt8>) throws(MerkleError) {
        guard bytes.count <= EntryBundle.maxEncodedLength else {
            throw MerkleError(.badEntryBundle, "\(bytes.count) bytes is longer than any entry bundle")
        }
        let input = Array(bytes)
        guard !input.isEmpty else { throw MerkleError(.badEntryBundle, "an entry bundle holds at least one entry") }
        var entries: [[UInt8]] = []
        var at = 0
        while at < input.count {
            guard entries.count < EntryBundle.maxEntries else {
                throw MerkleError(.badEntryBundle, "more than \(EntryBundle.maxEntries) entries in a bundle")
            }
            guard input.count - at >= 2 else {
                throw MerkleError(.badEntryBundle, "truncated length prefix of entry \(entries.count)")
            }
            let length = Int(input[at]) << 8 | Int(input[at + 1])
            at += 2
            guard input.count - at >= length else {
                throw MerkleError(
                    .badEntryBundle, "entry \(entries.count) says \(length) bytes, \(input.count - at) remain")
            }
            entries.append(Array(input[at..<(at + length)]))
            at += length
        }
        self.entries = entries
    }

    /// The encoded bundle: each entry's big-endian uint16 length, then its bytes.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + 2 + $1.count })
        for e in entries {
            out.append(UInt8(e.count >> 8))
            out.append(UInt8(e.count & 0xff))
            out += e
        }
        return out
    }

    /// The RFC 6962 leaf hash of each entry, in order: the level-0 tile these entries hash to.
    public var leafHashes: [Hash] { entries.map { Hash.leaf($0) } }
}
