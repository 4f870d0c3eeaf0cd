// Witnessing (c2sp.org/tlog-witness, DESIGN.md §6): after new checkpoints, the log sends the
// latest one to every witness at once with a consistency proof from the size that witness last
// cosigned, collects the cosignatures, and publishes the checkpoint once they satisfy the quorum.
// Registration never waits for witnesses: rounds run on their own task.
//
// A witness is also the log's alarm bell: one that holds a larger tree of this log (a 409 with a
// larger size), another root at this size (a 409 without a size), or a tree that the log's own
// tree does not extend (a 422) has seen a history this log did not sign here. The log then
// stops signing (``Sequencer/raiseAlarm(_:)``) rather than go on publishing a fork.
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
    /// Times the rounds and bounds each exchange with a witness; injected so that tests decide
    /// when a witness has taken too long.
    private let clock: any Clock<Duration>
    /// The tree size each witness last cosigned (or told us it holds), by name.
    private let known = Mutex<[String: UInt64]>([:])
    /// The newest checkpoint with a quorum, and when the log signed its tree head (in real time
    /// for the age metric, and on ``stopwatch`` for the status page; nil when recovered at start).
    private let published = Mutex<(note: Note, treeSize: UInt64, signedAt: ContinuousClock.Instant, at: Duration?)?>(nil)
    /// Elapsed time on `clock`, for the status page.
    private let stopwatch: Stopwatch
    /// Each witness's last exchange in this process, by name (``LogStatus/Witness``).
    private let activity = Mutex<[String: WitnessActivity]>([:])
    /// What has been logged about the quorum, so that a quorum missing for the same reasons is
    /// not logged every round (``QuorumLogPolicy``); read on ``stopwatch``.
    private let quorumLog = Mutex(QuorumLogPolicy())

    /// How one witness's part of a round ended: its verified cosignature line, or why not.
    private enum Outcome: Sendable {
        case cosigned(NoteSignature)
        case missed(QuorumLogPolicy.Miss)
    }

    /// What the status page shows of one witness: ``LogStatus/Witness`` without its name and URL.
    struct WitnessActivity: Sendable {
        var cosignedSize: UInt64?
        var cosignedAt: Duration?
        var latency: Duration?
        var lastError: String?
        var lastErrorAt: Duration?
    }

    /// The metadata key of the size of the newest published (quorum-cosigned) checkpoint.
    static let publishedKey = "published"

    init(
        policy: WitnessingPolicy, transport: any WitnessTransport, sequencer: Sequencer, storage: any LogStorage,
        metrics: WitnessMetrics, clock: any Clock<Duration>, stopwatch: Stopwatch, logger: Logger
    ) throws(LogEngineError) {
        self.stopwatch = stopwatch
        self.policy = policy
        self.transport = transport
        self.sequencer = sequencer
        self.storage = storage
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        // The newest published checkpoint survives restarts, if it still meets the policy.
        do {
            if let stored = try storage.metadata(Self.publishedKey), let size = UInt64(bigEndianBytes: stored),
                let bytes = try storage.checkpoint(treeSize: size)
            {
                let note = try Note(parsing: bytes)
                if policy.policy.isSatisfied(by: note) {
                    published.withLock { $0 = (note, size, .now, nil) }
                }
            }
        } catch {
            throw LogEngineError(.inconsistentState, "the published checkpoint does not load: \(error)")
        }
    }

    /// The newest checkpoint whose cosignatures satisfy the quorum, or nil before the first.
    var publishedNote: Note? { published.withLock { $0?.note } }

    /// The newest published checkpoint, its size and when the log signed its tree head (a
    /// ``Stopwatch`` reading; nil when it was published before this process started).
    var publishedState: (note: Note, treeSize: UInt64, at: Duration?)? { published.withLock { $0.map { ($0.note, $0.treeSize, $0.at) } } }

    /// Each witness's last exchange, in policy order.
    var witnessActivity: [(endpoint: WitnessingPolicy.Endpoint, activity: WitnessActivity)] {
        let known = activity.withLock { $0 }
        return policy.endpoints.map { ($0, known[$0.name] ?? WitnessActivity()) }
    }

    /// Records a failed exchange with `name` for the status page, and returns it as the reason
    /// the log gives for the witness's missing cosignature (`kind` as ``QuorumLogPolicy/Miss``).
    @discardableResult
    private func failed(_ name: String, _ what: String, kind: String) -> Outcome {
        let now = stopwatch.elapsed
        activity.withLock {
            $0[name, default: WitnessActivity()].lastError = what
            $0[name, default: WitnessActivity()].lastErrorAt = now
        }
        return .missed(QuorumLogPolicy.Miss(witness: name, kind: kind, reason: what))
    }

    /// The published note when it is the checkpoint of `size`.
    func publishedNote(size: UInt64) -> Note? { published.withLock { $0?.treeSize == size ? $0?.note : nil } }

    /// Runs rounds until the task is cancelled or the alarm is raised: every
    /// ``WitnessingPolicy/interval`` while the log has a newer signed checkpoint than the
    /// published one, and every ``WitnessingPolicy/idleInterval`` otherwise.
    func run() async {
        var sinceRound = policy.idleInterval
        while !Task.isCancelled, sequencer.stoppedBy == nil {
            let head = sequencer.treeHead
            let publishedSize = published.withLock { $0?.treeSize }
            if publishedSize != head.treeSize || sinceRound >= policy.idleInterval {
                sinceRound = .zero
                await round(head)
            }
            if let p = published.withLock({ $0 }) {
                metrics.age.record(Double((ContinuousClock.now - p.signedAt).nanoseconds) / 1e9)
            }
            do {
                try await clock.sleep(for: policy.interval)
            } catch {
                return
            }
            sinceRound += policy.interval
        }
    }

    /// One round: ask every witness to cosign `head`, and publish it as soon as the quorum holds
    /// (a slow witness does not hold publication up), then once more at the end of the round if
    /// later witnesses added cosignatures. Each witness has ``WitnessingPolicy/timeout`` on
    /// `clock` for the whole exchange; the round ends when every witness has answered or run out
    /// of time.
    func round(_ head: TreeHead) async {
        guard sequencer.stoppedBy == nil else { return }
        let signedAt = ContinuousClock.now
        let at = stopwatch.elapsed
        await withTaskGroup(of: (String, Outcome).self) { group in
            for endpoint in policy.endpoints {
                group.addTask { (endpoint.name, await self.cosign(head, by: endpoint)) }
            }
            var lines: [NoteSignature] = []
            var cosigners: [String] = []
            var misses: [QuorumLogPolicy.Miss] = []
            var publishedLines = 0
            for await (name, outcome) in group {
                switch outcome {
                case .missed(let miss):
                    misses.append(miss)
                    continue
                case .cosigned(let line):
                    lines.append(line)
                    cosigners.append(name)
                }
                if publishedLines == 0, await publish(head, lines, signedAt: signedAt, at: at) { publishedLines = lines.count }
            }
            if publishedLines > 0, lines.count > publishedLines {
                _ = await publish(head, lines, signedAt: signedAt, at: at)
            }
            report(head.treeSize, published: publishedLines > 0, cosigners: cosigners, misses: misses)
        }
    }

    /// Logs what ``QuorumLogPolicy`` decides about this round: why each witness did not cosign
    /// when the quorum was missed (at once, then at most one summary a minute while the reasons
    /// stay the same), and one line when the quorum is regained. Names are in policy order.
    private func report(_ treeSize: UInt64, published: Bool, cosigners: [String], misses: [QuorumLogPolicy.Miss]) {
        let order = Dictionary(policy.endpoints.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let cosigners = cosigners.sorted { order[$0, default: 0] < order[$1, default: 0] }
        let misses = misses.sorted { order[$0.witness, default: 0] < order[$1.witness, default: 0] }
        let now = stopwatch.elapsed
        let line = quorumLog.withLock { log in
            published
                ? log.reached(treeSize: treeSize, cosigned: cosigners, at: now)
                : log.missed(treeSize: treeSize, cosigned: cosigners, needed: policy.policy.threshold, misses: misses, at: now)
        }
        guard let line else { return }
        let level: Logger.Level
        if case .regained = line { level = .info } else { level = .warning }
        for message in line.messages {
            logger.log(level: level, "\(message)")
        }
    }

    /// Publishes `head` with the cosignature `lines` of this round when they satisfy the quorum:
    /// stores the cosigned note in place of the log-signed one and records it as published.
    /// Returns whether it did. Only the log's own signature and this round's lines count: a
    /// recovered head may carry older cosignatures.
    private func publish(_ head: TreeHead, _ lines: [NoteSignature], signedAt: ContinuousClock.Instant, at: Duration) async -> Bool {
        let logOnly = head.logSignedNote
        // At most one line per policy witness, and a policy has fewer witnesses than a note has
        // room for signatures (WitnessingPolicy.maxWitnesses).
        let cosigned: Note
        do {
            cosigned = try Note(text: logOnly.text, signatures: logOnly.signatures + lines)
        } catch {
            logger.error("cannot assemble the cosigned checkpoint", metadata: ["error": "\(error)"])
            return false
        }
        guard policy.policy.verifiedCosignatures(on: cosigned).count >= policy.policy.threshold else { return false }
        do {
            // Never publish a note for a size whose stored log-signed text differs.
            guard let stored = try storage.checkpoint(treeSize: head.treeSize),
                try Note(parsing: stored).text == cosigned.text
            else {
                logger.critical("a cosigned checkpoint does not match the stored checkpoint", metadata: ["size": "\(head.treeSize)"])
                return false
            }
            var commit = StorageCommit()
            commit.checkpoints = [(head.treeSize, cosigned.encoded)]
            commit.metadata = [(Self.publishedKey, head.treeSize.bigEndianBytes)]
            // The sequencer thread makes the commit: it is the store's one writer.
            try await sequencer.publish(commit)
        } catch {
            logger.error("cannot store a cosigned checkpoint", metadata: ["error": "\(error)"])
            return false
        }
        published.withLock { current in
            if current == nil || current!.treeSize <= head.treeSize {
                current = (cosigned, head.treeSize, signedAt, at)
            }
        }
        return true
    }

    /// Sends `head` to one witness, resyncing once on 409; returns its verified cosignature line.
    /// Raises the alarm when the witness holds a history this log's tree does not extend.
    private func cosign(_ head: TreeHead, by endpoint: WitnessingPolicy.Endpoint) async -> Outcome {
        var outcome = Outcome.missed(QuorumLogPolicy.Miss(witness: endpoint.name, kind: "internal", reason: "no answer"))
        for _ in 0..<2 {
            let old = known.withLock { $0[endpoint.name] ?? 0 }
            guard old <= head.treeSize else {
                // A later round may have taken the witness past this round's head; only a size
                // past every tree the log signed is another history.
                let signed = sequencer.treeHead.treeSize
                if old > signed {
                    return conflict(endpoint, "holds a tree of size \(old), larger than the log's \(signed)")
                }
                return .missed(
                    QuorumLogPolicy.Miss(
                        witness: endpoint.name, kind: "ahead",
                        reason: "it already cosigned tree size \(old), newer than this round's \(head.treeSize)"))
            }
            let body: [UInt8]
            do {
                let proof =
                    old == 0
                    ? [] : try ConsistencyProof(oldSize: old, newSize: head.treeSize, reader: StoredTileHashReader(storage: storage)).hashes
                body = try AddCheckpointRequest(oldSize: old, proof: proof, note: head.logSignedNote).encoded
            } catch {
                logger.error("cannot build an add-checkpoint request", metadata: ["error": "\(error)"])
                return .missed(
                    QuorumLogPolicy.Miss(witness: endpoint.name, kind: "internal", reason: "cannot build an add-checkpoint request: \(error)"))
            }
            let started = ContinuousClock.now
            let answer: WitnessAnswer
            switch await exchange(body, with: endpoint) {
            case .answer(let a):
                answer = a
            case .timedOut:
                metrics.error(witness: endpoint.name, status: "unreachable")
                return failed(endpoint.name, "unreachable, or no answer within \(policy.timeout)", kind: "unreachable")
            case .failed(let why):
                metrics.error(witness: endpoint.name, status: "unreachable")
                return failed(endpoint.name, "unreachable, or no answer within \(policy.timeout): \(why)", kind: "unreachable")
            }
            let latency = ContinuousClock.now - started
            metrics.latency(witness: endpoint.name).recordNanoseconds(latency.nanoseconds)
            activity.withLock { $0[endpoint.name, default: WitnessActivity()].latency = latency }
            switch answer.status {
            case 200:
                guard let line = verifiedLine(answer.body, head: head, endpoint: endpoint) else {
                    metrics.error(witness: endpoint.name, status: "bad-cosignature")
                    return failed(endpoint.name, "200 without a cosignature that verifies with its key", kind: "bad-cosignature")
                }
                known.withLock { $0[endpoint.name] = head.treeSize }
                let now = stopwatch.elapsed
                activity.withLock {
                    $0[endpoint.name, default: WitnessActivity()].cosignedSize = head.treeSize
                    $0[endpoint.name, default: WitnessActivity()].cosignedAt = now
                }
                return .cosigned(line)
            case 409 where answer.contentType?.hasPrefix("text/x.tlog.size") == true:
                // c2sp.org/tlog-witness: the witness's size, then retry with a proof from it.
                metrics.error(witness: endpoint.name, status: "409")
                let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                outcome = failed(
                    endpoint.name, "409: the witness holds size \(UInt64(text).map(String.init) ?? "(unreadable)"), not \(old)", kind: "409")
                guard let size = UInt64(text), size != old else { return outcome }
                known.withLock { $0[endpoint.name] = size }
            case 409:
                // v1.0.0: same size, another root hash.
                metrics.error(witness: endpoint.name, status: "409")
                return conflict(endpoint, "holds another root hash for size \(head.treeSize)")
            case 422:
                metrics.error(witness: endpoint.name, status: "422")
                return conflict(
                    endpoint, "refused the consistency proof from size \(old) to \(head.treeSize): its tree of size \(old) is not this log's")
            default:
                metrics.error(witness: endpoint.name, status: "\(answer.status)")
                let message = Self.errorMessage(answer.body)
                return failed(
                    endpoint.name, "HTTP \(answer.status)" + (message.text.isEmpty ? "" : ": \(message.text)"),
                    kind: "\(answer.status)" + (message.code.map { " \($0)" } ?? ""))
            }
        }
        return outcome
    }

    /// The first line of a witness's error body, at most 200 characters and printable ASCII only
    /// (what the witness sends is shown, not trusted), and the code that starts it when it has the
    /// form `CODE: message` with CODE in upper snake case (specs/witness.md, "Status codes").
    static func errorMessage(_ body: [UInt8]) -> (code: String?, text: String) {
        let firstLine = body.prefix { $0 != 0x0A }.prefix(200)
        let text = String(decoding: firstLine.map { (0x20...0x7E).contains($0) ? $0 : 0x3F }, as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        guard let colon = text.firstIndex(of: ":") else { return (nil, text) }
        let code = text[..<colon]
        let isCode = !code.isEmpty && code.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        return (isCode ? String(code) : nil, text)
    }

    /// How one add-checkpoint exchange ended.
    private enum Exchange: Sendable {
        case answer(WitnessAnswer)
        /// The transport threw (connection refused, reset, its own deadline): what it said.
        case failed(String)
        /// No answer within the policy's timeout on the injected clock.
        case timedOut
    }

    /// One add-checkpoint exchange, bounded by the policy's timeout on the injected clock (the
    /// transport bounds it in real time too).
    private func exchange(_ body: [UInt8], with endpoint: WitnessingPolicy.Endpoint) async -> Exchange {
        let timeout = policy.timeout
        return await withTaskGroup(of: Exchange.self) { group in
            group.addTask {
                do {
                    return .answer(try await self.transport.addCheckpoint(url: endpoint.url, body: body, timeout: timeout))
                } catch {
                    return .failed(String(String(describing: error).prefix(200)))
                }
            }
            group.addTask {
                try? await self.clock.sleep(for: timeout)
                return .timedOut
            }
            defer { group.cancelAll() }
            return await group.next() ?? .timedOut
        }
    }

    /// Raises the log's alarm for a witness that holds another history.
    private func conflict(_ endpoint: WitnessingPolicy.Endpoint, _ what: String) -> Outcome {
        metrics.error(witness: endpoint.name, status: "conflict")
        let outcome = failed(endpoint.name, "conflict: the witness \(what)", kind: "conflict")
        sequencer.raiseAlarm("the witness \(endpoint.name) (\(endpoint.url)) \(what); this log's history differs from one it signed before")
        return outcome
    }

    /// The witness's cosignature line from a 200 body, if one verifies with its key.
    private func verifiedLine(_ body: [UInt8], head: TreeHead, endpoint: WitnessingPolicy.Endpoint) -> NoteSignature? {
        guard let note = try? Note(parsing: Array(head.note.text.utf8) + [0x0A] + body) else { return nil }
        let single = try? WitnessPolicy(witnesses: [endpoint.key], threshold: 1)
        return single?.verifiedCosignatures(on: note).first?.signature
    }
}
