// Split-view detection (specs/monitor.md, "Each check"): one log, its witnesses' views of it,
// and the last checkpoint trusted, compared by proofs built from the log's tiles.
import Merkle
public import Notes

/// Follows one log and checks that everyone is shown the same history. Each ``check()`` fetches
/// the log's checkpoint, compares it with the trusted one kept in ``store`` (replacing it with a
/// consistent, larger one), then compares each witness's view with the trusted checkpoint.
///
/// It never asks the log for a consistency proof: it builds each from the log's tiles,
/// authenticated against the larger checkpoint (``LogClient/consistencyProof(from:to:)``), so a
/// log that lies cannot make a bad proof pass. Looping, waiting between checks and writing
/// evidence are the caller's.
public struct SplitViewMonitor: Sendable {
    /// What one check found.
    public enum Outcome: Sendable {
        /// The log's checkpoint is consistent with the trusted one and every witness's view.
        /// `trusted` is the trusted checkpoint after the check; `advanced` says whether this
        /// check saved it (the first checkpoint seen, or a consistent, larger one).
        case consistent(trusted: Checkpoint, advanced: Bool)
        /// The log's checkpoint and the trusted one cannot both be true; the trusted one is
        /// kept.
        case splitView(SplitViewEvidence)
        /// The view of the witness at `witness` (its base URL) and the trusted checkpoint cannot
        /// both be true. `trusted` and `advanced` are as in ``consistent(trusted:advanced:)``:
        /// the log's own checkpoint was consistent, and may have been saved, before the witness
        /// was asked.
        case witnessDisagreement(witness: String, evidence: SplitViewEvidence, trusted: Checkpoint, advanced: Bool)

        /// The evidence, when the check found an inconsistency.
        public var evidence: SplitViewEvidence? {
            switch self {
            case .consistent: nil
            case .splitView(let evidence), .witnessDisagreement(_, let evidence, _, _): evidence
            }
        }
    }

    /// The log.
    public let log: LogClient
    /// The log's verifier key; its name is the log's origin (c2sp.org/tlog-checkpoint).
    public let key: VerifierKey
    /// The witnesses whose views (`GET /checkpoint/<origin hash>`) are compared, in order.
    public let witnesses: [LogClient]
    /// Where the trusted checkpoint is kept.
    public let store: any MonitorStateStore

    /// A monitor of `log`, signed by `key`, comparing with `witnesses`, keeping its trusted
    /// checkpoint in `store`.
    public init(log: LogClient, key: VerifierKey, witnesses: [LogClient] = [], store: any MonitorStateStore) {
        self.log = log
        self.key = key
        self.witnesses = witnesses
        self.store = store
    }

    /// `monitor-<first 16 hex digits of the origin hash>.checkpoint`: the default state file name
    /// for the log whose origin is `origin`.
    public static func defaultStatePath(origin: String) -> String {
        "monitor-\(LogClient.originHash(origin).prefix(16)).checkpoint"
    }

    /// The trusted checkpoint, or nil before the first. Throws
    /// ``LogClientError/Code/unusableState`` when the store cannot be read or holds anything but
    /// a checkpoint the log key signed.
    public func trusted() throws(LogClientError) -> (note: Note, checkpoint: Checkpoint)? {
        guard let bytes = try store.load() else { return nil }
        do {
            let note = try Note(parsing: bytes)
            _ = try note.verify(with: [key])
            return (note, try Checkpoint(text: note.text))
        } catch {
            throw LogClientError(
                .unusableState, "the \(store.name) is not a checkpoint signed by the log key: \(LogClientError.message(of: error))",
                underlying: error)
        }
    }

    /// One check (specs/monitor.md, "Each check"). Saves the log's checkpoint as the trusted one
    /// when it is the first or consistent and larger; returns what was found.
    ///
    /// Throws the client's errors when a check could not run: the log or a witness cannot be
    /// reached, a checkpoint does not verify under ``key``
    /// (``LogClientError/Code/verificationFailed``), tiles do not authenticate against the
    /// larger checkpoint (``LogClientError/Code/verificationFailed``: tiles are not signed, so
    /// that is no evidence), or the store cannot be used (``LogClientError/Code/unusableState``).
    public func check() async throws(LogClientError) -> Outcome {
        let latest = try await log.verifiedCheckpoint(key: key)
        var trusted = try self.trusted()
        if let old = trusted,
            let evidence = try await Self.compare(old, source: store.name, with: latest, source: log.baseURL, client: log)
        {
            return .splitView(evidence)
        }
        var advanced = false
        if trusted == nil || trusted!.checkpoint.treeSize < latest.checkpoint.treeSize {
            try store.save(latest.note.encoded)
            trusted = latest
            advanced = true
        }
        let current = trusted!
        for witness in witnesses {
            let theirs = try await view(of: witness)
            if let evidence = try await Self.compare(
                current, source: "trusted, from \(log.baseURL)", with: theirs, source: "witness \(witness.baseURL)", client: log)
            {
                return .witnessDisagreement(witness: witness.baseURL, evidence: evidence, trusted: current.checkpoint, advanced: advanced)
            }
        }
        return .consistent(trusted: current.checkpoint, advanced: advanced)
    }

