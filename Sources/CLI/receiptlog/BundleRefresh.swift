import ArgumentParser
import LogClient
import Merkle
import Notes
import Verification

/// `receiptlog bundle refresh --log URL --bundle FILE (--vkey VKEY | --unverified)`: replaces a
/// bundle's checkpoint with the log's newest published one and a fresh inclusion path
/// (specs/verify.md, "Refreshing a bundle").
struct BundleRefresh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Replace a bundle's log-only or older checkpoint with the log's newest published one and a fresh path.",
        discussion: """
            The new checkpoint must be consistent with the bundle's: the consistency proof is built \
            here from the log's tiles, authenticated against the new checkpoint, never taken from \
            the log. The new inclusion path must verify. It never overwrites a file.
            """)

    @Option(help: "The log's base URL.")
    var log: String

    @Option(help: "The receipt bundle to refresh.")
    var bundle: String

    @OptionGroup var logKey: LogKeyOptions

    @Option(help: "Write the refreshed bundle to this new file instead of standard output.")
    var out: String?

    func run() async throws {
        let key = try logKey.key()
        let client = try LogURL.client(log)
        let old: ReceiptBundle
        do {
            old = try ReceiptBundle(parsing: try InputFile.read(bundle, limit: ReceiptBundle.maxCount, what: "bundle"))
        } catch let error as VerificationError {
            throw CommandFailure("the bundle \(bundle) does not parse: \(error.message)")
        }
        let refreshed = try await LogURL.run { try await Self.refresh(old, from: client, key: key) }
        try BundleOutput.write(refreshed, to: out)
        logKey.warnIfUnverified()
    }

    /// The refreshed bundle: the log's published note and the path to it, once the published
    /// checkpoint is shown consistent with the bundle's and the path verifies.
    static func refresh(_ old: ReceiptBundle, from client: LogClient, key: VerifierKey?) async throws -> ReceiptBundle {
        let (note, checkpoint) = try await BundleOutput.publishedCheckpoint(client, key: key)
        let oldCheckpoint = old.checkpoint
        guard checkpoint.origin == oldCheckpoint.origin else {
            throw CommandFailure("the log's checkpoint is for \"\(checkpoint.origin)\", the bundle's for \"\(oldCheckpoint.origin)\"")
        }
        guard checkpoint.treeSize >= oldCheckpoint.treeSize else {
            throw CommandFailure(
                "the log's published checkpoint (size \(checkpoint.treeSize)) is older than the bundle's (size \(oldCheckpoint.treeSize))")
        }
        // RFC 9162 §2.1.4: the bundle's tree must be a prefix of the published one. The proof
        // comes from tiles authenticated against the new checkpoint, so the log cannot choose it.
        let consistent: Bool
        if checkpoint.treeSize == oldCheckpoint.treeSize {
            consistent = checkpoint.rootHash == oldCheckpoint.rootHash
        } else {
            do {
                let hashes = try await client.consistencyProof(from: oldCheckpoint.treeSize, to: checkpoint)
                try ConsistencyProof(oldSize: oldCheckpoint.treeSize, newSize: checkpoint.treeSize, hashes: hashes)
                    .verify(oldRoot: oldCheckpoint.rootHash, newRoot: checkpoint.rootHash)
                consistent = true
            } catch let error as LogClientError where error.code != .verificationFailed {
                throw error
            } catch {
                consistent = false
            }
        }
        guard consistent else {
            throw CommandFailure(
                "refused: the log's checkpoint of size \(checkpoint.treeSize) is not consistent with the bundle's checkpoint of size \(oldCheckpoint.treeSize)")
        }
        let answer = try await client.proof(index: old.index, treeSize: checkpoint.treeSize)
        let proof = try BundleOutput.tlogProof(answer, index: old.index)
        // A v2 bundle's entries get proofs to the new checkpoint; its witnessed checkpoints stay
        // (they bound when the entries were logged) with consistency proofs to the new one.
        let entries = try await BundleEvidence.entries(old.entries.map(\.index), at: checkpoint, from: client)
        var witnessed: [WitnessedCheckpoint] = []
        for w in old.witnessed {
            let proof = w.checkpoint.treeSize == checkpoint.treeSize ? [] : try await client.consistencyProof(from: w.checkpoint.treeSize, to: checkpoint)
            let refreshedWitness = try WitnessedCheckpoint(note: w.note, consistencyProof: proof)
            guard refreshedWitness.isConsistent(with: checkpoint) else {
                throw CommandFailure("refused: the bundle's witnessed checkpoint of size \(w.checkpoint.treeSize) is not consistent with the log's checkpoint")
            }
            witnessed.append(refreshedWitness)
        }
        guard entries.map(\.statement) == old.entries.map(\.statement) else {
            throw CommandFailure("refused: the log now serves other bytes for an entry the bundle carries")
        }
        let refreshed = try old.replacingCheckpoint(note, inclusionProof: proof.inclusionProof, entries: entries, witnessed: witnessed)
        do {
            try refreshed.checkInclusion()
        } catch {
            throw CommandFailure("refused: the log's inclusion path to size \(checkpoint.treeSize) does not verify: \(error.message)")
        }
        return refreshed
    }
}
