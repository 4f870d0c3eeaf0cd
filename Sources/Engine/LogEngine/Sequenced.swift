public import Merkle

/// Where the sequencer put a registration: its index, and the size of the first signed
/// checkpoint that covers it.
public struct Sequenced: Sendable, Hashable {
    /// The entry's index in the log.
    public let index: UInt64
    /// The entry's RFC 6962 leaf hash.
    public let leafHash: Hash
    /// The size of the first signed checkpoint whose tree holds the entry. The same statement
    /// registered again gets the same index and the same tree size (specs/http-api.md,
    /// "Duplicates").
    public let treeSize: UInt64
}
