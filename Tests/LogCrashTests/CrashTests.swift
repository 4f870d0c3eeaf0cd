import AsyncHTTPClient
import CryptoPrimitives
import Foundation
import LogAPI
import LogClient
import Merkle
import Notes
import Statements
import Synchronization
import Testing

/// Kills the real `receiptlog serve` with SIGKILL at random moments while several clients
/// register statements, restarts it on the same data directory each time, and then checks what
/// the log promises across crashes (DESIGN.md §8): acknowledged means durable, at the
/// acknowledged index; every published checkpoint is signed and consistent with every other;
/// the entries give the published roots.
@Suite struct CrashTests {
    static let clients = 4
    /// The kills and statements of a run: 24 kills and 3,000 statements in `tools/test`;
    /// `tools/soak` sets RECEIPTLOG_SOAK_LOG_KILLS (200) and more statements.
    static let kills = environment("RECEIPTLOG_SOAK_LOG_KILLS") ?? 24
    static let statementsPerClient = environment("RECEIPTLOG_SOAK_LOG_STATEMENTS_PER_CLIENT") ?? 750
    /// Three minutes for the short run, and a minute for every further ten kills.
    static let minutes = 3 + max(0, kills - 24) / 10

    static func environment(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
    }

    /// An acknowledged registration: which statement, the log's JSON answer, and the server
    /// lifetime (1 for the first start) it was sent to.
    struct Acknowledged: Sendable {
        let statement: Int
        let answer: RegistrationJSON
        let lifetime: Int
    }

    /// What the clients and the checkpoint poller saw, and where the server currently listens.
    final class Observations: Sendable {
        struct State: Sendable {
            /// The running server's URL; nil while it is down.
            var baseURL: String?
            var lifetime = 1
            var stopping = false
            var acknowledged: [Acknowledged] = []
            /// Every checkpoint note seen, from answers and from `GET /checkpoint`.
            var checkpoints: Set<String> = []
            /// Requests that failed because the server was killed (not acknowledged).
            var failedRequests = 0
            /// Answers other than 201 or a broken connection: each one is a bug.
            var unexpected: [String] = []
        }
        let state = Mutex(State())
    }

    @Test(.timeLimit(.minutes(CrashTests.minutes)))
    func sigkillLosesNoAcknowledgedStatement() async throws {
        let started = ContinuousClock.now
        let log = try TestLogDirectory(origin: "example.com/crash-test")
        defer { log.remove() }
        // Unique statements, signed before the clock starts: statement c·n + i is client c's i-th.
        var statements: [(body: [UInt8], leaf: [UInt8])] = []
        for c in 0..<Self.clients {
            for i in 0..<Self.statementsPerClient { statements.append(try log.statement("crash/\(c)/\(i)")) }
        }
        let signed = ContinuousClock.now

        var (server, lockRetries) = try await log.start()
        defer { server.killNow() }
        let key = try VerifierKey(parsing: server.verifierKey)
        let observations = Observations()
        observations.state.withLock { $0.baseURL = server.baseURL }
        var delays: [Int] = []
        var trusted: Checkpoint?
        var cycleChecks = 0

        try await withTestHTTPClient { http in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<Self.clients {
                    let mine = Array(statements[(c * Self.statementsPerClient)..<((c + 1) * Self.statementsPerClient)])
                    group.addTask { await Self.register(mine, first: c * Self.statementsPerClient, observations, http) }
                }
                group.addTask { await Self.pollCheckpoints(observations, http) }

                var lifetimeStarted = ContinuousClock.now
                for _ in 0..<Self.kills {
                    let delay = Int.random(in: 50...400)
                    delays.append(delay)
                    // The delay counts from the restart, the checks of the restart included.
                    try await Task.sleep(until: lifetimeStarted + .milliseconds(delay))
                    let ended = try await server.stop(signal: SIGKILL)
                    #expect(ended.bySignal && ended.status == SIGKILL)
                    observations.state.withLock { $0.baseURL = nil }
                    let restarted = try await log.start()
                    #expect(restarted.server.verifierKey == server.verifierKey, "the log key changed across a restart")
                    server = restarted.server
                    lockRetries += restarted.lockRetries
                    let endedLifetime = observations.state.withLock {
                        $0.baseURL = server.baseURL
                        $0.lifetime += 1
                        return $0.lifetime - 1
                    }
                    lifetimeStarted = .now
                    trusted = try await Self.checkRestart(
                        server: server, key: key, trusted: trusted, lifetime: endedLifetime, statements: statements,
                        observations, http)
                    cycleChecks += 1
                }
                observations.state.withLock { $0.stopping = true }
                try await group.waitForAll()
            }
        }
        let killed = ContinuousClock.now

