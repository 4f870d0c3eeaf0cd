import ArgumentParser
import Foundation
import LogClient
import Merkle
import Notes
import WitnessEngine

/// `receiptlog monitor --log URL --vkey VKEY [--witness URL…]`: follows a log and detects split
/// views (specs/monitor.md).
struct Monitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a log: verify each checkpoint, check consistency with the last trusted one, compare with witnesses' views.",
        usage: "receiptlog monitor --log <log> --vkey <vkey> [<options>]",
        discussion: """
            The last trusted checkpoint is kept in --state and only ever replaced by a consistent, \
            larger one. On any inconsistency it writes a self-contained evidence file (the two \
            signed checkpoints and the proof that fails) and exits with status 3.
            """)

    @Option(help: "The log's base URL. Required.")
    var log: String?

    @OptionGroup var connection: ClientOptions

    @Option(help: "The log's verifier key (its name is the log's origin), or a file that holds it (the log's DIR/log.vkey). Required.")
    var vkey: String?

    @Option(help: "A witness's base URL whose view (GET /checkpoint/<origin hash>) is compared; repeatable.")
    var witness: [String] = []

    @Option(help: "The state file holding the last trusted checkpoint (default: monitor-<origin hash prefix>.checkpoint).")
    var state: String?

    @Option(help: "Where to write evidence (default: evidence-<unix time>.txt).")
    var evidence: String?

    @Option(help: "Seconds between checks.")
    var interval: Int = 10

    @Flag(help: "Check once and exit (0 when consistent).")
    var once = false

    /// The exit status for a detected inconsistency.
    static let inconsistent: Int32 = 3

    func validate() throws {
        try RequiredOptions.check(["--log": log != nil, "--vkey": vkey != nil])
    }

    func run() async throws {
        guard let log, let vkey else { throw CommandFailure("--log and --vkey are required") }
        let key = try VerifierKeyArgument.parse(vkey)
        let client = try connection.client(log)
        let witnesses = try witness.map { url throws(CommandFailure) in try connection.client(url, server: "witness") }
        let statePath = state ?? "monitor-\(WitnessEngine.Witness.originHash(key.name).prefix(16)).checkpoint"
        let store = MonitorState(path: statePath, key: key)
        while true {
            do {
                if let found = try await check(client: client, witnesses: witnesses, key: key, store: store) {
                    let path = evidence ?? "evidence-\(Int(Date().timeIntervalSince1970)).txt"
                    try found.write(to: path)
                    print("INCONSISTENT: \(found.reason); evidence written to \(path)")
                    throw ExitCode(Self.inconsistent)
                }
            } catch let error as LogClientError {
                let failure = await LogKeyMismatch.failure(error, log: log, client: client, key: key)
                if once { throw failure }
                print("monitor: \(failure.description)")
            }
            if once { return }
            try await Task.sleep(for: .seconds(interval))
        }
    }

    /// One check; returns evidence when the views are inconsistent.
    private func check(client: LogClient, witnesses: [LogClient], key: VerifierKey, store: MonitorState) async throws -> SplitViewEvidence? {
        let (note, checkpoint) = try await client.verifiedCheckpoint(key: key)
        var trusted = try store.load()
        if let old = trusted {
            if let evidence = try await compare(old, source: "monitor state \(store.path)", with: (note, checkpoint), source: client.baseURL, client: client) {
                return evidence
            }
        }
        if trusted == nil || trusted!.checkpoint.treeSize < checkpoint.treeSize {
            try store.save(note)
            trusted = (note, checkpoint)
            print("trusted \(checkpoint.origin) at size \(checkpoint.treeSize)")
        }
        for (url, w) in zip(witness, witnesses) {
            let bytes = try await w.get("/checkpoint/\(WitnessEngine.Witness.originHash(key.name))")
            let theirs: (Note, Checkpoint)
            do {
                let n = try Note(parsing: bytes)
                _ = try n.verify(with: [key])
                theirs = (n, try Checkpoint(text: n.text))
            } catch {
                throw LogClientError(.verificationFailed, "witness \(url) serves a checkpoint the log key did not sign: \(LogClientError.message(of: error))")
            }
            if let evidence = try await compare(trusted!, source: "trusted, from \(client.baseURL)", with: theirs, source: "witness \(url)", client: client) {
                return evidence
            }
        }
        return nil
    }

    /// Compares two signed checkpoints: equal sizes need equal roots; otherwise the smaller must
    /// be consistent with the larger, by a proof built from the log's tiles authenticated
    /// against the larger. A checkpoint of size 0 is consistent with every other exactly when
    /// its root is the empty tree's. Returns evidence when they cannot both be true; throws
    /// ``LogClientError/Code/verificationFailed`` when the tiles do not match the larger
    /// checkpoint (the check could not run), and the fetch errors.
    private func compare(
        _ a: (note: Note, checkpoint: Checkpoint), source sourceA: String,
        with b: (note: Note, checkpoint: Checkpoint), source sourceB: String, client: LogClient
    ) async throws -> SplitViewEvidence? {
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
                    + "no evidence was written (tiles are not signed): retry later, and tell the log's operator if it persists")
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
