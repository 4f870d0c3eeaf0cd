// specs/verify.md, "Receipt bundle": one self-contained file that proves a statement was
// registered in a log, readable without any network. It is a small container around a
// c2sp.org/tlog-proof@v1 proof, which it carries verbatim:
//
//     receiptlog.dev/receipt-bundle@v1                        (v2 when it has entry or witnessed lines)
//     statement <base64 of the statement: the exact entry bytes in the log>
//     cose-receipt <base64 of the RFC 9942 COSE receipt>      (optional)
//     entry <index> <base64 entry> <proof>                    (v2, zero or more: evidence and collateral)
//     witnessed <base64 note> <proof>                         (v2, zero or more: witnessed checkpoints)
//     <empty line>
//     c2sp.org/tlog-proof@v1
//     index <decimal>
//     <base64 hashes of the inclusion proof>
//     <empty line>
//     <signed, possibly cosigned, checkpoint>
//
// The statement travels beside the proof rather than in its `extra` line: tlog-proof's extra data
// is opaque and unauthenticated by design, and the container must carry the COSE receipt anyway.
public import Merkle
public import Notes
public import Statements

/// A receipt bundle: a registered statement, its RFC 9942 COSE receipt if any, and the
/// `c2sp.org/tlog-proof@v1` proof (index, inclusion proof, signed checkpoint) of its inclusion.
///
/// Creating or parsing a bundle checks its format only; ``Verifier`` decides what it proves.
/// ``encoded`` gives back exactly the parsed bytes. Values are immutable and `Sendable`.
public struct ReceiptBundle: Hashable, Sendable {
    /// The statement: the exact bytes of the log entry (a signed statement's leaf form, or an AIR
    /// v1 receipt registered directly); 1…65,535 bytes.
    public let statement: [UInt8]
    /// The bytes of the RFC 9942 receipt of inclusion for the statement, if the bundle carries
    /// one. They are parsed only by the `cose-receipt` layer of the ``Verifier``, so that a
    /// receipt it cannot read fails that layer alone.
    public let coseReceiptBytes: [UInt8]?
    /// The offline proof: index, inclusion proof and the signed checkpoint. It has no `extra` line.
    public let proof: TlogProof
    /// Other entries the receipt rests on (evidence and collateral statements), in index order,
    /// each with its inclusion proof to ``checkpoint``. Empty in a v1 bundle.
    public let entries: [BundleEntry]
    /// Witnessed checkpoints no larger than ``checkpoint``, in tree-size order, each with its
    /// consistency proof to it: they bound when the entries were logged. Empty in a v1 bundle.
    public let witnessed: [WitnessedCheckpoint]

    /// The first line of a bundle without entry or witnessed lines.
    public static let header = "receiptlog.dev/receipt-bundle@v1"
    /// The first line of a bundle with entry or witnessed lines.
    public static let headerV2 = "receiptlog.dev/receipt-bundle@v2"
    /// The most entry lines, and the most witnessed lines, a bundle holds.
    public static let maxEntries = 16
    /// The largest statement, in bytes: an entry's length prefix in an entry bundle is 16 bits
    /// (c2sp.org/tlog-tiles).
    public static let maxStatementCount = 65_535
    /// The largest encoded COSE receipt accepted, in bytes.
    public static let maxCOSEReceiptCount = 16_384
    /// The largest encoded bundle accepted, in bytes: a maximal proof, statement and receipt and
    /// their lines.
    public static let maxCount =
        TlogProof.maxCount + (maxStatementCount + maxCOSEReceiptCount) / 3 * 4 + 8 + 256
        + maxEntries * ((maxStatementCount + 2) / 3 * 4 + 64 * 45 + 32)
        + maxEntries * ((TlogProof.maxCount + 2) / 3 * 4 + 64 * 45 + 16)

    /// The first line of this bundle: v2 when it carries entries or witnessed checkpoints.
    public var headerLine: String { entries.isEmpty && witnessed.isEmpty ? Self.header : Self.headerV2 }

    /// Creates a bundle from a statement, its proof and optionally its COSE receipt.
    ///
    /// Throws ``VerificationError/Code/badBundle`` if the statement is empty or longer than
    /// ``maxStatementCount`` bytes, or the proof has an `extra` line.
    public init(
        statement: [UInt8], proof: TlogProof, coseReceipt: COSEReceipt? = nil, entries: [BundleEntry] = [],
        witnessed: [WitnessedCheckpoint] = []
    ) throws(VerificationError) {
        try self.init(
            statement: statement, proof: proof, coseReceiptBytes: coseReceipt?.encoded(), entries: entries, witnessed: witnessed)
    }

