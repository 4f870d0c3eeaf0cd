// Fetch-and-verify: what a client checks before it trusts a log's answer.
import Merkle
public import Notes

extension LogClient {
    /// Fetches the latest checkpoint and verifies the log's signature with `key` (whose name is
    /// the log's origin, c2sp.org/tlog-checkpoint). Throws
    /// ``LogClientError/Code/verificationFailed`` when it does not verify.
    public func verifiedCheckpoint(key: VerifierKey) async throws(LogClientError) -> (note: Note, checkpoint: Checkpoint) {
        let bytes = try await checkpoint()
        do {
            let note = try Note(parsing: bytes)
            _ = try note.verify(with: [key])
            let checkpoint = try Checkpoint(text: note.text)
            guard checkpoint.origin == key.name else {
                throw LogClientError(.verificationFailed, "the checkpoint's origin is \"\(checkpoint.origin)\", not \"\(key.name)\"")
            }
            return (note, checkpoint)
        } catch let error as LogClientError {
            throw error
        } catch {
            throw LogClientError(.verificationFailed, "the checkpoint does not verify: \(LogClientError.message(of: error))")
        }
    }

    /// Checks a `c2sp.org/tlog-proof@v1` proof of `entry`: the inclusion proof must lead from
    /// the entry's leaf hash to the checkpoint's root, and, when `key` is given, the checkpoint
    /// must carry the log's valid signature. Throws ``LogClientError/Code/verificationFailed``.
    public static func verify(proof: TlogProof, entry: [UInt8], key: VerifierKey?) throws(LogClientError) {
        do {
            if let key {
                _ = try proof.note.verify(with: [key])
                guard proof.checkpoint.origin == key.name else {
                    throw LogClientError(.verificationFailed, "the proof's checkpoint is for \"\(proof.checkpoint.origin)\", not \"\(key.name)\"")
                }
            }
            guard proof.index < proof.checkpoint.treeSize else {
                throw LogClientError(.verificationFailed, "index \(proof.index) is not below the tree size \(proof.checkpoint.treeSize)")
            }
            try InclusionProof(leafIndex: proof.index, treeSize: proof.checkpoint.treeSize, hashes: proof.inclusionProof)
                .verify(leafHash: Hash.leaf(entry), rootHash: proof.checkpoint.rootHash)
        } catch let error as LogClientError {
            throw error
        } catch {
            throw LogClientError(.verificationFailed, "the proof does not verify: \(LogClientError.message(of: error))")
        }
    }
}
