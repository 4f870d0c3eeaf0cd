// Witnessing (c2sp.org/tlog-witness, DESIGN.md §6): after new checkpoints, the log sends the
// latest one to every witness at once with a consistency proof from the size that witness last
// cosigned, collects the cosignatures, and publishes the checkpoint once they satisfy the quorum.
// Registration never waits for witnesses: rounds run on their own task.
import CoreMetrics
import Logging
import LogStorage
import Merkle
import Notes
import Synchronization
import WitnessEngine

/// Runs witnessing rounds for a log and holds the newest checkpoint that reached the quorum.
final class Cosigner: Sendable {
    let policy: WitnessingPolicy
    private let transport: any WitnessTransport
    private let sequencer: Sequencer
    private let storage: any LogStorage
    private let logger: Logger
    private let metrics: WitnessMetrics
    /// The tree size each witness last cosigned (or told us it holds), by name.
    private let known = Mutex<[String: UInt64]>([:])
    /// The newest checkpoint with a quorum, and when the log signed its tree head.
    private let published = Mutex<(note: Note, treeSize: UInt64, signedAt: ContinuousClock.Instant)?>(nil)

    /// The metadata key of the size of the newest published (quorum-cosigned) checkpoint.
    static let publishedKey = "published"

    init(
        policy: WitnessingPolicy, transport: any WitnessTransport, sequencer: Sequencer, storage: any LogStorage,
        metrics: WitnessMetrics, logger: Logger
    ) throws(LogEngineError) {
        self.policy = policy
        self.transport = transport
        self.sequencer = sequencer
        self.storage = storage
        self.metrics = metrics
        self.logger = logger
        // The newest published checkpoint survives restarts, if it still meets the policy.
        do {
            if let stored = try storage.metadata(Self.publishedKey), let size = UInt64(bigEndianBytes: stored),
                let bytes = try storage.checkpoint(treeSize: size)
            {
                let note = try Note(parsing: bytes)
                if policy.policy.isSatisfied(by: note) {
                    published.withLock { $0 = (note, size, .now) }
                }
            }
        } catch {
            throw LogEngineError(.inconsistentState, "the published checkpoint does not load: \(error)")
        }
    }

    /// The newest checkpoint whose cosignatures satisfy the quorum, or nil before the first.
    var publishedNote: Note? { published.withLock { $0?.note } }

    /// Runs rounds until the task is cancelled: every ``WitnessingPolicy/interval`` while the
    /// log has a newer signed checkpoint than the published one, and every
    /// ``WitnessingPolicy/idleInterval`` otherwise.
    func run() async {
        var lastRound = ContinuousClock.now - policy.idleInterval
        while !Task.isCancelled {
            let head = sequencer.treeHead
            let publishedSize = published.withLock { $0?.treeSize }
            if publishedSize != head.treeSize || ContinuousClock.now - lastRound >= policy.idleInterval {
                lastRound = .now
                await round(head)
            }
            if let p = published.withLock({ $0 }) {
                metrics.age.record(Double((ContinuousClock.now - p.signedAt).nanoseconds) / 1e9)
            }
            try? await Task.sleep(for: policy.interval)
        }
    }

    /// One round: ask every witness to cosign `head`, and publish it if the quorum holds.
    func round(_ head: TreeHead) async {
        let signedAt = ContinuousClock.now
        let logOnly = head.note
        let lines = await withTaskGroup(of: NoteSignature?.self) { group in
            for endpoint in policy.endpoints {
                group.addTask { await self.cosign(head, by: endpoint) }
            }
            return await group.reduce(into: [NoteSignature]()) { if let s = $1 { $0.append(s) } }
        }
        guard let note = try? Note(text: logOnly.text, signatures: logOnly.signatures + lines) else { return }
        let verified = policy.policy.verifiedCosignatures(on: note)
        guard verified.count >= policy.policy.threshold else {
            logger.warning(
                "checkpoint lacks a witness quorum",
                metadata: ["size": "\(head.treeSize)", "cosigned": "\(verified.count)", "needed": "\(policy.policy.threshold)"])
            return
        }
        let cosigned = try! Note(text: logOnly.text, signatures: logOnly.signatures + verified.map(\.signature))
        do {
            // Never publish a note for a size whose stored log-signed text differs.
            guard let stored = try storage.checkpoint(treeSize: head.treeSize),
                try Note(parsing: stored).text == cosigned.text
            else {
                logger.critical("a cosigned checkpoint does not match the stored checkpoint", metadata: ["size": "\(head.treeSize)"])
                return
            }
            var commit = StorageCommit()
            commit.checkpoints = [(head.treeSize, cosigned.encoded)]
            commit.metadata = [(Self.publishedKey, head.treeSize.bigEndianBytes)]
            try sequencer.commitLocked(commit)
        } catch {
            logger.error("cannot store a cosigned checkpoint", metadata: ["error": "\(error)"])
            return
        }
        published.withLock { current in
            if current == nil || current!.treeSize <= head.treeSize {
                current = (cosigned, head.treeSize, signedAt)
            }
        }
    }

    /// Sends `head` to one witness, resyncing once on 409; returns its verified cosignature line.
    private func cosign(_ head: TreeHead, by endpoint: WitnessingPolicy.Endpoint) async -> NoteSignature? {
        for _ in 0..<2 {
            let old = known.withLock { $0[endpoint.name] ?? 0 }
            guard old <= head.treeSize else {
                logger.error("a witness holds a larger tree than the log", metadata: ["witness": "\(endpoint.name)", "size": "\(old)"])
                return nil
            }
            let body: [UInt8]
            do {
                let proof =
                    old == 0
                    ? [] : try ConsistencyProof(oldSize: old, newSize: head.treeSize, reader: StoredTileHashReader(storage: storage)).hashes
                body = try AddCheckpointRequest(oldSize: old, proof: proof, note: head.note).encoded
            } catch {
                logger.error("cannot build an add-checkpoint request", metadata: ["error": "\(error)"])
                return nil
            }
            let started = ContinuousClock.now
            let answer: WitnessAnswer
            do {
                answer = try await transport.addCheckpoint(url: endpoint.url, body: body, timeout: policy.timeout)
            } catch {
                metrics.error(witness: endpoint.name, status: "unreachable")
                return nil
            }
            metrics.latency(witness: endpoint.name).recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            switch answer.status {
            case 200:
                guard let line = verifiedLine(answer.body, head: head, endpoint: endpoint) else {
                    metrics.error(witness: endpoint.name, status: "bad-cosignature")
                    return nil
                }
                known.withLock { $0[endpoint.name] = head.treeSize }
                return line
            case 409 where answer.contentType?.hasPrefix("text/x.tlog.size") == true:
                // c2sp.org/tlog-witness: the witness's size, then retry with a proof from it.
                metrics.error(witness: endpoint.name, status: "409")
                let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let size = UInt64(text), size != old else { return nil }
                known.withLock { $0[endpoint.name] = size }
            default:
                metrics.error(witness: endpoint.name, status: "\(answer.status)")
                return nil
            }
        }
        return nil
    }

    /// The witness's cosignature line from a 200 body, if one verifies with its key.
    private func verifiedLine(_ body: [UInt8], head: TreeHead, endpoint: WitnessingPolicy.Endpoint) -> NoteSignature? {
        guard let note = try? Note(parsing: Array(head.note.text.utf8) + [0x0A] + body) else { return nil }
        let single = try? WitnessPolicy(witnesses: [endpoint.key], threshold: 1)
        return single?.verifiedCosignatures(on: note).first?.signature
    }
}