    /// Creates a bundle whose COSE receipt is given as bytes, unparsed; see
    /// ``init(statement:proof:coseReceipt:entries:witnessed:)``.
    public init(
        statement: [UInt8], proof: TlogProof, coseReceiptBytes: [UInt8]?, entries: [BundleEntry] = [],
        witnessed: [WitnessedCheckpoint] = []
    ) throws(VerificationError) {
        guard !statement.isEmpty, statement.count <= Self.maxStatementCount else {
            throw VerificationError(
                .badBundle, "a bundle's statement is 1…\(Self.maxStatementCount) bytes, not \(statement.count)")
        }
        guard proof.extra.isEmpty else {
            throw VerificationError(
                .badBundle, "a bundle's tlog-proof has no extra line: the statement travels in the statement line")
        }
        if let coseReceiptBytes, !(1...Self.maxCOSEReceiptCount).contains(coseReceiptBytes.count) {
            throw VerificationError(.badBundle, "a bundle's COSE receipt is 1…\(Self.maxCOSEReceiptCount) bytes")
        }
        guard entries.count <= Self.maxEntries, witnessed.count <= Self.maxEntries else {
            throw VerificationError(.badBundle, "a bundle carries at most \(Self.maxEntries) entries and \(Self.maxEntries) witnessed checkpoints")
        }
        guard zip(entries, entries.dropFirst()).allSatisfy({ $0.index < $1.index }),
              zip(witnessed, witnessed.dropFirst()).allSatisfy({ $0.checkpoint.treeSize < $1.checkpoint.treeSize })
        else {
            throw VerificationError(.badBundle, "a bundle lists its entries by increasing index and its witnessed checkpoints by increasing tree size")
        }
        self.statement = statement
        self.proof = proof
        self.coseReceiptBytes = coseReceiptBytes
        self.entries = entries
        self.witnessed = witnessed
    }

    /// Creates a bundle from the parts a log client fetches: the statement, its index, the
    /// inclusion proof to the checkpoint in `note`, and optionally the COSE receipt.
    ///
    /// Throws ``VerificationError/Code/badBundle`` for a bad statement size, more than 64 proof
    /// hashes, or a note whose text is not a checkpoint. The proof is not checked against the
    /// checkpoint here: call ``checkInclusion()`` to catch a wrong path before writing a bundle.
    public init(
        statement: [UInt8], index: UInt64, inclusionProof: [Hash], note: Note, coseReceipt: COSEReceipt? = nil
    ) throws(VerificationError) {
        let proof: TlogProof
        do {
            proof = try TlogProof(index: index, inclusionProof: inclusionProof, note: note)
        } catch {
            throw VerificationError(.badBundle, "not a tlog-proof: \(error.message)")
        }
        try self.init(statement: statement, proof: proof, coseReceipt: coseReceipt)
    }

    /// The COSE receipt, parsed (``COSEReceipt/parse(_:)``); nil when the bundle carries none.
    public var parsedCOSEReceipt: Result<COSEReceipt, StatementsError>? {
        coseReceiptBytes.map { bytes in Result { () throws(StatementsError) in try COSEReceipt.parse(bytes) } }
    }

    /// The COSE receipt, when the bundle carries one that parses.
    public var coseReceipt: COSEReceipt? { try? parsedCOSEReceipt?.get() }

    /// The entry's index in the log.
    public var index: UInt64 { proof.index }
    /// The checkpoint the inclusion proof leads to.
    public var checkpoint: Checkpoint { proof.checkpoint }
    /// The signed checkpoint note, with its log signature and any witness cosignatures.
    public var note: Note { proof.note }
    /// The statement's leaf hash: SHA-256(0x00 ‖ statement) (RFC 6962 §2.1).
    public var leafHash: Hash { Hash.leaf(statement) }

    /// Returns this bundle with another checkpoint and the inclusion proof to it: what
    /// `bundle refresh` does when a newer, witnessed checkpoint is available. The statement,
    /// index and COSE receipt are kept.
    ///
    /// Throws ``VerificationError/Code/badBundle`` as ``init(statement:index:inclusionProof:note:coseReceipt:)``
    /// does. Nothing is verified: call ``checkInclusion()`` on the result.
    /// A v2 bundle's entries and witnessed checkpoints need proofs to the new checkpoint: pass
    /// them; nil keeps the old ones (right only for a v1 bundle).
    public func replacingCheckpoint(
        _ note: Note, inclusionProof: [Hash], entries: [BundleEntry]? = nil, witnessed: [WitnessedCheckpoint]? = nil
    ) throws(VerificationError) -> ReceiptBundle {
        let base = try ReceiptBundle(statement: statement, index: index, inclusionProof: inclusionProof, note: note)
        return try ReceiptBundle(
            statement: statement, proof: base.proof, coseReceiptBytes: coseReceiptBytes, entries: entries ?? self.entries,
            witnessed: witnessed ?? self.witnessed)
    }

    /// Checks that the inclusion proof leads from the statement's leaf hash at ``index`` to the
    /// checkpoint's root hash (RFC 9162 §2.1.3.2). No signature is checked: that is the
    /// ``Verifier``'s job, against a trust policy.
    ///
    /// Throws ``VerificationError/Code/inclusionFailed`` when it does not.
    public func checkInclusion() throws(VerificationError) {
        let checkpoint = proof.checkpoint
        guard index < checkpoint.treeSize else {
            throw VerificationError(
                .inclusionFailed, "index \(index) is not below the checkpoint's tree size \(checkpoint.treeSize)")
        }
        do {
            try InclusionProof(leafIndex: index, treeSize: checkpoint.treeSize, hashes: proof.inclusionProof)
                .verify(leafHash: leafHash, rootHash: checkpoint.rootHash)
        } catch {
            throw VerificationError(
                .inclusionFailed,
                "the inclusion proof does not lead from the statement at index \(index) to the root of the tree of size \(checkpoint.treeSize)")
        }
    }
}
