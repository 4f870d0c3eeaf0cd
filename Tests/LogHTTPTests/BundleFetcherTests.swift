import CryptoPrimitives
import Foundation
import LogClient
import LogEngine
import LogAPI
import LogHTTP
import Merkle
import Notes
import Statements
import Testing
import Verification
import WitnessEngine

/// `BundleFetcher` called directly against a real log (`LogService` served over loopback) with a
/// real witness (quorum 1), the waits on a `ManualClock` (specs/verify.md, "Writing and
/// refreshing a bundle", "Waiting for the published tree").
@Suite(.serialized, .timeLimit(.minutes(2))) struct BundleFetcherTests {
    /// A scratch directory, one witness, a log that needs its cosignature to publish.
    struct Scene {
        let dir: String
        let key: SignerKey
        let issuer: Ed25519PrivateKey
        let witness: RunningWitness
        let log: ServedLog
        let client: LogClient

        /// Starts the witness and the log; the witness is left stopped when `witnessDown`.
        static func start(witnessDown: Bool = false) async throws -> Scene {
            let dir = NSTemporaryDirectory() + "bundle-fetcher-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let key = try SignerKey.generate(name: "example.com/fetched-log", type: .ed25519)
            let witness = try RunningWitness(directory: dir + "/w", logs: try LogList(keys: [key.name: [key.verifierKey]]))
            try await witness.start()
            if witnessDown { await witness.stop() }
            var policy = try WitnessingPolicy(file: Array("witness w \(witness.key.encoded) http://127.0.0.1:\(witness.port)\nquorum 1\n".utf8))
            // A loopback witness on a loaded machine may take seconds; these tests are not about time.
            policy.timeout = .seconds(120)
            let issuer = Ed25519PrivateKey()
            let log = try await ServedLog.start(key: key, issuer: issuer, policy: policy, transport: HTTPWitnessTransport())
            return Scene(dir: dir, key: key, issuer: issuer, witness: witness, log: log, client: try LogClient(baseURL: log.url))
        }

        /// A signed statement about `subject` by the log's issuer.
        func statement(_ subject: String) throws -> SignedStatement {
            try SignedStatement.sign(issuer: "issuer.example", subject: subject, contentType: nil, payload: Array(subject.utf8), key: issuer)
        }

        /// Registers `subject`; returns the statement and the log's answer.
        func submit(_ subject: String) async throws -> (SignedStatement, RegistrationJSON) {
            let statement = try statement(subject)
            return (statement, try await client.submit(statement.message.encoded(tagged: true)))
        }

        func stop() async {
            log.task.cancel()
            _ = await log.task.result
            await log.service.shutdown()
            await witness.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    /// The code of the LogClientError `body` throws, or nil when it returns.
    static func code(_ body: () async throws(LogClientError) -> Void) async -> (LogClientError.Code, String)? {
        do {
            try await body()
            return nil
        } catch {
            return (error.code, error.message)
        }
    }

    /// A published entry is bundled, by index or by statement, with the cosigned checkpoint: the
    /// path and COSE receipt verify, the bundle round-trips, and an index the log does not hold
    /// is `notFound` at once, without waiting.
    @Test func bundlesAnEntryByIndexAndByStatement() async throws {
        let scene = try await Scene.start()
        try await scene.log.register(["filler-0", "filler-1"], issuer: scene.issuer)
        let (statement, answer) = try await scene.submit("receipt")
        #expect(answer.index == 2)
        await scene.log.service.witnessNow()

        let clock = ManualClock()
        let fetcher = BundleFetcher(client: scene.client, key: scene.key.verifierKey, clock: clock)
        let bundle = try await fetcher.bundle(index: 2)
        #expect(bundle.statement == statement.leaf && bundle.index == 2 && bundle.checkpoint.treeSize == 3)
        #expect(bundle.note.signatures.contains { $0.name == scene.witness.key.name }, "the published note is cosigned")
        #expect(bundle.coseReceipt != nil)
        try bundle.checkInclusion()
        #expect(try ReceiptBundle(parsing: bundle.encoded) == bundle)
        #expect(try await fetcher.bundle(statement: statement.leaf) == bundle)

        let missing = await Self.code { () throws(LogClientError) in _ = try await fetcher.bundle(index: 99, waiting: .seconds(600)) }
        #expect(missing?.0 == .notFound && missing?.1.contains("the log holds no entry 99") == true, "\(String(describing: missing))")
        let unknown = await Self.code { () throws(LogClientError) in _ = try await fetcher.bundle(statement: Array("never logged".utf8)) }
        #expect(unknown?.0 == .notFound, "\(String(describing: unknown))")
        #expect(clock.sleeps == 0)

        // The wrong key verifies nothing.
        let other = try SignerKey.generate(name: scene.key.name, type: .ed25519)
        let refused = await Self.code { () throws(LogClientError) in
            _ = try await BundleFetcher(client: scene.client, key: other.verifierKey).bundle(index: 2)
        }
        #expect(refused?.0 == .verificationFailed, "\(String(describing: refused))")
        await scene.stop()
    }

    /// With the witness down no checkpoint is published: without a wait the fetch fails at once
    /// (`notPublished`, saying why); with one it retries on the clock's backoff and returns the
    /// bundle once the witness is back and has cosigned. Later, a wait of 1 s sleeps 0.25 s,
    /// 0.5 s and the 0.25 s left, then says the entry is still not in the published tree.
    @Test func waitsForThePublishedTreeOnTheClock() async throws {
        let scene = try await Scene.start(witnessDown: true)
        let (_, first) = try await scene.submit("run-0")
        let clock = ManualClock()
        let fetcher = BundleFetcher(client: scene.client, key: scene.key.verifierKey, clock: clock)

        let early = await Self.code { () throws(LogClientError) in _ = try await fetcher.bundle(index: first.index) }
        #expect(early?.0 == .notPublished, "\(String(describing: early))")
        #expect(early?.1.contains("no checkpoint of the log has reached its witness quorum yet") == true, "\(String(describing: early))")

        let waiting = Task { () throws(LogClientError) -> ReceiptBundle in try await fetcher.bundle(index: first.index, waiting: .seconds(60)) }
        await clock.waitUntil(asked: 1, sleeping: 1)
        try await scene.witness.start()
        await scene.log.service.witnessNow()
        clock.advance(by: .milliseconds(250))
        let bundle = try await waiting.value
        #expect(bundle.index == first.index && bundle.checkpoint.treeSize == 1)
        #expect(bundle.note.signatures.contains { $0.name == scene.witness.key.name })
        #expect(clock.sleeps == 1)

        await scene.witness.stop()
        let (_, second) = try await scene.submit("run-1")
        let notYet = await Self.code { () throws(LogClientError) in _ = try await fetcher.bundle(index: second.index) }
        #expect(
            notYet?.1.contains("entry 1 is not yet in the published tree of size 1 (its checkpoint carries 1 cosignature)") == true,
            "\(String(describing: notYet))")
        let givingUp = Task { () throws(LogClientError) -> ReceiptBundle in try await fetcher.bundle(index: second.index, waiting: .seconds(1)) }
        for (asked, delay) in [(UInt64(2), Duration.milliseconds(250)), (3, .milliseconds(500)), (4, .milliseconds(250))] {
            await clock.waitUntil(asked: asked, sleeping: 1)
            clock.advance(by: delay)
        }
        let gaveUp: (LogClientError.Code, String)?
        switch await givingUp.result {
        case .success: gaveUp = nil
        case .failure(let error): gaveUp = (error as? LogClientError).map { ($0.code, $0.message) }
        }
        #expect(gaveUp?.0 == .notPublished, "\(String(describing: gaveUp))")
        #expect(gaveUp?.1.contains("entry 1 is still not in the published tree of size 1") == true, "\(String(describing: gaveUp))")
        #expect(gaveUp?.1.contains("after waiting 1 s") == true, "\(String(describing: gaveUp))")
        #expect(clock.sleeps == 4 && clock.sleeping == 0)
        await scene.stop()
    }

    /// A bundle built from submit's answer carries the log-only checkpoint; refreshed after more
    /// entries and a cosigned checkpoint it carries that one and a path to it. Evidence entries
    /// make it a v2 bundle with their paths and the witnessed checkpoints covering them, which a
    /// refresh carries forward; a statement the log does not hold is `notFound`.
    @Test func buildsFromTheAnswerRefreshesAndAddsEvidence() async throws {
        let scene = try await Scene.start()
        let (evidence, evidenceAnswer) = try await scene.submit("evidence")
        await scene.log.service.witnessNow()
        let (statement, answer) = try await scene.submit("receipt")
        let key = scene.key.verifierKey

        let logOnly = try BundleFetcher.bundle(answer: answer, statement: statement.leaf, key: key)
        #expect(logOnly.index == answer.index && logOnly.checkpoint.treeSize == answer.treeSize)
        #expect(!logOnly.note.signatures.contains { $0.name == scene.witness.key.name })
        let wrong = await Self.code { () throws(LogClientError) in
            _ = try BundleFetcher.bundle(answer: answer, statement: evidence.leaf, key: key)
        }
        #expect(wrong?.0 == .verificationFailed && wrong?.1.contains("is for leaf hash") == true, "\(String(describing: wrong))")

        try await scene.log.register(["later-0", "later-1"], issuer: scene.issuer)
        await scene.log.service.witnessNow()
        let fetcher = BundleFetcher(client: scene.client, key: key)
        let refreshed = try await fetcher.refresh(logOnly)
        #expect(refreshed.checkpoint.treeSize == 4 && refreshed.index == answer.index && refreshed.statement == statement.leaf)
        #expect(refreshed.note.signatures.contains { $0.name == scene.witness.key.name })
        #expect(refreshed.coseReceipt == logOnly.coseReceipt)
        try refreshed.checkInclusion()

        let v2 = try await fetcher.addingEvidence(statements: [evidence.leaf], to: refreshed)
        #expect(v2.headerLine == ReceiptBundle.headerV2)
        #expect(v2.entries.map(\.index) == [evidenceAnswer.index] && v2.entries[0].statement == evidence.leaf)
        #expect(v2.entries.allSatisfy { $0.isIncluded(treeSize: v2.checkpoint.treeSize, rootHash: v2.checkpoint.rootHash) })
        #expect(!v2.witnessed.isEmpty && v2.witnessed.allSatisfy { $0.isConsistent(with: v2.checkpoint) })
        #expect(v2.witnessed.allSatisfy { $0.checkpoint.treeSize > evidenceAnswer.index })

        try await scene.log.register(["latest"], issuer: scene.issuer)
        await scene.log.service.witnessNow()
        let again = try await fetcher.refresh(v2)
        #expect(again.checkpoint.treeSize == 5 && again.entries.map(\.statement) == [evidence.leaf])
        #expect(again.witnessed.map(\.note) == v2.witnessed.map(\.note))
        #expect(again.witnessed.allSatisfy { $0.isConsistent(with: again.checkpoint) })

        let unknown = await Self.code { () throws(LogClientError) in
            _ = try await fetcher.addingEvidence(statements: [Array("never logged".utf8)], to: refreshed)
        }
        #expect(unknown?.0 == .notFound, "\(String(describing: unknown))")
        await scene.stop()
    }

    /// A log with the same key and origin but another history: refreshing against it is
    /// `inconsistent`, since its tiles cannot prove its checkpoint extends the bundle's.
    @Test func refreshAgainstAnotherHistoryIsRefused() async throws {
        let scene = try await Scene.start()
        let (statement, answer) = try await scene.submit("receipt")
        let bundle = try BundleFetcher.bundle(answer: answer, statement: statement.leaf, key: scene.key.verifierKey)
        var policy = try WitnessingPolicy(file: Array("witness w \(scene.witness.key.encoded) http://127.0.0.1:1\nquorum 1\n".utf8))
        policy.failOpen = true
        let fork = try await ServedLog.start(
            key: scene.key, issuer: scene.issuer, policy: policy, transport: HTTPWitnessTransport(),
            registering: ["forked-0", "forked-1", "forked-2"])
        let refused = await Self.code { () throws(LogClientError) in
            _ = try await BundleFetcher(client: try LogClient(baseURL: fork.url), key: scene.key.verifierKey).refresh(bundle)
        }
        #expect(refused?.0 == .inconsistent && refused?.1.contains("not consistent") == true, "\(String(describing: refused))")
        fork.task.cancel()
        _ = await fork.task.result
        await fork.service.shutdown()
        await scene.stop()
    }
}
