// specs/verify.md, "Receipt bundle" v2: another entry of the same log that the receipt rests on
// (an evidence or collateral statement, specs/evidence.md), with its inclusion proof against the
// bundle's own checkpoint.
public import Merkle

/// An entry carried beside the receipt: its index, its exact bytes in the log, and the inclusion
/// proof to the bundle's checkpoint.
public struct BundleEntry: Hashable, Sendable {
    /// The entry's index in the log.
    public let index: UInt64
    /// The entry as stored in the log (a signed statement's leaf form); 1…65,535 bytes.
    public let statement: [UInt8]
    /// The inclusion proof to the bundle's checkpoint (RFC 9162 §2.1.3), at most 64 hashes.
    public let inclusionProof: [Hash]

    /// Creates an entry; throws `badBundle` for an empty or oversized statement or a proof over 64 hashes.
    public init(index: UInt64, statement: [UInt8], inclusionProof: [Hash]) throws(VerificationError) {
        guard !statement.isEmpty, statement.count <= ReceiptBundle.maxStatementCount else {
            throw VerificationError(.badBundle, "a bundle entry is 1…\(ReceiptBundle.maxStatementCount) bytes, not \(statement.count)")
        }
        guard inclusionProof.count <= 64 else {
            throw VerificationError(.badBundle, "an inclusion proof has at most 64 hashes")
        }
        self.index = index
        self.statement = statement
        self.inclusionProof = inclusionProof
    }

    /// The entry's leaf hash (RFC 6962 §2.1).
    public var leafHash: Hash { Hash.leaf(statement) }

    /// Whether the proof leads from the entry to `rootHash` of the tree of `treeSize`.
    public func isIncluded(treeSize: UInt64, rootHash: Hash) -> Bool {
        guard index < treeSize else { return false }
        return (try? InclusionProof(leafIndex: index, treeSize: treeSize, hashes: inclusionProof)
            .verify(leafHash: leafHash, rootHash: rootHash)) != nil
    }
}