    /// The latest checkpoint of the log that `witness` cosigned (c2sp.org/tlog-witness,
    /// `GET /checkpoint/<origin hash>`), which must carry the log's signature.
    private func view(of witness: LogClient) async throws(LogClientError) -> (note: Note, checkpoint: Checkpoint) {
        let bytes = try await witness.get("/checkpoint/\(LogClient.originHash(key.name))")
        do {
            let note = try Note(parsing: bytes)
            _ = try note.verify(with: [key])
            return (note, try Checkpoint(text: note.text))
        } catch {
            throw LogClientError(
                .verificationFailed,
                "witness \(witness.baseURL) serves a checkpoint the log key did not sign: \(LogClientError.message(of: error))",
                underlying: error)
        }
    }

    /// Compares two signed checkpoints: equal sizes need equal roots; otherwise the smaller must
    /// be consistent with the larger, by a proof built from the log's tiles authenticated
    /// against the larger. A checkpoint of size 0 is consistent with every other exactly when
    /// its root is the empty tree's. Returns evidence when they cannot both be true; throws
    /// ``LogClientError/Code/verificationFailed`` when the tiles do not match the larger
    /// checkpoint (the check could not run), and the fetch errors.
    static func compare(
        _ a: (note: Note, checkpoint: Checkpoint), source sourceA: String,
        with b: (note: Note, checkpoint: Checkpoint), source sourceB: String, client: LogClient
    ) async throws(LogClientError) -> SplitViewEvidence? {
        let (small, smallSource, large, largeSource) =
            a.checkpoint.treeSize <= b.checkpoint.treeSize ? (a, sourceA, b, sourceB) : (b, sourceB, a, sourceA)
        // RFC 9162 §2.1.1: the empty tree's root is SHA-256 of nothing, and every tree extends
        // the empty tree, so there is no proof to build from size 0. A signed checkpoint of size
        // 0 with any other root is false on its own.
        if small.checkpoint.treeSize == 0 {
            guard small.checkpoint.rootHash == .emptyTree else {
                return SplitViewEvidence(
                    reason: "the checkpoint of size 0 has root \(small.checkpoint.rootHash), not the empty tree's (SHA-256 of nothing)",
                    sourceA: smallSource, noteA: small.note, sourceB: largeSource, noteB: large.note, proof: nil)
            }
            if large.checkpoint.treeSize > 0 { return nil }
        }
        if small.checkpoint.treeSize == large.checkpoint.treeSize {
            guard small.checkpoint.rootHash != large.checkpoint.rootHash else { return nil }
            return SplitViewEvidence(
                reason: "two checkpoints of size \(small.checkpoint.treeSize) with different root hashes",
                sourceA: smallSource, noteA: small.note, sourceB: largeSource, noteB: large.note, proof: nil)
        }
        // Tiles that do not authenticate against the larger checkpoint prove nothing about two
        // histories (tiles are not signed): the check could not run, and there is no evidence.
        let proof: [Hash]
        do {
            proof = try await client.consistencyProof(from: small.checkpoint.treeSize, to: large.checkpoint)
        } catch {
            guard error.code == .verificationFailed else { throw error }
            throw LogClientError(
                .verificationFailed,
                "could not check \(smallSource) against \(largeSource): \(error.message); "
                    + "no evidence was written (tiles are not signed): retry later, and tell the log's operator if it persists",
                underlying: error)
        }
        do {
            try ConsistencyProof(oldSize: small.checkpoint.treeSize, newSize: large.checkpoint.treeSize, hashes: proof)
                .verify(oldRoot: small.checkpoint.rootHash, newRoot: large.checkpoint.rootHash)
            return nil
        } catch {
            return SplitViewEvidence(
                reason: "the checkpoint of size \(small.checkpoint.treeSize) is not consistent with the one of size \(large.checkpoint.treeSize)",
                sourceA: smallSource, noteA: small.note, sourceB: largeSource, noteB: large.note, proof: proof)
        }
    }
}
