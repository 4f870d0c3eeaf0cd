import Foundation
import LogClient
import Merkle
import Notes
import Statements
import Verification

/// The v2 part of a receipt bundle (specs/verify.md, "Receipt bundle"): the evidence and
/// collateral statements a receipt references, each with its inclusion proof to the bundle's
/// checkpoint, and the first witnessed checkpoint that covers each, with its consistency proof to
/// the bundle's checkpoint (specs/evidence.md §Time).
enum BundleEvidence {
    /// Adds the entries of the statements in `paths` to `bundle`, fetched from the log and checked
    /// against the bundle's checkpoint before anything is written.
    static func adding(statements paths: [String], to bundle: ReceiptBundle, from client: LogClient, key: VerifierKey?)
        async throws -> ReceiptBundle
    {
        var indexes: [UInt64] = []
        for path in paths {
            let bytes = try InputFile.read(path, limit: SignedStatement.maximumInputSize, what: "evidence statement")
            let leaf: [UInt8]
            do { leaf = try SignedStatement(parsing: bytes).leaf } catch {
                throw CommandFailure("\(path) is not a signed statement: \(error.message)")
            }
            switch await fetching({ () async throws(LogClientError) in try await client.lookup(leafHash: Hash.leaf(leaf)) }) {
            case .success(let i): indexes.append(i)
            case .failure(let error) where error.code == .status:
                throw CommandFailure("\(path) is not in the log: register it with 'receiptlog submit' first (\(error.message))")
            case .failure(let error): throw error
            }
        }
        let entries = try await self.entries(Set(indexes).sorted(), at: bundle.checkpoint, from: client)
        let witnessed = try await self.witnessed(for: entries.map(\.index), at: bundle.checkpoint, from: client, key: key)
        do {
            return try ReceiptBundle(
                statement: bundle.statement, proof: bundle.proof, coseReceipt: bundle.coseReceipt, entries: entries,
                witnessed: witnessed)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// The entries at `indexes` with their inclusion proofs to `checkpoint`, each checked.
    static func entries(_ indexes: [UInt64], at checkpoint: Checkpoint, from client: LogClient) async throws -> [BundleEntry] {
        var out: [BundleEntry] = []
        for index in indexes {
            guard index < checkpoint.treeSize else {
                throw CommandFailure(
                    "entry \(index) was logged after the bundle's checkpoint of size \(checkpoint.treeSize); run 'receiptlog bundle refresh' once the log has published a newer checkpoint")
            }
            let statement = try await client.entry(index)
            let answer = try await client.proof(index: index, treeSize: checkpoint.treeSize)
            let proof = try BundleOutput.tlogProof(answer, index: index)
            let entry = try BundleEntry(index: index, statement: statement, inclusionProof: proof.inclusionProof)
            guard entry.isIncluded(treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash) else {
                throw CommandFailure("refused: the log's inclusion path for entry \(index) does not lead to the bundle's checkpoint")
            }
            out.append(entry)
        }
        return out
    }

    /// For each index, the first witnessed checkpoint covering it, with its consistency proof to
    /// `checkpoint` (built from tiles authenticated against `checkpoint`), each checked.
    static func witnessed(for indexes: [UInt64], at checkpoint: Checkpoint, from client: LogClient, key: VerifierKey?)
        async throws -> [WitnessedCheckpoint]
    {
        var bySize: [UInt64: WitnessedCheckpoint] = [:]
        for index in indexes {
            let bytes: [UInt8]
            switch await fetching({ () async throws(LogClientError) in try await client.firstWitnessedCheckpoint(covering: index) }) {
            case .success(let b): bytes = b
            case .failure(let error) where error.code == .status:
                throw CommandFailure("no witnessed checkpoint covers entry \(index): \(error.message)")
            case .failure(let error): throw error
            }
            let note: Note
            do {
                note = try Note(parsing: bytes)
                if let key { _ = try note.verify(with: [key]) }
            } catch {
                throw CommandFailure("the log's witnessed checkpoint for entry \(index) does not verify: \(error)")
            }
            var w = try WitnessedCheckpoint(note: note, consistencyProof: [])
            let size = w.checkpoint.treeSize
            guard size > index, size <= checkpoint.treeSize else {
                throw CommandFailure(
                    "the log's first witnessed checkpoint for entry \(index) has size \(size), not in (\(index), \(checkpoint.treeSize)]; refresh the bundle first")
            }
            if bySize[size] != nil { continue }
            if size < checkpoint.treeSize {
                w = try WitnessedCheckpoint(note: note, consistencyProof: try await client.consistencyProof(from: size, to: checkpoint))
            }
            guard w.isConsistent(with: checkpoint) else {
                throw CommandFailure("refused: the witnessed checkpoint of size \(size) is not consistent with the bundle's checkpoint")
            }
            bySize[size] = w
        }
        return bySize.keys.sorted().map { bySize[$0]! }
    }

    /// The result of a log request, so that a 404 can be told apart from other failures.
    private static func fetching<T>(_ body: () async throws(LogClientError) -> T) async -> Result<T, LogClientError> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