        let seen = observations.state.withLock { $0 }
        #expect(seen.unexpected.isEmpty, "unexpected answers: \(seen.unexpected.prefix(5))")
        let client = try LogClient(baseURL: server.baseURL)
        let finalNote = String(decoding: try await client.checkpoint(), as: UTF8.self)
        let report = try await Self.check(
            client: client, key: key, finalNote: finalNote, statements: statements, seen: seen)

        // Enough happened for the checks to mean something: registrations were acknowledged in
        // most server lifetimes, and the kills interrupted requests. (Alone, a debug build
        // acknowledges about 1,000; beside the whole suite on a loaded machine, about 300.)
        let lifetimesWithAnswers = Set(seen.acknowledged.map(\.lifetime)).count
        #expect(seen.acknowledged.count >= 100)
        #expect(lifetimesWithAnswers >= Self.kills / 2)
        #expect(seen.failedRequests > 0)

        // A graceful stop after all that exits 0.
        let stopped = try await server.stop(signal: SIGTERM)
        #expect(!stopped.bySignal && stopped.status == 0, "SIGTERM: status \(stopped.status); \(server.standardError.suffix(500))")

        let end = ContinuousClock.now
        print(
            """
            crash test: \(Self.kills) SIGKILLs (delays \(delays.min() ?? 0)–\(delays.max() ?? 0) ms), \
            \(lockRetries) lock retries, \(cycleChecks) restarts checked; \(seen.acknowledged.count) acknowledged in \(lifetimesWithAnswers) of \
            \(Self.kills + 1) lifetimes, \(seen.failedRequests) requests lost to kills; final tree size \
            \(report.treeSize), \(report.checkpoints) checkpoints, \(report.consistencyProofs) consistency proofs; \
            signing \(signed - started), kill phase \(killed - signed), checks \(end - killed)
            """)
    }

    /// The checks after each restart: the restarted log's checkpoint is signed, not behind the
    /// largest one trusted before the kill, and consistent with it (a proof built from the
    /// restarted log's tiles, authenticated against its checkpoint); every statement acknowledged
    /// in the lifetime that just ended is served at its index. Returns the new trusted
    /// checkpoint.
    static func checkRestart(
        server: LogServerProcess, key: VerifierKey, trusted: Checkpoint?, lifetime: Int,
        statements: [(body: [UInt8], leaf: [UInt8])], _ observations: Observations, _ http: HTTPClient
    ) async throws -> Checkpoint {
        let client = try LogClient(baseURL: server.baseURL, http: http)
        let now = try CheckpointVerifier(key: key).verify(String(decoding: try await client.checkpoint(), as: UTF8.self))
        if let trusted {
            #expect(now.treeSize >= trusted.treeSize, "lifetime \(lifetime + 1) starts at \(now.treeSize), behind \(trusted.treeSize)")
            if now.treeSize == trusted.treeSize {
                #expect(now.rootHash == trusted.rootHash, "two roots for size \(now.treeSize)")
            } else if trusted.treeSize > 0 {
                let proof = try await client.consistencyProof(from: trusted.treeSize, to: now)
                try ConsistencyProof(oldSize: trusted.treeSize, newSize: now.treeSize, hashes: proof)
                    .verify(oldRoot: trusted.rootHash, newRoot: now.rootHash)
            }
        }
        let acknowledged = observations.state.withLock { $0.acknowledged.filter { $0.lifetime == lifetime } }
        let missing = try await concurrentCompactMap(acknowledged) { ack -> Int? in
            try await client.entry(ack.answer.index) == statements[ack.statement].leaf ? nil : ack.statement
        }
        #expect(missing.isEmpty, "after restart \(lifetime): statements \(missing.prefix(5)) are not at their indexes")
        return now
    }

    /// One client: registers its statements in order, and retries those whose request failed
    /// (the dedup index gives a retried statement the index it may already have).
    static func register(
        _ statements: [(body: [UInt8], leaf: [UInt8])], first: Int, _ observations: Observations, _ http: HTTPClient
    ) async {
        var next = 0
        var retry: [Int] = []
        while true {
            let (url, lifetime, stopping) = observations.state.withLock { ($0.baseURL, $0.lifetime, $0.stopping) }
            if stopping { return }
            guard let url else {
                try? await Task.sleep(for: .milliseconds(2))
                continue
            }
            let i: Int
            if let r = retry.first, next == statements.count || Bool.random() {
                i = r
                retry.removeFirst()
            } else if next < statements.count {
                i = next
                next += 1
            } else {
                try? await Task.sleep(for: .milliseconds(5))
                continue
            }
            do {
                var client = try LogClient(baseURL: url, http: http)
                client.timeout = .seconds(20)
                let answer = try await client.submit(statements[i].body)
                let ack = Acknowledged(statement: first + i, answer: answer, lifetime: lifetime)
                observations.state.withLock {
                    $0.acknowledged.append(ack)
                    $0.checkpoints.insert(answer.checkpoint)
                }
            } catch where error.code == .transport {
                // The server was killed before it answered: not acknowledged.
                retry.append(i)
                observations.state.withLock { $0.failedRequests += 1 }
                try? await Task.sleep(for: .milliseconds(2))
            } catch {
                retry.append(i)
                observations.state.withLock { $0.unexpected.append("\(error)") }
            }
        }
    }

    /// Polls `GET /checkpoint` and records every note seen.
    static func pollCheckpoints(_ observations: Observations, _ http: HTTPClient) async {
        while true {
            let (url, stopping) = observations.state.withLock { ($0.baseURL, $0.stopping) }
            if stopping { return }
            if let url, let client = try? LogClient(baseURL: url, http: http), let note = try? await client.checkpoint() {
                observations.state.withLock { _ = $0.checkpoints.insert(String(decoding: note, as: UTF8.self)) }
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// What the checks covered.
    struct Report {
        var treeSize: UInt64
        var checkpoints: Int
        var consistencyProofs: Int
    }

    /// The checks after the last restart, against the running server.
    static func check(
        client: LogClient, key: VerifierKey, finalNote: String, statements: [(body: [UInt8], leaf: [UInt8])],
        seen: Observations.State
    ) async throws -> Report {
        // Every checkpoint seen is signed by the log key, no two have different roots for one
        // size, and none is past the final one (a log never rolls back).
        let verifier = CheckpointVerifier(key: key)
        let final = try verifier.verify(finalNote)
        var rootBySize: [UInt64: Hash] = [final.treeSize: final.rootHash]
        var forks: [String] = []
        for note in seen.checkpoints {
            let checkpoint = try verifier.verify(note)
            #expect(checkpoint.treeSize <= final.treeSize, "checkpoint \(checkpoint.treeSize) is past the final \(final.treeSize)")
            if let root = rootBySize[checkpoint.treeSize], root != checkpoint.rootHash {
                forks.append("size \(checkpoint.treeSize): \(root) and \(checkpoint.rootHash)")
            }
            rootBySize[checkpoint.treeSize] = rootBySize[checkpoint.treeSize] ?? checkpoint.rootHash
        }
        #expect(forks.isEmpty, "two roots for one size: \(forks.prefix(3))")
        let sizes = rootBySize.keys.sorted()

        // The tree recomputed from all entries gives the final root, and the root of every
        // checkpoint seen at its size.
        let entries = try await client.allEntries(treeSize: final.treeSize)
        #expect(Integration(appendingEntries: entries, to: .empty).rootHash == final.rootHash)
        var range = CompactRange.empty
        var wrongRoots: [UInt64] = []
        for size in sizes {
            let step = Integration(appendingEntries: Array(entries[Int(range.size)..<Int(size)]), to: range)
            if step.rootHash != rootBySize[size] { wrongRoots.append(size) }
            range = step.range
        }
        #expect(wrongRoots.isEmpty, "the entries do not give the roots of checkpoints at sizes \(wrongRoots.prefix(5))")

        // Every pair of checkpoints is consistent: the log proves each one consistent with the
        // next larger one and with the final one (consistency is transitive, so this covers
        // every pair).
        var pairs: [(UInt64, UInt64)] = []
        for (old, new) in zip(sizes, sizes.dropFirst()) where old > 0 {
            pairs.append((old, new))
            if new != final.treeSize { pairs.append((old, final.treeSize)) }
        }
        let roots = rootBySize
        let inconsistent = try await concurrentCompactMap(pairs) { (old, new) -> String? in
            let proof = try await client.consistencyProof(from: old, to: new)
            do {
                try proof.verify(oldRoot: roots[old]!, newRoot: roots[new]!)
                return nil
            } catch {
                return "\(old) → \(new): \(error)"
            }
        }
        #expect(inconsistent.isEmpty, "inconsistent checkpoints: \(inconsistent.prefix(3))")

        // The log holds each statement at most once, and nothing else.
        let leafIndex = Dictionary(statements.enumerated().map { ($0.element.leaf, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var held = Set<Int>()
        var strangers = 0, repeats = 0
        for entry in entries {
            guard let s = leafIndex[entry] else {
                strangers += 1
                continue
            }
            if !held.insert(s).inserted { repeats += 1 }
        }
        #expect(strangers == 0, "\(strangers) entries are not statements the clients sent")
        #expect(repeats == 0, "\(repeats) statements are in the log twice")

        // Every acknowledged statement is at its acknowledged index, its answer's proof verifies
        // against its answer's checkpoint, and so does its COSE receipt.
        var failures: [String] = []
        var byIndex: [UInt64: Int] = [:]
        for ack in seen.acknowledged {
            let leaf = statements[ack.statement].leaf
            let answer = ack.answer
            if let other = byIndex.updateValue(ack.statement, forKey: answer.index), other != ack.statement {
                failures.append("statements \(other) and \(ack.statement) were both acknowledged at index \(answer.index)")
            }
            guard answer.index < entries.count, entries[Int(answer.index)] == leaf else {
                failures.append("statement \(ack.statement) is not at its acknowledged index \(answer.index)")
                continue
            }
            do {
                #expect(answer.leafHash == Hash.leaf(leaf).description)
                let proof = try TlogProof(parsing: Array(answer.proof.utf8))
                #expect(proof.index == answer.index && proof.checkpoint.treeSize == answer.treeSize)
                #expect(String(decoding: proof.note.encoded, as: UTF8.self) == answer.checkpoint)
                try LogClient.verify(proof: proof, entry: leaf, key: key)
                let receipt = try COSEReceipt.parse(Base64.decode(answer.receipt, maxCount: 1 << 16))
                try receipt.verify(entry: leaf, key: key.publicKey)
            } catch {
                failures.append("statement \(ack.statement) at \(answer.index): \(error)")
            }
        }
        let served = try await concurrentCompactMap(seen.acknowledged) { ack -> String? in
            try await client.entry(ack.answer.index) == statements[ack.statement].leaf
                ? nil : "GET /entries/\(ack.answer.index) is not statement \(ack.statement)"
        }
        failures += served
        #expect(failures.isEmpty, "\(failures.count) acknowledged statements fail: \(failures.prefix(5))")
        return Report(treeSize: final.treeSize, checkpoints: sizes.count, consistencyProofs: pairs.count)
    }

    /// Runs `body` over `items`, at most `width` at a time, and returns the non-nil results.
    static func concurrentCompactMap<T: Sendable, R: Sendable>(
        _ items: [T], width: Int = 4, _ body: @escaping @Sendable (T) async throws -> R?
    ) async throws -> [R] {
        try await withThrowingTaskGroup(of: R?.self) { group in
            var results: [R] = []
            var iterator = items.makeIterator()
            for _ in 0..<width {
                guard let item = iterator.next() else { break }
                group.addTask { try await body(item) }
            }
            while let result = try await group.next() {
                if let result { results.append(result) }
                if let item = iterator.next() { group.addTask { try await body(item) } }
            }
            return results
        }
    }
}
