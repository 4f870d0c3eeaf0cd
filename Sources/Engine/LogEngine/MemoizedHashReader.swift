// The answers of one batch: every new entry's inclusion proof is in the same tree, and the proofs
// share most of their hashes (the subtrees to the left of the batch). Reading each stored hash
// once for the whole batch keeps the sequencer thread's share of the answers small.
import Merkle

/// A ``HashReader`` that remembers every hash it has read from `base`. Used by one thread for one
/// batch, then dropped; not `Sendable`.
final class MemoizedHashReader: HashReader {
    private let base: StoredTileHashReader
    private var known: [UInt64: Hash] = [:]

    init(_ base: StoredTileHashReader) {
        self.base = base
    }

    func readHashes(_ indexes: [UInt64]) throws -> [Hash] {
        let missing = Array(Set(indexes.filter { known[$0] == nil })).sorted()
        if !missing.isEmpty {
            for (index, hash) in zip(missing, try base.readHashes(missing)) { known[index] = hash }
        }
        return indexes.map { known[$0]! }
    }
}
